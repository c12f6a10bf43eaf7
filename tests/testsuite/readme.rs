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

#[test]
fn readme_documents_every_key_of_the_project_file() {
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    let section = &readme[readme.find("### The project file").unwrap()..];
    let block = &section[section.find("```toml\n").unwrap() + 8..];
    let block = &block[..block.find("```").unwrap()];
    // every key the README shows is one kbgen takes (unknown keys are refused) ...
    let found = kbgen::config::ProjectFile::parse(std::path::Path::new("README.md"), block)
        .unwrap_or_else(|e| panic!("{e}"));
    // ... and every key kbgen takes is shown (destructured without `..`: a new key fails to
    // compile here until it is documented)
    use kbgen::config::{CheckKeys, NotifyKeys, Paths, ProjectFile, SiteKeys};
    let ProjectFile {
        paths:
            Paths {
                content,
                locales,
                templates,
                out,
            },
        site:
            SiteKeys {
                base_url,
                link_base,
                source_url,
                attribution,
                license_url,
                remote_images,
            },
        check: CheckKeys {
            strict,
            terms,
            rules,
        },
        notify:
            NotifyKeys {
                smtp,
                tls,
                from,
                timeout,
                retries,
            },
    } = found.file;
    assert!(
        [content, locales, templates, out]
            .iter()
            .all(Option::is_some)
    );
    assert!(
        [
            base_url,
            link_base,
            source_url,
            attribution,
            license_url,
            smtp,
            tls,
            from
        ]
        .iter()
        .all(Option::is_some)
    );
    assert!(remote_images.is_some() && strict.is_some() && terms.is_some() && !rules.is_empty());
    assert!(timeout.is_some() && retries.is_some());
}
