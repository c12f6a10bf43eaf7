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

/// The scripts pages load from the site root (one file each, cached by the browser, instead of
/// a copy in every page): the interactive checklist's and the "show the English" toggle's.
pub const SCRIPTS: &[&str] = &["checklist.js", "source.js", SEARCH_SCRIPT, NAV_SCRIPT];

/// The sidebar's and previous/next's script.
pub const NAV_SCRIPT: &str = "nav.js";

/// A locale's navigation (its table of contents as JSON), relative to the site root:
/// `nl-NL/toc.json`.
pub fn navigation_file(locale: &str) -> String {
    format!("{locale}/toc.json")
}

/// The search box's script.
pub const SEARCH_SCRIPT: &str = "search.js";

/// A locale's search folder, relative to the site root: `nl-NL/search/` (the pages' search box
/// reads its list of bundles there).
pub fn search_folder(locale: &str) -> String {
    format!("{locale}/search/")
}

/// The list of a locale's search bundles, relative to the site root.
pub fn search_list(locale: &str) -> String {
    format!("{}bundles.json", search_folder(locale))
}

/// Search bundle `n` (from 1) of a locale (Pagefind's files), relative to the site root:
/// `nl-NL/search/1/`.
pub fn search_bundle(locale: &str, n: usize) -> String {
    format!("{}{n}/", search_folder(locale))
}

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
/// The site's base URL as given by `--base-url`, checked and normalised: an absolute http(s)
/// URL with a host, no credentials, query or fragment, its path ending in `/` (`example.com/docs`
/// and `https://x/a b` are refused or encoded here, never written raw into pages and sitemaps).
pub fn site_base(text: &str) -> Result<String, String> {
    let refuse = |why: &str| {
        Err(format!(
            "--base-url {text}: {why} (expected an absolute URL such as https://help.example.com/docs/)"
        ))
    };
    let mut url = match url::Url::parse(text.trim()) {
        Ok(url) => url,
        Err(e) => return refuse(&e.to_string()),
    };
    if !matches!(url.scheme(), "http" | "https") {
        return refuse("the scheme must be http or https");
    }
    if url.host_str().is_none_or(str::is_empty) {
        return refuse("no host");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return refuse("a site address carries no credentials");
    }
    if url.query().is_some() || url.fragment().is_some() {
        return refuse("a site address has no query or fragment");
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url.to_string())
}

/// `path` (relative to the site root) below the site's base URL.
pub fn absolute(base_url: &str, path: &str) -> String {
    let base = base_url.trim_end_matches('/');
    format!("{base}/{path}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_bases_are_absolute_web_addresses() {
        assert_eq!(
            site_base("https://help.example.com").unwrap(),
            "https://help.example.com/"
        );
        assert_eq!(
            site_base("https://x.example/docs").unwrap(),
            "https://x.example/docs/"
        );
        assert_eq!(
            site_base("https://x.example/a b/").unwrap(),
            "https://x.example/a%20b/"
        );
        assert_eq!(
            site_base("http://[::1]:8000/").unwrap(),
            "http://[::1]:8000/"
        );
        for bad in [
            "example.com/docs",
            "ftp://x.example/",
            "https://user:pw@x.example/",
            "https://x.example/?a=1",
            "https://x.example/#top",
            "/docs/",
            "",
        ] {
            assert!(site_base(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn pages_and_prefixes() {
        assert_eq!(page_url("nl-NL", "a b", ARTICLE), "nl-NL/a%20b.html");
        assert_eq!(up_prefix("a/b/c"), "../../");
        assert_eq!(to_root("a/b"), "../../");
        assert_eq!(article_href("x/y", "z", ARTICLE), "../z.html");
        assert_eq!(absolute("http://h/d/", "i.html"), "http://h/d/i.html");
    }
}
