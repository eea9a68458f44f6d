//! The production behaviour of the generated client against real HTTP servers on
//! loopback: retries (counted on the server side), `Retry-After`, timeouts, per-call
//! options, raw responses, pagination to the end, misbehaving servers, and secrets kept
//! out of `Debug` and tracing output.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::HeaderMap;
use axum::response::Response;
use sequence_api::{
    Client, Credentials, Error, ErrorBody, RequestOptions, RetryPolicy, TryStreamExt, models,
};
use serde_json::{Value, json};

const SECRET: &str = "s3cr3t-value-never-printed";

/// What the scripted server answers.
enum Reply {
    /// Status, headers and body.
    With(u16, Vec<(&'static str, String)>, String),
    /// The same after a delay.
    After(Duration, u16, String),
}

fn json_reply(status: u16, body: &Value) -> Reply {
    Reply::With(
        status,
        vec![("content-type", "application/json".to_owned())],
        body.to_string(),
    )
}

/// One request as received.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    query: String,
    headers: HeaderMap,
}

impl Seen {
    fn query_value(&self, name: &str) -> Option<String> {
        self.query.split('&').find_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            (key == name).then(|| value.to_owned())
        })
    }
}

/// A loopback axum server that answers every request with `script(attempt, request)`,
/// where `attempt` counts requests from 1, and records what it received.
struct Server {
    base_url: String,
    hits: Arc<AtomicUsize>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    async fn start(script: impl Fn(usize, &Seen) -> Reply + Send + Sync + 'static) -> Server {
        let hits = Arc::new(AtomicUsize::new(0));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(script);
        let (hits2, seen2) = (hits.clone(), seen.clone());
        let app = Router::new().fallback(move |request: Request| {
            let (hits, seen, script) = (hits2.clone(), seen2.clone(), script.clone());
            async move {
                let attempt = hits.fetch_add(1, Ordering::SeqCst) + 1;
                let record = Seen {
                    method: request.method().to_string(),
                    path: request.uri().path().to_owned(),
                    query: request.uri().query().unwrap_or_default().to_owned(),
                    headers: request.headers().clone(),
                };
                seen.lock().unwrap().push(record.clone());
                let (status, headers, body) = match script(attempt, &record) {
                    Reply::With(status, headers, body) => (status, headers, body),
                    Reply::After(delay, status, body) => {
                        tokio::time::sleep(delay).await;
                        (status, Vec::new(), body)
                    }
                };
                let mut response = Response::builder().status(status);
                for (name, value) in headers {
                    response = response.header(name, value);
                }
                response.body(Body::from(body)).unwrap()
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        Server {
            base_url: format!("http://{address}"),
            hits,
            seen,
        }
    }

    fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// A loopback TCP server that reads each request and closes the connection without
/// answering; counts connections.
async fn start_dropping_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = connections.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            let mut buffer = [0u8; 4096];
            let _ = tokio::io::AsyncReadExt::read(&mut socket, &mut buffer).await;
            drop(socket);
        }
    });
    (format!("http://{address}"), connections)
}

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

fn user_json(id: &str) -> Value {
    json!({
        "id": id,
        "email": format!("{id}@example.com"),
        "sequenceAccountIds": ["9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"],
        "state": "active",
        "roles": [{"roleName": "admin", "permissions": [{"resource": "org.customer", "actions": ["read"]}]}]
    })
}

fn api_error() -> Value {
    json!({"error": {"type": "unavailable", "message": "try later"}})
}

#[tokio::test]
async fn get_is_retried_after_503_until_it_succeeds() {
    let server = Server::start(|attempt, _| match attempt {
        1 | 2 => json_reply(503, &api_error()),
        _ => json_reply(200, &user_json("u1")),
    })
    .await;
    let user = client(&server.base_url).get_user("u1").await.unwrap();
    assert_eq!(user.id, "u1");
    assert_eq!(server.hits(), 3);
}

#[tokio::test]
async fn delete_is_retried_after_502_504_and_429() {
    let server = Server::start(|attempt, _| match attempt {
        1 => json_reply(502, &api_error()),
        2 => json_reply(504, &api_error()),
        3 => json_reply(429, &api_error()),
        _ => json_reply(200, &user_json("u1")),
    })
    .await;
    let client = client(&server.base_url).with_retry_policy(fast_retries().with_max_attempts(4));
    let user = client.delete_user("u1").await.unwrap();
    assert_eq!(user.id, "u1");
    assert_eq!(server.hits(), 4);
    assert!(server.seen().iter().all(|s| s.method == "DELETE"));
}

#[tokio::test]
async fn retries_stop_at_max_attempts_with_the_last_error() {
    let server = Server::start(|_, _| json_reply(503, &api_error())).await;
    let error = client(&server.base_url).get_user("u1").await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    // The document declares no body for 503: the text is kept.
    assert!(
        matches!(error.error_body(), Some(ErrorBody::Text(text)) if text.contains("try later")),
        "{error:?}"
    );
    assert_eq!(server.hits(), 3);
}

#[tokio::test]
async fn retry_policy_none_sends_once() {
    let server = Server::start(|_, _| json_reply(503, &api_error())).await;
    let client = client(&server.base_url).with_retry_policy(RetryPolicy::none());
    assert!(client.get_user("u1").await.is_err());
    assert_eq!(server.hits(), 1);

    // The per-call policy overrides the client's.
    let server = Server::start(|_, _| json_reply(503, &api_error())).await;
    let options = RequestOptions::new().with_retry_policy(RetryPolicy::none());
    let error = self::client(&server.base_url)
        .get_user_with("u1", &options)
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn other_error_statuses_are_not_retried() {
    for status in [400, 401, 404, 500] {
        let server = Server::start(move |_, _| json_reply(status, &api_error())).await;
        let error = client(&server.base_url).get_user("u1").await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(server.hits(), 1, "status {status} must not be retried");
    }
}

#[tokio::test]
async fn retry_after_one_second_is_honoured() {
    let server = Server::start(|attempt, _| match attempt {
        1 => Reply::With(
            429,
            vec![("retry-after", "1".to_owned())],
            api_error().to_string(),
        ),
        _ => json_reply(200, &user_json("u1")),
    })
    .await;
    // The backoff alone would wait a few milliseconds.
    let started = Instant::now();
    let user = client(&server.base_url).get_user("u1").await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(user.id, "u1");
    assert_eq!(server.hits(), 2);
    assert!(
        elapsed >= Duration::from_millis(950),
        "waited only {elapsed:?}"
    );
    assert!(elapsed < Duration::from_secs(5), "waited {elapsed:?}");
}

#[tokio::test]
async fn retry_after_beyond_the_cap_returns_the_error_at_once() {
    let server = Server::start(|_, _| {
        Reply::With(503, vec![("retry-after", "120".to_owned())], String::new())
    })
    .await;
    let started = Instant::now();
    let error = client(&server.base_url).get_user("u1").await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.hits(), 1);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn client_timeout_fires_and_is_not_retried() {
    let server = Server::start(|_, _| {
        Reply::After(Duration::from_secs(3), 200, user_json("u1").to_string())
    })
    .await;
    let client = client(&server.base_url).with_timeout(Duration::from_millis(200));
    let started = Instant::now();
    let error = client.get_user("u1").await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(error.is_timeout(), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn per_call_timeout_overrides_the_client_default() {
    let server = Server::start(|_, _| {
        Reply::After(Duration::from_secs(3), 200, user_json("u1").to_string())
    })
    .await;
    let client = client(&server.base_url);
    assert_eq!(client.timeout(), Some(sequence_api::DEFAULT_TIMEOUT));
    let options = RequestOptions::new().with_timeout(Duration::from_millis(150));
    let started = Instant::now();
    let error = client.get_user_with("u1", &options).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn request_options_send_extra_headers_and_override_the_api_version() {
    let server = Server::start(|_, _| json_reply(200, &user_json("u1"))).await;
    let options = RequestOptions::new()
        .with_header("X-Correlation-Id", "corr-7")
        .with_api_version("2024-01-01");
    client(&server.base_url)
        .get_user_with("u1", &options)
        .await
        .unwrap();
    client(&server.base_url).get_user("u1").await.unwrap();
    let seen = server.seen();
    assert_eq!(seen[0].headers["x-correlation-id"], "corr-7");
    let versions: Vec<_> = seen[0].headers.get_all("sequence-version").iter().collect();
    assert_eq!(versions, ["2024-01-01"]);
    assert_eq!(seen[1].headers["sequence-version"], "2024-07-30");
    assert!(seen[1].headers.get("x-correlation-id").is_none());
}

#[tokio::test]
async fn an_invalid_option_header_fails_before_sending() {
    let server = Server::start(|_, _| json_reply(200, &user_json("u1"))).await;
    let options = RequestOptions::new().with_header("bad header", "x");
    let error = client(&server.base_url)
        .get_user_with("u1", &options)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidArgument { .. }), "{error:?}");
    assert_eq!(server.hits(), 0);
}

#[tokio::test]
async fn raw_responses_carry_status_and_headers() {
    let server = Server::start(|_, request| {
        let version = request
            .headers
            .get("sequence-version")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("none")
            .to_owned();
        if request.path.ends_with("/missing") {
            return Reply::With(
                404,
                vec![
                    ("content-type", "application/json".to_owned()),
                    ("x-request-id", "req-404".to_owned()),
                ],
                json!({"error": {"type": "notFound", "message": "no such user"}}).to_string(),
            );
        }
        Reply::With(
            200,
            vec![
                ("content-type", "application/json".to_owned()),
                ("sequence-version", version),
                ("x-request-id", "req-123".to_owned()),
            ],
            user_json("u1").to_string(),
        )
    })
    .await;
    let client = client(&server.base_url);
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
    let server = Server::start(|_, _| json_reply(200, &user_json("u1"))).await;
    client(&server.base_url).get_user("u1").await.unwrap();
    let expected = format!("sequence-api/{}", env!("CARGO_PKG_VERSION"));
    assert_eq!(sequence_api::USER_AGENT, expected);
    assert_eq!(server.seen()[0].headers["user-agent"], expected.as_str());
}

/// Three pages keyed by cursor; the last has `after: null`.
fn three_pages(_: usize, request: &Seen) -> Reply {
    let (ids, after) = match request.query_value("after").as_deref() {
        None => (["a1", "a2"], json!("cursor-2")),
        Some("cursor-2") => (["b1", "b2"], json!("cursor-3")),
        Some("cursor-3") => (["c1", "c2"], Value::Null),
        Some(other) => panic!("unexpected cursor {other}"),
    };
    json_reply(
        200,
        &json!({
            "items": ids.iter().map(|id| user_json(id)).collect::<Vec<_>>(),
            "pagination": {"after": after, "before": null, "totalResultSize": 6}
        }),
    )
}

#[tokio::test]
async fn the_item_stream_walks_three_pages_to_the_end() {
    let server = Server::start(three_pages).await;
    let params = models::ListUsersParams {
        limit: Some(2),
        ..Default::default()
    };
    let users: Vec<models::User> = client(&server.base_url)
        .list_users_stream(&params)
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = users.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, ["a1", "a2", "b1", "b2", "c1", "c2"]);
    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    let cursors: Vec<Option<String>> = seen.iter().map(|s| s.query_value("after")).collect();
    assert_eq!(
        cursors,
        [
            None,
            Some("cursor-2".to_owned()),
            Some("cursor-3".to_owned())
        ]
    );
    assert!(
        seen.iter()
            .all(|s| s.query_value("limit").as_deref() == Some("2"))
    );
    assert!(seen.iter().all(|s| s.path == "/users"));
}

#[tokio::test]
async fn the_page_stream_yields_each_page_and_starts_at_the_given_cursor() {
    let server = Server::start(three_pages).await;
    let params = models::ListUsersParams {
        after: Some("cursor-2".to_owned()),
        ..Default::default()
    };
    // The stream owns its state: it outlives the client handle it came from.
    let pages = client(&server.base_url).list_users_pages(&params);
    let pages: Vec<models::UserList> = pages.try_collect().await.unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0].items[0].id, "b1");
    assert_eq!(pages[1].pagination.after, Some(None));
}

#[tokio::test]
async fn pagination_stops_when_the_cursor_is_absent() {
    let server = Server::start(|_, _| {
        json_reply(
            200,
            &json!({"items": [user_json("only")], "pagination": {}}),
        )
    })
    .await;
    let users: Vec<models::User> = client(&server.base_url)
        .list_users_stream(&Default::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(users.len(), 1);
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn a_repeated_cursor_ends_the_walk_with_an_error() {
    let server = Server::start(|_, _| {
        json_reply(
            200,
            &json!({"items": [user_json("x")], "pagination": {"after": "same"}}),
        )
    })
    .await;
    let client = client(&server.base_url);
    let mut stream = std::pin::pin!(client.list_users_pages(&Default::default()));
    assert!(stream.try_next().await.unwrap().is_some());
    assert!(stream.try_next().await.unwrap().is_some());
    let error = stream.try_next().await.unwrap_err();
    assert!(
        matches!(&error, Error::RepeatedCursor { cursor } if cursor == "same"),
        "{error:?}"
    );
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn an_html_502_page_is_a_status_error_with_the_text() {
    let server = Server::start(|_, _| {
        Reply::With(
            502,
            vec![("content-type", "text/html".to_owned())],
            "<html><body><h1>502 Bad Gateway</h1></body></html>".to_owned(),
        )
    })
    .await;
    let error = client(&server.base_url).get_user("u1").await.unwrap_err();
    match &error {
        Error::Status(response) => {
            assert_eq!(response.status.as_u16(), 502);
            assert!(
                matches!(&response.body, ErrorBody::Text(text) if text.contains("Bad Gateway"))
            );
        }
        other => panic!("expected Error::Status, got {other:?}"),
    }
    assert_eq!(server.hits(), 3, "502 is retried");
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_keeping_the_body() {
    let truncated = r#"{"id": "u1", "email": "u1@exa"#;
    let server = Server::start(move |_, _| {
        Reply::With(
            200,
            vec![("content-type", "application/json".to_owned())],
            truncated.to_owned(),
        )
    })
    .await;
    let error = client(&server.base_url).get_user("u1").await.unwrap_err();
    match error {
        Error::Decode(decode) => {
            assert_eq!(decode.body, truncated.as_bytes());
            assert!(decode.source.is_eof());
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn wrong_json_types_are_a_decode_error() {
    let server = Server::start(|_, _| {
        let mut user = user_json("u1");
        user["id"] = json!(42);
        json_reply(200, &user)
    })
    .await;
    let error = client(&server.base_url).get_user("u1").await.unwrap_err();
    match error {
        Error::Decode(decode) => assert!(decode.source.is_data(), "{:?}", decode.source),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn an_empty_200_body_is_a_decode_error() {
    let server = Server::start(|_, _| Reply::With(200, Vec::new(), String::new())).await;
    let error = client(&server.base_url)
        .delete_user("u1")
        .await
        .unwrap_err();
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
    let (base_url, connections) = start_dropping_server().await;
    let error = client(&base_url).get_user("u1").await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(!error.is_timeout());
    assert_eq!(connections.load(Ordering::SeqCst), 3, "GET is retried");
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

    let server = Server::start(|attempt, request| match attempt {
        1 => json_reply(503, &api_error()),
        2 => json_reply(200, &user_json("u1")),
        _ if request.path.ends_with("/bad") => Reply::With(200, Vec::new(), "{".to_owned()),
        _ => json_reply(401, &api_error()),
    })
    .await;
    let credentials = Credentials::new("key", SECRET);
    let client = Client::new(&server.base_url, credentials.clone())
        .unwrap()
        .with_retry_policy(fast_retries());
    let options = RequestOptions::new().with_header("X-Api-Secret", SECRET);
    let response = client.get_user_with("u1", &options).await.unwrap();
    let status_error = client.get_user("u2").await.unwrap_err();
    let decode_error = client.get_user("bad").await.unwrap_err();
    let (dropping, _) = start_dropping_server().await;
    let transport_error = Client::new(&dropping, credentials.clone())
        .unwrap()
        .with_retry_policy(RetryPolicy::none())
        .get_user("u1")
        .await
        .unwrap_err();

    // The server did receive the secret, so the checks below are not vacuous.
    let seen = server.seen();
    let authorization = seen[0].headers["authorization"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(authorization.starts_with("Basic "));
    assert_eq!(seen[0].headers["x-api-secret"], SECRET);

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

/// The README's network example, run against a loopback server instead of the sandbox.
#[tokio::test]
async fn the_readme_network_example_runs() {
    let server = Server::start(|attempt, request| {
        if request.path == "/users" {
            return three_pages(attempt, request);
        }
        Reply::With(
            200,
            vec![
                ("content-type", "application/json".to_owned()),
                ("sequence-version", "2024-05-09".to_owned()),
                ("x-request-id", "req-1".to_owned()),
            ],
            user_json("u1").to_string(),
        )
    })
    .await;
    let client = Client::new(
        &server.base_url,
        Credentials::new("client-id", "client-secret"),
    )
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
    let params = models::ListUsersParams {
        limit: Some(100),
        ..Default::default()
    };
    let mut users = std::pin::pin!(client.list_users_stream(&params));
    let mut emails = Vec::new();
    while let Some(user) = users.try_next().await.unwrap() {
        emails.push(user.email);
    }
    assert_eq!(emails.len(), 6);
    assert_eq!(server.seen()[0].headers["x-correlation-id"], "job-42");
}
