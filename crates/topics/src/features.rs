//! Text to sparse features: words, word pairs, caption words, and the cue and request flags.
//!
//! Features are strings so that the shipped weights stay readable (`grep` a word in the model file to
//! see what it votes for); the vocabulary is small enough that hashing would save nothing.

use std::sync::OnceLock;

use regex::Regex;

use crate::taxonomy::{TOPICS, cue_counts};

/// Words too common in staff letters to carry a topic.
const STOP: &[&str] = &[
    "the", "of", "to", "and", "in", "a", "an", "for", "on", "that", "is", "as", "by", "with", "be", "or",
    "are", "this", "it", "at", "from", "was", "were", "which", "its", "these", "those", "such", "we", "our",
    "us", "page", "pages", "note", "your", "you", "have", "has", "any", "each", "also", "other",
];

/// Lower-cased word tokens (letters and digits, `-` and `.` kept inside rule numbers such as `606-10`).
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let inner = (c == '-' || c == '.' || c == '(' || c == ')')
            && !cur.is_empty()
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_alphanumeric())
            && cur.chars().any(|x| x.is_ascii_digit());
        if c.is_alphanumeric() || inner {
            cur.extend(c.to_lowercase());
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn words_and_pairs(text: &str, prefix: &str, pairs: bool, out: &mut Vec<String>) {
    let toks: Vec<String> = tokens(text).into_iter().filter(|t| !STOP.contains(&t.as_str())).collect();
    for t in &toks {
        if t.len() > 1 && !t.chars().all(|c| c.is_ascii_digit()) {
            out.push(format!("{prefix}{t}"));
        }
    }
    if pairs {
        for w in toks.windows(2) {
            out.push(format!("{prefix}{}_{}", w[0], w[1]));
        }
    }
}

/// Whether the filing under review can still be changed (registration statements, drafts, preliminary
/// proxies, tender offers): the taxonomy makes any revise request on such a filing an `amend`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilingContext {
    /// A registration statement, draft, preliminary proxy or information statement, Schedule TO.
    Open,
    /// A periodic report (10-K, 10-Q, 8-K, 20-F, definitive proxy).
    Periodic,
    /// Not known.
    Unknown,
}

impl FilingContext {
    /// The context a form type implies (`S-4`, `DRS`, `10-K`, `DEF 14A`, ...).
    pub fn from_form(form: &str) -> Self {
        let f = form.to_ascii_uppercase();
        let open = [
            "S-1", "S-3", "S-4", "S-8", "S-11", "F-1", "F-3", "F-4", "DRS", "10-12", "PRE 14", "PREM14",
            "PREC14", "PRER14", "PRE 14C", "PREM14C", "SC TO", "SC 13E", "SC 14D", "TO-I", "TO-T", "10-12B",
            "10-12G", "FORM 10",
        ];
        let periodic = ["10-K", "10-Q", "8-K", "20-F", "40-F", "6-K", "DEF 14", "11-K", "N-CSR"];
        if periodic.iter().any(|p| f.starts_with(p) || f.contains(p)) && !f.starts_with("10-12") {
            FilingContext::Periodic
        } else if open.iter().any(|p| f.starts_with(p) || f.contains(p)) {
            FilingContext::Open
        } else {
            FilingContext::Unknown
        }
    }

    /// The context named in a caption or Re: line ("Registration Statement on Form S-4", "Form 10-K ...").
    pub fn from_caption(text: &str) -> Self {
        let re = regex_once(
            &CTX_RE,
            r"(?i)registration statement|draft registration|form s-\d|form f-\d|form 10-12|schedule to|schedule 13e|preliminary (proxy|information)|offer to purchase|prospectus",
        );
        let per = regex_once(
            &PER_RE,
            r"(?i)form 10-k|form 10-q|form 8-k|form 20-f|form 40-f|annual report|quarterly report|definitive proxy|\b10-k\b|\b10-q\b",
        );
        if re.is_match(text) {
            FilingContext::Open
        } else if per.is_match(text) {
            FilingContext::Periodic
        } else {
            FilingContext::Unknown
        }
    }

    fn tag(&self) -> &'static str {
        match self {
            FilingContext::Open => "open",
            FilingContext::Periodic => "periodic",
            FilingContext::Unknown => "unknown",
        }
    }
}

static CTX_RE: OnceLock<Regex> = OnceLock::new();
static PER_RE: OnceLock<Regex> = OnceLock::new();

fn regex_once(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    // Patterns are constants of this crate; the unit tests compile every one of them.
    cell.get_or_init(|| Regex::new(pat).expect("constant pattern compiles"))
}

/// Request phrases of the ask types, in the taxonomy's precedence order.
const ASK_CUES: [(&str, &str); 9] = [
    (
        "amend",
        r"(?i)\bamend (your|the)\b|file an amend|amended (form|filing|registration)|\brestate|revise (your|the) (registration statement|filing|exhibits?|prospectus|offer)|file (a |an )?(new |revised |updated |complete )?(consent|opinion|copy|exhibit|agreement)|please file\b",
    ),
    (
        "future",
        r"(?i)future (filings?|periodic|earnings|reports?|disclosures?)|next earnings release|in future\b|going forward",
    ),
    (
        "revise",
        r"(?i)\b(please )?(revise|expand|enhance|disclose|clarify|add|include|remove|quantify|discuss|present|provide (additional |more |expanded )?disclosure)\b",
    ),
    (
        "consider_disclosing",
        r"(?i)consideration (of|to|given to) (disclos|provid|includ|present)|consider (disclosing|providing|revising|expanding|including)|with a view (toward|to) (future |revised |additional )?disclosure|why (you|it) (did|do|does) not (disclose|provide)",
    ),
    (
        "support",
        r"(?i)analys[ie]s|how you (considered|determined|concluded|evaluated)|explain (to us )?why|basis for|compl(y|ies|ied) with|appropriate|support (for )?your|(authoritative|accounting) literature|\brefer to asc\b|significance test|materiality",
    ),
    (
        "explain",
        r"(?i)tell us|describe (to|for) us|provide (us|to us)|quantify for us|\badvise\b|explain to us|help us understand|clarify for us|supplementally|reconcile for us|\bexplain\b",
    ),
    ("confirm", r"(?i)\bconfirm\b|represent to us"),
    ("conditional", r"(?i)\bif (material|so|true|applicable)\b|to the extent (material|that|applicable)"),
    (
        "followup",
        r"(?i)(your|the) response to (prior |our )?comments?|continuing to evaluate|may have (further|additional) comment",
    ),
];

fn ask_regexes() -> &'static [Regex] {
    static RES: OnceLock<Vec<Regex>> = OnceLock::new();
    RES.get_or_init(|| {
        ASK_CUES.iter().map(|(_, p)| Regex::new(p).expect("constant pattern compiles")).collect()
    })
}

/// Which request phrases a text contains (names from the ask-cue table).
pub fn ask_cues(text: &str) -> Vec<&'static str> {
    ask_regexes()
        .iter()
        .zip(ASK_CUES.iter())
        .filter(|(r, _)| r.is_match(text))
        .map(|(_, (n, _))| *n)
        .collect()
}

/// Features of a staff comment for the topic model.
pub fn topic_features(text: &str, headings: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    words_and_pairs(text, "", true, &mut out);
    for h in headings {
        words_and_pairs(h, "h:", false, &mut out);
    }
    let cues = cue_counts(text);
    for (i, n) in cues.iter().enumerate() {
        for _ in 0..*n {
            out.push(format!("cue:{}", TOPICS[i]));
        }
    }
    let hcues = cue_counts(&headings.join(" \n "));
    for (i, n) in hcues.iter().enumerate() {
        if *n > 0 {
            out.push(format!("hcue:{}", TOPICS[i]));
        }
    }
    out.push("bias".into());
    out
}

/// Features of a staff comment for the ask model: request phrases, alone and with the filing context.
pub fn ask_features(text: &str, headings: &[String], ctx: FilingContext) -> Vec<String> {
    let mut out = Vec::new();
    words_and_pairs(text, "", true, &mut out);
    let ctx = match ctx {
        FilingContext::Unknown => FilingContext::from_caption(&headings.join(" \n ")),
        c => c,
    };
    out.push(format!("ctx:{}", ctx.tag()));
    let first = first_request(text);
    for cue in ask_cues(text) {
        out.push(format!("a:{cue}"));
        out.push(format!("a:{cue}&{}", ctx.tag()));
    }
    for cue in ask_cues(first) {
        out.push(format!("first:{cue}"));
        out.push(format!("first:{cue}&{}", ctx.tag()));
    }
    out.push("bias".into());
    out
}

/// The first sentence that asks for something ("Please ...", "Tell us ..."), where the main request sits.
fn first_request(text: &str) -> &str {
    let re = regex_once(
        &REQ_RE,
        r"(?i)(please|tell us|explain|describe|revise|disclose|provide|confirm|advise|clarify|quantify|expand|discuss)\b[^.]*\.?",
    );
    re.find(text).map(|m| m.as_str()).unwrap_or("")
}

static REQ_RE: OnceLock<Regex> = OnceLock::new();

/// Answer phrases that mark each answer type.
const ANSWER_CUES: [(&str, &str); 6] = [
    (
        "will",
        r"(?i)\bwill (revise|include|expand|enhance|disclose|provide|add|update|clarify|present|modify|remove|discuss|continue to)|in (its |our )?future (filings|periodic|reports|earnings)|beginning with (its|our|the)|prospectively",
    ),
    (
        "revised",
        r"(?i)\b(has|have) (revised|added|expanded|updated|included|amended|filed|clarified|removed|modified)|amendment no\.|amended (registration statement|filing|form)|revised (disclosure|registration)|see (page|pages) \d|as revised|has been (revised|updated|added)",
    ),
    (
        "declined",
        r"(?i)respectfully|(do|does) not believe|not (necessary|required|material|meaningful|appropriate)|believes? (that )?(the|its|our) (current|existing) disclosure|no (additional|further) disclosure|is appropriate",
    ),
    (
        "info",
        r"(?i)supplementally|following (table|information)|as requested|please (find|see) (the )?(attached|below)|provided (below|supplementally)|for the staff's (information|reference)",
    ),
    ("confirm", r"(?i)\bconfirms?\b|acknowledges?"),
    ("analysis", r"(?i)asc \d|analysis|concluded|determined that|in accordance with"),
];

fn answer_regexes() -> &'static [Regex] {
    static RES: OnceLock<Vec<Regex>> = OnceLock::new();
    RES.get_or_init(|| {
        ANSWER_CUES.iter().map(|(_, p)| Regex::new(p).expect("constant pattern compiles")).collect()
    })
}

/// Features of a company answer for the answer-type model.
pub fn answer_features(text: &str, has_revised_disclosure: bool, commits: bool) -> Vec<String> {
    let mut out = Vec::new();
    // Only the answer's opening and closing matter for its type; the middle is mostly quoted
    // disclosure or analysis whose words would drown the signal.
    let head: String = text.chars().take(1500).collect();
    let tail: String = {
        let n = text.chars().count();
        text.chars().skip(n.saturating_sub(600)).collect()
    };
    words_and_pairs(&head, "", true, &mut out);
    words_and_pairs(&tail, "t:", false, &mut out);
    for (re, (name, _)) in answer_regexes().iter().zip(ANSWER_CUES.iter()) {
        let n = re.find_iter(text).count();
        if n > 0 {
            out.push(format!("c:{name}"));
        }
        if n > 2 {
            out.push(format!("c:{name}:many"));
        }
    }
    if has_revised_disclosure {
        out.push("rd".into());
    }
    if commits {
        out.push("commits".into());
    }
    let len = text.len();
    out.push(
        if len < 400 {
            "len:short"
        } else if len < 2000 {
            "len:mid"
        } else {
            "len:long"
        }
        .into(),
    );
    out.push("bias".into());
    out
}

#[cfg(test)]
mod tests {
    //! Tokens, contexts and request cues on hand-written phrases.
    use super::*;

    #[test]
    fn rule_numbers_stay_whole() {
        assert_eq!(tokens("Refer to ASC 606-10-50-12(c)."), vec!["refer", "to", "asc", "606-10-50-12(c"]);
    }

    #[test]
    fn contexts_from_forms_and_captions() {
        assert_eq!(FilingContext::from_form("S-4/A"), FilingContext::Open);
        assert_eq!(FilingContext::from_form("10-K"), FilingContext::Periodic);
        assert_eq!(FilingContext::from_form("10-12B"), FilingContext::Open);
        assert_eq!(FilingContext::from_caption("Registration Statement on Form S-1"), FilingContext::Open);
        assert_eq!(
            FilingContext::from_caption("Form 10-K for the Fiscal Year Ended"),
            FilingContext::Periodic
        );
    }

    #[test]
    fn request_cues_fire() {
        let c = ask_cues("Please tell us, and revise future filings to disclose, the reasons.");
        assert!(c.contains(&"future") && c.contains(&"revise") && c.contains(&"explain"));
        assert!(ask_cues("Please confirm that you will").contains(&"confirm"));
        assert!(ask_cues("If material, please quantify").contains(&"conditional"));
    }
}
