//! The comment–answer record of one review thread: which company answers answer which staff
//! comment, which later comments follow each one up, and where each matter ended.
//!
//! This is the one place pairing is decided. Ingest computes it for every thread and stores it;
//! the API, the web UI, `similar`, the statistics and the exports read what was stored.
//!
//! The rules:
//! 1. A response answers one staff comment letter of its thread: the one dated as the response
//!    says ("your letter dated January 5, 2015"), else the latest one dated on or before the
//!    response. Never a staff letter dated after the response.
//! 2. An answer goes to the comment of the same number in that letter. An unnumbered answer goes
//!    to the only comment of a one-comment letter, or, when the staff used bullets and the response
//!    answers each in turn, to the comment at the same position. An answer whose number the
//!    letter lacks is not paired; a [`PairingNote`] says so.
//! 3. A comment of a later staff letter follows up an earlier comment when it cites it ("prior
//!    comment 3", "comment one of our letter dated ...": `explicit`), or, citing nothing, plainly
//!    continues its matter (`implicit`): the earlier letter asked one question only, or the two
//!    comments share the matter's rare words (see `similar_enough`). A dated citation ("comment 4
//!    in our letter dated June 30, 2016") reaches the letter of that date, even past the previous
//!    one; a date no letter of the review has is not guessed at.
//! 4. Chains never cross a review-complete letter: a staff letter after one starts afresh.
//! 5. A comment's outcome is the last round its chain reaches, whether a review-complete letter
//!    closed the review after it, and the company's answer in that last round.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use corresp_model::{
    AnswerType, ClosedBy, CommentRecord, FollowUp, FollowUpHow, ItemRef, Letter, LetterKind, Outcome,
    PairingNote, ReviewRecord,
};

/// The version of the rules below. Bump it with any change of what a record holds: ingest then
/// makes every stored record again instead of keeping one made by older rules.
pub const RULES: u32 = 2;

/// One letter of a thread, as the record needs it.
#[derive(Debug, Clone, Copy)]
pub struct RecordLetter<'a> {
    /// Accession (or content key).
    pub accession: &'a str,
    /// The day the letter counts for: its printed date, else EDGAR's filing date.
    pub day: Option<NaiveDate>,
    /// The parsed letter.
    pub letter: &'a Letter,
}

/// The number as a comparable key: "3.", "(3)", "03" and "3" are one number.
pub fn number_key(n: &str) -> String {
    let n = n.trim().trim_end_matches(['.', ')', ':']).trim_start_matches('(');
    let t = n.trim_start_matches('0');
    if t.is_empty() && !n.is_empty() { "0".into() } else { t.to_ascii_lowercase() }
}

/// Builds the record of one thread from its letters, in thread order.
pub fn record(thread_id: &str, letters: &[RecordLetter<'_>]) -> ReviewRecord {
    let mut rec = ReviewRecord { thread_id: thread_id.to_string(), rules: RULES, ..ReviewRecord::default() };
    // Staff comment letters: index into `letters`, round, segment (bumped by review-complete).
    let mut staff: Vec<(usize, u32, u32)> = Vec::new();
    let mut segment = 0u32;
    let mut closed_segments: HashSet<u32> = HashSet::new();
    for (i, l) in letters.iter().enumerate() {
        match l.letter.kind {
            LetterKind::Comments => staff.push((i, staff.len() as u32 + 1, segment)),
            LetterKind::ReviewComplete => {
                closed_segments.insert(segment);
                segment += 1;
            }
            _ => {}
        }
    }
    let mut at: HashMap<(usize, u32), usize> = HashMap::new();
    for &(i, round, _) in &staff {
        let l = &letters[i];
        for c in &l.letter.comments {
            at.insert((i, c.ordinal), rec.comments.len());
            rec.comments.push(CommentRecord {
                accession: l.accession.to_string(),
                ordinal: c.ordinal,
                number: c.number.clone(),
                round,
                answers: Vec::new(),
                follow_ups: Vec::new(),
                outcome: Outcome {
                    last_round: round,
                    closed_by: ClosedBy::Open,
                    answer: None,
                    answer_parts: vec![],
                },
            });
        }
    }

    // 1-2: answers to comments.
    let mut answer_types: HashMap<ItemRef, (Option<AnswerType>, Vec<AnswerType>)> = HashMap::new();
    for (ri, r) in letters.iter().enumerate() {
        if r.letter.kind != LetterKind::Response || r.letter.responses.is_empty() {
            continue;
        }
        let Some(ti) = answered_letter(letters, &staff, ri) else {
            rec.notes.push(PairingNote {
                accession: r.accession.to_string(),
                ordinal: None,
                code: "no_staff_letter".into(),
                message: "no staff comment letter of this thread is dated on or before the response".into(),
            });
            continue;
        };
        rec.answered_letters.push((r.accession.to_string(), letters[ti].accession.to_string()));
        let comments = &letters[ti].letter.comments;
        let bullets = !comments.is_empty() && comments.iter().all(|c| c.number.is_none());
        let unnumbered = r.letter.responses.iter().all(|a| a.comment_number.is_none());
        for a in &r.letter.responses {
            // Where the answer goes: (letter index, comment ordinal).
            let restated =
                a.comment_text.as_deref().and_then(|t| restated_comment(t, letters, &staff, ri, ti));
            let target: Option<(usize, u32)> = match a.comment_number.as_deref() {
                Some(n) => {
                    let k = number_key(n);
                    let hit =
                        comments.iter().find(|c| c.number.as_deref().is_some_and(|m| number_key(m) == k));
                    match (hit, restated) {
                        (Some(c), _) => Some((ti, c.ordinal)),
                        // A response answering two staff letters: the comment it repeats is in
                        // another one.
                        (None, Some(found)) if found.0 != ti => Some(found),
                        (None, _) => {
                            rec.notes.push(PairingNote {
                                accession: r.accession.to_string(),
                                ordinal: Some(a.ordinal),
                                code: "no_such_comment".into(),
                                message: format!(
                                    "answer {} names comment {n}, which the staff letter {} does not have",
                                    a.ordinal, letters[ti].accession
                                ),
                            });
                            None
                        }
                    }
                }
                None if comments.len() == 1 && r.letter.responses.len() == 1 => {
                    comments.first().map(|c| (ti, c.ordinal))
                }
                None if (bullets || unnumbered) && comments.len() == r.letter.responses.len() => {
                    comments.iter().find(|c| c.ordinal == a.ordinal).map(|c| (ti, c.ordinal))
                }
                // An unnumbered answer that repeats its comment: the comment it repeats.
                None if restated.is_some() => restated,
                None => {
                    rec.notes.push(PairingNote {
                        accession: r.accession.to_string(),
                        ordinal: Some(a.ordinal),
                        code: "unnumbered".into(),
                        message: format!(
                            "answer {} gives no comment number and the staff letter {} has {} comments",
                            a.ordinal,
                            letters[ti].accession,
                            comments.len()
                        ),
                    });
                    None
                }
            };
            if let Some(key) = target
                && let Some(&k) = at.get(&key)
            {
                let item = ItemRef { accession: r.accession.to_string(), ordinal: a.ordinal };
                answer_types.insert(item.clone(), (a.answer, a.answer_parts.clone()));
                rec.comments[k].answers.push(item);
            }
        }
    }

    // 3: follow-ups between consecutive staff letters of one segment, and dated citations of
    // earlier ones.
    for w in 0..staff.len() {
        let (ni, _, seg) = staff[w];
        if w == 0 || staff[w - 1].2 != seg {
            continue;
        }
        let (pi, _, _) = staff[w - 1];
        let next = &letters[ni];
        let prev = &letters[pi];
        let earlier: Vec<usize> = staff[..w].iter().filter(|s| s.2 == seg).map(|s| s.0).collect();
        for c in &next.letter.comments {
            let cites = citations(c);
            for (n, dated) in &cites {
                // A dated citation goes to the letter of that date (or the letter a response of
                // that date answered); a date that names no letter of this review is not guessed at.
                let target_letter = match dated {
                    Some(dates) => match letter_dated(dates, letters, &earlier, &rec) {
                        Some(i) => i,
                        None => continue,
                    },
                    None => pi,
                };
                let k = number_key(n);
                let hit = letters[target_letter]
                    .letter
                    .comments
                    .iter()
                    .find(|e| e.number.as_deref().is_some_and(|m| number_key(m) == k));
                if let Some(e) = hit
                    && let Some(&idx) = at.get(&(target_letter, e.ordinal))
                {
                    push_follow_up(&mut rec.comments[idx], next.accession, c, FollowUpHow::Explicit);
                }
            }
            // A comment that cites earlier comments says what it continues: no guessing beside it.
            if !cites.is_empty() {
                continue;
            }
            let prev_comments = &prev.letter.comments;
            let implied: Vec<u32> = if prev_comments.len() == 1 {
                vec![prev_comments[0].ordinal]
            } else {
                best_match(&c.text, prev_comments.iter().map(|p| (p.ordinal, p.text.as_str())), letters)
                    .into_iter()
                    .collect()
            };
            for o in implied {
                if let Some(&idx) = at.get(&(pi, o)) {
                    push_follow_up(&mut rec.comments[idx], next.accession, c, FollowUpHow::Implicit);
                }
            }
        }
    }

    // 5: outcomes.
    let round_of_acc: HashMap<&str, (u32, u32)> =
        staff.iter().map(|&(i, round, seg)| (letters[i].accession, (round, seg))).collect();
    let index_of: HashMap<(String, u32), usize> =
        rec.comments.iter().enumerate().map(|(k, c)| ((c.accession.clone(), c.ordinal), k)).collect();
    for k in 0..rec.comments.len() {
        let (start_round, seg) = round_of_acc[rec.comments[k].accession.as_str()];
        // Every comment reachable through follow-ups to later rounds.
        let mut seen: HashSet<usize> = HashSet::from([k]);
        let mut stack = vec![k];
        let mut last = start_round;
        let mut at_last: Vec<usize> = vec![k];
        while let Some(x) = stack.pop() {
            let rx = rec.comments[x].round;
            for f in &rec.comments[x].follow_ups {
                let Some(&y) = index_of.get(&(f.accession.clone(), f.ordinal)) else { continue };
                if rec.comments[y].round <= rx || !seen.insert(y) {
                    continue;
                }
                let ry = rec.comments[y].round;
                if ry > last {
                    last = ry;
                    at_last.clear();
                }
                if ry == last {
                    at_last.push(y);
                }
                stack.push(y);
            }
        }
        let mut types: Vec<(Option<AnswerType>, Vec<AnswerType>)> = Vec::new();
        for &y in &at_last {
            for a in &rec.comments[y].answers {
                if let Some(t) = answer_types.get(a) {
                    types.push(t.clone());
                }
            }
        }
        let (answer, answer_parts) = combine(&types);
        rec.comments[k].outcome = Outcome {
            last_round: last,
            closed_by: if closed_segments.contains(&seg) { ClosedBy::ReviewComplete } else { ClosedBy::Open },
            answer,
            answer_parts,
        };
    }
    rec
}

fn push_follow_up(
    earlier: &mut CommentRecord,
    accession: &str,
    c: &corresp_model::Comment,
    how: FollowUpHow,
) {
    if earlier.follow_ups.iter().any(|f| f.accession == accession && f.ordinal == c.ordinal) {
        return;
    }
    earlier.follow_ups.push(FollowUp {
        accession: accession.to_string(),
        ordinal: c.ordinal,
        number: c.number.clone(),
        how,
    });
}

/// Words a restated comment must share, from its start, with the staff comment it repeats.
const RESTATED_WORDS: usize = 10;

fn opening_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(RESTATED_WORDS)
        .map(str::to_lowercase)
        .collect()
}

/// The staff comment (letter index, ordinal) that an answer's restated comment repeats: the same
/// first words, in the answered letter `ti` first, else in another staff letter dated on or
/// before the response at `ri`. `None` unless exactly one comment of that letter matches.
fn restated_comment(
    restated: &str,
    letters: &[RecordLetter<'_>],
    staff: &[(usize, u32, u32)],
    ri: usize,
    ti: usize,
) -> Option<(usize, u32)> {
    let want = opening_words(restated);
    if want.len() < RESTATED_WORDS {
        return None;
    }
    let rday = letters[ri].day;
    let candidates = std::iter::once(ti).chain(staff.iter().rev().map(|s| s.0).filter(|&i| {
        i != ti
            && match (letters[i].day, rday) {
                (Some(s), Some(d)) => s <= d,
                _ => i < ri,
            }
    }));
    for i in candidates {
        let hits: Vec<u32> = letters[i]
            .letter
            .comments
            .iter()
            .filter(|c| opening_words(&c.text) == want)
            .map(|c| c.ordinal)
            .collect();
        if let [one] = hits[..] {
            return Some((i, one));
        }
    }
    None
}

/// The staff comment letter (index into `letters`) that the response at `ri` answers.
fn answered_letter(letters: &[RecordLetter<'_>], staff: &[(usize, u32, u32)], ri: usize) -> Option<usize> {
    let r = &letters[ri];
    let rday = r.day;
    let not_after = |i: usize| match (letters[i].day, rday) {
        (Some(s), Some(d)) => s <= d,
        _ => i < ri,
    };
    if let Some(want) = r.letter.responds_to
        && let Some(&(i, _, _)) =
            staff.iter().rev().find(|&&(i, _, _)| letters[i].day == Some(want) && not_after(i))
    {
        return Some(i);
    }
    staff.iter().rev().map(|s| s.0).find(|&i| not_after(i))
}

/// The earlier comments a comment cites, each number with the dates its citation names ("comments
/// 1 and 3 in our letter dated April 25, 2016 and comment 4 in our letter dated June 30, 2016").
/// Only numbers parse read as prior-comment references count; a cross-reference inside the letter
/// ("comment 2 above") counts for nothing.
/// One cited comment number, with the (month, day, year if printed) dates of the letters its
/// citation names, when it names any.
type Citation = (String, Option<Vec<(u32, u32, Option<i32>)>>);

fn citations(c: &corresp_model::Comment) -> Vec<Citation> {
    if c.prior_comment_refs.is_empty() || points_inside(&c.text) {
        return Vec::new();
    }
    let lower = c.text.to_ascii_lowercase();
    let mut out: Vec<Citation> = Vec::new();
    let starts: Vec<usize> = lower.match_indices("comment").map(|(i, _)| i).collect();
    for (k, &s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(lower.len());
        let window = &lower[s..end];
        // The numbers right after the word: "comments 1, 2 and 3", "comment two".
        let mut numbers = Vec::new();
        for w in window["comment".len()..].split_whitespace().take(8) {
            let w = w.trim_matches(|ch: char| !ch.is_ascii_alphanumeric());
            if w.is_empty()
                || w == "s"
                || w == "and"
                || w == "no"
                || w == "nos"
                || w == "number"
                || w == "numbers"
            {
                continue;
            }
            match w.parse::<u32>().ok().or_else(|| corresp_model::number_word(w)) {
                Some(n) => numbers.push(n.to_string()),
                None => break,
            }
        }
        // The date of the citation: in the same sentence, before the next citation.
        let sentence_end = window.find(". ").map_or(window.len(), |e| e + 1);
        let dates = dates_named(&c.text[s..s + sentence_end.min(window.len())]);
        for n in numbers {
            let dated = (!dates.is_empty()).then(|| dates.clone());
            if c.prior_comment_refs.contains(&n) && !out.iter().any(|(m, d)| *m == n && *d == dated) {
                out.push((n, dated));
            }
        }
    }
    // Numbers parse found in shapes this scan does not read stay citations of the previous letter.
    for n in &c.prior_comment_refs {
        if !out.iter().any(|(m, _)| m == n) {
            out.push((n.clone(), None));
        }
    }
    out
}

/// "comment 2 above", "comment 3 below", "in this letter": a cross-reference within one letter,
/// not a citation of an earlier one.
fn points_inside(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(p) = t[from..].find("comment") {
        let s = from + p;
        let tail: String = t[s..].chars().take(40).collect();
        let cites_prior = t[s.saturating_sub(40)..s].contains("prior")
            || t[s.saturating_sub(40)..s].contains("previous")
            || t[s.saturating_sub(40)..s].contains("response");
        if !cites_prior
            && (tail.contains(" above") || tail.contains(" below") || tail.contains("this letter"))
        {
            return true;
        }
        from = s + 7;
    }
    false
}

/// The (month, day, year?) dates of letters a text names: "our letter dated March 5, 2024",
/// "your March 5 letter", "your response of March 5". Other dates (of events, of periods) are not
/// letters' dates and are left out.
fn dates_named(text: &str) -> Vec<(u32, u32, Option<i32>)> {
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower.split(|c: char| c.is_whitespace()).filter(|w| !w.is_empty()).collect();
    let mut out = Vec::new();
    for i in 0..words.len() {
        let w = words[i].trim_matches(|c: char| !c.is_ascii_alphabetic());
        let Some(m) = corresp_model::month_number(w) else { continue };
        let Some(d) = words.get(i + 1).and_then(|d| d.trim_end_matches([',', '.', ';']).parse::<u32>().ok())
        else {
            continue;
        };
        if !(1..=31).contains(&d) {
            continue;
        }
        let year = words
            .get(i + 2)
            .and_then(|y| y.trim_end_matches(|c: char| !c.is_ascii_digit()).parse::<i32>().ok())
            .filter(|y| (1990..=2100).contains(y));
        let before = if i > 0 { words[i - 1].trim_matches(|c: char| !c.is_ascii_alphabetic()) } else { "" };
        let after = words.get(i + if year.is_some() { 3 } else { 2 }).copied().unwrap_or("");
        let two_before = if i > 1 { words[i - 2] } else { "" };
        let of_letter = before == "dated"
            || after.starts_with("letter")
            || after.starts_with("response")
            || (before == "of" && (two_before.starts_with("letter") || two_before.starts_with("response")));
        if !of_letter {
            continue;
        }
        out.push((m, d, year));
    }
    out
}

/// The earlier staff letter a citation is dated to: a staff letter of that date, or the staff
/// letter answered by a response of that date. `None` when no single letter of the review has it.
fn letter_dated(
    named: &[(u32, u32, Option<i32>)],
    letters: &[RecordLetter<'_>],
    earlier: &[usize],
    rec: &ReviewRecord,
) -> Option<usize> {
    let matches = |d: NaiveDate| {
        named.iter().any(|&(m, dd, y)| d.month() == m && d.day() == dd && y.is_none_or(|y| y == d.year()))
    };
    let mut found: BTreeSet<usize> = BTreeSet::new();
    for &i in earlier {
        if letters[i].day.is_some_and(matches) {
            found.insert(i);
        }
    }
    for (resp, staff_acc) in &rec.answered_letters {
        let Some(ri) = letters.iter().position(|l| l.accession == resp) else { continue };
        if !letters[ri].day.is_some_and(matches) {
            continue;
        }
        if let Some(si) = earlier.iter().copied().find(|&i| letters[i].accession == staff_acc) {
            found.insert(si);
        }
    }
    if found.len() == 1 { found.into_iter().next() } else { None }
}

/// Folds answer types (each with its parts) into one type and its parts: one kind of answer stays
/// itself; several, or a mixed one, become `mixed` with their components in the order revised,
/// will_revise, declined, provided_info. Used for a comment's last round and for its own answers.
pub fn combine(types: &[(Option<AnswerType>, Vec<AnswerType>)]) -> (Option<AnswerType>, Vec<AnswerType>) {
    let mut parts: BTreeSet<u8> = BTreeSet::new();
    let order = |t: AnswerType| match t {
        AnswerType::Revised => 0u8,
        AnswerType::WillRevise => 1,
        AnswerType::Declined => 2,
        AnswerType::ProvidedInfo => 3,
        AnswerType::Mixed => 4,
    };
    let from = |o: u8| match o {
        0 => AnswerType::Revised,
        1 => AnswerType::WillRevise,
        2 => AnswerType::Declined,
        _ => AnswerType::ProvidedInfo,
    };
    let mut saw_mixed = false;
    for (t, p) in types {
        match t {
            Some(AnswerType::Mixed) => {
                saw_mixed = true;
                parts.extend(p.iter().map(|&x| order(x)).filter(|&x| x < 4));
            }
            Some(t) => {
                parts.insert(order(*t));
            }
            None => {}
        }
    }
    match parts.len() {
        0 if saw_mixed => (Some(AnswerType::Mixed), Vec::new()),
        0 => (None, Vec::new()),
        1 if !saw_mixed => (Some(from(*parts.iter().next().unwrap_or(&3))), Vec::new()),
        _ => (Some(AnswerType::Mixed), parts.into_iter().map(from).collect()),
    }
}

/// Words too common in staff comments to tell one matter from another.
const COMMON: &[&str] = &[
    "about",
    "above",
    "additional",
    "address",
    "also",
    "amendment",
    "analysis",
    "appropriate",
    "basis",
    "because",
    "been",
    "being",
    "below",
    "both",
    "clarify",
    "comment",
    "comments",
    "company",
    "consider",
    "consideration",
    "describe",
    "disclose",
    "disclosed",
    "disclosure",
    "disclosures",
    "does",
    "each",
    "explain",
    "filing",
    "filings",
    "from",
    "future",
    "have",
    "however",
    "include",
    "including",
    "information",
    "letter",
    "make",
    "more",
    "note",
    "other",
    "page",
    "please",
    "prior",
    "provide",
    "provided",
    "refer",
    "regarding",
    "related",
    "response",
    "revise",
    "revised",
    "such",
    "tell",
    "that",
    "their",
    "there",
    "these",
    "this",
    "those",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "will",
    "with",
    "would",
    "your",
    "form",
    "year",
    "ended",
    "fiscal",
    "december",
    "quarter",
    "further",
    "respond",
    "following",
    "continue",
    "believe",
    "understand",
    "reference",
    "within",
    "they",
    "them",
    "than",
];

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 4 && !w.chars().all(|c| c.is_ascii_digit()))
        .map(|w| {
            let w = w.to_lowercase();
            let w = w.strip_suffix("ies").map(|s| format!("{s}y")).unwrap_or(w);
            w.strip_suffix('s').filter(|s| s.len() >= 4 && !s.ends_with('s')).map(str::to_string).unwrap_or(w)
        })
        .filter(|w| !COMMON.contains(&w.as_str()))
        .collect()
}

/// Cosine similarity of two texts' word weights, with weights `idf`.
fn cosine(a: &[String], b: &[String], idf: &HashMap<String, f64>) -> f64 {
    fn vec<'w>(ws: &'w [String], idf: &HashMap<String, f64>) -> HashMap<&'w str, f64> {
        let mut v: HashMap<&'w str, f64> = HashMap::new();
        for w in ws {
            *v.entry(w.as_str()).or_default() += idf.get(w).copied().unwrap_or(1.0);
        }
        v
    }
    let (va, vb) = (vec(a, idf), vec(b, idf));
    let dot: f64 = va.iter().filter_map(|(w, x)| vb.get(w).map(|y| x * y)).sum();
    let na: f64 = va.values().map(|x| x * x).sum::<f64>().sqrt();
    let nb: f64 = vb.values().map(|x| x * x).sum::<f64>().sqrt();
    if na == 0.0 || nb == 0.0 { 0.0 } else { dot / (na * nb) }
}

/// The threshold of [`similar_enough`]: measured on the hand-labelled DEV chains.
const IMPLICIT_MIN: f64 = 0.10;

/// Whether two comments share enough of the matter's rarer words to be one matter.
fn similar_enough(score: f64, second: f64) -> bool {
    score >= IMPLICIT_MIN && score >= second * 2.0
}

/// The earlier comment an uncited later comment plainly continues, if one stands out.
fn best_match<'a>(
    text: &str,
    earlier: impl Iterator<Item = (u32, &'a str)>,
    letters: &[RecordLetter<'_>],
) -> Option<u32> {
    // Word rarity across the whole thread's comments.
    let mut df: HashMap<String, f64> = HashMap::new();
    let mut n = 0.0;
    for l in letters {
        for c in &l.letter.comments {
            n += 1.0;
            for w in words(&c.text).into_iter().collect::<HashSet<_>>() {
                *df.entry(w).or_default() += 1.0;
            }
        }
    }
    let idf: HashMap<String, f64> = df.into_iter().map(|(w, d)| (w, ((n + 1.0) / d).ln())).collect();
    let me = words(text);
    let mut scored: Vec<(f64, u32)> = earlier.map(|(o, t)| (cosine(&me, &words(t), &idf), o)).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let best = scored.first()?;
    let second = scored.get(1).map_or(0.0, |s| s.0);
    similar_enough(best.0, second).then_some(best.1)
}

#[cfg(test)]
mod tests {
    //! Pairing, follow-ups and outcomes on small hand-made threads.
    use super::*;
    use corresp_model::{Comment, Response};

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, d).unwrap()
    }

    fn staff(comments: &[(&str, &str, &[&str])]) -> Letter {
        Letter {
            kind: LetterKind::Comments,
            comments: comments
                .iter()
                .enumerate()
                .map(|(i, (n, text, refs))| Comment {
                    ordinal: i as u32 + 1,
                    number: (!n.is_empty()).then(|| n.to_string()),
                    text: text.to_string(),
                    prior_comment_refs: refs.iter().map(|r| r.to_string()).collect(),
                    ..Comment::default()
                })
                .collect(),
            ..Letter::default()
        }
    }

    fn response(responds_to: Option<NaiveDate>, answers: &[(Option<&str>, AnswerType)]) -> Letter {
        Letter {
            kind: LetterKind::Response,
            responds_to,
            responses: answers
                .iter()
                .enumerate()
                .map(|(i, (n, t))| Response {
                    ordinal: i as u32 + 1,
                    comment_number: n.map(str::to_string),
                    answer: Some(*t),
                    ..Response::default()
                })
                .collect(),
            ..Letter::default()
        }
    }

    fn closing() -> Letter {
        Letter { kind: LetterKind::ReviewComplete, ..Letter::default() }
    }

    fn run(letters: &[(&str, NaiveDate, &Letter)]) -> ReviewRecord {
        let ls: Vec<RecordLetter<'_>> =
            letters.iter().map(|(a, d, l)| RecordLetter { accession: a, day: Some(*d), letter: l }).collect();
        record("t", &ls)
    }

    fn comment<'a>(r: &'a ReviewRecord, acc: &str, n: &str) -> &'a CommentRecord {
        r.comments.iter().find(|c| c.accession == acc && c.number.as_deref() == Some(n)).unwrap()
    }

    #[test]
    fn answers_pair_by_number_and_follow_ups_carry_the_outcome() {
        let s1 = staff(&[
            ("1", "Please tell us about revenue.", &[]),
            ("2", "Please revise the segment note.", &[]),
        ]);
        let r1 = response(
            Some(day(3, 1)),
            &[
                (Some("1"), AnswerType::ProvidedInfo),
                (Some("2"), AnswerType::Declined),
                (Some("3"), AnswerType::Revised),
            ],
        );
        let s2 = staff(&[("1", "We note your response to prior comment 2. Please revise.", &["2"])]);
        let r2 = response(Some(day(4, 2)), &[(Some("1"), AnswerType::WillRevise)]);
        let done = closing();
        let rec = run(&[
            ("S1", day(3, 1), &s1),
            ("R1", day(3, 15), &r1),
            ("S2", day(4, 2), &s2),
            ("R2", day(4, 20), &r2),
            ("C", day(5, 1), &done),
        ]);
        let c1 = comment(&rec, "S1", "1");
        assert_eq!(c1.answers, vec![ItemRef { accession: "R1".into(), ordinal: 1 }]);
        assert!(c1.follow_ups.is_empty());
        assert_eq!(c1.outcome.last_round, 1);
        assert_eq!(c1.outcome.answer, Some(AnswerType::ProvidedInfo));
        assert_eq!(c1.outcome.closed_by, ClosedBy::ReviewComplete);
        let c2 = comment(&rec, "S1", "2");
        assert_eq!(c2.follow_ups.len(), 1);
        assert_eq!(c2.follow_ups[0].accession, "S2");
        assert_eq!(c2.follow_ups[0].how, FollowUpHow::Explicit);
        assert_eq!(c2.outcome.last_round, 2);
        assert_eq!(c2.outcome.answer, Some(AnswerType::WillRevise));
        // The round-2 answer goes to the round-2 comment, never to round 1's comment 1.
        assert_eq!(comment(&rec, "S2", "1").answers, vec![ItemRef { accession: "R2".into(), ordinal: 1 }]);
        // Comment 3 does not exist: a note, no pairing.
        assert!(rec.notes.iter().any(|n| n.code == "no_such_comment" && n.ordinal == Some(3)));
        assert_eq!(rec.comments.iter().map(|c| c.answers.len()).sum::<usize>(), 3);
    }

    #[test]
    fn restated_comments_pair_answers_that_give_no_number_or_answer_two_letters() {
        let long = |s: &str| {
            format!("{s} Please tell us how you considered the guidance and revise the disclosure.")
        };
        let (t1, t2, t3) =
            (long("Revenue recognition."), long("Segment reporting."), long("Goodwill testing."));
        let s1 = staff(&[("1", &t1, &[]), ("2", &t2, &[])]);
        let s2 = staff(&[("1", &t3, &[])]);
        let mut r = response(
            Some(day(4, 1)),
            &[
                (Some("1"), AnswerType::ProvidedInfo),
                (None, AnswerType::Declined),
                (Some("2"), AnswerType::WillRevise),
            ],
        );
        // The response answers S2 (the date it names) and S1 at once: answer 1 is S2's comment 1;
        // answer 2 repeats S1's comment 2 without a number; answer 3 names "2", which S2 lacks, and
        // repeats S1's comment 1.
        r.responses[0].comment_text = Some(t3.clone());
        r.responses[1].comment_text = Some(t2.clone());
        r.responses[2].comment_text = Some(t1.clone());
        let rec = run(&[("S1", day(3, 1), &s1), ("S2", day(4, 1), &s2), ("R", day(4, 20), &r)]);
        assert_eq!(comment(&rec, "S2", "1").answers, vec![ItemRef { accession: "R".into(), ordinal: 1 }]);
        assert_eq!(comment(&rec, "S1", "2").answers, vec![ItemRef { accession: "R".into(), ordinal: 2 }]);
        assert_eq!(comment(&rec, "S1", "1").answers, vec![ItemRef { accession: "R".into(), ordinal: 3 }]);
        assert!(rec.notes.is_empty(), "{:?}", rec.notes);
    }

    #[test]
    fn a_response_never_answers_a_later_staff_letter() {
        let s1 = staff(&[("1", "Please explain the goodwill test.", &[])]);
        let r1 = response(None, &[(Some("1"), AnswerType::ProvidedInfo)]);
        let s2 = staff(&[("1", "Please tell us more about inventory.", &[])]);
        let rec = run(&[("S1", day(3, 1), &s1), ("R1", day(3, 10), &r1), ("S2", day(3, 20), &s2)]);
        assert_eq!(comment(&rec, "S1", "1").answers.len(), 1);
        assert!(comment(&rec, "S2", "1").answers.is_empty());
        // Even a response that names a later date pairs only with a letter before it.
        let early = response(Some(day(3, 20)), &[(Some("1"), AnswerType::ProvidedInfo)]);
        let rec = run(&[("S1", day(3, 1), &s1), ("R0", day(3, 10), &early), ("S2", day(3, 20), &s2)]);
        assert_eq!(comment(&rec, "S1", "1").answers[0].accession, "R0");
        assert!(comment(&rec, "S2", "1").answers.is_empty());
    }

    #[test]
    fn one_unnumbered_answer_to_a_one_comment_letter() {
        let s1 = staff(&[("1", "Please tell us about the lease.", &[])]);
        let r1 = response(Some(day(3, 1)), &[(None, AnswerType::ProvidedInfo)]);
        let rec = run(&[("S1", day(3, 1), &s1), ("R1", day(3, 10), &r1)]);
        assert_eq!(comment(&rec, "S1", "1").answers.len(), 1);
        assert!(rec.notes.is_empty());
    }

    #[test]
    fn chains_stop_at_a_review_complete_letter() {
        let s1 = staff(&[("1", "Please tell us about the lease.", &[])]);
        let s2 = staff(&[("1", "Refer to prior comment 1 about the lease.", &["1"])]);
        let rec = run(&[("S1", day(3, 1), &s1), ("C", day(4, 1), &closing()), ("S2", day(6, 1), &s2)]);
        let c = comment(&rec, "S1", "1");
        assert!(c.follow_ups.is_empty());
        assert_eq!(c.outcome.closed_by, ClosedBy::ReviewComplete);
        assert_eq!(comment(&rec, "S2", "1").outcome.closed_by, ClosedBy::Open);
    }

    #[test]
    fn a_dated_citation_reaches_past_the_previous_letter() {
        let s1 =
            staff(&[("1", "Please tell us about taxes.", &[]), ("2", "Please tell us about leases.", &[])]);
        let s2 = staff(&[("1", "We note your response to comment 1.", &["1"]), ("2", "Tell us more.", &[])]);
        let s3 =
            staff(&[("1", "We note your response to comment 2 of our letter dated March 1, 2024.", &["2"])]);
        let rec = run(&[("S1", day(3, 1), &s1), ("S2", day(4, 1), &s2), ("S3", day(5, 1), &s3)]);
        let c = comment(&rec, "S1", "2");
        assert_eq!(c.follow_ups.iter().map(|f| f.accession.as_str()).collect::<Vec<_>>(), ["S3"]);
        assert_eq!(c.outcome.last_round, 3);
        assert!(comment(&rec, "S2", "2").follow_ups.is_empty());
    }

    #[test]
    fn a_cross_reference_inside_a_letter_is_no_citation() {
        let s1 = staff(&[("1", "Tell us about A.", &[]), ("2", "Tell us about B.", &[])]);
        let s2 =
            staff(&[("1", "Tell us about C.", &[]), ("2", "Please address comment 1 above for D.", &["1"])]);
        let rec = run(&[("S1", day(3, 1), &s1), ("S2", day(4, 1), &s2)]);
        assert!(comment(&rec, "S1", "1").follow_ups.is_empty());
    }

    #[test]
    fn after_a_one_question_letter_every_later_comment_continues_it() {
        let s1 = staff(&[("1", "Please provide your analysis of consolidation.", &[])]);
        let s2 = staff(&[("1", "We note from your response the analysis.", &[]), ("2", "Tell us why.", &[])]);
        let rec = run(&[("S1", day(3, 1), &s1), ("S2", day(4, 1), &s2)]);
        let ups = &comment(&rec, "S1", "1").follow_ups;
        assert_eq!(ups.len(), 2);
        assert!(ups.iter().all(|f| f.how == FollowUpHow::Implicit));
    }

    #[test]
    fn each_citation_keeps_its_own_date() {
        let s1 = staff(&[("1", "Tell us about taxes.", &[]), ("2", "Tell us about leases.", &[])]);
        let r1 = response(Some(day(3, 1)), &[(Some("1"), AnswerType::ProvidedInfo)]);
        let s2 = staff(&[("1", "Tell us about goodwill.", &[]), ("2", "Tell us about segments.", &[])]);
        let s3 = staff(&[(
            "1",
            "We note from your response to comment 1 in your letter dated March 10, 2024 and comment 2 in our \
             letter dated April 1, 2024 that the rates differ.",
            &["1", "2"],
        )]);
        let rec = run(&[
            ("S1", day(3, 1), &s1),
            ("R1", day(3, 10), &r1),
            ("S2", day(4, 1), &s2),
            ("S3", day(5, 1), &s3),
        ]);
        assert_eq!(comment(&rec, "S1", "1").follow_ups.len(), 1, "March 10 is the answer to S1");
        assert!(comment(&rec, "S1", "2").follow_ups.is_empty());
        assert!(comment(&rec, "S2", "1").follow_ups.is_empty());
        assert_eq!(comment(&rec, "S2", "2").follow_ups.len(), 1);
        // A date no letter of the review has is not guessed at.
        let s3 = staff(&[("1", "Refer to comment 1 of our letter dated July 4, 2023.", &["1"])]);
        let rec = run(&[("S1", day(3, 1), &s1), ("S2", day(4, 1), &s2), ("S3", day(5, 1), &s3)]);
        assert!(rec.comments.iter().all(|c| c.follow_ups.is_empty()));
        // One number cited in two letters; a date of an event is no letter's date.
        let s3 = staff(&[(
            "1",
            "We understand from your response to comment 2 of our letter dated March 1, 2024 that rates \
             rose. We also note from your response to comment 2 of our letter dated April 1, 2024 that \
             the plan ended on March 10, 2024.",
            &["2"],
        )]);
        let rec = run(&[("S1", day(3, 1), &s1), ("S2", day(4, 1), &s2), ("S3", day(5, 1), &s3)]);
        assert_eq!(comment(&rec, "S1", "2").follow_ups.len(), 1);
        assert_eq!(comment(&rec, "S2", "2").follow_ups.len(), 1);
        let s3 = staff(&[(
            "1",
            "We note your response to comment 2, including the dividend paid on March 1, 2024.",
            &["2"],
        )]);
        let rec = run(&[("S1", day(3, 1), &s1), ("S2", day(4, 1), &s2), ("S3", day(5, 1), &s3)]);
        assert_eq!(
            comment(&rec, "S2", "2").follow_ups.len(),
            1,
            "the previous letter, not the dividend's date"
        );
        assert!(comment(&rec, "S1", "2").follow_ups.is_empty());
    }

    #[test]
    fn an_uncited_comment_follows_the_earlier_one_on_the_same_matter() {
        let s1 = staff(&[
            (
                "1",
                "Please tell us how the Parion collaboration was accounted for under the variable interest model.",
                &[],
            ),
            ("2", "Please expand the liquidity discussion of your credit facility covenants.", &[]),
        ]);
        let s2 = staff(&[
            (
                "1",
                "Please describe how the Parion collaboration absorbs variability of the variable interest entity.",
                &[],
            ),
            ("2", "Please file the stockholders agreement as an exhibit.", &[]),
        ]);
        let rec = run(&[("S1", day(3, 1), &s1), ("S2", day(4, 1), &s2)]);
        let ups = &comment(&rec, "S1", "1").follow_ups;
        assert_eq!(ups.len(), 1);
        assert_eq!((ups[0].ordinal, ups[0].how), (1, FollowUpHow::Implicit));
        assert!(comment(&rec, "S1", "2").follow_ups.is_empty());
    }

    #[test]
    fn mixed_last_round_answers_fold_into_parts() {
        let (t, p) = combine(&[
            (Some(AnswerType::ProvidedInfo), vec![]),
            (Some(AnswerType::Mixed), vec![AnswerType::Revised, AnswerType::Declined]),
        ]);
        assert_eq!(t, Some(AnswerType::Mixed));
        assert_eq!(p, vec![AnswerType::Revised, AnswerType::Declined, AnswerType::ProvidedInfo]);
        assert_eq!(combine(&[(Some(AnswerType::Declined), vec![])]), (Some(AnswerType::Declined), vec![]));
    }
}
