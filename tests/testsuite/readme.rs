//! README's sample input gives README's sample outputs.

use crate::common;

use kbgen::bilingual::{BilingualDoc, Side};
use kbgen::projection::{self, ProjectOptions};

#[test]
fn readme_sample_projects_as_documented() {
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    let blocks: Vec<&str> = readme
        .split("```markdown\n")
        .skip(1)
        .map(|rest| &rest[..rest.find("```").unwrap()])
        .collect();
    assert!(
        blocks.len() >= 3,
        "README must show the input and both outputs"
    );
    let (doc, issues) = BilingualDoc::parse(blocks[0].to_string());
    assert!(issues.is_empty());
    let options = ProjectOptions::default();
    assert_eq!(
        projection::project(&doc, Side::Target, &options).0.text,
        blocks[1]
    );
    assert_eq!(
        projection::project(&doc, Side::Source, &options).0.text,
        blocks[2]
    );
}
