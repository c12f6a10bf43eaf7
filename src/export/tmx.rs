//! TMX 1.4b: one `tu` per aligned unit, `tuid` = the segment id, one `tuv` per language.
//!
//! Props: on the `tu`, `x-file` (slug), `x-segment` (number) and `x-source-commit`; on each
//! translated `tuv`, `x-segment-id` and `x-translation-type` (HT/MT).

use std::collections::BTreeMap;

use quick_xml::Reader;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::{SOURCE_LANG, Unit};

fn text_element<W: std::io::Write>(
    w: &mut Writer<W>,
    name: &str,
    attrs: &[(&str, &str)],
    text: &str,
) -> std::io::Result<()> {
    let mut start = BytesStart::new(name);
    for (k, v) in attrs {
        start.push_attribute((*k, *v));
    }
    w.write_event(Event::Start(start))?;
    w.write_event(Event::Text(escaped(text)))?;
    w.write_event(Event::End(BytesEnd::new(name)))
}

/// Escaped XML text that keeps carriage returns (XML parsers turn a raw CR LF into LF).
pub(super) fn escaped(text: &str) -> BytesText<'static> {
    // one pass: XML's five escapes, CR kept as a reference, characters XML forbids as U+FFFD
    // (what `xml_text` does), so 70 MB of memory costs no intermediate copies
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    // runs of characters that need nothing are copied whole, not a character at a time
    let mut kept = 0;
    for (at, c) in text.char_indices() {
        let replacement = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&apos;",
            '\r' => "&#13;",
            '\t' | '\n' => continue,
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => "\u{FFFD}",
            _ => continue,
        };
        out.push_str(&text[kept..at]);
        out.push_str(replacement);
        kept = at + c.len_utf8();
    }
    out.push_str(&text[kept..]);
    BytesText::from_escaped(out)
}

/// Writes `units` as a TMX 1.4b document.
pub fn write(units: &[Unit]) -> String {
    let result = (|| {
        let mut w = TmxWriter::start(Vec::new())?;
        w.units(units)?;
        w.finish()
    })();
    String::from_utf8(result.expect("writing to memory does not fail"))
        .expect("UTF-8 in, UTF-8 out")
}

/// A TMX 1.4b document written unit by unit (memory holds one batch of units, not the corpus).
pub struct TmxWriter<W: std::io::Write> {
    w: Writer<W>,
}

impl<W: std::io::Write> TmxWriter<W> {
    /// Writes the declaration, the header and opens the body.
    pub fn start(inner: W) -> std::io::Result<TmxWriter<W>> {
        let mut w = Writer::new_with_indent(inner, b' ', 1);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let mut tmx = BytesStart::new("tmx");
        tmx.push_attribute(("version", "1.4"));
        w.write_event(Event::Start(tmx))?;
        let mut header = BytesStart::new("header");
        for (k, v) in [
            ("creationtool", "kbgen"),
            ("creationtoolversion", env!("CARGO_PKG_VERSION")),
            ("segtype", "sentence"),
            ("o-tmf", "kbgen-sxs"),
            ("adminlang", SOURCE_LANG),
            ("srclang", SOURCE_LANG),
            ("datatype", "plaintext"),
        ] {
            header.push_attribute((k, v));
        }
        w.write_event(Event::Empty(header))?;
        w.write_event(Event::Start(BytesStart::new("body")))?;
        Ok(TmxWriter { w })
    }

    /// Writes one `tu` per unit.
    pub fn units(&mut self, units: &[Unit]) -> std::io::Result<()> {
        let w = &mut self.w;
        for unit in units {
            let mut tu = BytesStart::new("tu");
            tu.push_attribute(("tuid", unit.id()));
            w.write_event(Event::Start(tu))?;
            text_element(w, "prop", &[("type", "x-file")], &unit.slug)?;
            text_element(w, "prop", &[("type", "x-segment")], &unit.number)?;
            if let Some(commit) = &unit.source_commit {
                text_element(w, "prop", &[("type", "x-source-commit")], commit)?;
            }
            let mut tuv = BytesStart::new("tuv");
            tuv.push_attribute(("xml:lang", SOURCE_LANG));
            w.write_event(Event::Start(tuv))?;
            text_element(w, "seg", &[], &unit.source)?;
            w.write_event(Event::End(BytesEnd::new("tuv")))?;
            for (locale, translation) in &unit.translations {
                let mut tuv = BytesStart::new("tuv");
                tuv.push_attribute(("xml:lang", locale.as_str()));
                w.write_event(Event::Start(tuv))?;
                text_element(w, "prop", &[("type", "x-segment-id")], &translation.id)?;
                if let Some(kind) = &translation.translation_type {
                    text_element(w, "prop", &[("type", "x-translation-type")], kind)?;
                }
                text_element(w, "seg", &[], &translation.text)?;
                w.write_event(Event::End(BytesEnd::new("tuv")))?;
            }
            w.write_event(Event::End(BytesEnd::new("tu")))?;
        }
        Ok(())
    }

    /// Closes the document and gives back the inner writer.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.w.write_event(Event::End(BytesEnd::new("body")))?;
        self.w.write_event(Event::End(BytesEnd::new("tmx")))?;
        let mut inner = self.w.into_inner();
        inner.write_all(b"\n")?;
        Ok(inner)
    }
}

/// A `tu` read back: its id and its segments by language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadUnit {
    /// `tuid`.
    pub id: String,
    /// Segment text by `xml:lang`.
    pub segments: BTreeMap<String, String>,
}

/// Reads the units of a TMX document (import check).
pub fn read(text: &str) -> Result<Vec<ReadUnit>, String> {
    let mut reader = Reader::from_str(text);
    let mut units = Vec::new();
    let mut current: Option<ReadUnit> = None;
    let mut lang: Option<String> = None;
    let mut in_seg = false;
    let mut seg = String::new();
    loop {
        match reader
            .read_event()
            .map_err(|e| format!("TMX at byte {}: {e}", reader.buffer_position()))?
        {
            Event::Start(start) => match start.name().as_ref() {
                "tu" => {
                    let id = attribute(&start, "tuid").unwrap_or_default();
                    current = Some(ReadUnit {
                        id,
                        segments: BTreeMap::new(),
                    });
                }
                "tuv" => lang = attribute(&start, "xml:lang"),
                "seg" => {
                    in_seg = true;
                    seg.clear();
                }
                _ => {}
            },
            Event::Text(t) if in_seg => {
                let decoded = t.xml10_content();
                seg.push_str(&quick_xml::escape::unescape(&decoded).map_err(|e| e.to_string())?);
            }
            Event::GeneralRef(r) if in_seg => {
                let name = r.xml10_content();
                let entity = format!("&{name};");
                seg.push_str(&quick_xml::escape::unescape(&entity).map_err(|e| e.to_string())?);
            }
            Event::End(end) => match end.name().as_ref() {
                "seg" => {
                    in_seg = false;
                    if let (Some(unit), Some(lang)) = (current.as_mut(), lang.clone()) {
                        unit.segments.insert(lang, seg.clone());
                    }
                }
                "tu" => units.extend(current.take()),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(units)
}

fn attribute(start: &BytesStart<'_>, name: &str) -> Option<String> {
    start
        .attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::Translation;

    #[test]
    fn round_trip_keeps_markup_and_escapes() {
        let unit = Unit {
            slug: "a/b".into(),
            number: "104".into(),
            source:
                "[Reset](https://x.example/?a=1&b=2) **now** <placeholder> \\> \"q\"\r\nline two"
                    .into(),
            source_commit: Some("abc".into()),
            translations: BTreeMap::from([(
                "nl-NL".to_string(),
                Translation {
                    id: "b2c2d-104".into(),
                    text: "[Stel in](https://x.example/?a=1&b=2) **nu** & <x> \u{1}".into(),
                    translation_type: Some("MT".into()),
                    file: "f".into(),
                },
            )]),
        };
        let xml = write(std::slice::from_ref(&unit));
        assert!(xml.contains("<tu tuid=\"b2c2d-104\">"));
        let read_back = read(&xml).unwrap();
        assert_eq!(read_back.len(), 1);
        assert_eq!(read_back[0].segments["en-US"], unit.source);
        assert_eq!(
            read_back[0].segments["nl-NL"],
            "[Stel in](https://x.example/?a=1&b=2) **nu** & <x> \u{FFFD}"
        );
    }

    #[test]
    fn escaped_copies_runs_and_replaces_each_special_character() {
        let text = "ä&b<c>d\"e'f\rg\th\ni\u{1}j\u{FFFE}k日本";
        let out = escaped(text);
        assert_eq!(
            &*out,
            "ä&amp;b&lt;c&gt;d&quot;e&apos;f&#13;g\th\ni\u{FFFD}j\u{FFFD}k日本"
        );
        assert_eq!(&*escaped(""), "");
    }
}
