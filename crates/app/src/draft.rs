//! Drafting a response: a staff comment letter (a file or a stored accession) to a
//! [`corresp_draft::Draft`] with, for each comment, the precedents the store holds.
//!
//! Precedents come from [`crate::search::precedents`] (the similar-comment search with the answers
//! and outcomes that each thread's stored comment–answer record gives), never from the staff
//! letter's own company. Among the comments about as similar as the best one, those the staff did
//! not come back to after the company's answer rank first: a writer wants the answers that worked.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use corresp_draft::{Cited, Precedent, PrecedentAnswer};
use corresp_index::{Index, Similar, SimilarHit, SimilarOptions};
use corresp_model::{ClosedBy, Letter, filing_index_url};
use corresp_store::{Store, StoredDocument};

use crate::{Error, Result};

pub use corresp_draft::{Draft, Section, docx, html, markdown, paragraphs};

/// The staff letter to answer.
#[derive(Debug, Clone)]
pub enum DraftSource {
    /// A letter file's bytes and its name (the name's extension gives the type).
    File {
        /// The bytes.
        bytes: Vec<u8>,
        /// The file name.
        name: String,
    },
    /// A stored letter, by accession.
    Accession(String),
}

/// How a draft is made.
#[derive(Debug, Clone)]
pub struct DraftOptions {
    /// Precedents per comment.
    pub precedents: usize,
    /// The response's date.
    pub today: NaiveDate,
}

impl Default for DraftOptions {
    fn default() -> Self {
        DraftOptions { precedents: 3, today: chrono::Local::now().date_naive() }
    }
}

/// Words of a precedent's comment and answer shown beside a draft.
const EXCERPT_WORDS: usize = 80;
/// Candidates fetched per comment before the same-company filter and the outcome ranking.
const CANDIDATES_PER_PRECEDENT: usize = 4;
/// A candidate scoring at least this share of the best one counts as "about as similar".
const SIMILAR_ENOUGH: f32 = 0.6;

/// A response skeleton for the staff letter `source`, with up to `opts.precedents` precedents per
/// comment from `store` and its search `index` (none without a store or an index: a file can still
/// be drafted on a machine with no store).
pub fn draft(
    store: Option<&dyn Store>,
    index: Option<&Index>,
    source: DraftSource,
    opts: &DraftOptions,
) -> Result<Draft> {
    let (letter, text, accession, cik) = match source {
        DraftSource::File { bytes, name } => {
            let read = crate::letter::read(&bytes, &name, None)?;
            let acc = read.submission.as_ref().and_then(|s| s.accession.clone());
            let cik = read.submission.as_ref().and_then(|s| s.edgar.cik.clone());
            (read.letter, read.text.text, acc, cik)
        }
        DraftSource::Accession(acc) => {
            let Some(store) = store else {
                return Err(Error::Input {
                    path: acc.into(),
                    message: "no store to read a stored letter from".into(),
                });
            };
            let doc = store
                .document(&acc)?
                .ok_or_else(|| Error::Missing(format!("{acc}: no such letter in the store")))?;
            if let Some(e) = &doc.error {
                return Err(Error::Input {
                    path: acc.into(),
                    message: format!("the stored letter could not be read ({e})"),
                });
            }
            (doc.letter, doc.text.text, Some(doc.accession), doc.edgar.cik)
        }
    };
    let mut d =
        corresp_draft::skeleton(&letter, &text, opts.today).map_err(|e| Error::WrongKind(e.to_string()))?;
    d.staff_letter.url = match (&cik, &accession) {
        (Some(c), Some(a)) => filing_index_url(c, a),
        _ => None,
    };
    d.staff_letter.accession = accession.clone();
    d.staff_letter.cik = cik.clone();
    if let (Some(store), Some(index)) = (store, index)
        && opts.precedents > 0
    {
        let mut finder = Finder { store, index, docs: HashMap::new(), days: None };
        let stored = accession.as_deref().filter(|a| index.comment(a, 1).ok().flatten().is_some());
        for (i, section) in d.sections.iter_mut().enumerate() {
            let text = section.comment.join("\n");
            let target = match (stored, letter.comments.get(i)) {
                (Some(acc), Some(c)) => Similar::Comment { accession: acc, ordinal: c.ordinal },
                _ => Similar::Text(&text),
            };
            section.precedents = finder.precedents(target, cik.as_deref(), &letter, opts.precedents)?;
        }
    }
    Ok(d)
}

/// Opens the store's search index for drafting: `None` when there is none yet.
pub fn open_index(store: &dyn Store, db: &Path) -> Result<Option<Index>> {
    if store.count_documents()? == 0 {
        return Ok(None);
    }
    Ok(Some(crate::search::open(store, &crate::search::index_dir(db))?))
}

/// Looks up precedents, keeping the letters and thread lengths it has read.
struct Finder<'a> {
    store: &'a dyn Store,
    index: &'a Index,
    docs: HashMap<String, Option<StoredDocument>>,
    days: Option<HashMap<String, i64>>,
}

impl Finder<'_> {
    fn precedents(
        &mut self,
        target: Similar<'_>,
        cik: Option<&str>,
        own: &Letter,
        n: usize,
    ) -> Result<Vec<Precedent>> {
        let opts = SimilarOptions {
            limit: n * CANDIDATES_PER_PRECEDENT,
            other_companies: true,
            answers: 1,
            exclude_cik: cik.map(str::to_string),
        };
        let own_company = own.company.as_deref().map(company_key);
        let hits: Vec<SimilarHit> = crate::search::precedents(self.store, self.index, target, &opts)?
            .into_iter()
            .filter(|h| own_company.as_deref() != Some(company_key(&h.comment.company).as_str()))
            .collect();
        let best = hits.iter().map(|h| h.comment.score).fold(0.0f32, f32::max);
        let mut ranked: Vec<Precedent> = Vec::with_capacity(hits.len());
        for h in hits {
            ranked.push(self.precedent(h)?);
        }
        // About-as-similar first, and among those the settled ones with an answer; then the rest.
        ranked.sort_by(|a, b| {
            let key = |p: &Precedent| {
                (
                    p.score >= best * SIMILAR_ENOUGH,
                    p.answer.is_some() && p.settled_first_time(),
                    p.answer.is_some(),
                )
            };
            key(b).cmp(&key(a)).then(b.score.total_cmp(&a.score))
        });
        ranked.truncate(n);
        Ok(ranked)
    }

    fn precedent(&mut self, h: SimilarHit) -> Result<Precedent> {
        let c = &h.comment;
        let cik = c.cik.clone();
        let url = |acc: &str| cik.as_deref().and_then(|k| filing_index_url(k, acc));
        let round = h.round.unwrap_or(1);
        let last_round = h.outcome.as_ref().map(|o| o.last_round).unwrap_or(round);
        let answer = match h.answers.first() {
            Some(a) => Some(self.answer(a, url(&a.accession))?),
            None => None,
        };
        let review_days = match (&c.thread, h.outcome.as_ref().map(|o| o.closed_by)) {
            (Some(t), Some(ClosedBy::ReviewComplete)) => self.review_days(t)?,
            _ => None,
        };
        let comment = Cited {
            accession: c.accession.clone(),
            date: c.date.clone(),
            number: c.number.clone(),
            ordinal: c.ordinal,
            url: url(&c.accession),
        };
        let citation = citation(&c.company, &comment, answer.as_ref().map(|a| &a.letter));
        Ok(Precedent {
            company: c.company.clone(),
            cik: cik.clone(),
            caption: c.headings.clone(),
            comment_excerpt: words(c.text.as_deref().unwrap_or(&c.snippet), EXCERPT_WORDS),
            answer,
            last_round,
            round,
            followed_up: last_round > round,
            closed_by: h.outcome.as_ref().map(|o| o.closed_by),
            review_days,
            score: c.score,
            citation,
            comment,
        })
    }

    /// The answer's letter, opening, type, parts and promise, from the stored response.
    fn answer(&mut self, a: &corresp_index::Hit, url: Option<String>) -> Result<PrecedentAnswer> {
        if !self.docs.contains_key(&a.accession) {
            let doc = self.store.document(&a.accession)?;
            self.docs.insert(a.accession.clone(), doc);
        }
        let response = self.docs.get(&a.accession).and_then(|d| d.as_ref()).and_then(|d| {
            a.ordinal.and_then(|o| d.letter.responses.iter().find(|r| r.ordinal == o)).map(|r| (d, r))
        });
        let commitment = response.and_then(|(d, r)| {
            r.commitments
                .first()
                .and_then(|s| d.text.text.get(s.start..s.end))
                .map(|t| words(t, EXCERPT_WORDS))
        });
        Ok(PrecedentAnswer {
            letter: Cited {
                accession: a.accession.clone(),
                date: a.date.clone(),
                number: a.number.clone(),
                ordinal: a.ordinal,
                url,
            },
            opening: words(
                response.map(|(_, r)| r.text.as_str()).or(a.text.as_deref()).unwrap_or(&a.snippet),
                EXCERPT_WORDS,
            ),
            answer_type: response.and_then(|(_, r)| r.answer),
            parts: response.map(|(_, r)| r.answer_parts.clone()).unwrap_or_default(),
            commitment,
        })
    }

    fn review_days(&mut self, thread: &str) -> Result<Option<i64>> {
        if self.days.is_none() {
            let all = self.store.threads()?;
            self.days = Some(all.into_iter().filter_map(|t| t.days_to_complete.map(|d| (t.id, d))).collect());
        }
        Ok(self.days.as_ref().and_then(|m| m.get(thread).copied()))
    }
}

/// The precedent's citation, in the one wording of [`crate::citation`].
fn citation(company: &str, comment: &Cited, answer: Option<&Cited>) -> String {
    crate::citation::Citation {
        company,
        comment: comment.number.as_deref(),
        staff_date: comment.date.as_deref(),
        staff_accession: Some(&comment.accession),
        response_date: answer.and_then(|a| a.date.as_deref()),
        response_accession: answer.map(|a| a.accession.as_str()),
        file_number: None,
    }
    .text()
}

/// The first `n` words of `text`, with "…" when cut.
fn words(text: &str, n: usize) -> String {
    let mut it = text.split_whitespace();
    let head: Vec<&str> = it.by_ref().take(n).collect();
    let mut s = head.join(" ");
    if it.next().is_some() {
        s.push_str(" …");
    }
    s
}

/// A company name compared loosely ("Acme Corp." and "ACME CORP" are one company).
fn company_key(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_cut_at_words() {
        assert_eq!(words("one  two\nthree four", 3), "one two three …");
        assert_eq!(words("one two", 3), "one two");
    }

    #[test]
    fn citations_name_both_letters() {
        let c = Cited {
            accession: "0000000000-24-000001".into(),
            date: Some("2024-02-15".into()),
            number: Some("2".into()),
            ..Cited::default()
        };
        let a = Cited {
            accession: "0001234567-24-000010".into(),
            date: Some("2024-03-01".into()),
            ..Cited::default()
        };
        assert_eq!(
            citation("Acme Corp.", &c, Some(&a)),
            "Acme Corp., response dated 2024-03-01 to SEC staff comment 2 (letter of 2024-02-15, EDGAR accession 0000000000-24-000001), EDGAR accession 0001234567-24-000010"
        );
        assert_eq!(company_key("ACME Corp"), company_key("Acme Corp."));
    }
}
