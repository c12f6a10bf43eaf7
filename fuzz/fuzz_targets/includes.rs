//! Fuzzes include resolution with the whole per-article path: the input is split at `\0` into
//! up to four files of one content directory (`a.md` … `d.md`, `[!INCLUDE]`-ing each other in
//! any shape: cycles, fan-out, missing and outside targets), and article `a` is modelled in both
//! languages. Never panic; the include budget holds.
#![no_main]

use std::sync::OnceLock;

use kbgen::engine::{self, Project, Settings};
use libfuzzer_sys::fuzz_target;

struct Fixture {
    _dir: tempfile::TempDir,
    files: std::path::PathBuf,
    project: Project,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        let files = content.join("nl-NL");
        std::fs::create_dir_all(&files).unwrap();
        let project = Project::open(&Settings {
            content,
            ..Settings::default()
        })
        .unwrap();
        Fixture { _dir: dir, files, project }
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let fixture = fixture();
    let mut parts = text.splitn(4, '\0');
    for name in ["a.md", "b.md", "c.md", "d.md"] {
        let path = fixture.files.join(name);
        match parts.next() {
            Some(part) => std::fs::write(&path, part).unwrap(),
            None => {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
    let Ok(index) = fixture.project.index() else { return };
    for locale in [None, Some("en-US".parse().unwrap())] {
        if let Ok(choice) = engine::model_of(&fixture.project, &index, "a", locale.as_ref()) {
            let _ = serde_json::to_string(&choice.article);
        }
    }
});
