//! Generating part of an API: the operations a user asks for (`only`) minus those they
//! leave out (`exclude`), each selector an `operationId`, `tag:<name>` or a path prefix
//! (`/users`), and then only the types those operations reach.

use super::{Parts, visit};
use crate::config::Config;
use crate::error::Diagnostics;
use crate::ir::TypeId;
use crate::naming;

/// Whether the configuration selects operations (then unreached types are dropped).
pub(crate) fn is_selective(config: &Config) -> bool {
    !config.only.is_empty() || !config.exclude.is_empty()
}

/// The selectors of the configuration, with whether each matched an operation.
pub(crate) struct Selection<'c> {
    only: Vec<(&'c str, bool)>,
    exclude: Vec<(&'c str, bool)>,
}

impl<'c> Selection<'c> {
    pub(crate) fn new(config: &'c Config) -> Self {
        let unused = |list: &'c [String]| list.iter().map(|s| (s.as_str(), false)).collect();
        Selection {
            only: unused(&config.only),
            exclude: unused(&config.exclude),
        }
    }

    /// Whether the operation at `path` and `method` is generated.
    pub(crate) fn selects(
        &mut self,
        path: &str,
        method: &str,
        operation: &openapiv3::Operation,
    ) -> bool {
        let mut included = self.only.is_empty();
        for (selector, used) in &mut self.only {
            if matches(selector, path, method, operation) {
                *used = true;
                included = true;
            }
        }
        let mut excluded = false;
        for (selector, used) in &mut self.exclude {
            if matches(selector, path, method, operation) {
                *used = true;
                excluded = true;
            }
        }
        included && !excluded
    }

    /// Warns about selectors that matched no operation (a typo keeps nothing).
    pub(crate) fn report_unused(&self, diagnostics: &mut Diagnostics) {
        for (setting, list) in [("only", &self.only), ("exclude", &self.exclude)] {
            for (selector, _) in list.iter().filter(|(_, used)| !used) {
                diagnostics.warn(
                    format!("[generator] {setting}"),
                    format!("selector `{selector}` matches no operation"),
                );
            }
        }
    }
}

/// Whether one selector names this operation: `tag:<name>`, a path prefix (whole
/// segments: `/users` selects `/users` and `/users/{id}`, not `/usersettings`), or an
/// `operationId` (as written, or as the method's snake-case name).
fn matches(selector: &str, path: &str, method: &str, operation: &openapiv3::Operation) -> bool {
    if let Some(tag) = selector.strip_prefix("tag:") {
        return operation.tags.iter().any(|t| t == tag);
    }
    if selector.starts_with('/') {
        let prefix = selector.trim_end_matches('/');
        return path == prefix
            || prefix.is_empty()
            || path
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with('/'));
    }
    let id = match &operation.operation_id {
        Some(id) if !id.trim().is_empty() => id.clone(),
        _ => format!("{method} {path}"),
    };
    id == selector || naming::snake_name(&id) == naming::snake_name(selector)
}

/// Drops every type the operations do not reach (through their arguments, bodies and
/// responses, documented error bodies included, and the types those hold).
pub(crate) fn keep_reachable_types(parts: &mut Parts) {
    let mut reached = vec![false; parts.types.defs.len()];
    let mut stack: Vec<TypeId> = Vec::new();
    for operation in &parts.operations {
        visit::types_of_operation(operation, &mut |id| stack.push(id));
    }
    for errors in &parts.pending_errors {
        for error in errors {
            error.ty.for_each_named(&mut |id| stack.push(id));
        }
    }
    visit::walk_types(parts, &mut stack, &mut |id| {
        !std::mem::replace(&mut reached[id.0], true)
    });
    visit::retain_types(parts, &reached);
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::ir::Api;

    const DOCUMENT: &str = r#"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /users:
    get:
      operationId: listUsers
      tags: [Users]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/UserList'}}}}
  /users/{id}:
    get:
      operationId: getUser
      tags: [Users]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/User'}}}}
  /usersettings:
    get:
      operationId: getSettings
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Settings'}}}}
  /invoices:
    get:
      operationId: listInvoices
      tags: [Billing]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Invoice'}}}}
components:
  schemas:
    User: {type: object, properties: {id: {type: string}, role: {$ref: '#/components/schemas/Role'}}}
    Role: {type: string, enum: [admin, viewer]}
    UserList: {type: object, properties: {items: {type: array, items: {$ref: '#/components/schemas/User'}}}}
    Settings: {type: object, properties: {theme: {type: string}}}
    Invoice: {type: object, properties: {total: {type: number}}}
"#;

    fn lower(only: &[&str], exclude: &[&str]) -> (Api, Vec<crate::Diagnostic>) {
        let loaded = crate::load::load_document(DOCUMENT).expect("loads");
        let mut config = Config::new("t");
        config.only = only.iter().map(|s| (*s).to_owned()).collect();
        config.exclude = exclude.iter().map(|s| (*s).to_owned()).collect();
        super::super::lower(&loaded, &config).expect("lowers")
    }

    fn operations(api: &Api) -> Vec<&str> {
        api.operations
            .iter()
            .map(|o| o.rust_name.as_str())
            .collect()
    }

    fn types(api: &Api) -> Vec<&str> {
        api.types.iter().map(|t| t.name.as_str()).collect()
    }

    #[test]
    fn without_a_selection_everything_is_generated() {
        let (api, warnings) = lower(&[], &[]);
        assert_eq!(operations(&api).len(), 4);
        assert_eq!(
            types(&api),
            ["User", "Role", "UserList", "Settings", "Invoice"]
        );
        assert!(warnings.is_empty());
    }

    #[test]
    fn selectors_name_operations_by_id_tag_and_path_prefix() {
        let (api, _) = lower(&["getUser"], &[]);
        assert_eq!(operations(&api), ["get_user"]);
        assert_eq!(
            types(&api),
            ["User", "Role"],
            "only the types the operation reaches"
        );
        let (api, _) = lower(&["tag:Users"], &[]);
        assert_eq!(operations(&api), ["list_users", "get_user"]);
        // Whole path segments: `/users` is not a prefix of `/usersettings`.
        let (api, _) = lower(&["/users"], &[]);
        assert_eq!(operations(&api), ["list_users", "get_user"]);
        let (api, _) = lower(&["list_invoices", "/usersettings"], &[]);
        assert_eq!(operations(&api), ["get_settings", "list_invoices"]);
        assert_eq!(types(&api), ["Settings", "Invoice"]);
    }

    #[test]
    fn exclude_applies_after_only_and_unused_selectors_are_warned_about() {
        let (api, warnings) = lower(&["tag:Users"], &["getUser", "tag:Nothing"]);
        assert_eq!(operations(&api), ["list_users"]);
        assert_eq!(
            crate::render_warnings(&warnings),
            "warning: [generator] exclude: selector `tag:Nothing` matches no operation\n"
        );
        let (api, _) = lower(&[], &["/invoices"]);
        assert_eq!(operations(&api).len(), 3);
        assert!(!types(&api).contains(&"Invoice"));
    }
}
