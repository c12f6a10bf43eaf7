//! The whole job over a content directory, in parallel where files are independent.
//!
//! 1. [`load_all`]: discover `content/<locale>/**.md`, then read, segment and project every file
//!    on the rayon pool (per-file memory is the file and its projections);
//! 2. [`resolve_sources`]: pick one en-US article per slug among the bilingual files (a real
//!    `content/en-US` file wins; otherwise the newest `ms.lasthandoff`), warning on source drift;
//! 3. [`plan_markdown`]: the projections as output files;
//! 4. [`build_models`]: the article model of every file in its locale, and of each bilingual
//!    article in en-US, with includes resolved ([`plan_models`] makes them JSON files);
//! 5. [`write_outputs`]: write them atomically inside the output directory.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use unic_langid::LanguageIdentifier;

use crate::bilingual::Side;
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Error;
use crate::include::{self, IncludeContext};
use crate::load::{self, LoadedFile};
use crate::model::{self, Article, ModelInput, Origin, recognition::RecognitionSet};
use crate::output::{OutputDir, OutputFile};
use crate::projection::ProjectOptions;
use crate::source;

/// Every usable content file, with the diagnostics of all files.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Files that loaded, sorted by path.
    pub files: Vec<LoadedFile>,
    /// Diagnostics, sorted by path, line and column.
    pub diagnostics: Vec<Diagnostic>,
    /// Number of files found (loaded or not).
    pub found: usize,
}

/// Discovers and loads every content file below `content`.
pub fn load_all(content: &Path, options: &ProjectOptions) -> Result<Loaded, Error> {
    let (found, mut diagnostics) = source::discover(content).map_err(|source| Error::Io {
        path: content.to_path_buf(),
        source,
    })?;
    let count = found.len();
    let results: Vec<(Option<LoadedFile>, Vec<Diagnostic>)> = found
        .into_par_iter()
        .map(|found| match source::read(found) {
            Ok(file) => load::load(file, options),
            Err(diagnostic) => (None, vec![diagnostic]),
        })
        .collect();
    let mut files = Vec::with_capacity(results.len());
    for (file, file_diagnostics) in results {
        files.extend(file);
        diagnostics.extend(file_diagnostics);
    }
    sort_diagnostics(&mut diagnostics);
    Ok(Loaded {
        files,
        diagnostics,
        found: count,
    })
}

/// Sorts diagnostics by path, then position, for stable output.
pub fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
}

/// The en-US article chosen for a slug.
#[derive(Debug, Clone, Copy)]
pub enum SourceChoice<'a> {
    /// A monolingual file in `content/en-US`.
    Authored(&'a LoadedFile),
    /// The source side of this bilingual file.
    Derived(&'a LoadedFile),
}

impl<'a> SourceChoice<'a> {
    /// The en-US markdown.
    pub fn markdown(&self) -> &'a str {
        match self {
            SourceChoice::Authored(file) => &file.target.text,
            SourceChoice::Derived(file) => file.source.as_ref().map_or("", |p| p.text.as_str()),
        }
    }

    /// The file it comes from.
    pub fn file(&self) -> &'a LoadedFile {
        match self {
            SourceChoice::Authored(file) | SourceChoice::Derived(file) => file,
        }
    }
}

/// Chooses one en-US article per slug of the bilingual files; warns when locales carry
/// different en-US text for one article.
pub fn resolve_sources(
    files: &[LoadedFile],
) -> (BTreeMap<&str, SourceChoice<'_>>, Vec<Diagnostic>) {
    let en_us = load::source_locale();
    let mut by_slug: BTreeMap<&str, Vec<&LoadedFile>> = BTreeMap::new();
    let mut authored: BTreeMap<&str, &LoadedFile> = BTreeMap::new();
    for file in files {
        if file.source.is_some() {
            by_slug.entry(file.slug()).or_default().push(file);
        } else if file.locale == en_us {
            authored.insert(file.slug(), file);
        }
    }
    let mut chosen = BTreeMap::new();
    let mut diagnostics = Vec::new();
    for (slug, mut candidates) in by_slug {
        if let Some(file) = authored.get(slug) {
            chosen.insert(slug, SourceChoice::Authored(file));
            continue;
        }
        // newest hand-off first; ties broken by path for determinism
        candidates.sort_by(|a, b| {
            b.meta
                .last_handoff_date()
                .cmp(&a.meta.last_handoff_date())
                .then_with(|| a.found.path.cmp(&b.found.path))
        });
        let newest = candidates[0];
        let newest_text = SourceChoice::Derived(newest).markdown();
        for older in &candidates[1..] {
            if SourceChoice::Derived(older).markdown() != newest_text {
                diagnostics.push(Diagnostic::file(
                    &older.found.path,
                    Severity::Warning,
                    "source-drift-file",
                    format!(
                        "en-US source differs from {} (ms.openlocfilehash {} vs {}); using the newer one",
                        newest.found.path.display(),
                        older.meta.openlocfilehash.as_deref().unwrap_or("-"),
                        newest.meta.openlocfilehash.as_deref().unwrap_or("-"),
                    ),
                ));
            }
        }
        chosen.insert(slug, SourceChoice::Derived(newest));
    }
    (chosen, diagnostics)
}

/// `markdown/<locale>/<slug>.md` for every file's own locale and for the chosen en-US sources,
/// restricted to `locales` when it is not empty.
pub fn plan_markdown(
    files: &[LoadedFile],
    sources: &BTreeMap<&str, SourceChoice<'_>>,
    locales: &[LanguageIdentifier],
) -> Vec<OutputFile> {
    let wanted = |locale: &LanguageIdentifier| locales.is_empty() || locales.contains(locale);
    let mut planned = Vec::new();
    for file in files {
        if wanted(&file.locale) {
            planned.push(markdown_file(&file.locale, file.slug(), &file.target.text));
        }
    }
    let en_us = load::source_locale();
    if wanted(&en_us) {
        for (slug, choice) in sources {
            if let SourceChoice::Derived(_) = choice {
                planned.push(markdown_file(&en_us, slug, choice.markdown()));
            }
        }
    }
    planned
}

fn markdown_file(locale: &LanguageIdentifier, slug: &str, text: &str) -> OutputFile {
    OutputFile {
        path: Path::new("markdown")
            .join(locale.to_string())
            .join(format!("{slug}.md")),
        bytes: text.as_bytes().to_vec(),
    }
}

/// Writes every planned file (in parallel); I/O failures are reported per file.
pub fn write_outputs(out: &OutputDir, planned: &[OutputFile]) -> (usize, Vec<Error>) {
    let errors: Vec<Error> = planned
        .par_iter()
        .filter_map(|file| out.write(&file.path, &file.bytes).err())
        .collect();
    (planned.len() - errors.len(), errors)
}

/// Builds the article models: every file in its own locale, plus the en-US model of each
/// bilingual article from its chosen source. Sorted by locale, then slug.
pub fn build_models(
    files: &[LoadedFile],
    sources: &BTreeMap<&str, SourceChoice<'_>>,
    content: &Path,
    words: &RecognitionSet,
) -> (Vec<Article>, Vec<Diagnostic>) {
    let root = content
        .canonicalize()
        .unwrap_or_else(|_| content.to_path_buf());
    let results: Vec<(Vec<Article>, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|file| {
            let mut diagnostics = Vec::new();
            let mut articles = vec![article_model(
                file,
                Side::Target,
                (&root, content),
                words,
                &mut diagnostics,
            )];
            if let Some(SourceChoice::Derived(chosen)) = sources.get(file.slug())
                && std::ptr::eq(*chosen, file)
            {
                articles.push(article_model(
                    file,
                    Side::Source,
                    (&root, content),
                    words,
                    &mut diagnostics,
                ));
            }
            (articles, diagnostics)
        })
        .collect();
    let mut articles = Vec::new();
    let mut diagnostics = Vec::new();
    for (a, d) in results {
        articles.extend(a);
        diagnostics.extend(d);
    }
    articles.sort_by(|a, b| (&a.locale, &a.slug).cmp(&(&b.locale, &b.slug)));
    // the same missing include is seen by the target and the en-US model: report it once
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.rule).cmp(&(&b.path, b.line, b.column, b.rule))
    });
    diagnostics.dedup();
    (articles, diagnostics)
}

/// The model of one side of a loaded file. `roots` is the content root canonical and as given.
pub fn article_model(
    file: &LoadedFile,
    side: Side,
    roots: (&Path, &Path),
    words: &RecognitionSet,
    diagnostics: &mut Vec<Diagnostic>,
) -> Article {
    let (projection, locale, meta) = match (side, &file.source) {
        (Side::Source, Some(source)) => {
            let meta = crate::frontmatter::split(&source.text)
                .ok()
                .flatten()
                .and_then(|block| crate::frontmatter::parse(&source.text, &block).ok())
                .unwrap_or_default();
            (source, load::SOURCE_LOCALE.to_string(), meta)
        }
        _ => (&file.target, file.locale.to_string(), file.meta.clone()),
    };
    let canonical = file
        .found
        .path
        .canonicalize()
        .unwrap_or_else(|_| file.found.path.clone());
    let context = IncludeContext {
        root: roots.0,
        shown_root: roots.1,
        side,
        words,
    };
    let mut resolve_include = |path: &str, origin: &Origin| {
        include::resolve(
            &context,
            &canonical,
            &file.found.path,
            &[],
            path,
            origin,
            diagnostics,
        )
    };
    let input = ModelInput {
        slug: file.slug(),
        locale,
        meta,
        projection,
        doc: &file.doc,
    };
    let mut article = model::build_article(input, words, &mut resolve_include);
    article.path = file.found.path.clone();
    article
}

/// `model/<locale>/<slug>.json` for every article model.
pub fn plan_models(articles: &[Article], locales: &[LanguageIdentifier]) -> Vec<OutputFile> {
    articles
        .iter()
        .filter(|a| locales.is_empty() || locales.iter().any(|l| l.to_string() == a.locale))
        .map(|article| {
            let mut bytes = serde_json::to_vec_pretty(article).expect("the model serializes");
            bytes.push(b'\n');
            OutputFile {
                path: Path::new("model")
                    .join(&article.locale)
                    .join(format!("{}.json", article.slug)),
                bytes,
            }
        })
        .collect()
}

/// The models of one bilingual or monolingual text outside a content directory (includes are
/// left unresolved): the target-locale model, and the en-US model when the text has pairs.
pub fn models_of_text(
    slug: &str,
    locale: &str,
    text: String,
    words: &RecognitionSet,
) -> (Article, Option<Article>) {
    let (doc, _) = crate::bilingual::BilingualDoc::parse(text);
    let options = ProjectOptions::default();
    let mut unresolved = |_: &str, _: &Origin| None;
    let mut build = |side: Side, locale: String| {
        let (projection, _) = crate::projection::project(&doc, side, &options);
        let meta = crate::frontmatter::split(&projection.text)
            .ok()
            .flatten()
            .and_then(|block| crate::frontmatter::parse(&projection.text, &block).ok())
            .unwrap_or_default();
        let input = ModelInput {
            slug,
            locale,
            meta,
            projection: &projection,
            doc: &doc,
        };
        model::build_article(input, words, &mut unresolved)
    };
    let target = build(Side::Target, locale.to_string());
    let source = doc
        .is_bilingual()
        .then(|| build(Side::Source, load::SOURCE_LOCALE.to_string()));
    (target, source)
}

/// `checklists/<locale>/<slug>.md` and `.txt` for every article model.
pub fn plan_checklists(articles: &[Article], strings: &crate::l10n::Strings) -> Vec<OutputFile> {
    use crate::render::checklist::{ChecklistFormat, render};
    articles
        .par_iter()
        .flat_map_iter(|article| {
            let locale: LanguageIdentifier = article
                .locale
                .parse()
                .unwrap_or_else(|_| load::source_locale());
            let t = strings.localizer(&locale);
            [
                (ChecklistFormat::Markdown, "md"),
                (ChecklistFormat::Text, "txt"),
            ]
            .map(|(format, extension)| {
                let mut text = render(article, &t, format);
                text.push('\n');
                OutputFile {
                    path: Path::new("checklists")
                        .join(&article.locale)
                        .join(format!("{}.{extension}", article.slug)),
                    bytes: text.into_bytes(),
                }
            })
        })
        .collect()
}

/// `tm/<locale>.tmx` and `tm/<locale>.xlf` (en-US to that locale) for every locale with
/// bilingual files, and `tm/all.tmx` aligning every locale.
pub fn plan_translation_memory(
    files: &[LoadedFile],
    locales: &[LanguageIdentifier],
) -> Vec<OutputFile> {
    let mut targets: Vec<String> = files
        .iter()
        .filter(|f| f.doc.is_bilingual())
        .map(|f| f.locale.to_string())
        .filter(|l| locales.is_empty() || locales.iter().any(|w| &w.to_string() == l))
        .collect();
    targets.sort();
    targets.dedup();
    let mut out = Vec::new();
    for locale in &targets {
        let units = crate::export::collect(files, std::slice::from_ref(locale));
        out.push(OutputFile {
            path: Path::new("tm").join(format!("{locale}.tmx")),
            bytes: crate::export::tmx::write(&units).into_bytes(),
        });
        out.push(OutputFile {
            path: Path::new("tm").join(format!("{locale}.xlf")),
            bytes: crate::export::xliff::write(&units, locale).into_bytes(),
        });
    }
    if targets.len() > 1 {
        let units = crate::export::collect(files, &targets);
        out.push(OutputFile {
            path: Path::new("tm/all.tmx").to_path_buf(),
            bytes: crate::export::tmx::write(&units).into_bytes(),
        });
    }
    out
}
