//! The one place that configures pulldown-cmark: every stage parses markdown the same way.
//!
//! Options: GFM (tables, task lists, strikethrough, footnotes and `> [!NOTE]` alerts).
//! Heading attributes stay **off**: DocFX headings hold `{ProductName}`-like text that the
//! attribute syntax would eat.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The extension options used for every markdown parse in kbgen.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
}

/// A pull parser over `text` with kbgen's options.
pub fn parser(text: &str) -> Parser<'_> {
    Parser::new_ext(text, options())
}

/// Renders `text` to HTML as plain CommonMark+GFM (no sanitizing): the reference rendering used
/// to compare two markdown texts for meaning.
pub fn push_html(out: &mut String, text: &str) {
    pulldown_cmark::html::push_html(out, parser(text));
}

/// The reference HTML rendering of `text`.
pub fn render_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    push_html(&mut out, text);
    out
}

/// True when two markdown texts render to the same HTML.
pub fn same_rendering(a: &str, b: &str) -> bool {
    a == b || render_html(a) == render_html(b)
}

/// The byte ranges of the raw HTML blocks of `text` (where markdown, and so backslash escapes,
/// are not processed), in order.
pub fn html_block_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = None;
    for (event, range) in parser(text).into_offset_iter() {
        match event {
            Event::Start(Tag::HtmlBlock) => start = Some(range.start),
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(start) = start.take() {
                    ranges.push(start..range.end.max(start));
                }
            }
            _ => {}
        }
    }
    ranges
}

/// The length of the longest prefix of `text`, ending at a line end, in which the bytes that
/// can start a markdown element or end a line (`` ` `` `*` `_` `[` `]` `<` `&` `!` `|` `~` and
/// newlines) number at most `budget`; the whole text when they do.
pub fn element_budget_end(text: &str, budget: usize) -> usize {
    let mut count = 0;
    let mut line_end = 0;
    for (at, byte) in text.bytes().enumerate() {
        if matches!(
            byte,
            b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'&' | b'!' | b'|' | b'~' | b'\n'
        ) {
            count += 1;
            if count > budget {
                return line_end;
            }
        }
        if byte == b'\n' {
            line_end = at + 1;
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn element_budget_cuts_at_a_line_end() {
        assert_eq!(element_budget_end("a `b` c\n`d`\n", 100), 12);
        assert_eq!(element_budget_end("a `b` c\n`d`\n", 3), 8);
        assert_eq!(element_budget_end("`a` `b` `c`", 3), 0);
    }

    #[test]
    fn html_blocks_are_found_and_inline_html_is_not() {
        let text = "a <b>x</b>\n\n<p>y \\*</p>\n\nz\n";
        let ranges = html_block_ranges(text);
        assert_eq!(ranges.len(), 1);
        assert!(text[ranges[0].clone()].starts_with("<p>y"));
    }
}
