//! The static help site: article pages, interactive checklists, locale indexes, the language
//! chooser, the sitemap and the stylesheet, for every locale that has articles.
//!
//! 1. decide the site's locales and, per locale and slug, which article model is shown: the
//!    locale's own, or one along the negotiated fallback chain (with a visible banner);
//! 2. render each article's body and steps to sanitized HTML ([`super::html`]);
//! 3. fill the Tera templates with serializable views that borrow nothing from Tera;
//! 4. hand each file to the caller's sink as soon as it is made; writing is [`crate::output`]'s
//!    job.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_langneg::{NegotiationStrategy, negotiate_languages};
use rayon::prelude::*;
use serde::Serialize;
use unic_langid::LanguageIdentifier;

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::frontmatter::TranslationType;
use crate::l10n::{Localizer, Strings};
use crate::model::{Article, Section, Step, plain_text};
use crate::output::OutputFile;
use crate::templates::Templates;

use super::RenderContext;
use super::html::{self, StepMode};
use super::links::{LinkMap, up_prefix};

/// Site settings.
#[derive(Debug, Clone)]
pub struct SiteOptions {
    /// Absolute base URL of the published site, for canonical links, hreflang and the sitemap.
    pub base_url: String,
}

impl Default for SiteOptions {
    fn default() -> Self {
        SiteOptions {
            base_url: "http://localhost:8000/".to_string(),
        }
    }
}

#[derive(Serialize)]
struct Alternate {
    hreflang: String,
    href: String,
}

#[derive(Serialize)]
struct LanguageLink {
    locale: String,
    name: String,
    href: String,
    current: bool,
    choose: String,
}

#[derive(Serialize)]
struct PageView {
    kind: &'static str,
    lang: String,
    dir: &'static str,
    title: String,
    description: String,
    canonical: String,
    alternates: Vec<Alternate>,
    languages: Vec<LanguageLink>,
    stylesheet: String,
    home: String,
}

#[derive(Serialize)]
struct Banner {
    kind: &'static str,
    text: String,
}

#[derive(Serialize)]
struct TocStep {
    anchor: String,
    title: String,
    optional: bool,
}

#[derive(Serialize)]
struct TocEntry {
    anchor: String,
    title: String,
    steps: Vec<TocStep>,
}

#[derive(Serialize)]
struct ArticleView {
    lang: String,
    anchor: String,
    title_html: String,
    banners: Vec<Banner>,
    toc: Vec<TocEntry>,
    body_html: String,
    has_steps: bool,
    checklist_href: String,
}

#[derive(Serialize)]
struct ChecklistView {
    lang: String,
    title: String,
    banners: Vec<Banner>,
    storage_key: String,
    progress_template: String,
    steps_html: String,
    has_steps: bool,
    article_href: String,
    script: String,
}

#[derive(Serialize)]
struct IndexEntry {
    title: String,
    href: String,
    lang: String,
    markers: Vec<String>,
    checklist_href: String,
}

#[derive(Serialize)]
struct IndexView {
    articles: Vec<IndexEntry>,
}

#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    alternates: Vec<Alternate>,
}

#[derive(Serialize)]
struct SitemapView {
    urls: Vec<SitemapUrl>,
}

#[derive(Serialize)]
struct Page<'a, T: Serialize> {
    page: PageView,
    t: &'a BTreeMap<String, String>,
    #[serde(flatten)]
    body: T,
}

#[derive(Serialize)]
struct ArticleBody {
    article: ArticleView,
}

#[derive(Serialize)]
struct ChecklistBody {
    checklist: ChecklistView,
}

#[derive(Serialize)]
struct IndexBody {
    index: IndexView,
}

#[derive(Serialize)]
struct SitemapBody {
    sitemap: SitemapView,
}

#[derive(Serialize)]
struct Empty {}

/// Files and diagnostics of one rendering job.
type Rendered = (Vec<OutputFile>, Vec<Diagnostic>);

/// Which article is shown for a slug in a locale.
struct Shown<'a> {
    article: &'a Article,
    /// The article is from another locale (fallback).
    fallback: bool,
}

/// Everything the site is built from.
pub struct Site<'a> {
    /// Article models, every locale.
    pub articles: &'a [Article],
    /// UI strings.
    pub strings: &'a Strings,
    /// Templates and assets.
    pub templates: &'a Templates,
    /// Settings.
    pub options: &'a SiteOptions,
}

/// Renders the whole site below `site/`, handing each file to `sink` as soon as it is made
/// (so memory holds one page per thread, not the site); returns the diagnostics of rendering.
pub fn render(
    site: &Site<'_>,
    sink: &(dyn Fn(OutputFile) + Sync),
) -> Result<Vec<Diagnostic>, Error> {
    let mut by_slug: BTreeMap<&str, BTreeMap<String, &Article>> = BTreeMap::new();
    for article in site.articles {
        by_slug
            .entry(article.slug.as_str())
            .or_default()
            .insert(article.locale.clone(), article);
    }
    let locales: Vec<LanguageIdentifier> = site
        .articles
        .iter()
        .map(|a| a.locale.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter_map(|l| l.parse().ok())
        .collect();
    let links = LinkMap::new(by_slug.keys().map(|s| s.to_string()));
    let jobs: Vec<(&LanguageIdentifier, &str)> = locales
        .iter()
        .flat_map(|l| by_slug.keys().map(move |s| (l, *s)))
        .collect();
    let results: Vec<Result<Vec<Diagnostic>, Error>> = jobs
        .par_iter()
        .map(|(locale, slug)| {
            let shown = choose(&by_slug[slug], locale);
            let (files, diagnostics) =
                render_article_pages(site, &links, &locales, &by_slug[slug], locale, shown)?;
            files.into_iter().for_each(sink);
            Ok(diagnostics)
        })
        .collect();
    let mut diagnostics = Vec::new();
    for result in results {
        diagnostics.extend(result?);
    }
    for locale in &locales {
        sink(render_index(site, &locales, &by_slug, locale)?);
    }
    sink(render_languages(site, &locales)?);
    sink(render_sitemap(site, &by_slug)?);
    sink(OutputFile {
        path: PathBuf::from("site/style.css"),
        bytes: site.templates.asset("style.css").as_bytes().to_vec(),
    });
    // a fallback page renders another locale's article again: report its problems once
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.rule, &a.message)
            .cmp(&(&b.path, b.line, b.column, b.rule, &b.message))
    });
    diagnostics.dedup();
    Ok(diagnostics)
}

impl Shown<'_> {
    /// The locale of the article shown (the page's own `locale` if the tag does not parse).
    fn locale(&self, page: &LanguageIdentifier) -> LanguageIdentifier {
        self.article.locale.parse().unwrap_or_else(|_| page.clone())
    }
}

/// The article of `versions` shown in `locale`: its own, else the best along the negotiated
/// fallback chain (en-US last).
fn choose<'a>(versions: &BTreeMap<String, &'a Article>, locale: &LanguageIdentifier) -> Shown<'a> {
    if let Some(article) = versions.get(&locale.to_string()) {
        return Shown {
            article,
            fallback: false,
        };
    }
    let available: Vec<LanguageIdentifier> =
        versions.keys().filter_map(|l| l.parse().ok()).collect();
    let default: LanguageIdentifier = crate::l10n::DEFAULT_LOCALE.parse().expect("valid");
    let chosen = negotiate_languages(
        std::slice::from_ref(locale),
        &available,
        Some(&default),
        NegotiationStrategy::Lookup,
    );
    let key = chosen
        .first()
        .map(|l| l.to_string())
        .filter(|l| versions.contains_key(l))
        .unwrap_or_else(|| versions.keys().next().cloned().unwrap_or_default());
    Shown {
        article: versions[&key],
        fallback: true,
    }
}

/// Characters kept as they are in URL paths (RFC 3986 unreserved and `/`); everything else in
/// a slug (spaces, apostrophes, U+200B in real file names) is percent-encoded.
const PATH: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// A slug-based path made safe for an `href`.
pub fn url_path(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, PATH).to_string()
}

/// The URL of a page, relative to the site root: `nl-NL/a%20b.html`.
fn page_url(locale: &str, slug: &str, suffix: &str) -> String {
    url_path(&page_path(locale, slug, suffix))
}

/// The file of a page, relative to the site root.
fn page_path(locale: &str, slug: &str, suffix: &str) -> String {
    format!("{locale}/{slug}{suffix}")
}

/// Relative prefix from a page of `slug` in a locale folder to the site root.
fn to_root(slug: &str) -> String {
    format!("../{}", up_prefix(slug))
}

fn absolute(options: &SiteOptions, path: &str) -> String {
    let base = options.base_url.trim_end_matches('/');
    format!("{base}/{path}")
}

fn alternates(
    site: &Site<'_>,
    versions: &BTreeMap<String, &Article>,
    slug: &str,
    suffix: &str,
) -> Vec<Alternate> {
    let mut out: Vec<Alternate> = versions
        .keys()
        .map(|locale| Alternate {
            hreflang: locale.clone(),
            href: absolute(site.options, &page_url(locale, slug, suffix)),
        })
        .collect();
    let default = if versions.contains_key(crate::l10n::DEFAULT_LOCALE) {
        crate::l10n::DEFAULT_LOCALE.to_string()
    } else {
        versions.keys().next().cloned().unwrap_or_default()
    };
    out.push(Alternate {
        hreflang: "x-default".into(),
        href: absolute(site.options, &page_url(&default, slug, suffix)),
    });
    out
}

fn language_links(
    site: &Site<'_>,
    locales: &[LanguageIdentifier],
    current: &LanguageIdentifier,
    root: &str,
    target: impl Fn(&str) -> String,
) -> Vec<LanguageLink> {
    locales
        .iter()
        .map(|locale| {
            let t = site.strings.localizer(locale);
            LanguageLink {
                locale: locale.to_string(),
                name: t.get("language-name"),
                href: format!("{root}{}", target(&locale.to_string())),
                current: locale == current,
                choose: t.get("choose-language"),
            }
        })
        .collect()
}

fn banners(
    t: &Localizer,
    site: &Site<'_>,
    shown: &Shown<'_>,
    locale: &LanguageIdentifier,
) -> Vec<Banner> {
    let mut banners = Vec::new();
    if shown.fallback {
        let article_locale = shown.locale(locale);
        banners.push(Banner {
            kind: "fallback",
            text: t.format(
                "banner-fallback",
                &[
                    ("language", &t.language_name(locale, site.strings)),
                    ("fallback", &t.language_name(&article_locale, site.strings)),
                ],
            ),
        });
    }
    if shown.article.meta.translation_type == Some(TranslationType::Machine) {
        banners.push(Banner {
            kind: "machine-translated",
            text: t.get("banner-machine-translated"),
        });
    }
    banners
}

fn toc(article: &Article) -> Vec<TocEntry> {
    fn steps(steps: &[Step]) -> Vec<TocStep> {
        steps
            .iter()
            .map(|s| TocStep {
                anchor: html::step_id(&s.key),
                title: plain_text(&s.title),
                optional: s.optional,
            })
            .collect()
    }
    fn walk(sections: &[Section], out: &mut Vec<TocEntry>) {
        for section in sections {
            out.push(TocEntry {
                anchor: section.anchor.clone(),
                title: plain_text(&section.title),
                steps: steps(&section.steps),
            });
            walk(&section.sections, out);
        }
    }
    let mut out = Vec::new();
    walk(&article.sections, &mut out);
    out
}

fn push_section(out: &mut String, section: &Section, context: &RenderContext<'_>) {
    let level = section.level.clamp(2, 6);
    out.push_str(&format!(
        "<section><h{level} id=\"{}\">",
        html::escape(&context.unique_id(&section.anchor))
    ));
    html::push_inlines(out, &section.title, context, section.origin.line);
    out.push_str(&format!("</h{level}>\n"));
    html::push_blocks_with_steps(
        out,
        &section.blocks,
        section.steps_at,
        &section.steps,
        context,
        0,
    );
    for child in &section.sections {
        push_section(out, child, context);
    }
    out.push_str("</section>\n");
}

fn article_body(article: &Article, context: &RenderContext<'_>) -> String {
    context.sanitized_body(|out| {
        html::push_blocks_with_steps(
            out,
            &article.intro,
            article.steps_at,
            &article.steps,
            context,
            0,
        );
        for section in &article.sections {
            push_section(out, section, context);
        }
    })
}

fn checklist_body(article: &Article, context: &RenderContext<'_>) -> String {
    fn walk(out: &mut String, sections: &[Section], context: &RenderContext<'_>) {
        for section in sections {
            if !section.steps.is_empty() {
                out.push_str("<h2>");
                html::push_inlines(out, &section.title, context, section.origin.line);
                out.push_str("</h2>\n");
                html::push_steps(out, &section.steps, context, StepMode::Checklist, 0);
            }
            walk(out, &section.sections, context);
        }
    }
    context.sanitized_body(|out| {
        html::push_steps(out, &article.steps, context, StepMode::Checklist, 0);
        walk(out, &article.sections, context);
    })
}

fn render_article_pages(
    site: &Site<'_>,
    links: &LinkMap,
    locales: &[LanguageIdentifier],
    versions: &BTreeMap<String, &Article>,
    locale: &LanguageIdentifier,
    shown: Shown<'_>,
) -> Result<Rendered, Error> {
    let article = shown.article;
    let slug = article.slug.as_str();
    let t = site.strings.localizer(locale);
    let strings = t.all();
    let root = to_root(slug);
    let context = RenderContext::new(&t, links, slug, Path::new(&article.path));
    let title_text = plain_text(&article.title);
    let mut title_html = String::new();
    html::push_inlines(&mut title_html, &article.title, &context, 1);
    let has_steps = !article.all_steps().is_empty();
    let file_name = slug.rsplit('/').next().unwrap_or(slug);
    let canonical_locale = if shown.fallback {
        article.locale.clone()
    } else {
        locale.to_string()
    };
    let make_page = |kind: &'static str, title: String, suffix: &str| PageView {
        kind,
        lang: locale.to_string(),
        dir: "ltr",
        title,
        description: article.meta.description.clone().unwrap_or_default(),
        canonical: absolute(site.options, &page_url(&canonical_locale, slug, suffix)),
        alternates: alternates(site, versions, slug, suffix),
        languages: language_links(site, locales, locale, &root, |l| page_url(l, slug, suffix)),
        stylesheet: format!("{root}style.css"),
        home: format!("{root}{locale}/index.html"),
    };
    let article_view = ArticleView {
        lang: article.locale.clone(),
        // the H1 keeps its anchor unless a section uses the same one (ids must be unique)
        anchor: article
            .anchor
            .clone()
            .filter(|a| !toc(article).iter().any(|entry| &entry.anchor == a))
            .unwrap_or_else(|| "top".to_string()),
        title_html: html::sanitize(&title_html),
        banners: banners(&t, site, &shown, locale),
        toc: toc(article),
        body_html: article_body(article, &context),
        has_steps,
        checklist_href: url_path(&format!("{file_name}.checklist.html")),
    };
    let page = make_page("article", title_text.clone(), ".html");
    let html = site.templates.render(
        "article.html",
        &Page {
            page,
            t: &strings,
            body: ArticleBody {
                article: article_view,
            },
        },
    )?;
    let checklist_view = ChecklistView {
        lang: article.locale.clone(),
        title: t.format("checklist-title", &[("title", &title_text)]),
        banners: banners(&t, site, &shown, locale),
        storage_key: slug.to_string(),
        progress_template: t.format(
            "checklist-progress",
            &[("done", "{done}"), ("total", "{total}")],
        ),
        steps_html: checklist_body(article, &context),
        has_steps,
        article_href: url_path(&format!("{file_name}.html")),
        script: site.templates.asset("checklist.js").to_string(),
    };
    let page = make_page(
        "checklist",
        t.format("checklist-title", &[("title", &title_text)]),
        ".checklist.html",
    );
    let checklist = site.templates.render(
        "checklist.html",
        &Page {
            page,
            t: &strings,
            body: ChecklistBody {
                checklist: checklist_view,
            },
        },
    )?;
    let files = vec![
        OutputFile {
            path: Path::new("site").join(page_path(&locale.to_string(), slug, ".html")),
            bytes: html.into_bytes(),
        },
        OutputFile {
            path: Path::new("site").join(page_path(&locale.to_string(), slug, ".checklist.html")),
            bytes: checklist.into_bytes(),
        },
    ];
    Ok((files, context.take_diagnostics()))
}

fn render_index(
    site: &Site<'_>,
    locales: &[LanguageIdentifier],
    by_slug: &BTreeMap<&str, BTreeMap<String, &Article>>,
    locale: &LanguageIdentifier,
) -> Result<OutputFile, Error> {
    let t = site.strings.localizer(locale);
    let strings = t.all();
    let mut entries: Vec<IndexEntry> = by_slug
        .iter()
        .map(|(slug, versions)| {
            let shown = choose(versions, locale);
            let mut markers = Vec::new();
            if shown.fallback {
                let article_locale = shown.locale(locale);
                markers.push(t.format(
                    "fallback-marker",
                    &[("language", &t.language_name(&article_locale, site.strings))],
                ));
            }
            if shown.article.meta.translation_type == Some(TranslationType::Machine) {
                markers.push(t.get("machine-translated-marker"));
            }
            let has_steps = !shown.article.all_steps().is_empty();
            IndexEntry {
                title: plain_text(&shown.article.title),
                href: url_path(&format!("{slug}.html")),
                lang: shown.article.locale.clone(),
                markers,
                checklist_href: if has_steps {
                    url_path(&format!("{slug}.checklist.html"))
                } else {
                    String::new()
                },
            }
        })
        .collect();
    entries.sort_by(|a, b| {
        a.title
            .to_lowercase()
            .cmp(&b.title.to_lowercase())
            .then(a.href.cmp(&b.href))
    });
    let page = PageView {
        kind: "index",
        lang: locale.to_string(),
        dir: "ltr",
        title: t.get("articles-heading"),
        description: String::new(),
        canonical: absolute(site.options, &format!("{locale}/index.html")),
        alternates: locales
            .iter()
            .map(|l| Alternate {
                hreflang: l.to_string(),
                href: absolute(site.options, &format!("{l}/index.html")),
            })
            .collect(),
        languages: language_links(site, locales, locale, "../", |l| format!("{l}/index.html")),
        stylesheet: "../style.css".into(),
        home: "index.html".into(),
    };
    let html = site.templates.render(
        "index.html",
        &Page {
            page,
            t: &strings,
            body: IndexBody {
                index: IndexView { articles: entries },
            },
        },
    )?;
    Ok(OutputFile {
        path: Path::new("site")
            .join(locale.to_string())
            .join("index.html"),
        bytes: html.into_bytes(),
    })
}

fn render_languages(site: &Site<'_>, locales: &[LanguageIdentifier]) -> Result<OutputFile, Error> {
    let default: LanguageIdentifier = crate::l10n::DEFAULT_LOCALE.parse().expect("valid");
    let t = site.strings.localizer(&default);
    let strings = t.all();
    let page = PageView {
        kind: "languages",
        lang: default.to_string(),
        dir: "ltr",
        title: t.get("site-title"),
        description: String::new(),
        canonical: absolute(site.options, "index.html"),
        alternates: locales
            .iter()
            .map(|l| Alternate {
                hreflang: l.to_string(),
                href: absolute(site.options, &format!("{l}/index.html")),
            })
            .collect(),
        languages: language_links(site, locales, &default, "", |l| format!("{l}/index.html")),
        stylesheet: "style.css".into(),
        home: "index.html".into(),
    };
    let html = site.templates.render(
        "languages.html",
        &Page {
            page,
            t: &strings,
            body: Empty {},
        },
    )?;
    Ok(OutputFile {
        path: PathBuf::from("site/index.html"),
        bytes: html.into_bytes(),
    })
}

fn render_sitemap(
    site: &Site<'_>,
    by_slug: &BTreeMap<&str, BTreeMap<String, &Article>>,
) -> Result<OutputFile, Error> {
    let mut urls = Vec::new();
    for (slug, versions) in by_slug {
        for locale in versions.keys() {
            urls.push(SitemapUrl {
                loc: absolute(site.options, &page_url(locale, slug, ".html")),
                alternates: alternates(site, versions, slug, ".html"),
            });
        }
    }
    let t = site
        .strings
        .localizer(&crate::l10n::DEFAULT_LOCALE.parse().expect("valid"));
    let strings = t.all();
    let page = PageView {
        kind: "sitemap",
        lang: String::new(),
        dir: "ltr",
        title: String::new(),
        description: String::new(),
        canonical: String::new(),
        alternates: Vec::new(),
        languages: Vec::new(),
        stylesheet: String::new(),
        home: String::new(),
    };
    let xml = site.templates.render(
        "sitemap.xml",
        &Page {
            page,
            t: &strings,
            body: SitemapBody {
                sitemap: SitemapView { urls },
            },
        },
    )?;
    Ok(OutputFile {
        path: PathBuf::from("site/sitemap.xml"),
        bytes: xml.into_bytes(),
    })
}
