//! The store as tables: one row per thread, letter, staff comment or company answer, and the hits
//! of a search or a similar-comment query, as typed columns. The Python package (`crates/py`) turns
//! these columns into Arrow arrays and data frames; the statistics read the comment facts the same
//! way ([`comment_facts`] is what [`crate::stats::comment_rows`] gives them).
//!
//! Nothing here pairs anything: answers, follow-ups, rounds and outcomes are read from each
//! thread's stored comment–answer record ([`corresp_model::ReviewRecord`], made at ingest by
//! [`corresp_thread::record`]), and a comment's answer type over several answers is folded by
//! [`corresp_thread::record::combine`], as everywhere else.
//!
//! | frame | one row per | built by |
//! |---|---|---|
//! | threads | review thread (as `corresp threads --json` lists them) | [`threads`] |
//! | letters | stored readable document | [`letters`] |
//! | comments | staff comment of a threaded letter (the rows of `corresp stats --comments-csv`) | [`comments`] |
//! | answers | company answer of a stored response | [`answers`] |
//! | search | hit of [`crate::search::search`] | [`search_hits`] |
//! | similar | precedent of [`crate::search::similar`] | [`similar_hits`] |
//!
//! ```
//! use corresp_store::SqliteStore;
//! let store = SqliteStore::open_in_memory().unwrap();
//! let frame = corresp_app::frames::comments(&store).unwrap();
//! assert_eq!(frame.rows(), 0);
//! assert_eq!(frame.columns[0].name, "thread_id");
//! ```

use std::collections::HashMap;

use chrono::NaiveDate;
use corresp_model::{AnswerType, ClosedBy, CommentRecord, FollowUpHow, LetterKind, ThreadStatus};
use corresp_store::Store;

use crate::Result;
use crate::search::{Hit, SearchResults, Similar, SimilarHit};

/// One column's values, one per row; `None` is a null.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// UTF-8 text.
    Text(Vec<Option<String>>),
    /// Whole numbers.
    Int(Vec<Option<i64>>),
    /// Real numbers.
    Float(Vec<Option<f64>>),
    /// Booleans that are always known.
    Bool(Vec<bool>),
    /// Booleans that may be unknown.
    OptBool(Vec<Option<bool>>),
    /// Calendar dates.
    Date(Vec<Option<NaiveDate>>),
    /// Lists of text (empty when there is nothing).
    TextList(Vec<Vec<String>>),
}

impl Values {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            Values::Text(v) => v.len(),
            Values::Int(v) => v.len(),
            Values::Float(v) => v.len(),
            Values::Bool(v) => v.len(),
            Values::OptBool(v) => v.len(),
            Values::Date(v) => v.len(),
            Values::TextList(v) => v.len(),
        }
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A named column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The column's name.
    pub name: &'static str,
    /// Its values.
    pub values: Values,
}

/// A table: columns of equal length, in a fixed order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Frame {
    /// The columns.
    pub columns: Vec<Column>,
}

impl Frame {
    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, |c| c.values.len())
    }

    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// Builds a frame's columns from rows: each call takes one field of every row.
struct Columns<'a, R> {
    rows: &'a [R],
    columns: Vec<Column>,
}

impl<'a, R> Columns<'a, R> {
    fn new(rows: &'a [R]) -> Self {
        Columns { rows, columns: Vec::new() }
    }
    fn push(mut self, name: &'static str, values: Values) -> Self {
        self.columns.push(Column { name, values });
        self
    }
    fn text(self, name: &'static str, f: impl Fn(&R) -> Option<String>) -> Self {
        let v = self.rows.iter().map(f).collect();
        self.push(name, Values::Text(v))
    }
    fn int(self, name: &'static str, f: impl Fn(&R) -> Option<i64>) -> Self {
        let v = self.rows.iter().map(f).collect();
        self.push(name, Values::Int(v))
    }
    fn float(self, name: &'static str, f: impl Fn(&R) -> Option<f64>) -> Self {
        let v = self.rows.iter().map(f).collect();
        self.push(name, Values::Float(v))
    }
    fn bool(self, name: &'static str, f: impl Fn(&R) -> bool) -> Self {
        let v = self.rows.iter().map(f).collect();
        self.push(name, Values::Bool(v))
    }
    fn opt_bool(self, name: &'static str, f: impl Fn(&R) -> Option<bool>) -> Self {
        let v = self.rows.iter().map(f).collect();
        self.push(name, Values::OptBool(v))
    }
    fn date(self, name: &'static str, f: impl Fn(&R) -> Option<NaiveDate>) -> Self {
        let v = self.rows.iter().map(f).collect();
        self.push(name, Values::Date(v))
    }
    fn list(self, name: &'static str, f: impl Fn(&R) -> Vec<String>) -> Self {
        let v = self.rows.iter().map(f).collect();
        self.push(name, Values::TextList(v))
    }
    fn done(self) -> Frame {
        Frame { columns: self.columns }
    }
}

/// The contract's name of an answer type (`will_revise`, ...).
pub(crate) fn answer_name(t: AnswerType) -> String {
    serde_json::to_value(t).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn answer_names(ts: &[AnswerType]) -> Vec<String> {
    ts.iter().map(|t| answer_name(*t)).collect()
}

fn how_name(h: FollowUpHow) -> &'static str {
    match h {
        FollowUpHow::Explicit => "explicit",
        FollowUpHow::Implicit => "implicit",
    }
}

fn closed_name(c: ClosedBy) -> &'static str {
    match c {
        ClosedBy::ReviewComplete => "review_complete",
        ClosedBy::Open => "open",
    }
}

/// Every stored comment record, by its staff letter's accession and the comment's ordinal.
fn comment_records(store: &dyn Store) -> Result<HashMap<(String, u32), CommentRecord>> {
    let mut records = HashMap::new();
    for r in store.reviews()? {
        for c in r.comments {
            records.insert((c.accession.clone(), c.ordinal), c);
        }
    }
    Ok(records)
}

/// One staff comment with all the stored record says of it: the statistics' row and what the
/// comments frame adds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CommentFacts {
    /// The row the statistics count (`corresp stats --comments-csv`, `--parquet`).
    pub row: corresp_stats::CommentRow,
    /// The company's CIK, when known.
    pub cik: Option<String>,
    /// The captions above the comment, outermost first.
    pub headings: Vec<String>,
    /// How many company answers the record pairs with it.
    pub answers: usize,
    /// The later comments that follow it up, as `ACCESSION:ORDINAL`.
    pub follow_ups: Vec<String>,
    /// For each of `follow_ups`: `explicit` (cited) or `implicit`.
    pub follow_up_how: Vec<String>,
    /// For a mixed answer in the last round: its components.
    pub outcome_answer_parts: Vec<String>,
    /// The matter never came back after the company's first answer
    /// ([`corresp_model::Outcome::first_round`]); `None` without a stored record.
    pub first_round: Option<bool>,
}

/// An answer's type, its parts and whether it commits to revise.
type AnswerFacts = (Option<AnswerType>, Vec<AnswerType>, bool);

/// One row per staff comment of a threaded letter, with its topics and ask, its answers (type,
/// parts, commitment), follow-ups and outcome from the stored record, in the store's document
/// order. Letters stored before classification was wired in are classified here.
pub fn comment_facts(store: &dyn Store) -> Result<Vec<CommentFacts>> {
    let records = comment_records(store)?;
    // Each answer's type, parts and commitment, by its response's accession and its ordinal.
    let mut answers: HashMap<(String, u32), AnswerFacts> = HashMap::new();
    let mut comments = Vec::new();
    store.for_each_document(&mut |doc| {
        for r in &doc.letter.responses {
            answers.insert(
                (doc.accession.clone(), r.ordinal),
                (r.answer, r.answer_parts.clone(), r.commits_to_revise),
            );
        }
        let Some(thread_id) = doc.thread_id.clone() else { return Ok(()) };
        for c in &doc.letter.comments {
            let (topics, ask) = match (&c.topics, c.ask) {
                (Some(t), Some(a)) => (t.clone(), a),
                _ => corresp_topics::classify_comment(&c.text, &c.headings),
            };
            let rec = records.get(&(doc.accession.clone(), c.ordinal));
            let row = corresp_stats::CommentRow {
                thread_id: thread_id.clone(),
                accession: doc.accession.clone(),
                date: doc.letter.date,
                ordinal: c.ordinal,
                number: c.number.clone(),
                primary: topics.primary,
                others: topics.others,
                ask: Some(corresp_topics::ask_name(ask).to_string()),
                company: doc.edgar.company.clone().or_else(|| doc.letter.company.clone()),
                caption: (!c.headings.is_empty()).then(|| c.headings.join(" > ")),
                text: c.text.clone(),
                round: rec.map(|r| r.round),
                follow_ups: rec
                    .map(|r| {
                        r.follow_ups
                            .iter()
                            .map(|f| {
                                format!(
                                    "{}:{}/{}",
                                    f.accession,
                                    f.number.as_deref().unwrap_or("null"),
                                    how_name(f.how)
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                last_round: rec.map(|r| r.outcome.last_round),
                closed_by: rec.map(|r| closed_name(r.outcome.closed_by).to_string()),
                outcome_answer: rec.and_then(|r| r.outcome.answer).map(answer_name),
                ..Default::default()
            };
            comments.push(CommentFacts {
                row,
                cik: doc.edgar.cik.clone(),
                headings: c.headings.clone(),
                answers: rec.map_or(0, |r| r.answers.len()),
                follow_ups: rec
                    .map(|r| r.follow_ups.iter().map(|f| format!("{}:{}", f.accession, f.ordinal)).collect())
                    .unwrap_or_default(),
                follow_up_how: rec
                    .map(|r| r.follow_ups.iter().map(|f| how_name(f.how).to_string()).collect())
                    .unwrap_or_default(),
                outcome_answer_parts: rec.map(|r| answer_names(&r.outcome.answer_parts)).unwrap_or_default(),
                first_round: rec.map(|r| r.outcome.first_round(r.round)),
            });
        }
        Ok(())
    })?;
    // The answers to each comment, once every response has been read.
    for facts in &mut comments {
        let row = &mut facts.row;
        let Some(rec) = records.get(&(row.accession.clone(), row.ordinal)) else { continue };
        let given: Vec<(Option<AnswerType>, Vec<AnswerType>)> = rec
            .answers
            .iter()
            .filter_map(|a| answers.get(&(a.accession.clone(), a.ordinal)))
            .map(|(t, p, _)| (*t, p.clone()))
            .collect();
        let (answer, parts) = corresp_thread::record::combine(&given);
        row.answer = answer.map(answer_name);
        row.answer_parts = parts.into_iter().map(answer_name).collect();
        row.commitment =
            rec.answers.iter().any(|a| answers.get(&(a.accession.clone(), a.ordinal)).is_some_and(|x| x.2));
    }
    Ok(comments)
}

/// The comments frame: one row per staff comment of a threaded letter (the rows
/// `corresp stats --comments-csv` writes, in the same order), with lists as lists.
///
/// Columns: `thread_id`, `accession`, `ordinal`, `number`, `date`, `company`, `cik`, `headings`
/// (list), `text`, `topic` (primary topic id), `other_topics` (list), `ask`, `round`, `answers`
/// (paired answers), `answer` (type over all of them; `mixed` when they differ), `answer_parts`
/// (list), `commitment`, `followed_up`, `follow_ups` (list of `ACCESSION:ORDINAL`),
/// `follow_up_how` (list, parallel), `last_round`, `closed_by` (`review_complete` or `open`),
/// `outcome_answer`, `outcome_answer_parts` (list), `first_round`.
pub fn comments(store: &dyn Store) -> Result<Frame> {
    Ok(comments_frame(&comment_facts(store)?))
}

fn comments_frame(rows: &[CommentFacts]) -> Frame {
    Columns::new(rows)
        .text("thread_id", |f| Some(f.row.thread_id.clone()))
        .text("accession", |f| Some(f.row.accession.clone()))
        .int("ordinal", |f| Some(f.row.ordinal.into()))
        .text("number", |f| f.row.number.clone())
        .date("date", |f| f.row.date)
        .text("company", |f| f.row.company.clone())
        .text("cik", |f| f.cik.clone())
        .list("headings", |f| f.headings.clone())
        .text("text", |f| Some(f.row.text.clone()))
        .text("topic", |f| f.row.primary.clone())
        .list("other_topics", |f| f.row.others.clone())
        .text("ask", |f| f.row.ask.clone())
        .int("round", |f| f.row.round.map(Into::into))
        .int("answers", |f| Some(f.answers as i64))
        .text("answer", |f| f.row.answer.clone())
        .list("answer_parts", |f| f.row.answer_parts.clone())
        .bool("commitment", |f| f.row.commitment)
        .bool("followed_up", |f| !f.follow_ups.is_empty())
        .list("follow_ups", |f| f.follow_ups.clone())
        .list("follow_up_how", |f| f.follow_up_how.clone())
        .int("last_round", |f| f.row.last_round.map(Into::into))
        .text("closed_by", |f| f.row.closed_by.clone())
        .text("outcome_answer", |f| f.row.outcome_answer.clone())
        .list("outcome_answer_parts", |f| f.outcome_answer_parts.clone())
        .opt_bool("first_round", |f| f.first_round)
        .done()
}

/// The threads frame: one row per stored thread, in the order `corresp threads --json` lists them.
///
/// Columns: `id`, `company`, `cik`, `forms` (list of the forms under review), `status` (`open`
/// or `complete`), `rounds` (staff comment letters), `letters`, `responses` (company responses),
/// `first_date` and `last_date` (of its letters), `days_to_complete` (first staff letter to the
/// review-complete letter), `year` (the review's year under the statistics' default definitions;
/// null for a thread without a staff comment letter, which the statistics do not count).
pub fn threads(store: &dyn Store) -> Result<Frame> {
    let threads = crate::threads::list(store)?;
    let years: HashMap<String, Option<i32>> =
        corresp_stats::thread_rows(&threads, &corresp_stats::Definitions::default())
            .into_iter()
            .map(|r| (r.id, r.year))
            .collect();
    let dates = |t: &corresp_model::Thread| t.letters.iter().filter_map(|l| l.date).collect::<Vec<_>>();
    Ok(Columns::new(&threads)
        .text("id", |t| Some(t.id.clone()))
        .text("company", |t| t.company.clone())
        .text("cik", |t| t.cik.clone())
        .list("forms", |t| t.filings.iter().map(|f| f.form.clone()).collect())
        .text("status", |t| {
            Some(match t.status {
                ThreadStatus::Open => "open".into(),
                ThreadStatus::Complete => "complete".into(),
            })
        })
        .int("rounds", |t| Some(t.rounds.into()))
        .int("letters", |t| Some(t.letters.len() as i64))
        .int(
            "responses",
            |t| Some(t.letters.iter().filter(|l| l.kind == LetterKind::Response).count() as i64),
        )
        .date("first_date", |t| dates(t).into_iter().min())
        .date("last_date", |t| dates(t).into_iter().max())
        .int("days_to_complete", |t| t.days_to_complete)
        .int("year", |t| years.get(&t.id).copied().flatten().map(Into::into))
        .done())
}

/// One stored letter, as the letters frame shows it.
struct LetterRow {
    doc: corresp_store::StoredDocument,
    round: Option<u32>,
    answers_letter: Option<String>,
}

/// The letters frame: one row per readable stored document, in the store's order (filing date,
/// then accession).
///
/// Columns: `accession`, `thread_id`, `kind` (`comments`, `review_complete`, `response`, `other`),
/// `date` (printed), `company`, `cik`, `edgar_form`, `filing_date`, `release_date`,
/// `responds_to`, `answers_letter` (for a response: the staff letter its answers were paired
/// with), `round` (for a staff comment letter: its round), `forms` (list, from the Re: block),
/// `comments`, `answers`, `acknowledgment`, `source_path`.
pub fn letters(store: &dyn Store) -> Result<Frame> {
    let mut round: HashMap<String, u32> = HashMap::new();
    let mut answered: HashMap<String, String> = HashMap::new();
    for r in store.reviews()? {
        for c in &r.comments {
            round.insert(c.accession.clone(), c.round);
        }
        answered.extend(r.answered_letters);
    }
    let mut rows = Vec::new();
    store.for_each_document(&mut |mut doc| {
        // The frame shows counts, not the text: drop it now, the store may be large.
        doc.text = Default::default();
        rows.push(LetterRow {
            round: round.get(&doc.accession).copied(),
            answers_letter: answered.get(&doc.accession).cloned(),
            doc,
        });
        Ok(())
    })?;
    Ok(Columns::new(&rows)
        .text("accession", |r| Some(r.doc.accession.clone()))
        .text("thread_id", |r| r.doc.thread_id.clone())
        .text("kind", |r| Some(r.doc.letter.kind.as_str().to_string()))
        .date("date", |r| r.doc.letter.date)
        .text("company", |r| r.doc.edgar.company.clone().or_else(|| r.doc.letter.company.clone()))
        .text("cik", |r| r.doc.edgar.cik.clone())
        .text("edgar_form", |r| r.doc.edgar.form.clone())
        .date("filing_date", |r| r.doc.edgar.filing_date)
        .date("release_date", |r| r.doc.edgar.release_date)
        .date("responds_to", |r| r.doc.letter.responds_to)
        .text("answers_letter", |r| r.answers_letter.clone())
        .int("round", |r| r.round.map(Into::into))
        .list("forms", |r| r.doc.letter.filings.iter().map(|f| f.form.clone()).collect())
        .int("comments", |r| Some(r.doc.letter.comments.len() as i64))
        .int("answers", |r| Some(r.doc.letter.responses.len() as i64))
        .bool("acknowledgment", |r| r.doc.letter.acknowledgment)
        .text("source_path", |r| r.doc.source_path.clone())
        .done())
}

/// One company answer, as the answers frame shows it.
struct AnswerRow {
    thread_id: Option<String>,
    accession: String,
    date: Option<NaiveDate>,
    company: Option<String>,
    cik: Option<String>,
    comment: Option<(String, u32, u32)>,
    response: corresp_model::Response,
    commitments: Vec<String>,
}

/// The answers frame: one row per company answer of a stored response, in the store's order,
/// with the staff comment its thread's record pairs it with (none when the record left it
/// unpaired; its `pairing_notes` say why).
///
/// Columns: `thread_id`, `accession` (the response), `ordinal`, `date`, `company`, `cik`,
/// `comment_number` (as the response prints it), `comment_accession` and `comment_ordinal` (the
/// paired staff comment), `round` (that comment's round), `answer`, `answer_parts` (list),
/// `commitment`, `commitments` (list of the sentences that promise), `revised_disclosure` (list of
/// the quoted blocks), `text`, `comment_text` (the comment as the response repeats it).
pub fn answers(store: &dyn Store) -> Result<Frame> {
    let mut paired: HashMap<(String, u32), (String, u32, u32)> = HashMap::new();
    for r in store.reviews()? {
        for c in r.comments {
            for a in c.answers {
                paired.insert((a.accession, a.ordinal), (c.accession.clone(), c.ordinal, c.round));
            }
        }
    }
    let mut rows = Vec::new();
    store.for_each_document(&mut |doc| {
        for r in &doc.letter.responses {
            let commitments = r
                .commitments
                .iter()
                .filter_map(|s| doc.text.text.get(s.start..s.end))
                .map(str::to_string)
                .collect();
            rows.push(AnswerRow {
                thread_id: doc.thread_id.clone(),
                accession: doc.accession.clone(),
                date: doc.letter.date.or(doc.edgar.filing_date),
                company: doc.edgar.company.clone().or_else(|| doc.letter.company.clone()),
                cik: doc.edgar.cik.clone(),
                comment: paired.get(&(doc.accession.clone(), r.ordinal)).cloned(),
                response: r.clone(),
                commitments,
            });
        }
        Ok(())
    })?;
    Ok(Columns::new(&rows)
        .text("thread_id", |r| r.thread_id.clone())
        .text("accession", |r| Some(r.accession.clone()))
        .int("ordinal", |r| Some(r.response.ordinal.into()))
        .date("date", |r| r.date)
        .text("company", |r| r.company.clone())
        .text("cik", |r| r.cik.clone())
        .text("comment_number", |r| r.response.comment_number.clone())
        .text("comment_accession", |r| r.comment.as_ref().map(|c| c.0.clone()))
        .int("comment_ordinal", |r| r.comment.as_ref().map(|c| c.1.into()))
        .int("round", |r| r.comment.as_ref().map(|c| c.2.into()))
        .text("answer", |r| r.response.answer.map(answer_name))
        .list("answer_parts", |r| answer_names(&r.response.answer_parts))
        .bool("commitment", |r| r.response.commits_to_revise)
        .list("commitments", |r| r.commitments.clone())
        .list("revised_disclosure", |r| r.response.revised_disclosure.clone())
        .text("text", |r| Some(r.response.text.clone()))
        .text("comment_text", |r| r.response.comment_text.clone())
        .done())
}

fn day(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// The search frame: one row per hit, best (or newest) first, as `corresp search --json` lists
/// them.
///
/// Columns: `kind` (`comment`, `response`, `letter`), `accession`, `ordinal`, `number`, `company`,
/// `cik`, `date`, `score`, `snippet` (plain text), `thread_id`, `letter_kind`, `forms` (list),
/// `headings` (list), `topics` (list), and for a staff comment its outcome from the stored record:
/// `last_round`, `closed_by`, `outcome_answer`, `outcome_answer_parts` (list).
pub fn search_hits(results: &SearchResults) -> Frame {
    Columns::new(&results.hits)
        .text("kind", |h: &Hit| Some(h.kind.as_str().to_string()))
        .text("accession", |h| Some(h.accession.clone()))
        .int("ordinal", |h| h.ordinal.map(Into::into))
        .text("number", |h| h.number.clone())
        .text("company", |h| Some(h.company.clone()))
        .text("cik", |h| h.cik.clone())
        .date("date", |h| day(&h.date))
        .float("score", |h| Some(h.score.into()))
        .text("snippet", |h| Some(h.snippet_text.clone()))
        .text("thread_id", |h| h.thread.clone())
        .text("letter_kind", |h| Some(h.letter_kind.clone()))
        .list("forms", |h| h.forms.clone())
        .list("headings", |h| h.headings.clone())
        .list("topics", |h| h.topics.clone())
        .int("last_round", |h| h.outcome.as_ref().map(|o| o.last_round.into()))
        .text("closed_by", |h| h.outcome.as_ref().map(|o| closed_name(o.closed_by).to_string()))
        .text("outcome_answer", |h| h.outcome.as_ref().and_then(|o| o.answer).map(answer_name))
        .list("outcome_answer_parts", |h| {
            h.outcome.as_ref().map(|o| answer_names(&o.answer_parts)).unwrap_or_default()
        })
        .done()
}

/// The similar frame: one row per precedent, most similar first, as `corresp similar --json`
/// lists them.
///
/// Columns: `accession`, `ordinal`, `number`, `company`, `cik`, `date`, `score`, `thread_id`,
/// `headings` (list), `topics` (list), `text`, `shared_terms` (list), `round`, `last_round`,
/// `closed_by`, `outcome_answer`, `outcome_answer_parts` (list), `first_round`, and the answers the
/// stored record pairs with it: `answers` (list of `ACCESSION:ORDINAL`) and `answer_texts` (list,
/// parallel), in time order.
pub fn similar_hits(hits: &[SimilarHit]) -> Frame {
    Columns::new(hits)
        .text("accession", |s: &SimilarHit| Some(s.comment.accession.clone()))
        .int("ordinal", |s| s.comment.ordinal.map(Into::into))
        .text("number", |s| s.comment.number.clone())
        .text("company", |s| Some(s.comment.company.clone()))
        .text("cik", |s| s.comment.cik.clone())
        .date("date", |s| day(&s.comment.date))
        .float("score", |s| Some(s.comment.score.into()))
        .text("thread_id", |s| s.comment.thread.clone())
        .list("headings", |s| s.comment.headings.clone())
        .list("topics", |s| s.comment.topics.clone())
        .text("text", |s| s.comment.text.clone())
        .list("shared_terms", |s| s.shared_terms.clone())
        .int("round", |s| s.round.map(Into::into))
        .int("last_round", |s| s.outcome.as_ref().map(|o| o.last_round.into()))
        .text("closed_by", |s| s.outcome.as_ref().map(|o| closed_name(o.closed_by).to_string()))
        .text("outcome_answer", |s| s.outcome.as_ref().and_then(|o| o.answer).map(answer_name))
        .list("outcome_answer_parts", |s| {
            s.outcome.as_ref().map(|o| answer_names(&o.answer_parts)).unwrap_or_default()
        })
        .opt_bool("first_round", |s| match (&s.outcome, s.round) {
            (Some(o), Some(r)) => Some(o.first_round(r)),
            _ => None,
        })
        .list("answers", |s| {
            s.answers.iter().map(|a| format!("{}:{}", a.accession, a.ordinal.unwrap_or(0))).collect()
        })
        .list("answer_texts", |s| s.answers.iter().map(|a| a.text.clone().unwrap_or_default()).collect())
        .done()
}

/// What `similar` looks for: `ACCESSION:ORDINAL` (no spaces, a whole number after the last
/// colon) names a stored staff comment; anything else is a text.
pub fn similar_target(s: &str) -> Similar<'_> {
    let s_trim = s.trim();
    if !s_trim.is_empty()
        && !s_trim.contains(char::is_whitespace)
        && let Some((accession, ordinal)) = s_trim.rsplit_once(':')
        && !accession.is_empty()
        && let Ok(ordinal) = ordinal.parse::<u32>()
    {
        return Similar::Comment { accession, ordinal };
    }
    Similar::Text(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comment_reference_or_a_text() {
        assert!(matches!(
            similar_target("0000000000-19-008459:2"),
            Similar::Comment { accession: "0000000000-19-008459", ordinal: 2 }
        ));
        assert!(matches!(similar_target("revenue recognition: 2"), Similar::Text(_)));
        assert!(matches!(similar_target("goodwill"), Similar::Text("goodwill")));
        assert!(matches!(similar_target("x:y"), Similar::Text(_)));
    }

    #[test]
    fn frames_of_an_empty_store_have_their_columns() {
        let store = corresp_store::SqliteStore::open_in_memory().unwrap();
        for (frame, first, n) in [
            (threads(&store).unwrap(), "id", 12),
            (letters(&store).unwrap(), "accession", 17),
            (comments(&store).unwrap(), "thread_id", 25),
            (answers(&store).unwrap(), "thread_id", 17),
        ] {
            assert_eq!(frame.rows(), 0);
            assert_eq!(frame.columns[0].name, first);
            assert_eq!(frame.columns.len(), n);
        }
    }
}
