//! Per-locale words that mark steps in monolingual articles (`Stap 5 Optioneel:`), read from
//! `locales/<locale>/recognition.toml`. The shipped locales are embedded; a `locales/`
//! directory adds or overrides locales without code changes.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

/// The words of one locale.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Recognition {
    /// Words that introduce a numbered step heading (`Step`, `Stap`, `Steg`).
    #[serde(default)]
    pub step: Vec<String>,
    /// Words that mark a step optional (`Optional`, `Optioneel`, `Valfritt`).
    #[serde(default)]
    pub optional: Vec<String>,
    /// Words that open the heading of a procedure (`To`, as in "To add a user"): under such a
    /// heading, a single bullet is a procedure of one step.
    #[serde(default)]
    pub procedure: Vec<String>,
}

const EMBEDDED: &[(&str, &str)] = &[
    (
        "en-US",
        include_str!("../../locales/en-US/recognition.toml"),
    ),
    (
        "nl-NL",
        include_str!("../../locales/nl-NL/recognition.toml"),
    ),
    (
        "sv-SE",
        include_str!("../../locales/sv-SE/recognition.toml"),
    ),
    (
        "ar-SA",
        include_str!("../../locales/ar-SA/recognition.toml"),
    ),
    (
        "ja-JP",
        include_str!("../../locales/ja-JP/recognition.toml"),
    ),
];

/// The words of the source language (en-US, as kbgen embeds them): a translated heading is
/// recognised from its en-US text with these, whatever words the project gives its locales.
pub fn source_words() -> &'static Recognition {
    static WORDS: std::sync::LazyLock<Recognition> =
        std::sync::LazyLock::new(|| toml::from_str(EMBEDDED[0].1).unwrap_or_default());
    &WORDS
}

/// Recognition words for every known locale.
#[derive(Debug, Clone, Default)]
pub struct RecognitionSet {
    by_locale: BTreeMap<String, Recognition>,
}

impl RecognitionSet {
    /// The embedded locales.
    pub fn embedded() -> RecognitionSet {
        let mut set = RecognitionSet::default();
        for (locale, text) in EMBEDDED {
            if let Ok(words) = toml::from_str(text) {
                set.by_locale.insert((*locale).to_string(), words);
            }
        }
        set
    }

    /// The embedded locales, overridden and extended by `dir/<locale>/recognition.toml`.
    /// Unreadable files are returned as messages; the rest still load.
    pub fn with_dir(dir: &Path) -> (RecognitionSet, Vec<String>) {
        let mut set = RecognitionSet::embedded();
        let mut problems = Vec::new();
        let Ok(entries) = std::fs::read_dir(dir) else {
            return (set, problems);
        };
        for entry in entries.flatten() {
            let path = entry.path().join("recognition.toml");
            let Some(locale) = entry.file_name().to_str().map(str::to_string) else {
                continue;
            };
            if !path.is_file() {
                continue;
            }
            match std::fs::read_to_string(&path)
                .map_err(|e| e.to_string())
                .and_then(|text| toml::from_str::<Recognition>(&text).map_err(|e| e.to_string()))
            {
                Ok(words) => {
                    set.by_locale.insert(locale, words);
                }
                Err(error) => problems.push(format!("{}: {error}", path.display())),
            }
        }
        (set, problems)
    }

    /// The words for `locale`: exact tag, else the same language, else none.
    pub fn for_locale(&self, locale: &str) -> Recognition {
        if let Some(words) = self.by_locale.get(locale) {
            return words.clone();
        }
        let language = locale.split('-').next().unwrap_or(locale);
        self.by_locale
            .iter()
            .find(|(tag, _)| tag.split('-').next() == Some(language))
            .map(|(_, words)| words.clone())
            .unwrap_or_default()
    }

    /// Every locale's step words and optional words together (for stripping prefixes from
    /// headings whatever their language).
    pub fn all(&self) -> Recognition {
        let mut all = Recognition::default();
        for words in self.by_locale.values() {
            all.step.extend(words.step.iter().cloned());
            all.optional.extend(words.optional.iter().cloned());
            all.procedure.extend(words.procedure.iter().cloned());
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_locales_load_and_negotiate_by_language() {
        let set = RecognitionSet::embedded();
        assert_eq!(set.for_locale("nl-NL").step, ["Stap"]);
        assert_eq!(set.for_locale("nl-BE").step, ["Stap"]);
        assert!(
            set.for_locale("sv-SE")
                .optional
                .contains(&"Valfritt".to_string())
        );
        assert!(set.for_locale("de-DE").step.is_empty());
        assert_eq!(source_words().step, ["Step"]);
        assert_eq!(source_words().procedure, ["To"]);
    }

    #[test]
    fn a_new_locale_is_a_new_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("de-DE")).unwrap();
        std::fs::write(
            dir.path().join("de-DE/recognition.toml"),
            "step = [\"Schritt\"]\noptional = [\"Optional\"]\n",
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("fr-FR")).unwrap();
        std::fs::write(dir.path().join("fr-FR/recognition.toml"), "step = 3").unwrap();
        let (set, problems) = RecognitionSet::with_dir(dir.path());
        assert_eq!(set.for_locale("de-DE").step, ["Schritt"]);
        assert_eq!(problems.len(), 1, "{problems:?}");
    }
}
