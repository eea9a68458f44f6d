//! The component schemas of a document of very many path items, kept as JSON text.
//!
//! openapiv3's `Schema` is 944 bytes before any content, one for a component and one for
//! each of its properties: held read, the component schemas of such a document are half
//! of lowering's memory (issue 23, item 12b). Like its path items ([`super::paths::Paths`]),
//! each component schema is then kept as its JSON text, read once at load to know that it
//! reads. Lowering reads each again for its walks ([`ComponentSchemas::iter`]), and a
//! lookup through a reference ([`ComponentSchemas::get`]) reads its target once and keeps
//! it. In any other document the component schemas stay in the typed document and this
//! table is empty.

use std::borrow::Cow;
use std::sync::OnceLock;

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema};
use serde::de::DeserializeOwned;

/// Component schemas by name, in document order, each as JSON text.
pub type ComponentSchemas = JsonTable<Schema>;

/// Components of one kind by name, in document order, each as JSON text.
#[derive(Debug, Clone)]
pub struct JsonTable<T> {
    entries: IndexMap<String, Entry<T>>,
}

impl<T> Default for JsonTable<T> {
    fn default() -> Self {
        JsonTable {
            entries: IndexMap::new(),
        }
    }
}

#[derive(Debug, Clone)]
struct Entry<T> {
    json: Box<str>,
    /// The component read by a lookup, kept for the lookups after it (`None` inside: it
    /// no longer reads, which cannot happen to text that read once).
    read: OnceLock<Option<Box<ReferenceOr<T>>>>,
}

impl<T: DeserializeOwned + Clone> JsonTable<T> {
    /// Adds a component schema as the JSON text it reads from.
    pub(crate) fn insert_json(&mut self, name: String, json: Box<str>) {
        let read = OnceLock::new();
        self.entries.insert(name, Entry { json, read });
    }

    /// Whether there is none (the component schemas are in the typed document).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The names, in document order.
    pub fn iter_names(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// The component schema `name`, read once and kept.
    pub fn get(&self, name: &str) -> Option<&ReferenceOr<T>> {
        let entry = self.entries.get(name)?;
        entry
            .read
            .get_or_init(|| read_json(&entry.json).map(Box::new))
            .as_deref()
    }

    /// The component schema `name`, lent when a lookup has kept it, else read for the
    /// caller alone (not kept).
    pub fn peek(&self, name: &str) -> Option<Cow<'_, ReferenceOr<T>>> {
        let entry = self.entries.get(name)?;
        match entry.read.get() {
            Some(kept) => kept.as_deref().map(Cow::Borrowed),
            None => read_json(&entry.json).map(Cow::Owned),
        }
    }

    /// Every component schema, in document order, read for the walk (one kept by a lookup
    /// is lent); `None` for one that no longer reads.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Option<Cow<'_, ReferenceOr<T>>>)> {
        self.entries
            .keys()
            .map(|name| (name.as_str(), self.peek(name)))
    }

    /// Every component schema, read, taking them out; one that no longer reads is left
    /// out.
    pub fn into_read(self) -> impl Iterator<Item = (String, ReferenceOr<T>)> {
        self.entries.into_iter().filter_map(|(name, entry)| {
            let read = match entry.read.into_inner() {
                Some(kept) => kept.map(|schema| *schema),
                None => read_json(&entry.json),
            };
            Some((name, read?))
        })
    }
}

/// Puts component schemas kept as JSON text back into the document they were taken from
/// (nothing when there are none: the document holds them).
pub(crate) fn put_back(document: &mut openapiv3::OpenAPI, schemas: ComponentSchemas) {
    if !schemas.is_empty() {
        let components = document.components.get_or_insert_with(Default::default);
        components.schemas = schemas.into_read().collect();
    }
}

fn read_json<T: DeserializeOwned>(json: &str) -> Option<ReferenceOr<T>> {
    serde_json::from_str(json).ok()
}
