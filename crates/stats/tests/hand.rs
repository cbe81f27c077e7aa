//! Statistics on threads written by hand, whose answers were worked out on paper (see each comment).

use chrono::NaiveDate;
use corresp_model::{Filing, LetterKind, Thread, ThreadLetter, ThreadStatus};
use corresp_stats::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn letter(acc: &str, kind: LetterKind, date: &str) -> ThreadLetter {
    ThreadLetter {
        accession: acc.into(),
        kind,
        date: Some(d(date)),
        form: None,
        filing_date: None,
        release_date: None,
    }
}

fn thread(id: &str, form: &str, filed: &str, letters: Vec<ThreadLetter>, days: Option<i64>) -> Thread {
    let rounds = letters.iter().filter(|l| l.kind == LetterKind::Comments).count() as u32;
    let complete = letters.iter().any(|l| l.kind == LetterKind::ReviewComplete);
    Thread {
        id: id.into(),
        company: Some(format!("{id} Corp")),
        cik: None,
        filings: vec![Filing { form: form.into(), filed: Some(d(filed)), ..Default::default() }],
        letters,
        rounds,
        status: if complete { ThreadStatus::Complete } else { ThreadStatus::Open },
        days_to_complete: days,
    }
}

fn fixtures() -> (Vec<Thread>, Vec<CommentRow>) {
    use LetterKind::*;
    let threads = vec![
        // One round, closed after 30 days (Jan 10 -> Feb 9).
        thread(
            "T1",
            "10-K",
            "2022-12-01",
            vec![
                letter("A1", Comments, "2023-01-10"),
                letter("A2", Response, "2023-01-25"),
                letter("A3", ReviewComplete, "2023-02-09"),
            ],
            Some(30),
        ),
        // Two rounds, closed after 120 days (Mar 1 -> Jun 29).
        thread(
            "T2",
            "S-4",
            "2023-02-20",
            vec![
                letter("B1", Comments, "2023-03-01"),
                letter("B2", Response, "2023-03-20"),
                letter("B3", Comments, "2023-04-15"),
                letter("B4", Response, "2023-05-01"),
                letter("B5", ReviewComplete, "2023-06-29"),
            ],
            Some(120),
        ),
        // Still open.
        thread("T3", "10-Q", "2023-10-01", vec![letter("C1", Comments, "2023-11-01")], None),
        // No staff comment letter: not a review.
        thread("T4", "10-K", "2023-01-01", vec![letter("D1", Other, "2023-05-05")], None),
    ];
    let c = |t: &str, acc: &str, ord: u32, p: &str| CommentRow {
        thread_id: t.into(),
        accession: acc.into(),
        ordinal: ord,
        primary: Some(p.into()),
        ..Default::default()
    };
    let comments = vec![
        c("T1", "A1", 1, "non_gaap_measures"),
        c("T1", "A1", 2, "non_gaap_measures"),
        c("T2", "B1", 1, "revenue_recognition"),
        c("T2", "B3", 1, "non_gaap_measures"),
        c("T3", "C1", 1, "non_gaap_measures"),
    ];
    (threads, comments)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn deloitte_defaults() {
    let (t, c) = fixtures();
    let s = compute(&t, &c, &Definitions::default());
    assert_eq!(s.reviews, 3);
    assert!(close(s.staff_letters_per_review, 4.0 / 3.0));
    assert!(close(s.letters_per_review, 4.0 / 3.0));
    assert_eq!(s.days_to_complete.mean, Some(75.0));
    assert_eq!(s.days_to_complete.median, Some(75.0));
    assert_eq!(s.days_to_complete.share_within_60, Some(0.5));
    assert_eq!(s.share_one_or_two_letters, Some(1.0));
    // 4 staff comment letters in 2023; A1, B3 and C1 have a non-GAAP comment, B1 a revenue one.
    assert_eq!(s.topics_by_year["2023"]["non_gaap_measures"], 0.75);
    assert_eq!(s.topics_by_year["2023"]["revenue_recognition"], 0.25);
}

#[test]
fn every_switch_changes_what_it_should() {
    let (t, c) = fixtures();
    let all = Definitions { letters: LetterScope::All, ..Default::default() };
    assert!(close(compute(&t, &c, &all).letters_per_review, 3.0)); // (3 + 5 + 1) / 3
    let periodic = Definitions { forms: FormScope::PeriodicOnly, ..Default::default() };
    assert_eq!(compute(&t, &c, &periodic).reviews, 2); // T1 and T3
    // From the filing date: T1 Dec 1 -> Feb 9 = 70 days, T2 Feb 20 -> Jun 29 = 129 days.
    let filed = Definitions { start: StartPoint::FilingDate, ..Default::default() };
    assert_eq!(compute(&t, &c, &filed).days_to_complete.mean, Some(99.5));
    // To the last letter: T3 ends on its only letter (0 days): (30 + 120 + 0) / 3.
    let last = Definitions { end: EndPoint::LastLetter, ..Default::default() };
    assert_eq!(compute(&t, &c, &last).days_to_complete.mean, Some(50.0));
    // Years to June 30: T3's November 2023 letter falls in the year ending June 2024.
    let june = Definitions { year: YearBasis::JuneYear, ..Default::default() };
    let s = compute(&t, &c, &june);
    assert_eq!(s.reviews_by_year["2023"], 2);
    assert_eq!(s.reviews_by_year["2024"], 1);
    assert_eq!(s.topics_by_year["2024"]["non_gaap_measures"], 1.0);
}

#[test]
fn csv_and_svg_exports() {
    let (t, c) = fixtures();
    let rows = thread_rows(&t, &Definitions::default());
    let csv = threads_csv(&rows);
    assert_eq!(csv.lines().count(), 4);
    assert!(
        csv.lines().nth(1).unwrap().starts_with("T1,T1 Corp,,10-K,2023,1,1,2023-01-10,2023-02-09,30,true")
    );
    let ccsv = comments_csv(&c);
    assert_eq!(ccsv.lines().count(), 6);
    let svg = svg_bar_chart("Letters <per> review", &[("1".into(), 2.0), ("2".into(), 1.0)]);
    assert!(svg.starts_with("<svg") && svg.contains("&lt;per&gt;") && svg.matches("<rect").count() == 2);
}

#[test]
fn empty_input() {
    let s = compute(&[], &[], &Definitions::default());
    assert_eq!(s.reviews, 0);
    assert_eq!(s.days_to_complete.mean, None);
    let json = serde_json::to_value(&s).unwrap();
    for k in [
        "definitions",
        "reviews",
        "staff_letters_per_review",
        "letters_per_review",
        "days_to_complete",
        "topics_by_year",
    ] {
        assert!(json.get(k).is_some(), "{k} missing");
    }
}
