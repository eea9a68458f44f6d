//! Over-long arguments are refused before anything is sent, with a message that shows
//! only the start of the value.

use std::collections::BTreeMap;

use crate::error::Error;
use crate::runtime::cookie_params::Cookies;
use crate::runtime::header_params::header_value;
use crate::runtime::url::UrlBuilder;

/// Five megabytes of one letter.
fn huge() -> String {
    "x".repeat(5 * 1024 * 1024)
}

/// The refusal's message, checked to be short.
fn short_refusal<T>(outcome: Result<T, Error>, parameter: &str) -> String {
    match outcome {
        Err(error @ Error::InvalidArgument { .. }) => {
            let text = error.to_string();
            assert!(text.len() < 300, "{} bytes: {}", text.len(), &text[..300]);
            assert!(text.contains(&format!("`{parameter}`")), "{text}");
            text
        }
        Err(other) => panic!("refused otherwise: {other}"),
        Ok(_) => panic!("not refused"),
    }
}

#[test]
fn an_over_long_path_parameter_is_refused_briefly() {
    let mut url = UrlBuilder::new("http://api.test");
    let text = short_refusal(url.push_path_param("id", &huge(), "simple", false), "id");
    assert!(text.contains("xxxx"), "the start of the value: {text}");
    // Up to the limit is fine.
    let mut url = UrlBuilder::new("http://api.test");
    assert!(
        url.push_path_param("id", &"x".repeat(8 * 1024), "simple", false)
            .is_ok()
    );
}

#[test]
fn over_long_query_parameters_are_refused_in_every_style() {
    let long = "x".repeat(64 * 1024);
    let many: Vec<String> = (0..10_000).map(|n| n.to_string()).collect();
    let deep: BTreeMap<String, String> = (0..10_000)
        .map(|n| (n.to_string(), n.to_string()))
        .collect();
    for style in ["form", "spaceDelimited", "pipeDelimited"] {
        for explode in [false, true] {
            let mut url = UrlBuilder::new("http://api.test");
            short_refusal(url.push_query_param("q", &long, style, explode, false), "q");
            short_refusal(url.push_query_param("q", &many, style, explode, false), "q");
            // What was refused left nothing behind.
            assert_eq!(url.finish(), "http://api.test");
        }
    }
    let mut url = UrlBuilder::new("http://api.test");
    short_refusal(
        url.push_query_param("q", &deep, "deepObject", true, false),
        "q",
    );
}

#[test]
fn over_long_header_and_cookie_parameters_are_refused_briefly() {
    short_refusal(header_value("x-thing", &huge(), false), "x-thing");
    short_refusal(
        Cookies::default().push("session", &huge(), false),
        "session",
    );
    // Characters a cookie cannot hold are escaped, not refused: a value under the
    // limit once escaped is sent.
    assert!(
        Cookies::default()
            .push("session", &format!("{};", "y".repeat(4096)), false)
            .is_ok()
    );
}

#[tokio::test]
async fn an_invalid_per_call_header_is_refused_briefly_and_never_sent() {
    use crate::runtime::client_core::ClientCore;
    use crate::runtime::options::RequestOptions;
    use crate::runtime::send::send;
    // Nothing listens there: the refusal must come before any connection.
    let core = ClientCore::new("http://127.0.0.1:9".to_owned()).expect("a client");
    let name = format!("x-{}\n", "y".repeat(1024 * 1024));
    let options = RequestOptions::new().with_header(&name, "value-secret");
    let outcome = send(
        &core,
        core.http.get("http://127.0.0.1:9/things"),
        &crate::tests::call(true),
        &options,
    )
    .await;
    let text = short_refusal(outcome, "RequestOptions::with_header");
    assert!(text.contains("x-yyy"), "{text}");
    assert!(!text.contains("value-secret"), "{text}");
}
