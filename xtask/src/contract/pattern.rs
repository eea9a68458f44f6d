//! A string that a simple regular expression (a schema's `pattern`) matches: literals,
//! classes, `\d \w \s`, groups, alternation and quantifiers; a negative look-ahead is
//! passed over. Other look-arounds, back references and Unicode properties are refused
//! with a reason.

/// One piece of a parsed pattern.
#[derive(Debug, Clone)]
enum Node {
    /// Characters one of which is written (the first).
    Class(Vec<char>),
    /// Alternatives, each a sequence; the first is written.
    Group(Vec<Vec<Node>>),
    /// A node repeated between `min` and `max` times.
    Repeat {
        node: Box<Node>,
        min: usize,
        max: Option<usize>,
    },
}

/// A string the pattern matches, between `min_length` and `max_length` characters when
/// the pattern allows it (unbounded repetitions are stretched to reach `min_length`).
pub fn string_matching(
    pattern: &str,
    min_length: usize,
    max_length: Option<usize>,
) -> Result<String, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut parser = Parser {
        chars: &chars,
        at: 0,
    };
    let alternatives = parser.alternatives()?;
    if parser.at < chars.len() {
        return Err(format!("pattern `{pattern}`: an unmatched `)`"));
    }
    let root = Node::Group(alternatives);
    let mut shortest = String::new();
    for stretch in 0..=min_length.max(1) {
        let mut out = String::new();
        write(&root, stretch, &mut out);
        let length = out.chars().count();
        if stretch == 0 {
            shortest.clone_from(&out);
        }
        if length >= min_length && max_length.is_none_or(|max| length <= max) {
            return Ok(out);
        }
    }
    // The length bounds cannot be met by stretching; the pattern decides.
    Ok(shortest)
}

fn write(node: &Node, stretch: usize, out: &mut String) {
    match node {
        Node::Class(chars) => {
            if let Some(c) = chars.first() {
                out.push(*c);
            }
        }
        Node::Group(alternatives) => {
            if let Some(first) = alternatives.first() {
                for node in first {
                    write(node, stretch, out);
                }
            }
        }
        Node::Repeat { node, min, max } => {
            let wanted = match max {
                None => (*min).max(1) + stretch,
                Some(max) => (*min + stretch).min(*max),
            };
            for _ in 0..wanted {
                write(node, stretch, out);
            }
        }
    }
}

struct Parser<'p> {
    chars: &'p [char],
    at: usize,
}

/// Characters tried, in order, for a negated class or `.`.
const CANDIDATES: &str = "aA0_-.x";

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        self.at += 1;
        c
    }

    fn alternatives(&mut self) -> Result<Vec<Vec<Node>>, String> {
        let mut alternatives = vec![self.sequence()?];
        while self.peek() == Some('|') {
            self.at += 1;
            alternatives.push(self.sequence()?);
        }
        Ok(alternatives)
    }

    fn sequence(&mut self) -> Result<Vec<Node>, String> {
        let mut nodes = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let Some(atom) = self.atom()? else {
                continue;
            };
            let node = self.quantified(atom)?;
            nodes.push(node);
        }
        Ok(nodes)
    }

    /// One atom, or `None` for an anchor.
    fn atom(&mut self) -> Result<Option<Node>, String> {
        let Some(c) = self.next() else {
            return Ok(None);
        };
        Ok(Some(match c {
            '^' | '$' => return Ok(None),
            '(' => {
                if self.peek() == Some('?') {
                    self.at += 1;
                    match self.next() {
                        Some(':') => {}
                        Some('!') => {
                            // A negative look-ahead only rules strings out; the string
                            // written for the rest is taken not to be one of them (Prism
                            // judges the result).
                            self.alternatives()?;
                            if self.next() != Some(')') {
                                return Err("an unclosed `(?!`".to_owned());
                            }
                            return Ok(None);
                        }
                        Some('<') if self.peek().is_some_and(|c| c != '=' && c != '!') => {
                            // A named group `(?<name>...)`.
                            while self.next().is_some_and(|c| c != '>') {}
                        }
                        _ => return Err("a look-around `(?=`, `(?!` or `(?<`".to_owned()),
                    }
                }
                let alternatives = self.alternatives()?;
                if self.next() != Some(')') {
                    return Err("an unclosed `(`".to_owned());
                }
                Node::Group(alternatives)
            }
            '[' => self.class()?,
            '.' => Node::Class(vec!['a']),
            '\\' => self.escape(false)?,
            c => Node::Class(vec![c]),
        }))
    }

    fn escape(&mut self, in_class: bool) -> Result<Node, String> {
        let Some(c) = self.next() else {
            return Err("a trailing `\\`".to_owned());
        };
        Ok(Node::Class(match c {
            'd' => vec!['0'],
            'w' => vec!['a'],
            's' => vec![' '],
            'D' => vec!['a'],
            'W' => vec!['-'],
            'S' => vec!['a'],
            'n' => vec!['\n'],
            't' => vec!['\t'],
            'r' => vec!['\r'],
            'b' if in_class => vec!['\u{8}'],
            'u' => vec![self.hex_char(4)?],
            'x' => vec![self.hex_char(2)?],
            'p' | 'P' => return Err("a Unicode property `\\p{..}`".to_owned()),
            'b' | 'B' => return Err("a word boundary `\\b`".to_owned()),
            c if c.is_ascii_digit() => return Err("a back reference".to_owned()),
            c => vec![c],
        }))
    }

    /// The character of the next `digits` hexadecimal digits (`\u0041`, `\x41`).
    fn hex_char(&mut self, digits: usize) -> Result<char, String> {
        let hex: String = (0..digits).filter_map(|_| self.next()).collect();
        u32::from_str_radix(&hex, 16)
            .ok()
            .and_then(char::from_u32)
            .ok_or_else(|| format!("an escape with the hexadecimal digits `{hex}`"))
    }

    fn class(&mut self) -> Result<Node, String> {
        let negated = self.peek() == Some('^');
        if negated {
            self.at += 1;
        }
        let mut members: Vec<char> = Vec::new();
        let mut ranges: Vec<(char, char)> = Vec::new();
        let mut first = true;
        loop {
            let Some(c) = self.next() else {
                return Err("an unclosed `[`".to_owned());
            };
            if c == ']' && !first {
                break;
            }
            first = false;
            let start = if c == '\\' {
                match self.escape(true)? {
                    Node::Class(chars) => chars.first().copied().unwrap_or('a'),
                    _ => 'a',
                }
            } else {
                c
            };
            if self.peek() == Some('-') && self.chars.get(self.at + 1).is_some_and(|c| *c != ']') {
                self.at += 1;
                let end = match self.next() {
                    Some('\\') => match self.escape(true)? {
                        Node::Class(chars) => chars.first().copied().unwrap_or(start),
                        _ => start,
                    },
                    Some(end) => end,
                    None => return Err("an unclosed `[`".to_owned()),
                };
                ranges.push((start, end));
            } else {
                members.push(start);
            }
        }
        let contains =
            |c: char| members.contains(&c) || ranges.iter().any(|(a, b)| (*a..=*b).contains(&c));
        if negated {
            let pick = CANDIDATES
                .chars()
                .find(|c| !contains(*c))
                .ok_or_else(|| "a negated class that excludes every candidate".to_owned())?;
            return Ok(Node::Class(vec![pick]));
        }
        let mut chars: Vec<char> = ranges.iter().map(|(a, _)| *a).collect();
        chars.extend(members);
        // A letter or digit reads better than punctuation when there is a choice.
        chars.sort_by_key(|c| !c.is_ascii_alphanumeric());
        Ok(Node::Class(chars))
    }

    fn quantified(&mut self, atom: Node) -> Result<Node, String> {
        let (min, max) = match self.peek() {
            Some('?') => (0, Some(1)),
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('{') => match self.braces() {
                Some(bounds) => bounds,
                None => return Ok(atom),
            },
            _ => return Ok(atom),
        };
        // The quantifier's last character (`?`, `*`, `+` or `}`).
        self.at += 1;
        // A lazy or possessive suffix.
        if matches!(self.peek(), Some('?' | '+')) {
            self.at += 1;
        }
        // `x?` is written once: a pattern usually wants what it names.
        let min = if max == Some(1) && min == 0 { 1 } else { min };
        Ok(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
        })
    }

    /// `{n}`, `{n,}` or `{n,m}` at the cursor, consumed up to its `}` (the cursor stays
    /// on it, as on a one-character quantifier); `None` (nothing consumed) when the
    /// brace is a literal.
    fn braces(&mut self) -> Option<(usize, Option<usize>)> {
        let rest: String = self.chars[self.at..].iter().collect();
        let close = rest.find('}')?;
        let inside = &rest[1..close];
        let (min, max) = match inside.split_once(',') {
            None => {
                let n = inside.trim().parse().ok()?;
                (n, Some(n))
            }
            Some((min, max)) => {
                let min = min.trim().parse().ok()?;
                let max = if max.trim().is_empty() {
                    None
                } else {
                    Some(max.trim().parse().ok()?)
                };
                (min, max)
            }
        };
        self.at += rest[..close].chars().count();
        Some((min, max))
    }
}

#[cfg(test)]
mod tests {
    use super::string_matching;

    #[test]
    fn common_patterns_are_met() {
        let cases = [
            ("^[a-z]+$", 0, "a"),
            ("^\\d{4}-\\d{2}-\\d{2}$", 0, "0000-00-00"),
            ("^(foo|bar)_[0-9]{2,3}$", 0, "foo_00"),
            ("^[^@]+@[^@]+$", 0, "a@a"),
            ("^[A-Z]{2}$", 0, "AA"),
            ("^[a-z0-9-]{3,}$", 5, "aaaaa"),
            ("abc", 0, "abc"),
            ("^(?:[a-z]+\\.)?[a-z]+$", 0, "a.a"),
            ("^\\+?[1-9]\\d{1,14}$", 0, "+10"),
            // Oxide's names: not a UUID, then a letter and more.
            (
                "^(?![0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$)^[a-z]([a-zA-Z0-9-]*[a-zA-Z0-9]+)?$",
                0,
                "aaa",
            ),
        ];
        for (pattern, min, expected) in cases {
            assert_eq!(
                string_matching(pattern, min, None).as_deref(),
                Ok(expected),
                "{pattern}"
            );
        }
    }

    #[test]
    fn what_it_cannot_write_is_refused_with_why() {
        for pattern in [
            "^(?=a)b$",
            "(?<=a)b",
            "(a)\\1",
            "\\p{L}+",
            "\\bword\\b",
            "(a",
        ] {
            assert!(string_matching(pattern, 0, None).is_err(), "{pattern}");
        }
    }
}
