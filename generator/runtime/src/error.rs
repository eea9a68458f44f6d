//! Stand-in for a generated crate's `error` module: the fixed error types and an
//! `ErrorBody` with only the variant every generated one has.

pub use crate::runtime::error::{DecodeError, Error, ErrorResponse};

/// The body of an error response (a generated crate adds one variant per documented
/// error body type).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorBody {
    /// The body as text.
    Text(String),
}
