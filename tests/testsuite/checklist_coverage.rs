//! Every instruction of every step is in every checklist format: each text node of each step
//! (titles, paragraphs, nested lists, callouts, code, tables, image alt text, link text) of
//! every article in `content/` and in the shared corpus appears in the markdown, the plain-text
//! and the HTML checklist. Only the boxes are chosen; no text between them may be dropped.

use crate::common;

use kbgen::l10n::Strings;
use kbgen::model::{Article, Block, Inline, Section, Step};
use kbgen::render::checklist::{ChecklistFormat, render};
use kbgen::render::html::{StepMode, push_steps};
use kbgen::render::{RenderContext, links::LinkMap};
use rayon::prelude::*;

/// Whitespace collapsed to single spaces.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn inline_texts(inlines: &[Inline], out: &mut Vec<String>) {
    for inline in inlines {
        match inline {
            Inline::Text { text } | Inline::Code { text } => out.push(squash(text)),
            Inline::Image { alt, .. } => out.push(squash(alt)),
            Inline::Emphasis { children }
            | Inline::Strong { children }
            | Inline::Strikethrough { children }
            | Inline::Link { children, .. } => inline_texts(children, out),
            _ => {}
        }
    }
}

fn block_texts(blocks: &[Block], out: &mut Vec<String>) {
    for block in blocks {
        match block {
            Block::Paragraph { inlines, .. } | Block::Heading { inlines, .. } => {
                inline_texts(inlines, out)
            }
            Block::List { items, .. } => {
                for item in items {
                    block_texts(&item.blocks, out);
                }
            }
            Block::Callout { blocks, .. }
            | Block::Quote { blocks, .. }
            | Block::Include { blocks, .. } => block_texts(blocks, out),
            Block::Code { text, .. } => out.extend(text.lines().map(squash)),
            Block::Table { header, rows, .. } => {
                for cell in header.iter().chain(rows.iter().flatten()) {
                    inline_texts(cell, out);
                }
            }
            Block::Image { alt, .. } => out.push(squash(alt)),
            _ => {}
        }
    }
}

fn step_texts(steps: &[Step], out: &mut Vec<String>) {
    for step in steps {
        inline_texts(&step.title, out);
        block_texts(&step.blocks, out);
        step_texts(&step.substeps, out);
    }
}

/// Every section of the article, nested ones included, in order.
fn sections(article: &Article) -> Vec<&Section> {
    fn walk<'a>(list: &'a [Section], out: &mut Vec<&'a Section>) {
        for section in list {
            out.push(section);
            walk(&section.sections, out);
        }
    }
    let mut out = Vec::new();
    walk(&article.sections, &mut out);
    out
}

/// Markdown without its escapes, whitespace squashed.
fn unescaped_markdown(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            // the escaped character itself, whatever it is
            out.extend(chars.next());
            continue;
        }
        out.push(c);
    }
    squash(&out)
}

/// The text nodes of `article`'s steps that a checklist format lacks: (format, text).
fn missing(article: &Article, strings: &Strings) -> Vec<(&'static str, String)> {
    let mut texts = Vec::new();
    for steps in
        std::iter::once(&article.steps).chain(sections(article).into_iter().map(|s| &s.steps))
    {
        step_texts(steps, &mut texts);
    }
    texts.retain(|t| !t.is_empty());
    if texts.is_empty() {
        return Vec::new();
    }
    let t = strings.localizer(&article.locale.parse().unwrap());
    let links = LinkMap::new([article.slug.clone()]).with_bases(None, "http://localhost:8000/");
    let raw_markdown = render(article, &t, ChecklistFormat::Markdown, &links);
    // text is escaped in markdown, code spans and blocks are not: accept either reading
    let markdown = format!(
        "{} {}",
        unescaped_markdown(&raw_markdown),
        squash(&raw_markdown)
    );
    let text = squash(&render(article, &t, ChecklistFormat::Text, &links));
    let context = RenderContext::new(&t, &links, &article.slug, &article.path);
    let mut html = String::new();
    push_steps(
        &mut html,
        &article.steps,
        &context,
        StepMode::Checklist { heading: 2 },
        0,
    );
    for section in sections(article) {
        push_steps(
            &mut html,
            &section.steps,
            &context,
            StepMode::Checklist { heading: 2 },
            0,
        );
    }
    // the page's text, and the alt text of its images (what a screen reader and a print show)
    let fragment = scraper::Html::parse_fragment(&html);
    let mut page_text: String = fragment.root_element().text().collect();
    let images = scraper::Selector::parse("img[alt]").unwrap();
    for image in fragment.select(&images) {
        page_text.push(' ');
        page_text.push_str(image.value().attr("alt").unwrap_or(""));
    }
    let html = squash(&page_text);
    let mut out = Vec::new();
    for node in texts {
        for (format, rendered) in [("md", &markdown), ("txt", &text), ("html", &html)] {
            if !rendered.contains(&node) {
                out.push((format, node.clone()));
            }
        }
    }
    out
}

#[test]
fn every_text_of_every_step_is_in_every_checklist_format_of_the_content() {
    let strings = Strings::embedded();
    let articles = common::default_models();
    assert!(articles.iter().any(|a| !a.all_steps().is_empty()));
    for article in &articles {
        let lost = missing(article, &strings);
        assert!(
            lost.is_empty(),
            "{} ({}): {:?}",
            article.slug,
            article.locale,
            &lost[..lost.len().min(5)]
        );
    }
}

#[test]
fn every_text_of_every_step_is_in_every_checklist_format_of_the_corpus() {
    let Some(root) = common::corpus() else { return };
    let pairs = kbgen::fidelity::read_manifest(&root).unwrap();
    let words = kbgen::model::recognition::RecognitionSet::embedded();
    let strings = Strings::embedded();
    let lost: Vec<String> = pairs
        .par_iter()
        .flat_map_iter(|pair| {
            let text = std::fs::read_to_string(pair.sxs(&root)).unwrap();
            let (target, source) =
                kbgen::modelling::models_of_text(&pair.name, &pair.locale, text, &words);
            let mut lost = Vec::new();
            for article in std::iter::once(target).chain(source) {
                for (format, node) in missing(&article, &strings) {
                    lost.push(format!("{} {} {format}: {node}", pair.name, article.locale));
                }
            }
            lost
        })
        .collect();
    assert!(
        lost.is_empty(),
        "{} lost, first: {:#?}",
        lost.len(),
        &lost[..lost.len().min(10)]
    );
}
