//! The one `$ref` resolver of the lowering. The load stage has already turned every
//! reference that points elsewhere in the document into one to a component
//! (`#/components/<kind>/<name>`), so here a reference names a component of its kind;
//! chains are followed up to [`MAX_REF_HOPS`], and dangling, external and cyclic
//! references are reported at the referring element.

use std::borrow::Cow;

use indexmap::IndexMap;
use openapiv3::{Components, ReferenceOr, Schema};
use serde::de::DeserializeOwned;

use crate::load::schemas::JsonTable;

use super::Lowerer;
use crate::error::pointer;
use crate::pointer;

/// How many `$ref` hops a chain (or an `allOf` nesting through references) may take
/// before it is called a cycle.
pub(crate) const MAX_REF_HOPS: usize = 64;

/// The component name a local reference of `kind` points to, or a reason why not.
pub(crate) fn component_name(reference: &str, kind: &str) -> Result<String, String> {
    let Some(tokens) = pointer::reference_tokens(reference) else {
        return Err(format!(
            "reference `{reference}` names another file, which is read only when the document is generated from its file (`generate_from_files`, or the command's `--spec`)"
        ));
    };
    match pointer::component(reference) {
        Some((table, name)) if table == kind && !name.is_empty() => Ok(name),
        _ if tokens.len() >= 2 && tokens[0] == "components" && tokens[1] == kind => Err(format!(
            "reference `{reference}` does not name one component"
        )),
        _ => Err(format!(
            "reference `{reference}` must point into #/components/{kind}/"
        )),
    }
}

/// What a reference to a component of another kind than its place takes (a response
/// given as `#/components/schemas/BadRequest`), said in words: `Some` with the warning's
/// text when `reference` names a component of a kind other than `kind`.
pub(crate) fn other_kind(reference: &str, kind: &str) -> Option<String> {
    let (other, _) = pointer::component(reference)?;
    (other != kind).then(|| {
        format!(
            "reference `{reference}` names {} where {} belongs",
            kind_in_words(&other),
            kind_in_words(kind)
        )
    })
}

/// A components table's kind as a noun with its article.
fn kind_in_words(kind: &str) -> String {
    let Some(noun) = pointer::Table::from_key(kind).map(pointer::Table::noun) else {
        return format!("a component of `{kind}`");
    };
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}

/// Why a reference could not be followed: where, what, and whether generation can go
/// on without the item (a component of another kind: a mistake of the document's, left
/// out with a warning) or not (dangling, external, cyclic).
struct Broken {
    at: String,
    message: String,
    left_out: bool,
}

impl Broken {
    fn error(at: String, message: String) -> Self {
        Self {
            at,
            message,
            left_out: false,
        }
    }
}

/// A components table: the table of one kind and its name in pointers.
pub(crate) struct Table<'d, T> {
    kind: &'static str,
    entries: Option<&'d IndexMap<String, ReferenceOr<T>>>,
    /// The table's entries kept as JSON text, when they are (component schemas of a very
    /// large document).
    json: Option<&'d JsonTable<T>>,
}

impl<'d, T: DeserializeOwned + Clone> Table<'d, T> {
    /// The entry `name`.
    fn get(&self, name: &str) -> Option<&'d ReferenceOr<T>> {
        let typed = self.entries.and_then(|entries| entries.get(name));
        typed.or_else(|| self.json.and_then(|json| json.get(name)))
    }
}

impl<'d> Lowerer<'d> {
    /// The components table of `kind` (`schemas`, `parameters`, ...).
    pub(crate) fn table<T>(
        &self,
        kind: &'static str,
        field: fn(&'d Components) -> &'d IndexMap<String, ReferenceOr<T>>,
    ) -> Table<'d, T> {
        Table {
            kind,
            entries: self.doc.components.as_ref().map(field),
            json: None,
        }
    }

    /// The component schemas, from the document or kept as JSON text.
    pub(crate) fn schema_table(&self) -> Table<'d, Schema> {
        Table {
            json: Some(self.schemas),
            ..self.table("schemas", |c| &c.schemas)
        }
    }

    /// Every component schema, in document order: lent by the document, or read for the
    /// walk when kept as JSON text (`None`: it no longer reads).
    pub(crate) fn component_schemas(
        &self,
    ) -> impl Iterator<Item = (&'d str, Option<Cow<'d, ReferenceOr<Schema>>>)> + use<'d> {
        let typed = self.doc.components.as_ref().map(|c| &c.schemas);
        let typed = typed.into_iter().flatten();
        let lent = typed.map(|(name, item)| (name.as_str(), Some(Cow::Borrowed(item))));
        lent.chain(self.schemas.iter())
    }

    /// Follows `item` through references into its components table, returning the item
    /// and the pointer where it is defined. Reports a located error and returns `None`
    /// for a dangling, external or cyclic reference; warns and returns `None` for one to
    /// a component of another kind.
    pub(crate) fn resolve<T: DeserializeOwned + Clone>(
        &mut self,
        item: &'d ReferenceOr<T>,
        at: &str,
        table: &Table<'d, T>,
    ) -> Option<(&'d T, String)> {
        match follow(item, at, table) {
            Ok(found) => Some(found),
            Err(broken) if broken.left_out => {
                let message = format!("{}: it is left out", broken.message);
                self.diagnostics.warn(broken.at, message);
                None
            }
            Err(broken) => {
                self.diagnostics.push(broken.at, broken.message);
                None
            }
        }
    }

    /// Follows `item` like [`Lowerer::resolve`], without reporting (for looks ahead; the
    /// lowering of the item reports a bad reference).
    pub(crate) fn resolve_quietly<T: DeserializeOwned + Clone>(
        &self,
        item: &'d ReferenceOr<T>,
        table: &Table<'d, T>,
    ) -> Option<&'d T> {
        follow(item, "#", table).ok().map(|(value, _)| value)
    }

    /// What `reference` names in `table`, following further references, without reporting
    /// (for a reference met in a path item read for one walk).
    pub(crate) fn named_quietly<T: DeserializeOwned + Clone>(
        &self,
        reference: &str,
        table: &Table<'d, T>,
    ) -> Option<&'d T> {
        let name = component_name(reference, table.kind).ok()?;
        let target = table.get(&name)?;
        self.resolve_quietly(target, table)
    }

    /// The schema a position stands for, following references, without reporting (a bad
    /// reference is reported where its type is lowered).
    pub(crate) fn schema_of(&self, item: &'d ReferenceOr<Schema>) -> Option<&'d Schema> {
        let table = self.schema_table();
        self.resolve_quietly(item, &table)
    }

    /// Whether the schema a position stands for is `nullable`, following references,
    /// without reporting, and without keeping a component schema kept as JSON text read
    /// (the check every response body and array item makes: keeping each target read
    /// would hold every component schema read again).
    pub(crate) fn nullable_of(&self, item: &ReferenceOr<Schema>) -> bool {
        let typed = self.doc.components.as_ref().map(|c| &c.schemas);
        let mut current = Cow::Borrowed(item);
        for _ in 0..MAX_REF_HOPS {
            let name = match current.as_ref() {
                ReferenceOr::Item(schema) => return schema.schema_data.nullable,
                ReferenceOr::Reference { reference } => {
                    match component_name(reference, "schemas") {
                        Ok(name) => name,
                        Err(_) => return false,
                    }
                }
            };
            current = match typed.and_then(|typed| typed.get(&name)) {
                Some(target) => Cow::Borrowed(target),
                None => match self.schemas.peek(&name) {
                    Some(target) => Cow::Owned(target.into_owned()),
                    None => return false,
                },
            };
        }
        false
    }

    /// Like [`Lowerer::schema_of`] for a boxed position (properties, items).
    pub(crate) fn boxed_schema_of(&self, item: &'d ReferenceOr<Box<Schema>>) -> Option<&'d Schema> {
        match item {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } => {
                let table = self.schema_table();
                self.named_quietly(reference, &table)
            }
        }
    }
}

/// The resolution itself: the item and where it is defined, or where the chain breaks
/// and why.
fn follow<'d, T: DeserializeOwned + Clone>(
    item: &'d ReferenceOr<T>,
    at: &str,
    table: &Table<'d, T>,
) -> Result<(&'d T, String), Broken> {
    let mut current = item;
    let mut current_at = at.to_owned();
    for _ in 0..MAX_REF_HOPS {
        match current {
            ReferenceOr::Item(value) => return Ok((value, current_at)),
            ReferenceOr::Reference { reference } => {
                let kind = table.kind;
                let ref_at = pointer(&current_at, "$ref");
                if let Some(message) = other_kind(reference, kind) {
                    return Err(Broken {
                        at: ref_at,
                        message,
                        left_out: true,
                    });
                }
                let name = component_name(reference, kind)
                    .map_err(|message| Broken::error(ref_at.clone(), message))?;
                let Some(target) = table.get(&name) else {
                    return Err(Broken::error(
                        ref_at,
                        format!(
                            "reference `{reference}` points to nothing: there is no #/components/{kind}/{name}"
                        ),
                    ));
                };
                current_at = pointer(&format!("#/components/{kind}"), &name);
                current = target;
            }
        }
    }
    Err(Broken::error(
        at.to_owned(),
        format!("reference chain longer than {MAX_REF_HOPS} hops: the references form a cycle"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_component_references() {
        assert_eq!(
            component_name("#/components/schemas/User", "schemas"),
            Ok("User".to_owned())
        );
        assert_eq!(
            component_name("#/components/schemas/a~1b%20c", "schemas"),
            Ok("a/b c".to_owned())
        );
        assert!(component_name("other.yaml#/components/schemas/User", "schemas").is_err());
        assert!(component_name("#/definitions/User", "schemas").is_err());
        assert_eq!(
            component_name("#/components/schemas/A/properties/b", "schemas"),
            Err(
                "reference `#/components/schemas/A/properties/b` does not name one component"
                    .to_owned()
            )
        );
        assert_eq!(
            component_name("#/components/schemas/", "schemas"),
            Err("reference `#/components/schemas/` does not name one component".to_owned())
        );
    }
}
