//! Response bodies are read up to a limit, counted while they arrive, and errors show a
//! short preview of a body, never all of it.

use std::io::Write as _;

use crate::error::{DecodeError, Error, ErrorBody, ErrorResponse};
use crate::runtime::client_core::ClientCore;
use crate::runtime::options::RequestOptions;
use crate::runtime::send::send;
use crate::tests::call;
use crate::tests::server::Server;

/// A server whose answer is `size` bytes of `x` with no `Content-Length`: the body ends
/// when the connection closes, so only counting while reading can stop it.
fn streaming(size: usize) -> Server {
    Server::start(move |_, stream| {
        let _ = write!(
            stream,
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n"
        );
        let chunk = vec![b'x'; 64 * 1024];
        let mut left = size;
        while left > 0 {
            let part = left.min(chunk.len());
            if stream.write_all(&chunk[..part]).is_err() {
                return;
            }
            left -= part;
        }
    })
}

async fn get(server: &Server, core: &ClientCore, options: &RequestOptions) -> Result<usize, Error> {
    let request = core.http.get(format!("{}/things", server.base_url));
    send(core, request, &call(true), options)
        .await
        .map(|response| response.body.len())
}

#[tokio::test]
async fn a_body_past_the_default_limit_is_refused_while_read() {
    let server = streaming(64 * 1024 * 1024 + 1);
    let core = ClientCore::new(server.base_url.clone()).expect("a client");
    let outcome = get(&server, &core, &RequestOptions::new()).await;
    assert!(
        matches!(outcome, Err(Error::ResponseTooLarge { limit, .. }) if limit == 64 * 1024 * 1024),
        "{outcome:?}"
    );
}

#[test]
fn debug_of_a_body_is_a_short_text_preview() {
    let body = b"<html>not json</html>".repeat(10_000);
    let decode = DecodeError {
        status: reqwest::StatusCode::OK,
        headers: reqwest::header::HeaderMap::new(),
        body,
        source: serde_json::from_slice::<u8>(b"<").expect_err("not JSON"),
    };
    let text = format!("{decode:?}");
    assert!(text.len() < 600, "{} bytes: {}", text.len(), &text[..600]);
    assert!(text.contains("<html>not json</html>"), "{text}");
    assert!(text.contains("210000"), "the full length: {text}");
    let response = ErrorResponse {
        status: reqwest::StatusCode::BAD_GATEWAY,
        headers: reqwest::header::HeaderMap::new(),
        body: ErrorBody::Text("<html>bad gateway</html>".repeat(10_000)),
    };
    let error = Error::Status(Box::new(response));
    let text = format!("{error:?}");
    assert!(text.len() < 600, "{} bytes: {}", text.len(), &text[..600]);
    assert!(text.contains("<html>bad gateway</html>"), "{text}");
    // A body that is not UTF-8 shows as text all the same.
    let decode = DecodeError {
        status: reqwest::StatusCode::OK,
        headers: reqwest::header::HeaderMap::new(),
        body: vec![0xff, b'a', 0xfe, b'b'],
        source: serde_json::from_slice::<u8>(b"<").expect_err("not JSON"),
    };
    let text = format!("{decode:?}");
    assert!(text.contains("\"\u{fffd}a\u{fffd}b\""), "{text}");
}

#[tokio::test]
async fn the_limit_is_set_per_client_and_per_call() {
    let server = streaming(2048);
    let mut core = ClientCore::new(server.base_url.clone()).expect("a client");
    core.max_response_bytes = 1024;
    let outcome = get(&server, &core, &RequestOptions::new()).await;
    assert!(
        matches!(outcome, Err(Error::ResponseTooLarge { limit: 1024, .. })),
        "{outcome:?}"
    );
    // A call may allow more, or less, than its client.
    let outcome = get(
        &server,
        &core,
        &RequestOptions::new().with_max_response_bytes(2048),
    )
    .await;
    assert_eq!(outcome.ok(), Some(2048));
    core.max_response_bytes = 4096;
    let outcome = get(
        &server,
        &core,
        &RequestOptions::new().with_max_response_bytes(2047),
    )
    .await;
    assert!(
        matches!(outcome, Err(Error::ResponseTooLarge { limit: 2047, .. })),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn a_declared_length_past_the_limit_is_refused_before_reading() {
    // The server announces a gibibyte and sends nothing: reading would wait for ever.
    let server = Server::start(|_, stream| {
        let _ = write!(
            stream,
            "HTTP/1.1 200 OK\r\ncontent-length: 1073741824\r\nx-request-id: req-7\r\n\r\n"
        );
        std::thread::sleep(std::time::Duration::from_secs(5));
    });
    let core = ClientCore::new(server.base_url.clone()).expect("a client");
    let started = std::time::Instant::now();
    let outcome = get(&server, &core, &RequestOptions::new()).await;
    assert!(started.elapsed() < std::time::Duration::from_secs(3));
    let Err(error) = outcome else {
        panic!("not refused");
    };
    assert!(matches!(error, Error::ResponseTooLarge { .. }), "{error:?}");
    // What the server said about itself is kept; the message is short and clear.
    assert_eq!(error.status().map(|status| status.as_u16()), Some(200));
    assert_eq!(error.request_id(), Some("req-7"));
    assert_eq!(
        error.to_string(),
        "response body (status 200 OK) is larger than the limit of 67108864 bytes"
    );
}

/// The peak resident memory of this process so far (`VmHWM`), in bytes.
pub(super) fn peak_resident_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("Linux /proc");
    let kib: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a VmHWM line");
    kib * 1024
}

/// A gibibyte streamed without `Content-Length` is refused once past the default limit,
/// and the process's peak memory stays far below the body's size. Alone in its process,
/// so that the peak is this test's:
///
/// `cargo test -p openapi-codegen-runtime --lib -- --ignored --exact tests::response_size::a_gibibyte_body_is_refused_with_bounded_memory --nocapture`
#[tokio::test]
#[ignore = "streams 1 GiB over loopback; measures the process's peak memory, so run it alone"]
async fn a_gibibyte_body_is_refused_with_bounded_memory() {
    const GIB: usize = 1024 * 1024 * 1024;
    const MIB: u64 = 1024 * 1024;
    let before = peak_resident_bytes();
    let server = streaming(GIB);
    let core = ClientCore::new(server.base_url.clone()).expect("a client");
    let outcome = get(&server, &core, &RequestOptions::new()).await;
    assert!(
        matches!(outcome, Err(Error::ResponseTooLarge { .. })),
        "{outcome:?}"
    );
    let after = peak_resident_bytes();
    println!(
        "peak resident memory: {} MiB before the call, {} MiB after",
        before / MIB,
        after / MIB
    );
    // The body buffer holds at most the limit (64 MiB); the rest is the test process.
    assert!(after < 128 * MIB, "peak {} MiB", after / MIB);
    assert!(
        after - before <= 64 * MIB + 16 * MIB,
        "grew {} MiB",
        (after - before) / MIB
    );
}
