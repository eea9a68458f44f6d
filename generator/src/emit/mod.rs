//! Emit stage: [`crate::ir::Api`] -> the generated crate's files, Rust as
//! `proc_macro2::TokenStream` (built with `quote!`), manifests as text. No document
//! lookups and no decisions: everything comes from the IR.

mod client;
mod crate_files;
mod models;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::config::Config;
use crate::ir::{Api, TypeRef};

/// One file of the generated crate, before formatting.
pub enum EmittedFile {
    /// A Rust source file.
    Rust {
        /// Path relative to the crate root.
        path: &'static str,
        /// Its items.
        tokens: TokenStream,
    },
    /// Any other file, complete.
    Text {
        /// Path relative to the crate root.
        path: &'static str,
        /// Its contents.
        text: String,
    },
}

/// Emits every file of the generated crate.
pub fn emit(api: &Api, config: &Config) -> Vec<EmittedFile> {
    let features = crate_files::Features::of(api);
    vec![
        EmittedFile::Text {
            path: "Cargo.toml",
            text: crate_files::emit_manifest(api, config, &features),
        },
        EmittedFile::Text {
            path: "rustfmt.toml",
            text: crate_files::emit_rustfmt_config(config),
        },
        EmittedFile::Rust {
            path: "src/lib.rs",
            tokens: crate_files::emit_lib(api),
        },
        EmittedFile::Rust {
            path: "src/models.rs",
            tokens: models::emit_models(api),
        },
        EmittedFile::Rust {
            path: "src/client.rs",
            tokens: client::emit_client(api),
        },
        EmittedFile::Rust {
            path: "src/error.rs",
            tokens: client::emit_error(api),
        },
        EmittedFile::Rust {
            path: "src/runtime.rs",
            tokens: crate_files::emit_runtime(&features),
        },
    ]
}

/// An identifier from a name the naming module made (`r#type` becomes a raw identifier).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(bare)
            if is_identifier(bare) && !matches!(bare, "self" | "Self" | "super" | "crate") =>
        {
            Ident::new_raw(bare, Span::call_site())
        }
        _ if is_identifier(name) => Ident::new(name, Span::call_site()),
        // The naming module never produces these; keep the output parseable regardless.
        _ => Ident::new("invalid_name", Span::call_site()),
    }
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
}

/// The tokens of a type reference, as seen from inside the models module (`in_models`)
/// or from another module of the crate (named types are then `models::Name`).
pub(crate) fn type_tokens(ty: &TypeRef, in_models: bool) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Named(name) => {
            let name = ident(name);
            if in_models {
                quote!(#name)
            } else {
                quote!(models::#name)
            }
        }
        TypeRef::Vec(item) => {
            let item = type_tokens(item, in_models);
            quote!(Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = type_tokens(value, in_models);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(inner, in_models);
            quote!(Option<#inner>)
        }
    }
}

/// `#[doc = "..."]` attributes for a description, made safe for rustdoc: no bare URLs,
/// no accidental intra-doc links, no code blocks compiled as doc tests.
pub(crate) fn doc_attrs(text: Option<&str>) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#[doc = #lines])*)
}

/// `#![doc = "..."]` attributes (module and crate documentation), made safe likewise.
pub(crate) fn inner_doc_attrs(text: Option<&str>) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#![doc = #lines])*)
}

fn doc_lines(text: Option<&str>) -> Vec<String> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Vec::new();
    };
    sanitize_doc(text)
        .into_iter()
        .map(|line| {
            if line.is_empty() {
                line
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

fn sanitize_doc(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    for raw in text.lines() {
        let line = raw.trim();
        if line.starts_with("```") {
            // Fenced blocks from a document are never Rust: mark them as text.
            out.push(if in_fence {
                "```".to_owned()
            } else {
                "```text".to_owned()
            });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(raw.trim_end().to_owned());
            continue;
        }
        out.push(escape_markdown_line(line));
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out
}

/// Escapes brackets (rustdoc would read them as links) and wraps bare URLs in `<>`.
fn escape_markdown_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    for word in line.split(' ') {
        if !out.is_empty() {
            out.push(' ');
        }
        let is_url = word.starts_with("http://") || word.starts_with("https://");
        if is_url {
            let trimmed = word.trim_end_matches(['.', ',', ';', ':', ')']);
            out.push('<');
            out.push_str(trimmed);
            out.push('>');
            out.push_str(&word[trimmed.len()..]);
        } else {
            for c in word.chars() {
                if matches!(c, '[' | ']') {
                    out.push('\\');
                }
                out.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_are_made_safe_for_rustdoc() {
        assert_eq!(
            sanitize_doc("See https://example.com. A [link]\n```\nfn x() {}\n```"),
            vec![
                "See <https://example.com>. A \\[link\\]",
                "```text",
                "fn x() {}",
                "```"
            ]
        );
    }

    #[test]
    fn identifiers_never_panic() {
        assert_eq!(ident("r#type").to_string(), "r#type");
        assert_eq!(ident("9x").to_string(), "invalid_name");
        assert_eq!(ident("_").to_string(), "invalid_name");
        assert_eq!(ident("r#self").to_string(), "invalid_name");
    }
}
