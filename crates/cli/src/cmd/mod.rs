//! One file per subcommand: each turns its clap `Args` into a library call and prints the result.

pub mod check;
pub mod draft;
pub mod extract;
pub mod fetch;
pub mod ingest;
pub mod parse;
pub mod reindex;
pub mod search;
pub mod serve;
pub mod similar;
pub mod stats;
pub mod threads;
