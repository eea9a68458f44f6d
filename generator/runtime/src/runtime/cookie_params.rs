//! Cookie parameters, sent together in one `Cookie` header in the `form` style:
//! `id=5`, `id=3,4,5`, or (exploded) `id=3; id=4; id=5`; what a cookie cannot hold is
//! percent-encoded, as the `form` style (RFC 6570) writes it.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde::Serialize;

use super::super::error::Error;
use super::param_length::check_length;
use super::style::{Node, Shape};

/// The cookies of one request.
#[derive(Default)]
pub(crate) struct Cookies {
    pairs: Vec<String>,
}

impl Cookies {
    /// Adds the cookie parameter `name`; an absent value adds nothing. What would break
    /// the header or smuggle another cookie (`;`, `,` inside a value, quotes,
    /// backslashes, spaces, control characters), and `%` and non-ASCII text, is
    /// percent-encoded. A parameter longer in all than
    /// [`MAX_PARAMETER_LENGTH`](super::param_length::MAX_PARAMETER_LENGTH) is
    /// refused with [`Error::InvalidArgument`] before anything is sent.
    pub(crate) fn push<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        explode: bool,
    ) -> Result<(), Error> {
        let node = Node::of(name, value)?;
        let pairs: Vec<String> = match node.shape() {
            Shape::Absent => return Ok(()),
            Shape::Scalar(value) => vec![format!("{name}={}", escaped(&value))],
            Shape::List(items) => {
                let items: Vec<String> = items.iter().map(|item| escaped(item)).collect();
                if explode {
                    items.iter().map(|item| format!("{name}={item}")).collect()
                } else {
                    vec![format!("{name}={}", items.join(","))]
                }
            }
            Shape::Pairs(fields) => {
                let mut flat = Vec::new();
                for (key, value) in &fields {
                    flat.push((escaped(key), escaped(value)));
                }
                if explode {
                    flat.iter()
                        .map(|(key, value)| format!("{key}={value}"))
                        .collect()
                } else {
                    let joined: Vec<String> = flat
                        .iter()
                        .map(|(key, value)| format!("{key},{value}"))
                        .collect();
                    vec![format!("{name}={}", joined.join(","))]
                }
            }
        };
        let written = pairs.iter().map(|pair| pair.len() + 2).sum::<usize>();
        check_length(name, written, &node)?;
        self.pairs.extend(pairs);
        Ok(())
    }

    /// Puts the cookies on `request` as one `Cookie` header (none when there are none).
    pub(crate) fn apply(self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        if self.pairs.is_empty() {
            request
        } else {
            request.header(reqwest::header::COOKIE, self.pairs.join("; "))
        }
    }
}

/// What a cookie value cannot hold unquoted (RFC 6265 cookie-octets), `,`, which
/// separates list items, and `%`, which starts an escape.
const NOT_COOKIE_OCTET: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// `value` with what a cookie cannot hold percent-encoded (non-ASCII text as its UTF-8
/// bytes).
fn escaped(value: &str) -> String {
    utf8_percent_encode(value, NOT_COOKIE_OCTET).to_string()
}
