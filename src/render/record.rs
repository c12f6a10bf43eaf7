//! A run of a checklist as a markdown record in any locale: the run's header (reference,
//! account, responder, start, end, progress), then every step of the article in that locale as a
//! task-list item, ticked or not, with when and by whom, and the responder's notes. Step titles
//! come from the article in the record's locale, found by step key, so a run done in Dutch reads
//! in English. Steps the run has and the article no longer has are listed last.

use std::collections::HashSet;
use std::fmt::Write as _;

use crate::l10n::Localizer;
use crate::locale_format::TimeFormat;
use crate::model::{Article, Step, plain_text};
use crate::run::Run;

use super::checklist::{groups, push_markdown_text, step_label};

/// How a record writes times (counts are formatted by the strings, [`Localizer::format_counts`]).
pub struct RecordFormat<'a> {
    /// UI strings of the record's locale.
    pub t: &'a Localizer,
    /// Times in the record's locale.
    pub times: &'a TimeFormat,
}

/// The record of `run` over `article` (the article in the record's locale).
pub fn render(article: &Article, run: &Run, format: &RecordFormat<'_>) -> String {
    let t = format.t;
    let boxes = article.checklist_steps();
    let optional: HashSet<&str> = boxes
        .iter()
        .filter(|(_, optional)| *optional)
        .map(|(step, _)| step.key.as_str())
        .collect();
    let required: Vec<&str> = boxes
        .iter()
        .filter(|(_, optional)| !optional)
        .map(|(step, _)| step.key.as_str())
        .collect();
    let done = |key: &str| run.step(key).is_some_and(|(_, at)| at.is_some());
    let count = |keys: &mut dyn Iterator<Item = &str>| {
        let keys: Vec<&str> = keys.collect();
        let done = keys.iter().filter(|k| done(k)).count();
        (done, keys.len())
    };
    let time = |at| t.format("record-time", &[("time", &format.times.utc(at))]);

    let mut out = String::new();
    let title = t.format("record-title", &[("title", &plain_text(&article.title))]);
    let _ = writeln!(out, "# {}\n", markdown_text(&title));
    let info = &run.record.run;
    let mut field = |label: &str, value: &str| {
        let _ = writeln!(out, "- **{}:** {}", t.get(label), markdown_text(value));
    };
    field("run-reference", &typed(&info.reference));
    field("run-account", &typed(&info.account));
    field("run-responder", &typed(&info.responder));
    field("run-started", &time(run.started));
    let ended = run
        .ended(&required)
        .map_or_else(|| t.get("run-not-finished"), time);
    field("run-ended", &ended);
    let (required_done, required_total) = count(&mut required.iter().copied());
    let mut progress = t.format_counts(
        "run-required-progress",
        &[("done", required_done), ("total", required_total)],
    );
    if !optional.is_empty() {
        let (done, total) = count(&mut optional.iter().copied());
        let _ = write!(
            progress,
            " · {}",
            t.format_counts("run-optional-progress", &[("done", done), ("total", total)])
        );
    }
    field("run-progress", &progress);
    out.push('\n');

    for group in groups(article) {
        if let Some(title) = group.title {
            let _ = writeln!(out, "## {}\n", markdown_text(&plain_text(title)));
        }
        for step in group.steps {
            record_step(&mut out, step, run, format, 0);
        }
        out.push('\n');
    }

    let known: HashSet<&str> = boxes.iter().map(|(step, _)| step.key.as_str()).collect();
    let missing: Vec<_> = run
        .record
        .steps
        .iter()
        .zip(&run.ticked)
        .filter(|(step, _)| !known.contains(step.key.as_str()))
        .collect();
    if !missing.is_empty() {
        let _ = writeln!(
            out,
            "## {}\n",
            markdown_text(&t.get("record-missing-steps"))
        );
        for (step, at) in missing {
            let mut line = format!(
                "- [{}] {}",
                if at.is_some() { 'x' } else { ' ' },
                markdown_text(&typed(&step.title))
            );
            let _ = write!(line, " (`{}`)", step.key.replace('`', "'"));
            push_tick(&mut line, *at, step.by.as_deref(), format);
            let _ = writeln!(out, "{line}");
            push_note(&mut out, &step.note, "  ");
        }
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn record_step(out: &mut String, step: &Step, run: &Run, format: &RecordFormat<'_>, depth: usize) {
    let t = format.t;
    let indent = "  ".repeat(depth);
    let entry = run.step(&step.key);
    let at = entry.and_then(|(_, at)| at);
    let _ = write!(
        out,
        "{indent}- [{}] **{}** {}",
        if at.is_some() { 'x' } else { ' ' },
        markdown_text(&step_label(step, t, depth)),
        markdown_text(&plain_text(&step.title))
    );
    if step.optional {
        let _ = write!(out, " _{}_", t.get("optional-suffix"));
    }
    push_tick(out, at, entry.and_then(|(s, _)| s.by.as_deref()), format);
    out.push('\n');
    if let Some((recorded, _)) = entry {
        push_note(out, &recorded.note, &format!("{indent}  "));
    }
    for substep in &step.substeps {
        record_step(out, substep, run, format, depth + 1);
    }
}

/// ` — done 3 Dec 2026, 08:34:12 UTC by Piet` after a ticked step.
fn push_tick(
    out: &mut String,
    at: Option<jiff::Timestamp>,
    by: Option<&str>,
    format: &RecordFormat<'_>,
) {
    let Some(at) = at else { return };
    let t = format.t;
    let time = t.format("record-time", &[("time", &format.times.utc(at))]);
    let text = match by.map(typed).filter(|b| !b.is_empty()) {
        Some(name) => t.format("run-tick-time-by", &[("time", &time), ("name", &name)]),
        None => t.format("run-tick-time", &[("time", &time)]),
    };
    let _ = write!(out, " — {}", markdown_text(&text));
}

/// The responder's note under its step, as a quote (one line per line of the note).
fn push_note(out: &mut String, note: &str, indent: &str) {
    for line in note.lines().map(typed).filter(|l| !l.is_empty()) {
        let _ = writeln!(out, "{indent}> {}", markdown_text(&line));
    }
}

/// Text as markdown text: syntax escaped, line breaks out, so it cannot start a line or block.
fn markdown_text(text: &str) -> String {
    let mut out = String::new();
    push_markdown_text(&mut out, text.replace(['\r', '\n'], " ").trim());
    out
}

/// A value the responder typed (a record field, a name, a note line): control characters and
/// bidi embeddings, overrides and isolates out, so it can neither break the record's lines nor
/// reorder the text around it.
fn typed(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .filter(|c| !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        .collect::<String>()
        .trim()
        .to_string()
}
