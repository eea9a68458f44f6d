/// Everything a client call can fail with.
///
/// The variants tell apart a request that could not be sent, a server that answered
/// with an error status, a success response whose body does not decode, and an argument
/// the client refused before sending anything.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be sent, or the response could not be read (DNS, TCP,
    /// TLS, timeout, connection reset).
    Transport(reqwest::Error),
    /// The server answered with a status outside 2xx.
    Status(Box<ErrorResponse>),
    /// A 2xx response whose body is not what the API describes.
    Decode(Box<DecodeError>),
    /// An argument that cannot be sent as given; nothing was sent.
    InvalidArgument {
        /// The parameter's name as the API spells it.
        parameter: &'static str,
        /// What is wrong with the value.
        reason: String,
    },
}

impl Error {
    /// The HTTP status of the response, if there was one.
    pub fn status(&self) -> Option<reqwest::StatusCode> {
        match self {
            Error::Status(response) => Some(response.status),
            Error::Decode(error) => Some(error.status),
            Error::Transport(error) => error.status(),
            Error::InvalidArgument { .. } => None,
        }
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
            Error::InvalidArgument { parameter, reason } => {
                write!(f, "invalid argument `{parameter}`: {reason}")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(error) => Some(error),
            Error::Decode(error) => Some(&error.source),
            Error::Status(_) | Error::InvalidArgument { .. } => None,
        }
    }
}

impl From<reqwest::Error> for Error {
    fn from(error: reqwest::Error) -> Self {
        Error::Transport(error)
    }
}

/// A response with a status outside 2xx.
#[derive(Debug)]
pub struct ErrorResponse {
    /// The status code.
    pub status: reqwest::StatusCode,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The body: typed when it decodes as the API documents, else the raw text.
    pub body: ErrorBody,
}

/// A 2xx response whose body did not decode into the documented type.
#[derive(Debug)]
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
