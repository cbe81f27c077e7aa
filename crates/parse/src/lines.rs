//! Lines of the extracted text with their byte offsets, and small text helpers shared by the
//! header, staff-letter and response parsers.

use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

/// One line, trimmed, with the byte offsets of the trimmed part in the whole text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

/// Characters a line is trimmed of: whitespace plus the no-break and zero-width spaces HTML leaves.
fn is_pad(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{a0}' | '\u{200b}' | '\u{feff}')
}

/// Splits the text at `\n` and `\f` (pages) and keeps every line, blank ones included, so that
/// line indexes can stand for paragraph breaks.
pub(crate) fn split_lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut pos = 0;
    for raw in text.split(['\n', '\u{c}']) {
        let lead = raw.len() - raw.trim_start_matches(is_pad).len();
        let t = raw.trim_matches(is_pad);
        out.push(Line { start: pos + lead, end: pos + lead + t.len(), text: t });
        pos += raw.len() + 1;
    }
    out
}

/// Month names as letters print them, including abbreviations with or without a period.
pub(crate) const MONTH: &str = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";

/// A printed date such as "September 14, 2016", "Sept. 14,2016" or "14 September 2016".
pub(crate) static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b(?:({MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(\d{{4}})|(\d{{1,2}})\s+({MONTH})\.?,?\s+(\d{{4}}))\b"))
        .expect("static regex")
});

/// Parses the captures of [`DATE`]; `None` for impossible dates (February 30).
pub(crate) fn date_from(c: &regex::Captures<'_>) -> Option<NaiveDate> {
    let (m, d, y) = match (c.get(1), c.get(4)) {
        (Some(m), _) => (m.as_str(), c.get(2)?.as_str(), c.get(3)?.as_str()),
        (None, Some(d)) => (c.get(5)?.as_str(), d.as_str(), c.get(6)?.as_str()),
        _ => return None,
    };
    let month = match m.get(..3)?.to_ascii_lowercase().as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    let year: i32 = y.parse().ok()?;
    // Letters in EDGAR's correspondence feed start in 2004; a far-off year is a misread number.
    if !(1990..=2100).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, d.parse().ok()?)
}

/// The first date in `s`, with its byte range in `s`.
pub(crate) fn first_date(s: &str) -> Option<(NaiveDate, usize, usize)> {
    DATE.captures_iter(s).find_map(|c| {
        let m = c.get(0)?;
        date_from(&c).map(|d| (d, m.start(), m.end()))
    })
}

/// True when the line ends a sentence (or a quoted one), so what follows starts afresh.
pub(crate) fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end_matches(['"', '\u{201d}', '\'', '\u{2019}', ')', ']', '*', '_', ' ']);
    t.ends_with(['.', '?', '!', ':', ';'])
}

/// Collapses runs of whitespace (line breaks of a wrapped paragraph) into single spaces.
pub(crate) fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Words that spell small numbers in "prior comment two".
pub(crate) use corresp_model::number_word;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_print_styles() {
        for (s, want) in [
            ("September 14, 2016", "2016-09-14"),
            ("Sept. 4,2016", "2016-09-04"),
            ("14 September 2016", "2016-09-14"),
            ("dated May 3rd, 2017", "2017-05-03"),
        ] {
            assert_eq!(first_date(s).map(|d| d.0.to_string()).as_deref(), Some(want), "{s}");
        }
        assert!(first_date("February 30, 2016").is_none());
        assert!(first_date("May 2016").is_none());
    }

    #[test]
    fn lines_keep_offsets() {
        let t = "  a b \n\u{c}c\n";
        let l = split_lines(t);
        assert_eq!(l[0].text, "a b");
        assert_eq!(&t[l[0].start..l[0].end], "a b");
        assert_eq!(l[2].text, "c");
        assert_eq!(&t[l[2].start..l[2].end], "c");
    }
}
