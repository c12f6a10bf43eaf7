//! `kbgen check` rules: every rule has a fixture that triggers it and a near miss that must not.

use crate::common;

use std::collections::BTreeMap;
use std::process::Command;

/// Runs `check --format json` on a fixture content tree; findings by file name, then rule.
fn check(content: &str) -> (i32, BTreeMap<String, Vec<String>>) {
    let output = Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .current_dir(common::repo())
        .args(["check", "--format", "json", "--content", content])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
    let mut by_file: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in json.as_array().unwrap() {
        let path = d["path"].as_str().unwrap();
        let file = path
            .rsplit('/')
            .next()
            .unwrap()
            .trim_end_matches(".md")
            .to_string();
        by_file
            .entry(file)
            .or_default()
            .push(d["rule"].as_str().unwrap().to_string());
    }
    (output.status.code().unwrap(), by_file)
}

#[test]
fn segment_and_article_rules_trigger_and_near_misses_stay_quiet() {
    let (code, findings) = check("tests/fixtures/qa/segments/content");
    assert_eq!(code, 1, "empty-target is an error");
    for rule in [
        "empty-target",
        "markup-links",
        "markup-format",
        "markup-menu",
        "markup-placeholders",
        "markup-numbers",
        "untranslated",
        "broken-link",
        "broken-anchor",
        "missing-image",
        "machine-translated",
    ] {
        let trigger = findings.get(rule).cloned().unwrap_or_default();
        assert!(
            trigger.iter().any(|r| r == rule),
            "{rule}.md must trigger {rule}: {findings:?}"
        );
        let near = findings
            .get(&format!("{rule}-near"))
            .cloned()
            .unwrap_or_default();
        assert!(
            !near.iter().any(|r| r == rule),
            "{rule}-near.md must not trigger {rule}: {near:?}"
        );
        for (file, rules) in &findings {
            if file != rule {
                assert!(
                    !rules.iter().any(|r| r == rule),
                    "{rule} also fired in {file}"
                );
            }
        }
    }
}

#[test]
fn cross_file_rules_trigger_and_near_misses_stay_quiet() {
    let (_, drift) = check("tests/fixtures/qa/source-drift/content");
    assert_eq!(
        drift
            .get("drift")
            .map(|r| r.iter().filter(|r| *r == "source-drift").count()),
        Some(1),
        "{drift:?}"
    );
    assert!(!drift.contains_key("same"), "{drift:?}");
    let (_, missing) = check("tests/fixtures/qa/missing-locale/content");
    assert_eq!(
        missing.get("only-dutch"),
        Some(&vec!["missing-locale".to_string()])
    );
    assert!(!missing.contains_key("both"));
    let (_, terms) = check("tests/fixtures/qa/inconsistent-term/content");
    assert_eq!(
        terms
            .get("terms")
            .map(|r| r.iter().filter(|r| *r == "inconsistent-term").count()),
        Some(1),
        "{terms:?}"
    );
    assert!(
        !terms
            .get("terms-near")
            .is_some_and(|r| r.iter().any(|r| r == "inconsistent-term"))
    );
}

#[test]
fn markup_numbers_is_off_by_default_and_config_can_switch_rules_off() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(content.join("nl-NL")).unwrap();
    for name in ["markup-numbers", "untranslated"] {
        std::fs::copy(
            common::repo().join(format!(
                "tests/fixtures/qa/segments/content/nl-NL/{name}.md"
            )),
            content.join(format!("nl-NL/{name}.md")),
        )
        .unwrap();
    }
    let (_, findings) = check(content.to_str().unwrap());
    assert!(
        !findings.values().flatten().any(|r| r == "markup-numbers"),
        "{findings:?}"
    );
    assert!(findings.values().flatten().any(|r| r == "untranslated"));
    std::fs::write(
        content.join("kbgen.toml"),
        "[rules]\nuntranslated = \"off\"\n",
    )
    .unwrap();
    let (code, findings) = check(content.to_str().unwrap());
    assert_eq!(code, 0);
    assert!(
        !findings.values().flatten().any(|r| r == "untranslated"),
        "{findings:?}"
    );
    std::fs::write(
        content.join("kbgen.toml"),
        "[rules]\nno-such-rule = \"off\"\n",
    )
    .unwrap();
    let (code, _) = {
        let output = Command::new(env!("CARGO_BIN_EXE_kbgen"))
            .args(["check", "--content", content.to_str().unwrap()])
            .output()
            .unwrap();
        (
            output.status.code().unwrap(),
            String::from_utf8_lossy(&output.stderr).to_string(),
        )
    };
    assert_eq!(code, 2, "an unknown rule in kbgen.toml is a usage error");
}

#[test]
fn the_default_content_finds_the_mail_term_inconsistency() {
    let (code, findings) = check("content");
    assert_eq!(code, 0, "warnings only");
    let responding = &findings["responding-to-a-compromised-email-account"];
    assert!(
        responding.iter().any(|r| r == "inconsistent-term"),
        "{responding:?}"
    );
    assert!(responding.iter().any(|r| r == "missing-locale"));
}

/// What `check` and then `build` say about `content` under one rule: their stderr lines of
/// that rule, sorted, without repeats.
fn check_and_build_say(content: &std::path::Path, rule: &str) -> (Vec<String>, Vec<String>) {
    let content = content.to_str().unwrap();
    let out = tempfile::tempdir().unwrap();
    let check = common::kbgen(&common::repo(), &["check", "--content", content]);
    let build = common::kbgen(
        &common::repo(),
        &[
            "build",
            "--content",
            content,
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    let lines = |output: &std::process::Output| -> Vec<String> {
        let mut lines: Vec<String> = String::from_utf8_lossy(&output.stderr)
            .lines()
            .filter(|l| l.contains(&format!("[{rule}]")))
            .map(str::to_string)
            .collect();
        lines.sort();
        lines.dedup();
        lines
    };
    (lines(&check), lines(&build))
}

#[test]
fn check_reports_the_unsafe_urls_that_build_drops() {
    let content = common::repo().join("tests/fixtures/hostile/content");
    let (checked, built) = check_and_build_say(&content, "unsafe-url");
    assert!(
        checked.iter().any(|l| l.contains(
            "hostile.md:11:1: warning[unsafe-url]: link to `javascript:alert('link')` dropped"
        )),
        "{checked:#?}"
    );
    for line in built {
        assert!(checked.contains(&line), "check misses: {line}");
    }
}

#[test]
fn check_and_build_report_the_same_broken_links_in_markdown_and_raw_html() {
    let content = common::repo().join("tests/fixtures/links/content");
    let (checked, built) = check_and_build_say(&content, "broken-link");
    // line 10 is a raw HTML table
    for line in [6, 10] {
        assert!(
            checked
                .iter()
                .any(|l| l.contains(&format!("start.md:{line}:1:"))),
            "{checked:#?}"
        );
    }
    assert_eq!(checked, built);
}

#[test]
fn check_speaks_github_annotations_sarif_statistics_and_explains_rules() {
    let run = |args: &[&str]| {
        let output = common::kbgen(&common::repo(), args);
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).to_string(),
            String::from_utf8_lossy(&output.stderr).to_string(),
        )
    };
    let (_, _, text) = run(&["check"]);
    let diagnostics: Vec<&str> = text.lines().filter(|l| l.contains("]: ")).collect();
    assert!(diagnostics.len() > 5, "{text}");

    // GitHub: one workflow command per diagnostic, properties escaped
    let (_, github, _) = run(&["check", "--format", "github"]);
    let lines: Vec<&str> = github.lines().collect();
    assert_eq!(lines.len(), diagnostics.len(), "{github}");
    for line in &lines {
        assert!(
            ["::warning", "::error", "::notice"]
                .iter()
                .any(|c| line.starts_with(&format!("{c} file=content/"))),
            "{line}"
        );
        assert!(
            line.contains(",line=") && line.contains(",col=") && line.contains(",title="),
            "{line}"
        );
    }

    // SARIF 2.1.0: the required shape, a result per diagnostic, rule indexes that point right
    let (_, sarif, _) = run(&["check", "--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run0 = &log["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "kbgen");
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), diagnostics.len());
    for result in results {
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
        assert!(!result["message"]["text"].as_str().unwrap().is_empty());
        let location = &result["locations"][0]["physicalLocation"];
        assert!(
            location["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .starts_with("content/")
        );
        assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
        if let Some(index) = result["ruleIndex"].as_u64() {
            assert_eq!(rules[index as usize]["id"], result["ruleId"]);
        }
    }
    // and the OASIS schema accepts it (while it refuses the same log without the tool's name)
    let mut broken = log.clone();
    broken["runs"][0]["tool"]["driver"]
        .as_object_mut()
        .unwrap()
        .remove("name");
    if let (Some(valid), Some(invalid)) = (sarif_schema_errors(&log), sarif_schema_errors(&broken))
    {
        assert_eq!(valid, "", "kbgen's SARIF fails the SARIF 2.1.0 schema");
        assert!(
            invalid.contains("name"),
            "the schema check cannot fail: {invalid}"
        );
    }

    // statistics: counts per rule that add up to the diagnostics
    let (_, stats, _) = run(&["check", "--statistics"]);
    let total: usize = stats
        .lines()
        .filter(|l| l.contains('[') && !l.starts_with("kbgen:"))
        .map(|l| {
            l.split_whitespace()
                .next()
                .unwrap()
                .parse::<usize>()
                .unwrap()
        })
        .sum();
    assert_eq!(total, diagnostics.len(), "{stats}");

    // explain
    let (code, explained, _) = run(&["check", "--explain", "mojibake"]);
    assert_eq!(code, Some(0));
    assert!(
        explained.starts_with("mojibake: ") && explained.contains("(default: "),
        "{explained}"
    );
    let (code, _, error) = run(&["check", "--explain", "no-such-rule"]);
    assert_eq!(code, Some(2));
    assert!(
        error.contains("no rule `no-such-rule`; the rules are: "),
        "{error}"
    );
}

/// The SARIF 2.1.0 schema's complaints about `log` (empty when it is valid); `None` when the
/// validator's packages are not installed (outside CI only, with a loud note).
fn sarif_schema_errors(log: &serde_json::Value) -> Option<String> {
    common::tool(
        &common::repo().join("node_modules/@microsoft/jest-sarif"),
        "@microsoft/jest-sarif (the SARIF schema)",
    )?;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.sarif");
    std::fs::write(&path, serde_json::to_vec(log).unwrap()).unwrap();
    let output = std::process::Command::new("node")
        .arg(common::repo().join("tests/tools/validate-sarif.mjs"))
        .arg(&path)
        .current_dir(common::repo())
        .output()
        .expect("node runs");
    let report = String::from_utf8_lossy(&output.stdout).trim().to_string();
    Some(if output.status.success() {
        assert_eq!(report, "valid");
        String::new()
    } else {
        assert!(
            !report.is_empty(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        report
    })
}
