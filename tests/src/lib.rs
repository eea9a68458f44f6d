//! Shared pieces of the evidence crate: a loopback fake of the Sequence Users API that
//! records every request, and the downstream flow that `examples/downstream.rs` runs.

pub mod downstream;
pub mod fake_server;
