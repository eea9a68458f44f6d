//! Path parameters in their OpenAPI styles: `simple` (`{id}`), `label` (`{.id}`) and
//! `matrix` (`{;id}`), exploded or not, as RFC 6570 expands them; every value
//! percent-encoded so that it stays inside its segment.

use serde::Serialize;

use super::super::error::Error;
use super::encode::encode;
use super::error::preview;
use super::param_length::check_length;
use super::style::{Node, Shape};
use super::url::UrlBuilder;

/// How a path parameter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PathStyle {
    /// `{id}`: `5`, `3,4,5`, `role,admin` or (exploded) `role=admin`.
    Simple,
    /// `{.id}`: `.5`, `.3,4,5` or (exploded) `.3.4.5`.
    Label,
    /// `{;id}`: `;id=5`, `;id=3,4,5` or (exploded) `;id=3;id=4;id=5`.
    Matrix,
}

impl PathStyle {
    /// The style an OpenAPI `style` keyword names (`simple` for any other word).
    fn from_keyword(keyword: &str) -> Self {
        match keyword {
            "label" => PathStyle::Label,
            "matrix" => PathStyle::Matrix,
            _ => PathStyle::Simple,
        }
    }
}

impl UrlBuilder {
    /// Writes the path parameter `name` in the style the OpenAPI keyword `style` names
    /// (`simple`, `label` or `matrix`). An expansion that is empty, `.` or `..` (which
    /// would address another resource), or longer than the limit of
    /// [`MAX_PARAMETER_LENGTH`](super::param_length::MAX_PARAMETER_LENGTH), is refused
    /// with [`Error::InvalidArgument`].
    pub(crate) fn push_path_param<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        style: &str,
        explode: bool,
    ) -> Result<(), Error> {
        let style = PathStyle::from_keyword(style);
        let node = Node::of(name, value)?;
        let expansion = expand(name, &node.shape(), style, explode);
        if expansion.is_empty() || expansion == "." || expansion == ".." {
            return Err(Error::InvalidArgument {
                parameter: name,
                reason: format!("{} cannot be used as a path segment", preview(&node.text())),
            });
        }
        check_length(name, expansion.len(), &node)?;
        self.push(&expansion);
        Ok(())
    }
}

/// The RFC 6570 expansion of one path parameter.
fn expand(name: &str, shape: &Shape<'_>, style: PathStyle, explode: bool) -> String {
    let (prefix, separator) = match (style, explode) {
        (PathStyle::Simple, _) => ("", ","),
        (PathStyle::Label, false) => (".", ","),
        (PathStyle::Label, true) => (".", "."),
        (PathStyle::Matrix, false) => (";", ","),
        (PathStyle::Matrix, true) => (";", ";"),
    };
    let name = encode(name);
    let named = |value: String| {
        if value.is_empty() {
            name.clone()
        } else {
            format!("{name}={value}")
        }
    };
    let body = match shape {
        Shape::Absent => return String::new(),
        Shape::Scalar(value) if style == PathStyle::Matrix => named(encode(value)),
        Shape::Scalar(value) => encode(value),
        Shape::List(items) => {
            let items: Vec<String> = items.iter().map(|item| encode(item)).collect();
            match (style, explode) {
                (PathStyle::Matrix, true) => {
                    let named_items: Vec<String> = items.into_iter().map(named).collect();
                    named_items.join(separator)
                }
                (PathStyle::Matrix, false) => named(items.join(separator)),
                _ => items.join(separator),
            }
        }
        Shape::Pairs(pairs) => {
            let pairs = pairs
                .iter()
                .map(|(key, value)| (encode(key), encode(value)));
            if explode {
                let joined: Vec<String> =
                    pairs.map(|(key, value)| format!("{key}={value}")).collect();
                joined.join(separator)
            } else {
                let flat: Vec<String> = pairs.flat_map(|(key, value)| [key, value]).collect();
                match style {
                    PathStyle::Matrix => named(flat.join(",")),
                    _ => flat.join(","),
                }
            }
        }
    };
    format!("{prefix}{body}")
}
