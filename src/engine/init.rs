//! `init`: a new project folder with one bilingual example article and a commented project file
//! (`kbgen.toml`),
//! and with `--eject-templates` the embedded templates and assets to edit (as
//! `mdbook init --theme`). Nothing that exists is overwritten.

use std::path::{Path, PathBuf};

use crate::error::Error;

/// What to scaffold.
#[derive(Debug, Clone)]
pub struct InitPlan {
    /// The project folder (created when missing).
    pub dir: PathBuf,
    /// Also write every embedded template and asset to `templates/`.
    pub eject_templates: bool,
}

/// What `init` wrote.
#[derive(Debug, Default)]
pub struct InitReport {
    /// The files written, in order.
    pub written: Vec<PathBuf>,
}

/// An example bilingual article in the published DocFX form (nl-NL with its en-US source).
const EXAMPLE: &str = r#"---
title: Aan de slag
ms.topic: article
ms.translationtype: HT
ms.contentlocale: nl-NL
ms.lasthandoff: 12/03/2026
---
# <a name="getting-started"></a><span data-ttu-id="e1a2b-101">Aan de slag</span><span class="sxs-lookup"><span data-stu-id="e1a2b-101">Getting started</span></span>

<span data-ttu-id="e1a2b-102">Dit voorbeeldartikel laat zien hoe kbgen een tweetalig artikel leest.</span><span class="sxs-lookup"><span data-stu-id="e1a2b-102">This example article shows how kbgen reads a bilingual article.</span></span>

## <a name="step-1-reset-the-password"></a><span data-ttu-id="e1a2b-103">Stap 1: Stel het wachtwoord opnieuw in</span><span class="sxs-lookup"><span data-stu-id="e1a2b-103">Step 1: Reset the password</span></span>

1. <span data-ttu-id="e1a2b-104">Open het beheercentrum.</span><span class="sxs-lookup"><span data-stu-id="e1a2b-104">Open the admin center.</span></span>
2. <span data-ttu-id="e1a2b-105">Kies **Wachtwoord opnieuw instellen**.</span><span class="sxs-lookup"><span data-stu-id="e1a2b-105">Choose **Reset password**.</span></span>

> [!IMPORTANT]
> <span data-ttu-id="e1a2b-106">Stuur het nieuwe wachtwoord niet per e-mail.</span><span class="sxs-lookup"><span data-stu-id="e1a2b-106">Do not send the new password by email.</span></span>

## <a name="step-2-optional-sign-out-everywhere"></a><span data-ttu-id="e1a2b-107">Stap 2 (optioneel): Overal afmelden</span><span class="sxs-lookup"><span data-stu-id="e1a2b-107">Step 2 (optional): Sign out everywhere</span></span>

<span data-ttu-id="e1a2b-108">Meld de gebruiker af op alle apparaten.</span><span class="sxs-lookup"><span data-stu-id="e1a2b-108">Sign the user out on every device.</span></span>
"#;

/// The project file, every key shown (commented out where kbgen's default applies).
const CONFIG: &str = r#"# kbgen's project file (README, "The project file"). Flags override it; relative paths are
# relative to this file's folder. Never put credentials here: SMTP user and password come from
# KBGEN_SMTP_USERNAME and KBGEN_SMTP_PASSWORD.

[paths]
content = "content"
# locales = "locales"       # strings and step words adding to or overriding the embedded ones
# templates = "templates"   # templates overriding the embedded ones (`kbgen init --eject-templates`)
out = "out"

[site]
# base-url = "https://help.example.com/"   # where the site is published (canonical, sitemap)
# link-base = "https://learn.microsoft.com/{locale}/microsoft-365/"   # articles not in the content
# source-url = "https://github.com/org/docs.{locale}/blob/main/{path}" # "source" link on each page
# attribution = "Articles © …, licensed under CC BY 4.0."
# license-url = "https://creativecommons.org/licenses/by/4.0/"
remote-images = false        # true: pages show images from other sites

[check]
strict = false               # true: warnings are errors
terms = []                   # words that may stay untranslated (product names)

[check.rules]
# A rule's severity: "off", "info", "warning" or "error" (`kbgen check --explain RULE`).
# machine-translated = "info"

[notify]
# smtp = "smtp://mail.example.com:587"
# tls = "starttls"           # none, starttls or implicit
# from = "Help desk <help@example.com>"
timeout = 60                 # seconds per message
retries = 3
"#;

/// [`CONFIG`] with the ejected templates in use.
static CONFIG_EJECTED: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    CONFIG.replacen(
        "# templates = \"templates\"  ",
        "templates = \"templates\"    ",
        1,
    )
});

/// Writes the project: `content/nl-NL/getting-started.md`, `kbgen.toml`, and with
/// `eject_templates` `templates/<name>` for every embedded template and asset. Refuses, writing
/// nothing, when any of them exists.
pub fn init(plan: &InitPlan) -> Result<InitReport, Error> {
    let mut files: Vec<(PathBuf, &str)> = vec![
        (
            Path::new("content/nl-NL/getting-started.md").to_path_buf(),
            EXAMPLE,
        ),
        (
            Path::new(crate::config::FILE_NAME).to_path_buf(),
            if plan.eject_templates {
                CONFIG_EJECTED.as_str()
            } else {
                CONFIG
            },
        ),
    ];
    if plan.eject_templates {
        for (name, text) in crate::templates::TEMPLATES
            .iter()
            .chain(crate::templates::ASSETS)
        {
            files.push((Path::new("templates").join(name), text));
        }
    }
    let existing: Vec<String> = files
        .iter()
        .map(|(relative, _)| plan.dir.join(relative))
        .filter(|path| std::fs::symlink_metadata(path).is_ok())
        .map(|path| path.display().to_string())
        .collect();
    if !existing.is_empty() {
        return Err(Error::Usage(format!(
            "init would overwrite {}; choose another folder or move them away",
            existing.join(", ")
        )));
    }
    let mut report = InitReport::default();
    for (relative, text) in files {
        let path = plan.dir.join(relative);
        crate::output::create_new(&path, text.as_bytes())?;
        report.written.push(path);
    }
    Ok(report)
}
