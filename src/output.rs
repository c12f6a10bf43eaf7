//! The only code that writes files: inside the output directory, atomically.
//!
//! Every output path is relative and made only of normal components (no `..`, no root, no
//! prefix), and its parent must resolve inside the output directory after creation, so content
//! (a slug, a notice name) can never make kbgen write elsewhere. Each file is written to a
//! temporary file in the same directory and renamed over the target: readers never see half a
//! file. Journals ([`OutputDir::append_line`]) are synced line by line.

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
        let mut builder = tempfile::Builder::new();
        builder.prefix(".kbgen-");
        // published files are world-readable (a temporary file is private by default)
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
        let mut temporary = builder.tempfile_in(&resolved).map_err(io)?;
        temporary.write_all(bytes).map_err(io)?;
        // rename is atomic for readers; durability across a power cut is left to the OS (an
        // fsync per file made whole-corpus builds I/O-bound: 70,000 outputs)
        temporary.persist(&target).map_err(|e| io(e.error))?;
        Ok(target)
    }
}

impl OutputDir {
    /// Appends one line to `relative` (a journal), creating it if needed, and syncs it to disk
    /// before returning, so a crash never forgets a line that was acknowledged.
    pub fn append_line(&self, relative: &Path, line: &str) -> Result<(), Error> {
        check_relative(relative)?;
        let target = self.root.join(relative);
        let parent = target.parent().unwrap_or(&self.root);
        self.prepare_parent(relative, parent)?;
        let io = |source: io::Error| Error::Io {
            path: target.clone(),
            source,
        };
        let mut file = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&target)
            .map_err(io)?;
        file.write_all(format!("{}\n", line.trim_end_matches('\n')).as_bytes())
            .map_err(io)?;
        file.sync_data().map_err(io)
    }
}

/// Writes one file the user named (an export), atomically; refuses a file inside `content`.
pub fn write_file(path: &Path, bytes: &[u8], content: &Path) -> Result<(), Error> {
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
    let io = |source: io::Error| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".kbgen-");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut temporary = builder.tempfile_in(&dir).map_err(io)?;
    temporary.write_all(bytes).map_err(io)?;
    temporary.persist(dir.join(name)).map_err(|e| io(e.error))?;
    Ok(())
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
