//! The baseline for the corpus timing script: read every `*.md` below a directory and render it
//! with pulldown-cmark (kbgen's options), nothing else: no segmentation, no model, no templates.
//!
//! `cargo run --release --example bare_render -- DIR`

use rayon::prelude::*;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("a directory of markdown files");
    let files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let bytes: usize = files
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            kbgen::markdown::render_html(&text).len()
        })
        .sum();
    println!("rendered {} files to {bytes} bytes of HTML", files.len());
}
