//! `corresp similar`.

use anyhow::{bail, Result};

/// Arguments of `corresp similar`.
#[derive(clap::Args)]
pub struct Args {
    /// Arguments not yet handled.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    rest: Vec<String>,
}

/// Runs `corresp similar`.
pub fn run(_args: Args) -> Result<()> {
    bail!("`corresp similar` is not built yet")
}
