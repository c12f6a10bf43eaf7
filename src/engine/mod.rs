//! The library's façade: open a [`Project`], then run a command on it with a plan; every
//! command returns a report and prints nothing.
//!
//! ```no_run
//! use kbgen::engine::{BuildPlan, Project, Settings, Silent};
//! let project = Project::open(&Settings::default())?;
//! let report = kbgen::engine::build(&project, &BuildPlan::new("out"), &Silent)?;
//! println!("{} written, {} unchanged", report.written, report.unchanged);
//! # Ok::<(), kbgen::error::Error>(())
//! ```
//!
//! - [`build()`]: every output, in two passes with memory bounded by one article, rebuilding only
//!   what changed ([`manifest`]);
//! - [`check()`]: every QA rule, nothing written;
//! - [`export()`]: translation memory;
//! - [`notify()`]: notices per recipient, written and optionally sent;
//! - `serve()` (feature `serve`): a live preview that rebuilds what changed and reloads pages;
//! - [`model_of`] and [`checklist_of`]: one article.

mod build;
mod check;
mod init;
pub mod manifest;
mod notify;
#[cfg(feature = "serve")]
mod serve;
mod single;

pub use build::{BuildPlan, BuildReport, SEARCH_BUNDLE_PAGES, SEARCH_BUNDLES_MAX, Shard, build};
pub use check::{CheckReport, check};
pub use init::{InitPlan, InitReport, init};
pub use notify::{NotifyEvent, NotifyPlan, NotifyReport, notify};
#[cfg(feature = "serve")]
pub use serve::{ServeEvent, ServePlan, serve};
pub use single::{
    ArticleChoice, ChecklistText, ExportFormat, ExportPlan, ExportReport, RecordText,
};
pub use single::{checklist_of, export, model_of, record_of};

use std::path::PathBuf;

use crate::error::Error;
use crate::index::{Hash, Index, hash_parts};
use crate::l10n::{Sources, Strings};
use crate::model::recognition::RecognitionSet;
use crate::templates::Templates;

/// Where a project's inputs are.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The content directory (`<locale>/**.md` below it).
    pub content: PathBuf,
    /// The locales directory (`<locale>/*.ftl`, `recognition.toml`).
    pub locales_dir: PathBuf,
    /// Templates overriding the embedded ones, file by file.
    pub templates: Option<PathBuf>,
    /// The project file (`kbgen.toml`), whose QA rules, terms, images and attribution apply
    /// to the content.
    pub project_file: Option<crate::config::ProjectFile>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            content: PathBuf::from("content"),
            locales_dir: PathBuf::from("locales"),
            templates: None,
            project_file: None,
        }
    }
}

impl Settings {
    /// The settings a project file gives: its paths, kbgen's defaults for the others, and
    /// its QA and site keys (the CLI then lets flags override them).
    pub fn from_project_file(file: crate::config::ProjectFile) -> Settings {
        let default = Settings::default();
        Settings {
            content: file.paths.content.clone().unwrap_or(default.content),
            locales_dir: file.paths.locales.clone().unwrap_or(default.locales_dir),
            templates: file.paths.templates.clone(),
            project_file: Some(file),
        }
    }
}

/// A project: its settings and what every command needs, loaded once.
#[derive(Debug)]
pub struct Project {
    /// Where things are.
    pub settings: Settings,
    /// Step words per locale.
    pub words: RecognitionSet,
    /// The FTL sources.
    pub sources: Sources,
    /// UI and notice strings.
    pub strings: Strings,
    /// Templates and assets.
    pub templates: Templates,
    /// What applies to the content: QA rules, terms, images, attribution (the project file's
    /// keys over those of an older `content/kbgen.toml`).
    pub config: crate::qa::Config,
    /// Problems met while opening (unreadable step words, FTL errors); the project still works.
    pub warnings: Vec<String>,
}

impl Project {
    /// Opens a project: reads step words, strings, templates and the QA configuration.
    pub fn open(settings: &Settings) -> Result<Project, Error> {
        if let Some(dir) = settings.templates.as_deref().filter(|d| !d.is_dir()) {
            return Err(Error::Usage(format!(
                "--templates {}: no such directory (leave it out to use the embedded templates)",
                dir.display()
            )));
        }
        let (words, mut warnings) = RecognitionSet::with_dir(&settings.locales_dir);
        let sources = Sources::with_dir(&settings.locales_dir).map_err(Error::Usage)?;
        let (strings, problems) = Strings::new(&sources);
        warnings.extend(problems);
        let templates = Templates::load(settings.templates.as_deref())?;
        let older = crate::qa::Config::load(&settings.content)?;
        if let Some(older) = &older {
            warnings.push(format!(
                "{}: the QA settings in the content folder are deprecated; move them to kbgen.toml at the project root ({})",
                older.1.display(),
                "`rules` under [check.rules], `terms` under [check], `remote-images`, `attribution` and `license-url` under [site]"
            ));
        }
        let older = older.map(|(config, _)| config).unwrap_or_default();
        let config = match &settings.project_file {
            Some(file) => file.content_config(older),
            None => older,
        };
        Ok(Project {
            settings: settings.clone(),
            words,
            sources,
            strings,
            templates,
            config,
            warnings,
        })
    }

    /// The first-pass index of the content.
    pub fn index(&self) -> Result<Index, Error> {
        Index::scan(&self.settings.content)
    }

    /// Hash of everything besides the content that shapes outputs: kbgen's version, step words,
    /// strings, templates and QA configuration.
    pub fn digest(&self) -> Hash {
        let parts = [
            env!("CARGO_PKG_VERSION").to_string(),
            format!("{:?}", self.words),
            format!("{:?}", self.sources),
            self.templates.digest(),
            format!("{:?}", self.config),
        ];
        hash_parts(parts.iter().map(|p| p.as_bytes()))
    }
}

/// Progress of a long command, shown by the caller (a progress bar on a terminal).
pub trait Progress: Sync {
    /// A stage begins with `total` steps.
    fn stage(&self, _name: &str, _total: u64) {}
    /// `n` steps of the current stage are done.
    fn advance(&self, _n: u64) {}
    /// The command is done.
    fn finish(&self) {}
}

/// No progress shown.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {}
