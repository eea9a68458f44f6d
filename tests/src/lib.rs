//! Shared pieces of the evidence crate: a loopback fake of the Sequence Users API that
//! records every request, and the downstream flow that `examples/downstream.rs` runs.

pub mod downstream;
pub mod fake_server;

/// The README's Rust samples, compiled as doc tests so that the code a new user copies
/// keeps compiling against the generated crate.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeSamples;
