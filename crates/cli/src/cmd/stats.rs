//! `corresp stats`.

use anyhow::{bail, Result};

/// Arguments of `corresp stats`.
#[derive(clap::Args)]
pub struct Args {
    /// Arguments not yet handled.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    rest: Vec<String>,
}

/// Runs `corresp stats`.
pub fn run(_args: Args) -> Result<()> {
    bail!("`corresp stats` is not built yet")
}
