//! `corresp fetch`.

use anyhow::{bail, Result};

/// Arguments of `corresp fetch`.
#[derive(clap::Args)]
pub struct Args {
    /// Arguments not yet handled.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    rest: Vec<String>,
}

/// Runs `corresp fetch`.
pub fn run(_args: Args) -> Result<()> {
    bail!("`corresp fetch` is not built yet")
}
