//! Differences between a crate's folder on disk and what the generator writes now, and
//! how they are told to people: a short diff per changed file and the command that fixes
//! it.

use crate::count;

/// One difference between the generated tree on disk and what the generator writes now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    /// The file exists with other contents; `diff` is a short unified diff.
    Changed {
        /// Path relative to the output directory.
        path: String,
        /// A unified diff from what is on disk to what would be written, cut short.
        diff: String,
    },
    /// The generator writes this file but it does not exist.
    Missing {
        /// Path relative to the output directory.
        path: String,
    },
    /// A file with the generator's header exists under the output directory but the
    /// generator no longer writes it.
    Orphan {
        /// Path relative to the output directory.
        path: String,
    },
    /// The generator writes a file at this path (or inside it) but something other than a
    /// regular file is there: a symlink, a folder, a special file, or a file where a
    /// folder must be.
    NotAFile {
        /// Path relative to the output directory.
        path: String,
        /// What is there, e.g. "a symlink".
        found: String,
    },
}

impl Drift {
    /// The path it is about, relative to the output directory.
    pub fn path(&self) -> &str {
        match self {
            Drift::Changed { path, .. }
            | Drift::Missing { path }
            | Drift::Orphan { path }
            | Drift::NotAFile { path, .. } => path,
        }
    }
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Drift::Changed { path, diff } => write!(f, "changed: {path}\n{diff}"),
            Drift::Missing { path } => write!(f, "missing: {path}"),
            Drift::Orphan { path } => write!(f, "orphan (no longer generated): {path}"),
            Drift::NotAFile { path, found } => {
                write!(f, "not a regular file: {path} ({found})")
            }
        }
    }
}

/// How many diff lines a drift report shows per file.
const DIFF_LINES: usize = 40;

/// A unified diff from `old` (on disk) to `new` (generated now), cut after
/// [`DIFF_LINES`] lines.
pub(crate) fn short_diff(old: &str, new: &str, path: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(2)
        .header(
            &format!("{path} (on disk)"),
            &format!("{path} (generated now)"),
        )
        .to_string();
    let mut lines: Vec<&str> = text.lines().take(DIFF_LINES + 1).collect();
    if lines.len() > DIFF_LINES {
        lines.truncate(DIFF_LINES);
        lines.push("  ... (diff cut short)");
    }
    lines.join("\n")
}

/// A drift report for people: what differs, then `fix`, the sentence that says which
/// command rewrites the crate (e.g. "run `cargo xtask codegen` to regenerate it").
pub fn drift_report(drift: &[Drift], fix: &str) -> String {
    let mut out = format!(
        "the generated crate is out of date with the spec ({}):\n",
        count(drift.len(), "file")
    );
    for item in drift {
        out.push_str(&format!("\n{item}\n"));
    }
    out.push_str(&format!("\n{fix}\n"));
    out
}

/// How many left-alone files a report names before it only counts them.
const LISTED_LEFT_ALONE: usize = 10;

/// The lines that name the files under the output folder (shown as `shown`) that the
/// generator did not write and left as they are: the first few by path, then a count.
pub fn left_alone_lines(shown: &str, left_alone: &[String]) -> Vec<String> {
    let mut lines: Vec<String> = left_alone
        .iter()
        .take(LISTED_LEFT_ALONE)
        .map(|path| format!("left alone: {shown}/{path} (not written by the generator)"))
        .collect();
    if left_alone.len() > LISTED_LEFT_ALONE {
        lines.push(format!(
            "left alone: {} more files not written by the generator",
            left_alone.len() - LISTED_LEFT_ALONE
        ));
    }
    lines
}
