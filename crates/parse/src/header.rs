//! The letter's head: printed date, the Re: block (company and filings under review), the
//! salutation that opens the body, and the staff letter a response answers.

use std::sync::LazyLock;

use chrono::NaiveDate;
use corresp_model::{Filing, Span};
use regex::Regex;

use crate::lines::{DATE, Line, first_date};

/// Where the head's parts sit, as line indexes.
#[derive(Debug, Default)]
pub(crate) struct Head {
    /// The "Dear ...:" line, when there is one.
    pub salutation: Option<usize>,
    /// First and last line of the Re: block.
    pub re: Option<(usize, usize)>,
    /// First line of the body (after the salutation, else after the Re: block, else 0).
    pub body: usize,
}

static SALUTATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:dear\b|ladies\s+and\s+gentlemen|gentlemen\s*:|to\s+whom\s+it\s+may|to\s+the\s+staff\b)",
    )
    .expect("static regex")
});
static RE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:re|subject)\s*(?::|\.\s|\s{2,}|$)\s*").expect("static regex"));

/// Finds the salutation, the Re: block and the body start. Letters print the Re: block before the
/// salutation; only the first 150 lines are searched so that quoted letters later on don't count.
pub(crate) fn locate(lines: &[Line<'_>]) -> Head {
    let limit = lines.len().min(150);
    let salutation = (0..limit).find(|&i| SALUTATION.is_match(lines[i].text));
    let re_limit = salutation.unwrap_or(limit.min(60));
    let re_start = (0..re_limit).find(|&i| RE_LINE.is_match(lines[i].text));
    let re = re_start.map(|s| {
        // The block runs to the salutation, or to the first blank gap after its last filing line.
        let hard_end = salutation.unwrap_or(lines.len()).min(s + 16);
        let mut last = s;
        let mut blanks = 0;
        for (i, l) in lines.iter().enumerate().take(hard_end).skip(s + 1) {
            if l.text.is_empty() {
                blanks += 1;
                // HTML letters put each Re: line in its own paragraph: a single blank is not the end.
                if blanks >= 3 && salutation.is_none() {
                    break;
                }
                continue;
            }
            blanks = 0;
            if salutation.is_none() && l.text.len() > 160 {
                break;
            }
            last = i;
        }
        (s, last)
    });
    let body = match (salutation, re) {
        (Some(s), _) => s + 1,
        (None, Some((_, e))) => e + 1,
        _ => 0,
    };
    Head { salutation, re, body }
}

/// The printed date: a line that is (nearly) only a date, in the letterhead before the Re: block;
/// else the first date before the Re: block.
pub(crate) fn letter_date(lines: &[Line<'_>], head: &Head) -> Option<(NaiveDate, Span)> {
    let stop = head.re.map(|r| r.0).or(head.salutation).unwrap_or(lines.len().min(40));
    let mut fallback = None;
    for l in &lines[..stop.min(lines.len())] {
        if let Some((d, a, b)) = first_date(l.text) {
            let rest = l.text.len() - (b - a);
            let span = Span::new(l.start + a, l.start + b);
            // "Dated: May 3, 2017", "VIA EDGAR May 3, 2017" and the like still count as a date line.
            if rest <= 16 {
                return Some((d, span));
            }
            if fallback.is_none() {
                fallback = Some((d, span));
            }
        }
    }
    fallback.or_else(|| {
        // No date above the Re: block: some responses date themselves below it.
        let end = head.salutation.unwrap_or(lines.len().min(40)).min(lines.len());
        lines[stop.min(end)..end].iter().find_map(|l| {
            let (d, a, b) = first_date(l.text)?;
            (l.text.len() - (b - a) <= 16).then(|| (d, Span::new(l.start + a, l.start + b)))
        })
    })
}

static DEFINED_TERM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\s*[(\[]\s*(?:the\s+|together\s+with|collectively|hereinafter|"|“|'|‘|referred)"#)
        .expect("static regex")
});
static FILING_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[,;]?\s+(?:Form[s]?\s+[0-9A-Z]|Schedule\s+[0-9A-Z]|Amendment\s+No|(?:Confidential\s+)?Draft\s+Registration|Registration\s+Statement|Definitive\s+Proxy|Preliminary\s+Proxy|Annual\s+Report|Quarterly\s+Report|File\s+No|Current\s+Report|Post-Effective)")
        .expect("static regex")
});
static NOT_COMPANY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:forms?\s|schedule\s|amendment\s|file\s+no|registration\s+statement|draft\s|annual\s+report|quarterly\s+report|definitive\s|preliminary\s|response|comment|sec\s|staff\s|letter\s|your\s+letter)")
        .expect("static regex")
});

/// The registrant from the Re: block's first line, without its defined term or the filing that
/// sometimes shares the line.
pub(crate) fn company(text: &str, lines: &[Line<'_>], head: &Head) -> Option<(String, Span)> {
    let (s, e) = head.re?;
    let first = &lines[s];
    let after = RE_LINE.find(first.text).map(|m| m.end()).unwrap_or(0);
    let (line, off, at) = if first.text[after..].trim().is_empty() {
        let i = (s + 1..=e).find(|&i| !lines[i].text.is_empty())?;
        (lines[i], 0, i)
    } else {
        (*first, after, s)
    };
    // A name wrapped over two lines ("Northfield Savings and Loan / Holding Company, Inc."): the
    // next line continues it when it is no filing line and the first line's name is unfinished.
    let next = (at + 1..=e)
        .find(|&i| !lines[i].text.is_empty())
        .filter(|&i| i == at + 1 || lines[at + 1].text.is_empty());
    let line_end = match next {
        Some(i) if wraps_name(&text[line.start + off..line.end], lines[i].text) => lines[i].end,
        _ => line.end,
    };
    let raw = &text[line.start + off..line_end];
    let mut end = raw.len();
    if let Some(m) = DEFINED_TERM.find(raw) {
        end = end.min(m.start());
    }
    if let Some(m) = FILING_START.find(raw) {
        end = end.min(m.start());
    }
    let name = raw[..end].trim_end_matches([',', ';', ' ', ':', '-', '\u{2013}', '\u{2014}']).trim();
    if name.len() < 2 || NOT_COMPANY.is_match(name) {
        return None;
    }
    let lead = raw.len() - raw.trim_start().len();
    let start = line.start + off + lead;
    Some((crate::lines::squash(name), Span::new(start, start + name.len())))
}

static CORPORATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:inc|incorporated|corp|corporation|company|co|ltd|limited|llc|l\.?l\.?c|l\.?p|plc|n\.?v|s\.?a|ag|se|holdings?|group|trust|bancorp|partners)\b\.?,?\s*$")
        .expect("static regex")
});
/// Re: lines that are no company name ("Request for Confidential Treatment under 17 C.F.R. §
/// 200.83"): nothing to continue.
static NOT_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:request|confidential|supplemental|letter)\b|\u{a7}|\bc\.\s*f\.\s*r\b")
        .expect("static regex")
});
static CONNECTOR_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:\b(?:and|of|the|for)|[&,\-])\s*$").expect("static regex"));

/// True when `next` continues the company name begun on `first`: `first` ends unfinished (with
/// "and", "of", "&" or no corporate word) and `next` is a short name line ending in one
/// ("Holding Company, Inc."), not a filing, a file number or a date.
fn wraps_name(first: &str, next: &str) -> bool {
    let first = first.trim();
    let next = next.trim();
    if first.is_empty()
        || NOT_NAME.is_match(first)
        || DEFINED_TERM.is_match(first)
        || FILING_START.is_match(&format!(" {first}"))
        || CORPORATE.is_match(first) && !CONNECTOR_END.is_match(first)
    {
        return false;
    }
    next.len() <= 60
        && next.chars().next().is_some_and(|c| c.is_uppercase())
        && !NOT_COMPANY.is_match(next)
        && !FORM.is_match(next)
        && first_date(next).is_none()
        && !FILE_NO.is_match(next)
        && (CONNECTOR_END.is_match(first)
            || CONTINUES.is_match(next)
                && CORPORATE.is_match(DEFINED_TERM.find(next).map(|m| &next[..m.start()]).unwrap_or(next)))
}

/// Words a wrapped name's second line starts with ("Holding Company, Inc.", "Corporation"); a
/// line that starts another name ("Starbucks Corporation") is a second party, not the rest.
static CONTINUES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:holdings?|company|co\.|corporation|corp\.?|incorporated|inc\.?|group|bancorp(?:oration)?|bancshares|trust|partners|international|worldwide|industries|enterprises|technologies|systems|services|financial|resources|limited|ltd\.?|l\.?p\.?|llc|plc|n\.?v\.?|s\.?a\.?)\b")
        .expect("static regex")
});

static FORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:[Ff][Oo][Rr][Mm][Ss]?|[Ss][Cc][Hh][Ee][Dd][Uu][Ll][Ee])\s+([0-9A-Z][0-9A-Z]*(?:[-\u{2010}-\u{2014}][0-9A-Z]+)*(?:/A)?(?:\s+14[AC]\b)?)")
        .expect("static regex")
});
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:period|year|quarter|months)s?\s+end(?:ed|ing)\s*:?\s*").expect("static regex")
});
static FILED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:filed|submitted|furnished|dated)\s*(?:on\s+)?:?\s*").expect("static regex")
});
static LETTER_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:responses?|letters?|comments?|correspondence|e-?mail)\s*$").expect("static regex")
});
static FILE_NO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bFile\s*(?:Nos?|Numbers?)\s*\.?\s*:?\s*((?:\d{1,3}\s*-\s*\d{3,6}(?:-\d{1,3})?(?:\s*(?:,|and|&)\s*)?)+)").expect("static regex")
});
/// "Exhibit No. 10.1", "Exhibit Nos. 10.4, 10.9 and 10.10", "Exhibits 2.1 and 10.3" on a Re: line.
static EXHIBITS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^\s*Exhibits?\s*(?:Nos?\.?|Numbers?)?\s*((?:\d{1,3}(?:\.\d{1,3})?[a-z]?(?:\s*(?:,\s*and|,|and|&)\s*)?)+)")
        .expect("static regex")
});
static EXHIBIT_NO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{1,3}(?:\.\d{1,3})?[a-z]?").expect("static regex"));
static FILE_NO_ONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{1,3}\s*-\s*\d{3,6}(?:-\d{1,3})?").expect("static regex"));
/// Filings under review in the Re: block, in printed order. A file number applies to the filings
/// before it that have none ("Form 10-K ... Form 8-K ... File No. 001-14829").
pub(crate) fn filings(text: &str, lines: &[Line<'_>], head: &Head) -> Vec<Filing> {
    let Some((s, e)) = head.re else { return Vec::new() };
    let start = lines[s].start;
    let end = lines[e].end.max(start);
    let block = &text[start..end];
    let forms: Vec<regex::Captures<'_>> = FORM.captures_iter(block).collect();
    let mut out: Vec<Filing> = Vec::new();
    let mut prev_end = 0;
    for (k, c) in forms.iter().enumerate() {
        let m = c.get(0).expect("group 0");
        let code = c.get(1).expect("group 1").as_str();
        // What precedes the form word since the previous filing: "Amendment No. 2 to Draft
        // Registration Statement on", "Definitive Proxy Statement on".
        let prefix = &block[prev_end..m.start()];
        let prefix = prefix.rsplit_once(['\n']).map(|p| p.1).unwrap_or(prefix);
        let prefix_all = &block[prev_end..m.start()];
        let seg_end = forms.get(k + 1).map(|n| n.get(0).expect("group 0").start()).unwrap_or(block.len());
        let seg = &block[m.end()..seg_end];
        // "Forms 10-K and 10-Q": a second code right after "and".
        let mut codes = vec![code.to_string()];
        if let Some(rest) = seg.trim_start().strip_prefix("and ")
            && let Some(code2) = rest.split_whitespace().next()
            && code2.chars().next().is_some_and(|ch| ch.is_ascii_digit())
            && code2.contains('-')
        {
            codes.push(code2.trim_end_matches([',', ';']).to_string());
        }
        let draft = prefix_all.to_ascii_lowercase().contains("draft")
            && !prefix_all.to_ascii_lowercase().contains("filed");
        let period = PERIOD.find(seg).and_then(|p| {
            let after = &seg[p.end()..];
            first_date(after).filter(|d| d.1 < 4).map(|d| d.0)
        });
        // "Response dated May 2, 2005" and "letter dated ..." date a letter, not the filing.
        let filed =
            FILED.find_iter(seg).filter(|f| !LETTER_BEFORE.is_match(&seg[..f.start()])).find_map(|f| {
                let after = &seg[f.end()..];
                first_date(after).filter(|d| d.1 < 4).map(|d| d.0)
            });
        let file_number = FILE_NO.captures(seg).and_then(|fc| {
            let nums = fc.get(1)?.as_str();
            FILE_NO_ONE.find(nums).map(|n| n.as_str().replace(' ', ""))
        });
        let exhibits: Vec<String> = EXHIBITS
            .captures(seg)
            .map(|x| EXHIBIT_NO.find_iter(&x[1]).map(|n| n.as_str().to_string()).collect())
            .unwrap_or_default();
        for cd in codes {
            let form = corresp_model::form_named(&cd, &format!("{prefix_all}{prefix}"));
            out.push(Filing {
                form,
                period,
                filed,
                file_number: file_number.clone(),
                draft,
                exhibits: exhibits.clone(),
                span: Some(Span::new(
                    start + prev_end.max(m.start().saturating_sub(prefix.len())),
                    start + seg_end,
                )),
            });
        }
        prev_end = m.end();
    }
    // A file number printed once at the end belongs to all the filings before it.
    let mut carry: Option<String> = None;
    for f in out.iter_mut().rev() {
        match &f.file_number {
            Some(n) => carry = Some(n.clone()),
            None => f.file_number = carry.clone(),
        }
    }
    // Drop exact repeats ("Form 10-K ... Form 10-K/A" keeps both; "Form 10-K" twice keeps one).
    let mut seen = Vec::new();
    out.retain(|f| {
        let key = (f.form.clone(), f.period, f.filed);
        if seen.contains(&key) {
            false
        } else {
            seen.push(key);
            true
        }
    });
    out
}

static RESPONDS_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:letter|correspondence|comments?|email|e-mail)\W+(?:[\w\u{2019}'().,-]+\s+){0,16}?(?:dated|of|on|from|issued|sent|received)\s+(?:on\s+)?(?:\w+,\s+)?$").expect("static regex")
});
static AND_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*,?\s*(?:and|&)\s+(?:(?:the\s+)?(?:letter\s+)?dated\s+)?").expect("static regex")
});
static PARENS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s*\([^()\n]{0,60}\)").expect("static regex"));
static DATE_THEN_LETTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*,?\s*(?:\(the\s+)?(?:[\w\u{2019}']+\s+){0,2}?(?:comment\s+)?letter")
        .expect("static regex")
});

/// The staff letter a response answers: "the letter dated September 14, 2016", "your letter of
/// May 14, 2019", "the Staff's May 14, 2019 comment letter". Searched from the Re: block through
/// the first paragraphs of the body.
pub(crate) fn responds_to(text: &str, lines: &[Line<'_>], head: &Head) -> Option<(NaiveDate, Span)> {
    let from = head.re.map(|r| r.0).unwrap_or(head.body).min(lines.len().saturating_sub(1));
    let start = lines.get(from)?.start;
    let mut end = (start + 4000).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let region = &text[start..end];
    for c in DATE.captures_iter(region) {
        let m = c.get(0).expect("group 0");
        let Some(d) = crate::lines::date_from(&c) else { continue };
        let before_start = region[..m.start()].char_indices().rev().nth(300).map(|x| x.0).unwrap_or(0);
        // Defined terms in parentheses ("(the \u{201c}Staff\u{201d})") sit between "letter" and "dated".
        let before = &*PARENS.replace_all(&region[before_start..m.start()], "");
        let before_line = before.rsplit(['\n', '\u{c}']).next().unwrap_or(before);
        let mut after_end = (m.end() + 40).min(region.len());
        while !region.is_char_boundary(after_end) {
            after_end -= 1;
        }
        let after = &region[m.end()..after_end];
        if RESPONDS_TO.is_match(before_line)
            || RESPONDS_TO.is_match(&before.replace(['\n', '\u{c}'], " "))
            || DATE_THEN_LETTER.is_match(after)
        {
            // "your letters dated February 10, 2023 and March 16, 2023": the later letter.
            if let Some(and) = AND_DATE.find(&region[m.end()..])
                && let Some(c2) = DATE.captures(&region[m.end() + and.end()..])
                && c2.get(0).is_some_and(|g| g.start() == 0)
                && let Some(d2) = crate::lines::date_from(&c2)
                && d2 > d
            {
                let s2 = m.end() + and.end();
                return Some((d2, Span::new(start + s2, start + s2 + c2.get(0).expect("group 0").end())));
            }
            return Some((d, Span::new(start + m.start(), start + m.end())));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::split_lines;

    fn head_of(t: &str) -> (Vec<Line<'_>>, Head) {
        let l = split_lines(t);
        let h = locate(&l);
        (l, h)
    }

    #[test]
    fn re_block_filings() {
        let t = "May 1, 2019\n\nRe: Widget Holdings, Inc. (the \"Company\")\nForm 10-K for Fiscal Year Ended December 31, 2018\nFiled February 12, 2019\nForm 8-K Filed February 13, 2019\nFile No. 001-12345\n\nDear Ms. Doe:\nText.";
        let (l, h) = head_of(t);
        assert_eq!(company(t, &l, &h).unwrap().0, "Widget Holdings, Inc.");
        let f = filings(t, &l, &h);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].form, "10-K");
        assert_eq!(f[0].period.unwrap().to_string(), "2018-12-31");
        assert_eq!(f[0].filed.unwrap().to_string(), "2019-02-12");
        assert_eq!(f[1].form, "8-K");
        assert_eq!(f[1].file_number.as_deref(), Some("001-12345"));
        assert_eq!(letter_date(&l, &h).unwrap().0.to_string(), "2019-05-01");
    }

    #[test]
    fn exhibits_named_under_a_filing() {
        let t = "Re: Acme Corp\nForm 10-K for the fiscal year ended December 31, 2021\nExhibit Nos. 10.4, 10.9 and 10.10\nFiled February 25, 2022\nFile No. 001-39876\nDear Ms. Roe:\n";
        let (l, h) = head_of(t);
        let f = filings(t, &l, &h);
        assert_eq!(f[0].exhibits, ["10.4", "10.9", "10.10"]);
        assert_eq!(f[0].filed.map(|d| d.to_string()).as_deref(), Some("2022-02-25"));
        let t = "Re: Acme Corp\nForm 10-K for the fiscal year ended December 31, 2021\nFiled February 25, 2022\nDear Ms. Roe:\n";
        let (l, h) = head_of(t);
        assert!(filings(t, &l, &h)[0].exhibits.is_empty());
    }

    #[test]
    fn drafts_amendments_and_proxies() {
        let t = "Re: Acme Corp\nAmendment No. 2 to\nDraft Registration Statement on Form S-1\nSubmitted July 10, 2020\nCIK No. 0001234567\nDear Mr. Roe:\n";
        let (l, h) = head_of(t);
        let f = filings(t, &l, &h);
        assert_eq!((f[0].form.as_str(), f[0].draft, f[0].file_number.as_deref()), ("S-1/A", true, None));
        let t = "Re: Acme Corp\nDefinitive Proxy Statement on Schedule 14A\nFiled March 1, 2022\nFile No. 001-00001\nDear Mr. Roe:\n";
        let (l, h) = head_of(t);
        assert_eq!(filings(t, &l, &h)[0].form, "DEF 14A");
    }

    #[test]
    fn responds_to_phrasings() {
        for s in [
            "This letter responds to the letter dated September 14, 2016 from the staff.",
            "in response to your letter of May 14, 2019, regarding",
            "the Staff's May 14, 2019 comment letter",
            "your comment letters dated March 2, 2019 and May 14, 2019 (the",
            "comments contained in the Staff's letter, dated May 14, 2019 (the",
            "the comment set forth in the comment letter of the staff of the Division of Corporation Finance (the \u{201c}Staff\u{201d}) of the Securities and Exchange Commission (the \u{201c}Commission\u{201d}) dated May 14, 2019 relating to",
        ] {
            let t = format!("Re: Acme Corp\nDear Sir:\n{s}\n");
            let (l, h) = head_of(&t);
            assert_eq!(
                responds_to(&t, &l, &h).map(|d| d.0.to_string()).as_deref(),
                Some("2019-05-14").filter(|_| !s.contains("2016")).or(Some("2016-09-14")),
                "{s}"
            );
        }
    }
}
