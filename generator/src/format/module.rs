//! The module layout: the files of a generated crate -> one Rust file holding the same
//! code as one module (`pub mod my_api { .. }`), for a `build.rs` to write into `OUT_DIR`
//! and the user's crate to `include!`.
//!
//! The crate's code is already position-independent (generated items and runtime pieces
//! name each other by relative paths, never `crate::`), so the module is the crate's
//! files put together: each `mod x;` line becomes `mod x { <the file of x> }`, with the
//! file's inner docs and attributes at the start of that body, where they are legal. No
//! text inside a file is rewritten, and bodies are not re-indented, so every literal and
//! every comment (the runtime pieces keep theirs) is exactly what the crate layout has.

use std::collections::BTreeMap;

use crate::GeneratedFile;
use crate::config::Config;
use crate::error::Error;

/// The module's name: the crate name with `-` as `_` (`my-api` -> `my_api`), which must be
/// a Rust identifier that is not a keyword.
pub(crate) fn module_name(config: &Config) -> Result<String, Error> {
    let name = config.crate_name.replace('-', "_");
    let mut chars = name.chars();
    let identifier = matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_";
    if !identifier || crate::naming::is_keyword(&name) {
        return Err(Error::Config {
            setting: "crate_name",
            message: format!(
                "`{}` does not give a module name: with `-` read as `_`, it must be a Rust identifier that is not a keyword",
                config.crate_name
            ),
        });
    }
    Ok(name)
}

/// The crate's files (as the crate layout writes them, headers included) as one module
/// file `<name>.rs`, under the same header.
pub(crate) fn crate_as_module(
    files: &[GeneratedFile],
    config: &Config,
) -> Result<GeneratedFile, Error> {
    let name = module_name(config)?;
    let header = super::header("//", config);
    let sources: BTreeMap<&str, &str> = files
        .iter()
        .filter(|file| file.path.ends_with(".rs"))
        .map(|file| {
            let body = file
                .contents
                .strip_prefix(header.as_str())
                .and_then(|rest| rest.strip_prefix('\n'))
                .unwrap_or(&file.contents);
            (file.path.as_str(), body)
        })
        .collect();
    let mut used = Vec::new();
    let mut contents = format!("{header}\npub mod {name} {{\n");
    inline_file("src/lib.rs", "src", &sources, &mut used, &mut contents)?;
    contents.push_str("}\n");
    if let Some(unused) = sources.keys().find(|path| !used.contains(*path)) {
        return Err(internal(
            unused,
            "no `mod` line of another file names this file",
        ));
    }
    // A guard, not a formatter: the joined text must still be one Rust file.
    if let Err(error) = syn::parse_file(&contents) {
        return Err(internal(&format!("{name}.rs"), &error.to_string()));
    }
    Ok(GeneratedFile {
        path: format!("{name}.rs"),
        contents,
    })
}

/// Appends the file at `path`, each of its `mod x;` lines replaced by the body of `x`'s
/// file, found in `folder` (`folder/x.rs`, else `folder/x/mod.rs`).
fn inline_file<'a>(
    path: &'a str,
    folder: &str,
    sources: &BTreeMap<&'a str, &'a str>,
    used: &mut Vec<&'a str>,
    out: &mut String,
) -> Result<(), Error> {
    let Some((path, text)) = sources.get_key_value(path) else {
        return Err(internal(path, "the file is not among the generated files"));
    };
    used.push(path);
    for line in text.lines() {
        let Some((declaration, module)) = module_declaration(line) else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let flat = format!("{folder}/{module}.rs");
        let nested = format!("{folder}/{module}/mod.rs");
        let (child, child_folder) = if sources.contains_key(flat.as_str()) {
            (flat, format!("{folder}/{module}"))
        } else if sources.contains_key(nested.as_str()) {
            (nested, format!("{folder}/{module}"))
        } else {
            return Err(internal(
                path,
                &format!("`{line}` names a file that was not generated"),
            ));
        };
        out.push_str(declaration);
        out.push_str(" {\n");
        let child = sources
            .get_key_value(child.as_str())
            .map(|(key, _)| *key)
            .unwrap_or_default();
        inline_file(child, &child_folder, sources, used, out)?;
        out.push_str("}\n");
    }
    Ok(())
}

/// A line that declares a module in another file (`pub(crate) mod send;`, as the layout
/// stage prints it: at the start of a line, alone): the declaration without the `;`, and
/// the module's name. Doc comments and string literals never start a line so (documents'
/// text is in `///` lines, and literals are printed on one line with their escapes).
fn module_declaration(line: &str) -> Option<(&str, &str)> {
    let declaration = line.strip_suffix(';')?;
    let name = ["mod ", "pub mod ", "pub(crate) mod "]
        .iter()
        .find_map(|prefix| declaration.strip_prefix(prefix))?;
    let plain = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    plain.then_some((declaration, name))
}

fn internal(file: &str, message: &str) -> Error {
    Error::Internal {
        file: file.to_owned(),
        message: format!("module layout: {message}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, body: &str, config: &Config) -> GeneratedFile {
        GeneratedFile {
            path: path.to_owned(),
            contents: format!("{}\n{body}", super::super::header("//", config)),
        }
    }

    #[test]
    fn files_become_inline_modules_with_their_inner_docs() {
        let config = Config::new("my-api");
        let files = vec![
            file("Cargo.toml", "[package]\n", &config),
            file(
                "src/lib.rs",
                "//! The API.\n#![warn(missing_docs)]\npub mod client;\n\nmod runtime;\n",
                &config,
            ),
            file("src/client.rs", "//! Calls.\npub struct Client;\n", &config),
            file("src/runtime/mod.rs", "pub(crate) mod send;\n", &config),
            file(
                "src/runtime/send.rs",
                "//! Sending.\n// A comment.\npub(crate) fn send() -> &'static str {\n    \"mod x;\"\n}\n",
                &config,
            ),
        ];
        let module = crate_as_module(&files, &config).unwrap();
        assert_eq!(module.path, "my_api.rs");
        assert_eq!(
            module.contents,
            "// Generated by `cargo xtask generate` from `an OpenAPI document`. Do not edit by hand.\n\
             pub mod my_api {\n//! The API.\n#![warn(missing_docs)]\npub mod client {\n//! Calls.\npub struct Client;\n}\n\n\
             mod runtime {\npub(crate) mod send {\n//! Sending.\n// A comment.\npub(crate) fn send() -> &'static str {\n    \"mod x;\"\n}\n}\n}\n}\n"
        );
    }

    #[test]
    fn a_file_no_module_names_is_a_generator_error() {
        let config = Config::new("my-api");
        let files = vec![
            file("src/lib.rs", "pub struct A;\n", &config),
            file("src/client.rs", "pub struct B;\n", &config),
        ];
        let error = crate_as_module(&files, &config).unwrap_err();
        assert!(error.to_string().contains("src/client.rs"), "{error}");
    }

    #[test]
    fn crate_names_that_are_no_module_name_are_refused() {
        for bad in ["9lives", "my.api", "type", ""] {
            let error = module_name(&Config::new(bad)).unwrap_err();
            assert!(error.to_string().contains("crate_name"), "{bad}: {error}");
        }
        assert_eq!(module_name(&Config::new("my-api")).unwrap(), "my_api");
    }
}
