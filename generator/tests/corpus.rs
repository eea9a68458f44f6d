//! The checked-in slice of the real-document corpus (`tests/corpus/docs/`: Swagger 2.0,
//! OpenAPI 3.0 and 3.1 documents nobody on this project wrote): every document generates
//! (no refusal) and every generated Rust file parses. Compiling the crates with warnings
//! denied is `cargo xtask corpus --vendored` (in CI), and the whole corpus
//! `python3 tests/corpus/fetch.py && cargo xtask corpus`.

use std::path::Path;

use openapi_codegen::{Config, generate_from_text};

#[test]
fn every_vendored_corpus_document_generates_valid_rust() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus/docs");
    let mut documents: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/corpus/docs")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    documents.sort();
    assert!(documents.len() >= 10, "the vendored corpus went missing");
    let mut failures = Vec::new();
    for path in &documents {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let text = std::fs::read_to_string(path).expect("a corpus document");
        let config = Config::new(format!("corpus-{name}"));
        match generate_from_text(&text, &config) {
            Ok(generated) => {
                for file in generated.files.iter().filter(|f| f.path.ends_with(".rs")) {
                    if let Err(error) = syn::parse_file(&file.contents) {
                        failures.push(format!("{name}: {} does not parse: {error}", file.path));
                    }
                }
            }
            Err(error) => failures.push(format!("{name} was refused:\n{error}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
