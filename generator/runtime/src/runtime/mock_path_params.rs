//! Mocks matched on a path parameter, compared as the client writes it.

use serde::Serialize;

use super::mock_server::{MockBuilder, percent_decode, shown};
use super::url::UrlBuilder;

impl<O> MockBuilder<'_, O> {
    /// Only requests whose path parameter `name` (its wire name) is `value` in `style`:
    /// compared with the text the client puts in the path for it, made by the same code
    /// (`UrlBuilder::push_path_param`). A value the client refuses to send matches no
    /// request, and says so.
    pub(crate) fn expect_path_param<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
        style: &str,
        explode: bool,
    ) -> Self {
        let mut url = UrlBuilder::new("");
        let written = url
            .push_path_param(name, value, style, explode)
            .map(|()| url.finish());
        let expected = match written {
            Ok(expected) => expected,
            Err(error) => {
                let reason =
                    format!("`{name}` is expected to be a value the client refuses ({error})");
                return self.expect(move |_| Err(reason.clone()));
            }
        };
        self.expect(move |request| {
            let actual = request
                .path_params
                .iter()
                .find(|(param, _)| *param == name)
                .map(|(_, text)| text.as_str());
            if actual == Some(expected.as_str()) {
                return Ok(());
            }
            let decoded = |text: &str| percent_decode(text, false);
            Err(format!(
                "`{name}` was {}, expected {}",
                shown(actual.map(decoded).as_deref()),
                shown(Some(&decoded(&expected)))
            ))
        })
    }
}
