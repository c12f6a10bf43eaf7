//! Runs of a checklist: one use of it in one incident. The interactive checklist exports a run
//! as JSON (the schema in README, "Runs and records"); [`Run::read`] reads it back so it
//! renders as a record in any locale ([`crate::render::record`]): step keys are the en-US keys,
//! the same in every locale.

use std::path::Path;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::locale_format::parse_instant;

/// Largest record file read (a run of a thousand steps with long notes is far below it).
pub const MAX_RECORD_BYTES: u64 = 16 * 1024 * 1024;

/// An exported run, as the interactive checklist writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    /// The article's title in the run's locale.
    #[serde(default)]
    pub article: String,
    /// The article's slug.
    pub slug: String,
    /// The locale the run was exported from.
    #[serde(default)]
    pub locale: String,
    /// Who ran it, for what, and when.
    pub run: RunInfo,
    /// Every box of the checklist, in page order.
    pub steps: Vec<RunStep>,
}

/// The run's fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunInfo {
    /// The run's id (in the checklist's address).
    pub id: String,
    /// Incident reference.
    #[serde(default, deserialize_with = "text")]
    pub reference: String,
    /// The affected account.
    #[serde(default, deserialize_with = "text")]
    pub account: String,
    /// The responder.
    #[serde(default, deserialize_with = "text")]
    pub responder: String,
    /// When the run started (RFC 3339).
    pub started: String,
    /// When the last required step was ticked (RFC 3339), if every one was.
    #[serde(default)]
    pub ended: Option<String>,
}

/// One box of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunStep {
    /// The step key (en-US, the same in every locale).
    pub key: String,
    /// The step's title in the run's locale.
    #[serde(default, deserialize_with = "text")]
    pub title: String,
    /// Optional (or under an optional step).
    #[serde(default)]
    pub optional: bool,
    /// Ticked.
    pub done: bool,
    /// When it was ticked (RFC 3339).
    #[serde(default)]
    pub at: Option<String>,
    /// Who ticked it.
    #[serde(default)]
    pub by: Option<String>,
    /// The responder's note.
    #[serde(default, deserialize_with = "text")]
    pub note: String,
}

/// A string field that may be `null`.
fn text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.unwrap_or_default())
}

/// A run record with its times read.
#[derive(Debug, Clone)]
pub struct Run {
    /// The record as written.
    pub record: RunRecord,
    /// When it started.
    pub started: Timestamp,
    /// When each ticked step was ticked, by index into `record.steps` (`None`: not ticked).
    pub ticked: Vec<Option<Timestamp>>,
}

impl Run {
    /// Reads the record at `path`; a file that is not a run record is an error naming
    /// `path:line:col` and what is wrong.
    pub fn read(path: &Path) -> Result<Run, Error> {
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let size = std::fs::metadata(path).map_err(io)?.len();
        if size > MAX_RECORD_BYTES {
            return Err(Error::Usage(format!(
                "{}:1:1: a run record of {size} bytes is over the {MAX_RECORD_BYTES} bytes kbgen reads",
                path.display()
            )));
        }
        let text = std::fs::read_to_string(path).map_err(io)?;
        Run::parse(&text).map_err(|(line, column, message)| {
            Error::Usage(format!("{}:{line}:{column}: {message}", path.display()))
        })
    }

    /// Reads a record from its JSON text; an error is `(line, column, message)`.
    pub fn parse(text: &str) -> Result<Run, (usize, usize, String)> {
        let record: RunRecord = serde_json::from_str(text).map_err(|e| {
            (
                e.line().max(1),
                e.column().max(1),
                format!("not a kbgen run record: {e}"),
            )
        })?;
        let at = |needle: &str, message: String| {
            let (line, column) = position_of(text, needle);
            (line, column, message)
        };
        let started = parse_instant(&record.run.started)
            .map_err(|e| at(&record.run.started, format!("run.started: {e}")))?;
        let mut ticked = Vec::with_capacity(record.steps.len());
        for step in &record.steps {
            ticked.push(match (&step.at, step.done) {
                (Some(time), true) => Some(
                    parse_instant(time)
                        .map_err(|e| at(time, format!("step `{}`: {e}", step.key)))?,
                ),
                (None, true) => {
                    return Err(at(
                        &step.key,
                        format!("step `{}` is done but has no time (`at`)", step.key),
                    ));
                }
                (_, false) => None,
            });
        }
        Ok(Run {
            record,
            started,
            ticked,
        })
    }

    /// When the run ended: the last tick, once every required step of `required` is done.
    pub fn ended(&self, required: &[&str]) -> Option<Timestamp> {
        let done = |key: &str| {
            self.record
                .steps
                .iter()
                .zip(&self.ticked)
                .any(|(step, at)| step.key == key && at.is_some())
        };
        if required.is_empty() || !required.iter().all(|key| done(key)) {
            return None;
        }
        self.ticked.iter().flatten().max().copied()
    }

    /// The record's entry for step `key`, with its tick time.
    pub fn step(&self, key: &str) -> Option<(&RunStep, Option<Timestamp>)> {
        self.record
            .steps
            .iter()
            .zip(&self.ticked)
            .find(|(step, _)| step.key == key)
            .map(|(step, at)| (step, *at))
    }
}

/// Line and column (from 1, in characters) of the first `"needle"` string in `text`.
fn position_of(text: &str, needle: &str) -> (usize, usize) {
    let quoted = serde_json::to_string(needle).unwrap_or_default();
    let Some(at) = text.find(&quoted) else {
        return (1, 1);
    };
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORD: &str = r#"{
  "article": "Reageren",
  "slug": "a",
  "locale": "nl-NL",
  "run": { "id": "1", "reference": null, "account": "x@example.com", "responder": "Piet",
           "started": "2026-12-03T08:00:00Z", "ended": null },
  "steps": [
    { "key": "s1", "title": "Een", "optional": false, "done": true, "at": "2026-12-03T08:05:00Z", "by": "Piet", "note": "" },
    { "key": "s2", "title": "Twee", "optional": true, "done": false, "at": null, "by": null, "note": "" }
  ]
}"#;

    #[test]
    fn a_record_reads_with_its_times() {
        let run = Run::parse(RECORD).unwrap();
        assert_eq!(run.record.run.reference, "");
        assert_eq!(run.ticked[0], Some("2026-12-03T08:05:00Z".parse().unwrap()));
        assert_eq!(run.ticked[1], None);
        assert_eq!(run.ended(&["s1"]), run.ticked[0]);
        assert_eq!(run.ended(&["s1", "s2"]), None);
    }

    #[test]
    fn a_bad_record_names_the_line_and_column() {
        let bad_time = RECORD.replace("2026-12-03T08:05:00Z", "five past eight");
        let (line, column, message) = Run::parse(&bad_time).unwrap_err();
        assert_eq!((line, column), (8, 75), "{message}");
        assert!(message.contains("step `s1`"), "{message}");
        let (line, _, message) =
            Run::parse(&RECORD.replace("\"done\": true", "\"done\": 1")).unwrap_err();
        assert_eq!(line, 8, "{message}");
        let untimed = RECORD.replace("\"at\": \"2026-12-03T08:05:00Z\"", "\"at\": null");
        assert!(Run::parse(&untimed).unwrap_err().2.contains("no time"));
        assert!(Run::parse("[]").is_err());
    }
}
