//! Sending a request: per-call options, retries with backoff and `Retry-After`, a
//! timeout per attempt and a deadline for the whole call, redirects followed per the
//! redirect policy (by hand, never across origins with credentials), a tracing span per
//! attempt, reading the whole response up to a size limit, and turning a non-2xx status
//! into [`Error::Status`].

use std::time::{Duration, Instant};

use super::super::error::{Error, ErrorBody, ErrorResponse};
use super::client_core::ClientCore;
use super::options::{RedirectPolicy, RequestOptions, RetryPolicy};
use super::response::ApiResponse;

/// A response read to its end.
pub(crate) struct RawResponse {
    pub(crate) status: reqwest::StatusCode,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl RawResponse {
    /// The answer of a call: `body` (decoded from the bytes, or nothing) with the
    /// response's status and headers.
    pub(crate) fn answer<T>(self, body: T) -> ApiResponse<T> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            body,
        }
    }
}

/// What [`send`] needs to know about the operation.
#[derive(Clone, Copy)]
pub(crate) struct Call {
    /// The path template (`/users/{id}`): what tracing shows instead of the real path.
    #[cfg(feature = "tracing")]
    pub(crate) path_template: &'static str,
    /// Whether the request is safe to send again (see [`RetryPolicy`]).
    pub(crate) retryable: bool,
    /// Decodes the body of a non-2xx status into the operation's documented error body.
    pub(crate) decode_error: fn(u16, &[u8]) -> Option<ErrorBody>,
}

/// The decoding of a 2xx response into the operation's answer.
pub(crate) type Decode<T> = fn(RawResponse) -> Result<ApiResponse<T>, Error>;

/// The sending of one request, boxed: one state machine for every operation.
type Sending<'a> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<RawResponse, Error>> + Send + 'a>>;

/// A call of an operation in flight: await it for the answer with its status and
/// headers. Nothing is sent until it is first polled; dropping it cancels the call.
#[must_use = "a call does nothing until it is awaited"]
pub struct ResponseFuture<'a, T> {
    state: State<'a, T>,
}

/// Where a [`ResponseFuture`] is.
enum State<'a, T> {
    /// Sending, then decoding the 2xx response.
    Sending(Sending<'a>, Decode<T>),
    /// The request could not be built: this is the answer.
    Failed(Error),
    /// Answered.
    Done,
}

impl<T> std::fmt::Debug for ResponseFuture<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}

impl<'a, T> ResponseFuture<'a, T> {
    /// The same call answering the body alone, without status and headers.
    pub fn into_body(self) -> BodyFuture<'a, T> {
        BodyFuture(self)
    }
}

impl<T> std::future::Future for ResponseFuture<'_, T> {
    type Output = Result<ApiResponse<T>, Error>;

    /// Polled again after it answered, it stays pending.
    fn poll(
        self: std::pin::Pin<&mut Self>,
        context: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        use std::task::Poll;
        let this = self.get_mut();
        match std::mem::replace(&mut this.state, State::Done) {
            State::Sending(mut sending, decode) => match sending.as_mut().poll(context) {
                Poll::Pending => {
                    this.state = State::Sending(sending, decode);
                    Poll::Pending
                }
                Poll::Ready(outcome) => Poll::Ready(outcome.and_then(decode)),
            },
            State::Failed(error) => Poll::Ready(Err(error)),
            State::Done => Poll::Pending,
        }
    }
}

/// A call of an operation in flight, answering the body alone: await it.
#[must_use = "a call does nothing until it is awaited"]
#[derive(Debug)]
pub struct BodyFuture<'a, T>(ResponseFuture<'a, T>);

impl<T> std::future::Future for BodyFuture<'_, T> {
    type Output = Result<T, Error>;

    fn poll(
        self: std::pin::Pin<&mut Self>,
        context: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        std::pin::Pin::new(&mut self.get_mut().0)
            .poll(context)
            .map(|outcome| outcome.map(ApiResponse::into_body))
    }
}

/// A call of an operation: the request `build` makes (it is built at once; an argument
/// that cannot be sent is the call's error), sent as `call` with `options`, its 2xx
/// response decoded by `decode`. Every operation's method is this with its own pieces, so
/// only the small `build` closure and `decode` are compiled per operation.
pub(crate) fn call<'a, T>(
    core: &'a ClientCore,
    options: &'a RequestOptions,
    call: Call,
    build: impl FnOnce() -> Result<reqwest::RequestBuilder, Error>,
    decode: Decode<T>,
) -> ResponseFuture<'a, T> {
    let state = match build() {
        Ok(request) => State::Sending(start(core, options, call, request), decode),
        Err(error) => State::Failed(error),
    };
    ResponseFuture { state }
}

/// The sending of a built request (not generic: one copy for every operation).
fn start<'a>(
    core: &'a ClientCore,
    options: &'a RequestOptions,
    call: Call,
    request: reqwest::RequestBuilder,
) -> Sending<'a> {
    Box::pin(async move { send(core, request, &call, options).await })
}

/// Statuses that mean "try again later".
const RETRY_STATUSES: [u16; 4] = [429, 502, 503, 504];

/// What every attempt of one call runs under: the client's settings with the call's
/// options over them.
pub(crate) struct Limits<'a> {
    /// The timeout of one attempt, redirects included.
    pub(crate) timeout: Option<Duration>,
    /// When the whole call must be over, if ever.
    pub(crate) deadline: Option<Instant>,
    pub(crate) redirects: &'a RedirectPolicy,
    pub(crate) max_response_bytes: u64,
    /// The headers set with `RequestOptions::with_header`, never sent to another origin.
    pub(crate) option_headers: &'a reqwest::header::HeaderMap,
}

/// Sends a request with the call's options, retrying per the retry policy and following
/// redirects per the redirect policy, and reads the whole response; a status outside 2xx
/// becomes [`Error::Status`].
pub(crate) async fn send(
    core: &ClientCore,
    request: reqwest::RequestBuilder,
    call: &Call,
    options: &RequestOptions,
) -> Result<RawResponse, Error> {
    let started = Instant::now();
    let mut request = build_request(request, options)?;
    let limits = Limits {
        timeout: options.timeout.or(core.timeout),
        // A deadline too far to be an `Instant` is none.
        deadline: options
            .deadline
            .or(core.deadline)
            .and_then(|deadline| started.checked_add(deadline)),
        redirects: options.redirects.as_ref().unwrap_or(&core.redirects),
        max_response_bytes: options
            .max_response_bytes
            .unwrap_or(core.max_response_bytes),
        option_headers: &options.headers,
    };
    let policy = options.retry.as_ref().unwrap_or(&core.retry);
    let attempts = if call.retryable {
        policy.max_attempts.max(1)
    } else {
        1
    };
    let mut attempt: u32 = 1;
    loop {
        // A body that cannot be cloned (a stream) cannot be sent twice.
        let spare = if attempt < attempts {
            request.try_clone()
        } else {
            None
        };
        let outcome = exchange(&core.http, request, call, attempt, &limits).await;
        let wait = match &outcome {
            Ok(response) if RETRY_STATUSES.contains(&response.status.as_u16()) => {
                retry_wait(policy, attempt, &response.headers)
            }
            Err(Error::Transport(error)) if is_transient(error) => Some(backoff(policy, attempt)),
            _ => None,
        };
        // A wait that would end past the deadline is not taken: the last error is returned.
        let wait = wait.filter(|wait| {
            limits.deadline.is_none_or(|deadline| {
                Instant::now()
                    .checked_add(*wait)
                    .is_some_and(|resumed| resumed < deadline)
            })
        });
        match (wait, spare) {
            (Some(wait), Some(next)) => {
                #[cfg(feature = "tracing")]
                tracing::debug!(
                    http.route = call.path_template,
                    attempt,
                    wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                    "retrying"
                );
                tokio::time::sleep(wait).await;
                request = next;
                attempt += 1;
            }
            _ => return check_status(outcome?, call.decode_error),
        }
    }
}

/// The request to send: built, with the call's headers over the client's. A request that
/// cannot be built (a header value with a line break, say, from a client setting) is the
/// caller's argument, not a transport failure: nothing was sent.
fn build_request(
    request: reqwest::RequestBuilder,
    options: &RequestOptions,
) -> Result<reqwest::Request, Error> {
    if let Some(reason) = &options.invalid_header {
        return Err(Error::InvalidArgument {
            parameter: "RequestOptions::with_header",
            reason: reason.clone(),
        });
    }
    let mut request = request.build().map_err(|error| {
        let mut reason = String::from("the request cannot be built");
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            reason.push_str(": ");
            reason.push_str(&cause.to_string());
            source = cause.source();
        }
        Error::InvalidArgument {
            parameter: "request",
            reason,
        }
    })?;
    for name in options.headers.keys() {
        request.headers_mut().remove(name);
    }
    for (name, value) in &options.headers {
        request.headers_mut().append(name, value.clone());
    }
    Ok(request)
}

/// One attempt: sends the request, follows redirects, and reads the whole response,
/// inside a tracing span when the `tracing` feature is on.
async fn exchange(
    http: &reqwest::Client,
    request: reqwest::Request,
    call: &Call,
    attempt: u32,
    limits: &Limits<'_>,
) -> Result<RawResponse, Error> {
    #[cfg(feature = "tracing")]
    let span = tracing::info_span!(
        "http_request",
        http.method = %request.method(),
        http.route = call.path_template,
        attempt,
        http.status_code = tracing::field::Empty,
        latency_ms = tracing::field::Empty,
    );
    #[cfg(not(feature = "tracing"))]
    let _ = (call, attempt);
    let started = Instant::now();
    let outcome = async {
        // The attempt ends at its timeout or at the call's deadline, whichever is first.
        let attempt_ends = limits
            .timeout
            .and_then(|timeout| started.checked_add(timeout));
        let ends = match (attempt_ends, limits.deadline) {
            (Some(attempt_ends), Some(deadline)) => Some(attempt_ends.min(deadline)),
            (attempt_ends, deadline) => attempt_ends.or(deadline),
        };
        let response = execute_following_redirects(http, request, limits, ends).await?;
        read_response(response, limits.max_response_bytes).await
    };
    #[cfg(feature = "tracing")]
    let outcome = tracing::Instrument::instrument(outcome, span.clone());
    let outcome = outcome.await;
    let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    #[cfg(feature = "tracing")]
    match &outcome {
        Ok(response) => {
            span.record("http.status_code", response.status.as_u16());
            span.record("latency_ms", latency_ms);
            tracing::info!(parent: &span, status = response.status.as_u16(), latency_ms, "response");
        }
        Err(error) => {
            span.record("latency_ms", latency_ms);
            tracing::warn!(parent: &span, error = error_kind(error), latency_ms, "request failed");
        }
    }
    #[cfg(not(feature = "tracing"))]
    let _ = latency_ms;
    outcome
}

/// Sends `request` and follows the redirects the policy allows, each hop with what is
/// left of the attempt's time (until `ends`); a redirect it does not follow is
/// [`Error::Redirect`], and nothing is sent to its location.
async fn execute_following_redirects(
    http: &reqwest::Client,
    mut request: reqwest::Request,
    limits: &Limits<'_>,
    ends: Option<Instant>,
) -> Result<reqwest::Response, Error> {
    let first = request.url().clone();
    let mut followed: u32 = 0;
    loop {
        if let Some(ends) = ends {
            *request.timeout_mut() = Some(ends.saturating_duration_since(Instant::now()));
        }
        // What was sent, to send again to the new location.
        let (sent, body_lost) = match request.try_clone() {
            Some(copy) => (copy, false),
            None => {
                let mut copy =
                    reqwest::Request::new(request.method().clone(), request.url().clone());
                *copy.headers_mut() = request.headers().clone();
                (copy, true)
            }
        };
        let response = http.execute(request).await?;
        // An HTTP client of the caller's own may have followed redirects by itself.
        if !same_resource(response.url(), sent.url())
            && let Some(reason) = refuse_followed(&sent, response.url(), &first, limits.redirects)
        {
            return Err(redirect_error(response, reason));
        }
        let status = response.status();
        if !matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308) {
            return Ok(response);
        }
        let Some(location) = response.headers().get(reqwest::header::LOCATION) else {
            return Ok(response);
        };
        let target = redirect_target(sent, body_lost, status, location, &first, followed, limits);
        match target {
            Ok(next) => {
                #[cfg(feature = "tracing")]
                tracing::debug!(http.status_code = status.as_u16(), "following a redirect");
                request = next;
                followed += 1;
            }
            Err(reason) => return Err(redirect_error(response, reason)),
        }
    }
}

/// The request to send after a redirect from `sent` (answered with `status`, to
/// `location`), or why the policy does not follow it. The request of the first hop was to
/// `first`; `followed` redirects were followed before this one.
pub(crate) fn redirect_target(
    mut sent: reqwest::Request,
    body_lost: bool,
    status: reqwest::StatusCode,
    location: &reqwest::header::HeaderValue,
    first: &reqwest::Url,
    followed: u32,
    limits: &Limits<'_>,
) -> Result<reqwest::Request, &'static str> {
    let policy = limits.redirects;
    if followed >= policy.max_redirects {
        return Err(if policy.max_redirects == 0 {
            "redirects are not followed"
        } else {
            "too many redirects"
        });
    }
    let next = location
        .to_str()
        .ok()
        .and_then(|location| sent.url().join(location).ok())
        .filter(|next| matches!(next.scheme(), "http" | "https"))
        .ok_or("its Location is not an http or https URL")?;
    if sent.url().scheme() == "https" && next.scheme() == "http" {
        return Err("it leads from https to plain http");
    }
    let safe_method = matches!(*sent.method(), reqwest::Method::GET | reqwest::Method::HEAD);
    if !safe_method && !policy.any_method {
        return Err("only redirects of GET and HEAD requests are followed");
    }
    let cross_origin = !same_origin(&next, first);
    if cross_origin && !policy.cross_origin {
        return Err("it leads to another origin");
    }
    // As browsers do: a 303, and a 301 or 302 of a POST, become a GET without a body.
    let to_get = match status.as_u16() {
        303 => *sent.method() != reqwest::Method::HEAD,
        301 | 302 => *sent.method() == reqwest::Method::POST,
        _ => false,
    };
    let headers = sent.headers_mut();
    if to_get {
        for name in [
            reqwest::header::CONTENT_TYPE,
            reqwest::header::CONTENT_LENGTH,
            reqwest::header::CONTENT_ENCODING,
            reqwest::header::TRANSFER_ENCODING,
        ] {
            headers.remove(name);
        }
    } else if body_lost {
        return Err("the request body cannot be sent again");
    }
    if cross_origin {
        let secret: Vec<reqwest::header::HeaderName> = headers
            .iter()
            .filter(|(_, value)| value.is_sensitive())
            .map(|(name, _)| name.clone())
            .chain(limits.option_headers.keys().cloned())
            .collect();
        for name in secret {
            headers.remove(name);
        }
        for name in [
            reqwest::header::AUTHORIZATION,
            reqwest::header::COOKIE,
            reqwest::header::PROXY_AUTHORIZATION,
        ] {
            headers.remove(name);
        }
    }
    if to_get {
        *sent.method_mut() = reqwest::Method::GET;
        *sent.body_mut() = None;
    }
    *sent.url_mut() = next;
    Ok(sent)
}

/// Why an answer that an HTTP client of the caller's own fetched by following redirects
/// (from `sent` to `fetched`) is refused, if it is.
fn refuse_followed(
    sent: &reqwest::Request,
    fetched: &reqwest::Url,
    first: &reqwest::Url,
    policy: &RedirectPolicy,
) -> Option<&'static str> {
    if first.scheme() == "https" && fetched.scheme() == "http" {
        Some("the HTTP client followed a redirect from https to plain http")
    } else if !same_origin(fetched, first) && !policy.cross_origin {
        Some("the HTTP client followed a redirect to another origin")
    } else if !matches!(*sent.method(), reqwest::Method::GET | reqwest::Method::HEAD)
        && !policy.any_method
    {
        Some("the HTTP client followed a redirect of a request other than GET or HEAD")
    } else {
        None
    }
}

/// Whether two URLs name one resource: equal without their fragments. A fragment is
/// never sent (RFC 3986, section 3.5), so the URL of an answer has none, whatever the URL
/// of the request held.
pub(crate) fn same_resource(one: &reqwest::Url, other: &reqwest::Url) -> bool {
    before_fragment(one) == before_fragment(other)
}

/// The text of `url` before its fragment: a parsed URL's first `#` starts it (one
/// anywhere else is percent-encoded).
fn before_fragment(url: &reqwest::Url) -> &str {
    url.as_str().split('#').next().unwrap_or_default()
}

/// Whether two URLs have one origin: scheme, host and port.
fn same_origin(one: &reqwest::Url, other: &reqwest::Url) -> bool {
    one.scheme() == other.scheme()
        && one.host_str() == other.host_str()
        && one.port_or_known_default() == other.port_or_known_default()
}

/// The refusal of a redirect (or of an answer from where one led), keeping the answer's
/// status and headers but not its body.
fn redirect_error(mut response: reqwest::Response, reason: &'static str) -> Error {
    Error::Redirect {
        status: response.status(),
        headers: Box::new(std::mem::take(response.headers_mut())),
        reason,
    }
}

/// Reads the body of `response`, refusing it as soon as it is known to be longer than
/// `limit` bytes: by its `Content-Length` before reading, or while reading one without.
/// The buffer never grows past the limit, so memory stays bounded whatever the server
/// sends.
async fn read_response(mut response: reqwest::Response, limit: u64) -> Result<RawResponse, Error> {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let too_large = |headers| Error::ResponseTooLarge {
        status,
        headers: Box::new(headers),
        limit,
    };
    if response
        .content_length()
        .is_some_and(|length| length > limit)
    {
        return Err(too_large(headers));
    }
    let limit_bytes = usize::try_from(limit).unwrap_or(usize::MAX);
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        let needed = body.len().saturating_add(chunk.len());
        if needed > limit_bytes {
            return Err(too_large(headers));
        }
        if needed > body.capacity() {
            // Double as `Vec` would, but never past the limit.
            let target = needed
                .max(body.capacity().saturating_mul(2))
                .min(limit_bytes);
            body.reserve_exact(target - body.len());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(RawResponse {
        status,
        headers,
        body,
    })
}

/// A failed attempt's kind, for logs: never the URL or headers.
#[cfg(feature = "tracing")]
fn error_kind(error: &Error) -> &'static str {
    match error {
        Error::Transport(error) if error.is_timeout() => "timeout",
        Error::Transport(error) if error.is_connect() => "connect",
        Error::Transport(error) if error.is_body() || error.is_decode() => "body",
        Error::Transport(_) => "request",
        Error::ResponseTooLarge { .. } => "too_large",
        Error::Redirect { .. } => "redirect",
        _ => "other",
    }
}

/// A failure worth another attempt: no connection, or one dropped before the whole
/// response arrived (reqwest reports a body cut short while read as a decoding error
/// caused by a body error). A timeout is not: the server may still be working on the
/// request.
fn is_transient(error: &reqwest::Error) -> bool {
    !error.is_timeout()
        && (error.is_connect() || error.is_request() || error.is_body() || body_cut_short(error))
}

/// Whether `error`, or an error it comes from, is a failure to read the body.
fn body_cut_short(error: &reqwest::Error) -> bool {
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        if cause
            .downcast_ref::<reqwest::Error>()
            .is_some_and(reqwest::Error::is_body)
        {
            return true;
        }
        source = cause.source();
    }
    false
}

/// The wait before the next attempt after a retryable status: `Retry-After` (seconds, or
/// an HTTP date) when given (none when longer than the policy allows), else the backoff.
pub(crate) fn retry_wait(
    policy: &RetryPolicy,
    attempt: u32,
    headers: &reqwest::header::HeaderMap,
) -> Option<Duration> {
    let retry_after = headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| parse_retry_after(value.trim(), std::time::SystemTime::now()));
    match retry_after {
        Some(wait) if wait > policy.max_retry_after => None,
        Some(wait) => Some(wait),
        None => Some(backoff(policy, attempt)),
    }
}

/// `Retry-After` as delay-seconds (`120`) or as an HTTP date in any of the three formats
/// of RFC 9110 (`Sun, 06 Nov 1994 08:49:37 GMT`, `Sunday, 06-Nov-94 08:49:37 GMT`,
/// `Sun Nov  6 08:49:37 1994`), as a wait from `now`; a date in the past means no wait.
/// Anything else (a date past the year 9999 among it) is `None`.
pub(crate) fn parse_retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Exponential backoff with jitter: `initial * 2^(attempt-1)`, capped, minus a random
/// part of up to half, so that many clients do not retry in step.
pub(crate) fn backoff(policy: &RetryPolicy, attempt: u32) -> Duration {
    let factor = 1u32 << attempt.saturating_sub(1).min(20);
    let capped = policy
        .initial_backoff
        .saturating_mul(factor)
        .min(policy.max_backoff);
    let half = capped / 2;
    half + half.mul_f64(random_fraction())
}

/// A number in `[0, 1)` for jitter, from the standard library's randomly keyed hasher
/// (SipHash with per-process random keys) over the current instant. Jitter needs spread,
/// not unpredictability: this costs no dependency (`fastrand` or `rand` would be a new
/// one in a generated crate's tree; `getrandom` is a system call per draw).
fn random_fraction() -> f64 {
    use std::hash::BuildHasher as _;
    let bits = std::collections::hash_map::RandomState::new().hash_one(Instant::now());
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// Turns a non-2xx response into [`Error::Status`], decoding the body with `decode_error`
/// (which knows the operation's documented error bodies) or keeping the text.
fn check_status(
    response: RawResponse,
    decode_error: fn(u16, &[u8]) -> Option<ErrorBody>,
) -> Result<RawResponse, Error> {
    if response.status.is_success() {
        return Ok(response);
    }
    let body = decode_error(response.status.as_u16(), &response.body)
        .unwrap_or_else(|| ErrorBody::Text(String::from_utf8_lossy(&response.body).into_owned()));
    Err(Error::Status(Box::new(ErrorResponse {
        status: response.status,
        headers: response.headers,
        body,
    })))
}
