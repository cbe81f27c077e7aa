//! `corresp ingest`.

use anyhow::{bail, Result};

/// Arguments of `corresp ingest`.
#[derive(clap::Args)]
pub struct Args {
    /// Arguments not yet handled.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    rest: Vec<String>,
}

/// Runs `corresp ingest`.
pub fn run(_args: Args) -> Result<()> {
    bail!("`corresp ingest` is not built yet")
}
