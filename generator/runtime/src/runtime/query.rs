//! Query pairs of a request URL.

use super::url::UrlBuilder;

/// Appends `name=value` to `url`, both already percent-encoded: `?` before the first
/// pair, `&` once the URL has a query (path templates sometimes carry one, and path
/// values are percent-encoded, so a `?` in the URL starts its query).
pub(crate) fn push_query_pair(url: &mut UrlBuilder, name: &str, value: &str) {
    let text = &mut url.url;
    text.push(if text.contains('?') { '&' } else { '?' });
    text.push_str(name);
    text.push('=');
    text.push_str(value);
}
