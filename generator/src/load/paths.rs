//! The document's path items as the later stages read them.
//!
//! openapiv3's `PathItem` holds its eight operations inline, 8.7 KB before any content:
//! for a document of many paths with one or two operations each, that was the largest
//! part of the memory of loading. A [`PathEntry`] keeps only the operations the path has,
//! beside the rest of the path item; [`PathItem::from`] gives the path item back.

use std::borrow::Cow;

use indexmap::IndexMap;
use openapiv3::{Operation, Parameter, PathItem, ReferenceOr, Server};
use serde_json::Value;

/// Every path of the document, by its key, in document order.
///
/// In a document of very many path items, each is kept as its compact JSON text and read
/// again each time a stage walks the paths ([`Paths::iter`]): the typed items are about
/// ten times their JSON, and the stages need one item at a time, so the whole typed set
/// is never held (issue 23, item 12b). Otherwise, and when the document was read the
/// located, repairing way, path items are kept read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paths {
    entries: IndexMap<String, Stored>,
}

/// One path item as [`Paths`] keeps it.
#[derive(Debug, Clone, PartialEq)]
enum Stored {
    /// The path item's JSON text, which has been read once and reads.
    Json(Box<str>),
    /// The path item, read.
    Read(ReferenceOr<PathEntry>),
}

/// A path item as a walk of [`Paths`] gives it: read from its JSON text, or as kept. The
/// text was read when the document was loaded, so it reads again; if it ever did not,
/// the reason is given instead, for the caller to report at the path.
pub type PathRead<'a> = Result<Cow<'a, ReferenceOr<PathEntry>>, String>;

impl Paths {
    /// Adds a path item already read.
    pub(crate) fn insert(&mut self, key: String, item: ReferenceOr<PathEntry>) {
        self.entries.insert(key, Stored::Read(item));
    }

    /// Adds a path item as the JSON text it reads from.
    pub(crate) fn insert_json(&mut self, key: String, json: Box<str>) {
        self.entries.insert(key, Stored::Json(json));
    }

    /// How many paths there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is no path.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether the document has the path `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.entries.contains_key(key)
    }

    /// The path item of `key`, read.
    pub fn get(&self, key: &str) -> Option<PathRead<'_>> {
        self.entries.get(key).map(Stored::read)
    }

    /// Every path key with its item, read one at a time, in document order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, PathRead<'_>)> {
        self.entries
            .iter()
            .map(|(key, stored)| (key.as_str(), stored.read()))
    }

    /// Every path item written inline that reads, with its key, read one at a time, in
    /// document order: what the walks that only look at operations need (a reference, or an
    /// item that no longer reads, is reported where operations are lowered).
    pub fn inline_items(&self) -> impl Iterator<Item = (&str, Cow<'_, PathEntry>)> {
        self.iter().filter_map(|(key, item)| {
            let entry = match item.ok()? {
                Cow::Borrowed(ReferenceOr::Item(entry)) => Cow::Borrowed(entry),
                Cow::Owned(ReferenceOr::Item(entry)) => Cow::Owned(entry),
                _ => return None,
            };
            Some((key, entry))
        })
    }

    /// Every path key with its item, read, taking them out.
    pub fn into_read(
        self,
    ) -> impl Iterator<Item = (String, Result<ReferenceOr<PathEntry>, String>)> {
        self.entries
            .into_iter()
            .map(|(key, stored)| (key, stored.read().map(Cow::into_owned)))
    }
}

#[cfg(test)]
impl Paths {
    /// How many path items are kept as JSON text.
    pub(crate) fn kept_as_json(&self) -> usize {
        let json = |stored: &&Stored| matches!(stored, Stored::Json(_));
        self.entries.values().filter(json).count()
    }
}

impl FromIterator<(String, ReferenceOr<PathEntry>)> for Paths {
    fn from_iter<I: IntoIterator<Item = (String, ReferenceOr<PathEntry>)>>(items: I) -> Self {
        Paths {
            entries: items
                .into_iter()
                .map(|(key, item)| (key, Stored::Read(item)))
                .collect(),
        }
    }
}

impl Stored {
    fn read(&self) -> PathRead<'_> {
        match self {
            Stored::Json(json) => read_json(json).map(Cow::Owned),
            Stored::Read(item) => Ok(Cow::Borrowed(item)),
        }
    }
}

/// A path item (or its reference) from its JSON text.
pub(crate) fn read_json(json: &str) -> Result<ReferenceOr<PathEntry>, String> {
    serde_json::from_str::<ReferenceOr<PathItem>>(json)
        .map(entry)
        .map_err(|error| format!("the path item, read once, no longer reads: {error}"))
}

/// A path item: its operations, by method, in openapiv3's order (`get`, `put`, `post`,
/// `delete`, `options`, `head`, `patch`, `trace`), and what they share.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PathEntry {
    /// The path item's `summary`.
    pub summary: Option<String>,
    /// The path item's `description`.
    pub description: Option<String>,
    /// The parameters of every operation of the path.
    pub parameters: Vec<ReferenceOr<Parameter>>,
    /// The path's own `servers`.
    pub servers: Vec<Server>,
    /// The path item's `x-` extensions.
    pub extensions: IndexMap<String, Value>,
    operations: Vec<(&'static str, Operation)>,
}

impl PathEntry {
    /// The operations, each with its method key (`get`, ...).
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Operation)> {
        self.operations
            .iter()
            .map(|(method, operation)| (*method, operation))
    }
}

impl From<PathItem> for PathEntry {
    fn from(item: PathItem) -> Self {
        // Not `PathItem::into_iter`: what it collects keeps the storage of all eight
        // slots (Rust reuses it in place), 8.7 KB for one operation.
        let slots = [
            ("get", item.get),
            ("put", item.put),
            ("post", item.post),
            ("delete", item.delete),
            ("options", item.options),
            ("head", item.head),
            ("patch", item.patch),
            ("trace", item.trace),
        ];
        let mut operations =
            Vec::with_capacity(slots.iter().filter(|(_, op)| op.is_some()).count());
        for (method, operation) in slots {
            if let Some(operation) = operation {
                operations.push((method, operation));
            }
        }
        PathEntry {
            summary: item.summary,
            description: item.description,
            parameters: item.parameters,
            servers: item.servers,
            extensions: item.extensions,
            operations,
        }
    }
}

impl From<PathEntry> for PathItem {
    fn from(entry: PathEntry) -> Self {
        let mut item = PathItem {
            summary: entry.summary,
            description: entry.description,
            parameters: entry.parameters,
            servers: entry.servers,
            extensions: entry.extensions,
            ..PathItem::default()
        };
        for (method, operation) in entry.operations {
            let slot = match method {
                "get" => &mut item.get,
                "put" => &mut item.put,
                "post" => &mut item.post,
                "delete" => &mut item.delete,
                "options" => &mut item.options,
                "head" => &mut item.head,
                "patch" => &mut item.patch,
                _ => &mut item.trace,
            };
            *slot = Some(operation);
        }
        item
    }
}

/// A path item or a path entry, or the reference that stands for one, as the other.
pub(crate) fn entry<A, B: From<A>>(item: ReferenceOr<A>) -> ReferenceOr<B> {
    match item {
        ReferenceOr::Item(item) => ReferenceOr::Item(item.into()),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
    }
}

/// Puts the path items back into the document they were taken from.
/// A path item that no longer reads (which cannot happen: each read once) is left out.
pub(crate) fn put_back(document: &mut openapiv3::OpenAPI, paths: Paths) {
    document.paths.paths = paths
        .into_read()
        .filter_map(|(key, item)| Some((key, entry(item.ok()?))))
        .collect();
}

/// Takes the path items out of a document read whole.
pub(crate) fn take_paths(document: &mut openapiv3::OpenAPI) -> Paths {
    std::mem::take(&mut document.paths.paths)
        .into_iter()
        .map(|(key, item)| (key, entry(item)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_keeps_the_operations_in_order_and_what_they_share() {
        let item: PathItem = serde_json::from_value(serde_json::json!({
            "post": {"operationId": "b", "responses": {}},
            "get": {"operationId": "a", "responses": {}},
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
            "servers": [{"url": "https://x.example.com"}],
            "summary": "Things",
            "x-note": 1,
        }))
        .expect("a path item");
        let entry = PathEntry::from(item.clone());
        let methods: Vec<(&str, Option<&str>)> = entry
            .iter()
            .map(|(method, op)| (method, op.operation_id.as_deref()))
            .collect();
        assert_eq!(methods, vec![("get", Some("a")), ("post", Some("b"))]);
        // Storage for the two operations, not for eight slots.
        assert_eq!(entry.operations.capacity(), 2);
        assert_eq!(entry.parameters.len(), 1);
        assert_eq!(entry.servers[0].url, "https://x.example.com");
        assert!(std::mem::size_of::<PathEntry>() * 20 < std::mem::size_of::<PathItem>());
        assert_eq!(PathItem::from(entry.clone()), item);
    }
}
