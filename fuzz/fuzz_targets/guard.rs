//! Panics that the code under test catches on purpose (`corresp_extract` runs the PDF library under
//! `catch_unwind` and turns its panics into an error) are not crashes. libfuzzer-sys's panic hook
//! aborts on every panic, caught or not; this replaces it with one that only remembers where the
//! last panic happened, and aborts (printing that place) only when a panic escapes the entry point.

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

thread_local! {
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `f`; aborts the process (a crash for libFuzzer) when a panic escapes it.
pub fn run<T>(f: impl FnOnce() -> T) -> Option<T> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        // Message and place only: a backtrace per caught panic would slow fuzzing down. Replay
        // the saved input with RUST_BACKTRACE=1 under a plain test for the stack.
        std::panic::set_hook(Box::new(|info| {
            LAST.with(|l| *l.borrow_mut() = Some(info.to_string()));
        }))
    });
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(v) => Some(v),
        Err(_) => {
            let last = LAST.with(|l| l.borrow_mut().take()).unwrap_or_default();
            eprintln!("panic escaped the entry point: {last}");
            std::process::abort();
        }
    }
}
