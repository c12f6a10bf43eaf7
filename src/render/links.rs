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
use crate::url::{join_slug, scheme};

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
            return LinkTarget::Href(clean_url(url));
        }
        if let Some(scheme) = scheme(url) {
            if SAFE_SCHEMES.contains(&scheme.as_str()) {
                return LinkTarget::Href(clean_url(url));
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
            return LinkTarget::Href(clean_url(url));
        };
        match join_slug(context.slug, target) {
            Some(slug) if self.slugs.contains(&slug) => {
                let href = super::urls::article_href(context.slug, &slug, super::urls::ARTICLE);
                LinkTarget::Href(format!("{href}{fragment}"))
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
            _ => Some(clean_url(url)),
        }
    }
}

/// A URL as a valid `href`: characters URLs may not hold (space, `"`, `<`, `>`, `|`, `\\`,
/// `^`, backtick, braces, brackets outside an IPv6 host) and a `%` not followed by two hex digits are percent-encoded; the
/// rest, non-ASCII included, stays as written.
pub fn clean_url(url: &str) -> String {
    let bytes = url.as_bytes();
    // brackets are allowed only around an IPv6 host: find where the authority ends
    let authority_end = match url.find("://") {
        Some(at) => url[at + 3..]
            .find(['/', '?', '#'])
            .map_or(url.len(), |end| at + 3 + end),
        None => 0,
    };
    let mut out = String::with_capacity(url.len());
    for (i, c) in url.char_indices() {
        match c {
            '[' | ']' if i >= authority_end => out.push_str(if c == '[' { "%5B" } else { "%5D" }),
            ' ' | '"' | '<' | '>' | '|' | '\\' | '^' | '`' | '{' | '}' => {
                out.push_str(&format!("%{:02X}", c as u32));
            }
            '%' if !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit)) =>
            {
                out.push_str("%25");
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
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
        let diagnostic = Diagnostic::at(self.path, (line.max(1), 1), severity, rule, message);
        self.diagnostics.borrow_mut().push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_made_valid() {
        assert_eq!(
            clean_url("https://a.example/x y?q=a|b#f\">z"),
            "https://a.example/x%20y?q=a%7Cb#f%22%3Ez"
        );
        assert_eq!(
            clean_url("https://a.example/100%"),
            "https://a.example/100%25"
        );
        assert_eq!(
            clean_url("https://a.example/%20ok"),
            "https://a.example/%20ok"
        );
        assert_eq!(
            clean_url("http://[::1]:8000/a[1]"),
            "http://[::1]:8000/a%5B1%5D"
        );
    }
}
