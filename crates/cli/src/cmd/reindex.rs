//! `corresp reindex`.

use anyhow::{bail, Result};

/// Arguments of `corresp reindex`.
#[derive(clap::Args)]
pub struct Args {
    /// Arguments not yet handled.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    rest: Vec<String>,
}

/// Runs `corresp reindex`.
pub fn run(_args: Args) -> Result<()> {
    bail!("`corresp reindex` is not built yet")
}
