//! `corresp threads`.

use anyhow::{bail, Result};

/// Arguments of `corresp threads`.
#[derive(clap::Args)]
pub struct Args {
    /// Arguments not yet handled.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    rest: Vec<String>,
}

/// Runs `corresp threads`.
pub fn run(_args: Args) -> Result<()> {
    bail!("`corresp threads` is not built yet")
}
