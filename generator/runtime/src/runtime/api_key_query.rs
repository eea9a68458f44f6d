//! An API key sent in the query. The key is part of the URL, so every error and log
//! line of the client leaves the query out.

use crate::runtime::credentials_api_key::Credentials;
use crate::runtime::encode::encode;
use crate::runtime::query::push_query_pair;
use crate::runtime::url::UrlBuilder;

impl Credentials {
    /// Adds the key to the query as the parameter `name`.
    pub(crate) fn authenticate_query(&self, url: &mut UrlBuilder, name: &'static str) {
        push_query_pair(url, &encode(name), &encode(&self.key));
    }
}
