//! `check`: every QA rule over the content, one batch of articles at a time; nothing written.

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Tally};
use crate::error::Error;
use crate::library::Versions;
use crate::qa::{articles::LinkCheck, terms::Terms};

use super::{Progress, Project};

/// Articles loaded together.
const BATCH: usize = 64;

/// What `check` found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Content files found.
    pub found: usize,
    /// Diagnostics (configuration applied), sorted.
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckReport {
    /// Errors and warnings.
    pub fn tally(&self) -> Tally {
        Tally::of(self.diagnostics.iter())
    }
}

/// Runs the reader's, the model's and every QA rule over the project's content.
pub fn check(project: &Project, progress: &dyn Progress) -> Result<CheckReport, Error> {
    progress.stage("index", 0);
    let index = project.index()?;
    let mut diagnostics = index.diagnostics.clone();
    let locales: BTreeSet<String> = index.files.iter().map(|f| f.locale.tag()).collect();
    let mut links = LinkCheck::new(index.articles.keys().cloned());
    let mut terms = Terms::default();
    let slugs: Vec<&std::sync::Arc<str>> = index.articles.keys().collect();
    progress.stage("articles", slugs.len() as u64);
    for batch in slugs.chunks(BATCH) {
        let loaded: Vec<Option<(Versions, Vec<Diagnostic>)>> = batch
            .par_iter()
            .map(|slug| {
                let (versions, mut found) = Versions::load(&index, slug, &project.words)?;
                found.extend(crate::qa::check_article(
                    &versions.files,
                    &locales,
                    &project.config,
                ));
                Some((versions, found))
            })
            .collect();
        for (versions, found) in loaded.into_iter().flatten() {
            diagnostics.extend(found);
            for file in &versions.files {
                terms.add(file);
            }
            diagnostics.extend(links.add(versions.articles.values()));
        }
        progress.advance(batch.len() as u64);
    }
    diagnostics.extend(terms.finish());
    diagnostics.extend(links.finish());
    let mut diagnostics = project.config.apply(diagnostics);
    crate::diagnostic::sort(&mut diagnostics);
    progress.finish();
    Ok(CheckReport {
        found: index.found,
        diagnostics,
    })
}
