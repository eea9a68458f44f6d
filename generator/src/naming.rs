//! The one owner of Rust identifiers: case conversion (heck), sanitising of punctuation,
//! non-ASCII and leading digits, Rust keywords, and collisions inside one namespace.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use heck::{ToKebabCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be used as identifiers as they are.
pub(crate) fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot even be raw identifiers (`r#self` is not allowed).
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Whether clippy's default `disallowed-names` lint refuses `name` (raw or not) as the
/// name of a local or an argument. A document may name a field or a path parameter so,
/// and the generated code then names a local or an argument after it.
pub(crate) fn clippy_refuses_as_local(name: &str) -> bool {
    matches!(unraw(name), "foo" | "baz" | "quux")
}

/// Replaces everything that is not an ASCII letter or digit with a word break, so that
/// heck sees `org.creditNote` as `org creditNote` and `a-b` as `a b`. Non-ASCII letters
/// are spelled as their code point so that distinct names stay distinct.
fn ascii_words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_ascii() {
            out.push(' ');
        } else {
            out.push_str(&format!(" u{:x} ", u32::from(c)));
        }
    }
    out
}

/// Names already made on this thread, by the text they were made from.
type Remembered = std::cell::RefCell<HashMap<Box<str>, String>>;

thread_local! {
    static TYPE_NAMES: Remembered = Remembered::default();
    static SNAKE_NAMES: Remembered = Remembered::default();
}

/// How many names a thread remembers of each kind before it starts again (a process that
/// generates many documents does not grow without bound).
const REMEMBERED_NAMES: usize = 65_536;

/// `make(raw)`, remembered: the same words come back all through a document (`id`,
/// `url`, `created_at` under every model), and case conversion is a fifth of lowering.
fn remembered(
    names: &'static std::thread::LocalKey<Remembered>,
    raw: &str,
    make: fn(&str) -> String,
) -> String {
    names.with(|names| {
        let mut names = names.borrow_mut();
        if let Some(name) = names.get(raw) {
            return name.clone();
        }
        if names.len() >= REMEMBERED_NAMES {
            names.clear();
        }
        let name = make(raw);
        names.insert(raw.into(), name.clone());
        name
    })
}

fn guard_leading_digit(name: String, prefix: &str) -> String {
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix}{name}")
    } else {
        name
    }
}

/// `UpperCamelCase` type name for a schema, parameter set or inline type.
pub fn type_name(raw: &str) -> String {
    remembered(&TYPE_NAMES, raw, type_name_of)
}

fn type_name_of(raw: &str) -> String {
    let name = ascii_words(raw).to_upper_camel_case();
    let name = if name.is_empty() {
        "Type".to_owned()
    } else {
        name
    };
    let name = guard_leading_digit(name, "Type");
    if KEYWORDS.contains(&name.as_str()) {
        format!("{name}Type")
    } else {
        name
    }
}

/// `UpperCamelCase` enum variant name for a wire value.
pub fn variant_name(raw: &str) -> String {
    let name = ascii_words(raw).to_upper_camel_case();
    let name = if name.is_empty() {
        "Empty".to_owned()
    } else {
        name
    };
    let name = guard_leading_digit(name, "Value");
    if name == "Self" {
        "SelfValue".to_owned()
    } else {
        name
    }
}

/// `snake_case` name for a field, parameter or function. Keywords become raw
/// identifiers (`type` -> `r#type`) where Rust allows it, else get a `_` suffix.
pub fn snake_name(raw: &str) -> String {
    remembered(&SNAKE_NAMES, raw, snake_name_of)
}

fn snake_name_of(raw: &str) -> String {
    let name = ascii_words(raw).to_snake_case();
    let name = if name.is_empty() {
        "value".to_owned()
    } else {
        name
    };
    let name = guard_leading_digit(name, "n");
    escape_keyword(name)
}

/// `kebab-case` name for a cargo feature (a tag's: `Pull Requests` -> `pull-requests`).
pub fn feature_name(raw: &str) -> String {
    let name = ascii_words(raw).to_kebab_case();
    let name = if name.is_empty() {
        "tag".to_owned()
    } else {
        name
    };
    guard_leading_digit(name, "tag-")
}

/// `SHOUTY_SNAKE_CASE` name for a constant.
pub fn constant_name(raw: &str) -> String {
    let name = ascii_words(raw).to_shouty_snake_case();
    let name = if name.is_empty() {
        "VALUE".to_owned()
    } else {
        name
    };
    guard_leading_digit(name, "N")
}

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        // Not `self_`: derived names (`self__segment`) would not be snake case.
        format!("{name}_value")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The identifier without a raw prefix, for building derived names (`r#type` -> `type`).
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// One namespace (a module's types, a struct's fields, an enum's variants): hands out
/// names that are unique in it, suffixing `2`, `3`, ... in the order names are claimed,
/// so the result depends only on the document's order.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: HashSet<String>,
    /// Per base name, the suffix to try first: where the last search for it stopped
    /// (every smaller suffix is taken), so `n` clashes cost `n` tries, not `n²`.
    next_suffix: HashMap<String, usize>,
}

impl Namespace {
    /// A namespace in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Namespace {
            taken: reserved.iter().map(|name| (*name).to_owned()).collect(),
            next_suffix: HashMap::default(),
        }
    }

    /// Whether `name` is already taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(unraw(name))
    }

    /// Claims `name`, or the first free `name2`, `name3`, ... when it is taken.
    pub fn claim(&mut self, name: &str) -> String {
        let bare = unraw(name);
        if self.taken.insert(bare.to_owned()) {
            return name.to_owned();
        }
        let mut counter = self.next_suffix.get(bare).copied().unwrap_or(2);
        loop {
            let candidate = suffixed(bare, counter);
            if self.taken.insert(candidate.clone()) {
                self.next_suffix.insert(bare.to_owned(), counter + 1);
                return candidate;
            }
            counter += 1;
        }
    }

    /// Claims `name`, or the first of `name2`, `name3`, ..., together with the names
    /// `derived` makes of it (`with_name`, `without_name`): the first candidate whose
    /// names are all free, so that every method a setting brings is unique.
    pub fn claim_with(&mut self, name: &str, derived: impl Fn(&str) -> Vec<String>) -> String {
        let bare = unraw(name).to_owned();
        let mut counter = 1;
        loop {
            let candidate = if counter == 1 {
                name.to_owned()
            } else {
                suffixed(&bare, counter)
            };
            let forms = derived(unraw(&candidate));
            if !self.contains(&candidate) && !forms.iter().any(|form| self.contains(form)) {
                self.taken.insert(unraw(&candidate).to_owned());
                self.taken.extend(forms);
                return candidate;
            }
            counter += 1;
        }
    }
}

/// `bare` with the number `counter` after it (`_` between when it ends in a digit).
fn suffixed(bare: &str, counter: usize) -> String {
    if bare.ends_with(|c: char| c.is_ascii_digit()) {
        format!("{bare}_{counter}")
    } else {
        format!("{bare}{counter}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_wire_names() {
        assert_eq!(snake_name("sequenceAccountIds"), "sequence_account_ids");
        assert_eq!(snake_name("type"), "r#type");
        assert_eq!(snake_name("self"), "self_value");
        assert_eq!(snake_name("1st"), "n1st");
        assert_eq!(snake_name(""), "value");
        assert_eq!(snake_name("Sequence-Version"), "sequence_version");
        assert_eq!(type_name("org.creditNote"), "OrgCreditNote");
        assert_eq!(type_name("user list"), "UserList");
        assert_eq!(type_name("1st"), "Type1st");
        assert_eq!(variant_name("org.newThing"), "OrgNewThing");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("a-b"), "AB");
        assert_eq!(constant_name("production"), "PRODUCTION");
        assert_ne!(type_name("café"), type_name("caf"));
    }

    #[test]
    fn namespace_suffixes_collisions_in_claim_order() {
        let mut names = Namespace::with_reserved(&["Client"]);
        assert_eq!(names.claim("Client"), "Client2");
        assert_eq!(names.claim("foo_bar"), "foo_bar");
        assert_eq!(names.claim("foo_bar"), "foo_bar2");
        assert_eq!(names.claim("r#type"), "r#type");
        assert_eq!(names.claim("r#type"), "type2");
        assert_eq!(names.claim("v1"), "v1");
        assert_eq!(names.claim("v1"), "v1_2");
    }

    #[test]
    fn a_name_and_the_names_made_of_it_are_claimed_together() {
        let with_forms = |name: &str| vec![format!("with_{name}"), format!("without_{name}")];
        let mut names = Namespace::with_reserved(&["with_timeout", "core"]);
        assert_eq!(names.claim_with("timeout", with_forms), "timeout2");
        assert_eq!(names.claim_with("core", with_forms), "core2");
        assert_eq!(names.claim_with("tenant", with_forms), "tenant");
        assert_eq!(names.claim_with("tenant", with_forms), "tenant2");
        assert!(names.contains("without_tenant2") && names.contains("with_timeout2"));
        assert_eq!(names.claim_with("r#type", with_forms), "r#type");
        assert!(names.contains("with_type"));
    }
}
