//! Fuzzes the project file (`kbgen.toml`): parsing any text never panics; an error names the
//! file with a line and column inside the text; a file that parses gives a content
//! configuration whose severities are all known.
#![no_main]

use std::path::Path;

use kbgen::config::ProjectFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match ProjectFile::parse(Path::new("kbgen.toml"), text) {
        Ok(found) => {
            let config = found.file.content_config(Default::default());
            for id in config.rules.keys() {
                let _ = config.severity(id);
            }
        }
        Err(error) => {
            let message = error.to_string();
            let lines = text.lines().count().max(1);
            let line: usize = message
                .split(':')
                .nth(1)
                .and_then(|l| l.parse().ok())
                .unwrap_or_else(|| panic!("no line in {message}"));
            assert!(line >= 1 && line <= lines + 1, "{message}");
        }
    }
});
