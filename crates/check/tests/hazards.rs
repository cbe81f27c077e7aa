//! Extraction hazards: what the text of a real letter can do to a figure before the checker sees
//! it. None of them may raise an alarm; a real error next to them still does.

use corresp_model::Verdict;

fn verdicts(text: &str) -> Vec<Verdict> {
    corresp_check::check(text).into_iter().map(|c| c.verdict).collect()
}

#[test]
fn a_footnote_marker_glued_to_a_figure_is_a_doubt_not_an_alarm() {
    // "$45" with footnote 3 as a superscript, extracted as "$453".
    let s = "Revenue increased by 12.5% from $40 million in 2022 to $453 million in 2023.";
    assert_eq!(verdicts(s), vec![Verdict::Unverifiable]);
    let c = &corresp_check::check(s)[0];
    assert!(c.note.as_deref().unwrap_or("").contains("footnote"), "{c:?}");
    // The same wording with a wrong figure that no marker explains is still an alarm.
    let s = "Revenue increased by 12.5% from $40 million in 2022 to $47 million in 2023.";
    assert_eq!(verdicts(s), vec![Verdict::Inconsistent]);
    let s = "Fees of $20 million and $15 million totaled $365 million.";
    assert_eq!(verdicts(s), vec![Verdict::Unverifiable]);
}

#[test]
fn a_footnote_reference_inside_a_figure_keeps_its_scale() {
    let s = "Revenue increased by 12.5% from $40 (1) million in 2022 to $45 million in 2023.";
    assert_eq!(verdicts(s), vec![Verdict::Consistent]);
    let s = "Revenue increased by 20.0% from $40 (1) million in 2022 to $45 million in 2023.";
    assert_eq!(verdicts(s), vec![Verdict::Unverifiable]);
}

#[test]
fn tracked_changes_and_split_figures_are_doubts() {
    let s = "Revenue increased by 12.5% from $40 million in 2022 to $410 $45 million in 2023.";
    assert!(verdicts(s).iter().all(|v| *v != Verdict::Inconsistent), "{:?}", corresp_check::check(s));
    let s = "Revenue increased by 12.5% from $40 million in 2022 to $1,2 34 million in 2023.";
    assert!(verdicts(s).iter().all(|v| *v != Verdict::Inconsistent), "{:?}", corresp_check::check(s));
}
