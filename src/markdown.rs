//! The one place that configures pulldown-cmark: every stage parses markdown the same way.
//!
//! Options: GFM (tables, task lists, strikethrough, footnotes and `> [!NOTE]` alerts).
//! Heading attributes stay **off**: DocFX headings hold `{ProductName}`-like text that the
//! attribute syntax would eat.

use pulldown_cmark::{Options, Parser};

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
