//! Work grows linearly with the input, whatever its shape. Each shape that was once super-linear
//! (identical headings, identical bookmarks, unclosed pair openings on one line, entity runs,
//! mojibake runs, code spans) is built at n and at 4n, and the work, counted as bytes allocated
//! and allocations made by a whole `build` (a deterministic measure, not wall time), must grow by
//! about 4, not 16.
//!
//! A measurement runs in a child process of this test binary (`measure_one_build`, ignored in
//! normal runs), so the other tests running in parallel do not count. Allocation counting does not
//! see a loop that only reads; the corpus timing script (`benches/corpus-timing.sh`) reports wall
//! time and memory at large n.

use std::alloc::System;
use std::path::Path;

use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const SHAPE_VAR: &str = "KBGEN_SCALING_SHAPE";
const N_VAR: &str = "KBGEN_SCALING_N";

/// The body of a bilingual nl-NL article made of `n` repeats of `shape`.
fn shape(name: &str, n: usize) -> String {
    let pair = |id: usize, nl: &str, en: &str| {
        format!(
            "<span data-ttu-id=\"aaaaa-{id}\">{nl}</span><span class=\"sxs-lookup\"><span data-stu-id=\"aaaaa-{id}\">{en}</span></span>"
        )
    };
    let mut body = String::new();
    match name {
        "headings" => {
            for i in 0..n {
                body.push_str(&format!(
                    "## {}\n\nTekst.\n\n",
                    pair(i + 200, "Stap 1 Hetzelfde", "Step 1 Same")
                ));
            }
        }
        "bookmarks" => {
            for _ in 0..n {
                body.push_str("<a name=\"same\"></a>Tekst.\n\n");
            }
        }
        "unclosed-openings" => {
            body.push_str(&"<span data-ttu-id=\"aaaaa-9\">x ".repeat(n));
            body.push('\n');
        }
        "entities" => {
            body.push_str(&pair(
                300,
                &"&amp;&lt;&#233;".repeat(n),
                &"&amp;&lt;&#233;".repeat(n),
            ));
            body.push('\n');
        }
        "mojibake" => {
            for i in 0..n {
                body.push_str(&pair(400 + i, "CafÃ© en SmÃ¶rgÃ¥s", "CafÃ© and SmÃ¶rgÃ¥s"));
                body.push(' ');
            }
            body.push('\n');
        }
        "code-spans" => {
            body.push_str(&"`a` ".repeat(n));
            body.push('\n');
        }
        other => panic!("no shape {other}"),
    }
    body
}

/// Builds one article of `shape` at `n` and returns the bytes allocated and allocations made.
fn measure_in_child(shape: &str, n: usize) -> (u64, u64) {
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "scaling::measure_one_build",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(SHAPE_VAR, shape)
        .env(N_VAR, n.to_string())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let line = stdout
        .lines()
        .find_map(|l| l.split("allocated: ").nth(1))
        .unwrap_or_else(|| panic!("no measurement: {stdout}"));
    let mut numbers = line
        .split_whitespace()
        .filter_map(|w| w.parse::<u64>().ok());
    (numbers.next().unwrap(), numbers.next().unwrap())
}

#[test]
#[ignore = "a measurement, run by the scaling tests in a child process"]
fn measure_one_build() {
    use kbgen::engine::{self, BuildPlan, Project, Settings, Silent};
    let shape_name = std::env::var(SHAPE_VAR).expect("run by the scaling tests");
    let n: usize = std::env::var(N_VAR).unwrap().parse().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    write_article(&content, &shape_name, n);
    let project = Project::open(&Settings {
        content,
        ..Settings::default()
    })
    .unwrap();
    // kbgen's own work: the search index is Pagefind's, whose word lists grow by doubling
    // (timed with the rest by benches/corpus-timing.sh)
    let plan = BuildPlan {
        search: false,
        ..BuildPlan::new(dir.path().join("out"))
    };
    let region = Region::new(GLOBAL);
    engine::build(&project, &plan, &Silent).unwrap();
    let stats = region.change();
    println!(
        "allocated: {} bytes in {} allocations",
        stats.bytes_allocated + stats.bytes_reallocated.max(0) as usize,
        stats.allocations + stats.reallocations
    );
}

fn write_article(content: &Path, shape_name: &str, n: usize) {
    let dir = content.join("nl-NL");
    std::fs::create_dir_all(&dir).unwrap();
    let text = format!(
        "---\ntitle: Vorm\nms.contentlocale: nl-NL\nms.translationtype: HT\n---\n# <span data-ttu-id=\"aaaaa-101\">Vorm</span><span class=\"sxs-lookup\"><span data-stu-id=\"aaaaa-101\">Shape</span></span>\n\n{}",
        shape(shape_name, n)
    );
    std::fs::write(dir.join("vorm.md"), text).unwrap();
}

#[test]
fn every_shape_costs_linear_work() {
    let n = 500;
    let (base_bytes, base_count) = measure_in_child("code-spans", 0);
    for name in [
        "headings",
        "bookmarks",
        "unclosed-openings",
        "entities",
        "mojibake",
        "code-spans",
    ] {
        let (bytes_n, count_n) = measure_in_child(name, n);
        let (bytes_4n, count_4n) = measure_in_child(name, 4 * n);
        let growth = |small: u64, large: u64, base: u64| {
            (large.saturating_sub(base)) as f64 / (small.saturating_sub(base)).max(1) as f64
        };
        let bytes = growth(bytes_n, bytes_4n, base_bytes);
        let count = growth(count_n, count_4n, base_count);
        eprintln!("{name}: n -> 4n: bytes x{bytes:.2}, allocations x{count:.2}");
        // linear work grows 4x; quadratic would be 16x. Allow for what grows a little faster
        // (a vector doubling, an n log n sort).
        assert!(
            bytes < 6.0,
            "{name}: bytes allocated grew x{bytes:.2} from n={n} to 4n"
        );
        assert!(
            count < 6.0,
            "{name}: allocations grew x{count:.2} from n={n} to 4n"
        );
        assert!(
            bytes > 1.5,
            "{name}: the shape did not cost work (x{bytes:.2}): is it built?"
        );
    }
}
