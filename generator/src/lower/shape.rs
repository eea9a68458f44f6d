//! What a schema means for Rust, whichever way the document spelled it: a primitive, a
//! formatted string, an enum, an array, an object, an `allOf` to merge, a union, or any
//! JSON. Pure functions of one `openapiv3` schema; no references are followed here.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, Type,
    VariantOrUnknownOrEmpty,
};

use crate::error::pointer;
use crate::ir::TypeRef;

/// A property list, borrowed from an object schema (typed or untyped).
pub(crate) type Properties<'d> = &'d IndexMap<String, ReferenceOr<Box<Schema>>>;

/// What a schema means for Rust, whichever way the document spelled it (`type: object`
/// with `allOf` beside it parses as an untyped schema, for example).
pub(crate) enum Shape<'d> {
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
    /// `items` with no `type` and nothing else that says array (`minItems`, `maxItems`,
    /// `uniqueItems`, an array `example` or `default`): JSON Schema applies `items` to
    /// arrays only, so a value that is not an array is valid too (Slack writes its unions
    /// as `items: {anyOf: [...]}` and gives objects as examples).
    UntypedItems(&'d ReferenceOr<Box<Schema>>),
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
    /// Properties beside a `oneOf`/`anyOf` whose members carry types: no Rust type holds
    /// both without guessing, so any JSON, with a warning.
    BesideUnion,
}

pub(crate) fn shape(schema: &Schema) -> Shape<'_> {
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
        SchemaKind::OneOf { one_of } => union_shape(one_of),
        SchemaKind::AnyOf { any_of } => union_shape(any_of),
        SchemaKind::Not { .. } => Shape::Any,
        SchemaKind::Any(any) => any_shape(any, &schema.schema_data),
    }
}

/// The meaning of a schema that mixes keywords of several types.
fn any_shape<'d>(any: &'d openapiv3::AnySchema, data: &openapiv3::SchemaData) -> Shape<'d> {
    let has_object_parts = !any.properties.is_empty() || any.additional_properties.is_some();
    if !any.all_of.is_empty() {
        // `required` beside `allOf` requires properties its members declare.
        let own = has_object_parts || !any.required.is_empty();
        return Shape::AllOf {
            members: &any.all_of,
            own: own.then_some((
                &any.properties,
                any.required.as_slice(),
                any.additional_properties.as_ref(),
            )),
        };
    }
    let has_union = !any.one_of.is_empty() || !any.any_of.is_empty();
    // A union of members that only require names properties beside it declare (GitHub's
    // `{properties: {id, owner, ...}, oneOf: [{required: [id]}, {required: [owner, ...]}]}`):
    // one set or another is present, so the object requires none of them in particular.
    if has_union
        && has_object_parts
        && [&any.one_of, &any.any_of]
            .into_iter()
            .all(|members| members.is_empty() || only_require(members))
    {
        return Shape::Object {
            properties: &any.properties,
            required: &any.required,
            additional: any.additional_properties.as_ref(),
        };
    }
    // Other properties beside `oneOf`/`anyOf` belong to every member; no Rust type holds
    // both without guessing, so such a schema is any JSON (a warned fallback).
    if has_union && has_object_parts {
        return Shape::BesideUnion;
    }
    if !any.one_of.is_empty() {
        return union_shape(&any.one_of);
    }
    if !any.any_of.is_empty() {
        return union_shape(&any.any_of);
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
        None => match &any.items {
            Some(items) if !says_array(any, data) => Shape::UntypedItems(items),
            Some(items) => Shape::Array(Some(items)),
            None => Shape::Any,
        },
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

/// Whether a schema without `type` says by more than `items` that its values are arrays:
/// another array keyword, or an array as its example or default.
fn says_array(any: &openapiv3::AnySchema, data: &openapiv3::SchemaData) -> bool {
    any.min_items.is_some()
        || any.max_items.is_some()
        || any.unique_items.is_some()
        || [&data.example, &data.default]
            .into_iter()
            .flatten()
            .any(serde_json::Value::is_array)
}

/// A union, or a string enum when every member is an inline string with one value (how
/// Dropshot and others write an enum whose values each carry a description).
fn union_shape(members: &[ReferenceOr<Schema>]) -> Shape<'_> {
    let values: Option<Vec<String>> = members
        .iter()
        .map(|member| match member {
            ReferenceOr::Item(schema) => match &schema.schema_kind {
                SchemaKind::Type(Type::String(string)) => match string.enumeration.as_slice() {
                    [Some(value)] => Some(value.clone()),
                    _ => None,
                },
                _ => None,
            },
            ReferenceOr::Reference { .. } => None,
        })
        .collect();
    match values {
        Some(values) if members.len() > 1 => Shape::StringEnum(values),
        _ => Shape::Union(members),
    }
}

/// Whether a schema only annotates (a description, `nullable`) and constrains nothing,
/// as `allOf` members next to a `$ref` often do.
pub(crate) fn is_annotation_only(item: &ReferenceOr<Schema>) -> bool {
    match item {
        ReferenceOr::Reference { .. } => false,
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            SchemaKind::Any(any) => *any == openapiv3::AnySchema::default(),
            _ => false,
        },
    }
}

/// The names a schema that only requires (`{required: [name]}`, with annotations at
/// most: DigitalOcean's `allOf` members) requires; `None` for any other schema.
pub(crate) fn only_required(schema: &Schema) -> Option<&[String]> {
    match &schema.schema_kind {
        SchemaKind::Any(any)
            if !any.required.is_empty()
                && *any
                    == (openapiv3::AnySchema {
                        required: any.required.clone(),
                        ..openapiv3::AnySchema::default()
                    }) =>
        {
            Some(&any.required)
        }
        _ => None,
    }
}

/// Whether a schema is a union (`anyOf`, `oneOf`) of inline members that only require
/// (`anyOf: [{required: [a]}, {required: [b]}]`): one of the names is present, so none
/// is required of the type.
pub(crate) fn union_of_requirements(schema: &Schema) -> bool {
    let members = match &schema.schema_kind {
        SchemaKind::AnyOf { any_of } => any_of,
        SchemaKind::OneOf { one_of } => one_of,
        _ => return false,
    };
    only_require(members)
}

/// Whether a union's members are all inline members that only require.
fn only_require(members: &[ReferenceOr<Schema>]) -> bool {
    !members.is_empty()
        && members.iter().all(|member| match member {
            ReferenceOr::Item(member) => only_required(member).is_some(),
            ReferenceOr::Reference { .. } => false,
        })
}

/// The members of an `allOf` or union that carry a type.
pub(crate) fn typed_members(members: &[ReferenceOr<Schema>]) -> Vec<(usize, &ReferenceOr<Schema>)> {
    members
        .iter()
        .enumerate()
        .filter(|(_, member)| !is_annotation_only(member))
        .collect()
}

/// The object parts of an `allOf`, merged in member order.
#[derive(Default)]
pub(crate) struct MergedObject<'d> {
    /// Wire name -> (schema, pointer); a later member's property replaces an earlier one.
    pub(crate) properties:
        IndexMap<&'d str, (&'d ReferenceOr<Box<Schema>>, String), rustc_hash::FxBuildHasher>,
    /// Wire name -> the pointer of the first `required` that names it.
    pub(crate) required: IndexMap<&'d str, String, rustc_hash::FxBuildHasher>,
    pub(crate) additional: Option<(&'d AdditionalProperties, String)>,
}

impl<'d> MergedObject<'d> {
    pub(crate) fn add(
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
        self.require(required, at);
        if let Some(additional) = additional {
            self.additional = Some((additional, pointer(at, "additionalProperties")));
        }
    }

    /// Records the names `required` (of the schema at `at`) gives.
    pub(crate) fn require(&mut self, required: &'d [String], at: &str) {
        for name in required {
            self.required
                .entry(name.as_str())
                .or_insert_with(|| pointer(at, "required"));
        }
    }
}

/// The keyword a union schema uses, for pointers.
pub(crate) fn union_key(schema: &Schema) -> &'static str {
    match &schema.schema_kind {
        SchemaKind::AnyOf { .. } => "anyOf",
        SchemaKind::Any(any) if any.one_of.is_empty() && !any.any_of.is_empty() => "anyOf",
        _ => "oneOf",
    }
}

/// The discriminator values that select the member `reference`: its `mapping` entries,
/// else (with no entry for it) the component's name.
pub(crate) fn discriminator_values(schema: &Schema, reference: &str) -> Vec<String> {
    let Some(discriminator) = &schema.schema_data.discriminator else {
        return Vec::new();
    };
    let Ok(component) = super::refs::component_name(reference, "schemas") else {
        return Vec::new();
    };
    let mapped: Vec<String> = discriminator
        .mapping
        .iter()
        .filter(|(_, target)| mapping_names(target, reference, &component))
        .map(|(value, _)| value.clone())
        .collect();
    if mapped.is_empty() {
        vec![component]
    } else {
        mapped
    }
}

/// Whether a discriminator `mapping` target names the member `reference` (the component
/// `component`): as the same reference, the bare component name, or another spelling of
/// a reference to it.
pub(crate) fn mapping_names(target: &str, reference: &str, component: &str) -> bool {
    target == reference
        || target == component
        || super::refs::component_name(target, "schemas")
            .ok()
            .as_deref()
            == Some(component)
}
