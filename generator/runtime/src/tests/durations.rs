//! Durations from hostile headers and careless settings: no arithmetic overflows (which
//! would panic in debug builds), whatever a server sends or a caller sets.

use std::time::Duration;

use crate::runtime::client_core::ClientCore;
use crate::runtime::options::{RequestOptions, RetryPolicy};
use crate::runtime::send::{backoff, parse_retry_after, retry_wait, send};
use crate::tests::call;
use crate::tests::server::Server;

fn fast_policy() -> RetryPolicy {
    RetryPolicy::new()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(4))
}

fn retry_after(value: &'static str) -> reqwest::header::HeaderMap {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::RETRY_AFTER,
        reqwest::header::HeaderValue::from_static(value),
    );
    headers
}

#[tokio::test]
async fn a_retry_after_date_past_any_calendar_is_ignored_not_a_panic() {
    let server = Server::answering(
        503,
        "retry-after: Sun, 06 Nov 999999999999 08:49:37 GMT\r\n",
        "",
    );
    let mut core = ClientCore::from_http_client(reqwest::Client::new(), server.base_url.clone());
    core.retry = fast_policy();
    let request = core.http.get(format!("{}/things", server.base_url));
    let outcome = send(&core, request, &call(true), &RequestOptions::new()).await;
    // The date means nothing: the backoff applies, and every attempt is made.
    assert_eq!(
        outcome
            .err()
            .and_then(|error| error.status())
            .map(|s| s.as_u16()),
        Some(503)
    );
    assert_eq!(server.count(), 3);
}

#[test]
fn retry_after_values_out_of_range_fall_back_or_give_up() {
    let policy = fast_policy();
    for value in [
        "Sun, 06 Nov 999999999999 08:49:37 GMT",
        "Sun, 06 Nov 18446744073709551615 08:49:37 GMT",
        "Sun, 99 Nov 1994 08:49:37 GMT",
        "99999999999999999999999999",
        "-1",
    ] {
        let wait = retry_wait(&policy, 1, &retry_after(value));
        assert!(
            wait.is_some_and(|wait| wait <= Duration::from_millis(4)),
            "{value}: {wait:?}"
        );
    }
    // The longest delay-seconds there is: longer than the policy honours, so no retry.
    assert_eq!(
        retry_wait(&policy, 1, &retry_after("18446744073709551615")),
        None
    );
    assert_eq!(
        parse_retry_after("18446744073709551615", std::time::SystemTime::now()),
        Some(Duration::from_secs(u64::MAX))
    );
}

#[test]
fn backoff_saturates_for_huge_attempts_and_backoffs() {
    let huge = RetryPolicy::new()
        .with_initial_backoff(Duration::MAX)
        .with_max_backoff(Duration::MAX);
    for attempt in [0, 1, 2, 31, 32, 64, u32::MAX] {
        let wait = backoff(&huge, attempt);
        assert!(
            wait >= Duration::MAX / 2 - Duration::from_secs(1),
            "{attempt}: {wait:?}"
        );
        let capped = backoff(&fast_policy(), attempt);
        assert!(capped <= Duration::from_millis(4), "{attempt}: {capped:?}");
    }
}

#[tokio::test]
async fn the_longest_timeout_there_is_does_not_panic() {
    let server = Server::answering(204, "", "");
    let mut core = ClientCore::from_http_client(reqwest::Client::new(), server.base_url.clone());
    core.timeout = Some(Duration::MAX);
    let request = core.http.get(format!("{}/things", server.base_url));
    let options = RequestOptions::new().with_timeout(Duration::MAX);
    let outcome = send(&core, request, &call(true), &options).await;
    assert_eq!(
        outcome.ok().map(|response| response.status.as_u16()),
        Some(204)
    );
}
