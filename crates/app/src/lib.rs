//! corresp-app (see Cargo.toml description).
