//! The billing logic against the Sequence SDK's mock server: each case is set up with
//! typed mocks, run through the real client, and checked on typed results.

use billing_example::{Deactivation, billable_seats, deactivate_user, sequence_client};
use sequence_api::mock::{MockServer, Operation};
use sequence_api::models::{ApiError, ApiErrorDetail, Pagination, User, UserList, UserState};
use sequence_api::{Client, Credentials};

#[tokio::test]
async fn a_user_already_gone_counts_as_deactivated() {
    let server = MockServer::start().await;
    server.delete_user().with_id("u1").responds_404(not_found());

    let outcome = deactivate_user(&client(&server), "u1").await.unwrap();
    assert_eq!(outcome, Deactivation::AlreadyGone);
}

#[tokio::test]
async fn unavailable_sequence_is_retried_until_the_user_is_deleted() {
    let server = MockServer::start().await;
    server.delete_user().responds_empty(503).with_retry_after(0).times(4);
    server.delete_user().with_id("u1").responds_ok(user("u1", UserState::Deleted));

    let outcome = deactivate_user(&client(&server), "u1").await.unwrap();
    assert_eq!(outcome, Deactivation::Deleted(user("u1", UserState::Deleted)));
    assert_eq!(server.received(Operation::DeleteUser).len(), 5);
}

#[tokio::test]
async fn billable_seats_are_the_active_users_of_every_page() {
    use UserState::{Active, Deleted};
    let server = MockServer::start().await;
    let pages = [("ann", Active, Some("p2")), ("bob", Deleted, Some("p3")), ("cy", Active, None)];
    server.list_users().with_limit(100).responds_pages(Vec::from(pages.map(page)));

    let seats = billable_seats(&client(&server)).await.unwrap();
    assert_eq!(seats, ["ann@example.com", "cy@example.com"]);
}

fn client(server: &MockServer) -> Client {
    sequence_client(server.url(), Credentials::new("billing", "secret")).unwrap()
}

fn user(id: &str, state: UserState) -> User {
    let email = format!("{id}@example.com");
    User { id: id.to_owned(), email, sequence_account_ids: vec![], state, roles: vec![] }
}

/// A page holding one user, `id` in `state`, whose next cursor is `next`.
fn page((id, state, next): (&str, UserState, Option<&str>)) -> UserList {
    let pagination = Pagination { after: Some(next.map(str::to_owned)), ..Pagination::default() };
    UserList { items: vec![user(id, state)], pagination }
}

fn not_found() -> ApiError {
    let error = ApiErrorDetail {
        r#type: "notFound".to_owned(),
        message: "No such user".to_owned(),
        errors: None,
    };
    ApiError { error }
}
