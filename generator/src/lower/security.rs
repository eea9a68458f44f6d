//! Security schemes and requirements -> the client's credentials and what each operation
//! sends. When the requirements (the document's, then each operation's, in document
//! order) name one declared scheme, the client holds that one credential; when they name
//! several, it holds one per scheme and every operation lists the alternatives it
//! accepts. A requirement that names an undeclared scheme is a warning and is ignored.

use openapiv3::{APIKeyLocation, SecurityRequirement, SecurityScheme};

use super::Lowerer;
use crate::error::pointer;
use crate::ir::{ApiKeyLocation, Auth, SchemeKind};
use crate::naming::{self, Namespace};

impl Lowerer<'_> {
    /// Lowers the security requirements into the client's credentials: one method for
    /// the whole client, or one credential per scheme (see the module's comment).
    pub(crate) fn lower_auth(&mut self) -> Auth {
        let doc = self.doc;
        let global = doc
            .security
            .iter()
            .flatten()
            .flat_map(|requirement| requirement.keys())
            .map(|name| ("#/security".to_owned(), name));
        // The schemes operations name, each path item read in turn.
        let mut per_operation = Vec::new();
        for (path, item) in self.paths.inline_items() {
            for (method, operation) in item.iter() {
                let at = pointer(&pointer(&pointer("#/paths", path), method), "security");
                let names = operation.security.iter().flatten();
                for name in names.flat_map(|requirement| requirement.keys()) {
                    per_operation.push((at.clone(), name.clone()));
                }
            }
        }
        let global = global.map(|(at, name)| (at, name.clone()));
        let declared = doc.components.as_ref().map(|c| &c.security_schemes);
        let mut used: Vec<(String, SchemeKind, Option<String>)> = Vec::new();
        for (requirement_at, name) in global.chain(per_operation) {
            let name = &name;
            if used.iter().any(|(known, ..)| known == name) {
                continue;
            }
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
                continue;
            };
            let kind = self.scheme_kind(scheme, &at);
            used.push((name.clone(), kind, scheme_description(scheme)));
        }
        match used.len() {
            0 => Auth::None,
            1 => match used.pop() {
                Some((_, SchemeKind::Basic, _)) => Auth::Basic,
                Some((_, SchemeKind::ApiKey { location, name }, _)) => {
                    Auth::ApiKey { location, name }
                }
                _ => Auth::Bearer,
            },
            _ => {
                let reserved = crate::runtime::reserved_credentials_methods();
                let reserved: Vec<&str> = reserved.iter().map(String::as_str).collect();
                let mut settings = Namespace::with_reserved(&reserved);
                let schemes = used
                    .into_iter()
                    .map(|(name, kind, doc)| crate::ir::SecurityScheme {
                        setting: settings.claim(&format!(
                            "with_{}",
                            naming::unraw(&naming::snake_name(&name))
                        )),
                        name,
                        kind,
                        doc,
                    })
                    .collect();
                Auth::Schemes(schemes)
            }
        }
    }

    /// What a scheme sends. An HTTP scheme other than Basic and Bearer, and OpenID
    /// Connect, are sent as a bearer token the caller obtains, with a warning at the
    /// scheme: the client neither computes Digest answers nor runs OpenID discovery.
    fn scheme_kind(&mut self, scheme: &SecurityScheme, at: &str) -> SchemeKind {
        match scheme {
            SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => {
                SchemeKind::Basic
            }
            SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => {
                SchemeKind::Bearer
            }
            SecurityScheme::HTTP { scheme, .. } => {
                self.diagnostics.warn(
                    at.to_owned(),
                    format!("HTTP authentication scheme `{scheme}` is not supported: the client sends the credential it is given as `Authorization: Bearer <credential>`"),
                );
                SchemeKind::Bearer
            }
            SecurityScheme::OAuth2 { .. } => SchemeKind::Bearer,
            SecurityScheme::OpenIDConnect { .. } => {
                self.diagnostics.warn(
                    at.to_owned(),
                    "OpenID Connect discovery is not done: the client sends the access token it is given as `Authorization: Bearer <token>`".to_owned(),
                );
                SchemeKind::Bearer
            }
            SecurityScheme::APIKey { location, name, .. } => SchemeKind::ApiKey {
                location: match location {
                    APIKeyLocation::Header => ApiKeyLocation::Header,
                    APIKeyLocation::Query => ApiKeyLocation::Query,
                    APIKeyLocation::Cookie => ApiKeyLocation::Cookie,
                },
                name: name.clone(),
            },
        }
    }

    /// The security requirements of an operation: its own, else the document's.
    pub(crate) fn security_requirements<'o>(
        &'o self,
        operation: &'o openapiv3::Operation,
    ) -> &'o [SecurityRequirement] {
        operation
            .security
            .as_deref()
            .or(self.doc.security.as_deref())
            .unwrap_or_default()
    }

    /// Whether the operation authenticates, and with several schemes, the alternatives
    /// it accepts as indexes into them: its own requirements, else the document's, in
    /// their order, without the empty one (`{}`: no credentials needed, which is what
    /// the client sends when it holds none of the others) and without those that name
    /// an undeclared scheme (warned about by [`Lowerer::lower_auth`]).
    pub(crate) fn lower_operation_security(
        &self,
        operation: &openapiv3::Operation,
    ) -> (bool, Vec<Vec<usize>>) {
        let requirements = self.security_requirements(operation);
        let authenticated = requirements.iter().any(|r| !r.is_empty());
        let Auth::Schemes(schemes) = &self.auth else {
            return (authenticated, Vec::new());
        };
        let mut alternatives: Vec<Vec<usize>> = Vec::new();
        for requirement in requirements.iter().filter(|r| !r.is_empty()) {
            let indexes: Option<Vec<usize>> = requirement
                .keys()
                .map(|name| schemes.iter().position(|s| &s.name == name))
                .collect();
            if let Some(indexes) = indexes
                && !alternatives.contains(&indexes)
            {
                alternatives.push(indexes);
            }
        }
        (!alternatives.is_empty(), alternatives)
    }
}

fn scheme_description(scheme: &SecurityScheme) -> Option<String> {
    match scheme {
        SecurityScheme::APIKey { description, .. }
        | SecurityScheme::HTTP { description, .. }
        | SecurityScheme::OAuth2 { description, .. }
        | SecurityScheme::OpenIDConnect { description, .. } => description.clone(),
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    #[test]
    fn a_scheme_named_like_a_method_of_the_credentials_gets_another_setting() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /x:\n    get:\n      security: [{secret: []}, {token_for: []}, {authenticate: []}]\n      responses: {'204': {description: none}}\ncomponents:\n  securitySchemes:\n    secret: {type: apiKey, in: header, name: X-Secret}\n    token_for: {type: http, scheme: bearer}\n    authenticate: {type: http, scheme: basic}\n";
        let loaded = crate::load::load_document(text).expect("loads");
        let (api, _) = crate::lower::lower(&loaded, &Config::new("t")).expect("lowers");
        let crate::ir::Auth::Schemes(schemes) = &api.auth else {
            panic!("several schemes: {:?}", api.auth);
        };
        let settings: Vec<&str> = schemes.iter().map(|s| s.setting.as_str()).collect();
        // `with_secret` is a private helper of the runtime's `Credentials`, `with_token_for`
        // a public method; `with_authenticate` is free (`authenticate` is taken, but
        // settings are `with_<scheme>`).
        assert_eq!(
            settings,
            ["with_secret2", "with_token_for2", "with_authenticate"]
        );
    }

    #[test]
    fn an_undeclared_security_scheme_is_a_warning_at_its_requirement() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /x:\n    get:\n      security: [{Missing: []}]\n      responses: {'204': {description: none}}\n";
        let loaded = crate::load::load_document(text).expect("loads");
        let (api, warnings) = super::super::lower(&loaded, &Config::new("t")).expect("lowers");
        assert_eq!(api.auth, crate::ir::Auth::None);
        assert_eq!(
            crate::render_warnings(&warnings),
            "warning: #/paths/~1x/get/security: security requirement names `Missing`, which is not in #/components/securitySchemes: ignored\n"
        );
    }
}
