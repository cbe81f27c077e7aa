//! `corresp parse`.

use anyhow::{bail, Result};

/// Arguments of `corresp parse`.
#[derive(clap::Args)]
pub struct Args {
    /// Arguments not yet handled.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    rest: Vec<String>,
}

/// Runs `corresp parse`.
pub fn run(_args: Args) -> Result<()> {
    bail!("`corresp parse` is not built yet")
}
