//! Tables set in columns of spaces (EDGAR `.txt` letters, PDF table rows as extraction lays them
//! out) are checked like HTML tables. The letters are written for these tests.

use corresp_model::{CellRef, ClaimKind, Text, Verdict};

fn claims(s: &str) -> Vec<corresp_model::Claim> {
    corresp_check::check_text(&Text::plain(s))
}

fn count(c: &[corresp_model::Claim], kind: ClaimKind, v: Verdict) -> usize {
    c.iter().filter(|x| x.kind == kind && x.verdict == v && !x.cells.is_empty()).count()
}

const SEGMENTS: &str = "\
In response to the Staff's comment, the Company proposes to present net sales by segment as
follows (in millions):

                                Fiscal Year
                           ---------------------
                              2024        2023      $ Change    % Change
Industrial                 $ 2,415     $ 2,180      $   235        10.8 %
Consumer                     1,306       1,422         (116)       (8.2)%
Healthcare                     884         790           94        11.9 %
Energy                         512         468           44         9.4 %
                           -------     -------      -------
Total net sales            $ 5,117     $ 4,860      $   257         5.3 %

We will include this table in future filings.
";

#[test]
fn a_fixed_width_segment_table_foots_and_its_change_columns_hold() {
    let c = claims(SEGMENTS);
    assert!(c.iter().all(|x| x.verdict != Verdict::Inconsistent), "{c:#?}");
    assert_eq!(count(&c, ClaimKind::Sum, Verdict::Consistent), 3, "{c:#?}");
    assert_eq!(count(&c, ClaimKind::Difference, Verdict::Consistent), 5, "{c:#?}");
    assert_eq!(count(&c, ClaimKind::PercentChange, Verdict::Consistent), 5, "{c:#?}");
    // Claims cut their figures out of the text and point at cells of table 0.
    let total = c.iter().find(|x| x.kind == ClaimKind::Sum && x.stated == Some(5117.0)).unwrap();
    assert_eq!(&SEGMENTS[total.start..total.end], total.text);
    assert!(total.text.starts_with("$ 2,415") && total.text.ends_with("$ 5,117"), "{}", total.text);
    assert!(total.cells.iter().all(|r| r.table == 0));
}

#[test]
fn one_wrong_cell_raises_one_alarm_at_that_cell() {
    let bad = SEGMENTS.replace("(8.2)%", "(9.2)%");
    let c = claims(&bad);
    let flagged: Vec<_> = c.iter().filter(|x| x.verdict == Verdict::Inconsistent).collect();
    assert_eq!(flagged.len(), 1, "{c:#?}");
    assert_eq!(flagged[0].kind, ClaimKind::PercentChange);
    assert_eq!(flagged[0].stated, Some(-9.2));
    let at = bad.find("(9.2)").unwrap();
    assert!(flagged[0].start <= at && at < flagged[0].end);

    let bad = SEGMENTS.replace("$ 5,117", "$ 5,171");
    let c = claims(&bad);
    let flagged: Vec<_> = c.iter().filter(|x| x.verdict == Verdict::Inconsistent).collect();
    assert_eq!(flagged.len(), 1, "{c:#?}");
    assert_eq!(flagged[0].kind, ClaimKind::Sum);
    // Row 5 of the table: the years are row 0, the rules are no rows, and "Fiscal Year" (one
    // cell, like a line of prose) does not open a table.
    assert_eq!(flagged[0].cells.last().map(|r| (r.row, r.col)), Some((5, 1)), "{:?}", flagged[0].cells);
    let pct = claims(&SEGMENTS.replace("(8.2)%", "(9.2)%"));
    let pct = pct.iter().find(|x| x.verdict == Verdict::Inconsistent).unwrap();
    assert_eq!(pct.cells, [(2, 1), (2, 2), (2, 4)].map(|(row, col)| CellRef { table: 0, row, col }));
}

/// As extraction lays out a PDF table: cells at the column of their x position, so a figure
/// set in a proportional face may stand a character off its neighbours.
#[test]
fn pdf_layout_a_character_off_still_reads() {
    let s = "\
                                    Year Ended December 31,
                                       2023          2022
Cost of revenue                      41,212        38,040
Research and development             12,006        11,310
Sales and marketing                   9,871         9,112
General and administrative            4,117          3,802
Total costs and expenses             67,206        62,264
";
    let c = claims(s);
    assert!(c.iter().all(|x| x.verdict != Verdict::Inconsistent), "{c:#?}");
    assert_eq!(count(&c, ClaimKind::Sum, Verdict::Consistent), 2, "{c:#?}");
}

#[test]
fn share_columns_in_text() {
    let s = "\
                         Amount      % of total
Retail                  $ 4,210          52.6%
Wholesale                 2,405          30.0%
Online                    1,390          17.4%
Total                   $ 8,005         100.0%
";
    let s = &s
        .replace(
            "$ 4,210          52.6%",
            "$ 3,010          37.6%\nExport                    1,200          15.0%",
        )
        .replace(
            "2,405          30.0%",
            "1,605          20.0%\nLicensing                   800          10.0%",
        );
    let c = claims(s);
    assert_eq!(count(&c, ClaimKind::ShareOfTotal, Verdict::Consistent), 5, "{c:#?}");
    let c = claims(&s.replace("20.0%", "21.0%"));
    assert_eq!(count(&c, ClaimKind::ShareOfTotal, Verdict::Inconsistent), 1, "{c:#?}");
}

/// A table whose columns cannot be told apart (a wide figure set across two columns) is not
/// read: no claim rather than a false alarm.
#[test]
fn a_table_that_cannot_be_read_gives_no_alarm() {
    let s = "\
                            2023        2022      Change
Interest income            1,410       1,250         160
Interest expense            (620)       (575)        (45)
Fee income                    33,302,900              40
Other                         80          70          10
Total                      1,200       1,035         165
";
    let c = claims(s);
    assert!(c.iter().all(|x| x.verdict != Verdict::Inconsistent), "{c:#?}");
    assert!(c.iter().all(|x| x.cells.is_empty()), "{c:#?}");
}

#[test]
fn html_tables_come_first_in_cell_numbers() {
    // A text with one (empty) extracted table: the table set in text is numbered after it.
    let mut t = Text::plain(SEGMENTS);
    let end = SEGMENTS.find("In response").unwrap() + 10;
    t.tables.push(corresp_model::Table { span: corresp_model::Span::new(0, end), rows: Vec::new() });
    let c = corresp_check::check_text(&t);
    let cells: Vec<CellRef> = c.iter().flat_map(|x| x.cells.iter().copied()).collect();
    assert!(!cells.is_empty() && cells.iter().all(|r| r.table == 1), "{cells:?}");
}

mod generated {
    //! Generated fixed-width tables: amounts for two years, their change and percent change, and
    //! a total row, set right-aligned with a character of jitter per cell (as a PDF's
    //! proportional figures come out of extraction).
    use super::*;
    use proptest::prelude::*;

    const LABELS: &[&str] = &[
        "Products",
        "Services and other",
        "Licensing",
        "Cloud subscriptions",
        "Hardware",
        "Support",
        "Other",
    ];

    fn money(v: i64) -> String {
        let s = v.abs().to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        if v < 0 { format!("({out})") } else { out }
    }

    fn pct(a: i64, b: i64) -> String {
        let p = (a as f64 / b as f64 - 1.0) * 100.0;
        if p < 0.0 { format!("({:.1})%", -p) } else { format!("{p:.1}%") }
    }

    /// The table's text; `total_off` is added to the printed total of the first column.
    fn render(rows: &[(usize, i64, i64, [u8; 4])], total_off: i64) -> (String, String) {
        let edges = [40usize, 56, 72, 86];
        let mut text = String::from("Net revenues by category were as follows (in thousands):\n\n");
        let line = |label: &str, cells: [String; 4], jitter: [u8; 4]| {
            let mut l = label.to_string();
            for (k, c) in cells.iter().enumerate() {
                let right = edges[k] + usize::from(jitter[k] % 2);
                while l.chars().count() + c.chars().count() < right {
                    l.push(' ');
                }
                l.push_str(c);
            }
            l + "\n"
        };
        text.push_str(&line("", ["2024".into(), "2023".into(), "Change".into(), "% Change".into()], [0; 4]));
        let (mut ta, mut tb) = (0, 0);
        for &(li, a, b, j) in rows {
            ta += a;
            tb += b;
            text.push_str(&line(LABELS[li % LABELS.len()], [money(a), money(b), money(a - b), pct(a, b)], j));
        }
        let printed = money(ta + total_off);
        text.push_str(&line("Total", [printed.clone(), money(tb), money(ta - tb), pct(ta, tb)], [0; 4]));
        (text, printed)
    }

    fn rows(n: std::ops::Range<usize>) -> impl Strategy<Value = Vec<(usize, i64, i64, [u8; 4])>> {
        proptest::collection::vec((0usize..7, 100i64..900_000, 100i64..900_000, any::<[u8; 4]>()), n)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn a_table_that_adds_up_raises_no_alarm(rows in rows(3..9)) {
            let (text, _) = render(&rows, 0);
            let c = claims(&text);
            prop_assert!(c.iter().all(|x| x.verdict != Verdict::Inconsistent), "{text}\n{c:#?}");
            prop_assert!(count(&c, ClaimKind::Sum, Verdict::Consistent) >= 2, "{text}\n{c:#?}");
            for x in &c {
                prop_assert_eq!(&text[x.start..x.end], x.text.as_str());
            }
        }

        #[test]
        fn a_wrong_total_is_the_one_alarm(rows in rows(4..9), off in 1i64..5_000) {
            let (text, printed) = render(&rows, off);
            let c = claims(&text);
            let bad: Vec<_> = c.iter().filter(|x| x.verdict == Verdict::Inconsistent).collect();
            prop_assert_eq!(bad.len(), 1, "{}\n{:#?}", text, c);
            prop_assert!(bad[0].text.contains(&printed), "{text}\n{:#?}", bad[0]);
        }

        #[test]
        fn text_with_gaps_never_panics(s in "[ 0-9a-z,.$()%\\-\n\u{c}]{0,400}") {
            for x in claims(&s) {
                prop_assert!(x.start <= x.end && x.end <= s.len());
                prop_assert_eq!(&s[x.start..x.end], x.text.as_str());
            }
        }
    }
}

/// A 2 MB letter made of one long table set in text, and one of many short ones, check in well
/// under a second (release builds; debug builds get ten times the time).
#[test]
fn two_megabytes_of_text_tables_are_read_fast() {
    let long: String = (0..40_000i64)
        .map(|i| {
            let (a, b) = (1_000 + i % 977, 900 + i % 853);
            format!("Item {i:<12}{a:>12}{b:>12}{:>12}\n", a - b)
        })
        .collect();
    let short = SEGMENTS.repeat(2_000_000 / SEGMENTS.len() + 1);
    for text in [long, short] {
        let t = std::time::Instant::now();
        let prose = corresp_check::check(&text).len();
        eprintln!("prose alone: {prose} claims in {:?}", t.elapsed());
        let t = std::time::Instant::now();
        let c = claims(&text);
        let took = t.elapsed();
        eprintln!("{} bytes of text tables, {} claims, in {took:?}", text.len(), c.len());
        assert!(!c.is_empty());
        let limit = if cfg!(debug_assertions) { 10.0 } else { 1.0 };
        assert!(took.as_secs_f64() < limit, "{} bytes took {took:?}", text.len());
    }
}

/// A figure the layout set apart from its column (a hanging negative here) leaves that column
/// one part short: its total is no proof of an error.
#[test]
fn a_column_missing_a_figure_raises_no_alarm_on_its_total() {
    let s = "\
                              2021        2020        2019
Net income                 $   427     $   254     $   301
Restructuring                   22          77          40
Special charges                 12          86          15
Tax-related items               --    (16)              (5)
Tax effects                     (7)         (27)        (11)
Total                      $   454     $   374     $   340
";
    let c = claims(s);
    assert!(c.iter().all(|x| x.verdict != Verdict::Inconsistent), "{c:#?}");
    assert_eq!(count(&c, ClaimKind::Sum, Verdict::Unverifiable), 1, "{c:#?}");
}

/// The whole path: an EDGAR `.txt` letter through extraction, whose fixed-width rows keep their
/// columns, to the same claims as the text itself.
#[test]
fn a_txt_letter_through_extraction() {
    let ex = corresp_extract::extract(SEGMENTS.as_bytes(), "letter.txt").unwrap();
    let c = corresp_check::check_text(&ex.text);
    let table = |c: &[corresp_model::Claim]| {
        c.iter().filter(|x| !x.cells.is_empty()).map(|x| (x.kind, x.verdict, x.stated)).collect::<Vec<_>>()
    };
    assert_eq!(table(&c), table(&claims(SEGMENTS)));
    assert_eq!(table(&c).len(), 13, "{c:#?}");
}
