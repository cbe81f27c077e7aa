//! corresp-store (see Cargo.toml description).
