//! Prints fidelity figures of kbgen's projections against the published twins of a pair corpus.
//!
//! `cargo run --release --example fidelity -- [CORPUS] [--verbose]` (default `../shared/corpus`).

use std::path::PathBuf;
use std::process::ExitCode;

use kbgen::fidelity;
use kbgen::projection::ProjectOptions;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "--verbose");
    let root = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map_or_else(|| PathBuf::from("../shared/corpus"), PathBuf::from);
    let pairs = match fidelity::read_manifest(&root) {
        Ok(pairs) => pairs,
        Err(error) => {
            eprintln!(
                "fidelity: cannot read {}/MANIFEST.tsv: {error}",
                root.display()
            );
            return ExitCode::from(2);
        }
    };
    for (label, options) in [
        ("plain span stripping", ProjectOptions::raw()),
        ("kbgen projection", ProjectOptions::default()),
    ] {
        let outcomes: Vec<_> = fidelity::compare_all(&root, &pairs, &options)
            .into_iter()
            .flatten()
            .collect();
        println!("{label}:");
        for (locale, f) in fidelity::figures(&outcomes) {
            println!(
                "  {locale}: {} pairs, byte {} ({:.2}%), rendered {} ({:.2}%), published twin repaired {}",
                f.pairs,
                f.byte,
                f.byte_percent(),
                f.rendered,
                f.rendered_percent(),
                f.reference_repaired
            );
        }
        if verbose {
            for o in outcomes.iter().filter(|o| !o.byte) {
                println!(
                    "    differs: {} {} (rendered {})",
                    o.pair.locale,
                    o.pair.name,
                    if o.rendered { "same" } else { "differs" }
                );
            }
        }
    }
    ExitCode::SUCCESS
}
