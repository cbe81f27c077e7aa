//! One review as users read it: its letters in order, each staff comment with the company answers
//! paired to it, the later comments that follow it up and its outcome. The API's
//! `GET /api/v1/threads/{id}`, the review page and `corresp threads --json --comments` all print
//! this view.
//!
//! Nothing here decides a pairing: the links come from the thread's stored [`ReviewRecord`]
//! (computed at ingest by [`corresp_thread::record`]). Where none is stored (a thread built in
//! memory), the same function computes it on the spot.

use chrono::NaiveDate;
use corresp_model::{
    AnswerType, Comment, EdgarFacts, Filing, FollowUp, LetterKind, Outcome, PairingNote, Response,
    ReviewRecord, Span, Text, Thread, ThreadStatus,
};
use corresp_store::{Store, StoredDocument};
use corresp_thread::record::RecordLetter;
use serde::Serialize;
use utoipa::ToSchema;

use crate::Result;

/// What the view needs of one stored letter.
#[derive(Debug, Clone, Copy)]
pub struct ViewDoc<'a> {
    /// Accession (or content key).
    pub accession: &'a str,
    /// What EDGAR says about it.
    pub edgar: &'a EdgarFacts,
    /// Extracted text (spans point into it).
    pub text: &'a Text,
    /// Parsed record.
    pub letter: &'a corresp_model::Letter,
}

impl<'a> From<&'a StoredDocument> for ViewDoc<'a> {
    fn from(d: &'a StoredDocument) -> Self {
        ViewDoc { accession: &d.accession, edgar: &d.edgar, text: &d.text, letter: &d.letter }
    }
}

/// One thread with its letters in order, each staff comment with its answers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ThreadView {
    /// The thread id.
    pub id: String,
    /// Registrant name.
    pub company: Option<String>,
    /// CIK.
    pub cik: Option<String>,
    /// Filings under review.
    #[schema(value_type = Vec<Object>)]
    pub filings: Vec<Filing>,
    /// Staff comment letters.
    pub rounds: u32,
    /// `open` or `complete`.
    #[schema(value_type = String)]
    pub status: ThreadStatus,
    /// Days from the first staff letter to the review-complete letter.
    pub days_to_complete: Option<i64>,
    /// The letters, in time order.
    pub letters: Vec<LetterView>,
    /// What the pairing could not settle (answers naming a comment the letter lacks, ...).
    #[schema(value_type = Vec<Object>)]
    pub pairing_notes: Vec<PairingNote>,
}

/// One letter of a thread.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LetterView {
    /// Accession.
    pub accession: String,
    /// `comments`, `review_complete`, `response` or `other`.
    #[schema(value_type = String)]
    pub kind: LetterKind,
    /// Printed date (else EDGAR's filing date).
    #[schema(value_type = Option<String>, format = Date)]
    pub date: Option<NaiveDate>,
    /// EDGAR form.
    pub form: Option<String>,
    /// EDGAR filing date.
    #[schema(value_type = Option<String>, format = Date)]
    pub filing_date: Option<NaiveDate>,
    /// Whether the document is in the store (a thread can list letters that are not).
    pub stored: bool,
    /// For a response: the date of the staff letter it answers, as printed.
    #[schema(value_type = Option<String>, format = Date)]
    pub responds_to: Option<NaiveDate>,
    /// For a response: the staff letter its answers were paired with.
    pub answers_letter: Option<String>,
    /// The company's three-part acknowledgment is present.
    pub acknowledgment: bool,
    /// Staff comments, each with its answers.
    pub comments: Vec<CommentView>,
    /// For a response: every answer, paired or not.
    pub responses: Vec<AnswerView>,
}

/// A staff comment and its answers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CommentView {
    /// The number as printed; null for bullets.
    pub number: Option<String>,
    /// Position in the letter.
    pub ordinal: u32,
    /// The comment's text.
    pub text: String,
    /// Byte ranges of `text` set in bold in the letter.
    #[schema(value_type = Vec<Vec<usize>>)]
    pub bold: Vec<[usize; 2]>,
    /// Captions, outermost first.
    pub headings: Vec<String>,
    /// Pages it points at.
    pub page_refs: Vec<String>,
    /// Earlier comments it refers to.
    pub prior_comment_refs: Vec<String>,
    /// Where it sits in its letter's text.
    #[schema(value_type = Vec<usize>)]
    pub span: Span,
    /// Topic labels.
    #[schema(value_type = Option<Object>)]
    pub topics: Option<corresp_model::Topics>,
    /// What it asks for.
    #[schema(value_type = Option<String>)]
    pub ask: Option<corresp_model::Ask>,
    /// The company answers paired to it, in time order.
    pub answers: Vec<AnswerView>,
    /// Comments of later staff letters that continue it.
    #[schema(value_type = Vec<Object>)]
    pub follow_ups: Vec<FollowUp>,
    /// The earlier comments it continues (the other end of their `follow_ups`).
    pub follows_up: Vec<CommentRef>,
    /// Where its matter ended: last round, how the review closed, the answer in that round.
    #[schema(value_type = Option<Object>)]
    pub outcome: Option<Outcome>,
    /// Its letter's round in the thread (1-based).
    pub round: Option<u32>,
}

/// One company answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AnswerView {
    /// The response letter's accession.
    pub accession: String,
    /// Position in the response letter.
    pub ordinal: u32,
    /// The response letter's date.
    #[schema(value_type = Option<String>, format = Date)]
    pub date: Option<NaiveDate>,
    /// The comment number it answers, as the response prints it.
    pub comment_number: Option<String>,
    /// The answer's text.
    pub text: String,
    /// Byte ranges of `text` set in bold in the letter.
    #[schema(value_type = Vec<Vec<usize>>)]
    pub bold: Vec<[usize; 2]>,
    /// How the company answered.
    #[schema(value_type = Option<String>)]
    pub answer: Option<AnswerType>,
    /// For `mixed`: its components, in the order revised, will_revise, declined, provided_info.
    #[schema(value_type = Vec<String>)]
    pub answer_parts: Vec<AnswerType>,
    /// The staff comment as the response repeats it.
    pub comment_text: Option<String>,
    /// Proposed disclosure quoted in the answer, with its marked (new) portions.
    pub revised_disclosure: Vec<Disclosure>,
    /// The answer promises to revise a future or amended filing.
    pub commits_to_revise: bool,
    /// The sentences that make the promise.
    pub commitments: Vec<String>,
    /// Where the answer sits in the response's text.
    #[schema(value_type = Vec<usize>)]
    pub span: Span,
    /// The staff comment it was paired with.
    pub paired_with: Option<CommentRef>,
}

/// Where a staff comment is: its letter and its position there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct CommentRef {
    /// The staff letter's accession.
    pub accession: String,
    /// The comment's position in the letter.
    pub ordinal: u32,
}

/// A block of proposed disclosure.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Disclosure {
    /// The block's text.
    pub text: String,
    /// Byte ranges within `text` marked as new (underlined or bold in the source).
    #[schema(value_type = Vec<Vec<usize>>)]
    pub marked: Vec<[usize; 2]>,
}

fn slice(text: &Text, span: Span) -> Option<&str> {
    text.text.get(span.start..span.end)
}

/// `s` with every whitespace run as one space, and for each byte of the result the offset of the
/// byte of `s` it came from.
fn collapsed(s: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len());
    let mut space = false;
    for (i, ch) in s.char_indices() {
        if ch.is_whitespace() {
            if !space && !out.is_empty() {
                out.push(' ');
                map.push(i);
            }
            space = true;
            continue;
        }
        space = false;
        let mut buf = [0u8; 4];
        let len = ch.encode_utf8(&mut buf).len();
        out.push(ch);
        map.extend(i..i + len);
    }
    (out, map)
}

/// The bold runs of the letter's text within `span`, as byte ranges of `shown`: the comment's or
/// answer's text, which is that span with its number taken off and its lines joined. Found by
/// matching the two with whitespace collapsed; empty when `shown` is not found there.
fn bold_in(text: &Text, span: Span, shown: &str) -> Vec<[usize; 2]> {
    let Some(seg) = slice(text, span) else { return Vec::new() };
    let bold: Vec<(usize, usize)> = text
        .marks
        .iter()
        .filter(|m| m.emphasis.bold && m.span.end > span.start && m.span.start < span.end)
        .map(|m| (m.span.start.max(span.start) - span.start, m.span.end.min(span.end) - span.start))
        .collect();
    if bold.is_empty() || shown.trim().is_empty() {
        return Vec::new();
    }
    let (cs, cmap) = collapsed(seg);
    let (ct, tmap) = collapsed(shown);
    let Some(at) = cs.find(ct.trim()) else { return Vec::new() };
    let n = ct.trim().len();
    let mut out: Vec<[usize; 2]> = Vec::new();
    for (a, b) in bold {
        // Collapsed bytes of the segment inside the bold run, then their place in `shown`.
        // (`cmap` rises with its index, so both ends are binary searches.)
        let window = &cmap[at..at + n];
        let mut first = at + window.partition_point(|&o| o < a);
        let mut last = at + window.partition_point(|&o| o < b);
        while first < last && cs.as_bytes()[first] == b' ' {
            first += 1;
        }
        while last > first && cs.as_bytes()[last - 1] == b' ' {
            last -= 1;
        }
        if first >= last {
            continue;
        }
        let last = last - 1;
        let (s, e) = (tmap[first - at], tmap[last - at] + 1);
        // Whole characters only (a run that ends inside a multi-byte character is widened).
        let mut e = e.min(shown.len());
        while !shown.is_char_boundary(e) {
            e += 1;
        }
        if s < e && shown.is_char_boundary(s) {
            match out.last_mut() {
                Some(prev) if prev[1] >= s => prev[1] = prev[1].max(e),
                _ => out.push([s, e]),
            }
        }
    }
    out
}

fn answer_view(doc: &ViewDoc<'_>, r: &Response) -> AnswerView {
    let revised_disclosure = r
        .revised_disclosure
        .iter()
        .enumerate()
        .map(|(i, block)| {
            // Marked portions are spans in the letter's text; re-base them onto the block, which is
            // only possible when we know where the block sits and the block is that text.
            let marked = match r.revised_disclosure_spans.get(i) {
                Some(bs) if slice(doc.text, *bs) == Some(block.as_str()) => r
                    .marked_portions
                    .iter()
                    .filter(|m| m.start >= bs.start && m.end <= bs.end && !m.is_empty())
                    .map(|m| [m.start - bs.start, m.end - bs.start])
                    .collect(),
                _ => Vec::new(),
            };
            Disclosure { text: block.clone(), marked }
        })
        .collect();
    AnswerView {
        accession: doc.accession.to_string(),
        ordinal: r.ordinal,
        date: doc.letter.date.or(doc.edgar.filing_date),
        comment_number: r.comment_number.clone(),
        text: r.text.clone(),
        bold: bold_in(doc.text, r.span, &r.text),
        answer: r.answer,
        answer_parts: r.answer_parts.clone(),
        comment_text: r.comment_text.clone(),
        revised_disclosure,
        commits_to_revise: r.commits_to_revise,
        commitments: r.commitments.iter().filter_map(|s| slice(doc.text, *s)).map(str::to_string).collect(),
        span: r.span,
        paired_with: None,
    }
}

fn comment_view(doc: &ViewDoc<'_>, c: &Comment) -> CommentView {
    CommentView {
        number: c.number.clone(),
        ordinal: c.ordinal,
        text: c.text.clone(),
        bold: bold_in(doc.text, c.span, &c.text),
        headings: c.headings.clone(),
        page_refs: c.page_refs.clone(),
        prior_comment_refs: c.prior_comment_refs.clone(),
        span: c.span,
        topics: c.topics.clone(),
        ask: c.ask,
        answers: Vec::new(),
        follow_ups: Vec::new(),
        follows_up: Vec::new(),
        outcome: None,
        round: None,
    }
}

/// The record of a thread computed from its letters, for threads that have none stored.
pub fn compute_record(t: &Thread, docs: &[ViewDoc<'_>]) -> ReviewRecord {
    let letters: Vec<RecordLetter<'_>> = t
        .letters
        .iter()
        .filter_map(|tl| {
            let d = docs.iter().find(|d| d.accession == tl.accession)?;
            Some(RecordLetter {
                accession: d.accession,
                day: tl.date.or(d.edgar.filing_date),
                letter: d.letter,
            })
        })
        .collect();
    corresp_thread::record::record(&t.id, &letters)
}

/// Builds the view of a thread: letters in order, answers, follow-ups and outcomes from `record`
/// (computed from the letters when `None`).
pub fn thread_view(t: &Thread, docs: &[ViewDoc<'_>], record: Option<&ReviewRecord>) -> ThreadView {
    let computed;
    let record = match record {
        Some(r) => r,
        None => {
            computed = compute_record(t, docs);
            &computed
        }
    };
    let mut letters: Vec<LetterView> = Vec::new();
    // Letters in the thread's order; documents the thread does not list go last.
    let mut order: Vec<(Option<usize>, Option<&corresp_model::ThreadLetter>)> = Vec::new();
    let mut used = vec![false; docs.len()];
    for tl in &t.letters {
        let d = docs.iter().position(|d| d.accession == tl.accession);
        if let Some(i) = d {
            used[i] = true;
        }
        order.push((d, Some(tl)));
    }
    for (i, u) in used.iter().enumerate() {
        if !u {
            order.push((Some(i), None));
        }
    }
    for (d, tl) in order {
        let doc = d.map(|i| &docs[i]);
        let kind = doc.map(|d| d.letter.kind).or(tl.map(|t| t.kind)).unwrap_or_default();
        let accession =
            doc.map(|d| d.accession.to_string()).or(tl.map(|t| t.accession.clone())).unwrap_or_default();
        let answers_letter =
            record.answered_letters.iter().find(|(r, _)| *r == accession).map(|(_, s)| s.clone());
        letters.push(LetterView {
            accession,
            kind,
            date: tl.and_then(|t| t.date).or(doc.and_then(|d| d.letter.date.or(d.edgar.filing_date))),
            form: tl.and_then(|t| t.form.clone()).or(doc.and_then(|d| d.edgar.form.clone())),
            filing_date: tl.and_then(|t| t.filing_date).or(doc.and_then(|d| d.edgar.filing_date)),
            stored: doc.is_some(),
            responds_to: doc.and_then(|d| d.letter.responds_to),
            answers_letter,
            acknowledgment: doc.is_some_and(|d| d.letter.acknowledgment),
            comments: doc
                .map(|d| d.letter.comments.iter().map(|c| comment_view(d, c)).collect())
                .unwrap_or_default(),
            responses: doc
                .map(|d| d.letter.responses.iter().map(|r| answer_view(d, r)).collect())
                .unwrap_or_default(),
        });
    }
    let find_letter = |letters: &[LetterView], acc: &str| letters.iter().position(|l| l.accession == acc);
    for c in &record.comments {
        let Some(li) = find_letter(&letters, &c.accession) else { continue };
        let Some(ci) = letters[li].comments.iter().position(|x| x.ordinal == c.ordinal) else { continue };
        let me = CommentRef { accession: c.accession.clone(), ordinal: c.ordinal };
        let mut answers = Vec::new();
        for a in &c.answers {
            let Some(ri) = find_letter(&letters, &a.accession) else { continue };
            let Some(k) = letters[ri].responses.iter().position(|x| x.ordinal == a.ordinal) else { continue };
            letters[ri].responses[k].paired_with = Some(me.clone());
            answers.push(letters[ri].responses[k].clone());
        }
        for f in &c.follow_ups {
            if let Some(fi) = find_letter(&letters, &f.accession)
                && let Some(x) = letters[fi].comments.iter_mut().find(|x| x.ordinal == f.ordinal)
            {
                x.follows_up.push(me.clone());
            }
        }
        let cv = &mut letters[li].comments[ci];
        cv.answers = answers;
        cv.follow_ups = c.follow_ups.clone();
        cv.outcome = Some(c.outcome.clone());
        cv.round = Some(c.round);
    }
    ThreadView {
        id: t.id.clone(),
        company: t.company.clone(),
        cik: t.cik.clone(),
        filings: t.filings.clone(),
        rounds: t.rounds,
        status: t.status,
        days_to_complete: t.days_to_complete,
        letters,
        pairing_notes: record.notes.clone(),
    }
}

/// The view of one stored thread, read from the store; `None` when no thread has `id`.
pub fn load(store: &dyn Store, id: &str) -> Result<Option<ThreadView>> {
    let Some(t) = store.threads()?.into_iter().find(|t| t.id == id) else { return Ok(None) };
    Ok(Some(view_of(store, &t)?))
}

/// The view of every stored thread, in thread order.
pub fn load_all(store: &dyn Store) -> Result<Vec<ThreadView>> {
    store.threads()?.iter().map(|t| view_of(store, t)).collect()
}

/// The view of one thread of the store.
pub fn view_of(store: &dyn Store, t: &Thread) -> Result<ThreadView> {
    let mut stored = Vec::new();
    for l in &t.letters {
        if let Some(d) = store.document(&l.accession)? {
            stored.push(d);
        }
    }
    let docs: Vec<ViewDoc<'_>> = stored.iter().map(ViewDoc::from).collect();
    let record = store.review(&t.id)?;
    Ok(thread_view(t, &docs, record.as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use corresp_model::{Emphasis, Mark};

    fn text_with_bold(t: &str, bold: &[&str]) -> Text {
        let marks = bold
            .iter()
            .map(|b| {
                let s = t.find(b).expect("bold phrase in text");
                Mark {
                    span: Span::new(s, s + b.len()),
                    emphasis: Emphasis { bold: true, ..Default::default() },
                }
            })
            .collect();
        Text { text: t.to_string(), marks, ..Default::default() }
    }

    #[test]
    fn bold_runs_land_on_the_shown_text_whatever_its_line_breaks() {
        let letter = "Intro.\n\n2. Please tell us how you\naccounted for the Ávila\nwarrants. We note your Segment Reporting policy.\n\nEnd.";
        let t = text_with_bold(letter, &["accounted for the Ávila\nwarrants", "Segment Reporting"]);
        let start = letter.find("2. ").unwrap();
        let end = letter.find("\n\nEnd").unwrap();
        let shown =
            "Please tell us how you accounted for the Ávila warrants. We note your Segment Reporting policy.";
        let bold = bold_in(&t, Span::new(start, end), shown);
        let got: Vec<&str> = bold.iter().map(|[s, e]| &shown[*s..*e]).collect();
        assert_eq!(got, vec!["accounted for the Ávila warrants", "Segment Reporting"]);
    }

    #[test]
    fn no_bold_when_the_shown_text_is_not_in_the_span() {
        let t = text_with_bold("1. Some comment in bold.", &["comment in bold"]);
        assert!(bold_in(&t, Span::new(0, 24), "Another text entirely").is_empty());
        // A span past the text's end is no panic.
        assert!(bold_in(&t, Span::new(10, 400), "comment").is_empty());
    }
}
