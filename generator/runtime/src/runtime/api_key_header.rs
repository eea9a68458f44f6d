//! An API key sent in a header.

use crate::runtime::credentials_api_key::Credentials;

impl Credentials {
    /// Puts the key on a request as the header `name`, marked sensitive (never shown in
    /// `Debug` output of the request).
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
            // Not a header value: the request goes without it and the server answers 401.
            Err(_) => request,
        }
    }
}
