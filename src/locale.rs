//! [`Locale`]: a BCP 47 language identifier in canonical form, compared as an identifier and
//! never as a string.

use std::fmt;
use std::str::FromStr;

use unic_langid::LanguageIdentifier;

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
}
