//! Cookie parameters, sent together in one `Cookie` header in the `form` style:
//! `id=5`, `id=3,4,5`, or (exploded) `id=3; id=4; id=5`.

use serde::Serialize;

use crate::error::Error;
use crate::runtime::error::preview;
use crate::runtime::style::{Node, Shape, check_length};

/// The cookies of one request.
#[derive(Default)]
pub(crate) struct Cookies {
    pairs: Vec<String>,
}

impl Cookies {
    /// Adds the cookie parameter `name`; an absent value adds nothing. A value that would
    /// break the header or smuggle another cookie (`;`, `,` inside a value, quotes,
    /// backslashes, spaces, control characters), or is longer in all than
    /// [`MAX_PARAMETER_LENGTH`](crate::runtime::style::MAX_PARAMETER_LENGTH), is refused
    /// with [`Error::InvalidArgument`] before anything is sent.
    pub(crate) fn push<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        explode: bool,
    ) -> Result<(), Error> {
        let node = Node::of(name, value)?;
        let pairs: Vec<String> = match node.shape() {
            Shape::Absent => return Ok(()),
            Shape::Scalar(value) => vec![format!("{name}={}", checked(name, &value)?)],
            Shape::List(items) => {
                let items = items
                    .iter()
                    .map(|item| checked(name, item))
                    .collect::<Result<Vec<&str>, Error>>()?;
                if explode {
                    items.iter().map(|item| format!("{name}={item}")).collect()
                } else {
                    vec![format!("{name}={}", items.join(","))]
                }
            }
            Shape::Pairs(fields) => {
                let mut flat = Vec::new();
                for (key, value) in &fields {
                    flat.push((checked(name, key)?, checked(name, value)?));
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

/// `value` when it can stand in a cookie unquoted (RFC 6265 cookie-octets, and no `,`
/// which separates list items), else the refusal.
fn checked<'v>(parameter: &'static str, value: &'v str) -> Result<&'v str, Error> {
    let unsafe_char =
        |c: char| matches!(c, ';' | ',' | '"' | '\\') || c.is_whitespace() || c.is_control();
    if value.contains(unsafe_char) {
        return Err(Error::InvalidArgument {
            parameter,
            reason: format!("{} cannot be sent in a cookie", preview(value)),
        });
    }
    Ok(value)
}
