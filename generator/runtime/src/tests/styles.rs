//! Parameter styles, checked against the examples of the OpenAPI specification's style
//! table (`color` as `"blue"`, `["blue", "black", "brown"]` and
//! `{"R": 100, "G": 200, "B": 150}`) and RFC 6570 where the table is silent.

use serde::Serialize;

use crate::error::Error;
use crate::runtime::cookie_params::Cookies;
use crate::runtime::header_params::header_value;
use crate::runtime::url::UrlBuilder;

/// The object of the specification's examples, with fields in that order.
#[derive(Serialize)]
#[allow(non_snake_case)]
struct Rgb {
    R: u8,
    G: u8,
    B: u8,
}

const RGB: Rgb = Rgb {
    R: 100,
    G: 200,
    B: 150,
};

fn colors() -> Vec<&'static str> {
    vec!["blue", "black", "brown"]
}

fn path<T: Serialize + ?Sized>(value: &T, style: &str, explode: bool) -> String {
    let mut url = UrlBuilder::new("");
    url.push_path_param("color", value, style, explode)
        .expect("a valid path value");
    url.finish()
}

fn query<T: Serialize + ?Sized>(value: &T, style: &str, explode: bool) -> String {
    let mut url = UrlBuilder::new("");
    url.push_query_param("color", value, style, explode, false)
        .expect("a valid query value");
    url.finish()
}

#[test]
fn path_styles_follow_the_specification() {
    let (simple, label, matrix) = ("simple", "label", "matrix");
    let cases: Vec<(&str, bool, [&str; 3])> = vec![
        (
            simple,
            false,
            ["blue", "blue,black,brown", "R,100,G,200,B,150"],
        ),
        (
            simple,
            true,
            ["blue", "blue,black,brown", "R=100,G=200,B=150"],
        ),
        // RFC 6570 `{.list}`: items joined by commas when not exploded.
        (
            label,
            false,
            [".blue", ".blue,black,brown", ".R,100,G,200,B,150"],
        ),
        (
            label,
            true,
            [".blue", ".blue.black.brown", ".R=100.G=200.B=150"],
        ),
        (
            matrix,
            false,
            [
                ";color=blue",
                ";color=blue,black,brown",
                ";color=R,100,G,200,B,150",
            ],
        ),
        (
            matrix,
            true,
            [
                ";color=blue",
                ";color=blue;color=black;color=brown",
                ";R=100;G=200;B=150",
            ],
        ),
    ];
    for (style, explode, [string, array, object]) in cases {
        assert_eq!(path("blue", style, explode), string, "{style:?} {explode}");
        assert_eq!(
            path(&colors(), style, explode),
            array,
            "{style:?} {explode}"
        );
        assert_eq!(path(&RGB, style, explode), object, "{style:?} {explode}");
    }
    assert_eq!(path("", matrix, false), ";color");
}

#[test]
fn path_values_stay_inside_their_segment() {
    assert_eq!(path("a/b?c d#e%", "simple", false), "a%2Fb%3Fc%20d%23e%25");
    assert_eq!(path("café", "simple", false), "caf%C3%A9");
    assert_eq!(path(&42, "simple", false), "42");
    for bad in ["", ".", ".."] {
        let mut url = UrlBuilder::new("");
        let refused = url.push_path_param("id", bad, "simple", false);
        assert!(
            matches!(
                refused,
                Err(Error::InvalidArgument {
                    parameter: "id",
                    ..
                })
            ),
            "{bad:?}"
        );
    }
    let mut url = UrlBuilder::new("");
    assert!(url.push_path_param("id", "", "label", false).is_err());
}

#[test]
fn query_styles_follow_the_specification() {
    let (form, space, pipe, deep) = ("form", "spaceDelimited", "pipeDelimited", "deepObject");
    assert_eq!(query("blue", form, true), "?color=blue");
    assert_eq!(query(&colors(), form, false), "?color=blue,black,brown");
    assert_eq!(
        query(&colors(), form, true),
        "?color=blue&color=black&color=brown"
    );
    assert_eq!(query(&RGB, form, false), "?color=R,100,G,200,B,150");
    assert_eq!(query(&RGB, form, true), "?R=100&G=200&B=150");
    assert_eq!(
        query(&colors(), space, false),
        "?color=blue%20black%20brown"
    );
    assert_eq!(
        query(&RGB, space, false),
        "?color=R%20100%20G%20200%20B%20150"
    );
    assert_eq!(query(&colors(), pipe, false), "?color=blue|black|brown");
    assert_eq!(query(&RGB, pipe, false), "?color=R|100|G|200|B|150");
    assert_eq!(
        query(&RGB, deep, true),
        "?color[R]=100&color[G]=200&color[B]=150"
    );
}

#[test]
fn query_values_are_encoded_and_absent_values_left_out() {
    let (form, deep) = ("form", "deepObject");
    // A comma inside a value is escaped, so the one between values stays a delimiter.
    assert_eq!(
        query(&["a,b", "c&d=e"], form, false),
        "?color=a%2Cb,c%26d%3De"
    );
    assert_eq!(query(&None::<u8>, form, true), "");
    assert_eq!(query(&Vec::<u8>::new(), form, true), "");
    assert_eq!(query(&true, form, true), "?color=true");
    assert_eq!(query(&1.5, form, true), "?color=1.5");

    #[derive(Serialize)]
    struct Filter {
        name: &'static str,
        tags: Vec<&'static str>,
        range: Range,
        missing: Option<u8>,
    }
    #[derive(Serialize)]
    struct Range {
        from: u8,
    }
    let filter = Filter {
        name: "a b",
        tags: vec!["x", "y"],
        range: Range { from: 1 },
        missing: None,
    };
    assert_eq!(
        query(&filter, deep, true),
        "?color[name]=a%20b&color[tags][]=x&color[tags][]=y&color[range][from]=1"
    );
    // An object inside an array has no style rule: it is sent as JSON text.
    assert_eq!(
        query(&[Range { from: 2 }], form, true),
        "?color=%7B%22from%22%3A2%7D"
    );
}

#[test]
fn several_query_parameters_are_joined() {
    let mut url = UrlBuilder::new("http://h/x");
    url.push_query_param("a", &1, "form", true, false)
        .expect("valid");
    url.push_query_param("b c", "d", "form", true, false)
        .expect("valid");
    crate::runtime::query::push_query_pair(&mut url, "key", "secret");
    assert_eq!(url.finish(), "http://h/x?a=1&b%20c=d&key=secret");
}

#[test]
fn headers_use_the_simple_style() {
    let text = |value: Option<reqwest::header::HeaderValue>| {
        value.map(|v| v.to_str().unwrap_or_default().to_owned())
    };
    assert_eq!(
        text(header_value("X", &colors(), false).expect("valid")),
        Some("blue,black,brown".to_owned())
    );
    assert_eq!(
        text(header_value("X", &RGB, true).expect("valid")),
        Some("R=100,G=200,B=150".to_owned())
    );
    assert_eq!(
        text(header_value("X", &RGB, false).expect("valid")),
        Some("R,100,G,200,B,150".to_owned())
    );
    assert_eq!(
        text(header_value("X", &None::<u8>, false).expect("valid")),
        None
    );
    assert!(matches!(
        header_value("X", "a\r\nInjected: yes", false),
        Err(Error::InvalidArgument { parameter: "X", .. })
    ));
}

#[test]
fn cookies_use_the_form_style_and_escape_what_would_break_the_header() {
    let mut cookies = Cookies::default();
    cookies.push("color", "blue", false).expect("valid");
    cookies.push("list", &colors(), false).expect("valid");
    cookies.push("each", &["a", "b"], true).expect("valid");
    cookies.push("rgb", &RGB, true).expect("valid");
    cookies.push("none", &None::<u8>, false).expect("valid");
    let request = cookies.apply(reqwest::Client::new().get("http://localhost/"));
    let request = request.build().expect("a request");
    assert_eq!(
        request.headers()["cookie"],
        "color=blue; list=blue,black,brown; each=a; each=b; R=100; G=200; B=150"
    );
    // Whatever a string holds is sent, percent-encoded where a cookie cannot hold it:
    // no second cookie, no broken header.
    let mut cookies = Cookies::default();
    for value in [
        "s1; admin=true",
        "a,b",
        "\"q\"",
        "a b",
        "x\ny",
        "50%",
        "é\\",
    ] {
        cookies.push("session", value, false).expect("any text");
    }
    let request = cookies.apply(reqwest::Client::new().get("http://localhost/"));
    let request = request.build().expect("a request");
    assert_eq!(
        request.headers()["cookie"],
        "session=s1%3B%20admin=true; session=a%2Cb; session=%22q%22; session=a%20b; \
         session=x%0Ay; session=50%25; session=%C3%A9%5C"
    );
}

#[test]
fn numbers_are_written_exactly_as_they_are() {
    // The writers read serde's JSON text back; without serde_json's `float_roundtrip`
    // `-1.034e-20` came back one bit off and went out as
    // `-0.000000000000000000010340000000000001`, which is not the value.
    let mut url = UrlBuilder::new("");
    url.push_query_param("x", &-1.034e-20_f64, "form", true, false)
        .unwrap();
    url.push_query_param("y", &0.1_f32, "form", true, false)
        .unwrap();
    assert_eq!(url.finish(), "?x=-0.00000000000000000001034&y=0.1");
}
