//! Form-type normalisation: "Amendment No. 2 to Registration Statement on Form S-1" is `S-1/A`.

/// Normalises a form type as printed (`Form 10-K`, `10-K/A`, `Schedule 14A`, `DEF 14A`) to EDGAR's
/// name. Idempotent: normalising twice changes nothing.
pub fn normalise_form(printed: &str) -> String {
    let mut s = printed.trim().to_ascii_uppercase();
    for p in ["FORM ", "SCHEDULE "] {
        if let Some(rest) = s.strip_prefix(p) {
            s = rest.trim().to_string();
        }
    }
    s = s.replace(['\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}', '\u{2014}'], "-");
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match s.as_str() {
        "10-12B" | "10-12G" => s,
        "10" => "10-12B".to_string(),
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_is_idempotent() {
        for f in ["Form 10-K", "10-k/a", "DEF  14A", "Form S-1/A", "Schedule TO-I"] {
            let once = normalise_form(f);
            assert_eq!(normalise_form(&once), once);
        }
        assert_eq!(normalise_form("Form 10-K"), "10-K");
        assert_eq!(normalise_form("Schedule TO-I"), "TO-I");
    }
}
