//! Cursor pagination: which list operations the client can walk page by page, detected
//! from their shapes or marked with the `x-pagination` extension.
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
//!
//! The page walker sends the operation again with only the cursor changed, so an
//! operation with path parameters or a body is not walked; a mark on one is a warning.

use super::Lowerer;
use crate::error::pointer;
use crate::ir::{
    FieldStep, Method, Operation, Pagination, ParamLocation, StructDef, SuccessBody, TypeKind,
    TypeRef,
};

/// The extension that marks (or unmarks) a cursor-paginated list operation.
pub const PAGINATION_EXTENSION: &str = "x-pagination";

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

impl Lowerer<'_> {
    /// How the client walks the pages of `operation`, if it can.
    pub(crate) fn lower_pagination(
        &mut self,
        source: &openapiv3::Operation,
        operation: &Operation,
        at: &str,
    ) -> Option<Pagination> {
        let at = pointer(at, PAGINATION_EXTENSION);
        let walkable = operation.path_params.is_empty() && operation.body.is_none();
        match self.pagination_mark(source, &at) {
            Mark::Off => None,
            Mark::Detect if operation.method == Method::Get && walkable => {
                self.pagination_of(operation, "after", "items", "pagination.after")
            }
            Mark::Detect => None,
            Mark::Explicit { .. } if !walkable => {
                self.diagnostics.warn(
                    at,
                    format!("`{PAGINATION_EXTENSION}` is ignored: the client walks pages by sending the operation again with a new cursor, which it cannot do for an operation with path parameters or a body"),
                );
                None
            }
            Mark::Explicit {
                cursor_param,
                items,
                next_cursor,
            } => {
                let found = self.pagination_of(operation, &cursor_param, &items, &next_cursor);
                if found.is_none() {
                    self.diagnostics.warn(
                        at,
                        format!(
                            "`{PAGINATION_EXTENSION}` does not fit the operation and is ignored: it needs an optional string query parameter `{cursor_param}`, and a JSON object response with an array field `{items}` and a string at `{next_cursor}`"
                        ),
                    );
                }
                found
            }
        }
    }

    /// Reads `x-pagination` of an operation.
    fn pagination_mark(&mut self, source: &openapiv3::Operation, at: &str) -> Mark {
        let Some(value) = source.extensions.get(PAGINATION_EXTENSION) else {
            return Mark::Detect;
        };
        if value == &serde_json::Value::Bool(false) {
            return Mark::Off;
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
            (true, Some(cursor_param), Some(items), Some(next_cursor)) => Mark::Explicit {
                cursor_param,
                items,
                next_cursor,
            },
            _ => {
                self.diagnostics.warn(
                    at.to_owned(),
                    format!(
                        "`{PAGINATION_EXTENSION}` must be `false` or an object with string fields `cursor-param`, `items` and `next-cursor`: ignored"
                    ),
                );
                Mark::Off
            }
        }
    }

    /// The pagination of `operation` with these wire names, if its shapes fit.
    fn pagination_of(
        &self,
        operation: &Operation,
        cursor_param: &str,
        items: &str,
        next_cursor: &str,
    ) -> Option<Pagination> {
        let cursor = operation
            .params
            .as_ref()?
            .fields
            .iter()
            .find(|p| p.location == ParamLocation::Query && p.wire_name == cursor_param)?;
        if cursor.required || cursor.ty != TypeRef::String {
            return None;
        }
        let SuccessBody::Json(page_type) = &operation.success else {
            return None;
        };
        let (items_step, items_ty) = self.field_step(page_type, items)?;
        let TypeRef::Vec(item_type) = items_ty else {
            return None;
        };
        let mut next_steps = Vec::new();
        let mut current = page_type.clone();
        for segment in next_cursor.split('.') {
            let (step, ty) = self.field_step(&current, segment)?;
            next_steps.push(step);
            current = ty;
        }
        if current != TypeRef::String || next_steps.is_empty() {
            return None;
        }
        Some(Pagination {
            cursor_field: cursor.rust_name.clone(),
            cursor_wire: cursor.wire_name.clone(),
            page_type: page_type.clone(),
            items: items_step,
            item_type: *item_type,
            next_cursor: next_steps,
        })
    }

    /// The field with wire name `wire` of the struct `ty` (through aliases), and its
    /// value type.
    fn field_step(&self, ty: &TypeRef, wire: &str) -> Option<(FieldStep, TypeRef)> {
        let mut current = ty.clone();
        for _ in 0..super::refs::MAX_REF_HOPS {
            let TypeRef::Named(id) = current else {
                return None;
            };
            match &self.types.get(id)?.kind {
                TypeKind::Alias(target) => current = target.clone(),
                TypeKind::Struct(StructDef { fields, .. }) => {
                    let field = fields.iter().find(|f| f.wire_name == wire)?;
                    let step = FieldStep {
                        rust_name: field.rust_name.clone(),
                        wrapping: field.wrapping,
                    };
                    return Some((step, field.ty.clone()));
                }
                _ => return None,
            }
        }
        None
    }
}
