//! Idempotency keys for POST and PATCH operations that declare an `Idempotency-Key` header.

use std::time::Instant;

/// A new idempotency key: 128 random bits in the UUID version 4 layout.
pub(crate) fn idempotency_key() -> String {
    use std::hash::BuildHasher as _;
    let high = std::collections::hash_map::RandomState::new().hash_one(Instant::now());
    let low = std::collections::hash_map::RandomState::new().hash_one((high, Instant::now()));
    let high = (high & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_4000;
    let low = (low & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xffff,
        high & 0xffff,
        low >> 48,
        low & 0xffff_ffff_ffff
    )
}
