//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::path::PathBuf;

/// The pair corpus (`../shared/corpus`, or `$KBGEN_CORPUS`), or `None` with a loud note when it
/// is absent: tests that need it then check nothing and say so.
pub fn corpus() -> Option<PathBuf> {
    let root = std::env::var_os("KBGEN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    if root.join("MANIFEST.tsv").is_file() {
        Some(root)
    } else {
        eprintln!(
            "SKIPPED: the pair corpus is not at {} (set KBGEN_CORPUS); this test checked nothing",
            root.display()
        );
        None
    }
}

/// The shared seeds folder, or `None` with a note.
pub fn seeds() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if root.join("001-published.md").is_file() {
        Some(root)
    } else {
        eprintln!("SKIPPED: ../shared/seeds is absent; this test checked nothing");
        None
    }
}

/// The loaded default content and its article models (every locale, en-US derived).
pub fn default_models() -> (kbgen::pipeline::Loaded, Vec<kbgen::model::Article>) {
    use kbgen::pipeline;
    let content = repo().join("content");
    let loaded =
        pipeline::load_all(&content, &kbgen::projection::ProjectOptions::default()).unwrap();
    let (sources, _) = pipeline::resolve_sources(&loaded.files);
    let words = kbgen::model::recognition::RecognitionSet::embedded();
    let (articles, _) = pipeline::build_models(&loaded.files, &sources, &content, &words);
    (loaded, articles)
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
