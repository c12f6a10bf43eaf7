//! Per-segment rules: the target of a pair compared with its source as markdown tokens
//! (multisets, so reordering is fine), plus empty and untranslated targets.

use std::collections::BTreeMap;

use crate::bilingual::{BilingualDoc, Side};
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::model::parse::parse_inlines;
use crate::model::{Inline, plain_text};

use super::finding;

/// The markdown tokens of a segment text that a translation must keep.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tokens {
    /// Link destinations (normalized), with counts.
    pub links: BTreeMap<String, usize>,
    /// Number of strong spans.
    pub strong: usize,
    /// Number of emphasis spans.
    pub emphasis: usize,
    /// Inline code texts, with counts.
    pub code: BTreeMap<String, usize>,
    /// `\>` menu-path separators.
    pub menu: usize,
    /// `{…}` and `%s`-style placeholders, with counts.
    pub placeholders: BTreeMap<String, usize>,
    /// Digit runs outside links and code, with counts.
    pub numbers: BTreeMap<String, usize>,
}

/// Normalizes a URL for comparison: case, locale path segments (`/nl-nl/` = `/en-us/`), a
/// trailing slash.
pub fn normalize_url(url: &str) -> String {
    let lower = url.trim().to_ascii_lowercase();
    let mut parts: Vec<String> = lower
        .split('/')
        .map(|part| {
            let bytes = part.as_bytes();
            let locale_like = bytes.len() == 5
                && bytes[2] == b'-'
                && part.chars().all(|c| c.is_ascii_alphabetic() || c == '-');
            if locale_like {
                "xx-xx".to_string()
            } else {
                part.to_string()
            }
        })
        .collect();
    while parts.len() > 1 && parts.last().is_some_and(String::is_empty) {
        parts.pop();
    }
    parts.join("/")
}

fn add(map: &mut BTreeMap<String, usize>, key: String) {
    *map.entry(key).or_default() += 1;
}

fn collect(tokens: &mut Tokens, inlines: &[Inline], text: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Link { url, children, .. } => {
                add(&mut tokens.links, normalize_url(url));
                collect(tokens, children, text);
            }
            Inline::Strong { children } => {
                tokens.strong += 1;
                collect(tokens, children, text);
            }
            Inline::Emphasis { children } => {
                tokens.emphasis += 1;
                collect(tokens, children, text);
            }
            Inline::Strikethrough { children } => collect(tokens, children, text),
            Inline::Code { text: code } => add(&mut tokens.code, code.clone()),
            Inline::Image { .. } | Inline::Html { .. } => {}
            other => text.push_str(&plain_text(std::slice::from_ref(other))),
        }
        text.push(' ');
    }
}

/// The tokens of one segment text.
pub fn tokens(raw: &str) -> Tokens {
    let mut tokens = Tokens {
        menu: raw.matches("\\>").count(),
        ..Tokens::default()
    };
    let inlines = parse_inlines(raw);
    let mut text = String::new();
    collect(&mut tokens, &inlines, &mut text);
    // placeholders: {0}, {Name}, %s, %1
    let mut rest = text.as_str();
    while let Some(open) = rest.find('{') {
        match rest[open..].find('}') {
            Some(close)
                if close > 1
                    && close < 40
                    && !rest[open + 1..open + close].contains(char::is_whitespace) =>
            {
                add(
                    &mut tokens.placeholders,
                    rest[open..=open + close].to_string(),
                );
                rest = &rest[open + close + 1..];
            }
            _ => rest = &rest[open + 1..],
        }
    }
    for (i, _) in text.match_indices('%') {
        let next = text[i + 1..].chars().next();
        if let Some(c) = next.filter(|c| *c == 's' || *c == 'd' || c.is_ascii_digit()) {
            add(&mut tokens.placeholders, format!("%{c}"));
        }
    }
    let mut digits = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if !digits.is_empty() {
            add(&mut tokens.numbers, std::mem::take(&mut digits));
        }
    }
    tokens
}

fn describe(map: &BTreeMap<String, usize>) -> String {
    if map.is_empty() {
        return "none".to_string();
    }
    map.iter()
        .map(|(k, n)| {
            if *n > 1 {
                format!("`{k}` ×{n}")
            } else {
                format!("`{k}`")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether the text reads as a command, a path or a code rather than prose: a PowerShell
/// `Verb-Noun` cmdlet, a `$variable`, a ` -Parameter`, a Windows path, or a leading status code
/// such as `5.7.750`.
fn looks_like_code(text: &str) -> bool {
    let cmdlet = text
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .any(|word| {
            let mut parts = word.split('-');
            match (parts.next(), parts.next(), parts.next()) {
                (Some(verb), Some(noun), None) => {
                    verb.len() > 1
                        && noun.len() > 1
                        && verb.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                        && noun.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                        && verb.chars().skip(1).all(|c| c.is_ascii_lowercase())
                }
                _ => false,
            }
        });
    let variable = text.contains('$') || text.contains(" -");
    let path = text.contains(":\\") || text.matches('\\').count() >= 2;
    let trimmed = text.trim_start_matches(|c: char| c == '*' || c.is_whitespace());
    let status_code = trimmed
        .split_whitespace()
        .next()
        .is_some_and(|w| w.contains('.') && w.chars().all(|c| c.is_ascii_digit() || c == '.'));
    // one token without spaces: a host name, a file name, an identifier
    let single_token = !text.trim().contains(char::is_whitespace);
    cmdlet || variable || path || status_code || single_token
}

/// Whether a target that equals its source still reads as untranslated text: at least three
/// ordinary (lower-case) words of two letters or more that are not allowed terms, and nothing
/// that looks like a command, a path or a code.
pub fn looks_untranslated(text: &str, terms: &[String]) -> bool {
    if looks_like_code(text) {
        return false;
    }
    let inlines = parse_inlines(text);
    let mut plain = String::new();
    fn words(out: &mut String, inlines: &[Inline]) {
        for inline in inlines {
            match inline {
                Inline::Code { .. } | Inline::Html { .. } | Inline::Image { .. } => out.push(' '),
                Inline::Link { children, .. }
                | Inline::Strong { children }
                | Inline::Emphasis { children }
                | Inline::Strikethrough { children } => words(out, children),
                other => out.push_str(&plain_text(std::slice::from_ref(other))),
            }
            out.push(' ');
        }
    }
    words(&mut plain, &inlines);
    for term in terms {
        plain = plain.replace(term.as_str(), " ");
    }
    let ordinary: Vec<&str> = plain
        .split(|c: char| !c.is_alphabetic() && c != '\'')
        .filter(|w| w.chars().count() >= 2 && w.chars().next().is_some_and(char::is_lowercase))
        .collect();
    ordinary.len() >= 3
}

/// Runs the per-segment rules on one bilingual file.
pub fn check(path: &std::path::Path, doc: &BilingualDoc, terms: &[String]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if !doc.is_bilingual() {
        return out;
    }
    let index = LineIndex::new(doc.text());
    for segment in doc.segments() {
        let target = doc.segment_text(segment, Side::Target);
        let source = doc.segment_text(segment, Side::Source);
        let (line, column) = index.line_col(segment.target.start);
        let id = &segment.id;
        let mut report = |rule: &'static str, message: String| {
            out.push(finding(path, line, column, rule, message))
        };
        if target.trim().is_empty() {
            if !source.trim().is_empty() {
                report(
                    "empty-target",
                    format!("segment `{id}` has an empty translation"),
                );
            }
            continue;
        }
        if target == source {
            if looks_untranslated(source, terms) {
                report(
                    "untranslated",
                    format!("segment `{id}` is not translated: its text equals the source"),
                );
            }
            continue;
        }
        let t = tokens(target);
        let s = tokens(source);
        if t.links != s.links {
            report(
                "markup-links",
                format!(
                    "segment `{id}` links to {} but its source to {}",
                    describe(&t.links),
                    describe(&s.links)
                ),
            );
        }
        if (t.strong, t.emphasis) != (s.strong, s.emphasis) || t.code != s.code {
            report(
                "markup-format",
                format!(
                    "segment `{id}` has {} bold, {} italic and code {} but its source {} bold, {} italic and code {}",
                    t.strong,
                    t.emphasis,
                    describe(&t.code),
                    s.strong,
                    s.emphasis,
                    describe(&s.code)
                ),
            );
        }
        if t.menu != s.menu {
            report(
                "markup-menu",
                format!(
                    "segment `{id}` has {} `\\>` separators but its source {}",
                    t.menu, s.menu
                ),
            );
        }
        if t.placeholders != s.placeholders {
            report(
                "markup-placeholders",
                format!(
                    "segment `{id}` has placeholders {} but its source {}",
                    describe(&t.placeholders),
                    describe(&s.placeholders)
                ),
            );
        }
        if t.numbers != s.numbers {
            report(
                "markup-numbers",
                format!(
                    "segment `{id}` has numbers {} but its source {}",
                    describe(&t.numbers),
                    describe(&s.numbers)
                ),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(target: &str, source: &str) -> Vec<&'static str> {
        let text = format!(
            "<span data-ttu-id=\"a-1\">{target}</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">{source}</span></span>"
        );
        let (doc, _) = BilingualDoc::parse(text);
        check(std::path::Path::new("x.md"), &doc, &[])
            .iter()
            .map(|d| d.rule)
            .collect()
    }

    #[test]
    fn links_trigger_and_near_misses() {
        assert_eq!(
            rules(
                "Zie [dit](https://a.example/x)",
                "See [this](https://a.example/y)"
            ),
            ["markup-links"]
        );
        assert!(
            rules(
                "Zie [dit](https://a.example/nl-nl/x/)",
                "See [this](https://a.example/en-us/x)"
            )
            .is_empty()
        );
        assert!(
            rules(
                "[B](https://b.example) en [A](https://a.example)",
                "[A](https://a.example) and [B](https://b.example)"
            )
            .is_empty()
        );
    }

    #[test]
    fn format_menu_placeholders_and_numbers() {
        assert_eq!(
            rules("Klik op Opslaan", "Click **Save**"),
            ["markup-format"]
        );
        assert!(rules("Klik op **Opslaan**", "Click **Save**").is_empty());
        assert_eq!(
            rules(
                "Ga naar **Instellingen** **Mail**",
                "Go to **Settings** \\> **Mail**"
            ),
            ["markup-menu"]
        );
        assert!(
            rules(
                "Ga naar **Instellingen** \\> **Mail**",
                "Go to **Settings** \\> **Mail**"
            )
            .is_empty()
        );
        assert_eq!(
            rules("Hallo {naam}", "Hello {name}"),
            ["markup-placeholders"]
        );
        assert!(rules("Hallo {0}, welkom", "Hello {0}, welcome").is_empty());
        assert_eq!(rules("Binnen 2 uur", "Within 1 hour"), ["markup-numbers"]);
        assert!(rules("Kost 1.000 euro", "Costs 1,000 euros").is_empty());
        assert_eq!(
            rules("Voer `Get-Mailbox` uit", "Run `Get-User`"),
            ["markup-format"]
        );
    }

    #[test]
    fn empty_and_untranslated() {
        assert_eq!(rules("  ", "Sign in"), ["empty-target"]);
        assert!(rules("", "").is_empty());
        assert_eq!(
            rules("Sign in to the portal", "Sign in to the portal"),
            ["untranslated"]
        );
        assert!(rules("Microsoft 365 Defender", "Microsoft 365 Defender").is_empty());
        assert!(rules("`Get-Mailbox -Identity x`", "`Get-Mailbox -Identity x`").is_empty());
        let (doc, _) = BilingualDoc::parse("<span data-ttu-id=\"a-1\">Use the admin center</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">Use the admin center</span></span>".into());
        let terms = vec!["Use the admin center".to_string()];
        assert!(check(std::path::Path::new("x.md"), &doc, &terms).is_empty());
    }
}
