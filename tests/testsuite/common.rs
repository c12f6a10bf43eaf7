//! Helpers shared by the integration tests.

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

/// Every pair corpus that is present: `corpus()` and `../shared/corpus-rtl-cjk` (ar-SA, ja-JP;
/// or `$KBGEN_CORPUS_RTL_CJK`), each absent one announced loudly.
pub fn corpora() -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = corpus().into_iter().collect();
    let rtl_cjk = std::env::var_os("KBGEN_CORPUS_RTL_CJK")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus-rtl-cjk")
        });
    if rtl_cjk.join("MANIFEST.tsv").is_file() {
        all.push(rtl_cjk);
    } else {
        eprintln!(
            "SKIPPED: the ar-SA/ja-JP pair corpus is not at {} (set KBGEN_CORPUS_RTL_CJK)",
            rtl_cjk.display()
        );
    }
    all
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

/// The default content's articles, each loaded and modelled in every locale, by slug.
pub fn default_library() -> std::collections::BTreeMap<String, kbgen::library::Versions> {
    let index = kbgen::index::Index::scan(&repo().join("content")).unwrap();
    let words = kbgen::model::recognition::RecognitionSet::embedded();
    index
        .articles
        .keys()
        .map(|slug| {
            let (versions, _) = kbgen::library::Versions::load(&index, slug, &words).unwrap();
            (slug.clone(), versions)
        })
        .collect()
}

/// The default content's article models (every locale, en-US derived), by locale, then slug.
pub fn default_models() -> Vec<kbgen::model::Article> {
    let mut articles: Vec<kbgen::model::Article> = default_library()
        .into_values()
        .flat_map(|v| v.articles.into_values())
        .collect();
    articles.sort_by(|a, b| (&a.locale, &a.slug).cmp(&(&b.locale, &b.slug)));
    articles
}

/// The shared runner: the `kbgen` binary with `args` in `dir`.
pub fn kbgen(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
