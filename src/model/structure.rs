//! Step 3 of the model: sections from headings, then steps.
//!
//! Steps are recognised from locale-independent signals first, so every locale of an article
//! gets the same shape and the same keys:
//!
//! 1. a heading is a step when its anchor is `step-N…` (the en-US slug), else when the source
//!    side of its segments reads `Step N…`, else (monolingual files) when it starts with a step
//!    word of the locale (`Stap 5`, from `locales/<locale>/recognition.toml`); `optional` comes
//!    from `-optional-` in the anchor, `Optional` in the source, or the locale's optional words;
//! 2. a section without step headings whose blocks hold an ordered list: the list's items are
//!    the steps (the article's intro likewise);
//! 3. inside a step, its first ordered list gives sub-steps; lines lettered `a.` `b.` … give
//!    sub-steps too; bullet lists stay lists.
//!
//! Keys: a heading step's anchor (else `step-N`); a list step `PARENT/N`; a lettered sub-step
//! `PARENT/a`. The parent of a section's list steps is the section anchor.

use super::parse::{Node, Tracer};
use super::recognition::Recognition;
use super::{Block, Inline, ListItem, Origin, Section, Step, plain_text};
use crate::unique::UniqueNames;

/// What structure recognition needs besides the nodes.
pub struct StructureContext<'a> {
    /// Source-side text lookup (bilingual files).
    pub tracer: &'a Tracer<'a>,
    /// The article locale's words.
    pub words: &'a Recognition,
    /// Every locale's words (to strip `Step N` prefixes in any language).
    pub all_words: &'a Recognition,
}

/// The article body: H1, intro, article-level steps and sections.
pub struct Body {
    /// H1 text.
    pub title: Option<Vec<Inline>>,
    /// H1 anchor.
    pub anchor: Option<String>,
    /// Intro blocks without steps.
    pub intro: Vec<Block>,
    /// Article-level steps.
    pub steps: Vec<Step>,
    /// Where the steps stand in `intro`.
    pub steps_at: usize,
    /// H2 sections.
    pub sections: Vec<Section>,
}

struct RawSection {
    anchor: Option<String>,
    level: u8,
    title: Vec<Inline>,
    origin: Origin,
    blocks: Vec<Block>,
    children: Vec<RawSection>,
}

/// Builds the body from parsed, extension-applied nodes.
pub fn build(nodes: Vec<Node>, context: &StructureContext<'_>) -> Body {
    let mut title = None;
    let mut anchor = None;
    let mut root = RawSection {
        anchor: None,
        level: 1,
        title: Vec::new(),
        origin: Origin::default(),
        blocks: Vec::new(),
        children: Vec::new(),
    };
    // open sections below the root, innermost last
    let mut open: Vec<RawSection> = Vec::new();
    for node in nodes {
        match node {
            Node::Heading {
                level: 1,
                anchor: a,
                inlines,
                ..
            } if title.is_none() && open.is_empty() => {
                title = Some(inlines);
                anchor = a;
            }
            Node::Heading {
                level,
                anchor: a,
                inlines,
                origin,
                ..
            } => {
                let level = level.max(2);
                close_until(&mut open, &mut root, level);
                open.push(RawSection {
                    anchor: a,
                    level,
                    title: inlines,
                    origin,
                    blocks: Vec::new(),
                    children: Vec::new(),
                });
            }
            Node::Block(block) => match open.last_mut() {
                Some(section) => section.blocks.push(block),
                None => root.blocks.push(block),
            },
        }
    }
    close_until(&mut open, &mut root, 0);
    let mut keys = UniqueNames::default();
    let mut anchors = UniqueNames::default();
    let (intro, steps, steps_at, sections) =
        section_parts(root, "", context, &mut keys, &mut anchors);
    Body {
        title,
        anchor,
        intro,
        steps,
        steps_at,
        sections,
    }
}

fn close_until(open: &mut Vec<RawSection>, root: &mut RawSection, level: u8) {
    while open.last().is_some_and(|s| s.level >= level) {
        let done = open.pop().expect("checked non-empty");
        match open.last_mut() {
            Some(parent) => parent.children.push(done),
            None => root.children.push(done),
        }
    }
}

/// Splits a raw section into (blocks, steps, steps_at, subsections); `anchors` are the
/// section anchors given out so far in the article.
fn section_parts(
    raw: RawSection,
    key_prefix: &str,
    context: &StructureContext<'_>,
    keys: &mut UniqueNames,
    anchors: &mut UniqueNames,
) -> (Vec<Block>, Vec<Step>, usize, Vec<Section>) {
    let procedure = procedure_heading(&raw, context);
    let mut blocks = raw.blocks;
    let mut steps = Vec::new();
    let mut sections = Vec::new();
    for child in raw.children {
        match step_heading(&child, context) {
            Some((number, optional)) => {
                steps.push(heading_step(child, number, optional, context, keys))
            }
            None => sections.push(section(child, context, keys, anchors)),
        }
    }
    let mut steps_at = blocks.len();
    if steps.is_empty()
        && let Some(at) = blocks
            .iter()
            .position(|b| matches!(b, Block::List { ordered: true, .. }))
    {
        let Block::List { start, items, .. } = blocks.remove(at) else {
            unreachable!()
        };
        steps = list_steps(items, start.unwrap_or(1), key_prefix, context, keys);
        steps_at = at;
    }
    // Microsoft's style for a procedure of one step: a single bullet under "To …"
    if steps.is_empty()
        && procedure
        && let Some(at) = blocks.iter().position(
            |b| matches!(b, Block::List { ordered: false, items, .. } if items.len() == 1),
        )
    {
        let Block::List { items, .. } = blocks.remove(at) else {
            unreachable!()
        };
        steps = list_steps(items, 1, key_prefix, context, keys);
        steps_at = at;
    }
    (blocks, steps, steps_at, sections)
}

/// Whether the heading of `raw` opens a procedure ("To add a user"): its en-US text (the
/// source of a translated heading) starts with an en-US procedure word, or its own text with
/// one of its locale's.
fn procedure_heading(raw: &RawSection, context: &StructureContext<'_>) -> bool {
    let starts = |text: &str, words: &[String]| {
        words.iter().any(|word| {
            strip_word(text.trim_start(), word).is_some_and(|rest| rest.starts_with(' '))
        })
    };
    match context.tracer.source_text(&raw.origin) {
        Some(source) => starts(&source, &super::recognition::source_words().procedure),
        None => starts(&plain_text(&raw.title), &context.words.procedure),
    }
}

fn section(
    raw: RawSection,
    context: &StructureContext<'_>,
    keys: &mut UniqueNames,
    anchors: &mut UniqueNames,
) -> Section {
    // without an `<a name>`, the slug of the en-US heading (as DocFX makes it), so that every
    // locale of a bilingual article gets the same anchor
    let anchor =
        raw.anchor
            .clone()
            .unwrap_or_else(|| match context.tracer.source_text(&raw.origin) {
                Some(source) => slugify(&source),
                None => slugify(&plain_text(&raw.title)),
            });
    // a repeated heading (`Response` under each example) gets `response-2`, … in document
    // order: the page's heading ids, its outline and links into it all use this one
    let anchor = anchors.claim(&anchor, "-");
    let (level, title, origin) = (raw.level, raw.title.clone(), raw.origin.clone());
    let (blocks, steps, steps_at, sections) = section_parts(raw, &anchor, context, keys, anchors);
    Section {
        anchor,
        level,
        title,
        blocks,
        steps,
        steps_at,
        sections,
        origin,
    }
}

/// `Some((number, optional))` when the heading of `raw` is a step heading.
fn step_heading(raw: &RawSection, context: &StructureContext<'_>) -> Option<(u32, bool)> {
    if let Some(anchor) = &raw.anchor {
        // `step-5-optional-…`, `optional-step-3-…` and `step-4-…-optional`: slugs of the en-US
        // headings `Step 5 Optional:`, `(Optional) Step 3:`, `Step 4 … (optional)`
        let anchor = anchor.to_ascii_lowercase();
        let (before, rest) = match anchor.strip_prefix("optional-") {
            Some(rest) => (true, rest),
            None => (false, anchor.as_str()),
        };
        if let Some(rest) = rest.strip_prefix("step-") {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if let Ok(number) = digits.parse() {
                let optional = before
                    || rest.split('-').take(3).any(|w| w == "optional")
                    || rest.ends_with("-optional");
                return Some((number, optional));
            }
        }
    }
    if let Some(source) = context.tracer.source_text(&raw.origin) {
        return numbered_prefix(&source, super::recognition::source_words())
            .map(|(n, optional, _)| (n, optional));
    }
    numbered_prefix(&plain_text(&raw.title), context.words).map(|(n, optional, _)| (n, optional))
}

/// Reads a step heading's prefix at the start of `text`: `[optional word] <step word> N[:.)]
/// [optional word][:]` in any script (`Stap 5 Optioneel:`, `(Optional) Step 3:`, `手順1：`,
/// `الخطوة ١:`), returning the number, whether an optional word marks it (before the step word,
/// after the number, or in parentheses at the very end: `Step 4 Block sign-in (optional)`) and
/// the byte length of the prefix. Digits are any script's decimal digits; ASCII punctuation
/// and its full-width forms match alike.
fn numbered_prefix(text: &str, words: &Recognition) -> Option<(u32, bool, usize)> {
    let mut rest = text.trim_start();
    let mut optional = false;
    if let Some(after) = strip_any(rest, &words.optional) {
        optional = true;
        rest = trim_separators(after);
    }
    let after_word = words
        .step
        .iter()
        .filter_map(|w| strip_word(rest, w))
        // `Stappen 5` is not `Stap` 5: the word must end where a letter would not go on
        .find(|after| !after.starts_with(char::is_alphabetic))?;
    rest = after_word.trim_start();
    let mut number: u32 = 0;
    let mut digits = 0;
    for c in rest.chars() {
        let Some(digit) = decimal_digit(c) else { break };
        number = number.checked_mul(10)?.checked_add(digit)?;
        digits += c.len_utf8();
    }
    if digits == 0 {
        return None;
    }
    rest = trim_separators(&rest[digits..]);
    if let Some(after) = strip_any(rest, &words.optional) {
        optional = true;
        rest = trim_separators(after);
    }
    let title = rest.trim_end();
    optional |= words
        .optional
        .iter()
        .filter(|w| w.starts_with('('))
        .any(|w| ends_with_word(title, w));
    Some((number, optional, text.len() - rest.len()))
}

/// `text` after `word` when it starts with it (ASCII case and full-width forms ignored).
fn strip_word<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    let mut chars = text.char_indices();
    for expected in word.chars() {
        let (_, c) = chars.next()?;
        if fold(c) != fold(expected) {
            return None;
        }
    }
    Some(chars.next().map_or("", |(at, _)| &text[at..]))
}

/// `text` after the first of `words` it starts with.
fn strip_any<'t>(text: &'t str, words: &[String]) -> Option<&'t str> {
    words.iter().find_map(|w| strip_word(text, w))
}

/// Whether `text` ends with `word` (folded like [`strip_word`]).
fn ends_with_word(text: &str, word: &str) -> bool {
    let mut chars = text.chars().rev();
    word.chars()
        .rev()
        .all(|expected| chars.next().is_some_and(|c| fold(c) == fold(expected)))
}

/// Separators after a step number or an optional word, in ASCII and full width.
fn trim_separators(text: &str) -> &str {
    text.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(fold(c), ':' | '.' | ')' | '-' | ',') || "、–—".contains(c)
    })
}

/// ASCII lower case of a character, with full-width ASCII (`（`, `：`, `Ａ`) as ASCII.
fn fold(c: char) -> char {
    let c = match u32::from(c) {
        code @ 0xFF01..=0xFF5E => char::from_u32(code - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// The value of a decimal digit of any common script (ASCII, full-width, Arabic-Indic,
/// Persian, Devanagari, Bengali, Thai, ...).
fn decimal_digit(c: char) -> Option<u32> {
    const ZEROS: &[u32] = &[
        0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
        0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0xFF10,
    ];
    let code = u32::from(c);
    ZEROS
        .iter()
        .find(|&&zero| (zero..zero + 10).contains(&code))
        .map(|zero| code - zero)
}

/// Removes a leading `Step N [Optional:]` prefix in any known language from the first text
/// inline of a heading title.
fn strip_step_prefix(
    mut title: Vec<Inline>,
    number: u32,
    context: &StructureContext<'_>,
) -> Vec<Inline> {
    let Some(Inline::Text { text }) = title.first() else {
        return title;
    };
    if let Some((n, _, len)) = numbered_prefix(text, context.all_words)
        && n == number
    {
        let rest = text[len..].to_string();
        if rest.is_empty() {
            title.remove(0);
        } else {
            title[0] = Inline::Text { text: rest };
        }
    }
    title
}

fn heading_step(
    raw: RawSection,
    number: u32,
    optional: bool,
    context: &StructureContext<'_>,
    keys: &mut UniqueNames,
) -> Step {
    let key = unique(
        keys,
        raw.anchor
            .clone()
            .unwrap_or_else(|| format!("step-{number}")),
    );
    let title = strip_step_prefix(raw.title, number, context);
    let mut blocks = raw.blocks;
    // deeper headings inside a step stay with it, as headings and blocks
    for child in raw.children {
        flatten_into(child, &mut blocks);
    }
    let (blocks, substeps, substeps_at) = substeps(blocks, &key, context, keys);
    Step {
        key,
        number: number.to_string(),
        title,
        optional,
        anchor: raw.anchor,
        blocks,
        substeps,
        substeps_at,
        origin: raw.origin,
    }
}

fn flatten_into(raw: RawSection, blocks: &mut Vec<Block>) {
    blocks.push(Block::Heading {
        level: raw.level,
        inlines: raw.title,
        origin: raw.origin,
    });
    blocks.extend(raw.blocks);
    for child in raw.children {
        flatten_into(child, blocks);
    }
}

/// Sub-steps of a step's blocks: the first ordered list, else lettered paragraphs.
fn substeps(
    mut blocks: Vec<Block>,
    parent: &str,
    context: &StructureContext<'_>,
    keys: &mut UniqueNames,
) -> (Vec<Block>, Vec<Step>, usize) {
    if let Some(at) = blocks
        .iter()
        .position(|b| matches!(b, Block::List { ordered: true, .. }))
    {
        let Block::List { start, items, .. } = blocks.remove(at) else {
            unreachable!()
        };
        let steps = list_steps(items, start.unwrap_or(1), parent, context, keys);
        return (blocks, steps, at);
    }
    if let Some(at) = blocks
        .iter()
        .position(|b| matches!(b, Block::Paragraph { inlines, origin } if lettered_start(inlines, origin, context)))
    {
        let Block::Paragraph { inlines, origin } = blocks.remove(at) else {
            unreachable!()
        };
        let lines = split_lines(&inlines);
        let letters = line_letters(&lines, &origin, context);
        let steps = lettered_steps(&lines, &letters, &origin, parent, keys);
        return (blocks, steps, at);
    }
    let at = blocks.len();
    (blocks, Vec::new(), at)
}

fn list_steps(
    items: Vec<ListItem>,
    start: u64,
    parent: &str,
    context: &StructureContext<'_>,
    keys: &mut UniqueNames,
) -> Vec<Step> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let number = (start + i as u64).to_string();
            let key = unique(
                keys,
                if parent.is_empty() {
                    number.clone()
                } else {
                    format!("{parent}/{number}")
                },
            );
            item_step(item, key, number, context, keys)
        })
        .collect()
}

fn item_step(
    item: ListItem,
    key: String,
    number: String,
    context: &StructureContext<'_>,
    keys: &mut UniqueNames,
) -> Step {
    let mut blocks = item.blocks;
    let mut title = Vec::new();
    let mut title_origin = item.origin.clone();
    let mut lettered = Vec::new();
    if let Some(Block::Paragraph { .. }) = blocks.first() {
        let Block::Paragraph { inlines, origin } = blocks.remove(0) else {
            unreachable!()
        };
        let lines = split_lines(&inlines);
        let letters = line_letters(&lines, &origin, context);
        match letters
            .iter()
            .position(|l| l.as_ref().is_some_and(|l| l.letter == 'a'))
        {
            Some(at) if at > 0 => {
                title = join_lines(&lines[..at]);
                lettered = lettered_steps(&lines[at..], &letters[at..], &origin, &key, keys);
            }
            _ => title = inlines,
        }
        title_origin = origin;
    }
    let optional = is_optional_item(&title, &title_origin, context);
    let (blocks, substeps, substeps_at) = if lettered.is_empty() {
        substeps(blocks, &key, context, keys)
    } else {
        (blocks, lettered, 0)
    };
    Step {
        key,
        number,
        title,
        optional,
        anchor: None,
        blocks,
        substeps,
        substeps_at,
        origin: item.origin,
    }
}

fn is_optional_item(title: &[Inline], origin: &Origin, context: &StructureContext<'_>) -> bool {
    let starts_optional = |text: &str, words: &[String]| {
        let text = text
            .trim_start()
            .trim_start_matches(['*', '_'])
            .trim_start();
        words.iter().any(|w| {
            let w = w.trim_matches(['(', ')']);
            let t = text.trim_start_matches('(');
            t.len() >= w.len()
                && t.is_char_boundary(w.len())
                && t[..w.len()].eq_ignore_ascii_case(w)
                && t[w.len()..].starts_with([')', ':'])
        })
    };
    match context.tracer.source_text(origin) {
        Some(source) => starts_optional(&source, &["Optional".to_string()]),
        None => starts_optional(&plain_text(title), &context.words.optional),
    }
}

/// Inlines split at line breaks.
fn split_lines(inlines: &[Inline]) -> Vec<Vec<Inline>> {
    let mut lines = vec![Vec::new()];
    for inline in inlines {
        match inline {
            Inline::SoftBreak | Inline::HardBreak => lines.push(Vec::new()),
            other => lines.last_mut().expect("never empty").push(other.clone()),
        }
    }
    lines
}

fn join_lines(lines: &[Vec<Inline>]) -> Vec<Inline> {
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push(Inline::SoftBreak);
        }
        out.extend(line.iter().cloned());
    }
    out
}

/// The letter of a text starting `x. ` or `x) ` (ASCII lower case).
fn text_marker(text: &str) -> Option<char> {
    let mut chars = text.chars();
    let letter = chars.next().filter(char::is_ascii_lowercase)?;
    let mark = chars.next()?;
    let space = chars.next();
    (matches!(fold(mark), '.' | ')') && space.is_none_or(char::is_whitespace)).then_some(letter)
}

/// A line that starts a lettered sub-step.
#[derive(Debug, Clone, PartialEq)]
struct Lettered {
    /// The letter its key takes (`a`).
    letter: char,
    /// The marker as the line writes it, without its `.` or `)` (`a`, `أ`, `علي`).
    marker: String,
    /// Bytes of the line's first text that the marker and the space after it take.
    cut: usize,
}

/// The lettered sub-step each line starts, if any. In a bilingual file the letters come from
/// the source side: a segment whose source starts `a. ` marks the line that starts with the
/// segment's shown text up to its first space, whatever the translation made of the letter
/// (`أ.`, or a machine translation's `علي.`), so every locale gets the same keys. Otherwise
/// (monolingual text, letters outside the pairs) a line's own `a. ` counts.
fn line_letters(
    lines: &[Vec<Inline>],
    origin: &Origin,
    context: &StructureContext<'_>,
) -> Vec<Option<Lettered>> {
    let first_text = |line: &[Inline]| match line.first() {
        Some(Inline::Text { text }) => Some(text.clone()),
        _ => None,
    };
    let own: Vec<Option<Lettered>> = lines
        .iter()
        .map(|line| {
            let text = first_text(line)?;
            let letter = text_marker(&text)?;
            Some(Lettered {
                letter,
                marker: letter.to_string(),
                cut: text.chars().take(3).map(char::len_utf8).sum(),
            })
        })
        .collect();
    let Some(segments) = context.tracer.segment_texts(origin) else {
        return own;
    };
    let markers: Vec<(char, &str)> = segments
        .iter()
        .filter_map(|(shown, source)| {
            let letter = text_marker(source.trim_start())?;
            let shown = shown.trim_start();
            let end = shown.find(char::is_whitespace).unwrap_or(shown.len());
            (end > 0).then(|| (letter, &shown[..end]))
        })
        .collect();
    if markers.is_empty() {
        return own;
    }
    let mut letters = vec![None; lines.len()];
    let mut next = markers.iter().peekable();
    for (line, slot) in lines.iter().zip(letters.iter_mut()) {
        let Some(&(letter, prefix)) = next.peek() else {
            break;
        };
        let Some(text) = first_text(line) else {
            continue;
        };
        if let Some(rest) = text.strip_prefix(*prefix)
            && (rest.is_empty() || rest.starts_with(char::is_whitespace))
        {
            *slot = Some(Lettered {
                letter: *letter,
                marker: prefix.trim_end_matches(['.', ')', '．', '）']).to_string(),
                cut: text.len() - rest.trim_start().len(),
            });
            next.next();
        }
    }
    if next.peek().is_some() {
        return own;
    }
    letters
}

fn lettered_start(inlines: &[Inline], origin: &Origin, context: &StructureContext<'_>) -> bool {
    line_letters(&split_lines(inlines), origin, context)
        .first()
        .is_some_and(|l| l.as_ref().is_some_and(|l| l.letter == 'a'))
}

/// Lettered lines as sub-steps: each line whose letter is the next one (`a`, `b`, ...) starts
/// one, numbered with the line's own marker; other lines continue it.
fn lettered_steps(
    lines: &[Vec<Inline>],
    letters: &[Option<Lettered>],
    origin: &Origin,
    parent: &str,
    keys: &mut UniqueNames,
) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    let mut expected = 'a';
    for (line, lettered) in lines.iter().zip(letters) {
        match lettered {
            Some(lettered) if lettered.letter == expected => {
                expected = char::from(lettered.letter as u8 + 1);
                let mut title = line.clone();
                if let Some(Inline::Text { text }) = title.first_mut() {
                    *text = text.get(lettered.cut..).unwrap_or_default().to_string();
                    if text.is_empty() {
                        title.remove(0);
                    }
                }
                steps.push(Step {
                    key: unique(keys, format!("{parent}/{}", lettered.letter)),
                    number: lettered.marker.clone(),
                    title,
                    optional: false,
                    anchor: None,
                    blocks: Vec::new(),
                    substeps: Vec::new(),
                    substeps_at: 0,
                    origin: origin.clone(),
                });
            }
            _ => {
                if let Some(last) = steps.last_mut() {
                    last.title.push(Inline::SoftBreak);
                    last.title.extend(line.iter().cloned());
                }
            }
        }
    }
    steps
}

fn unique(keys: &mut UniqueNames, key: String) -> String {
    keys.claim(&key, "~")
}

/// A DocFX-style slug: lower case, letters and digits, runs of anything else as one `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_prefixes_in_three_languages() {
        let set = crate::model::recognition::RecognitionSet::embedded();
        let all = set.all();
        assert_eq!(
            numbered_prefix("Stap 5 Optioneel: Blokkeren", &all).map(|p| (p.0, p.1)),
            Some((5, true))
        );
        assert_eq!(
            numbered_prefix("Steg 2 Ta bort", &all).map(|p| (p.0, p.1)),
            Some((2, false))
        );
        assert_eq!(
            numbered_prefix("Step 7 Optional: Additional", &all).map(|p| p.2),
            Some("Step 7 Optional: ".len())
        );
        assert_eq!(numbered_prefix("Stappen 5", &all), None);
        assert_eq!(numbered_prefix("Step five", &all), None);
    }

    #[test]
    fn numbered_prefixes_in_every_form() {
        let set = crate::model::recognition::RecognitionSet::embedded();
        let all = set.all();
        let read =
            |text: &'static str| numbered_prefix(text, &all).map(|p| (p.0, p.1, &text[p.2..]));
        assert_eq!(read("(Optional) Step 3: Block"), Some((3, true, "Block")));
        assert_eq!(
            read("Step 4 Block sign-in (optional)"),
            Some((4, true, "Block sign-in (optional)"))
        );
        assert_eq!(
            read("Step 4 Make it optional"),
            Some((4, false, "Make it optional"))
        );
        assert_eq!(read("手順1：確認する"), Some((1, false, "確認する")));
        assert_eq!(
            read("手順 ３ （省略可能）：削除する"),
            Some((3, true, "削除する"))
        );
        assert_eq!(
            read("（省略可能）手順12: 削除する"),
            Some((12, true, "削除する"))
        );
        assert_eq!(read("الخطوة ١: التأكد"), Some((1, false, "التأكد")));
        assert_eq!(read("الخطوة 5 (اختياري): حظر"), Some((5, true, "حظر")));
        assert_eq!(read("手順書を読む"), None);
        assert_eq!(read("Step"), None);
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("Wat is een gehackt e-mailaccount?"),
            "wat-is-een-gehackt-e-mailaccount"
        );
        assert_eq!(slugify("Åtgärder  & mer"), "åtgärder-mer");
    }
}
