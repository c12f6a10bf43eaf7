//! kbgen as a library, on the default content: read the project file (`kbgen.toml`), build
//! every output into a temporary directory, build again (nothing changes), then check.
//! `cargo run --example library`.

use kbgen::config::ProjectFile;
use kbgen::engine::{self, BuildPlan, Project, Settings, Silent};

fn main() -> Result<(), kbgen::error::Error> {
    let settings = match ProjectFile::discover(std::path::Path::new("."))? {
        Some(found) => Settings::from_project_file(found.file),
        None => Settings::default(),
    };
    let project = Project::open(&settings)?;
    let out = std::env::temp_dir().join("kbgen-library-example");
    let first = engine::build(&project, &BuildPlan::new(&out), &Silent)?;
    println!(
        "first build: {} of {} articles rebuilt, {} files written to {}",
        first.rebuilt,
        first.articles,
        first.written,
        out.display()
    );
    let second = engine::build(&project, &BuildPlan::new(&out), &Silent)?;
    println!(
        "second build: {} rebuilt, {} written, {} unchanged",
        second.rebuilt, second.written, second.unchanged
    );
    let checked = engine::check(&project, &Silent)?;
    let tally = checked.tally();
    println!(
        "check: {} files, {} errors, {} warnings",
        checked.found, tally.errors, tally.warnings
    );
    Ok(())
}
