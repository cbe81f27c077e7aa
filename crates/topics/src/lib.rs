//! Topics, ask type and answer type of SEC filing-review correspondence.
//!
//! A staff comment gets one primary topic and up to three others from `shared/taxonomy.md`, and the
//! [`Ask`] type of its main request; a company answer gets an [`AnswerType`]. Each is a small linear
//! model (an averaged perceptron over words, word pairs, caption words and the taxonomy's cue phrases)
//! whose weights ship in `models/` and are rebuilt from the hand labels in `data/labels/` by
//! `cargo run -p corresp-topics --example train --release`. Nothing is downloaded at run time.
//!
//! - [`classify_comment`] and [`classify_answer`] label one piece of text;
//! - [`classify_letter`] fills `comments[].topics/ask` and `responses[].answer` of a parsed letter;
//! - [`train`] holds the pure training and cross-validation code the example and tests share.
//!
//! ```
//! let (topics, ask) = corresp_topics::classify_comment(
//!     "Please revise future filings to reconcile Adjusted EBITDA to net income, the most directly \
//!      comparable GAAP measure, and present it with equal or greater prominence.",
//!     &["Non-GAAP Financial Measures".to_string()],
//! );
//! assert_eq!(topics.primary.as_deref(), Some("non_gaap_measures"));
//! assert_eq!(ask, corresp_model::Ask::Disclose);
//! ```
#![deny(missing_docs)]

mod error;
pub mod features;
pub mod linear;
pub mod taxonomy;
pub mod train;

use std::sync::OnceLock;

use corresp_model::{AnswerType, Ask, Letter, Response, Topics};

pub use error::{Error, Result};
pub use features::FilingContext;
use linear::{LinearModel, argmax};
pub use taxonomy::TOPICS;

/// Another topic is listed when its score reaches this share of the primary's (chosen by cross-validation).
const OTHERS_RATIO: f32 = 0.2;
/// Score added to the ask type the precedence rules pick (chosen by cross-validation).
const RULE_BONUS: f32 = 10.0;

/// Ask types in the taxonomy's precedence order (its class order in the ask model).
pub const ASKS: [&str; 6] = ["amend", "disclose", "support", "explain", "confirm", "other"];
/// Answer types (the class order of the answer model).
pub const ANSWERS: [&str; 5] = ["revised", "will_revise", "declined", "provided_info", "mixed"];

/// The three models: topics, ask, answer.
#[derive(Debug, Clone)]
pub struct Classifier {
    topics: LinearModel,
    ask: LinearModel,
    answer: LinearModel,
    /// Another topic is listed when its score reaches this share of the primary's.
    others_ratio: f32,
}

impl Classifier {
    /// Builds a classifier from the three models' JSON (as `models/*.json` holds them).
    pub fn from_json(topics: &str, ask: &str, answer: &str) -> Result<Self> {
        let load = |name: &'static str, s: &str, known: &[&str]| -> Result<LinearModel> {
            let m: LinearModel = serde_json::from_str(s).map_err(|source| Error::Model { name, source })?;
            if let Some(bad) = m.classes.iter().find(|c| !known.contains(&c.as_str())) {
                return Err(Error::UnknownClass { name, class: bad.clone() });
            }
            Ok(m)
        };
        Ok(Classifier {
            topics: load("topics", topics, &TOPICS)?,
            ask: load("ask", ask, &ASKS)?,
            answer: load("answer", answer, &ANSWERS)?,
            others_ratio: OTHERS_RATIO,
        })
    }

    /// Builds a classifier from models trained in this process (see [`train`]).
    pub fn from_models(topics: LinearModel, ask: LinearModel, answer: LinearModel) -> Self {
        Classifier { topics, ask, answer, others_ratio: OTHERS_RATIO }
    }

    /// The models shipped in the repository.
    pub fn shipped() -> &'static Classifier {
        static C: OnceLock<Classifier> = OnceLock::new();
        C.get_or_init(|| {
            // The shipped files are checked by this crate's tests, so they always load.
            Classifier::from_json(
                include_str!("../models/topics.json"),
                include_str!("../models/ask.json"),
                include_str!("../models/answer.json"),
            )
            .expect("shipped models load")
        })
    }

    /// Topic ids of a comment, best first, with their scores.
    pub fn rank_topics(&self, text: &str, headings: &[String]) -> Vec<(&'static str, f32)> {
        let feats = features::topic_features(text, headings);
        let model = self.topics.scores(&feats);
        let cues = taxonomy::cue_counts(text);
        let mut out: Vec<(&'static str, f32)> = TOPICS
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let m = self.topics.classes.iter().position(|c| c == t).map(|j| model[j]).unwrap_or(0.0);
                // With no trained model the cues decide alone.
                let w = if self.topics.weights.is_empty() { 1.0 } else { self.topics.cue_weight };
                (*t, m + w * cues[i] as f32)
            })
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1));
        out
    }

    /// Topics and ask of one staff comment, given what is known about the filing under review.
    pub fn comment(&self, text: &str, headings: &[String], ctx: FilingContext) -> (Topics, Ask) {
        let ranked = self.rank_topics(text, headings);
        let (p, ps) = ranked[0];
        let others = ranked[1..]
            .iter()
            .take(3)
            .filter(|(_, s)| *s > 0.0 && *s >= ps * self.others_ratio)
            .map(|(t, _)| t.to_string())
            .collect();
        let topics = Topics { primary: (ps > 0.0).then(|| p.to_string()), others };
        (topics, self.ask(text, headings, ctx))
    }

    fn ask(&self, text: &str, headings: &[String], ctx: FilingContext) -> Ask {
        if self.ask.weights.is_empty() {
            return rule_ask(text, headings, ctx);
        }
        // Too few labels show `confirm` and `other` for the model to learn them: when the rules find
        // no stronger request than those, the rules decide.
        let rule = rule_ask(text, headings, ctx);
        if matches!(rule, Ask::Confirm | Ask::Other) {
            return rule;
        }
        let mut f = features::ask_features(text, headings, ctx);
        f.push(format!("rule:{}", ask_name(rule)));
        let mut s = self.ask.scores(&f);
        if let Some(i) = self.ask.classes.iter().position(|c| c == ask_name(rule)) {
            s[i] += RULE_BONUS;
        }
        ask_from_name(&self.ask.classes[argmax(&s)])
    }

    /// Answer type of one company answer.
    pub fn answer(&self, text: &str, has_revised_disclosure: bool, commits: bool) -> AnswerType {
        if self.answer.weights.is_empty() {
            return rule_answer(text, has_revised_disclosure, commits);
        }
        let s = self.answer.scores(&features::answer_features(text, has_revised_disclosure, commits));
        answer_from_name(&self.answer.classes[argmax(&s)])
    }
}

/// Topics and ask type of one staff comment; `headings` are its captions, outermost first.
///
/// The filing context (open registration statement or periodic report) is read from the captions;
/// [`classify_letter`] passes the letter's Re: block instead, which is more reliable.
pub fn classify_comment(text: &str, headings: &[String]) -> (Topics, Ask) {
    Classifier::shipped().comment(text, headings, FilingContext::Unknown)
}

/// Answer type of one company answer.
pub fn classify_answer(response: &Response) -> AnswerType {
    Classifier::shipped().answer(
        &response.text,
        !response.revised_disclosure.is_empty(),
        response.commits_to_revise,
    )
}

/// Fills `comments[].topics/ask` and `responses[].answer` of a parsed letter.
pub fn classify_letter(letter: &mut Letter) {
    let c = Classifier::shipped();
    let ctx = letter_context(letter);
    for comment in &mut letter.comments {
        let (t, a) = c.comment(&comment.text, &comment.headings, ctx);
        comment.topics = Some(t);
        comment.ask = Some(a);
    }
    for r in &mut letter.responses {
        if !r.text.trim().is_empty() {
            r.answer = Some(c.answer(&r.text, !r.revised_disclosure.is_empty(), r.commits_to_revise));
        }
    }
}

/// The letter's filing context: open when any filing under review can still change.
pub fn letter_context(letter: &Letter) -> FilingContext {
    let ctxs: Vec<FilingContext> = letter
        .filings
        .iter()
        .map(|f| if f.draft { FilingContext::Open } else { FilingContext::from_form(&f.form) })
        .collect();
    if ctxs.contains(&FilingContext::Open) {
        FilingContext::Open
    } else if ctxs.contains(&FilingContext::Periodic) {
        FilingContext::Periodic
    } else {
        FilingContext::Unknown
    }
}

/// The [`Ask`] named by the contract's string (`other` for anything unknown).
pub fn ask_from_name(s: &str) -> Ask {
    match s {
        "amend" => Ask::Amend,
        "disclose" => Ask::Disclose,
        "support" => Ask::Support,
        "explain" => Ask::Explain,
        "confirm" => Ask::Confirm,
        _ => Ask::Other,
    }
}

/// The [`AnswerType`] named by the contract's string (`mixed` for anything unknown).
pub fn answer_from_name(s: &str) -> AnswerType {
    match s {
        "revised" => AnswerType::Revised,
        "will_revise" => AnswerType::WillRevise,
        "declined" => AnswerType::Declined,
        "provided_info" => AnswerType::ProvidedInfo,
        _ => AnswerType::Mixed,
    }
}

/// The taxonomy's precedence rules alone, used when no ask model is loaded and as a baseline.
pub fn rule_ask(text: &str, headings: &[String], ctx: FilingContext) -> Ask {
    let ctx = match ctx {
        FilingContext::Unknown => FilingContext::from_caption(&headings.join(" \n ")),
        c => c,
    };
    let cues = features::ask_cues(text);
    let has = |c: &str| cues.contains(&c);
    if has("amend") || (ctx == FilingContext::Open && has("revise")) {
        Ask::Amend
    } else if has("future") || has("consider_disclosing") || has("revise") {
        Ask::Disclose
    } else if has("support") {
        Ask::Support
    } else if has("explain") {
        Ask::Explain
    } else if has("confirm") {
        Ask::Confirm
    } else {
        Ask::Other
    }
}

/// Answer-type rules alone, used when no answer model is loaded and as a baseline.
pub fn rule_answer(text: &str, has_revised_disclosure: bool, commits: bool) -> AnswerType {
    let f = features::answer_features(text, has_revised_disclosure, commits);
    let has = |c: &str| f.iter().any(|x| x == c);
    let will = has("c:will") || commits;
    let revised = has("c:revised");
    match (revised, will, has("c:declined")) {
        (true, true, _) => AnswerType::Mixed,
        (true, false, _) => AnswerType::Revised,
        (false, true, _) => AnswerType::WillRevise,
        (false, false, true) => AnswerType::Declined,
        _ => AnswerType::ProvidedInfo,
    }
}

/// The contract's name of an [`Ask`].
pub fn ask_name(a: Ask) -> &'static str {
    match a {
        Ask::Amend => "amend",
        Ask::Disclose => "disclose",
        Ask::Support => "support",
        Ask::Explain => "explain",
        Ask::Confirm => "confirm",
        Ask::Other => "other",
    }
}

/// The contract's name of an [`AnswerType`].
pub fn answer_name(a: AnswerType) -> &'static str {
    match a {
        AnswerType::Revised => "revised",
        AnswerType::WillRevise => "will_revise",
        AnswerType::Declined => "declined",
        AnswerType::ProvidedInfo => "provided_info",
        AnswerType::Mixed => "mixed",
    }
}
