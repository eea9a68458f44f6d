//! Unit tests of the runtime pieces (never copied into generated crates).

mod arguments;
mod credentials;
mod deadline;
mod durations;
mod enums;
#[cfg(feature = "mock")]
mod mock;
mod object;
mod pages;
mod redirects;
mod response_size;
mod secrets;
mod send;
mod server;
mod styles;
mod untagged;
mod wire;

use crate::runtime::send::Call;

/// The description `send` gets of an operation at `/things` with no documented error
/// bodies.
fn call(retryable: bool) -> Call {
    Call {
        #[cfg(feature = "tracing")]
        path_template: "/things",
        retryable,
        decode_error: |_, _| None,
    }
}
