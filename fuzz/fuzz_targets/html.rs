//! HTML extraction on arbitrary bytes, as an uploaded `.htm` letter.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "guard.rs"]
mod guard;

fuzz_target!(|data: &[u8]| {
    let _ = guard::run(|| corresp_extract::extract(data, "letter.htm"));
});
