//! Raw HTML from content (the HTML tables, images and bookmarks of older articles), rewritten
//! in one lol_html pass: the one place that finds its links and images (for the link rules of
//! `qa`, the images a build publishes, the pages and included files alike), gives its ids the
//! page's unique ones, and renames the elements HTML no longer has to the ones that mean the
//! same. Pages sanitize the result.

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

/// The edit of one `<img src>`: given the `src` decoded, the new one, or `None` to keep it.
pub type ImageEdit<'e> = &'e mut dyn FnMut(&str) -> Option<String>;

/// What to do to raw HTML; what is `None` is left as it is.
#[derive(Default)]
pub struct Edits<'e> {
    /// The edit of each `<a href>`, given the `href` with its entities decoded (`&amp;` is `&`).
    pub link: Option<&'e mut dyn FnMut(&str) -> LinkEdit>,
    /// The edit of each `<img src>`.
    pub image: Option<ImageEdit<'e>>,
    /// The id the page gives an element whose content asks for `id` (a bookmark
    /// `<a name="x">` asks for `x`): the page's ids stay unique.
    pub id: Option<&'e mut dyn FnMut(&str) -> String>,
    /// Rename obsolete elements ([`RENAMED`]).
    pub modernize: bool,
}

/// Obsolete elements and the element that means the same (`center` is a block; the rest are
/// phrases). Other obsolete elements (`font`, `big`) are not allowed by the sanitizer, which
/// keeps their text.
pub const RENAMED: &[(&str, &str)] = &[
    ("acronym", "abbr"),
    ("center", "div"),
    ("strike", "s"),
    ("tt", "code"),
];

/// What `html` points to, in document order, entities decoded: the `href` of each `<a>` and the
/// `src` of each `<img>`, found in one pass.
pub fn references(html: &str) -> (Vec<String>, Vec<String>) {
    let (mut links, mut images) = (Vec::new(), Vec::new());
    let mut link = |href: &str| {
        links.push(href.to_string());
        LinkEdit::Keep
    };
    let mut image = |src: &str| {
        images.push(src.to_string());
        None
    };
    rewrite(
        html,
        Edits {
            link: Some(&mut link),
            image: Some(&mut image),
            ..Edits::default()
        },
    );
    (links, images)
}

/// `html` with `edits` applied; borrowed when nothing changed.
pub fn rewrite<'h>(html: &'h str, edits: Edits<'_>) -> Cow<'h, str> {
    use lol_html::{RewriteStrSettings, element, rewrite_str};
    let Edits {
        link,
        image,
        id,
        modernize,
    } = edits;
    let mut words: Vec<&str> = Vec::new();
    if link.is_some() {
        words.push("href");
    }
    if image.is_some() {
        words.push("src");
    }
    if id.is_some() {
        words.extend(["id", "name"]);
    }
    if modernize {
        words.extend(RENAMED.iter().map(|(old, _)| *old));
    }
    if !has(html, &words) {
        return Cow::Borrowed(html);
    }
    let attribute = |value: &str| html_escape::encode_double_quoted_attribute(value).into_owned();
    let decoded = |value: Option<String>| {
        html_escape::decode_html_entities(value.as_deref().unwrap_or_default()).into_owned()
    };
    let edited = std::cell::Cell::new(false);
    let mut settings = RewriteStrSettings::new();
    if let Some(link) = link {
        settings = settings.append_element_content_handler(element!("a[href]", |el| {
            match link(&decoded(el.get_attribute("href"))) {
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
        }));
    }
    if let Some(image) = image {
        settings = settings.append_element_content_handler(element!("img[src]", |el| {
            if let Some(src) = image(&decoded(el.get_attribute("src"))) {
                el.set_attribute("src", &attribute(&src))?;
                edited.set(true);
            }
            Ok(())
        }));
    }
    if let Some(id) = id {
        settings = settings.append_element_content_handler(element!("[id], a[name]", |el| {
            // the sanitizer drops `name`: a bookmark's name becomes its id, so links to it work
            let asked = decoded(el.get_attribute("id").or_else(|| el.get_attribute("name")));
            let asked = asked.trim();
            el.remove_attribute("name");
            if asked.is_empty() {
                el.remove_attribute("id");
            } else {
                el.set_attribute("id", &attribute(&id(asked)))?;
            }
            edited.set(true);
            Ok(())
        }));
    }
    if modernize {
        settings = settings.append_element_content_handler(element!(
            "acronym, center, strike, tt",
            |el| {
                let name = el.tag_name();
                if let Some((_, modern)) = RENAMED.iter().find(|(old, _)| *old == name) {
                    el.set_tag_name(modern)?;
                    edited.set(true);
                }
                Ok(())
            }
        ));
    }
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
            Edits {
                link: Some(&mut link),
                id: Some(&mut id),
                modernize: true,
                ..Edits::default()
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
            references(r#"<td><a href="a.md?x=1&amp;y=2">A</a><a href='b.md'>B</a></td>"#).0,
            ["a.md?x=1&y=2", "b.md"]
        );
        assert_eq!(references("<b>no links</b>"), (vec![], vec![]));
        assert_eq!(
            references(
                r#"<td><img src="media/a.png?v=1&amp;w=2"><img alt="x"><IMG SRC='b.png'></td>"#
            )
            .1,
            ["media/a.png?v=1&w=2", "b.png"]
        );
        let mut moved = |src: &str| Some(format!("../includes/{src}"));
        let mut href = |href: &str| LinkEdit::Href(format!("../includes/{href}"));
        assert_eq!(
            rewrite(
                r#"<a href="x.md"><img src="i.png"></a>"#,
                Edits {
                    link: Some(&mut href),
                    image: Some(&mut moved),
                    ..Edits::default()
                }
            ),
            r#"<a href="../includes/x.md"><img src="../includes/i.png"></a>"#
        );
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
                Edits {
                    modernize: true,
                    ..Edits::default()
                }
            ),
            Cow::Borrowed(_)
        ));
    }
}
