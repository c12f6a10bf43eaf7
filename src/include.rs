//! Resolving `[!INCLUDE [title](path)]`: relative to the including file, never outside the
//! content root, never in a cycle. The included file is segmented and projected on the same
//! side as the article (target locale or en-US) and parsed into blocks.
//!
//! Diagnostics (located at the marker in the including file): `include-missing` (warning: the
//! article still builds without it), `include-outside` and `include-cycle` (errors).

use std::path::{Path, PathBuf};

use crate::bilingual::{BilingualDoc, Side};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{self, Block, Origin, docfx, parse, recognition::RecognitionSet};
use crate::projection::{self, ProjectOptions};
use crate::source;

/// Deepest include nesting followed.
const MAX_DEPTH: usize = 8;

/// Most includes expanded for one side of one article, at every depth together: 8 includes per
/// level over 7 levels would otherwise be two million copies from a kilobyte of input. SQL
/// Server's docs write every product name as an include (`[!INCLUDE[ssNoVersion](…)]`), a long
/// article hundreds of times; [`MAX_INCLUDED_BYTES`] bounds what they add up to.
pub const MAX_INCLUDES: usize = 4096;

/// Most bytes of included files read for one side of one article, at every depth together (the
/// size limit of one content file): a billion-laughs guard for includes.
pub const MAX_INCLUDED_BYTES: u64 = source::MAX_FILE_BYTES;

/// What the includes of one side of one article have used of their budget.
#[derive(Debug, Default)]
pub struct IncludeBudget {
    includes: std::cell::Cell<usize>,
    bytes: std::cell::Cell<u64>,
    /// Whether `include-too-large` was reported (once per article side).
    reported: std::cell::Cell<bool>,
}

/// Most bytes of included files kept parsed in an [`IncludeCache`]; past it, an include is read
/// and parsed at each use, as before (memory stays bounded by the cache, not by the corpus).
pub const MAX_CACHED_BYTES: u64 = 64 * 1024 * 1024;

/// An included file as read, projected on one side and parsed into nodes (before its own
/// includes are resolved, which depends on who includes it).
#[derive(Debug)]
struct Parsed {
    /// Size and modification time when it was read: a file changed since is read again.
    stamp: (u64, Option<std::time::SystemTime>),
    /// `None`: not UTF-8 text.
    nodes: Option<Vec<model::parse::Node>>,
    /// Where the model stopped (`file-too-complex`), located.
    too_complex: Option<crate::diagnostic::Issue>,
    /// The text the issue's offset is in (for its line and column), only when there is one.
    text: Option<String>,
}

/// Included files read, projected and parsed once per side for every article that includes
/// them (one build): a snippet included by a thousand articles is read once, not a thousand
/// times. Thread-safe; bounded by [`MAX_CACHED_BYTES`].
#[derive(Debug, Default)]
pub struct IncludeCache {
    parsed: std::sync::Mutex<std::collections::HashMap<(PathBuf, bool), std::sync::Arc<Parsed>>>,
    bytes: std::sync::atomic::AtomicU64,
    /// Files read and parsed (a cache hit reads nothing).
    reads: std::sync::atomic::AtomicUsize,
}

impl IncludeCache {
    /// How many times an included file was read and parsed.
    pub fn reads(&self) -> usize {
        self.reads.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn get(&self, path: &Path, side: Side, meta: &std::fs::Metadata) -> std::sync::Arc<Parsed> {
        use std::sync::atomic::Ordering;
        let key = (path.to_path_buf(), side == Side::Source);
        let stamp = (meta.len(), meta.modified().ok());
        if let Some(hit) = self
            .parsed
            .lock()
            .ok()
            .and_then(|map| map.get(&key).cloned())
            .filter(|hit| hit.stamp == stamp)
        {
            return hit;
        }
        self.reads.fetch_add(1, Ordering::Relaxed);
        let parsed = std::sync::Arc::new(read_and_parse(path, side, stamp));
        let room = self.bytes.fetch_add(stamp.0, Ordering::Relaxed) + stamp.0 <= MAX_CACHED_BYTES;
        if room {
            if let Ok(mut map) = self.parsed.lock() {
                map.insert(key, parsed.clone());
            }
        } else {
            self.bytes.fetch_sub(stamp.0, Ordering::Relaxed);
        }
        parsed
    }
}

fn read_and_parse(path: &Path, side: Side, stamp: (u64, Option<std::time::SystemTime>)) -> Parsed {
    let mut bytes = Vec::new();
    let text = source::read_bytes(path, &mut bytes)
        .ok()
        .and_then(|()| String::from_utf8(bytes).ok());
    let Some(text) = text else {
        return Parsed {
            stamp,
            nodes: None,
            too_complex: None,
            text: None,
        };
    };
    let (doc, _) = BilingualDoc::parse(text);
    let (projected, _) = projection::project(&doc, side, &ProjectOptions::default());
    let body = match crate::frontmatter::split(&projected.text) {
        Ok(Some(block)) => block.range.end,
        _ => 0,
    };
    let tracer = parse::Tracer::new(&projected, &doc);
    let (nodes, cut) = parse::parse(&projected.text, body..projected.text.len(), &tracer);
    let too_complex = cut.map(|at| model::too_complex(projected.origin(at)));
    Parsed {
        stamp,
        nodes: Some(nodes),
        text: too_complex.as_ref().map(|_| doc.text().to_string()),
        too_complex,
    }
}

/// What include resolution needs for one article.
pub struct IncludeContext<'a> {
    /// The canonical content root.
    pub root: &'a Path,
    /// The content root as the user gave it (diagnostics name included files below it).
    pub shown_root: &'a Path,
    /// Which side of bilingual includes to use.
    pub side: Side,
    /// Recognition words (for nested structure; includes hold plain blocks).
    pub words: &'a RecognitionSet,
    /// Every file an include named, found or not (a build's change detection rehashes them).
    pub reads: &'a std::cell::RefCell<std::collections::BTreeSet<PathBuf>>,
    /// The expansion budget of this side of the article ([`MAX_INCLUDES`],
    /// [`MAX_INCLUDED_BYTES`]).
    pub budget: &'a IncludeBudget,
    /// Included files already read and parsed in this build.
    pub cache: &'a IncludeCache,
}

/// Resolves one include of `file` (canonical; `shown` is how diagnostics name it); `stack`
/// holds the files being included.
#[allow(clippy::too_many_arguments)]
pub fn resolve(
    context: &IncludeContext<'_>,
    file: &Path,
    shown: &Path,
    stack: &[PathBuf],
    target: &str,
    origin: &Origin,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<Block>> {
    let mut report = |severity, rule, message: String| {
        diagnostics.push(Diagnostic::at(
            shown,
            (origin.line, origin.column),
            severity,
            rule,
            message,
        ));
    };
    let target_path = target.split(['#', '?']).next().unwrap_or(target);
    if target_path.is_empty() || target_path.contains("://") || target_path.starts_with('/') {
        report(
            Severity::Warning,
            "include-missing",
            format!("include `{target}` is not a relative path"),
        );
        return None;
    }
    let joined = file.parent().unwrap_or(Path::new(".")).join(target_path);
    context.reads.borrow_mut().insert(joined.clone());
    let resolved = match joined.canonicalize() {
        Ok(resolved) => resolved,
        Err(_) => {
            report(
                Severity::Warning,
                "include-missing",
                format!("include `{target}` not found"),
            );
            return None;
        }
    };
    if !resolved.starts_with(context.root) {
        report(
            Severity::Error,
            "include-outside",
            format!("include `{target}` resolves outside the content directory"),
        );
        return None;
    }
    if resolved == file || stack.contains(&resolved) {
        report(
            Severity::Error,
            "include-cycle",
            format!("include `{target}` includes itself (cycle)"),
        );
        return None;
    }
    if stack.len() >= MAX_DEPTH {
        report(
            Severity::Error,
            "include-cycle",
            format!("include `{target}` nests deeper than {MAX_DEPTH} levels"),
        );
        return None;
    }
    // only regular files, and their size known before a byte is read: a FIFO would block, a
    // sparse file of gigabytes would be read whole
    let meta = match std::fs::metadata(&resolved) {
        Ok(meta) if meta.is_file() => meta,
        _ => {
            report(
                Severity::Warning,
                "include-missing",
                format!("include `{target}` is not a regular file"),
            );
            return None;
        }
    };
    let size = meta.len();
    let budget = context.budget;
    if budget.includes.get() >= MAX_INCLUDES
        || budget.bytes.get().saturating_add(size) > MAX_INCLUDED_BYTES
    {
        if !budget.reported.replace(true) {
            report(
                Severity::Error,
                "include-too-large",
                format!(
                    "include `{target}` and the rest are left out: an article expands at most \
                     {MAX_INCLUDES} includes and {MAX_INCLUDED_BYTES} bytes of included files"
                ),
            );
        }
        return None;
    }
    budget.includes.set(budget.includes.get() + 1);
    budget.bytes.set(budget.bytes.get() + size);
    let parsed = context.cache.get(&resolved, context.side, &meta);
    let Some(nodes) = parsed.nodes.clone() else {
        report(
            Severity::Warning,
            "include-missing",
            format!("include `{target}` cannot be read as UTF-8 text"),
        );
        return None;
    };
    let mut nested_stack = stack.to_vec();
    if nested_stack.is_empty() {
        nested_stack.push(file.to_path_buf());
    }
    nested_stack.push(resolved.clone());
    let mut nested: Vec<Diagnostic> = Vec::new();
    let shown = match resolved.strip_prefix(context.root) {
        Ok(relative) => context.shown_root.join(relative),
        Err(_) => resolved.clone(),
    };
    if let (Some(issue), Some(text)) = (&parsed.too_complex, &parsed.text) {
        let index = crate::diagnostic::LineIndex::new(text);
        nested.push(issue.clone().locate(&shown, &index));
    }
    let mut resolve_nested = |path: &str, origin: &Origin| {
        resolve(
            context,
            &resolved,
            &shown,
            &nested_stack,
            path,
            origin,
            &mut nested,
        )
    };
    let resolver: &mut docfx::IncludeResolver<'_> = &mut resolve_nested;
    let nodes = model::apply_docfx(nodes, resolver);
    diagnostics.extend(nested);
    let mut blocks = model::nodes_to_blocks(nodes);
    // DocFX resolves an include's links and images from where the included file is
    let (from, to) = (file.parent(), resolved.parent());
    if let (Some(from), Some(to)) = (from, to)
        && from != to
    {
        model::for_each_url_mut(&mut blocks, &mut |url| rebase(url, from, to));
    }
    Some(blocks)
}

/// Makes `url`, relative to the folder `to` of an included file, relative to the folder `from`
/// of the file that includes it (both canonical). Addresses with a scheme, in-page anchors
/// and rooted paths (`/`, DocFX's `~/`) stay as they are.
fn rebase(url: &mut String, from: &Path, to: &Path) {
    let written = url.trim();
    if written.is_empty()
        || written.starts_with(['#', '/', '\\', '~'])
        || crate::url::scheme(written).is_some()
    {
        return;
    }
    let (path, suffix) = written.split_at(written.find(['#', '?']).unwrap_or(written.len()));
    let names = |dir: &Path| -> Vec<String> {
        dir.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect()
    };
    // the target as a path from the root, then as a path from `from`
    let mut target = names(to);
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                target.pop();
            }
            other => target.push(other.to_string()),
        }
    }
    let from = names(from);
    let common = from.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(target[common..].iter().map(String::as_str));
    let mut rebased = parts.join("/");
    if rebased.is_empty() {
        rebased.push('.');
    }
    rebased.push_str(suffix);
    *url = rebased;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_of_included_content_are_rebased_to_the_including_file() {
        let rebased = |url: &str, from: &str, to: &str| {
            let mut url = url.to_string();
            rebase(&mut url, Path::new(from), Path::new(to));
            url
        };
        let (article, includes) = ("/c/pt-BR/install", "/c/pt-BR/includes");
        assert_eq!(
            rebased("media/yes.png", article, includes),
            "../includes/media/yes.png"
        );
        // a link back into the article's own folder is written from there
        assert_eq!(
            rebased("../install/compressed.md#component", article, includes),
            "compressed.md#component"
        );
        assert_eq!(
            rebased("../x.md?view=1", article, "/c/pt-BR/a/b"),
            "../a/x.md?view=1"
        );
        for kept in [
            "https://x.example/a.png",
            "#anchor",
            "/rooted.md",
            "~/docs/a.md",
            "xref:A.B",
        ] {
            assert_eq!(rebased(kept, article, includes), kept);
        }
    }
}
