//! HTML extraction on arbitrary bytes, as an uploaded `.htm` letter.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = corresp_extract::extract(data, "letter.htm");
});
