//! Credentials for an API whose operations ask for different security schemes: the
//! client holds one credential per scheme (by the name the document gives it), and each
//! call sends the first of its operation's alternatives whose every credential the
//! client holds, or nothing when it holds none of them.

use super::super::error::Error;
use super::cookie_params::Cookies;
use super::encode::encode;
use super::query::push_query_pair;
use super::url::UrlBuilder;

/// One scheme of an alternative: the scheme's name, what it sends (`basic`, `bearer`,
/// `header`, `query` or `cookie`) and, for an API key, the header, query parameter or
/// cookie name (empty otherwise).
pub(crate) type Scheme = (&'static str, &'static str, &'static str);

/// An operation's alternatives, in the document's order: each a set of schemes sent
/// together.
pub(crate) type Security = &'static [&'static [Scheme]];

/// A credential for one scheme.
#[derive(Clone)]
enum Secret {
    /// HTTP Basic: a client id and its secret.
    Basic {
        client_id: String,
        client_secret: String,
    },
    /// A bearer token or an API key.
    Token(String),
}

/// The credentials a client holds, one per security scheme of the document. `Debug`
/// shows which schemes it holds, never a secret.
#[derive(Clone, Default)]
pub struct Credentials {
    held: Vec<(String, Secret)>,
}

impl Credentials {
    /// No credentials: calls to operations that need some go out without them. Add them
    /// with the `with_*` methods, one per scheme.
    pub fn new() -> Self {
        Credentials::default()
    }

    /// Sets the bearer token or API key of the scheme named `scheme` in the document's
    /// `components/securitySchemes` (the `with_<scheme>` methods call this; a name the document does not give is
    /// never sent).
    #[must_use]
    pub fn with_token_for(self, scheme: &str, token: impl Into<String>) -> Self {
        self.with_secret(scheme, Secret::Token(token.into()))
    }

    /// Sets the HTTP Basic client id and secret of the scheme named `scheme` in the
    /// document's `components/securitySchemes` (the `with_<scheme>` methods call this; a name the document does not give is
    /// never sent).
    #[must_use]
    pub fn with_basic_for(
        self,
        scheme: &str,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        let secret = Secret::Basic {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        };
        self.with_secret(scheme, secret)
    }

    fn with_secret(mut self, scheme: &str, secret: Secret) -> Self {
        match self.held.iter_mut().find(|(name, _)| name == scheme) {
            Some((_, held)) => *held = secret,
            None => self.held.push((scheme.to_owned(), secret)),
        }
        self
    }

    /// Refuses credentials that cannot be sent as they are, for `Client::new` to call: a
    /// token or key with a character other than visible ASCII and space (a line break
    /// left over from a file or an environment variable is the usual culprit), a control
    /// character in a Basic id or secret, or a `:` in a Basic id (RFC 7617: the first
    /// `:` ends the id). The error names the scheme, never the secret.
    pub(crate) fn check(&self) -> Result<(), Error> {
        for (scheme, secret) in &self.held {
            let problem = match secret {
                Secret::Token(token) => match token.chars().find(|c| !matches!(c, ' '..='~')) {
                    None => None,
                    Some(c) if c.is_control() => {
                        Some("the token contains a control character (a line break, say)")
                    }
                    Some(_) => Some("the token contains a character outside ASCII"),
                },
                Secret::Basic {
                    client_id,
                    client_secret,
                } => {
                    if client_id.contains(char::is_control) {
                        Some("the client id contains a control character (a line break, say)")
                    } else if client_id.contains(':') {
                        Some("the client id contains `:`, which ends it in HTTP Basic")
                    } else if client_secret.contains(char::is_control) {
                        Some("the client secret contains a control character (a line break, say)")
                    } else {
                        None
                    }
                }
            };
            if let Some(problem) = problem {
                return Err(Error::InvalidArgument {
                    parameter: "credentials",
                    reason: format!("{problem} (scheme `{scheme}`); it cannot be sent"),
                });
            }
        }
        Ok(())
    }

    /// The first alternative whose every credential the client holds.
    fn chosen(&self, security: Security) -> &'static [Scheme] {
        security
            .iter()
            .find(|schemes| {
                schemes
                    .iter()
                    .all(|(scheme, _, _)| self.secret(scheme).is_some())
            })
            .copied()
            .unwrap_or_default()
    }

    fn secret(&self, scheme: &str) -> Option<&Secret> {
        self.held
            .iter()
            .find(|(name, _)| name == scheme)
            .map(|(_, secret)| secret)
    }

    /// Adds the API keys of the chosen alternative that go in the query. The key is part
    /// of the URL, so every error and log line of the client leaves the query out.
    pub(crate) fn authenticate_query(&self, security: Security, url: &mut UrlBuilder) {
        for &(scheme, place, name) in self.chosen(security) {
            if let ("query", Some(Secret::Token(key))) = (place, self.secret(scheme)) {
                push_query_pair(url, &encode(name), &encode(key));
            }
        }
    }

    /// Puts the rest of the chosen alternative on the request: `Authorization` for Basic
    /// and bearer schemes, API key headers (marked sensitive: never shown in `Debug`
    /// output of the request, never sent to another origin on a redirect), and API keys
    /// in cookies, which go into `cookies`. A key that cannot stand in a cookie is
    /// refused with [`Error::InvalidArgument`], without repeating it.
    pub(crate) fn authenticate(
        &self,
        security: Security,
        mut request: reqwest::RequestBuilder,
        cookies: &mut Cookies,
    ) -> Result<reqwest::RequestBuilder, Error> {
        for &(scheme, place, name) in self.chosen(security) {
            request = match (place, self.secret(scheme)) {
                (
                    "basic",
                    Some(Secret::Basic {
                        client_id,
                        client_secret,
                    }),
                ) => request.basic_auth(client_id, Some(client_secret)),
                ("bearer", Some(Secret::Token(token))) => request.bearer_auth(token),
                ("header", Some(Secret::Token(key))) => {
                    match reqwest::header::HeaderValue::from_str(key) {
                        Ok(mut value) => {
                            value.set_sensitive(true);
                            request.header(name, value)
                        }
                        // Not a header value (which `check` refuses when the client is
                        // built): the request then fails to build, so the call is refused
                        // before anything is sent instead of going out without its key.
                        Err(_) => request.header(name, key.as_str()),
                    }
                }
                ("cookie", Some(Secret::Token(key))) => {
                    cookies
                        .push(name, key, false)
                        .map_err(|_| Error::InvalidArgument {
                            parameter: name,
                            reason: "the API key cannot be sent in a cookie".to_owned(),
                        })?;
                    request
                }
                // A credential of the other kind (a token for a Basic scheme, say) is not
                // sent: the server answers as it does without it.
                _ => request,
            };
        }
        Ok(request)
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let schemes: Vec<&str> = self.held.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Credentials")
            .field("schemes", &schemes)
            .finish_non_exhaustive()
    }
}
