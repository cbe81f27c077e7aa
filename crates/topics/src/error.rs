//! Errors of this crate.

/// What can go wrong: only loading a model file (the shipped ones are checked by the tests).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A model file is not the JSON this crate writes.
    #[error("model {name} is not valid: {source}")]
    Model {
        /// Which model (`topics`, `ask`, `answer`).
        name: &'static str,
        /// The JSON error.
        #[source]
        source: serde_json::Error,
    },
    /// A model names classes this version does not know.
    #[error("model {name} has unknown class {class:?}")]
    UnknownClass {
        /// Which model.
        name: &'static str,
        /// The class it names.
        class: String,
    },
}

/// Result of this crate.
pub type Result<T> = std::result::Result<T, Error>;
