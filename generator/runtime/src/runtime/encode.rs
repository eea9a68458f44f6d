//! Percent-encoding (RFC 3986) of parameter names and values in paths and queries.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but the unreserved characters (`A-Z a-z 0-9 - . _ ~`) is escaped, so a
/// value can never add a path segment, a query pair or a fragment.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `text` with everything but unreserved characters percent-encoded (UTF-8 bytes).
pub(crate) fn encode(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT).to_string()
}
