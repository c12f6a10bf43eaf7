//! Link policy for rendered pages: which URLs are kept, rewritten or dropped.
//!
//! - `#anchor`, `http(s):`, `mailto:`, `tel:`, `ms-settings:`, `//host/…` and root paths: kept;
//! - any other scheme (`javascript:`, `data:`, `vbscript:`, `file:` …, also when disguised
//!   with whitespace or case): dropped with an `unsafe-url` warning, the text stays;
//! - a relative `*.md` link: rewritten to the generated page of that article in the same
//!   locale when the article exists, else dropped with a `broken-link` warning;
//! - other relative links (images, files): kept as written.

use std::collections::HashSet;

use crate::diagnostic::{Diagnostic, Severity};

use super::RenderContext;

/// Schemes that may appear in rendered links.
pub const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "ms-settings"];

/// Where a link goes after the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Use this `href`.
    Href(String),
    /// Render the link text without a link.
    TextOnly,
}

/// The articles of the site, to resolve links between them.
#[derive(Debug, Clone, Default)]
pub struct LinkMap {
    slugs: HashSet<String>,
}

impl LinkMap {
    /// A map of the given slugs.
    pub fn new(slugs: impl IntoIterator<Item = String>) -> LinkMap {
        LinkMap {
            slugs: slugs.into_iter().collect(),
        }
    }

    /// Applies the policy to a link in the article `context.slug`.
    pub fn resolve(&self, url: &str, context: &RenderContext<'_>, line: usize) -> LinkTarget {
        let url = url.trim();
        if url.starts_with('#') || url.starts_with("//") || url.starts_with('/') {
            return LinkTarget::Href(url.to_string());
        }
        if let Some(scheme) = scheme(url) {
            if SAFE_SCHEMES.contains(&scheme.as_str()) {
                return LinkTarget::Href(url.to_string());
            }
            context.report(
                line,
                Severity::Warning,
                "unsafe-url",
                format!(
                    "link to `{}` dropped: the `{scheme}:` scheme is not allowed",
                    shorten(url)
                ),
            );
            return LinkTarget::TextOnly;
        }
        let (path, fragment) = match url.find(['#', '?']) {
            Some(at) => (&url[..at], &url[at..]),
            None => (url, ""),
        };
        let Some(target) = path.strip_suffix(".md") else {
            return LinkTarget::Href(url.to_string());
        };
        match join_slug(context.slug, target) {
            Some(slug) if self.slugs.contains(&slug) => {
                LinkTarget::Href(format!("{}{slug}.html{fragment}", up_prefix(context.slug)))
            }
            _ => {
                context.report(
                    line,
                    Severity::Warning,
                    "broken-link",
                    format!(
                        "link to `{}` points to no article in the content",
                        shorten(url)
                    ),
                );
                LinkTarget::TextOnly
            }
        }
    }

    /// The `src` of an image, or `None` when its URL is unsafe.
    pub fn image(&self, url: &str, context: &RenderContext<'_>, line: usize) -> Option<String> {
        let url = url.trim();
        match scheme(url) {
            Some(scheme) if scheme != "http" && scheme != "https" => {
                context.report(
                    line,
                    Severity::Warning,
                    "unsafe-url",
                    format!(
                        "image `{}` dropped: the `{scheme}:` scheme is not allowed",
                        shorten(url)
                    ),
                );
                None
            }
            _ => Some(url.to_string()),
        }
    }
}

/// The lower-case scheme of a URL, ignoring the whitespace and control characters browsers
/// ignore (`java\tscript:`).
pub fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    let colon = cleaned.find(':')?;
    let candidate = &cleaned[..colon];
    let valid = candidate
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && candidate
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    // a colon after a slash, `?` or `#` is part of a path, not a scheme
    (valid && !candidate.is_empty()).then(|| candidate.to_ascii_lowercase())
}

/// Joins a relative article path to the directory of `slug`: `a/b` + `../c` = `c`.
pub fn join_slug(slug: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = slug.split('/').collect();
    parts.pop();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// `../` once per directory level of `slug`, to reach the locale's root.
pub fn up_prefix(slug: &str) -> String {
    "../".repeat(slug.matches('/').count())
}

fn shorten(url: &str) -> String {
    let mut short: String = url.chars().filter(|c| !c.is_control()).take(60).collect();
    if url.chars().count() > 60 {
        short.push('…');
    }
    short
}

impl RenderContext<'_> {
    /// Records a diagnostic about the article at `line`.
    pub fn report(&self, line: usize, severity: Severity, rule: &'static str, message: String) {
        self.diagnostics.borrow_mut().push(Diagnostic {
            path: self.path.to_path_buf(),
            line: line.max(1),
            column: 1,
            severity,
            rule,
            message,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_found_through_disguises() {
        assert_eq!(scheme("javascript:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(
            scheme(" JaVa\tScRiPt:alert(1)").as_deref(),
            Some("javascript")
        );
        assert_eq!(scheme("https://x.example").as_deref(), Some("https"));
        assert_eq!(scheme("../a.md"), None);
        assert_eq!(scheme("a.md#b:c"), None);
    }

    #[test]
    fn slugs_join_relative_paths() {
        assert_eq!(join_slug("a/b", "../c").as_deref(), Some("c"));
        assert_eq!(join_slug("x", "y/z").as_deref(), Some("y/z"));
        assert_eq!(join_slug("x", "../../y"), None);
        assert_eq!(up_prefix("a/b/c"), "../../");
    }
}
