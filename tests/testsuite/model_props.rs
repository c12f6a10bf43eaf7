//! Property: for any bilingual article whose pairs hold inline text only, the target-locale
//! and en-US models have the same step keys.

use kbgen::model::recognition::RecognitionSet;
use kbgen::modelling as pipeline;
use proptest::prelude::*;

fn pair(n: usize, target: &str, source: &str) -> String {
    format!(
        "<span data-ttu-id=\"abcde-{n}\">{target}</span><span class=\"sxs-lookup\"><span data-stu-id=\"abcde-{n}\">{source}</span></span>"
    )
}

#[derive(Debug, Clone)]
enum Piece {
    StepHeading { number: u8, optional: bool },
    Heading,
    OrderedItem { nested: bool },
    BulletItem,
    Paragraph,
    Lettered,
    Alert,
}

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        (1u8..9, any::<bool>())
            .prop_map(|(number, optional)| Piece::StepHeading { number, optional }),
        Just(Piece::Heading),
        any::<bool>().prop_map(|nested| Piece::OrderedItem { nested }),
        Just(Piece::BulletItem),
        Just(Piece::Paragraph),
        Just(Piece::Lettered),
        Just(Piece::Alert),
    ]
}

/// Segment texts without leading or trailing spaces: whitespace at a segment edge can change
/// CommonMark block structure (list nesting), which is then a real difference between the
/// languages, not a recognition error.
fn words() -> impl Strategy<Value = (String, String)> {
    (
        "[A-Za-zé]([A-Za-zé ]{0,18}[A-Za-zé])?",
        "[A-Za-z]([A-Za-z ]{0,18}[A-Za-z])?",
    )
}

fn document(pieces: &[(Piece, (String, String))]) -> String {
    let mut text = String::from("---\ntitle: T\nms.contentlocale: nl-NL\n---\n# ");
    text.push_str(&pair(1, "Titel", "Title"));
    text.push_str("\n\n");
    for (i, (piece, (t, s))) in pieces.iter().enumerate() {
        let n = i + 2;
        let line = match piece {
            Piece::StepHeading { number, optional } => {
                let (o, anchor) = if *optional {
                    (" Optioneel:", "-optional")
                } else {
                    ("", "")
                };
                let en = if *optional { " Optional:" } else { "" };
                format!(
                    "## <a name=\"step-{number}{anchor}-x\"></a>{}",
                    pair(
                        n,
                        &format!("Stap {number}{o} {t}"),
                        &format!("Step {number}{en} {s}")
                    )
                )
            }
            Piece::Heading => format!("## {}", pair(n, t, s)),
            Piece::OrderedItem { nested: false } => format!("1. {}", pair(n, t, s)),
            Piece::OrderedItem { nested: true } => {
                format!("1. {}\n   1. {}", pair(n, t, s), pair(n + 1000, t, s))
            }
            Piece::BulletItem => format!("- {}", pair(n, t, s)),
            Piece::Paragraph => pair(n, t, s),
            Piece::Lettered => format!("a. {}\nb. {}", pair(n, t, s), pair(n + 1000, t, s)),
            Piece::Alert => format!("> [!NOTE]\n> {}", pair(n, t, s)),
        };
        text.push_str(&line);
        text.push_str("\n\n");
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn target_and_en_us_have_the_same_step_keys(pieces in prop::collection::vec((piece(), words()), 0..24)) {
        let text = document(&pieces);
        let words = RecognitionSet::embedded();
        let (target, source) = pipeline::models_of_text("t", "nl-NL", text, &words);
        let source = source.expect("bilingual");
        let keys = |a: &kbgen::model::Article| {
            a.all_steps().iter().map(|s| (s.key.clone(), s.optional)).collect::<Vec<_>>()
        };
        prop_assert_eq!(keys(&target), keys(&source));
    }
}
