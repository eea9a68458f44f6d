//! A document on disk to the generator's output: the root document and every file its
//! references name, read relative to the root document's folder, each bounded in size and
//! none outside that folder unless allowed (`--allow-outside-refs`).

use std::fs;
use std::ops::ControlFlow;
use std::path::{Component, Path};

use anyhow::{Context, Result, bail};
use openapi_codegen::{Config, Generated, Handed};

use crate::spool::Spool;

/// The largest file read unless told otherwise (`--max-spec-bytes`): 256 MiB, for the
/// root document and for each file its references name. A larger input (or one without
/// an end, such as `/dev/zero`) is refused after reading one byte past the limit.
pub const DEFAULT_MAX_SPEC_BYTES: u64 = 256 * 1024 * 1024;

/// Reads the document at `path` as UTF-8 text, refusing it once it is known to be longer
/// than `max_bytes`: at most `max_bytes + 1` bytes are ever read, whatever the file is.
pub fn read_spec(path: &Path, max_bytes: u64) -> Result<String> {
    use std::io::Read as _;
    let reading = || format!("reading {}", path.display());
    let mut file = fs::File::open(path).with_context(reading)?;
    let cap = usize::try_from(max_bytes.saturating_add(1)).unwrap_or(usize::MAX);
    // A regular file says its size; the buffer grows by doubling, never past the limit.
    let hint = file
        .metadata()
        .map_or(0, |metadata| metadata.len())
        .min(cap as u64);
    let mut bytes = Vec::with_capacity(usize::try_from(hint).unwrap_or(0));
    let mut chunk = vec![0u8; 64 * 1024];
    while bytes.len() < cap {
        let want = chunk.len().min(cap - bytes.len());
        let read = match file.read(&mut chunk[..want]) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error).with_context(reading),
        };
        if bytes.len() + read > bytes.capacity() {
            let grown = (bytes.capacity().saturating_mul(2)).clamp(bytes.len() + read, cap);
            bytes.reserve_exact(grown - bytes.len());
        }
        bytes.extend_from_slice(&chunk[..read]);
    }
    if bytes.len() as u64 > max_bytes {
        bail!(
            "{} is larger than {max_bytes} bytes, the most a document may have (raise it with \
             `--max-spec-bytes`)",
            path.display()
        );
    }
    String::from_utf8(bytes)
        .with_context(|| format!("reading {}: the document is not UTF-8 text", path.display()))
}

/// Runs the generator on the document at `spec` and on every file its references name
/// (see [`openapi_codegen::generate_from_files`]): each is read with [`read_spec`] under
/// `max_bytes`, relative to the folder of `spec` as given. Without
/// [`Config::allow_outside_refs`] a file outside that folder is refused, whether named so
/// (`../x.yaml`, an absolute path) or reached through a symlink. An error reading the root
/// document is returned as it is; one reading a referenced file names that file, and the
/// generator's error names the reference. [`Generated::sources`] lists every file read.
pub fn generate_from_document(spec: &Path, config: &Config, max_bytes: u64) -> Result<Generated> {
    read_document_files(spec, config.allow_outside_refs, max_bytes, |root, read| {
        openapi_codegen::generate_from_files(root, read, config)
    })
}

/// [`generate_from_document`], with the files held by a [`Spool`] as they are finished
/// (see [`openapi_codegen::generate_from_files_into`]; past `spool_above` bytes held, in a
/// temporary folder) and read back, sorted, once generation is done: a very large crate
/// is never held whole beside the lowered API.
pub fn generate_from_document_spooled(
    spec: &Path,
    config: &Config,
    max_bytes: u64,
    spool_above: usize,
) -> Result<Generated> {
    let mut spool = Spool::new(spool_above);
    let mut generated =
        read_document_files(spec, config.allow_outside_refs, max_bytes, |root, read| {
            openapi_codegen::generate_from_files_into(
                root,
                read,
                config,
                &mut |handed| match handed {
                    Handed::Warnings(_) => ControlFlow::Continue(()),
                    Handed::File(file) => spool.take(file),
                },
            )
        })?;
    generated.files = spool.into_files()?;
    Ok(generated)
}

/// Runs `run` on the document at `spec`: the root's file name, as the generator asks for
/// it, and a reader of every file its references name, as [`generate_from_document`]
/// reads them (each with [`read_spec`] under `max_bytes`, relative to the folder of
/// `spec`, none outside it unless `allow_outside`). The root is read first, so that a
/// missing or oversized document is reported as such.
pub fn read_document_files<T>(
    spec: &Path,
    allow_outside: bool,
    max_bytes: u64,
    run: impl FnOnce(
        &str,
        &mut dyn FnMut(&str) -> Result<String, String>,
    ) -> Result<T, openapi_codegen::Error>,
) -> Result<T> {
    let Some(root) = spec.file_name().and_then(|name| name.to_str()) else {
        bail!(
            "{} does not name a file (or its name is not UTF-8)",
            spec.display()
        );
    };
    let folder = match spec.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut root_text = Some(read_spec(spec, max_bytes)?);
    let mut read = |relative: &str| -> Result<String, String> {
        if relative == root
            && let Some(text) = root_text.take()
        {
            return Ok(text);
        }
        read_referenced_file(folder, relative, allow_outside, max_bytes)
            .map_err(|error| format!("{error:#}"))
    };
    Ok(run(root, &mut read)?)
}

/// The file at `relative` (`/`-separated, as the generator asks for it) below `folder`.
fn read_referenced_file(
    folder: &Path,
    relative: &str,
    allow_outside: bool,
    max_bytes: u64,
) -> Result<String> {
    let path = Path::new(relative);
    let full = folder.join(path);
    if !allow_outside {
        let leaves = path
            .components()
            .any(|part| !matches!(part, Component::Normal(_) | Component::CurDir));
        if leaves {
            bail!(
                "{} is outside the document's folder {}; a document may not make the generator \
                 read files elsewhere unless allowed (`--allow-outside-refs`)",
                full.display(),
                folder.display()
            );
        }
        // A symlink inside the folder must not lead out of it either.
        if let (Ok(real), Ok(real_folder)) = (fs::canonicalize(&full), fs::canonicalize(folder))
            && !real.starts_with(&real_folder)
        {
            bail!(
                "{} leads to {} (through a symlink), outside the document's folder {}; a \
                 document may not make the generator read files elsewhere unless allowed \
                 (`--allow-outside-refs`)",
                full.display(),
                real.display(),
                folder.display()
            );
        }
    }
    read_spec(&full, max_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder under the system temp dir, removed on drop.
    struct TempDir(std::path::PathBuf);

    impl TempDir {
        fn new(label: &str) -> TempDir {
            let path = std::env::temp_dir().join(format!(
                "openapi-codegen-cli-document-{}-{label}",
                std::process::id()
            ));
            let _ = fs::remove_dir_all(&path);
            fs::create_dir_all(path.join("doc/schemas")).expect("mkdir");
            TempDir(path)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn referenced_files_are_read_below_the_documents_folder_within_the_limit() {
        let temp = TempDir::new("below");
        let folder = temp.0.join("doc");
        fs::write(folder.join("schemas/pet.yaml"), "type: object\n").expect("write");
        assert_eq!(
            read_referenced_file(&folder, "schemas/pet.yaml", false, 100).expect("read"),
            "type: object\n"
        );
        let error = read_referenced_file(&folder, "schemas/pet.yaml", false, 5)
            .expect_err("over the limit");
        let text = format!("{error:#}");
        assert!(
            text.contains("schemas/pet.yaml") && text.contains("larger than 5 bytes"),
            "{text}"
        );
        let error =
            read_referenced_file(&folder, "schemas/missing.yaml", false, 100).expect_err("missing");
        assert!(
            format!("{error:#}").contains("schemas/missing.yaml"),
            "{error:#}"
        );
    }

    #[test]
    fn files_outside_the_documents_folder_are_refused_unless_allowed() {
        let temp = TempDir::new("outside");
        let folder = temp.0.join("doc");
        fs::write(temp.0.join("common.yaml"), "type: string\n").expect("write");
        for relative in ["../common.yaml", "schemas/../../common.yaml"] {
            let error = read_referenced_file(&folder, relative, false, 100).expect_err(relative);
            let text = format!("{error:#}");
            assert!(
                text.contains("outside the document's folder")
                    && text.contains("--allow-outside-refs")
                    && text.contains("common.yaml"),
                "{text}"
            );
        }
        let absolute = temp.0.join("common.yaml");
        let absolute = absolute.to_str().expect("UTF-8 temp path");
        assert!(read_referenced_file(&folder, absolute, false, 100).is_err());
        assert_eq!(
            read_referenced_file(&folder, "../common.yaml", true, 100).expect("allowed"),
            "type: string\n"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_out_of_the_documents_folder_is_refused_unless_allowed() {
        let temp = TempDir::new("symlink");
        let folder = temp.0.join("doc");
        fs::write(temp.0.join("secret.yaml"), "secret\n").expect("write");
        std::os::unix::fs::symlink(temp.0.join("secret.yaml"), folder.join("schemas/s.yaml"))
            .expect("symlink");
        let error =
            read_referenced_file(&folder, "schemas/s.yaml", false, 100).expect_err("leads outside");
        let text = format!("{error:#}");
        assert!(
            text.contains("through a symlink") && text.contains("secret.yaml"),
            "{text}"
        );
        assert_eq!(
            read_referenced_file(&folder, "schemas/s.yaml", true, 100).expect("allowed"),
            "secret\n"
        );
    }

    #[test]
    fn the_root_document_is_read_once_and_its_errors_name_it() {
        let temp = TempDir::new("root");
        let spec = temp.0.join("doc/openapi.yaml");
        fs::write(
            &spec,
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n",
        )
        .expect("write");
        let generated = generate_from_document(&spec, &Config::new("t"), 1000).expect("generates");
        assert_eq!(generated.sources, vec!["openapi.yaml"]);
        let error = generate_from_document(&temp.0.join("doc/none.yaml"), &Config::new("t"), 1000)
            .expect_err("missing");
        assert!(format!("{error:#}").contains("none.yaml"), "{error:#}");
    }
}
