//! Request bodies -> the body argument: the preferred media type (JSON, then form,
//! multipart, text, bytes) decides how it is sent and what the argument's type is.

use openapiv3::MediaType;

use super::Lowerer;
use super::media::{RequestKind, is_wildcard, media_essence, request_kind};
use super::schemas::{Hint, SchemaView};
use crate::error::pointer;
use crate::ir::{BodyMedia, RequestBody, TypeRef};

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
            (RequestKind::Json | RequestKind::Form, None) => TypeRef::Json,
            (RequestKind::Text, _) => TypeRef::String,
            (RequestKind::Bytes | RequestKind::Multipart, _) => TypeRef::Bytes,
        };
        let media_kind = match kind {
            RequestKind::Json => BodyMedia::Json,
            RequestKind::Form => BodyMedia::Form,
            RequestKind::Multipart => BodyMedia::Multipart,
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

    /// Whether a wildcard media type with a schema that is not binary stands for JSON.
    pub(crate) fn is_wildcard_json(&self, media: &str, media_type: &'d MediaType) -> bool {
        let essence = media_essence(media);
        if !(essence == "*/*" || essence == "application/*") {
            return false;
        }
        let Some(schema) = &media_type.schema else {
            return false;
        };
        !self.schema_of(schema).is_some_and(|schema| {
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
}
