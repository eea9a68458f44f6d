//! `Cargo.toml` with exactly the dependencies and features the code uses, and the
//! `rustfmt.toml` that keeps `cargo fmt` off the generated layout. The format stage adds
//! each file's header line.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::{EmittedFile, one_line};
use crate::config::Config;
use crate::ir::{Api, BodyMedia, FeatureOf, FormatType, TypeRef};
use crate::runtime::Piece;

/// The Rust version generated crates need (edition 2024, let chains).
const RUST_VERSION: &str = "1.88";

/// `Cargo.toml` and `rustfmt.toml`.
pub(crate) fn emit_manifests(api: &Api, config: &Config) -> Vec<EmittedFile> {
    vec![
        EmittedFile::Toml {
            path: "Cargo.toml".to_owned(),
            text: manifest(api, config, &super::runtime::pieces_used(api)),
        },
        EmittedFile::Toml {
            path: "rustfmt.toml".to_owned(),
            text: "# The generated code is laid out by prettyplease; rustfmt must leave it alone.\ndisable_all_formatting = true\n"
                .to_owned(),
        },
    ]
}

fn manifest(api: &Api, config: &Config, pieces: &BTreeSet<Piece>) -> String {
    let has_client = !api.operations.is_empty();
    let description = if has_client {
        format!(
            "Rust client for {} (API version {})",
            api.title, api.version
        )
    } else {
        format!("Rust types for {} (API version {})", api.title, api.version)
    };
    let mut out = String::new();
    let _ = writeln!(out, "[package]");
    let _ = writeln!(out, "name = \"{}\"", config.crate_name);
    let _ = writeln!(out, "version = {}", toml_string(&config.crate_version));
    let _ = writeln!(out, "edition = \"2024\"");
    let _ = writeln!(out, "rust-version = \"{RUST_VERSION}\"");
    let _ = writeln!(
        out,
        "description = {}",
        toml_string(&one_line(&description))
    );
    let _ = writeln!(out, "publish = false");
    let _ = writeln!(out);
    out.push_str(&dependency_tables(api, pieces));
    if config.standalone {
        out.push_str(
            "\n# A crate of its own, not a member of an enclosing workspace.\n[workspace]\n",
        );
    }
    out
}

/// The `[dependencies]` table of the generated code, and its `[features]` table when it
/// has a client: the one place that decides them, for the crate's `Cargo.toml` and for the
/// `Cargo.toml` of a crate that includes the code as a module.
pub(crate) fn dependency_tables(api: &Api, pieces: &BTreeSet<Piece>) -> String {
    let has_client = !api.operations.is_empty();
    let mut out = String::new();
    let _ = writeln!(out, "[dependencies]");
    // No `derive`: the generated impls are written out (see `emit/models.rs`), so the
    // crate does not build serde's proc macro for itself.
    let _ = writeln!(out, "serde = \"1\"");
    // Numbers read back exactly (`-1.034e-20` is not one bit off): the parameter
    // writers read serde's JSON text back, and decoded answers keep the value sent.
    let _ = writeln!(
        out,
        "serde_json = {{ version = \"1\", features = [\"float_roundtrip\"] }}"
    );
    for dependency in format_dependencies(api) {
        let _ = writeln!(out, "{dependency}");
    }
    if has_client {
        let _ = writeln!(
            out,
            "reqwest = {{ version = \"0.13\", default-features = false, features = [{}] }}",
            reqwest_features(api).join(", ")
        );
        let _ = writeln!(
            out,
            "tracing = {{ version = \"0.1\", default-features = false, features = [\"std\"], optional = true }}"
        );
    }
    let piece_dependencies: BTreeSet<&str> = pieces
        .iter()
        .flat_map(|piece| piece.dependencies().iter().copied())
        .collect();
    for dependency in piece_dependencies {
        let _ = writeln!(out, "{dependency}");
    }
    if has_client {
        let _ = writeln!(out);
        let _ = writeln!(out, "[features]");
        let _ = writeln!(
            out,
            "# A `tracing` span per HTTP attempt: method, path template, attempt, status, latency."
        );
        let _ = writeln!(out, "tracing = [\"dep:tracing\"]");
        for (feature, enables) in piece_features(pieces) {
            if feature == "mock" {
                let _ = writeln!(out, "{}", super::mock::FEATURE_DOC);
            }
            let enables: Vec<String> = enables.iter().map(|e| format!("\"{e}\"")).collect();
            let _ = writeln!(out, "{feature} = [{}]", enables.join(", "));
        }
        out.push_str(&tag_features(api));
    }
    out
}

/// The features of the tags: each compiles its operations (and turns on `client`), `full`
/// all of them, on by default.
fn tag_features(api: &Api) -> String {
    let mut out = String::new();
    if api.features.is_empty() {
        return out;
    }
    let client = crate::ir::Feature::CLIENT;
    let names: Vec<String> = api.features.iter().map(|f| toml_string(&f.name)).collect();
    let _ = writeln!(
        out,
        "# Every tag's operations (and the types no operation uses). On by default, so the crate"
    );
    let _ = writeln!(
        out,
        "# works as added; to compile only the tags you call, depend on it with"
    );
    let _ = writeln!(out, "# `default-features = false` and name them.");
    let _ = writeln!(out, "default = [\"full\"]");
    let _ = writeln!(out, "full = [{}]", names.join(", "));
    let _ = writeln!(
        out,
        "# The client itself, which every tag turns on (not useful alone)."
    );
    let _ = writeln!(out, "{client} = []");
    for feature in &api.features {
        let what = match &feature.of {
            FeatureOf::Tag(tag) => format!("The operations tagged {}.", one_line(tag)),
            FeatureOf::Untagged => "The operations without a tag.".to_owned(),
            FeatureOf::OtherTypes => {
                "The types of the schemas no operation uses (webhook payloads, say).".to_owned()
            }
        };
        let _ = writeln!(out, "# {what}");
        let turns_on = if feature.has_operations() {
            format!("\"{client}\"")
        } else {
            String::new()
        };
        let _ = writeln!(out, "{} = [{turns_on}]", toml_key(&feature.name));
    }
    out
}

/// A feature name as a TOML key (quoted unless it is a bare key).
fn toml_key(name: &str) -> String {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        name.to_owned()
    } else {
        toml_string(name)
    }
}

/// The cargo features of the pieces compiled only under one, each with what it turns on.
fn piece_features(pieces: &BTreeSet<Piece>) -> BTreeMap<&'static str, BTreeSet<&'static str>> {
    let mut features: BTreeMap<&'static str, BTreeSet<&'static str>> = BTreeMap::new();
    for piece in pieces {
        if let Some(feature) = piece.feature() {
            features
                .entry(feature)
                .or_default()
                .extend(piece.feature_enables().iter().copied());
        }
    }
    features
}

/// The reqwest features the request bodies need.
fn reqwest_features(api: &Api) -> Vec<&'static str> {
    let bodies = || api.operations.iter().filter_map(|op| op.body.as_ref());
    let mut features = vec!["\"rustls\""];
    if bodies().any(|b| b.media == BodyMedia::Json) {
        features.push("\"json\"");
    }
    if bodies().any(|b| matches!(b.media, BodyMedia::Multipart(_))) {
        features.push("\"multipart\"");
    }
    features
}

/// The `[dependencies]` lines for the crates that configured string formats map to,
/// for exactly the formats the code uses.
fn format_dependencies(api: &Api) -> Vec<&'static str> {
    let mut used = BTreeSet::new();
    let mut visit = |ty: &TypeRef| collect_formats(ty, &mut used);
    for def in &api.types {
        def.kind.for_each_ref(&mut visit);
    }
    for operation in &api.operations {
        operation.for_each_ref(&mut visit);
    }
    used.into_iter()
        .map(|krate| match krate {
            "uuid" => "uuid = { version = \"1\", features = [\"serde\"] }",
            "chrono" => "chrono = { version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }",
            _ => "url = { version = \"2\", features = [\"serde\"] }",
        })
        .collect()
}

fn collect_formats(ty: &TypeRef, used: &mut BTreeSet<&'static str>) {
    match ty {
        TypeRef::Format(format) => {
            used.insert(FormatType::crate_name(*format));
        }
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            collect_formats(inner, used);
        }
        _ => {}
    }
}

/// A TOML basic string (quoted). JSON's string escapes are all valid in TOML; DEL, which
/// JSON leaves as it is and TOML does not allow, is escaped too.
fn toml_string(text: &str) -> String {
    serde_json::Value::String(text.to_owned())
        .to_string()
        .replace('\u{7f}', "\\u007F")
}

#[cfg(test)]
mod tests {
    use super::toml_string;

    #[test]
    fn titles_become_valid_toml_strings() {
        let text = "A \"quoted\"\\ title\nover two lines\u{7f}";
        let quoted = toml_string(text);
        assert_eq!(
            quoted,
            "\"A \\\"quoted\\\"\\\\ title\\nover two lines\\u007F\""
        );
        // The same text comes back through a TOML parser's rules for basic strings:
        // JSON and TOML agree on every escape used here.
        let back: String = serde_json::from_str(&quoted).expect("valid escapes");
        assert_eq!(back, text);
    }
}
