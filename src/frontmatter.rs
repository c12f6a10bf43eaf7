//! YAML front matter: finding the block, parsing it into a typed [`Meta`] with a bounded YAML
//! parser, and rewriting it for the en-US projection of a bilingual file.
//!
//! The block's bytes always stay in the text (lossless); `Meta` is a typed view of them.
//! serde-saphyr parses with a budget (events, aliases, depth, scalar bytes) so that a hostile
//! front matter (a billion-laughs alias bomb, a huge block) is an error, not a memory blow-up.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;

use crate::diagnostic::Issue;

/// Largest front matter block accepted, in bytes (real ones are 1–3 KiB).
pub const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;

/// Where the front matter block is in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    /// The whole block, from the opening `---` to the end of the closing delimiter line.
    pub range: Range<usize>,
    /// The YAML between the delimiter lines.
    pub yaml: Range<usize>,
}

/// Human or machine translation, from `ms.translationtype`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TranslationType {
    /// Human translation (`HT`).
    Human,
    /// Machine translation (`MT`).
    Machine,
}

/// The typed front matter of an article. Unknown keys are kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Meta {
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `author` (or `ms.author` when `author` is absent).
    pub author: Option<String>,
    /// `ms.topic`.
    pub topic: Option<String>,
    /// `ms.contentlocale`: the locale of the article's text.
    pub content_locale: Option<String>,
    /// `ms.translationtype`.
    pub translation_type: Option<TranslationType>,
    /// `ms.lasthandoff` as written (`MM/DD/YYYY`).
    pub last_handoff: Option<String>,
    /// `ms.locfileid`.
    pub locfileid: Option<String>,
    /// `ms.openlocfilehash`: identifies the en-US source version.
    pub openlocfilehash: Option<String>,
    /// `ms.sourcegitcommit`.
    pub sourcegitcommit: Option<String>,
    /// Every other key, untyped.
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Meta {
    /// The en-US side's front matter, typed: what [`parse`] reads from the block that
    /// [`rewrite_for_source`] makes of this one, without reading YAML again. `title` is the
    /// en-US H1 (this title when there is none), no `description`, `ms.contentlocale` is
    /// `source_locale`, and the per-translation keys are gone.
    pub fn for_source(&self, source_title: Option<&str>, source_locale: &str) -> Meta {
        Meta {
            title: source_title
                .map(str::to_string)
                .or_else(|| self.title.clone()),
            description: None,
            content_locale: self
                .content_locale
                .as_ref()
                .map(|_| source_locale.to_string()),
            translation_type: None,
            last_handoff: None,
            locfileid: None,
            ..self.clone()
        }
    }

    /// `ms.lasthandoff` as a sortable `(year, month, day)`, when it parses.
    pub fn last_handoff_date(&self) -> Option<(u32, u32, u32)> {
        us_date(self.last_handoff.as_deref()?)
    }

    /// When the text was last updated: `ms.lasthandoff` (a translation's hand-off), else
    /// `ms.date`, as `(year, month, day)`.
    pub fn updated_date(&self) -> Option<(u32, u32, u32)> {
        self.last_handoff_date()
            .or_else(|| us_date(self.extra.get("ms.date")?.as_str()?))
    }
}

/// A DocFX date (`MM/DD/YYYY`) as `(year, month, day)`.
fn us_date(raw: &str) -> Option<(u32, u32, u32)> {
    let mut parts = raw.trim().split('/').map(|p| p.parse::<u32>().ok());
    let (month, day, year) = (parts.next()??, parts.next()??, parts.next()??);
    Some((year, month, day))
}

/// The keys read into typed fields (everything else goes to `extra`).
const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "author",
    "ms.author",
    "ms.topic",
    "ms.contentlocale",
    "ms.translationtype",
    "ms.lasthandoff",
    "ms.locfileid",
    "ms.openlocfilehash",
    "ms.sourcegitcommit",
];

/// The front matter read in one pass: the known keys as text (a scalar as written), every other
/// key as a JSON value for [`Meta::extra`].
#[derive(Default)]
struct RawMeta {
    known: [Option<String>; KNOWN_KEYS.len()],
    extra: BTreeMap<String, serde_json::Value>,
}

impl RawMeta {
    /// The text of the known key `key`.
    fn take(&mut self, key: &str) -> Option<String> {
        let i = KNOWN_KEYS.iter().position(|k| *k == key)?;
        self.known[i].take()
    }
}

impl<'de> Deserialize<'de> for RawMeta {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Keys;
        impl<'de> serde::de::Visitor<'de> for Keys {
            type Value = RawMeta;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map of front matter keys")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<RawMeta, A::Error> {
                let mut raw = RawMeta::default();
                while let Some(key) = map.next_key::<String>()? {
                    match KNOWN_KEYS.iter().position(|k| *k == key) {
                        Some(i) if raw.known[i].is_some() => {
                            return Err(serde::de::Error::duplicate_field(KNOWN_KEYS[i]));
                        }
                        // asked for as a string: a scalar comes back as written (`010`, `1e3`)
                        Some(i) => raw.known[i] = map.next_value::<Option<String>>()?,
                        None => {
                            let value = map.next_value::<serde_json::Value>()?;
                            raw.extra.insert(key, value);
                        }
                    }
                }
                Ok(raw)
            }
        }
        deserializer.deserialize_map(Keys)
    }
}

/// The line starting at `at`: its content range (without the line break) and the next line's
/// start.
fn line_at(text: &str, at: usize) -> (Range<usize>, usize) {
    match text[at..].find('\n') {
        Some(nl) => {
            let end = at + nl;
            let content_end = if text[..end].ends_with('\r') {
                end - 1
            } else {
                end
            };
            (at..content_end, end + 1)
        }
        None => (at..text.len(), text.len()),
    }
}

/// Finds the front matter block: a first line `---` (after an optional BOM), up to a line
/// `---` or `...`. `Ok(None)` when the file has none.
pub fn split(text: &str) -> Result<Option<FrontMatter>, Issue> {
    let start = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let (first, mut next) = line_at(text, start);
    let first_line = &text[first.clone()];
    if !first_line.starts_with("---") {
        return Ok(None);
    }
    if first_line.trim_end() != "---" {
        if first_line.contains(':') {
            return Err(Issue::error(
                start,
                "front-matter",
                "front matter is collapsed into one line: expected `---` alone on the first line",
            ));
        }
        // a thematic break such as `-----` that is not front matter
        return Ok(None);
    }
    let yaml_start = next;
    while next < text.len() {
        let (line, after) = line_at(text, next);
        let content = text[line.clone()].trim_end();
        if content == "---" || content == "..." {
            return Ok(Some(FrontMatter {
                range: start..after,
                yaml: yaml_start..line.start,
            }));
        }
        if next - yaml_start > MAX_FRONT_MATTER_BYTES {
            break;
        }
        next = after;
    }
    Err(Issue::error(
        start,
        "front-matter",
        format!(
            "front matter opened on line 1 is not closed by `---` within {} KiB",
            MAX_FRONT_MATTER_BYTES / 1024
        ),
    ))
}

/// The YAML parser options: a tight budget, since front matter is small.
fn yaml_options() -> serde_saphyr::Options {
    yaml_budget(20_000, 1024 * 1024)
}

/// YAML parser options for untrusted text: at most `max_nodes` nodes (and events), `max_bytes`
/// of scalars, 64 aliases and anchors, 32 levels, one document, so that no alias bomb or
/// deep nesting gets through.
pub(crate) fn yaml_budget(max_nodes: usize, max_bytes: usize) -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: max_nodes,
            max_aliases: 64,
            max_anchors: 64,
            max_depth: 32,
            max_nodes: max_nodes,
            max_total_scalar_bytes: max_bytes,
            max_documents: 1,
        },
    }
}

/// The message of a YAML error without serde-saphyr's `error: line L column C: ` prefix (a
/// diagnostic carries the place).
pub(crate) fn yaml_error_detail(error: &serde_saphyr::Error) -> String {
    let message = error.to_string();
    let first_line = message.lines().next().unwrap_or("invalid YAML");
    let detail = first_line
        .split_once(": ")
        .map_or(first_line, |(_, rest)| rest);
    strip_location_prefix(detail).to_string()
}

/// Parses the YAML of `block` in `text` into a [`Meta`].
pub fn parse(text: &str, block: &FrontMatter) -> Result<Meta, Issue> {
    let yaml = &text[block.yaml.clone()];
    if yaml.trim().is_empty() {
        return Ok(Meta::default());
    }
    let locate = |error: serde_saphyr::Error| -> Issue {
        let offset = error
            .location()
            .map(|l| offset_of(yaml, l.line() as usize, l.column() as usize))
            .unwrap_or(0);
        let detail = yaml_error_detail(&error);
        Issue::error(
            block.yaml.start + offset,
            "front-matter",
            format!("invalid YAML front matter: {detail}"),
        )
    };
    // one pass over the YAML (it was two: typed keys, then every key as JSON)
    let mut raw: RawMeta =
        serde_saphyr::from_str_with_options(yaml, yaml_options()).map_err(locate)?;
    let translation_type = match raw.take("ms.translationtype").as_deref().map(str::trim) {
        Some(t) if t.eq_ignore_ascii_case("MT") => Some(TranslationType::Machine),
        Some(t) if t.eq_ignore_ascii_case("HT") => Some(TranslationType::Human),
        _ => None,
    };
    let author = raw.take("author");
    let ms_author = raw.take("ms.author");
    Ok(Meta {
        title: raw.take("title"),
        description: raw.take("description"),
        author: author.or(ms_author),
        topic: raw.take("ms.topic"),
        content_locale: raw.take("ms.contentlocale"),
        translation_type,
        last_handoff: raw.take("ms.lasthandoff"),
        locfileid: raw.take("ms.locfileid"),
        openlocfilehash: raw.take("ms.openlocfilehash"),
        sourcegitcommit: raw.take("ms.sourcegitcommit"),
        extra: raw.extra,
    })
}

fn strip_location_prefix(detail: &str) -> &str {
    // "line 2 column 6: message" -> "message"
    match detail.split_once(": ") {
        Some((_, rest)) if detail.starts_with("line ") => rest,
        _ => detail,
    }
}

/// Byte offset of 1-based `line`/`column` (characters) in `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let rest = &text[line_start.min(text.len())..];
    line_start
        + rest
            .chars()
            .take(column.saturating_sub(1))
            .map(char::len_utf8)
            .sum::<usize>()
}

/// Keys that describe one localized file rather than the article: left out of the en-US
/// projection, so that every locale of an article gives the same en-US file.
const LOCALIZATION_KEYS: &[&str] = &["ms.translationtype", "ms.lasthandoff", "ms.locfileid"];

/// Rewrites a front matter block (delimiters included) for the en-US projection of a bilingual
/// file: `title` from the en-US H1, no translated `description`, `ms.contentlocale: en-US`, and
/// no per-translation keys. Other lines stay byte for byte.
pub fn rewrite_for_source(block: &str, source_title: Option<&str>, source_locale: &str) -> String {
    let mut out = String::with_capacity(block.len());
    let mut skipping = false;
    let mut first = true;
    for line in block.split_inclusive('\n') {
        if first {
            first = false;
            out.push_str(line);
            continue;
        }
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            out.push_str(line);
            skipping = false;
            continue;
        }
        let top_level_key = top_level_key(line);
        if top_level_key.is_none() && skipping {
            continue;
        }
        skipping = false;
        let eol = &line[line.trim_end_matches(['\r', '\n']).len()..];
        match top_level_key {
            // a replaced value's continuation lines go with it
            Some("title") => match source_title {
                Some(title) => {
                    out.push_str("title: ");
                    out.push_str(&yaml_scalar(title));
                    out.push_str(eol);
                    skipping = true;
                }
                None => out.push_str(line),
            },
            Some("ms.contentlocale") => {
                out.push_str("ms.contentlocale: ");
                out.push_str(source_locale);
                out.push_str(eol);
                skipping = true;
            }
            Some(key) if key == "description" || LOCALIZATION_KEYS.contains(&key) => {
                skipping = true;
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// The key of a top-level `key: value` line, if the line is one.
fn top_level_key(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t', '-', '#']) {
        return None;
    }
    let (key, _) = line.split_once(':')?;
    (!key.is_empty() && !key.contains(char::is_whitespace)).then_some(key)
}

/// A YAML scalar for `value`: plain when safe, else double-quoted with escapes.
fn yaml_scalar(value: &str) -> String {
    let plain_safe = !value.is_empty()
        && value.trim() == value
        && !value.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c))
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.ends_with(':')
        && value.chars().all(written_as_is)
        // read back as no value at all
        && !matches!(value, "~" | "null" | "Null" | "NULL");
    if plain_safe {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if !written_as_is(c) => match u32::from(c) {
                n @ 0..=0xFF => out.push_str(&format!("\\x{n:02X}")),
                n @ 0..=0xFFFF => out.push_str(&format!("\\u{n:04X}")),
                n => out.push_str(&format!("\\U{n:08X}")),
            },
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether `c` reads back as itself in a YAML scalar: YAML folds or drops white space other
/// than the space, takes a byte order mark for one, and refuses what it cannot print.
fn written_as_is(c: char) -> bool {
    c == ' '
        || !c.is_whitespace()
            && c != '\u{FEFF}'
            && (matches!(c, '\u{21}'..='\u{7E}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
                || c >= '\u{10000}')
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "---\ntitle: Aanbevolen stappen\nms.custom:\n- \"957\"\nms.translationtype: MT\nms.contentlocale: nl-NL\nms.lasthandoff: 04/22/2020\nms.locfileid: \"43719299\"\ndescription: Lees dit\n  en dat\n---\n# Kop\n";

    #[test]
    fn splits_and_parses_typed_fields_and_keeps_unknown_keys() {
        let block = split(SAMPLE).unwrap().unwrap();
        assert_eq!(
            &SAMPLE[block.range.clone()],
            &SAMPLE[..SAMPLE.find("# Kop").unwrap()]
        );
        let meta = parse(SAMPLE, &block).unwrap();
        assert_eq!(meta.title.as_deref(), Some("Aanbevolen stappen"));
        assert_eq!(meta.translation_type, Some(TranslationType::Machine));
        assert_eq!(meta.locfileid.as_deref(), Some("43719299"));
        assert_eq!(meta.description.as_deref(), Some("Lees dit en dat"));
        assert_eq!(meta.last_handoff_date(), Some((2020, 4, 22)));
        assert_eq!(meta.extra["ms.custom"], serde_json::json!(["957"]));
    }

    #[test]
    fn crlf_and_bom_front_matter() {
        let text = "\u{feff}---\r\ntitle: x\r\n---\r\nbody";
        let block = split(text).unwrap().unwrap();
        assert_eq!(&text[block.range.end..], "body");
        assert_eq!(parse(text, &block).unwrap().title.as_deref(), Some("x"));
    }

    #[test]
    fn broken_yaml_is_located() {
        let text = "---\ntitle: x\n  foo: [unclosed\n---\n";
        let block = split(text).unwrap().unwrap();
        let issue = parse(text, &block).unwrap_err();
        assert_eq!(issue.rule, "front-matter");
        assert_eq!(issue.offset, text.find("foo").unwrap() + 3, "{issue:?}");
        assert!(
            issue.message.starts_with("invalid YAML front matter: "),
            "{}",
            issue.message
        );
    }

    #[test]
    fn alias_bomb_is_refused_quickly() {
        let mut yaml = String::from("---\na: &a [x,x,x,x,x,x,x,x,x]\n");
        for (name, prev) in [
            ("b", "a"),
            ("c", "b"),
            ("d", "c"),
            ("e", "d"),
            ("f", "e"),
            ("g", "f"),
        ] {
            let refs = vec![format!("*{prev}"); 9].join(",");
            yaml.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        yaml.push_str("---\n");
        let block = split(&yaml).unwrap().unwrap();
        assert!(parse(&yaml, &block).unwrap_err().message.contains("budget"));
    }

    #[test]
    fn unclosed_and_collapsed_front_matter() {
        assert_eq!(
            split("---\ntitle: x\n# body\n").unwrap_err().rule,
            "front-matter"
        );
        let collapsed = "--- title: x ms.contentlocale: nl-NL ---\n# body";
        assert!(split(collapsed).unwrap_err().message.contains("collapsed"));
        assert_eq!(split("# no front matter\n---\n").unwrap(), None);
        assert_eq!(split("-----\ntext").unwrap(), None);
    }

    #[test]
    fn rewrite_for_source_drops_translation_keys() {
        let block = split(SAMPLE).unwrap().unwrap();
        let rewritten =
            rewrite_for_source(&SAMPLE[block.range], Some("Recommended: steps"), "en-US");
        assert_eq!(
            rewritten,
            "---\ntitle: \"Recommended: steps\"\nms.custom:\n- \"957\"\nms.contentlocale: en-US\n---\n"
        );
    }

    /// What [`parse`] reads from the en-US block that [`rewrite_for_source`] makes.
    fn parsed_rewrite(text: &str, title: Option<&str>) -> Meta {
        let block = split(text).unwrap().unwrap();
        let rewritten = rewrite_for_source(&text[block.range.clone()], title, "en-US");
        let block = split(&rewritten).unwrap().unwrap();
        parse(&rewritten, &block).unwrap()
    }

    #[test]
    fn a_replaced_value_takes_its_continuation_lines_with_it() {
        let text = "---\ntitle: >-\n  Lange\n  titel\nms.contentlocale:\n  nl-NL\nms.topic: article\n---\n";
        let meta = parsed_rewrite(text, Some("Long title"));
        assert_eq!(meta.title.as_deref(), Some("Long title"));
        assert_eq!(meta.content_locale.as_deref(), Some("en-US"));
        assert_eq!(meta.topic.as_deref(), Some("article"));
        // no en-US H1: the line and its continuation stay as they are
        let meta = parsed_rewrite(text, None);
        assert_eq!(meta.title.as_deref(), Some("Lange titel"));
    }

    #[test]
    fn a_title_that_yaml_reads_as_no_value_is_quoted() {
        for title in ["null", "~", "NULL"] {
            let meta = parsed_rewrite(SAMPLE, Some(title));
            assert_eq!(meta.title.as_deref(), Some(title));
        }
    }

    proptest::proptest! {
        /// The en-US front matter made without YAML ([`Meta::for_source`]) is what parsing
        /// the rewritten block gives, whatever the en-US title.
        #[test]
        fn the_en_us_meta_is_the_rewritten_block_parsed(title in "[^\\n\\r]{1,40}") {
            let title = title.trim();
            proptest::prop_assume!(!title.is_empty());
            let block = split(SAMPLE).unwrap().unwrap();
            let target = parse(SAMPLE, &block).unwrap();
            proptest::prop_assert_eq!(
                target.for_source(Some(title), "en-US"),
                parsed_rewrite(SAMPLE, Some(title))
            );
        }
    }
}
