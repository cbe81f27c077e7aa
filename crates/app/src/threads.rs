//! Review threads: rebuilt from the stored documents' facts, read back for `corresp threads`.

use corresp_model::{ReviewRecord, Thread};
use corresp_store::{DocumentSummary, Store};
use corresp_thread::LetterFacts;
use corresp_thread::record::RecordLetter;

use crate::Result;

fn facts(d: DocumentSummary) -> LetterFacts {
    LetterFacts {
        accession: d.accession,
        cik: d.cik,
        company: d.company,
        edgar_form: d.edgar_form,
        filing_date: d.filing_date,
        accepted: d.accepted,
        release_date: d.release_date,
        kind: d.kind,
        date: d.date,
        filings: d.filings,
        responds_to: d.responds_to,
    }
}

/// Regroups every stored document into threads and stores them (one transaction). Threads are
/// derived data: rebuilding from the same documents gives the same threads. Returns their number.
pub fn rebuild(store: &dyn Store) -> Result<usize> {
    Ok(rebuild_and_compare(store, None)?.0)
}

/// [`rebuild`], also returning the staff letters whose comments' records (round, outcome) changed:
/// a later round changes an earlier letter's outcomes, so the search index must take those letters
/// again even though they were not re-ingested.
///
/// With `changed` (the documents an ingest stored or replaced), a thread whose letters are the
/// same as before and none of them changed keeps its stored record, so an ingest that changed
/// little reads few documents; with `None` every record is computed again.
pub fn rebuild_and_compare(
    store: &dyn Store,
    changed: Option<&std::collections::HashSet<String>>,
) -> Result<(usize, Vec<String>)> {
    let old_reviews = store.reviews()?;
    let before: std::collections::HashMap<(String, u32), (u32, corresp_model::Outcome)> = old_reviews
        .iter()
        .flat_map(|r| &r.comments)
        .map(|c| ((c.accession.clone(), c.ordinal), (c.round, c.outcome.clone())))
        .collect();
    let old_letters: std::collections::HashMap<String, Vec<String>> = store
        .threads()?
        .into_iter()
        .map(|t| (t.id, t.letters.into_iter().map(|l| l.accession).collect()))
        .collect();
    let mut old_reviews: std::collections::HashMap<String, ReviewRecord> =
        old_reviews.into_iter().map(|r| (r.thread_id.clone(), r)).collect();
    let failed: std::collections::HashSet<String> =
        store.failures()?.into_iter().map(|f| f.accession).collect();
    let letters: Vec<LetterFacts> =
        store.summaries()?.into_iter().filter(|d| !failed.contains(&d.accession)).map(facts).collect();
    let threads = corresp_thread::group(letters);
    let mut reviews = Vec::with_capacity(threads.len());
    for t in &threads {
        let same = changed.is_some_and(|changed| {
            old_letters.get(&t.id).is_some_and(|old| {
                old.len() == t.letters.len()
                    && old.iter().zip(&t.letters).all(|(a, l)| *a == l.accession && !changed.contains(a))
            })
        });
        match old_reviews.remove(&t.id) {
            Some(r) if same && r.rules == corresp_thread::record::RULES => reviews.push(r),
            _ => reviews.push(review_of(store, t)?),
        }
    }
    store.replace_threads(&threads, &reviews)?;
    let mut changed: Vec<String> = reviews
        .iter()
        .flat_map(|r| &r.comments)
        .filter(|c| before.get(&(c.accession.clone(), c.ordinal)) != Some(&(c.round, c.outcome.clone())))
        .map(|c| c.accession.clone())
        .collect();
    changed.dedup();
    Ok((threads.len(), changed))
}

/// The comment–answer record of one thread, from its stored letters: the only place pairing runs
/// ([`corresp_thread::record`]); everything else reads what is stored.
fn review_of(store: &dyn Store, t: &Thread) -> Result<ReviewRecord> {
    let mut docs = Vec::with_capacity(t.letters.len());
    for l in &t.letters {
        if let Some(d) = store.document(&l.accession)? {
            docs.push((l, d));
        }
    }
    let letters: Vec<RecordLetter<'_>> = docs
        .iter()
        .map(|(l, d)| RecordLetter {
            accession: &l.accession,
            day: l.date.or(d.filing_date),
            letter: &d.letter,
        })
        .collect();
    Ok(corresp_thread::record::record(&t.id, &letters))
}

/// The stored comment–answer record of one thread.
pub fn review(store: &dyn Store, thread_id: &str) -> Result<Option<ReviewRecord>> {
    Ok(store.review(thread_id)?)
}

/// The stored threads, in time order.
pub fn list(store: &dyn Store) -> Result<Vec<Thread>> {
    Ok(store.threads()?)
}
