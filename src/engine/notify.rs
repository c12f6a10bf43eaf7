//! `notify`: compose a notice for each recipient, write the `.eml` files and optionally send
//! them at most once: the journal ([`crate::notice::journal`]) makes a re-run skip what was sent
//! and report, not resend, what may have been.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use lettre::message::Mailbox;

use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Error;
use crate::notice::journal::{Journal, JournalEntry, Standing, Status};
use crate::notice::{Notice, delivery};
use crate::output::OutputDir;
use crate::render::email::{self, EmailContext};

use super::Project;

/// What to notify.
#[derive(Debug, Clone)]
pub struct NotifyPlan {
    /// The notice (`content/notices/<NOTICE>.toml`).
    pub notice: String,
    /// Recipients: CSV with a header line, or a JSON array of objects.
    pub recipients: PathBuf,
    /// Output directory for the `.eml` files and the journal.
    pub out: PathBuf,
    /// SMTP server URL (`smtp://host:port`, `smtps://host:port`).
    pub smtp: Option<String>,
    /// TLS mode for `smtp`.
    pub tls: Option<delivery::TlsMode>,
    /// Sender overriding the notice's.
    pub from: Option<String>,
    /// Say what would go where; write and send nothing.
    pub dry_run: bool,
    /// Send again the messages the journal says may have been delivered.
    pub resend_unknown: bool,
    /// Deadline, retries and backoff of each message.
    pub patience: delivery::Patience,
    /// Set (by a Ctrl-C handler) to stop after the message in flight.
    pub interrupt: Option<Arc<AtomicBool>>,
}

/// Something the caller may want to show, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotifyEvent {
    /// Dry run: a message that would be written (`send: false`) or sent.
    Would {
        /// Sent through SMTP rather than only written.
        send: bool,
        /// Recipient address.
        to: String,
        /// Negotiated locale.
        locale: String,
        /// Subject line.
        subject: String,
    },
    /// The server refused a message, or it could not be sent (journaled as failed; a re-run
    /// tries it again).
    Refused {
        /// Line of the recipient row.
        line: usize,
        /// Recipient address.
        to: String,
        /// The server's reason.
        reason: String,
    },
    /// A message may have been delivered: the connection broke or timed out after its data was
    /// sent, now (`reason`) or in an earlier run. It is not sent again unless asked.
    Unknown {
        /// Line of the recipient row.
        line: usize,
        /// Recipient address.
        to: String,
        /// What happened.
        reason: String,
    },
}

/// What `notify` did.
#[derive(Debug, Default)]
pub struct NotifyReport {
    /// The notice's name.
    pub notice: String,
    /// Recipient rows read (usable or not).
    pub rows: usize,
    /// Messages written as `.eml`.
    pub written: usize,
    /// Messages sent now.
    pub sent: usize,
    /// Messages a journal says were sent before.
    pub skipped: usize,
    /// Messages the server refused or that could not be sent.
    pub failed: usize,
    /// Messages that may have been delivered (now or in an earlier run) and were not resent.
    pub unknown: usize,
    /// SMTP connections opened.
    pub connections: usize,
    /// Stopped by an interrupt after the message in flight.
    pub interrupted: bool,
    /// Bytes of a torn last journal line cut off (a crash while writing it).
    pub journal_repaired: usize,
    /// Whether messages went to a server.
    pub delivered: bool,
    /// Where the `.eml` files are.
    pub dir: PathBuf,
    /// Rows rejected and warnings about rows, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// Dry-run lines and refusals.
    pub events: Vec<NotifyEvent>,
}

/// Composes, writes and (with `plan.smtp`) sends the notice to every recipient.
pub fn notify(project: &Project, plan: &NotifyPlan) -> Result<NotifyReport, Error> {
    let content = &project.settings.content;
    let notice = Notice::load(content, &plan.notice)?;
    let from_text = plan.from.clone().unwrap_or_else(|| notice.from.clone());
    let from: Mailbox = from_text
        .parse()
        .map_err(|e| Error::Usage(format!("sender `{from_text}`: {e}")))?;
    let (recipients, mut diagnostics) = crate::notice::read_recipients(&plan.recipients, &notice)?;
    let index = project.index()?;
    let library = super::build::load_library(project, &index, std::slice::from_ref(&notice));
    let context = EmailContext {
        strings: &project.strings,
        templates: &project.templates,
        library: &library,
    };
    let target = match &plan.smtp {
        Some(url) => Some(delivery::parse_smtp_url(url, plan.tls)?),
        None => None,
    };
    let out = if plan.dry_run {
        None
    } else {
        Some(OutputDir::create(&plan.out, content)?)
    };
    let mut mailer = match (&target, plan.dry_run) {
        (Some(target), false) => Some(delivery::Mailer::new(target.clone(), plan.patience)?),
        _ => None,
    };
    // locked for the whole run: a second run of the same notice refuses to start
    let mut journal = match (&out, &mailer) {
        (Some(out), Some(_)) => Some(Journal::open(out, &notice.name)?),
        _ => None,
    };
    let mut report = NotifyReport {
        notice: notice.name.clone(),
        rows: recipients.len() + diagnostics.len(),
        delivered: mailer.is_some(),
        journal_repaired: journal.as_ref().map_or(0, |j| j.repaired),
        dir: plan.out.join("notices").join(&notice.name),
        ..NotifyReport::default()
    };
    let warn = |line: usize, message: &str| {
        Diagnostic::at(
            &plan.recipients,
            (line, 1),
            Severity::Warning,
            "recipient",
            message.to_string(),
        )
    };
    for recipient in &recipients {
        if plan
            .interrupt
            .as_ref()
            .is_some_and(|flag| flag.load(Ordering::SeqCst))
        {
            report.interrupted = true;
            break;
        }
        let composed = match email::compose(&notice, recipient, &context) {
            Ok(composed) => composed,
            Err(message) => {
                diagnostics.push(crate::notice::row_diagnostic(
                    &plan.recipients,
                    recipient.line,
                    message,
                ));
                continue;
            }
        };
        for warning in &composed.warnings {
            diagnostics.push(warn(recipient.line, warning));
        }
        let id = email::message_id(&notice, recipient, &composed.to, &email::domain(&from));
        if plan.dry_run {
            report.events.push(NotifyEvent::Would {
                send: target.is_some(),
                to: composed.to.to_string(),
                locale: composed.locale.to_string(),
                subject: composed.subject.clone(),
            });
            continue;
        }
        let message =
            match email::to_message(&composed, &from, std::time::SystemTime::now(), id.clone()) {
                Ok(message) => message,
                Err(message) => {
                    diagnostics.push(crate::notice::row_diagnostic(
                        &plan.recipients,
                        recipient.line,
                        message,
                    ));
                    continue;
                }
            };
        let Some(out) = out.as_ref() else {
            continue;
        };
        let name = delivery::eml_name(recipient.line, composed.to.email.as_ref());
        // the bytes written are the bytes sent
        let formatted = message.formatted();
        out.write(
            &Path::new("notices").join(&notice.name).join(name),
            &formatted,
        )?;
        report.written += 1;
        let (Some(mailer), Some(journal)) = (mailer.as_mut(), journal.as_mut()) else {
            continue;
        };
        let to = composed.to.email.to_string();
        let entry = |status, reason: &str| JournalEntry {
            message_id: id.clone(),
            recipient: to.clone(),
            line: recipient.line,
            status,
            reason: reason.to_string(),
        };
        match journal.standing(&id) {
            Standing::Sent => {
                report.skipped += 1;
                continue;
            }
            Standing::Unknown if !plan.resend_unknown => {
                report.unknown += 1;
                report.events.push(NotifyEvent::Unknown {
                    line: recipient.line,
                    to,
                    reason: "an earlier run stopped after sending its data; not sent again (--resend-unknown sends it)".to_string(),
                });
                continue;
            }
            Standing::Unsent | Standing::Unknown => {}
        }
        let outcome = {
            let mut intent = || journal.record(entry(Status::Sending, ""));
            mailer.send(&from.email, &composed.to.email, &formatted, &mut intent)?
        };
        match outcome {
            delivery::Outcome::Sent => {
                journal.record(entry(Status::Sent, ""))?;
                report.sent += 1;
            }
            delivery::Outcome::NotSent(reason) => {
                journal.record(entry(Status::Failed, &reason))?;
                report.failed += 1;
                report.events.push(NotifyEvent::Refused {
                    line: recipient.line,
                    to,
                    reason,
                });
            }
            delivery::Outcome::Unknown(reason) => {
                journal.record(entry(Status::Unknown, &reason))?;
                report.unknown += 1;
                report.events.push(NotifyEvent::Unknown {
                    line: recipient.line,
                    to,
                    reason: format!("{reason}; it may have been delivered and is not sent again (--resend-unknown sends it)"),
                });
            }
        }
    }
    if let Some(mailer) = mailer.as_mut() {
        mailer.close();
        report.connections = mailer.connections;
    }
    crate::diagnostic::sort(&mut diagnostics);
    report.diagnostics = diagnostics;
    Ok(report)
}
