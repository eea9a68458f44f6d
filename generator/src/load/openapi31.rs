//! OpenAPI 3.1 -> OpenAPI 3.0, on the document as JSON: what 3.1 adds at the document level
//! (`webhooks`, `jsonSchemaDialect`, `info.summary`, `license.identifier`, optional `paths`
//! and `responses`, mutual TLS), and its references (`$defs` hoisted into
//! `#/components/schemas`, `$anchor`, `$id` and `$dynamicRef` targets turned into plain
//! references). Schema keywords are lowered by [`super::lenient`].

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::lenient::{self, Dialect};
use super::walk;
use crate::error::{Diagnostics, Error, pointer};
use crate::pointer;

/// The dialect a 3.1 document's schemas follow when it names none.
const DEFAULT_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// The keywords under which JSON Schema keeps definitions: 2020-12's and draft 7's.
const DEFINITION_KEYWORDS: [&str; 2] = ["$defs", "definitions"];

/// Lowers an OpenAPI 3.1 document to 3.0; what has no exact 3.0 form is lowered as
/// closely as it can be, with a warning.
pub(crate) fn normalize(
    mut document: Value,
    diagnostics: &mut Diagnostics,
) -> Result<Value, Error> {
    let Value::Object(root) = &mut document else {
        return Err(Error::Shape {
            pointer: "#".to_owned(),
            message: "the document must be a mapping (a JSON object)".to_owned(),
        });
    };
    normalize_document_fields(root, diagnostics);
    walk::for_each_operation(&mut document, &mut |operation| {
        // 3.1 lets an operation leave its responses out; 3.0 says the same with none.
        if !operation.contains_key("responses") {
            operation.insert("responses".to_owned(), Value::Object(Map::new()));
        }
    });
    drop_mutual_tls(&mut document, diagnostics);
    let mut definitions = resolve_references(&mut document, diagnostics);
    lenient::rewrite_keywords(&mut document, Dialect::OpenApi31, diagnostics);
    for definition in &mut definitions {
        if let Some(schema) = &mut definition.schema {
            let keyword = Some(definition.keyword);
            lenient::rewrite_schema_keywords(
                schema,
                &definition.at,
                keyword,
                Dialect::OpenApi31,
                diagnostics,
            );
        }
    }
    insert_definitions(&mut document, definitions);
    let nullable = nullable_components(&document);
    lenient::restructure(&mut document, Dialect::OpenApi31, &nullable);
    Ok(document)
}

/// `openapi`, `jsonSchemaDialect`, `info`, `webhooks` and `paths`.
fn normalize_document_fields(root: &mut Map<String, Value>, diagnostics: &mut Diagnostics) {
    root.insert("openapi".to_owned(), Value::String("3.0.3".to_owned()));
    if let Some(dialect) = root.shift_remove("jsonSchemaDialect")
        && dialect.as_str() != Some(DEFAULT_DIALECT)
    {
        diagnostics.warn(
            "#/jsonSchemaDialect",
            format!("schemas are said to follow the dialect {dialect}; they are read as the default OpenAPI 3.1 dialect (JSON Schema 2020-12)"),
        );
    }
    if let Some(Value::Object(info)) = root.get_mut("info") {
        normalize_info(info, diagnostics);
    }
    if let Some(webhooks) = root.shift_remove("webhooks") {
        let count = webhooks.as_object().map_or(0, Map::len);
        if count > 0 {
            diagnostics.warn(
                "#/webhooks",
                format!(
                    "webhooks are requests the API sends, not requests a client makes: left out ({count} webhook{}; the component schemas they use are kept)",
                    if count == 1 { "" } else { "s" }
                ),
            );
        }
    }
    // 3.1 lets a document have no paths (only webhooks or components); 3.0 needs the key.
    if !root.get("paths").is_some_and(Value::is_object) {
        root.insert("paths".to_owned(), Value::Object(Map::new()));
    }
}

/// `info.summary` and `license.identifier`, which 3.0 does not have.
fn normalize_info(info: &mut Map<String, Value>, diagnostics: &mut Diagnostics) {
    if let Some(summary) = info.shift_remove("summary")
        && !info.contains_key("description")
    {
        info.insert("description".to_owned(), summary);
    }
    let Some(Value::Object(license)) = info.get_mut("license") else {
        return;
    };
    // An SPDX identifier is kept as an extension; 3.0 readers require a license `name`,
    // which the identifier is the best stand-in for.
    if let Some(identifier) = license.shift_remove("identifier") {
        if !license.contains_key("name") {
            license.insert("name".to_owned(), identifier.clone());
        }
        license.insert("x-identifier".to_owned(), identifier);
    }
    if !license.get("name").is_some_and(Value::is_string) {
        info.shift_remove("license");
        diagnostics.warn(
            "#/info/license",
            "a license without a `name` is not valid; left out",
        );
    }
}

/// `mutualTLS` security schemes (3.1) have no 3.0 form: they are left out, and out of
/// every security requirement. A client certificate belongs to the HTTP client anyway,
/// not to each request.
fn drop_mutual_tls(document: &mut Value, diagnostics: &mut Diagnostics) {
    let Some(Value::Object(schemes)) = document
        .get_mut("components")
        .and_then(|components| components.get_mut("securitySchemes"))
    else {
        return;
    };
    let names: Vec<String> = schemes
        .iter()
        .filter(|(_, scheme)| scheme.get("type").and_then(Value::as_str) == Some("mutualTLS"))
        .map(|(name, _)| name.clone())
        .collect();
    if names.is_empty() {
        return;
    }
    for name in &names {
        schemes.shift_remove(name);
        diagnostics.warn(
            pointer("#/components/securitySchemes", name),
            "`mutualTLS` security has no OpenAPI 3.0 form; left out, here and in every security requirement (give the client certificate to the HTTP client the generated client is built on)",
        );
    }
    let strip = |requirements: &mut Value| {
        if let Value::Array(requirements) = requirements {
            for requirement in requirements.iter_mut() {
                if let Value::Object(requirement) = requirement {
                    requirement.retain(|name, _| !names.contains(name));
                }
            }
        }
    };
    if let Some(security) = document.get_mut("security") {
        strip(security);
    }
    walk::for_each_operation(document, &mut |operation| {
        if let Some(security) = operation.get_mut("security") {
            strip(security);
        }
    });
}

/// A `$defs` (or `definitions`) entry on its way to `#/components/schemas`.
#[derive(Debug)]
struct Definition {
    /// Where it was written, e.g. `#/components/schemas/Pet/$defs/Tag`.
    at: String,
    /// The schema (or `#`, the document) that holds it.
    owner: String,
    /// `$defs` or `definitions`.
    keyword: &'static str,
    /// Its name under the keyword.
    name: String,
    /// The component it becomes.
    component: String,
    /// Whether that component is added (`false`: a component of the same name and
    /// content is there already and stands for it).
    added: bool,
    /// Its schema, once taken out of the document to be added.
    schema: Option<Value>,
}

/// What references may name besides JSON pointers.
#[derive(Debug, Default)]
struct Targets {
    /// Every `$defs` entry, parents before children.
    definitions: Vec<Definition>,
    /// `$anchor` name -> the pointer of the schema that declares it (the first one).
    anchors: BTreeMap<String, String>,
    /// `$dynamicAnchor` name -> the pointer of the schema that declares it (the first one).
    dynamic_anchors: BTreeMap<String, String>,
    /// `$id` -> the pointer of the schema that declares it (the first one).
    ids: BTreeMap<String, String>,
}

/// Finds the `$defs`, anchors and identifiers of the document, names a component for
/// every definition, rewrites every reference to them into a component reference, and
/// takes the definitions out of the document (returned, to be added as components).
fn resolve_references(document: &mut Value, diagnostics: &mut Diagnostics) -> Vec<Definition> {
    let mut targets = Targets::default();
    // The root's definitions first: every definition is recorded before those inside it.
    if let Value::Object(root) = &*document {
        targets.record_definitions(root, "#");
    }
    for_each_schema_with_root_definitions(document, &mut |value, at, _| {
        if let Value::Object(map) = value {
            targets.record(map, at);
        }
    });
    name_components(document, &mut targets.definitions);
    for_each_schema_with_root_definitions(document, &mut |value, at, _| {
        if let Value::Object(map) = value {
            targets.rewrite(map, at, diagnostics);
        }
    });
    take_out_definitions(document, &mut targets.definitions);
    targets.definitions
}

/// Every schema of the document, and those under a `$defs` at the document's root (not
/// an OpenAPI place, but where a schema bundled into the document may put them).
fn for_each_schema_with_root_definitions(
    document: &mut Value,
    visit: &mut walk::SchemaValueVisitor<'_>,
) {
    walk::for_each_schema_value(document, visit);
    let Value::Object(root) = document else {
        return;
    };
    for keyword in DEFINITION_KEYWORDS {
        if let Some(Value::Object(definitions)) = root.get_mut(keyword) {
            let keyword_at = pointer("#", keyword);
            for (name, schema) in definitions.iter_mut() {
                let at = pointer(&keyword_at, name);
                walk::walk_schema_value(schema, &at, Some(keyword), visit);
            }
        }
    }
}

impl Targets {
    /// Records what one schema declares.
    fn record(&mut self, map: &Map<String, Value>, at: &str) {
        self.record_definitions(map, at);
        let tables = [
            ("$anchor", &mut self.anchors),
            ("$dynamicAnchor", &mut self.dynamic_anchors),
            ("$id", &mut self.ids),
        ];
        for (keyword, table) in tables {
            if let Some(Value::String(name)) = map.get(keyword) {
                table.entry(name.clone()).or_insert_with(|| at.to_owned());
            }
        }
    }

    fn record_definitions(&mut self, map: &Map<String, Value>, owner: &str) {
        for keyword in DEFINITION_KEYWORDS {
            let Some(Value::Object(entries)) = map.get(keyword) else {
                continue;
            };
            let keyword_at = pointer(owner, keyword);
            for name in entries.keys() {
                self.definitions.push(Definition {
                    at: pointer(&keyword_at, name),
                    owner: owner.to_owned(),
                    keyword,
                    name: name.clone(),
                    component: String::new(),
                    added: false,
                    schema: None,
                });
            }
        }
    }

    /// Rewrites the references of one schema (found at `at`).
    fn rewrite(&self, map: &mut Map<String, Value>, at: &str, diagnostics: &mut Diagnostics) {
        if let Some(Value::String(reference)) = map.get("$ref")
            && let Some(resolved) = self.resolve(reference, at)
        {
            map.insert("$ref".to_owned(), Value::String(resolved));
        }
        if let Some(Value::Object(mapping)) = map
            .get_mut("discriminator")
            .and_then(|discriminator| discriminator.get_mut("mapping"))
        {
            for target in mapping.values_mut() {
                if let Some(resolved) = target.as_str().and_then(|t| self.resolve(t, at)) {
                    *target = Value::String(resolved);
                }
            }
        }
        self.rewrite_dynamic_reference(map, at, diagnostics);
    }

    /// `$dynamicRef: "#name"` -> `$ref` to the component that declares
    /// `$dynamicAnchor: name`: the reference a schema means when nothing overrides the
    /// anchor. Any other `$dynamicRef` is left for the schema pass, which drops it.
    fn rewrite_dynamic_reference(
        &self,
        map: &mut Map<String, Value>,
        at: &str,
        diagnostics: &mut Diagnostics,
    ) {
        if map.contains_key("$ref") {
            return;
        }
        let Some(Value::String(reference)) = map.get("$dynamicRef") else {
            return;
        };
        let target = match reference.strip_prefix('#') {
            Some(name) if !name.starts_with('/') => self
                .dynamic_anchors
                .get(name)
                .or_else(|| self.anchors.get(name))
                .map(|target| {
                    self.component_reference(target)
                        .unwrap_or_else(|| target.clone())
                }),
            _ => self.resolve(reference, at),
        };
        let Some(target) = target.filter(|t| is_component_reference(t)) else {
            return;
        };
        diagnostics.warn(
            at,
            format!("`$dynamicRef: {reference}` has no OpenAPI 3.0 form; read as `$ref: {target}`, the schema that declares the anchor (a dynamic scope that overrides it is not followed)"),
        );
        map.shift_remove("$dynamicRef");
        map.insert("$ref".to_owned(), Value::String(target));
    }

    /// Where a reference written at `at` leads, when that differs from how it is written.
    fn resolve(&self, reference: &str, at: &str) -> Option<String> {
        let (base, fragment) = match reference.split_once('#') {
            Some((base, fragment)) => (base, Some(fragment)),
            None => (reference, None),
        };
        let target = if base.is_empty() {
            match fragment? {
                "" => return None,
                path if path.starts_with('/') => self
                    .resource_relative(path, at)
                    .unwrap_or_else(|| format!("#{path}")),
                anchor => self.anchors.get(anchor)?.clone(),
            }
        } else {
            let resource = self.ids.get(base)?;
            match fragment {
                None | Some("") => resource.clone(),
                Some(path) if path.starts_with('/') => format!("{resource}{path}"),
                Some(anchor) => self.anchors.get(anchor)?.clone(),
            }
        };
        let target = self.component_reference(&target).unwrap_or(target);
        (target != reference).then_some(target)
    }

    /// `#/$defs/B/...` written inside a schema means that schema's own `$defs` (a
    /// schema pasted into the document keeps its references): the definition named `B`
    /// of the innermost schema around `at` that has one, or of the document's root.
    fn resource_relative(&self, path: &str, at: &str) -> Option<String> {
        let mut tokens = path.strip_prefix('/')?.splitn(3, '/');
        let keyword = tokens.next()?;
        let name = pointer::reference_token(tokens.next()?);
        let rest = tokens.next();
        let definition = self
            .definitions
            .iter()
            .filter(|d| d.keyword == keyword && d.name == name && is_within(at, &d.owner))
            .max_by_key(|d| d.owner.len())?;
        Some(match rest {
            Some(rest) => format!("{}/{rest}", definition.at),
            None => definition.at.clone(),
        })
    }

    /// A pointer into a definition -> the same place in its component.
    fn component_reference(&self, target: &str) -> Option<String> {
        let definition = self
            .definitions
            .iter()
            .filter(|d| is_within(target, &d.at))
            .max_by_key(|d| d.at.len())?;
        let component = pointer("#/components/schemas", &definition.component);
        Some(format!("{component}{}", &target[definition.at.len()..]))
    }
}

/// Whether `at` is `outer` or inside it.
fn is_within(at: &str, outer: &str) -> bool {
    outer == "#"
        || at == outer
        || at
            .strip_prefix(outer)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Whether a reference names one component schema.
fn is_component_reference(reference: &str) -> bool {
    pointer::component(reference)
        .is_some_and(|(table, name)| table == "schemas" && !name.is_empty())
}

/// Names the component of every definition: its own name when that is free, the name of
/// a component with the same content when there is one (a definition repeated in every
/// schema that uses it becomes one component), else the holder's name joined to it.
fn name_components(document: &Value, definitions: &mut [Definition]) {
    let mut claimed: BTreeMap<String, Value> = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| {
            schemas
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default();
    for definition in definitions.iter_mut() {
        let content = document
            .pointer(&definition.at[1..])
            .cloned()
            .unwrap_or_default();
        let same = claimed
            .get(&definition.name)
            .is_some_and(|existing| *existing == content);
        if same {
            definition.component = definition.name.clone();
            continue;
        }
        let base = match definition.owner.strip_prefix("#/components/schemas/") {
            Some(owner) => format!(
                "{}_{}",
                pointer::unescape(owner.split('/').next().unwrap_or_default()),
                definition.name
            ),
            None => definition.name.clone(),
        };
        let candidates = std::iter::once(definition.name.clone())
            .chain(std::iter::once(base.clone()))
            .chain((2..).map(|n| format!("{base}_{n}")));
        for candidate in candidates {
            if let std::collections::btree_map::Entry::Vacant(slot) =
                claimed.entry(candidate.clone())
            {
                slot.insert(content);
                definition.component = candidate;
                definition.added = true;
                break;
            }
        }
    }
}

/// Takes every definition to be added out of the document (innermost first, so that an
/// outer one leaves without its own), and drops the `$defs` maps left empty.
fn take_out_definitions(document: &mut Value, definitions: &mut [Definition]) {
    for definition in definitions.iter_mut().rev() {
        let owner = if definition.owner == "#" {
            Some(&mut *document)
        } else {
            document.pointer_mut(&definition.owner[1..])
        };
        let Some(Value::Object(owner)) = owner else {
            continue;
        };
        let Some(Value::Object(entries)) = owner.get_mut(definition.keyword) else {
            continue;
        };
        let schema = entries.shift_remove(&definition.name);
        if entries.is_empty() {
            owner.shift_remove(definition.keyword);
        }
        if definition.added {
            definition.schema = schema;
        }
    }
}

/// Adds the definitions that claimed a name as component schemas, in document order.
fn insert_definitions(document: &mut Value, definitions: Vec<Definition>) {
    let additions: Vec<(String, Value)> = definitions
        .into_iter()
        .filter_map(|d| d.schema.map(|schema| (d.component, schema)))
        .collect();
    if additions.is_empty() {
        return;
    }
    let Value::Object(root) = document else {
        return;
    };
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    if !components.is_object() {
        *components = Value::Object(Map::new());
    }
    let Value::Object(components) = components else {
        return;
    };
    let schemas = components
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()));
    if !schemas.is_object() {
        *schemas = Value::Object(Map::new());
    }
    if let Value::Object(schemas) = schemas {
        schemas.extend(additions);
    }
}

/// The component schemas that accept `null` (after the first schema pass).
fn nullable_components(document: &Value) -> BTreeSet<String> {
    document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| {
            schemas
                .iter()
                .filter(|(_, schema)| schema.get("nullable") == Some(&Value::Bool(true)))
                .map(|(name, _)| name.clone())
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// A document through `normalize`: what it became and its warnings (pointer, message).
    fn normalized(document: Value) -> (Value, Vec<(String, String)>) {
        let mut diagnostics = Diagnostics::default();
        let document = normalize(document, &mut diagnostics).expect("normalizes");
        let warnings = diagnostics
            .into_result()
            .expect("no errors")
            .into_iter()
            .map(|d| (d.pointer, d.message))
            .collect();
        (document, warnings)
    }

    fn warning(pointer: &str, message: &str) -> (String, String) {
        (pointer.to_owned(), message.to_owned())
    }

    /// A minimal 3.1 document with these component schemas.
    fn with_schemas(schemas: Value) -> Value {
        json!({
            "openapi": "3.1.0",
            "info": {"title": "T", "version": "1"},
            "paths": {},
            "components": {"schemas": schemas}
        })
    }

    #[test]
    fn document_fields_become_their_3_0_forms() {
        let (document, warnings) = normalized(json!({
            "openapi": "3.1.0",
            "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
            "info": {
                "title": "T",
                "summary": "Short.",
                "version": "1",
                "license": {"identifier": "MIT"}
            },
            "servers": [{"url": "https://{host}/v1", "variables": {"host": {"default": "a.example"}}}],
            "security": [{"bearer": []}]
        }));
        assert_eq!(
            document,
            json!({
                "openapi": "3.0.3",
                "info": {
                    "title": "T",
                    "version": "1",
                    "license": {"name": "MIT", "x-identifier": "MIT"},
                    "description": "Short."
                },
                "servers": [{"url": "https://{host}/v1", "variables": {"host": {"default": "a.example"}}}],
                "security": [{"bearer": []}],
                "paths": {}
            })
        );
        assert_eq!(warnings, []);
    }

    #[test]
    fn a_summary_beside_a_description_and_another_dialect() {
        let (document, warnings) = normalized(json!({
            "openapi": "3.1.1",
            "jsonSchemaDialect": "https://example.com/dialect",
            "info": {
                "title": "T",
                "summary": "Short.",
                "description": "Long.",
                "version": "1",
                "license": {"name": "Apache 2.0", "identifier": "Apache-2.0"}
            },
            "paths": {}
        }));
        assert_eq!(
            document["info"],
            json!({
                "title": "T",
                "description": "Long.",
                "version": "1",
                "license": {"name": "Apache 2.0", "x-identifier": "Apache-2.0"}
            })
        );
        assert_eq!(
            warnings,
            [warning(
                "#/jsonSchemaDialect",
                "schemas are said to follow the dialect \"https://example.com/dialect\"; they are read as the default OpenAPI 3.1 dialect (JSON Schema 2020-12)"
            )]
        );
    }

    #[test]
    fn a_license_without_a_name_is_left_out() {
        let (document, warnings) = normalized(json!({
            "openapi": "3.1.0",
            "info": {"title": "T", "version": "1", "license": {"url": "https://example.com/l"}}
        }));
        assert_eq!(document["info"], json!({"title": "T", "version": "1"}));
        assert_eq!(
            warnings,
            [warning(
                "#/info/license",
                "a license without a `name` is not valid; left out"
            )]
        );
    }

    #[test]
    fn webhooks_are_left_out_with_one_warning() {
        let (document, warnings) = normalized(json!({
            "openapi": "3.1.0",
            "info": {"title": "T", "version": "1"},
            "webhooks": {
                "a": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/E"}}}}}},
                "b": {"post": {"responses": {"200": {"description": "ok"}}}}
            },
            "components": {"schemas": {"E": {"type": ["string", "null"]}}}
        }));
        assert_eq!(
            document,
            json!({
                "openapi": "3.0.3",
                "info": {"title": "T", "version": "1"},
                "components": {"schemas": {"E": {"type": "string", "nullable": true}}},
                "paths": {}
            })
        );
        assert_eq!(
            warnings,
            [warning(
                "#/webhooks",
                "webhooks are requests the API sends, not requests a client makes: left out (2 webhooks; the component schemas they use are kept)"
            )]
        );
    }

    #[test]
    fn operations_without_responses_get_an_empty_list() {
        let operation = json!({"operationId": "x"});
        let (document, warnings) = normalized(json!({
            "openapi": "3.1.0",
            "info": {"title": "T", "version": "1"},
            "paths": {"/a": {"get": operation, "post": {
                "responses": {"204": {"description": "ok"}},
                "callbacks": {"done": {"{$request.body#/url}": {"post": operation}}}
            }}},
            "components": {"pathItems": {"p": {"put": operation}}}
        }));
        let empty = json!({"operationId": "x", "responses": {}});
        assert_eq!(document["paths"]["/a"]["get"], empty);
        assert_eq!(
            document["paths"]["/a"]["post"]["callbacks"]["done"]["{$request.body#/url}"]["post"],
            empty
        );
        assert_eq!(document["components"]["pathItems"]["p"]["put"], empty);
        assert_eq!(warnings, []);
    }

    #[test]
    fn mutual_tls_is_left_out_of_schemes_and_requirements() {
        let (document, warnings) = normalized(json!({
            "openapi": "3.1.0",
            "info": {"title": "T", "version": "1"},
            "security": [{"mtls": [], "key": []}, {"mtls": []}],
            "paths": {"/a": {"get": {"security": [{"mtls": []}], "responses": {}}}},
            "components": {"securitySchemes": {
                "mtls": {"type": "mutualTLS"},
                "key": {"type": "apiKey", "in": "header", "name": "X-Key"}
            }}
        }));
        assert_eq!(document["security"], json!([{"key": []}, {}]));
        assert_eq!(document["paths"]["/a"]["get"]["security"], json!([{}]));
        assert_eq!(
            document["components"]["securitySchemes"],
            json!({"key": {"type": "apiKey", "in": "header", "name": "X-Key"}})
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].0, "#/components/securitySchemes/mtls");
    }

    #[test]
    fn defs_become_components_and_every_reference_follows_them() {
        let (document, warnings) = normalized(with_schemas(json!({
            "Pet": {
                "type": "object",
                "properties": {
                    "tag": {"$ref": "#/$defs/Tag"},
                    "size": {"$ref": "#/components/schemas/Pet/$defs/Size"}
                },
                "$defs": {
                    "Tag": {"type": "object", "properties": {"label": {"$ref": "#/$defs/Label"}}},
                    "Size": {"type": "integer", "exclusiveMinimum": 0},
                    "Label": {"const": "x"}
                }
            },
            "Other": {"$ref": "#/components/schemas/Pet/$defs/Tag/properties/label"}
        })));
        assert_eq!(
            document["components"]["schemas"],
            json!({
                "Pet": {
                    "type": "object",
                    "properties": {
                        "tag": {"$ref": "#/components/schemas/Tag"},
                        "size": {"$ref": "#/components/schemas/Size"}
                    }
                },
                "Other": {"$ref": "#/components/schemas/Tag/properties/label"},
                "Tag": {"type": "object", "properties": {"label": {"$ref": "#/components/schemas/Label"}}},
                "Size": {"type": "integer", "minimum": 0, "exclusiveMinimum": true},
                "Label": {"enum": ["x"], "type": "string"}
            })
        );
        assert_eq!(warnings, []);
    }

    #[test]
    fn a_definition_named_like_a_component_gets_its_holders_name() {
        let (document, _) = normalized(with_schemas(json!({
            "Tag": {"type": "string"},
            "Pet": {
                "properties": {"tag": {"$ref": "#/$defs/Tag"}, "same": {"$ref": "#/$defs/Same"}},
                "$defs": {"Tag": {"type": "integer"}, "Same": {"type": "boolean"}}
            },
            "Same": {"type": "boolean"},
            "Pet_Tag": {"type": "number"}
        })));
        let schemas = &document["components"]["schemas"];
        assert_eq!(
            schemas["Pet"]["properties"],
            json!({
                "tag": {"$ref": "#/components/schemas/Pet_Tag_2"},
                "same": {"$ref": "#/components/schemas/Same"}
            })
        );
        assert_eq!(schemas["Pet_Tag_2"], json!({"type": "integer"}));
        assert_eq!(
            schemas
                .as_object()
                .map(|s| s.keys().cloned().collect::<Vec<_>>()),
            Some(vec![
                "Tag".to_owned(),
                "Pet".to_owned(),
                "Same".to_owned(),
                "Pet_Tag".to_owned(),
                "Pet_Tag_2".to_owned()
            ])
        );
    }

    #[test]
    fn nested_and_root_definitions_and_draft_7_definitions_are_hoisted() {
        let mut document = with_schemas(json!({
            "A": {
                "properties": {"b": {"$ref": "#/definitions/B"}},
                "definitions": {"B": {
                    "properties": {"c": {"$ref": "#/$defs/C"}},
                    "$defs": {"C": {"type": "string"}}
                }}
            },
            "D": {"$ref": "#/$defs/Root"}
        }));
        document["$defs"] = json!({"Root": {"type": "boolean"}});
        let (document, _) = normalized(document);
        assert_eq!(document.get("$defs"), None);
        assert_eq!(
            document["components"]["schemas"],
            json!({
                "A": {"properties": {"b": {"$ref": "#/components/schemas/B"}}},
                "D": {"$ref": "#/components/schemas/Root"},
                "Root": {"type": "boolean"},
                "B": {"properties": {"c": {"$ref": "#/components/schemas/C"}}},
                "C": {"type": "string"}
            })
        );
    }

    #[test]
    fn warnings_inside_definitions_point_where_they_were_written() {
        let (_, warnings) = normalized(with_schemas(json!({
            "A": {"$defs": {"B": {"type": "array", "prefixItems": [{"type": "string"}]}}}
        })));
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].0, "#/components/schemas/A/$defs/B");
    }

    #[test]
    fn anchors_and_identifiers_resolve_to_components() {
        let (document, warnings) = normalized(with_schemas(json!({
            "Owner": {
                "$id": "https://example.com/owner",
                "type": "object",
                "properties": {"address": {"$ref": "#home"}},
                "$defs": {"Address": {"$anchor": "home", "type": "object"}}
            },
            "Tag": {"properties": {
                "owner": {"$ref": "https://example.com/owner"},
                "street": {"$ref": "https://example.com/owner#/$defs/Address/properties/street"},
                "elsewhere": {"$ref": "https://example.com/elsewhere"}
            }},
            "Shape": {
                "oneOf": [{"$ref": "#/components/schemas/Owner/$defs/Address"}],
                "discriminator": {"propertyName": "k", "mapping": {"a": "#home"}}
            }
        })));
        let schemas = &document["components"]["schemas"];
        assert_eq!(
            schemas["Owner"],
            json!({"type": "object", "properties": {"address": {"$ref": "#/components/schemas/Address"}}})
        );
        assert_eq!(
            schemas["Tag"]["properties"],
            json!({
                "owner": {"$ref": "#/components/schemas/Owner"},
                "street": {"$ref": "#/components/schemas/Address/properties/street"},
                "elsewhere": {"$ref": "https://example.com/elsewhere"}
            })
        );
        assert_eq!(
            schemas["Shape"],
            json!({
                "oneOf": [{"$ref": "#/components/schemas/Address"}],
                "discriminator": {"propertyName": "k", "mapping": {"a": "#/components/schemas/Address"}}
            })
        );
        assert_eq!(schemas["Address"], json!({"type": "object"}));
        assert_eq!(warnings, []);
    }

    #[test]
    fn a_dynamic_reference_to_a_dynamic_anchor_becomes_a_reference() {
        let (document, warnings) = normalized(with_schemas(json!({
            "Tree": {
                "$dynamicAnchor": "node",
                "type": "object",
                "properties": {"children": {"type": "array", "items": {"$dynamicRef": "#node"}}}
            }
        })));
        assert_eq!(
            document["components"]["schemas"]["Tree"],
            json!({
                "type": "object",
                "properties": {"children": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}}}
            })
        );
        assert_eq!(
            warnings,
            [warning(
                "#/components/schemas/Tree/properties/children/items",
                "`$dynamicRef: #node` has no OpenAPI 3.0 form; read as `$ref: #/components/schemas/Tree`, the schema that declares the anchor (a dynamic scope that overrides it is not followed)"
            )]
        );
    }

    #[test]
    fn a_document_that_is_not_an_object_is_refused() {
        let mut diagnostics = Diagnostics::default();
        assert!(matches!(
            normalize(json!([1]), &mut diagnostics),
            Err(Error::Shape { .. })
        ));
    }

    /// The warnings of loading a document, one `pointer: message` line each.
    fn load_warnings(text: &str) -> (openapiv3::OpenAPI, Vec<String>) {
        let loaded = crate::load::load_document(text).expect("loads");
        let warnings = loaded.warnings.iter().map(ToString::to_string).collect();
        (loaded.document, warnings)
    }

    #[test]
    fn the_fastapi_fixture_loads_with_optional_fields_as_nullable_types() {
        let (document, warnings) =
            load_warnings(include_str!("../../fixtures/ok/fastapi_app.json"));
        assert_eq!(warnings, Vec::<String>::new());
        let schemas = document.components.expect("components").schemas;
        let openapiv3::ReferenceOr::Item(pet) = &schemas["Pet"] else {
            panic!("Pet is inline")
        };
        let openapiv3::SchemaKind::Type(openapiv3::Type::Object(pet)) = &pet.schema_kind else {
            panic!("Pet is an object")
        };
        let openapiv3::ReferenceOr::Item(age) = &pet.properties["age"] else {
            panic!("age is inline")
        };
        assert!(age.schema_data.nullable);
        assert!(matches!(
            age.schema_kind,
            openapiv3::SchemaKind::Type(openapiv3::Type::Integer(_))
        ));
    }

    #[test]
    fn the_utoipa_fixture_loads_with_one_warning_for_its_tuple() {
        let (_, warnings) = load_warnings(include_str!("../../fixtures/ok/utoipa_app.json"));
        assert_eq!(
            warnings,
            [
                "#/components/schemas/PetRecord/properties/position: a tuple (`prefixItems`) has no OpenAPI 3.0 form; read as an array whose items may be any of the tuple's item schemas"
            ]
        );
    }

    #[test]
    fn the_features_fixture_warns_where_a_fallback_was_taken() {
        let (_, warnings) =
            load_warnings(include_str!("../../fixtures/ok/openapi31_features.yaml"));
        let thing = "#/components/schemas/Thing/properties";
        assert_eq!(
            warnings,
            [
                "#/webhooks: webhooks are requests the API sends, not requests a client makes: left out (1 webhook; the component schemas they use are kept)".to_owned(),
                "#/components/securitySchemes/clientCert: `mutualTLS` security has no OpenAPI 3.0 form; left out, here and in every security requirement (give the client certificate to the HTTP client the generated client is built on)".to_owned(),
                "#/components/schemas/Tree/properties/children/items: `$dynamicRef: #node` has no OpenAPI 3.0 form; read as `$ref: #/components/schemas/Tree`, the schema that declares the anchor (a dynamic scope that overrides it is not followed)".to_owned(),
                format!("{thing}/nothing: `type: \"null\"` has no OpenAPI 3.0 form; read as `nullable: true` with `enum: [null]`, a value that can only be null (any JSON value in Rust)"),
                format!("{thing}/position: a tuple (`prefixItems`) has no OpenAPI 3.0 form; read as an array whose items may be any of the tuple's item schemas"),
                format!("{thing}/pair: a tuple (`items`) has no OpenAPI 3.0 form; read as an array whose items may be any of the tuple's item schemas"),
                format!("{thing}/trail: a tuple (`prefixItems`) has no OpenAPI 3.0 form; read as an array of any JSON values (items past the tuple may be anything)"),
                format!("{thing}/labels: `patternProperties` has no OpenAPI 3.0 form; read as `additionalProperties` whose values may be any of the patterns' schemas (keys are not checked against the patterns)"),
                "#/components/schemas/Problem: `dependentSchemas` has no OpenAPI 3.0 form; read as the schema without them: properties only they declare are not fields of the type".to_owned(),
            ]
        );
    }
}
