//! A document with no operations: the crate is its model types alone (no client, no
//! reqwest), so that nothing in it is dead code.

use proc_macro2::TokenStream;
use quote::quote;

use super::{EmittedFile, ident, inner_doc_attrs};
use crate::config::Config;
use crate::ir::{Api, TypeKind};

/// Every file of a models-only crate.
pub(crate) fn emit_models_only(api: &Api, config: &Config) -> Vec<EmittedFile> {
    let double_option = api.types.iter().any(|t| match &t.kind {
        TypeKind::Struct { fields, .. } => fields.iter().any(|f| !f.required && f.nullable),
        _ => false,
    });
    let mut files = vec![
        EmittedFile::Text {
            path: "Cargo.toml",
            text: emit_manifest(api, config),
        },
        EmittedFile::Text {
            path: "rustfmt.toml",
            text: super::crate_files::emit_rustfmt_config(config),
        },
        EmittedFile::Rust {
            path: "src/lib.rs",
            tokens: emit_lib(api, double_option),
        },
        EmittedFile::Rust {
            path: "src/models.rs",
            tokens: super::models::emit_models(api),
        },
    ];
    if double_option {
        files.push(EmittedFile::Rust {
            path: "src/runtime.rs",
            tokens: emit_runtime(),
        });
    }
    files
}

fn emit_manifest(api: &Api, config: &Config) -> String {
    let mut out = super::crate_files::manifest_package_and_models_dependencies(
        api,
        config,
        &format!("Rust types for {} (API version {})", api.title, api.version),
    );
    out.push_str(super::crate_files::manifest_workspace(config));
    out
}

fn emit_lib(api: &Api, runtime: bool) -> TokenStream {
    let mut crate_doc = format!(
        "# {}\n\nAPI version `{}`. The document describes no operations, so this crate holds its model types only.",
        api.title, api.version
    );
    if let Some(description) = &api.description {
        crate_doc.push_str("\n\n");
        crate_doc.push_str(description.trim());
    }
    let crate_doc = inner_doc_attrs(Some(&crate_doc));
    let servers = api.servers.iter().map(|server| {
        let name = ident(&server.const_name);
        let url = &server.url;
        let doc = match &server.description {
            Some(description) => format!(" {description}: `{url}`."),
            None => format!(" `{url}`."),
        };
        quote!(#[doc = #doc] pub const #name: &str = #url;)
    });
    let runtime = runtime.then(|| {
        quote!(
            mod runtime;
        )
    });
    let version = &api.version;
    quote! {
        #crate_doc
        #![warn(missing_docs)]

        pub mod models;
        #runtime

        /// The version of the API document this crate was generated from (`info.version`).
        pub const API_VERSION: &str = #version;

        /// Base URLs of the servers the API document lists.
        pub mod servers {
            #(#servers)*
        }
    }
}

/// The runtime module with only the serde helper for optional-and-nullable fields.
fn emit_runtime() -> TokenStream {
    let source = include_str!("../runtime/runtime.rs");
    let piece = source
        .split("//@@ ")
        .find_map(|piece| {
            let (name, body) = piece.split_once('\n')?;
            (name.trim() == "double_option").then_some(body)
        })
        .unwrap_or_default();
    let text = format!("//! Serde helpers the model types use.\n{piece}");
    text.parse().unwrap_or_default()
}
