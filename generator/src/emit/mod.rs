//! Emit stage: [`crate::ir::Api`] -> the generated crate's files, Rust as
//! `proc_macro2::TokenStream` (built with `quote!`), manifests as text. No document
//! lookups and no decisions: everything comes from the IR.

mod client;
mod crate_files;
mod media;
mod models;
mod models_only;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::config::Config;
use crate::ir::{Api, FormatType, TypeRef};

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
    emit_jobs(api, config)
        .iter()
        .flat_map(FileJob::run)
        .collect()
}

/// The work of emitting one file (or, for a models-only crate, all of them). Token
/// streams cannot cross threads, so the pipeline runs each job and formats its result on
/// one thread, and different jobs on different threads.
pub struct FileJob<'a> {
    /// The path of the file the job writes (the models file for a models-only crate).
    pub path: &'static str,
    emit: Box<dyn Fn() -> Vec<EmittedFile> + Send + Sync + 'a>,
}

impl FileJob<'_> {
    /// Emits the job's files.
    pub fn run(&self) -> Vec<EmittedFile> {
        (self.emit)()
    }
}

fn rust_job<'a>(
    path: &'static str,
    make: impl Fn() -> TokenStream + Send + Sync + 'a,
) -> FileJob<'a> {
    FileJob {
        path,
        emit: Box::new(move || {
            vec![EmittedFile::Rust {
                path,
                tokens: make(),
            }]
        }),
    }
}

fn text_job<'a>(path: &'static str, make: impl Fn() -> String + Send + Sync + 'a) -> FileJob<'a> {
    FileJob {
        path,
        emit: Box::new(move || vec![EmittedFile::Text { path, text: make() }]),
    }
}

/// Every file of the generated crate as a job, in the order [`emit`] returns them.
pub fn emit_jobs<'a>(api: &'a Api, config: &'a Config) -> Vec<FileJob<'a>> {
    if api.operations.is_empty() {
        return vec![FileJob {
            path: "src/models.rs",
            emit: Box::new(move || models_only::emit_models_only(api, config)),
        }];
    }
    let features = std::sync::Arc::new(crate_files::Features::of(api));
    let (f1, f2, f3) = (features.clone(), features.clone(), features);
    vec![
        text_job("Cargo.toml", move || {
            crate_files::emit_manifest(api, config, &f1)
        }),
        text_job("rustfmt.toml", move || {
            crate_files::emit_rustfmt_config(config)
        }),
        rust_job("src/lib.rs", move || {
            crate_files::emit_lib(api, config, &f2)
        }),
        rust_job("src/models.rs", move || models::emit_models(api)),
        rust_job("src/client.rs", move || client::emit_client(api)),
        rust_job("src/examples.rs", move || crate_files::emit_examples(api)),
        rust_job("src/error.rs", move || client::emit_error(api)),
        rust_job("src/runtime.rs", move || crate_files::emit_runtime(&f3)),
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
        TypeRef::Bytes => quote!(Vec<u8>),
        TypeRef::Format(format) => match format {
            FormatType::Uuid => quote!(uuid::Uuid),
            FormatType::ChronoDateTime => quote!(chrono::DateTime<chrono::Utc>),
            FormatType::ChronoDate => quote!(chrono::NaiveDate),
            FormatType::Url => quote!(url::Url),
        },
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
