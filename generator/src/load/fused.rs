//! The common case of loading, end to end on all threads: a JSON document that claims
//! OpenAPI 3.0 and whose local references all name components. Each entry of `paths`
//! and of the components tables is parsed, has its common mistakes fixed
//! ([`lenient::fix_part`]) and is read into the typed model on its own, and its JSON
//! value is dropped as soon as it is read: the document is never held whole as a JSON
//! value, which is most of the memory (and of the fresh pages) loading otherwise takes.
//!
//! The document and the warnings are what the general way gives (parse the whole text,
//! fix the whole value, normalise references, read). Whatever this way does not cover
//! answers `None` before anything is kept, and the loader takes the general way:
//! another version, `webhooks`, a key written twice, a components table that is not one
//! of the nine 3.0 tables, a path item given by a local `$ref`, a local reference to a
//! place that is not a component (normalising references moves such places), a part
//! that does not read, or an error.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};

use openapiv3::{Components, OpenAPI};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::by_parts::{self, KINDS, Place, Read};
use super::json_parts::{Entries, Member};
use super::{Loaded, SourceVersion, detect_version, lenient, refs, walk};
use crate::error::{Diagnostics, pointer};
use crate::parallel;

/// Where an entry goes once read.
#[derive(Clone, Copy)]
enum Goes {
    /// A path item (its key starts with `/`).
    Path,
    /// An extension of `paths` (`x-`): kept as JSON.
    PathExtension,
    /// Another key under `paths`: fixed and checked as the general way does, then left
    /// out, as reading leaves it out.
    PathIgnored,
    /// An entry of the components table at this index of [`KINDS`].
    Component(usize),
}

/// An entry of `paths` or of a components table, not yet parsed.
struct Entry<'t> {
    goes: Goes,
    key: &'t str,
    raw: &'t RawValue,
}

/// What became of an entry.
enum Done {
    // A schema component is over a kilobyte: boxed, so every result is not as large.
    Read(Box<Read>),
    Extension(Value),
    Ignored,
}

/// Loads a document split by [`super::json_parts::split`] the fused way, or answers
/// `None` (see the module documentation).
pub(super) fn load(members: &[(String, Member<'_>)]) -> Option<Loaded> {
    if !distinct(members) {
        return None;
    }
    let mut rest = Map::new();
    let mut paths: Option<&Entries<'_>> = None;
    let mut tables: Option<&Vec<(String, Entries<'_>)>> = None;
    for (key, member) in members {
        match (key.as_str(), member) {
            ("paths", Member::Entries(entries)) => paths = Some(entries),
            ("components", Member::Tables(found)) => tables = Some(found),
            (_, Member::Whole(raw)) => {
                rest.insert(key.clone(), serde_json::from_str(raw.get()).ok()?);
            }
            _ => return None,
        }
    }
    let root = Value::Object(rest);
    if detect_version(&root).ok()? != SourceVersion::OpenApi30 {
        return None;
    }
    let Value::Object(mut rest) = root else {
        return None;
    };
    if rest
        .iter()
        .any(|(key, value)| refs::refers_outside_components(&[], key, value))
    {
        return None;
    }
    let entries = entries(paths?, tables)?;
    // Heaviest first, so the threads finish together; results come back in order. Once
    // one entry sends the document the general way, the others are not worked on.
    let given_up = AtomicBool::new(false);
    let done = parallel::map_ordered(
        &entries,
        |entry| entry.raw.get().len(),
        |entry| {
            if given_up.load(Ordering::Relaxed) {
                return None;
            }
            let done = take_in(entry);
            if done.is_none() {
                given_up.store(true, Ordering::Relaxed);
            }
            done
        },
    );
    let mut diagnostics = Diagnostics::default();
    let mut path_extensions = indexmap::IndexMap::new();
    let mut read = Vec::with_capacity(entries.len());
    for (entry, done) in entries.iter().zip(done) {
        let (found, done) = done?;
        diagnostics.append(found);
        match done {
            Done::Read(part) => read.push((entry.key, part)),
            Done::Extension(value) => drop(path_extensions.insert(entry.key.to_owned(), value)),
            Done::Ignored => {}
        }
    }
    let warnings = diagnostics.into_result().ok()?;
    // The rest of the document is small: read it as a whole, with empty paths.
    rest.insert("paths".to_owned(), Value::Object(Map::new()));
    let mut document = OpenAPI::deserialize(Value::Object(rest)).ok()?;
    document.paths.extensions = path_extensions;
    let mut components = tables.map(|_| Components::default());
    for (key, part) in read {
        by_parts::put(&mut document, &mut components, key.to_owned(), *part)?;
    }
    document.components = components;
    Some(Loaded {
        document,
        warnings,
        source_version: SourceVersion::OpenApi30,
    })
}

/// The entries in the order the general way's walk takes them: paths, then the
/// components tables as written. `None` for a key written twice or a table 3.0 does not
/// have.
fn entries<'t>(
    paths: &'t Entries<'t>,
    tables: Option<&'t Vec<(String, Entries<'t>)>>,
) -> Option<Vec<Entry<'t>>> {
    if !distinct(paths) || !distinct(tables.into_iter().flatten()) {
        return None;
    }
    let mut entries = Vec::new();
    for (key, raw) in paths {
        let goes = if key.starts_with('/') {
            Goes::Path
        } else if key.starts_with("x-") {
            Goes::PathExtension
        } else {
            Goes::PathIgnored
        };
        entries.push(Entry { goes, key, raw });
    }
    for (table, table_entries) in tables.into_iter().flatten() {
        let kind = KINDS.iter().position(|kind| kind == table)?;
        if !distinct(table_entries) {
            return None;
        }
        for (key, raw) in table_entries {
            entries.push(Entry {
                goes: Goes::Component(kind),
                key,
                raw,
            });
        }
    }
    Some(entries)
}

/// Whether no key is written twice among `entries` (the general way keeps the last value
/// of a repeated key in the place of the first).
fn distinct<'e, T: 'e>(entries: impl IntoIterator<Item = &'e (String, T)>) -> bool {
    let mut keys = HashSet::new();
    entries
        .into_iter()
        .all(|(key, _)| keys.insert(key.as_str()))
}

/// One entry parsed, fixed, checked and read, with what fixing it reported; `None`
/// when the general way must be taken.
fn take_in(entry: &Entry<'_>) -> Option<(Diagnostics, Done)> {
    let mut value: Value = serde_json::from_str(entry.raw.get()).ok()?;
    let mut found = Diagnostics::default();
    let in_table: [&str; 2];
    let parent: &[&str] = match entry.goes {
        Goes::Component(kind) => {
            let table = *KINDS.get(kind)?;
            let at = pointer(&pointer("#/components", table), entry.key);
            if let Some(mut part) = walk::Part::component(table, &mut value, at) {
                lenient::fix_part(&mut part, &mut found);
            }
            in_table = ["components", table];
            &in_table
        }
        Goes::Path | Goes::PathExtension | Goes::PathIgnored => {
            let at = pointer("#/paths", entry.key);
            lenient::fix_part(&mut walk::Part::path_item(&mut value, at), &mut found);
            // A path item given by a local reference is replaced by the one it names.
            if value
                .get("$ref")
                .and_then(Value::as_str)
                .is_some_and(|reference| reference.starts_with('#'))
            {
                return None;
            }
            &["paths"]
        }
    };
    if refs::refers_outside_components(parent, entry.key, &value) {
        return None;
    }
    let done = match entry.goes {
        Goes::Path => Done::Read(Box::new(by_parts::read(Place::Path, value)?)),
        Goes::PathExtension => Done::Extension(value),
        Goes::PathIgnored => Done::Ignored,
        Goes::Component(kind) => {
            Done::Read(Box::new(by_parts::read(Place::Component(kind), value)?))
        }
    };
    Some((found, done))
}

#[cfg(test)]
mod tests {
    use super::super::{json_parts, load_document, load_with, parse_text};
    use super::*;

    /// The general way: the whole text as a value, fixed, normalised and read.
    fn generally(text: &str) -> Result<Loaded, crate::error::Error> {
        load_with(parse_text(text)?, || parse_text(text))
    }

    fn fused(text: &str) -> Option<Loaded> {
        load(&json_parts::split(text)?)
    }

    fn assert_same(a: &Loaded, b: &Loaded, what: &str) {
        assert!(a.document == b.document, "{what}: documents differ");
        assert_eq!(a.warnings, b.warnings, "{what}");
        assert_eq!(a.source_version, b.source_version, "{what}");
    }

    /// Every fixture (good and bad) and vendored corpus document, written as JSON: what
    /// the fused way loads is what the general way loads, document and warnings, and
    /// most 3.0 documents take it.
    #[test]
    fn the_fused_way_loads_what_the_general_way_loads() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (mut documents, mut taken) = (0, 0);
        for folder in ["fixtures/ok", "fixtures/bad", "../tests/corpus/docs"] {
            for entry in std::fs::read_dir(root.join(folder)).unwrap() {
                let path = entry.unwrap().path();
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let Ok(value) = parse_text(&text) else {
                    continue;
                };
                let json = serde_json::to_string_pretty(&value).unwrap();
                documents += 1;
                let Some(loaded) = fused(&json) else {
                    continue;
                };
                let general = generally(&json).unwrap_or_else(|error| {
                    panic!("{}: the general way refuses it: {error}", path.display())
                });
                assert_same(&loaded, &general, &path.display().to_string());
                taken += 1;
            }
        }
        assert!(documents > 50, "{documents} documents");
        // Most of the documents are 3.0 with component references only (40 of 60).
        assert!(taken * 2 >= documents, "{taken} of {documents}");
    }

    /// Each case the fused way leaves to the general way, and what the loader then gives.
    #[test]
    fn what_the_fused_way_does_not_cover_goes_the_general_way() {
        let info = r#""info": {"title": "t", "version": "1"}"#;
        let ok = r#"{"get": {"responses": {"200": {"description": "ok"}}}}"#;
        let cases = [
            format!(r#"{{"openapi": "3.1.0", {info}, "paths": {{"/a": {ok}}}}}"#),
            format!(r#"{{"swagger": "2.0", {info}, "paths": {{"/a": {ok}}}}}"#),
            format!(r#"{{"openapi": "3.0.3", {info}, "paths": {{"/a": {ok}}}, "webhooks": {{}}}}"#),
            format!(r#"{{"openapi": "3.0.3", {info}, "paths": {{"/a": {ok}, "/a": {ok}}}}}"#),
            format!(
                r#"{{"openapi": "3.0.3", {info}, "paths": {{"/a": {ok}}}, "components": {{"pathItems": {{}}}}}}"#
            ),
            format!(
                r##"{{"openapi": "3.0.3", {info}, "paths": {{"/a": {ok}, "/b": {{"$ref": "#/paths/~1a"}}}}}}"##
            ),
            format!(
                r##"{{"openapi": "3.0.3", {info}, "paths": {{"/a": {{"get": {{"responses": {{"200": {{"description": "ok", "content": {{"application/json": {{"schema": {{"type": "string"}}}}}}}}}}}}}}, "/b": {{"get": {{"responses": {{"200": {{"$ref": "#/paths/~1a/get/responses/200"}}}}}}}}}}}}"##
            ),
            format!(r#"{{"openapi": "3.0.3", {info}, "paths": {{"/a": {{"get": 5}}}}}}"#),
            format!(r#"{{"openapi": "3.0.3", {info}}}"#),
        ];
        for text in &cases {
            assert!(fused(text).is_none(), "{text}");
            let loaded = load_document(text);
            let general = generally(text);
            match (loaded, general) {
                (Ok(loaded), Ok(general)) => assert_same(&loaded, &general, text),
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{text}"),
                (a, b) => panic!("{text}: {a:?} against {b:?}"),
            }
        }
        // The moved response and the inlined path item: what normalising references did.
        let moved = load_document(&cases[6]).unwrap();
        assert!(moved.document.components.is_some());
    }

    /// Warnings of fixed parts keep the walk's order (paths first, whatever order the
    /// text has), and `x-` entries of `paths` are fixed and kept as extensions.
    #[test]
    fn fixed_parts_report_in_the_walks_order() {
        let text = r#"{
            "components": {"schemas": {"B": {"type": ["string", "null"]}}},
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {
                "x-note": {"get": {"parameters": [{"name": "q", "in": "query", "schema": {"type": ["integer", "null"]}}]}},
                "/a": {"get": {"parameters": [{"name": "q", "in": "query", "schema": {"type": ["string", "null"]}}], "responses": {"200": {"description": "ok"}}}}
            }
        }"#;
        let loaded = fused(text).expect("the fused way covers it");
        assert_same(&loaded, &generally(text).unwrap(), "order");
        let pointers: Vec<&str> = loaded.warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "#/paths/x-note/get/parameters/0/schema",
                "#/paths/~1a/get/parameters/0/schema",
                "#/components/schemas/B"
            ]
        );
        assert!(loaded.document.paths.extensions.contains_key("x-note"));
    }
}
