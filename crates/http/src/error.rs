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
    #[error("{0}")]
    BadRequest(String),
    /// A write came without the right bearer token.
    #[error("this needs `Authorization: Bearer <token>` with the server's token")]
    Unauthorized,
    /// Nothing has this id or accession.
    #[error("{0}")]
    NotFound(String),
    /// The body, a file or an archive is larger than the server accepts.
    #[error("{0}")]
    TooLarge(String),
    /// The body or a file is of a type the server does not take.
    #[error("{0}")]
    Unsupported(String),
    /// Well-formed but unusable: text that is not UTF-8, a zip with no letter in it.
    #[error("{0}")]
    Unprocessable(String),
    /// The server itself failed (the store, the index): the only 5xx.
    #[error("internal error: {0}")]
    Internal(String),
    /// The listener failed.
    #[error("server I/O: {0}")]
    Io(#[from] std::io::Error),
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
            Error::Internal(_) | Error::Io(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }

    /// Maps one of axum's extractor rejections (bad query, bad JSON, body too large) onto the table,
    /// so a malformed request gets our JSON body instead of axum's plain text.
    pub(crate) fn from_rejection(status: StatusCode, text: String) -> Error {
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
        ];
        for e in client {
            assert!(e.status_and_code().0.is_client_error(), "{e:?}");
        }
        assert!(Error::Internal("x".into()).status_and_code().0.is_server_error());
    }
}
