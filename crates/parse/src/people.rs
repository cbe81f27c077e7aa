//! Who a letter is from and to: the addressee block between the date and the Re: block, an
//! "Attention:" line, and the signature block after "Sincerely,".

use std::sync::LazyLock;

use corresp_model::Person;
use regex::Regex;

use crate::header::Head;
use crate::lines::{Line, squash};

static DELIVERY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:via\b|by\s+(?:edgar|e-?mail|hand|courier|fax|facsimile|overnight)|(?:submitted\s+)?(?:via\s+)?edgar\b|confidential|personal\s+and\s+confidential|\(?[a-z]*\s*mail\)?$)")
        .expect("static regex")
});
static SEC_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)securities\s+and\s+exchange\s+commission|division\s+of\s+corporat|^office\s+of\b|100\s+f\s+street|washington,?\s+d\.?\s*c\.?|mail\s+stop|^\d")
        .expect("static regex")
});
static ATTENTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:attention|attn\.?)\s*:?\s*").expect("static regex"));
static SIGN_OFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:sincerely|very\s+truly\s+yours|yours\s+(?:truly|sincerely|faithfully)|respectfully(?:\s+submitted|\s+yours)?|(?:best|kind|warm)\s+regards|regards)\s*,?\s*$")
        .expect("static regex")
});
static END_OF_SIGNATURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:cc\b|c\.c\.|copy\s+to|copies\s+to|enclosures?\b|attachments?\b|\[|exhibit\b|annex\b)",
    )
    .expect("static regex")
});
static ORGANISATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:division|office|commission|inc\.?|corp\.?|corporation|company|co\.|llp|l\.l\.p\.|llc|ltd\.?|limited|plc|n\.v\.|s\.a\.|ag|group|holdings|partners|bank|trust|street|avenue)\b|&")
        .expect("static regex")
});
static TITLE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:chief|officer|president|director|counsel|vice|executive|secretary|treasurer|controller|accountant|chair|chairman|chairwoman|manager|general|senior|partner|attorney|branch|staff|head|principal|global|finance|financial|accounting|legal|operations|dear|ladies|gentlemen)\b")
        .expect("static regex")
});
static HONORIFIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:by:?\s*)?/s/\s*|by:\s*)?(?:(?:mr|ms|mrs|dr|messrs)\.?\s+)?").expect("static regex")
});

/// "Mr. Jane Q. Doe" → "Jane Q. Doe", when the line is a person's name and nothing else.
fn person_name(t: &str) -> Option<String> {
    let lower = t.to_ascii_lowercase();
    let prefix = HONORIFIC.find(&lower).map(|m| m.end()).unwrap_or(0);
    let name = t[prefix..].trim().trim_end_matches(',');
    let words: Vec<&str> = name.split_whitespace().collect();
    let ok = (2..=5).contains(&words.len())
        && name.len() <= 40
        && !ORGANISATION.is_match(name)
        && !TITLE_WORD.is_match(name)
        && !name.chars().any(|c| c.is_ascii_digit() || matches!(c, ':' | ';' | '@' | '(' | '/'))
        && words.iter().all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
        // An all-capitals line is a company or a heading, not a signature name.
        && name.chars().any(|c| c.is_lowercase());
    ok.then(|| name.to_string())
}

/// A name with its title written on the same line: "Brian Cascio, Accounting Branch Chief".
fn name_and_title(t: &str) -> Option<Person> {
    // "Agilent Technologies, Inc." and "Santa Clara, CA 95051" are a company and an address.
    if ORGANISATION.is_match(t) && !t.contains(", ") || t.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    if let Some(name) = person_name(t) {
        return Some(Person { name: Some(name), ..Person::default() });
    }
    let (name, title) = t.split_once(',')?;
    let name = person_name(name)?;
    if ORGANISATION.is_match(title) && !TITLE_WORD.is_match(title) {
        return None;
    }
    let title = title.trim();
    (!title.is_empty()).then(|| Person { name: Some(name), title: Some(squash(title)), organization: None })
}

/// The people the letter is addressed to: the names in the block between the date and the Re:
/// block (each followed by its title lines), or those on an "Attention:" line.
pub(crate) fn recipients(lines: &[Line<'_>], head: &Head, date_line: Option<usize>) -> Vec<Person> {
    let Some((re, _)) = head.re else { return Vec::new() };
    let from = date_line.map(|d| d + 1).unwrap_or(0);
    let block: Vec<&str> =
        lines[from.min(re)..re].iter().map(|l| l.text.trim()).filter(|t| !t.is_empty()).collect();
    let mut out: Vec<Person> = Vec::new();
    for (k, t) in block.iter().enumerate() {
        if let Some(m) = ATTENTION.find(t) {
            let rest = &t[m.end()..];
            let rest = if rest.trim().is_empty() { block.get(k + 1).copied().unwrap_or("") } else { rest };
            let names: Vec<Person> = rest
                .split([';', '\u{2014}'])
                .flat_map(|p| p.split(" and "))
                .filter_map(|p| name_and_title(p.trim()))
                .collect();
            if !names.is_empty() {
                return names;
            }
        }
    }
    let mut current: Option<Person> = None;
    for t in block {
        if DELIVERY.is_match(t) {
            continue;
        }
        if let Some(p) = name_and_title(t) {
            out.extend(current.take());
            current = Some(p);
            continue;
        }
        let Some(p) = current.as_mut() else { continue };
        if SEC_LINE.is_match(t) || ORGANISATION.is_match(t) || t.len() > 80 {
            out.extend(current.take());
            continue;
        }
        match &mut p.title {
            Some(title) if title.len() < 120 => {
                title.push_str(", ");
                title.push_str(t);
            }
            Some(_) => {}
            None => p.title = Some(t.to_string()),
        }
    }
    out.extend(current);
    out
}

/// The signer: the first name after the last sign-off, the line after it as the title, and an
/// office or firm line as the organisation. A staff letter signed "Division of Corporation Finance
/// / Office of ..." has no name but that organisation.
pub(crate) fn sender(lines: &[Line<'_>], body: usize) -> Option<Person> {
    let off = (body..lines.len()).rev().find(|&i| SIGN_OFF.is_match(lines[i].text.trim()))?;
    let block: Vec<&str> = lines[off + 1..]
        .iter()
        .map(|l| l.text.trim())
        .filter(|t| !t.is_empty())
        .take_while(|t| !END_OF_SIGNATURE.is_match(t))
        .take(8)
        .collect();
    let mut person = Person::default();
    let mut after_name = false;
    let mut orgs: Vec<String> = Vec::new();
    let wraps = |o: &str| {
        let l = o.to_ascii_lowercase();
        [" and", " of", ",", "&", " for"].iter().any(|w| l.ends_with(w))
    };
    for t in block {
        if t.len() > 90 {
            break;
        }
        let signed = t.trim_start_matches("By:").trim_start_matches("by:").trim();
        if signed.starts_with("/s/") {
            if person.name.is_none() {
                person.name = person_name(signed);
            }
            continue;
        }
        if (person.name.is_none() || !after_name)
            && let Some(p) = name_and_title(t)
            && (person.name.is_none() || person.name == p.name)
        {
            person.name = p.name;
            if p.title.is_some() {
                person.title = p.title;
            }
            after_name = true;
            continue;
        }
        let lower = t.to_ascii_lowercase();
        if let Some(o) = orgs.last_mut().filter(|o| wraps(o)) {
            o.push(' ');
            o.push_str(t);
            continue;
        }
        if lower.starts_with("division of") || lower.starts_with("office of") || ORGANISATION.is_match(t) {
            if orgs.len() < 2 {
                orgs.push(t.to_string());
            }
            continue;
        }
        if t.starts_with('(') && t.ends_with(')') {
            if let Some(title) = person.title.as_mut() {
                title.push(' ');
                title.push_str(t);
            }
            continue;
        }
        if after_name && person.title.is_none() && !t.starts_with('+') && !t.contains('@') {
            person.title = Some(t.to_string());
        }
    }
    if !orgs.is_empty() {
        person.organization = Some(orgs.join(", "));
    }
    (person.name.is_some() || person.organization.is_some()).then_some(person)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::header::locate;
    use crate::lines::split_lines;

    #[test]
    fn staff_addressee_and_signer() {
        let t = "Mail Stop 4631\nMarch 3, 2016\n\nVia E-Mail\nMr. Sam Fictional\nChief Financial Officer\nLakeshore Shipping Corp.\n9 Dock Street\n\nRe: Lakeshore Shipping Corp.\nForm 10-K\n\nDear Mr. Fictional:\nText.\n\nSincerely,\n\n/s/ Jo Examiner\n\nJo Examiner\nAssistant Director\nOffice of Transportation\n\ncc: Someone Else\n";
        let lines = split_lines(t);
        let head = locate(&lines);
        let r = recipients(&lines, &head, Some(1));
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].name.as_deref(), Some("Sam Fictional"));
        assert_eq!(r[0].title.as_deref(), Some("Chief Financial Officer"));
        let s = sender(&lines, head.body).expect("signed");
        assert_eq!(s.name.as_deref(), Some("Jo Examiner"));
        assert_eq!(s.title.as_deref(), Some("Assistant Director"));
        assert_eq!(s.organization.as_deref(), Some("Office of Transportation"));
    }

    #[test]
    fn response_attention_line_and_company_signature() {
        let t = "June 9, 2022\n\nVIA EDGAR\n\nU.S. Securities and Exchange Commission\nDivision of Corporation Finance\nAttention: Rae Examiner; Lee Reviewer\n\nRe: Pinecrest Foods, Inc.\n\nLadies and Gentlemen:\nText.\n\nRespectfully submitted,\nPINECREST FOODS, INC.\nBy: /s/ Pat Morrow\nPat Morrow\nChief Financial Officer\n";
        let lines = split_lines(t);
        let head = locate(&lines);
        let r = recipients(&lines, &head, Some(0));
        let names: Vec<_> = r.iter().map(|p| p.name.as_deref().unwrap_or("")).collect();
        assert_eq!(names, ["Rae Examiner", "Lee Reviewer"]);
        let s = sender(&lines, head.body).expect("signed");
        assert_eq!(s.name.as_deref(), Some("Pat Morrow"));
        assert_eq!(s.title.as_deref(), Some("Chief Financial Officer"));
    }

    #[test]
    fn office_signature_without_a_name() {
        let t = "Re: Acme\nDear Sir:\nText.\nSincerely,\nDivision of Corporation Finance\nOffice of Manufacturing\n";
        let lines = split_lines(t);
        let s = sender(&lines, 2).expect("signed");
        assert_eq!(s.name, None);
        assert_eq!(
            s.organization.as_deref(),
            Some("Division of Corporation Finance, Office of Manufacturing")
        );
    }
}
