//! An API key, sent in a header, in the query or in a cookie as the API document says
//! (the `authenticate_*` function for that place is in a piece of its own).

use super::super::error::Error;

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

    /// Refuses a key that cannot be sent as it is, for `Client::new` to call: only
    /// visible ASCII characters and spaces go unchanged into a header (a line break
    /// left over from a file or an environment variable is the usual culprit). The error
    /// never shows the key.
    pub(crate) fn check(&self) -> Result<(), Error> {
        let refuse = |what: &str| Error::InvalidArgument {
            parameter: "credentials",
            reason: format!("the API key contains {what}; it cannot be sent"),
        };
        match self.key.chars().find(|c| !matches!(c, ' '..='~')) {
            None => Ok(()),
            Some(c) if c.is_control() => Err(refuse("a control character (a line break, say)")),
            Some(_) => Err(refuse("a character outside ASCII")),
        }
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("key", &"<redacted>")
            .finish()
    }
}
