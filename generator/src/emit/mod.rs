//! Emit stage: [`crate::ir::Api`] -> the generated crate's files: Rust as
//! `proc_macro2::TokenStream` (built with `quote!`), the runtime pieces as text copied
//! verbatim, manifests as text. No document lookups and no decisions: everything comes
//! from the IR.
//!
//! | file | module |
//! |---|---|
//! | `Cargo.toml`, `rustfmt.toml` | [`manifest`] |
//! | `src/lib.rs` (crate docs, re-exports, servers) | [`lib_rs`], prose in [`guide`] |
//! | `src/models.rs` | [`models`] |
//! | `src/client.rs` | [`client`], one method per operation in [`operation`], page walking in [`pagination`] |
//! | `src/error.rs` | [`error`] |
//! | `src/examples.rs` | [`examples`] |
//! | `src/mock.rs` (cargo feature `mock`) | [`mock`] |
//! | `src/runtime/*.rs` | [`runtime`] |

mod client;
mod docs;
mod enums;
mod error;
mod examples;
mod gates;
mod guide;
mod lib_rs;
mod manifest;
mod mock;
mod models;
mod operation;
mod pagination;
mod runtime;
mod unions;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::config::Config;
use crate::ir::{Api, FormatType, TypeRef};

pub use docs::DocTable;
pub(crate) use docs::put_back as put_back_docs;
pub(crate) use docs::{code, doc_attrs, doc_attrs_or, line_attr, lines_attrs, one_line};

/// One file of the generated crate, before formatting.
pub enum EmittedFile {
    /// A Rust source file, laid out by the format stage.
    Rust {
        /// Path relative to the crate root.
        path: String,
        /// Its items.
        tokens: TokenStream,
    },
    /// One part of a large Rust file (a run of its operations or types), laid out on its
    /// own and joined to the others, in `index` order, by the format stage. Parts keep
    /// the memory of laying out a large file small and let its parts go to different
    /// threads; the joined text is the text the whole file would be laid out as.
    RustPart {
        /// Path relative to the crate root.
        path: String,
        /// The part's place in its file, from 0.
        index: usize,
        /// Whether the part continues a block the part before left open, or leaves one
        /// open for the next.
        joins: Joins,
        /// Its items, in order.
        tokens: TokenStream,
        /// The documentation the tokens hold placeholders for.
        docs: DocTable,
    },
    /// A Rust source file copied as it is (a runtime piece): only the header is added.
    Verbatim {
        /// Path relative to the crate root.
        path: String,
        /// Its text.
        text: &'static str,
    },
    /// A TOML file, complete but for the header.
    Toml {
        /// Path relative to the crate root.
        path: String,
        /// Its contents.
        text: String,
    },
}

impl EmittedFile {
    /// The file's path relative to the crate root.
    pub fn path(&self) -> &str {
        match self {
            EmittedFile::Rust { path, .. }
            | EmittedFile::RustPart { path, .. }
            | EmittedFile::Verbatim { path, .. }
            | EmittedFile::Toml { path, .. } => path,
        }
    }
}

/// How a part of a file meets its neighbours. Parts are whole items, or members of
/// blocks that several parts share: the client's methods, all in one `impl Client` block,
/// or the arms of one `match`. Each part writes the blocks whole, with its own members;
/// the format stage keeps the first part's opening lines and the last part's closing
/// braces.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Joins {
    /// How many blocks the previous part left open, which this part's first item continues.
    pub previous: usize,
    /// How many blocks this part leaves open, which the next part continues.
    pub next: usize,
}

/// Where a part sits in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Position {
    /// The first part: it carries the file's header items.
    pub first: bool,
    /// The last part: it carries the file's trailing items.
    pub last: bool,
}

/// How many of a file's repeated items (operations, types, examples) one part holds:
/// small enough that two threads share a large API's files evenly, large enough that a
/// part is not mostly overhead.
pub(crate) const ITEMS_PER_PART: usize = 64;

/// The `[dependencies]` (and `[features]`) tables the generated code needs, as its
/// `Cargo.toml` lists them.
pub fn dependency_tables(api: &Api) -> String {
    manifest::dependency_tables(api, &runtime::pieces_used(api))
}

/// Emits every file of the generated crate, on this thread; large files come in parts,
/// which [`crate::format::format_all`] lays out and joins.
pub fn emit(api: &Api, config: &Config) -> Vec<EmittedFile> {
    emit_jobs(api, config)
        .iter()
        .flat_map(FileJob::run)
        .collect()
}

/// The work of emitting one file (or several small ones). Token streams cannot cross
/// threads, so the pipeline runs each job and formats its result on one thread, and
/// different jobs on different threads.
pub struct FileJob<'a> {
    /// How much work the job is, roughly, so the largest start first.
    pub weight: usize,
    /// The file the job writes (a part of), or [`SMALL_FILES`] for a job among the small
    /// files: consecutive jobs of one group make whole files, which can be handed over
    /// before the next group is emitted.
    pub group: &'static str,
    emit: Box<dyn Fn() -> Vec<EmittedFile> + Send + Sync + 'a>,
}

impl FileJob<'_> {
    /// Emits the job's files.
    pub fn run(&self) -> Vec<EmittedFile> {
        (self.emit)()
    }
}

/// The group of the jobs that write the crate's small files (manifests, runtime, `lib.rs`).
pub const SMALL_FILES: &str = "(small files)";

fn rust_job<'a>(
    path: &'static str,
    weight: usize,
    make: impl Fn() -> TokenStream + Send + Sync + 'a,
) -> FileJob<'a> {
    FileJob {
        weight,
        group: if path == "src/lib.rs" {
            SMALL_FILES
        } else {
            path
        },
        emit: Box::new(move || {
            vec![EmittedFile::Rust {
                path: path.to_owned(),
                tokens: make(),
            }]
        }),
    }
}

/// The jobs of a file written in parts of at most `size` of its `count` repeated items;
/// `make` writes the items of a range, with the file's header items in the first part
/// and its trailing items in the last. There is always one part, even for no items.
/// `block` says the items are members of one block that each part writes on its own.
fn part_jobs<'a>(
    path: &'static str,
    count: usize,
    size: usize,
    cost_per_item: usize,
    block: bool,
    make: impl Fn(std::ops::Range<usize>, Position) -> TokenStream + Send + Sync + 'a,
) -> Vec<FileJob<'a>> {
    let depth = usize::from(block);
    segment_jobs(
        path,
        vec![Segment::new(count, cost_per_item, depth, make)],
        size,
    )
}

/// A run of a file's items written in parts: `count` repeated items, each part holding
/// them inside `depth` blocks that all the run's parts share (see [`Joins`]).
pub(crate) struct Segment<'a> {
    count: usize,
    cost_per_item: usize,
    depth: usize,
    make:
        std::sync::Arc<dyn Fn(std::ops::Range<usize>, Position) -> TokenStream + Send + Sync + 'a>,
}

impl<'a> Segment<'a> {
    /// `make` writes the items of a range; [`Position`] is the part's place in the run.
    pub(crate) fn new(
        count: usize,
        cost_per_item: usize,
        depth: usize,
        make: impl Fn(std::ops::Range<usize>, Position) -> TokenStream + Send + Sync + 'a,
    ) -> Self {
        Segment {
            count,
            cost_per_item,
            depth,
            make: std::sync::Arc::new(make),
        }
    }
}

/// The jobs of a file made of runs of items, one after the other, each in parts of at most
/// `size` items (always one part for a run, even of no items), numbered across the file.
pub(crate) fn segment_jobs<'a>(
    path: &'static str,
    segments: Vec<Segment<'a>>,
    size: usize,
) -> Vec<FileJob<'a>> {
    let size = size.max(1);
    let mut jobs = Vec::new();
    for segment in segments {
        let parts = segment.count.div_ceil(size).max(1);
        for part in 0..parts {
            let start = part.saturating_mul(size);
            let range = start..start.saturating_add(size).min(segment.count);
            let at = Position {
                first: part == 0,
                last: part + 1 == parts,
            };
            let joins = Joins {
                previous: if at.first { 0 } else { segment.depth },
                next: if at.last { 0 } else { segment.depth },
            };
            let index = jobs.len();
            let make = std::sync::Arc::clone(&segment.make);
            jobs.push(FileJob {
                weight: range.len().max(1) * segment.cost_per_item,
                group: path,
                emit: Box::new(move || {
                    let (tokens, docs) = docs::collect(|| make(range.clone(), at));
                    vec![EmittedFile::RustPart {
                        path: path.to_owned(),
                        index,
                        joins,
                        tokens,
                        docs,
                    }]
                }),
            });
        }
    }
    jobs
}

/// Every file of the generated crate as a job. A document without operations makes a
/// crate of model types only (no client, no reqwest).
pub fn emit_jobs<'a>(api: &'a Api, config: &'a Config) -> Vec<FileJob<'a>> {
    emit_jobs_in_parts(api, config, ITEMS_PER_PART)
}

/// [`emit_jobs`], with large files in parts of at most `size` items.
pub(crate) fn emit_jobs_in_parts<'a>(
    api: &'a Api,
    config: &'a Config,
    size: usize,
) -> Vec<FileJob<'a>> {
    let has_client = !api.operations.is_empty();
    let pieces = runtime::pieces_used(api);
    let model_items = models::item_count(api);
    let mut jobs = vec![
        FileJob {
            weight: 1,
            group: SMALL_FILES,
            emit: Box::new(move || manifest::emit_manifests(api, config)),
        },
        FileJob {
            weight: 1,
            group: SMALL_FILES,
            emit: Box::new(move || runtime::emit_runtime(api)),
        },
        rust_job("src/lib.rs", 2, move || {
            lib_rs::emit_lib(api, config, &pieces)
        }),
    ];
    // Costs per item, roughly the lines each writes, so the largest parts start first.
    jobs.extend(part_jobs(
        "src/models.rs",
        model_items,
        size,
        30,
        false,
        move |range, at| models::emit_models_part(api, range, at),
    ));
    if has_client {
        let operations = api.operations.len();
        jobs.extend(part_jobs(
            "src/client.rs",
            operations,
            size,
            70,
            true,
            move |range, at| client::emit_client_part(api, range, at),
        ));
        jobs.push(rust_job("src/error.rs", 1, move || error::emit_error(api)));
        jobs.extend(segment_jobs("src/mock.rs", mock::mock_segments(api), size));
    }
    if !api.examples.is_empty() {
        jobs.extend(part_jobs(
            "src/examples.rs",
            api.examples.len(),
            size,
            8,
            false,
            move |range, at| examples::emit_examples_part(api, range, at),
        ));
    }
    jobs
}

/// `#[allow(clippy::disallowed_names)]` for a function with locals or arguments named
/// `names` (names the document chose), when clippy refuses one of them.
pub(crate) fn allow_disallowed_names<'a>(
    mut names: impl Iterator<Item = &'a str>,
) -> Option<TokenStream> {
    names
        .any(crate::naming::clippy_refuses_as_local)
        .then(|| quote!(#[allow(clippy::disallowed_names)]))
}

/// An identifier from a name the naming module made (`r#type` becomes a raw identifier).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(bare) if is_raw_identifier(bare) => Ident::new_raw(bare, Span::call_site()),
        _ if is_identifier(name) => Ident::new(name, Span::call_site()),
        // The naming module never produces these; keep the output parseable regardless.
        _ => Ident::new("invalid_name", Span::call_site()),
    }
}

fn is_raw_identifier(bare: &str) -> bool {
    is_identifier(bare) && !matches!(bare, "self" | "Self" | "super" | "crate")
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
}

/// The tokens of a type reference, as seen from inside the models module (`in_models`)
/// or from another module of the crate (named types are then `models::Name`).
pub fn type_tokens(api: &Api, ty: &TypeRef, in_models: bool) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Named(id) => {
            let name = ident(&api.ty(*id).name);
            if in_models {
                quote!(#name)
            } else {
                quote!(models::#name)
            }
        }
        TypeRef::Vec(item) => {
            let item = type_tokens(api, item, in_models);
            quote!(Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = type_tokens(api, value, in_models);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(api, inner, in_models);
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

/// A type as a reader would write it (`Vec<User>`), for documentation.
pub(crate) fn type_text(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Vec(inner) => format!("Vec<{}>", type_text(api, inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", type_text(api, inner)),
        TypeRef::Nullable(inner) => format!("Option<{}>", type_text(api, inner)),
        TypeRef::Named(id) => api.ty(*id).name.clone(),
        other => type_tokens(api, other, true).to_string().replace(' ', ""),
    }
}

/// Whether a type reference mentions a type of the models module.
pub(crate) fn mentions_models(ty: &TypeRef) -> bool {
    let mut found = false;
    ty.for_each_named(&mut |_| found = true);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_never_panic() {
        assert_eq!(ident("r#type").to_string(), "r#type");
        assert_eq!(ident("9x").to_string(), "invalid_name");
        assert_eq!(ident("_").to_string(), "invalid_name");
        assert_eq!(ident("r#self").to_string(), "invalid_name");
    }
}
