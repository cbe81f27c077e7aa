//! A response to a staff comment letter, drafted: the skeleton a company's reporting team fills in,
//! with how other companies answered the same kind of comment beside each one.
//!
//! [`skeleton`] turns a parsed staff letter into a [`Draft`] that follows how real responses are
//! written: letterhead and date, "VIA EDGAR", the staff named in the letter as addressees, the Re:
//! block copied, an opening naming the staff letter, then for each comment its captions, the comment
//! repeated word for word in bold with its number and "Response:" with a paragraph to fill; the
//! three-part acknowledgment only when the staff letter asks for it; a closing and a signature block.
//!
//! Precedents ([`Precedent`]) are found by the caller that holds the store (`corresp_app::draft`) and
//! set on each [`Section`]; renderers keep them out of the letter body: [`markdown`] and [`html`] put
//! them in a block marked as notes to remove, [`docx`] makes them Word comments anchored on the
//! repeated comment. Answers typed by the writer ([`Section::response`]) are rendered in place of the
//! empty paragraph.
#![deny(missing_docs)]

mod docx;
mod html;
mod markdown;
mod reflow;
mod skeleton;

use chrono::NaiveDate;
use corresp_model::{AnswerType, ClosedBy};
use serde::{Deserialize, Serialize};

pub use docx::docx;
pub use html::html;
pub use markdown::markdown;
pub use reflow::paragraphs;
pub use skeleton::{asks_for_acknowledgment, skeleton};

/// Why a letter cannot be drafted against.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The letter is not a staff comment letter (one line, naming what it is).
    #[error("{0}")]
    NotStaffComments(String),
    /// The DOCX writer failed.
    #[error("cannot write the DOCX: {0}")]
    Docx(String),
}

/// The three statements the staff used to ask companies to acknowledge (until 2016; some letters
/// still ask), in the words responses use.
pub const ACKNOWLEDGMENT: [&str; 3] = [
    "the Company is responsible for the adequacy and accuracy of the disclosure in the filing;",
    "staff comments or changes to disclosure in response to staff comments do not foreclose the Commission from taking any action with respect to the filing; and",
    "the Company may not assert staff comments as a defense in any proceeding initiated by the Commission or any person under the federal securities laws of the United States.",
];

/// A response letter to one staff comment letter.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Draft {
    /// The staff letter answered.
    pub staff_letter: StaffLetter,
    /// The letterhead placeholder (the company's name when known).
    pub letterhead: String,
    /// The response's date as printed ("December 7, 2026").
    pub date: String,
    /// "VIA EDGAR".
    pub delivery: String,
    /// Addressee block, one line each: the staff named in the letter, their office, the Division,
    /// the Commission's address.
    pub addressee: Vec<String>,
    /// The Re: block, one line each, as the staff letter printed it (without "Re:").
    pub re: Vec<String>,
    /// "Dear …:".
    pub salutation: String,
    /// The opening paragraphs.
    pub opening: Vec<String>,
    /// One per staff comment, in the letter's order.
    pub sections: Vec<Section>,
    /// The acknowledgment's lead-in and its three statements, when the staff letter asks for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledgment: Option<Acknowledgment>,
    /// The closing paragraph (with a contact placeholder).
    pub closing: String,
    /// Signature block lines.
    pub signature: Vec<String>,
    /// Copies, one line each ("cc: ...").
    #[serde(default)]
    pub cc: Vec<String>,
}

/// The acknowledgment as the response gives it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Acknowledgment {
    /// "The Company acknowledges that:".
    pub lead: String,
    /// The three statements.
    pub statements: Vec<String>,
}

/// Which staff letter the draft answers.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StaffLetter {
    /// Its accession, when it is stored or came from an EDGAR folder.
    pub accession: Option<String>,
    /// The company's CIK, when known.
    pub cik: Option<String>,
    /// The company as the letter names it.
    pub company: Option<String>,
    /// The letter's date.
    pub date: Option<NaiveDate>,
    /// EDGAR's filing index of the letter, when its accession and CIK are EDGAR's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// One staff comment and the place for its answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Section {
    /// 1-based position in the staff letter.
    pub ordinal: u32,
    /// The number as printed; `None` for a bulleted or unnumbered request.
    pub number: Option<String>,
    /// The captions it falls under, outermost first (all of them, even when the previous section
    /// had the same).
    pub headings: Vec<String>,
    /// The captions to print above it: those that differ from the previous section's.
    pub new_headings: Vec<String>,
    /// The comment, word for word, as paragraphs (PDF line breaks joined; bullets kept).
    pub comment: Vec<String>,
    /// The answer as typed by the writer; empty in a fresh skeleton.
    #[serde(default)]
    pub response: String,
    /// How other companies answered comments like it, best first.
    #[serde(default)]
    pub precedents: Vec<Precedent>,
}

/// A staff comment at another company like the one being answered, and what became of it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Precedent {
    /// The company.
    pub company: String,
    /// Its CIK.
    pub cik: Option<String>,
    /// The staff comment.
    pub comment: Cited,
    /// The comment's captions, outermost first.
    pub caption: Vec<String>,
    /// The comment's opening words.
    pub comment_excerpt: String,
    /// The company's answer, when the record pairs one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<PrecedentAnswer>,
    /// The last round the matter reached (1 = the staff did not come back to it).
    pub last_round: u32,
    /// The comment's own round.
    pub round: u32,
    /// Whether the staff followed the comment up in a later letter.
    pub followed_up: bool,
    /// How the review ended.
    pub closed_by: Option<ClosedBy>,
    /// Days from the first staff letter to the review-complete letter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_days: Option<i64>,
    /// Similarity to the comment being answered (higher is closer).
    pub score: f32,
    /// A citation to paste: company, letters, dates, accessions.
    pub citation: String,
}

/// One letter cited by a precedent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Cited {
    /// The letter's accession.
    pub accession: String,
    /// The letter's date.
    pub date: Option<String>,
    /// The comment's or answer's printed number.
    pub number: Option<String>,
    /// Its position in the letter.
    pub ordinal: Option<u32>,
    /// EDGAR's filing index of the letter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The precedent company's answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PrecedentAnswer {
    /// The response letter.
    pub letter: Cited,
    /// The answer's first words (about 80).
    pub opening: String,
    /// How it answered.
    pub answer_type: Option<AnswerType>,
    /// For a mixed answer, its parts.
    #[serde(default)]
    pub parts: Vec<AnswerType>,
    /// The sentence that promises a revision, when it made one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitment: Option<String>,
}

impl Precedent {
    /// True when the matter ended with the answer to this comment: the staff did not come back.
    pub fn settled_first_time(&self) -> bool {
        !self.followed_up && self.last_round <= self.round
    }

    /// One line that says what became of it, for notes ("not followed up; review closed in 45 days").
    pub fn outcome_line(&self) -> String {
        let mut s = if self.followed_up {
            format!("staff followed up (matter reached round {})", self.last_round)
        } else {
            "not followed up".to_string()
        };
        match (self.closed_by, self.review_days) {
            (Some(ClosedBy::ReviewComplete), Some(d)) => s.push_str(&format!("; review closed in {d} days")),
            (Some(ClosedBy::ReviewComplete), None) => s.push_str("; review closed"),
            (Some(ClosedBy::Open), _) => s.push_str("; review not closed on record"),
            (None, _) => {}
        }
        s
    }
}

/// The name a reader uses for an answer type.
pub fn answer_type_name(t: AnswerType) -> &'static str {
    match t {
        AnswerType::Revised => "revised the filing",
        AnswerType::WillRevise => "will revise future filings",
        AnswerType::Declined => "declined (explained why no change)",
        AnswerType::ProvidedInfo => "provided information",
        AnswerType::Mixed => "mixed",
    }
}

/// "revised the filing + will revise future filings" for a mixed answer, else its one name.
pub fn answer_label(t: Option<AnswerType>, parts: &[AnswerType]) -> Option<String> {
    match t? {
        AnswerType::Mixed if !parts.is_empty() => {
            Some(parts.iter().map(|p| answer_type_name(*p)).collect::<Vec<_>>().join(" + "))
        }
        t => Some(answer_type_name(t).to_string()),
    }
}

/// The heading a section is printed under: "1." or the number as printed, else "Comment".
impl Section {
    /// "Comment 3" or "Comment" for an unnumbered request.
    pub fn label(&self) -> String {
        match &self.number {
            Some(n) => format!("Comment {n}"),
            None => "Comment".to_string(),
        }
    }
}
