//! The first pass: a small index of every content file, computed once per command.
//!
//! Each file is read, hashed, its front matter parsed and its pairs segmented, and then dropped:
//! the index keeps only what other articles need to know about it (slug, locale, hashes,
//! hand-off date). From it, [`Index`] answers which files make up an article, which file gives
//! the article's en-US text (`SourceChoice`), and where locales disagree on that text
//! (`source-drift-file`). Memory is a few hundred bytes per file, whatever the file's size.
//!
//! Files that cannot be used (broken front matter, bad UTF-8, too large) are left out with the
//! same diagnostics [`crate::load::load`] gives them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use sha2::{Digest as _, Sha256};

use crate::bilingual::{BilingualDoc, Side};
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Error;
use crate::locale::Locale;
use crate::projection::ProjectOptions;
use crate::source::{self, FoundFile};

/// A 128-bit content hash, as 32 hex digits.
pub type Hash = String;

/// Hex SHA-256 of `bytes`, cut to 128 bits (collisions are not a concern for change detection).
pub fn hash_bytes(bytes: &[u8]) -> Hash {
    Digest::of(bytes).hex()
}

/// Hashes several parts, each length-prefixed so that `["ab", "c"]` and `["a", "bc"]` differ.
pub fn hash_parts<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> Hash {
    let mut hasher = PartsHasher::default();
    for part in parts {
        hasher.part(part);
    }
    hasher.finish()
}

/// [`hash_parts`] a part at a time, for parts made on the way (nothing is collected first).
#[derive(Default)]
pub struct PartsHasher(Sha256);

impl PartsHasher {
    /// Adds one part.
    pub fn part(&mut self, part: &[u8]) {
        self.0.update((part.len() as u64).to_le_bytes());
        self.0.update(part);
    }

    /// The hash of the parts added, as [`hash_parts`] gives it.
    pub fn finish(self) -> Hash {
        hex128(&self.0.finalize())
    }

    /// The same hash, as bytes.
    pub fn digest(self) -> Digest {
        Digest::from_sha256(&self.0.finalize())
    }
}

/// A 128-bit hash kept as 16 bytes, where one is kept per file (a [`Hash`](tyalias@Hash) string costs a heap
/// block as well); written and read as the same 32 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Digest([u8; 16]);

impl Digest {
    /// The hash of `bytes`, as [`hash_bytes`] gives it.
    pub fn of(bytes: &[u8]) -> Digest {
        Digest::from_sha256(&Sha256::digest(bytes))
    }

    /// The first 16 bytes of a SHA-256 digest.
    pub(crate) fn from_sha256(digest: &[u8]) -> Digest {
        let mut bytes = [0; 16];
        bytes.copy_from_slice(&digest[..16]);
        Digest(bytes)
    }

    /// Its 16 bytes.
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// Its 32 hex digits.
    pub fn hex(&self) -> Hash {
        hex128(&self.0)
    }

    /// Reads 32 hex digits.
    pub fn from_hex(hex: &str) -> Option<Digest> {
        // `from_str_radix` also takes a leading `+`
        if hex.len() != 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let value = u128::from_str_radix(hex, 16).ok()?;
        Some(Digest(value.to_be_bytes()))
    }
}

impl serde::Serialize for Digest {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.hex())
    }
}

impl<'de> serde::Deserialize<'de> for Digest {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Digest, D::Error> {
        let hex = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Digest::from_hex(&hex).ok_or_else(|| serde::de::Error::custom("expected 32 hex digits"))
    }
}

/// The first 128 bits of a digest as 32 lower-case hex digits.
pub(crate) fn hex128(digest: &[u8]) -> Hash {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(32);
    for b in &digest[..16] {
        hex.push(char::from(DIGITS[usize::from(b >> 4)]));
        hex.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    hex
}

/// What the index keeps of one usable content file.
#[derive(Debug, Clone)]
pub struct FileEntry {
    /// Where it was found.
    pub found: FoundFile,
    /// The locale of its text (`ms.contentlocale`, else the folder).
    pub locale: Locale,
    /// Whether it has span pairs (and so an en-US side).
    pub bilingual: bool,
    /// Hash of the file's bytes.
    pub hash: Digest,
    /// Hash of the raw en-US body (after the front matter), for bilingual files.
    pub source_body: Option<Digest>,
    /// Hash of the pairs (ids, target and source text), for bilingual files: what translation
    /// memory is made of, so an edit outside the pairs does not stream it again.
    pub segments: Option<Digest>,
    /// `ms.lasthandoff` as (year, month, day).
    pub last_handoff: Option<(u32, u32, u32)>,
    /// `ms.openlocfilehash`.
    pub openlocfilehash: Option<Arc<str>>,
    /// `ms.translationtype`.
    pub translation_type: Option<crate::frontmatter::TranslationType>,
    /// `ms.sourcegitcommit`.
    pub sourcegitcommit: Option<Arc<str>>,
}

/// What the first pass learns of a file's bytes, kept by a build's manifest so that an unchanged
/// file is not parsed again to learn it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileFacts {
    /// Hash of the file's bytes.
    pub hash: Digest,
    /// The locale of its text.
    pub locale: Locale,
    /// Whether it has span pairs.
    pub bilingual: bool,
    /// Hash of the raw en-US body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_body: Option<Digest>,
    /// Hash of the pairs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segments: Option<Digest>,
    /// `ms.lasthandoff`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_handoff: Option<(u32, u32, u32)>,
    /// `ms.openlocfilehash`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub openlocfilehash: Option<Arc<str>>,
    /// `ms.translationtype`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation_type: Option<crate::frontmatter::TranslationType>,
    /// `ms.sourcegitcommit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sourcegitcommit: Option<Arc<str>>,
}

/// Facts known from an earlier run, by path: returns them when the hash still matches.
pub type FactCache<'a> = &'a (dyn Fn(&Path, &Digest) -> Option<FileFacts> + Sync);

impl FileEntry {
    /// What the manifest keeps of it.
    pub fn facts(&self) -> FileFacts {
        FileFacts {
            hash: self.hash,
            locale: self.locale.clone(),
            bilingual: self.bilingual,
            source_body: self.source_body,
            segments: self.segments,
            last_handoff: self.last_handoff,
            openlocfilehash: self.openlocfilehash.clone(),
            translation_type: self.translation_type,
            sourcegitcommit: self.sourcegitcommit.clone(),
        }
    }

    fn from_facts(found: FoundFile, facts: FileFacts) -> FileEntry {
        FileEntry {
            found,
            locale: facts.locale,
            bilingual: facts.bilingual,
            hash: facts.hash,
            source_body: facts.source_body,
            segments: facts.segments,
            last_handoff: facts.last_handoff,
            openlocfilehash: facts.openlocfilehash,
            translation_type: facts.translation_type,
            sourcegitcommit: facts.sourcegitcommit,
        }
    }

    /// The article's slug.
    pub fn slug(&self) -> &str {
        &self.found.slug
    }
}

/// Where an article's en-US text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceChoice {
    /// A monolingual file in `content/en-US` (index into [`Index::files`]).
    Authored(usize),
    /// The source side of this bilingual file.
    Derived(usize),
}

impl SourceChoice {
    /// The file it comes from.
    pub fn file(self) -> usize {
        match self {
            SourceChoice::Authored(i) | SourceChoice::Derived(i) => i,
        }
    }
}

/// One article: its files in every locale and its en-US source.
#[derive(Debug, Clone)]
pub struct ArticleEntry {
    /// Indexes into [`Index::files`], sorted by path.
    pub files: Vec<usize>,
    /// The en-US text, when the article has one.
    pub source: Option<SourceChoice>,
}

/// The first-pass index of a content directory.
#[derive(Debug)]
pub struct Index {
    /// The content directory as given.
    pub content: PathBuf,
    /// The content directory, canonical.
    pub root: PathBuf,
    /// Usable files, sorted by path.
    pub files: Vec<FileEntry>,
    /// Articles by slug.
    pub articles: BTreeMap<Arc<str>, ArticleEntry>,
    /// Number of files found, usable or not.
    pub found: usize,
    /// Diagnostics of the first pass: unusable files and source drift between locales.
    pub diagnostics: Vec<Diagnostic>,
    /// Included files read and parsed once for the life of this index (one build), whichever
    /// articles include them.
    pub includes: crate::include::IncludeCache,
}

impl Index {
    /// Scans `content`: discovery, then every file on the rayon pool.
    pub fn scan(content: &Path) -> Result<Index, Error> {
        Index::scan_with(content, &|_, _| None)
    }

    /// Scans `content`, taking what `cache` still knows of a file whose bytes hash as before
    /// instead of parsing it again.
    pub fn scan_with(content: &Path, cache: FactCache<'_>) -> Result<Index, Error> {
        let io = |source| Error::Io {
            path: content.to_path_buf(),
            source,
        };
        let root = content.canonicalize().map_err(io)?;
        let (found, mut diagnostics) = source::discover(content).map_err(io)?;
        let count = found.len();
        let results: Vec<Result<FileEntry, Vec<Diagnostic>>> = found
            .into_par_iter()
            .map(|f| index_file(f, cache))
            .collect();
        let mut files = Vec::with_capacity(results.len());
        // the files of a hand-off batch name the same commit, the locales of an article the
        // same source hash: one copy of each
        let mut strings = crate::unique::Interner::default();
        let mut share = |text: &mut Option<Arc<str>>| {
            if let Some(t) = text {
                *t = strings.intern(t);
            }
        };
        for result in results {
            match result {
                Ok(mut entry) => {
                    share(&mut entry.openlocfilehash);
                    share(&mut entry.sourcegitcommit);
                    files.push(entry);
                }
                Err(file_diagnostics) => diagnostics.extend(file_diagnostics),
            }
        }
        let mut articles: BTreeMap<Arc<str>, ArticleEntry> = BTreeMap::new();
        for (i, file) in files.iter().enumerate() {
            articles
                .entry(Arc::clone(&file.found.slug))
                .or_insert_with(|| ArticleEntry {
                    files: Vec::new(),
                    source: None,
                })
                .files
                .push(i);
        }
        let mut index = Index {
            content: content.to_path_buf(),
            root,
            files,
            articles,
            found: count,
            diagnostics: Vec::new(),
            includes: Default::default(),
        };
        let slugs: Vec<Arc<str>> = index.articles.keys().cloned().collect();
        let choices: Vec<(Option<SourceChoice>, Vec<Diagnostic>)> = slugs
            .par_iter()
            .map(|slug| index.choose_source(&index.articles[slug]))
            .collect();
        for (slug, (choice, drift)) in slugs.iter().zip(choices) {
            if let Some(article) = index.articles.get_mut(slug) {
                article.source = choice;
            }
            diagnostics.extend(drift);
        }
        crate::diagnostic::sort(&mut diagnostics);
        index.diagnostics = diagnostics;
        Ok(index)
    }

    /// The locales of the articles' own texts, and en-US when any article has an en-US text.
    pub fn locales(&self) -> BTreeSet<Locale> {
        let mut locales: BTreeSet<Locale> = self.files.iter().map(|f| f.locale.clone()).collect();
        if self.articles.values().any(|a| a.source.is_some()) {
            locales.insert(Locale::en_us());
        }
        locales
    }

    /// The content's locales that `requested` names: each one itself when the content has it,
    /// else the content's locale of the same language (`nl` and `nl-BE` are nl-NL; the first in
    /// order when there are several). A locale that matches none is a usage error listing what
    /// the content has.
    pub fn resolve_locales(&self, requested: &[Locale]) -> Result<Vec<Locale>, Error> {
        let available = self.locales();
        let mut resolved = Vec::new();
        for locale in requested {
            let found = if available.contains(locale) {
                Some(locale.clone())
            } else {
                available
                    .iter()
                    .find(|l| l.id().language == locale.id().language)
                    .cloned()
            };
            match found {
                Some(found) if !resolved.contains(&found) => resolved.push(found),
                Some(_) => {}
                None => {
                    let have: Vec<String> = available.iter().map(Locale::tag).collect();
                    return Err(Error::Usage(format!(
                        "--locale {locale} matches no locale of {} (it has: {})",
                        self.content.display(),
                        if have.is_empty() {
                            "none".to_string()
                        } else {
                            have.join(", ")
                        }
                    )));
                }
            }
        }
        Ok(resolved)
    }

    /// The locales an article has a text in: each file's own, and en-US from its source.
    pub fn article_locales(&self, article: &ArticleEntry) -> BTreeSet<Locale> {
        let mut locales: BTreeSet<Locale> = article
            .files
            .iter()
            .map(|&i| self.files[i].locale.clone())
            .collect();
        if article.source.is_some() {
            locales.insert(Locale::en_us());
        }
        locales
    }

    /// The en-US choice for one article: a real `content/en-US` file wins; otherwise the
    /// bilingual file with the newest `ms.lasthandoff` (ties by path), with a
    /// `source-drift-file` warning on each older file whose en-US text differs.
    fn choose_source(&self, article: &ArticleEntry) -> (Option<SourceChoice>, Vec<Diagnostic>) {
        let en_us = Locale::en_us();
        if let Some(&authored) = article
            .files
            .iter()
            .find(|&&i| !self.files[i].bilingual && self.files[i].locale == en_us)
        {
            let any_bilingual = article.files.iter().any(|&i| self.files[i].bilingual);
            return (
                any_bilingual.then_some(SourceChoice::Authored(authored)),
                Vec::new(),
            );
        }
        let mut candidates: Vec<usize> = article
            .files
            .iter()
            .copied()
            .filter(|&i| self.files[i].bilingual)
            .collect();
        if candidates.is_empty() {
            return (None, Vec::new());
        }
        candidates.sort_by(|&a, &b| {
            let (a, b) = (&self.files[a], &self.files[b]);
            b.last_handoff
                .cmp(&a.last_handoff)
                .then_with(|| a.found.path.cmp(&b.found.path))
        });
        let newest = &self.files[candidates[0]];
        let mut drift = Vec::new();
        let mut newest_text: Option<Option<String>> = None;
        for &older in &candidates[1..] {
            let older = &self.files[older];
            if older.source_body == newest.source_body {
                continue;
            }
            // the raw texts differ: compare what is published (escapes may normalise alike)
            let newest_text = newest_text.get_or_insert_with(|| source_markdown(&newest.found));
            if *newest_text == source_markdown(&older.found) {
                continue;
            }
            drift.push(Diagnostic::file(
                &older.found.path,
                Severity::Warning,
                "source-drift-file",
                format!(
                    "en-US source differs from {} (ms.openlocfilehash {} vs {}); using the newer one",
                    newest.found.path.display(),
                    older.openlocfilehash.as_deref().unwrap_or("-"),
                    newest.openlocfilehash.as_deref().unwrap_or("-"),
                ),
            ));
        }
        (Some(SourceChoice::Derived(candidates[0])), drift)
    }
}

/// The en-US body of a bilingual file as published, read again (only where locales disagree).
fn source_markdown(found: &FoundFile) -> Option<String> {
    let file = source::read(found.clone()).ok()?;
    let (doc, _) = BilingualDoc::parse(file.text);
    let (projection, _) =
        crate::projection::project(&doc, Side::Source, &ProjectOptions::default());
    let body = match crate::frontmatter::split(&projection.text) {
        Ok(Some(block)) => block.range.end,
        _ => 0,
    };
    Some(projection.text[body..].to_string())
}

thread_local! {
    /// Each worker's read buffer, reused from file to file: an unchanged file (its facts come
    /// from the last build) is hashed without allocating a buffer of its own.
    static READ_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// One file of the first pass; an unusable file gives the diagnostics that say why.
fn index_file(found: FoundFile, cache: FactCache<'_>) -> Result<FileEntry, Vec<Diagnostic>> {
    let (hash, bytes) = READ_BUFFER.with(|buffer| {
        let mut buffer = buffer.borrow_mut();
        source::read_bytes(&found.path, &mut buffer).map_err(|d| vec![d])?;
        let hash = Digest::of(&buffer);
        let bytes = cache(&found.path, &hash)
            .map(Ok)
            .unwrap_or_else(|| Err(buffer.clone()));
        Ok::<_, Vec<Diagnostic>>((hash, bytes))
    })?;
    let bytes = match bytes {
        Ok(facts) => return Ok(FileEntry::from_facts(found, facts)),
        Err(bytes) => bytes,
    };
    let text = source::decode(&found.path, bytes).map_err(|d| vec![d])?;
    let file = source::SourceFile { found, text };
    let text = &file.text;
    let front_matter = crate::frontmatter::split(text).ok();
    let meta = match &front_matter {
        Some(Some(block)) => crate::frontmatter::parse(text, block).ok(),
        Some(None) => Some(crate::frontmatter::Meta::default()),
        None => None,
    };
    let (Some(front_matter), Some(meta)) = (front_matter, meta) else {
        // the loader says exactly what is wrong
        let (_, diagnostics) = crate::load::load(file, &ProjectOptions::default());
        return Err(diagnostics);
    };
    let locale = crate::load::decide_locale(
        &file.found,
        &meta,
        text,
        front_matter.as_ref(),
        &mut Vec::new(),
    );
    let last_handoff = meta.last_handoff_date();
    let openlocfilehash = meta.openlocfilehash.as_deref().map(Arc::from);
    let translation_type = meta.translation_type;
    let sourcegitcommit = meta.sourcegitcommit.as_deref().map(Arc::from);
    let found = file.found;
    let (doc, _) = BilingualDoc::parse(file.text);
    let bilingual = doc.is_bilingual();
    let source_body = bilingual.then(|| {
        let raw = doc.project_raw(Side::Source);
        let body = match crate::frontmatter::split(&raw) {
            Ok(Some(block)) => block.range.end,
            _ => 0,
        };
        Digest::of(&raw.as_bytes()[body..])
    });
    let segments = bilingual.then(|| {
        let mut hasher = PartsHasher::default();
        for segment in doc.segments() {
            hasher.part(segment.id.as_str().as_bytes());
            hasher.part(doc.segment_text(segment, Side::Target).as_bytes());
            hasher.part(doc.segment_text(segment, Side::Source).as_bytes());
        }
        hasher.digest()
    });
    Ok(FileEntry {
        found,
        locale: Locale::from(locale),
        bilingual,
        hash,
        source_body,
        segments,
        last_handoff,
        openlocfilehash,
        translation_type,
        sourcegitcommit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_article_keeps_one_copy_of_its_slug_and_source_hash() {
        let index = Index::scan(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content")).unwrap();
        let mut shared = 0;
        for (slug, article) in &index.articles {
            let files: Vec<&FileEntry> = article.files.iter().map(|&i| &index.files[i]).collect();
            shared += files.len() - 1;
            for file in &files {
                assert!(Arc::ptr_eq(slug, &file.found.slug), "{slug}");
                let (Some(a), Some(b)) = (&files[0].openlocfilehash, &file.openlocfilehash) else {
                    continue;
                };
                assert_eq!(Arc::ptr_eq(a, b), a == b, "{slug}");
            }
        }
        assert!(
            shared > 0,
            "an article of the default content is in two locales"
        );
    }

    #[test]
    fn digests_are_the_hex_hashes_kept_as_bytes() {
        let digest = Digest::of(b"Aanbevolen stappen");
        assert_eq!(digest.hex(), hash_bytes(b"Aanbevolen stappen"));
        assert_eq!(digest.hex().len(), 32);
        assert_eq!(Digest::from_hex(&digest.hex()), Some(digest));
        // written and read in the manifest as the same 32 digits
        let json = serde_json::to_string(&digest).unwrap();
        assert_eq!(json, format!("\"{}\"", digest.hex()));
        assert_eq!(serde_json::from_str::<Digest>(&json).unwrap(), digest);
        for bad in [
            "",
            "abc",
            &"g".repeat(32),
            &"0".repeat(33),
            "+0000000000000000000000000000000",
        ] {
            assert_eq!(Digest::from_hex(bad), None, "{bad}");
        }
        assert!(serde_json::from_str::<Digest>("\"abc\"").is_err());
    }

    #[test]
    fn hashing_parts_one_at_a_time_is_hash_parts() {
        let parts: [&[u8]; 3] = [b"ab", b"c", b""];
        let mut hasher = PartsHasher::default();
        for part in parts {
            hasher.part(part);
        }
        let whole = hash_parts(parts);
        assert_eq!(hasher.finish(), whole);
        let mut moved = PartsHasher::default();
        for part in [&b"a"[..], b"bc", b""] {
            moved.part(part);
        }
        assert_ne!(moved.digest().hex(), whole);
    }
}
