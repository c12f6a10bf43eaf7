//! The seed articles in `content/`: projections as published, one en-US article per source.

use crate::common;

use std::fs;

use kbgen::bilingual::{BilingualDoc, Side};
use kbgen::projection::{self, ProjectOptions};

fn project(relative: &str, side: Side) -> (String, Vec<kbgen::diagnostic::Issue>) {
    let text = fs::read_to_string(common::repo().join("content").join(relative)).unwrap();
    let (doc, mut issues) = BilingualDoc::parse(text);
    let (projection, more) = projection::project(&doc, side, &ProjectOptions::default());
    issues.extend(more);
    (projection.text, issues)
}

#[test]
fn seed_001_is_repaired_to_its_published_bytes() {
    let (nl, issues) = project(
        "nl-NL/responding-to-a-compromised-email-account.md",
        Side::Target,
    );
    let published = fs::read_to_string(
        common::repo()
            .join("tests/fixtures/published/responding-to-a-compromised-email-account.nl-NL.md"),
    )
    .unwrap();
    assert!(
        nl == published,
        "nl-NL projection of seed 001 differs from the published article"
    );
    let repairs: Vec<_> = issues.iter().filter(|i| i.rule == "mojibake").collect();
    assert_eq!(repairs.len(), 6, "{repairs:?}");
    assert!(issues.iter().all(|i| i.rule == "mojibake"), "{issues:?}");
    if let Some(seeds) = common::seeds() {
        assert_eq!(
            published,
            fs::read_to_string(seeds.join("001-published.md")).unwrap()
        );
    }
}

#[test]
fn nl_and_sv_versions_give_the_same_en_us_article() {
    let slug = "recommended-steps-to-take-if-an-account-is-compromised.md";
    let (from_nl, nl_issues) = project(&format!("nl-NL/{slug}"), Side::Source);
    let (from_sv, sv_issues) = project(&format!("sv-SE/{slug}"), Side::Source);
    assert!(nl_issues.is_empty() && sv_issues.is_empty());
    assert_eq!(from_nl, from_sv);
    assert!(from_nl.contains("title: Recommended steps to take if an account is compromised\n"));
    assert!(from_nl.contains("ms.contentlocale: en-US\n"));
    assert!(!from_nl.contains("data-ttu-id") && !from_nl.contains("Aanbevolen"));
}

#[test]
fn content_files_are_the_seeds_byte_for_byte() {
    let Some(seeds) = common::seeds() else { return };
    for (seed, path) in [
        (
            "000_38718e316876e7f1.txt",
            "nl-NL/recommended-steps-to-take-if-an-account-is-compromised.md",
        ),
        (
            "004_d5ca0f7617750968.txt",
            "sv-SE/recommended-steps-to-take-if-an-account-is-compromised.md",
        ),
        (
            "001_231b9f27efc92cff.txt",
            "nl-NL/responding-to-a-compromised-email-account.md",
        ),
    ] {
        assert_eq!(
            fs::read(seeds.join(seed)).unwrap(),
            fs::read(common::repo().join("content").join(path)).unwrap(),
            "{path}"
        );
    }
}
