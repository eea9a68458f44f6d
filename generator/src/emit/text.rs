//! Items written straight as laid-out text: the most regular items of the models file
//! (structs of fields, type aliases, newtypes, the enums of string and integer values),
//! which are most of a large API's lines. Writing them as tokens costs three times over:
//! `quote!` builds the tokens, the format stage parses them into a syntax tree, and
//! prettyplease prints the tree. Here each writer gives the text prettyplease would give
//! for the item's tokens (before the docs set aside go back in, see
//! [`super::docs::collect`]), or `None` when the item holds something it does not handle
//! (a line prettyplease could break, documentation it would write as attributes); the
//! item is then written as tokens, as before.
//!
//! `the_text_items_are_the_items_prettyplease_lays_out` holds every file the fixtures and
//! the vendored corpus documents generate, written with and without these writers, to be
//! the same byte for byte.

use proc_macro2::Literal;

use super::mock::{self, Method};
use super::operation::ArgumentForm;
use super::{code, docs, enums, examples};
use crate::ir::{
    Api, BodyMedia, EnumDef, Example, Field, FormatType, Operation, Param, ParamsStruct,
    StatusMatch, StructDef, SuccessBody, TypeDef, TypeRef, Wrapping,
};
use crate::naming;

/// The longest line a writer gives: prettyplease's margin. prettyplease breaks a line
/// (a list of arguments, a type's generic arguments) only when the line, up to the next
/// place it may break, is longer than the margin; the lines written here have no place
/// to break but their end, so a line no longer than this is printed as it is. An item
/// with a longer line is written as tokens. Bytes are counted, as prettyplease counts.
pub(crate) const WIDTH: usize = 89;

/// The text of one item being written. An item dropped before it is finished (given up
/// on) hands back the docs it set aside.
struct Item {
    out: String,
    /// How many doc runs the part had set aside when the item began.
    docs_from: usize,
    /// No line is too long and every doc run was set aside.
    fits: bool,
    /// The text was taken: its docs stay set aside.
    taken: bool,
}

impl Item {
    fn new() -> Self {
        Item {
            out: String::with_capacity(512),
            docs_from: docs::set_aside_count(),
            fits: true,
            taken: false,
        }
    }

    /// One line at `indent` columns, from its pieces.
    fn line(&mut self, indent: usize, pieces: &[&str]) {
        let start = self.out.len();
        self.out.extend(std::iter::repeat_n(' ', indent));
        for piece in pieces {
            self.out.push_str(piece);
        }
        if self.out.len() - start > WIDTH {
            self.fits = false;
        }
        self.out.push('\n');
    }

    /// Documentation lines, set aside for the format stage to put back.
    fn docs(&mut self, indent: usize, lines: Vec<String>) {
        match docs::placeholder_line(&" ".repeat(indent), lines) {
            Some(line) => self.out.push_str(&line),
            None => self.fits = false,
        }
    }

    /// The item's text, or `None` (its docs handed back) when it does not fit.
    fn finish(mut self) -> Option<String> {
        self.taken = self.fits;
        self.fits.then(|| std::mem::take(&mut self.out))
    }
}

impl Drop for Item {
    fn drop(&mut self) {
        if !self.taken {
            docs::forget_set_aside(self.docs_from);
        }
    }
}

/// A name the naming module made, as written in source (see [`super::ident`]); `None`
/// for a name that is not an identifier, which the token writer replaces.
fn ident_text(name: &str) -> Option<&str> {
    super::is_written_as_is(name).then_some(name)
}

/// A type reference as written in source, as [`super::type_tokens`] writes it.
pub(crate) fn type_code(api: &Api, ty: &TypeRef, in_models: bool) -> String {
    let mut out = String::new();
    push_type(&mut out, api, ty, in_models);
    out
}

fn push_type(out: &mut String, api: &Api, ty: &TypeRef, in_models: bool) {
    let wrapped = |out: &mut String, open: &str, inner: &TypeRef| {
        out.push_str(open);
        push_type(out, api, inner, in_models);
        out.push('>');
    };
    match ty {
        TypeRef::String => out.push_str("String"),
        TypeRef::Bool => out.push_str("bool"),
        TypeRef::I32 => out.push_str("i32"),
        TypeRef::I64 => out.push_str("i64"),
        TypeRef::F32 => out.push_str("f32"),
        TypeRef::F64 => out.push_str("f64"),
        TypeRef::Json => out.push_str("serde_json::Value"),
        TypeRef::Named(id) => {
            if !in_models {
                out.push_str("models::");
            }
            out.push_str(ident_text(&api.ty(*id).name).unwrap_or("invalid_name"));
        }
        TypeRef::Vec(item) => wrapped(out, "Vec<", item),
        TypeRef::Map(value) => wrapped(out, "std::collections::BTreeMap<String, ", value),
        TypeRef::Nullable(inner) => wrapped(out, "Option<", inner),
        TypeRef::Bytes => out.push_str("Vec<u8>"),
        TypeRef::Format(format) => out.push_str(match format {
            FormatType::Uuid => "uuid::Uuid",
            FormatType::ChronoDateTime => "chrono::DateTime<chrono::Utc>",
            FormatType::ChronoDate => "chrono::NaiveDate",
            FormatType::Url => "url::Url",
        }),
    }
}

/// A model struct with named fields (see `models::emit_type`).
pub(crate) fn struct_item(api: &Api, def: &TypeDef, body: &StructDef) -> Option<String> {
    // prettyplease writes a struct without fields on one line; left to it.
    if body.fields.is_empty() && body.additional.is_none() {
        return None;
    }
    let name = ident_text(&def.name)?;
    let mut item = Item::new();
    item.docs(0, type_doc_lines(def));
    item.line(
        0,
        &[if body.fields.iter().all(|f| f.wrapping.is_optional()) {
            "#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]"
        } else {
            "#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]"
        }],
    );
    item.line(0, &["pub struct ", name, " {"]);
    for field in &body.fields {
        struct_field(&mut item, api, field)?;
    }
    if let Some(value) = &body.additional {
        item.line(4, &["/// Properties not listed above, kept as they came."]);
        item.line(4, &["#[serde(flatten)]"]);
        let value = type_code(api, value, true);
        item.line(
            4,
            &[
                "pub additional_properties: std::collections::BTreeMap<String, ",
                &value,
                ">,",
            ],
        );
    }
    item.line(0, &["}"]);
    item.finish()
}

/// A field's name, after its documentation (a struct's field or a parameter).
fn field_name<'n>(
    item: &mut Item,
    rust_name: &'n str,
    doc: Option<&str>,
    wire_name: &str,
    deprecated: bool,
) -> Option<&'n str> {
    let name = ident_text(rust_name)?;
    let lines = super::models::field_doc_lines(doc, wire_name, deprecated);
    item.docs(4, lines);
    Some(name)
}

fn struct_field(item: &mut Item, api: &Api, field: &Field) -> Option<()> {
    let (doc, wire) = (field.doc.as_deref(), &field.wire_name);
    let name = field_name(item, &field.rust_name, doc, wire, field.deprecated)?;
    if naming::unraw(&field.rust_name) != field.wire_name {
        let wire = Literal::string(&field.wire_name).to_string();
        item.line(4, &["#[serde(rename = ", &wire, ")]"]);
    }
    let mut ty = type_code(api, &field.ty, true);
    if field.boxed {
        ty = format!("Box<{ty}>");
    }
    let ty = match field.wrapping {
        Wrapping::Plain => ty,
        Wrapping::Nullable => format!("Option<{ty}>"),
        Wrapping::Optional => {
            item.line(
                4,
                &[r#"#[serde(default, skip_serializing_if = "Option::is_none")]"#],
            );
            format!("Option<{ty}>")
        }
        Wrapping::OptionalNullable => {
            // Longer than the margin: prettyplease puts each argument on a line.
            item.line(4, &["#[serde("]);
            item.line(8, &["default,"]);
            item.line(8, &[r#"skip_serializing_if = "Option::is_none","#]);
            item.line(8, &[r#"with = "crate::runtime::double_option""#]);
            item.line(4, &[")]"]);
            format!("Option<Option<{ty}>>")
        }
    };
    item.line(4, &["pub ", name, ": ", &ty, ","]);
    Some(())
}

/// A type's documentation: its description, else the place it comes from.
fn type_doc_lines(def: &TypeDef) -> Vec<String> {
    docs::doc_lines_or(def.doc.as_deref(), || code(&def.pointer))
}

/// A type alias.
pub(crate) fn alias_item(api: &Api, def: &TypeDef, target: &TypeRef) -> Option<String> {
    let name = ident_text(&def.name)?;
    let mut item = Item::new();
    item.docs(0, type_doc_lines(def));
    item.line(
        0,
        &["pub type ", name, " = ", &type_code(api, target, true), ";"],
    );
    item.finish()
}

/// A newtype over another type, serialized as it.
pub(crate) fn newtype_item(api: &Api, def: &TypeDef, target: &TypeRef) -> Option<String> {
    let name = ident_text(&def.name)?;
    let mut item = Item::new();
    item.docs(0, type_doc_lines(def));
    item.line(
        0,
        &["#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]"],
    );
    item.line(0, &["#[serde(transparent)]"]);
    let target = type_code(api, target, true);
    item.line(0, &["pub struct ", name, "(pub ", &target, ");"]);
    item.finish()
}

/// The declaration of a string enum (the macro invocation after it stays tokens).
pub(crate) fn string_enum_item(def: &TypeDef, body: &EnumDef<String>) -> Option<String> {
    enum_item(
        def,
        &body.fallback,
        "#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]",
        "(String),",
        body.variants
            .iter()
            .map(|v| (v.rust_name.as_str(), enums::string_value_doc(&v.value))),
    )
}

/// The declaration of an integer enum (the macro invocation after it stays tokens).
pub(crate) fn integer_enum_item(def: &TypeDef, body: &EnumDef<i64>) -> Option<String> {
    enum_item(
        def,
        &body.fallback,
        "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]",
        "(i64),",
        body.variants
            .iter()
            .map(|v| (v.rust_name.as_str(), enums::integer_value_doc(v.value))),
    )
}

fn enum_item<'a>(
    def: &TypeDef,
    fallback: &str,
    derive: &str,
    fallback_field: &str,
    variants: impl Iterator<Item = (&'a str, String)>,
) -> Option<String> {
    let name = ident_text(&def.name)?;
    let fallback = ident_text(fallback)?;
    let mut item = Item::new();
    item.docs(0, type_doc_lines(def));
    for line in enums::FALLBACK_NOTE {
        item.line(0, &["///", line]);
    }
    item.line(0, &[derive]);
    item.line(0, &["#[non_exhaustive]"]);
    item.line(0, &["pub enum ", name, " {"]);
    for (variant, doc) in variants {
        let variant = ident_text(variant)?;
        item.docs(4, vec![doc]);
        item.line(4, &[variant, ","]);
    }
    item.line(
        4,
        &["/// A value this version of the client does not know, as received."],
    );
    item.line(4, &[fallback, fallback_field]);
    item.line(0, &["}"]);
    item.finish()
}

/// The struct of an operation's query, header and cookie parameters (see
/// `models::emit_params_struct`).
pub(crate) fn params_item(api: &Api, params: &ParamsStruct) -> Option<String> {
    let name = ident_text(&params.name)?;
    if params.fields.is_empty() {
        return None;
    }
    let mut item = Item::new();
    item.docs(0, docs::doc_lines(Some(&params.doc)));
    item.line(
        0,
        &[if params.all_optional() {
            "#[derive(Debug, Clone, PartialEq, Default)]"
        } else {
            "#[derive(Debug, Clone, PartialEq)]"
        }],
    );
    item.line(0, &["pub struct ", name, " {"]);
    for param in &params.fields {
        params_field(&mut item, api, param)?;
    }
    item.line(0, &["}"]);
    item.finish()
}

fn params_field(item: &mut Item, api: &Api, param: &Param) -> Option<()> {
    let (doc, wire) = (param.doc.as_deref(), &param.wire_name);
    let name = field_name(item, &param.rust_name, doc, wire, param.deprecated)?;
    let ty = type_code(api, &param.ty, true);
    if param.required {
        item.line(4, &["pub ", name, ": ", &ty, ","]);
    } else {
        item.line(4, &["pub ", name, ": Option<", &ty, ">,"]);
    }
    Some(())
}

/// An example's round-trip test (see `examples::emit_examples_part`), given its JSON as
/// a string literal.
pub(crate) fn example_item(api: &Api, example: &Example, literal: &str) -> Option<String> {
    let name = ident_text(&example.test_name)?;
    let mut item = Item::new();
    item.docs(0, vec![examples::example_doc(example)]);
    item.line(0, &["#[test]"]);
    item.line(0, &["fn ", name, "() {"]);
    let ty = type_code(api, &example.ty, false);
    item.line(4, &["round_trip::<", &ty, ">(", literal, ");"]);
    item.line(0, &["}"]);
    item.finish()
}

/// An operation's mock builder (see `mock::emit_builder`): its matchers and answers,
/// but for the few whose lines are long by their nature (the text and bytes answers,
/// the pages answer, the `Idempotency-Key` matcher, per-status success bodies), which
/// leave the builder to tokens.
pub(crate) fn mock_builder(
    api: &Api,
    op: &Operation,
    marker: &str,
    methods: &[(Method<'_>, String)],
) -> Option<String> {
    let marker = ident_text(marker)?;
    let mut item = Item::new();
    item.line(0, &["impl MockBuilder<'_, operations::", marker, "> {"]);
    for (method, name) in methods {
        let name = ident_text(name)?;
        match method {
            Method::Path(param) | Method::Query(param) | Method::Header(param) => {
                let (place, call) = match method {
                    Method::Path(_) => ("path parameter", "expect_path_param"),
                    Method::Query(_) => ("query parameter", "expect_query_param"),
                    _ => ("header", "expect_header_param"),
                };
                item.docs(4, vec![mock::matcher_doc(param, place)]);
                let (argument, by_reference) = argument_type_code(api, &param.ty);
                let place = if by_reference { "value" } else { "&value" };
                let value = if param.as_json {
                    format!("&runtime::json_param::JsonText({place})")
                } else {
                    place.to_owned()
                };
                let wire = Literal::string(&param.wire_name).to_string();
                let body = if let Method::Header(_) = method {
                    format!("self.{call}({wire}, {value}, {})", param.explode)
                } else {
                    let style = mock::style_keyword(param.style);
                    format!(
                        "self.{call}({wire}, {value}, \"{style}\", {})",
                        param.explode
                    )
                };
                method_lines(&mut item, name, &[("value", &argument)], "Self", &body);
            }
            Method::Body(body) => {
                item.docs(4, vec![mock::body_matcher_doc(&body.media).to_owned()]);
                let (argument, call) = match &body.media {
                    BodyMedia::Json => (
                        argument_type_code(api, &body.ty).0,
                        "self.with_json_body(value)",
                    ),
                    BodyMedia::Bytes(_) => ("&[u8]".to_owned(), "self.with_raw_body(value)"),
                    _ => ("&str".to_owned(), "self.with_raw_body(value)"),
                };
                method_lines(&mut item, name, &[("value", &argument)], "Self", call);
            }
            Method::Success => match &op.success {
                SuccessBody::Json(ty) => {
                    item.line(
                        4,
                        &["/// Answers `200` with `body`, the operation's success body, as JSON."],
                    );
                    let ty = type_code(api, ty, false);
                    let body = "self.responds_status(200, body)";
                    method_lines(&mut item, name, &[("body", &ty)], "MockHandle", body);
                }
                SuccessBody::Empty => {
                    item.line(
                        4,
                        &["/// Answers `204` with no body, the operation's success."],
                    );
                    let body = "self.responds_empty(204)";
                    method_lines(&mut item, name, &[], "MockHandle", body);
                }
                SuccessBody::Text | SuccessBody::Bytes | SuccessBody::Statuses(_) => return None,
            },
            Method::Error(status, ty) => {
                match mock::error_doc(*status) {
                    Some(doc) => item.docs(4, vec![doc]),
                    None => {
                        item.line(
                            4,
                            &["/// Answers `status` (one the API documents no other body for) with"],
                        );
                        item.line(4, &["/// `body`, the API's `default` error body."]);
                    }
                }
                let ty = type_code(api, ty, false);
                if let StatusMatch::Code(code) = status {
                    let body = format!("self.responds_status({code}, body)");
                    method_lines(&mut item, name, &[("body", &ty)], "MockHandle", &body);
                } else {
                    let body = "self.responds_status(status, body)";
                    let arguments = [("status", "u16"), ("body", ty.as_str())];
                    method_lines(&mut item, name, &arguments, "MockHandle", body);
                }
            }
            Method::Key(_) | Method::Pages(_) => return None,
        }
    }
    item.line(0, &["}"]);
    item.finish()
}

/// A method of an `impl` block taking `self` and `arguments`, whose body is one
/// expression. The signature is on one line when it fits the margin, else prettyplease
/// puts each argument on a line of its own.
fn method_lines(
    item: &mut Item,
    name: &str,
    arguments: &[(&str, &str)],
    returns: &str,
    body: &str,
) {
    let mut signature = format!("pub fn {name}(self");
    for (argument, ty) in arguments {
        signature.push_str(", ");
        signature.push_str(argument);
        signature.push_str(": ");
        signature.push_str(ty);
    }
    signature.push_str(") -> ");
    signature.push_str(returns);
    signature.push_str(" {");
    if 4 + signature.len() <= WIDTH {
        item.line(4, &[&signature]);
    } else {
        item.line(4, &["pub fn ", name, "("]);
        item.line(8, &["self,"]);
        for (argument, ty) in arguments {
            item.line(8, &[argument, ": ", ty, ","]);
        }
        item.line(4, &[") -> ", returns, " {"]);
    }
    item.line(8, &[body]);
    item.line(4, &["}"]);
}

/// How an operation's method takes an argument of this type, as written in source, and
/// whether that is a reference (see `operation::ArgumentForm`).
fn argument_type_code(api: &Api, ty: &TypeRef) -> (String, bool) {
    let form = ArgumentForm::of(ty);
    let code = match form {
        ArgumentForm::Str => "&str".to_owned(),
        ArgumentForm::ByValue => type_code(api, ty, false),
        ArgumentForm::Slice(item) => format!("&[{}]", type_code(api, item, false)),
        ArgumentForm::Reference => format!("&{}", type_code(api, ty, false)),
    };
    (code, form.is_reference())
}
