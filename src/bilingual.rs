//! Lossless segmentation of bilingual (side-by-side, "sxs") DocFX markdown.
//!
//! A bilingual file is ordinary markdown in which every translated sentence is a pair
//!
//! ```text
//! <span data-ttu-id="b2c2d-104">TARGET</span><span class="sxs-lookup"><span data-stu-id="b2c2d-104">SOURCE</span></span>
//! ```
//!
//! Segmentation runs on the raw text, before any markdown parsing, because pairs sit inside
//! link text and links sit inside pairs. It works in three steps:
//!
//! 1. find every opening `<span data-ttu-id=Q..Q>` (`Q` is `"` or, in damaged files, `&quot;`);
//!    a pair never spans the next opening, so each pair is searched only up to it (linear time);
//! 2. the target ends at the next `</span><span class=Qsxs-lookupQ><span data-stu-id=Q..Q>`;
//! 3. the source ends at the first `</span></span>` where the count of inner `<span` minus
//!    `</span>` equals the target's (other `<span>`s live inside real segments).
//!
//! The result is a [`BilingualDoc`]: an ordered list of [`Piece`]s that tile the input exactly,
//! so [`BilingualDoc::write`] gives back the bytes that were read. Anything malformed becomes an
//! [`Issue`] and stays in the skeleton verbatim: nothing is lost and nothing panics.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use crate::diagnostic::{Issue, LineIndex};

const OPEN: &str = "<span data-ttu-id=";
const MID_START: &str = "</span><span class=";
const LOOKUP_CLASS: &str = "sxs-lookup";
const STU_OPEN: &str = "><span data-stu-id=";
const CLOSE: &str = "</span></span>";
/// Longest segment id accepted; real ids are about 12 bytes.
const MAX_ID_LEN: usize = 128;

/// A segment id such as `b2c2d-104` or `b886f-p102`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SegmentId(String);

impl SegmentId {
    /// Wraps an id as written in the file.
    pub fn new(id: impl Into<String>) -> SegmentId {
        SegmentId(id.into())
    }

    /// The id as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The locale-independent part after the file prefix (`104`, `p102`): the same segment of
    /// one article has the same number in every locale.
    pub fn number(&self) -> &str {
        self.0
            .rsplit_once('-')
            .map_or(&self.0, |(_, number)| number)
    }
}

impl fmt::Display for SegmentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which language of a bilingual file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// The translation (the file's `ms.contentlocale`).
    Target,
    /// The original (en-US in real repositories).
    Source,
}

/// One translated pair, as byte ranges into the file's text.
///
/// The five ranges `open`, `target`, `mid`, `source`, `close` are contiguous and together make
/// up the pair's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The id from `data-ttu-id`.
    pub id: SegmentId,
    /// `<span data-ttu-id="…">`.
    pub open: Range<usize>,
    /// The translated text (inline markdown).
    pub target: Range<usize>,
    /// `</span><span class="sxs-lookup"><span data-stu-id="…">`.
    pub mid: Range<usize>,
    /// The source text (inline markdown).
    pub source: Range<usize>,
    /// `</span></span>`.
    pub close: Range<usize>,
}

impl Segment {
    /// The whole pair.
    pub fn range(&self) -> Range<usize> {
        self.open.start..self.close.end
    }

    /// The text range of one side.
    pub fn side(&self, side: Side) -> Range<usize> {
        match side {
            Side::Target => self.target.clone(),
            Side::Source => self.source.clone(),
        }
    }
}

/// A run of a bilingual file: shared skeleton text, or one pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Text outside pairs, shared by both languages.
    Skeleton(Range<usize>),
    /// The pair with this index into [`BilingualDoc::segments`].
    Pair(usize),
}

/// A bilingual file split into skeleton and pairs, keeping every byte.
#[derive(Debug, Clone)]
pub struct BilingualDoc {
    text: String,
    pieces: Vec<Piece>,
    segments: Vec<Segment>,
}

impl BilingualDoc {
    /// Segments `text`; problems come back as issues, never as a failure.
    pub fn parse(text: String) -> (BilingualDoc, Vec<Issue>) {
        let (pieces, segments, issues) = segment(&text);
        (
            BilingualDoc {
                text,
                pieces,
                segments,
            },
            issues,
        )
    }

    /// The text that was read.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Skeleton runs and pairs, in file order, tiling the text.
    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// The pairs, in file order.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// True when the file holds at least one pair (otherwise it is a monolingual article).
    pub fn is_bilingual(&self) -> bool {
        !self.segments.is_empty()
    }

    /// The text of one side of a segment.
    pub fn segment_text(&self, segment: &Segment, side: Side) -> &str {
        &self.text[segment.side(side)]
    }

    /// Writes the file back from its pieces: exactly the bytes that were read.
    pub fn write(&self) -> String {
        let mut out = String::with_capacity(self.text.len());
        for piece in &self.pieces {
            match piece {
                Piece::Skeleton(range) => out.push_str(&self.text[range.clone()]),
                Piece::Pair(index) => {
                    let s = &self.segments[*index];
                    for range in [&s.open, &s.target, &s.mid, &s.source, &s.close] {
                        out.push_str(&self.text[range.clone()]);
                    }
                }
            }
        }
        out
    }

    /// The plain markdown of one side: skeleton plus that side of every pair, verbatim.
    ///
    /// See [`crate::projection`] for the projection with repairs, as published.
    pub fn project_raw(&self, side: Side) -> String {
        let mut out = String::with_capacity(self.text.len());
        for piece in &self.pieces {
            match piece {
                Piece::Skeleton(range) => out.push_str(&self.text[range.clone()]),
                Piece::Pair(index) => out.push_str(&self.text[self.segments[*index].side(side)]),
            }
        }
        out
    }
}

/// How an attribute value was quoted.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Quote {
    Plain,
    Entity,
}

impl Quote {
    fn token(self) -> &'static str {
        match self {
            Quote::Plain => "\"",
            Quote::Entity => "&quot;",
        }
    }
}

/// Reads `Q id Q` at `pos`; returns the id range, the quote style and the position after it.
/// The generator damages quoting on either side alone (`"id&quot;`), so the closing quote may
/// be either token; any `&quot;` makes the attribute [`Quote::Entity`] (reported as damage).
fn read_quoted(text: &str, pos: usize) -> Option<(Range<usize>, Quote, usize)> {
    let rest = text.get(pos..)?;
    let opening = if rest.starts_with('"') {
        Quote::Plain
    } else if rest.starts_with("&quot;") {
        Quote::Entity
    } else {
        return None;
    };
    let start = pos + opening.token().len();
    let body = &text.as_bytes()[start..];
    let window = &body[..body.len().min(MAX_ID_LEN + Quote::Entity.token().len())];
    let len = (0..window.len()).find(|&i| {
        window[i] == b'"' || window[i..].starts_with(Quote::Entity.token().as_bytes())
    })?;
    let closing = if window[len] == b'"' {
        Quote::Plain
    } else {
        Quote::Entity
    };
    // the quote tokens are ASCII, so `start + len` is a char boundary
    let id = &text[start..start + len];
    if id.is_empty() || id.contains(['<', '>', '\n', '"']) {
        return None;
    }
    let quote = if opening == Quote::Entity || closing == Quote::Entity {
        Quote::Entity
    } else {
        Quote::Plain
    };
    Some((
        start..start + len,
        quote,
        start + len + closing.token().len(),
    ))
}

/// Parses `<span data-ttu-id=Q..Q>` at `pos`: id range, quote, end of the tag.
fn read_open(text: &str, pos: usize) -> Option<(Range<usize>, Quote, usize)> {
    let (id, quote, after) = read_quoted(text, pos + OPEN.len())?;
    text[after..]
        .starts_with('>')
        .then_some((id, quote, after + 1))
}

/// Parses the middle marker at `pos` (which starts with [`MID_START`]).
fn read_mid(text: &str, pos: usize) -> Option<(Range<usize>, Quote, usize)> {
    let mut at = pos + MID_START.len();
    let (class, quote, after) = read_quoted(text, at)?;
    if &text[class] != LOOKUP_CLASS {
        return None;
    }
    at = after;
    if !text[at..].starts_with(STU_OPEN) {
        return None;
    }
    let (id, stu_quote, after) = read_quoted(text, at + STU_OPEN.len())?;
    let quote = if stu_quote == Quote::Entity {
        Quote::Entity
    } else {
        quote
    };
    text[after..]
        .starts_with('>')
        .then_some((id, quote, after + 1))
}

/// Inner `<span` minus `</span>` in a segment text.
fn span_balance(text: &str) -> i64 {
    let opens = text.matches("<span").count() as i64;
    let closes = text.matches("</span>").count() as i64;
    opens - closes
}

/// Finds the end of a source starting at `start`: the first [`CLOSE`] before `limit` where the
/// source's span balance equals `target_balance`. Returns the position of that `CLOSE`.
fn find_source_end(text: &str, start: usize, limit: usize, target_balance: i64) -> Option<usize> {
    let region = &text[start..limit];
    let mut balance = 0i64;
    for (offset, _) in region.match_indices('<') {
        let rest = &region[offset..];
        if rest.starts_with(CLOSE) && balance == target_balance {
            return Some(start + offset);
        }
        if rest.starts_with("</span>") {
            balance -= 1;
        } else if rest.starts_with("<span") {
            balance += 1;
        }
    }
    None
}

/// A pair that could be read, or why not.
enum PairRead {
    Pair(Segment, Vec<Issue>),
    Broken(Issue),
}

/// Reads the pair opening at `pos`, never looking at or past `limit`.
fn read_pair(text: &str, pos: usize, limit: usize) -> PairRead {
    let Some((id_range, open_quote, open_end)) = read_open(text, pos) else {
        return PairRead::Broken(Issue::error(
            pos,
            "malformed-pair",
            "malformed `data-ttu-id` attribute: expected `<span data-ttu-id=\"ID\">`",
        ));
    };
    let id = &text[id_range.clone()];
    // The target ends at the first well-formed middle marker before the next pair.
    let mut search = open_end;
    let mid = loop {
        match text[search..limit].find(MID_START) {
            None => {
                return PairRead::Broken(Issue::error(
                    pos,
                    "unclosed-pair",
                    format!("pair `{id}` has no `sxs-lookup` source part before the next pair"),
                ));
            }
            Some(found) => {
                let at = search + found;
                if let Some(mid) = read_mid(text, at).filter(|m| m.2 <= limit) {
                    break (at, mid);
                }
                search = at + MID_START.len();
            }
        }
    };
    let (mid_start, (stu_range, mid_quote, mid_end)) = mid;
    let target = open_end..mid_start;
    let target_balance = span_balance(&text[target.clone()]);
    let Some(source_end) = find_source_end(text, mid_end, limit, target_balance) else {
        return PairRead::Broken(Issue::error(
            mid_start,
            "unclosed-pair",
            format!("source of pair `{id}` is not closed by `</span></span>` before the next pair"),
        ));
    };
    let segment = Segment {
        id: SegmentId::new(id),
        open: pos..open_end,
        target,
        mid: mid_start..mid_end,
        source: mid_end..source_end,
        close: source_end..source_end + CLOSE.len(),
    };
    let mut issues = Vec::new();
    let stu = &text[stu_range];
    if stu != id {
        issues.push(Issue::error(
            mid_start,
            "id-mismatch",
            format!("`data-stu-id` `{stu}` does not match `data-ttu-id` `{id}`"),
        ));
    }
    if open_quote == Quote::Entity || mid_quote == Quote::Entity {
        issues.push(Issue::warning(
            pos,
            "quot-attribute",
            format!("pair `{id}` quotes its attributes with `&quot;` (damaged by the generator)"),
        ));
    }
    if target_balance != 0 {
        issues.push(Issue::warning(
            segment.target.start,
            "unbalanced-span",
            format!("target of pair `{id}` has unbalanced inner `<span>` tags"),
        ));
    }
    for range in [&segment.target, &segment.source] {
        let body = &text[range.clone()];
        if let Some(found) = body.find("data-stu-id").or_else(|| body.find(LOOKUP_CLASS)) {
            issues.push(Issue::error(
                range.start + found,
                "pair-markup",
                format!("text of pair `{id}` contains pair markup"),
            ));
        }
    }
    PairRead::Pair(segment, issues)
}

/// Splits `text` into pieces and segments; see the module documentation.
fn segment(text: &str) -> (Vec<Piece>, Vec<Segment>, Vec<Issue>) {
    let opens: Vec<usize> = text.match_indices(OPEN).map(|(at, _)| at).collect();
    let mut pieces = Vec::new();
    let mut segments: Vec<Segment> = Vec::new();
    let mut issues = Vec::new();
    // Start of skeleton not yet emitted, and start of skeleton not yet checked for orphans.
    let mut skeleton_start = 0;
    let mut unchecked_start = 0;
    for (k, &pos) in opens.iter().enumerate() {
        if pos < skeleton_start {
            continue;
        }
        let limit = opens.get(k + 1).copied().unwrap_or(text.len());
        match read_pair(text, pos, limit) {
            PairRead::Broken(issue) => {
                check_orphans(text, unchecked_start..pos, &mut issues);
                unchecked_start = limit;
                issues.push(issue);
            }
            PairRead::Pair(seg, pair_issues) => {
                check_orphans(text, unchecked_start..pos, &mut issues);
                if skeleton_start < pos {
                    pieces.push(Piece::Skeleton(skeleton_start..pos));
                }
                issues.extend(pair_issues);
                skeleton_start = seg.close.end;
                unchecked_start = seg.close.end;
                pieces.push(Piece::Pair(segments.len()));
                segments.push(seg);
            }
        }
    }
    check_orphans(text, unchecked_start..text.len(), &mut issues);
    check_duplicates(text, &segments, &mut issues);
    if skeleton_start < text.len() {
        pieces.push(Piece::Skeleton(skeleton_start..text.len()));
    }
    issues.sort_by_key(|issue| issue.offset);
    (pieces, segments, issues)
}

/// Reports segment ids used more than once (the later uses).
fn check_duplicates(text: &str, segments: &[Segment], issues: &mut Vec<Issue>) {
    let mut first_seen: HashMap<&str, usize> = HashMap::with_capacity(segments.len());
    let mut lines = None;
    for segment in segments {
        let id = segment.id.as_str();
        match first_seen.get(id) {
            None => {
                first_seen.insert(id, segment.open.start);
            }
            Some(&first) => {
                let index = lines.get_or_insert_with(|| LineIndex::new(text));
                let (line, _) = index.line_col(first);
                issues.push(Issue::error(
                    segment.open.start,
                    "duplicate-id",
                    format!("segment id `{id}` is used twice (first on line {line})"),
                ));
            }
        }
    }
}

/// Reports `sxs-lookup` source parts that stand in the skeleton without their target span.
fn check_orphans(text: &str, range: Range<usize>, issues: &mut Vec<Issue>) {
    if range.start >= range.end {
        return;
    }
    let region = &text[range.clone()];
    for (at, _) in region.match_indices(LOOKUP_CLASS) {
        issues.push(Issue::error(
            range.start + at,
            "orphan-lookup",
            "`sxs-lookup` source part without its `data-ttu-id` target span",
        ));
    }
}

#[cfg(test)]
#[path = "bilingual/tests.rs"]
mod tests;
