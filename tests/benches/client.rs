//! Client overhead: the generated client against a hand-written reqwest call, both on the
//! same `reqwest::Client` and the same in-process axum server on 127.0.0.1, and decoding
//! a 100-user page.
//!
//! `cargo bench -p sequence-api-tests --bench client`

use std::hint::black_box;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::http::header;
use axum::routing::get;
use criterion::{Criterion, criterion_group, criterion_main};
use sequence_api::{Client, Credentials, models};

const SEED_USER: &str = include_str!("../fixtures/seed_user.json");

/// A page of `count` users made from the seed user, as the API would send it.
fn users_page(count: usize) -> Vec<u8> {
    let seed: serde_json::Value = serde_json::from_str(SEED_USER).expect("seed user");
    let items: Vec<serde_json::Value> = (0..count)
        .map(|index| {
            let mut user = seed.clone();
            user["id"] = format!("7b1f28b9-a4ad-450b-a0ea-{index:012}").into();
            user["email"] = format!("person{index}@example.com").into();
            user
        })
        .collect();
    let page = serde_json::json!({
        "items": items,
        "pagination": { "after": "c2VxdWVuY2U", "before": null, "totalResultSize": count },
    });
    serde_json::to_vec(&page).expect("page")
}

/// Starts a server answering `GET /users` with `page` and `GET /users/{id}` with the seed
/// user, on its own thread and runtime; returns its base URL.
fn start_server(page: Vec<u8>) -> String {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("server runtime");
        runtime.block_on(async move {
            let page = Bytes::from(page);
            let user = Bytes::from_static(SEED_USER.as_bytes());
            let json = || [(header::CONTENT_TYPE, "application/json")];
            let app = Router::new()
                .route("/users", get(move || async move { (json(), page.clone()) }))
                .route(
                    "/users/{id}",
                    get(move || async move { (json(), user.clone()) }),
                );
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind loopback");
            let address = listener.local_addr().expect("address");
            sender
                .send(format!("http://{address}"))
                .expect("send address");
            axum::serve(listener, app).await.expect("serve");
        });
    });
    receiver.recv().expect("server address")
}

/// What someone would write by hand for `GET /users/{id}`: same headers, same decode.
async fn hand_written<T: serde::de::DeserializeOwned>(
    http: &reqwest::Client,
    url: &str,
) -> Result<T, Box<dyn std::error::Error>> {
    let response = http
        .get(url)
        .basic_auth("client-id", Some("client-secret"))
        .header("Sequence-Version", "2024-07-30")
        .header(header::ACCEPT, "application/json")
        .send()
        .await?
        .error_for_status()?;
    let body = response.bytes().await?;
    Ok(serde_json::from_slice(&body)?)
}

fn client_overhead(c: &mut Criterion) {
    let page = users_page(100);
    let base_url = start_server(page.clone());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime");
    let http = reqwest::Client::new();
    let client = Client::from_http_client(
        http.clone(),
        &base_url,
        Credentials::new("client-id", "client-secret"),
    );
    let user_url = format!("{base_url}/users/7b1f28b9-a4ad-450b-a0ea-fd647d5109b2");
    let users_url = format!("{base_url}/users");

    // Both paths must agree before they are timed.
    let generated = runtime
        .block_on(client.list_users(&models::ListUsersParams::default()))
        .expect("generated list_users");
    let by_hand: models::UserList = runtime
        .block_on(hand_written(&http, &users_url))
        .expect("hand-written list");
    assert_eq!(generated, by_hand);
    assert_eq!(generated.items.len(), 100);

    let mut group = c.benchmark_group("decode_100_users");
    group.bench_function("serde_json::from_slice", |b| {
        b.iter(|| serde_json::from_slice::<models::UserList>(black_box(&page)).expect("decodes"))
    });
    group.finish();

    let mut group = c.benchmark_group("list_users_100_loopback");
    group.measurement_time(Duration::from_secs(6));
    group.bench_function("generated_client", |b| {
        b.iter(|| {
            runtime
                .block_on(client.list_users(&models::ListUsersParams::default()))
                .expect("list_users")
        })
    });
    group.bench_function("hand_written_reqwest", |b| {
        b.iter(|| {
            runtime
                .block_on(hand_written::<models::UserList>(&http, &users_url))
                .expect("hand-written list")
        })
    });
    group.finish();

    let mut group = c.benchmark_group("get_user_loopback");
    group.measurement_time(Duration::from_secs(6));
    group.bench_function("generated_client", |b| {
        b.iter(|| {
            runtime
                .block_on(client.get_user("7b1f28b9-a4ad-450b-a0ea-fd647d5109b2"))
                .expect("get_user")
        })
    });
    group.bench_function("hand_written_reqwest", |b| {
        b.iter(|| {
            runtime
                .block_on(hand_written::<models::User>(&http, &user_url))
                .expect("hand-written get")
        })
    });
    group.finish();
}

criterion_group!(benches, client_overhead);
criterion_main!(benches);
