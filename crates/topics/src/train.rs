//! Training and cross-validation over labelled examples: pure functions, no I/O.
//!
//! The `train` example reads the labels and the corpus and calls these; the cross-validation test
//! calls the same code, so the accuracy it checks is the accuracy the README reports.

use std::collections::BTreeMap;

use crate::features::{self, FilingContext};
use crate::linear::{self, LinearModel, TrainOptions};
use crate::{ANSWERS, ASKS, Classifier, TOPICS};

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
    /// Group key for cross-validation (the letter's path).
    pub group: String,
    /// The answer's text.
    pub text: String,
    /// Whether it quotes revised disclosure.
    pub has_revised_disclosure: bool,
    /// Whether it promises a revision.
    pub commits: bool,
    /// Answer type name.
    pub answer: String,
}

/// Cue weight added to topic scores; chosen by cross-validation on the labels (see the README).
pub const CUE_WEIGHT: f32 = 24.0;

/// Trains the topic model with the shipped cue weight.
pub fn fit_topics(ex: &[CommentExample]) -> LinearModel {
    fit_topics_with(ex, CUE_WEIGHT)
}

/// Trains the topic model with a given cue weight (for choosing it by cross-validation).
pub fn fit_topics_with(ex: &[CommentExample], cue_weight: f32) -> LinearModel {
    let data: Vec<(Vec<String>, usize)> = ex
        .iter()
        .filter_map(|e| {
            let y = TOPICS.iter().position(|t| *t == e.primary)?;
            Some((features::topic_features(&e.text, &e.headings), y))
        })
        .collect();
    let mut m = linear::train(&TOPICS, &data, TrainOptions::default());
    m.cue_weight = cue_weight;
    m
}

/// Trains the ask model.
pub fn fit_ask(ex: &[CommentExample]) -> LinearModel {
    let data: Vec<(Vec<String>, usize)> = ex
        .iter()
        .filter_map(|e| {
            let y = ASKS.iter().position(|t| *t == e.ask)?;
            let mut f = features::ask_features(&e.text, &e.headings, e.ctx);
            f.push(format!("rule:{}", crate::ask_name(crate::rule_ask(&e.text, &e.headings, e.ctx))));
            Some((f, y))
        })
        .collect();
    linear::train(&ASKS, &data, TrainOptions::default())
}

/// Trains the answer model.
pub fn fit_answers(ex: &[AnswerExample]) -> LinearModel {
    let data: Vec<(Vec<String>, usize)> = ex
        .iter()
        .filter_map(|e| {
            let y = ANSWERS.iter().position(|t| *t == e.answer)?;
            Some((features::answer_features(&e.text, e.has_revised_disclosure, e.commits), y))
        })
        .collect();
    linear::train(&ANSWERS, &data, TrainOptions::default())
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
}

fn folds(groups: &[&str], k: usize) -> Vec<usize> {
    // Groups go to folds in a fixed order of their names, so every run splits the same way.
    let mut names: Vec<&str> = groups.to_vec();
    names.sort_unstable();
    names.dedup();
    let fold_of: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i % k)).collect();
    groups.iter().map(|g| fold_of[g]).collect()
}

/// K-fold cross-validation grouped by letter.
pub fn cross_validate(comments: &[CommentExample], answers: &[AnswerExample], k: usize) -> CvReport {
    cross_validate_with(comments, answers, k, CUE_WEIGHT)
}

/// [`cross_validate`] with a given cue weight.
pub fn cross_validate_with(
    comments: &[CommentExample],
    answers: &[AnswerExample],
    k: usize,
    cue_weight: f32,
) -> CvReport {
    let mut r = CvReport { comments: comments.len(), answers: answers.len(), ..Default::default() };
    let cf = folds(&comments.iter().map(|e| e.group.as_str()).collect::<Vec<_>>(), k);
    let af = folds(&answers.iter().map(|e| e.group.as_str()).collect::<Vec<_>>(), k);
    let empty = LinearModel::default();
    let cues_only = Classifier::from_models(empty.clone(), empty.clone(), empty.clone());
    for fold in 0..k {
        let train_c: Vec<CommentExample> =
            comments.iter().zip(&cf).filter(|(_, f)| **f != fold).map(|(e, _)| e.clone()).collect();
        let train_a: Vec<AnswerExample> =
            answers.iter().zip(&af).filter(|(_, f)| **f != fold).map(|(e, _)| e.clone()).collect();
        let c = Classifier::from_models(
            fit_topics_with(&train_c, cue_weight),
            fit_ask(&train_c),
            fit_answers(&train_a),
        );
        for (e, _) in comments.iter().zip(&cf).filter(|(_, f)| **f == fold) {
            let (t, a) = c.comment(&e.text, &e.headings, e.ctx);
            let p = t.primary.clone().unwrap_or_default();
            r.primary += (p == e.primary) as u8 as f64;
            let top: Vec<String> = std::iter::once(p).chain(t.others.iter().cloned()).take(3).collect();
            r.top3 += top.contains(&e.primary) as u8 as f64;
            r.ask += (crate::ask_name(a) == e.ask) as u8 as f64;
            r.ask_rules +=
                (crate::ask_name(crate::rule_ask(&e.text, &e.headings, e.ctx)) == e.ask) as u8 as f64;
            let (tc, _) = cues_only.comment(&e.text, &e.headings, e.ctx);
            r.primary_cues += (tc.primary.as_deref() == Some(e.primary.as_str())) as u8 as f64;
        }
        for (e, _) in answers.iter().zip(&af).filter(|(_, f)| **f == fold) {
            let got = c.answer(&e.text, e.has_revised_disclosure, e.commits);
            r.answer += (crate::answer_name(got) == e.answer) as u8 as f64;
            let rules = crate::rule_answer(&e.text, e.has_revised_disclosure, e.commits);
            r.answer_rules += (crate::answer_name(rules) == e.answer) as u8 as f64;
        }
    }
    let n = r.comments.max(1) as f64;
    let m = r.answers.max(1) as f64;
    r.primary /= n;
    r.top3 /= n;
    r.ask /= n;
    r.ask_rules /= n;
    r.primary_cues /= n;
    r.answer /= m;
    r.answer_rules /= m;
    r
}
