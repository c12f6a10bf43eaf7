//! Which article a reader sees: one article's texts in every locale, loaded and modelled
//! together, and the one function that decides fallback.
//!
//! [`shown_locale`] is the only place that decides which locale's text is shown for a requested
//! locale (its own, else the negotiated fallback chain, en-US last); the site, the checklists,
//! `kbgen model` and the notices all ask it, through [`Versions::shown`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

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
                );
                articles.insert(Locale::en_us(), article);
            }
        }
        crate::diagnostic::sort(&mut diagnostics);
        Some((
            Versions {
                slug: slug.to_string(),
                files,
                source,
                articles,
                includes,
            },
            diagnostics,
        ))
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
