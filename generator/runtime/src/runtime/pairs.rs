//! The one writer of `name=value` pairs in OpenAPI's styles `form`, `spaceDelimited`,
//! `pipeDelimited` and `deepObject`, which query parameters and the fields of form bodies
//! share; with `allowReserved`, the reserved characters of RFC 3986 are written as they
//! are.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::encode::encode;
use super::style::{Node, Shape};

/// What `allowReserved` escapes: everything but the unreserved (`A-Z a-z 0-9 - . _ ~`)
/// and the reserved characters of RFC 3986 (`:/?[]@!$&'()*+,;=`); `#`, reserved too, is
/// escaped, as it would end the URL's query at the client and never reach the server.
const ALL_BUT_RESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'[')
    .remove(b']')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=');

/// How a value is written as `name=value` pairs (a query parameter, a field of a form
/// body).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PairStyle {
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

impl PairStyle {
    /// The style an OpenAPI `style` keyword names (`form` for any other word).
    pub(crate) fn from_keyword(keyword: &str) -> Self {
        match keyword {
            "spaceDelimited" => PairStyle::SpaceDelimited,
            "pipeDelimited" => PairStyle::PipeDelimited,
            "deepObject" => PairStyle::DeepObject,
            _ => PairStyle::Form,
        }
    }
}

/// Writes `node`, the value of `name`, as `name=value` pairs in `style`, each given to
/// `push` percent-encoded (names and values; the delimiters are not). With
/// `allow_reserved` (OpenAPI's `allowReserved`), the reserved characters of RFC 3986 in
/// values are written as they are. An absent value (`null`, an empty array or object)
/// writes nothing.
pub(crate) fn write_pairs(
    name: &str,
    node: &Node,
    style: PairStyle,
    explode: bool,
    allow_reserved: bool,
    push: &mut dyn FnMut(&str, &str),
) {
    let value = |text: &str| {
        if allow_reserved {
            utf8_percent_encode(text, ALL_BUT_RESERVED).to_string()
        } else {
            encode(text)
        }
    };
    let encoded_name = encode(name);
    if style == PairStyle::DeepObject {
        write_deep_object(&encoded_name, node, &value, push);
        return;
    }
    let delimiter = match style {
        PairStyle::SpaceDelimited => "%20",
        PairStyle::PipeDelimited => "|",
        PairStyle::Form | PairStyle::DeepObject => ",",
    };
    match node.shape() {
        Shape::Absent => {}
        Shape::Scalar(text) => push(&encoded_name, &value(&text)),
        Shape::List(items) if explode => {
            for item in items {
                push(&encoded_name, &value(&item));
            }
        }
        Shape::List(items) => {
            let items: Vec<String> = items.iter().map(|item| value(item)).collect();
            push(&encoded_name, &items.join(delimiter));
        }
        Shape::Pairs(pairs) if explode => {
            for (key, text) in pairs {
                push(&encode(key), &value(&text));
            }
        }
        Shape::Pairs(pairs) => {
            let flat: Vec<String> = pairs
                .iter()
                .flat_map(|(key, text)| [encode(key), value(text)])
                .collect();
            push(&encoded_name, &flat.join(delimiter));
        }
    }
}

/// `prefix[key]=value` for every field, recursively; arrays as `prefix[]=item`.
fn write_deep_object(
    prefix: &str,
    node: &Node,
    value: &dyn Fn(&str) -> String,
    push: &mut dyn FnMut(&str, &str),
) {
    match node {
        Node::Null => {}
        Node::Map(fields) => {
            for (key, inner) in fields {
                write_deep_object(&format!("{prefix}[{}]", encode(key)), inner, value, push);
            }
        }
        Node::List(items) => {
            for item in items {
                write_deep_object(&format!("{prefix}[]"), item, value, push);
            }
        }
        scalar => push(prefix, &value(&scalar.text())),
    }
}
