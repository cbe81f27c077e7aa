//! Properties: `check` never panics, and every claim's offsets sit on char boundaries of the input
//! and cut out exactly the claim's text.

use corresp_model::{ClaimKind, Verdict};
use proptest::prelude::*;

fn holds(text: &str) {
    for c in corresp_check::check(text) {
        assert!(c.start <= c.end && c.end <= text.len());
        assert!(text.is_char_boundary(c.start) && text.is_char_boundary(c.end));
        assert_eq!(&text[c.start..c.end], c.text);
    }
}

/// Pieces that look like disclosure, so random text reaches the rules and not only the tokenizer.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("increased by ".to_string()),
        Just("decreased ".to_string()),
        Just(" from ".to_string()),
        Just(" to ".to_string()),
        Just(", or ".to_string()),
        Just(" which accounted for ".to_string()),
        Just(" of total net revenues".to_string()),
        Just(" consisting of ".to_string()),
        Just(" totaled ".to_string()),
        Just(", which together totaled ".to_string()),
        Just(" combined to ".to_string()),
        Just(" amounted in total to ".to_string()),
        Just(", respectively, ".to_string()),
        Just("m".to_string()),
        Just("bn".to_string()),
        Just(" and ".to_string()),
        Just(" percentage points".to_string()),
        Just(" (".to_string()),
        Just(")".to_string()),
        Just(". ".to_string()),
        Just("US\\$".to_string()),
        Just("RMB".to_string()),
        Just("€".to_string()),
        Just(" million".to_string()),
        Just(" in 2013".to_string()),
        Just(", of which ".to_string()),
        Just(" and an additional ".to_string()),
        Just(" the remaining ".to_string()),
        Just(" consisting of (i) ".to_string()),
        Just(" comprised of: 1) ".to_string()),
        Just("; (ii) ".to_string()),
        Just(" and 2) ".to_string()),
        Just(" including (i) ".to_string()),
        Just(" basis points".to_string()),
        Just(" (operating margin of ".to_string()),
        Just(", compared to ".to_string()),
        Just(", which included favorable impacts of ".to_string()),
        Just(" driven by ".to_string()),
        Just(" offset by negative impacts of ".to_string()),
        Just(". The increase in net income was driven by increased ".to_string()),
        Just(" would change interest expense by ".to_string()),
        Just(" for the three months and for the year".to_string()),
        Just(" one percent".to_string()),
        Just(" (1) ".to_string()),
        Just(" (a)".to_string()),
        Just("*".to_string()),
        Just(",".to_string()),
        Just("\n".to_string()),
        Just("%".to_string()),
        Just("\u{a0}".to_string()),
        "[0-9]{1,4}(,[0-9]{3})?(\\.[0-9]{1,4})?",
        "\\PC{0,6}",
    ]
}

/// The ways a list of amounts leads into its total ("A and B totaled T").
const TOTAL_VERBS: &[&str] = &[
    "totaled",
    "totalled",
    ", totaling",
    ", which together totaled",
    "together totaled",
    "aggregated",
    "combined to",
    "amounted in total to",
    ", for a total of",
];

/// "Fees of A and B VERB T" in one currency and scale, the figures in tenths.
fn forward_sum(cur: &str, scale: &str, verb: &str, a: u32, b: u32, t: u32) -> String {
    let f = |x: u32| format!("{cur}{:.1}{scale}", f64::from(x) / 10.0);
    format!("Fees of {} and {} {verb} {}.", f(a), f(b), f(t)).replace(" ,", ",")
}

proptest! {
    /// "A and B totaled T" is a sum: consistent when T is A + B, inconsistent when T is off by
    /// more than the rounding of the three figures allows (0.15 at one decimal), and never a panic.
    #[test]
    fn list_then_total_is_judged_as_a_sum(
        cur in prop::sample::select(vec!["$", "US$", "RMB ", "RMB"]),
        scale in prop::sample::select(vec!["m", " million", " billion", "bn"]),
        verb in prop::sample::select(TOTAL_VERBS.to_vec()),
        a in 1u32..100_000,
        b in 1u32..100_000,
        off in 2u32..50,
    ) {
        let right = forward_sum(cur, scale, verb, a, b, a + b);
        holds(&right);
        let sums: Vec<_> = corresp_check::check(&right).into_iter().filter(|c| c.kind == ClaimKind::Sum).collect();
        prop_assert_eq!(sums.len(), 1, "{}: {:?}", right, sums);
        prop_assert_eq!(sums[0].verdict, Verdict::Consistent, "{}", right);
        let wrong = forward_sum(cur, scale, verb, a, b, a + b + off);
        holds(&wrong);
        let sums: Vec<_> = corresp_check::check(&wrong).into_iter().filter(|c| c.kind == ClaimKind::Sum).collect();
        prop_assert_eq!(sums.len(), 1, "{}: {:?}", wrong, sums);
        prop_assert_eq!(sums[0].verdict, Verdict::Inconsistent, "{}", wrong);
    }

    #[test]
    fn never_panics_on_any_text(s in "\\PC{0,300}") {
        holds(&s);
    }

    #[test]
    fn never_panics_on_disclosure_like_text(parts in proptest::collection::vec(piece(), 0..60)) {
        holds(&parts.concat());
    }
}

/// Long run-on text (a table flattened without full stops) is read whole: the rules look at
/// bounded windows, never at the whole prefix for each figure (its speed belongs in a benchmark).
#[test]
fn long_run_on_text_is_read() {
    let text = "RMB1,234.5 million (US$200.0 million) and an increase of 5.0% from RMB9.0 million to "
        .repeat(20_000);
    let claims = corresp_check::check(&text);
    assert!(claims.len() >= 20_000, "{} claims", claims.len());
}

/// The prose shapes of real responses, run on without full stops and with them, about 2 MB: every
/// rule reads a bounded window, so this is read in one pass (release: well under a second).
#[test]
fn long_text_of_every_prose_shape_is_read() {
    let unit = "Operating income was $88 million (operating margin of 9.4%), compared to $61 million (operating margin of 7.1%), an increase of 230 basis points, which included favorable impacts of 120 basis points, as well as 110 basis points driven by a 60 basis point increase; costs of $40 million, of which $25 million related to one plan and an additional $15 million, consisting of (i) $20 million of x; (ii) $20 million of y and (iii) $0 million; the remaining $5 million (a) $1 million 1) $2 million and 2) $3 million, or 12% of the $25 million, a one percent change in rates on $9 billion would change interest expense by $22 million and $90 million for the three months and for the year, respectively, ";
    let limit = if cfg!(debug_assertions) { 10.0 } else { 1.0 };
    let run_on = unit.repeat(2_000_000 / unit.len() + 1);
    let t = std::time::Instant::now();
    let claims = corresp_check::check(&run_on);
    let took = t.elapsed();
    eprintln!("{} bytes run on, {} claims, in {took:?}", run_on.len(), claims.len());
    assert!(claims.len() > 1000 && took.as_secs_f64() < limit, "{} claims in {took:?}", claims.len());
    let sentences = unit.replace(", ", ". ").replace("; ", ". ").repeat(2_000_000 / unit.len() + 1);
    let t = std::time::Instant::now();
    let claims = corresp_check::check(&sentences);
    let took = t.elapsed();
    eprintln!("{} bytes in sentences, {} claims, in {took:?}", sentences.len(), claims.len());
    assert!(!claims.is_empty() && took.as_secs_f64() < limit, "{} claims in {took:?}", claims.len());
}

/// An HTML table of `rows` amounts in two years with a change column and a total row, all of
/// which add up; `cell_noise` inserts odd cells (dashes, footnote markers, stray text).
fn html_table(rows: &[(u32, u32)], cell_noise: &[u8]) -> String {
    let mut h = String::from(
        "<table><tr><td></td><td colspan='2'>2023</td><td colspan='2'>2022</td><td colspan='2'>Change</td></tr>",
    );
    let (mut ta, mut tb) = (0i64, 0i64);
    for (i, &(a, b)) in rows.iter().enumerate() {
        let (a, b) = (i64::from(a), i64::from(b));
        ta += a;
        tb += b;
        let d = a - b;
        let dc = if d < 0 { format!("({})", -d) } else { d.to_string() };
        let noise = match cell_noise.get(i).copied().unwrap_or(0) % 4 {
            0 => "",
            1 => "<sup>(1)</sup>",
            2 => " *",
            _ => "&#8212;",
        };
        h.push_str(&format!(
            "<tr><td>Line {i}{noise}</td><td>$</td><td>{a}</td><td>$</td><td>{b}</td><td></td><td>{dc}</td></tr>"
        ));
    }
    let d = ta - tb;
    let dc = if d < 0 { format!("({})", -d) } else { d.to_string() };
    h.push_str(&format!(
        "<tr><td>Total</td><td>$</td><td>{ta}</td><td>$</td><td>{tb}</td><td></td><td>{dc}</td></tr></table>"
    ));
    format!("<html><body><p>The table follows.</p>{h}<p>End.</p></body></html>")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Generated tables whose figures all agree: never an alarm, and every claim's cells and
    /// offsets point into the text.
    #[test]
    fn generated_tables_that_add_up_raise_no_alarm(
        rows in proptest::collection::vec((1u32..100_000, 1u32..100_000), 0..12),
        noise in proptest::collection::vec(any::<u8>(), 12),
    ) {
        let html = html_table(&rows, &noise);
        let ex = corresp_extract::extract(html.as_bytes(), "t.htm").unwrap();
        for c in corresp_check::check_text(&ex.text) {
            prop_assert!(c.verdict != corresp_model::Verdict::Inconsistent, "{c:?}\n{html}");
            prop_assert_eq!(&ex.text.text[c.start..c.end], c.text.as_str());
            for r in &c.cells {
                prop_assert!(r.table < ex.text.tables.len());
            }
        }
    }
}

/// Tables are read in linear time: a 2 MB response made of one long table checks in well under a
/// second (release builds; debug builds get ten times the time).
#[test]
fn a_long_table_is_read_fast() {
    let rows: Vec<(u32, u32)> = (0..50_000u32).map(|i| (1_000 + i % 977, 900 + i % 853)).collect();
    let html = html_table(&rows, &[]);
    let ex = corresp_extract::extract(html.as_bytes(), "t.htm").unwrap();
    let t = std::time::Instant::now();
    let claims = corresp_check::check_text(&ex.text);
    let took = t.elapsed();
    assert!(!claims.is_empty());
    eprintln!("{} bytes of text, {} claims, in {took:?}", ex.text.text.len(), claims.len());
    let limit = if cfg!(debug_assertions) { 10.0 } else { 1.0 };
    assert!(took.as_secs_f64() < limit, "{} bytes of text took {took:?}", ex.text.text.len());
}

/// A 2 MB response of disclosure prose checks in well under a second (release builds).
#[test]
fn two_megabytes_of_prose_are_read_fast() {
    let para = include_str!("fixtures/kinds.txt");
    let text = para.repeat(2_000_000 / para.len() + 1);
    let t = std::time::Instant::now();
    let claims = corresp_check::check(&text);
    let took = t.elapsed();
    eprintln!("{} bytes of prose, {} claims, in {took:?}", text.len(), claims.len());
    let limit = if cfg!(debug_assertions) { 10.0 } else { 1.0 };
    assert!(took.as_secs_f64() < limit);
}
