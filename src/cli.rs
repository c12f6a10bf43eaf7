//! Command-line interface: clap arguments become a plan for the library's [`crate::engine`],
//! whose report is printed here. This module holds no pipeline logic: it parses, plans, calls
//! and prints; only it (and `main`) prints or decides the exit status.
//!
//! Exit status: 0 ok; 1 content errors were found (the other files were still processed);
//! 2 usage or I/O error.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostic::{Diagnostic, Severity, Tally};
use crate::engine::{self, BuildPlan, NotifyEvent, Project, Settings, Shard};
use crate::error::Error;
use crate::locale::Locale;
use crate::notice::delivery;
use crate::render::checklist::ChecklistFormat;

/// kbgen: localized help articles into pages, checklists, notices and translation memory.
#[derive(Debug, Parser)]
#[command(name = "kbgen", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Print only errors: no warnings, notes or summary lines.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Show the source line under each diagnostic.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Colour diagnostics: `auto` (on a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces
    /// it), `always` or `never`.
    #[arg(long, value_enum, global = true, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,
    /// The project file (default: `kbgen.toml` in the current folder or the nearest one above
    /// it). Flags override its keys.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// `--color` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// How the global options say things, set once by [`run`].
#[derive(Debug, Clone, Copy, Default)]
struct Style {
    quiet: bool,
    verbose: bool,
    color: bool,
}

static STYLE: std::sync::OnceLock<Style> = std::sync::OnceLock::new();

fn style() -> Style {
    STYLE.get().copied().unwrap_or_default()
}

impl Style {
    fn of(cli: &Cli) -> Style {
        use std::io::IsTerminal;
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
        let color = match cli.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                set("CLICOLOR_FORCE")
                    || (!set("NO_COLOR")
                        && std::io::stderr().is_terminal()
                        && std::env::var_os("TERM").is_none_or(|t| t != "dumb"))
            }
        };
        Style {
            quiet: cli.quiet,
            verbose: cli.verbose,
            color,
        }
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build every output from the content directory.
    Build(BuildArgs),
    /// Report problems in the content without writing anything.
    Check(CheckArgs),
    /// Preview the site: build it, serve it on this machine, rebuild and reload pages when the
    /// content, locales, templates or project file change.
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
    /// Print the model of one article as JSON.
    Model(ModelArgs),
    /// Print the checklist of one article.
    Checklist(ChecklistArgs),
    /// Compose a notice for each recipient; write `.eml` files and optionally send them.
    Notify(NotifyArgs),
    /// Export translation memory (TMX 1.4b or XLIFF 2.0).
    Export(ExportArgs),
    /// Print a shell completion script (`kbgen completions bash > /etc/bash_completion.d/kbgen`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff: `kbgen man > kbgen.1; man ./kbgen.1`).
    Man,
    /// Start a project: an example bilingual article and a commented `kbgen.toml` in
    /// `DIR/content`; nothing that exists is overwritten.
    Init {
        /// The project folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Also write the embedded templates and assets to `DIR/templates` to edit (then
        /// `kbgen build --templates templates`).
        #[arg(long)]
        eject_templates: bool,
    },
}

/// `kbgen export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// TMX (multilingual: every locale given, aligned) or XLIFF (one target locale).
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Target locales (repeatable); default: all (TMX) or the only one (XLIFF).
    #[arg(long = "locale", value_name = "LOCALE")]
    pub locales: Vec<String>,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The content directory (default: `[paths] content` of kbgen.toml, else `content`).
    #[arg(long, value_name = "DIR")]
    pub content: Option<PathBuf>,
}

/// Translation memory formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// TMX 1.4b.
    Tmx,
    /// XLIFF 2.0.
    Xliff,
}

/// `kbgen notify`.
#[derive(Debug, clap::Args)]
pub struct NotifyArgs {
    /// The notice (`content/notices/<NOTICE>.toml`).
    pub notice: String,
    /// Recipients: CSV with a header line, or a JSON array of objects.
    #[arg(long)]
    pub recipients: PathBuf,
    /// Output directory for the `.eml` files and the delivery journal (default: `[paths] out`
    /// of kbgen.toml, else `out`).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Send through this SMTP server (`smtp://host:port`, `smtps://host:port`); credentials
    /// come from KBGEN_SMTP_USERNAME and KBGEN_SMTP_PASSWORD, never from arguments.
    #[arg(long)]
    pub smtp: Option<String>,
    /// TLS for `--smtp`: `starttls` (default for smtp://), `implicit` (smtps://) or `none`
    /// (loopback test servers only).
    #[arg(long, value_enum)]
    pub tls: Option<TlsArg>,
    /// Override the notice's sender (`Name <address>`).
    #[arg(long)]
    pub from: Option<String>,
    /// Print what would go where; write and send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Send again the messages an earlier run may have delivered (its connection broke or it
    /// was killed after the data was sent): they are reported, not resent, by default.
    #[arg(long)]
    pub resend_unknown: bool,
    /// Deadline of each message in seconds (connect, greeting, commands and data together).
    /// Default: `[notify] timeout` of kbgen.toml, else 60.
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: Option<u64>,
    /// How often to retry a message the server refuses for now (4xx) or cannot take before
    /// its data is sent; waits 1 s, then 2 s, 4 s, ...
    /// Default: `[notify] retries` of kbgen.toml, else 3.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=10))]
    pub retries: Option<u32>,
    /// The content directory (default: `[paths] content` of kbgen.toml, else `content`).
    #[arg(long, value_name = "DIR")]
    pub content: Option<PathBuf>,
    /// The locales directory (default: `locales` when there is one).
    #[arg(long, value_name = "DIR")]
    pub locales_dir: Option<PathBuf>,
    /// Templates overriding the embedded ones.
    #[arg(long)]
    pub templates: Option<PathBuf>,
}

/// `--tls` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TlsArg {
    /// No TLS.
    None,
    /// STARTTLS, required.
    Starttls,
    /// Implicit TLS.
    Implicit,
}

/// `kbgen checklist`.
#[derive(Debug, clap::Args)]
pub struct ChecklistArgs {
    /// The article's slug.
    pub slug: String,
    /// The language (negotiated: `nl` gives nl-NL; a language without the article gives en-US).
    #[arg(long)]
    pub locale: String,
    /// Markdown task list or plain text.
    #[arg(long, value_enum, default_value_t = ChecklistFormatArg::Md)]
    pub format: ChecklistFormatArg,
    /// Print the run exported from the interactive checklist to this JSON file as a markdown
    /// record in the language of `--locale` (README, "Runs and records").
    #[arg(long, value_name = "RUN.json", conflicts_with = "format")]
    pub record: Option<PathBuf>,
    /// The content directory (default: `[paths] content` of kbgen.toml, else `content`).
    #[arg(long, value_name = "DIR")]
    pub content: Option<PathBuf>,
    /// The locales directory (default: `locales` when there is one).
    #[arg(long, value_name = "DIR")]
    pub locales_dir: Option<PathBuf>,
    /// Absolute URL of the site; links to articles of the content point to their pages
    /// (default: `[site] base-url` of kbgen.toml, else `http://localhost:8000/`).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Where articles that are not in the content are published (see `build --link-base`).
    #[arg(long, value_name = "URL")]
    pub link_base: Option<String>,
}

/// Checklist formats on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChecklistFormatArg {
    /// GitHub task list.
    Md,
    /// Plain text.
    Txt,
}

/// `kbgen model`.
#[derive(Debug, clap::Args)]
pub struct ModelArgs {
    /// A content file, or an article slug (its path below the locale folder, without `.md`).
    pub article: String,
    /// The locale of the model (default: the file's locale, or en-US for a slug when it exists).
    #[arg(long)]
    pub locale: Option<String>,
    /// The content directory (default: `[paths] content` of kbgen.toml, else `content`).
    #[arg(long, value_name = "DIR")]
    pub content: Option<PathBuf>,
    /// The locales directory (`<locale>/recognition.toml` adds or overrides step words).
    #[arg(long, value_name = "DIR")]
    pub locales_dir: Option<PathBuf>,
}

/// `kbgen build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The content directory, `<locale>/**.md` below it (default: `[paths] content` of
    /// kbgen.toml, else `content`).
    #[arg(long, value_name = "DIR")]
    pub content: Option<PathBuf>,
    /// The output directory; must not be, contain or lie inside the content directory
    /// (default: `[paths] out` of kbgen.toml, else `out`).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Only build these locales (repeatable); default: all.
    #[arg(long = "locale", value_name = "LOCALE")]
    pub locales: Vec<String>,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// The locales directory (`<locale>/*.ftl` strings and `recognition.toml` step words add
    /// to or override the embedded ones).
    #[arg(long, value_name = "DIR")]
    pub locales_dir: Option<PathBuf>,
    /// A directory of templates overriding the embedded ones file by file.
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// Absolute URL the site will be published at: canonical links, hreflang, sitemap
    /// (default: `[site] base-url` of kbgen.toml, else `http://localhost:8000/`).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Where articles that are not in the content are published, for links to them
    /// (`https://learn.microsoft.com/{locale}/microsoft-365/`; `{locale}` becomes the reader's,
    /// lower-cased). Without it such links stay text, marked unavailable.
    #[arg(long, value_name = "URL")]
    pub link_base: Option<String>,
    /// Link each article page to its source file: `{path}` is the file's path below its locale
    /// folder, `{locale}` the locale (`https://github.com/org/docs.{locale}/blob/main/{path}`).
    #[arg(long, value_name = "PATTERN")]
    pub source_url: Option<String>,
    /// Rebuild and rewrite everything, whatever the last build's manifest says.
    #[arg(long)]
    pub force: bool,
    /// Do not build the search index of each locale (Pagefind); for sites that have their own
    /// search, or to build faster.
    #[arg(long)]
    pub no_search: bool,
    /// Article pages per search bundle at most (tests split a small site into bundles).
    #[arg(long, hide = true, default_value_t = crate::engine::SEARCH_BUNDLE_PAGES)]
    pub search_bundle_pages: usize,
    /// Build one shard `I/N` of the articles (a CI matrix job); shard 1 also writes the
    /// indexes, sitemap, translation memory and notice samples.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
}

/// `kbgen serve`.
#[cfg(feature = "serve")]
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The content directory (default: `[paths] content` of kbgen.toml, else `content`).
    #[arg(long, value_name = "DIR")]
    pub content: Option<PathBuf>,
    /// Only serve these locales (repeatable); default: all.
    #[arg(long = "locale", value_name = "LOCALE")]
    pub locales: Vec<String>,
    /// The locales directory (as for `build`).
    #[arg(long, value_name = "DIR")]
    pub locales_dir: Option<PathBuf>,
    /// Templates overriding the embedded ones (as for `build`).
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// The address to listen on; other machines can reach anything but loopback.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// The port; 0 takes any free port.
    #[arg(long, short = 'p', default_value_t = 8000)]
    pub port: u16,
    /// Open the site in the default browser once it is served.
    #[arg(long, short = 'O')]
    pub open: bool,
    /// As for `build`.
    #[arg(long, value_name = "URL")]
    pub link_base: Option<String>,
    /// As for `build`.
    #[arg(long, value_name = "PATTERN")]
    pub source_url: Option<String>,
}

/// `kbgen check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The content directory (default: `[paths] content` of kbgen.toml, else `content`).
    #[arg(long, value_name = "DIR")]
    pub content: Option<PathBuf>,
    /// Output format of the diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// After the diagnostics, how many of each rule were found (text format).
    #[arg(long)]
    pub statistics: bool,
    /// Explain a rule (what it finds, its default severity) and check nothing.
    #[arg(long, value_name = "RULE")]
    pub explain: Option<String>,
    /// The locales directory (step words for the model's checks).
    #[arg(long, value_name = "DIR")]
    pub locales_dir: Option<PathBuf>,
}

/// Diagnostic output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `path:line:col: severity[rule]: message`, one per line.
    Text,
    /// A JSON array of diagnostics.
    Json,
    /// GitHub Actions annotations (`::error file=…,line=…::…`).
    Github,
    /// A SARIF 2.1.0 log (code scanning tools).
    Sarif,
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    let _ = STYLE.set(Style::of(&cli));
    let defaults = match &cli.command {
        // these never read a project
        Command::Completions { .. } | Command::Man | Command::Init { .. } => {
            Ok(Defaults::default())
        }
        _ => Defaults::find(cli.config.as_deref()),
    };
    let result = defaults.and_then(|defaults| match cli.command {
        Command::Build(args) => build(&args, &defaults),
        Command::Check(args) => check(&args, &defaults),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve(&args, &defaults),
        Command::Model(args) => model(&args, &defaults),
        Command::Checklist(args) => checklist(&args, &defaults),
        Command::Notify(args) => notify(&args, &defaults),
        Command::Export(args) => export(&args, &defaults),
        Command::Completions { shell } => completions(shell),
        Command::Man => manual(),
        Command::Init {
            dir,
            eject_templates,
        } => init(&engine::InitPlan {
            dir,
            eject_templates,
        }),
    });
    match result {
        Ok(code) => code,
        // the reader of stdout went away (`| head`): stop quietly, as ripgrep does
        Err(error) if is_closed_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("kbgen: error: {}", chain(&error));
            ExitCode::from(2)
        }
    }
}

/// `kbgen completions SHELL`.
fn completions(shell: clap_complete::Shell) -> Result<ExitCode, Error> {
    let mut script = Vec::new();
    clap_complete::generate(
        shell,
        &mut <Cli as clap::CommandFactory>::command(),
        "kbgen",
        &mut script,
    );
    say(format_args!(
        "{}",
        String::from_utf8_lossy(&script).trim_end()
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// `kbgen init`.
fn init(plan: &engine::InitPlan) -> Result<ExitCode, Error> {
    let report = engine::init(plan)?;
    for path in &report.written {
        summary(format_args!("kbgen: wrote {}", path.display()))?;
    }
    let next = if plan.dir == std::path::Path::new(".") {
        "kbgen: next: kbgen build".to_string()
    } else {
        format!("kbgen: next: cd {} && kbgen build", plan.dir.display())
    };
    summary(format_args!("{next}"))?;
    Ok(ExitCode::SUCCESS)
}

/// `kbgen man`.
fn manual() -> Result<ExitCode, Error> {
    let mut page = Vec::new();
    clap_mangen::Man::new(<Cli as clap::CommandFactory>::command())
        .render(&mut page)
        .map_err(|e| closed_or(e, "the manual page"))?;
    say(format_args!(
        "{}",
        String::from_utf8_lossy(&page).trim_end()
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// A note or warning of kbgen's own on stderr (not a content diagnostic), left out with
/// `--quiet`.
fn note(text: std::fmt::Arguments<'_>) {
    if !style().quiet {
        eprintln!("{text}");
    }
}

/// A summary line on stdout, left out with `--quiet`.
fn summary(text: std::fmt::Arguments<'_>) -> Result<(), Error> {
    if style().quiet {
        return Ok(());
    }
    say(text)
}

/// Writes a line to stdout. A closed stdout (the reader went away: `kbgen model x | head -1`)
/// is [`Error::StdoutClosed`], which ends the command quietly.
fn say(text: std::fmt::Arguments<'_>) -> Result<(), Error> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")
        .and_then(|()| out.flush())
        .map_err(|e| closed_or(e, "standard output"))
}

/// An I/O error: a broken pipe is [`Error::StdoutClosed`], anything else names `what`.
fn closed_or(error: std::io::Error, what: &str) -> Error {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        Error::StdoutClosed
    } else {
        Error::Io {
            path: what.into(),
            source: error,
        }
    }
}

/// Whether `error` is, or was caused by, the reader of stdout going away.
fn is_closed_pipe(error: &Error) -> bool {
    match error {
        Error::StdoutClosed => true,
        Error::Io { source, .. } => source.kind() == std::io::ErrorKind::BrokenPipe,
        _ => false,
    }
}

/// The error with its causes, `a: b: c`.
fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.ends_with(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

fn parse_locales(raw: &[String]) -> Result<Vec<Locale>, Error> {
    raw.iter()
        .map(|tag| {
            tag.parse::<Locale>()
                .map_err(|e| Error::Usage(format!("--locale {e}")))
        })
        .collect()
}

/// Opens the project and prints its warnings.
fn open(settings: Settings) -> Result<Project, Error> {
    let project = Project::open(&settings)?;
    for warning in &project.warnings {
        note(format_args!("kbgen: warning: {warning}"));
    }
    Ok(project)
}

/// The project file under the flags: a flag wins, then the file's key, then kbgen's default.
#[derive(Debug, Default)]
struct Defaults {
    file: Option<crate::config::Found>,
}

impl Defaults {
    /// The file `--config` names, else the nearest `kbgen.toml` from the current folder up.
    fn find(named: Option<&std::path::Path>) -> Result<Defaults, Error> {
        let file = match named {
            Some(path) => Some(crate::config::ProjectFile::load(path)?),
            None => {
                let here = std::env::current_dir().map_err(|source| Error::Io {
                    path: ".".into(),
                    source,
                })?;
                crate::config::ProjectFile::discover(&here)?
            }
        };
        Ok(Defaults { file })
    }

    fn keys(&self) -> Option<&crate::config::ProjectFile> {
        self.file.as_ref().map(|found| &found.file)
    }

    /// Where kbgen's default paths are: the project file's folder, else the current one.
    fn root(&self) -> PathBuf {
        self.file
            .as_ref()
            .and_then(|found| found.path.parent())
            .map_or_else(PathBuf::new, std::path::Path::to_path_buf)
    }

    fn content(&self, flag: Option<&PathBuf>) -> PathBuf {
        flag.cloned()
            .or_else(|| self.keys()?.paths.content.clone())
            .unwrap_or_else(|| self.root().join("content"))
    }

    fn out(&self, flag: Option<&PathBuf>) -> PathBuf {
        flag.cloned()
            .or_else(|| self.keys()?.paths.out.clone())
            .unwrap_or_else(|| self.root().join("out"))
    }

    fn base_url(&self, flag: Option<&String>) -> String {
        flag.cloned()
            .or_else(|| self.keys()?.site.base_url.clone())
            .unwrap_or_else(|| "http://localhost:8000/".into())
    }

    fn site_key(
        &self,
        flag: Option<&String>,
        key: fn(&crate::config::SiteKeys) -> &Option<String>,
    ) -> Option<String> {
        flag.cloned().or_else(|| key(&self.keys()?.site).clone())
    }

    fn strict(&self, flag: bool) -> bool {
        flag || self.keys().and_then(|k| k.check.strict).unwrap_or(false)
    }

    /// The project's settings from the flags every command shares. A locales or templates
    /// folder the user named (by flag or in the project file) must exist; without one,
    /// `locales` is used when there is one (else the embedded strings).
    fn settings(
        &self,
        content: Option<&PathBuf>,
        locales_dir: Option<&PathBuf>,
        templates: Option<&PathBuf>,
    ) -> Result<Settings, Error> {
        let named = |flag: Option<&PathBuf>,
                     name: &str,
                     key: Option<&PathBuf>|
         -> Result<Option<PathBuf>, Error> {
            let (dir, origin) = match (flag, key) {
                (Some(dir), _) => (dir.clone(), format!("--{name}")),
                (None, Some(dir)) => {
                    let file = self
                        .file
                        .as_ref()
                        .map_or_else(String::new, |f| f.path.display().to_string());
                    (
                        dir.clone(),
                        format!(
                            "{file}: [paths] {}",
                            if name == "locales-dir" {
                                "locales"
                            } else {
                                name
                            }
                        ),
                    )
                }
                (None, None) => return Ok(None),
            };
            if !dir.is_dir() {
                return Err(Error::Usage(format!(
                    "{origin} {}: no such directory (leave it out to use the embedded {name})",
                    dir.display()
                )));
            }
            Ok(Some(dir))
        };
        let keys = self.keys();
        let locales_dir = named(
            locales_dir,
            "locales-dir",
            keys.and_then(|k| k.paths.locales.as_ref()),
        )?;
        let templates = named(
            templates,
            "templates",
            keys.and_then(|k| k.paths.templates.as_ref()),
        )?;
        Ok(Settings {
            content: self.content(content),
            locales_dir: locales_dir.unwrap_or_else(|| self.root().join("locales")),
            templates,
            project_file: keys.cloned(),
        })
    }
}

/// Applies `--strict` (warnings become errors).
fn strictly(diagnostics: &mut [Diagnostic], strict: bool) {
    if strict {
        for d in diagnostics
            .iter_mut()
            .filter(|d| d.severity == Severity::Warning)
        {
            d.severity = Severity::Error;
        }
    }
}

/// Applies `--strict` and prints diagnostics to stderr; returns the tally after strictness.
fn report(diagnostics: &mut [Diagnostic], strict: bool) -> Tally {
    report_with(diagnostics, strict, style().verbose)
}

/// [`report`], with the source line under each diagnostic when `snippets` is on.
fn report_with(diagnostics: &mut [Diagnostic], strict: bool, snippets: bool) -> Tally {
    strictly(diagnostics, strict);
    let style = style();
    let stderr = std::io::stderr();
    let mut stderr = stderr.lock();
    let mut sources = crate::diagnostic::SourceLines::default();
    for d in diagnostics.iter() {
        if style.quiet && d.severity != Severity::Error {
            continue;
        }
        let _ = writeln!(stderr, "{}", painted(d, style.color));
        if snippets && let Some(snippet) = sources.snippet(d) {
            let _ = writeln!(stderr, "{snippet}");
        }
    }
    Tally::of(diagnostics.iter())
}

/// A diagnostic line, its path bold and its severity coloured when `color` is on.
fn painted(d: &Diagnostic, color: bool) -> String {
    if !color {
        return d.to_string();
    }
    use anstyle::{AnsiColor, Style as Paint};
    let severity = match d.severity {
        Severity::Error => Paint::new().bold().fg_color(Some(AnsiColor::Red.into())),
        Severity::Warning => Paint::new().bold().fg_color(Some(AnsiColor::Yellow.into())),
        Severity::Info => Paint::new().bold().fg_color(Some(AnsiColor::Cyan.into())),
    };
    let bold = Paint::new().bold();
    format!(
        "{bold}{}:{}:{}:{bold:#} {severity}{}[{}]{severity:#}: {}",
        d.path.display(),
        d.line,
        d.column,
        d.severity.as_str(),
        d.rule,
        d.message
    )
}

fn exit_for(tally: Tally) -> ExitCode {
    if tally.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// A progress bar per stage on stderr, drawn only on a terminal (and not for `TERM=dumb`).
struct Bar(Option<indicatif::ProgressBar>);

impl Bar {
    fn new() -> Bar {
        use std::io::IsTerminal;
        let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        if !std::io::stderr().is_terminal() || dumb {
            return Bar(None);
        }
        let bar = indicatif::ProgressBar::new(0);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{prefix:>10} [{bar:30}] {pos}/{len} {elapsed}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        Bar(Some(bar))
    }
}

impl engine::Progress for Bar {
    fn stage(&self, name: &str, total: u64) {
        if let Some(bar) = &self.0 {
            bar.set_prefix(name.to_string());
            bar.set_length(total);
            bar.set_position(0);
        }
    }

    fn advance(&self, n: u64) {
        if let Some(bar) = &self.0 {
            bar.inc(n);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

fn build(args: &BuildArgs, defaults: &Defaults) -> Result<ExitCode, Error> {
    let started = Instant::now();
    let out = defaults.out(args.out.as_ref());
    let plan = BuildPlan {
        out: out.clone(),
        locales: parse_locales(&args.locales)?,
        base_url: defaults.base_url(args.base_url.as_ref()),
        link_base: defaults.site_key(args.link_base.as_ref(), |site| &site.link_base),
        source_url: defaults.site_key(args.source_url.as_ref(), |site| &site.source_url),
        force: args.force,
        shard: args.shard,
        search: !args.no_search,
        search_bundle_pages: args.search_bundle_pages,
    };
    let strict = defaults.strict(args.strict);
    let project = open(defaults.settings(
        args.content.as_ref(),
        args.locales_dir.as_ref(),
        args.templates.as_ref(),
    )?)?;
    let mut built = engine::build(&project, &plan, &Bar::new())?;
    for text in &built.notes {
        note(format_args!("kbgen: note: {text}"));
    }
    let tally = report(&mut built.diagnostics, strict);
    for error in &built.write_errors {
        eprintln!("kbgen: error: {}", chain(error));
    }
    let locales: Vec<String> = built.locales.iter().map(Locale::tag).collect();
    let changes = if built.written == 0 && built.removed == 0 {
        format!("nothing changed in {}", out.display())
    } else {
        format!(
            "{} files written to {}, {} unchanged, {} removed",
            built.written,
            out.display(),
            built.unchanged,
            built.removed
        )
    };
    summary(format_args!(
        "kbgen: {} of {} files loaded ({} bilingual, {} monolingual) in {} locales ({}); {} of {} articles rebuilt; {changes}; {} errors, {} warnings; {:.2} s",
        built.loaded,
        built.found,
        built.bilingual,
        built.loaded - built.bilingual,
        locales.len(),
        locales.join(", "),
        built.rebuilt,
        built.articles,
        tally.errors,
        tally.warnings,
        started.elapsed().as_secs_f64()
    ))?;
    if !built.write_errors.is_empty() {
        return Ok(ExitCode::from(2));
    }
    Ok(exit_for(tally))
}

fn model(args: &ModelArgs, defaults: &Defaults) -> Result<ExitCode, Error> {
    let locale = match &args.locale {
        Some(tag) => Some(parse_locales(std::slice::from_ref(tag))?.remove(0)),
        None => None,
    };
    let project =
        open(defaults.settings(args.content.as_ref(), args.locales_dir.as_ref(), None)?)?;
    let index = project.index()?;
    let mut chosen = engine::model_of(&project, &index, &args.article, locale.as_ref())?;
    let tally = report(&mut chosen.diagnostics, false);
    let json = serde_json::to_string_pretty(&chosen.article)
        .map_err(|e| Error::Usage(format!("cannot serialize the model: {e}")))?;
    say(format_args!("{json}"))?;
    Ok(exit_for(tally))
}

fn checklist(args: &ChecklistArgs, defaults: &Defaults) -> Result<ExitCode, Error> {
    let requested = parse_locales(std::slice::from_ref(&args.locale))?.remove(0);
    let project =
        open(defaults.settings(args.content.as_ref(), args.locales_dir.as_ref(), None)?)?;
    let index = project.index()?;
    if let Some(record) = &args.record {
        let record = engine::record_of(&project, &index, &args.slug, &requested, record)?;
        note_fallback(&args.slug, &requested, &record.shown);
        for key in &record.unknown_steps {
            note(format_args!(
                "kbgen: warning: the run has step `{key}`, which this version of `{}` does not have; it is listed last",
                args.slug
            ));
        }
        say(format_args!("{}", record.text))?;
        return Ok(ExitCode::SUCCESS);
    }
    let format = match args.format {
        ChecklistFormatArg::Md => ChecklistFormat::Markdown,
        ChecklistFormatArg::Txt => ChecklistFormat::Text,
    };
    let base_url = defaults.base_url(args.base_url.as_ref());
    let link_base = defaults.site_key(args.link_base.as_ref(), |site| &site.link_base);
    let bases = (base_url.as_str(), link_base.as_deref());
    let checklist = engine::checklist_of(&project, &index, &args.slug, &requested, format, bases)?;
    note_fallback(&args.slug, &requested, &checklist.shown);
    say(format_args!("{}", checklist.text))?;
    Ok(ExitCode::SUCCESS)
}

/// `kbgen serve`: prints the address, then each build's diagnostics and a line per rebuild.
#[cfg(feature = "serve")]
fn serve(args: &ServeArgs, defaults: &Defaults) -> Result<ExitCode, Error> {
    let settings = defaults.settings(
        args.content.as_ref(),
        args.locales_dir.as_ref(),
        args.templates.as_ref(),
    )?;
    let plan = engine::ServePlan {
        settings,
        bind: args.bind,
        port: args.port,
        locales: parse_locales(&args.locales)?,
        link_base: defaults.site_key(args.link_base.as_ref(), |site| &site.link_base),
        source_url: defaults.site_key(args.source_url.as_ref(), |site| &site.source_url),
        project_file: defaults.file.as_ref().map(|f| f.path.clone()),
        stop: interrupt_flag(None),
    };
    let open = args.open;
    engine::serve(&plan, &|event| match event {
        engine::ServeEvent::Listening { url, out } => {
            let _ = summary(format_args!(
                "kbgen: serving {url} (built in {}); Ctrl-C stops",
                out.display()
            ));
            if open && let Err(error) = open::that_detached(&url) {
                note(format_args!(
                    "kbgen: warning: cannot open a browser: {error}"
                ));
            }
        }
        engine::ServeEvent::Built {
            mut report,
            elapsed,
            changed,
        } => {
            let tally = report_with(&mut report.diagnostics, false, style().verbose);
            for error in &report.write_errors {
                eprintln!("kbgen: error: {}", chain(error));
            }
            let what = match changed.as_slice() {
                [] => "built".to_string(),
                [one] => format!("{} changed: rebuilt", one.display()),
                many => format!("{} files changed: rebuilt", many.len()),
            };
            let _ = summary(format_args!(
                "kbgen: {what} {} of {} articles, {} files written, {} removed; {} errors, {} warnings; {:.2} s",
                report.rebuilt,
                report.articles,
                report.written,
                report.removed,
                tally.errors,
                tally.warnings,
                elapsed.as_secs_f64()
            ));
        }
        engine::ServeEvent::Failed { error } => {
            eprintln!("kbgen: error: {}", chain(&error));
        }
    })?;
    summary(format_args!("kbgen: stopped"))?;
    Ok(ExitCode::SUCCESS)
}

/// Says on stderr when `slug` is shown in another language than the one asked for.
fn note_fallback(slug: &str, requested: &Locale, shown: &Locale) {
    if shown.id().language != requested.id().language {
        note(format_args!(
            "kbgen: note: `{slug}` is not available in {requested}; showing {shown}"
        ));
    }
}

/// A flag Ctrl-C (or SIGTERM) sets, for a command that stops cleanly on it, saying `message`
/// if any; a second Ctrl-C exits at once. (`notify` finishes the message in flight, journals
/// it and stops; the journal then reports a message cut off by a second Ctrl-C as unknown.)
fn interrupt_flag(message: Option<&'static str>) -> std::sync::Arc<std::sync::atomic::AtomicBool> {
    use std::sync::atomic::{AtomicBool, Ordering};
    let flag = std::sync::Arc::new(AtomicBool::new(false));
    let seen = flag.clone();
    let _ = ctrlc::set_handler(move || {
        if seen.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        if let Some(message) = message {
            eprintln!("{message}");
        }
    });
    flag
}

fn notify(args: &NotifyArgs, defaults: &Defaults) -> Result<ExitCode, Error> {
    let keys = defaults.keys().map(|k| &k.notify);
    let tls = match args.tls {
        Some(TlsArg::None) => Some(delivery::TlsMode::None),
        Some(TlsArg::Starttls) => Some(delivery::TlsMode::StartTls),
        Some(TlsArg::Implicit) => Some(delivery::TlsMode::Implicit),
        None => match keys.and_then(|k| k.tls.as_deref()) {
            Some("none") => Some(delivery::TlsMode::None),
            Some("starttls") => Some(delivery::TlsMode::StartTls),
            Some("implicit") => Some(delivery::TlsMode::Implicit),
            _ => None,
        },
    };
    let plan = engine::NotifyPlan {
        notice: args.notice.clone(),
        recipients: args.recipients.clone(),
        out: defaults.out(args.out.as_ref()),
        smtp: args.smtp.clone().or_else(|| keys?.smtp.clone()),
        tls,
        from: args.from.clone().or_else(|| keys?.from.clone()),
        dry_run: args.dry_run,
        resend_unknown: args.resend_unknown,
        patience: delivery::Patience {
            deadline: std::time::Duration::from_secs(
                args.timeout.or_else(|| keys?.timeout).unwrap_or(60),
            ),
            retries: args.retries.or_else(|| keys?.retries).unwrap_or(3),
            ..delivery::Patience::default()
        },
        interrupt: Some(interrupt_flag(Some(
            "kbgen: stopping after the message in flight (Ctrl-C again to stop now)",
        ))),
    };
    let project = open(defaults.settings(
        args.content.as_ref(),
        args.locales_dir.as_ref(),
        args.templates.as_ref(),
    )?)?;
    let mut done = engine::notify(&project, &plan)?;
    for event in &done.events {
        match event {
            NotifyEvent::Would {
                send,
                to,
                locale,
                subject,
            } => {
                let how = if *send { "send" } else { "write" };
                say(format_args!(
                    "would {how} `{}` to {to} ({locale}): {subject}",
                    done.notice
                ))?;
            }
            NotifyEvent::Refused { line, to, reason } => eprintln!(
                "{}:{line}:1: error[delivery]: {to} not sent: {reason}",
                args.recipients.display()
            ),
            NotifyEvent::Unknown { line, to, reason } => note(format_args!(
                "{}:{line}:1: warning[delivery-unknown]: {to}: {reason}",
                args.recipients.display()
            )),
        }
    }
    if done.journal_repaired > 0 {
        note(format_args!(
            "kbgen: note: the journal's last line was torn ({} bytes, a crash while writing it); it was cut off",
            done.journal_repaired
        ));
    }
    let tally = report(&mut done.diagnostics, false);
    if !args.dry_run {
        let delivery = if done.delivered {
            format!(
                "; {} sent, {} already sent before, {} failed, {} unknown (may have been delivered), {} SMTP connection(s)",
                done.sent, done.skipped, done.failed, done.unknown, done.connections
            )
        } else {
            String::new()
        };
        summary(format_args!(
            "kbgen: notify {}: {} recipient rows, {} rejected, {} messages written to {}{delivery}",
            done.notice,
            done.rows,
            tally.errors,
            done.written,
            done.dir.display()
        ))?;
    }
    if done.interrupted {
        eprintln!(
            "kbgen: interrupted: the message in flight was finished and journaled; run the same command again to go on"
        );
        return Ok(ExitCode::from(130));
    }
    Ok(if tally.errors > 0 || done.failed > 0 || done.unknown > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn export(args: &ExportArgs, defaults: &Defaults) -> Result<ExitCode, Error> {
    let plan = engine::ExportPlan {
        format: match args.format {
            ExportFormat::Tmx => engine::ExportFormat::Tmx,
            ExportFormat::Xliff => engine::ExportFormat::Xliff,
        },
        locales: parse_locales(&args.locales)?,
        out: args.out.clone(),
    };
    let project = open(defaults.settings(args.content.as_ref(), None, None)?)?;
    let stdout = std::io::stdout();
    let mut sink = std::io::BufWriter::new(stdout.lock());
    let exported = engine::export(&project, &plan, &mut sink)?;
    if let Some(path) = &args.out {
        note(format_args!(
            "kbgen: {} units written to {}",
            exported.units,
            path.display()
        ));
    }
    Ok(ExitCode::SUCCESS)
}

fn check(args: &CheckArgs, defaults: &Defaults) -> Result<ExitCode, Error> {
    if let Some(rule) = &args.explain {
        return explain(rule);
    }
    let project =
        open(defaults.settings(args.content.as_ref(), args.locales_dir.as_ref(), None)?)?;
    let mut checked = engine::check(&project, &Bar::new())?;
    strictly(&mut checked.diagnostics, defaults.strict(args.strict));
    let tally = checked.tally();
    match args.format {
        Format::Text => {
            // on a terminal, `check` shows where each finding is (as `--verbose` does anywhere)
            use std::io::IsTerminal;
            let snippets = style().verbose || std::io::stderr().is_terminal();
            report_with(&mut checked.diagnostics, false, snippets);
            if args.statistics {
                let mut counts: std::collections::BTreeMap<(Severity, &str), usize> =
                    std::collections::BTreeMap::new();
                for d in &checked.diagnostics {
                    *counts.entry((d.severity, d.rule)).or_default() += 1;
                }
                for ((severity, rule), count) in counts.iter().rev() {
                    say(format_args!("{count:>7} {}[{rule}]", severity.as_str()))?;
                }
            }
            summary(format_args!(
                "kbgen: checked {} files: {} errors, {} warnings",
                checked.found, tally.errors, tally.warnings
            ))?;
        }
        Format::Json => {
            let json = serde_json::to_string_pretty(&checked.diagnostics)
                .map_err(|e| Error::Usage(format!("cannot serialize diagnostics: {e}")))?;
            say(format_args!("{json}"))?;
        }
        Format::Github => {
            let annotations = crate::diagnostic::github_annotations(&checked.diagnostics);
            say(format_args!("{}", annotations.trim_end()))?;
        }
        Format::Sarif => {
            let rules: Vec<crate::diagnostic::RuleInfo> = crate::qa::RULES
                .iter()
                .map(|r| crate::diagnostic::RuleInfo {
                    id: r.id,
                    description: r.description,
                    severity: r.severity,
                })
                .collect();
            let log = crate::diagnostic::sarif(&checked.diagnostics, &rules);
            let json = serde_json::to_string_pretty(&log)
                .map_err(|e| Error::Usage(format!("cannot serialize diagnostics: {e}")))?;
            say(format_args!("{json}"))?;
        }
    }
    Ok(exit_for(tally))
}

/// `kbgen check --explain RULE`: the rule's default severity and what it finds.
fn explain(rule: &str) -> Result<ExitCode, Error> {
    let Some(found) = crate::qa::RULES.iter().find(|r| r.id == rule) else {
        let ids: Vec<&str> = crate::qa::RULES.iter().map(|r| r.id).collect();
        return Err(Error::Usage(format!(
            "no rule `{rule}`; the rules are: {}",
            ids.join(", ")
        )));
    };
    let severity = found.severity.map_or("off", Severity::as_str);
    say(format_args!(
        "{}: {} (default: {severity})",
        found.id, found.description
    ))?;
    say(format_args!(
        "Change its severity or turn it off in `kbgen.toml` at the project root, under `[check.rules]`; `--strict` makes warnings errors."
    ))?;
    Ok(ExitCode::SUCCESS)
}
