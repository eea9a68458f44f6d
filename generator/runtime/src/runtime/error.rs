//! The error type of every client call, the two responses it may carry, and the short
//! previews its messages show of values and bodies.

use super::super::error::ErrorBody;

/// Everything a client call can fail with.
///
/// The variants tell apart a request that could not be sent, a server that answered
/// with an error status, a success response whose body does not decode, a response the
/// client refused (a redirect it does not follow, a body too large to read), and an
/// argument the client refused before sending anything.
///
/// A timeout (of an attempt, or the call's deadline) is a [`Error::Transport`] for which
/// [`Error::is_timeout`] holds. Retries
/// happen before an error is returned: the error is the last attempt's. No message of
/// this type shows a secret, a request URL's query, or more than a short preview of a
/// value or a body.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be sent, or the response could not be read (DNS, TCP,
    /// TLS, timeout, connection reset). The URL it carries has no query (which may hold
    /// an API key), no user name and no password.
    Transport(reqwest::Error),
    /// The server answered with a status outside 2xx.
    Status(Box<ErrorResponse>),
    /// A 2xx response whose body is not what the API describes.
    Decode(Box<DecodeError>),
    /// The server answered with a redirect the client does not follow (see
    /// `RedirectPolicy`); nothing was sent to the new location.
    Redirect {
        /// The status of the answer: a `3xx`, or the status of an answer that an HTTP
        /// client of the caller's own fetched by following a redirect.
        status: reqwest::StatusCode,
        /// The answer's headers (`Location` among them).
        headers: Box<reqwest::header::HeaderMap>,
        /// Why it was not followed.
        reason: &'static str,
    },
    /// The response body is larger than the client reads (see
    /// `Client::with_max_response_bytes`); it was not kept.
    ResponseTooLarge {
        /// The status of the response.
        status: reqwest::StatusCode,
        /// The response headers.
        headers: Box<reqwest::header::HeaderMap>,
        /// The limit, in bytes.
        limit: u64,
    },
    /// An argument that cannot be sent as given; nothing was sent.
    InvalidArgument {
        /// The parameter's name as the API spells it.
        parameter: &'static str,
        /// What is wrong with the value.
        reason: String,
    },
    /// A paginated list answered a cursor it had already given, which would loop for
    /// ever; the pages before it were yielded.
    RepeatedCursor {
        /// The repeated cursor.
        cursor: String,
    },
    /// A paginated list went on past the most pages a page stream fetches (see
    /// `Client::with_max_pages`); the pages before were yielded.
    TooManyPages {
        /// The most pages a stream fetches.
        max_pages: u32,
    },
}

impl Error {
    /// The HTTP status of the response, if there was one.
    pub fn status(&self) -> Option<reqwest::StatusCode> {
        match self {
            Error::Status(response) => Some(response.status),
            Error::Decode(error) => Some(error.status),
            Error::Redirect { status, .. } | Error::ResponseTooLarge { status, .. } => {
                Some(*status)
            }
            Error::Transport(error) => error.status(),
            Error::InvalidArgument { .. }
            | Error::RepeatedCursor { .. }
            | Error::TooManyPages { .. } => None,
        }
    }

    /// The response headers, when the server answered.
    pub fn headers(&self) -> Option<&reqwest::header::HeaderMap> {
        match self {
            Error::Status(response) => Some(&response.headers),
            Error::Decode(error) => Some(&error.headers),
            Error::Redirect { headers, .. } | Error::ResponseTooLarge { headers, .. } => {
                Some(headers)
            }
            _ => None,
        }
    }

    /// The request id the server gave the call (`X-Request-Id` or `Request-Id`), for
    /// support requests.
    pub fn request_id(&self) -> Option<&str> {
        let headers = self.headers()?;
        headers
            .get("x-request-id")
            .or_else(|| headers.get("request-id"))
            .and_then(|value| value.to_str().ok())
    }

    /// Whether the request timed out: an attempt's timeout (see `Client::with_timeout`) or
    /// the call's deadline (see `Client::with_deadline`).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(error) if error.is_timeout())
    }

    /// Whether no connection could be made to the server.
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Transport(error) if error.is_connect())
    }

    /// The response's typed or raw error body, for a non-2xx status.
    pub fn error_body(&self) -> Option<&ErrorBody> {
        match self {
            Error::Status(response) => Some(&response.body),
            _ => None,
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Transport(error) => write!(f, "request could not be completed: {error}"),
            Error::Status(response) => write!(f, "server answered {}", response.status),
            Error::Decode(error) => write!(
                f,
                "response body ({} bytes, status {}) does not decode: {}",
                error.body.len(),
                error.status,
                error.source
            ),
            Error::Redirect { status, reason, .. } => {
                write!(
                    f,
                    "server answered {status}, a redirect not followed: {reason}"
                )
            }
            Error::ResponseTooLarge { status, limit, .. } => write!(
                f,
                "response body (status {status}) is larger than the limit of {limit} bytes"
            ),
            Error::InvalidArgument { parameter, reason } => {
                write!(f, "invalid argument `{parameter}`: {reason}")
            }
            Error::RepeatedCursor { cursor } => {
                write!(f, "the server repeated the page cursor {}", preview(cursor))
            }
            Error::TooManyPages { max_pages } => write!(
                f,
                "the list goes on past {max_pages} pages, the most a page stream fetches"
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(error) => Some(error),
            Error::Decode(error) => Some(&error.source),
            _ => None,
        }
    }
}

impl From<reqwest::Error> for Error {
    /// The error without the query, fragment, user name and password of its URL: an API
    /// key may be in the query, and the error may end up in a log.
    fn from(mut error: reqwest::Error) -> Self {
        if let Some(url) = error.url_mut() {
            url.set_query(None);
            url.set_fragment(None);
            let _ = url.set_username("");
            let _ = url.set_password(None);
        }
        Error::Transport(error)
    }
}

/// A response with a status outside 2xx.
///
/// `Debug` shows the start of the body only.
pub struct ErrorResponse {
    /// The status code.
    pub status: reqwest::StatusCode,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The body: typed when it decodes as the API documents, else the raw text.
    pub body: ErrorBody,
}

impl std::fmt::Debug for ErrorResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The body is formatted into a bounded buffer: a body of many megabytes is never
        // copied whole into a log line.
        let mut start = Bounded::new(PREVIEW_CHARS * 2);
        let cut = std::fmt::Write::write_fmt(&mut start, format_args!("{:?}", self.body)).is_err();
        f.debug_struct("ErrorResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field(
                "body",
                &format_args!("{}{}", start.text, if cut { "…" } else { "" }),
            )
            .finish()
    }
}

/// A 2xx response whose body did not decode into the documented type.
///
/// `Debug` shows the body as a short text preview and its length, not as bytes.
pub struct DecodeError {
    /// The status code.
    pub status: reqwest::StatusCode,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The body exactly as received.
    pub body: Vec<u8>,
    /// Why it did not decode.
    pub source: serde_json::Error,
}

impl std::fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DecodeError")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &format_args!("{}", preview_bytes(&self.body)))
            .field("source", &self.source)
            .finish()
    }
}

/// How many characters of a value or a body an error message shows.
const PREVIEW_CHARS: usize = 64;

/// The start of `text` for an error message: at most [`PREVIEW_CHARS`] characters,
/// quoted and escaped, then `…` and the full length when cut.
pub(crate) fn preview(text: &str) -> String {
    match text.char_indices().nth(PREVIEW_CHARS) {
        None => format!("{text:?}"),
        Some((end, _)) => format!("{:?}… ({} bytes)", &text[..end], text.len()),
    }
}

/// [`preview`] of the start of `bytes` read as UTF-8 (invalid sequences shown as `�`),
/// with the full length when cut.
fn preview_bytes(bytes: &[u8]) -> String {
    // At most four bytes a character: enough bytes for the preview whatever the text.
    let start = &bytes[..bytes.len().min(PREVIEW_CHARS * 4)];
    let text = String::from_utf8_lossy(start);
    match text.char_indices().nth(PREVIEW_CHARS) {
        Some((end, _)) => format!("{:?}… ({} bytes)", &text[..end], bytes.len()),
        None if start.len() < bytes.len() => format!("{text:?}… ({} bytes)", bytes.len()),
        None => format!("{text:?}"),
    }
}

/// A text buffer that takes at most `room` bytes, then refuses more (which ends the
/// formatting that writes into it).
struct Bounded {
    text: String,
    room: usize,
}

impl Bounded {
    fn new(room: usize) -> Self {
        Bounded {
            text: String::new(),
            room,
        }
    }
}

impl std::fmt::Write for Bounded {
    fn write_str(&mut self, piece: &str) -> std::fmt::Result {
        if piece.len() <= self.room {
            self.text.push_str(piece);
            self.room -= piece.len();
            return Ok(());
        }
        let mut end = self.room;
        while !piece.is_char_boundary(end) {
            end -= 1;
        }
        self.text.push_str(&piece[..end]);
        self.room = 0;
        Err(std::fmt::Error)
    }
}
