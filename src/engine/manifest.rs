//! The build manifest: what an earlier build wrote, and from what.
//!
//! `out/.kbgen/units.jsonl` (one per shard: `units-I-of-N.jsonl`) has a line per unit of work (an
//! article with all its locales, in slug order, then the site's shared pages, the translation
//! memory and the notice samples): the hash of everything the unit was made from, the files it
//! read through includes, the hash of every file it wrote, its diagnostics and the summaries other
//! pages need. `files.jsonl` keeps what the first pass learnt of each content file. A unit whose
//! inputs hash the same and whose files are all there is not rebuilt; a file whose bytes hash the
//! same is not rewritten; a file the old unit lists and the new one does not is removed. Nothing
//! that the manifest does not list is ever removed.
//!
//! Both files are read and written as streams, a unit at a time in slug order, so a build holds
//! the manifest of one batch of articles, not of the corpus; they are put in place last and
//! atomically, so a build that stops half way leaves the previous ones valid.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Error;
use crate::index::{Digest, FileFacts, Hash, hash_bytes};
use crate::locale::Locale;
use crate::output::{OutputDir, OutputFile, StreamFile};
use crate::render::site::Summary;

/// Manifest format; a manifest of another format is ignored (everything is rebuilt).
const FORMAT: &str = "kbgen-manifest-5";

/// The first line of a manifest file.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    format: String,
}

fn format() -> String {
    format!("{FORMAT} {}", env!("CARGO_PKG_VERSION"))
}

/// The manifest files of a build (per shard).
#[derive(Debug, Clone)]
pub struct ManifestPaths {
    /// Units, below the output directory.
    pub units: PathBuf,
    /// First-pass facts, below the output directory.
    pub files: PathBuf,
}

impl ManifestPaths {
    /// `.kbgen/units.jsonl`, or `.kbgen/units-I-of-N.jsonl` for a shard.
    pub fn new(shard: Option<(u32, u32)>) -> ManifestPaths {
        let suffix = shard.map_or(String::new(), |(i, n)| format!("-{i}-of-{n}"));
        ManifestPaths {
            units: PathBuf::from(format!(".kbgen/units{suffix}.jsonl")),
            files: PathBuf::from(format!(".kbgen/files{suffix}.jsonl")),
        }
    }
}

/// An earlier build's manifest, read a unit at a time in id order.
pub struct OldManifest {
    lines: Option<std::io::Lines<std::io::BufReader<std::fs::File>>>,
    pending: Option<(String, Unit)>,
    /// First-pass facts by content path.
    pub files: HashMap<String, FileFacts>,
}

/// One line of `units.jsonl`, borrowed when written (the unit is not copied), owned when read.
#[derive(Serialize, Deserialize)]
struct UnitLine<'a> {
    id: std::borrow::Cow<'a, str>,
    #[serde(flatten)]
    unit: std::borrow::Cow<'a, Unit>,
}

/// One line of `files.jsonl`, borrowed when written, owned when read.
#[derive(Serialize, Deserialize)]
struct FileLine<'a> {
    path: std::borrow::Cow<'a, str>,
    #[serde(flatten)]
    facts: std::borrow::Cow<'a, FileFacts>,
}

impl OldManifest {
    /// No earlier build (or `--force`).
    pub fn empty() -> OldManifest {
        OldManifest {
            lines: None,
            pending: None,
            files: HashMap::new(),
        }
    }

    /// Opens the manifest below `out`; a missing one is empty, a foreign or damaged one is empty
    /// with the reason.
    pub fn open(out: &OutputDir, paths: &ManifestPaths) -> (OldManifest, Option<String>) {
        let units = out.root().join(&paths.units);
        let Ok(file) = std::fs::File::open(&units) else {
            return (OldManifest::empty(), None);
        };
        let mut lines = std::io::BufReader::new(file).lines();
        let header = lines
            .next()
            .and_then(|l| l.ok())
            .and_then(|l| serde_json::from_str::<Header>(&l).ok());
        if header.is_none_or(|h| h.format != format()) {
            return (
                OldManifest::empty(),
                Some(format!(
                    "{}: made by another kbgen version or damaged; rebuilding everything",
                    units.display()
                )),
            );
        }
        let mut files = HashMap::new();
        if let Ok(file) = std::fs::File::open(out.root().join(&paths.files)) {
            let mut lines = std::io::BufReader::new(file).lines();
            let header = lines.next().and_then(|l| l.ok());
            if header
                .and_then(|l| serde_json::from_str::<Header>(&l).ok())
                .is_some_and(|h| h.format == format())
            {
                for line in lines.map_while(Result::ok) {
                    if let Ok(entry) = serde_json::from_str::<FileLine<'_>>(&line) {
                        files.insert(entry.path.into_owned(), entry.facts.into_owned());
                    }
                }
            }
        }
        (
            OldManifest {
                lines: Some(lines),
                pending: None,
                files,
            },
            None,
        )
    }

    fn next(&mut self) -> Option<(String, Unit)> {
        if let Some(pending) = self.pending.take() {
            return Some(pending);
        }
        let lines = self.lines.as_mut()?;
        for line in lines.by_ref() {
            let Ok(line) = line else { break };
            if let Ok(entry) = serde_json::from_str::<UnitLine<'_>>(&line) {
                return Some((entry.id.into_owned(), entry.unit.into_owned()));
            }
        }
        self.lines = None;
        None
    }

    /// The units whose id is at most `last`, in order (ids are written sorted).
    pub fn take_until(&mut self, last: &str) -> BTreeMap<String, Unit> {
        let mut out = BTreeMap::new();
        while let Some((id, unit)) = self.next() {
            if id.as_str() > last {
                self.pending = Some((id, unit));
                break;
            }
            out.insert(id, unit);
        }
        out
    }

    /// The first-pass facts of `path`, if its bytes still hash to what they were.
    pub fn facts(&self, path: &Path, hash: &Digest) -> Option<FileFacts> {
        self.files
            .get(path.to_string_lossy().as_ref())
            .filter(|facts| facts.hash == *hash)
            .cloned()
    }
}

/// A new manifest, written a unit at a time to temporary files and put in place by
/// [`ManifestWriter::finish`].
pub struct ManifestWriter {
    units: std::io::BufWriter<StreamFile>,
    files: std::io::BufWriter<StreamFile>,
    paths: ManifestPaths,
}

impl ManifestWriter {
    /// Starts both files.
    pub fn create(out: &OutputDir, paths: &ManifestPaths) -> Result<ManifestWriter, Error> {
        let header = serde_json::to_string(&Header { format: format() })
            .map_err(|e| Error::Usage(e.to_string()))?;
        let mut writer = ManifestWriter {
            units: std::io::BufWriter::new(out.stream(&paths.units)?),
            files: std::io::BufWriter::new(out.stream(&paths.files)?),
            paths: paths.clone(),
        };
        writer.line(true, &header)?;
        writer.line(false, &header)?;
        Ok(writer)
    }

    fn line(&mut self, units: bool, text: &str) -> Result<(), Error> {
        let (w, path) = if units {
            (&mut self.units, &self.paths.units)
        } else {
            (&mut self.files, &self.paths.files)
        };
        writeln!(w, "{text}").map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })
    }

    /// Records a unit; ids must come in increasing order.
    pub fn unit(&mut self, id: &str, unit: &Unit) -> Result<(), Error> {
        let line = serde_json::to_string(&UnitLine {
            id: id.into(),
            unit: std::borrow::Cow::Borrowed(unit),
        })
        .map_err(|e| Error::Usage(e.to_string()))?;
        self.line(true, &line)
    }

    /// Records the first-pass facts of a content file.
    pub fn file(&mut self, path: &Path, facts: &FileFacts) -> Result<(), Error> {
        let line = serde_json::to_string(&FileLine {
            path: path.to_string_lossy(),
            facts: std::borrow::Cow::Borrowed(facts),
        })
        .map_err(|e| Error::Usage(e.to_string()))?;
        self.line(false, &line)
    }

    /// Puts both files in place (facts first: they are only a cache).
    pub fn finish(self) -> Result<(), Error> {
        let io = |path: &PathBuf| {
            let path = path.clone();
            move |e: std::io::IntoInnerError<std::io::BufWriter<StreamFile>>| Error::Io {
                path,
                source: e.into_error(),
            }
        };
        let files = self.files.into_inner().map_err(io(&self.paths.files))?;
        files.finish(None)?;
        let units = self.units.into_inner().map_err(io(&self.paths.units))?;
        units.finish(None)?;
        Ok(())
    }
}

/// Units going from the last build's manifest to the new one in id order, a batch at a time:
/// the last build's units are read up to the batch, the outputs they no longer make removed,
/// and each new unit written as soon as it is made, so no more than a batch of units is held.
pub struct UnitStream<'a> {
    old: OldManifest,
    new: &'a mut ManifestWriter,
    outputs: &'a Outputs<'a>,
    /// Files removed so far.
    removed: usize,
}

impl<'a> UnitStream<'a> {
    /// From `old` to `new`, writing and removing in `outputs`.
    pub fn new(old: OldManifest, new: &'a mut ManifestWriter, outputs: &'a Outputs<'a>) -> Self {
        UnitStream {
            old,
            new,
            outputs,
            removed: 0,
        }
    }

    /// The last build's units up to `last` whose id is one of `ids` (the next batch, in
    /// order); the outputs of the others, units not made any more, are removed.
    pub fn olds_until(&mut self, last: &str, ids: &[impl AsRef<str>]) -> BTreeMap<String, Unit> {
        let mut olds = self.old.take_until(last);
        olds.retain(|id, unit| {
            let kept = ids.binary_search_by(|i| i.as_ref().cmp(id)).is_ok();
            if !kept {
                self.removed += self.outputs.remove_stale(unit, None);
            }
            kept
        });
        olds
    }

    /// The last build's unit `id`, the next one to be made on its own (the outputs of units
    /// before it that are not made any more are removed).
    pub fn old_of(&mut self, id: &str) -> Option<Unit> {
        self.olds_until(id, &[id]).remove(id)
    }

    /// Records the unit `id` made this time (`None`: not made), removing what its `old`
    /// self wrote and it did not.
    pub fn put(&mut self, id: &str, old: Option<&Unit>, unit: Option<&Unit>) -> Result<(), Error> {
        if let Some(old) = old {
            self.removed += self.outputs.remove_stale(old, unit);
        }
        match unit {
            Some(unit) => self.new.unit(id, unit),
            None => Ok(()),
        }
    }

    /// Removes the outputs of the last build's units after the last one made.
    pub fn finish(mut self) -> usize {
        self.olds_until("\u{10FFFF}", &[] as &[&str]);
        self.removed
    }
}

/// One unit of work of a build.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Unit {
    /// Hash of everything the unit was made from (except `reads`).
    pub key: Hash,
    /// Files read through includes, with their hash (`None`: absent).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub reads: BTreeMap<PathBuf, Option<Hash>>,
    /// Files written, below the output directory (`/`-separated), with the hash of their
    /// bytes.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub outputs: BTreeMap<String, Digest>,
    /// Diagnostics found while building it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<StoredDiagnostic>,
    /// Summaries of its article texts by locale (article units).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub summaries: BTreeMap<Locale, Summary>,
}

/// A diagnostic as the manifest keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredDiagnostic {
    path: PathBuf,
    line: usize,
    column: usize,
    severity: Severity,
    rule: String,
    message: String,
}

impl From<&Diagnostic> for StoredDiagnostic {
    fn from(d: &Diagnostic) -> StoredDiagnostic {
        StoredDiagnostic {
            path: d.path.clone(),
            line: d.line,
            column: d.column,
            severity: d.severity,
            rule: d.rule.to_string(),
            message: d.message.clone(),
        }
    }
}

impl StoredDiagnostic {
    /// The diagnostic again.
    pub fn restore(&self) -> Diagnostic {
        Diagnostic::at(
            &self.path,
            (self.line, self.column),
            self.severity,
            rule_id(&self.rule),
            self.message.clone(),
        )
    }
}

/// The `'static` id of a rule read back from a manifest: the rule table's own, else interned
/// once (ids are few).
fn rule_id(id: &str) -> &'static str {
    if let Some(rule) = crate::qa::find_rule(id) {
        return rule.id;
    }
    static INTERNED: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);
    let mut interned = INTERNED.lock().unwrap_or_else(|e| e.into_inner());
    let set = interned.get_or_insert_with(HashSet::new);
    if let Some(known) = set.get(id) {
        return known;
    }
    let leaked: &'static str = Box::leak(id.to_string().into_boxed_str());
    set.insert(leaked);
    leaked
}

/// How the manifest names an output file: its relative path, `/`-separated.
pub fn output_key(path: &Path) -> String {
    let mut key = String::new();
    for (i, part) in path.components().enumerate() {
        if i > 0 {
            key.push('/');
        }
        key.push_str(&part.as_os_str().to_string_lossy());
    }
    key
}

/// The hash of a file's bytes now (`None`: absent or not a readable regular file).
pub fn hash_file(path: &Path) -> Option<Hash> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > crate::source::MAX_FILE_BYTES {
        return None;
    }
    std::fs::read(path).ok().map(|bytes| hash_bytes(&bytes))
}

impl Unit {
    /// Whether the unit can be reused as it is: same key, the files it read unchanged, every
    /// file it wrote still there.
    pub fn is_fresh(&self, key: &str, out: &OutputDir) -> bool {
        self.key == key
            && self
                .reads
                .iter()
                .all(|(path, hash)| hash_file(path) == *hash)
            && self.outputs.keys().all(|path| out.is_file(Path::new(path)))
    }
}

/// Writes the files of a build, skipping those whose bytes are what the last build wrote, and
/// counts what it did.
pub struct Outputs<'a> {
    out: &'a OutputDir,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    errors: Mutex<Vec<Error>>,
    /// Test hook: abort the process after this many writes (a crash in the middle of a build).
    abort_after: Option<usize>,
}

impl<'a> Outputs<'a> {
    /// A writer into `out`.
    pub fn new(out: &'a OutputDir) -> Outputs<'a> {
        Outputs {
            out,
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            errors: Mutex::new(Vec::new()),
            abort_after: std::env::var("KBGEN_TEST_ABORT_AFTER_WRITES")
                .ok()
                .and_then(|v| v.parse().ok()),
        }
    }

    /// The output directory.
    pub fn dir(&self) -> &OutputDir {
        self.out
    }

    /// Writes `files` (unless `old`, the same unit in the last build, wrote the same bytes) and
    /// records them in `unit`.
    pub fn put(&self, unit: &mut Unit, old: Option<&Unit>, files: Vec<OutputFile>) {
        for file in files {
            let hash = Digest::of(&file.bytes);
            let key = output_key(&file.path);
            if old.and_then(|o| o.outputs.get(&key)) == Some(&hash) && self.out.is_file(&file.path)
            {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                unit.outputs.insert(key, hash);
                continue;
            }
            match self.out.write(&file.path, &file.bytes) {
                Ok(_) => {
                    let n = self.written.fetch_add(1, Ordering::Relaxed) + 1;
                    if self.abort_after.is_some_and(|limit| n >= limit) {
                        std::process::abort();
                    }
                    unit.outputs.insert(key, hash);
                }
                Err(error) => self.error(error),
            }
        }
    }

    /// Counts a file written or left unchanged by a stream.
    pub fn count(&self, written: bool) {
        if written {
            self.written.fetch_add(1, Ordering::Relaxed);
        } else {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Removes what `old` wrote and `new` no longer makes.
    pub fn remove_stale(&self, old: &Unit, new: Option<&Unit>) -> usize {
        let kept: HashSet<&str> = new
            .map(|n| n.outputs.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let mut removed = 0;
        for path in old.outputs.keys() {
            if kept.contains(path.as_str()) {
                continue;
            }
            match self.out.remove(Path::new(path)) {
                Ok(true) => removed += 1,
                Ok(false) => {}
                Err(error) => self.error(error),
            }
        }
        removed
    }

    /// Counts the files of a reused unit as unchanged.
    pub fn reuse(&self, unit: &Unit) {
        self.unchanged
            .fetch_add(unit.outputs.len(), Ordering::Relaxed);
    }

    /// Records a failure to write.
    pub fn error(&self, error: Error) {
        self.errors
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(error);
    }

    /// Files written, files left unchanged, and the write failures.
    pub fn finish(self) -> (usize, usize, Vec<Error>) {
        (
            self.written.into_inner(),
            self.unchanged.into_inner(),
            self.errors.into_inner().unwrap_or_else(|e| e.into_inner()),
        )
    }
}
