//! Fidelity of projections against published twins: does the target markdown reconstructed
//! from a bilingual (`sxs`) file equal the plain translation that was published from it?
//!
//! The pair corpus layout is `<root>/MANIFEST.tsv` (columns `locale`, `name`, …) with
//! `<root>/<set>/<locale>/sxs/<name>.md` and `<root>/<set>/<locale>/live/<name>.md`, where
//! `<set>` is whichever folder of the root holds that locale (`alchemy` in the shared corpora).
//! Two figures per locale: *byte* (identical bytes) and *rendered* (identical HTML under
//! CommonMark+GFM, [`crate::markdown::render_html`]).
//!
//! A published twin that itself carries mojibake is a damaged reference: it is compared after
//! the same repair kbgen applies, and counted separately (`reference_repaired`).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::bilingual::{BilingualDoc, Side};
use crate::projection::{self, ProjectOptions};
use crate::{markdown, mojibake};

/// One manifest row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The folder of the root that holds the locale (`alchemy`).
    pub set: String,
    /// Locale folder (`nl-NL`).
    pub locale: String,
    /// File name without `.md`.
    pub name: String,
}

impl Pair {
    /// The bilingual file.
    pub fn sxs(&self, root: &Path) -> PathBuf {
        root.join(&self.set)
            .join(&self.locale)
            .join("sxs")
            .join(format!("{}.md", self.name))
    }

    /// The published twin.
    pub fn live(&self, root: &Path) -> PathBuf {
        root.join(&self.set)
            .join(&self.locale)
            .join("live")
            .join(format!("{}.md", self.name))
    }
}

/// Reads `MANIFEST.tsv` (header line first); each locale's set folder is the folder of the root
/// that has `<locale>/sxs` (the first in name order).
pub fn read_manifest(root: &Path) -> std::io::Result<Vec<Pair>> {
    let text = fs::read_to_string(root.join("MANIFEST.tsv"))?;
    let mut sets: Vec<String> = fs::read_dir(root)?
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    sets.sort();
    let mut set_of: BTreeMap<String, String> = BTreeMap::new();
    let mut pairs = Vec::new();
    for line in text.lines().skip(1) {
        let mut columns = line.split('\t');
        let (Some(locale), Some(name)) = (columns.next(), columns.next()) else {
            continue;
        };
        let set = match set_of.get(locale) {
            Some(set) => set.clone(),
            None => {
                let Some(set) = sets
                    .iter()
                    .find(|set| root.join(set).join(locale).join("sxs").is_dir())
                else {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        format!("no folder of {} holds {locale}/sxs", root.display()),
                    ));
                };
                set_of.insert(locale.to_string(), set.clone());
                set.clone()
            }
        };
        pairs.push(Pair {
            set,
            locale: locale.to_string(),
            name: name.to_string(),
        });
    }
    Ok(pairs)
}

/// How one pair compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The pair.
    pub pair: Pair,
    /// Identical bytes.
    pub byte: bool,
    /// Identical rendering.
    pub rendered: bool,
    /// The published twin carried mojibake and was compared after repair.
    pub reference_repaired: bool,
}

/// Counts for one locale.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocaleFigures {
    /// Pairs compared.
    pub pairs: usize,
    /// Byte-identical pairs.
    pub byte: usize,
    /// Rendering-identical pairs.
    pub rendered: usize,
    /// Pairs whose published twin was repaired before comparing.
    pub reference_repaired: usize,
}

impl LocaleFigures {
    /// Byte identity in percent.
    pub fn byte_percent(&self) -> f64 {
        percent(self.byte, self.pairs)
    }

    /// Rendered identity in percent.
    pub fn rendered_percent(&self) -> f64 {
        percent(self.rendered, self.pairs)
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// Compares one pair; `None` when a file cannot be read as UTF-8.
pub fn compare(root: &Path, pair: &Pair, options: &ProjectOptions) -> Option<Outcome> {
    let sxs = fs::read_to_string(pair.sxs(root)).ok()?;
    let mut live = fs::read_to_string(pair.live(root)).ok()?;
    let (doc, _) = BilingualDoc::parse(sxs);
    let (projection, _) = projection::project(&doc, Side::Target, options);
    let damage = mojibake::find(&live);
    let reference_repaired = options.repair_mojibake && !damage.is_empty();
    if reference_repaired {
        live = mojibake::apply(&live, &damage);
    }
    let byte = projection.text == live;
    let rendered = byte || markdown::same_rendering(&projection.text, &live);
    Some(Outcome {
        pair: pair.clone(),
        byte,
        rendered,
        reference_repaired,
    })
}

/// Compares every pair in parallel; outcomes in manifest order.
pub fn compare_all(root: &Path, pairs: &[Pair], options: &ProjectOptions) -> Vec<Option<Outcome>> {
    pairs
        .par_iter()
        .map(|pair| compare(root, pair, options))
        .collect()
}

/// Figures per locale.
pub fn figures(outcomes: &[Outcome]) -> BTreeMap<String, LocaleFigures> {
    let mut by_locale: BTreeMap<String, LocaleFigures> = BTreeMap::new();
    for outcome in outcomes {
        let figures = by_locale.entry(outcome.pair.locale.clone()).or_default();
        figures.pairs += 1;
        figures.byte += usize::from(outcome.byte);
        figures.rendered += usize::from(outcome.rendered);
        figures.reference_repaired += usize::from(outcome.reference_repaired);
    }
    by_locale
}
