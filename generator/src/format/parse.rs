//! A quick parser from the token streams the emitter writes to syn's syntax tree.
//!
//! syn's own parser is general: it forks the input, looks ahead and decodes every
//! literal each time it peeks at one, and on large generated files it was most of the time
//! formatting took. The emitter writes a small, regular part of Rust (items with
//! attributes, paths and generic types, method chains, struct literals, closures, `match`
//! and `if let`), and this module reads that part directly, building the tree syn would
//! build for the same tokens. Anything outside it, or any doubt, is [`Unknown`]: that item,
//! impl item or file goes to syn instead. So the result is always syn's; the test
//! `quick_parse_builds_the_tree_syn_builds` compares the two for every file the generator
//! emits for the fixtures and the vendored corpus.
//!
//! The tokens are taken apart once, by moving them out of their stream ([`own`]), and read
//! by reference; an attribute's arguments and a macro's body stay token streams, as in
//! syn's tree.
//!
//! Rules the parser keeps so that it never builds a tree syn would not:
//! - a punctuation character joined to the next one is read alone only where the pair is
//!   not a Rust operator (`::`, `->`, `=>`, `..`, `==` and the others), so `a::b` is never
//!   read as `a`, `:`, `:b`;
//! - after every expression the caller checks the next token against the few it expects
//!   (`,`, `;`, the end of a group): an operator after an operand is a binary expression,
//!   which this parser leaves to syn;
//! - groups without delimiters, labels, attributes on expressions, and every keyword it
//!   does not handle end the attempt.

use std::fmt::Write as _;

use proc_macro2::extra::DelimSpan;
use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use syn::punctuated::Punctuated;
use syn::token;

/// The tokens are outside the part of Rust this parser reads.
#[derive(Debug)]
pub(crate) struct Unknown;

type Res<T> = Result<T, Unknown>;

/// How many items (top-level items and items of impl blocks) each parser read.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Counts {
    /// Read by this module.
    pub quick: usize,
    /// Handed to syn.
    pub syn: usize,
}

/// Parses a file's tokens: item by item with this module, and with syn where it does not
/// know an item. An error is syn's, for the whole file.
pub(crate) fn parse_file(tokens: TokenStream) -> syn::Result<syn::File> {
    parse_file_counted(tokens).map(|(file, _)| file)
}

/// [`parse_file`], with how many items each parser read.
pub(crate) fn parse_file_counted(tokens: TokenStream) -> syn::Result<(syn::File, Counts)> {
    let trees = own(tokens, false);
    let mut counts = Counts::default();
    match file(&trees, &mut counts) {
        Ok(file) => Ok((file, counts)),
        Err(Unknown) => {
            let file = syn::parse2(to_stream(&trees))?;
            Ok((file, Counts::default()))
        }
    }
}

fn file(trees: &[Tree], counts: &mut Counts) -> Res<syn::File> {
    let mut at = Tokens::new(trees);
    let attrs = at.inner_attrs()?;
    let items = at.items(counts)?;
    Ok(syn::File {
        shebang: None,
        frontmatter: None,
        attrs,
        items,
    })
}

fn span() -> Span {
    Span::call_site()
}

/// Whether two joined punctuation characters make one of Rust's operators.
fn is_operator_pair(first: char, second: char) -> bool {
    matches!(
        (first, second),
        (':', ':')
            | ('-', '>')
            | ('=', '>')
            | ('=', '=')
            | ('!', '=')
            | ('<', '=')
            | ('>', '=')
            | ('&', '&')
            | ('|', '|')
            | ('.', '.')
            | ('<', '<')
            | ('>', '>')
            | ('+', '=')
            | ('-', '=')
            | ('*', '=')
            | ('/', '=')
            | ('%', '=')
            | ('^', '=')
            | ('&', '=')
            | ('|', '=')
            | ('<', '-')
    )
}

/// Rust's keywords, which syn does not read as identifiers.
fn is_keyword(name: &str) -> bool {
    matches!(
        name,
        "_" | "abstract"
            | "as"
            | "async"
            | "await"
            | "become"
            | "box"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "do"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "final"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "macro"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "override"
            | "priv"
            | "pub"
            | "ref"
            | "return"
            | "Self"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "try"
            | "type"
            | "typeof"
            | "unsafe"
            | "unsized"
            | "use"
            | "virtual"
            | "where"
            | "while"
            | "yield"
    )
}

/// A token, with the tokens of a group owned (moved out of the stream, not copied) so
/// that reading them takes no copy either.
enum Tree {
    Ident(Ident),
    Punct(Punct),
    Literal(Literal),
    Group(Grp),
}

/// A delimited group of [`Tree`]s.
struct Grp {
    delimiter: Delimiter,
    span: DelimSpan,
    inner: Inner,
}

enum Inner {
    /// Tokens this parser reads.
    Trees(Vec<Tree>),
    /// Tokens kept as they came: a macro's, an attribute's arguments. syn keeps them as
    /// a token stream too.
    Kept(TokenStream),
}

impl Grp {
    fn delimiter(&self) -> Delimiter {
        self.delimiter
    }

    fn delim_span(&self) -> DelimSpan {
        self.span
    }

    /// The group's tokens as a stream.
    fn stream(&self) -> TokenStream {
        match &self.inner {
            Inner::Trees(trees) => to_stream(trees),
            Inner::Kept(stream) => stream.clone(),
        }
    }
}

/// Takes a stream apart into [`Tree`]s. The groups of attributes (after `#` or `#!`)
/// hold their arguments kept whole, and so does a group after `!` (a macro's).
fn own(stream: TokenStream, keep: bool) -> Vec<Tree> {
    let stream = stream.into_iter();
    let mut trees = Vec::with_capacity(stream.size_hint().0);
    let mut previous: Option<char> = None;
    let mut before_previous: Option<char> = None;
    for tree in stream {
        let punct = match &tree {
            TokenTree::Punct(p) => Some(p.as_char()),
            _ => None,
        };
        trees.push(match tree {
            TokenTree::Ident(ident) => Tree::Ident(ident),
            TokenTree::Punct(p) => Tree::Punct(p),
            TokenTree::Literal(literal) => Tree::Literal(literal),
            TokenTree::Group(group) => {
                let delimiter = group.delimiter();
                let span = group.delim_span();
                let stream = group.stream();
                drop(group);
                let attribute = delimiter == Delimiter::Bracket
                    && (previous == Some('#')
                        || previous == Some('!') && before_previous == Some('#'));
                let inner = if attribute {
                    Inner::Trees(own(stream, true))
                } else if keep || previous == Some('!') {
                    Inner::Kept(stream)
                } else {
                    Inner::Trees(own(stream, false))
                };
                Tree::Group(Grp {
                    delimiter,
                    span,
                    inner,
                })
            }
        });
        before_previous = previous;
        previous = punct;
    }
    trees
}

/// [`Tree`]s back into a stream (for syn, when this parser gives up).
fn to_stream(trees: &[Tree]) -> TokenStream {
    trees
        .iter()
        .map(|tree| match tree {
            Tree::Ident(ident) => TokenTree::Ident(ident.clone()),
            Tree::Punct(p) => TokenTree::Punct(p.clone()),
            Tree::Literal(literal) => TokenTree::Literal(literal.clone()),
            Tree::Group(group) => {
                let mut rebuilt = Group::new(group.delimiter, group.stream());
                rebuilt.set_span(group.span.join());
                TokenTree::Group(rebuilt)
            }
        })
        .collect()
}

/// The tokens of a group: borrowed, or for a group kept whole, taken apart anew.
fn contents(group: &Grp) -> Contents<'_> {
    match &group.inner {
        Inner::Trees(trees) => Contents::Borrowed(trees),
        Inner::Kept(stream) => Contents::Owned(own(stream.clone(), false)),
    }
}

/// What [`contents`] answers.
enum Contents<'a> {
    Borrowed(&'a [Tree]),
    Owned(Vec<Tree>),
}

impl std::ops::Deref for Contents<'_> {
    type Target = [Tree];

    fn deref(&self) -> &[Tree] {
        match self {
            Contents::Borrowed(trees) => trees,
            Contents::Owned(trees) => trees,
        }
    }
}

/// An identifier's text, read without allocating when it is short enough to be a
/// keyword; a longer one reads as "", which matches no word this parser looks for.
struct Word {
    bytes: [u8; 16],
    len: usize,
}

impl Word {
    fn of(ident: &Ident) -> Word {
        let mut word = Word {
            bytes: [0; 16],
            len: 0,
        };
        if write!(word, "{ident}").is_err() {
            word.len = 0;
        }
        word
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

impl std::fmt::Write for Word {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        if end > self.bytes.len() {
            return Err(std::fmt::Error);
        }
        self.bytes[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Whether a literal is negative (`-1`, which syn reads as an operator and a literal in
/// some places), read without copying its text.
fn is_negative(literal: &Literal) -> bool {
    struct First(Option<bool>);
    impl std::fmt::Write for First {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            if self.0.is_none()
                && let Some(first) = s.chars().next()
            {
                self.0 = Some(first == '-');
            }
            Ok(())
        }
    }
    let mut first = First(None);
    let _ = write!(first, "{literal}");
    first.0.unwrap_or(false)
}

/// Where the item that begins at `start` ends: after its first `;` outside groups, or
/// after the brace group that closes it. An estimate: an item cut wrongly does not parse
/// (with this module or with syn), and the file then goes to syn whole.
fn item_end(trees: &[Tree], start: usize) -> usize {
    let mut at = start;
    // Attributes.
    while let Some(Tree::Punct(p)) = trees.get(at)
        && p.as_char() == '#'
    {
        at += 1;
        if matches!(trees.get(at), Some(Tree::Punct(p)) if p.as_char() == '!') {
            at += 1;
        }
        at += 1;
    }
    // Items that end with their block (functions, types, impls, modules) end at the
    // first brace group; the others (`const`, `use`, macro calls) at their `;`.
    let mut block_item = false;
    for tree in trees.iter().skip(at) {
        match tree {
            Tree::Ident(ident) => {
                let word = Word::of(ident);
                let name = word.as_str();
                if matches!(
                    name,
                    "fn" | "struct" | "enum" | "impl" | "mod" | "trait" | "union"
                ) {
                    block_item = true;
                    break;
                }
                if !matches!(
                    name,
                    "pub" | "crate" | "unsafe" | "async" | "extern" | "default" | "safe" | "const"
                ) {
                    break;
                }
            }
            Tree::Group(group) if group.delimiter() == Delimiter::Parenthesis => {}
            Tree::Literal(_) => {}
            _ => break,
        }
    }
    let mut index = at;
    while let Some(tree) = trees.get(index) {
        index += 1;
        match tree {
            Tree::Punct(p) if p.as_char() == ';' => return index,
            Tree::Group(group) if group.delimiter() == Delimiter::Brace && block_item => {
                return index;
            }
            _ => {}
        }
    }
    trees.len()
}

/// A place in a run of tokens.
struct Tokens<'a> {
    trees: &'a [Tree],
    at: usize,
}

impl<'a> Tokens<'a> {
    fn new(trees: &'a [Tree]) -> Self {
        Tokens { trees, at: 0 }
    }

    fn is_empty(&self) -> bool {
        self.at >= self.trees.len()
    }

    fn nth(&self, n: usize) -> Option<&'a Tree> {
        self.trees.get(self.at + n)
    }

    fn peek(&self) -> Option<&'a Tree> {
        self.nth(0)
    }

    fn bump(&mut self) {
        self.at += 1;
    }

    fn end(&self) -> Res<()> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(Unknown)
        }
    }

    /// The identifier at `n`, keyword or not.
    fn ident_at(&self, n: usize) -> Option<&'a Ident> {
        match self.nth(n) {
            Some(Tree::Ident(ident)) => Some(ident),
            _ => None,
        }
    }

    fn is_word(&self, n: usize, word: &str) -> bool {
        self.ident_at(n).is_some_and(|ident| ident == word)
    }

    /// The punctuation character at `n`, if it stands alone (or its neighbour does not
    /// make an operator with it).
    fn single_at(&self, n: usize) -> Option<char> {
        let Some(Tree::Punct(p)) = self.nth(n) else {
            return None;
        };
        if p.spacing() == Spacing::Joint
            && let Some(Tree::Punct(next)) = self.nth(n + 1)
            && is_operator_pair(p.as_char(), next.as_char())
        {
            return None;
        }
        Some(p.as_char())
    }

    fn is_single(&self, n: usize, ch: char) -> bool {
        self.single_at(n) == Some(ch)
    }

    /// Whether the two characters at `n` are joined into the operator `first second`.
    fn is_pair(&self, n: usize, first: char, second: char) -> bool {
        matches!(
            (self.nth(n), self.nth(n + 1)),
            (Some(Tree::Punct(a)), Some(Tree::Punct(b)))
                if a.as_char() == first && a.spacing() == Spacing::Joint && b.as_char() == second
                    && !(b.spacing() == Spacing::Joint
                        && matches!(self.nth(n + 2), Some(Tree::Punct(c))
                            if matches!((first, second, c.as_char()), ('.', '.', '.' | '=') | ('<', '<', '=') | ('>', '>', '='))))
        )
    }

    fn group_at(&self, n: usize, delimiter: Delimiter) -> Option<&'a Grp> {
        match self.nth(n) {
            Some(Tree::Group(group)) if group.delimiter() == delimiter => Some(group),
            _ => None,
        }
    }

    fn eat_single(&mut self, ch: char) -> Res<()> {
        if self.is_single(0, ch) {
            self.bump();
            Ok(())
        } else {
            Err(Unknown)
        }
    }

    fn eat_pair(&mut self, first: char, second: char) -> Res<()> {
        if self.is_pair(0, first, second) {
            self.at += 2;
            Ok(())
        } else {
            Err(Unknown)
        }
    }

    fn eat_word(&mut self, word: &str) -> Res<()> {
        if self.is_word(0, word) {
            self.bump();
            Ok(())
        } else {
            Err(Unknown)
        }
    }

    fn eat_group(&mut self, delimiter: Delimiter) -> Res<&'a Grp> {
        let group = self.group_at(0, delimiter).ok_or(Unknown)?;
        self.bump();
        Ok(group)
    }

    /// An identifier that is not a keyword.
    fn plain_ident(&mut self) -> Res<Ident> {
        let ident = self.ident_at(0).ok_or(Unknown)?;
        if is_keyword(Word::of(ident).as_str()) {
            return Err(Unknown);
        }
        self.bump();
        Ok(ident.clone())
    }

    fn comma(&mut self) -> Res<()> {
        self.eat_single(',')
    }

    // ---- attributes and visibility ----

    fn inner_attrs(&mut self) -> Res<Vec<syn::Attribute>> {
        let mut attrs = Vec::new();
        while self.is_single(0, '#') && self.is_single(1, '!') {
            self.at += 2;
            let group = self.eat_group(Delimiter::Bracket)?;
            attrs.push(attribute(
                group,
                syn::AttrStyle::Inner(<syn::Token![!]>::default()),
            )?);
        }
        Ok(attrs)
    }

    fn outer_attrs(&mut self) -> Res<Vec<syn::Attribute>> {
        let mut attrs = Vec::new();
        while self.is_single(0, '#') {
            self.bump();
            let group = self.eat_group(Delimiter::Bracket)?;
            attrs.push(attribute(group, syn::AttrStyle::Outer)?);
        }
        Ok(attrs)
    }

    fn visibility(&mut self) -> Res<syn::Visibility> {
        if !self.is_word(0, "pub") {
            return Ok(syn::Visibility::Inherited);
        }
        self.bump();
        let Some(group) = self.group_at(0, Delimiter::Parenthesis) else {
            return Ok(syn::Visibility::Public(Default::default()));
        };
        let inner = contents(group);
        match &inner[..] {
            [Tree::Ident(ident)] if ident == "crate" || ident == "super" || ident == "self" => {
                self.bump();
                Ok(syn::Visibility::Restricted(syn::VisRestricted {
                    pub_token: Default::default(),
                    paren_token: token::Paren(group.delim_span()),
                    in_token: None,
                    path: Box::new(syn::Path::from(ident.clone())),
                }))
            }
            _ => Err(Unknown),
        }
    }

    // ---- items ----

    /// Items up to the end of the tokens, each read here or, failing that, by syn.
    fn items(&mut self, counts: &mut Counts) -> Res<Vec<syn::Item>> {
        self.each_item(counts, |one, counts| one.item(counts))
    }

    /// Items (of a file, a module or an impl block) up to the end of the tokens: each cut
    /// out by [`item_end`] and read by `quick`, or, where that fails or leaves tokens over,
    /// by syn (a file syn cannot read either goes to syn whole).
    fn each_item<T: syn::parse::Parse>(
        &mut self,
        counts: &mut Counts,
        mut quick: impl FnMut(&mut Tokens<'_>, &mut Counts) -> Res<T>,
    ) -> Res<Vec<T>> {
        let mut items = Vec::new();
        while !self.is_empty() {
            let end = item_end(self.trees, self.at);
            let slice = &self.trees[self.at..end];
            let mut one = Tokens::new(slice);
            let item = match quick(&mut one, counts).and_then(|item| one.end().map(|()| item)) {
                Ok(item) => {
                    counts.quick += 1;
                    item
                }
                Err(Unknown) => {
                    counts.syn += 1;
                    syn::parse2::<T>(to_stream(slice)).map_err(|_| Unknown)?
                }
            };
            items.push(item);
            self.at = end;
        }
        Ok(items)
    }

    fn item(&mut self, counts: &mut Counts) -> Res<syn::Item> {
        let attrs = self.outer_attrs()?;
        if self.is_single(0, '#') {
            return Err(Unknown);
        }
        let vis = self.visibility()?;
        let word = Word::of(self.ident_at(0).ok_or(Unknown)?);
        match word.as_str() {
            "use" => self.item_use(attrs, vis),
            "struct" => self.item_struct(attrs, vis),
            "enum" => self.item_enum(attrs, vis),
            "fn" | "async" => {
                let sig = self.signature()?;
                let (mut attrs, block) = (attrs, self.fn_body_with_attrs()?);
                attrs.extend(block.0);
                Ok(syn::Item::Fn(syn::ItemFn {
                    attrs,
                    vis,
                    modifiers: syn::FnModifiers::default(),
                    sig,
                    block: Box::new(block.1),
                }))
            }
            "impl" if matches!(vis, syn::Visibility::Inherited) => self.item_impl(attrs, counts),
            "mod" => self.item_mod(attrs, vis, counts),
            "type" => self.item_type(attrs, vis),
            "const" if !self.is_word(1, "fn") && !self.is_word(1, "async") => {
                self.item_const(attrs, vis)
            }
            _ if matches!(vis, syn::Visibility::Inherited) => self.item_macro(attrs),
            _ => Err(Unknown),
        }
    }

    fn item_use(&mut self, attrs: Vec<syn::Attribute>, vis: syn::Visibility) -> Res<syn::Item> {
        self.eat_word("use")?;
        let leading_colon = if self.is_pair(0, ':', ':') {
            self.at += 2;
            Some(Default::default())
        } else {
            None
        };
        let tree = self.use_tree()?;
        self.eat_single(';')?;
        Ok(syn::Item::Use(syn::ItemUse {
            attrs,
            vis,
            use_token: Default::default(),
            leading_colon,
            tree,
            semi_token: Default::default(),
        }))
    }

    fn use_tree(&mut self) -> Res<syn::UseTree> {
        if let Some(group) = self.group_at(0, Delimiter::Brace) {
            self.bump();
            let items = comma_separated(group, |tokens| tokens.use_tree())?;
            return Ok(syn::UseTree::Group(syn::UseGroup {
                brace_token: token::Brace(group.delim_span()),
                items,
            }));
        }
        if self.is_single(0, '*') {
            self.bump();
            return Ok(syn::UseTree::Glob(syn::UseGlob {
                star_token: Default::default(),
            }));
        }
        let ident = self.ident_at(0).ok_or(Unknown)?;
        let word = Word::of(ident);
        let name = word.as_str();
        if is_keyword(name) && !matches!(name, "self" | "super" | "crate") {
            return Err(Unknown);
        }
        let ident = ident.clone();
        self.bump();
        if self.is_pair(0, ':', ':') {
            self.at += 2;
            let tree = self.use_tree()?;
            Ok(syn::UseTree::Path(syn::UsePath {
                ident,
                colon2_token: Default::default(),
                tree: Box::new(tree),
            }))
        } else if self.is_word(0, "as") {
            self.bump();
            let rename = self.plain_ident()?;
            Ok(syn::UseTree::Rename(syn::UseRename {
                ident,
                as_token: Default::default(),
                rename,
            }))
        } else {
            Ok(syn::UseTree::Name(syn::UseName { ident }))
        }
    }

    fn item_struct(&mut self, attrs: Vec<syn::Attribute>, vis: syn::Visibility) -> Res<syn::Item> {
        self.eat_word("struct")?;
        let ident = self.plain_ident()?;
        let generics = self.generics()?;
        let (fields, semi_token) = if let Some(group) = self.group_at(0, Delimiter::Brace) {
            self.bump();
            (syn::Fields::Named(named_fields(group)?), None)
        } else if let Some(group) = self.group_at(0, Delimiter::Parenthesis) {
            self.bump();
            let fields = unnamed_fields(group)?;
            self.eat_single(';')?;
            (syn::Fields::Unnamed(fields), Some(Default::default()))
        } else {
            self.eat_single(';')?;
            (syn::Fields::Unit, Some(Default::default()))
        };
        Ok(syn::Item::Struct(syn::ItemStruct {
            attrs,
            vis,
            struct_token: Default::default(),
            ident,
            generics,
            fields,
            semi_token,
        }))
    }

    fn item_enum(&mut self, attrs: Vec<syn::Attribute>, vis: syn::Visibility) -> Res<syn::Item> {
        self.eat_word("enum")?;
        let ident = self.plain_ident()?;
        let generics = self.generics()?;
        let group = self.eat_group(Delimiter::Brace)?;
        let variants = comma_separated(group, |tokens| {
            let attrs = tokens.outer_attrs()?;
            let ident = tokens.plain_ident()?;
            let fields = if let Some(group) = tokens.group_at(0, Delimiter::Brace) {
                tokens.bump();
                syn::Fields::Named(named_fields(group)?)
            } else if let Some(group) = tokens.group_at(0, Delimiter::Parenthesis) {
                tokens.bump();
                syn::Fields::Unnamed(unnamed_fields(group)?)
            } else {
                syn::Fields::Unit
            };
            Ok(syn::Variant {
                attrs,
                ident,
                fields,
                discriminant: None,
            })
        })?;
        Ok(syn::Item::Enum(syn::ItemEnum {
            attrs,
            vis,
            enum_token: Default::default(),
            ident,
            generics,
            brace_token: token::Brace(group.delim_span()),
            variants,
        }))
    }

    fn item_impl(&mut self, attrs: Vec<syn::Attribute>, counts: &mut Counts) -> Res<syn::Item> {
        self.eat_word("impl")?;
        let generics = if self.is_single(0, '<') {
            self.generics()?
        } else {
            syn::Generics::default()
        };
        let first = self.ty()?;
        let (trait_, self_ty) = if self.is_word(0, "for") {
            self.bump();
            let syn::Type::Path(syn::TypePath {
                qself: None, path, ..
            }) = first
            else {
                return Err(Unknown);
            };
            (Some((path, Default::default())), self.ty()?)
        } else {
            (None, first)
        };
        let group = self.eat_group(Delimiter::Brace)?;
        let inner = contents(group);
        let mut tokens = Tokens::new(&inner);
        if tokens.is_single(0, '#') && tokens.is_single(1, '!') {
            return Err(Unknown);
        }
        let items = tokens.each_item(counts, |one, _| one.impl_item())?;
        Ok(syn::Item::Impl(syn::ItemImpl {
            attrs,
            modifiers: syn::ImplModifiers::default(),
            unsafety: None,
            impl_token: Default::default(),
            generics,
            trait_,
            self_ty: Box::new(self_ty),
            brace_token: token::Brace(group.delim_span()),
            items,
        }))
    }

    fn impl_item(&mut self) -> Res<syn::ImplItem> {
        let mut attrs = self.outer_attrs()?;
        let vis = self.visibility()?;
        if self.is_word(0, "const")
            && self
                .ident_at(1)
                .is_some_and(|ident| !is_keyword(Word::of(ident).as_str()))
        {
            let (ident, ty, expr) = self.const_rest()?;
            return Ok(syn::ImplItem::Const(syn::ImplItemConst {
                attrs,
                vis,
                modifiers: syn::ConstModifiers::default(),
                const_token: Default::default(),
                ident,
                generics: syn::Generics::default(),
                colon_token: Default::default(),
                ty,
                eq_token: Default::default(),
                expr,
                semi_token: Default::default(),
            }));
        }
        if !(self.is_word(0, "fn") || self.is_word(0, "async") && self.is_word(1, "fn")) {
            return Err(Unknown);
        }
        let sig = self.signature()?;
        let (inner, block) = self.fn_body_with_attrs()?;
        attrs.extend(inner);
        Ok(syn::ImplItem::Fn(syn::ImplItemFn {
            attrs,
            vis,
            modifiers: syn::FnModifiers::default(),
            sig,
            block,
        }))
    }

    fn item_mod(
        &mut self,
        mut attrs: Vec<syn::Attribute>,
        vis: syn::Visibility,
        counts: &mut Counts,
    ) -> Res<syn::Item> {
        self.eat_word("mod")?;
        let ident = self.plain_ident()?;
        if self.is_single(0, ';') {
            self.bump();
            return Ok(syn::Item::Mod(syn::ItemMod {
                attrs,
                vis,
                unsafety: None,
                mod_token: Default::default(),
                ident,
                content: None,
                semi: Some(Default::default()),
            }));
        }
        let group = self.eat_group(Delimiter::Brace)?;
        let inner = contents(group);
        let mut tokens = Tokens::new(&inner);
        attrs.extend(tokens.inner_attrs()?);
        let items = tokens.items(counts)?;
        Ok(syn::Item::Mod(syn::ItemMod {
            attrs,
            vis,
            unsafety: None,
            mod_token: Default::default(),
            ident,
            content: Some((token::Brace(group.delim_span()), items)),
            semi: None,
        }))
    }

    fn item_const(&mut self, attrs: Vec<syn::Attribute>, vis: syn::Visibility) -> Res<syn::Item> {
        let (ident, ty, expr) = self.const_rest()?;
        Ok(syn::Item::Const(syn::ItemConst {
            attrs,
            vis,
            modifiers: syn::ConstModifiers::default(),
            const_token: Default::default(),
            ident,
            generics: syn::Generics::default(),
            colon_token: Default::default(),
            ty: Box::new(ty),
            eq_token: Default::default(),
            expr: Box::new(expr),
            semi_token: Default::default(),
        }))
    }

    /// `const NAME: Type = expr;`, in an item or an impl block.
    fn const_rest(&mut self) -> Res<(Ident, syn::Type, syn::Expr)> {
        self.eat_word("const")?;
        let ident = self.plain_ident()?;
        self.eat_single(':')?;
        let ty = self.ty()?;
        self.eat_single('=')?;
        let expr = self.expr(true)?;
        self.eat_single(';')?;
        Ok((ident, ty, expr))
    }

    fn item_type(&mut self, attrs: Vec<syn::Attribute>, vis: syn::Visibility) -> Res<syn::Item> {
        self.eat_word("type")?;
        let ident = self.plain_ident()?;
        self.eat_single('=')?;
        let ty = self.ty()?;
        self.eat_single(';')?;
        Ok(syn::Item::Type(syn::ItemType {
            attrs,
            vis,
            modifiers: Default::default(),
            type_token: Default::default(),
            ident,
            generics: syn::Generics::default(),
            eq_token: Default::default(),
            ty: Box::new(ty),
            semi_token: Default::default(),
            where_clause_placement: syn::WhereClausePlacement::Early,
        }))
    }

    /// `path!(...);` or `path![...];` (a brace-delimited macro or `macro_rules!` goes to
    /// syn).
    fn item_macro(&mut self, attrs: Vec<syn::Attribute>) -> Res<syn::Item> {
        let path = self.mod_path()?;
        self.eat_single('!')?;
        let (delimiter, tokens) = self.macro_group()?;
        if matches!(delimiter, syn::MacroDelimiter::Brace(_)) {
            return Err(Unknown);
        }
        self.eat_single(';')?;
        Ok(syn::Item::Macro(syn::ItemMacro {
            attrs,
            ident: None,
            mac: syn::Macro {
                path,
                bang_token: Default::default(),
                delimiter,
                tokens,
            },
            semi_token: Some(Default::default()),
        }))
    }

    fn macro_group(&mut self) -> Res<(syn::MacroDelimiter, TokenStream)> {
        let Some(Tree::Group(group)) = self.peek() else {
            return Err(Unknown);
        };
        let span = group.delim_span();
        let delimiter = match group.delimiter() {
            Delimiter::Parenthesis => syn::MacroDelimiter::Paren(token::Paren(span)),
            Delimiter::Bracket => syn::MacroDelimiter::Bracket(token::Bracket(span)),
            Delimiter::Brace => syn::MacroDelimiter::Brace(token::Brace(span)),
            Delimiter::None => return Err(Unknown),
        };
        self.bump();
        Ok((delimiter, group.stream()))
    }

    // ---- functions ----

    fn signature(&mut self) -> Res<syn::Signature> {
        let asyncness = if self.is_word(0, "async") {
            self.bump();
            Some(Default::default())
        } else {
            None
        };
        self.eat_word("fn")?;
        let ident = self.plain_ident()?;
        let generics = self.generics()?;
        let group = self.eat_group(Delimiter::Parenthesis)?;
        let mut first = true;
        let inputs = comma_separated(group, |tokens| {
            let arg = tokens.fn_arg(first);
            first = false;
            arg
        })?;
        let output = if self.is_pair(0, '-', '>') {
            self.at += 2;
            syn::ReturnType::Type(Default::default(), Box::new(self.ty()?))
        } else {
            syn::ReturnType::Default
        };
        if self.is_word(0, "where") {
            return Err(Unknown);
        }
        Ok(syn::Signature {
            constness: None,
            asyncness,
            safety: syn::Safety::Default,
            abi: None,
            fn_token: Default::default(),
            ident,
            generics,
            paren_token: token::Paren(group.delim_span()),
            inputs,
            variadic: None,
            output,
        })
    }

    fn fn_arg(&mut self, first: bool) -> Res<syn::FnArg> {
        if self.is_single(0, '#') {
            return Err(Unknown);
        }
        // `self`, `&self`, `&mut self`, `mut self`.
        let receiver_at = if self.is_single(0, '&') {
            if self.is_word(1, "mut") { 2 } else { 1 }
        } else if self.is_word(0, "mut") {
            1
        } else {
            0
        };
        if first && self.is_word(receiver_at, "self") {
            let reference = self.is_single(0, '&');
            let mutable = receiver_at == 2 || (!reference && receiver_at == 1);
            self.at += receiver_at + 1;
            if self.is_single(0, ':') || self.is_pair(0, ':', ':') {
                return Err(Unknown);
            }
            let mut_token = mutable.then(Default::default);
            let (mutability, kind) = if reference {
                (
                    None,
                    syn::ReceiverKind::Reference(Default::default(), None, mut_token),
                )
            } else {
                (mut_token, syn::ReceiverKind::Value)
            };
            return Ok(syn::FnArg::Receiver(syn::Receiver {
                attrs: Vec::new(),
                mutability,
                self_token: Default::default(),
                kind,
            }));
        }
        let ident = self.plain_ident()?;
        self.eat_single(':')?;
        let ty = self.ty()?;
        Ok(syn::FnArg::Typed(syn::PatType {
            attrs: Vec::new(),
            pat: Box::new(syn::Pat::Ident(pat_ident(ident))),
            colon_token: Default::default(),
            ty: Box::new(ty),
        }))
    }

    /// A function's block, with the inner attributes at its start.
    fn fn_body_with_attrs(&mut self) -> Res<(Vec<syn::Attribute>, syn::Block)> {
        let group = self.eat_group(Delimiter::Brace)?;
        let inner = contents(group);
        let mut tokens = Tokens::new(&inner);
        let attrs = tokens.inner_attrs()?;
        let stmts = tokens.stmts()?;
        Ok((
            attrs,
            syn::Block {
                brace_token: token::Brace(group.delim_span()),
                stmts,
            },
        ))
    }

    // ---- generics and types ----

    /// `<'a, T: Bound + Other>`, or nothing. A `where` clause is left to syn.
    fn generics(&mut self) -> Res<syn::Generics> {
        if !self.is_single(0, '<') {
            if self.is_word(0, "where") {
                return Err(Unknown);
            }
            return Ok(syn::Generics::default());
        }
        self.bump();
        let mut params = Punctuated::new();
        while !self.is_gt() {
            if self.is_single(0, '\'') {
                let lifetime = self.lifetime()?;
                params.push_value(syn::GenericParam::Lifetime(syn::LifetimeParam {
                    attrs: Vec::new(),
                    lifetime,
                    colon_token: None,
                    bounds: Punctuated::new(),
                }));
            } else {
                let ident = self.plain_ident()?;
                let mut bounds = Punctuated::new();
                let colon_token = if self.is_single(0, ':') {
                    self.bump();
                    loop {
                        let path = self.path(false)?;
                        bounds.push_value(syn::TypeParamBound::Trait(syn::TraitBound {
                            paren_token: None,
                            lifetimes: None,
                            modifiers: Default::default(),
                            maybe: None,
                            path,
                        }));
                        if self.is_single(0, '+') {
                            self.bump();
                            bounds.push_punct(Default::default());
                        } else {
                            break;
                        }
                    }
                    Some(Default::default())
                } else {
                    None
                };
                if self.is_single(0, '=') {
                    return Err(Unknown);
                }
                params.push_value(syn::GenericParam::Type(syn::TypeParam {
                    attrs: Vec::new(),
                    ident,
                    colon_token,
                    bounds,
                    default: None,
                }));
            }
            if self.is_gt() {
                break;
            }
            self.comma()?;
            params.push_punct(Default::default());
        }
        self.bump();
        if self.is_word(0, "where") {
            return Err(Unknown);
        }
        Ok(syn::Generics {
            lt_token: Some(Default::default()),
            params,
            gt_token: Some(Default::default()),
            where_clause: None,
        })
    }

    /// A `>` closing generic arguments, joined to what follows or not (`Vec<Vec<T>>`).
    fn is_gt(&self) -> bool {
        matches!(self.peek(), Some(Tree::Punct(p)) if p.as_char() == '>')
            && !self.is_pair(0, '>', '=')
    }

    fn lifetime(&mut self) -> Res<syn::Lifetime> {
        let Some(Tree::Punct(p)) = self.peek() else {
            return Err(Unknown);
        };
        if p.as_char() != '\'' || p.spacing() != Spacing::Joint {
            return Err(Unknown);
        }
        let ident = self.ident_at(1).ok_or(Unknown)?.clone();
        self.at += 2;
        Ok(syn::Lifetime {
            apostrophe: span(),
            ident,
        })
    }

    fn ty(&mut self) -> Res<syn::Type> {
        if self.is_single(0, '&') {
            self.bump();
            let lifetime = if self.is_single(0, '\'') {
                Some(self.lifetime()?)
            } else {
                None
            };
            let mutability = if self.is_word(0, "mut") {
                self.bump();
                Some(Default::default())
            } else {
                None
            };
            let elem = self.ty_without_plus()?;
            return Ok(syn::Type::Reference(syn::TypeReference {
                attrs: Vec::new(),
                and_token: Default::default(),
                lifetime,
                mutability,
                elem: Box::new(elem),
            }));
        }
        self.ty_without_plus()
    }

    fn ty_without_plus(&mut self) -> Res<syn::Type> {
        if let Some(group) = self.group_at(0, Delimiter::Parenthesis) {
            self.bump();
            let inner = contents(group);
            let mut tokens = Tokens::new(&inner);
            if !tokens.is_empty() {
                // A tuple type of one or more elements, or a parenthesized type.
                let first = tokens.ty()?;
                if tokens.is_empty() {
                    return Err(Unknown);
                }
                let mut elems = Punctuated::new();
                elems.push_value(first);
                while !tokens.is_empty() {
                    tokens.comma()?;
                    elems.push_punct(Default::default());
                    if tokens.is_empty() {
                        break;
                    }
                    elems.push_value(tokens.ty()?);
                }
                return Ok(syn::Type::Tuple(syn::TypeTuple {
                    attrs: Vec::new(),
                    paren_token: token::Paren(group.delim_span()),
                    elems,
                }));
            }
            return Ok(syn::Type::Tuple(syn::TypeTuple {
                attrs: Vec::new(),
                paren_token: token::Paren(group.delim_span()),
                elems: Punctuated::new(),
            }));
        }
        if self.is_word(0, "impl") {
            // One trait bound: `impl Into<String>`.
            self.bump();
            let path = self.path(false)?;
            if self.is_single(0, '+') || self.group_at(0, Delimiter::Parenthesis).is_some() {
                return Err(Unknown);
            }
            let mut bounds = Punctuated::new();
            bounds.push_value(syn::TypeParamBound::Trait(syn::TraitBound {
                paren_token: None,
                lifetimes: None,
                modifiers: Default::default(),
                maybe: None,
                path,
            }));
            return Ok(syn::Type::ImplTrait(syn::TypeImplTrait {
                attrs: Vec::new(),
                impl_token: Default::default(),
                bounds,
            }));
        }
        if let Some(group) = self.group_at(0, Delimiter::Bracket) {
            self.bump();
            let inner = contents(group);
            let mut tokens = Tokens::new(&inner);
            let elem = tokens.ty()?;
            if tokens.is_single(0, ';') {
                // `[T; 2]`
                tokens.bump();
                let Some(Tree::Literal(literal)) = tokens.peek() else {
                    return Err(Unknown);
                };
                if is_negative(literal) {
                    return Err(Unknown);
                }
                tokens.bump();
                tokens.end()?;
                return Ok(syn::Type::Array(syn::TypeArray {
                    attrs: Vec::new(),
                    bracket_token: token::Bracket(group.delim_span()),
                    elem: Box::new(elem),
                    semi_token: Default::default(),
                    len: syn::Expr::Lit(syn::ExprLit {
                        attrs: Vec::new(),
                        lit: syn::Lit::new(literal.clone()),
                    }),
                }));
            }
            tokens.end()?;
            return Ok(syn::Type::Slice(syn::TypeSlice {
                attrs: Vec::new(),
                bracket_token: token::Bracket(group.delim_span()),
                elem: Box::new(elem),
            }));
        }
        // `path_segment` refuses every keyword but `self`, `Self`, `super` and `crate`.
        let path = self.path(false)?;
        // `Fn(..)` sugar, macros in type position, `Trait + Send`: syn's.
        if self.is_single(0, '!')
            || self.is_single(0, '+')
            || self.group_at(0, Delimiter::Parenthesis).is_some()
        {
            return Err(Unknown);
        }
        Ok(syn::Type::Path(syn::TypePath {
            attrs: Vec::new(),
            qself: None,
            path,
        }))
    }

    /// A path without generic arguments (a macro's or a visibility's).
    fn mod_path(&mut self) -> Res<syn::Path> {
        if self.is_word(0, "Self") {
            return Err(Unknown);
        }
        let path = self.path(true)?;
        if self.is_single(0, '<') || !is_mod_style(&path) {
            return Err(Unknown);
        }
        Ok(path)
    }

    /// A path; in expression style generic arguments need `::<`.
    fn path(&mut self, expr_style: bool) -> Res<syn::Path> {
        let leading_colon = if self.is_pair(0, ':', ':') {
            self.at += 2;
            Some(Default::default())
        } else {
            None
        };
        let mut segments = Punctuated::new();
        loop {
            segments.push_value(self.path_segment(expr_style)?);
            if self.is_pair(0, ':', ':') && self.group_at(2, Delimiter::Parenthesis).is_none() {
                if self.is_single(2, '<') {
                    // Only reached when the segment's arguments were not read.
                    return Err(Unknown);
                }
                self.at += 2;
                segments.push_punct(Default::default());
            } else {
                break;
            }
        }
        Ok(syn::Path {
            leading_colon,
            segments,
        })
    }

    fn path_segment(&mut self, expr_style: bool) -> Res<syn::PathSegment> {
        let ident = self.ident_at(0).ok_or(Unknown)?;
        let word = Word::of(ident);
        let name = word.as_str();
        if is_keyword(name) && !matches!(name, "self" | "Self" | "super" | "crate") {
            return Err(Unknown);
        }
        let ident = ident.clone();
        self.bump();
        let turbofish = self.is_pair(0, ':', ':') && self.is_single(2, '<');
        let arguments = if turbofish || (!expr_style && self.is_single(0, '<')) {
            if turbofish {
                self.at += 2;
            }
            syn::PathArguments::AngleBracketed(self.generic_args(turbofish)?)
        } else {
            syn::PathArguments::None
        };
        Ok(syn::PathSegment { ident, arguments })
    }

    fn generic_args(&mut self, colon2: bool) -> Res<syn::AngleBracketedGenericArguments> {
        self.eat_single('<')?;
        let mut args = Punctuated::new();
        while !self.is_gt() {
            if self.is_single(0, '\'') {
                let lifetime = self.lifetime()?;
                if self.is_single(0, '+') {
                    return Err(Unknown);
                }
                args.push_value(syn::GenericArgument::Lifetime(lifetime));
            } else {
                if matches!(self.peek(), Some(Tree::Literal(_)))
                    || self.group_at(0, Delimiter::Brace).is_some()
                {
                    return Err(Unknown);
                }
                args.push_value(syn::GenericArgument::Type(self.ty()?));
                if self.is_single(0, '=') || self.is_single(0, ':') {
                    return Err(Unknown);
                }
            }
            if self.is_gt() {
                break;
            }
            self.comma()?;
            args.push_punct(Default::default());
        }
        self.bump();
        Ok(syn::AngleBracketedGenericArguments {
            colon2_token: colon2.then(Default::default),
            lt_token: Default::default(),
            args,
            gt_token: Default::default(),
        })
    }

    // ---- statements ----

    fn stmts(&mut self) -> Res<Vec<syn::Stmt>> {
        let mut stmts = Vec::new();
        while !self.is_empty() {
            if self.is_single(0, ';') || self.is_single(0, '#') {
                return Err(Unknown);
            }
            let stmt = if self.is_word(0, "let") {
                self.local()?
            } else if self.starts_item() {
                return Err(Unknown);
            } else {
                let expr = self.expr_early()?;
                let semi = self.is_single(0, ';');
                if semi {
                    self.bump();
                }
                match expr {
                    syn::Expr::Macro(syn::ExprMacro { attrs, mac })
                        if semi || matches!(mac.delimiter, syn::MacroDelimiter::Brace(_)) =>
                    {
                        syn::Stmt::Macro(syn::StmtMacro {
                            attrs,
                            mac,
                            semi_token: semi.then(Default::default),
                        })
                    }
                    expr => {
                        if !semi && !self.is_empty() && requires_terminator(&expr) {
                            return Err(Unknown);
                        }
                        syn::Stmt::Expr(expr, semi.then(Default::default))
                    }
                }
            };
            stmts.push(stmt);
        }
        Ok(stmts)
    }

    /// Whether a statement starts an item, or a macro syn reads as one.
    fn starts_item(&self) -> bool {
        let Some(ident) = self.ident_at(0) else {
            return false;
        };
        let word = Word::of(ident);
        let name = word.as_str();
        if matches!(
            name,
            "pub"
                | "extern"
                | "use"
                | "static"
                | "const"
                | "unsafe"
                | "fn"
                | "mod"
                | "type"
                | "struct"
                | "enum"
                | "union"
                | "auto"
                | "trait"
                | "default"
                | "impl"
                | "macro"
                | "async"
        ) || name == "crate" && !self.is_pair(1, ':', ':')
        {
            return true;
        }
        // `name! ident` (`macro_rules!`) or a brace-delimited macro statement.
        let mut n = 1;
        while self.is_pair(n, ':', ':') && self.ident_at(n + 2).is_some() {
            n += 3;
        }
        self.is_single(n, '!')
            && (self.ident_at(n + 1).is_some() || self.group_at(n + 1, Delimiter::Brace).is_some())
    }

    fn local(&mut self) -> Res<syn::Stmt> {
        self.eat_word("let")?;
        let mut pat = self.pat_single()?;
        if self.is_single(0, ':') {
            self.bump();
            let ty = self.ty()?;
            pat = syn::Pat::Type(syn::PatType {
                attrs: Vec::new(),
                pat: Box::new(pat),
                colon_token: Default::default(),
                ty: Box::new(ty),
            });
        }
        let init = if self.is_single(0, '=') {
            self.bump();
            let expr = self.expr(true)?;
            if self.is_word(0, "else") {
                return Err(Unknown);
            }
            Some(syn::LocalInit {
                eq_token: Default::default(),
                expr: Box::new(expr),
                diverge: None,
            })
        } else {
            None
        };
        self.eat_single(';')?;
        Ok(syn::Stmt::Local(syn::Local {
            attrs: Vec::new(),
            let_token: Default::default(),
            modifiers: Default::default(),
            pat,
            init,
            semi_token: Default::default(),
        }))
    }

    // ---- patterns ----

    fn pat_single(&mut self) -> Res<syn::Pat> {
        if let Some(group) = self.group_at(0, Delimiter::Parenthesis) {
            self.bump();
            let inner = contents(group);
            let mut tokens = Tokens::new(&inner);
            let paren_token = token::Paren(group.delim_span());
            let mut elems = Punctuated::new();
            while !tokens.is_empty() {
                let value = tokens.pat_multi()?;
                if tokens.is_empty() {
                    if elems.is_empty() {
                        return Ok(syn::Pat::Paren(syn::PatParen {
                            attrs: Vec::new(),
                            paren_token,
                            pat: Box::new(value),
                        }));
                    }
                    elems.push_value(value);
                    break;
                }
                elems.push_value(value);
                tokens.comma()?;
                elems.push_punct(Default::default());
            }
            return Ok(syn::Pat::Tuple(syn::PatTuple {
                attrs: Vec::new(),
                paren_token,
                elems,
            }));
        }
        if let Some(Tree::Literal(literal)) = self.peek() {
            if is_negative(literal) || self.is_pair(1, '.', '.') {
                return Err(Unknown);
            }
            self.bump();
            return Ok(syn::Pat::Lit(syn::ExprLit {
                attrs: Vec::new(),
                lit: syn::Lit::new(literal.clone()),
            }));
        }
        let ident = self.ident_at(0).ok_or(Unknown)?;
        let word = Word::of(ident);
        let name = word.as_str();
        if name == "_" {
            self.bump();
            return Ok(syn::Pat::Wild(syn::PatWild {
                attrs: Vec::new(),
                underscore_token: Default::default(),
            }));
        }
        let path_like = self.is_pair(1, ':', ':')
            || self.group_at(1, Delimiter::Parenthesis).is_some()
            || matches!(name, "Self" | "super" | "crate");
        if path_like {
            if self.is_single(1, '!')
                || self.group_at(1, Delimiter::Brace).is_some()
                || self.is_pair(1, '.', '.')
            {
                return Err(Unknown);
            }
            let path = self.path(true)?;
            if self.is_single(0, '!') || self.is_pair(0, '.', '.') {
                return Err(Unknown);
            }
            if let Some(group) = self.group_at(0, Delimiter::Parenthesis) {
                self.bump();
                let elems = comma_separated(group, |tokens| tokens.pat_multi())?;
                return Ok(syn::Pat::TupleStruct(syn::PatTupleStruct {
                    attrs: Vec::new(),
                    qself: None,
                    path,
                    paren_token: token::Paren(group.delim_span()),
                    elems,
                }));
            }
            if self.group_at(0, Delimiter::Brace).is_some() {
                return Err(Unknown);
            }
            return Ok(syn::Pat::Path(syn::ExprPath {
                attrs: Vec::new(),
                qself: None,
                path,
            }));
        }
        if self.is_single(1, '!') || self.group_at(1, Delimiter::Brace).is_some() {
            return Err(Unknown);
        }
        let mutability = if name == "mut" {
            self.bump();
            Some(Default::default())
        } else {
            None
        };
        let ident = self.plain_ident()?;
        if self.is_single(0, '@') {
            return Err(Unknown);
        }
        Ok(syn::Pat::Ident(syn::PatIdent {
            mutability,
            ..pat_ident(ident)
        }))
    }

    /// Patterns joined by `|`, without a leading `|` or a guard.
    fn pat_multi(&mut self) -> Res<syn::Pat> {
        if self.is_single(0, '|') {
            return Err(Unknown);
        }
        let first = self.pat_single()?;
        if !self.is_single(0, '|') {
            return Ok(first);
        }
        let mut cases = Punctuated::new();
        cases.push_value(first);
        while self.is_single(0, '|') {
            self.bump();
            cases.push_punct(Default::default());
            cases.push_value(self.pat_single()?);
        }
        Ok(syn::Pat::Or(syn::PatOr {
            attrs: Vec::new(),
            leading_vert: None,
            cases,
        }))
    }

    // ---- expressions ----

    /// An expression where a statement or a match arm begins: a block-like expression
    /// ends there unless a `.` or `?` follows.
    fn expr_early(&mut self) -> Res<syn::Expr> {
        if self.starts_block_like() {
            let expr = self.block_like()?;
            if self.is_single(0, '.') || self.is_single(0, '?') {
                let expr = self.postfix(expr)?;
                return self.assignment(expr, true);
            }
            return Ok(expr);
        }
        self.expr(true)
    }

    fn starts_block_like(&self) -> bool {
        self.is_word(0, "match")
            || self.group_at(0, Delimiter::Brace).is_some()
            || ["if", "while", "for", "loop", "unsafe", "try", "const"]
                .iter()
                .any(|word| self.is_word(0, word))
            || self.is_single(0, '\'')
    }

    fn block_like(&mut self) -> Res<syn::Expr> {
        if self.is_word(0, "match") {
            return self.match_expr();
        }
        if self.is_word(0, "if") {
            return self.if_expr();
        }
        if let Some(group) = self.group_at(0, Delimiter::Brace) {
            self.bump();
            return Ok(syn::Expr::Block(syn::ExprBlock {
                attrs: Vec::new(),
                label: None,
                block: block(group)?,
            }));
        }
        Err(Unknown)
    }

    /// A whole expression, as far as this parser reads them: an operand with its method
    /// calls, fields, `?` and `.await`, or an assignment of one.
    fn expr(&mut self, allow_struct: bool) -> Res<syn::Expr> {
        let lhs = self.unary(allow_struct)?;
        self.assignment(lhs, allow_struct)
    }

    fn assignment(&mut self, lhs: syn::Expr, allow_struct: bool) -> Res<syn::Expr> {
        if self.is_single(0, '=') {
            self.bump();
            let right = self.expr(allow_struct)?;
            return Ok(syn::Expr::Assign(syn::ExprAssign {
                attrs: Vec::new(),
                left: Box::new(lhs),
                eq_token: Default::default(),
                right: Box::new(right),
            }));
        }
        Ok(lhs)
    }

    fn unary(&mut self, allow_struct: bool) -> Res<syn::Expr> {
        if self.is_single(0, '&') {
            self.bump();
            if self.is_word(0, "raw") {
                return Err(Unknown);
            }
            let mutability = if self.is_word(0, "mut") {
                self.bump();
                Some(Default::default())
            } else {
                None
            };
            let expr = self.unary(allow_struct)?;
            return Ok(syn::Expr::Reference(syn::ExprReference {
                attrs: Vec::new(),
                and_token: Default::default(),
                mutability,
                expr: Box::new(expr),
            }));
        }
        let op = match self.single_at(0) {
            Some('!') => Some(syn::UnOp::Not(Default::default())),
            Some('*') => Some(syn::UnOp::Deref(Default::default())),
            _ => None,
        };
        if let Some(op) = op {
            self.bump();
            let expr = self.unary(allow_struct)?;
            return Ok(syn::Expr::Unary(syn::ExprUnary {
                attrs: Vec::new(),
                op,
                expr: Box::new(expr),
            }));
        }
        let atom = self.atom(allow_struct)?;
        self.postfix(atom)
    }

    fn postfix(&mut self, mut expr: syn::Expr) -> Res<syn::Expr> {
        loop {
            if let Some(group) = self.group_at(0, Delimiter::Parenthesis) {
                self.bump();
                expr = syn::Expr::Call(syn::ExprCall {
                    attrs: Vec::new(),
                    func: Box::new(expr),
                    paren_token: token::Paren(group.delim_span()),
                    args: call_args(group)?,
                });
            } else if self.is_single(0, '?') {
                self.bump();
                expr = syn::Expr::Try(syn::ExprTry {
                    attrs: Vec::new(),
                    expr: Box::new(expr),
                    question_token: Default::default(),
                });
            } else if self.is_single(0, '.') {
                self.bump();
                if self.is_word(0, "await") {
                    self.bump();
                    expr = syn::Expr::Await(syn::ExprAwait {
                        attrs: Vec::new(),
                        base: Box::new(expr),
                        dot_token: Default::default(),
                        await_token: Default::default(),
                    });
                    continue;
                }
                let member = self.plain_ident()?;
                let turbofish = if self.is_pair(0, ':', ':') {
                    self.at += 2;
                    Some(self.generic_args(true)?)
                } else {
                    None
                };
                if let Some(group) = self.group_at(0, Delimiter::Parenthesis) {
                    self.bump();
                    expr = syn::Expr::MethodCall(syn::ExprMethodCall {
                        attrs: Vec::new(),
                        receiver: Box::new(expr),
                        dot_token: Default::default(),
                        method: member,
                        turbofish,
                        paren_token: token::Paren(group.delim_span()),
                        args: call_args(group)?,
                    });
                } else if turbofish.is_some() {
                    return Err(Unknown);
                } else {
                    expr = syn::Expr::Field(syn::ExprField {
                        attrs: Vec::new(),
                        base: Box::new(expr),
                        dot_token: Default::default(),
                        member: syn::Member::Named(member),
                    });
                }
            } else if self.group_at(0, Delimiter::Bracket).is_some() {
                return Err(Unknown);
            } else {
                return Ok(expr);
            }
        }
    }

    fn atom(&mut self, allow_struct: bool) -> Res<syn::Expr> {
        match self.peek().ok_or(Unknown)? {
            Tree::Literal(literal) => {
                if is_negative(literal) {
                    return Err(Unknown);
                }
                self.bump();
                Ok(syn::Expr::Lit(syn::ExprLit {
                    attrs: Vec::new(),
                    lit: syn::Lit::new(literal.clone()),
                }))
            }
            Tree::Group(group) => match group.delimiter() {
                Delimiter::Parenthesis => {
                    self.bump();
                    paren_or_tuple(group)
                }
                Delimiter::Bracket => {
                    self.bump();
                    let elems = comma_separated(group, |tokens| tokens.expr(true))?;
                    Ok(syn::Expr::Array(syn::ExprArray {
                        attrs: Vec::new(),
                        bracket_token: token::Bracket(group.delim_span()),
                        elems,
                    }))
                }
                Delimiter::Brace => self.block_like(),
                Delimiter::None => Err(Unknown),
            },
            Tree::Punct(_) => {
                if self.is_single(0, '|') {
                    self.closure(allow_struct)
                } else if self.is_pair(0, ':', ':') {
                    self.path_expr(allow_struct)
                } else {
                    Err(Unknown)
                }
            }
            Tree::Ident(ident) => {
                let word = Word::of(ident);
                let name = word.as_str();
                match name {
                    "true" | "false" => {
                        self.bump();
                        Ok(syn::Expr::Lit(syn::ExprLit {
                            attrs: Vec::new(),
                            lit: syn::Lit::Bool(syn::LitBool::new(name == "true", ident.span())),
                        }))
                    }
                    "match" => self.match_expr(),
                    "if" => self.if_expr(),
                    "move" if self.is_single(1, '|') => self.closure(allow_struct),
                    "self" | "Self" | "super" | "crate" => self.path_expr(allow_struct),
                    _ if is_keyword(name) => Err(Unknown),
                    _ => self.path_expr(allow_struct),
                }
            }
        }
    }

    /// A path, a macro call or a struct literal.
    fn path_expr(&mut self, allow_struct: bool) -> Res<syn::Expr> {
        let path = self.path(true)?;
        if self.is_single(0, '<') {
            return Err(Unknown);
        }
        if self.is_single(0, '!') && is_mod_style(&path) {
            self.bump();
            let (delimiter, tokens) = self.macro_group()?;
            return Ok(syn::Expr::Macro(syn::ExprMacro {
                attrs: Vec::new(),
                mac: syn::Macro {
                    path,
                    bang_token: Default::default(),
                    delimiter,
                    tokens,
                },
            }));
        }
        if allow_struct && let Some(group) = self.group_at(0, Delimiter::Brace) {
            self.bump();
            return struct_literal(path, group);
        }
        Ok(syn::Expr::Path(syn::ExprPath {
            attrs: Vec::new(),
            qself: None,
            path,
        }))
    }

    fn closure(&mut self, allow_struct: bool) -> Res<syn::Expr> {
        let capture = if self.is_word(0, "move") {
            self.bump();
            Some(Default::default())
        } else {
            None
        };
        self.eat_single('|')?;
        let mut inputs = Punctuated::new();
        while !self.is_single(0, '|') {
            if self.is_single(0, '#') {
                return Err(Unknown);
            }
            let mut pat = self.pat_single()?;
            if self.is_single(0, ':') {
                self.bump();
                let ty = self.ty()?;
                pat = syn::Pat::Type(syn::PatType {
                    attrs: Vec::new(),
                    pat: Box::new(pat),
                    colon_token: Default::default(),
                    ty: Box::new(ty),
                });
            }
            inputs.push_value(pat);
            if self.is_single(0, '|') {
                break;
            }
            self.comma()?;
            inputs.push_punct(Default::default());
        }
        self.bump();
        if self.is_pair(0, '-', '>') {
            return Err(Unknown);
        }
        let body = self.expr(allow_struct)?;
        Ok(syn::Expr::Closure(syn::ExprClosure {
            attrs: Vec::new(),
            lifetimes: None,
            modifiers: Default::default(),
            constness: None,
            asyncness: None,
            capture,
            inputs_begin: Default::default(),
            inputs,
            inputs_end: Default::default(),
            output: syn::ReturnType::Default,
            body: Box::new(body),
        }))
    }

    /// `if cond { .. }`, `if let pat = expr { .. }`, with `else if` and `else` branches.
    fn if_expr(&mut self) -> Res<syn::Expr> {
        self.eat_word("if")?;
        let cond = if self.is_word(0, "let") {
            self.bump();
            let pat = self.pat_multi()?;
            self.eat_single('=')?;
            let expr = self.unary(false)?;
            syn::Expr::Let(syn::ExprLet {
                attrs: Vec::new(),
                let_token: Default::default(),
                pat: Box::new(pat),
                eq_token: Default::default(),
                expr: Box::new(expr),
            })
        } else {
            self.expr(false)?
        };
        let then_branch = block(self.eat_group(Delimiter::Brace)?)?;
        let else_branch = if self.is_word(0, "else") {
            self.bump();
            let branch = if self.is_word(0, "if") {
                self.if_expr()?
            } else {
                syn::Expr::Block(syn::ExprBlock {
                    attrs: Vec::new(),
                    label: None,
                    block: block(self.eat_group(Delimiter::Brace)?)?,
                })
            };
            Some((Default::default(), Box::new(branch)))
        } else {
            None
        };
        Ok(syn::Expr::If(syn::ExprIf {
            attrs: Vec::new(),
            if_token: Default::default(),
            cond: Box::new(cond),
            then_branch,
            else_branch,
        }))
    }

    fn match_expr(&mut self) -> Res<syn::Expr> {
        self.eat_word("match")?;
        let scrutinee = self.expr(false)?;
        let group = self.eat_group(Delimiter::Brace)?;
        let inner = contents(group);
        let mut tokens = Tokens::new(&inner);
        if tokens.is_single(0, '#') {
            return Err(Unknown);
        }
        let mut arms = Vec::new();
        while !tokens.is_empty() {
            if tokens.is_single(0, '#') {
                return Err(Unknown);
            }
            let pat = tokens.pat_multi()?;
            if tokens.is_word(0, "if") {
                return Err(Unknown);
            }
            tokens.eat_pair('=', '>')?;
            let body = tokens.expr_early()?;
            let comma = if requires_terminator(&body) && !tokens.is_empty() {
                tokens.comma()?;
                true
            } else if tokens.is_single(0, ',') {
                tokens.bump();
                true
            } else {
                false
            };
            if !comma && !tokens.is_empty() && requires_terminator(&body) {
                return Err(Unknown);
            }
            arms.push(syn::Arm {
                attrs: Vec::new(),
                pat,
                fat_arrow_token: Default::default(),
                body: Box::new(body),
                comma: comma.then(Default::default),
            });
        }
        Ok(syn::Expr::Match(syn::ExprMatch {
            attrs: Vec::new(),
            match_token: Default::default(),
            expr: Box::new(scrutinee),
            brace_token: token::Brace(group.delim_span()),
            arms,
        }))
    }
}

/// Whether an expression needs a `;` (or `,` in a match) before what follows it.
fn requires_terminator(expr: &syn::Expr) -> bool {
    !matches!(
        expr,
        syn::Expr::Match(_) | syn::Expr::Block(_) | syn::Expr::If(_)
    )
}

/// Whether no segment of the path has generic arguments.
fn is_mod_style(path: &syn::Path) -> bool {
    path.segments
        .iter()
        .all(|segment| matches!(segment.arguments, syn::PathArguments::None))
}

fn pat_ident(ident: Ident) -> syn::PatIdent {
    syn::PatIdent {
        attrs: Vec::new(),
        by_ref: None,
        mutability: None,
        ident,
        subpat: None,
    }
}

fn attribute(group: &Grp, style: syn::AttrStyle) -> Res<syn::Attribute> {
    let inner = contents(group);
    let mut tokens = Tokens::new(&inner);
    let path = tokens.meta_path()?;
    let meta = if let Some(Tree::Group(list)) = tokens.peek() {
        let delimiter = match list.delimiter() {
            Delimiter::Parenthesis => syn::MacroDelimiter::Paren(token::Paren(list.delim_span())),
            Delimiter::Bracket => syn::MacroDelimiter::Bracket(token::Bracket(list.delim_span())),
            Delimiter::Brace => syn::MacroDelimiter::Brace(token::Brace(list.delim_span())),
            Delimiter::None => return Err(Unknown),
        };
        tokens.bump();
        syn::Meta::List(syn::MetaList {
            path,
            delimiter,
            tokens: list.stream(),
        })
    } else if tokens.is_single(0, '=') {
        tokens.bump();
        let Some(Tree::Literal(literal)) = tokens.peek() else {
            return Err(Unknown);
        };
        if is_negative(literal) {
            return Err(Unknown);
        }
        tokens.bump();
        syn::Meta::NameValue(syn::MetaNameValue {
            path,
            eq_token: Default::default(),
            value: syn::Expr::Lit(syn::ExprLit {
                attrs: Vec::new(),
                lit: syn::Lit::new(literal.clone()),
            }),
        })
    } else {
        syn::Meta::Path(path)
    };
    tokens.end()?;
    Ok(syn::Attribute {
        pound_token: Default::default(),
        style,
        bracket_token: token::Bracket(group.delim_span()),
        meta,
    })
}

impl Tokens<'_> {
    /// An attribute's path: identifiers (keywords too) joined by `::`.
    fn meta_path(&mut self) -> Res<syn::Path> {
        let mut segments = Punctuated::new();
        loop {
            let ident = self.ident_at(0).ok_or(Unknown)?.clone();
            self.bump();
            segments.push_value(syn::PathSegment::from(ident));
            if self.is_pair(0, ':', ':') {
                self.at += 2;
                segments.push_punct(Default::default());
            } else {
                break;
            }
        }
        if self.is_single(0, '<') {
            return Err(Unknown);
        }
        Ok(syn::Path {
            leading_colon: None,
            segments,
        })
    }
}

fn named_fields(group: &Grp) -> Res<syn::FieldsNamed> {
    let named = comma_separated(group, |tokens| {
        let attrs = tokens.outer_attrs()?;
        let vis = tokens.visibility()?;
        let ident = tokens.plain_ident()?;
        tokens.eat_single(':')?;
        let ty = tokens.ty()?;
        if tokens.is_single(0, '=') {
            return Err(Unknown);
        }
        Ok(syn::Field {
            attrs,
            vis,
            modifiers: Default::default(),
            ident: Some(ident),
            colon_token: Some(Default::default()),
            ty,
            default: None,
        })
    })?;
    Ok(syn::FieldsNamed {
        brace_token: token::Brace(group.delim_span()),
        named,
    })
}

fn unnamed_fields(group: &Grp) -> Res<syn::FieldsUnnamed> {
    let unnamed = comma_separated(group, |tokens| {
        let attrs = tokens.outer_attrs()?;
        let vis = tokens.visibility()?;
        let ty = tokens.ty()?;
        Ok(syn::Field {
            attrs,
            vis,
            modifiers: Default::default(),
            ident: None,
            colon_token: None,
            ty,
            default: None,
        })
    })?;
    Ok(syn::FieldsUnnamed {
        paren_token: token::Paren(group.delim_span()),
        unnamed,
    })
}

fn block(group: &Grp) -> Res<syn::Block> {
    let inner = contents(group);
    let mut tokens = Tokens::new(&inner);
    if tokens.is_single(0, '#') {
        return Err(Unknown);
    }
    Ok(syn::Block {
        brace_token: token::Brace(group.delim_span()),
        stmts: tokens.stmts()?,
    })
}

fn call_args(group: &Grp) -> Res<Punctuated<syn::Expr, syn::Token![,]>> {
    comma_separated(group, |tokens| tokens.expr(true))
}

/// The values of a group separated by commas, a trailing comma kept as syn keeps it
/// (`Punctuated::parse_terminated`).
fn comma_separated<T>(
    group: &Grp,
    mut value: impl FnMut(&mut Tokens<'_>) -> Res<T>,
) -> Res<Punctuated<T, syn::Token![,]>> {
    let inner = contents(group);
    let mut tokens = Tokens::new(&inner);
    let mut values = Punctuated::new();
    while !tokens.is_empty() {
        values.push_value(value(&mut tokens)?);
        if tokens.is_empty() {
            break;
        }
        tokens.comma()?;
        values.push_punct(Default::default());
    }
    Ok(values)
}

fn paren_or_tuple(group: &Grp) -> Res<syn::Expr> {
    let inner = contents(group);
    let mut tokens = Tokens::new(&inner);
    let paren_token = token::Paren(group.delim_span());
    if tokens.is_empty() {
        return Ok(syn::Expr::Tuple(syn::ExprTuple {
            attrs: Vec::new(),
            paren_token,
            elems: Punctuated::new(),
        }));
    }
    let first = tokens.expr(true)?;
    if tokens.is_empty() {
        return Ok(syn::Expr::Paren(syn::ExprParen {
            attrs: Vec::new(),
            paren_token,
            expr: Box::new(first),
        }));
    }
    let mut elems = Punctuated::new();
    elems.push_value(first);
    while !tokens.is_empty() {
        tokens.comma()?;
        elems.push_punct(Default::default());
        if tokens.is_empty() {
            break;
        }
        elems.push_value(tokens.expr(true)?);
    }
    Ok(syn::Expr::Tuple(syn::ExprTuple {
        attrs: Vec::new(),
        paren_token,
        elems,
    }))
}

fn struct_literal(path: syn::Path, group: &Grp) -> Res<syn::Expr> {
    let fields = comma_separated(group, |tokens| {
        if tokens.is_pair(0, '.', '.') {
            return Err(Unknown);
        }
        let attrs = tokens.outer_attrs()?;
        let member = tokens.plain_ident()?;
        let (colon_token, expr) = if tokens.is_single(0, ':') {
            tokens.bump();
            (Some(Default::default()), tokens.expr(true)?)
        } else {
            (
                None,
                syn::Expr::Path(syn::ExprPath {
                    attrs: Vec::new(),
                    qself: None,
                    path: syn::Path::from(member.clone()),
                }),
            )
        };
        Ok(syn::FieldValue {
            attrs,
            member: syn::Member::Named(member),
            colon_token,
            expr,
        })
    })?;
    Ok(syn::Expr::Struct(syn::ExprStruct {
        attrs: Vec::new(),
        qself: None,
        path,
        brace_token: token::Brace(group.delim_span()),
        fields,
        dot2_token: None,
        rest: None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::EmittedFile;

    /// Every Rust file (and part of one) the generator emits for the fixtures and the
    /// vendored corpus documents, as tokens (none written as text).
    fn emitted_token_streams() -> Vec<(String, TokenStream)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut streams = Vec::new();
        for folder in ["fixtures/ok", "../tests/corpus/docs"] {
            let mut paths: Vec<_> = std::fs::read_dir(root.join(folder))
                .unwrap()
                .map(|entry| entry.unwrap().path())
                .collect();
            paths.sort();
            for path in paths {
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                if !path.extension().is_some_and(|e| e == "yaml" || e == "json") {
                    continue;
                }
                let Ok(loaded) = crate::load::load_document(&text) else {
                    continue;
                };
                let config = crate::Config::new("quick");
                let Ok((api, _)) = crate::lower::lower(&loaded.document, &config) else {
                    continue;
                };
                // Every item as tokens: the items written as text fall back to tokens.
                let size = crate::emit::ITEMS_PER_PART;
                for job in crate::emit::emit_jobs_in_parts(&api, &config, size, false) {
                    for file in job.run() {
                        match file {
                            EmittedFile::Rust { path: file, tokens } => {
                                streams.push((format!("{}: {file}", path.display()), tokens));
                            }
                            EmittedFile::RustPart {
                                path: file, pieces, ..
                            } => {
                                for piece in pieces {
                                    if let crate::emit::Piece::Tokens(tokens) = piece {
                                        let label = format!("{}: {file}", path.display());
                                        streams.push((label, tokens));
                                    }
                                }
                            }
                            EmittedFile::Verbatim { .. } | EmittedFile::Toml { .. } => {}
                        }
                    }
                }
            }
        }
        streams
    }

    /// The tree is syn's for every file the generator emits, and this parser reads
    /// nearly all of their items itself (else it would save nothing).
    #[test]
    fn quick_parse_builds_the_tree_syn_builds() {
        let streams = emitted_token_streams();
        assert!(streams.len() > 300, "{} token streams", streams.len());
        let mut total = Counts::default();
        for (label, tokens) in streams {
            let expected: syn::File = syn::parse2(tokens.clone()).unwrap();
            let (file, counts) = parse_file_counted(tokens).unwrap();
            assert!(file == expected, "{label}: the trees differ");
            total.quick += counts.quick;
            total.syn += counts.syn;
        }
        let share = total.quick as f64 / (total.quick + total.syn) as f64;
        assert!(share > 0.97, "{total:?}: {share:.3} of the items read here");
    }

    fn quick(source: &str) -> syn::Result<(syn::File, Counts)> {
        parse_file_counted(source.parse().unwrap())
    }

    /// Forms the parser leaves to syn still come out as syn reads them, and a file syn
    /// cannot read is syn's error.
    #[test]
    fn what_the_parser_does_not_know_goes_to_syn() {
        for source in [
            "fn f() { let x = a + b; }",
            "fn f() { loop { break; } }",
            "fn f() -> u8 { x as u8 }",
            "impl<T> X<T> where T: Clone { fn f(&self) {} }",
            "fn f() { g(1..2); x[0] }",
            "struct S<'a> { x: &'a str, y: Box<dyn Fn(u8) -> u8> }",
            "fn f() { match x { a if a > 1 => {} _ => {} } }",
            "fn f() { a.0 .1; && b; }",
            "macro_rules! m { () => {} } m!{}",
            "const fn f() {} fn g() {}",
            "fn f() { x >>= 1; y == z; }",
        ] {
            let expected: syn::File = syn::parse_str(source).unwrap();
            let (file, counts) = quick(source).unwrap();
            assert!(file == expected, "{source}");
            assert!(
                counts.syn > 0 || counts == Counts::default(),
                "{source}: {counts:?}"
            );
        }
        assert!(quick("fn f() { let }").is_err());
        assert!(quick("struct;").is_err());
    }

    /// Forms it reads itself, compared with syn.
    #[test]
    fn what_the_parser_reads_is_what_syn_reads() {
        for source in [
            "#![doc = \"x\"] use a::{b, c as d, *}; use ::e::f;",
            "#[derive(Debug)] pub(crate) struct S { #[serde(rename = \"a\")] pub a: Option<Vec<u8>>, b: (u8, String), }",
            "pub enum E { A, B(u8, String), C { x: i64 }, }",
            "impl<'de> serde::Deserialize<'de> for E { fn f(self) {} }",
            "impl X { pub async fn f(&self, x: &str, y: &mut Vec<Vec<u8>>) -> Result<(), E> { let mut a = b::c::<T>(&x).d(y)?.e.await?; a = Some(x); } }",
            "fn f<T: a::B + C<'static>>(x: T) { match s.t() { 1 | 2 => Ok(()), Some(y) => { y } _ => Err(E::X { a, b: c.d(), }) } }",
            "fn f() { let c = move |a, b: u8| g(a, b); let t = (1,); let u = (x); [1, 2,]; !x; *y; vec![1]; format!(\"{x}\") }",
            "mod m { #![allow(x)] pub const X: &[&str] = &[\"a\"]; crate::m!(a, b); }",
            "pub mod a; pub type B = std::collections::BTreeMap<String, Vec<u8>>; const C: [u8; 2] = [1, 2];",
            "fn f(x: impl Into<String>, y: ::std::string::String, z: Self) {}",
            "fn f() { S { #[cfg(x)] a: 1, b } }",
            "fn f() { if let Some(b) = body { r = r.form(b); } if x.y() { 1 } else if z { 2 } else { 3 }; let v = if a { b } else { c }; }",
            "fn f() { let (a, b) = match x { (Some(c), _) | (_, c) => (c, 1), }; let (d) = e; let () = f; let (g,) = h; }",
            "impl Operation { /// x\npub const ALL: [Operation; 2] = [Operation::GetAccount, Operation::PostAccountLinks]; }",
        ] {
            let expected: syn::File = syn::parse_str(source).unwrap();
            let (file, counts) = quick(source).unwrap();
            assert!(file == expected, "{source}\n{file:#?}\n{expected:#?}");
            assert_eq!(counts.syn, 0, "{source}");
            assert!(counts.quick > 0, "{source}");
        }
    }
}
