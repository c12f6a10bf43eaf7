//! Checklists as files: a GitHub task list in markdown and a plain-text list.
//!
//! Both list every step and sub-step of the article (article-level steps first, then each
//! section with steps under its title), mark optional steps, and put the IMPORTANT, WARNING and
//! CAUTION callouts of a step right under it. Markdown keeps links inline; plain text numbers
//! them and lists the addresses at the end.

use std::fmt::Write as _;

use crate::l10n::Localizer;
use crate::model::{Article, Block, Inline, Section, Step, plain_text};

use super::html::{callout_label_id, is_alerting};

/// Output format of a checklist file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChecklistFormat {
    /// GitHub task list.
    Markdown,
    /// Plain text.
    Text,
}

/// A titled group of steps.
struct Group<'a> {
    title: Option<&'a [Inline]>,
    steps: &'a [Step],
}

fn groups(article: &Article) -> Vec<Group<'_>> {
    let mut groups = Vec::new();
    if !article.steps.is_empty() {
        groups.push(Group {
            title: None,
            steps: &article.steps,
        });
    }
    fn walk<'a>(sections: &'a [Section], groups: &mut Vec<Group<'a>>) {
        for section in sections {
            if !section.steps.is_empty() {
                groups.push(Group {
                    title: Some(&section.title),
                    steps: &section.steps,
                });
            }
            walk(&section.sections, groups);
        }
    }
    walk(&article.sections, &mut groups);
    groups
}

/// Renders the checklist of `article`.
pub fn render(article: &Article, t: &Localizer, format: ChecklistFormat) -> String {
    match format {
        ChecklistFormat::Markdown => render_markdown(article, t),
        ChecklistFormat::Text => render_text(article, t),
    }
}

// ---- markdown ----

fn render_markdown(article: &Article, t: &Localizer) -> String {
    let mut out = String::new();
    let title = markdown_inlines(&article.title);
    let _ = writeln!(
        out,
        "# {}\n",
        t.format("checklist-title", &[("title", &title)])
    );
    let groups = groups(article);
    if groups.is_empty() {
        let _ = writeln!(out, "{}", t.get("checklist-no-steps"));
    }
    for group in groups {
        if let Some(title) = group.title {
            let _ = writeln!(out, "## {}\n", markdown_inlines(title));
        }
        for step in group.steps {
            markdown_step(&mut out, step, t, 0);
        }
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn markdown_step(out: &mut String, step: &Step, t: &Localizer, depth: usize) {
    let indent = "  ".repeat(depth);
    let label = step_label(step, t, depth);
    let _ = write!(
        out,
        "{indent}- [ ] **{label}** {}",
        markdown_inlines(&step.title)
    );
    if step.optional {
        let _ = write!(out, " _{}_", t.get("optional-suffix"));
    }
    out.push('\n');
    for block in step.blocks.iter().filter(|b| is_alerting(b)) {
        if let Block::Callout { kind, blocks, .. } = block {
            let lines = markdown_blocks(blocks);
            let label = t.get(&callout_label_id(*kind));
            let _ = writeln!(out, "{indent}  > **{label}:**");
            for line in lines {
                if line.is_empty() {
                    let _ = writeln!(out, "{indent}  >");
                } else {
                    let _ = writeln!(out, "{indent}  > {line}");
                }
            }
        }
    }
    for substep in &step.substeps {
        markdown_step(out, substep, t, depth + 1);
    }
}

fn step_label(step: &Step, t: &Localizer, depth: usize) -> String {
    if depth == 0 {
        t.format("step-label", &[("number", &step.number)])
    } else {
        format!("{}.", step.number)
    }
}

/// Blocks of a callout as markdown lines (paragraphs and lists).
fn markdown_blocks(blocks: &[Block]) -> Vec<String> {
    let mut lines = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            lines.push(String::new());
        }
        match block {
            Block::Paragraph { inlines, .. } => lines.push(markdown_inlines(inlines)),
            Block::List { ordered, items, .. } => {
                for (n, item) in items.iter().enumerate() {
                    let marker = if *ordered {
                        format!("{}.", n + 1)
                    } else {
                        "-".to_string()
                    };
                    let text = item_text(&item.blocks, markdown_inlines);
                    lines.push(format!("{marker} {text}"));
                }
            }
            other => {
                let text = item_text(std::slice::from_ref(other), markdown_inlines);
                if !text.is_empty() {
                    lines.push(text);
                }
            }
        }
    }
    lines
}

fn item_text(blocks: &[Block], inline: fn(&[Inline]) -> String) -> String {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { inlines, .. } => Some(inline(inlines)),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Inlines as markdown, on one line.
pub fn markdown_inlines(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_markdown_inlines(&mut out, inlines);
    out.trim().to_string()
}

fn push_markdown_inlines(out: &mut String, inlines: &[Inline]) {
    for inline in inlines {
        match inline {
            Inline::Text { text } => push_markdown_text(out, text),
            Inline::Code { text } => {
                let fence = if text.contains('`') { "``" } else { "`" };
                let _ = write!(out, "{fence}{text}{fence}");
            }
            Inline::Emphasis { children } => wrap_markdown(out, "*", children),
            Inline::Strong { children } => wrap_markdown(out, "**", children),
            Inline::Strikethrough { children } => wrap_markdown(out, "~~", children),
            Inline::Link { url, children, .. } => {
                out.push('[');
                push_markdown_inlines(out, children);
                let _ = write!(out, "]({})", markdown_url(url));
            }
            Inline::Image { url, alt } => {
                out.push_str("![");
                push_markdown_text(out, alt);
                let _ = write!(out, "]({})", markdown_url(url));
            }
            Inline::Html { html } => out.push_str(html),
            Inline::SoftBreak | Inline::HardBreak => out.push(' '),
        }
    }
}

fn wrap_markdown(out: &mut String, mark: &str, children: &[Inline]) {
    out.push_str(mark);
    push_markdown_inlines(out, children);
    out.push_str(mark);
}

/// Escapes the characters that would start markdown syntax inside text.
fn push_markdown_text(out: &mut String, text: &str) {
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '`' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
    }
}

fn markdown_url(url: &str) -> String {
    if url.contains([' ', '(', ')']) {
        format!("<{url}>")
    } else {
        url.to_string()
    }
}

// ---- plain text ----

struct TextWriter {
    out: String,
    links: Vec<String>,
}

impl TextWriter {
    /// Inlines as plain text with `[n]` after each link.
    fn inlines(&mut self, inlines: &[Inline]) -> String {
        let mut text = String::new();
        self.push_inlines(&mut text, inlines);
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn push_inlines(&mut self, text: &mut String, inlines: &[Inline]) {
        for inline in inlines {
            match inline {
                Inline::Link { url, children, .. } => {
                    self.push_inlines(text, children);
                    let n = match self.links.iter().position(|l| l == url) {
                        Some(at) => at + 1,
                        None => {
                            self.links.push(url.clone());
                            self.links.len()
                        }
                    };
                    let _ = write!(text, " [{n}]");
                }
                Inline::Emphasis { children }
                | Inline::Strong { children }
                | Inline::Strikethrough { children } => self.push_inlines(text, children),
                Inline::Text { text: t } | Inline::Code { text: t } => text.push_str(t),
                Inline::Image { alt, .. } => text.push_str(alt),
                Inline::Html { .. } => {}
                Inline::SoftBreak | Inline::HardBreak => text.push(' '),
            }
        }
    }
}

fn render_text(article: &Article, t: &Localizer) -> String {
    let mut w = TextWriter {
        out: String::new(),
        links: Vec::new(),
    };
    let title = t.format("checklist-title", &[("title", &plain_text(&article.title))]);
    let _ = writeln!(w.out, "{title}\n{}\n", "=".repeat(title.chars().count()));
    let groups = groups(article);
    if groups.is_empty() {
        let _ = writeln!(w.out, "{}\n", t.get("checklist-no-steps"));
    }
    for group in groups {
        if let Some(title) = group.title {
            let title = w.inlines(title);
            let _ = writeln!(w.out, "{title}\n{}\n", "-".repeat(title.chars().count()));
        }
        for step in group.steps {
            text_step(&mut w, step, t, 0);
        }
        w.out.push('\n');
    }
    if !w.links.is_empty() {
        let heading = t.get("checklist-links");
        let _ = writeln!(w.out, "{heading}\n{}", "-".repeat(heading.chars().count()));
        for (i, link) in w.links.iter().enumerate() {
            let _ = writeln!(w.out, "[{}] {link}", i + 1);
        }
    }
    while w.out.ends_with("\n\n") {
        w.out.pop();
    }
    w.out
}

fn text_step(w: &mut TextWriter, step: &Step, t: &Localizer, depth: usize) {
    let indent = "    ".repeat(depth);
    let label = step_label(step, t, depth);
    let title = w.inlines(&step.title);
    let optional = if step.optional {
        format!(" {}", t.get("optional-suffix"))
    } else {
        String::new()
    };
    let _ = writeln!(w.out, "{indent}[ ] {label} {title}{optional}");
    for block in step.blocks.iter().filter(|b| is_alerting(b)) {
        if let Block::Callout { kind, blocks, .. } = block {
            let label = t.get(&callout_label_id(*kind));
            let _ = writeln!(w.out, "{indent}    ! {label}:");
            for block in blocks {
                match block {
                    Block::Paragraph { inlines, .. } => {
                        let text = w.inlines(inlines);
                        let _ = writeln!(w.out, "{indent}      {text}");
                    }
                    Block::List { items, .. } => {
                        for item in items {
                            let inlines: Vec<Inline> = item
                                .blocks
                                .iter()
                                .filter_map(|b| match b {
                                    Block::Paragraph { inlines, .. } => Some(inlines.clone()),
                                    _ => None,
                                })
                                .flatten()
                                .collect();
                            let text = w.inlines(&inlines);
                            let _ = writeln!(w.out, "{indent}      - {text}");
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    for substep in &step.substeps {
        text_step(w, substep, t, depth + 1);
    }
}
