//! Bodies of `application/x-www-form-urlencoded`, as OpenAPI's Encoding Object says: each
//! property of the body written by its rule (a style with `explode` and `allowReserved`,
//! by the one pair writer of [`pairs`](super::pairs) that query parameters use;
//! or its JSON text), the pairs joined by `&`.

use serde::Serialize;

use super::super::error::Error;
use super::encode::encode;
use super::pairs::{PairStyle, write_pairs};
use super::style::Node;

/// How one property of a form body is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FormRule {
    /// `name=<the value's JSON text>` (`contentType: application/json`, and objects and
    /// nested arrays the document gives no style for).
    Json,
    /// In a style, as a query parameter would be.
    Style {
        /// The OpenAPI `style` keyword (`form`, `spaceDelimited`, `pipeDelimited`,
        /// `deepObject`).
        style: &'static str,
        /// `explode`.
        explode: bool,
        /// `allowReserved`.
        allow_reserved: bool,
    },
}

/// The rule of one property, by its name on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FormField {
    /// The property's name on the wire.
    pub(crate) name: &'static str,
    /// How it is written.
    pub(crate) rule: FormRule,
}

/// The rule of a property the generated code lists none for (an additional property):
/// objects and arrays holding arrays or objects as JSON text, anything else in the `form`
/// style, exploded (OpenAPI's defaults).
fn default_rule(value: &Node) -> FormRule {
    let nested = match value {
        Node::Map(_) => true,
        Node::List(items) => items
            .iter()
            .any(|item| matches!(item, Node::List(_) | Node::Map(_))),
        _ => false,
    };
    if nested {
        FormRule::Json
    } else {
        FormRule::Style {
            style: "form",
            explode: true,
            allow_reserved: false,
        }
    }
}

/// The text of the form body `body` (an object), each property written by its rule in
/// `fields` (or [`default_rule`]); `null` properties are left out. A body that is not an
/// object (which the generator never passes here: it sends such bodies as JSON, with a
/// warning) is refused with [`Error::InvalidArgument`].
pub(crate) fn form_body<T: Serialize + ?Sized>(
    body: &T,
    fields: &[FormField],
) -> Result<String, Error> {
    let Node::Map(properties) = Node::of("body", body)? else {
        return Err(Error::InvalidArgument {
            parameter: "body",
            reason: "a form body must be an object".to_owned(),
        });
    };
    let mut text = String::new();
    let mut push = |name: &str, value: &str| {
        if !text.is_empty() {
            text.push('&');
        }
        text.push_str(name);
        text.push('=');
        text.push_str(value);
    };
    for (name, value) in &properties {
        let rule = fields
            .iter()
            .find(|field| field.name == name)
            .map_or_else(|| default_rule(value), |field| field.rule);
        match rule {
            FormRule::Json if matches!(value, Node::Null) => {}
            FormRule::Json => {
                let json = serde_json::to_string(value).unwrap_or_default();
                push(&encode(name), &encode(&json));
            }
            FormRule::Style {
                style,
                explode,
                allow_reserved,
            } => write_pairs(
                name,
                value,
                PairStyle::from_keyword(style),
                explode,
                allow_reserved,
                &mut push,
            ),
        }
    }
    Ok(text)
}
