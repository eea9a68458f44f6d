//! `$ref` resolution: `#/components/<kind>/<name>` references, followed through chains,
//! with dangling, external and cyclic references reported at the referring element.

use indexmap::IndexMap;
use openapiv3::{Components, ReferenceOr};

use super::Lowerer;
use crate::error::pointer;

/// How many `$ref` hops a chain may take before it is called a cycle.
const MAX_REF_HOPS: usize = 64;

/// The component name a local reference of `kind` points to, or a reason why not.
pub(crate) fn component_name(reference: &str, kind: &str) -> Result<String, String> {
    let Some(local) = reference.strip_prefix('#') else {
        return Err(format!(
            "external reference `{reference}` is not supported; bundle the document into one file first"
        ));
    };
    let prefix = format!("/components/{kind}/");
    let Some(escaped) = local.strip_prefix(prefix.as_str()) else {
        return Err(format!(
            "reference `{reference}` must point into #/components/{kind}/"
        ));
    };
    if escaped.is_empty() || escaped.contains('/') {
        return Err(format!(
            "reference `{reference}` does not name one component"
        ));
    }
    Ok(percent_decode(
        &escaped.replace("~1", "/").replace("~0", "~"),
    ))
}

/// Decodes `%XX` escapes (references are URIs); malformed escapes are kept as written.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' && index + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).ok();
            if let Some(value) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(value);
                index += 3;
                continue;
            }
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Follows `item` through references into `#/components/<kind>`, returning the item and
/// the pointer where it is defined. Reports a located diagnostic and returns `None` for a
/// dangling, external or cyclic reference.
pub(crate) fn resolve<'d, T>(
    lowerer: &mut Lowerer<'d>,
    item: &'d ReferenceOr<T>,
    at: &str,
    kind: &str,
    table: fn(&'d Components) -> &'d IndexMap<String, ReferenceOr<T>>,
) -> Option<(&'d T, String)> {
    let mut current = item;
    let mut current_pointer = at.to_owned();
    for _ in 0..MAX_REF_HOPS {
        match current {
            ReferenceOr::Item(value) => return Some((value, current_pointer)),
            ReferenceOr::Reference { reference } => {
                let name = match component_name(reference, kind) {
                    Ok(name) => name,
                    Err(message) => {
                        lowerer
                            .diagnostics
                            .push(pointer(&current_pointer, "$ref"), message);
                        return None;
                    }
                };
                let target = lowerer
                    .doc
                    .components
                    .as_ref()
                    .and_then(|c| table(c).get(&name));
                let Some(target) = target else {
                    lowerer.diagnostics.push(
                        pointer(&current_pointer, "$ref"),
                        format!("reference `{reference}` points to nothing: there is no #/components/{kind}/{name}"),
                    );
                    return None;
                };
                current_pointer = pointer(&format!("#/components/{kind}"), &name);
                current = target;
            }
        }
    }
    lowerer.diagnostics.push(
        at.to_owned(),
        format!("reference chain longer than {MAX_REF_HOPS} hops: the references form a cycle"),
    );
    None
}

macro_rules! resolver {
    ($fn_name:ident, $ty:ty, $kind:literal, $field:ident) => {
        /// Resolves a reference into the matching components table.
        pub(crate) fn $fn_name<'d>(
            lowerer: &mut Lowerer<'d>,
            item: &'d ReferenceOr<$ty>,
            at: &str,
        ) -> Option<(&'d $ty, String)> {
            resolve(lowerer, item, at, $kind, |c| &c.$field)
        }
    };
}

resolver!(
    resolve_parameter,
    openapiv3::Parameter,
    "parameters",
    parameters
);
resolver!(
    resolve_response,
    openapiv3::Response,
    "responses",
    responses
);
resolver!(
    resolve_request_body,
    openapiv3::RequestBody,
    "requestBodies",
    request_bodies
);
resolver!(
    resolve_security_scheme,
    openapiv3::SecurityScheme,
    "securitySchemes",
    security_schemes
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_component_references() {
        assert_eq!(
            component_name("#/components/schemas/User", "schemas"),
            Ok("User".to_owned())
        );
        assert_eq!(
            component_name("#/components/schemas/a~1b%20c", "schemas"),
            Ok("a/b c".to_owned())
        );
        assert!(component_name("other.yaml#/components/schemas/User", "schemas").is_err());
        assert!(component_name("#/definitions/User", "schemas").is_err());
        assert_eq!(percent_decode("%4"), "%4");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
