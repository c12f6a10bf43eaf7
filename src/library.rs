//! Which article a reader sees: one article's texts in every locale, loaded and modelled
//! together, and the one function that decides fallback.
//!
//! [`shown_locale`] is the only place that decides which locale's text is shown for a requested
//! locale (its own, else the negotiated fallback chain, en-US last); the site, the checklists,
//! `kbgen model` and the notices all ask it, through [`Versions::shown`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_langneg::{NegotiationStrategy, negotiate_languages};

use crate::bilingual::Side;
use crate::diagnostic::Diagnostic;
use crate::index::{Index, SourceChoice};
use crate::load::{self, LoadedFile};
use crate::locale::Locale;
use crate::model::Article;
use crate::model::recognition::RecognitionSet;
use crate::projection::ProjectOptions;

/// The locale shown for a request, and whether it is a fallback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownLocale {
    /// The locale whose text is shown.
    pub locale: Locale,
    /// The text is not in the requested locale.
    pub fallback: bool,
}

/// The locale of `available` shown to a reader of `wanted`: `wanted` itself, else the best match
/// along the negotiated fallback chain (`nl-BE` gets `nl-NL`), else en-US, else the first.
/// `None` only when nothing is available.
pub fn shown_locale(available: &BTreeSet<Locale>, wanted: &Locale) -> Option<ShownLocale> {
    if available.contains(wanted) {
        return Some(ShownLocale {
            locale: wanted.clone(),
            fallback: false,
        });
    }
    let ids: Vec<unic_langid::LanguageIdentifier> =
        available.iter().map(|l| l.id().clone()).collect();
    let default = Locale::en_us();
    let chosen = negotiate_languages(
        std::slice::from_ref(wanted.id()),
        &ids,
        Some(default.id()),
        NegotiationStrategy::Lookup,
    );
    let locale = chosen
        .first()
        .map(|l| Locale::from((*l).clone()))
        .filter(|l| available.contains(l))
        .or_else(|| available.iter().next().cloned())?;
    Some(ShownLocale {
        locale,
        fallback: true,
    })
}

/// One article's files and models in every locale it has.
#[derive(Debug)]
pub struct Versions {
    /// The slug.
    pub slug: String,
    /// Its content files, loaded, sorted by path.
    pub files: Vec<LoadedFile>,
    /// The file (index into `files`) that gives the en-US text, and whether it is a real
    /// en-US file (`true`) or the source side of a bilingual one.
    pub source: Option<(usize, bool)>,
    /// The model of each locale's text.
    pub articles: BTreeMap<Locale, Article>,
    /// Files read through includes while modelling (for change detection).
    pub includes: BTreeSet<PathBuf>,
    /// The local images the articles show that exist: (content file, URL as written) -> the
    /// image file, regular and inside the content root. Pages show these and the build
    /// publishes them next to the pages; other local images are their alt text.
    pub media: BTreeMap<(PathBuf, String), PathBuf>,
    /// The en-US text of each segment of each translated file, by the file's locale
    /// ([`Versions::add_source_texts`]; empty until asked for): pages show it on request.
    pub sources: BTreeMap<Locale, std::collections::HashMap<String, String>>,
}

/// The image file a relative image `url` of the content file `file` names, if it is a regular
/// file inside the content root `root` (canonical) no larger than a content file.
pub fn local_image(root: &Path, file: &Path, url: &str) -> Option<PathBuf> {
    let url = url.trim();
    if url.is_empty()
        || crate::url::scheme(url).is_some()
        || url.starts_with('/')
        || url.starts_with('\\')
    {
        return None;
    }
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let path = percent_decode(path);
    let joined = file.parent()?.join(path);
    // one `stat` for an image that is missing (common), before resolving every component
    let meta = std::fs::metadata(&joined).ok()?;
    if !meta.is_file() || meta.len() > crate::source::MAX_FILE_BYTES {
        return None;
    }
    let resolved = joined.canonicalize().ok()?;
    resolved.starts_with(root).then_some(resolved)
}

/// Where a page in `page_dir` (site-relative, `nl-NL/sub`) finds the image its relative `url`
/// names: the URL resolved lexically below the site root (`None` when it climbs out of it).
pub fn media_target(page_dir: &Path, url: &str) -> Option<PathBuf> {
    let path = url.trim().split(['?', '#']).next().unwrap_or(url);
    let mut parts: Vec<String> = page_dir
        .components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect();
    for part in percent_decode(path).split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other.to_string()),
        }
    }
    (!parts.is_empty()).then(|| parts.iter().collect())
}

/// `%20` and the like in a relative URL, as a file name.
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_string())
}

impl Versions {
    /// Loads and models every file of `slug`; `None` when the index has no such article.
    pub fn load(
        index: &Index,
        slug: &str,
        words: &RecognitionSet,
    ) -> Option<(Versions, Vec<Diagnostic>)> {
        let entry = index.articles.get(slug)?;
        let mut diagnostics = Vec::new();
        let mut files = Vec::new();
        let mut source = None;
        for &i in &entry.files {
            let found = index.files[i].found.clone();
            let file = match crate::source::read(found) {
                Ok(file) => file,
                Err(d) => {
                    // changed since the first pass: report and go on without it
                    diagnostics.push(d);
                    continue;
                }
            };
            let (loaded, file_diagnostics) = load::load(file, &ProjectOptions::default());
            diagnostics.extend(file_diagnostics);
            if let Some(loaded) = loaded {
                match entry.source {
                    Some(SourceChoice::Authored(s)) if s == i => source = Some((files.len(), true)),
                    Some(SourceChoice::Derived(s)) if s == i && loaded.source.is_some() => {
                        source = Some((files.len(), false))
                    }
                    _ => {}
                }
                files.push(loaded);
            }
        }
        let mut includes = BTreeSet::new();
        let mut articles = BTreeMap::new();
        let roots = (index.root.as_path(), index.content.as_path());
        for (n, file) in files.iter().enumerate() {
            let article = crate::modelling::article_model(
                file,
                Side::Target,
                roots,
                words,
                &mut diagnostics,
                &mut includes,
                &index.includes,
            );
            articles.insert(Locale::from(file.locale.clone()), article);
            if source == Some((n, false)) {
                let article = crate::modelling::article_model(
                    file,
                    Side::Source,
                    roots,
                    words,
                    &mut diagnostics,
                    &mut includes,
                    &index.includes,
                );
                articles.insert(Locale::en_us(), article);
            }
        }
        let mut media = BTreeMap::new();
        for article in articles.values() {
            crate::model::walk_references(article, &mut |inline, _| {
                let urls = match inline {
                    crate::model::Inline::Image { url, .. } => vec![url.clone()],
                    // the images of older articles' HTML tables
                    crate::model::Inline::Html { html } => crate::raw_html::references(html).1,
                    _ => return,
                };
                for url in urls {
                    if let Some(image) = local_image(&index.root, &article.path, &url) {
                        media.insert((article.path.clone(), url), image);
                    }
                }
            });
        }
        crate::diagnostic::sort(&mut diagnostics);
        Some((
            Versions {
                slug: slug.to_string(),
                media,
                files,
                source,
                articles,
                includes,
                sources: BTreeMap::new(),
            },
            diagnostics,
        ))
    }

    /// Fills [`Versions::sources`] for the files that have an en-US side, with their inline
    /// includes resolved (the files those name join [`Versions::includes`]).
    pub fn add_source_texts(&mut self, index: &Index, words: &RecognitionSet) {
        let roots = (index.root.as_path(), index.content.as_path());
        for file in self.files.iter().filter(|file| file.source.is_some()) {
            let texts = crate::modelling::source_texts(
                file,
                roots,
                words,
                &mut self.includes,
                &index.includes,
            );
            if !texts.is_empty() {
                self.sources
                    .insert(Locale::from(file.locale.clone()), texts);
            }
        }
    }

    /// The locales this article has a text in.
    pub fn locales(&self) -> BTreeSet<Locale> {
        self.articles.keys().cloned().collect()
    }

    /// The article shown to a reader of `locale`, and whether it is a fallback.
    pub fn shown(&self, locale: &Locale) -> Option<(&Article, bool)> {
        let shown = shown_locale(&self.locales(), locale)?;
        Some((&self.articles[&shown.locale], shown.fallback))
    }

    /// The file and side that hold the text of `locale` (en-US: the chosen source).
    pub fn text_of(&self, locale: &Locale) -> Option<(&LoadedFile, Side)> {
        if let Some(file) = self
            .files
            .iter()
            .find(|f| &Locale::from(f.locale.clone()) == locale)
        {
            return Some((file, Side::Target));
        }
        match self.source {
            Some((i, false)) if locale.is_en_us() => Some((&self.files[i], Side::Source)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(tags: &[&str]) -> BTreeSet<Locale> {
        tags.iter().map(|t| t.parse().unwrap()).collect()
    }

    #[test]
    fn own_then_negotiated_then_en_us() {
        let available = set(&["en-US", "nl-NL"]);
        let own = shown_locale(&available, &"nl-NL".parse().unwrap()).unwrap();
        assert_eq!((own.locale.tag().as_str(), own.fallback), ("nl-NL", false));
        let near = shown_locale(&available, &"nl-BE".parse().unwrap()).unwrap();
        assert_eq!((near.locale.tag().as_str(), near.fallback), ("nl-NL", true));
        let far = shown_locale(&available, &"sv-SE".parse().unwrap()).unwrap();
        assert_eq!((far.locale.tag().as_str(), far.fallback), ("en-US", true));
        let only = shown_locale(&set(&["ja-JP"]), &"sv-SE".parse().unwrap()).unwrap();
        assert_eq!(only.locale.tag(), "ja-JP");
        assert!(shown_locale(&set(&[]), &"sv-SE".parse().unwrap()).is_none());
    }
}
