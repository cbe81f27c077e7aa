//! `corresp check`.

use anyhow::{bail, Result};

/// Arguments of `corresp check`.
#[derive(clap::Args)]
pub struct Args {
    /// Arguments not yet handled.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    rest: Vec<String>,
}

/// Runs `corresp check`.
pub fn run(_args: Args) -> Result<()> {
    bail!("`corresp check` is not built yet")
}
