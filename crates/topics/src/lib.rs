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
//! - [`classify_letter`] fills `comments[].topics/ask` and `responses[].answer/answer_parts` of a
//!   parsed letter (the parts of a mixed answer, read clause by clause by [`rule_answer_parts`] and
//!   named by per-part models when the rules find fewer than two);
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
/// The parts a mixed answer can be made of, in the contract's order.
pub const PARTS: [&str; 4] = ["revised", "will_revise", "declined", "provided_info"];

/// The three models: topics, ask, answer.
#[derive(Debug, Clone)]
pub struct Classifier {
    topics: LinearModel,
    ask: LinearModel,
    answer: LinearModel,
    /// One yes/no model per entry of [`PARTS`]: does the answer contain that part? Used to name
    /// the parts of a mixed answer.
    parts: Vec<LinearModel>,
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
            parts: Vec::new(),
            others_ratio: train::PARAMS.others_ratio,
            ask_rule_bonus: train::PARAMS.ask_rule_bonus,
            answer_rule_bonus: train::PARAMS.answer_rule_bonus,
        })
    }

    /// Builds a classifier from models trained in this process (see [`train`]).
    pub fn from_models(topics: LinearModel, ask: LinearModel, answer: LinearModel) -> Self {
        Classifier {
            topics,
            ask,
            answer,
            parts: Vec::new(),
            others_ratio: 0.0,
            ask_rule_bonus: 0.0,
            answer_rule_bonus: 0.0,
        }
        .with_params(&train::PARAMS)
    }

    /// The same classifier with part models (one per entry of [`PARTS`], as `models/parts.json`
    /// holds them: a JSON list of models with the classes `no` and `yes`).
    pub fn with_part_models(mut self, parts: Vec<LinearModel>) -> Self {
        self.parts = parts;
        self
    }

    /// [`Classifier::with_part_models`] from JSON.
    pub fn with_parts_json(self, json: &str) -> Result<Self> {
        let parts: Vec<LinearModel> =
            serde_json::from_str(json).map_err(|source| Error::Model { name: "parts", source })?;
        if parts.len() != PARTS.len() && !parts.is_empty() {
            return Err(Error::UnknownClass { name: "parts", class: format!("{} models", parts.len()) });
        }
        Ok(self.with_part_models(parts))
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
            .and_then(|c| c.with_parts_json(include_str!("../models/parts.json")))
            .expect("shipped models load")
        })
    }

    /// Topic ids of a comment, best first, with their scores.
    ///
    /// `forms` names the filings under review (a letter's Re: block or its form types, `""` when
    /// unknown).
    pub fn rank_topics(&self, text: &str, headings: &[String], forms: &str) -> Vec<(&'static str, f32)> {
        let (feats, cues) = features::topic_features_and_cues(text, headings, forms);
        let model = self.topics.scores(&feats);
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
        // Nor may the model answer `confirm` or `other` when the rules found a stronger request:
        // learnt from a handful of labels, those classes only echo a comment's follow-up words.
        for (i, c) in self.ask.classes.iter().enumerate() {
            if c == "confirm" || c == "other" {
                s[i] = f32::NEG_INFINITY;
            }
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
        self.answer_with_parts(text, comment, has_revised_disclosure, commits, FilingContext::Unknown).0
    }

    /// Answer type and, for a mixed answer, its parts (in the order of [`PARTS`]; empty otherwise).
    ///
    /// `ctx` is the filing context of the response (its Re: block): a change "will be made" to an
    /// open registration statement revises the filing under review, the same words about a periodic
    /// report promise a later filing. The parts are read clause by clause ([`features::answer_parts`]);
    /// the type model may overrule the rules' type, and the part models name the parts of a mixed
    /// answer when the rules find fewer than two.
    pub fn answer_with_parts(
        &self,
        text: &str,
        comment: &str,
        has_revised_disclosure: bool,
        commits: bool,
        ctx: FilingContext,
    ) -> (AnswerType, Vec<AnswerType>) {
        let (rule, rule_parts) = rule_answer_parts(text, comment, has_revised_disclosure, commits, ctx);
        if self.answer.weights.is_empty() {
            return (rule, rule_parts);
        }
        let feats = answer_model_features_in(text, comment, has_revised_disclosure, commits, ctx);
        let mut s = self.answer.scores(&feats);
        if let Some(i) = self.answer.classes.iter().position(|c| c == answer_name(rule)) {
            s[i] += self.answer_rule_bonus;
        }
        let got = answer_from_name(&self.answer.classes[argmax(&s)]);
        if got != AnswerType::Mixed {
            return (got, Vec::new());
        }
        if rule_parts.len() >= 2 || self.parts.len() != PARTS.len() {
            let parts = if rule_parts.len() >= 2 { rule_parts } else { fallback_parts(&feats) };
            return (got, parts);
        }
        // The part models' margins (yes minus no), in the order of PARTS.
        let margins: Vec<f32> = self
            .parts
            .iter()
            .map(|m| {
                let s = m.scores(&feats);
                let yes = m.classes.iter().position(|c| c == "yes").map(|i| s[i]).unwrap_or(0.0);
                let no = m.classes.iter().position(|c| c == "no").map(|i| s[i]).unwrap_or(0.0);
                yes - no
            })
            .collect();
        let mut chosen: Vec<usize> = (0..PARTS.len()).filter(|i| margins[*i] > 0.0).collect();
        // Parts the rules read are kept; the strongest models fill the rest up to two.
        for p in &rule_parts {
            let i = PARTS.iter().position(|n| *n == answer_name(*p)).unwrap_or(0);
            if !chosen.contains(&i) {
                chosen.push(i);
            }
        }
        let mut by_margin: Vec<usize> = (0..PARTS.len()).collect();
        by_margin.sort_by(|a, b| margins[*b].total_cmp(&margins[*a]));
        for i in by_margin {
            if chosen.len() >= 2 {
                break;
            }
            if !chosen.contains(&i) {
                chosen.push(i);
            }
        }
        chosen.sort_unstable();
        (got, chosen.into_iter().map(|i| answer_from_name(PARTS[i])).collect())
    }
}

/// Parts of a mixed answer when neither the rules nor part models name two: the change the answer
/// makes (or a promise) with the information it gives.
fn fallback_parts(feats: &[String]) -> Vec<AnswerType> {
    let has = |f: &str| feats.iter().any(|x| x == f);
    let first = if has("p:revised") { AnswerType::Revised } else { AnswerType::WillRevise };
    let second =
        if has("p:refuse2") || has("p:refuse4") { AnswerType::Declined } else { AnswerType::ProvidedInfo };
    vec![first, second]
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
    answer_model_features_in(text, comment, has_revised_disclosure, commits, FilingContext::Unknown)
}

/// [`answer_model_features`] with the response's filing context: adds the parts the rules read
/// clause by clause, the request phrases of the comment (does it ask to be told, to change, or
/// both?) and the rules' parts.
pub fn answer_model_features_in(
    text: &str,
    comment: &str,
    has_revised_disclosure: bool,
    commits: bool,
    ctx: FilingContext,
) -> Vec<String> {
    let mut f = features::answer_features(text, has_revised_disclosure, commits);
    let ask = comment_ask(comment);
    f.push(format!("ask:{ask}"));
    let (rule, parts) = rule_answer_parts(text, comment, has_revised_disclosure, commits, ctx);
    let rule = answer_name(rule);
    f.push(format!("rule:{rule}"));
    f.push(format!("rule:{rule}&ask:{ask}"));
    for p in &parts {
        f.push(format!("rulepart:{}", answer_name(*p)));
    }
    let (tell, change) = comment_requests(comment_or_lead(comment, text).0, ctx);
    f.push(format!("cq:tell{}&change{}", tell as u8, change as u8));
    for pf in features::part_features(text, ctx) {
        f.push(format!("{pf}&tell{}", tell as u8));
        f.push(pf);
    }
    f
}

/// The staff comment an answer responds to: `comment` when the response repeats it, else the
/// answer's own opening when it starts in the staff's voice (a splitter that missed the "Response"
/// label leaves the comment in front of the answer). The flag is true when neither is found.
fn comment_or_lead<'a>(comment: &'a str, answer: &'a str) -> (&'a str, bool) {
    if !comment.trim().is_empty() {
        return (comment, false);
    }
    let t = answer.trim_start();
    let staff = ["Please", "We note", "Tell us", "You ", "Your ", "Refer to", "In future filings, please"];
    if staff.iter().any(|s| t.starts_with(s)) {
        let end = t.char_indices().nth(700).map(|(i, _)| i).unwrap_or(t.len());
        return (&t[..end], false);
    }
    (comment, true)
}

/// What a repeated staff comment asks for: (to be told something, a disclosure or presentation
/// change). Both are true for "tell us, and revise future filings to ..."; an empty comment asks for
/// neither. A question that challenges a presentation ("tell us why you do not present ...", "why
/// is it appropriate to ... instead of ...") implies a change; "describe", "discuss" ask for one
/// only in a filing still open to change.
pub fn comment_requests(comment: &str, ctx: FilingContext) -> (bool, bool) {
    let mut tell = false;
    let mut change = false;
    let open = ctx == FilingContext::Open;
    for (cues, _) in features::request_sentences(comment) {
        let has = |c: &str| cues.contains(&c);
        if has("explain") || has("support") || has("confirm") {
            tell = true;
        }
        if has("amend") || has("revise") || has("consider_disclosing") || (open && has("soft")) {
            change = true;
        }
        // "Quantify any material ...", "If material, discuss ..." ask for disclosure; "describe to
        // us", "discuss the materiality" ask to be told.
        if has("soft") && !has("explain") && !has("support") {
            change = true;
        }
        if has("future") && (has("revise") || has("soft") || has("confirm") || has("explain")) {
            change = true;
        }
    }
    static IMPLIED: OnceLock<regex::Regex> = OnceLock::new();
    let implied = IMPLIED.get_or_init(|| {
        regex::Regex::new(
            r"(?i)why (you|it|the company) (do|does|did|have|has) not|instead of|rather than|as opposed to|(why|how) (you believe |it is )?(this|these|it|such|your|the) .{0,60}(is|are) appropriate|obscure|undue prominence|unreasonable efforts|with a view (toward|to)",
        )
        .expect("constant pattern compiles")
    });
    if implied.is_match(comment) {
        change = true;
    }
    (tell, change)
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

/// Answer type of one company answer (the filing context unknown; [`classify_letter`] passes the
/// response's Re: block).
pub fn classify_answer(response: &Response) -> AnswerType {
    Classifier::shipped().answer(
        &response.text,
        response.comment_text.as_deref().unwrap_or(""),
        !response.revised_disclosure.is_empty(),
        response.commits_to_revise,
    )
}

/// Fills `comments[].topics/ask` and `responses[].answer/answer_parts` of a parsed letter, and sets
/// `responses[].commits_to_revise` when the answer promises a later filing's change.
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
            let (t, parts) = c.answer_with_parts(
                &r.text,
                comment,
                !r.revised_disclosure.is_empty(),
                r.commits_to_revise,
                ctx,
            );
            // A will_revise answer promises a later filing's change even where the parser found no
            // commitment sentence ("proposed disclosure ... for our next Form 10-K", "we will state
            // ..."): the flag follows the answer type; `commitments` keeps only the parser's spans.
            if t == AnswerType::WillRevise || parts.contains(&AnswerType::WillRevise) {
                r.commits_to_revise = true;
            }
            r.answer = Some(t);
            r.answer_parts = parts;
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
    } else if (has("future") && (has("revise") || has("soft") || has("confirm") || has("explain")))
        || has("consider_disclosing")
        || (has("revise") && !has("explain"))
    {
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
    rule_answer_parts(text, comment, has_revised_disclosure, commits, FilingContext::Unknown).0
}

/// The answer rules, part by part: each clause that changes the filing under review is a
/// `revised` part, each that promises (or reports) a change in a later filing a `will_revise` part
/// ([`features::answer_parts`]); with no change, refusals make the answer `declined` when the staff
/// asked for a change, else it is `provided_info`; an answer that changes disclosure and plainly
/// refuses another change gets a `declined` part, one that changes disclosure and also answers a
/// distinct "tell us" request at length (over 600 characters of facts or analysis outside the
/// change) a `provided_info` part. Two parts or more make it `mixed`, with the
/// parts in the order of [`PARTS`].
pub fn rule_answer_parts(
    text: &str,
    comment: &str,
    has_revised_disclosure: bool,
    commits: bool,
    ctx: FilingContext,
) -> (AnswerType, Vec<AnswerType>) {
    // `commits` (the parser's commitment spans) is left to the model: alone it over-fires.
    let _ = commits;
    let p = features::answer_parts(text, ctx);
    let (comment, no_comment) = comment_or_lead(comment, text);
    let (tell, change) = comment_requests(comment, ctx);
    let mut parts = Vec::new();
    if p.revised {
        parts.push(AnswerType::Revised);
    }
    if p.will_revise {
        parts.push(AnswerType::WillRevise);
    }
    // Quoted disclosure alone is left to the model: "as follows" also introduces tables of facts.
    let _ = has_revised_disclosure;
    // A refusal only counts as one when the staff asked for a change; otherwise the answer explains.
    let asked_change = change || no_comment;
    if parts.is_empty() {
        let t = if p.refusals > 0 && asked_change && !p.conditional {
            AnswerType::Declined
        } else {
            AnswerType::ProvidedInfo
        };
        return (t, Vec::new());
    }
    if p.strong_refusal && asked_change {
        parts.push(AnswerType::Declined);
    } else if tell && change && p.info_chars > 600 {
        parts.push(AnswerType::ProvidedInfo);
    }
    if parts.len() >= 2 { (AnswerType::Mixed, parts) } else { (parts[0], Vec::new()) }
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
