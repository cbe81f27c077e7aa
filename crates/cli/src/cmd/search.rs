//! `corresp search`.

use anyhow::{bail, Result};

/// Arguments of `corresp search`.
#[derive(clap::Args)]
pub struct Args {
    /// Arguments not yet handled.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    rest: Vec<String>,
}

/// Runs `corresp search`.
pub fn run(_args: Args) -> Result<()> {
    bail!("`corresp search` is not built yet")
}
