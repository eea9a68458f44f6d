//! Mocks matched on a header parameter, compared as the client writes it.

use serde::Serialize;

use super::header_params::header_value;
use super::mock_server::{MockBuilder, shown};

impl<O> MockBuilder<'_, O> {
    /// Only requests whose header parameter `name` is what the client sends for `value`,
    /// made by the same code (`header_params::header_value`); a value that sends nothing
    /// (an empty list) matches requests without the header. A value the client refuses to
    /// send matches no request, and says so.
    pub(crate) fn expect_header_param<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
        explode: bool,
    ) -> Self {
        let expected = match header_value(name, value, explode) {
            Ok(expected) => expected,
            Err(error) => {
                let reason =
                    format!("`{name}` is expected to be a value the client refuses ({error})");
                return self.expect(move |_| Err(reason.clone()));
            }
        };
        self.expect(move |request| {
            let actual = request.headers().get(name);
            if actual == expected.as_ref() {
                return Ok(());
            }
            let text = |value: &reqwest::header::HeaderValue| {
                String::from_utf8_lossy(value.as_bytes()).into_owned()
            };
            Err(format!(
                "header `{name}` was {}, expected {}",
                shown(actual.map(text).as_deref()),
                shown(expected.as_ref().map(text).as_deref())
            ))
        })
    }
}
