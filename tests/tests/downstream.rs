//! Runs the flow of `examples/downstream.rs` (the shared `downstream::list_then_delete`)
//! against the loopback fake, and checks both what it returned and what the server saw.

use sequence_api::models::UserState;
use sequence_api::{Error, ErrorBody};
use sequence_api_tests::downstream::list_then_delete;
use sequence_api_tests::fake_server::{CLIENT_ID, CLIENT_SECRET, FakeServer, sample_users};

const SEED_ID: &str = "7b1f28b9-a4ad-450b-a0ea-fd647d5109b2";

#[tokio::test]
async fn example_flow_lists_then_deletes_a_user() {
    let server = FakeServer::start().await.expect("start the fake");
    let outcome = list_then_delete(server.base_url(), CLIENT_ID, CLIENT_SECRET, SEED_ID)
        .await
        .expect("the downstream flow succeeds");

    let listed: Vec<_> = outcome
        .listed
        .items
        .iter()
        .map(|user| user.email.as_str())
        .collect();
    assert_eq!(
        listed,
        ["ada@example.com", "grace@example.com", "person@example.com"]
    );
    assert!(
        outcome
            .listed
            .items
            .iter()
            .all(|user| user.state == UserState::Active)
    );
    assert_eq!(outcome.listed.pagination.after, Some(None));
    assert_eq!(outcome.deleted.id, SEED_ID);
    assert_eq!(outcome.deleted.state, UserState::Deleted);

    // The server saw exactly a list, then a delete of that id, and now lacks the user.
    let requests = server.requests();
    let seen: Vec<_> = requests
        .iter()
        .map(|r| (r.method.as_str(), r.path.as_str(), r.query.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            ("GET", "/users", Some("limit=50")),
            (
                "DELETE",
                "/users/7b1f28b9-a4ad-450b-a0ea-fd647d5109b2",
                None
            ),
        ]
    );
    let remaining: Vec<_> = server.users().iter().map(|u| u["id"].clone()).collect();
    assert_eq!(remaining.len(), sample_users().len() - 1);
    assert!(!remaining.contains(&serde_json::json!(SEED_ID)));
}

#[tokio::test]
async fn example_flow_reports_a_failed_delete() {
    let server = FakeServer::start().await.expect("start the fake");
    let error = list_then_delete(server.base_url(), CLIENT_ID, CLIENT_SECRET, "no-such-user")
        .await
        .expect_err("deleting an unknown user fails");
    let Error::Status(response) = &error else {
        panic!("expected a status error, got {error:?}");
    };
    assert_eq!(response.status.as_u16(), 404);
    assert!(matches!(&response.body, ErrorBody::ApiError(body) if body.error.r#type == "notFound"));
    assert_eq!(
        server.users().len(),
        sample_users().len(),
        "nothing deleted"
    );
}

#[tokio::test]
async fn example_flow_reports_bad_credentials() {
    let server = FakeServer::start().await.expect("start the fake");
    let error = list_then_delete(server.base_url(), CLIENT_ID, "wrong", SEED_ID)
        .await
        .expect_err("wrong secret");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    // The flow stops at the failed list: no delete is attempted.
    assert_eq!(server.requests().len(), 1);
    assert_eq!(server.users().len(), sample_users().len());
}
