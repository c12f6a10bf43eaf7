//! Fuzzes a whole build of one content file, as `kbgen build` runs it: the first pass, loading,
//! models of both languages, every renderer (article and checklist pages, markdown and text
//! checklists, model JSON, markdown), the search index and translation memory. Never panic, and
//! a build that fails says why instead.
#![no_main]

use kbgen::engine::{self, BuildPlan, Project, Settings, Silent};
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;

/// A project whose content is one nl-NL file, rewritten for every input.
struct Fixture {
    _dir: tempfile::TempDir,
    file: PathBuf,
    project: Project,
    plan: BuildPlan,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let content = dir.path().join("content");
    std::fs::create_dir_all(content.join("nl-NL")).expect("the content folder");
    let project = Project::open(&Settings {
        content: content.clone(),
        // the strings and step words are the repository's
        locales_dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../locales"),
        ..Settings::default()
    })
    .expect("the project opens");
    let mut plan = BuildPlan::new(dir.path().join("out"));
    // every input is a new build: nothing may be skipped as unchanged
    plan.force = true;
    Fixture {
        file: content.join("nl-NL").join("article.md"),
        _dir: dir,
        project,
        plan,
    }
}

thread_local! {
    static FIXTURE: Fixture = fixture();
}

fuzz_target!(|data: &[u8]| {
    FIXTURE.with(|fixture| {
        std::fs::write(&fixture.file, data).expect("the content file is written");
        // content problems are diagnostics and I/O problems are errors: either is fine here
        let _ = engine::build(&fixture.project, &fixture.plan, &Silent);
    });
});
