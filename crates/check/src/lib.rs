//! corresp-check (see Cargo.toml description).
