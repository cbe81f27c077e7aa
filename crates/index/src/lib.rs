//! corresp-index (see Cargo.toml description).
