//! Models every bilingual file of a pair corpus in its locale and in en-US and prints counts.
//!
//! `cargo run --release --example model_stats -- [CORPUS]` (default `../shared/corpus`).

use std::path::PathBuf;

use kbgen::fidelity;
use kbgen::model::recognition::RecognitionSet;
use kbgen::model::stats::Stats;
use kbgen::modelling;
use rayon::prelude::*;

fn main() {
    let root = std::env::args()
        .nth(1)
        .map_or_else(|| PathBuf::from("../shared/corpus"), PathBuf::from);
    let pairs = fidelity::read_manifest(&root).expect("a pair corpus with MANIFEST.tsv");
    let words = RecognitionSet::embedded();
    let models: Vec<_> = pairs
        .par_iter()
        .filter_map(|pair| {
            let text = std::fs::read_to_string(pair.sxs(&root)).ok()?;
            Some((
                pair.locale.clone(),
                modelling::models_of_text(&pair.name, &pair.locale, text, &words),
            ))
        })
        .collect();
    let mut by_locale: std::collections::BTreeMap<String, Stats> = Default::default();
    for (locale, (target, source)) in &models {
        by_locale.entry(locale.clone()).or_default().add(target);
        if let Some(source) = source {
            by_locale
                .entry(format!("en-US (from {locale})"))
                .or_default()
                .add(source);
        }
    }
    for (locale, stats) in by_locale {
        println!(
            "{locale}: {} articles ({} with steps), {} steps ({} optional), {} sub-steps, callouts {:?}, includes unresolved {}",
            stats.articles,
            stats.articles_with_steps,
            stats.steps,
            stats.optional_steps,
            stats.substeps,
            stats.callouts,
            stats.unresolved_includes
        );
    }
}
