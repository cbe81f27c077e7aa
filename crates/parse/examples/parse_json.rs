//! `corresp parse FILE [--form FORM] --json` without the rest of the binary (no topics): for
//! scoring the parser alone, e.g. `score_parse.py target/debug/examples/parse_json ...` while the
//! workspace's binary does not build. EDGAR's form comes from `--form`, else the `<TYPE>` of the
//! document's SGML wrapper, else the text decides.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "parse" && a != "--json").collect();
    let mut form = None;
    let mut file = None;
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        if a == "--form" {
            form = it.next();
        } else {
            file = Some(a);
        }
    }
    let Some(file) = file else {
        eprintln!("usage: parse_json [parse] FILE [--form FORM] [--json]");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{file}: cannot read: {e}");
            std::process::exit(1);
        }
    };
    let name =
        std::path::Path::new(&file).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let ex = match corresp_extract::extract(&bytes, &name) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{file}: cannot extract: {e}");
            std::process::exit(1);
        }
    };
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]);
    let wrapper = head
        .find("<TYPE>")
        .and_then(|at| head[at + 6..].lines().next().map(|f| f.trim().to_string()))
        .filter(|f| !f.is_empty());
    let form = form.or(wrapper);
    let letter = corresp_parse::parse_with(&ex.text, &corresp_parse::ParseOptions { form: form.as_deref() });
    println!("{}", serde_json::to_string_pretty(&letter).expect("a letter serialises"));
}
