//! Property tests of the segmenter: any input writes back unchanged and never panics; generated
//! well-formed documents segment into exactly their pairs.

use kbgen::bilingual::{BilingualDoc, Piece, Side};
use kbgen::projection::{self, ProjectOptions};
use proptest::prelude::*;

/// Text fragments that stress the segmenter: markers, halves of markers, quotes, line breaks.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 .,*_\\\\>\\[\\]()!#-]{0,12}",
        "[\\n\\r\\t ]{1,3}",
        Just("<span data-ttu-id=\"ab12c-101\">".to_string()),
        Just("<span data-ttu-id=&quot;ab12c-p7&quot;>".to_string()),
        Just("</span><span class=\"sxs-lookup\"><span data-stu-id=\"ab12c-101\">".to_string()),
        Just("</span><span class=\"sxs-lookup\">".to_string()),
        Just("</span></span>".to_string()),
        Just("</span>".to_string()),
        Just("<span>".to_string()),
        Just("<span class=\"x\">".to_string()),
        Just("\u{feff}".to_string()),
        Just("√©Ã¶é’".to_string()),
        Just("\\*".to_string()),
        Just("---\n".to_string()),
    ]
}

fn clean_text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 .,*_\\\\()é’-]{0,16}"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_input_writes_back_and_projects_without_panic(parts in prop::collection::vec(fragment(), 0..40)) {
        let input: String = parts.concat();
        let (doc, issues) = BilingualDoc::parse(input.clone());
        prop_assert_eq!(doc.write(), input.clone());
        let mut end = 0;
        for piece in doc.pieces() {
            let range = match piece {
                Piece::Skeleton(r) => r.clone(),
                Piece::Pair(i) => doc.segments()[*i].range(),
            };
            prop_assert_eq!(range.start, end);
            end = range.end;
        }
        prop_assert_eq!(end, input.len());
        for issue in &issues {
            prop_assert!(issue.offset <= input.len());
        }
        for side in [Side::Target, Side::Source] {
            let (projection, _) = projection::project(&doc, side, &ProjectOptions::default());
            if let Some(last) = projection.chunks.last() {
                prop_assert_eq!(last.projected.end, projection.text.len());
            }
        }
    }

    #[test]
    fn generated_documents_segment_into_their_pairs(
        items in prop::collection::vec((clean_text(), clean_text(), clean_text()), 0..20)
    ) {
        let mut input = String::new();
        let mut target = String::new();
        let mut source = String::new();
        for (n, (skeleton, t, s)) in items.iter().enumerate() {
            input.push_str(skeleton);
            target.push_str(skeleton);
            source.push_str(skeleton);
            input.push_str(&format!(
                "<span data-ttu-id=\"f00d1-{n}\">{t}</span><span class=\"sxs-lookup\"><span data-stu-id=\"f00d1-{n}\">{s}</span></span>"
            ));
            target.push_str(t);
            source.push_str(s);
        }
        let (doc, issues) = BilingualDoc::parse(input.clone());
        prop_assert!(issues.is_empty(), "{:?}", issues);
        prop_assert_eq!(doc.segments().len(), items.len());
        prop_assert_eq!(doc.project_raw(Side::Target), target);
        prop_assert_eq!(doc.project_raw(Side::Source), source);
        prop_assert_eq!(doc.write(), input);
    }
}

#[test]
fn a_10_mb_single_line_file_segments_in_linear_time() {
    // 10 MB of pairs on one line, then 10 MB of unclosed openings: both must finish quickly
    // (a quadratic scan would take minutes); timing lives in benches, this checks completion
    let pair = "<span data-ttu-id=\"a-1\">x</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">y</span></span> ";
    let input = pair.repeat(10_000_000 / pair.len());
    let (doc, _) = BilingualDoc::parse(input.clone());
    assert_eq!(doc.segments().len(), input.len() / pair.len());
    let open = "<span data-ttu-id=\"a-1\">";
    let input = open.repeat(10_000_000 / open.len());
    let (doc, issues) = BilingualDoc::parse(input.clone());
    assert_eq!(doc.write(), input);
    assert_eq!(issues.len(), input.len() / open.len());
}
