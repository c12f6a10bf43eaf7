//! Prints fidelity figures of kbgen's projections against the published twins of a pair corpus.
//!
//! `cargo run --release --example fidelity -- [CORPUS] [--verbose] [--dump DIR]` (default
//! `../shared/corpus`); `--dump DIR` writes kbgen's projection of every mismatch to
//! `DIR/<locale>/<name>.md`, to diff against the published twin.

use std::path::PathBuf;
use std::process::ExitCode;

use kbgen::fidelity;
use kbgen::projection::ProjectOptions;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "--verbose");
    let dump = args
        .iter()
        .position(|a| a == "--dump")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let root = args
        .iter()
        .enumerate()
        .find(|(i, a)| !a.starts_with("--") && (*i == 0 || args[i - 1] != "--dump"))
        .map(|(_, a)| a)
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
        if let (Some(dir), false) = (&dump, options == ProjectOptions::raw()) {
            for o in outcomes.iter().filter(|o| !o.byte) {
                let text = std::fs::read_to_string(o.pair.sxs(&root)).unwrap_or_default();
                let (doc, _) = kbgen::bilingual::BilingualDoc::parse(text);
                let (projection, _) =
                    kbgen::projection::project(&doc, kbgen::bilingual::Side::Target, &options);
                let path = dir.join(&o.pair.locale).join(format!("{}.md", o.pair.name));
                let written = std::fs::create_dir_all(path.parent().unwrap_or(dir))
                    .and_then(|()| std::fs::write(&path, projection.text));
                if let Err(error) = written {
                    eprintln!("fidelity: {}: {error}", path.display());
                }
            }
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
