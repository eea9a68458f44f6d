//! Typed errors of the generator: every problem names where in the document it is
//! (a JSON pointer such as `#/paths/~1users~1{id}/get/parameters/0`) and what is wrong.

use std::fmt;

/// One problem found in the document, located by a JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// JSON pointer (RFC 6901, in URI fragment form) of the offending element.
    pub pointer: String,
    /// What is wrong there, in one sentence.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}",
            printable(&self.pointer),
            printable(&self.message)
        )
    }
}

/// Text of the document made safe to print on a terminal: control characters (a line
/// break that would forge another line, an escape sequence that would recolour or move
/// the cursor) and the characters that reorder text on screen (bidirectional overrides
/// and isolates) are written as escapes (`\r`, `\u{1b}`, `\u{202e}`); everything
/// else as it is. Pointers and messages hold the document's keys and values.
pub(crate) fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Everything that can stop generation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The text is not valid YAML or JSON.
    #[error(
        "{format} syntax error at line {line}, column {column}: {}",
        printable(message)
    )]
    Syntax {
        /// `YAML` or `JSON`.
        format: &'static str,
        /// 1-based line of the error (0 when the parser gave none).
        line: usize,
        /// 1-based column of the error (0 when the parser gave none).
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// The document is not an OpenAPI 3.0.x document.
    #[error("{}: {}", printable(pointer), printable(message))]
    UnsupportedVersion {
        /// Where the version is (or should be) stated.
        pointer: String,
        /// Which version was found and what is supported.
        message: String,
    },
    /// The document is well-formed YAML/JSON but does not have the shape of an
    /// OpenAPI 3.0 document.
    #[error("{}: {}", printable(pointer), printable(message))]
    Shape {
        /// Where the structural problem is.
        pointer: String,
        /// What the parser expected.
        message: String,
    },
    /// One or more problems in the document; all that were found in one pass.
    #[error("{}", render_diagnostics(.0))]
    Invalid(Vec<Diagnostic>),
    /// A bug in the generator (Rust that does not parse, parts that do not join, a
    /// lowered API holding an id that is not its own), reported instead of writing
    /// broken code.
    #[error(
        "internal error in `{file}`: {message}; nothing was written; please report this with the document"
    )]
    Internal {
        /// The generated file (or the stage's product) at fault.
        file: String,
        /// What is wrong, in the parser's or the stage's words.
        message: String,
    },
    /// A setting of the [`Config`](crate::Config) that cannot be used as given.
    #[error("setting `{setting}`: {message}")]
    Config {
        /// The setting's name.
        setting: &'static str,
        /// What is wrong with its value.
        message: String,
    },
}

fn render_diagnostics(diagnostics: &[Diagnostic]) -> String {
    let count = diagnostics.len();
    let mut out = format!(
        "the document has {count} problem{}:",
        if count == 1 { "" } else { "s" }
    );
    for diagnostic in diagnostics {
        out.push_str("\n  - ");
        out.push_str(&diagnostic.to_string());
    }
    out
}

impl Error {
    /// The located problems of this error, one per line, for tests and tools.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            Error::Invalid(list) => list.clone(),
            Error::UnsupportedVersion { pointer, message } | Error::Shape { pointer, message } => {
                vec![Diagnostic {
                    pointer: pointer.clone(),
                    message: message.clone(),
                }]
            }
            Error::Syntax { .. } | Error::Internal { .. } | Error::Config { .. } => {
                vec![Diagnostic {
                    pointer: "#".to_owned(),
                    message: self.to_string(),
                }]
            }
        }
    }
}

/// Builds JSON pointers in URI-fragment form (`#/a/b~1c`): [`crate::pointer::push`],
/// under the name the stages use for it.
pub(crate) use crate::pointer::push as pointer;

/// Collects the problems of one run, so that it reports as many as it can: errors (the
/// document cannot be read as written) and warnings (a documented fallback was taken).
#[derive(Debug, Default)]
pub(crate) struct Diagnostics {
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records an error: generation will fail, naming `pointer`.
    pub(crate) fn push(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.errors.push(Diagnostic {
            pointer: pointer.into(),
            message: message.into(),
        });
    }

    /// Records a warning: generation goes on with the fallback `message` describes.
    pub(crate) fn warn(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(Diagnostic {
            pointer: pointer.into(),
            message: message.into(),
        });
    }

    /// Adds what `other` recorded after what this one did.
    pub(crate) fn append(&mut self, mut other: Diagnostics) {
        self.errors.append(&mut other.errors);
        self.warnings.append(&mut other.warnings);
    }

    /// The warnings when no error was recorded (each once: a path-level parameter is
    /// lowered with every operation of its path, and warns with each), else every error.
    pub(crate) fn into_result(mut self) -> Result<Vec<Diagnostic>, Error> {
        if self.errors.is_empty() {
            let mut seen = std::collections::HashSet::new();
            self.warnings
                .retain(|w| seen.insert((w.pointer.clone(), w.message.clone())));
            Ok(self.warnings)
        } else {
            Err(Error::Invalid(self.errors))
        }
    }
}

/// How many places of one warning are shown before the rest are counted.
const PLACES_SHOWN: usize = 3;

/// Renders warnings the way rustc does, one per line: `warning: <pointer>: <message>`.
/// A message met at many places (one per operation, say) is shown at its first
/// [`PLACES_SHOWN`] places, then counted; warnings keep the order of their first place.
pub fn render_warnings(warnings: &[Diagnostic]) -> String {
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for warning in warnings {
        match index.get(warning.message.as_str()) {
            Some(&at) => groups[at].1.push(&warning.pointer),
            None => {
                index.insert(&warning.message, groups.len());
                groups.push((&warning.message, vec![&warning.pointer]));
            }
        }
    }
    let mut out = String::new();
    for (message, pointers) in groups {
        for pointer in pointers.iter().take(PLACES_SHOWN) {
            out.push_str(&format!(
                "warning: {}: {}\n",
                printable(pointer),
                printable(message)
            ));
        }
        if pointers.len() > PLACES_SHOWN {
            out.push_str(&format!(
                "note: the same warning at {} more places\n",
                pointers.len() - PLACES_SHOWN
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key with a line break, an escape sequence and a right-to-left override prints
    /// as one line of visible escapes, in warnings and in errors alike.
    #[test]
    fn document_text_in_warnings_and_errors_prints_as_visible_escapes() {
        let hostile = Diagnostic {
            pointer: "#/paths/~1a\r\nwarning: forged/get\u{1b}[2J\u{202e}x".to_owned(),
            message: "media type \"a\nb\" left out\u{7}".to_owned(),
        };
        let rendered = render_warnings(std::slice::from_ref(&hostile));
        assert_eq!(
            rendered,
            "warning: #/paths/~1a\\r\\nwarning: forged/get\\u{1b}[2J\\u{202e}x: media type \"a\\nb\" left out\\u{7}\n"
        );
        let error = Error::Invalid(vec![hostile.clone()]).to_string();
        assert!(
            !error.chars().any(|c| c.is_control() && c != '\n'),
            "{error:?}"
        );
        assert_eq!(error.lines().count(), 2, "{error:?}");
        let shape = Error::Shape {
            pointer: hostile.pointer.clone(),
            message: hostile.message.clone(),
        };
        assert!(!shape.to_string().chars().any(char::is_control));
        // Ordinary text, accents and all, is left as it is.
        assert_eq!(
            printable("#/paths/~1caf\u{e9}/get"),
            "#/paths/~1caf\u{e9}/get"
        );
    }

    #[test]
    fn a_warning_made_again_at_the_same_place_is_kept_once() {
        let mut diagnostics = Diagnostics::default();
        // A path-level parameter is lowered with each operation of its path.
        diagnostics.warn("#/paths/~1a/parameters/0", "same");
        diagnostics.warn("#/paths/~1a/parameters/0", "other");
        diagnostics.warn("#/paths/~1a/parameters/0", "same");
        diagnostics.warn("#/paths/~1b/parameters/0", "same");
        let warnings = diagnostics.into_result().expect("no error");
        let kept: Vec<(&str, &str)> = warnings
            .iter()
            .map(|w| (w.pointer.as_str(), w.message.as_str()))
            .collect();
        assert_eq!(
            kept,
            [
                ("#/paths/~1a/parameters/0", "same"),
                ("#/paths/~1a/parameters/0", "other"),
                ("#/paths/~1b/parameters/0", "same"),
            ]
        );
    }
}
