//! An OpenAPI 3.0 to Rust generator: a document in, the files of a client crate out.
//!
//! The pipeline has four stages, each a module:
//! [`load`] (text -> `openapiv3::OpenAPI`), [`lower`] (-> [`ir::Api`]), [`emit`]
//! (-> token streams) and [`format`] (-> text). The library does no file I/O.

pub mod config;
pub mod emit;
pub mod error;
pub mod format;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;

pub use config::Config;
pub use error::{Diagnostic, Error};

/// One file of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the crate root, with `/` separators.
    pub path: String,
    /// Complete contents.
    pub contents: String,
}

/// Runs the whole pipeline on a document's text.
pub fn generate_from_text(text: &str, config: &Config) -> Result<Vec<GeneratedFile>, Error> {
    let document = load::load_document(text)?;
    generate(&document, config)
}

/// Lowers, emits and formats a loaded document into the files of a crate, sorted by path.
pub fn generate(
    document: &openapiv3::OpenAPI,
    config: &Config,
) -> Result<Vec<GeneratedFile>, Error> {
    let api = lower::lower(document, config)?;
    let mut files = emit::emit(&api, config)
        .into_iter()
        .map(|file| match file {
            emit::EmittedFile::Rust { path, tokens } => Ok(GeneratedFile {
                path: path.to_owned(),
                contents: format::format_rust(path, tokens, config)?,
            }),
            emit::EmittedFile::Text { path, text } => Ok(GeneratedFile {
                path: path.to_owned(),
                contents: text,
            }),
        })
        .collect::<Result<Vec<_>, Error>>()?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
