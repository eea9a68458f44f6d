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
    while let Some(id) = stack.pop() {
        match reached.get_mut(id.0) {
            Some(seen) if !*seen => *seen = true,
            _ => continue,
        }
        if let Some(def) = parts.types.get(id) {
            def.kind.for_each_ref(&mut |ty| {
                ty.for_each_named(&mut |id| stack.push(id));
            });
        }
    }
    visit::retain_types(parts, &reached);
}
