//! The site's navigation per locale: the DocFX table of contents next to the articles
//! (`content/<locale>/toc.yml` or `TOC.md`, with the tables of sub-folders they point to), else
//! one derived from the folders (as the index groups them).
//!
//! A table of contents names articles by their markdown file (`href: folder/article.md`),
//! relative to the table's folder; an item without `href` is a group, an `href` to another
//! `toc.yml`/`TOC.md` (or `tocHref`) puts that table's items there. Web addresses stay links.
//! Problems (bad YAML, a missing table, a loop) are diagnostics with `path:line:col`; the rest
//! of the table is kept.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Severity};

/// Tables nested deeper than this are not followed (a loop through many files).
const MAX_DEPTH: usize = 16;

/// The file names of a DocFX table of contents, in the order a folder's is looked for.
const TOC_NAMES: [&str; 4] = ["toc.yml", "toc.yaml", "TOC.md", "toc.md"];

/// Whether `path` is a DocFX table of contents (`toc.yml`, `toc.yaml`, `TOC.md`, any case).
pub fn is_toc_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| TOC_NAMES.iter().any(|t| n.eq_ignore_ascii_case(t)))
}

/// One entry of a table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavItem {
    /// The entry's name as the table gives it (may be empty: the article's title is used).
    pub name: String,
    /// What it points to.
    pub target: NavTarget,
    /// Its entries.
    pub children: Vec<NavItem>,
}

/// What a navigation entry points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NavTarget {
    /// A group heading.
    None,
    /// An article of the content, by slug.
    Article(String),
    /// A web address.
    External(String),
}

/// The table of contents of one locale, with each article's place in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Toc {
    /// The top-level entries, from the locale folder's own table.
    pub items: Vec<NavItem>,
    /// Without a table in the locale folder: the tables of sub-folders by folder (below the
    /// locale folder, `/`-separated); the rest of the locale navigates by folder.
    pub sections: BTreeMap<String, Vec<NavItem>>,
    /// Per article slug, the names of the groups and articles above its first entry.
    pub ancestors: BTreeMap<String, Vec<String>>,
    /// The table files read (for the build's input hash).
    pub files: Vec<PathBuf>,
}

/// The tables of contents of the content's locale folders (`content/<locale>/toc.yml` or
/// `TOC.md`) for `locales`, and the problems found in them.
pub fn read_content(
    content: &Path,
    locales: &[crate::locale::Locale],
) -> (BTreeMap<crate::locale::Locale, Toc>, Vec<Diagnostic>) {
    let mut tocs = BTreeMap::new();
    let mut diagnostics = Vec::new();
    let Ok(entries) = std::fs::read_dir(content) else {
        return (tocs, diagnostics);
    };
    let mut folders: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    for folder in folders {
        let Some(locale) = folder
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.parse::<crate::locale::Locale>().ok())
        else {
            continue;
        };
        if !locales.contains(&locale) || tocs.contains_key(&locale) {
            continue;
        }
        let (toc, found) = read_locale(&folder);
        diagnostics.extend(found);
        if let Some(toc) = toc {
            tocs.insert(locale, toc);
        }
    }
    (tocs, diagnostics)
}

/// The table file of folder `dir`, if it has one.
fn toc_in(dir: &Path) -> Option<PathBuf> {
    TOC_NAMES
        .iter()
        .map(|name| dir.join(name))
        .find(|p| p.is_file())
}

/// Reads the table of contents of the locale folder `dir`: its own, else those of the
/// shallowest sub-folders that have one (as localized repositories keep a `toc.yml` per
/// product folder), each a section of the navigation; `None` when no folder has one.
pub fn read_locale(dir: &Path) -> (Option<Toc>, Vec<Diagnostic>) {
    let mut reader = Reader {
        locale_dir: dir,
        visiting: BTreeSet::new(),
        files: Vec::new(),
        diagnostics: Vec::new(),
    };
    let mut toc = Toc::default();
    if let Some(root) = toc_in(dir) {
        toc.items = reader.read(&root, 0);
        ancestors(&toc.items, &mut Vec::new(), &mut toc.ancestors);
        toc.files = reader.files;
        return (Some(toc), reader.diagnostics);
    }
    let mut walker = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_dir() {
            continue;
        }
        let Some(file) = toc_in(entry.path()) else {
            continue;
        };
        // the folder's table covers its sub-folders
        walker.skip_current_dir();
        let folder = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        let items = reader.read(&file, 0);
        ancestors(&items, &mut vec![section_name(&folder)], &mut toc.ancestors);
        toc.sections.insert(folder, items);
    }
    toc.files = reader.files;
    let found = !toc.sections.is_empty();
    (found.then_some(toc), reader.diagnostics)
}

/// How a folder below the locale folder is named as a navigation section: `admin › users`.
pub fn section_name(folder: &str) -> String {
    folder.replace('/', " › ")
}

/// Records, for each article of `items`, the names of the entries above it.
fn ancestors(items: &[NavItem], above: &mut Vec<String>, out: &mut BTreeMap<String, Vec<String>>) {
    for item in items {
        if let NavTarget::Article(slug) = &item.target {
            out.entry(slug.clone()).or_insert_with(|| above.clone());
        }
        above.push(item.name.clone());
        ancestors(&item.children, above, out);
        above.pop();
    }
}

/// A `toc.yml` entry as written.
#[derive(Deserialize)]
struct YamlItem {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    href: Option<String>,
    #[serde(default, rename = "topicHref")]
    topic_href: Option<String>,
    #[serde(default, rename = "tocHref")]
    toc_href: Option<String>,
    #[serde(default)]
    items: Vec<YamlItem>,
}

/// `toc.yml` is a list of entries, or (DocFX 2.x) a map with `items`.
#[derive(Deserialize)]
#[serde(untagged)]
enum YamlToc {
    List(Vec<YamlItem>),
    Root { items: Vec<YamlItem> },
}

/// Reads the tables of one locale folder, following nested ones: the files read, the ones
/// being read (a table that includes itself), the problems found.
struct Reader<'a> {
    locale_dir: &'a Path,
    visiting: BTreeSet<PathBuf>,
    files: Vec<PathBuf>,
    diagnostics: Vec<Diagnostic>,
}

impl Reader<'_> {
    /// The entries of the table at `path`, `depth` tables down.
    fn read(&mut self, path: &Path, depth: usize) -> Vec<NavItem> {
        let key = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        // `href: ../../elsewhere/toc.yml`, or a link out: only the content's own tables
        let root = self
            .locale_dir
            .canonicalize()
            .unwrap_or_else(|_| self.locale_dir.to_path_buf());
        if !key.starts_with(&root) {
            self.problem(
                path,
                1,
                1,
                "table of contents is outside the locale folder; it is left out".into(),
            );
            return Vec::new();
        }
        if depth > MAX_DEPTH || !self.visiting.insert(key.clone()) {
            self.problem(
                path,
                1,
                1,
                "table of contents includes itself; the inner copy is left out".into(),
            );
            return Vec::new();
        }
        let items = self.parse(path, depth);
        self.visiting.remove(&key);
        items
    }

    fn parse(&mut self, path: &Path, depth: usize) -> Vec<NavItem> {
        let mut bytes = Vec::new();
        if let Err(d) = crate::source::read_bytes(path, &mut bytes) {
            self.diagnostics.push(d);
            return Vec::new();
        }
        let Ok(text) = String::from_utf8(bytes) else {
            self.problem(path, 1, 1, "table of contents is not UTF-8".into());
            return Vec::new();
        };
        self.files.push(path.to_path_buf());
        let folder = path.parent().unwrap_or(self.locale_dir);
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"))
        {
            let entries = markdown_entries(&text);
            let mut context = Context {
                reader: self,
                folder,
                depth,
            };
            return build_markdown(&entries, &mut context);
        }
        // a large table is fine; an alias bomb or deep nesting is not
        let options =
            crate::frontmatter::yaml_budget(4_000_000, crate::source::MAX_FILE_BYTES as usize);
        match serde_saphyr::from_str_with_options::<YamlToc>(&text, options) {
            Ok(YamlToc::List(items) | YamlToc::Root { items }) => {
                let mut context = Context {
                    reader: self,
                    folder,
                    depth,
                };
                items.iter().map(|i| context.yaml(i)).collect()
            }
            Err(error) => {
                let (line, column) = error
                    .location()
                    .map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
                let detail = crate::frontmatter::yaml_error_detail(&error);
                self.problem(
                    path,
                    line,
                    column,
                    format!("table of contents is not valid: {detail}"),
                );
                Vec::new()
            }
        }
    }

    fn problem(&mut self, path: &Path, line: usize, column: usize, message: String) {
        self.diagnostics.push(Diagnostic::at(
            path,
            (line, column),
            Severity::Warning,
            "toc",
            message,
        ));
    }
}

/// Where the entries of one table are resolved: its folder, how deep it is.
struct Context<'r, 'a> {
    reader: &'r mut Reader<'a>,
    folder: &'r Path,
    depth: usize,
}

impl Context<'_, '_> {
    fn yaml(&mut self, item: &YamlItem) -> NavItem {
        let mut children: Vec<NavItem> = item.items.iter().map(|i| self.yaml(i)).collect();
        let href = item.topic_href.as_deref().or(item.href.as_deref());
        let mut target = NavTarget::None;
        if let Some(toc) = item.toc_href.as_deref()
            && let Resolved::Toc(path) = self.resolve(toc)
        {
            children.extend(self.nested(&path));
        }
        if let Some(href) = href {
            match self.resolve(href) {
                Resolved::Toc(path) => children.extend(self.nested(&path)),
                Resolved::Target(t) => target = t,
            }
        }
        NavItem {
            name: item.name.clone().unwrap_or_default(),
            target,
            children,
        }
    }

    /// The entries of the table at `path`, one level down.
    fn nested(&mut self, path: &Path) -> Vec<NavItem> {
        self.reader.read(path, self.depth + 1)
    }

    /// What an `href` of the table points to.
    fn resolve(&self, href: &str) -> Resolved {
        let href = href.trim();
        if crate::url::scheme(href).is_some() || href.starts_with("//") {
            return match crate::url::scheme(href).as_deref() {
                Some("http" | "https") => Resolved::Target(NavTarget::External(href.to_string())),
                _ => Resolved::Target(NavTarget::None),
            };
        }
        let path = href.split(['#', '?']).next().unwrap_or("");
        if path.is_empty() {
            return Resolved::Target(NavTarget::None);
        }
        let mut joined = self.folder.to_path_buf();
        for part in path.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    joined.pop();
                }
                part => joined.push(part),
            }
        }
        // a folder stands for its table of contents
        if path.ends_with('/') || joined.is_dir() {
            return toc_in(&joined).map_or(Resolved::Target(NavTarget::None), Resolved::Toc);
        }
        if is_toc_file(&joined) {
            return Resolved::Toc(joined);
        }
        let Ok(relative) = joined.strip_prefix(self.reader.locale_dir) else {
            return Resolved::Target(NavTarget::None);
        };
        let slug = relative
            .with_extension("")
            .to_string_lossy()
            .replace('\\', "/");
        Resolved::Target(NavTarget::Article(slug))
    }
}

enum Resolved {
    Toc(PathBuf),
    Target(NavTarget),
}

/// One heading line of a `TOC.md`: its level, name and link.
struct MarkdownEntry {
    level: usize,
    name: String,
    href: Option<String>,
}

/// The headings of a `TOC.md` (`# [Name](href)`, `## Name`), with the bilingual spans' target
/// text when the file is a localized one.
fn markdown_entries(text: &str) -> Vec<MarkdownEntry> {
    let mut entries = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        let level = trimmed.chars().take_while(|c| *c == '#').count();
        if level == 0 || level > 6 {
            continue;
        }
        let rest = trimmed[level..].trim();
        let rest = if rest.contains("data-ttu-id") {
            crate::bilingual::BilingualDoc::parse(rest.to_string())
                .0
                .project_raw(crate::bilingual::Side::Target)
        } else {
            rest.to_string()
        };
        let (name, href) = match (rest.strip_prefix('['), rest.rfind("](")) {
            (Some(_), Some(close)) if rest.ends_with(')') => (
                rest[1..close].to_string(),
                Some(rest[close + 2..rest.len() - 1].trim().to_string()),
            ),
            _ => (rest.clone(), None),
        };
        entries.push(MarkdownEntry {
            level,
            name: name.trim().to_string(),
            href: href.filter(|h| !h.is_empty()),
        });
    }
    entries
}

fn build_markdown(entries: &[MarkdownEntry], context: &mut Context<'_, '_>) -> Vec<NavItem> {
    // a stack of (level, item) turned into a tree
    let mut roots: Vec<NavItem> = Vec::new();
    let mut stack: Vec<(usize, NavItem)> = Vec::new();
    fn close(stack: &mut Vec<(usize, NavItem)>, roots: &mut Vec<NavItem>, level: usize) {
        while stack.last().is_some_and(|(l, _)| *l >= level) {
            let Some((_, item)) = stack.pop() else { break };
            match stack.last_mut() {
                Some((_, parent)) => parent.children.push(item),
                None => roots.push(item),
            }
        }
    }
    for entry in entries {
        close(&mut stack, &mut roots, entry.level);
        let mut item = NavItem {
            name: entry.name.clone(),
            target: NavTarget::None,
            children: Vec::new(),
        };
        if let Some(href) = &entry.href {
            match context.resolve(href) {
                Resolved::Toc(path) => item.children = context.nested(&path),
                Resolved::Target(t) => item.target = t,
            }
        }
        stack.push((entry.level, item));
    }
    close(&mut stack, &mut roots, 0);
    roots
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn yaml_tables_nest_and_name_articles_by_file() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "toc.yml",
            "- name: Start\n  href: start.md\n- name: Accounts\n  items:\n  - name: Reset\n    href: accounts/reset.md#top\n  - name: More\n    href: more/\n- name: Docs\n  href: https://example.org/\n",
        );
        write(
            dir.path(),
            "more/toc.yml",
            "- name: Deep\n  href: deep.md\n",
        );
        let (toc, diagnostics) = read_locale(dir.path());
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let toc = toc.unwrap();
        assert_eq!(toc.items.len(), 3);
        assert_eq!(toc.items[0].target, NavTarget::Article("start".into()));
        let accounts = &toc.items[1];
        assert_eq!(accounts.target, NavTarget::None);
        assert_eq!(
            accounts.children[0].target,
            NavTarget::Article("accounts/reset".into())
        );
        assert_eq!(
            accounts.children[1].children[0].target,
            NavTarget::Article("more/deep".into())
        );
        assert_eq!(
            toc.items[2].target,
            NavTarget::External("https://example.org/".into())
        );
        assert_eq!(
            toc.ancestors["more/deep"],
            vec!["Accounts".to_string(), "More".to_string()]
        );
        assert_eq!(toc.files.len(), 2);
    }

    #[test]
    fn markdown_tables_nest_by_heading_level() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "TOC.md",
            "# [Overzicht](overview.md)\n# Accounts\n## [Herstellen](accounts/reset.md)\n### <span data-ttu-id=\"a-1\">Diep</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">Deep</span></span>\n",
        );
        let (toc, diagnostics) = read_locale(dir.path());
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let toc = toc.unwrap();
        assert_eq!(toc.items.len(), 2);
        assert_eq!(toc.items[0].name, "Overzicht");
        assert_eq!(toc.items[1].children[0].name, "Herstellen");
        assert_eq!(toc.items[1].children[0].children[0].name, "Diep");
        assert_eq!(
            toc.ancestors["accounts/reset"],
            vec!["Accounts".to_string()]
        );
    }

    #[test]
    fn loops_and_bad_yaml_are_reported_and_the_rest_kept() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "toc.yml",
            "- name: A\n  href: a.md\n- name: Self\n  href: toc.yml\n- name: Bad\n  href: bad/\n",
        );
        write(dir.path(), "bad/toc.yml", "- name: [unclosed\n");
        let (toc, diagnostics) = read_locale(dir.path());
        let toc = toc.unwrap();
        assert_eq!(toc.items[0].target, NavTarget::Article("a".into()));
        assert_eq!(diagnostics.len(), 2, "{diagnostics:?}");
        assert!(diagnostics.iter().all(|d| d.rule == "toc"));
        assert!(diagnostics.iter().any(|d| d.path.ends_with("bad/toc.yml")));
    }

    #[test]
    fn without_a_table_at_the_top_the_sub_folders_tables_are_sections() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "start.md", "# Start\n");
        write(
            dir.path(),
            "exchange/toc.yml",
            "- name: Mail\n  items:\n  - name: Regels\n    href: rules/inbox.md\n",
        );
        write(
            dir.path(),
            "exchange/deep/toc.yml",
            "- name: Hidden\n  href: x.md\n",
        );
        let (toc, diagnostics) = read_locale(dir.path());
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let toc = toc.unwrap();
        assert!(toc.items.is_empty());
        // the shallowest table covers its folder: the deeper one is not read on its own
        assert_eq!(toc.sections.keys().collect::<Vec<_>>(), vec!["exchange"]);
        assert_eq!(
            toc.sections["exchange"][0].children[0].target,
            NavTarget::Article("exchange/rules/inbox".into())
        );
        assert_eq!(
            toc.ancestors["exchange/rules/inbox"],
            vec!["exchange".to_string(), "Mail".to_string()]
        );
    }

    #[test]
    fn tables_outside_the_locale_folder_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let locale = dir.path().join("nl-NL");
        write(
            &locale,
            "toc.yml",
            "- name: Out\n  href: ../secret/toc.yml\n- name: A\n  href: a.md\n",
        );
        write(
            dir.path(),
            "secret/toc.yml",
            "- name: Secret\n  href: s.md\n",
        );
        let (toc, diagnostics) = read_locale(&locale);
        let toc = toc.unwrap();
        assert!(toc.items[0].children.is_empty(), "{:?}", toc.items);
        assert_eq!(toc.items[1].target, NavTarget::Article("a".into()));
        assert_eq!(toc.files.len(), 1);
        assert!(
            diagnostics
                .iter()
                .any(|d| d.rule == "toc" && d.message.contains("outside the locale folder")),
            "{diagnostics:?}"
        );
    }

    #[test]
    fn a_locale_without_a_table_has_none() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read_locale(dir.path()).0, None);
        assert!(is_toc_file(Path::new("x/TOC.md")));
        assert!(!is_toc_file(Path::new("x/tocs.md")));
    }
}
