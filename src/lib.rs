//! kbgen turns localized help articles into things people act on: published help pages,
//! checklists for responders, notices for end users, and translation memory.
//!
//! The pipeline, one stage per module:
//!
//! 1. [`source`]: find `content/<locale>/**.md` and read each file (size and UTF-8 checked);
//! 2. [`frontmatter`]: the YAML front matter as a typed [`frontmatter::Meta`];
//! 3. [`bilingual`]: lossless segmentation of the sxs span pairs, before any markdown parsing
//!    ([`bilingual::BilingualDoc::write`] gives back the bytes read);
//! 4. [`projection`]: the markdown of each language as published, with [`mojibake`] repair and
//!    [`escapes`] normalisation, traceable to the bilingual file;
//! 5. [`load`] ties 1–4 together per file; [`pipeline`] runs them over a content directory in
//!    parallel and chooses one en-US article per slug;
//! 6. [`output`]: atomic writes, only inside the output directory.
//!
//! Problems in content are [`diagnostic::Diagnostic`]s (`path:line:col: error[rule]: message`)
//! and never stop the other files; [`error::Error`] is for failures that stop a command.
//!
//! ```
//! use kbgen::bilingual::{BilingualDoc, Side};
//! let text = r#"# <span data-ttu-id="b2c2d-102">Hallo</span><span class="sxs-lookup"><span data-stu-id="b2c2d-102">Hello</span></span>"#;
//! let (doc, issues) = BilingualDoc::parse(text.to_string());
//! assert!(issues.is_empty());
//! assert_eq!(doc.write(), text);
//! assert_eq!(doc.project_raw(Side::Target), "# Hallo");
//! assert_eq!(doc.project_raw(Side::Source), "# Hello");
//!
//! // a pair without its source part is reported, and kept verbatim
//! let (doc, issues) = BilingualDoc::parse(r#"<span data-ttu-id="a-1">half"#.to_string());
//! assert_eq!(issues[0].rule, "unclosed-pair");
//! assert_eq!(doc.project_raw(Side::Target), r#"<span data-ttu-id="a-1">half"#);
//! ```

pub mod bilingual;
pub mod cli;
pub mod diagnostic;
pub mod error;
pub mod escapes;
pub mod export;
pub mod fidelity;
pub mod frontmatter;
pub mod include;
pub mod l10n;
pub mod load;
pub mod markdown;
pub mod model;
pub mod mojibake;
pub mod notice;
pub mod output;
pub mod pipeline;
pub mod projection;
pub mod qa;
pub mod render;
pub mod source;
pub mod templates;
