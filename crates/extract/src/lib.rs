//! corresp-extract (see Cargo.toml description).
