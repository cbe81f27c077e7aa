//! The Parquet files read back with the same crate's reader: row count, column names and types,
//! values and nulls.

use chrono::NaiveDate;
use corresp_stats::{CommentRow, ThreadRow, comments_parquet, threads_parquet};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::{Field, Row};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Writes with `write`, then returns the column names and every row.
fn round_trip(write: impl FnOnce(&std::fs::File)) -> (Vec<String>, Vec<Row>, i64) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.parquet");
    let f = std::fs::File::create(&path).unwrap();
    write(&f);
    drop(f);
    let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
    let meta = reader.metadata().file_metadata();
    let names = meta.schema_descr().columns().iter().map(|c| c.name().to_string()).collect();
    let n = meta.num_rows();
    let rows = reader.get_row_iter(None).unwrap().map(|r| r.unwrap()).collect();
    (names, rows, n)
}

fn field<'a>(row: &'a Row, name: &str) -> &'a Field {
    row.get_column_iter().find(|(n, _)| n.as_str() == name).map(|(_, f)| f).unwrap()
}

#[test]
fn thread_rows_read_back() {
    let rows = vec![
        ThreadRow {
            id: "T1".into(),
            company: Some("Acme, Inc.".into()),
            cik: Some("0000001234".into()),
            forms: "10-K;10-Q".into(),
            year: Some(2023),
            staff_letters: 2,
            letters: 5,
            start: Some(d("2023-01-10")),
            end: Some(d("2023-02-09")),
            days: Some(30),
            complete: true,
        },
        ThreadRow {
            id: "T2".into(),
            forms: "S-4".into(),
            staff_letters: 1,
            letters: 1,
            ..Default::default()
        },
    ];
    let (names, got, n) = round_trip(|f| threads_parquet(&rows, f).unwrap());
    assert_eq!(
        names,
        [
            "id",
            "company",
            "cik",
            "forms",
            "year",
            "staff_letters",
            "letters",
            "start",
            "end",
            "days",
            "complete"
        ]
    );
    assert_eq!(n, 2);
    assert_eq!(got.len(), 2);
    let first = &got[0];
    assert_eq!(field(first, "id"), &Field::Str("T1".into()));
    assert_eq!(field(first, "company"), &Field::Str("Acme, Inc.".into()));
    assert_eq!(field(first, "year"), &Field::Int(2023));
    assert_eq!(field(first, "staff_letters"), &Field::Int(2));
    // DATE columns come back as days since 1970-01-01.
    let start = (d("2023-01-10") - NaiveDate::default()).num_days() as i32;
    assert_eq!(field(first, "start"), &Field::Date(start));
    assert_eq!(field(first, "days"), &Field::Long(30));
    assert_eq!(field(first, "complete"), &Field::Bool(true));
    let second = &got[1];
    assert_eq!(field(second, "company"), &Field::Null);
    assert_eq!(field(second, "year"), &Field::Null);
    assert_eq!(field(second, "end"), &Field::Null);
    assert_eq!(field(second, "days"), &Field::Null);
    assert_eq!(field(second, "complete"), &Field::Bool(false));
}

#[test]
fn comment_rows_read_back() {
    let rows = vec![
        CommentRow {
            thread_id: "T1".into(),
            accession: "0000000000-23-000001".into(),
            date: Some(d("2023-01-10")),
            ordinal: 1,
            number: Some("1".into()),
            primary: Some("non_gaap_measures".into()),
            others: vec!["segment_reporting".into(), "mdna_results_of_operations".into()],
            ask: Some("disclose".into()),
            company: Some("Acme, Inc.".into()),
            caption: Some("Results of Operations > Revenue, page 40".into()),
            text: "Please tell us how you present \"organic\" growth.".into(),
            round: Some(1),
            answer: Some("mixed".into()),
            answer_parts: vec!["will_revise".into(), "declined".into()],
            commitment: true,
            follow_ups: vec!["0000000000-23-000009:2/explicit".into()],
            last_round: Some(2),
            closed_by: Some("review_complete".into()),
            outcome_answer: Some("will_revise".into()),
        },
        CommentRow {
            thread_id: "T1".into(),
            accession: "0000000000-23-000001".into(),
            ordinal: 2,
            ..Default::default()
        },
    ];
    let (names, got, n) = round_trip(|f| comments_parquet(&rows, f).unwrap());
    assert_eq!(
        names,
        [
            "thread_id",
            "accession",
            "date",
            "ordinal",
            "number",
            "primary",
            "others",
            "ask",
            "company",
            "caption",
            "text",
            "round",
            "answer",
            "answer_parts",
            "commitment",
            "follow_ups",
            "last_round",
            "closed_by",
            "outcome_answer"
        ]
    );
    assert_eq!(field(&got[0], "answer_parts"), &Field::Str("will_revise;declined".into()));
    assert_eq!(field(&got[0], "commitment"), &Field::Bool(true));
    assert_eq!(field(&got[0], "last_round"), &Field::Int(2));
    assert_eq!(field(&got[0], "follow_ups"), &Field::Str("0000000000-23-000009:2/explicit".into()));
    assert_eq!(field(&got[1], "last_round"), &Field::Null);
    assert_eq!(n, 2);
    assert_eq!(field(&got[0], "primary"), &Field::Str("non_gaap_measures".into()));
    assert_eq!(field(&got[0], "others"), &Field::Str("segment_reporting;mdna_results_of_operations".into()));
    assert_eq!(field(&got[0], "ordinal"), &Field::Int(1));
    assert_eq!(field(&got[1], "ordinal"), &Field::Int(2));
    assert_eq!(field(&got[1], "primary"), &Field::Null);
    assert_eq!(field(&got[1], "date"), &Field::Null);
    assert_eq!(field(&got[1], "others"), &Field::Str(String::new()));
}

#[test]
fn empty_tables_still_have_their_columns() {
    let (names, got, n) = round_trip(|f| comments_parquet(&[], f).unwrap());
    assert_eq!(names.len(), 19);
    assert_eq!((n, got.len()), (0, 0));
}
