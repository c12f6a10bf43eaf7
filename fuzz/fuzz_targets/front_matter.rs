//! Fuzzes front matter splitting and bounded YAML parsing: never panic.
#![no_main]

use kbgen::frontmatter;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(Some(block)) = frontmatter::split(text) {
        let _ = frontmatter::parse(text, &block);
        let _ = frontmatter::rewrite_for_source(&text[block.range.clone()], Some("T: x"), "en-US");
    }
});
