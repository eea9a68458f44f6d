//! What reaches the wire, byte for byte: requests sent with reqwest to a loopback server
//! that records them as received (not the crate's own mock), for form bodies, multipart
//! bodies and query parameters with `allowReserved`.

use serde::Serialize;

use crate::runtime::form_body::{FormField, FormRule, form_body};
use crate::runtime::multipart::{FilePart, Parts};
use crate::runtime::url::UrlBuilder;
use crate::tests::server::Server;

/// Sends `request` to a new server answering 204 and returns the request it received.
async fn received(
    build: impl FnOnce(&reqwest::Client, &str) -> reqwest::RequestBuilder,
) -> Vec<u8> {
    let server = Server::answering(204, "", "");
    let http = reqwest::Client::new();
    let response = build(&http, &server.base_url).send().await;
    assert_eq!(response.map(|r| r.status().as_u16()).ok(), Some(204));
    server.raw_requests().into_iter().next().unwrap_or_default()
}

/// The request line (`POST /form HTTP/1.1`).
fn request_line(request: &[u8]) -> String {
    let text = String::from_utf8_lossy(request);
    text.lines().next().unwrap_or_default().to_owned()
}

/// The body (what follows the blank line after the head).
fn body(request: &[u8]) -> String {
    let text = String::from_utf8_lossy(request);
    text.split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default()
}

#[derive(Serialize)]
struct Color {
    #[serde(rename = "R")]
    r: u8,
    #[serde(rename = "G")]
    g: u8,
}

#[derive(Serialize)]
struct Search {
    name: String,
    tags: Vec<String>,
    ids: Vec<i64>,
    color: Color,
    filter: Color,
    meta: Color,
    path: String,
    missing: Option<String>,
}

fn search() -> Search {
    Search {
        name: "a b&c".to_owned(),
        tags: vec!["x".to_owned(), "y/z".to_owned()],
        ids: vec![3, 4],
        color: Color { r: 100, g: 200 },
        filter: Color { r: 1, g: 2 },
        meta: Color { r: 5, g: 6 },
        path: "/a?b=c&d#e".to_owned(),
        missing: None,
    }
}

fn style(
    name: &'static str,
    style: &'static str,
    explode: bool,
    allow_reserved: bool,
) -> FormField {
    FormField {
        name,
        rule: FormRule::Style {
            style,
            explode,
            allow_reserved,
        },
    }
}

#[tokio::test]
async fn a_form_body_writes_each_property_by_its_encoding() {
    let fields = [
        style("name", "form", true, false),
        style("tags", "form", true, false),
        style("ids", "pipeDelimited", false, false),
        style("color", "deepObject", true, false),
        style("filter", "form", false, false),
        FormField {
            name: "meta",
            rule: FormRule::Json,
        },
        style("path", "form", true, true),
    ];
    let text = form_body(&search(), &fields).expect("an object body");
    let request = received(|http, base| {
        http.post(format!("{base}/form"))
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(text)
    })
    .await;
    assert_eq!(request_line(&request), "POST /form HTTP/1.1");
    assert_eq!(
        body(&request),
        "name=a%20b%26c&tags=x&tags=y%2Fz&ids=3|4&color[R]=100&color[G]=200\
         &filter=R,1,G,2&meta=%7B%22R%22%3A5%2C%22G%22%3A6%7D&path=/a?b=c&d%23e"
    );
}

#[tokio::test]
async fn a_form_body_without_rules_uses_the_defaults() {
    // No rule listed: scalars and arrays of scalars in `form`, exploded; objects as JSON.
    let text = form_body(&search(), &[]).expect("an object body");
    assert_eq!(
        text,
        "name=a%20b%26c&tags=x&tags=y%2Fz&ids=3&ids=4\
         &color=%7B%22R%22%3A100%2C%22G%22%3A200%7D&filter=%7B%22R%22%3A1%2C%22G%22%3A2%7D\
         &meta=%7B%22R%22%3A5%2C%22G%22%3A6%7D&path=%2Fa%3Fb%3Dc%26d%23e"
    );
}

#[test]
fn a_form_body_that_is_not_an_object_is_refused() {
    assert!(form_body(&["a"], &[]).is_err());
}

fn query_request(
    value: &str,
    allow_reserved: bool,
) -> impl FnOnce(&reqwest::Client, &str) -> reqwest::RequestBuilder {
    let value = value.to_owned();
    move |http, base| {
        let mut url = UrlBuilder::new(base);
        url.push("/search");
        url.push_query_param("q", &value, "form", true, allow_reserved)
            .expect("a short value");
        url.push_query_param("ids", &[1, 2], "form", false, allow_reserved)
            .expect("a short value");
        http.get(url.finish())
    }
}

#[tokio::test]
async fn allow_reserved_leaves_reserved_characters_as_they_are() {
    let value = ":/?[]@!$&'()*+,;= #%é";
    let request = received(query_request(value, true)).await;
    // `'` leaves as `%27`: the WHATWG URL parser reqwest uses encodes it in the query of
    // an `http` URL, whatever the client writes. `#` stays encoded (it would end the
    // URL), and so do the space, `%` and non-ASCII.
    assert_eq!(
        request_line(&request),
        "GET /search?q=:/?[]@!$&%27()*+,;=%20%23%25%C3%A9&ids=1,2 HTTP/1.1"
    );
    let request = received(query_request(value, false)).await;
    assert_eq!(
        request_line(&request),
        "GET /search?q=%3A%2F%3F%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%20%23%25%C3%A9&ids=1,2 HTTP/1.1"
    );
}

#[derive(Serialize)]
struct Meta {
    kind: &'static str,
}

/// The parts of a body with every kind of part: a file with the defaults, a file with
/// its own name and type, two files under one name, a text value, a list of text values,
/// an object as JSON, an absent value, and a fixed header.
fn upload_parts() -> Parts {
    let mut parts = Parts::default();
    let octet = "application/octet-stream";
    parts
        .push(
            "file",
            FilePart::new(b"\x00\xffbin".to_vec()),
            octet,
            false,
            &[],
        )
        .expect("a file");
    let photo = FilePart::new(b"PNG".to_vec())
        .with_file_name("me.png")
        .with_content_type("image/png")
        .with_header("X-Origin", "camera");
    parts
        .push("photo", Some(photo), "image/*", false, &[])
        .expect("a file");
    let files = vec![FilePart::new(b"a".to_vec()), FilePart::new(b"b".to_vec())];
    parts
        .push("files", files, octet, false, &[])
        .expect("files");
    parts
        .push(
            "title",
            "Q1 report",
            "text/plain",
            false,
            &[("X-Lang", "en")],
        )
        .expect("a text");
    parts
        .push("tags", &["x", "y"], "text/plain", false, &[])
        .expect("a list");
    parts
        .push("meta", &Meta { kind: "doc" }, "application/json", true, &[])
        .expect("an object");
    parts
        .push("none", &None::<String>, "text/plain", false, &[])
        .expect("nothing");
    parts
}

#[tokio::test]
async fn a_multipart_body_reaches_the_wire_part_by_part() {
    let form = upload_parts().into_form().expect("valid parts");
    let request = received(|http, base| http.post(format!("{base}/upload")).multipart(form)).await;
    let text = String::from_utf8_lossy(&request).into_owned();
    let boundary = text
        .lines()
        .find_map(|line| line.strip_prefix("content-type: multipart/form-data; boundary="))
        .expect("a multipart content type")
        .to_owned();
    let body = body(&request).replace(&boundary, "B");
    let part = |head: &str, content: &str| format!("--B\r\n{head}\r\n\r\n{content}\r\n");
    let expected = [
        part(
            "Content-Disposition: form-data; name=\"file\"; filename=\"file\"\r\nContent-Type: application/octet-stream",
            "\u{0}\u{fffd}bin",
        ),
        part(
            "Content-Disposition: form-data; name=\"photo\"; filename=\"me.png\"\r\nContent-Type: image/png\r\nx-origin: camera",
            "PNG",
        ),
        part(
            "Content-Disposition: form-data; name=\"files\"; filename=\"files\"\r\nContent-Type: application/octet-stream",
            "a",
        ),
        part(
            "Content-Disposition: form-data; name=\"files\"; filename=\"files\"\r\nContent-Type: application/octet-stream",
            "b",
        ),
        part("Content-Disposition: form-data; name=\"title\"\r\nx-lang: en", "Q1 report"),
        part("Content-Disposition: form-data; name=\"tags\"", "x"),
        part("Content-Disposition: form-data; name=\"tags\"", "y"),
        part(
            "Content-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json",
            "{\"kind\":\"doc\"}",
        ),
    ]
    .concat()
        + "--B--\r\n";
    assert_eq!(body, expected);
}

#[tokio::test]
async fn a_multipart_body_of_no_parts_is_the_closing_delimiter_not_nothing() {
    let mut parts = Parts::default();
    parts
        .push("none", &None::<String>, "text/plain", false, &[])
        .expect("nothing");
    let request = received(|http, base| {
        parts
            .attach(http.post(format!("{base}/upload")))
            .expect("no part to refuse")
    })
    .await;
    let text = String::from_utf8_lossy(&request).into_owned();
    let boundary = text
        .lines()
        .find_map(|line| line.strip_prefix("content-type: multipart/form-data; boundary="))
        .expect("a multipart content type")
        .to_owned();
    assert_eq!(body(&request), format!("--{boundary}--\r\n"));
    // With parts, `attach` writes them as `into_form` does.
    let request = received(|http, base| {
        upload_parts()
            .attach(http.post(format!("{base}/upload")))
            .expect("valid parts")
    })
    .await;
    assert!(body(&request).contains("name=\"title\""));
}

#[test]
fn a_content_type_http_cannot_carry_is_refused() {
    let mut parts = Parts::default();
    let file = FilePart::new(b"x".to_vec()).with_content_type("not a type");
    parts
        .push("file", file, "application/octet-stream", false, &[])
        .expect("a file");
    assert!(parts.into_form().is_err());
}
