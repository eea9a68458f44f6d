//! Sending: retries by method and status, backoff, `Retry-After`, idempotency keys.
use std::io::{Read as _, Write as _};
use std::sync::{Arc, Mutex};

use crate::error::Error;
use crate::runtime::client_core::ClientCore;
use crate::runtime::idempotency_key::idempotency_key;
use crate::runtime::options::{RequestOptions, RetryPolicy};
use crate::runtime::send::{
    Call, RawResponse, backoff, parse_http_date, parse_retry_after, retry_wait, send,
};
use std::time::Duration;

/// The heads (request line and headers) of the requests a test server received.
type Received = Arc<Mutex<Vec<String>>>;

fn count(received: &Received) -> usize {
    received.lock().map_or(0, |heads| heads.len())
}

/// A loopback HTTP server that answers every request with `status` and no body, and
/// keeps the head of each request it gets.
fn serve(status: u16) -> (String, Received) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let address = listener.local_addr().expect("local address");
    let heads: Received = Arc::default();
    let keep = Arc::clone(&heads);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else {
                break;
            };
            let mut received = Vec::new();
            let mut buffer = [0u8; 4096];
            while !received.windows(4).any(|window| window == b"\r\n\r\n") {
                match stream.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(read) => received.extend_from_slice(&buffer[..read]),
                }
            }
            if let Ok(mut heads) = keep.lock() {
                heads.push(String::from_utf8_lossy(&received).to_lowercase());
            }
            let _ = write!(
                stream,
                "HTTP/1.1 {status} Status\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            );
        }
    });
    (format!("http://{address}"), heads)
}

fn fast_policy() -> RetryPolicy {
    RetryPolicy::new()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(4))
}

async fn send_to(
    base_url: &str,
    method: reqwest::Method,
    retryable: bool,
) -> Result<RawResponse, Error> {
    let mut core = ClientCore::from_http_client(reqwest::Client::new(), base_url.to_owned());
    core.retry = fast_policy();
    core.timeout = Some(Duration::from_secs(5));
    let call = Call {
        #[cfg(feature = "tracing")]
        path_template: "/things",
        retryable,
        decode_error: |_, _| None,
    };
    let request = core
        .http
        .request(method, format!("{base_url}/things"))
        .header("idempotency-key", idempotency_key());
    send(&core, request, &call, &RequestOptions::new()).await
}

#[tokio::test]
async fn a_request_that_is_not_retryable_is_sent_once() {
    let (base_url, received) = serve(503);
    let error = send_to(&base_url, reqwest::Method::POST, false).await.err();
    assert_eq!(
        error.and_then(|e| e.status()).map(|s| s.as_u16()),
        Some(503)
    );
    assert_eq!(count(&received), 1);
}

#[tokio::test]
async fn a_retryable_request_is_sent_up_to_max_attempts() {
    let (base_url, received) = serve(503);
    let error = send_to(&base_url, reqwest::Method::POST, true).await.err();
    assert_eq!(
        error.and_then(|e| e.status()).map(|s| s.as_u16()),
        Some(503)
    );
    assert_eq!(count(&received), 3);
    // Every attempt is the same request: a key made once goes out unchanged.
    let heads = received
        .lock()
        .map(|heads| heads.clone())
        .unwrap_or_default();
    let keys: Vec<&str> = heads
        .iter()
        .filter_map(|head| {
            head.lines()
                .find(|line| line.starts_with("idempotency-key:"))
        })
        .collect();
    assert_eq!(keys.len(), 3);
    assert!(keys.iter().all(|key| *key == keys[0]), "{keys:?}");
}

#[tokio::test]
async fn a_success_is_not_retried() {
    let (base_url, received) = serve(204);
    let response = send_to(&base_url, reqwest::Method::GET, true).await;
    assert_eq!(response.ok().map(|r| r.status.as_u16()), Some(204));
    assert_eq!(count(&received), 1);
}

#[test]
fn backoff_doubles_within_jitter_and_is_capped() {
    let policy = RetryPolicy::new()
        .with_initial_backoff(Duration::from_millis(100))
        .with_max_backoff(Duration::from_millis(300));
    for _ in 0..20 {
        let first = backoff(&policy, 1);
        assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
        let second = backoff(&policy, 2);
        assert!(second >= Duration::from_millis(100) && second <= Duration::from_millis(200));
        let capped = backoff(&policy, 30);
        assert!(capped >= Duration::from_millis(150) && capped <= Duration::from_millis(300));
    }
}

#[test]
fn retry_after_is_honoured_up_to_the_cap() {
    let policy = RetryPolicy::new().with_max_retry_after(Duration::from_secs(10));
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::RETRY_AFTER,
        reqwest::header::HeaderValue::from_static("7"),
    );
    assert_eq!(
        retry_wait(&policy, 1, &headers),
        Some(Duration::from_secs(7))
    );
    headers.insert(
        reqwest::header::RETRY_AFTER,
        reqwest::header::HeaderValue::from_static("11"),
    );
    assert_eq!(retry_wait(&policy, 1, &headers), None);
    // A date in the past: retry at once.
    headers.insert(
        reqwest::header::RETRY_AFTER,
        reqwest::header::HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
    );
    assert_eq!(retry_wait(&policy, 1, &headers), Some(Duration::ZERO));
    // Text that is neither: the backoff applies.
    headers.insert(
        reqwest::header::RETRY_AFTER,
        reqwest::header::HeaderValue::from_static("soon"),
    );
    assert!(retry_wait(&policy, 1, &headers).is_some_and(|wait| wait <= Duration::from_secs(1)));
}

#[test]
fn retry_after_dates_are_waits_from_now() {
    assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
    assert_eq!(
        parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
        Some(784_111_777)
    );
    assert_eq!(
        parse_http_date("Tue, 29 Feb 2028 12:00:00 GMT"),
        Some(1_835_438_400)
    );
    assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 CET"), None);
    assert_eq!(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"), None);
    let now = std::time::UNIX_EPOCH + Duration::from_secs(784_111_770);
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
        Some(Duration::from_secs(7))
    );
    assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
}

#[test]
fn idempotency_keys_are_distinct_version_4_uuids() {
    let first = idempotency_key();
    let second = idempotency_key();
    assert_ne!(first, second);
    assert_eq!(first.len(), 36);
    assert_eq!(first.as_bytes()[14], b'4');
    assert!(matches!(first.as_bytes()[19], b'8' | b'9' | b'a' | b'b'));
}
