//! Figures in prose: amounts with their currency and scale, percentages, points, bare numbers and
//! years, each with the precision it was printed at (the rounding it allows).

use std::sync::LazyLock;

use regex::Regex;

use crate::interval::Iv;

/// What a figure measures.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Unit {
    /// An amount of money in a currency (ISO-like code; `USD` for `$` and `US$`).
    Money(&'static str),
    /// A percentage (`29.0%`, `29 percent`).
    Percent,
    /// Percentage points (basis points are converted to points).
    Points,
    /// A bare number (`52 days`, `1,200 employees`), maybe with a scale word.
    Plain,
    /// A four-digit year standing alone (`in 2013`).
    Year,
}

/// How firmly a figure is stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hedge {
    /// As printed.
    Exact,
    /// "approximately", "about": one more unit of slack.
    Approx,
    /// "more than", "over", "nearly": a bound, not a value; never grounds for an alarm.
    Bound,
}

/// One figure found in the cleaned text.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    /// Clean-text byte range, currency included.
    pub start: usize,
    pub end: usize,
    /// The value in base units (`RMB1.5 million` is 1.5e6; `29.0%` is 29.0; `(3.2)` is -3.2).
    pub value: f64,
    /// Half of one unit of the last printed digit, in base units: how far rounding can move it.
    pub half: f64,
    /// The value in the printed scale (`1.5` for `RMB1.5 million`), for reports.
    pub printed: f64,
    /// The scale multiplier (1e6 for million).
    pub scale: f64,
    pub unit: Unit,
    pub hedge: Hedge,
    /// Set when this figure is a parenthesised translation of the figure at that index.
    pub translation_of: Option<usize>,
    /// Set when the text around the figure makes it doubtful (two amounts side by side, as
    /// tracked changes print an old and a new figure): it may confirm a statement, never break one.
    pub doubt: bool,
}

impl Tok {
    /// The interval the exact figure lies in, given rounding and hedging.
    pub fn iv(&self) -> Iv {
        let slack = match self.hedge {
            Hedge::Exact => self.half,
            Hedge::Approx | Hedge::Bound => self.half * 2.0,
        };
        Iv::around(self.value, slack)
    }
    pub fn is_money(&self) -> bool {
        matches!(self.unit, Unit::Money(_))
    }
    pub fn currency(&self) -> Option<&'static str> {
        match self.unit {
            Unit::Money(c) => Some(c),
            _ => None,
        }
    }
    /// True when a mismatch involving this figure proves nothing: a bound or a doubtful figure.
    pub fn soft(&self) -> bool {
        self.hedge == Hedge::Bound || self.doubt
    }
    /// True for figures that count an amount (money or a bare number), not a rate.
    pub fn is_amount(&self) -> bool {
        matches!(self.unit, Unit::Money(_) | Unit::Plain)
    }
}

/// Currencies as written, longest first so `US$` wins over `$`.
const CURRENCIES: &[(&str, &str)] = &[
    ("U.S.$", "USD"),
    ("US$", "USD"),
    ("USD", "USD"),
    ("HK$", "HKD"),
    ("HKD", "HKD"),
    ("NT$", "TWD"),
    ("A$", "AUD"),
    ("C$", "CAD"),
    ("S$", "SGD"),
    ("R$", "BRL"),
    ("RMB", "CNY"),
    ("Rmb", "CNY"),
    ("CNY", "CNY"),
    ("EUR", "EUR"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("GBP", "GBP"),
    ("¥", "JPY"),
    ("JPY", "JPY"),
    ("CHF", "CHF"),
    ("Rs.", "INR"),
    ("INR", "INR"),
    ("$", "USD"),
];

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<cur>U\.S\.\s?\$|US\$|USD|HK\$|HKD|NT\$|A\$|C\$|S\$|R\$|RMB|Rmb|CNY|EUR|€|£|GBP|¥|JPY|CHF|Rs\.|INR|\$)?
        [\ \n]?
        (?:\((?P<neg>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\)
          |(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+))",
    )
    .expect("static regex")
});

static AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^
        (?:[\ \n]?(?P<note>\([0-9]{1,2}\)|\([a-z]\)|\*{1,3}))?
        (?:[\ \n]?(?P<scale>thousand|million|billion|trillion|mn|bn)(?-u:\b))?
        (?:[\ ]?(?P<unit>%|percent(?-u:\b)|per\ cent(?-u:\b)|percentage\ points?(?-u:\b)|basis\ points?(?-u:\b)|bps(?-u:\b)|ppts?(?-u:\b)|pp(?-u:\b)))?",
    )
    .expect("static regex")
});

/// A digit group cut short after a figure: "1,2 34", "45,\n678".
static BROKEN_GROUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:,[0-9]{1,2}(?:[^0-9]|$)|,\s+[0-9]{3}(?-u:\b))").expect("static regex"));

/// A scale letter glued to an amount with a currency: "$20.0m", "$1.2bn", "$500k", "$3MM".
static GLUED_SCALE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?P<g>mm|m|bn|b|k)(?-u:\b)").expect("static regex"));

static BEFORE_HEDGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?P<w>approximately|approx\.|about|roughly|around|some|nearly|almost|over|more than|less than|under|up to|at least|at most|in excess of|exceeding|below|above)\s*\(?\s*$",
    )
    .expect("static regex")
});

/// Rates written in words: "a one percent change", "one hundred basis points".
static WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?P<n>one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|twenty-five|fifty|one hundred|one-hundred|hundred)[\ \-](?P<u>percent(?-u:\b)|per\ cent(?-u:\b)|percentage\ points?(?-u:\b)|basis[\ \-]points?(?-u:\b))",
    )
    .expect("static regex")
});

/// A month name (or its abbreviation) right before a day number: "March 31".
static MONTH_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s$")
        .expect("static regex")
});

fn word_value(w: &str) -> f64 {
    match w.to_ascii_lowercase().replace('-', " ").as_str() {
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "fifteen" => 15.0,
        "twenty" => 20.0,
        "twenty five" => 25.0,
        "fifty" => 50.0,
        _ => 100.0,
    }
}

/// Finds every figure in `s`, in order.
pub(crate) fn tokens(s: &str) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::new();
    for m in WORDS.captures_iter(s) {
        let whole = m.get(0).expect("group 0 always matches");
        let v = word_value(&m["n"]);
        let u = m["u"].to_ascii_lowercase();
        let (unit, k) = if u.starts_with("basis") {
            (Unit::Points, 0.01)
        } else if u.contains("point") {
            (Unit::Points, 1.0)
        } else {
            (Unit::Percent, 1.0)
        };
        out.push(Tok {
            start: whole.start(),
            end: whole.end(),
            value: v * k,
            half: 0.0,
            printed: v,
            scale: 1.0,
            unit,
            hedge: Hedge::Exact,
            translation_of: None,
            doubt: false,
        });
    }
    let words_found = !out.is_empty();
    for m in NUMBER.captures_iter(s) {
        let whole = m.get(0).expect("group 0 always matches");
        let cur = m.name("cur");
        let (digits, negative) = match (m.name("num"), m.name("neg")) {
            (Some(n), _) => (n, false),
            (None, Some(n)) => (n, true),
            _ => continue,
        };
        // A number glued to a word or another number ("20-F", "No.3", "A1") is not a figure.
        let lead_at = if negative { digits.start() - 1 } else { digits.start() };
        if cur.is_none() {
            let prev = s[..lead_at].chars().next_back();
            if prev.is_some_and(|c| c.is_alphanumeric() || c == '.' || c == '-' || c == '/' || c == '_') {
                continue;
            }
        }
        // "3rd", "2x": a number glued to a word after it is not a figure (scale letters aside).
        let next = s[whole.end()..].chars().next();
        if cur.is_none() && next.is_some_and(|c| c.is_alphanumeric() && !matches!(c, 'm' | 'b' | 'k')) {
            continue;
        }
        // "Form 10-K", "8-K", "a 10-year note": a number joined to a word by a hyphen names a thing.
        if cur.is_none()
            && s[whole.end()..]
                .strip_prefix('-')
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_alphabetic()))
        {
            continue;
        }
        let text = digits.as_str().replace(',', "");
        let Ok(mut printed) = text.parse::<f64>() else { continue };
        let decimals_here = text.contains('.');
        if !printed.is_finite() {
            continue;
        }
        let decimals = text.split_once('.').map_or(0, |(_, f)| f.len());
        // "$20.0m": a scale letter only counts glued to an amount with a currency ("20m" alone
        // may be metres).
        let glued = cur.and_then(|_| GLUED_SCALE.captures(&s[whole.end()..]));
        let after_at = whole.end() + glued.as_ref().map_or(0, |g| g[0].len());
        let after = AFTER.captures(&s[after_at..]).expect("AFTER matches the empty string");
        let scale_word = glued
            .as_ref()
            .map(|g| g["g"].to_ascii_lowercase())
            .or_else(|| after.name("scale").map(|x| x.as_str().to_ascii_lowercase()));
        let scale = match scale_word {
            Some(w) if w == "thousand" || w == "k" => 1e3,
            Some(w) if w == "million" || w == "mn" || w == "m" || w == "mm" => 1e6,
            Some(w) if w == "billion" || w == "bn" || w == "b" => 1e9,
            Some(w) if w == "trillion" => 1e12,
            _ => 1.0,
        };
        let unit_word = after.name("unit").map(|x| x.as_str().to_ascii_lowercase());
        let mut end = after_at + after.get(0).map_or(0, |g| g.end());
        let code = cur.and_then(|c| {
            let c = c.as_str().replace(' ', "");
            CURRENCIES.iter().find(|(w, _)| *w == c).map(|(_, code)| *code)
        });
        let mut to_points = 1.0;
        // "(i) ... (2) ...": a small whole number in parentheses, with no currency, scale or unit,
        // is an enumerator or a footnote reference, not a negative figure.
        if negative
            && cur.is_none()
            && unit_word.is_none()
            && scale == 1.0
            && !decimals_here
            && printed <= 30.0
        {
            continue;
        }
        // "comprised of: 1) $495 million ... and 2) $629 million": a small whole number closed by
        // ")" with no "(" before it numbers a list item; it is no figure.
        if !negative
            && cur.is_none()
            && unit_word.is_none()
            && scale == 1.0
            && !decimals_here
            && printed <= 30.0
            && s[whole.end()..].starts_with(')')
            && s[..lead_at]
                .chars()
                .next_back()
                .is_none_or(|c| c.is_whitespace() || c == ':' || c == ';' || c == ',')
        {
            continue;
        }
        // "March 31, 2022": a day of the month is part of a date, like the year.
        let day = cur.is_none()
            && unit_word.is_none()
            && scale == 1.0
            && !decimals_here
            && (1.0..=31.0).contains(&printed)
            && MONTH_BEFORE.is_match(&s[crate::facts::ceil(s, lead_at.saturating_sub(12))..lead_at]);
        let unit = match (&unit_word, code) {
            _ if day => Unit::Year,
            (Some(u), _)
                if u == "%" || u.starts_with("percent") && !u.contains("point") || u == "per cent" =>
            {
                Unit::Percent
            }
            (Some(u), _) if u.starts_with("basis") || u == "bps" => {
                to_points = 0.01;
                Unit::Points
            }
            (Some(_), _) => Unit::Points,
            (None, Some(c)) => Unit::Money(c),
            (None, None) => {
                let year = scale == 1.0
                    && decimals == 0
                    && !digits.as_str().contains(',')
                    && (1900.0..=2100.0).contains(&printed);
                if year { Unit::Year } else { Unit::Plain }
            }
        };
        // A trailing ")" after a negative in parentheses with a scale: "(1.2) million".
        if negative {
            printed = -printed;
        }
        // Without a currency the regex may have started at a space before the digits.
        let start = cur.map_or(lead_at, |c| c.start());
        if end > s.len() {
            end = s.len();
        }
        // Only the few words before the figure matter; a bounded window keeps long texts linear.
        let window = crate::facts::ceil(s, start.saturating_sub(40));
        let hedge = match BEFORE_HEDGE.captures(&s[window..start]) {
            Some(h) => {
                let w = h["w"].to_ascii_lowercase();
                if matches!(w.as_str(), "approximately" | "approx." | "about" | "roughly" | "around" | "some")
                {
                    Hedge::Approx
                } else {
                    Hedge::Bound
                }
            }
            None => Hedge::Exact,
        };
        let unit_half = 0.5 * 10f64.powi(-(decimals as i32));
        out.push(Tok {
            start,
            end,
            value: printed * scale * to_points,
            half: unit_half * scale * to_points,
            printed,
            scale,
            unit,
            hedge,
            translation_of: None,
            // "$410 (1) million": a footnote reference inside the figure; "$1,2 34 million": a
            // figure split by the extraction (its grouping breaks off). Either may be misread.
            doubt: after.name("note").is_some() && (scale != 1.0 || unit_word.is_some())
                || BROKEN_GROUP.is_match(&s[whole.end()..]),
        });
    }
    if words_found {
        out.sort_by_key(|t| t.start);
    }
    // Figures never overlap: "$40 (1) million" is one figure with a footnote reference, not also
    // "(1) million". The rules slice the text between figures and rely on it.
    out.dedup_by(|b, a| b.start < a.end);
    mark_translations(s, &mut out);
    mark_side_by_side(s, &mut out);
    out
}

/// "$410 $436 million": two amounts of one currency with nothing but a space between them are an
/// old and a new figure (tracked changes) or a figure and a stray number; neither can be trusted.
fn mark_side_by_side(s: &str, toks: &mut [Tok]) {
    for j in 1..toks.len() {
        let (a, b) = (&toks[j - 1], &toks[j]);
        if a.currency().is_none() || a.currency() != b.currency() || a.end > b.start {
            continue;
        }
        if s[a.end..b.start].chars().all(|c| c == ' ') {
            toks[j - 1].doubt = true;
            toks[j].doubt = true;
        }
    }
}

/// "RMB1,966.7 million (US$324.9 million)": a parenthesised amount in another currency right
/// after an amount is its translation, not a figure of the sentence.
fn mark_translations(s: &str, toks: &mut [Tok]) {
    for j in 1..toks.len() {
        let (a, b) = (&toks[j - 1], &toks[j]);
        let (Some(ca), Some(cb)) = (a.currency(), b.currency()) else { continue };
        if ca == cb || a.translation_of.is_some() {
            continue;
        }
        let gap = s[a.end..b.start].trim().to_ascii_lowercase();
        let gap = gap.trim_end_matches("approximately").trim_end_matches("about").trim();
        if gap == "(" || gap == "(or" || gap == "[" {
            toks[j].translation_of = Some(j - 1);
        }
    }
}

/// Sentence ranges of `s`: a sentence ends at `.`, `!` or `?` followed by a space and a capital,
/// a quote or an opening bracket, at a blank line, or at a page break. Abbreviations such as
/// "U.S." and "Inc." do not end one.
pub(crate) fn sentences(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let ends = match c {
            b'.' | b'!' | b'?' | b';' => {
                let rest = &s[i + 1..];
                let after_space = rest.trim_start_matches([' ', '"', '\u{201d}', '\'', ')']);
                let spaced = rest.starts_with([' ', '\n', '"', '\u{201d}', ')']) || rest.is_empty();
                let next = after_space.trim_start().chars().next();
                spaced
                    && (c != b'.' || !is_abbreviation(&s[start..i]))
                    && (c == b';'
                        || next.is_none_or(|n| {
                            n.is_uppercase()
                                || n == '('
                                || n == '\u{201c}'
                                || n == '"'
                                || n == '-'
                                || n == '\u{2022}'
                                || n.is_ascii_digit()
                        }))
            }
            b'\x0c' => true,
            b'\n' => s[i + 1..].trim_start_matches([' ', '\t', '\r']).starts_with('\n'),
            _ => false,
        };
        if ends {
            out.push((start, i + 1));
            start = i + 1;
        }
        i += 1;
    }
    if start < s.len() {
        out.push((start, s.len()));
    }
    out
}

fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
    let bare = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    // "U.S", "N.E", single letters.
    if bare.len() == 1 || bare.split('.').all(|p| p.len() <= 1) && bare.contains('.') {
        return true;
    }
    matches!(
        bare.to_ascii_lowercase().as_str(),
        "inc"
            | "co"
            | "corp"
            | "ltd"
            | "no"
            | "nos"
            | "mr"
            | "ms"
            | "mrs"
            | "dr"
            | "vs"
            | "approx"
            | "st"
            | "jan"
            | "feb"
            | "mar"
            | "apr"
            | "jun"
            | "jul"
            | "aug"
            | "sep"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
            | "e.g"
            | "i.e"
            | "etc"
            | "esq"
            | "llp"
            | "l.l.c"
            | "plc"
            | "cf"
            | "fig"
            | "p"
            | "pp"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_currencies_scales_and_precision() {
        let t = tokens("RMB1,524.2 million (US$324.9 million), 29.0%, $(1.2) billion, 52 days in 2012");
        assert_eq!(t.len(), 6);
        assert_eq!(t[0].unit, Unit::Money("CNY"));
        assert!((t[0].value - 1_524.2e6).abs() < 1.0);
        assert!((t[0].half - 0.05e6).abs() < 1e-3);
        assert_eq!(t[1].translation_of, Some(0));
        assert_eq!(t[2].unit, Unit::Percent);
        assert!((t[3].value + 1.2e9).abs() < 1.0);
        assert_eq!(t[4].unit, Unit::Plain);
        assert_eq!(t[5].unit, Unit::Year);
    }

    #[test]
    fn scale_letters_glued_to_amounts() {
        let t = tokens("$20.0m, US$1.2bn, $500k, $3MM and 20m of cable");
        let v: Vec<(f64, f64)> = t.iter().map(|t| (t.value, t.half)).collect();
        assert_eq!(v, vec![(20.0e6, 0.05e6), (1.2e9, 0.05e9), (500e3, 0.5e3), (3e6, 0.5e6), (20.0, 0.5)]);
        assert_eq!(&"$20.0m, US"[t[0].start..t[0].end], "$20.0m");
        assert!(t[..4].iter().all(Tok::is_money));
    }

    #[test]
    fn glued_numbers_are_not_figures() {
        let t = tokens("Form 20-F, File No. 001-35126, 10-K, the 2023 Form 10-Q and an 8-K");
        assert!(t.iter().all(|t| t.value != 10.0 && t.value != 8.0), "{t:?}");
        assert!(t.iter().all(|t| t.unit != Unit::Percent && !t.is_money()));
    }

    #[test]
    fn hedges() {
        let t = tokens("approximately $5 million and more than 10%");
        assert_eq!(t[0].hedge, Hedge::Approx);
        assert_eq!(t[1].hedge, Hedge::Bound);
    }

    #[test]
    fn sentences_skip_abbreviations_and_decimals() {
        let s = "Revenue of U.S. sales rose 2.5% to $3.1 million. Costs fell. Inc. is fine";
        let v = sentences(s);
        assert_eq!(v.len(), 3, "{v:?}");
        assert_eq!(&s[v[0].0..v[0].1], "Revenue of U.S. sales rose 2.5% to $3.1 million.");
    }

    #[test]
    fn list_numbers_closed_by_a_bracket_are_not_figures() {
        let t = tokens(
            "comprised of: 1) $495 million of paper and 2) $629 million of other debt (see Note 3) in 12 months",
        );
        let v: Vec<f64> = t.iter().map(|t| t.value).collect();
        assert_eq!(v, vec![495e6, 629e6, 12.0]);
    }

    #[test]
    fn footnote_references_and_split_figures() {
        let t = tokens("Costs were $410 (1) million and rose 12.5% (a) in 2023.");
        assert_eq!((t[0].value, t[0].doubt), (410e6, true), "{t:?}");
        assert!(!t[1].doubt, "{t:?}");
        let t = tokens("Net sales were $1,2 34 million.");
        assert!(t[0].doubt, "{t:?}");
        let t = tokens("Net sales were $1,234 million, $56 million and 7, 8 and 9.");
        assert!(t.iter().all(|t| !t.doubt), "{t:?}");
    }
}
