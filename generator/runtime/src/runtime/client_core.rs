//! What every client holds whatever its API (the HTTP client, the base URL, the call
//! settings and limits), and the methods of `Client` that only touch those.

use std::time::Duration;

use super::super::client::Client;
use super::super::error::Error;
use super::options::{
    DEFAULT_DEADLINE, DEFAULT_MAX_PAGES, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT,
    RedirectPolicy, RetryPolicy, USER_AGENT,
};

/// The API-independent part of a client. Cheap to clone: clones share one connection
/// pool. Its `Debug` shows the base URL without a user name or password.
#[derive(Clone)]
pub(crate) struct ClientCore {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    pub(crate) retry: RetryPolicy,
    /// The timeout of one attempt.
    pub(crate) timeout: Option<Duration>,
    /// The deadline of a whole call, all attempts and waits included.
    pub(crate) deadline: Option<Duration>,
    pub(crate) redirects: RedirectPolicy,
    pub(crate) max_response_bytes: u64,
    /// The most pages a page stream fetches (passed to `walk_pages`).
    pub(crate) max_pages: u32,
}

impl ClientCore {
    /// A core with its own HTTP client (rustls, the crate's `User-Agent`). That client
    /// follows no redirect by itself and never sends `Referer`: `send` follows redirects
    /// as the core's [`RedirectPolicy`] says.
    pub(crate) fn new(base_url: String) -> Result<Self, Error> {
        let http = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .redirect(reqwest::redirect::Policy::none())
            .referer(false)
            .build()?;
        Ok(Self::from_http_client(http, base_url))
    }

    /// A core that sends through `http`; a trailing `/` of the base URL is dropped.
    pub(crate) fn from_http_client(http: reqwest::Client, mut base_url: String) -> Self {
        while base_url.ends_with('/') {
            base_url.pop();
        }
        ClientCore {
            http,
            base_url,
            retry: RetryPolicy::default(),
            timeout: Some(DEFAULT_TIMEOUT),
            deadline: Some(DEFAULT_DEADLINE),
            redirects: RedirectPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            max_pages: DEFAULT_MAX_PAGES,
        }
    }
}

impl std::fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientCore")
            .field("base_url", &self.shown_base_url())
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("redirects", &self.redirects)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("max_pages", &self.max_pages)
            .finish_non_exhaustive()
    }
}

impl ClientCore {
    /// The base URL as `Debug` and errors show it: a user name or password in it
    /// (`https://user:secret@host`) is replaced by `***`.
    pub(crate) fn shown_base_url(&self) -> std::borrow::Cow<'_, str> {
        without_userinfo(&self.base_url)
    }
}

/// `url` with the user name and password of its authority (whatever is before the last
/// `@` of the part after `://`, up to the first `/`, `?` or `#`) replaced by `***`. It
/// works on text, so that a URL that does not parse is redacted too.
pub(crate) fn without_userinfo(url: &str) -> std::borrow::Cow<'_, str> {
    let start = url.find("://").map_or(0, |scheme_end| scheme_end + 3);
    let rest = &url[start..];
    let authority = rest.find(['/', '?', '#']).map_or(rest, |end| &rest[..end]);
    match authority.rfind('@') {
        Some(at) => format!("{}***{}", &url[..start], &url[start + at..]).into(),
        None => url.into(),
    }
}

impl Client {
    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.core.base_url
    }

    /// The timeout of **each attempt** of every call (connecting, sending, following
    /// redirects and reading the whole response), unless
    /// [`RequestOptions::with_timeout`](super::super::client::RequestOptions::with_timeout)
    /// overrides it; [`DEFAULT_TIMEOUT`] by default. An attempt that times out fails the
    /// call with an [`Error::Transport`] for which [`Error::is_timeout`] holds, and is not
    /// retried. The whole call is bounded by [`Client::with_deadline`].
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.core.timeout = Some(timeout);
        self
    }

    /// No per-attempt timeout of the client's own (one set on the `reqwest::Client`, and
    /// the deadline, still apply).
    #[must_use]
    pub fn without_timeout(mut self) -> Self {
        self.core.timeout = None;
        self
    }

    /// The timeout of each attempt, if any.
    pub fn timeout(&self) -> Option<Duration> {
        self.core.timeout
    }

    /// The deadline of **a whole call**: every attempt, redirect and wait between
    /// attempts included, unless
    /// [`RequestOptions::with_deadline`](super::super::client::RequestOptions::with_deadline)
    /// overrides it; [`DEFAULT_DEADLINE`] by default. An attempt still running at the
    /// deadline fails as a timeout ([`Error::is_timeout`]); a retry whose wait would end
    /// after the deadline is not made, and the last error is returned.
    #[must_use]
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.core.deadline = Some(deadline);
        self
    }

    /// No deadline for whole calls: only the per-attempt timeout and the retry policy
    /// bound them.
    #[must_use]
    pub fn without_deadline(mut self) -> Self {
        self.core.deadline = None;
        self
    }

    /// The deadline of a whole call, if any.
    pub fn deadline(&self) -> Option<Duration> {
        self.core.deadline
    }

    /// When and how often calls are retried; [`RetryPolicy::none`] turns retries off.
    #[must_use]
    pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.core.retry = policy;
        self
    }

    /// The retry policy of every call, unless
    /// [`RequestOptions::with_retry_policy`](super::super::client::RequestOptions::with_retry_policy)
    /// overrides it.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.core.retry
    }

    /// Which redirects calls follow (see [`RedirectPolicy`]; by default same-origin
    /// redirects of `GET` and `HEAD` requests only).
    #[must_use]
    pub fn with_redirect_policy(mut self, policy: RedirectPolicy) -> Self {
        self.core.redirects = policy;
        self
    }

    /// The redirect policy of every call, unless
    /// [`RequestOptions::with_redirect_policy`](super::super::client::RequestOptions::with_redirect_policy)
    /// overrides it.
    pub fn redirect_policy(&self) -> &RedirectPolicy {
        &self.core.redirects
    }

    /// The largest response body a call reads, in bytes
    /// ([`DEFAULT_MAX_RESPONSE_BYTES`] by default); a larger one fails the call with
    /// [`Error::ResponseTooLarge`] without being kept.
    #[must_use]
    pub fn with_max_response_bytes(mut self, bytes: u64) -> Self {
        self.core.max_response_bytes = bytes;
        self
    }

    /// The largest response body a call reads, in bytes, unless
    /// [`RequestOptions::with_max_response_bytes`](super::super::client::RequestOptions::with_max_response_bytes)
    /// overrides it.
    pub fn max_response_bytes(&self) -> u64 {
        self.core.max_response_bytes
    }

    /// The most pages a page stream of a paginated operation fetches (at least 1;
    /// [`DEFAULT_MAX_PAGES`] by default); a longer list ends the stream with
    /// [`Error::TooManyPages`] after that many pages.
    #[must_use]
    pub fn with_max_pages(mut self, pages: u32) -> Self {
        self.core.max_pages = pages.max(1);
        self
    }

    /// The most pages a page stream fetches.
    pub fn max_pages(&self) -> u32 {
        self.core.max_pages
    }
}
