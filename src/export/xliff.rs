//! XLIFF 2.0 (OASIS core): one document per target locale, one `file` per article, one `unit`
//! per segment with its `source` and `target`.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, Event};

use super::{SOURCE_LANG, Unit};

/// An XML NMTOKEN from a segment id (letters, digits, `.`, `-`, `_`, `:` kept).
fn nmtoken(id: &str) -> String {
    let token: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || ".-_:".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if token.is_empty() {
        "_".to_string()
    } else {
        token
    }
}

/// Writes the units that have a `locale` translation as an XLIFF 2.0 document.
pub fn write(units: &[Unit], locale: &str) -> String {
    let result = (|| {
        let mut w = XliffWriter::start(Vec::new(), locale)?;
        w.units(units)?;
        w.finish()
    })();
    String::from_utf8(result.expect("writing to memory does not fail"))
        .expect("UTF-8 in, UTF-8 out")
}

/// An XLIFF 2.0 document written batch by batch; a batch holds whole articles (one `file`
/// each), in article order.
pub struct XliffWriter<W: std::io::Write> {
    w: Writer<W>,
    locale: String,
    files: usize,
}

impl<W: std::io::Write> XliffWriter<W> {
    /// Writes the declaration and opens the `xliff` element.
    pub fn start(inner: W, locale: &str) -> std::io::Result<XliffWriter<W>> {
        let mut w = Writer::new_with_indent(inner, b' ', 1);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let mut root = BytesStart::new("xliff");
        root.push_attribute(("xmlns", "urn:oasis:names:tc:xliff:document:2.0"));
        root.push_attribute(("version", "2.0"));
        root.push_attribute(("srcLang", SOURCE_LANG));
        root.push_attribute(("trgLang", locale));
        w.write_event(Event::Start(root))?;
        Ok(XliffWriter {
            w,
            locale: locale.to_string(),
            files: 0,
        })
    }

    /// Writes the units that have a translation in the document's locale, a `file` per article.
    pub fn units(&mut self, units: &[Unit]) -> std::io::Result<()> {
        let locale = self.locale.as_str();
        let w = &mut self.w;
        let mut by_slug: Vec<(&str, Vec<&Unit>)> = Vec::new();
        for unit in units.iter().filter(|u| u.translations.contains_key(locale)) {
            match by_slug.last_mut() {
                Some((slug, list)) if *slug == unit.slug => list.push(unit),
                _ => by_slug.push((unit.slug.as_str(), vec![unit])),
            }
        }
        for (slug, units) in &by_slug {
            self.files += 1;
            let mut file = BytesStart::new("file");
            let id = format!("f{}", self.files);
            file.push_attribute(("id", id.as_str()));
            file.push_attribute(("original", *slug));
            w.write_event(Event::Start(file))?;
            let mut seen = crate::unique::UniqueNames::default();
            for unit in units {
                let translation = &unit.translations[locale];
                let id = seen.claim(&nmtoken(&translation.id), "_");
                let mut element = BytesStart::new("unit");
                element.push_attribute(("id", id.as_str()));
                w.write_event(Event::Start(element))?;
                w.write_event(Event::Start(BytesStart::new("segment")))?;
                for (name, text) in [
                    ("source", unit.source.as_str()),
                    ("target", translation.text.as_str()),
                ] {
                    let mut start = BytesStart::new(name);
                    // keep leading/trailing spaces of segments
                    start.push_attribute(("xml:space", "preserve"));
                    w.write_event(Event::Start(start))?;
                    w.write_event(Event::Text(super::tmx::escaped(text)))?;
                    w.write_event(Event::End(BytesEnd::new(name)))?;
                }
                w.write_event(Event::End(BytesEnd::new("segment")))?;
                w.write_event(Event::End(BytesEnd::new("unit")))?;
            }
            w.write_event(Event::End(BytesEnd::new("file")))?;
        }
        Ok(())
    }

    /// Closes the document and gives back the inner writer.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.w.write_event(Event::End(BytesEnd::new("xliff")))?;
        let mut inner = self.w.into_inner();
        inner.write_all(b"\n")?;
        Ok(inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_nmtokens() {
        assert_eq!(nmtoken("b2c2d-p104"), "b2c2d-p104");
        assert_eq!(nmtoken("a b/c"), "a_b_c");
    }
}
