//! The site's search index: one static Pagefind bundle per locale (`site/<locale>/pagefind/`),
//! made from that locale's article pages, searched in the browser with no server.
//!
//! Only the page's own language is indexed: the article (`data-pagefind-body`), without the
//! English of the "show the English" toggle, the banners, the table of contents or the footer
//! ([`EXCLUDED`]); pages that show another locale's text (fallbacks) are not added. Words are
//! stemmed for the locale's language (Pagefind's Snowball stemmers: Dutch and Swedish word
//! forms), and Chinese and Japanese text is segmented into words (Pagefind's `extended`).
//!
//! Pages are added one at a time and dropped; Pagefind keeps the index of one locale in memory
//! while it is built (its word list, and a short record per page).

use crate::error::Error;
use crate::locale::Locale;
use crate::output::OutputFile;
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

/// The search index of one locale, built a page at a time.
pub struct LocaleIndex {
    locale: Locale,
    runtime: tokio::runtime::Runtime,
    index: PagefindIndex,
    pages: usize,
}

impl LocaleIndex {
    /// An empty index for the pages of `locale`.
    pub fn new(locale: &Locale) -> Result<LocaleIndex, Error> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(|e| Error::Io {
                path: Path::new("site").join(crate::render::urls::search_bundle(&locale.tag())),
                source: e,
            })?;
        let config = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language(locale.id().language.as_str().to_string())
            .exclude_selectors(EXCLUDED.iter().map(|s| s.to_string()).collect())
            .build();
        let index = PagefindIndex::new(Some(config)).map_err(|e| failed(locale, &e))?;
        Ok(LocaleIndex {
            locale: locale.clone(),
            runtime,
            index,
            pages: 0,
        })
    }

    /// Adds the page at `url` (relative to the site root, as an `href`) with its HTML.
    pub fn add(&mut self, url: &str, html: String) -> Result<(), Error> {
        let added =
            self.runtime
                .block_on(self.index.add_html_file(None, Some(url.to_string()), html));
        added.map_err(|e| failed(&self.locale, &e))?;
        self.pages += 1;
        Ok(())
    }

    /// How many pages were added.
    pub fn pages(&self) -> usize {
        self.pages
    }

    /// The bundle's files, in the locale's bundle folder of the site
    /// ([`crate::render::urls::search_bundle`]).
    pub fn finish(mut self) -> Result<Vec<OutputFile>, Error> {
        let files = self
            .runtime
            .block_on(self.index.get_files())
            .map_err(|e| failed(&self.locale, &e))?;
        let folder = Path::new("site").join(crate::render::urls::search_bundle(&self.locale.tag()));
        Ok(files
            .into_iter()
            .filter_map(|file| {
                let name = file.filename.to_string_lossy().replace('\\', "/");
                let name = name.trim_start_matches("./").to_string();
                if UNUSED.iter().any(|prefix| name.starts_with(prefix)) {
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

fn failed(locale: &Locale, error: &dyn std::fmt::Display) -> Error {
    Error::Search(format!("{}: {error}", locale.tag()))
}
