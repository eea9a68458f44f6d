//! Settings of calls: the default limits (per-attempt timeout, whole-call deadline,
//! response size, pages), the retry and redirect policies, the per-call options, and the
//! `User-Agent` every request carries.

/// The `User-Agent` the client sends: the crate's name and version.
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// The timeout of **one attempt** of a call (connecting, sending, following redirects,
/// reading the full response) when neither
/// [`Client::with_timeout`](super::super::client::Client::with_timeout) nor
/// [`RequestOptions::with_timeout`] says otherwise. A call may make several attempts (see
/// [`RetryPolicy`]); [`DEFAULT_DEADLINE`] bounds them all together.
pub const DEFAULT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// The longest a **whole call** may take, every attempt and every wait between attempts
/// included, when neither [`Client::with_deadline`](super::super::client::Client::with_deadline)
/// nor [`RequestOptions::with_deadline`] says otherwise. An attempt still running at the
/// deadline is cut short (a timeout, see
/// [`Error::is_timeout`](super::super::error::Error::is_timeout)); a retry whose wait would end
/// after it is not made, and the last attempt's error is returned.
///
/// 90 seconds: with the defaults, room for a `Retry-After` of up to 60 s followed by one
/// full attempt of [`DEFAULT_TIMEOUT`].
pub const DEFAULT_DEADLINE: std::time::Duration = std::time::Duration::from_secs(90);

/// The largest response body the client reads, in bytes (64 MiB), when neither
/// [`Client::with_max_response_bytes`](super::super::client::Client::with_max_response_bytes)
/// nor [`RequestOptions::with_max_response_bytes`] says otherwise. A larger body (by its
/// `Content-Length`, or counted while it is read) fails the call with
/// [`Error::ResponseTooLarge`](super::super::error::Error::ResponseTooLarge) without being kept.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// The most pages a page stream of a paginated operation fetches, when
/// [`Client::with_max_pages`](super::super::client::Client::with_max_pages) does not say
/// otherwise: a list that goes on (a server handing out a new cursor for ever) ends with
/// [`Error::TooManyPages`](super::super::error::Error::TooManyPages) after that many pages.
pub const DEFAULT_MAX_PAGES: u32 = 10_000;

/// When and how often the client sends a request again after a transient failure.
///
/// Only requests that are safe to repeat are retried: those of idempotent methods (GET,
/// HEAD, PUT, DELETE, OPTIONS), and POST or PATCH operations that declare an
/// `Idempotency-Key` header (the same key goes out on every attempt). A retry follows a
/// `429`, `502`, `503` or `504` answer, or a failure to connect or a connection dropped
/// before the response arrived; never a timeout, another status, or a body that does not
/// decode.
///
/// The wait before retry `n` (1-based) is the server's `Retry-After` (seconds or an HTTP date) when it
/// sends one; a `Retry-After` longer than [`RetryPolicy::with_max_retry_after`] ends the
/// retries at once and the error is returned. Otherwise it is an exponential backoff with
/// jitter: `initial_backoff * 2^(n-1)`, capped at `max_backoff`, of which a random half is
/// taken off. No retry is made whose wait would end after the call's deadline (see
/// [`DEFAULT_DEADLINE`]).
///
/// Defaults: 3 attempts in all, 500 ms initial backoff, 8 s largest backoff, and at most
/// 60 s of `Retry-After` honoured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    pub(crate) max_attempts: u32,
    pub(crate) initial_backoff: std::time::Duration,
    pub(crate) max_backoff: std::time::Duration,
    pub(crate) max_retry_after: std::time::Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: std::time::Duration::from_millis(500),
            max_backoff: std::time::Duration::from_secs(8),
            max_retry_after: std::time::Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The default policy (see the type's documentation).
    pub fn new() -> Self {
        Self::default()
    }

    /// Never retry: every request is sent once.
    pub fn none() -> Self {
        Self::default().with_max_attempts(1)
    }

    /// How many times a request may be sent in all, the first attempt included (at least 1).
    #[must_use]
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry; each further retry waits twice as long.
    #[must_use]
    pub fn with_initial_backoff(mut self, backoff: std::time::Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest backoff between two attempts.
    #[must_use]
    pub fn with_max_backoff(mut self, backoff: std::time::Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest `Retry-After` the client waits for; a longer one returns the error.
    #[must_use]
    pub fn with_max_retry_after(mut self, wait: std::time::Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// How many times a request may be sent in all.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }
}

/// Which redirects (`301`, `302`, `303`, `307` and `308` with a `Location`) the client
/// follows.
///
/// By default it follows up to 10 redirects of `GET` and `HEAD` requests that stay on the
/// origin (scheme, host and port) of the request, and no other: a redirect to another
/// origin, any redirect of a request of another method, and a redirect from `https` to
/// plain `http` (always) fail the call with
/// [`Error::Redirect`](super::super::error::Error::Redirect), which keeps the redirect's status
/// and headers (its `Location` among them); nothing is sent to the new location. A
/// `Referer` is never sent.
///
/// Two opt-ins widen this:
/// - [`RedirectPolicy::with_cross_origin`] follows redirects to other origins, but sends
///   them none of the request's credentials: `Authorization`, `Cookie`,
///   `Proxy-Authorization`, API keys and every other header marked sensitive, and every
///   header set with [`RequestOptions::with_header`], are left out from there on.
/// - [`RedirectPolicy::with_any_method`] follows redirects of requests of every method:
///   a `303`, and a `301` or `302` of a `POST`, become a `GET` without a body (as browsers
///   do); a `307` or `308` repeats the method and the body (a body that cannot be sent
///   twice, such as a stream, stops there).
///
/// The policy applies when the client sends through its own HTTP client. An HTTP client
/// given to `Client::from_http_client` may follow redirects itself before this policy
/// sees them (reqwest's default does); an answer that comes from another origin than the
/// request's, or from a redirect of a method other than `GET` or `HEAD`, is still
/// refused unless the policy allows it. Build that client with
/// `.redirect(reqwest::redirect::Policy::none())` to have this policy decide every
/// redirect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedirectPolicy {
    pub(crate) max_redirects: u32,
    pub(crate) cross_origin: bool,
    pub(crate) any_method: bool,
}

impl Default for RedirectPolicy {
    fn default() -> Self {
        RedirectPolicy {
            max_redirects: 10,
            cross_origin: false,
            any_method: false,
        }
    }
}

impl RedirectPolicy {
    /// The default policy (see the type's documentation).
    pub fn new() -> Self {
        Self::default()
    }

    /// Never follow a redirect: every redirect fails the call with
    /// [`Error::Redirect`](super::super::error::Error::Redirect).
    pub fn none() -> Self {
        Self::default().with_max_redirects(0)
    }

    /// How many redirects one attempt may follow (10 by default).
    #[must_use]
    pub fn with_max_redirects(mut self, redirects: u32) -> Self {
        self.max_redirects = redirects;
        self
    }

    /// Whether redirects to another origin are followed (without credentials or per-call
    /// headers; see the type's documentation). Off by default.
    #[must_use]
    pub fn with_cross_origin(mut self, follow: bool) -> Self {
        self.cross_origin = follow;
        self
    }

    /// Whether redirects of requests of methods other than `GET` and `HEAD` are followed
    /// (see the type's documentation). Off by default.
    #[must_use]
    pub fn with_any_method(mut self, follow: bool) -> Self {
        self.any_method = follow;
        self
    }

    /// How many redirects one attempt may follow.
    pub fn max_redirects(&self) -> u32 {
        self.max_redirects
    }
}

/// Settings for one call, for the `*_with` form of every operation: extra headers, a
/// timeout, a deadline, a retry policy, a redirect policy, a response size limit. Build with
/// `RequestOptions::new().with_...()`.
///
/// `Debug` shows header names but never their values, which may be secrets.
#[derive(Clone, Default)]
pub struct RequestOptions {
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) timeout: Option<std::time::Duration>,
    pub(crate) deadline: Option<std::time::Duration>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) redirects: Option<RedirectPolicy>,
    pub(crate) max_response_bytes: Option<u64>,
    pub(crate) invalid_header: Option<String>,
}

impl std::fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.keys().map(|name| name.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("headers", &names)
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("retry", &self.retry)
            .field("redirects", &self.redirects)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish()
    }
}

impl RequestOptions {
    /// No extra settings: the client's own apply.
    pub fn new() -> Self {
        Self::default()
    }

    /// [`RequestOptions::new`], shared: what a call without options runs with.
    pub(crate) fn defaults() -> &'static Self {
        static DEFAULTS: std::sync::LazyLock<RequestOptions> =
            std::sync::LazyLock::new(RequestOptions::new);
        &DEFAULTS
    }

    /// Sends `name: value` with this call, replacing any value the client would send for
    /// that header. The value is taken for a secret: never shown in `Debug` output, never
    /// sent to another origin on a redirect. A name or value that is not valid HTTP fails
    /// the call with [`Error::InvalidArgument`](super::super::error::Error::InvalidArgument)
    /// before anything is sent.
    #[must_use]
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        let name_parsed = reqwest::header::HeaderName::from_bytes(name.as_bytes());
        let value_parsed = reqwest::header::HeaderValue::from_str(value);
        match (name_parsed, value_parsed) {
            (Ok(name), Ok(mut value)) => {
                value.set_sensitive(true);
                self.headers.append(name, value);
            }
            _ => {
                // The name shows as a preview (it may be long); the value, never.
                self.invalid_header = Some(format!(
                    "header {} has an invalid name or value",
                    super::error::preview(name)
                ));
            }
        }
        self
    }

    /// The timeout of each attempt of this call (connecting, sending, following
    /// redirects, reading the whole response), instead of the client's.
    #[must_use]
    pub fn with_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The deadline of this whole call (every attempt and the waits between them),
    /// instead of the client's; see [`DEFAULT_DEADLINE`].
    #[must_use]
    pub fn with_deadline(mut self, deadline: std::time::Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The retry policy of this call, instead of the client's.
    #[must_use]
    pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The redirect policy of this call, instead of the client's.
    #[must_use]
    pub fn with_redirect_policy(mut self, policy: RedirectPolicy) -> Self {
        self.redirects = Some(policy);
        self
    }

    /// The largest response body this call reads, in bytes, instead of the client's; see
    /// [`DEFAULT_MAX_RESPONSE_BYTES`].
    #[must_use]
    pub fn with_max_response_bytes(mut self, bytes: u64) -> Self {
        self.max_response_bytes = Some(bytes);
        self
    }
}
