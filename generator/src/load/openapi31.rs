//! OpenAPI 3.1 -> OpenAPI 3.0, on the document as JSON: JSON Schema 2020-12 keywords
//! (`type` arrays with `"null"`, `const`, `examples`, numeric exclusive bounds, `$ref`
//! with siblings, `$defs`, `prefixItems`, ...) and the document-level additions
//! (`webhooks`, `jsonSchemaDialect`, `components/pathItems`, `info.summary`,
//! `license.identifier`).

use serde_json::Value;

use crate::error::{Diagnostics, Error};

/// Lowers an OpenAPI 3.1 document to 3.0; what has no exact 3.0 form is lowered as
/// closely as it can be, with a warning.
pub(crate) fn normalize(document: Value, diagnostics: &mut Diagnostics) -> Result<Value, Error> {
    let _ = (document, diagnostics);
    Err(Error::UnsupportedVersion {
        pointer: "#/openapi".to_owned(),
        message: "OpenAPI 3.1 documents are not lowered to 3.0 yet".to_owned(),
    })
}
