//! Query pairs of a request URL.

use crate::runtime::url::UrlBuilder;

impl UrlBuilder {
    /// Appends `name=value`, both already percent-encoded: `?` before the first pair,
    /// `&` before the others.
    pub(crate) fn push_query_pair(&mut self, name: &str, value: &str) {
        self.url.push(if self.has_query { '&' } else { '?' });
        self.has_query = true;
        self.url.push_str(name);
        self.url.push('=');
        self.url.push_str(value);
    }
}
