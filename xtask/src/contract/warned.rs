//! Which of the generator's warnings concern which operation, so that the check can test
//! the rule the generator promises: an operation generated without a warning works. A
//! warning concerns an operation when its JSON pointer is inside the operation, inside
//! the operation's path item but outside its other operations (path-level parameters, a
//! fragment in the key), or inside a component the operation reaches through `$ref`s
//! (its parameters', bodies' and answers' schemas, transitively). A component of a
//! Swagger 2.0 document is matched under its 2.0 name too (`#/definitions/X` for
//! `#/components/schemas/X`), since the loader warns at the places the 2.0 text has.
//! Warnings located in other files of a document in several files match nothing.

use std::collections::BTreeSet;

use serde_json::Value;

use super::values::escape_pointer as escape;

/// The keys of a path item that are operations.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// For each operation (its path key and lower-case method), the pointers of the
/// warnings that concern it, in the warnings' order.
pub(crate) fn warnings_per_operation(
    document: &Value,
    operations: &[(String, String)],
    warnings: &[String],
) -> Vec<Vec<String>> {
    operations
        .iter()
        .map(|(path, method)| {
            let reached = reached_components(document, path, method);
            let item = format!("#/paths/{}", escape(path));
            warnings
                .iter()
                .filter(|warning| {
                    in_item(warning, &item, method)
                        || reached
                            .iter()
                            .any(|component| is_within(warning, component))
                })
                .cloned()
                .collect()
        })
        .collect()
}

/// Whether `pointer` is at `item` (a path item) or inside it, but not inside one of its
/// operations other than `method`.
fn in_item(pointer: &str, item: &str, method: &str) -> bool {
    if pointer == item {
        return true;
    }
    let Some(rest) = pointer.strip_prefix(item).and_then(|r| r.strip_prefix('/')) else {
        return false;
    };
    let first = rest.split('/').next().unwrap_or_default();
    first == method || !METHODS.contains(&first)
}

/// Whether `pointer` is `at` or inside it.
fn is_within(pointer: &str, at: &str) -> bool {
    pointer
        .strip_prefix(at)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The components (as pointers, with their Swagger 2.0 names beside) that the operation
/// and its path item's parameters reach through local references, and the security
/// schemes it may use.
fn reached_components(document: &Value, path: &str, method: &str) -> BTreeSet<String> {
    let mut reached = BTreeSet::new();
    let Some(item) = document.get("paths").and_then(|paths| paths.get(path)) else {
        return reached;
    };
    let mut pending: Vec<&Value> = Vec::new();
    if let Some(operation) = item.get(method) {
        pending.push(operation);
        let security = operation
            .get("security")
            .or_else(|| document.get("security"));
        for requirement in security.and_then(Value::as_array).into_iter().flatten() {
            for scheme in requirement.as_object().into_iter().flat_map(|o| o.keys()) {
                reached.insert(format!("#/components/securitySchemes/{}", escape(scheme)));
            }
        }
    }
    pending.extend(item.get("parameters"));
    while let Some(value) = pending.pop() {
        match value {
            Value::Object(object) => {
                if let Some(Value::String(target)) = object.get("$ref")
                    && let Some(pointer) = target.strip_prefix('#')
                    && !reached.contains(target.as_str())
                    && let Some(found) = document.pointer(pointer)
                {
                    reached.insert(target.clone());
                    pending.push(found);
                }
                pending.extend(object.values());
            }
            Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
    let swagger2: Vec<String> = reached.iter().filter_map(|at| swagger2_name(at)).collect();
    reached.extend(swagger2);
    reached
}

/// The Swagger 2.0 place of an OpenAPI 3.0 component.
fn swagger2_name(at: &str) -> Option<String> {
    [
        ("#/components/schemas/", "#/definitions/"),
        ("#/components/parameters/", "#/parameters/"),
        ("#/components/responses/", "#/responses/"),
        ("#/components/securitySchemes/", "#/securityDefinitions/"),
    ]
    .iter()
    .find_map(|(v3, v2)| at.strip_prefix(v3).map(|name| format!("{v2}{name}")))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_warning_concerns_the_operations_that_reach_its_place() {
        let document = json!({
            "paths": {
                "/a/{id}": {
                    "parameters": [{"$ref": "#/components/parameters/Id"}],
                    "get": {"responses": {"200": {"content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/List"}}}}}},
                    "post": {"requestBody": {"content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Other"}}}}}
                }
            },
            "components": {
                "parameters": {"Id": {"name": "id", "in": "path", "schema": {"type": "string"}}},
                "schemas": {
                    "List": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
                    "Item": {"type": "object", "required": ["x"]},
                    "Other": {"type": "object"}
                }
            }
        });
        let operations = [
            ("/a/{id}".to_owned(), "get".to_owned()),
            ("/a/{id}".to_owned(), "post".to_owned()),
        ];
        let warnings = [
            // Reached by the GET only, through `List`.
            "#/components/schemas/Item/required".to_owned(),
            // The same component by its Swagger 2.0 name.
            "#/definitions/Item".to_owned(),
            // A path-level parameter: both.
            "#/components/parameters/Id/schema".to_owned(),
            // Inside the POST only.
            "#/paths/~1a~1{id}/post/requestBody".to_owned(),
            // The path key itself: both.
            "#/paths/~1a~1{id}".to_owned(),
            // A name that only begins like a reached one: neither.
            "#/components/schemas/ItemList".to_owned(),
            // Another file's: neither.
            "other.yaml#/components/schemas/Item".to_owned(),
        ];
        let found = warnings_per_operation(&document, &operations, &warnings);
        assert_eq!(
            found[0],
            [
                "#/components/schemas/Item/required",
                "#/definitions/Item",
                "#/components/parameters/Id/schema",
                "#/paths/~1a~1{id}",
            ]
        );
        assert_eq!(
            found[1],
            [
                "#/components/parameters/Id/schema",
                "#/paths/~1a~1{id}/post/requestBody",
                "#/paths/~1a~1{id}",
            ]
        );
    }

    #[test]
    fn references_that_form_a_cycle_are_followed_once() {
        let document = json!({
            "paths": {"/n": {"get": {"responses": {"200": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Node"}}}}}}}},
            "components": {"schemas": {"Node": {"type": "object", "properties": {
                "next": {"$ref": "#/components/schemas/Node"}}}}}
        });
        let operations = [("/n".to_owned(), "get".to_owned())];
        let warnings = ["#/components/schemas/Node/properties/next".to_owned()];
        let found = warnings_per_operation(&document, &operations, &warnings);
        assert_eq!(found[0], ["#/components/schemas/Node/properties/next"]);
    }
}
