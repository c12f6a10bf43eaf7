//! Rules across files and article models: segment-level source drift between locales, missing
//! locale versions, relative links and anchors, images, machine translation.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use crate::bilingual::Side;
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::frontmatter::TranslationType;
use crate::load::LoadedFile;
use crate::model::step_anchor;
use crate::model::walk_references as walk_inlines;
use crate::model::{Article, Inline, Section, Step};
use crate::url::{join_slug, scheme};

use super::finding;

/// Most drifting segments reported per pair of files (then one summary line).
const MAX_DRIFT_REPORTS: usize = 5;

/// `source-drift`: files of one article in two locales whose en-US text differs for a segment
/// number. Reported in the file with the older `ms.lasthandoff`.
pub fn source_drift(files: &[LoadedFile]) -> Vec<Diagnostic> {
    let mut by_slug: BTreeMap<&str, Vec<&LoadedFile>> = BTreeMap::new();
    for file in files.iter().filter(|f| f.doc.is_bilingual()) {
        by_slug.entry(file.slug()).or_default().push(file);
    }
    let mut out = Vec::new();
    for versions in by_slug.values_mut() {
        versions.sort_by(|a, b| {
            b.meta
                .last_handoff_date()
                .cmp(&a.meta.last_handoff_date())
                .then(a.found.path.cmp(&b.found.path))
        });
        let newest = versions[0];
        let reference: BTreeMap<&str, &str> = newest
            .doc
            .segments()
            .iter()
            .map(|s| (s.id.number(), newest.doc.segment_text(s, Side::Source)))
            .collect();
        for older in &versions[1..] {
            let index = LineIndex::new(older.doc.text());
            let mut count = 0;
            for segment in older.doc.segments() {
                let Some(newer_text) = reference.get(segment.id.number()) else {
                    continue;
                };
                if *newer_text == older.doc.segment_text(segment, Side::Source) {
                    continue;
                }
                count += 1;
                if count <= MAX_DRIFT_REPORTS {
                    let (line, column) = index.line_col(segment.source.start);
                    out.push(finding(
                        &older.found.path,
                        line,
                        column,
                        "source-drift",
                        format!(
                            "en-US text of segment {} differs from {}",
                            segment.id.number(),
                            newest.found.path.display()
                        ),
                    ));
                }
            }
            if count > MAX_DRIFT_REPORTS {
                out.push(finding(
                    &older.found.path,
                    1,
                    1,
                    "source-drift",
                    format!(
                        "{} more segments differ from {}",
                        count - MAX_DRIFT_REPORTS,
                        newest.found.path.display()
                    ),
                ));
            }
        }
    }
    out
}

/// `missing-locale` and `machine-translated`.
pub fn locales_and_translation(
    files: &[LoadedFile],
    locales: &BTreeSet<String>,
) -> Vec<Diagnostic> {
    let mut by_slug: BTreeMap<&str, Vec<&LoadedFile>> = BTreeMap::new();
    for file in files {
        by_slug.entry(file.slug()).or_default().push(file);
    }
    let mut out = Vec::new();
    for (slug, versions) in &by_slug {
        let have: BTreeSet<String> = versions.iter().map(|f| f.locale.to_string()).collect();
        let en = crate::load::SOURCE_LOCALE;
        let missing: Vec<&String> = locales
            .iter()
            .filter(|l| !have.contains(*l) && l.as_str() != en)
            .collect();
        if !missing.is_empty() {
            out.push(finding(
                &versions[0].found.path,
                1,
                1,
                "missing-locale",
                format!(
                    "article `{slug}` has no {} version",
                    missing
                        .iter()
                        .map(|l| l.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
    for file in files {
        if file.meta.translation_type == Some(TranslationType::Machine) {
            out.push(finding(
                &file.found.path,
                1,
                1,
                "machine-translated",
                "the article was machine translated (ms.translationtype: MT)".to_string(),
            ));
        }
    }
    out
}

/// The anchors a link can target in an article: sections, heading steps, step ids, the H1,
/// inline bookmarks.
fn anchors(article: &Article) -> HashSet<String> {
    fn steps(out: &mut HashSet<String>, list: &[Step]) {
        for step in list {
            out.insert(step_anchor(&step.key));
            out.extend(step.anchor.clone());
            steps(out, &step.substeps);
        }
    }
    fn sections(out: &mut HashSet<String>, list: &[Section]) {
        for section in list {
            out.insert(section.anchor.clone());
            steps(out, &section.steps);
            sections(out, &section.sections);
        }
    }
    let mut out = HashSet::new();
    out.extend(article.anchor.clone());
    steps(&mut out, &article.steps);
    sections(&mut out, &article.sections);
    walk_inlines(article, &mut |inline, _| {
        if let Inline::Html { html } = inline {
            out.extend(crate::model::inline_bookmark(html).map(str::to_string));
        }
    });
    out
}

/// `broken-link`, `broken-anchor` and `missing-image` over the models of the files' own
/// locales (not the derived en-US models, whose lines are the same).
pub fn links(articles: &[Article]) -> Vec<Diagnostic> {
    let mut check = LinkCheck::new(articles.iter().map(|a| a.slug.clone()));
    let mut out = check.add(articles.iter());
    out.extend(check.finish());
    out
}

/// A link with a fragment into an article, checked once every article's anchors are known.
struct Pending {
    path: std::path::PathBuf,
    line: usize,
    url: String,
    slug: String,
    fragment: String,
    locale: String,
}

/// The link rules run article by article: broken links and missing images are found at once;
/// anchors are collected (their ids only) and links into them checked at the end.
#[derive(Default)]
pub struct LinkCheck {
    slugs: HashSet<std::sync::Arc<str>>,
    /// (slug, locale) -> anchors
    anchors: BTreeMap<(String, String), HashSet<String>>,
    pending: Vec<Pending>,
}

impl LinkCheck {
    /// A check over a content whose articles have these slugs.
    pub fn new(slugs: impl IntoIterator<Item = impl Into<std::sync::Arc<str>>>) -> LinkCheck {
        LinkCheck {
            slugs: slugs.into_iter().map(Into::into).collect(),
            ..LinkCheck::default()
        }
    }

    /// Checks the links and images of some articles (every locale of one slug, say) and keeps
    /// their anchors.
    pub fn add<'a>(&mut self, articles: impl IntoIterator<Item = &'a Article>) -> Vec<Diagnostic> {
        let en = crate::load::SOURCE_LOCALE;
        let mut out = Vec::new();
        for article in articles {
            self.anchors.insert(
                (article.slug.clone(), article.locale.clone()),
                anchors(article),
            );
            let derived = article.locale == en
                && !article.path.to_string_lossy().contains(&format!("/{en}/"));
            if derived || article.path.as_os_str().is_empty() {
                continue;
            }
            let path = article.path.as_path();
            let slugs = &self.slugs;
            let pending = &mut self.pending;
            let mut report = |line: usize, rule: &'static str, message: String| {
                out.push(finding(path, line, 1, rule, message))
            };
            let image =
                |url: &str, line: usize, report: &mut dyn FnMut(usize, &'static str, String)| {
                    if let Some(message) = crate::url::unsafe_url(url, true) {
                        report(line, "unsafe-url", message);
                        return;
                    }
                    let url = url.trim();
                    if url.is_empty()
                        || scheme(url).is_some()
                        || url.starts_with("//")
                        || url.starts_with('/')
                    {
                        return;
                    }
                    let file = url.split(['?', '#']).next().unwrap_or(url);
                    let base = path.parent().unwrap_or(Path::new("."));
                    if !base.join(file).exists() {
                        report(
                            line,
                            "missing-image",
                            format!("image `{file}` does not exist"),
                        );
                    }
                };
            walk_inlines(article, &mut |inline, line| {
                let urls: Vec<String> = match inline {
                    Inline::Link { url, .. } => vec![url.clone()],
                    // links and images in raw HTML, as pages find them
                    Inline::Html { html } => {
                        let (links, images) = crate::raw_html::references(html);
                        for src in images {
                            image(&src, line, &mut report);
                        }
                        links
                    }
                    Inline::Image { url, .. } => {
                        image(url, line, &mut report);
                        return;
                    }
                    _ => return,
                };
                for url in &urls {
                    // the same policy pages apply (`check` reports what `build` drops)
                    if let Some(message) = crate::url::unsafe_url(url, false) {
                        report(line, "unsafe-url", message);
                        continue;
                    }
                    let url = url.trim();
                    if scheme(url).is_some() || url.starts_with("//") || url.starts_with('/') {
                        continue;
                    }
                    let (file, fragment) = match url.split_once('#') {
                        Some((file, fragment)) => (file, Some(fragment)),
                        None => (url, None),
                    };
                    let file = file.split('?').next().unwrap_or(file);
                    let target = if file.is_empty() {
                        Some(article.slug.clone())
                    } else if let Some(stem) = file.strip_suffix(".md") {
                        match join_slug(&article.slug, stem).filter(|s| slugs.contains(s.as_str()))
                        {
                            Some(slug) => Some(slug),
                            None => {
                                report(
                                    line,
                                    "broken-link",
                                    format!("link to `{url}` points to no article in the content"),
                                );
                                None
                            }
                        }
                    } else {
                        None
                    };
                    if let (Some(slug), Some(fragment)) =
                        (target, fragment.filter(|f| !f.is_empty()))
                    {
                        pending.push(Pending {
                            path: path.to_path_buf(),
                            line,
                            url: url.to_string(),
                            slug,
                            fragment: fragment.to_string(),
                            locale: article.locale.clone(),
                        });
                    }
                }
            });
        }
        out
    }

    /// `broken-anchor` for links into articles that lack the anchor (the target in the link's
    /// own locale, else in the first locale the article has).
    pub fn finish(self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for link in self.pending {
            let known = self
                .anchors
                .get(&(link.slug.clone(), link.locale.clone()))
                .or_else(|| {
                    self.anchors
                        .range((link.slug.clone(), String::new())..)
                        .next()
                        .filter(|((slug, _), _)| *slug == link.slug)
                        .map(|(_, anchors)| anchors)
                });
            if let Some(known) = known
                && !known.contains(&link.fragment)
            {
                out.push(finding(
                    &link.path,
                    link.line,
                    1,
                    "broken-anchor",
                    format!(
                        "link to `{}`: article `{}` has no anchor `#{}`",
                        link.url, link.slug, link.fragment
                    ),
                ));
            }
        }
        out
    }
}
