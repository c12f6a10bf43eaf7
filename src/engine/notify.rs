//! `notify`: compose a notice for each recipient, write the `.eml` files and optionally send
//! them, with a journal that makes a re-run skip what was sent.

use std::path::{Path, PathBuf};

use lettre::message::Mailbox;

use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Error;
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
    /// The server refused a message (journaled as failed).
    Refused {
        /// Line of the recipient row.
        line: usize,
        /// Recipient address.
        to: String,
        /// The server's reason.
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
    /// Messages the server refused.
    pub failed: usize,
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
    let transport = match (&target, plan.dry_run) {
        (Some(target), false) => Some(delivery::transport(target)?),
        _ => None,
    };
    let mut journal = match (&out, &transport) {
        (Some(out), Some(_)) => Some(delivery::Journal::open(out, &notice.name)?),
        _ => None,
    };
    let mut report = NotifyReport {
        notice: notice.name.clone(),
        rows: recipients.len() + diagnostics.len(),
        delivered: transport.is_some(),
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
        let id = email::message_id(&notice, recipient, &email::domain(&from));
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
        out.write(
            &Path::new("notices").join(&notice.name).join(name),
            &message.formatted(),
        )?;
        report.written += 1;
        if let (Some(transport), Some(journal)) = (&transport, journal.as_mut()) {
            if journal.was_sent(&id) {
                report.skipped += 1;
                continue;
            }
            let result = delivery::send(transport, &message);
            let (status, reason) = match &result {
                Ok(()) => ("sent", String::new()),
                Err(reason) => ("failed", reason.clone()),
            };
            journal.record(
                out,
                delivery::JournalEntry {
                    message_id: id,
                    recipient: composed.to.email.to_string(),
                    line: recipient.line,
                    status: status.to_string(),
                    reason: reason.clone(),
                },
            )?;
            match result {
                Ok(()) => report.sent += 1,
                Err(_) => {
                    report.failed += 1;
                    report.events.push(NotifyEvent::Refused {
                        line: recipient.line,
                        to: composed.to.email.to_string(),
                        reason,
                    });
                }
            }
        }
    }
    crate::diagnostic::sort(&mut diagnostics);
    report.diagnostics = diagnostics;
    Ok(report)
}
