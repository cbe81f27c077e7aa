//! The one layout of every page and the few helpers the templates share. Every page is a maud
//! template: text goes in as `(value)` and maud escapes it, so no page builds HTML by hand and no
//! letter's text (anyone can upload one) can become markup. The only helper left beside maud is
//! [`enc`], which percent-encodes a URL component (maud escapes for HTML, not for URLs).

use std::fmt::Write;

use axum::response::Html;
use maud::{DOCTYPE, Markup, html};

/// Percent-encodes a query or path component.
pub fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A query string from `(name, value)` pairs, each percent-encoded (maud escapes the `&` where it
/// goes into an attribute).
pub fn query(pairs: &[(&str, String)]) -> String {
    pairs.iter().map(|(k, v)| format!("{k}={}", enc(v))).collect::<Vec<_>>().join("&")
}

/// `text` with the byte ranges `marks` (sorted or not, possibly overlapping or off char
/// boundaries, which are then skipped) wrapped in `<mark class=...>`; a mark of class `at` is
/// the one a link points at (`id="at"`). Form feeds become line breaks.
pub fn marked(text: &str, marks: &[(usize, usize, &str)]) -> Markup {
    let mut ms: Vec<&(usize, usize, &str)> = marks
        .iter()
        .filter(|(s, e, _)| {
            s < e && *e <= text.len() && text.is_char_boundary(*s) && text.is_char_boundary(*e)
        })
        .collect();
    ms.sort_by_key(|m| (m.0, m.1));
    let mut parts: Vec<(&str, Option<&str>)> = Vec::new();
    let mut at = 0;
    for (s, e, class) in ms {
        if *s < at {
            continue;
        }
        parts.push((&text[at..*s], None));
        parts.push((&text[*s..*e], Some(class)));
        at = *e;
    }
    parts.push((&text[at..], None));
    html! {
        @for (t, class) in parts {
            @let t = t.replace('\u{c}', "\n");
            @match class {
                Some("at") => mark.at #at tabindex="-1" { (t) },
                Some(c) => mark class=(c) { (t) },
                None => (t),
            }
        }
    }
}

/// The pages of the main navigation: `(href, label)`.
const NAV: [(&str, &str); 5] = [
    ("/", "Search"),
    ("/threads", "Reviews"),
    ("/stats", "Statistics"),
    ("/check", "Check"),
    ("/draft", "Draft"),
];

/// The frame around every page: head, navigation, notice, main. `scripts` are extra served
/// scripts (never inline: the CSP forbids it).
pub fn page(title: &str, active: &str, notice: Option<&str>, body: Markup) -> Html<String> {
    page_with(title, active, notice, &[], body)
}

/// [`page`] with extra served scripts.
pub fn page_with(
    title: &str,
    active: &str,
    notice: Option<&str>,
    scripts: &[&str],
    body: Markup,
) -> Html<String> {
    Html(
        html! {
            (DOCTYPE)
            html lang="en" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) " · corresp" }
                    link rel="stylesheet" href="/assets/style.css";
                    script src="/assets/app.js" defer {}
                    @for s in scripts { script src=(s) defer {} }
                }
                body {
                    a.skip href="#main" { "Skip to content" }
                    header.top {
                        a.brand href="/" { "corresp" }
                        nav aria-label="Main" {
                            @for (href, label) in NAV {
                                @if label == active {
                                    a href=(href) aria-current="page" { (label) }
                                } @else {
                                    a href=(href) { (label) }
                                }
                            }
                        }
                    }
                    @if let Some(n) = notice {
                        p.notice role="status" { (notice_text(n)) }
                    }
                    main #main tabindex="-1" { (body) }
                    footer {
                        a href="/api/v1/openapi.json" { "API" }
                        " · SEC filing-review correspondence"
                    }
                }
            }
        }
        .into_string(),
    )
}

/// A notice with its `` `commands` `` set as code rather than shown with their backticks.
fn notice_text(n: &str) -> Markup {
    html! {
        @for (i, part) in n.split('`').enumerate() {
            @if i % 2 == 1 { code { (part) } } @else { (part) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_marks() {
        let m = |t: &str, ms: &[(usize, usize, &str)]| marked(t, ms).into_string();
        assert_eq!(m("a <b> c", &[(2, 5, "hit")]), "a <mark class=\"hit\">&lt;b&gt;</mark> c");
        // Out-of-range and overlapping marks are dropped, never a panic.
        assert_eq!(m("é", &[(1, 2, "x"), (0, 9, "y")]), "é");
        assert_eq!(m("x\"y", &[(0, 1, "\"><b>")]), "<mark class=\"&quot;&gt;&lt;b&gt;\">x</mark>&quot;y");
        assert_eq!(enc("a b/é"), "a%20b%2F%C3%A9");
        assert_eq!(
            notice_text("run `corresp ingest` <b>").into_string(),
            "run <code>corresp ingest</code> &lt;b&gt;"
        );
    }
}
