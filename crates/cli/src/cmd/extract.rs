//! `corresp extract`.

use anyhow::{bail, Result};

/// Arguments of `corresp extract`.
#[derive(clap::Args)]
pub struct Args {
    /// Arguments not yet handled.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    rest: Vec<String>,
}

/// Runs `corresp extract`.
pub fn run(_args: Args) -> Result<()> {
    bail!("`corresp extract` is not built yet")
}
