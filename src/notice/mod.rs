//! End-user notices: definitions (`content/notices/<notice>.toml`), recipients (CSV or JSON),
//! per-recipient locale negotiation and validation.
//!
//! 1. [`Notice::load`] reads a definition: audience, required variables, Fluent message ids of
//!    the frame, and which article steps or segments supply the reader's actions;
//! 2. [`read_recipients`] reads and validates rows: every bad row is an error with its line
//!    number (missing or invalid address, control characters that could inject headers, unknown
//!    or missing variables), the good rows go on; columns that look like secrets are refused;
//! 3. [`crate::render::email`] composes the message; [`delivery`] writes or sends it.

pub mod delivery;
pub mod journal;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use lettre::Address;
use serde::Deserialize;
use unic_langid::LanguageIdentifier;

use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Error;

/// An action of a notice section, taken from the article.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum ActionRef {
    /// A step (its title) by its locale-independent key.
    Step {
        /// The step key.
        step: String,
    },
    /// Sentences by segment number (`154`, `p102`), joined.
    Segments {
        /// Segment numbers.
        segments: Vec<String>,
    },
}

/// A section of a notice: a heading and items from Fluent, or actions from an article.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeSection {
    /// Fluent id (after the notice prefix) of the heading.
    pub heading: String,
    /// Fluent ids (after the prefix) of fixed items.
    #[serde(default)]
    pub items: Vec<String>,
    /// The article the actions come from.
    #[serde(default)]
    pub article: Option<String>,
    /// Actions taken from the article.
    #[serde(default)]
    pub actions: Vec<ActionRef>,
}

/// A notice definition.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    /// The notice's name (file stem); set on load.
    #[serde(skip)]
    pub name: String,
    /// What it is for.
    #[serde(default)]
    pub description: String,
    /// Who it goes to (`affected-user`, `contacts`).
    pub audience: String,
    /// The mailbox of the recipient may be read by the attacker: prefer the alternate address.
    #[serde(default)]
    pub compromised_mailbox: bool,
    /// Sender mailbox.
    pub from: String,
    /// Variables every recipient must have.
    #[serde(default)]
    pub required: Vec<String>,
    /// Variables holding ISO dates (`YYYY-MM-DD`), formatted for the recipient's locale.
    #[serde(default)]
    pub dates: Vec<String>,
    /// Fluent ids (after the prefix) of the paragraphs after the greeting.
    #[serde(default)]
    pub paragraphs: Vec<String>,
    /// Sections.
    #[serde(default)]
    pub sections: Vec<NoticeSection>,
    /// Fluent ids (after the prefix) of the closing paragraphs.
    #[serde(default)]
    pub closing: Vec<String>,
    /// Sample recipient and variables for review copies.
    #[serde(default)]
    pub sample: BTreeMap<String, String>,
}

impl Notice {
    /// Loads `content/notices/<name>.toml`.
    pub fn load(content: &Path, name: &str) -> Result<Notice, Error> {
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(Error::Usage(format!(
                "notice name `{name}` may only hold letters, digits, `-` and `_`"
            )));
        }
        let path = notices_dir(content).join(format!("{name}.toml"));
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        let mut notice: Notice = toml::from_str(&text)
            .map_err(|e| Error::Usage(format!("{}: {}", path.display(), e.to_string().trim())))?;
        notice.name = name.to_string();
        Ok(notice)
    }

    /// Every notice defined in `content/notices/`, sorted by name.
    pub fn load_all(content: &Path) -> Result<Vec<Notice>, Error> {
        let dir = notices_dir(content);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Ok(Vec::new());
        };
        let mut names: Vec<String> = entries
            .flatten()
            .filter_map(|e| {
                let path = e.path();
                (path.extension().and_then(|x| x.to_str()) == Some("toml"))
                    .then(|| path.file_stem()?.to_str().map(str::to_string))
                    .flatten()
            })
            .collect();
        names.sort();
        names
            .iter()
            .map(|name| Notice::load(content, name))
            .collect()
    }

    /// The Fluent id of a frame message.
    pub fn message_id(&self, part: &str) -> String {
        format!("{}-{part}", self.name)
    }

    /// Variables the notice knows: required ones and date ones.
    pub fn knows(&self, variable: &str) -> bool {
        self.required.iter().any(|v| v == variable) || self.dates.iter().any(|v| v == variable)
    }
}

/// `content/notices`.
pub fn notices_dir(content: &Path) -> PathBuf {
    content.join("notices")
}

/// A validated recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    /// Line (CSV) or entry number (JSON) in the recipients file.
    pub line: usize,
    /// Display name.
    pub name: String,
    /// Primary address.
    pub address: Address,
    /// Alternate address, if given.
    pub alternate: Option<Address>,
    /// Preferred languages, best first (a BCP 47 tag or an Accept-Language list).
    pub languages: Vec<LanguageIdentifier>,
    /// Notice variables.
    pub variables: BTreeMap<String, String>,
}

/// Columns that are part of every recipient, not notice variables.
const STANDARD_COLUMNS: &[&str] = &["name", "address", "alternate_address", "language"];

/// Whether a variable name looks like it holds a secret.
pub fn looks_secret(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [
        "password",
        "passwd",
        "pwd",
        "passphrase",
        "token",
        "secret",
        "apikey",
        "api_key",
        "credential",
        "otp",
        "pin_code",
    ]
    .iter()
    .any(|word| name.contains(word))
        || name == "pin"
}

/// Parses a language preference: one tag or an Accept-Language list (`nl-BE,nl;q=0.9`).
pub fn parse_languages(text: &str) -> Vec<LanguageIdentifier> {
    fluent_langneg::accepted_languages::parse(text)
}

/// Reads recipients from a CSV (header line first) or JSON (array of objects) file. Rows with
/// problems are reported and left out; the file itself failing to parse is an error.
pub fn read_recipients(
    path: &Path,
    notice: &Notice,
) -> Result<(Vec<Recipient>, Vec<Diagnostic>), Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = crate::source::decode(path, bytes).map_err(|d| Error::Usage(d.to_string()))?;
    let rows = if path.extension().and_then(|e| e.to_str()) == Some("json") {
        json_rows(path, &text)?
    } else {
        csv_rows(path, &text)?
    };
    let mut recipients = Vec::new();
    let mut diagnostics = Vec::new();
    if let Some((line, key)) = rows
        .iter()
        .flat_map(|(line, row)| row.keys().map(move |k| (*line, k)))
        .find(|(_, k)| looks_secret(k))
    {
        return Err(Error::Usage(format!(
            "{}:{line}: refusing variable `{key}`: it looks like a secret (password, token); notices never carry secrets",
            path.display()
        )));
    }
    // one message per person: the same address (compared case-insensitively, as mail systems
    // do) on a second line is reported and left out
    let mut first_line: BTreeMap<String, usize> = BTreeMap::new();
    for (line, row) in rows {
        match validate(notice, line, row) {
            Ok(recipient) => {
                let key = recipient.address.to_string().to_lowercase();
                match first_line.get(&key) {
                    Some(first) => diagnostics.push(row_diagnostic(
                        path,
                        line,
                        format!(
                            "`{}` is already a recipient on line {first}; it gets one message",
                            recipient.address
                        ),
                    )),
                    None => {
                        first_line.insert(key, line);
                        recipients.push(recipient);
                    }
                }
            }
            Err(message) => diagnostics.push(row_diagnostic(path, line, message)),
        }
    }
    Ok((recipients, diagnostics))
}

/// An `error[recipient]` diagnostic for a row of a recipients file.
pub fn row_diagnostic(path: &Path, line: usize, message: String) -> Diagnostic {
    Diagnostic::at(path, (line, 1), Severity::Error, "recipient", message)
}

type Row = BTreeMap<String, String>;

fn csv_rows(path: &Path, text: &str) -> Result<Vec<(usize, Row)>, Error> {
    // a byte-order mark (Excel writes one) is not part of the first header
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    // Excel in nl-NL, sv-SE and most of Europe separates with `;`: the header line decides
    let header = text.lines().next().unwrap_or_default();
    let delimiter = if header.matches(';').count() > header.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| Error::Usage(format!("{}:1: {e}", path.display())))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let mut row = Row::new();
        for (i, value) in record.iter().enumerate() {
            let key = headers
                .get(i)
                .cloned()
                .unwrap_or_else(|| format!("column {}", i + 1));
            row.insert(key, value.to_string());
        }
        rows.push((line, row));
    }
    Ok(rows)
}

fn json_rows(path: &Path, text: &str) -> Result<Vec<(usize, Row)>, Error> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
    let items = value.as_array().ok_or_else(|| {
        Error::Usage(format!(
            "{}: expected an array of recipient objects",
            path.display()
        ))
    })?;
    Ok(items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let row = item
                .as_object()
                .map(|o| {
                    o.iter()
                        .map(|(k, v)| {
                            (
                                k.clone(),
                                v.as_str().map_or_else(|| v.to_string(), str::to_string),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            (i + 1, row)
        })
        .collect())
}

/// Bidirectional formatting characters: invisible, they reorder what a reader sees (U+202E
/// turns `evil\u{202E}fdp.exe` into `evilexe.pdf`), so a header or name may not hold them.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Longest value a recipient field may hold: with the words around it a header stays far below
/// the 998 characters a line of a message may have (RFC 5322), whatever lettre folds.
pub const MAX_FIELD_CHARS: usize = 400;

fn check_text(field: &str, value: &str) -> Result<(), String> {
    let length = value.chars().count();
    if length > MAX_FIELD_CHARS {
        return Err(format!(
            "`{field}` is {length} characters long, more than the {MAX_FIELD_CHARS} a notice takes"
        ));
    }
    if let Some(c) = value.chars().find(|c| c.is_control()) {
        return Err(format!(
            "`{field}` holds a control character (U+{:04X}); line breaks in names or headers are refused",
            c as u32
        ));
    }
    if let Some(c) = value.chars().find(|c| is_bidi_control(*c)) {
        return Err(format!(
            "`{field}` holds a bidirectional control character (U+{:04X}), which reorders what the reader sees; it is refused",
            c as u32
        ));
    }
    Ok(())
}

fn parse_address(field: &str, value: &str) -> Result<Address, String> {
    check_text(field, value)?;
    Address::from_str(value.trim())
        .map_err(|e| format!("`{field}` `{value}` is not a valid e-mail address ({e})"))
}

fn validate(notice: &Notice, line: usize, mut row: Row) -> Result<Recipient, String> {
    for (key, value) in &row {
        check_text(key, value)?;
    }
    let address = row.remove("address").unwrap_or_default();
    if address.trim().is_empty() {
        return Err("missing `address`".to_string());
    }
    let address = parse_address("address", &address)?;
    let alternate = match row
        .remove("alternate_address")
        .filter(|a| !a.trim().is_empty())
    {
        Some(a) => Some(parse_address("alternate_address", &a)?),
        None => None,
    };
    let name = row.remove("name").unwrap_or_default().trim().to_string();
    let languages = parse_languages(&row.remove("language").unwrap_or_default());
    let mut variables = BTreeMap::new();
    for (key, value) in row {
        if STANDARD_COLUMNS.contains(&key.as_str()) || value.trim().is_empty() {
            continue;
        }
        if !notice.knows(&key) {
            return Err(format!(
                "unknown notice variable `{key}` for notice `{}`",
                notice.name
            ));
        }
        variables.insert(key, value.trim().to_string());
    }
    let missing: Vec<&str> = notice
        .required
        .iter()
        .filter(|v| !variables.contains_key(*v))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "missing notice variable(s) {}",
            missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    for date in &notice.dates {
        if let Some(value) = variables.get(date) {
            parse_iso_date(value)
                .ok_or_else(|| format!("`{date}` `{value}` is not a date (YYYY-MM-DD)"))?;
        }
    }
    Ok(Recipient {
        line,
        name,
        address,
        alternate,
        languages,
        variables,
    })
}

/// `(year, month, day)` of an ISO date (`YYYY-MM-DD`) that the calendar has: `2026-02-30` is
/// not one.
pub fn parse_iso_date(text: &str) -> Option<(u32, u32, u32)> {
    let text = text.trim();
    let shaped = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
    let date: jiff::civil::Date = text.parse().ok().filter(|_| shaped)?;
    Some((
        u32::try_from(date.year()).ok()?,
        u32::try_from(date.month()).ok()?,
        u32::try_from(date.day()).ok()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice() -> Notice {
        Notice::load(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
            "account-compromised",
        )
        .unwrap()
    }

    fn row(pairs: &[(&str, &str)]) -> Row {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn good() -> Vec<(&'static str, &'static str)> {
        vec![
            ("name", "A"),
            ("address", "a@example.com"),
            ("organization", "Contoso"),
            ("helpdesk_phone", "1"),
            ("helpdesk_url", "https://h.example"),
            ("incident_date", "2026-11-20"),
            ("reference", "R"),
        ]
    }

    #[test]
    fn rows_are_validated() {
        let n = notice();
        assert!(validate(&n, 2, row(&good())).is_ok());
        let mut injected = good();
        injected[0] = ("name", "A\r\nBcc: victim@example.com");
        assert!(
            validate(&n, 2, row(&injected))
                .unwrap_err()
                .contains("control character (U+000D)")
        );
        let mut bad = good();
        bad[1] = ("address", "not an address");
        assert!(
            validate(&n, 2, row(&bad))
                .unwrap_err()
                .contains("not a valid e-mail address")
        );
        let mut unknown = good();
        unknown.push(("shoe_size", "44"));
        assert!(
            validate(&n, 2, row(&unknown))
                .unwrap_err()
                .contains("unknown notice variable `shoe_size`")
        );
        let missing: Vec<_> = good()
            .into_iter()
            .filter(|(k, _)| *k != "reference")
            .collect();
        assert_eq!(
            validate(&n, 2, row(&missing)).unwrap_err(),
            "missing notice variable(s) `reference`"
        );
    }

    #[test]
    fn bidi_controls_are_refused_in_every_field() {
        let n = notice();
        for (field, value) in [
            ("name", "Bill \u{202E}fdp.exe"),
            ("organization", "Contoso\u{2067}"),
        ] {
            let mut spoofed = good();
            spoofed.retain(|(k, _)| *k != field);
            spoofed.push((field, value));
            let error = validate(&n, 2, row(&spoofed)).unwrap_err();
            assert!(error.contains("bidirectional control character"), "{error}");
        }
    }

    #[test]
    fn csv_with_semicolons_a_bom_and_a_repeated_address() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("recipients.csv");
        let header = good().iter().map(|(k, _)| *k).collect::<Vec<_>>().join(";");
        let line = |address: &str| {
            good()
                .iter()
                .map(|(k, v)| if *k == "address" { address } else { v })
                .collect::<Vec<_>>()
                .join(";")
        };
        std::fs::write(
            &path,
            format!(
                "\u{FEFF}{header}\n{}\n{}\n{}\n",
                line("a@example.com"),
                line("b@example.com"),
                line("A@Example.com")
            ),
        )
        .unwrap();
        let (recipients, diagnostics) = read_recipients(&path, &notice()).unwrap();
        assert_eq!(recipients.len(), 2, "{diagnostics:?}");
        assert_eq!(diagnostics.len(), 1);
        let message = diagnostics[0].to_string();
        assert!(
            message.contains("recipients.csv:4:1: error[recipient]")
                && message.contains("already a recipient on line 2"),
            "{message}"
        );
    }

    #[test]
    fn secrets_and_languages() {
        assert!(
            looks_secret("password") && looks_secret("New_Password") && looks_secret("api_token")
        );
        assert!(!looks_secret("organization") && !looks_secret("helpdesk_phone"));
        let langs = parse_languages("nl-BE,nl;q=0.9,en;q=0.5");
        assert_eq!(langs[0].to_string(), "nl-BE");
        assert_eq!(parse_iso_date("2026-11-20"), Some((2026, 11, 20)));
        assert_eq!(parse_iso_date("2028-02-29"), Some((2028, 2, 29)));
        for bad in [
            "2026-02-30",
            "2026-02-29",
            "2026-13-01",
            "20-11-2026x",
            "2026-1-5",
            "2026-11-20T10:00",
        ] {
            assert_eq!(parse_iso_date(bad), None, "{bad}");
        }
    }
}
