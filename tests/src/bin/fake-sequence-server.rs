//! Runs the loopback fake of the Sequence Users API until killed, for trying the
//! downstream example by hand. Credentials: `key` / `secret`.

use sequence_api_tests::fake_server::{CLIENT_ID, CLIENT_SECRET, FakeServer, sample_users};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let server = FakeServer::start().await?;
    println!("fake Sequence Users API at {}", server.base_url());
    println!("credentials: {CLIENT_ID} / {CLIENT_SECRET}; users:");
    for user in sample_users() {
        let field = |name: &str| user[name].as_str().unwrap_or_default().to_owned();
        println!("  {} {}", field("id"), field("email"));
    }
    // Serve until the process is killed.
    std::future::pending::<()>().await;
    Ok(())
}
