//! An API key sent in a header.

use super::credentials_api_key::Credentials;

impl Credentials {
    /// Puts the key on a request as the header `name`, marked sensitive (never shown in
    /// `Debug` output of the request, never sent to another origin on a redirect).
    pub(crate) fn authenticate(
        &self,
        request: reqwest::RequestBuilder,
        name: &'static str,
    ) -> reqwest::RequestBuilder {
        match reqwest::header::HeaderValue::from_str(&self.key) {
            Ok(mut value) => {
                value.set_sensitive(true);
                request.header(name, value)
            }
            // Not a header value (which `check` refuses when the client is built): the
            // request then fails to build, so the call is refused before anything is sent
            // instead of going out without its key. reqwest's error does not repeat it.
            Err(_) => request.header(name, self.key.as_str()),
        }
    }
}
