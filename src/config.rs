//! The project file: `kbgen.toml` at the project root, found from the current directory
//! upwards (as Cargo finds `Cargo.toml`) or named with `--config`. It says where things are
//! (`[paths]`), how the site is published (`[site]`), which QA rules apply (`[check]`) and how
//! notices are sent by default (`[notify]`). Flags override it key by key. It never holds
//! credentials: SMTP user and password come from the environment only.
//!
//! Relative paths in the file are relative to the file's folder, so a build started from a
//! subfolder finds the same content. The QA keys that older projects keep in
//! `content/kbgen.toml` still work there ([`crate::engine::Project::open`] warns); this file's
//! keys win over them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Error;

/// The file's name.
pub const FILE_NAME: &str = "kbgen.toml";

/// A parsed project file; paths are already resolved against its folder.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectFile {
    /// Where things are.
    #[serde(default)]
    pub paths: Paths,
    /// How the site is published.
    #[serde(default)]
    pub site: SiteKeys,
    /// QA rules.
    #[serde(default)]
    pub check: CheckKeys,
    /// Defaults of `kbgen notify`.
    #[serde(default)]
    pub notify: NotifyKeys,
}

/// `[paths]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paths {
    /// The content folder (`content`).
    pub content: Option<PathBuf>,
    /// Locale strings and step words (`locales`).
    pub locales: Option<PathBuf>,
    /// Templates overriding the embedded ones (none).
    pub templates: Option<PathBuf>,
    /// The output folder (`out`).
    pub out: Option<PathBuf>,
}

/// `[site]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SiteKeys {
    /// `--base-url`.
    pub base_url: Option<String>,
    /// `--link-base`.
    pub link_base: Option<String>,
    /// `--source-url`.
    pub source_url: Option<String>,
    /// The content's attribution, at the foot of every article and checklist page.
    pub attribution: Option<String>,
    /// Where the content's licence is.
    pub license_url: Option<String>,
    /// Show images from other sites (off: a link with the alt text).
    pub remote_images: Option<bool>,
}

/// `[check]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckKeys {
    /// `--strict` for `build` and `check`.
    pub strict: Option<bool>,
    /// Words and phrases that may stay untranslated.
    pub terms: Option<Vec<String>>,
    /// Rule id -> `off`, `info`, `warning` or `error`.
    #[serde(default)]
    pub rules: BTreeMap<String, String>,
}

/// `[notify]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotifyKeys {
    /// `--smtp` (no user or password in it).
    pub smtp: Option<String>,
    /// `--tls`: `none`, `starttls` or `implicit`.
    pub tls: Option<String>,
    /// `--from`.
    pub from: Option<String>,
    /// `--timeout` in seconds.
    pub timeout: Option<u64>,
    /// `--retries`.
    pub retries: Option<u32>,
}

/// A project file and where it was found.
#[derive(Debug, Clone)]
pub struct Found {
    /// The file.
    pub path: PathBuf,
    /// What it says.
    pub file: ProjectFile,
}

impl ProjectFile {
    /// The nearest project file from `start` upwards; `None` when there is none. A
    /// `kbgen.toml` that only holds the old content-folder keys (`content/kbgen.toml`) is not
    /// a project file and the search goes on above it.
    /// The file's path is given relative to `start` (`kbgen.toml`, `../kbgen.toml`), so that
    /// paths in diagnostics stay short.
    pub fn discover(start: &Path) -> Result<Option<Found>, Error> {
        let mut up = PathBuf::new();
        for dir in start.ancestors() {
            if dir.join(FILE_NAME).is_file() {
                let path = up.join(FILE_NAME);
                let text = read(&dir.join(FILE_NAME))?;
                if !is_content_config(&text) {
                    return ProjectFile::parse(&path, &text).map(Some);
                }
            }
            up.push("..");
        }
        Ok(None)
    }

    /// Reads the project file at `path` (named by `--config`: it must exist).
    pub fn load(path: &Path) -> Result<Found, Error> {
        if !path.is_file() {
            return Err(Error::Usage(format!(
                "--config {}: no such file",
                path.display()
            )));
        }
        ProjectFile::parse(path, &read(path)?)
    }

    /// Parses `text`, the file at `path`: checks rule names and severities and refuses
    /// credentials; resolves relative paths against the file's folder.
    pub fn parse(path: &Path, text: &str) -> Result<Found, Error> {
        let at = |line: usize, what: String| {
            Error::Usage(format!("{}:{line}:1: {what}", path.display()))
        };
        let mut file: ProjectFile = toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|span| line_col(text, span.start))
                .unwrap_or((1, 1));
            Error::Usage(format!(
                "{}:{line}:{column}: {}",
                path.display(),
                e.message()
            ))
        })?;
        for (id, value) in &file.check.rules {
            let line = line_of_key(text, id);
            if crate::qa::find_rule(id).is_none() {
                return Err(at(
                    line,
                    format!("[check.rules]: unknown rule `{id}` (`kbgen check --explain RULE`)"),
                ));
            }
            if !["off", "info", "warning", "error"].contains(&value.as_str()) {
                return Err(at(
                    line,
                    format!("[check.rules] `{id}`: `{value}` is not off, info, warning or error"),
                ));
            }
        }
        if let Some(smtp) = &file.notify.smtp
            && let Ok(url) = url::Url::parse(smtp)
            && (!url.username().is_empty() || url.password().is_some())
        {
            return Err(at(
                line_of_key(text, "smtp"),
                "[notify] smtp: no user or password here; they come from KBGEN_SMTP_USERNAME and KBGEN_SMTP_PASSWORD".into(),
            ));
        }
        if let Some(tls) = &file.notify.tls
            && !["none", "starttls", "implicit"].contains(&tls.as_str())
        {
            return Err(at(
                line_of_key(text, "tls"),
                format!("[notify] tls: `{tls}` is not none, starttls or implicit"),
            ));
        }
        let base = path.parent().unwrap_or(Path::new("."));
        for dir in [
            &mut file.paths.content,
            &mut file.paths.locales,
            &mut file.paths.templates,
            &mut file.paths.out,
        ]
        .into_iter()
        .flatten()
        {
            if dir.is_relative() {
                *dir = base.join(&*dir);
            }
        }
        Ok(Found {
            path: path.to_path_buf(),
            file,
        })
    }

    /// The content configuration this file gives, over `older` (what `content/kbgen.toml`
    /// says, when there is one): this file's keys win, rules merge rule by rule, terms add up.
    pub fn content_config(&self, older: crate::qa::Config) -> crate::qa::Config {
        let mut config = older;
        config.rules.extend(self.check.rules.clone());
        if let Some(terms) = &self.check.terms {
            config.terms.extend(terms.iter().cloned());
        }
        if let Some(on) = self.site.remote_images {
            config.remote_images = on;
        }
        if self.site.attribution.is_some() {
            config.attribution = self.site.attribution.clone();
        }
        if self.site.license_url.is_some() {
            config.license_url = self.site.license_url.clone();
        }
        config
    }
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Whether `text` is an old content-folder configuration: top-level QA keys and none of the
/// project file's tables.
fn is_content_config(text: &str) -> bool {
    let Ok(table) = text.parse::<toml::Table>() else {
        return false;
    };
    let project = ["paths", "site", "check", "notify"];
    let older = [
        "rules",
        "terms",
        "remote-images",
        "attribution",
        "license-url",
    ];
    !table.keys().any(|k| project.contains(&k.as_str()))
        && table.keys().any(|k| older.contains(&k.as_str()))
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The 1-based line where `key` is set (`key =` or `"key" =`), else 1.
fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|line| {
            let line = line.trim_start();
            let rest = line
                .strip_prefix(key)
                .or_else(|| line.strip_prefix(&format!("\"{key}\"")));
            rest.is_some_and(|r| r.trim_start().starts_with('='))
        })
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_follow_the_file_and_rules_are_checked() {
        let found = ProjectFile::parse(
            Path::new("/p/kbgen.toml"),
            "[paths]\ncontent = \"docs\"\nout = \"/srv/site\"\n[check.rules]\nuntranslated = \"off\"\n",
        )
        .unwrap();
        assert_eq!(found.file.paths.content, Some(PathBuf::from("/p/docs")));
        assert_eq!(found.file.paths.out, Some(PathBuf::from("/srv/site")));
        let config = found.file.content_config(crate::qa::Config::default());
        assert_eq!(config.severity("untranslated"), None);

        let error = |text: &str| {
            ProjectFile::parse(Path::new("k.toml"), text)
                .unwrap_err()
                .to_string()
        };
        assert!(
            error("[check.rules]\n\nnope = \"off\"\n")
                .contains("k.toml:3:1: [check.rules]: unknown rule `nope`")
        );
        assert!(error("[check.rules]\nuntranslated = \"loud\"\n").contains("k.toml:2:1:"));
        assert!(
            error("[site]\nbase_url = \"x\"\n").contains("k.toml:2:1: unknown field `base_url`")
        );
        assert!(
            error("[notify]\nsmtp = \"smtp://me:secret@host\"\n").contains("KBGEN_SMTP_PASSWORD")
        );
        assert!(error("[notify]\npassword = \"x\"\n").contains("unknown field `password`"));
    }

    #[test]
    fn the_project_file_wins_over_the_content_folders() {
        let older: crate::qa::Config =
            toml::from_str("terms = [\"Outlook\"]\nattribution = \"old\"\n[rules]\nuntranslated = \"error\"\nmarkup-links = \"off\"\n").unwrap();
        let found = ProjectFile::parse(
            Path::new("kbgen.toml"),
            "[site]\nattribution = \"new\"\n[check]\nterms = [\"Teams\"]\n[check.rules]\nuntranslated = \"info\"\n",
        )
        .unwrap();
        let config = found.file.content_config(older);
        assert_eq!(config.attribution.as_deref(), Some("new"));
        assert_eq!(config.terms, ["Outlook", "Teams"]);
        assert_eq!(
            config.severity("untranslated"),
            Some(crate::diagnostic::Severity::Info)
        );
        assert_eq!(config.severity("markup-links"), None);
        assert!(is_content_config("terms = []\n[rules]\n"));
        assert!(!is_content_config("[site]\nattribution = \"x\"\n"));
    }
}
