//! Command-line interface: clap arguments, then one function per command. Only this module
//! (and `main`) prints or decides the exit status.
//!
//! Exit status: 0 ok; 1 content errors were found (the other files were still processed);
//! 2 usage or I/O error.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use unic_langid::LanguageIdentifier;

use crate::diagnostic::{Diagnostic, Severity, Tally};
use crate::error::Error;
use crate::l10n::Strings;
use crate::model::recognition::RecognitionSet;
use crate::notice::{Notice, delivery};
use crate::output::OutputDir;
use crate::pipeline::{self, Loaded};
use crate::projection::ProjectOptions;
use crate::render::checklist::ChecklistFormat;
use crate::render::email::{self, EmailContext};
use crate::render::site::{Site, SiteOptions};
use crate::templates::Templates;
use lettre::message::Mailbox;

/// kbgen: localized help articles into pages, checklists, notices and translation memory.
#[derive(Debug, Parser)]
#[command(name = "kbgen", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build every output from the content directory.
    Build(BuildArgs),
    /// Report problems in the content without writing anything.
    Check(CheckArgs),
    /// Print the model of one article as JSON.
    Model(ModelArgs),
    /// Print the checklist of one article.
    Checklist(ChecklistArgs),
    /// Compose a notice for each recipient; write `.eml` files and optionally send them.
    Notify(NotifyArgs),
    /// Export translation memory (TMX 1.4b or XLIFF 2.0).
    Export(ExportArgs),
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
    /// The content directory.
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
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
    /// Output directory for the `.eml` files and the delivery journal.
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
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
    /// The content directory.
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// The locales directory.
    #[arg(long, default_value = "locales")]
    pub locales_dir: PathBuf,
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
    /// The content directory.
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// The locales directory.
    #[arg(long, default_value = "locales")]
    pub locales_dir: PathBuf,
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
    /// The content directory.
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// The locales directory (`<locale>/recognition.toml` adds or overrides step words).
    #[arg(long, default_value = "locales")]
    pub locales_dir: PathBuf,
}

/// `kbgen build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The content directory (`<locale>/**.md` below it).
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// The output directory; must not be, contain or lie inside the content directory.
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Only build these locales (repeatable); default: all.
    #[arg(long = "locale", value_name = "LOCALE")]
    pub locales: Vec<String>,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// The locales directory (`<locale>/*.ftl` strings and `recognition.toml` step words add
    /// to or override the embedded ones).
    #[arg(long, default_value = "locales")]
    pub locales_dir: PathBuf,
    /// A directory of templates overriding the embedded ones file by file.
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// Absolute URL the site will be published at (canonical links, hreflang, sitemap).
    #[arg(long, default_value = "http://localhost:8000/")]
    pub base_url: String,
}

/// `kbgen check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The content directory.
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// Output format of the diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// The locales directory (step words for the model's checks).
    #[arg(long, default_value = "locales")]
    pub locales_dir: PathBuf,
}

/// Diagnostic output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `path:line:col: severity[rule]: message`, one per line.
    Text,
    /// A JSON array of diagnostics.
    Json,
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Build(args) => build(&args),
        Command::Check(args) => check(&args),
        Command::Model(args) => model(&args),
        Command::Checklist(args) => checklist(&args),
        Command::Notify(args) => notify(&args),
        Command::Export(args) => export(&args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("kbgen: error: {}", chain(&error));
            ExitCode::from(2)
        }
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

fn parse_locales(raw: &[String]) -> Result<Vec<LanguageIdentifier>, Error> {
    raw.iter()
        .map(|tag| {
            tag.parse::<LanguageIdentifier>()
                .map_err(|_| Error::Usage(format!("--locale {tag}: not a BCP 47 language tag")))
        })
        .collect()
}

/// Applies `--strict` and prints diagnostics to stderr; returns the tally after strictness.
fn report(diagnostics: &mut [Diagnostic], strict: bool) -> Tally {
    if strict {
        for d in diagnostics
            .iter_mut()
            .filter(|d| d.severity == Severity::Warning)
        {
            d.severity = Severity::Error;
        }
    }
    let stderr = std::io::stderr();
    let mut stderr = stderr.lock();
    for d in diagnostics.iter() {
        let _ = writeln!(stderr, "{d}");
    }
    Tally::of(diagnostics.iter())
}

fn exit_for(tally: Tally) -> ExitCode {
    if tally.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn load_with_cross_checks(content: &std::path::Path) -> Result<Loaded, Error> {
    let mut loaded = pipeline::load_all(content, &ProjectOptions::default())?;
    let (_, drift) = pipeline::resolve_sources(&loaded.files);
    loaded.diagnostics.extend(drift);
    pipeline::sort_diagnostics(&mut loaded.diagnostics);
    Ok(loaded)
}

/// Loads the content with cross-file checks and builds every article model; the model's
/// diagnostics join the loader's.
fn load_models(
    content: &std::path::Path,
    locales_dir: &std::path::Path,
) -> Result<(Loaded, Vec<crate::model::Article>), Error> {
    let mut loaded = load_with_cross_checks(content)?;
    let (sources, _) = pipeline::resolve_sources(&loaded.files);
    let words = recognition_words(locales_dir);
    let (articles, model_diagnostics) =
        pipeline::build_models(&loaded.files, &sources, content, &words);
    loaded.diagnostics.extend(model_diagnostics);
    pipeline::sort_diagnostics(&mut loaded.diagnostics);
    Ok((loaded, articles))
}

fn build(args: &BuildArgs) -> Result<ExitCode, Error> {
    let locales = parse_locales(&args.locales)?;
    let config = crate::qa::Config::load(&args.content)?;
    let out = OutputDir::create(&args.out, &args.content)?;
    let (mut loaded, articles) = load_models(&args.content, &args.locales_dir)?;
    let (sources, _) = pipeline::resolve_sources(&loaded.files);
    let strings = ui_strings(&args.locales_dir)?;
    let templates = Templates::load(args.templates.as_deref())?;
    let site_options = SiteOptions {
        base_url: args.base_url.clone(),
    };
    let shown: Vec<crate::model::Article> = articles
        .iter()
        .filter(|a| locales.is_empty() || locales.iter().any(|l| l.to_string() == a.locale))
        .cloned()
        .collect();
    let site = Site {
        articles: &shown,
        strings: &strings,
        templates: &templates,
        options: &site_options,
    };
    // each group of outputs is written as soon as it is planned and then dropped, and site
    // pages are written as they are rendered: memory holds one group, not the whole build
    let written = std::sync::atomic::AtomicUsize::new(0);
    let write_errors = std::sync::Mutex::new(Vec::new());
    let write = |files: Vec<crate::output::OutputFile>| {
        let (n, errors) = pipeline::write_outputs(&out, &files);
        written.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
        write_errors
            .lock()
            .expect("no panic while holding the lock")
            .extend(errors);
    };
    let site_diagnostics = crate::render::site::render(&site, &|file| write(vec![file]))?;
    loaded.diagnostics.extend(site_diagnostics);
    write(pipeline::plan_markdown(&loaded.files, &sources, &locales));
    write(pipeline::plan_models(&articles, &locales));
    write(pipeline::plan_checklists(&shown, &strings));
    write(pipeline::plan_translation_memory(&loaded.files, &locales));
    let notices = Notice::load_all(&args.content)?;
    let email_context = EmailContext {
        strings: &strings,
        templates: &templates,
        articles: &articles,
        files: &loaded.files,
    };
    for notice in &notices {
        write(sample_emails(notice, &email_context)?);
    }
    let written = written.into_inner();
    let write_errors = write_errors
        .into_inner()
        .expect("no panic while holding the lock");
    loaded.diagnostics = config.apply(std::mem::take(&mut loaded.diagnostics));
    let tally = report(&mut loaded.diagnostics, args.strict);
    for error in &write_errors {
        eprintln!("kbgen: error: {}", chain(error));
    }
    let bilingual = loaded.files.iter().filter(|f| f.doc.is_bilingual()).count();
    let mut locales_seen: Vec<String> = loaded.files.iter().map(|f| f.locale.to_string()).collect();
    if !sources.is_empty() {
        locales_seen.push(crate::load::SOURCE_LOCALE.to_string());
    }
    locales_seen.sort();
    locales_seen.dedup();
    println!(
        "kbgen: {} of {} files loaded ({} bilingual, {} monolingual) in {} locales ({}); {} files written to {}; {} errors, {} warnings",
        loaded.files.len(),
        loaded.found,
        bilingual,
        loaded.files.len() - bilingual,
        locales_seen.len(),
        locales_seen.join(", "),
        written,
        args.out.display(),
        tally.errors,
        tally.warnings
    );
    if !write_errors.is_empty() {
        return Ok(ExitCode::from(2));
    }
    Ok(exit_for(tally))
}

/// Step words from `dir`, falling back to the embedded ones (problems are printed).
fn recognition_words(dir: &std::path::Path) -> RecognitionSet {
    let (words, problems) = RecognitionSet::with_dir(dir);
    for problem in problems {
        eprintln!("kbgen: warning: {problem}");
    }
    words
}

fn model(args: &ModelArgs) -> Result<ExitCode, Error> {
    let loaded = pipeline::load_all(&args.content, &ProjectOptions::default())?;
    let as_path = std::path::Path::new(&args.article);
    let wanted = |f: &crate::load::LoadedFile| {
        if as_path.is_file() {
            f.found.path.canonicalize().ok() == as_path.canonicalize().ok()
        } else {
            f.slug() == args.article.trim_end_matches(".md")
        }
    };
    let candidates: Vec<&crate::load::LoadedFile> =
        loaded.files.iter().filter(|f| wanted(f)).collect();
    if candidates.is_empty() {
        let mut diagnostics = loaded.diagnostics;
        report(&mut diagnostics, false);
        return Err(Error::Usage(format!(
            "no article `{}` in {} (give a content file or a slug)",
            args.article,
            args.content.display()
        )));
    }
    let (sources, _) = pipeline::resolve_sources(&loaded.files);
    let words = recognition_words(&args.locales_dir);
    let root = args.content.canonicalize().map_err(|source| Error::Io {
        path: args.content.clone(),
        source,
    })?;
    let en_us = crate::load::source_locale();
    let locale = match &args.locale {
        Some(tag) => Some(parse_locales(std::slice::from_ref(tag))?.remove(0)),
        None if as_path.is_file() => Some(candidates[0].locale.clone()),
        None => None,
    };
    let mut diagnostics = Vec::new();
    let article = match locale {
        Some(locale) if locale == en_us && candidates.iter().all(|f| f.locale != en_us) => {
            let chosen = sources
                .get(candidates[0].slug())
                .map(|c| c.file())
                .unwrap_or(candidates[0]);
            pipeline::article_model(
                chosen,
                crate::bilingual::Side::Source,
                (&root, &args.content),
                &words,
                &mut diagnostics,
            )
        }
        Some(locale) => {
            let Some(file) = candidates.iter().find(|f| f.locale == locale) else {
                return Err(Error::Usage(format!(
                    "article `{}` has no {locale} version",
                    args.article
                )));
            };
            pipeline::article_model(
                file,
                crate::bilingual::Side::Target,
                (&root, &args.content),
                &words,
                &mut diagnostics,
            )
        }
        None => match sources.get(candidates[0].slug()) {
            Some(choice) => {
                let side = match choice {
                    pipeline::SourceChoice::Derived(_) => crate::bilingual::Side::Source,
                    pipeline::SourceChoice::Authored(_) => crate::bilingual::Side::Target,
                };
                pipeline::article_model(
                    choice.file(),
                    side,
                    (&root, &args.content),
                    &words,
                    &mut diagnostics,
                )
            }
            None => pipeline::article_model(
                candidates[0],
                crate::bilingual::Side::Target,
                (&root, &args.content),
                &words,
                &mut diagnostics,
            ),
        },
    };
    let tally = report(&mut diagnostics, false);
    let json = serde_json::to_string_pretty(&article)
        .map_err(|e| Error::Usage(format!("cannot serialize the model: {e}")))?;
    println!("{json}");
    Ok(exit_for(tally))
}

/// UI strings from the embedded locales and `dir`; FTL problems are printed as warnings.
fn ui_strings(dir: &std::path::Path) -> Result<Strings, Error> {
    let sources = crate::l10n::Sources::with_dir(dir).map_err(Error::Usage)?;
    let (strings, problems) = Strings::new(&sources);
    for problem in problems {
        eprintln!("kbgen: warning: {problem}");
    }
    Ok(strings)
}

fn checklist(args: &ChecklistArgs) -> Result<ExitCode, Error> {
    let requested = parse_locales(std::slice::from_ref(&args.locale))?.remove(0);
    let (_, articles) = load_models(&args.content, &args.locales_dir)?;
    let versions: Vec<&crate::model::Article> =
        articles.iter().filter(|a| a.slug == args.slug).collect();
    if versions.is_empty() {
        return Err(Error::Usage(format!(
            "no article `{}` in {}",
            args.slug,
            args.content.display()
        )));
    }
    let available: Vec<LanguageIdentifier> = versions
        .iter()
        .filter_map(|a| a.locale.parse().ok())
        .collect();
    let default = crate::load::source_locale();
    let chosen = fluent_langneg::negotiate_languages(
        std::slice::from_ref(&requested),
        &available,
        Some(&default),
        fluent_langneg::NegotiationStrategy::Lookup,
    );
    let locale = chosen.first().map(|l| (*l).clone()).unwrap_or(default);
    if locale.language != requested.language {
        eprintln!(
            "kbgen: note: `{}` is not available in {requested}; showing {locale}",
            args.slug
        );
    }
    let Some(article) = versions.iter().find(|a| a.locale == locale.to_string()) else {
        return Err(Error::Usage(format!(
            "article `{}` has no {locale} version",
            args.slug
        )));
    };
    let strings = ui_strings(&args.locales_dir)?;
    let t = strings.localizer(&locale);
    let format = match args.format {
        ChecklistFormatArg::Md => ChecklistFormat::Markdown,
        ChecklistFormatArg::Txt => ChecklistFormat::Text,
    };
    println!("{}", crate::render::checklist::render(article, &t, format));
    Ok(ExitCode::SUCCESS)
}

/// One review sample per locale with strings: `emails/<locale>/<notice>.eml`, dated
/// 2026-01-01 so that builds are reproducible.
fn sample_emails(
    notice: &Notice,
    context: &EmailContext<'_>,
) -> Result<Vec<crate::output::OutputFile>, Error> {
    let from: Mailbox = notice
        .from
        .parse()
        .map_err(|e| Error::Usage(format!("notice {}: from: {e}", notice.name)))?;
    let date = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_767_254_400);
    let mut files = Vec::new();
    for locale in context.strings.available() {
        let sample = email::sample_recipient(notice, locale)
            .map_err(|e| Error::Usage(format!("notice {}: {e}", notice.name)))?;
        let composed = email::compose(notice, &sample, context)
            .map_err(|e| Error::Usage(format!("notice {}: {e}", notice.name)))?;
        let id = email::message_id(notice, &sample, &email::domain(&from));
        let message = email::to_message(&composed, &from, date, id)
            .map_err(|e| Error::Usage(format!("notice {}: {e}", notice.name)))?;
        files.push(crate::output::OutputFile {
            path: std::path::Path::new("emails")
                .join(locale.to_string())
                .join(format!("{}.eml", notice.name)),
            bytes: message.formatted(),
        });
    }
    Ok(files)
}

fn notify(args: &NotifyArgs) -> Result<ExitCode, Error> {
    let notice = Notice::load(&args.content, &args.notice)?;
    let from_text = args.from.clone().unwrap_or_else(|| notice.from.clone());
    let from: Mailbox = from_text
        .parse()
        .map_err(|e| Error::Usage(format!("sender `{from_text}`: {e}")))?;
    let (recipients, mut diagnostics) = crate::notice::read_recipients(&args.recipients, &notice)?;
    let rows = recipients.len() + diagnostics.len();
    let (loaded, articles) = load_models(&args.content, &args.locales_dir)?;
    let strings = ui_strings(&args.locales_dir)?;
    let templates = Templates::load(args.templates.as_deref())?;
    let context = EmailContext {
        strings: &strings,
        templates: &templates,
        articles: &articles,
        files: &loaded.files,
    };
    let target = match &args.smtp {
        Some(url) => Some(delivery::parse_smtp_url(
            url,
            args.tls.map(|t| match t {
                TlsArg::None => delivery::TlsMode::None,
                TlsArg::Starttls => delivery::TlsMode::StartTls,
                TlsArg::Implicit => delivery::TlsMode::Implicit,
            }),
        )?),
        None => None,
    };
    let out = if args.dry_run {
        None
    } else {
        Some(OutputDir::create(&args.out, &args.content)?)
    };
    let transport = match (&target, args.dry_run) {
        (Some(target), false) => Some(delivery::transport(target)?),
        _ => None,
    };
    let mut journal = match (&out, &transport) {
        (Some(out), Some(_)) => Some(delivery::Journal::open(out, &notice.name)?),
        _ => None,
    };
    let (mut written, mut sent, mut skipped, mut failed) = (0usize, 0usize, 0usize, 0usize);
    for recipient in &recipients {
        let composed = match email::compose(&notice, recipient, &context) {
            Ok(composed) => composed,
            Err(message) => {
                diagnostics.push(crate::notice::row_diagnostic(
                    &args.recipients,
                    recipient.line,
                    message,
                ));
                continue;
            }
        };
        for warning in &composed.warnings {
            eprintln!(
                "{}:{}:1: warning[recipient]: {warning}",
                args.recipients.display(),
                recipient.line
            );
        }
        let id = email::message_id(&notice, recipient, &email::domain(&from));
        if args.dry_run {
            let how = if target.is_some() { "send" } else { "write" };
            println!(
                "would {how} `{}` to {} ({}): {}",
                notice.name, composed.to, composed.locale, composed.subject
            );
            continue;
        }
        let message =
            match email::to_message(&composed, &from, std::time::SystemTime::now(), id.clone()) {
                Ok(message) => message,
                Err(message) => {
                    diagnostics.push(crate::notice::row_diagnostic(
                        &args.recipients,
                        recipient.line,
                        message,
                    ));
                    continue;
                }
            };
        let out = out.as_ref().expect("not a dry run");
        let name = delivery::eml_name(recipient.line, composed.to.email.as_ref());
        out.write(
            &std::path::Path::new("notices")
                .join(&notice.name)
                .join(name),
            &message.formatted(),
        )?;
        written += 1;
        if let (Some(transport), Some(journal)) = (&transport, journal.as_mut()) {
            if journal.was_sent(&id) {
                skipped += 1;
                continue;
            }
            let result = delivery::send(transport, &message);
            let (status, reason) = match &result {
                Ok(()) => ("sent", String::new()),
                Err(reason) => ("failed", reason.clone()),
            };
            journal.record(
                out,
                delivery::JournalEntry {
                    message_id: id,
                    recipient: composed.to.email.to_string(),
                    line: recipient.line,
                    status: status.to_string(),
                    reason: reason.clone(),
                },
            )?;
            match result {
                Ok(()) => sent += 1,
                Err(_) => {
                    failed += 1;
                    eprintln!(
                        "{}:{}:1: error[delivery]: {} refused: {reason}",
                        args.recipients.display(),
                        recipient.line,
                        composed.to.email
                    );
                }
            }
        }
    }
    let tally = report(&mut diagnostics, false);
    if !args.dry_run {
        let delivery = if transport.is_some() {
            format!("; {sent} sent, {skipped} already sent before, {failed} failed")
        } else {
            String::new()
        };
        println!(
            "kbgen: notify {}: {rows} recipient rows, {} rejected, {written} messages written to {}{delivery}",
            notice.name,
            tally.errors,
            args.out.join("notices").join(&notice.name).display()
        );
    }
    Ok(if tally.errors > 0 || failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn export(args: &ExportArgs) -> Result<ExitCode, Error> {
    let loaded = pipeline::load_all(&args.content, &ProjectOptions::default())?;
    let mut locales: Vec<String> = parse_locales(&args.locales)?
        .iter()
        .map(|l| l.to_string())
        .collect();
    if locales.is_empty() {
        locales = loaded
            .files
            .iter()
            .filter(|f| f.doc.is_bilingual())
            .map(|f| f.locale.to_string())
            .collect();
        locales.sort();
        locales.dedup();
    }
    let units = crate::export::collect(&loaded.files, &locales);
    let text = match args.format {
        ExportFormat::Tmx => crate::export::tmx::write(&units),
        ExportFormat::Xliff => {
            let [locale] = locales.as_slice() else {
                return Err(Error::Usage(format!(
                    "XLIFF 2.0 has one target language: give one --locale (found {})",
                    locales.join(", ")
                )));
            };
            crate::export::xliff::write(&units, locale)
        }
    };
    match &args.out {
        Some(path) => {
            crate::output::write_file(path, text.as_bytes(), &args.content)?;
            eprintln!("kbgen: {} units written to {}", units.len(), path.display());
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

fn check(args: &CheckArgs) -> Result<ExitCode, Error> {
    let config = crate::qa::Config::load(&args.content)?;
    let (mut loaded, articles) = load_models(&args.content, &args.locales_dir)?;
    loaded
        .diagnostics
        .extend(crate::qa::run(&loaded.files, &articles, &config));
    loaded.diagnostics = config.apply(std::mem::take(&mut loaded.diagnostics));
    pipeline::sort_diagnostics(&mut loaded.diagnostics);
    match args.format {
        Format::Text => {
            let tally = report(&mut loaded.diagnostics, args.strict);
            println!(
                "kbgen: checked {} files: {} errors, {} warnings",
                loaded.found, tally.errors, tally.warnings
            );
            Ok(exit_for(tally))
        }
        Format::Json => {
            if args.strict {
                for d in loaded
                    .diagnostics
                    .iter_mut()
                    .filter(|d| d.severity == Severity::Warning)
                {
                    d.severity = Severity::Error;
                }
            }
            let json = serde_json::to_string_pretty(&loaded.diagnostics)
                .map_err(|e| Error::Usage(format!("cannot serialize diagnostics: {e}")))?;
            println!("{json}");
            Ok(exit_for(Tally::of(loaded.diagnostics.iter())))
        }
    }
}
