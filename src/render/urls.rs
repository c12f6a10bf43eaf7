//! The site's URL scheme, in one place: where a page lives (`site/<locale>/<slug>.html`,
//! `.checklist.html`, `<locale>/index.html`), how a slug becomes an `href`, and how pages reach
//! the site root. Links, pages, indexes and the sitemap all ask this module.

/// Characters kept as they are in URL paths (RFC 3986 unreserved and `/`); everything else in
/// a slug (spaces, apostrophes, U+200B in real file names) is percent-encoded.
const PATH: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// Suffix of an article page.
pub const ARTICLE: &str = ".html";
/// Suffix of an interactive checklist page.
pub const CHECKLIST: &str = ".checklist.html";

/// A slug-based path made safe for an `href`.
pub fn url_path(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, PATH).to_string()
}

/// The URL of a page, relative to the site root: `nl-NL/a%20b.html`.
pub fn page_url(locale: &str, slug: &str, suffix: &str) -> String {
    url_path(&page_path(locale, slug, suffix))
}

/// The file of a page, relative to the site root.
pub fn page_path(locale: &str, slug: &str, suffix: &str) -> String {
    format!("{locale}/{slug}{suffix}")
}

/// A locale's index page, relative to the site root: `nl-NL/index.html`.
pub fn index_page(locale: &str) -> String {
    format!("{locale}/index.html")
}

/// Page `n` (from 1) of a locale's index, relative to the site root: `nl-NL/index.html`, then
/// `nl-NL/index-2.html`, …
pub fn index_page_n(locale: &str, n: usize) -> String {
    format!("{locale}/{}", index_file(n))
}

/// The file name of page `n` (from 1) of an index: `index.html`, `index-2.html`, …
pub fn index_file(n: usize) -> String {
    if n <= 1 {
        "index.html".to_string()
    } else {
        format!("index-{n}.html")
    }
}

/// The sitemap (a sitemap index when the site needs more than one sitemap file).
pub const SITEMAP: &str = "sitemap.xml";

/// Sitemap file `n` (from 1) of a site too large for one: `sitemap-1.xml`, …
pub fn sitemap_part(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

/// The language chooser at the site root.
pub const ROOT_PAGE: &str = "index.html";

/// The stylesheet, relative to the site root.
pub const STYLESHEET: &str = "style.css";

/// The `href` from a page of `from` to the page of `to` in the same locale.
pub fn article_href(from: &str, to: &str, suffix: &str) -> String {
    format!("{}{}", up_prefix(from), url_path(&format!("{to}{suffix}")))
}

/// `../` once per directory level of `slug`, to reach the locale's root.
pub fn up_prefix(slug: &str) -> String {
    "../".repeat(slug.matches('/').count())
}

/// Relative prefix from a page of `slug` in a locale folder to the site root.
pub fn to_root(slug: &str) -> String {
    format!("../{}", up_prefix(slug))
}

/// A path below the site joined to the absolute base URL.
pub fn absolute(base_url: &str, path: &str) -> String {
    let base = base_url.trim_end_matches('/');
    format!("{base}/{path}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_prefixes() {
        assert_eq!(page_url("nl-NL", "a b", ARTICLE), "nl-NL/a%20b.html");
        assert_eq!(up_prefix("a/b/c"), "../../");
        assert_eq!(to_root("a/b"), "../../");
        assert_eq!(article_href("x/y", "z", ARTICLE), "../z.html");
        assert_eq!(absolute("http://h/d/", "i.html"), "http://h/d/i.html");
    }
}
