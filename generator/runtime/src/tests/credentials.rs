//! Credentials that cannot be sent are refused, before anything is sent and without
//! showing them.

use crate::error::Error;
use crate::runtime::client_core::ClientCore;
use crate::runtime::options::RequestOptions;
use crate::runtime::send::send;
use crate::runtime::{credentials_api_key, credentials_basic, credentials_bearer};
use crate::tests::call;
use crate::tests::server::Server;

#[tokio::test]
async fn an_api_key_that_is_no_header_value_fails_the_call_and_is_not_dropped() {
    let server = Server::answering(204, "", "");
    let core = ClientCore::from_http_client(reqwest::Client::new(), server.base_url.clone());
    let key = credentials_api_key::Credentials::api_key("sk-live-1234\r\nx-evil: 1");
    let request = key.authenticate(
        core.http.get(format!("{}/things", server.base_url)),
        "x-api-key",
    );
    let outcome = send(&core, request, &call(true), &RequestOptions::new()).await;
    let error = match outcome {
        Err(error @ Error::InvalidArgument { .. }) => error,
        Err(other) => panic!("not refused as an argument: {other:?}"),
        Ok(response) => panic!("sent without its key, answered {}", response.status),
    };
    assert!(!format!("{error} {error:?}").contains("sk-live"), "{error}");
    assert_eq!(server.count(), 0);
}

/// The message of a refusal, which must not show `secret`.
fn refusal(outcome: Result<(), Error>, secret: &str) -> String {
    match outcome {
        Err(error @ Error::InvalidArgument { .. }) => {
            let text = format!("{error} {error:?}");
            assert!(!text.contains(secret), "{text}");
            text
        }
        other => panic!("not refused: {other:?}"),
    }
}

#[test]
fn api_keys_and_tokens_must_be_visible_ascii() {
    for key in ["sk-live-1234", "with space", "~!@#$%^&*()_+{}|:\"<>?"] {
        assert!(
            credentials_api_key::Credentials::api_key(key)
                .check()
                .is_ok()
        );
        assert!(credentials_bearer::Credentials::bearer(key).check().is_ok());
    }
    for (key, kind) in [
        ("sk-live-1234\n", "control character"),
        ("sk-live\r\nx-evil: 1", "control character"),
        ("sk-live\t1234", "control character"),
        ("sk-live\u{7f}", "control character"),
        ("sk-live-ü", "outside ASCII"),
    ] {
        let text = refusal(
            credentials_api_key::Credentials::api_key(key).check(),
            "sk-live",
        );
        assert!(text.contains("API key") && text.contains(kind), "{text}");
        let text = refusal(
            credentials_bearer::Credentials::bearer(key).check(),
            "sk-live",
        );
        assert!(
            text.contains("bearer token") && text.contains(kind),
            "{text}"
        );
    }
}

#[test]
fn basic_credentials_refuse_control_characters_and_a_colon_in_the_id() {
    let ok = credentials_basic::Credentials::new("client-ü", "s3cr3t: with ü and spaces");
    assert!(ok.check().is_ok());
    let text = refusal(
        credentials_basic::Credentials::new("client", "s3cr3t\n").check(),
        "s3cr3t",
    );
    assert!(text.contains("client secret"), "{text}");
    let text = refusal(
        credentials_basic::Credentials::new("client\r\n", "s3cr3t").check(),
        "s3cr3t",
    );
    assert!(text.contains("client id"), "{text}");
    let text = refusal(
        credentials_basic::Credentials::new("client:x", "s3cr3t").check(),
        "s3cr3t",
    );
    assert!(text.contains('`'), "{text}");
}

#[test]
fn credentials_go_over_plain_http_to_loopback_only_unless_allowed() {
    use crate::runtime::client_options::ClientOptions;
    for base_url in [
        "https://api.example.com",
        "https://api.example.com/v1/",
        "http://localhost:3000",
        "http://LOCALHOST",
        "http://127.0.0.1:8080/api",
        "http://127.5.6.7",
        "http://[::1]:8080",
    ] {
        let core = ClientCore::new_with(base_url.to_owned(), ClientOptions::new());
        assert!(core.is_ok(), "{base_url}: {:?}", core.err());
    }
    for base_url in [
        "http://api.example.com",
        "http://10.0.0.5:8080",
        "http://localhost.example.com",
        "http://128.0.0.1",
        "http://[::2]",
    ] {
        let Err(error) = ClientCore::new_with(base_url.to_owned(), ClientOptions::new()) else {
            panic!("{base_url} allowed");
        };
        let text = error.to_string();
        assert!(text.starts_with("invalid argument `base_url`"), "{text}");
        assert!(
            text.contains("ClientOptions::allow_insecure_http"),
            "{text}"
        );
        let allowed = ClientOptions::new().allow_insecure_http(true);
        assert!(ClientCore::new_with(base_url.to_owned(), allowed).is_ok());
    }
    for base_url in ["api.example.com", "ftp://api.example.com", ""] {
        let outcome = ClientCore::new_with(base_url.to_owned(), ClientOptions::new());
        assert!(
            matches!(
                outcome,
                Err(Error::InvalidArgument {
                    parameter: "base_url",
                    ..
                })
            ),
            "{base_url}: {:?}",
            outcome.map(|core| core.base_url)
        );
    }
}

#[tokio::test]
async fn client_options_may_bring_their_own_http_client() {
    use crate::runtime::client_options::ClientOptions;
    let server = Server::answering(204, "", "");
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "x-from",
        reqwest::header::HeaderValue::from_static("own-client"),
    );
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .expect("an HTTP client");
    let options = ClientOptions::new().with_http_client(http);
    let core = ClientCore::new_with(format!("{}/", server.base_url), options).expect("a core");
    assert_eq!(core.base_url, server.base_url);
    let request = core.http.get(format!("{}/things", core.base_url));
    let outcome = send(&core, request, &call(true), &RequestOptions::new()).await;
    assert!(outcome.is_ok());
    assert!(server.requests()[0].contains("x-from: own-client"));
}
