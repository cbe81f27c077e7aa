//! Review threads: one review cycle's letters.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Filing, LetterKind};

/// Whether a review is still going.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThreadStatus {
    /// No review-complete letter yet.
    Open,
    /// Closed by a review-complete letter.
    Complete,
}

/// One letter as a thread lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadLetter {
    /// EDGAR accession number (or a content-hash key for loose files).
    pub accession: String,
    /// The letter's kind.
    pub kind: LetterKind,
    /// The printed date (else EDGAR's filing date).
    pub date: Option<NaiveDate>,
    /// EDGAR form (`UPLOAD`, `CORRESP`, ...), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    /// EDGAR filing date, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filing_date: Option<NaiveDate>,
    /// First day the letter appeared in EDGAR's daily index, when known.
    #[serde(default)]
    pub release_date: Option<NaiveDate>,
}

/// One review cycle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Thread {
    /// Stable id: the CIK (or company key) and the first letter's accession.
    pub id: String,
    /// Registrant name.
    pub company: Option<String>,
    /// CIK, ten digits, when known.
    pub cik: Option<String>,
    /// Filings under review, merged from the letters' Re: blocks.
    pub filings: Vec<Filing>,
    /// Letters in time order.
    pub letters: Vec<ThreadLetter>,
    /// Staff comment letters.
    pub rounds: u32,
    /// Open or complete.
    pub status: ThreadStatus,
    /// Review-complete letter's date minus the first staff letter's date.
    pub days_to_complete: Option<i64>,
}

/// A comment or an answer: its letter and its 1-based position there.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ItemRef {
    /// The letter's accession.
    pub accession: String,
    /// The comment's or answer's position in its letter.
    pub ordinal: u32,
}

/// How a later staff comment continues an earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpHow {
    /// The later comment cites the earlier one ("prior comment 3", "comment one of our letter
    /// dated ...", "your response to comment 3").
    Explicit,
    /// The later comment plainly continues the same matter without citing it.
    Implicit,
}

/// A later staff comment that continues an earlier one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    /// The later staff letter.
    pub accession: String,
    /// The later comment's position in it.
    pub ordinal: u32,
    /// The later comment's printed number.
    pub number: Option<String>,
    /// Cited or implied.
    pub how: FollowUpHow,
}

/// How a review thread ended for one comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosedBy {
    /// The staff's review-complete letter came after the comment's last round.
    ReviewComplete,
    /// No review-complete letter (yet).
    Open,
}

/// Where a comment's matter ended: the last round its chain of follow-ups reached, how the review
/// closed, and how the company answered in that last round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The last round (staff comment letter, 1-based) the matter reached.
    pub last_round: u32,
    /// Whether a review-complete letter closed it.
    pub closed_by: ClosedBy,
    /// The company's answer type in that last round (`mixed` when its answers there differ).
    pub answer: Option<crate::AnswerType>,
    /// For `mixed`: the components, in the order revised, will_revise, declined, provided_info.
    #[serde(default)]
    pub answer_parts: Vec<crate::AnswerType>,
}

impl Outcome {
    /// The matter never came back after the company's first answer: no staff follow-up.
    pub fn first_round(&self, round: u32) -> bool {
        self.last_round == round
    }
}

/// One staff comment's record in its review: the answers paired to it, the later comments that
/// follow it up, and its outcome. Computed once, at ingest, by `corresp_thread::record`; read by
/// every view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentRecord {
    /// The staff letter's accession.
    pub accession: String,
    /// The comment's position in it.
    pub ordinal: u32,
    /// The comment's printed number.
    pub number: Option<String>,
    /// The staff comment letter's round in the thread (1-based).
    pub round: u32,
    /// Company answers paired to it, in time order.
    pub answers: Vec<ItemRef>,
    /// Comments of a later staff letter that continue it.
    pub follow_ups: Vec<FollowUp>,
    /// Where its matter ended.
    pub outcome: Outcome,
}

/// Something the pairing could not settle (an answer whose number the answered letter lacks, a
/// response with no staff letter before it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairingNote {
    /// The response letter.
    pub accession: String,
    /// The answer's position, when the note is about one answer.
    pub ordinal: Option<u32>,
    /// Short machine-readable code (`no_such_comment`, `no_staff_letter`, `unnumbered`, ...).
    pub code: String,
    /// What happened, for a human.
    pub message: String,
}

/// The comment–answer record of one review thread.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReviewRecord {
    /// The thread id.
    pub thread_id: String,
    /// The version of the rules that made it: a stored record of older rules is made again.
    #[serde(default)]
    pub rules: u32,
    /// Every staff comment of the thread's comment letters, in thread order.
    pub comments: Vec<CommentRecord>,
    /// For each response letter: the staff letter its answers were paired with.
    #[serde(default)]
    pub answered_letters: Vec<(String, String)>,
    /// What the pairing could not settle.
    #[serde(default)]
    pub notes: Vec<PairingNote>,
}

impl ReviewRecord {
    /// The record of one staff comment.
    pub fn comment(&self, accession: &str, ordinal: u32) -> Option<&CommentRecord> {
        self.comments.iter().find(|c| c.accession == accession && c.ordinal == ordinal)
    }

    /// The staff comment an answer was paired with.
    pub fn comment_of_answer(&self, accession: &str, ordinal: u32) -> Option<&CommentRecord> {
        self.comments
            .iter()
            .find(|c| c.answers.iter().any(|a| a.accession == accession && a.ordinal == ordinal))
    }
}
