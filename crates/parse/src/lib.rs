//! corresp-parse (see Cargo.toml description).
