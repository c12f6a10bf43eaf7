//! Fuzzes segmentation and projection: never panic, always write back the input.
#![no_main]

use kbgen::bilingual::{BilingualDoc, Side};
use kbgen::projection::{self, ProjectOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (doc, _) = BilingualDoc::parse(text.to_string());
    assert_eq!(doc.write(), text);
    for side in [Side::Target, Side::Source] {
        let _ = projection::project(&doc, side, &ProjectOptions::default());
    }
});
