//! End-user notices: composition in every locale, real messages checked by Python's email
//! parser, delivery to a loopback SMTP server with a journal, and bad recipient rows.

use crate::common;

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use kbgen::notice::Notice;
use kbgen::render::email::{self, EmailContext};

fn kbgen(args: &[&str]) -> Output {
    common::kbgen(&common::repo(), args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

/// The notice `name` of the default content.
fn default_notice(name: &str) -> Notice {
    Notice::load_all(&common::repo().join("content"))
        .unwrap()
        .into_iter()
        .find(|n| n.name == name)
        .unwrap_or_else(|| panic!("no notice {name}"))
}

/// What composing a notice of the default content needs: its library, strings, templates.
fn email_inputs() -> (
    std::collections::BTreeMap<String, kbgen::library::Versions>,
    kbgen::l10n::Strings,
    kbgen::templates::Templates,
) {
    (
        common::default_library(),
        kbgen::l10n::Strings::embedded(),
        kbgen::templates::Templates::load(None).unwrap(),
    )
}

#[test]
fn text_part_snapshots_of_every_notice_in_every_locale() {
    let content = common::repo().join("content");
    let (library, strings, templates) = email_inputs();
    let context = EmailContext {
        strings: &strings,
        templates: &templates,
        library: &library,
    };
    let notices = Notice::load_all(&content).unwrap();
    assert_eq!(
        notices.iter().map(|n| n.name.as_str()).collect::<Vec<_>>(),
        ["account-compromised", "contacts-warning"]
    );
    for notice in &notices {
        for locale in ["en-US", "nl-NL", "sv-SE"] {
            let recipient = email::sample_recipient(notice, &locale.parse().unwrap()).unwrap();
            let composed = email::compose(notice, &recipient, &context).unwrap();
            assert_eq!(composed.locale.to_string(), locale);
            assert!(!composed.text.to_lowercase().contains("hunter2"));
            insta::assert_snapshot!(
                format!("{}__{locale}", notice.name),
                format!("Subject: {}\n\n{}", composed.subject, composed.text)
            );
        }
    }
}

fn python_check(files: &[(PathBuf, &str)]) -> String {
    let mut command = Command::new("python3");
    command.arg(common::repo().join("tests/email/check_eml.py"));
    for (file, locale) in files {
        command.arg(format!("{}={locale}", file.display()));
    }
    let output = command.output().expect("python3 runs");
    let report = text(&output.stdout) + &text(&output.stderr);
    assert!(
        output.status.success(),
        "Python's email parser found problems:\n{report}"
    );
    report
}

#[test]
fn sample_recipients_get_correct_messages_in_their_languages() {
    let out = tempfile::tempdir().unwrap();
    let output = kbgen(&[
        "notify",
        "account-compromised",
        "--recipients",
        "content/notices/recipients.sample.csv",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let dir = out.path().join("notices/account-compromised");
    let file = |name: &str| dir.join(name);
    // the compromised mailbox is avoided when an alternate address exists
    let expected = [
        (file("0002-alex.private@example.net.eml"), "en-US"),
        (file("0003-sanne.devries@example.com.eml"), "nl-NL"),
        (file("0004-asa.l@example.net.eml"), "sv-SE"),
        (file("0005-juergen.weiss@example.com.eml"), "en-US"),
    ];
    let report = python_check(&expected);
    assert!(
        report.contains("\"to\": \"Åsa Lindström <asa.l@example.net>\""),
        "{report}"
    );
    assert!(
        report.contains("\"subject\": \"Iemand anders heeft uw account bij Contoso gebruikt\""),
        "{report}"
    );
    assert!(
        report.contains("\"text_start\": \"Hej Åsa Lindström!"),
        "{report}"
    );
    // no alternate address for a compromised mailbox: a warning names the row
    assert!(
        text(&output.stderr)
            .contains("recipients.sample.csv:3:1: warning[recipient]: no alternate address")
    );
    // the message never carries a password, and dates are in the reader's language
    let nl = fs::read_to_string(file("0003-sanne.devries@example.com.eml")).unwrap();
    assert!(nl.contains("Content-Language: nl-NL"));
    let sv_report_line = report.lines().find(|l| l.contains("asa.l")).unwrap();
    assert!(sv_report_line.contains("\"problems\": []"));
}

#[test]
fn build_writes_one_reproducible_sample_per_locale() {
    let out = tempfile::tempdir().unwrap();
    let output = kbgen(&["build", "--out", out.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let mut files = Vec::new();
    for locale in ["en-US", "nl-NL", "sv-SE"] {
        for notice in ["account-compromised", "contacts-warning"] {
            files.push((
                out.path()
                    .join("emails")
                    .join(locale)
                    .join(format!("{notice}.eml")),
                locale,
            ));
        }
    }
    python_check(&files);
    let first = fs::read(&files[0].0).unwrap();
    let again = tempfile::tempdir().unwrap();
    kbgen(&["build", "--out", again.path().to_str().unwrap()]);
    assert_eq!(
        first,
        fs::read(again.path().join("emails/en-US/account-compromised.eml")).unwrap()
    );
}

#[test]
fn bad_rows_are_reported_with_their_lines_and_the_others_go_out() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    let output = kbgen(&[
        "notify",
        "account-compromised",
        "--recipients",
        "tests/fixtures/recipients/bad-rows.csv",
        "--out",
        o,
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    for expected in [
        "bad-rows.csv:3:1: error[recipient]: missing `address`",
        "bad-rows.csv:4:1: error[recipient]: `name` holds a control character (U+000D); line breaks in names or headers are refused",
        "bad-rows.csv:6:1: error[recipient]: `address` `not-an-address` is not a valid e-mail address",
        "bad-rows.csv:7:1: error[recipient]: `incident_date` `20/11/2026` is not a date (YYYY-MM-DD)",
    ] {
        assert!(
            stderr.contains(expected),
            "missing `{expected}` in\n{stderr}"
        );
    }
    let written: Vec<String> = fs::read_dir(out.path().join("notices/account-compromised"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(written.len(), 2, "{written:?}");
    for file in fs::read_dir(out.path().join("notices/account-compromised")).unwrap() {
        let raw = fs::read_to_string(file.unwrap().path()).unwrap();
        assert!(!raw.contains("victim@example.com"), "no injected header");
    }
    let json = kbgen(&[
        "notify",
        "account-compromised",
        "--recipients",
        "tests/fixtures/recipients/unknown-variable.json",
        "--out",
        o,
    ]);
    assert_eq!(json.status.code(), Some(1));
    assert!(text(&json.stderr).contains("unknown-variable.json:2:1: error[recipient]: unknown notice variable `shoe_size` for notice `account-compromised`"));
    let secret = kbgen(&[
        "notify",
        "account-compromised",
        "--recipients",
        "tests/fixtures/recipients/secret.csv",
        "--out",
        o,
    ]);
    assert_eq!(secret.status.code(), Some(2));
    assert!(
        text(&secret.stderr).contains("refusing variable `new_password`: it looks like a secret")
    );
    let creds = kbgen(&[
        "notify",
        "account-compromised",
        "--recipients",
        "content/notices/recipients.sample.csv",
        "--smtp",
        "smtp://user:pw@127.0.0.1:25",
        "--out",
        o,
    ]);
    assert_eq!(creds.status.code(), Some(2));
    assert!(text(&creds.stderr).contains("credentials are never taken from arguments"));
}

#[test]
fn dry_run_prints_and_writes_nothing() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("dry");
    let output = kbgen(&[
        "notify",
        "contacts-warning",
        "--recipients",
        "tests/fixtures/recipients/contacts.csv",
        "--out",
        target.to_str().unwrap(),
        "--dry-run",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.contains("would write `contacts-warning` to Megan Bowen <megan@example.org> (nl-NL): Berichten van Alex Wilber zijn mogelijk niet echt"), "{stdout}");
    assert!(!target.exists());
}

struct SmtpServer {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl SmtpServer {
    /// Starts the aiosmtpd test server; `None` (loudly) outside CI when aiosmtpd is missing.
    fn start() -> Option<SmtpServer> {
        let probe = Command::new("python3")
            .args(["-c", "import aiosmtpd"])
            .output();
        if !probe.is_ok_and(|o| o.status.success()) {
            if std::env::var_os("CI").is_some() {
                panic!("aiosmtpd is missing (.ci/run installs it)");
            }
            eprintln!("SKIPPED: aiosmtpd is not installed (pip install aiosmtpd)");
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new("python3")
            .arg(common::repo().join("tests/smtp/server.py"))
            .arg(port.to_string())
            .arg(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready");
        Some(SmtpServer { child, port, dir })
    }

    fn received(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        names.sort();
        names
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

fn journal(out: &Path) -> Vec<serde_json::Value> {
    fs::read_to_string(out.join("notices/account-compromised/journal.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn smtp_delivery_sends_once_records_refusals_and_resumes() {
    let Some(server) = SmtpServer::start() else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let url = format!("smtp://127.0.0.1:{}", server.port);
    let run = || {
        kbgen(&[
            "notify",
            "account-compromised",
            "--recipients",
            "tests/fixtures/recipients/smtp.csv",
            "--out",
            out.path().to_str().unwrap(),
            "--smtp",
            &url,
            "--tls",
            "none",
        ])
    };
    let first = run();
    assert_eq!(
        first.status.code(),
        Some(1),
        "one recipient is refused: {}",
        text(&first.stderr)
    );
    assert!(
        text(&first.stdout).contains("3 sent, 0 already sent before, 1 failed"),
        "{}",
        text(&first.stdout)
    );
    assert!(
        text(&first.stderr)
            .contains("smtp.csv:4:1: error[delivery]: reject-me@example.com not sent: "),
        "{}",
        text(&first.stderr)
    );
    let received = server.received();
    assert_eq!(received.len(), 3, "{received:?}");
    for address in ["alex@example.com", "sanne@example.com", "asa@example.com"] {
        assert_eq!(
            received
                .iter()
                .filter(|r| r.ends_with(&format!("-{address}.eml")))
                .count(),
            1,
            "{address} once"
        );
    }
    // each delivered message: its intent before DATA, then `sent`; the refused one was refused
    // at RCPT, before any intent
    let entries = journal(out.path());
    let count = |status: &str| entries.iter().filter(|e| e["status"] == status).count();
    assert_eq!(
        (count("sending"), count("sent"), count("failed")),
        (3, 3, 1)
    );
    assert_eq!(entries.len(), 7);
    let failed: Vec<&serde_json::Value> =
        entries.iter().filter(|e| e["status"] == "failed").collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["recipient"], "reject-me@example.com");
    assert!(
        failed[0]["reason"].as_str().unwrap().contains("550"),
        "{:?}",
        failed[0]
    );
    // the messages that arrived are well formed
    let files: Vec<(PathBuf, &str)> = received
        .iter()
        .map(|name| {
            let locale = if name.contains("sanne") {
                "nl-NL"
            } else if name.contains("asa") {
                "sv-SE"
            } else {
                "en-US"
            };
            (server.dir.path().join(name), locale)
        })
        .collect();
    python_check(&files);
    // a second run sends nothing new: only the refused one is tried again
    let second = run();
    assert!(
        text(&second.stdout).contains("0 sent, 3 already sent before, 1 failed"),
        "{}",
        text(&second.stdout)
    );
    assert_eq!(server.received().len(), 3, "nothing sent twice");
    let _ = std::io::stdout().flush();
}

/// The line of `text` that holds `needle`, in the order a reader sees it (Unicode bidi
/// algorithm, paragraph direction from the line as a plain-text viewer takes it).
fn visual_line(text: &str, needle: &str) -> String {
    let line = text
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle}"));
    let info = unicode_bidi::BidiInfo::new(line, None);
    let paragraph = &info.paragraphs[0];
    info.reorder_line(paragraph, paragraph.range.clone())
        .into_owned()
}

#[test]
fn an_arabic_notice_shows_the_phone_number_in_its_own_order() {
    let (library, strings, templates) = email_inputs();
    let context = EmailContext {
        strings: &strings,
        templates: &templates,
        library: &library,
    };
    let notice = &default_notice("account-compromised");
    let recipient = email::sample_recipient(notice, &"ar-SA".parse().unwrap()).unwrap();
    let composed = email::compose(notice, &recipient, &context).unwrap();
    assert_eq!(composed.locale.to_string(), "ar-SA");
    let phone = "+1 555 0100";
    assert!(
        visual_line(&composed.text, phone).contains(phone),
        "{}",
        visual_line(&composed.text, phone)
    );
    // without the isolation marks the same line shows the number scrambled: the test can fail
    let bare = composed.text.replace(['\u{2068}', '\u{2069}'], "");
    assert!(!visual_line(&bare, phone).contains(phone));
    // the HTML part says its direction, and English actions say their language
    assert!(composed.html.contains("dir=\"rtl\""));
    assert!(composed.html.contains("<span lang=\"en-US\" dir=\"ltr\">"));
}

#[test]
fn a_locale_without_notice_strings_gets_notices_in_a_language_that_has_them() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("de-DE")).unwrap();
    std::fs::write(
        dir.path().join("de-DE/site.ftl"),
        "language-name = Deutsch\nsite-title = Hilfe\n",
    )
    .unwrap();
    let sources = kbgen::l10n::Sources::with_dir(dir.path()).unwrap();
    let (strings, _) = kbgen::l10n::Strings::new(&sources);
    let de: unic_langid::LanguageIdentifier = "de-DE".parse().unwrap();
    assert!(strings.available().contains(&de));
    assert!(!strings.locales_with(email::NOTICE_STRINGS).contains(&de));
    assert_eq!(email::negotiate(&strings, &[de]).to_string(), "en-US");
}

#[test]
fn no_header_line_passes_998_characters_whatever_the_variables() {
    let (library, strings, templates) = email_inputs();
    let context = EmailContext {
        strings: &strings,
        templates: &templates,
        library: &library,
    };
    let notice = &default_notice("contacts-warning");
    let longest_field = kbgen::notice::MAX_FIELD_CHARS;
    for (locale, name) in [
        ("en-US", "x".repeat(longest_field)),
        ("nl-NL", "Jan ".repeat(longest_field / 4)),
        ("ja-JP", "山田".repeat(longest_field / 2)),
        ("ar-SA", "محمد ".repeat(longest_field / 5)),
    ] {
        let mut recipient = email::sample_recipient(notice, &locale.parse().unwrap()).unwrap();
        recipient
            .variables
            .insert("affected_name".to_string(), name.clone());
        let composed = email::compose(notice, &recipient, &context).unwrap();
        let from: lettre::message::Mailbox = notice.from.parse().unwrap();
        let message = email::to_message(
            &composed,
            &from,
            std::time::UNIX_EPOCH,
            "<x@example.com>".to_string(),
        )
        .unwrap();
        let bytes = message.formatted();
        let longest = bytes.split(|b| *b == b'\n').map(<[u8]>::len).max().unwrap();
        assert!(longest <= 998, "{locale}: a line of {longest} bytes");
    }
    // a longer value is refused where it is read, with its line
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.csv");
    let mut header = vec!["address".to_string()];
    let mut row = vec!["a@example.com".to_string()];
    for (key, value) in &notice.sample {
        if key == "address" || key == "alternate_address" {
            continue;
        }
        header.push(key.clone());
        row.push(if key == "affected_name" {
            "x".repeat(longest_field + 1)
        } else {
            value.clone()
        });
    }
    fs::write(&path, format!("{}\n{}\n", header.join(","), row.join(","))).unwrap();
    let (recipients, diagnostics) = kbgen::notice::read_recipients(&path, notice).unwrap();
    assert!(recipients.is_empty());
    assert!(
        diagnostics[0]
            .to_string()
            .contains(&format!("is {} characters long", longest_field + 1)),
        "{diagnostics:?}"
    );
}

#[test]
fn a_day_the_calendar_does_not_have_is_a_bad_row() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("recipients.csv");
    fs::write(
        &list,
        "name,address,alternate_address,language,organization,helpdesk_phone,helpdesk_url,incident_date,reference\n\
         A,a@example.com,,en-US,Contoso,+1 555,https://help.example.com,2026-02-30,INC-1\n\
         B,b@example.com,,en-US,Contoso,+1 555,https://help.example.com,2028-02-29,INC-2\n",
    )
    .unwrap();
    let output = kbgen(&[
        "notify",
        "account-compromised",
        "--recipients",
        list.to_str().unwrap(),
        "--dry-run",
    ]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("recipients.csv:2:1: error[recipient]: "),
        "{stderr}"
    );
    assert!(stderr.contains("`2026-02-30` is not a date"), "{stderr}");
    assert!(
        text(&output.stdout).contains("<b@example.com>"),
        "the leap day is a date"
    );
}

#[test]
fn the_message_id_follows_the_mailbox_the_notice_goes_to() {
    let notice = Notice::load(&common::repo().join("content"), "account-compromised").unwrap();
    let locale: unic_langid::LanguageIdentifier = "en-US".parse().unwrap();
    let recipient = email::sample_recipient(&notice, &locale).unwrap();
    let to = |address: &str| -> lettre::message::Mailbox { address.parse().unwrap() };
    let a = email::message_id(
        &notice,
        &recipient,
        &to("someone@example.com"),
        "example.com",
    );
    let b = email::message_id(&notice, &recipient, &to("other@example.org"), "example.com");
    assert_ne!(a, b, "another destination is another message");
    // the same destination is the same message, whatever the case of its address
    let c = email::message_id(
        &notice,
        &recipient,
        &to("Someone@Example.com"),
        "example.com",
    );
    assert_eq!(a, c);
}
