//! Behaviour every `Store` backend must have. Each check is a function over `&dyn Store`, run on
//! SQLite and on a throwaway PostgreSQL cluster (`support/pg.rs`; skipped with a message when
//! PostgreSQL is not installed, a failure when `CORRESP_REQUIRE_ALL` is set).

#[path = "support/pg.rs"]
mod pg;

use std::time::Duration;

use chrono::NaiveDate;
use corresp_model::*;
use corresp_store::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn doc(acc: &str, fp: &str) -> StoredDocument {
    StoredDocument {
        accession: acc.into(),
        edgar: EdgarFacts {
            cik: Some("0000012345".into()),
            company: Some("EXAMPLE WIDGETS INC".into()),
            form: Some("UPLOAD".into()),
            filing_date: Some(day("2019-05-14")),
            accepted: NaiveDate::from_ymd_opt(2019, 5, 14).unwrap().and_hms_opt(18, 29, 15),
            ..Default::default()
        },
        source_path: Some(format!("/letters/{acc}/filename1.pdf")),
        source_hash: "0".repeat(64),
        fingerprint: fp.into(),
        text: Text {
            text: "Re: Example Widgets, Inc.\n\u{c}1. Revenue".into(),
            marks: vec![Mark {
                span: Span::new(0, 3),
                emphasis: Emphasis { bold: true, ..Default::default() },
            }],
            format: SourceFormat::Pdf,
            tables: Vec::new(),
        },
        letter: Letter {
            kind: LetterKind::Comments,
            date: Some(day("2019-05-14")),
            filings: vec![Filing {
                form: "10-K".into(),
                period: Some(day("2018-12-31")),
                ..Default::default()
            }],
            comments: vec![Comment {
                ordinal: 1,
                number: Some("1".into()),
                text: "Revenue".into(),
                ..Default::default()
            }],
            ..Default::default()
        },
        ..Default::default()
    }
}

fn put_is_idempotent_and_replaces_changes(s: &dyn Store) {
    let a = doc("0000000000-19-000001", "fp1");
    assert_eq!(s.put_document(&a).unwrap(), Put::Inserted);
    assert_eq!(s.put_document(&a).unwrap(), Put::Unchanged);
    let got = s.document(&a.accession).unwrap().unwrap();
    assert_eq!(got, a, "a document reads back as it was written");
    let mut b = doc("0000000000-19-000001", "fp2");
    b.text.text = "changed".into();
    assert_eq!(s.put_document(&b).unwrap(), Put::Replaced);
    assert_eq!(s.document(&a.accession).unwrap().unwrap().text.text, "changed");
    assert_eq!(s.count_documents().unwrap(), 1);
    assert_eq!(s.fingerprints().unwrap(), vec![(a.accession.clone(), "fp2".to_string())]);
    assert!(s.has_fingerprint("fp2", Some(&a.accession)).unwrap());
    assert!(s.has_fingerprint("fp2", None).unwrap(), "a loose file asks by fingerprint alone");
    assert!(!s.has_fingerprint("fp1", Some(&a.accession)).unwrap(), "replaced");
    assert!(!s.has_fingerprint("fp2", Some("0000000000-19-999999")).unwrap(), "another accession");
    assert!(s.document("0000000000-19-999999").unwrap().is_none());
}

fn failures_are_recorded_and_retried(s: &dyn Store) {
    let mut bad = doc("0000000000-19-000002", "fp-bad");
    bad.error = Some("not a PDF".into());
    bad.text = Text::default();
    bad.letter = Letter::default();
    assert_eq!(s.put_document(&bad).unwrap(), Put::Inserted);
    assert_eq!(s.put_document(&bad).unwrap(), Put::Unchanged);
    assert_eq!(s.failures().unwrap().len(), 1);
    assert_eq!(s.failures().unwrap()[0].error, "not a PDF");
    assert!(s.fingerprints().unwrap().iter().all(|(k, _)| k != &bad.accession), "failures are retried");
    assert!(!s.has_fingerprint(&bad.fingerprint, Some(&bad.accession)).unwrap(), "failures are retried");
    assert!(!s.has_fingerprint(&bad.fingerprint, None).unwrap());
    let mut seen = Vec::new();
    s.for_each_document(&mut |d| {
        seen.push(d.accession);
        Ok(())
    })
    .unwrap();
    assert!(!seen.contains(&bad.accession), "for_each_document skips failures");
    // The same bytes read fine later (a better extractor): the failure is replaced.
    assert_eq!(s.put_document(&doc("0000000000-19-000002", "fp-bad")).unwrap(), Put::Replaced);
    assert!(s.failures().unwrap().is_empty());
}

fn loose_file_changed_in_place_replaces_the_old_one(s: &dyn Store) {
    let mut a = doc("sha256:aaaa", "fa");
    a.source_path = Some("/loose/letter.pdf".into());
    let mut b = doc("sha256:bbbb", "fb");
    b.source_path = Some("/loose/letter.pdf".into());
    assert_eq!(s.put_document(&a).unwrap(), Put::Inserted);
    assert_eq!(s.put_document(&b).unwrap(), Put::Replaced);
    assert!(s.document("sha256:aaaa").unwrap().is_none());
    assert!(s.document("sha256:bbbb").unwrap().is_some());
}

fn release_dates_come_before_or_after(s: &dyn Store) {
    s.set_release_date("0000000000-19-000003", day("2019-06-20")).unwrap();
    s.put_document(&doc("0000000000-19-000003", "f3")).unwrap();
    assert_eq!(
        s.document("0000000000-19-000003").unwrap().unwrap().edgar.release_date,
        Some(day("2019-06-20"))
    );
    s.put_document(&doc("0000000000-19-000003", "f3-changed")).unwrap();
    assert_eq!(
        s.document("0000000000-19-000003").unwrap().unwrap().edgar.release_date,
        Some(day("2019-06-20"))
    );
    s.set_release_date("0000000000-19-000003", day("2019-06-21")).unwrap();
    let sum = s.summaries().unwrap().into_iter().find(|d| d.accession == "0000000000-19-000003").unwrap();
    assert_eq!(sum.edgar.release_date, Some(day("2019-06-21")));
    assert_eq!(sum.kind, LetterKind::Comments);
    assert_eq!(sum.filings.len(), 1);
}

fn threads_replace_and_mark_membership(s: &dyn Store) {
    s.put_document(&doc("0000000000-20-000001", "t1")).unwrap();
    s.put_document(&doc("0000000000-20-000002", "t2")).unwrap();
    let thread = |id: &str, accs: &[&str]| Thread {
        id: id.into(),
        company: Some("EXAMPLE WIDGETS INC".into()),
        cik: Some("0000012345".into()),
        filings: vec![],
        letters: accs
            .iter()
            .map(|a| ThreadLetter {
                accession: a.to_string(),
                kind: LetterKind::Comments,
                date: Some(day("2020-01-02")),
                form: None,
                filing_date: None,
                release_date: None,
            })
            .collect(),
        rounds: accs.len() as u32,
        status: ThreadStatus::Open,
        days_to_complete: None,
    };
    s.replace_threads(
        &[thread("t-a", &["0000000000-20-000002"]), thread("t-b", &["0000000000-20-000001"])],
        &[],
    )
    .unwrap();
    let got = s.threads().unwrap();
    assert_eq!(got.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), ["t-a", "t-b"], "thread order");
    assert_eq!(s.document("0000000000-20-000001").unwrap().unwrap().thread_id.as_deref(), Some("t-b"));
    s.set_release_date("0000000000-20-000001", day("2020-03-01")).unwrap();
    assert_eq!(s.threads().unwrap()[1].letters[0].release_date, Some(day("2020-03-01")));
    let review = corresp_model::ReviewRecord { thread_id: "t-c".into(), ..Default::default() };
    s.replace_threads(
        &[thread("t-c", &["0000000000-20-000001", "0000000000-20-000002"])],
        std::slice::from_ref(&review),
    )
    .unwrap();
    assert_eq!(s.threads().unwrap().len(), 1);
    // The comment–answer record is replaced with its thread, and only with it.
    assert_eq!(s.review("t-c").unwrap(), Some(review.clone()));
    assert_eq!(s.review("t-a").unwrap(), None);
    assert_eq!(s.reviews().unwrap(), vec![review]);
    assert_eq!(s.document("0000000000-20-000002").unwrap().unwrap().thread_id.as_deref(), Some("t-c"));
    // A replaced document keeps its membership until threads are rebuilt.
    s.put_document(&doc("0000000000-20-000002", "t2-changed")).unwrap();
    assert_eq!(s.document("0000000000-20-000002").unwrap().unwrap().thread_id.as_deref(), Some("t-c"));
    // A document a rebuild leaves out of every thread loses its membership; the others keep theirs.
    s.replace_threads(&[thread("t-d", &["0000000000-20-000002"])], &[]).unwrap();
    assert_eq!(s.document("0000000000-20-000001").unwrap().unwrap().thread_id, None);
    assert_eq!(s.document("0000000000-20-000002").unwrap().unwrap().thread_id.as_deref(), Some("t-d"));
    s.replace_threads(&[], &[]).unwrap();
    assert_eq!(s.document("0000000000-20-000002").unwrap().unwrap().thread_id, None);
}

/// A document of company `cik` filed on `filed`.
fn company_doc(acc: &str, cik: &str, filed: &str) -> StoredDocument {
    let mut d = doc(acc, &format!("fp-{acc}"));
    d.edgar.cik = Some(cik.into());
    d.edgar.company = Some(format!("COMPANY {cik}"));
    d.edgar.filing_date = Some(day(filed));
    d
}

/// A one-letter thread of company `cik`.
fn company_thread(cik: &str, acc: &str, filed: &str) -> Thread {
    Thread {
        id: format!("{cik}_{acc}"),
        company: Some(format!("COMPANY {cik}")),
        cik: Some(cik.into()),
        filings: vec![],
        letters: vec![ThreadLetter {
            accession: acc.into(),
            kind: LetterKind::Comments,
            date: Some(day(filed)),
            form: None,
            filing_date: Some(day(filed)),
            release_date: None,
        }],
        rounds: 1,
        status: ThreadStatus::Open,
        days_to_complete: None,
    }
}

/// Replacing one company's threads leaves the others' (threads, records, membership) as they were
/// and keeps the whole list in thread order.
fn company_threads_replace_only_their_company(s: &dyn Store) {
    let (x, y) = ("0000000101", "0000000202");
    for (acc, cik, filed) in [
        ("0000000000-22-000001", x, "2022-01-05"),
        ("0000000000-22-000002", y, "2022-01-03"),
        ("0000000000-22-000003", x, "2022-02-01"),
    ] {
        s.put_document(&company_doc(acc, cik, filed)).unwrap();
    }
    let tx1 = company_thread(x, "0000000000-22-000001", "2022-01-05");
    let ty = company_thread(y, "0000000000-22-000002", "2022-01-03");
    let rec = |t: &Thread| ReviewRecord { thread_id: t.id.clone(), ..Default::default() };
    let g = s.generation().unwrap();
    let both = [x.to_string(), y.to_string()];
    let replaced =
        s.replace_company_threads(&both, g, &[ty.clone(), tx1.clone()], &[rec(&ty), rec(&tx1)]).unwrap();
    assert_eq!(replaced, both);
    // X again, now with two threads: Y's stays, in order between them.
    let tx3 = company_thread(x, "0000000000-22-000003", "2022-02-01");
    let g = s.generation().unwrap();
    s.replace_company_threads(&[x.to_string()], g, &[tx1.clone(), tx3.clone()], &[rec(&tx3)]).unwrap();
    let ids: Vec<String> = s.threads().unwrap().into_iter().map(|t| t.id).collect();
    assert_eq!(ids, [ty.id.clone(), tx1.id.clone(), tx3.id.clone()]);
    assert_eq!(s.review(&ty.id).unwrap(), Some(rec(&ty)), "Y's record untouched");
    assert_eq!(s.review(&tx1.id).unwrap(), None, "X's records replaced");
    assert_eq!(s.company_threads(&[x.to_string()]).unwrap().len(), 2);
    let xs: Vec<String> =
        s.company_summaries(&[x.to_string()]).unwrap().into_iter().map(|d| d.accession).collect();
    assert_eq!(xs, ["0000000000-22-000001", "0000000000-22-000003"]);
    assert_eq!(
        s.document("0000000000-22-000003").unwrap().unwrap().thread_id.as_deref(),
        Some(tx3.id.as_str())
    );
    assert_eq!(s.document("0000000000-22-000002").unwrap().unwrap().thread_id, Some(ty.id.clone()));
    s.replace_threads(&[], &[]).unwrap();
}

fn for_each_document_runs_in_order_and_allows_callbacks(s: &dyn Store) {
    for i in 0..75 {
        let mut d = doc(&format!("0000000000-21-{i:06}"), "x");
        d.edgar.filing_date = Some(day("2021-01-01") + chrono::Days::new((75 - i) as u64));
        s.put_document(&d).unwrap();
    }
    let mut seen = Vec::new();
    s.for_each_document(&mut |d| {
        // Reading back inside the callback must not deadlock.
        assert!(s.document(&d.accession)?.is_some());
        seen.push((d.edgar.filing_date, d.accession));
        Ok(())
    })
    .unwrap();
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(seen, sorted);
    assert_eq!(seen.len() as u64, s.count_documents().unwrap() - s.failures().unwrap().len() as u64);
}

fn generation_grows_with_every_write(s: &dyn Store) {
    let g0 = s.generation().unwrap();
    assert_eq!(s.generation().unwrap(), g0, "reading does not move it");
    let a = doc("0000000000-19-000777", "gen1");
    s.put_document(&a).unwrap();
    let g1 = s.generation().unwrap();
    assert!(g1 > g0, "put_document");
    s.put_document(&a).unwrap();
    assert_eq!(s.generation().unwrap(), g1, "an unchanged put writes nothing");
    s.set_release_date(&a.accession, day("2019-07-01")).unwrap();
    let g2 = s.generation().unwrap();
    assert!(g2 > g1, "set_release_date");
    s.replace_threads(&s.threads().unwrap(), &[]).unwrap();
    assert!(s.generation().unwrap() > g2, "replace_threads");
}

fn all(s: &dyn Store) {
    put_is_idempotent_and_replaces_changes(s);
    failures_are_recorded_and_retried(s);
    loose_file_changed_in_place_replaces_the_old_one(s);
    release_dates_come_before_or_after(s);
    threads_replace_and_mark_membership(s);
    company_threads_replace_only_their_company(s);
    for_each_document_runs_in_order_and_allows_callbacks(s);
    generation_grows_with_every_write(s);
}

#[test]
fn sqlite_in_memory() {
    all(&SqliteStore::open_in_memory().unwrap());
}

#[test]
fn sqlite_threads_are_current_only_when_built_from_the_last_write_over_every_company() {
    let s = SqliteStore::open_in_memory().unwrap();
    assert!(!s.threads_current().unwrap(), "a new store has no threads built");
    s.put_document(&company_doc("0000000000-21-000001", "0000000001", "2021-01-04")).unwrap();
    s.put_document(&company_doc("0000000000-21-000002", "0000000002", "2021-01-05")).unwrap();
    let both = ["0000000001".to_string(), "0000000002".to_string()];
    let threads = [
        company_thread("0000000001", "0000000000-21-000001", "2021-01-04"),
        company_thread("0000000002", "0000000000-21-000002", "2021-01-05"),
    ];
    // Built from an older state (a document was written after the builder read the counter).
    let stale = s.generation().unwrap() - 1;
    s.replace_company_threads(&both, stale, &threads, &[]).unwrap();
    assert!(!s.threads_current().unwrap(), "built from an older state");
    // One company of two: the other's documents were not read.
    s.replace_company_threads(&both[..1], s.generation().unwrap(), &threads[..1], &[]).unwrap();
    assert!(!s.threads_current().unwrap(), "one company of two");
    s.replace_company_threads(&both, s.generation().unwrap(), &threads, &[]).unwrap();
    assert!(s.threads_current().unwrap());
    assert_eq!(s.count_threads().unwrap(), 2);
    // An unchanged document writes nothing; a new one, or a release date, makes them stale.
    s.put_document(&company_doc("0000000000-21-000001", "0000000001", "2021-01-04")).unwrap();
    assert!(s.threads_current().unwrap(), "nothing was written");
    s.set_release_date("0000000000-21-000001", day("2021-03-01")).unwrap();
    assert!(!s.threads_current().unwrap(), "a release date came");
    s.replace_company_threads(&both, s.generation().unwrap(), &threads, &[]).unwrap();
    s.put_document(&company_doc("0000000000-21-000003", "0000000002", "2021-02-01")).unwrap();
    assert!(!s.threads_current().unwrap(), "a new document came");
}

/// A rebuild one company at a time (issue 19): each company replaced in its own transaction, then
/// marked once all are done; stopped before the mark, or with a document written meanwhile, the
/// threads are not current. A document that moved company keeps the thread its new company's
/// rebuild gave it whichever company is replaced first.
#[test]
fn sqlite_threads_replaced_one_company_at_a_time_are_current_once_marked() {
    let s = SqliteStore::open_in_memory().unwrap();
    let (x, y) = ("0000000001".to_string(), "0000000002".to_string());
    s.put_document(&company_doc("0000000000-21-000001", &x, "2021-01-04")).unwrap();
    s.put_document(&company_doc("0000000000-21-000002", &y, "2021-01-05")).unwrap();
    s.put_document(&company_doc("0000000000-21-000003", &y, "2021-01-06")).unwrap();
    assert_eq!(s.companies().unwrap(), [x.clone(), y.clone()]);
    let tx = company_thread(&x, "0000000000-21-000001", "2021-01-04");
    let ty = company_thread(&y, "0000000000-21-000002", "2021-01-05");
    let mut ty3 = company_thread(&y, "0000000000-21-000003", "2021-01-06");
    let g = s.generation().unwrap();
    s.replace_company_threads(std::slice::from_ref(&x), g, std::slice::from_ref(&tx), &[]).unwrap();
    assert!(!s.threads_current().unwrap(), "one company of two, and stopped there");
    s.replace_company_threads(std::slice::from_ref(&y), g, &[ty.clone(), ty3.clone()], &[]).unwrap();
    assert!(!s.threads_current().unwrap(), "not marked yet");
    assert!(s.mark_threads_built(g).unwrap());
    assert!(s.threads_current().unwrap());
    assert_eq!(
        s.threads().unwrap().into_iter().map(|t| t.id).collect::<Vec<_>>(),
        [tx.id.clone(), ty.id.clone(), ty3.id.clone()]
    );
    assert_eq!(s.company_threads(std::slice::from_ref(&y)).unwrap(), [ty.clone(), ty3.clone()]);

    // The third letter moves to X: Y replaced first (it leaves Y's thread), then X (it joins
    // X's), and the other way round; a document written meanwhile leaves the threads not current.
    let mut moved = company_doc("0000000000-21-000003", &x, "2021-01-06");
    moved.fingerprint = "moved".into();
    s.put_document(&moved).unwrap();
    ty3.cik = Some(x.clone());
    ty3.id = format!("{x}_0000000000-21-000003");
    let g = s.generation().unwrap();
    s.replace_company_threads(std::slice::from_ref(&y), g, std::slice::from_ref(&ty), &[]).unwrap();
    assert_eq!(s.document("0000000000-21-000003").unwrap().unwrap().thread_id, None);
    s.replace_company_threads(std::slice::from_ref(&x), g, &[tx.clone(), ty3.clone()], &[]).unwrap();
    assert_eq!(s.document("0000000000-21-000003").unwrap().unwrap().thread_id, Some(ty3.id.clone()));
    s.put_document(&company_doc("0000000000-21-000004", &y, "2021-02-01")).unwrap();
    assert!(!s.mark_threads_built(g).unwrap(), "a document came during the rebuild");
    assert!(!s.threads_current().unwrap());
    let g = s.generation().unwrap();
    s.replace_company_threads(std::slice::from_ref(&x), g, &[tx.clone(), ty3.clone()], &[]).unwrap();
    s.replace_company_threads(std::slice::from_ref(&y), g, std::slice::from_ref(&ty), &[]).unwrap();
    assert_eq!(s.document("0000000000-21-000003").unwrap().unwrap().thread_id, Some(ty3.id.clone()));
    assert_eq!(s.document("0000000000-21-000004").unwrap().unwrap().thread_id, None);
    assert!(s.mark_threads_built(g).unwrap());
    assert!(s.threads_current().unwrap());
    // Threads given whole are not a rebuild.
    s.replace_threads(&s.threads().unwrap(), &[]).unwrap();
    assert!(!s.threads_current().unwrap());
}

/// A store of schema 5 (threads listed by position, current threads) opens with its threads in
/// the same order, listed by first day now, and still current.
#[test]
fn sqlite_schema_5_keeps_its_threads_order_and_marks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let s = SqliteStore::open(&path).unwrap();
        s.put_document(&company_doc("0000000000-21-000001", "0000000001", "2021-01-04")).unwrap();
        s.put_document(&company_doc("0000000000-21-000002", "0000000002", "2021-01-05")).unwrap();
        let both = ["0000000001".to_string(), "0000000002".to_string()];
        let threads = [
            company_thread("0000000001", "0000000000-21-000001", "2021-01-04"),
            company_thread("0000000002", "0000000000-21-000002", "2021-01-05"),
        ];
        s.replace_company_threads(&both, s.generation().unwrap(), &threads, &[]).unwrap();
        assert!(s.threads_current().unwrap());
    }
    // Back to schema 5 as it was written: no first day, no mark of the last document write, and
    // the threads mark equal to the counter.
    let back = std::process::Command::new("sqlite3")
        .arg(&path)
        .arg(
            "DROP INDEX document_file_stamp; ALTER TABLE document DROP COLUMN file_stamp;
             DROP INDEX thread_order; DROP INDEX thread_company; ALTER TABLE thread DROP COLUMN first_day;
             DELETE FROM meta WHERE key = 'documents_written'; DROP INDEX document_company;
             CREATE INDEX document_summary ON document (COALESCE(filing_date, ''), accession, cik,
                 company, edgar_form, filing_date, accepted, kind, letter_date, filings_json, responds_to);
             PRAGMA user_version = 5;",
        )
        .status();
    if !back.is_ok_and(|s| s.success()) {
        assert!(
            std::env::var_os("CORRESP_REQUIRE_ALL").is_none(),
            "no sqlite3 to write a schema 5 store, and CORRESP_REQUIRE_ALL is set (CI): this test may not skip"
        );
        eprintln!("skipping: no sqlite3 to write a schema 5 store");
        return;
    }
    let s = SqliteStore::open(&path).unwrap();
    let ids: Vec<String> = s.threads().unwrap().into_iter().map(|t| t.id).collect();
    assert_eq!(ids, ["0000000001_0000000000-21-000001", "0000000002_0000000000-21-000002"]);
    assert!(s.threads_current().unwrap(), "current before, current after");
    assert_eq!(s.company_threads(&["0000000002".to_string()]).unwrap().len(), 1);
}

#[test]
fn sqlite_file_reopens_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corresp.db");
    all(&SqliteStore::open(&path).unwrap());
    let again = SqliteStore::open(&path).unwrap();
    assert!(again.document("0000000000-19-000001").unwrap().is_some());
}

/// The change counter is shared by every connection to the file: a server's handle sees the writes
/// another handle (another process, in practice a CLI ingest) commits, and its own.
#[test]
fn generation_is_seen_across_handles() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corresp.db");
    seen_across_handles(&SqliteStore::open(&path).unwrap(), &SqliteStore::open(&path).unwrap());
    let again = SqliteStore::open(&path).unwrap();
    assert!(again.generation().unwrap() > 0, "it survives a reopen");
}

fn seen_across_handles(server: &dyn Store, cli: &dyn Store) {
    let g0 = server.generation().unwrap();
    assert_eq!(cli.generation().unwrap(), g0);

    cli.put_document(&doc("0000000000-19-000001", "fp1")).unwrap();
    let g1 = server.generation().unwrap();
    assert!(g1 > g0, "the other handle's put is seen");
    assert_eq!(cli.generation().unwrap(), g1, "and by the writer itself");

    server.put_document(&doc("0000000000-19-000002", "fp1")).unwrap();
    let g2 = cli.generation().unwrap();
    assert!(g2 > g1);
    assert_eq!(server.generation().unwrap(), g2, "a handle sees its own writes");

    cli.set_release_date("0000000000-19-000001", day("2019-08-01")).unwrap();
    let g3 = server.generation().unwrap();
    assert!(g3 > g2);
    cli.replace_threads(&[], &[]).unwrap();
    assert!(server.generation().unwrap() > g3);
}

/// A follower waiting for a change wakes when another handle writes, well before its timeout.
fn wait_wakes_on_a_write(follower: &dyn Store, writer: &(dyn Store + Sync), max: Duration) {
    let seen = follower.generation().unwrap();
    let t = std::time::Instant::now();
    std::thread::scope(|s| {
        s.spawn(|| {
            std::thread::sleep(Duration::from_millis(200));
            writer.put_document(&doc("0000000000-19-000900", "wake")).unwrap();
        });
        let mut g = seen;
        while g == seen && t.elapsed() < Duration::from_secs(10) {
            g = follower.wait_for_change(seen, Duration::from_secs(5)).unwrap();
        }
        assert!(g > seen, "the write was seen");
    });
    assert!(t.elapsed() < max, "woken in {:?}", t.elapsed());
}

#[test]
fn sqlite_wait_for_change_sees_a_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corresp.db");
    // SQLite sleeps the timeout through; it still returns the new counter.
    wait_wakes_on_a_write(
        &SqliteStore::open(&path).unwrap(),
        &SqliteStore::open(&path).unwrap(),
        Duration::from_secs(6),
    );
}

/// The same checks on PostgreSQL, then what only a server store has: LISTEN/NOTIFY wake-ups, the
/// work queue of ingest workers, migrations by two processes at once, and clear connect errors.
#[test]
fn postgres_passes_the_same_checks() {
    let Some(pg) = pg::start("the PostgreSQL store tests") else { return };
    let opts = PgOptions::default();
    let url = pg.create_db("all_checks");
    all(&PostgresStore::connect(&url, &opts).unwrap());
    let again = PostgresStore::connect(&url, &opts).unwrap();
    assert!(again.document("0000000000-19-000001").unwrap().is_some(), "a reconnect sees the data");

    let url = pg.create_db("handles");
    // Two stores opening a new database at once both migrate it safely.
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| PostgresStore::connect(&url, &opts).unwrap());
        let b = s.spawn(|| PostgresStore::connect(&url, &opts).unwrap());
        (a.join().unwrap(), b.join().unwrap())
    });
    seen_across_handles(&a, &b);
    wait_wakes_on_a_write(&a, &b, Duration::from_secs(2));

    // Bad URLs and unreachable servers: one line naming the URL, never the password.
    let e = PostgresStore::connect("postgres://u:secret@127.0.0.1:1/x", &opts).unwrap_err().to_string();
    assert!(e.starts_with("cannot open the store postgres://u:***@127.0.0.1:1/x: "), "{e}");
    assert!(!e.contains("secret") && !e.contains('\n'), "{e}");
    let e = PostgresStore::connect("postgres://h:notaport/x", &opts).unwrap_err().to_string();
    assert!(e.contains("not a PostgreSQL URL"), "{e}");
}

#[test]
fn postgres_writers_in_parallel_store_every_document_once() {
    let Some(pg) = pg::start("the PostgreSQL concurrency test") else { return };
    let url = pg.create_db("parallel");
    let opts = PgOptions { pool: 2, ..PgOptions::default() };
    let stores: Vec<PostgresStore> = (0..4).map(|_| PostgresStore::connect(&url, &opts).unwrap()).collect();
    std::thread::scope(|s| {
        for (w, store) in stores.iter().enumerate() {
            s.spawn(move || {
                for i in 0..40 {
                    // Every writer also writes the documents of the others: each exists once.
                    let acc = format!("0000000000-19-{:06}", (i + w * 7) % 40);
                    store.put_document(&doc(&acc, "same")).unwrap();
                    if i % 10 == 0 {
                        store.replace_threads(&[], &[]).unwrap();
                    }
                }
            });
        }
    });
    assert_eq!(stores[0].count_documents().unwrap(), 40);
}

#[test]
fn postgres_work_queue_claims_once_and_leases_expire() {
    let Some(pg) = pg::start("the PostgreSQL work-queue test") else { return };
    let url = pg.create_db("queue");
    let store = PostgresStore::connect(&url, &PgOptions::default()).unwrap();
    let q = store.work_queue().expect("a PostgreSQL store has a work queue");
    let items: Vec<WorkItem> = (0..10)
        .map(|i| WorkItem { key: format!("f{i:02}.pdf"), size: 100, mtime: 1_700_000_000, cik: None })
        .collect();
    assert_eq!(q.enqueue(&items).unwrap(), 10);
    assert_eq!(q.enqueue(&items).unwrap(), 0, "enqueued twice: nothing new");
    assert_eq!(q.unfinished().unwrap(), 10);

    // Two workers claiming at once get disjoint files.
    let lease = Duration::from_secs(60);
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| q.claim("a", 4, lease).unwrap());
        let b = s.spawn(|| q.claim("b", 4, lease).unwrap());
        (a.join().unwrap(), b.join().unwrap())
    });
    assert_eq!(a.len() + b.len(), 8);
    assert!(a.iter().all(|k| !b.contains(k)), "{a:?} {b:?}");

    // Done by its holder: stored and marked in one go; another worker cannot finish it.
    let d = doc("0000000000-19-000101", "q1");
    assert_eq!(q.finish("b", &a[0], Some(&d), None).unwrap(), None, "not b's file");
    assert_eq!(q.finish("a", &a[0], Some(&d), None).unwrap(), Some(Put::Inserted));
    assert_eq!(q.finish("a", &a[0], Some(&d), None).unwrap(), None, "done already");
    assert_eq!(store.count_documents().unwrap(), 1);

    // "a" dies: its other files come back once their lease expires (renewed ones do not).
    let rest = q.claim("c", 10, Duration::from_millis(300)).unwrap();
    assert_eq!(rest.len(), 2, "only the two never claimed: {rest:?}");
    q.renew("c", &rest[..1], lease).unwrap();
    std::thread::sleep(Duration::from_millis(700));
    let again = q.claim("d", 10, lease).unwrap();
    assert_eq!(again, vec![rest[1].clone()], "the expired lease is taken, the renewed one is not");
    assert_eq!(q.finish("c", &rest[1], None, None).unwrap(), None, "c lost it to d");

    // A changed file is done again; an unchanged done one is not.
    let mut changed = items[0..1].to_vec();
    changed[0].mtime += 1;
    let mut all_items = changed.clone();
    all_items.extend(items[1..].iter().cloned());
    q.enqueue(&all_items).unwrap();
    let (done, claims) = q.progress().unwrap();
    assert!(done <= 1 && claims >= 10, "{done} {claims}");

    // Thread staleness follows document writes.
    assert!(q.threads_stale().unwrap());
    let company = vec![company_key(d.edgar.cik.as_deref()).to_string()];
    store.replace_company_threads(&company, store.generation().unwrap(), &[], &[]).unwrap();
    assert!(!q.threads_stale().unwrap());
    store.put_document(&doc("0000000000-19-000102", "q2")).unwrap();
    assert!(q.threads_stale().unwrap());

    // The store-wide lock: a second holder waits for the first.
    let order = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        let first = s.spawn(|| {
            q.exclusively("threads", &mut || {
                order.lock().unwrap().push(1);
                std::thread::sleep(Duration::from_millis(300));
                order.lock().unwrap().push(2);
            })
            .unwrap()
        });
        std::thread::sleep(Duration::from_millis(100));
        let other = PostgresStore::connect(&url, &PgOptions::default()).unwrap();
        other.work_queue().unwrap().exclusively("threads", &mut || order.lock().unwrap().push(3)).unwrap();
        first.join().unwrap();
    });
    assert_eq!(*order.lock().unwrap(), vec![1, 2, 3]);
}

#[test]
fn newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corresp.db");
    drop(SqliteStore::open(&path).unwrap());
    let conn = rusqlite_free_bump(&path);
    assert!(conn, "schema bumped");
    let err = SqliteStore::open(&path).unwrap_err();
    assert!(matches!(err, Error::TooNew { .. }), "{err}");
}

/// Bumps the schema version without depending on rusqlite here: SQLite keeps `user_version` as a
/// big-endian u32 at byte 60 of the header.
fn rusqlite_free_bump(path: &std::path::Path) -> bool {
    let mut bytes = std::fs::read(path).unwrap();
    if bytes.len() < 100 {
        return false;
    }
    bytes[60..64].copy_from_slice(&99u32.to_be_bytes());
    std::fs::write(path, bytes).unwrap();
    true
}

/// Staleness per company: a company rebuilt is current until one of its documents or release dates
/// is written again (or a document leaves it); a rebuild from an older state never overwrites a
/// newer one; two companies are replaced at once by two handles; a company's files are done once
/// none is left under its CIK or under none.
#[test]
fn postgres_companies_go_stale_apart() {
    let Some(pg) = pg::start("the PostgreSQL per-company test") else { return };
    let url = pg.create_db("companies");
    let store = PostgresStore::connect(&url, &PgOptions::default()).unwrap();
    let q = store.work_queue().unwrap();
    let (x, y) = ("0000000101".to_string(), "0000000202".to_string());
    store.put_document(&company_doc("0000000000-22-000001", &x, "2022-01-05")).unwrap();
    store.put_document(&company_doc("0000000000-22-000002", &y, "2022-01-03")).unwrap();
    assert_eq!(q.stale_companies(None).unwrap(), [x.clone(), y.clone()]);
    assert_eq!(q.stale_companies(Some(std::slice::from_ref(&y))).unwrap(), vec![y.clone()]);

    // Two handles replace the two companies at the same time.
    let other = PostgresStore::connect(&url, &PgOptions::default()).unwrap();
    let g = store.generation().unwrap();
    let tx = company_thread(&x, "0000000000-22-000001", "2022-01-05");
    let ty = company_thread(&y, "0000000000-22-000002", "2022-01-03");
    std::thread::scope(|s| {
        let a = s.spawn(|| {
            store.replace_company_threads(std::slice::from_ref(&x), g, std::slice::from_ref(&tx), &[])
        });
        let b = s.spawn(|| {
            other.replace_company_threads(std::slice::from_ref(&y), g, std::slice::from_ref(&ty), &[])
        });
        assert_eq!(a.join().unwrap().unwrap(), vec![x.clone()]);
        assert_eq!(b.join().unwrap().unwrap(), vec![y.clone()]);
    });
    assert!(q.stale_companies(None).unwrap().is_empty());
    assert_eq!(store.threads().unwrap(), vec![ty.clone(), tx.clone()]);

    // A rebuild from the state before is refused for the company rebuilt since.
    assert!(store.replace_company_threads(std::slice::from_ref(&x), g - 1, &[], &[]).unwrap().is_empty());
    assert_eq!(store.threads().unwrap().len(), 2, "the newer threads stay");

    // A document of X stored after X's rebuild makes X stale again, and only X.
    store.put_document(&company_doc("0000000000-22-000003", &x, "2022-02-01")).unwrap();
    assert_eq!(q.stale_companies(None).unwrap(), vec![x.clone()]);
    // So does a release date of one of Y's letters.
    store.set_release_date("0000000000-22-000002", day("2022-01-20")).unwrap();
    assert_eq!(q.stale_companies(None).unwrap(), [x.clone(), y.clone()]);
    let g = store.generation().unwrap();
    store.replace_company_threads(&[x.clone(), y.clone()], g, &[ty.clone(), tx.clone()], &[]).unwrap();
    assert!(q.stale_companies(None).unwrap().is_empty());

    // A document moving from Y to Z leaves both stale (Y has no newer document of its own).
    let z = "0000000303".to_string();
    let mut moved = company_doc("0000000000-22-000002", &z, "2022-01-03");
    moved.fingerprint = "moved".into();
    store.put_document(&moved).unwrap();
    assert_eq!(q.stale_companies(None).unwrap(), [y.clone(), z.clone()]);

    // A company is done once no unfinished file is queued under its CIK or under none.
    let item = |k: &str, cik: Option<&str>| WorkItem {
        key: k.into(),
        size: 1,
        mtime: 1,
        cik: cik.map(str::to_string),
    };
    q.enqueue(&[item("x/1.pdf", Some(&x)), item("y/1.pdf", Some(&y))]).unwrap();
    assert!(!q.company_done(&x).unwrap());
    let lease = Duration::from_secs(60);
    let claimed = q.claim("w", 10, lease).unwrap();
    assert_eq!(claimed, ["x/1.pdf", "y/1.pdf"]);
    q.finish("w", "x/1.pdf", None, None).unwrap();
    assert!(q.company_done(&x).unwrap());
    assert!(!q.company_done(&y).unwrap());
    q.enqueue(&[item("loose.pdf", None)]).unwrap();
    assert!(!q.company_done(&x).unwrap(), "a file under no CIK could be X's");
}

/// A team database made before threads were rebuilt per company (schema 1, threads built whole
/// for the store-wide mark) is brought up: its threads keep their order and every company counts
/// as built for that mark, so nothing is rebuilt for nothing.
#[test]
fn postgres_schema_1_moves_to_per_company_marks() {
    let Some(pg) = pg::start("the PostgreSQL migration test") else { return };
    let url = pg.create_db("old");
    let Some(bin) = pg::bin_dir() else { return };
    let psql = |sql: &str| {
        let out = std::process::Command::new(bin.join("psql"))
            .args(["-v", "ON_ERROR_STOP=1", "-q", &url, "-c", sql])
            .output()
            .unwrap();
        assert!(out.status.success(), "psql: {}", String::from_utf8_lossy(&out.stderr));
    };
    psql(include_str!("../migrations/postgres/001.sql"));
    let (x, y) = ("0000000101", "0000000202");
    let (tx, ty) = (
        company_thread(x, "0000000000-22-000001", "2022-01-05"),
        company_thread(y, "0000000000-22-000002", "2022-01-03"),
    );
    let json = |t: &Thread| serde_json::to_string(t).unwrap().replace('\'', "''");
    psql(&format!(
        "CREATE TABLE corresp_schema (version integer NOT NULL); INSERT INTO corresp_schema VALUES (1);
         INSERT INTO document (accession, cik, source_hash, fingerprint, seq) VALUES
             ('0000000000-22-000001', '{x}', '', 'a', 1), ('0000000000-22-000002', '{y}', '', 'b', 2);
         INSERT INTO thread (id, position, cik, status, record_json) VALUES
             ('{}', 0, '{x}', 'open', '{}'), ('{}', 1, '{y}', 'open', '{}');
         UPDATE meta SET value = 3 WHERE key IN ('generation', 'threads_for');",
        tx.id,
        json(&tx),
        ty.id,
        json(&ty)
    ));
    let store = PostgresStore::connect(&url, &PgOptions::default()).unwrap();
    assert_eq!(store.threads().unwrap(), vec![ty, tx], "in thread order");
    assert!(store.work_queue().unwrap().stale_companies(None).unwrap().is_empty());
    store.put_document(&company_doc("0000000000-22-000003", x, "2022-02-01")).unwrap();
    assert_eq!(store.work_queue().unwrap().stale_companies(None).unwrap(), vec![x.to_string()]);
}
