//! The module that `build.rs` generated, called against a real HTTP server on loopback
//! (axum): what reached the wire, and what the calls answered.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use build_script_example::apis::notes_api::models::{ListNotesParams, NoteState};
use build_script_example::apis::notes_api::{Client, Credentials, Error, ErrorBody};
use build_script_example::create_and_read;

/// One request as the server received it.
#[derive(Debug, Clone, PartialEq)]
struct Received {
    method: String,
    target: String,
    authorization: Option<String>,
    content_type: Option<String>,
    body: String,
}

type Log = Arc<Mutex<Vec<Received>>>;

/// A fake of the Notes API: records every request and answers by method and path.
async fn answer(
    State(log): State<Log>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, [(header::HeaderName, &'static str); 1], String) {
    let text = |name: header::HeaderName| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    log.lock().unwrap().push(Received {
        method: method.to_string(),
        target: uri.to_string(),
        authorization: text(header::AUTHORIZATION),
        content_type: text(header::CONTENT_TYPE),
        body: String::from_utf8_lossy(&body).into_owned(),
    });
    let note = r#"{"id": "n-7", "title": "Buy milk", "state": "published", "tags": ["home"], "archived_at": null}"#;
    let (status, body) = match (method.as_str(), uri.path()) {
        ("POST", "/v1/notes") => (StatusCode::CREATED, note.to_owned()),
        ("GET", "/v1/notes/n-7") => (StatusCode::OK, note.to_owned()),
        ("GET", "/v1/notes") => (StatusCode::OK, format!(r#"{{"items": [{note}]}}"#)),
        _ => (
            StatusCode::NOT_FOUND,
            r#"{"message": "no such note"}"#.to_owned(),
        ),
    };
    (status, [(header::CONTENT_TYPE, "application/json")], body)
}

/// Starts the fake on a free loopback port: a client for it, and its log.
async fn start() -> (Client, Log) {
    let log = Log::default();
    let app = Router::new().fallback(answer).with_state(log.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = Client::new(
        format!("http://{address}/v1"),
        Credentials::bearer("secret-token"),
    )
    .unwrap();
    (client, log)
}

#[tokio::test]
async fn a_note_is_created_and_read_back_as_the_document_says() {
    let (client, log) = start().await;
    let note = create_and_read(&client, "Buy milk", &["home"])
        .await
        .unwrap();
    assert_eq!(note.id, "n-7");
    assert_eq!(note.title, "Buy milk");
    assert_eq!(note.state, NoteState::Published);
    assert_eq!(note.tags, Some(vec!["home".to_owned()]));
    // Present and null: the double option of an optional, nullable field.
    assert_eq!(note.archived_at, Some(None));

    let received = log.lock().unwrap().clone();
    assert_eq!(received.len(), 2, "{received:?}");
    assert_eq!(received[0].method, "POST");
    assert_eq!(received[0].target, "/v1/notes");
    assert_eq!(
        received[0].authorization.as_deref(),
        Some("Bearer secret-token")
    );
    assert_eq!(
        received[0].content_type.as_deref(),
        Some("application/json")
    );
    let sent: serde_json::Value = serde_json::from_str(&received[0].body).unwrap();
    assert_eq!(
        sent,
        serde_json::json!({"title": "Buy milk", "tags": ["home"]})
    );
    assert_eq!(received[1].method, "GET");
    assert_eq!(received[1].target, "/v1/notes/n-7");
    assert_eq!(received[1].body, "");
}

#[tokio::test]
async fn query_parameters_are_encoded_and_checked_before_sending() {
    let (client, log) = start().await;
    let params = ListNotesParams {
        tag: Some("to do/now".to_owned()),
        limit: Some(5),
    };
    let page = client.list_notes(&params).await.unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(
        log.lock().unwrap()[0].target,
        "/v1/notes?tag=to%20do%2Fnow&limit=5"
    );

    // 0 is below the documented minimum of 1: refused, and nothing is sent.
    let params = ListNotesParams {
        limit: Some(0),
        ..Default::default()
    };
    let error = client.list_notes(&params).await.unwrap_err();
    assert!(matches!(error, Error::InvalidArgument { .. }), "{error:?}");
    assert_eq!(log.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_documented_error_answer_decodes_into_its_type() {
    let (client, log) = start().await;
    let error = client.get_note("a/b c").await.unwrap_err();
    let Error::Status(response) = error else {
        panic!("not a status error: {error:?}");
    };
    assert_eq!(response.status, 404);
    let ErrorBody::Problem(problem) = &response.body else {
        panic!("not the documented body: {:?}", response.body);
    };
    assert_eq!(problem.message, "no such note");
    // The id stays one path segment.
    assert_eq!(log.lock().unwrap()[0].target, "/v1/notes/a%2Fb%20c");
}

/// This crate's `Cargo.toml` holds the tables the generator says the module needs, so
/// the example cannot drift from the generator's list.
#[test]
fn cargo_toml_lists_what_the_generated_code_needs() {
    let needed = include_str!(concat!(env!("OUT_DIR"), "/dependencies.toml"));
    let manifest = include_str!("../Cargo.toml");
    assert!(!needed.is_empty());
    assert!(
        manifest.contains(needed),
        "Cargo.toml lacks some of:\n{needed}"
    );
}

/// The document is in several files (paths and schemas in files of their own), and the
/// build script read every one of them (and watches them all).
#[test]
fn every_file_of_the_split_document_was_read() {
    let sources: Vec<&str> = include_str!(concat!(env!("OUT_DIR"), "/sources.txt"))
        .lines()
        .collect();
    assert_eq!(
        sources,
        [
            "openapi.yaml",
            // The root's components that are only references are read first.
            "schemas/new_note.yaml",
            "schemas/note.yaml",
            "paths/notes.yaml",
            "paths/notes_{id}.yaml",
            "schemas/common.yaml"
        ]
    );
}
