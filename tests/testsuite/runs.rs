//! Run records: an exported run of the interactive checklist rendered as a markdown record in
//! any locale by `kbgen checklist SLUG --locale L --record RUN.json`.

use crate::common;

const SLUG: &str = "responding-to-a-compromised-email-account";

fn record(locale: &str, file: &str) -> std::process::Output {
    common::kbgen(
        &common::repo(),
        &["checklist", SLUG, "--locale", locale, "--record", file],
    )
}

#[test]
fn one_exported_run_reads_as_a_record_in_every_locale() {
    let file = "tests/fixtures/runs/responding.json";
    for locale in ["en-US", "nl-NL"] {
        let output = record(locale, file);
        let stdout = String::from_utf8(output.stdout).unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{stderr}");
        // the run was done in Dutch; its steps are found by key in the other locale's article
        insta::assert_snapshot!(format!("record__{locale}"), stdout);
        assert!(
            stderr.contains("the run has step `step-8-retired-step`"),
            "{stderr}"
        );
    }
    let sv = String::from_utf8(record("sv-SE", file).stdout).unwrap();
    assert!(sv.starts_with("# Incidentprotokoll: "), "{sv}");
    assert!(
        sv.contains("- **Startad:** 3 dec. 2026 08:02:41 UTC"),
        "{sv}"
    );
    assert!(sv.contains("7 av 12 obligatoriska steg klara"), "{sv}");
}

#[test]
fn a_record_that_cannot_be_read_is_an_error_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(common::repo().join("tests/fixtures/runs/responding.json"))
        .unwrap();
    let cases = [
        (
            "truncated.json",
            good[..good.len() / 2].to_string(),
            "truncated.json:",
        ),
        (
            "bad-time.json",
            good.replacen("2026-12-03T08:05:00Z", "08:05", 1),
            "bad-time.json:",
        ),
        (
            "other-article.json",
            good.replace(SLUG, "some-other-article"),
            "this is a run of `some-other-article`",
        ),
    ];
    for (name, text, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let output = record("en-US", path.to_str().unwrap());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(expected), "{name}: {stderr}");
        assert!(output.stdout.is_empty(), "{name}");
    }
    // the position is a real line and column of the file
    let output = record("en-US", dir.path().join("bad-time.json").to_str().unwrap());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let line = stderr
        .split("bad-time.json:")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap();
    let text = std::fs::read_to_string(dir.path().join("bad-time.json")).unwrap();
    assert!(
        text.lines().nth(line - 1).unwrap().contains("\"08:05\""),
        "{stderr}"
    );
    // a record is markdown: asking for text too is a usage error
    let output = common::kbgen(
        &common::repo(),
        &[
            "checklist",
            SLUG,
            "--locale",
            "en-US",
            "--format",
            "txt",
            "--record",
            "x.json",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn typed_fields_cannot_break_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(common::repo().join("tests/fixtures/runs/responding.json"))
        .unwrap();
    let hostile = good.replace(
        "\"reference\": \"INC-4711\"",
        "\"reference\": \"INC\\n# Injected\\u202e evil [x](javascript:alert(1))\"",
    );
    let path = dir.path().join("hostile.json");
    std::fs::write(&path, hostile).unwrap();
    let output = record("en-US", path.to_str().unwrap());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success());
    assert!(!stdout.contains("\n# Injected"), "{stdout}");
    assert!(!stdout.contains('\u{202e}'));
    assert!(
        stdout
            .contains("- **Incident reference:** INC # Injected evil \\[x\\](javascript:alert(1))"),
        "{stdout}"
    );
}

#[test]
fn the_readme_documents_the_record_kbgen_reads() {
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    let example = readme
        .split("The exported record")
        .nth(1)
        .and_then(|rest| rest.split("```json\n").nth(1))
        .and_then(|rest| rest.split("```").next())
        .expect("README has the record's JSON example");
    let run = kbgen::run::Run::parse(example).unwrap();
    assert_eq!(run.record.slug, SLUG);
    assert!(run.ticked[0].is_some());
    // every field of the example is a field of the schema, and back
    let reparsed: serde_json::Value = serde_json::from_str(example).unwrap();
    assert_eq!(serde_json::to_value(&run.record).unwrap(), reparsed);
}
