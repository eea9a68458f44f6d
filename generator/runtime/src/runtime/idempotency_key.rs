//! Idempotency keys for POST and PATCH operations that declare an `Idempotency-Key` header.

/// A new idempotency key: a random UUID (version 4) from the operating system's random
/// number generator (through `getrandom`), so that keys of different processes and
/// machines do not collide.
pub(crate) fn idempotency_key() -> String {
    uuid::Uuid::new_v4().to_string()
}
