//! Request URLs: the base URL, then the path template with its parameters filled in,
//! then the query, built as text so that every parameter is written exactly as its
//! OpenAPI style says.

/// A request URL being built: path pieces first, then query pairs.
pub(crate) struct UrlBuilder {
    pub(crate) url: String,
}

impl UrlBuilder {
    /// A URL under `base_url` (which has no trailing `/`).
    pub(crate) fn new(base_url: &str) -> Self {
        UrlBuilder {
            url: base_url.to_owned(),
        }
    }

    /// Path text: a literal piece of the template, or a parameter's encoded expansion.
    pub(crate) fn push(&mut self, text: &str) {
        self.url.push_str(text);
    }

    /// The URL as text.
    pub(crate) fn finish(self) -> String {
        self.url
    }
}
