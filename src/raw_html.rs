//! Raw HTML from content (the HTML tables and bookmarks of older articles), rewritten in one
//! lol_html pass before pages sanitize it: the one place that finds its links (for the link
//! rules of `qa` and the pages alike), gives its ids the page's unique ones, and renames the
//! elements HTML no longer has to the ones that mean the same.

use std::borrow::Cow;

/// What [`rewrite`] does with one link of raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkEdit {
    /// Leave it as it is.
    Keep,
    /// Point it at this URL.
    Href(String),
    /// Take its `href` away and give it these attributes (name, value) instead.
    Unlink(Vec<(&'static str, String)>),
}

/// What a page does with the raw HTML it shows.
pub struct PageEdits<'e> {
    /// The edit of each `<a href>`, given the `href` with its entities decoded (`&amp;` is `&`).
    pub link: &'e mut dyn FnMut(&str) -> LinkEdit,
    /// The id the page gives an element whose content asks for `id` (a bookmark
    /// `<a name="x">` asks for `x`): the page's ids stay unique.
    pub id: &'e mut dyn FnMut(&str) -> String,
}

/// Obsolete elements and the element that means the same (`center` is a block; the rest are
/// phrases). Other obsolete elements (`font`, `big`) are not allowed by the sanitizer, which
/// keeps their text.
const RENAMED: &[(&str, &str)] = &[
    ("acronym", "abbr"),
    ("center", "div"),
    ("strike", "s"),
    ("tt", "code"),
];

/// The `href` of each `<a>` in `html`, in document order, entities decoded.
pub fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    if has(html, &["href"]) {
        let mut link = |href: &str| {
            found.push(href.to_string());
            LinkEdit::Keep
        };
        let mut id = |id: &str| id.to_string();
        rewrite(
            html,
            PageEdits {
                link: &mut link,
                id: &mut id,
            },
        );
    }
    found
}

/// `html` with `edits` applied to its links and ids and its obsolete elements renamed
/// (`acronym`, `center`, `strike`, `tt`); borrowed when nothing changed. The result is still
/// content: pages sanitize it afterwards.
pub fn rewrite<'h>(html: &'h str, edits: PageEdits<'_>) -> Cow<'h, str> {
    use lol_html::{RewriteStrSettings, element, rewrite_str};
    if !has(
        html,
        &["href", "id", "name", "acronym", "center", "strike", "tt"],
    ) {
        return Cow::Borrowed(html);
    }
    let attribute = |value: &str| html_escape::encode_double_quoted_attribute(value).into_owned();
    let PageEdits { link, id } = edits;
    let edited = std::cell::Cell::new(false);
    let links = element!("a[href]", |el| {
        let raw = el.get_attribute("href").unwrap_or_default();
        match link(&html_escape::decode_html_entities(&raw)) {
            LinkEdit::Keep => {}
            LinkEdit::Href(href) => {
                el.set_attribute("href", &attribute(&href))?;
                edited.set(true);
            }
            LinkEdit::Unlink(attributes) => {
                el.remove_attribute("href");
                for (name, value) in attributes {
                    el.set_attribute(name, &attribute(&value))?;
                }
                edited.set(true);
            }
        }
        Ok(())
    });
    let ids = element!("[id], a[name]", |el| {
        // the sanitizer drops `name`: a bookmark's name becomes its id, so links to it work
        let asked = el.get_attribute("id").or_else(|| el.get_attribute("name"));
        let asked = html_escape::decode_html_entities(asked.as_deref().unwrap_or_default())
            .trim()
            .to_string();
        el.remove_attribute("name");
        if asked.is_empty() {
            el.remove_attribute("id");
        } else {
            let given = id(&asked);
            el.set_attribute("id", &attribute(&given))?;
        }
        edited.set(true);
        Ok(())
    });
    let renamed = element!("acronym, center, strike, tt", |el| {
        let name = el.tag_name();
        if let Some((_, modern)) = RENAMED.iter().find(|(old, _)| *old == name) {
            el.set_tag_name(modern)?;
            edited.set(true);
        }
        Ok(())
    });
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(links)
        .append_element_content_handler(ids)
        .append_element_content_handler(renamed);
    // lol_html takes any input; should it refuse one, the sanitizer still cleans what it holds
    match rewrite_str(html, settings) {
        Ok(rewritten) if edited.get() => Cow::Owned(rewritten),
        _ => Cow::Borrowed(html),
    }
}

/// Whether `html` holds any of `words` (ASCII, any case): a cheap test before a parse.
fn has(html: &str, words: &[&str]) -> bool {
    let bytes = html.as_bytes();
    words.iter().any(|word| {
        bytes
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(html: &str, taken: &[&str]) -> String {
        let mut names = crate::unique::UniqueNames::default();
        for name in taken {
            names.claim(name, "-");
        }
        let mut link = |href: &str| match href {
            "a.md" => LinkEdit::Href("a.html".into()),
            "gone.md" => LinkEdit::Unlink(vec![("class", "link-unavailable".into())]),
            _ => LinkEdit::Keep,
        };
        let mut id = |asked: &str| names.claim(asked, "-");
        rewrite(
            html,
            PageEdits {
                link: &mut link,
                id: &mut id,
            },
        )
        .into_owned()
    }

    #[test]
    fn links_are_resolved_and_listed_in_order() {
        assert_eq!(
            page(r#"<a href="a.md">A</a> <a href="gone.md">B</a>"#, &[]),
            r#"<a href="a.html">A</a> <a class="link-unavailable">B</a>"#
        );
        assert_eq!(
            links(r#"<td><a href="a.md?x=1&amp;y=2">A</a><a href='b.md'>B</a></td>"#),
            ["a.md?x=1&y=2", "b.md"]
        );
        assert!(links("<b>no links</b>").is_empty());
    }

    #[test]
    fn ids_stay_unique_and_bookmarks_become_ids() {
        assert_eq!(
            page(
                r#"<span id="setup">x</span><span id="dup">y</span><span id="dup">z</span>"#,
                &["setup"]
            ),
            r#"<span id="setup-2">x</span><span id="dup">y</span><span id="dup-2">z</span>"#
        );
        assert_eq!(
            page(r#"<a name="intro"></a><a name="">x</a>"#, &[]),
            r#"<a id="intro"></a><a>x</a>"#
        );
    }

    #[test]
    fn obsolete_elements_become_their_modern_kin() {
        assert_eq!(
            page(
                "<center>Waarde</center> <tt>cmd</tt> <strike>old</strike> <acronym>IIS</acronym>",
                &[]
            ),
            "<div>Waarde</div> <code>cmd</code> <s>old</s> <abbr>IIS</abbr>"
        );
        // nothing to change: the same text, not a copy
        assert!(matches!(
            rewrite(
                "<b>bold</b>",
                PageEdits {
                    link: &mut |_| LinkEdit::Keep,
                    id: &mut |id| id.to_string()
                }
            ),
            Cow::Borrowed(_)
        ));
    }
}
