//! One parsed letter: the record `corresp parse FILE --json` prints.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Span;

/// What a letter is (see the schema's description of `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum LetterKind {
    /// A staff letter with numbered (or bulleted) comments.
    Comments,
    /// A staff letter that closes the review (including "we will not review").
    ReviewComplete,
    /// A company letter answering staff comments.
    Response,
    /// Anything else: acceleration, extension or withdrawal requests, cover letters, ...
    #[default]
    Other,
}

impl LetterKind {
    /// The contract's name for the kind.
    pub fn as_str(&self) -> &'static str {
        match self {
            LetterKind::Comments => "comments",
            LetterKind::ReviewComplete => "review_complete",
            LetterKind::Response => "response",
            LetterKind::Other => "other",
        }
    }

    /// Parses the contract's name.
    pub fn from_name(s: &str) -> Option<Self> {
        Some(match s {
            "comments" => LetterKind::Comments,
            "review_complete" => LetterKind::ReviewComplete,
            "response" => LetterKind::Response,
            "other" => LetterKind::Other,
            _ => return None,
        })
    }

    /// True for letters the staff write.
    pub fn is_staff(&self) -> bool {
        matches!(self, LetterKind::Comments | LetterKind::ReviewComplete)
    }
}

/// A person named as sender or recipient.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Person {
    /// Name as printed.
    pub name: Option<String>,
    /// Title as printed.
    pub title: Option<String>,
    /// The office or firm under the name ("Office of Manufacturing", a law firm), when printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
}

/// One filing under review, from the Re: block.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Filing {
    /// Normalised EDGAR form type (`10-K`, `S-1/A`, `DEF 14A`, ...); see [`crate::normalise_form`].
    pub form: String,
    /// Fiscal year or quarter end the filing covers.
    pub period: Option<NaiveDate>,
    /// Date filed (or submitted, for drafts).
    pub filed: Option<NaiveDate>,
    /// SEC file number as printed (`001-35126`).
    pub file_number: Option<String>,
    /// A draft registration statement submitted for confidential review.
    #[serde(default)]
    pub draft: bool,
    /// Exhibits the Re: block names under the filing ("Exhibit No. 10.1"): the letter is about
    /// those exhibits (a redacted-exhibit assessment), not a review of the filing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exhibits: Vec<String>,
    /// The Re: block text this filing came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// Topic labels of one staff comment (ids from `shared/taxonomy.md`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Topics {
    /// The primary topic id.
    pub primary: Option<String>,
    /// Up to three other topic ids.
    #[serde(default)]
    pub others: Vec<String>,
}

/// What a staff comment asks the company to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ask {
    /// Add or expand disclosure (usually in future filings).
    Disclose,
    /// Amend the filing under review.
    Amend,
    /// Tell the staff something or explain an accounting treatment.
    Explain,
    /// Provide support, analysis or documents.
    Support,
    /// Confirm something.
    Confirm,
    /// Anything else.
    Other,
}

/// How a company answered one comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerType {
    /// The filing itself was changed (e.g. in an amendment).
    Revised,
    /// A change is promised for future filings.
    WillRevise,
    /// Explains why no change is needed.
    Declined,
    /// Supplies what was asked, with no disclosure change.
    ProvidedInfo,
    /// Two or more of these.
    Mixed,
}

/// One staff comment.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Comment {
    /// 1-based position in the letter.
    pub ordinal: u32,
    /// The number as printed; `None` for bulleted comments.
    pub number: Option<String>,
    /// Captions the comment falls under, outermost first.
    #[serde(default)]
    pub headings: Vec<String>,
    /// Pages the comment points at.
    #[serde(default)]
    pub page_refs: Vec<String>,
    /// Numbers of earlier comments it refers to.
    #[serde(default)]
    pub prior_comment_refs: Vec<String>,
    /// The comment's text (without its number).
    pub text: String,
    /// Where the comment sits in the extracted text.
    pub span: Span,
    /// Topic labels, when classified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topics: Option<Topics>,
    /// What the comment asks for, when classified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ask: Option<Ask>,
}

/// One company answer to one staff comment.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Response {
    /// 1-based position in the letter.
    pub ordinal: u32,
    /// The staff comment number it answers; `None` when the comments were bullets.
    pub comment_number: Option<String>,
    /// The staff comment as repeated in the response.
    pub comment_text: Option<String>,
    /// Where the repeated comment sits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment_span: Option<Span>,
    /// The company's answer.
    pub text: String,
    /// Where the answer sits.
    pub span: Span,
    /// Blocks of proposed disclosure quoted in the answer.
    #[serde(default)]
    pub revised_disclosure: Vec<String>,
    /// Where each revised-disclosure block sits (parallel to `revised_disclosure`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revised_disclosure_spans: Vec<Span>,
    /// Portions of the revised disclosure marked as new (underlined or bold).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub marked_portions: Vec<Span>,
    /// The answer promises to revise a future or amended filing.
    #[serde(default)]
    pub commits_to_revise: bool,
    /// The sentences that make the promise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commitments: Vec<Span>,
    /// How the company answered, when classified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<AnswerType>,
    /// For a `mixed` answer, its two or more components in the order revised, will_revise,
    /// declined, provided_info; empty otherwise. Always serialised (as an array).
    #[serde(default)]
    pub answer_parts: Vec<AnswerType>,
}

/// A note from the parser about something it could not settle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Short machine-readable code (`no_date`, `number_gap`, ...).
    pub code: String,
    /// What happened, for a human.
    pub message: String,
    /// Where, when it concerns a place in the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// One parsed letter.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Letter {
    /// What the letter is.
    pub kind: LetterKind,
    /// The printed date.
    pub date: Option<NaiveDate>,
    /// Registrant as printed on the Re: block's first line, without its defined term.
    pub company: Option<String>,
    /// Who signed.
    #[serde(default)]
    pub sender: Option<Person>,
    /// Who it is addressed to.
    #[serde(default)]
    pub recipients: Vec<Person>,
    /// Filings under review, in printed order.
    #[serde(default)]
    pub filings: Vec<Filing>,
    /// For a response: the date of the staff letter it answers.
    pub responds_to: Option<NaiveDate>,
    /// Staff comments, in order.
    #[serde(default)]
    pub comments: Vec<Comment>,
    /// Company answers, in order.
    #[serde(default)]
    pub responses: Vec<Response>,
    /// The company's three-part acknowledgment is present.
    #[serde(default)]
    pub acknowledgment: bool,
    /// Where each letter-level field came from (`date`, `company`, `responds_to`, `acknowledgment`, ...).
    #[serde(default)]
    pub spans: BTreeMap<String, Span>,
    /// What the parser could not settle.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
}
