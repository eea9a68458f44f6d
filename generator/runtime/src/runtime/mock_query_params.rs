//! Mocks matched on a query parameter, compared as the client writes it.

use serde::Serialize;

use super::mock_server::{MockBuilder, percent_decode, shown};
use super::url::UrlBuilder;

impl<O> MockBuilder<'_, O> {
    /// Only requests whose query holds the pairs the client writes for `value` as the
    /// query parameter `name` (its wire name) in `style`, made by the same code
    /// (`UrlBuilder::push_query_param`), one after the other as the client writes them. An
    /// expected value that writes nothing (an empty list) matches requests without the
    /// parameter. A value the client refuses to send matches no request, and says so.
    /// With `allow_reserved`, a value may hold `&`: the pairs are then looked for as one
    /// text, as the URL parser the client sends through leaves it.
    pub(crate) fn expect_query_param<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
        style: &str,
        explode: bool,
        allow_reserved: bool,
    ) -> Self {
        let mut url = UrlBuilder::new("");
        let written = url
            .push_query_param(name, value, style, explode, allow_reserved)
            .map(|()| url.finish());
        let written = match written {
            Ok(written) => written,
            Err(error) => {
                let reason =
                    format!("`{name}` is expected to be a value the client refuses ({error})");
                return self.expect(move |_| Err(reason.clone()));
            }
        };
        if allow_reserved {
            return self.expect_query_text(name, &written);
        }
        let expected: Vec<String> = written
            .trim_start_matches('?')
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(str::to_owned)
            .collect();
        self.expect(move |request| {
            let query = request.query_string().unwrap_or_default();
            let pairs: Vec<&str> = query.split('&').filter(|pair| !pair.is_empty()).collect();
            let found = if expected.is_empty() {
                !pairs.iter().any(|pair| belongs_to(pair, name))
            } else {
                pairs.windows(expected.len()).any(|window| {
                    window
                        .iter()
                        .zip(&expected)
                        .all(|(pair, want)| pair == want)
                })
            };
            if found {
                return Ok(());
            }
            let actual: Vec<&str> = pairs
                .into_iter()
                .filter(|pair| belongs_to(pair, name))
                .collect();
            let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
            Err(format!(
                "query `{name}` was {}, expected {}",
                described(name, &actual),
                described(name, &expected)
            ))
        })
    }
}

impl<O> MockBuilder<'_, O> {
    /// Only requests whose query holds `written` (the client's `?pairs` of `name`, with
    /// reserved characters as they are) as whole pairs, once the URL parser has read it as
    /// it reads the client's URL (which encodes `'`).
    fn expect_query_text(self, name: &'static str, written: &str) -> Self {
        let expected = reqwest::Url::parse(&format!("http://localhost/{written}"))
            .ok()
            .and_then(|url| url.query().map(str::to_owned))
            .unwrap_or_default();
        self.expect(move |request| {
            let query = request.query_string().unwrap_or_default();
            let found =
                expected.is_empty() || format!("&{query}&").contains(&format!("&{expected}&"));
            if found {
                Ok(())
            } else {
                Err(format!("query `{name}` was not `{expected}` in `{query}`"))
            }
        })
    }
}

/// Whether a query pair (as sent) is of the parameter `name`: named so, or a `name[...]`
/// pair of a deep object.
fn belongs_to(pair: &str, name: &str) -> bool {
    let pair_name = percent_decode(pair.split_once('=').map_or(pair, |(key, _)| key), true);
    pair_name == name || pair_name.starts_with(&format!("{name}["))
}

/// Pairs (as sent) of the parameter `name` for a message: the decoded value of a single
/// `name=value` pair, else the decoded pairs.
fn described(name: &str, pairs: &[&str]) -> String {
    let decoded: Vec<(String, String)> = pairs
        .iter()
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(key, true), percent_decode(value, true))
        })
        .collect();
    match decoded.as_slice() {
        [] => shown(None),
        [(key, value)] if key == name => shown(Some(value)),
        _ => {
            let joined: Vec<String> = decoded
                .iter()
                .map(|(key, value)| format!("{key}={value}"))
                .collect();
            shown(Some(&joined.join("&")))
        }
    }
}
