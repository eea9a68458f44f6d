//! One walk over an OpenAPI 3.x document held as JSON: it finds every schema object (in
//! components, parameters, headers, media types, path items, callbacks, webhooks, and
//! nested inside other schemas) and hands each to a visitor with its JSON pointer.
//!
//! The walk knows where the specification puts schemas, so the normalisation steps of the
//! load stage (3.1 keywords, Swagger 2.0 leftovers, common mistakes) only say what to do
//! with one schema. A visitor may rewrite the schema it is given; the walk then descends
//! into the schema as the visitor left it. [`for_each_schema`] hands over schema objects;
//! [`for_each_schema_value`] hands over whatever stands where a schema may stand (boolean
//! schemas too), with the keyword of the parent schema that holds it.

use serde_json::{Map, Value};

use crate::error::pointer;
use crate::pointer::Table;

/// What a visitor gets for each schema: the schema object and its JSON pointer.
pub(crate) type SchemaVisitor<'a> = dyn FnMut(&mut Map<String, Value>, &str) + 'a;

/// What a visitor of schema positions gets: the value standing where a schema may stand
/// (an object, a boolean schema, or something malformed), its JSON pointer, and the
/// keyword of the parent schema that holds it (`items`, `allOf`, `properties`, ...), or
/// `None` for a schema that is not inside another (a component, a media type's schema).
pub(crate) type SchemaValueVisitor<'a> = dyn FnMut(&mut Value, &str, Option<&str>) + 'a;

/// Keywords whose value is one schema.
const SCHEMA_KEYWORDS: &[&str] = &[
    "not",
    "additionalProperties",
    "items",
    "additionalItems",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
];

/// Keywords whose value is a list of schemas.
const SCHEMA_LIST_KEYWORDS: &[&str] = &["allOf", "oneOf", "anyOf", "prefixItems", "items"];

/// Keywords whose value is a map of names to schemas.
const SCHEMA_MAP_KEYWORDS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];

/// Path-item keys that hold operations.
pub(crate) const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Calls `visit` on every schema of the document, each parent before its children.
pub(crate) fn for_each_schema(document: &mut Value, visit: &mut SchemaVisitor<'_>) {
    for_each_schema_value(document, &mut |value, at, _| {
        if let Value::Object(map) = value {
            visit(map, at);
        }
    });
}

/// Calls `visit` on every value that stands where the document may put a schema, each
/// parent before its children; the walk descends into what the visitor leaves there.
pub(crate) fn for_each_schema_value(document: &mut Value, visit: &mut SchemaValueVisitor<'_>) {
    for mut part in parts(document) {
        part.walk(visit);
    }
}

/// Calls `visit` on every operation of the document: in its path items (under `paths`,
/// `webhooks` and `components/pathItems`) and in every callback, wherever it stands.
pub(crate) fn for_each_operation(
    document: &mut Value,
    visit: &mut dyn FnMut(&mut Map<String, Value>),
) {
    for part in parts(document) {
        match part.kind {
            PartKind::PathItem => operations_of_path_item(part.value, visit),
            PartKind::Callback => operations_of_callback(part.value, visit),
            _ => {}
        }
    }
}

fn operations_of_path_item(item: &mut Value, visit: &mut dyn FnMut(&mut Map<String, Value>)) {
    let Value::Object(item) = item else {
        return;
    };
    for (key, operation) in item.iter_mut() {
        let Value::Object(operation) = operation else {
            continue;
        };
        if !METHODS.contains(&key.as_str()) {
            continue;
        }
        visit(operation);
        if let Some(Value::Object(callbacks)) = operation.get_mut("callbacks") {
            callbacks
                .values_mut()
                .for_each(|callback| operations_of_callback(callback, visit));
        }
    }
}

fn operations_of_callback(callback: &mut Value, visit: &mut dyn FnMut(&mut Map<String, Value>)) {
    if let Value::Object(expressions) = callback {
        expressions
            .values_mut()
            .for_each(|item| operations_of_path_item(item, visit));
    }
}

/// How a part of the document is walked.
#[derive(Clone, Copy)]
enum PartKind {
    PathItem,
    Schema,
    Parameter,
    Response,
    ContentHolder,
    Callback,
}

/// A path item, a webhook or a component: the walk's unit. Parts hold no schema of one
/// another, so a visitor that rewrites only the schema it is given may walk them apart,
/// on any thread, and do what one walk over the document does.
pub(crate) struct Part<'v> {
    value: &'v mut Value,
    at: String,
    kind: PartKind,
}

impl<'v> Part<'v> {
    /// Calls `visit` on every schema position of the part, as [`for_each_schema_value`]
    /// does for the document.
    pub(crate) fn walk(&mut self, visit: &mut SchemaValueVisitor<'_>) {
        let (value, at) = (&mut *self.value, self.at.as_str());
        match self.kind {
            PartKind::PathItem => walk_path_item(value, at, visit),
            PartKind::Schema => walk_schema_value(value, at, None, visit),
            PartKind::Parameter => walk_parameter(value, at, visit),
            PartKind::Response => walk_response(value, at, visit),
            PartKind::ContentHolder => walk_content_holder(value, at, visit),
            PartKind::Callback => walk_callback(value, at, visit),
        }
    }
}

/// How the entries of a components table are walked, if they are.
fn component_kind(table: &str) -> Option<PartKind> {
    Some(match Table::from_key(table)? {
        Table::Schemas => PartKind::Schema,
        Table::Parameters | Table::Headers => PartKind::Parameter,
        Table::Responses => PartKind::Response,
        Table::RequestBodies => PartKind::ContentHolder,
        Table::PathItems => PartKind::PathItem,
        Table::Callbacks => PartKind::Callback,
        Table::Examples | Table::SecuritySchemes | Table::Links => return None,
    })
}

/// The parts of the document in the walk's order: paths, webhooks, then the components
/// table by table.
pub(crate) fn parts(document: &mut Value) -> Vec<Part<'_>> {
    let mut parts = Vec::new();
    let Some(root) = document.as_object_mut() else {
        return parts;
    };
    let mut paths = None;
    let mut webhooks = None;
    let mut components = None;
    for (key, value) in root.iter_mut() {
        match (key.as_str(), value) {
            ("paths", Value::Object(map)) => paths = Some(map),
            ("webhooks", Value::Object(map)) => webhooks = Some(map),
            ("components", Value::Object(map)) => components = Some(map),
            _ => {}
        }
    }
    for (table, base) in [(paths, "#/paths"), (webhooks, "#/webhooks")] {
        for (name, item) in table.into_iter().flat_map(|map| map.iter_mut()) {
            parts.push(Part {
                value: item,
                at: pointer(base, name),
                kind: PartKind::PathItem,
            });
        }
    }
    for (key, table) in components.into_iter().flat_map(|map| map.iter_mut()) {
        let Some(kind) = component_kind(key) else {
            continue;
        };
        let table_at = pointer("#/components", key);
        let Value::Object(table) = table else {
            continue;
        };
        for (name, entry) in table.iter_mut() {
            parts.push(Part {
                value: entry,
                at: pointer(&table_at, name),
                kind,
            });
        }
    }
    parts
}

/// A schema and everything nested in it: `visit` is called on each schema object.
pub(crate) fn walk_schema(schema: &mut Value, at: &str, visit: &mut SchemaVisitor<'_>) {
    walk_schema_value(schema, at, None, &mut |value, at, _| {
        if let Value::Object(map) = value {
            visit(map, at);
        }
    });
}

/// A schema position and everything nested in it: `visit` is called on the value itself
/// (held under `keyword` of its parent schema, if any), then on every value nested where
/// a schema may stand.
pub(crate) fn walk_schema_value(
    schema: &mut Value,
    at: &str,
    keyword: Option<&str>,
    visit: &mut SchemaValueVisitor<'_>,
) {
    visit(schema, at, keyword);
    let Value::Object(map) = schema else {
        return;
    };
    // A pointer is made only for a key the walk goes into: most keys of a schema
    // (`type`, `description`, `format`) hold no schema.
    for (key, child) in map.iter_mut() {
        let key = key.as_str();
        match child {
            Value::Array(list) if SCHEMA_LIST_KEYWORDS.contains(&key) => {
                let child_at = pointer(at, key);
                for (index, member) in list.iter_mut().enumerate() {
                    let member_at = pointer(&child_at, &index.to_string());
                    walk_schema_value(member, &member_at, Some(key), visit);
                }
            }
            Value::Object(entries) if SCHEMA_MAP_KEYWORDS.contains(&key) => {
                let child_at = pointer(at, key);
                for (name, member) in entries.iter_mut() {
                    walk_schema_value(member, &pointer(&child_at, name), Some(key), visit);
                }
            }
            _ if SCHEMA_KEYWORDS.contains(&key) => {
                walk_schema_value(child, &pointer(at, key), Some(key), visit);
            }
            _ => {}
        }
    }
}

fn walk_path_item(item: &mut Value, at: &str, visit: &mut SchemaValueVisitor<'_>) {
    let Value::Object(map) = item else {
        return;
    };
    for (key, child) in map.iter_mut() {
        if key == "parameters" {
            walk_parameter_list(child, &pointer(at, key), visit);
        } else if METHODS.contains(&key.as_str()) {
            walk_operation(child, &pointer(at, key), visit);
        }
    }
}

fn walk_operation(operation: &mut Value, at: &str, visit: &mut SchemaValueVisitor<'_>) {
    let Value::Object(map) = operation else {
        return;
    };
    for (key, child) in map.iter_mut() {
        match key.as_str() {
            "parameters" => walk_parameter_list(child, &pointer(at, key), visit),
            "requestBody" => walk_content_holder(child, &pointer(at, key), visit),
            "responses" => {
                if let Value::Object(responses) = child {
                    let child_at = pointer(at, key);
                    for (status, response) in responses.iter_mut() {
                        walk_response(response, &pointer(&child_at, status), visit);
                    }
                }
            }
            "callbacks" => {
                if let Value::Object(callbacks) = child {
                    let child_at = pointer(at, key);
                    for (name, callback) in callbacks.iter_mut() {
                        walk_callback(callback, &pointer(&child_at, name), visit);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Writes the defaults of an Encoding Object that gives `style`, `explode` or
/// `allowReserved` in: `style: form`, and `explode` true for `form` and false for the
/// other styles. openapiv3 reads an absent `explode` as false and keeps no trace of
/// which of the three were given, which decides how a form field is written (see
/// `lower::bodies`). The walk does it where it passes encodings, so every way a document
/// is read (whole or by parts, any version) has it; it changes nothing the second time.
fn write_style_defaults(encoding: &mut serde_json::Map<String, Value>) {
    if !["style", "explode", "allowReserved"]
        .iter()
        .any(|key| encoding.contains_key(*key))
    {
        return;
    }
    let style = encoding
        .entry("style")
        .or_insert_with(|| Value::String("form".to_owned()));
    let form = style.as_str().is_none_or(|style| style == "form");
    encoding.entry("explode").or_insert(Value::Bool(form));
}

fn walk_callback(callback: &mut Value, at: &str, visit: &mut SchemaValueVisitor<'_>) {
    if let Value::Object(expressions) = callback {
        for (expression, item) in expressions.iter_mut() {
            walk_path_item(item, &pointer(at, expression), visit);
        }
    }
}

fn walk_parameter_list(list: &mut Value, at: &str, visit: &mut SchemaValueVisitor<'_>) {
    if let Value::Array(parameters) = list {
        for (index, parameter) in parameters.iter_mut().enumerate() {
            walk_parameter(parameter, &pointer(at, &index.to_string()), visit);
        }
    }
}

/// A parameter or a header: a `schema`, or a `content` map of media types.
fn walk_parameter(parameter: &mut Value, at: &str, visit: &mut SchemaValueVisitor<'_>) {
    if let Value::Object(map) = parameter
        && let Some(schema) = map.get_mut("schema")
    {
        walk_schema_value(schema, &pointer(at, "schema"), None, visit);
    }
    walk_content_holder(parameter, at, visit);
}

/// A response: `content` and `headers`.
fn walk_response(response: &mut Value, at: &str, visit: &mut SchemaValueVisitor<'_>) {
    walk_content_holder(response, at, visit);
    if let Value::Object(map) = response
        && let Some(Value::Object(headers)) = map.get_mut("headers")
    {
        let headers_at = pointer(at, "headers");
        for (name, header) in headers.iter_mut() {
            walk_parameter(header, &pointer(&headers_at, name), visit);
        }
    }
}

/// Anything with a `content` map of media types (request bodies, responses, parameters).
fn walk_content_holder(holder: &mut Value, at: &str, visit: &mut SchemaValueVisitor<'_>) {
    let Value::Object(map) = holder else {
        return;
    };
    let Some(Value::Object(content)) = map.get_mut("content") else {
        return;
    };
    let content_at = pointer(at, "content");
    for (media, media_type) in content.iter_mut() {
        let media_at = pointer(&content_at, media);
        let Value::Object(media_type) = media_type else {
            continue;
        };
        if let Some(schema) = media_type.get_mut("schema") {
            walk_schema_value(schema, &pointer(&media_at, "schema"), None, visit);
        }
        if let Some(Value::Object(encodings)) = media_type.get_mut("encoding") {
            let encodings_at = pointer(&media_at, "encoding");
            for (property, encoding) in encodings.iter_mut() {
                let encoding_at = pointer(&encodings_at, property);
                if let Value::Object(encoding) = encoding {
                    write_style_defaults(encoding);
                }
                if let Value::Object(encoding) = encoding
                    && let Some(Value::Object(headers)) = encoding.get_mut("headers")
                {
                    let headers_at = pointer(&encoding_at, "headers");
                    for (name, header) in headers.iter_mut() {
                        walk_parameter(header, &pointer(&headers_at, name), visit);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visited(document: &str) -> Vec<String> {
        let mut value: Value = serde_json::from_str(document).expect("JSON");
        let mut out = Vec::new();
        for_each_schema(&mut value, &mut |_, at| out.push(at.to_owned()));
        out
    }

    #[test]
    fn finds_schemas_wherever_the_specification_puts_them() {
        let document = r##"{
          "paths": {"/a/{id}": {
            "parameters": [{"name": "id", "in": "path", "schema": {"type": "string"}}],
            "post": {
              "requestBody": {"content": {"application/json": {"schema": {
                "type": "object",
                "properties": {"tags": {"type": "array", "items": {"type": "string"}}}
              }}}},
              "responses": {"200": {
                "headers": {"X-Rate": {"schema": {"type": "integer"}}},
                "content": {"application/json": {"schema": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}]}}}
              }},
              "callbacks": {"done": {"{$request.body#/url}": {"post": {"responses": {"200": {"content": {"text/plain": {"schema": {"type": "string"}}}}}}}}}
            }
          }},
          "webhooks": {"ping": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}},
          "components": {
            "schemas": {"A": {"type": "object", "additionalProperties": {"type": "string"}, "$defs": {"B": {"type": "integer"}}}},
            "parameters": {"p": {"name": "p", "in": "query", "content": {"application/json": {"schema": {"type": "object"}}}}}
          }
        }"##;
        assert_eq!(
            visited(document),
            vec![
                "#/paths/~1a~1{id}/parameters/0/schema",
                "#/paths/~1a~1{id}/post/requestBody/content/application~1json/schema",
                "#/paths/~1a~1{id}/post/requestBody/content/application~1json/schema/properties/tags",
                "#/paths/~1a~1{id}/post/requestBody/content/application~1json/schema/properties/tags/items",
                "#/paths/~1a~1{id}/post/responses/200/content/application~1json/schema",
                "#/paths/~1a~1{id}/post/responses/200/content/application~1json/schema/oneOf/0",
                "#/paths/~1a~1{id}/post/responses/200/content/application~1json/schema/oneOf/1",
                "#/paths/~1a~1{id}/post/responses/200/headers/X-Rate/schema",
                "#/paths/~1a~1{id}/post/callbacks/done/{$request.body#~1url}/post/responses/200/content/text~1plain/schema",
                "#/webhooks/ping/post/requestBody/content/application~1json/schema",
                "#/components/schemas/A",
                "#/components/schemas/A/additionalProperties",
                "#/components/schemas/A/$defs/B",
                "#/components/parameters/p/content/application~1json/schema",
            ]
        );
    }

    #[test]
    fn a_visitor_rewrites_before_the_walk_descends() {
        let mut value: Value = serde_json::from_str(
            r#"{"components": {"schemas": {"A": {"prefixItems": [{"type": "string"}]}}}}"#,
        )
        .expect("JSON");
        let mut seen = Vec::new();
        for_each_schema(&mut value, &mut |schema, at| {
            if let Some(items) = schema.remove("prefixItems") {
                schema.insert("x-tuple".to_owned(), items);
                schema.insert("items".to_owned(), serde_json::json!({"type": "integer"}));
            }
            seen.push(at.to_owned());
        });
        assert_eq!(
            seen,
            vec!["#/components/schemas/A", "#/components/schemas/A/items"]
        );
    }

    #[test]
    fn the_value_walk_hands_over_boolean_schemas_with_their_keyword() {
        let mut value: Value = serde_json::from_str(
            r#"{"components": {"schemas": {
              "A": {"type": "array", "prefixItems": [true, {"type": "string"}], "items": false,
                    "additionalProperties": true, "properties": {"p": false}},
              "B": true
            }}}"#,
        )
        .expect("JSON");
        let mut seen = Vec::new();
        for_each_schema_value(&mut value, &mut |value, at, keyword| {
            seen.push(format!("{at} {keyword:?} {value}"));
        });
        assert_eq!(
            seen[1..],
            [
                r#"#/components/schemas/A/prefixItems/0 Some("prefixItems") true"#,
                r#"#/components/schemas/A/prefixItems/1 Some("prefixItems") {"type":"string"}"#,
                r#"#/components/schemas/A/items Some("items") false"#,
                r#"#/components/schemas/A/additionalProperties Some("additionalProperties") true"#,
                r#"#/components/schemas/A/properties/p Some("properties") false"#,
                "#/components/schemas/B None true",
            ]
        );
        assert!(seen[0].starts_with("#/components/schemas/A None {"));
    }
}
