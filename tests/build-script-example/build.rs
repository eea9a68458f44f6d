//! Generates the Notes SDK from `api/openapi.yaml` at build time, as one module written
//! into `OUT_DIR`, which `src/lib.rs` includes: the way docs/build-rs.md describes.

use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The document's folder: the files its references name are read relative to it.
    let folder = Path::new("api");
    let mut config = openapi_codegen::Config::new("notes-api");
    config.layout = openapi_codegen::Layout::Module;
    // What the generated file's header names as its source and as what rewrites it.
    config.source = "api/openapi.yaml".to_owned();
    config.command = "cargo build".to_owned();
    let generated = openapi_codegen::generate_from_files(
        "openapi.yaml",
        &mut |path| std::fs::read_to_string(folder.join(path)).map_err(|e| e.to_string()),
        &config,
    )?;
    // Every file read, so that an edit of any of them regenerates the module.
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
    // For the test that this crate's Cargo.toml lists what the generated code needs.
    std::fs::write(out.join("dependencies.toml"), &generated.dependencies)?;
    // For the test that every file of the split document was read.
    std::fs::write(out.join("sources.txt"), generated.sources.join("\n"))?;
    Ok(())
}
