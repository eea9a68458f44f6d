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
pub mod runtime;

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
    let mut generated = generate(&loaded.document, config)?;
    let mut warnings = loaded.warnings;
    warnings.append(&mut generated.warnings);
    generated.warnings = warnings;
    Ok(generated)
}

/// Lowers, emits and formats a loaded document into the files of a crate.
pub fn generate(document: &openapiv3::OpenAPI, config: &Config) -> Result<Generated, Error> {
    let (api, warnings) = lower::lower(document, config)?;
    let jobs = emit::emit_jobs(&api, config);
    let mut files = Vec::new();
    for result in run_jobs(&jobs, config) {
        files.extend(result?);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Generated { files, warnings })
}

/// Emits and formats every job, on as many threads as pay: formatting (syn parsing and
/// prettyplease) is most of the time, and files are independent. The largest files go
/// first so the threads finish together. Results are in job order, so the output does
/// not depend on the scheduling.
fn run_jobs(jobs: &[emit::FileJob<'_>], config: &Config) -> Vec<Result<Vec<GeneratedFile>, Error>> {
    let render = |job: &emit::FileJob<'_>| -> Result<Vec<GeneratedFile>, Error> {
        job.run()
            .into_iter()
            .map(|file| format::format_file(file, config))
            .collect()
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(jobs.len());
    if threads <= 1 {
        return jobs.iter().map(render).collect();
    }
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&index| std::cmp::Reverse(jobs[index].weight));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let taken = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(&index) = order.get(taken) else {
                return done;
            };
            if let Some(job) = jobs.get(index) {
                done.push((index, render(job)));
            }
        }
    };
    let mut results: Vec<(usize, Result<Vec<GeneratedFile>, Error>)> =
        std::thread::scope(|scope| {
            // A thread that cannot be started leaves its share to the others.
            let helpers: Vec<_> = (1..threads)
                .filter_map(|_| std::thread::Builder::new().spawn_scoped(scope, work).ok())
                .collect();
            let mut all = work();
            for helper in helpers {
                match helper.join() {
                    Ok(done) => all.extend(done),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            all
        });
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}
