//! Throughput of segmentation and projection over the pair corpus (`../shared/corpus`, or
//! `$KBGEN_CORPUS`), falling back to `content/` when the corpus is absent.
//!
//! `cargo bench --bench segment`; criterion prints MiB/s per stage.

use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kbgen::bilingual::{BilingualDoc, Side};
use kbgen::projection::{self, ProjectOptions};

fn inputs() -> (String, Vec<String>) {
    let corpus = std::env::var_os("KBGEN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    let (label, root) = if corpus.join("alchemy").is_dir() {
        ("corpus sxs", corpus.join("alchemy"))
    } else {
        eprintln!("bench: corpus absent, measuring content/ only");
        (
            "content",
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content"),
        )
    };
    let texts = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter(|e| !e.path().components().any(|c| c.as_os_str() == "live"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect();
    (label.to_string(), texts)
}

fn bench(c: &mut Criterion) {
    let (label, texts) = inputs();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut group = c.benchmark_group(format!("{label} ({} files, {} bytes)", texts.len(), bytes));
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("segment", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| BilingualDoc::parse(t.clone()).0.segments().len())
                .sum::<usize>()
        })
    });
    let docs: Vec<BilingualDoc> = texts
        .iter()
        .map(|t| BilingualDoc::parse(t.clone()).0)
        .collect();
    group.bench_function("project target (repairs on)", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| {
                    projection::project(d, Side::Target, &ProjectOptions::default())
                        .0
                        .text
                        .len()
                })
                .sum::<usize>()
        })
    });
    group.bench_function("project raw (span stripping)", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| d.project_raw(Side::Target).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
