//! Every corpus file models without panicking, and its target and en-US models have the same
//! step keys. Reads `../shared/corpus` and `../shared/corpus-rtl-cjk`.

use crate::common;

use kbgen::fidelity;
use kbgen::model::recognition::RecognitionSet;
use kbgen::modelling as pipeline;
use rayon::prelude::*;

#[test]
fn target_and_en_us_models_have_the_same_step_keys() {
    for root in common::corpora() {
        same_step_keys(&root);
    }
}

fn same_step_keys(root: &std::path::Path) {
    let root = root.to_path_buf();
    let pairs = fidelity::read_manifest(&root).unwrap();
    let words = RecognitionSet::embedded();
    let differing: Vec<String> = pairs
        .par_iter()
        .filter_map(|pair| {
            let text = std::fs::read_to_string(pair.sxs(&root)).unwrap();
            let (target, source) = pipeline::models_of_text(&pair.name, &pair.locale, text, &words);
            let source = source?;
            let keys = |a: &kbgen::model::Article| {
                a.all_steps()
                    .iter()
                    .map(|s| s.key.clone())
                    .collect::<Vec<_>>()
            };
            if keys(&target) == keys(&source) {
                return None;
            }
            // allowed only when the two languages' markdown itself has a different block
            // structure (a translation that split or joined list items)
            let (doc, _) = kbgen::bilingual::BilingualDoc::parse(
                std::fs::read_to_string(pair.sxs(&root)).unwrap(),
            );
            let options = kbgen::projection::ProjectOptions::default();
            let shape =
                |side| block_shape(&kbgen::projection::project(&doc, side, &options).0.text);
            let same_markdown_shape =
                shape(kbgen::bilingual::Side::Target) == shape(kbgen::bilingual::Side::Source);
            eprintln!(
                "shape differs: {} {} (markdown structure differs: {})",
                pair.locale, pair.name, !same_markdown_shape
            );
            same_markdown_shape.then(|| {
                format!(
                    "{} {}: {:?} vs {:?}",
                    pair.locale,
                    pair.name,
                    keys(&target),
                    keys(&source)
                )
            })
        })
        .collect();
    assert!(
        differing.is_empty(),
        "{} files differ:\n{}",
        differing.len(),
        differing.join("\n")
    );
}

/// The en-US front matter that the model derives from the target's (`Meta::for_source`, no
/// second YAML read) is what parsing the en-US projection's block gives, for every corpus file.
#[test]
fn the_en_us_front_matter_is_the_target_one_made_en_us() {
    use kbgen::frontmatter;
    for root in common::corpora() {
        let pairs = fidelity::read_manifest(&root).unwrap();
        let differing: Vec<String> = pairs
            .par_iter()
            .filter_map(|pair| {
                let text = std::fs::read_to_string(pair.sxs(&root)).unwrap();
                let block = frontmatter::split(&text).ok()??;
                let target = frontmatter::parse(&text, &block).ok()?;
                let (doc, _) = kbgen::bilingual::BilingualDoc::parse(text);
                let options = kbgen::projection::ProjectOptions::default();
                let (source, _) =
                    kbgen::projection::project(&doc, kbgen::bilingual::Side::Source, &options);
                let source_block = frontmatter::split(&source.text).unwrap().unwrap();
                let parsed = frontmatter::parse(&source.text, &source_block).unwrap();
                let title = kbgen::projection::h1_title(&source.text);
                let derived = target.for_source(title.as_deref(), "en-US");
                (derived != parsed).then(|| format!("{}: {derived:?} vs {parsed:?}", pair.name))
            })
            .collect();
        assert!(differing.is_empty(), "{}", differing.join("\n"));
        assert!(
            pairs.len() > 100,
            "{}: {} pairs",
            root.display(),
            pairs.len()
        );
    }
}

/// The block-level tags of a markdown text, in order.
fn block_shape(text: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Tag, TagEnd};
    kbgen::markdown::parser(text)
        .filter_map(|event| match event {
            Event::Start(
                tag @ (Tag::List(_) | Tag::Item | Tag::Heading { .. } | Tag::BlockQuote(_)),
            ) => Some(format!("{tag:?}")),
            Event::End(
                end @ (TagEnd::List(_) | TagEnd::Item | TagEnd::Heading(_) | TagEnd::BlockQuote(_)),
            ) => Some(format!("{end:?}")),
            _ => None,
        })
        .collect()
}
