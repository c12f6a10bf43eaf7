//! The delivery journal of one notice: what happened to each message, so that a re-run never
//! sends a message twice.
//!
//! `<out>/notices/<notice>/journal.jsonl` has one JSON line per event, each synced to disk
//! before kbgen goes on: `sending` (the intent, written before the SMTP DATA command), then `sent`
//! (the server's 250), `failed` (the server refused, or the message never reached DATA: it was
//! not delivered) or `unknown` (the connection broke or timed out after DATA began: it may have
//! been delivered). A `sending` with nothing after it (a crash, a kill) is unknown too.
//!
//! The journal is locked for the whole run (an advisory lock: a second `notify` of the same
//! notice refuses to start), opened without following symlinks, a torn last line (a crash while
//! writing) is cut off before anything is appended, and a damaged line in the middle stops the
//! run with its line number rather than being skipped.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::output::OutputDir;

/// What happened to a message in an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// About to send DATA (the intent).
    Sending,
    /// The server accepted it (250 after DATA).
    Sent,
    /// Not delivered: refused by the server, or stopped before DATA.
    Failed,
    /// May have been delivered: the connection broke or timed out after DATA began.
    Unknown,
}

/// One journal line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// The message's Message-ID.
    pub message_id: String,
    /// Where it went.
    pub recipient: String,
    /// Line of the recipient in the recipients file.
    pub line: usize,
    /// What happened.
    pub status: Status,
    /// Why it failed or is unknown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// Where a message stands after the journal's earlier runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Never tried, or tried and not delivered: send it.
    Unsent,
    /// Delivered: never send it again.
    Sent,
    /// May have been delivered: send it again only when asked (`--resend-unknown`).
    Unknown,
}

/// The locked journal of one notice.
#[derive(Debug)]
pub struct Journal {
    file: File,
    path: PathBuf,
    standing: HashMap<String, Standing>,
    /// Bytes of a torn last line cut off when it was opened.
    pub repaired: usize,
}

impl Journal {
    /// The journal's path below the output directory.
    pub fn relative(notice: &str) -> PathBuf {
        Path::new("notices").join(notice).join("journal.jsonl")
    }

    /// Opens and locks the journal of `notice` below `out`, reads it, and cuts off a torn last
    /// line. Another run holding the lock, or a damaged line, is an error.
    pub fn open(out: &OutputDir, notice: &str) -> Result<Journal, Error> {
        let relative = Self::relative(notice);
        let path = out.root().join(&relative);
        let io = |source| Error::Io {
            path: path.clone(),
            source,
        };
        let mut file = out.open_append(&relative)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(Error::Usage(format!(
                    "{}: another `kbgen notify {notice}` is running (the journal is locked); wait for it to finish",
                    path.display()
                )));
            }
            Err(std::fs::TryLockError::Error(source)) => return Err(io(source)),
        }
        let mut bytes = Vec::new();
        file.rewind().map_err(io)?;
        file.read_to_end(&mut bytes).map_err(io)?;
        let whole = bytes
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |at| at + 1);
        let repaired = bytes.len() - whole;
        if repaired > 0 {
            // a crash while writing the last line: its event did not complete (a torn `sending`
            // means DATA never began; a torn outcome leaves the `sending` before it: unknown)
            file.set_len(whole as u64).map_err(io)?;
            file.sync_data().map_err(io)?;
        }
        let text = std::str::from_utf8(&bytes[..whole]).map_err(|e| {
            let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
            Error::Usage(format!(
                "{}:{line}:1: the delivery journal is damaged (not UTF-8); repair or remove the line",
                path.display()
            ))
        })?;
        let mut standing = HashMap::new();
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let entry: JournalEntry = serde_json::from_str(line).map_err(|e| {
                Error::Usage(format!(
                    "{}:{}:{}: the delivery journal is damaged ({e}); repair or remove the line, kbgen will not guess what was sent",
                    path.display(),
                    n + 1,
                    e.column().max(1)
                ))
            })?;
            update(&mut standing, entry.message_id, entry.status);
        }
        Ok(Journal {
            file,
            path,
            standing,
            repaired,
        })
    }

    /// Where the message stands.
    pub fn standing(&self, message_id: &str) -> Standing {
        self.standing
            .get(message_id)
            .copied()
            .unwrap_or(Standing::Unsent)
    }

    /// The journal's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends an entry and syncs it to disk before returning.
    pub fn record(&mut self, entry: JournalEntry) -> Result<(), Error> {
        let mut line = serde_json::to_string(&entry).map_err(|e| Error::Usage(e.to_string()))?;
        line.push('\n');
        let io = |source| Error::Io {
            path: self.path.clone(),
            source,
        };
        self.file.write_all(line.as_bytes()).map_err(io)?;
        self.file.sync_data().map_err(io)?;
        update(&mut self.standing, entry.message_id, entry.status);
        Ok(())
    }
}

/// Moves a message to where `status` leaves it; once sent, it stays sent.
fn update(standing: &mut HashMap<String, Standing>, message_id: String, status: Status) {
    let now = match status {
        Status::Sent => Standing::Sent,
        Status::Sending | Status::Unknown => Standing::Unknown,
        Status::Failed => Standing::Unsent,
    };
    let previous = standing.entry(message_id).or_insert(now);
    if *previous != Standing::Sent {
        *previous = now;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out() -> (tempfile::TempDir, OutputDir) {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        let out = OutputDir::create(&dir.path().join("out"), &content).unwrap();
        (dir, out)
    }

    fn entry(id: &str, status: Status) -> JournalEntry {
        JournalEntry {
            message_id: id.into(),
            recipient: "a@example.com".into(),
            line: 2,
            status,
            reason: String::new(),
        }
    }

    #[test]
    fn a_message_stands_where_its_last_event_left_it() {
        let (_dir, out) = out();
        {
            let mut journal = Journal::open(&out, "n").unwrap();
            for (id, status) in [
                ("<1@x>", Status::Sending),
                ("<1@x>", Status::Failed),
                ("<2@x>", Status::Sending),
                ("<2@x>", Status::Sent),
                ("<3@x>", Status::Sending),
                ("<4@x>", Status::Sending),
                ("<4@x>", Status::Unknown),
                ("<2@x>", Status::Sending),
                ("<2@x>", Status::Failed),
            ] {
                journal.record(entry(id, status)).unwrap();
            }
        }
        let journal = Journal::open(&out, "n").unwrap();
        assert_eq!(journal.standing("<1@x>"), Standing::Unsent);
        assert_eq!(
            journal.standing("<2@x>"),
            Standing::Sent,
            "once sent, always sent"
        );
        assert_eq!(
            journal.standing("<3@x>"),
            Standing::Unknown,
            "intent without outcome"
        );
        assert_eq!(journal.standing("<4@x>"), Standing::Unknown);
        assert_eq!(journal.standing("<5@x>"), Standing::Unsent);
    }

    #[test]
    fn a_second_run_is_refused_while_the_first_holds_the_lock() {
        let (_dir, out) = out();
        let first = Journal::open(&out, "n").unwrap();
        let second = Journal::open(&out, "n").unwrap_err().to_string();
        assert!(
            second.contains("is running (the journal is locked)"),
            "{second}"
        );
        drop(first);
        assert!(Journal::open(&out, "n").is_ok());
    }

    #[test]
    fn a_torn_last_line_is_cut_and_a_damaged_one_stops_the_run() {
        let (_dir, out) = out();
        let path = out.root().join(Journal::relative("n"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let good = serde_json::to_string(&entry("<1@x>", Status::Sending)).unwrap();
        std::fs::write(&path, format!("{good}\n{{\"message_id\":\"<2@")).unwrap();
        {
            let mut journal = Journal::open(&out, "n").unwrap();
            assert!(journal.repaired > 0);
            journal.record(entry("<1@x>", Status::Sent)).unwrap();
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 2, "{text}");
        assert!(
            text.lines()
                .all(|l| serde_json::from_str::<JournalEntry>(l).is_ok())
        );
        std::fs::write(&path, format!("{good}\nnot json\n{good}\n")).unwrap();
        let error = Journal::open(&out, "n").unwrap_err().to_string();
        assert!(error.contains("journal.jsonl:2:"), "{error}");
        assert!(error.contains("damaged"), "{error}");
    }

    #[cfg(unix)]
    #[test]
    fn a_journal_that_is_a_symlink_is_refused() {
        let (dir, out) = out();
        let path = out.root().join(Journal::relative("n"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let outside = dir.path().join("outside.jsonl");
        std::fs::write(&outside, "").unwrap();
        std::os::unix::fs::symlink(&outside, &path).unwrap();
        assert!(Journal::open(&out, "n").is_err());
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "");
    }
}
