//! What `corresp serve` needs from the crates below app, re-exported so the HTTP crate depends on
//! app alone: it keeps one index open across requests instead of reopening it per search.

pub use corresp_check::check;
pub use corresp_index::{Error as IndexError, Index};
pub use corresp_store::{Error as StoreError, SqliteStore, Store, StoredDocument};

use corresp_model::AnswerType;

use crate::Result;

/// The review statistics under the default definitions (as `corresp stats --json` prints them)
/// and two bar charts, each `(title, svg)`.
pub fn stats(store: &dyn Store) -> Result<(serde_json::Value, Vec<(String, String)>)> {
    let defs = corresp_stats::Definitions::default();
    let threads = crate::threads::list(store)?;
    let comments = comment_rows(store)?;
    let stats = corresp_stats::compute(&threads, &comments, &defs);
    let rows = corresp_stats::thread_rows(&threads, &defs);
    let mut per: std::collections::BTreeMap<u32, f64> = Default::default();
    let mut days: std::collections::BTreeMap<i64, f64> = Default::default();
    for r in &rows {
        *per.entry(r.staff_letters).or_default() += 1.0;
        if let Some(d) = r.days {
            *days.entry(d / 30 * 30).or_default() += 1.0;
        }
    }
    let letters: Vec<(String, f64)> = per.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    let days: Vec<(String, f64)> = days.into_iter().map(|(k, v)| (format!("{k}-{}", k + 29), v)).collect();
    let years: Vec<(String, f64)> =
        stats.reviews_by_year.iter().map(|(y, n)| (y.clone(), *n as f64)).collect();
    let charts = [
        ("Reviews by year", years),
        ("Reviews by staff letters", letters),
        ("Reviews by days to complete", days),
    ]
    .into_iter()
    .filter(|(_, bars)| !bars.is_empty())
    .map(|(title, bars)| (title.to_string(), corresp_stats::svg_bar_chart(title, &bars)))
    .collect();
    let json = serde_json::to_value(&stats).map_err(|e| crate::Error::Internal(e.to_string()))?;
    Ok((json, charts))
}

/// One row per staff comment of a threaded letter, with its topics and ask, its answers (type,
/// parts, commitment), follow-ups and outcome from the stored record: what the statistics
/// count. Letters stored before classification was wired in are classified here.
pub fn comment_rows(store: &dyn Store) -> Result<Vec<corresp_stats::CommentRow>> {
    use std::collections::HashMap;
    // Each staff comment's record (answers, follow-ups, outcome), from its thread's stored record.
    let mut records: HashMap<(String, u32), corresp_model::CommentRecord> = HashMap::new();
    for r in store.reviews()? {
        for c in r.comments {
            records.insert((c.accession.clone(), c.ordinal), c);
        }
    }
    // Each answer's type, parts and whether it promises a revision, by (accession, ordinal).
    type AnswerFacts = (Option<AnswerType>, Vec<AnswerType>, bool);
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
            comments.push(corresp_stats::CommentRow {
                thread_id: thread_id.clone(),
                accession: doc.accession.clone(),
                date: doc.letter.date,
                ordinal: c.ordinal,
                number: c.number.clone(),
                primary: topics.primary,
                others: topics.others,
                ask: Some(corresp_topics::ask_name(ask).to_string()),
                company: doc.company.clone().or_else(|| doc.letter.company.clone()),
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
                                    how(f.how)
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                last_round: rec.map(|r| r.outcome.last_round),
                closed_by: rec.map(|r| closed(r.outcome.closed_by).to_string()),
                outcome_answer: rec.and_then(|r| r.outcome.answer).map(answer_name),
                ..Default::default()
            });
        }
        Ok(())
    })?;
    // The answers to each comment, once every response has been read.
    for row in &mut comments {
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

/// The contract's name of an answer type (`will_revise`, ...).
fn answer_name(t: AnswerType) -> String {
    serde_json::to_value(t).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn how(h: corresp_model::FollowUpHow) -> &'static str {
    match h {
        corresp_model::FollowUpHow::Explicit => "explicit",
        corresp_model::FollowUpHow::Implicit => "implicit",
    }
}

fn closed(c: corresp_model::ClosedBy) -> &'static str {
    match c {
        corresp_model::ClosedBy::ReviewComplete => "review_complete",
        corresp_model::ClosedBy::Open => "open",
    }
}
