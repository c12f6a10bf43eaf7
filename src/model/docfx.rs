//! Step 2 of the model: DocFX extensions recognised on parsed blocks.
//!
//! - `> [!NOTE]` … `[!CAUTION]` (any case): callouts (pulldown-cmark's GFM alerts, plus a
//!   fallback for markers it leaves as text);
//! - `> [!VIDEO url]`, `[!VIDEO url]` and a paragraph that is one `[VIDEO: title](url)` link:
//!   videos;
//! - `[!INCLUDE [title](path)]` (any case, with or without the space) on a line of its own:
//!   includes, resolved by the caller's resolver; inside text (`In [!INCLUDE[ssNoVersion](…)],
//!   …`, headings and table cells too): the included file's text in its place;
//! - `[!code-LANG[name](path)]` lines and `:::code source="…":::`: code samples from files
//!   (named, not read);
//! - `:::image … alt-text="…":::`: images; `[!div class="…"]`: divs (the lines after a
//!   `[!div]`, `[!VIDEO]` or `[!INCLUDE]` line in the same paragraph stay content);
//! - `::: zone pivot=…`, `::: moniker range=…`, `:::row:::`, `:::column:::` … and tab headings
//!   (`# [Windows](#tab/windows)`): markers.

use super::parse::attribute;
use super::{Block, CalloutKind, Inline, ListItem, Origin, plain_text};

/// Resolves an include: `(path as written, where the marker is)` to the included blocks, or
/// `None` when it cannot be resolved (the resolver reports why).
pub type IncludeResolver<'r> = dyn FnMut(&str, &Origin) -> Option<Vec<Block>> + 'r;

/// Applies the extensions to `blocks`, recursively.
pub fn apply(blocks: Vec<Block>, resolve: &mut IncludeResolver<'_>) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        out.extend(apply_one(block, resolve));
    }
    out
}

fn apply_one(block: Block, resolve: &mut IncludeResolver<'_>) -> Vec<Block> {
    match block {
        Block::Paragraph { inlines, origin } => paragraph(inlines, origin, resolve),
        Block::Quote { blocks, origin } => quote(blocks, origin, resolve),
        Block::Callout {
            kind,
            blocks,
            origin,
        } => {
            vec![Block::Callout {
                kind,
                blocks: apply(blocks, resolve),
                origin,
            }]
        }
        Block::List {
            ordered,
            start,
            items,
            origin,
        } => {
            let items = items
                .into_iter()
                .map(|item| ListItem {
                    blocks: apply(item.blocks, resolve),
                    ..item
                })
                .collect();
            vec![Block::List {
                ordered,
                start,
                items,
                origin,
            }]
        }
        Block::Heading {
            level,
            inlines,
            origin,
        } => vec![Block::Heading {
            level,
            inlines: text_inlines(inlines, &origin, resolve),
            origin,
        }],
        Block::Table {
            header,
            rows,
            origin,
        } => {
            let mut cells = |cells: Vec<Vec<Inline>>| -> Vec<Vec<Inline>> {
                cells
                    .into_iter()
                    .map(|cell| text_inlines(cell, &origin, resolve))
                    .collect()
            };
            let header = cells(header);
            let rows = rows.into_iter().map(&mut cells).collect();
            vec![Block::Table {
                header,
                rows,
                origin,
            }]
        }
        other => vec![other],
    }
}

/// `[!NAME rest]` at the start of `text`: the name, the rest inside the brackets, and the text
/// after the closing bracket.
fn marker(text: &str) -> Option<(String, String, String)> {
    let inner = text.trim_start().strip_prefix("[!")?;
    let close = inner.find(']')?;
    let body = &inner[..close];
    let (name, rest) = body.split_once(char::is_whitespace).unwrap_or((body, ""));
    Some((
        name.to_string(),
        rest.trim().to_string(),
        inner[close + 1..].to_string(),
    ))
}

fn quote(blocks: Vec<Block>, origin: Origin, resolve: &mut IncludeResolver<'_>) -> Vec<Block> {
    let mut blocks = blocks.into_iter();
    let Some(first) = blocks.next() else {
        return vec![Block::Quote {
            blocks: Vec::new(),
            origin,
        }];
    };
    let rest: Vec<Block> = blocks.collect();
    if let Block::Paragraph {
        inlines,
        origin: first_origin,
    } = &first
    {
        let text = plain_text(inlines);
        if let Some((name, args, _)) = marker(&text) {
            if let Some(kind) = CalloutKind::parse(&name) {
                // a marker pulldown-cmark did not take as an alert: drop the marker line
                let mut body = Vec::new();
                if let Some(after) = drop_marker_line(inlines) {
                    body.push(Block::Paragraph {
                        inlines: after,
                        origin: first_origin.clone(),
                    });
                }
                body.extend(rest);
                return vec![Block::Callout {
                    kind,
                    blocks: apply(body, resolve),
                    origin,
                }];
            }
            if line_marker(&name, &args, &origin).is_some() {
                let mut out = paragraph(inlines.clone(), origin.clone(), resolve);
                out.extend(apply(rest, resolve));
                return out;
            }
        }
    }
    let mut all = vec![first];
    all.extend(rest);
    vec![Block::Quote {
        blocks: apply(all, resolve),
        origin,
    }]
}

/// The block of one `:::` line: `:::image …:::` an image, `:::code …:::` a code sample from a
/// file, anything else (`::: zone pivot=…`, `:::row:::`, `:::image-end:::`) a marker.
fn colon_block(line: &str, origin: &Origin) -> Block {
    let rest = line.trim_start_matches(':').trim_start();
    let kind: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphabetic() || *c == '-')
        .collect();
    let attrs = &rest[kind.len()..];
    match kind.as_str() {
        "image" => Block::Image {
            url: attribute(attrs, "source").unwrap_or_default(),
            alt: attribute(attrs, "alt-text").unwrap_or_default(),
            origin: origin.clone(),
        },
        "code" => {
            let source = attribute(attrs, "source").unwrap_or_default();
            // the region (`id`) or lines (`range`) shown, in the form the older syntax writes
            let path = match (attribute(attrs, "id"), attribute(attrs, "range")) {
                (Some(id), _) => format!("{source}#{id}"),
                (None, Some(range)) => format!("{source}?range={range}"),
                (None, None) => source,
            };
            Block::CodeSample {
                language: attribute(attrs, "language").unwrap_or_default(),
                name: String::new(),
                path,
                origin: origin.clone(),
            }
        }
        _ => Block::Marker {
            kind: kind.trim_end_matches("-end").to_string(),
            text: line.to_string(),
            origin: origin.clone(),
        },
    }
}

/// `[!VIDEO url]` and `[!div class="…"]`: markers that end with their line.
fn line_marker(name: &str, args: &str, origin: &Origin) -> Option<Block> {
    if name.eq_ignore_ascii_case("VIDEO") {
        return Some(Block::Video {
            url: args.to_string(),
            title: Vec::new(),
            origin: origin.clone(),
        });
    }
    name.eq_ignore_ascii_case("div").then(|| Block::Div {
        class: attribute(args, "class").unwrap_or_else(|| args.to_string()),
        origin: origin.clone(),
    })
}

/// The inlines after the first line break (the marker's line), if any remain.
fn drop_marker_line(inlines: &[Inline]) -> Option<Vec<Inline>> {
    let at = inlines.iter().position(is_break)?;
    let rest = inlines[at + 1..].to_vec();
    (!rest.is_empty()).then_some(rest)
}

/// The blocks of one paragraph, line by line: a line that is a marker (`[!INCLUDE …]`,
/// `[!div …]`, `[!VIDEO …]`, `[!code-…[…](…)]`, `:::…`) is a block of its own, and the lines of
/// text between them are a paragraph (DocFX ends these markers at their line, so
/// `> [!div class="nextstepaction"]` over `> [Next](next.md)` is a div and a link). A text
/// line ends at a `:::` line only (a complex image's long description before its
/// `:::image-end:::`). One pass over the lines, whatever their number.
fn paragraph(
    mut inlines: Vec<Inline>,
    origin: Origin,
    resolve: &mut IncludeResolver<'_>,
) -> Vec<Block> {
    let mut lines: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    for (at, inline) in inlines.iter().enumerate() {
        if is_break(inline) {
            lines.push(start..at);
            start = at + 1;
        }
    }
    lines.push(start..inlines.len());
    let colons = |line: &[Inline]| plain_text(line).trim_start().starts_with(":::");
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some(block) = line_block(&inlines[lines[i].clone()], &origin, resolve) {
            out.push(block);
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < lines.len() && !colons(&inlines[lines[end].clone()]) {
            end += 1;
        }
        // the usual paragraph, all text, is moved, not copied
        let text = if i == 0 && end == lines.len() {
            std::mem::take(&mut inlines)
        } else {
            inlines[lines[i].start..lines[end - 1].end].to_vec()
        };
        if !text.iter().all(|inline| match inline {
            Inline::Text { text } => text.trim().is_empty(),
            other => is_break(other),
        }) {
            out.push(text_paragraph(text, origin.clone(), resolve));
        }
        i = end;
    }
    out
}

/// The block of a line that is a DocFX marker on its own, if it is one.
fn line_block(
    line: &[Inline],
    origin: &Origin,
    resolve: &mut IncludeResolver<'_>,
) -> Option<Block> {
    if let Some(sample) = code_sample(line, origin) {
        return Some(sample);
    }
    if let Some((url, children)) = include_line(line) {
        let resolved = resolve(url, origin);
        return Some(Block::Include {
            title: plain_text(children),
            path: url.to_string(),
            resolved: resolved.is_some(),
            blocks: resolved.unwrap_or_default(),
            origin: origin.clone(),
        });
    }
    let text = plain_text(line);
    let text = text.trim();
    if text.starts_with(":::") {
        return Some(colon_block(text, origin));
    }
    let (name, args, _) = marker(text)?;
    line_marker(&name, &args, origin)
}

/// A paragraph of text: a video when it is one `[VIDEO: title](url)` link, else its inlines
/// with what DocFX does inside text ([`text_inlines`]).
fn text_paragraph(
    inlines: Vec<Inline>,
    origin: Origin,
    resolve: &mut IncludeResolver<'_>,
) -> Block {
    if let Some((url, title)) = video_link(&inlines) {
        return Block::Video { url, title, origin };
    }
    let inlines = text_inlines(inlines, &origin, resolve);
    Block::Paragraph { inlines, origin }
}

fn is_break(inline: &Inline) -> bool {
    matches!(inline, Inline::SoftBreak | Inline::HardBreak)
}

/// A line that is text, a link and text, as markdown reads a DocFX marker around a link
/// (`[!INCLUDE[title](path)]`, `[!code-csharp[name](path)]`): the text before, the link's URL
/// and text, the text after.
fn text_link_text(line: &[Inline]) -> Option<(&str, &str, &[Inline], &str)> {
    let [
        Inline::Text { text: open },
        Inline::Link { url, children, .. },
        Inline::Text { text: close },
    ] = line
    else {
        return None;
    };
    Some((open, url, children, close))
}

/// The `[!INCLUDE` that opens an include marker at the end of `text` (any case, spaces after
/// it allowed): the text before it.
fn include_opening(text: &str) -> Option<&str> {
    const OPEN: &str = "[!INCLUDE";
    let text = text.trim_end();
    let at = text.len().checked_sub(OPEN.len())?;
    let tail = text.get(at..)?;
    tail.eq_ignore_ascii_case(OPEN).then(|| &text[..at])
}

/// The link of an include marker that is the whole first line of a paragraph
/// (`[!INCLUDE [title](path)]`, with or without the space): its path and title.
fn include_line(inlines: &[Inline]) -> Option<(&str, &[Inline])> {
    let (open, url, children, close) = text_link_text(inlines.split(is_break).next()?)?;
    (include_opening(open)?.trim().is_empty() && close.trim() == "]").then_some((url, children))
}

/// The inlines of a paragraph, heading or table cell with what DocFX does inside text: inline
/// includes replaced ([`inline_includes`]), bare web addresses linked
/// ([`super::autolink::link_addresses`]).
pub fn text_inlines(
    inlines: Vec<Inline>,
    origin: &Origin,
    resolve: &mut IncludeResolver<'_>,
) -> Vec<Inline> {
    super::autolink::link_addresses(inline_includes(inlines, origin, resolve))
}

/// Replaces the include markers inside text (`In [!INCLUDE[ssNoVersion](../includes/x.md)], …`,
/// how SQL Server's docs write product names) by what the included file says: the inlines of
/// its paragraphs, or the marker's title when it cannot be resolved (the resolver reports why).
pub fn inline_includes(
    inlines: Vec<Inline>,
    origin: &Origin,
    resolve: &mut IncludeResolver<'_>,
) -> Vec<Inline> {
    if !super::any_text(&inlines, &|text| text.contains("[!")) {
        return inlines;
    }
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    let mut inlines = inlines.into_iter().peekable();
    while let Some(inline) = inlines.next() {
        let closes = matches!(inlines.peek(), Some(Inline::Text { text }) if text.starts_with(']'));
        let opens =
            matches!(out.last(), Some(Inline::Text { text }) if include_opening(text).is_some());
        match inline {
            Inline::Link { url, children, .. } if closes && opens => {
                if let Some(Inline::Text { text }) = out.last_mut() {
                    let before = include_opening(text).unwrap_or_default().len();
                    text.truncate(before);
                    if text.is_empty() {
                        out.pop();
                    }
                }
                let included: Vec<Inline> = resolve(&url, origin)
                    .into_iter()
                    .flatten()
                    .filter_map(|block| match block {
                        Block::Paragraph { inlines, .. } => Some(inlines),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
                    .join(&Inline::Text { text: " ".into() });
                push_inlines(
                    &mut out,
                    if included.is_empty() {
                        children
                    } else {
                        included
                    },
                );
                if let Some(Inline::Text { text }) = inlines.peek_mut() {
                    text.remove(0);
                    if text.is_empty() {
                        inlines.next();
                    }
                }
            }
            Inline::Emphasis { children } => out.push(Inline::Emphasis {
                children: inline_includes(children, origin, resolve),
            }),
            Inline::Strong { children } => out.push(Inline::Strong {
                children: inline_includes(children, origin, resolve),
            }),
            Inline::Strikethrough { children } => out.push(Inline::Strikethrough {
                children: inline_includes(children, origin, resolve),
            }),
            other => push_inlines(&mut out, vec![other]),
        }
    }
    out
}

/// Appends `more` to `out`, joining text that meets text (as the parser does).
fn push_inlines(out: &mut Vec<Inline>, more: Vec<Inline>) {
    for inline in more {
        match (out.last_mut(), inline) {
            (Some(Inline::Text { text }), Inline::Text { text: next }) => text.push_str(&next),
            (_, inline) => out.push(inline),
        }
    }
}

/// A paragraph whose every line is a DocFX code sample marker (`[!code-csharp[name](path)]`,
/// which markdown reads as text, a link and text): one [`Block::CodeSample`] per line.
fn code_sample(line: &[Inline], origin: &Origin) -> Option<Block> {
    let (open, url, children, close) = text_link_text(line)?;
    // the `[` before the name opens the link
    let language = match open.trim_start().strip_prefix("[!")? {
        "code" => "",
        marker => marker.strip_prefix("code-")?,
    };
    if close.trim_end() != "]" || language.contains(char::is_whitespace) {
        return None;
    }
    Some(Block::CodeSample {
        language: language.to_string(),
        name: plain_text(children),
        path: url.to_string(),
        origin: origin.clone(),
    })
}

/// A DocFX tab heading (`# [Windows](#tab/windows)`): its marker text, `[Windows](#tab/windows)`.
pub fn tab_heading(inlines: &[Inline]) -> Option<String> {
    let mut meaningful = inlines
        .iter()
        .filter(|i| !matches!(i, Inline::Text { text } if text.trim().is_empty()));
    let Some(Inline::Link { url, children, .. }) = meaningful.next() else {
        return None;
    };
    if meaningful.next().is_some() || !url.starts_with("#tab/") {
        return None;
    }
    Some(format!("[{}]({url})", plain_text(children)))
}

/// The label of a tab marker's text (`[Azure CLI](#tab/azure-cli)` is `Azure CLI`): what the
/// reader is told the following blocks are for.
pub fn tab_label(marker: &str) -> Option<&str> {
    let rest = marker.strip_prefix('[')?;
    let end = rest.rfind("](#tab/")?;
    Some(rest[..end].trim()).filter(|label| !label.is_empty())
}

/// A paragraph that is only a `[VIDEO: title](url)` link (whitespace around allowed).
fn video_link(inlines: &[Inline]) -> Option<(String, Vec<Inline>)> {
    let mut meaningful = inlines.iter().filter(|i| match i {
        Inline::Text { text } => !text.trim().is_empty(),
        Inline::SoftBreak | Inline::HardBreak => false,
        _ => true,
    });
    let only = meaningful.next()?;
    if meaningful.next().is_some() {
        return None;
    }
    let Inline::Link { url, children, .. } = only else {
        return None;
    };
    let text = plain_text(children);
    let rest = text
        .trim_start()
        .strip_prefix("VIDEO")?
        .trim_start()
        .strip_prefix(':')?;
    Some((
        url.clone(),
        vec![Inline::Text {
            text: rest.trim().to_string(),
        }],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Inline {
        Inline::Text {
            text: t.to_string(),
        }
    }

    fn para(inlines: Vec<Inline>) -> Block {
        Block::Paragraph {
            inlines,
            origin: Origin::default(),
        }
    }

    #[test]
    fn markers_become_blocks() {
        let mut none = |_: &str, _: &Origin| None;
        let blocks = apply(
            vec![
                Block::Quote {
                    blocks: vec![para(vec![text("[!VIDEO https://v.example/a]")])],
                    origin: Origin::default(),
                },
                para(vec![text(
                    ":::image type=\"content\" source=\"m/a.png\" alt-text=\"Het scherm\":::",
                )]),
                para(vec![text("::: zone pivot=\"a\"")]),
                Block::Quote {
                    blocks: vec![para(vec![
                        text("[!note]"),
                        Inline::SoftBreak,
                        text("Let op"),
                    ])],
                    origin: Origin::default(),
                },
                para(vec![Inline::Link {
                    url: "https://v.example/b".into(),
                    title: String::new(),
                    children: vec![text("VIDEO: Herstellen")],
                }]),
                para(vec![
                    text("[!INCLUDE "),
                    Inline::Link {
                        url: "../inc/a.md".into(),
                        title: String::new(),
                        children: vec![text("A")],
                    },
                    text("]"),
                ]),
            ],
            &mut none,
        );
        assert!(matches!(&blocks[0], Block::Video { url, .. } if url == "https://v.example/a"));
        assert!(
            matches!(&blocks[1], Block::Image { url, alt, .. } if url == "m/a.png" && alt == "Het scherm")
        );
        assert!(matches!(&blocks[2], Block::Marker { kind, .. } if kind == "zone"));
        assert!(
            matches!(&blocks[3], Block::Callout { kind: CalloutKind::Note, blocks, .. } if blocks.len() == 1)
        );
        assert!(
            matches!(&blocks[4], Block::Video { title, .. } if plain_text(title) == "Herstellen")
        );
        assert!(
            matches!(&blocks[5], Block::Include { path, resolved: false, .. } if path == "../inc/a.md")
        );
    }

    #[test]
    fn lines_after_a_line_marker_stay_content() {
        let mut inner = |_: &str, _: &Origin| Some(vec![para(vec![text("ingevoegd")])]);
        let link = |url: &str, label: &str| Inline::Link {
            url: url.into(),
            title: String::new(),
            children: vec![text(label)],
        };
        let blocks = apply(
            vec![
                Block::Quote {
                    blocks: vec![para(vec![
                        text("[!div class=\"nextstepaction\"]"),
                        Inline::SoftBreak,
                        link("next.md", "Volgende"),
                    ])],
                    origin: Origin::default(),
                },
                Block::Quote {
                    blocks: vec![para(vec![
                        text("[!div class=\"mx-imgBorder\"] "),
                        Inline::SoftBreak,
                        Inline::Image {
                            url: "media/screen.png".into(),
                            alt: "Het scherm".into(),
                        },
                    ])],
                    origin: Origin::default(),
                },
                para(vec![
                    text("[!INCLUDE"),
                    link("../inc/a.md", "A"),
                    text("]"),
                    Inline::SoftBreak,
                    text("[!INCLUDE"),
                    link("../inc/b.md", "B"),
                    text("]"),
                    Inline::SoftBreak,
                    text("[!VIDEO https://v.example/c]"),
                    Inline::SoftBreak,
                    text("Daarna"),
                ]),
            ],
            &mut inner,
        );
        assert!(matches!(&blocks[0], Block::Div { class, .. } if class == "nextstepaction"));
        assert!(
            matches!(&blocks[1], Block::Paragraph { inlines, .. } if matches!(&inlines[0], Inline::Link { url, .. } if url == "next.md"))
        );
        // the screenshot under `> [!div class="mx-imgBorder"]` (Power Platform, Azure) stays
        assert!(matches!(&blocks[2], Block::Div { class, .. } if class == "mx-imgBorder"));
        assert!(
            matches!(&blocks[3], Block::Paragraph { inlines, .. } if matches!(&inlines[0], Inline::Image { url, .. } if url == "media/screen.png"))
        );
        assert!(matches!(&blocks[4], Block::Include { path, .. } if path == "../inc/a.md"));
        assert!(matches!(&blocks[5], Block::Include { path, .. } if path == "../inc/b.md"));
        assert!(matches!(&blocks[6], Block::Video { url, .. } if url == "https://v.example/c"));
        assert!(
            matches!(&blocks[7], Block::Paragraph { inlines, .. } if plain_text(inlines) == "Daarna")
        );
        assert_eq!(blocks.len(), 8);
    }

    #[test]
    fn triple_colon_lines_are_blocks_of_their_own() {
        let mut none = |_: &str, _: &Origin| None;
        let blocks = apply(
            vec![
                para(vec![
                    text(":::image type=\"complex\" source=\"m/a.png\" alt-text=\"Het scherm\":::"),
                    Inline::SoftBreak,
                    text("Een lange beschrijving."),
                    Inline::SoftBreak,
                    text(":::image-end:::"),
                ]),
                para(vec![
                    text("Zie de code:"),
                    Inline::SoftBreak,
                    text(
                        ":::code language=\"csharp\" source=\"~/samples/Program.cs\" id=\"Main\":::",
                    ),
                ]),
                para(vec![text(
                    ":::code language=\"powershell\" source=\"s/a.ps1\" range=\"3-5\":::",
                )]),
            ],
            &mut none,
        );
        assert!(
            matches!(&blocks[0], Block::Image { url, alt, .. } if url == "m/a.png" && alt == "Het scherm")
        );
        assert!(
            matches!(&blocks[1], Block::Paragraph { inlines, .. } if plain_text(inlines) == "Een lange beschrijving.")
        );
        assert!(matches!(&blocks[2], Block::Marker { kind, .. } if kind == "image"));
        assert!(
            matches!(&blocks[3], Block::Paragraph { inlines, .. } if plain_text(inlines) == "Zie de code:")
        );
        assert!(matches!(
            &blocks[4],
            Block::CodeSample { language, name, path, .. }
                if language == "csharp" && name.is_empty() && path == "~/samples/Program.cs#Main"
        ));
        assert!(matches!(
            &blocks[5],
            Block::CodeSample { path, .. } if path == "s/a.ps1?range=3-5"
        ));
        assert_eq!(blocks.len(), 6);
    }

    #[test]
    fn tab_labels_come_from_the_marker() {
        assert_eq!(tab_label("[Azure CLI](#tab/azure-cli)"), Some("Azure CLI"));
        assert_eq!(tab_label("[[v2]](#tab/v2)"), Some("[v2]"));
        assert_eq!(tab_label("[ ](#tab/x)"), None);
        assert_eq!(tab_label("::: zone pivot=\"a\""), None);
    }

    #[test]
    fn code_sample_markers_name_their_file_and_text_around_them_stays_a_paragraph() {
        let mut none = |_: &str, _: &Origin| None;
        let sample = |open: &str, url: &str| {
            vec![
                text(open),
                Inline::Link {
                    url: url.into(),
                    title: String::new(),
                    children: vec![text("SCA.Session#1")],
                },
                text("] "),
            ]
        };
        let mut two = sample(" [!code-csharp", "../s/services.cs#1");
        two.push(Inline::SoftBreak);
        two.extend(sample("[!code", "../s/services.vb?range=1-5"));
        let mut prose = vec![text("See ")];
        prose.extend(sample("[!code-csharp", "a.cs"));
        let blocks = apply(
            vec![
                para(two),
                para(prose),
                para(sample("[!code-c sharp", "a.cs")),
            ],
            &mut none,
        );
        assert!(matches!(
            &blocks[0],
            Block::CodeSample { language, name, path, .. }
                if language == "csharp" && name == "SCA.Session#1" && path == "../s/services.cs#1"
        ));
        assert!(matches!(
            &blocks[1],
            Block::CodeSample { language, path, .. }
                if language.is_empty() && path == "../s/services.vb?range=1-5"
        ));
        assert!(matches!(&blocks[2], Block::Paragraph { .. }));
        assert!(matches!(&blocks[3], Block::Paragraph { .. }));
        assert_eq!(blocks.len(), 4);
    }
}
