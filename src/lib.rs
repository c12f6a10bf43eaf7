//! kbgen turns localized help articles into published pages, checklists, notices and
//! translation memory.

pub mod bilingual;
pub mod diagnostic;
pub mod escapes;
pub mod frontmatter;
pub mod markdown;
pub mod mojibake;
pub mod projection;
