//! The one place where document text becomes documentation, file headers or manifest
//! text. Spec text is data, never code or markup: code blocks of any fence are marked
//! `text` (never compiled as doc tests), indented code blocks cannot form, raw HTML is
//! escaped, brackets cannot make links, bare URLs become autolinks, and line breaks and
//! control characters (bidirectional overrides included) are normalised, so the result
//! passes `cargo doc` with warnings denied.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes for a description.
pub(crate) fn doc_attrs(text: Option<&str>) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#[doc = #lines])*)
}

/// `#[doc = "..."]` attributes for a description, or for `fallback` when the description
/// is absent or says nothing once made safe (every public item of a generated crate is
/// documented).
pub(crate) fn doc_attrs_or(text: Option<&str>, fallback: &str) -> TokenStream {
    let mut lines = doc_lines(text);
    if lines.is_empty() {
        lines = doc_lines(Some(fallback));
    }
    quote!(#(#[doc = #lines])*)
}

/// Text as one inline code span (`` `value` ``), whatever backticks or line breaks it
/// holds.
pub(crate) fn code(text: &str) -> String {
    let text = one_line(text);
    let longest = longest_backtick_run(&text);
    let fence = "`".repeat(longest + 1);
    // A span that starts or ends with a backtick needs a space inside its fence.
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Text on one line with no control characters: for file headers and other places that
/// are one line.
pub(crate) fn one_line(text: &str) -> String {
    let cleaned = normalize(text);
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text on one line, escaped for Markdown prose (for a heading or a sentence that wraps
/// document text).
pub(crate) fn inline(text: &str) -> String {
    escape_markdown_line(&one_line(text))
}

/// The documentation lines of a description, each with the leading space rustdoc shows
/// after `///`.
pub(crate) fn doc_lines(text: Option<&str>) -> Vec<String> {
    let Some(text) = text else {
        return Vec::new();
    };
    let lines = sanitize(text);
    lines
        .into_iter()
        .map(|line| {
            if line.is_empty() {
                line
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// Line breaks as `\n`; control characters (but tabs, which become spaces) and the
/// characters that reorder text on screen (bidirectional controls) removed.
fn normalize(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() => None,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' => None,
            c => Some(c),
        })
        .collect()
}

/// An open code fence: its character and length.
struct Fence {
    mark: char,
    length: usize,
}

/// The opening or closing fence a line is, if any (three or more backticks or tildes).
fn fence_of(line: &str) -> Option<(Fence, &str)> {
    let mark = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let length = line.chars().take_while(|c| *c == mark).count();
    (length >= 3).then(|| (Fence { mark, length }, &line[length * mark.len_utf8()..]))
}

/// The description as safe Markdown lines.
fn sanitize(text: &str) -> Vec<String> {
    let text = normalize(text);
    let mut out: Vec<String> = Vec::new();
    let mut open: Option<Fence> = None;
    // The content column of the list item the previous lines belong to, if any.
    let mut list_item: Option<usize> = None;
    for raw in text.split('\n') {
        let line = raw.trim();
        match (&open, fence_of(line)) {
            (None, Some((fence, _))) => {
                list_item = None;
                // Whatever the info string said (`rust`, nothing), the block is text.
                out.push(format!(
                    "{}text",
                    fence.mark.to_string().repeat(fence.length)
                ));
                open = Some(fence);
            }
            (Some(current), Some((fence, rest)))
                if fence.mark == current.mark
                    && fence.length >= current.length
                    && rest.trim().is_empty() =>
            {
                out.push(current.mark.to_string().repeat(current.length));
                open = None;
            }
            (Some(_), _) => out.push(raw.trim_end().to_owned()),
            // Trimmed, so no line is indented into a code block (which rustdoc would
            // compile as a doc test).
            (None, None) => {
                let escaped = escape_markdown_line(line);
                if escaped.is_empty() {
                    list_item = None;
                } else if let Some(width) = list_item_width(&escaped) {
                    list_item = Some(width);
                } else if let Some(width) = list_item {
                    // A line that continues a list item is indented to the item's text,
                    // as Markdown reads it anyway (clippy's `doc_lazy_continuation`).
                    out.push(format!("{}{escaped}", " ".repeat(width)));
                    continue;
                }
                out.push(escaped);
            }
        }
    }
    if let Some(fence) = open {
        out.push(fence.mark.to_string().repeat(fence.length));
    }
    while out.first().is_some_and(String::is_empty) {
        out.remove(0);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// The column a list item's text starts at, when the line starts one (`- `, `* `, `+ `,
/// `12. `, `3) `, with the spaces after the marker).
fn list_item_width(line: &str) -> Option<usize> {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let marker = match line.as_bytes().get(digits) {
        Some(b'.' | b')') if (1..=9).contains(&digits) => digits + 1,
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        _ => return None,
    };
    // The text starts after one to four spaces (more, and it starts after one).
    let spaces = line.as_bytes()[marker..]
        .iter()
        .take_while(|b| **b == b' ')
        .count();
    match spaces {
        0 => None,
        1..=4 => Some(marker + spaces),
        _ => Some(marker + 1),
    }
}

/// Escapes a line outside code blocks: inline code spans are kept as they are; in the
/// rest, HTML (`<`, `>`) is escaped, brackets cannot form links, and bare URLs become
/// autolinks.
fn escape_markdown_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while !rest.is_empty() {
        let Some(start) = rest.find('`') else {
            out.push_str(&escape_prose(rest));
            break;
        };
        out.push_str(&escape_prose(&rest[..start]));
        let run = rest[start..].chars().take_while(|c| *c == '`').count();
        let after = &rest[start + run..];
        match closing_run(after, run) {
            Some(end) => {
                out.push_str(&rest[start..start + run + end + run]);
                rest = &after[end + run..];
            }
            None => {
                // No closing run: the backticks are literal text.
                for _ in 0..run {
                    out.push_str("\\`");
                }
                rest = after;
            }
        }
    }
    out
}

/// Where in `text` a run of exactly `run` backticks starts, if any.
fn closing_run(text: &str, run: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'`' {
            let length = bytes[index..].iter().take_while(|b| **b == b'`').count();
            if length == run {
                return Some(index);
            }
            index += length;
        } else {
            index += 1;
        }
    }
    None
}

fn escape_prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (index, word) in text.split(' ').enumerate() {
        if index > 0 {
            out.push(' ');
        }
        let is_url = word.starts_with("http://") || word.starts_with("https://");
        let trimmed = word.trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
        let plain_url = is_url && !trimmed.contains(['<', '>', '[', ']', '`', '"', '\\']);
        if plain_url {
            out.push('<');
            out.push_str(trimmed);
            out.push('>');
            out.push_str(&escape_chars(&word[trimmed.len()..]));
        } else {
            out.push_str(&escape_chars(word));
        }
    }
    out
}

fn escape_chars(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn longest_backtick_run(text: &str) -> usize {
    let mut longest = 0;
    let mut current = 0;
    for c in text.chars() {
        if c == '`' {
            current += 1;
            longest = longest.max(current);
        } else {
            current = 0;
        }
    }
    longest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_of_any_fence_are_text() {
        assert_eq!(
            sanitize(
                "Run:\n```rust\nstd::fs::remove_file(\"x\");\n```\n~~~~\nfn y() {}\n~~~~\nend"
            ),
            vec![
                "Run:",
                "```text",
                "std::fs::remove_file(\"x\");",
                "```",
                "~~~~text",
                "fn y() {}",
                "~~~~",
                "end"
            ]
        );
        // An unclosed fence is closed; a shorter fence inside does not close it.
        assert_eq!(
            sanitize("~~~~\n~~~\nx"),
            vec!["~~~~text", "~~~", "x", "~~~~"]
        );
        // Indented code blocks cannot form.
        assert_eq!(sanitize("a\n\n    fn z() {}"), vec!["a", "", "fn z() {}"]);
    }

    #[test]
    fn html_links_and_urls_are_made_harmless() {
        assert_eq!(
            sanitize("A List<User> <script>alert(1)</script> <img onerror=x> [link](javascript:x)"),
            vec![
                "A List&lt;User&gt; &lt;script&gt;alert(1)&lt;/script&gt; &lt;img onerror=x&gt; \\[link\\](javascript:x)"
            ]
        );
        assert_eq!(
            sanitize("See https://example.com. And `List<User>` stays code."),
            vec!["See <https://example.com>. And `List<User>` stays code."]
        );
        assert_eq!(sanitize("odd ` tick <b>"), vec!["odd \\` tick &lt;b&gt;"]);
    }

    #[test]
    fn lines_continuing_a_list_item_are_indented_to_its_text() {
        assert_eq!(
            sanitize("Steps:\n1. Open it\nthen look.\n10) Close\na. again\n\nDone.\n- x\ny"),
            vec![
                "Steps:",
                "1. Open it",
                "   then look.",
                "10) Close",
                "    a. again",
                "",
                "Done.",
                "- x",
                "  y"
            ]
        );
        // The text column counts every space after the marker (up to four).
        assert_eq!(sanitize("*   item\nmore"), vec!["*   item", "    more"]);
        // Not list items: no space after the marker, or a number too long.
        assert_eq!(
            sanitize("-x\ny\n1234567890. z\nw"),
            vec!["-x", "y", "1234567890. z", "w"]
        );
    }

    #[test]
    fn control_characters_and_line_breaks_are_normalised() {
        assert_eq!(sanitize("a\rb\r\nc\u{7}d\u{202E}e"), vec!["a", "b", "cde"]);
        assert_eq!(one_line("spec/a\nb.yaml\r"), "spec/a b.yaml");
    }

    #[test]
    fn any_text_becomes_one_code_span() {
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code("line\nbreak"), "`line break`");
    }
}
