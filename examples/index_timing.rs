//! Times the first pass alone: `cargo run --release --example index_timing -- CONTENT`.

fn main() {
    let content = std::env::args().nth(1).unwrap_or_else(|| "content".into());
    if std::env::var_os("PARTS").is_some() {
        parts(&content);
    }
    let started = std::time::Instant::now();
    let index = kbgen::index::Index::scan(std::path::Path::new(&content)).expect("a content dir");
    println!(
        "{} files, {} articles, {} diagnostics in {:.3} s",
        index.files.len(),
        index.articles.len(),
        index.diagnostics.len(),
        started.elapsed().as_secs_f64()
    );
}

#[allow(dead_code)]
fn parts(content: &str) {
    use rayon::prelude::*;
    let (found, _) = kbgen::source::discover(std::path::Path::new(content)).unwrap();
    let t = std::time::Instant::now();
    let texts: Vec<String> = found
        .par_iter()
        .map(|f| kbgen::source::read(f.clone()).unwrap().text)
        .collect();
    println!("read {:.3}", t.elapsed().as_secs_f64());
    let t = std::time::Instant::now();
    let _: Vec<_> = texts
        .par_iter()
        .map(|t| kbgen::index::hash_bytes(t.as_bytes()))
        .collect();
    println!("hash {:.3}", t.elapsed().as_secs_f64());
    let t = std::time::Instant::now();
    let _: Vec<_> = texts
        .par_iter()
        .map(|t| {
            let b = kbgen::frontmatter::split(t).ok().flatten();
            b.map(|b| kbgen::frontmatter::parse(t, &b).is_ok())
        })
        .collect();
    println!("frontmatter {:.3}", t.elapsed().as_secs_f64());
    let t = std::time::Instant::now();
    let docs: Vec<_> = texts
        .par_iter()
        .map(|t| kbgen::bilingual::BilingualDoc::parse(t.clone()).0)
        .collect();
    println!("segment {:.3}", t.elapsed().as_secs_f64());
    let t = std::time::Instant::now();
    let _: Vec<_> = docs
        .par_iter()
        .map(|d| d.project_raw(kbgen::bilingual::Side::Source).len())
        .collect();
    println!("raw source {:.3}", t.elapsed().as_secs_f64());
}
