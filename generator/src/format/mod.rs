//! Format stage: `TokenStream` -> source text, through `syn::parse2` and `prettyplease`,
//! under a fixed header that names the command that rewrites the file.

mod module;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;

use crate::GeneratedFile;
use crate::config::Config;
use crate::emit::{EmittedFile, Joins};
use crate::error::Error;

/// An emitted file laid out: a whole file, or one part of a file the parts of which are
/// joined by [`assemble`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Formatted {
    /// A complete file.
    File(GeneratedFile),
    /// One part of a Rust file: its laid-out items, without the file's header.
    Part {
        /// Path relative to the crate root.
        path: String,
        /// The part's place in its file, from 0.
        index: usize,
        /// Its text, trimmed where it meets its neighbours.
        text: String,
    },
}

pub(crate) use module::crate_as_module;

/// Lays out every emitted file on this thread and joins the parts of each file.
pub fn format_all(files: Vec<EmittedFile>, config: &Config) -> Result<Vec<GeneratedFile>, Error> {
    let formatted = files
        .into_iter()
        .map(|file| format_emitted(file, config))
        .collect::<Result<Vec<_>, _>>()?;
    assemble(formatted, config)
}

/// Turns an emitted file, or part of one, into its text.
pub fn format_emitted(file: EmittedFile, config: &Config) -> Result<Formatted, Error> {
    let (path, contents) = match file {
        EmittedFile::Rust { path, tokens } => {
            let contents = format_rust(&path, tokens, config)?;
            (path, contents)
        }
        EmittedFile::RustPart {
            path,
            index,
            joins,
            tokens,
            docs,
        } => {
            let laid_out = lay_out(&path, tokens)?;
            let body = trim_joins(&path, index, &laid_out, joins)?;
            // One pass puts the docs back and sets the items apart.
            let text =
                crate::emit::put_back_docs(body, &docs, starts_item_after).map_err(|message| {
                    Error::Internal {
                        file: path.clone(),
                        message: format!("part {index}: {message}"),
                    }
                })?;
            return Ok(Formatted::Part { path, index, text });
        }
        EmittedFile::Verbatim { path, text } => {
            let contents = format!("{}\n{text}", header("//", config));
            (path, contents)
        }
        EmittedFile::Toml { path, text } => {
            let contents = format!("{}\n{text}", header("#", config));
            (path, contents)
        }
    };
    Ok(Formatted::File(GeneratedFile { path, contents }))
}

/// Joins the parts of each file, in order, under the file's header; whole files pass
/// through. The result is in the order files were first met.
pub fn assemble(formatted: Vec<Formatted>, config: &Config) -> Result<Vec<GeneratedFile>, Error> {
    let mut files = Vec::new();
    let mut parts: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
    for item in formatted {
        match item {
            Formatted::File(file) => files.push(file),
            Formatted::Part { path, index, text } => {
                parts.entry(path).or_default().push((index, text));
            }
        }
    }
    for (path, mut texts) in parts {
        texts.sort_by_key(|(index, _)| *index);
        if texts
            .iter()
            .enumerate()
            .any(|(at, (index, _))| at != *index)
        {
            return Err(Error::Internal {
                file: path,
                message: "the parts of the file are not numbered from 0 without gaps".to_owned(),
            });
        }
        files.push(GeneratedFile {
            path,
            contents: join_parts(&header("//", config), &texts),
        });
    }
    Ok(files)
}

/// The file's header, then its parts (each with its items already set apart), with the
/// blank line [`separate_items`] would put where one part meets the next.
fn join_parts(header: &str, texts: &[(usize, String)]) -> String {
    let length = texts.iter().map(|(_, text)| text.len() + 1).sum::<usize>();
    let mut contents = String::with_capacity(header.len() + 1 + length);
    contents.push_str(header);
    contents.push('\n');
    let mut last_line: Option<&str> = None;
    for (_, text) in texts {
        if let (Some(before), Some(first)) = (last_line, text.lines().next())
            && starts_item_after(before, first)
        {
            contents.push('\n');
        }
        contents.push_str(text);
        last_line = text.lines().next_back().or(last_line);
    }
    contents
}

/// Lays out one Rust file. A token stream that does not parse as a file is a generator
/// bug, reported as [`Error::Internal`] rather than written out.
pub fn format_rust(path: &str, tokens: TokenStream, config: &Config) -> Result<String, Error> {
    let body = separate_items(&lay_out(path, tokens)?);
    Ok(format!("{}\n{body}", header("//", config)))
}

/// syn and prettyplease: the items of a token stream as text.
fn lay_out(path: &str, tokens: TokenStream) -> Result<String, Error> {
    let file = syn::parse2::<syn::File>(tokens).map_err(|e| Error::Internal {
        file: path.to_owned(),
        message: e.to_string(),
    })?;
    Ok(prettyplease::unparse(&file))
}

/// Cuts a part's text where it meets its neighbours: the opening lines of the blocks the
/// previous part left open (`impl Client {`, or `impl Operation {`, a method's signature
/// and `match index {` for arms of a match), which this part opens again, and the closing
/// braces of the blocks the next part goes on with.
fn trim_joins<'t>(
    path: &str,
    index: usize,
    mut text: &'t str,
    joins: Joins,
) -> Result<&'t str, Error> {
    let fail = |what: &str| Error::Internal {
        file: path.to_owned(),
        message: format!("part {index} of the file does not {what}"),
    };
    for _ in 0..joins.next {
        let closed = text
            .strip_suffix('\n')
            .and_then(|body| body.rfind('\n').map(|end| (end, &body[end + 1..])));
        match closed {
            Some((end, line)) if line.trim_start() == "}" => text = &text[..=end],
            _ => return Err(fail("end in the blocks the next part continues")),
        }
    }
    if joins.previous > 0 {
        text = after_openings(text, joins.previous)
            .ok_or_else(|| fail("begin with the blocks the previous part left open"))?;
    }
    Ok(text)
}

/// The text after the lines that open `depth` blocks (a signature prettyplease breaks over
/// several lines included), when the text begins with them: no line before is a comment,
/// holds a literal, or closes more than it opens.
fn after_openings(mut text: &str, depth: usize) -> Option<&str> {
    let mut open = 0usize;
    while open < depth {
        let (line, rest) = text.split_once('\n')?;
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") || trimmed.starts_with('#') || line.contains('"') {
            return None;
        }
        let opens = line.matches('{').count();
        open = (open + opens).checked_sub(line.matches('}').count())?;
        text = rest;
    }
    (open == depth).then_some(text)
}

/// The first line of every generated file, after the comment marker of its language:
/// the command that rewrites it and the document it comes from (each on one line, so a
/// line break in a path cannot end the comment).
pub fn header(comment: &str, config: &Config) -> String {
    format!(
        "{comment} Generated by `{}` from `{}`. Do not edit by hand.",
        crate::emit::one_line(&config.command),
        crate::emit::one_line(&config.source)
    )
}

/// prettyplease puts items right after one another; a blank line between items (and
/// after the `use` block) makes generated files read like hand-written ones. An item
/// starts where a line begins at the same indentation as the previous line, which
/// closed something (`}` or `;`), and the new line is not itself a closing brace.
fn separate_items(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut previous: Option<&str> = None;
    for line in text.lines() {
        if previous.is_some_and(|before| starts_item_after(before, line)) {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

/// Whether `line` begins a new item right after `before` closed one, at the same
/// indentation: the place for a blank line.
fn starts_item_after(before: &str, line: &str) -> bool {
    let indent = |l: &str| l.len() - l.trim_start().len();
    // A comment line (docs holding code) never closes an item. Most lines close nothing,
    // so this is asked first.
    let closed =
        (before.ends_with('}') || before.ends_with(';')) && !before.trim_start().starts_with("//");
    if !closed {
        return false;
    }
    let trimmed = line.trim_start();
    let both_use = before.trim_start().starts_with("use ") && trimmed.starts_with("use ");
    let starts_item =
        !trimmed.starts_with('}') && !trimmed.starts_with(')') && !trimmed.starts_with('.');
    let inside_body = before.trim_start().starts_with("let ") || !is_item_start(trimmed);
    starts_item && !both_use && indent(before) == indent(line) && !inside_body
}

/// Whether a line begins an item (or its docs or attributes) rather than a statement.
fn is_item_start(trimmed: &str) -> bool {
    const STARTS: &[&str] = &[
        "///",
        "//!",
        "#[",
        "#![",
        "pub ",
        "pub(",
        "fn ",
        "async fn ",
        "impl ",
        "impl<",
        "struct ",
        "enum ",
        "type ",
        "const ",
        "static ",
        "mod ",
        "use ",
        "trait ",
        // The runtime's macros (`string_enum!`), invoked after the enum they implement.
        "crate::runtime::",
    ];
    STARTS.iter().any(|start| trimmed.starts_with(start))
}

#[cfg(test)]
mod tests {
    use super::{Joins, header, separate_items, starts_item_after, trim_joins};

    #[test]
    fn parts_meet_where_the_block_they_share_opens_and_closes() {
        let middle = Joins {
            previous: 1,
            next: 1,
        };
        let text = "impl Client {\n    fn a() {}\n}\n";
        assert_eq!(trim_joins("f", 1, text, middle).unwrap(), "    fn a() {}\n");
        // A part that does not have the shape its joins say is a generator bug.
        let error = trim_joins("f", 2, "fn a() {}\n", middle).unwrap_err();
        assert!(error.to_string().contains("part 2"), "{error}");
        // Arms of a match inside a method of an `impl` block, the signature on two lines.
        let deep = Joins {
            previous: 3,
            next: 3,
        };
        let text = "impl Operation {\n    const fn entry(\n        index: usize,\n    ) -> Option<u8> {\n        match index {\n            1 => Some(1),\n        }\n    }\n}\n";
        assert_eq!(
            trim_joins("f", 1, text, deep).unwrap(),
            "            1 => Some(1),\n"
        );
        let error = trim_joins("f", 3, "impl A {\n    fn a() {}\n}\n", deep).unwrap_err();
        assert!(error.to_string().contains("part 3"), "{error}");
    }

    /// Setting items apart while the docs go back in gives the text setting them apart
    /// afterwards gives: a placeholder line decides blank lines as its doc lines would.
    #[test]
    fn items_are_set_apart_as_the_docs_go_back_in() {
        let table = vec![
            vec![" A struct;".to_owned(), " with docs }".to_owned()],
            vec![" A field.".to_owned()],
            vec![" Another.".to_owned()],
        ];
        let laid_out = "use a;\nuse b;\n///\u{1}0\npub struct A {\n    ///\u{1}1\n    pub a: u8,\n}\n///\u{1}2\nfn f() {}\nfn g() {}\n";
        let together = crate::emit::put_back_docs(laid_out, &table, starts_item_after).unwrap();
        let apart =
            separate_items(&crate::emit::put_back_docs(laid_out, &table, |_, _| false).unwrap());
        assert_eq!(together, apart);
        assert!(together.contains("use b;\n\n/// A struct;\n"), "{together}");
        assert!(
            together.contains("}\n\n/// Another.\nfn f() {}\n\nfn g()"),
            "{together}"
        );
    }

    #[test]
    fn a_line_break_in_the_document_path_stays_in_the_header_line() {
        let mut config = crate::Config::new("x");
        config.source = "spec/evil\nfn main() {}\r.yaml".to_owned();
        config.command = "cargo xtask\ncodegen".to_owned();
        let line = header("//", &config);
        assert_eq!(
            line,
            "// Generated by `cargo xtask codegen` from `spec/evil fn main() {} .yaml`. Do not edit by hand."
        );
        assert!(!line.contains('\n') && !line.contains('\r'));
    }

    #[test]
    fn separates_items_but_not_statements() {
        let text = "use a;\nuse b;\npub struct A;\nimpl A {\n    fn f() {\n        let x = 1;\n        g(x);\n    }\n    fn h() {}\n}\n";
        assert_eq!(
            separate_items(text),
            "use a;\nuse b;\n\npub struct A;\n\nimpl A {\n    fn f() {\n        let x = 1;\n        g(x);\n    }\n\n    fn h() {}\n}\n"
        );
    }
}
