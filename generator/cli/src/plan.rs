//! A planned crate (the generator's files and the folder they belong in) against that
//! folder on disk: compared read-only ([`inspect`], [`check`]) or written ([`write`]),
//! never over a file the generator did not write. What `cargo xtask codegen` runs.

use std::path::PathBuf;

use anyhow::{Result, bail};
use openapi_codegen::{Diagnostic, GeneratedFile};

use crate::drift::Drift;
use crate::tree::{self, StopAt};
use crate::{LISTED_PATHS, count};

/// What a run would write: the files and the directory they belong in.
#[derive(Debug)]
pub struct Plan {
    /// The generated crate's directory.
    pub output_dir: PathBuf,
    /// Every file, with paths relative to `output_dir`.
    pub files: Vec<GeneratedFile>,
    /// The generator's warnings: fallbacks taken for constructs without an exact mapping.
    pub warnings: Vec<Diagnostic>,
}

/// What a look at (or a write of) the output folder found and did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TreeReport {
    /// The differences: with [`inspect`] the drift found, with [`write`] what was changed.
    pub changes: Vec<Drift>,
    /// Entries under the output folder the generator did not write (no header on their
    /// first line, symlinks), left as they are and not counted as drift; relative paths.
    pub left_alone: Vec<String>,
    /// What was done about (or, read-only, found of) folders left by an interrupted run.
    pub notes: Vec<String>,
}

/// Compares the plan with the files on disk; writes nothing.
pub fn inspect(plan: &Plan) -> Result<TreeReport> {
    let _lock = tree::lock_runs(&plan.output_dir, tree::Access::Read)?;
    let comparison = tree::compare(&plan.output_dir, &plan.files)?;
    Ok(TreeReport {
        changes: comparison.changes,
        left_alone: comparison.left_alone,
        notes: tree::describe_leftovers(&plan.output_dir)?,
    })
}

/// The drift between the plan and the files on disk (see [`inspect`]); writes nothing.
pub fn check(plan: &Plan) -> Result<Vec<Drift>> {
    Ok(inspect(plan)?.changes)
}

/// Writes the plan: creates and updates files and removes orphans (files with the
/// generator's header it no longer writes), atomically (see [`tree`]); everything else
/// under the output folder is kept. Refuses, writing nothing, when a path it writes holds
/// a file without its header, a symlink or a folder. Returns what changed.
pub fn write(plan: &Plan) -> Result<TreeReport> {
    write_stopping_at(plan, StopAt::Never)
}

/// [`write`], stopping where a crash would when `stop` says so.
#[doc(hidden)]
pub fn write_stopping_at(plan: &Plan, stop: StopAt) -> Result<TreeReport> {
    let _lock = tree::lock_runs(&plan.output_dir, tree::Access::Write)?;
    let notes = tree::recover_leftovers(&plan.output_dir)?;
    let comparison = tree::compare(&plan.output_dir, &plan.files)?;
    if !comparison.in_the_way.is_empty() {
        bail!(
            "refusing to write {}: {}\nthe generator never writes over a file it did not \
             write (one without its header line) nor through a symlink; move these away and \
             run it again",
            plan.output_dir.display(),
            list_in_the_way(&comparison.in_the_way)
        );
    }
    if !comparison.changes.is_empty() {
        tree::write_tree(&plan.output_dir, &plan.files, &comparison, stop)?;
    }
    Ok(TreeReport {
        changes: comparison.changes,
        left_alone: comparison.left_alone,
        notes,
    })
}

fn list_in_the_way(in_the_way: &[(String, tree::EntryKind)]) -> String {
    let mut out = format!(
        "{} the generator writes {} something it did not write:",
        count(in_the_way.len(), "path"),
        if in_the_way.len() == 1 {
            "holds"
        } else {
            "hold"
        }
    );
    for (path, kind) in in_the_way.iter().take(LISTED_PATHS) {
        out.push_str(&format!("\n  {path}: {}", kind.describe()));
    }
    if in_the_way.len() > LISTED_PATHS {
        out.push_str(&format!(
            "\n  ... and {} more",
            in_the_way.len() - LISTED_PATHS
        ));
    }
    out
}
