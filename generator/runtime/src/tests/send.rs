//! Sending: retries by method and status, backoff, `Retry-After`, idempotency keys.

use crate::error::Error;
use crate::runtime::client_core::ClientCore;
use crate::runtime::idempotency_key::idempotency_key;
use crate::runtime::options::{RequestOptions, RetryPolicy};
use crate::runtime::send::{Call, RawResponse, backoff, call, parse_retry_after, retry_wait, send};
use crate::tests::server::Server;
use std::time::Duration;

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
    let server = Server::answering(503, "", "");
    let error = send_to(&server.base_url, reqwest::Method::POST, false)
        .await
        .err();
    assert_eq!(
        error.and_then(|e| e.status()).map(|s| s.as_u16()),
        Some(503)
    );
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_retryable_request_is_sent_up_to_max_attempts() {
    let server = Server::answering(503, "", "");
    let error = send_to(&server.base_url, reqwest::Method::POST, true)
        .await
        .err();
    assert_eq!(
        error.and_then(|e| e.status()).map(|s| s.as_u16()),
        Some(503)
    );
    assert_eq!(server.count(), 3);
    // Every attempt is the same request: a key made once goes out unchanged.
    let heads = server.requests();
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
    let server = Server::answering(204, "", "");
    let response = send_to(&server.base_url, reqwest::Method::GET, true).await;
    assert_eq!(response.ok().map(|r| r.status.as_u16()), Some(204));
    assert_eq!(server.count(), 1);
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

/// Seconds since the Unix epoch of an HTTP date, through `parse_retry_after`.
fn epoch_seconds(date: &str) -> Option<u64> {
    parse_retry_after(date, std::time::UNIX_EPOCH).map(|wait| wait.as_secs())
}

#[test]
fn retry_after_dates_are_waits_from_now() {
    assert_eq!(epoch_seconds("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
    assert_eq!(
        epoch_seconds("Sun, 06 Nov 1994 08:49:37 GMT"),
        Some(784_111_777)
    );
    assert_eq!(
        epoch_seconds("Tue, 29 Feb 2028 12:00:00 GMT"),
        Some(1_835_438_400)
    );
    // The two obsolete formats RFC 9110 asks recipients to accept: RFC 850 and asctime.
    assert_eq!(
        epoch_seconds("Sunday, 06-Nov-94 08:49:37 GMT"),
        Some(784_111_777)
    );
    assert_eq!(epoch_seconds("Sun Nov  6 08:49:37 1994"), Some(784_111_777));
    assert_eq!(epoch_seconds("Sun, 06 Nov 1994 08:49:37 CET"), None);
    assert_eq!(epoch_seconds("Sun, 06 Foo 1994 08:49:37 GMT"), None);
    let now = std::time::UNIX_EPOCH + Duration::from_secs(784_111_770);
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
        Some(Duration::from_secs(7))
    );
    assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
}

#[test]
fn idempotency_keys_are_distinct_version_4_uuids() {
    let keys: std::collections::HashSet<String> = (0..1000).map(|_| idempotency_key()).collect();
    assert_eq!(keys.len(), 1000);
    for key in &keys {
        assert_eq!(key.len(), 36);
        let uuid = uuid::Uuid::parse_str(key).expect("a UUID");
        assert_eq!(uuid.get_version(), Some(uuid::Version::Random));
        assert_eq!(uuid.get_variant(), uuid::Variant::RFC4122);
        // Written the way servers expect: lowercase, hyphenated.
        assert_eq!(uuid.hyphenated().to_string(), *key);
    }
}

/// A server that promises `Content-Length: 1000`, writes 10 bytes and closes the
/// connection, on every request.
fn truncating() -> Server {
    Server::start(|_, stream| {
        use std::io::Write as _;
        let _ = write!(
            stream,
            "HTTP/1.1 200 OK\r\ncontent-length: 1000\r\ncontent-type: application/json\r\n\r\n0123456789"
        );
        let _ = stream.flush();
        let _ = stream.shutdown(std::net::Shutdown::Both);
    })
}

#[tokio::test]
async fn a_body_cut_short_is_retried_for_a_retryable_request() {
    let server = truncating();
    let outcome = send_to(&server.base_url, reqwest::Method::GET, true).await;
    assert!(
        matches!(&outcome, Err(Error::Transport(error)) if error.is_body() || error.is_decode()),
        "{:?}",
        outcome.as_ref().map(|response| response.status)
    );
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn a_body_cut_short_is_not_retried_for_a_request_that_is_not_retryable() {
    let server = truncating();
    let outcome = send_to(&server.base_url, reqwest::Method::POST, false).await;
    assert!(outcome.is_err());
    assert_eq!(server.count(), 1);
}

/// The future an operation's method answers: the request is built at once, sent when the
/// future is polled, and its 2xx body decoded.
#[tokio::test]
async fn a_call_sends_when_awaited_and_decodes_its_answer() {
    let server = Server::answering(200, "content-type: application/json\r\n", "[1,2]");
    let core = ClientCore::from_http_client(reqwest::Client::new(), server.base_url.clone());
    let options = RequestOptions::new();
    let pending: crate::runtime::send::ResponseFuture<'_, Vec<u32>> = call(
        &core,
        &options,
        crate::tests::call(true),
        || Ok(core.http.get(format!("{}/things", server.base_url))),
        crate::runtime::decode_json::decode_json,
    );
    assert_eq!(server.count(), 0, "sent before it was awaited");
    let body = pending.into_body().await.expect("an answer");
    assert_eq!(body, [1, 2]);
    assert_eq!(server.count(), 1);
}

/// A request that cannot be built is the call's error, and nothing is sent.
#[tokio::test]
async fn a_call_whose_request_cannot_be_built_answers_the_error_unsent() {
    let server = Server::answering(200, "", "");
    let core = ClientCore::from_http_client(reqwest::Client::new(), server.base_url.clone());
    let options = RequestOptions::new();
    let error = call::<()>(
        &core,
        &options,
        crate::tests::call(true),
        || {
            Err(Error::InvalidArgument {
                parameter: "id",
                reason: "not sent".to_owned(),
            })
        },
        |response| Ok(response.answer(())),
    )
    .await
    .expect_err("no request");
    assert!(
        matches!(
            error,
            Error::InvalidArgument {
                parameter: "id",
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(server.count(), 0);
}
