//! Projections: the plain markdown of one language of a bilingual file, as it is published.
//!
//! Stages, each optional through [`ProjectOptions`]:
//!
//! 1. take the skeleton and the chosen side of every pair ([`BilingualDoc::project_raw`]);
//! 2. repair unambiguous mojibake in every piece ([`crate::mojibake`]), with a warning each;
//! 3. undo the generator's artefacts in segment text: escaped stars that the source's markup
//!    shows are markup, escaped stars inside raw HTML blocks, an escaped backslash closing a
//!    segment, spaces before a bare URL opening one (`generator_artefacts`); then normalise
//!    the remaining escaped stars ([`crate::escapes`]): drop those whose removal does not change
//!    the rendered document;
//! 4. for the source side, rewrite the front matter for en-US ([`frontmatter::rewrite_for_source`]).
//!
//! The result keeps a chunk map from projected byte ranges back to the bilingual file and to
//! segments, so every later stage can report `path:line:col` and segment ids.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::bilingual::{BilingualDoc, Piece, Side};
use crate::diagnostic::Issue;
use crate::{escapes, frontmatter, markdown, mojibake};

/// Most segments tried one at a time for escape normalisation (bounds the work per file).
const MAX_ESCAPE_TRIALS: usize = 64;

/// What a projection repairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProjectOptions {
    /// Repair unambiguous Mac Roman / Windows-1252 mojibake.
    pub repair_mojibake: bool,
    /// Normalise escaped stars the way the published side writes them.
    pub normalize_escapes: bool,
    /// Rewrite the front matter of the source side for the en-US article.
    pub source_front_matter: bool,
}

impl Default for ProjectOptions {
    fn default() -> Self {
        ProjectOptions {
            repair_mojibake: true,
            normalize_escapes: true,
            source_front_matter: true,
        }
    }
}

impl ProjectOptions {
    /// Skeleton and side text verbatim, nothing repaired.
    pub fn raw() -> Self {
        ProjectOptions {
            repair_mojibake: false,
            normalize_escapes: false,
            source_front_matter: false,
        }
    }
}

/// A run of the projected text and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// Bytes in the projected text.
    pub projected: Range<usize>,
    /// Bytes in the bilingual file.
    pub original: Range<usize>,
    /// The segment (index into [`BilingualDoc::segments`]) the chunk is one side of.
    pub segment: Option<usize>,
}

/// The markdown of one language of a bilingual file, traceable to the file.
#[derive(Debug, Clone)]
pub struct Projection {
    /// Which side was projected.
    pub side: Side,
    /// The markdown.
    pub text: String,
    /// Chunks in order, tiling `text`.
    pub chunks: Vec<Chunk>,
}

impl Projection {
    fn chunk_at(&self, offset: usize) -> Option<&Chunk> {
        let index = self.chunks.partition_point(|c| c.projected.end <= offset);
        self.chunks.get(index)
    }

    /// The byte offset in the bilingual file that produced projected byte `offset`
    /// (exact in unrepaired chunks, the nearest earlier byte in repaired ones).
    pub fn origin(&self, offset: usize) -> usize {
        match self.chunk_at(offset) {
            Some(chunk) => {
                let delta = offset - chunk.projected.start;
                chunk.original.start + delta.min(chunk.original.len().saturating_sub(1))
            }
            None => self.chunks.last().map_or(0, |c| c.original.end),
        }
    }

    /// The segments whose text overlaps the projected byte range `range`, in order.
    pub fn segments_in(&self, range: std::ops::Range<usize>) -> Vec<usize> {
        let first = self
            .chunks
            .partition_point(|c| c.projected.end <= range.start);
        self.chunks[first..]
            .iter()
            .take_while(|c| c.projected.start < range.end.max(range.start + 1))
            .filter_map(|c| c.segment)
            .collect()
    }

    /// The segment whose text produced projected byte `offset`.
    pub fn segment_at(&self, offset: usize) -> Option<usize> {
        self.chunk_at(offset).and_then(|c| c.segment)
    }
}

/// One piece's projected text before assembly.
struct Part {
    text: String,
    original: Range<usize>,
    segment: Option<usize>,
}

/// Projects one side of `doc`; issues are located in the bilingual file.
pub fn project(
    doc: &BilingualDoc,
    side: Side,
    options: &ProjectOptions,
) -> (Projection, Vec<Issue>) {
    let source = doc.text();
    let mut issues = Vec::new();
    let mut parts: Vec<Part> = doc
        .pieces()
        .iter()
        .map(|piece| {
            let (original, segment) = match piece {
                Piece::Skeleton(range) => (range.clone(), None),
                Piece::Pair(index) => (doc.segments()[*index].side(side), Some(*index)),
            };
            let raw = &source[original.clone()];
            let text = if options.repair_mojibake {
                repair_mojibake(raw, original.start, &mut issues)
            } else {
                raw.to_string()
            };
            Part {
                text,
                original,
                segment,
            }
        })
        .collect();
    if options.normalize_escapes {
        if side == Side::Target {
            follow_source_markup(doc, &mut parts);
        }
        generator_artefacts(&mut parts);
        normalize_escapes(&mut parts);
    }
    if side == Side::Source && options.source_front_matter && doc.is_bilingual() {
        rewrite_front_matter(&mut parts);
    }
    (assemble(side, parts), issues)
}

fn repair_mojibake(raw: &str, offset: usize, issues: &mut Vec<Issue>) -> String {
    let repairs = mojibake::find(raw);
    if repairs.is_empty() {
        return raw.to_string();
    }
    for repair in &repairs {
        issues.push(Issue::warning(
            offset + repair.range.start,
            "mojibake",
            format!(
                "repaired {} mojibake `{}` as `{}`",
                repair.misdecoding.name(),
                repair.damaged,
                repair.repaired
            ),
        ));
    }
    mojibake::apply(raw, &repairs)
}

fn assemble(side: Side, parts: Vec<Part>) -> Projection {
    let mut text = String::with_capacity(parts.iter().map(|p| p.text.len()).sum());
    let mut chunks = Vec::with_capacity(parts.len());
    for part in parts {
        let start = text.len();
        text.push_str(&part.text);
        chunks.push(Chunk {
            projected: start..text.len(),
            original: part.original,
            segment: part.segment,
        });
    }
    Projection { side, text, chunks }
}

fn join(parts: &[Part]) -> String {
    parts.iter().map(|p| p.text.as_str()).collect()
}

/// The parts' text with the backslashes `removed[i]` taken out of part `i`.
fn join_without(parts: &[Part], removed: &BTreeMap<usize, Vec<usize>>) -> String {
    let mut out = String::new();
    for (index, part) in parts.iter().enumerate() {
        match removed.get(&index) {
            Some(at) => out.push_str(&escapes::remove_backslashes(&part.text, at)),
            None => out.push_str(&part.text),
        }
    }
    out
}

/// A translation carries its source's inline markup. The target's escaped stars are generator
/// artefacts when the source of the segment writes stars only as markup (no `\*`) and the
/// target only as escapes (no plain `*`), or when the target mixes plain and escaped stars
/// while every backslash of its source escapes another punctuation character (`\>`): such a
/// source writes every star as markup (`*\*[Pay now]**` for `**[Pay now]**`).
fn follow_source_markup(doc: &BilingualDoc, parts: &mut [Part]) {
    for part in parts.iter_mut() {
        let Some(index) = part.segment else { continue };
        let source = doc.segment_text(&doc.segments()[index], Side::Source);
        let at = escapes::escaped_stars(&part.text);
        if at.is_empty() {
            continue;
        }
        let target_stars = part.text.matches('*').count();
        let only_escapes = target_stars == at.len()
            && source.contains('*')
            && escapes::escaped_stars(source).is_empty();
        let mixed = target_stars > at.len() && escapes::only_other_escapes(source);
        if only_escapes || mixed {
            part.text = escapes::remove_backslashes(&part.text, &at);
        }
    }
}

/// Bytes the sxs generator adds to segment text and the published article does not have, on
/// either side (each decided by CommonMark, so the rendering is what the author wrote):
///
/// - an escaped star inside a raw HTML block (markdown escapes are not processed there, so the
///   backslash would show);
/// - an escaped backslash that ends a segment (`C:\\` for `C:\`);
/// - spaces before a bare URL that opens a segment.
fn generator_artefacts(parts: &mut [Part]) {
    let in_html = {
        let text = join(parts);
        let blocks = if text.contains("\\*")
            && text.contains('<')
            && markdown::element_budget_end(&text, crate::model::parse::MAX_EVENTS) == text.len()
        {
            markdown::html_block_ranges(&text)
        } else {
            Vec::new()
        };
        let mut start = 0;
        let mut in_html = Vec::with_capacity(parts.len());
        let mut block = 0;
        for part in parts.iter() {
            let range = start..start + part.text.len();
            while blocks.get(block).is_some_and(|b| b.end <= range.start) {
                block += 1;
            }
            in_html.push(
                blocks
                    .get(block)
                    .is_some_and(|b| b.start <= range.start && range.end <= b.end),
            );
            start = range.end;
        }
        in_html
    };
    for (part, in_html) in parts.iter_mut().zip(in_html) {
        if part.segment.is_none() {
            continue;
        }
        if in_html && let Some(text) = escapes::unescape_stars(&part.text) {
            part.text = text;
        }
        let trailing = part.text.len() - part.text.trim_end_matches('\\').len();
        if trailing == 2 {
            part.text.pop();
        }
        let unindented = part.text.trim_start_matches(' ');
        if unindented.len() < part.text.len()
            && (unindented.starts_with("https://") || unindented.starts_with("http://"))
        {
            part.text = unindented.to_string();
        }
    }
}

/// Minimal escaping (see [`crate::escapes`]): drops each escaped star of segment text whose
/// removal leaves the rendered document unchanged. Tries all at once, then segment by segment,
/// then escape by escape, at most [`MAX_ESCAPE_TRIALS`] renders per file.
fn normalize_escapes(parts: &mut [Part]) {
    let candidates: Vec<(usize, Vec<usize>)> = parts
        .iter()
        .enumerate()
        .filter(|(_, p)| p.segment.is_some())
        .map(|(i, p)| (i, escapes::escaped_stars(&p.text)))
        .filter(|(_, at)| !at.is_empty())
        .collect();
    if candidates.is_empty() {
        return;
    }
    let text = join(parts);
    // a file too complex to model is not rendered either (each render would hold all its nodes)
    if markdown::element_budget_end(&text, crate::model::parse::MAX_EVENTS) < text.len() {
        return;
    }
    let reference = markdown::render_html(&text);
    let unchanged = |removed: &BTreeMap<usize, Vec<usize>>| {
        markdown::render_html(&join_without(parts, removed)) == reference
    };
    let all: BTreeMap<usize, Vec<usize>> = candidates.iter().cloned().collect();
    let accepted = if unchanged(&all) {
        all
    } else {
        let mut accepted: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        let mut trials = 1;
        for (index, at) in &candidates {
            if trials >= MAX_ESCAPE_TRIALS {
                break;
            }
            trials += 1;
            accepted.insert(*index, at.clone());
            if unchanged(&accepted) || at.len() == 1 {
                if at.len() == 1 && !unchanged(&accepted) {
                    accepted.remove(index);
                }
                continue;
            }
            // word by word within this segment: the escapes of one word (`\*secret\*.docx`)
            // go together, so a wildcard is never half unescaped
            let mut kept_here = Vec::new();
            for word in escapes_by_word(&parts[*index].text, at) {
                if trials >= MAX_ESCAPE_TRIALS {
                    break;
                }
                trials += 1;
                let mut trial = kept_here.clone();
                trial.extend_from_slice(&word);
                accepted.insert(*index, trial.clone());
                if unchanged(&accepted) {
                    kept_here = trial;
                }
            }
            if kept_here.is_empty() {
                accepted.remove(index);
            } else {
                accepted.insert(*index, kept_here);
            }
        }
        accepted
    };
    for (index, at) in accepted {
        parts[index].text = escapes::remove_backslashes(&parts[index].text, &at);
    }
}

/// Groups sorted escape offsets by the whitespace-separated word they stand in.
fn escapes_by_word(text: &str, at: &[usize]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut last_end = None;
    for &offset in at {
        let word_start = text[..offset]
            .rfind(char::is_whitespace)
            .map_or(0, |w| w + 1);
        match (groups.last_mut(), last_end) {
            (Some(group), Some(end)) if word_start < end => group.push(offset),
            _ => groups.push(vec![offset]),
        }
        let word_end = text[offset..]
            .find(char::is_whitespace)
            .map_or(text.len(), |w| offset + w);
        last_end = Some(word_end);
    }
    groups
}

/// Rewrites the front matter skeleton part of a source projection (see
/// [`frontmatter::rewrite_for_source`]); the en-US title is the H1 of the projection.
fn rewrite_front_matter(parts: &mut [Part]) {
    let Some(first) = parts.first() else { return };
    if first.segment.is_some() {
        return;
    }
    let Ok(Some(block)) = frontmatter::split(&first.text) else {
        return;
    };
    let title = h1_title(&join(parts));
    let rewritten = frontmatter::rewrite_for_source(
        &first.text[block.range.clone()],
        title.as_deref(),
        "en-US",
    );
    let first = &mut parts[0];
    first.text.replace_range(block.range, &rewritten);
}

/// The text of the first ATX `# ` heading, without `<a name>` anchors.
pub fn h1_title(markdown: &str) -> Option<String> {
    let line = markdown.lines().find(|l| l.starts_with("# "))?;
    let mut title = line[2..].trim().to_string();
    while let Some(start) = title.find("<a ") {
        let end = title[start..].find("</a>").map(|e| start + e + 4)?;
        title.replace_range(start..end, "");
    }
    let title = title.trim().trim_end_matches('#').trim();
    (!title.is_empty()).then(|| title.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(id: &str, target: &str, source: &str) -> String {
        format!(
            "<span data-ttu-id=\"{id}\">{target}</span><span class=\"sxs-lookup\"><span data-stu-id=\"{id}\">{source}</span></span>"
        )
    }

    fn project_both(input: &str) -> (Projection, Projection, Vec<Issue>) {
        let (doc, _) = BilingualDoc::parse(input.to_string());
        let (target, mut issues) = project(&doc, Side::Target, &ProjectOptions::default());
        let (source, more) = project(&doc, Side::Source, &ProjectOptions::default());
        issues.extend(more);
        (target, source, issues)
    }

    #[test]
    fn escapes_that_change_nothing_are_dropped_and_needed_ones_kept() {
        let input = format!(
            "{}\n\n{}\n",
            pair("a-1", "(1-97/365) \\* $ 120", "(1-97/365) \\* $120"),
            pair("a-2", "\\*geheim\\*.docx", "\\*secret\\*.docx"),
        );
        let (target, source, _) = project_both(&input);
        assert_eq!(target.text, "(1-97/365) * $ 120\n\n\\*geheim\\*.docx\n");
        assert_eq!(source.text, "(1-97/365) * $120\n\n\\*secret\\*.docx\n");
    }

    #[test]
    fn mixed_escapes_follow_a_source_that_writes_every_star_as_markup() {
        // the source escapes only `>`: its stars are markup, so the target's `\*` are artefacts
        let input = pair(
            "a-1",
            "*\\*[Nu betalen]** \\> **Klaar**",
            "**[Pay now]** \\> **Done**",
        );
        assert_eq!(
            project_both(&input).0.text,
            "**[Nu betalen]** \\> **Klaar**"
        );
        // near misses: a source with an escaped star, or with a dangling backslash, decides
        // nothing: only minimal escaping acts (the escape that changes the rendering stays)
        for source in ["**Pay** \\* now", "**Buy licenses**.\\"] {
            let input = pair("a-1", "\\**Licenties kopen.\\**", source);
            assert_eq!(
                project_both(&input).0.text,
                "**Licenties kopen.\\**",
                "{source}"
            );
        }
    }

    #[test]
    fn escaped_stars_in_raw_html_blocks_are_generator_escapes() {
        let input = format!(
            "<p>{}</p>\n\n{}\n",
            pair("a-1", "Alle bestanden \\*.docx", "All files \\*.docx"),
            pair("a-2", "\\*geheim\\*.docx", "\\*secret\\*.docx"),
        );
        let (target, source, _) = project_both(&input);
        assert_eq!(
            target.text,
            "<p>Alle bestanden *.docx</p>\n\n\\*geheim\\*.docx\n"
        );
        assert_eq!(
            source.text,
            "<p>All files *.docx</p>\n\n\\*secret\\*.docx\n"
        );
        // near miss: inline HTML in a paragraph is markdown, where the escape matters
        let input = format!("a <b>{}</b>\n", pair("a-1", "\\*x\\*", "\\*x\\*"));
        assert_eq!(project_both(&input).0.text, "a <b>\\*x\\*</b>\n");
    }

    #[test]
    fn an_escaped_backslash_closing_a_segment_is_published_single() {
        let input = format!(
            "{} en {}\n",
            pair("a-1", "Ga naar C:\\\\", "Go to C:\\\\"),
            pair("a-2", "a\\\\b", "a\\\\b")
        );
        let (target, source, _) = project_both(&input);
        assert_eq!(target.text, "Ga naar C:\\ en a\\\\b\n");
        assert_eq!(source.text, "Go to C:\\ en a\\\\b\n");
    }

    #[test]
    fn spaces_before_a_bare_url_opening_a_segment_are_dropped() {
        let input = format!(
            "1. {}\n2. {}\n",
            pair(
                "a-1",
                " https://example.com gaan",
                " https://example.com go"
            ),
            pair(
                "a-2",
                " Ga naar https://example.com",
                " Go to https://example.com"
            )
        );
        let (target, source, _) = project_both(&input);
        assert_eq!(
            target.text,
            "1. https://example.com gaan\n2.  Ga naar https://example.com\n"
        );
        assert_eq!(
            source.text,
            "1. https://example.com go\n2.  Go to https://example.com\n"
        );
    }

    #[test]
    fn mojibake_is_repaired_with_a_located_warning() {
        let input = format!("x {}", pair("a-1", "Ge√Øntegreerde", "Integrated"));
        let (target, _, issues) = project_both(&input);
        assert_eq!(target.text, "x Geïntegreerde");
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].offset, input.find("√Ø").unwrap());
        assert_eq!(issues[0].message, "repaired Mac Roman mojibake `√Ø` as `ï`");
    }

    #[test]
    fn chunks_trace_back_to_segments_and_bytes() {
        let input = format!("# {}\n", pair("a-1", "Titel", "Title"));
        let (target, source, _) = project_both(&input);
        assert_eq!(target.text, "# Titel\n");
        assert_eq!(target.segment_at(3), Some(0));
        assert_eq!(target.segment_at(0), None);
        assert_eq!(target.origin(3), input.find("itel").unwrap());
        assert_eq!(source.text, "# Title\n");
    }

    #[test]
    fn source_front_matter_is_rewritten_for_en_us() {
        let input = format!(
            "---\ntitle: Titel\nms.contentlocale: nl-NL\nms.locfileid: \"1\"\n---\n# <a name=\"t\"></a>{}\n",
            pair("a-1", "Titel", "The title")
        );
        let (target, source, _) = project_both(&input);
        assert!(
            target
                .text
                .starts_with("---\ntitle: Titel\nms.contentlocale: nl-NL\n")
        );
        assert_eq!(
            source.text,
            "---\ntitle: The title\nms.contentlocale: en-US\n---\n# <a name=\"t\"></a>The title\n"
        );
    }
}
