//! Bare web addresses in text as links (`https://…`, `http://…`, `www.…`), as DocFX's Markdig
//! shows them (its AutoLinks extension); pulldown-cmark only links `<https://…>`. Where an
//! address ends (trailing punctuation, brackets) is linkify's call.

use std::sync::LazyLock;

use super::Inline;

static FINDER: LazyLock<linkify::LinkFinder> = LazyLock::new(|| {
    let mut finder = linkify::LinkFinder::new();
    finder.kinds(&[linkify::LinkKind::Url]);
    finder.url_must_have_scheme(false);
    finder
});

/// The URL a bare address found in text links to, or `None` when DocFX would not link it
/// (`example.org` without `www.`, other schemes).
fn target(found: &str) -> Option<String> {
    let lower = found.get(..8).unwrap_or(found).to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        Some(found.to_string())
    } else if lower.starts_with("www.") {
        Some(format!("https://{found}"))
    } else {
        None
    }
}

/// `inlines` with the bare addresses in their text made links; text inside links (markdown or
/// raw HTML `<a>`) and code stays as it is.
pub fn link_addresses(inlines: Vec<Inline>) -> Vec<Inline> {
    if !super::any_text(&inlines, &might_hold_address) {
        return inlines;
    }
    let mut out = Vec::with_capacity(inlines.len());
    let mut in_raw_link = false;
    for inline in inlines {
        match inline {
            Inline::Text { text } if !in_raw_link && might_hold_address(&text) => {
                split(text, &mut out);
            }
            Inline::Html { html } => {
                let tag = html.trim_start().to_ascii_lowercase();
                if tag.starts_with("<a ") || tag.starts_with("<a>") {
                    in_raw_link = !tag.contains("</a");
                } else if tag.starts_with("</a") {
                    in_raw_link = false;
                }
                out.push(Inline::Html { html });
            }
            Inline::Emphasis { children } => out.push(Inline::Emphasis {
                children: inside(children, in_raw_link),
            }),
            Inline::Strong { children } => out.push(Inline::Strong {
                children: inside(children, in_raw_link),
            }),
            Inline::Strikethrough { children } => out.push(Inline::Strikethrough {
                children: inside(children, in_raw_link),
            }),
            other => out.push(other),
        }
    }
    out
}

fn inside(children: Vec<Inline>, in_raw_link: bool) -> Vec<Inline> {
    if in_raw_link {
        children
    } else {
        link_addresses(children)
    }
}

/// A cheap test before the finder runs: an address has a `://` or starts with `www.`.
fn might_hold_address(text: &str) -> bool {
    text.contains("://")
        || text
            .as_bytes()
            .windows(4)
            .any(|w| w.eq_ignore_ascii_case(b"www."))
}

/// Pushes `text` as text and links.
fn split(text: String, out: &mut Vec<Inline>) {
    let mut at = 0;
    for found in FINDER.links(&text) {
        let Some(url) = target(found.as_str()) else {
            continue;
        };
        // an address glued to a word before it (`xhttps://`) is not one
        if text[..found.start()]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        if found.start() > at {
            out.push(Inline::Text {
                text: text[at..found.start()].to_string(),
            });
        }
        out.push(Inline::Link {
            url,
            title: String::new(),
            children: vec![Inline::Text {
                text: found.as_str().to_string(),
            }],
        });
        at = found.end();
    }
    if at == 0 {
        out.push(Inline::Text { text });
    } else if at < text.len() {
        out.push(Inline::Text {
            text: text[at..].to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plain_text;

    fn text(t: &str) -> Inline {
        Inline::Text { text: t.into() }
    }

    fn urls(inlines: &[Inline]) -> Vec<String> {
        let mut found = Vec::new();
        for inline in inlines {
            match inline {
                Inline::Link { url, .. } => found.push(url.clone()),
                Inline::Strong { children } | Inline::Emphasis { children } => {
                    found.extend(urls(children))
                }
                _ => {}
            }
        }
        found
    }

    #[test]
    fn bare_addresses_become_links_and_the_text_stays_whole() {
        let input = vec![text(
            "Zie https://example.com/docs. Of ga naar www.contoso.com, (http://a.example/x_(y)) of example.org.",
        )];
        let linked = link_addresses(input.clone());
        assert_eq!(
            urls(&linked),
            [
                "https://example.com/docs",
                "https://www.contoso.com",
                "http://a.example/x_(y)"
            ]
        );
        assert_eq!(plain_text(&linked), plain_text(&input));
    }

    proptest::proptest! {
        #[test]
        fn linking_keeps_the_text_and_links_only_web_addresses(
            words in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::string::string_regex("[a-zA-Z0-9 .,()/:_-]{0,12}").unwrap(),
                    proptest::string::string_regex("(https?://|www\\.|HTTP://)[a-z0-9./()?#=_-]{0,16}")
                        .unwrap(),
                    proptest::string::string_regex("[\\PC]{0,6}").unwrap(),
                ],
                0..8,
            )
        ) {
            let input = vec![text(&words.concat())];
            let linked = link_addresses(input.clone());
            proptest::prop_assert_eq!(plain_text(&linked), plain_text(&input));
            for url in urls(&linked) {
                let lower = url.to_ascii_lowercase();
                proptest::prop_assert!(
                    lower.starts_with("https://") || lower.starts_with("http://"),
                    "{}", url
                );
            }
        }
    }

    #[test]
    fn text_in_links_code_and_raw_anchors_is_left_alone() {
        let input = vec![
            Inline::Link {
                url: "https://x.example".into(),
                title: String::new(),
                children: vec![text("https://x.example")],
            },
            Inline::Code {
                text: "curl https://y.example".into(),
            },
            Inline::Html {
                html: "<a href=\"https://z.example\">".into(),
            },
            text("https://z.example"),
            Inline::Html {
                html: "</a>".into(),
            },
            Inline::Strong {
                children: vec![text("see www.w.example")],
            },
            text("nothttps://q.example ftp://files.example"),
        ];
        let linked = link_addresses(input);
        assert_eq!(
            urls(&linked),
            ["https://x.example", "https://www.w.example"]
        );
    }
}
