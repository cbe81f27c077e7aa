//! What `corresp serve` needs from the crates below app, re-exported so the HTTP crate depends on
//! app alone: it keeps one index open across requests instead of reopening it per search.

pub use corresp_check::check;
pub use corresp_index::{Error as IndexError, Index};
pub use corresp_store::{Error as StoreError, SqliteStore, Store, StoredDocument};
