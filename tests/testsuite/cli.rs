//! The `kbgen` binary end to end: exit status, stderr diagnostics, files written.

use crate::common;

use std::fs;
use std::path::Path;
use std::process::Output;

use common::kbgen;

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn files_below(root: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}

#[test]
fn build_on_default_content_writes_every_locale() {
    let out = tempfile::tempdir().unwrap();
    let output = kbgen(
        &common::repo(),
        &["build", "--out", out.path().to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        files_below(&out.path().join("markdown")),
        [
            "en-US/recommended-steps-to-take-if-an-account-is-compromised.md",
            "en-US/responding-to-a-compromised-email-account.md",
            "nl-NL/recommended-steps-to-take-if-an-account-is-compromised.md",
            "nl-NL/responding-to-a-compromised-email-account.md",
            "sv-SE/recommended-steps-to-take-if-an-account-is-compromised.md",
        ]
    );
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
    assert!(
        stdout.contains("3 of 3 files loaded (3 bilingual, 0 monolingual) in 3 locales"),
        "{stdout}"
    );
    // the repairs are reported once each, located in the bilingual file, and so are the
    // include and the article links that are not part of the default content
    let err = stderr(&output);
    let lines: Vec<&str> = err.lines().collect();
    let count = |rule: &str| {
        lines
            .iter()
            .filter(|l| l.contains(&format!(": warning[{rule}]: ")))
            .count()
    };
    assert_eq!(count("mojibake"), 6, "{err}");
    assert_eq!(count("include-missing"), 1, "{err}");
    assert_eq!(count("broken-link"), 8, "{err}");
    // the seed's screenshots are not part of the default content: shown as their alt text
    assert_eq!(count("missing-image"), 4, "{err}");
    assert_eq!(lines.len(), 19, "{err}");
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("content/nl-NL/responding-to-a-compromised-email-account.md:"))
    );
    assert!(lines.contains(&"content/nl-NL/responding-to-a-compromised-email-account.md:32:1: warning[include-missing]: include `../includes/microsoft-defender-for-office.md` not found"));
    for dir in ["site", "checklists"] {
        assert!(out.path().join(dir).is_dir(), "{dir}");
    }
    let models = files_below(&out.path().join("model"));
    assert_eq!(models.len(), 5, "{models:?}");
    assert!(models.contains(&"en-US/responding-to-a-compromised-email-account.json".to_string()));
}

#[test]
fn malformed_fixtures_give_located_diagnostics_and_exit_1() {
    let dir = common::repo().join("tests/fixtures/malformed");
    let expected = fs::read_to_string(dir.join("expected-check.txt")).unwrap();
    let output = kbgen(&dir, &["check"]);
    assert_eq!(stderr(&output), expected);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "kbgen: checked 10 files: 7 errors, 1 warnings\n"
    );
}

#[test]
fn malformed_content_still_builds_the_other_files() {
    let dir = common::repo().join("tests/fixtures/malformed");
    let out = tempfile::tempdir().unwrap();
    let output = kbgen(&dir, &["build", "--out", out.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let written = files_below(&out.path().join("markdown"));
    assert!(
        written.contains(&"nl-NL/good.md".to_string()),
        "{written:?}"
    );
    assert!(written.contains(&"nl-NL/crlf.md".to_string()));
    // the file in sv-SE declares nl-NL and is published as nl-NL
    assert!(written.contains(&"nl-NL/wrong-locale.md".to_string()));
    for skipped in ["broken-yaml", "collapsed", "invalid-utf8"] {
        assert!(
            !written.iter().any(|w| w.contains(skipped)),
            "{skipped} must be skipped: {written:?}"
        );
    }
    let crlf = fs::read(out.path().join("markdown/nl-NL/crlf.md")).unwrap();
    assert_eq!(
        crlf,
        "\u{feff}---\r\ntitle: Test\r\nms.contentlocale: nl-NL\r\n---\r\n# Titel\r\n".as_bytes()
    );
    let en = fs::read_to_string(out.path().join("markdown/en-US/crlf.md")).unwrap();
    assert_eq!(
        en,
        "\u{feff}---\r\ntitle: Title\r\nms.contentlocale: en-US\r\n---\r\n# Title\r\n"
    );
}

#[test]
fn strict_turns_warnings_into_errors_and_json_is_parseable() {
    let dir = common::repo().join("tests/fixtures/malformed");
    let output = kbgen(&dir, &["check", "--format", "json", "--strict"]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let items = json.as_array().unwrap();
    assert_eq!(items.len(), 8);
    assert!(items.iter().all(|d| d["severity"] == "error"));
    assert_eq!(items[0]["rule"], "front-matter");
    assert_eq!(items[0]["line"], 4);
}

#[test]
fn output_overlapping_content_is_refused_with_exit_2() {
    let repo = common::repo();
    for out in ["content", ".", "content/nl-NL/out"] {
        let output = kbgen(&repo, &["build", "--out", out]);
        assert_eq!(output.status.code(), Some(2), "--out {out}");
        assert!(
            stderr(&output).contains("overlaps the content directory"),
            "{}",
            stderr(&output)
        );
    }
    assert!(!repo.join("content/nl-NL/out").exists());
}

#[test]
fn usage_errors_exit_2() {
    let output = kbgen(&common::repo(), &["build", "--no-such-flag"]);
    assert_eq!(output.status.code(), Some(2));
    let output = kbgen(&common::repo(), &["check", "--content", "does-not-exist"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("kbgen: error: does-not-exist: "),
        "{}",
        stderr(&output)
    );
}

#[test]
fn model_resolves_docfx_extensions_and_reports_include_errors() {
    let dir = common::repo().join("tests/fixtures/docfx");
    let output = kbgen(&dir, &["model", "extensions"]);
    let expected = fs::read_to_string(dir.join("expected-model-stderr.txt")).unwrap();
    assert_eq!(stderr(&output), expected);
    assert_eq!(
        output.status.code(),
        Some(1),
        "include-outside and include-cycle are errors"
    );
    let model: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let intro: Vec<String> = model["intro"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let detail = ["kind", "path", "url", "class"]
                .iter()
                .find_map(|k| b[*k].as_str())
                .unwrap_or("");
            format!("{}:{detail}", b["type"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        intro,
        [
            "include:../includes/intro.md",
            "include:../includes/missing.md",
            "include:../../outside.md",
            "include:../includes/cycle-a.md",
            "video:https://videos.example/embed/1",
            "video:https://videos.example/embed/2",
            "image:media/screen.png",
            "div:op_single_selector",
            "list:",
            "marker:zone",
            "marker:tab",
        ]
    );
    assert_eq!(model["intro"][0]["resolved"], true);
    assert_eq!(model["intro"][0]["blocks"][0]["kind"], "note");
    assert_eq!(model["intro"][1]["resolved"], false);
    assert_eq!(model["intro"][6]["alt"], "The admin center screen");
    let steps = model["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[0]["key"], "step-1-sign-in");
    assert_eq!(steps[0]["blocks"][0]["kind"], "caution");
    assert_eq!(steps[0]["substeps"].as_array().unwrap().len(), 2);
    assert_eq!(steps[1]["optional"], true);
    assert_eq!(steps[1]["title"][0]["text"], "Check");
    let kinds: Vec<&str> = steps[1]["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["tip", "warning"]);
}

#[test]
fn model_of_a_slug_defaults_to_en_us_and_takes_a_locale() {
    let repo = common::repo();
    let slug = "responding-to-a-compromised-email-account";
    let en = kbgen(&repo, &["model", slug]);
    assert_eq!(en.status.code(), Some(0), "{}", stderr(&en));
    let en: serde_json::Value = serde_json::from_slice(&en.stdout).unwrap();
    assert_eq!(en["locale"], "en-US");
    assert_eq!(
        en["title"][0]["text"],
        "Responding to a Compromised Email Account"
    );
    let nl = kbgen(&repo, &["model", slug, "--locale", "nl-NL"]);
    let nl: serde_json::Value = serde_json::from_slice(&nl.stdout).unwrap();
    assert_eq!(nl["locale"], "nl-NL");
    let file = kbgen(
        &repo,
        &[
            "model",
            "content/sv-SE/recommended-steps-to-take-if-an-account-is-compromised.md",
        ],
    );
    let sv: serde_json::Value = serde_json::from_slice(&file.stdout).unwrap();
    assert_eq!(sv["locale"], "sv-SE");
    assert_eq!(sv["steps"].as_array().unwrap().len(), 5);
    let missing = kbgen(&repo, &["model", "no-such-article"]);
    assert_eq!(missing.status.code(), Some(2));
    let absent = kbgen(&repo, &["model", slug, "--locale", "sv-SE"]);
    assert_eq!(absent.status.code(), Some(2));
    assert!(
        stderr(&absent).contains("has no sv-SE version"),
        "{}",
        stderr(&absent)
    );
}

#[test]
fn checklist_command_negotiates_the_locale() {
    let repo = common::repo();
    let slug = "recommended-steps-to-take-if-an-account-is-compromised";
    let nl = kbgen(&repo, &["checklist", slug, "--locale", "nl"]);
    assert_eq!(nl.status.code(), Some(0), "{}", stderr(&nl));
    let text = String::from_utf8(nl.stdout).unwrap();
    assert!(
        text.starts_with("# Checklist: Aanbevolen stappen voor getroffen accounts\n"),
        "{text}"
    );
    assert_eq!(text.matches("- [ ] **Stap ").count(), 5);
    let sv = kbgen(
        &repo,
        &["checklist", slug, "--locale", "sv", "--format", "txt"],
    );
    assert!(
        String::from_utf8(sv.stdout)
            .unwrap()
            .starts_with("Checklista: ")
    );
    let de = kbgen(&repo, &["checklist", slug, "--locale", "de-DE"]);
    assert_eq!(de.status.code(), Some(0));
    assert!(
        String::from_utf8(de.stdout.clone())
            .unwrap()
            .starts_with("# Checklist: Recommended steps")
    );
    assert!(stderr(&de).contains("note: `recommended-steps-to-take-if-an-account-is-compromised` is not available in de-DE; showing en-US"), "{}", stderr(&de));
}

#[test]
fn a_closed_stdout_ends_every_printing_command_quietly() {
    let commands: [&[&str]; 5] = [
        &["model", "responding-to-a-compromised-email-account"],
        &["check", "--format", "json"],
        &["export", "--format", "tmx"],
        &[
            "checklist",
            "responding-to-a-compromised-email-account",
            "--locale",
            "nl-NL",
        ],
        &[
            "notify",
            "account-compromised",
            "--recipients",
            "content/notices/recipients.sample.csv",
            "--dry-run",
        ],
    ];
    for args in commands {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kbgen"))
            .current_dir(common::repo())
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // the reader goes away before kbgen writes (as `| head -0` would)
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
        assert_ne!(output.status.code(), Some(101), "{args:?}: {stderr}");
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

#[test]
fn paths_and_locales_the_user_named_must_match_something() {
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().to_str().unwrap();
    for (args, expected) in [
        (
            vec!["build", "--out", out_dir, "--locale", "de"],
            "--locale de matches no locale of content (it has: en-US, nl-NL, sv-SE)",
        ),
        (
            vec!["export", "--format", "tmx", "--locale", "fr-FR"],
            "--locale fr-FR matches no locale",
        ),
        (
            vec!["build", "--out", out_dir, "--templates", "no-such-dir"],
            "--templates no-such-dir: no such directory",
        ),
        (
            vec!["check", "--locales-dir", "no-such-dir"],
            "--locales-dir no-such-dir: no such directory",
        ),
    ] {
        let output = common::kbgen(&common::repo(), &args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    // a language the content has in one region is that locale, as `checklist --locale nl` is
    let output = common::kbgen(
        &common::repo(),
        &["build", "--out", out_dir, "--locale", "nl"],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        out.path()
            .join("site/nl-NL/responding-to-a-compromised-email-account.html")
            .is_file()
    );
    assert!(!out.path().join("site/sv-SE").exists());
}

#[test]
fn the_base_url_is_an_absolute_web_address_and_is_encoded() {
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().to_str().unwrap();
    let output = common::kbgen(
        &common::repo(),
        &["build", "--out", out_dir, "--base-url", "example.com/docs"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--base-url example.com/docs: "));
    let output = common::kbgen(
        &common::repo(),
        &[
            "build",
            "--out",
            out_dir,
            "--base-url",
            "https://help.example.com/my docs",
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let sitemap = std::fs::read_to_string(out.path().join("site/sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://help.example.com/my%20docs/nl-NL/"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("my docs"), "{sitemap}");
}

#[test]
fn completions_and_the_manual_page_know_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = common::kbgen(&common::repo(), &["completions", shell]);
        let script = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{shell}");
        for word in ["checklist", "notify", "record", "resend-unknown"] {
            assert!(script.contains(word), "{shell}: {word}");
        }
    }
    let output = common::kbgen(&common::repo(), &["man"]);
    let page = String::from_utf8_lossy(&output.stdout);
    assert!(page.contains(".TH kbgen 1"), "{page}");
    for command in ["build", "check", "model", "checklist", "notify", "export"] {
        assert!(page.contains(&format!("kbgen\\-{command}")), "{command}");
    }
}

#[test]
fn quiet_verbose_and_color_shape_what_check_says() {
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_kbgen"))
            .current_dir(common::repo())
            .args(args)
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .envs(env.iter().copied())
            .output()
            .unwrap();
        (
            String::from_utf8_lossy(&output.stdout).to_string(),
            String::from_utf8_lossy(&output.stderr).to_string(),
        )
    };
    let (stdout, stderr) = run(&["check"], &[]);
    assert!(stderr.contains("warning["), "{stderr}");
    assert!(stdout.starts_with("kbgen: checked "), "{stdout}");
    assert!(!stderr.contains('\u{1b}'), "no colour off a terminal");
    // quiet: errors only, no summary (the default content has warnings and no error)
    let (stdout, stderr) = run(&["check", "-q"], &[]);
    assert!(stdout.is_empty() && stderr.is_empty(), "{stdout}{stderr}");
    // verbose: the line under each diagnostic, a caret under its column
    let (_, stderr) = run(&["check", "--verbose"], &[]);
    let lines: Vec<&str> = stderr.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("warning[mojibake]"))
        .unwrap();
    assert!(lines[at + 2].contains(" | "), "{stderr}");
    assert!(lines[at + 3].trim_end().ends_with('^'), "{stderr}");
    // colour when asked, or forced
    for (args, env) in [
        (vec!["check", "--color", "always"], vec![]),
        (vec!["check"], vec![("CLICOLOR_FORCE", "1")]),
    ] {
        let (_, stderr) = run(&args, &env);
        assert!(
            stderr.contains("\u{1b}[1m") && stderr.contains("warning["),
            "{args:?} {env:?}"
        );
    }
    let (_, stderr) = run(&["check", "--color", "never"], &[("CLICOLOR_FORCE", "1")]);
    assert!(!stderr.contains('\u{1b}'));
    // kbgen's own notes are quiet too (here: the article falls back to English)
    let fallback = [
        "checklist",
        "responding-to-a-compromised-email-account",
        "--locale",
        "sv",
    ];
    let (_, stderr) = run(&fallback, &[]);
    assert!(stderr.contains("kbgen: note: "), "{stderr}");
    let quiet: Vec<&str> = fallback.iter().copied().chain(["-q"]).collect();
    let (stdout, stderr) = run(&quiet, &[]);
    assert!(stderr.is_empty(), "{stderr}");
    assert!(
        stdout.starts_with("# "),
        "the checklist itself is still printed"
    );
}

#[test]
fn init_starts_a_project_that_builds_clean_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("help");
    let project_arg = project.to_str().unwrap();
    let output = common::kbgen(&common::repo(), &["init", project_arg, "--eject-templates"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // the ejected templates are the embedded ones, ready to edit
    for (name, text) in kbgen::templates::TEMPLATES
        .iter()
        .chain(kbgen::templates::ASSETS)
    {
        assert_eq!(
            std::fs::read_to_string(project.join("templates").join(name)).unwrap(),
            *text,
            "{name}"
        );
    }
    // the project file says where everything is: a build in the project folder needs no flags
    let out = project.join("out");
    let output = common::kbgen(&project, &["build"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("0 errors, 0 warnings"), "{stdout}");
    // the example is bilingual: a Dutch and an English page, each a checklist of two steps
    for locale in ["nl-NL", "en-US"] {
        let page = std::fs::read_to_string(
            out.join(format!("site/{locale}/getting-started.checklist.html")),
        )
        .unwrap();
        assert_eq!(
            page.matches("data-step=\"step-").count(),
            4,
            "{locale}: 2 steps, 2 sub-steps"
        );
        assert!(page.contains("data-optional"), "{locale}");
    }
    // a second init overwrites nothing
    let config = project.join("kbgen.toml");
    assert!(
        std::fs::read_to_string(&config)
            .unwrap()
            .contains("\ntemplates = \"templates\""),
        "the ejected templates are used"
    );
    let before = std::fs::read(&config).unwrap();
    std::fs::write(&config, "[check]\nterms = [\"Contoso\"]\n").unwrap();
    let output = common::kbgen(&common::repo(), &["init", project_arg]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("init would overwrite"));
    assert_ne!(std::fs::read(&config).unwrap(), before, "kept the user's");
}
