//! The static help site: article pages, interactive checklists, locale indexes, the language
//! chooser, the sitemap and the stylesheet, for every locale that has articles.
//!
//! 1. per site locale, the article shown ([`Versions::shown`]): the locale's own, or one along
//!    the negotiated fallback chain (with a visible banner);
//! 2. render each article's body and steps to sanitized HTML ([`super::html`]);
//! 3. fill the Tera templates with serializable views that borrow nothing from Tera;
//! 4. return the files of one article ([`render_article`]) or of the pages made from all
//!    articles' summaries ([`render_globals`]); writing is [`crate::output`]'s job.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::frontmatter::TranslationType;
use crate::l10n::{Localizer, Strings};
use crate::library::{Versions, shown_locale};
use crate::locale::Locale;
use crate::model::{Article, Section, Step, plain_text};
use crate::output::OutputFile;
use crate::templates::Templates;

use super::RenderContext;
use super::html::{self, StepMode};
use super::links::LinkMap;
use super::urls::{self, page_path, page_url, to_root, url_path};

/// Site settings.
#[derive(Debug, Clone)]
pub struct SiteOptions {
    /// Absolute base URL of the published site, for canonical links, hreflang and the sitemap.
    pub base_url: String,
    /// The content's attribution and the address of its licence (`kbgen.toml`).
    pub attribution: Option<(String, Option<String>)>,
    /// Where an article's source file is published: `{path}` is its path below the locale
    /// folder (`sub/article.md`), `{locale}` the article's locale (`--source-url`).
    pub source_url: Option<String>,
}

impl Default for SiteOptions {
    fn default() -> Self {
        SiteOptions {
            base_url: "http://localhost:8000/".to_string(),
            attribution: None,
            source_url: None,
        }
    }
}

/// Where an article page says its text comes from.
#[derive(Serialize, Default)]
struct Provenance {
    /// "Last updated 22 april 2020", in the page's locale.
    updated: Option<String>,
    /// Human or machine translation, or the original.
    translation: String,
    /// The source file's address, when `--source-url` is given.
    source_href: Option<String>,
}

#[derive(Serialize)]
struct AttributionView {
    text: String,
    href: Option<String>,
}

fn attribution(options: &SiteOptions) -> Option<AttributionView> {
    options
        .attribution
        .as_ref()
        .map(|(text, href)| AttributionView {
            text: text.clone(),
            href: href
                .clone()
                .filter(|h| matches!(crate::url::scheme(h).as_deref(), Some("http" | "https"))),
        })
}

/// The provenance of `article` shown to a reader of `t`'s locale.
fn provenance(article: &Article, t: &Localizer, options: &SiteOptions) -> Provenance {
    // the file's path below its locale folder: the same in every locale's repository
    let content_path = format!("{}.md", article.slug);
    let meta = &article.meta;
    let updated = meta.updated_date().and_then(|(year, month, day)| {
        let text = t.date(year, month, day)?;
        Some(t.format("provenance-updated", &[("date", &text)]))
    });
    let translation = match meta.translation_type {
        Some(TranslationType::Machine) => t.get("provenance-machine"),
        _ if article.locale == "en-US" => t.get("provenance-original"),
        _ => t.get("provenance-human"),
    };
    let source_href = options.source_url.as_ref().map(|pattern| {
        let encoded = |text: &str| {
            percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC)
                .to_string()
                .replace("%2F", "/")
                .replace("%2E", ".")
                .replace("%2D", "-")
                .replace("%5F", "_")
        };
        pattern
            .replace("{path}", &encoded(&content_path))
            .replace("{locale}", &encoded(&article.locale))
    });
    Provenance {
        updated,
        translation,
        source_href,
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
    dir: &'static str,
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
    /// The search box (pages of a locale).
    search: Option<SearchView>,
}

/// The search box of a locale's pages: where its bundle is, and its localized counts.
#[derive(Serialize)]
struct SearchView {
    /// The locale's search folder (its list of bundles), relative to the page.
    bundle: String,
    /// The site root, relative to the page (result URLs are relative to it).
    root: String,
    /// The search script.
    script: String,
    /// `search-count` for each plural category of the locale, as JSON (`{count}` marks the
    /// number).
    counts: String,
}

impl SearchView {
    /// The search box of a page of `locale` that reaches the site root with `root`.
    fn new(t: &Localizer, locale: &Locale, root: &str) -> Option<SearchView> {
        Some(SearchView {
            bundle: format!("{root}{}", urls::search_folder(&locale.tag())),
            root: root.to_string(),
            script: format!("{root}{}", urls::SEARCH_SCRIPT),
            counts: serde_json::to_string(&*t.plural_patterns("search-count", "count")).ok()?,
        })
    }
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

/// The sidebar and previous/next of an article page, filled in by a script from the locale's
/// `toc.json`.
#[derive(Serialize)]
struct NavView {
    /// The locale's `toc.json`, relative to the page.
    toc: String,
    /// The navigation script.
    script: String,
}

#[derive(Serialize)]
struct ArticleView {
    nav: NavView,
    lang: String,
    dir: &'static str,
    anchor: String,
    title_html: String,
    banners: Vec<Banner>,
    toc: Vec<TocEntry>,
    body_html: String,
    /// The page can show the English each block was translated from.
    has_sources: bool,
    has_steps: bool,
    checklist_href: String,
    provenance: Provenance,
    attribution: Option<AttributionView>,
    /// The address of the "show the English" toggle's script, when `has_sources`.
    source_script: String,
    /// The folders above the article (its navigation sections), for the breadcrumbs.
    crumbs: Vec<String>,
}

#[derive(Serialize)]
struct ChecklistView {
    lang: String,
    dir: &'static str,
    title: String,
    banners: Vec<Banner>,
    /// The article's slug: a run is stored under it, so it survives a language switch.
    slug: String,
    /// The article's title as text (a run record's `article`).
    article_title: String,
    /// Texts the script fills in: `{done}`, `{total}`, `{time}` and `{name}` are placeholders.
    templates: RunTemplates,
    steps_html: String,
    has_steps: bool,
    article_href: String,
    attribution: Option<AttributionView>,
    script: String,
}

/// The interactive checklist's localized texts for its script: the progress lines for every
/// count of done steps (JSON arrays indexed by that count, so each has its plural form and the
/// locale's digits), and tick times with placeholders.
#[derive(Serialize)]
struct RunTemplates {
    required: String,
    optional: String,
    tick_time: String,
    tick_time_by: String,
}

impl RunTemplates {
    fn new(t: &Localizer, article: &Article) -> Self {
        let boxes = article.checklist_steps();
        let optional = boxes.iter().filter(|(_, optional)| *optional).count();
        let progress = |id: &str, total: usize| {
            let lines: Vec<String> = (0..=total)
                .map(|done| t.format_counts(id, &[("done", done), ("total", total)]))
                .collect();
            serde_json::to_string(&lines).unwrap_or_default()
        };
        RunTemplates {
            required: progress("run-required-progress", boxes.len() - optional),
            optional: progress("run-optional-progress", optional),
            tick_time: t.format("run-tick-time", &[("time", "{time}")]),
            tick_time_by: t.format(
                "run-tick-time-by",
                &[("time", "{time}"), ("name", "{name}")],
            ),
        }
    }
}

#[derive(Serialize)]
struct IndexEntry {
    title: String,
    href: String,
    lang: String,
    dir: &'static str,
    markers: Vec<String>,
    checklist_href: String,
}

#[derive(Serialize)]
struct IndexView {
    /// The page's articles in their navigation sections, in order.
    groups: Vec<IndexGroup>,
    /// This page's number (from 1) and how many pages the index has.
    page: usize,
    pages: usize,
    /// "Page 2 of 6".
    label: String,
    /// The previous and next page (file names in the locale's folder), or empty.
    previous: String,
    next: String,
}

/// The articles of one navigation section on an index page: the folder below the locale
/// folder (`admin/users` shows as `admin › users`); `None` for the top folder's articles.
#[derive(Serialize)]
struct IndexGroup {
    title: Option<String>,
    articles: Vec<IndexEntry>,
}

/// The navigation section of `slug`: its folder below the locale folder, empty at the top.
fn section_of(slug: &str) -> &str {
    slug.rsplit_once('/').map_or("", |(folder, _)| folder)
}

/// One article in the sitemap: its pages (a `<url>` each, every page an alternate of the
/// others) and its `x-default` page. Held once per article, not once per page.
#[derive(Serialize)]
struct SitemapArticle {
    pages: Vec<Alternate>,
    default: String,
}

#[derive(Serialize)]
struct SitemapView {
    articles: Vec<SitemapArticle>,
    /// The sitemap files a sitemap index lists.
    parts: Vec<String>,
}

#[derive(Serialize)]
struct Page<T: Serialize> {
    page: PageView,
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

/// The language chooser's script (it goes to the browser's language once).
#[derive(Serialize)]
struct LanguagesBody {
    script: String,
}

/// Files and diagnostics of one rendering job.
type Rendered = (Vec<OutputFile>, Vec<Diagnostic>);

/// Which article is shown for a slug in a locale.
struct Shown<'a> {
    article: &'a Article,
    /// The article is from another locale (fallback).
    fallback: bool,
}

/// Everything the site is built from besides the articles themselves.
pub struct Site<'a> {
    /// UI strings.
    pub strings: &'a Strings,
    /// Templates and assets.
    pub templates: &'a Templates,
    /// Settings.
    pub options: &'a SiteOptions,
    /// The site's locales (a folder each), sorted.
    pub locales: &'a [Locale],
    /// The site's articles, for links between them.
    pub links: &'a LinkMap,
    /// The content's table of contents per locale (locales without one navigate by folder).
    pub navigation: &'a BTreeMap<Locale, crate::navigation::Toc>,
}

/// What the indexes and the sitemap need of one article text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// The title as plain text.
    pub title: String,
    /// Machine translated.
    pub machine: bool,
    /// Has steps (and so a checklist).
    pub has_steps: bool,
}

impl Summary {
    /// The summary of an article model.
    pub fn of(article: &Article) -> Summary {
        Summary {
            title: plain_text(&article.title),
            machine: article.meta.translation_type == Some(TranslationType::Machine),
            has_steps: !article.all_steps().is_empty(),
        }
    }
}

/// An article's summaries by locale, sorted by locale: a sorted slice rather than a map, as
/// the catalog holds one for every article of the site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summaries(Box<[(Locale, Summary)]>);

impl Summaries {
    /// The summary of the text in `locale`.
    pub fn get(&self, locale: &Locale) -> Option<&Summary> {
        let found = self.0.binary_search_by(|(l, _)| l.cmp(locale)).ok()?;
        Some(&self.0[found].1)
    }

    /// The locales the article has a text in, for [`crate::library::shown_locale`].
    pub fn available(&self) -> BTreeSet<Locale> {
        self.0.iter().map(|(locale, _)| locale.clone()).collect()
    }

    /// Locale and summary of each text, in locale order.
    pub fn iter(&self) -> impl Iterator<Item = (&Locale, &Summary)> {
        self.0.iter().map(|(locale, summary)| (locale, summary))
    }
}

impl From<&BTreeMap<Locale, Summary>> for Summaries {
    fn from(map: &BTreeMap<Locale, Summary>) -> Summaries {
        Summaries(map.iter().map(|(l, s)| (l.clone(), s.clone())).collect())
    }
}

impl std::ops::Index<&Locale> for Summaries {
    type Output = Summary;

    /// Panics when the article has no text in `locale`, as a map would.
    fn index(&self, locale: &Locale) -> &Summary {
        self.get(locale).expect("a summary in this locale")
    }
}

/// Every article of the site: slug, then the locales it has a text in.
pub type Catalog<'a> = BTreeMap<&'a str, Summaries>;

/// The article and checklist pages of one article in every site locale (its own text, or a
/// fallback with a banner), and the diagnostics of rendering them.
pub fn render_article(site: &Site<'_>, versions: &Versions) -> Result<Rendered, Error> {
    let available = versions.locales();
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    for locale in site.locales {
        let Some((article, fallback)) = versions.shown(locale) else {
            continue;
        };
        let shown = Shown { article, fallback };
        let own: Option<Locale> = article.locale.parse().ok();
        let sources = own
            .filter(|l| !l.is_en_us())
            .and_then(|l| versions.sources.get(&l));
        let (pages, found) =
            render_article_pages(site, &available, locale, shown, &versions.media, sources)?;
        files.extend(pages);
        diagnostics.extend(found);
    }
    // a fallback page renders another locale's article again: report its problems once
    crate::diagnostic::sort(&mut diagnostics);
    Ok((files, diagnostics))
}

/// Articles on one index page and in one sitemap file. The pages made from every article are
/// rendered a page at a time, so their memory does not grow with the corpus, and a sitemap file
/// stays far below the protocol's 50,000 URLs (500 articles in up to 100 locales).
pub const PAGE_ARTICLES: usize = 500;

/// The pages made from every article together, handed to `sink` one at a time: the index of each
/// locale (in pages of [`PAGE_ARTICLES`]), the language chooser, the sitemap (a sitemap index
/// over sitemap files of [`PAGE_ARTICLES`] articles when the site has more), the stylesheet and
/// the scripts ([`urls::SCRIPTS`]).
pub fn render_globals(
    site: &Site<'_>,
    catalog: &Catalog<'_>,
    sink: &mut dyn FnMut(OutputFile),
) -> Result<(), Error> {
    for locale in site.locales {
        render_index(site, catalog, locale, sink)?;
        sink(render_navigation(site, catalog, locale));
    }
    sink(render_languages(site)?);
    render_sitemap(site, catalog, sink)?;
    for asset in std::iter::once(urls::STYLESHEET).chain(urls::SCRIPTS.iter().copied()) {
        sink(OutputFile {
            path: Path::new("site").join(asset),
            bytes: site.templates.asset(asset).as_bytes().to_vec(),
        });
    }
    Ok(())
}

impl Shown<'_> {
    /// The locale of the article shown (the page's own `locale` if the tag does not parse).
    fn locale(&self, page: &Locale) -> Locale {
        self.article.locale.parse().unwrap_or_else(|_| page.clone())
    }
}

fn absolute(options: &SiteOptions, path: &str) -> String {
    urls::absolute(&options.base_url, path)
}

fn alternates(
    site: &Site<'_>,
    versions: &BTreeSet<Locale>,
    slug: &str,
    suffix: &str,
) -> Vec<Alternate> {
    let mut out: Vec<Alternate> = versions
        .iter()
        .map(|locale| Alternate {
            hreflang: locale.tag(),
            href: absolute(site.options, &page_url(&locale.tag(), slug, suffix)),
        })
        .collect();
    let en_us = Locale::en_us();
    let default = if versions.contains(&en_us) {
        Some(&en_us)
    } else {
        versions.iter().next()
    };
    if let Some(default) = default {
        out.push(Alternate {
            hreflang: "x-default".into(),
            href: absolute(site.options, &page_url(&default.tag(), slug, suffix)),
        });
    }
    out
}

fn language_links(
    site: &Site<'_>,
    current: &Locale,
    root: &str,
    target: impl Fn(&str) -> String,
) -> Vec<LanguageLink> {
    site.locales
        .iter()
        .map(|locale| {
            let t = site.strings.localizer(locale.id());
            LanguageLink {
                locale: locale.tag(),
                dir: locale.direction().as_str(),
                name: site.strings.endonym(locale.id()),
                href: format!("{root}{}", target(&locale.tag())),
                current: locale == current,
                choose: t.get("choose-language"),
            }
        })
        .collect()
}

fn banners(t: &Localizer, site: &Site<'_>, shown: &Shown<'_>, locale: &Locale) -> Vec<Banner> {
    let mut banners = Vec::new();
    if shown.fallback {
        let article_locale = shown.locale(locale);
        banners.push(Banner {
            kind: "fallback",
            text: t.format(
                "banner-fallback",
                &[
                    ("language", &t.language_name(locale.id(), site.strings)),
                    (
                        "fallback",
                        &t.language_name(article_locale.id(), site.strings),
                    ),
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
                anchor: crate::model::step_anchor(&s.key),
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
    html::push_source(out, &section.origin.segments, context);
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
    context.reserve_ids(article);
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
                let mode = StepMode::Checklist { heading: 3 };
                html::push_steps(out, &section.steps, context, mode, 0);
            }
            walk(out, &section.sections, context);
        }
    }
    context.reserve_ids(article);
    context.sanitized_body(|out| {
        let mode = StepMode::Checklist { heading: 2 };
        html::push_steps(out, &article.steps, context, mode, 0);
        walk(out, &article.sections, context);
    })
}

fn render_article_pages(
    site: &Site<'_>,
    versions: &BTreeSet<Locale>,
    locale: &Locale,
    shown: Shown<'_>,
    media: &BTreeMap<(PathBuf, String), PathBuf>,
    sources: Option<&std::collections::HashMap<String, String>>,
) -> Result<Rendered, Error> {
    let article = shown.article;
    let slug = article.slug.as_str();
    let t = site.strings.localizer(locale.id());
    let root = to_root(slug);
    let mut context = RenderContext::new(&t, site.links, slug, Path::new(&article.path));
    context.media = Some(media);
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
        dir: locale.direction().as_str(),
        title,
        description: article.meta.description.clone().unwrap_or_default(),
        canonical: absolute(site.options, &page_url(&canonical_locale, slug, suffix)),
        alternates: alternates(site, versions, slug, suffix),
        languages: language_links(site, locale, &root, |l| page_url(l, slug, suffix)),
        stylesheet: format!("{root}{}", urls::STYLESHEET),
        home: format!("{root}{}", urls::index_page(&locale.tag())),
        search: SearchView::new(&t, locale, &root),
    };
    let article_dir = article_direction(article);
    let article_view = ArticleView {
        // the groups above the article in the locale's table of contents, else its folders
        crumbs: match site
            .navigation
            .get(locale)
            .and_then(|toc| toc.ancestors.get(slug))
        {
            Some(above) => above.iter().filter(|s| !s.is_empty()).cloned().collect(),
            None => section_of(slug)
                .split('/')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        },
        nav: NavView {
            toc: format!("{root}{}", urls::navigation_file(&locale.tag())),
            script: format!("{root}{}", urls::NAV_SCRIPT),
        },
        lang: article.locale.clone(),
        dir: article_dir,
        // the H1 keeps its anchor unless a section uses the same one (ids must be unique)
        anchor: article
            .anchor
            .clone()
            .filter(|a| !toc(article).iter().any(|entry| &entry.anchor == a))
            .unwrap_or_else(|| "top".to_string()),
        title_html: html::sanitize_for(&title_html, site.links.remote_images()),
        banners: banners(&t, site, &shown, locale),
        toc: toc(article),
        body_html: {
            context.sources = sources;
            let body = article_body(article, &context);
            context.sources = None;
            body
        },
        has_sources: sources.is_some(),
        has_steps,
        checklist_href: url_path(&format!("{file_name}{}", urls::CHECKLIST)),
        provenance: provenance(article, &t, site.options),
        attribution: attribution(site.options),
        source_script: format!("{root}source.js"),
    };
    let page = make_page("article", title_text.clone(), urls::ARTICLE);
    let html = site.templates.render_localized(
        "article.html",
        &Page {
            page,
            body: ArticleBody {
                article: article_view,
            },
        },
        &t,
    )?;
    let checklist_view = ChecklistView {
        lang: article.locale.clone(),
        dir: article_dir,
        title: t.format("checklist-title", &[("title", &title_text)]),
        banners: banners(&t, site, &shown, locale),
        slug: slug.to_string(),
        article_title: title_text.clone(),
        templates: RunTemplates::new(&t, article),
        steps_html: checklist_body(article, &context),
        has_steps,
        article_href: url_path(&format!("{file_name}{}", urls::ARTICLE)),
        attribution: attribution(site.options),
        script: format!("{root}checklist.js"),
    };
    let page = make_page(
        "checklist",
        t.format("checklist-title", &[("title", &title_text)]),
        urls::CHECKLIST,
    );
    let checklist = site.templates.render_localized(
        "checklist.html",
        &Page {
            page,
            body: ChecklistBody {
                checklist: checklist_view,
            },
        },
        &t,
    )?;
    let files = vec![
        OutputFile {
            path: Path::new("site").join(page_path(&locale.tag(), slug, urls::ARTICLE)),
            bytes: html.into_bytes(),
        },
        OutputFile {
            path: Path::new("site").join(page_path(&locale.tag(), slug, urls::CHECKLIST)),
            bytes: checklist.into_bytes(),
        },
    ];
    Ok((files, context.take_diagnostics()))
}

/// The articles shown in `locale` as (title, slug, shown locale, fallback), in the order of
/// the index: by navigation section (the top folder's articles first), then by title, both in
/// the locale's collation (Swedish `Z < Å < Ä < Ö`).
fn index_order<'c>(
    catalog: &'c Catalog<'_>,
    locale: &Locale,
) -> Vec<(&'c str, &'c str, Locale, bool)> {
    let mut order: Vec<(&str, &str, Locale, bool)> = catalog
        .iter()
        .filter_map(|(slug, versions)| {
            let available = versions.available();
            let shown = shown_locale(&available, locale)?;
            let title = versions[&shown.locale].title.as_str();
            Some((title, *slug, shown.locale, shown.fallback))
        })
        .collect();
    let collation = crate::locale_format::Collation::new(locale);
    order.sort_by(|a, b| {
        let (x, y) = (section_of(a.1), section_of(b.1));
        (!x.is_empty())
            .cmp(&!y.is_empty())
            .then_with(|| collation.compare(x, y))
            .then_with(|| collation.compare(a.0, b.0))
            .then(a.1.cmp(b.1))
    });
    order
}

/// One entry of a locale's `toc.json`: title, `href` from the locale's folder (none for a
/// group, or an article the locale does not show), entries; its fields in name order, as
/// `toc.json` has always had them.
#[derive(Serialize)]
struct NavEntry<'a> {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    c: Vec<NavEntry<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    h: Option<String>,
    t: std::borrow::Cow<'a, str>,
}

/// `toc.json`, serialized as it is (not through a `serde_json::Value` copy of every entry).
#[derive(Serialize)]
struct NavFile<'a> {
    items: &'a [NavEntry<'a>],
}

/// A locale's navigation as `site/<locale>/toc.json`, for the sidebar and previous/next: the
/// content's table of contents when the locale has one, else the index's sections and order.
fn render_navigation(site: &Site<'_>, catalog: &Catalog<'_>, locale: &Locale) -> OutputFile {
    let shown_title = |slug: &str| -> Option<&str> {
        let versions = catalog.get(slug)?;
        let available = versions.available();
        let shown = shown_locale(&available, locale)?;
        Some(versions[&shown.locale].title.as_str())
    };
    let href = |slug: &str| url_path(&format!("{slug}{}", urls::ARTICLE));
    fn walk<'a>(
        items: &'a [crate::navigation::NavItem],
        title: &dyn Fn(&str) -> Option<&'a str>,
        href: &dyn Fn(&str) -> String,
    ) -> Vec<NavEntry<'a>> {
        use crate::navigation::NavTarget;
        items
            .iter()
            .map(|item| {
                let name = item.name.as_str();
                let (t, h) = match &item.target {
                    NavTarget::Article(slug) => match title(slug) {
                        Some(shown) if name.is_empty() => (shown, Some(href(slug))),
                        Some(_) => (name, Some(href(slug))),
                        None => (name, None),
                    },
                    NavTarget::External(url) => (name, Some(url.clone())),
                    NavTarget::None => (name, None),
                };
                NavEntry {
                    t: std::borrow::Cow::Borrowed(t),
                    h,
                    c: walk(&item.children, title, href),
                }
            })
            .collect()
    }
    let toc = site.navigation.get(locale);
    let entries: Vec<NavEntry<'_>> = match toc {
        Some(toc) if !toc.items.is_empty() => walk(&toc.items, &shown_title, &href),
        _ => {
            // by folder, as the index; a folder with its own table is a section made from it
            let sections = toc.map(|t| &t.sections);
            let covered = |folder: &str| {
                sections.is_some_and(|s| {
                    s.keys()
                        .any(|f| folder == f || folder.starts_with(&format!("{f}/")))
                })
            };
            let mut entries: Vec<NavEntry<'_>> = Vec::new();
            let mut section: Option<&str> = None;
            for (title, slug, _, _) in index_order(catalog, locale) {
                let entry = NavEntry {
                    t: title.into(),
                    h: Some(href(slug)),
                    c: Vec::new(),
                };
                let here = section_of(slug);
                if here.is_empty() {
                    entries.push(entry);
                    continue;
                }
                if covered(here) {
                    continue;
                }
                if section != Some(here) {
                    entries.push(NavEntry {
                        t: crate::navigation::section_name(here).into(),
                        h: None,
                        c: Vec::new(),
                    });
                    section = Some(here);
                }
                if let Some(group) = entries.last_mut() {
                    group.c.push(entry);
                }
            }
            for (folder, items) in sections.into_iter().flatten() {
                entries.push(NavEntry {
                    t: crate::navigation::section_name(folder).into(),
                    h: None,
                    c: walk(items, &shown_title, &href),
                });
            }
            entries
        }
    };
    OutputFile {
        path: Path::new("site").join(urls::navigation_file(&locale.tag())),
        bytes: serde_json::to_vec(&NavFile { items: &entries }).unwrap_or_default(),
    }
}

fn render_index(
    site: &Site<'_>,
    catalog: &Catalog<'_>,
    locale: &Locale,
    sink: &mut dyn FnMut(OutputFile),
) -> Result<(), Error> {
    let t = site.strings.localizer(locale.id());
    let order = index_order(catalog, locale);
    // sections get headings only when the content has more than one
    let sectioned = order
        .first()
        .is_some_and(|first| order.iter().any(|o| section_of(o.1) != section_of(first.1)));
    let pages = order.len().div_ceil(PAGE_ARTICLES).max(1);
    for (i, chunk) in order
        .chunks(PAGE_ARTICLES)
        .chain(order.is_empty().then_some(&[][..]))
        .enumerate()
    {
        let n = i + 1;
        let mut groups: Vec<IndexGroup> = Vec::new();
        for (_, slug, shown, fallback) in chunk {
            let summary = &catalog[*slug][shown];
            let mut markers = Vec::new();
            if *fallback {
                markers.push(t.format(
                    "fallback-marker",
                    &[("language", &t.language_name(shown.id(), site.strings))],
                ));
            }
            if summary.machine {
                markers.push(t.get("machine-translated-marker"));
            }
            let entry = IndexEntry {
                title: summary.title.clone(),
                href: url_path(&format!("{slug}{}", urls::ARTICLE)),
                lang: shown.tag(),
                dir: shown.direction().as_str(),
                markers,
                checklist_href: if summary.has_steps {
                    url_path(&format!("{slug}{}", urls::CHECKLIST))
                } else {
                    String::new()
                },
            };
            let section = section_of(slug);
            let title = (sectioned && !section.is_empty()).then(|| section.replace('/', " › "));
            match groups.last_mut() {
                Some(group) if group.title == title => group.articles.push(entry),
                _ => groups.push(IndexGroup {
                    title,
                    articles: vec![entry],
                }),
            }
        }
        let path = urls::index_page_n(&locale.tag(), n);
        let page = PageView {
            kind: "index",
            lang: locale.to_string(),
            dir: locale.direction().as_str(),
            title: t.get("articles-heading"),
            description: String::new(),
            canonical: absolute(site.options, &path),
            alternates: if n == 1 {
                locale_alternates(site)
            } else {
                Vec::new()
            },
            languages: language_links(site, locale, "../", urls::index_page),
            stylesheet: format!("../{}", urls::STYLESHEET),
            home: "index.html".into(),
            search: SearchView::new(&t, locale, "../"),
        };
        let index = IndexView {
            groups,
            page: n,
            pages,
            label: t.format_counts("index-page", &[("page", n), ("pages", pages)]),
            previous: if n > 1 {
                urls::index_file(n - 1)
            } else {
                String::new()
            },
            next: if n < pages {
                urls::index_file(n + 1)
            } else {
                String::new()
            },
        };
        let html = site.templates.render_localized(
            "index.html",
            &Page {
                page,
                body: IndexBody { index },
            },
            &t,
        )?;
        sink(OutputFile {
            path: Path::new("site").join(path),
            bytes: html.into_bytes(),
        });
    }
    Ok(())
}

/// The direction of an article's own language (it differs from the page's on fallback pages).
fn article_direction(article: &Article) -> &'static str {
    article
        .locale
        .parse::<Locale>()
        .map_or("ltr", |l| l.direction().as_str())
}

fn locale_alternates(site: &Site<'_>) -> Vec<Alternate> {
    site.locales
        .iter()
        .map(|l| Alternate {
            hreflang: l.tag(),
            href: absolute(site.options, &urls::index_page(&l.tag())),
        })
        .collect()
}

fn render_languages(site: &Site<'_>) -> Result<OutputFile, Error> {
    let default = Locale::en_us();
    let t = site.strings.localizer(default.id());
    let page = PageView {
        kind: "languages",
        lang: default.to_string(),
        dir: default.direction().as_str(),
        title: t.get("site-title"),
        description: String::new(),
        canonical: absolute(site.options, urls::ROOT_PAGE),
        alternates: locale_alternates(site),
        languages: language_links(site, &default, "", urls::index_page),
        stylesheet: urls::STYLESHEET.into(),
        home: urls::ROOT_PAGE.into(),
        search: None,
    };
    let html = site.templates.render_localized(
        "languages.html",
        &Page {
            page,
            body: LanguagesBody {
                script: site.templates.asset("languages.js").to_string(),
            },
        },
        &t,
    )?;
    Ok(OutputFile {
        path: Path::new("site").join(urls::ROOT_PAGE),
        bytes: html.into_bytes(),
    })
}

fn render_sitemap(
    site: &Site<'_>,
    catalog: &Catalog<'_>,
    sink: &mut dyn FnMut(OutputFile),
) -> Result<(), Error> {
    let t = site
        .strings
        .localizer(&crate::l10n::DEFAULT_LOCALE.parse().expect("valid"));
    let render = |template: &str, sitemap: SitemapView| {
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
            search: None,
        };
        site.templates.render_localized(
            template,
            &Page {
                page,
                body: SitemapBody { sitemap },
            },
            &t,
        )
    };
    let slugs: Vec<&str> = catalog.keys().copied().collect();
    let parts = slugs.len().div_ceil(PAGE_ARTICLES);
    for (i, chunk) in slugs.chunks(PAGE_ARTICLES).enumerate() {
        let mut articles = Vec::new();
        for slug in chunk {
            let available = catalog[*slug].available();
            let mut pages = alternates(site, &available, slug, urls::ARTICLE);
            let Some(default) = pages.pop() else {
                continue;
            };
            articles.push(SitemapArticle {
                pages,
                default: default.href,
            });
        }
        let xml = render(
            "sitemap.xml",
            SitemapView {
                articles,
                parts: Vec::new(),
            },
        )?;
        let name = if parts <= 1 {
            urls::SITEMAP.to_string()
        } else {
            urls::sitemap_part(i + 1)
        };
        sink(OutputFile {
            path: Path::new("site").join(name),
            bytes: xml.into_bytes(),
        });
    }
    if parts > 1 || slugs.is_empty() {
        let template = if slugs.is_empty() {
            "sitemap.xml"
        } else {
            "sitemap-index.xml"
        };
        let xml = render(
            template,
            SitemapView {
                articles: Vec::new(),
                parts: (1..=parts)
                    .map(|n| absolute(site.options, &urls::sitemap_part(n)))
                    .collect(),
            },
        )?;
        sink(OutputFile {
            path: Path::new("site").join(urls::SITEMAP),
            bytes: xml.into_bytes(),
        });
    }
    Ok(())
}
