//! Links the `corresp` command as a fixed-address (non-PIE) executable on Linux.
//!
//! As a position-independent executable, the dynamic loader patches about 94,000 pointers in
//! 2.3 MB of read-only data before `main` runs, touching some 600 pages: most of the startup time
//! of a one-letter `corresp extract`. Linked at a fixed address, those pointers are resolved when
//! linking. Only this package's binaries are affected (proc macros and test binaries are not).
//!
//! The price is that the program's own code always loads at the same address (no ASLR for it;
//! libraries, stack and heap are still randomised). A build that wants it back sets
//! `CORRESP_PIE=1` (README, "Building").
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=CORRESP_PIE");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    let gnu = std::env::var("CARGO_CFG_TARGET_ENV").is_ok_and(|env| env == "gnu");
    let pie_wanted = std::env::var("CORRESP_PIE").is_ok_and(|v| !v.is_empty() && v != "0");
    if linux && gnu && !pie_wanted {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
