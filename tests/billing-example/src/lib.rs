//! A small piece of a billing service, written against the Sequence Users SDK the way a
//! crate that depends on it would: when a customer's seat ends, deactivate the user at
//! Sequence; once a month, bill the seats of the users who are still active.
//!
//! Its tests (`tests/billing.rs`) run this code against the SDK's mock server, without the
//! vendor: a user already gone, a 503 before success, a list three pages long.

use std::future::ready;
use std::time::Duration;

use sequence_api::models::{ListUsersParams, User, UserState};
use sequence_api::prelude::*;
use sequence_api::{Client, Credentials, Error, RetryPolicy};

/// The client the service calls Sequence with: five attempts for calls that may be
/// repeated (the SDK retries `429`, `502`, `503`, `504` and dropped connections), with a
/// short backoff, since a seat change waits for it.
///
/// # Errors
///
/// As [`Client::new`]: credentials that cannot be sent, a base URL that is not https
/// (or plain http to loopback).
pub fn sequence_client(base_url: &str, credentials: Credentials) -> Result<Client, Error> {
    let retries =
        RetryPolicy::new().with_max_attempts(5).with_initial_backoff(Duration::from_millis(200));
    Ok(Client::new(base_url, credentials)?.with_retry_policy(retries))
}

/// What deactivating a user did.
#[derive(Debug, Clone, PartialEq)]
pub enum Deactivation {
    /// Sequence deleted the user now; this is the user as it answered.
    Deleted(User),
    /// The user was gone already (Sequence answered `404`): nothing left to do.
    AlreadyGone,
}

/// Deactivates the user `user_id` when its seat ends. A user Sequence no longer knows
/// counts as done, so that running the job twice is harmless.
///
/// # Errors
///
/// Any other failure of the call, after the client's retries.
pub async fn deactivate_user(client: &Client, user_id: &str) -> Result<Deactivation, Error> {
    match client.delete_user(user_id).await {
        Ok(user) => Ok(Deactivation::Deleted(user)),
        Err(Error::Status(response)) if response.status == 404 => Ok(Deactivation::AlreadyGone),
        Err(error) => Err(error),
    }
}

/// The email addresses of the active users of the account, across every page of the
/// list (100 users a page): the seats to bill.
///
/// # Errors
///
/// The first failure of a page, after the client's retries.
pub async fn billable_seats(client: &Client) -> Result<Vec<String>, Error> {
    let params = ListUsersParams { limit: Some(100), ..ListUsersParams::default() };
    client
        .list_users_stream(&params)
        .try_filter(|user| ready(user.state == UserState::Active))
        .map_ok(|user| user.email)
        .try_collect()
        .await
}
