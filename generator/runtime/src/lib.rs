//! The fixed runtime of generated client crates, compiled, linted and tested where it
//! stands.
//!
//! Every file under `src/runtime/` but `mod.rs` is a *piece*: the generator copies it
//! verbatim (with one header line added) into `src/runtime/` of each generated crate that
//! uses it, and writes that crate's `runtime/mod.rs` listing the pieces it took. The rest
//! of this crate stands in for the generated parts the pieces refer to (`crate::client`,
//! `crate::error`, `crate::models`), so the pieces compile here as they do there. Their tests live in
//! `src/tests/`, which no generated crate receives.
//!
//! Rules for pieces: refer to generated items only through `client::Client` (its field
//! `core`), `error::{Error, ErrorBody, ...}`, `mock::Operation` (the `mock` pieces, which
//! are compiled only with the cargo feature `mock`) and other pieces; every item of a
//! piece is used whenever the generator selects that piece (`generator/src/emit/runtime.rs`
//! says when), so generated crates have no dead code.
//!
//! Paths are relative, never `crate::` nor `$crate`: a piece names other pieces as
//! `super::<piece>` and the generated items as `super::super::error::Error`, because the
//! generated code may also be a module of the user's own crate (the module layout, which a
//! `build.rs` writes and `include!`s), where `crate` is the user's crate. The pieces sit
//! at the same depth below the generated root in every layout (`runtime::<piece>`), so one
//! text serves all; the generator's test `pieces_name_nothing_through_crate` checks it.

// This crate calls no piece itself (its tests call many); the generated crates do, and
// they are compiled with warnings denied by the fixture tests, which is where an unused
// item of a piece would show.
#![allow(dead_code)]

pub mod client;
pub mod error;
#[cfg(feature = "mock")]
pub mod mock;
pub mod models;
pub mod runtime;

#[cfg(test)]
mod tests;
