//! corresp-edgar (see Cargo.toml description).
