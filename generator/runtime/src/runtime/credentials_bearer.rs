//! A bearer token (HTTP bearer, OAuth 2 or OpenID Connect access token), sent as
//! `Authorization: Bearer`.

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
