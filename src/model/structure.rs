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

use std::collections::HashSet;

use super::parse::{Node, Tracer};
use super::recognition::Recognition;
use super::{Block, Inline, ListItem, Origin, Section, Step, plain_text};

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
    let mut keys = HashSet::new();
    let (intro, steps, steps_at, sections) = section_parts(root, "", context, &mut keys);
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

/// Splits a raw section into (blocks, steps, steps_at, subsections).
fn section_parts(
    raw: RawSection,
    key_prefix: &str,
    context: &StructureContext<'_>,
    keys: &mut HashSet<String>,
) -> (Vec<Block>, Vec<Step>, usize, Vec<Section>) {
    let mut blocks = raw.blocks;
    let mut steps = Vec::new();
    let mut sections = Vec::new();
    for child in raw.children {
        match step_heading(&child, context) {
            Some((number, optional)) => {
                steps.push(heading_step(child, number, optional, context, keys))
            }
            None => sections.push(section(child, context, keys)),
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
    (blocks, steps, steps_at, sections)
}

fn section(raw: RawSection, context: &StructureContext<'_>, keys: &mut HashSet<String>) -> Section {
    // without an `<a name>`, the slug of the en-US heading (as DocFX makes it), so that every
    // locale of a bilingual article gets the same anchor
    let anchor =
        raw.anchor
            .clone()
            .unwrap_or_else(|| match context.tracer.source_text(&raw.origin) {
                Some(source) => slugify(&source),
                None => slugify(&plain_text(&raw.title)),
            });
    let (level, title, origin) = (raw.level, raw.title.clone(), raw.origin.clone());
    let (blocks, steps, steps_at, sections) = section_parts(raw, &anchor, context, keys);
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
    if let Some(anchor) = &raw.anchor
        && let Some(rest) = anchor.to_ascii_lowercase().strip_prefix("step-")
    {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(number) = digits.parse() {
            let optional = rest.split('-').take(3).any(|w| w == "optional");
            return Some((number, optional));
        }
    }
    let english = Recognition {
        step: vec!["Step".into()],
        optional: vec!["Optional".into(), "(Optional)".into()],
    };
    if let Some(source) = context.tracer.source_text(&raw.origin) {
        return numbered_prefix(&source, &english).map(|(n, optional, _)| (n, optional));
    }
    numbered_prefix(&plain_text(&raw.title), context.words).map(|(n, optional, _)| (n, optional))
}

/// Reads `<step word> N[:.)]? [optional word[:]]` at the start of `text`: the number, whether
/// the optional word follows, and the byte length of the prefix.
fn numbered_prefix(text: &str, words: &Recognition) -> Option<(u32, bool, usize)> {
    let trimmed = text.trim_start();
    let lead = text.len() - trimmed.len();
    let word_len = trimmed.find(char::is_whitespace)?;
    let word = &trimmed[..word_len];
    if !words.step.iter().any(|w| w.eq_ignore_ascii_case(word)) {
        return None;
    }
    let after_word = trimmed[word_len..].trim_start();
    let digits: String = after_word
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let number = digits.parse().ok()?;
    let mut rest = after_word[digits.len()..].trim_start_matches([':', '.', ')', '-']);
    rest = rest.trim_start();
    let mut optional = false;
    for candidate in &words.optional {
        if rest.len() >= candidate.len()
            && rest.is_char_boundary(candidate.len())
            && rest[..candidate.len()].eq_ignore_ascii_case(candidate)
        {
            optional = true;
            rest = rest[candidate.len()..]
                .trim_start_matches([':', '.', '-'])
                .trim_start();
            break;
        }
    }
    Some((number, optional, text.len() - rest.len() - lead + lead))
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
    keys: &mut HashSet<String>,
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
    keys: &mut HashSet<String>,
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
        .position(|b| matches!(b, Block::Paragraph { inlines, .. } if lettered_start(inlines)))
    {
        let Block::Paragraph { inlines, origin } = blocks.remove(at) else {
            unreachable!()
        };
        let steps = lettered_steps(&inlines, &origin, parent, keys);
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
    keys: &mut HashSet<String>,
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
    keys: &mut HashSet<String>,
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
        match lines.iter().position(|line| lettered_start(line)) {
            Some(at) if at > 0 => {
                title = join_lines(&lines[..at]);
                lettered = lettered_steps(&join_lines(&lines[at..]), &origin, &key, keys);
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

/// The letter of a line starting `x. ` or `x) `.
fn line_letter(line: &[Inline]) -> Option<char> {
    let Some(Inline::Text { text }) = line.first() else {
        return None;
    };
    let mut chars = text.chars();
    let letter = chars.next().filter(char::is_ascii_lowercase)?;
    let mark = chars.next()?;
    let space = chars.next();
    ((mark == '.' || mark == ')') && matches!(space, None | Some(' '))).then_some(letter)
}

fn lettered_start(inlines: &[Inline]) -> bool {
    split_lines(inlines).first().and_then(|l| line_letter(l)) == Some('a')
}

/// Lettered lines as sub-steps: each `x. ` line starts one; other lines continue it.
fn lettered_steps(
    inlines: &[Inline],
    origin: &Origin,
    parent: &str,
    keys: &mut HashSet<String>,
) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    let mut expected = 'a';
    for line in split_lines(inlines) {
        match line_letter(&line) {
            Some(letter) if letter == expected => {
                expected = char::from(letter as u8 + 1);
                let mut title = line.clone();
                if let Some(Inline::Text { text }) = title.first_mut() {
                    *text = text.get(3..).unwrap_or_default().to_string();
                }
                steps.push(Step {
                    key: unique(keys, format!("{parent}/{letter}")),
                    number: letter.to_string(),
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
                    last.title.extend(line);
                }
            }
        }
    }
    steps
}

fn unique(keys: &mut HashSet<String>, key: String) -> String {
    if keys.insert(key.clone()) {
        return key;
    }
    let mut n = 2;
    loop {
        let candidate = format!("{key}~{n}");
        if keys.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
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
    fn slugs() {
        assert_eq!(
            slugify("Wat is een gehackt e-mailaccount?"),
            "wat-is-een-gehackt-e-mailaccount"
        );
        assert_eq!(slugify("Åtgärder  & mer"), "åtgärder-mer");
    }
}
