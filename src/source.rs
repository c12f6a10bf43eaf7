//! Finding and reading content files: `content/<locale>/**.md`.
//!
//! Discovery walks the content root with walkdir without following symlinks; a symlinked file
//! is read only when it resolves inside the content root. Reading checks size and UTF-8 and
//! never panics: a file that cannot be read becomes a diagnostic and the others go on.

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use unic_langid::LanguageIdentifier;
use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, LineIndex, Severity};

/// Largest content file read, in bytes; a larger one is an error (real articles are < 200 KiB).
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// A content file found under a locale folder, not read yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundFile {
    /// The path as found (content root joined with the relative path).
    pub path: PathBuf,
    /// The locale folder it is in (`content/<locale>/…`).
    pub folder_locale: LanguageIdentifier,
    /// The path below the locale folder without `.md`, `/`-separated: the article's identity
    /// across locales.
    pub slug: Arc<str>,
}

/// A content file with its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Where it was found and what it is.
    pub found: FoundFile,
    /// The file's text, exactly as read.
    pub text: String,
}

/// Parses a locale folder name: a BCP 47 tag whose language subtag has 2 or 3 letters
/// (`nl-NL`, `sv`, `en-US`), so that folders such as `notices` or `includes` are not locales.
pub fn parse_locale(name: &str) -> Option<LanguageIdentifier> {
    let language = name.split(['-', '_']).next()?;
    if !(2..=3).contains(&language.len()) || !language.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    name.parse::<LanguageIdentifier>().ok()
}

/// Finds every `*.md` file below the locale folders of `content`, sorted by path.
pub fn discover(content: &Path) -> Result<(Vec<FoundFile>, Vec<Diagnostic>), std::io::Error> {
    let root = content.canonicalize()?;
    let mut found = Vec::new();
    let mut diagnostics = Vec::new();
    let mut locale_dirs: Vec<(PathBuf, LanguageIdentifier)> = Vec::new();
    // an article's slug is the same in every locale folder: one copy
    let mut slugs = crate::unique::Interner::default();
    for entry in fs::read_dir(content)? {
        let entry = entry?;
        let file_type = entry.file_type()?;
        let name = entry.file_name();
        let Some(locale) = name.to_str().and_then(parse_locale) else {
            continue;
        };
        if file_type.is_symlink() {
            diagnostics.push(Diagnostic::file(
                &entry.path(),
                Severity::Warning,
                "locale-folder",
                "a locale folder that is a symbolic link is not followed; its files are skipped",
            ));
            continue;
        }
        if file_type.is_dir() {
            locale_dirs.push((entry.path(), locale));
        }
    }
    // one folder per locale: `nl_NL` and `NL-nl` are the same locale as `nl-NL`; the folder
    // named by the canonical tag (else the first by name) is read, the others are reported
    locale_dirs.sort_by_key(|(dir, locale)| {
        let canonical = dir.file_name().and_then(|n| n.to_str()) == Some(&locale.to_string());
        (locale.to_string(), !canonical, dir.clone())
    });
    let mut kept: Vec<(PathBuf, LanguageIdentifier)> = Vec::new();
    for (dir, locale) in locale_dirs {
        match kept.iter().find(|(_, l)| *l == locale) {
            Some((first, _)) => diagnostics.push(Diagnostic::file(
                &dir,
                Severity::Error,
                "locale-folder",
                format!(
                    "`{}` is the same locale as `{}` ({locale}); its files are skipped: merge the folders",
                    dir.file_name().unwrap_or_default().to_string_lossy(),
                    first.file_name().unwrap_or_default().to_string_lossy()
                ),
            )),
            None => kept.push((dir, locale)),
        }
    }
    let mut locale_dirs = kept;
    locale_dirs.sort();
    for (dir, locale) in locale_dirs {
        // files in `includes` folders are parts of articles, not articles (DocFX projects
        // exclude `**/includes/**`): `[!INCLUDE]` reads them, the site does not list them
        let walk = WalkDir::new(&dir)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| entry.depth() == 0 || !is_includes_folder(entry));
        for entry in walk {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    let path = error.path().unwrap_or(&dir).to_path_buf();
                    diagnostics.push(Diagnostic::file(
                        &path,
                        Severity::Error,
                        "io",
                        format!("cannot read directory entry: {error}"),
                    ));
                    continue;
                }
            };
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("md") {
                continue;
            }
            // DocFX's `TOC.md` is the folder's navigation ([`crate::navigation`]), not an article
            if crate::navigation::is_toc_file(path) {
                continue;
            }
            let file_type = entry.file_type();
            if file_type.is_symlink() {
                match path.canonicalize() {
                    Ok(target) if target.starts_with(&root) && target.is_file() => {}
                    _ => {
                        diagnostics.push(Diagnostic::file(
                            path,
                            Severity::Warning,
                            "symlink-outside",
                            "symbolic link does not resolve to a file inside the content directory; file skipped",
                        ));
                        continue;
                    }
                }
            } else if !file_type.is_file() {
                continue;
            }
            let relative = path.strip_prefix(&dir).unwrap_or(path);
            if let Some(problem) = slug_of(relative).as_deref().and_then(output_name_problem) {
                diagnostics.push(Diagnostic::file(
                    path,
                    Severity::Error,
                    "file-name",
                    format!("{problem}; file skipped"),
                ));
                continue;
            }
            match slug_of(relative) {
                Some(slug) => found.push(FoundFile {
                    path: path.to_path_buf(),
                    folder_locale: locale.clone(),
                    slug: slugs.intern(&slug),
                }),
                None => diagnostics.push(Diagnostic::file(
                    path,
                    Severity::Error,
                    "file-name",
                    "file name is not valid UTF-8; file skipped",
                )),
            }
        }
    }
    Ok((found, diagnostics))
}

/// Whether `entry` is a folder named `includes` (any case).
fn is_includes_folder(entry: &walkdir::DirEntry) -> bool {
    entry.file_type().is_dir() && entry.file_name().eq_ignore_ascii_case("includes")
}

/// Longest file name most file systems take, in bytes.
const MAX_NAME_BYTES: usize = 255;

/// Why a slug cannot name its outputs: its page would replace a page kbgen makes (a locale
/// index, another article's checklist) or its longest output name is too long.
fn output_name_problem(slug: &str) -> Option<String> {
    let name = slug.rsplit('/').next().unwrap_or(slug);
    let top = !slug.contains('/');
    let index_page = name == "index"
        || name
            .strip_prefix("index-")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if top && index_page {
        return Some(format!(
            "the page of `{slug}` would replace the locale's index page `{name}.html`"
        ));
    }
    if name.ends_with(".checklist") {
        return Some(format!(
            "the page of `{slug}` would replace the checklist page of `{}`",
            slug.trim_end_matches(".checklist")
        ));
    }
    let longest = name.len() + ".checklist.html".len();
    (longest > MAX_NAME_BYTES).then(|| {
        format!(
            "the file name is too long for its outputs ({longest} bytes with `.checklist.html`, \
             at most {MAX_NAME_BYTES})"
        )
    })
}

/// The slug of a path below a locale folder: `/`-separated, without `.md`.
fn slug_of(relative: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for component in relative.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?),
            _ => return None,
        }
    }
    let joined = parts.join("/");
    Some(joined.strip_suffix(".md").unwrap_or(&joined).to_string())
}

/// Reads a found file: size limit, then UTF-8 (a BOM is kept as part of the text).
pub fn read(found: FoundFile) -> Result<SourceFile, Diagnostic> {
    let mut bytes = Vec::new();
    read_bytes(&found.path, &mut bytes)?;
    let text = decode(&found.path, bytes)?;
    Ok(SourceFile { found, text })
}

/// Reads the bytes of the file at `path` into `buffer` (cleared first; its capacity is reused),
/// refusing a file over the size limit before reading it.
pub fn read_bytes(path: &Path, buffer: &mut Vec<u8>) -> Result<(), Diagnostic> {
    use std::io::Read;
    let io_error = |error: std::io::Error| {
        Diagnostic::file(
            path,
            Severity::Error,
            "io",
            format!("cannot read file: {error}"),
        )
    };
    let size = fs::metadata(path).map_err(io_error)?.len();
    if size > MAX_FILE_BYTES {
        return Err(Diagnostic::file(
            path,
            Severity::Error,
            "file-too-large",
            format!(
                "file is {size} bytes, more than the {MAX_FILE_BYTES} bytes kbgen reads; file skipped"
            ),
        ));
    }
    buffer.clear();
    fs::File::open(path)
        .and_then(|file| file.take(MAX_FILE_BYTES + 1).read_to_end(buffer))
        .map_err(io_error)?;
    Ok(())
}

/// Decodes UTF-8, or reports where the first invalid byte is.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|error| {
        let valid_up_to = error.utf8_error().valid_up_to();
        let bytes = error.into_bytes();
        // the valid prefix locates the bad byte by line and column
        let prefix = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
        let (line, column) = LineIndex::new(prefix).line_col(prefix.len());
        Diagnostic::at(
            path,
            (line, column),
            Severity::Error,
            "invalid-utf8",
            format!(
                "invalid UTF-8 (byte 0x{:02X} at offset {valid_up_to}); file skipped",
                bytes[valid_up_to]
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_folders_are_short_bcp47_tags() {
        assert_eq!(parse_locale("nl-NL").unwrap().to_string(), "nl-NL");
        assert_eq!(parse_locale("sv").unwrap().to_string(), "sv");
        assert!(parse_locale("notices").is_none());
        assert!(parse_locale("includes").is_none());
        assert!(parse_locale("x1").is_none());
    }

    #[test]
    fn slugs_keep_subfolders() {
        assert_eq!(slug_of(Path::new("a/b.md")).as_deref(), Some("a/b"));
        assert_eq!(slug_of(Path::new("../b.md")), None);
    }

    #[test]
    fn invalid_utf8_is_located() {
        let error = decode(Path::new("x.md"), b"ok\nab\xffc".to_vec()).unwrap_err();
        assert_eq!((error.line, error.column), (2, 3));
        assert_eq!(
            error.to_string(),
            "x.md:2:3: error[invalid-utf8]: invalid UTF-8 (byte 0xFF at offset 5); file skipped"
        );
    }
}
