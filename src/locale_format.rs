//! Dates, times and numbers as a reader of a locale writes them: ICU4X with its compiled CLDR
//! data (the calendar, digits, order and month names of the locale: `3 dec 2026, 08:34:12` in
//! nl-NL, `2026/12/03 8:34:12` in ja-JP, Arabic-Indic digits in ar-SA). The one place that turns
//! an instant or a count into text for a reader.

use std::cmp::Ordering;

use icu_collator::CollatorBorrowed;
use icu_collator::options::CollatorOptions;
use icu_datetime::DateTimeFormatter;
use icu_datetime::fieldsets::{YMD, YMDT};
use icu_datetime::input::{Date, DateTime, Time};
use icu_datetime::options::TimePrecision;
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use jiff::Timestamp;

use crate::locale::Locale;

/// `locale` as ICU4X takes it (`None`: a tag ICU4X cannot read; callers fall back to ASCII).
fn icu_locale(locale: &Locale) -> Option<icu_locale_core::Locale> {
    icu_locale_core::Locale::try_from_str(&locale.tag()).ok()
}

/// Formats instants for one locale, in UTC (a record read in another time zone means the same).
pub struct TimeFormat {
    formatter: Option<DateTimeFormatter<YMDT>>,
}

impl TimeFormat {
    /// The formatter of `locale`; a locale ICU4X cannot load formats as ISO 8601.
    pub fn new(locale: &Locale) -> Self {
        let formatter = icu_locale(locale).and_then(|locale| {
            DateTimeFormatter::try_new(
                (&locale).into(),
                YMDT::medium().with_time_precision(TimePrecision::Second),
            )
            .ok()
        });
        TimeFormat { formatter }
    }

    /// `at` as a UTC date and time in the locale (without a zone name: the caller's message says
    /// UTC where the language puts it).
    pub fn utc(&self, at: Timestamp) -> String {
        let civil = at.to_zoned(jiff::tz::TimeZone::UTC).datetime();
        let iso = || civil.strftime("%Y-%m-%d %H:%M:%S").to_string();
        let Some(formatter) = &self.formatter else {
            return iso();
        };
        let date = Date::try_new_iso(
            i32::from(civil.year()),
            civil.month().unsigned_abs(),
            civil.day().unsigned_abs(),
        );
        let time = Time::try_new(
            civil.hour().unsigned_abs(),
            civil.minute().unsigned_abs(),
            civil.second().unsigned_abs(),
            0,
        );
        match (date, time) {
            (Ok(date), Ok(time)) => formatter.format(&DateTime { date, time }).to_string(),
            _ => iso(),
        }
    }
}

/// Formats calendar dates for one locale (a date in a notice: `20 november 2026`,
/// `November 20, 2026`, `2026年11月20日`), in the locale's calendar.
pub struct DateFormat {
    formatter: Option<DateTimeFormatter<YMD>>,
}

impl DateFormat {
    /// The formatter of `locale`.
    pub fn new(locale: &Locale) -> Self {
        let formatter = icu_locale(locale)
            .and_then(|locale| DateTimeFormatter::try_new((&locale).into(), YMD::long()).ok());
        DateFormat { formatter }
    }

    /// The ISO date `year-month-day` in the locale; `None` for a day the calendar does not have
    /// (`2026-02-30`) or a locale ICU4X cannot load.
    pub fn date(&self, year: i32, month: u8, day: u8) -> Option<String> {
        let date = Date::try_new_iso(year, month, day).ok()?;
        Some(self.formatter.as_ref()?.format(&date).to_string())
    }
}

/// Formats whole numbers for one locale (its digits and grouping).
pub struct NumberFormat {
    formatter: Option<DecimalFormatter>,
}

impl NumberFormat {
    /// The formatter of `locale`; a locale ICU4X cannot load writes ASCII digits.
    pub fn new(locale: &Locale) -> Self {
        let formatter = icu_locale(locale).and_then(|locale| {
            DecimalFormatter::try_new((&locale).into(), Default::default()).ok()
        });
        NumberFormat { formatter }
    }

    /// `n` in the locale.
    pub fn count(&self, n: usize) -> String {
        match &self.formatter {
            Some(formatter) => formatter.format(&Decimal::from(n as u64)).to_string(),
            None => n.to_string(),
        }
    }
}

/// Orders text as a reader of a locale expects (CLDR collation: Swedish `Z < Å < Ä < Ö`, German
/// `Ä` and `Å` with `A`; case and accents weigh less than the letters).
pub struct Collation {
    collator: Option<CollatorBorrowed<'static>>,
}

impl Collation {
    /// The collation of `locale`; one ICU4X cannot load compares by code point.
    pub fn new(locale: &Locale) -> Self {
        let collator = icu_locale(locale).and_then(|locale| {
            CollatorBorrowed::try_new((&locale).into(), CollatorOptions::default()).ok()
        });
        Collation { collator }
    }

    /// How `a` and `b` are ordered.
    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        match &self.collator {
            Some(collator) => collator.compare(a, b),
            None => a.cmp(b),
        }
    }
}

/// Reads an RFC 3339 instant (`2026-12-03T08:34:12.345Z`, any offset).
pub fn parse_instant(text: &str) -> Result<Timestamp, String> {
    text.parse::<Timestamp>()
        .map_err(|e| format!("`{text}` is not an RFC 3339 time: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(locale: &str, at: &str) -> String {
        TimeFormat::new(&locale.parse().unwrap()).utc(parse_instant(at).unwrap())
    }

    #[test]
    fn each_locale_writes_its_own_date_and_time() {
        let at = "2026-12-03T09:34:12.345+01:00";
        assert_eq!(format("en-US", at), "Dec 3, 2026, 8:34:12\u{202f}AM");
        assert_eq!(format("nl-NL", at), "3 dec 2026, 08:34:12");
        assert_eq!(format("sv-SE", at), "3 dec. 2026 08:34:12");
        assert_eq!(format("ja-JP", at), "2026/12/03 8:34:12");
        // Saudi Arabia's digits
        let ar = format("ar-SA", at);
        assert!(ar.contains('١') || ar.contains('٢'), "{ar}");
        assert!(!ar.contains("2026"), "{ar}");
    }

    #[test]
    fn each_locale_writes_its_own_dates() {
        let date = |locale: &str| DateFormat::new(&locale.parse().unwrap()).date(2026, 11, 20);
        assert_eq!(date("en-US").unwrap(), "November 20, 2026");
        assert_eq!(date("nl-NL").unwrap(), "20 november 2026");
        assert_eq!(date("sv-SE").unwrap(), "20 november 2026");
        assert_eq!(date("ja-JP").unwrap(), "2026年11月20日");
        // Saudi Arabia: Arabic-Indic digits, as the browser's `Intl` writes them
        assert_eq!(date("ar-SA").unwrap(), "٢٠ نوفمبر ٢٠٢٦");
        assert!(
            DateFormat::new(&Locale::en_us())
                .date(2026, 2, 30)
                .is_none()
        );
    }

    #[test]
    fn each_locale_writes_its_own_numbers() {
        let count = |locale: &str, n| NumberFormat::new(&locale.parse().unwrap()).count(n);
        assert_eq!(count("en-US", 12345), "12,345");
        assert_eq!(count("nl-NL", 12345), "12.345");
        assert_eq!(count("sv-SE", 12345), "12\u{a0}345");
        assert_eq!(count("ar-SA", 12), "١٢");
        assert_eq!(count("ja-JP", 7), "7");
    }

    #[test]
    fn each_locale_orders_its_own_alphabet() {
        fn sorted<'a>(locale: &str, words: &[&'a str]) -> Vec<&'a str> {
            let collation = Collation::new(&locale.parse().unwrap());
            let mut words = words.to_vec();
            words.sort_by(|a, b| collation.compare(a, b));
            words
        }
        let words = ["Öppna", "Zebra", "Ärende", "Åtgärd", "apa", "Apa"];
        assert_eq!(
            sorted("sv-SE", &words),
            ["apa", "Apa", "Zebra", "Åtgärd", "Ärende", "Öppna"]
        );
        assert_eq!(
            sorted("de-DE", &words),
            ["apa", "Apa", "Ärende", "Åtgärd", "Öppna", "Zebra"]
        );
        // Japanese: kana in gojūon order
        assert_eq!(sorted("ja-JP", &["さ", "か", "あ"]), ["あ", "か", "さ"]);
    }

    #[test]
    fn times_that_are_not_rfc_3339_are_refused() {
        for bad in ["", "yesterday", "2026-12-03", "2026-13-03T00:00:00Z"] {
            assert!(parse_instant(bad).is_err(), "{bad}");
        }
    }
}
