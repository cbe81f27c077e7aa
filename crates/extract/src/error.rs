//! The one error type of the crate: a variant for each case a caller can act on.

/// What went wrong extracting one document.
///
/// `Display` gives the cause only; [`crate::extract_file`] wraps it in [`Error::File`] so the
/// message names the file too. Each message is complete in itself (no `source()` chain): callers
/// print chains joined by `: `, and a chain would repeat the cause.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input has no bytes (or only whitespace).
    #[error("empty file")]
    Empty,
    /// The PDF is encrypted with a password we do not have.
    #[error("encrypted PDF (needs a password)")]
    Encrypted,
    /// The PDF has pages but no text on them: an image-only scan that needs OCR.
    #[error("no text layer (image-only scan? OCR is not supported)")]
    NoTextLayer,
    /// The bytes do not make a readable document of the sniffed format (truncated, damaged).
    #[error("corrupt {format}: {cause}")]
    Corrupt {
        /// The format the bytes claim to be (`PDF`, `HTML`, `SGML`).
        format: &'static str,
        /// What the reader found wrong.
        cause: String,
    },
    /// The input, or what it inflates to, is over the size we accept (decompression bombs).
    #[error("too large: {what} exceeds {limit} bytes")]
    TooLarge {
        /// What is too large (`input`, `inflated streams`).
        what: &'static str,
        /// The limit in bytes.
        limit: usize,
    },
    /// A PDF stream decodes to more than the document's decoded-size budget (a decompression
    /// bomb); `what` names the stream ("PDF stream 12 0 R").
    #[error("too large: {what} decodes to more than {} MiB (the decoded-size budget of a document; a decompression bomb?)", limit >> 20)]
    Decoded {
        /// The stream that passed the budget.
        what: String,
        /// The budget in bytes.
        limit: usize,
    },
    /// Extraction ran past the document's time budget.
    #[error("took too long: extraction passed its {limit:?} budget while {stage}")]
    Timeout {
        /// What was running.
        stage: &'static str,
        /// The budget.
        limit: std::time::Duration,
    },
    /// The content is not a format corresp reads (image, zip, binary...).
    #[error("unsupported format: {0}")]
    Unsupported(String),
    /// The PDF library panicked on this file; the panic was caught.
    #[error("PDF reader crashed on this file: {0}")]
    Panicked(String),
    /// A full submission holds no document we take for a letter.
    #[error("no letter document in the submission")]
    NoLetter,
    /// Reading the file failed.
    #[error("cannot read: {0}")]
    Io(std::io::Error),
    /// Any error above, with the file it happened on.
    #[error("{}: {cause}", path.display())]
    File {
        /// The file's path as given.
        path: std::path::PathBuf,
        /// The cause.
        cause: Box<Error>,
    },
}

impl Error {
    /// The cause without the file wrapper, so callers can match on the kind.
    pub fn kind(&self) -> &Error {
        match self {
            Error::File { cause, .. } => cause.kind(),
            e => e,
        }
    }
}

/// Result of this crate.
pub type Result<T> = std::result::Result<T, Error>;
