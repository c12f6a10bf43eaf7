//! Commands about one article (`model`, `checklist`) and the translation-memory export.

use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::export::{self, tmx::TmxWriter, xliff::XliffWriter};
use crate::index::Index;
use crate::library::Versions;
use crate::locale::Locale;
use crate::model::Article;
use crate::render::checklist::ChecklistFormat;

use super::Project;

/// Articles segmented together by the export.
const BATCH: usize = 64;

/// An article's model and the diagnostics of its file.
#[derive(Debug)]
pub struct ArticleChoice {
    /// The model.
    pub article: Article,
    /// Problems of the file the model comes from.
    pub diagnostics: Vec<Diagnostic>,
}

/// Finds an article by content file or slug; a name that matches nothing is a usage error.
fn find(index: &Index, article: &str) -> Result<(String, Option<Locale>), Error> {
    let as_path = Path::new(article);
    if as_path.is_file() {
        let wanted = as_path.canonicalize().ok();
        if let Some(file) = index
            .files
            .iter()
            .find(|f| f.found.path.canonicalize().ok() == wanted)
        {
            return Ok((file.slug().to_string(), Some(file.locale.clone())));
        }
    }
    let slug = article.trim_end_matches(".md");
    if index.articles.contains_key(slug) {
        return Ok((slug.to_string(), None));
    }
    Err(Error::Usage(format!(
        "no article `{article}` in {} (give a content file or a slug)",
        index.content.display()
    )))
}

/// The model of one article: a content file in its own locale by default, a slug in en-US
/// (its source language) when it has one, else in its first locale; `locale` picks another.
pub fn model_of(
    project: &Project,
    index: &Index,
    article: &str,
    locale: Option<&Locale>,
) -> Result<ArticleChoice, Error> {
    let (slug, file_locale) = find(index, article)?;
    let (mut versions, diagnostics) = load(project, index, &slug)?;
    let locale = match locale.cloned().or(file_locale) {
        Some(locale) => locale,
        None if versions.articles.contains_key(&Locale::en_us()) => Locale::en_us(),
        None => versions
            .articles
            .keys()
            .next()
            .cloned()
            .ok_or_else(|| Error::Usage(format!("article `{slug}` has no usable file")))?,
    };
    let article = versions
        .articles
        .remove(&locale)
        .ok_or_else(|| Error::Usage(format!("article `{article}` has no {locale} version")))?;
    // the problems of this file and what it includes, not those of the other locales' files
    let others: Vec<&PathBuf> = versions
        .files
        .iter()
        .map(|f| &f.found.path)
        .filter(|p| **p != article.path)
        .collect();
    let diagnostics = diagnostics
        .into_iter()
        .filter(|d| !others.contains(&&d.path))
        .collect();
    Ok(ArticleChoice {
        article,
        diagnostics,
    })
}

/// A checklist and the locale it is shown in.
#[derive(Debug)]
pub struct ChecklistText {
    /// The checklist.
    pub text: String,
    /// The locale of the article shown.
    pub shown: Locale,
}

/// The checklist of `slug` for a reader of `locale` (negotiated: `nl` gives nl-NL, a language
/// without the article gives en-US); links resolve as in a build with `site_base` and
/// `link_base` ([`crate::render::links::LinkMap`]).
pub fn checklist_of(
    project: &Project,
    index: &Index,
    slug: &str,
    locale: &Locale,
    format: ChecklistFormat,
    (site_base, link_base): (&str, Option<&str>),
) -> Result<ChecklistText, Error> {
    let (versions, shown) = shown_of(project, index, slug, locale)?;
    let article = &versions.articles[&shown];
    let t = project.strings.localizer(shown.id());
    let site_base = crate::render::urls::site_base(site_base).map_err(Error::Usage)?;
    let links = crate::render::links::LinkMap::new(index.articles.keys().cloned())
        .with_bases(link_base.map(str::to_string), &site_base)
        .with_remote_images(project.config.remote_images);
    Ok(ChecklistText {
        text: crate::render::checklist::render(article, &t, format, &links),
        shown,
    })
}

/// A run record rendered for a reader.
#[derive(Debug)]
pub struct RecordText {
    /// The record (markdown).
    pub text: String,
    /// The locale of the article the record is written in.
    pub shown: Locale,
    /// Keys of the run's steps the article no longer has (listed last in the record).
    pub unknown_steps: Vec<String>,
}

/// The run exported to `record` as a markdown record for a reader of `locale`: its labels,
/// times and counts in that locale, step titles from the article that locale's reader gets
/// (negotiated as for [`checklist_of`]). A record of another article, or a file that is not a record, is an
/// error.
pub fn record_of(
    project: &Project,
    index: &Index,
    slug: &str,
    locale: &Locale,
    record: &Path,
) -> Result<RecordText, Error> {
    let run = crate::run::Run::read(record)?;
    if run.record.slug != slug {
        return Err(Error::Usage(format!(
            "{}:1:1: this is a run of `{}`, not of `{slug}`",
            record.display(),
            run.record.slug
        )));
    }
    let (versions, shown) = shown_of(project, index, slug, locale)?;
    let article = &versions.articles[&shown];
    // the record speaks the reader's language even when the article falls back to another
    let t = project.strings.localizer(locale.id());
    let format = crate::render::record::RecordFormat {
        t: &t,
        times: &crate::locale_format::TimeFormat::new(locale),
    };
    let known: std::collections::HashSet<&str> =
        article.all_steps().iter().map(|s| s.key.as_str()).collect();
    let unknown_steps = run
        .record
        .steps
        .iter()
        .filter(|s| !known.contains(s.key.as_str()))
        .map(|s| s.key.clone())
        .collect();
    Ok(RecordText {
        text: crate::render::record::render(article, &run, &format),
        shown,
        unknown_steps,
    })
}

/// The article `slug` in every locale, and the locale a reader of `locale` gets it in (the one
/// fallback decision, [`Versions::shown`]); a slug that names nothing is a usage error.
fn shown_of(
    project: &Project,
    index: &Index,
    slug: &str,
    locale: &Locale,
) -> Result<(Versions, Locale), Error> {
    if !index.articles.contains_key(slug) {
        return Err(Error::Usage(format!(
            "no article `{slug}` in {}",
            index.content.display()
        )));
    }
    let (versions, _) = load(project, index, slug)?;
    let (article, _) = versions
        .shown(locale)
        .ok_or_else(|| Error::Usage(format!("article `{slug}` has no usable file")))?;
    let shown: Locale = article
        .locale
        .parse()
        .map_err(|e: String| Error::Usage(e))?;
    Ok((versions, shown))
}

fn load(
    project: &Project,
    index: &Index,
    slug: &str,
) -> Result<(Versions, Vec<Diagnostic>), Error> {
    Versions::load(index, slug, &project.words)
        .ok_or_else(|| Error::Usage(format!("no article `{slug}`")))
}

/// Translation memory formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// TMX 1.4b (multilingual).
    Tmx,
    /// XLIFF 2.0 (one target locale).
    Xliff,
}

/// What to export.
#[derive(Debug, Clone)]
pub struct ExportPlan {
    /// The format.
    pub format: ExportFormat,
    /// Target locales (empty: every locale with bilingual files).
    pub locales: Vec<Locale>,
    /// Write to this file (atomically); `None`: to the sink given to [`export()`].
    pub out: Option<PathBuf>,
}

/// What an export did.
#[derive(Debug, Default)]
pub struct ExportReport {
    /// Units written.
    pub units: usize,
}

enum Stream<W: Write> {
    Tmx(TmxWriter<W>),
    Xliff(XliffWriter<W>),
}

/// Streams the translation memory of the content to `plan.out` or to `sink`, a batch of
/// articles at a time.
pub fn export(
    project: &Project,
    plan: &ExportPlan,
    sink: &mut dyn Write,
) -> Result<ExportReport, Error> {
    let index = project.index()?;
    let mut locales: Vec<String> = index
        .resolve_locales(&plan.locales)?
        .iter()
        .map(Locale::tag)
        .collect();
    if locales.is_empty() {
        locales = index
            .files
            .iter()
            .filter(|f| f.bilingual)
            .map(|f| f.locale.tag())
            .collect();
        locales.sort();
        locales.dedup();
    }
    if plan.format == ExportFormat::Xliff && locales.len() != 1 {
        return Err(Error::Usage(format!(
            "XLIFF 2.0 has one target language: give one --locale (found {})",
            locales.join(", ")
        )));
    }
    let shown = plan
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("standard output"));
    let io = |source: std::io::Error| Error::Io {
        path: shown.clone(),
        source,
    };
    match &plan.out {
        Some(path) => {
            let file = std::io::BufWriter::with_capacity(
                1 << 16,
                crate::output::stream_file(path, &project.settings.content)?,
            );
            let (file, units) = write_units(&index, &locales, plan.format, file).map_err(io)?;
            file.into_inner()
                .map_err(|e| io(e.into_error()))?
                .finish(None)?;
            Ok(ExportReport { units })
        }
        None => {
            let (_, units) = write_units(&index, &locales, plan.format, sink).map_err(io)?;
            Ok(ExportReport { units })
        }
    }
}

fn write_units<W: Write>(
    index: &Index,
    locales: &[String],
    format: ExportFormat,
    sink: W,
) -> std::io::Result<(W, usize)> {
    let mut stream = match format {
        ExportFormat::Tmx => Stream::Tmx(TmxWriter::start(sink)?),
        ExportFormat::Xliff => Stream::Xliff(XliffWriter::start(sink, &locales[0])?),
    };
    let mut count = 0;
    let slugs: Vec<&std::sync::Arc<str>> = index.articles.keys().collect();
    for batch in slugs.chunks(BATCH) {
        let units: Vec<Vec<export::Unit>> = batch
            .par_iter()
            .map(|slug| {
                let files = export::article_files(index, slug, &|_| true);
                export::collect(&files, locales)
            })
            .collect();
        for units in &units {
            match &mut stream {
                Stream::Tmx(w) => {
                    count += units.len();
                    w.units(units)?
                }
                Stream::Xliff(w) => {
                    count += units
                        .iter()
                        .filter(|u| u.translations.contains_key(&locales[0]))
                        .count();
                    w.units(units)?
                }
            }
        }
    }
    let mut sink = match stream {
        Stream::Tmx(w) => w.finish()?,
        Stream::Xliff(w) => w.finish()?,
    };
    sink.flush()?;
    Ok((sink, count))
}
