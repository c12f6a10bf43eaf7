//! Link policy for rendered pages: which URLs are kept, rewritten or dropped.
//!
//! - `#anchor`, `http(s):`, `mailto:`, `tel:`, `ms-settings:`, `//host/…` and root paths: kept;
//! - any other scheme (`javascript:`, `data:`, `vbscript:`, `file:` …, also when disguised
//!   with whitespace or case): dropped with an `unsafe-url` warning, the text stays;
//! - a relative `*.md` link: rewritten to the generated page of that article in the same
//!   locale when the article exists; else to its published page when a published base is
//!   configured (`--link-base`); else kept as text marked unavailable, with a `broken-link`
//!   warning;
//! - other relative links (images, files): kept as written.

use std::collections::HashSet;

use crate::diagnostic::{Diagnostic, Severity};

use super::RenderContext;
use crate::url::{join_slug, scheme};

/// Schemes that may appear in rendered links.
pub use crate::url::SAFE_SCHEMES;

/// Where a link goes after the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Use this `href`.
    Href(String),
    /// Render the link text without a link.
    TextOnly,
    /// Render the link text marked as unavailable (an article that is not in the content and
    /// has no published address).
    Unavailable,
}

/// What a link in content points to, decided once for every output format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// An address kept as written (cleaned): absolute http(s), mailto, tel, in-page anchors,
    /// root paths, relative files that are not articles.
    Keep(String),
    /// An article of the content: its slug and the `#fragment`/`?query` part (or "").
    Article(String, String),
    /// An article outside the content, at its published address (`--link-base`).
    Published(String),
    /// A scheme that is not allowed (`javascript:`, `data:` …): the text stays, the link goes.
    Unsafe(String),
    /// An article outside the content with no published base configured: text only, marked.
    Unavailable,
    /// A DocFX cross-reference to an API (`xref:`): text only, as its xref map is not in the
    /// content.
    CrossReference,
}

/// The articles of the site and where the rest is published, to resolve links.
#[derive(Debug, Clone, Default)]
pub struct LinkMap {
    slugs: HashSet<std::sync::Arc<str>>,
    /// `https://learn.microsoft.com/{locale}/microsoft-365/`: where articles that are not in
    /// the content are published (`{locale}` lower-cased).
    published: Option<String>,
    /// The site's own absolute base URL (checklist files link to its pages).
    site_base: String,
    /// Remote images are shown (else they become links).
    remote_images: bool,
}

/// What an image of content becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageSource {
    /// Shown from this `src`.
    Show(String),
    /// An image on another site, not loaded (the project does not allow remote images): a
    /// link to this address.
    Remote(String),
    /// Dropped (unsafe scheme, reported).
    Dropped,
}

/// Whether `url` loads from another site (`https://…`, `http://…`, `//…`).
pub fn is_remote(url: &str) -> bool {
    let url = url.trim();
    url.starts_with("//") || matches!(scheme(url).as_deref(), Some("http" | "https"))
}

impl LinkMap {
    /// A map of the given slugs.
    pub fn new(slugs: impl IntoIterator<Item = impl Into<std::sync::Arc<str>>>) -> LinkMap {
        LinkMap {
            slugs: slugs.into_iter().map(Into::into).collect(),
            published: None,
            site_base: String::new(),
            remote_images: false,
        }
    }

    /// The same map, showing remote images or not.
    pub fn with_remote_images(mut self, allowed: bool) -> LinkMap {
        self.remote_images = allowed;
        self
    }

    /// Whether remote images are shown.
    pub fn remote_images(&self) -> bool {
        self.remote_images
    }

    /// The same map, with the published base of other articles and the site's base URL.
    pub fn with_bases(mut self, published: Option<String>, site_base: &str) -> LinkMap {
        self.published = published.filter(|p| !p.trim().is_empty());
        self.site_base = site_base.to_string();
        self
    }

    /// Where a link written in the article `from` points, for a reader of `locale`.
    pub fn classify(&self, url: &str, from: &str, locale: &str) -> Resolved {
        let url = url.trim();
        if url.starts_with('#') || url.starts_with("//") || url.starts_with('/') {
            return Resolved::Keep(clean_url(url));
        }
        if let Some(scheme) = scheme(url) {
            return if scheme == crate::url::XREF {
                Resolved::CrossReference
            } else if SAFE_SCHEMES.contains(&scheme.as_str()) {
                Resolved::Keep(clean_url(url))
            } else {
                Resolved::Unsafe(scheme)
            };
        }
        let (path, rest) = match url.find(['#', '?']) {
            Some(at) => (&url[..at], &url[at..]),
            None => (url, ""),
        };
        let Some(target) = path.strip_suffix(".md") else {
            return Resolved::Keep(clean_url(url));
        };
        match join_slug(from, target) {
            Some(slug) if self.slugs.contains(slug.as_str()) => {
                Resolved::Article(slug, rest.to_string())
            }
            _ => match &self.published {
                Some(base) => Resolved::Published(clean_url(&format!(
                    "{}{rest}",
                    published_url(base, locale, from, target)
                ))),
                None => Resolved::Unavailable,
            },
        }
    }

    /// An absolute address for a link in a file outside the site (checklist files), or `None`
    /// when the link must stay text.
    pub fn absolute(&self, url: &str, from: &str, locale: &str) -> Option<String> {
        match self.classify(url, from, locale) {
            Resolved::Keep(href) if scheme(&href).is_some() => Some(href),
            Resolved::Keep(_)
            | Resolved::Unsafe(_)
            | Resolved::Unavailable
            | Resolved::CrossReference => None,
            Resolved::Published(href) => Some(href),
            Resolved::Article(slug, rest) => {
                let page = super::urls::page_url(locale, &slug, super::urls::ARTICLE);
                Some(format!(
                    "{}{rest}",
                    super::urls::absolute(&self.site_base, &page)
                ))
            }
        }
    }

    /// Applies the policy to a link in the article `context.slug` of a page, reporting what it
    /// drops.
    pub fn resolve(&self, url: &str, context: &RenderContext<'_>, line: usize) -> LinkTarget {
        let locale = context.t.locale().to_string();
        match self.classify(url, context.slug, &locale) {
            Resolved::Keep(href) | Resolved::Published(href) => LinkTarget::Href(href),
            Resolved::Article(slug, rest) => {
                let href = super::urls::article_href(context.slug, &slug, super::urls::ARTICLE);
                LinkTarget::Href(format!("{href}{rest}"))
            }
            Resolved::CrossReference => LinkTarget::TextOnly,
            Resolved::Unsafe(_) => {
                let message = crate::url::unsafe_url(url, false).unwrap_or_default();
                context.report(line, Severity::Warning, "unsafe-url", message);
                LinkTarget::TextOnly
            }
            Resolved::Unavailable => {
                context.report(
                    line,
                    Severity::Warning,
                    "broken-link",
                    format!(
                        "link to `{}` points to no article in the content",
                        crate::url::shorten(url.trim())
                    ),
                );
                LinkTarget::Unavailable
            }
        }
    }

    /// What an image becomes: shown, a link (remote, not allowed), or dropped (unsafe).
    pub fn image(&self, url: &str, context: &RenderContext<'_>, line: usize) -> ImageSource {
        match crate::url::unsafe_url(url, true) {
            Some(message) => {
                context.report(line, Severity::Warning, "unsafe-url", message);
                ImageSource::Dropped
            }
            None if is_remote(url) && !self.remote_images => {
                ImageSource::Remote(clean_url(url.trim()))
            }
            None => ImageSource::Show(clean_url(url.trim())),
        }
    }
}

/// The published address of `target` (a relative article path without `.md`) linked from the
/// article `from`: the base with `{locale}` lower-cased, the directory of `from`, then `target`
/// with `..` resolved (never above the base's host).
pub fn published_url(base: &str, locale: &str, from: &str, target: &str) -> String {
    let base = base.replace("{locale}", &locale.to_lowercase());
    let (origin, path) = match base.find("://") {
        Some(at) => match base[at + 3..].find('/') {
            Some(slash) => base.split_at(at + 3 + slash),
            None => (base.as_str(), "/"),
        },
        None => ("", base.as_str()),
    };
    let mut parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let mut from_dir: Vec<&str> = from.split('/').collect();
    from_dir.pop();
    parts.extend(from_dir);
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("{origin}/{}", parts.join("/"))
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

impl RenderContext<'_> {
    /// Records a diagnostic about the article at `line`.
    pub fn report(&self, line: usize, severity: Severity, rule: &'static str, message: String) {
        let line = self.included_at.get().unwrap_or(line);
        let diagnostic = Diagnostic::at(self.path, (line.max(1), 1), severity, rule, message);
        self.diagnostics.borrow_mut().push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_to_articles_published_pages_or_nothing() {
        let map = LinkMap::new(["a".to_string(), "dir/b".to_string()]);
        assert_eq!(
            map.classify("dir/b.md#x", "a", "nl-NL"),
            Resolved::Article("dir/b".into(), "#x".into())
        );
        assert_eq!(
            map.classify("../../admin/c.md", "a", "nl-NL"),
            Resolved::Unavailable
        );
        assert_eq!(
            map.classify(" JaVa\tScRiPt:alert(1)", "a", "nl-NL"),
            Resolved::Unsafe("javascript".into())
        );
        let map = map.with_bases(
            Some("https://learn.example/{locale}/m365/security/".into()),
            "http://h/",
        );
        assert_eq!(
            map.classify("../../admin/c.md#reset", "a", "nl-NL"),
            Resolved::Published("https://learn.example/nl-nl/admin/c#reset".into())
        );
        assert_eq!(
            map.absolute("dir/b.md", "a", "sv-SE").as_deref(),
            Some("http://h/sv-SE/dir/b.html")
        );
        assert_eq!(map.absolute("image.png", "a", "sv-SE"), None);
        assert_eq!(
            map.classify("xref:System.String", "a", "nl-NL"),
            Resolved::CrossReference
        );
        assert_eq!(map.absolute("xref:System.String", "a", "sv-SE"), None);
        assert_eq!(
            published_url(
                "https://x.example/{locale}",
                "ar-SA",
                "p/q",
                "../../../../r"
            ),
            "https://x.example/r"
        );
    }

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
