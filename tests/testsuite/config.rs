//! The project file, `kbgen.toml`: found from the current folder upwards or named with
//! `--config`, its paths relative to itself, flags over its keys, errors with `path:line:col`,
//! and the older `content/kbgen.toml` still honoured with a deprecation warning.

use std::fs;
use std::path::Path;

use crate::common;

/// A project made by `kbgen init` in a new temporary folder, with `config` appended to its
/// project file.
fn project(config: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("help");
    let output = common::kbgen(dir.path(), &["init", "help"]);
    assert!(output.status.success(), "{output:?}");
    let file = root.join("kbgen.toml");
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str(config);
    fs::write(&file, text).unwrap();
    (dir, root)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

fn sitemap(out: &Path) -> String {
    fs::read_to_string(out.join("site/sitemap.xml")).unwrap()
}

#[test]
fn found_from_a_subfolder_with_paths_relative_to_itself_and_flags_win() {
    // `[site]` is already a table of the init file: its keys go there
    let (_dir, root) = project("");
    let file = root.join("kbgen.toml");
    let config = fs::read_to_string(&file).unwrap().replacen(
        "[site]\n",
        "[site]\nbase-url = \"https://help.example.com/docs/\"\nattribution = \"Texts by Contoso\"\n",
        1,
    );
    fs::write(&file, config).unwrap();

    // started two folders down, the build finds ../../kbgen.toml and writes to the project's out
    let below = root.join("content/nl-NL");
    let output = common::kbgen(&below, &["build"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        !below.join("out").exists(),
        "out is relative to the project file"
    );
    let out = root.join("out");
    assert!(
        sitemap(&out)
            .contains("<loc>https://help.example.com/docs/nl-NL/getting-started.html</loc>"),
        "{}",
        sitemap(&out)
    );
    let page = fs::read_to_string(out.join("site/nl-NL/getting-started.html")).unwrap();
    assert!(page.contains("Texts by Contoso"), "attribution from [site]");
    // paths in diagnostics and summaries are relative to where kbgen was started
    assert!(
        text(&output.stdout).contains("to ../../out"),
        "{}",
        text(&output.stdout)
    );

    // a flag wins over the file
    let output = common::kbgen(&root, &["build", "--base-url", "https://other.example/"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(sitemap(&out).contains("<loc>https://other.example/nl-NL/"));
    assert!(!sitemap(&out).contains("help.example.com"));
}

#[test]
fn config_names_another_file_and_a_missing_one_is_a_usage_error() {
    let (_dir, root) = project("");
    let other = root.join("ci.toml");
    fs::write(
        &other,
        "[paths]\ncontent = \"content\"\nout = \"public\"\n[site]\nbase-url = \"https://ci.example/\"\n",
    )
    .unwrap();
    let output = common::kbgen(&root, &["--config", "ci.toml", "build"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(sitemap(&root.join("public")).contains("https://ci.example/"));
    assert!(!root.join("out").exists(), "kbgen.toml was not read");

    let output = common::kbgen(&root, &["build", "--config", "nope.toml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("--config nope.toml: no such file"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn a_bad_project_file_is_a_usage_error_with_its_line() {
    for (config, expected) in [
        ("\n[site]\nbaseurl = \"x\"\n", "unknown field `baseurl`"),
        (
            "\n[check.rules]\nno-such-rule = \"off\"\n",
            "unknown rule `no-such-rule`",
        ),
        (
            "\n[notify]\nsmtp = \"smtp://me:hunter2@mail.example\"\n",
            "KBGEN_SMTP_PASSWORD",
        ),
        ("\n[paths]\nlocales = \"missing\"\n", "[paths] locales"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("kbgen.toml"), config).unwrap();
        fs::create_dir_all(dir.path().join("content/nl-NL")).unwrap();
        let output = common::kbgen(dir.path(), &["check"]);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{config}: {stderr}");
        assert!(stderr.contains(expected), "{config}: {stderr}");
        if !expected.starts_with('[') {
            assert!(stderr.contains("kbgen.toml:3:"), "{config}: {stderr}");
        }
    }
}

#[test]
fn check_rules_and_strict_come_from_the_file() {
    // the repository's content has warnings; a project file elsewhere points at it
    let dir = tempfile::tempdir().unwrap();
    let content = common::repo().join("content");
    let write = |extra: &str| {
        fs::write(
            dir.path().join("kbgen.toml"),
            format!(
                "[paths]\ncontent = {:?}\n{extra}",
                content.to_str().unwrap()
            ),
        )
        .unwrap();
    };
    write("");
    let output = common::kbgen(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(text(&output.stderr).contains("warning[broken-link]"));

    write("[check]\nstrict = true\n");
    assert_eq!(common::kbgen(dir.path(), &["check"]).status.code(), Some(1));

    write("[check.rules]\nbroken-link = \"off\"\n");
    let output = common::kbgen(dir.path(), &["check"]);
    assert!(
        !text(&output.stderr).contains("[broken-link]"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn the_older_content_config_still_works_with_a_warning_and_the_project_file_wins() {
    let (_dir, root) = project("");
    fs::write(
        root.join("content/kbgen.toml"),
        "attribution = \"Old attribution\"\nterms = []\n",
    )
    .unwrap();
    let output = common::kbgen(&root, &["build"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("deprecated"),
        "{}",
        text(&output.stderr)
    );
    let page = root.join("out/site/nl-NL/getting-started.html");
    assert!(
        fs::read_to_string(&page)
            .unwrap()
            .contains("Old attribution")
    );

    let file = root.join("kbgen.toml");
    let config = fs::read_to_string(&file).unwrap().replacen(
        "[site]\n",
        "[site]\nattribution = \"New attribution\"\n",
        1,
    );
    fs::write(&file, config).unwrap();
    let output = common::kbgen(&root, &["build"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let page = fs::read_to_string(&page).unwrap();
    assert!(page.contains("New attribution") && !page.contains("Old attribution"));

    // `-q` silences the warning
    let output = common::kbgen(&root, &["build", "-q"]);
    assert!(!text(&output.stderr).contains("deprecated"));
}

#[test]
fn defaults_are_relative_to_the_project_file_too() {
    let (_dir, root) = project("");
    // no [paths]: `content` and `out` are still the project's, wherever kbgen starts
    fs::write(
        root.join("kbgen.toml"),
        "[site]\nbase-url = \"https://d.example/\"\n",
    )
    .unwrap();
    let output = common::kbgen(&root.join("content/nl-NL"), &["build"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(sitemap(&root.join("out")).contains("https://d.example/nl-NL/getting-started.html"));
}
