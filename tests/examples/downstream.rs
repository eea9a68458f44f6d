//! A downstream program: lists the users of a Sequence account and deletes one.
//!
//! ```text
//! SEQUENCE_CLIENT_ID=key SEQUENCE_CLIENT_SECRET=secret \
//!     cargo run -p sequence-api-tests --example downstream -- <base-url> <user-id>
//! ```
//!
//! The base URL and user id may also come from `SEQUENCE_BASE_URL` and `SEQUENCE_USER_ID`.
//! To try it without an account, start the loopback fake first:
//! `cargo run -p sequence-api-tests --bin fake-sequence-server` (it prints its URL).

use std::process::ExitCode;

// The flow is shared with the test that runs it against the fake server, so the test
// exercises exactly the code this example runs.
#[path = "../src/downstream.rs"]
mod downstream;

#[tokio::main]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let from_env = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    let base_url = args.next().or_else(|| from_env("SEQUENCE_BASE_URL"));
    let user_id = args.next().or_else(|| from_env("SEQUENCE_USER_ID"));
    let client_id = from_env("SEQUENCE_CLIENT_ID");
    let client_secret = from_env("SEQUENCE_CLIENT_SECRET");
    let (Some(base_url), Some(user_id), Some(client_id), Some(client_secret)) =
        (base_url, user_id, client_id, client_secret)
    else {
        eprintln!(
            "usage: SEQUENCE_CLIENT_ID=.. SEQUENCE_CLIENT_SECRET=.. downstream <base-url> <user-id>\n\
             (base URL, e.g. {}, and user id may also come from SEQUENCE_BASE_URL and SEQUENCE_USER_ID)",
            sequence_api::servers::SANDBOX
        );
        return ExitCode::from(2);
    };

    match downstream::list_then_delete(&base_url, &client_id, &client_secret, &user_id).await {
        Ok(outcome) => {
            println!("{} user(s) on the first page:", outcome.listed.items.len());
            for user in &outcome.listed.items {
                println!("  {} {} ({})", user.id, user.email, user.state);
            }
            if let Some(Some(cursor)) = &outcome.listed.pagination.after {
                println!("  more users follow (next cursor {cursor})");
            }
            println!(
                "deleted {} {} -> state {}",
                outcome.deleted.id, outcome.deleted.email, outcome.deleted.state
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            if let Some(body) = error.error_body() {
                eprintln!("  body: {body:?}");
            }
            ExitCode::FAILURE
        }
    }
}
