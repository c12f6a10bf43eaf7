//! The only code that writes files: inside the output directory, atomically.
//!
//! Every output path is relative and made only of normal components (no `..`, no root, no
//! prefix), and its parent must resolve inside the output directory after creation, so content
//! (a slug, a notice name) can never make kbgen write elsewhere. Each file is written to a
//! temporary file in the same directory and renamed over the target: readers never see half a
//! file. Journals ([`OutputDir::open_append`]) are opened without following symlinks.

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use crate::error::Error;

/// One file to write below the output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path below the output directory.
    pub path: PathBuf,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// An output directory that has been checked and created.
#[derive(Debug)]
pub struct OutputDir {
    root: PathBuf,
    /// Directories already created and checked to resolve inside `root`.
    checked: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
}

impl OutputDir {
    /// Creates (if needed) and opens `dir` as output directory, refusing one that is, contains or
    /// lies inside `content`.
    pub fn create(dir: &Path, content: &Path) -> Result<OutputDir, Error> {
        let content = content.canonicalize().map_err(|source| Error::Io {
            path: content.to_path_buf(),
            source,
        })?;
        let planned = resolve_planned(dir)?;
        if content.starts_with(&planned) || planned.starts_with(&content) {
            return Err(Error::OutputOverlapsContent {
                out: dir.to_path_buf(),
                content: content.clone(),
            });
        }
        fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let root = dir.canonicalize().map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        Ok(OutputDir {
            root,
            checked: Default::default(),
        })
    }

    /// Creates `parent` (below the root) and checks that it resolves inside the root, once per
    /// directory: the result is cached, so a build of 50,000 files does not resolve every path.
    fn prepare_parent(&self, relative: &Path, parent: &Path) -> Result<PathBuf, Error> {
        if self
            .checked
            .lock()
            .map(|c| c.contains(parent))
            .unwrap_or(false)
        {
            return Ok(parent.to_path_buf());
        }
        fs::create_dir_all(parent).map_err(|source| Error::Io {
            path: parent.to_path_buf(),
            source,
        })?;
        let resolved = parent.canonicalize().map_err(|source| Error::Io {
            path: parent.to_path_buf(),
            source,
        })?;
        if !resolved.starts_with(&self.root) {
            return Err(Error::UnsafeOutputPath(relative.to_path_buf()));
        }
        if let Ok(mut checked) = self.checked.lock() {
            checked.insert(parent.to_path_buf());
        }
        Ok(resolved)
    }

    /// The resolved output directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes `bytes` to `relative` below the output directory, atomically.
    pub fn write(&self, relative: &Path, bytes: &[u8]) -> Result<PathBuf, Error> {
        check_relative(relative)?;
        let target = self.root.join(relative);
        let parent = target.parent().unwrap_or(&self.root);
        let resolved = self.prepare_parent(relative, parent)?;
        let io = |source: io::Error| Error::Io {
            path: target.clone(),
            source,
        };
        let mut temporary = published_tempfile(&resolved, &target)?;
        temporary.write_all(bytes).map_err(io)?;
        // rename is atomic for readers; durability across a power cut is left to the OS (an
        // fsync per file made whole-corpus builds I/O-bound: 70,000 outputs)
        temporary.persist(&target).map_err(|e| io(e.error))?;
        Ok(target)
    }
}

impl OutputDir {
    /// Opens `relative` (a journal) for reading and appending, creating it if needed: inside
    /// the output directory, and never through a symlink (the last component is opened with
    /// `O_NOFOLLOW`; the directories above it canonicalize inside the root).
    pub fn open_append(&self, relative: &Path) -> Result<fs::File, Error> {
        check_relative(relative)?;
        let target = self.root.join(relative);
        let parent = target.parent().unwrap_or(&self.root);
        self.prepare_parent(relative, parent)?;
        let mut options = fs::OpenOptions::new();
        options.read(true).append(true).create(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NOFOLLOW);
        }
        #[cfg(not(unix))]
        if fs::symlink_metadata(&target).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(Error::UnsafeOutputPath(relative.to_path_buf()));
        }
        match options.open(&target) {
            Ok(file) => Ok(file),
            Err(_) if fs::symlink_metadata(&target).is_ok_and(|m| m.file_type().is_symlink()) => {
                Err(Error::UnsafeOutputPath(relative.to_path_buf()))
            }
            Err(source) => Err(Error::Io {
                path: target,
                source,
            }),
        }
    }
}

impl OutputDir {
    /// Whether `relative` is a regular file below the output directory (symlinks are not).
    pub fn is_file(&self, relative: &Path) -> bool {
        check_relative(relative).is_ok()
            && fs::symlink_metadata(self.root.join(relative)).is_ok_and(|m| m.is_file())
    }

    /// Removes the file `relative` (kbgen wrote it in an earlier build) and then its parent
    /// directories that became empty, up to the output root. A file already gone is not an
    /// error; `Ok(false)` says nothing was removed.
    pub fn remove(&self, relative: &Path) -> Result<bool, Error> {
        check_relative(relative)?;
        let target = self.root.join(relative);
        let parent = target.parent().unwrap_or(&self.root);
        // never follow a directory symlink out of the root
        match parent.canonicalize() {
            Ok(resolved) if resolved.starts_with(&self.root) => {}
            Ok(_) => return Err(Error::UnsafeOutputPath(relative.to_path_buf())),
            Err(_) => return Ok(false),
        }
        match fs::symlink_metadata(&target) {
            Ok(meta) if meta.is_file() => {}
            _ => return Ok(false),
        }
        fs::remove_file(&target).map_err(|source| Error::Io {
            path: target.clone(),
            source,
        })?;
        let mut dir = target.parent();
        while let Some(d) = dir {
            if d == self.root || fs::remove_dir(d).is_err() {
                break;
            }
            if let Ok(mut checked) = self.checked.lock() {
                checked.remove(d);
            }
            dir = d.parent();
        }
        Ok(true)
    }

    /// A file written piece by piece (translation memory of a whole corpus) to a temporary file
    /// next to `relative`; [`StreamFile::finish`] puts it in place.
    pub fn stream(&self, relative: &Path) -> Result<StreamFile, Error> {
        check_relative(relative)?;
        let target = self.root.join(relative);
        let parent = target.parent().unwrap_or(&self.root);
        let resolved = self.prepare_parent(relative, parent)?;
        let temporary = published_tempfile(&resolved, &target)?;
        Ok(StreamFile {
            file: temporary,
            hasher: sha2::Sha256::default(),
            target,
        })
    }
}

/// A file being written by [`OutputDir::stream`]; hashed as it is written. Unbuffered: wrap it
/// in a `BufWriter` for small writes.
pub struct StreamFile {
    file: tempfile::NamedTempFile,
    hasher: sha2::Sha256,
    target: PathBuf,
}

impl Write for StreamFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        sha2::Digest::update(&mut self.hasher, &buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl StreamFile {
    /// Puts the file in place, unless it hashes to `unchanged` and the file is still there
    /// (then the old file, and its modification time, stay). Returns the hash and whether the
    /// file was written.
    pub fn finish(
        self,
        unchanged: Option<&crate::index::Digest>,
    ) -> Result<(crate::index::Digest, bool), Error> {
        let hash = crate::index::Digest::from_sha256(&sha2::Digest::finalize(self.hasher));
        let target = self.target;
        let io = |source: io::Error| Error::Io {
            path: target.clone(),
            source,
        };
        let temporary = self.file;
        if unchanged == Some(&hash) && fs::symlink_metadata(&target).is_ok_and(|m| m.is_file()) {
            return Ok((hash, false));
        }
        temporary.persist(&target).map_err(|e| io(e.error))?;
        Ok((hash, true))
    }
}

/// Writes one file the user named (an export), atomically; refuses a file inside `content`.
pub fn write_file(path: &Path, bytes: &[u8], content: &Path) -> Result<(), Error> {
    let mut file = stream_file(path, content)?;
    file.write_all(bytes).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    file.finish(None).map(|_| ())
}

/// A file the user named, written piece by piece to a temporary file beside it and put in
/// place by [`StreamFile::finish`]; refuses a file inside `content`.
pub fn stream_file(path: &Path, content: &Path) -> Result<StreamFile, Error> {
    let content = content.canonicalize().map_err(|source| Error::Io {
        path: content.to_path_buf(),
        source,
    })?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| Error::UnsafeOutputPath(path.to_path_buf()))?;
    let dir = resolve_planned(dir)?;
    if dir.starts_with(&content) {
        return Err(Error::OutputOverlapsContent {
            out: path.to_path_buf(),
            content,
        });
    }
    fs::create_dir_all(&dir).map_err(|source| Error::Io {
        path: dir.clone(),
        source,
    })?;
    let temporary = published_tempfile(&dir, path)?;
    Ok(StreamFile {
        file: temporary,
        hasher: sha2::Sha256::default(),
        target: dir.join(name),
    })
}

/// A world-readable temporary file in `dir` (a temporary file is private by default), for the
/// file that will be `shown` once renamed.
fn published_tempfile(dir: &Path, shown: &Path) -> Result<tempfile::NamedTempFile, Error> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".kbgen-");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    builder.tempfile_in(dir).map_err(|source| Error::Io {
        path: shown.to_path_buf(),
        source,
    })
}

/// Rejects paths that are absolute or climb out (`..`), or are empty.
fn check_relative(relative: &Path) -> Result<(), Error> {
    let mut any = false;
    for component in relative.components() {
        match component {
            Component::Normal(_) => any = true,
            _ => return Err(Error::UnsafeOutputPath(relative.to_path_buf())),
        }
    }
    if any {
        Ok(())
    } else {
        Err(Error::UnsafeOutputPath(relative.to_path_buf()))
    }
}

/// Resolves a directory that may not exist yet: the deepest existing ancestor canonicalized,
/// with the rest appended.
fn resolve_planned(dir: &Path) -> Result<PathBuf, Error> {
    let absolute = if dir.is_absolute() {
        dir.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|source| Error::Io {
                path: dir.to_path_buf(),
                source,
            })?
            .join(dir)
    };
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(resolved) = existing.canonicalize() {
            let mut out = resolved;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return Ok(out);
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return Ok(absolute),
        }
    }
}

/// Writes a new file at `path` (its folders created), atomically and never over an existing
/// one (`kbgen init`'s scaffold).
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let io = |source: io::Error| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let parent = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(io)?;
    let mut temporary = tempfile::NamedTempFile::new_in(parent).map_err(io)?;
    temporary.write_all(bytes).map_err(io)?;
    temporary.persist_noclobber(path).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_inside_and_refuses_escapes() {
        let base = tempfile::tempdir().unwrap();
        let content = base.path().join("content");
        fs::create_dir_all(&content).unwrap();
        let out = OutputDir::create(&base.path().join("out"), &content).unwrap();
        let written = out.write(Path::new("markdown/nl-NL/a/b.md"), b"x").unwrap();
        assert_eq!(fs::read(written).unwrap(), b"x");
        for bad in ["../x.md", "/etc/x", "", "a/../../x"] {
            assert!(
                matches!(
                    out.write(Path::new(bad), b"x"),
                    Err(Error::UnsafeOutputPath(_))
                ),
                "{bad}"
            );
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(out.root().join("markdown/nl-NL/a/b.md"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o644, "outputs are readable by a web server");
        }
        // no temporary files are left behind
        let names: Vec<_> = fs::read_dir(out.root().join("markdown/nl-NL/a"))
            .unwrap()
            .collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn refuses_output_that_is_or_contains_or_is_inside_content() {
        let base = tempfile::tempdir().unwrap();
        let content = base.path().join("content");
        fs::create_dir_all(&content).unwrap();
        for out in [
            content.clone(),
            base.path().to_path_buf(),
            content.join("out"),
        ] {
            assert!(
                matches!(
                    OutputDir::create(&out, &content),
                    Err(Error::OutputOverlapsContent { .. })
                ),
                "{}",
                out.display()
            );
        }
    }
}
