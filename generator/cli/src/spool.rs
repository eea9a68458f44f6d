//! The files of a crate while it is generated. The generator hands each file over as soon
//! as it is finished ([`openapi_codegen::generate_from_files_into`]); held in memory, the
//! whole crate would sit beside the lowered API until the last file is done (on a document
//! of 100,000 operations, 500 MB of code beside 400 MB of API). So past
//! [`SPOOL_ABOVE_BYTES`] held, each further file goes to a temporary folder of this run's
//! own, created fresh under the system's temporary directory (`$TMPDIR`), private to the
//! user, and removed when the spool is dropped, on success or error. The files are read
//! back once generation is done and its memory is free. Any crate of a real document
//! seen so far stays under the limit and is never written there (GitHub's is 20 MB).

use std::fs;
use std::ops::ControlFlow;

use anyhow::{Context, Result};
use openapi_codegen::GeneratedFile;

/// How much generated code is held in memory before files go to the spool folder.
pub const SPOOL_ABOVE_BYTES: usize = 64 << 20;

/// Generated files: in memory, and past the limit in a folder of the run's own.
pub struct Spool {
    held: Vec<GeneratedFile>,
    held_bytes: usize,
    limit: usize,
    folder: Option<tempfile::TempDir>,
    /// The path of each file in the folder, by its number there.
    spooled: Vec<String>,
    /// Why the spool stopped taking files (writing one failed).
    failed: Option<anyhow::Error>,
}

impl Spool {
    /// A spool holding up to `limit` bytes of files in memory.
    pub fn new(limit: usize) -> Self {
        Spool {
            held: Vec::new(),
            held_bytes: 0,
            limit,
            folder: None,
            spooled: Vec::new(),
            failed: None,
        }
    }

    /// Takes a file: held, or written to the folder once the limit is reached. Answers
    /// [`ControlFlow::Break`] when the file cannot be written (the error is kept for
    /// [`Spool::into_files`]).
    pub fn take(&mut self, file: GeneratedFile) -> ControlFlow<()> {
        if self.held_bytes.saturating_add(file.contents.len()) <= self.limit {
            self.held_bytes += file.contents.len();
            self.held.push(file);
            return ControlFlow::Continue(());
        }
        match self.write(file) {
            Ok(()) => ControlFlow::Continue(()),
            Err(error) => {
                self.failed = Some(error);
                ControlFlow::Break(())
            }
        }
    }

    fn write(&mut self, file: GeneratedFile) -> Result<()> {
        let folder = match &self.folder {
            Some(folder) => folder,
            None => self.folder.insert(
                private_folder().context("creating a temporary folder for the generated files")?,
            ),
        };
        // Numbered, not named by the file's path: nothing but the number goes into the
        // folder's names.
        let to = folder.path().join(self.spooled.len().to_string());
        fs::write(&to, file.contents.as_bytes())
            .with_context(|| format!("writing {} to {}", file.path, to.display()))?;
        self.spooled.push(file.path);
        Ok(())
    }

    /// Whether any file went to the folder.
    pub fn spilled(&self) -> bool {
        !self.spooled.is_empty()
    }

    /// Every file taken, sorted by path, read back from the folder where written there;
    /// the folder is removed. The error of a file that could not be written, if any.
    pub fn into_files(mut self) -> Result<Vec<GeneratedFile>> {
        if let Some(error) = self.failed.take() {
            return Err(error);
        }
        let mut files = std::mem::take(&mut self.held);
        if let Some(folder) = self.folder.take() {
            for (number, path) in std::mem::take(&mut self.spooled).into_iter().enumerate() {
                let from = folder.path().join(number.to_string());
                let contents = fs::read_to_string(&from)
                    .with_context(|| format!("reading {path} back from {}", from.display()))?;
                files.push(GeneratedFile { path, contents });
            }
            let shown = folder.path().display().to_string();
            folder
                .close()
                .with_context(|| format!("removing the temporary folder {shown}"))?;
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }
}

/// A fresh folder under the system's temporary directory, readable by the user only.
fn private_folder() -> std::io::Result<tempfile::TempDir> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("openapi-codegen-spool-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o700));
    }
    builder.tempdir()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.to_owned(),
            contents: contents.to_owned(),
        }
    }

    #[test]
    fn files_past_the_limit_go_to_a_private_folder_and_come_back_sorted() {
        let mut spool = Spool::new(10);
        assert!(spool.take(file("src/b.rs", "0123456789")).is_continue());
        assert!(!spool.spilled());
        assert!(spool.take(file("src/a.rs", "over the limit")).is_continue());
        assert!(spool.take(file("Cargo.toml", "[package]")).is_continue());
        assert!(spool.spilled());
        let folder = spool.folder.as_ref().expect("a folder").path().to_owned();
        assert!(
            folder
                .file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with("openapi-codegen-spool-"))
        );
        let mut names: Vec<String> = fs::read_dir(&folder)
            .expect("the folder")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        assert_eq!(names, ["0", "1"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&folder)
                .expect("metadata")
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "private to the user: {mode:o}");
        }
        let files = spool.into_files().expect("read back");
        assert_eq!(
            files,
            [
                file("Cargo.toml", "[package]"),
                file("src/a.rs", "over the limit"),
                file("src/b.rs", "0123456789"),
            ]
        );
        assert!(!folder.exists(), "the folder is removed");
    }

    #[test]
    fn a_spool_dropped_on_an_error_removes_its_folder() {
        let mut spool = Spool::new(0);
        assert!(spool.take(file("src/lib.rs", "//! x")).is_continue());
        let folder = spool.folder.as_ref().expect("a folder").path().to_owned();
        assert!(folder.join("0").is_file());
        drop(spool);
        assert!(!folder.exists());
    }
}
