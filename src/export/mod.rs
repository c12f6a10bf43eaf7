//! Translation memory: the aligned segments of the bilingual files, written as TMX 1.4b and
//! XLIFF 2.0 for CAT tools.
//!
//! 1. [`collect`] groups the segments of every bilingual file by article slug and segment
//!    number; files of several locales whose source text agrees share one unit (three-way
//!    alignment needs no translation: the numbers and the English text are the same);
//! 2. [`tmx`] writes one multilingual or bilingual TMX document and reads one back;
//! 3. [`xliff`] writes one XLIFF 2.0 document per target locale (XLIFF is bilingual).
//!
//! Segment text is kept as inline markdown (links, `**bold**`, escapes), with mojibake
//! repaired; XML escaping is the writer's job.

pub mod tmx;
pub mod xliff;

use std::collections::BTreeMap;

use std::path::PathBuf;

use crate::bilingual::{BilingualDoc, Side};
use crate::frontmatter::{Meta, TranslationType};
use crate::index::FileEntry;

/// The language of every source side.
pub const SOURCE_LANG: &str = "en-US";

/// One translation of a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    /// The segment id in that locale's file (`b2c2d-104`).
    pub id: String,
    /// The translated text.
    pub text: String,
    /// `HT` or `MT`, when known.
    pub translation_type: Option<String>,
    /// The file it comes from.
    pub file: String,
}

/// A source segment and its translations, aligned by article and segment number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Article slug.
    pub slug: String,
    /// Segment number (`104`, `p102`).
    pub number: String,
    /// en-US text.
    pub source: String,
    /// `ms.sourcegitcommit` of the source, when known.
    pub source_commit: Option<String>,
    /// Translations by locale.
    pub translations: BTreeMap<String, Translation>,
}

impl Unit {
    /// The id used for the unit: the segment id of the first locale.
    pub fn id(&self) -> &str {
        self.translations
            .values()
            .next()
            .map_or(self.number.as_str(), |t| t.id.as_str())
    }
}

fn repaired(text: &str) -> String {
    let repairs = crate::mojibake::find(text);
    crate::mojibake::apply(text, &repairs)
}

/// A bilingual file as translation memory needs it: segments and front matter, no projection.
#[derive(Debug)]
pub struct Segmented {
    /// The file, as found.
    pub path: PathBuf,
    /// The article's slug.
    pub slug: String,
    /// The target locale.
    pub locale: String,
    /// Its front matter.
    pub meta: Meta,
    /// Its segments.
    pub doc: BilingualDoc,
}

impl Segmented {
    /// Reads and segments the file of an index entry (`None` if it is gone now); the front
    /// matter keys the memory needs come from the index.
    pub fn read(entry: &FileEntry) -> Option<Segmented> {
        let file = crate::source::read(entry.found.clone()).ok()?;
        let meta = Meta {
            translation_type: entry.translation_type,
            sourcegitcommit: entry.sourcegitcommit.as_deref().map(String::from),
            ..Meta::default()
        };
        let (doc, _) = BilingualDoc::parse(file.text);
        Some(Segmented {
            path: entry.found.path.clone(),
            slug: entry.slug().to_string(),
            locale: entry.locale.tag(),
            meta,
            doc,
        })
    }
}

/// The bilingual files of article `slug` in the index that `keep` accepts, read and segmented.
pub fn article_files(
    index: &crate::index::Index,
    slug: &str,
    keep: &(dyn Fn(&FileEntry) -> bool + Sync),
) -> Vec<Segmented> {
    index.articles.get(slug).map_or_else(Vec::new, |article| {
        article
            .files
            .iter()
            .map(|&i| &index.files[i])
            .filter(|f| f.bilingual && keep(f))
            .filter_map(Segmented::read)
            .collect()
    })
}

/// Groups the segments of the bilingual files among `files` (restricted to `locales` when not
/// empty), in article order and then file order.
pub fn collect(files: &[Segmented], locales: &[String]) -> Vec<Unit> {
    let mut order: Vec<(String, String, String)> = Vec::new();
    let mut units: BTreeMap<(String, String, String), Unit> = BTreeMap::new();
    let mut bilingual: Vec<&Segmented> = files
        .iter()
        .filter(|f| f.doc.is_bilingual())
        .filter(|f| locales.is_empty() || locales.contains(&f.locale))
        .collect();
    bilingual.sort_by(|a, b| (&a.slug, &a.locale).cmp(&(&b.slug, &b.locale)));
    for file in bilingual {
        let locale = file.locale.clone();
        let translation_type = file.meta.translation_type.map(|t| match t {
            TranslationType::Human => "HT".to_string(),
            TranslationType::Machine => "MT".to_string(),
        });
        for segment in file.doc.segments() {
            let source = repaired(file.doc.segment_text(segment, Side::Source));
            let key = (
                file.slug.clone(),
                segment.id.number().to_string(),
                source.clone(),
            );
            let unit = units.entry(key.clone()).or_insert_with(|| {
                order.push(key.clone());
                Unit {
                    slug: file.slug.clone(),
                    number: segment.id.number().to_string(),
                    source,
                    source_commit: file.meta.sourcegitcommit.clone(),
                    translations: BTreeMap::new(),
                }
            });
            unit.translations
                .entry(locale.clone())
                .or_insert_with(|| Translation {
                    id: segment.id.as_str().to_string(),
                    text: repaired(file.doc.segment_text(segment, Side::Target)),
                    translation_type: translation_type.clone(),
                    file: file.path.display().to_string(),
                });
        }
    }
    order
        .into_iter()
        .filter_map(|key| units.remove(&key))
        .collect()
}

/// Text safe for XML 1.0: characters XML forbids become U+FFFD.
pub fn xml_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}
