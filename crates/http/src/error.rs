//! The one table from what went wrong to an HTTP status, and the `{code, message}` body.
//!
//! Handlers and backends return [`Error`]; nothing else in the crate picks a status code, so a
//! reader who wants to know why a request got a 413 looks here and nowhere else.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// Result of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// What went wrong while answering a request (or starting the server).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request is malformed: a bad query parameter, malformed JSON, an unsafe path.
    #[error("{}", capped(.0))]
    BadRequest(String),
    /// A write came without the right bearer token.
    #[error("this needs `Authorization: Bearer <token>` with the server's token")]
    Unauthorized,
    /// Nothing has this id or accession.
    #[error("{}", capped(.0))]
    NotFound(String),
    /// The body, a file or an archive is larger than the server accepts.
    #[error("{}", capped(.0))]
    TooLarge(String),
    /// The body or a file is of a type the server does not take.
    #[error("{}", capped(.0))]
    Unsupported(String),
    /// Well-formed but unusable: text that is not UTF-8, a zip with no letter in it.
    #[error("{}", capped(.0))]
    Unprocessable(String),
    /// The request took longer than the server allows (a body sent too slowly, a stuck call).
    #[error("{}", capped(.0))]
    Timeout(String),
    /// The Host header names a site this server does not answer for (DNS rebinding).
    #[error("{}", capped(.0))]
    MisdirectedHost(String),
    /// The server itself failed (the store, the index): the only 5xx.
    #[error("internal error: {}", capped(.0))]
    Internal(String),
    /// The listener failed.
    #[error("server I/O: {0}")]
    Io(#[from] std::io::Error),
}

/// Characters of a client's input an error message may quote.
pub const QUOTE_CHARS: usize = 80;
/// Characters of any one error message: a last bound, whatever a message quotes.
pub const MESSAGE_CHARS: usize = 400;

/// A client's input as an error message quotes it: Rust-escaped, in quotes, at most
/// [`QUOTE_CHARS`] characters of it, with `…` when cut. Never echoes a 20 KB id back.
pub fn quote(s: &str) -> String {
    match s.char_indices().nth(QUOTE_CHARS) {
        None => format!("{s:?}"),
        Some((i, _)) => format!("{:?}…", &s[..i]),
    }
}

/// A message with every `` `quoted` `` or `"quoted"` part longer than [`QUOTE_CHARS`] cut to
/// that (with `…`): what axum's and serde's messages quote is the client's input.
pub(crate) fn shorten_quotes(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(1024));
    let mut quoted: Option<(char, usize)> = None;
    for c in s.chars() {
        match quoted {
            Some((q, _)) if c == q => {
                quoted = None;
                out.push(c);
            }
            Some((q, n)) => {
                if n < QUOTE_CHARS {
                    out.push(c);
                } else if n == QUOTE_CHARS {
                    out.push('…');
                }
                quoted = Some((q, n + 1));
            }
            None => {
                if c == '`' || c == '"' {
                    quoted = Some((c, 0));
                }
                out.push(c);
            }
        }
    }
    out
}

/// A message cut to [`MESSAGE_CHARS`] characters (with `…`), so no path through the crate (an
/// extractor's rejection quoting a query value, a parser error) can echo a long input back.
fn capped(s: &str) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(MESSAGE_CHARS) {
        None => s.into(),
        Some((i, _)) => format!("{}…", &s[..i]).into(),
    }
}

/// The JSON body of every error answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable machine-readable code (`bad_request`, `not_found`, ...).
    pub code: &'static str,
    /// What happened, for a human.
    pub message: String,
}

impl Error {
    /// The single table from error to status and code.
    pub fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Error::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            Error::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Error::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            Error::TooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
            Error::Unsupported(_) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
            Error::Unprocessable(_) => (StatusCode::UNPROCESSABLE_ENTITY, "unprocessable"),
            Error::Timeout(_) => (StatusCode::REQUEST_TIMEOUT, "timeout"),
            Error::MisdirectedHost(_) => (StatusCode::MISDIRECTED_REQUEST, "host_not_allowed"),
            Error::Internal(_) | Error::Io(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }

    /// Maps one of axum's extractor rejections (bad query, bad JSON, body too large) onto the table,
    /// so a malformed request gets our JSON body instead of axum's plain text.
    pub(crate) fn from_rejection(status: StatusCode, text: String) -> Error {
        let text = shorten_quotes(&text);
        match status {
            StatusCode::PAYLOAD_TOO_LARGE => Error::TooLarge(text),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => Error::Unsupported(text),
            StatusCode::UNPROCESSABLE_ENTITY => Error::Unprocessable(text),
            StatusCode::NOT_FOUND => Error::NotFound(text),
            s if s.is_server_error() => Error::Internal(text),
            _ => Error::BadRequest(text),
        }
    }
}

macro_rules! rejections {
    ($($t:ty),*) => {$(
        impl From<$t> for Error {
            fn from(r: $t) -> Self {
                Error::from_rejection(r.status(), r.body_text())
            }
        }
    )*};
}
rejections!(
    axum::extract::rejection::QueryRejection,
    axum::extract::rejection::PathRejection,
    axum::extract::rejection::JsonRejection,
    axum::extract::rejection::BytesRejection,
    axum::extract::rejection::FormRejection,
    axum::extract::multipart::MultipartRejection,
    axum::extract::multipart::MultipartError
);

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        (status, axum::Json(ErrorBody { code, message: self.to_string() })).into_response()
    }
}

/// The HTTP class of a use case's failure, by who must act on it ([`corresp_app::ErrorKind`]): the
/// client (4xx) or the server's keeper (5xx: a corrupt store is the keeper's to restore).
pub(crate) fn from_app(e: corresp_app::Error) -> Error {
    use corresp_app::ErrorKind;
    match e {
        corresp_app::Error::WrongKind(m) => Error::Unprocessable(m),
        e @ corresp_app::Error::Unreadable { .. } => Error::Unprocessable(e.to_string()),
        corresp_app::Error::Missing(m) => Error::NotFound(m),
        e => match e.kind() {
            ErrorKind::NotFound => Error::NotFound(e.to_string()),
            ErrorKind::BadInput => Error::BadRequest(e.to_string()),
            ErrorKind::Corrupt | ErrorKind::Internal => Error::Internal(e.to_string()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_internal_failures_are_5xx() {
        let client = [
            Error::BadRequest(String::new()),
            Error::Unauthorized,
            Error::NotFound(String::new()),
            Error::TooLarge(String::new()),
            Error::Unsupported(String::new()),
            Error::Unprocessable(String::new()),
            Error::Timeout(String::new()),
            Error::MisdirectedHost(String::new()),
        ];
        for e in client {
            assert!(e.status_and_code().0.is_client_error(), "{e:?}");
        }
        assert!(Error::Internal("x".into()).status_and_code().0.is_server_error());
    }

    #[test]
    fn quotes_and_messages_are_short() {
        assert_eq!(quote("abc"), "\"abc\"");
        let long = "x".repeat(20_000);
        let q = quote(&long);
        assert!(q.chars().count() <= QUOTE_CHARS + 3 && q.ends_with('…'), "{q}");
        let m = Error::BadRequest(format!("bad {long}")).to_string();
        assert!(m.chars().count() <= MESSAGE_CHARS + 1, "{}", m.len());
        let s = shorten_quotes(&format!("Cannot parse `{long}` to a `u32`"));
        assert!(s.len() < 200 && s.ends_with("to a `u32`"), "{s}");
        let multibyte = "é".repeat(200);
        assert!(quote(&multibyte).ends_with('…'));
    }
}
