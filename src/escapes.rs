//! Backslash-escaped stars (`\*`) in segment text, and how the published side writes them.
//!
//! The sxs generator escapes the stars of a translation that are literal text (not emphasis);
//! the published article has them unescaped, except where the translation itself carried `\*`.
//! No rule decides every case from the bilingual file alone, so kbgen applies two rules grounded
//! in CommonMark semantics (see ARCHITECTURE.md, "Projection fidelity"):
//!
//! 1. minimal escaping: an escaped star is unescaped when the rendered document does not change
//!    (the star stays literal text); the projection tries each escape in turn, see
//!    [`crate::projection`];
//! 2. a translation carries its source's inline markup: when the source of a segment writes
//!    stars only as markup (no `\*`), the target's escaped stars are generator artefacts.
//!
//! This module finds escaped stars; the projection decides which to drop.

/// A piece of inline text for star handling: an escaped star, a plain star, or anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    EscapedStar,
    Star,
    Other(char),
}

/// Splits `text` into tokens with their byte offsets. A backslash escapes the next ASCII
/// punctuation character only (CommonMark), so `\\*` is an escaped backslash and a plain star.
fn tokens(text: &str) -> Vec<(usize, Token)> {
    let mut out = Vec::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => match chars.peek() {
                Some(&(_, '*')) => {
                    chars.next();
                    out.push((at, Token::EscapedStar));
                }
                Some(&(_, next)) if next.is_ascii_punctuation() => {
                    chars.next();
                    out.push((at, Token::Other(next)));
                }
                _ => out.push((at, Token::Other('\\'))),
            },
            '*' => out.push((at, Token::Star)),
            other => out.push((at, Token::Other(other))),
        }
    }
    out
}

/// Byte offsets of the backslashes of the escaped stars in `text`.
pub fn escaped_stars(text: &str) -> Vec<usize> {
    if !text.contains("\\*") {
        return Vec::new();
    }
    tokens(text)
        .into_iter()
        .filter(|t| t.1 == Token::EscapedStar)
        .map(|t| t.0)
        .collect()
}

/// Whether every backslash of `text` escapes an ASCII punctuation character other than `*`
/// (`\>`, `\\`): no escaped star, and no backslash that escapes nothing (a dangling one at
/// the end of a segment shows escaping split at its boundary).
pub fn only_other_escapes(text: &str) -> bool {
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(next) if next.is_ascii_punctuation() && next != '*' => {}
                _ => return false,
            }
        }
    }
    true
}

/// `text` with every escaped star unescaped; `None` when there is none.
pub fn unescape_stars(text: &str) -> Option<String> {
    let at = escaped_stars(text);
    (!at.is_empty()).then(|| remove_backslashes(text, &at))
}

/// Removes the backslashes at the sorted byte offsets `at`.
pub fn remove_backslashes(text: &str, at: &[usize]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for &offset in at {
        out.push_str(&text[from..offset]);
        from = offset + 1;
    }
    out.push_str(&text[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_escaped_stars_only() {
        assert_eq!(escaped_stars("a \\* b"), vec![2]);
        assert_eq!(escaped_stars("`\\*` and \\_ and \\\\*"), vec![1]);
        assert!(escaped_stars("plain * star").is_empty());
    }

    #[test]
    fn other_escapes_only() {
        assert!(only_other_escapes("**Users** \\> **More**"));
        assert!(only_other_escapes("C:\\\\ and no stars"));
        assert!(!only_other_escapes("a \\* b"));
        assert!(!only_other_escapes("**Buy licenses**.\\"));
        assert!(!only_other_escapes("a \\b"));
    }

    #[test]
    fn unescape_candidate_respects_escaped_backslashes() {
        assert_eq!(
            unescape_stars("a \\* b \\\\* c").as_deref(),
            Some("a * b \\\\* c")
        );
        assert_eq!(unescape_stars("\\\\*"), None);
        assert_eq!(unescape_stars("no stars"), None);
    }
}
