//! The article model of the seed articles in every locale they exist in, and en-US.

use crate::common;

use kbgen::model::{Article, Block, CalloutKind, Inline, Step, plain_text};

fn models() -> Vec<Article> {
    common::default_models()
}

fn article<'a>(articles: &'a [Article], slug: &str, locale: &str) -> &'a Article {
    articles
        .iter()
        .find(|a| a.slug == slug && a.locale == locale)
        .unwrap_or_else(|| panic!("{slug} {locale}"))
}

fn links(inlines: &[Inline]) -> usize {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Link { .. } => 1,
            Inline::Strong { children } | Inline::Emphasis { children } => links(children),
            _ => 0,
        })
        .sum()
}

const RECOMMENDED: &str = "recommended-steps-to-take-if-an-account-is-compromised";
const RESPONDING: &str = "responding-to-a-compromised-email-account";

#[test]
fn recommended_steps_has_five_linked_steps_in_every_locale() {
    let articles = models();
    for locale in ["nl-NL", "sv-SE", "en-US"] {
        let a = article(&articles, RECOMMENDED, locale);
        assert_eq!(a.steps.len(), 5, "{locale}");
        assert!(
            a.steps.iter().all(|s| !s.optional && links(&s.title) >= 1),
            "{locale}"
        );
        assert_eq!(
            a.steps.iter().map(|s| s.key.as_str()).collect::<Vec<_>>(),
            ["1", "2", "3", "4", "5"]
        );
        // the closing paragraph with the roadmap link follows the steps and is not one
        let after: Vec<&Block> = a.intro[a.steps_at..].iter().collect();
        assert_eq!(after.len(), 1);
        assert!(matches!(after[0], Block::Paragraph { inlines, .. } if links(inlines) == 1));
        assert!(
            matches!(a.intro[0], Block::Video { .. }),
            "{locale}: the VIDEO link is a video"
        );
    }
}

fn procedure(a: &Article) -> &kbgen::model::Section {
    a.sections
        .iter()
        .find(|s| s.steps.len() == 7)
        .expect("a section with the 7 steps")
}

fn callouts(step: &Step) -> Vec<(CalloutKind, usize)> {
    step.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Callout { kind, blocks, .. } => Some((
                *kind,
                blocks
                    .iter()
                    .map(|b| match b {
                        Block::List { items, .. } => items.len(),
                        _ => 1,
                    })
                    .sum(),
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn responding_has_the_expected_shape_in_every_locale() {
    let articles = models();
    for locale in ["nl-NL", "en-US"] {
        let a = article(&articles, RESPONDING, locale);
        assert_eq!(
            a.sections.len(),
            5,
            "{locale}: what is, symptoms, procedure, secure like a pro, see also"
        );
        assert_eq!(
            a.sections[0].anchor,
            "what-is-a-compromised-email-account-in-microsoft-365"
        );
        let symptoms = &a.sections[1];
        let lists: Vec<&Vec<kbgen::model::ListItem>> = symptoms
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::List { items, .. } => Some(items),
                _ => None,
            })
            .collect();
        assert_eq!(lists[0].len(), 10, "{locale}: 10 symptoms");
        let tools = lists[1];
        let columns = tools[2].blocks.iter().find_map(|b| match b {
            Block::List { items, .. } => Some(items.len()),
            _ => None,
        });
        assert_eq!(columns, Some(4), "{locale}: 4 sign-in log columns");
        let steps = &procedure(a).steps;
        let numbers: Vec<&str> = steps.iter().map(|s| s.number.as_str()).collect();
        assert_eq!(numbers, ["1", "2", "3", "4", "5", "6", "7"]);
        let optional: Vec<bool> = steps.iter().map(|s| s.optional).collect();
        assert_eq!(
            optional,
            [false, false, false, false, true, true, true],
            "{locale}"
        );
        // step 1: the IMPORTANT callout with its points (six bullets in the article)
        assert_eq!(
            callouts(&steps[0]),
            [(CalloutKind::Important, 6)],
            "{locale}"
        );
        // step 5: five sub-steps, the last with nested items
        assert_eq!(steps[4].substeps.len(), 5);
        assert!(
            matches!(steps[4].substeps[4].blocks.as_slice(), [Block::List { items, .. }] if items.len() == 2)
        );
        // step 6: a NOTE and four sub-steps; lettered lines are sub-steps of sub-steps 3 and 4
        assert_eq!(
            callouts(&steps[5]).first().map(|c| c.0),
            Some(CalloutKind::Note)
        );
        assert_eq!(steps[5].substeps.len(), 4);
        let lettered: Vec<Vec<&str>> = steps[5].substeps[2..]
            .iter()
            .map(|s| s.substeps.iter().map(|l| l.number.as_str()).collect())
            .collect();
        assert_eq!(lettered, [vec!["a", "b", "c"], vec!["a", "b"]]);
        assert_eq!(
            steps[5].substeps[1].substeps.len(),
            3,
            "nested ordered list"
        );
        assert_eq!(steps[6].substeps.len(), 3);
        // step titles lose their "Step N Optional:" prefix in every language
        let title = plain_text(&steps[4].title);
        assert!(
            !title.starts_with("Stap") && !title.starts_with("Step") && !title.contains("ption"),
            "{title}"
        );
        // see also
        let see_also = a.sections.last().unwrap();
        assert!(
            matches!(see_also.blocks.as_slice(), [Block::List { items, .. }] if items.len() >= 2)
        );
    }
}

#[test]
fn every_locale_of_an_article_has_the_same_step_keys() {
    let articles = models();
    for slug in [RECOMMENDED, RESPONDING] {
        let keyed: Vec<(String, Vec<String>)> = articles
            .iter()
            .filter(|a| a.slug == slug)
            .map(|a| {
                (
                    a.locale.clone(),
                    a.all_steps().iter().map(|s| s.key.clone()).collect(),
                )
            })
            .collect();
        assert!(keyed.len() >= 2, "{slug}");
        for (locale, keys) in &keyed[1..] {
            assert_eq!(keys, &keyed[0].1, "{slug}: {locale} vs {}", keyed[0].0);
        }
    }
}

#[test]
fn steps_trace_to_lines_and_segment_ids() {
    let articles = models();
    let nl = article(&articles, RESPONDING, "nl-NL");
    let step = &procedure(nl).steps[0];
    assert_eq!(step.origin.line, 91);
    assert_eq!(step.origin.segments, ["b886f-147"]);
    let en = article(&articles, RESPONDING, "en-US");
    assert_eq!(procedure(en).steps[0].origin.segments, ["b886f-147"]);
}

#[test]
fn json_snapshots_of_every_seed_model() {
    for a in models() {
        let json = serde_json::to_string_pretty(&a).unwrap();
        let name = format!("{}__{}", a.locale, a.slug);
        insta::assert_snapshot!(name, json);
    }
}

/// Links as a default build resolves them: the seed articles, no published base.
fn seed_links() -> kbgen::render::links::LinkMap {
    kbgen::render::links::LinkMap::new(models().into_iter().map(|a| a.slug))
        .with_bases(None, "http://localhost:8000/")
}

#[test]
fn checklist_files_never_show_a_raw_path() {
    use kbgen::render::checklist::{ChecklistFormat, render};
    let strings = kbgen::l10n::Strings::embedded();
    let articles = models();
    let nl = article(&articles, RESPONDING, "nl-NL");
    let t = strings.localizer(&"nl-NL".parse().unwrap());
    for format in [ChecklistFormat::Markdown, ChecklistFormat::Text] {
        let text = render(nl, &t, format, &seed_links());
        assert!(!text.contains(".md"), "{text}");
        assert!(!text.contains("../"), "{text}");
        let published = kbgen::render::links::LinkMap::new([RESPONDING.to_string()]).with_bases(
            // the article lives two folders down in the published repository
            Some("https://learn.example/{locale}/m365/security/office-365-security/".into()),
            "http://localhost:8000/",
        );
        let text = render(nl, &t, format, &published);
        assert!(
            text.contains(
                "https://learn.example/nl-nl/m365/admin/add-users/reset-passwords#reset-my-admin-password"
            ),
            "{text}"
        );
    }
}

#[test]
fn checklist_snapshots_of_every_seed_in_every_locale() {
    use kbgen::render::checklist::{ChecklistFormat, render};
    let strings = kbgen::l10n::Strings::embedded();
    for a in models() {
        let t = strings.localizer(&a.locale.parse().unwrap());
        for (format, extension) in [
            (ChecklistFormat::Markdown, "md"),
            (ChecklistFormat::Text, "txt"),
        ] {
            let text = render(&a, &t, format, &seed_links());
            insta::assert_snapshot!(
                format!("checklist__{}__{}__{extension}", a.locale, a.slug),
                text
            );
        }
    }
}

#[test]
fn checklists_hold_every_step_and_the_alerting_callouts() {
    use kbgen::render::checklist::{ChecklistFormat, render};
    let strings = kbgen::l10n::Strings::embedded();
    let articles = models();
    let nl = article(&articles, RESPONDING, "nl-NL");
    let t = strings.localizer(&"nl-NL".parse().unwrap());
    let md = render(nl, &t, ChecklistFormat::Markdown, &seed_links());
    assert_eq!(md.matches("- [ ] ").count(), nl.all_steps().len());
    assert!(
        md.contains("- [ ] **Stap 5** Aanmelden bij het gebruikersaccount blokkeren _(optioneel)_")
    );
    assert!(md.contains("  > **Belangrijk:**"));
    assert!(md.contains("    - [ ] **a.** Klik op **Bewerken** naast **Leden**."));
    let txt = render(nl, &t, ChecklistFormat::Text, &seed_links());
    assert_eq!(txt.matches("[ ] ").count(), nl.all_steps().len());
    assert!(txt.contains("\nKoppelingen\n-----------\n[1] "));
    assert!(!txt.contains("](http"), "plain text has no markdown links");
}

#[test]
fn a_single_bullet_under_a_to_heading_is_a_procedure_of_one_step() {
    // Microsoft's style for a one-step procedure (BizTalk, SQL Server): `#### To build …` and
    // one bullet
    let words = kbgen::model::recognition::RecognitionSet::embedded();
    let pair = |target: &str, source: &str, id: &str| {
        format!(
            "<span data-ttu-id=\"p-{id}\">{target}</span><span class=\"sxs-lookup\"><span data-stu-id=\"p-{id}\">{source}</span></span>"
        )
    };
    let text = format!(
        "---\ntitle: Bouwen\n---\n# {}\n\n#### {}\n\n-   {}\n\n## {}\n\n- {}\n\n## {}\n\n- {}\n- {}\n",
        pair("Bouwen", "Build", "101"),
        pair("Het project bouwen", "To build the project", "102"),
        pair("Klik op **Bouwen**.", "Click **Build**.", "103"),
        pair("Tokens", "Tokens", "104"),
        pair("Een token is een sleutel.", "A token is a key.", "105"),
        pair("Aanmelden", "To sign in", "106"),
        pair("Met een wachtwoord.", "With a password.", "107"),
        pair("Met een sleutel.", "With a key.", "108"),
    );
    let (target, source) = kbgen::modelling::models_of_text("bouwen", "nl-NL", text, &words);
    for article in [&target, &source.unwrap()] {
        // the "To" heading's single bullet is a step; a heading that only starts with the
        // letters, and a "To" heading over two bullets, keep their lists
        let steps: Vec<usize> = article.sections.iter().map(|s| s.steps.len()).collect();
        assert_eq!(steps, [1, 0, 0], "{}", article.locale);
        let lists = |i: usize| {
            article.sections[i]
                .blocks
                .iter()
                .filter(|b| matches!(b, Block::List { .. }))
                .count()
        };
        assert_eq!(
            [lists(0), lists(1), lists(2)],
            [0, 1, 1],
            "{}",
            article.locale
        );
        let title = plain_text(&article.sections[0].steps[0].title);
        assert!(
            title == "Klik op Bouwen." || title == "Click Build.",
            "{title}"
        );
    }
    // an English article written without pairs is read with its own words
    let (english, _) = kbgen::modelling::models_of_text(
        "sign-in",
        "en-US",
        "# Sign in\n\n## To sign in\n\n- Select **Sign in**.\n".to_string(),
        &words,
    );
    assert_eq!(english.all_steps().len(), 1);
    // and a Dutch one has no such word
    let (dutch, _) = kbgen::modelling::models_of_text(
        "aanmelden",
        "nl-NL",
        "# Aanmelden\n\n## To aanmelden\n\n- Kies **Aanmelden**.\n".to_string(),
        &words,
    );
    assert!(dutch.all_steps().is_empty());
}
