//! The `openapi-codegen` command as a library: reading a document and the files its
//! references name (each bounded in size, none outside the document's folder unless
//! allowed), running the generator, and writing or checking the crate's folder so that no
//! run loses a file it did not write. The workspace's `cargo xtask codegen` and
//! `cargo xtask generate` call this same code.
//!
//! The stages: [`document`] reads the files and runs the generator; [`generate`] writes
//! (or checks) a standalone crate in any folder; [`plan`] compares a planned crate with a
//! folder of a workspace and writes it; [`tree`] owns the folder on disk (which files are
//! the generator's, the atomic replacement); [`output_folder`] says where it may write;
//! [`settings`] reads a `codegen.toml`; [`command`] is the command line.

pub mod command;
pub mod document;
pub mod drift;
pub mod generate;
pub mod output_folder;
pub mod plan;
pub mod settings;
pub mod spool;
pub mod tree;

pub use document::{
    DEFAULT_MAX_SPEC_BYTES, generate_from_document, generate_from_document_spooled, read_spec,
};
pub use drift::{Drift, drift_report, left_alone_lines};
pub use generate::{
    GenerateOptions, GenerateReport, ProtectedFolder, generate_crate, standalone_config,
};
pub use plan::{Plan, TreeReport, check, inspect, write};
pub use settings::{Settings, read_settings};
#[doc(hidden)]
pub use tree::StopAt;

use anyhow::{Result, bail};
use openapi_codegen::{Diagnostic, GeneratedFile};

/// The command that rewrites a crate this command wrote, as its file headers name it.
pub const COMMAND: &str = "openapi-codegen generate";

/// The error of a run whose warnings were denied (`--deny-warnings`); it carries the
/// warnings so that the command line can print them before the error.
#[derive(Debug)]
pub struct WarningsDenied {
    /// Every warning of the run, in the generator's order.
    pub warnings: Vec<Diagnostic>,
}

impl std::fmt::Display for WarningsDenied {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} denied by --deny-warnings; nothing was written",
            count(self.warnings.len(), "warning")
        )
    }
}

impl std::error::Error for WarningsDenied {}

/// With `deny` set, any warning fails the run with [`WarningsDenied`], before anything is
/// written.
pub fn apply_warning_policy(warnings: &[Diagnostic], deny: bool) -> Result<()> {
    if deny && !warnings.is_empty() {
        return Err(WarningsDenied {
            warnings: warnings.to_vec(),
        }
        .into());
    }
    Ok(())
}

/// The warnings rustc style (`warning: <json pointer>: <message>`), then a count line
/// (`warning: 2 warnings emitted`); nothing when there are none.
pub fn render_warnings_with_summary(warnings: &[Diagnostic]) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    let mut out = openapi_codegen::render_warnings(warnings);
    out.push_str(&format!(
        "warning: {} emitted\n",
        count(warnings.len(), "warning")
    ));
    out
}

/// The header is how a later run knows which files are the generator's to replace or
/// remove; a file without it would be taken for someone else's on the next run.
pub fn ensure_every_file_carries_the_header(files: &[GeneratedFile]) -> Result<()> {
    for file in files {
        let first_line = file.contents.lines().next().unwrap_or_default();
        if !tree::is_generator_header(first_line) {
            bail!(
                "the generator wrote {} without its header line (found {first_line:?}); \
                 a later run would not recognise it as generated",
                file.path
            );
        }
    }
    Ok(())
}

/// How many paths an error lists before it says how many more there are.
const LISTED_PATHS: usize = 5;

/// `1 warning`, `2 warnings`.
fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}
