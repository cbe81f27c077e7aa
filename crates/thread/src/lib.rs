//! Review threads from letter facts: which letters belong to one review cycle.
//!
//! A review cycle starts with a staff letter, goes back and forth between staff comment letters and
//! company responses, and ends with the staff's review-complete letter (or, for registration
//! statements, usually with the company's acceleration request). This crate groups letters into such
//! cycles from facts alone, with no I/O, so the rules can be tested with a few lines of data:
//!
//! - [`LetterFacts`]: what the grouping needs to know about one letter (EDGAR's facts and the parsed
//!   letter's kind, date, Re: block filings and "responds to" date).
//! - [`group`]: the letters of any number of companies in, [`Thread`]s out.
//!
//! The rules, in the order they are tried:
//! 1. Companies are never mixed: letters are grouped by CIK (else by the company's name).
//! 2. A company response joins the cycle holding the staff letter whose date it answers.
//! 3. Otherwise a letter joins the most recent cycle about the same filing (Re: block form and
//!    period, filed date or file number). A 10-K's file number is the same every year, so it is only
//!    weak evidence; a different fiscal period is a different review, however close in time.
//! 4. A review-complete letter closes its cycle: later staff comments start a new one, while late
//!    answers and acceleration or extension letters may still join it.
//! 5. A confidential draft's review and the filed registration statement's review are two cycles,
//!    unless a company or staff letter about the filed statement (a cover or acceleration letter)
//!    has already continued the open draft review.
//! 6. A staff letter about redacted exhibits (its Re: block names them) starts its own cycle, which
//!    only the staff's letter concluding that assessment joins.
//!
//! ```
//! use chrono::NaiveDate;
//! use corresp_model::LetterKind;
//! use corresp_thread::{group, EdgarFacts, LetterFacts};
//!
//! let day = |d| NaiveDate::from_ymd_opt(2019, 5, d).unwrap();
//! let letter = |acc: &str, kind, d| LetterFacts {
//!     accession: acc.into(),
//!     edgar: EdgarFacts { cik: Some("0000000001".into()), ..EdgarFacts::default() },
//!     kind,
//!     date: Some(day(d)),
//!     ..LetterFacts::default()
//! };
//! let mut answer = letter("0000000001-19-000001", LetterKind::Response, 20);
//! answer.responds_to = Some(day(6));
//! let threads = group(vec![
//!     letter("0000000000-19-000001", LetterKind::Comments, 6),
//!     answer,
//!     letter("0000000000-19-000002", LetterKind::ReviewComplete, 28),
//! ]);
//! assert_eq!(threads.len(), 1);
//! assert_eq!(threads[0].rounds, 1);
//! assert_eq!(threads[0].days_to_complete, Some(22));
//! ```
#![deny(missing_docs)]

pub mod record;

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use corresp_model::{Filing, LetterKind, Thread, ThreadLetter, ThreadStatus};

pub use corresp_model::{Direction, EdgarFacts, LetterFacts};

/// Sort key for time order: filing day, then letter date, then acceptance time.
fn order_key(l: &LetterFacts) -> (Option<NaiveDate>, Option<NaiveDate>, Option<NaiveDateTime>, &str) {
    (l.edgar.filing_date.or(l.date), l.date, l.edgar.accepted, &l.accession)
}

/// The role the letter plays in a cycle. A staff document the parser called a response (or a
/// company document it called staff comments) is read by its direction, which EDGAR knows.
fn role(l: &LetterFacts) -> Role {
    match (l.direction(), l.kind) {
        (Direction::Staff, LetterKind::Comments | LetterKind::Response) => Role::StaffComments,
        (Direction::Staff, LetterKind::ReviewComplete) => Role::StaffClose,
        (Direction::Staff, LetterKind::Other) => Role::StaffOther,
        (Direction::Company, LetterKind::Response) => Role::Response,
        (Direction::Company, _) => Role::CompanyOther,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    StaffComments,
    StaffClose,
    StaffOther,
    Response,
    CompanyOther,
}

/// How far apart (days since the cycle's last letter) a letter may be and still join a cycle, by
/// the strength of the evidence that they concern the same filing. Review rounds run about a month
/// apart, extensions stretch them; a year's gap with the same fiscal period is still the same review,
/// while a letter that says nothing about its filing joins only a recent cycle.
const MAX_GAP_STRONG: i64 = 400;
const MAX_GAP_WEAK: i64 = 120;
/// A late answer or acceleration letter may follow the closing letter by this much.
const MAX_GAP_AFTER_CLOSE: i64 = 60;
/// A letter that names no filing (an effectiveness order, a withdrawal) joins a closed review only
/// when it follows the closing letter this closely.
const MAX_GAP_AFTER_CLOSE_UNKNOWN: i64 = 14;

/// Evidence that two sets of Re: block filings are about the same filing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Evidence {
    /// Same form with a different period or filing: another review.
    Contradicts,
    /// One side names no filing.
    Unknown,
    /// Same form, nothing to compare it by.
    Weak,
    /// Same form and the same period, filed date or registration file number.
    Strong,
}

use corresp_model::{form_family, is_filed_for_a_period};

/// Interim reports: later review rounds often add the latest 10-Q or earnings 8-K to the Re: block,
/// so a different quarter says nothing against the same review.
fn is_interim(base: &str) -> bool {
    matches!(base, "10-Q" | "8-K" | "6-K")
}

fn compare_filing(a: &Filing, b: &Filing) -> Option<Evidence> {
    let base = form_family(&a.form);
    if base.is_empty() || base != form_family(&b.form) {
        return None;
    }
    // The review of a confidential draft and the review of the filed registration statement are
    // separate threads, as EDGAR's record and the hand-checked examples keep them; an answer to
    // the last draft letter still joins the draft review by the date it answers.
    if !is_filed_for_a_period(&base) && a.draft != b.draft {
        return Some(Evidence::Contradicts);
    }
    let differ = if is_interim(&base) { Evidence::Unknown } else { Evidence::Contradicts };
    if let (Some(p), Some(q)) = (a.period, b.period) {
        return Some(if p == q { Evidence::Strong } else { differ });
    }
    if let (Some(p), Some(q)) = (a.filed, b.filed) {
        if p == q {
            return Some(Evidence::Strong);
        }
        if is_filed_for_a_period(&base) {
            return Some(differ);
        }
    }
    if is_filed_for_a_period(&base) {
        // One side gives the period, the other only the filed date: a report is filed within
        // about a year after its period ends.
        let (period, filed) = match (a.period.or(b.period), a.filed.or(b.filed)) {
            (Some(p), Some(f)) => (p, f),
            _ => return Some(Evidence::Weak),
        };
        let lag = (filed - period).num_days();
        return Some(if (0..=400).contains(&lag) { Evidence::Weak } else { differ });
    }
    match (&a.file_number, &b.file_number) {
        (Some(x), Some(y)) if same_file_number(x, y) => Some(Evidence::Strong),
        (Some(_), Some(_)) => Some(Evidence::Contradicts),
        _ => Some(Evidence::Weak),
    }
}

fn same_file_number(a: &str, b: &str) -> bool {
    let key = |s: &str| -> String {
        let digits: Vec<&str> = s.split(|c: char| !c.is_ascii_digit()).filter(|p| !p.is_empty()).collect();
        digits.iter().map(|d| d.trim_start_matches('0')).collect::<Vec<_>>().join("-")
    };
    key(a) == key(b)
}

/// The best evidence between a letter's filings and a cycle's: any match wins; a form in common
/// with only different periods contradicts. With no form in common, periodic reports (a 10-Q
/// letter in a 10-K review) say nothing either way, while a registration statement is another
/// review.
fn evidence(letter: &[Filing], cycle: &[Filing]) -> Evidence {
    if letter.is_empty() || cycle.is_empty() {
        return Evidence::Unknown;
    }
    let mut best: Option<Evidence> = None;
    for a in letter {
        for b in cycle {
            if let Some(e) = compare_filing(a, b) {
                best = Some(best.map_or(e, |x| x.max(e)));
            }
        }
    }
    let all_periodic = letter.iter().chain(cycle).all(|f| is_filed_for_a_period(&form_family(&f.form)));
    best.unwrap_or(if all_periodic { Evidence::Unknown } else { Evidence::Contradicts })
}

fn max_gap(e: Evidence) -> Option<i64> {
    match e {
        Evidence::Strong => Some(MAX_GAP_STRONG),
        Evidence::Weak | Evidence::Unknown => Some(MAX_GAP_WEAK),
        Evidence::Contradicts => None,
    }
}

#[derive(Debug, Default)]
struct Cycle {
    letters: Vec<usize>,
    filings: Vec<Filing>,
    closed: bool,
    last_day: Option<NaiveDate>,
    /// A redacted-exhibit assessment: only its own conclusion letter joins it.
    assessment: bool,
}

impl Cycle {
    fn add(&mut self, i: usize, l: &LetterFacts) {
        self.letters.push(i);
        for f in &l.filings {
            let f = Filing { span: None, ..f.clone() };
            if !self.filings.contains(&f) {
                self.filings.push(f);
            }
        }
        if let Some(d) = l.day() {
            self.last_day = Some(self.last_day.map_or(d, |x| x.max(d)));
        }
    }
}

fn gap(cycle: &Cycle, day: Option<NaiveDate>) -> i64 {
    match (cycle.last_day, day) {
        (Some(a), Some(b)) => (b - a).num_days().max(0),
        _ => 0,
    }
}

/// Which cycle `l` joins, of those `allow` admits: the strongest evidence, then the most recent.
fn best_cycle(
    cycles: &[Cycle],
    l: &LetterFacts,
    allow: impl Fn(&Cycle, Evidence, i64) -> bool,
) -> Option<usize> {
    let day = l.day();
    let assessment = l.is_exhibit_assessment();
    let mut best: Option<(Evidence, usize)> = None;
    for (ci, c) in cycles.iter().enumerate() {
        if c.assessment != assessment {
            continue;
        }
        let e = evidence(&l.filings, &c.filings);
        let g = gap(c, day);
        let Some(limit) = max_gap(e) else { continue };
        if g > limit || !allow(c, e, g) {
            continue;
        }
        // Later cycles win ties: they are the more recent review.
        if best.is_none_or(|(be, _)| e >= be) {
            best = Some((e, ci));
        }
    }
    best.map(|(_, ci)| ci)
}

/// Groups one company's letters (already in time order) into cycles.
fn cycles_of(letters: &[LetterFacts]) -> Vec<Cycle> {
    let mut cycles: Vec<Cycle> = Vec::new();
    for (i, l) in letters.iter().enumerate() {
        let role = role(l);
        let target = match role {
            Role::StaffComments => best_cycle(&cycles, l, |c, _, _| !c.closed),
            // A second closing letter on the same filing soon after the first (an exhibit
            // assessment concluded after the review closed) belongs to that review.
            Role::StaffClose => best_cycle(&cycles, l, |c, _, _| !c.closed).or_else(|| {
                best_cycle(&cycles, l, |_, e, g| e == Evidence::Strong && g <= MAX_GAP_AFTER_CLOSE)
            }),
            Role::Response => answered_cycle(&cycles, letters, l)
                .or_else(|| best_cycle(&cycles, l, |c, _, _| !c.closed))
                .or_else(|| {
                    best_cycle(&cycles, l, |_, e, g| e == Evidence::Strong && g <= MAX_GAP_AFTER_CLOSE)
                }),
            Role::StaffOther | Role::CompanyOther => best_cycle(&cycles, l, |c, e, g| {
                !c.closed
                    || (e >= Evidence::Weak && g <= MAX_GAP_AFTER_CLOSE)
                    || (e == Evidence::Unknown && g <= MAX_GAP_AFTER_CLOSE_UNKNOWN)
            })
            .or_else(|| {
                // A cover or acceleration letter for the filed registration statement when only
                // the draft's review is open: it continues that review, and so ties the filed
                // statement's later letters to it.
                let as_draft = LetterFacts {
                    filings: l.filings.iter().map(|f| Filing { draft: true, ..f.clone() }).collect(),
                    ..l.clone()
                };
                best_cycle(&cycles, &as_draft, |c, _, _| !c.closed)
            }),
        };
        let ci = target.unwrap_or_else(|| {
            cycles.push(Cycle { assessment: l.is_exhibit_assessment(), ..Cycle::default() });
            cycles.len() - 1
        });
        cycles[ci].add(i, l);
        if role == Role::StaffClose {
            cycles[ci].closed = true;
        }
    }
    cycles
}

/// The cycle holding the staff letter a response answers (by its date), preferring one about the
/// same filing when two reviews had letters that day.
fn answered_cycle(cycles: &[Cycle], letters: &[LetterFacts], l: &LetterFacts) -> Option<usize> {
    let answered = l.responds_to?;
    let mut best: Option<(Evidence, usize)> = None;
    for (ci, c) in cycles.iter().enumerate().filter(|(_, c)| !c.assessment) {
        let holds = c.letters.iter().any(|&j| {
            let s = &letters[j];
            s.direction() == Direction::Staff
                && (s.date == Some(answered) || (s.date.is_none() && s.edgar.filing_date == Some(answered)))
        });
        if !holds {
            continue;
        }
        let e = evidence(&l.filings, &c.filings);
        if best.is_none_or(|(be, _)| e >= be) {
            best = Some((e, ci));
        }
    }
    best.map(|(_, ci)| ci)
}

/// A company's grouping key: its CIK, else its name folded to letters and digits without the
/// corporate suffix, so "Acme Widgets, Inc." and "ACME WIDGETS INC" meet. A letter without a CIK
/// joins the company of the first letter (in [`group`]'s input order) with a CIK and the same name
/// key: public so that a rebuild going one company at a time can send it there.
pub fn name_key(name: &str) -> String {
    const SUFFIXES: [&str; 10] =
        ["inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "llc", "plc", "the"];
    let lower = name.to_ascii_lowercase();
    let words: Vec<String> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !SUFFIXES.contains(w))
        .map(str::to_string)
        .collect();
    words.join("-")
}

/// Groups letters of any number of companies into review threads, each in time order; threads come
/// sorted by their first letter's day, then id. The same letters always give the same threads.
pub fn group(letters: Vec<LetterFacts>) -> Vec<Thread> {
    // Letters without a CIK join the CIK of a company with the same name, when one is known.
    let mut cik_by_name: BTreeMap<String, String> = BTreeMap::new();
    for l in &letters {
        if let (Some(cik), Some(name)) = (&l.edgar.cik, &l.edgar.company) {
            cik_by_name.entry(name_key(name)).or_insert_with(|| cik.clone());
        }
    }
    let mut companies: BTreeMap<String, Vec<LetterFacts>> = BTreeMap::new();
    for l in letters {
        let key = match (&l.edgar.cik, &l.edgar.company) {
            (Some(cik), _) => cik.clone(),
            (None, Some(name)) => cik_by_name
                .get(&name_key(name))
                .cloned()
                .unwrap_or_else(|| format!("name:{}", name_key(name))),
            (None, None) => "unknown".to_string(),
        };
        companies.entry(key).or_default().push(l);
    }
    let mut threads = Vec::new();
    for (key, mut letters) in companies {
        letters.sort_by(|a, b| order_key(a).cmp(&order_key(b)));
        for cycle in cycles_of(&letters) {
            threads.push(thread_of(&key, &letters, &cycle));
        }
    }
    threads.sort_by(|a, b| {
        let day = |t: &Thread| t.letters.first().and_then(|l| l.filing_date.or(l.date));
        day(a).cmp(&day(b)).then_with(|| a.id.cmp(&b.id))
    });
    threads
}

fn thread_of(key: &str, letters: &[LetterFacts], cycle: &Cycle) -> Thread {
    let members: Vec<&LetterFacts> = cycle.letters.iter().map(|&i| &letters[i]).collect();
    let first = members[0];
    let id_key = first.edgar.cik.clone().unwrap_or_else(|| key.trim_start_matches("name:").to_string());
    let rounds = members.iter().filter(|l| role(l) == Role::StaffComments).count();
    let is_close = |l: &&&LetterFacts| role(l) == Role::StaffClose;
    let complete = members.iter().any(|l| is_close(&l));
    // The review starts with the first staff letter that comments or closes: a staff "other"
    // letter (say, a request for an unredacted exhibit) is not yet the review.
    let first_staff = members
        .iter()
        .filter(|l| matches!(role(l), Role::StaffComments | Role::StaffClose))
        .filter_map(|l| l.day())
        .min();
    let closed_on = members.iter().filter(is_close).filter_map(|l| l.day()).max();
    let days_to_complete = match (first_staff, closed_on) {
        (Some(a), Some(b)) => Some((b - a).num_days()),
        _ => None,
    };
    let company = members.iter().find_map(|l| l.edgar.company.clone());
    Thread {
        id: format!("{id_key}_{}", first.accession),
        company,
        cik: members.iter().find_map(|l| l.edgar.cik.clone()),
        filings: cycle.filings.clone(),
        letters: members
            .iter()
            .map(|l| ThreadLetter {
                accession: l.accession.clone(),
                kind: l.kind,
                date: l.day(),
                form: l.edgar.form.clone(),
                filing_date: l.edgar.filing_date,
                release_date: l.edgar.release_date,
            })
            .collect(),
        rounds: rounds as u32,
        status: if complete { ThreadStatus::Complete } else { ThreadStatus::Open },
        days_to_complete,
    }
}

#[cfg(test)]
mod tests;
