//! Bodies of `multipart/form-data` (RFC 7578) as OpenAPI describes them: one part per
//! property, named after it, files with their file names, each part with the content
//! type the document gives (its `encoding` entry, else OpenAPI's defaults:
//! `application/octet-stream` for files, `application/json` for objects, `text/plain`
//! for scalars) and the headers it gives values for.

use serde::Serialize;

use super::super::error::Error;

/// A file sent as one part of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePart {
    /// The content of the file.
    pub bytes: Vec<u8>,
    /// The file name sent in the part's `Content-Disposition` (the part's name when
    /// `None`).
    pub file_name: Option<String>,
    /// The part's `Content-Type`, if not the one the API documents for it.
    pub content_type: Option<String>,
    /// More headers of the part.
    pub headers: Vec<(String, String)>,
}

impl FilePart {
    /// A file of these bytes, with the file name and content type the API documents.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
            headers: Vec::new(),
        }
    }

    /// The same file with this file name.
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The same file with this content type (`image/png`).
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The same file with one more header on its part.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// A `multipart/form-data` body: a request struct written from the API's description,
/// or a [`reqwest::multipart::Form`] put together by hand for what the description
/// does not cover.
pub trait MultipartBody {
    /// The body as reqwest sends it.
    fn into_form(self) -> Result<reqwest::multipart::Form, Error>;

    /// `request` with this body. A request struct with no part to send (every property
    /// optional and none set) is written as the closing delimiter alone, as browsers
    /// write an empty form: reqwest writes no bytes at all for a form of no parts, which
    /// a server reads as no body, and a required body would be refused.
    fn attach(self, request: reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder, Error>
    where
        Self: Sized,
    {
        Ok(request.multipart(self.into_form()?))
    }
}

impl MultipartBody for reqwest::multipart::Form {
    fn into_form(self) -> Result<reqwest::multipart::Form, Error> {
        Ok(self)
    }
}

/// One part, before it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    /// The name in its `Content-Disposition`.
    pub(crate) name: &'static str,
    /// The file name, for a file.
    pub(crate) file_name: Option<String>,
    /// `Content-Type`, if any (`text/plain`, RFC 7578's default, is not written).
    pub(crate) content_type: Option<String>,
    /// Other headers.
    pub(crate) headers: Vec<(String, String)>,
    /// The content.
    pub(crate) body: Vec<u8>,
}

/// How a part's value is written.
pub(crate) trait IntoParts {
    /// The parts of the value: none when absent, one, or one per item of a list.
    fn into_parts(
        self,
        name: &'static str,
        content_type: &'static str,
        json: bool,
    ) -> Result<Vec<Part>, Error>;
}

impl IntoParts for FilePart {
    fn into_parts(
        self,
        name: &'static str,
        content_type: &'static str,
        _: bool,
    ) -> Result<Vec<Part>, Error> {
        Ok(vec![Part {
            name,
            file_name: Some(self.file_name.unwrap_or_else(|| name.to_owned())),
            content_type: Some(self.content_type.unwrap_or_else(|| content_type.to_owned())),
            headers: self.headers,
            body: self.bytes,
        }])
    }
}

impl IntoParts for Vec<FilePart> {
    fn into_parts(
        self,
        name: &'static str,
        content_type: &'static str,
        json: bool,
    ) -> Result<Vec<Part>, Error> {
        let mut parts = Vec::new();
        for file in self {
            parts.extend(file.into_parts(name, content_type, json)?);
        }
        Ok(parts)
    }
}

impl<P: IntoParts> IntoParts for Option<P> {
    fn into_parts(
        self,
        name: &'static str,
        content_type: &'static str,
        json: bool,
    ) -> Result<Vec<Part>, Error> {
        match self {
            Some(value) => value.into_parts(name, content_type, json),
            None => Ok(Vec::new()),
        }
    }
}

impl<T: Serialize + ?Sized> IntoParts for &T {
    /// A value: its JSON text as one part when `json`; else scalars as their text, and
    /// the items of a list each as a part of the same name (objects inside as JSON).
    fn into_parts(
        self,
        name: &'static str,
        content_type: &'static str,
        json: bool,
    ) -> Result<Vec<Part>, Error> {
        let invalid = |error: serde_json::Error| Error::InvalidArgument {
            parameter: name,
            reason: format!("cannot be written as a part: {error}"),
        };
        let part = |body: String| Part {
            name,
            file_name: None,
            content_type: (content_type != "text/plain").then(|| content_type.to_owned()),
            headers: Vec::new(),
            body: body.into_bytes(),
        };
        // The text of a scalar: a string as it is, numbers and booleans as JSON writes
        // them.
        let text = |value: serde_json::Value| match value {
            serde_json::Value::String(text) => text,
            other => other.to_string(),
        };
        let value = serde_json::to_value(self).map_err(invalid)?;
        Ok(match value {
            serde_json::Value::Null => Vec::new(),
            serde_json::Value::Array(items) if !json => items
                .into_iter()
                .filter(|item| !item.is_null())
                .map(|item| part(text(item)))
                .collect(),
            // JSON text in field order (a `Value` would sort an object's fields).
            serde_json::Value::Array(_) | serde_json::Value::Object(_) => {
                vec![part(serde_json::to_string(self).map_err(invalid)?)]
            }
            scalar if json => vec![part(scalar.to_string())],
            scalar => vec![part(text(scalar))],
        })
    }
}

/// The parts of a body, in order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Parts {
    pub(crate) parts: Vec<Part>,
}

impl Parts {
    /// Adds the parts of `value` under `name`, with `content_type` (a file's own, when
    /// it has one, wins), as JSON text when `json`, and with `headers` (fixed values the
    /// API documents).
    pub(crate) fn push<P: IntoParts>(
        &mut self,
        name: &'static str,
        value: P,
        content_type: &'static str,
        json: bool,
        headers: &[(&'static str, &'static str)],
    ) -> Result<(), Error> {
        for mut part in value.into_parts(name, content_type, json)? {
            for (header, value) in headers {
                part.headers
                    .push(((*header).to_owned(), (*value).to_owned()));
            }
            self.parts.push(part);
        }
        Ok(())
    }

    /// `request` with these parts as its body ([`MultipartBody::attach`]); no part is
    /// written as the closing delimiter alone (`--boundary--`).
    pub(crate) fn attach(
        self,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::RequestBuilder, Error> {
        if !self.parts.is_empty() {
            return Ok(request.multipart(self.into_form()?));
        }
        let boundary = reqwest::multipart::Form::new().boundary().to_owned();
        Ok(request
            .header(
                reqwest::header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(format!("--{boundary}--\r\n")))
    }

    /// The body as reqwest sends it. A content type or header the caller gave that HTTP
    /// cannot carry is refused with [`Error::InvalidArgument`].
    pub(crate) fn into_form(self) -> Result<reqwest::multipart::Form, Error> {
        let invalid = |reason: String| Error::InvalidArgument {
            parameter: "body",
            reason,
        };
        let mut form = reqwest::multipart::Form::new();
        for part in self.parts {
            let mut written = reqwest::multipart::Part::bytes(part.body);
            if let Some(file_name) = part.file_name {
                written = written.file_name(file_name);
            }
            if let Some(content_type) = part.content_type {
                written = written.mime_str(&content_type).map_err(|_| {
                    invalid(format!(
                        "part `{}`: `{content_type}` is not a content type",
                        part.name
                    ))
                })?;
            }
            let mut headers = reqwest::header::HeaderMap::new();
            for (name, value) in &part.headers {
                let header = reqwest::header::HeaderName::from_bytes(name.as_bytes());
                let value = reqwest::header::HeaderValue::from_str(value);
                let (Ok(header), Ok(value)) = (header, value) else {
                    return Err(invalid(format!(
                        "part `{}`: `{name}` is not a header HTTP can carry",
                        part.name
                    )));
                };
                headers.append(header, value);
            }
            if !headers.is_empty() {
                written = written.headers(headers);
            }
            form = form.part(part.name, written);
        }
        Ok(form)
    }
}
