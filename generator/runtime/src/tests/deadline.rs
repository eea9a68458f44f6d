//! The deadline of a whole call: every attempt and every wait between attempts end by
//! it, beside the timeout of each attempt.

use std::time::{Duration, Instant};

use crate::error::Error;
use crate::runtime::client_core::ClientCore;
use crate::runtime::options::{RequestOptions, RetryPolicy};
use crate::runtime::send::{RawResponse, send};
use crate::tests::call;
use crate::tests::server::Server;

async fn get(
    core: &ClientCore,
    url: String,
    options: &RequestOptions,
) -> Result<RawResponse, Error> {
    let request = core.http.get(url);
    send(core, request, &call(true), options).await
}

#[tokio::test]
async fn a_retry_whose_wait_ends_past_the_deadline_is_not_made() {
    let server = Server::answering(503, "retry-after: 2\r\n", "");
    let mut core = ClientCore::new(server.base_url.clone()).expect("a client");
    core.deadline = Some(Duration::from_millis(500));
    let started = Instant::now();
    let outcome = get(
        &core,
        format!("{}/things", server.base_url),
        &RequestOptions::new(),
    )
    .await;
    // Without the deadline: three attempts, four seconds of waiting.
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        outcome
            .err()
            .and_then(|error| error.status())
            .map(|s| s.as_u16()),
        Some(503)
    );
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn the_deadline_cuts_an_attempt_short_as_a_timeout() {
    let server = Server::start(|_, _| std::thread::sleep(Duration::from_secs(3)));
    let core = ClientCore::new(server.base_url.clone()).expect("a client");
    // The attempt may take ten seconds; the call, a third of one.
    let options = RequestOptions::new()
        .with_timeout(Duration::from_secs(10))
        .with_deadline(Duration::from_millis(300));
    let started = Instant::now();
    let outcome = get(&core, format!("{}/things", server.base_url), &options).await;
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
    assert!(
        outcome.as_ref().err().is_some_and(Error::is_timeout),
        "{:?}",
        outcome.err()
    );
}

#[tokio::test]
async fn the_deadline_bounds_retries_and_backoff_together() {
    // A port nothing listens on (kept bound): every attempt fails at once, and is retried.
    let (_taken, port) = super::server::refused_port();
    let core = ClientCore::new(format!("http://127.0.0.1:{port}")).expect("a client");
    let policy = RetryPolicy::new()
        .with_max_attempts(100)
        .with_initial_backoff(Duration::from_millis(200))
        .with_max_backoff(Duration::from_millis(200));
    let options = RequestOptions::new()
        .with_retry_policy(policy)
        .with_deadline(Duration::from_millis(600));
    let started = Instant::now();
    let outcome = get(&core, format!("http://127.0.0.1:{port}/things"), &options).await;
    let elapsed = started.elapsed();
    assert!(
        outcome.as_ref().err().is_some_and(Error::is_connect),
        "{:?}",
        outcome.err()
    );
    // At least one backoff was waited, and no wait went past the deadline.
    assert!(elapsed >= Duration::from_millis(100), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(1000), "{elapsed:?}");
}

#[tokio::test]
async fn the_longest_deadline_there_is_does_not_panic() {
    let server = Server::answering(204, "", "");
    let mut core = ClientCore::new(server.base_url.clone()).expect("a client");
    core.deadline = Some(Duration::MAX);
    let options = RequestOptions::new().with_deadline(Duration::MAX);
    let outcome = get(&core, format!("{}/things", server.base_url), &options).await;
    assert_eq!(
        outcome.ok().map(|response| response.status.as_u16()),
        Some(204)
    );
}
