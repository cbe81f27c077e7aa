//! The one wording of a citation to a staff comment or a company answer, as users paste it into a
//! memo: `<Company>, response dated <date> to SEC staff comment <n> (letter of <date>), File No.
//! <file number>, EDGAR accession <accession>`. The review page's "Copy citation" and the drafted
//! letter's precedents both print it.

/// What a citation names; dates come already formatted as the caller shows them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Citation<'a> {
    /// Registrant name.
    pub company: &'a str,
    /// The staff comment's number as printed (`None`: unnumbered).
    pub comment: Option<&'a str>,
    /// The staff letter's date.
    pub staff_date: Option<&'a str>,
    /// The staff letter's accession, named beside its date when given.
    pub staff_accession: Option<&'a str>,
    /// The response's date, when an answer is cited.
    pub response_date: Option<&'a str>,
    /// The response's accession, when an answer is cited.
    pub response_accession: Option<&'a str>,
    /// The SEC file number of the filing under review.
    pub file_number: Option<&'a str>,
}

impl Citation<'_> {
    /// The citation as one line.
    pub fn text(&self) -> String {
        let n = self.comment.map(|n| n.trim_end_matches('.')).unwrap_or("(unnumbered)");
        let mut letter = format!("letter of {}", self.staff_date.unwrap_or("undated"));
        let mut s = match self.response_accession {
            Some(_) => format!(
                "{}, response dated {} to SEC staff comment {n}",
                self.company,
                self.response_date.unwrap_or("undated")
            ),
            None => format!("{}, SEC staff comment {n}", self.company),
        };
        let last = match (self.response_accession, self.staff_accession) {
            (Some(r), Some(st)) => {
                letter.push_str(&format!(", EDGAR accession {st}"));
                Some(r)
            }
            (Some(r), None) => Some(r),
            (None, st) => st,
        };
        s.push_str(&format!(" ({letter})"));
        if let Some(f) = self.file_number {
            s.push_str(&format!(", File No. {f}"));
        }
        if let Some(a) = last {
            s.push_str(&format!(", EDGAR accession {a}"));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_cites_its_response_and_the_staff_letter() {
        let c = Citation {
            company: "Acme Corp.",
            comment: Some("2."),
            staff_date: Some("Feb 15, 2024"),
            response_date: Some("Mar 1, 2024"),
            response_accession: Some("0001234567-24-000010"),
            file_number: Some("001-12345"),
            ..Citation::default()
        };
        assert_eq!(
            c.text(),
            "Acme Corp., response dated Mar 1, 2024 to SEC staff comment 2 (letter of Feb 15, 2024), File No. 001-12345, EDGAR accession 0001234567-24-000010"
        );
        let both = Citation { staff_accession: Some("0000000000-24-000001"), file_number: None, ..c };
        assert_eq!(
            both.text(),
            "Acme Corp., response dated Mar 1, 2024 to SEC staff comment 2 (letter of Feb 15, 2024, EDGAR accession 0000000000-24-000001), EDGAR accession 0001234567-24-000010"
        );
    }

    #[test]
    fn a_comment_alone_cites_the_staff_letter() {
        let c = Citation {
            company: "Acme Corp.",
            staff_date: Some("2024-02-15"),
            staff_accession: Some("0000000000-24-000001"),
            ..Citation::default()
        };
        assert_eq!(
            c.text(),
            "Acme Corp., SEC staff comment (unnumbered) (letter of 2024-02-15), EDGAR accession 0000000000-24-000001"
        );
    }
}
