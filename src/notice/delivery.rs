//! Delivering notices: `.eml` names, SMTP through one reused lettre connection, and the phases
//! of each message that the journal ([`super::journal`]) records.
//!
//! Each message has an overall deadline (connect, greeting, every command and the data);
//! temporary refusals (4xx) are retried with backoff a bounded number of times, permanent ones
//! (5xx) are not. What matters for at-most-once delivery is where a failure happens: before the
//! DATA command the message cannot have been delivered ([`Outcome::NotSent`]); after the data
//! was sent, a broken connection or a timeout leaves it unknown ([`Outcome::Unknown`]). The
//! intent is journaled just before DATA, so a crash at any point leaves either no intent (resend
//! is safe) or an intent without outcome (reported as unknown, never resent silently).

use std::fmt;
use std::time::{Duration, Instant};

use lettre::Address;
use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Quit, Rcpt, Rset};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};

use crate::error::Error;

/// Environment variable with the SMTP user name.
pub const SMTP_USERNAME_VAR: &str = "KBGEN_SMTP_USERNAME";
/// Environment variable with the SMTP password.
pub const SMTP_PASSWORD_VAR: &str = "KBGEN_SMTP_PASSWORD";

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

/// Parses `--smtp` (`smtp://host:port`, `smtps://[::1]:465`, `?tls=none|starttls|required|implicit`
/// choosing the TLS mode as `--tls` does, which wins); credentials in the URL are refused: they
/// belong in the environment.
pub fn parse_smtp_url(text: &str, tls: Option<TlsMode>) -> Result<SmtpTarget, Error> {
    let parsed = url::Url::parse(text);
    // never echo credentials back: show the URL without its user information
    let shown = match &parsed {
        Ok(url) if !url.username().is_empty() || url.password().is_some() => {
            let mut hidden = url.clone();
            let _ = hidden.set_username("…");
            let _ = hidden.set_password(None);
            hidden.to_string()
        }
        Ok(_) => text.to_string(),
        Err(_) if text.contains('@') => "(the URL, which holds credentials)".to_string(),
        Err(_) => text.to_string(),
    };
    let usage = |m: &str| Error::Usage(format!("--smtp {shown}: {m}"));
    let url = parsed.map_err(|e| {
        usage(&format!(
            "{e}; expected smtp://host:port or smtps://host:port"
        ))
    })?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(usage(&format!(
            "credentials are never taken from arguments; set {SMTP_USERNAME_VAR} and {SMTP_PASSWORD_VAR}"
        )));
    }
    let default_tls = match url.scheme() {
        "smtp" => TlsMode::StartTls,
        "smtps" => TlsMode::Implicit,
        _ => return Err(usage("the scheme must be smtp or smtps")),
    };
    let host = match url.host() {
        Some(url::Host::Ipv6(address)) => address.to_string(),
        Some(host) => host.to_string(),
        None => return Err(usage("no host")),
    };
    if host.is_empty() {
        return Err(usage("no host"));
    }
    let mut from_query = None;
    for (key, value) in url.query_pairs() {
        match (key.as_ref(), value.as_ref()) {
            ("tls", "none") => from_query = Some(TlsMode::None),
            ("tls", "starttls" | "required") => from_query = Some(TlsMode::StartTls),
            ("tls", "implicit" | "wrapper") => from_query = Some(TlsMode::Implicit),
            ("tls", other) => {
                return Err(usage(&format!(
                    "tls={other}: expected none, starttls (required) or implicit"
                )));
            }
            (other, _) => return Err(usage(&format!("unknown parameter `{other}`"))),
        }
    }
    Ok(SmtpTarget {
        host,
        port: url.port().unwrap_or(if default_tls == TlsMode::Implicit {
            465
        } else {
            587
        }),
        tls: tls.or(from_query).unwrap_or(default_tls),
    })
}

/// How hard to try each message.
#[derive(Debug, Clone, Copy)]
pub struct Patience {
    /// Overall deadline of one attempt (connect, greeting, commands, data).
    pub deadline: Duration,
    /// Attempts after the first when the server answers 4xx or cannot be reached before DATA.
    pub retries: u32,
    /// Wait before the first retry; doubled for each next one.
    pub backoff: Duration,
}

impl Default for Patience {
    fn default() -> Self {
        Patience {
            deadline: Duration::from_secs(60),
            retries: 3,
            backoff: Duration::from_secs(1),
        }
    }
}

/// How sending one message ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The server accepted it (250 after the data).
    Sent,
    /// Not delivered: the server refused it, or it never reached DATA (the reason says why).
    NotSent(String),
    /// May have been delivered: the connection broke or timed out after the data began.
    Unknown(String),
}

/// One attempt's end, before retries are decided.
enum Attempt {
    Sent,
    /// A 4xx, or no connection, before the message could have been delivered.
    Again(String),
    /// A 5xx.
    Refused(String),
    Unknown(String),
}

/// The SMTP connection of a batch, opened when first needed and reused for every message
/// (reopened after it breaks).
pub struct Mailer {
    target: SmtpTarget,
    credentials: Option<Credentials>,
    patience: Patience,
    connection: Option<SmtpConnection>,
    /// Connections opened so far.
    pub connections: usize,
}

impl Mailer {
    /// A mailer for `target`; credentials come from the environment.
    pub fn new(target: SmtpTarget, patience: Patience) -> Result<Mailer, Error> {
        if target.tls != TlsMode::None {
            // refuse a host name TLS cannot check before any message is journaled
            TlsParameters::new(target.host.clone())
                .map_err(|e| Error::Usage(format!("TLS for {}: {e}", target.host)))?;
        }
        let credentials = match (
            std::env::var(SMTP_USERNAME_VAR),
            std::env::var(SMTP_PASSWORD_VAR),
        ) {
            (Ok(user), Ok(password)) => Some(Credentials::new(user, password)),
            _ => None,
        };
        Ok(Mailer {
            target,
            credentials,
            patience,
            connection: None,
            connections: 0,
        })
    }

    /// Sends `message` (its bytes as formatted) from `from` to `to`, retrying what may be
    /// retried. `intent` is called just before each DATA command (it journals the intent; an
    /// error from it stops before the data, and is returned).
    pub fn send(
        &mut self,
        from: &Address,
        to: &Address,
        message: &[u8],
        intent: &mut dyn FnMut() -> Result<(), Error>,
    ) -> Result<Outcome, Error> {
        let mut wait = self.patience.backoff;
        let mut attempt = 0;
        loop {
            match self.attempt(from, to, message, intent)? {
                Attempt::Sent => return Ok(Outcome::Sent),
                Attempt::Refused(reason) => return Ok(Outcome::NotSent(reason)),
                Attempt::Unknown(reason) => return Ok(Outcome::Unknown(reason)),
                Attempt::Again(reason) if attempt >= self.patience.retries => {
                    return Ok(Outcome::NotSent(reason));
                }
                Attempt::Again(_) => {
                    attempt += 1;
                    std::thread::sleep(wait);
                    wait = wait.saturating_mul(2);
                }
            }
        }
    }

    fn attempt(
        &mut self,
        from: &Address,
        to: &Address,
        message: &[u8],
        intent: &mut dyn FnMut() -> Result<(), Error>,
    ) -> Result<Attempt, Error> {
        let deadline = Instant::now() + self.patience.deadline;
        let mut connection = match self.connection.take() {
            Some(connection) if !connection.has_broken() => connection,
            _ => match self.connect(deadline) {
                Ok(connection) => connection,
                Err(reason) => return Ok(Attempt::Again(reason)),
            },
        };
        // before DATA nothing can have been delivered: every failure may be retried
        let before_data = |connection: &mut SmtpConnection| -> Result<(), Attempt> {
            let envelope = Envelope::new(Some(from.clone()), vec![to.clone()])
                .map_err(|e| Attempt::Refused(e.to_string()))?;
            let mut parameters = Vec::new();
            let non_ascii = !from.to_string().is_ascii() || !to.to_string().is_ascii();
            if non_ascii
                && connection
                    .server_info()
                    .supports_feature(Extension::SmtpUtfEight)
            {
                parameters.push(MailParameter::SmtpUtfEight);
            }
            if !message.is_ascii()
                && connection
                    .server_info()
                    .supports_feature(Extension::EightBitMime)
            {
                parameters.push(MailParameter::Body(MailBodyParameter::EightBitMime));
            }
            step(
                connection,
                deadline,
                Mail::new(envelope.from().cloned(), parameters),
            )?;
            step(connection, deadline, Rcpt::new(to.clone(), vec![]))?;
            Ok(())
        };
        if let Err(failed) = before_data(&mut connection) {
            self.keep(connection);
            return Ok(failed);
        }
        if let Err(error) = intent() {
            self.keep(connection);
            return Err(error);
        }
        if let Err(failed) = step(&mut connection, deadline, Data) {
            // DATA refused or unanswered: the data was never sent
            self.keep(connection);
            return Ok(failed);
        }
        // the data and its terminator in one write: no small last packet held back by Nagle
        let left = match remaining(deadline) {
            Ok(left) => left,
            Err(reason) => {
                connection.abort();
                return Ok(Attempt::Unknown(reason));
            }
        };
        if let Err(e) = connection.set_timeout(Some(left)) {
            connection.abort();
            return Ok(Attempt::Unknown(e.to_string()));
        }
        match connection.command(Stuffed(message)) {
            Ok(_) => {
                self.connection = Some(connection);
                Ok(Attempt::Sent)
            }
            // the server answered after the data: refused, not delivered
            Err(e) if e.is_transient() => {
                self.keep(connection);
                Ok(Attempt::Again(first_line(&e.to_string())))
            }
            Err(e) if e.is_permanent() => {
                self.keep(connection);
                Ok(Attempt::Refused(first_line(&e.to_string())))
            }
            // no answer (timeout, broken connection): it may have been delivered
            Err(e) => {
                connection.abort();
                Ok(Attempt::Unknown(first_line(&e.to_string())))
            }
        }
    }

    fn connect(&mut self, deadline: Instant) -> Result<SmtpConnection, String> {
        let left = remaining(deadline)?;
        let client = ClientId::Domain("localhost".into());
        let tls = |host: &str| TlsParameters::new(host.to_string()).map_err(|e| e.to_string());
        let implicit = match self.target.tls {
            TlsMode::Implicit => Some(tls(&self.target.host)?),
            _ => None,
        };
        let mut connection = SmtpConnection::connect(
            (self.target.host.as_str(), self.target.port),
            Some(left),
            &client,
            implicit.as_ref(),
            None,
        )
        .map_err(|e| first_line(&e.to_string()))?;
        self.connections += 1;
        if self.target.tls == TlsMode::StartTls {
            if !connection.can_starttls() {
                return Err(format!(
                    "{} does not offer STARTTLS (use --tls none only for a loopback test server)",
                    self.target.host
                ));
            }
            connection
                .starttls(&tls(&self.target.host)?, &client)
                .map_err(|e| first_line(&e.to_string()))?;
        }
        if let Some(credentials) = &self.credentials {
            connection
                .auth(&[Mechanism::Plain, Mechanism::Login], credentials)
                .map_err(|e| first_line(&e.to_string()))?;
        }
        Ok(connection)
    }

    /// Keeps a connection that can serve the next message (after `RSET`), drops a broken one.
    fn keep(&mut self, mut connection: SmtpConnection) {
        let _ = connection.set_timeout(Some(Duration::from_secs(10)));
        if !connection.has_broken() && connection.command(Rset).is_ok() {
            self.connection = Some(connection);
        } else {
            connection.abort();
        }
    }

    /// Ends the session politely.
    pub fn close(&mut self) {
        if let Some(mut connection) = self.connection.take() {
            let _ = connection.set_timeout(Some(Duration::from_secs(5)));
            let _ = connection.command(Quit);
        }
    }
}

impl Drop for Mailer {
    fn drop(&mut self) {
        self.close();
    }
}

/// One command before the data, within the deadline: a 5xx refuses the message, anything else
/// (4xx, timeout, broken connection) may be tried again.
fn step<C: fmt::Display>(
    connection: &mut SmtpConnection,
    deadline: Instant,
    command: C,
) -> Result<(), Attempt> {
    let left = remaining(deadline).map_err(Attempt::Again)?;
    connection
        .set_timeout(Some(left))
        .map_err(|e| Attempt::Again(e.to_string()))?;
    match connection.command(command) {
        Ok(_) => Ok(()),
        Err(e) if e.is_permanent() => Err(Attempt::Refused(first_line(&e.to_string()))),
        Err(e) => Err(Attempt::Again(first_line(&e.to_string()))),
    }
}

/// Time left before `deadline`, or the reason there is none.
fn remaining(deadline: Instant) -> Result<Duration, String> {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        Err("timed out (the message's deadline passed)".to_string())
    } else {
        Ok(left)
    }
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or("send failed").to_string()
}

/// A message as SMTP data: lines that start with `.` doubled (RFC 5321 4.5.2), then the
/// terminating `.` line.
struct Stuffed<'a>(&'a [u8]);

impl fmt::Display for Stuffed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = String::from_utf8_lossy(self.0);
        let mut start_of_line = true;
        for c in text.chars() {
            if start_of_line && c == '.' {
                f.write_str(".")?;
            }
            let mut buf = [0; 4];
            f.write_str(c.encode_utf8(&mut buf))?;
            start_of_line = c == '\n';
        }
        f.write_str(if text.ends_with("\r\n") {
            ".\r\n"
        } else {
            "\r\n.\r\n"
        })
    }
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
        let v6 = parse_smtp_url("smtp://[::1]:25", Some(TlsMode::None)).unwrap();
        assert_eq!((v6.host.as_str(), v6.port), ("::1", 25));
        let query = parse_smtp_url("smtp://mail.example.com:587/?tls=required", None).unwrap();
        assert_eq!((query.port, query.tls), (587, TlsMode::StartTls));
        assert_eq!(
            parse_smtp_url("smtp://127.0.0.1:2525?tls=none", None)
                .unwrap()
                .tls,
            TlsMode::None
        );
        assert!(parse_smtp_url("smtp://x?tls=maybe", None).is_err());
        assert!(parse_smtp_url("smtp://:25", None).is_err());
    }

    #[test]
    fn eml_names_are_safe() {
        assert_eq!(eml_name(3, "a.b@example.com"), "0003-a.b@example.com.eml");
        assert_eq!(eml_name(4, "../x/y@z"), "0004-.._x_y@z.eml");
    }

    #[test]
    fn data_is_dot_stuffed_and_terminated_once() {
        assert_eq!(
            Stuffed(b"a\r\n.b\r\n..c\r\n").to_string(),
            "a\r\n..b\r\n...c\r\n.\r\n"
        );
        assert_eq!(Stuffed(b".x").to_string(), "..x\r\n.\r\n");
    }
}
