use crate::error::{DecodeError, Error, ErrorBody, ErrorResponse};

/// A response read to its end.
pub(crate) struct RawResponse {
    pub(crate) status: reqwest::StatusCode,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: Vec<u8>,
}

/// Sends a request and reads the whole response.
pub(crate) async fn execute(request: reqwest::RequestBuilder) -> Result<RawResponse, Error> {
    let response = request.send().await?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await?.to_vec();
    Ok(RawResponse {
        status,
        headers,
        body,
    })
}

/// Turns a non-2xx response into [`Error::Status`], decoding the body with `decode_error`
/// (which knows the operation's documented error bodies) or keeping the text.
pub(crate) fn check_status(
    response: RawResponse,
    decode_error: fn(u16, &[u8]) -> Option<ErrorBody>,
) -> Result<RawResponse, Error> {
    if response.status.is_success() {
        return Ok(response);
    }
    let body = decode_error(response.status.as_u16(), &response.body)
        .unwrap_or_else(|| ErrorBody::Text(String::from_utf8_lossy(&response.body).into_owned()));
    Err(Error::Status(Box::new(ErrorResponse {
        status: response.status,
        headers: response.headers,
        body,
    })))
}

//@@ decode_json
/// Decodes a 2xx JSON body.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(response: RawResponse) -> Result<T, Error> {
    match serde_json::from_slice(&response.body) {
        Ok(value) => Ok(value),
        Err(source) => Err(Error::Decode(Box::new(DecodeError {
            status: response.status,
            headers: response.headers,
            body: response.body,
            source,
        }))),
    }
}

//@@ decode_error_as
/// Decodes an error body as `T`, for `decode_error` functions.
pub(crate) fn decode_error_as<T: serde::de::DeserializeOwned>(body: &[u8]) -> Option<T> {
    serde_json::from_slice(body).ok()
}

//@@ encode_path_segment
/// Percent-encodes one path segment per RFC 3986: everything but unreserved characters
/// is escaped, so `a/b?c d` stays one segment. Empty and dot segments (`.`, `..`), which
/// would change which resource is addressed, are refused.
pub(crate) fn encode_path_segment(parameter: &'static str, value: &str) -> Result<String, Error> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(Error::InvalidArgument {
            parameter,
            reason: format!("{value:?} cannot be used as a path segment"),
        });
    }
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push('%');
            encoded.push(char::from(HEX[usize::from(byte >> 4)]));
            encoded.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    Ok(encoded)
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

//@@ check_range
/// Checks an integer argument against its documented inclusive bounds.
pub(crate) fn check_range(
    parameter: &'static str,
    value: i64,
    minimum: Option<i64>,
    maximum: Option<i64>,
) -> Result<(), Error> {
    let below = minimum.is_some_and(|minimum| value < minimum);
    let above = maximum.is_some_and(|maximum| value > maximum);
    if below || above {
        let range = match (minimum, maximum) {
            (Some(low), Some(high)) => format!("between {low} and {high}"),
            (Some(low), None) => format!("at least {low}"),
            (None, Some(high)) => format!("at most {high}"),
            (None, None) => String::new(),
        };
        return Err(Error::InvalidArgument {
            parameter,
            reason: format!("{value} is out of range: must be {range}"),
        });
    }
    Ok(())
}

//@@ double_option
/// Serde helpers for fields that are both optional and nullable: `None` is absent,
/// `Some(None)` is an explicit `null`, `Some(Some(v))` is a value.
pub(crate) mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(crate) fn serialize<T: Serialize, S: Serializer>(
        value: &Option<Option<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(inner) => inner.serialize(serializer),
            None => serializer.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(deserializer).map(Some)
    }
}
