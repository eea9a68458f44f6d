//! Query parameters in their OpenAPI styles: `form` (exploded or not), `spaceDelimited`,
//! `pipeDelimited` and `deepObject`, written as the specification's examples show
//! (`id=3&id=4`, `id=3,4`, `id=3%204`, `id=3|4`, `color[R]=100`); names and values are
//! percent-encoded, the delimiters are not.

use serde::Serialize;

use crate::error::Error;
use crate::runtime::encode::encode;
use crate::runtime::query::push_query_pair;
use crate::runtime::style::{Node, Shape, check_length};
use crate::runtime::url::UrlBuilder;

/// How a query parameter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QueryStyle {
    /// `id=5`; arrays `id=3&id=4` (exploded) or `id=3,4`; objects `R=100&G=200`
    /// (exploded) or `color=R,100,G,200`.
    Form,
    /// Arrays and objects joined by spaces (`%20`) when not exploded.
    SpaceDelimited,
    /// Arrays and objects joined by `|` when not exploded.
    PipeDelimited,
    /// Objects as `color[R]=100&color[G]=200`; nested objects as `a[b][c]=1` and arrays
    /// inside as `a[b][]=1` (the bracket convention; OpenAPI gives no rule for them).
    DeepObject,
}

impl QueryStyle {
    /// The style an OpenAPI `style` keyword names (`form` for any other word).
    fn from_keyword(keyword: &str) -> Self {
        match keyword {
            "spaceDelimited" => QueryStyle::SpaceDelimited,
            "pipeDelimited" => QueryStyle::PipeDelimited,
            "deepObject" => QueryStyle::DeepObject,
            _ => QueryStyle::Form,
        }
    }
}

impl UrlBuilder {
    /// Writes the query parameter `name` in the style the OpenAPI keyword `style` names
    /// (`form`, `spaceDelimited`, `pipeDelimited` or `deepObject`); an absent value
    /// (`None`, an empty array or object) writes nothing. A parameter whose pairs are
    /// longer in all than
    /// [`MAX_PARAMETER_LENGTH`](crate::runtime::style::MAX_PARAMETER_LENGTH) is refused
    /// with [`Error::InvalidArgument`] and leaves the URL as it was.
    pub(crate) fn push_query_param<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        style: &str,
        explode: bool,
    ) -> Result<(), Error> {
        let style = QueryStyle::from_keyword(style);
        let node = Node::of(name, value)?;
        let start = self.url.len();
        self.push_query_pairs(name, &node, style, explode);
        let written = self.url.len() - start;
        if let Err(error) = check_length(name, written, &node) {
            self.url.truncate(start);
            return Err(error);
        }
        Ok(())
    }

    /// The query pairs of one parameter, in its style.
    fn push_query_pairs(&mut self, name: &str, node: &Node, style: QueryStyle, explode: bool) {
        if style == QueryStyle::DeepObject {
            self.push_deep_object(&encode(name), node);
            return;
        }
        let delimiter = match style {
            QueryStyle::SpaceDelimited => "%20",
            QueryStyle::PipeDelimited => "|",
            QueryStyle::Form | QueryStyle::DeepObject => ",",
        };
        let encoded_name = encode(name);
        match node.shape() {
            Shape::Absent => {}
            Shape::Scalar(value) => push_query_pair(self, &encoded_name, &encode(&value)),
            Shape::List(items) if explode => {
                for item in items {
                    push_query_pair(self, &encoded_name, &encode(&item));
                }
            }
            Shape::List(items) => {
                let items: Vec<String> = items.iter().map(|item| encode(item)).collect();
                push_query_pair(self, &encoded_name, &items.join(delimiter));
            }
            Shape::Pairs(pairs) if explode => {
                for (key, value) in pairs {
                    push_query_pair(self, &encode(key), &encode(&value));
                }
            }
            Shape::Pairs(pairs) => {
                let flat: Vec<String> = pairs
                    .iter()
                    .flat_map(|(key, value)| [encode(key), encode(value)])
                    .collect();
                push_query_pair(self, &encoded_name, &flat.join(delimiter));
            }
        }
    }

    /// `prefix[key]=value` for every field, recursively; arrays as `prefix[]=item`.
    fn push_deep_object(&mut self, prefix: &str, node: &Node) {
        match node {
            Node::Null => {}
            Node::Map(fields) => {
                for (key, value) in fields {
                    self.push_deep_object(&format!("{prefix}[{}]", encode(key)), value);
                }
            }
            Node::List(items) => {
                for item in items {
                    self.push_deep_object(&format!("{prefix}[]"), item);
                }
            }
            scalar => push_query_pair(self, prefix, &encode(&scalar.text())),
        }
    }
}
