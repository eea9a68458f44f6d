//! The crate documentation's guide to the client: how calls, retries, timeouts, pages
//! and tracing behave, with a compiled example. Written here (trusted Markdown with
//! links into the crate), unlike document text, which goes through [`super::docs`].
//! Defaults are not repeated here: the guide links to the items that hold them.

use crate::config::{Config, Layout};
use crate::ir::{Api, Auth, FeatureOf, SchemeKind};
use crate::naming;

/// The section on the crate's cargo features of tags, in Markdown; empty without them.
pub(crate) fn features_section(api: &Api) -> String {
    if api.features.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "\n## Features\n\n\
Each tag of the API is a cargo feature that compiles its operations and the types they \
use; `full` (on by default) turns them all on. To compile only what you call, turn the \
default off and name the tags: \
`cargo add <crate> --no-default-features --features <tag>`. Without any, the crate holds \
no client and only the types every tag's operations use.\n\n",
    );
    for feature in &api.features {
        let what = match &feature.of {
            FeatureOf::Tag(tag) => format!("the operations tagged {}", super::code(tag)),
            FeatureOf::Untagged => "the operations without a tag".to_owned(),
            FeatureOf::OtherTypes => {
                "the types of the schemas no operation uses (webhook payloads, say)".to_owned()
            }
        };
        out.push_str(&format!("- `{}`: {what}.\n", feature.name));
    }
    out
}

/// The guide, in Markdown.
pub(crate) fn client_guide(api: &Api, config: &Config) -> String {
    let mut out = String::from(
        "\n## Calls\n\n\
Every operation is a method of [`Client`] answering a future of the decoded body (await \
it; nothing is sent until then). Each also has a `*_with` form that takes [`RequestOptions`] (extra headers, a timeout, a retry \
policy for that call) and answers an [`ApiResponse`]: the body with the response's status \
and headers ([`ApiResponse::request_id`], [`ApiResponse::header`]). Errors carry the \
status and headers too ([`Error::headers`], [`Error::request_id`]). Every request sends \
`User-Agent: <crate>/<version>` ([`USER_AGENT`]).\n",
    );
    if let Some(example) = usage_example(api, config) {
        out.push_str(&example);
    }
    for header in &api.client_headers {
        let setting = naming::unraw(&header.setting);
        out.push_str(&format!(
            "\nThe {} header is a client setting (`Client::with_{setting}`), overridden per call \
with `RequestOptions::with_{setting}`; the one the server answers with is \
`ApiResponse::{setting}()`.\n",
            super::code(&header.header)
        ));
    }
    out.push_str(
        "\n## Retries\n\n\
Calls of idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS) are retried after `429`, \
`502`, `503` and `504` answers and after connections that fail or drop before the whole \
response arrived, with exponential backoff and jitter, honouring `Retry-After` (seconds or \
an HTTP date, up to a cap). POST and PATCH are never retried, unless the operation \
declares an `Idempotency-Key` header: then a key is made when the caller gives none, and \
the same key goes out on every attempt. See [`RetryPolicy`] for the defaults, \
[`Client::with_retry_policy`] to change them and [`RetryPolicy::none`] to turn retries \
off.\n\
\n## Timeouts\n\n\
Every call has a timeout ([`DEFAULT_TIMEOUT`] unless changed with \
[`Client::with_timeout`] or per call with [`RequestOptions::with_timeout`]). A timeout is \
an [`Error::Transport`] for which [`Error::is_timeout`] holds; it is not retried.\n",
    );
    out.push_str(&pagination_section(api));
    out.push_str(
        "\n## Tracing\n\n\
With the cargo feature `tracing`, every HTTP attempt runs in an `http_request` span with \
the method, the path template (not the path, which holds ids), the attempt number, the \
status and the latency in milliseconds; retries are logged at debug level. Credentials are \
never recorded nor shown by any `Debug` implementation, and neither are the values of \
headers set with [`RequestOptions::with_header`].\n",
    );
    if !api.examples.is_empty() {
        out.push_str(
            "\n## Examples in the document\n\n\
Every `example` and `examples` value of the API document is a unit test of this crate \
(`cargo test`): it must decode into its Rust type and encode back to the same JSON.\n",
        );
    }
    out
}

fn pagination_section(api: &Api) -> String {
    let paginated: Vec<String> = api
        .operations
        .iter()
        .filter(|op| op.pagination.is_some())
        .map(|op| {
            // A link only to a method there whatever the features.
            let link = |method: &str| {
                if op.gate.is_open() {
                    format!("[`Client::{method}`]")
                } else {
                    format!("`Client::{method}`")
                }
            };
            format!(
                "- `{}`: {} yields every item, {} every page.\n",
                naming::unraw(&op.rust_name),
                link(&op.derived.stream),
                link(&op.derived.pages)
            )
        })
        .collect();
    if paginated.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "\n## Pagination\n\n\
Cursor-paginated lists can be walked to the end as a [`Stream`]; the \
walk stops when the next cursor is null or absent, and ends with \
[`Error::RepeatedCursor`] if the server repeats a cursor:\n\n",
    );
    for line in &paginated {
        out.push_str(line);
    }
    out.push_str(
        "\nThe generator finds these from the document: a GET with an optional string query \
parameter `after` that answers an object with an array `items` and a string \
`pagination.after`. An operation can also say so itself with the extension \
`x-pagination: {cursor-param: after, items: items, next-cursor: pagination.after}`, or \
opt out with `x-pagination: false`.\n",
    );
    out
}

/// A compiled (not run) crate-level example: a client with a timeout and a retry policy
/// walking the first paginated list whose parameters all have defaults.
fn usage_example(api: &Api, config: &Config) -> Option<String> {
    let op = api.operations.iter().find(|op| {
        op.pagination.is_some() && op.params.as_ref().is_some_and(|p| p.all_optional())
    })?;
    let name = config.crate_name.replace('-', "_");
    // A module of the user's crate cannot be named from a doctest (its place is the
    // user's choice): the example is shown as the crate root would use it, not compiled.
    let (krate, fence) = match config.layout {
        // An operation of one tag is there only with its feature, which a doctest run
        // with other features does not have.
        Layout::Crate if !op.gate.is_open() => (name, "ignore"),
        Layout::Crate => (name, "no_run"),
        Layout::Module => (format!("crate::{name}"), "ignore"),
    };
    let (credentials_use, credentials) = match &api.auth {
        Auth::None => ("", String::new()),
        Auth::Basic => (
            "Credentials, ",
            ", Credentials::new(\"client id\", \"client secret\")".to_owned(),
        ),
        Auth::Bearer => (
            "Credentials, ",
            ", Credentials::bearer(\"token\")".to_owned(),
        ),
        Auth::ApiKey { .. } => (
            "Credentials, ",
            ", Credentials::api_key(\"key\")".to_owned(),
        ),
        Auth::Schemes(schemes) => {
            let setting = schemes.first().map_or("", |s| naming::unraw(&s.setting));
            let arguments = match schemes.first().map(|s| &s.kind) {
                Some(SchemeKind::Basic) => "\"client id\", \"client secret\"",
                _ => "\"token\"",
            };
            (
                "Credentials, ",
                format!(", Credentials::new().{setting}({arguments})"),
            )
        }
    };
    let (with, stream) = (&op.derived.with, &op.derived.stream);
    Some(format!(
        r#"
```{fence}
use std::time::Duration;
use {krate}::prelude::*;
use {krate}::{{Client, {credentials_use}RequestOptions, RetryPolicy}};

# async fn run() -> Result<(), {krate}::Error> {{
let client = Client::new("https://api.example.com"{credentials})?
    .with_timeout(Duration::from_secs(10))
    .with_retry_policy(RetryPolicy::new().with_max_attempts(5));

// One page, with the response's status and headers.
let options = RequestOptions::new().with_timeout(Duration::from_secs(2));
let page = client.{with}(&Default::default(), &options).await?;
println!("{{}} {{:?}}", page.status, page.request_id());

// Every item, page after page.
let mut items = std::pin::pin!(client.{stream}(&Default::default()));
while let Some(item) = items.try_next().await? {{
    println!("{{item:?}}");
}}
# Ok(())
# }}
```
"#
    ))
}
