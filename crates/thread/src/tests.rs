//! Grouping rules on small companies' correspondence written for these tests: each test is one
//! situation the issue names (yearly reviews, rounds, acceleration, same-day answers, bare Re: blocks).

use super::*;
use corresp_model::EdgarFacts;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn ten_k(period: &str, filed: &str, file_number: Option<&str>) -> Filing {
    Filing {
        form: "10-K".into(),
        period: Some(day(period)),
        filed: Some(day(filed)),
        file_number: file_number.map(str::to_string),
        ..Filing::default()
    }
}

/// A letter of company 0000012345; staff accessions get the staff prefix, answers the company's.
fn letter(n: u32, kind: LetterKind, date: &str, filings: Vec<Filing>) -> LetterFacts {
    let staff = kind.is_staff() || matches!(kind, LetterKind::Other) && n >= 900;
    let accession = if staff {
        format!("0000000000-{}-{n:06}", &date[2..4])
    } else {
        format!("0000012345-{}-{n:06}", &date[2..4])
    };
    LetterFacts {
        accession,
        edgar: EdgarFacts {
            cik: Some("0000012345".into()),
            company: Some("EXAMPLE WIDGETS INC".into()),
            form: Some(if staff { "UPLOAD" } else { "CORRESP" }.into()),
            filing_date: Some(day(date)),
            ..Default::default()
        },
        kind,
        date: Some(day(date)),
        filings,
        ..LetterFacts::default()
    }
}

fn answer(n: u32, date: &str, responds_to: &str, filings: Vec<Filing>) -> LetterFacts {
    LetterFacts { responds_to: Some(day(responds_to)), ..letter(n, LetterKind::Response, date, filings) }
}

fn accessions(t: &Thread) -> Vec<&str> {
    t.letters.iter().map(|l| l.accession.as_str()).collect()
}

#[test]
fn two_yearly_10k_reviews_stay_apart_despite_one_file_number() {
    let fy16 = || vec![ten_k("2016-12-31", "2017-02-24", Some("001-34567"))];
    let fy17 = || vec![ten_k("2017-12-31", "2018-02-23", Some("001-34567"))];
    let threads = group(vec![
        letter(1, LetterKind::Comments, "2017-08-01", fy16()),
        answer(2, "2017-08-29", "2017-08-01", fy16()),
        // The 2016 review never got its closing letter: the 2017 review must still be apart.
        letter(3, LetterKind::Comments, "2018-06-12", fy17()),
        answer(4, "2018-07-10", "2018-06-12", fy17()),
        letter(5, LetterKind::ReviewComplete, "2018-07-24", fy17()),
    ]);
    assert_eq!(threads.len(), 2, "{threads:#?}");
    assert_eq!(threads[0].letters.len(), 2);
    assert_eq!(threads[0].status, ThreadStatus::Open);
    assert_eq!(threads[0].days_to_complete, None);
    assert_eq!(threads[1].letters.len(), 3);
    assert_eq!(threads[1].status, ThreadStatus::Complete);
    assert_eq!(threads[1].days_to_complete, Some(42));
    assert_eq!(threads[1].id, "0000012345_0000000000-18-000003");
}

#[test]
fn three_rounds_make_one_thread() {
    let k = || vec![ten_k("2020-12-31", "2021-02-26", Some("001-34567"))];
    let threads = group(vec![
        letter(1, LetterKind::Comments, "2021-06-01", k()),
        answer(2, "2021-06-30", "2021-06-01", k()),
        letter(3, LetterKind::Comments, "2021-07-20", k()),
        answer(4, "2021-08-17", "2021-07-20", vec![]),
        letter(5, LetterKind::Comments, "2021-09-14", k()),
        answer(6, "2021-10-12", "2021-09-14", k()),
        letter(7, LetterKind::ReviewComplete, "2021-10-26", k()),
    ]);
    assert_eq!(threads.len(), 1, "{threads:#?}");
    let t = &threads[0];
    assert_eq!(t.rounds, 3);
    assert_eq!(t.letters.len(), 7);
    assert_eq!(t.status, ThreadStatus::Complete);
    assert_eq!(t.days_to_complete, Some(147));
    assert_eq!(t.filings.len(), 1, "one filing, merged from all Re: blocks");
}

#[test]
fn s1_review_with_acceleration_requests() {
    let draft =
        |filed| Filing { form: "S-1".into(), filed: Some(day(filed)), draft: true, ..Filing::default() };
    let public =
        |file: &str| Filing { form: "S-1/A".into(), file_number: Some(file.into()), ..Filing::default() };
    let threads = group(vec![
        // An unrelated 10-K review runs at the same time and must not absorb the S-1 letters.
        letter(1, LetterKind::Comments, "2022-03-01", vec![draft("2022-02-01")]),
        letter(2, LetterKind::Comments, "2022-03-03", vec![ten_k("2021-12-31", "2022-02-20", None)]),
        answer(3, "2022-03-20", "2022-03-01", vec![draft("2022-03-20")]),
        answer(4, "2022-03-25", "2022-03-03", vec![]),
        letter(5, LetterKind::Comments, "2022-04-05", vec![public("333-261111")]),
        answer(6, "2022-04-12", "2022-04-05", vec![public("333-261111")]),
        letter(7, LetterKind::Other, "2022-04-14", vec![public("333-261111")]),
        letter(
            8,
            LetterKind::Other,
            "2022-04-19",
            vec![Filing { form: "S-1".into(), file_number: Some("333-261111".into()), ..Filing::default() }],
        ),
    ]);
    // The draft's review (1, 3) and the filed S-1's review (5 to 8) are two threads.
    assert_eq!(threads.len(), 3, "{threads:#?}");
    let draft_review = threads.iter().find(|t| t.letters[0].accession.ends_with("000001")).unwrap();
    assert_eq!(accessions(draft_review), ["0000000000-22-000001", "0000012345-22-000003"]);
    let s1 = threads.iter().find(|t| t.letters[0].accession.ends_with("000005")).unwrap();
    assert_eq!(accessions(s1).len(), 4, "{s1:#?}");
    assert_eq!(s1.rounds, 1);
    assert_eq!(s1.status, ThreadStatus::Open, "acceleration requests do not close a review");
    let ten = threads.iter().find(|t| t.letters[0].accession.ends_with("000002")).unwrap();
    assert_eq!(accessions(ten), ["0000000000-22-000002", "0000012345-22-000004"]);
}

#[test]
fn answer_filed_the_same_day_as_the_closing_letter() {
    let k = || vec![ten_k("2018-12-31", "2019-02-12", Some("001-14829"))];
    let mut close = letter(3, LetterKind::ReviewComplete, "2019-05-23", k());
    let mut ans = answer(2, "2019-05-23", "2019-05-14", k());
    // The closing letter was accepted in the afternoon, the answer in the morning.
    close.edgar.accepted = Some(day("2019-05-23").and_hms_opt(19, 0, 0).unwrap());
    ans.edgar.accepted = Some(day("2019-05-23").and_hms_opt(13, 0, 0).unwrap());
    let comments = letter(1, LetterKind::Comments, "2019-05-14", k());
    for input in [
        vec![comments.clone(), close.clone(), ans.clone()],
        vec![ans.clone(), close.clone(), comments.clone()],
    ] {
        let threads = group(input);
        assert_eq!(threads.len(), 1, "{threads:#?}");
        assert_eq!(
            accessions(&threads[0]),
            ["0000000000-19-000001", "0000012345-19-000002", "0000000000-19-000003"]
        );
        assert_eq!(threads[0].days_to_complete, Some(9));
    }
    // Accepted the other way round, the answer comes last but still joins the closed review.
    ans.edgar.accepted = Some(day("2019-05-23").and_hms_opt(21, 0, 0).unwrap());
    let threads = group(vec![comments, close, ans]);
    assert_eq!(threads.len(), 1);
    assert_eq!(threads[0].letters[2].accession, "0000012345-19-000002");
}

#[test]
fn re_block_without_file_number() {
    let no_number = |period, filed| vec![ten_k(period, filed, None)];
    let threads = group(vec![
        letter(1, LetterKind::Comments, "2019-09-10", no_number("2018-12-31", "2019-02-28")),
        answer(2, "2019-10-08", "2019-09-10", no_number("2018-12-31", "2019-02-28")),
        letter(3, LetterKind::ReviewComplete, "2019-10-22", no_number("2018-12-31", "2019-02-28")),
        letter(4, LetterKind::Comments, "2020-03-03", no_number("2019-12-31", "2020-02-27")),
    ]);
    assert_eq!(threads.len(), 2, "{threads:#?}");
    assert_eq!(threads[0].letters.len(), 3);
    assert_eq!(threads[0].status, ThreadStatus::Complete);
    assert_eq!(threads[1].status, ThreadStatus::Open);
    assert_eq!(threads[1].rounds, 1);
}

#[test]
fn a_closed_review_is_not_reopened_by_new_comments() {
    let k = || vec![ten_k("2018-12-31", "2019-02-12", None)];
    let threads = group(vec![
        letter(1, LetterKind::Comments, "2019-05-14", k()),
        letter(2, LetterKind::ReviewComplete, "2019-06-14", k()),
        letter(3, LetterKind::Comments, "2019-07-01", k()),
    ]);
    assert_eq!(threads.len(), 2);
}

#[test]
fn staff_other_letter_starts_but_does_not_time_the_review() {
    let q = || vec![Filing { form: "10-Q".into(), period: Some(day("2019-06-30")), ..Filing::default() }];
    let mut request = letter(901, LetterKind::Other, "2019-08-09", q());
    request.edgar.form = Some("SEC STAFF LETTER".into());
    let threads = group(vec![request, letter(2, LetterKind::ReviewComplete, "2019-09-05", q())]);
    assert_eq!(threads.len(), 1);
    assert_eq!(threads[0].status, ThreadStatus::Complete);
    assert_eq!(threads[0].rounds, 0);
    assert_eq!(threads[0].days_to_complete, Some(0));
}

#[test]
fn companies_never_mix_and_loose_letters_find_their_cik_by_name() {
    let k = || vec![ten_k("2018-12-31", "2019-02-12", None)];
    let mut other = letter(1, LetterKind::Comments, "2019-05-14", k());
    other.edgar.cik = Some("0000099999".into());
    other.edgar.company = Some("OTHER CORP".into());
    let mut loose = answer(7, "2019-06-01", "2019-05-14", k());
    loose.edgar.cik = None;
    loose.edgar.form = None;
    loose.accession = "sha256:abc".into();
    loose.edgar.company = Some("Example Widgets, Inc.".into());
    let threads = group(vec![other, letter(1, LetterKind::Comments, "2019-05-14", k()), loose]);
    assert_eq!(threads.len(), 2);
    let ours = threads.iter().find(|t| t.cik.as_deref() == Some("0000012345")).unwrap();
    assert_eq!(ours.letters.len(), 2);
}

#[test]
fn output_is_deterministic_whatever_the_input_order() {
    let k = || vec![ten_k("2020-12-31", "2021-02-26", None)];
    let a = vec![
        letter(1, LetterKind::Comments, "2021-06-01", k()),
        answer(2, "2021-06-30", "2021-06-01", k()),
        letter(3, LetterKind::ReviewComplete, "2021-07-20", k()),
    ];
    let mut b = a.clone();
    b.reverse();
    assert_eq!(serde_json::to_string(&group(a)).unwrap(), serde_json::to_string(&group(b)).unwrap());
}

#[test]
fn base_forms_and_file_numbers() {
    assert_eq!(form_family("Form 10-K/A"), "10-K");
    assert_eq!(form_family("10-12G"), "10");
    assert_eq!(form_family("DEF 14A"), "14A");
    assert!(same_file_number("1-15405", "001-15405"));
    assert!(!same_file_number("333-1", "333-2"));
}

#[test]
fn a_later_round_may_name_the_latest_quarter_instead() {
    let q = |p| Filing { form: "10-Q".into(), period: Some(day(p)), ..Filing::default() };
    let threads = group(vec![
        letter(
            1,
            LetterKind::Comments,
            "2022-09-29",
            vec![ten_k("2021-12-31", "2022-02-02", None), q("2022-06-30")],
        ),
        answer(2, "2022-10-26", "2022-09-29", vec![]),
        letter(3, LetterKind::Comments, "2022-11-21", vec![q("2022-09-30")]),
        letter(4, LetterKind::ReviewComplete, "2022-12-28", vec![q("2022-09-30")]),
    ]);
    assert_eq!(threads.len(), 1, "{threads:#?}");
    assert_eq!(threads[0].rounds, 2);
}

#[test]
fn registration_and_annual_report_reviews_stay_apart() {
    let s4 = || vec![Filing { form: "S-4".into(), filed: Some(day("2022-11-15")), ..Filing::default() }];
    let threads = group(vec![
        letter(1, LetterKind::Comments, "2022-11-01", vec![ten_k("2021-12-31", "2022-02-02", None)]),
        letter(2, LetterKind::ReviewComplete, "2022-11-21", s4()),
        letter(3, LetterKind::Other, "2022-11-22", s4()),
    ]);
    assert_eq!(threads.len(), 2, "{threads:#?}");
    assert_eq!(threads[1].letters.len(), 2, "the acceleration request joins the S-4 review");
}

#[test]
fn closing_letters_and_orders_right_after_a_close_join_it() {
    let q = || vec![Filing { form: "10-Q".into(), period: Some(day("2019-06-30")), ..Filing::default() }];
    let mut order = letter(903, LetterKind::Other, "2019-09-10", vec![]);
    order.edgar.form = Some("SEC STAFF ACTION".into());
    let threads = group(vec![
        letter(1, LetterKind::ReviewComplete, "2019-08-09", q()),
        letter(2, LetterKind::ReviewComplete, "2019-09-05", q()),
        order,
        letter(904, LetterKind::Other, "2019-12-20", vec![]),
    ]);
    assert_eq!(threads.len(), 2, "{threads:#?}");
    assert_eq!(threads[0].letters.len(), 3);
}

#[test]
fn a_long_pause_in_a_draft_registration_starts_a_new_thread() {
    let draft = |filed| {
        vec![Filing { form: "10-12G".into(), filed: Some(day(filed)), draft: true, ..Filing::default() }]
    };
    let threads = group(vec![
        letter(1, LetterKind::Comments, "2023-08-10", draft("2023-07-28")),
        letter(2, LetterKind::Comments, "2024-01-05", draft("2023-12-18")),
    ]);
    assert_eq!(threads.len(), 2, "148 days without a letter: {threads:#?}");
}

#[test]
fn a_redacted_exhibit_assessment_is_its_own_thread() {
    let k = |exhibits: &[&str]| {
        vec![Filing {
            exhibits: exhibits.iter().map(|e| e.to_string()).collect(),
            ..ten_k("2021-12-31", "2022-02-25", Some("001-39876"))
        }]
    };
    let mut ask = letter(901, LetterKind::Other, "2022-04-04", k(&["10.4"]));
    ask.edgar.form = Some("SEC STAFF LETTER".into());
    let mut concluded = letter(902, LetterKind::ReviewComplete, "2022-05-02", k(&["10.4"]));
    concluded.edgar.form = Some("SEC STAFF LETTER".into());
    let threads = group(vec![
        letter(1, LetterKind::Comments, "2022-03-20", k(&[])),
        ask,
        answer(2, "2022-04-12", "2022-03-20", k(&[])),
        concluded,
        letter(3, LetterKind::ReviewComplete, "2022-05-10", k(&[])),
    ]);
    assert_eq!(threads.len(), 2, "{threads:#?}");
    let review = threads.iter().find(|t| t.letters[0].accession.ends_with("000001")).unwrap();
    assert_eq!(review.letters.len(), 3);
    assert_eq!(review.days_to_complete, Some(51));
    let assessment = threads.iter().find(|t| t.letters[0].accession.ends_with("000901")).unwrap();
    assert_eq!(accessions(assessment), ["0000000000-22-000901", "0000000000-22-000902"]);
    assert_eq!(assessment.status, ThreadStatus::Complete);
    assert_eq!(assessment.rounds, 0);
}
