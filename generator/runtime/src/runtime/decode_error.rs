//! Decoding the body of an error status into the type the operation documents for it.

/// Decodes an error body as `T`, for the `decode_error` functions of operations; `None`
/// when it is not that type (the caller then keeps the text).
pub(crate) fn decode_error_as<T: serde::de::DeserializeOwned>(body: &[u8]) -> Option<T> {
    serde_json::from_slice(body).ok()
}
