//! corresp-http (see Cargo.toml description).
