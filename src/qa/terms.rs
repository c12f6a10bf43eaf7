//! `inconsistent-term`: the same bold UI term of the source translated differently within one
//! locale (`**Mail**` as `**E-mail**` in one step and `**Mail**` in another).
//!
//! A segment contributes only when its source and its target each have exactly one bold span,
//! so the two spans are surely the same term. Renderings are compared case-insensitively and
//! without surrounding punctuation (`**Opslaan.**` = `**Opslaan**`). Per locale, every source
//! term with more than one rendering is reported at each occurrence of a rendering other than
//! the most common one, unless that rendering merely contains the common one as whole words
//! (`**pagina Facturering**` around `Facturering`: the bold is wider, the term is the same), or the
//! other way round, or both keep the untranslated source term (a product name).

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::bilingual::Side;
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::load::LoadedFile;
use crate::model::parse::parse_inlines;
use crate::model::{Inline, plain_text};

use super::finding;

fn bold_spans(text: &str) -> Vec<String> {
    fn walk(inlines: &[Inline], out: &mut Vec<String>) {
        for inline in inlines {
            match inline {
                Inline::Strong { children } => out.push(plain_text(children).trim().to_string()),
                Inline::Emphasis { children }
                | Inline::Link { children, .. }
                | Inline::Strikethrough { children } => walk(children, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&parse_inlines(text), &mut out);
    out
}

/// A rendering for comparison: lower case, without surrounding punctuation and spaces.
fn normalize(rendering: &str) -> String {
    rendering
        .trim_matches(|c: char| {
            c.is_whitespace() || (c.is_ascii_punctuation() && c != '+' && c != '#')
        })
        .to_lowercase()
}

/// `haystack` holds `needle` as a run of whole words; the last word may go on as a hyphenated
/// compound (`protection-blad` holds `protection`), but `e-mail` does not hold `mail`.
fn contains_words(haystack: &str, needle: &str) -> bool {
    let words: Vec<&str> = haystack.split_whitespace().collect();
    let wanted: Vec<&str> = needle.split_whitespace().collect();
    if wanted.is_empty() || wanted.len() > words.len() {
        return false;
    }
    words.windows(wanted.len()).any(|window| {
        window
            .iter()
            .zip(&wanted)
            .enumerate()
            .all(|(i, (word, want))| {
                word == want
                    || (i + 1 == wanted.len()
                        && word
                            .strip_prefix(*want)
                            .is_some_and(|rest| rest.starts_with('-')))
            })
    })
}

struct Occurrence {
    rendering: String,
    path: PathBuf,
    line: usize,
    column: usize,
}

/// Runs the rule over the bilingual files of every locale.
pub fn check(files: &[LoadedFile]) -> Vec<Diagnostic> {
    let mut terms = Terms::default();
    for file in files {
        terms.add(file);
    }
    terms.finish()
}

/// The rule run file by file: occurrences of bold terms are collected (a few words each), and
/// compared once every file has been seen.
#[derive(Default)]
pub struct Terms {
    /// locale -> source term -> occurrences
    seen: BTreeMap<String, BTreeMap<String, Vec<Occurrence>>>,
}

impl Terms {
    /// Collects the bold terms of one file.
    pub fn add(&mut self, file: &LoadedFile) {
        if !file.doc.is_bilingual() {
            return;
        }
        let seen = &mut self.seen;
        let index = LineIndex::new(file.doc.text());
        for segment in file.doc.segments() {
            let source = bold_spans(file.doc.segment_text(segment, Side::Source));
            let target = bold_spans(file.doc.segment_text(segment, Side::Target));
            let ([term], [rendering]) = (source.as_slice(), target.as_slice()) else {
                continue;
            };
            if term.is_empty() || rendering.is_empty() || term.chars().count() > 60 {
                continue;
            }
            let (line, column) = index.line_col(segment.target.start);
            seen.entry(file.locale.to_string())
                .or_default()
                .entry(term.clone())
                .or_default()
                .push(Occurrence {
                    rendering: rendering.clone(),
                    path: file.found.path.clone(),
                    line,
                    column,
                });
        }
    }

    /// The findings over every file added.
    pub fn finish(self) -> Vec<Diagnostic> {
        let seen = self.seen;
        let mut out = Vec::new();
        for terms in seen.values() {
            for (term, occurrences) in terms {
                let mut counts: BTreeMap<String, (usize, &str)> = BTreeMap::new();
                for o in occurrences {
                    let entry = counts
                        .entry(normalize(&o.rendering))
                        .or_insert((0, &o.rendering));
                    entry.0 += 1;
                }
                if counts.len() < 2 {
                    continue;
                }
                let (usual_key, (usual_count, usual)) = counts
                    .iter()
                    .max_by_key(|(key, (n, _))| (*n, std::cmp::Reverse((*key).clone())))
                    .expect("two or more");
                let source_key = normalize(term);
                for o in occurrences.iter().filter(|o| {
                    let key = normalize(&o.rendering);
                    let wider = contains_words(&key, usual_key) || contains_words(usual_key, &key);
                    let both_keep_the_name =
                        contains_words(&key, &source_key) && contains_words(usual_key, &source_key);
                    &key != usual_key && !wider && !both_keep_the_name
                }) {
                    out.push(finding(
                    &o.path,
                    o.line,
                    o.column,
                    "inconsistent-term",
                    format!("**{term}** is translated as **{}** here but as **{usual}** in {usual_count} other place(s)", o.rendering),
                ));
                }
            }
        }
        out
    }
}
