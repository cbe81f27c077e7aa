//! The figure checker on arbitrary UTF-8 text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = corresp_check::check(s);
    }
});
