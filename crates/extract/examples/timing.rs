//! Times extraction of each file given on the command line (release builds measure the guards):
//! `cargo run --release -p corresp-extract --example timing -- FILE...`. With `EXTRACT_OUT=DIR`
//! set, each text is also written to `DIR/<path with / as _>.txt`, to compare two builds.
use std::time::Instant;

fn main() {
    let out = std::env::var_os("EXTRACT_OUT").map(std::path::PathBuf::from);
    for path in std::env::args().skip(1) {
        let t = Instant::now();
        let got = corresp_extract::extract_file(std::path::Path::new(&path));
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        let text = match &got {
            Ok(e) => {
                println!("{path}\t{ms:.1} ms\t{} bytes of text", e.text.text.len());
                e.text.text.clone()
            }
            Err(e) => {
                println!("{path}\t{ms:.1} ms\terror: {e}");
                format!("error: {e}")
            }
        };
        if let Some(dir) = &out {
            let _ = std::fs::write(dir.join(format!("{}.txt", path.replace('/', "_"))), text);
        }
    }
}
