//! The nouns of SEC filing-review correspondence.
//!
//! Every other crate speaks in these types, and their serde shapes *are* the JSON contract in
//! `shared/contract/letter.schema.json`: a field renamed here is a contract broken. The crate does no
//! I/O; it holds only pure domain rules (form-type normalisation, spans).
//!
//! - [`Text`]: extracted text with emphasis marks and pages, the input of parsing and checking.
//! - [`Letter`]: one parsed letter (staff comments, a company response, ...), with [`Comment`]s and
//!   [`Response`]s, each traceable to its [`Span`] in the text.
//! - [`Thread`]: one review cycle of letters.
//! - [`Claim`]: one recomputable numeric statement and its verdict.
#![deny(missing_docs)]

mod claim;
mod edgar;
mod facts;
mod form;
mod letter;
mod text;
mod thread;
mod words;

pub use claim::*;
pub use edgar::*;
pub use facts::*;
pub use form::*;
pub use letter::*;
pub use text::*;
pub use thread::*;
pub use words::*;
