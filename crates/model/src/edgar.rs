//! Where a filing lives on EDGAR: the one place that writes its address.

/// EDGAR's filing index of an accession filed under a CIK:
/// `https://www.sec.gov/Archives/edgar/data/<CIK>/<ACCESSION without dashes>/`. `None` when either
/// is not EDGAR's (a content-hash key of a loose file, a CIK with letters), so no link is made up.
pub fn filing_index_url(cik: &str, accession: &str) -> Option<String> {
    let cik = cik.trim().trim_start_matches('0');
    let compact: String = accession.chars().filter(|c| *c != '-').collect();
    let ok_cik = !cik.is_empty() && cik.len() <= 10 && cik.bytes().all(|b| b.is_ascii_digit());
    let ok_acc = compact.len() == 18
        && compact.bytes().all(|b| b.is_ascii_digit())
        && accession.bytes().all(|b| b.is_ascii_digit() || b == b'-');
    (ok_cik && ok_acc).then(|| format!("https://www.sec.gov/Archives/edgar/data/{cik}/{compact}/"))
}

#[cfg(test)]
mod tests {
    use super::filing_index_url;

    #[test]
    fn index_urls_only_for_edgar_identities() {
        assert_eq!(
            filing_index_url("0001090872", "0000000000-16-092800").as_deref(),
            Some("https://www.sec.gov/Archives/edgar/data/1090872/000000000016092800/")
        );
        assert_eq!(filing_index_url("1090872", "sha256:abcd"), None);
        assert_eq!(filing_index_url("", "0000000000-16-092800"), None);
        assert_eq!(filing_index_url("12a", "0000000000-16-092800"), None);
        assert_eq!(filing_index_url("12", "0000000000-16-0928"), None);
    }
}
