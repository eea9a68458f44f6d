//! HTTP Basic credentials: a client id and its secret, sent as `Authorization: Basic`.

use super::super::error::Error;

/// HTTP Basic credentials: a client id and its secret.
///
/// `Debug` never shows the secret.
#[derive(Clone)]
pub struct Credentials {
    client_id: String,
    client_secret: String,
}

impl Credentials {
    /// Credentials from a client id and its secret.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        Credentials {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        }
    }

    /// The client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// Refuses credentials that cannot be sent as they are, for `Client::new` to call: a
    /// control character in the id or the secret (a line break left over from a file or
    /// an environment variable is the usual culprit), or a `:` in the id (RFC 7617: the
    /// first `:` ends the id). The error never shows the secret.
    pub(crate) fn check(&self) -> Result<(), Error> {
        let refuse = |reason: &str| Error::InvalidArgument {
            parameter: "credentials",
            reason: reason.to_owned(),
        };
        if self.client_id.contains(char::is_control) {
            return Err(refuse(
                "the client id contains a control character (a line break, say)",
            ));
        }
        if self.client_id.contains(':') {
            return Err(refuse(
                "the client id contains `:`, which ends it in HTTP Basic",
            ));
        }
        if self.client_secret.contains(char::is_control) {
            return Err(refuse(
                "the client secret contains a control character (a line break, say)",
            ));
        }
        Ok(())
    }

    /// Puts the credentials on a request.
    pub(crate) fn authenticate(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        request.basic_auth(&self.client_id, Some(&self.client_secret))
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .finish()
    }
}
