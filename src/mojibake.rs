//! Detection and repair of mojibake: UTF-8 text that was once decoded as Mac Roman
//! (`√©` for `é`, `‚Äô` for `’`) or as Windows-1252/Latin-1 (`Ã©` for `é`, `â€™` for `’`).
//!
//! A run is repaired only when it is unambiguous: a lead character that encodes to a UTF-8 lead
//! byte of the common ranges (Latin-1 supplement, Latin Extended-A, general punctuation),
//! followed by exactly the right number of characters that encode to continuation bytes, in one
//! encoding, and decoding to a printable character. Correct text in Dutch, Swedish, French or
//! German does not contain such runs, so it is never changed.

use std::ops::Range;
use std::sync::LazyLock;

use encoding_rs::{Encoding, MACINTOSH, WINDOWS_1252};

/// The legacy encoding that a mojibake run was decoded with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Misdecoding {
    /// UTF-8 read as Mac Roman (`√©`).
    MacRoman,
    /// UTF-8 read as Windows-1252 or Latin-1 (`Ã©`).
    Windows1252,
}

impl Misdecoding {
    /// A human name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Misdecoding::MacRoman => "Mac Roman",
            Misdecoding::Windows1252 => "Windows-1252",
        }
    }
}

/// One repaired run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    /// Byte range of the damaged run in the text that was scanned.
    pub range: Range<usize>,
    /// The damaged run.
    pub damaged: String,
    /// The character it stands for.
    pub repaired: char,
    /// How the text was misread.
    pub misdecoding: Misdecoding,
}

/// Reverse table of one single-byte encoding's upper half: character -> byte.
struct ReverseTable {
    misdecoding: Misdecoding,
    /// Sorted by character for binary search.
    entries: Vec<(char, u8)>,
    /// UTF-8 lead bytes accepted as the start of a run in this encoding.
    leads: &'static [u8],
}

impl ReverseTable {
    fn new(encoding: &'static Encoding, misdecoding: Misdecoding, leads: &'static [u8]) -> Self {
        let mut entries = Vec::with_capacity(128);
        for byte in 0x80u8..=0xFF {
            let input = [byte];
            let (decoded, _, had_errors) = encoding.decode(&input);
            let mut chars = decoded.chars();
            if let (Some(c), None, false) = (chars.next(), chars.next(), had_errors) {
                entries.push((c, byte));
            }
        }
        entries.sort_unstable();
        ReverseTable {
            misdecoding,
            entries,
            leads,
        }
    }

    fn byte(&self, c: char) -> Option<u8> {
        self.entries
            .binary_search_by_key(&c, |e| e.0)
            .ok()
            .map(|i| self.entries[i].1)
    }
}

/// Lead bytes accepted per encoding. Windows-1252 leaves out `Ä` (C4) and `Å` (C5): they are
/// ordinary Swedish and German capitals and could precede a quote mark in correct text.
static TABLES: LazyLock<[ReverseTable; 2]> = LazyLock::new(|| {
    [
        ReverseTable::new(
            MACINTOSH,
            Misdecoding::MacRoman,
            &[0xC2, 0xC3, 0xC4, 0xC5, 0xE2],
        ),
        ReverseTable::new(WINDOWS_1252, Misdecoding::Windows1252, &[0xC2, 0xC3, 0xE2]),
    ]
});

/// Finds the mojibake runs in `text`, in order.
pub fn find(text: &str) -> Vec<Repair> {
    let mut repairs = Vec::new();
    if text.is_ascii() {
        return repairs;
    }
    let tables = &*TABLES;
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_ascii() {
            continue;
        }
        for table in tables {
            if let Some((repair, len)) = try_run(text, start, c, table) {
                // skip the continuation characters of the run
                for _ in 1..len {
                    chars.next();
                }
                repairs.push(repair);
                break;
            }
        }
    }
    repairs
}

/// Tries to read a run starting with `lead` at `start`; returns the repair and its length in
/// characters.
fn try_run(text: &str, start: usize, lead: char, table: &ReverseTable) -> Option<(Repair, usize)> {
    let lead_byte = table.byte(lead)?;
    if !table.leads.contains(&lead_byte) {
        return None;
    }
    let continuations = if lead_byte >= 0xE0 { 2 } else { 1 };
    let mut bytes = vec![lead_byte];
    let mut end = start + lead.len_utf8();
    for c in text[end..].chars().take(continuations) {
        let byte = table.byte(c).filter(|b| (0x80..=0xBF).contains(b))?;
        bytes.push(byte);
        end += c.len_utf8();
    }
    if bytes.len() != continuations + 1 {
        return None;
    }
    let decoded = std::str::from_utf8(&bytes).ok()?;
    let repaired = decoded.chars().next()?;
    if repaired.is_control() {
        return None;
    }
    Some((
        Repair {
            range: start..end,
            damaged: text[start..end].to_string(),
            repaired,
            misdecoding: table.misdecoding,
        },
        continuations + 1,
    ))
}

/// Applies `repairs` (as returned by [`find`] on `text`) and returns the repaired text.
pub fn apply(text: &str, repairs: &[Repair]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for repair in repairs {
        out.push_str(&text[at..repair.range.start]);
        out.push(repair.repaired);
        at = repair.range.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(damaged: &str, expected: &str) {
        let repairs = find(damaged);
        assert_eq!(apply(damaged, &repairs), expected, "{repairs:?}");
    }

    #[test]
    fn repairs_mac_roman() {
        check("Ge√Øntegreerde", "Geïntegreerde");
        check("tenminste √©√©n cijfer", "tenminste één cijfer");
        check("it‚Äôs ‚Äúquoted‚Äù ‚Äì yes", "it’s “quoted” – yes");
    }

    #[test]
    fn repairs_windows_1252() {
        check("LÃ¶s problemet", "Lös problemet");
        check("itâ€™s cafÃ©", "it’s café");
    }

    #[test]
    fn leaves_correct_text_alone() {
        for text in [
            "Lös problemet på ett säkert sätt, ÅÄÖ åäö",
            "Geïntegreerde één café naïef",
            "√2 ≈ 1.414 and “quotes” – dash … ellipsis",
            "PÅ” and Ä–Ö, « élan » and ©2020, 10 °C",
            "Ça va? À bientôt. Où?",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }
}
