//! The whole job over a content directory, in parallel where files are independent.
//!
//! 1. [`load_all`]: discover `content/<locale>/**.md`, then read, segment and project every file
//!    on the rayon pool (per-file memory is the file and its projections);
//! 2. [`resolve_sources`]: pick one en-US article per slug among the bilingual files (a real
//!    `content/en-US` file wins; otherwise the newest `ms.lasthandoff`), warning on source drift;
//! 3. [`plan_markdown`]: the projections as output files;
//! 4. [`write_outputs`]: write them atomically inside the output directory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use unic_langid::LanguageIdentifier;

use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Error;
use crate::load::{self, LoadedFile};
use crate::output::OutputDir;
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
                    "source-drift",
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

/// One file to write below the output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFile {
    /// Path below the output directory.
    pub path: PathBuf,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// `markdown/<locale>/<slug>.md` for every file's own locale and for the chosen en-US sources,
/// restricted to `locales` when it is not empty.
pub fn plan_markdown(
    files: &[LoadedFile],
    sources: &BTreeMap<&str, SourceChoice<'_>>,
    locales: &[LanguageIdentifier],
) -> Vec<PlannedFile> {
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

fn markdown_file(locale: &LanguageIdentifier, slug: &str, text: &str) -> PlannedFile {
    PlannedFile {
        path: Path::new("markdown")
            .join(locale.to_string())
            .join(format!("{slug}.md")),
        bytes: text.as_bytes().to_vec(),
    }
}

/// Writes every planned file (in parallel); I/O failures are reported per file.
pub fn write_outputs(out: &OutputDir, planned: &[PlannedFile]) -> (usize, Vec<Error>) {
    let errors: Vec<Error> = planned
        .par_iter()
        .filter_map(|file| out.write(&file.path, &file.bytes).err())
        .collect();
    (planned.len() - errors.len(), errors)
}
