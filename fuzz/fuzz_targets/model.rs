//! Fuzzes the whole per-file path: segmentation, projections, markdown parsing and the step
//! model, for both languages: never panic.
#![no_main]

use kbgen::model::recognition::RecognitionSet;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let words = RecognitionSet::embedded();
    let (target, source) = kbgen::modelling::models_of_text("fuzz", "nl-NL", text.to_string(), &words);
    let _ = serde_json::to_string(&target);
    let _ = source.map(|s| s.all_steps().len());
});
