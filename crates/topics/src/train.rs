//! Training and cross-validation over labelled examples: pure functions, no I/O.
//!
//! The `train` example reads the labels and the corpus and calls these; the cross-validation test
//! calls the same code, so the accuracy it checks is the accuracy the README reports.

use std::collections::BTreeMap;

use crate::features::{self, FilingContext};
use crate::linear::{self, LinearModel, TrainOptions};
use crate::{ANSWERS, ASKS, Classifier, PARTS, TOPICS};

/// One labelled staff comment.
#[derive(Debug, Clone)]
pub struct CommentExample {
    /// Group key for cross-validation (the letter's path): comments of one letter stay in one fold.
    pub group: String,
    /// The comment's text.
    pub text: String,
    /// Its captions.
    pub headings: Vec<String>,
    /// The filing context of its letter.
    pub ctx: FilingContext,
    /// The filings under review, as the letter names them (its Re: block).
    pub forms: String,
    /// Primary topic id.
    pub primary: String,
    /// Other topic ids.
    pub others: Vec<String>,
    /// Ask type name.
    pub ask: String,
}

/// One labelled company answer.
#[derive(Debug, Clone)]
pub struct AnswerExample {
    /// Group key for cross-validation (the letter's path; folds group it by company, see
    /// [`company_of`]).
    pub group: String,
    /// The filing context of the response (its Re: block).
    pub ctx: FilingContext,
    /// The answer's text.
    pub text: String,
    /// The staff comment it answers, as the response repeats it (empty when not repeated).
    pub comment: String,
    /// Whether it quotes revised disclosure.
    pub has_revised_disclosure: bool,
    /// Whether it promises a revision.
    pub commits: bool,
    /// Answer type name.
    pub answer: String,
    /// For a mixed answer, its parts (names from [`PARTS`], in that order); empty otherwise.
    pub parts: Vec<String>,
}

/// The knobs of training and prediction that cross-validation chose (see `data/labels/README.md`).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Params {
    /// Cue weight added to topic scores.
    pub cue_weight: f32,
    /// Passes of the topic and ask models over the data.
    pub epochs: usize,
    /// Passes of the answer model.
    pub answer_epochs: usize,
    /// Class weighting of the topic model (see [`TrainOptions::class_power`]).
    pub class_power: f32,
    /// Class weighting of the ask and answer models.
    pub ask_class_power: f32,
    /// Another topic is listed when its score reaches this share of the primary's.
    pub others_ratio: f32,
    /// Perceptrons averaged in the topic model (see [`linear::train_bagged`]).
    pub bags: usize,
    /// Score added to the ask type the precedence rules pick.
    pub ask_rule_bonus: f32,
    /// Score added to the answer type the answer rules pick.
    pub answer_rule_bonus: f32,
}

/// The shipped parameters.
pub const PARAMS: Params = Params {
    cue_weight: CUE_WEIGHT,
    epochs: 12,
    answer_epochs: 12,
    class_power: 0.0,
    ask_class_power: 0.0,
    others_ratio: 0.2,
    bags: 15,
    ask_rule_bonus: 40.0,
    answer_rule_bonus: 80.0,
};

/// Cue weight added to topic scores; chosen by cross-validation on the labels (see the README).
pub const CUE_WEIGHT: f32 = 48.0;

fn opts(epochs: usize, class_power: f32) -> TrainOptions {
    TrainOptions { epochs, class_power, ..TrainOptions::default() }
}

/// Trains the topic model with the shipped parameters.
pub fn fit_topics(ex: &[CommentExample]) -> LinearModel {
    fit_topics_with(ex, &PARAMS)
}

/// Trains the topic model with given parameters (for choosing them by cross-validation).
pub fn fit_topics_with(ex: &[CommentExample], p: &Params) -> LinearModel {
    let data: Vec<(Vec<String>, usize)> = ex
        .iter()
        .filter_map(|e| {
            let y = TOPICS.iter().position(|t| *t == e.primary)?;
            Some((features::topic_features(&e.text, &e.headings, &e.forms), y))
        })
        .collect();
    let mut m = linear::train_bagged(&TOPICS, &data, opts(p.epochs, p.class_power), p.bags);
    m.cue_weight = p.cue_weight;
    m
}

/// Trains the ask model with the shipped parameters.
pub fn fit_ask(ex: &[CommentExample]) -> LinearModel {
    fit_ask_with(ex, &PARAMS)
}

/// Trains the ask model with given parameters.
pub fn fit_ask_with(ex: &[CommentExample], p: &Params) -> LinearModel {
    let data: Vec<(Vec<String>, usize)> = ex
        .iter()
        .filter_map(|e| {
            let y = ASKS.iter().position(|t| *t == e.ask)?;
            Some((crate::ask_model_features(&e.text, &e.headings, e.ctx), y))
        })
        .collect();
    linear::train(&ASKS, &data, opts(p.epochs, p.ask_class_power))
}

/// Trains the answer model with the shipped parameters.
pub fn fit_answers(ex: &[AnswerExample]) -> LinearModel {
    fit_answers_with(ex, &PARAMS)
}

/// Trains the answer model with given parameters.
pub fn fit_answers_with(ex: &[AnswerExample], p: &Params) -> LinearModel {
    let data: Vec<(Vec<String>, usize)> = ex
        .iter()
        .filter_map(|e| {
            let y = ANSWERS.iter().position(|t| *t == e.answer)?;
            Some((answer_feats(e), y))
        })
        .collect();
    // Averaged over bags, like the topic model: with a few hundred answers one perceptron's
    // weights depend on the order it saw them in.
    linear::train_bagged(&ANSWERS, &data, opts(p.answer_epochs, p.ask_class_power), p.bags)
}

fn answer_feats(e: &AnswerExample) -> Vec<String> {
    crate::answer_model_features_in(&e.text, &e.comment, e.has_revised_disclosure, e.commits, e.ctx)
}

/// Whether an example's answer contains a part: its type is that part, or it is mixed with it.
fn has_part(e: &AnswerExample, part: &str) -> bool {
    e.answer == part || e.parts.iter().any(|p| p == part)
}

/// Trains the part models: one yes/no model per entry of [`PARTS`], on every labelled answer.
pub fn fit_parts_with(ex: &[AnswerExample], p: &Params) -> Vec<LinearModel> {
    let feats: Vec<Vec<String>> = ex.iter().map(answer_feats).collect();
    PARTS
        .iter()
        .map(|part| {
            let data: Vec<(Vec<String>, usize)> =
                ex.iter().zip(&feats).map(|(e, f)| (f.clone(), has_part(e, part) as usize)).collect();
            linear::train(&["no", "yes"], &data, opts(p.answer_epochs, p.ask_class_power))
        })
        .collect()
}

/// Trains the part models with the shipped parameters.
pub fn fit_parts(ex: &[AnswerExample]) -> Vec<LinearModel> {
    fit_parts_with(ex, &PARAMS)
}

/// The company of a corpus path (`lehigh/sec/<TICKER>/...` gives the ticker); other keys are their
/// own company.
pub fn company_of(group: &str) -> &str {
    let mut it = group.split('/');
    match (it.next(), it.next(), it.next()) {
        (Some("lehigh"), Some("sec"), Some(t)) => t,
        _ => group,
    }
}

/// Cross-validated accuracy, each a share in 0..=1.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct CvReport {
    /// Comments scored.
    pub comments: usize,
    /// Primary topic right.
    pub primary: f64,
    /// Labelled primary among the predicted primary and first two others (the scorer's top-3).
    pub top3: f64,
    /// Of the predicted other topics, the share that are among the labelled primary and others.
    pub others_precision: f64,
    /// Of the labelled other topics, the share among the predicted primary and others.
    pub others_recall: f64,
    /// Ask type right.
    pub ask: f64,
    /// Ask type right by the precedence rules alone (baseline).
    pub ask_rules: f64,
    /// Primary topic right by the cue rules alone (baseline).
    pub primary_cues: f64,
    /// Answers scored.
    pub answers: usize,
    /// Answer type right.
    pub answer: f64,
    /// Answer type right by the rules alone (baseline).
    pub answer_rules: f64,
    /// Labelled mixed answers scored for their parts.
    pub mixed: usize,
    /// Answer type and parts both right (parts empty for an answer that is not mixed).
    pub answer_and_parts: f64,
    /// Of the labelled mixed answers: predicted mixed with exactly the labelled parts.
    pub mixed_parts: f64,
    /// Of the labelled mixed answers: predicted mixed.
    pub mixed_recall: f64,
    /// Of the answers predicted mixed: labelled mixed.
    pub mixed_precision: f64,
    /// Labelled declined answers predicted declined.
    pub declined_recall: f64,
}

fn folds(groups: &[&str], k: usize) -> Vec<usize> {
    // Folds are split by company: no company's letters are both trained on and scored. Companies go
    // to folds in a fixed order of their names, so every run splits the same way.
    let groups: Vec<&str> = groups.iter().map(|g| company_of(g)).collect();
    let groups = groups.as_slice();
    let mut names: Vec<&str> = groups.to_vec();
    names.sort_unstable();
    names.dedup();
    let fold_of: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i % k)).collect();
    groups.iter().map(|g| fold_of[g]).collect()
}

/// One held-out prediction of the cross-validation, for error analysis.
#[derive(Debug, Clone)]
pub struct CvMiss {
    /// Index of the example in the input.
    pub index: usize,
    /// What was predicted (topic, ask or answer name).
    pub got: String,
    /// What the label says.
    pub want: String,
    /// Which measure: `primary`, `ask` or `answer`.
    pub what: &'static str,
}

/// K-fold cross-validation grouped by company, with the shipped parameters.
pub fn cross_validate(comments: &[CommentExample], answers: &[AnswerExample], k: usize) -> CvReport {
    cross_validate_with(comments, answers, k, &PARAMS).0
}

/// [`cross_validate`] with given parameters; also returns the misses.
pub fn cross_validate_with(
    comments: &[CommentExample],
    answers: &[AnswerExample],
    k: usize,
    p: &Params,
) -> (CvReport, Vec<CvMiss>) {
    let mut r = CvReport { comments: comments.len(), answers: answers.len(), ..Default::default() };
    let mut misses = Vec::new();
    let cf = folds(&comments.iter().map(|e| e.group.as_str()).collect::<Vec<_>>(), k);
    let af = folds(&answers.iter().map(|e| e.group.as_str()).collect::<Vec<_>>(), k);
    let empty = LinearModel::default();
    let cues_only = Classifier::from_models(empty.clone(), empty.clone(), empty.clone());
    let (mut pred_others, mut good_others, mut want_others, mut found_others) = (0f64, 0f64, 0f64, 0f64);
    let (mut predicted_mixed, mut declined) = (0f64, 0f64);
    for fold in 0..k {
        let train_c: Vec<CommentExample> =
            comments.iter().zip(&cf).filter(|(_, f)| **f != fold).map(|(e, _)| e.clone()).collect();
        let train_a: Vec<AnswerExample> =
            answers.iter().zip(&af).filter(|(_, f)| **f != fold).map(|(e, _)| e.clone()).collect();
        let c = Classifier::from_models(
            fit_topics_with(&train_c, p),
            fit_ask_with(&train_c, p),
            fit_answers_with(&train_a, p),
        )
        .with_params(p)
        .with_part_models(fit_parts_with(&train_a, p));
        for (i, (e, _)) in comments.iter().zip(&cf).enumerate().filter(|(_, (_, f))| **f == fold) {
            let (t, a) = c.comment_in(&e.text, &e.headings, e.ctx, &e.forms);
            let pr = t.primary.clone().unwrap_or_default();
            r.primary += (pr == e.primary) as u8 as f64;
            if pr != e.primary {
                misses.push(CvMiss { index: i, got: pr.clone(), want: e.primary.clone(), what: "primary" });
            }
            let top: Vec<String> =
                std::iter::once(pr.clone()).chain(t.others.iter().cloned()).take(3).collect();
            r.top3 += top.contains(&e.primary) as u8 as f64;
            for o in &t.others {
                pred_others += 1.0;
                good_others += (*o == e.primary || e.others.contains(o)) as u8 as f64;
            }
            for o in &e.others {
                want_others += 1.0;
                found_others += (*o == pr || t.others.contains(o)) as u8 as f64;
            }
            let an = crate::ask_name(a);
            r.ask += (an == e.ask) as u8 as f64;
            if an != e.ask {
                misses.push(CvMiss { index: i, got: an.into(), want: e.ask.clone(), what: "ask" });
            }
            r.ask_rules +=
                (crate::ask_name(crate::rule_ask(&e.text, &e.headings, e.ctx)) == e.ask) as u8 as f64;
            let (tc, _) = cues_only.comment_in(&e.text, &e.headings, e.ctx, &e.forms);
            r.primary_cues += (tc.primary.as_deref() == Some(e.primary.as_str())) as u8 as f64;
        }
        for (i, (e, _)) in answers.iter().zip(&af).enumerate().filter(|(_, (_, f))| **f == fold) {
            let (t, parts) =
                c.answer_with_parts(&e.text, &e.comment, e.has_revised_disclosure, e.commits, e.ctx);
            let got = crate::answer_name(t);
            let parts: Vec<&str> = parts.iter().map(|p| crate::answer_name(*p)).collect();
            r.answer += (got == e.answer) as u8 as f64;
            let parts_right = parts.len() == e.parts.len() && parts.iter().zip(&e.parts).all(|(a, b)| a == b);
            r.answer_and_parts += (got == e.answer && parts_right) as u8 as f64;
            if e.answer == "mixed" {
                r.mixed += 1;
                r.mixed_recall += (got == "mixed") as u8 as f64;
                r.mixed_parts += (got == "mixed" && parts_right) as u8 as f64;
            }
            if got == "mixed" {
                predicted_mixed += 1.0;
                r.mixed_precision += (e.answer == "mixed") as u8 as f64;
            }
            if e.answer == "declined" {
                declined += 1.0;
                r.declined_recall += (got == "declined") as u8 as f64;
            }
            if got != e.answer || !parts_right {
                let got =
                    if parts.is_empty() { got.to_string() } else { format!("{got}:{}", parts.join("+")) };
                misses.push(CvMiss { index: i, got, want: e.answer.clone(), what: "answer" });
            }
            let (rules, _) =
                crate::rule_answer_parts(&e.text, &e.comment, e.has_revised_disclosure, e.commits, e.ctx);
            r.answer_rules += (crate::answer_name(rules) == e.answer) as u8 as f64;
        }
    }
    let n = r.comments.max(1) as f64;
    let m = r.answers.max(1) as f64;
    r.primary /= n;
    r.top3 /= n;
    r.others_precision = good_others / pred_others.max(1.0);
    r.others_recall = found_others / want_others.max(1.0);
    r.ask /= n;
    r.ask_rules /= n;
    r.primary_cues /= n;
    r.answer /= m;
    r.answer_rules /= m;
    r.answer_and_parts /= m;
    r.mixed_parts /= r.mixed.max(1) as f64;
    r.mixed_recall /= r.mixed.max(1) as f64;
    r.mixed_precision /= predicted_mixed.max(1.0);
    r.declined_recall /= declined.max(1.0);
    (r, misses)
}
