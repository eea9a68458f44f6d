//! Client overhead: the generated client against a hand-written reqwest call, both on the
//! same `reqwest::Client` and the same in-process axum server on 127.0.0.1, and decoding
//! a 100-user page.
//!
//! `cargo bench -p sequence-api-tests --bench client`; with `CLIENT_AB=1` it first
//! prints the medians of strictly interleaved calls (the steadier comparison here).

use std::hint::black_box;
use std::time::{Duration, Instant};

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

/// What someone would write by hand for a GET: same headers, same decode; with
/// `timeout`, the same per-request timeout as the generated client's default.
async fn hand_written<T: serde::de::DeserializeOwned>(
    http: &reqwest::Client,
    url: &str,
    timeout: Option<Duration>,
) -> Result<T, Box<dyn std::error::Error>> {
    let mut request = http
        .get(url)
        .basic_auth("client-id", Some("client-secret"))
        .header("Sequence-Version", "2024-07-30")
        .header(header::ACCEPT, "application/json");
    if let Some(timeout) = timeout {
        request = request.timeout(timeout);
    }
    let response = request.send().await?.error_for_status()?;
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
    // The generated client sets a per-request timeout by default; the comparison is
    // made both with that timeout on both sides and with none on either.
    let client_without_timeout = client.clone().without_timeout();
    let user_url = format!("{base_url}/users/7b1f28b9-a4ad-450b-a0ea-fd647d5109b2");
    let users_url = format!("{base_url}/users");

    // Both paths must agree before they are timed.
    let generated = runtime
        .block_on(client.list_users(&models::ListUsersParams::default()))
        .expect("generated list_users");
    let by_hand: models::UserList = runtime
        .block_on(hand_written(&http, &users_url, None))
        .expect("hand-written list");
    assert_eq!(generated, by_hand);
    assert_eq!(generated.items.len(), 100);

    if std::env::var_os("CLIENT_AB").is_some() {
        interleaved_medians(&runtime, &client, &http, &users_url, &user_url);
    }

    let mut group = c.benchmark_group("decode_100_users");
    group.bench_function("serde_json::from_slice", |b| {
        b.iter(|| serde_json::from_slice::<models::UserList>(black_box(&page)).expect("decodes"))
    });
    group.finish();

    // Round trips on loopback wait on an idle core waking up, which drifts by ±15 % over
    // seconds. Each benchmark below therefore alternates the two calls and times only
    // its own: both sides see the same conditions.
    for (name, call_timeout, client) in [
        (
            "default_timeout",
            Some(sequence_api::DEFAULT_TIMEOUT),
            &client,
        ),
        ("no_timeout", None, &client_without_timeout),
    ] {
        let list_generated = || {
            runtime
                .block_on(client.list_users(&models::ListUsersParams::default()))
                .expect("list_users")
        };
        let list_by_hand = || {
            runtime
                .block_on(hand_written::<models::UserList>(
                    &http,
                    &users_url,
                    call_timeout,
                ))
                .expect("hand-written list")
        };
        let get_generated = || {
            runtime
                .block_on(client.get_user("7b1f28b9-a4ad-450b-a0ea-fd647d5109b2"))
                .expect("get_user")
        };
        let get_by_hand = || {
            runtime
                .block_on(hand_written::<models::User>(&http, &user_url, call_timeout))
                .expect("hand-written get")
        };

        let mut group = c.benchmark_group(format!("list_users_100_loopback/{name}"));
        group.measurement_time(Duration::from_secs(8));
        group.bench_function("generated_client", |b| {
            b.iter_custom(|iterations| alternate(iterations, list_generated, list_by_hand))
        });
        group.bench_function("hand_written_reqwest", |b| {
            b.iter_custom(|iterations| alternate(iterations, list_by_hand, list_generated))
        });
        group.finish();

        let mut group = c.benchmark_group(format!("get_user_loopback/{name}"));
        group.measurement_time(Duration::from_secs(8));
        group.bench_function("generated_client", |b| {
            b.iter_custom(|iterations| alternate(iterations, get_generated, get_by_hand))
        });
        group.bench_function("hand_written_reqwest", |b| {
            b.iter_custom(|iterations| alternate(iterations, get_by_hand, get_generated))
        });
        group.finish();
    }
}

/// `CLIENT_AB=1`: the median of thousands of strictly interleaved calls (generated,
/// hand-written, generated, ...), steadier than separate benchmarks on a noisy machine.
fn interleaved_medians(
    runtime: &tokio::runtime::Runtime,
    client: &Client,
    http: &reqwest::Client,
    users_url: &str,
    user_url: &str,
) {
    let timeout = Some(sequence_api::DEFAULT_TIMEOUT);
    let median = |mut samples: Vec<Duration>| {
        samples.sort();
        samples[samples.len() / 2]
    };
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        f();
        start.elapsed()
    };
    let (mut generated, mut by_hand) = (Vec::new(), Vec::new());
    for _ in 0..3_000 {
        generated.push(time(&mut || {
            runtime
                .block_on(client.list_users(&models::ListUsersParams::default()))
                .expect("list_users");
        }));
        by_hand.push(time(&mut || {
            runtime
                .block_on(hand_written::<models::UserList>(http, users_url, timeout))
                .expect("hand-written list");
        }));
    }
    let (a, b) = (median(generated), median(by_hand));
    println!(
        "interleaved list_users (100 users), median of 3000: generated {a:?}, hand-written {b:?} ({:+.1} %)",
        (a.as_secs_f64() / b.as_secs_f64() - 1.0) * 100.0
    );
    let (mut generated, mut by_hand) = (Vec::new(), Vec::new());
    for _ in 0..20_000 {
        generated.push(time(&mut || {
            runtime
                .block_on(client.get_user("7b1f28b9-a4ad-450b-a0ea-fd647d5109b2"))
                .expect("get_user");
        }));
        by_hand.push(time(&mut || {
            runtime
                .block_on(hand_written::<models::User>(http, user_url, timeout))
                .expect("hand-written get");
        }));
    }
    let (a, b) = (median(generated), median(by_hand));
    println!(
        "interleaved get_user, median of 20000: generated {a:?}, hand-written {b:?} ({:+.1} %)",
        (a.as_secs_f64() / b.as_secs_f64() - 1.0) * 100.0
    );
}

/// Runs `timed` and `other` in turn `iterations` times; the time of `timed` alone.
fn alternate<A, B>(iterations: u64, timed: impl Fn() -> A, other: impl Fn() -> B) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iterations {
        let start = Instant::now();
        black_box(timed());
        total += start.elapsed();
        black_box(other());
    }
    total
}

criterion_group!(benches, client_overhead);
criterion_main!(benches);
