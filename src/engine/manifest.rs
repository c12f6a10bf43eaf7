//! The build manifest: what an earlier build wrote, and from what.
//!
//! `out/.kbgen/manifest.json` (one per shard: `manifest-I-of-N.json`) records, per unit of work
//! (an article with all its locales, the site's shared pages, the translation memory, the
//! notice samples), the hash of everything the unit was made from, the files it read through
//! includes, the hash of every file it wrote, its diagnostics and the summaries other pages need.
//! A unit whose inputs hash the same and whose files are all there is not rebuilt; a file whose
//! bytes hash the same is not rewritten; a file the old manifest lists and the new one does not is
//! removed. Nothing that the manifest does not list is ever removed. The manifest is written last
//! and atomically, so a build that stops half way leaves the previous one valid.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Error;
use crate::index::{Hash, hash_bytes};
use crate::locale::Locale;
use crate::output::{OutputDir, OutputFile};
use crate::render::site::Summary;

/// Manifest format; a manifest of another format is ignored (everything is rebuilt).
const FORMAT: &str = "kbgen-manifest-2";

/// What one build wrote.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// Format and kbgen version.
    pub format: String,
    /// Units by id (`article:<slug>`, `site`, `tm`, `emails`).
    pub units: BTreeMap<String, Unit>,
    /// What the first pass learnt of each content file, by path.
    #[serde(default)]
    pub files: BTreeMap<String, crate::index::FileFacts>,
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
    pub outputs: BTreeMap<String, Hash>,
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

impl Manifest {
    /// A new, empty manifest of this kbgen.
    pub fn new() -> Manifest {
        Manifest {
            format: format!("{FORMAT} {}", env!("CARGO_PKG_VERSION")),
            units: BTreeMap::new(),
            files: BTreeMap::new(),
        }
    }

    /// Reads the manifest at `relative` below `out`; a missing, unreadable or foreign one is an
    /// empty manifest (and so a full build), with the reason when there was one.
    pub fn read(out: &OutputDir, relative: &Path) -> (Manifest, Option<String>) {
        let path = out.root().join(relative);
        let Ok(bytes) = std::fs::read(&path) else {
            return (Manifest::new(), None);
        };
        match serde_json::from_slice::<Manifest>(&bytes) {
            Ok(manifest) if manifest.format == Manifest::new().format => (manifest, None),
            Ok(_) => (
                Manifest::new(),
                Some(format!(
                    "{}: made by another kbgen version; rebuilding everything",
                    path.display()
                )),
            ),
            Err(e) => (
                Manifest::new(),
                Some(format!(
                    "{}: unreadable ({e}); rebuilding everything",
                    path.display()
                )),
            ),
        }
    }

    /// Writes the manifest atomically.
    pub fn write(&self, out: &OutputDir, relative: &Path) -> Result<(), Error> {
        let bytes = serde_json::to_vec(self).map_err(|e| Error::Usage(e.to_string()))?;
        out.write(relative, &bytes).map(|_| ())
    }

    /// Every file the manifest says kbgen wrote, with its hash.
    pub fn outputs(&self) -> HashMap<&str, &str> {
        self.units
            .values()
            .flat_map(|u| u.outputs.iter().map(|(p, h)| (p.as_str(), h.as_str())))
            .collect()
    }
}

impl Manifest {
    /// The first pass's facts of `path`, if its bytes still hash to what they were.
    pub fn facts(&self, path: &Path, hash: &str) -> Option<crate::index::FileFacts> {
        self.files
            .get(path.to_string_lossy().as_ref())
            .filter(|facts| facts.hash == hash)
            .cloned()
    }
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
    old: HashMap<&'a str, &'a str>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    errors: Mutex<Vec<Error>>,
    /// Test hook: abort the process after this many writes (a crash in the middle of a build).
    abort_after: Option<usize>,
}

impl<'a> Outputs<'a> {
    /// A writer into `out` that knows what `old` wrote.
    pub fn new(out: &'a OutputDir, old: &'a Manifest) -> Outputs<'a> {
        Outputs {
            out,
            old: old.outputs(),
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

    /// Writes `files` (unless unchanged) and records them in `unit`.
    pub fn put(&self, unit: &mut Unit, files: Vec<OutputFile>) {
        for file in files {
            let hash = hash_bytes(&file.bytes);
            let key = output_key(&file.path);
            if self.old.get(key.as_str()) == Some(&hash.as_str()) && self.out.is_file(&file.path) {
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

    /// The hash the last build recorded for `path`.
    pub fn old_hash(&self, path: &Path) -> Option<&str> {
        self.old.get(output_key(path).as_str()).copied()
    }

    /// Counts a file written or left unchanged by a stream.
    pub fn count(&self, written: bool) {
        if written {
            self.written.fetch_add(1, Ordering::Relaxed);
        } else {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
        }
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
