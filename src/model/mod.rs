//! The article model: what renderers, checks and integrations work from.
//!
//! Built from one projection (one locale of one file) in three steps:
//!
//! 1. [`parse`]: pulldown-cmark events into blocks and headings, each with its [`Origin`]
//!    (`line:col` in the file read and the segment ids it came from);
//! 2. [`docfx`]: DocFX extensions recognised on those blocks (alerts, videos, includes,
//!    `:::image`, `[!div]`, zone/tab/moniker markers);
//! 3. [`structure`]: sections from headings, then steps (from `Step N` headings, procedure
//!    lists, nested ordered lists and lettered lines), with locale-independent keys.
//!
//! The model's JSON (`kbgen model`, `out/model/`) is a public contract documented in README.md
//! ("Model JSON"); the types therefore derive `Serialize` directly rather than through views.

pub mod autolink;
pub mod docfx;
pub mod parse;
pub mod recognition;
pub mod stats;
pub mod structure;

use serde::Serialize;

use crate::frontmatter::Meta;

/// Where a model node came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// 1-based line in the file that was read (the bilingual file for bilingual articles).
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Ids of the segments the node's text came from (empty for monolingual files).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<String>,
}

/// One article in one locale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    /// Path below the locale folder without `.md`.
    pub slug: String,
    /// BCP 47 locale of the text.
    pub locale: String,
    /// The front matter.
    pub meta: Meta,
    /// The H1 (or `title` from the front matter when there is none).
    pub title: Vec<Inline>,
    /// The H1's anchor, if any.
    pub anchor: Option<String>,
    /// Blocks under the H1 before the first section, steps excluded.
    pub intro: Vec<Block>,
    /// Steps of a procedure list at article level.
    pub steps: Vec<Step>,
    /// Index into `intro` where `steps` stand.
    pub steps_at: usize,
    /// The H2 sections.
    pub sections: Vec<Section>,
    /// The content file the article was read from (for diagnostics; not part of the JSON).
    #[serde(skip)]
    pub path: std::path::PathBuf,
}

/// A heading and what follows it up to the next heading of the same or a higher level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// Stable id: the `<a name>` anchor (the en-US slug in localized repositories), else a slug
    /// of the heading text.
    pub anchor: String,
    /// Heading level, 2–6.
    pub level: u8,
    /// Heading text.
    pub title: Vec<Inline>,
    /// Blocks of the section, steps excluded.
    pub blocks: Vec<Block>,
    /// Steps: from `Step N` subsections or from the section's procedure list.
    pub steps: Vec<Step>,
    /// Index into `blocks` where `steps` stand.
    pub steps_at: usize,
    /// Subsections that are not steps.
    pub sections: Vec<Section>,
    /// Where the heading is.
    pub origin: Origin,
}

/// A step of a procedure (or a sub-step of a step).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// Locale-independent key, the same in every locale of an article (checklist ticks use it).
    pub key: String,
    /// Number as shown (`1`, `2`, or `a`, `b` for lettered sub-steps).
    pub number: String,
    /// The step's title: heading text without `Step N`/`Optional`, or the item's first paragraph.
    pub title: Vec<Inline>,
    /// Marked optional (`Step 5 Optional:`, `(Optional)`).
    pub optional: bool,
    /// Anchor of a heading step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
    /// Blocks of the step besides the title and sub-steps (callouts, lists, notes).
    pub blocks: Vec<Block>,
    /// Sub-steps.
    pub substeps: Vec<Step>,
    /// Index into `blocks` where `substeps` stand.
    pub substeps_at: usize,
    /// Where the step starts.
    pub origin: Origin,
}

/// Alert kinds of DocFX (`> [!NOTE]` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CalloutKind {
    /// `[!NOTE]`.
    Note,
    /// `[!TIP]`.
    Tip,
    /// `[!IMPORTANT]`.
    Important,
    /// `[!WARNING]`.
    Warning,
    /// `[!CAUTION]`.
    Caution,
}

impl CalloutKind {
    /// Parses an alert name, case-insensitively.
    pub fn parse(name: &str) -> Option<CalloutKind> {
        match name.to_ascii_uppercase().as_str() {
            "NOTE" => Some(CalloutKind::Note),
            "TIP" => Some(CalloutKind::Tip),
            "IMPORTANT" => Some(CalloutKind::Important),
            "WARNING" => Some(CalloutKind::Warning),
            "CAUTION" => Some(CalloutKind::Caution),
            _ => None,
        }
    }

    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            CalloutKind::Note => "note",
            CalloutKind::Tip => "tip",
            CalloutKind::Important => "important",
            CalloutKind::Warning => "warning",
            CalloutKind::Caution => "caution",
        }
    }
}

/// A list item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListItem {
    /// The item's blocks (a tight item's text is one paragraph).
    pub blocks: Vec<Block>,
    /// GFM task list state, if the item is a task.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checked: Option<bool>,
    /// Where the item starts.
    pub origin: Origin,
}

/// A block of content.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph.
    Paragraph {
        /// Its text.
        inlines: Vec<Inline>,
        /// Where it is.
        origin: Origin,
    },
    /// A heading that is not a section (inside a list or quote).
    Heading {
        /// Level 1–6.
        level: u8,
        /// Its text.
        inlines: Vec<Inline>,
        /// Where it is.
        origin: Origin,
    },
    /// A bullet or ordered list that is not a procedure.
    List {
        /// Ordered (numbered) list.
        ordered: bool,
        /// First number of an ordered list.
        #[serde(skip_serializing_if = "Option::is_none")]
        start: Option<u64>,
        /// The items.
        items: Vec<ListItem>,
        /// Where it is.
        origin: Origin,
    },
    /// A DocFX alert.
    Callout {
        /// Which alert.
        kind: CalloutKind,
        /// Its content.
        blocks: Vec<Block>,
        /// Where it is.
        origin: Origin,
    },
    /// A plain block quote.
    Quote {
        /// Its content.
        blocks: Vec<Block>,
        /// Where it is.
        origin: Origin,
    },
    /// A fenced or indented code block.
    Code {
        /// The info string's first word.
        #[serde(skip_serializing_if = "Option::is_none")]
        language: Option<String>,
        /// The code.
        text: String,
        /// Where it is.
        origin: Origin,
    },
    /// A pipe table.
    Table {
        /// Header cells.
        header: Vec<Vec<Inline>>,
        /// Body rows of cells.
        rows: Vec<Vec<Vec<Inline>>>,
        /// Where it is.
        origin: Origin,
    },
    /// A `:::image` block.
    Image {
        /// Image source.
        url: String,
        /// Alternative text.
        alt: String,
        /// Where it is.
        origin: Origin,
    },
    /// A video: `> [!VIDEO url]` or a `[VIDEO: title](url)` paragraph.
    Video {
        /// The video's address.
        url: String,
        /// Title, when the source gives one.
        title: Vec<Inline>,
        /// Where it is.
        origin: Origin,
    },
    /// `[!INCLUDE [title](path)]`, with the included file's blocks when resolved.
    Include {
        /// The title in the marker.
        title: String,
        /// The path as written (relative to the including file).
        path: String,
        /// Whether the file was found and read.
        resolved: bool,
        /// The included blocks.
        blocks: Vec<Block>,
        /// Where it is.
        origin: Origin,
    },
    /// A DocFX code sample from a file (`[!code-csharp[name](path#region)]`): the file is not
    /// part of the content, so it is named, not shown.
    CodeSample {
        /// The language after `code-` (empty for `[!code[…]]`).
        language: String,
        /// The name in the marker.
        name: String,
        /// The path as written, with its `#region` or `?range=…`.
        path: String,
        /// Where it is.
        origin: Origin,
    },
    /// `[!div class="…"]`.
    Div {
        /// The class attribute.
        class: String,
        /// Where it is.
        origin: Origin,
    },
    /// A zone, moniker, tab or row/column marker, kept as written.
    Marker {
        /// `zone`, `moniker`, `tab`, `row`, `column`, ….
        kind: String,
        /// The marker text.
        text: String,
        /// Where it is.
        origin: Origin,
    },
    /// Raw HTML.
    Html {
        /// The HTML as written (renderers sanitize it).
        html: String,
        /// Where it is.
        origin: Origin,
    },
    /// A thematic break.
    Rule {
        /// Where it is.
        origin: Origin,
    },
}

impl Block {
    /// The label of a DocFX tab marker (`# [Azure CLI](#tab/azure-cli)` is `Azure CLI`), the one
    /// test every renderer asks; `None` for any other block.
    pub fn tab_label(&self) -> Option<&str> {
        match self {
            Block::Marker { kind, text, .. } if kind == "tab" => docfx::tab_label(text),
            _ => None,
        }
    }

    /// Where the block is.
    pub fn origin(&self) -> &Origin {
        match self {
            Block::Paragraph { origin, .. }
            | Block::Heading { origin, .. }
            | Block::List { origin, .. }
            | Block::Callout { origin, .. }
            | Block::Quote { origin, .. }
            | Block::Code { origin, .. }
            | Block::Table { origin, .. }
            | Block::Image { origin, .. }
            | Block::Video { origin, .. }
            | Block::Include { origin, .. }
            | Block::CodeSample { origin, .. }
            | Block::Div { origin, .. }
            | Block::Marker { origin, .. }
            | Block::Html { origin, .. }
            | Block::Rule { origin } => origin,
        }
    }
}

/// Inline text, keeping its markdown meaning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    /// Plain text (entities decoded).
    Text {
        /// The text.
        text: String,
    },
    /// Inline code.
    Code {
        /// The code.
        text: String,
    },
    /// `*emphasis*`.
    Emphasis {
        /// Content.
        children: Vec<Inline>,
    },
    /// `**strong**`.
    Strong {
        /// Content.
        children: Vec<Inline>,
    },
    /// `~~strikethrough~~`.
    Strikethrough {
        /// Content.
        children: Vec<Inline>,
    },
    /// A link.
    Link {
        /// Destination as written.
        url: String,
        /// Title attribute.
        #[serde(skip_serializing_if = "String::is_empty")]
        title: String,
        /// Link text.
        children: Vec<Inline>,
    },
    /// An image.
    Image {
        /// Source.
        url: String,
        /// Alternative text.
        alt: String,
    },
    /// Inline HTML as written (renderers sanitize it).
    Html {
        /// The HTML.
        html: String,
    },
    /// A soft line break.
    SoftBreak,
    /// A hard line break.
    HardBreak,
}

/// Whether the text of `inlines`, in and under emphasis (not in links or code), has a piece
/// `test` accepts: a cheap look before a pass that would rebuild the inlines.
pub fn any_text(inlines: &[Inline], test: &dyn Fn(&str) -> bool) -> bool {
    inlines.iter().any(|inline| match inline {
        Inline::Text { text } => test(text),
        Inline::Emphasis { children }
        | Inline::Strong { children }
        | Inline::Strikethrough { children } => any_text(children, test),
        _ => false,
    })
}

/// The plain text of inlines (links and emphasis flattened, breaks as spaces).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain_text(&mut out, inlines);
    out
}

fn push_plain_text(out: &mut String, inlines: &[Inline]) {
    for inline in inlines {
        match inline {
            Inline::Text { text } | Inline::Code { text } => out.push_str(text),
            Inline::Emphasis { children }
            | Inline::Strong { children }
            | Inline::Strikethrough { children }
            | Inline::Link { children, .. } => push_plain_text(out, children),
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::Html { .. } => {}
            Inline::SoftBreak | Inline::HardBreak => out.push(' '),
        }
    }
}

impl Article {
    /// Every step of the article, depth first (steps, then their sub-steps).
    pub fn all_steps(&self) -> Vec<&Step> {
        fn walk_steps<'a>(steps: &'a [Step], out: &mut Vec<&'a Step>) {
            for step in steps {
                out.push(step);
                walk_steps(&step.substeps, out);
            }
        }
        fn walk_sections<'a>(sections: &'a [Section], out: &mut Vec<&'a Step>) {
            for section in sections {
                walk_steps(&section.steps, out);
                walk_sections(&section.sections, out);
            }
        }
        let mut out = Vec::new();
        walk_steps(&self.steps, &mut out);
        walk_sections(&self.sections, &mut out);
        out
    }

    /// Every step with whether it is optional in a checklist ([`Step::optional_under`]),
    /// depth first like [`Article::all_steps`].
    pub fn checklist_steps(&self) -> Vec<(&Step, bool)> {
        fn walk<'a>(steps: &'a [Step], parent: bool, out: &mut Vec<(&'a Step, bool)>) {
            for step in steps {
                let optional = step.optional_under(parent);
                out.push((step, optional));
                walk(&step.substeps, optional, out);
            }
        }
        fn walk_sections<'a>(sections: &'a [Section], out: &mut Vec<(&'a Step, bool)>) {
            for section in sections {
                walk(&section.steps, false, out);
                walk_sections(&section.sections, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.steps, false, &mut out);
        walk_sections(&self.sections, &mut out);
        out
    }
}

impl Step {
    /// Optional in a checklist: marked optional, or a sub-step of an optional step (`parent`:
    /// the parent step is optional in the checklist). Required progress counts the others.
    pub fn optional_under(&self, parent: bool) -> bool {
        self.optional || parent
    }
}

/// Calls `f` for every link, image and piece of raw HTML (inline, or a block's as one
/// [`Inline::Html`]) of the article with the line of its block (the link rules, and the
/// engine's list of images to publish, walk the same way).
pub fn walk_references(article: &Article, f: &mut dyn FnMut(&Inline, usize)) {
    fn inlines(list: &[Inline], line: usize, f: &mut dyn FnMut(&Inline, usize)) {
        for inline in list {
            match inline {
                Inline::Link { children, .. } => {
                    f(inline, line);
                    inlines(children, line, f);
                }
                Inline::Image { .. } | Inline::Html { .. } => f(inline, line),
                Inline::Strong { children }
                | Inline::Emphasis { children }
                | Inline::Strikethrough { children } => inlines(children, line, f),
                _ => {}
            }
        }
    }
    fn blocks(list: &[Block], f: &mut dyn FnMut(&Inline, usize)) {
        blocks_at(list, None, f)
    }
    // `at`: the line of the include marker the blocks came through (their own lines are in
    // the included file)
    fn blocks_at(list: &[Block], at: Option<usize>, f: &mut dyn FnMut(&Inline, usize)) {
        for block in list {
            let line = at.unwrap_or(block.origin().line);
            match block {
                Block::Paragraph { inlines: i, .. } | Block::Heading { inlines: i, .. } => {
                    inlines(i, line, f)
                }
                Block::List { items, .. } => {
                    for item in items {
                        blocks_at(&item.blocks, at, f);
                    }
                }
                Block::Callout { blocks: b, .. } | Block::Quote { blocks: b, .. } => {
                    blocks_at(b, at, f)
                }
                Block::Include { blocks: b, .. } => blocks_at(b, Some(line), f),
                Block::Table { header, rows, .. } => {
                    for cell in header.iter().chain(rows.iter().flatten()) {
                        inlines(cell, line, f);
                    }
                }
                Block::Image { url, alt, .. } => f(
                    &Inline::Image {
                        url: url.clone(),
                        alt: alt.clone(),
                    },
                    line,
                ),
                Block::Html { html, .. } => f(&Inline::Html { html: html.clone() }, line),
                _ => {}
            }
        }
    }
    fn steps(list: &[Step], f: &mut dyn FnMut(&Inline, usize)) {
        for step in list {
            inlines(&step.title, step.origin.line, f);
            blocks(&step.blocks, f);
            steps(&step.substeps, f);
        }
    }
    fn sections(list: &[Section], f: &mut dyn FnMut(&Inline, usize)) {
        for section in list {
            inlines(&section.title, section.origin.line, f);
            blocks(&section.blocks, f);
            steps(&section.steps, f);
            sections(&section.sections, f);
        }
    }
    blocks(&article.intro, f);
    steps(&article.steps, f);
    sections(&article.sections, f);
}

/// What one article model is built from.
pub struct ModelInput<'a> {
    /// The article's slug.
    pub slug: &'a str,
    /// The locale of `projection`.
    pub locale: String,
    /// Front matter of that locale.
    pub meta: Meta,
    /// The projected markdown.
    pub projection: &'a crate::projection::Projection,
    /// The file it was projected from.
    pub doc: &'a crate::bilingual::BilingualDoc,
}

/// Builds the model of one article in one locale. Includes are resolved through `resolve`.
/// A file with more than [`parse::MAX_EVENTS`] markdown events is modelled up to there, with a
/// `file-too-complex` issue (located in the bilingual file).
pub fn build_article(
    input: ModelInput<'_>,
    words: &recognition::RecognitionSet,
    resolve: &mut docfx::IncludeResolver<'_>,
) -> (Article, Option<crate::diagnostic::Issue>) {
    let text = &input.projection.text;
    let body_start = match crate::frontmatter::split(text) {
        Ok(Some(block)) => block.range.end,
        _ => 0,
    };
    let tracer = parse::Tracer::new(input.projection, input.doc);
    let (nodes, cut) = parse::parse(text, body_start..text.len(), &tracer);
    let issue = cut.map(|at| too_complex(input.projection.origin(at)));
    let nodes = apply_docfx(nodes, resolve);
    let locale_words = words.for_locale(&input.locale);
    let all_words = words.all();
    let context = structure::StructureContext {
        tracer: &tracer,
        words: &locale_words,
        all_words: &all_words,
    };
    let body = structure::build(nodes, &context);
    let title = body.title.unwrap_or_else(|| {
        input
            .meta
            .title
            .clone()
            .map(|text| vec![Inline::Text { text }])
            .unwrap_or_default()
    });
    let article = Article {
        slug: input.slug.to_string(),
        locale: input.locale,
        meta: input.meta,
        title,
        anchor: body.anchor,
        intro: body.intro,
        steps: body.steps,
        steps_at: body.steps_at,
        sections: body.sections,
        path: std::path::PathBuf::new(),
    };
    (article, issue)
}

/// The `file-too-complex` issue of a file cut at byte `offset`.
pub fn too_complex(offset: usize) -> crate::diagnostic::Issue {
    crate::diagnostic::Issue::error(
        offset,
        "file-too-complex",
        format!(
            "more than {} markdown elements: the article is modelled up to here and the rest \
             is left out",
            parse::MAX_EVENTS
        ),
    )
}

/// Calls `f` on every URL written in `blocks`, at every depth: links, images, `:::image`
/// sources, video addresses, code sample paths, and the links and images of raw HTML.
pub fn for_each_url_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut String)) {
    fn raw(html: &mut String, f: &mut dyn FnMut(&mut String)) {
        use crate::raw_html::{Edits, LinkEdit};
        let f = std::cell::RefCell::new(f);
        let edit = |url: &str| {
            let mut edited = url.to_string();
            (f.borrow_mut())(&mut edited);
            (edited != url).then_some(edited)
        };
        let mut link = |href: &str| edit(href).map_or(LinkEdit::Keep, LinkEdit::Href);
        let mut image = |src: &str| edit(src);
        let rewritten = crate::raw_html::rewrite(
            html,
            Edits {
                link: Some(&mut link),
                image: Some(&mut image),
                ..Edits::default()
            },
        );
        if let std::borrow::Cow::Owned(rewritten) = rewritten {
            *html = rewritten;
        }
    }
    fn inlines(list: &mut [Inline], f: &mut dyn FnMut(&mut String)) {
        for inline in list {
            match inline {
                Inline::Link { url, children, .. } => {
                    f(url);
                    inlines(children, f);
                }
                Inline::Image { url, .. } => f(url),
                Inline::Html { html } => raw(html, f),
                Inline::Emphasis { children }
                | Inline::Strong { children }
                | Inline::Strikethrough { children } => inlines(children, f),
                _ => {}
            }
        }
    }
    for block in blocks {
        match block {
            Block::Paragraph { inlines: list, .. } | Block::Heading { inlines: list, .. } => {
                inlines(list, f)
            }
            Block::List { items, .. } => {
                for item in items {
                    for_each_url_mut(&mut item.blocks, f);
                }
            }
            Block::Callout { blocks, .. }
            | Block::Quote { blocks, .. }
            | Block::Include { blocks, .. } => for_each_url_mut(blocks, f),
            Block::Table { header, rows, .. } => {
                for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                    inlines(cell, f);
                }
            }
            Block::Image { url, .. } => f(url),
            Block::Video { url, title, .. } => {
                f(url);
                inlines(title, f);
            }
            Block::CodeSample { path, .. } => f(path),
            Block::Html { html, .. } => raw(html, f),
            Block::Code { .. } | Block::Div { .. } | Block::Marker { .. } | Block::Rule { .. } => {}
        }
    }
}

/// Applies the DocFX extensions to the blocks among `nodes`.
pub fn apply_docfx(
    nodes: Vec<parse::Node>,
    resolve: &mut docfx::IncludeResolver<'_>,
) -> Vec<parse::Node> {
    let mut out = Vec::with_capacity(nodes.len());
    for node in nodes {
        match node {
            parse::Node::Block(block) => out.extend(
                docfx::apply(vec![block], resolve)
                    .into_iter()
                    .map(parse::Node::Block),
            ),
            parse::Node::Heading {
                inlines, origin, ..
            } if docfx::tab_heading(&inlines).is_some() => {
                let text = docfx::tab_heading(&inlines).unwrap_or_default();
                out.push(parse::Node::Block(Block::Marker {
                    kind: "tab".to_string(),
                    text,
                    origin,
                }));
            }
            parse::Node::Heading {
                level,
                anchor,
                inlines,
                origin,
                range,
            } => out.push(parse::Node::Heading {
                level,
                anchor,
                inlines: docfx::text_inlines(inlines, &origin, resolve),
                origin,
                range,
            }),
        }
    }
    out
}

/// Nodes as plain blocks (headings become heading blocks), for included content.
pub fn nodes_to_blocks(nodes: Vec<parse::Node>) -> Vec<Block> {
    nodes
        .into_iter()
        .map(|node| match node {
            parse::Node::Block(block) => block,
            parse::Node::Heading {
                level,
                inlines,
                origin,
                ..
            } => Block::Heading {
                level,
                inlines,
                origin,
            },
        })
        .collect()
}

/// The anchor of a step on every page: `step-` and the key, escaped so that two keys never
/// share an anchor. Letters and digits of any script and `-` stay (`step-手順-1`), the key
/// separator `/` becomes `_`, and every other character becomes its code point in hex between
/// dots (`~` is `.7e.`, `_` is `.5f.`). Pages give steps this id and the link rules check links
/// against it.
pub fn step_anchor(key: &str) -> String {
    let mut id = String::with_capacity(key.len() + 5);
    id.push_str("step-");
    for c in key.chars() {
        match c {
            '/' => id.push('_'),
            c if c == '-' || c.is_alphanumeric() => id.push(c),
            c => {
                use std::fmt::Write;
                let _ = write!(id, ".{:x}.", u32::from(c));
            }
        }
    }
    id
}

/// The anchor an inline bookmark names: `<a name="BK_x">` or `<a id="BK_x">` without `href`
/// (older articles mark in-page link targets this way inside paragraphs). Pages keep it as an
/// `id` and the link rules count it as a target.
pub fn inline_bookmark(html: &str) -> Option<&str> {
    let tag = html.trim().strip_prefix("<a")?.strip_suffix('>')?;
    if !tag.starts_with(char::is_whitespace) || tag.contains("href") {
        return None;
    }
    let mut rest = tag.trim_start();
    while !rest.is_empty() {
        let (name, after) = rest.split_once('=')?;
        let after = after.trim_start();
        let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let (value, tail) = after[1..].split_once(quote)?;
        if matches!(name.trim().to_ascii_lowercase().as_str(), "name" | "id") && !value.is_empty() {
            return Some(value);
        }
        rest = tail.trim_start();
    }
    None
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{inline_bookmark, step_anchor};

    #[test]
    fn inline_bookmarks_are_anchors_and_links_are_not() {
        assert_eq!(inline_bookmark("<a name=\"BK_Step1\">"), Some("BK_Step1"));
        assert_eq!(inline_bookmark("<a id='x' class=\"y\">"), Some("x"));
        assert_eq!(inline_bookmark("<a class=\"y\" name=\"z\">"), Some("z"));
        assert_eq!(inline_bookmark("<a href=\"#x\" name=\"x\">"), None);
        assert_eq!(inline_bookmark("<abbr title=\"x\">"), None);
        assert_eq!(inline_bookmark("</a>"), None);
        assert_eq!(inline_bookmark("<a name=x>"), None);
    }

    #[test]
    fn step_anchors_keep_readable_keys_and_tell_others_apart() {
        assert_eq!(step_anchor("step-1-reset"), "step-step-1-reset");
        assert_eq!(step_anchor("reset/2/a"), "step-reset_2_a");
        assert_eq!(step_anchor("手順/1"), "step-手順_1");
        // separators and duplicate suffixes that a lossy mapping confused
        let keys = ["a/1", "a~1", "a_1", "a.1", "手順/1", "手順~1", "日本/1"];
        let anchors: std::collections::HashSet<String> =
            keys.iter().map(|k| step_anchor(k)).collect();
        assert_eq!(anchors.len(), keys.len(), "{anchors:?}");
        assert!(anchors.iter().all(|a| !a.contains(char::is_whitespace)));
    }

    proptest! {
        #[test]
        fn step_anchors_are_injective(a in "[a-b1/~_. 手順١]{0,6}", b in "[a-b1/~_. 手順١]{0,6}") {
            prop_assume!(a != b);
            prop_assert_ne!(step_anchor(&a), step_anchor(&b));
        }
    }
}
