//! An OpenAPI 3.0 to Rust generator: a document in, the files of a client crate out.
//!
//! The pipeline has four stages, each a module:
//! [`load`] (text -> `openapiv3::OpenAPI`), [`lower`] (-> [`ir::Api`]), [`emit`]
//! (-> token streams) and [`format`](mod@format) (-> text). The library does no file I/O.
//!
//! The module docs are a map for maintainers and link the private modules that do the
//! work; read them with `cargo doc -p openapi-codegen --no-deps --document-private-items`
//! (CI builds them so, with warnings denied, which catches a broken link).
#![allow(rustdoc::private_intra_doc_links)]

pub mod config;
pub mod emit;
pub mod error;
pub mod format;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
mod parallel;
pub mod runtime;
/// The runtime piece that decodes untagged unions, compiled into the generator too: the
/// examples are fitted to the member the generated union picks, by the same code.
#[path = "../runtime/src/runtime/untagged.rs"]
#[expect(
    dead_code,
    reason = "`Failure::into_error` serves the generated crates only"
)]
mod untagged;

pub use config::Config;
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
}

/// Runs the whole pipeline on a document's text.
pub fn generate_from_text(text: &str, config: &Config) -> Result<Generated, Error> {
    let loaded = load::load_document(text)?;
    let (api, mut lowered_warnings) = lower::lower(&loaded.document, config)?;
    let mut warnings = loaded.warnings;
    // The document is not needed past lowering: its memory goes to emitting and
    // formatting, which then take fewer fresh pages from the system.
    drop(loaded.document);
    warnings.append(&mut lowered_warnings);
    let files = emit_and_format(&emit::emit_jobs(&api, config), config)?;
    Ok(Generated { files, warnings })
}

/// Lowers, emits and formats a loaded document into the files of a crate.
pub fn generate(document: &openapiv3::OpenAPI, config: &Config) -> Result<Generated, Error> {
    let (api, warnings) = lower::lower(document, config)?;
    let files = emit_and_format(&emit::emit_jobs(&api, config), config)?;
    Ok(Generated { files, warnings })
}

/// Runs the jobs and joins the parts of each file; files sorted by path.
fn emit_and_format(
    jobs: &[emit::FileJob<'_>],
    config: &Config,
) -> Result<Vec<GeneratedFile>, Error> {
    let mut formatted = Vec::new();
    for result in run_jobs(jobs, config) {
        formatted.extend(result?);
    }
    let mut files = format::assemble(formatted, config)?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
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
            let (api, _) = lower::lower(&loaded.document, &config).unwrap();
            let small = emit_and_format(&emit::emit_jobs_in_parts(&api, &config, 1, true), &config);
            let usual = emit_and_format(&emit::emit_jobs(&api, &config), &config);
            let whole = emit_and_format(
                &emit::emit_jobs_in_parts(&api, &config, usize::MAX, true),
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

    /// The items written straight as text (`emit::text`) are, byte for byte, what
    /// prettyplease lays out for their tokens: every file of every fixture and vendored
    /// corpus document comes out the same both ways. Most model items are written as text
    /// (else the writers would save nothing).
    #[test]
    fn the_text_items_are_the_items_prettyplease_lays_out() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut documents = 0;
        // Per file, the items written as text and as tokens: the lines that begin the
        // file's repeated items.
        let starts = [
            (
                "src/models.rs",
                &["pub struct ", "pub enum ", "pub type "][..],
            ),
            ("src/mock.rs", &["impl MockBuilder<"][..]),
            ("src/examples.rs", &["fn "][..]),
        ];
        let mut counts = [(0, 0); 3];
        let items = |file: usize, text: &str| {
            let starts = starts[file].1;
            text.lines()
                .filter(|line| starts.iter().any(|start| line.starts_with(start)))
                .count()
        };
        for folder in ["fixtures/ok", "../tests/corpus/docs"] {
            for entry in std::fs::read_dir(root.join(folder)).unwrap() {
                let path = entry.unwrap().path();
                if !path.extension().is_some_and(|e| e == "yaml" || e == "json") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let Ok(loaded) = load::load_document(&text) else {
                    continue;
                };
                let config = Config::new("text");
                let Ok((api, _)) = lower::lower(&loaded.document, &config) else {
                    continue;
                };
                let size = emit::ITEMS_PER_PART;
                let with_text = emit::emit_jobs_in_parts(&api, &config, size, true);
                for job in &with_text {
                    for file in job.run() {
                        let emit::EmittedFile::RustPart { path, pieces, .. } = file else {
                            continue;
                        };
                        let Some(file) = starts.iter().position(|(file, _)| *file == path) else {
                            continue;
                        };
                        for piece in pieces {
                            match piece {
                                emit::Piece::Text(text) => counts[file].0 += items(file, &text),
                                emit::Piece::Tokens(tokens) => {
                                    let laid_out = prettyplease::unparse(
                                        &format::parse::parse_file(tokens).unwrap(),
                                    );
                                    counts[file].1 += items(file, &laid_out);
                                }
                            }
                        }
                    }
                }
                let tokens_only = emit::emit_jobs_in_parts(&api, &config, size, false);
                let expected = emit_and_format(&tokens_only, &config).unwrap();
                let files = emit_and_format(&with_text, &config).unwrap();
                assert_eq!(files.len(), expected.len(), "{}", path.display());
                for (file, expected) in files.iter().zip(&expected) {
                    assert_eq!(file.path, expected.path);
                    if file.contents != expected.contents {
                        let line = file
                            .contents
                            .lines()
                            .zip(expected.contents.lines())
                            .position(|(a, b)| a != b)
                            .unwrap_or(0);
                        panic!(
                            "{}: {} differs from line {}:\n{}\n---- prettyplease:\n{}",
                            path.display(),
                            file.path,
                            line + 1,
                            file.contents
                                .lines()
                                .skip(line)
                                .take(8)
                                .collect::<Vec<_>>()
                                .join("\n"),
                            expected
                                .contents
                                .lines()
                                .skip(line)
                                .take(8)
                                .collect::<Vec<_>>()
                                .join("\n"),
                        );
                    }
                }
                documents += 1;
            }
        }
        assert!(documents > 50, "{documents} documents");
        // Unions, the success enums of several statuses, builders with a long answer
        // and examples with a long literal stay tokens.
        for ((file, _), (text, tokens)) in starts.iter().zip(counts) {
            eprintln!("{file}: {text} items as text, {tokens} as tokens");
            assert!(
                text > tokens,
                "{file}: {text} items as text, {tokens} as tokens"
            );
        }
    }
}
