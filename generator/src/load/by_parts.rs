//! The common case of reading, fast: a document every part of which reads as 3.0.
//!
//! Each path item and each component is read on its own, on as many threads as the
//! machine has, and without the path tracking only a failure needs (reading the whole
//! document at once also copies all of it once per level that carries `x-` extensions,
//! as openapiv3's types buffer what they flatten). The value is consumed as it is read:
//! its strings move into the typed model, and each part's memory is free for the next.
//! The result is what reading the whole value gives: path keys start with `/`,
//! extensions with `x-`, other keys are ignored. Anything that does not read answers
//! `None`, and the loader takes the located, repairing way.

use std::sync::Mutex;

use openapiv3::{Components, OpenAPI, ReferenceOr};
use serde::Deserialize;
use serde_json::Value;

use super::paths::{self, Paths};
use super::schemas::ComponentSchemas;
use crate::pointer::Table;

type Map = serde_json::Map<String, Value>;
type Extensions = indexmap::IndexMap<String, Value>;

/// Where a part goes: a path item, or a component of a table of OpenAPI 3.0.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Path,
    Component(Table),
}

/// A part read. Each is boxed: the parts read are held together until they are put in
/// place, and a slot as large as the largest part (a parameter is 1.2 KB before any
/// content) for every one of them would be much of that memory.
enum Read {
    Path(Box<ReferenceOr<paths::PathEntry>>),
    /// A path item's compact JSON text, which reads ([`Paths`] reads it again where it is
    /// walked).
    PathJson(Box<str>),
    Schema(Box<ReferenceOr<openapiv3::Schema>>),
    /// A component schema's compact JSON text, which reads ([`ComponentSchemas`]).
    SchemaJson(Box<str>),
    Response(Box<ReferenceOr<openapiv3::Response>>),
    Parameter(Box<ReferenceOr<openapiv3::Parameter>>),
    Example(Box<ReferenceOr<openapiv3::Example>>),
    RequestBody(Box<ReferenceOr<openapiv3::RequestBody>>),
    Header(Box<ReferenceOr<openapiv3::Header>>),
    SecurityScheme(Box<ReferenceOr<openapiv3::SecurityScheme>>),
    Link(Box<ReferenceOr<openapiv3::Link>>),
    Callback(Box<ReferenceOr<openapiv3::Callback>>),
}

/// A document taken apart: everything but paths and components, the `x-` entries of
/// those two, and their entries, each behind a lock of its own for the thread that reads
/// it to take.
struct Split {
    rest: Map,
    path_extensions: Extensions,
    component_extensions: Option<Extensions>,
    parts: Vec<(Place, String, Mutex<Value>)>,
}

/// Above this many path items, the path items and the component schemas are kept as JSON
/// text ([`Paths`], [`ComponentSchemas`]): held read, they are most of the memory of
/// lowering such a document (about 5 KB per operation of one parameter for the path
/// items, as much again for a component of three properties), and each walk reading them again
/// costs about a tenth of lowering's time on GitHub's document (700 paths), whose
/// memory peaks later, in formatting.
pub(super) const PATHS_KEPT_AS_JSON_ABOVE: usize = 10_000;

/// Reads a normalised document the fast way, or answers `None`: the document without
/// its path items, and those; when there are more than `json_above` path items, they and
/// the component schemas are kept as JSON text (the schemas then in the table returned,
/// not in the document).
pub(super) fn read_whole(
    value: Value,
    json_above: usize,
) -> Option<(OpenAPI, Paths, ComponentSchemas)> {
    let Split {
        rest,
        path_extensions,
        component_extensions,
        parts,
    } = split(value)?;
    // The rest of the document is small: read it as a whole, with empty paths.
    let mut document = OpenAPI::deserialize(Value::Object(rest)).ok()?;
    let as_json = parts
        .iter()
        .filter(|(place, ..)| *place == Place::Path)
        .count()
        > json_above;
    // Many parts, taken one at a time: the threads finish together without weights.
    let read_parts = crate::parallel::map_ordered(
        &parts,
        |_| 0,
        |(place, _, value)| read(*place, value.lock().ok()?.take(), as_json),
    );
    document.paths.extensions = path_extensions;
    let mut components = component_extensions.map(|extensions| Components {
        extensions,
        ..Components::default()
    });
    // The table of large entries (944 bytes a schema) is allocated once at its size:
    // grown by doubling, it would hold up to twice its entries, and its old and new
    // storage at once while it grows.
    if let Some(components) = components.as_mut().filter(|_| !as_json) {
        let schemas = Place::Component(Table::Schemas);
        components
            .schemas
            .reserve_exact(parts.iter().filter(|(place, ..)| *place == schemas).count());
    }
    let mut paths = Paths::default();
    let mut schemas = ComponentSchemas::default();
    for ((_, key, _), read) in parts.into_iter().zip(read_parts) {
        match read? {
            Read::SchemaJson(json) => schemas.insert_json(key, json),
            read => put(&mut paths, &mut components, key, read)?,
        }
    }
    document.components = components;
    Some((document, paths, schemas))
}

fn split(value: Value) -> Option<Split> {
    let Value::Object(mut root) = value else {
        return None;
    };
    let Some(Value::Object(mut paths)) = root.get_mut("paths").map(Value::take) else {
        return None;
    };
    let mut components = match root.shift_remove("components") {
        None => None,
        Some(Value::Object(components)) => Some(components),
        Some(_) => return None,
    };
    let path_extensions = extensions(&mut paths);
    let component_extensions = components.as_mut().map(extensions);
    let mut parts: Vec<(Place, String, Mutex<Value>)> = paths
        .into_iter()
        .filter(|(key, _)| key.starts_with('/'))
        .map(|(key, value)| (Place::Path, key, Mutex::new(value)))
        .collect();
    if let Some(components) = components.as_mut() {
        // 3.0 has no `pathItems` (the reference step inlines those of 3.1).
        for table in Table::ALL.into_iter().filter(|t| *t != Table::PathItems) {
            match components.get_mut(table.key()).map(Value::take) {
                None => {}
                Some(Value::Object(map)) => parts.extend(
                    map.into_iter()
                        .map(|(key, value)| (Place::Component(table), key, Mutex::new(value))),
                ),
                Some(_) => return None,
            }
        }
    }
    root.insert("paths".to_owned(), Value::Object(Map::new()));
    Some(Split {
        rest: root,
        path_extensions,
        component_extensions,
        parts,
    })
}

/// The object's `x-` entries, taken out of it (`null` left in their place).
fn extensions(map: &mut Map) -> Extensions {
    let keys: Vec<String> = map
        .keys()
        .filter(|k| k.starts_with("x-"))
        .cloned()
        .collect();
    keys.into_iter()
        .filter_map(|key| Some((key.clone(), map.get_mut(&key).map(Value::take)?)))
        .collect()
}

fn read(place: Place, value: Value, as_json: bool) -> Option<Read> {
    fn de<T: serde::de::DeserializeOwned>(value: Value) -> Option<Box<T>> {
        T::deserialize(value).ok().map(Box::new)
    }
    Some(match place {
        Place::Path if as_json => Read::PathJson(json_that_reads::<openapiv3::PathItem>(value)?),
        Place::Path => Read::Path(Box::new(paths::entry(
            ReferenceOr::<openapiv3::PathItem>::deserialize(value).ok()?,
        ))),
        Place::Component(Table::Schemas) if as_json => {
            Read::SchemaJson(json_that_reads::<openapiv3::Schema>(value)?)
        }
        Place::Component(Table::Schemas) => Read::Schema(de(value)?),
        Place::Component(Table::Responses) => Read::Response(de(value)?),
        Place::Component(Table::Parameters) => Read::Parameter(de(value)?),
        Place::Component(Table::Examples) => Read::Example(de(value)?),
        Place::Component(Table::RequestBodies) => Read::RequestBody(de(value)?),
        Place::Component(Table::Headers) => Read::Header(de(value)?),
        Place::Component(Table::SecuritySchemes) => Read::SecurityScheme(de(value)?),
        Place::Component(Table::Links) => Read::Link(de(value)?),
        Place::Component(Table::Callbacks) => Read::Callback(de(value)?),
        Place::Component(Table::PathItems) => return None,
    })
}

/// A part's compact JSON text, once the part is known to read as a `T` (or a reference);
/// the typed part is dropped.
fn json_that_reads<T: serde::de::DeserializeOwned>(value: Value) -> Option<Box<str>> {
    let json = serde_json::to_string(&value).ok()?;
    ReferenceOr::<T>::deserialize(value).ok()?;
    Some(json.into_boxed_str())
}

/// Puts a part read where it goes; a component needs the document to have components.
fn put(
    paths: &mut Paths,
    components: &mut Option<Components>,
    key: String,
    read: Read,
) -> Option<()> {
    match read {
        Read::Path(item) => {
            paths.insert(key, *item);
            return Some(());
        }
        Read::PathJson(json) => {
            paths.insert_json(key, json);
            return Some(());
        }
        _ => {}
    }
    let into = components.as_mut()?;
    match read {
        Read::Path(_) | Read::PathJson(_) | Read::SchemaJson(_) => {}
        Read::Schema(item) => drop(into.schemas.insert(key, *item)),
        Read::Response(item) => drop(into.responses.insert(key, *item)),
        Read::Parameter(item) => drop(into.parameters.insert(key, *item)),
        Read::Example(item) => drop(into.examples.insert(key, *item)),
        Read::RequestBody(item) => drop(into.request_bodies.insert(key, *item)),
        Read::Header(item) => drop(into.headers.insert(key, *item)),
        Read::SecurityScheme(item) => drop(into.security_schemes.insert(key, *item)),
        Read::Link(item) => drop(into.links.insert(key, *item)),
        Read::Callback(item) => drop(into.callbacks.insert(key, *item)),
    }
    Some(())
}
