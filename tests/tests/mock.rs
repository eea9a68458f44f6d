//! The generated `mock` module of the Users SDK (cargo feature `mock`) against the real
//! client: typed matchers agree with what the client writes, typed answers decode into
//! what the client returns, and a request no mock matches says why.

use sequence_api::mock::{MockServer, Operation};
use sequence_api::models::{ApiError, ApiErrorDetail, ListUsersParams, User, UserList, UserState};
use sequence_api::{Client, Credentials, Error, ErrorBody, RetryPolicy, TryStreamExt};
use sequence_api_tests::fake_server::{EXPECTED_AUTHORIZATION, SEED_USER_JSON};

fn user(id: &str) -> User {
    let mut user: User = serde_json::from_str(SEED_USER_JSON).expect("the seed user");
    user.id = id.to_owned();
    user.state = UserState::Active;
    user
}

fn api_error(kind: &str) -> ApiError {
    ApiError {
        error: ApiErrorDetail {
            r#type: kind.to_owned(),
            message: format!("{kind} happened"),
            errors: None,
        },
    }
}

fn page(ids: &[&str], after: Option<&str>) -> UserList {
    serde_json::from_value(serde_json::json!({
        "items": ids.iter().map(|id| user(id)).collect::<Vec<_>>(),
        "pagination": {"after": after, "before": null},
    }))
    .expect("a page")
}

fn client(server: &MockServer) -> Client {
    Client::new(server.url(), Credentials::new("key", "secret")).expect("a client")
}

#[tokio::test]
async fn the_readme_example_of_the_mock_runs() {
    let server = MockServer::start().await;
    server.get_user().with_id("u1").responds_ok(user("u1"));
    server
        .delete_user()
        .with_id("u2")
        .responds_status(404, api_error("notFound"));
    server
        .list_users()
        .responds_pages(vec![page(&["a", "b"], Some("c2")), page(&["c"], None)]);
    let client = client(&server);

    assert_eq!(client.get_user("u1").await.expect("u1").id, "u1");
    let gone = client.delete_user("u2").await.expect_err("u2 is gone");
    assert!(
        matches!(&gone, Error::Status(r) if r.status == 404 && r.body == ErrorBody::ApiError(api_error("notFound")))
    );
    let users: Vec<User> = client
        .list_users_stream(&ListUsersParams::default())
        .try_collect()
        .await
        .expect("every page");
    let ids: Vec<&str> = users.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"]);

    let deletes = server.received(Operation::DeleteUser);
    assert_eq!(deletes.len(), 1);
    assert_eq!(deletes[0].path_param("id").as_deref(), Some("u2"));
    assert_eq!(
        deletes[0].header("authorization"),
        Some(EXPECTED_AUTHORIZATION)
    );
    assert_eq!(deletes[0].api_version(), Some("2024-07-30"));
    let lists = server.received(Operation::ListUsers);
    let cursors: Vec<Option<String>> = lists.iter().map(|r| r.query("after")).collect();
    assert_eq!(cursors, [None, Some("c2".to_owned())]);
}

#[tokio::test]
async fn an_unmatched_call_fails_with_the_reason_in_its_body() {
    let server = MockServer::start().await;
    server.get_user().with_id("u1").responds_ok(user("u1"));
    let error = client(&server)
        .get_user("u3")
        .await
        .expect_err("no mock for u3");
    let Some(ErrorBody::Text(text)) = error.error_body() else {
        panic!("the reason is in the body: {error:?}");
    };
    assert!(
        text.contains("get_user matched the method and path, but `id` was `u3`, expected `u1`"),
        "{text}"
    );
    assert_eq!(server.unmatched().len(), 1);
}

#[tokio::test]
async fn typed_matchers_agree_with_what_the_client_writes() {
    let server = MockServer::start().await;
    let awkward = "a/b?c d&é";
    server
        .get_user()
        .with_id(awkward)
        .responds_ok(user(awkward));
    server
        .list_users()
        .with_limit(25)
        .with_after(awkward)
        .responds_ok(page(&["x"], None));
    let client = client(&server).with_retry_policy(RetryPolicy::none());
    assert_eq!(client.get_user(awkward).await.expect("matched").id, awkward);
    let params = ListUsersParams {
        limit: Some(25),
        after: Some(awkward.to_owned()),
        before: None,
    };
    assert_eq!(
        client
            .list_users(&params)
            .await
            .expect("matched")
            .items
            .len(),
        1
    );
    assert_eq!(
        server.received(Operation::GetUser)[0].path(),
        "/users/a%2Fb%3Fc%20d%26%C3%A9"
    );
    assert_eq!(
        server.received(Operation::ListUsers)[0]
            .query("after")
            .as_deref(),
        Some(awkward)
    );
}
