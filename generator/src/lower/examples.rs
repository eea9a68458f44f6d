//! The document's `example`/`examples` values -> [`crate::ir::Example`]s, each with the Rust
//! type it must decode into, so the generated crate can test that the spec agrees with
//! its own examples. Covers schemas (and their properties and items), parameters, and the
//! JSON media types of request bodies and responses, in components and under paths. The
//! type of each place is the one the lowering gave it (`Lowerer::schema_types`); a place
//! the lowering did not reach (an operation left out by the selection) has no example.

use openapiv3::{
    MediaType, Parameter, ParameterData, ParameterSchemaOrContent, ReferenceOr, RequestBody,
    Response, Schema, SchemaKind, Type,
};

use super::Lowerer;
use crate::error::pointer;
use crate::ir::{Example, Gate, TypeRef};
use crate::load::paths::PathEntry;
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
    // One kept as JSON text is read for this walk (one that no longer reads was reported
    // when the schemas were lowered).
    for (name, schema) in lowerer.component_schemas() {
        let Some(schema) = schema else {
            continue;
        };
        let at = pointer("#/components/schemas", name);
        let label = format!("schema {name}");
        let scoped = lowerer.scoped();
        collector.schema(&scoped, schema_item(&schema), &Place::Top(&at, &label), 0);
        lowerer.restore(scoped);
    }
    let doc = lowerer.doc;
    if let Some(components) = &doc.components {
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
    let paths = lowerer.paths;
    for (path, item) in paths.inline_items() {
        let mut scoped = lowerer.scoped();
        collector.path_item(&mut scoped, path, &item);
        lowerer.restore(scoped);
    }
    collector.examples
}

impl Collector {
    /// The examples of one path item (read for this walk) and its operations.
    fn path_item<'d>(&mut self, lowerer: &mut Lowerer<'d>, path: &str, item: &'d PathEntry) {
        let collector = self;
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
}

/// Where a schema stands, spelled out (pointer and test label) only for a schema that has
/// an example: most properties have none, and their places are never written.
enum Place<'p> {
    /// A schema at a pointer, with the label of its tests.
    Top(&'p str, &'p str),
    /// The property `name` of the object at the place.
    Property(&'p Place<'p>, &'p str),
    /// The items of the array at the place.
    Items(&'p Place<'p>),
}

impl Place<'_> {
    /// The place's JSON pointer and test label.
    fn spelled(&self) -> (String, String) {
        match self {
            Place::Top(at, label) => ((*at).to_owned(), (*label).to_owned()),
            Place::Property(parent, name) => {
                let (at, label) = parent.spelled();
                (
                    pointer(&pointer(&at, "properties"), name),
                    format!("{label} {name}"),
                )
            }
            Place::Items(parent) => {
                let (at, label) = parent.spelled();
                (pointer(&at, "items"), format!("{label} item"))
            }
        }
    }
}

fn schema_item(schema: &ReferenceOr<Schema>) -> Option<&Schema> {
    match schema {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { .. } => None,
    }
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
            left_out: Vec::new(),
            gate: Gate::default(),
        });
    }

    /// Examples on an inline schema and, recursively, its properties and items.
    fn schema(
        &mut self,
        lowerer: &Lowerer<'_>,
        schema: Option<&Schema>,
        at: &Place<'_>,
        depth: usize,
    ) {
        let Some(schema) = schema else {
            return;
        };
        if depth > MAX_DEPTH {
            return;
        }
        if let Some(value) = &schema.schema_data.example {
            let (pointer_at, label) = at.spelled();
            if let Some(ty) = lowered_type(lowerer, schema, &pointer_at) {
                self.push(ty, pointer(&pointer_at, "example"), &label, value);
            }
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                for (name, property) in &object.properties {
                    if let ReferenceOr::Item(property) = property {
                        let place = Place::Property(at, name);
                        self.schema(lowerer, Some(property), &place, depth + 1);
                    }
                }
            }
            SchemaKind::Type(Type::Array(array)) => {
                if let Some(ReferenceOr::Item(items)) = &array.items {
                    self.schema(lowerer, Some(items), &Place::Items(at), depth + 1);
                }
            }
            _ => {}
        }
    }

    fn parameter<'d>(
        &mut self,
        lowerer: &mut Lowerer<'d>,
        parameter: &'d Parameter,
        at: &str,
        label: &str,
    ) {
        let data: &'d ParameterData = parameter.parameter_data_ref();
        match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let schema_at = pointer(at, "schema");
                let ty = schema_type(lowerer, schema, &schema_at);
                if let Some(ty) = &ty {
                    if let Some(value) = &data.example {
                        self.push(ty.clone(), pointer(at, "example"), label, value);
                    }
                    self.named_examples(lowerer, ty, &data.examples, at, label);
                }
                let place = Place::Top(&schema_at, label);
                self.schema(lowerer, schema_item(schema), &place, 0);
            }
            ParameterSchemaOrContent::Content(content) => {
                self.content(lowerer, content, &pointer(at, "content"), label);
            }
        }
    }

    fn request_body<'d>(
        &mut self,
        lowerer: &mut Lowerer<'d>,
        body: &'d RequestBody,
        at: &str,
        label: &str,
    ) {
        self.content(lowerer, &body.content, &pointer(at, "content"), label);
    }

    fn response<'d>(
        &mut self,
        lowerer: &mut Lowerer<'d>,
        response: &'d Response,
        at: &str,
        label: &str,
    ) {
        self.content(lowerer, &response.content, &pointer(at, "content"), label);
    }

    fn content<'d>(
        &mut self,
        lowerer: &mut Lowerer<'d>,
        content: &'d indexmap::IndexMap<String, MediaType>,
        at: &str,
        label: &str,
    ) {
        for (media_type, media) in content {
            if !super::media::is_json(media_type) {
                continue;
            }
            let media_at = pointer(at, media_type);
            let Some(schema) = &media.schema else {
                continue;
            };
            let schema_at = pointer(&media_at, "schema");
            if let Some(ty) = schema_type(lowerer, schema, &schema_at) {
                if let Some(value) = &media.example {
                    self.push(ty.clone(), pointer(&media_at, "example"), label, value);
                }
                self.named_examples(lowerer, &ty, &media.examples, &media_at, label);
            }
            let place = Place::Top(&schema_at, label);
            self.schema(lowerer, schema_item(schema), &place, 0);
        }
    }

    /// An `examples` map: inline values and references into `#/components/examples`.
    fn named_examples<'d>(
        &mut self,
        lowerer: &mut Lowerer<'d>,
        ty: &TypeRef,
        examples: &'d indexmap::IndexMap<String, ReferenceOr<openapiv3::Example>>,
        at: &str,
        label: &str,
    ) {
        let examples_at = pointer(at, "examples");
        for (name, example) in examples {
            let example_at = pointer(&examples_at, name);
            let example = match example {
                ReferenceOr::Item(example) => example,
                ReferenceOr::Reference { .. } => {
                    let table = lowerer.table("examples", |c| &c.examples);
                    match lowerer.resolve(example, &example_at, &table) {
                        Some((example, _)) => example,
                        None => continue,
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

/// The type the lowering gave a schema position, following a reference to a component.
fn schema_type(lowerer: &Lowerer<'_>, schema: &ReferenceOr<Schema>, at: &str) -> Option<TypeRef> {
    match schema {
        ReferenceOr::Reference { .. } => lowerer.schema_types.get(at).cloned(),
        ReferenceOr::Item(schema) => lowered_type(lowerer, schema, at),
    }
}

/// The type the lowering gave the inline schema at `at` (a component's own type for a
/// component), `Option` around it when the schema is nullable.
fn lowered_type(lowerer: &Lowerer<'_>, schema: &Schema, at: &str) -> Option<TypeRef> {
    let component = match crate::pointer::tokens(at).as_deref() {
        Some([components, schemas, name]) if components == "components" && schemas == "schemas" => {
            lowerer.components.get(name).copied()
        }
        _ => None,
    };
    let ty = match component {
        Some(id) => TypeRef::Named(id),
        None => lowerer.schema_types.get(at)?.clone(),
    };
    Some(if schema.schema_data.nullable && ty != TypeRef::Json {
        TypeRef::Nullable(Box::new(ty))
    } else {
        ty
    })
}
