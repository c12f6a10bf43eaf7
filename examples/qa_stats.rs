//! Runs the translation QA rules over a pair corpus and prints the count of findings per rule,
//! then (with `--sample N`) N findings per rule spread evenly, with the segment's target and
//! source, for judging precision by hand.
//!
//! `cargo run --release --example qa_stats -- [CORPUS] [--sample 20]`

use std::collections::BTreeMap;
use std::path::PathBuf;

use kbgen::bilingual::Side;
use kbgen::fidelity;
use kbgen::load::{self, LoadedFile};
use kbgen::projection::ProjectOptions;
use kbgen::qa;
use kbgen::source::{FoundFile, SourceFile};
use rayon::prelude::*;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sample: usize = args
        .iter()
        .position(|a| a == "--sample")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let root = args
        .iter()
        .find(|a| !a.starts_with("--") && a.parse::<usize>().is_err())
        .map_or_else(|| PathBuf::from("../shared/corpus"), PathBuf::from);
    let pairs = fidelity::read_manifest(&root).expect("a pair corpus with MANIFEST.tsv");
    let loaded: Vec<(Option<LoadedFile>, Vec<kbgen::diagnostic::Diagnostic>)> = pairs
        .par_iter()
        .filter_map(|pair| {
            let path = pair.sxs(&root);
            let text = std::fs::read_to_string(&path).ok()?;
            let found = FoundFile {
                path,
                folder_locale: pair.locale.parse().ok()?,
                slug: pair.name.as_str().into(),
            };
            Some(load::load(
                SourceFile { found, text },
                &ProjectOptions::default(),
            ))
        })
        .collect();
    let mut reader_findings = Vec::new();
    let mut files = Vec::new();
    for (file, diagnostics) in loaded {
        files.extend(file);
        reader_findings.extend(diagnostics);
    }
    let config = qa::Config::default();
    let locales: std::collections::BTreeSet<String> =
        files.iter().map(|f| f.locale.to_string()).collect();
    let mut findings = qa::check_article(&files, &locales, &config);
    findings.extend(qa::terms::check(&files));
    findings.extend(reader_findings);
    let mut by_rule: BTreeMap<&str, Vec<&kbgen::diagnostic::Diagnostic>> = BTreeMap::new();
    for d in &findings {
        by_rule.entry(d.rule).or_default().push(d);
    }
    println!("{} files", files.len());
    for (rule, list) in &by_rule {
        let on = if config.severity(rule).is_some() {
            ""
        } else {
            " (off by default)"
        };
        println!("{rule}: {}{on}", list.len());
    }
    if sample == 0 {
        return;
    }
    let by_path: BTreeMap<String, &LoadedFile> = files
        .iter()
        .map(|f| (f.found.path.display().to_string(), f))
        .collect();
    for (rule, list) in &by_rule {
        println!("\n=== {rule}: {} of {}", sample.min(list.len()), list.len());
        let step = (list.len() / sample).max(1);
        for d in list.iter().step_by(step).take(sample) {
            println!(
                "- {}:{}:{} {}",
                d.path
                    .display()
                    .to_string()
                    .rsplit('/')
                    .next()
                    .unwrap_or(""),
                d.line,
                d.column,
                d.message
            );
            if let Some(file) = by_path.get(&d.path.display().to_string()) {
                let index = kbgen::diagnostic::LineIndex::new(file.doc.text());
                if let Some(seg) = file
                    .doc
                    .segments()
                    .iter()
                    .find(|s| index.line_col(s.target.start) == (d.line, d.column))
                {
                    println!(
                        "    T: {}",
                        file.doc
                            .segment_text(seg, Side::Target)
                            .chars()
                            .take(220)
                            .collect::<String>()
                    );
                    println!(
                        "    S: {}",
                        file.doc
                            .segment_text(seg, Side::Source)
                            .chars()
                            .take(220)
                            .collect::<String>()
                    );
                }
            }
        }
    }
}
