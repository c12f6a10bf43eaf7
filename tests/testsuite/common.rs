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
            (slug.to_string(), versions)
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

/// `kbgen build --content CONTENT --out <a new temporary folder> EXTRA…` from the repository
/// root: the output folder and what the command printed.
pub fn build_into(
    content: &std::path::Path,
    extra: &[&str],
) -> (tempfile::TempDir, std::process::Output) {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec![
        "build",
        "--content",
        content.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let output = kbgen(&repo(), &args);
    (out, output)
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A tool the validator tests need; `None` (with a loud note) outside CI when it is missing.
pub fn tool(path: &std::path::Path, what: &str) -> Option<std::path::PathBuf> {
    if path.exists() {
        return Some(path.to_path_buf());
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "{what} is missing at {} (.ci/run installs it)",
            path.display()
        );
    }
    eprintln!(
        "SKIPPED: {what} is missing at {}; run `npm ci` (and install chromium) to run this test",
        path.display()
    );
    None
}

/// The `.html` files below `root`, sorted.
pub fn html_files(root: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

/// The W3C Nu HTML Checker's errors on `files`, all in one run (empty when there are none);
/// `None` when vnu-jar is not installed (outside CI only, with a loud note).
pub fn vnu_errors(files: &[std::path::PathBuf]) -> Option<String> {
    let jar = tool(
        &repo().join("node_modules/vnu-jar/build/dist/vnu.jar"),
        "vnu-jar",
    )?;
    let output = std::process::Command::new("java")
        .args([
            "-jar",
            jar.to_str().unwrap(),
            "--errors-only",
            "--format",
            "gnu",
        ])
        .args(files)
        .output()
        .expect("java runs");
    let report = String::from_utf8_lossy(&output.stderr).to_string()
        + &String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() || !report.trim().is_empty(),
        "vnu failed without a report"
    );
    Some(report.trim().to_string())
}

/// Runs `tests/browser/SCRIPT` on the built site `site` in Chromium and returns its report
/// (asserting it succeeded); `None` when Chromium or playwright-core is not installed (outside
/// CI only, with a loud note).
pub fn browser(script: &str, site: &std::path::Path) -> Option<String> {
    browser_with(script, site, &[])
}

/// [`browser`] with environment variables for the script.
pub fn browser_with(
    script: &str,
    site: &std::path::Path,
    env: &[(&str, &std::path::Path)],
) -> Option<String> {
    tool(
        &repo().join("node_modules/playwright-core"),
        "playwright-core",
    )?;
    let chromium = tool(std::path::Path::new("/usr/bin/chromium"), "chromium")?;
    let output = std::process::Command::new("node")
        .arg(repo().join("tests/browser").join(script))
        .arg(site)
        .env("CHROMIUM", chromium)
        .envs(env.iter().copied())
        .current_dir(repo())
        .output()
        .expect("node runs");
    let report = String::from_utf8_lossy(&output.stdout).to_string()
        + &String::from_utf8_lossy(&output.stderr);
    eprintln!("{report}");
    assert!(output.status.success(), "browser test failed:\n{report}");
    Some(report)
}
