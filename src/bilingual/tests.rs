use super::*;

fn pair(id: &str, target: &str, source: &str) -> String {
    format!(
        "<span data-ttu-id=\"{id}\">{target}</span><span class=\"sxs-lookup\"><span data-stu-id=\"{id}\">{source}</span></span>"
    )
}

/// Segments `input`; checks the lossless write-back; returns both projections and the rule ids.
fn check(input: &str) -> (String, String, Vec<&'static str>) {
    let (doc, issues) = BilingualDoc::parse(input.to_string());
    assert_eq!(doc.write(), input, "write-back must be lossless");
    let mut end = 0;
    for piece in doc.pieces() {
        let range = match piece {
            Piece::Skeleton(r) => r.clone(),
            Piece::Pair(i) => doc.segments()[*i].range(),
        };
        assert_eq!(range.start, end, "pieces must tile the text");
        end = range.end;
    }
    assert_eq!(end, input.len());
    (
        doc.project_raw(Side::Target),
        doc.project_raw(Side::Source),
        issues.iter().map(|i| i.rule).collect(),
    )
}

#[test]
fn one_pair_in_a_heading_with_anchor() {
    let input = format!(
        "# <a name=\"x\"></a>{}\n",
        pair("b2c2d-102", "Hallo", "Hello")
    );
    let (t, s, rules) = check(&input);
    assert_eq!(t, "# <a name=\"x\"></a>Hallo\n");
    assert_eq!(s, "# <a name=\"x\"></a>Hello\n");
    assert!(rules.is_empty());
}

#[test]
fn pairs_inside_link_text_and_links_inside_pairs() {
    let input = format!(
        "[{}](https://a.example/?x=1&amp;y=2)\n1. {} {}",
        pair("a-1", "VIDEO: herstellen", "VIDEO: fixing"),
        pair(
            "a-2",
            "[Stel in](https://l.example).",
            "[Reset](https://l.example) now."
        ),
        pair("a-3", "Niet \\> wel", "Not \\> so"),
    );
    let (t, s, rules) = check(&input);
    assert_eq!(
        t,
        "[VIDEO: herstellen](https://a.example/?x=1&amp;y=2)\n1. [Stel in](https://l.example). Niet \\> wel"
    );
    assert_eq!(
        s,
        "[VIDEO: fixing](https://a.example/?x=1&amp;y=2)\n1. [Reset](https://l.example) now. Not \\> so"
    );
    assert!(rules.is_empty());
}

#[test]
fn merged_paragraph_ids_and_numbers() {
    let (doc, issues) = BilingualDoc::parse(pair("b886f-p102", "A. B.", "A. B."));
    assert!(issues.is_empty());
    assert_eq!(doc.segments()[0].id.as_str(), "b886f-p102");
    assert_eq!(doc.segments()[0].id.number(), "p102");
}

#[test]
fn unclosed_inner_span_in_both_sides_is_balanced_by_the_end_rule() {
    // an unclosed inner <span> in target and source (a "link breaker"): the source ends at the
    // first `</span></span>` where its balance equals the target's
    let input = format!("{} na", pair("a-1", "Zie <span>x", "See <span>x"));
    let (t, s, rules) = check(&input);
    assert_eq!(t, "Zie <span>x na");
    assert_eq!(s, "See <span>x na");
    assert_eq!(rules, ["unbalanced-span"]);
}

#[test]
fn source_with_balanced_inner_span_closing_just_before_the_end() {
    let input = format!(
        "{} tail",
        pair("a-1", "Doel", "Goal <span class=\"a\">z</span>")
    );
    let (t, s, rules) = check(&input);
    assert_eq!(t, "Doel tail");
    assert_eq!(s, "Goal <span class=\"a\">z</span> tail");
    assert!(rules.is_empty());
}

#[test]
fn crlf_bom_and_multiline_segments() {
    let input = format!(
        "\u{feff}---\r\ntitle: x\r\n---\r\n{}\r\n",
        pair("a-1", "een\r\ntwee", "one\r\ntwo")
    );
    let (t, s, rules) = check(&input);
    assert_eq!(t, "\u{feff}---\r\ntitle: x\r\n---\r\neen\r\ntwee\r\n");
    assert_eq!(s, "\u{feff}---\r\ntitle: x\r\n---\r\none\r\ntwo\r\n");
    assert!(rules.is_empty());
}

#[test]
fn quot_entity_attributes_are_accepted_with_a_warning() {
    let input = "<span data-ttu-id=&quot;a-1&quot;>Ja</span><span class=&quot;sxs-lookup&quot;><span data-stu-id=&quot;a-1&quot;>Yes</span></span>";
    let (t, s, rules) = check(input);
    assert_eq!((t.as_str(), s.as_str()), ("Ja", "Yes"));
    assert_eq!(rules, ["quot-attribute"]);
}

#[test]
fn quoting_damaged_on_one_side_of_an_attribute_is_still_a_pair() {
    // the generator's damage seen in real files: `"` opens, `&quot;` closes (and the reverse)
    let input = "<span data-ttu-id=\"a-1&quot;>Ja</span><span class=&quot;sxs-lookup\"><span data-stu-id=\"a-1&quot;>Yes</span></span> en <span data-ttu-id=&quot;a-2\">nee</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-2\">no</span></span>";
    let (t, s, rules) = check(input);
    assert_eq!((t.as_str(), s.as_str()), ("Ja en nee", "Yes en no"));
    assert_eq!(rules, ["quot-attribute", "quot-attribute"]);
}

#[test]
fn unclosed_pair_is_reported_and_kept_verbatim() {
    let input = format!(
        "<span data-ttu-id=\"a-1\">Half\n\n{}",
        pair("a-2", "Heel", "Whole")
    );
    let (t, s, rules) = check(&input);
    assert_eq!(t, "<span data-ttu-id=\"a-1\">Half\n\nHeel");
    assert_eq!(s, "<span data-ttu-id=\"a-1\">Half\n\nWhole");
    assert_eq!(rules, ["unclosed-pair"]);
}

#[test]
fn unclosed_source_is_reported() {
    let input = "<span data-ttu-id=\"a-1\">Ja</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">Yes";
    let (t, _, rules) = check(input);
    assert_eq!(t, input);
    assert_eq!(rules, ["unclosed-pair"]);
}

#[test]
fn orphan_lookup_mismatch_and_duplicates() {
    let orphan = "x <span class=\"sxs-lookup\"><span data-stu-id=\"a-9\">Lost</span></span>";
    let input = format!(
        "{orphan}\n{}\n{}\n{}",
        pair("a-1", "Een", "One"),
        pair("a-1", "Twee", "Two"),
        "<span data-ttu-id=\"a-3\">Drie</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-4\">Three</span></span>"
    );
    let (_, s, rules) = check(&input);
    assert!(s.ends_with("One\nTwo\nThree"));
    assert_eq!(rules, ["orphan-lookup", "duplicate-id", "id-mismatch"]);
}

#[test]
fn malformed_open_tag() {
    let input = "<span data-ttu-id=a-1>Ja</span>";
    let (t, _, rules) = check(input);
    assert_eq!(t, input);
    assert_eq!(rules, ["malformed-pair"]);
}

#[test]
fn a_file_without_pairs_is_monolingual() {
    let (doc, issues) = BilingualDoc::parse("# Titel\n\nTekst <span>x</span>\n".to_string());
    assert!(!doc.is_bilingual());
    assert!(issues.is_empty());
    assert_eq!(doc.project_raw(Side::Target), doc.text());
}

#[test]
fn hostile_repetition_is_linear() {
    // 200k openings with no middle marker: each is searched only up to the next one
    let input = "<span data-ttu-id=\"a-1\">x".repeat(200_000);
    let (doc, issues) = BilingualDoc::parse(input.clone());
    assert_eq!(doc.write(), input);
    assert_eq!(issues.len(), 200_000);
}
