//! Bodies beyond JSON and parameters beyond query and header: the argument type and the
//! statements that encode a request body by media type, the decoding of text, binary and
//! per-status success responses, and the `Cookie` header. Called from `client.rs`.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{ident, type_tokens};
use crate::ir::{
    Api, BodyMedia, Operation, RequestBody, ResponseMedia, StatusMatch, SuccessBody, TypeRef,
};

/// The body argument of an operation method: `&T` for serde bodies, `&str` for text,
/// `Vec<u8>` for bytes, a `reqwest::multipart::Form` for multipart.
pub(crate) fn emit_body_arg(body: &RequestBody) -> TokenStream {
    let ty = match &body.media {
        // A slice rather than `&Vec<T>` (clippy's `ptr_arg`); serde writes both alike.
        BodyMedia::Json | BodyMedia::Form => match &body.ty {
            TypeRef::Vec(item) => {
                let item = type_tokens(item, false);
                quote!(&[#item])
            }
            other => {
                let ty = type_tokens(other, false);
                quote!(&#ty)
            }
        },
        BodyMedia::Text(_) => quote!(&str),
        BodyMedia::Bytes(_) => quote!(Vec<u8>),
        BodyMedia::Multipart => quote!(reqwest::multipart::Form),
    };
    if body.required {
        quote!(body: #ty,)
    } else {
        quote!(body: Option<#ty>,)
    }
}

/// The statements that put the body on `request`.
pub(crate) fn emit_set_body(body: &RequestBody) -> TokenStream {
    let set = match &body.media {
        BodyMedia::Json => quote!(request = request.json(body);),
        BodyMedia::Form => quote!(request = request.form(body);),
        BodyMedia::Multipart => quote!(request = request.multipart(body);),
        BodyMedia::Text(content_type) => quote! {
            request = request
                .header(reqwest::header::CONTENT_TYPE, #content_type)
                .body(body.to_owned());
        },
        BodyMedia::Bytes(content_type) => quote! {
            request = request
                .header(reqwest::header::CONTENT_TYPE, #content_type)
                .body(body);
        },
    };
    if body.required {
        set
    } else {
        quote! {
            if let Some(body) = body {
                #set
            }
        }
    }
}

/// The extra reqwest features the request bodies need.
pub(crate) fn reqwest_features(api: &Api) -> Vec<&'static str> {
    let bodies = || api.operations.iter().filter_map(|op| op.body.as_ref());
    let mut features = Vec::new();
    if bodies().any(|b| b.media == BodyMedia::Form) {
        features.push("\"form\"");
    }
    if bodies().any(|b| b.media == BodyMedia::Multipart) {
        features.push("\"multipart\"");
    }
    features
}

/// Whether the success body is decoded with `runtime::decode_json`.
pub(crate) fn decodes_json(success: &SuccessBody) -> bool {
    match success {
        SuccessBody::Json(_) => true,
        SuccessBody::Statuses { variants, .. } => {
            variants.iter().any(|v| v.media == ResponseMedia::Json)
        }
        _ => false,
    }
}

/// Whether the success type lives in the models module.
pub(crate) fn success_mentions_models(success: &SuccessBody) -> bool {
    matches!(success, SuccessBody::Statuses { .. })
}

/// Return type and final expression for success bodies other than JSON and empty.
pub(crate) fn emit_success(success: &SuccessBody) -> (TokenStream, TokenStream) {
    match success {
        SuccessBody::Text => (
            quote!(String),
            quote! {
                let body = String::from_utf8_lossy(&response.body).into_owned();
                Ok(ApiResponse {
                    status: response.status,
                    headers: response.headers,
                    body,
                })
            },
        ),
        SuccessBody::Bytes => (
            quote!(Vec<u8>),
            quote! {
                Ok(ApiResponse {
                    status: response.status,
                    headers: response.headers,
                    body: response.body,
                })
            },
        ),
        SuccessBody::Statuses {
            enum_name,
            variants,
        } => {
            let name = ident(enum_name);
            let arm = |variant: &crate::ir::StatusVariant| {
                let variant_name = ident(&variant.rust_name);
                match variant.media {
                    ResponseMedia::Json if variant.boxed => quote! {
                        runtime::decode_json(response).map(|decoded| ApiResponse {
                            status: decoded.status,
                            headers: decoded.headers,
                            body: models::#name::#variant_name(Box::new(decoded.body)),
                        })
                    },
                    ResponseMedia::Json => quote! {
                        runtime::decode_json(response).map(|decoded| ApiResponse {
                            status: decoded.status,
                            headers: decoded.headers,
                            body: models::#name::#variant_name(decoded.body),
                        })
                    },
                    ResponseMedia::Text => quote! {{
                        let body = String::from_utf8_lossy(&response.body).into_owned();
                        Ok(ApiResponse {
                            status: response.status,
                            headers: response.headers,
                            body: models::#name::#variant_name(body),
                        })
                    }},
                    ResponseMedia::Bytes => quote! {
                        Ok(ApiResponse {
                            status: response.status,
                            headers: response.headers,
                            body: models::#name::#variant_name(response.body),
                        })
                    },
                    ResponseMedia::Empty => quote! {
                        Ok(ApiResponse {
                            status: response.status,
                            headers: response.headers,
                            body: models::#name::#variant_name,
                        })
                    },
                }
            };
            // Exact codes first; a range, `default` or the fallback takes the rest.
            let exact = variants.iter().filter_map(|v| match v.status {
                Some(StatusMatch::Code(code)) => {
                    let code = Literal::u16_unsuffixed(code);
                    let body = arm(v);
                    Some(quote!(#code => #body,))
                }
                _ => None,
            });
            let rest = variants
                .iter()
                .find(|v| !matches!(v.status, Some(StatusMatch::Code(_))))
                .map(|v| {
                    let body = arm(v);
                    quote!(_ => #body,)
                });
            (
                quote!(models::#name),
                quote! {
                    match response.status.as_u16() {
                        #(#exact)*
                        #rest
                    }
                },
            )
        }
        // JSON and empty bodies are emitted by `client.rs` itself and never reach here;
        // an empty body is the harmless answer regardless.
        SuccessBody::Json(_) | SuccessBody::Empty => {
            (quote!(()), quote!(Ok(runtime::empty_response(response))))
        }
    }
}

/// The `Cookie` header from the operation's cookie parameters (fields of its params
/// struct), or nothing. A value that would break the header (`;`, `,`, quotes, spaces,
/// control characters) is refused with `Error::InvalidArgument` before sending.
pub(crate) fn emit_cookies(op: &Operation) -> Option<TokenStream> {
    if op.cookie_params.is_empty() {
        return None;
    }
    let pushes = op.cookie_params.iter().map(|p| {
        let field = ident(&p.rust_name);
        let wire = &p.wire_name;
        if p.required {
            quote!(cookie(#wire, params.#field.to_string())?;)
        } else {
            quote! {
                if let Some(value) = &params.#field {
                    cookie(#wire, value.to_string())?;
                }
            }
        }
    });
    Some(quote! {
        let mut cookies: Vec<String> = Vec::new();
        let mut cookie = |name: &'static str, value: String| -> Result<(), Error> {
            let unsafe_char = |c: char| {
                matches!(c, ';' | ',' | '"' | '\\') || c.is_whitespace() || c.is_control()
            };
            if value.contains(unsafe_char) {
                return Err(Error::InvalidArgument {
                    parameter: name,
                    reason: format!("{value:?} cannot be sent in a cookie"),
                });
            }
            cookies.push(format!("{name}={value}"));
            Ok(())
        };
        #(#pushes)*
        if !cookies.is_empty() {
            request = request.header(reqwest::header::COOKIE, cookies.join("; "));
        }
    })
}
