//! Loading one content file: front matter, locale, segmentation and projections.
//!
//! 1. split and parse the front matter (broken YAML skips the file with a located error);
//! 2. decide the locale: `ms.contentlocale`, else the locale folder (a disagreement warns);
//! 3. segment the text ([`BilingualDoc`]);
//! 4. project the target side (the file's locale) and, for bilingual files, the source side
//!    (en-US).

use std::collections::HashSet;

use unic_langid::LanguageIdentifier;

use crate::bilingual::{BilingualDoc, Side};
use crate::diagnostic::{Diagnostic, Issue, LineIndex};
use crate::frontmatter::{self, FrontMatter, Meta};
use crate::projection::{self, ProjectOptions, Projection};
use crate::source::{FoundFile, SourceFile};

/// The locale of the source side of bilingual files.
pub const SOURCE_LOCALE: &str = "en-US";

/// A content file read, segmented and projected.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    /// Where it came from.
    pub found: FoundFile,
    /// The locale of its (target) text.
    pub locale: LanguageIdentifier,
    /// Its front matter, typed.
    pub meta: Meta,
    /// Where the front matter block is.
    pub front_matter: Option<FrontMatter>,
    /// The lossless segmentation.
    pub doc: BilingualDoc,
    /// The markdown in `locale`.
    pub target: Projection,
    /// The en-US markdown, for bilingual files.
    pub source: Option<Projection>,
}

impl LoadedFile {
    /// The article's slug (path below the locale folder, without `.md`).
    pub fn slug(&self) -> &str {
        &self.found.slug
    }
}

/// The en-US locale.
pub fn source_locale() -> LanguageIdentifier {
    SOURCE_LOCALE
        .parse()
        .expect("en-US is a valid language identifier")
}

/// Loads `file`; `None` when the file cannot be used (its diagnostics say why).
pub fn load(file: SourceFile, options: &ProjectOptions) -> (Option<LoadedFile>, Vec<Diagnostic>) {
    let SourceFile { found, text } = file;
    let path = found.path.clone();
    let mut issues: Vec<Issue> = Vec::new();
    let front_matter = match frontmatter::split(&text) {
        Ok(block) => block,
        Err(issue) => return (None, locate(&path, &text, vec![skipped(issue)])),
    };
    let meta = match &front_matter {
        Some(block) => match frontmatter::parse(&text, block) {
            Ok(meta) => meta,
            Err(issue) => return (None, locate(&path, &text, vec![skipped(issue)])),
        },
        None => Meta::default(),
    };
    let locale = decide_locale(&found, &meta, &text, front_matter.as_ref(), &mut issues);
    let (doc, segment_issues) = BilingualDoc::parse(text);
    issues.extend(segment_issues);
    let (target, target_issues) = projection::project(&doc, Side::Target, options);
    issues.extend(target_issues);
    let source = if doc.is_bilingual() {
        let (source, source_issues) = projection::project(&doc, Side::Source, options);
        issues.extend(source_issues);
        Some(source)
    } else {
        None
    };
    // skeleton repairs are found in both projections: report each once
    let mut seen = HashSet::new();
    issues.retain(|i| seen.insert((i.offset, i.rule, i.message.clone())));
    let diagnostics = locate(&path, doc.text(), issues);
    let loaded = LoadedFile {
        found,
        locale,
        meta,
        front_matter,
        doc,
        target,
        source,
    };
    (Some(loaded), diagnostics)
}

/// The locale of a file: `ms.contentlocale`, else the locale folder (a disagreement warns).
pub(crate) fn decide_locale(
    found: &FoundFile,
    meta: &Meta,
    text: &str,
    front_matter: Option<&FrontMatter>,
    issues: &mut Vec<Issue>,
) -> LanguageIdentifier {
    // point at the `ms.contentlocale` line when it can be found
    let offset = front_matter.map_or(0, |f| {
        text[f.yaml.clone()]
            .find("ms.contentlocale")
            .map_or(f.yaml.start, |at| f.yaml.start + at)
    });
    let Some(declared) = meta.content_locale.as_deref() else {
        return found.folder_locale.clone();
    };
    match declared.trim().parse::<LanguageIdentifier>() {
        Ok(locale) => {
            if locale != found.folder_locale {
                issues.push(Issue::warning(
                    offset,
                    "locale-mismatch",
                    format!(
                        "ms.contentlocale `{locale}` disagrees with the locale folder `{}`; using `{locale}`",
                        found.folder_locale
                    ),
                ));
            }
            locale
        }
        Err(_) => {
            issues.push(Issue::warning(
                offset,
                "locale-mismatch",
                format!(
                    "ms.contentlocale `{declared}` is not a BCP 47 tag; using the folder `{}`",
                    found.folder_locale
                ),
            ));
            found.folder_locale.clone()
        }
    }
}

/// Marks a file-level issue as the reason the file was skipped.
fn skipped(mut issue: Issue) -> Issue {
    issue.message.push_str("; file skipped");
    issue
}

fn locate(path: &std::path::Path, text: &str, issues: Vec<Issue>) -> Vec<Diagnostic> {
    if issues.is_empty() {
        return Vec::new();
    }
    let index = LineIndex::new(text);
    issues
        .into_iter()
        .map(|issue| issue.locate(path, &index))
        .collect()
}
