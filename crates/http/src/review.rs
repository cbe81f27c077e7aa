//! One review as the API and the review page show it: each staff comment with the company answers
//! paired to it.
//!
//! Pairing follows how responses are written: a response names the date of the staff letter it
//! answers ("in the letter dated January 5, 2015") and repeats each comment's number. So an answer
//! goes to the staff letter of that date (else the last staff letter before the response) and
//! there to the comment of the same number (else, when the staff used bullets, the same position).

use chrono::NaiveDate;
use corresp_model::{AnswerType, Comment, Filing, LetterKind, Response, Span, Text, ThreadStatus};
use serde::Serialize;
use utoipa::ToSchema;

use crate::types::{Doc, ThreadDocs};

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
    /// How the company answered.
    #[schema(value_type = Option<String>)]
    pub answer: Option<AnswerType>,
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

fn normalise_number(n: &str) -> String {
    n.trim().trim_end_matches(['.', ')']).trim_start_matches('(').trim_start_matches('0').to_string()
}

fn answer_view(doc: &Doc, r: &Response) -> AnswerView {
    let revised_disclosure = r
        .revised_disclosure
        .iter()
        .enumerate()
        .map(|(i, block)| {
            // Marked portions are spans in the letter's text; re-base them onto the block, which is
            // only possible when we know where the block sits and the block is that text.
            let marked = match r.revised_disclosure_spans.get(i) {
                Some(bs) if slice(&doc.text, *bs) == Some(block.as_str()) => r
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
        accession: doc.accession.clone(),
        ordinal: r.ordinal,
        date: doc.letter.date.or(doc.filing_date),
        comment_number: r.comment_number.clone(),
        text: r.text.clone(),
        answer: r.answer,
        comment_text: r.comment_text.clone(),
        revised_disclosure,
        commits_to_revise: r.commits_to_revise,
        commitments: r.commitments.iter().filter_map(|s| slice(&doc.text, *s)).map(str::to_string).collect(),
        span: r.span,
        paired_with: None,
    }
}

fn comment_view(c: &Comment) -> CommentView {
    CommentView {
        number: c.number.clone(),
        ordinal: c.ordinal,
        text: c.text.clone(),
        headings: c.headings.clone(),
        page_refs: c.page_refs.clone(),
        prior_comment_refs: c.prior_comment_refs.clone(),
        span: c.span,
        topics: c.topics.clone(),
        ask: c.ask,
        answers: Vec::new(),
    }
}

/// Which staff letter (index into `docs`) a response answers.
fn target_letter(docs: &[Doc], resp: usize) -> Option<usize> {
    let r = &docs[resp];
    let staff: Vec<usize> =
        (0..docs.len()).filter(|&i| docs[i].letter.kind == LetterKind::Comments).collect();
    if let Some(want) = r.letter.responds_to {
        if let Some(&i) = staff.iter().rev().find(|&&i| docs[i].letter.date == Some(want)) {
            return Some(i);
        }
    }
    let rdate = r.letter.date.or(r.filing_date);
    if let Some(rd) = rdate {
        let before: Vec<usize> = staff
            .iter()
            .copied()
            .filter(|&i| docs[i].letter.date.or(docs[i].filing_date).is_some_and(|d| d <= rd))
            .collect();
        if let Some(&i) = before.last() {
            return Some(i);
        }
    }
    // No dates to go by: the last staff letter listed before the response.
    staff.iter().copied().rfind(|&i| i < resp)
}

/// Builds the review view of a thread: letters in order, answers paired to comments.
pub fn thread_view(td: &ThreadDocs) -> ThreadView {
    let t = &td.thread;
    let docs = &td.docs;
    let mut letters: Vec<LetterView> = Vec::new();
    let mut index_of_doc: Vec<Option<usize>> = vec![None; docs.len()];
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
        let view = LetterView {
            accession: doc
                .map(|d| d.accession.clone())
                .or(tl.map(|t| t.accession.clone()))
                .unwrap_or_default(),
            kind,
            date: tl.and_then(|t| t.date).or(doc.and_then(|d| d.letter.date.or(d.filing_date))),
            form: tl.and_then(|t| t.form.clone()).or(doc.and_then(|d| d.edgar_form.clone())),
            filing_date: tl.and_then(|t| t.filing_date).or(doc.and_then(|d| d.filing_date)),
            stored: doc.is_some(),
            responds_to: doc.and_then(|d| d.letter.responds_to),
            answers_letter: None,
            acknowledgment: doc.is_some_and(|d| d.letter.acknowledgment),
            comments: doc.map(|d| d.letter.comments.iter().map(comment_view).collect()).unwrap_or_default(),
            responses: doc
                .map(|d| d.letter.responses.iter().map(|r| answer_view(d, r)).collect())
                .unwrap_or_default(),
        };
        if let Some(i) = d {
            index_of_doc[i] = Some(letters.len());
        }
        letters.push(view);
    }
    // Pair every answer of every response with a comment of its target staff letter.
    for (ri, doc) in docs.iter().enumerate() {
        if doc.letter.kind != LetterKind::Response || doc.letter.responses.is_empty() {
            continue;
        }
        let (Some(rv), Some(ti)) = (index_of_doc[ri], target_letter(docs, ri)) else { continue };
        let Some(tv) = index_of_doc[ti] else { continue };
        letters[rv].answers_letter = Some(docs[ti].accession.clone());
        let staff = &docs[ti].letter.comments;
        let all_bullets = staff.iter().all(|c| c.number.is_none());
        for k in 0..letters[rv].responses.len() {
            let r = &letters[rv].responses[k];
            let ci = match r.comment_number.as_deref() {
                Some(n) => {
                    let n = normalise_number(n);
                    staff.iter().position(|c| c.number.as_deref().is_some_and(|m| normalise_number(m) == n))
                }
                None if all_bullets || staff.len() == letters[rv].responses.len() => {
                    staff.iter().position(|c| c.ordinal == r.ordinal)
                }
                None => None,
            };
            if let Some(ci) = ci {
                let mut a = letters[rv].responses[k].clone();
                a.paired_with =
                    Some(CommentRef { accession: docs[ti].accession.clone(), ordinal: staff[ci].ordinal });
                letters[rv].responses[k].paired_with = a.paired_with.clone();
                letters[tv].comments[ci].answers.push(a);
            }
        }
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
    }
}

#[cfg(test)]
mod tests {
    //! Pairing of answers to comments on small hand-made threads.
    use super::*;
    use crate::testkit;

    #[test]
    fn answers_go_to_the_letter_of_the_printed_date_and_the_same_number() {
        let td = testkit::sample_thread();
        let v = thread_view(&td);
        let first = &v.letters[0];
        assert_eq!(first.comments.len(), 2);
        assert_eq!(first.comments[0].answers.len(), 1);
        assert_eq!(first.comments[0].answers[0].accession, "0001234567-24-000010");
        assert_eq!(first.comments[1].answers[0].ordinal, 2);
        // The second staff letter's comment 1 is answered by the second response, not the first.
        let second = &v.letters[2];
        assert_eq!(second.comments[0].answers.len(), 1);
        assert_eq!(second.comments[0].answers[0].accession, "0001234567-24-000020");
        assert_eq!(v.letters[1].answers_letter.as_deref(), Some("0000000000-24-000001"));
    }

    #[test]
    fn marked_portions_are_rebased_onto_their_block() {
        let td = testkit::sample_thread();
        let v = thread_view(&td);
        let a = &v.letters[0].comments[0].answers[0];
        let d = &a.revised_disclosure[0];
        let [s, e] = d.marked[0];
        assert_eq!(&d.text[s..e], "organic growth was 4.0%");
        assert_eq!(a.commitments.len(), 1);
    }
}
