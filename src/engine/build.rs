//! `build`: every output of a content directory, in two passes.
//!
//! 1. the first pass ([`crate::index`]) reads every file once and keeps a small entry per file;
//! 2. the second pass takes the articles in slug order, a batch at a time on the rayon pool:
//!    each article is loaded in all its locales ([`Versions`]), modelled, rendered (markdown,
//!    model JSON, checklists, site pages) and written, then dropped, so memory holds one batch
//!    of articles whatever the size of the corpus;
//! 3. the pages made from every article (indexes, language chooser, sitemap) come from the
//!    summaries the second pass keeps; translation memory streams to disk a batch of articles
//!    at a time; notice samples load only the articles notices use.
//!
//! Every unit of work is skipped when the manifest ([`super::manifest`]) says its inputs have
//! not changed, and every file whose bytes are unchanged is left alone.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Tally};
use crate::error::Error;
use crate::export::{self, tmx::TmxWriter, xliff::XliffWriter};
use crate::index::{Digest, Hash, Index, PartsHasher, SourceChoice, hash_parts};
use crate::library::Versions;
use crate::locale::Locale;
use crate::notice::Notice;
use crate::output::{OutputDir, OutputFile};
use crate::render::checklist::ChecklistFormat;
use crate::render::email::{self, EmailContext};
use crate::render::links::LinkMap;
use crate::render::site::{Catalog, Site, SiteOptions, Summary, render_article, render_globals};

use super::manifest::{
    ManifestPaths, ManifestWriter, OldManifest, Outputs, StoredDiagnostic, Unit, UnitStream,
    hash_file,
};
use super::{Progress, Project};

/// Articles processed together: the second pass holds at most this many articles per batch.
const BATCH: usize = 64;

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildPlan {
    /// The output directory; must not be, contain or lie inside the content directory.
    pub out: PathBuf,
    /// Only these locales (empty: all).
    pub locales: Vec<Locale>,
    /// Absolute URL the site will be published at.
    pub base_url: String,
    /// Where each article's source file is published (`{path}`, `{locale}`); `None`: no link.
    pub source_url: Option<String>,
    /// Where articles that are not in the content are published (`{locale}` is replaced by
    /// the reader's locale, lower-cased); `None`: links to them stay text, marked unavailable.
    pub link_base: Option<String>,
    /// Rebuild and rewrite everything, whatever the manifest says.
    pub force: bool,
    /// Build only this shard's share of the articles.
    pub shard: Option<Shard>,
    /// Build each locale's search index ([`crate::search`]); without it the pages keep their
    /// search box, which says search is not available.
    pub search: bool,
    /// Article pages per search bundle at most ([`SEARCH_BUNDLE_PAGES`]).
    pub search_bundle_pages: usize,
}

impl BuildPlan {
    /// Everything, into `out`, for the default base URL.
    pub fn new(out: impl Into<PathBuf>) -> BuildPlan {
        BuildPlan {
            out: out.into(),
            locales: Vec::new(),
            base_url: SiteOptions::default().base_url,
            source_url: None,
            link_base: None,
            force: false,
            shard: None,
            search: true,
            search_bundle_pages: SEARCH_BUNDLE_PAGES,
        }
    }
}

/// One of `count` shards of a build (`index` from 1): articles are shared out by a hash of their
/// slug; shard 1 also writes the pages made from every article, the translation memory and the
/// notice samples. The union of all shards' outputs is a full build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based.
    pub index: u32,
    /// How many shards.
    pub count: u32,
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Shard, String> {
        let bad = || format!("`{text}` is not a shard `I/N` with 1 <= I <= N");
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        let (index, count): (u32, u32) = (
            i.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Whether this shard builds the article `slug`.
    pub fn owns(&self, slug: &str) -> bool {
        let hash = crate::index::hash_bytes(slug.as_bytes());
        let n = u64::from_str_radix(&hash[..16], 16).unwrap_or(0);
        n % u64::from(self.count) == u64::from(self.index - 1)
    }

    /// Whether this shard writes the outputs made from every article.
    pub fn leads(&self) -> bool {
        self.index == 1
    }
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Content files found.
    pub found: usize,
    /// Content files usable.
    pub loaded: usize,
    /// Of those, bilingual.
    pub bilingual: usize,
    /// The locales of the content (en-US included when derived).
    pub locales: Vec<Locale>,
    /// Articles this build is responsible for.
    pub articles: usize,
    /// Of those, rebuilt (the others were unchanged).
    pub rebuilt: usize,
    /// Files written.
    pub written: usize,
    /// Files whose bytes were already there.
    pub unchanged: usize,
    /// Files of an earlier build removed (their article is gone).
    pub removed: usize,
    /// Diagnostics (configuration applied), sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// Files that could not be written.
    pub write_errors: Vec<Error>,
    /// Things worth saying (an unreadable manifest).
    pub notes: Vec<String>,
    /// Whether translation memory was streamed again (its inputs, the pairs of the bilingual
    /// files, changed).
    pub translation_memory_streamed: bool,
}

impl BuildReport {
    /// Errors and warnings.
    pub fn tally(&self) -> Tally {
        Tally::of(self.diagnostics.iter())
    }
}

/// Everything one article unit needs.
struct Context<'a> {
    project: &'a Project,
    plan: &'a BuildPlan,
    index: &'a Index,
    site: Site<'a>,
    shared: Hash,
    outputs: &'a Outputs<'a>,
}

impl Context<'_> {
    fn wanted(&self, locale: &Locale) -> bool {
        self.plan.locales.is_empty() || self.plan.locales.contains(locale)
    }

    fn owns(&self, slug: &str) -> bool {
        self.plan.shard.is_none_or(|s| s.owns(slug))
    }

    fn leads(&self) -> bool {
        self.plan.shard.is_none_or(|s| s.leads())
    }
}

/// Manifest ids: article units sort before the units made from all articles.
const ARTICLE: &str = "a:";
/// The units made from all articles, in the order they are made: the site's pages before the
/// search bundles, so that the titles they are made from need not be kept through the search.
const EMAILS: &str = "z:emails";
const PAGES: &str = "z:pages";
/// Followed by the locale and the bundle's number: one bundle of that locale's search index.
const SEARCH: &str = "z:search:";
const TM: &str = "z:tm";

fn article_id(slug: &str) -> String {
    format!("{ARTICLE}{slug}")
}

/// Builds every output of the project's content into `plan.out`.
pub fn build(
    project: &Project,
    plan: &BuildPlan,
    progress: &dyn Progress,
) -> Result<BuildReport, Error> {
    let out = OutputDir::create(&plan.out, &project.settings.content)?;
    let paths = ManifestPaths::new(plan.shard.map(|s| (s.index, s.count)));
    let (mut old, note) = if plan.force {
        (OldManifest::empty(), None)
    } else {
        OldManifest::open(&out, &paths)
    };
    progress.stage("index", 0);
    let index = {
        let old = &old;
        crate::index::Index::scan_with(&project.settings.content, &|path, hash| {
            old.facts(path, hash)
        })?
    };
    // the facts are now in the index: do not keep a second copy
    old.files = Default::default();
    // `--locale nl` is nl-NL when the content has it; a locale that matches nothing is an error
    let plan = &BuildPlan {
        locales: index.resolve_locales(&plan.locales)?,
        base_url: crate::render::urls::site_base(&plan.base_url).map_err(Error::Usage)?,
        ..plan.clone()
    };
    let wanted = |l: &Locale| plan.locales.is_empty() || plan.locales.contains(l);
    let site_locales: Vec<Locale> = index.locales().into_iter().filter(wanted).collect();
    let linked: Vec<&Arc<str>> = index
        .articles
        .iter()
        .filter(|(_, a)| index.article_locales(a).iter().any(wanted))
        .map(|(slug, _)| slug)
        .collect();
    let links = LinkMap::new(linked.iter().map(|slug| Arc::clone(slug)))
        .with_bases(plan.link_base.clone(), &plan.base_url)
        .with_remote_images(project.config.remote_images);
    if let Some(pattern) = &plan.source_url
        && !matches!(
            crate::url::scheme(pattern).as_deref(),
            Some("http" | "https")
        )
    {
        return Err(Error::Usage(format!(
            "--source-url {pattern}: expected an http(s) address with {{path}} (and {{locale}})"
        )));
    }
    let site_options = SiteOptions {
        base_url: plan.base_url.clone(),
        attribution: project
            .config
            .attribution
            .clone()
            .map(|text| (text, project.config.license_url.clone())),
        source_url: plan.source_url.clone(),
    };
    let (navigation, toc_diagnostics) =
        crate::navigation::read_content(&project.settings.content, &site_locales);
    let toc_files: Vec<String> = navigation
        .values()
        .flat_map(|toc| &toc.files)
        .map(|path| {
            format!(
                "{}\u{1f}{}",
                path.display(),
                hash_file(path).unwrap_or_default()
            )
        })
        .collect();
    let tags = |locales: &[Locale]| locales.iter().map(Locale::tag).collect::<Vec<_>>();
    let mut shared = PartsHasher::default();
    let options = [
        project.digest(),
        plan.base_url.clone(),
        plan.link_base.clone().unwrap_or_default(),
        plan.source_url.clone().unwrap_or_default(),
    ];
    for part in options
        .into_iter()
        .chain(tags(&plan.locales))
        .chain(tags(&site_locales))
    {
        shared.part(part.as_bytes());
    }
    for part in linked.iter().map(|slug| slug.as_bytes()) {
        shared.part(part);
    }
    for part in &toc_files {
        shared.part(part.as_bytes());
    }
    let shared = shared.finish();
    drop(linked);
    let mut report = BuildReport {
        found: index.found,
        loaded: index.files.len(),
        bilingual: index.files.iter().filter(|f| f.bilingual).count(),
        locales: index.locales().into_iter().collect(),
        ..BuildReport::default()
    };
    report.notes.extend(note);
    let outputs = Outputs::new(&out);
    let context = Context {
        project,
        plan,
        index: &index,
        site: Site {
            strings: &project.strings,
            templates: &project.templates,
            options: &site_options,
            locales: &site_locales,
            links: &links,
            navigation: &navigation,
        },
        shared,
        outputs: &outputs,
    };
    let mut new = ManifestWriter::create(&out, &paths)?;
    for file in &index.files {
        new.file(&file.found.path, &file.facts())?;
    }
    let mut diagnostics = Vec::new();
    if context.leads() {
        diagnostics.extend(index.diagnostics.iter().cloned());
        diagnostics.extend(toc_diagnostics);
    }
    let mut catalog = Catalog::new();
    let mut search = SearchInputs::new(&site_locales);
    let mut units = UnitStream::new(old, &mut new, &outputs);
    let slugs: Vec<&Arc<str>> = index.articles.keys().collect();
    progress.stage("articles", slugs.len() as u64);
    for batch in slugs.chunks(BATCH) {
        let ids: Vec<String> = batch.iter().map(|slug| article_id(slug)).collect();
        let Some(last) = ids.last() else { continue };
        // the last build's units of this batch (those of articles deleted since go)
        let olds = units.olds_until(last, &ids);
        let made: Vec<Option<(Unit, bool)>> = batch
            .par_iter()
            .zip(&ids)
            .map(|(slug, id)| article_unit(&context, slug, olds.get(id)))
            .collect();
        for ((slug, id), unit) in batch.iter().zip(&ids).zip(made) {
            units.put(id, olds.get(id), unit.as_ref().map(|(u, _)| u))?;
            let Some((unit, rebuilt)) = unit else {
                continue;
            };
            if context.owns(slug) {
                report.articles += 1;
                report.rebuilt += usize::from(rebuilt);
                diagnostics.extend(unit.diagnostics.iter().map(StoredDiagnostic::restore));
            }
            if !unit.summaries.is_empty() {
                catalog.insert(slug, (&unit.summaries).into());
            }
            search.add(slug, &unit, context.owns(slug));
        }
        progress.advance(batch.len() as u64);
    }
    // then the units made from all articles, in id order, each written when it is made
    if context.leads() {
        progress.stage("site, search, translation memory, notices", 0);
        let old = units.old_of(EMAILS);
        let (emails, notice_diagnostics) = match notice_samples(&context, old.as_ref()) {
            Ok(made) => made,
            Err(error) => {
                // a notice that does not load stops its samples, not the site: the last
                // build's samples stay until it loads again
                context.outputs.error(error);
                let mut kept = old.clone().unwrap_or_default();
                kept.key.clear();
                (kept, Vec::new())
            }
        };
        diagnostics.extend(notice_diagnostics);
        units.put(EMAILS, old.as_ref(), Some(&emails))?;
        let old = units.old_of(PAGES);
        let pages = site_pages(&context, &catalog, old.as_ref());
        units.put(PAGES, old.as_ref(), Some(&pages))?;
        // the titles are in the site's pages now: not kept through the search indexes
        drop(catalog);
        let bundles = if plan.search {
            search.bundles(&context.shared, plan.search_bundle_pages)
        } else {
            Vec::new()
        };
        // as many bundles at a time as the pool has threads: each holds its words in memory
        for batch in bundles.chunks(rayon::current_num_threads()) {
            let ids: Vec<&str> = batch.iter().map(|bundle| bundle.id.as_str()).collect();
            let Some(last) = ids.last() else { continue };
            let olds = units.olds_until(last, &ids);
            let made: Vec<Unit> = batch
                .par_iter()
                .map(|bundle| search_bundle(&context, bundle, olds.get(&bundle.id)))
                .collect();
            for (bundle, unit) in batch.iter().zip(&made) {
                units.put(&bundle.id, olds.get(&bundle.id), Some(unit))?;
            }
        }
        let old = units.old_of(TM);
        let (tm, streamed) = translation_memory(&context, &out, old.as_ref());
        report.translation_memory_streamed = streamed;
        units.put(TM, old.as_ref(), Some(&tm))?;
    }
    report.removed = units.finish();
    let (written, unchanged, mut errors) = outputs.finish();
    if let Err(error) = new.finish() {
        errors.push(error);
    }
    report.written = written;
    report.unchanged = unchanged;
    report.write_errors = errors;
    let mut diagnostics = project.config.apply(diagnostics);
    crate::diagnostic::sort(&mut diagnostics);
    report.diagnostics = diagnostics;
    progress.finish();
    Ok(report)
}

/// One article: reused from the manifest when nothing it is made from changed, else loaded,
/// modelled, rendered and written (only summarised when another shard owns it).
fn article_unit(context: &Context<'_>, slug: &str, old: Option<&Unit>) -> Option<(Unit, bool)> {
    let owned = context.owns(slug);
    if !owned && !context.leads() {
        return None;
    }
    let index = context.index;
    let entry = &index.articles[slug];
    let mut parts: Vec<String> = vec![context.shared.clone(), slug.to_string(), owned.to_string()];
    for &i in &entry.files {
        let file = &index.files[i];
        parts.push(file.found.path.display().to_string());
        parts.push(file.hash.hex());
        parts.push(file.locale.tag());
    }
    parts.push(match entry.source {
        Some(SourceChoice::Authored(i)) => {
            format!("authored {}", index.files[i].found.path.display())
        }
        Some(SourceChoice::Derived(i)) => {
            format!("derived {}", index.files[i].found.path.display())
        }
        None => String::new(),
    });
    let key = hash_parts(parts.iter().map(|p| p.as_bytes()));
    if let Some(unit) = old
        && unit.is_fresh(&key, context.outputs.dir())
    {
        context.outputs.reuse(unit);
        return Some((unit.clone(), false));
    }
    let (mut versions, mut diagnostics) = Versions::load(index, slug, &context.project.words)?;
    versions.articles.retain(|locale, _| context.wanted(locale));
    if owned {
        versions.add_source_texts(index, &context.project.words);
    }
    let mut unit = Unit {
        key,
        // the files read through includes and the images published: a change to one rebuilds
        reads: versions
            .includes
            .iter()
            .chain(versions.media.values())
            .map(|path| (path.clone(), hash_file(path)))
            .collect(),
        summaries: versions
            .articles
            .iter()
            .map(|(locale, article)| (locale.clone(), Summary::of(article)))
            .collect(),
        ..Unit::default()
    };
    if owned {
        let mut files = markdown_files(context, &versions);
        files.extend(model_files(&versions));
        files.extend(checklist_files(context, &versions));
        match render_article(&context.site, &versions) {
            Ok((pages, found)) => {
                files.extend(pages);
                diagnostics.extend(found);
            }
            Err(error) => context.outputs.error(error),
        }
        files.extend(media_files(context, &versions));
        context.outputs.put(&mut unit, old, files);
    }
    crate::diagnostic::sort(&mut diagnostics);
    unit.diagnostics = diagnostics.iter().map(StoredDiagnostic::from).collect();
    Some((unit, true))
}

/// The pages made from every article (indexes, language chooser, sitemap, stylesheet): reused
/// when the summaries they are made from and the shared inputs are unchanged, else rendered and
/// written one page at a time, so the site's pages are never all in memory.
fn site_pages(context: &Context<'_>, catalog: &Catalog<'_>, old: Option<&Unit>) -> Unit {
    let mut hasher = PartsHasher::default();
    hasher.part(context.shared.as_bytes());
    for (slug, versions) in catalog {
        hasher.part(slug.as_bytes());
        for (locale, summary) in versions.iter() {
            let part = format!(
                "{}\u{1f}{}\u{1f}{}\u{1f}{}",
                locale.tag(),
                summary.title,
                summary.machine,
                summary.has_steps
            );
            hasher.part(part.as_bytes());
        }
    }
    let key = hasher.finish();
    if let Some(unit) = old
        && unit.is_fresh(&key, context.outputs.dir())
    {
        context.outputs.reuse(unit);
        return unit.clone();
    }
    let mut unit = Unit {
        key,
        ..Unit::default()
    };
    let written = render_globals(&context.site, catalog, &mut |file| {
        context.outputs.put(&mut unit, old, vec![file])
    });
    if let Err(error) = written {
        context.outputs.error(error);
        // a failed render must not look fresh to the next build
        unit.key.clear();
    }
    unit
}

/// Article pages in one search bundle, until a locale has [`SEARCH_BUNDLES_MAX`] bundles. A
/// locale's index is split into bundles by a hash of the slug (a power of two of them, so a page
/// stays in its bundle as the content grows and shrinks a little), built one per worker and
/// merged by the page's script: Pagefind holds one bundle's words while it builds it (about
/// 60 KB a page), and an edit rebuilds one bundle.
pub const SEARCH_BUNDLE_PAGES: usize = 500;

/// Search bundles per locale at most: a search fetches from every bundle, so past
/// `SEARCH_BUNDLE_PAGES * SEARCH_BUNDLES_MAX` articles in a locale the bundles grow instead.
pub const SEARCH_BUNDLES_MAX: usize = 64;

/// What each site locale's search index is made from, gathered as the articles go by: per
/// article page in the locale's own text, its hash (for an article another shard writes, the
/// hash of its inputs). Fallback pages are not indexed, so they are not counted.
struct SearchInputs<'a>(BTreeMap<Locale, Vec<(&'a str, Digest)>>);

/// One search bundle of a locale: its number (from 1), its pages; the first one also lists the
/// locale's bundles that have pages.
struct SearchBundle<'a> {
    /// Its unit's id in the manifest.
    id: String,
    locale: Locale,
    number: usize,
    listed: Option<Vec<usize>>,
    /// The first bundle with pages: the page loads it and merges the others into it.
    primary: bool,
    slugs: Vec<&'a str>,
    key: Hash,
}

impl<'a> SearchInputs<'a> {
    fn new(locales: &[Locale]) -> SearchInputs<'a> {
        SearchInputs(locales.iter().map(|l| (l.clone(), Vec::new())).collect())
    }

    fn add(&mut self, slug: &'a str, unit: &Unit, owned: bool) {
        // an article another shard writes: the same hash of its inputs for every locale
        let inputs = (!owned).then(|| {
            let mut hasher = PartsHasher::default();
            hasher.part(unit.key.as_bytes());
            for hash in unit.reads.values().flatten() {
                hasher.part(hash.as_bytes());
            }
            hasher.digest()
        });
        for locale in unit.summaries.keys() {
            let Some(pages) = self.0.get_mut(locale) else {
                continue;
            };
            let made_from = inputs.unwrap_or_else(|| {
                let page = search_page(locale, slug);
                unit.outputs.get(&page).copied().unwrap_or_default()
            });
            pages.push((slug, made_from));
        }
    }

    /// The bundles of every locale, each with the key of its unit, in the order of their ids.
    fn bundles(self, shared: &str, per_bundle: usize) -> Vec<SearchBundle<'a>> {
        let mut bundles = Vec::new();
        for (locale, pages) in self.0 {
            let count = pages
                .len()
                .div_ceil(per_bundle.max(1))
                .clamp(1, SEARCH_BUNDLES_MAX)
                .next_power_of_two();
            let mut split: Vec<Vec<(&str, Digest)>> = vec![Vec::new(); count];
            for (slug, hash) in pages {
                // the first 48 bits of the slug's hash
                let hash_of_slug = Digest::of(slug.as_bytes());
                let bucket = hash_of_slug.as_bytes()[..6]
                    .iter()
                    .fold(0u64, |n, &b| (n << 8) | u64::from(b))
                    as usize
                    % count;
                split[bucket].push((slug, hash));
            }
            let filled: Vec<usize> = (1..=count).filter(|n| !split[n - 1].is_empty()).collect();
            for (i, pages) in split.into_iter().enumerate() {
                let (number, tag) = (i + 1, locale.tag());
                let listed = (number == 1).then(|| filled.clone());
                let primary = filled.first() == Some(&number);
                let header = [
                    shared.to_string(),
                    tag,
                    number.to_string(),
                    format!("{listed:?} {primary}"),
                ];
                let mut key = PartsHasher::default();
                for part in &header {
                    key.part(part.as_bytes());
                }
                for (slug, hash) in &pages {
                    key.part(slug.as_bytes());
                    key.part(hash.as_bytes());
                }
                let key = key.finish();
                bundles.push(SearchBundle {
                    id: format!("{SEARCH}{}:{number:08}", locale.tag()),
                    locale: locale.clone(),
                    number,
                    listed,
                    primary,
                    slugs: pages.into_iter().map(|(slug, _)| slug).collect(),
                    key,
                });
            }
        }
        bundles.sort_by(|a, b| a.id.cmp(&b.id));
        bundles
    }
}

/// The output key of the article page of `slug` in `locale`, as the manifest records it.
fn search_page(locale: &Locale, slug: &str) -> String {
    use crate::render::urls;
    super::manifest::output_key(&Path::new("site").join(urls::page_path(
        &locale.tag(),
        slug,
        urls::ARTICLE,
    )))
}

/// One bundle of a locale's search index ([`crate::search`]): reused when none of its pages
/// changed, else made again from its pages as written, read back one at a time (an article
/// another shard writes is rendered here, not written). The first bundle also writes the
/// locale's list of bundles.
fn search_bundle(context: &Context<'_>, bundle: &SearchBundle<'_>, old: Option<&Unit>) -> Unit {
    if let Some(unit) = old
        && unit.is_fresh(&bundle.key, context.outputs.dir())
    {
        context.outputs.reuse(unit);
        return unit.clone();
    }
    let mut unit = Unit {
        key: bundle.key.clone(),
        ..Unit::default()
    };
    let locale = &bundle.locale;
    let made = (|| -> Result<Vec<OutputFile>, Error> {
        let mut files = Vec::new();
        if let Some(listed) = &bundle.listed {
            files.push(crate::search::bundle_list(locale, listed));
        }
        if bundle.slugs.is_empty() {
            return Ok(files);
        }
        let mut index = crate::search::LocaleIndex::new(
            locale,
            bundle.number,
            bundle.primary,
            bundle.slugs.len(),
        )?;
        for slug in &bundle.slugs {
            let page = search_page(locale, slug);
            let html = if context.owns(slug) {
                let path = context.outputs.dir().root().join(&page);
                std::fs::read_to_string(&path).map_err(|source| Error::Io { path, source })?
            } else {
                match rendered_page(context, slug, &page)? {
                    Some(html) => html,
                    None => continue,
                }
            };
            let url =
                crate::render::urls::page_url(&locale.tag(), slug, crate::render::urls::ARTICLE);
            index.add(&url, &html)?;
        }
        files.extend(index.finish()?);
        Ok(files)
    })();
    match made {
        Ok(files) => context.outputs.put(&mut unit, old, files),
        Err(error) => {
            context.outputs.error(error);
            // a failed index must not look fresh to the next build
            unit.key.clear();
        }
    }
    unit
}

/// The page `page` (an output key) of an article this shard does not write, rendered in
/// memory.
fn rendered_page(context: &Context<'_>, slug: &str, page: &str) -> Result<Option<String>, Error> {
    let Some((mut versions, _)) = Versions::load(context.index, slug, &context.project.words)
    else {
        return Ok(None);
    };
    versions.articles.retain(|locale, _| context.wanted(locale));
    versions.add_source_texts(context.index, &context.project.words);
    let (files, _) = render_article(&context.site, &versions)?;
    Ok(files
        .into_iter()
        .find(|file| super::manifest::output_key(&file.path) == page)
        .map(|file| String::from_utf8_lossy(&file.bytes).into_owned()))
}

/// The local images of the pages of one article, next to each page as its URLs name them
/// (`site/<locale>/<slug's folder>/<url>`), read from the content.
fn media_files(context: &Context<'_>, versions: &Versions) -> Vec<OutputFile> {
    let slug_dir = Path::new(&versions.slug)
        .parent()
        .unwrap_or(Path::new(""))
        .to_path_buf();
    let mut files: BTreeMap<PathBuf, &PathBuf> = BTreeMap::new();
    for locale in context.site.locales {
        let Some((article, _)) = versions.shown(locale) else {
            continue;
        };
        let page_dir = Path::new(&locale.tag()).join(&slug_dir);
        for ((file, url), image) in &versions.media {
            if *file != article.path {
                continue;
            }
            if let Some(target) = crate::library::media_target(&page_dir, url) {
                files.insert(Path::new("site").join(target), image);
            }
        }
    }
    files
        .into_iter()
        .filter_map(|(path, image)| match std::fs::read(image) {
            Ok(bytes) => Some(OutputFile { path, bytes }),
            Err(source) => {
                context.outputs.error(Error::Io {
                    path: image.clone(),
                    source,
                });
                None
            }
        })
        .collect()
}

/// `markdown/<locale>/<slug>.md`: each file's own text, and the en-US text derived from the
/// chosen bilingual file.
fn markdown_files(context: &Context<'_>, versions: &Versions) -> Vec<OutputFile> {
    let file = |locale: &Locale, text: &str| OutputFile {
        path: Path::new("markdown")
            .join(locale.tag())
            .join(format!("{}.md", versions.slug)),
        bytes: text.as_bytes().to_vec(),
    };
    let mut files = Vec::new();
    for loaded in &versions.files {
        let locale = Locale::from(loaded.locale.clone());
        if context.wanted(&locale) {
            files.push(file(&locale, &loaded.target.text));
        }
    }
    let en_us = Locale::en_us();
    if let Some((i, false)) = versions.source
        && context.wanted(&en_us)
        && let Some(source) = &versions.files[i].source
    {
        files.push(file(&en_us, &source.text));
    }
    files
}

/// `model/<locale>/<slug>.json`, compact (the schema is in README, "Model JSON").
fn model_files(versions: &Versions) -> Vec<OutputFile> {
    versions
        .articles
        .iter()
        .filter_map(|(locale, article)| {
            let mut bytes = serde_json::to_vec(article).ok()?;
            bytes.push(b'\n');
            Some(OutputFile {
                path: Path::new("model")
                    .join(locale.tag())
                    .join(format!("{}.json", versions.slug)),
                bytes,
            })
        })
        .collect()
}

/// `checklists/<locale>/<slug>.md` and `.txt`.
fn checklist_files(context: &Context<'_>, versions: &Versions) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for (locale, article) in &versions.articles {
        let t = context.project.strings.localizer(locale.id());
        for (format, extension) in [
            (ChecklistFormat::Markdown, "md"),
            (ChecklistFormat::Text, "txt"),
        ] {
            let mut text =
                crate::render::checklist::render(article, &t, format, context.site.links);
            text.push('\n');
            files.push(OutputFile {
                path: Path::new("checklists")
                    .join(locale.tag())
                    .join(format!("{}.{extension}", versions.slug)),
                bytes: text.into_bytes(),
            });
        }
    }
    files
}

/// `tm/<locale>.tmx` and `tm/<locale>.xlf` per target locale, streamed a batch of articles at
/// a time; skipped when no bilingual file changed its pairs, path, locale, translation type or
/// source commit. The multilingual TMX of all locales is `kbgen export --format tmx`'s, not the
/// build's: each unit would be written a third time, and the file rewritten whenever any
/// locale changes.
fn translation_memory(context: &Context<'_>, out: &OutputDir, old: Option<&Unit>) -> (Unit, bool) {
    let index = context.index;
    let bilingual: Vec<&crate::index::FileEntry> = index
        .files
        .iter()
        .filter(|f| f.bilingual && context.wanted(&f.locale))
        .collect();
    let targets: Vec<String> = bilingual
        .iter()
        .map(|f| f.locale.tag())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut key = PartsHasher::default();
    key.part(env!("CARGO_PKG_VERSION").as_bytes());
    // the files made, so that a build of another layout (one with `tm/all.tmx`) is not fresh
    key.part(b"tm/<locale>.tmx tm/<locale>.xlf");
    for target in &targets {
        key.part(target.as_bytes());
    }
    // what translation memory is made of: each file's pairs, path, locale and the two front
    // matter keys it records (an edit outside the pairs leaves it as it is)
    for file in &bilingual {
        key.part(file.found.path.display().to_string().as_bytes());
        key.part(file.locale.tag().as_bytes());
        key.part(file.segments.unwrap_or(file.hash).hex().as_bytes());
        key.part(format!("{:?}", file.translation_type).as_bytes());
        key.part(
            file.sourcegitcommit
                .as_deref()
                .unwrap_or_default()
                .as_bytes(),
        );
    }
    let key = key.finish();
    if let Some(unit) = old
        && unit.is_fresh(&key, out)
    {
        context.outputs.reuse(unit);
        return (unit.clone(), false);
    }
    let mut unit = Unit {
        key,
        ..Unit::default()
    };
    if let Err(error) = stream_translation_memory(context, out, &targets, old, &mut unit) {
        context.outputs.error(error);
        // a failed stream must not look fresh to the next build
        unit.key.clear();
    }
    (unit, true)
}

fn stream_translation_memory(
    context: &Context<'_>,
    out: &OutputDir,
    targets: &[String],
    old: Option<&Unit>,
    unit: &mut Unit,
) -> Result<(), Error> {
    if targets.is_empty() {
        return Ok(());
    }
    let index = context.index;
    let io = |path: &Path| {
        let path = out.root().join(path);
        move |source: std::io::Error| Error::Io { path, source }
    };
    // one stream per file, each written on its own thread: (path, its target locale, writer)
    let mut streams: Vec<(PathBuf, &String, TmStream)> = Vec::new();
    let buffered = |path: &Path| -> Result<TmSink, Error> {
        Ok(std::io::BufWriter::with_capacity(
            1 << 16,
            out.stream(path)?,
        ))
    };
    for locale in targets {
        let tmx = PathBuf::from(format!("tm/{locale}.tmx"));
        let xlf = PathBuf::from(format!("tm/{locale}.xlf"));
        let writer = TmxWriter::start(buffered(&tmx)?).map_err(io(&tmx))?;
        streams.push((tmx, locale, TmStream::Tmx(writer)));
        let writer = XliffWriter::start(buffered(&xlf)?, locale).map_err(io(&xlf))?;
        streams.push((xlf, locale, TmStream::Xliff(writer)));
    }
    let slugs: Vec<&Arc<str>> = index.articles.keys().collect();
    for batch in slugs.chunks(BATCH) {
        // per article: its units for each target locale
        let units: Vec<BTreeMap<&String, Vec<export::Unit>>> = batch
            .par_iter()
            .map(|slug| {
                let files = export::article_files(index, slug, &|f| context.wanted(&f.locale));
                let mut by_target = BTreeMap::new();
                if files.is_empty() {
                    return by_target;
                }
                for locale in targets {
                    let units = export::collect(&files, std::slice::from_ref(locale));
                    by_target.insert(locale, units);
                }
                by_target
            })
            .collect();
        streams
            .par_iter_mut()
            .try_for_each(|(path, locale, stream)| {
                for article in &units {
                    if let Some(units) = article.get(locale) {
                        stream.units(units).map_err(io(path))?;
                    }
                }
                Ok::<(), Error>(())
            })?;
    }
    for (path, _, stream) in streams {
        let file = stream
            .finish()
            .and_then(|w| w.into_inner().map_err(|e| e.into_error()))
            .map_err(io(&path))?;
        let key = super::manifest::output_key(&path);
        let old_hash = old.and_then(|o| o.outputs.get(&key));
        let (hash, written) = file.finish(old_hash)?;
        context.outputs.count(written);
        unit.outputs.insert(key, hash);
    }
    Ok(())
}

type TmSink = std::io::BufWriter<crate::output::StreamFile>;

/// One translation-memory file being written.
enum TmStream {
    Tmx(TmxWriter<TmSink>),
    Xliff(XliffWriter<TmSink>),
}

impl TmStream {
    fn units(&mut self, units: &[export::Unit]) -> std::io::Result<()> {
        match self {
            TmStream::Tmx(w) => w.units(units),
            TmStream::Xliff(w) => w.units(units),
        }
    }

    fn finish(self) -> std::io::Result<TmSink> {
        match self {
            TmStream::Tmx(w) => w.finish(),
            TmStream::Xliff(w) => w.finish(),
        }
    }
}

/// One review sample per notice and locale with strings: `emails/<locale>/<notice>.eml`,
/// dated 2026-01-01 so that builds are reproducible.
fn notice_samples(
    context: &Context<'_>,
    old: Option<&Unit>,
) -> Result<(Unit, Vec<Diagnostic>), Error> {
    let project = context.project;
    let notices = Notice::load_all(&project.settings.content)?;
    let library = load_library(project, context.index, &notices);
    let email_context = EmailContext {
        strings: &project.strings,
        templates: &project.templates,
        library: &library,
    };
    let mut unit = Unit::default();
    let mut diagnostics = Vec::new();
    for notice in &notices {
        match sample_emails(notice, &email_context) {
            Ok(files) => context.outputs.put(&mut unit, old, files),
            // one broken notice does not stop the build: it is reported at its file
            Err(error) => diagnostics.push(Diagnostic::file(
                &crate::notice::notices_dir(&project.settings.content)
                    .join(format!("{}.toml", notice.name)),
                crate::diagnostic::Severity::Error,
                "notice",
                error.to_string(),
            )),
        }
    }
    Ok((unit, diagnostics))
}

/// The articles `notices` take actions from, loaded in every locale (their own problems are
/// reported by their article's unit).
pub(crate) fn load_library(
    project: &Project,
    index: &Index,
    notices: &[Notice],
) -> BTreeMap<String, Versions> {
    let slugs: BTreeSet<&str> = notices
        .iter()
        .flat_map(|n| n.sections.iter().filter_map(|s| s.article.as_deref()))
        .collect();
    slugs
        .into_iter()
        .filter_map(|slug| {
            let (versions, _) = Versions::load(index, slug, &project.words)?;
            Some((slug.to_string(), versions))
        })
        .collect()
}

fn sample_emails(notice: &Notice, context: &EmailContext<'_>) -> Result<Vec<OutputFile>, Error> {
    let from: lettre::message::Mailbox = notice
        .from
        .parse()
        .map_err(|e| Error::Usage(format!("notice {}: from: {e}", notice.name)))?;
    let date = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_767_254_400);
    let mut files = Vec::new();
    for locale in &context.strings.locales_with(email::NOTICE_STRINGS) {
        let sample = email::sample_recipient(notice, locale)
            .map_err(|e| Error::Usage(format!("notice {}: {e}", notice.name)))?;
        let composed = email::compose(notice, &sample, context)
            .map_err(|e| Error::Usage(format!("notice {}: {e}", notice.name)))?;
        let id = email::message_id(notice, &sample, &composed.to, &email::domain(&from));
        let message = email::to_message(&composed, &from, date, id)
            .map_err(|e| Error::Usage(format!("notice {}: {e}", notice.name)))?;
        files.push(OutputFile {
            path: Path::new("emails")
                .join(locale.to_string())
                .join(format!("{}.eml", notice.name)),
            bytes: message.formatted(),
        });
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs<'a>(slugs: &[&'a str]) -> SearchInputs<'a> {
        let nl: Locale = "nl-NL".parse().unwrap();
        SearchInputs(BTreeMap::from([(
            nl,
            slugs
                .iter()
                .map(|s| (*s, Digest::of(s.as_bytes())))
                .collect(),
        )]))
    }

    #[test]
    fn search_bundles_hold_every_page_once_and_keep_them_as_the_content_grows() {
        let slugs: Vec<String> = (0..37).map(|i| format!("a/{i}")).collect();
        let refs: Vec<&str> = slugs.iter().map(String::as_str).collect();
        let bundles = inputs(&refs).bundles("shared", 10);
        // 37 pages of 10 a bundle: 4 bundles, each page in exactly one
        assert_eq!(bundles.len(), 4);
        let mut seen: Vec<&str> = bundles
            .iter()
            .flat_map(|b| b.slugs.iter().copied())
            .collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 37);
        assert_eq!(
            bundles[0].listed.as_deref(),
            Some(
                &bundles
                    .iter()
                    .filter(|b| !b.slugs.is_empty())
                    .map(|b| b.number)
                    .collect::<Vec<_>>()[..]
            )
        );
        // one more page changes one bundle's key (and the list only if a bundle filled up)
        let mut more = refs.clone();
        more.push("a/new");
        let after = inputs(&more).bundles("shared", 10);
        let changed = bundles
            .iter()
            .zip(&after)
            .filter(|(a, b)| a.key != b.key && a.number != 1)
            .count();
        assert!(changed <= 1, "{changed}");
        // the count is capped: past it, bundles grow
        let many: Vec<String> = (0..200).map(|i| format!("b/{i}")).collect();
        let refs: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(inputs(&refs).bundles("shared", 1).len(), SEARCH_BUNDLES_MAX);
    }
}
