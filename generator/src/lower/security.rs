//! Security schemes and requirements -> the client's credentials. The first scheme a
//! requirement names decides (the document's requirements first, then each operation's,
//! in document order); a requirement that names an undeclared scheme is a warning and
//! is ignored.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme};

use super::Lowerer;
use crate::error::pointer;
use crate::ir::{ApiKeyLocation, Auth};

impl Lowerer<'_> {
    /// Lowers the security requirements into one client-wide authentication method.
    pub(crate) fn lower_auth(&mut self) -> Auth {
        let doc = self.doc;
        let global = doc
            .security
            .iter()
            .flatten()
            .flat_map(|requirement| requirement.keys())
            .map(|name| ("#/security".to_owned(), name));
        let per_operation = doc.paths.paths.iter().flat_map(|(path, item)| {
            let operations = match item {
                ReferenceOr::Item(item) => item.iter().collect::<Vec<_>>(),
                ReferenceOr::Reference { .. } => Vec::new(),
            };
            operations.into_iter().flat_map(move |(method, operation)| {
                let at = pointer(&pointer(&pointer("#/paths", path), method), "security");
                operation
                    .security
                    .iter()
                    .flatten()
                    .flat_map(|requirement| requirement.keys())
                    .map(move |name| (at.clone(), name))
            })
        });
        let declared = doc.components.as_ref().map(|c| &c.security_schemes);
        for (requirement_at, name) in global.chain(per_operation) {
            let Some(scheme) = declared.and_then(|schemes| schemes.get(name)) else {
                self.diagnostics.warn(
                    requirement_at,
                    format!("security requirement names `{name}`, which is not in #/components/securitySchemes: ignored"),
                );
                continue;
            };
            let at = pointer("#/components/securitySchemes", name);
            let table = self.table("securitySchemes", |c| &c.security_schemes);
            let Some((scheme, _)) = self.resolve(scheme, &at, &table) else {
                return Auth::None;
            };
            return auth_of(scheme);
        }
        Auth::None
    }
}

fn auth_of(scheme: &SecurityScheme) -> Auth {
    match scheme {
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => Auth::Basic,
        SecurityScheme::HTTP { .. }
        | SecurityScheme::OAuth2 { .. }
        | SecurityScheme::OpenIDConnect { .. } => Auth::Bearer,
        SecurityScheme::APIKey { location, name, .. } => Auth::ApiKey {
            location: match location {
                APIKeyLocation::Header => ApiKeyLocation::Header,
                APIKeyLocation::Query => ApiKeyLocation::Query,
                APIKeyLocation::Cookie => ApiKeyLocation::Cookie,
            },
            name: name.clone(),
        },
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    #[test]
    fn an_undeclared_security_scheme_is_a_warning_at_its_requirement() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /x:\n    get:\n      security: [{Missing: []}]\n      responses: {'204': {description: none}}\n";
        let doc = crate::load::load_document(text).expect("loads").document;
        let (api, warnings) = super::super::lower(&doc, &Config::new("t")).expect("lowers");
        assert_eq!(api.auth, crate::ir::Auth::None);
        assert_eq!(
            crate::render_warnings(&warnings),
            "warning: #/paths/~1x/get/security: security requirement names `Missing`, which is not in #/components/securitySchemes: ignored\n"
        );
    }
}
