//! [`Locale`]: a BCP 47 language identifier in canonical form, compared as an identifier and
//! never as a string.

use std::fmt;
use std::str::FromStr;

use unic_langid::{CharacterDirection, LanguageIdentifier};

/// The direction of a language's running text, as HTML's `dir` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right (Latin, CJK, ...; top-to-bottom scripts are laid out left to right on the
    /// web unless CSS says otherwise).
    Ltr,
    /// Right to left (Arabic, Hebrew, Persian, Urdu, ...).
    Rtl,
}

impl Direction {
    /// The direction of `id`'s script: its script subtag, else the likely script of its language
    /// (CLDR data in unic-langid).
    pub fn of(id: &LanguageIdentifier) -> Direction {
        match id.character_direction() {
            CharacterDirection::RTL => Direction::Rtl,
            _ => Direction::Ltr,
        }
    }

    /// `ltr` or `rtl`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// A locale (`nl-NL`, `sv-SE`, `en-US`), canonicalized when parsed: `nl_nl` and `NL-nl` are the
/// same locale as `nl-NL`. Ordered by its canonical tag, so sorted output is stable.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Locale(LanguageIdentifier);

impl Locale {
    /// en-US, the language of every source side and the last fallback.
    pub fn en_us() -> Locale {
        Locale(crate::load::source_locale())
    }

    /// The identifier.
    pub fn id(&self) -> &LanguageIdentifier {
        &self.0
    }

    /// Whether this is en-US.
    pub fn is_en_us(&self) -> bool {
        *self == Locale::en_us()
    }

    /// The direction of the locale's text.
    pub fn direction(&self) -> Direction {
        Direction::of(&self.0)
    }

    /// The canonical tag (`nl-NL`).
    pub fn tag(&self) -> String {
        self.0.to_string()
    }
}

impl From<LanguageIdentifier> for Locale {
    fn from(id: LanguageIdentifier) -> Locale {
        Locale(id)
    }
}

impl FromStr for Locale {
    type Err = String;

    fn from_str(tag: &str) -> Result<Locale, String> {
        tag.trim()
            .replace('_', "-")
            .parse::<LanguageIdentifier>()
            .map(Locale)
            .map_err(|_| format!("`{tag}` is not a BCP 47 language tag"))
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl PartialOrd for Locale {
    fn partial_cmp(&self, other: &Locale) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Locale {
    fn cmp(&self, other: &Locale) -> std::cmp::Ordering {
        self.tag().cmp(&other.tag())
    }
}

impl serde::Serialize for Locale {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.tag())
    }
}

impl<'de> serde::Deserialize<'de> for Locale {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Locale, D::Error> {
        let tag = String::deserialize(deserializer)?;
        tag.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_and_ordered() {
        let a: Locale = "nl_nl".parse().unwrap();
        let b: Locale = "NL-nl".parse().unwrap();
        assert_eq!(a, b);
        assert_eq!(a.tag(), "nl-NL");
        let mut v: Vec<Locale> = ["sv-SE", "en-US", "nl-NL"]
            .iter()
            .map(|t| t.parse().unwrap())
            .collect();
        v.sort();
        assert_eq!(
            v.iter().map(Locale::tag).collect::<Vec<_>>(),
            ["en-US", "nl-NL", "sv-SE"]
        );
        assert!("not a tag!".parse::<Locale>().is_err());
        assert!(Locale::en_us().is_en_us());
    }

    #[test]
    fn direction_comes_from_the_identifier() {
        for (tag, dir) in [
            ("ar-SA", "rtl"),
            ("he-IL", "rtl"),
            ("fa", "rtl"),
            ("ur-PK", "rtl"),
            ("ja-JP", "ltr"),
            ("nl-NL", "ltr"),
            ("az-Arab", "rtl"),
            ("az-Latn", "ltr"),
        ] {
            let locale: Locale = tag.parse().unwrap();
            assert_eq!(locale.direction().as_str(), dir, "{tag}");
        }
    }
}
