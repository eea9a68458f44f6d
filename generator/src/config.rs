//! Generation settings that are policy, not code: crate name and version, type renames,
//! and where the generated files say they come from. Read by the xtask from a small
//! TOML file beside the spec (`spec/codegen.toml`).

use std::collections::BTreeMap;

use serde::Deserialize;

/// Settings for one generated crate.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Package name of the generated crate (`sequence-api`).
    pub crate_name: String,
    /// Package version of the generated crate.
    #[serde(default = "default_crate_version")]
    pub crate_version: String,
    /// Schema renames: component name in the document -> Rust type name.
    #[serde(default)]
    pub renames: BTreeMap<String, String>,
    /// Where the document lives, as shown in the generated file headers.
    #[serde(default = "default_source")]
    pub source: String,
    /// The command that rewrites the generated files, as shown in their headers.
    #[serde(default = "default_command")]
    pub command: String,
    /// Whether the crate is its own workspace (`cargo xtask generate`) rather than a
    /// member of the enclosing one.
    #[serde(default)]
    pub standalone: bool,
    /// Opt-in mappings of string formats to crates (`uuid = "uuid"`,
    /// `date-time = "chrono"` or `"time"`, `date = "chrono"` or `"time"`, `uri = "url"`);
    /// a format not listed stays a plain `String`.
    #[serde(default)]
    pub formats: BTreeMap<String, String>,
    /// Generate only these operations (all when empty): each selector is an
    /// `operationId`, `tag:<name>`, or a path prefix such as `/users`. Only the types the
    /// selected operations reach are generated.
    #[serde(default)]
    pub only: Vec<String>,
    /// Leave out these operations (same selectors as `only`), after `only`.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Follow references to files outside the root document's folder (`../../x.yaml`, an
    /// absolute path). Off by default: a document must not make the generator read
    /// arbitrary files.
    #[serde(default)]
    pub allow_outside_refs: bool,
    /// What the generated code is laid out as: the files of a crate (the default), or one
    /// file holding the same code as a module, for a `build.rs` to write into `OUT_DIR`.
    #[serde(default)]
    pub layout: Layout,
}

/// How the generated code is laid out (`layout = "crate"` or `"module"` in the TOML).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// The files of a crate: `Cargo.toml`, `src/lib.rs` and a file per module.
    #[default]
    Crate,
    /// One file, `<name>.rs` (the crate name with `-` as `_`), holding the code as a
    /// module of that name (`pub mod my_api { .. }`), to be `include!`d at item position
    /// in the user's crate, at its root or in any module. The code behind the crate
    /// layout's cargo features (`mock`, `tracing`) is gated on features of the same names
    /// of the user's crate, which [`Generated::dependencies`](crate::Generated::dependencies)
    /// lists with the dependencies. The module's `USER_AGENT` names the user's crate
    /// (`CARGO_PKG_NAME`), and the crate docs' example is not compiled as a doctest (it
    /// cannot know where the module is).
    Module,
}

fn default_crate_version() -> String {
    "0.1.0".to_owned()
}

fn default_source() -> String {
    "an OpenAPI document".to_owned()
}

fn default_command() -> String {
    "cargo xtask generate".to_owned()
}

impl Config {
    /// Settings with defaults for everything but the crate name.
    pub fn new(crate_name: impl Into<String>) -> Self {
        Config {
            crate_name: crate_name.into(),
            crate_version: default_crate_version(),
            renames: BTreeMap::new(),
            source: default_source(),
            command: default_command(),
            standalone: false,
            formats: BTreeMap::new(),
            only: Vec::new(),
            exclude: Vec::new(),
            allow_outside_refs: false,
            layout: Layout::Crate,
        }
    }
}
