//! A `codegen.toml`: which document, where the crate goes, and the generator's policy for
//! it (crate name and version, renames, format mappings, the operations to generate).
//! The workspace's `spec/codegen.toml` and `openapi-codegen generate --config FILE` read
//! the same format.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use openapi_codegen::Config;
use serde::Deserialize;

/// The settings in a `codegen.toml`:
///
/// ```toml
/// spec = "openapi.yaml"      # the document
/// output = "../my-client"    # the crate's folder
///
/// [generator]                # openapi_codegen::Config
/// crate_name = "my-client"
/// crate_version = "0.1.0"
/// only = ["tag:Users"]
///
/// [generator.renames]
/// OldName = "NewName"
/// ```
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The document, relative to the folder the file's reader says (the workspace root for
    /// `cargo xtask codegen`, the file's own folder for `openapi-codegen`).
    pub spec: String,
    /// The crate's folder, relative to the same folder.
    pub output: String,
    /// The generator's settings.
    pub generator: Config,
    /// Whether the file says `standalone` itself (a reader may pick another default).
    #[serde(skip)]
    pub standalone_given: bool,
}

/// Reads the settings at `path`; errors name the file.
pub fn read_settings(path: &Path) -> Result<Settings> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut settings: Settings =
        toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    settings.standalone_given = text.parse::<toml::Table>().is_ok_and(|table| {
        table
            .get("generator")
            .and_then(toml::Value::as_table)
            .is_some_and(|generator| generator.contains_key("standalone"))
    });
    Ok(settings)
}
