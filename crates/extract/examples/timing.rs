//! Times extraction of each file given on the command line (release builds measure the guards):
//! `cargo run --release -p corresp-extract --example timing -- FILE...`
use std::time::Instant;

fn main() {
    for path in std::env::args().skip(1) {
        let t = Instant::now();
        let got = corresp_extract::extract_file(std::path::Path::new(&path));
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        match got {
            Ok(e) => println!("{path}\t{ms:.1} ms\t{} bytes of text", e.text.text.len()),
            Err(e) => println!("{path}\t{ms:.1} ms\terror: {e}"),
        }
    }
}
