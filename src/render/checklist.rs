//! Checklists as files: a GitHub task list in markdown and a plain-text list.
//!
//! Both list every step and sub-step of the article (article-level steps first, then each
//! section with steps under its title), mark optional steps, and put everything a step says
//! (paragraphs, nested lists, callouts, code, tables, images as their alt text, links) under its
//! box, in order: only the boxes are chosen, the text between them is never dropped. Markdown
//! keeps links inline; plain text numbers them and lists the addresses at the end.

use std::fmt::Write as _;

use crate::l10n::Localizer;
use crate::model::{Article, Block, Inline, Section, Step, plain_text};

use super::html::callout_label_id;
use super::links::LinkMap;

/// Output format of a checklist file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChecklistFormat {
    /// GitHub task list.
    Markdown,
    /// Plain text.
    Text,
}

/// A titled group of steps: the article's own steps (no title), then each section's.
pub(super) struct Group<'a> {
    pub(super) title: Option<&'a [Inline]>,
    pub(super) steps: &'a [Step],
}

/// The groups of steps of `article`, in order: a checklist and a run record list the same.
pub(super) fn groups(article: &Article) -> Vec<Group<'_>> {
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

/// Renders the checklist of `article`; its links go where `links` says a file outside the site
/// may link: absolute addresses only (articles of the content to their page on the site, other
/// articles to their published page), else the link text alone, never a raw path.
pub fn render(
    article: &Article,
    t: &Localizer,
    format: ChecklistFormat,
    links: &LinkMap,
) -> String {
    let article = &with_absolute_links(article, links);
    match format {
        ChecklistFormat::Markdown => render_markdown(article, t),
        ChecklistFormat::Text => render_text(article, t),
    }
}

/// A copy of `article` whose links and images carry absolute addresses, or are text.
fn with_absolute_links(article: &Article, links: &LinkMap) -> Article {
    let mut article = article.clone();
    let from = article.slug.clone();
    let locale = article.locale.clone();
    let fix_inlines = &|inlines: &mut Vec<Inline>| fix_inlines(inlines, links, &from, &locale);
    fix_inlines(&mut article.title);
    fix_blocks(&mut article.intro, fix_inlines);
    fix_steps(&mut article.steps, fix_inlines);
    fix_sections(&mut article.sections, fix_inlines);
    article
}

type Fix<'a> = &'a dyn Fn(&mut Vec<Inline>);

fn fix_sections(sections: &mut [Section], fix: Fix<'_>) {
    for section in sections {
        fix(&mut section.title);
        fix_blocks(&mut section.blocks, fix);
        fix_steps(&mut section.steps, fix);
        fix_sections(&mut section.sections, fix);
    }
}

fn fix_steps(steps: &mut [Step], fix: Fix<'_>) {
    for step in steps {
        fix(&mut step.title);
        fix_blocks(&mut step.blocks, fix);
        fix_steps(&mut step.substeps, fix);
    }
}

fn fix_blocks(blocks: &mut Vec<Block>, fix: Fix<'_>) {
    for block in blocks.iter_mut() {
        match block {
            Block::Paragraph { inlines, .. } | Block::Heading { inlines, .. } => fix(inlines),
            Block::List { items, .. } => {
                for item in items {
                    fix_blocks(&mut item.blocks, fix);
                }
            }
            Block::Callout { blocks, .. }
            | Block::Quote { blocks, .. }
            | Block::Include { blocks, .. } => fix_blocks(blocks, fix),
            Block::Table { header, rows, .. } => {
                header.iter_mut().for_each(fix);
                rows.iter_mut().flatten().for_each(fix);
            }
            Block::Video { title, .. } => fix(title),
            _ => {}
        }
    }
    // an image a file cannot show (relative, unsafe) is its alt text; a remote one the project
    // does not load is a link (the same rule as images inside text)
    for block in blocks.iter_mut() {
        if let Block::Image { url, alt, origin } = block {
            let image = Inline::Image {
                url: url.clone(),
                alt: alt.clone(),
            };
            let mut inlines = vec![image.clone()];
            fix(&mut inlines);
            if inlines != [image] {
                *block = Block::Paragraph {
                    inlines,
                    origin: origin.clone(),
                };
            }
        }
    }
    blocks.retain(|b| !matches!(b, Block::Paragraph { inlines, .. } if inlines.is_empty() || inlines.iter().all(|i| matches!(i, Inline::Text { text } if text == "[]"))));
}

/// The marker of item `n` of a list: `3.` (counting from the list's start) or `-`.
fn list_marker(ordered: bool, start: Option<u64>, n: usize) -> String {
    if ordered {
        format!("{}.", start.unwrap_or(1) + n as u64)
    } else {
        "-".to_string()
    }
}

/// An image as a checklist file shows it: a web image as it is when the project loads remote
/// images, else a link to it; any other image as its alt text (`None` without one).
fn file_image(image: Inline, links: &LinkMap) -> Option<Inline> {
    let Inline::Image { url, alt } = &image else {
        return Some(image);
    };
    if !is_web_address(url) {
        return (!alt.trim().is_empty()).then(|| Inline::Text {
            text: format!("[{}]", alt.trim()),
        });
    }
    if links.remote_images() {
        return Some(image);
    }
    let text = if alt.trim().is_empty() { url } else { alt };
    Some(Inline::Link {
        url: url.clone(),
        title: String::new(),
        children: vec![Inline::Text {
            text: text.trim().to_string(),
        }],
    })
}

fn is_web_address(url: &str) -> bool {
    matches!(crate::url::scheme(url).as_deref(), Some("http" | "https"))
}

fn fix_inlines(inlines: &mut Vec<Inline>, links: &LinkMap, from: &str, locale: &str) {
    let old = std::mem::take(inlines);
    for mut inline in old {
        match &mut inline {
            Inline::Link { url, children, .. } => {
                fix_inlines(children, links, from, locale);
                match links.absolute(url, from, locale) {
                    Some(href) => *url = href,
                    None => {
                        inlines.append(children);
                        continue;
                    }
                }
            }
            Inline::Image { .. } => {
                inlines.extend(file_image(inline, links));
                continue;
            }
            Inline::Emphasis { children }
            | Inline::Strong { children }
            | Inline::Strikethrough { children } => fix_inlines(children, links, from, locale),
            _ => {}
        }
        inlines.push(inline);
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
    // everything the step says, in order, under its box; sub-steps where they stand
    let (before, after) = step
        .blocks
        .split_at(step.substeps_at.min(step.blocks.len()));
    let inner = format!("{indent}  ");
    let push_lines = |out: &mut String, blocks: &[Block]| {
        for line in markdown_blocks(blocks, t) {
            if line.is_empty() {
                out.push('\n');
            } else {
                let _ = writeln!(out, "{inner}{line}");
            }
        }
    };
    if !before.is_empty() {
        out.push('\n');
        push_lines(out, before);
    }
    for substep in &step.substeps {
        markdown_step(out, substep, t, depth + 1);
    }
    if !after.is_empty() {
        out.push('\n');
        push_lines(out, after);
    }
}

/// `Step 3` for a step, `a.` for a sub-step.
pub(super) fn step_label(step: &Step, t: &Localizer, depth: usize) -> String {
    if depth == 0 {
        t.format("step-label", &[("number", &step.number)])
    } else {
        format!("{}.", step.number)
    }
}

/// Blocks as markdown lines, every kind of block kept (an empty line between blocks).
fn markdown_blocks(blocks: &[Block], t: &Localizer) -> Vec<String> {
    let mut lines = Vec::new();
    for block in blocks {
        let mut these = markdown_block(block, t);
        if these.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.append(&mut these);
    }
    lines
}

fn markdown_block(block: &Block, t: &Localizer) -> Vec<String> {
    let quoted = |lines: Vec<String>| -> Vec<String> {
        lines
            .into_iter()
            .map(|l| {
                if l.is_empty() {
                    ">".into()
                } else {
                    format!("> {l}")
                }
            })
            .collect()
    };
    match block {
        Block::Paragraph { inlines, .. } => vec![markdown_inlines(inlines)],
        Block::Heading { inlines, .. } => vec![format!("**{}**", markdown_inlines(inlines))],
        Block::List {
            ordered,
            start,
            items,
            ..
        } => {
            let mut lines = Vec::new();
            for (n, item) in items.iter().enumerate() {
                let marker = list_marker(*ordered, *start, n);
                let pad = " ".repeat(super::display_width(&marker) + 1);
                let body = markdown_blocks(&item.blocks, t);
                if body.is_empty() {
                    lines.push(marker.clone());
                }
                for (i, line) in body.into_iter().enumerate() {
                    lines.push(match (i, line.is_empty()) {
                        (0, _) => format!("{marker} {line}"),
                        (_, true) => String::new(),
                        _ => format!("{pad}{line}"),
                    });
                }
            }
            lines
        }
        Block::Callout { kind, blocks, .. } => {
            let label = t.get(&callout_label_id(*kind));
            let mut lines = vec![format!("**{label}:**")];
            lines.extend(markdown_blocks(blocks, t));
            quoted(lines)
        }
        Block::Quote { blocks, .. } => quoted(markdown_blocks(blocks, t)),
        Block::Code { language, text, .. } => {
            let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
            let fence = "`".repeat(longest.max(2) + 1);
            let mut lines = vec![format!("{fence}{}", language.as_deref().unwrap_or(""))];
            lines.extend(text.trim_end_matches('\n').lines().map(str::to_string));
            lines.push(fence);
            lines
        }
        Block::Table { header, rows, .. } => {
            let row = |cells: &[Vec<Inline>]| {
                let cells: Vec<String> = cells
                    .iter()
                    .map(|c| markdown_inlines(c).replace('|', "\\|"))
                    .collect();
                format!("| {} |", cells.join(" | "))
            };
            let mut lines = vec![row(header)];
            lines.push(format!("|{}", " --- |".repeat(header.len().max(1))));
            lines.extend(rows.iter().map(|r| row(r)));
            lines
        }
        Block::Image { url, alt, .. } => {
            let mut text = String::new();
            push_markdown_text(&mut text, alt);
            vec![format!("![{text}]({})", markdown_url(url))]
        }
        Block::Video { url, title, .. } => {
            let title = markdown_inlines(title);
            let title = if title.is_empty() { url.clone() } else { title };
            vec![format!("[{title}]({})", markdown_url(url))]
        }
        Block::CodeSample { name, path, .. } => {
            let mut text = String::new();
            push_markdown_text(&mut text, &super::html::code_sample_note(name, path, t));
            vec![format!("_{text}_")]
        }
        Block::Marker { .. } if block.tab_label().is_some() => {
            let mut label = String::new();
            push_markdown_text(&mut label, block.tab_label().unwrap_or_default());
            vec![format!("**{label}**")]
        }
        Block::Include { blocks, .. } => markdown_blocks(blocks, t),
        // raw HTML keeps its text, never its markup (a checklist file is not a sanitized page)
        Block::Html { html, .. } => html_text(html)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| {
                let mut text = String::new();
                push_markdown_text(&mut text, l);
                text
            })
            .collect(),
        Block::Rule { .. } | Block::Div { .. } | Block::Marker { .. } => Vec::new(),
    }
}

/// The text of raw HTML: tags dropped (by the sanitizer, so nothing active survives), entities
/// decoded, one line per line of text.
fn html_text(html: &str) -> String {
    let text = ammonia::Builder::empty().clean(html).to_string();
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
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
            Inline::Code { text } => out.push_str(&code_span(text)),
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
            // like raw HTML blocks, inline tags keep their text, never their markup: a checklist
            // file is not a sanitized page (no `<script>`, `<input>` or `javascript:` in it)
            Inline::Html { html } => {
                if html
                    .trim_start()
                    .get(..3)
                    .is_some_and(|t| t.eq_ignore_ascii_case("<br"))
                {
                    out.push(' ');
                }
            }
            Inline::SoftBreak | Inline::HardBreak => out.push(' '),
        }
    }
}

/// `text` as a CommonMark code span: a fence longer than any run of backticks in it, and a
/// space inside the fence when the text starts or ends with a backtick or is padded with
/// spaces (which the reader strips again).
fn code_span(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = text.starts_with('`')
        || text.ends_with('`')
        || (text.starts_with(' ') && text.ends_with(' ') && !text.trim().is_empty());
    let space = if pad { " " } else { "" };
    format!("{fence}{space}{text}{space}{fence}")
}

fn wrap_markdown(out: &mut String, mark: &str, children: &[Inline]) {
    out.push_str(mark);
    push_markdown_inlines(out, children);
    out.push_str(mark);
}

/// Escapes the characters that would start markdown syntax inside text.
pub(super) fn push_markdown_text(out: &mut String, text: &str) {
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
                    if super::shows_its_address(url, children) {
                        continue;
                    }
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
    let _ = writeln!(
        w.out,
        "{title}\n{}\n",
        "=".repeat(super::display_width(&title))
    );
    let groups = groups(article);
    if groups.is_empty() {
        let _ = writeln!(w.out, "{}\n", t.get("checklist-no-steps"));
    }
    for group in groups {
        if let Some(title) = group.title {
            let title = w.inlines(title);
            let _ = writeln!(
                w.out,
                "{title}\n{}\n",
                "-".repeat(super::display_width(&title))
            );
        }
        for step in group.steps {
            text_step(&mut w, step, t, 0);
        }
        w.out.push('\n');
    }
    if !w.links.is_empty() {
        let heading = t.get("checklist-links");
        let _ = writeln!(
            w.out,
            "{heading}\n{}",
            "-".repeat(super::display_width(&heading))
        );
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
    // everything the step says, in order, under its box; sub-steps where they stand
    let (before, after) = step
        .blocks
        .split_at(step.substeps_at.min(step.blocks.len()));
    let inner = format!("{indent}    ");
    for line in text_blocks(w, before, t) {
        let _ = writeln!(w.out, "{inner}{line}");
    }
    for substep in &step.substeps {
        text_step(w, substep, t, depth + 1);
    }
    for line in text_blocks(w, after, t) {
        let _ = writeln!(w.out, "{inner}{line}");
    }
}

/// Blocks as plain-text lines (links numbered), every kind of block kept.
fn text_blocks(w: &mut TextWriter, blocks: &[Block], t: &Localizer) -> Vec<String> {
    let mut lines = Vec::new();
    for block in blocks {
        lines.extend(text_block(w, block, t));
    }
    lines
}

fn text_block(w: &mut TextWriter, block: &Block, t: &Localizer) -> Vec<String> {
    let nested = |lines: Vec<String>, first: &str, rest: &str| -> Vec<String> {
        lines
            .into_iter()
            .enumerate()
            .map(|(i, l)| format!("{}{l}", if i == 0 { first } else { rest }))
            .collect()
    };
    match block {
        Block::Paragraph { inlines, .. } | Block::Heading { inlines, .. } => {
            let text = w.inlines(inlines);
            if text.is_empty() {
                Vec::new()
            } else {
                vec![text]
            }
        }
        Block::List {
            ordered,
            start,
            items,
            ..
        } => {
            let mut lines = Vec::new();
            for (n, item) in items.iter().enumerate() {
                let marker = format!("{} ", list_marker(*ordered, *start, n));
                let pad = " ".repeat(super::display_width(&marker));
                let body = text_blocks(w, &item.blocks, t);
                if body.is_empty() {
                    lines.push(marker.trim_end().to_string());
                }
                lines.extend(nested(body, &marker, &pad));
            }
            lines
        }
        Block::Callout { kind, blocks, .. } => {
            let label = t.get(&callout_label_id(*kind));
            let mut lines = vec![format!("! {label}:")];
            let body = text_blocks(w, blocks, t);
            lines.extend(nested(body, "  ", "  "));
            lines
        }
        Block::Quote { blocks, .. } => {
            let body = text_blocks(w, blocks, t);
            nested(body, "| ", "| ")
        }
        Block::Code { text, .. } => text
            .trim_end_matches('\n')
            .lines()
            .map(|l| format!("    {l}"))
            .collect(),
        Block::Table { header, rows, .. } => {
            let mut lines = Vec::new();
            for row in std::iter::once(header).chain(rows.iter()) {
                let cells: Vec<String> = row.iter().map(|c| w.inlines(c)).collect();
                lines.push(cells.join(" | "));
            }
            lines
        }
        Block::Image { alt, .. } => {
            if alt.trim().is_empty() {
                Vec::new()
            } else {
                vec![format!("[{}]", alt.trim())]
            }
        }
        Block::Video { url, title, .. } => {
            let link = Inline::Link {
                url: url.clone(),
                title: String::new(),
                children: title.clone(),
            };
            vec![w.inlines(std::slice::from_ref(&link))]
        }
        Block::CodeSample { name, path, .. } => {
            vec![super::html::code_sample_note(name, path, t)]
        }
        Block::Marker { .. } if block.tab_label().is_some() => {
            vec![block.tab_label().unwrap_or_default().to_string()]
        }
        Block::Include { blocks, .. } => text_blocks(w, blocks, t),
        Block::Html { html, .. } => html_text(html)
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| !l.is_empty())
            .collect(),
        Block::Rule { .. } | Block::Div { .. } | Block::Marker { .. } => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::code_span;

    #[test]
    fn code_spans_read_back_as_the_same_code() {
        for code in ["x", "`x`", "a``b", "``", " padded ", "`", "a ` b"] {
            let span = code_span(code);
            let html = crate::markdown::render_html(&span);
            let inner = html
                .split("<code>")
                .nth(1)
                .and_then(|rest| rest.split("</code>").next())
                .unwrap_or_else(|| panic!("{span} -> {html}"));
            assert_eq!(inner.replace("&amp;", "&"), code, "{span} -> {html}");
        }
    }
}
