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

    /// Short name used in feature strings (`open`, `periodic`, `unknown`).
    pub fn tag(&self) -> &'static str {
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
    cell.get_or_init(|| Regex::new(&ascii_boundaries(pat)).expect("constant pattern compiles"))
}

/// The pattern with ASCII word boundaries: a Unicode `\b` keeps the regex engine off its fast
/// automata (the PikeVM took 30 % of an ingest); the cues are ASCII words, so it means the same.
pub(crate) fn ascii_boundaries(pat: &str) -> String {
    pat.replace(r"\b", r"(?-u:\b)")
}

/// A table of named cue patterns, matched all at once on ASCII-lowercased text.
///
/// The tables' patterns are lowercase ASCII written with `(?i)`; compiled without it and run on
/// lowercased text they mean the same (a unit test checks every pattern), while Unicode case
/// folding made the lazy DFA build states all through an ingest. One set pass per text replaces
/// one pass per pattern: together they took a third of the topic stage. They run on bytes with
/// ASCII classes ([`ascii_pattern`]): with Unicode `.` and `\w` in their bounded repeats
/// (`.{0,80}`), building the set's automaton was a tenth of an ingest's CPU.
struct CueTable {
    set: regex::bytes::RegexSet,
    each: Vec<regex::bytes::Regex>,
}

impl CueTable {
    fn new(table: &[(&str, &str)]) -> CueTable {
        let pats: Vec<String> =
            table.iter().map(|(_, p)| ascii_pattern(p.strip_prefix("(?i)").unwrap_or(p))).collect();
        // Patterns are constants of this crate; the unit tests compile every table. The lazy DFA
        // cache is 8 MB per thread: room for a table's states, and bounded whatever the corpus.
        CueTable {
            set: regex::bytes::RegexSetBuilder::new(&pats)
                .dfa_size_limit(8 << 20)
                .build()
                .expect("constant patterns compile"),
            each: pats
                .iter()
                .map(|p| regex::bytes::Regex::new(p).expect("constant pattern compiles"))
                .collect(),
        }
    }

    /// Which patterns match `lower` (already ASCII-lowercased), in table order.
    fn matching(&self, lower: &str) -> impl Iterator<Item = usize> {
        self.set.matches(lower.as_bytes()).into_iter()
    }
}

/// A cue pattern for ASCII-lowercased text, run on its bytes: `.`, `\w`, `\s`, `\d` and `\b` are
/// ASCII (`(?-u)`), which keeps the automaton small. The cues are lowercase ASCII words and
/// punctuation, so on such text they mean the same; a letter such as "é" is no longer a word
/// character, which no cue relies on.
pub(crate) fn ascii_pattern(pat: &str) -> String {
    format!("(?-u){pat}")
}

/// Request phrases of the ask types, in the taxonomy's precedence order.
const ASK_CUES: [(&str, &str); 10] = [
    (
        "amend",
        r"(?i)\bamend (your|the|its)\b|file an amend|amended (form|filing|registration|10-k|10-q)|\brestate|revise (your|the) (registration statement|filing|exhibits?|prospectus|offer|proxy|information statement|schedule)|file (a |an |the |each |such )?(new |revised |updated |complete |signed |final |executed |form of )?(consent|opinion|copy|exhibit|agreement|schedule|legal opinion)|please (re)?file\b|have counsel|in (an|the) amend|corrective disclosure",
    ),
    (
        "future",
        r"(?i)future (filings?|periodic|earnings|reports?|disclosures?|annual|quarterly|proxy|definitive|releases?|10-k|form)|next (earnings release|annual report|form 10-|periodic|quarterly report|10-k|10-q|proxy)|in future\b|going forward|subsequent (filings|periodic)",
    ),
    (
        "revise",
        r"(?i)\brevise\b|\breissue\b|(^|please |\band |\balso |\bfurther |\bthen |\bin addition,? |\badditionally,? |:\s*|,\s+)(briefly |clearly |also |separately |specifically |prominently )?(expand|enhance|disclose|add|include|remove|present|update|define|delete|eliminate|balance|label|retitle|relabel|rename|highlight|substantiate|characterize|disaggregate|separately (present|report|disclose|quantify)|provide (a |an |the |this |these |such |required |additional |more |expanded |greater |enhanced |further |clear |similar |prominent |all )*(disclosure|discussion|description|reconciliation|summary|table|quantification|narrative|risk factor|required|information required)s?|ensure (that )?(your|the|all) (disclosure|presentation|reconciliation|table)|(make|file) (conforming|appropriate|similar|corresponding) (changes|revisions))\b",
    ),
    (
        "soft",
        r"(?i)(^|please |\band |\balso |\bfurther |\bthen |\bin addition,? |\badditionally,? |:\s*|,\s+)(briefly |clearly |also |further |better |specifically )?(describe|discuss|clarify|quantify|explain|elaborate|reconcile|address|identify|state|specify|indicate|provide (a |the )?basis|consider (providing|disclosing|revising|expanding|including|clarifying|adding))\b",
    ),
    (
        "consider_disclosing",
        r"(?i)consideration (of|to|given to|you gave to|was given to) (disclos|provid|includ|present|identif|revis|expand)|consider (disclosing|providing|revising|expanding|including)|with a view (toward|to) (future |revised |additional )?disclosure|why (you|it) (did|do|does) not (disclose|provide|include)|how you (comply|complied|have complied) with (the )?disclosure|how (your|the) disclosures? compl|-50-\d.{0,80}(tell us|explain|how)|(tell us|explain) how .{0,60}-50-\d|how you (considered|determined|concluded) (whether )?(to )?(disclos|provid|includ|present)|consideration (of|for) (disclos|provid|includ|present)|considered (disclosing|providing|including|presenting)",
    ),
    (
        "support",
        r"(?i)analys[ie]s|how you (considered|determined|concluded|evaluated|assessed|made (this|that|the) determination)|explain (to us )?(why|how you (concluded|determined|considered))|basis for (your|the) (conclusion|determination|accounting|belief|view|position)|compl(y|ies|ied) with|(why|how) (you believe |it is )?(this|these|it|such|your) .{0,40}(is|are|was|were) appropriate|support (for )?(your|the|this) (conclusion|position|statement|assertion|determination|view)|provide support|(authoritative|accounting) (literature|guidance)|\brefer to asc\b|significance (test|calculation)|materiality|reference (for us )?the (authoritative|accounting)|help us (further )?understand (why|how you)|demonstrate (to us )?(how|why|that)|tell us why (you|it|the|your|these|this)",
    ),
    (
        "explain",
        r"(?i)tell us|(describe|explain|clarify|quantify|reconcile|summarize|identify|show|provide|demonstrate|detail|list|address)( \w+){0,3} (to|for) us|provide us|\badvise\b|help us (further )?understand|supplementally|please explain|please describe",
    ),
    ("confirm", r"(?i)\bconfirm\b|represent to us"),
    (
        "conditional",
        r"(?i)\b(if|where|when) (material|so|true|applicable|appropriate|necessary|any)\b|to the extent\b|^if\b|, if\b",
    ),
    (
        "followup",
        r"(?i)(continuing|continue) to (evaluate|review|consider)|may have (further|additional) comment|no further comment|as discussed with",
    ),
];

fn ask_table() -> &'static CueTable {
    static TABLE: OnceLock<CueTable> = OnceLock::new();
    TABLE.get_or_init(|| CueTable::new(&ASK_CUES))
}

/// Which request phrases a text contains (names from the ask-cue table).
pub fn ask_cues(text: &str) -> Vec<&'static str> {
    ask_cues_lower(&text.to_ascii_lowercase())
}

fn ask_cues_lower(lower: &str) -> Vec<&'static str> {
    ask_table().matching(lower).map(|i| ASK_CUES[i].0).collect()
}

/// The request phrases of a comment, sentence by sentence: (cues, conditional). A sentence's
/// alternative ("revise ..., or tell us why ...") is cut off, since the taxonomy labels the first
/// request of "do X, or alternatively Y".
pub fn request_sentences(text: &str) -> Vec<(Vec<&'static str>, bool)> {
    let alt = regex_once(
        &ALT_RE,
        r"(?i),? or,? (alternatively,? |otherwise,? |if not,? |in the alternative,? )?(please )?(tell|explain|advise|revise|remove|provide|disclose|clarify|file|confirm|describe|state|show|characterize|expand)\b",
    );
    let mut out = Vec::new();
    let lower = text.to_ascii_lowercase();
    for sentence in sentences(&lower) {
        let head = match alt.find(sentence) {
            Some(m) if m.start() > 10 => &sentence[..m.start()],
            _ => sentence,
        };
        let cues = ask_cues_lower(head);
        let conditional = cues.contains(&"conditional");
        out.push((cues, conditional));
    }
    out
}

static ALT_RE: OnceLock<Regex> = OnceLock::new();

/// Sentences of a text (split after `.`, `?`, `;` or a bullet; good enough for request phrases).
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    for (i, c) in text.char_indices() {
        let end = match c {
            '.' | '?' | ';' => {
                // Not inside a rule number ("606-10-50-12", "Item 10(e)", "No. 2").
                let next = b.get(i + 1).copied().unwrap_or(b' ');
                next == b' ' || next == b'\n'
            }
            '•' | '\u{f0b7}' | '·' => true,
            _ => false,
        };
        if end {
            let s = text[start..i].trim();
            if !s.is_empty() {
                out.push(s);
            }
            start = i + c.len_utf8();
        }
    }
    let s = text[start..].trim();
    if !s.is_empty() {
        out.push(s);
    }
    out
}

/// Families of the filings a text names ("Registration Statement on Form S-4", "DEF 14A", "10-K"):
/// the kind of review, a strong prior on the topics (merger proxies, proxy contests, IPOs, periodic
/// reports).
pub fn form_families(text: &str) -> Vec<&'static str> {
    static RES: OnceLock<Vec<(&'static str, Regex)>> = OnceLock::new();
    let res = RES.get_or_init(|| {
        [
            ("tender", r"(?i)schedule to\b|\bsc to|13e-3|13e-4|tender offer|offer to purchase|(?-i:(^|\s)TO(-[IT])?(/A)?($|\s))"),
            ("proxy_pre", r"(?i)prec14a|dfan14a|prem14a|pre 14a|preliminary (proxy|information|revocation|consent)|14c\b|soliciting material"),
            ("proxy_def", r"(?i)def 14a|definitive proxy"),
            ("s4", r"(?i)\b[sf]-4\b"),
            ("s1", r"(?i)\b[sf]-1\b|\bs-11\b|draft registration statement on form s|\bdrs\b"),
            ("s3", r"(?i)\b[sf]-3\b"),
            ("form10", r"(?i)10-12[bg]|form 10($|[^-\w])|(^|\s)10(/a)?($|\s)"),
            ("annual", r"(?i)10-k|20-f|40-f|annual report"),
            ("quarterly", r"(?i)10-q|quarterly report"),
            ("current", r"(?i)8-k|6-k|earnings release"),
        ]
        .into_iter()
        .filter_map(|(n, p)| Regex::new(&ascii_boundaries(p)).ok().map(|r| (n, r)))
        .collect()
    });
    res.iter().filter(|(_, r)| r.is_match(text)).map(|(n, _)| *n).collect()
}

/// Features of a staff comment for the topic model: its words and word pairs, the words of its main
/// request (the first sentences, which the taxonomy's primary topic follows), word stems, the words of
/// its captions (the innermost one apart), the taxonomy's cue counts in text and captions, and the
/// families of the filings under review (`forms`: the Re: block or the form types).
pub fn topic_features(text: &str, headings: &[String], forms: &str) -> Vec<String> {
    topic_features_and_cues(text, headings, forms).0
}

/// [`topic_features`] and the text's cue counts, which ranking adds to the model's scores (matching
/// the cues is the dearest part of the features: done once).
pub(crate) fn topic_features_and_cues(
    text: &str,
    headings: &[String],
    forms: &str,
) -> (Vec<String>, [u32; 35]) {
    let mut out = Vec::new();
    for f in form_families(forms) {
        out.push(format!("form:{f}"));
    }
    words_and_pairs(text, "", true, &mut out);
    words_and_pairs(lead(text, LEAD_WORDS), "f:", false, &mut out);
    stems(text, &mut out);
    for h in headings {
        words_and_pairs(h, "h:", true, &mut out);
    }
    if let Some(h) = headings.last() {
        words_and_pairs(h, "hl:", false, &mut out);
    }
    let cues = cue_counts(text);
    for (i, n) in cues.iter().enumerate() {
        for _ in 0..*n {
            out.push(format!("cue:{}", TOPICS[i]));
        }
    }
    let lead_cues = cue_counts(lead(text, LEAD_WORDS));
    for (i, n) in lead_cues.iter().enumerate() {
        if *n > 0 {
            out.push(format!("fcue:{}", TOPICS[i]));
        }
    }
    let hcues = cue_counts(&headings.join(" \n "));
    for (i, n) in hcues.iter().enumerate() {
        if *n > 0 {
            out.push(format!("hcue:{}", TOPICS[i]));
        }
    }
    out.push("bias".into());
    (out, cues)
}

/// Words of a comment's opening that count as its main request.
const LEAD_WORDS: usize = 45;

/// The first `n` words of a text (a prefix of it, on a word boundary).
pub fn lead(text: &str, n: usize) -> &str {
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if in_word {
                words += 1;
                if words == n {
                    return &text[..i];
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    text
}

/// Five-letter stems of long words ("impai" for impairment, impaired, impairments): a crude
/// character n-gram that lets accounting terms in different forms vote together.
fn stems(text: &str, out: &mut Vec<String>) {
    for t in tokens(text) {
        if t.len() >= 7 && t.chars().all(|c| c.is_ascii_alphabetic()) && !STOP.contains(&t.as_str()) {
            out.push(format!("s:{}", &t[..5]));
        }
    }
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
const ANSWER_CUES: [(&str, &str); 7] = [
    (
        "will",
        r"(?i)\bwill (also |further |now |instead |appropriately |additionally )?(revise|include|expand|enhance|disclose|add|update|clarify|present|modify|remove|discuss|describe|quantify|reorder|separately|no longer|rename|relabel|retitle|label|conform|reflect|eliminate|omit|delete|identify|explain|state|refer|replace|reconcile|move|note|insert|incorporate|change|show|provide|make (the|conforming|appropriate|additional|similar|such|these) (changes|revisions|disclosures?))|\b(intends?|undertakes?|plans?|expects?) to (revise|include|expand|enhance|disclose|provide|add|update|clarify|present|remove|make|discuss|describe|quantify)|(proposes?|propose) to (revise|include|expand|add|update|clarify|present|remove)|(the following|proposed|revised) disclosure (will|would) be|(future|next) (filings?|periodic reports?|annual reports?|quarterly reports?|earnings releases?|form 10-[kq]|proxy statements?)[^.]{0,80}\b(will|would) (be )?(include|revised|present|disclose|expand|add)",
    ),
    (
        "revised",
        r"(?i)\b(has|have) (been )?(revised|added|expanded|updated|included|amended|filed|refiled|re-filed|clarified|removed|modified|deleted|provided the requested|incorporated)|amendment no\.|amended (registration statement|filing|form|schedule|offer)|revised (disclosure|registration)|as revised|has been (revised|updated|added|filed)|(revised|updated) the (disclosure|graphic|table|chart|cover|offer|proxy)",
    ),
    (
        "declined",
        r"(?i)respectfully (submits?|believes?|disagrees?|notes? that (the|its|our) (current|existing))|(do|does|did) not believe|not (necessary|required|warranted|material to|meaningful|appropriate)|required to be disclosed|believes? (that )?(the|its|our) (current|existing|present) (disclosure|presentation|md&a|discussion)|no (additional|further) disclosure|(is|are|was|were) appropriate|adequately (address|disclose|describe)|no amendment|(has|have) not (identified|experienced) any material|does not (consider|view|expect)|(is|are) not (significant|material)|(immaterial|not material) (to|for)",
    ),
    (
        "info",
        r"(?i)supplementally|following (table|information)|as requested|please (find|see) (the )?(attached|below|annex)|provided (below|supplementally|under separate cover)|for the staff's (information|reference)|respectfully advises?|advises the staff",
    ),
    ("confirm", r"(?i)\bconfirms?\b|acknowledges?"),
    ("analysis", r"(?i)asc \d|analysis|concluded|determined that|in accordance with"),
    (
        "proposed",
        r"(?i)proposed (disclosure|revision|language)|(as|in the form) (set forth|shown|presented) below|substantially (similar|in the form)|(added|new) text is underlined|marked to show|example of (the|our) (proposed|revised)",
    ),
];

fn answer_table() -> &'static CueTable {
    static TABLE: OnceLock<CueTable> = OnceLock::new();
    TABLE.get_or_init(|| CueTable::new(&ANSWER_CUES))
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
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ").to_ascii_lowercase();
    let table = answer_table();
    for i in table.matching(&flat) {
        let name = ANSWER_CUES[i].0;
        let n = table.each[i].find_iter(flat.as_bytes()).count();
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

/// What the rules read in a company answer, clause by clause: the parts it is made of.
///
/// A clause that changes disclosure is `revised` when it changes the filing under review (a past
/// change in an open filing, an amendment, "we will revise the registration statement") and
/// `will_revise` when the change is for a later filing ("in future filings", "beginning with our next
/// Form 10-Q", a change already made in a later periodic report). A clause without a change that
/// argues against one ("we do not believe", "not material", "already discloses") is a refusal; the
/// rest is information, counted in characters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AnswerParts {
    /// Some clause changes the filing under review.
    pub revised: bool,
    /// Some clause promises (or reports) a change in a later filing.
    pub will_revise: bool,
    /// Clauses that argue no change is needed.
    pub refusals: usize,
    /// Characters of clauses that neither change nor refuse (facts, analysis).
    pub info_chars: usize,
    /// Some clause promises a change only "if material" / "to the extent".
    pub conditional: bool,
    /// Some clause plainly refuses a change ("we do not believe any changes are needed").
    pub strong_refusal: bool,
}

const PART_CUES: [(&str, &str); 9] = [
    (
        "done",
        r"(?i)\b(has|have|had)\s+(been\s+)?(revised|added|expanded|updated|amended|filed|refiled|re-filed|clarified|removed|modified|deleted|incorporated|supplemented|reflected|replaced|included|reformatted|attempted to revise|provided (the )?(requested|additional))|\bamendment no\.?\s*\d|\b(is|are)\s+(concurrently\s+)?(filing|refiling|submitting)\b|\b(we|company|registrant|it) (revised|amended|refiled|updated|expanded|added|removed|included)\b|\b(revised|amended) (registration statement|offer to purchase|proxy statement|prospectus|filing)|\bas revised\b|(new|added) (text|disclosure|language) (is )?(underlined|marked|bolded)|\b10-[kq]/a\b",
    ),
    (
        "will",
        r"(?i)\bwill (also |further |now |instead |appropriately |additionally |be sure to |ensure (that )?(it |we |the company |our |its |future )?)?(revise|include|expand|enhance|disclose|add|update|clarify|present|modify|remove|discuss|describe|quantify|reorder|separately|no longer|rename|relabel|retitle|label|conform|reflect|eliminate|omit|delete|identify|explain|state|refer|replace|reconcile|move|note|insert|incorporate|change|show|provide|file|refile|make|focus|comply|begin|specify|detail|exclude|use the label|use)\b|\bwill be (revised|updated|expanded|included|added|removed|clarified|enhanced|modified|presented|disclosed|relabeled|renamed|tailored|conformed|reflected|described|discussed)|\bwill ensure (that )?(future|our|its|the)|\b(intends?|undertakes?|plans?|expects?|proposes?|commits?|agrees?) to (revise|include|expand|enhance|disclose|provide|add|update|clarify|present|remove|make|discuss|describe|quantify|relabel|rename|file|modify|reorder)|\b(will|would) (be )?(revise|include|present|disclose|expand|add)d?\b|proposed (disclosure|revision|language|revised)|(in a manner )?substantially (similar to|in the form)|\bwill commit to\b",
    ),
    (
        "future",
        r"(?i)\bfuture\b|\bprospective\b|in (its|our|the company's|the) (\w+ ){0,3}(annual report|quarterly report|form 10-[kq]|10-[kq]|proxy statement|earnings release) (on form 10-[kq] )?for the (fiscal )?(year|quarter|period)|\bnext (annual|quarterly|form|earnings|proxy|periodic|10-|report|definitive)|\b(beginning|starting|commencing) (with|in)\b|going forward|prospectively|subsequent (filings|periodic|reports|annual|quarterly|form|earnings)|in the future|upcoming|forthcoming|(quarter|year|period) ending\b|(fiscal )?(20\d\d) (form )?10-k\b|for (the )?fiscal (year )?20\d\d",
    ),
    (
        "open",
        r"(?i)registration statement|prospectus|amendment no|offer to purchase|preliminary (proxy|information|revocation)|revocation (card|solicitation)|proxy card|schedule (to|13e|14d)\b|form s-\d|form f-\d|form 10-12|\bform 10\b|exhibit \d|amended (filing|form 10-k|form 10-q|10-k|annual report|quarterly report)|form 10-[kq]/a|\b10-[kq]/a\b|legal opinion|consent\b|amend (its|our|the) (form|filing|annual|quarterly|10-)",
    ),
    ("amend", r"(?i)\bamend|10-[kq]/a\b|\brefil|\brestat|legal opinion|\bexhibit (5|8|23|10)"),
    (
        "refuse",
        r"(?i)respectfully (submits?|believes?|disagrees?|notes? that (the|its|our) (current|existing))|(do|does|did) not (believe|consider|think|view|expect)|not (necessary|required|warranted|material|meaningful|appropriate|applicable|significant)|required to be disclosed|believes? (that )?(the|its|our) (current|existing|present) (disclosure|presentation|md&a|discussion)|no (additional|further) disclosure|already (disclos|provid|includ|address|present)|adequately (address|disclose|describe)|no amendment|(has|have) not (identified|experienced|been)|(is|are) not (significant|material)|(immaterial|not material) (to|for)|continue to (monitor|evaluate|assess|consider)|unable to (estimate|provide|quantify|determine)|(complies|comply|complied) with|in compliance with|(is|are|was|were) appropriate|would not be (meaningful|material|useful|appropriate)|rather than|elected not to|does not (maintain|have)|relying on|continue to (disclose|provide|include|present)|(we|company|management) (continues? to |do |does )?believes? (that )?(the|this|these|our|its|such)\b",
    ),
    (
        "info",
        r"(?i)advises?|supplementally|following (table|information)|as follows|for the staff|approximately|\$\s?\d|\d\s?%|\bmillion|\bbillion|\basc \d|concluded|determined|considered|because|consist|comprised|primarily|represent",
    ),
    (
        "cond",
        r"(?i)\bif (material|applicable|appropriate|necessary)|to the extent\b|when (material|applicable)|as (appropriate|applicable)",
    ),
    (
        "strong_refuse",
        r"(?i)(do|does) not believe (that )?(any )?(changes?|additional|further|revisions?|amendment|it is necessary|an? (amendment|revision|separate)|such (disclosure|changes?))|respectfully (submits|believes) that (no|the (current|existing)|its (current|existing))|not (necessary|required|warranted|appropriate) to (revise|amend|include|disclose|present|file|provide)|elected not to|respectfully declines?|is not required to be filed|does not intend to",
    ),
];

fn part_table() -> &'static CueTable {
    static TABLE: OnceLock<CueTable> = OnceLock::new();
    TABLE.get_or_init(|| CueTable::new(&PART_CUES))
}

/// Clauses of an answer: sentences, cut again before "and will", "; however", ", but".
pub fn clauses(text: &str) -> Vec<&str> {
    let cut = regex_once(
        &CLAUSE_RE,
        r"(?i)(,? and (?:we |the company |it )?(?:will|has|have|intends|plans|undertakes)\b|;\s|,? (?:however|but|although|while),? )",
    );
    let mut out = Vec::new();
    for s in sentences(text) {
        let mut start = 0;
        for m in cut.find_iter(s) {
            if m.start() > start + 15 {
                out.push(s[start..m.start()].trim());
                start = m.start();
            }
        }
        out.push(s[start..].trim());
    }
    out.retain(|c| !c.is_empty());
    out
}

static CLAUSE_RE: OnceLock<Regex> = OnceLock::new();

/// The parts of a company answer under review of a filing in context `ctx` (see [`AnswerParts`]).
pub fn answer_parts(text: &str, ctx: FilingContext) -> AnswerParts {
    let table = part_table();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ").to_ascii_lowercase();
    let mut p = AnswerParts::default();
    for c in clauses(&flat) {
        let hits = table.set.matches(c.as_bytes());
        let has = |i: usize| hits.matched(i);
        let (done, will, future, open, amend) = (has(0), has(1), has(2), has(3), has(4));
        if done || will {
            if future && !(open && c.contains("future amendment")) {
                p.will_revise = true;
            } else if done {
                // A past change in a periodic report that is not an amendment sits in a later report.
                if ctx == FilingContext::Periodic && !amend && !open {
                    p.will_revise = true;
                } else {
                    p.revised = true;
                }
            } else if open || ctx == FilingContext::Open {
                p.revised = true;
            } else {
                p.will_revise = true;
            }
            p.conditional |= has(7);
        } else if has(5) {
            p.refusals += 1;
            p.strong_refusal |= has(8);
        } else {
            p.info_chars += c.len();
        }
    }
    p
}

/// Features of the parts the rules read in an answer, with the filing context.
pub fn part_features(text: &str, ctx: FilingContext) -> Vec<String> {
    let p = answer_parts(text, ctx);
    let mut out = vec![format!("ctx:{}", ctx.tag())];
    if p.revised {
        out.push("p:revised".into());
    }
    if p.will_revise {
        out.push("p:will".into());
    }
    if p.revised && p.will_revise {
        out.push("p:both".into());
    }
    if p.conditional {
        out.push("p:conditional".into());
    }
    if p.strong_refusal {
        out.push("p:strong_refuse".into());
    }
    let refuse = match p.refusals {
        0 => "0",
        1 => "1",
        2 | 3 => "2",
        _ => "4",
    };
    out.push(format!("p:refuse{refuse}"));
    let info = if p.info_chars < 150 {
        "none"
    } else if p.info_chars < 600 {
        "some"
    } else if p.info_chars < 2000 {
        "much"
    } else {
        "long"
    };
    out.push(format!("p:info_{info}"));
    let change = if p.revised || p.will_revise { "change" } else { "nochange" };
    out.push(format!("p:{change}&info_{info}"));
    out.push(format!("p:{change}&refuse{refuse}"));
    if p.revised {
        out.push(format!("p:rev&refuse{refuse}"));
        out.push(format!("p:rev&info_{info}"));
    }
    if p.will_revise {
        out.push(format!("p:will&refuse{refuse}"));
        out.push(format!("p:will&info_{info}"));
    }
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
    fn form_families_from_re_blocks_and_form_codes() {
        assert_eq!(form_families("Registration Statement on Form S-4 | Filed March 4, 2016"), ["s4"]);
        assert_eq!(
            form_families("Form 10-K for the Fiscal Year | Form 8-K filed May 5"),
            ["annual", "current"]
        );
        assert_eq!(form_families("DEF 14A"), ["proxy_def"]);
        assert_eq!(form_families("TO-T/A 10-K"), ["tender", "annual"]);
        assert_eq!(form_families("Draft Registration Statement on Form 10-12G"), ["form10"]);
        assert!(form_families("Response dated July 6, 2022 to our letter").is_empty());
    }

    #[test]
    fn lead_and_sentences() {
        assert_eq!(lead("one two three four", 2), "one two");
        assert_eq!(lead("short", 5), "short");
        let s = sentences("Refer to ASC 606-10-50-12. Please revise. Tell us why; explain\u{f0b7} how");
        assert_eq!(s, ["Refer to ASC 606-10-50-12", "Please revise", "Tell us why", "explain", "how"]);
    }

    #[test]
    fn request_cues_fire() {
        let c = ask_cues("Please tell us, and revise future filings to disclose, the reasons.");
        assert!(c.contains(&"future") && c.contains(&"revise") && c.contains(&"explain"));
        assert!(ask_cues("Please confirm that you will").contains(&"confirm"));
        assert!(ask_cues("If material, please quantify").contains(&"conditional"));
    }

    #[test]
    fn cue_tables_are_lowercase_ascii_and_compile() {
        for table in [&ASK_CUES[..], &ANSWER_CUES[..], &PART_CUES[..]] {
            for (name, p) in table {
                let letters =
                    ["\\b", "\\d", "\\s", "\\w"].iter().fold(p.to_string(), |s, e| s.replace(e, ""));
                assert!(p.starts_with("(?i)"), "{name}: written case-insensitive");
                assert!(
                    letters.is_ascii() && !letters[4..].chars().any(|c| c.is_ascii_uppercase()),
                    "{name}: {p}"
                );
            }
            assert_eq!(CueTable::new(table).each.len(), table.len());
        }
        assert!(ask_cues("PLEASE CONFIRM THAT YOU WILL").contains(&"confirm"), "case does not matter");
        let p = answer_parts("We WILL REVISE the disclosure in FUTURE FILINGS.", FilingContext::Periodic);
        assert!(p.will_revise);
    }
}
