//! Review statistics (being built).
#![deny(missing_docs)]
