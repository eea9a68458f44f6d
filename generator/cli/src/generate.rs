//! A document to a standalone crate in any folder (`openapi-codegen generate`,
//! `cargo xtask generate`): read, generate, then write the folder (or, with `check`, only
//! compare it), refusing a folder of someone else's files unless forced.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use openapi_codegen::Config;

use crate::plan::TreeReport;
use crate::spool::SPOOL_ABOVE_BYTES;
use crate::tree::{self, StopAt};
use crate::{
    DEFAULT_MAX_SPEC_BYTES, LISTED_PATHS, apply_warning_policy, count,
    ensure_every_file_carries_the_header, generate_from_document_spooled, output_folder,
};

/// A folder the output folder must neither be nor hold (a workspace, the current folder):
/// the generator replaces its output folder as a whole, so it must not be one of those.
#[derive(Debug, Clone)]
pub struct ProtectedFolder {
    /// The folder.
    pub path: PathBuf,
    /// How an error names it, e.g. "this workspace".
    pub what: String,
}

/// How `generate` treats what it finds.
#[derive(Debug, Clone, Default)]
pub struct GenerateOptions {
    /// Write into a folder that holds files without the generator's header: those at
    /// paths the generator writes are replaced (a symlink there is replaced as a link, its
    /// target untouched), the others kept (`--force`).
    pub force: bool,
    /// Any generator warning is an error, and nothing is written (`--deny-warnings`).
    pub deny_warnings: bool,
    /// Compare only and write nothing (`--check`): the report's changes are the drift.
    pub check: bool,
    /// The largest file read, in bytes (`--max-spec-bytes`), for the document and for
    /// each file it references; [`DEFAULT_MAX_SPEC_BYTES`] when `None`.
    pub max_spec_bytes: Option<u64>,
    /// A folder the output must neither be nor hold.
    pub protect: Option<ProtectedFolder>,
    /// Where to stop as a crash would, for tests.
    #[doc(hidden)]
    pub stop: Option<StopAt>,
    /// How much generated code is held in memory before files go to a temporary folder
    /// ([`crate::spool`]); [`crate::spool::SPOOL_ABOVE_BYTES`] when `None`. For tests.
    #[doc(hidden)]
    pub spool_above: Option<usize>,
}

/// What `generate` produced and did.
#[derive(Debug)]
pub struct GenerateReport {
    /// The generator's files, warnings and the files it read.
    pub generated: openapi_codegen::Generated,
    /// The folder written (or checked), its parent resolved.
    pub out: PathBuf,
    /// What changed in it (with `check`, what differs), what was left alone, what was
    /// recovered (with `check`, found) of an interrupted run.
    pub tree: TreeReport,
}

/// The settings of a standalone crate named `crate_name` generated from `spec` by
/// `command` (as the file headers name them), everything else at its default.
pub fn standalone_config(crate_name: &str, spec: &Path, command: &str) -> Config {
    let mut config = Config::new(crate_name);
    config.source = spec.display().to_string();
    config.command = command.to_owned();
    config.standalone = true;
    config
}

/// Writes the crate `config` describes, generated from the document at `spec` (and the
/// files it references), into `out`; with `options.check`, only compares. Nothing is
/// written when the document is refused, when it has warnings and
/// `options.deny_warnings` is set, and (unless `options.force`) when `out` holds any file
/// without the generator's header. `out` must not be a symlink; nothing under it is
/// followed.
pub fn generate_crate(
    spec: &Path,
    out: &Path,
    config: &Config,
    options: &GenerateOptions,
) -> Result<GenerateReport> {
    let max_bytes = options.max_spec_bytes.unwrap_or(DEFAULT_MAX_SPEC_BYTES);
    let spool_above = options.spool_above.unwrap_or(SPOOL_ABOVE_BYTES);
    let generated = generate_from_document_spooled(spec, config, max_bytes, spool_above)
        .with_context(|| format!("generating from {}", spec.display()))?;
    apply_warning_policy(&generated.warnings, options.deny_warnings)?;
    ensure_every_file_carries_the_header(&generated.files)?;
    let create = !options.check;
    let target = output_folder::resolve_generate_output(out, options.protect.as_ref(), create)?;
    let access = if options.check {
        tree::Access::Read
    } else {
        tree::Access::Write
    };
    let _lock = tree::lock_runs(&target, access)?;
    let (notes, comparison) = if options.check {
        let notes = tree::describe_leftovers(&target)?;
        (notes, tree::compare(&target, &generated.files)?)
    } else {
        let notes = tree::recover_leftovers(&target)?;
        let comparison = tree::compare(&target, &generated.files)?;
        ensure_generate_may_write(out, &comparison, options.force)?;
        if !comparison.changes.is_empty() || fs::symlink_metadata(&target).is_err() {
            let stop = options.stop.unwrap_or(StopAt::Never);
            tree::write_tree(&target, &generated.files, &comparison, stop)?;
        }
        (notes, comparison)
    };
    Ok(GenerateReport {
        generated,
        out: target,
        tree: TreeReport {
            changes: comparison.changes,
            left_alone: comparison.left_alone,
            notes,
        },
    })
}

/// Without `force`, a folder holding anything the generator did not write is refused;
/// with it, only a folder at a path the generator writes a file to is.
fn ensure_generate_may_write(out: &Path, comparison: &tree::Comparison, force: bool) -> Result<()> {
    if let Some((path, _)) = comparison
        .in_the_way
        .iter()
        .find(|(_, kind)| *kind == tree::EntryKind::Folder)
    {
        bail!(
            "{} holds a folder `{path}` where the generator writes a file; move it away",
            out.display()
        );
    }
    if force || comparison.foreign.is_empty() {
        return Ok(());
    }
    let mut listed = String::new();
    for path in comparison.foreign.iter().take(LISTED_PATHS) {
        listed.push_str(&format!("\n  {path}"));
    }
    if comparison.foreign.len() > LISTED_PATHS {
        listed.push_str(&format!(
            "\n  ... and {} more",
            comparison.foreign.len() - LISTED_PATHS
        ));
    }
    bail!(
        "{} holds {} the generator did not write (no header line, or a symlink); nothing was \
         written:{listed}\npass --force to write anyway: the generator's paths are replaced \
         (symlinks as links, never their targets), everything else is kept",
        out.display(),
        count(comparison.foreign.len(), "file")
    )
}
