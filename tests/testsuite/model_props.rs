//! Property: for any bilingual article whose pairs hold inline text only, the target-locale
//! and en-US models have the same step keys: in Dutch, in Arabic (Arabic-Indic digits, `أ.`
//! `ب.` letters inside the pairs, `(اختياري)`) and in Japanese (`手順１`, full-width
//! punctuation, `（省略可能）`), with and without en-US anchors on the step headings.

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

/// The language of the target side.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Script {
    Dutch,
    Arabic,
    Japanese,
}

impl Script {
    fn locale(self) -> &'static str {
        match self {
            Script::Dutch => "nl-NL",
            Script::Arabic => "ar-SA",
            Script::Japanese => "ja-JP",
        }
    }

    /// `number` in the script's digits.
    fn digits(self, number: u8) -> String {
        let zero = match self {
            Script::Dutch => '0',
            Script::Arabic => '\u{660}',
            Script::Japanese => '\u{FF10}',
        };
        number
            .to_string()
            .chars()
            .map(|d| char::from_u32(u32::from(zero) + d.to_digit(10).unwrap()).unwrap())
            .collect()
    }

    /// A step heading's target text.
    fn step_heading(self, number: u8, optional: bool, text: &str) -> String {
        let n = self.digits(number);
        match (self, optional) {
            (Script::Dutch, true) => format!("Stap {n} Optioneel: {text}"),
            (Script::Dutch, false) => format!("Stap {n} {text}"),
            (Script::Arabic, true) => format!("الخطوة {n} (اختياري): {text}"),
            (Script::Arabic, false) => format!("الخطوة {n}: {text}"),
            (Script::Japanese, true) => format!("手順{n}（省略可能）：{text}"),
            (Script::Japanese, false) => format!("手順{n}：{text}"),
        }
    }

    /// Two lettered lines (`a.` `b.` in the source), as the translation writes them.
    fn lettered(self, n: usize, (t, s): (&str, &str)) -> String {
        match self {
            Script::Dutch => format!("a. {}\nb. {}", pair(n, t, s), pair(n + 1000, t, s)),
            // the letters are pairs of their own, translated
            Script::Arabic => format!(
                "{} {}\n{} {}",
                pair(n, "أ.", "a."),
                pair(n + 1000, t, s),
                pair(n + 2000, "ب.", "b."),
                pair(n + 3000, t, s)
            ),
            Script::Japanese => format!(
                "{}\n{}",
                pair(n, &format!("a. {t}"), &format!("a. {s}")),
                pair(n + 1000, &format!("b. {t}"), &format!("b. {s}"))
            ),
        }
    }
}

fn script_words(script: Script) -> impl Strategy<Value = (String, String)> {
    let target = match script {
        Script::Dutch => "[A-Za-zé]([A-Za-zé ]{0,18}[A-Za-zé])?",
        Script::Arabic => "[ء-ي]([ء-ي ]{0,18}[ء-ي])?",
        Script::Japanese => "[ぁ-んァ-ン一-龥]{1,12}",
    };
    (target, "[A-Za-z]([A-Za-z ]{0,18}[A-Za-z])?")
}

fn document(pieces: &[(Piece, (String, String))]) -> String {
    document_in(Script::Dutch, true, pieces)
}

fn document_in(script: Script, anchors: bool, pieces: &[(Piece, (String, String))]) -> String {
    let mut text = format!(
        "---\ntitle: T\nms.contentlocale: {}\n---\n# ",
        script.locale()
    );
    text.push_str(&pair(1, "Titel", "Title"));
    text.push_str("\n\n");
    for (i, (piece, (t, s))) in pieces.iter().enumerate() {
        let n = i + 2;
        let line = match piece {
            Piece::StepHeading { number, optional } => {
                let anchor = if *optional { "-optional" } else { "" };
                let en = if *optional { " Optional:" } else { "" };
                let name = if anchors {
                    format!("<a name=\"step-{number}{anchor}-x\"></a>")
                } else {
                    String::new()
                };
                format!(
                    "## {name}{}",
                    pair(
                        n,
                        &script.step_heading(*number, *optional, t),
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
            Piece::Lettered => script.lettered(n, (t, s)),
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

    #[test]
    fn arabic_and_japanese_targets_have_the_en_us_step_keys(
        (script, anchors, pieces) in (
            prop_oneof![Just(Script::Arabic), Just(Script::Japanese)],
            any::<bool>(),
        )
            .prop_flat_map(|(script, anchors)| {
                (
                    Just(script),
                    Just(anchors),
                    prop::collection::vec((piece(), script_words(script)), 0..16),
                )
            })
    ) {
        let text = document_in(script, anchors, &pieces);
        let words = RecognitionSet::embedded();
        let (target, source) = pipeline::models_of_text("t", script.locale(), text, &words);
        let source = source.expect("bilingual");
        let keys = |a: &kbgen::model::Article| {
            a.all_steps().iter().map(|s| (s.key.clone(), s.optional)).collect::<Vec<_>>()
        };
        prop_assert_eq!(keys(&target), keys(&source));
    }
}
