//! Lowered operations -> their client behaviour: which may be retried (idempotent methods,
//! or an `Idempotency-Key` header) and which are cursor-paginated lists (detected from the
//! shapes, or marked with the `x-pagination` extension).
//!
//! The cursor pattern detected without a mark: a GET whose query has an optional string
//! `after`, answering a JSON object with an array `items` and an object `pagination` whose
//! `after` is a string. The extension names the pieces explicitly, or turns detection off:
//!
//! ```yaml
//! x-pagination:
//!   cursor-param: after          # query parameter that takes the cursor
//!   items: items                 # field of the response holding the page's items
//!   next-cursor: pagination.after  # dotted path to the next cursor; null/absent ends
//! x-pagination: false            # never paginate this operation
//! ```

use openapiv3::ReferenceOr;

use super::Lowerer;
use crate::error::pointer;
use crate::ir::{
    FieldStep, Method, Operation, Pagination, RetryRule, SuccessBody, TypeKind, TypeRef, Wrapping,
};

/// The extension that marks (or unmarks) a cursor-paginated list operation.
pub const PAGINATION_EXTENSION: &str = "x-pagination";

/// The header whose presence makes a POST or PATCH safe to send again.
const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

/// What the document says about pagination for one operation.
enum Mark {
    /// No extension: detect the default pattern.
    Detect,
    /// `x-pagination: false`.
    Off,
    /// `x-pagination: {...}`: these names, required to fit.
    Explicit {
        cursor_param: String,
        items: String,
        next_cursor: String,
    },
}

/// Sets `retry` and `pagination` on every operation.
pub(crate) fn annotate_operations(
    lowerer: &mut Lowerer<'_>,
    mut operations: Vec<Operation>,
) -> Vec<Operation> {
    for operation in &mut operations {
        operation.retry = retry_rule(operation);
        let (mark, at) = pagination_mark(lowerer, operation);
        operation.pagination = match mark {
            Mark::Off => None,
            Mark::Detect if operation.method == Method::Get => {
                pagination_of(lowerer, operation, "after", "items", "pagination.after")
            }
            Mark::Detect => None,
            Mark::Explicit {
                cursor_param,
                items,
                next_cursor,
            } => {
                let found = pagination_of(lowerer, operation, &cursor_param, &items, &next_cursor);
                if found.is_none() {
                    lowerer.diagnostics.push(
                        at,
                        format!(
                            "`{PAGINATION_EXTENSION}` does not fit the operation: it needs an optional string query parameter `{cursor_param}`, and a JSON object response with an array field `{items}` and a string at `{next_cursor}`"
                        ),
                    );
                }
                found
            }
        };
    }
    operations
}

fn retry_rule(operation: &Operation) -> RetryRule {
    match operation.method {
        Method::Get | Method::Head | Method::Put | Method::Delete | Method::Options => {
            RetryRule::Idempotent
        }
        Method::Post | Method::Patch | Method::Trace => operation
            .header_params
            .iter()
            .position(|p| {
                p.wire_name.eq_ignore_ascii_case(IDEMPOTENCY_KEY_HEADER) && p.ty == TypeRef::String
            })
            .map_or(RetryRule::Never, RetryRule::IdempotencyKey),
    }
}

/// Reads `x-pagination` of the document's operation behind `operation`, with its pointer.
fn pagination_mark(lowerer: &mut Lowerer<'_>, operation: &Operation) -> (Mark, String) {
    let method = operation.method.as_str().to_ascii_lowercase();
    let at = pointer(
        &pointer(
            &pointer("#/paths", &operation.path_template),
            method.as_str(),
        ),
        PAGINATION_EXTENSION,
    );
    let Some(ReferenceOr::Item(item)) = lowerer.doc.paths.paths.get(&operation.path_template)
    else {
        return (Mark::Detect, at);
    };
    let Some((_, doc_operation)) = item.iter().find(|(key, _)| *key == method) else {
        return (Mark::Detect, at);
    };
    let Some(value) = doc_operation.extensions.get(PAGINATION_EXTENSION) else {
        return (Mark::Detect, at);
    };
    if value == &serde_json::Value::Bool(false) {
        return (Mark::Off, at);
    }
    let text = |key: &str, default: &str| -> Option<String> {
        match value.get(key) {
            None => Some(default.to_owned()),
            Some(serde_json::Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(_) => None,
        }
    };
    match (
        value.is_object(),
        text("cursor-param", "after"),
        text("items", "items"),
        text("next-cursor", "pagination.after"),
    ) {
        (true, Some(cursor_param), Some(items), Some(next_cursor)) => (
            Mark::Explicit {
                cursor_param,
                items,
                next_cursor,
            },
            at,
        ),
        _ => {
            lowerer.diagnostics.push(
                at.clone(),
                format!(
                    "`{PAGINATION_EXTENSION}` must be `false` or an object with string fields `cursor-param`, `items` and `next-cursor`"
                ),
            );
            (Mark::Off, at)
        }
    }
}

/// The pagination of `operation` with these wire names, if its shapes fit.
fn pagination_of(
    lowerer: &Lowerer<'_>,
    operation: &Operation,
    cursor_param: &str,
    items: &str,
    next_cursor: &str,
) -> Option<Pagination> {
    operation.params_struct.as_ref()?;
    let cursor = operation
        .query_params
        .iter()
        .find(|p| p.wire_name == cursor_param)?;
    if cursor.required || cursor.ty != TypeRef::String {
        return None;
    }
    let SuccessBody::Json(page_type) = &operation.success else {
        return None;
    };
    let (items_step, items_ty) = field_step(lowerer, page_type, items)?;
    let TypeRef::Vec(item_type) = items_ty else {
        return None;
    };
    let mut next_steps = Vec::new();
    let mut current = page_type.clone();
    for segment in next_cursor.split('.') {
        let (step, ty) = field_step(lowerer, &current, segment)?;
        next_steps.push(step);
        current = ty;
    }
    if current != TypeRef::String || next_steps.is_empty() {
        return None;
    }
    Some(Pagination {
        cursor_field: cursor.rust_name.clone(),
        page_type: page_type.clone(),
        items: items_step,
        item_type: *item_type,
        next_cursor: next_steps,
    })
}

/// The field with wire name `wire` of the struct `ty`, and its value type.
fn field_step(lowerer: &Lowerer<'_>, ty: &TypeRef, wire: &str) -> Option<(FieldStep, TypeRef)> {
    let TypeRef::Named(name) = ty else {
        return None;
    };
    let mut definition = lowerer.types.iter().find(|t| &t.name == name)?;
    // Follow aliases (`pub type Page = OtherPage;`) to the struct.
    for _ in 0..16 {
        match &definition.kind {
            TypeKind::Alias(TypeRef::Named(target)) => {
                definition = lowerer.types.iter().find(|t| &t.name == target)?;
            }
            _ => break,
        }
    }
    let TypeKind::Struct { fields, .. } = &definition.kind else {
        return None;
    };
    let field = fields.iter().find(|f| f.wire_name == wire)?;
    let wrapping = match (field.required, field.nullable) {
        (true, false) => Wrapping::Plain,
        (false, true) => Wrapping::DoubleOption,
        _ => Wrapping::Option,
    };
    Some((
        FieldStep {
            rust_name: field.rust_name.clone(),
            wrapping,
        },
        field.ty.clone(),
    ))
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::ir::{Api, Operation, RetryRule, Wrapping};

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Things, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: after, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200':
          description: a page
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ThingPage'}
    post:
      operationId: createThing
      responses:
        '201': {description: made}
  /orders:
    post:
      operationId: createOrder
      parameters:
        - {name: Idempotency-Key, in: header, schema: {type: string}}
      responses:
        '201': {description: made}
    patch:
      operationId: patchOrders
      responses:
        '200': {description: patched}
    get:
      operationId: listOrders
      x-pagination: false
      parameters:
        - {name: after, in: query, schema: {type: string}}
      responses:
        '200':
          description: a page
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ThingPage'}
  /feed:
    get:
      operationId: readFeed
      x-pagination: {cursor-param: next, items: entries, next-cursor: meta.next}
      parameters:
        - {name: next, in: query, schema: {type: string}}
      responses:
        '200':
          description: a page
          content:
            application/json:
              schema:
                type: object
                required: [entries]
                properties:
                  entries: {type: array, items: {type: string}}
                  meta:
                    type: object
                    properties:
                      next: {type: string}
components:
  schemas:
    ThingPage:
      type: object
      required: [items, pagination]
      properties:
        items: {type: array, items: {type: string}}
        pagination:
          type: object
          properties:
            after: {type: string, nullable: true}
"#;

    fn lower(text: &str) -> Result<Api, crate::Error> {
        let loaded = crate::load::load_document(text)?;
        crate::lower::lower(&loaded.document, &Config::new("things")).map(|(api, _)| api)
    }

    fn operation<'a>(api: &'a Api, name: &str) -> &'a Operation {
        let found = api.operations.iter().find(|op| op.rust_name == name);
        found.unwrap_or_else(|| panic!("no operation {name}"))
    }

    #[test]
    fn only_idempotent_methods_or_idempotency_keys_are_retried() {
        let api = lower(SPEC).unwrap();
        assert_eq!(operation(&api, "list_things").retry, RetryRule::Idempotent);
        assert_eq!(operation(&api, "create_thing").retry, RetryRule::Never);
        assert_eq!(operation(&api, "patch_orders").retry, RetryRule::Never);
        assert_eq!(
            operation(&api, "create_order").retry,
            RetryRule::IdempotencyKey(0)
        );
    }

    #[test]
    fn the_cursor_pattern_is_detected_and_the_extension_is_honoured() {
        let api = lower(SPEC).unwrap();
        let detected = operation(&api, "list_things").pagination.as_ref().unwrap();
        assert_eq!(detected.cursor_field, "after");
        assert_eq!(detected.items.rust_name, "items");
        let steps: Vec<_> = detected
            .next_cursor
            .iter()
            .map(|s| (s.rust_name.as_str(), s.wrapping))
            .collect();
        assert_eq!(
            steps,
            [
                ("pagination", Wrapping::Plain),
                ("after", Wrapping::DoubleOption)
            ]
        );
        assert!(operation(&api, "list_orders").pagination.is_none());
        let explicit = operation(&api, "read_feed").pagination.as_ref().unwrap();
        assert_eq!(explicit.cursor_field, "next");
        assert_eq!(explicit.items.rust_name, "entries");
        assert_eq!(explicit.next_cursor.len(), 2);
    }

    #[test]
    fn an_extension_that_does_not_fit_is_a_located_error() {
        let text = SPEC.replace("next-cursor: meta.next", "next-cursor: meta.missing");
        let error = lower(&text).unwrap_err();
        let pointers: Vec<_> = error
            .diagnostics()
            .iter()
            .map(|d| d.pointer.clone())
            .collect();
        assert_eq!(pointers, ["#/paths/~1feed/get/x-pagination"]);
    }

    #[test]
    fn the_generated_client_has_streams_and_keeps_post_unretried() {
        let files = crate::generate_from_text(SPEC, &Config::new("things"))
            .unwrap()
            .files;
        let client = &files
            .iter()
            .find(|f| f.path == "src/client.rs")
            .unwrap()
            .contents;
        assert!(client.contains("pub fn list_things_stream("));
        assert!(client.contains("pub fn read_feed_pages("));
        assert!(!client.contains("pub fn list_orders_stream("));
        let create = client
            .split("pub async fn create_thing_with(")
            .nth(1)
            .unwrap();
        let create = create.split("pub async fn").next().unwrap();
        assert!(create.contains("retryable: false"), "{create}");
        let order = client
            .split("pub async fn create_order_with(")
            .nth(1)
            .unwrap();
        let order = order.split("pub async fn").next().unwrap();
        assert!(order.contains("retryable: true"), "{order}");
        assert!(order.contains("runtime::idempotency_key()"), "{order}");
        let manifest = &files
            .iter()
            .find(|f| f.path == "Cargo.toml")
            .unwrap()
            .contents;
        assert!(manifest.contains("futures-util"));
        assert!(manifest.contains("tracing = [\"dep:tracing\"]"));
    }
}
