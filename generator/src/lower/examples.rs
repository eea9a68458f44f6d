//! The document's `example`/`examples` values -> [`crate::ir::Example`]s, each with the Rust
//! type it must decode into, so the generated crate can test that the spec agrees with
//! its own examples. Covers schemas (and their properties and items), parameters, and the
//! JSON media types of request bodies and responses, in components and under paths.

use openapiv3::{
    MediaType, Parameter, ParameterData, ParameterSchemaOrContent, ReferenceOr, RequestBody,
    Response, Schema, SchemaKind, Type,
};

use super::Lowerer;
use crate::error::pointer;
use crate::ir::{Example, TypeRef};
use crate::naming::{self, Namespace};

/// How deep nested schemas are searched for examples.
const MAX_DEPTH: usize = 32;

struct Collector {
    names: Namespace,
    examples: Vec<Example>,
}

/// Every example of the document, in document order (components first).
pub(crate) fn lower_examples(lowerer: &mut Lowerer<'_>) -> Vec<Example> {
    let mut collector = Collector {
        names: Namespace::default(),
        examples: Vec::new(),
    };
    let doc = lowerer.doc;
    if let Some(components) = &doc.components {
        for (name, schema) in &components.schemas {
            let at = pointer("#/components/schemas", name);
            collector.schema(
                lowerer,
                schema_item(schema),
                &at,
                &format!("schema {name}"),
                0,
            );
        }
        for (name, parameter) in &components.parameters {
            if let ReferenceOr::Item(parameter) = parameter {
                let at = pointer("#/components/parameters", name);
                collector.parameter(lowerer, parameter, &at, &format!("parameter {name}"));
            }
        }
        for (name, body) in &components.request_bodies {
            if let ReferenceOr::Item(body) = body {
                let at = pointer("#/components/requestBodies", name);
                collector.request_body(lowerer, body, &at, &format!("request body {name}"));
            }
        }
        for (name, response) in &components.responses {
            if let ReferenceOr::Item(response) = response {
                let at = pointer("#/components/responses", name);
                collector.response(lowerer, response, &at, &format!("response {name}"));
            }
        }
    }
    for (path, item) in &doc.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let path_at = pointer("#/paths", path);
        for (index, parameter) in item.parameters.iter().enumerate() {
            if let ReferenceOr::Item(parameter) = parameter {
                let at = pointer(&pointer(&path_at, "parameters"), &index.to_string());
                let label = format!("{path} {}", parameter.parameter_data_ref().name);
                collector.parameter(lowerer, parameter, &at, &label);
            }
        }
        for (method, operation) in item.iter() {
            let at = pointer(&path_at, method);
            let label = operation
                .operation_id
                .clone()
                .unwrap_or_else(|| format!("{method} {path}"));
            for (index, parameter) in operation.parameters.iter().enumerate() {
                if let ReferenceOr::Item(parameter) = parameter {
                    let at = pointer(&pointer(&at, "parameters"), &index.to_string());
                    let label = format!("{label} {}", parameter.parameter_data_ref().name);
                    collector.parameter(lowerer, parameter, &at, &label);
                }
            }
            if let Some(ReferenceOr::Item(body)) = &operation.request_body {
                collector.request_body(
                    lowerer,
                    body,
                    &pointer(&at, "requestBody"),
                    &format!("{label} request"),
                );
            }
            let responses_at = pointer(&at, "responses");
            if let Some(ReferenceOr::Item(response)) = &operation.responses.default {
                collector.response(
                    lowerer,
                    response,
                    &pointer(&responses_at, "default"),
                    &format!("{label} default"),
                );
            }
            for (status, response) in &operation.responses.responses {
                if let ReferenceOr::Item(response) = response {
                    let status = status.to_string();
                    collector.response(
                        lowerer,
                        response,
                        &pointer(&responses_at, &status),
                        &format!("{label} {status}"),
                    );
                }
            }
        }
    }
    collector.examples
}

fn schema_item(schema: &ReferenceOr<Schema>) -> Option<&Schema> {
    match schema {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { .. } => None,
    }
}

fn is_json(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

impl Collector {
    fn push(&mut self, ty: TypeRef, at: String, label: &str, value: &serde_json::Value) {
        let test_name = self
            .names
            .claim(&naming::snake_name(&format!("{label} example")));
        let json = serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned());
        self.examples.push(Example {
            test_name,
            pointer: at,
            ty,
            json,
        });
    }

    /// Examples on an inline schema and, recursively, its properties and items.
    fn schema(
        &mut self,
        lowerer: &Lowerer<'_>,
        schema: Option<&Schema>,
        at: &str,
        label: &str,
        depth: usize,
    ) {
        let Some(schema) = schema else {
            return;
        };
        if depth > MAX_DEPTH {
            return;
        }
        if let Some(value) = &schema.schema_data.example
            && let Some(ty) = inline_schema_type(lowerer, schema, at, 0)
        {
            self.push(ty, pointer(at, "example"), label, value);
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                let properties_at = pointer(at, "properties");
                for (name, property) in &object.properties {
                    if let ReferenceOr::Item(property) = property {
                        self.schema(
                            lowerer,
                            Some(property),
                            &pointer(&properties_at, name),
                            &format!("{label} {name}"),
                            depth + 1,
                        );
                    }
                }
            }
            SchemaKind::Type(Type::Array(array)) => {
                if let Some(ReferenceOr::Item(items)) = &array.items {
                    self.schema(
                        lowerer,
                        Some(items),
                        &pointer(at, "items"),
                        &format!("{label} item"),
                        depth + 1,
                    );
                }
            }
            _ => {}
        }
    }

    fn parameter(
        &mut self,
        lowerer: &mut Lowerer<'_>,
        parameter: &Parameter,
        at: &str,
        label: &str,
    ) {
        let data: &ParameterData = parameter.parameter_data_ref();
        match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let schema_at = pointer(at, "schema");
                let ty = schema_type(lowerer, schema, &schema_at, 0);
                if let Some(ty) = &ty {
                    if let Some(value) = &data.example {
                        self.push(ty.clone(), pointer(at, "example"), label, value);
                    }
                    self.named_examples(lowerer, ty, &data.examples, at, label);
                }
                self.schema(lowerer, schema_item(schema), &schema_at, label, 0);
            }
            ParameterSchemaOrContent::Content(content) => {
                self.content(lowerer, content, &pointer(at, "content"), label);
            }
        }
    }

    fn request_body(
        &mut self,
        lowerer: &mut Lowerer<'_>,
        body: &RequestBody,
        at: &str,
        label: &str,
    ) {
        self.content(lowerer, &body.content, &pointer(at, "content"), label);
    }

    fn response(&mut self, lowerer: &mut Lowerer<'_>, response: &Response, at: &str, label: &str) {
        self.content(lowerer, &response.content, &pointer(at, "content"), label);
    }

    fn content(
        &mut self,
        lowerer: &mut Lowerer<'_>,
        content: &indexmap::IndexMap<String, MediaType>,
        at: &str,
        label: &str,
    ) {
        for (media_type, media) in content {
            if !is_json(media_type) {
                continue;
            }
            let media_at = pointer(at, media_type);
            let Some(schema) = &media.schema else {
                continue;
            };
            let schema_at = pointer(&media_at, "schema");
            if let Some(ty) = schema_type(lowerer, schema, &schema_at, 0) {
                if let Some(value) = &media.example {
                    self.push(ty.clone(), pointer(&media_at, "example"), label, value);
                }
                self.named_examples(lowerer, &ty, &media.examples, &media_at, label);
            }
            self.schema(lowerer, schema_item(schema), &schema_at, label, 0);
        }
    }

    /// An `examples` map: inline values and references into `#/components/examples`.
    fn named_examples(
        &mut self,
        lowerer: &mut Lowerer<'_>,
        ty: &TypeRef,
        examples: &indexmap::IndexMap<String, ReferenceOr<openapiv3::Example>>,
        at: &str,
        label: &str,
    ) {
        let examples_at = pointer(at, "examples");
        for (name, example) in examples {
            let example_at = pointer(&examples_at, name);
            let example = match example {
                ReferenceOr::Item(example) => example,
                ReferenceOr::Reference { reference } => {
                    let found = super::refs::component_name(reference, "examples").and_then(|n| {
                        lowerer
                            .doc
                            .components
                            .as_ref()
                            .and_then(|c| c.examples.get(&n))
                            .ok_or_else(|| {
                                format!("reference `{reference}` points to nothing: there is no #/components/examples/{n}")
                            })
                    });
                    match found {
                        Ok(ReferenceOr::Item(example)) => example,
                        Ok(ReferenceOr::Reference { .. }) => {
                            lowerer.diagnostics.push(
                                pointer(&example_at, "$ref"),
                                "an example component that is itself a reference is not supported",
                            );
                            continue;
                        }
                        Err(message) => {
                            lowerer
                                .diagnostics
                                .push(pointer(&example_at, "$ref"), message);
                            continue;
                        }
                    }
                }
            };
            // `externalValue` examples live outside the document; nothing to check here.
            if let Some(value) = &example.value {
                self.push(
                    ty.clone(),
                    pointer(&example_at, "value"),
                    &format!("{label} {name}"),
                    value,
                );
            }
        }
    }
}

/// The Rust type the lowering gave the schema at `at`, without creating any type.
fn schema_type(
    lowerer: &Lowerer<'_>,
    schema: &ReferenceOr<Schema>,
    at: &str,
    depth: usize,
) -> Option<TypeRef> {
    match schema {
        ReferenceOr::Reference { reference } => reference_type(lowerer, reference),
        ReferenceOr::Item(schema) => inline_schema_type(lowerer, schema, at, depth),
    }
}

fn reference_type(lowerer: &Lowerer<'_>, reference: &str) -> Option<TypeRef> {
    let name = super::refs::component_name(reference, "schemas").ok()?;
    lowerer
        .component_names
        .get(&name)
        .map(|rust_name| TypeRef::Named(rust_name.clone()))
}

fn inline_schema_type(
    lowerer: &Lowerer<'_>,
    schema: &Schema,
    at: &str,
    depth: usize,
) -> Option<TypeRef> {
    if depth > MAX_DEPTH {
        return None;
    }
    if let Some(ty) = property_type(lowerer, at) {
        return Some(ty);
    }
    let ty = if let Some(named) = lowerer.types.iter().find(|t| t.pointer == at) {
        TypeRef::Named(named.name.clone())
    } else {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                if string.enumeration.iter().any(Option::is_some) {
                    // A named enum the lowering placed elsewhere: check it as JSON only.
                    TypeRef::Json
                } else {
                    TypeRef::String
                }
            }
            SchemaKind::Type(Type::Integer(integer)) => match &integer.format {
                openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => {
                    TypeRef::I32
                }
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Number(number)) => match &number.format {
                openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => {
                    TypeRef::F32
                }
                _ => TypeRef::F64,
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(array)) => {
                let item_at = pointer(at, "items");
                let item = match &array.items {
                    Some(ReferenceOr::Reference { reference }) => {
                        reference_type(lowerer, reference)?
                    }
                    Some(ReferenceOr::Item(item)) => {
                        inline_schema_type(lowerer, item, &item_at, depth + 1)?
                    }
                    None => TypeRef::Json,
                };
                TypeRef::Vec(Box::new(item))
            }
            _ => TypeRef::Json,
        }
    };
    Some(if schema.schema_data.nullable {
        TypeRef::Nullable(Box::new(ty))
    } else {
        ty
    })
}

/// The type the lowering gave a property (`.../properties/<name>`) of a struct it made,
/// `Option` around it when the property is nullable.
fn property_type(lowerer: &Lowerer<'_>, at: &str) -> Option<TypeRef> {
    let (parent, wire) = at.rsplit_once("/properties/")?;
    let wire = wire.replace("~1", "/").replace("~0", "~");
    let definition = lowerer.types.iter().find(|t| t.pointer == parent)?;
    let crate::ir::TypeKind::Struct { fields, .. } = &definition.kind else {
        return None;
    };
    let field = fields.iter().find(|f| f.wire_name == wire)?;
    Some(if field.nullable {
        TypeRef::Nullable(Box::new(field.ty.clone()))
    } else {
        field.ty.clone()
    })
}
