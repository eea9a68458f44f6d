//! Mocks matched on a `multipart/form-data` body, and the parts of a received one, read
//! back as RFC 7578 writes them.

use super::mock_server::{MockBuilder, ReceivedRequest};
use super::multipart::{Part, Parts};

/// One part of a received `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedPart {
    /// The name in its `Content-Disposition`.
    pub name: String,
    /// The file name in its `Content-Disposition`, if any.
    pub file_name: Option<String>,
    /// Its `Content-Type`, if any.
    pub content_type: Option<String>,
    /// Its other headers (names in lower case), in order.
    pub headers: Vec<(String, String)>,
    /// Its content.
    pub body: Vec<u8>,
}

impl ReceivedRequest {
    /// The parts of the body when it is `multipart/form-data`, in order; empty when it
    /// is not (or does not read as one).
    pub fn multipart_parts(&self) -> Vec<ReceivedPart> {
        let boundary = self.header("content-type").and_then(|value| {
            let (media, parameters) = value.split_once(';')?;
            if !media.trim().eq_ignore_ascii_case("multipart/form-data") {
                return None;
            }
            parameters.split(';').find_map(|parameter| {
                let (key, value) = parameter.split_once('=')?;
                key.trim()
                    .eq_ignore_ascii_case("boundary")
                    .then(|| value.trim().trim_matches('"').to_owned())
            })
        });
        boundary.map_or_else(Vec::new, |boundary| read_parts(self.body(), &boundary))
    }
}

/// The parts between the delimiters `--boundary`.
fn read_parts(body: &[u8], boundary: &str) -> Vec<ReceivedPart> {
    let delimiter = format!("\r\n--{boundary}").into_bytes();
    // The first delimiter has no line break before it.
    let mut body_with_break = b"\r\n".to_vec();
    body_with_break.extend_from_slice(body);
    let mut pieces = split(&body_with_break, &delimiter).into_iter().skip(1);
    let mut parts = Vec::new();
    for piece in pieces.by_ref() {
        if piece.starts_with(b"--") {
            break;
        }
        let piece = piece.strip_prefix(b"\r\n").unwrap_or(piece);
        let Some(head_end) = piece.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&piece[..head_end]);
        let mut part = ReceivedPart {
            name: String::new(),
            file_name: None,
            content_type: None,
            headers: Vec::new(),
            body: piece[head_end + 4..].to_vec(),
        };
        for line in head.split("\r\n") {
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
            match name.as_str() {
                "content-disposition" => {
                    part.name = disposition_parameter(value, "name").unwrap_or_default();
                    part.file_name = disposition_parameter(value, "filename");
                }
                "content-type" => part.content_type = Some(value.to_owned()),
                _ => part.headers.push((name, value.to_owned())),
            }
        }
        parts.push(part);
    }
    parts
}

/// `text` cut at every `delimiter`.
fn split<'b>(text: &'b [u8], delimiter: &[u8]) -> Vec<&'b [u8]> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut at = 0;
    while at + delimiter.len() <= text.len() {
        if &text[at..at + delimiter.len()] == delimiter {
            pieces.push(&text[start..at]);
            at += delimiter.len();
            start = at;
        } else {
            at += 1;
        }
    }
    pieces.push(&text[start..]);
    pieces
}

/// The quoted parameter `key` of a `Content-Disposition` value (`name="file"`).
fn disposition_parameter(value: &str, key: &str) -> Option<String> {
    value.split(';').find_map(|parameter| {
        let (name, text) = parameter.split_once('=')?;
        (name.trim() == key).then(|| text.trim().trim_matches('"').to_owned())
    })
}

/// Whether a received part is the expected one: same name, file name, content type
/// (none expected: none or `text/plain`) and content, and at least the expected headers.
fn same_part(actual: &ReceivedPart, expected: &Part) -> bool {
    let content_type = match (&actual.content_type, &expected.content_type) {
        (Some(actual), Some(expected)) => actual.eq_ignore_ascii_case(expected),
        (actual, None) => actual
            .as_deref()
            .is_none_or(|actual| actual.eq_ignore_ascii_case("text/plain")),
        (None, Some(_)) => false,
    };
    actual.name == expected.name
        && actual.file_name == expected.file_name
        && content_type
        && actual.body == expected.body
        && expected.headers.iter().all(|(name, value)| {
            actual
                .headers
                .iter()
                .any(|(key, text)| key.eq_ignore_ascii_case(name) && text == value)
        })
}

impl<O> MockBuilder<'_, O> {
    /// Only requests whose `multipart/form-data` body holds exactly the parts the client
    /// writes for `expected` (a request struct's parts), in order; a value the client
    /// refuses to send matches no request, and says so.
    pub(crate) fn expect_multipart_body(
        self,
        expected: Result<Parts, super::super::error::Error>,
    ) -> Self {
        let expected = match expected {
            Ok(parts) => parts.parts,
            Err(error) => {
                let reason = format!("the body is expected to be one the client refuses ({error})");
                return self.expect(move |_| Err(reason.clone()));
            }
        };
        self.expect(move |request| {
            let actual = request.multipart_parts();
            let differing = actual
                .iter()
                .zip(&expected)
                .position(|(actual, expected)| !same_part(actual, expected));
            match differing {
                None if actual.len() == expected.len() => Ok(()),
                Some(index) => Err(format!(
                    "part {index} (`{}`) differs from the expected one",
                    expected.get(index).map_or("", |part| part.name)
                )),
                None => {
                    let names: Vec<&str> = actual.iter().map(|part| part.name.as_str()).collect();
                    let wanted: Vec<&str> = expected.iter().map(|part| part.name).collect();
                    Err(format!(
                        "the multipart body had the parts {names:?}, expected {wanted:?}"
                    ))
                }
            }
        })
    }
}
