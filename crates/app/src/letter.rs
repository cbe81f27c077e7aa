//! One letter read from its bytes: extract, parse, classify. The one chain that ingest, `corresp
//! parse` and drafting from a file all run, so a letter reads the same wherever it comes from.

use corresp_extract::SubmissionHeader;
use corresp_model::{Letter, Text};

use crate::Error;

/// A letter read from a file.
#[derive(Debug, Clone)]
pub struct ReadLetter {
    /// The extracted text every span points into.
    pub text: Text,
    /// The parsed and classified record.
    pub letter: Letter,
    /// The SGML header's facts, for a full EDGAR submission (`.txt`).
    pub submission: Option<SubmissionHeader>,
    /// EDGAR's form type that decided staff vs company: the one given, else the file's own.
    pub form: Option<String>,
}

/// Reads a letter from `bytes` (`name` gives the type: .pdf, .htm/.html, .txt). `form` is EDGAR's
/// form type when known (`CORRESP`, `UPLOAD`, ...); otherwise the submission header's or the SGML
/// wrapper's `<TYPE>` is used, else the text decides.
pub fn read(bytes: &[u8], name: &str, form: Option<&str>) -> Result<ReadLetter, Error> {
    let extracted = corresp_extract::extract(bytes, name)
        .map_err(|e| Error::Unreadable { name: name.to_string(), message: e.to_string() })?;
    let form = form
        .map(str::to_string)
        .or_else(|| extracted.submission.as_ref().and_then(|s| s.edgar.form.clone()))
        .or_else(|| wrapper_form(bytes));
    let letter = parse(&extracted.text, form.as_deref());
    Ok(ReadLetter { text: extracted.text, letter, submission: extracted.submission, form })
}

/// The text of a document's `bytes` (`name` gives the type), without parsing it: `corresp
/// extract`, and `corresp check` of a file.
pub fn extract(bytes: &[u8], name: &str) -> Result<Text, Error> {
    corresp_extract::extract(bytes, name)
        .map(|e| e.text)
        .map_err(|e| Error::Unreadable { name: name.to_string(), message: e.to_string() })
}

/// The text of the document at `path`; the error names the file and the cause.
pub fn extract_file(path: &std::path::Path) -> Result<Text, Error> {
    match corresp_extract::extract_file(path) {
        Ok(e) => Ok(e.text),
        Err(corresp_extract::Error::File { path, cause }) => {
            Err(Error::Input { path, message: cause.to_string() })
        }
        Err(e) => Err(Error::Input { path: path.to_path_buf(), message: e.to_string() }),
    }
}

/// Parses extracted text and labels its comments and answers (topics, asks, answer types).
pub fn parse(text: &Text, form: Option<&str>) -> Letter {
    let options = corresp_parse::ParseOptions { form };
    let mut letter = corresp_parse::parse_with(text, &options);
    corresp_topics::classify_letter(&mut letter);
    letter
}

/// The `<TYPE>` of EDGAR's `<DOCUMENT>` wrapper at the top of a stored document ("CORRESP").
fn wrapper_form(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]);
    let at = head.find("<TYPE>")? + "<TYPE>".len();
    let form = head[at..].lines().next()?.trim();
    (!form.is_empty() && form.len() < 40).then(|| form.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_wrapper_type_decides_when_no_form_is_given() {
        assert_eq!(super::wrapper_form(b"<DOCUMENT>\n<TYPE>UPLOAD\n<SEQUENCE>1").as_deref(), Some("UPLOAD"));
        assert_eq!(super::wrapper_form(b"no wrapper"), None);
    }
}
