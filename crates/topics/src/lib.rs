//! Topics, ask type and answer type of SEC filing-review correspondence.
//!
//! A staff comment gets one primary topic and up to three others from `shared/taxonomy.md`, and the
//! [`Ask`] type of its main request; a company answer gets an [`AnswerType`]. Each is a small linear
//! model (averaged perceptrons over words, word pairs, word stems, caption words, the forms under
//! review and the taxonomy's cue phrases) whose weights ship in `models/` and are rebuilt from the
//! hand labels in `data/labels/` by `cargo run -p corresp-topics --example train --release`. The ask
//! and answer models work with rules ([`rule_ask`], [`rule_answer`]): the rules' pick gets a bonus the
//! model has to outweigh. Nothing is downloaded at run time.
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
    /// Score added to the ask the rules pick.
    ask_rule_bonus: f32,
    /// Score added to the answer type the rules pick.
    answer_rule_bonus: f32,
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
            others_ratio: train::PARAMS.others_ratio,
            ask_rule_bonus: train::PARAMS.ask_rule_bonus,
            answer_rule_bonus: train::PARAMS.answer_rule_bonus,
        })
    }

    /// Builds a classifier from models trained in this process (see [`train`]).
    pub fn from_models(topics: LinearModel, ask: LinearModel, answer: LinearModel) -> Self {
        Classifier { topics, ask, answer, others_ratio: 0.0, ask_rule_bonus: 0.0, answer_rule_bonus: 0.0 }
            .with_params(&train::PARAMS)
    }

    /// The same classifier with the prediction parameters of `p` (thresholds and rule bonuses).
    pub fn with_params(mut self, p: &train::Params) -> Self {
        self.others_ratio = p.others_ratio;
        self.ask_rule_bonus = p.ask_rule_bonus;
        self.answer_rule_bonus = p.answer_rule_bonus;
        self
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
    ///
    /// `forms` names the filings under review (a letter's Re: block or its form types, `""` when
    /// unknown).
    pub fn rank_topics(&self, text: &str, headings: &[String], forms: &str) -> Vec<(&'static str, f32)> {
        let feats = features::topic_features(text, headings, forms);
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
        self.comment_in(text, headings, ctx, "")
    }

    /// [`Classifier::comment`] with the forms under review (see [`Classifier::rank_topics`]).
    pub fn comment_in(
        &self,
        text: &str,
        headings: &[String],
        ctx: FilingContext,
        forms: &str,
    ) -> (Topics, Ask) {
        let ranked = self.rank_topics(text, headings, forms);
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
        let mut s = self.ask.scores(&ask_model_features(text, headings, ctx));
        if let Some(i) = self.ask.classes.iter().position(|c| c == ask_name(rule)) {
            s[i] += self.ask_rule_bonus;
        }
        ask_from_name(&self.ask.classes[argmax(&s)])
    }

    /// Answer type of one company answer: the rules' type, which the model may overrule when its
    /// evidence outweighs the rule bonus (`train::PARAMS`).
    ///
    /// `comment` is the staff comment as the response repeats it (empty when it does not): its ask
    /// tells a refusal (`declined`, the staff asked for disclosure) from an explanation
    /// (`provided_info`, the staff asked to be told).
    pub fn answer(
        &self,
        text: &str,
        comment: &str,
        has_revised_disclosure: bool,
        commits: bool,
    ) -> AnswerType {
        let rule = rule_answer(text, comment, has_revised_disclosure, commits);
        if self.answer.weights.is_empty() {
            return rule;
        }
        let mut s =
            self.answer.scores(&answer_model_features(text, comment, has_revised_disclosure, commits));
        if let Some(i) = self.answer.classes.iter().position(|c| c == answer_name(rule)) {
            s[i] += self.answer_rule_bonus;
        }
        answer_from_name(&self.answer.classes[argmax(&s)])
    }
}

/// Features the ask model sees: the request features plus the rules' pick.
pub fn ask_model_features(text: &str, headings: &[String], ctx: FilingContext) -> Vec<String> {
    let mut f = features::ask_features(text, headings, ctx);
    f.push(format!("rule:{}", ask_name(rule_ask(text, headings, ctx))));
    f
}

/// Features the answer model sees: the answer features, the ask of the comment answered, and the
/// rules' pick.
pub fn answer_model_features(
    text: &str,
    comment: &str,
    has_revised_disclosure: bool,
    commits: bool,
) -> Vec<String> {
    let mut f = features::answer_features(text, has_revised_disclosure, commits);
    let ask = comment_ask(comment);
    f.push(format!("ask:{ask}"));
    let rule = answer_name(rule_answer(text, comment, has_revised_disclosure, commits));
    f.push(format!("rule:{rule}"));
    f.push(format!("rule:{rule}&ask:{ask}"));
    f
}

/// The ask of a repeated staff comment (`none` when the response does not repeat it).
fn comment_ask(comment: &str) -> &'static str {
    if comment.trim().is_empty() { "none" } else { ask_name(rule_ask(comment, &[], FilingContext::Unknown)) }
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
        response.comment_text.as_deref().unwrap_or(""),
        !response.revised_disclosure.is_empty(),
        response.commits_to_revise,
    )
}

/// Fills `comments[].topics/ask` and `responses[].answer` of a parsed letter.
pub fn classify_letter(letter: &mut Letter) {
    let c = Classifier::shipped();
    let ctx = letter_context(letter);
    let forms: Vec<&str> = letter.filings.iter().map(|f| f.form.as_str()).collect();
    let forms = forms.join(" ");
    for comment in &mut letter.comments {
        let (t, a) = c.comment_in(&comment.text, &comment.headings, ctx, &forms);
        comment.topics = Some(t);
        comment.ask = Some(a);
    }
    for r in &mut letter.responses {
        if !r.text.trim().is_empty() {
            let comment = r.comment_text.as_deref().unwrap_or("");
            r.answer =
                Some(c.answer(&r.text, comment, !r.revised_disclosure.is_empty(), r.commits_to_revise));
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

/// The taxonomy's precedence rules alone, used when no ask model is loaded, as a baseline and as a
/// feature of the model.
///
/// Each sentence's request is read from its verbs: "amend", "restate", "file" are `amend`; revise
/// verbs ("revise", "expand", "disclose", "present") are `amend` on a filing still open to change and
/// `disclose` on a periodic report, as is anything "in future filings"; softer verbs ("describe",
/// "discuss", "clarify", "quantify") are `amend` on an open filing and `explain` elsewhere; "tell us
/// how you concluded", "your analysis", "materiality" are `support`; "tell us", "provide us with" are
/// `explain`; "confirm" is `confirm`. The strongest request wins (amend > disclose > support > explain >
/// confirm > other), conditional sentences ("if material, revise ...") only when nothing else asks,
/// and of "do X, or Y" only X counts.
pub fn rule_ask(text: &str, headings: &[String], ctx: FilingContext) -> Ask {
    let ctx = match ctx {
        FilingContext::Unknown => FilingContext::from_caption(&headings.join(" \n ")),
        c => c,
    };
    let sentences = features::request_sentences(text);
    let pick = |conditional: bool| -> Ask {
        let mut best = Ask::Other;
        for (cues, cond) in &sentences {
            if *cond != conditional {
                continue;
            }
            let a = sentence_ask(cues, ctx);
            if ask_rank(a) < ask_rank(best) {
                best = a;
            }
        }
        best
    };
    let main = pick(false);
    if main != Ask::Other { main } else { pick(true) }
}

/// The ask of one sentence's request cues.
fn sentence_ask(cues: &[&str], ctx: FilingContext) -> Ask {
    let has = |c: &str| cues.contains(&c);
    let open = ctx == FilingContext::Open;
    if has("amend") || (open && (has("revise") || has("soft"))) {
        Ask::Amend
    } else if has("future") && (has("revise") || has("soft") || has("confirm") || has("explain")) {
        Ask::Disclose
    } else if has("consider_disclosing") {
        Ask::Disclose
    } else if has("revise") && !has("explain") {
        Ask::Disclose
    } else if has("support") {
        Ask::Support
    } else if has("revise") {
        // "Tell us, and revise future filings to ...", "tell us and disclose": the disclosure wins.
        Ask::Disclose
    } else if has("explain") || has("soft") {
        Ask::Explain
    } else if has("confirm") {
        Ask::Confirm
    } else if has("future") {
        Ask::Disclose
    } else {
        Ask::Other
    }
}

/// Position in the taxonomy's precedence (0 = strongest).
fn ask_rank(a: Ask) -> usize {
    ASKS.iter().position(|n| *n == ask_name(a)).unwrap_or(ASKS.len())
}

/// Answer-type rules alone, used when no answer model is loaded, as a baseline and as a feature of
/// the model: a change made in the filing under review is `revised`, a promise about future filings
/// `will_revise`, both `mixed`; an answer that argues no change is needed and makes none is
/// `declined`, one that only supplies what was asked `provided_info`.
pub fn rule_answer(text: &str, comment: &str, has_revised_disclosure: bool, commits: bool) -> AnswerType {
    let f = features::answer_features(text, has_revised_disclosure, commits);
    let has = |c: &str| f.iter().any(|x| x == c);
    // `commits` (the parser's commitment spans) is left to the model: alone it over-fires.
    let _ = commits;
    let will = has("c:will") || (has("c:proposed") && !has("c:revised"));
    let revised = has("c:revised");
    // A refusal only counts as one when the staff asked for a change; otherwise the answer explains.
    let asked_change = matches!(comment_ask(comment), "amend" | "disclose" | "other" | "none");
    match (revised, will, has("c:declined")) {
        (true, true, _) => AnswerType::Mixed,
        (true, false, _) => AnswerType::Revised,
        (false, true, _) => AnswerType::WillRevise,
        (false, false, true) if asked_change => AnswerType::Declined,
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
