//! Translation memory: three-way alignment, schema validation (xmllint with the OASIS XLIFF 2.0
//! schema and the TMX 1.4b DTD in tests/schemas), a CAT-tool library reading the files back
//! (Translate Toolkit), and kbgen's own import check.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use kbgen::export::{self, tmx};

fn units(content: &Path, locales: &[&str]) -> Vec<export::Unit> {
    let index = kbgen::index::Index::scan(content).unwrap();
    let files: Vec<export::Segmented> = index
        .files
        .iter()
        .filter_map(export::Segmented::read)
        .collect();
    let locales: Vec<String> = locales.iter().map(|l| l.to_string()).collect();
    export::collect(&files, &locales)
}

#[test]
fn the_shared_seed_aligns_three_ways() {
    let units = units(&common::repo().join("content"), &[]);
    let seed: Vec<&export::Unit> = units
        .iter()
        .filter(|u| u.slug == "recommended-steps-to-take-if-an-account-is-compromised")
        .collect();
    assert_eq!(seed.len(), 10);
    for unit in &seed {
        assert_eq!(
            unit.translations.keys().collect::<Vec<_>>(),
            ["nl-NL", "sv-SE"],
            "{}",
            unit.number
        );
    }
    let read = tmx::read(&tmx::write(&units)).unwrap();
    let three_way = read.iter().filter(|u| u.segments.len() == 3).count();
    assert_eq!(three_way, 10, "ten tu with en-US, nl-NL and sv-SE");
    assert_eq!(read.len(), units.len());
}

#[test]
fn tmx_reads_back_exactly_the_exported_pairs() {
    for content in [
        common::repo().join("content"),
        common::repo().join("tests/fixtures/hostile/content"),
        common::repo().join("tests/fixtures/malformed/content"),
    ] {
        let units = units(&content, &[]);
        let read = tmx::read(&tmx::write(&units)).unwrap();
        assert_eq!(read.len(), units.len());
        for (unit, back) in units.iter().zip(&read) {
            assert_eq!(back.id, unit.id());
            let mut expected = BTreeMap::from([("en-US".to_string(), unit.source.clone())]);
            for (locale, t) in &unit.translations {
                expected.insert(locale.clone(), t.text.clone());
            }
            assert_eq!(back.segments, expected, "{}", unit.id());
        }
    }
}

fn tool_available(program: &str, args: &[&str]) -> bool {
    let ok = Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        if std::env::var_os("CI").is_some() {
            panic!("{program} is missing (.ci/run installs it)");
        }
        eprintln!("SKIPPED: {program} is not available");
    }
    ok
}

fn build_tm() -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .current_dir(common::repo())
        .args(["build", "--out", out.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(0));
    let tm = out.path().join("tm");
    (out, tm)
}

#[test]
fn exports_validate_against_the_tmx_dtd_and_the_xliff_schema() {
    if !tool_available("xmllint", &["--version"]) {
        return;
    }
    let (_out, tm) = build_tm();
    let schemas = common::repo().join("tests/schemas");
    let mut checked = 0;
    for entry in std::fs::read_dir(&tm).unwrap() {
        let path = entry.unwrap().path();
        let mut command = Command::new("xmllint");
        command.args(["--nonet", "--noout"]);
        match path.extension().and_then(|e| e.to_str()) {
            Some("tmx") => command.arg("--dtdvalid").arg(schemas.join("tmx14.dtd")),
            Some("xlf") => command
                .arg("--schema")
                .arg(schemas.join("xliff-core-2.0.xsd")),
            _ => continue,
        };
        let output = command.arg(&path).output().unwrap();
        assert!(
            output.status.success(),
            "{}: {}",
            path.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        checked += 1;
    }
    assert_eq!(checked, 4, "nl-NL and sv-SE as TMX and XLIFF");
}

#[test]
fn translate_toolkit_reads_the_right_pairs() {
    if !tool_available(
        "python3",
        &[
            "-c",
            "import translate.storage.tmx, translate.storage.xliff2",
        ],
    ) {
        return;
    }
    let (_out, tm) = build_tm();
    let script = common::repo().join("tests/tm/read_back.py");
    let expected: Vec<(String, String, String)> =
        units(&common::repo().join("content"), &["nl-NL"])
            .iter()
            .map(|u| {
                (
                    u.id().to_string(),
                    u.source.clone(),
                    u.translations["nl-NL"].text.clone(),
                )
            })
            .collect();
    assert!(expected.len() > 100);
    for (kind, file, extra) in [
        ("tmx", "nl-NL.tmx", vec!["en-US", "nl-NL"]),
        ("xliff", "nl-NL.xlf", vec![]),
    ] {
        let output = Command::new("python3")
            .arg(&script)
            .arg(kind)
            .arg(tm.join(file))
            .args(&extra)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let pairs: Vec<(String, String, String)> = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(pairs, expected, "{file}");
    }
}

#[test]
fn export_writes_the_named_file_and_never_inside_the_content() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("tm/nl.xlf");
    let run = |out: &str| {
        Command::new(env!("CARGO_BIN_EXE_kbgen"))
            .current_dir(common::repo())
            .args([
                "export", "--format", "xliff", "--locale", "nl-NL", "--out", out,
            ])
            .output()
            .unwrap()
    };
    let ok = run(target.to_str().unwrap());
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("trgLang=\"nl-NL\"")
    );
    let inside = run("content/nl-NL/tm.xlf");
    assert_eq!(inside.status.code(), Some(2));
    assert!(!common::repo().join("content/nl-NL/tm.xlf").exists());
    let both = Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .current_dir(common::repo())
        .args(["export", "--format", "xliff"])
        .output()
        .unwrap();
    assert_eq!(
        both.status.code(),
        Some(2),
        "XLIFF needs one target locale when there are two"
    );
}
