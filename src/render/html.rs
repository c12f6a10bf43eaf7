//! The article model as HTML fragments: blocks, inlines, steps (as a procedure or as a
//! checklist of checkboxes).
//!
//! Text is escaped; raw HTML from content is passed through and the whole fragment is then
//! sanitized with ammonia ([`sanitize`]), which removes scripts, event handlers and unsafe URLs
//! whatever the content says. Links are checked first ([`super::links`]): `javascript:` and
//! other unsafe URLs are dropped with a diagnostic, links to other articles point to their
//! generated pages.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::sync::LazyLock;

use crate::model::{Block, CalloutKind, Inline, Step, plain_text};

use super::RenderContext;
use super::links::{ImageSource, LinkTarget};

/// How steps are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepMode {
    /// A numbered procedure in an article page.
    Procedure,
    /// Checkboxes keyed by step key (the interactive checklist); each step is a heading, its
    /// top-level steps at `heading` (2 to 6), sub-steps one level deeper.
    Checklist {
        /// Heading level of the top-level steps.
        heading: u8,
    },
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

pub(crate) fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Renders blocks.
pub fn push_blocks(out: &mut String, blocks: &[Block], context: &RenderContext<'_>) {
    for block in blocks {
        push_block(out, block, context);
    }
}

fn push_block(out: &mut String, block: &Block, context: &RenderContext<'_>) {
    let line = block.origin().line;
    match block {
        Block::Paragraph { inlines, origin } => {
            out.push_str("<p>");
            push_inlines(out, inlines, context, line);
            push_source(out, &origin.segments, context);
            out.push_str("</p>\n");
        }
        Block::Heading {
            level,
            inlines,
            origin,
        } => {
            // headings inside content sit below the page's own h1/h2/h3
            let level = (*level).clamp(4, 6);
            let _ = write!(out, "<h{level}>");
            push_inlines(out, inlines, context, line);
            push_source(out, &origin.segments, context);
            let _ = writeln!(out, "</h{level}>");
        }
        Block::List {
            ordered,
            start,
            items,
            ..
        } => {
            match (ordered, start) {
                (true, Some(n)) if *n != 1 => {
                    let _ = write!(out, "<ol start=\"{n}\">");
                }
                (true, _) => out.push_str("<ol>"),
                (false, _) => out.push_str("<ul>"),
            }
            for item in items {
                out.push_str("<li>");
                push_item_blocks(out, &item.blocks, context);
                out.push_str("</li>");
            }
            out.push_str(if *ordered { "</ol>\n" } else { "</ul>\n" });
        }
        Block::Callout { kind, blocks, .. } => push_callout(out, *kind, blocks, context),
        Block::Quote { blocks, .. } => {
            out.push_str("<blockquote>");
            push_blocks(out, blocks, context);
            out.push_str("</blockquote>\n");
        }
        Block::Code { language, text, .. } => {
            out.push_str("<pre><code");
            if let Some(language) = language {
                let _ = write!(out, " class=\"language-{}\"", escape(language));
            }
            out.push('>');
            push_escaped(out, text);
            out.push_str("</code></pre>\n");
        }
        Block::Table { header, rows, .. } => {
            out.push_str("<div class=\"table\"><table>");
            // `|||` over `|:--|:--|` is how DocFX writes a table without column headings: no
            // row of empty headings for a screen reader to announce
            let headed = header.iter().flatten().any(|inline| match inline {
                Inline::Text { text } => !text.trim().is_empty(),
                _ => true,
            });
            if headed {
                out.push_str("<thead><tr>");
                for cell in header {
                    out.push_str("<th scope=\"col\">");
                    push_inlines(out, cell, context, line);
                    out.push_str("</th>");
                }
                out.push_str("</tr></thead>");
            }
            out.push_str("<tbody>");
            for row in rows {
                out.push_str("<tr>");
                for cell in row {
                    out.push_str("<td>");
                    push_inlines(out, cell, context, line);
                    out.push_str("</td>");
                }
                out.push_str("</tr>");
            }
            out.push_str("</tbody></table></div>\n");
        }
        Block::Image { url, alt, .. } => {
            let mut image = String::new();
            push_image(&mut image, url, alt, context, line);
            if !image.is_empty() {
                let _ = writeln!(out, "<p>{image}</p>");
            }
        }
        Block::Video { url, title, .. } => {
            let label = if title.is_empty() {
                context.t.get("video-link")
            } else {
                context
                    .t
                    .format("video-link-titled", &[("title", &plain_text(title))])
            };
            match context.links.resolve(url, context, line) {
                LinkTarget::Href(href) => {
                    let _ = writeln!(
                        out,
                        "<p class=\"video\"><a href=\"{}\">{}</a></p>",
                        escape(&href),
                        escape(&label)
                    );
                }
                LinkTarget::TextOnly | LinkTarget::Unavailable => {
                    let _ = writeln!(out, "<p class=\"video\">{}</p>", escape(&label));
                }
            }
        }
        Block::CodeSample { name, path, .. } => {
            let _ = writeln!(
                out,
                "<p class=\"code-unavailable\">{}</p>",
                escape(&code_sample_note(name, path, context.t))
            );
        }
        Block::Include {
            resolved,
            blocks,
            origin,
            ..
        } => {
            if *resolved {
                let outer = context.included_at.get();
                context.included_at.set(outer.or(Some(origin.line)));
                push_blocks(out, blocks, context);
                context.included_at.set(outer);
            }
        }
        // a DocFX tab (`# [Azure CLI](#tab/azure-cli)`) is shown by its label: the blocks after
        // it are the way to do it with that tool or on that platform
        Block::Marker { .. } if block.tab_label().is_some() => {
            let label = block.tab_label().unwrap_or_default();
            let _ = writeln!(
                out,
                "<p class=\"tab-label\"><strong>{}</strong></p>",
                escape(label)
            );
        }
        Block::Div { .. } | Block::Marker { .. } | Block::Rule { .. } => {
            if matches!(block, Block::Rule { .. }) {
                out.push_str("<hr>\n");
            }
        }
        Block::Html { html, origin } => {
            if context.raw_html_as_text.get() {
                out.push_str("<pre>");
                push_escaped(out, html);
                out.push_str("</pre>\n");
            } else {
                out.push_str(&resolve_raw_links(html, context, origin.line));
                out.push('\n');
            }
        }
    }
}

/// What a page or checklist says in place of a code sample it cannot show: its name and file.
pub fn code_sample_note(name: &str, path: &str, t: &crate::l10n::Localizer) -> String {
    let file = path.split(['#', '?']).next().unwrap_or(path);
    let file = file.rsplit(['/', '\\']).next().unwrap_or(file);
    // `:::code source="…":::` names only its file
    if name.trim().is_empty() {
        return t.format("code-file-unavailable", &[("file", file)]);
    }
    t.format(
        "code-sample-unavailable",
        &[("name", name.trim()), ("file", file)],
    )
}

/// Raw HTML from content as the page shows it ([`crate::raw_html::rewrite`]): the `href` of each
/// `<a>` resolved as a markdown link's is ([`super::links::LinkMap::resolve`]: a link to another
/// article points to its page, one to an article that is not in the content loses its `href`
/// and is marked unavailable, an unsafe one loses its `href`), its ids made unique on the page,
/// obsolete elements renamed. The sanitizer still sees the result.
fn resolve_raw_links<'h>(
    html: &'h str,
    context: &RenderContext<'_>,
    line: usize,
) -> std::borrow::Cow<'h, str> {
    use crate::raw_html::{Edits, LinkEdit};
    let mut link = |href: &str| match context.links.resolve(href, context, line) {
        LinkTarget::Href(resolved) if resolved == href => LinkEdit::Keep,
        LinkTarget::Href(resolved) => LinkEdit::Href(resolved),
        LinkTarget::TextOnly => LinkEdit::Unlink(Vec::new()),
        LinkTarget::Unavailable => LinkEdit::Unlink(vec![
            ("class", "link-unavailable".to_string()),
            ("title", context.t.get("link-unavailable")),
        ]),
    };
    let mut image = |src: &str| {
        report_missing_image(src, context, line);
        None
    };
    let mut id = |asked: &str| context.content_id(asked);
    crate::raw_html::rewrite(
        html,
        Edits {
            link: Some(&mut link),
            image: Some(&mut image),
            id: Some(&mut id),
            modernize: true,
        },
    )
}

/// A tight list item's single paragraph renders without `<p>`.
fn push_item_blocks(out: &mut String, blocks: &[Block], context: &RenderContext<'_>) {
    match blocks {
        [Block::Paragraph { inlines, origin }] => {
            push_inlines(out, inlines, context, origin.line);
            push_source(out, &origin.segments, context);
        }
        _ => push_blocks(out, blocks, context),
    }
}

/// The en-US text a translated block came from ([`RenderContext::sources`]), hidden until the
/// reader asks for it: kbgen's own markup (a placeholder through the sanitizer), in English and
/// left to right whatever the page's language.
pub fn push_source(out: &mut String, segments: &[String], context: &RenderContext<'_>) {
    let Some(sources) = context.sources else {
        return;
    };
    if segments.is_empty() {
        return;
    }
    let texts: Vec<&str> = segments
        .iter()
        .filter_map(|id| sources.get(id).map(String::as_str))
        .filter(|text| !text.trim().is_empty())
        .collect();
    if texts.is_empty() {
        return;
    }
    let text = texts.join(" ");
    context.push_control(
        out,
        "<span class=\"sxs-source\" lang=\"en-US\" dir=\"ltr\">".to_string(),
    );
    push_escaped(out, &text);
    context.push_control(out, "</span>".to_string());
}

/// The CSS class and Fluent id of a callout kind.
pub fn callout_label_id(kind: CalloutKind) -> String {
    format!("callout-{}", kind.as_str())
}

fn push_callout(
    out: &mut String,
    kind: CalloutKind,
    blocks: &[Block],
    context: &RenderContext<'_>,
) {
    let label = context.t.get(&callout_label_id(kind));
    let role = if matches!(
        kind,
        CalloutKind::Warning | CalloutKind::Caution | CalloutKind::Important
    ) {
        " role=\"note\""
    } else {
        ""
    };
    let _ = write!(
        out,
        "<aside class=\"callout callout-{}\"{role}><p class=\"callout-label\"><strong>{}</strong></p>",
        kind.as_str(),
        escape(&label)
    );
    push_blocks(out, blocks, context);
    out.push_str("</aside>\n");
}

/// Renders inlines; `line` locates diagnostics about links.
pub fn push_inlines(
    out: &mut String,
    inlines: &[Inline],
    context: &RenderContext<'_>,
    line: usize,
) {
    for inline in inlines {
        match inline {
            Inline::Text { text } => push_escaped(out, text),
            Inline::Code { text } => {
                out.push_str("<code>");
                push_escaped(out, text);
                out.push_str("</code>");
            }
            Inline::Emphasis { children } => wrap(out, "em", children, context, line),
            Inline::Strong { children } => wrap(out, "strong", children, context, line),
            Inline::Strikethrough { children } => wrap(out, "del", children, context, line),
            Inline::Link {
                url,
                title,
                children,
            } => match context.links.resolve(url, context, line) {
                LinkTarget::Href(href) => {
                    let _ = write!(out, "<a href=\"{}\"", escape(&href));
                    if !title.is_empty() {
                        let _ = write!(out, " title=\"{}\"", escape(title));
                    }
                    out.push('>');
                    push_inlines(out, children, context, line);
                    out.push_str("</a>");
                }
                LinkTarget::TextOnly => push_inlines(out, children, context, line),
                LinkTarget::Unavailable => {
                    let _ = write!(
                        out,
                        "<span class=\"link-unavailable\" title=\"{}\">",
                        escape(&context.t.get("link-unavailable"))
                    );
                    push_inlines(out, children, context, line);
                    out.push_str("</span>");
                }
            },
            Inline::Image { url, alt } => push_image(out, url, alt, context, line),
            Inline::Html { html } if context.raw_html_as_text.get() => push_escaped(out, html),
            Inline::Html { html } => match crate::model::inline_bookmark(html) {
                // the sanitizer drops `name`: a bookmark becomes an `id`, so in-page links work
                Some(anchor) => {
                    let _ = write!(out, "<a id=\"{}\">", escape(&context.content_id(anchor)));
                }
                None => out.push_str(&resolve_raw_links(html, context, line)),
            },
            Inline::SoftBreak => out.push('\n'),
            Inline::HardBreak => out.push_str("<br>\n"),
        }
    }
}

/// An image as the link policy allows it: shown, a link to a remote image the project does not
/// load, or (unsafe) its alt text as a placeholder, so an image that cannot be shown still says
/// what it showed.
fn push_image(out: &mut String, url: &str, alt: &str, context: &RenderContext<'_>, line: usize) {
    match context.links.image(url, context, line) {
        ImageSource::Show(_) if report_missing_image(url, context, line) => {
            if !alt.trim().is_empty() {
                out.push_str(&image_placeholder(alt));
            }
        }
        ImageSource::Show(src) => {
            let _ = write!(
                out,
                "<img src=\"{}\" alt=\"{}\">",
                escape(&src),
                escape(alt)
            );
        }
        ImageSource::Remote(href) => {
            let text = if alt.trim().is_empty() { &href } else { alt };
            let _ = write!(
                out,
                "<a class=\"image-remote\" href=\"{}\">{}</a>",
                escape(&href),
                escape(text)
            );
        }
        ImageSource::Dropped if !alt.trim().is_empty() => out.push_str(&image_placeholder(alt)),
        ImageSource::Dropped => {}
    }
}

/// Whether `url` is a local image that the build knows does not exist (so it is not published).
/// Reports `missing-image` when `url` names a local image the content does not have; whether
/// it did.
fn report_missing_image(url: &str, context: &RenderContext<'_>, line: usize) -> bool {
    if !missing_local_image(url, context) {
        return false;
    }
    let file = url.trim().split(['?', '#']).next().unwrap_or(url);
    context.report(
        line,
        crate::diagnostic::Severity::Warning,
        "missing-image",
        format!("image `{file}` does not exist"),
    );
    true
}

fn missing_local_image(url: &str, context: &RenderContext<'_>) -> bool {
    let url = url.trim();
    let local = crate::url::scheme(url).is_none() && !url.starts_with('/') && !url.is_empty();
    local
        && context.media.is_some_and(|media| {
            !media.contains_key(&(context.path.to_path_buf(), url.to_string()))
        })
}

fn wrap(
    out: &mut String,
    tag: &str,
    children: &[Inline],
    context: &RenderContext<'_>,
    line: usize,
) {
    let _ = write!(out, "<{tag}>");
    push_inlines(out, children, context, line);
    let _ = write!(out, "</{tag}>");
}

/// The alt text of an image that is not shown (its address was refused), in brackets.
fn image_placeholder(alt: &str) -> String {
    format!(
        "<span class=\"image-unavailable\">[{}]</span>",
        escape(alt.trim())
    )
}

/// Renders `blocks` with a procedure of `steps` standing before block `steps_at` (the model's
/// `steps_at`/`substeps_at`), so the article's order is kept.
pub fn push_blocks_with_steps(
    out: &mut String,
    blocks: &[Block],
    steps_at: usize,
    steps: &[Step],
    context: &RenderContext<'_>,
    depth: usize,
) {
    let (before, after) = blocks.split_at(steps_at.min(blocks.len()));
    push_blocks(out, before, context);
    push_steps(out, steps, context, StepMode::Procedure, depth);
    push_blocks(out, after, context);
}

/// Renders steps (and their sub-steps) as a procedure or a checklist.
pub fn push_steps(
    out: &mut String,
    steps: &[Step],
    context: &RenderContext<'_>,
    mode: StepMode,
    depth: usize,
) {
    push_steps_under(out, steps, context, mode, depth, None);
}

/// The step whose sub-steps are being drawn: a checklist box names its parent step, so a script
/// can tick a step when its sub-steps are done; an optional step's sub-steps are optional too.
#[derive(Clone, Copy)]
struct Parent<'a> {
    key: &'a str,
    /// The parent is optional, or one of its own parents is.
    optional: bool,
}

/// [`push_steps`] for the sub-steps of `parent`.
fn push_steps_under(
    out: &mut String,
    steps: &[Step],
    context: &RenderContext<'_>,
    mode: StepMode,
    depth: usize,
    parent: Option<Parent<'_>>,
) {
    if steps.is_empty() {
        return;
    }
    let class = if depth == 0 { "steps" } else { "substeps" };
    match mode {
        StepMode::Procedure => {
            let _ = write!(out, "<ol class=\"{class}\">");
        }
        StepMode::Checklist { .. } => {
            let _ = write!(out, "<ul class=\"{class} checklist\">");
        }
    }
    for step in steps {
        let id = crate::model::step_anchor(&step.key);
        let optional = step.optional_under(parent.is_some_and(|p| p.optional));
        let line = step.origin.line;
        let _ = write!(
            out,
            "<li id=\"{id}\" class=\"step{}\">",
            if step.optional { " optional" } else { "" }
        );
        let label = if depth == 0 {
            context.t.format("step-label", &[("number", &step.number)])
        } else {
            format!("{}.", step.number)
        };
        match mode {
            StepMode::Procedure => {
                let _ = write!(
                    out,
                    "<p class=\"step-title\"><span class=\"step-number\" dir=\"auto\">{}</span> ",
                    escape(&label)
                );
                push_inlines(out, &step.title, context, line);
                push_optional_badge(out, step, context);
                push_source(out, &step.origin.segments, context);
                out.push_str("</p>");
            }
            StepMode::Checklist { heading } => {
                // the step is a heading of the page outline holding kbgen's own box and label:
                // placeholders through the sanitizer, which lets no form control, label or
                // `data-step` through from content
                let level = (usize::from(heading) + depth).clamp(2, 6);
                let mut control = format!(
                    "<h{level} class=\"step-heading\"><input type=\"checkbox\" id=\"kbgen:check-{id}\" data-step=\"{}\" data-title=\"{}\"",
                    escape(&step.key),
                    escape(&plain_text(&step.title)),
                );
                if let Some(parent) = parent {
                    let _ = write!(control, " data-parent=\"{}\"", escape(parent.key));
                }
                if optional {
                    control.push_str(" data-optional=\"\"");
                }
                let _ = write!(control, "><label for=\"kbgen:check-{id}\">");
                context.push_control(out, control);
                // the label's content is balanced on its own, so no tag of it crosses `</label>`
                let mut inner = String::new();
                let _ = write!(
                    inner,
                    "<span class=\"step-number\" dir=\"auto\">{}</span> ",
                    escape(&label)
                );
                push_inlines(&mut inner, &step.title, context, line);
                push_optional_badge(&mut inner, step, context);
                out.push_str(&sanitize_for(&inner, context.links.remote_images()));
                context.push_control(out, format!("</label></h{level}>"));
            }
        }
        // everything the step says, in order, with its sub-steps where they stand: a checklist
        // chooses only which items get a box, never which text is shown
        let (before, after) = step
            .blocks
            .split_at(step.substeps_at.min(step.blocks.len()));
        push_blocks(out, before, context);
        push_steps_under(
            out,
            &step.substeps,
            context,
            mode,
            depth + 1,
            Some(Parent {
                key: &step.key,
                optional,
            }),
        );
        push_blocks(out, after, context);
        out.push_str("</li>\n");
    }
    out.push_str(if mode == StepMode::Procedure {
        "</ol>\n"
    } else {
        "</ul>\n"
    });
}

/// Callouts a responder must see next to the step: important, warning, caution.
pub fn is_alerting(block: &Block) -> bool {
    matches!(
        block,
        Block::Callout {
            kind: CalloutKind::Important | CalloutKind::Warning | CalloutKind::Caution,
            ..
        }
    )
}

fn push_optional_badge(out: &mut String, step: &Step, context: &RenderContext<'_>) {
    if step.optional {
        let _ = write!(
            out,
            " <span class=\"badge optional\">{}</span>",
            escape(&context.t.get("optional"))
        );
    }
}

/// Deepest element nesting of a page body passed to the sanitizer. HTML parsing slows down
/// with depth (scope checks walk the stack of open elements), so a body nested deeper is
/// rendered again with its raw HTML shown as text; kbgen's own markup nests a few dozen levels.
pub const MAX_HTML_DEPTH: usize = 512;

const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// The deepest element nesting in `html`, counted from its tags without building a tree.
pub fn nesting_depth(html: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if rest.starts_with("!--") {
            rest = rest.find("-->").map_or("", |end| &rest[end + 3..]);
            continue;
        }
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        if let Some(closing) = tag.strip_prefix('/') {
            if closing.starts_with(|c: char| c.is_ascii_alphabetic()) {
                depth = depth.saturating_sub(1);
            }
        } else if tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let name: String = tag
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            if !tag.ends_with('/') && !VOID_ELEMENTS.contains(&name.as_str()) {
                depth += 1;
                deepest = deepest.max(depth);
            }
        }
        rest = &rest[end.min(rest.len())..];
    }
    deepest
}

/// The sanitizer for every HTML fragment built from content.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| builder(true));

/// The same, keeping no `src` of an image on another site (raw `<img>` in content): pages of a
/// project that does not allow remote images fetch nothing from third parties.
static LOCAL_SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| builder(false));

/// Classes of the page's own interface (the templates' and the checklist script's): content
/// cannot give an element one of them, so it can neither look like kbgen's controls nor be
/// picked up by the script. `tests/testsuite/site.rs` checks every class in `templates/` is here.
pub const PAGE_CLASSES: &[&str] = &[
    "article-index",
    "attribution",
    "banner",
    "breadcrumbs",
    "checklist-link",
    "checklist-page",
    "choose",
    "confirm-reset",
    "index-section",
    "intro",
    "language-chooser",
    "language-switcher",
    "languages",
    "note-print",
    "optional-progress",
    "pager",
    "pager-label",
    "pager-next",
    "pager-prev",
    "pagination",
    "print-only",
    "provenance",
    "recent-runs",
    "required-bar",
    "required-progress",
    "run",
    "run-complete",
    "run-fields",
    "run-progress",
    "run-summary",
    "screen-only",
    "search-excerpt",
    "search-more",
    "search-panel",
    "search-results",
    "search-section",
    "search-status",
    "search-title",
    "site-header",
    "site-nav",
    "site-nav-details",
    "site-nav-tree",
    "site-search",
    "site-title",
    "skip-link",
    "source-toggle",
    "step-heading",
    "step-note",
    "sxs-source",
    "tick-time",
    "toc",
    "toc-details",
    "toolbar",
    "undo",
];

/// How the ids of the page's own interface start (`kbgen:main`, `kbgen:run-reference`, the
/// boxes' `kbgen:check-…`): content cannot use such an id, and anchors made from headings never
/// hold a colon, so they never collide with the page's.
pub const PAGE_ID_PREFIX: &str = "kbgen:";

/// A class or id attribute of content without the page's own names ([`PAGE_CLASSES`],
/// [`PAGE_ID_PREFIX`]); `None` when nothing is left.
fn without_page_names(attribute: &str, value: &str) -> Option<String> {
    match attribute {
        "class" => {
            let kept: Vec<&str> = value
                .split_ascii_whitespace()
                .filter(|token| !PAGE_CLASSES.contains(token) && !token.starts_with("banner-"))
                .collect();
            (!kept.is_empty()).then(|| kept.join(" "))
        }
        "id" => (!value.starts_with(PAGE_ID_PREFIX)).then(|| value.to_string()),
        _ => Some(value.to_string()),
    }
}

/// Attributes ammonia allows by default that HTML has made obsolete.
const OBSOLETE_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("table", &["align", "char", "charoff", "summary"]),
    ("caption", &["align"]),
    ("col", &["align", "char", "charoff"]),
    ("colgroup", &["align", "char", "charoff"]),
    ("thead", &["align", "char", "charoff"]),
    ("tbody", &["align", "char", "charoff"]),
    ("tfoot", &["align", "char", "charoff"]),
    ("tr", &["align", "char", "charoff"]),
    ("td", &["align", "char", "charoff"]),
    ("th", &["align", "char", "charoff"]),
    ("hr", &["align", "size", "width"]),
    ("img", &["align"]),
];

fn builder(remote_images: bool) -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder.attribute_filter(move |element, attribute, value| {
        if !remote_images
            && element == "img"
            && attribute == "src"
            && super::links::is_remote(value)
        {
            return None;
        }
        without_page_names(attribute, value).map(Into::into)
    });
    builder
        .add_tags([
            "aside",
            "section",
            "nav",
            "details",
            "summary",
            "figure",
            "figcaption",
            "mark",
        ])
        .add_generic_attributes([
            "class",
            "id",
            "lang",
            "dir",
            "role",
            "title",
            "aria-label",
            "aria-hidden",
        ])
        .add_tag_attributes("ol", ["start"])
        .add_tag_attributes("th", ["scope"]);
    // presentational attributes HTML no longer has (older articles' tables): validators refuse
    // them, and the site's style sheet lays tables out
    for (tag, obsolete) in OBSOLETE_ATTRIBUTES {
        builder.rm_tag_attributes(tag, obsolete.iter().copied());
    }
    builder
        .url_schemes(HashSet::from([
            "http",
            "https",
            "mailto",
            "tel",
            "ms-settings",
        ]))
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(true);
    builder
}

/// Sanitizes an HTML fragment: no script, style or event handler survives, URLs are limited to
/// safe schemes, unbalanced tags are closed.
pub fn sanitize(html: &str) -> String {
    fix_images(&SANITIZER.clean(html).to_string())
}

/// [`sanitize`], and without loading images from other sites unless `remote_images`.
pub fn sanitize_for(html: &str, remote_images: bool) -> String {
    if remote_images {
        return sanitize(html);
    }
    fix_images(&LOCAL_SANITIZER.clean(html).to_string())
}

/// Images after sanitizing: one whose `src` was removed (a `data:` URL in raw HTML) is dropped,
/// one without `alt` gets `alt=""` (decorative), as HTML requires.
fn fix_images(html: &str) -> String {
    if !html.contains("<img") {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<img") {
        out.push_str(&rest[..at]);
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let tag = &rest[at..end];
        // the attributes as the sanitizer serialized them (`name="value"`, quotes escaped), so
        // an `alt` that holds the text ` src=` is not taken for a source
        let names = attribute_names(tag);
        if names.contains(&"src") {
            if names.contains(&"alt") {
                out.push_str(tag);
            } else {
                out.push_str(&tag.replacen("<img", "<img alt=\"\"", 1));
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The attribute names of a start tag as html5ever serializes it (`<img a="x" b="y">`).
fn attribute_names(tag: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let Some(mut rest) = tag.strip_prefix('<') else {
        return names;
    };
    // the element name
    rest = rest.trim_start_matches(|c: char| !c.is_whitespace() && c != '>' && c != '/');
    loop {
        rest = rest.trim_start();
        if rest.is_empty() || rest.starts_with('>') || rest.starts_with('/') {
            return names;
        }
        let name_end = rest
            .find(|c: char| c == '=' || c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        names.push(&rest[..name_end]);
        rest = &rest[name_end..];
        if let Some(value) = rest.strip_prefix("=\"") {
            rest = value.find('"').map_or("", |close| &value[close + 1..]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_alt_text_that_mentions_src_is_not_a_source() {
        // no src: the image is dropped, never left without one (invalid HTML)
        assert_eq!(sanitize("<p>a<img alt='x src=y'>b</p>"), "<p>ab</p>");
        let kept = sanitize("<p><img alt='a src=b' src='https://example.com/i.png'></p>");
        assert!(kept.contains("src=\"https://example.com/i.png\""), "{kept}");
        assert_eq!(
            attribute_names("<img alt=\"x src=&quot;y\" src=\"z\">"),
            ["alt", "src"]
        );
    }

    #[test]
    fn nesting_depth_counts_open_elements() {
        assert_eq!(nesting_depth("<div><p>a<br>b<img src=x></p><hr/></div>"), 2);
        assert_eq!(nesting_depth("<!-- <div><div> --><span>x</span>"), 1);
        assert_eq!(nesting_depth(&"<div>".repeat(1000)), 1000);
        assert_eq!(nesting_depth("a < b and c > d"), 0);
    }

    #[test]
    fn images_without_source_are_dropped_and_get_alt_text() {
        assert_eq!(
            sanitize("<p>a<img src='data:image/png;base64,AAAA'>b</p>"),
            "<p>ab</p>"
        );
        assert_eq!(
            sanitize("<img src=\"x.png\">"),
            "<img alt=\"\" src=\"x.png\">"
        );
    }

    #[test]
    fn sanitize_removes_scripts_and_handlers() {
        let clean = sanitize(
            "<p onclick=\"x()\">a<script>alert(1)</script><a href=\"javascript:x\">b</a></p>",
        );
        assert!(
            !clean.contains("script")
                && !clean.contains("onclick")
                && !clean.contains("javascript"),
            "{clean}"
        );
    }
}
