//! The thread rebuild on SQLite goes one company at a time (issue 19): the threads, their order,
//! their records and every document's membership are those of grouping the whole store at once,
//! on a generated set of many companies with loose documents (no CIK) that join a company by name
//! or none, failed documents, and documents that change company between two rebuilds. A rebuild
//! stopped between two companies leaves the threads not current, and the next one finishes.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use corresp_app::threads::rebuild;
use corresp_model::{Comment, EdgarFacts, Filing, Letter, LetterKind, ReviewRecord, Text, Thread};
use corresp_store::{LetterFacts, SqliteStore, Store, StoredDocument};

/// A small deterministic generator (xorshift), so the set is the same on every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn company_name(c: u64) -> String {
    format!("Company {c} Holdings, Inc.")
}

/// Review cycles of `companies` companies: staff comments, responses naming the letter they
/// answer, later rounds, review-complete letters; some filed the same day, some with no filing date.
fn generate(companies: u64, seed: u64) -> Vec<StoredDocument> {
    let mut rng = Rng(seed);
    let start = NaiveDate::from_ymd_opt(2015, 1, 5).unwrap();
    let mut docs = Vec::new();
    let mut n = 0u64;
    for c in 0..companies {
        let cik = format!("{:010}", 1000 + c);
        let mut day = start + Days::new(rng.next(400));
        for _review in 0..1 + rng.next(4) {
            let form = ["10-K", "10-Q", "S-1", "8-K"][rng.next(4) as usize];
            let filing = Filing {
                form: form.into(),
                period: NaiveDate::from_ymd_opt(2014 + rng.next(6) as i32, 12, 31),
                ..Default::default()
            };
            let rounds = 1 + rng.next(3);
            for round in 0..rounds {
                n += 1;
                docs.push(letter(&format!("0000000000-{:02}-{n:06}", 15 + round), &cik, c, "UPLOAD", day, {
                    let mut l = Letter { kind: LetterKind::Comments, date: Some(day), ..Default::default() };
                    l.filings = vec![filing.clone()];
                    l.comments = (1..=1 + rng.next(3) as u32)
                        .map(|i| Comment {
                            ordinal: i,
                            number: Some(i.to_string()),
                            text: format!("Comment {i}"),
                            ..Default::default()
                        })
                        .collect();
                    l
                }));
                let last_staff = day;
                day = day + Days::new(10 + rng.next(20));
                n += 1;
                docs.push(letter(
                    &format!("{:010}-{:02}-{n:06}", 1000 + c, 15 + round),
                    &cik,
                    c,
                    "CORRESP",
                    day,
                    {
                        Letter {
                            kind: LetterKind::Response,
                            date: Some(day),
                            responds_to: Some(last_staff),
                            filings: vec![filing.clone()],
                            ..Default::default()
                        }
                    },
                ));
                day = day + Days::new(rng.next(25));
            }
            if rng.next(3) > 0 {
                n += 1;
                docs.push(letter(&format!("0000000000-19-{n:06}"), &cik, c, "UPLOAD", day, {
                    Letter {
                        kind: LetterKind::ReviewComplete,
                        date: Some(day),
                        filings: vec![filing.clone()],
                        ..Default::default()
                    }
                }));
            }
            day = day + Days::new(60 + rng.next(300));
        }
    }
    // A letter with no filing date (sorts first), and loose files: two named like companies (they
    // join them), one of a company the store does not know, one with no name; and a failed one.
    let d = NaiveDate::from_ymd_opt(2016, 3, 1).unwrap();
    let mut undated = letter(
        "0000000000-16-900001",
        "0000001001",
        1,
        "UPLOAD",
        d,
        Letter { kind: LetterKind::Comments, date: Some(d), ..Default::default() },
    );
    undated.edgar.filing_date = None;
    docs.push(undated);
    for (i, name) in [
        Some(company_name(2)),
        Some("COMPANY 5 HOLDINGS INC".to_string()),
        Some("Nobody Known LLC".into()),
        None,
    ]
    .into_iter()
    .enumerate()
    {
        let mut l = letter(
            &format!("sha256:{i:024}"),
            "",
            0,
            "",
            d + Days::new(i as u64),
            Letter {
                kind: if i % 2 == 0 { LetterKind::Response } else { LetterKind::Comments },
                date: Some(d + Days::new(i as u64)),
                ..Default::default()
            },
        );
        l.edgar.cik = None;
        l.edgar.company = name;
        l.edgar.form = None;
        docs.push(l);
    }
    let mut failed = letter("0000000000-17-900002", "0000001003", 3, "UPLOAD", d, Letter::default());
    failed.error = Some("extract: test".into());
    docs.push(failed);
    docs
}

fn letter(acc: &str, cik: &str, c: u64, form: &str, day: NaiveDate, letter: Letter) -> StoredDocument {
    StoredDocument {
        accession: acc.into(),
        edgar: EdgarFacts {
            cik: Some(cik.into()),
            company: Some(company_name(c)),
            form: Some(form.into()),
            filing_date: Some(day),
            ..Default::default()
        },
        source_hash: "0".repeat(64),
        fingerprint: format!("fp-{acc}"),
        text: Text::plain(format!("Letter {acc}")),
        letter,
        ..Default::default()
    }
}

/// The threads of grouping every readable document at once: what a whole rebuild gives.
fn whole(store: &dyn Store) -> Vec<Thread> {
    let failed: Vec<String> = store.failures().unwrap().into_iter().map(|f| f.accession).collect();
    let letters: Vec<LetterFacts> =
        store.summaries().unwrap().into_iter().filter(|d| !failed.contains(&d.accession)).collect();
    corresp_thread::group(letters)
}

/// The store's threads are those of the whole grouping, in its order, and each document's thread
/// is the one holding it (none for the others).
fn assert_whole(store: &dyn Store, what: &str) {
    let want = whole(store);
    assert!(want.len() > 10, "{what}: a real set");
    let ids = |ts: &[Thread]| -> Vec<String> {
        ts.iter()
            .map(|t| format!("{} {:?}", t.id, t.letters.iter().map(|l| &l.accession).collect::<Vec<_>>()))
            .collect()
    };
    let (got, wanted) = (ids(&store.threads().unwrap()), ids(&want));
    let differ: Vec<(Option<&String>, Option<&String>)> = (0..got.len().max(wanted.len()))
        .map(|i| (got.get(i), wanted.get(i)))
        .filter(|(a, b)| a != b)
        .take(4)
        .collect();
    assert!(differ.is_empty(), "{what}: threads and their letters differ (store, whole): {differ:#?}");
    assert_eq!(store.threads().unwrap(), want, "{what}: threads");
    let member: HashMap<&str, &str> =
        want.iter().flat_map(|t| t.letters.iter().map(|l| (l.accession.as_str(), t.id.as_str()))).collect();
    let mut all = Vec::new();
    store
        .for_each_document(&mut |d| {
            all.push((d.accession, d.thread_id));
            Ok(())
        })
        .unwrap();
    for f in store.failures().unwrap() {
        all.push((f.accession.clone(), store.document(&f.accession).unwrap().unwrap().thread_id));
    }
    for (acc, thread) in all {
        assert_eq!(thread.as_deref(), member.get(acc.as_str()).copied(), "{what}: membership of {acc}");
    }
    let reviews: Vec<String> = store.reviews().unwrap().into_iter().map(|r| r.thread_id).collect();
    assert_eq!(reviews, want.iter().map(|t| t.id.clone()).collect::<Vec<_>>(), "{what}: a record per thread");
}

fn put_all(store: &dyn Store, docs: &[StoredDocument]) {
    for d in docs {
        store.put_document(d).unwrap();
    }
}

#[test]
fn a_rebuild_one_company_at_a_time_gives_the_threads_of_the_whole_store() {
    let store = SqliteStore::open_in_memory().unwrap();
    let mut docs = generate(40, 7);
    put_all(&store, &docs);
    let n = rebuild(&store).unwrap();
    assert_whole(&store, "first rebuild");
    assert_eq!(n as u64, store.count_threads().unwrap());
    assert!(store.threads_current().unwrap(), "built from the last write");
    // The two loose letters named like companies 2 and 5 are in those companies' threads.
    let of = |acc: &str| store.document(acc).unwrap().unwrap().thread_id.unwrap();
    assert!(of("sha256:000000000000000000000000").starts_with("0000001002_"));
    assert!(of("sha256:000000000000000000000001").starts_with("0000001005_"));

    // Changes: a letter moves to another company, one is replaced with a later date, a new round,
    // a loose letter now fails. Records and membership follow, and a store built afresh from the
    // same documents has the same threads and records.
    let moved = docs.iter().position(|d| d.edgar.cik.as_deref() == Some("0000001004")).unwrap();
    docs[moved].edgar.cik = Some("0000001006".into());
    docs[moved].edgar.company = Some(company_name(6));
    docs[moved].fingerprint.push_str("-moved");
    let later = docs.iter().rposition(|d| d.edgar.cik.as_deref() == Some("0000001008")).unwrap();
    docs[later].edgar.filing_date = docs[later].edgar.filing_date.map(|d| d + Days::new(700));
    docs[later].fingerprint.push_str("-later");
    let loose = docs.iter().position(|d| d.accession == "sha256:000000000000000000000001").unwrap();
    docs[loose].error = Some("extract: now unreadable".into());
    let mut extra = letter(
        "0000000000-20-990001",
        "0000001009",
        9,
        "UPLOAD",
        NaiveDate::from_ymd_opt(2020, 6, 1).unwrap(),
        Letter { kind: LetterKind::Comments, ..Default::default() },
    );
    extra.letter.date = extra.edgar.filing_date;
    docs.push(extra);
    put_all(&store, &docs);
    assert!(!store.threads_current().unwrap());
    rebuild(&store).unwrap();
    assert_whole(&store, "after changes");
    assert!(store.threads_current().unwrap());
    let fresh = SqliteStore::open_in_memory().unwrap();
    put_all(&fresh, &docs);
    rebuild(&fresh).unwrap();
    assert_eq!(fresh.threads().unwrap(), store.threads().unwrap());
    assert_eq!(fresh.reviews().unwrap(), store.reviews().unwrap());

    // Nothing changed: the same threads, and no document is written (membership unchanged).
    let before = store.threads().unwrap();
    rebuild(&store).unwrap();
    assert_eq!(store.threads().unwrap(), before);
}

/// A store that fails the `fail_at`-th company replace, as a process killed mid-rebuild would stop.
struct Stopping {
    inner: SqliteStore,
    calls: std::sync::atomic::AtomicUsize,
    fail_at: usize,
}

impl Store for Stopping {
    fn for_each_document(
        &self,
        f: &mut dyn FnMut(StoredDocument) -> corresp_store::Result<()>,
    ) -> corresp_store::Result<()> {
        self.inner.for_each_document(f)
    }
    fn document(&self, accession: &str) -> corresp_store::Result<Option<StoredDocument>> {
        self.inner.document(accession)
    }
    fn set_release_date(&self, accession: &str, date: NaiveDate) -> corresp_store::Result<()> {
        self.inner.set_release_date(accession, date)
    }
    fn put_document(&self, doc: &StoredDocument) -> corresp_store::Result<corresp_store::Put> {
        self.inner.put_document(doc)
    }
    fn fingerprints(&self) -> corresp_store::Result<Vec<(String, String)>> {
        self.inner.fingerprints()
    }
    fn summaries(&self) -> corresp_store::Result<Vec<LetterFacts>> {
        self.inner.summaries()
    }
    fn failures(&self) -> corresp_store::Result<Vec<corresp_store::Failure>> {
        self.inner.failures()
    }
    fn replace_threads(&self, threads: &[Thread], reviews: &[ReviewRecord]) -> corresp_store::Result<()> {
        self.inner.replace_threads(threads, reviews)
    }
    fn company_summaries(&self, companies: &[String]) -> corresp_store::Result<Vec<LetterFacts>> {
        self.inner.company_summaries(companies)
    }
    fn company_threads(&self, companies: &[String]) -> corresp_store::Result<Vec<Thread>> {
        self.inner.company_threads(companies)
    }
    fn companies(&self) -> corresp_store::Result<Vec<String>> {
        self.inner.companies()
    }
    fn replace_company_threads(
        &self,
        companies: &[String],
        built_for: u64,
        threads: &[Thread],
        reviews: &[ReviewRecord],
    ) -> corresp_store::Result<Vec<String>> {
        if self.calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1 == self.fail_at {
            return Err(corresp_store::Error::Corrupt { what: "stopped (test)".into() });
        }
        self.inner.replace_company_threads(companies, built_for, threads, reviews)
    }
    fn mark_threads_built(&self, built_for: u64) -> corresp_store::Result<bool> {
        self.inner.mark_threads_built(built_for)
    }
    fn review(&self, thread_id: &str) -> corresp_store::Result<Option<ReviewRecord>> {
        self.inner.review(thread_id)
    }
    fn reviews(&self) -> corresp_store::Result<Vec<ReviewRecord>> {
        self.inner.reviews()
    }
    fn threads(&self) -> corresp_store::Result<Vec<Thread>> {
        self.inner.threads()
    }
    fn count_documents(&self) -> corresp_store::Result<u64> {
        self.inner.count_documents()
    }
    fn threads_current(&self) -> corresp_store::Result<bool> {
        self.inner.threads_current()
    }
    fn generation(&self) -> corresp_store::Result<u64> {
        self.inner.generation()
    }
}

#[test]
fn a_rebuild_stopped_between_companies_leaves_the_threads_not_current() {
    let store = Stopping { inner: SqliteStore::open_in_memory().unwrap(), calls: 0.into(), fail_at: 0 };
    put_all(&store, &generate(12, 3));
    rebuild(&store).unwrap();
    assert!(store.threads_current().unwrap());
    // New letters, then a rebuild that stops at the sixth company: the first five are replaced,
    // the others not, and the threads are not current.
    let more = generate(14, 11);
    put_all(&store, &more[more.len() - 30..]);
    let stopping = Stopping { inner: store.inner, calls: 0.into(), fail_at: 6 };
    assert!(rebuild(&stopping).is_err());
    assert!(!stopping.threads_current().unwrap(), "stopped halfway: not current");
    assert_ne!(stopping.threads().unwrap(), whole(&stopping));
    // The next rebuild finishes the job.
    rebuild(&stopping).unwrap();
    assert!(stopping.threads_current().unwrap());
    assert_whole(&stopping, "after the stopped rebuild");
}
