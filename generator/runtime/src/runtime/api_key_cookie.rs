//! An API key sent in a cookie.

use super::super::error::Error;
use super::cookie_params::Cookies;
use super::credentials_api_key::Credentials;

impl Credentials {
    /// Adds the key to the request's cookies as the cookie `name`; a key that cannot
    /// stand in a cookie is refused with [`Error::InvalidArgument`].
    pub(crate) fn authenticate_cookie(
        &self,
        cookies: &mut Cookies,
        name: &'static str,
    ) -> Result<(), Error> {
        // The refusal must not repeat the key, which is a secret.
        cookies
            .push(name, &self.key, false)
            .map_err(|_| Error::InvalidArgument {
                parameter: name,
                reason: "the API key cannot be sent in a cookie".to_owned(),
            })
    }
}
