//! Query pairs of a request URL.

use crate::runtime::url::UrlBuilder;

impl UrlBuilder {
    /// Appends `name=value`, both already percent-encoded: `?` before the first pair,
    /// `&` once the URL has a query (path templates sometimes carry one, and path
    /// values are percent-encoded, so a `?` in the URL starts its query).
    pub(crate) fn push_query_pair(&mut self, name: &str, value: &str) {
        self.url
            .push(if self.url.contains('?') { '&' } else { '?' });
        self.url.push_str(name);
        self.url.push('=');
        self.url.push_str(value);
    }
}
