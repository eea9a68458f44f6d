//! Parameter values as OpenAPI's styles see them: what serde makes of an argument, read
//! back in field order as nothing, one value, a list, or name-value pairs.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::super::error::Error;

/// A parameter's value, with objects' fields in the order serde wrote them.
pub(crate) enum Node {
    /// `null` (an absent optional value).
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as JSON writes it.
    Number(String),
    /// A string.
    Text(String),
    /// An array.
    List(Vec<Node>),
    /// An object, in field order.
    Map(Vec<(String, Node)>),
}

/// A value as a style sees it.
pub(crate) enum Shape<'a> {
    /// Nothing to send: `null`, an empty array or an empty object.
    Absent,
    /// One value, as text.
    Scalar(String),
    /// The items of an array, as text.
    List(Vec<String>),
    /// The fields of an object that have a value, as text.
    Pairs(Vec<(&'a str, String)>),
}

impl Node {
    /// What serde makes of `argument`, the value of the parameter `parameter`.
    pub(crate) fn of<T: Serialize + ?Sized>(
        parameter: &'static str,
        argument: &T,
    ) -> Result<Node, Error> {
        // JSON text keeps the fields in declaration order, which a `serde_json::Value`
        // (a sorted map) would not.
        let invalid = |error: serde_json::Error| Error::InvalidArgument {
            parameter,
            reason: format!("cannot be written as a parameter: {error}"),
        };
        let json = serde_json::to_string(argument).map_err(invalid)?;
        serde_json::from_str(&json).map_err(invalid)
    }

    /// The text of a value: strings as they are, numbers and booleans as JSON writes
    /// them, `null` as nothing, and arrays or objects (for which no style has a rule
    /// inside a list or an object) as JSON text.
    pub(crate) fn text(&self) -> String {
        match self {
            Node::Null => String::new(),
            Node::Bool(value) => value.to_string(),
            Node::Number(text) | Node::Text(text) => text.clone(),
            Node::List(_) | Node::Map(_) => serde_json::to_string(self).unwrap_or_default(),
        }
    }

    /// The value as a style sees it.
    pub(crate) fn shape(&self) -> Shape<'_> {
        match self {
            Node::Null => Shape::Absent,
            Node::List(items) if items.is_empty() => Shape::Absent,
            Node::List(items) => Shape::List(items.iter().map(Node::text).collect()),
            Node::Map(fields) => {
                let pairs: Vec<(&str, String)> = fields
                    .iter()
                    .filter(|(_, value)| !matches!(value, Node::Null))
                    .map(|(name, value)| (name.as_str(), value.text()))
                    .collect();
                if pairs.is_empty() {
                    Shape::Absent
                } else {
                    Shape::Pairs(pairs)
                }
            }
            scalar => Shape::Scalar(scalar.text()),
        }
    }
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Null => serializer.serialize_unit(),
            Node::Bool(value) => serializer.serialize_bool(*value),
            // The text came from serde_json as a number, so it reads back as one.
            Node::Number(text) => match serde_json::from_str::<serde_json::Number>(text) {
                Ok(number) => number.serialize(serializer),
                Err(_) => serializer.serialize_str(text),
            },
            Node::Text(text) => serializer.serialize_str(text),
            Node::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Node::Map(fields) => {
                let mut map = serializer.serialize_map(Some(fields.len()))?;
                for (name, value) in fields {
                    map.serialize_entry(name, value)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_bool<E>(self, value: bool) -> Result<Node, E> {
        Ok(Node::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Node, E> {
        Ok(Node::Number(value.to_string()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Node, E> {
        Ok(Node::Number(value.to_string()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Node, E> {
        Ok(Node::Number(value.to_string()))
    }

    fn visit_str<E>(self, value: &str) -> Result<Node, E> {
        Ok(Node::Text(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Node, E> {
        Ok(Node::Text(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut fields = Vec::new();
        while let Some((name, value)) = map.next_entry()? {
            fields.push((name, value));
        }
        Ok(Node::Map(fields))
    }
}
