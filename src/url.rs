//! What a URL in content is, before any page is made of it: its scheme (however disguised), and
//! the article a relative link names. The link rules of `qa` and the link policy of pages
//! (`render::links`) both ask this module, so they can never disagree.

/// Schemes a link in content may keep; anything else is dropped with an `unsafe-url` warning.
pub const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "ms-settings"];

/// The scheme of a DocFX cross-reference to an API by its uid (`<xref:System.String>`,
/// `[text](xref:System.String.Length)`), which only an xref map (not in the content) resolves.
pub const XREF: &str = "xref";

/// Schemes an image in content may load from.
pub const IMAGE_SCHEMES: &[&str] = &["http", "https"];

/// Why a link or image URL is unsafe, as `build` and `check` both say it (`None`: safe). A
/// DocFX cross-reference (`xref:`, [`xref_name`]) is not unsafe: it is never a link.
pub fn unsafe_url(url: &str, image: bool) -> Option<String> {
    let url = url.trim();
    let scheme = scheme(url)?;
    if scheme == XREF && !image {
        return None;
    }
    let allowed = if image { IMAGE_SCHEMES } else { SAFE_SCHEMES };
    if allowed.contains(&scheme.as_str()) {
        return None;
    }
    let what = if image { "image" } else { "link to" };
    Some(format!(
        "{what} `{}` dropped: the `{scheme}:` scheme is not allowed",
        shorten(url)
    ))
}

/// A URL cut to 60 characters without control characters, for messages.
pub fn shorten(url: &str) -> String {
    let mut short: String = url.chars().filter(|c| !c.is_control()).take(60).collect();
    if url.chars().count() > 60 {
        short.push('…');
    }
    short
}

/// The lower-case scheme of a URL, ignoring the whitespace and control characters browsers
/// ignore (`java\tscript:`).
pub fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    let colon = cleaned.find(':')?;
    let candidate = &cleaned[..colon];
    let valid = candidate
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && candidate
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    // a colon after a slash, `?` or `#` is part of a path, not a scheme
    (valid && !candidate.is_empty()).then(|| candidate.to_ascii_lowercase())
}

/// Joins a relative article path to the directory of `slug`: `a/b` + `../c` = `c`.
pub fn join_slug(slug: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = slug.split('/').collect();
    parts.pop();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// The text DocFX shows for an autolinked cross-reference (`<xref:UID>`): the name of the API,
/// which without its xref map is the last part of the uid (`System.Windows.Controls.UserControl`
/// is `UserControl`, `System.Collections.Generic.List`1` is `List`), the whole uid with
/// `?displayProperty=fullName`, the type and member with `nameWithType` when the uid says it
/// names a member; `None` when `url` is not a cross-reference.
pub fn xref_name(url: &str) -> Option<String> {
    let url = url.trim();
    if scheme(url).as_deref() != Some(XREF) {
        return None;
    }
    let rest = &url[url.find(':')? + 1..];
    let (uid, query) = match rest.split_once('?') {
        Some((uid, query)) => (uid, query),
        None => (rest, ""),
    };
    let uid = uid.split('#').next().unwrap_or(uid);
    let uid = percent_encoding::percent_decode_str(uid).decode_utf8_lossy();
    let uid = uid.trim().trim_end_matches('*');
    if uid.is_empty() {
        return None;
    }
    let display = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("displayProperty="))
        .unwrap_or("name");
    // the parameters of a method (`Select(System.Func{...})`) hold dots of their own
    let head = uid.split('(').next().unwrap_or(uid);
    let parts: Vec<&str> = head
        .split('.')
        .map(|part| part.split('`').next().unwrap_or(part))
        .filter(|part| !part.is_empty())
        .collect();
    // a type and a member look alike without the xref map (`System.ServiceModel.SessionMode`,
    // `System.String.Length`): only an overload group (`*`) or a method's parameters say the
    // last part is a member, whose type `nameWithType` then shows
    let member = rest.contains("%2A") || rest.contains('*') || uid.contains('(');
    let name = match display {
        "fullName" => uid.to_string(),
        "nameWithType" if member && parts.len() >= 2 => parts[parts.len() - 2..].join("."),
        _ => parts
            .last()
            .map_or_else(|| uid.to_string(), |p| (*p).to_string()),
    };
    Some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_found_through_disguises() {
        assert_eq!(scheme("javascript:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(
            scheme(" JaVa\tScRiPt:alert(1)").as_deref(),
            Some("javascript")
        );
        assert_eq!(scheme("https://x.example").as_deref(), Some("https"));
        assert_eq!(scheme("../a.md"), None);
        assert_eq!(scheme("a.md#b:c"), None);
    }

    #[test]
    fn slugs_join_relative_paths() {
        assert_eq!(join_slug("a/b", "../c").as_deref(), Some("c"));
        assert_eq!(join_slug("x", "y/z").as_deref(), Some("y/z"));
        assert_eq!(join_slug("x", "../../y"), None);
    }

    #[test]
    fn cross_references_show_the_api_name_and_are_not_unsafe() {
        let name = |url: &str| xref_name(url);
        assert_eq!(
            name("xref:System.Windows.Controls.UserControl").as_deref(),
            Some("UserControl")
        );
        assert_eq!(
            name("xref:System.Collections.Generic.List`1").as_deref(),
            Some("List")
        );
        assert_eq!(
            name("xref:System.String.Format%2A").as_deref(),
            Some("Format")
        );
        assert_eq!(
            name("xref:System.Linq.Enumerable.Select(System.Func{System.Int32})").as_deref(),
            Some("Select")
        );
        assert_eq!(
            name("xref:System.String.Length%2A?displayProperty=nameWithType").as_deref(),
            Some("String.Length")
        );
        assert_eq!(
            name("xref:System.ServiceModel.WSDualHttpBinding?displayProperty=nameWithType")
                .as_deref(),
            Some("WSDualHttpBinding")
        );
        assert_eq!(
            name("xref:System.String?displayProperty=fullName").as_deref(),
            Some("System.String")
        );
        assert_eq!(name("https://example.com/x"), None);
        assert_eq!(name("xref:"), None);
        assert_eq!(unsafe_url("xref:System.String", false), None);
        // an image is never a cross-reference
        assert!(unsafe_url("xref:System.String", true).is_some());
    }
}
