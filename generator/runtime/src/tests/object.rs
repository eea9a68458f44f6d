//! Structs decoded through the `object` piece, written here as the generator writes them
//! (`emit/models.rs`, `struct_deserialize`): required, optional, required-nullable and
//! optional-nullable fields, and a struct that keeps its additional properties.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::runtime::object::{Entries as _, Object, decode};

#[derive(Debug, PartialEq)]
struct Pet {
    id: i64,
    name: Option<String>,
    owner: Option<String>,
    nickname: Option<Option<String>>,
}

impl<'de> serde::Deserialize<'de> for Pet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        decode(deserializer, "struct Pet")
    }
}

impl Object for Pet {
    fn visit<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut id = None;
        let mut name = None;
        let mut owner = None;
        let mut nickname = None;
        while let Some(key) = map.key()? {
            match &*key {
                "id" => map.read(key, &mut id)?,
                "name" => map.read(key, &mut name)?,
                "owner" => map.read(key, &mut owner)?,
                "nickname" => map.read(key, &mut nickname)?,
                _ => map.read(key, &mut ())?,
            }
        }
        let Some(id) = id else {
            return Err(serde::de::Error::missing_field("id"));
        };
        Ok(Self {
            id,
            name: name.unwrap_or_default(),
            owner: owner.unwrap_or_default(),
            nickname,
        })
    }
}

#[derive(Debug, PartialEq)]
struct Labels {
    kind: Option<String>,
    additional_properties: BTreeMap<String, i64>,
}

impl<'de> serde::Deserialize<'de> for Labels {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        decode(deserializer, "struct Labels")
    }
}

impl Object for Labels {
    fn visit<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut kind = None;
        let mut additional_properties = BTreeMap::new();
        while let Some(key) = map.key()? {
            match &*key {
                "kind" => map.read(key, &mut kind)?,
                _ => map.read(key, &mut additional_properties)?,
            }
        }
        Ok(Self {
            kind: kind.unwrap_or_default(),
            additional_properties,
        })
    }
}

fn pet(text: &str) -> Result<Pet, String> {
    serde_json::from_str(text).map_err(|error| error.to_string())
}

#[test]
fn fields_are_read_by_their_names_and_unknown_properties_are_skipped() {
    let read = pet(r#"{"extra": {"deep": [1, {"x": null}]}, "name": "Rex", "id": 7}"#);
    let expected = Pet {
        id: 7,
        name: Some("Rex".to_owned()),
        owner: None,
        nickname: None,
    };
    assert_eq!(read, Ok(expected));
}

#[test]
fn absent_null_and_a_value_are_told_apart_in_an_optional_nullable_field() {
    assert_eq!(pet(r#"{"id": 1}"#).map(|p| p.nickname), Ok(None));
    assert_eq!(
        pet(r#"{"id": 1, "nickname": null}"#).map(|p| p.nickname),
        Ok(Some(None))
    );
    assert_eq!(
        pet(r#"{"id": 1, "nickname": "Bo"}"#).map(|p| p.nickname),
        Ok(Some(Some("Bo".to_owned())))
    );
    // Optional (not nullable) and required-nullable fields read `null` as `None`.
    assert_eq!(
        pet(r#"{"id": 1, "name": null, "owner": null}"#).map(|p| (p.name, p.owner)),
        Ok((None, None))
    );
}

#[test]
fn a_missing_required_field_a_repeated_property_and_a_non_object_are_errors() {
    assert_eq!(
        pet(r#"{"name": "Rex"}"#),
        Err("missing field `id` at line 1 column 15".to_owned())
    );
    assert_eq!(
        pet(r#"{"id": 1, "id": 2}"#),
        Err("duplicate field `id` at line 1 column 14".to_owned())
    );
    assert_eq!(
        pet(r#"[1, "Rex"]"#),
        Err("invalid type: sequence, expected struct Pet at line 1 column 0".to_owned())
    );
    assert_eq!(
        pet(r#"{"id": "7"}"#),
        Err("invalid type: string \"7\", expected i64 at line 1 column 10".to_owned())
    );
}

#[test]
fn additional_properties_keep_every_property_not_listed() {
    let text = r#"{"a": 1, "kind": "k", "b\u0041": 2}"#;
    let expected = Labels {
        kind: Some("k".to_owned()),
        additional_properties: BTreeMap::from([("a".to_owned(), 1), ("bA".to_owned(), 2)]),
    };
    assert_eq!(serde_json::from_str::<Labels>(text).ok(), Some(expected));
}

#[test]
fn values_decode_as_from_text_whether_keys_are_borrowed_or_owned() {
    // From a `Value` (keys handed over owned) and from `&Value` (borrowed), as untagged
    // and tagged unions decode their members.
    let value: Value = json!({"id": 3, "name": "Tom", "zzz": true});
    let owned = serde_json::from_value::<Pet>(value.clone()).map_err(|e| e.to_string());
    let borrowed = <Pet as serde::Deserialize>::deserialize(&value).map_err(|e| e.to_string());
    assert_eq!(owned, pet(&value.to_string()));
    assert_eq!(borrowed, pet(&value.to_string()));
    assert_eq!(owned.map(|p| p.id), Ok(3));
}
