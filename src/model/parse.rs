//! Step 1 of the model: pulldown-cmark events into blocks, each traced to its origin.
//!
//! Top-level headings become [`Node::Heading`] (sections are built from them later); headings
//! inside lists or quotes stay blocks. A tight list item's text becomes a paragraph.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, Tag, TagEnd};

use crate::bilingual::{BilingualDoc, Side};
use crate::diagnostic::LineIndex;
use crate::markdown;
use crate::projection::Projection;

use super::{Block, CalloutKind, Inline, ListItem, Origin};

/// A top-level heading or a block.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A top-level heading.
    Heading {
        /// Level 1–6.
        level: u8,
        /// `<a name>`/`<a id>` anchor in the heading, if any.
        anchor: Option<String>,
        /// Text without the anchor.
        inlines: Vec<Inline>,
        /// Where it is.
        origin: Origin,
        /// Byte range in the parsed text (to find the segments' source text).
        range: Range<usize>,
    },
    /// Any other block.
    Block(Block),
}

/// Maps byte ranges of a projection's text back to the file that was read.
pub struct Tracer<'a> {
    projection: &'a Projection,
    doc: &'a BilingualDoc,
    index: LineIndex<'a>,
    by_id: HashMap<&'a str, usize>,
}

impl<'a> Tracer<'a> {
    /// A tracer for `projection` of `doc`.
    pub fn new(projection: &'a Projection, doc: &'a BilingualDoc) -> Tracer<'a> {
        let by_id = doc
            .segments()
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        Tracer {
            projection,
            doc,
            index: LineIndex::new(doc.text()),
            by_id,
        }
    }

    /// The source-side text of the segments an origin names, joined by spaces (`None` when
    /// the origin names no segment: monolingual text or skeleton).
    pub fn source_text(&self, origin: &Origin) -> Option<String> {
        self.source_texts(origin).map(|texts| texts.join(" "))
    }

    /// The source-side text of each segment an origin names, in order (`None` when it names
    /// none).
    pub fn source_texts(&self, origin: &Origin) -> Option<Vec<&'a str>> {
        let texts: Vec<&str> = origin
            .segments
            .iter()
            .filter_map(|id| self.by_id.get(id.as_str()))
            .map(|&i| self.doc.segment_text(&self.doc.segments()[i], Side::Source))
            .collect();
        (!texts.is_empty()).then_some(texts)
    }

    /// The text of each segment an origin names on the projected side and on the source side,
    /// in order (`None` when it names none).
    pub fn segment_texts(&self, origin: &Origin) -> Option<Vec<(&'a str, &'a str)>> {
        let segments = self.doc.segments();
        let texts: Vec<(&str, &str)> = origin
            .segments
            .iter()
            .filter_map(|id| self.by_id.get(id.as_str()))
            .map(|&i| {
                (
                    self.doc.segment_text(&segments[i], self.projection.side),
                    self.doc.segment_text(&segments[i], Side::Source),
                )
            })
            .collect();
        (!texts.is_empty()).then_some(texts)
    }

    /// The origin of projected bytes `range`.
    pub fn origin(&self, range: Range<usize>) -> Origin {
        let (line, column) = self.index.line_col(self.projection.origin(range.start));
        let mut segments: Vec<String> = Vec::new();
        for index in self.projection.segments_in(range) {
            let id = self.doc.segments()[index].id.as_str();
            if segments.last().map(String::as_str) != Some(id) {
                segments.push(id.to_string());
            }
        }
        Origin {
            line,
            column,
            segments,
        }
    }

    /// The segment indices overlapping projected bytes `range`.
    pub fn segments(&self, range: Range<usize>) -> Vec<usize> {
        self.projection.segments_in(range)
    }

    /// The bilingual file.
    pub fn doc(&self) -> &'a BilingualDoc {
        self.doc
    }
}

type Events<'t> = std::iter::Peekable<Budgeted<pulldown_cmark::OffsetIter<'t>>>;

/// Most markdown events one file is modelled from. The model and the pages of a file take a
/// few hundred bytes per event; a file past the limit (a 31 MB file of code spans would need
/// gigabytes) is modelled up to it and reported as `file-too-complex`. Real articles have a
/// few thousand.
pub const MAX_EVENTS: usize = 250_000;

/// Events up to a budget; then the stream ends and `cut` holds where (relative offset).
struct Budgeted<I> {
    inner: I,
    left: usize,
    cut: std::rc::Rc<std::cell::Cell<Option<usize>>>,
}

impl<'t, I: Iterator<Item = (Event<'t>, Range<usize>)>> Iterator for Budgeted<I> {
    type Item = (Event<'t>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.cut.get().is_some() {
            return None;
        }
        let item = self.inner.next()?;
        if self.left == 0 {
            self.cut.set(Some(item.1.start));
            return None;
        }
        self.left -= 1;
        Some(item)
    }
}

/// The events of `text`, at most `left` of them, and where they were cut.
fn budgeted(text: &str, left: usize) -> (Events<'_>, std::rc::Rc<std::cell::Cell<Option<usize>>>) {
    let cut = std::rc::Rc::new(std::cell::Cell::new(None));
    let events = Budgeted {
        inner: markdown::parser(text).into_offset_iter(),
        left,
        cut: std::rc::Rc::clone(&cut),
    };
    (events.peekable(), cut)
}

/// Parses `text[body]` (the projection without its front matter) into nodes. Returns the nodes,
/// and the offset in `text` where the file was cut at [`MAX_EVENTS`].
pub fn parse(text: &str, body: Range<usize>, tracer: &Tracer<'_>) -> (Vec<Node>, Option<usize>) {
    let base = body.start;
    // pulldown-cmark holds every node of a block it is inside: a paragraph of millions of code
    // spans would take gigabytes before the first event, so the text it sees is cut first, at
    // the line where the characters that can open an element pass the budget
    let end = markdown::element_budget_end(&text[body.clone()], MAX_EVENTS);
    let (mut events, cut) = budgeted(&text[base..base + end], MAX_EVENTS);
    let mut parser = Parser {
        tracer: Some(tracer),
        base,
        depth: 0,
    };
    let nodes = parser.nodes(&mut events);
    let cut = cut
        .get()
        .or((end < body.len()).then_some(end))
        .map(|at| at + base);
    (nodes, cut)
}

/// Parses inline markdown (a segment's text) into inlines, without origins.
pub fn parse_inlines(text: &str) -> Vec<Inline> {
    let (mut events, _) = budgeted(text, usize::MAX);
    let mut parser = Parser {
        tracer: None,
        base: 0,
        depth: 0,
    };
    let mut inlines = Vec::new();
    flatten_blocks(parser.blocks_until_end(&mut events), &mut inlines);
    inlines
}

/// The inlines of blocks in order (list items and quotes included), separated by breaks: a
/// segment's text can start with what markdown reads as a list marker (`1. Sign in`).
fn flatten_blocks(blocks: Vec<Block>, out: &mut Vec<Inline>) {
    for block in blocks {
        match block {
            Block::Paragraph { inlines, .. } | Block::Heading { inlines, .. } => {
                if !out.is_empty() {
                    out.push(Inline::SoftBreak);
                }
                out.extend(inlines);
            }
            Block::List { items, .. } => {
                for item in items {
                    flatten_blocks(item.blocks, out);
                }
            }
            Block::Quote { blocks, .. } | Block::Callout { blocks, .. } => {
                flatten_blocks(blocks, out)
            }
            Block::Code { text, .. } => out.push(Inline::Code { text }),
            _ => {}
        }
    }
}

struct Parser<'a, 'b> {
    tracer: Option<&'a Tracer<'b>>,
    base: usize,
    /// Current nesting of containers and spans.
    depth: usize,
}

/// Deepest nesting of block containers and inline spans kept as structure. Real articles nest
/// a handful of levels; deeper content is kept as plain text.
pub const MAX_NESTING: usize = 48;

/// Consumes events up to the end of the element just started, without recursion, and returns
/// its text.
fn flatten_events(events: &mut Events<'_>) -> String {
    let mut depth = 1usize;
    let mut text = String::new();
    for (event, _) in events.by_ref() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

impl Parser<'_, '_> {
    fn origin(&self, range: &Range<usize>) -> Origin {
        match self.tracer {
            Some(tracer) => tracer.origin(range.start + self.base..range.end + self.base),
            None => Origin::default(),
        }
    }

    /// Blocks until the events run out (top level, headings as blocks).
    fn blocks_until_end(&mut self, events: &mut Events<'_>) -> Vec<Block> {
        let mut blocks = Vec::new();
        while let Some((event, range)) = events.next() {
            if let Some(block) = self.block(event, range, events) {
                blocks.push(block);
            }
        }
        blocks
    }

    fn nodes(&mut self, events: &mut Events<'_>) -> Vec<Node> {
        let mut nodes = Vec::new();
        while let Some((event, range)) = events.next() {
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    let (inlines, anchor) = take_anchor(self.inlines(events));
                    nodes.push(Node::Heading {
                        level: heading_level(level),
                        anchor,
                        inlines,
                        origin: self.origin(&range),
                        range: range.start + self.base..range.end + self.base,
                    });
                }
                other => {
                    if let Some(block) = self.block(other, range, events) {
                        nodes.push(Node::Block(block));
                    }
                }
            }
        }
        nodes
    }

    /// Blocks until the end tag of the enclosing container.
    fn blocks(&mut self, events: &mut Events<'_>) -> Vec<Block> {
        let mut blocks = Vec::new();
        let mut loose: Vec<Inline> = Vec::new();
        let mut loose_start: Option<Range<usize>> = None;
        while let Some((event, range)) = events.peek().cloned() {
            if matches!(event, Event::End(_)) {
                events.next();
                break;
            }
            if is_inline_event(&event) {
                // tight list item text: gather into a paragraph whose origin covers all of it
                // (every segment of every line, not only the first)
                let start = loose_start.as_ref().map_or(range.start, |r| r.start);
                loose_start = Some(start..range.end);
                self.inline(&mut loose, events);
                continue;
            }
            events.next();
            if let Some(range) = loose_start.take() {
                blocks.push(Block::Paragraph {
                    inlines: std::mem::take(&mut loose),
                    origin: self.origin(&range),
                });
            }
            if let Some(block) = self.block(event, range, events) {
                blocks.push(block);
            }
        }
        if let Some(range) = loose_start {
            blocks.push(Block::Paragraph {
                inlines: loose,
                origin: self.origin(&range),
            });
        }
        blocks
    }

    /// One block; containers nested deeper than [`MAX_NESTING`] become their plain text, so
    /// hostile nesting (`> > > …` fifty thousand times) cannot exhaust the stack.
    fn block(
        &mut self,
        event: Event<'_>,
        range: Range<usize>,
        events: &mut Events<'_>,
    ) -> Option<Block> {
        if matches!(event, Event::Start(_)) && self.depth >= MAX_NESTING {
            let text = flatten_events(events);
            return Some(Block::Paragraph {
                inlines: vec![Inline::Text { text }],
                origin: self.origin(&range),
            });
        }
        self.depth += 1;
        let block = self.block_inner(event, range, events);
        self.depth -= 1;
        block
    }

    fn block_inner(
        &mut self,
        event: Event<'_>,
        range: Range<usize>,
        events: &mut Events<'_>,
    ) -> Option<Block> {
        let origin = self.origin(&range);
        Some(match event {
            Event::Start(Tag::Paragraph) => Block::Paragraph {
                inlines: self.inlines(events),
                origin,
            },
            Event::Start(Tag::Heading { level, .. }) => Block::Heading {
                level: heading_level(level),
                inlines: self.inlines(events),
                origin,
            },
            Event::Start(Tag::BlockQuote(kind)) => {
                let blocks = self.blocks(events);
                match kind {
                    Some(kind) => Block::Callout {
                        kind: callout_kind(kind),
                        blocks,
                        origin,
                    },
                    None => Block::Quote { blocks, origin },
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().map(str::to_string)
                    }
                    CodeBlockKind::Indented => None,
                };
                let mut text = String::new();
                for (event, _) in events.by_ref() {
                    match event {
                        Event::Text(t) => text.push_str(&t),
                        Event::End(_) => break,
                        _ => {}
                    }
                }
                Block::Code {
                    language,
                    text,
                    origin,
                }
            }
            Event::Start(Tag::HtmlBlock) => {
                let mut html = String::new();
                for (event, _) in events.by_ref() {
                    match event {
                        Event::Html(t) | Event::Text(t) => html.push_str(&t),
                        Event::End(_) => break,
                        _ => {}
                    }
                }
                Block::Html { html, origin }
            }
            Event::Start(Tag::List(start)) => {
                let mut items = Vec::new();
                while let Some((event, range)) = events.next() {
                    match event {
                        Event::Start(Tag::Item) => {
                            let item_origin = self.origin(&range);
                            let mut checked = None;
                            if let Some((Event::TaskListMarker(done), _)) = events.peek() {
                                checked = Some(*done);
                                events.next();
                            }
                            let blocks = self.blocks(events);
                            items.push(ListItem {
                                blocks,
                                checked,
                                origin: item_origin,
                            });
                        }
                        Event::End(_) => break,
                        _ => {}
                    }
                }
                Block::List {
                    ordered: start.is_some(),
                    start,
                    items,
                    origin,
                }
            }
            Event::Start(Tag::Table(_)) => self.table(events, origin),
            Event::Start(Tag::FootnoteDefinition(_)) => Block::Quote {
                blocks: self.blocks(events),
                origin,
            },
            Event::Start(_) => {
                // containers kbgen does not enable: keep their content
                Block::Quote {
                    blocks: self.blocks(events),
                    origin,
                }
            }
            Event::Rule => Block::Rule { origin },
            Event::Html(html) => Block::Html {
                html: html.to_string(),
                origin,
            },
            Event::End(_) => return None,
            other => {
                // stray inline content at block level
                let mut inlines = Vec::new();
                push_leaf(&mut inlines, other);
                Block::Paragraph { inlines, origin }
            }
        })
    }

    fn table(&mut self, events: &mut Events<'_>, origin: Origin) -> Block {
        let mut header = Vec::new();
        let mut rows = Vec::new();
        let mut row: Vec<Vec<Inline>> = Vec::new();
        let mut in_head = false;
        while let Some((event, _)) = events.next() {
            match event {
                Event::Start(Tag::TableHead) => in_head = true,
                Event::End(TagEnd::TableHead) => {
                    in_head = false;
                    header = std::mem::take(&mut row);
                }
                Event::Start(Tag::TableRow) => {}
                Event::End(TagEnd::TableRow) => rows.push(std::mem::take(&mut row)),
                Event::Start(Tag::TableCell) => row.push(self.inlines(events)),
                Event::End(TagEnd::Table) => break,
                _ => {}
            }
        }
        let _ = in_head;
        Block::Table {
            header,
            rows,
            origin,
        }
    }

    /// Inlines until the end tag of the enclosing leaf block.
    fn inlines(&mut self, events: &mut Events<'_>) -> Vec<Inline> {
        let mut out = Vec::new();
        while let Some((event, _)) = events.peek() {
            if matches!(event, Event::End(_)) {
                events.next();
                break;
            }
            self.inline(&mut out, events);
        }
        out
    }

    /// Consumes one inline event (with its children) into `out`; spans nested deeper than
    /// [`MAX_NESTING`] become their plain text.
    fn inline(&mut self, out: &mut Vec<Inline>, events: &mut Events<'_>) {
        if self.depth >= MAX_NESTING && matches!(events.peek(), Some((Event::Start(_), _))) {
            events.next();
            let text = flatten_events(events);
            out.push(Inline::Text { text });
            return;
        }
        self.depth += 1;
        self.inline_inner(out, events);
        self.depth -= 1;
    }

    fn inline_inner(&mut self, out: &mut Vec<Inline>, events: &mut Events<'_>) {
        let Some((event, _)) = events.next() else {
            return;
        };
        match event {
            Event::Start(Tag::Emphasis) => out.push(Inline::Emphasis {
                children: self.inlines(events),
            }),
            Event::Start(Tag::Strong) => out.push(Inline::Strong {
                children: self.inlines(events),
            }),
            Event::Start(Tag::Strikethrough) => out.push(Inline::Strikethrough {
                children: self.inlines(events),
            }),
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) => {
                let mut children = self.inlines(events);
                // `<xref:UID>` shows the API's name, as DocFX does, not the uid as written
                if let Some(name) = crate::url::xref_name(&dest_url)
                    && super::plain_text(&children) == dest_url.as_ref()
                {
                    children = vec![Inline::Text { text: name }];
                }
                out.push(Inline::Link {
                    url: dest_url.to_string(),
                    title: title.to_string(),
                    children,
                });
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let alt = super::plain_text(&self.inlines(events));
                out.push(Inline::Image {
                    url: dest_url.to_string(),
                    alt,
                });
            }
            Event::Start(_) => out.extend(self.inlines(events)),
            other => push_leaf(out, other),
        }
    }
}

fn is_inline_event(event: &Event<'_>) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineHtml(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::FootnoteReference(_)
        | Event::InlineMath(_) => true,
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
        ),
        _ => false,
    }
}

/// Adds a leaf inline event, merging adjacent text.
fn push_leaf(out: &mut Vec<Inline>, event: Event<'_>) {
    match event {
        Event::Text(text) => match out.last_mut() {
            Some(Inline::Text { text: last }) => last.push_str(&text),
            _ => out.push(Inline::Text {
                text: text.to_string(),
            }),
        },
        Event::Code(code) => out.push(Inline::Code {
            text: code.to_string(),
        }),
        Event::InlineHtml(html) | Event::Html(html) => out.push(Inline::Html {
            html: html.to_string(),
        }),
        Event::SoftBreak => out.push(Inline::SoftBreak),
        Event::HardBreak => out.push(Inline::HardBreak),
        Event::FootnoteReference(name) => out.push(Inline::Text {
            text: format!("[^{name}]"),
        }),
        Event::InlineMath(math) | Event::DisplayMath(math) => out.push(Inline::Code {
            text: math.to_string(),
        }),
        Event::TaskListMarker(done) => out.push(Inline::Text {
            text: if done { "[x] " } else { "[ ] " }.into(),
        }),
        _ => {}
    }
}

fn callout_kind(kind: BlockQuoteKind) -> CalloutKind {
    match kind {
        BlockQuoteKind::Note => CalloutKind::Note,
        BlockQuoteKind::Tip => CalloutKind::Tip,
        BlockQuoteKind::Important => CalloutKind::Important,
        BlockQuoteKind::Warning => CalloutKind::Warning,
        BlockQuoteKind::Caution => CalloutKind::Caution,
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

/// Removes `<a name="x"></a>` / `<a id="x"></a>` from heading inlines; returns the anchor.
pub fn take_anchor(inlines: Vec<Inline>) -> (Vec<Inline>, Option<String>) {
    let mut anchor = None;
    let mut out = Vec::with_capacity(inlines.len());
    let mut skip_close = false;
    for inline in inlines {
        match &inline {
            Inline::Html { html } if anchor.is_none() && html.trim_start().starts_with("<a ") => {
                if let Some(name) = attribute(html, "name").or_else(|| attribute(html, "id")) {
                    anchor = Some(name);
                    skip_close = !html.contains("</a>");
                    continue;
                }
                out.push(inline);
            }
            Inline::Html { html } if skip_close && html.trim() == "</a>" => skip_close = false,
            _ => out.push(inline),
        }
    }
    // drop leading whitespace left by the anchor, and by more bookmarks after it (SQL Server's
    // docs give a heading its anchor in two spellings: `<a name="x"></a><a name="X"></a> Title`)
    let first_text = out.iter_mut().find(|inline| match inline {
        Inline::Html { html } => super::inline_bookmark(html).is_none() && html.trim() != "</a>",
        _ => true,
    });
    if let Some(Inline::Text { text }) = first_text {
        let trimmed = text.trim_start().to_string();
        *text = trimmed;
    }
    (out, anchor)
}

/// The value of attribute `name` in an HTML tag (double or single quotes).
pub fn attribute(tag: &str, name: &str) -> Option<String> {
    let mut search = 0;
    while let Some(found) = tag[search..].find(name) {
        let at = search + found;
        search = at + name.len();
        let before_ok = at == 0 || tag[..at].ends_with(char::is_whitespace);
        let rest = tag[at + name.len()..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let rest = rest[1..].trim_start();
        let quote = rest.chars().next()?;
        if quote == '"' || quote == '\'' {
            let body = &rest[1..];
            return body.find(quote).map(|end| body[..end].to_string());
        }
        return Some(
            rest.split(|c: char| c.is_whitespace() || c == '>')
                .next()?
                .to_string(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plain_text;

    #[test]
    fn a_heading_keeps_its_first_anchor_and_its_title_starts_at_its_text() {
        let (inlines, anchor) = take_anchor(parse_inlines(
            r#"<a name="setup"></a><a name="Setup"></a> Setting up"#,
        ));
        assert_eq!(anchor.as_deref(), Some("setup"));
        // the second spelling stays a bookmark on the heading; the title has no leading space
        assert_eq!(plain_text(&inlines), "Setting up");
        assert!(
            inlines
                .iter()
                .any(|i| matches!(i, Inline::Html { html } if html.contains("Setup")))
        );
        let (inlines, _) = take_anchor(parse_inlines("<b>Bold</b> title"));
        assert_eq!(plain_text(&inlines), "Bold title");
    }
}
