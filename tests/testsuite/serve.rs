//! `kbgen serve`: serves the built site on a free port, rebuilds an edited article within
//! seconds, shows a broken file's diagnostic on the page and in the terminal while serving
//! goes on, recovers when it is fixed, and stops cleanly on Ctrl-C (SIGINT), removing its
//! temporary output. The reload script is added by the server, never written to the output.

#![cfg(feature = "serve")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common;

/// A running `kbgen serve` whose stdout and stderr are collected as they come.
struct Server {
    child: Child,
    url: String,
    out: PathBuf,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    fn start(project: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kbgen"))
            .current_dir(project)
            .args(["serve", "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(n) = pipe.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buffer[..n]));
            }
        });
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let line = lines
            .by_ref()
            .map_while(Result::ok)
            .find(|l| l.contains("serving http://"))
            .expect("kbgen serve says where it serves");
        std::thread::spawn(move || lines.for_each(drop));
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap()
            .to_string();
        let out = line
            .split("(built in ")
            .nth(1)
            .and_then(|rest| rest.split(')').next())
            .map(PathBuf::from)
            .unwrap();
        Server {
            child,
            url,
            out,
            stderr,
        }
    }

    /// `GET path`: the status code and the body.
    fn get(&self, path: &str) -> (u16, String) {
        let authority = self.url.trim_start_matches("http://").trim_end_matches('/');
        let mut stream = TcpStream::connect(authority).unwrap();
        write!(
            stream,
            "GET /{path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let status = response
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = response
            .split_once("\r\n\r\n")
            .map_or(String::new(), |(_, body)| body.to_string());
        (status, body)
    }

    /// Polls `path` until `done` holds for its response (at most 5 s); returns it and how long
    /// it took.
    fn until(&self, path: &str, done: impl Fn(u16, &str) -> bool) -> (String, Duration) {
        let started = Instant::now();
        loop {
            let (status, body) = self.get(path);
            if done(status, &body) {
                return (body, started.elapsed());
            }
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "not within 5 s; last answer {status}:\n{body}\nstderr:\n{}",
                self.stderr.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

#[test]
fn serve_previews_rebuilds_shows_broken_input_and_stops_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let output = common::kbgen(dir.path(), &["init", "help"]);
    assert!(output.status.success(), "{output:?}");
    let project = dir.path().join("help");
    let article = project.join("content/nl-NL/getting-started.md");
    let page = "nl-NL/getting-started.html";
    let original = std::fs::read_to_string(&article).unwrap();

    let mut server = Server::start(&project);
    let (status, body) = server.get(page);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Aan de slag"), "{body}");
    // the server adds its reload script; the built file has none
    assert!(
        body.contains("_tower-livereload"),
        "no reload script served"
    );
    let built = std::fs::read_to_string(server.out.join("site").join(page)).unwrap();
    assert!(
        !built.contains("livereload"),
        "the reload script was written to the output"
    );
    assert_eq!(server.get("no-such-page.html").0, 404);

    // an edit shows up without a restart
    std::fs::write(
        &article,
        original.replace("Aan de slag</span>", "Aan de slag, bewerkt</span>"),
    )
    .unwrap();
    let (_, took) = server.until(page, |status, body| {
        status == 200 && body.contains("Aan de slag, bewerkt")
    });
    eprintln!("rebuilt and served in {took:?}");

    // broken front matter: the diagnostic on the page and in the terminal; serving goes on
    std::fs::write(
        &article,
        original.replacen("title: Aan de slag", "title: [broken", 1),
    )
    .unwrap();
    let (body, _) = server.until(page, |_, body| body.contains("kbgen-serve-problems"));
    assert!(
        body.contains("getting-started.md:2:") && body.contains("error[front-matter]"),
        "{body}"
    );
    // (the only article is gone, and its locale's index with it: the 404 page shows them too)
    let (_, index) = server.get("nl-NL/index.html");
    assert!(
        index.contains("kbgen-serve-problems"),
        "every page shows the errors"
    );
    assert!(
        server
            .stderr
            .lock()
            .unwrap()
            .contains("getting-started.md:2:"),
        "the terminal shows the diagnostic"
    );

    // fixed: the page is back, the panel gone
    std::fs::write(&article, &original).unwrap();
    let (body, _) = server.until(page, |status, body| {
        status == 200 && !body.contains("kbgen-serve-problems")
    });
    assert!(body.contains("Aan de slag"));

    // the project file is watched too: a new attribution shows on the page
    let config = project.join("kbgen.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replacen(
            "[site]\n",
            "[site]\nattribution = \"Served by the test\"\n",
            1,
        ),
    )
    .unwrap();
    server.until(page, |_, body| body.contains("Served by the test"));

    // Ctrl-C: a clean stop that removes the temporary output
    let stopped = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(stopped.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "serve did not stop"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
    assert!(!server.out.exists(), "the temporary output was left behind");
}
