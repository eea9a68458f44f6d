//! Schema keywords OpenAPI 3.0 does not have -> their closest 3.0 form, on the document as
//! JSON: the JSON Schema 2020-12 that OpenAPI 3.1 schemas are written in, and the same
//! keywords (with a few old mistakes) when a 3.0 document uses them.
//!
//! Two passes go over every schema. The first rewrites keywords where they stand and
//! reports, so every warning points into the document as it was written. The second moves
//! subschemas (a type list split into `anyOf`, `null` members taken out of a union, a
//! tuple's members gathered into `items`, `$ref` siblings wrapped in `allOf`) and reports
//! nothing: the first pass has already reported what the second will do.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use super::walk;
use crate::error::{Diagnostics, pointer};
use crate::parallel;

/// How many times a union may be collapsed into its holder in one visit (a member merged
/// into its holder may bring a union of its own).
const MAX_UNION_COLLAPSES: usize = 16;

/// The specification a document claims: it decides which keywords are rewritten and what
/// a rewrite is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// OpenAPI 3.0: a JSON Schema keyword it lacks is a mistake, reported wherever it is.
    OpenApi30,
    /// OpenAPI 3.1: its keywords are lowered; only a lowering that changes what a schema
    /// accepts is reported.
    OpenApi31,
}

/// Reads the JSON Schema keywords a 3.0 document uses by mistake (`type` lists, `null`
/// types, `const`, numeric exclusive bounds, boolean schemas, `required: true` on a
/// property, `nullable: "true"`) as their 3.0 forms, each with a warning.
pub(crate) fn fix_common_mistakes(document: &mut Value, diagnostics: &mut Diagnostics) {
    rewrite_keywords(document, Dialect::OpenApi30, diagnostics);
    restructure(document, Dialect::OpenApi30, &BTreeSet::new());
}

/// First pass over every schema of the document: keywords rewritten where they stand.
pub(crate) fn rewrite_keywords(
    document: &mut Value,
    dialect: Dialect,
    diagnostics: &mut Diagnostics,
) {
    // Each part is rewritten on its own (the rewriter looks at one schema at a time), on
    // as many threads as the machine has; what each reports comes back in the walk's order.
    let found = parallel::map_ordered_mut(&mut walk::parts(document), |part| {
        let mut found = Diagnostics::default();
        rewrite_part(part, dialect, &mut found);
        found
    });
    for found in found {
        diagnostics.append(found);
    }
}

/// The first pass over one part.
fn rewrite_part(part: &mut walk::Part<'_>, dialect: Dialect, diagnostics: &mut Diagnostics) {
    let mut rewriter = Rewriter {
        dialect,
        diagnostics,
    };
    part.walk(&mut |value, at, keyword| rewriter.rewrite(value, at, keyword));
}

/// First pass over one schema held apart from the document (a `$defs` entry on its way
/// to the components), reporting at `at`, where it was written.
pub(crate) fn rewrite_schema_keywords(
    schema: &mut Value,
    at: &str,
    keyword: Option<&str>,
    dialect: Dialect,
    diagnostics: &mut Diagnostics,
) {
    let mut rewriter = Rewriter {
        dialect,
        diagnostics,
    };
    walk::walk_schema_value(schema, at, keyword, &mut |value, at, keyword| {
        rewriter.rewrite(value, at, keyword);
    });
}

/// Second pass over every schema of the document: subschemas moved into their 3.0 places.
/// `nullable_components` names the component schemas that accept `null`, which a `$ref`
/// wrapped in `allOf` must say again (3.0 reads `nullable` only beside a type).
pub(crate) fn restructure(
    document: &mut Value,
    dialect: Dialect,
    nullable_components: &BTreeSet<String>,
) {
    parallel::map_ordered_mut(&mut walk::parts(document), |part| {
        restructure_part(part, dialect, nullable_components);
    });
}

/// The second pass over one part.
fn restructure_part(
    part: &mut walk::Part<'_>,
    dialect: Dialect,
    nullable_components: &BTreeSet<String>,
) {
    part.walk(&mut |value, _, keyword| {
        restructure_one(value, keyword, dialect, nullable_components);
    });
}

/// The second pass on one schema position.
fn restructure_one(
    value: &mut Value,
    keyword: Option<&str>,
    dialect: Dialect,
    nullable_components: &BTreeSet<String>,
) {
    if let Value::Object(map) = value {
        take_out_null_members(map, dialect);
        // These concern keywords 3.0 ignores, or a union of members that are valid
        // 3.0 as written: a 3.0 document keeps them. They run before the type list is
        // split, so that what they make goes with the type it belongs to.
        if dialect == Dialect::OpenApi31 {
            lift_member_nullability(map);
            gather_tuple(map);
            gather_pattern_properties(map);
            move_unevaluated_properties(map);
        }
        split_type_list(map);
        if dialect == Dialect::OpenApi31 {
            wrap_ref_siblings(map, keyword, nullable_components);
        }
    }
}

/// Keywords that describe a schema without constraining its values.
pub(crate) fn is_annotation(key: &str) -> bool {
    matches!(
        key,
        "title"
            | "description"
            | "default"
            | "example"
            | "examples"
            | "deprecated"
            | "readOnly"
            | "writeOnly"
            | "externalDocs"
            | "xml"
            | "$comment"
    ) || key.starts_with("x-")
}

/// The first pass: rewrites one schema's keywords and reports what it did.
struct Rewriter<'d> {
    dialect: Dialect,
    diagnostics: &'d mut Diagnostics,
}

impl Rewriter<'_> {
    /// A rewrite that keeps what the schema accepts: a mistake in a 3.0 document, silent
    /// in 3.1.
    fn exact(&mut self, at: &str, what: &str, read_as: &str) {
        if self.dialect == Dialect::OpenApi30 {
            self.diagnostics.warn(
                at,
                format!("{what} is not valid in OpenAPI 3.0; read as {read_as}"),
            );
        }
    }

    /// A rewrite that changes what the schema accepts.
    fn fallback(&mut self, at: &str, what: &str, read_as: &str) {
        let message = match self.dialect {
            Dialect::OpenApi30 => format!("{what} is not valid in OpenAPI 3.0; read as {read_as}"),
            Dialect::OpenApi31 => format!("{what} has no OpenAPI 3.0 form; read as {read_as}"),
        };
        self.diagnostics.warn(at, message);
    }

    /// Something no version of OpenAPI allows, read the way its author meant it.
    fn mistake(&mut self, at: &str, what: &str, read_as: &str) {
        let version = match self.dialect {
            Dialect::OpenApi30 => "3.0",
            Dialect::OpenApi31 => "3.1",
        };
        self.diagnostics.warn(
            at,
            format!("{what} is not valid in OpenAPI {version}; read as {read_as}"),
        );
    }

    /// One value where a schema may stand.
    fn rewrite(&mut self, value: &mut Value, at: &str, keyword: Option<&str>) {
        match value {
            // `additionalProperties: true|false` is OpenAPI 3.0 as it is.
            Value::Bool(accepts) if keyword != Some("additionalProperties") => {
                let accepts = *accepts;
                *value = if accepts {
                    json!({})
                } else {
                    json!({"not": {}})
                };
                let read_as = if accepts {
                    "`{}` (any value)"
                } else {
                    "`not: {}` (no value)"
                };
                self.exact(at, &format!("the boolean schema `{accepts}`"), read_as);
            }
            Value::Object(map) => {
                // A `null` member of a union is taken out by its holder's second pass.
                if matches!(keyword, Some("anyOf" | "oneOf")) && is_null_schema(map, self.dialect) {
                    return;
                }
                self.rewrite_object(map, at);
            }
            _ => {}
        }
    }

    fn rewrite_object(&mut self, map: &mut Map<String, Value>, at: &str) {
        self.fix_nullable_text(map, at);
        self.fix_required_flags(map, at);
        self.rewrite_type(map, at);
        self.rewrite_const(map, at);
        self.rewrite_exclusive_bounds(map, at);
        self.mark_null_members(map, at);
        if self.dialect == Dialect::OpenApi31 {
            integral_bounds(map);
            rewrite_examples(map);
            rewrite_content_keywords(map);
            self.drop_json_schema_keywords(map, at);
            self.report_moves(map, at);
        }
    }

    /// `nullable: "true"` (a string) -> `nullable: true`.
    fn fix_nullable_text(&mut self, map: &mut Map<String, Value>, at: &str) {
        let written = match map.get("nullable") {
            None | Some(Value::Bool(_)) => return,
            Some(other) => other.clone(),
        };
        let flag = match &written {
            Value::String(text) if text.trim().eq_ignore_ascii_case("true") => Some(true),
            Value::String(text) if text.trim().eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        };
        let what = format!("`nullable: {written}`, not a boolean,");
        match flag {
            Some(flag) => {
                map.insert("nullable".to_owned(), Value::Bool(flag));
                self.mistake(at, &what, &format!("`nullable: {flag}`"));
            }
            None => {
                map.shift_remove("nullable");
                self.mistake(at, &what, "no `nullable`");
            }
        }
    }

    /// `required: true` inside a property's schema -> the property's name in the holder's
    /// `required` list.
    fn fix_required_flags(&mut self, map: &mut Map<String, Value>, at: &str) {
        // A property's flag is taken by its holder, visited first; one left here stands
        // on a schema that is no property.
        if let Some(Value::Bool(flag)) = map.get("required") {
            let flag = *flag;
            map.shift_remove("required");
            self.mistake(
                at,
                &format!("`required: {flag}` on a schema that is not a property"),
                "no `required`",
            );
        }
        let Some(Value::Object(properties)) = map.get_mut("properties") else {
            return;
        };
        let mut required = Vec::new();
        for (name, property) in properties.iter_mut() {
            let Value::Object(property) = property else {
                continue;
            };
            let Some(Value::Bool(flag)) = property.get("required") else {
                continue;
            };
            let flag = *flag;
            property.shift_remove("required");
            let property_at = pointer(&pointer(at, "properties"), name);
            if flag {
                required.push(name.clone());
                let read_as = format!("`{name}` listed in the `required` of the object holding it");
                self.mistake(
                    &property_at,
                    "`required: true` on a property's schema",
                    &read_as,
                );
            } else {
                let read_as = "an optional property (the `required` list of the object decides)";
                self.mistake(
                    &property_at,
                    "`required: false` on a property's schema",
                    read_as,
                );
            }
        }
        if required.is_empty() {
            return;
        }
        let list = map
            .entry("required")
            .or_insert_with(|| Value::Array(Vec::new()));
        if !list.is_array() {
            *list = Value::Array(Vec::new());
        }
        if let Value::Array(list) = list {
            for name in required {
                if !list.iter().any(|listed| listed.as_str() == Some(&name)) {
                    list.push(Value::String(name));
                }
            }
        }
    }

    /// `type: [T, "null"]` -> `type: T` + `nullable: true`; several types stay a list for
    /// the second pass to split; `type: "null"` alone has no 3.0 form.
    fn rewrite_type(&mut self, map: &mut Map<String, Value>, at: &str) {
        let (written, was_list) = match map.get("type") {
            Some(Value::Array(list)) => (list.iter().filter_map(Value::as_str).collect(), true),
            Some(Value::String(name)) if name == "null" => (vec!["null"], false),
            _ => return,
        };
        let nullable = written.contains(&"null");
        let mut types: Vec<String> = Vec::new();
        for name in written {
            if name != "null" && !types.iter().any(|t| t == name) {
                types.push(name.to_owned());
            }
        }
        if nullable {
            map.insert("nullable".to_owned(), Value::Bool(true));
        }
        match types.as_slice() {
            [] => {
                map.shift_remove("type");
                if nullable {
                    self.read_as_only_null(map, at, "`type: \"null\"`");
                } else {
                    self.fallback(at, "`type: []` (no type)", "any value");
                }
            }
            [single] => {
                let read_as = if nullable {
                    format!("`type: {single}` with `nullable: true`")
                } else {
                    format!("`type: {single}`")
                };
                map.insert("type".to_owned(), Value::String(single.clone()));
                if was_list {
                    self.exact(at, "`type` as a list", &read_as);
                }
            }
            several => {
                let read_as = format!(
                    "`anyOf` with one schema per type{}",
                    if nullable {
                        ", with `nullable: true`"
                    } else {
                        ""
                    }
                );
                let list = several.iter().cloned().map(Value::String).collect();
                map.insert("type".to_owned(), Value::Array(list));
                self.exact(at, "`type` as a list", &read_as);
            }
        }
    }

    /// A schema that accepts only `null`: OpenAPI 3.0 has no type for it.
    fn read_as_only_null(&mut self, map: &mut Map<String, Value>, at: &str, what: &str) {
        map.insert("nullable".to_owned(), Value::Bool(true));
        if !map.contains_key("enum") {
            map.insert("enum".to_owned(), json!([null]));
        }
        self.fallback(
            at,
            what,
            "`nullable: true` with `enum: [null]`, a value that can only be null (any JSON value in Rust)",
        );
    }

    /// `const: v` -> `enum: [v]`, with the type `v` has when the schema names none.
    fn rewrite_const(&mut self, map: &mut Map<String, Value>, at: &str) {
        let Some(value) = map.get("const").cloned() else {
            return;
        };
        if value.is_null() {
            map.shift_remove("const");
            map.shift_remove("enum");
            self.read_as_only_null(map, at, "`const: null`");
            return;
        }
        // `const` accepts one value, so that value's type is the schema's type: without it
        // 3.0 would read an untyped enum, which the generator can only give as any JSON.
        if !map.contains_key("type")
            && let Some(name) = json_type(&value)
        {
            map.insert("type".to_owned(), Value::String(name.to_owned()));
        }
        let read_as = format!("`enum: [{value}]`");
        rename_key(map, "const", "enum", Value::Array(vec![value]));
        self.exact(at, "`const`", &read_as);
    }

    /// `exclusiveMinimum: n` (a number, as in JSON Schema) -> `minimum: n` +
    /// `exclusiveMinimum: true`, or nothing when `minimum` is already the stricter bound;
    /// the same for the maximum.
    fn rewrite_exclusive_bounds(&mut self, map: &mut Map<String, Value>, at: &str) {
        let bounds = [
            ("exclusiveMinimum", "minimum", std::cmp::Ordering::Greater),
            ("exclusiveMaximum", "maximum", std::cmp::Ordering::Less),
        ];
        for (exclusive, inclusive, stricter) in bounds {
            let Some(Value::Number(limit)) = map.get(exclusive).cloned() else {
                continue;
            };
            let inclusive_is_stricter = map
                .get(inclusive)
                .and_then(Value::as_f64)
                .zip(limit.as_f64())
                .is_some_and(|(bound, limit)| bound.partial_cmp(&limit) == Some(stricter));
            let read_as = if inclusive_is_stricter {
                map.shift_remove(exclusive);
                format!("`{inclusive}` alone, the stricter bound")
            } else {
                if map.contains_key(inclusive) {
                    map.insert(inclusive.to_owned(), Value::Number(limit.clone()));
                    map.insert(exclusive.to_owned(), Value::Bool(true));
                } else {
                    rename_key(map, exclusive, inclusive, Value::Number(limit.clone()));
                    map.insert(exclusive.to_owned(), Value::Bool(true));
                }
                format!("`{inclusive}: {limit}` with `{exclusive}: true`")
            };
            let what = format!("`{exclusive}: {limit}` (a number)");
            self.exact(at, &what, &read_as);
        }
    }

    /// A union with `null` members accepts `null`: the schema is marked `nullable` now,
    /// and the second pass takes the members out.
    fn mark_null_members(&mut self, map: &mut Map<String, Value>, at: &str) {
        let mut found = false;
        for key in ["anyOf", "oneOf"] {
            let Some(Value::Array(members)) = map.get(key) else {
                continue;
            };
            let nulls: Vec<usize> = members
                .iter()
                .enumerate()
                .filter(|(_, member)| {
                    member
                        .as_object()
                        .is_some_and(|member| is_null_schema(member, self.dialect))
                })
                .map(|(index, _)| index)
                .collect();
            if nulls.is_empty() {
                continue;
            }
            found = true;
            let key_at = pointer(at, key);
            if nulls.len() == members.len() {
                self.fallback(
                    &key_at,
                    &format!("`{key}` whose members are all `null`"),
                    "`nullable: true` with `enum: [null]`, a value that can only be null (any JSON value in Rust)",
                );
                continue;
            }
            for index in nulls {
                self.exact(
                    &pointer(&key_at, &index.to_string()),
                    &format!("a `null` member of `{key}`"),
                    "`nullable: true` on the schema holding the union",
                );
            }
        }
        if found {
            map.insert("nullable".to_owned(), Value::Bool(true));
        }
    }

    /// Keywords of JSON Schema that 3.0 lacks and that no Rust type expresses: left out,
    /// with a warning only where the type loses something a value may carry.
    fn drop_json_schema_keywords(&mut self, map: &mut Map<String, Value>, at: &str) {
        // Identifiers and comments, and assertions that only narrow which values are
        // valid: the Rust type accepts a little more, as it does for `pattern`.
        for key in [
            "$schema",
            "$id",
            "$anchor",
            "$dynamicAnchor",
            "$comment",
            "$vocabulary",
            "dependentRequired",
            "propertyNames",
            "contains",
            "minContains",
            "maxContains",
            "dependencies",
        ] {
            map.shift_remove(key);
        }
        if tuple_plan(map).is_none() {
            map.shift_remove("additionalItems");
            map.shift_remove("unevaluatedItems");
        }
        map.shift_remove("if");
        let conditional: Vec<Value> = ["then", "else"]
            .iter()
            .filter_map(|key| map.shift_remove(*key))
            .collect();
        if conditional.iter().any(declares_properties) {
            self.fallback(
                at,
                "`if`/`then`/`else`",
                "the schema without them: properties only `then` or `else` declare are not fields of the type",
            );
        }
        if let Some(dependent) = map.shift_remove("dependentSchemas")
            && dependent
                .as_object()
                .is_some_and(|schemas| schemas.values().any(declares_properties))
        {
            self.fallback(
                at,
                "`dependentSchemas`",
                "the schema without them: properties only they declare are not fields of the type",
            );
        }
        // A `$dynamicRef` that names a `$dynamicAnchor` of the document has been turned
        // into a `$ref` already; one left here cannot be followed.
        if let Some(target) = map.shift_remove("$dynamicRef") {
            let target = target
                .as_str()
                .map_or_else(|| target.to_string(), str::to_owned);
            self.fallback(
                at,
                &format!("`$dynamicRef: {target}`"),
                "a schema without it (any value where it stood alone)",
            );
        }
    }

    /// Warnings for what the second pass will move in a way that changes the type.
    fn report_moves(&mut self, map: &Map<String, Value>, at: &str) {
        if let Some(plan) = tuple_plan(map) {
            let read_as = match plan.rest {
                Rest::Any => "an array of any JSON values (items past the tuple may be anything)",
                Rest::Closed | Rest::Schema(_) => {
                    "an array whose items may be any of the tuple's item schemas"
                }
            };
            self.fallback(at, &format!("a tuple (`{}`)", plan.keyword), read_as);
        }
        if pattern_values(map).is_some() {
            self.fallback(
                at,
                "`patternProperties`",
                "`additionalProperties` whose values may be any of the patterns' schemas (keys are not checked against the patterns)",
            );
        }
        if let Some(Unevaluated::Approximate(_)) = unevaluated_plan(map) {
            self.fallback(
                at,
                "`unevaluatedProperties` beside `allOf`/`anyOf`/`oneOf`",
                "`additionalProperties`, which does not see the properties the members declare",
            );
        }
    }
}

/// A schema that accepts only `null` (`type: "null"`, `const: null`, `enum: [null]`),
/// with nothing else than annotations beside. In a 3.0 document `enum: [null]` (with
/// `nullable: true`) is how 3.0 itself says it, so it is left as written there.
fn is_null_schema(map: &Map<String, Value>, dialect: Dialect) -> bool {
    let null_enum = dialect == Dialect::OpenApi31
        && map
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| !values.is_empty() && values.iter().all(Value::is_null));
    let says_null = match map.get("type") {
        Some(Value::String(name)) => name == "null",
        Some(Value::Array(list)) => !list.is_empty() && list.iter().all(|t| t == "null"),
        _ => false,
    } || map.get("const").is_some_and(Value::is_null)
        || null_enum;
    says_null
        && map.keys().all(|key| {
            matches!(key.as_str(), "type" | "const" | "enum" | "nullable") || is_annotation(key)
        })
}

/// The JSON Schema type of a value.
fn json_type(value: &Value) -> Option<&'static str> {
    match value {
        Value::Null => None,
        Value::Bool(_) => Some("boolean"),
        Value::Number(number) if number.is_i64() || number.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        Value::String(_) => Some("string"),
        Value::Array(_) => Some("array"),
        Value::Object(_) => Some("object"),
    }
}

/// Whether a value is of a JSON Schema type (an integral number is an integer).
fn has_type(value: &Value, name: &str) -> bool {
    match name {
        "integer" => {
            value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|n| n.fract() == 0.0)
        }
        "number" => value.is_number(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    }
}

/// Replaces the entry `old` by `new: value` where `old` stood, keeping the document's key
/// order; an existing `new` entry is replaced. Without `old`, `new` is added at the end.
fn rename_key(map: &mut Map<String, Value>, old: &str, new: &str, value: Value) {
    let mut value = Some(value);
    for (key, current) in std::mem::take(map) {
        if key == old {
            if let Some(value) = value.take() {
                map.insert(new.to_owned(), value);
            }
        } else if key != new {
            map.insert(key, current);
        }
    }
    if let Some(value) = value {
        map.insert(new.to_owned(), value);
    }
}

/// Adds members to the schema's `allOf`, making one if there is none.
fn append_all_of(map: &mut Map<String, Value>, members: Vec<Value>) {
    match map.get_mut("allOf") {
        Some(Value::Array(list)) => list.extend(members),
        _ => {
            map.insert("allOf".to_owned(), Value::Array(members));
        }
    }
}

/// `true` or `{}`.
fn accepts_anything(value: &Value) -> bool {
    match value {
        Value::Bool(flag) => *flag,
        Value::Object(map) => map.is_empty(),
        _ => false,
    }
}

/// `false` or `{not: {}}`.
fn accepts_nothing(value: &Value) -> bool {
    match value {
        Value::Bool(flag) => !*flag,
        Value::Object(map) => map.len() == 1 && map.get("not").is_some_and(accepts_anything),
        _ => false,
    }
}

/// Whether a subschema declares properties of its own.
fn declares_properties(schema: &Value) -> bool {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|properties| !properties.is_empty())
}

/// The same values in their first order, without repeats.
fn without_repeats(values: Vec<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::with_capacity(values.len());
    for value in values {
        if !out.contains(&value) {
            out.push(value);
        }
    }
    out
}

/// One schema for values that may match any of `members`.
fn union_of(members: Vec<Value>) -> Value {
    let mut members = without_repeats(members);
    match members.len() {
        0 => json!({"not": {}}),
        1 => members.pop().unwrap_or_default(),
        _ => json!({"anyOf": members}),
    }
}

/// `minimum: 9.0` on an integer -> `minimum: 9` (some tools write every bound as a float;
/// 3.0 readers take an integer's bounds as integers).
fn integral_bounds(map: &mut Map<String, Value>) {
    if map.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    for key in ["minimum", "maximum", "multipleOf"] {
        let Some(Value::Number(number)) = map.get(key) else {
            continue;
        };
        if number.is_f64()
            && let Some(float) = number.as_f64()
            && float.fract() == 0.0
            && float.abs() < 9.0e15
        {
            // Exact: the value is integral and well inside the range an f64 holds exactly.
            let integer = float as i64;
            map.insert(key.to_owned(), Value::from(integer));
        }
    }
}

/// `examples: [a, b]` -> `example: a` (3.0 schemas hold one example).
fn rewrite_examples(map: &mut Map<String, Value>) {
    let first = match map.get("examples") {
        Some(Value::Array(list)) => list.first().cloned(),
        _ => None,
    };
    match first {
        Some(first) if !map.contains_key("example") => {
            rename_key(map, "examples", "example", first)
        }
        _ => {
            map.shift_remove("examples");
        }
    }
}

/// `contentEncoding: base64` -> `format: byte`; `contentMediaType` of binary content ->
/// `format: binary`; other content keywords are left out (the value is a string either way).
fn rewrite_content_keywords(map: &mut Map<String, Value>) {
    let encoding = map.shift_remove("contentEncoding");
    let media = map.shift_remove("contentMediaType");
    map.shift_remove("contentSchema");
    if map.contains_key("format") {
        return;
    }
    let format = match (
        encoding.as_ref().and_then(Value::as_str),
        media.as_ref().and_then(Value::as_str),
    ) {
        (Some(encoding), _) if encoding.eq_ignore_ascii_case("base64") => "byte",
        (None, Some(media)) if is_binary_media(media) => "binary",
        _ => return,
    };
    map.insert("format".to_owned(), Value::String(format.to_owned()));
    // The content keywords describe strings; without `type` 3.0 would read any JSON.
    if !map.contains_key("type") {
        map.insert("type".to_owned(), Value::String("string".to_owned()));
    }
}

/// Whether a media type is bytes rather than text.
fn is_binary_media(media: &str) -> bool {
    let essence = media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let textual = essence.starts_with("text/")
        || essence.ends_with("json")
        || essence.ends_with("xml")
        || essence.ends_with("yaml")
        || matches!(
            essence.as_str(),
            "application/x-www-form-urlencoded" | "application/javascript"
        );
    !textual
}

/// What may follow a tuple's listed items.
#[derive(Debug)]
enum Rest {
    /// Nothing: `items: false`, or `maxItems` no larger than the tuple.
    Closed,
    /// Items of this schema.
    Schema(Value),
    /// Anything.
    Any,
}

/// A tuple: `prefixItems` (or the 2019 form, `items` as a list) and what may follow.
#[derive(Debug)]
struct TuplePlan {
    keyword: &'static str,
    members: Vec<Value>,
    rest: Rest,
}

/// The tuple a schema describes, if any.
fn tuple_plan(map: &Map<String, Value>) -> Option<TuplePlan> {
    let (keyword, members, rest_keys) = match (map.get("prefixItems"), map.get("items")) {
        (Some(Value::Array(members)), _) => ("prefixItems", members, ["items", "unevaluatedItems"]),
        (_, Some(Value::Array(members))) => {
            ("items", members, ["additionalItems", "unevaluatedItems"])
        }
        _ => return None,
    };
    let bounded = map
        .get("maxItems")
        .and_then(Value::as_u64)
        .is_some_and(|max| usize::try_from(max).is_ok_and(|max| max <= members.len()));
    let rest = match rest_keys.iter().find_map(|key| map.get(*key)) {
        _ if bounded => Rest::Closed,
        Some(rest) if accepts_nothing(rest) => Rest::Closed,
        Some(rest) if accepts_anything(rest) => Rest::Any,
        Some(rest) => Rest::Schema(rest.clone()),
        None => Rest::Any,
    };
    Some(TuplePlan {
        keyword,
        members: members.clone(),
        rest,
    })
}

/// A tuple -> an array whose items may be any of the tuple's schemas (or anything).
fn gather_tuple(map: &mut Map<String, Value>) {
    let Some(plan) = tuple_plan(map) else {
        return;
    };
    let items = match plan.rest {
        Rest::Any => json!({}),
        Rest::Closed => union_of(plan.members),
        Rest::Schema(rest) => {
            let mut members = plan.members;
            members.push(rest);
            union_of(members)
        }
    };
    rename_key(map, plan.keyword, "items", items);
    map.shift_remove("additionalItems");
    map.shift_remove("unevaluatedItems");
}

/// The `additionalProperties` that stands for a schema's `patternProperties`, when they
/// add anything to it.
fn pattern_values(map: &Map<String, Value>) -> Option<Value> {
    let patterns = map.get("patternProperties")?.as_object()?;
    if patterns.is_empty() {
        return None;
    }
    let mut members: Vec<Value> = patterns.values().cloned().collect();
    match map.get("additionalProperties") {
        Some(additional) if accepts_anything(additional) => return None,
        Some(additional) if !accepts_nothing(additional) => members.push(additional.clone()),
        _ => {}
    }
    Some(union_of(members))
}

/// `patternProperties` -> `additionalProperties` of the union of their schemas.
fn gather_pattern_properties(map: &mut Map<String, Value>) {
    match pattern_values(map) {
        Some(values) => rename_key(map, "patternProperties", "additionalProperties", values),
        None => {
            map.shift_remove("patternProperties");
        }
    }
}

/// What becomes of `unevaluatedProperties`.
#[derive(Debug)]
enum Unevaluated {
    /// It says nothing `additionalProperties` does not (or only narrows): left out.
    Drop,
    /// Exactly `additionalProperties: v`, the schema having no members of its own.
    Exact(Value),
    /// Close to `additionalProperties: v`, which does not see members' properties.
    Approximate(Value),
}

fn unevaluated_plan(map: &Map<String, Value>) -> Option<Unevaluated> {
    let rest = map.get("unevaluatedProperties")?;
    let composed = ["allOf", "anyOf", "oneOf"]
        .iter()
        .any(|key| map.contains_key(*key));
    let has_additional = map.contains_key("additionalProperties") || pattern_values(map).is_some();
    Some(if has_additional || accepts_anything(rest) {
        Unevaluated::Drop
    } else if accepts_nothing(rest) {
        if composed {
            Unevaluated::Drop
        } else {
            Unevaluated::Exact(Value::Bool(false))
        }
    } else if composed {
        Unevaluated::Approximate(rest.clone())
    } else {
        Unevaluated::Exact(rest.clone())
    })
}

/// `unevaluatedProperties` -> `additionalProperties`, or left out.
fn move_unevaluated_properties(map: &mut Map<String, Value>) {
    match unevaluated_plan(map) {
        Some(Unevaluated::Exact(values) | Unevaluated::Approximate(values)) => {
            rename_key(map, "unevaluatedProperties", "additionalProperties", values);
        }
        Some(Unevaluated::Drop) => {
            map.shift_remove("unevaluatedProperties");
        }
        None => {}
    }
}

/// Takes the `null` members out of `anyOf`/`oneOf` (the first pass marked the schema
/// `nullable`) and collapses a union left with one member into its holder.
fn take_out_null_members(map: &mut Map<String, Value>, dialect: Dialect) {
    for _ in 0..MAX_UNION_COLLAPSES {
        let mut changed = false;
        for key in ["anyOf", "oneOf"] {
            let Some(Value::Array(members)) = map.get_mut(key) else {
                continue;
            };
            let before = members.len();
            members.retain(|member| {
                !member
                    .as_object()
                    .is_some_and(|member| is_null_schema(member, dialect))
            });
            let left = members.len();
            if left == before {
                continue;
            }
            changed = true;
            map.insert("nullable".to_owned(), Value::Bool(true));
            match left {
                0 => {
                    map.shift_remove(key);
                    if !map.contains_key("enum") {
                        map.insert("enum".to_owned(), json!([null]));
                    }
                }
                1 => merge_single_member(map, key),
                _ => {}
            }
        }
        if !changed {
            return;
        }
    }
}

/// `anyOf: [{...}]` -> the member's keywords in the holder, where they do not clash with
/// the holder's own (the holder's annotations win: they describe this use of the type); a
/// `$ref` member becomes `allOf: [{$ref}]`, the form 3.0 gives a reference with siblings.
fn merge_single_member(map: &mut Map<String, Value>, key: &str) {
    let member = match map.get(key) {
        Some(Value::Array(members)) => match members.as_slice() {
            [Value::Object(member)] => member.clone(),
            _ => return,
        },
        _ => return,
    };
    let clashes = member.iter().any(|(name, value)| {
        if name == key || name == "allOf" || name == "nullable" {
            return false;
        }
        if name == "$ref" {
            return map.contains_key("$ref");
        }
        map.get(name)
            .is_some_and(|own| own != value && !is_annotation(name))
    });
    if clashes {
        return;
    }
    let mut merged = Map::new();
    for (name, value) in std::mem::take(map) {
        if name == key {
            for (member_name, member_value) in &member {
                match (member_name.as_str(), member_value) {
                    ("$ref", _) => append_all_of(&mut merged, vec![json!({"$ref": member_value})]),
                    ("allOf", Value::Array(list)) => append_all_of(&mut merged, list.clone()),
                    // The holder's keywords win; it said `nullable: true` already.
                    _ if merged.contains_key(member_name) => {}
                    _ => {
                        merged.insert(member_name.clone(), member_value.clone());
                    }
                }
            }
        } else if let ("allOf", Value::Array(list)) = (name.as_str(), &value) {
            append_all_of(&mut merged, list.clone());
        } else {
            merged.insert(name, value);
        }
    }
    *map = merged;
}

/// A union some member of which accepts `null` accepts `null`: 3.0 reads `nullable` only
/// on the schema that says it, so the holder says it too.
fn lift_member_nullability(map: &mut Map<String, Value>) {
    let nullable_member = ["anyOf", "oneOf"].iter().any(|key| {
        map.get(*key)
            .and_then(Value::as_array)
            .is_some_and(|members| {
                members
                    .iter()
                    .any(|member| member.get("nullable") == Some(&Value::Bool(true)))
            })
    });
    if nullable_member {
        map.insert("nullable".to_owned(), Value::Bool(true));
    }
}

/// Whether a keyword constrains values of one JSON Schema type only (so it goes with that
/// type when a type list is split).
fn belongs_to_type(key: &str, value: &Value, name: &str) -> bool {
    match key {
        "minLength" | "maxLength" | "pattern" => name == "string",
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => {
            matches!(name, "number" | "integer")
        }
        "properties" | "required" | "additionalProperties" | "minProperties" | "maxProperties" => {
            name == "object"
        }
        "items" | "minItems" | "maxItems" | "uniqueItems" => name == "array",
        "format" => match value.as_str() {
            Some("int32" | "int64") => matches!(name, "number" | "integer"),
            Some("float" | "double") => name == "number",
            _ => name == "string",
        },
        _ => false,
    }
}

/// `type: [A, B]` -> `anyOf: [{type: A, ...}, {type: B, ...}]`, each member with the
/// keywords (and `enum` values) of its type; the rest stays with the holder.
fn split_type_list(map: &mut Map<String, Value>) {
    let Some(Value::Array(written)) = map.get("type") else {
        return;
    };
    let mut types: Vec<&str> = Vec::new();
    for name in written.iter().filter_map(Value::as_str) {
        if name != "null" && !types.contains(&name) {
            types.push(name);
        }
    }
    // Every integer is a number.
    if types.contains(&"number") {
        types.retain(|name| *name != "integer");
    }
    let values = map.get("enum").and_then(Value::as_array);
    let mut members = Vec::new();
    for name in &types {
        let mut member = Map::new();
        member.insert("type".to_owned(), Value::String((*name).to_owned()));
        for (key, value) in map.iter() {
            if belongs_to_type(key, value, name) {
                member.insert(key.clone(), value.clone());
            }
        }
        if let Some(values) = values {
            let own: Vec<Value> = values
                .iter()
                .filter(|value| has_type(value, name))
                .cloned()
                .collect();
            if own.is_empty() {
                continue;
            }
            member.insert("enum".to_owned(), Value::Array(own));
        }
        members.push(Value::Object(member));
    }
    let types: Vec<String> = types.into_iter().map(str::to_owned).collect();
    match members.len() {
        0 => {}
        1 => {
            for (key, value) in members.into_iter().flat_map(|m| match m {
                Value::Object(member) => member,
                _ => Map::new(),
            }) {
                map.insert(key, value);
            }
        }
        _ => {
            map.retain(|key, value| {
                key == "type" || !types.iter().any(|t| belongs_to_type(key, value, t))
            });
            map.shift_remove("enum");
            if map.contains_key("anyOf") {
                map.shift_remove("type");
                append_all_of(map, vec![json!({"anyOf": members})]);
            } else {
                rename_key(map, "type", "anyOf", Value::Array(members));
            }
        }
    }
}

/// The component a `#/components/schemas/<name>` reference names.
fn schema_component(reference: &str) -> Option<String> {
    let (table, name) = crate::pointer::component(reference)?;
    (table == "schemas").then_some(name)
}

/// `$ref` with sibling keywords (3.1 reads both) -> `allOf: [{$ref}]` with the siblings,
/// the 3.0 form the generator reads as "this type, with these annotations or additions".
/// A union or `allOf` member keeps its bare `$ref` when its siblings only annotate: a
/// discriminated union tells its members by their references.
fn wrap_ref_siblings(
    map: &mut Map<String, Value>,
    keyword: Option<&str>,
    nullable_components: &BTreeSet<String>,
) {
    let Some(Value::String(reference)) = map.get("$ref") else {
        return;
    };
    if map.len() == 1 {
        return;
    }
    let member = matches!(keyword, Some("allOf" | "anyOf" | "oneOf"));
    if member && map.keys().all(|key| key == "$ref" || is_annotation(key)) {
        map.retain(|key, _| key == "$ref");
        return;
    }
    let target_is_nullable =
        schema_component(reference).is_some_and(|name| nullable_components.contains(&name));
    let mut wrapped = Map::new();
    for (key, value) in std::mem::take(map) {
        match (key.as_str(), value) {
            ("$ref", value) => append_all_of(&mut wrapped, vec![json!({"$ref": value})]),
            ("allOf", Value::Array(list)) => append_all_of(&mut wrapped, list),
            (_, value) => {
                wrapped.insert(key, value);
            }
        }
    }
    if target_is_nullable && !wrapped.contains_key("nullable") {
        wrapped.insert("nullable".to_owned(), Value::Bool(true));
    }
    *map = wrapped;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A schema through both passes as component `S`: what it became and the warnings
    /// (pointer, message).
    fn lowered_as(dialect: Dialect, schema: Value) -> (Value, Vec<(String, String)>) {
        lowered_with(dialect, schema, &BTreeSet::new())
    }

    fn lowered_with(
        dialect: Dialect,
        schema: Value,
        nullable_components: &BTreeSet<String>,
    ) -> (Value, Vec<(String, String)>) {
        let mut document = json!({"components": {"schemas": {"S": schema}}});
        let mut diagnostics = Diagnostics::default();
        rewrite_keywords(&mut document, dialect, &mut diagnostics);
        restructure(&mut document, dialect, nullable_components);
        let warnings = diagnostics
            .into_result()
            .expect("no errors")
            .into_iter()
            .map(|d| (d.pointer, d.message))
            .collect();
        (document["components"]["schemas"]["S"].clone(), warnings)
    }

    fn lowered(schema: Value) -> (Value, Vec<(String, String)>) {
        lowered_as(Dialect::OpenApi31, schema)
    }

    fn warning(pointer: &str, message: &str) -> (String, String) {
        (pointer.to_owned(), message.to_owned())
    }

    const AT: &str = "#/components/schemas/S";

    /// The parts are rewritten on several threads; what they report comes back in the
    /// order of one walk over the document (paths, then components), and every part is
    /// rewritten.
    #[test]
    fn warnings_of_parts_rewritten_apart_come_in_the_walks_order() {
        let mistake = json!({"type": ["string", "null"]});
        let mut paths = serde_json::Map::new();
        let mut schemas = serde_json::Map::new();
        let mut expected = Vec::new();
        for index in 0..40 {
            let path = format!("/p{index}");
            paths.insert(
                path.clone(),
                json!({"get": {"parameters": [{"name": "q", "in": "query", "schema": mistake}]}}),
            );
            expected.push(format!("#/paths/~1p{index}/get/parameters/0/schema"));
        }
        for index in 0..40 {
            schemas.insert(format!("S{index}"), mistake.clone());
        }
        expected.extend((0..40).map(|index| format!("#/components/schemas/S{index}")));
        // Components written before paths are still walked after them.
        let mut document = json!({"components": {"schemas": schemas}, "paths": paths});
        let mut diagnostics = Diagnostics::default();
        fix_common_mistakes(&mut document, &mut diagnostics);
        let warned: Vec<String> = diagnostics
            .into_result()
            .expect("no errors")
            .into_iter()
            .map(|d| d.pointer)
            .collect();
        assert_eq!(warned, expected);
        let fixed = json!({"type": "string", "nullable": true});
        assert_eq!(document["components"]["schemas"]["S39"], fixed);
        assert_eq!(
            document["paths"]["/p0"]["get"]["parameters"][0]["schema"],
            fixed
        );
    }

    #[test]
    fn a_type_list_with_null_becomes_a_nullable_type() {
        let (schema, warnings) = lowered(json!({"type": ["string", "null"], "maxLength": 3}));
        assert_eq!(
            schema,
            json!({"type": "string", "maxLength": 3, "nullable": true})
        );
        assert_eq!(warnings, []);
    }

    #[test]
    fn several_types_become_an_any_of_with_each_types_keywords() {
        let (schema, warnings) = lowered(json!({
            "description": "Size.",
            "type": ["string", "integer", "null"],
            "minLength": 1,
            "minimum": 0,
            "format": "int64",
            "default": 3
        }));
        assert_eq!(
            schema,
            json!({
                "description": "Size.",
                "anyOf": [
                    {"type": "string", "minLength": 1},
                    {"type": "integer", "minimum": 0, "format": "int64"}
                ],
                "default": 3,
                "nullable": true
            })
        );
        assert_eq!(warnings, []);
    }

    #[test]
    fn a_split_type_list_shares_its_enum_by_type() {
        let (schema, _) =
            lowered(json!({"type": ["string", "integer", "boolean"], "enum": ["a", 1, "b"]}));
        assert_eq!(
            schema,
            json!({"anyOf": [
                {"type": "string", "enum": ["a", "b"]},
                {"type": "integer", "enum": [1]}
            ]})
        );
    }

    #[test]
    fn integer_beside_number_is_number() {
        let (schema, _) = lowered(json!({"type": ["integer", "number"], "minimum": 1}));
        assert_eq!(schema, json!({"type": "number", "minimum": 1}));
    }

    #[test]
    fn a_null_type_alone_accepts_only_null_with_a_warning() {
        for written in [json!({"type": "null"}), json!({"type": ["null"]})] {
            let (schema, warnings) = lowered(written);
            assert_eq!(schema, json!({"nullable": true, "enum": [null]}));
            assert_eq!(
                warnings,
                [warning(
                    AT,
                    "`type: \"null\"` has no OpenAPI 3.0 form; read as `nullable: true` with `enum: [null]`, a value that can only be null (any JSON value in Rust)"
                )]
            );
        }
    }

    #[test]
    fn a_reference_or_null_becomes_a_nullable_all_of() {
        let (schema, warnings) = lowered(json!({
            "anyOf": [{"$ref": "#/components/schemas/Owner"}, {"type": "null"}],
            "title": "Owner"
        }));
        assert_eq!(
            schema,
            json!({"allOf": [{"$ref": "#/components/schemas/Owner"}], "title": "Owner", "nullable": true})
        );
        assert_eq!(warnings, []);
    }

    #[test]
    fn an_inline_schema_or_null_is_merged_into_its_holder() {
        let (schema, _) = lowered(json!({
            "anyOf": [{"type": "integer", "title": "Inner"}, {"type": "null"}],
            "title": "Age"
        }));
        assert_eq!(
            schema,
            json!({"type": "integer", "title": "Age", "nullable": true})
        );
    }

    #[test]
    fn null_first_and_a_reference_with_a_description_become_one_nullable_all_of() {
        // What utoipa writes for `Option<Owner>` with a doc comment.
        let (schema, _) = lowered(json!({"oneOf": [
            {"type": "null"},
            {"$ref": "#/components/schemas/Owner", "description": "The owner."}
        ]}));
        assert_eq!(
            schema,
            json!({
                "allOf": [{"$ref": "#/components/schemas/Owner"}],
                "description": "The owner.",
                "nullable": true
            })
        );
    }

    #[test]
    fn a_union_keeps_its_other_members_and_says_nullable() {
        let discriminator = json!({"propertyName": "kind"});
        let (schema, _) = lowered(json!({
            "oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}, {"type": "null"}],
            "discriminator": discriminator
        }));
        assert_eq!(
            schema,
            json!({
                "oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}],
                "discriminator": discriminator,
                "nullable": true
            })
        );
    }

    #[test]
    fn a_member_that_clashes_with_its_holder_stays_a_member() {
        let (schema, _) = lowered(json!({
            "anyOf": [{"type": "string", "maxLength": 2}, {"type": "null"}],
            "maxLength": 5
        }));
        assert_eq!(
            schema,
            json!({"anyOf": [{"type": "string", "maxLength": 2}], "maxLength": 5, "nullable": true})
        );
    }

    #[test]
    fn a_union_of_nulls_only_accepts_null_with_a_warning() {
        let (schema, warnings) = lowered(json!({"anyOf": [{"type": "null"}, {"const": null}]}));
        assert_eq!(schema, json!({"nullable": true, "enum": [null]}));
        assert_eq!(
            warnings,
            [warning(
                "#/components/schemas/S/anyOf",
                "`anyOf` whose members are all `null` has no OpenAPI 3.0 form; read as `nullable: true` with `enum: [null]`, a value that can only be null (any JSON value in Rust)"
            )]
        );
    }

    #[test]
    fn a_nullable_member_makes_the_union_nullable() {
        let (schema, _) =
            lowered(json!({"oneOf": [{"type": ["string", "null"]}, {"type": "integer"}]}));
        assert_eq!(
            schema,
            json!({"oneOf": [{"type": "string", "nullable": true}, {"type": "integer"}], "nullable": true})
        );
    }

    #[test]
    fn const_becomes_a_one_value_enum_of_its_type() {
        let (schema, warnings) = lowered(json!({"const": "cat", "default": "cat"}));
        assert_eq!(
            schema,
            json!({"enum": ["cat"], "default": "cat", "type": "string"})
        );
        assert_eq!(warnings, []);
        let (schema, _) = lowered(json!({"type": "integer", "enum": [1, 2], "const": 2}));
        assert_eq!(schema, json!({"type": "integer", "enum": [2]}));
        let (schema, warnings) = lowered(json!({"const": null}));
        assert_eq!(schema, json!({"nullable": true, "enum": [null]}));
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn numeric_exclusive_bounds_become_bounds_with_flags() {
        let (schema, warnings) = lowered(json!({
            "type": "number",
            "exclusiveMinimum": 0,
            "exclusiveMaximum": 1.5
        }));
        assert_eq!(
            schema,
            json!({
                "type": "number",
                "minimum": 0,
                "maximum": 1.5,
                "exclusiveMinimum": true,
                "exclusiveMaximum": true
            })
        );
        assert_eq!(warnings, []);
        // The stricter bound wins; at a tie the exclusive one is stricter.
        let (schema, _) = lowered(json!({"type": "integer", "minimum": 5, "exclusiveMinimum": 3}));
        assert_eq!(schema, json!({"type": "integer", "minimum": 5}));
        let (schema, _) = lowered(json!({"maximum": 10, "exclusiveMaximum": 10}));
        assert_eq!(schema, json!({"maximum": 10, "exclusiveMaximum": true}));
    }

    #[test]
    fn integral_float_bounds_of_an_integer_become_integers() {
        let (schema, _) =
            lowered(json!({"type": "integer", "minimum": 0.0, "maximum": 9.0, "multipleOf": 0.5}));
        assert_eq!(
            schema,
            json!({"type": "integer", "minimum": 0, "maximum": 9, "multipleOf": 0.5})
        );
    }

    #[test]
    fn examples_become_the_first_example() {
        let (schema, _) = lowered(json!({"type": "string", "examples": ["a", "b"]}));
        assert_eq!(schema, json!({"type": "string", "example": "a"}));
        let (schema, _) = lowered(json!({"example": "x", "examples": ["a"]}));
        assert_eq!(schema, json!({"example": "x"}));
    }

    #[test]
    fn content_keywords_become_formats() {
        let cases = [
            (
                json!({"type": "string", "contentEncoding": "base64", "contentMediaType": "image/png"}),
                json!({"type": "string", "format": "byte"}),
            ),
            (
                json!({"type": "string", "contentMediaType": "application/octet-stream"}),
                json!({"type": "string", "format": "binary"}),
            ),
            (
                json!({"contentMediaType": "image/png"}),
                json!({"format": "binary", "type": "string"}),
            ),
            (
                json!({"type": "string", "contentMediaType": "application/json", "contentSchema": {"type": "object"}}),
                json!({"type": "string"}),
            ),
            (
                json!({"type": "string", "format": "uuid", "contentEncoding": "base64"}),
                json!({"type": "string", "format": "uuid"}),
            ),
        ];
        for (written, expected) in cases {
            assert_eq!(lowered(written), (expected, vec![]));
        }
    }

    #[test]
    fn boolean_schemas_become_objects_but_additional_properties_stays() {
        let (schema, warnings) = lowered(json!({
            "type": "object",
            "properties": {"a": true, "b": false},
            "additionalProperties": false,
            "not": true
        }));
        assert_eq!(
            schema,
            json!({
                "type": "object",
                "properties": {"a": {}, "b": {"not": {}}},
                "additionalProperties": false,
                "not": {}
            })
        );
        assert_eq!(warnings, []);
        assert_eq!(lowered(json!(true)), (json!({}), vec![]));
        assert_eq!(lowered(json!(false)), (json!({"not": {}}), vec![]));
    }

    #[test]
    fn keywords_that_only_narrow_or_identify_are_dropped_silently() {
        let (schema, warnings) = lowered(json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://example.com/s",
            "$anchor": "s",
            "$comment": "note",
            "type": "object",
            "properties": {"kind": {"type": "string"}},
            "propertyNames": {"maxLength": 3},
            "dependentRequired": {"kind": ["other"]},
            "if": {"properties": {"kind": {"const": "a"}}},
            "then": {"required": ["kind"]},
            "else": {"maxProperties": 1}
        }));
        assert_eq!(
            schema,
            json!({"type": "object", "properties": {"kind": {"type": "string"}}})
        );
        assert_eq!(warnings, []);
        let (schema, _) = lowered(
            json!({"type": "array", "contains": {"type": "string"}, "minContains": 1, "unevaluatedItems": false}),
        );
        assert_eq!(schema, json!({"type": "array"}));
    }

    #[test]
    fn conditional_properties_are_left_out_with_a_warning() {
        let (schema, warnings) = lowered(json!({
            "type": "object",
            "if": {"required": ["a"]},
            "then": {"properties": {"b": {"type": "string"}}},
            "dependentSchemas": {"a": {"properties": {"c": {"type": "string"}}}}
        }));
        assert_eq!(schema, json!({"type": "object"}));
        assert_eq!(
            warnings,
            [
                warning(
                    AT,
                    "`if`/`then`/`else` has no OpenAPI 3.0 form; read as the schema without them: properties only `then` or `else` declare are not fields of the type"
                ),
                warning(
                    AT,
                    "`dependentSchemas` has no OpenAPI 3.0 form; read as the schema without them: properties only they declare are not fields of the type"
                ),
            ]
        );
    }

    #[test]
    fn an_unresolved_dynamic_reference_is_dropped_with_a_warning() {
        let (schema, warnings) = lowered(json!({"$dynamicRef": "#meta"}));
        assert_eq!(schema, json!({}));
        assert_eq!(
            warnings,
            [warning(
                AT,
                "`$dynamicRef: #meta` has no OpenAPI 3.0 form; read as a schema without it (any value where it stood alone)"
            )]
        );
    }

    #[test]
    fn a_closed_tuple_becomes_an_array_of_its_members() {
        // What utoipa writes for `Option<(f64, f64)>`.
        let (schema, warnings) = lowered(json!({
            "type": ["array", "null"],
            "items": false,
            "prefixItems": [{"type": "number"}, {"type": "number"}]
        }));
        assert_eq!(
            schema,
            json!({"type": "array", "items": {"type": "number"}, "nullable": true})
        );
        assert_eq!(
            warnings,
            [warning(
                AT,
                "a tuple (`prefixItems`) has no OpenAPI 3.0 form; read as an array whose items may be any of the tuple's item schemas"
            )]
        );
        let (schema, _) = lowered(json!({
            "prefixItems": [{"type": "string"}, {"type": "integer"}],
            "minItems": 2,
            "maxItems": 2
        }));
        assert_eq!(
            schema,
            json!({"items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}, "minItems": 2, "maxItems": 2})
        );
    }

    #[test]
    fn a_tuple_with_more_items_adds_their_schema_or_accepts_anything() {
        let (schema, _) =
            lowered(json!({"prefixItems": [{"type": "string"}], "items": {"type": "integer"}}));
        assert_eq!(
            schema,
            json!({"items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}})
        );
        let (schema, warnings) =
            lowered(json!({"type": "array", "prefixItems": [{"type": "string"}]}));
        assert_eq!(schema, json!({"type": "array", "items": {}}));
        assert_eq!(
            warnings,
            [warning(
                AT,
                "a tuple (`prefixItems`) has no OpenAPI 3.0 form; read as an array of any JSON values (items past the tuple may be anything)"
            )]
        );
    }

    #[test]
    fn an_items_list_is_a_tuple_too() {
        let (schema, warnings) = lowered(json!({
            "type": "array",
            "items": [{"type": "string"}, true],
            "additionalItems": false
        }));
        assert_eq!(
            schema,
            json!({"type": "array", "items": {"anyOf": [{"type": "string"}, {}]}})
        );
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].1.starts_with("a tuple (`items`)"));
    }

    #[test]
    fn pattern_properties_become_additional_properties_with_a_warning() {
        let (schema, warnings) = lowered(json!({
            "type": "object",
            "patternProperties": {"^a": {"type": "string"}, "^b": {"type": "integer"}},
            "additionalProperties": false
        }));
        assert_eq!(
            schema,
            json!({"type": "object", "additionalProperties": {"anyOf": [{"type": "string"}, {"type": "integer"}]}})
        );
        assert_eq!(
            warnings,
            [warning(
                AT,
                "`patternProperties` has no OpenAPI 3.0 form; read as `additionalProperties` whose values may be any of the patterns' schemas (keys are not checked against the patterns)"
            )]
        );
        let (schema, warnings) = lowered(
            json!({"patternProperties": {"^a": {"type": "string"}}, "additionalProperties": true}),
        );
        assert_eq!(schema, json!({"additionalProperties": true}));
        assert_eq!(warnings, []);
    }

    #[test]
    fn unevaluated_properties_become_additional_properties() {
        let (schema, warnings) =
            lowered(json!({"type": "object", "unevaluatedProperties": {"type": "integer"}}));
        assert_eq!(
            schema,
            json!({"type": "object", "additionalProperties": {"type": "integer"}})
        );
        assert_eq!(warnings, []);
        let (schema, _) = lowered(json!({"type": "object", "unevaluatedProperties": false}));
        assert_eq!(
            schema,
            json!({"type": "object", "additionalProperties": false})
        );
        let (schema, warnings) = lowered(json!({
            "allOf": [{"$ref": "#/components/schemas/A"}],
            "unevaluatedProperties": {"type": "string"}
        }));
        assert_eq!(
            schema,
            json!({"allOf": [{"$ref": "#/components/schemas/A"}], "additionalProperties": {"type": "string"}})
        );
        assert_eq!(
            warnings,
            [warning(
                AT,
                "`unevaluatedProperties` beside `allOf`/`anyOf`/`oneOf` has no OpenAPI 3.0 form; read as `additionalProperties`, which does not see the properties the members declare"
            )]
        );
        let (schema, _) =
            lowered(json!({"allOf": [{"type": "object"}], "unevaluatedProperties": false}));
        assert_eq!(schema, json!({"allOf": [{"type": "object"}]}));
    }

    #[test]
    fn a_reference_with_siblings_is_wrapped_in_all_of() {
        let (schema, warnings) = lowered(json!({
            "$ref": "#/components/schemas/Priority",
            "default": 2,
            "description": "How urgent."
        }));
        assert_eq!(
            schema,
            json!({"allOf": [{"$ref": "#/components/schemas/Priority"}], "default": 2, "description": "How urgent."})
        );
        assert_eq!(warnings, []);
        let (schema, _) = lowered(json!({
            "properties": {"a": {"type": "string"}},
            "$ref": "#/components/schemas/Base",
            "allOf": [{"$ref": "#/components/schemas/Mixin"}]
        }));
        assert_eq!(
            schema,
            json!({
                "properties": {"a": {"type": "string"}},
                "allOf": [{"$ref": "#/components/schemas/Base"}, {"$ref": "#/components/schemas/Mixin"}]
            })
        );
        let (schema, _) =
            lowered(json!({"$ref": "#/components/schemas/A", "$comment": "only a comment"}));
        assert_eq!(schema, json!({"$ref": "#/components/schemas/A"}));
    }

    #[test]
    fn a_wrapped_reference_to_a_nullable_component_stays_nullable() {
        let nullable = BTreeSet::from(["Maybe".to_owned()]);
        let (schema, _) = lowered_with(
            Dialect::OpenApi31,
            json!({"$ref": "#/components/schemas/Maybe", "description": "d"}),
            &nullable,
        );
        assert_eq!(
            schema,
            json!({"allOf": [{"$ref": "#/components/schemas/Maybe"}], "description": "d", "nullable": true})
        );
    }

    #[test]
    fn a_union_member_keeps_a_bare_reference_when_its_siblings_only_annotate() {
        let (schema, _) = lowered(json!({
            "oneOf": [
                {"$ref": "#/components/schemas/A", "description": "An A.", "title": "A"},
                {"$ref": "#/components/schemas/B", "required": ["x"]}
            ]
        }));
        assert_eq!(
            schema,
            json!({"oneOf": [
                {"$ref": "#/components/schemas/A"},
                {"allOf": [{"$ref": "#/components/schemas/B"}], "required": ["x"]}
            ]})
        );
    }

    #[test]
    fn required_flags_on_properties_move_to_the_required_list() {
        let (schema, warnings) = lowered(json!({
            "type": "object",
            "required": ["a"],
            "properties": {
                "a": {"type": "string"},
                "b": {"type": "string", "required": true},
                "c": {"type": "string", "required": false}
            }
        }));
        assert_eq!(
            schema,
            json!({
                "type": "object",
                "required": ["a", "b"],
                "properties": {"a": {"type": "string"}, "b": {"type": "string"}, "c": {"type": "string"}}
            })
        );
        assert_eq!(
            warnings,
            [
                warning(
                    "#/components/schemas/S/properties/b",
                    "`required: true` on a property's schema is not valid in OpenAPI 3.1; read as `b` listed in the `required` of the object holding it"
                ),
                warning(
                    "#/components/schemas/S/properties/c",
                    "`required: false` on a property's schema is not valid in OpenAPI 3.1; read as an optional property (the `required` list of the object decides)"
                ),
            ]
        );
        let (schema, _) = lowered(json!({"properties": {"b": {"required": true}}}));
        assert_eq!(schema, json!({"properties": {"b": {}}, "required": ["b"]}));
    }

    #[test]
    fn nullable_written_as_text_becomes_a_boolean() {
        let (schema, warnings) = lowered_as(
            Dialect::OpenApi30,
            json!({"type": "string", "nullable": "true"}),
        );
        assert_eq!(schema, json!({"type": "string", "nullable": true}));
        assert_eq!(
            warnings,
            [warning(
                AT,
                "`nullable: \"true\"`, not a boolean, is not valid in OpenAPI 3.0; read as `nullable: true`"
            )]
        );
        let (schema, _) = lowered_as(
            Dialect::OpenApi30,
            json!({"type": "string", "nullable": "maybe"}),
        );
        assert_eq!(schema, json!({"type": "string"}));
    }

    #[test]
    fn a_3_0_document_is_told_what_each_json_schema_keyword_was_read_as() {
        let (schema, warnings) = lowered_as(
            Dialect::OpenApi30,
            json!({
                "type": "object",
                "properties": {
                    "tag": {"type": ["string", "null"]},
                    "kind": {"type": "string", "const": "a"},
                    "size": {"type": "number", "exclusiveMinimum": 0},
                    "owner": {"anyOf": [{"$ref": "#/components/schemas/Owner"}, {"type": "null"}]},
                    "many": {"type": ["string", "integer"]},
                    "any": true
                }
            }),
        );
        assert_eq!(
            schema,
            json!({
                "type": "object",
                "properties": {
                    "tag": {"type": "string", "nullable": true},
                    "kind": {"type": "string", "enum": ["a"]},
                    "size": {"type": "number", "minimum": 0, "exclusiveMinimum": true},
                    "owner": {"allOf": [{"$ref": "#/components/schemas/Owner"}], "nullable": true},
                    "many": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                    "any": {}
                }
            })
        );
        let at = |name: &str| format!("#/components/schemas/S/properties/{name}");
        assert_eq!(
            warnings,
            [
                (at("tag"), "`type` as a list is not valid in OpenAPI 3.0; read as `type: string` with `nullable: true`".to_owned()),
                (at("kind"), "`const` is not valid in OpenAPI 3.0; read as `enum: [\"a\"]`".to_owned()),
                (at("size"), "`exclusiveMinimum: 0` (a number) is not valid in OpenAPI 3.0; read as `minimum: 0` with `exclusiveMinimum: true`".to_owned()),
                (format!("{}/anyOf/1", at("owner")), "a `null` member of `anyOf` is not valid in OpenAPI 3.0; read as `nullable: true` on the schema holding the union".to_owned()),
                (at("many"), "`type` as a list is not valid in OpenAPI 3.0; read as `anyOf` with one schema per type".to_owned()),
                (at("any"), "the boolean schema `true` is not valid in OpenAPI 3.0; read as `{}` (any value)".to_owned()),
            ]
        );
    }

    #[test]
    fn a_3_0_document_keeps_what_3_0_reads_or_ignores_as_written() {
        let written = json!({
            "$ref": "#/components/schemas/A",
            "description": "3.0 ignores siblings of `$ref`."
        });
        assert_eq!(
            lowered_as(Dialect::OpenApi30, written.clone()),
            (written, vec![])
        );
        let written = json!({
            "type": "array",
            "prefixItems": [{"type": "string"}],
            "examples": ["a"],
            "patternProperties": {"^a": {}},
            "$comment": "x"
        });
        assert_eq!(
            lowered_as(Dialect::OpenApi30, written.clone()),
            (written, vec![])
        );
    }

    #[test]
    fn warnings_inside_moved_members_point_where_the_document_wrote_them() {
        let (schema, warnings) = lowered(json!({"anyOf": [
            {"type": "null"},
            {"type": "object", "properties": {"p": {"type": "array", "prefixItems": [{"type": "string"}]}}}
        ]}));
        assert_eq!(
            schema,
            json!({"nullable": true, "type": "object", "properties": {"p": {"type": "array", "items": {}}}})
        );
        assert_eq!(warnings[0].0, "#/components/schemas/S/anyOf/1/properties/p");
    }

    #[test]
    fn loading_a_3_0_document_reads_its_mistakes_leniently() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        tag: {type: [string, 'null'], nullable: 'true'}\n";
        let loaded = crate::load::load_document(text).expect("loads");
        let schemas = loaded.document.components.expect("components").schemas;
        let openapiv3::ReferenceOr::Item(a) = &schemas["A"] else {
            panic!("A is inline")
        };
        let openapiv3::SchemaKind::Type(openapiv3::Type::Object(a)) = &a.schema_kind else {
            panic!("A is an object")
        };
        let openapiv3::ReferenceOr::Item(tag) = &a.properties["tag"] else {
            panic!("tag is inline")
        };
        assert!(tag.schema_data.nullable);
        assert!(matches!(
            tag.schema_kind,
            openapiv3::SchemaKind::Type(openapiv3::Type::String(_))
        ));
        let pointers: Vec<&str> = loaded.warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "#/components/schemas/A/properties/tag",
                "#/components/schemas/A/properties/tag"
            ]
        );
    }

    #[test]
    fn a_3_0_null_enum_member_is_left_as_written() {
        let written = json!({"oneOf": [
            {"$ref": "#/components/schemas/A"},
            {"nullable": true, "enum": [null]}
        ]});
        assert_eq!(
            lowered_as(Dialect::OpenApi30, written.clone()),
            (written, vec![])
        );
        let (schema, _) = lowered(json!({"oneOf": [
            {"$ref": "#/components/schemas/A"},
            {"enum": [null]}
        ]}));
        assert_eq!(
            schema,
            json!({"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true})
        );
    }
}
