//! Renderers: the article model into pages, checklists and (later) notices. Renderers never
//! parse content and never touch the disk: they return strings and diagnostics.
//!
//! - [`html`]: model blocks and steps as sanitized HTML fragments;
//! - [`links`]: the link policy (unsafe schemes dropped, article links rewritten);
//! - [`checklist`]: GitHub task-list markdown and plain-text checklists;
//! - [`site`]: the static site (article pages, interactive checklists, indexes, sitemap)
//!   through the Tera templates of [`crate::templates`].

pub mod checklist;
pub mod email;
pub mod html;
pub mod links;
pub mod site;

use std::cell::RefCell;
use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::l10n::Localizer;

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
        }
    }

    /// The diagnostics collected so far.
    pub fn take_diagnostics(&self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.diagnostics.borrow_mut())
    }
}
