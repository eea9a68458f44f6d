//! Decoding a 2xx JSON body into the operation's type.

use super::super::error::{DecodeError, Error};
use super::response::ApiResponse;
use super::send::RawResponse;

/// Decodes a 2xx JSON body; a body that does not decode is [`Error::Decode`], with the
/// bytes kept for inspection.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(
    response: RawResponse,
) -> Result<ApiResponse<T>, Error> {
    match serde_json::from_slice(&response.body) {
        Ok(body) => Ok(response.answer(body)),
        Err(source) => Err(Error::Decode(Box::new(DecodeError {
            status: response.status,
            headers: response.headers,
            body: response.body,
            source,
        }))),
    }
}
