//! A small axum fake of the Sequence Users API on `127.0.0.1:0`: it records each request
//! exactly as received (method, raw path, raw query, headers, body) and answers either
//! the next scripted response or, when none is queued, like the real API would from an
//! in-memory list of users (Basic auth checked, pagination, 404 for unknown ids).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};

/// The vendor's example client id.
pub const CLIENT_ID: &str = "key";
/// The vendor's example client secret.
pub const CLIENT_SECRET: &str = "secret";
/// `Authorization` for [`CLIENT_ID`] and [`CLIENT_SECRET`], as the vendor documents it.
pub const EXPECTED_AUTHORIZATION: &str = "Basic a2V5OnNlY3JldA==";
/// The API version the fake answers with when the request names none.
pub const NEWEST_API_VERSION: &str = "2024-07-30";

/// The seed page's user (its `state` is `deleted`, as the delete example shows it).
pub const SEED_USER_JSON: &str = include_str!("../fixtures/seed_user.json");

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    /// The HTTP method.
    pub method: Method,
    /// The path exactly as sent, percent-encoding untouched.
    pub path: String,
    /// The query string exactly as sent, without `?`; `None` when the URL had no `?`.
    pub query: Option<String>,
    /// Every header as received.
    pub headers: HeaderMap,
    /// The request body.
    pub body: Bytes,
}

impl RecordedRequest {
    /// The first value of header `name`, when present and valid UTF-8.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// How many times header `name` was sent.
    pub fn header_count(&self, name: &str) -> usize {
        self.headers.get_all(name).iter().count()
    }

    /// The query decoded as `application/x-www-form-urlencoded` pairs, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        decode_form(self.query.as_deref().unwrap_or(""))
    }
}

/// A response the test wants the server to give to the next request.
#[derive(Debug, Clone)]
pub struct ScriptedResponse {
    /// The status code.
    pub status: StatusCode,
    /// Headers to send, in order.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl ScriptedResponse {
    /// A response with `body` and a `Content-Type` of `content_type`.
    pub fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        ScriptedResponse {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            headers: vec![
                ("content-type".to_owned(), content_type.to_owned()),
                ("sequence-version".to_owned(), NEWEST_API_VERSION.to_owned()),
            ],
            body: body.into(),
        }
    }

    /// A JSON response.
    pub fn json(status: u16, value: &Value) -> Self {
        Self::raw(status, "application/json", value.to_string())
    }

    /// A plain-text response.
    pub fn text(status: u16, body: &str) -> Self {
        Self::raw(status, "text/plain; charset=utf-8", body)
    }

    /// Adds a header.
    #[must_use]
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

#[derive(Default)]
struct Shared {
    requests: Vec<RecordedRequest>,
    script: VecDeque<ScriptedResponse>,
    users: Vec<Value>,
}

/// A running fake; the server stops when this is dropped.
pub struct FakeServer {
    base_url: String,
    shared: Arc<Mutex<Shared>>,
    task: tokio::task::JoinHandle<()>,
}

impl FakeServer {
    /// Starts a fake holding [`sample_users`].
    pub async fn start() -> std::io::Result<Self> {
        Self::start_with_users(sample_users()).await
    }

    /// Starts a fake holding `users` (JSON objects shaped like the API's `User`).
    pub async fn start_with_users(users: Vec<Value>) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let address = listener.local_addr()?;
        let shared = Arc::new(Mutex::new(Shared {
            users,
            ..Shared::default()
        }));
        let app = Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&shared));
        let task = tokio::spawn(async move {
            // A failing accept loop ends the task; the test then sees a transport error.
            let _ = axum::serve(listener, app).await;
        });
        Ok(FakeServer {
            base_url: format!("http://{address}"),
            shared,
            task,
        })
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Queues a response for the next request that arrives.
    pub fn script(&self, response: ScriptedResponse) {
        lock(&self.shared).script.push_back(response);
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared).requests.clone()
    }

    /// Returns and forgets the requests received so far.
    pub fn take_requests(&self) -> Vec<RecordedRequest> {
        std::mem::take(&mut lock(&self.shared).requests)
    }

    /// The users the fake holds now.
    pub fn users(&self) -> Vec<Value> {
        lock(&self.shared).users.clone()
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn lock(shared: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    // A test that panicked while holding the lock must not hide other tests' results.
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Three users: two from the spec's list example and the seed's user (made `active`).
pub fn sample_users() -> Vec<Value> {
    let mut seed: Value = serde_json::from_str(SEED_USER_JSON).unwrap_or(Value::Null);
    if let Some(object) = seed.as_object_mut() {
        object.insert("state".to_owned(), json!("active"));
    }
    vec![
        json!({
            "id": "3f2a9c1e-5b7d-4e8a-9c0f-1d2e3f4a5b6c",
            "email": "ada@example.com",
            "sequenceAccountIds": ["9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"],
            "state": "active",
            "roles": [{"roleName": "admin", "permissions": [
                {"resource": "org.customer", "actions": ["create", "read", "update", "delete", "archive"]}
            ]}]
        }),
        json!({
            "id": "b4c5d6e7-f8a9-4b0c-9d1e-2f3a4b5c6d7e",
            "email": "grace@example.com",
            "sequenceAccountIds": ["9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"],
            "state": "active",
            "roles": [{"roleName": "readOnlyUser", "permissions": [
                {"resource": "org.invoice", "actions": ["read"]}
            ]}]
        }),
        seed,
    ]
}

/// An `ApiError` body.
pub fn api_error(kind: &str, message: &str) -> Value {
    json!({"error": {"type": kind, "message": message}})
}

async fn handle(State(shared): State<Arc<Mutex<Shared>>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    let recorded = RecordedRequest {
        method: parts.method,
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers,
        body,
    };
    let mut shared = lock(&shared);
    shared.requests.push(recorded.clone());
    match shared.script.pop_front() {
        Some(scripted) => build(scripted),
        None => build(answer_like_the_api(&mut shared.users, &recorded)),
    }
}

fn build(scripted: ScriptedResponse) -> Response {
    let mut response = Response::new(Body::from(scripted.body));
    *response.status_mut() = scripted.status;
    for (name, value) in scripted.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value),
        ) {
            response.headers_mut().append(name, value);
        }
    }
    response
}

/// The unscripted behaviour: what the real API does for the three operations.
fn answer_like_the_api(users: &mut Vec<Value>, request: &RecordedRequest) -> ScriptedResponse {
    let version = request
        .header("sequence-version")
        .unwrap_or(NEWEST_API_VERSION)
        .to_owned();
    let mut response = route(users, request);
    for (name, value) in &mut response.headers {
        if name == "sequence-version" {
            value.clone_from(&version);
        }
    }
    response
}

fn route(users: &mut Vec<Value>, request: &RecordedRequest) -> ScriptedResponse {
    if request.header(header::AUTHORIZATION.as_str()) != Some(EXPECTED_AUTHORIZATION) {
        return ScriptedResponse::json(
            401,
            &api_error("unauthorized", "Missing or invalid credentials"),
        );
    }
    // The real servers live under `/api`; accept both so tests can use either base URL.
    let path = request.path.strip_prefix("/api").unwrap_or(&request.path);
    if path == "/users" {
        return if request.method == Method::GET {
            list(users, request)
        } else {
            ScriptedResponse::text(405, "method not allowed")
        };
    }
    let Some(segment) = path.strip_prefix("/users/").filter(|s| !s.contains('/')) else {
        return ScriptedResponse::text(404, "no such route");
    };
    let Some(id) = percent_decode(segment) else {
        return ScriptedResponse::json(400, &api_error("validationError", "bad id"));
    };
    let Some(index) = users.iter().position(|user| user["id"] == id.as_str()) else {
        return ScriptedResponse::json(
            404,
            &api_error("notFound", &format!("No user with id {id}")),
        );
    };
    match request.method {
        Method::GET => ScriptedResponse::json(200, &users[index]),
        Method::DELETE => {
            let mut user = users.remove(index);
            user["state"] = json!("deleted");
            ScriptedResponse::json(200, &user)
        }
        _ => ScriptedResponse::text(405, "method not allowed"),
    }
}

/// Cursor-paged listing; a cursor is `cursor-<index>` (opaque to clients).
fn list(users: &[Value], request: &RecordedRequest) -> ScriptedResponse {
    let mut limit = 20_usize;
    let mut after = None;
    let mut before = None;
    for (name, value) in request.query_pairs() {
        match name.as_str() {
            "limit" => match value.parse::<usize>() {
                Ok(parsed @ 1..=100) => limit = parsed,
                _ => {
                    return ScriptedResponse::json(
                        400,
                        &api_error("validationError", "limit must be between 1 and 100"),
                    );
                }
            },
            "after" => after = Some(value),
            "before" => before = Some(value),
            _ => {}
        }
    }
    let parse_cursor = |cursor: &str| {
        cursor
            .strip_prefix("cursor-")
            .and_then(|n| n.parse::<usize>().ok())
            .map(|n| n.min(users.len()))
    };
    let (start, end) = match (after.as_deref(), before.as_deref()) {
        (Some(cursor), _) => match parse_cursor(cursor) {
            Some(start) => (start, (start + limit).min(users.len())),
            None => return bad_cursor(),
        },
        (None, Some(cursor)) => match parse_cursor(cursor) {
            Some(end) => (end.saturating_sub(limit), end),
            None => return bad_cursor(),
        },
        (None, None) => (0, limit.min(users.len())),
    };
    let next = (end < users.len()).then(|| format!("cursor-{end}"));
    let previous = (start > 0).then(|| format!("cursor-{start}"));
    ScriptedResponse::json(
        200,
        &json!({
            "items": &users[start..end],
            "pagination": {"after": next, "before": previous, "totalResultSize": users.len()}
        }),
    )
}

fn bad_cursor() -> ScriptedResponse {
    ScriptedResponse::json(400, &api_error("validationError", "unknown cursor"))
}

/// Decodes `%XX` escapes; `None` for a broken escape or non-UTF-8 result.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte == b'%' {
            let hex = text.get(index + 1..index + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            out.push(byte);
            index += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Splits and decodes an `application/x-www-form-urlencoded` string (`+` is a space).
fn decode_form(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |part: &str| {
                let spaced = part.replace('+', " ");
                percent_decode(&spaced).unwrap_or(spaced)
            };
            (decode(name), decode(value))
        })
        .collect()
}
