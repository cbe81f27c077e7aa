//! Review threads: rebuilt from the stored documents' facts, read back for `corresp threads`.

use std::collections::{HashMap, HashSet};

use corresp_model::{ReviewRecord, Thread};
use corresp_store::{LetterFacts, Store, company_key};
use corresp_thread::record::RecordLetter;

use crate::Result;

/// Regroups every stored document into threads and stores them: company by company, one
/// transaction each, on SQLite (see `rebuild_streamed`); in one transaction on PostgreSQL. Threads
/// are derived data: rebuilding from the same documents gives the same threads. Returns their
/// number.
pub fn rebuild(store: &dyn Store) -> Result<usize> {
    Ok(rebuild_and_compare(store, None)?.0)
}

/// [`rebuild`], also returning the staff letters whose comments' records (round, outcome) changed:
/// a later round changes an earlier letter's outcomes, so the search index must take those letters
/// again even though they were not re-ingested (letters in `changed` are left out: the caller
/// indexes them anyway).
///
/// With `changed` (the documents an ingest stored or replaced), a thread whose letters are the
/// same as before and none of them changed keeps its stored record, so an ingest that changed
/// little reads few documents; with `None` every record is computed again.
pub fn rebuild_and_compare(
    store: &dyn Store,
    changed: Option<&HashSet<String>>,
) -> Result<(usize, Vec<String>)> {
    let built = rebuild_scope(store, None, changed)?;
    Ok((built.threads, built.outcomes_changed))
}

/// What [`rebuild_companies`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompaniesRebuilt {
    /// Companies whose threads this call replaced.
    pub rebuilt: Vec<String>,
    /// Companies already current (another process rebuilt them after their last change) or
    /// rebuilt meanwhile from a later state: left as they were.
    pub current: Vec<String>,
    /// Staff letters whose comments' records changed (see [`rebuild_and_compare`]).
    pub outcomes_changed: Vec<String>,
}

/// Rebuilds the threads of `companies` only ([`corresp_store::company_key`]: CIKs, `""` for
/// documents without one): what an ingest worker does once a company's files are done, so workers
/// on many machines rebuild different companies at once instead of the whole store one at a time.
///
/// On a store with a work queue (PostgreSQL) each company is rebuilt under its own lock
/// (`corresp-threads:<cik>`), and only when it is stale: documents or release dates of it were
/// written after its threads were built. A second worker asking for the same company waits, then
/// finds it current. Each company is read (its summaries only) and replaced (its threads, records
/// and documents' membership) in its own transaction, marked with the change counter read before
/// reading, so a document stored meanwhile leaves it stale for the worker that stored it.
///
/// Documents without a CIK may join a company's threads by its name (`corresp_thread::group`):
/// while the store holds any, a rebuild takes every company, so the result stays the one a whole
/// rebuild gives.
pub fn rebuild_companies(store: &dyn Store, companies: &[String]) -> Result<CompaniesRebuilt> {
    let mut done = CompaniesRebuilt::default();
    let mut companies = companies.to_vec();
    companies.sort();
    companies.dedup();
    let Some(queue) = store.work_queue() else {
        // One writer at a time (SQLite): no lock, no marks; rebuilt as asked.
        let built = rebuild_scope(store, Some(&companies), None)?;
        done.rebuilt = built.rebuilt;
        done.outcomes_changed = built.outcomes_changed;
        return Ok(done);
    };
    for company in companies {
        let mut result: Result<()> = Ok(());
        queue.exclusively(&format!("corresp-threads:{company}"), &mut || {
            result = (|| {
                let one = std::slice::from_ref(&company);
                if queue.stale_companies(Some(one))?.is_empty() {
                    done.current.push(company.clone());
                    return Ok(());
                }
                let started = std::time::Instant::now();
                let built = rebuild_scope(store, Some(one), None)?;
                tracing::debug!(
                    company = %company,
                    threads = built.threads,
                    ms = started.elapsed().as_millis() as u64,
                    "threads rebuilt"
                );
                if built.rebuilt.contains(&company) {
                    done.rebuilt.push(company.clone());
                } else {
                    done.current.push(company.clone());
                }
                done.outcomes_changed.extend(built.outcomes_changed);
                Ok(())
            })();
        })?;
        result?;
    }
    Ok(done)
}

/// What one rebuild replaced.
struct Built {
    /// Threads in the store afterwards (whole rebuilds), else of the companies rebuilt.
    threads: usize,
    /// Companies replaced.
    rebuilt: Vec<String>,
    /// Staff letters whose comments' records changed.
    outcomes_changed: Vec<String>,
}

/// The one rebuild: of every company (`None`) or of some. Reads the change counter first, then
/// the companies' documents, groups them, computes the records of the threads that changed, and
/// replaces those companies' threads marked with that counter (a store skips a company a later
/// rebuild already replaced).
fn rebuild_scope(
    store: &dyn Store,
    companies: Option<&[String]>,
    changed: Option<&HashSet<String>>,
) -> Result<Built> {
    if companies.is_none() && store.work_queue().is_none() {
        return rebuild_streamed(store, changed);
    }
    let built_for = store.generation()?;
    let failed: HashSet<String> = store.failures()?.into_iter().map(|f| f.accession).collect();
    let mut scope: Option<Vec<String>> = companies.map(<[String]>::to_vec);
    let mut changed_owned: Option<HashSet<String>> = None;
    let summaries = match &scope {
        Some(only) => {
            // Documents without a CIK come too: while there are any, the companies are not
            // independent and the rebuild takes them all.
            let mut with_loose = only.clone();
            with_loose.push(String::new());
            let s = store.company_summaries(&with_loose)?;
            if s.iter().any(|d| d.edgar.cik.is_none()) {
                if store.work_queue().is_none() {
                    return rebuild_streamed(store, changed);
                }
                scope = None;
                let all = store.summaries()?;
                // Records of threads whose letters are all of current companies stay as stored:
                // otherwise every company finished would recompute every record of the store.
                // Read after the counter, so a letter written since counts as changed, or leaves
                // its company stale for the next rebuild.
                if changed.is_none()
                    && let Some(queue) = store.work_queue()
                {
                    let stale: HashSet<String> = queue.stale_companies(None)?.into_iter().collect();
                    changed_owned = Some(
                        all.iter()
                            .filter(|d| stale.contains(company_key(d.edgar.cik.as_deref())))
                            .map(|d| d.accession.clone())
                            .collect(),
                    );
                }
                all
            } else {
                s
            }
        }
        None => store.summaries()?,
    };
    let changed = changed.or(changed_owned.as_ref());
    let (old_threads, old_reviews) = match &scope {
        Some(only) => {
            let threads = store.company_threads(only)?;
            let ids: HashSet<&str> = threads.iter().map(|t| t.id.as_str()).collect();
            let mut reviews = Vec::new();
            for id in ids {
                reviews.extend(store.review(id)?);
            }
            (threads, reviews)
        }
        None => (store.threads()?, store.reviews()?),
    };
    let companies: Vec<String> = match scope {
        Some(only) => only,
        None => {
            // Every company the store knows: those with documents and those with threads (whose
            // documents may all have moved away).
            let mut all: Vec<String> = summaries
                .iter()
                .map(|d| company_key(d.edgar.cik.as_deref()).to_string())
                .chain(old_threads.iter().map(|t| company_key(t.cik.as_deref()).to_string()))
                .collect();
            all.sort();
            all.dedup();
            all
        }
    };
    let letters: Vec<LetterFacts> =
        summaries.into_iter().filter(|d| !failed.contains(&d.accession)).collect();
    let threads = corresp_thread::group(letters);
    let (reviews, outcomes_changed) = records(store, &threads, old_threads, old_reviews, changed)?;
    let rebuilt = store.replace_company_threads(&companies, built_for, &threads, &reviews)?;
    Ok(Built { threads: threads.len(), rebuilt, outcomes_changed })
}

/// The comment–answer records of `threads` (grouped again from their company's documents), and
/// the staff letters whose comments' records changed against the `old` threads and records of the
/// same companies (those in `changed` left out: the caller has them). A thread whose letters are
/// those of an old one, none of them in `changed`, keeps its old record.
fn records(
    store: &dyn Store,
    threads: &[Thread],
    old_threads: Vec<Thread>,
    old_reviews: Vec<ReviewRecord>,
    changed: Option<&HashSet<String>>,
) -> Result<(Vec<ReviewRecord>, Vec<String>)> {
    let before: HashMap<(String, u32), (u32, corresp_model::Outcome)> = old_reviews
        .iter()
        .flat_map(|r| &r.comments)
        .map(|c| ((c.accession.clone(), c.ordinal), (c.round, c.outcome.clone())))
        .collect();
    let old_letters: HashMap<String, Vec<String>> = old_threads
        .into_iter()
        .map(|t| (t.id, t.letters.into_iter().map(|l| l.accession).collect()))
        .collect();
    let mut old_reviews: HashMap<String, ReviewRecord> =
        old_reviews.into_iter().map(|r| (r.thread_id.clone(), r)).collect();
    let mut reviews = Vec::with_capacity(threads.len());
    for t in threads {
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
    let mut outcomes_changed: Vec<String> = reviews
        .iter()
        .flat_map(|r| &r.comments)
        .filter(|c| before.get(&(c.accession.clone(), c.ordinal)) != Some(&(c.round, c.outcome.clone())))
        .filter(|c| changed.is_none_or(|changed| !changed.contains(&c.accession)))
        .map(|c| c.accession.clone())
        .collect();
    outcomes_changed.dedup();
    Ok((reviews, outcomes_changed))
}

/// The whole rebuild on a store whose writers take it in turn (SQLite), one company at a time, so
/// that its memory is that of the largest company, not of the store: the companies are read from
/// the store's index, then for each its documents' facts, its old threads and their records are
/// read, grouped, its records computed, and its threads replaced in their own transaction (only
/// the documents whose thread changed are written). The threads and their order are those a
/// rebuild of the whole store at once gives: reviews never span two companies, threads are listed
/// by (first day, id), and a document without a CIK is sent to the company [`corresp_thread::group`]
/// would join it to (the first letter, in the store's order, with a CIK and the same name), the
/// others being rebuilt together as the company `""`, last (with the threads made of joined loose
/// letters alone, which have no CIK either). Once every company is replaced, the threads
/// are marked current ([`Store::mark_threads_built`]) unless a document was written meanwhile; a
/// rebuild stopped halfway leaves them not current, and the next ingest rebuilds.
fn rebuild_streamed(store: &dyn Store, changed: Option<&HashSet<String>>) -> Result<Built> {
    let started = std::time::Instant::now();
    let built_for = store.generation()?;
    let failed: HashSet<String> = store.failures()?.into_iter().map(|f| f.accession).collect();
    let readable = |facts: Vec<LetterFacts>| -> Vec<LetterFacts> {
        facts.into_iter().filter(|d| !failed.contains(&d.accession)).collect()
    };
    let companies = store.companies()?;
    let loose = match companies.first() {
        Some(c) if c.is_empty() => readable(store.company_summaries(std::slice::from_ref(c))?),
        _ => Vec::new(),
    };
    // Loose documents by the company they join, and those joining none.
    let mut joining: HashMap<String, Vec<LetterFacts>> = HashMap::new();
    let mut unjoined: Vec<LetterFacts> = Vec::new();
    if !loose.is_empty() {
        let names: HashSet<String> =
            loose.iter().filter_map(|l| l.edgar.company.as_deref()).map(corresp_thread::name_key).collect();
        // Per name: the first letter with a CIK under it, by (filing day, accession).
        let mut first: HashMap<String, ((String, String), String)> = HashMap::new();
        for c in companies.iter().filter(|c| !c.is_empty()) {
            for l in readable(store.company_summaries(std::slice::from_ref(c))?) {
                let (Some(cik), Some(name)) = (&l.edgar.cik, &l.edgar.company) else { continue };
                let key = corresp_thread::name_key(name);
                if !names.contains(&key) {
                    continue;
                }
                let order =
                    (l.edgar.filing_date.map(|d| d.to_string()).unwrap_or_default(), l.accession.clone());
                if first.get(&key).is_none_or(|(o, _)| order < *o) {
                    first.insert(key, (order, cik.clone()));
                }
            }
        }
        for l in loose {
            match l.edgar.company.as_deref().and_then(|n| first.get(&corresp_thread::name_key(n))) {
                Some((_, cik)) => joining.entry(cik.clone()).or_default().push(l),
                None => unjoined.push(l),
            }
        }
    }
    // Threads of loose letters alone have no CIK, so they are stored under `""` whichever company
    // their letters joined: they wait for the `""` pass, which comes last.
    let mut companies = companies;
    if companies.first().is_some_and(String::is_empty) {
        companies.rotate_left(1);
    }
    let mut without_cik: Vec<Thread> = Vec::new();
    let mut built = Built { threads: 0, rebuilt: Vec::new(), outcomes_changed: Vec::new() };
    for company in &companies {
        let one = std::slice::from_ref(company);
        let threads = if company.is_empty() {
            let mut threads = corresp_thread::group(std::mem::take(&mut unjoined));
            threads.append(&mut without_cik);
            threads.sort_by(corresp_store::thread_order);
            threads
        } else {
            let mut letters = readable(store.company_summaries(one)?);
            letters.extend(joining.remove(company).unwrap_or_default());
            let (threads, loose): (Vec<Thread>, Vec<Thread>) =
                corresp_thread::group(letters).into_iter().partition(|t| t.cik.is_some());
            without_cik.extend(loose);
            threads
        };
        let old_threads = store.company_threads(one)?;
        let mut old_reviews = Vec::new();
        for t in &old_threads {
            old_reviews.extend(store.review(&t.id)?);
        }
        let (reviews, outcomes_changed) = records(store, &threads, old_threads, old_reviews, changed)?;
        built.rebuilt.extend(store.replace_company_threads(one, built_for, &threads, &reviews)?);
        built.threads += threads.len();
        built.outcomes_changed.extend(outcomes_changed);
    }
    let current = store.mark_threads_built(built_for)?;
    tracing::info!(
        companies = companies.len(),
        threads = built.threads,
        current,
        ms = started.elapsed().as_millis() as u64,
        "threads rebuilt company by company"
    );
    Ok(built)
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
            day: l.date.or(d.edgar.filing_date),
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
