//! Fuzzes run records (`kbgen checklist --record`): reading any bytes never panics, and a record
//! that reads has times that format in every script's locale.
#![no_main]

use kbgen::locale_format::TimeFormat;
use kbgen::run::Run;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(run) = Run::parse(text) {
        let keys: Vec<&str> = run.record.steps.iter().map(|s| s.key.as_str()).collect();
        let _ = run.ended(&keys);
        for locale in ["en-US", "ar-SA", "ja-JP"] {
            let format = TimeFormat::new(&locale.parse().unwrap());
            let _ = format.utc(run.started);
            for at in run.ticked.iter().flatten() {
                let _ = format.utc(*at);
            }
        }
    }
});
