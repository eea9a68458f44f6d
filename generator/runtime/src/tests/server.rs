//! A loopback HTTP/1.1 server for tests, well-behaved or hostile: it keeps every request
//! it gets (head and body, lowercased, and the exact bytes) and answers each with what a test's closure
//! writes to the connection, one connection per request.

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// A loopback port with nothing listening on it, taken for as long as the socket lives: a
/// connection to it is refused at once, and no other test's server (tests run side by
/// side) can be given the port meanwhile, as it could once a probe listener was closed.
pub(super) fn refused_port() -> (tokio::net::TcpSocket, u16) {
    let socket = tokio::net::TcpSocket::new_v4().expect("a socket");
    socket
        .bind(std::net::SocketAddr::from(([127, 0, 0, 1], 0)))
        .expect("bind loopback");
    let port = socket.local_addr().expect("local address").port();
    (socket, port)
}

/// A running test server; it stops with the test process.
pub(super) struct Server {
    /// `http://127.0.0.1:<port>`.
    pub(super) base_url: String,
    received: Arc<Mutex<Vec<String>>>,
    raw: Arc<Mutex<Vec<Vec<u8>>>>,
}

impl Server {
    /// A server that answers each request (given as its lowercased text) by writing to
    /// the connection with `respond`.
    pub(super) fn start(respond: impl Fn(&str, &mut TcpStream) + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let address = listener.local_addr().expect("local address");
        let received: Arc<Mutex<Vec<String>>> = Arc::default();
        let raw: Arc<Mutex<Vec<Vec<u8>>>> = Arc::default();
        let keep = Arc::clone(&received);
        let keep_raw = Arc::clone(&raw);
        let respond = Arc::new(respond);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else {
                    break;
                };
                let keep = Arc::clone(&keep);
                let keep_raw = Arc::clone(&keep_raw);
                let respond = Arc::clone(&respond);
                std::thread::spawn(move || {
                    let bytes = read_request(&mut stream);
                    if let Ok(mut requests) = keep_raw.lock() {
                        requests.push(bytes.clone());
                    }
                    let request = String::from_utf8_lossy(&bytes).to_lowercase();
                    if let Ok(mut requests) = keep.lock() {
                        requests.push(request.clone());
                    }
                    respond(&request, &mut stream);
                });
            }
        });
        Server {
            base_url: format!("http://{address}"),
            received,
            raw,
        }
    }

    /// A server that answers every request with `status`, the header lines `headers`
    /// (each ending in `\r\n`) and `body`.
    pub(super) fn answering(status: u16, headers: &str, body: &str) -> Server {
        let (headers, body) = (headers.to_owned(), body.to_owned());
        Server::start(move |_, stream| answer(stream, status, &headers, &body))
    }

    /// The requests received so far (lowercased head and body).
    pub(super) fn requests(&self) -> Vec<String> {
        self.received
            .lock()
            .map(|requests| requests.clone())
            .unwrap_or_default()
    }

    /// The requests received so far, byte for byte as they came (head and body).
    pub(super) fn raw_requests(&self) -> Vec<Vec<u8>> {
        self.raw
            .lock()
            .map(|requests| requests.clone())
            .unwrap_or_default()
    }

    /// How many requests were received.
    pub(super) fn count(&self) -> usize {
        self.requests().len()
    }
}

/// Writes a whole response with `Connection: close`.
pub(super) fn answer(stream: &mut TcpStream, status: u16, headers: &str, body: &str) {
    let _ = write!(
        stream,
        "HTTP/1.1 {status} Status\r\ncontent-length: {}\r\nconnection: close\r\n{headers}\r\n{body}",
        body.len()
    );
}

/// The head of a request and its body (by `Content-Length`), as received.
fn read_request(stream: &mut TcpStream) -> Vec<u8> {
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = received.windows(4).position(|window| window == b"\r\n\r\n") {
            break end + 4;
        }
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return received,
            Ok(read) => received.extend_from_slice(&buffer[..read]),
        }
    };
    let head = String::from_utf8_lossy(&received[..head_end]).to_lowercase();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0);
    while received.len() < head_end + length {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(read) => received.extend_from_slice(&buffer[..read]),
        }
    }
    received
}

/// The value of header `name` (lowercase) in a received request, if any.
pub(super) fn header<'r>(request: &'r str, name: &str) -> Option<&'r str> {
    request.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        (key == name).then(|| value.trim())
    })
}
