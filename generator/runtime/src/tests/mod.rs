//! Unit tests of the runtime pieces (never copied into generated crates).

mod send;
mod styles;
