//! Review threads: rebuilt from the stored documents' facts, read back for `corresp threads`.

use corresp_model::Thread;
use corresp_store::{DocumentSummary, Store};
use corresp_thread::LetterFacts;

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
    let failed: std::collections::HashSet<String> =
        store.failures()?.into_iter().map(|f| f.accession).collect();
    let letters: Vec<LetterFacts> =
        store.summaries()?.into_iter().filter(|d| !failed.contains(&d.accession)).map(facts).collect();
    let threads = corresp_thread::group(letters);
    store.replace_threads(&threads)?;
    Ok(threads.len())
}

/// The stored threads, in time order.
pub fn list(store: &dyn Store) -> Result<Vec<Thread>> {
    Ok(store.threads()?)
}
