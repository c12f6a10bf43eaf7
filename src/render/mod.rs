//! Renderers: the article model into pages, checklists and (later) notices. Renderers never
//! parse content and never touch the disk: they return strings and diagnostics.
//!
//! - [`html`]: model blocks and steps as sanitized HTML fragments;
//! - [`links`]: the link policy (unsafe schemes dropped, article links rewritten);
//! - [`checklist`]: GitHub task-list markdown and plain-text checklists;
//! - [`record`]: a run of a checklist as a markdown record in any locale;
//! - [`site`]: the static site (article pages, interactive checklists, indexes, sitemap)
//!   through the Tera templates of [`crate::templates`];
//! - [`urls`]: the site's URL scheme (where pages live, how pages link to each other).

pub mod checklist;
pub mod email;
pub mod html;
pub mod links;
pub mod record;
pub mod site;
pub mod urls;

use std::cell::RefCell;
use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::l10n::Localizer;

/// Columns `text` takes in a monospace plain-text view (CJK ideographs take two, combining marks
/// none): underlines and hanging indents in `.txt` checklists and e-mail use it, never a count
/// of characters.
pub fn display_width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// What a renderer needs about the article being rendered.
pub struct RenderContext<'a> {
    /// UI strings in the page's locale.
    pub t: &'a Localizer,
    /// The site's articles, for links.
    pub links: &'a links::LinkMap,
    /// The article's slug.
    pub slug: &'a str,
    /// The content file (diagnostics name it).
    pub path: &'a Path,
    /// Diagnostics found while rendering.
    pub diagnostics: RefCell<Vec<Diagnostic>>,
    /// Show raw HTML from content as text (set for hostile, absurdly nested HTML).
    pub raw_html_as_text: std::cell::Cell<bool>,
    /// The line of the include marker whose content is being rendered: what is found inside
    /// included content is reported there (its own lines are in the included file).
    pub included_at: std::cell::Cell<Option<usize>>,
    /// Element ids given out on the page being rendered.
    ids: RefCell<crate::unique::UniqueNames>,
    /// The ids the article's own structure gives (its title, sections and steps): an id that
    /// content asks for gets another one rather than take theirs ([`RenderContext::content_id`]).
    reserved: RefCell<std::collections::HashSet<String>>,
    /// kbgen's own controls (checkboxes and their labels) on the page being rendered, put in
    /// after sanitizing: the sanitizer lets no form control or label through from content.
    controls: RefCell<Vec<String>>,
    /// Marks a control's place in the body; random per process, so content cannot forge it.
    nonce: u64,
    /// The local images that exist ([`crate::library::Versions::media`]); `None`: not known,
    /// local images are shown as written.
    pub media:
        Option<&'a std::collections::BTreeMap<(std::path::PathBuf, String), std::path::PathBuf>>,
    /// The en-US text of each segment of a translated article's file
    /// ([`crate::library::Versions::sources`]); shown under the translated blocks when the reader
    /// asks for it.
    pub sources: Option<&'a std::collections::HashMap<String, String>>,
}

/// Whether a link's text is its address (`https://aka.ms/x`, or `www.x.example` for
/// `https://www.x.example`): plain-text formats then need no numbered note pointing to it.
pub fn shows_its_address(url: &str, children: &[crate::model::Inline]) -> bool {
    let shown = crate::model::plain_text(children);
    let shown = shown.trim();
    url == shown || url.strip_prefix("https://") == Some(shown)
}

impl<'a> RenderContext<'a> {
    /// A context for one article.
    pub fn new(t: &'a Localizer, links: &'a links::LinkMap, slug: &'a str, path: &'a Path) -> Self {
        RenderContext {
            t,
            links,
            slug,
            path,
            diagnostics: RefCell::new(Vec::new()),
            raw_html_as_text: std::cell::Cell::new(false),
            included_at: std::cell::Cell::new(None),
            ids: RefCell::new(crate::unique::UniqueNames::default()),
            reserved: RefCell::new(std::collections::HashSet::new()),
            controls: RefCell::new(Vec::new()),
            nonce: {
                use std::hash::BuildHasher;
                std::collections::hash_map::RandomState::new().hash_one(slug)
            },
            media: None,
            sources: None,
        }
    }

    /// Writes kbgen's own control `markup` (an `<input>`, a `<label>` tag) into `out` as a
    /// placeholder that [`RenderContext::sanitized_body`] replaces after sanitizing.
    pub fn push_control(&self, out: &mut String, markup: String) {
        let mut controls = self.controls.borrow_mut();
        let _ = std::fmt::Write::write_fmt(
            out,
            format_args!("\u{E000}{:016x}-{}\u{E001}", self.nonce, controls.len()),
        );
        controls.push(markup);
    }

    fn restore_controls(&self, html: String) -> String {
        let controls = self.controls.borrow();
        if controls.is_empty() {
            return html;
        }
        let prefix = format!("\u{E000}{:016x}-", self.nonce);
        let mut out = String::with_capacity(html.len() + controls.len() * 64);
        let mut rest = html.as_str();
        while let Some(at) = rest.find(&prefix) {
            out.push_str(&rest[..at]);
            let after = &rest[at + prefix.len()..];
            let end = after.find('\u{E001}');
            let control = end
                .and_then(|end| after[..end].parse::<usize>().ok())
                .and_then(|n| controls.get(n));
            match (control, end) {
                (Some(markup), Some(end)) => {
                    out.push_str(markup);
                    rest = &after[end + '\u{E001}'.len_utf8()..];
                }
                _ => {
                    out.push_str(&prefix);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// `base`, or `base-2`, `base-3` … when the page already has that id.
    pub fn unique_id(&self, base: &str) -> String {
        self.ids.borrow_mut().claim(base, "-")
    }

    /// Keeps the ids of `article`'s title, sections and steps for them: content (a bookmark, an
    /// element of raw HTML) that asks for one of those gets a numbered id instead, wherever it
    /// stands on the page.
    pub fn reserve_ids(&self, article: &crate::model::Article) {
        fn sections(list: &[crate::model::Section], out: &mut std::collections::HashSet<String>) {
            for section in list {
                out.insert(section.anchor.clone());
                sections(&section.sections, out);
            }
        }
        let mut reserved = self.reserved.borrow_mut();
        reserved.clear();
        reserved.extend(article.anchor.clone());
        sections(&article.sections, &mut reserved);
        for step in article.all_steps() {
            reserved.insert(crate::model::step_anchor(&step.key));
            reserved.extend(step.anchor.clone());
        }
    }

    /// The id an element from content gets when it asks for `asked`: unique on the page, and
    /// never one kept for the article's structure ([`RenderContext::reserve_ids`]).
    pub fn content_id(&self, asked: &str) -> String {
        let reserved = self.reserved.borrow();
        self.ids
            .borrow_mut()
            .claim_except(asked, "-", &|id| reserved.contains(id))
    }

    /// Renders a page body with `render`, then sanitizes it; a body nested deeper than
    /// [`html::MAX_HTML_DEPTH`] is rendered again with raw HTML as text, with a warning.
    pub fn sanitized_body(&self, render: impl Fn(&mut String)) -> String {
        let mut out = String::new();
        self.ids.borrow_mut().clear();
        self.controls.borrow_mut().clear();
        render(&mut out);
        if html::nesting_depth(&out) > html::MAX_HTML_DEPTH {
            if !self.raw_html_as_text.get() {
                self.report(
                    1,
                    crate::diagnostic::Severity::Warning,
                    "html-too-deep",
                    format!(
                        "raw HTML nests deeper than {} elements; it is shown as text",
                        html::MAX_HTML_DEPTH
                    ),
                );
            }
            self.raw_html_as_text.set(true);
            out.clear();
            self.ids.borrow_mut().clear();
            self.controls.borrow_mut().clear();
            render(&mut out);
        }
        self.restore_controls(html::sanitize_for(&out, self.links.remote_images()))
    }

    /// The diagnostics collected so far.
    pub fn take_diagnostics(&self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.diagnostics.borrow_mut())
    }
}
