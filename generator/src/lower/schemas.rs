//! Schemas -> the type table: component schemas become types under their own names,
//! inline objects, enums and unions become types named from their context
//! (`UserRolesItem`), `allOf` members are merged into one struct and `oneOf`/`anyOf`
//! become enums. Names are given later ([`super::names`]); here a type only records the
//! name its context suggests.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{AdditionalProperties, ReferenceOr, Schema};

use super::refs::MAX_REF_HOPS;
use super::shape::{
    MergedObject, Shape, discriminator_values, is_annotation_only, mapping_names, only_required,
    shape, typed_members, union_key, union_of_requirements,
};
use super::{Lowerer, Origin};
use crate::error::pointer;
use crate::ir::{
    EnumDef, EnumVariant, Field, Gate, MemberShape, StructDef, TypeDef, TypeId, TypeKind, TypeRef,
    UnionDef, UnionVariant, Wrapping,
};
use crate::naming::{self, Namespace};

/// The name a schema's context suggests for a type made from it: the whole path
/// (`UserRolesItem`) and its last part (`roles item`), which names a type that several
/// identical schemas share when they all sit under the same word.
#[derive(Debug, Clone)]
pub(crate) struct Hint {
    pub(crate) full: String,
    pub(crate) local: String,
}

impl Hint {
    /// A hint for a top-level position (`ListUsersRequest`).
    pub(crate) fn new(full: impl Into<String>) -> Self {
        let full = full.into();
        Hint {
            local: full.clone(),
            full,
        }
    }

    /// The hint of a position under this one, named `word` (a property, `Item`, ...).
    pub(crate) fn child(&self, word: &str) -> Self {
        Hint {
            full: format!("{}{}", self.full, naming::type_name(word)),
            local: word.to_owned(),
        }
    }
}

/// A schema position: a reference or an inline schema (boxed or not in `openapiv3`).
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
    /// Reserves a type for every component schema (so references resolve before their
    /// target is lowered), lowers each, then breaks cycles of aliases.
    pub(crate) fn lower_component_schemas(&mut self) {
        let typed = self.doc.components.as_ref().map(|c| &c.schemas);
        let schemas = self.schemas;
        let names = typed.into_iter().flat_map(|t| t.keys().map(String::as_str));
        for name in names.chain(schemas.iter_names()) {
            let id = self.types.push(
                placeholder(pointer("#/components/schemas", name)),
                Origin::Component(name.to_owned()),
            );
            self.components.insert(name.to_owned(), id);
        }
        // Each lowered by a lowerer as short-lived as the schema (one kept as JSON text is
        // read for this walk).
        for (index, (name, item)) in self.component_schemas().enumerate() {
            let Some(item) = item else {
                let why = "the component schema, read once, no longer reads".to_owned();
                self.diagnostics
                    .push(pointer("#/components/schemas", name), why);
                continue;
            };
            let mut scoped = self.scoped();
            scoped.lower_component_schema(index, name, &item);
            self.restore(scoped);
        }
        self.break_alias_cycles();
    }

    /// Lowers the component schema `name` into the type reserved for it, the `index`th.
    fn lower_component_schema(&mut self, index: usize, name: &str, item: &'d ReferenceOr<Schema>) {
        let at = pointer("#/components/schemas", name);
        let wanted = self.config.renames.get(name).cloned();
        let hint = Hint::new(wanted.unwrap_or_else(|| naming::type_name(name)));
        let (kind, doc) = match item {
            ReferenceOr::Reference { reference } => {
                let target = self
                    .lower_reference(reference, &pointer(&at, "$ref"))
                    .unwrap_or(TypeRef::Json);
                (TypeKind::Alias(target), None)
            }
            ReferenceOr::Item(schema) => {
                (self.lower_type_kind(schema, &at, &hint), type_doc(schema))
            }
        };
        if let Some(def) = self.types.get_mut(TypeId(index)) {
            def.kind = kind;
            def.doc = doc;
        }
    }

    /// The named type a schema reference stands for; `None` (any JSON) when there is none,
    /// a warning when the reference names a component of another kind.
    pub(crate) fn lower_reference(&mut self, reference: &str, at: &str) -> Option<TypeRef> {
        if let Some(message) = super::refs::other_kind(reference, "schemas") {
            let message = format!("{message}: read as any JSON value");
            self.diagnostics.warn(at.to_owned(), message);
            return None;
        }
        match super::refs::component_name(reference, "schemas") {
            Ok(name) => match self.components.get(&name) {
                Some(id) => Some(TypeRef::Named(*id)),
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
    /// properties, enums, unions) are added to the table with the name `hint` suggests.
    pub(crate) fn lower_schema(&mut self, view: SchemaView<'d>, at: &str, hint: &Hint) -> TypeRef {
        let ty = match view {
            SchemaView::Reference(reference) => self
                .lower_reference(reference, &pointer(at, "$ref"))
                .unwrap_or(TypeRef::Json),
            SchemaView::Inline(schema) => {
                if let Some(ty) = self.schema_types.get(at) {
                    return ty.clone();
                }
                match self.lower_anonymous(schema, at, hint) {
                    Some(ty) => ty,
                    None => {
                        let id = self.types.push(
                            placeholder(at.to_owned()),
                            Origin::Inline {
                                hint: hint.full.clone(),
                                context: hint.local.clone(),
                            },
                        );
                        // Recorded before lowering the kind, so that a schema reached
                        // again from inside itself refers to this type.
                        self.schema_types.insert(at.to_owned(), TypeRef::Named(id));
                        let kind = self.lower_type_kind(schema, at, hint);
                        if let Some(def) = self.types.get_mut(id) {
                            def.kind = kind;
                            def.doc = type_doc(schema);
                        }
                        TypeRef::Named(id)
                    }
                }
            }
        };
        self.schema_types.insert(at.to_owned(), ty.clone());
        ty
    }

    /// Types that need no name of their own (primitives, arrays, maps, any JSON, a
    /// composition of one member), or `None` when the schema must become a named type.
    fn lower_anonymous(&mut self, schema: &'d Schema, at: &str, hint: &Hint) -> Option<TypeRef> {
        match shape(schema) {
            Shape::Primitive(ty) => {
                self.warn_wide_integer_enum(schema, at);
                Some(ty)
            }
            Shape::FormattedString(format) => Some(self.format_type(format)),
            Shape::StringEnum(_) | Shape::IntegerEnum(_) | Shape::UntypedItems(_) => None,
            Shape::Array(items) => Some(TypeRef::Vec(Box::new(self.lower_items(items, at, hint)))),
            Shape::Object {
                properties,
                additional,
                ..
            } if properties.is_empty() => match additional {
                Some(AdditionalProperties::Schema(value)) => {
                    let value_at = pointer(at, "additionalProperties");
                    let ty =
                        self.lower_schema(SchemaView::of(value), &value_at, &hint.child("Value"));
                    Some(TypeRef::Map(Box::new(self.nullable_wrapped(value, ty))))
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
                    let member_at = pointer(&pointer(at, union_key(schema)), &index.to_string());
                    Some(self.lower_schema(SchemaView::of(member), &member_at, hint))
                }
                [] => Some(TypeRef::Json),
                _ => None,
            },
            Shape::Any => Some(TypeRef::Json),
            Shape::BesideUnion => {
                let union = union_key(schema);
                self.diagnostics.warn(
                    pointer(at, union),
                    format!("properties beside `{union}` whose members carry types of their own: no one Rust type holds both, so the schema is generated as any JSON value (`serde_json::Value`)"),
                );
                Some(TypeRef::Json)
            }
        }
    }

    /// The item type of an array (any JSON without `items`), `Option` when items may be
    /// `null`.
    fn lower_items(
        &mut self,
        items: Option<&'d ReferenceOr<Box<Schema>>>,
        at: &str,
        hint: &Hint,
    ) -> TypeRef {
        let Some(items) = items else {
            return TypeRef::Json;
        };
        let item_at = pointer(at, "items");
        let ty = self.lower_schema(SchemaView::of_boxed(items), &item_at, &hint.child("Item"));
        let nullable = self
            .boxed_schema_of(items)
            .is_some_and(|s| s.schema_data.nullable);
        wrap_nullable(nullable, ty)
    }

    /// `items` without `type` ([`Shape::UntypedItems`]): an untagged union of an array of
    /// the items, the item type itself (what such documents mean, Slack's among them) and
    /// any JSON value, tried in that order (the runtime piece `untagged`, so decoding stays
    /// linear), with a warning. Items of any JSON make it any JSON.
    fn lower_untyped_items(
        &mut self,
        items: &'d ReferenceOr<Box<Schema>>,
        at: &str,
        hint: &Hint,
    ) -> TypeKind {
        let item = self.lower_items(Some(items), at, hint);
        let own = match &item {
            TypeRef::Nullable(inner) => (**inner).clone(),
            other => other.clone(),
        };
        if own == TypeRef::Json {
            self.diagnostics.warn(
                at.to_owned(),
                "`items` without `type`: JSON Schema applies `items` to arrays only, and these items may be anything, so the schema allows any value: generated as any JSON value (`serde_json::Value`); add `type: array` if only arrays are meant",
            );
            return TypeKind::Alias(TypeRef::Json);
        }
        self.diagnostics.warn(
            at.to_owned(),
            "`items` without `type`: JSON Schema applies `items` to arrays only, so a value that is not an array is valid too; generated as a union of an array of the items, one item, and any other JSON value (`serde_json::Value`), tried in that order; add `type: array` if only arrays are meant",
        );
        let variant = |ty| UnionVariant {
            rust_name: String::new(),
            ty,
            tag_values: Vec::new(),
            boxed: false,
            shape: MemberShape::default(),
            passed_over: false,
        };
        TypeKind::Union(UnionDef {
            variants: vec![
                variant(TypeRef::Vec(Box::new(item))),
                variant(own),
                variant(TypeRef::Json),
            ],
            discriminator: None,
            fallback: None,
        })
    }

    /// The enum of a list of string values, made once per distinct list.
    fn string_enum(&mut self, values: Vec<String>) -> TypeKind {
        if let Some(kind) = self.string_enums.get(&values) {
            return kind.clone();
        }
        let kind = lower_string_enum(&values);
        self.string_enums.insert(values, kind.clone());
        kind
    }

    /// The kind of a type that gets a name.
    fn lower_type_kind(&mut self, schema: &'d Schema, at: &str, hint: &Hint) -> TypeKind {
        match shape(schema) {
            Shape::StringEnum(values) => self.string_enum(values),
            Shape::IntegerEnum(values) => lower_integer_enum(&values),
            Shape::UntypedItems(items) => self.lower_untyped_items(items, at, hint),
            Shape::Object {
                properties,
                required,
                additional,
            } if !properties.is_empty() => {
                let mut merged = MergedObject::default();
                merged.add(properties, required, additional, at);
                self.lower_struct(merged, hint)
            }
            Shape::AllOf { members, own } if own.is_some() || typed_members(members).len() > 1 => {
                let mut merged = MergedObject::default();
                if self.merge_all_of(&mut merged, members, &pointer(at, "allOf"), 0) {
                    if let Some((properties, required, additional)) = own {
                        merged.add(properties, required, additional, at);
                    }
                    self.lower_struct(merged, hint)
                } else {
                    // Members that are not all objects (a string and an object, say) have
                    // no one Rust type: any JSON, with a warning.
                    self.diagnostics.warn(
                        pointer(at, "allOf"),
                        "the `allOf` members are not all objects, so no one Rust type holds them: generated as any JSON value (`serde_json::Value`)",
                    );
                    TypeKind::Alias(TypeRef::Json)
                }
            }
            Shape::Union(members) if typed_members(members).len() > 1 => {
                if schema.schema_data.discriminator.is_some() {
                    self.warn_unmapped_discriminator_values(schema, members, at);
                }
                self.lower_union(schema, members, &pointer(at, union_key(schema)), hint)
            }
            _ => match self.lower_anonymous(schema, at, hint) {
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
        if depth > MAX_REF_HOPS {
            self.diagnostics.push(
                at.to_owned(),
                "the `allOf` members include themselves: the references form a cycle",
            );
            return false;
        }
        let table = self.schema_table();
        for (index, member) in members.iter().enumerate() {
            let member_at = pointer(at, &index.to_string());
            let Some((schema, schema_at)) = self.resolve(member, &member_at, &table) else {
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
                // A member that only requires names properties others declare
                // (DigitalOcean: `allOf: [$ref, {required: [name]}]`); a union of such
                // members requires one of them, none in particular.
                _ if only_required(schema).is_some() => {
                    let names = only_required(schema).unwrap_or_default();
                    merged.require(names, &schema_at);
                }
                _ if union_of_requirements(schema) => {}
                _ => return false,
            }
        }
        true
    }

    /// A struct from merged object parts. Fields that are read-only or write-only are
    /// optional whatever `required` says: each is absent in one direction.
    fn lower_struct(&mut self, merged: MergedObject<'d>, hint: &Hint) -> TypeKind {
        // The map of extra keys is a field too.
        let mut field_names = if merged.additional.is_some() {
            Namespace::with_reserved(&["additional_properties"])
        } else {
            Namespace::default()
        };
        let mut fields = Vec::with_capacity(merged.properties.len());
        for (wire_name, (property, property_at)) in &merged.properties {
            let view = SchemaView::of_boxed(property);
            let ty = self.lower_schema(view, property_at, &hint.child(wire_name));
            let target = self.boxed_schema_of(property);
            let own_doc = match view {
                SchemaView::Inline(schema) => schema_doc(schema),
                SchemaView::Reference(_) => None,
            };
            let mut doc = own_doc.or_else(|| target.and_then(schema_doc));
            let mut required = merged.required.contains_key(wire_name);
            if let Some(schema) = target {
                let (notes, read_or_write_only) = property_notes(schema);
                if read_or_write_only {
                    required = false;
                }
                if !notes.is_empty() {
                    let mut text = doc.unwrap_or_else(|| format!("`{wire_name}`"));
                    text.push_str("\n\n");
                    text.push_str(&notes.join(" "));
                    doc = Some(text);
                }
            }
            let nullable = target.is_some_and(|s| s.schema_data.nullable);
            fields.push(Field {
                rust_name: field_names.claim(&naming::snake_name(wire_name)),
                wire_name: (*wire_name).to_owned(),
                doc,
                ty,
                wrapping: Wrapping::of(required, nullable),
                boxed: false,
                deprecated: target.is_some_and(|s| s.schema_data.deprecated),
            });
        }
        let additional = match &merged.additional {
            Some((AdditionalProperties::Schema(value), value_at)) => {
                let ty = self.lower_schema(SchemaView::of(value), value_at, &hint.child("Value"));
                Some(self.nullable_wrapped(value, ty))
            }
            Some((AdditionalProperties::Any(true), _)) => Some(TypeRef::Json),
            Some((AdditionalProperties::Any(false), _)) | None => None,
        };
        self.undeclared_required(&merged, additional.as_ref(), &mut field_names, &mut fields);
        TypeKind::Struct(StructDef { fields, additional })
    }

    /// Names `required` gives that no property declares (Asana's `SectionRequest`
    /// requires `project`): JSON Schema then asks for the key with any value (or a value
    /// of `additionalProperties`). Without a field for it no request could be valid, so
    /// each is a field of that type, with a warning. The field is optional: such a name is
    /// often a typo (Box's shared links require `accessed` beside the property `access`),
    /// and answers without the key still decode. Where `additionalProperties` is `false`
    /// no value has the key: a warning, and no field.
    fn undeclared_required(
        &mut self,
        merged: &MergedObject<'d>,
        additional: Option<&TypeRef>,
        field_names: &mut Namespace,
        fields: &mut Vec<Field>,
    ) {
        let closed = matches!(
            merged.additional,
            Some((AdditionalProperties::Any(false), _))
        );
        for (wire_name, required_at) in &merged.required {
            if merged.properties.contains_key(wire_name) {
                continue;
            }
            if closed {
                self.diagnostics.warn(
                    required_at.clone(),
                    format!(
                        "`{wire_name}` is required, but no property declares it and \
                         `additionalProperties` is `false`: no value fits the schema; \
                         the requirement is ignored"
                    ),
                );
                continue;
            }
            let ty = additional.cloned().unwrap_or(TypeRef::Json);
            self.diagnostics.warn(
                required_at.clone(),
                format!(
                    "`{wire_name}` is required, but no property declares it: generated as an \
                     optional field of {} (set it in requests; answers without it decode)",
                    if ty == TypeRef::Json {
                        "any JSON value (`serde_json::Value`)"
                    } else {
                        "the `additionalProperties` type"
                    }
                ),
            );
            fields.push(Field {
                rust_name: field_names.claim(&naming::snake_name(wire_name)),
                wire_name: (*wire_name).to_owned(),
                doc: Some(format!(
                    "`{wire_name}`\n\nRequired by the document, which does not declare it: \
                     set it in requests."
                )),
                ty,
                wrapping: Wrapping::of(false, false),
                boxed: false,
                deprecated: false,
            });
        }
    }

    /// `oneOf`/`anyOf` -> an enum. With a discriminator whose members are all references,
    /// the enum is tagged by that property (unknown tags are kept); otherwise it is
    /// untagged and the first member that decodes wins. Variant names are given with the
    /// type names ([`super::names`]).
    fn lower_union(
        &mut self,
        schema: &'d Schema,
        members: &'d [ReferenceOr<Schema>],
        at: &str,
        hint: &Hint,
    ) -> TypeKind {
        let mut variants = Vec::new();
        for (index, member) in typed_members(members) {
            let member_at = pointer(at, &index.to_string());
            let member_hint = hint.child(&format!("Variant{}", index + 1));
            let ty = self.lower_schema(SchemaView::of(member), &member_at, &member_hint);
            let tag_values = match member {
                ReferenceOr::Reference { reference } => discriminator_values(schema, reference),
                ReferenceOr::Item(_) => Vec::new(),
            };
            variants.push(UnionVariant {
                rust_name: String::new(),
                ty,
                tag_values,
                boxed: false,
                shape: MemberShape::default(),
                passed_over: false,
            });
        }
        let tagged = schema.schema_data.discriminator.is_some()
            && variants.iter().all(|v| !v.tag_values.is_empty());
        let mut discriminator = schema
            .schema_data
            .discriminator
            .as_ref()
            .filter(|_| tagged)
            .map(|d| d.property_name.clone());
        if discriminator.is_none()
            && let Some((property, tags)) = self.implicit_tag(members)
            && tags.len() == variants.len()
        {
            for (variant, tag) in variants.iter_mut().zip(tags) {
                variant.tag_values = vec![tag];
            }
            discriminator = Some(property);
        }
        if discriminator.is_none() {
            for variant in &mut variants {
                variant.tag_values.clear();
            }
        }
        let fallback = discriminator.as_ref().map(|_| String::new());
        TypeKind::Union(UnionDef {
            variants,
            discriminator,
            fallback,
        })
    }

    /// A property that tells the members of a union apart without a `discriminator`:
    /// every member is an object that requires it with one string value of its own
    /// (`{allow: {enum: [any]}}` / `{allow: {enum: [list]}, ips: ...}`). Untagged, the
    /// first member would take every value (its enum keeps unknown values), dropping the
    /// other members' properties; tagged by it, each value finds its member.
    fn implicit_tag(&self, members: &'d [ReferenceOr<Schema>]) -> Option<(String, Vec<String>)> {
        if members.len() < 2 {
            return None;
        }
        // Per member: its required properties that hold one string value.
        let mut constants: Vec<Vec<(&String, &String)>> = Vec::new();
        for member in members {
            let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) =
                &self.schema_of(member)?.schema_kind
            else {
                return None;
            };
            let own = object
                .properties
                .iter()
                .filter(|(name, _)| object.required.contains(name))
                .filter_map(
                    |(name, property)| match &self.boxed_schema_of(property)?.schema_kind {
                        openapiv3::SchemaKind::Type(openapiv3::Type::String(string)) => {
                            match string.enumeration.as_slice() {
                                [Some(value)] => Some((name, value)),
                                _ => None,
                            }
                        }
                        _ => None,
                    },
                )
                .collect();
            constants.push(own);
        }
        // The first such property every member holds, with a value of its own in each.
        let (first, rest) = constants.split_first()?;
        first.iter().find_map(|(property, value)| {
            let mut tags = vec![(*value).clone()];
            for own in rest {
                let (_, value) = own.iter().find(|(name, _)| name == property)?;
                tags.push((*value).clone());
            }
            let distinct: BTreeSet<&String> = tags.iter().collect();
            (distinct.len() == tags.len()).then(|| ((*property).clone(), tags))
        })
    }

    /// A discriminator `mapping` entry that names no member selects nothing: a value with
    /// its tag is kept whole by the fallback variant. Said with a warning.
    fn warn_unmapped_discriminator_values(
        &mut self,
        schema: &Schema,
        members: &[ReferenceOr<Schema>],
        at: &str,
    ) {
        let Some(discriminator) = &schema.schema_data.discriminator else {
            return;
        };
        let mapping_at = pointer(&pointer(at, "discriminator"), "mapping");
        for (value, target) in &discriminator.mapping {
            let named = members.iter().any(|member| match member {
                ReferenceOr::Reference { reference } => {
                    super::refs::component_name(reference, "schemas")
                        .is_ok_and(|component| mapping_names(target, reference, &component))
                }
                ReferenceOr::Item(_) => false,
            });
            if !named {
                self.diagnostics.warn(
                    pointer(&mapping_at, value),
                    format!(
                        "the mapping `{value}` names `{target}`, which is no member of the union: the value selects no member"
                    ),
                );
            }
        }
    }

    /// An integer `enum` with a value that is not a 64-bit integer cannot be an integer
    /// enum: the schema is read as a plain integer (`i64`), with a warning.
    fn warn_wide_integer_enum(&mut self, schema: &Schema, at: &str) {
        let openapiv3::SchemaKind::Any(any) = &schema.schema_kind else {
            return;
        };
        if any.typ.as_deref() != Some("integer") {
            return;
        }
        if let Some(value) = any.enumeration.iter().find(|v| !v.is_null() && !v.is_i64()) {
            self.diagnostics.warn(
                pointer(at, "enum"),
                format!(
                    "the enum value `{value}` is not a 64-bit integer: the type is a plain `i64` without the enum's values (a value beyond its range fails to decode)"
                ),
            );
        }
    }

    /// Wraps an array item or map value in `Option` when its schema is nullable.
    pub(crate) fn nullable_wrapped(&self, item: &'d ReferenceOr<Schema>, ty: TypeRef) -> TypeRef {
        let nullable = self.nullable_of(item);
        wrap_nullable(nullable, ty)
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
            let aliases: BTreeMap<TypeId, TypeRef> = self
                .types
                .defs
                .iter()
                .enumerate()
                .filter_map(|(index, def)| match &def.kind {
                    TypeKind::Alias(target) => Some((TypeId(index), target.clone())),
                    _ => None,
                })
                .collect();
            let Some(cycle) = find_alias_cycle(&aliases) else {
                return;
            };
            let indirect = cycle
                .iter()
                .find(|id| !matches!(aliases.get(id), Some(TypeRef::Named(_))));
            if let Some(id) = indirect {
                if let Some(def) = self.types.get_mut(*id)
                    && let TypeKind::Alias(target) = &def.kind
                {
                    def.kind = TypeKind::Newtype(target.clone());
                }
                continue;
            }
            self.report_reference_cycle(&cycle);
        }
    }

    /// Reports a cycle of bare references and makes its members any JSON.
    fn report_reference_cycle(&mut self, cycle: &[TypeId]) {
        // Name the schemas as the document does: the last token of each pointer.
        let mut names: Vec<String> = cycle
            .iter()
            .filter_map(|id| self.types.get(*id))
            .map(|def| {
                let token = def.pointer.rsplit('/').next().unwrap_or_default();
                format!("`{}`", crate::pointer::unescape(token))
            })
            .collect();
        if let Some(first) = names.first().cloned() {
            names.push(first);
        }
        let at = cycle
            .first()
            .and_then(|id| self.types.get(*id))
            .map_or_else(
                || "#/components/schemas".to_owned(),
                |def| def.pointer.clone(),
            );
        self.diagnostics.push(
            at,
            format!(
                "{}: these schemas are only references to one another, with no object or array in between, so they describe no value",
                names.join(" -> ")
            ),
        );
        for id in cycle {
            if let Some(def) = self.types.get_mut(*id) {
                def.kind = TypeKind::Alias(TypeRef::Json);
            }
        }
    }
}

/// A table entry whose kind is filled in once lowered.
fn placeholder(pointer: String) -> TypeDef {
    TypeDef {
        name: String::new(),
        doc: None,
        pointer,
        kind: TypeKind::Alias(TypeRef::Json),
        gate: Gate::default(),
    }
}

fn wrap_nullable(nullable: bool, ty: TypeRef) -> TypeRef {
    if nullable && ty != TypeRef::Json {
        TypeRef::Nullable(Box::new(ty))
    } else {
        ty
    }
}

/// The notes a property's schema adds to its field's docs, and whether it is read-only
/// or write-only (then optional whatever `required` says).
fn property_notes(schema: &Schema) -> (Vec<String>, bool) {
    let data = &schema.schema_data;
    let mut notes = Vec::new();
    if data.read_only {
        notes.push("Read-only: sent by the server, ignored in requests.".to_owned());
    }
    if data.write_only {
        notes.push("Write-only: sent by the client, never in responses.".to_owned());
    }
    if let Some(default) = &data.default {
        notes.push(format!("Default: `{default}`."));
    }
    (notes, data.read_only || data.write_only)
}

/// A cycle of aliases (each the next one's target, through any wrapping), if any.
fn find_alias_cycle(aliases: &BTreeMap<TypeId, TypeRef>) -> Option<Vec<TypeId>> {
    let named_in = |ty: &TypeRef| {
        let mut out = Vec::new();
        ty.for_each_named(&mut |id| out.push(id));
        out
    };
    for (&start, target) in aliases {
        // Depth-first along alias targets, keeping the path to report the cycle.
        let mut path: Vec<TypeId> = vec![start];
        let mut stack: Vec<Vec<TypeId>> = vec![named_in(target)];
        let mut visited = BTreeSet::new();
        while let Some(frontier) = stack.last_mut() {
            let Some(next) = frontier.pop() else {
                stack.pop();
                path.pop();
                continue;
            };
            if next == start {
                return Some(path);
            }
            if let Some(target) = aliases.get(&next)
                && visited.insert(next)
            {
                path.push(next);
                stack.push(named_in(target));
            }
        }
    }
    None
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
                value: value.clone(),
            });
        }
    }
    let fallback = names.claim("Unknown");
    TypeKind::StringEnum(EnumDef { variants, fallback })
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
            variants.push(EnumVariant {
                rust_name: names.claim(&naming::variant_name(&spelled)),
                value,
            });
        }
    }
    let fallback = names.claim("Unknown");
    TypeKind::IntegerEnum(EnumDef { variants, fallback })
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
