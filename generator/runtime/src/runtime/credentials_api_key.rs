//! An API key, sent in a header, in the query or in a cookie as the API document says
//! (the `authenticate_*` function for that place is in a piece of its own).

/// An API key. `Debug` never shows it.
#[derive(Clone)]
pub struct Credentials {
    pub(crate) key: String,
}

impl Credentials {
    /// Credentials from an API key.
    pub fn api_key(key: impl Into<String>) -> Self {
        Credentials { key: key.into() }
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("key", &"<redacted>")
            .finish()
    }
}
