//! Where the generator may write: the `output` setting of a workspace's
//! `spec/codegen.toml` and the `--out` folder of `generate`, checked before anything is
//! read from or written to them.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::generate::ProtectedFolder;
use crate::tree;

/// Folders of the workspace that hold its sources, history or build output; the
/// `output` setting may be none of them nor lie inside one (compared ignoring ASCII case,
/// for case-insensitive file systems).
pub const PROTECTED_FOLDERS: &[&str] = &[
    "spec",
    "xtask",
    "generator",
    "tests",
    ".git",
    "target",
    ".cargo",
];

/// The folder `cargo xtask codegen` writes, from the `output` setting (a path relative to
/// the workspace root). Refused, with the reason: an empty path or the root itself, an
/// absolute path, a path climbing with `..`, a protected folder or one inside it, a path
/// through a symlink or a file, and an existing folder holding a `.git` or a workspace
/// manifest.
pub fn resolve_codegen_output(root: &Path, setting: &str) -> Result<PathBuf> {
    let refuse = |why: String| -> Result<PathBuf> {
        bail!(
            "`output = {setting:?}` in spec/codegen.toml is refused: {why}; the output must be \
             a folder of its own inside the workspace, such as \"generated\""
        )
    };
    let relative = Path::new(setting);
    let mut parts = Vec::new();
    for component in relative.components() {
        match component {
            Component::Normal(part) => parts.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                return refuse(
                    "it climbs out with `..` (paths are not normalised through `..`)".into(),
                );
            }
            Component::RootDir | Component::Prefix(_) => {
                return refuse("it is an absolute path, which lies outside the workspace".into());
            }
        }
    }
    let Some(first) = parts.first() else {
        return refuse(
            "it names the workspace root, and every file there that the generator does not write \
             (the workspace's Cargo.toml, .git) would be at stake"
                .into(),
        );
    };
    let first = first.to_string_lossy();
    if let Some(protected) = PROTECTED_FOLDERS
        .iter()
        .find(|name| first.eq_ignore_ascii_case(name))
    {
        return refuse(format!(
            "it is (or is inside) `{protected}/`, which holds the workspace's own files"
        ));
    }
    let output = parts
        .iter()
        .fold(root.to_path_buf(), |path, part| path.join(part));
    let mut path = root.to_path_buf();
    for part in &parts {
        path.push(part);
        match fs::symlink_metadata(&path) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                return refuse(format!(
                    "{} is a symlink, and the generator never writes through one",
                    path.display()
                ));
            }
            Ok(metadata) if !metadata.is_dir() => {
                return refuse(format!("{} is not a folder", path.display()));
            }
            Ok(_) => {}
            // The rest does not exist yet: `codegen` creates it.
            Err(error) if error.kind() == io::ErrorKind::NotFound => break,
            Err(error) => {
                return Err(error).with_context(|| format!("reading {}", path.display()));
            }
        }
    }
    if let Some(why) = holds_a_repository_or_workspace(&output)? {
        return refuse(why);
    }
    Ok(output)
}

/// Why the existing folder `dir` must not be an output folder: it holds a `.git` or a
/// `Cargo.toml` with a `[workspace]` table that the generator did not write.
fn holds_a_repository_or_workspace(dir: &Path) -> Result<Option<String>> {
    if fs::symlink_metadata(dir.join(".git")).is_ok() {
        return Ok(Some(format!("{} holds a `.git`", dir.display())));
    }
    let manifest = dir.join("Cargo.toml");
    let Ok(metadata) = fs::symlink_metadata(&manifest) else {
        return Ok(None);
    };
    if !metadata.is_file()
        || tree::carries_generator_header(&manifest)
            .with_context(|| format!("reading {}", manifest.display()))?
    {
        return Ok(None);
    }
    let text =
        fs::read_to_string(&manifest).with_context(|| format!("reading {}", manifest.display()))?;
    let declares_workspace = text
        .parse::<toml::Table>()
        .is_ok_and(|table| table.contains_key("workspace"));
    Ok(declares_workspace.then(|| {
        format!(
            "{} holds a workspace manifest the generator did not write",
            dir.display()
        )
    }))
}

/// The folder `generate --out OUT` writes: `OUT` with its parent resolved (created when
/// absent and `create` is set; without it, a missing parent means nothing is there yet),
/// the last part kept as given so that a symlink there is seen. Refused: a symlink,
/// something that is not a folder, the file-system root, and the `protect`ed folder (the
/// workspace, the current folder) or a folder above it.
pub fn resolve_generate_output(
    out: &Path,
    protect: Option<&ProtectedFolder>,
    create: bool,
) -> Result<PathBuf> {
    if out.as_os_str().is_empty() {
        bail!("--out is empty");
    }
    let target = match out.file_name() {
        Some(name) => {
            let parent = match out.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent,
                _ => Path::new("."),
            };
            if create {
                fs::create_dir_all(parent)
                    .with_context(|| format!("creating {}", parent.display()))?;
            }
            match fs::canonicalize(parent) {
                Ok(parent) => parent.join(name),
                Err(error) if !create && error.kind() == io::ErrorKind::NotFound => {
                    return std::path::absolute(out)
                        .with_context(|| format!("resolving {}", out.display()));
                }
                Err(error) => {
                    return Err(error).with_context(|| format!("resolving {}", parent.display()));
                }
            }
        }
        // `.`, `..` or a root: an existing folder, by its real path.
        None => fs::canonicalize(out).with_context(|| format!("resolving {}", out.display()))?,
    };
    if target.parent().is_none() {
        bail!("--out {} is the root of the file system", out.display());
    }
    match fs::symlink_metadata(&target) {
        Ok(metadata) if metadata.file_type().is_symlink() => bail!(
            "--out {} is a symlink; the generator never writes through one (give the folder \
             it points to, if that is what you mean)",
            out.display()
        ),
        Ok(metadata) if !metadata.is_dir() => {
            bail!("--out {} exists and is not a folder", out.display())
        }
        Ok(_) => {}
        Err(error) if error.kind() == io::ErrorKind::NotFound => {}
        Err(error) => return Err(error).with_context(|| format!("reading {}", out.display())),
    }
    if let Some(protect) = protect
        && let Ok(protected) = fs::canonicalize(&protect.path)
        && protected.starts_with(&target)
    {
        bail!(
            "--out {} would hold {} ({}); give a folder of its own",
            out.display(),
            protect.what,
            protected.display()
        );
    }
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_folder_inside_the_workspace_resolves_to_its_full_path() {
        let root = std::env::temp_dir().join(format!("xtask-output-folder-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("crates")).expect("mkdir");
        for (setting, expected) in [
            ("generated", "generated"),
            ("./generated/", "generated"),
            ("crates/sdk", "crates/sdk"),
            ("not/yet/there", "not/yet/there"),
        ] {
            let resolved = resolve_codegen_output(&root, setting)
                .unwrap_or_else(|error| panic!("{setting:?}: {error:#}"));
            assert_eq!(resolved, root.join(expected), "{setting:?}");
        }
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn protected_folders_are_refused_in_any_ascii_case() {
        let root = Path::new("/nonexistent-workspace");
        for setting in ["Spec", "XTASK/out", ".GIT", "target/x", "./tests"] {
            assert!(
                resolve_codegen_output(root, setting).is_err(),
                "{setting:?} must be refused"
            );
        }
    }
}
