//! How the generated crate's mock (cargo feature `mock`) serves each operation: the names
//! it adds (the `Operation` variant and marker type, the `MockServer` method, the
//! builder's matchers and answers) and which matchers and answers an operation's builder
//! has. The names are claimed in namespaces that reserve the runtime's own method names,
//! so no operation or parameter can take one of them.

use crate::ir::{
    BodyMedia, ErrorBodyVariant, MockMethod, MockMethodKind, MockPlan, Operation, ParamLocation,
    RetryRule, StatusMatch,
};
use crate::naming::{self, Namespace};
use crate::runtime::reserved_mock_methods;

/// Plans the mock of every operation kept, names claimed in document order.
pub(super) fn plan_mocks(operations: &mut [Operation], error_bodies: &[ErrorBodyVariant]) {
    let mut server_methods = names_beside("MockServer");
    let mut variants = Namespace::default();
    for op in operations {
        op.mock = MockPlan {
            variant: variants.claim(&naming::variant_name(naming::unraw(&op.rust_name))),
            server_method: server_methods.claim(&op.rust_name),
            methods: builder_methods(op, error_bodies),
        };
    }
}

/// A namespace holding the methods the runtime gives its mock type `type_name`.
fn names_beside(type_name: &str) -> Namespace {
    let reserved = reserved_mock_methods(type_name);
    let reserved: Vec<&str> = reserved.iter().map(String::as_str).collect();
    Namespace::with_reserved(&reserved)
}

/// The methods of an operation's builder, each with the name it claimed, in order:
/// matchers of the path, query and header parameters (cookies are matched with
/// `matching`, on the `Cookie` header) and of the body, then the answers.
fn builder_methods(op: &Operation, error_bodies: &[ErrorBodyVariant]) -> Vec<MockMethod> {
    let mut names = names_beside("MockBuilder");
    let mut methods = Vec::new();
    let mut push = |name: &str, kind| {
        let name = names.claim(name);
        methods.push(MockMethod { name, kind });
    };
    for (index, param) in op.path_params.iter().enumerate() {
        let name = format!("with_{}", naming::unraw(&param.rust_name));
        push(&name, MockMethodKind::Path(index));
    }
    let fields = op.params.iter().flat_map(|p| p.fields.iter().enumerate());
    for (index, field) in fields {
        let kind = match field.location {
            ParamLocation::Query => MockMethodKind::Query(index),
            ParamLocation::Header
                if op.retry == RetryRule::IdempotencyKey(index) && !field.required =>
            {
                MockMethodKind::Key(index)
            }
            ParamLocation::Header => MockMethodKind::Header(index),
            ParamLocation::Cookie | ParamLocation::Path => continue,
        };
        push(&format!("with_{}", naming::unraw(&field.rust_name)), kind);
    }
    if op.body.as_ref().is_some_and(|body| is_matched(&body.media)) {
        push("with_body", MockMethodKind::Body);
    }
    push("responds_ok", MockMethodKind::Success);
    if op.pagination.is_some() && op.params.is_some() {
        push("responds_pages", MockMethodKind::Pages);
    }
    for (index, response) in op.error_responses.iter().enumerate() {
        if error_bodies.get(response.body.0).is_none() {
            continue;
        }
        let name = match response.status {
            StatusMatch::Code(status) => format!("responds_{status}"),
            StatusMatch::Range(class) => format!("responds_{class}xx"),
            StatusMatch::Default => "responds_default".to_owned(),
        };
        push(&name, MockMethodKind::Error(index));
    }
    methods
}

/// Whether the mock can match a body of this media: JSON (as JSON values), text and
/// bytes (exactly), form bodies (as the client writes them) and typed multipart bodies
/// (part by part); not a raw multipart form.
fn is_matched(media: &BodyMedia) -> bool {
    !matches!(media, BodyMedia::Multipart(None))
}
