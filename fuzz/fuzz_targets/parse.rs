//! The letter parser on arbitrary UTF-8 text.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "guard.rs"]
mod guard;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = guard::run(|| corresp_parse::parse(&corresp_model::Text::plain(s)));
    }
});
