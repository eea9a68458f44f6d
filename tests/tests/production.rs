//! The production behaviour of the generated client against a real HTTP server on
//! loopback (the SDK's mock server, `sequence_api::mock`): retries (counted on the server
//! side), `Retry-After`, timeouts, per-call options, raw responses, pagination to the
//! end, misbehaving servers, and secrets kept out of `Debug` and tracing output.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sequence_api::mock::{MockServer, Operation};
use sequence_api::models::{ApiError, ApiErrorDetail, ListUsersParams, Pagination, User, UserList};
use sequence_api::{
    Client, Credentials, Error, ErrorBody, RequestOptions, RetryPolicy, TryStreamExt,
};
use serde_json::json;

const SECRET: &str = "s3cr3t-value-never-printed";

fn fast_retries() -> RetryPolicy {
    RetryPolicy::new()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(5))
        .with_max_backoff(Duration::from_millis(20))
}

fn client(base_url: &str) -> Client {
    Client::new(base_url, Credentials::new("key", SECRET))
        .unwrap()
        .with_retry_policy(fast_retries())
}

fn user(id: &str) -> User {
    serde_json::from_value(json!({
        "id": id,
        "email": format!("{id}@example.com"),
        "sequenceAccountIds": ["9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"],
        "state": "active",
        "roles": [{"roleName": "admin", "permissions": [{"resource": "org.customer", "actions": ["read"]}]}]
    }))
    .unwrap()
}

fn api_error() -> ApiError {
    ApiError {
        error: ApiErrorDetail {
            r#type: "unavailable".to_owned(),
            message: "try later".to_owned(),
            errors: None,
        },
    }
}

fn hits(server: &MockServer) -> usize {
    server.received_all().len()
}

#[tokio::test]
async fn get_is_retried_after_503_until_it_succeeds() {
    let server = MockServer::start().await;
    server.get_user().responds_status(503, api_error()).times(2);
    server.get_user().responds_ok(user("u1"));
    let user = client(server.url()).get_user("u1").await.unwrap();
    assert_eq!(user.id, "u1");
    assert_eq!(server.received(Operation::GetUser).len(), 3);
}

#[tokio::test]
async fn delete_is_retried_after_502_504_and_429() {
    let server = MockServer::start().await;
    for status in [502, 504, 429] {
        server
            .delete_user()
            .responds_status(status, api_error())
            .once();
    }
    server.delete_user().responds_ok(user("u1"));
    let client = client(server.url()).with_retry_policy(fast_retries().with_max_attempts(4));
    let user = client.delete_user("u1").await.unwrap();
    assert_eq!(user.id, "u1");
    assert_eq!(server.received(Operation::DeleteUser).len(), 4);
    assert_eq!(hits(&server), 4);
}

#[tokio::test]
async fn retries_stop_at_max_attempts_with_the_last_error() {
    let server = MockServer::start().await;
    server.get_user().responds_status(503, api_error());
    let error = client(server.url()).get_user("u1").await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    // The document declares no body for 503: the text is kept.
    assert!(
        matches!(error.error_body(), Some(ErrorBody::Text(text)) if text.contains("try later")),
        "{error:?}"
    );
    assert_eq!(hits(&server), 3);
}

#[tokio::test]
async fn retry_policy_none_sends_once() {
    let server = MockServer::start().await;
    server.get_user().responds_status(503, api_error());
    let client = client(server.url()).with_retry_policy(RetryPolicy::none());
    assert!(client.get_user("u1").await.is_err());
    assert_eq!(hits(&server), 1);

    // The per-call policy overrides the client's.
    let options = RequestOptions::new().with_retry_policy(RetryPolicy::none());
    let error = self::client(server.url())
        .get_user_with("u1", &options)
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(hits(&server), 2);
}

#[tokio::test]
async fn other_error_statuses_are_not_retried() {
    let server = MockServer::start().await;
    for status in [400, 401, 404, 500] {
        server.reset();
        server.get_user().responds_status(status, api_error());
        let error = client(server.url()).get_user("u1").await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(hits(&server), 1, "status {status} must not be retried");
    }
}

#[tokio::test]
async fn retry_after_one_second_is_honoured() {
    let server = MockServer::start().await;
    server
        .get_user()
        .responds_status(429, api_error())
        .with_retry_after(1)
        .once();
    server.get_user().responds_ok(user("u1"));
    // The backoff alone would wait a few milliseconds.
    let started = Instant::now();
    let user = client(server.url()).get_user("u1").await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(user.id, "u1");
    assert_eq!(hits(&server), 2);
    assert!(
        elapsed >= Duration::from_millis(950),
        "waited only {elapsed:?}"
    );
    assert!(elapsed < Duration::from_secs(5), "waited {elapsed:?}");
}

#[tokio::test]
async fn retry_after_beyond_the_cap_returns_the_error_at_once() {
    let server = MockServer::start().await;
    server.get_user().responds_empty(503).with_retry_after(120);
    let started = Instant::now();
    let error = client(server.url()).get_user("u1").await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(hits(&server), 1);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn client_timeout_fires_and_is_not_retried() {
    let server = MockServer::start().await;
    server
        .get_user()
        .responds_ok(user("u1"))
        .with_delay(Duration::from_secs(3));
    let client = client(server.url()).with_timeout(Duration::from_millis(200));
    let started = Instant::now();
    let error = client.get_user("u1").await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(error.is_timeout(), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(hits(&server), 1);
}

#[tokio::test]
async fn per_call_timeout_overrides_the_client_default() {
    let server = MockServer::start().await;
    server
        .get_user()
        .responds_ok(user("u1"))
        .with_delay(Duration::from_secs(3));
    let client = client(server.url());
    assert_eq!(client.timeout(), Some(sequence_api::DEFAULT_TIMEOUT));
    let options = RequestOptions::new().with_timeout(Duration::from_millis(150));
    let started = Instant::now();
    let error = client.get_user_with("u1", &options).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn request_options_send_extra_headers_and_override_the_api_version() {
    let server = MockServer::start().await;
    server.get_user().responds_ok(user("u1"));
    let options = RequestOptions::new()
        .with_header("X-Correlation-Id", "corr-7")
        .with_api_version("2024-01-01");
    client(server.url())
        .get_user_with("u1", &options)
        .await
        .unwrap();
    client(server.url()).get_user("u1").await.unwrap();
    let seen = server.received(Operation::GetUser);
    assert_eq!(seen[0].header("x-correlation-id"), Some("corr-7"));
    let versions: Vec<_> = seen[0]
        .headers()
        .get_all("sequence-version")
        .iter()
        .collect();
    assert_eq!(versions, ["2024-01-01"]);
    assert_eq!(seen[1].api_version(), Some("2024-07-30"));
    assert_eq!(seen[1].header("x-correlation-id"), None);
}

#[tokio::test]
async fn an_invalid_option_header_fails_before_sending() {
    let server = MockServer::start().await;
    let options = RequestOptions::new().with_header("bad header", "x");
    let error = client(server.url())
        .get_user_with("u1", &options)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidArgument { .. }), "{error:?}");
    assert_eq!(hits(&server), 0);
}

#[tokio::test]
async fn raw_responses_carry_status_and_headers() {
    let server = MockServer::start().await;
    let not_found = ApiError {
        error: ApiErrorDetail {
            r#type: "notFound".to_owned(),
            message: "no such user".to_owned(),
            errors: None,
        },
    };
    server
        .get_user()
        .with_id("missing")
        .responds_404(not_found)
        .with_response_header("x-request-id", "req-404");
    server
        .get_user()
        .responds_ok(user("u1"))
        .with_response_header("sequence-version", "2024-07-30")
        .with_response_header("x-request-id", "req-123");
    let client = client(server.url());
    let response = client
        .get_user_with("u1", &RequestOptions::new())
        .await
        .unwrap();
    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(response.api_version(), Some("2024-07-30"));
    assert_eq!(response.request_id(), Some("req-123"));
    assert_eq!(response.into_body().id, "u1");

    let error = client.get_user("missing").await.unwrap_err();
    assert_eq!(error.request_id(), Some("req-404"));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
}

#[tokio::test]
async fn user_agent_names_the_crate_and_its_version() {
    let server = MockServer::start().await;
    server.get_user().responds_ok(user("u1"));
    client(server.url()).get_user("u1").await.unwrap();
    let expected = format!("sequence-api/{}", env!("CARGO_PKG_VERSION"));
    assert_eq!(sequence_api::USER_AGENT, expected);
    assert_eq!(
        server.received_all()[0].header("user-agent"),
        Some(expected.as_str())
    );
}

fn page(ids: &[&str], after: Option<&str>) -> UserList {
    UserList {
        items: ids.iter().map(|id| user(id)).collect(),
        pagination: Pagination {
            after: Some(after.map(str::to_owned)),
            before: Some(None),
            total_result_size: Some(Some(6)),
        },
    }
}

/// Three pages chained by cursor; the last has `after: null`.
fn three_pages() -> Vec<UserList> {
    vec![
        page(&["a1", "a2"], Some("cursor-2")),
        page(&["b1", "b2"], Some("cursor-3")),
        page(&["c1", "c2"], None),
    ]
}

#[tokio::test]
async fn the_item_stream_walks_three_pages_to_the_end() {
    let server = MockServer::start().await;
    server
        .list_users()
        .with_limit(2)
        .responds_pages(three_pages());
    let params = ListUsersParams {
        limit: Some(2),
        ..Default::default()
    };
    let users: Vec<User> = client(server.url())
        .list_users_stream(&params)
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = users.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, ["a1", "a2", "b1", "b2", "c1", "c2"]);
    let seen = server.received(Operation::ListUsers);
    assert_eq!(seen.len(), 3);
    let cursors: Vec<Option<String>> = seen.iter().map(|s| s.query("after")).collect();
    assert_eq!(
        cursors,
        [
            None,
            Some("cursor-2".to_owned()),
            Some("cursor-3".to_owned())
        ]
    );
    assert!(seen.iter().all(|s| s.path() == "/users"));
}

#[tokio::test]
async fn the_page_stream_yields_each_page_and_starts_at_the_given_cursor() {
    let server = MockServer::start().await;
    server.list_users().responds_pages(three_pages());
    let params = ListUsersParams {
        after: Some("cursor-2".to_owned()),
        ..Default::default()
    };
    // The stream owns its state: it outlives the client handle it came from.
    let pages = client(server.url()).list_users_pages(&params);
    let pages: Vec<UserList> = pages.try_collect().await.unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0].items[0].id, "b1");
    assert_eq!(pages[1].pagination.after, Some(None));
}

#[tokio::test]
async fn pagination_stops_when_the_cursor_is_absent() {
    let server = MockServer::start().await;
    let only = UserList {
        items: vec![user("only")],
        pagination: Pagination::default(),
    };
    server.list_users().responds_ok(only);
    let users: Vec<User> = client(server.url())
        .list_users_stream(&Default::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(users.len(), 1);
    assert_eq!(hits(&server), 1);
}

#[tokio::test]
async fn a_repeated_cursor_ends_the_walk_with_an_error() {
    let server = MockServer::start().await;
    server.list_users().responds_ok(page(&["x"], Some("same")));
    let client = client(server.url());
    let mut stream = std::pin::pin!(client.list_users_pages(&Default::default()));
    assert!(stream.try_next().await.unwrap().is_some());
    assert!(stream.try_next().await.unwrap().is_some());
    let error = stream.try_next().await.unwrap_err();
    assert!(
        matches!(&error, Error::RepeatedCursor { cursor } if cursor == "same"),
        "{error:?}"
    );
    assert_eq!(hits(&server), 2);
}

#[tokio::test]
async fn an_html_502_page_is_a_status_error_with_the_text() {
    let server = MockServer::start().await;
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    server
        .get_user()
        .responds_raw(502, &[("content-type", "text/html")], html);
    let error = client(server.url()).get_user("u1").await.unwrap_err();
    match &error {
        Error::Status(response) => {
            assert_eq!(response.status.as_u16(), 502);
            assert!(
                matches!(&response.body, ErrorBody::Text(text) if text.contains("Bad Gateway"))
            );
        }
        other => panic!("expected Error::Status, got {other:?}"),
    }
    assert_eq!(hits(&server), 3, "502 is retried");
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_keeping_the_body() {
    let server = MockServer::start().await;
    let truncated = r#"{"id": "u1", "email": "u1@exa"#;
    server
        .get_user()
        .responds_raw(200, &[("content-type", "application/json")], truncated);
    let error = client(server.url()).get_user("u1").await.unwrap_err();
    match error {
        Error::Decode(decode) => {
            assert_eq!(decode.body, truncated.as_bytes());
            assert!(decode.source.is_eof());
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    assert_eq!(hits(&server), 1);
}

#[tokio::test]
async fn wrong_json_types_are_a_decode_error() {
    let server = MockServer::start().await;
    let mut user = serde_json::to_value(user("u1")).unwrap();
    user["id"] = json!(42);
    server.get_user().responds_status(200, user);
    let error = client(server.url()).get_user("u1").await.unwrap_err();
    match error {
        Error::Decode(decode) => assert!(decode.source.is_data(), "{:?}", decode.source),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn an_empty_200_body_is_a_decode_error() {
    let server = MockServer::start().await;
    server.delete_user().responds_empty(200);
    let error = client(server.url()).delete_user("u1").await.unwrap_err();
    match error {
        Error::Decode(decode) => {
            assert!(decode.body.is_empty());
            assert_eq!(decode.status.as_u16(), 200);
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn a_dropped_connection_is_a_transport_error_after_retries() {
    let server = MockServer::start().await;
    server.get_user().drops_connection();
    let error = client(server.url()).get_user("u1").await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(!error.is_timeout());
    assert_eq!(hits(&server), 3, "GET is retried");
}

#[tokio::test]
async fn a_dropped_connection_then_success_is_retried_transparently() {
    let server = MockServer::start().await;
    server.delete_user().drops_connection().once();
    server.delete_user().responds_ok(user("u1"));
    let user = client(server.url()).delete_user("u1").await.unwrap();
    assert_eq!(user.id, "u1");
    assert_eq!(hits(&server), 2);
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error() {
    // Bind, learn the port, and close it again: nothing listens there any more.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let error = client(&format!("http://{address}"))
        .get_user("u1")
        .await
        .unwrap_err();
    assert!(error.is_connect(), "{error:?}");
}

/// A `tracing` writer that keeps everything in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn the_secret_is_never_shown_in_debug_or_tracing_output() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    server
        .get_user()
        .with_id("u1")
        .responds_status(503, api_error())
        .once();
    server.get_user().with_id("u1").responds_ok(user("u1"));
    server.get_user().with_id("bad").responds_raw(200, &[], "{");
    server.get_user().responds_401(api_error());
    let credentials = Credentials::new("key", SECRET);
    let client = Client::new(server.url(), credentials.clone())
        .unwrap()
        .with_retry_policy(fast_retries());
    let options = RequestOptions::new().with_header("X-Api-Secret", SECRET);
    let response = client.get_user_with("u1", &options).await.unwrap();
    let status_error = client.get_user("u2").await.unwrap_err();
    let decode_error = client.get_user("bad").await.unwrap_err();
    let dropping = MockServer::start().await;
    dropping.get_user().drops_connection();
    let transport_error = Client::new(dropping.url(), credentials.clone())
        .unwrap()
        .with_retry_policy(RetryPolicy::none())
        .get_user("u1")
        .await
        .unwrap_err();

    // The server did receive the secret, so the checks below are not vacuous.
    let seen = server.received(Operation::GetUser);
    let authorization = seen[0].header("authorization").unwrap().to_owned();
    assert!(authorization.starts_with("Basic "));
    assert_eq!(seen[0].header("x-api-secret"), Some(SECRET));

    let debug_output = [
        format!("{client:?}"),
        format!("{credentials:?}"),
        format!("{options:?}"),
        format!("{response:?}"),
        format!("{status_error:?} {status_error}"),
        format!("{decode_error:?} {decode_error}"),
        format!("{transport_error:?} {transport_error}"),
    ];
    let encoded = authorization.trim_start_matches("Basic ");
    for text in &debug_output {
        assert!(!text.contains(SECRET), "secret in {text}");
        assert!(!text.contains(encoded), "encoded credentials in {text}");
    }
    assert!(debug_output[1].contains("key"), "the client id is shown");
    assert!(
        debug_output[2].contains("x-api-secret"),
        "header names are shown"
    );

    let traced = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        !traced.contains(SECRET),
        "secret in tracing output:\n{traced}"
    );
    assert!(
        !traced.contains(encoded),
        "encoded credentials in tracing output"
    );
    // Spans name the route template, attempt and status, not the concrete path.
    assert!(traced.contains("http_request"), "{traced}");
    assert!(traced.contains("http.route=\"/users/{id}\""), "{traced}");
    assert!(
        !traced.contains("/users/u1"),
        "the concrete path is not traced"
    );
    assert!(traced.contains("retrying"), "{traced}");
    assert!(traced.contains("attempt=2"), "{traced}");
    assert!(traced.contains("http.status_code=503"), "{traced}");
    assert!(traced.contains("status=200"), "{traced}");
    assert!(traced.contains("latency_ms="), "{traced}");
}

/// The README's network example, run against the mock instead of the sandbox.
#[tokio::test]
async fn the_readme_network_example_runs() {
    let server = MockServer::start().await;
    server
        .list_users()
        .with_limit(100)
        .responds_pages(three_pages());
    server
        .get_user()
        .with_id("7b1f28b9-a4ad-450b-a0ea-fd647d5109b2")
        .with_header("X-Correlation-Id", "job-42")
        .responds_ok(user("u1"))
        .with_response_header("sequence-version", "2024-05-09")
        .with_response_header("x-request-id", "req-1");
    let client = Client::new(server.url(), Credentials::new("client-id", "client-secret"))
        .unwrap()
        .with_timeout(Duration::from_secs(10))
        .with_retry_policy(RetryPolicy::new().with_max_attempts(5));
    let options = RequestOptions::new()
        .with_header("X-Correlation-Id", "job-42")
        .with_api_version("2024-05-09")
        .with_timeout(Duration::from_secs(2));
    let response = client
        .get_user_with("7b1f28b9-a4ad-450b-a0ea-fd647d5109b2", &options)
        .await
        .unwrap();
    assert_eq!(response.api_version(), Some("2024-05-09"));
    assert_eq!(response.request_id(), Some("req-1"));
    let params = ListUsersParams {
        limit: Some(100),
        ..Default::default()
    };
    let mut users = std::pin::pin!(client.list_users_stream(&params));
    let mut emails = Vec::new();
    while let Some(user) = users.try_next().await.unwrap() {
        emails.push(user.email);
    }
    assert_eq!(emails.len(), 6);
    assert_eq!(
        server.received(Operation::GetUser)[0].api_version(),
        Some("2024-05-09")
    );
}
