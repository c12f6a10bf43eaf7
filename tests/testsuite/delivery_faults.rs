//! Notices under real faults, against a fault-injecting SMTP server on loopback: refusals,
//! 4xx then accept, a connection dropped after the data, a stalled server, a server that goes
//! away; one connection per batch; two runs at once; SIGINT and kill -9 at random points of a
//! batch. Whatever happens, no recipient gets a notice twice unless `--resend-unknown` says so,
//! and every message that may have been delivered is reported.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common;

/// A loopback SMTP server whose behaviour depends on the recipient's local part:
/// `reject…` is refused at RCPT (550), `later…` gets 451 after its first data and 250 after
/// that, `drop…` has its connection closed after its first data (no reply), `cut…` has it
/// closed in the middle of its first data, `stall…` gets no reply to its first data for
/// `stall`; everyone else gets 250 after `delay`. With `crash_after`
/// the server closes every connection after that many accepted messages.
struct FaultServer {
    port: u16,
    /// Every message whose data arrived completely, by recipient (whatever the reply was).
    data: Arc<Mutex<HashMap<String, usize>>>,
    connections: Arc<AtomicUsize>,
}

#[derive(Clone, Copy)]
struct Behaviour {
    delay: Duration,
    stall: Duration,
    crash_after: Option<usize>,
}

impl Default for Behaviour {
    fn default() -> Self {
        Behaviour {
            delay: Duration::ZERO,
            stall: Duration::from_secs(3),
            crash_after: None,
        }
    }
}

impl FaultServer {
    fn start(behaviour: Behaviour) -> FaultServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let data = Arc::new(Mutex::new(HashMap::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let accepted = Arc::new(AtomicUsize::new(0));
        let seen = Arc::new(Mutex::new(HashMap::<String, usize>::new()));
        let (data2, connections2) = (data.clone(), connections.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                connections2.fetch_add(1, Ordering::SeqCst);
                let (data, accepted, seen) = (data2.clone(), accepted.clone(), seen.clone());
                std::thread::spawn(move || {
                    let _ = session(stream, behaviour, &data, &accepted, &seen);
                });
            }
        });
        FaultServer {
            port,
            data,
            connections,
        }
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    fn count(&self, address: &str) -> usize {
        self.data.lock().unwrap().get(address).copied().unwrap_or(0)
    }
}

fn session(
    stream: TcpStream,
    behaviour: Behaviour,
    data: &Mutex<HashMap<String, usize>>,
    accepted: &AtomicUsize,
    seen: &Mutex<HashMap<String, usize>>,
) -> std::io::Result<()> {
    let mut out = stream.try_clone()?;
    let mut lines = BufReader::new(stream);
    out.write_all(b"220 faults.test ESMTP\r\n")?;
    let mut rcpt = String::new();
    let mut served = 0;
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
        match verb.as_str() {
            "EHLO" => out.write_all(b"250-faults.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")?,
            "MAIL" | "RSET" | "NOOP" => out.write_all(b"250 OK\r\n")?,
            "RCPT" => {
                rcpt = line
                    .split(['<', '>'])
                    .nth(1)
                    .unwrap_or("")
                    .to_ascii_lowercase();
                if rcpt.starts_with("reject") {
                    out.write_all(b"550 5.1.1 no such mailbox\r\n")?;
                } else {
                    out.write_all(b"250 OK\r\n")?;
                }
            }
            "DATA" => {
                out.write_all(b"354 go ahead\r\n")?;
                if rcpt.starts_with("cut") && !seen.lock().unwrap().contains_key(&rcpt) {
                    // gone in the middle of the data: the message never arrived whole
                    seen.lock().unwrap().insert(rcpt.clone(), 0);
                    line.clear();
                    lines.read_line(&mut line)?;
                    return Ok(());
                }
                loop {
                    line.clear();
                    if lines.read_line(&mut line)? == 0 {
                        return Ok(());
                    }
                    if line == ".\r\n" {
                        break;
                    }
                }
                *data.lock().unwrap().entry(rcpt.clone()).or_insert(0) += 1;
                let attempt = {
                    let mut seen = seen.lock().unwrap();
                    let n = seen.entry(rcpt.clone()).or_insert(0);
                    *n += 1;
                    *n
                };
                if rcpt.starts_with("later") && attempt == 1 {
                    out.write_all(b"451 4.3.0 try again later\r\n")?;
                    continue;
                }
                if rcpt.starts_with("drop") && attempt == 1 {
                    return Ok(());
                }
                if rcpt.starts_with("stall") && attempt == 1 {
                    std::thread::sleep(behaviour.stall);
                    return Ok(());
                }
                std::thread::sleep(behaviour.delay);
                out.write_all(b"250 2.0.0 queued\r\n")?;
                accepted.fetch_add(1, Ordering::SeqCst);
                served += 1;
                if behaviour.crash_after.is_some_and(|n| served >= n) {
                    return Ok(());
                }
            }
            "QUIT" => {
                out.write_all(b"221 bye\r\n")?;
                return Ok(());
            }
            _ => out.write_all(b"502 5.5.2 not implemented\r\n")?,
        }
    }
}

const HEADER: &str = "name,address,alternate_address,language,organization,helpdesk_phone,helpdesk_url,incident_date,reference";

/// A recipients file with one row per address (line 2 onwards).
fn recipients(dir: &Path, addresses: &[&str]) -> PathBuf {
    let mut text = format!("{HEADER}\n");
    for (n, address) in addresses.iter().enumerate() {
        text.push_str(&format!(
            "Person {n},{address},,en-US,Contoso,+1 555 0100,https://help.example.com,2026-11-20,INC-{n}\n"
        ));
    }
    let path = dir.join("recipients.csv");
    std::fs::write(&path, text).unwrap();
    path
}

fn notify_command(
    server: &FaultServer,
    list: &Path,
    out: &Path,
    extra: &[&str],
) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kbgen"));
    command
        .current_dir(common::repo())
        .args([
            "notify",
            "account-compromised",
            "--recipients",
            list.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--smtp",
            &server.url(),
            "--tls",
            "none",
            "--timeout",
            "1",
        ])
        .args(extra);
    command
}

fn notify(server: &FaultServer, list: &Path, out: &Path, extra: &[&str]) -> (i32, String, String) {
    let output = notify_command(server, list, out, extra).output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).to_string(),
        String::from_utf8_lossy(&output.stderr).to_string(),
    )
}

#[test]
fn refusals_retries_drops_and_stalls_each_end_as_they_should() {
    let server = FaultServer::start(Behaviour::default());
    let dir = tempfile::tempdir().unwrap();
    let list = recipients(
        dir.path(),
        &[
            "ok1@example.com",
            "reject@example.com",
            "later@example.com",
            "drop@example.com",
            "stall@example.com",
            "ok2@example.com",
            "cut@example.com",
        ],
    );
    let out = dir.path().join("out");
    let (code, stdout, stderr) = notify(&server, &list, &out, &[]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    // 550: refused and journaled failed; 451: retried and delivered once; dropped and stalled
    // after the data: unknown; the batch went on after each
    assert!(
        stdout.contains("3 sent, 0 already sent before, 1 failed, 3 unknown"),
        "{stdout}"
    );
    assert!(
        stderr.contains("recipients.csv:3:1: error[delivery]: reject@example.com not sent: "),
        "{stderr}"
    );
    assert!(
        stderr.contains("recipients.csv:5:1: warning[delivery-unknown]: drop@example.com: "),
        "{stderr}"
    );
    assert!(
        stderr.contains("recipients.csv:6:1: warning[delivery-unknown]: stall@example.com: "),
        "{stderr}"
    );
    for (address, times) in [
        ("ok1@example.com", 1),
        ("reject@example.com", 0),
        ("later@example.com", 2), // the 451'd data, then the accepted one
        ("drop@example.com", 1),
        ("stall@example.com", 1),
        ("ok2@example.com", 1),
        ("cut@example.com", 0), // cut off mid-data: kbgen cannot know, so unknown
    ] {
        assert_eq!(server.count(address), times, "{address}");
    }
    // a re-run sends nothing that was or may have been delivered: only the refused one again
    let (_, stdout, stderr) = notify(&server, &list, &out, &[]);
    assert!(
        stdout.contains("0 sent, 3 already sent before, 1 failed, 3 unknown"),
        "{stdout}"
    );
    assert!(
        stderr.contains("drop@example.com: an earlier run stopped after sending its data"),
        "{stderr}"
    );
    assert_eq!(server.count("drop@example.com"), 1);
    assert_eq!(server.count("stall@example.com"), 1);
    // asked to, it resends the unknown ones (the server now accepts them)
    let (code, stdout, _) = notify(&server, &list, &out, &["--resend-unknown"]);
    assert!(
        stdout.contains("3 sent, 3 already sent before, 1 failed, 0 unknown"),
        "{stdout}"
    );
    assert_eq!(code, 1, "the refused one still fails");
    assert_eq!(server.count("drop@example.com"), 2);
    assert_eq!(server.count("stall@example.com"), 2);
    assert_eq!(server.count("cut@example.com"), 1);
}

#[test]
fn a_journal_that_cannot_be_written_stops_before_anything_is_sent() {
    let server = FaultServer::start(Behaviour::default());
    let dir = tempfile::tempdir().unwrap();
    let list = recipients(dir.path(), &["a@example.com", "b@example.com"]);
    let out = dir.path().join("out");
    // the journal's place is taken by a directory: it cannot be opened for appending
    std::fs::create_dir_all(out.join("notices/account-compromised/journal.jsonl")).unwrap();
    let (code, stdout, stderr) = notify(&server, &list, &out, &[]);
    assert_eq!(code, 2, "{stdout}\n{stderr}");
    assert!(stderr.contains("journal.jsonl"), "{stderr}");
    assert_eq!(
        server.count("a@example.com") + server.count("b@example.com"),
        0
    );
    assert_eq!(
        server.connections.load(Ordering::SeqCst),
        0,
        "not even connected"
    );
}

#[test]
fn one_connection_serves_a_batch_and_a_server_that_goes_away_is_reconnected() {
    let addresses: Vec<String> = (0..12).map(|n| format!("user{n}@example.com")).collect();
    let refs: Vec<&str> = addresses.iter().map(String::as_str).collect();
    let dir = tempfile::tempdir().unwrap();
    let list = recipients(dir.path(), &refs);

    let server = FaultServer::start(Behaviour::default());
    let (code, stdout, stderr) = notify(&server, &list, &dir.path().join("a"), &[]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(
        stdout.contains("12 sent") && stdout.contains("1 SMTP connection(s)"),
        "{stdout}"
    );
    assert_eq!(server.connections.load(Ordering::SeqCst), 1);

    // a server that closes the connection after every 5 messages: reopened before the next
    // message's MAIL, so nothing is lost or sent twice
    let crashing = FaultServer::start(Behaviour {
        crash_after: Some(5),
        ..Behaviour::default()
    });
    let (code, stdout, stderr) = notify(&crashing, &list, &dir.path().join("b"), &[]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("12 sent"), "{stdout}");
    for address in &addresses {
        assert_eq!(crashing.count(address), 1, "{address}");
    }
    assert_eq!(crashing.connections.load(Ordering::SeqCst), 3);
}

#[test]
fn a_second_run_of_the_same_notice_waits_its_turn() {
    let server = FaultServer::start(Behaviour {
        delay: Duration::from_millis(300),
        ..Behaviour::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let addresses: Vec<String> = (0..6).map(|n| format!("user{n}@example.com")).collect();
    let refs: Vec<&str> = addresses.iter().map(String::as_str).collect();
    let list = recipients(dir.path(), &refs);
    let out = dir.path().join("out");
    let mut first = notify_command(&server, &list, &out, &[])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // wait until the first run holds the lock (its first message arrived)
    while server.count("user0@example.com") == 0 {
        std::thread::sleep(Duration::from_millis(20));
    }
    let (code, _, stderr) = notify(&server, &list, &out, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("is running (the journal is locked)"),
        "{stderr}"
    );
    assert!(first.wait().unwrap().success());
    for address in &addresses {
        assert_eq!(server.count(address), 1, "{address}");
    }
}

#[test]
fn a_damaged_journal_stops_the_run_and_a_torn_line_is_repaired() {
    let server = FaultServer::start(Behaviour::default());
    let dir = tempfile::tempdir().unwrap();
    let list = recipients(dir.path(), &["a@example.com", "b@example.com"]);
    let out = dir.path().join("out");
    let journal = out.join("notices/account-compromised/journal.jsonl");
    std::fs::create_dir_all(journal.parent().unwrap()).unwrap();
    std::fs::write(&journal, "{\"message_id\":\"<1@x>\",\"recipient\":\"a@example.com\",\"line\":2,\"status\":\"sent\"}\nnonsense\n").unwrap();
    let (code, _, stderr) = notify(&server, &list, &out, &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("journal.jsonl:2:"), "{stderr}");
    assert_eq!(
        server.count("a@example.com") + server.count("b@example.com"),
        0,
        "nothing sent"
    );
    // a torn last line (a crash while writing) is cut off, and the run goes on
    std::fs::write(&journal, "{\"message_id\":\"<1@x>\",\"recip").unwrap();
    let (code, stdout, stderr) = notify(&server, &list, &out, &[]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(
        stderr.contains("the journal's last line was torn"),
        "{stderr}"
    );
    let text = std::fs::read_to_string(&journal).unwrap();
    assert!(
        text.lines()
            .all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()),
        "{text}"
    );
}

/// Starts a batch, stops it with `signal` after `after`, runs it again without and then with
/// `--resend-unknown`, and checks every recipient got the notice exactly once, or at most once
/// with the rest reported unknown.
fn interrupted_batch(signal: &str, after: Duration) -> (i32, usize, usize) {
    let server = FaultServer::start(Behaviour {
        delay: Duration::from_millis(40),
        ..Behaviour::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let addresses: Vec<String> = (0..15).map(|n| format!("user{n}@example.com")).collect();
    let refs: Vec<&str> = addresses.iter().map(String::as_str).collect();
    let list = recipients(dir.path(), &refs);
    let out = dir.path().join("out");
    let mut child = notify_command(&server, &list, &out, &[])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(after);
    let _ = std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status();
    let status = child.wait().unwrap().code().unwrap_or(-1);
    let before: usize = addresses.iter().map(|a| server.count(a)).sum();
    // a re-run resends nothing that was or may have been delivered
    let (_, stdout, stderr) = notify(&server, &list, &out, &[]);
    let unknown = stderr.matches("warning[delivery-unknown]").count();
    for address in &addresses {
        let got = server.count(address);
        assert!(
            got <= 1,
            "{signal} after {after:?}: {address} got {got}\n{stdout}\n{stderr}"
        );
    }
    // everyone not reported unknown got it exactly once
    for address in &addresses {
        if !stderr.contains(&format!("{address}:")) {
            assert_eq!(server.count(address), 1, "{address}\n{stderr}");
        }
    }
    (status, unknown, before)
}

#[test]
fn ctrl_c_finishes_the_message_in_flight_and_nothing_is_sent_twice() {
    let mut stopped_mid_batch = 0;
    for after in [150, 400, 700] {
        let (status, unknown, before) = interrupted_batch("-INT", Duration::from_millis(after));
        // a graceful stop: exit 130, the message in flight journaled, nothing unknown
        assert!(status == 130 || status == 0, "exit {status}");
        assert_eq!(
            unknown, 0,
            "SIGINT after {after} ms left an unknown message"
        );
        if status == 130 && before > 0 && before < 15 {
            stopped_mid_batch += 1;
        }
    }
    assert!(
        stopped_mid_batch > 0,
        "no SIGINT landed in the middle of a batch"
    );
}

#[test]
fn kill_9_at_any_point_never_sends_a_notice_twice() {
    let mut seed = u64::from(std::process::id());
    let mut killed_mid_batch = 0;
    for _ in 0..5 {
        // a small LCG: random points, reproducible from the printed delays
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let after = 100 + (seed >> 33) % 700;
        eprintln!("kill -9 after {after} ms");
        let (status, _, before) = interrupted_batch("-KILL", Duration::from_millis(after));
        if status == -1 && before > 0 && before < 15 {
            killed_mid_batch += 1;
        }
    }
    assert!(
        killed_mid_batch > 0,
        "no kill landed in the middle of a batch"
    );
}
