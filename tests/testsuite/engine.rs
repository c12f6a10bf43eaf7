//! The build engine: incremental rebuilds (nothing changed writes nothing, an edit rewrites only
//! its dependants, deleted articles' outputs go and nothing else in `--out` is touched, a crash
//! is repaired), shards whose union is a full build, and the library façade used directly.

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

const SLUG: &str = "responding-to-a-compromised-email-account";

/// A copy of the default content in a temporary directory, with an output directory beside it.
fn project() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let base = tempfile::tempdir().unwrap();
    let content = base.path().join("content");
    let from = common::repo().join("content");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let target = content.join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
    let out = base.path().join("out");
    (base, content, out)
}

/// `kbgen build` of `content` into `out`, whatever its outcome.
fn run(content: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "build",
        "--content",
        content.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    common::kbgen(&common::repo(), &args)
}

/// `kbgen build`, which must succeed; its standard output.
fn build(content: &Path, out: &Path, extra: &[&str]) -> String {
    let output = run(content, out, extra);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// Every file below `out` but kbgen's own bookkeeping (`.kbgen/`), with its bytes.
fn tree(out: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .to_string();
            (relative, fs::read(e.path()).unwrap())
        })
        .filter(|(path, _)| !path.starts_with(".kbgen"))
        .collect()
}

fn mtimes(out: &Path) -> BTreeMap<String, SystemTime> {
    tree(out)
        .into_keys()
        .map(|p| {
            let time = fs::metadata(out.join(&p)).unwrap().modified().unwrap();
            (p, time)
        })
        .collect()
}

/// Makes sure a rewrite would get a newer modification time than the first build's.
fn tick() {
    std::thread::sleep(std::time::Duration::from_millis(20));
}

#[test]
fn a_rebuild_with_nothing_changed_writes_nothing() {
    let (_base, content, out) = project();
    let first = build(&content, &out, &[]);
    assert!(first.contains("2 of 2 articles rebuilt"), "{first}");
    let before = mtimes(&out);
    tick();
    let second = build(&content, &out, &[]);
    assert!(second.contains("0 of 2 articles rebuilt"), "{second}");
    assert!(second.contains("nothing changed"), "{second}");
    assert_eq!(mtimes(&out), before, "no file was rewritten");
    // --force rewrites everything, with the same bytes
    let tree_before = tree(&out);
    let forced = build(&content, &out, &["--force"]);
    assert!(forced.contains("2 of 2 articles rebuilt"), "{forced}");
    assert_eq!(tree(&out), tree_before);
}

#[test]
fn an_edit_rewrites_only_what_depends_on_it_and_equals_a_clean_build() {
    let (base, content, out) = project();
    build(&content, &out, &[]);
    let before = mtimes(&out);
    let file = content.join("nl-NL").join(format!("{SLUG}.md"));
    let text = fs::read_to_string(&file).unwrap();
    // a sentence of the body (not the title): no index page or other article changes
    let edited = text.replacen("Gebruik", "Gebruik altijd", 1);
    assert_ne!(edited, text);
    fs::write(&file, edited).unwrap();
    tick();
    let stdout = build(&content, &out, &[]);
    assert!(stdout.contains("1 of 2 articles rebuilt"), "{stdout}");
    let after = mtimes(&out);
    let rewritten: Vec<&String> = after
        .iter()
        .filter(|(path, time)| before.get(*path) != Some(time))
        .map(|(path, _)| path)
        .collect();
    assert!(!rewritten.is_empty());
    for path in &rewritten {
        assert!(
            path.contains(SLUG)
                || path.starts_with("tm/")
                || path.starts_with("emails/")
                // the search index of the edited text's locale
                || path.starts_with("site/nl-NL/search/"),
            "{path} was rewritten but does not depend on the edited article"
        );
    }
    assert!(rewritten.iter().any(|p| p.starts_with("markdown/nl-NL/")));
    assert!(
        rewritten
            .iter()
            .any(|p| p.starts_with("site/nl-NL/search/"))
    );
    let clean = base.path().join("clean");
    build(&content, &clean, &[]);
    assert_eq!(
        tree(&out),
        tree(&clean),
        "incremental equals clean, byte for byte"
    );
}

#[test]
fn an_edit_outside_the_pairs_leaves_translation_memory_alone() {
    use kbgen::engine::{self, BuildPlan, Project, Settings, Silent};
    let (_base, content, out) = project();
    let project = Project::open(&Settings {
        content: content.clone(),
        ..Settings::default()
    })
    .unwrap();
    let plan = BuildPlan::new(&out);
    assert!(
        engine::build(&project, &plan, &Silent)
            .unwrap()
            .translation_memory_streamed
    );
    let file = content.join("nl-NL").join(format!("{SLUG}.md"));
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, format!("{text}\n")).unwrap();
    let report = engine::build(&project, &plan, &Silent).unwrap();
    assert_eq!(report.rebuilt, 1);
    assert!(!report.translation_memory_streamed);
    // a changed pair streams it again
    fs::write(&file, text.replacen("Gebruik", "Gebruik altijd", 1)).unwrap();
    let report = engine::build(&project, &plan, &Silent).unwrap();
    assert!(report.translation_memory_streamed);
}

#[test]
fn a_changed_title_renders_the_index_again_and_equals_a_clean_build() {
    let (base, content, out) = project();
    build(&content, &out, &[]);
    let file = content.join("nl-NL").join(format!("{SLUG}.md"));
    let text = fs::read_to_string(&file).unwrap();
    let title = text
        .lines()
        .find(|l| l.starts_with("# "))
        .expect("an H1")
        .to_string();
    fs::write(&file, text.replacen(&title, &format!("{title} Nieuw"), 1)).unwrap();
    build(&content, &out, &[]);
    let index = fs::read_to_string(out.join("site/nl-NL/index.html")).unwrap();
    assert!(index.contains(" Nieuw</a>"), "{index}");
    let clean = base.path().join("clean");
    build(&content, &clean, &[]);
    assert_eq!(tree(&out), tree(&clean));
}

#[test]
fn a_deleted_article_loses_its_outputs_and_nothing_else_is_touched() {
    let (_base, content, out) = project();
    build(&content, &out, &[]);
    fs::write(out.join("mine.txt"), "not kbgen's").unwrap();
    fs::create_dir_all(out.join("site/nl-NL")).unwrap();
    fs::write(out.join("site/nl-NL/extra.html"), "mine too").unwrap();
    let gone = "recommended-steps-to-take-if-an-account-is-compromised";
    for locale in ["nl-NL", "sv-SE"] {
        fs::remove_file(content.join(locale).join(format!("{gone}.md"))).unwrap();
    }
    let stdout = build(&content, &out, &[]);
    assert!(stdout.contains("removed"), "{stdout}");
    let files = tree(&out);
    assert!(
        files.keys().all(|p| !p.contains(gone)),
        "{:?}",
        files
            .keys()
            .filter(|p| p.contains(gone))
            .collect::<Vec<_>>()
    );
    assert_eq!(files["mine.txt"], b"not kbgen's");
    assert_eq!(files["site/nl-NL/extra.html"], b"mine too");
    assert!(files.contains_key(&format!("site/nl-NL/{SLUG}.html")));
    // sv-SE had only the deleted article of its own: its folder is gone with it
    assert!(!files.keys().any(|p| p.starts_with("markdown/sv-SE/")));
}

#[test]
fn a_crash_between_writes_is_repaired_by_the_next_build() {
    let (base, content, out) = project();
    build(&content, &out, &[]);
    let file = content.join("sv-SE/recommended-steps-to-take-if-an-account-is-compromised.md");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, text.replacen("lösenord", "lösenordet", 1)).unwrap();
    fs::remove_file(out.join("markdown/nl-NL/responding-to-a-compromised-email-account.md"))
        .unwrap();
    let crashed = std::process::Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .args(["build", "--content"])
        .arg(&content)
        .arg("--out")
        .arg(&out)
        .env("KBGEN_TEST_ABORT_AFTER_WRITES", "2")
        .output()
        .unwrap();
    assert!(!crashed.status.success(), "the fault hook aborts the build");
    let stdout = build(&content, &out, &[]);
    assert!(!stdout.contains("nothing changed"), "{stdout}");
    let clean = base.path().join("clean");
    build(&content, &clean, &[]);
    assert_eq!(tree(&out), tree(&clean));
}

#[test]
fn the_union_of_shards_is_a_full_build() {
    let (base, content, _) = project();
    let full = base.path().join("full");
    build(&content, &full, &[]);
    let mut union = BTreeMap::new();
    for shard in ["1/3", "2/3", "3/3"] {
        let out = base.path().join(format!("shard-{}", &shard[..1]));
        build(&content, &out, &["--shard", shard]);
        for (path, bytes) in tree(&out) {
            if let Some(other) = union.insert(path.clone(), bytes.clone()) {
                assert_eq!(other, bytes, "two shards wrote {path} differently");
            }
        }
    }
    assert_eq!(union, tree(&full));
    let bad = common::kbgen(&common::repo(), &["build", "--shard", "4/3"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn a_changed_include_rebuilds_the_article_that_reads_it() {
    let (_base, content, out) = project();
    let article = content.join("nl-NL").join(format!("{SLUG}.md"));
    let text = fs::read_to_string(&article).unwrap();
    assert!(text.contains("../includes/microsoft-defender-for-office.md"));
    build(&content, &out, &[]);
    let model = out.join(format!("model/nl-NL/{SLUG}.json"));
    assert!(
        !fs::read_to_string(&model)
            .unwrap()
            .contains("Defender-tekst uit de include")
    );
    fs::create_dir_all(content.join("includes")).unwrap();
    fs::write(
        content.join("includes/microsoft-defender-for-office.md"),
        "Defender-tekst uit de include.\n",
    )
    .unwrap();
    let stdout = build(&content, &out, &[]);
    assert!(stdout.contains("1 of 2 articles rebuilt"), "{stdout}");
    assert!(
        fs::read_to_string(&model)
            .unwrap()
            .contains("Defender-tekst uit de include")
    );
}

#[test]
fn the_facade_builds_without_the_cli() {
    use kbgen::engine::{self, BuildPlan, Project, Settings, Silent};
    let (_base, content, out) = project();
    let project = Project::open(&Settings {
        content: content.clone(),
        locales_dir: common::repo().join("locales"),
        ..Settings::default()
    })
    .unwrap();
    let report = engine::build(&project, &BuildPlan::new(&out), &Silent).unwrap();
    assert_eq!((report.articles, report.rebuilt), (2, 2));
    assert!(report.written > 40);
    assert_eq!(report.tally().errors, 0);
    let again = engine::build(&project, &BuildPlan::new(&out), &Silent).unwrap();
    assert_eq!((again.written, again.rebuilt, again.removed), (0, 0, 0));
    assert_eq!(again.unchanged, report.written);
    // the replayed diagnostics are the first build's
    assert_eq!(again.diagnostics, report.diagnostics);
}

#[test]
fn search_bundles_no_longer_made_are_removed_and_the_manifest_stays_in_order() {
    let (base, content, out) = project();
    build(&content, &out, &["--search-bundle-pages", "1"]);
    assert!(out.join("site/nl-NL/search/2").is_dir());
    let stdout = build(&content, &out, &[]);
    assert!(stdout.contains("removed"), "{stdout}");
    assert!(!out.join("site/nl-NL/search/2").exists());
    let clean = base.path().join("clean");
    build(&content, &clean, &[]);
    assert_eq!(tree(&out), tree(&clean));
    // units are written as they are made, and read back in id order
    let units = fs::read_to_string(out.join(".kbgen/units.jsonl")).unwrap();
    let ids: Vec<String> = units
        .lines()
        .skip(1)
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap()["id"].to_string())
        .collect();
    assert!(ids.len() > 4, "{ids:?}");
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
}

#[test]
fn a_notice_that_does_not_load_stops_its_samples_not_the_site() {
    let (_base, content, out) = project();
    build(&content, &out, &[]);
    let sample = out.join("emails/nl-NL/account-compromised.eml");
    assert!(sample.is_file());
    let notice = content.join("notices/account-compromised.toml");
    fs::write(&notice, "name = [broken").unwrap();
    let page = content.join(format!("nl-NL/{SLUG}.md"));
    let text = fs::read_to_string(&page).unwrap();
    fs::write(&page, format!("{text}\nNieuwe regel.\n")).unwrap();
    let output = run(&content, &out, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("account-compromised.toml"), "{stderr}");
    // the edited article was rebuilt, the search and the samples of the last build stay
    let html = fs::read_to_string(out.join(format!("site/nl-NL/{SLUG}.html"))).unwrap();
    assert!(html.contains("Nieuwe regel."), "the site was built");
    assert!(out.join("site/nl-NL/search/bundles.json").is_file());
    assert!(sample.is_file());
    // once the notice loads again its samples are made again (the same bytes: not rewritten)
    fs::write(
        &notice,
        fs::read(common::repo().join("content/notices/account-compromised.toml")).unwrap(),
    )
    .unwrap();
    let stdout = build(&content, &out, &[]);
    assert!(stdout.contains("0 errors"), "{stdout}");
    assert!(sample.is_file());
}
