//! Modelling one file: a loaded file's side ([`article_model`], includes resolved inside the
//! content root) or a text on its own ([`models_of_text`], includes left unresolved).

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::bilingual::Side;
use crate::diagnostic::Diagnostic;
use crate::frontmatter::{self, Meta};
use crate::include::{self, IncludeContext};
use crate::load::{self, LoadedFile};
use crate::model::{self, Article, ModelInput, Origin, recognition::RecognitionSet};
use crate::projection::{ProjectOptions, Projection};

/// The model of one side of a loaded file. `roots` is the content root canonical and as given.
pub fn article_model(
    file: &LoadedFile,
    side: Side,
    roots: (&Path, &Path),
    words: &RecognitionSet,
    diagnostics: &mut Vec<Diagnostic>,
    includes: &mut BTreeSet<PathBuf>,
    cache: &include::IncludeCache,
) -> Article {
    let (projection, locale, meta) = match (side, &file.source) {
        (Side::Source, Some(source)) => (
            source,
            load::SOURCE_LOCALE.to_string(),
            source_meta(file, source),
        ),
        _ => (&file.target, file.locale.to_string(), file.meta.clone()),
    };
    let input = ModelInput {
        slug: file.slug(),
        locale,
        meta,
        projection,
        doc: &file.doc,
    };
    let includer = Includer {
        file,
        side,
        roots,
        words,
        cache,
    };
    let (mut article, issue) = includer.with_resolver(diagnostics, includes, |resolve| {
        model::build_article(input, words, resolve)
    });
    if let Some(issue) = issue {
        let index = crate::diagnostic::LineIndex::new(file.doc.text());
        diagnostics.push(issue.locate(&file.found.path, &index));
    }
    article.path = file.found.path.clone();
    article
}

/// The en-US text of every segment of a bilingual file, by segment id, as plain text with its
/// inline includes resolved: what a page's "show the English" toggle puts under each
/// translated block. Include problems are not reported here: the file's models report them.
pub fn source_texts(
    file: &LoadedFile,
    roots: (&Path, &Path),
    words: &RecognitionSet,
    includes: &mut BTreeSet<PathBuf>,
    cache: &include::IncludeCache,
) -> HashMap<String, String> {
    let includer = Includer {
        file,
        side: Side::Source,
        roots,
        words,
        cache,
    };
    let mut unreported = Vec::new();
    includer.with_resolver(&mut unreported, includes, |resolve| {
        let doc = &file.doc;
        doc.segments()
            .iter()
            .map(|segment| {
                let inlines = model::parse::parse_inlines(&doc.text()[segment.source.clone()]);
                let inlines = model::docfx::inline_includes(inlines, &Origin::default(), resolve);
                (segment.id.as_str().to_string(), model::plain_text(&inlines))
            })
            .collect()
    })
}

/// What resolving the includes of one side of a loaded file needs.
struct Includer<'a> {
    file: &'a LoadedFile,
    side: Side,
    /// The content root, canonical and as given.
    roots: (&'a Path, &'a Path),
    words: &'a RecognitionSet,
    cache: &'a include::IncludeCache,
}

impl Includer<'_> {
    /// Runs `f` with this side's include resolver; the files it names join `includes`.
    fn with_resolver<R>(
        &self,
        diagnostics: &mut Vec<Diagnostic>,
        includes: &mut BTreeSet<PathBuf>,
        f: impl FnOnce(&mut model::docfx::IncludeResolver<'_>) -> R,
    ) -> R {
        let file = self.file;
        // resolved only when the article includes a file (a syscall per folder of the path)
        let canonical = std::cell::OnceCell::new();
        let reads = RefCell::new(std::mem::take(includes));
        let budget = include::IncludeBudget::default();
        let context = IncludeContext {
            root: self.roots.0,
            shown_root: self.roots.1,
            side: self.side,
            words: self.words,
            reads: &reads,
            budget: &budget,
            cache: self.cache,
        };
        let mut resolve_include = |path: &str, origin: &Origin| {
            let canonical = canonical.get_or_init(|| {
                file.found
                    .path
                    .canonicalize()
                    .unwrap_or_else(|_| file.found.path.clone())
            });
            include::resolve(
                &context,
                canonical,
                &file.found.path,
                &[],
                path,
                origin,
                diagnostics,
            )
        };
        let result = f(&mut resolve_include);
        *includes = reads.into_inner();
        result
    }
}

/// The front matter of the en-US side of `file`: the target's, made en-US
/// ([`Meta::for_source`]), when the en-US block is the file's block as the projection rewrites
/// it (the usual case, and no YAML is read again); else the en-US block parsed. The blocks are
/// compared, not assumed equal: a repair (mojibake) or a pair inside the front matter makes the
/// en-US block differ from the one `file.meta` was read from.
fn source_meta(file: &LoadedFile, source: &Projection) -> Meta {
    let Ok(Some(block)) = frontmatter::split(&source.text) else {
        return Meta::default();
    };
    let shown = &source.text[block.range.clone()];
    if let Some(target) = &file.front_matter {
        let title = crate::projection::h1_title(&source.text);
        let rewritten = frontmatter::rewrite_for_source(
            &file.doc.text()[target.range.clone()],
            title.as_deref(),
            load::SOURCE_LOCALE,
        );
        if rewritten == shown {
            return file.meta.for_source(title.as_deref(), load::SOURCE_LOCALE);
        }
    }
    frontmatter::parse(&source.text, &block).unwrap_or_default()
}

/// The models of one bilingual or monolingual text outside a content directory (includes are
/// left unresolved): the target-locale model, and the en-US model when the text has pairs.
pub fn models_of_text(
    slug: &str,
    locale: &str,
    text: String,
    words: &RecognitionSet,
) -> (Article, Option<Article>) {
    let (doc, _) = crate::bilingual::BilingualDoc::parse(text);
    let options = ProjectOptions::default();
    let mut unresolved = |_: &str, _: &Origin| None;
    let mut build = |side: Side, locale: String| {
        let (projection, _) = crate::projection::project(&doc, side, &options);
        let meta = crate::frontmatter::split(&projection.text)
            .ok()
            .flatten()
            .and_then(|block| crate::frontmatter::parse(&projection.text, &block).ok())
            .unwrap_or_default();
        let input = ModelInput {
            slug,
            locale,
            meta,
            projection: &projection,
            doc: &doc,
        };
        model::build_article(input, words, &mut unresolved).0
    };
    let target = build(Side::Target, locale.to_string());
    let source = doc
        .is_bilingual()
        .then(|| build(Side::Source, load::SOURCE_LOCALE.to_string()));
    (target, source)
}
