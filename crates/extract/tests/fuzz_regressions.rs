//! Every input the fuzz targets found a crash or a hang with (`fuzz/regressions/{html,pdf}`),
//! replayed through `extract`: each must end, with text or a named error, in bounded time.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

fn replay(target: &str, name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions").join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else { return };
    for e in entries.flatten() {
        let path = e.path();
        if path.extension().is_some_and(|x| x == "md") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let (tx, rx) = mpsc::channel();
        let name = name.to_string();
        std::thread::spawn(move || {
            let outcome = std::panic::catch_unwind(|| corresp_extract::extract(&bytes, &name).map(|_| ()));
            let _ = tx.send(outcome.map(|r| r.map_err(|e| e.to_string())));
        });
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(Ok(_)) => {}
            Ok(Err(_)) => panic!("{}: extract panicked", path.display()),
            Err(_) => panic!("{}: extract did not end within 60 s", path.display()),
        }
    }
}

#[test]
fn kept_html_inputs_end_without_a_panic() {
    replay("html", "filename1.htm");
}

#[test]
fn kept_pdf_inputs_end_without_a_panic_or_a_hang() {
    replay("pdf", "filename1.pdf");
}
