//! The query language: words, "exact phrases", AND/OR/NOT (or `-word`), parentheses and field
//! filters (`company:`, `form:10-K`, `year:2019..2021`, `kind:comment`, ...).
//!
//! Parsing is ours rather than tantivy's `QueryParser` so that mistakes get a message a reader
//! can act on (which quote is open, which field is unknown, which year is not a year) and so that
//! bare words can also be scored as a sloppy phrase (see [`Compiled::proximity`]).
//!
//! [`parse()`] reads the text into a tree of [`Node`]s (with the nesting bounds that keep a hostile
//! query from exhausting the stack); [`Compiler`] turns the tree into tantivy queries for an index.

mod compile;
mod parse;

pub(crate) use compile::{Compiled, Compiler};
pub(crate) use parse::parse;

use chrono::NaiveDate;

/// The field names a query may use, for the error message that lists them.
pub const KNOWN_FIELDS: &[&str] = &[
    "company",
    "cik",
    "form",
    "year",
    "date",
    "kind",
    "topic",
    "outcome",
    "accession",
    "heading",
    "letter",
    "number",
    "thread",
    "text",
];

/// How much a bare word's match in a comment's captions weighs against a match in its text.
pub(crate) const HEADING_BOOST: f32 = 0.5;

/// One node of a parsed query.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Word(String),
    Phrase(String),
    Field { name: String, value: String, quoted: bool },
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
}

/// A date as the sortable integer `YYYYMMDD`, the `day` field.
pub(crate) fn day_number(d: NaiveDate) -> i64 {
    use chrono::Datelike;
    i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day())
}
