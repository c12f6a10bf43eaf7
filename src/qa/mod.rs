//! Translation QA for `kbgen check`: named rules, each with a stable id, a default severity and a
//! message located at `path:line:col` of the bilingual file.
//!
//! 1. [`segments`]: per-segment rules comparing target and source (empty target, markup
//!    mismatches compared as markdown tokens, untranslated text);
//! 2. [`terms`]: the same bold UI term translated differently within a locale;
//! 3. [`articles`]: rules across files and models (segment-level source drift, missing locale
//!    versions, broken relative links and anchors, missing images, machine translation);
//!    [`check_article`] runs the per-article ones, [`terms::Terms`] and [`articles::LinkCheck`]
//!    collect what crosses articles, one article at a time;
//! 4. [`Config`]: `kbgen.toml` at the content root switches rules off or changes their
//!    severity, and lists terms that may stay untranslated.
//!
//! The reader's own diagnostics (span structure, duplicate ids, mojibake, front matter) and the
//! model's (includes) are rules too; [`RULES`] lists them all.

pub mod articles;
pub mod segments;
pub mod terms;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Error;

/// A rule: id, default severity, what it finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable id (`markup-links`).
    pub id: &'static str,
    /// Severity unless `kbgen.toml` says otherwise; `None`: off by default.
    pub severity: Option<Severity>,
    /// One line for `kbgen check --rules` and the README.
    pub description: &'static str,
}

const fn rule(id: &'static str, severity: Option<Severity>, description: &'static str) -> Rule {
    Rule {
        id,
        severity,
        description,
    }
}

const E: Option<Severity> = Some(Severity::Error);
const W: Option<Severity> = Some(Severity::Warning);
const I: Option<Severity> = Some(Severity::Info);

/// Every rule kbgen knows, reader and model rules included.
pub const RULES: &[Rule] = &[
    rule(
        "unclosed-pair",
        E,
        "a pair without its sxs-lookup part, or a source that is never closed",
    ),
    rule(
        "malformed-pair",
        E,
        "an opening data-ttu-id span that is not well formed",
    ),
    rule(
        "orphan-lookup",
        E,
        "an sxs-lookup source part without its target span",
    ),
    rule("id-mismatch", E, "data-stu-id differs from data-ttu-id"),
    rule("duplicate-id", E, "a segment id used twice in one file"),
    rule("pair-markup", E, "pair markup inside a segment's text"),
    rule(
        "quot-attribute",
        W,
        "attributes quoted with &quot; (damaged by the generator)",
    ),
    rule(
        "unbalanced-span",
        W,
        "unbalanced inner <span> tags in a segment",
    ),
    rule(
        "front-matter",
        E,
        "unclosed, collapsed or invalid YAML front matter",
    ),
    rule(
        "mojibake",
        W,
        "UTF-8 read as Mac Roman or Windows-1252, repaired in projections",
    ),
    rule(
        "locale-mismatch",
        W,
        "ms.contentlocale disagrees with the locale folder",
    ),
    rule(
        "empty-target",
        E,
        "a segment whose translation is empty while its source is not",
    ),
    rule(
        "markup-links",
        W,
        "target and source of a segment link to different URLs",
    ),
    rule(
        "markup-format",
        W,
        "target and source of a segment have different bold, italic or code spans",
    ),
    rule(
        "markup-menu",
        W,
        "target and source of a segment have a different number of `\\>` menu-path separators",
    ),
    rule(
        "markup-placeholders",
        W,
        "target and source of a segment have different placeholders ({0}, {Name}, %s)",
    ),
    rule(
        "markup-numbers",
        None,
        "target and source of a segment hold different numbers (off by default: translations spell numbers out)",
    ),
    rule(
        "untranslated",
        W,
        "a segment whose target equals its source although it holds ordinary words",
    ),
    rule(
        "inconsistent-term",
        W,
        "the same bold UI term of the source is translated differently within a locale",
    ),
    rule(
        "source-drift",
        W,
        "the same article in two locales has different en-US text for a segment number",
    ),
    rule(
        "missing-locale",
        I,
        "an article that some locales have and others lack",
    ),
    rule(
        "broken-link",
        W,
        "a relative link to an article that is not in the content",
    ),
    rule(
        "unsafe-url",
        W,
        "a link or image whose scheme is not allowed (javascript:, data:, …): pages drop it",
    ),
    rule(
        "broken-anchor",
        W,
        "a link to an #anchor that the target article does not have",
    ),
    rule(
        "missing-image",
        W,
        "a relative image whose file does not exist",
    ),
    rule(
        "include-missing",
        W,
        "an [!INCLUDE] whose file does not exist",
    ),
    rule(
        "include-outside",
        E,
        "an [!INCLUDE] that resolves outside the content directory",
    ),
    rule("include-cycle", E, "an [!INCLUDE] that includes itself"),
    rule(
        "file-too-complex",
        E,
        "a file of more than 250,000 markdown elements (modelled up to there)",
    ),
    rule(
        "include-too-large",
        E,
        "an article whose [!INCLUDE]s expand past 256 includes or 32 MiB of included files",
    ),
    rule(
        "machine-translated",
        I,
        "an article that was machine translated (ms.translationtype: MT)",
    ),
    rule(
        "source-drift-file",
        W,
        "two locales carry different en-US text for one article (whole file)",
    ),
];

/// The rule with `id`.
pub fn find_rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// What applies to the content's QA and pages: from the project file
/// ([`crate::config::ProjectFile::content_config`]) over the older `content/kbgen.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Rule id -> `off`, `info`, `warning` or `error`.
    #[serde(default)]
    pub rules: BTreeMap<String, String>,
    /// Words and phrases that may stay untranslated (product names, codes).
    #[serde(default)]
    pub terms: Vec<String>,
    /// Show images from other sites (`https://…`, `//…`) on pages and in checklist files. Off
    /// by default: a remote image is a link with its alt text, so reading a page fetches
    /// nothing from third parties and the site works offline.
    #[serde(default, rename = "remote-images")]
    pub remote_images: bool,
    /// The content's attribution, shown at the foot of every article and checklist page (the
    /// licence of translated documentation usually requires it).
    #[serde(default)]
    pub attribution: Option<String>,
    /// Where the content's licence is (linked from the attribution).
    #[serde(default, rename = "license-url")]
    pub license_url: Option<String>,
}

impl Config {
    /// Reads the older `content/kbgen.toml` with its path; `None` when there is none.
    pub fn load(content: &Path) -> Result<Option<(Config, PathBuf)>, Error> {
        let path = content.join("kbgen.toml");
        if !path.is_file() {
            return Ok(None);
        }
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        let config: Config = toml::from_str(&text)
            .map_err(|e| Error::Usage(format!("{}: {}", path.display(), e.to_string().trim())))?;
        for (id, value) in &config.rules {
            if find_rule(id).is_none() {
                return Err(Error::Usage(format!(
                    "{}: unknown rule `{id}`",
                    path.display()
                )));
            }
            if !["off", "info", "warning", "error"].contains(&value.as_str()) {
                return Err(Error::Usage(format!(
                    "{}: rule `{id}`: `{value}` is not off, info, warning or error",
                    path.display()
                )));
            }
        }
        Ok(Some((config, path)))
    }

    /// The severity of `id` under this configuration; `None` when the rule is off.
    pub fn severity(&self, id: &str) -> Option<Severity> {
        match self.rules.get(id).map(String::as_str) {
            Some("off") => None,
            Some("info") => Some(Severity::Info),
            Some("warning") => Some(Severity::Warning),
            Some("error") => Some(Severity::Error),
            _ => find_rule(id).map_or(Some(Severity::Warning), |r| r.severity),
        }
    }

    /// Applies the configuration to diagnostics: rules switched off are dropped, severities
    /// set.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diagnostics
            .into_iter()
            .filter_map(|mut d| {
                // file-level failures (I/O, UTF-8) are not rules and always stay
                if find_rule(d.rule).is_none() {
                    return Some(d);
                }
                d.severity = self.severity(d.rule)?;
                Some(d)
            })
            .collect()
    }
}

/// The QA rules of one article, over its files in every locale: segment rules, source drift
/// between its locales, missing locales (`locales`: every locale of the content) and machine
/// translation. Cross-article rules run through [`terms::Terms`] and
/// [`articles::LinkCheck`]. Configuration is applied by the caller.
pub fn check_article(
    files: &[crate::load::LoadedFile],
    locales: &std::collections::BTreeSet<String>,
    config: &Config,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = files
        .iter()
        .flat_map(|file| segments::check(&file.found.path, &file.doc, &config.terms))
        .collect();
    out.extend(articles::source_drift(files));
    out.extend(articles::locales_and_translation(files, locales));
    out
}

/// A located finding in a bilingual file, before configuration.
pub(crate) fn finding(
    path: &Path,
    line: usize,
    column: usize,
    rule: &'static str,
    message: String,
) -> Diagnostic {
    let severity = find_rule(rule)
        .and_then(|r| r.severity)
        .unwrap_or(Severity::Warning);
    Diagnostic::at(path, (line, column), severity, rule, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_and_config_overrides() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        let config: Config =
            toml::from_str("[rules]\nuntranslated = \"off\"\nmarkup-numbers = \"error\"\n")
                .unwrap();
        assert_eq!(config.severity("untranslated"), None);
        assert_eq!(config.severity("markup-numbers"), Some(Severity::Error));
        assert_eq!(config.severity("markup-links"), Some(Severity::Warning));
        assert_eq!(Config::default().severity("markup-numbers"), None);
    }
}
