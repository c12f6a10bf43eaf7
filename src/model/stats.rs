//! Counts over article models: steps, optional steps, sub-steps, callouts by kind, includes.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Article, Block, Section, Step};

/// Counts over one or more articles.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Articles counted.
    pub articles: usize,
    /// Articles with at least one step.
    pub articles_with_steps: usize,
    /// Top-level steps.
    pub steps: usize,
    /// Top-level steps marked optional.
    pub optional_steps: usize,
    /// Sub-steps at any depth.
    pub substeps: usize,
    /// Callouts by kind.
    pub callouts: BTreeMap<String, usize>,
    /// Includes that could not be resolved.
    pub unresolved_includes: usize,
    /// Includes resolved.
    pub resolved_includes: usize,
}

impl Stats {
    /// Adds one article.
    pub fn add(&mut self, article: &Article) {
        self.articles += 1;
        let before = self.steps;
        self.add_blocks(&article.intro);
        self.add_steps(&article.steps, 0);
        for section in &article.sections {
            self.add_section(section);
        }
        if self.steps > before {
            self.articles_with_steps += 1;
        }
    }

    fn add_section(&mut self, section: &Section) {
        self.add_blocks(&section.blocks);
        self.add_steps(&section.steps, 0);
        for child in &section.sections {
            self.add_section(child);
        }
    }

    fn add_steps(&mut self, steps: &[Step], depth: usize) {
        for step in steps {
            if depth == 0 {
                self.steps += 1;
                self.optional_steps += usize::from(step.optional);
            } else {
                self.substeps += 1;
            }
            self.add_blocks(&step.blocks);
            self.add_steps(&step.substeps, depth + 1);
        }
    }

    fn add_blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            match block {
                Block::Callout { kind, blocks, .. } => {
                    *self.callouts.entry(kind.as_str().to_string()).or_default() += 1;
                    self.add_blocks(blocks);
                }
                Block::Include {
                    resolved, blocks, ..
                } => {
                    if *resolved {
                        self.resolved_includes += 1;
                    } else {
                        self.unresolved_includes += 1;
                    }
                    self.add_blocks(blocks);
                }
                Block::Quote { blocks, .. } => self.add_blocks(blocks),
                Block::List { items, .. } => {
                    for item in items {
                        self.add_blocks(&item.blocks);
                    }
                }
                _ => {}
            }
        }
    }
}
