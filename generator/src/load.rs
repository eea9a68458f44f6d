//! Load stage: YAML or JSON text -> `openapiv3::OpenAPI`, with syntax errors located by
//! line and column, structural errors by JSON pointer, and the version checked.

use serde::Deserialize;

use crate::error::{Error, pointer};

/// Parses an OpenAPI 3.0.x document from YAML or JSON text.
///
/// JSON is recognised by its first non-blank character being `{`; anything else is
/// read as YAML (which is also a superset of JSON).
pub fn load_document(text: &str) -> Result<openapiv3::OpenAPI, Error> {
    let is_json = text.trim_start().starts_with('{');
    let parsed = if is_json {
        let mut de = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&mut de)
            .map_err(|e| (json_pointer(e.path()), e.into_inner().to_string()))
    } else {
        let de = serde_yaml::Deserializer::from_str(text);
        serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(de)
            .map_err(|e| (json_pointer(e.path()), e.into_inner().to_string()))
    };
    match parsed {
        Ok(document) => {
            check_version(Some(&document.openapi), None)?;
            Ok(document)
        }
        Err((location, message)) => {
            // Tell apart text that is not YAML/JSON at all, a document of another
            // version, and an OpenAPI 3.0 document with a wrong shape.
            let probe = probe_version(text, is_json)?;
            check_version(probe.openapi.as_deref(), probe.swagger.as_deref())?;
            Err(Error::Shape {
                pointer: location,
                message: strip_location_suffix(&message),
            })
        }
    }
}

/// The two fields that say which specification a document follows.
#[derive(Deserialize)]
struct VersionProbe {
    #[serde(default, deserialize_with = "lenient_string")]
    openapi: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    swagger: Option<String>,
}

/// Accepts a version written as a string or as a YAML number (`openapi: 3.0`).
fn lenient_string<'de, D: serde::Deserializer<'de>>(de: D) -> Result<Option<String>, D::Error> {
    let value = serde_json::Value::deserialize(de)?;
    Ok(match value {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    })
}

fn probe_version(text: &str, is_json: bool) -> Result<VersionProbe, Error> {
    if is_json {
        serde_json::from_str::<VersionProbe>(text).map_err(|e| syntax_or_shape_json(&e))
    } else {
        serde_yaml::from_str::<VersionProbe>(text).map_err(|e| syntax_or_shape_yaml(&e))
    }
}

fn syntax_or_shape_json(e: &serde_json::Error) -> Error {
    if e.is_syntax() || e.is_eof() {
        Error::Syntax {
            format: "JSON",
            line: e.line(),
            column: e.column(),
            message: strip_location_suffix(&e.to_string()),
        }
    } else {
        Error::Shape {
            pointer: "#".to_owned(),
            message: format!("the document must be a JSON object ({e})"),
        }
    }
}

fn syntax_or_shape_yaml(e: &serde_yaml::Error) -> Error {
    let message = strip_location_suffix(&e.to_string());
    match e.location() {
        Some(location) if !message.starts_with("invalid type") => Error::Syntax {
            format: "YAML",
            line: location.line(),
            column: location.column(),
            message,
        },
        _ => Error::Shape {
            pointer: "#".to_owned(),
            message: format!("the document must be a YAML mapping ({message})"),
        },
    }
}

/// Accepts `3.0.x` only; names 2.0 and 3.1 documents as such.
fn check_version(openapi: Option<&str>, swagger: Option<&str>) -> Result<(), Error> {
    match (openapi, swagger) {
        (Some(version), _) if version.starts_with("3.0") => Ok(()),
        (Some(version), _) if version.starts_with("3.1") => Err(Error::UnsupportedVersion {
            pointer: "#/openapi".to_owned(),
            message: format!(
                "this is an OpenAPI {version} document; only OpenAPI 3.0.x is supported (3.1 uses JSON Schema 2020-12 and needs a different loader)"
            ),
        }),
        (Some(version), _) => Err(Error::UnsupportedVersion {
            pointer: "#/openapi".to_owned(),
            message: format!(
                "unsupported OpenAPI version `{version}`; only OpenAPI 3.0.x is supported"
            ),
        }),
        (None, Some(version)) => Err(Error::UnsupportedVersion {
            pointer: "#/swagger".to_owned(),
            message: format!(
                "this is a Swagger/OpenAPI {version} document; only OpenAPI 3.0.x is supported (convert it to 3.0 first)"
            ),
        }),
        (None, None) => Err(Error::UnsupportedVersion {
            pointer: "#".to_owned(),
            message: "no `openapi` field: not an OpenAPI document (expected `openapi: 3.0.x`)"
                .to_owned(),
        }),
    }
}

/// Turns serde's path into a JSON pointer.
fn json_pointer(path: &serde_path_to_error::Path) -> String {
    let mut out = String::from("#");
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Map { key } => out = pointer(&out, key),
            serde_path_to_error::Segment::Seq { index } => out = pointer(&out, &index.to_string()),
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
        }
    }
    out
}

/// The parsers write " at line X column Y" into their messages (serde_yaml even twice);
/// the location is reported separately, so drop every such phrase from the message.
fn strip_location_suffix(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(index) = rest.find(" at line ") {
        out.push_str(&rest[..index]);
        let after =
            rest[index + " at line ".len()..].trim_start_matches(|c: char| c.is_ascii_digit());
        let after = after.strip_prefix(',').unwrap_or(after);
        rest = match after.strip_prefix(" column ") {
            Some(column) => column.trim_start_matches(|c: char| c.is_ascii_digit()),
            None => after,
        };
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::strip_location_suffix;

    #[test]
    fn locations_are_dropped_from_parser_messages() {
        assert_eq!(
            strip_location_suffix(
                "did not find ']' at line 4 column 10, while parsing at line 3 column 9"
            ),
            "did not find ']', while parsing"
        );
        assert_eq!(
            strip_location_suffix("key must be a string at line 4 column 13"),
            "key must be a string"
        );
        assert_eq!(strip_location_suffix("no location"), "no location");
    }
}
