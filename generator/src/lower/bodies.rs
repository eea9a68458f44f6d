//! Request bodies -> the body argument: the preferred media type (JSON, then form,
//! multipart, text, bytes) decides how it is sent and what the argument's type is.

use openapiv3::{Encoding, MediaType};

use super::Lowerer;
use super::media::{RequestKind, is_json, is_wildcard, media_essence, request_kind};
use super::parameters::ValueShape;
use super::schemas::{Hint, SchemaView};
use crate::error::pointer;
use crate::ir::{
    BodyMedia, FormField, FormRule, MultipartPart, MultipartStruct, ParamStyle, PartValue,
    RequestBody, TypeKind, TypeRef,
};
use crate::naming::{self, Namespace};

impl<'d> Lowerer<'d> {
    /// The request body of an operation, if it has one with a media type.
    pub(crate) fn lower_request_body(
        &mut self,
        operation: &'d openapiv3::Operation,
        at: &str,
        prefix: &str,
    ) -> Option<RequestBody> {
        let body_at = pointer(at, "requestBody");
        let table = self.table("requestBodies", |c| &c.request_bodies);
        let (body, body_at) = self.resolve(operation.request_body.as_ref()?, &body_at, &table)?;
        let (media, media_type) = body
            .content
            .iter()
            .min_by_key(|(media, media_type)| self.request_kind_of(media, media_type))?;
        let media_at = pointer(&pointer(&body_at, "content"), media);
        let kind = self.request_kind_of(media, media_type);
        let hint = Hint::new(format!("{prefix}Request"));
        let ty = match (kind, &media_type.schema) {
            (RequestKind::Json | RequestKind::Form, Some(schema)) => {
                self.lower_schema(SchemaView::of(schema), &pointer(&media_at, "schema"), &hint)
            }
            (RequestKind::Json, None) => TypeRef::Json,
            // A form without a schema: names and text values.
            (RequestKind::Form, None) => TypeRef::Map(Box::new(TypeRef::String)),
            (RequestKind::Text, _) => TypeRef::String,
            (RequestKind::Bytes | RequestKind::Multipart, _) => TypeRef::Bytes,
        };
        if matches!(kind, RequestKind::Bytes | RequestKind::Text)
            && let Some(schema) = &media_type.schema
            && is_structured(self.schema_of(schema))
        {
            // YouTube's uploads (`application/octet-stream` and `video/*` of a `Video`),
            // Docker's `POST /networks/{id}/connect`: no encoding of an object in such a
            // body is defined, so the caller's bytes or text go out as given.
            let essence = media_essence(media);
            let message = if essence.ends_with("xml") {
                format!(
                    "the body's schema is an object or an array under `{media}`, and XML is \
                     not written from schemas: the body is sent as the XML text the caller \
                     gives"
                )
            } else {
                format!(
                    "the media type `{media}` is not JSON, yet its schema is an object or an \
                     array: the body is sent as the {} the caller gives, which the schema does \
                     not describe (a server that checks the body against it refuses them)",
                    if kind == RequestKind::Text {
                        "text"
                    } else {
                        "bytes"
                    }
                )
            };
            self.diagnostics.warn(pointer(&media_at, "schema"), message);
        }
        let media_kind = match kind {
            RequestKind::Json => BodyMedia::Json,
            RequestKind::Form => self.form_media(&ty, media_type, &media_at),
            RequestKind::Multipart => {
                BodyMedia::Multipart(self.multipart_struct(media_type, &media_at, prefix))
            }
            RequestKind::Text => BodyMedia::Text(media.clone()),
            // A wildcard is no content type to send; bytes are `application/octet-stream`.
            RequestKind::Bytes if is_wildcard(media) => {
                BodyMedia::Bytes("application/octet-stream".to_owned())
            }
            RequestKind::Bytes => BodyMedia::Bytes(media.clone()),
        };
        let mut doc = body.description.clone();
        if body.content.len() > 1 {
            let mut text = doc.unwrap_or_default();
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&format!("Sent as `{media}`."));
            doc = Some(text);
        }
        Some(RequestBody {
            ty,
            required: body.required,
            doc,
            media: media_kind,
        })
    }

    /// How a form body is written: each property of the body's object by its `encoding`
    /// entry, else by OpenAPI's defaults. A body that is not an object has no names for
    /// its values: it is sent as JSON, with a warning.
    fn form_media(&mut self, ty: &TypeRef, media_type: &'d MediaType, media_at: &str) -> BodyMedia {
        let Some(properties) = self.object_properties(ty) else {
            self.diagnostics.warn(
                pointer(media_at, "schema"),
                "a form body must be an object (its properties are the form's fields): this body is sent as JSON (`application/json`)",
            );
            return BodyMedia::Json;
        };
        // Properties without an entry are written by OpenAPI's defaults, which the
        // runtime applies to each value as it is sent (the same rule as `form_rule`
        // without an entry: scalars and arrays of scalars in `form`, exploded; objects
        // and nested arrays as JSON text).
        let encoding_at = pointer(media_at, "encoding");
        let mut fields = Vec::new();
        for (wire_name, encoding) in &media_type.encoding {
            let ty = properties
                .iter()
                .find(|(name, _)| name == wire_name)
                .map(|(_, ty)| ty);
            let at = pointer(&encoding_at, wire_name);
            let rule = self.form_rule(encoding, ty, &at);
            fields.extend(rule.map(|rule| FormField {
                wire_name: wire_name.clone(),
                rule,
            }));
        }
        BodyMedia::Form(fields)
    }

    /// The properties (wire name and type) of an object type, following aliases; an empty
    /// list for a map or a union of objects (their properties are known when sent);
    /// `None` for anything that is not an object.
    fn object_properties(&self, ty: &TypeRef) -> Option<Vec<(String, TypeRef)>> {
        match ty {
            TypeRef::Map(_) => Some(Vec::new()),
            TypeRef::Named(id) => match &self.types.get(*id)?.kind {
                TypeKind::Struct(def) => Some(
                    def.fields
                        .iter()
                        .map(|field| (field.wire_name.clone(), field.ty.clone()))
                        .collect(),
                ),
                TypeKind::Alias(inner) | TypeKind::Newtype(inner) => self.object_properties(inner),
                TypeKind::Union(union) => {
                    let all_objects = union
                        .variants
                        .iter()
                        .all(|variant| self.object_properties(&variant.ty).is_some());
                    all_objects.then(Vec::new)
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// How one property of a form body with an `encoding` entry is written (OpenAPI
    /// 3.0.3 and 3.1, Encoding Object): in a style when the entry gives `style`,
    /// `explode` or `allowReserved` (the loader then writes the query parameters'
    /// defaults in: `form`, exploded; openapiv3 would read an absent `explode` as false);
    /// else by its `contentType`: JSON text for a JSON type. `None` when OpenAPI's
    /// defaults apply (the runtime's: scalars and arrays of scalars in `form`, exploded;
    /// objects and nested arrays as JSON text). `ty` is the property's type, if the
    /// schema lists it.
    fn form_rule(
        &mut self,
        encoding: &Encoding,
        ty: Option<&TypeRef>,
        at: &str,
    ) -> Option<FormRule> {
        if let Some(style) = &encoding.style {
            let style = match style {
                openapiv3::QueryStyle::Form => ParamStyle::Form,
                openapiv3::QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                openapiv3::QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                openapiv3::QueryStyle::DeepObject => ParamStyle::DeepObject,
            };
            if let Some(ty) = ty {
                self.warn_about_style_shape(style, at.to_owned(), ty);
            }
            return Some(FormRule::Style {
                style,
                explode: encoding.explode,
                allow_reserved: encoding.allow_reserved,
            });
        }
        let content_type = encoding.content_type.as_deref()?;
        if is_json(content_type) {
            return Some(FormRule::Json);
        }
        let object = ty.is_some_and(|ty| {
            matches!(
                self.value_shape(ty),
                ValueShape::FlatObject | ValueShape::Nested
            )
        });
        if object {
            self.diagnostics.warn(
                pointer(at, "contentType"),
                format!("an object in a form body cannot be written as `{content_type}`: it is sent as its JSON text"),
            );
        }
        None
    }

    /// The request struct of a multipart body whose schema is an object with properties
    /// (one part each); `None` for any other schema, whose parts the caller puts
    /// together as a `reqwest::multipart::Form`.
    fn multipart_struct(
        &mut self,
        media_type: &'d MediaType,
        media_at: &str,
        prefix: &str,
    ) -> Option<MultipartStruct> {
        let item = media_type.schema.as_ref()?;
        let schema_at = match item {
            openapiv3::ReferenceOr::Reference { reference } => reference.clone(),
            openapiv3::ReferenceOr::Item(_) => pointer(media_at, "schema"),
        };
        let schema = self.schema_of(item)?;
        let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = &schema.schema_kind
        else {
            return None;
        };
        if object.properties.is_empty() {
            return None;
        }
        // readme's parameter-style examples give multipart parts a `style`, which Prism
        // applies to the parts' text.
        for (wire_name, encoding) in &media_type.encoding {
            if encoding.style.is_some() || encoding.explode || encoding.allow_reserved {
                self.diagnostics.warn(
                    pointer(&pointer(media_at, "encoding"), wire_name),
                    "`style`, `explode` and `allowReserved` apply to \
                     `application/x-www-form-urlencoded` bodies only (OpenAPI, Encoding \
                     Object): in a `multipart/form-data` body they are ignored, and the part \
                     is written as its content type says",
                );
            }
        }
        let mut names = Namespace::default();
        let mut parts = Vec::new();
        for (wire_name, property) in &object.properties {
            let at = pointer(&pointer(&schema_at, "properties"), wire_name);
            let encoding_at = pointer(&pointer(media_at, "encoding"), wire_name);
            let encoding = media_type.encoding.get(wire_name);
            let hint = Hint::new(format!("{prefix}Request{}", naming::type_name(wire_name)));
            let (value, content_type) =
                self.part_value(property, encoding, &at, &encoding_at, &hint);
            let headers = encoding
                .map(|encoding| self.part_headers(encoding, &encoding_at))
                .unwrap_or_default();
            parts.push(MultipartPart {
                rust_name: names.claim(&naming::snake_name(wire_name)),
                wire_name: wire_name.clone(),
                doc: self
                    .boxed_schema_of(property)
                    .and_then(|schema| schema.schema_data.description.clone()),
                value,
                required: object.required.contains(wire_name),
                content_type,
                headers,
            });
        }
        Some(MultipartStruct {
            name: format!("{prefix}Request"),
            doc: "The parts of the `multipart/form-data` body.".to_owned(),
            parts,
        })
    }

    /// What a part holds and its content type: `encoding.contentType` when it names one
    /// type, else OpenAPI's defaults (`application/octet-stream` for files,
    /// `application/json` for objects and arrays of them, `text/plain` for scalars).
    fn part_value(
        &mut self,
        property: &'d openapiv3::ReferenceOr<Box<openapiv3::Schema>>,
        encoding: Option<&'d Encoding>,
        at: &str,
        encoding_at: &str,
        hint: &Hint,
    ) -> (PartValue, String) {
        let given = encoding
            .and_then(|encoding| encoding.content_type.as_deref())
            .filter(|content_type| !content_type.contains(['*', ',']));
        let schema = self.boxed_schema_of(property);
        let file_items = schema.and_then(|schema| match &schema.schema_kind {
            openapiv3::SchemaKind::Type(openapiv3::Type::Array(array)) => array
                .items
                .as_ref()
                .map(|items| is_binary(self.boxed_schema_of(items))),
            _ => None,
        });
        if is_binary(schema) || file_items == Some(true) {
            let value = if is_binary(schema) {
                PartValue::File
            } else {
                PartValue::Files
            };
            let content_type = given.unwrap_or("application/octet-stream");
            return (value, content_type.to_owned());
        }
        let ty = self.lower_schema(SchemaView::of_boxed(property), at, hint);
        let object = matches!(
            self.value_shape(&ty),
            ValueShape::FlatObject | ValueShape::Nested
        );
        match given {
            Some(content_type) if is_json(content_type) => {
                (PartValue::Json(ty), content_type.to_owned())
            }
            Some(content_type) if object => {
                self.diagnostics.warn(
                    pointer(encoding_at, "contentType"),
                    format!("an object part cannot be written as `{content_type}`: it is sent as `application/json`"),
                );
                (PartValue::Json(ty), "application/json".to_owned())
            }
            Some(content_type) => (PartValue::Text(ty), content_type.to_owned()),
            None if object => (PartValue::Json(ty), "application/json".to_owned()),
            None => (PartValue::Text(ty), "text/plain".to_owned()),
        }
    }

    /// The headers of a part that the document gives a fixed value (a `default`, or an
    /// `enum` of one value); any other is not sent, with a warning (`Content-Type` is
    /// the part's content type, which OpenAPI says to ignore here).
    fn part_headers(&mut self, encoding: &'d Encoding, encoding_at: &str) -> Vec<(String, String)> {
        let headers_at = pointer(encoding_at, "headers");
        let table = self.table("headers", |c| &c.headers);
        let mut out = Vec::new();
        for (name, header) in &encoding.headers {
            if name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            let at = pointer(&headers_at, name);
            let value = self
                .resolve(header, &at, &table)
                .and_then(|(header, _)| match &header.format {
                    openapiv3::ParameterSchemaOrContent::Schema(schema) => self.schema_of(schema),
                    openapiv3::ParameterSchemaOrContent::Content(_) => None,
                })
                .and_then(fixed_value);
            match value {
                Some(value) => out.push((name.clone(), value)),
                None => self.diagnostics.warn(
                    at,
                    "a part header with no fixed value (`default`, or an `enum` of one value) is not sent: add it with `FilePart::with_header`, or build the body as a `reqwest::multipart::Form`",
                ),
            }
        }
        out
    }

    /// The kind of a request media type; a wildcard (`*/*`, `application/*`) with a
    /// schema that is not binary stands for JSON, as in documents written by frameworks
    /// that list `*/*`.
    fn request_kind_of(&self, media: &str, media_type: &'d MediaType) -> RequestKind {
        if self.is_wildcard_json(media, media_type) {
            RequestKind::Json
        } else {
            request_kind(media)
        }
    }

    /// Whether a wildcard media type with a schema that is not binary stands for JSON (in a
    /// response, a plain string under it is then read as text).
    pub(crate) fn is_wildcard_json(&self, media: &str, media_type: &'d MediaType) -> bool {
        let essence = media_essence(media);
        if !(essence == "*/*" || essence == "application/*") {
            return false;
        }
        let Some(schema) = &media_type.schema else {
            return false;
        };
        !is_binary(self.schema_of(schema))
    }
}

/// Whether a schema is a binary string: a file.
fn is_binary(schema: Option<&openapiv3::Schema>) -> bool {
    schema.is_some_and(|schema| {
        matches!(
            &schema.schema_kind,
            openapiv3::SchemaKind::Type(openapiv3::Type::String(string))
                if matches!(
                    string.format,
                    openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary)
                )
        )
    })
}

/// Whether a schema is an object or an array: a value with no form as raw bytes or text.
fn is_structured(schema: Option<&openapiv3::Schema>) -> bool {
    schema.is_some_and(|schema| match &schema.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::Object(_) | openapiv3::Type::Array(_)) => true,
        openapiv3::SchemaKind::Any(any) => !any.properties.is_empty() || any.items.is_some(),
        _ => false,
    })
}

/// The one value a schema allows or defaults to, as header text.
fn fixed_value(schema: &openapiv3::Schema) -> Option<String> {
    let text = |value: &serde_json::Value| match value {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Number(number) => Some(number.to_string()),
        serde_json::Value::Bool(value) => Some(value.to_string()),
        _ => None,
    };
    if let Some(default) = &schema.schema_data.default {
        return text(default);
    }
    match &schema.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::String(string))
            if string.enumeration.len() == 1 =>
        {
            string.enumeration.first().cloned().flatten()
        }
        _ => None,
    }
}
