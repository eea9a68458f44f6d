//! JSON pointers in their URI-fragment form (`#/components/schemas/a~1b`): the one place
//! they are written, read, resolved in a JSON value, and told to name a component.
//!
//! There are two kinds of text to read, and one rule for each:
//! - a pointer the generator wrote (a warning's place, a schema's place): [`push`] escapes
//!   each token as RFC 6901 says (`~` as `~0`, `/` as `~1`) and nothing else, so
//!   [`tokens`] reads it back by undoing exactly that;
//! - a `$ref` of the document, which is a URI reference: its fragment is cut at `/`
//!   first, then each token is percent-decoded (RFC 3986) and then unescaped as RFC 6901
//!   says ([`reference_tokens`]). A `%2F` therefore stays inside its token (a
//!   percent-encoded reserved character is data, not a delimiter: RFC 3986 section 2.2),
//!   `%7E1` reads as `~1` and so as `/`, and a `%` that does not begin two hex digits is
//!   kept as written.

use serde_json::Value;

/// `base` with one more token, escaped (`push("#/paths", "/a")` is `#/paths/~1a`).
pub(crate) fn push(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    out.push('/');
    // Byte by byte: `~` and `/` are ASCII, so every cut falls between characters.
    let mut start = 0;
    for (index, byte) in token.bytes().enumerate() {
        let escaped = match byte {
            b'~' => "~0",
            b'/' => "~1",
            _ => continue,
        };
        out.push_str(token.get(start..index).unwrap_or_default());
        out.push_str(escaped);
        start = index + 1;
    }
    out.push_str(token.get(start..).unwrap_or_default());
    out
}

/// The pointer made of `tokens`, from the document's root.
pub(crate) fn from_tokens<T: AsRef<str>>(tokens: &[T]) -> String {
    tokens
        .iter()
        .fold(String::from("#"), |at, token| push(&at, token.as_ref()))
}

/// One token of a pointer unescaped as RFC 6901 says (`~1` is `/`, then `~0` is `~`).
pub(crate) fn unescape(token: &str) -> String {
    if !token.contains('~') {
        return token.to_owned();
    }
    token.replace("~1", "/").replace("~0", "~")
}

/// The tokens of a pointer the generator wrote (`#` is the root, no tokens); `None` for
/// text that is not such a pointer.
pub(crate) fn tokens(pointer: &str) -> Option<Vec<String>> {
    let rest = pointer.strip_prefix('#')?;
    if rest.is_empty() {
        return Some(Vec::new());
    }
    Some(rest.strip_prefix('/')?.split('/').map(unescape).collect())
}

/// The tokens of a local reference (`#/a/b~1c%20d`), each percent-decoded and then
/// unescaped; `None` for a reference to another document.
pub(crate) fn reference_tokens(reference: &str) -> Option<Vec<String>> {
    let fragment = reference.strip_prefix('#')?;
    if fragment.is_empty() {
        return Some(Vec::new());
    }
    Some(
        fragment
            .strip_prefix('/')?
            .split('/')
            .map(reference_token)
            .collect(),
    )
}

/// One token of a reference's fragment, percent-decoded and then unescaped.
pub(crate) fn reference_token(token: &str) -> String {
    unescape(&percent_decode(token))
}

/// Decodes `%XX` escapes; malformed escapes are kept as written, and bytes that do not
/// make UTF-8 are replaced.
pub(crate) fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = (bytes[index] == b'%')
            .then(|| bytes.get(index + 1..index + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                index += 3;
            }
            None => {
                out.push(bytes[index]);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The value at `tokens` below `value` (array entries by their decimal index).
pub(crate) fn node_at<'v, T: AsRef<str>>(value: &'v Value, tokens: &[T]) -> Option<&'v Value> {
    tokens
        .iter()
        .try_fold(value, |current, token| match current {
            Value::Object(map) => map.get(token.as_ref()),
            Value::Array(items) => items.get(token.as_ref().parse::<usize>().ok()?),
            _ => None,
        })
}

/// [`node_at`], to change what is there.
pub(crate) fn node_at_mut<'v, T: AsRef<str>>(
    value: &'v mut Value,
    tokens: &[T],
) -> Option<&'v mut Value> {
    tokens
        .iter()
        .try_fold(value, |current, token| match current {
            Value::Object(map) => map.get_mut(token.as_ref()),
            Value::Array(items) => items.get_mut(token.as_ref().parse::<usize>().ok()?),
            _ => None,
        })
}

/// The tables of `components`, in the order OpenAPI 3.0 lists them, then the one 3.1
/// adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Table {
    Schemas,
    Responses,
    Parameters,
    Examples,
    RequestBodies,
    Headers,
    SecuritySchemes,
    Links,
    Callbacks,
    PathItems,
}

impl Table {
    /// Every table.
    pub(crate) const ALL: [Table; 10] = [
        Table::Schemas,
        Table::Responses,
        Table::Parameters,
        Table::Examples,
        Table::RequestBodies,
        Table::Headers,
        Table::SecuritySchemes,
        Table::Links,
        Table::Callbacks,
        Table::PathItems,
    ];

    /// The table's key under `components`.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Table::Schemas => "schemas",
            Table::Responses => "responses",
            Table::Parameters => "parameters",
            Table::Examples => "examples",
            Table::RequestBodies => "requestBodies",
            Table::Headers => "headers",
            Table::SecuritySchemes => "securitySchemes",
            Table::Links => "links",
            Table::Callbacks => "callbacks",
            Table::PathItems => "pathItems",
        }
    }

    /// The table a key of `components` names.
    pub(crate) fn from_key(key: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|table| table.key() == key)
    }

    /// What one entry of the table is, in words (`request body`).
    pub(crate) fn noun(self) -> &'static str {
        match self {
            Table::Schemas => "schema",
            Table::Responses => "response",
            Table::Parameters => "parameter",
            Table::Examples => "example",
            Table::RequestBodies => "request body",
            Table::Headers => "header",
            Table::SecuritySchemes => "security scheme",
            Table::Links => "link",
            Table::Callbacks => "callback",
            Table::PathItems => "path item",
        }
    }
}

/// The component a reference names: the table's key and the entry's name as written in
/// `components` (decoded), when the reference is local and has exactly the three tokens
/// `components`, a table, a name. The table may be one this generator does not know.
pub(crate) fn component(reference: &str) -> Option<(String, String)> {
    let mut tokens = reference_tokens(reference)?;
    if tokens.len() != 3 || tokens[0] != "components" {
        return None;
    }
    let name = tokens.pop()?;
    let table = tokens.pop()?;
    Some((table, name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_written_pointer_reads_back_token_for_token() {
        for written_tokens in [
            vec![],
            vec!["paths", "/pets/{id}", "get"],
            vec!["a~b", "~1", "%20", ""],
        ] {
            let written = from_tokens(&written_tokens);
            assert_eq!(tokens(&written).unwrap(), written_tokens, "{written}");
        }
        assert_eq!(push("#/paths", "/users/{id}"), "#/paths/~1users~1{id}");
        assert_eq!(push("#", "a~b/c~"), "#/a~0b~1c~0");
        assert_eq!(push("#/x", "ünï~/"), "#/x/ünï~0~1");
        assert_eq!(push("#/x", ""), "#/x/");
        assert_eq!(tokens("no hash"), None);
        assert_eq!(tokens("#a"), None);
        // A pointer the generator wrote is never percent-decoded.
        assert_eq!(tokens("#/a%20b").unwrap(), ["a%20b"]);
    }

    /// RFC 6901 section 4: `~01` is `~1`, not `/`.
    #[test]
    fn tilde_escapes_are_undone_in_the_order_rfc_6901_gives() {
        assert_eq!(unescape("~01"), "~1");
        assert_eq!(unescape("a~1b~0c"), "a/b~c");
    }

    #[test]
    fn a_reference_is_cut_at_slashes_then_percent_decoded_then_unescaped() {
        assert_eq!(reference_tokens("#").unwrap(), Vec::<String>::new());
        assert_eq!(
            reference_tokens("#/components/schemas/a~1b%20c").unwrap(),
            ["components", "schemas", "a/b c"]
        );
        // A percent-encoded slash is data inside its token, never a separator.
        assert_eq!(reference_tokens("#/a%2Fb").unwrap(), ["a/b"]);
        // `%7E1` decodes to `~1`, which is then a slash.
        assert_eq!(reference_tokens("#/a%7E1b").unwrap(), ["a/b"]);
        // Malformed escapes stay as written.
        assert_eq!(reference_tokens("#/100%+1%2").unwrap(), ["100%+1%2"]);
        assert_eq!(reference_tokens("#/%4/100%").unwrap(), ["%4", "100%"]);
        assert_eq!(reference_tokens("#/%C3%A9").unwrap(), ["é"]);
        assert_eq!(reference_tokens("other.yaml#/a"), None);
        assert_eq!(reference_tokens("#a"), None);
    }

    #[test]
    fn a_component_is_told_with_its_table_and_decoded_name() {
        let named = |table: &str, name: &str| Some((table.to_owned(), name.to_owned()));
        assert_eq!(
            component("#/components/schemas/User"),
            named("schemas", "User")
        );
        assert_eq!(
            component("#/components/schemas/a~1b%20c"),
            named("schemas", "a/b c")
        );
        assert_eq!(component("#/components/unknown/X"), named("unknown", "X"));
        assert_eq!(component("#/components/schemas/User/properties/a"), None);
        assert_eq!(component("#/components/schemas"), None);
        assert_eq!(component("#/paths/~1a"), None);
        assert_eq!(component("other.yaml#/components/schemas/User"), None);
        for (reference, names_one) in [
            ("#/components/schemas/a%2Fb", true),
            ("#/compon%65nts/schemas/Pet", true),
            ("#/components/schemas/", true),
            ("#components/schemas/Pet", false),
            ("#", false),
        ] {
            assert_eq!(component(reference).is_some(), names_one, "{reference}");
        }
        for table in Table::ALL {
            assert_eq!(Table::from_key(table.key()), Some(table));
        }
        assert_eq!(Table::from_key("definitions"), None);
    }

    #[test]
    fn nodes_are_found_in_objects_and_arrays() {
        let mut value = json!({"a": [{"b/c": 1}]});
        assert_eq!(node_at(&value, &["a", "0", "b/c"]), Some(&json!(1)));
        assert_eq!(node_at(&value, &["a", "x"]), None);
        assert_eq!(node_at(&value, &[] as &[&str]), Some(&value.clone()));
        *node_at_mut(&mut value, &["a", "0"]).unwrap() = json!(2);
        assert_eq!(value, json!({"a": [2]}));
    }
}
