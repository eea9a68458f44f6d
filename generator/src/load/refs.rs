//! References anywhere in the document, resolved once: a `$ref` that points into the
//! middle of the document (a schema under `#/paths/...`, a parameter of another path, a
//! property of a component) is turned into a reference to a component, by moving the
//! target into `components` and leaving a reference in its place; a path item given by
//! `$ref` is replaced by the path item it names. After this step every local reference
//! names a component (`#/components/<kind>/<name>`), which is all the lowering resolves.
//! External references are left as they are (the lowering reports them).

use std::borrow::Cow;
use std::collections::BTreeMap;

use rustc_hash::FxHashSet as HashSet;

use serde_json::{Map, Value};

use super::walk;
use crate::error::{Diagnostics, pointer};
use crate::naming;
use crate::pointer::{self, from_tokens, node_at, node_at_mut, reference_tokens};

/// How many `$ref` hops a chain of path-item references may take (a cycle otherwise).
const MAX_PATH_ITEM_HOPS: usize = 64;

/// Keys whose values are data, not OpenAPI objects: a `$ref` key inside them is data.
const DATA_KEYS: &[&str] = &["example", "default", "enum", "const", "value", "examples"];

/// One `$ref` of the document: where the object holding it is, and what it says.
struct Reference {
    site: Vec<String>,
    target: String,
}

/// Inlines path-item references and moves every other referenced place that is not a
/// component into `components`.
pub(crate) fn normalize_references(document: &mut Value, diagnostics: &mut Diagnostics) {
    inline_path_item_references(document, diagnostics);
    let mut references = Vec::new();
    collect_references(document, &mut Vec::new(), &mut references);
    // Where the schemas stand, found only when a reference needs it: in most documents
    // every reference names a component.
    let mut schema_sites: Option<HashSet<String>> = None;
    let mut targets: BTreeMap<Vec<String>, &'static str> = BTreeMap::new();
    for reference in &references {
        // External references stay as they are; components were left out when collecting.
        let Some(tokens) = reference_tokens(&reference.target) else {
            continue;
        };
        let site = from_tokens(&reference.site);
        if node_at(document, &tokens).is_none() {
            diagnostics.push(
                pointer(&site, "$ref"),
                format!("reference `{}` points to nothing", reference.target),
            );
            continue;
        }
        // The place's own kind where it says one (a parameter stays a parameter even when
        // a schema refers to it by mistake; the lowering warns about that reference),
        // else the kind the referring place needs.
        let schema_sites = schema_sites.get_or_insert_with(|| schema_site_pointers(document));
        let kind =
            site_kind(&tokens, schema_sites).or_else(|| site_kind(&reference.site, schema_sites));
        if let Some(kind) = kind {
            targets.entry(tokens).or_insert(kind);
        }
    }
    if targets.is_empty() {
        return;
    }
    // The deepest places first, so a place inside another is already a reference when
    // the outer one is moved.
    let mut order: Vec<(Vec<String>, &'static str)> = targets.into_iter().collect();
    order.sort_by_key(|(tokens, _)| std::cmp::Reverse(tokens.len()));
    let mut moved: BTreeMap<Vec<String>, String> = BTreeMap::new();
    for (tokens, kind) in order {
        if let Some(new_reference) = move_into_components(document, &tokens, kind) {
            moved.insert(tokens, new_reference);
        }
    }
    rewrite_references(document, &moved);
}

/// Replaces every path item given by a local `$ref` with a copy of the path item it
/// names (following chains), keeping the referring object's own `summary` and
/// `description`.
fn inline_path_item_references(document: &mut Value, diagnostics: &mut Diagnostics) {
    let Some(Value::Object(paths)) = document.get("paths") else {
        return;
    };
    let referring: Vec<String> = paths
        .iter()
        .filter(|(_, item)| {
            item.get("$ref")
                .and_then(Value::as_str)
                .is_some_and(|r| r.starts_with('#'))
        })
        .map(|(path, _)| path.clone())
        .collect();
    for path in referring {
        let at = pointer("#/paths", &path);
        let Some(item) = document.get("paths").and_then(|p| p.get(&path)).cloned() else {
            continue;
        };
        match resolve_path_item(document, &item) {
            Ok(mut resolved) => {
                if let (Value::Object(own), Value::Object(target)) = (&item, &mut resolved) {
                    for key in ["summary", "description"] {
                        if let Some(value) = own.get(key) {
                            target.insert(key.to_owned(), value.clone());
                        }
                    }
                }
                if let Some(Value::Object(paths)) = document.get_mut("paths") {
                    paths.insert(path, resolved);
                }
            }
            Err(message) => diagnostics.push(pointer(&at, "$ref"), message),
        }
    }
}

fn resolve_path_item(document: &Value, item: &Value) -> Result<Value, String> {
    let mut current = item.clone();
    for _ in 0..MAX_PATH_ITEM_HOPS {
        let Some(reference) = current.get("$ref").and_then(Value::as_str) else {
            return Ok(current);
        };
        if !reference.starts_with('#') {
            return Ok(current);
        }
        let tokens = reference_tokens(reference).unwrap_or_default();
        current = node_at(document, &tokens)
            .cloned()
            .ok_or_else(|| format!("path item reference `{reference}` points to nothing"))?;
    }
    Err(format!(
        "path item references longer than {MAX_PATH_ITEM_HOPS} hops: they form a cycle"
    ))
}

/// The pointer of every schema of the document.
fn schema_site_pointers(document: &mut Value) -> HashSet<String> {
    let mut sites = HashSet::default();
    walk::for_each_schema(document, &mut |_, at| {
        sites.insert(at.to_owned());
    });
    sites
}

/// Every `$ref` under `value` outside data (examples, defaults, enums, extensions) that
/// does not already name a component, with its place; `value` stands at `at` (keys
/// borrowed from the document, so the walk allocates only for array indices and for the
/// references it keeps). Most documents refer only to components, and keep none.
fn collect_references<'v>(value: &'v Value, at: &mut Vec<Cow<'v, str>>, out: &mut Vec<Reference>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref")
                && pointer::component(target).is_none()
            {
                out.push(Reference {
                    site: at.iter().map(|token| token.to_string()).collect(),
                    target: target.clone(),
                });
            }
            for (key, child) in map {
                if key == "$ref"
                    || key.starts_with("x-")
                    || is_data(key, child, at.last().map(|token| &**token))
                {
                    continue;
                }
                at.push(Cow::Borrowed(key));
                collect_references(child, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                at.push(Cow::Owned(index.to_string()));
                collect_references(child, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

/// Whether `key` holds data: example values, defaults, enum values. (`examples` of a
/// media type or parameter is a map of Example objects, which may be references; the
/// `examples` keyword of a 3.1 schema, a list, is data.) `value` is what `key` holds, and
/// `parent` the last key of the place of the object holding it.
fn is_data(key: &str, value: &Value, parent: Option<&str>) -> bool {
    if !DATA_KEYS.contains(&key) {
        return false;
    }
    if key == "examples" {
        return !value.is_object();
    }
    // A property named like a data key is a schema, and `responses/default` is a
    // response, not data.
    !matches!(parent, Some("properties" | "responses"))
}

/// The components table a reference at `site` belongs in, from where the referring
/// object stands.
fn site_kind(site: &[String], schema_sites: &HashSet<String>) -> Option<&'static str> {
    if schema_sites.contains(&from_tokens(site)) {
        return Some("schemas");
    }
    let tokens: Vec<&str> = site.iter().map(String::as_str).collect();
    Some(match tokens.as_slice() {
        [.., "parameters", index] if index.parse::<usize>().is_ok() => "parameters",
        [.., "requestBody"] => "requestBodies",
        [.., "responses", _] => "responses",
        [.., "headers", _] => "headers",
        [.., "examples", _] => "examples",
        [.., "links", _] => "links",
        [.., "callbacks", _] => "callbacks",
        [.., "securitySchemes", _] => "securitySchemes",
        _ => return None,
    })
}

/// Copies the place at `tokens` into `components/<kind>` under a name made from where it
/// stands, and leaves a reference to it in its place; returns that reference.
fn move_into_components(document: &mut Value, tokens: &[String], kind: &str) -> Option<String> {
    let value = node_at(document, tokens)?.clone();
    let wanted = component_name_for(document, tokens);
    let root = document.as_object_mut()?;
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    let table = components
        .as_object_mut()?
        .entry(kind)
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()?;
    let mut name = wanted.clone();
    let mut counter = 2;
    while table.contains_key(&name) {
        name = format!("{wanted}{counter}");
        counter += 1;
    }
    table.insert(name.clone(), value);
    let reference = from_tokens(&["components".to_owned(), kind.to_owned(), name]);
    let mut reference_object = Map::new();
    reference_object.insert("$ref".to_owned(), Value::String(reference.clone()));
    *node_at_mut(document, tokens)? = Value::Object(reference_object);
    Some(reference)
}

/// A component name for the place at `tokens`, in the words the lowering would name a
/// type there: the operation (its `operationId`, else method and path) or the
/// component, then `Request`, `Response`, a parameter's or property's name, `Item`.
fn component_name_for(document: &Value, tokens: &[String]) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        let token = tokens[index].as_str();
        match token {
            "paths" if index + 2 < tokens.len() + 1 => {
                let path = tokens.get(index + 1).cloned().unwrap_or_default();
                match tokens.get(index + 2) {
                    Some(method) if walk::METHODS.contains(&method.as_str()) => {
                        let operation_id = node_at(document, &tokens[..index + 3])
                            .and_then(|op| op.get("operationId"))
                            .and_then(Value::as_str);
                        words.push(match operation_id {
                            Some(id) => id.to_owned(),
                            None => format!("{method} {path}"),
                        });
                        index += 3;
                    }
                    _ => {
                        words.push(path);
                        index += 2;
                    }
                }
                continue;
            }
            "components" => {
                if let Some(name) = tokens.get(index + 2) {
                    words.push(name.clone());
                }
                index += 3;
                continue;
            }
            "requestBody" => words.push("Request".to_owned()),
            "responses" => {
                let status = tokens
                    .get(index + 1)
                    .map(String::as_str)
                    .unwrap_or_default();
                words.push(if status.starts_with('2') {
                    "Response".to_owned()
                } else {
                    format!("{status} Response")
                });
                index += 2;
                continue;
            }
            "properties" | "parameters" | "headers" => {
                if let Some(name) = tokens.get(index + 1) {
                    let name = if token == "parameters" {
                        node_at(document, &tokens[..index + 2])
                            .and_then(|p| p.get("name"))
                            .and_then(Value::as_str)
                            .unwrap_or(name)
                            .to_owned()
                    } else {
                        name.clone()
                    };
                    words.push(name);
                }
                index += 2;
                continue;
            }
            "items" => words.push("Item".to_owned()),
            "additionalProperties" => words.push("Value".to_owned()),
            "allOf" | "oneOf" | "anyOf" | "prefixItems" => {
                if let Some(position) = tokens.get(index + 1) {
                    words.push(format!("Variant {position}"));
                }
                index += 2;
                continue;
            }
            _ => {}
        }
        index += 1;
    }
    let name = naming::type_name(&words.join(" "));
    if name.is_empty() {
        "Shared".to_owned()
    } else {
        name
    }
}

/// Points every reference to a moved place at its new component.
fn rewrite_references(document: &mut Value, moved: &BTreeMap<Vec<String>, String>) {
    match document {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get_mut("$ref")
                && let Some(tokens) = reference_tokens(target)
                && let Some(new_reference) = moved.get(&tokens)
            {
                *target = new_reference.clone();
            }
            for (key, child) in map.iter_mut() {
                if key != "$ref" {
                    rewrite_references(child, moved);
                }
            }
        }
        Value::Array(items) => {
            for child in items {
                rewrite_references(child, moved);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn normalized(document: Value) -> (Value, Vec<crate::error::Diagnostic>) {
        let mut document = document;
        let mut diagnostics = Diagnostics::default();
        normalize_references(&mut document, &mut diagnostics);
        (document, diagnostics.into_result().unwrap_or_default())
    }

    #[test]
    fn a_schema_under_a_path_becomes_a_component() {
        let (document, _) = normalized(json!({
            "paths": {"/a": {"get": {"operationId": "getA", "responses": {"200": {"content": {"application/json": {"schema": {
                "type": "object", "properties": {"child": {"$ref": "#/paths/~1a/get/responses/200/content/application~1json/schema"}}
            }}}}}}}},
            "components": {"schemas": {"B": {"$ref": "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/child"}}}
        }));
        let schema = &document["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]
            ["schema"];
        assert_eq!(
            schema,
            &json!({"$ref": "#/components/schemas/GetAResponse"})
        );
        let moved = &document["components"]["schemas"]["GetAResponse"];
        // The recursive reference now points at the component itself.
        assert_eq!(
            moved["properties"]["child"],
            json!({"$ref": "#/components/schemas/GetAResponseChild"})
        );
        assert_eq!(
            document["components"]["schemas"]["GetAResponseChild"],
            json!({"$ref": "#/components/schemas/GetAResponse"})
        );
        assert_eq!(
            document["components"]["schemas"]["B"],
            json!({"$ref": "#/components/schemas/GetAResponseChild"})
        );
    }

    #[test]
    fn a_parameter_of_another_path_becomes_a_component() {
        let (document, _) = normalized(json!({"paths": {
            "/a": {"get": {"parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}]}},
            "/b": {"get": {"parameters": [{"$ref": "#/paths/~1a/get/parameters/0"}]}}
        }}));
        assert_eq!(
            document["paths"]["/b"]["get"]["parameters"][0],
            json!({"$ref": "#/components/parameters/GetALimit"})
        );
        assert_eq!(
            document["components"]["parameters"]["GetALimit"]["name"],
            json!("limit")
        );
    }

    #[test]
    fn path_item_references_are_inlined() {
        let (document, warnings) = normalized(json!({"paths": {
            "/a": {"get": {"operationId": "a"}},
            "/b": {"$ref": "#/paths/~1a", "summary": "B"},
            "/c": {"$ref": "#/components/pathItems/C"}
        }, "components": {"pathItems": {"C": {"$ref": "#/paths/~1b"}}}}));
        assert!(warnings.is_empty());
        assert_eq!(
            document["paths"]["/b"],
            json!({"get": {"operationId": "a"}, "summary": "B"})
        );
        assert_eq!(document["paths"]["/c"]["get"]["operationId"], json!("a"));
    }

    #[test]
    fn a_default_response_by_reference_into_paths_becomes_a_component() {
        let (document, _) = normalized(json!({"paths": {
            "/a": {"get": {"responses": {"default": {"$ref": "#/components/responses/Oops"}}}},
            "/b": {"get": {"responses": {"default": {"$ref": "#/paths/~1a/get/responses/default"}}}}
        }, "components": {"responses": {"Oops": {"description": "oops"}}}}));
        assert_eq!(
            document["paths"]["/b"]["get"]["responses"]["default"],
            json!({"$ref": "#/components/responses/GetADefaultResponse"})
        );
    }

    #[test]
    fn references_in_examples_are_data() {
        let input = json!({"components": {"schemas": {"A": {
            "type": "object", "example": {"$ref": "#/nowhere"}
        }}}});
        let (document, warnings) = normalized(input.clone());
        assert_eq!(document, input);
        assert!(warnings.is_empty());
    }
}
