//! UI strings: Fluent bundles per locale from `locales/<locale>/*.ftl`.
//!
//! The shipped locales (en-US, nl-NL, sv-SE, ar-SA, ja-JP) are embedded; a `locales/` directory adds or
//! overrides them file by file, so a new locale is a new folder. Lookups fall back along the
//! negotiated chain (fluent-langneg: `nl` -> nl-NL, `sv-FI` -> sv-SE) and end at en-US.
//!
//! Decision on bidi isolation: the bundles of right-to-left locales (direction from the
//! language identifier) wrap every placeable in U+2068 FIRST STRONG ISOLATE .. U+2069 POP
//! DIRECTIONAL ISOLATE, in every output (HTML shows them as it shows `<bdi>`; plain text has no
//! other means), so `+1 555 0100` or an English product name keeps its own order inside Arabic
//! text. Left-to-right locales format without the marks: their placeables are numbers, titles
//! and language names, and the marks would only clutter plain-text checklists and e-mail.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_langneg::{NegotiationStrategy, negotiate_languages};
use unic_langid::LanguageIdentifier;

/// The locale every chain ends with.
pub const DEFAULT_LOCALE: &str = "en-US";

type Bundle = FluentBundle<FluentResource>;

/// One embedded FTL file: locale, file name, text.
macro_rules! ftl {
    ($locale:literal, $file:literal) => {
        (
            $locale,
            $file,
            include_str!(concat!("../locales/", $locale, "/", $file)),
        )
    };
}

const EMBEDDED: &[(&str, &str, &str)] = &[
    ftl!("en-US", "site.ftl"),
    ftl!("nl-NL", "site.ftl"),
    ftl!("sv-SE", "site.ftl"),
    ftl!("ar-SA", "site.ftl"),
    ftl!("ja-JP", "site.ftl"),
    ftl!("en-US", "notices.ftl"),
    ftl!("nl-NL", "notices.ftl"),
    ftl!("sv-SE", "notices.ftl"),
    ftl!("ar-SA", "notices.ftl"),
    ftl!("ja-JP", "notices.ftl"),
];

/// The FTL sources of every known locale: `locale -> file name -> text`.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: BTreeMap<String, BTreeMap<String, String>>,
}

impl Sources {
    /// The embedded locales.
    pub fn embedded() -> Sources {
        let mut sources = Sources::default();
        for (locale, name, text) in EMBEDDED {
            sources.insert(locale, name, text.to_string());
        }
        sources
    }

    /// The embedded locales with `dir/<locale>/*.ftl` added or overriding file by file.
    pub fn with_dir(dir: &Path) -> Result<Sources, String> {
        let mut sources = Sources::embedded();
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Ok(sources);
        };
        for entry in entries.flatten() {
            let Some(locale) = entry.file_name().to_str().map(str::to_string) else {
                continue;
            };
            if locale.parse::<LanguageIdentifier>().is_err() || !entry.path().is_dir() {
                continue;
            }
            let Ok(files) = std::fs::read_dir(entry.path()) else {
                continue;
            };
            for file in files.flatten() {
                let path = file.path();
                if path.extension().and_then(|e| e.to_str()) != Some("ftl") {
                    continue;
                }
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                let name = file.file_name().to_string_lossy().to_string();
                sources.insert(&locale, &name, text);
            }
        }
        Ok(sources)
    }

    fn insert(&mut self, locale: &str, name: &str, text: String) {
        self.files
            .entry(locale.to_string())
            .or_default()
            .insert(name.to_string(), text);
    }

    /// The locales with strings.
    pub fn locales(&self) -> Vec<String> {
        self.files.keys().cloned().collect()
    }

    /// The FTL files of one locale.
    pub fn files(&self, locale: &str) -> Option<&BTreeMap<String, String>> {
        self.files.get(locale)
    }
}

/// Fluent bundles for every locale, built once.
#[derive(Clone)]
pub struct Strings {
    bundles: BTreeMap<String, Arc<Bundle>>,
    available: Vec<LanguageIdentifier>,
    /// Every message id of every locale.
    ids: Arc<Vec<String>>,
    /// [`Localizer::all`] per locale, formatted once and shared by every page of the locale.
    all: Arc<std::sync::Mutex<HashMap<LanguageIdentifier, AllMessages>>>,
}

/// What is formatted once per locale and shared by its localizers.
type AllMessages = Arc<LocaleMemo>;

/// Every message of one locale without arguments, formatted on first use; plural patterns
/// by message id and argument, made on first use.
#[derive(Default)]
struct LocaleMemo {
    all: std::sync::OnceLock<BTreeMap<String, String>>,
    /// [`LocaleMemo::all`] as templates see it: converted once, shared by every page.
    template_strings: std::sync::OnceLock<tera::Value>,
    /// The locale's date formatter (ICU4X), made on first use.
    dates: std::sync::OnceLock<crate::locale_format::DateFormat>,
    plurals: std::sync::Mutex<HashMap<String, PluralPatterns>>,
}

/// A message for each plural category, with `{count}` for the number
/// ([`Localizer::plural_patterns`]).
pub type PluralPatterns = Arc<BTreeMap<&'static str, String>>;

impl std::fmt::Debug for Strings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Strings")
            .field("locales", &self.available)
            .finish()
    }
}

/// ICU4X's whole-number formatter, memoized per bundle locale by Fluent.
struct Numbers(crate::locale_format::NumberFormat);

impl intl_memoizer::Memoizable for Numbers {
    type Args = ();
    type Error = std::convert::Infallible;

    fn construct(lang: LanguageIdentifier, _: ()) -> Result<Self, Self::Error> {
        Ok(Numbers(crate::locale_format::NumberFormat::new(
            &crate::locale::Locale::from(lang),
        )))
    }
}

/// Fluent's formatter for numbers: a whole number in the bundle's locale (Arabic-Indic digits
/// in ar-SA, grouping everywhere); other values keep Fluent's own formatting.
fn number_in_locale(
    value: &FluentValue<'_>,
    memoizer: &intl_memoizer::concurrent::IntlLangMemoizer,
) -> Option<String> {
    let FluentValue::Number(number) = value else {
        return None;
    };
    let n = number.value;
    if n.fract() != 0.0 || !(0.0..=u32::MAX as f64).contains(&n) {
        return None;
    }
    memoizer
        .with_try_get::<Numbers, _, _>((), |numbers| numbers.0.count(n as usize))
        .ok()
}

impl Strings {
    /// Builds the bundles; FTL syntax errors come back as messages (the valid entries load).
    pub fn new(sources: &Sources) -> (Strings, Vec<String>) {
        let mut bundles = BTreeMap::new();
        let mut available = Vec::new();
        let mut problems = Vec::new();
        let mut ids: Vec<String> = sources
            .files
            .values()
            .flat_map(|f| f.values())
            .flat_map(|t| message_ids_of(t))
            .collect();
        ids.sort();
        ids.dedup();
        for (locale, files) in &sources.files {
            let Ok(langid) = locale.parse::<LanguageIdentifier>() else {
                continue;
            };
            let mut bundle = Bundle::new_concurrent(vec![langid.clone()]);
            // right-to-left text isolates its placeables (numbers, names, titles) so that a
            // phone number or an English title keeps its own order; left-to-right text does not
            // need the marks, and they would show in plain-text checklists
            bundle.set_use_isolating(
                crate::locale::Direction::of(&langid) == crate::locale::Direction::Rtl,
            );
            bundle.set_formatter(Some(number_in_locale));
            for (name, text) in files {
                let resource = match FluentResource::try_new(text.clone()) {
                    Ok(resource) => resource,
                    Err((resource, errors)) => {
                        for error in errors {
                            problems.push(format!("locales/{locale}/{name}: {error}"));
                        }
                        resource
                    }
                };
                bundle.add_resource_overriding(resource);
            }
            bundles.insert(locale.clone(), Arc::new(bundle));
            available.push(langid);
        }
        (
            Strings {
                bundles,
                available,
                ids: Arc::new(ids),
                all: Arc::default(),
            },
            problems,
        )
    }

    /// The embedded strings.
    pub fn embedded() -> Strings {
        Strings::new(&Sources::embedded()).0
    }

    /// The locales that have strings.
    pub fn available(&self) -> &[LanguageIdentifier] {
        &self.available
    }

    /// Negotiates `requested` against the available locales: the best match first, then the
    /// other matches, then en-US.
    pub fn negotiate(&self, requested: &[LanguageIdentifier]) -> Vec<LanguageIdentifier> {
        negotiate_among(requested, &self.available)
    }

    /// The locales whose own strings define the message `id`: a locale with `site.ftl` but no
    /// `notices.ftl` has no notice strings, and must not frame a notice in English.
    pub fn locales_with(&self, id: &str) -> Vec<LanguageIdentifier> {
        self.available
            .iter()
            .filter(|l| {
                self.bundles
                    .get(&l.to_string())
                    .is_some_and(|b| b.has_message(id))
            })
            .cloned()
            .collect()
    }

    /// Negotiates `requested` against the locales whose own strings define `id`; en-US last.
    pub fn negotiate_with(
        &self,
        requested: &[LanguageIdentifier],
        id: &str,
    ) -> Vec<LanguageIdentifier> {
        negotiate_among(requested, &self.locales_with(id))
    }

    /// The name of `language` in that language: the `language-name` of its own strings when
    /// `locales/` has the language, else its CLDR endonym for common languages, else its tag.
    /// Never another language's name (a locale without strings is not called "English").
    pub fn endonym(&self, language: &LanguageIdentifier) -> String {
        let own = self
            .available
            .iter()
            .filter(|l| l.language == language.language)
            .max_by_key(|l| (*l == language, l.region == language.region))
            .and_then(|l| self.bundles.get(&l.to_string()))
            .and_then(|bundle| {
                let pattern = bundle.get_message("language-name")?.value()?;
                let mut errors = Vec::new();
                let name = bundle.format_pattern(pattern, None, &mut errors);
                errors.is_empty().then(|| name.into_owned())
            });
        own.or_else(|| {
            ENDONYMS
                .iter()
                .find(|(code, _)| *code == language.language.as_str())
                .map(|(_, name)| (*name).to_string())
        })
        .unwrap_or_else(|| language.to_string())
    }

    /// A localizer for `locale` (negotiated; en-US last).
    pub fn localizer(&self, locale: &LanguageIdentifier) -> Localizer {
        let chain = self
            .negotiate(std::slice::from_ref(locale))
            .into_iter()
            .filter_map(|l| self.bundles.get(&l.to_string()).cloned())
            .collect();
        Localizer {
            locale: locale.clone(),
            chain,
            ids: Arc::clone(&self.ids),
            all: self
                .all
                .lock()
                .map(|mut all| all.entry(locale.clone()).or_default().clone())
                .unwrap_or_default(),
        }
    }
}

/// Formats messages for one locale, falling back along its chain.
#[derive(Clone)]
pub struct Localizer {
    locale: LanguageIdentifier,
    chain: Vec<Arc<Bundle>>,
    ids: Arc<Vec<String>>,
    all: AllMessages,
}

impl Localizer {
    /// The locale asked for.
    pub fn locale(&self) -> &LanguageIdentifier {
        &self.locale
    }

    /// The message `id` without arguments.
    pub fn get(&self, id: &str) -> String {
        self.format(id, &[])
    }

    /// The message `id` with text arguments; the id itself when no bundle has it.
    pub fn format(&self, id: &str, args: &[(&str, &str)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, FluentValue::from(*value));
        }
        self.format_with(id, &fluent_args)
    }

    /// The message `id` with count arguments: they are numbers to Fluent, so plural variants
    /// (`[one]`, `[few]`) select on them, and they are written with the locale's digits and
    /// grouping (ICU4X).
    pub fn format_counts(&self, id: &str, args: &[(&str, usize)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, FluentValue::from(*value));
        }
        self.format_with(id, &fluent_args)
    }

    fn format_with(&self, id: &str, fluent_args: &FluentArgs<'_>) -> String {
        for bundle in &self.chain {
            let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
                continue;
            };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(fluent_args), &mut errors);
            if errors.is_empty() {
                return text.into_owned();
            }
        }
        id.to_string()
    }

    /// The message `id` for every plural category of the locale (CLDR cardinals: `one`, `few`,
    /// `other`, ...), with `{count}` where the count `arg` goes: for a script in the page that
    /// picks one with `Intl.PluralRules` and writes the number with `Intl.NumberFormat`. Each
    /// is rendered with the smallest whole number of its category; a category no whole number
    /// has is left out. Made once per locale and message.
    pub fn plural_patterns(&self, id: &str, arg: &str) -> PluralPatterns {
        let mut memo = self.all.plurals.lock().unwrap_or_else(|e| e.into_inner());
        memo.entry(format!("{id}\u{1f}{arg}"))
            .or_insert_with(|| Arc::new(self.make_plural_patterns(id, arg)))
            .clone()
    }

    fn make_plural_patterns(&self, id: &str, arg: &str) -> BTreeMap<&'static str, String> {
        use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
        let mut patterns = BTreeMap::new();
        // CLDR has rules per language, and for a few regions (`pt-PT`)
        let language = LanguageIdentifier::from_parts(self.locale.language, None, None, &[]);
        let Ok(rules) = PluralRules::create(self.locale.clone(), PluralRuleType::CARDINAL)
            .or_else(|_| PluralRules::create(language, PluralRuleType::CARDINAL))
        else {
            patterns.insert("other", self.format(id, &[(arg, "{count}")]));
            return patterns;
        };
        let numbers = crate::locale_format::NumberFormat::new(&crate::locale::Locale::from(
            self.locale.clone(),
        ));
        for n in 0..=1000_usize {
            let Ok(category) = rules.select(n) else {
                continue;
            };
            let name = match category {
                PluralCategory::ZERO => "zero",
                PluralCategory::ONE => "one",
                PluralCategory::TWO => "two",
                PluralCategory::FEW => "few",
                PluralCategory::MANY => "many",
                PluralCategory::OTHER => "other",
            };
            if patterns.contains_key(name) {
                continue;
            }
            let text = self.format_counts(id, &[(arg, n)]);
            // a variant may leave the number out ("one result")
            let pattern = [numbers.count(n), n.to_string()]
                .into_iter()
                .find(|w| text.contains(w.as_str()))
                .map_or_else(|| text.clone(), |w| text.replacen(&w, "{count}", 1));
            patterns.insert(name, pattern);
        }
        patterns
    }

    /// Every message formatted without arguments, by id (what templates see as `t`); formatted
    /// once per locale and shared by its localizers.
    pub fn all(&self) -> &BTreeMap<String, String> {
        self.all.all.get_or_init(|| {
            self.ids
                .iter()
                .map(|id| (id.clone(), self.get(id)))
                .collect()
        })
    }

    /// [`Localizer::all`] as a template value (`t`): converted once per locale, and cheap to
    /// hand to each page (Tera's maps are shared, not copied).
    pub fn template_strings(&self) -> tera::Value {
        self.all
            .template_strings
            .get_or_init(|| tera::Value::from_serializable(self.all()))
            .clone()
    }

    /// The date `year-month-day` as this locale writes it ([`DateFormat`]), its formatter made
    /// once per locale; `None` for a day the calendar does not have.
    ///
    /// [`DateFormat`]: crate::locale_format::DateFormat
    pub fn date(&self, year: u32, month: u32, day: u32) -> Option<String> {
        let dates = self.all.dates.get_or_init(|| {
            crate::locale_format::DateFormat::new(&crate::locale::Locale::from(self.locale.clone()))
        });
        dates.date(
            i32::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// The name of `language` (its language subtag) in this locale's running text, falling
    /// back to the language's own name ([`Strings::endonym`]).
    pub fn language_name(&self, language: &LanguageIdentifier, strings: &Strings) -> String {
        let id = format!("lang-{}", language.language.as_str());
        let name = self.get(&id);
        if name == id {
            strings.endonym(language)
        } else {
            name
        }
    }
}

/// The best matches of `requested` among `available` (fluent-langneg filtering), en-US last.
fn negotiate_among(
    requested: &[LanguageIdentifier],
    available: &[LanguageIdentifier],
) -> Vec<LanguageIdentifier> {
    let default: LanguageIdentifier = DEFAULT_LOCALE.parse().expect("valid");
    let mut chain: Vec<LanguageIdentifier> = negotiate_languages(
        requested,
        available,
        Some(&default),
        NegotiationStrategy::Filtering,
    )
    .into_iter()
    .cloned()
    .collect();
    if !chain.contains(&default) {
        chain.push(default);
    }
    chain
}

/// CLDR endonyms (each language's name for itself) of the languages documentation is commonly
/// translated into, for locales that have no strings of their own.
const ENDONYMS: &[(&str, &str)] = &[
    ("ar", "العربية"),
    ("bg", "български"),
    ("ca", "català"),
    ("cs", "čeština"),
    ("da", "dansk"),
    ("de", "Deutsch"),
    ("el", "Ελληνικά"),
    ("en", "English"),
    ("es", "español"),
    ("et", "eesti"),
    ("eu", "euskara"),
    ("fa", "فارسی"),
    ("fi", "suomi"),
    ("fr", "français"),
    ("gl", "galego"),
    ("he", "עברית"),
    ("hi", "हिन्दी"),
    ("hr", "hrvatski"),
    ("hu", "magyar"),
    ("id", "Indonesia"),
    ("is", "íslenska"),
    ("it", "italiano"),
    ("ja", "日本語"),
    ("kk", "қазақ тілі"),
    ("ko", "한국어"),
    ("lt", "lietuvių"),
    ("lv", "latviešu"),
    ("ms", "Melayu"),
    ("nb", "norsk bokmål"),
    ("nl", "Nederlands"),
    ("pl", "polski"),
    ("pt", "português"),
    ("ro", "română"),
    ("ru", "русский"),
    ("sk", "slovenčina"),
    ("sl", "slovenščina"),
    ("sr", "српски"),
    ("sv", "svenska"),
    ("th", "ไทย"),
    ("tr", "Türkçe"),
    ("uk", "українська"),
    ("ur", "اردو"),
    ("vi", "Tiếng Việt"),
    ("zh", "中文"),
];

/// The message ids defined in an FTL text (for tidy checks and template contexts).
pub fn message_ids_of(ftl: &str) -> Vec<String> {
    let resource = match fluent_syntax::parser::parse(ftl) {
        Ok(resource) => resource,
        Err((resource, _)) => resource,
    };
    resource
        .body
        .iter()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(message) => Some(message.id.name.to_string()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_and_fallback() {
        let strings = Strings::embedded();
        let nl: LanguageIdentifier = "nl".parse().unwrap();
        let chain = strings.negotiate(std::slice::from_ref(&nl));
        assert_eq!(chain[0].to_string(), "nl-NL");
        assert_eq!(chain.last().unwrap().to_string(), "en-US");
        let de: LanguageIdentifier = "de-DE".parse().unwrap();
        assert_eq!(
            strings.negotiate(std::slice::from_ref(&de)),
            vec!["en-US".parse::<LanguageIdentifier>().unwrap()]
        );
        let german = strings.localizer(&de);
        assert_eq!(german.get("optional"), "Optional");
        let sv = strings.localizer(&"sv-SE".parse().unwrap());
        assert_eq!(sv.format("step-label", &[("number", "5")]), "Steg 5");
        assert_eq!(sv.get("no-such-message"), "no-such-message");
    }

    #[test]
    fn no_isolation_marks_in_formatted_text() {
        let strings = Strings::embedded();
        let nl = strings.localizer(&"nl-NL".parse().unwrap());
        let text = nl.format("run-required-progress", &[("done", "3"), ("total", "12")]);
        assert_eq!(text, "3 van 12 verplichte stappen klaar");
        assert!(!text.contains('\u{2068}') && !text.contains('\u{2069}'));
    }

    #[test]
    fn counts_select_plural_forms_and_take_the_locales_digits() {
        let strings = Strings::embedded();
        let en = strings.localizer(&"en-US".parse().unwrap());
        let progress = |t: &Localizer, done, total| {
            t.format_counts("run-required-progress", &[("done", done), ("total", total)])
        };
        assert_eq!(progress(&en, 0, 1), "0 of 1 required step done");
        assert_eq!(progress(&en, 1, 2), "1 of 2 required steps done");
        assert_eq!(
            progress(&en, 1234, 5000),
            "1,234 of 5,000 required steps done"
        );
        let nl = strings.localizer(&"nl-NL".parse().unwrap());
        assert_eq!(progress(&nl, 1, 1), "1 van 1 verplichte stap klaar");
        assert_eq!(
            progress(&nl, 1234, 5000),
            "1.234 van 5.000 verplichte stappen klaar"
        );
        let ar = strings.localizer(&"ar-SA".parse().unwrap());
        assert!(
            progress(&ar, 3, 12).contains("٣"),
            "{}",
            progress(&ar, 3, 12)
        );

        // a language with more forms: Polish selects one, few and many by CLDR's rules
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("pl-PL")).unwrap();
        std::fs::write(
            dir.path().join("pl-PL/site.ftl"),
            "run-required-progress = { $total ->\n    [one] { $done } z { $total } kroku\n    [few] { $done } z { $total } kroki\n   *[many] { $done } z { $total } kroków\n}\n",
        )
        .unwrap();
        let (strings, problems) = Strings::new(&Sources::with_dir(dir.path()).unwrap());
        assert!(problems.is_empty(), "{problems:?}");
        let pl = strings.localizer(&"pl-PL".parse().unwrap());
        assert_eq!(progress(&pl, 0, 1), "0 z 1 kroku");
        assert_eq!(progress(&pl, 1, 3), "1 z 3 kroki");
        assert_eq!(progress(&pl, 1, 5), "1 z 5 kroków");
        assert_eq!(progress(&pl, 1, 22), "1 z 22 kroki");
        // text arguments never select a plural form: the default variant
        assert_eq!(
            pl.format("run-required-progress", &[("done", "1"), ("total", "1")]),
            "1 z 1 kroków"
        );
    }

    #[test]
    fn language_names_in_running_text() {
        let strings = Strings::embedded();
        let sv = strings.localizer(&"sv-SE".parse().unwrap());
        assert_eq!(
            sv.language_name(&"en-US".parse().unwrap(), &strings),
            "engelska"
        );
        assert_eq!(
            sv.language_name(&"de-DE".parse().unwrap(), &strings),
            "Deutsch"
        );
    }

    #[test]
    fn endonyms_never_name_another_language() {
        let strings = Strings::embedded();
        let name = |tag: &str| strings.endonym(&tag.parse().unwrap());
        assert_eq!(name("nl-BE"), "Nederlands");
        assert_eq!(name("sv-SE"), "Svenska");
        assert_eq!(name("ar-SA"), "العربية");
        assert_eq!(name("he-IL"), "עברית");
        assert_eq!(name("qya-Latn"), "qya-Latn");
    }

    #[test]
    fn every_locale_defines_the_same_message_ids() {
        let sources = Sources::embedded();
        let ids = |locale: &str| {
            let mut ids: Vec<String> = sources
                .files(locale)
                .unwrap()
                .values()
                .flat_map(|t| message_ids_of(t))
                .collect();
            ids.sort();
            ids
        };
        let reference = ids(DEFAULT_LOCALE);
        assert!(reference.len() > 20);
        for locale in sources.locales() {
            assert_eq!(ids(&locale), reference, "{locale}");
        }
    }
}
