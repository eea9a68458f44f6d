//! The downstream flow: list the users of an account, then delete one. Written against
//! the public API of `sequence_api` only, as a crate that depends on it would; the
//! example `examples/downstream.rs` compiles this same file, and a test runs it against
//! the loopback fake.

use sequence_api::models::{ListUsersParams, User, UserList};
use sequence_api::{Client, Credentials, Error};

/// What the flow saw.
#[derive(Debug)]
pub struct Outcome {
    /// The first page of users, before the deletion.
    pub listed: UserList,
    /// The deleted user, as the API returned it.
    pub deleted: User,
}

/// Lists the first page of users (up to 50) at `base_url`, then deletes `user_id`.
///
/// # Errors
///
/// Any [`Error`] from building the client, listing or deleting.
pub async fn list_then_delete(
    base_url: &str,
    client_id: &str,
    client_secret: &str,
    user_id: &str,
) -> Result<Outcome, Error> {
    let client = Client::new(base_url, Credentials::new(client_id, client_secret))?;
    let listed = client
        .list_users(&ListUsersParams {
            limit: Some(50),
            ..ListUsersParams::default()
        })
        .await?;
    let deleted = client.delete_user(user_id).await?;
    Ok(Outcome { listed, deleted })
}
