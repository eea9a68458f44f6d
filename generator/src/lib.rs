//! An OpenAPI to Rust generator: a document in, the files of a client crate out.
//!
//! It reads OpenAPI 3.0 and 3.1 documents and Swagger 2.0 ones, in YAML or JSON, and
//! writes a crate of serde model types and an async client on reqwest (with, behind a
//! cargo feature, a typed mock server for tests). What has no exact Rust mapping, and the
//! common mistakes of published documents, get a documented fallback and a warning at the
//! JSON pointer of the place; only a document that cannot be read is refused, with the
//! pointer of the problem. The library does no file I/O: [`generate_from_text`] returns
//! the files and the warnings, and the caller writes them; [`generate_from_files`] reads a
//! document kept in several files (`$ref: ./schemas/pet.yaml`) through a reader the caller
//! gives, and says which files it read.
//!
//! The public API is what an outside caller needs: [`generate_from_text`] and
//! [`generate_from_files`] ([`generate_from_files_into`] hands each file over as it is
//! finished, with [`Handed`]), [`Config`] (with [`Layout`]), [`Generated`],
//! [`GeneratedFile`], [`Diagnostic`], [`Error`] and [`render_warnings`].
//! The stage modules (`load`, `lower`, `ir`, `emit`, `format`) are public only for the
//! workspace's own benches and measuring tasks, are hidden from these docs, and may
//! change at any time.
//!
//! # Writing a crate from `build.rs`
//!
//! A crate that keeps its SDK beside it, rewritten whenever the document changes (the
//! SDK's `Cargo.toml` is among the files; make it a member of the workspace or a path
//! dependency):
//!
//! ```no_run
//! // build.rs
//! use std::fs;
//! use std::path::Path;
//!
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let spec = "openapi.yaml";
//!     println!("cargo:rerun-if-changed={spec}");
//!     let text = fs::read_to_string(spec)?;
//!     let mut config = openapi_codegen::Config::new("my-api");
//!     // What the files' header names as their source and as the command that rewrites them.
//!     config.source = spec.to_owned();
//!     config.command = "cargo build".to_owned();
//!     let generated = openapi_codegen::generate_from_text(&text, &config)?;
//!     for warning in openapi_codegen::render_warnings(&generated.warnings).lines() {
//!         println!("cargo:warning={warning}");
//!     }
//!     for file in &generated.files {
//!         let path = Path::new("my-api").join(&file.path);
//!         if let Some(folder) = path.parent() {
//!             fs::create_dir_all(folder)?;
//!         }
//!         // Writing only what changed keeps cargo from rebuilding the SDK every time.
//!         if fs::read_to_string(&path).ok().as_deref() != Some(file.contents.as_str()) {
//!             fs::write(&path, &file.contents)?;
//!         }
//!     }
//!     Ok(())
//! }
//! ```
//!
//! # Writing a module into `OUT_DIR` from `build.rs`
//!
//! A crate that generates its client at build time, as one module of itself: with
//! [`Layout::Module`] the whole SDK is one file, `<name>.rs`, holding `pub mod <name>`
//! (the crate name with `-` as `_`), which the crate includes at item position, at its
//! root or in any module of it. Nothing generated is checked in; the document is.
//! `docs/build-rs.md` in the repository tells the whole way, and when to prefer a
//! checked-in crate.
//!
//! ```no_run
//! // build.rs (with `openapi-codegen` among the `[build-dependencies]`)
//! use std::path::{Path, PathBuf};
//!
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     // The document's folder: the files its references name are read relative to it.
//!     let folder = Path::new("api");
//!     let mut config = openapi_codegen::Config::new("my-api");
//!     config.layout = openapi_codegen::Layout::Module;
//!     config.source = "api/openapi.yaml".to_owned();
//!     config.command = "cargo build".to_owned();
//!     let generated = openapi_codegen::generate_from_files(
//!         "openapi.yaml",
//!         &mut |path| std::fs::read_to_string(folder.join(path)).map_err(|e| e.to_string()),
//!         &config,
//!     )?;
//!     // Every file read: an edit of any of them runs this script again.
//!     for source in &generated.sources {
//!         println!("cargo:rerun-if-changed={}", folder.join(source).display());
//!     }
//!     for warning in openapi_codegen::render_warnings(&generated.warnings).lines() {
//!         println!("cargo:warning={warning}");
//!     }
//!     let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("cargo sets OUT_DIR")?);
//!     for file in &generated.files {
//!         // One file: `my_api.rs`.
//!         std::fs::write(out.join(&file.path), &file.contents)?;
//!     }
//!     Ok(())
//! }
//! ```
//!
//! The crate then includes the module, and its `Cargo.toml` takes the tables
//! [`Generated::dependencies`] gives (`[dependencies]`, and `[features]` for the mock
//! server and tracing behind features of the crate's own):
//!
//! ```ignore
//! // src/lib.rs
//! include!(concat!(env!("OUT_DIR"), "/my_api.rs"));
//!
//! async fn first_page(client: &my_api::Client) -> Result<(), my_api::Error> { /* .. */ }
//! ```
//!
//! # Refusals and warnings
//!
//! ```
//! let config = openapi_codegen::Config::new("pets");
//! let error = openapi_codegen::generate_from_text("swagger: '1.2'", &config).unwrap_err();
//! assert!(error.to_string().contains("unsupported Swagger version"));
//!
//! let document = r#"{"openapi": "3.0.3", "info": {"title": "Pets", "version": "1"},
//!     "paths": {"/pets/{id}": {"get": {"responses": {"204": {"description": "gone"}}}}}}"#;
//! let generated = openapi_codegen::generate_from_text(document, &config).unwrap();
//! // The path variable has no declared parameter: it becomes a string argument, with a
//! // warning at the place.
//! assert_eq!(generated.warnings[0].pointer, "#/paths/~1pets~1{id}/get");
//! assert!(generated.files.iter().any(|file| file.path == "src/client.rs"));
//! ```
//!
//! The module docs are a map for maintainers and link the private modules that do the
//! work; read them with `cargo doc -p openapi-codegen --no-deps --document-private-items`
//! (CI builds them so, with warnings denied, which catches a broken link).
#![allow(rustdoc::private_intra_doc_links)]
#![warn(missing_docs)]

mod config;
#[doc(hidden)]
pub mod emit;
mod error;
#[doc(hidden)]
pub mod format;
#[doc(hidden)]
pub mod ir;
#[doc(hidden)]
pub mod load;
#[doc(hidden)]
pub mod lower;
pub(crate) mod naming;
mod parallel;
pub(crate) mod pointer;
pub(crate) mod runtime;
/// The runtime piece that decodes untagged unions, compiled into the generator too: the
/// examples are fitted to the member the generated union picks, by the same code.
#[path = "../runtime/src/runtime/untagged.rs"]
#[expect(
    dead_code,
    reason = "`Failure::into_error` serves the generated crates only"
)]
mod untagged;

use std::ops::ControlFlow;

pub use config::{Config, Layout};
pub use error::{Diagnostic, Error, render_warnings};

/// One file of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the crate root, with `/` separators.
    pub path: String,
    /// Complete contents.
    pub contents: String,
}

/// What generation produced: the crate's files, and the warnings of every fallback taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// Every file of the crate, sorted by path.
    pub files: Vec<GeneratedFile>,
    /// What had no exact mapping and what was done instead, each at its JSON pointer, in
    /// the order found (loading first, then lowering).
    pub warnings: Vec<Diagnostic>,
    /// Every file read, the root document first, then the files its references reached in
    /// the order first read: paths relative to the root document's folder, with `/`
    /// separators (empty for [`generate_from_text`], which reads no file). A build script
    /// watches them (`cargo:rerun-if-changed`); the drift check reads them all again.
    pub sources: Vec<String>,
    /// The `[dependencies]` table the generated code needs, and the `[features]` table
    /// (`mock`, `tracing`) when it has a client: TOML, exactly as the crate layout's
    /// `Cargo.toml` has them. With [`Layout::Module`], the `Cargo.toml` of the crate that
    /// includes the module takes both tables (merged into its own).
    pub dependencies: String,
}

/// Runs the whole pipeline on a document in files: the root document `root` and the
/// files its references name (`$ref: ./schemas/pet.yaml`,
/// `$ref: common.yaml#/components/parameters/Limit`). `read` is asked for the root as
/// `root` is written, and for every other file by its path relative to the root
/// document's folder (normalised, `/`-separated; it starts with `../` or `/` only when
/// [`Config::allow_outside_refs`] is set); it returns the file's text, or why it cannot,
/// which the error names with the place of the reference. Warnings and errors about a
/// part of another file name that file and the pointer inside it
/// (`schemas/pet.yaml#/properties/age`); places of the root document keep the `#/...`
/// form.
///
/// ```
/// let files = std::collections::HashMap::from([
///     ("openapi.yaml", r#"{"openapi": "3.0.3", "info": {"title": "Pets", "version": "1"},
///         "paths": {"/pets": {"get": {"responses": {"200": {"description": "the pets",
///         "content": {"application/json": {"schema": {"type": "array",
///         "items": {"$ref": "./schemas/pet.yaml"}}}}}}}}}}"#),
///     ("schemas/pet.yaml", "type: object\nproperties: {name: {type: string}}\n"),
/// ]);
/// let mut read = |path: &str| files.get(path).map(|text| text.to_string()).ok_or_else(|| "no such file".to_owned());
/// let config = openapi_codegen::Config::new("pets");
/// let generated = openapi_codegen::generate_from_files("openapi.yaml", &mut read, &config).unwrap();
/// assert_eq!(generated.sources, ["openapi.yaml", "schemas/pet.yaml"]);
/// let models = generated.files.iter().find(|file| file.path == "src/models.rs").unwrap();
/// assert!(models.contents.contains("pub struct Pet"));
/// ```
pub fn generate_from_files(
    root: &str,
    read: &mut dyn FnMut(&str) -> Result<String, String>,
    config: &Config,
) -> Result<Generated, Error> {
    let mut files = Vec::new();
    let mut generated = generate_from_files_into(root, read, config, &mut collect(&mut files))?;
    generated.files = sorted(files);
    Ok(generated)
}

/// What a generation hands its caller as it goes ([`generate_from_files_into`]).
#[derive(Debug)]
pub enum Handed<'a> {
    /// Every warning, once the document is lowered: before any file.
    Warnings(&'a [Diagnostic]),
    /// A file of the crate, as soon as it is finished; files come in no set order.
    File(GeneratedFile),
}

/// [`generate_from_files`], handing each file to `sink` as soon as it is finished instead
/// of holding the whole crate: a caller that writes each file as it comes holds the
/// lowered API and one file's parts at a time, not the whole output beside them (on a
/// document of 100,000 operations the output is about 500 MB). The warnings come first,
/// before any file ([`Handed::Warnings`]). `sink` answers [`ControlFlow::Break`] to stop:
/// nothing more is emitted, and the call returns as if done. The [`Generated`] returned
/// has no `files`: they went to `sink`.
///
/// ```
/// use std::ops::ControlFlow;
/// let mut read = |_: &str| Ok(r#"{"openapi": "3.0.3", "info": {"title": "Pets", "version": "1"},
///     "paths": {"/pets": {"get": {"responses": {"204": {"description": "none"}}}}}}"#.to_owned());
/// let config = openapi_codegen::Config::new("pets");
/// let mut paths = Vec::new();
/// let generated = openapi_codegen::generate_from_files_into("openapi.json", &mut read, &config, &mut |handed| {
///     if let openapi_codegen::Handed::File(file) = handed {
///         paths.push(file.path); // write it, then let it go
///     }
///     ControlFlow::Continue(())
/// })
/// .unwrap();
/// assert!(generated.files.is_empty() && generated.warnings.is_empty());
/// assert!(paths.iter().any(|path| path == "src/client.rs"));
/// ```
pub fn generate_from_files_into(
    root: &str,
    read: &mut dyn FnMut(&str) -> Result<String, String>,
    config: &Config,
    sink: &mut dyn FnMut(Handed<'_>) -> ControlFlow<()>,
) -> Result<Generated, Error> {
    let files = load::load_files(root, read, config.allow_outside_refs)?;
    let mut generated = generate_loaded(files.loaded, config, &files.origins, sink)?;
    generated.sources = files.sources;
    Ok(generated)
}

/// A sink that keeps every file handed to it.
fn collect(files: &mut Vec<GeneratedFile>) -> impl FnMut(Handed<'_>) -> ControlFlow<()> + '_ {
    |handed| {
        if let Handed::File(file) = handed {
            files.push(file);
        }
        ControlFlow::Continue(())
    }
}

/// Files sorted by path.
fn sorted(mut files: Vec<GeneratedFile>) -> Vec<GeneratedFile> {
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// Reads a document in files and lowers it as [`generate_from_files`] does, without
/// emitting: the bundled document (read into the 3.0 model) and the lowered API, whose
/// places (each type's schema, each example) and warnings name the file they came from.
/// For the workspace's tasks that need the document beside the generated client
/// (`cargo xtask contract` builds each call's arguments from it).
#[doc(hidden)]
pub fn lower_from_files(
    root: &str,
    read: &mut dyn FnMut(&str) -> Result<String, String>,
    config: &Config,
) -> Result<(load::Loaded, ir::Api), Error> {
    let files = load::load_files(root, read, config.allow_outside_refs)?;
    let origins = files.origins;
    let mut loaded = files.loaded;
    let (mut api, mut lowered_warnings) =
        lower::lower(&loaded, config).map_err(|error| origins.locate_error(error))?;
    origins.locate_api(&mut api);
    loaded.warnings.append(&mut lowered_warnings);
    loaded.warnings = origins.locate_all(std::mem::take(&mut loaded.warnings));
    Ok((loaded, api))
}

/// Runs the whole pipeline on a document's text. A reference to another file cannot be
/// followed from text alone and is refused, naming it: use [`generate_from_files`] for a
/// document in several files.
pub fn generate_from_text(text: &str, config: &Config) -> Result<Generated, Error> {
    let loaded = load::load_document(text)?;
    let mut files = Vec::new();
    let origins = load::Origins::default();
    let mut generated = generate_loaded(loaded, config, &origins, &mut collect(&mut files))?;
    generated.files = sorted(files);
    Ok(generated)
}

/// Lowers, emits and formats a loaded document, handing the warnings and then each file to
/// `sink`; the places the generated code and the warnings name (a type's schema, an
/// example) are written as `origins` locates them.
fn generate_loaded(
    loaded: load::Loaded,
    config: &Config,
    origins: &load::Origins,
    sink: &mut dyn FnMut(Handed<'_>) -> ControlFlow<()>,
) -> Result<Generated, Error> {
    let begun = lower::begin(&loaded, config);
    let mut warnings = loaded.warnings;
    // The document is not read past the first passes of lowering: its memory goes to the
    // rest of lowering, emitting and formatting, which then take fewer fresh pages from
    // the system.
    drop(loaded.document);
    drop(loaded.paths);
    drop(loaded.schemas);
    let (mut api, mut lowered_warnings) =
        lower::finish(begun, config).map_err(|error| origins.locate_error(error))?;
    origins.locate_api(&mut api);
    warnings.append(&mut lowered_warnings);
    let generated = Generated {
        files: Vec::new(),
        warnings: origins.locate_all(warnings),
        sources: Vec::new(),
        dependencies: emit::dependency_tables(&api),
    };
    if sink(Handed::Warnings(&generated.warnings)).is_break() {
        return Ok(generated);
    }
    let mut hand = |file| sink(Handed::File(file));
    if config.layout == Layout::Module {
        // One file made of all the others.
        let files = emit_api(&api, config)?;
        drop(api);
        let _ = hand(format::crate_as_module(&files, config)?);
    } else {
        check_ids(&api)?;
        emit_files(&emit::emit_jobs(&api, config), config, &mut hand)?;
    }
    Ok(generated)
}

/// The files of a lowered API, once its ids are checked to be its own (for the workspace's
/// own tasks, which need the lowered API beside the files); sorted by path.
#[doc(hidden)]
pub fn emit_api(api: &ir::Api, config: &Config) -> Result<Vec<GeneratedFile>, Error> {
    check_ids(api)?;
    emit_and_format(&emit::emit_jobs(api, config), config)
}

/// Refuses a lowered API holding an id that is not its own.
fn check_ids(api: &ir::Api) -> Result<(), Error> {
    api.check_ids().map_err(|message| Error::Internal {
        file: "(the lowered API)".to_owned(),
        message: format!("an id that is not the API's own: {message}"),
    })
}

/// Runs the jobs a group at a time (the jobs of one file, or of the small files), each
/// group's jobs on as many threads as pay, and hands each group's files to `hand` as soon
/// as they are joined, so that only one file's parts are held at a time. Stops when
/// `hand` answers [`ControlFlow::Break`].
fn emit_files(
    jobs: &[emit::FileJob<'_>],
    config: &Config,
    hand: &mut dyn FnMut(GeneratedFile) -> ControlFlow<()>,
) -> Result<(), Error> {
    for group in jobs.chunk_by(|a, b| a.group == b.group) {
        let mut formatted = Vec::new();
        for result in run_jobs(group, config) {
            formatted.extend(result?);
        }
        for file in format::assemble(formatted, config)? {
            if hand(file).is_break() {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// Runs the jobs and joins the parts of each file; files sorted by path.
fn emit_and_format(
    jobs: &[emit::FileJob<'_>],
    config: &Config,
) -> Result<Vec<GeneratedFile>, Error> {
    let mut files = Vec::new();
    emit_files(jobs, config, &mut |file| {
        files.push(file);
        ControlFlow::Continue(())
    })?;
    Ok(sorted(files))
}

/// Emits and formats every job, on as many threads as pay: formatting (syn parsing and
/// prettyplease) is most of the time, and files are independent. The largest files go
/// first so the threads finish together.
fn run_jobs(
    jobs: &[emit::FileJob<'_>],
    config: &Config,
) -> Vec<Result<Vec<format::Formatted>, Error>> {
    parallel::map_ordered(
        jobs,
        |job| job.weight,
        |job| {
            job.run()
                .into_iter()
                .map(|file| format::format_emitted(file, config))
                .collect()
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parts one item long (every join exercised) give the same files as the parts
    /// generation uses, for every fixture, and a one-part file is what the whole file
    /// laid out at once would be.
    #[test]
    fn files_joined_from_parts_are_the_files_laid_out_whole() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ok");
        let mut checked = 0;
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if !path.extension().is_some_and(|e| e == "yaml" || e == "json") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let loaded = load::load_document(&text).unwrap();
            let config = Config::new("parts");
            let (api, _) = lower::lower(&loaded, &config).unwrap();
            let small = emit_and_format(&emit::emit_jobs_in_parts(&api, &config, 1), &config);
            let usual = emit_and_format(&emit::emit_jobs(&api, &config), &config);
            let whole = emit_and_format(
                &emit::emit_jobs_in_parts(&api, &config, usize::MAX),
                &config,
            );
            assert_eq!(
                small.unwrap(),
                usual.as_ref().unwrap().clone(),
                "{}",
                path.display()
            );
            assert_eq!(whole.unwrap(), usual.unwrap(), "{}", path.display());
            checked += 1;
        }
        assert!(checked >= 40, "{checked} fixtures");
    }

    /// Every fixture also generates as one module file that names nothing through
    /// `crate::` (which, inside the user's crate, is the user's crate), with the same
    /// dependencies as the crate layout's `Cargo.toml`.
    #[test]
    fn every_fixture_generates_as_a_module_without_crate_paths() {
        fn crate_path_at(tokens: proc_macro2::TokenStream) -> Option<proc_macro2::Span> {
            let tokens: Vec<_> = tokens.into_iter().collect();
            for (at, token) in tokens.iter().enumerate() {
                match token {
                    proc_macro2::TokenTree::Ident(ident)
                        if ident == "crate"
                            && matches!(tokens.get(at + 1), Some(proc_macro2::TokenTree::Punct(p)) if p.as_char() == ':') =>
                    {
                        return Some(ident.span());
                    }
                    proc_macro2::TokenTree::Group(group) => {
                        if let Some(span) = crate_path_at(group.stream()) {
                            return Some(span);
                        }
                    }
                    _ => {}
                }
            }
            None
        }
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ok");
        let mut checked = 0;
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if !path.extension().is_some_and(|e| e == "yaml" || e == "json") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let mut config = Config::new("my-api");
            let as_crate = generate_from_text(&text, &config).unwrap();
            config.layout = Layout::Module;
            let module = generate_from_text(&text, &config).unwrap();
            assert_eq!(module.files.len(), 1, "{}", path.display());
            assert_eq!(module.files[0].path, "my_api.rs");
            let tokens: proc_macro2::TokenStream = module.files[0].contents.parse().unwrap();
            assert!(crate_path_at(tokens).is_none(), "{}", path.display());
            // The module has no features of its own; the crate's tables end with its tags'.
            assert!(
                as_crate.dependencies.starts_with(&module.dependencies),
                "{}",
                path.display()
            );
            let manifest = &as_crate
                .files
                .iter()
                .find(|f| f.path == "Cargo.toml")
                .unwrap()
                .contents;
            assert!(
                manifest.contains(&as_crate.dependencies),
                "{}",
                path.display()
            );
            checked += 1;
        }
        assert!(checked >= 40, "{checked} fixtures");
    }

    /// An API holding an id past its own table is refused before anything is emitted,
    /// not written with another type in its place.
    #[test]
    fn an_id_that_is_not_the_apis_own_is_a_generator_error() {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ok/objects.yaml"),
        )
        .unwrap();
        let loaded = load::load_document(&text).unwrap();
        let config = Config::new("ids");
        let (mut api, _) = lower::lower(&loaded, &config).unwrap();
        assert!(emit_api(&api, &config).is_ok());
        let foreign = ir::TypeId(api.types.len());
        api.error_bodies.push(ir::ErrorBodyVariant {
            rust_name: "Foreign".to_owned(),
            ty: ir::TypeRef::Vec(Box::new(ir::TypeRef::Named(foreign))),
            boxed: false,
            gate: ir::Gate::default(),
        });
        let error = emit_api(&api, &config).unwrap_err();
        assert!(
            matches!(&error, Error::Internal { message, .. } if message.contains(&format!("type id {}", foreign.index()))),
            "{error}"
        );
    }
}
