//! JSON text into a value on all threads: the text is scanned once for where the entries
//! of `paths`, `webhooks` and of each `components` table begin and end, and each entry is
//! then parsed on its own (most of a large document is in those entries). The value is
//! what parsing the whole text gives, keys in the same order and a repeated key
//! replacing the earlier value in its place. A text that is not a JSON object with
//! those members as objects answers `None`; the caller parses it whole, which also
//! gives the error and where it is. (One difference: serde_json refuses nesting deeper
//! than 128 levels, and here each entry's levels are counted from the entry, so a
//! document up to three levels deeper than that reads.)

use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::parallel;

/// The entries of one object, not yet parsed.
type Entries<'a> = Vec<(String, &'a RawValue)>;

/// A member of the document's top-level object.
enum Member<'a> {
    /// Parsed with the rest of its member.
    Whole(&'a RawValue),
    /// `paths` or `webhooks`: an object whose entries are parsed one by one.
    Entries(Entries<'a>),
    /// `components`: an object of tables, the entries of each parsed one by one.
    Tables(Vec<(String, Entries<'a>)>),
}

/// The document's top-level object, member by member.
struct Document<'a>(Vec<(String, Member<'a>)>);

/// The document's top-level members in order, the entries of `paths`, `webhooks` and of
/// each `components` table not yet parsed; `None` when the text is not a JSON object with
/// those members as objects (of objects, for `components`).
fn split(text: &str) -> Option<Vec<(String, Member<'_>)>> {
    serde_json::from_str::<Document<'_>>(text)
        .ok()
        .map(|document| document.0)
}

/// Parses a JSON document with its large members split across threads.
pub(super) fn parse(text: &str) -> Option<Value> {
    parse_members(&split(text)?)
}

/// The document of members [`split`] answered, its entries parsed on all threads.
fn parse_members(members: &[(String, Member<'_>)]) -> Option<Value> {
    let mut pieces: Vec<&RawValue> = Vec::new();
    for (_, member) in members {
        match member {
            Member::Whole(raw) => pieces.push(raw),
            Member::Entries(entries) => pieces.extend(entries.iter().map(|(_, raw)| *raw)),
            Member::Tables(tables) => pieces.extend(
                tables
                    .iter()
                    .flat_map(|(_, entries)| entries.iter().map(|(_, raw)| *raw)),
            ),
        }
    }
    let parsed = parallel::map_ordered(
        &pieces,
        |raw| raw.get().len(),
        |raw| serde_json::from_str::<Value>(raw.get()).ok(),
    );
    let mut values = parsed.into_iter();
    let mut next = || values.next().flatten();
    let mut root = serde_json::Map::new();
    for (key, member) in members {
        let value = match member {
            Member::Whole(_) => next()?,
            Member::Entries(entries) => object(entries, &mut next)?,
            Member::Tables(tables) => {
                let mut map = serde_json::Map::new();
                for (name, entries) in tables {
                    map.insert(name.clone(), object(entries, &mut next)?);
                }
                Value::Object(map)
            }
        };
        root.insert(key.clone(), value);
    }
    Some(Value::Object(root))
}

/// An object of `entries`, their values taken from `next` in order.
fn object(entries: &Entries<'_>, next: &mut impl FnMut() -> Option<Value>) -> Option<Value> {
    let mut map = serde_json::Map::new();
    for (key, _) in entries {
        map.insert(key.clone(), next()?);
    }
    Some(Value::Object(map))
}

impl<'de> Deserialize<'de> for Document<'de> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Top;
        impl<'de> Visitor<'de> for Top {
            type Value = Document<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut members = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let member = match key.as_str() {
                        "paths" | "webhooks" => {
                            Member::Entries(map.next_value::<Object<&RawValue>>()?.0)
                        }
                        "components" => Member::Tables(
                            map.next_value::<Object<Object<&RawValue>>>()?
                                .0
                                .into_iter()
                                .map(|(name, Object(entries))| (name, entries))
                                .collect(),
                        ),
                        _ => Member::Whole(map.next_value()?),
                    };
                    members.push((key, member));
                }
                Ok(Document(members))
            }
        }
        deserializer.deserialize_map(Top)
    }
}

/// An object's entries in order, each value deserialized as `V` (`paths` and each
/// `components` table: `V` is the unparsed entry; `components` itself: `V` is a table).
struct Object<V>(Vec<(String, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Object<V> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Collect<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Collect<V> {
            type Value = Object<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    entries.push((key, map.next_value()?));
                }
                Ok(Object(entries))
            }
        }
        deserializer.deserialize_map(Collect(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    /// The value parsed in parts, as text: a `Map` compares without regard to order, its
    /// text does not.
    fn in_parts(text: &str) -> Option<String> {
        parse(text).map(|value| value.to_string())
    }

    fn whole(text: &str) -> String {
        serde_json::from_str::<serde_json::Value>(text)
            .unwrap()
            .to_string()
    }

    /// Every fixture and vendored corpus document, as its own JSON text and (for YAML)
    /// written out as JSON, compact and indented.
    #[test]
    fn documents_parsed_in_parts_are_the_documents_parsed_whole() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut checked = 0;
        for folder in ["fixtures/ok", "../tests/corpus/docs"] {
            for entry in std::fs::read_dir(root.join(folder)).unwrap() {
                let path = entry.unwrap().path();
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let Ok(value) = crate::load::parse_text(&text) else {
                    continue;
                };
                let mut texts = vec![
                    serde_json::to_string(&value).unwrap(),
                    serde_json::to_string_pretty(&value).unwrap(),
                ];
                if text.trim_start().starts_with('{') {
                    texts.push(text);
                }
                for text in texts {
                    assert_eq!(in_parts(&text), Some(whole(&text)), "{}", path.display());
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "{checked} texts");
    }

    #[test]
    fn repeated_keys_escapes_and_numbers_read_as_they_do_whole() {
        let text = r#"{
            "openapi": "3.0.3", "paths": {"/a": {"get": 1}, "/b\/c": [1.5e3, -0, 18446744073709551615], "/a": {"put": 2}},
            "components": {"schemas": {"A": {}, "B\u00e9": {"x": "\ud83d\ude00"}, "A": true}, "schemas": {"C": null}},
            "info": {"title": "t", "version": "1"}, "openapi": "3.1.0", "webhooks": {}
        }"#;
        assert_eq!(in_parts(text), Some(whole(text)));
    }

    /// What is not an object where the split expects one is left to the whole parse,
    /// which reports it or reads it as it is.
    #[test]
    fn what_does_not_split_is_left_to_the_whole_parse() {
        for text in [
            r#"[1, 2]"#,
            r#"{"paths": null}"#,
            r#"{"components": {"schemas": []}}"#,
            r#"{"paths": {"/a": {}}} trailing"#,
            r#"{"paths": {"/a": {"get": }}}"#,
            r#"{"info": {"title": "unterminated}"#,
        ] {
            assert_eq!(in_parts(text), None, "{text}");
        }
    }
}
