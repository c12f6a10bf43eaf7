//! Diagnostics about content: what is wrong, where (`path:line:col`), how bad.
//!
//! Lower stages report [`Issue`]s located by byte offset only; a [`Diagnostic`] is an issue
//! placed in a file, with line and column computed once from a [`LineIndex`]. Bad content
//! never stops the pipeline: stages return their value together with their issues.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never changes the exit status.
    Info,
    /// Probably wrong; an error only under `--strict`.
    Warning,
    /// Wrong: the exit status is 1.
    Error,
}

impl Severity {
    /// The lower-case word used in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A problem found by a stage, located by a byte offset into the text that stage read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// Byte offset of the problem in the file's text.
    pub offset: usize,
    /// How serious it is.
    pub severity: Severity,
    /// Stable rule id, e.g. `unclosed-pair`.
    pub rule: &'static str,
    /// Lower-case message without trailing period.
    pub message: String,
}

impl Issue {
    /// An error at `offset`.
    pub fn error(offset: usize, rule: &'static str, message: impl Into<String>) -> Issue {
        Issue {
            offset,
            severity: Severity::Error,
            rule,
            message: message.into(),
        }
    }

    /// A warning at `offset`.
    pub fn warning(offset: usize, rule: &'static str, message: impl Into<String>) -> Issue {
        Issue {
            offset,
            severity: Severity::Warning,
            rule,
            message: message.into(),
        }
    }

    /// Places the issue in a file.
    pub fn locate(self, path: &Path, index: &LineIndex<'_>) -> Diagnostic {
        let (line, column) = index.line_col(self.offset);
        Diagnostic {
            path: path.to_path_buf(),
            line,
            column,
            severity: self.severity,
            rule: self.rule,
            message: self.message,
        }
    }
}

/// Sorts diagnostics by path, then position, rule and message, and drops exact repeats (a
/// fallback page or the en-US model can meet the problem of a file a second time).
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.rule, &a.message)
            .cmp(&(&b.path, b.line, b.column, b.rule, &b.message))
    });
    diagnostics.dedup();
}

/// A located problem in a content file, printed as `path:line:col: error[rule]: message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file, as it was found under the content directory.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// How serious it is.
    pub severity: Severity,
    /// Stable rule id.
    pub rule: &'static str,
    /// Lower-case message without trailing period.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic at `line:column` of `path`.
    pub fn at(
        path: &Path,
        (line, column): (usize, usize),
        severity: Severity,
        rule: &'static str,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            path: path.to_path_buf(),
            line,
            column,
            severity,
            rule,
            message: message.into(),
        }
    }

    /// A diagnostic about a whole file (line 1, column 1).
    pub fn file(
        path: &Path,
        severity: Severity,
        rule: &'static str,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::at(path, (1, 1), severity, rule, message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}[{}]: {}",
            self.path.display(),
            self.line,
            self.column,
            self.severity.as_str(),
            self.rule,
            self.message
        )
    }
}

/// Maps byte offsets of one text to 1-based line and column (column counted in characters).
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// The last answer (line start, offset, column): the next offset on the same line and
    /// after it counts its column from there, so locating the issues of one long line in order
    /// is linear, not quadratic (200,000 broken pairs on one line).
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `text` (LF and CRLF both end a line).
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let mut line_starts = vec![0];
        line_starts.extend(memchr_newlines(text.as_bytes()));
        LineIndex {
            text,
            line_starts,
            last: std::cell::Cell::new((0, 0, 1)),
        }
    }

    /// The 1-based line and column of `offset` (clamped to the text, rounded down to a char).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line - 1];
        let (last_start, last_offset, last_column) = self.last.get();
        let column = if last_start == start && last_offset <= offset {
            last_column + self.text[last_offset..offset].chars().count()
        } else {
            self.text[start..offset].chars().count() + 1
        };
        self.last.set((start, offset, column));
        (line, column)
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i + 1)
}

/// Counts of diagnostics by severity, for summaries and exit codes.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
}

impl Tally {
    /// Counts `diagnostics`.
    pub fn of<'d>(diagnostics: impl IntoIterator<Item = &'d Diagnostic>) -> Tally {
        let mut tally = Tally::default();
        for diagnostic in diagnostics {
            match diagnostic.severity {
                Severity::Error => tally.errors += 1,
                Severity::Warning => tally.warnings += 1,
                Severity::Info => {}
            }
        }
        tally
    }
}

/// The source lines diagnostics point at, each file read once (for `--verbose`).
#[derive(Debug, Default)]
pub struct SourceLines {
    files: std::collections::HashMap<PathBuf, Option<Vec<String>>>,
}

impl SourceLines {
    /// The line `d` points at with a caret under its column, or `None` when the file cannot be
    /// read or has no such line. The caret stands at the display width of what comes before
    /// the column (two columns for an ideograph), so it lines up in every script.
    pub fn snippet(&mut self, d: &Diagnostic) -> Option<String> {
        let lines = self
            .files
            .entry(d.path.clone())
            .or_insert_with(|| {
                std::fs::read_to_string(&d.path)
                    .ok()
                    .map(|text| text.lines().map(str::to_string).collect())
            })
            .as_ref()?;
        let line = lines.get(d.line.checked_sub(1)?)?;
        let shown: String = line.replace('\t', "    ");
        let before: String = line
            .chars()
            .take(d.column.saturating_sub(1))
            .collect::<String>()
            .replace('\t', "    ");
        let number = d.line.to_string();
        let gutter = " ".repeat(number.len());
        Some(format!(
            "{gutter} |\n{number} | {shown}\n{gutter} | {}^",
            " ".repeat(crate::render::display_width(&before))
        ))
    }
}

/// Diagnostics as GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=rule::…`),
/// one per line: a CI job shows them as annotations on the files.
pub fn github_annotations(diagnostics: &[Diagnostic]) -> String {
    // workflow command escaping: data escapes % CR LF; properties also : and ,
    let data = |text: &str| {
        text.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let property = |text: &str| data(text).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        out.push_str(&format!(
            "::{command} file={},line={},col={},title={}::{}\n",
            property(&d.path.to_string_lossy().replace('\\', "/")),
            d.line,
            d.column,
            property(d.rule),
            data(&d.message)
        ));
    }
    out
}

/// A rule as SARIF describes it: id, one line, default level.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    /// The rule id.
    pub id: &'static str,
    /// One line.
    pub description: &'static str,
    /// Severity unless configured otherwise (`None`: off by default).
    pub severity: Option<Severity>,
}

/// Diagnostics as a SARIF 2.1.0 log (one run of kbgen, its rules, one result per diagnostic
/// with the file's path relative to the current directory and its line and column).
pub fn sarif(diagnostics: &[Diagnostic], rules: &[RuleInfo]) -> serde_json::Value {
    let level = |severity: Option<Severity>| match severity {
        Some(Severity::Error) => "error",
        Some(Severity::Warning) => "warning",
        Some(Severity::Info) => "note",
        None => "none",
    };
    let uri = |path: &Path| {
        let text = path.to_string_lossy().replace('\\', "/");
        percent_encoding::utf8_percent_encode(&text, URI_PATH).to_string()
    };
    let rule_index = |id: &str| rules.iter().position(|r| r.id == id);
    let results: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let mut result = serde_json::json!({
                "ruleId": d.rule,
                "level": level(Some(d.severity)),
                "message": { "text": d.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&d.path) },
                        "region": { "startLine": d.line.max(1), "startColumn": d.column.max(1) }
                    }
                }]
            });
            if let Some(index) = rule_index(d.rule) {
                result["ruleIndex"] = serde_json::json!(index);
            }
            result
        })
        .collect();
    serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "kbgen",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules.iter().map(|r| serde_json::json!({
                        "id": r.id,
                        "shortDescription": { "text": r.description },
                        "defaultConfiguration": { "level": level(r.severity) }
                    })).collect::<Vec<_>>()
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results
        }]
    })
}

/// Characters escaped in a SARIF artifact URI (a relative URI reference of path segments).
const URI_PATH: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

#[cfg(test)]
mod tests {
    #[test]
    fn a_snippet_puts_its_caret_under_the_column_in_any_script() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "first\n手順1：x\n").unwrap();
        let d = Diagnostic::at(&path, (2, 4), Severity::Warning, "r", "m".to_string());
        let snippet = SourceLines::default().snippet(&d).unwrap();
        // 手, 順 and 1 come before column 4: 2 + 2 + 1 display columns
        assert_eq!(snippet, "  |\n2 | 手順1：x\n  |      ^");
        let far = Diagnostic::at(&path, (9, 1), Severity::Warning, "r", "m".to_string());
        assert!(SourceLines::default().snippet(&far).is_none());
    }

    #[test]
    fn github_annotations_escape_what_would_end_a_property_or_a_line() {
        let d = Diagnostic::at(
            Path::new("content/nl-NL/a,b:c.md"),
            (3, 7),
            Severity::Warning,
            "broken-link",
            "50% done\nsecond line".to_string(),
        );
        assert_eq!(
            github_annotations(&[d]),
            "::warning file=content/nl-NL/a%2Cb%3Ac.md,line=3,col=7,title=broken-link::50%25 done%0Asecond line\n"
        );
    }

    use super::*;

    #[test]
    fn line_col_counts_characters_and_crlf_lines() {
        let text = "ab\r\nçd\nx";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(0), (1, 1));
        assert_eq!(index.line_col(4), (2, 1));
        // 'd' follows a two-byte 'ç': column 2, not 3
        assert_eq!(index.line_col(6), (2, 2));
        assert_eq!(index.line_col(8), (3, 1));
        // past the end and inside a character are clamped
        assert_eq!(index.line_col(99), (3, 2));
        assert_eq!(index.line_col(5), (2, 1));
    }

    proptest::proptest! {
        /// The cached walk gives the same answers as counting from the line start, in any order.
        #[test]
        fn cached_columns_equal_counted_columns(
            text in "[aé\n€]{0,40}",
            offsets in proptest::collection::vec(0usize..60, 0..20),
        ) {
            let index = LineIndex::new(&text);
            for offset in offsets {
                let fresh = LineIndex::new(&text).line_col(offset);
                proptest::prop_assert_eq!(index.line_col(offset), fresh);
            }
        }
    }

    #[test]
    fn display_is_path_line_col_severity_rule_message() {
        let index = LineIndex::new("a\nbc");
        let d = Issue::error(3, "unclosed-pair", "no end").locate(Path::new("x.md"), &index);
        assert_eq!(d.to_string(), "x.md:2:2: error[unclosed-pair]: no end");
    }
}
