//! Stand-in for a generated crate's `client` module: a `Client` with the `core` field
//! the pieces use, and the re-exports a generated client module makes.

pub use crate::runtime::client_options::ClientOptions;
pub use crate::runtime::credentials_basic::Credentials;
pub use crate::runtime::options::{
    DEFAULT_DEADLINE, DEFAULT_MAX_PAGES, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT,
    RedirectPolicy, RequestOptions, RetryPolicy, USER_AGENT,
};
pub use crate::runtime::response::ApiResponse;

/// A client of no API in particular: what every generated `Client` holds.
#[derive(Debug, Clone)]
pub struct Client {
    pub(crate) core: crate::runtime::client_core::ClientCore,
}
