//! The driver of the contract check: a small binary crate beside the generated one
//! that calls each operation with arguments read from a plan (JSON values the
//! generated types decode with serde) and prints one JSON line per call. Also the
//! plan: each operation's arguments, built from the document (see [`super::values`]).

use openapi_codegen::ir::{
    Api, Auth, BodyMedia, Method, MultipartStruct, Operation, PartValue, SchemeKind, SuccessBody,
    TypeRef,
};
use openapi_codegen::lower::media::{is_json, media_essence};
use serde_json::{Value, json};

use super::values::{Unbuildable, ValueBuilder, escape_pointer};

/// The arguments of one call, in the order of the method's parameters: path parameters,
/// then every field of the params struct (`null` for one left out), then the body.
pub type Arguments = Vec<Value>;

/// Why an operation is not called.
pub fn unsupported(op: &Operation) -> Option<String> {
    match op.body.as_ref().map(|b| &b.media) {
        Some(BodyMedia::Multipart(None)) => Some(
            "a multipart body the document does not describe part by part: the argument is \
             a `reqwest::multipart::Form` the caller assembles"
                .to_owned(),
        ),
        Some(BodyMedia::Text(media)) if media.to_ascii_lowercase().contains("xml") => Some(
            "an XML body: the argument is XML text the caller writes, and the driver writes \
             no XML"
                .to_owned(),
        ),
        _ => None,
    }
}

/// `GET /users/{id}`.
pub fn label(op: &Operation) -> String {
    format!("{} {}", op.method.as_str(), op.path_template)
}

/// Whether a method only reads (what `--base-url` sends without `--allow-writes`).
pub fn is_safe(method: Method) -> bool {
    matches!(method, Method::Get | Method::Head)
}

/// The operation's arguments as the document describes them: its examples when the
/// builder uses them, else values built from its schemas.
pub fn arguments(
    document: &Value,
    op: &Operation,
    builder: &ValueBuilder<'_>,
) -> Result<Arguments, Unbuildable> {
    let path_at = format!("#/paths/{}", escape_pointer(&op.path_template));
    let method = op.method.as_str().to_ascii_lowercase();
    let op_at = format!("{path_at}/{method}");
    let path_item = document.get("paths").and_then(|p| p.get(&op.path_template));
    let operation = path_item.and_then(|item| item.get(&method));
    let mut out = Vec::new();
    let declared = declared_parameters(builder, path_item, operation, &path_at, &op_at)?;
    for param in &op.path_params {
        out.push(parameter_value(
            builder,
            &declared,
            &param.wire_name,
            "path",
            true,
        )?);
    }
    for param in op.params.iter().flat_map(|p| &p.fields) {
        let location = match param.location {
            openapi_codegen::ir::ParamLocation::Path => "path",
            openapi_codegen::ir::ParamLocation::Query => "query",
            openapi_codegen::ir::ParamLocation::Header => "header",
            openapi_codegen::ir::ParamLocation::Cookie => "cookie",
        };
        // Optional parameters are sent in the first variant and every other one.
        if !param.required && !builder.variant().is_multiple_of(2) {
            out.push(Value::Null);
            continue;
        }
        out.push(parameter_value(
            builder,
            &declared,
            &param.wire_name,
            location,
            param.required,
        )?);
    }
    if let Some(body) = &op.body {
        out.push(body_value(builder, operation, &op_at, &body.media)?);
    }
    Ok(out)
}

/// A declared parameter: its name, where it goes, its definition and pointer.
struct Declared<'d> {
    name: String,
    location: String,
    definition: &'d Value,
    at: String,
}

/// The operation's parameters, then the path item's that it does not override.
fn declared_parameters<'d>(
    builder: &ValueBuilder<'d>,
    path_item: Option<&'d Value>,
    operation: Option<&'d Value>,
    path_at: &str,
    op_at: &str,
) -> Result<Vec<Declared<'d>>, Unbuildable> {
    let mut out: Vec<Declared<'d>> = Vec::new();
    for (holder, at) in [(operation, op_at), (path_item, path_at)] {
        let list = holder
            .and_then(|h| h.get("parameters"))
            .and_then(Value::as_array);
        for (index, parameter) in list.into_iter().flatten().enumerate() {
            let (definition, at) =
                builder.resolve(parameter, &format!("{at}/parameters/{index}"))?;
            let name = definition.get("name").and_then(Value::as_str).unwrap_or("");
            let location = definition.get("in").and_then(Value::as_str).unwrap_or("");
            let known = out
                .iter()
                .any(|d| d.name.eq_ignore_ascii_case(name) && d.location == location);
            if !known {
                out.push(Declared {
                    name: name.to_owned(),
                    location: location.to_owned(),
                    definition,
                    at,
                });
            }
        }
    }
    Ok(out)
}

fn parameter_value(
    builder: &ValueBuilder<'_>,
    declared: &[Declared<'_>],
    wire_name: &str,
    location: &str,
    required: bool,
) -> Result<Value, Unbuildable> {
    // Query arrays get two items (see `for_parameter`); a path array of two items stops
    // Prism ("value.split is not a function", autorest-url's `arrayPath`).
    if location != "query" {
        let parameter = builder.as_text();
        let value = declared_parameter_value(&parameter, declared, wire_name, location, required);
        builder.record_examples_of(&parameter);
        return value;
    }
    let parameter = builder.for_parameter().as_text();
    let value = declared_parameter_value(&parameter, declared, wire_name, location, required);
    builder.record_examples_of(&parameter);
    value
}

fn declared_parameter_value(
    builder: &ValueBuilder<'_>,
    declared: &[Declared<'_>],
    wire_name: &str,
    location: &str,
    required: bool,
) -> Result<Value, Unbuildable> {
    let Some(found) = declared.iter().find(|d| {
        d.location == location
            && (d.name == wire_name
                || (location == "header" && d.name.eq_ignore_ascii_case(wire_name)))
    }) else {
        // A path variable the document does not declare: any string will do.
        return Ok(if required {
            json!("value")
        } else {
            Value::Null
        });
    };
    if let Some(example) = builder.example_of(found.definition) {
        return Ok(example);
    }
    if let Some(schema) = found.definition.get("schema") {
        let at = format!("{}/schema", found.at);
        return if location == "path" {
            builder.build_whole(schema, &at)
        } else {
            builder.build(schema, &at)
        };
    }
    // `content`: the one media type's example or schema.
    if let Some((media, entry)) = found
        .definition
        .get("content")
        .and_then(Value::as_object)
        .and_then(|c| c.iter().next())
    {
        if let Some(example) = builder.example_of(entry) {
            return Ok(example);
        }
        if let Some(schema) = entry.get("schema") {
            let at = format!("{}/content/{}/schema", found.at, escape_pointer(media));
            return builder.build(schema, &at);
        }
    }
    Ok(json!("value"))
}

/// The body, from the media type the generator chose (its example or its schema).
fn body_value(
    builder: &ValueBuilder<'_>,
    operation: Option<&Value>,
    op_at: &str,
    media: &BodyMedia,
) -> Result<Value, Unbuildable> {
    let body_at = format!("{op_at}/requestBody");
    let Some(body) = operation.and_then(|o| o.get("requestBody")) else {
        return Ok(json!({}));
    };
    let (body, body_at) = builder.resolve(body, &body_at)?;
    let content = body.get("content").and_then(Value::as_object);
    let chosen = content.into_iter().flatten().find(|(key, entry)| {
        let essence = media_essence(key);
        match media {
            BodyMedia::Json => {
                is_json(key) || (essence.contains('*') && entry.get("schema").is_some())
            }
            BodyMedia::Form(_) => essence == "application/x-www-form-urlencoded",
            BodyMedia::Multipart(_) => essence == "multipart/form-data",
            BodyMedia::Text(chosen) | BodyMedia::Bytes(chosen) => {
                key.as_str() == chosen.as_str() || essence.contains('*')
            }
        }
    });
    let Some((key, entry)) = chosen else {
        return Ok(json!({}));
    };
    if let Some(example) = builder.example_of(entry) {
        return Ok(example);
    }
    let Some(schema) = entry.get("schema") else {
        return Ok(json!("value"));
    };
    let at = format!("{body_at}/content/{}/schema", escape_pointer(key));
    let value = builder.build(schema, &at)?;
    Ok(match media {
        // Text and bytes are sent as they are: a string stands for itself, anything
        // else as its JSON text.
        BodyMedia::Text(_) | BodyMedia::Bytes(_) => match value {
            Value::String(text) => Value::String(text),
            other => Value::String(other.to_string()),
        },
        _ => value,
    })
}

/// The driver's `Cargo.toml`.
pub fn manifest(driver_package: &str, api_package: &str) -> String {
    format!(
        "# Written by `cargo xtask contract`: calls every operation of the generated crate.\n\
         [package]\nname = \"{driver_package}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\napi = {{ package = \"{api_package}\", path = \"../api\" }}\n\
         serde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = {{ version = \"1\", features = [\"float_roundtrip\"] }}\nserde_path_to_error = \"0.1\"\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n"
    )
}

/// The driver's `src/main.rs`: one function per operation it calls, and the loop over
/// the plan.
pub fn main_source(api: &Api, driven: &[usize]) -> String {
    let mut functions = String::new();
    let mut arms = String::new();
    for &index in driven {
        let Some(op) = api.operations.get(index) else {
            continue;
        };
        functions.push_str(&call_function(api, index, op));
        arms.push_str(&format!(
            "            {index} => call_{index}(&client, &call.args, &options).await,\n"
        ));
    }
    let client = match &api.auth {
        Auth::None => "api::Client::new(base_url)".to_owned(),
        auth => {
            let basic = "let (id, secret) = credential.split_once(':').unwrap_or((credential.as_str(), \"secret\"));";
            let credentials = match auth {
                Auth::Basic => format!("{{ {basic} api::Credentials::new(id, secret) }}"),
                Auth::Bearer => "api::Credentials::bearer(credential.as_str())".to_owned(),
                // One credential for every scheme: Prism checks that each is present and
                // well formed, a real server which it accepts.
                Auth::Schemes(schemes) => {
                    let settings: String = schemes
                        .iter()
                        .map(|scheme| match scheme.kind {
                            SchemeKind::Basic => {
                                format!(".with_basic_for({:?}, id, secret)", scheme.name)
                            }
                            _ => format!(".with_token_for({:?}, credential.as_str())", scheme.name),
                        })
                        .collect();
                    let split = if schemes.iter().any(|s| s.kind == SchemeKind::Basic) {
                        basic
                    } else {
                        ""
                    };
                    format!("{{ {split} api::Credentials::new(){settings} }}")
                }
                _ => "api::Credentials::api_key(credential.as_str())".to_owned(),
            };
            format!(
                "api::Client::new_with(base_url, {credentials}, api::ClientOptions::new().allow_insecure_http(true))"
            )
        }
    };
    DRIVER_TEMPLATE
        .replace("/*CLIENT*/", &client)
        .replace("/*ARMS*/\n", &arms)
        .replace("/*FUNCTIONS*/\n", &functions)
}

/// The statements that make a multipart request struct: its value parts from the
/// plan's JSON object (by part name), and a small file for each file part the object
/// holds (the builder writes a string for a binary property) or that is required.
fn multipart_body(api: &Api, form: &MultipartStruct, position: usize) -> String {
    let mut fields = String::new();
    for part in &form.parts {
        let wire = &part.wire_name;
        let file = "api::FilePart::new(b\"contract\".to_vec()).with_file_name(\"contract.bin\")";
        let value = match &part.value {
            PartValue::File | PartValue::Files => {
                let one = if part.value == PartValue::Files {
                    format!("vec![{file}]")
                } else {
                    file.to_owned()
                };
                if part.required {
                    one
                } else {
                    format!("parts.get({wire:?}).filter(|v| !v.is_null()).map(|_| {one})")
                }
            }
            PartValue::Text(ty) | PartValue::Json(ty) => {
                let ty = rust_type(api, ty);
                let ty = if part.required {
                    ty
                } else {
                    format!("Option<{ty}>")
                };
                format!(
                    "arg::<{ty}>(&[parts.get({wire:?}).cloned().unwrap_or(Value::Null)], 0, {wire:?})?"
                )
            }
        };
        fields.push_str(&format!("        {}: {value},\n", part.rust_name));
    }
    format!(
        "    let parts: Value = arg(args, {position}, \"body\")?;\n    let body = models::{} {{\n{fields}    }};\n",
        form.name
    )
}

/// The function that calls one operation with the plan's arguments.
fn call_function(api: &Api, index: usize, op: &Operation) -> String {
    let mut lines = String::new();
    let mut passed = Vec::new();
    let mut position = 0;
    for param in &op.path_params {
        let ty = rust_type(api, &param.ty);
        let name = format!("a{position}");
        lines.push_str(&format!(
            "    let {name}: {ty} = arg(args, {position}, {:?})?;\n",
            param.wire_name
        ));
        let by_value = matches!(
            param.ty,
            TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64
        );
        passed.push(if by_value { name } else { format!("&{name}") });
        position += 1;
    }
    if let Some(params) = &op.params {
        let mut fields = String::new();
        for param in &params.fields {
            fields.push_str(&format!(
                "        {}: arg(args, {position}, {:?})?,\n",
                param.rust_name, param.wire_name
            ));
            position += 1;
        }
        lines.push_str(&format!(
            "    let params = models::{} {{\n{fields}    }};\n",
            params.name
        ));
        passed.push("&params".to_owned());
    }
    if let Some(body) = &op.body
        && let BodyMedia::Multipart(Some(form)) = &body.media
    {
        lines.push_str(&multipart_body(api, form, position));
        passed.push(if body.required {
            "body".to_owned()
        } else {
            "Some(body)".to_owned()
        });
    } else if let Some(body) = &op.body {
        let (ty, pass) = match &body.media {
            BodyMedia::Text(_) => ("String".to_owned(), "body.as_str()"),
            BodyMedia::Bytes(_) => ("String".to_owned(), "body.into_bytes()"),
            _ => match &body.ty {
                TypeRef::Vec(_) => (rust_type(api, &body.ty), "body.as_slice()"),
                other => (rust_type(api, other), "&body"),
            },
        };
        lines.push_str(&format!(
            "    let body: {ty} = arg(args, {position}, \"body\")?;\n"
        ));
        passed.push(if body.required {
            pass.to_owned()
        } else {
            format!("Some({pass})")
        });
    }
    passed.push("options".to_owned());
    let pointer = match &op.success {
        SuccessBody::Json(ty) => format!("decode_pointer::<{}>", rust_type(api, ty)),
        _ => "no_pointer".to_owned(),
    };
    format!(
        "/// `{}`\nasync fn call_{index}(client: &api::Client, args: &[Value], options: &api::RequestOptions) -> Result<Value, Value> {{\n{lines}    Ok(report(client.{}_with({}).await, {pointer}))\n}}\n\n",
        label(op).replace('`', "'"),
        op.rust_name,
        passed.join(", ")
    )
}

/// The Rust type of a reference, as the generated crate names it (`models::User`).
fn rust_type(api: &Api, ty: &TypeRef) -> String {
    openapi_codegen::emit::type_tokens(api, ty, false).to_string()
}

const DRIVER_TEMPLATE: &str = r#"//! Written by `cargo xtask contract`: calls operations of the generated crate with the
//! arguments of a plan (`driver PLAN BASE_URL`) and prints one JSON line per call.

#![allow(unused_imports, dead_code, clippy::all)]

use api::models;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

#[derive(serde::Deserialize)]
struct Call {
    op: usize,
    args: Vec<Value>,
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut argv = std::env::args().skip(1);
    let (Some(plan), Some(base_url)) = (argv.next(), argv.next()) else {
        eprintln!("usage: driver PLAN BASE_URL");
        std::process::exit(2);
    };
    let credential = std::env::var("CONTRACT_CREDENTIAL").unwrap_or_else(|_| "contract-id:contract-secret".to_owned());
    let _ = &credential;
    let text = match std::fs::read_to_string(&plan) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("{plan}: {error}");
            std::process::exit(2);
        }
    };
    let calls: Vec<Call> = match serde_json::from_str(&text) {
        Ok(calls) => calls,
        Err(error) => {
            eprintln!("{plan}: {error}");
            std::process::exit(2);
        }
    };
    let client = match /*CLIENT*/ {
        Ok(client) => client,
        Err(error) => {
            eprintln!("the client cannot be made: {error}");
            std::process::exit(2);
        }
    };
    let options = api::RequestOptions::new().with_retry_policy(api::RetryPolicy::none());
    for (number, call) in calls.iter().enumerate() {
        let result = match call.op {
/*ARMS*/
            _ => Err(json!({"outcome": "unknown-operation"})),
        };
        let mut line = match result {
            Ok(line) | Err(line) => line,
        };
        line["call"] = json!(number);
        println!("{line}");
    }
}

/// The argument at `index`, decoded into its Rust type.
fn arg<T: DeserializeOwned>(args: &[Value], index: usize, name: &str) -> Result<T, Value> {
    let value = args.get(index).cloned().unwrap_or(Value::Null);
    serde_path_to_error::deserialize::<_, T>(value).map_err(|error| {
        json!({
            "outcome": "argument",
            "argument": name,
            "pointer": pointer(error.path()),
            "detail": error.inner().to_string(),
        })
    })
}

/// A serde path as a JSON pointer.
fn pointer(path: &serde_path_to_error::Path) -> String {
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => out.push_str(&format!("/{index}")),
            serde_path_to_error::Segment::Map { key } => {
                out.push('/');
                out.push_str(&key.replace('~', "~0").replace('/', "~1"));
            }
            _ => {}
        }
    }
    out
}

/// Where and why a body does not decode into `T`.
fn decode_pointer<T: DeserializeOwned>(body: &[u8]) -> Option<(String, String)> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Ok(_) => None,
        Err(error) => Some((pointer(error.path()), error.inner().to_string())),
    }
}

fn no_pointer(_: &[u8]) -> Option<(String, String)> {
    None
}

/// Prism's `sl-violations` header, as JSON; as text when it is not JSON (Prism cuts a
/// long one short behind "Too many violations! ", which the judge reads).
fn violations(headers: Option<&api::reqwest::header::HeaderMap>) -> Value {
    headers
        .and_then(|h| h.get("sl-violations"))
        .and_then(|v| v.to_str().ok())
        .map(|text| {
            serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
        })
        .unwrap_or(Value::Null)
}

fn report<T>(
    result: Result<api::ApiResponse<T>, api::Error>,
    pointer: fn(&[u8]) -> Option<(String, String)>,
) -> Value {
    match result {
        Ok(response) => json!({
            "outcome": "ok",
            "status": response.status.as_u16(),
            "violations": violations(Some(&response.headers)),
        }),
        Err(error) => {
            let status = error.status().map(|s| s.as_u16());
            let found = violations(error.headers());
            match &error {
                api::Error::Decode(decode) => {
                    let (at, detail) = pointer(&decode.body)
                        .unwrap_or_else(|| (String::new(), decode.source.to_string()));
                    // The value that did not decode, when short (the body is cut).
                    let value = serde_json::from_slice::<Value>(&decode.body)
                        .ok()
                        .and_then(|body| body.pointer(&at).cloned())
                        .filter(|value| value.to_string().len() <= 200)
                        .unwrap_or(Value::Null);
                    let body = String::from_utf8_lossy(&decode.body);
                    let body: String = body.chars().take(300).collect();
                    json!({"outcome": "decode", "status": status, "violations": found,
                           "pointer": at, "detail": detail, "body": body, "value": value})
                }
                api::Error::Status(response) => {
                    let body: String = format!("{:?}", response.body).chars().take(600).collect();
                    // Prism's own errors are JSON it did not document: the raw text.
                    let problem = match &response.body {
                        api::ErrorBody::Text(text) => serde_json::from_str::<Value>(text).ok(),
                        _ => None,
                    };
                    // Whether the body read as a documented error type.
                    let typed = !matches!(response.body, api::ErrorBody::Text(_));
                    json!({"outcome": "status", "status": status, "violations": found,
                           "detail": body, "problem": problem, "typed": typed})
                }
                api::Error::InvalidArgument { .. } => {
                    json!({"outcome": "refused", "detail": error.to_string()})
                }
                _ => json!({"outcome": "error", "status": status, "violations": found,
                            "detail": error.to_string()}),
            }
        }
    }
}

/*FUNCTIONS*/
"#;
