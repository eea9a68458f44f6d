//! An API key sent in the query. The key is part of the URL, so every error and log
//! line of the client leaves the query out.

use super::credentials_api_key::Credentials;
use super::encode::encode;
use super::query::push_query_pair;
use super::url::UrlBuilder;

impl Credentials {
    /// Adds the key to the query as the parameter `name`.
    pub(crate) fn authenticate_query(&self, url: &mut UrlBuilder, name: &'static str) {
        push_query_pair(url, &encode(name), &encode(&self.key));
    }
}
