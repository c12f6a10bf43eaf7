//! The static site and checklists built from content: structure, fallback, safety, and the
//! independent validators (W3C Nu HTML Checker; axe-core and tick persistence in Chromium).
//!
//! The validator tests need Java with `node_modules/vnu-jar` and Node with Chromium
//! (`.ci/run` installs them). Outside CI they print `SKIPPED:` when a tool is missing; in CI
//! (`CI` set) a missing tool fails the test.

use crate::common;

use std::fs;
use std::path::Path;
use std::process::Command;

use scraper::{Html, Selector};

fn build(content: &Path) -> (tempfile::TempDir, String) {
    build_with(content, &[])
}

fn build_with(content: &Path, extra: &[&str]) -> (tempfile::TempDir, String) {
    let out = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .current_dir(common::repo())
        .args([
            "build",
            "--content",
            content.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
        ])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        output.status.code() == Some(0) || output.status.code() == Some(1),
        "{output:?}"
    );
    (out, String::from_utf8(output.stderr).unwrap())
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

/// The ids on a page, in order, asserted to be unique (`what` names the page in a failure).
fn unique_ids(doc: &Html, what: &str) -> Vec<String> {
    let ids: Vec<String> = select(doc, "[id]")
        .iter()
        .map(|e| e.value().attr("id").unwrap().to_string())
        .collect();
    let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{what}: repeated ids in {ids:?}");
    ids
}

const RESPONDING: &str = "responding-to-a-compromised-email-account";
const RECOMMENDED: &str = "recommended-steps-to-take-if-an-account-is-compromised";

#[test]
fn site_has_every_page_with_fallback_alternates_and_sitemap() {
    let (out, _) = build(&common::repo().join("content"));
    let site = out.path().join("site");
    for locale in ["en-US", "nl-NL", "sv-SE"] {
        for slug in [RESPONDING, RECOMMENDED] {
            assert!(
                site.join(locale).join(format!("{slug}.html")).is_file(),
                "{locale}/{slug}"
            );
            assert!(
                site.join(locale)
                    .join(format!("{slug}.checklist.html"))
                    .is_file()
            );
        }
        let index = Html::parse_document(
            &fs::read_to_string(site.join(locale).join("index.html")).unwrap(),
        );
        assert_eq!(
            select(&index, "ul.article-index > li").len(),
            2,
            "{locale} lists both articles"
        );
    }
    // sv-SE lacks the responding article: served from en-US with a visible banner
    let sv = Html::parse_document(
        &fs::read_to_string(site.join("sv-SE").join(format!("{RESPONDING}.html"))).unwrap(),
    );
    assert_eq!(select(&sv, "html")[0].value().attr("lang"), Some("sv-SE"));
    assert_eq!(
        select(&sv, "article")[0].value().attr("lang"),
        Some("en-US")
    );
    let banner = select(&sv, ".banner-fallback")[0]
        .text()
        .collect::<String>();
    assert_eq!(
        banner,
        "Den här artikeln finns inte på svenska. Den visas på engelska."
    );
    let sv_index = fs::read_to_string(site.join("sv-SE/index.html")).unwrap();
    assert!(
        sv_index.contains("på engelska"),
        "the index marks the fallback"
    );
    // hreflang alternates: the real versions and x-default
    let nl = Html::parse_document(
        &fs::read_to_string(site.join("nl-NL").join(format!("{RECOMMENDED}.html"))).unwrap(),
    );
    let hreflangs: Vec<&str> = select(&nl, "link[rel=alternate]")
        .iter()
        .filter_map(|l| l.value().attr("hreflang"))
        .collect();
    assert_eq!(hreflangs, ["en-US", "nl-NL", "sv-SE", "x-default"]);
    assert!(
        select(&nl, "link[rel=canonical]")[0]
            .value()
            .attr("href")
            .unwrap()
            .ends_with("/nl-NL/recommended-steps-to-take-if-an-account-is-compromised.html")
    );
    // language switcher links to the same article in every locale
    let switcher: Vec<&str> = select(&nl, ".language-switcher a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        switcher,
        [
            "../en-US/recommended-steps-to-take-if-an-account-is-compromised.html",
            "../nl-NL/recommended-steps-to-take-if-an-account-is-compromised.html",
            "../sv-SE/recommended-steps-to-take-if-an-account-is-compromised.html",
        ]
    );
    // steps, optional badges, callouts with localized labels, a table of contents
    let nl_resp = Html::parse_document(
        &fs::read_to_string(site.join("nl-NL").join(format!("{RESPONDING}.html"))).unwrap(),
    );
    assert_eq!(select(&nl_resp, "ol.steps > li").len(), 7);
    assert_eq!(
        select(&nl_resp, "ol.steps > li.optional .step-title .badge").len(),
        3
    );
    assert_eq!(
        select(&nl_resp, ".callout-important .callout-label")[0]
            .text()
            .collect::<String>(),
        "Belangrijk"
    );
    assert!(select(&nl_resp, "nav.toc a").len() >= 12);
    // the sitemap lists the five real pages with alternates
    let sitemap = fs::read_to_string(site.join("sitemap.xml")).unwrap();
    assert_eq!(sitemap.matches("<loc>").count(), 5);
    assert!(sitemap.contains("hreflang=\"x-default\""));
    // no external resources: every stylesheet, script and image is local
    for file in common::html_files(&site) {
        let doc = Html::parse_document(&fs::read_to_string(&file).unwrap());
        for link in select(&doc, "link[rel=stylesheet], script[src]") {
            let target = link
                .value()
                .attr("href")
                .or(link.value().attr("src"))
                .unwrap();
            assert!(!target.contains("://"), "{}: {target}", file.display());
        }
    }
    assert!(site.join("style.css").is_file());
}

#[test]
fn checklist_pages_key_checkboxes_by_locale_independent_step_keys() {
    let (out, _) = build(&common::repo().join("content"));
    let keys = |locale: &str| -> Vec<String> {
        let page = fs::read_to_string(
            out.path()
                .join("site")
                .join(locale)
                .join(format!("{RESPONDING}.checklist.html")),
        )
        .unwrap();
        let doc = Html::parse_document(&page);
        select(&doc, "input[type=checkbox]")
            .iter()
            .map(|i| i.value().attr("data-step").unwrap().to_string())
            .collect()
    };
    let nl = keys("nl-NL");
    assert_eq!(nl.len(), 35, "7 steps and 28 sub-steps");
    assert_eq!(nl, keys("en-US"));
    assert_eq!(nl, keys("sv-SE"));
    let page = fs::read_to_string(
        out.path()
            .join("site/nl-NL")
            .join(format!("{RESPONDING}.checklist.html")),
    )
    .unwrap();
    assert!(page.contains("data-slug=\"responding-to-a-compromised-email-account\""));
    // every sub-step names its parent step; an optional step's sub-steps are optional
    let doc = Html::parse_document(&page);
    // the progress line for each count of done required steps, in Dutch with its plural form
    let boxes = select(&doc, "input[data-step]").len();
    let required = boxes - select(&doc, "input[data-optional]").len();
    let article = select(&doc, "article[data-required]");
    let lines: Vec<String> =
        serde_json::from_str(article[0].value().attr("data-required").unwrap()).unwrap();
    assert_eq!(lines.len(), required + 1);
    assert_eq!(
        lines[0],
        format!("0 van {required} verplichte stappen klaar")
    );
    assert_eq!(
        lines[required],
        format!("{required} van {required} verplichte stappen klaar")
    );
    for sub in select(&doc, "input[data-parent]") {
        let parent = sub.value().attr("data-parent").unwrap();
        let key = sub.value().attr("data-step").unwrap();
        assert!(
            key.starts_with(&format!("{parent}/")),
            "{key} under {parent}"
        );
        let parent_optional = select(&doc, "input[data-step]").iter().any(|p| {
            p.value().attr("data-step") == Some(parent) && p.value().attr("data-optional").is_some()
        });
        if parent_optional {
            assert!(sub.value().attr("data-optional").is_some(), "{key}");
        }
    }
    // steps are headings of the outline: h2 under the h1 (h3 under a section's h2)
    assert_eq!(
        select(&doc, ":is(h2, h3) > input[data-step]:not([data-parent])").len(),
        7
    );
}

#[test]
fn hostile_content_renders_nothing_active() {
    let (out, stderr) = build(&common::repo().join("tests/fixtures/hostile/content"));
    // kbgen's own scripts: the checklist's, and the language chooser's on the root page
    let scripts: Vec<String> = ["checklist.js", "languages.js", "source.js"]
        .iter()
        .map(|name| fs::read_to_string(common::repo().join("templates").join(name)).unwrap())
        .collect();
    let files = common::html_files(&out.path().join("site"));
    assert!(files.len() >= 6);
    for file in &files {
        let text = fs::read_to_string(file).unwrap();
        let doc = Html::parse_document(&text);
        for element in select(&doc, "*") {
            let name = element.value().name();
            assert!(
                !["iframe", "object", "embed", "style"].contains(&name),
                "{}: <{name}>",
                file.display()
            );
            for (attr, value) in element.value().attrs() {
                assert!(
                    !attr.starts_with("on"),
                    "{}: {attr}={value}",
                    file.display()
                );
                if ["href", "src", "action", "formaction"].contains(&attr) {
                    let scheme = kbgen::url::scheme(value);
                    assert!(
                        scheme.is_none()
                            || kbgen::render::links::SAFE_SCHEMES
                                .contains(&scheme.as_deref().unwrap()),
                        "{}: {attr}={value}",
                        file.display()
                    );
                }
            }
        }
        // content forges no control: every checkbox is kbgen's (its key is a real step's, and
        // only checklist pages have them); no form, button, select, textarea or label from it
        let checklist = file.to_string_lossy().ends_with(".checklist.html");
        // (content renders inside `main`; the header's search box is the page's own)
        for element in select(
            &doc,
            "main input, main label, main form, main button, main select, main textarea",
        ) {
            let name = element.value().name();
            // the article page's own toggle (the English of each block)
            if name == "button" && element.value().attr("data-action") == Some("show-source") {
                continue;
            }
            let own = checklist
                && match name {
                    "input" => {
                        element
                            .value()
                            .attr("data-step")
                            .is_some_and(|key| key != "forged" && key != "x")
                            || (element.value().attr("id")
                                == Some(&format!(
                                    "kbgen:run-{}",
                                    element.value().attr("name").unwrap_or_default()
                                )))
                    }
                    "label" => element.value().attr("for").is_some_and(|f| {
                        f.starts_with("kbgen:check-step-") || f.starts_with("kbgen:run-")
                    }),
                    // the toolbar's and the reset dialog's own buttons
                    "button" => element.value().attr("data-action").is_some(),
                    _ => false,
                };
            assert!(own, "{}: <{name}> from content", file.display());
        }
        assert!(!text.contains("Vals</label>"), "{}", file.display());
        // content gives no element a class or id of the page's own interface: inside the
        // article, only kbgen's step headings, boxes and labels carry them
        for element in select(&doc, ".steps [class], .steps [id]") {
            let value = element.value();
            let own = value.attr("data-step").is_some()
                || value.name() == "label"
                || value.attr("class") == Some("step-heading")
                // kbgen's English of a translated block (content's own is stripped)
                || (value.attr("class") == Some("sxs-source") && value.attr("lang") == Some("en-US"));
            if own {
                continue;
            }
            for class in value.classes() {
                assert!(
                    !kbgen::render::html::PAGE_CLASSES.contains(&class),
                    "{}: class {class} from content",
                    file.display()
                );
            }
            let id = value.id().unwrap_or("");
            assert!(
                !id.starts_with(kbgen::render::html::PAGE_ID_PREFIX),
                "{}: id {id} from content",
                file.display()
            );
        }
        assert_eq!(
            select(&doc, ".run-fields").len(),
            usize::from(checklist),
            "{}",
            file.display()
        );
        // kbgen's own scripts only: its files at the site root, or the chooser's inline one
        for s in select(&doc, "script") {
            let text = s.text().collect::<String>();
            let own = match s.value().attr("src") {
                Some(src) => {
                    text.trim().is_empty()
                        && kbgen::render::urls::SCRIPTS
                            .iter()
                            .any(|name| src.trim_start_matches("../") == *name)
                }
                None => scripts.iter().any(|own| own.trim() == text.trim()),
            };
            assert!(own, "{}: only kbgen's own script", file.display());
        }
        assert!(!text.contains("<script>alert"), "{}", file.display());
    }
    // the checklist files apply the same policy: no markup or unsafe URL from content
    for entry in walkdir::WalkDir::new(out.path().join("checklists"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let text = fs::read_to_string(entry.path()).unwrap().to_lowercase();
        for needle in [
            "<script",
            "<input",
            "<label",
            "<form",
            "javascript:",
            "onerror",
            "data:text",
        ] {
            assert!(
                !text.contains(needle),
                "{}: {needle}",
                entry.path().display()
            );
        }
    }
    // the MT banner shows, the dropped links are reported with their line
    let page = fs::read_to_string(out.path().join("site/nl-NL/hostile.html")).unwrap();
    assert!(page.contains("class=\"banner banner-machine-translated\""));
    assert!(
        stderr.contains(
            "hostile.md:11:1: warning[unsafe-url]: link to `javascript:alert('link')` dropped"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("warning[unsafe-url]: link to `JaVaScRiPt:alert('case')` dropped"));
}

#[test]
fn output_is_deterministic() {
    let (a, _) = build(&common::repo().join("content"));
    let (b, _) = build(&common::repo().join("content"));
    let read_all = |root: &Path| -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(root).unwrap().display().to_string(),
                    fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    assert_eq!(read_all(a.path()), read_all(b.path()));
}

#[test]
fn site_validates_with_the_nu_html_checker() {
    let (out, _) = build(&common::repo().join("content"));
    let files = common::html_files(&out.path().join("site"));
    if let Some(report) = common::vnu_errors(&files) {
        assert!(report.is_empty(), "vnu errors:\n{report}");
        eprintln!("vnu: {} pages, no errors", files.len());
    }
}

#[test]
fn pages_pass_axe_and_the_root_page_finds_the_readers_language() {
    let (out, _) = build(&common::repo().join("content"));
    let Some(report) = common::browser("site.mjs", &out.path().join("site")) else {
        return;
    };
    assert!(
        report.contains("axe /nl-NL/responding-to-a-compromised-email-account.checklist.html: ")
    );
    assert!(report.contains("axe /nl-NL/responding-to-a-compromised-email-account.html (print): "));
    // the root page goes once to the browser's language, when the site has it
    assert!(
        report.contains("root page for sv-SE: /sv-SE/index.html"),
        "{report}"
    );
    assert!(
        report.contains("root page for nl-BE: /nl-NL/index.html"),
        "{report}"
    );
    assert!(
        report.contains("root page for de-DE: /index.html"),
        "{report}"
    );
    assert!(
        report.contains("root page again for sv-SE: /index.html"),
        "{report}"
    );
    assert!(
        report.contains("english source: hidden true, shown true, kept true"),
        "{report}"
    );
    // search: the page's own language only, word forms, bold UI terms, steps by number
    let search = |locale: &str, term: &str| -> Vec<String> {
        let prefix = format!("search {locale} \"{term}\": ");
        let line = report
            .lines()
            .find(|l| l.starts_with(&prefix))
            .unwrap_or_else(|| panic!("no line {prefix}\n{report}"));
        let rest = &line[prefix.len()..];
        let hrefs = rest.split(") ").nth(1).unwrap_or("");
        hrefs
            .split(" marks ")
            .next()
            .unwrap_or("")
            .split_whitespace()
            .map(str::to_string)
            .collect()
    };
    let responding = "/nl-NL/responding-to-a-compromised-email-account.html";
    let recommended_sv = "/sv-SE/recommended-steps-to-take-if-an-account-is-compromised.html";
    let has = |hrefs: &[String], page: &str| hrefs.iter().any(|h| h.starts_with(page));
    assert!(has(&search("nl-NL", "wachtwoord"), responding), "{report}");
    assert!(
        has(&search("nl-NL", "wachtwoorden"), responding),
        "{report}"
    );
    assert!(has(&search("nl-NL", "Postvak IN"), responding), "{report}");
    assert!(
        search("nl-NL", "stap 3")
            .iter()
            .any(|h| h
                .ends_with("recommended-steps-to-take-if-an-account-is-compromised.html#step-3")),
        "{report}"
    );
    assert!(
        has(&search("sv-SE", "lösenord"), recommended_sv),
        "{report}"
    );
    assert!(
        has(&search("sv-SE", "lösenordet"), recommended_sv),
        "{report}"
    );
    // "password" is in both pages' English source (the sxs half), never in their own text
    assert!(search("nl-NL", "password").is_empty(), "{report}");
    assert!(search("sv-SE", "password").is_empty(), "{report}");
    assert!(
        report.contains("axe index with search results open: "),
        "{report}"
    );
    let keyboard = report
        .lines()
        .find(|l| l.starts_with("search keyboard: first /nl-NL/"))
        .unwrap_or_else(|| panic!("{report}"));
    assert!(keyboard.contains("up to kbgen:search"), "{report}");
}

#[test]
fn a_scripted_incident_exports_a_record_of_what_was_done_across_languages() {
    let (out, _) = build(&common::repo().join("content"));
    let record = out.path().join("exported-run.json");
    let Some(report) = common::browser_with(
        "runs.mjs",
        &out.path().join("site"),
        &[("RECORD_OUT", &record)],
    ) else {
        return;
    };
    assert!(!report.contains("FAILED"), "{report}");
    assert!(report.contains("ok: step 5 ticked itself when its sub-steps were done"));
    assert!(report.contains("ok: record's done steps are what was ticked"));
    assert!(report.contains("incident run: all checks passed"));
    // the page's export is what the CLI reads: the run done in three languages reports in Dutch
    let output = common::kbgen(
        &common::repo(),
        &[
            "checklist",
            RESPONDING,
            "--locale",
            "nl-NL",
            "--record",
            record.to_str().unwrap(),
        ],
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(text.contains("- **Incidentnummer:** INC-4711"), "{text}");
    assert!(text.contains("- **Behandelaar:** Piet"), "{text}");
    assert!(
        text.contains("- **Voortgang:** 12 van 12 verplichte stappen klaar"),
        "{text}"
    );
    assert!(
        !text.contains("niet afgerond"),
        "the run was completed: {text}"
    );
    assert!(text.contains("- [x] **Stap 5** "), "{text}");
    assert!(text.contains("door Piet"), "{text}");
}

#[test]
fn links_between_articles_point_to_generated_pages() {
    let (out, stderr) = build(&common::repo().join("tests/fixtures/links/content"));
    let start = Html::parse_document(
        &fs::read_to_string(out.path().join("site/en-US/start.html")).unwrap(),
    );
    let hrefs: Vec<&str> = select(&start, "article a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(hrefs.contains(&"guides/setup.html#step-2"), "{hrefs:?}");
    assert!(hrefs.contains(&"https://example.com/x.md"));
    assert!(!hrefs.iter().any(|h| h.contains("nothing-here")));
    let setup = Html::parse_document(
        &fs::read_to_string(out.path().join("site/en-US/guides/setup.html")).unwrap(),
    );
    let back: Vec<&str> = select(&setup, "article a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(back.contains(&"../start.html"), "{back:?}");
    assert_eq!(
        select(&setup, "link[rel=stylesheet]")[0]
            .value()
            .attr("href"),
        Some("../../style.css")
    );
    assert!(stderr.contains("start.md:6:1: warning[broken-link]: link to `nothing-here.md` points to no article in the content"), "{stderr}");
    // links in raw HTML (tables of older reference docs) resolve the same way
    let table = select(&start, "article td a");
    assert_eq!(
        table[0].value().attr("href"),
        Some("guides/setup.html#step-2")
    );
    assert_eq!(table[0].value().attr("title"), Some("in a table"));
    assert_eq!(table[1].value().attr("href"), None);
    assert_eq!(table[1].value().attr("class"), Some("link-unavailable"));
    assert!(
        hrefs.contains(&"guides/setup.html?view=full&tab=1"),
        "{hrefs:?}"
    );
    assert!(
        stderr.contains("start.md:10:1: warning[broken-link]: link to `nothing-in-html.md`"),
        "{stderr}"
    );
    // DocFX cross-references to APIs: the API's name as text, not a link, not "unsafe"
    let text: String = select(&start, "article")
        .iter()
        .flat_map(|a| a.text())
        .collect();
    assert!(text.contains("API: UserControl and the host."), "{text}");
    assert!(!hrefs.iter().any(|h| h.contains("xref")), "{hrefs:?}");
    assert!(!stderr.contains("xref:"), "{stderr}");
    // a DocFX code sample from a file outside the content is named, not a dead link
    let samples: Vec<String> = select(&start, "article .code-unavailable")
        .iter()
        .map(|p| p.text().collect())
        .collect();
    assert_eq!(
        samples,
        ["Code sample “Sample” (app.cs) is not part of this site."]
    );
    assert!(!hrefs.iter().any(|h| h.contains("app.cs")), "{hrefs:?}");
}

#[test]
fn hostile_nesting_builds_without_exhausting_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content/en-US");
    fs::create_dir_all(&content).unwrap();
    fs::write(
        content.join("deep-quote.md"),
        format!("# Quote\n\n{}x\n", "> ".repeat(50_000)),
    )
    .unwrap();
    fs::write(
        content.join("deep-emphasis.md"),
        format!(
            "# Emphasis\n\n{}x{}\n",
            "*a ".repeat(20_000),
            " a*".repeat(20_000)
        ),
    )
    .unwrap();
    fs::write(
        content.join("deep-list.md"),
        format!(
            "# List\n\n{}",
            (0..400)
                .map(|i| format!("{}1. a\n", "   ".repeat(i)))
                .collect::<String>()
        ),
    )
    .unwrap();
    fs::write(
        content.join("deep-html.md"),
        format!(
            "# Html\n\n<div>\n{}x{}\n</div>\n",
            "<div>".repeat(50_000),
            "</div>".repeat(50_000)
        ),
    )
    .unwrap();
    let (out, stderr) = build(&dir.path().join("content"));
    for slug in ["deep-quote", "deep-emphasis", "deep-list", "deep-html"] {
        assert!(
            out.path().join(format!("site/en-US/{slug}.html")).is_file(),
            "{slug}: {stderr}"
        );
        assert!(
            out.path()
                .join(format!("model/en-US/{slug}.json"))
                .is_file()
        );
    }
    assert!(stderr.contains("deep-html.md:1:1: warning[html-too-deep]: raw HTML nests deeper than 512 elements; it is shown as text"), "{stderr}");
}

#[test]
fn large_sites_get_paged_indexes_and_a_sitemap_index_rendered_a_page_at_a_time() {
    use kbgen::locale::Locale;
    use kbgen::render::site::{Catalog, PAGE_ARTICLES, Site, SiteOptions, Summary, render_globals};
    let strings = kbgen::l10n::Strings::embedded();
    let templates = kbgen::templates::Templates::load(None).unwrap();
    let options = SiteOptions::default();
    let locales: Vec<Locale> = ["en-US", "nl-NL"]
        .iter()
        .map(|t| t.parse().unwrap())
        .collect();
    let articles = 2 * PAGE_ARTICLES + 1;
    let slugs: Vec<String> = (0..articles).map(|i| format!("a{i:05}")).collect();
    let mut catalog = Catalog::new();
    for (i, slug) in slugs.iter().enumerate() {
        let mut versions = std::collections::BTreeMap::new();
        for locale in &locales {
            versions.insert(
                locale.clone(),
                Summary {
                    title: format!("Artikel {i:05}"),
                    machine: false,
                    has_steps: i % 2 == 0,
                },
            );
        }
        catalog.insert(slug, (&versions).into());
    }
    let links = kbgen::render::links::LinkMap::new(slugs.iter().cloned());
    let site = Site {
        strings: &strings,
        templates: &templates,
        options: &options,
        locales: &locales,
        links: &links,
        navigation: &Default::default(),
    };
    let mut files = Vec::new();
    render_globals(&site, &catalog, &mut |file| files.push(file)).unwrap();
    let text = |name: &str| -> String {
        let file = files
            .iter()
            .find(|f| f.path == Path::new("site").join(name))
            .unwrap_or_else(|| panic!("no {name}"));
        String::from_utf8(file.bytes.clone()).unwrap()
    };
    // three index pages per locale, each article on exactly one, linked in order
    let mut listed = 0;
    for (n, name) in ["index.html", "index-2.html", "index-3.html"]
        .iter()
        .enumerate()
    {
        let page = Html::parse_document(&text(&format!("nl-NL/{name}")));
        listed += select(&page, ".article-index > li").len();
        let label: String = select(&page, ".pagination [aria-current]")[0]
            .text()
            .collect();
        assert_eq!(label, format!("Pagina {} van 3", n + 1));
        assert_eq!(select(&page, "a[rel=next]").is_empty(), n == 2);
        assert_eq!(select(&page, "a[rel=prev]").is_empty(), n == 0);
    }
    assert_eq!(listed, articles);
    assert!(!files.iter().any(|f| f.path.ends_with("index-4.html")));
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("index-2.html");
    fs::write(&page, text("nl-NL/index-2.html")).unwrap();
    if let Some(report) = common::vnu_errors(&[page]) {
        assert!(report.is_empty(), "vnu errors:\n{report}");
    }
    // a sitemap index over three sitemap files of at most PAGE_ARTICLES articles each
    let index = text("sitemap.xml");
    assert!(index.contains("<sitemapindex"));
    assert_eq!(index.matches("<sitemap>").count(), 3);
    let urls: usize = (1..=3)
        .map(|n| text(&format!("sitemap-{n}.xml")).matches("<url>").count())
        .sum();
    assert_eq!(urls, articles * locales.len());
}

#[test]
fn remote_images_are_links_unless_the_project_allows_them() {
    let fixture = common::repo().join("tests/fixtures/remote-images/content");
    let (out, _) = build(&fixture);
    for page in ["pixel.html", "pixel.checklist.html"] {
        let text = fs::read_to_string(out.path().join("site/nl-NL").join(page)).unwrap();
        let doc = Html::parse_document(&text);
        assert!(select(&doc, "img").is_empty(), "{page}: {text}");
        assert!(!select(&doc, "a.image-remote").is_empty(), "{page}");
    }
    let checklist = fs::read_to_string(out.path().join("checklists/nl-NL/pixel.md")).unwrap();
    assert!(checklist.contains("[het menu](https://tracker.example/inline.png)"));
    assert!(!checklist.contains("!["), "{checklist}");
    if let Some(report) = common::vnu_errors(&common::html_files(&out.path().join("site"))) {
        assert!(report.is_empty(), "vnu errors:\n{report}");
    }
    // opting in keeps them
    let content = tempfile::tempdir().unwrap();
    fs::create_dir_all(content.path().join("nl-NL")).unwrap();
    fs::copy(
        fixture.join("nl-NL/pixel.md"),
        content.path().join("nl-NL/pixel.md"),
    )
    .unwrap();
    fs::write(content.path().join("kbgen.toml"), "remote-images = true\n").unwrap();
    let (out, _) = build(content.path());
    let text = fs::read_to_string(out.path().join("site/nl-NL/pixel.html")).unwrap();
    let doc = Html::parse_document(&text);
    assert_eq!(select(&doc, "img").len(), 3, "{text}");
    let checklist = fs::read_to_string(out.path().join("checklists/nl-NL/pixel.md")).unwrap();
    assert!(checklist.contains("![het menu](https://tracker.example/inline.png)"));
}

#[test]
fn local_images_are_published_next_to_every_page_and_missing_ones_are_reported() {
    let (out, stderr) = build(&common::repo().join("tests/fixtures/media/content"));
    let site = out.path().join("site");
    let original =
        fs::read(common::repo().join("tests/fixtures/media/content/nl-NL/media/scherm.png"))
            .unwrap();
    // the page's own locale, and the sv-SE page that shows the article as a fallback
    for locale in ["nl-NL", "sv-SE"] {
        assert_eq!(
            fs::read(site.join(locale).join("media/scherm.png")).unwrap(),
            original
        );
        let page = Html::parse_document(
            &fs::read_to_string(site.join(locale).join("afbeelding.html")).unwrap(),
        );
        let images = select(&page, "img");
        assert_eq!(images.len(), 1, "{locale}");
        assert_eq!(images[0].value().attr("src"), Some("media/scherm%2Epng"));
        let missing: String = select(&page, ".image-unavailable")[0].text().collect();
        assert_eq!(missing, "[De grafiek]");
    }
    assert!(!site.join("nl-NL/media/grafiek.png").exists());
    assert!(
        stderr.contains(
            "afbeelding.md:10:1: warning[missing-image]: image `media/grafiek.png` does not exist"
        ),
        "{stderr}"
    );
}

#[test]
fn every_class_of_the_page_interface_is_reserved() {
    // the templates' and the checklist script's classes: content may not use any of them
    let mut found = std::collections::BTreeSet::new();
    for entry in fs::read_dir(common::repo().join("templates")).unwrap() {
        let path = entry.unwrap().path();
        if !matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("html" | "js")
        ) {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        for marker in ["class=\"", "className = \""] {
            for part in text.split(marker).skip(1) {
                let value = part.split('"').next().unwrap();
                let value = value.split("{{").next().unwrap();
                found.extend(value.split_whitespace().map(str::to_string));
            }
        }
    }
    assert!(found.len() > 15, "{found:?}");
    // presentation classes the article body uses too (kbgen's badge): content may style with them
    for shared in ["badge", "optional", "banner-"] {
        found.remove(shared);
    }
    for class in &found {
        assert!(
            kbgen::render::html::PAGE_CLASSES.contains(&class.as_str()),
            "class `{class}` of the templates is not in PAGE_CLASSES"
        );
    }
}

#[test]
fn the_swedish_index_is_in_swedish_order() {
    let content = tempfile::tempdir().unwrap();
    let dir = content.path().join("sv-SE");
    fs::create_dir_all(&dir).unwrap();
    for (file, title) in [
        ("a", "Öppna kontot"),
        ("b", "Zon"),
        ("c", "Ärende"),
        ("d", "Åtgärda lösenord"),
        ("e", "avsluta"),
    ] {
        fs::write(
            dir.join(format!("{file}.md")),
            format!("---\ntitle: {title}\nms.contentlocale: sv-SE\n---\n# {title}\n\nText.\n"),
        )
        .unwrap();
    }
    let (out, _) = build(content.path());
    let index = Html::parse_document(
        &fs::read_to_string(out.path().join("site/sv-SE/index.html")).unwrap(),
    );
    let titles: Vec<String> = select(&index, ".article-index li > a:first-child")
        .iter()
        .map(|a| a.text().collect::<String>())
        .collect();
    assert_eq!(
        titles,
        [
            "avsluta",
            "Zon",
            "Åtgärda lösenord",
            "Ärende",
            "Öppna kontot"
        ]
    );
}

#[test]
fn index_pages_group_articles_by_folder_section_and_pages_show_breadcrumbs() {
    let content = tempfile::tempdir().unwrap();
    let dir = content.path().join("nl-NL");
    for (file, title) in [
        ("welkom", "Welkom"),
        ("admin/gebruikers/toevoegen", "Gebruiker toevoegen"),
        ("admin/wachtwoord", "Wachtwoord opnieuw instellen"),
        ("admin/beveiliging", "Beveiliging"),
        ("aan-de-slag", "Aan de slag"),
    ] {
        let path = dir.join(format!("{file}.md"));
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(
            path,
            format!("---\ntitle: {title}\nms.contentlocale: nl-NL\n---\n# {title}\n\nTekst.\n"),
        )
        .unwrap();
    }
    let (out, _) = build(content.path());
    let page = fs::read_to_string(out.path().join("site/nl-NL/index.html")).unwrap();
    let index = Html::parse_document(&page);
    // the top folder's articles first, without a heading; then each folder under its own
    let sections: Vec<String> = select(&index, "main > h2.index-section")
        .iter()
        .map(|h| h.text().collect())
        .collect();
    assert_eq!(sections, ["admin", "admin › gebruikers"]);
    let lists: Vec<Vec<String>> = select(&index, "main > ul.article-index")
        .iter()
        .map(|ul| {
            ul.select(&Selector::parse("li > a:first-child").unwrap())
                .map(|a| a.text().collect())
                .collect()
        })
        .collect();
    assert_eq!(
        lists,
        [
            vec!["Aan de slag", "Welkom"],
            vec!["Beveiliging", "Wachtwoord opnieuw instellen"],
            vec!["Gebruiker toevoegen"],
        ]
    );
    // an article's page shows where it is: the index, its folders, itself
    let article = Html::parse_document(
        &fs::read_to_string(
            out.path()
                .join("site/nl-NL/admin/gebruikers/toevoegen.html"),
        )
        .unwrap(),
    );
    let crumbs: Vec<String> = select(&article, "nav.breadcrumbs li")
        .iter()
        .map(|li| li.text().collect::<String>().trim().to_string())
        .collect();
    assert_eq!(
        crumbs,
        ["Artikelen", "admin", "gebruikers", "Gebruiker toevoegen"]
    );
    let home = select(&article, "nav.breadcrumbs a");
    assert_eq!(
        home[0].value().attr("href"),
        Some("../../../nl-NL/index.html")
    );
    assert_eq!(
        select(&article, "nav.breadcrumbs [aria-current=page]").len(),
        1
    );
    // content in one folder gets no section headings
    let (flat, _) = build(&common::repo().join("content"));
    let page = fs::read_to_string(flat.path().join("site/nl-NL/index.html")).unwrap();
    assert!(!page.contains("index-section"));
}

#[test]
fn article_pages_say_when_who_translated_where_from_and_under_what_licence() {
    let out = tempfile::tempdir().unwrap();
    let output = common::kbgen(
        &common::repo(),
        &[
            "build",
            "--out",
            out.path().to_str().unwrap(),
            "--source-url",
            "https://github.com/MicrosoftDocs/docs.{locale}/blob/live/{path}",
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let footer = |page: &str| -> String {
        let doc =
            Html::parse_document(&fs::read_to_string(out.path().join("site").join(page)).unwrap());
        select(&doc, "footer.provenance")
            .first()
            .map(|f| f.text().collect::<String>())
            .unwrap_or_default()
    };
    let nl = footer(&format!("nl-NL/{RESPONDING}.html"));
    // ms.lasthandoff 02/18/2021, in Dutch by ICU4X; human translation (HT); the licence
    assert!(nl.contains("Laatst bijgewerkt op 18 februari 2021"), "{nl}");
    assert!(nl.contains("Vertaald door mensen"), "{nl}");
    assert!(nl.contains("CC BY 4.0"), "{nl}");
    let page =
        fs::read_to_string(out.path().join(format!("site/nl-NL/{RESPONDING}.html"))).unwrap();
    assert!(page.contains(&format!(
        "href=\"https://github.com/MicrosoftDocs/docs.nl-NL/blob/live/{RESPONDING}.md\""
    )));
    assert!(page.contains("rel=\"license\""));
    let en = footer(&format!("en-US/{RESPONDING}.html"));
    assert!(en.contains("Original text"), "{en}");
    assert!(footer(&format!("nl-NL/{RESPONDING}.checklist.html")).contains("CC BY 4.0"));
    // a pattern that is not a web address is a usage error
    let output = common::kbgen(
        &common::repo(),
        &[
            "build",
            "--out",
            out.path().to_str().unwrap(),
            "--source-url",
            "javascript:alert(1)/{path}",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_translated_page_carries_the_english_it_came_from_behind_a_toggle() {
    let (out, _) = build(&common::repo().join("content"));
    let read = |page: &str| fs::read_to_string(out.path().join("site").join(page)).unwrap();
    let nl = Html::parse_document(&read(&format!("nl-NL/{RESPONDING}.html")));
    let sources = select(&nl, "article[data-sources] .sxs-source[lang=en-US]");
    assert!(sources.len() > 20, "{}", sources.len());
    // the Dutch step title and, with it, the English segment it was translated from
    let english = sources
        .iter()
        .find(|s| s.text().collect::<String>() == "Step 1 Reset the user's password")
        .expect("the English of step 1");
    let parent = scraper::ElementRef::wrap(english.parent().unwrap()).unwrap();
    assert!(
        parent
            .text()
            .collect::<String>()
            .contains("Stel het gebruikerswachtwoord opnieuw in")
    );
    assert_eq!(select(&nl, "[data-action=show-source]").len(), 1);
    // each locale's page shows the English of its own file; the English page has nothing to show
    let sv = Html::parse_document(&read(
        "sv-SE/recommended-steps-to-take-if-an-account-is-compromised.html",
    ));
    assert!(!select(&sv, ".sxs-source").is_empty());
    let en = Html::parse_document(&read(&format!("en-US/{RESPONDING}.html")));
    assert!(select(&en, ".sxs-source, [data-action=show-source]").is_empty());
    // checklists stay what the responder needs: no source text there
    assert!(!read(&format!("nl-NL/{RESPONDING}.checklist.html")).contains("sxs-source"));
}

/// The result fragments a locale's search index holds (one JSON object per page), from every
/// fragment file of its bundles, decompressed; a file of several pages (Pagefind's fragment
/// groups, `<language>_group_<hash>`) maps each page's hash to its fragment.
fn search_fragments(site: &Path, locale: &str) -> Vec<serde_json::Value> {
    use std::io::Read;
    let mut fragments = Vec::new();
    let bundles = std::fs::read_dir(site.join(locale).join("search")).unwrap();
    let files = bundles
        .map(|b| b.unwrap().path().join("fragment"))
        .filter(|f| f.is_dir())
        .flat_map(|f| std::fs::read_dir(f).unwrap());
    for entry in files {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .unwrap();
        let json: serde_json::Value =
            serde_json::from_str(text.trim_start_matches("pagefind_dcd")).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.contains("_group_") {
            let group = json.as_object().unwrap();
            assert!(group.len() <= kbgen::search::FRAGMENT_PAGES, "{name}");
            fragments.extend(group.values().cloned());
        } else {
            fragments.push(json);
        }
    }
    fragments
}

#[test]
fn each_locale_has_a_search_index_of_its_own_text_only() {
    let (out, _) = build(&common::repo().join("content"));
    let site = out.path().join("site");
    for (locale, language, own) in [("nl-NL", "nl", "wachtwoord"), ("sv-SE", "sv", "lösenord")] {
        let entry = std::fs::read_to_string(site.join(locale).join("search/1/pagefind-entry.json"))
            .unwrap();
        let entry: serde_json::Value = serde_json::from_str(&entry).unwrap();
        assert!(entry["languages"][language].is_object(), "{entry}");
        assert_eq!(entry["languages"].as_object().unwrap().len(), 1, "{entry}");
        let fragments = search_fragments(&site, locale);
        // one fragment per article page in the locale's own text: no fallback pages
        let own_pages = std::fs::read_dir(common::repo().join("content").join(locale))
            .unwrap()
            .count();
        assert_eq!(fragments.len(), own_pages, "{locale}");
        let content = |f: &serde_json::Value| f["content"].as_str().unwrap().to_lowercase();
        assert!(
            fragments.iter().any(|f| content(f).contains(own)),
            "{locale}"
        );
        // the English source of each segment, the banners, the outline and the footer are not
        // indexed: "password" is only in the English, "CC BY" only in the footer
        for fragment in &fragments {
            let content = content(fragment);
            assert!(!content.contains("password"), "{content}");
            assert!(!content.contains("cc by"), "{content}");
        }
        // the page's files only: none of Pagefind's own search interfaces
        assert!(!site.join(locale).join("search/1/pagefind-ui.js").exists());
        assert!(site.join(locale).join("search/1/pagefind.js").is_file());
        let list = std::fs::read_to_string(site.join(locale).join("search/bundles.json")).unwrap();
        assert_eq!(list, r#"{"bundles":["1/"]}"#);
    }
    // pages link the locale's bundle from wherever they are
    let page = std::fs::read_to_string(site.join("nl-NL/index.html")).unwrap();
    assert!(page.contains(r#"data-bundle="../nl-NL/search/""#), "{page}");
    // Japanese is indexed as words (Pagefind's segmentation marks them with U+200B), Arabic with
    // its own language
    let fixture = common::repo().join("tests/fixtures/rtl-cjk");
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .current_dir(common::repo())
        .args(["build", "-q", "--content"])
        .arg(fixture.join("content"))
        .arg("--locales-dir")
        .arg(fixture.join("locales"))
        .arg("--out")
        .arg(out.path())
        .status()
        .unwrap();
    assert!(matches!(status.code(), Some(0 | 1)));
    let site = out.path().join("site");
    let japanese: Vec<String> = search_fragments(&site, "ja-JP")
        .iter()
        .map(|f| f["content"].to_string())
        .collect();
    let japanese = japanese.join("\n");
    assert!(japanese.contains("パスワード\u{200B}"), "{japanese}");
    let arabic = std::fs::read_to_string(site.join("ar-SA/search/1/pagefind-entry.json")).unwrap();
    assert!(arabic.contains(r#""ar""#), "{arabic}");
}

#[test]
fn navigation_follows_the_table_of_contents_else_the_folders() {
    // search bundles of one page at most: the locale's index is split, and searched merged
    let (out, stderr) = build_with(
        &common::repo().join("tests/fixtures/navigation/content"),
        &["--search-bundle-pages", "1"],
    );
    assert!(!stderr.contains("toc"), "{stderr}");
    let site = out.path().join("site");
    let toc = |locale: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(site.join(locale).join("toc.json")).unwrap())
            .unwrap()
    };
    // nl-NL has a toc.yml: its order, its group names, its web link; an article it does not
    // list is not in the sidebar (it is on the index)
    let nl = toc("nl-NL");
    let items = nl["items"].as_array().unwrap();
    assert_eq!(items[0]["h"], "start.html");
    assert_eq!(items[1]["t"], "Accounts beveiligen");
    assert_eq!(items[1]["c"][0]["h"], "accounts/reset.html");
    assert_eq!(items[1]["c"][1]["h"], "accounts/block.html");
    assert_eq!(items[2]["h"], "https://example.org/help");
    assert!(!nl.to_string().contains("unlisted"), "{nl}");
    assert!(
        std::fs::read_to_string(site.join("nl-NL/index.html"))
            .unwrap()
            .contains("unlisted.html")
    );
    // the breadcrumbs name the table's group, not the folder
    let page = std::fs::read_to_string(site.join("nl-NL/accounts/block.html")).unwrap();
    assert!(
        page.contains(r#"<li lang="" dir="auto">Accounts beveiligen</li>"#),
        "{page}"
    );
    // sv-SE has none: the top folder's articles, then a group per folder (as the index)
    let sv = toc("sv-SE");
    let items = sv["items"].as_array().unwrap();
    assert_eq!(items[0]["h"], "start.html");
    assert_eq!(items[1]["t"], "accounts");
    let children: Vec<&str> = items[1]["c"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["h"].as_str().unwrap())
        .collect();
    assert_eq!(children.len(), 3, "{sv}");
    assert!(children.contains(&"accounts/reset.html"));
    // without a table at the top, a folder's own table makes its section; other folders
    // navigate by folder
    let partial = tempfile::tempdir().unwrap();
    let content = partial.path().join("content");
    let article = |path: &str, title: &str| {
        let file = content.join("nl-NL").join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(
            file,
            format!("---\ntitle: {title}\n---\n# {title}\n\nTekst.\n"),
        )
        .unwrap();
    };
    article("start.md", "Start");
    article("exchange/rules/inbox.md", "Regels voor Postvak IN");
    article("other/x.md", "Iets anders");
    std::fs::write(
        content.join("nl-NL/exchange/toc.yml"),
        "- name: Mail\n  items:\n  - href: rules/inbox.md\n",
    )
    .unwrap();
    let (out_partial, _) = build(&content);
    let nav: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out_partial.path().join("site/nl-NL/toc.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(nav["items"][0]["h"], "start.html", "{nav}");
    assert_eq!(nav["items"][1]["t"], "other", "{nav}");
    assert_eq!(nav["items"][1]["c"][0]["h"], "other/x.html", "{nav}");
    assert_eq!(nav["items"][2]["t"], "exchange", "{nav}");
    // an entry without a name takes the article's title
    assert_eq!(
        nav["items"][2]["c"][0]["c"][0]["t"], "Regels voor Postvak IN",
        "{nav}"
    );
    let page = std::fs::read_to_string(
        out_partial
            .path()
            .join("site/nl-NL/exchange/rules/inbox.html"),
    )
    .unwrap();
    assert!(
        page.contains(r#"<li lang="" dir="auto">Mail</li>"#),
        "{page}"
    );
    // a broken table is a located warning, and the build goes on
    let broken = tempfile::tempdir().unwrap();
    let content = broken.path().join("content");
    std::fs::create_dir_all(content.join("nl-NL")).unwrap();
    std::fs::copy(
        common::repo().join("tests/fixtures/navigation/content/nl-NL/start.md"),
        content.join("nl-NL/start.md"),
    )
    .unwrap();
    std::fs::write(
        content.join("nl-NL/toc.yml"),
        "- name: Start\n  href: start.md\n- name: [x\n",
    )
    .unwrap();
    let (_, stderr) = build(&content);
    assert!(stderr.contains("toc.yml:"), "{stderr}");
    assert!(stderr.contains("warning[toc]"), "{stderr}");
    // in a browser: the sidebar beside the article on wide screens, closed on narrow ones,
    // the current article marked, previous and next in the table's order
    let Some(report) = common::browser("nav.mjs", &site) else {
        return;
    };
    assert!(
        report.contains(r#"nav wide /nl-NL/accounts/reset.html: {"current":"/nl-NL/accounts/reset.html","open":true,"treeVisible":true,"beside":true,"pager":"prev=/nl-NL/start.html next=/nl-NL/accounts/block.html""#),
        "{report}"
    );
    assert!(
        report.contains("nav narrow: closed true, opens true"),
        "{report}"
    );
    let list: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.join("nl-NL/search/bundles.json")).unwrap(),
    )
    .unwrap();
    let bundles = list["bundles"].as_array().unwrap();
    assert!(bundles.len() >= 2, "{list}");
    // the first bundle carries the script and WebAssembly; the merged ones only their index
    let bundle = |b: &serde_json::Value| site.join("nl-NL/search").join(b.as_str().unwrap());
    assert!(bundle(&bundles[0]).join("pagefind.js").is_file());
    for merged in &bundles[1..] {
        assert!(!bundle(merged).join("pagefind.js").exists());
        assert!(bundle(merged).join("pagefind-entry.json").is_file());
    }
    for (term, page) in [
        ("wachtwoord", "/nl-NL/accounts/reset.html"),
        ("blokkeer", "/nl-NL/accounts/block.html"),
    ] {
        assert!(
            report.contains(&format!("bundled search \"{term}\": {page}")),
            "{report}"
        );
    }
    assert!(
        report.contains("bundled search \"account\": /nl-NL/accounts/block.html /nl-NL/start.html"),
        "{report}"
    );
    assert!(
        report.contains(r#"search pages: first {"shown":1,"more":true,"status":"2 resultaten"}, then {"shown":2,"more":false,"focused":true}"#),
        "{report}"
    );
}

#[test]
fn repeated_headings_get_one_id_each_and_the_outline_links_to_each() {
    // API reference style: `Request` and `Response` under every example, named or not
    let (out, _) = build(&common::repo().join("tests/fixtures/repeated-headings"));
    for locale in ["nl-NL", "en-US"] {
        let page = out.path().join(format!("site/{locale}/list-members.html"));
        let doc = Html::parse_document(&fs::read_to_string(&page).unwrap());
        let ids = unique_ids(&doc, locale);
        let outline: Vec<String> = select(&doc, "nav.toc a")
            .iter()
            .map(|a| a.value().attr("href").unwrap().to_string())
            .collect();
        assert_eq!(
            outline,
            [
                "#example-1",
                "#request",
                "#response",
                "#example-2",
                "#request-2",
                "#response-2",
                "#response-3"
            ],
            "{locale}"
        );
        for href in &outline {
            assert!(ids.contains(&href[1..].to_string()), "{locale}: {href}");
        }
        // the model says the same, so that integrators link to the same places
        let model = out.path().join(format!("model/{locale}/list-members.json"));
        let model: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(model).unwrap()).unwrap();
        assert_eq!(model["sections"][1]["sections"][1]["anchor"], "response-2");
    }
}

#[test]
fn a_table_without_column_headings_gets_no_row_of_empty_headings() {
    // `|||` over `|:--|:--|`: how DocFX reference articles write a table of name-value rows
    let (out, _) = build(&common::repo().join("tests/fixtures/headless-table"));
    for locale in ["ru-RU", "en-US"] {
        let page = out.path().join(format!("site/{locale}/layer.html"));
        let doc = Html::parse_document(&fs::read_to_string(&page).unwrap());
        let tables = select(&doc, "article table");
        assert_eq!(tables.len(), 2, "{locale}");
        let headings = |table: &scraper::ElementRef<'_>| -> Vec<String> {
            table
                .select(&Selector::parse("th").unwrap())
                .map(|th| th.text().collect::<String>())
                .collect()
        };
        assert!(headings(&tables[0]).is_empty(), "{locale}");
        assert_eq!(tables[0].select(&Selector::parse("tr").unwrap()).count(), 2);
        // a table with headings keeps them
        assert_eq!(headings(&tables[1]).len(), 2, "{locale}");
        assert!(headings(&tables[1]).iter().all(|h| !h.trim().is_empty()));
    }
}

#[test]
fn docfx_tabs_are_shown_by_their_labels() {
    // Graph and Azure articles put each tool's way in a tab: `# [C#](#tab/csharp)`
    let (out, _) = build(&common::repo().join("tests/fixtures/tabs"));
    for locale in ["nl-NL", "en-US"] {
        let page = out.path().join(format!("site/{locale}/send.html"));
        let doc = Html::parse_document(&fs::read_to_string(&page).unwrap());
        let labels: Vec<String> = select(&doc, "article .tab-label")
            .iter()
            .map(|p| p.text().collect())
            .collect();
        assert_eq!(labels, ["HTTP", "C#", "HTTP"], "{locale}");
        // each label stands right before its tab's code (the HTML comment after the first one
        // is not on the page)
        let next = select(&doc, "article .tab-label + pre code");
        assert_eq!(next.len(), 3, "{locale}");
    }
}

#[test]
fn includes_inside_sentences_are_replaced_by_what_the_included_file_says() {
    // SQL Server's docs write product names as includes inside sentences, in both languages:
    // `O [!INCLUDE[ssNoVersion](../../includes/ssnoversion-md.md)] não pode …`
    let (out, stderr) = build(&common::repo().join("tests/fixtures/sql-includes"));
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning[")).collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(
        warnings[0].contains("compressed.md:16:1: warning[include-missing]")
            && warnings[0].contains("ssversion-md.md"),
        "{stderr}"
    );
    for (locale, title, first, component, version) in [
        (
            "pt-BR",
            "Unidades compactadas e o SQL Server",
            "O SQL Server não pode criar bancos de dados em unidades compactadas.",
            ["Mecanismo de Banco de Dados", "SQL Server"],
            "ssVersion ou posterior",
        ),
        (
            "en-US",
            "Compressed drives and SQL Server",
            "SQL Server cannot create databases on compressed drives.",
            ["Database Engine", "SQL Server"],
            "ssVersion or later",
        ),
    ] {
        let page = out
            .path()
            .join(format!("site/{locale}/install/compressed.html"));
        let doc = Html::parse_document(&fs::read_to_string(&page).unwrap());
        // the text of the elements `selector` finds, without the English shown under a
        // translated block
        let text = |selector: &str| -> Vec<String> {
            select(&doc, selector)
                .iter()
                .map(|e| {
                    e.descendants()
                        .filter(|n| {
                            !n.ancestors().any(|a| {
                                a.value()
                                    .as_element()
                                    .is_some_and(|el| el.classes().any(|c| c == "sxs-source"))
                            })
                        })
                        .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
                        .collect::<String>()
                })
                .collect()
        };
        let article: String = select(&doc, "article")[0].text().collect();
        assert!(!article.contains("INCLUDE"), "{locale}: {article}");
        assert_eq!(text("h1"), [title], "{locale}");
        let paragraphs = text("article > p:not([class])");
        assert_eq!(paragraphs[1..], [first], "{locale}");
        // an included file's image and link are found from where that file is
        let applies = &select(&doc, "article > p:not([class])")[0];
        let img = applies
            .select(&Selector::parse("img").unwrap())
            .next()
            .unwrap();
        assert_eq!(
            img.value().attr("src"),
            Some("../../includes/media/yes.png")
        );
        let link = applies
            .select(&Selector::parse("a").unwrap())
            .next()
            .unwrap();
        assert_eq!(
            link.value().attr("href"),
            Some("../install/compressed.html#component")
        );
        let section: Vec<String> = text("section > p");
        assert_eq!(section[..2], component, "{locale}");
        assert_eq!(text("td")[0], "SQL Server", "{locale}");
        // an include that cannot be found shows its name
        assert_eq!(text("td")[1], version, "{locale}");
        // `> [!div class="nextstepaction"]` keeps the link on the line after it
        let next = select(&doc, "section > p > a");
        assert_eq!(
            next[0].value().attr("href"),
            Some("../install/compressed.html#component"),
            "{locale}"
        );
    }
    assert!(out.path().join("site/includes/media/yes.png").is_file());
    // the English under the translated sentence says the same
    let page = out.path().join("site/pt-BR/install/compressed.html");
    let doc = Html::parse_document(&fs::read_to_string(&page).unwrap());
    let english: Vec<String> = select(&doc, "article p .sxs-source")
        .iter()
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(
        english,
        [
            "SQL Server cannot create databases on compressed drives.",
            "Next step"
        ]
    );
}

#[test]
fn raw_html_of_older_articles_keeps_ids_unique_and_validates() {
    // older articles: bookmarks before headings that name the same place, the same id twice,
    // presentational tables with `center`, `tt`, `strike`, `acronym` and `align`
    let (out, stderr) = build(&common::repo().join("tests/fixtures/older-html"));
    assert!(!stderr.contains("warning["), "{stderr}");
    // a file in an `includes` folder is part of an article, not a page of its own
    assert!(!out.path().join("site/nl-NL/includes/icon.html").exists());
    assert!(out.path().join("site/nl-NL/old.html").exists());
    let mut pages = Vec::new();
    for locale in ["nl-NL", "en-US"] {
        for name in ["old.html", "old.checklist.html"] {
            let page = out.path().join(format!("site/{locale}/{name}"));
            let doc = Html::parse_document(&fs::read_to_string(&page).unwrap());
            unique_ids(&doc, &format!("{locale} {name}"));
            pages.push(page);
        }
        let page = out.path().join(format!("site/{locale}/old.html"));
        let doc = Html::parse_document(&fs::read_to_string(&page).unwrap());
        // the article's own places keep their ids; content that asked for one gets another
        let tag_of = |id: &str| {
            select(&doc, &format!("[id='{id}']"))
                .first()
                .map(|e| e.value().name().to_string())
        };
        assert_eq!(tag_of("setup").as_deref(), Some("h2"), "{locale}");
        assert_eq!(tag_of("step-setup_1").as_deref(), Some("li"), "{locale}");
        assert_eq!(tag_of("setup-2").as_deref(), Some("a"), "{locale}");
        assert_eq!(tag_of("note-2").as_deref(), Some("span"), "{locale}");
        // a bookmark in raw HTML is an id (the first to ask keeps the name)
        assert_eq!(tag_of("names").as_deref(), Some("a"), "{locale}");
        assert_eq!(tag_of("names-2").as_deref(), Some("div"), "{locale}");
        let article = select(&doc, "article")[0].html();
        for obsolete in [
            "<center",
            "<tt",
            "<strike",
            "<acronym",
            "<font",
            " align=",
            " valign=",
            " bgcolor=",
            " border=",
            " cellpadding=",
            " summary=",
            " name=",
        ] {
            assert!(
                !article.contains(obsolete),
                "{locale}: {obsolete} in {article}"
            );
        }
        let text = |css: &str| -> Vec<String> {
            select(&doc, css)
                .iter()
                .map(|e| e.text().collect())
                .collect()
        };
        assert_eq!(text("td code"), ["net start"], "{locale}");
        assert_eq!(text("td s").len(), 1, "{locale}");
        assert_eq!(
            select(&doc, "td abbr")[0].value().attr("title"),
            Some("Internet Information Services")
        );
        assert_eq!(text("td div").len(), 1, "{locale}");
        // images in raw HTML are published with the page, an included file's from where it is
        let sources: Vec<&str> = select(&doc, "article img")
            .iter()
            .filter_map(|img| img.value().attr("src"))
            .collect();
        assert_eq!(
            sources,
            ["media/shot.png", "includes/media/icon.png"],
            "{locale}"
        );
        for src in sources {
            assert!(
                out.path().join(format!("site/{locale}/{src}")).is_file(),
                "{locale}: {src}"
            );
        }
        let included_link = select(&doc, "article p > img + a")[0].value().attr("href");
        assert_eq!(included_link, Some("old.html#setup"), "{locale}");
    }
    if let Some(report) = common::vnu_errors(&pages) {
        assert!(report.is_empty(), "vnu errors:\n{report}");
    }
}
