//! The generated client against a real HTTP server on loopback (the axum fake in
//! `src/fake_server.rs`): what goes out on the wire for each operation, how each kind of
//! answer comes back, and what is refused before anything is sent.

use std::error::Error as _;

use sequence_api::models::{
    ApiError, ApiErrorDetail, ListUsersParams, PermissionAction, PermissionResource, RoleName,
    UserState,
};
use sequence_api::{
    Client, Credentials, Error, ErrorBody, RedirectPolicy, RetryPolicy, TryStreamExt,
};
use sequence_api_tests::fake_server::{
    CLIENT_ID, CLIENT_SECRET, EXPECTED_AUTHORIZATION, FakeServer, RecordedRequest, SEED_USER_JSON,
    ScriptedResponse,
};
use serde_json::{Value, json};

const SEED_ID: &str = "7b1f28b9-a4ad-450b-a0ea-fd647d5109b2";

async fn start() -> (FakeServer, Client) {
    let server = FakeServer::start().await.expect("start the fake server");
    let client = Client::new(
        server.base_url(),
        Credentials::new(CLIENT_ID, CLIENT_SECRET),
    )
    .expect("build the client");
    (server, client)
}

/// A client that sends each request once, so a scripted error is the answer the call
/// returns rather than the first of several attempts.
async fn start_without_retries() -> (FakeServer, Client) {
    let (server, client) = start().await;
    (server, client.with_retry_policy(RetryPolicy::none()))
}

fn seed() -> Value {
    serde_json::from_str(SEED_USER_JSON).expect("seed JSON")
}

fn list_body() -> Value {
    json!({
        "items": [seed()],
        "pagination": {"after": "cursor-after", "before": null, "totalResultSize": 7}
    })
}

/// The three operations, so every wire-level check runs against each of them.
#[derive(Clone, Copy, Debug)]
enum Operation {
    List,
    Get,
    Delete,
}

const OPERATIONS: [Operation; 3] = [Operation::List, Operation::Get, Operation::Delete];

impl Operation {
    async fn call(self, client: &Client) -> Result<Value, Error> {
        let value = match self {
            Operation::List => {
                serde_json::to_value(client.list_users(&ListUsersParams::default()).await?)
            }
            Operation::Get => serde_json::to_value(client.get_user(SEED_ID).await?),
            Operation::Delete => serde_json::to_value(client.delete_user(SEED_ID).await?),
        };
        Ok(value.expect("models serialize"))
    }

    fn method(self) -> &'static str {
        match self {
            Operation::List => "GET",
            Operation::Get => "GET",
            Operation::Delete => "DELETE",
        }
    }

    fn path(self) -> String {
        match self {
            Operation::List => "/users".to_owned(),
            Operation::Get | Operation::Delete => format!("/users/{SEED_ID}"),
        }
    }

    fn success_body(self) -> Value {
        match self {
            Operation::List => list_body(),
            Operation::Get | Operation::Delete => seed(),
        }
    }
}

fn only_request(server: &FakeServer) -> RecordedRequest {
    let mut requests = server.take_requests();
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request: {requests:#?}"
    );
    requests.remove(0)
}

/// The headers every call sends with the default client settings.
fn assert_standard_headers(request: &RecordedRequest) {
    assert_eq!(
        request.header("authorization"),
        Some(EXPECTED_AUTHORIZATION)
    );
    assert_eq!(request.header_count("authorization"), 1);
    assert_eq!(request.header("sequence-version"), Some("2024-07-30"));
    assert_eq!(request.header_count("sequence-version"), 1);
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(request.header_count("accept"), 1);
    let user_agent = request.header("user-agent").expect("a User-Agent");
    assert!(user_agent.starts_with("sequence-api/"), "{user_agent}");
    assert_eq!(user_agent, sequence_api::USER_AGENT);
    // No operation has a request body.
    assert!(
        request.body.is_empty(),
        "unexpected body {:?}",
        request.body
    );
    assert_eq!(request.header("content-type"), None);
}

#[tokio::test]
async fn list_users_sends_method_path_query_and_headers() {
    let (server, client) = start().await;
    server.script(ScriptedResponse::json(200, &list_body()));
    let list = client
        .list_users(&ListUsersParams {
            limit: Some(25),
            after: Some("abc".to_owned()),
            before: None,
        })
        .await
        .expect("list_users");

    let request = only_request(&server);
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, "/users");
    assert_eq!(request.query.as_deref(), Some("limit=25&after=abc"));
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
    server.script(ScriptedResponse::json(200, &list_body()));
    client
        .list_users(&ListUsersParams::default())
        .await
        .expect("list_users");
    let request = only_request(&server);
    assert_eq!(request.path, "/users");
    assert_eq!(request.query, None, "no `?` when there are no parameters");
}

#[tokio::test]
async fn list_users_encodes_cursors_in_the_query() {
    let (server, client) = start().await;
    let awkward = "a b&c=d/e+f%g?é";
    server.script(ScriptedResponse::json(200, &list_body()));
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
        request.query
    );
    let raw = request.query.expect("a query");
    assert!(!raw.contains(' ') && raw.matches('&').count() == 0, "{raw}");
}

#[tokio::test]
async fn get_user_sends_method_path_and_headers_and_decodes() {
    let (server, client) = start().await;
    server.script(ScriptedResponse::json(200, &seed()));
    let user = client.get_user(SEED_ID).await.expect("get_user");

    let request = only_request(&server);
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, format!("/users/{SEED_ID}"));
    assert_eq!(request.query, None);
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
    server.script(ScriptedResponse::json(200, &seed()));
    let user = client.delete_user(SEED_ID).await.expect("delete_user");

    let request = only_request(&server);
    assert_eq!(request.method, "DELETE");
    assert_eq!(request.path, format!("/users/{SEED_ID}"));
    assert_eq!(request.query, None);
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

    for operation in OPERATIONS {
        server.script(ScriptedResponse::json(200, &operation.success_body()));
        operation.call(&older).await.expect("call");
        let request = only_request(&server);
        assert_eq!(
            request.header("sequence-version"),
            Some("2024-05-09"),
            "{operation:?}"
        );
        assert_eq!(request.header_count("sequence-version"), 1, "{operation:?}");
        assert_eq!(
            request.header("authorization"),
            Some(EXPECTED_AUTHORIZATION)
        );

        server.script(ScriptedResponse::json(200, &operation.success_body()));
        operation.call(&unversioned).await.expect("call");
        let request = only_request(&server);
        assert_eq!(request.header("sequence-version"), None, "{operation:?}");
        assert_eq!(request.header("accept"), Some("application/json"));

        // The original client is unchanged by the builders above.
        server.script(ScriptedResponse::json(200, &operation.success_body()));
        operation.call(&client).await.expect("call");
        assert_standard_headers(&only_request(&server));
    }
}

#[tokio::test]
async fn every_operation_sends_its_method_and_path() {
    let (server, client) = start().await;
    for operation in OPERATIONS {
        server.script(ScriptedResponse::json(200, &operation.success_body()));
        let value = operation.call(&client).await.expect("call");
        assert_eq!(value, operation.success_body(), "{operation:?}");
        let request = only_request(&server);
        assert_eq!(request.method, operation.method(), "{operation:?}");
        assert_eq!(request.path, operation.path(), "{operation:?}");
        assert_standard_headers(&request);
    }
}

#[tokio::test]
async fn base_url_with_a_path_and_trailing_slash_is_joined_once() {
    let server = FakeServer::start().await.expect("start");
    let client = Client::new(
        format!("{}/api/", server.base_url()),
        Credentials::new(CLIENT_ID, CLIENT_SECRET),
    )
    .expect("client");
    assert_eq!(client.base_url(), format!("{}/api", server.base_url()));
    server.script(ScriptedResponse::json(200, &seed()));
    client.get_user("x").await.expect("get_user");
    assert_eq!(only_request(&server).path, "/api/users/x");
}

#[tokio::test]
async fn from_http_client_sends_through_the_given_client() {
    let server = FakeServer::start().await.expect("start");
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-tenant", "acme".parse().expect("header value"));
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .user_agent("my-app/1.0")
        .build()
        .expect("reqwest client");
    let client = Client::from_http_client(
        http,
        server.base_url(),
        Credentials::new(CLIENT_ID, CLIENT_SECRET),
    );
    server.script(ScriptedResponse::json(200, &seed()));
    client.get_user(SEED_ID).await.expect("get_user");
    let request = only_request(&server);
    assert_eq!(request.header("x-tenant"), Some("acme"));
    assert_eq!(request.header("user-agent"), Some("my-app/1.0"));
    assert_eq!(
        request.header("authorization"),
        Some(EXPECTED_AUTHORIZATION)
    );
    assert_eq!(request.header("sequence-version"), Some("2024-07-30"));
}

fn validation_error() -> Value {
    json!({"error": {
        "type": "validationError",
        "message": "Request data validation failed",
        "errors": [{"code": "validationError", "message": "field_a should not be blank",
                    "key": "field_a", "errors": []}]
    }})
}

/// Asserts `result` is `Error::Status` with `status`, the scripted `x-request-id` header
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
    for operation in OPERATIONS {
        for status in [400, 401, 404, 429, 500] {
            let context = format!("{operation:?} {status} with ApiError");
            server.script(
                ScriptedResponse::json(status, &validation_error())
                    .with_header("x-request-id", "req-42"),
            );
            expect_status(operation.call(&client).await, status, &context, |body| {
                assert_eq!(body, &ErrorBody::ApiError(expected.clone()), "{context}");
            });
            let request = only_request(&server);
            assert_eq!(request.path, operation.path(), "{context}");
        }
    }
}

#[tokio::test]
async fn error_statuses_without_an_api_error_body_keep_the_text() {
    let (server, client) = start_without_retries().await;
    let bodies = [
        ("text/plain", "upstream exploded".to_owned()),
        ("text/plain", String::new()),
        ("text/html", "<h1>502 Bad Gateway</h1>".to_owned()),
        // JSON, but not shaped like ApiError.
        ("application/json", r#"{"message":"nope"}"#.to_owned()),
    ];
    for operation in OPERATIONS {
        for status in [400, 401, 404, 429, 500] {
            for (content_type, body) in &bodies {
                let context = format!("{operation:?} {status} {content_type} {body:?}");
                server.script(
                    ScriptedResponse::raw(status, content_type, body.clone())
                        .with_header("x-request-id", "req-42"),
                );
                expect_status(operation.call(&client).await, status, &context, |got| {
                    assert_eq!(got, &ErrorBody::Text(body.clone()), "{context}");
                });
            }
        }
    }
    assert_eq!(server.requests().len(), 3 * 5 * bodies.len());
}

#[tokio::test]
async fn undocumented_statuses_keep_the_text_even_for_json() {
    // Only statuses the spec documents are decoded as `ApiError`.
    let (server, client) = start_without_retries().await;
    for status in [403, 409, 503] {
        server.script(
            ScriptedResponse::json(status, &validation_error())
                .with_header("x-request-id", "req-42"),
        );
        expect_status(
            Operation::Get.call(&client).await,
            status,
            &format!("{status}"),
            |body| {
                assert_eq!(body, &ErrorBody::Text(validation_error().to_string()));
            },
        );
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
    for operation in OPERATIONS {
        for payload in payloads {
            let context = format!("{operation:?} {:?}", String::from_utf8_lossy(payload));
            server.script(
                ScriptedResponse::raw(200, "application/json", payload)
                    .with_header("x-request-id", "req-42"),
            );
            let error = operation.call(&client).await.expect_err(&context);
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
    for operation in [Operation::Get, Operation::Delete] {
        for (id, expected_path) in cases {
            server.script(ScriptedResponse::json(200, &seed()));
            let result = match operation {
                Operation::Get => client.get_user(id).await,
                _ => client.delete_user(id).await,
            };
            result.unwrap_or_else(|error| panic!("{operation:?} {id:?}: {error}"));
            let request = only_request(&server);
            assert_eq!(request.path, expected_path, "{operation:?} {id:?}");
            assert_eq!(request.query, None, "{operation:?} {id:?}: no query");
            assert_eq!(request.method, operation.method());
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
    assert!(server.requests().is_empty(), "nothing may be sent");
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
    assert!(server.requests().is_empty(), "nothing may be sent");

    for limit in [1, 100] {
        server.script(ScriptedResponse::json(200, &list_body()));
        client
            .list_users(&ListUsersParams {
                limit: Some(limit),
                ..ListUsersParams::default()
            })
            .await
            .expect("boundary is allowed");
        assert_eq!(only_request(&server).query, Some(format!("limit={limit}")));
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
    server.script(ScriptedResponse::json(200, &user));
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

    let list = json!({"items": [user.clone()], "pagination": {}});
    server.script(ScriptedResponse::json(200, &list));
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
async fn debug_output_never_contains_the_secret() {
    let credentials = Credentials::new("key", SECRET);
    assert_eq!(credentials.client_id(), "key");
    let debug = format!("{credentials:?} {credentials:#?}");
    assert_no_secret(&debug);
    assert!(debug.contains("key"), "the client id is shown: {debug}");

    let server = FakeServer::start().await.expect("start");
    let client = Client::new(server.base_url(), credentials).expect("client");
    let debug = format!("{client:?} {client:#?}");
    assert_no_secret(&debug);
    assert!(debug.contains(server.base_url()), "{debug}");

    // The fake refuses these credentials: a 401 error, built from a real response.
    let error = client.get_user(SEED_ID).await.expect_err("401");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert!(matches!(
        error.error_body(),
        Some(ErrorBody::ApiError(ApiError {
            error: ApiErrorDetail { .. }
        }))
    ));
    assert_no_secret(&format!("{error:?} {error}"));

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
    server.script(ScriptedResponse::json(
        404,
        &json!({"error": {"type": "notFound", "message": "No such user"}}),
    ));
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

    server.script(ScriptedResponse::raw(200, "application/json", "{"));
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
    let (server, client) = start().await;
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
}

#[tokio::test]
async fn a_429_is_retried_with_the_same_request_and_then_succeeds() {
    let (server, client) = start().await;
    server.script(
        ScriptedResponse::json(
            429,
            &json!({"error": {"type": "rateLimited", "message": "slow down"}}),
        )
        .with_header("retry-after", "0"),
    );
    server.script(ScriptedResponse::json(200, &seed()));
    let user = client
        .delete_user(SEED_ID)
        .await
        .expect("succeeds on retry");
    assert_eq!(user.state, UserState::Deleted);
    let requests = server.take_requests();
    assert_eq!(requests.len(), 2, "one retry");
    for request in &requests {
        assert_eq!(request.method, "DELETE");
        assert_eq!(request.path, format!("/users/{SEED_ID}"));
        assert_standard_headers(request);
    }
}

#[tokio::test]
async fn a_429_that_persists_ends_as_the_status_error() {
    let (server, client) = start().await;
    let attempts = client.retry_policy().max_attempts();
    assert!(attempts > 1, "retries are on by default");
    for _ in 0..attempts {
        server.script(
            ScriptedResponse::json(429, &validation_error())
                .with_header("retry-after", "0")
                .with_header("x-request-id", "req-42"),
        );
    }
    // A 200 queued after the last allowed attempt must not be reached.
    server.script(ScriptedResponse::json(200, &seed()));
    expect_status(
        Operation::Get.call(&client).await,
        429,
        "persistent 429",
        |body| {
            assert!(matches!(body, ErrorBody::ApiError(_)), "{body:?}");
        },
    );
    assert_eq!(server.requests().len(), attempts as usize);
}

#[tokio::test]
async fn a_500_is_not_retried() {
    let (server, client) = start().await;
    server.script(
        ScriptedResponse::json(500, &validation_error()).with_header("x-request-id", "req-42"),
    );
    server.script(ScriptedResponse::json(200, &seed()));
    expect_status(Operation::Get.call(&client).await, 500, "500", |_| {});
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn list_users_stream_walks_the_fakes_cursor_pages() {
    let (server, client) = start().await;
    let stream = client.list_users_stream(&ListUsersParams {
        limit: Some(1),
        ..ListUsersParams::default()
    });
    let users: Vec<_> = stream.try_collect().await.expect("every page");
    let ids: Vec<_> = users.iter().map(|u| u.email.as_str()).collect();
    assert_eq!(
        ids,
        ["ada@example.com", "grace@example.com", "person@example.com"]
    );
    let queries: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.query.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        queries,
        [
            "limit=1",
            "limit=1&after=cursor-1",
            "limit=1&after=cursor-2"
        ]
    );
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_refused_unless_allowed_and_never_carries_credentials() {
    let (server, client) = start_without_retries().await;
    let other = FakeServer::start().await.expect("second server");
    let moved = || {
        ScriptedResponse::text(302, "moved")
            .with_header("location", &format!("{}/users/elsewhere", other.base_url()))
    };
    // By default another origin is not followed: the 302 is the answer.
    server.script(moved());
    let refused = client.get_user(SEED_ID).await.expect_err("not followed");
    assert!(
        matches!(&refused, Error::Redirect { status, .. } if status.as_u16() == 302),
        "{refused:?}"
    );
    assert!(
        other.requests().is_empty(),
        "nothing reaches the other origin"
    );
    // Allowed, it is followed without the credentials.
    server.script(moved());
    other.script(ScriptedResponse::json(200, &seed()));
    let client = client.with_redirect_policy(RedirectPolicy::new().with_cross_origin(true));
    client.get_user(SEED_ID).await.expect("redirect followed");
    assert_eq!(
        server.requests()[1].header("authorization"),
        Some(EXPECTED_AUTHORIZATION)
    );
    let redirected = only_request(&other);
    assert_eq!(redirected.path, "/users/elsewhere");
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
    for operation in OPERATIONS {
        let error = operation.call(&client).await.expect_err("refused");
        assert_eq!(error.status(), None, "{operation:?}: {error:?}");
        assert!(
            matches!(&error, Error::InvalidArgument { reason, .. } if reason.contains("cannot be built")),
            "{operation:?}: a request that cannot be built is the caller's argument, got {error:?}"
        );
    }
    assert!(server.requests().is_empty(), "nothing may be sent");
}
