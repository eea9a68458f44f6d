//! Header parameters in the `simple` style: `5`, `3,4,5`, `R,100,G,200` or (exploded)
//! `R=100,G=200`.

use serde::Serialize;

use super::super::error::Error;
use super::param_length::check_length;
use super::style::{Node, Shape};

/// The value of the header parameter `name`, or `None` when absent. A value that is not
/// a valid header value (line breaks, other control characters), or is longer than
/// [`MAX_PARAMETER_LENGTH`](super::param_length::MAX_PARAMETER_LENGTH), is refused
/// with [`Error::InvalidArgument`] before anything is sent.
pub(crate) fn header_value<T: Serialize + ?Sized>(
    name: &'static str,
    value: &T,
    explode: bool,
) -> Result<Option<reqwest::header::HeaderValue>, Error> {
    let node = Node::of(name, value)?;
    let text = match node.shape() {
        Shape::Absent => return Ok(None),
        Shape::Scalar(value) => value,
        Shape::List(items) => items.join(","),
        Shape::Pairs(pairs) if explode => {
            let joined: Vec<String> = pairs
                .iter()
                .map(|(key, value)| format!("{key}={value}"))
                .collect();
            joined.join(",")
        }
        Shape::Pairs(pairs) => {
            let flat: Vec<&str> = pairs
                .iter()
                .flat_map(|(key, value)| [*key, value.as_str()])
                .collect();
            flat.join(",")
        }
    };
    check_length(name, text.len(), &node)?;
    reqwest::header::HeaderValue::from_str(&text)
        .map(Some)
        .map_err(|_| Error::InvalidArgument {
            parameter: name,
            reason: "is not a valid header value (control characters or line breaks)".to_owned(),
        })
}
