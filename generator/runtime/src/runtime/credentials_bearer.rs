//! A bearer token (HTTP bearer, OAuth 2 or OpenID Connect access token), sent as
//! `Authorization: Bearer`.

use super::super::error::Error;

/// A bearer token. `Debug` never shows it.
#[derive(Clone)]
pub struct Credentials {
    token: String,
}

impl Credentials {
    /// Credentials from a bearer token.
    pub fn bearer(token: impl Into<String>) -> Self {
        Credentials {
            token: token.into(),
        }
    }

    /// Refuses a token that cannot be sent as it is, for `Client::new` to call: only
    /// visible ASCII characters and spaces go into the `Authorization` header (a line
    /// break left over from a file or an environment variable is the usual culprit). The
    /// error never shows the token.
    pub(crate) fn check(&self) -> Result<(), Error> {
        let refuse = |what: &str| Error::InvalidArgument {
            parameter: "credentials",
            reason: format!("the bearer token contains {what}; it cannot be sent"),
        };
        match self.token.chars().find(|c| !matches!(c, ' '..='~')) {
            None => Ok(()),
            Some(c) if c.is_control() => Err(refuse("a control character (a line break, say)")),
            Some(_) => Err(refuse("a character outside ASCII")),
        }
    }

    /// Puts the token on a request.
    pub(crate) fn authenticate(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        request.bearer_auth(&self.token)
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("token", &"<redacted>")
            .finish()
    }
}
