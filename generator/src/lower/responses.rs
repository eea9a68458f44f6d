//! Responses -> what a call answers: one success body type when every 2xx status has the
//! same body, else a per-status enum; error statuses with a JSON body decode into a
//! variant of `ErrorBody` (made once all operations are known, by [`super::names`]).

use openapiv3::{Response, StatusCode};

use super::media::{ResponseKind, is_wildcard, media_essence, response_kind};
use super::schemas::{Hint, SchemaView};
use super::{Lowerer, Origin, PendingError};
use crate::error::pointer;
use crate::ir::{
    Gate, ResponseMedia, StatusMatch, StatusVariant, SuccessBody, TypeDef, TypeKind, TypeRef,
};
use crate::naming::{self, Namespace};

/// One success response: status, body type, how the body is read, description.
struct SuccessEntry {
    status: StatusMatch,
    body: Option<TypeRef>,
    media: ResponseMedia,
    doc: String,
}

impl<'d> Lowerer<'d> {
    /// Success and error responses, and the JSON media types they are read from (see
    /// [`crate::ir::Operation::accept`]). `default` is the success response when no 2xx
    /// status is listed, else an error.
    pub(crate) fn lower_responses(
        &mut self,
        operation: &'d openapiv3::Operation,
        at: &str,
        prefix: &str,
    ) -> (SuccessBody, Vec<PendingError>, Vec<String>) {
        let responses_at = pointer(at, "responses");
        let responses = &operation.responses;
        let has_success = responses.responses.keys().any(is_success_status);
        let entries = responses
            .responses
            .iter()
            .map(|(status, response)| (Some(status), response))
            .chain(responses.default.iter().map(|r| (None, r)));
        let table = self.table("responses", |c| &c.responses);
        let mut successes = Vec::new();
        let mut errors = Vec::new();
        let mut accept: Vec<String> = Vec::new();
        for (status, response) in entries {
            let (status_match, key) = match status {
                Some(StatusCode::Code(code)) => (StatusMatch::Code(*code), code.to_string()),
                Some(StatusCode::Range(range)) => {
                    (StatusMatch::Range(*range), format!("{range}XX"))
                }
                None => (StatusMatch::Default, "default".to_owned()),
            };
            let Some((response, defined_at)) =
                self.resolve(response, &pointer(&responses_at, &key), &table)
            else {
                continue;
            };
            let is_success = status.map_or(!has_success, is_success_status);
            let hint = Hint::new(format!(
                "{prefix}{}",
                if is_success { "Response" } else { "Error" }
            ));
            // A 204 or 205 answer has no content (RFC 9110, 15.3.5 and 15.3.6), whatever
            // its response documents (Asana's 204s describe a JSON body): decoding one
            // would fail on every call.
            let no_content = matches!(status_match, StatusMatch::Code(204 | 205));
            let (media, body, json_media) = if no_content {
                (ResponseMedia::Empty, None, None)
            } else {
                self.lower_response_body(response, &defined_at, &hint)
            };
            if let Some(key) = json_media {
                self.accept_media(&mut accept, &key, &defined_at);
            }
            if is_success {
                successes.push(SuccessEntry {
                    status: status_match,
                    body,
                    media,
                    doc: response.description.clone(),
                });
            } else if let (ResponseMedia::Json, Some(ty)) = (media, body) {
                // Non-JSON error bodies stay text (`ErrorBody::Text`).
                errors.push(PendingError {
                    status: status_match,
                    ty,
                });
            }
        }
        if accept.iter().all(|media| media == "application/json") {
            accept.clear();
        }
        (self.success_body(successes, prefix, at), errors, accept)
    }

    /// One success body, or a per-status enum when the statuses differ.
    fn success_body(
        &mut self,
        successes: Vec<SuccessEntry>,
        prefix: &str,
        at: &str,
    ) -> SuccessBody {
        let all_same = successes.first().is_none_or(|first| {
            successes
                .iter()
                .all(|other| other.body == first.body && other.media == first.media)
        });
        if all_same {
            return match successes.into_iter().next() {
                Some(SuccessEntry {
                    body: Some(ty),
                    media: ResponseMedia::Json,
                    ..
                }) => SuccessBody::Json(ty),
                Some(SuccessEntry {
                    media: ResponseMedia::Text,
                    ..
                }) => SuccessBody::Text,
                Some(SuccessEntry {
                    media: ResponseMedia::Bytes,
                    ..
                }) => SuccessBody::Bytes,
                _ => SuccessBody::Empty,
            };
        }
        let mut names = Namespace::default();
        let mut variants: Vec<StatusVariant> = successes
            .into_iter()
            .map(|entry| StatusVariant {
                rust_name: names.claim(&status_variant_name(Some(entry.status))),
                status: Some(entry.status),
                body: entry.body,
                media: entry.media,
                boxed: false,
                doc: Some(entry.doc),
            })
            .collect();
        let covered = variants
            .iter()
            .any(|v| matches!(v.status, Some(StatusMatch::Range(2) | StatusMatch::Default)));
        if !covered {
            variants.push(StatusVariant {
                rust_name: names.claim("Other"),
                status: None,
                body: None,
                media: ResponseMedia::Empty,
                boxed: false,
                doc: Some(
                    "A 2xx status the API does not document; the body is not read.".to_owned(),
                ),
            });
        }
        let id = self.types.push(
            TypeDef {
                name: String::new(),
                doc: Some(format!(
                    "The success responses of `{}`, one variant per status.",
                    naming::unraw(&naming::snake_name(prefix))
                )),
                pointer: pointer(at, "responses"),
                kind: TypeKind::ResponseEnum(variants),
                gate: Gate::default(),
            },
            Origin::Operation {
                hint: format!("{prefix}Response"),
            },
        );
        SuccessBody::Statuses(id)
    }

    /// Adds the JSON media type `key` of the response at `at` to `accept` (its essence
    /// once; `application/json` for a wildcard). A key a header cannot carry is left out,
    /// with a warning: the document's text never goes into a header unchecked.
    fn accept_media(&mut self, accept: &mut Vec<String>, key: &str, at: &str) {
        let media = if is_wildcard(key) {
            "application/json".to_owned()
        } else {
            media_essence(key)
        };
        if !is_media_token(&media) {
            self.diagnostics.warn(
                pointer(&pointer(at, "content"), key),
                format!(
                    "media type {key:?} is not `type/subtype` of header characters: left out of the `Accept` header the client sends"
                ),
            );
        } else if !accept.contains(&media) {
            accept.push(media);
        }
    }

    /// How a response body is read and its type: JSON first, then text, then bytes; for
    /// a JSON body, also its media type key.
    fn lower_response_body(
        &mut self,
        response: &'d Response,
        at: &str,
        hint: &Hint,
    ) -> (ResponseMedia, Option<TypeRef>, Option<String>) {
        let kind_of = |this: &Self, media: &str, media_type| {
            if this.is_wildcard_json(media, media_type) {
                ResponseKind::Json
            } else {
                response_kind(media)
            }
        };
        let Some((media, media_type)) = response
            .content
            .iter()
            .min_by_key(|(media, media_type)| kind_of(self, media, media_type))
        else {
            return (ResponseMedia::Empty, None, None);
        };
        match kind_of(self, media, media_type) {
            ResponseKind::Json => {
                let media_at = pointer(&pointer(at, "content"), media);
                // A body that may be `null` (`nullable`, or a 3.1 union with `null`)
                // decodes into an `Option`.
                let ty = match &media_type.schema {
                    Some(schema) => {
                        let ty = self.lower_schema(
                            SchemaView::of(schema),
                            &pointer(&media_at, "schema"),
                            hint,
                        );
                        self.nullable_wrapped(schema, ty)
                    }
                    None => TypeRef::Json,
                };
                match ty {
                    // A plain string under a wildcard is text as the server writes it (a
                    // framework writes a returned string as it is, not as a JSON string).
                    TypeRef::String if is_wildcard(media) => (ResponseMedia::Text, Some(ty), None),
                    // A schema that allows anything under a wildcard says nothing of the
                    // body (Dropshot's free-form answers: downloads, streams): its bytes as
                    // sent.
                    TypeRef::Json if is_wildcard(media) => {
                        (ResponseMedia::Bytes, Some(TypeRef::Bytes), None)
                    }
                    _ => (ResponseMedia::Json, Some(ty), Some(media.clone())),
                }
            }
            ResponseKind::Text => (ResponseMedia::Text, Some(TypeRef::String), None),
            ResponseKind::Bytes => (ResponseMedia::Bytes, Some(TypeRef::Bytes), None),
        }
    }
}

/// Whether a media type's essence can be sent in a header as it is: `type/subtype`, each
/// an RFC 9110 token (a document's key is text, and may hold anything). One that cannot
/// is left out of `Accept`.
fn is_media_token(media: &str) -> bool {
    let token = |part: &str| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    };
    media
        .split_once('/')
        .is_some_and(|(kind, subtype)| token(kind) && token(subtype))
}

fn is_success_status(status: &StatusCode) -> bool {
    match status {
        StatusCode::Code(code) => (200..300).contains(code),
        StatusCode::Range(range) => *range == 2,
    }
}

/// A variant name for a success status (`Created` for 201).
fn status_variant_name(status: Option<StatusMatch>) -> String {
    match status {
        Some(StatusMatch::Code(code)) => match code {
            200 => "Ok".to_owned(),
            201 => "Created".to_owned(),
            202 => "Accepted".to_owned(),
            203 => "NonAuthoritativeInformation".to_owned(),
            204 => "NoContent".to_owned(),
            205 => "ResetContent".to_owned(),
            206 => "PartialContent".to_owned(),
            207 => "MultiStatus".to_owned(),
            other => format!("Status{other}"),
        },
        Some(StatusMatch::Range(_)) => "Success".to_owned(),
        Some(StatusMatch::Default) => "Default".to_owned(),
        None => "Other".to_owned(),
    }
}
