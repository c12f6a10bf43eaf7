//! The Tera templates and static assets of the site, embedded in the binary and overridable
//! file by file from a directory (`--templates DIR`): a fresh `cargo install` works, and a
//! publisher can restyle one page without copying the rest.
//!
//! Tera autoescapes `.html` and `.xml` templates; fragments built from content reach templates
//! already sanitized and are marked `| safe`.

use std::path::Path;

use tera::Tera;

use crate::error::Error;
use crate::l10n::Localizer;

/// Templates rendered with Tera, by name.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("article.html", include_str!("../templates/article.html")),
    (
        "checklist.html",
        include_str!("../templates/checklist.html"),
    ),
    ("index.html", include_str!("../templates/index.html")),
    (
        "languages.html",
        include_str!("../templates/languages.html"),
    ),
    ("sitemap.xml", include_str!("../templates/sitemap.xml")),
    (
        "sitemap-index.xml",
        include_str!("../templates/sitemap-index.xml"),
    ),
    (
        "email/notice.html",
        include_str!("../templates/email/notice.html"),
    ),
    (
        "email/notice.txt",
        include_str!("../templates/email/notice.txt"),
    ),
];

/// Static files copied or inlined as they are.
pub const ASSETS: &[(&str, &str)] = &[
    ("style.css", include_str!("../templates/style.css")),
    ("checklist.js", include_str!("../templates/checklist.js")),
    ("languages.js", include_str!("../templates/languages.js")),
    ("source.js", include_str!("../templates/source.js")),
    ("search.js", include_str!("../templates/search.js")),
    ("nav.js", include_str!("../templates/nav.js")),
];

/// The templates and assets in use.
#[derive(Debug)]
pub struct Templates {
    /// The Tera instance with every template.
    pub tera: Tera,
    assets: Vec<(String, String)>,
    digest: String,
}

impl Templates {
    /// The embedded templates, each replaced by `dir/<name>` when that file exists.
    pub fn load(dir: Option<&Path>) -> Result<Templates, Error> {
        let read = |name: &str, embedded: &str| -> Result<String, Error> {
            match dir.map(|d| d.join(name)).filter(|p| p.is_file()) {
                Some(path) => {
                    std::fs::read_to_string(&path).map_err(|source| Error::Io { path, source })
                }
                None => Ok(embedded.to_string()),
            }
        };
        let mut sources = Vec::new();
        for (name, embedded) in TEMPLATES {
            sources.push((name.to_string(), read(name, embedded)?));
        }
        let mut tera = Tera::new();
        tera.add_raw_templates(sources.iter().map(|(n, c)| (n.as_str(), c.as_str())))
            .map_err(|e| Error::Template(format!("{e:#}")))?;
        let mut assets = Vec::new();
        for (name, embedded) in ASSETS {
            assets.push((name.to_string(), read(name, embedded)?));
        }
        let digest = crate::index::hash_parts(
            sources
                .iter()
                .chain(assets.iter())
                .flat_map(|(n, c)| [n.as_bytes(), c.as_bytes()]),
        );
        Ok(Templates {
            tera,
            assets,
            digest,
        })
    }

    /// Hash of every template and asset in use (a build's change detection).
    pub fn digest(&self) -> String {
        self.digest.clone()
    }

    /// A static asset's text.
    pub fn asset(&self, name: &str) -> &str {
        self.assets
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, text)| text.as_str())
    }

    /// Renders `name` with the serialized `view`.
    pub fn render<T: serde::Serialize>(&self, name: &str, view: &T) -> Result<String, Error> {
        self.render_context(name, view, None)
    }

    /// Renders `name` with the serialized `view` and the UI strings of `t`'s locale as `t`
    /// ([`Localizer::template_strings`], converted once per locale).
    pub fn render_localized<T: serde::Serialize>(
        &self,
        name: &str,
        view: &T,
        t: &Localizer,
    ) -> Result<String, Error> {
        self.render_context(name, view, Some(t.template_strings()))
    }

    fn render_context<T: serde::Serialize>(
        &self,
        name: &str,
        view: &T,
        strings: Option<tera::Value>,
    ) -> Result<String, Error> {
        let mut context = tera::Context::from_serialize(view)
            .map_err(|e| Error::Template(format!("{name}: {e:#}")))?;
        if let Some(strings) = strings {
            context.insert_value("t", strings);
        }
        self.tera
            .render(name, &context)
            .map_err(|e| Error::Template(format!("{name}: {e:#}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_template_parses() {
        let templates = Templates::load(None).unwrap();
        for (name, _) in TEMPLATES {
            assert!(templates.tera.contains_template(name), "{name}");
        }
        assert!(
            templates
                .asset("style.css")
                .contains("prefers-color-scheme: dark")
        );
    }

    #[test]
    fn a_directory_overrides_one_template() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("style.css"), "body{}").unwrap();
        let templates = Templates::load(Some(dir.path())).unwrap();
        assert_eq!(templates.asset("style.css"), "body{}");
        assert!(templates.asset("checklist.js").contains("localStorage"));
    }

    #[test]
    fn every_string_the_templates_use_exists_in_every_locale() {
        let sources = crate::l10n::Sources::embedded();
        for locale in sources.locales() {
            let ids: Vec<String> = sources
                .files(&locale)
                .unwrap()
                .values()
                .flat_map(|t| crate::l10n::message_ids_of(t))
                .collect();
            for (name, text) in TEMPLATES {
                for used in text.split("t[").skip(1) {
                    let quote = used.chars().next().unwrap();
                    let id = used[1..].split(quote).next().unwrap();
                    assert!(
                        ids.iter().any(|i| i == id),
                        "{name} uses `{id}`, missing in {locale}"
                    );
                }
            }
        }
    }
}
