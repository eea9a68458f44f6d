//! A successful answer with its status and headers.

/// A successful answer: the decoded body with the status and headers it came with.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiResponse<T> {
    /// The status code (2xx).
    pub status: reqwest::StatusCode,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The decoded body.
    pub body: T,
}

impl<T> ApiResponse<T> {
    /// The body, without status and headers.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The same answer with its body turned into another value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
        }
    }

    /// The first value of a response header, if present and valid text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The request id the server gave the call (`X-Request-Id` or `Request-Id`), for
    /// support requests.
    pub fn request_id(&self) -> Option<&str> {
        self.header("x-request-id")
            .or_else(|| self.header("request-id"))
    }
}
