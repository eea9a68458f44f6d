use std::time::{Duration, Instant};

use crate::client::{ApiResponse, RequestOptions, RetryPolicy};
use crate::error::{Error, ErrorBody, ErrorResponse};

/// A response read to its end.
pub(crate) struct RawResponse {
    pub(crate) status: reqwest::StatusCode,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: Vec<u8>,
}

/// The client's own settings, for [`send`].
pub(crate) struct Settings<'a> {
    pub(crate) http: &'a reqwest::Client,
    pub(crate) retry: &'a RetryPolicy,
    pub(crate) timeout: Option<Duration>,
}

/// What [`send`] needs to know about the operation.
pub(crate) struct Call {
    /// The path template (`/users/{id}`): what tracing shows instead of the real path.
    #[cfg(feature = "tracing")]
    pub(crate) path_template: &'static str,
    /// Whether the request is safe to send again (see [`RetryPolicy`]).
    pub(crate) retryable: bool,
    /// Decodes the body of a non-2xx status into the operation's documented error body.
    pub(crate) decode_error: fn(u16, &[u8]) -> Option<ErrorBody>,
}

/// Statuses that mean "try again later".
const RETRY_STATUSES: [u16; 4] = [429, 502, 503, 504];

/// Sends a request with the call's options, retrying per the retry policy, and reads the
/// whole response; a status outside 2xx becomes [`Error::Status`].
pub(crate) async fn send(
    settings: Settings<'_>,
    request: reqwest::RequestBuilder,
    call: &Call,
    options: &RequestOptions,
) -> Result<RawResponse, Error> {
    if let Some(reason) = &options.invalid_header {
        return Err(Error::InvalidArgument {
            parameter: "RequestOptions::with_header",
            reason: reason.clone(),
        });
    }
    // A request that cannot be built (a header value with a line break, say, from a
    // client setting) is the caller's argument, not a transport failure: nothing was sent.
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
    if let Some(timeout) = options.timeout.or(settings.timeout) {
        *request.timeout_mut() = Some(timeout);
    }
    let policy = options.retry.as_ref().unwrap_or(settings.retry);
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
        let outcome = exchange(settings.http, request, call, attempt).await;
        let wait = match &outcome {
            Ok(response) if RETRY_STATUSES.contains(&response.status.as_u16()) => {
                retry_wait(policy, attempt, &response.headers)
            }
            Err(error) if is_transient(error) => Some(backoff(policy, attempt)),
            _ => None,
        };
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

/// One attempt: sends the request and reads the whole response, inside a tracing span
/// when the `tracing` feature is on.
async fn exchange(
    http: &reqwest::Client,
    request: reqwest::Request,
    call: &Call,
    attempt: u32,
) -> Result<RawResponse, reqwest::Error> {
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
        let response = http.execute(request).await?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await?.to_vec();
        Ok(RawResponse {
            status,
            headers,
            body,
        })
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
            tracing::warn!(parent: &span, error = transport_kind(error), latency_ms, "request failed");
        }
    }
    #[cfg(not(feature = "tracing"))]
    let _ = latency_ms;
    outcome
}

/// A transport failure's kind, for logs: never the URL or headers.
#[cfg(feature = "tracing")]
fn transport_kind(error: &reqwest::Error) -> &'static str {
    if error.is_timeout() {
        "timeout"
    } else if error.is_connect() {
        "connect"
    } else if error.is_body() || error.is_decode() {
        "body"
    } else {
        "request"
    }
}

/// A failure worth another attempt: no connection, or one dropped before the response.
/// A timeout is not: the server may still be working on the request.
fn is_transient(error: &reqwest::Error) -> bool {
    !error.is_timeout() && (error.is_connect() || error.is_request() || error.is_body())
}

/// The wait before the next attempt after a retryable status: `Retry-After` (seconds, or
/// an HTTP date) when given (none when longer than the policy allows), else the backoff.
fn retry_wait(
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

/// `Retry-After` as delay-seconds (`120`) or as an IMF-fixdate (`Wed, 21 Oct 2015
/// 07:28:00 GMT`, RFC 9110), as a wait from `now`; a date in the past means no wait.
fn parse_retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = parse_http_date(value)?;
    let now = now.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    Some(Duration::from_secs(at.saturating_sub(now)))
}

/// Seconds since the Unix epoch of an IMF-fixdate such as `Sun, 06 Nov 1994 08:49:37 GMT`.
fn parse_http_date(value: &str) -> Option<u64> {
    let mut parts = value.split_ascii_whitespace();
    let _weekday = parts.next()?;
    let day: u64 = parts.next()?.parse().ok()?;
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month_name = parts.next()?;
    let month = MONTHS.iter().position(|m| *m == month_name)? as u64 + 1;
    let year: u64 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':').map(|part| part.parse::<u64>().ok());
    let (hour, minute, second) = (clock.next()??, clock.next()??, clock.next()??);
    if parts.next()? != "GMT" || !(1..=31).contains(&day) || year < 1970 || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    // Days from 1970-01-01 to the date (proleptic Gregorian calendar, March-based years).
    let (y, m) = if month <= 2 { (year - 1, month + 9) } else { (year, month - 3) };
    let era_days = 365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + day - 1;
    let days = era_days.checked_sub(719_468)?;
    Some(days * 86_400 + hour * 3_600 + minute * 60 + second)
}

/// Exponential backoff with jitter: `initial * 2^(attempt-1)`, capped, minus a random
/// part of up to half, so that many clients do not retry in step.
fn backoff(policy: &RetryPolicy, attempt: u32) -> Duration {
    let factor = 1u32 << attempt.saturating_sub(1).min(20);
    let capped = policy
        .initial_backoff
        .saturating_mul(factor)
        .min(policy.max_backoff);
    let half = capped / 2;
    half + half.mul_f64(random_fraction())
}

/// A number in `[0, 1)` from the standard library's randomly keyed hasher: enough for
/// jitter, without a dependency on a random number crate.
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

//@@ empty_response
/// A 2xx answer whose body the operation does not describe.
pub(crate) fn empty_response(response: RawResponse) -> ApiResponse<()> {
    ApiResponse {
        status: response.status,
        headers: response.headers,
        body: (),
    }
}

//@@ decode_json
/// Decodes a 2xx JSON body.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(
    response: RawResponse,
) -> Result<ApiResponse<T>, Error> {
    match serde_json::from_slice(&response.body) {
        Ok(body) => Ok(ApiResponse {
            status: response.status,
            headers: response.headers,
            body,
        }),
        Err(source) => Err(Error::Decode(Box::new(crate::error::DecodeError {
            status: response.status,
            headers: response.headers,
            body: response.body,
            source,
        }))),
    }
}

//@@ decode_error_as
/// Decodes an error body as `T`, for `decode_error` functions.
pub(crate) fn decode_error_as<T: serde::de::DeserializeOwned>(body: &[u8]) -> Option<T> {
    serde_json::from_slice(body).ok()
}

//@@ encode_path_segment
/// Percent-encodes one path segment per RFC 3986: everything but unreserved characters
/// is escaped, so `a/b?c d` stays one segment. Empty and dot segments (`.`, `..`), which
/// would change which resource is addressed, are refused.
pub(crate) fn encode_path_segment(parameter: &'static str, value: &str) -> Result<String, Error> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(Error::InvalidArgument {
            parameter,
            reason: format!("{value:?} cannot be used as a path segment"),
        });
    }
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push('%');
            encoded.push(char::from(HEX[usize::from(byte >> 4)]));
            encoded.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    Ok(encoded)
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

//@@ check_range
/// Checks an integer argument against its documented inclusive bounds.
pub(crate) fn check_range(
    parameter: &'static str,
    value: i64,
    minimum: Option<i64>,
    maximum: Option<i64>,
) -> Result<(), Error> {
    let below = minimum.is_some_and(|minimum| value < minimum);
    let above = maximum.is_some_and(|maximum| value > maximum);
    if below || above {
        let range = match (minimum, maximum) {
            (Some(low), Some(high)) => format!("between {low} and {high}"),
            (Some(low), None) => format!("at least {low}"),
            (None, Some(high)) => format!("at most {high}"),
            (None, None) => String::new(),
        };
        return Err(Error::InvalidArgument {
            parameter,
            reason: format!("{value} is out of range: must be {range}"),
        });
    }
    Ok(())
}

//@@ double_option
/// Serde helpers for fields that are both optional and nullable: `None` is absent,
/// `Some(None)` is an explicit `null`, `Some(Some(v))` is a value.
pub(crate) mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(crate) fn serialize<T: Serialize, S: Serializer>(
        value: &Option<Option<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(inner) => inner.serialize(serializer),
            None => serializer.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(deserializer).map(Some)
    }
}

//@@ idempotency_key
/// A new idempotency key: 128 random bits in the UUID version 4 layout.
pub(crate) fn idempotency_key() -> String {
    use std::hash::BuildHasher as _;
    let high = std::collections::hash_map::RandomState::new().hash_one(Instant::now());
    let low = std::collections::hash_map::RandomState::new().hash_one((high, Instant::now()));
    let high = (high & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_4000;
    let low = (low & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xffff,
        high & 0xffff,
        low >> 48,
        low & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod idempotency_key_tests {
    #[test]
    fn keys_are_distinct_version_4_uuids() {
        let first = super::idempotency_key();
        let second = super::idempotency_key();
        assert_ne!(first, second);
        assert_eq!(first.len(), 36);
        assert_eq!(first.as_bytes()[14], b'4');
        assert!(matches!(first.as_bytes()[19], b'8' | b'9' | b'a' | b'b'));
    }
}

//@@ pagination
/// What the page walker does next.
enum NextPage {
    Fetch(Option<String>),
    Repeated(String),
    Done,
}

/// The pages of a cursor-paginated list: fetches the page at `first`, then follows
/// `next_cursor` until it is absent, null or empty. A cursor the server already gave
/// ends the walk with [`Error::RepeatedCursor`] instead of looping for ever.
pub(crate) fn walk_pages<P, F, Fut>(
    first: Option<String>,
    fetch: F,
    next_cursor: fn(&P) -> Option<String>,
) -> impl futures_util::Stream<Item = Result<P, Error>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: std::future::Future<Output = Result<P, Error>>,
{
    let mut seen = std::collections::HashSet::new();
    if let Some(cursor) = &first {
        seen.insert(cursor.clone());
    }
    futures_util::stream::try_unfold(
        (NextPage::Fetch(first), fetch, seen),
        move |(next, mut fetch, mut seen)| async move {
            let cursor = match next {
                NextPage::Fetch(cursor) => cursor,
                NextPage::Repeated(cursor) => return Err(Error::RepeatedCursor { cursor }),
                NextPage::Done => return Ok(None),
            };
            let page = fetch(cursor).await?;
            let next = match next_cursor(&page) {
                Some(cursor) if cursor.is_empty() => NextPage::Done,
                Some(cursor) if seen.insert(cursor.clone()) => NextPage::Fetch(Some(cursor)),
                Some(cursor) => NextPage::Repeated(cursor),
                None => NextPage::Done,
            };
            Ok(Some((page, (next, fetch, seen))))
        },
    )
}

/// The items of every page, in order.
pub(crate) fn page_items<P, I>(
    pages: impl futures_util::Stream<Item = Result<P, Error>>,
    items: fn(P) -> Vec<I>,
) -> impl futures_util::Stream<Item = Result<I, Error>> {
    use futures_util::TryStreamExt as _;
    pages
        .map_ok(move |page| futures_util::stream::iter(items(page).into_iter().map(Ok)))
        .try_flatten()
}

//@@ tests
#[cfg(test)]
mod tests {
    use std::io::{Read as _, Write as _};
    use std::sync::{Arc, Mutex};

    use super::*;

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
        let http = reqwest::Client::new();
        let policy = fast_policy();
        let settings = Settings {
            http: &http,
            retry: &policy,
            timeout: Some(Duration::from_secs(5)),
        };
        let call = Call {
            #[cfg(feature = "tracing")]
            path_template: "/things",
            retryable,
            decode_error: |_, _| None,
        };
        let request = http
            .request(method, format!("{base_url}/things"))
            .header("idempotency-key", format!("key-{}", random_fraction()));
        send(settings, request, &call, &RequestOptions::new()).await
    }

    #[tokio::test]
    async fn a_request_that_is_not_retryable_is_sent_once() {
        let (base_url, received) = serve(503);
        let error = send_to(&base_url, reqwest::Method::POST, false).await.err();
        assert_eq!(error.and_then(|e| e.status()).map(|s| s.as_u16()), Some(503));
        assert_eq!(count(&received), 1);
    }

    #[tokio::test]
    async fn a_retryable_request_is_sent_up_to_max_attempts() {
        let (base_url, received) = serve(503);
        let error = send_to(&base_url, reqwest::Method::POST, true).await.err();
        assert_eq!(error.and_then(|e| e.status()).map(|s| s.as_u16()), Some(503));
        assert_eq!(count(&received), 3);
        // Every attempt is the same request: a key made once goes out unchanged.
        let heads = received.lock().map(|heads| heads.clone()).unwrap_or_default();
        let keys: Vec<&str> = heads
            .iter()
            .filter_map(|head| head.lines().find(|line| line.starts_with("idempotency-key:")))
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
        headers.insert(reqwest::header::RETRY_AFTER, reqwest::header::HeaderValue::from_static("7"));
        assert_eq!(retry_wait(&policy, 1, &headers), Some(Duration::from_secs(7)));
        headers.insert(reqwest::header::RETRY_AFTER, reqwest::header::HeaderValue::from_static("11"));
        assert_eq!(retry_wait(&policy, 1, &headers), None);
        // A date in the past: retry at once.
        headers.insert(
            reqwest::header::RETRY_AFTER,
            reqwest::header::HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_wait(&policy, 1, &headers), Some(Duration::ZERO));
        // Text that is neither: the backoff applies.
        headers.insert(reqwest::header::RETRY_AFTER, reqwest::header::HeaderValue::from_static("soon"));
        assert!(retry_wait(&policy, 1, &headers).is_some_and(|wait| wait <= Duration::from_secs(1)));
    }

    #[test]
    fn retry_after_dates_are_waits_from_now() {
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777));
        assert_eq!(parse_http_date("Tue, 29 Feb 2028 12:00:00 GMT"), Some(1_835_438_400));
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 CET"), None);
        assert_eq!(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"), None);
        let now = std::time::UNIX_EPOCH + Duration::from_secs(784_111_770);
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
    }
}
