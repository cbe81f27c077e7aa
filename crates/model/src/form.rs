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

/// The form a letter names by a code after "Form" or "Schedule" (`code`: "10-K", "S-1", "14A"),
/// given the words before it since the previous form (`before`: "Amendment No. 2 to Registration
/// Statement on", "Preliminary Proxy Statement on"). The one reading of a printed form that the
/// parser (Re: blocks) and the index (captions) share: Form 10 stays `10` (the letters and the gold
/// labels call it so, where [`normalise_form`] says `10-12B`); a bare `14A`/`14C` is the definitive
/// statement, `PRE` after "preliminary"; an amendment named before the form adds `/A`.
pub fn form_named(code: &str, before: &str) -> String {
    let code =
        code.replace(['\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}', '\u{2014}'], "-").to_ascii_uppercase();
    let preliminary = before.to_ascii_lowercase().contains("preliminary");
    let mut form = match code.as_str() {
        "14A" | "14C" if preliminary => format!("PRE {code}"),
        "14A" | "14C" => format!("DEF {code}"),
        "10" | "10/A" => code.clone(),
        _ => normalise_form(&code),
    };
    if names_amendment(before) && !form.ends_with("/A") {
        form.push_str("/A");
    }
    form
}

/// "Amendment No. 2 to", "Amendment 1 to", "Amended", "Post-Effective Amendment": the filing named
/// next is an amendment.
fn names_amendment(before: &str) -> bool {
    let lower = before.to_ascii_lowercase();
    if lower.contains("post-effective") {
        return true;
    }
    let words: Vec<&str> = lower.split_whitespace().collect();
    let digit = |w: &str| w.starts_with(|c: char| c.is_ascii_digit());
    words.iter().enumerate().any(|(k, w)| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w == "amended" {
            return true;
        }
        if w != "amendment" {
            return false;
        }
        match words.get(k + 1) {
            Some(n) if digit(n) => true,
            Some(n) if n.starts_with("no") => {
                let rest = n["no".len()..].trim_start_matches('.');
                digit(rest) || (rest.is_empty() && words.get(k + 2).is_some_and(|m| digit(m)))
            }
            _ => false,
        }
    })
}

/// The form family a filing belongs to: amendments, drafts and EDGAR's variants of one form count
/// as one family (`10-K/A`, `10-KT` and `10-K405` are `10-K`; every proxy form is `14A`; Form 10
/// in any spelling is `10`).
pub fn form_family(form: &str) -> String {
    let f = normalise_form(form);
    let f = f.trim_end_matches("/A").trim();
    match f {
        "10-12B" | "10-12G" | "10" => "10".into(),
        "DEF 14A" | "PRE 14A" | "DEFA14A" | "DEFM14A" | "PREM14A" | "14A" => "14A".into(),
        "DEF 14C" | "PRE 14C" | "14C" => "14C".into(),
        "10-KT" | "10-K405" => "10-K".into(),
        _ => f.strip_prefix("SC ").unwrap_or(f).to_string(),
    }
}

/// Families of reports filed for a period (annual, quarterly, current and proxy reports): two
/// filings of such a family are told apart by the period they cover, where registration
/// statements are told apart by file number.
pub fn is_filed_for_a_period(family: &str) -> bool {
    matches!(family, "10-K" | "10-Q" | "20-F" | "40-F" | "8-K" | "6-K" | "11-K" | "N-CSR" | "14A" | "14C")
}

/// Annual and quarterly reports on Form 10-K or 10-Q, amendments and variants included: the
/// filings of the statistics' "periodic reports only" scope.
pub fn is_annual_or_quarterly_report(form: &str) -> bool {
    let family = form_family(form);
    family.starts_with("10-K") || family.starts_with("10-Q")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_as_letters_name_them() {
        assert_eq!(form_named("S-1", "Amendment No. 1 to Registration Statement on"), "S-1/A");
        assert_eq!(form_named("S-4", "Amendment No.2 to Registration Statement on"), "S-4/A");
        assert_eq!(form_named("F-1", "Post-Effective Amendment to"), "F-1/A");
        assert_eq!(form_named("10-K", "Amended"), "10-K/A");
        assert_eq!(form_named("10-K", "Annual report on"), "10-K");
        assert_eq!(form_named("14A", "Preliminary Proxy Statement on"), "PRE 14A");
        assert_eq!(form_named("14A", "Definitive Proxy Statement on"), "DEF 14A");
        assert_eq!(form_named("10", ""), "10");
        assert_eq!(form_named("20\u{2013}F", ""), "20-F");
        // "Amendment" alone (a caption about an amendment to a plan) names no amended filing.
        assert_eq!(form_named("8-K", "Amendment to the credit agreement in"), "8-K");
    }

    #[test]
    fn normalising_is_idempotent() {
        for f in ["Form 10-K", "10-k/a", "DEF  14A", "Form S-1/A", "Schedule TO-I"] {
            let once = normalise_form(f);
            assert_eq!(normalise_form(&once), once);
        }
        assert_eq!(normalise_form("Form 10-K"), "10-K");
        assert_eq!(normalise_form("Schedule TO-I"), "TO-I");
    }

    #[test]
    fn form_families() {
        assert_eq!(form_family("Form 10-K/A"), "10-K");
        assert_eq!(form_family("10-12G"), "10");
        assert_eq!(form_family("DEF 14A"), "14A");
        assert!(is_filed_for_a_period(&form_family("PRE 14A")));
        assert!(!is_filed_for_a_period(&form_family("S-1/A")));
        assert!(is_annual_or_quarterly_report("10-K405") && is_annual_or_quarterly_report("10-Q/A"));
        assert!(!is_annual_or_quarterly_report("20-F"));
    }
}
