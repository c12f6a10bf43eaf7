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
/// level over 7 levels would otherwise be two million copies from a kilobyte of input.
pub const MAX_INCLUDES: usize = 256;

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
    let size = match std::fs::metadata(&resolved) {
        Ok(meta) if meta.is_file() => meta.len(),
        _ => {
            report(
                Severity::Warning,
                "include-missing",
                format!("include `{target}` is not a regular file"),
            );
            return None;
        }
    };
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
    let mut bytes = Vec::new();
    let text = source::read_bytes(&resolved, &mut bytes)
        .ok()
        .and_then(|()| String::from_utf8(bytes).ok());
    let Some(text) = text else {
        report(
            Severity::Warning,
            "include-missing",
            format!("include `{target}` cannot be read as UTF-8 text"),
        );
        return None;
    };
    let (doc, _) = BilingualDoc::parse(text);
    let (projected, _) = projection::project(&doc, context.side, &ProjectOptions::default());
    let body = match crate::frontmatter::split(&projected.text) {
        Ok(Some(block)) => block.range.end,
        _ => 0,
    };
    let tracer = parse::Tracer::new(&projected, &doc);
    let (nodes, cut) = parse::parse(&projected.text, body..projected.text.len(), &tracer);
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
    if let Some(at) = cut {
        let index = crate::diagnostic::LineIndex::new(doc.text());
        nested.push(model::too_complex(projected.origin(at)).locate(&shown, &index));
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
    Some(model::nodes_to_blocks(nodes))
}
