//! Media types: which kind of body each is, and which one an operation prefers when it
//! lists several.

/// The essence of a media type: lower case, without parameters.
pub fn media_essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .to_ascii_lowercase()
}

/// `application/json`, `application/json; charset=utf-8`, `application/problem+json`.
pub fn is_json(media: &str) -> bool {
    let essence = media_essence(media);
    essence == "application/json" || essence.ends_with("+json")
}

/// Text bodies, read as a `String`: `text/*`, XML and YAML.
pub(crate) fn is_text(media: &str) -> bool {
    let essence = media_essence(media);
    essence.starts_with("text/")
        || essence == "application/xml"
        || essence.ends_with("+xml")
        || essence == "application/yaml"
}

/// A wildcard such as `*/*` or `application/*`.
pub(crate) fn is_wildcard(media: &str) -> bool {
    media_essence(media).contains('*')
}

/// What a request body is sent as, in order of preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum RequestKind {
    Json,
    Form,
    Multipart,
    Text,
    Bytes,
}

pub(crate) fn request_kind(media: &str) -> RequestKind {
    let essence = media_essence(media);
    if is_json(media) {
        RequestKind::Json
    } else if essence == "application/x-www-form-urlencoded" {
        RequestKind::Form
    } else if essence == "multipart/form-data" {
        RequestKind::Multipart
    } else if is_text(media) {
        RequestKind::Text
    } else {
        RequestKind::Bytes
    }
}

/// What a response body is read as, in order of preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ResponseKind {
    Json,
    Text,
    Bytes,
}

pub(crate) fn response_kind(media: &str) -> ResponseKind {
    if is_json(media) {
        ResponseKind::Json
    } else if is_text(media) {
        ResponseKind::Text
    } else {
        ResponseKind::Bytes
    }
}
