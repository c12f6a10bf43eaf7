//! The site's search index: static Pagefind bundles per locale (`site/<locale>/search/<n>/`),
//! made from that locale's article pages, searched in the browser with no server.
//!
//! Only the page's own language is indexed: the article (`data-pagefind-body`), without the
//! English of the "show the English" toggle, the banners, the table of contents or the footer
//! ([`EXCLUDED`]); pages that show another locale's text (fallbacks) are not added. Words are
//! stemmed for the locale's language (Pagefind's Snowball stemmers: Dutch and Swedish word
//! forms), and Chinese and Japanese text is segmented into words (Pagefind's `extended`).
//!
//! A locale's index is split into bundles of
//! [`SEARCH_BUNDLE_PAGES`](crate::engine::SEARCH_BUNDLE_PAGES) pages, listed in
//! `site/<locale>/search/bundles.json` and merged by the page's script (Pagefind's
//! `mergeIndex`); the result fragments of [`FRAGMENT_PAGES`] pages share a file. Pages are
//! added one at a time, and only the part of a page that is indexed is handed over
//! ([`searched_part`]); Pagefind keeps one bundle's words in memory while it builds it.

use crate::error::Error;
use crate::locale::Locale;
use crate::output::OutputFile;
use crate::render::urls;
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::path::Path;

/// What is never indexed, though it is inside the article: the English source of each segment,
/// kbgen's notes about the page, the page outline and the provenance footer.
pub const EXCLUDED: &[&str] = &[
    ".sxs-source",
    ".banner",
    ".source-toggle",
    ".checklist-link",
    "nav.toc",
    "footer.provenance",
];

/// Files of Pagefind's bundle that kbgen's pages do not load (its own search interfaces and
/// their styles, the highlighting script, the playground).
const UNUSED: &[&str] = &[
    "pagefind-ui.",
    "pagefind-modular-ui.",
    "pagefind-component-ui.",
    "pagefind-highlight.",
    "playground/",
];

/// Files that only the first bundle of a locale needs: the others are merged into it
/// (Pagefind's `mergeIndex` reads their entry, metadata, index and fragments).
const MERGED_UNUSED: &[&str] = &["pagefind.js", "pagefind-worker.js", "wasm."];

/// One bundle of a locale's search index, built a page at a time.
pub struct LocaleIndex {
    locale: Locale,
    number: usize,
    primary: bool,
    runtime: tokio::runtime::Runtime,
    index: PagefindIndex,
}

impl LocaleIndex {
    /// An empty bundle `number` (from 1) for the `pages` pages of `locale` about to be added;
    /// the `primary` one (the first with pages) carries the script and WebAssembly that search
    /// the others.
    pub fn new(
        locale: &Locale,
        number: usize,
        primary: bool,
        pages: usize,
    ) -> Result<LocaleIndex, Error> {
        let folder = Path::new("site").join(urls::search_bundle(&locale.tag(), number));
        // Pagefind hands every page to the runtime's blocking pool; one thread is enough (the
        // bundles are built in parallel), and each extra thread would keep an allocator arena
        let runtime = tokio::runtime::Builder::new_current_thread()
            .max_blocking_threads(1)
            .build()
            .map_err(|e| Error::Io {
                path: folder,
                source: e,
            })?;
        let config = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language(locale.id().language.as_str().to_string())
            .exclude_selectors(EXCLUDED.iter().map(|s| s.to_string()).collect())
            .max_fragments(fragment_files(pages))
            .build();
        let index = PagefindIndex::new(Some(config)).map_err(|e| failed(locale, &e))?;
        Ok(LocaleIndex {
            locale: locale.clone(),
            number,
            primary,
            runtime,
            index,
        })
    }

    /// Adds the article page at `url` (relative to the site root, as an `href`).
    pub fn add(&mut self, url: &str, page: &str) -> Result<(), Error> {
        let html = searched_part(&self.locale, page);
        let added =
            self.runtime
                .block_on(self.index.add_html_file(None, Some(url.to_string()), html));
        added.map_err(|e| failed(&self.locale, &e))?;
        Ok(())
    }

    /// The bundle's files, in its folder of the site ([`urls::search_bundle`]).
    pub fn finish(mut self) -> Result<Vec<OutputFile>, Error> {
        let files = self
            .runtime
            .block_on(self.index.get_files())
            .map_err(|e| failed(&self.locale, &e))?;
        let folder = Path::new("site").join(urls::search_bundle(&self.locale.tag(), self.number));
        Ok(files
            .into_iter()
            .filter_map(|file| {
                let name = file.filename.to_string_lossy().replace('\\', "/");
                let name = name.trim_start_matches("./").to_string();
                if UNUSED.iter().any(|prefix| name.starts_with(prefix)) {
                    return None;
                }
                // a merged bundle is searched by the first one's script and WebAssembly
                if !self.primary && MERGED_UNUSED.iter().any(|p| name.starts_with(p)) {
                    return None;
                }
                Some(OutputFile {
                    path: folder.join(name),
                    bytes: file.contents,
                })
            })
            .collect())
    }
}

/// Pages whose result fragments (title, excerpt text, anchors) share one file of a bundle.
/// A result shown fetches its page's file (each once): eight pages are a few kilobytes
/// compressed, and a bundle is an eighth as many files to write, upload and serve.
pub const FRAGMENT_PAGES: usize = 8;

/// How many fragment files a bundle of `pages` pages has at most (Pagefind's
/// `max_fragments`, which groups them).
fn fragment_files(pages: usize) -> u32 {
    u32::try_from(pages.div_ceil(FRAGMENT_PAGES).max(1)).unwrap_or(u32::MAX)
}

/// `site/<locale>/search/bundles.json`: the bundles of a locale that have pages, for the
/// page's script (`{"bundles": ["1/", "2/"]}`, relative to the list).
pub fn bundle_list(locale: &Locale, numbers: &[usize]) -> OutputFile {
    let bundles: Vec<String> = numbers.iter().map(|n| format!("{n}/")).collect();
    OutputFile {
        path: Path::new("site").join(urls::search_list(&locale.tag())),
        bytes: serde_json::to_vec(&serde_json::json!({ "bundles": bundles })).unwrap_or_default(),
    }
}

/// What Pagefind is given of an article page: the `<article>` element (the page's chrome is
/// never indexed), without kbgen's English of each segment (half the text of a translated page,
/// never indexed either), in a document of the locale's language.
pub fn searched_part(locale: &Locale, page: &str) -> String {
    let article = match (page.find("<article"), page.rfind("</article>")) {
        (Some(start), Some(end)) if start < end => &page[start..end + "</article>".len()],
        _ => page,
    };
    // kbgen's own markup, its text escaped: no element inside, so the first `</span>` closes it
    const OPEN: &str = "<span class=\"sxs-source\"";
    let mut out = String::with_capacity(article.len() + 64);
    out.push_str("<!DOCTYPE html><html lang=\"");
    out.push_str(&locale.tag());
    out.push_str("\"><body>");
    let mut rest = article;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        match rest[at..].find("</span>") {
            Some(close) => rest = &rest[at + close + "</span>".len()..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.push_str("</body></html>");
    out
}

fn failed(locale: &Locale, error: &dyn std::fmt::Display) -> Error {
    Error::Search(format!("{}: {error}", locale.tag()))
}
