//! The few HTML helpers the pages share: escaping, URL encoding, the page frame.

use std::fmt::Write;

/// Escapes text for HTML element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\u{c}' => out.push('\n'),
            c => out.push(c),
        }
    }
    out
}

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

/// Escapes `text` and wraps the byte ranges `marks` (sorted or not, possibly overlapping or off
/// char boundaries, which are then skipped) in `<mark class=...>`.
pub fn marked(text: &str, marks: &[(usize, usize, &str)]) -> String {
    let mut ms: Vec<&(usize, usize, &str)> = marks
        .iter()
        .filter(|(s, e, _)| {
            s < e && *e <= text.len() && text.is_char_boundary(*s) && text.is_char_boundary(*e)
        })
        .collect();
    ms.sort_by_key(|m| (m.0, m.1));
    let mut out = String::new();
    let mut at = 0;
    for (s, e, class) in ms {
        if *s < at {
            continue;
        }
        out.push_str(&esc(&text[at..*s]));
        let _ = write!(out, "<mark class=\"{}\">{}</mark>", esc(class), esc(&text[*s..*e]));
        at = *e;
    }
    out.push_str(&esc(&text[at..]));
    out
}

/// The frame around every page: head, navigation, notice, main.
pub fn page(title: &str, active: &str, notice: Option<&str>, body: &str) -> String {
    let nav = [
        ("/", "Search"),
        ("/threads", "Reviews"),
        ("/stats", "Statistics"),
        ("/check", "Check"),
        ("/draft", "Draft"),
    ]
    .iter()
    .map(|(href, label)| {
        let cur = if *label == active { " aria-current=\"page\"" } else { "" };
        format!("<a href=\"{href}\"{cur}>{label}</a>")
    })
    .collect::<String>();
    let notice =
        notice.map(|n| format!("<p class=\"notice\" role=\"status\">{}</p>", esc(n))).unwrap_or_default();
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{t} · corresp</title><link rel=\"stylesheet\" href=\"/assets/style.css\">\
<script src=\"/assets/app.js\" defer></script></head>\
<body><a class=\"skip\" href=\"#main\">Skip to content</a>\
<header class=\"top\"><a class=\"brand\" href=\"/\">corresp</a><nav aria-label=\"Main\">{nav}</nav></header>\
{notice}<main id=\"main\" tabindex=\"-1\">{body}</main>\
<footer><a href=\"/api/v1/openapi.json\">API</a> · SEC filing-review correspondence</footer></body></html>\n",
        t = esc(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_marks() {
        assert_eq!(esc("<a href=\"x\">&</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
        assert_eq!(marked("a <b> c", &[(2, 5, "hit")]), "a <mark class=\"hit\">&lt;b&gt;</mark> c");
        // Out-of-range and overlapping marks are dropped, never a panic.
        assert_eq!(marked("é", &[(1, 2, "x"), (0, 9, "y")]), "é");
        assert_eq!(enc("a b/é"), "a%20b%2F%C3%A9");
    }
}
