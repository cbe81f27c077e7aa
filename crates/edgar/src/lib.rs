//! EDGAR, fetched politely.
//!
//! This crate is the only one in corresp that talks HTTP. It lists a company's filing-review
//! correspondence (staff letters filed as `UPLOAD` or `SEC STAFF LETTER/ACTION`, company responses
//! filed as `CORRESP`) through the submissions API or EDGAR's full and daily indexes, and keeps
//! EDGAR's bytes in a [`Mirror`] laid out the way `corresp ingest` walks folders.
//!
//! It keeps the SEC's fair-access rules by construction: a [`Client`] cannot be built without a
//! declared User-Agent, every request waits on one [`Pacer`] (about nine requests per second,
//! under the SEC's ten), 429 and 5xx answers are retried with exponential backoff honouring
//! `Retry-After`, responses may be gzip-compressed, and nothing already in the mirror is asked for
//! again.
//!
//! - [`Client`]: the HTTP client (pacing, retries, errors that name the URL).
//! - [`Fetcher`]: lists filings and downloads the letters into a [`Mirror`], giving a [`Report`].
//! - [`Clock`]: time behind a trait, so that tests check the pacing without waiting.
//!
//! ```no_run
//! use corresp_edgar::{Client, ClientOptions, CompanyQuery, Fetcher, Mirror};
//!
//! let client = Client::new(ClientOptions::new("Jane Doe jane@example.com"))?;
//! let mirror = Mirror::new("corresp.db.edgar");
//! let report = Fetcher::new(&client, &mirror)
//!     .company(CompanyQuery { cik: "1090872".parse()?, since: None, until: None })?;
//! println!("{} letters listed", report.filings.len());
//! # Ok::<(), corresp_edgar::Error>(())
//! ```
#![deny(missing_docs)]

mod client;
mod clock;
mod error;
mod fetch;
mod formats;
mod mirror;
mod pace;

pub use client::{Client, ClientOptions, Endpoints, Stats};
pub use clock::{Clock, ManualClock, SystemClock};
/// EDGAR's identities are the model's, so the whole workspace speaks of one type each.
pub use corresp_model::{Accession, Cik, IdError};
pub use corresp_model::{CORRESPONDENCE_FORMS, is_correspondence};
pub use error::{Error, Result};
pub use fetch::{CompanyQuery, Fetched, Fetcher, IndexPeriod, Outcome, Progress, Report};
pub use formats::{
    Columns, FilingRef, IndexEntry, Listing, ListingItem, Submissions, new_york_day, new_york_to_utc,
    parse_date, parse_master_index,
};
pub use mirror::Mirror;
pub use pace::{FAIR_ACCESS_INTERVAL, Pacer};
