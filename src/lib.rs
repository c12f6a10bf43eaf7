//! kbgen turns localized help articles into things people act on: published help pages,
//! checklists for responders, notices for end users, and translation memory.
//!
//! Start at [`engine`]: [`engine::Project::open`] reads strings, step words, templates and
//! configuration once, and [`engine::build`], [`engine::check`], [`engine::export`],
//! [`engine::notify`], [`engine::model_of`] and [`engine::checklist_of`] each take a plan and
//! return a report; none of them prints. The `kbgen` binary ([`cli`]) only parses arguments
//! into plans and prints reports.
//!
//! The pipeline, top to bottom, one stage per module:
//!
//! 1. [`source`]: find `content/<locale>/**.md` and read each file (size and UTF-8 checked);
//! 2. [`frontmatter`]: the YAML front matter as a typed [`frontmatter::Meta`];
//! 3. [`bilingual`]: lossless segmentation of the sxs span pairs, before any markdown parsing
//!    ([`bilingual::BilingualDoc::write`] gives back the bytes read);
//! 4. [`index`], the first pass: every file read once and reduced to a small entry (slug,
//!    [`locale::Locale`], hashes, hand-off date); the en-US choice per article and source drift;
//! 5. [`projection`]: the markdown of each language as published, with [`mojibake`] repair and
//!    [`escapes`] normalisation, traceable to the bilingual file; [`load`] runs 1-3 and 5 for one
//!    file;
//! 6. [`model`] (through [`modelling`], which resolves [`include`](mod@include)s): the article model per
//!    locale;
//! 7. [`library`], the second pass's unit: one article loaded and modelled in every locale, and
//!    the one function that decides which locale's text a reader sees
//!    ([`library::shown_locale`]);
//! 8. [`render`]: pages, checklists and e-mails from models, with UI strings from [`l10n`] and
//!    layouts from [`templates`]; [`qa`] and [`export`] check and export translations;
//! 9. [`output`]: atomic writes, only inside the output directory; [`engine::manifest`] records
//!    what a build wrote so that the next one rebuilds only what changed.
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
pub mod config;
pub mod diagnostic;
pub mod engine;
pub mod error;
pub mod escapes;
pub mod export;
pub mod fidelity;
pub mod frontmatter;
pub mod include;
pub mod index;
pub mod l10n;
pub mod library;
pub mod load;
pub mod locale;
pub mod locale_format;
pub mod markdown;
pub mod model;
pub mod modelling;
pub mod mojibake;
pub mod navigation;
pub mod notice;
pub mod output;
pub mod projection;
pub mod qa;
pub mod raw_html;
pub mod render;
pub mod run;
pub mod search;
pub mod source;
pub mod templates;
pub mod unique;
pub mod url;
