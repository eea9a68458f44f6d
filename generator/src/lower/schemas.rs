//! Schemas -> Rust types: component schemas become named types, inline objects and enums
//! get stable names from their context (`UserRolesItem`), recursive fields get boxed.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, Type,
    VariantOrUnknownOrEmpty,
};

use super::Lowerer;
use crate::error::pointer;
use crate::ir::{EnumVariant, Field, TypeDef, TypeKind, TypeRef};
use crate::naming::{self, Namespace};

/// A schema position: either a reference or an inline schema.
#[derive(Clone, Copy)]
pub(crate) enum SchemaView<'d> {
    Reference(&'d str),
    Inline(&'d Schema),
}

impl<'d> SchemaView<'d> {
    pub(crate) fn of(item: &'d ReferenceOr<Schema>) -> Self {
        match item {
            ReferenceOr::Reference { reference } => SchemaView::Reference(reference),
            ReferenceOr::Item(schema) => SchemaView::Inline(schema),
        }
    }

    pub(crate) fn of_boxed(item: &'d ReferenceOr<Box<Schema>>) -> Self {
        match item {
            ReferenceOr::Reference { reference } => SchemaView::Reference(reference),
            ReferenceOr::Item(schema) => SchemaView::Inline(schema),
        }
    }
}

impl<'d> Lowerer<'d> {
    /// Lowers every component schema into a named type.
    pub(crate) fn lower_component_schemas(&mut self) {
        let Some(components) = &self.doc.components else {
            return;
        };
        for (name, item) in &components.schemas {
            let at = pointer("#/components/schemas", name);
            let Some(rust_name) = self.component_names.get(name).cloned() else {
                continue;
            };
            let kind = match item {
                ReferenceOr::Reference { reference } => {
                    match self.lower_reference(reference, &pointer(&at, "$ref")) {
                        Some(target) => TypeKind::Alias(target),
                        None => continue,
                    }
                }
                ReferenceOr::Item(schema) => self.lower_type_kind(schema, &at, &rust_name),
            };
            let doc = match item {
                ReferenceOr::Item(schema) => schema_doc(schema),
                ReferenceOr::Reference { .. } => None,
            };
            self.types.push(TypeDef {
                name: rust_name,
                doc,
                pointer: at,
                kind,
            });
        }
    }

    /// The named type a schema reference stands for.
    pub(crate) fn lower_reference(&mut self, reference: &str, at: &str) -> Option<TypeRef> {
        match super::refs::component_name(reference, "schemas") {
            Ok(name) => match self.component_names.get(&name) {
                Some(rust_name) => Some(TypeRef::Named(rust_name.clone())),
                None => {
                    self.diagnostics.push(
                        at.to_owned(),
                        format!("reference `{reference}` points to nothing: there is no #/components/schemas/{name}"),
                    );
                    None
                }
            },
            Err(message) => {
                self.diagnostics.push(at.to_owned(), message);
                None
            }
        }
    }

    /// The Rust type of a schema position. Inline types that need a name (objects with
    /// properties, enums) are named `hint` (made unique) and added to the models.
    pub(crate) fn lower_schema(&mut self, view: SchemaView<'d>, at: &str, hint: &str) -> TypeRef {
        match view {
            SchemaView::Reference(reference) => self
                .lower_reference(reference, &pointer(at, "$ref"))
                .unwrap_or(TypeRef::Json),
            SchemaView::Inline(schema) => {
                if let Some(ty) = self.lower_anonymous(schema, at, hint) {
                    return ty;
                }
                let name = self.type_names.claim(&naming::type_name(hint));
                let kind = self.lower_type_kind(schema, at, &name);
                self.types.push(TypeDef {
                    name: name.clone(),
                    doc: schema_doc(schema),
                    pointer: at.to_owned(),
                    kind,
                });
                TypeRef::Named(name)
            }
        }
    }

    /// Types that need no name of their own (primitives, arrays, maps, any JSON), or
    /// `None` when the schema must become a named type.
    fn lower_anonymous(&mut self, schema: &'d Schema, at: &str, hint: &str) -> Option<TypeRef> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                let has_values = string.enumeration.iter().any(Option::is_some);
                (!has_values).then_some(TypeRef::String)
            }
            SchemaKind::Type(Type::Integer(integer)) => Some(match &integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            }),
            SchemaKind::Type(Type::Number(number)) => Some(match &number.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            }),
            SchemaKind::Type(Type::Boolean(_)) => Some(TypeRef::Bool),
            SchemaKind::Type(Type::Array(array)) => {
                let item = match &array.items {
                    Some(items) => {
                        let item_at = pointer(at, "items");
                        let view = SchemaView::of_boxed(items);
                        let ty = self.lower_schema(view, &item_at, &format!("{hint}Item"));
                        self.nullable_wrapped(view, ty)
                    }
                    None => TypeRef::Json,
                };
                Some(TypeRef::Vec(Box::new(item)))
            }
            SchemaKind::Type(Type::Object(object)) if object.properties.is_empty() => {
                match &object.additional_properties {
                    Some(AdditionalProperties::Schema(value)) => {
                        let value_at = pointer(at, "additionalProperties");
                        let view = SchemaView::of(value);
                        let ty = self.lower_schema(view, &value_at, &format!("{hint}Value"));
                        Some(TypeRef::Map(Box::new(self.nullable_wrapped(view, ty))))
                    }
                    // A free-form object: any JSON object.
                    _ => Some(TypeRef::Json),
                }
            }
            SchemaKind::Type(Type::Object(_)) => None,
            // Composition and untyped schemas are carried as any JSON for now.
            SchemaKind::AllOf { .. }
            | SchemaKind::OneOf { .. }
            | SchemaKind::AnyOf { .. }
            | SchemaKind::Not { .. }
            | SchemaKind::Any(_) => Some(TypeRef::Json),
        }
    }

    /// The kind of a type that gets a name.
    fn lower_type_kind(&mut self, schema: &'d Schema, at: &str, name: &str) -> TypeKind {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                lower_string_enum(&string.enumeration)
            }
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                let mut field_names = Namespace::default();
                let mut fields = Vec::with_capacity(object.properties.len());
                let properties_at = pointer(at, "properties");
                for (wire_name, property) in &object.properties {
                    let property_at = pointer(&properties_at, wire_name);
                    let view = SchemaView::of_boxed(property);
                    let hint = format!("{name}{}", naming::type_name(wire_name));
                    let ty = self.lower_schema(view, &property_at, &hint);
                    let target = self.schema_of(view);
                    let nullable = target.is_some_and(|s| s.schema_data.nullable);
                    let own_doc = match view {
                        SchemaView::Inline(schema) => schema_doc(schema),
                        SchemaView::Reference(_) => None,
                    };
                    fields.push(Field {
                        rust_name: field_names.claim(&naming::snake_name(wire_name)),
                        wire_name: wire_name.clone(),
                        doc: own_doc.or_else(|| target.and_then(schema_doc)),
                        ty,
                        required: object.required.iter().any(|r| r == wire_name),
                        nullable,
                        boxed: false,
                        deprecated: target.is_some_and(|s| s.schema_data.deprecated),
                    });
                }
                let additional = match &object.additional_properties {
                    Some(AdditionalProperties::Schema(value)) => {
                        let view = SchemaView::of(value);
                        let ty = self.lower_schema(
                            view,
                            &pointer(at, "additionalProperties"),
                            &format!("{name}Value"),
                        );
                        Some(self.nullable_wrapped(view, ty))
                    }
                    Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
                    Some(AdditionalProperties::Any(false)) | None => None,
                };
                TypeKind::Struct { fields, additional }
            }
            _ => match self.lower_anonymous(schema, at, name) {
                Some(ty) => TypeKind::Alias(ty),
                None => TypeKind::Alias(TypeRef::Json),
            },
        }
    }

    /// The schema a view stands for, following references (without reporting: a bad
    /// reference has been reported where the type was lowered).
    pub(crate) fn schema_of(&self, view: SchemaView<'d>) -> Option<&'d Schema> {
        let mut current = view;
        for _ in 0..64 {
            match current {
                SchemaView::Inline(schema) => return Some(schema),
                SchemaView::Reference(reference) => {
                    let name = super::refs::component_name(reference, "schemas").ok()?;
                    let target = self.doc.components.as_ref()?.schemas.get(&name)?;
                    current = SchemaView::of(target);
                }
            }
        }
        None
    }

    /// Wraps an array item or map value in `Option` when its schema is nullable.
    fn nullable_wrapped(&self, view: SchemaView<'d>, ty: TypeRef) -> TypeRef {
        if self.schema_of(view).is_some_and(|s| s.schema_data.nullable) && ty != TypeRef::Json {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        }
    }
}

/// A forward-compatible string enum: known values plus a fallback that keeps others.
fn lower_string_enum(values: &[Option<String>]) -> TypeKind {
    let mut names = Namespace::default();
    let mut seen = BTreeSet::new();
    let mut variants = Vec::new();
    for value in values.iter().flatten() {
        if seen.insert(value.clone()) {
            variants.push(EnumVariant {
                rust_name: names.claim(&naming::variant_name(value)),
                wire_value: value.clone(),
            });
        }
    }
    let fallback = names.claim("Unknown");
    TypeKind::StringEnum { variants, fallback }
}

/// Documentation of a schema: its title and description.
pub(crate) fn schema_doc(schema: &Schema) -> Option<String> {
    match (&schema.schema_data.title, &schema.schema_data.description) {
        (Some(title), Some(description)) => Some(format!("{title}\n\n{description}")),
        (None, Some(text)) | (Some(text), None) => Some(text.clone()),
        (None, None) => None,
    }
}

/// Marks struct fields that hold their own type by value (directly or through other
/// structs' by-value fields), which would make the type infinitely large, as boxed.
pub(crate) fn mark_recursive_fields(types: &mut [TypeDef]) {
    // Edges: struct -> named types it holds by value (not through Vec or a map).
    let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for def in types.iter() {
        let targets = match &def.kind {
            TypeKind::Struct { fields, .. } => fields
                .iter()
                .filter_map(|f| by_value_target(&f.ty))
                .collect(),
            TypeKind::Alias(ty) => by_value_target(ty).into_iter().collect(),
            TypeKind::StringEnum { .. } => Vec::new(),
        };
        edges.insert(&def.name, targets);
    }
    let mut boxed: Vec<(usize, usize)> = Vec::new();
    for (type_index, def) in types.iter().enumerate() {
        if let TypeKind::Struct { fields, .. } = &def.kind {
            for (field_index, field) in fields.iter().enumerate() {
                if let Some(target) = by_value_target(&field.ty)
                    && reaches(&edges, target, &def.name)
                {
                    boxed.push((type_index, field_index));
                }
            }
        }
    }
    for (type_index, field_index) in boxed {
        if let TypeKind::Struct { fields, .. } = &mut types[type_index].kind {
            fields[field_index].boxed = true;
        }
    }
}

fn by_value_target(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Nullable(inner) => by_value_target(inner),
        _ => None,
    }
}

/// Whether `goal` is reachable from `start` along by-value edges.
fn reaches(edges: &BTreeMap<&str, Vec<&str>>, start: &str, goal: &str) -> bool {
    let mut stack = vec![start];
    let mut visited = BTreeSet::new();
    while let Some(node) = stack.pop() {
        if node == goal {
            return true;
        }
        if visited.insert(node) {
            stack.extend(edges.get(node).into_iter().flatten().copied());
        }
    }
    false
}
