//! Redirects: followed within the origin for GET and HEAD only unless the policy opts in,
//! never carrying credentials or per-call headers to another origin, never with a
//! `Referer`.

use crate::error::Error;
use crate::runtime::client_core::ClientCore;
use crate::runtime::options::{RedirectPolicy, RequestOptions};
use crate::runtime::send::{Limits, RawResponse, redirect_target, same_resource, send};
use crate::runtime::{credentials_api_key, credentials_basic};
use crate::tests::call;
use crate::tests::server::{Server, answer, header};

/// A server that redirects every request with `status` to `location`.
fn redirecting(status: u16, location: String) -> Server {
    Server::start(move |_, stream| {
        answer(stream, status, &format!("location: {location}\r\n"), "");
    })
}

/// A server that redirects `/things` with `status` to `/landing` on itself and answers
/// everything else with 200 and the request's method.
fn redirecting_to_itself(status: u16) -> Server {
    Server::start(move |request, stream| {
        if request.contains(" /things ") {
            answer(stream, status, "location: /landing\r\n", "");
        } else {
            let method = request.split(' ').next().unwrap_or_default().to_owned();
            answer(stream, 200, "", &method);
        }
    })
}

/// A call with every kind of secret a request carries: basic credentials, an API key
/// header and a per-call header.
async fn call_with_secrets(
    core: &ClientCore,
    method: reqwest::Method,
    url: String,
    options: RequestOptions,
) -> Result<RawResponse, Error> {
    let basic = credentials_basic::Credentials::new("client", "basic-secret");
    let key = credentials_api_key::Credentials::api_key("key-secret");
    let mut request = key.authenticate(
        basic.authenticate(core.http.request(method.clone(), url)),
        "x-api-key",
    );
    if method == reqwest::Method::POST {
        request = request
            .header("content-type", "text/plain")
            .body("the body");
    }
    let options = options.with_header("x-call-token", "option-secret");
    send(core, request, &call(true), &options).await
}

/// Whether a received request carries any of the secrets of [`call_with_secrets`].
fn carries_secrets(request: &str) -> bool {
    ["authorization", "x-api-key", "x-call-token", "cookie"]
        .iter()
        .any(|name| header(request, name).is_some())
        || request.contains("secret")
}

fn refusal(outcome: Result<RawResponse, Error>) -> (u16, &'static str) {
    match outcome {
        Err(Error::Redirect { status, reason, .. }) => (status.as_u16(), reason),
        Err(other) => panic!("refused otherwise: {other:?}"),
        Ok(response) => panic!("answered {} from where the redirect led", response.status),
    }
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_refused_and_nothing_goes_there() {
    let other = Server::answering(200, "", "from the other origin");
    for status in [301, 302, 303, 307, 308] {
        let server = redirecting(status, format!("{}/landing", other.base_url));
        let core = ClientCore::new(server.base_url.clone()).expect("a client");
        let outcome = call_with_secrets(
            &core,
            reqwest::Method::GET,
            format!("{}/things", server.base_url),
            RequestOptions::new(),
        )
        .await;
        assert_eq!(refusal(outcome), (status, "it leads to another origin"));
    }
    assert_eq!(other.count(), 0);
}

#[tokio::test]
async fn a_cross_origin_redirect_allowed_by_the_policy_carries_no_secrets() {
    let other = Server::answering(200, "", "from the other origin");
    let policy = RedirectPolicy::new().with_cross_origin(true);
    for status in [302, 307] {
        let server = redirecting(status, format!("{}/landing", other.base_url));
        let core = ClientCore::new(server.base_url.clone()).expect("a client");
        let outcome = call_with_secrets(
            &core,
            reqwest::Method::GET,
            format!("{}/things", server.base_url),
            RequestOptions::new().with_redirect_policy(policy.clone()),
        )
        .await;
        assert_eq!(
            outcome.ok().map(|response| response.body),
            Some(b"from the other origin".to_vec())
        );
        // The first origin saw them all; the other, none.
        assert!(
            server
                .requests()
                .iter()
                .all(|request| carries_secrets(request))
        );
    }
    let requests = other.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert!(!carries_secrets(request), "{request}");
        assert_eq!(header(request, "referer"), None, "{request}");
    }
}

#[tokio::test]
async fn a_same_origin_get_redirect_is_followed_with_its_headers_and_no_referer() {
    let server = redirecting_to_itself(302);
    let core = ClientCore::new(server.base_url.clone()).expect("a client");
    let outcome = call_with_secrets(
        &core,
        reqwest::Method::GET,
        format!("{}/things", server.base_url),
        RequestOptions::new(),
    )
    .await;
    assert_eq!(
        outcome.ok().map(|response| response.body),
        Some(b"get".to_vec())
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests[1].starts_with("get /landing "), "{}", requests[1]);
    assert!(carries_secrets(&requests[1]), "{}", requests[1]);
    assert_eq!(header(&requests[1], "referer"), None, "{}", requests[1]);
}

#[tokio::test]
async fn a_redirect_of_a_post_is_refused_unless_the_policy_allows_any_method() {
    for status in [302, 303, 307] {
        let server = redirecting_to_itself(status);
        let core = ClientCore::new(server.base_url.clone()).expect("a client");
        let url = format!("{}/things", server.base_url);
        let outcome = call_with_secrets(
            &core,
            reqwest::Method::POST,
            url.clone(),
            RequestOptions::new(),
        )
        .await;
        assert_eq!(
            refusal(outcome),
            (
                status,
                "only redirects of GET and HEAD requests are followed"
            )
        );
        assert_eq!(server.count(), 1);
        let options =
            RequestOptions::new().with_redirect_policy(RedirectPolicy::new().with_any_method(true));
        let outcome = call_with_secrets(&core, reqwest::Method::POST, url, options).await;
        let landed = &server.requests()[2];
        if status == 307 {
            // The method and the body go again.
            assert_eq!(
                outcome.ok().map(|response| response.body),
                Some(b"post".to_vec())
            );
            assert!(landed.ends_with("the body"), "{landed}");
        } else {
            // A GET without the body, as browsers do.
            assert_eq!(
                outcome.ok().map(|response| response.body),
                Some(b"get".to_vec())
            );
            assert!(!landed.contains("the body"), "{landed}");
            assert_eq!(header(landed, "content-type"), None, "{landed}");
        }
    }
}

#[tokio::test]
async fn redirects_end_after_the_policy_s_count_and_none_keeps_the_answer() {
    let server = Server::start(|_, stream| answer(stream, 302, "location: /again\r\n", ""));
    let core = ClientCore::new(server.base_url.clone()).expect("a client");
    let url = format!("{}/things", server.base_url);
    let outcome = call_with_secrets(
        &core,
        reqwest::Method::GET,
        url.clone(),
        RequestOptions::new(),
    )
    .await;
    assert_eq!(refusal(outcome), (302, "too many redirects"));
    assert_eq!(server.count(), 11);
    let options = RequestOptions::new().with_redirect_policy(RedirectPolicy::none());
    let error = call_with_secrets(&core, reqwest::Method::GET, url, options)
        .await
        .err()
        .expect("refused");
    assert_eq!(
        error.headers().and_then(|headers| headers.get("location")),
        Some(&reqwest::header::HeaderValue::from_static("/again"))
    );
    assert_eq!(
        error.to_string(),
        "server answered 302 Found, a redirect not followed: redirects are not followed"
    );
}

#[tokio::test]
async fn an_http_client_that_follows_redirects_itself_cannot_answer_from_another_origin() {
    let other = Server::answering(200, "", "from the other origin");
    let server = redirecting(302, format!("{}/landing", other.base_url));
    // reqwest's default client follows redirects by itself.
    let core = ClientCore::from_http_client(reqwest::Client::new(), server.base_url.clone());
    let outcome = call_with_secrets(
        &core,
        reqwest::Method::GET,
        format!("{}/things", server.base_url),
        RequestOptions::new(),
    )
    .await;
    assert_eq!(
        refusal(outcome),
        (200, "the HTTP client followed a redirect to another origin")
    );
}

#[test]
fn a_redirect_from_https_to_http_is_never_followed() {
    let policy = RedirectPolicy::new()
        .with_cross_origin(true)
        .with_any_method(true);
    let headers = reqwest::header::HeaderMap::new();
    let limits = Limits {
        timeout: None,
        deadline: None,
        redirects: &policy,
        max_response_bytes: 0,
        option_headers: &headers,
    };
    let first: reqwest::Url = "https://api.test/things".parse().expect("a URL");
    let target = |location: &'static str| {
        redirect_target(
            reqwest::Request::new(reqwest::Method::GET, first.clone()),
            false,
            reqwest::StatusCode::FOUND,
            &reqwest::header::HeaderValue::from_static(location),
            &first,
            0,
            &limits,
        )
        .map(|next| next.url().to_string())
    };
    assert_eq!(
        target("http://api.test/landing"),
        Err("it leads from https to plain http")
    );
    assert_eq!(
        target("/landing"),
        Ok("https://api.test/landing".to_owned())
    );
    assert_eq!(
        target("https://cdn.test/x"),
        Ok("https://cdn.test/x".to_owned())
    );
    assert_eq!(
        target("ftp://api.test/x"),
        Err("its Location is not an http or https URL")
    );
}

#[tokio::test]
async fn the_answer_to_a_url_with_a_fragment_is_not_taken_for_a_followed_redirect() {
    // A fragment is never sent, so the URL of the answer has none; the check for redirects
    // an HTTP client followed by itself used to refuse every such answer but a GET's.
    let server = Server::answering(200, "", "answered");
    let core = ClientCore::new(server.base_url.clone()).expect("a client");
    for method in [reqwest::Method::PUT, reqwest::Method::POST] {
        let url = format!("{}/things?fields=name#shared", server.base_url);
        let request = core.http.request(method, url);
        let outcome = send(&core, request, &call(true), &RequestOptions::new()).await;
        assert_eq!(
            outcome.ok().map(|response| response.body),
            Some(b"answered".to_vec())
        );
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(
        requests[0].starts_with("put /things?fields=name "),
        "{}",
        requests[0]
    );
}

#[test]
fn urls_name_one_resource_when_only_their_fragments_differ() {
    let url = |text: &str| -> reqwest::Url { text.parse().expect("a URL") };
    let sent = url("https://api.test/files/1?fields=a#shared");
    assert!(same_resource(
        &url("https://api.test/files/1?fields=a"),
        &sent
    ));
    assert!(same_resource(
        &url("https://api.test/files/1?fields=a#other"),
        &sent
    ));
    assert!(!same_resource(
        &url("https://api.test/files/1?fields=b"),
        &sent
    ));
    assert!(!same_resource(
        &url("https://api.test/files/2?fields=a#shared"),
        &sent
    ));
    // A `#` percent-encoded in the path is data, not a fragment.
    assert!(!same_resource(
        &url("https://api.test/files/1%23shared?fields=a"),
        &sent
    ));
}
