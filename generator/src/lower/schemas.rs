//! Schemas -> Rust types: component schemas become named types, inline objects, enums and
//! unions get stable names from their context (`UserRolesItem`), `allOf` members are merged
//! into one struct, `oneOf`/`anyOf` become enums, recursive fields and variants get boxed.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, Type,
    VariantOrUnknownOrEmpty,
};

use super::Lowerer;
use crate::error::pointer;
use crate::ir::{EnumVariant, Field, IntegerVariant, TypeDef, TypeKind, TypeRef, UnionVariant};
use crate::naming::{self, Namespace};

/// How deep `allOf` members may nest (through references) before they are called a cycle.
const MAX_ALL_OF_DEPTH: usize = 32;

/// Estimated size in bytes above which a union variant is boxed, so that clippy's
/// `large_enum_variant` (a 200-byte difference between variants) never fires.
pub(crate) const BOX_VARIANT_ABOVE: usize = 128;

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

/// A property list, borrowed from an object schema (typed or untyped).
type Properties<'d> = &'d IndexMap<String, ReferenceOr<Box<Schema>>>;

/// What a schema means for Rust, whichever way the document spelled it (`type: object`
/// with `allOf` beside it parses as an untyped schema, for example).
enum Shape<'d> {
    /// A type with no name of its own.
    Primitive(TypeRef),
    /// A string with a format the configuration may map to a crate type.
    FormattedString(&'d str),
    /// A string enum.
    StringEnum(Vec<String>),
    /// An integer enum.
    IntegerEnum(Vec<i64>),
    /// An array with this item schema (`None`: any items).
    Array(Option<&'d ReferenceOr<Box<Schema>>>),
    /// An object: properties, required names, extra keys.
    Object {
        properties: Properties<'d>,
        required: &'d [String],
        additional: Option<&'d AdditionalProperties>,
    },
    /// `allOf`, with the object parts written beside it.
    AllOf {
        members: &'d [ReferenceOr<Schema>],
        own: Option<(
            Properties<'d>,
            &'d [String],
            Option<&'d AdditionalProperties>,
        )>,
    },
    /// `oneOf` or `anyOf`.
    Union(&'d [ReferenceOr<Schema>]),
    /// Anything: no constraint the Rust type can express (`{}`, `not`).
    Any,
}

fn shape(schema: &Schema) -> Shape<'_> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => {
            let values: Vec<String> = string.enumeration.iter().flatten().cloned().collect();
            if !values.is_empty() {
                return Shape::StringEnum(values);
            }
            match &string.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Date) => {
                    Shape::FormattedString("date")
                }
                VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::DateTime) => {
                    Shape::FormattedString("date-time")
                }
                VariantOrUnknownOrEmpty::Unknown(format) => Shape::FormattedString(format),
                _ => Shape::Primitive(TypeRef::String),
            }
        }
        SchemaKind::Type(Type::Integer(integer)) => {
            let values: Vec<i64> = integer.enumeration.iter().flatten().copied().collect();
            if !values.is_empty() {
                return Shape::IntegerEnum(values);
            }
            Shape::Primitive(match &integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            })
        }
        SchemaKind::Type(Type::Number(number)) => Shape::Primitive(match &number.format {
            VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
            _ => TypeRef::F64,
        }),
        SchemaKind::Type(Type::Boolean(_)) => Shape::Primitive(TypeRef::Bool),
        SchemaKind::Type(Type::Array(array)) => Shape::Array(array.items.as_ref()),
        SchemaKind::Type(Type::Object(object)) => Shape::Object {
            properties: &object.properties,
            required: &object.required,
            additional: object.additional_properties.as_ref(),
        },
        SchemaKind::AllOf { all_of } => Shape::AllOf {
            members: all_of,
            own: None,
        },
        SchemaKind::OneOf { one_of } => Shape::Union(one_of),
        SchemaKind::AnyOf { any_of } => Shape::Union(any_of),
        SchemaKind::Not { .. } => Shape::Any,
        SchemaKind::Any(any) => any_shape(any),
    }
}

/// The meaning of a schema that mixes keywords of several types.
fn any_shape(any: &openapiv3::AnySchema) -> Shape<'_> {
    let has_object_parts = !any.properties.is_empty() || any.additional_properties.is_some();
    if !any.all_of.is_empty() {
        return Shape::AllOf {
            members: &any.all_of,
            own: has_object_parts.then_some((
                &any.properties,
                any.required.as_slice(),
                any.additional_properties.as_ref(),
            )),
        };
    }
    // Properties beside `oneOf`/`anyOf` belong to every member; no Rust type holds both
    // without guessing, so such a schema is any JSON (documented fallback).
    if (!any.one_of.is_empty() || !any.any_of.is_empty()) && has_object_parts {
        return Shape::Any;
    }
    if !any.one_of.is_empty() {
        return Shape::Union(&any.one_of);
    }
    if !any.any_of.is_empty() {
        return Shape::Union(&any.any_of);
    }
    if any.not.is_some() {
        return Shape::Any;
    }
    match any.typ.as_deref() {
        Some("object") => Shape::Object {
            properties: &any.properties,
            required: &any.required,
            additional: any.additional_properties.as_ref(),
        },
        None if has_object_parts => Shape::Object {
            properties: &any.properties,
            required: &any.required,
            additional: any.additional_properties.as_ref(),
        },
        Some("array") => Shape::Array(any.items.as_ref()),
        None if any.items.is_some() => Shape::Array(any.items.as_ref()),
        Some("string") => {
            let values: Option<Vec<String>> = any
                .enumeration
                .iter()
                .filter(|v| !v.is_null())
                .map(|v| v.as_str().map(str::to_owned))
                .collect();
            match values {
                Some(values) if !values.is_empty() => Shape::StringEnum(values),
                _ => Shape::Primitive(TypeRef::String),
            }
        }
        Some("integer") if any.format.as_deref() == Some("int32") => Shape::Primitive(TypeRef::I32),
        Some("integer") => Shape::Primitive(TypeRef::I64),
        Some("number") if any.format.as_deref() == Some("float") => Shape::Primitive(TypeRef::F32),
        Some("number") => Shape::Primitive(TypeRef::F64),
        Some("boolean") => Shape::Primitive(TypeRef::Bool),
        _ => Shape::Any,
    }
}

/// Whether a schema only annotates (a description, `nullable`) and constrains nothing,
/// as `allOf` members next to a `$ref` often do.
fn is_annotation_only(item: &ReferenceOr<Schema>) -> bool {
    match item {
        ReferenceOr::Reference { .. } => false,
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            SchemaKind::Any(any) => *any == openapiv3::AnySchema::default(),
            _ => false,
        },
    }
}

/// The members of an `allOf` or union that carry a type.
fn typed_members(members: &[ReferenceOr<Schema>]) -> Vec<(usize, &ReferenceOr<Schema>)> {
    members
        .iter()
        .enumerate()
        .filter(|(_, member)| !is_annotation_only(member))
        .collect()
}

/// The object parts of an `allOf`, merged in member order.
#[derive(Default)]
struct MergedObject<'d> {
    /// Wire name -> (schema, pointer); a later member's property replaces an earlier one.
    properties: IndexMap<&'d str, (&'d ReferenceOr<Box<Schema>>, String)>,
    required: BTreeSet<&'d str>,
    additional: Option<(&'d AdditionalProperties, String)>,
}

impl<'d> MergedObject<'d> {
    fn add(
        &mut self,
        properties: Properties<'d>,
        required: &'d [String],
        additional: Option<&'d AdditionalProperties>,
        at: &str,
    ) {
        let properties_at = pointer(at, "properties");
        for (name, property) in properties {
            self.properties
                .insert(name, (property, pointer(&properties_at, name)));
        }
        self.required.extend(required.iter().map(String::as_str));
        if let Some(additional) = additional {
            self.additional = Some((additional, pointer(at, "additionalProperties")));
        }
    }
}

impl<'d> Lowerer<'d> {
    /// Lowers every component schema into a named type, then breaks cycles of aliases.
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
                ReferenceOr::Item(schema) => type_doc(schema),
                ReferenceOr::Reference { .. } => None,
            };
            self.types.push(TypeDef {
                name: rust_name,
                doc,
                pointer: at,
                kind,
            });
        }
        self.break_alias_cycles();
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
    /// properties, enums, unions) are named `hint` (made unique) and added to the models.
    pub(crate) fn lower_schema(&mut self, view: SchemaView<'d>, at: &str, hint: &str) -> TypeRef {
        match view {
            SchemaView::Reference(reference) => self
                .lower_reference(reference, &pointer(at, "$ref"))
                .unwrap_or(TypeRef::Json),
            SchemaView::Inline(schema) => {
                if let Some(name) = self.inline_names.get(at) {
                    return TypeRef::Named(name.clone());
                }
                if let Some(ty) = self.lower_anonymous(schema, at, hint) {
                    return ty;
                }
                let name = self.type_names.claim(&naming::type_name(hint));
                self.inline_names.insert(at.to_owned(), name.clone());
                let kind = self.lower_type_kind(schema, at, &name);
                self.types.push(TypeDef {
                    name: name.clone(),
                    doc: type_doc(schema),
                    pointer: at.to_owned(),
                    kind,
                });
                TypeRef::Named(name)
            }
        }
    }

    /// Types that need no name of their own (primitives, arrays, maps, any JSON, a
    /// composition of one member), or `None` when the schema must become a named type.
    fn lower_anonymous(&mut self, schema: &'d Schema, at: &str, hint: &str) -> Option<TypeRef> {
        match shape(schema) {
            Shape::Primitive(ty) => Some(ty),
            Shape::FormattedString(format) => Some(self.format_type(format)),
            Shape::StringEnum(_) | Shape::IntegerEnum(_) => None,
            Shape::Array(items) => Some(TypeRef::Vec(Box::new(self.lower_items(items, at, hint)))),
            Shape::Object {
                properties,
                additional,
                ..
            } if properties.is_empty() => match additional {
                Some(AdditionalProperties::Schema(value)) => {
                    let value_at = pointer(at, "additionalProperties");
                    let view = SchemaView::of(value);
                    let ty = self.lower_schema(view, &value_at, &format!("{hint}Value"));
                    Some(TypeRef::Map(Box::new(self.nullable_wrapped(view, ty))))
                }
                Some(AdditionalProperties::Any(true)) => {
                    Some(TypeRef::Map(Box::new(TypeRef::Json)))
                }
                // A free-form object: any JSON object.
                _ => Some(TypeRef::Json),
            },
            Shape::Object { .. } => None,
            Shape::AllOf { members, own } => {
                let typed = typed_members(members);
                match (typed.as_slice(), own) {
                    // `allOf: [$ref]` next to a description or `nullable`: the member itself.
                    ([(index, member)], None) => {
                        let member_at = pointer(&pointer(at, "allOf"), &index.to_string());
                        Some(self.lower_schema(SchemaView::of(member), &member_at, hint))
                    }
                    ([], None) => Some(TypeRef::Json),
                    _ => None,
                }
            }
            Shape::Union(members) => match typed_members(members).as_slice() {
                [(index, member)] => {
                    let key = union_key(schema);
                    let member_at = pointer(&pointer(at, key), &index.to_string());
                    Some(self.lower_schema(SchemaView::of(member), &member_at, hint))
                }
                [] => Some(TypeRef::Json),
                _ => None,
            },
            Shape::Any => Some(TypeRef::Json),
        }
    }

    /// The item type of an array, `Option` when items may be `null`.
    fn lower_items(
        &mut self,
        items: Option<&'d ReferenceOr<Box<Schema>>>,
        at: &str,
        hint: &str,
    ) -> TypeRef {
        match items {
            Some(items) => {
                let item_at = pointer(at, "items");
                let view = SchemaView::of_boxed(items);
                let ty = self.lower_schema(view, &item_at, &format!("{hint}Item"));
                self.nullable_wrapped(view, ty)
            }
            None => TypeRef::Json,
        }
    }

    /// The kind of a type that gets a name.
    fn lower_type_kind(&mut self, schema: &'d Schema, at: &str, name: &str) -> TypeKind {
        match shape(schema) {
            Shape::StringEnum(values) => lower_string_enum(&values),
            Shape::IntegerEnum(values) => lower_integer_enum(&values),
            Shape::Object {
                properties,
                required,
                additional,
            } if !properties.is_empty() => {
                let mut merged = MergedObject::default();
                merged.add(properties, required, additional, at);
                self.lower_struct(merged, name)
            }
            Shape::AllOf { members, own } if own.is_some() || typed_members(members).len() > 1 => {
                let mut merged = MergedObject::default();
                if self.merge_all_of(&mut merged, members, &pointer(at, "allOf"), 0) {
                    if let Some((properties, required, additional)) = own {
                        merged.add(properties, required, additional, at);
                    }
                    self.lower_struct(merged, name)
                } else {
                    // Members that are not all objects (a string and an object, say)
                    // have no one Rust type: any JSON, documented in the type's docs.
                    TypeKind::Alias(TypeRef::Json)
                }
            }
            Shape::Union(members) if typed_members(members).len() > 1 => {
                let key = union_key(schema);
                self.lower_union(schema, members, &pointer(at, key), name)
            }
            _ => match self.lower_anonymous(schema, at, name) {
                Some(ty) => TypeKind::Alias(ty),
                None => TypeKind::Alias(TypeRef::Json),
            },
        }
    }

    /// Adds the object parts of every `allOf` member to `merged`; `false` when a member
    /// is not an object (or the members nest into a cycle).
    fn merge_all_of(
        &mut self,
        merged: &mut MergedObject<'d>,
        members: &'d [ReferenceOr<Schema>],
        at: &str,
        depth: usize,
    ) -> bool {
        if depth > MAX_ALL_OF_DEPTH {
            self.diagnostics.push(
                at.to_owned(),
                "the `allOf` members include themselves: the references form a cycle",
            );
            return false;
        }
        for (index, member) in members.iter().enumerate() {
            let member_at = pointer(at, &index.to_string());
            let Some((schema, schema_at)) = self.resolve_schema(SchemaView::of(member), &member_at)
            else {
                return false;
            };
            match shape(schema) {
                Shape::Object {
                    properties,
                    required,
                    additional,
                } => merged.add(properties, required, additional, &schema_at),
                Shape::AllOf { members, own } => {
                    if !self.merge_all_of(merged, members, &pointer(&schema_at, "allOf"), depth + 1)
                    {
                        return false;
                    }
                    if let Some((properties, required, additional)) = own {
                        merged.add(properties, required, additional, &schema_at);
                    }
                }
                Shape::Any if is_annotation_only(member) => {}
                _ => return false,
            }
        }
        true
    }

    /// A struct from merged object parts. Fields that are read-only or write-only are
    /// optional whatever `required` says: each is absent in one direction.
    fn lower_struct(&mut self, merged: MergedObject<'d>, name: &str) -> TypeKind {
        // The map of extra keys is a field too.
        let mut field_names = if merged.additional.is_some() {
            Namespace::with_reserved(&["additional_properties"])
        } else {
            Namespace::default()
        };
        let mut fields = Vec::with_capacity(merged.properties.len());
        for (wire_name, (property, property_at)) in &merged.properties {
            let view = SchemaView::of_boxed(property);
            let hint = format!("{name}{}", naming::type_name(wire_name));
            let ty = self.lower_schema(view, property_at, &hint);
            let target = self.schema_of(view);
            let nullable = target.is_some_and(|s| s.schema_data.nullable);
            let own_doc = match view {
                SchemaView::Inline(schema) => schema_doc(schema),
                SchemaView::Reference(_) => None,
            };
            let mut doc = own_doc.or_else(|| target.and_then(schema_doc));
            let mut required = merged.required.contains(wire_name);
            if let Some(schema) = target {
                let data = &schema.schema_data;
                let mut notes = Vec::new();
                if data.read_only {
                    notes.push("Read-only: sent by the server, ignored in requests.".to_owned());
                    required = false;
                }
                if data.write_only {
                    notes.push("Write-only: sent by the client, never in responses.".to_owned());
                    required = false;
                }
                if let Some(default) = &data.default {
                    notes.push(format!("Default: `{default}`."));
                }
                if !notes.is_empty() {
                    let mut text = doc.unwrap_or_else(|| format!("`{wire_name}`"));
                    text.push_str("\n\n");
                    text.push_str(&notes.join(" "));
                    doc = Some(text);
                }
            }
            fields.push(Field {
                rust_name: field_names.claim(&naming::snake_name(wire_name)),
                wire_name: (*wire_name).to_owned(),
                doc,
                ty,
                required,
                nullable,
                boxed: false,
                deprecated: target.is_some_and(|s| s.schema_data.deprecated),
            });
        }
        let additional = match merged.additional {
            Some((AdditionalProperties::Schema(value), value_at)) => {
                let view = SchemaView::of(value);
                let ty = self.lower_schema(view, &value_at, &format!("{name}Value"));
                Some(self.nullable_wrapped(view, ty))
            }
            Some((AdditionalProperties::Any(true), _)) => Some(TypeRef::Json),
            Some((AdditionalProperties::Any(false), _)) | None => None,
        };
        TypeKind::Struct { fields, additional }
    }

    /// `oneOf`/`anyOf` -> an enum. With a discriminator whose members are all references,
    /// the enum is tagged by that property (unknown tags are kept); otherwise it is
    /// untagged and the first member that decodes wins.
    fn lower_union(
        &mut self,
        schema: &'d Schema,
        members: &'d [ReferenceOr<Schema>],
        at: &str,
        name: &str,
    ) -> TypeKind {
        let mut variant_names = Namespace::default();
        let mut variants = Vec::new();
        for (index, member) in typed_members(members) {
            let member_at = pointer(at, &index.to_string());
            let hint = format!("{name}Variant{}", index + 1);
            let ty = self.lower_schema(SchemaView::of(member), &member_at, &hint);
            let wanted = match &ty {
                TypeRef::Named(named) => named.clone(),
                other => variant_label(other).to_owned(),
            };
            let tag_values = match member {
                ReferenceOr::Reference { reference } => discriminator_values(schema, reference),
                ReferenceOr::Item(_) => Vec::new(),
            };
            variants.push(UnionVariant {
                rust_name: variant_names.claim(&wanted),
                ty,
                tag_values,
                boxed: false,
            });
        }
        let tagged = schema.schema_data.discriminator.is_some()
            && variants.iter().all(|v| !v.tag_values.is_empty());
        let discriminator = schema
            .schema_data
            .discriminator
            .as_ref()
            .filter(|_| tagged)
            .map(|d| d.property_name.clone());
        if discriminator.is_none() {
            for variant in &mut variants {
                variant.tag_values.clear();
            }
        }
        let fallback = discriminator
            .as_ref()
            .map(|_| variant_names.claim("Unknown"));
        TypeKind::Union {
            variants,
            discriminator,
            fallback,
        }
    }

    /// Follows references to the schema a view stands for, with its pointer; reports a
    /// reference that does not resolve.
    fn resolve_schema(&mut self, view: SchemaView<'d>, at: &str) -> Option<(&'d Schema, String)> {
        let mut current = view;
        let mut current_at = at.to_owned();
        for _ in 0..64 {
            match current {
                SchemaView::Inline(schema) => return Some((schema, current_at)),
                SchemaView::Reference(reference) => {
                    self.lower_reference(reference, &pointer(&current_at, "$ref"))?;
                    let name = super::refs::component_name(reference, "schemas").ok()?;
                    let target = self.doc.components.as_ref()?.schemas.get(&name)?;
                    current_at = pointer("#/components/schemas", &name);
                    current = SchemaView::of(target);
                }
            }
        }
        None
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

    /// The type of a string with a `format`: a crate's type when the configuration maps
    /// the format to one, else `String`.
    fn format_type(&self, format: &str) -> TypeRef {
        match self.formats.get(format) {
            Some(ty) => ty.clone(),
            None => TypeRef::String,
        }
    }

    /// Type aliases cannot be recursive in Rust. An alias cycle that passes through an
    /// array or a map becomes a newtype struct (`struct Tree(Vec<Tree>)`); one made of
    /// bare references only (`A: $ref B`, `B: $ref A`) has no meaning and is reported.
    fn break_alias_cycles(&mut self) {
        loop {
            let aliases: BTreeMap<String, TypeRef> = self
                .types
                .iter()
                .filter_map(|t| match &t.kind {
                    TypeKind::Alias(target) => Some((t.name.clone(), target.clone())),
                    _ => None,
                })
                .collect();
            let Some(cycle) = find_alias_cycle(&aliases) else {
                return;
            };
            let indirect = cycle
                .iter()
                .find(|name| !matches!(aliases.get(*name), Some(TypeRef::Named(_))));
            match indirect {
                Some(name) => {
                    if let Some(def) = self.types.iter_mut().find(|t| &t.name == name)
                        && let TypeKind::Alias(target) = &def.kind
                    {
                        def.kind = TypeKind::Newtype(target.clone());
                    }
                }
                None => {
                    // Name the schemas as the document does: the last token of each pointer.
                    let mut names: Vec<String> = cycle
                        .iter()
                        .filter_map(|name| self.types.iter().find(|t| &t.name == name))
                        .map(|t| {
                            let token = t.pointer.rsplit('/').next().unwrap_or_default();
                            format!("`{}`", token.replace("~1", "/").replace("~0", "~"))
                        })
                        .collect();
                    if let Some(first) = names.first().cloned() {
                        names.push(first);
                    }
                    let at = self
                        .types
                        .iter()
                        .find(|t| cycle.first() == Some(&t.name))
                        .map(|t| t.pointer.clone())
                        .unwrap_or_else(|| "#/components/schemas".to_owned());
                    self.diagnostics.push(
                        at,
                        format!(
                            "{}: these schemas are only references to one another, with no object or array in between, so they describe no value",
                            names.join(" -> ")
                        ),
                    );
                    for def in self.types.iter_mut().filter(|t| cycle.contains(&t.name)) {
                        def.kind = TypeKind::Alias(TypeRef::Json);
                    }
                }
            }
        }
    }
}

/// The keyword a union schema uses, for pointers.
fn union_key(schema: &Schema) -> &'static str {
    match &schema.schema_kind {
        SchemaKind::AnyOf { .. } => "anyOf",
        SchemaKind::Any(any) if any.one_of.is_empty() && !any.any_of.is_empty() => "anyOf",
        _ => "oneOf",
    }
}

/// The discriminator values that select the member `reference`: its `mapping` entries,
/// else (with no entry for it) the component's name.
fn discriminator_values(schema: &Schema, reference: &str) -> Vec<String> {
    let Some(discriminator) = &schema.schema_data.discriminator else {
        return Vec::new();
    };
    let Ok(component) = super::refs::component_name(reference, "schemas") else {
        return Vec::new();
    };
    let mapped: Vec<String> = discriminator
        .mapping
        .iter()
        .filter(|(_, target)| {
            target.as_str() == reference
                || target.as_str() == component
                || super::refs::component_name(target, "schemas")
                    .ok()
                    .as_deref()
                    == Some(component.as_str())
        })
        .map(|(value, _)| value.clone())
        .collect();
    if mapped.is_empty() {
        vec![component]
    } else {
        mapped
    }
}

/// A variant name for a member type without a name of its own.
fn variant_label(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::String => "String",
        TypeRef::Bool => "Boolean",
        TypeRef::I32 | TypeRef::I64 => "Integer",
        TypeRef::F32 | TypeRef::F64 => "Number",
        TypeRef::Vec(_) => "Array",
        TypeRef::Map(_) => "Map",
        TypeRef::Nullable(_) => "Nullable",
        TypeRef::Json | TypeRef::Named(_) => "Json",
        TypeRef::Format(_) => "Formatted",
        TypeRef::Bytes => "Bytes",
    }
}

/// A cycle of aliases (each the next one's target, through any wrapping), if any.
fn find_alias_cycle(aliases: &BTreeMap<String, TypeRef>) -> Option<Vec<String>> {
    for start in aliases.keys() {
        // Depth-first along alias targets, keeping the path to report the cycle.
        let mut path: Vec<String> = vec![start.clone()];
        let mut stack: Vec<Vec<String>> = vec![named_in(aliases.get(start)?)];
        let mut visited = BTreeSet::new();
        while let Some(frontier) = stack.last_mut() {
            let Some(next) = frontier.pop() else {
                stack.pop();
                path.pop();
                continue;
            };
            if &next == start {
                return Some(path);
            }
            if let Some(target) = aliases.get(&next)
                && visited.insert(next.clone())
            {
                path.push(next);
                stack.push(named_in(target));
            }
        }
    }
    None
}

/// Every named type mentioned in a type reference.
fn named_in(ty: &TypeRef) -> Vec<String> {
    match ty {
        TypeRef::Named(name) => vec![name.clone()],
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => named_in(inner),
        _ => Vec::new(),
    }
}

/// A forward-compatible string enum: known values plus a fallback that keeps others.
fn lower_string_enum(values: &[String]) -> TypeKind {
    let mut names = Namespace::default();
    let mut seen = BTreeSet::new();
    let mut variants = Vec::new();
    for value in values {
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

/// A forward-compatible integer enum: known values plus a fallback that keeps others.
fn lower_integer_enum(values: &[i64]) -> TypeKind {
    let mut names = Namespace::default();
    let mut seen = BTreeSet::new();
    let mut variants = Vec::new();
    for &value in values {
        if seen.insert(value) {
            let spelled = if value < 0 {
                format!("minus {}", value.unsigned_abs())
            } else {
                value.to_string()
            };
            variants.push(IntegerVariant {
                rust_name: names.claim(&naming::variant_name(&spelled)),
                value,
            });
        }
    }
    let fallback = names.claim("Unknown");
    TypeKind::IntegerEnum { variants, fallback }
}

/// Documentation of a schema: its title and description.
pub(crate) fn schema_doc(schema: &Schema) -> Option<String> {
    match (&schema.schema_data.title, &schema.schema_data.description) {
        (Some(title), Some(description)) => Some(format!("{title}\n\n{description}")),
        (None, Some(text)) | (Some(text), None) => Some(text.clone()),
        (None, None) => None,
    }
}

/// Documentation of a named type: the schema's, with a note when it is deprecated.
/// (A note rather than `#[deprecated]`: the crate itself names every type.)
fn type_doc(schema: &Schema) -> Option<String> {
    let text = schema_doc(schema);
    if !schema.schema_data.deprecated {
        return text;
    }
    let mut with_note = text.unwrap_or_default();
    if !with_note.is_empty() {
        with_note.push_str("\n\n");
    }
    with_note.push_str("**Deprecated** by the API.");
    Some(with_note)
}

/// Marks struct fields and union variants that hold their own type by value (directly or
/// through other types' by-value parts), which would make the type infinitely large, as
/// boxed; boxes union variants that are much larger than a pointer.
pub(crate) fn mark_recursive_fields(types: &mut [TypeDef]) {
    // Edges: type -> named types it holds by value (not through Vec or a map).
    let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for def in types.iter() {
        let targets = match &def.kind {
            TypeKind::Struct { fields, .. } => fields
                .iter()
                .filter_map(|f| by_value_target(&f.ty))
                .collect(),
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => {
                by_value_target(ty).into_iter().collect()
            }
            TypeKind::Union { variants, .. } => variants
                .iter()
                .filter_map(|v| by_value_target(&v.ty))
                .collect(),
            TypeKind::StringEnum { .. }
            | TypeKind::IntegerEnum { .. }
            | TypeKind::ResponseEnum { .. } => Vec::new(),
        };
        edges.insert(&def.name, targets);
    }
    // A by-value edge `A -> B` closes a cycle exactly when B reaches A, that is when A and
    // B are in one strongly connected component: one pass instead of a search per field.
    let component = strongly_connected_components(&edges);
    let reaches = |target: &str, goal: &str| {
        target == goal
            || matches!((component.get(target), component.get(goal)), (Some(a), Some(b)) if a == b)
    };
    let mut boxed_fields: Vec<(usize, usize)> = Vec::new();
    let mut boxed_variants: Vec<(usize, usize)> = Vec::new();
    for (type_index, def) in types.iter().enumerate() {
        match &def.kind {
            TypeKind::Struct { fields, .. } => {
                for (field_index, field) in fields.iter().enumerate() {
                    if let Some(target) = by_value_target(&field.ty)
                        && reaches(target, &def.name)
                    {
                        boxed_fields.push((type_index, field_index));
                    }
                }
            }
            TypeKind::Union { variants, .. } => {
                for (variant_index, variant) in variants.iter().enumerate() {
                    let recursive = by_value_target(&variant.ty)
                        .is_some_and(|target| reaches(target, &def.name));
                    if recursive || estimated_size(types, &variant.ty, 0) > BOX_VARIANT_ABOVE {
                        boxed_variants.push((type_index, variant_index));
                    }
                }
            }
            _ => {}
        }
    }
    for (type_index, field_index) in boxed_fields {
        if let Some(TypeKind::Struct { fields, .. }) =
            types.get_mut(type_index).map(|t| &mut t.kind)
            && let Some(field) = fields.get_mut(field_index)
        {
            field.boxed = true;
        }
    }
    for (type_index, variant_index) in boxed_variants {
        if let Some(TypeKind::Union { variants, .. }) =
            types.get_mut(type_index).map(|t| &mut t.kind)
            && let Some(variant) = variants.get_mut(variant_index)
        {
            variant.boxed = true;
        }
    }
}

/// A rough size in bytes of a value of `ty`, for deciding what to box. Recursion is cut
/// off (recursive parts are boxed anyway).
pub(crate) fn estimated_size(types: &[TypeDef], ty: &TypeRef, depth: usize) -> usize {
    if depth > 8 {
        return 8;
    }
    match ty {
        TypeRef::Bool => 1,
        TypeRef::I32 | TypeRef::F32 => 4,
        TypeRef::I64 | TypeRef::F64 => 8,
        TypeRef::String | TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Bytes => 24,
        TypeRef::Json | TypeRef::Format(_) => 32,
        TypeRef::Nullable(inner) => estimated_size(types, inner, depth + 1) + 8,
        TypeRef::Named(name) => match types.iter().find(|t| &t.name == name).map(|t| &t.kind) {
            Some(TypeKind::Struct { fields, additional }) => {
                let fields_size: usize = fields
                    .iter()
                    .map(|f| {
                        if f.boxed {
                            8
                        } else {
                            let optional = usize::from(!f.required || f.nullable) * 8;
                            estimated_size(types, &f.ty, depth + 1) + optional
                        }
                    })
                    .sum();
                fields_size + usize::from(additional.is_some()) * 24
            }
            Some(TypeKind::Alias(inner) | TypeKind::Newtype(inner)) => {
                estimated_size(types, inner, depth + 1)
            }
            Some(TypeKind::Union { variants, .. }) => {
                variants
                    .iter()
                    .map(|v| {
                        if v.boxed {
                            8
                        } else {
                            estimated_size(types, &v.ty, depth + 1)
                        }
                    })
                    .max()
                    .unwrap_or(0)
                    + 8
            }
            Some(TypeKind::StringEnum { .. } | TypeKind::ResponseEnum { .. }) => 24,
            Some(TypeKind::IntegerEnum { .. }) => 16,
            None => 8,
        },
    }
}

fn by_value_target(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Nullable(inner) => by_value_target(inner),
        _ => None,
    }
}

/// Tarjan's algorithm, iterative (deep reference chains must not overflow the stack):
/// each node's strongly connected component, as a number. Linear in nodes plus edges.
fn strongly_connected_components<'a>(
    edges: &BTreeMap<&'a str, Vec<&'a str>>,
) -> HashMap<&'a str, usize> {
    struct NodeState {
        index: usize,
        low: usize,
        on_stack: bool,
    }
    let mut state: HashMap<&str, NodeState> = HashMap::with_capacity(edges.len());
    let mut component: HashMap<&str, usize> = HashMap::with_capacity(edges.len());
    let mut stack: Vec<&str> = Vec::new();
    let mut next_index = 0;
    let mut components = 0;
    for &root in edges.keys() {
        if state.contains_key(root) {
            continue;
        }
        // Each frame: a node and how many of its edges have been followed.
        let mut frames: Vec<(&str, usize)> = vec![(root, 0)];
        state.insert(
            root,
            NodeState {
                index: next_index,
                low: next_index,
                on_stack: true,
            },
        );
        stack.push(root);
        next_index += 1;
        while let Some(&mut (node, ref mut followed)) = frames.last_mut() {
            let targets = edges.get(node).map_or(&[][..], Vec::as_slice);
            if let Some(&target) = targets.get(*followed) {
                *followed += 1;
                if !edges.contains_key(target) {
                    continue;
                }
                match state.get(target) {
                    None => {
                        state.insert(
                            target,
                            NodeState {
                                index: next_index,
                                low: next_index,
                                on_stack: true,
                            },
                        );
                        stack.push(target);
                        next_index += 1;
                        frames.push((target, 0));
                    }
                    Some(target_state) if target_state.on_stack => {
                        let target_index = target_state.index;
                        if let Some(node_state) = state.get_mut(node) {
                            node_state.low = node_state.low.min(target_index);
                        }
                    }
                    Some(_) => {}
                }
                continue;
            }
            frames.pop();
            let (index, low) = state.get(node).map_or((0, 0), |s| (s.index, s.low));
            if let Some(&(parent, _)) = frames.last()
                && let Some(parent_state) = state.get_mut(parent)
            {
                parent_state.low = parent_state.low.min(low);
            }
            if low == index {
                while let Some(member) = stack.pop() {
                    if let Some(member_state) = state.get_mut(member) {
                        member_state.on_stack = false;
                    }
                    component.insert(member, components);
                    if member == node {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
}
