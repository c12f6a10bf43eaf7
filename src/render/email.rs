//! Notices as e-mail messages: Fluent frame text, actions from the article, Tera bodies, and a
//! real RFC 5322 message built with lettre (multipart/alternative, UTF-8, RFC 2047 headers).
//!
//! 1. negotiate the recipient's locale against the locales with strings (`nl-BE` -> nl-NL,
//!    `de-DE` -> en-US); format dates for it;
//! 2. format the frame (subject, greeting, paragraphs, section items, closing) with Fluent and
//!    take the actions from the article version in that locale (en-US with a note when the
//!    locale lacks the article);
//! 3. render `email/notice.txt` and `email/notice.html` (variables escaped by Tera);
//! 4. build the message: `Date`, a stable `Message-ID`, `Content-Language`,
//!    `Auto-Submitted: auto-generated`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::SystemTime;

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::{Address, Message};
use serde::Serialize;
use sha2::{Digest, Sha256};
use unic_langid::LanguageIdentifier;

use crate::l10n::Strings;
use crate::library::{Versions, shown_locale};
use crate::locale::Locale;
use crate::locale_format::DateFormat;
use crate::model::{Inline, parse::parse_inlines, plain_text};
use crate::notice::{ActionRef, Notice, Recipient, parse_iso_date};
use crate::templates::Templates;

use super::html::escape;
use crate::url::scheme;

/// What composing needs besides the notice and the recipient.
pub struct EmailContext<'a> {
    /// UI and notice strings.
    pub strings: &'a Strings,
    /// Templates (`email/notice.html`, `email/notice.txt`).
    pub templates: &'a Templates,
    /// The articles notices take actions from, by slug, loaded in every locale.
    pub library: &'a std::collections::BTreeMap<String, Versions>,
}

/// A composed notice, before it becomes a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    /// The negotiated locale.
    pub locale: LanguageIdentifier,
    /// Where it goes.
    pub to: Mailbox,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub text: String,
    /// HTML body.
    pub html: String,
    /// Things the sender should know (e.g. no alternate address for a compromised mailbox).
    pub warnings: Vec<String>,
}

#[derive(Serialize)]
struct SectionView {
    heading: String,
    underline: String,
    note: String,
    items_html: Vec<String>,
    items_text: Vec<String>,
}

#[derive(Serialize)]
struct EmailView {
    lang: String,
    dir: &'static str,
    /// `left` or `right`: where lines start (e-mail clients do not know logical properties).
    start: &'static str,
    subject: String,
    greeting: String,
    paragraphs: Vec<String>,
    sections: Vec<SectionView>,
    closing: Vec<String>,
    signature: String,
    automatic: String,
    links: Vec<String>,
}

#[derive(Serialize)]
struct EmailPage {
    email: EmailView,
}

/// The locale a recipient gets: the best match of their preferences among the locales with
/// strings, en-US when nothing matches.
pub fn negotiate(strings: &Strings, preferences: &[LanguageIdentifier]) -> LanguageIdentifier {
    strings
        .negotiate_with(preferences, NOTICE_STRINGS)
        .into_iter()
        .next()
        .unwrap_or_else(crate::load::source_locale)
}

/// A message every `notices.ftl` defines: a locale has notice strings when its own strings
/// define it (a locale with only `site.ftl` gets its notices in a language that has them).
pub const NOTICE_STRINGS: &str = "notice-signature";

/// A date variable in the recipient's locale (`20 november 2026`, `November 20, 2026`; ICU4X),
/// or as written when it is not a day of the calendar.
fn format_date(locale: &LanguageIdentifier, iso: &str) -> String {
    parse_iso_date(iso)
        .and_then(|(year, month, day)| {
            let date = DateFormat::new(&Locale::from(locale.clone()));
            date.date(
                i32::try_from(year).ok()?,
                u8::try_from(month).ok()?,
                u8::try_from(day).ok()?,
            )
        })
        .unwrap_or_else(|| iso.to_string())
}

/// Composes the notice for one recipient.
pub fn compose(
    notice: &Notice,
    recipient: &Recipient,
    context: &EmailContext<'_>,
) -> Result<Composed, String> {
    let locale = negotiate(context.strings, &recipient.languages);
    let t = context.strings.localizer(&locale);
    let mut warnings = Vec::new();
    let name = if recipient.name.is_empty() {
        recipient.address.user().to_string()
    } else {
        recipient.name.clone()
    };
    let mut vars: Vec<(String, String)> = recipient
        .variables
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                if notice.dates.contains(k) {
                    format_date(&locale, v)
                } else {
                    v.clone()
                },
            )
        })
        .collect();
    vars.push(("name".to_string(), name.clone()));
    let args: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let message = |part: &str| -> Result<String, String> {
        let id = notice.message_id(part);
        let text = t.format(&id, &args);
        if text == id {
            Err(format!(
                "message `{id}` is missing from locales/{locale}/notices.ftl"
            ))
        } else {
            Ok(text)
        }
    };
    let to_address: Address = match (&recipient.alternate, notice.compromised_mailbox) {
        (Some(alternate), true) => alternate.clone(),
        (None, true) => {
            warnings.push(format!(
                "no alternate address: the notice goes to {}, which the attacker may still read",
                recipient.address
            ));
            recipient.address.clone()
        }
        (_, false) => recipient.address.clone(),
    };
    let mut links = Vec::new();
    let mut sections = Vec::new();
    for section in &notice.sections {
        let heading = message(&section.heading)?;
        let mut items_html = Vec::new();
        let mut items_text = Vec::new();
        for item in &section.items {
            let text = message(item)?;
            items_html.push(escape(&text));
            items_text.push(text);
        }
        let mut note = String::new();
        if let Some(slug) = &section.article {
            let (actions, actions_locale) = actions(context, slug, &locale, &section.actions)?;
            if actions_locale != locale {
                note = t.format(
                    "notice-actions-language",
                    &[(
                        "language",
                        &t.language_name(&actions_locale, context.strings),
                    )],
                );
            }
            // actions in another language than the message are marked as such (HTML) and, in
            // plain text, isolated when their direction is not the message's
            let message_dir = crate::locale::Direction::of(&locale);
            let other = (actions_locale != locale).then(|| {
                (
                    escape(&actions_locale.to_string()),
                    crate::locale::Direction::of(&actions_locale).as_str(),
                )
            });
            for inlines in actions {
                let mut html = String::new();
                push_html(&mut html, &inlines);
                let html = super::html::sanitize(&html);
                let text = text_with_refs(&inlines, &mut links);
                match &other {
                    Some((lang, dir)) => {
                        items_html
                            .push(format!("<span lang=\"{lang}\" dir=\"{dir}\">{html}</span>"));
                        items_text.push(if *dir == message_dir.as_str() {
                            text
                        } else {
                            format!("\u{2068}{text}\u{2069}")
                        });
                    }
                    None => {
                        items_html.push(html);
                        items_text.push(text);
                    }
                }
            }
        }
        let underline = "-".repeat(super::display_width(&heading));
        sections.push(SectionView {
            heading,
            underline,
            note,
            items_html,
            items_text,
        });
    }
    let organization = recipient
        .variables
        .get("organization")
        .cloned()
        .unwrap_or_default();
    let view = EmailView {
        lang: locale.to_string(),
        dir: crate::locale::Direction::of(&locale).as_str(),
        start: match crate::locale::Direction::of(&locale) {
            crate::locale::Direction::Rtl => "right",
            crate::locale::Direction::Ltr => "left",
        },
        subject: message("subject")?,
        greeting: message("greeting")?,
        paragraphs: notice
            .paragraphs
            .iter()
            .map(|p| message(p))
            .collect::<Result<_, _>>()?,
        sections,
        closing: notice
            .closing
            .iter()
            .map(|p| message(p))
            .collect::<Result<_, _>>()?,
        signature: t.format("notice-signature", &[("organization", &organization)]),
        automatic: t.get("notice-automatic"),
        links,
    };
    let page = EmailPage { email: view };
    let text = context
        .templates
        .render("email/notice.txt", &page)
        .map_err(|e| e.to_string())?;
    let html = context
        .templates
        .render("email/notice.html", &page)
        .map_err(|e| e.to_string())?;
    Ok(Composed {
        locale,
        to: Mailbox::new(Some(name), to_address),
        subject: page.email.subject,
        text,
        html,
        warnings,
    })
}

/// The actions of a section in `locale`, or in the locale the article is shown in instead
/// ([`Versions::shown`]).
fn actions(
    context: &EmailContext<'_>,
    slug: &str,
    locale: &LanguageIdentifier,
    refs: &[ActionRef],
) -> Result<(Vec<Vec<Inline>>, LanguageIdentifier), String> {
    let versions = context
        .library
        .get(slug)
        .ok_or_else(|| format!("article `{slug}` is not in the content"))?;
    let wanted = Locale::from(locale.clone());
    let shown = shown_locale(&versions.locales(), &wanted)
        .ok_or_else(|| format!("article `{slug}` is not in the content"))?;
    let article = &versions.articles[&shown.locale];
    let article_locale = shown.locale.id().clone();
    let mut out = Vec::new();
    for action in refs {
        match action {
            ActionRef::Step { step } => {
                let found = article
                    .all_steps()
                    .into_iter()
                    .find(|s| &s.key == step)
                    .ok_or_else(|| {
                        format!("article `{slug}` ({article_locale}) has no step `{step}`")
                    })?;
                out.push(found.title.clone());
            }
            ActionRef::Segments { segments } => {
                let mut inlines = Vec::new();
                for number in segments {
                    let text = segment_text(versions, &shown.locale, number).ok_or_else(|| {
                        format!("article `{slug}` ({article_locale}) has no segment `{number}`")
                    })?;
                    if !inlines.is_empty() {
                        inlines.push(Inline::Text {
                            text: " ".to_string(),
                        });
                    }
                    inlines.extend(parse_inlines(&text));
                }
                out.push(inlines);
            }
        }
    }
    Ok((out, article_locale))
}

/// The text of segment `number` in `locale` (target side of that locale's file, or the source
/// side of the chosen bilingual file for en-US), mojibake repaired.
fn segment_text(versions: &Versions, locale: &Locale, number: &str) -> Option<String> {
    let (file, side) = versions.text_of(locale)?;
    let segment = file
        .doc
        .segments()
        .iter()
        .find(|s| s.id.number() == number)?;
    let raw = file.doc.segment_text(segment, side);
    let repairs = crate::mojibake::find(raw);
    Some(crate::mojibake::apply(raw, &repairs))
}

/// Inlines as e-mail HTML: only absolute http(s) and mailto links stay links.
fn push_html(out: &mut String, inlines: &[Inline]) {
    for inline in inlines {
        match inline {
            Inline::Text { text } => out.push_str(&escape(text)),
            Inline::Code { text } => {
                let _ = write!(out, "<code>{}</code>", escape(text));
            }
            Inline::Emphasis { children } => wrap(out, "em", children),
            Inline::Strong { children } => wrap(out, "strong", children),
            Inline::Strikethrough { children } => wrap(out, "del", children),
            Inline::Link { url, children, .. } if mail_link(url) => {
                let _ = write!(out, "<a href=\"{}\" style=\"color:#0b57a4;\">", escape(url));
                push_html(out, children);
                out.push_str("</a>");
            }
            Inline::Link { children, .. } => push_html(out, children),
            Inline::Image { alt, .. } => out.push_str(&escape(alt)),
            Inline::Html { .. } => {}
            Inline::SoftBreak | Inline::HardBreak => out.push(' '),
        }
    }
}

fn wrap(out: &mut String, tag: &str, children: &[Inline]) {
    let _ = write!(out, "<{tag}>");
    push_html(out, children);
    let _ = write!(out, "</{tag}>");
}

fn mail_link(url: &str) -> bool {
    matches!(scheme(url).as_deref(), Some("http" | "https" | "mailto"))
}

/// Inlines as plain text, links as `[n]` references collected in `links`.
fn text_with_refs(inlines: &[Inline], links: &mut Vec<String>) -> String {
    fn walk(out: &mut String, inlines: &[Inline], links: &mut Vec<String>) {
        for inline in inlines {
            match inline {
                Inline::Link { url, children, .. } => {
                    walk(out, children, links);
                    if mail_link(url) && !super::shows_its_address(url, children) {
                        let n = links.iter().position(|l| l == url).unwrap_or_else(|| {
                            links.push(url.clone());
                            links.len() - 1
                        });
                        let _ = write!(out, " [{}]", n + 1);
                    }
                }
                other => out.push_str(&plain_text(std::slice::from_ref(other))),
            }
        }
    }
    let mut out = String::new();
    walk(&mut out, inlines, links);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A stable Message-ID for a notice to a recipient: re-sending the same notice gives the same
/// id, so mail systems and the journal recognise duplicates.
pub fn message_id(notice: &Notice, recipient: &Recipient, to: &Mailbox, domain: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(notice.name.as_bytes());
    hasher.update([0]);
    hasher.update(recipient.address.to_string().as_bytes());
    // the mailbox it actually goes to (an alternate address is another message)
    hasher.update([0]);
    hasher.update(to.email.to_string().to_ascii_lowercase().as_bytes());
    for (key, value) in &recipient.variables {
        hasher.update([0]);
        hasher.update(key.as_bytes());
        hasher.update([1]);
        hasher.update(value.as_bytes());
    }
    let digest = hasher.finalize();
    let hex = crate::index::hex128(&digest);
    format!("<{hex}.kbgen@{domain}>")
}

/// Builds the RFC 5322 message.
pub fn to_message(
    composed: &Composed,
    from: &Mailbox,
    date: SystemTime,
    message_id: String,
) -> Result<Message, String> {
    let header = |name: &'static str, value: String| {
        HeaderValue::new(HeaderName::new_from_ascii_str(name), value)
    };
    // a boundary derived from the Message-ID: the same message is the same bytes
    let digest = Sha256::digest(message_id.as_bytes());
    let boundary: String = format!(
        "kbgen-{}",
        digest
            .iter()
            .take(12)
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    Message::builder()
        .from(from.clone())
        .to(composed.to.clone())
        .subject(composed.subject.clone())
        .date(date)
        .message_id(Some(message_id))
        .raw_header(header("Content-Language", composed.locale.to_string()))
        .raw_header(header("Auto-Submitted", "auto-generated".to_string()))
        .raw_header(header("X-Auto-Response-Suppress", "All".to_string()))
        .multipart(
            MultiPart::alternative()
                .boundary(boundary)
                .singlepart(SinglePart::plain(composed.text.clone()))
                .singlepart(SinglePart::html(composed.html.clone())),
        )
        .map_err(|e| e.to_string())
}

/// The domain of a mailbox, for Message-IDs.
pub fn domain(mailbox: &Mailbox) -> String {
    mailbox.email.domain().to_string()
}

/// The sample recipient of a notice for `locale` (from its `[sample]` table).
pub fn sample_recipient(notice: &Notice, locale: &LanguageIdentifier) -> Result<Recipient, String> {
    let mut variables: BTreeMap<String, String> = notice.sample.clone();
    let name = variables.remove("name").unwrap_or_default();
    let address = variables
        .remove("address")
        .unwrap_or_else(|| "someone@example.com".to_string());
    let alternate = variables.remove("alternate_address");
    Ok(Recipient {
        line: 0,
        name,
        address: address
            .parse()
            .map_err(|e| format!("sample address: {e}"))?,
        alternate: match alternate {
            Some(a) => Some(
                a.parse()
                    .map_err(|e| format!("sample alternate address: {e}"))?,
            ),
            None => None,
        },
        languages: vec![locale.clone()],
        variables,
    })
}
