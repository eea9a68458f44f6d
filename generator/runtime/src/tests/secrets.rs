//! Secrets stay out of errors and logs: a transport error's URL has no query (where an
//! API key may be) and no user name or password, and the tracing spans of a call hold
//! the path template, never a URL.

use std::time::Duration;

use crate::error::Error;
use crate::runtime::client_core::ClientCore;
use crate::runtime::options::{RequestOptions, RetryPolicy};
use crate::runtime::send::send;
use crate::tests::call;
use crate::tests::server::Server;

/// Everything an error shows: its `Display`, its `Debug` and the `Display` of its
/// sources.
fn shown(error: &Error) -> String {
    let mut text = format!("{error} {error:?}");
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(&format!(" {cause}"));
        source = cause.source();
    }
    text
}

async fn fail_at(url: String, core: &ClientCore) -> Error {
    let request = core.http.get(url);
    let options = RequestOptions::new().with_retry_policy(RetryPolicy::none());
    match send(core, request, &call(true), &options).await {
        Ok(_) => panic!("the call should fail"),
        Err(error) => error,
    }
}

#[tokio::test]
async fn a_connection_error_shows_no_query_and_no_password() {
    // A port nothing listens on (kept bound): every connection is refused.
    let (_taken, port) = super::server::refused_port();
    let base_url = format!("http://127.0.0.1:{port}");
    let core = ClientCore::from_http_client(reqwest::Client::new(), base_url.clone());
    let error = fail_at(
        format!("http://user:hunter2@127.0.0.1:{port}/things?api_key=sk-live-1234&page=2"),
        &core,
    )
    .await;
    assert!(error.is_connect(), "{error:?}");
    let text = shown(&error);
    assert!(!text.contains("sk-live-1234"), "{text}");
    assert!(!text.contains("hunter2"), "{text}");
    // The rest of the URL is still there to say which call failed.
    assert!(text.contains("/things"), "{text}");
}

#[tokio::test]
async fn a_timeout_error_shows_no_query() {
    let server = Server::start(|_, _| std::thread::sleep(Duration::from_secs(2)));
    let mut core = ClientCore::from_http_client(reqwest::Client::new(), server.base_url.clone());
    core.timeout = Some(Duration::from_millis(100));
    let error = fail_at(
        format!("{}/things?api_key=sk-live-1234", server.base_url),
        &core,
    )
    .await;
    assert!(error.is_timeout(), "{error:?}");
    let text = shown(&error);
    assert!(!text.contains("sk-live-1234"), "{text}");
}

#[cfg(feature = "tracing")]
mod spans {
    use std::fmt::Write as _;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Arc, Mutex};

    use super::*;

    /// A subscriber that writes down every field of the runtime's spans and events.
    struct Capture {
        text: Arc<Mutex<String>>,
        next_id: AtomicU64,
    }

    struct Fields<'a>(&'a mut String);

    impl tracing::field::Visit for Fields<'_> {
        fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
            let _ = write!(self.0, "{}={value:?} ", field.name());
        }
    }

    impl Capture {
        fn write(&self, record: impl FnOnce(&mut Fields<'_>)) {
            if let Ok(mut text) = self.text.lock() {
                record(&mut Fields(&mut text));
                text.push('\n');
            }
        }
    }

    impl tracing::Subscriber for Capture {
        fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
            metadata.target().starts_with("openapi_codegen_runtime")
        }
        fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
            self.write(|fields| {
                let _ = write!(fields.0, "span {} ", span.metadata().name());
                span.record(fields);
            });
            tracing::span::Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed))
        }
        fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
            self.write(|fields| values.record(fields));
        }
        fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
        fn event(&self, event: &tracing::Event<'_>) {
            self.write(|fields| event.record(fields));
        }
        fn enter(&self, _: &tracing::span::Id) {}
        fn exit(&self, _: &tracing::span::Id) {}
    }

    #[tokio::test]
    async fn spans_hold_the_path_template_and_no_url() {
        // With a single dispatcher in the process, tracing decides whether a callsite is
        // enabled with the default of whichever thread reaches it first, which may be
        // another test's (with no subscriber): a global one that enables nothing makes it
        // ask every dispatcher, this test's included.
        let _ =
            tracing::subscriber::set_global_default(tracing::subscriber::NoSubscriber::default());
        let text: Arc<Mutex<String>> = Arc::default();
        let _default = tracing::subscriber::set_default(Capture {
            text: Arc::clone(&text),
            next_id: AtomicU64::new(1),
        });
        let server = Server::answering(503, "", "");
        let core = ClientCore::from_http_client(reqwest::Client::new(), server.base_url.clone());
        let request = core.http.get(format!(
            "{}/things/secret-id?api_key=secret-key",
            server.base_url
        ));
        let options = RequestOptions::new().with_retry_policy(
            RetryPolicy::new()
                .with_max_attempts(2)
                .with_initial_backoff(Duration::from_millis(1)),
        );
        let outcome = send(&core, request, &call(true), &options).await;
        assert!(outcome.is_err());
        let text = text.lock().map(|text| text.clone()).unwrap_or_default();
        // The spans and events were written down: the template, the status, the retry.
        assert!(text.contains("http.route=\"/things\""), "{text}");
        assert!(text.contains("http.status_code=503"), "{text}");
        assert!(text.contains("retrying"), "{text}");
        assert!(!text.contains("secret"), "{text}");
        assert!(!text.contains("127.0.0.1"), "{text}");
    }
}

#[test]
fn the_base_url_is_shown_without_user_name_or_password() {
    use crate::runtime::client_core::without_userinfo;
    for (url, shown) in [
        ("https://user:hunter2@host/v1", "https://***@host/v1"),
        ("https://token@host", "https://***@host"),
        (
            "https://a@b:c@host:8080/x?y=z@w",
            "https://***@host:8080/x?y=z@w",
        ),
        ("https://host/v1?mail=a@b", "https://host/v1?mail=a@b"),
        ("https://host#a@b", "https://host#a@b"),
        ("user:hunter2@host", "***@host"),
        ("", ""),
    ] {
        assert_eq!(without_userinfo(url), shown, "{url}");
    }
    let core = ClientCore::from_http_client(
        reqwest::Client::new(),
        "https://user:hunter2@host/v1".to_owned(),
    );
    let client = crate::client::Client { core };
    let debug = format!("{client:?} {client:#?}");
    assert!(!debug.contains("hunter2"), "{debug}");
    assert!(debug.contains("https://***@host/v1"), "{debug}");
    // The URL itself is kept whole: requests still carry the user name and password.
    assert_eq!(client.base_url(), "https://user:hunter2@host/v1");
}
