//! Building a client that has credentials: the HTTP client to send through, and a base
//! URL that does not send the credentials unencrypted (`https://`, or `http://` to
//! loopback) unless the caller allows it.

use super::super::error::Error;
use super::client_core::{ClientCore, without_userinfo};
use super::error::preview;

/// How a client with credentials is built (for `Client::new_with`).
///
/// By default the client makes its own HTTP client, and refuses a base URL that would
/// send the credentials unencrypted: `http://` to a host other than loopback
/// (`localhost`, `127.0.0.0/8`, `::1`).
#[derive(Debug, Clone, Default)]
pub struct ClientOptions {
    http: Option<reqwest::Client>,
    allow_insecure_http: bool,
}

impl ClientOptions {
    /// The defaults: an HTTP client of the client's own, `https://` (or loopback) only.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sends through `http` (custom proxies, TLS settings, connection pools) instead of
    /// an HTTP client of the client's own. Set the `User-Agent` on it yourself, and build
    /// it with `.redirect(reqwest::redirect::Policy::none())` so that the client's
    /// `RedirectPolicy` decides every redirect.
    #[must_use]
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Whether an `http://` base URL to a host other than loopback is allowed: the
    /// credentials then cross the network unencrypted, readable and replayable by anyone
    /// on the way. For a trusted private network or a test setup only. Off by default.
    #[must_use]
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }
}

impl ClientCore {
    /// A core for a client with credentials, after checking that `base_url` is an
    /// `http://` or `https://` URL that does not send them unencrypted (see
    /// [`ClientOptions`]); the refusal is [`Error::InvalidArgument`] for `base_url`.
    pub(crate) fn new_with(base_url: String, options: ClientOptions) -> Result<Self, Error> {
        let refuse = |reason: String| Error::InvalidArgument {
            parameter: "base_url",
            reason,
        };
        let url = reqwest::Url::parse(&base_url).map_err(|error| {
            let shown = without_userinfo(&base_url);
            refuse(format!("{} is not a URL: {error}", preview(&shown)))
        })?;
        let host = url.host_str().unwrap_or_default();
        match url.scheme() {
            "https" => {}
            "http" if options.allow_insecure_http || is_loopback(host) => {}
            "http" => {
                return Err(refuse(format!(
                    "plain http:// would send the credentials unencrypted to {}; use https://, \
                     or allow it with ClientOptions::allow_insecure_http",
                    preview(host)
                )));
            }
            scheme => {
                return Err(refuse(format!(
                    "the scheme {} is not http or https",
                    preview(scheme)
                )));
            }
        }
        match options.http {
            Some(http) => Ok(Self::from_http_client(http, base_url)),
            None => Self::new(base_url),
        }
    }
}

/// Whether `host` (as a URL writes it) is this machine: `localhost`, `127.0.0.0/8` or
/// `::1`.
fn is_loopback(host: &str) -> bool {
    let address = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || address
            .parse::<std::net::IpAddr>()
            .is_ok_and(|address| address.is_loopback())
}
