//! The generated client against a real HTTP server on loopback: what goes out on the
//! wire for each operation, how each kind of answer comes back, and what is refused
//! before anything is sent. The server is the SDK's own mock (`sequence_api::mock`, the
//! cargo feature `mock`), which keeps every request as it arrived; the axum fake of
//! `src/fake_server.rs` stays for what the mock does not model (a base URL with a path,
//! the fake's emulation of the API that the downstream example runs against).

use std::error::Error as _;

use sequence_api::mock::{MockHandle, MockServer, Operation, ReceivedRequest};
use sequence_api::models::{
    ApiError, ApiErrorDetail, ListUsersParams, PermissionAction, PermissionResource, RoleName,
    User, UserList, UserState,
};
use sequence_api::{
    Client, Credentials, Error, ErrorBody, RedirectPolicy, RetryPolicy, TryStreamExt,
};
use sequence_api_tests::fake_server::{
    CLIENT_ID, CLIENT_SECRET, EXPECTED_AUTHORIZATION, FakeServer, SEED_USER_JSON, ScriptedResponse,
};
use serde_json::{Value, json};

const SEED_ID: &str = "7b1f28b9-a4ad-450b-a0ea-fd647d5109b2";

async fn start() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::new(server.url(), Credentials::new(CLIENT_ID, CLIENT_SECRET))
        .expect("build the client");
    (server, client)
}

/// A client that sends each request once, so a mocked error is the answer the call
/// returns rather than the first of several attempts.
async fn start_without_retries() -> (MockServer, Client) {
    let (server, client) = start().await;
    (server, client.with_retry_policy(RetryPolicy::none()))
}

fn seed() -> Value {
    serde_json::from_str(SEED_USER_JSON).expect("seed JSON")
}

fn seed_user() -> User {
    serde_json::from_value(seed()).expect("the seed is a User")
}

fn list_body() -> Value {
    json!({
        "items": [seed()],
        "pagination": {"after": "cursor-after", "before": null, "totalResultSize": 7}
    })
}

fn list_page() -> UserList {
    serde_json::from_value(list_body()).expect("a UserList")
}

/// The three operations, so every wire-level check runs against each of them.
#[derive(Clone, Copy, Debug)]
enum Call {
    List,
    Get,
    Delete,
}

const CALLS: [Call; 3] = [Call::List, Call::Get, Call::Delete];

impl Call {
    async fn call(self, client: &Client) -> Result<Value, Error> {
        let value = match self {
            Call::List => {
                serde_json::to_value(client.list_users(&ListUsersParams::default()).await?)
            }
            Call::Get => serde_json::to_value(client.get_user(SEED_ID).await?),
            Call::Delete => serde_json::to_value(client.delete_user(SEED_ID).await?),
        };
        Ok(value.expect("models serialize"))
    }

    fn operation(self) -> Operation {
        match self {
            Call::List => Operation::ListUsers,
            Call::Get => Operation::GetUser,
            Call::Delete => Operation::DeleteUser,
        }
    }

    fn method(self) -> &'static str {
        match self {
            Call::List | Call::Get => "GET",
            Call::Delete => "DELETE",
        }
    }

    fn path(self) -> String {
        match self {
            Call::List => "/users".to_owned(),
            Call::Get | Call::Delete => format!("/users/{SEED_ID}"),
        }
    }

    fn success_body(self) -> Value {
        match self {
            Call::List => list_body(),
            Call::Get | Call::Delete => seed(),
        }
    }

    /// Mocks the operation's success, with its typed body.
    fn responds_ok(self, server: &MockServer) -> MockHandle {
        match self {
            Call::List => server.list_users().responds_ok(list_page()),
            Call::Get => server.get_user().responds_ok(seed_user()),
            Call::Delete => server.delete_user().responds_ok(seed_user()),
        }
    }

    /// Mocks an answer of the operation with any status and raw body.
    fn responds_raw(self, server: &MockServer, status: u16, content_type: &str, body: &[u8]) {
        let headers = [("content-type", content_type), ("x-request-id", "req-42")];
        match self {
            Call::List => server.list_users().responds_raw(status, &headers, body),
            Call::Get => server.get_user().responds_raw(status, &headers, body),
            Call::Delete => server.delete_user().responds_raw(status, &headers, body),
        };
    }
}

/// The one request the server received; forgets it and every mock.
fn only_request(server: &MockServer) -> ReceivedRequest {
    let mut requests = server.received_all();
    server.reset();
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request: {requests:#?}"
    );
    requests.remove(0)
}

fn count(request: &ReceivedRequest, header: &str) -> usize {
    request.headers().get_all(header).iter().count()
}

/// The headers every call sends with the default client settings.
fn assert_standard_headers(request: &ReceivedRequest) {
    assert_eq!(
        request.header("authorization"),
        Some(EXPECTED_AUTHORIZATION)
    );
    assert_eq!(count(request, "authorization"), 1);
    assert_eq!(request.api_version(), Some("2024-07-30"));
    assert_eq!(count(request, "sequence-version"), 1);
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(count(request, "accept"), 1);
    let user_agent = request.header("user-agent").expect("a User-Agent");
    assert!(user_agent.starts_with("sequence-api/"), "{user_agent}");
    assert_eq!(user_agent, sequence_api::USER_AGENT);
    // No operation has a request body.
    assert!(
        request.body().is_empty(),
        "unexpected body {:?}",
        request.body()
    );
    assert_eq!(request.header("content-type"), None);
}

#[tokio::test]
async fn list_users_sends_method_path_query_and_headers() {
    let (server, client) = start().await;
    server.list_users().responds_ok(list_page());
    let list = client
        .list_users(&ListUsersParams {
            limit: Some(25),
            after: Some("abc".to_owned()),
            before: None,
        })
        .await
        .expect("list_users");

    let request = only_request(&server);
    assert_eq!(request.operation(), Some(Operation::ListUsers));
    assert_eq!(request.method(), "GET");
    assert_eq!(request.path(), "/users");
    assert_eq!(request.query_string(), Some("limit=25&after=abc"));
    assert_standard_headers(&request);

    assert_eq!(list.items.len(), 1);
    assert_eq!(list.items[0].id, SEED_ID);
    assert_eq!(list.items[0].state, UserState::Deleted);
    assert_eq!(list.pagination.after, Some(Some("cursor-after".to_owned())));
    assert_eq!(list.pagination.before, Some(None));
    assert_eq!(list.pagination.total_result_size, Some(Some(7)));
    assert_eq!(
        serde_json::to_value(&list).expect("serializes"),
        list_body()
    );
}

#[tokio::test]
async fn list_users_without_parameters_sends_no_query() {
    let (server, client) = start().await;
    server.list_users().responds_ok(list_page());
    client
        .list_users(&ListUsersParams::default())
        .await
        .expect("list_users");
    let request = only_request(&server);
    assert_eq!(request.path(), "/users");
    assert_eq!(
        request.query_string(),
        None,
        "no `?` when there are no parameters"
    );
}

#[tokio::test]
async fn list_users_encodes_cursors_in_the_query() {
    let (server, client) = start().await;
    let awkward = "a b&c=d/e+f%g?é";
    server
        .list_users()
        .with_before(awkward)
        .responds_ok(list_page());
    client
        .list_users(&ListUsersParams {
            limit: None,
            after: None,
            before: Some(awkward.to_owned()),
        })
        .await
        .expect("list_users");
    let request = only_request(&server);
    assert_eq!(
        request.query_pairs(),
        [("before".to_owned(), awkward.to_owned())],
        "raw query: {:?}",
        request.query_string()
    );
    let raw = request.query_string().expect("a query");
    assert!(!raw.contains(' ') && raw.matches('&').count() == 0, "{raw}");
}

#[tokio::test]
async fn get_user_sends_method_path_and_headers_and_decodes() {
    let (server, client) = start().await;
    server.get_user().with_id(SEED_ID).responds_ok(seed_user());
    let user = client.get_user(SEED_ID).await.expect("get_user");

    let request = only_request(&server);
    assert_eq!(request.method(), "GET");
    assert_eq!(request.path(), format!("/users/{SEED_ID}"));
    assert_eq!(request.query_string(), None);
    assert_standard_headers(&request);

    assert_eq!(user.id, SEED_ID);
    assert_eq!(user.email, "person@example.com");
    assert_eq!(user.roles.len(), 2);
    assert_eq!(user.roles[1].role_name, RoleName::FinanceUser);
    assert_eq!(serde_json::to_value(&user).expect("serializes"), seed());
}

#[tokio::test]
async fn delete_user_sends_method_path_and_headers_and_decodes() {
    let (server, client) = start().await;
    server
        .delete_user()
        .with_id(SEED_ID)
        .responds_ok(seed_user());
    let user = client.delete_user(SEED_ID).await.expect("delete_user");

    let request = only_request(&server);
    assert_eq!(request.method(), "DELETE");
    assert_eq!(request.path(), format!("/users/{SEED_ID}"));
    assert_eq!(request.query_string(), None);
    assert_standard_headers(&request);

    assert_eq!(user.state, UserState::Deleted);
    assert_eq!(serde_json::to_value(&user).expect("serializes"), seed());
}

#[tokio::test]
async fn api_version_header_can_be_overridden_or_left_out() {
    let (server, client) = start().await;
    assert_eq!(client.api_version(), Some("2024-07-30"));
    assert_eq!(sequence_api::API_VERSION, "2024-07-30");
    let older = client.clone().with_api_version("2024-05-09");
    assert_eq!(older.api_version(), Some("2024-05-09"));
    let unversioned = client.clone().without_api_version();
    assert_eq!(unversioned.api_version(), None);

    for call in CALLS {
        call.responds_ok(&server);
        call.call(&older).await.expect("call");
        let request = only_request(&server);
        assert_eq!(request.api_version(), Some("2024-05-09"), "{call:?}");
        assert_eq!(count(&request, "sequence-version"), 1, "{call:?}");
        assert_eq!(
            request.header("authorization"),
            Some(EXPECTED_AUTHORIZATION)
        );

        call.responds_ok(&server);
        call.call(&unversioned).await.expect("call");
        let request = only_request(&server);
        assert_eq!(request.api_version(), None, "{call:?}");
        assert_eq!(request.header("accept"), Some("application/json"));

        // The original client is unchanged by the builders above.
        call.responds_ok(&server);
        call.call(&client).await.expect("call");
        assert_standard_headers(&only_request(&server));
    }
}

#[tokio::test]
async fn every_operation_sends_its_method_and_path() {
    let (server, client) = start().await;
    for call in CALLS {
        call.responds_ok(&server);
        let value = call.call(&client).await.expect("call");
        assert_eq!(value, call.success_body(), "{call:?}");
        let request = only_request(&server);
        assert_eq!(request.operation(), Some(call.operation()), "{call:?}");
        assert_eq!(request.method(), call.method(), "{call:?}");
        assert_eq!(request.path(), call.path(), "{call:?}");
        assert_standard_headers(&request);
    }
}

#[tokio::test]
async fn base_url_with_a_path_and_trailing_slash_is_joined_once() {
    // The mock serves the API at its root; the fake also serves it under `/api`.
    let server = FakeServer::start().await.expect("start");
    let client = Client::new(
        format!("{}/api/", server.base_url()),
        Credentials::new(CLIENT_ID, CLIENT_SECRET),
    )
    .expect("client");
    assert_eq!(client.base_url(), format!("{}/api", server.base_url()));
    server.script(ScriptedResponse::json(200, &seed()));
    client.get_user("x").await.expect("get_user");
    let requests = server.take_requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].path, "/api/users/x");
}

#[tokio::test]
async fn from_http_client_sends_through_the_given_client() {
    let server = MockServer::start().await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-tenant", "acme".parse().expect("header value"));
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .user_agent("my-app/1.0")
        .build()
        .expect("reqwest client");
    let client = Client::from_http_client(
        http,
        server.url(),
        Credentials::new(CLIENT_ID, CLIENT_SECRET),
    );
    server
        .get_user()
        .with_header("x-tenant", "acme")
        .responds_ok(seed_user());
    client.get_user(SEED_ID).await.expect("get_user");
    let request = only_request(&server);
    assert_eq!(request.header("user-agent"), Some("my-app/1.0"));
    assert_eq!(
        request.header("authorization"),
        Some(EXPECTED_AUTHORIZATION)
    );
    assert_eq!(request.api_version(), Some("2024-07-30"));
}

fn validation_error() -> Value {
    json!({"error": {
        "type": "validationError",
        "message": "Request data validation failed",
        "errors": [{"code": "validationError", "message": "field_a should not be blank",
                    "key": "field_a", "errors": []}]
    }})
}

/// Asserts `result` is `Error::Status` with `status`, the mocked `x-request-id` header
/// and a body for which `check_body` holds.
fn expect_status(
    result: Result<Value, Error>,
    status: u16,
    context: &str,
    check_body: impl FnOnce(&ErrorBody),
) {
    let error = result.expect_err(context);
    assert_eq!(
        error.status().map(|s| s.as_u16()),
        Some(status),
        "{context}"
    );
    assert!(error.error_body().is_some(), "{context}");
    let Error::Status(response) = &error else {
        panic!("{context}: expected Error::Status, got {error:?}");
    };
    assert_eq!(response.status.as_u16(), status, "{context}");
    assert_eq!(
        response
            .headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok()),
        Some("req-42"),
        "{context}: response headers are kept"
    );
    check_body(&response.body);
    let text = error.to_string();
    assert!(text.contains(&status.to_string()), "{context}: {text}");
}

#[tokio::test]
async fn documented_error_statuses_with_an_api_error_body_are_typed() {
    let (server, client) = start_without_retries().await;
    let expected: ApiError = serde_json::from_value(validation_error()).expect("ApiError decodes");
    let body = validation_error().to_string();
    for call in CALLS {
        for status in [400, 401, 404, 429, 500] {
            let context = format!("{call:?} {status} with ApiError");
            call.responds_raw(&server, status, "application/json", body.as_bytes());
            expect_status(call.call(&client).await, status, &context, |body| {
                assert_eq!(body, &ErrorBody::ApiError(expected.clone()), "{context}");
            });
            assert_eq!(only_request(&server).path(), call.path(), "{context}");
        }
    }
}

#[tokio::test]
async fn typed_error_answers_decode_into_the_documented_body() {
    let (server, client) = start_without_retries().await;
    let expected: ApiError = serde_json::from_value(validation_error()).expect("ApiError decodes");
    server.get_user().responds_400(expected.clone());
    server.delete_user().responds_429(expected.clone());
    let bad = client.get_user(SEED_ID).await.expect_err("400");
    let busy = client.delete_user(SEED_ID).await.expect_err("429");
    for (error, status) in [(bad, 400), (busy, 429)] {
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(
            error.error_body(),
            Some(&ErrorBody::ApiError(expected.clone()))
        );
    }
}

#[tokio::test]
async fn error_statuses_without_an_api_error_body_keep_the_text() {
    let (server, client) = start_without_retries().await;
    let bodies = [
        ("text/plain", "upstream exploded"),
        ("text/plain", ""),
        ("text/html", "<h1>502 Bad Gateway</h1>"),
        // JSON, but not shaped like ApiError.
        ("application/json", r#"{"message":"nope"}"#),
    ];
    for call in CALLS {
        for status in [400, 401, 404, 429, 500] {
            for (content_type, body) in bodies {
                let context = format!("{call:?} {status} {content_type} {body:?}");
                call.responds_raw(&server, status, content_type, body.as_bytes());
                expect_status(call.call(&client).await, status, &context, |got| {
                    assert_eq!(got, &ErrorBody::Text(body.to_owned()), "{context}");
                });
                only_request(&server);
            }
        }
    }
}

#[tokio::test]
async fn undocumented_statuses_keep_the_text_even_for_json() {
    // Only statuses the spec documents are decoded as `ApiError`.
    let (server, client) = start_without_retries().await;
    let body = validation_error().to_string();
    for status in [403, 409, 503] {
        Call::Get.responds_raw(&server, status, "application/json", body.as_bytes());
        expect_status(
            Call::Get.call(&client).await,
            status,
            &format!("{status}"),
            |got| assert_eq!(got, &ErrorBody::Text(body.clone())),
        );
        only_request(&server);
    }
}

#[tokio::test]
async fn malformed_json_in_a_200_is_a_decode_error_with_the_raw_bytes() {
    let (server, client) = start().await;
    let payloads: [&[u8]; 4] = [
        b"{\"id\": \"7b1f",
        b"not json at all",
        b"",
        // Valid JSON of the wrong shape.
        b"{\"id\": 5}",
    ];
    for call in CALLS {
        for payload in payloads {
            let context = format!("{call:?} {:?}", String::from_utf8_lossy(payload));
            call.responds_raw(&server, 200, "application/json", payload);
            let error = call.call(&client).await.expect_err(&context);
            only_request(&server);
            assert_eq!(error.status().map(|s| s.as_u16()), Some(200), "{context}");
            assert!(error.error_body().is_none(), "{context}");
            let Error::Decode(decode) = &error else {
                panic!("{context}: expected Error::Decode, got {error:?}");
            };
            assert_eq!(decode.body, payload, "{context}");
            assert_eq!(decode.status.as_u16(), 200);
            assert_eq!(
                decode.headers.get("x-request-id").map(|v| v.as_bytes()),
                Some(&b"req-42"[..])
            );
            assert!(error.source().is_some(), "{context}: serde error as source");
            assert!(error.to_string().contains("does not decode"), "{error}");
        }
    }
}

#[tokio::test]
async fn ids_are_percent_encoded_into_one_path_segment() {
    let (server, client) = start().await;
    let cases = [
        ("a/b?c d", "/users/a%2Fb%3Fc%20d"),
        ("../x", "/users/..%2Fx"),
        ("..x", "/users/..x"),
        ("x#frag", "/users/x%23frag"),
        ("100%", "/users/100%25"),
        ("é", "/users/%C3%A9"),
        ("a+b&c=d;e", "/users/a%2Bb%26c%3Dd%3Be"),
        ("A-z_0.9~", "/users/A-z_0.9~"),
        ("...", "/users/..."),
    ];
    for call in [Call::Get, Call::Delete] {
        for (id, expected_path) in cases {
            call.responds_ok(&server);
            let result = match call {
                Call::Get => client.get_user(id).await,
                _ => client.delete_user(id).await,
            };
            result.unwrap_or_else(|error| panic!("{call:?} {id:?}: {error}"));
            let request = only_request(&server);
            assert_eq!(request.path(), expected_path, "{call:?} {id:?}");
            assert_eq!(request.path_param("id").as_deref(), Some(id), "{call:?}");
            assert_eq!(request.query_string(), None, "{call:?} {id:?}: no query");
            assert_eq!(request.method(), call.method());
        }
    }
}

#[tokio::test]
async fn empty_and_dot_ids_are_refused_before_sending() {
    let (server, client) = start().await;
    for id in ["", ".", ".."] {
        for (name, result) in [
            ("get_user", client.get_user(id).await),
            ("delete_user", client.delete_user(id).await),
        ] {
            let error = result.expect_err(name);
            let Error::InvalidArgument { parameter, reason } = &error else {
                panic!("{name}({id:?}): expected InvalidArgument, got {error:?}");
            };
            assert_eq!(*parameter, "id");
            assert!(!reason.is_empty());
            assert_eq!(error.status(), None);
            assert!(error.to_string().contains("id"), "{error}");
        }
    }
    assert!(server.received_all().is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn limit_outside_one_to_a_hundred_is_refused_before_sending() {
    let (server, client) = start().await;
    for limit in [0, 101, -1, i32::MIN, i32::MAX] {
        let error = client
            .list_users(&ListUsersParams {
                limit: Some(limit),
                ..ListUsersParams::default()
            })
            .await
            .expect_err("out of range");
        let Error::InvalidArgument { parameter, reason } = &error else {
            panic!("limit {limit}: expected InvalidArgument, got {error:?}");
        };
        assert_eq!(*parameter, "limit");
        assert!(reason.contains(&limit.to_string()), "{reason}");
        assert!(error.to_string().contains("limit"), "{error}");
    }
    assert!(server.received_all().is_empty(), "nothing may be sent");

    for limit in [1, 100] {
        server
            .list_users()
            .with_limit(limit)
            .responds_ok(list_page());
        client
            .list_users(&ListUsersParams {
                limit: Some(limit),
                ..ListUsersParams::default()
            })
            .await
            .expect("boundary is allowed");
        assert_eq!(
            only_request(&server).query_string(),
            Some(format!("limit={limit}").as_str())
        );
    }
}

#[tokio::test]
async fn unknown_enum_values_in_a_response_round_trip() {
    let (server, client) = start().await;
    let mut user = seed();
    user["state"] = json!("suspended");
    user["roles"][0]["roleName"] = json!("billingAdmin");
    user["roles"][0]["permissions"][0]["resource"] = json!("org.newThing");
    user["roles"][0]["permissions"][0]["actions"] = json!(["approve", "read"]);
    server.get_user().responds_status(200, &user);
    let decoded = client.get_user(SEED_ID).await.expect("get_user");
    assert_eq!(decoded.state, UserState::Unknown("suspended".to_owned()));
    assert_eq!(
        decoded.roles[0].role_name,
        RoleName::Unknown("billingAdmin".to_owned())
    );
    assert_eq!(
        decoded.roles[0].permissions[0].resource,
        PermissionResource::Unknown("org.newThing".to_owned())
    );
    assert_eq!(
        decoded.roles[0].permissions[0].actions,
        [
            PermissionAction::Unknown("approve".to_owned()),
            PermissionAction::Read
        ]
    );
    assert_eq!(serde_json::to_value(&decoded).expect("serializes"), user);

    // The typed mock writes the unknown values back as they came.
    let list = json!({"items": [user.clone()], "pagination": {}});
    let page: UserList = serde_json::from_value(list.clone()).expect("a UserList");
    server.list_users().responds_ok(page);
    let decoded = client
        .list_users(&ListUsersParams::default())
        .await
        .expect("list_users");
    assert_eq!(serde_json::to_value(&decoded).expect("serializes"), list);
}

const SECRET: &str = "hunter2-VERY-SECRET";

fn assert_no_secret(text: &str) {
    // The secret itself, and its Basic encoding with any client id.
    assert!(!text.contains(SECRET), "secret leaked: {text}");
    assert!(
        !text.contains("aHVudGVyMi1WRVJZLVNFQ1JFVA"),
        "leaked: {text}"
    );
    assert!(
        !text.contains("a2V5Omh1bnRlcjI"),
        "encoded secret leaked: {text}"
    );
}

#[tokio::test]
async fn a_password_in_the_base_url_is_never_shown() {
    let server = MockServer::start().await;
    let with_password = server
        .url()
        .replacen("://", &format!("://key:{SECRET}@"), 1);
    let client = Client::new(&with_password, Credentials::new("key", "other")).expect("client");
    let debug = format!("{client:?} {client:#?}");
    assert_no_secret(&debug);
    assert!(debug.contains("***@127.0.0.1"), "{debug}");
    // A base URL that does not parse is refused without showing its password either.
    let broken = format!("https://key:{SECRET}@host:99999999/");
    let error = Client::new(&broken, Credentials::new("key", "other")).expect_err("no URL");
    let shown = format!("{error} {error:?}");
    assert_no_secret(&shown);
    assert!(shown.contains("is not a URL"), "{shown}");
}

#[tokio::test]
async fn debug_output_never_contains_the_secret() {
    let credentials = Credentials::new("key", SECRET);
    assert_eq!(credentials.client_id(), "key");
    let debug = format!("{credentials:?} {credentials:#?}");
    assert_no_secret(&debug);
    assert!(debug.contains("key"), "the client id is shown: {debug}");

    let server = MockServer::start().await;
    let client = Client::new(server.url(), credentials).expect("client");
    let debug = format!("{client:?} {client:#?}");
    assert_no_secret(&debug);
    assert!(debug.contains(server.url()), "{debug}");

    // The server refuses these credentials: a 401 error, built from a real response.
    let refused: ApiError =
        serde_json::from_value(json!({"error": {"type": "unauthorized", "message": "no"}}))
            .expect("ApiError");
    server.get_user().responds_401(refused);
    let error = client.get_user(SEED_ID).await.expect_err("401");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert!(matches!(
        error.error_body(),
        Some(ErrorBody::ApiError(ApiError {
            error: ApiErrorDetail { .. }
        }))
    ));
    assert_no_secret(&format!("{error:?} {error}"));
    // The server did receive the secret, so the checks above are not vacuous.
    let sent = server.received(Operation::GetUser)[0]
        .header("authorization")
        .map(str::to_owned);
    assert_eq!(
        sent.as_deref(),
        Some("Basic a2V5Omh1bnRlcjItVkVSWS1TRUNSRVQ=")
    );

    // A transport error: nothing listens on a port we just released.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr")
    };
    let client = Client::new(format!("http://{closed}"), Credentials::new("key", SECRET))
        .expect("client")
        .with_retry_policy(RetryPolicy::none());
    let error = client
        .get_user(SEED_ID)
        .await
        .expect_err("connection refused");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(error.status(), None);
    assert!(error.source().is_some());
    assert!(
        error.to_string().contains("request could not be completed"),
        "{error}"
    );
    assert_no_secret(&format!("{error:?} {error}"));
}

#[tokio::test]
async fn error_is_a_std_error_with_useful_display_text() {
    fn takes_std_error<E: std::error::Error + Send + Sync + 'static>(_: &E) {}

    let (server, client) = start().await;
    let not_found: ApiError =
        serde_json::from_value(json!({"error": {"type": "notFound", "message": "No such user"}}))
            .expect("ApiError");
    server.get_user().with_id("nobody").responds_404(not_found);
    let error = client.get_user("nobody").await.expect_err("404");
    takes_std_error(&error);
    assert_eq!(error.to_string(), "server answered 404 Not Found");
    assert!(error.source().is_none());
    // Usable with `?` in functions returning `Box<dyn Error>`.
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(error);
    assert!(boxed.to_string().contains("404"));

    let error = client.get_user("").await.expect_err("refused");
    assert!(
        error.to_string().starts_with("invalid argument `id`"),
        "{error}"
    );

    server.get_user().with_id(SEED_ID).responds_raw(
        200,
        &[("content-type", "application/json")],
        "{",
    );
    let error = client.get_user(SEED_ID).await.expect_err("decode");
    let text = error.to_string();
    assert!(
        text.contains("1 bytes") && text.contains("200") && text.contains("does not decode"),
        "{text}"
    );
}

#[tokio::test]
async fn the_unscripted_fake_behaves_like_the_api() {
    // The fake's own routing is what the downstream test relies on; check it with the
    // client so that a broken fake cannot make that test pass.
    let server = FakeServer::start().await.expect("start the fake server");
    let client = Client::new(
        server.base_url(),
        Credentials::new(CLIENT_ID, CLIENT_SECRET),
    )
    .expect("build the client");
    let first = client
        .list_users(&ListUsersParams {
            limit: Some(2),
            ..ListUsersParams::default()
        })
        .await
        .expect("first page");
    assert_eq!(first.items.len(), 2);
    assert_eq!(first.pagination.total_result_size, Some(Some(3)));
    let Some(Some(after)) = first.pagination.after.clone() else {
        panic!("a next cursor: {:?}", first.pagination);
    };
    let second = client
        .list_users(&ListUsersParams {
            limit: Some(2),
            after: Some(after),
            before: None,
        })
        .await
        .expect("second page");
    assert_eq!(second.items.len(), 1);
    assert_eq!(second.items[0].id, SEED_ID);
    assert_eq!(second.pagination.after, Some(None));

    assert_eq!(
        client.get_user(SEED_ID).await.expect("get").state,
        UserState::Active
    );
    let deleted = client.delete_user(SEED_ID).await.expect("delete");
    assert_eq!(deleted.state, UserState::Deleted);
    let error = client.get_user(SEED_ID).await.expect_err("gone");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert!(matches!(error.error_body(), Some(ErrorBody::ApiError(_))));
    assert_eq!(server.users().len(), 2);

    let users: Vec<User> = client
        .list_users_stream(&ListUsersParams {
            limit: Some(1),
            ..ListUsersParams::default()
        })
        .try_collect()
        .await
        .expect("every page");
    let emails: Vec<&str> = users.iter().map(|u| u.email.as_str()).collect();
    assert_eq!(emails, ["ada@example.com", "grace@example.com"]);
}

fn rate_limited() -> ApiError {
    serde_json::from_value(json!({"error": {"type": "rateLimited", "message": "slow down"}}))
        .expect("ApiError")
}

#[tokio::test]
async fn a_429_is_retried_with_the_same_request_and_then_succeeds() {
    let (server, client) = start().await;
    server
        .delete_user()
        .responds_429(rate_limited())
        .with_retry_after(0)
        .once();
    server.delete_user().responds_ok(seed_user());
    let user = client
        .delete_user(SEED_ID)
        .await
        .expect("succeeds on retry");
    assert_eq!(user.state, UserState::Deleted);
    let requests = server.received(Operation::DeleteUser);
    assert_eq!(requests.len(), 2, "one retry");
    for request in &requests {
        assert_eq!(request.path(), format!("/users/{SEED_ID}"));
        assert_standard_headers(request);
    }
}

#[tokio::test]
async fn a_429_that_persists_ends_as_the_status_error() {
    let (server, client) = start().await;
    let attempts = client.retry_policy().max_attempts();
    assert!(attempts > 1, "retries are on by default");
    server
        .get_user()
        .responds_429(rate_limited())
        .with_retry_after(0)
        .with_response_header("x-request-id", "req-42")
        .times(attempts as usize);
    // A success after the last allowed attempt must not be reached.
    let success = server.get_user().responds_ok(seed_user());
    expect_status(
        Call::Get.call(&client).await,
        429,
        "persistent 429",
        |body| {
            assert!(matches!(body, ErrorBody::ApiError(_)), "{body:?}");
        },
    );
    assert_eq!(server.received(Operation::GetUser).len(), attempts as usize);
    assert_eq!(success.answered(), 0);
}

#[tokio::test]
async fn a_500_is_not_retried() {
    let (server, client) = start().await;
    server
        .get_user()
        .responds_500(rate_limited())
        .with_response_header("x-request-id", "req-42")
        .once();
    server.get_user().responds_ok(seed_user());
    expect_status(Call::Get.call(&client).await, 500, "500", |_| {});
    assert_eq!(server.received_all().len(), 1);
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_refused_unless_allowed_and_never_carries_credentials() {
    let (server, client) = start_without_retries().await;
    let other = MockServer::start().await;
    let location = format!("{}/users/elsewhere", other.url());
    let moved = || {
        server
            .get_user()
            .responds_raw(302, &[("location", location.as_str())], "moved")
            .once();
    };
    // By default another origin is not followed: the 302 is the answer.
    moved();
    let refused = client.get_user(SEED_ID).await.expect_err("not followed");
    assert!(
        matches!(&refused, Error::Redirect { status, .. } if status.as_u16() == 302),
        "{refused:?}"
    );
    assert!(
        other.received_all().is_empty(),
        "nothing reaches the other origin"
    );
    // Allowed, it is followed without the credentials.
    moved();
    other
        .get_user()
        .with_id("elsewhere")
        .responds_ok(seed_user());
    let client = client.with_redirect_policy(RedirectPolicy::new().with_cross_origin(true));
    client.get_user(SEED_ID).await.expect("redirect followed");
    assert_eq!(
        server.received_all()[1].header("authorization"),
        Some(EXPECTED_AUTHORIZATION)
    );
    let redirected = only_request(&other);
    assert_eq!(redirected.path(), "/users/elsewhere");
    assert_eq!(
        redirected.header("authorization"),
        None,
        "Basic credentials must not follow a redirect to another origin"
    );
}

#[tokio::test]
async fn an_api_version_with_a_line_break_is_not_sent() {
    // A header value cannot smuggle a second header onto the wire.
    let (server, client) = start_without_retries().await;
    let client = client.with_api_version("2024-07-30\r\nX-Injected: yes");
    for call in CALLS {
        let error = call.call(&client).await.expect_err("refused");
        assert_eq!(error.status(), None, "{call:?}: {error:?}");
        assert!(
            matches!(&error, Error::InvalidArgument { reason, .. } if reason.contains("cannot be built")),
            "{call:?}: a request that cannot be built is the caller's argument, got {error:?}"
        );
    }
    assert!(server.received_all().is_empty(), "nothing may be sent");
}
