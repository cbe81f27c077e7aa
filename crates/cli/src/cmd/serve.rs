//! `corresp serve`.

use anyhow::{bail, Result};

/// Arguments of `corresp serve`.
#[derive(clap::Args)]
pub struct Args {
    /// Arguments not yet handled.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    rest: Vec<String>,
}

/// Runs `corresp serve`.
pub fn run(_args: Args) -> Result<()> {
    bail!("`corresp serve` is not built yet")
}
