//! Failures that stop an operation (I/O, unsafe paths, bad options), as opposed to content
//! problems, which are [`crate::diagnostic::Diagnostic`]s and never stop the pipeline.

use std::path::PathBuf;

/// An error that stops the current command (exit status 2).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a path failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The output directory would overwrite or be read as content.
    #[error(
        "output directory {} overlaps the content directory {}: choose an --out outside it",
        out.display(),
        content.display()
    )]
    OutputOverlapsContent {
        /// The requested output directory.
        out: PathBuf,
        /// The content directory.
        content: PathBuf,
    },
    /// An output path would leave the output directory.
    #[error("refusing to write outside the output directory: {}", .0.display())]
    UnsafeOutputPath(PathBuf),
    /// A template failed to parse or render.
    #[error("template error: {0}")]
    Template(String),
    /// Pagefind could not index a locale's pages.
    #[error("search index: {0}")]
    Search(String),
    /// A command-line value is not acceptable.
    #[error("{0}")]
    Usage(String),
    /// Standard output was closed by its reader (`| head`): the command ends quietly.
    #[error("standard output was closed")]
    StdoutClosed,
}
