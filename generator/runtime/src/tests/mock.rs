//! The mock server pieces, driven by plain reqwest requests against the stand-in
//! `crate::mock` (written as the generator writes a crate's `mock` module).

use std::time::Duration;

use serde_json::{Value, json};

use crate::mock::{MockServer, Operation, ThingPage};

async fn get(server: &MockServer, path_and_query: &str) -> (u16, Value) {
    send(server, reqwest::Method::GET, path_and_query, None).await
}

async fn send(
    server: &MockServer,
    method: reqwest::Method,
    path_and_query: &str,
    body: Option<&Value>,
) -> (u16, Value) {
    let mut request =
        reqwest::Client::new().request(method, format!("{}{path_and_query}", server.url()));
    if let Some(body) = body {
        request = request.json(body);
    }
    let response = request.send().await.expect("the mock answers");
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("a body");
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn reason(body: &Value) -> &str {
    body["reason"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn a_typed_matcher_picks_the_mock_and_the_request_is_kept_decoded() {
    let server = MockServer::start().await;
    assert!(server.url().starts_with("http://127.0.0.1:"));
    server
        .get_thing()
        .with_id("a/b c")
        .responds_ok(json!({"id": "a/b c"}));
    server.delete_thing().responds_ok();

    assert_eq!(
        get(&server, "/things/a%2Fb%20c").await,
        (200, json!({"id": "a/b c"}))
    );
    let (status, _) = send(&server, reqwest::Method::DELETE, "/things/x", None).await;
    assert_eq!(status, 204);

    let gets = server.received(Operation::GetThing);
    assert_eq!(gets.len(), 1);
    assert_eq!(gets[0].operation(), Some(Operation::GetThing));
    assert_eq!(gets[0].method(), "GET");
    assert_eq!(gets[0].path(), "/things/a%2Fb%20c");
    assert_eq!(gets[0].path_param("id").as_deref(), Some("a/b c"));
    assert_eq!(gets[0].unmatched_reason(), None);
    assert_eq!(
        server.received(Operation::DeleteThing)[0]
            .path_param("id")
            .as_deref(),
        Some("x")
    );
    assert_eq!(server.received_all().len(), 2);
}

#[tokio::test]
async fn an_unmatched_request_names_the_closest_operation_and_why() {
    let server = MockServer::start().await;
    server.get_thing().with_id("u1").responds_ok(json!({}));
    let (status, body) = get(&server, "/things/u3").await;
    assert_eq!(status, 404);
    assert_eq!(body["operation"], "get_thing");
    assert_eq!(body["mock_server"], "no mock matched GET /things/u3");
    assert_eq!(
        reason(&body),
        "get_thing matched the method and path, but `id` was `u3`, expected `u1`"
    );

    // No mock for the operation at all, a method no operation has on the path, a path no
    // operation has.
    let (_, body) = send(&server, reqwest::Method::DELETE, "/things/u1", None).await;
    assert_eq!(
        reason(&body),
        "delete_thing matched the method and path, but no mock is set up for it"
    );
    let (_, body) = send(&server, reqwest::Method::PATCH, "/things/u1", None).await;
    assert_eq!(
        reason(&body),
        "no operation of the API is `PATCH /things/u1`; this path is get_thing (GET), delete_thing (DELETE)"
    );
    let (_, body) = get(&server, "/nowhere?x=1").await;
    assert_eq!(
        reason(&body),
        "no operation of the API has the path `/nowhere`"
    );

    let unmatched = server.unmatched();
    assert_eq!(unmatched.len(), 4);
    assert_eq!(unmatched[0].operation(), Some(Operation::GetThing));
    assert_eq!(unmatched[0].path_param("id").as_deref(), Some("u3"));
    assert!(
        unmatched[0]
            .unmatched_reason()
            .is_some_and(|reason| reason.contains("`u3`"))
    );
    assert_eq!(unmatched[3].operation(), None);
    assert_eq!(
        server.received(Operation::GetThing).len(),
        1,
        "unmatched requests count too"
    );
}

#[tokio::test]
async fn the_server_panics_when_dropped_with_unmatched_requests_nobody_looked_at() {
    let server = MockServer::start().await;
    get(&server, "/things/u1").await;
    let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(server)));
    let message = dropped.expect_err("a forgotten mock is reported");
    let text = message
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(
        text.contains("GET /things/u1: get_thing matched the method and path, but no mock"),
        "{text}"
    );

    // Looked at, they are expected.
    let server = MockServer::start().await;
    get(&server, "/things/u1").await;
    assert_eq!(server.unmatched().len(), 1);
    drop(server);
}

#[tokio::test]
async fn a_mock_limited_to_once_answers_first_then_the_next_one_answers() {
    let server = MockServer::start().await;
    let unavailable = server
        .get_thing()
        .responds_status(503, json!({"error": "later"}))
        .once();
    let found = server.get_thing().responds_ok(json!({"id": "t"}));
    assert_eq!(
        get(&server, "/things/t").await,
        (503, json!({"error": "later"}))
    );
    assert_eq!(get(&server, "/things/t").await.0, 200);
    assert_eq!(get(&server, "/things/t").await.0, 200);
    assert_eq!((unavailable.answered(), found.answered()), (1, 2));

    // `times(n)`, and what a used-up mock says.
    server.reset();
    assert!(server.received_all().is_empty());
    server.delete_thing().responds_ok().times(2);
    for expected in [204, 204, 404] {
        let (status, body) = send(&server, reqwest::Method::DELETE, "/things/t", None).await;
        assert_eq!(status, expected);
        if status == 404 {
            assert_eq!(
                reason(&body),
                "delete_thing matched, but its mock was used up after 2 answer(s)"
            );
        }
    }
    assert_eq!(server.unmatched().len(), 1);
}

#[tokio::test]
async fn limited_mocks_answer_first_then_the_most_specific_one() {
    let server = MockServer::start().await;
    server.get_thing().responds_ok(json!("any"));
    server
        .get_thing()
        .with_id("gone")
        .responds_status(404, json!("gone"));
    assert_eq!(get(&server, "/things/here").await, (200, json!("any")));
    assert_eq!(get(&server, "/things/gone").await, (404, json!("gone")));

    // A limited mock goes first even when a later unlimited one is more specific.
    server
        .get_thing()
        .responds_status(503, json!("busy"))
        .times(2);
    assert_eq!(get(&server, "/things/gone").await, (503, json!("busy")));
    assert_eq!(get(&server, "/things/here").await, (503, json!("busy")));
    assert_eq!(get(&server, "/things/gone").await, (404, json!("gone")));
}

#[tokio::test]
async fn a_value_the_client_refuses_to_send_matches_nothing_and_says_why() {
    let server = MockServer::start().await;
    // The client refuses an empty path segment, so no request can carry it.
    server.get_thing().with_id("").responds_ok(json!({}));
    let (status, body) = get(&server, "/things/x").await;
    assert_eq!(status, 404);
    assert!(
        reason(&body).starts_with(
            "get_thing matched the method and path, but `id` is expected to be a value the client refuses ("
        ),
        "{body}"
    );
    assert_eq!(server.unmatched().len(), 1);
}

#[tokio::test]
async fn query_and_header_parameters_match_as_the_client_writes_them() {
    let server = MockServer::start().await;
    let page = ThingPage {
        items: vec!["a".to_owned()],
        next: None,
    };
    server
        .list_things()
        .with_limit(25)
        .with_x_tags(&["a b".to_owned(), "c".to_owned()])
        .responds_ok(page.clone());
    let client = reqwest::Client::new();
    let url = format!("{}/things?limit=25&after=x", server.url());
    let response = client
        .get(&url)
        .header("x-tags", "a b,c")
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.json::<ThingPage>().await.expect("a page"), page);

    let response = client
        .get(format!("{}/things?limit=5", server.url()))
        .send()
        .await
        .expect("answer");
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(
        reason(&body),
        "list_things matched the method and path, but query `limit` was `5`, expected `25`, and header `X-Tags` was absent, expected `a b,c`"
    );
    let received = &server.received(Operation::ListThings)[0];
    assert_eq!(received.query_string(), Some("limit=25&after=x"));
    assert_eq!(received.query("after").as_deref(), Some("x"));
    assert_eq!(received.header("X-TAGS"), Some("a b,c"));
    assert_eq!(server.unmatched().len(), 1);
}

#[tokio::test]
async fn literal_text_between_path_parameters_is_matched() {
    let server = MockServer::start().await;
    server
        .get_part()
        .with_format("json")
        .responds_status(200, json!("part"));
    assert_eq!(
        get(&server, "/things/t1/parts/p1.json").await,
        (200, json!("part"))
    );
    let request = &server.received(Operation::GetPart)[0];
    assert_eq!(request.path_param("id").as_deref(), Some("t1"));
    assert_eq!(request.path_param("part").as_deref(), Some("p1"));
    assert_eq!(request.path_param("format").as_deref(), Some("json"));
    // A parameter never spans a `/`.
    let (status, body) = get(&server, "/things/t1/x/parts/p1.json").await;
    assert_eq!(status, 404);
    assert_eq!(
        reason(&body),
        "no operation of the API has the path `/things/t1/x/parts/p1.json`"
    );
    server.unmatched();
}

#[tokio::test]
async fn cursor_pages_are_served_by_the_cursor_of_the_page_before() {
    let server = MockServer::start().await;
    let page = |items: &[&str], next: Option<&str>| ThingPage {
        items: items.iter().map(|item| (*item).to_owned()).collect(),
        next: next.map(str::to_owned),
    };
    let pages = vec![
        page(&["a"], Some("c 2")),
        page(&["b"], Some("c3")),
        page(&["c"], None),
    ];
    server.list_things().responds_pages(pages.clone());
    for (query, expected) in [
        ("", &pages[0]),
        ("?after=c%202", &pages[1]),
        ("?limit=1&after=c3", &pages[2]),
    ] {
        let (status, body) = get(&server, &format!("/things{query}")).await;
        assert_eq!(status, 200, "{query}");
        assert_eq!(
            body,
            serde_json::to_value(expected).expect("JSON"),
            "{query}"
        );
    }
    let (status, body) = get(&server, "/things?after=zz").await;
    assert_eq!(status, 404);
    assert_eq!(
        reason(&body),
        "list_things matched the method and path, but `after` was `zz`, which selects no page (the pages are at absent, `c 2`, `c3`)"
    );
    server.unmatched();
}

#[tokio::test]
async fn faults_drop_the_connection_delay_and_add_headers() {
    let server = MockServer::start().await;
    server.get_thing().with_id("drop").drops_connection();
    let error = reqwest::Client::new()
        .get(format!("{}/things/drop", server.url()))
        .send()
        .await
        .expect_err("no answer");
    assert!(error.status().is_none() && !error.is_timeout(), "{error:?}");
    assert_eq!(
        server.received(Operation::GetThing).len(),
        1,
        "the request was read"
    );

    server
        .get_thing()
        .with_id("slow")
        .responds_ok(json!(1))
        .with_delay(Duration::from_millis(400));
    let error = reqwest::Client::new()
        .get(format!("{}/things/slow", server.url()))
        .timeout(Duration::from_millis(100))
        .send()
        .await
        .expect_err("too slow");
    assert!(error.is_timeout(), "{error:?}");

    server
        .get_thing()
        .with_id("busy")
        .responds_empty(429)
        .with_retry_after(7)
        .with_response_header("x-request-id", "r1");
    let response = reqwest::get(format!("{}/things/busy", server.url()))
        .await
        .expect("answer");
    assert_eq!(response.status().as_u16(), 429);
    assert_eq!(response.headers()["retry-after"], "7");
    assert_eq!(response.headers()["x-request-id"], "r1");
    assert!(response.bytes().await.expect("body").is_empty());

    server.get_thing().with_id("html").responds_raw(
        502,
        &[("content-type", "text/html")],
        "<h1>Bad Gateway</h1>",
    );
    let response = reqwest::get(format!("{}/things/html", server.url()))
        .await
        .expect("answer");
    assert_eq!(response.status().as_u16(), 502);
    assert_eq!(response.headers()["content-type"], "text/html");
    assert_eq!(response.text().await.expect("text"), "<h1>Bad Gateway</h1>");
}

#[tokio::test]
async fn bodies_headers_and_predicates_match() {
    let server = MockServer::start().await;
    server
        .create_thing()
        .with_body(&json!({"name": "n", "size": 2}))
        .with_header("Idempotency-Key", "k1")
        .matching("a JSON content type", |request| {
            request.header("content-type") == Some("application/json")
        })
        .responds_status(201, json!({"id": "t"}));
    let client = reqwest::Client::new();
    let url = format!("{}/things", server.url());
    // Field order and spacing do not matter: JSON values are compared.
    let response = client
        .post(&url)
        .header("idempotency-key", "k1")
        .header("content-type", "application/json")
        .body(r#"{ "size": 2, "name": "n" }"#)
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status().as_u16(), 201);
    let received = &server.received(Operation::CreateThing)[0];
    assert_eq!(
        received.json::<Value>().expect("JSON"),
        json!({"name": "n", "size": 2})
    );
    assert_eq!(received.body(), br#"{ "size": 2, "name": "n" }"#);

    let response = client
        .post(&url)
        .body("size=3")
        .send()
        .await
        .expect("answer");
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(
        reason(&body),
        "create_thing matched the method and path, but the body was not JSON (6 bytes), expected `{\"name\":\"n\",\"size\":2}`, and header `idempotency-key` was absent, expected `k1`, and a JSON content type did not hold"
    );
    server.unmatched();
}

#[tokio::test]
async fn a_received_request_never_shows_header_or_query_values_in_debug() {
    let server = MockServer::start().await;
    server.get_thing().responds_ok(json!({"id": "x"}));
    reqwest::Client::new()
        .get(format!("{}/things/x?api_key=s3cr3t-query", server.url()))
        .header("authorization", "Basic s3cr3t-header")
        .send()
        .await
        .expect("the mock answers");
    let received = server.received(Operation::GetThing);
    let shown = format!("{:?}", received[0]);
    assert!(
        shown.contains("authorization") && shown.contains("api_key"),
        "{shown}"
    );
    assert!(!shown.contains("s3cr3t"), "{shown}");
    // The values are there for a test that asks.
    assert_eq!(
        received[0].header("authorization"),
        Some("Basic s3cr3t-header")
    );
}

/// `capture` of `path` against a route of `literals` around the parameters `a`, `b`, ...
fn captured(path: &str, literals: &'static [&'static str]) -> Option<Vec<String>> {
    let route = crate::runtime::mock_server::Route {
        method: "GET",
        literals,
        params: &["a", "b", "c", "d"][..literals.len() - 1],
    };
    crate::runtime::mock_server::capture(path, &route)
        .map(|params| params.into_iter().map(|(_, value)| value).collect())
}

#[test]
fn path_templates_capture_as_the_client_writes_them() {
    let dates: &[&str] = &["/d/", "-", "-", ""];
    assert_eq!(
        captured("/d/2024-05-06", dates),
        Some(vec!["2024".into(), "05".into(), "06".into()])
    );
    // The earlier parameters take the shortest runs; the last one what is left.
    assert_eq!(
        captured("/d/2024-05-06-07", dates),
        Some(vec!["2024".into(), "05".into(), "06-07".into()])
    );
    assert_eq!(captured("/d/2024-05", dates), None);
    assert_eq!(captured("/d/2024--06", dates), None);
    assert_eq!(captured("/d/2024-05-06/x", dates), None);
    assert_eq!(captured("/d/2024-05-", dates), None);
    // Adjacent parameters: one character each but the last.
    let adjacent: &[&str] = &["/c/", "", "", ""];
    assert_eq!(
        captured("/c/xyzw", adjacent),
        Some(vec!["x".into(), "y".into(), "zw".into()])
    );
    assert_eq!(captured("/c/xy", adjacent), None);
    // A literal suffix is read from the end: the value may hold the suffix itself.
    let file: &[&str] = &["/f/", ".json"];
    assert_eq!(
        captured("/f/a.json.json", file),
        Some(vec!["a.json".into()])
    );
    assert_eq!(captured("/f/.json", file), None);
    // Literals with slashes, and a value never crosses one.
    let nested: &[&str] = &["/t/", "/parts/", ".", ""];
    assert_eq!(
        captured("/t/1/parts/p.q.r", nested),
        Some(vec!["1".into(), "p".into(), "q.r".into()])
    );
    assert_eq!(captured("/t/1/2/parts/p.q", nested), None);
    assert_eq!(captured("/t/1/parts/p/q.r", nested), None);
    assert_eq!(captured("/t/1/parts/p.q/", nested), None);
    // Non-ASCII text is cut at character boundaries only.
    assert_eq!(
        captured("/c/éüx", adjacent),
        Some(vec!["é".into(), "ü".into(), "x".into()])
    );
    assert_eq!(captured("/d/é-ü-ö", dates).map(|v| v.len()), Some(3));
    // The search window ends inside a character: it is cut back to the character's start.
    assert_eq!(
        captured("/t/b-ac/é", &["/t/", "-a", "/", ""]),
        Some(vec!["b".into(), "c".into(), "é".into()])
    );
}

/// A path that fits no template, made to make a backtracking matcher try every way of
/// cutting 8,000 bytes into parameters.
fn hostile_path(prefix: &str, unit: &str) -> String {
    let mut path = String::from(prefix);
    while path.len() < 8_000 {
        path.push_str(unit);
    }
    path.push('/');
    path
}

#[test]
fn hostile_paths_are_matched_in_linear_time() {
    // A backtracking matcher takes minutes on each of these (O(n^2) to O(n^4) steps);
    // this test finishes in well under a second, and the bound below is generous.
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let adjacent: &[&str] = &["/c/", "", "", "", ""];
        let dates: &[&str] = &["/d/", "-", "-", ""];
        let results = [
            captured(&hostile_path("/c/", "a"), adjacent),
            captured(&hostile_path("/d/", "-"), dates),
            captured(&hostile_path("/d/", "1-"), dates),
            captured(
                &hostile_path("/t/1/parts/", "a."),
                &["/t/", "/parts/", ".", ""],
            ),
        ];
        let _ = done.send(results);
    });
    let results = finished
        .recv_timeout(Duration::from_secs(60))
        .expect("matching 8,000-byte paths within a minute");
    assert!(results.iter().all(Option::is_none), "{results:?}");
}

#[tokio::test]
async fn a_hostile_path_is_answered_and_the_server_stays_responsive() {
    // The server runs on a runtime of its own thread, so that a server stuck matching
    // cannot stop the client's timeout from failing this test.
    let (url_sent, url) = std::sync::mpsc::channel();
    let (done, finished) = std::sync::mpsc::channel::<()>();
    let (unmatched_sent, unmatched) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async {
            let server = MockServer::start().await;
            server.get_thing().responds_ok(json!({"id": "x"}));
            server
                .get_day()
                .with_day("06")
                .responds_ok(json!({"day": 6}));
            let _ = url_sent.send(server.url().to_owned());
            // Blocks this thread only: the server's worker thread goes on answering.
            let _ = finished.recv();
            let _ = unmatched_sent.send(server.unmatched().len());
        });
    });
    let url = url.recv().expect("the server's URL");
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("a client");
    let status = |path: String| {
        let request = client.get(format!("{url}{path}"));
        async move {
            let response = request.send().await.expect("an answer within a minute");
            response.status().as_u16()
        }
    };
    assert_eq!(status(hostile_path("/days/", "-")).await, 404);
    assert_eq!(status(hostile_path("/things/x/parts/", ".")).await, 404);
    assert_eq!(status("/things/x".to_owned()).await, 200);
    assert_eq!(status("/days/2024-05-06".to_owned()).await, 200);
    let _ = done.send(());
    assert_eq!(unmatched.recv().ok(), Some(2));
}

#[tokio::test]
async fn a_large_body_is_kept_up_to_the_limit_and_counted() {
    const MIB: usize = 1024 * 1024;
    let server = MockServer::start().await;
    let whole = vec![b'x'; 3 * MIB + 5];
    server
        .create_thing()
        .with_raw_body(whole.clone())
        .responds_status(201, json!({}));
    server.create_thing().responds_status(202, json!({}));
    let post = |server: &MockServer| {
        let request = reqwest::Client::new()
            .post(format!("{}/things", server.url()))
            .body(whole.clone());
        async move { request.send().await.expect("an answer").status().as_u16() }
    };
    // The body matcher cannot judge a cut body: the catch-all answers.
    assert_eq!(post(&server).await, 202);
    let received = &server.received(Operation::CreateThing)[0];
    assert_eq!(received.body().len(), crate::mock::DEFAULT_MAX_BODY_BYTES);
    assert_eq!(received.body_len(), whole.len() as u64);
    assert!(received.body_truncated());
    assert!(format!("{received:?}").contains("body_truncated: true"));

    // Without the catch-all, the reason says the body was cut.
    server.reset();
    server
        .create_thing()
        .with_json_body(json!({"a": 1}))
        .responds_status(201, json!({}));
    let (status, body) = send(
        &server,
        reqwest::Method::POST,
        "/things",
        Some(&json!({"a": "x".repeat(2 * MIB)})),
    )
    .await;
    assert_eq!(status, 404);
    assert!(reason(&body).contains("more than the 1048576"), "{body}");
    assert_eq!(server.unmatched().len(), 1);

    // A higher limit keeps the whole body, and the matcher matches it.
    let server = MockServer::start().await.with_max_body_bytes(4 * MIB);
    server
        .create_thing()
        .with_raw_body(whole.clone())
        .responds_status(201, json!({}));
    assert_eq!(post(&server).await, 201);
    let received = &server.received(Operation::CreateThing)[0];
    assert_eq!(received.body(), &whole[..]);
    assert!(!received.body_truncated());
}

/// A 512 MiB upload raises the peak memory of the process by about the kept part, not
/// by the body's size. Alone in its process, so that the peak is this test's:
///
/// `cargo test -p openapi-codegen-runtime --lib -- --ignored --exact tests::mock::a_512_mib_upload_costs_the_mock_little_memory --nocapture`
#[tokio::test]
#[ignore = "sends 512 MiB over loopback; measures the process's peak memory, so run it alone"]
async fn a_512_mib_upload_costs_the_mock_little_memory() {
    const MIB: u64 = 1024 * 1024;
    let before = crate::tests::response_size::peak_resident_bytes();
    let server = MockServer::start().await;
    server.create_thing().responds_status(201, json!({}));
    let chunk = bytes_chunk();
    let frames = futures_util::stream::iter(
        (0..512).map(move |_| Ok::<_, std::io::Error>(hyper::body::Frame::data(chunk.clone()))),
    );
    let status = reqwest::Client::new()
        .post(format!("{}/things", server.url()))
        .body(reqwest::Body::wrap(http_body_util::StreamBody::new(frames)))
        .send()
        .await
        .expect("an answer")
        .status();
    assert_eq!(status.as_u16(), 201);
    let received = &server.received(Operation::CreateThing)[0];
    assert_eq!(received.body_len(), 512 * MIB);
    let after = crate::tests::response_size::peak_resident_bytes();
    println!(
        "peak resident memory: {} MiB before the upload, {} MiB after",
        before / MIB,
        after / MIB
    );
    assert!(
        after - before < 64 * MIB,
        "grew {} MiB",
        (after - before) / MIB
    );
}

/// One MiB of `x`, shared by every chunk of a streamed upload.
fn bytes_chunk() -> hyper::body::Bytes {
    hyper::body::Bytes::from(vec![b'x'; 1024 * 1024])
}
