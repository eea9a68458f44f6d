//! The `build.rs` way, tried as a user would from a fresh folder outside this workspace:
//! a new crate in a unique temporary folder, whose build script calls this generator (a
//! path build-dependency) to write the Users SDK, from the Users document split in two files
//! (the schemas in a file of their own), as one module into `OUT_DIR`, which the
//! crate `include!`s at its root; its `Cargo.toml` lists exactly the dependencies the
//! generator names (`Generated::dependencies`). It must build with clippy, warnings
//! denied, with and without the module's features, and document without warnings.
//!
//! It builds offline in the target directory the fixture crates share
//! (`target/generated-crates`), so only the new crate and, the first time, the generator
//! as a build-dependency are compiled. `SKIP_FIXTURE_BUILD=1` skips it, as it skips the
//! fixture crates' build.

use std::path::Path;

use openapi_codegen::{Config, Layout, generate_from_files};

mod common;
use common::workspace_root;

/// The project's build script: what docs/build-rs.md shows.
const BUILD_RS: &str = r#"use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let folder = Path::new("api");
    let mut config = openapi_codegen::Config::new("users-api");
    config.layout = openapi_codegen::Layout::Module;
    config.source = "api/openapi.yaml".to_owned();
    config.command = "cargo build".to_owned();
    let generated = openapi_codegen::generate_from_files(
        "openapi.yaml",
        &mut |path| std::fs::read_to_string(folder.join(path)).map_err(|e| e.to_string()),
        &config,
    )?;
    for source in &generated.sources {
        println!("cargo:rerun-if-changed={}", folder.join(source).display());
    }
    for warning in openapi_codegen::render_warnings(&generated.warnings).lines() {
        println!("cargo:warning={warning}");
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("cargo sets OUT_DIR")?);
    for file in &generated.files {
        std::fs::write(out.join(&file.path), &file.contents)?;
    }
    Ok(())
}
"#;

/// The project's library: the module at the crate root, and code that calls it.
const LIB_RS: &str = r#"//! A fresh project that generates its client at build time.

include!(concat!(env!("OUT_DIR"), "/users_api.rs"));

/// The email of every user, across pages.
pub async fn emails(client: &users_api::Client) -> Result<Vec<String>, users_api::Error> {
    use users_api::prelude::*;
    let params = users_api::models::ListUsersParams::default();
    let users: Vec<users_api::models::User> =
        client.list_users_stream(&params).try_collect().await?;
    Ok(users.into_iter().map(|user| user.email).collect())
}
"#;

/// The Users document in two files: the root, whose every schema is a reference to the
/// same component of `schemas.yaml` (which holds them, with their references to each
/// other as written), and `schemas.yaml`.
fn split_users_document() -> (String, String) {
    let text = std::fs::read_to_string(workspace_root().join("spec/sequence-users.yaml"))
        .expect("the Users document");
    let mut root: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");
    let components = root
        .get_mut("components")
        .and_then(serde_yaml::Value::as_mapping_mut)
        .expect("the Users document has components");
    let schemas = components
        .get_mut("schemas")
        .and_then(serde_yaml::Value::as_mapping_mut)
        .expect("the Users document has schemas");
    let moved = schemas.clone();
    for (name, schema) in schemas.iter_mut() {
        let name = name.as_str().expect("schema names are text");
        let reference = format!("schemas.yaml#/components/schemas/{name}");
        *schema = serde_yaml::from_str(&format!("$ref: '{reference}'")).expect("YAML");
    }
    let mut file = serde_yaml::Mapping::new();
    let mut tables = serde_yaml::Mapping::new();
    tables.insert("schemas".into(), serde_yaml::Value::Mapping(moved));
    file.insert("components".into(), serde_yaml::Value::Mapping(tables));
    (
        serde_yaml::to_string(&root).expect("YAML"),
        serde_yaml::to_string(&file).expect("YAML"),
    )
}

#[test]
fn a_fresh_project_generates_a_module_in_build_rs_and_builds_warning_free() {
    if std::env::var_os("SKIP_FIXTURE_BUILD").is_some() {
        eprintln!("SKIP_FIXTURE_BUILD is set: not building the fresh project");
        return;
    }
    let (document, schemas) = split_users_document();
    let mut config = Config::new("users-api");
    config.layout = Layout::Module;
    let generated = generate_from_files(
        "openapi.yaml",
        &mut |path| match path {
            "openapi.yaml" => Ok(document.clone()),
            "schemas.yaml" => Ok(schemas.clone()),
            other => Err(format!("no file {other}")),
        },
        &config,
    )
    .expect("the split Users document generates");
    assert_eq!(generated.sources, ["openapi.yaml", "schemas.yaml"]);
    let dependencies = generated.dependencies;

    let unique = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos());
    let project = std::env::temp_dir().join(format!(
        "openapi-codegen-build-rs-{}-{unique}",
        std::process::id()
    ));
    std::fs::create_dir_all(project.join("api")).expect("create the project folder");
    std::fs::create_dir_all(project.join("src")).expect("create the project folder");
    let generator = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = format!(
        "[package]\nname = \"fresh-build-rs\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         {dependencies}\n[build-dependencies]\nopenapi-codegen = {{ path = {generator:?} }}\n\n\
         # Not a member of any workspace around the temporary folder.\n[workspace]\n"
    );
    let files = [
        ("Cargo.toml", manifest.as_str()),
        ("build.rs", BUILD_RS),
        ("src/lib.rs", LIB_RS),
        ("api/openapi.yaml", document.as_str()),
        ("api/schemas.yaml", schemas.as_str()),
    ];
    for (path, contents) in files {
        std::fs::write(project.join(path), contents).expect("write a project file");
    }
    // The workspace's lock file pins versions that are all in the local registry cache,
    // so `--offline` resolves (cargo drops the entries the project does not use).
    std::fs::copy(
        workspace_root().join("Cargo.lock"),
        project.join("Cargo.lock"),
    )
    .expect("copy Cargo.lock");

    let run = |args: &[&str], envs: &[(&str, &str)]| {
        let stderr = common::cargo_in(&project, args, envs);
        // The generator's warnings would show as `cargo:warning=` lines.
        assert!(
            !stderr.contains("warning"),
            "`cargo {}` warned in {}:\n{stderr}",
            args.join(" "),
            project.display()
        );
    };
    let clippy = ["clippy", "--offline", "--all-targets", "--quiet"];
    run(&[&clippy[..], &["--", "-D", "warnings"]].concat(), &[]);
    run(
        &[&clippy[..], &["--all-features", "--", "-D", "warnings"]].concat(),
        &[],
    );
    run(
        &["doc", "--offline", "--no-deps", "--quiet"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
    std::fs::remove_dir_all(&project).expect("remove the project folder");
}
