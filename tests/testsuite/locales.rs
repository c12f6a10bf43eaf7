//! Every locale: a right-to-left (ar-SA, and he-IL with a locale folder of two strings) and a
//! CJK (ja-JP) site from `tests/fixtures/rtl-cjk`: direction from the language identifier, the
//! same step keys in every locale, step headings in CJK forms, inline bookmarks, unique ids,
//! the Nu HTML Checker, and Chromium (no overflow, boxes on the reading side, axe).

use crate::common;

use std::collections::HashSet;
use std::path::Path;

use scraper::{Html, Selector};

fn fixture() -> std::path::PathBuf {
    common::repo().join("tests/fixtures/rtl-cjk")
}

fn build() -> tempfile::TempDir {
    let fixture = fixture();
    let locales = fixture.join("locales");
    let (out, output) = common::build_into(
        &fixture.join("content"),
        &["--locales-dir", locales.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    out
}

fn page(out: &Path, path: &str) -> Html {
    Html::parse_document(&std::fs::read_to_string(out.join("site").join(path)).unwrap())
}

fn attr(doc: &Html, css: &str, name: &str) -> String {
    let element = doc
        .select(&Selector::parse(css).unwrap())
        .next()
        .unwrap_or_else(|| panic!("no {css}"));
    element.value().attr(name).unwrap_or_default().to_string()
}

#[test]
fn direction_comes_from_the_language_on_pages_and_blocks() {
    let out = build();
    for (path, dir) in [
        ("ar-SA/reset-a-password.html", "rtl"),
        ("ar-SA/reset-a-password.checklist.html", "rtl"),
        ("ar-SA/index.html", "rtl"),
        ("he-IL/index.html", "rtl"),
        ("he-IL/reset-a-password.html", "rtl"),
        ("ja-JP/reset-a-password.html", "ltr"),
        ("en-US/reset-a-password.html", "ltr"),
    ] {
        assert_eq!(attr(&page(out.path(), path), "html", "dir"), dir, "{path}");
    }
    // a Japanese article shown on an Arabic page keeps its own language and direction
    let fallback = page(out.path(), "ar-SA/stop-sharing.html");
    assert_eq!(attr(&fallback, "article", "lang"), "ja-JP");
    assert_eq!(attr(&fallback, "article", "dir"), "ltr");
    // its banner is the page's words, in the page's direction
    assert_eq!(attr(&fallback, ".banner-fallback", "dir"), "rtl");
    assert_eq!(attr(&fallback, ".banner-fallback", "lang"), "ar-SA");
    // a locale with two strings of its own names the real languages in its fallback banner
    let hebrew = std::fs::read_to_string(out.path().join("site/he-IL/stop-sharing.html")).unwrap();
    assert!(
        hebrew.contains("not available in עברית. It is shown in Japanese."),
        "{hebrew}"
    );
    // the switcher names each language in that language, also without strings of its own
    let switcher = page(out.path(), "ja-JP/reset-a-password.html");
    let names: Vec<String> = switcher
        .select(&Selector::parse(".language-switcher a").unwrap())
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(names, ["العربية", "English", "עברית", "日本語"]);
    assert_eq!(
        attr(&switcher, ".language-switcher a[hreflang=he-IL]", "dir"),
        "rtl"
    );
}

#[test]
fn every_locale_gets_the_same_step_keys_and_cjk_headings_are_steps() {
    let out = build();
    let keys = |locale: &str, slug: &str| -> Vec<(String, bool)> {
        let text = std::fs::read_to_string(
            out.path()
                .join("model")
                .join(locale)
                .join(format!("{slug}.json")),
        )
        .unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut found = Vec::new();
        fn walk(value: &serde_json::Value, found: &mut Vec<(String, bool)>) {
            match value {
                serde_json::Value::Object(map) => {
                    if let (Some(key), Some(optional)) = (map.get("key"), map.get("optional")) {
                        found.push((
                            key.as_str().unwrap().to_string(),
                            optional.as_bool().unwrap(),
                        ));
                    }
                    map.values().for_each(|v| walk(v, found));
                }
                serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, found)),
                _ => {}
            }
        }
        walk(&json, &mut found);
        found
    };
    let en = keys("en-US", "reset-a-password");
    assert!(
        en.contains(&("step-1-sign-in/2/b".to_string(), false)),
        "{en:?}"
    );
    assert!(en.contains(&("step-2-optional-notify".to_string(), true)));
    // Arabic writes the letters `أ.` `ب.` and Japanese keeps `a.` `b.`: the keys are the same
    assert_eq!(keys("ar-SA", "reset-a-password"), en);
    assert_eq!(keys("ja-JP", "reset-a-password"), en);
    // `手順1：` and `手順２（省略可能）：`, the second twice
    assert_eq!(
        keys("ja-JP", "stop-sharing"),
        [
            ("step-1".to_string(), false),
            ("step-2".to_string(), true),
            ("step-2~2".to_string(), true)
        ]
    );
}

#[test]
fn pages_have_unique_ids_and_keep_inline_bookmarks() {
    let out = build();
    let ids = Selector::parse("[id]").unwrap();
    let files = common::html_files(&out.path().join("site"));
    assert!(files.len() >= 15);
    for file in &files {
        let doc = Html::parse_document(&std::fs::read_to_string(file).unwrap());
        let mut seen = HashSet::new();
        for element in doc.select(&ids) {
            let id = element.value().attr("id").unwrap();
            assert!(
                seen.insert(id.to_string()),
                "{}: id {id} twice",
                file.display()
            );
        }
    }
    let article = page(out.path(), "ar-SA/reset-a-password.html");
    assert_eq!(attr(&article, "a[id=BK_before]", "id"), "BK_before");
    assert_eq!(
        attr(&article, "a[href=\"#BK_before\"]", "href"),
        "#BK_before"
    );
    // and the link rules count the bookmark as a target
    let output = common::kbgen(
        &common::repo(),
        &[
            "check",
            "--content",
            fixture().join("content").to_str().unwrap(),
        ],
    );
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(!report.contains("broken-anchor"), "{report}");
    assert!(report.contains("machine-translated"), "{report}");
}

#[test]
fn right_to_left_and_cjk_pages_validate_with_the_nu_html_checker() {
    let out = build();
    let files = common::html_files(&out.path().join("site"));
    if let Some(report) = common::vnu_errors(&files) {
        assert!(report.is_empty(), "vnu errors:\n{report}");
    }
}

#[test]
fn right_to_left_pages_fit_and_put_boxes_on_the_reading_side_in_chromium() {
    let out = build();
    let Some(report) = common::browser("rtl.mjs", &out.path().join("site")) else {
        return;
    };
    assert!(report.contains("checkbox /ar-SA/reset-a-password.checklist.html at 390 px: right"));
}

/// The ids of an HTML page (a scan of `id="…"` attributes: pages are serialized by ammonia and
/// Tera with double quotes).
fn ids_of(html: &str) -> Vec<&str> {
    html.match_indices(" id=\"")
        .filter_map(|(at, found)| {
            let rest = &html[at + found.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

#[test]
fn no_page_of_any_corpus_has_a_duplicate_id() {
    use kbgen::library::Versions;
    use kbgen::locale::Locale;
    use kbgen::render::site::{Site, SiteOptions, render_article};
    use rayon::prelude::*;
    let strings = kbgen::l10n::Strings::embedded();
    let templates = kbgen::templates::Templates::load(None).unwrap();
    let words = kbgen::model::recognition::RecognitionSet::embedded();
    let options = SiteOptions::default();
    for root in common::corpora() {
        let pairs = kbgen::fidelity::read_manifest(&root).unwrap();
        let duplicates: Vec<String> = pairs
            .par_iter()
            .flat_map_iter(|pair| {
                let text = std::fs::read_to_string(pair.sxs(&root)).unwrap();
                let (target, source) =
                    kbgen::modelling::models_of_text(&pair.name, &pair.locale, text, &words);
                let mut articles = std::collections::BTreeMap::new();
                let locale: Locale = pair.locale.parse().unwrap();
                articles.insert(locale.clone(), target);
                articles.extend(source.map(|s| (Locale::en_us(), s)));
                let locales: Vec<Locale> = articles.keys().cloned().collect();
                let versions = Versions {
                    slug: pair.name.clone(),
                    files: Vec::new(),
                    source: None,
                    articles,
                    includes: Default::default(),
                    media: Default::default(),
                    sources: Default::default(),
                };
                let links = kbgen::render::links::LinkMap::new([pair.name.clone()]);
                let site = Site {
                    strings: &strings,
                    templates: &templates,
                    options: &options,
                    locales: &locales,
                    links: &links,
                    navigation: &Default::default(),
                };
                let (pages, _) = render_article(&site, &versions).unwrap();
                pages
                    .into_iter()
                    .filter_map(|page| {
                        let html = String::from_utf8(page.bytes).unwrap();
                        let ids = ids_of(&html);
                        let unique: HashSet<&str> = ids.iter().copied().collect();
                        (unique.len() != ids.len()).then(|| page.path.display().to_string())
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        eprintln!(
            "{}: {} files, pages with unique ids",
            root.display(),
            pairs.len()
        );
        assert!(duplicates.is_empty(), "duplicate ids in {duplicates:?}");
    }
}

#[test]
fn a_sample_of_arabic_and_japanese_corpus_pages_validates() {
    let Some(root) = common::corpora()
        .into_iter()
        .find(|r| r.ends_with("corpus-rtl-cjk"))
    else {
        return;
    };
    // every 40th article of each locale: about 70 articles, 300 pages in both directions
    let content = tempfile::tempdir().unwrap();
    let pairs = kbgen::fidelity::read_manifest(&root).unwrap();
    for pair in pairs.iter().step_by(40) {
        let dir = content.path().join(&pair.locale);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(pair.sxs(&root), dir.join(format!("{}.md", pair.name))).unwrap();
    }
    let (out, output) = common::build_into(content.path(), &[]);
    assert!(output.status.code().is_some_and(|c| c <= 1), "{output:?}");
    let files = common::html_files(&out.path().join("site"));
    assert!(files.len() > 200, "{} pages", files.len());
    let arabic = std::fs::read_to_string(out.path().join("site/ar-SA/index.html")).unwrap();
    assert!(arabic.contains("<html lang=\"ar-SA\" dir=\"rtl\">"));
    if let Some(report) = common::vnu_errors(&files) {
        assert!(report.is_empty(), "vnu errors:\n{report}");
        eprintln!(
            "vnu: {} ar-SA, ja-JP and en-US pages, no errors",
            files.len()
        );
    }
}
