//! Prints the extracted text of a letter (as `corresp extract` would), for reading and labelling.
fn main() {
    for a in std::env::args().skip(1) {
        match corresp_extract::extract_file(std::path::Path::new(&a)) {
            Ok(ex) => print!("{}", ex.text.text),
            Err(e) => eprintln!("{a}: {e}"),
        }
    }
}
