//! Bounded work on hostile content shapes: include fan-out and special files, repeated headings.

use crate::common;

use std::fs;
use std::path::Path;

/// A content tree whose article includes `fan` files, each including `fan` more, `depth` deep.
fn include_tree(root: &Path, fan: usize, depth: usize) {
    let dir = root.join("nl-NL");
    fs::create_dir_all(&dir).unwrap();
    let markers = |level: usize| -> String {
        (0..fan)
            .map(|i| format!("[!INCLUDE [x](level{level}-{i}.md)]\n\n"))
            .collect()
    };
    fs::write(
        dir.join("article.md"),
        format!("---\ntitle: Bom\n---\n# Bom\n\n{}", markers(1)),
    )
    .unwrap();
    for level in 1..=depth {
        for i in 0..fan {
            let body = if level < depth {
                markers(level + 1)
            } else {
                format!("Blad {i}.\n")
            };
            fs::write(dir.join(format!("level{level}-{i}.md")), body).unwrap();
        }
    }
}

/// `kbgen model` of `nl-NL/article.md` in the content folder `content`: (model JSON, stderr).
fn model_of_article(content: &Path) -> (String, String) {
    let output = common::kbgen(
        &common::repo(),
        &[
            "model",
            content.join("nl-NL/article.md").to_str().unwrap(),
            "--content",
            content.to_str().unwrap(),
        ],
    );
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn include_fan_out_is_cut_at_the_budget_with_one_error() {
    let content = tempfile::tempdir().unwrap();
    // 8 includes per level over 6 levels: 300,000 copies unbounded
    include_tree(content.path(), 8, 6);
    let (model, stderr) = model_of_article(content.path());
    assert_eq!(stderr.matches("include-too-large").count(), 1, "{stderr}");
    let leaves = model.matches("Blad ").count();
    assert!(
        leaves > 0 && leaves <= kbgen::include::MAX_INCLUDES,
        "{leaves}"
    );
}

#[cfg(unix)]
#[test]
fn an_include_of_a_fifo_is_refused_without_blocking() {
    let content = tempfile::tempdir().unwrap();
    let dir = content.path().join("nl-NL");
    fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    fs::write(
        dir.join("article.md"),
        "---\ntitle: Pijp\n---\n# Pijp\n\n[!INCLUDE [x](pipe.md)]\n\nTekst.\n",
    )
    .unwrap();
    let output = common::kbgen(
        &common::repo(),
        &[
            "model",
            dir.join("article.md").to_str().unwrap(),
            "--content",
            content.path().to_str().unwrap(),
        ],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is not a regular file"), "{stderr}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("Tekst."));
}

#[test]
fn twenty_thousand_identical_headings_model_in_one_pass() {
    let mut text = String::from("---\ntitle: Koppen\n---\n# Koppen\n\n");
    for _ in 0..20_000 {
        text.push_str("## Stap 1 Hetzelfde\n\nTekst.\n\n");
    }
    let words = kbgen::model::recognition::RecognitionSet::embedded();
    let (article, _) = kbgen::modelling::models_of_text("koppen", "nl-NL", text, &words);
    let keys: std::collections::HashSet<String> =
        article.all_steps().iter().map(|s| s.key.clone()).collect();
    assert_eq!(keys.len(), 20_000);
    assert!(keys.contains("step-1~20000"));
}

#[test]
fn a_file_of_too_many_elements_is_modelled_up_to_the_limit_and_reported() {
    let content = tempfile::tempdir().unwrap();
    let dir = content.path().join("nl-NL");
    fs::create_dir_all(&dir).unwrap();
    let spans = kbgen::model::parse::MAX_EVENTS; // two events each: text and code
    let mut text = String::from("---\ntitle: Code\n---\n# Code\n\n");
    text.push_str(&"`a` ".repeat(spans));
    text.push_str("\n\nEinde.\n");
    fs::write(dir.join("code.md"), text).unwrap();
    let output = common::kbgen(
        &common::repo(),
        &["check", "--content", content.path().to_str().unwrap()],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let line = stderr
        .lines()
        .find(|l| l.contains("error[file-too-complex]"))
        .unwrap_or_else(|| panic!("{stderr}"));
    // located where the model stops: line 6 of the file, past column 1
    assert!(line.contains("code.md:6:"), "{line}");
}

#[cfg(unix)]
#[test]
fn names_that_would_replace_a_page_or_cannot_be_written_are_reported_and_the_rest_is_built() {
    let content = tempfile::tempdir().unwrap();
    let nl = content.path().join("nl-NL");
    fs::create_dir_all(&nl).unwrap();
    let article = |title: &str| format!("---\ntitle: {title}\n---\n# {title}\n\n1. Stap een.\n");
    fs::write(nl.join("a.md"), article("A")).unwrap();
    fs::write(nl.join("a.checklist.md"), article("Vals")).unwrap();
    fs::write(nl.join("index.md"), article("Index")).unwrap();
    let long = "l".repeat(245);
    fs::write(nl.join(format!("{long}.md")), article("Lang")).unwrap();
    fs::create_dir_all(content.path().join("nl_NL")).unwrap();
    fs::write(content.path().join("nl_NL/b.md"), article("B")).unwrap();
    std::os::unix::fs::symlink(&nl, content.path().join("sv-SE")).unwrap();
    let (out, output) = common::build_into(content.path(), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    for expected in [
        "a.checklist.md:1:1: error[file-name]: the page of `a.checklist` would replace the checklist page of `a`",
        "index.md:1:1: error[file-name]: the page of `index` would replace the locale's index page",
        "error[file-name]: the file name is too long for its outputs",
        "nl_NL:1:1: error[locale-folder]: `nl_NL` is the same locale as `nl-NL`",
        "sv-SE:1:1: warning[locale-folder]: a locale folder that is a symbolic link is not followed",
    ] {
        assert!(
            stderr.contains(expected),
            "missing `{expected}` in:\n{stderr}"
        );
    }
    // the rest is built, and the pages kbgen makes are its own
    let checklist = fs::read_to_string(out.path().join("site/nl-NL/a.checklist.html")).unwrap();
    assert!(checklist.contains("Checklist: A"));
    assert!(!checklist.contains("Vals"));
    let index = fs::read_to_string(out.path().join("site/nl-NL/index.html")).unwrap();
    assert!(index.contains("class=\"article-index\""));
    assert!(!out.path().join("site/sv-SE").exists());
}

#[test]
fn an_include_shared_by_many_articles_is_read_once_per_side() {
    let content = tempfile::tempdir().unwrap();
    let dir = content.path().join("nl-NL");
    let includes = content.path().join("includes");
    fs::create_dir_all(&dir).unwrap();
    fs::create_dir_all(&includes).unwrap();
    fs::write(
        includes.join("shared.md"),
        "<span data-ttu-id=\"s-1\">Gedeelde tekst.</span><span class=\"sxs-lookup\"><span data-stu-id=\"s-1\">Shared text.</span></span>\n",
    )
    .unwrap();
    for n in 0..20 {
        fs::write(
            dir.join(format!("article{n}.md")),
            format!(
                "---\ntitle: A{n}\nms.contentlocale: nl-NL\n---\n# <span data-ttu-id=\"a-1\">Artikel {n}</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">Article {n}</span></span>\n\n[!INCLUDE [x](../includes/shared.md)]\n\n[!INCLUDE [x](../includes/shared.md)]\n"
            ),
        )
        .unwrap();
    }
    let index = kbgen::index::Index::scan(content.path()).unwrap();
    let words = kbgen::model::recognition::RecognitionSet::embedded();
    for slug in index.articles.keys() {
        let (versions, _) = kbgen::library::Versions::load(&index, slug, &words).unwrap();
        for article in versions.articles.values() {
            let text = serde_json::to_string(article).unwrap();
            let expected = if article.locale == "en-US" {
                "Shared text."
            } else {
                "Gedeelde tekst."
            };
            assert!(text.contains(expected), "{}: {text}", article.locale);
        }
    }
    // 40 uses on each side (20 articles, 2 markers each): read and parsed once per side
    assert_eq!(index.includes.reads(), 2);
}

#[test]
fn an_article_that_names_its_product_by_include_hundreds_of_times_is_whole() {
    // SQL Server's docs: every mention of the product is `[!INCLUDE[ssNoVersion](…)]`
    let content = tempfile::tempdir().unwrap();
    let dir = content.path().join("nl-NL");
    fs::create_dir_all(content.path().join("includes")).unwrap();
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        content.path().join("includes/ssnoversion-md.md"),
        "---\nms.contentlocale: nl-NL\n---\n SQL Server \n",
    )
    .unwrap();
    let paragraphs: String = (0..600)
        .map(|i| {
            format!("Alinea {i} over [!INCLUDE[ssNoVersion](../includes/ssnoversion-md.md)].\n\n")
        })
        .collect();
    fs::write(
        dir.join("article.md"),
        format!("---\ntitle: Lang\n---\n# Lang\n\n{paragraphs}"),
    )
    .unwrap();
    let (model, stderr) = model_of_article(content.path());
    assert!(!stderr.contains("include-"), "{stderr}");
    assert_eq!(model.matches("over SQL Server.").count(), 600);
    assert!(!model.contains("INCLUDE"));
}

#[test]
fn a_paragraph_of_forty_thousand_marker_lines_models_without_deep_calls() {
    // nearly every line a block of its own (`:::`, `[!div]`, `[!INCLUDE]`): read in one pass, so
    // neither the stack nor the time grows with the lines of one paragraph
    let content = tempfile::tempdir().unwrap();
    let dir = content.path().join("nl-NL");
    fs::create_dir_all(&dir).unwrap();
    let lines: String = (0..10_000)
        .map(|i| {
            format!(
                "> :::row:::\n> [!div class=\"c{i}\"]\n> [!INCLUDE[x](missing-{i}.md)]\n> tekst {i}\n"
            )
        })
        .collect();
    fs::write(
        dir.join("article.md"),
        format!("---\ntitle: Lang\n---\n# Lang\n\n> [!div class=\"start\"]\n{lines}"),
    )
    .unwrap();
    let (model, stderr) = model_of_article(content.path());
    assert!(stderr.contains("include-missing"), "{stderr}");
    assert!(!stderr.contains("file-too-complex"), "{stderr}");
    let model: serde_json::Value = serde_json::from_str(&model).unwrap();
    let kinds = |kind: &str| {
        model["intro"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["type"] == kind)
            .count()
    };
    assert_eq!(kinds("div"), 10_001);
    assert_eq!(kinds("marker"), 10_000);
    assert_eq!(kinds("include"), 10_000);
    assert_eq!(kinds("paragraph"), 10_000);
}
