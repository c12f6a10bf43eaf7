//! Delivering notices: `.eml` files, SMTP through lettre, and a journal that makes re-runs safe.
//!
//! The journal (`<out>/notices/<notice>/journal.jsonl`) records, per message, `sent` or
//! `failed` with the reason, one JSON line each, synced before the next message goes out. A
//! message whose Message-ID the journal records as sent is not sent again: re-running the same
//! command sends only what was not sent, and a crash loses at most the message in flight.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::output::OutputDir;

/// Environment variable with the SMTP user name.
pub const SMTP_USERNAME_VAR: &str = "KBGEN_SMTP_USERNAME";
/// Environment variable with the SMTP password.
pub const SMTP_PASSWORD_VAR: &str = "KBGEN_SMTP_PASSWORD";

/// One journal line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// The message's Message-ID.
    pub message_id: String,
    /// Where it went.
    pub recipient: String,
    /// Line of the recipient in the recipients file.
    pub line: usize,
    /// `sent` or `failed`.
    pub status: String,
    /// Why it failed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// The journal of one notice in an output directory.
#[derive(Debug)]
pub struct Journal {
    relative: PathBuf,
    sent: HashMap<String, bool>,
}

impl Journal {
    /// Opens (reads) the journal of `notice` below `out`.
    pub fn open(out: &OutputDir, notice: &str) -> Result<Journal, Error> {
        let relative = Path::new("notices").join(notice).join("journal.jsonl");
        let path = out.root().join(&relative);
        let mut sent = HashMap::new();
        if path.is_file() {
            let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            for line in text.lines() {
                // a torn last line (crash while writing) is ignored: its message is retried
                if let Ok(entry) = serde_json::from_str::<JournalEntry>(line) {
                    let done = entry.status == "sent";
                    let previous = sent.entry(entry.message_id).or_insert(false);
                    *previous |= done;
                }
            }
        }
        Ok(Journal { relative, sent })
    }

    /// Whether the message was sent before.
    pub fn was_sent(&self, message_id: &str) -> bool {
        self.sent.get(message_id).copied().unwrap_or(false)
    }

    /// Appends an entry (synced to disk).
    pub fn record(&mut self, out: &OutputDir, entry: JournalEntry) -> Result<(), Error> {
        let line = serde_json::to_string(&entry).map_err(|e| Error::Usage(e.to_string()))?;
        out.append_line(&self.relative, &line)?;
        if entry.status == "sent" {
            self.sent.insert(entry.message_id, true);
        }
        Ok(())
    }
}

/// How to secure the SMTP connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    /// No TLS (loopback test servers only).
    None,
    /// STARTTLS, required.
    StartTls,
    /// TLS from the first byte (`smtps`).
    Implicit,
}

/// An SMTP destination from `--smtp smtp://host:port` or `smtps://host:port`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpTarget {
    /// Host name.
    pub host: String,
    /// Port.
    pub port: u16,
    /// TLS mode.
    pub tls: TlsMode,
}

/// Parses `--smtp`; credentials in the URL are refused (they belong in the environment).
pub fn parse_smtp_url(url: &str, tls: Option<TlsMode>) -> Result<SmtpTarget, Error> {
    // never echo credentials back: show the URL without its user information
    let shown = match url.split_once("://") {
        Some((scheme, rest)) if rest.contains('@') => {
            format!("{scheme}://…@{}", rest.rsplit_once('@').map_or("", |r| r.1))
        }
        _ => url.to_string(),
    };
    let usage = |m: &str| Error::Usage(format!("--smtp {shown}: {m}"));
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| usage("expected smtp://host:port or smtps://host:port"))?;
    if rest.contains('@') {
        return Err(usage(&format!(
            "credentials are never taken from arguments; set {SMTP_USERNAME_VAR} and {SMTP_PASSWORD_VAR}"
        )));
    }
    let rest = rest.trim_end_matches('/');
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) => (
            host.to_string(),
            port.parse::<u16>()
                .map_err(|_| usage("the port is not a number"))?,
        ),
        None => (rest.to_string(), if scheme == "smtps" { 465 } else { 587 }),
    };
    if host.is_empty() {
        return Err(usage("no host"));
    }
    let default_tls = match scheme {
        "smtp" => TlsMode::StartTls,
        "smtps" => TlsMode::Implicit,
        _ => return Err(usage("the scheme must be smtp or smtps")),
    };
    Ok(SmtpTarget {
        host,
        port,
        tls: tls.unwrap_or(default_tls),
    })
}

/// An SMTP connection (lettre), credentials from the environment.
pub fn transport(target: &SmtpTarget) -> Result<SmtpTransport, Error> {
    let tls_error =
        |e: lettre::transport::smtp::Error| Error::Usage(format!("TLS for {}: {e}", target.host));
    let tls = match target.tls {
        TlsMode::None => Tls::None,
        TlsMode::StartTls => {
            Tls::Required(TlsParameters::new(target.host.clone()).map_err(tls_error)?)
        }
        TlsMode::Implicit => {
            Tls::Wrapper(TlsParameters::new(target.host.clone()).map_err(tls_error)?)
        }
    };
    let mut builder = SmtpTransport::builder_dangerous(target.host.clone())
        .port(target.port)
        .tls(tls)
        .timeout(Some(Duration::from_secs(30)));
    if let (Ok(user), Ok(password)) = (
        std::env::var(SMTP_USERNAME_VAR),
        std::env::var(SMTP_PASSWORD_VAR),
    ) {
        builder = builder.credentials(Credentials::new(user, password));
    }
    Ok(builder.build())
}

/// Sends one message; the server's refusal comes back as the reason.
pub fn send(transport: &SmtpTransport, message: &Message) -> Result<(), String> {
    transport.send(message).map(|_| ()).map_err(|e| {
        let text = e.to_string();
        text.lines().next().unwrap_or("send failed").to_string()
    })
}

/// A file name for a recipient's `.eml`: `<line>-<address>.eml` with unsafe characters replaced.
pub fn eml_name(line: usize, address: &str) -> String {
    let safe: String = address
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "@._-+".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{line:04}-{safe}.eml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls() {
        let t = parse_smtp_url("smtp://127.0.0.1:2525", Some(TlsMode::None)).unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.tls),
            ("127.0.0.1", 2525, TlsMode::None)
        );
        assert_eq!(
            parse_smtp_url("smtps://mail.example.com", None)
                .unwrap()
                .tls,
            TlsMode::Implicit
        );
        assert_eq!(
            parse_smtp_url("smtp://mail.example.com", None)
                .unwrap()
                .port,
            587
        );
        let err = parse_smtp_url("smtp://user:secret@mail.example.com:25", None)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("credentials are never taken from arguments") && !err.contains("secret@"),
            "{err}"
        );
        assert!(parse_smtp_url("http://x", None).is_err());
    }

    #[test]
    fn eml_names_are_safe() {
        assert_eq!(eml_name(3, "a.b@example.com"), "0003-a.b@example.com.eml");
        assert_eq!(eml_name(4, "../x/y@z"), "0004-.._x_y@z.eml");
    }

    #[test]
    fn journal_remembers_sent_messages() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        let out = OutputDir::create(&dir.path().join("out"), &content).unwrap();
        let mut journal = Journal::open(&out, "n").unwrap();
        let entry = |id: &str, status: &str| JournalEntry {
            message_id: id.into(),
            recipient: "a@example.com".into(),
            line: 2,
            status: status.into(),
            reason: String::new(),
        };
        journal.record(&out, entry("<1@x>", "failed")).unwrap();
        journal.record(&out, entry("<2@x>", "sent")).unwrap();
        let again = Journal::open(&out, "n").unwrap();
        assert!(!again.was_sent("<1@x>"));
        assert!(again.was_sent("<2@x>"));
    }
}
