//! A mock of the API for tests of code that calls it (the cargo feature `mock`): a real
//! HTTP/1.1 server on loopback that answers each request with the mock set up for it,
//! keeps every request it received, and answers a request no mock matches with a JSON
//! body saying which operation came closest and why it did not match.
//!
//! The server is hyper's HTTP/1.1 server, used directly rather than through wiremock,
//! httpmock or axum:
//! - hyper, hyper-util and http-body-util are in every client's dependency tree already
//!   (reqwest sends through them), so the feature compiles a few more modules of crates
//!   that are built anyway and adds no crate to a lock file;
//! - a mock can drop the connection without answering (the service fails, and hyper
//!   closes the connection without writing a response), answer any status with any
//!   headers and bytes, and wait before answering. wiremock's `ResponseTemplate` has a
//!   status, headers, a body and a delay but no way to drop a connection (wiremock-rs
//!   issue 149), nor has httpmock (httpmock issue 199), and both bring a matching
//!   language of their own, which the typed builders of the generated `mock` module
//!   replace;
//! - routing needs nothing from axum: requests are matched here against the path
//!   templates of the operations.

use std::marker::PhantomData;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use http_body_util::BodyExt as _;
use hyper::body::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::super::mock::Operation;

/// How the requests of an operation look, for routing: the method, and the path template
/// as the literal text around its path parameters (`literals` has one entry more than
/// `params`: `/users/{id}` is `["/users/", ""]` around `["id"]`).
pub(crate) struct Route {
    /// The HTTP method, upper case.
    pub(crate) method: &'static str,
    /// The literal text before, between and after the path parameters.
    pub(crate) literals: &'static [&'static str],
    /// The wire names of the path parameters, in template order.
    pub(crate) params: &'static [&'static str],
}

/// A condition a request must meet: `Err` says how it failed (`` `id` was `u3`, expected `u1` ``).
type Check = Box<dyn Fn(&ReceivedRequest) -> Result<(), String> + Send + Sync>;

/// What a mock answers to a request it matched.
type Respond = Box<dyn Fn(&ReceivedRequest) -> Reply + Send + Sync>;

/// What the server does with a request.
#[derive(Clone)]
pub(crate) enum Reply {
    /// Answers with a status, headers and a body.
    Answer {
        status: reqwest::StatusCode,
        headers: HeaderMap,
        body: Vec<u8>,
    },
    /// Closes the connection without answering.
    DropConnection,
}

/// One mock: which requests of which operation it matches, and how it answers them.
struct Mock {
    id: u64,
    operation: Operation,
    checks: Vec<Check>,
    respond: Respond,
    /// How many more requests it answers (`None`: any number).
    remaining: Option<usize>,
    answered: usize,
    delay: Option<Duration>,
    /// Headers added to every answer.
    headers: HeaderMap,
}

/// How many bytes of each request body the mock server keeps unless
/// [`MockServer::with_max_body_bytes`] says otherwise: 1 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

struct State {
    mocks: Vec<Mock>,
    next_id: u64,
    received: Vec<ReceivedRequest>,
    /// How many unmatched requests [`MockServer::unmatched`] has shown.
    unmatched_shown: usize,
    /// How many bytes of a request body are kept.
    max_body_bytes: usize,
}

impl Default for State {
    fn default() -> Self {
        State {
            mocks: Vec::new(),
            next_id: 0,
            received: Vec::new(),
            unmatched_shown: 0,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        }
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // A test that panicked while holding the lock must not hide what other tests see.
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A mock of this API: a real HTTP/1.1 server on loopback (`http://127.0.0.1:<port>`) that
/// a `Client` is pointed at in a test.
///
/// Each operation has a method that sets up a mock for it (`server.get_user()`), with
/// typed matchers (`with_<parameter>(value)`) and typed answers (`responds_ok(body)`).
/// Among the mocks whose matchers a request meets, the request goes to:
/// 1. the first mock set up with a limit ([`MockHandle::once`], [`MockHandle::times`])
///    that still has answers left, so that `responds_status(503, ..).once()` then
///    `responds_ok(..)` answers a 503 and then success;
/// 2. else the unlimited mock with the most matchers, so that a mock for one id answers
///    before a catch-all for every id, whichever was set up first; of equals, the one set
///    up first.
///
/// A request that no mock matches is answered `404` with a JSON body naming the
/// operation that came closest and why it did not match, and is kept: when the server is
/// dropped (at the end of the test), it panics if any request went unmatched and was not
/// looked at with [`MockServer::unmatched`], so a forgotten mock cannot pass as a `404`
/// the code under test expected.
///
/// Of each request body the server keeps the first [`DEFAULT_MAX_BODY_BYTES`] (1 MiB;
/// [`MockServer::with_max_body_bytes`] changes it) and counts the rest
/// ([`ReceivedRequest::body_len`], [`ReceivedRequest::body_truncated`]), so that a large
/// upload costs the test no more memory than that.
pub struct MockServer {
    url: String,
    state: Arc<Mutex<State>>,
    serving: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = lock(&self.state);
        f.debug_struct("MockServer")
            .field("url", &self.url)
            .field("mocks", &state.mocks.len())
            .field("received", &state.received.len())
            .finish()
    }
}

impl MockServer {
    /// Starts a server on a free port of `127.0.0.1`, with no mocks; it runs on the
    /// current tokio runtime until it is dropped.
    ///
    /// # Panics
    ///
    /// When no port of the loopback interface can be bound, or outside a tokio runtime.
    pub async fn start() -> MockServer {
        let listener = match tokio::net::TcpListener::bind(("127.0.0.1", 0)).await {
            Ok(listener) => listener,
            Err(error) => panic!("the mock server cannot listen on 127.0.0.1: {error}"),
        };
        let url = match listener.local_addr() {
            Ok(address) => format!("http://{address}"),
            Err(error) => panic!("the mock server has no local address: {error}"),
        };
        let state = Arc::new(Mutex::new(State::default()));
        let serving = tokio::spawn(serve(listener, Arc::clone(&state)));
        MockServer {
            url,
            state,
            serving,
        }
    }

    /// Keeps the first `bytes` bytes of each request body received from now on
    /// ([`DEFAULT_MAX_BODY_BYTES`] by default); the rest of a body is counted, not kept.
    /// A body matcher (`with_json_body`, `with_raw_body`, a typed body matcher) does not
    /// match a body that was cut, and says so; a [`MockBuilder::matching`] predicate sees
    /// the part kept.
    #[must_use]
    pub fn with_max_body_bytes(self, bytes: usize) -> Self {
        lock(&self.state).max_body_bytes = bytes;
        self
    }

    /// The base URL to give the client: `http://127.0.0.1:<port>`, without a trailing `/`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The requests of `operation` received so far (matched or not), oldest first.
    pub fn received(&self, operation: Operation) -> Vec<ReceivedRequest> {
        lock(&self.state)
            .received
            .iter()
            .filter(|request| request.operation == Some(operation))
            .cloned()
            .collect()
    }

    /// Every request received so far, oldest first.
    pub fn received_all(&self) -> Vec<ReceivedRequest> {
        lock(&self.state).received.clone()
    }

    /// The requests no mock matched, each with [`ReceivedRequest::unmatched_reason`].
    /// Once looked at here, they no longer make the server panic when it is dropped.
    pub fn unmatched(&self) -> Vec<ReceivedRequest> {
        let mut state = lock(&self.state);
        let unmatched: Vec<ReceivedRequest> = state
            .received
            .iter()
            .filter(|request| request.unmatched.is_some())
            .cloned()
            .collect();
        state.unmatched_shown = unmatched.len();
        unmatched
    }

    /// Forgets every mock and every request received.
    pub fn reset(&self) {
        let mut state = lock(&self.state);
        state.mocks.clear();
        state.received.clear();
        state.unmatched_shown = 0;
    }

    fn add(&self, mock: Mock) {
        lock(&self.state).mocks.push(mock);
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.serving.abort();
        if std::thread::panicking() {
            return;
        }
        let state = lock(&self.state);
        let unseen: Vec<String> = state
            .received
            .iter()
            .filter_map(|request| {
                let reason = request.unmatched.as_ref()?;
                Some(format!("  {}: {reason}", request.target()))
            })
            .skip(state.unmatched_shown)
            .collect();
        drop(state);
        if !unseen.is_empty() {
            panic!(
                "the mock server at {} answered {} request(s) that no mock matched with 404 \
                 (call `MockServer::unmatched` to expect that):\n{}",
                self.url,
                unseen.len(),
                unseen.join("\n")
            );
        }
    }
}

/// Accepts connections until the server is dropped, serving each on a task of its own;
/// the connections end with the accepting task.
async fn serve(listener: tokio::net::TcpListener, state: Arc<Mutex<State>>) {
    let mut connections = tokio::task::JoinSet::new();
    while let Ok((stream, _)) = listener.accept().await {
        let state = Arc::clone(&state);
        let service =
            hyper::service::service_fn(move |request| answer(Arc::clone(&state), request));
        connections.spawn(async move {
            // A connection that fails (or that a mock drops) ends here; others go on.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
        while connections.try_join_next().is_some() {}
    }
}

/// Reads a whole request, finds the mock for it and answers as the mock says.
async fn answer(
    state: Arc<Mutex<State>>,
    request: hyper::Request<hyper::body::Incoming>,
) -> Result<hyper::Response<http_body_util::Full<Bytes>>, std::io::Error> {
    let (parts, mut incoming) = request.into_parts();
    let limit = lock(&state).max_body_bytes;
    let mut body = Vec::new();
    let mut body_len: u64 = 0;
    while let Some(frame) = incoming.frame().await {
        let frame = frame.map_err(std::io::Error::other)?;
        if let Ok(data) = frame.into_data() {
            body_len = body_len.saturating_add(data.len() as u64);
            let room = limit.saturating_sub(body.len());
            body.extend_from_slice(&data[..data.len().min(room)]);
        }
    }
    let request = ReceivedRequest {
        operation: None,
        method: parts.method,
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers,
        body,
        body_len,
        path_params: Vec::new(),
        unmatched: None,
    };
    // Routing reads only the request: it is done before the state is locked.
    let candidates = candidates(&request);
    let (reply, delay) = dispatch(&mut lock(&state), request, &candidates);
    if let Some(delay) = delay {
        tokio::time::sleep(delay).await;
    }
    match reply {
        Reply::Answer {
            status,
            headers,
            body,
        } => {
            let mut response = hyper::Response::new(http_body_util::Full::new(Bytes::from(body)));
            *response.status_mut() = status;
            *response.headers_mut() = headers;
            Ok(response)
        }
        Reply::DropConnection => Err(std::io::Error::other("the mock drops the connection")),
    }
}

/// The operations whose method and path template fit a request, each with the path
/// parameters read from the path (wire name, text as sent).
type Candidates = Vec<(Operation, Vec<(&'static str, String)>)>;

/// The operations whose method and path template fit `request`.
fn candidates(request: &ReceivedRequest) -> Candidates {
    Operation::ALL
        .into_iter()
        .filter(|operation| operation.route().method == request.method.as_str())
        .filter_map(|operation| Some((operation, capture(&request.path, &operation.route())?)))
        .collect()
}

/// Picks the mock for `request` (whose method and path fit the operations of
/// `candidates`) and records it; the reply and the delay before it.
fn dispatch(
    state: &mut State,
    mut request: ReceivedRequest,
    candidates: &Candidates,
) -> (Reply, Option<Duration>) {
    // Limited mocks first, in the order they were set up; then unlimited ones, the one
    // with the most matchers first, and of equals the one set up first.
    let precedence = |index: usize, mock: &Mock| match mock.remaining {
        Some(_) => (0, index),
        None => (1, usize::MAX - mock.checks.len()),
    };
    let mut chosen: Option<(usize, (u8, usize))> = None;
    for (index, mock) in state.mocks.iter().enumerate() {
        if mock.remaining == Some(0) || !view_as(&mut request, candidates, mock.operation) {
            continue;
        }
        let rank = precedence(index, mock);
        let better = chosen.is_none_or(|(_, best)| rank < best);
        if better && mock.checks.iter().all(|check| check(&request).is_ok()) {
            chosen = Some((index, rank));
        }
    }
    let Some(mock) = chosen.and_then(|(index, _)| state.mocks.get_mut(index)) else {
        let reason = explain(state, candidates, &mut request);
        let body = serde_json::json!({
            "mock_server": format!("no mock matched {}", request.target()),
            "operation": request.operation.map(Operation::name),
            "reason": reason,
        });
        request.unmatched = Some(reason);
        state.received.push(request);
        return (json_reply(404, json_bytes(&body)), None);
    };
    view_as(&mut request, candidates, mock.operation);
    mock.remaining = mock.remaining.map(|remaining| remaining.saturating_sub(1));
    mock.answered += 1;
    let mut reply = (mock.respond)(&request);
    if let Reply::Answer { headers, .. } = &mut reply {
        for (name, value) in &mock.headers {
            headers.append(name, value.clone());
        }
    }
    let delay = mock.delay;
    state.received.push(request);
    (reply, delay)
}

/// Makes `request` a request of `operation` (with its path parameters) when the method
/// and path fit the operation; whether they do.
fn view_as(request: &mut ReceivedRequest, candidates: &Candidates, operation: Operation) -> bool {
    match candidates
        .iter()
        .find(|(candidate, _)| *candidate == operation)
    {
        Some((_, params)) => {
            request.operation = Some(operation);
            request.path_params.clone_from(params);
            true
        }
        None => false,
    }
}

/// Why no mock matched `request`, from the mocks of the operations whose method and path
/// fit it (the mock with the fewest failed matchers speaks); `request` becomes a request
/// of the first such operation.
fn explain(state: &State, candidates: &Candidates, request: &mut ReceivedRequest) -> String {
    let Some((first, _)) = candidates.first() else {
        return explain_path(request);
    };
    let mut best: Option<(usize, String)> = None;
    for mock in &state.mocks {
        if !view_as(request, candidates, mock.operation) {
            continue;
        }
        let name = mock.operation.name();
        let failures: Vec<String> = mock
            .checks
            .iter()
            .filter_map(|check| check(request).err())
            .collect();
        let reason = if failures.is_empty() {
            format!(
                "{name} matched, but its mock was used up after {} answer(s)",
                mock.answered
            )
        } else {
            format!(
                "{name} matched the method and path, but {}",
                failures.join(", and ")
            )
        };
        if best
            .as_ref()
            .is_none_or(|(fewest, _)| failures.len() < *fewest)
        {
            best = Some((failures.len(), reason));
        }
    }
    view_as(request, candidates, *first);
    match best {
        Some((_, reason)) => reason,
        None => format!(
            "{} matched the method and path, but no mock is set up for it",
            first.name()
        ),
    }
}

/// Why no operation has the method and path of `request`.
fn explain_path(request: &ReceivedRequest) -> String {
    let same_path: Vec<String> = Operation::ALL
        .into_iter()
        .filter(|operation| capture(&request.path, &operation.route()).is_some())
        .map(|operation| format!("{} ({})", operation.name(), operation.route().method))
        .collect();
    if same_path.is_empty() {
        format!("no operation of the API has the path `{}`", request.path)
    } else {
        format!(
            "no operation of the API is `{}`; this path is {}",
            request.target(),
            same_path.join(", ")
        )
    }
}

/// The path parameters of `path` when it fits the route's template, else `None`. The
/// template ends at a `?` in its literal text (the query is not part of the path), and a
/// template without a leading `/` is read as if it had one.
///
/// A value is a non-empty run without `/`. Each value but the last ends where the next
/// literal text first occurs after its first character (an empty literal, between two
/// adjacent parameters: after that character); the last value is what is left before the
/// template's final literal text, which must end the path. Nothing is tried twice, so the
/// time is linear in the path whatever the template (a backtracking matcher is
/// polynomial: `{a}{b}{c}` on 8,000 bytes takes minutes), and the values are those of
/// trying the shortest first.
pub(crate) fn capture(path: &str, route: &Route) -> Option<Vec<(&'static str, String)>> {
    let mut literals = Vec::new();
    let mut params = Vec::new();
    for (index, literal) in route.literals.iter().enumerate() {
        if let Some((before, _)) = literal.split_once('?') {
            literals.push(before);
            break;
        }
        literals.push(*literal);
        if let Some(param) = route.params.get(index) {
            params.push(*param);
        }
    }
    params.truncate(literals.len().saturating_sub(1));
    let (first, rest) = literals.split_first()?;
    let path = if first.starts_with('/') {
        path
    } else {
        path.strip_prefix('/').unwrap_or(path)
    };
    let path = path.strip_prefix(first)?;
    let Some((last, middle)) = rest.split_last() else {
        return path.is_empty().then(Vec::new);
    };
    let tail = path.strip_suffix(last)?;
    let mut values = Vec::with_capacity(params.len());
    let mut at = 0;
    for literal in middle {
        let (value, after) = value_before(tail, at, literal)?;
        values.push(value.to_owned());
        at = after;
    }
    let value = &tail[at..];
    if value.is_empty() || value.contains('/') {
        return None;
    }
    values.push(value.to_owned());
    Some(params.into_iter().zip(values).collect())
}

/// The value starting at `at` in `text` (a non-empty run without `/`) that `literal`
/// first follows, and where the text after that literal starts. Only the value's own
/// segment and the literal's length after it are searched.
fn value_before<'t>(text: &'t str, at: usize, literal: &str) -> Option<(&'t str, usize)> {
    let rest = text.get(at..)?;
    let first = rest.chars().next()?.len_utf8();
    let segment_end = rest.find('/').unwrap_or(rest.len());
    if first > segment_end {
        return None;
    }
    let mut window_end = segment_end.saturating_add(literal.len()).min(rest.len());
    while !rest.is_char_boundary(window_end) {
        window_end -= 1;
    }
    let window = rest.get(first..window_end)?;
    let found = first + window.find(literal)?;
    (found <= segment_end).then(|| (&rest[..found], at + found + literal.len()))
}

/// A request as the mock server received it. Texts are as sent (percent-encoded) unless
/// a method says it decodes them. `Debug` shows the names of headers and query pairs but
/// never their values, which may be credentials; the methods give the values.
#[derive(Clone)]
pub struct ReceivedRequest {
    operation: Option<Operation>,
    method: reqwest::Method,
    path: String,
    query: Option<String>,
    headers: HeaderMap,
    /// The start of the body, up to the server's limit.
    body: Vec<u8>,
    /// The length of the whole body.
    body_len: u64,
    /// The path parameters read from the path (wire name, text as sent).
    pub(crate) path_params: Vec<(&'static str, String)>,
    unmatched: Option<String>,
}

impl std::fmt::Debug for ReceivedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<&str> = self.headers.keys().map(|name| name.as_str()).collect();
        let query: Vec<String> = self
            .raw_query_pairs()
            .into_iter()
            .map(|(name, _)| name.to_owned())
            .collect();
        f.debug_struct("ReceivedRequest")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &query)
            .field("headers", &headers)
            .field("body_bytes", &self.body_len)
            .field("body_truncated", &self.body_truncated())
            .field("unmatched", &self.unmatched)
            .finish()
    }
}

impl ReceivedRequest {
    /// The operation whose method and path template the request has, if any.
    pub fn operation(&self) -> Option<Operation> {
        self.operation
    }

    /// The HTTP method (`GET`).
    pub fn method(&self) -> &str {
        self.method.as_str()
    }

    /// The path as sent, percent-encoding untouched (`/users/a%2Fb`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The path parameter `name` (its wire name), percent-decoded, as read from the path
    /// with the operation's template.
    pub fn path_param(&self, name: &str) -> Option<String> {
        self.path_params
            .iter()
            .find(|(param, _)| *param == name)
            .map(|(_, text)| percent_decode(text, false))
    }

    /// The query as sent, without `?`; `None` when the URL had no `?`.
    pub fn query_string(&self) -> Option<&str> {
        self.query.as_deref()
    }

    /// The query's name-value pairs, percent-decoded, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        self.raw_query_pairs()
            .into_iter()
            .map(|(name, value)| (percent_decode(name, true), percent_decode(value, true)))
            .collect()
    }

    /// The first value of the query parameter `name`, percent-decoded.
    pub fn query(&self, name: &str) -> Option<String> {
        self.query_pairs()
            .into_iter()
            .find(|(pair, _)| pair == name)
            .map(|(_, value)| value)
    }

    /// The query's name-value pairs as sent.
    pub(crate) fn raw_query_pairs(&self) -> Vec<(&str, &str)> {
        self.query
            .as_deref()
            .unwrap_or_default()
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
            .collect()
    }

    /// Every header as received.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The first value of the header `name` (any case), when it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The body as received: all of it, or its first bytes when it was longer than the
    /// server keeps ([`ReceivedRequest::body_truncated`]).
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The length of the whole body received, kept or not.
    pub fn body_len(&self) -> u64 {
        self.body_len
    }

    /// Whether the body was longer than the server keeps
    /// ([`MockServer::with_max_body_bytes`]), so that [`ReceivedRequest::body`] is its
    /// start only.
    pub fn body_truncated(&self) -> bool {
        self.body_len > self.body.len() as u64
    }

    /// Why a body matcher cannot judge this body, when it was cut.
    fn body_cut(&self) -> Option<String> {
        self.body_truncated().then(|| {
            format!(
                "the body was {} bytes, more than the {} the mock server keeps \
                 (MockServer::with_max_body_bytes)",
                self.body_len,
                self.body.len()
            )
        })
    }

    /// The body decoded as JSON into `T`.
    ///
    /// # Errors
    ///
    /// The serde error when the body is not JSON of that type, or was cut
    /// ([`ReceivedRequest::body_truncated`]: then it is the start of a JSON text).
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }

    /// Why no mock matched the request, when none did.
    pub fn unmatched_reason(&self) -> Option<&str> {
        self.unmatched.as_deref()
    }

    /// `METHOD /path?query`, for messages.
    fn target(&self) -> String {
        match &self.query {
            Some(query) => format!("{} {}?{query}", self.method, self.path),
            None => format!("{} {}", self.method, self.path),
        }
    }
}

/// Decodes `%XX` escapes (and `+` as a space when `plus_is_space`, as in a query); other
/// bytes, and a `%` without two hex digits after it, stay as they are.
pub(crate) fn percent_decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        let escaped = match (byte, bytes.get(index + 1), bytes.get(index + 2)) {
            (b'%', Some(high), Some(low)) => hex_digit(*high)
                .zip(hex_digit(*low))
                .map(|(high, low)| high * 16 + low),
            _ => None,
        };
        match escaped {
            Some(decoded) => {
                out.push(decoded);
                index += 3;
            }
            None => {
                out.push(if plus_is_space && byte == b'+' {
                    b' '
                } else {
                    byte
                });
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_digit(byte: u8) -> Option<u8> {
    char::from(byte)
        .to_digit(16)
        .and_then(|digit| u8::try_from(digit).ok())
}

/// A value in backticks for a message, or `absent`.
pub(crate) fn shown(text: Option<&str>) -> String {
    match text {
        Some(text) => format!("`{text}`"),
        None => "absent".to_owned(),
    }
}

/// The JSON text of `body`.
///
/// # Panics
///
/// When `body` cannot be written as JSON (a map with keys that are not strings).
#[track_caller]
pub(crate) fn json_bytes(body: &impl serde::Serialize) -> Vec<u8> {
    match serde_json::to_vec(body) {
        Ok(bytes) => bytes,
        Err(error) => panic!("a mock's body cannot be written as JSON: {error}"),
    }
}

/// An answer with `status` and a JSON body.
#[track_caller]
pub(crate) fn json_reply(status: u16, body: Vec<u8>) -> Reply {
    let mut headers = HeaderMap::new();
    headers.insert(
        reqwest::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Reply::Answer {
        status: status_code(status),
        headers,
        body,
    }
}

#[track_caller]
fn status_code(status: u16) -> reqwest::StatusCode {
    match reqwest::StatusCode::from_u16(status) {
        Ok(status) => status,
        Err(_) => panic!("{status} is not an HTTP status (100 to 999)"),
    }
}

#[track_caller]
fn header_name(name: &str) -> HeaderName {
    match HeaderName::from_bytes(name.as_bytes()) {
        Ok(name) => name,
        Err(_) => panic!("{name:?} is not a valid header name"),
    }
}

#[track_caller]
fn header_value(value: &str) -> HeaderValue {
    match HeaderValue::from_str(value) {
        Ok(value) => value,
        Err(_) => panic!("{value:?} is not a valid header value"),
    }
}

/// A mock being set up for the operation `O` (one of the types of `mock::operations`):
/// matchers narrow the requests it answers, then one `responds_*` method (or
/// [`MockBuilder::drops_connection`]) sets it up and returns its [`MockHandle`].
///
/// The typed matchers and answers of each operation (`with_<parameter>`, `responds_ok`,
/// `responds_<status>`) are in the `impl` blocks for each `O`; the ones here work for
/// every operation.
#[must_use = "a mock is set up by one of its `responds_*` methods"]
pub struct MockBuilder<'a, O> {
    server: &'a MockServer,
    operation: Operation,
    checks: Vec<Check>,
    marker: PhantomData<fn() -> O>,
}

impl<O> std::fmt::Debug for MockBuilder<'_, O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockBuilder")
            .field("operation", &self.operation)
            .field("matchers", &self.checks.len())
            .finish()
    }
}

impl<'a, O> MockBuilder<'a, O> {
    /// A mock of `operation` on `server` that matches every request of the operation.
    pub(crate) fn new(server: &'a MockServer, operation: Operation) -> Self {
        MockBuilder {
            server,
            operation,
            checks: Vec::new(),
            marker: PhantomData,
        }
    }

    /// Adds a matcher: `check` answers why a request does not meet it.
    pub(crate) fn expect(
        mut self,
        check: impl Fn(&ReceivedRequest) -> Result<(), String> + Send + Sync + 'static,
    ) -> Self {
        self.checks.push(Box::new(check));
        self
    }

    /// Only requests with the header `name` (any case) set to exactly `value`: a header
    /// that is not a parameter of the operation, such as a client setting or one given
    /// with `RequestOptions::with_header`.
    ///
    /// # Panics
    ///
    /// When `name` or `value` cannot be a header.
    #[track_caller]
    pub fn with_header(self, name: &str, value: &str) -> Self {
        let name = header_name(name);
        let value = header_value(value);
        self.expect(move |request| {
            let actual = request.headers.get(&name);
            if actual == Some(&value) {
                return Ok(());
            }
            let actual = actual.map(|actual| String::from_utf8_lossy(actual.as_bytes()));
            Err(format!(
                "header `{name}` was {}, expected {}",
                shown(actual.as_deref()),
                shown(value.to_str().ok())
            ))
        })
    }

    /// Only requests whose body is the JSON value of `body` (compared as JSON values, so
    /// spacing and the order of fields do not matter). A body longer than the server
    /// keeps ([`MockServer::with_max_body_bytes`]) never matches.
    ///
    /// # Panics
    ///
    /// When `body` cannot be written as JSON.
    #[track_caller]
    pub fn with_json_body(self, body: impl serde::Serialize) -> Self {
        let expected: serde_json::Value = match serde_json::to_value(body) {
            Ok(value) => value,
            Err(error) => panic!("a mock's expected body cannot be written as JSON: {error}"),
        };
        self.expect(move |request| {
            if let Some(cut) = request.body_cut() {
                return Err(cut);
            }
            match request.json::<serde_json::Value>() {
                Ok(actual) if actual == expected => Ok(()),
                Ok(actual) => Err(format!("the body was `{actual}`, expected `{expected}`")),
                Err(_) => Err(format!(
                    "the body was not JSON ({} bytes), expected `{expected}`",
                    request.body.len()
                )),
            }
        })
    }

    /// Only requests whose body is exactly `body`. A body longer than the server keeps
    /// ([`MockServer::with_max_body_bytes`]) never matches.
    pub fn with_raw_body(self, body: impl Into<Vec<u8>>) -> Self {
        let expected: Vec<u8> = body.into();
        self.expect(move |request| {
            if let Some(cut) = request.body_cut() {
                Err(cut)
            } else if request.body == expected {
                Ok(())
            } else {
                Err(format!(
                    "the body was {} bytes ({:?}), expected {} bytes",
                    request.body.len(),
                    String::from_utf8_lossy(&request.body),
                    expected.len()
                ))
            }
        })
    }

    /// Only requests for which `predicate` holds; `description` says what it checks, for
    /// the reason given when a request does not match.
    pub fn matching(
        self,
        description: &str,
        predicate: impl Fn(&ReceivedRequest) -> bool + Send + Sync + 'static,
    ) -> Self {
        let description = description.to_owned();
        self.expect(move |request| {
            if predicate(request) {
                Ok(())
            } else {
                Err(format!("{description} did not hold"))
            }
        })
    }

    /// Answers `status` with `body` as JSON (`Content-Type: application/json`): any
    /// status, documented or not, with any body.
    ///
    /// # Panics
    ///
    /// When `status` is not between 100 and 999, or `body` cannot be written as JSON.
    #[track_caller]
    pub fn responds_status(self, status: u16, body: impl serde::Serialize) -> MockHandle {
        let body = json_bytes(&body);
        let reply = json_reply(status, body);
        self.respond_with(move |_| reply.clone())
    }

    /// Answers `status` with no body.
    ///
    /// # Panics
    ///
    /// When `status` is not between 100 and 999.
    #[track_caller]
    pub fn responds_empty(self, status: u16) -> MockHandle {
        self.responds_raw(status, &[], Vec::new())
    }

    /// Answers `status` with exactly these headers and bytes: for bodies that are not
    /// what the API documents (truncated JSON, an HTML error page, ...).
    ///
    /// # Panics
    ///
    /// When `status` is not between 100 and 999, or a header cannot be a header.
    #[track_caller]
    pub fn responds_raw(
        self,
        status: u16,
        headers: &[(&str, &str)],
        body: impl Into<Vec<u8>>,
    ) -> MockHandle {
        let mut header_map = HeaderMap::new();
        for (name, value) in headers {
            header_map.append(header_name(name), header_value(value));
        }
        let reply = Reply::Answer {
            status: status_code(status),
            headers: header_map,
            body: body.into(),
        };
        self.respond_with(move |_| reply.clone())
    }

    /// Closes the connection without answering, after reading the request: the client
    /// sees a connection dropped before the response (which it retries when the call is
    /// safe to repeat).
    pub fn drops_connection(self) -> MockHandle {
        self.respond_with(|_| Reply::DropConnection)
    }

    /// Sets the mock up to answer with `respond`.
    pub(crate) fn respond_with(
        self,
        respond: impl Fn(&ReceivedRequest) -> Reply + Send + Sync + 'static,
    ) -> MockHandle {
        let mut state = lock(&self.server.state);
        let id = state.next_id;
        state.next_id += 1;
        drop(state);
        self.server.add(Mock {
            id,
            operation: self.operation,
            checks: self.checks,
            respond: Box::new(respond),
            remaining: None,
            answered: 0,
            delay: None,
            headers: HeaderMap::new(),
        });
        MockHandle {
            state: Arc::clone(&self.server.state),
            id,
        }
    }
}

/// A mock that is set up: how often and how it answers can still be changed, and how
/// many requests it answered can be read. Changes apply to the requests that come after
/// them; after [`MockServer::reset`], they do nothing.
#[derive(Clone)]
pub struct MockHandle {
    state: Arc<Mutex<State>>,
    id: u64,
}

impl std::fmt::Debug for MockHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockHandle")
            .field("id", &self.id)
            .field("answered", &self.answered())
            .finish()
    }
}

impl MockHandle {
    fn change(self, change: impl FnOnce(&mut Mock)) -> Self {
        if let Some(mock) = lock(&self.state)
            .mocks
            .iter_mut()
            .find(|mock| mock.id == self.id)
        {
            change(mock);
        }
        self
    }

    /// Answers one request only, before any mock without a limit; a request after it goes
    /// to the next mock that matches (`responds_status(503, ..).once()`, then
    /// `responds_ok(..)`: a 503, then success).
    pub fn once(self) -> Self {
        self.times(1)
    }

    /// Answers `answers` requests only (counting from now), before any mock without a
    /// limit.
    pub fn times(self, answers: usize) -> Self {
        self.change(|mock| mock.remaining = Some(answers))
    }

    /// Waits `delay` before each answer (or before dropping the connection): for
    /// timeouts.
    pub fn with_delay(self, delay: Duration) -> Self {
        self.change(|mock| mock.delay = Some(delay))
    }

    /// Adds the header `name: value` to each answer.
    ///
    /// # Panics
    ///
    /// When `name` or `value` cannot be a header.
    #[track_caller]
    pub fn with_response_header(self, name: &str, value: &str) -> Self {
        let (name, value) = (header_name(name), header_value(value));
        self.change(|mock| {
            mock.headers.append(name, value);
        })
    }

    /// Adds `Retry-After: <seconds>` to each answer, which the client honours before it
    /// retries a `429`, `502`, `503` or `504` (`0` retries at once).
    pub fn with_retry_after(self, seconds: u64) -> Self {
        self.with_response_header("retry-after", &seconds.to_string())
    }

    /// How many requests the mock has answered.
    pub fn answered(&self) -> usize {
        lock(&self.state)
            .mocks
            .iter()
            .find(|mock| mock.id == self.id)
            .map_or(0, |mock| mock.answered)
    }
}
