//! The runtime a generated crate carries: exactly the pieces its code uses (so none of
//! it is dead code), each copied verbatim from `generator/runtime`, and the
//! `runtime/mod.rs` that lists them.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::{EmittedFile, gates, ident};
use crate::ir::{
    Api, ApiKeyLocation, Auth, BodyMedia, Gate, Operation, ParamLocation, ResponseMedia, RetryRule,
    SuccessBody, TypeKind, Wrapping,
};
use crate::runtime::Piece;

/// Every piece the crate's code uses, with the pieces those use.
pub(crate) fn pieces_used(api: &Api) -> BTreeSet<Piece> {
    pieces_of(api, &|_| true)
}

/// The features that need each piece used; `None` for a piece needed whatever the
/// features (by a type compiled with none, or in a crate without features).
pub(crate) fn piece_features(api: &Api) -> BTreeMap<Piece, Option<Vec<usize>>> {
    let all = pieces_used(api);
    if api.features.is_empty() {
        return all.into_iter().map(|piece| (piece, None)).collect();
    }
    let open = pieces_of(api, &|gate| gate.is_open());
    let per_feature: Vec<BTreeSet<Piece>> = (0..api.features.len())
        .map(|feature| {
            pieces_of(api, &|gate| {
                gate.is_open() || gate.features.contains(&feature)
            })
        })
        .collect();
    all.into_iter()
        .map(|piece| {
            let features = (!open.contains(&piece)).then(|| {
                (0..api.features.len())
                    .filter(|&feature| per_feature[feature].contains(&piece))
                    .collect()
            });
            (piece, features)
        })
        .collect()
}

/// The pieces the items whose gates `keep` accepts use, with the pieces those use.
fn pieces_of(api: &Api, keep: &dyn Fn(&Gate) -> bool) -> BTreeSet<Piece> {
    let mut pieces = BTreeSet::new();
    for def in api.types.iter().filter(|def| keep(&def.gate)) {
        match &def.kind {
            TypeKind::Struct(body) => {
                pieces.insert(Piece::Object);
                if body
                    .fields
                    .iter()
                    .any(|f| f.wrapping == Wrapping::OptionalNullable)
                {
                    pieces.insert(Piece::DoubleOption);
                }
            }
            TypeKind::StringEnum(_) => {
                pieces.insert(Piece::StringEnum);
            }
            TypeKind::IntegerEnum(_) => {
                pieces.insert(Piece::IntegerEnum);
            }
            TypeKind::Union(union) if union.discriminator.is_none() => {
                pieces.insert(Piece::Untagged);
            }
            _ => {}
        }
    }
    let operations: Vec<&Operation> = api.operations.iter().filter(|op| keep(&op.gate)).collect();
    if !operations.is_empty() {
        pieces.extend([
            Piece::Error,
            Piece::Options,
            Piece::Response,
            Piece::ClientCore,
        ]);
        pieces.extend([Piece::Send, Piece::Url]);
        pieces.extend(operation_pieces(api, &operations));
        pieces.extend(auth_pieces(&api.auth));
        pieces.extend(super::mock::mock_pieces(&operations));
    }
    let mut pending: Vec<Piece> = pieces.iter().copied().collect();
    while let Some(piece) = pending.pop() {
        for &required in piece.requires() {
            if pieces.insert(required) {
                pending.push(required);
            }
        }
    }
    pieces
}

fn operation_pieces(api: &Api, operations: &[&Operation]) -> BTreeSet<Piece> {
    let mut pieces = BTreeSet::new();
    for op in operations {
        // An optional `Idempotency-Key` header is written by the key piece instead.
        let key_field = match op.retry {
            RetryRule::IdempotencyKey(index) => Some(index),
            _ => None,
        };
        let fields = op
            .params
            .iter()
            .flat_map(|p| p.fields.iter().enumerate())
            .filter(|(index, p)| Some(*index) != key_field || p.required)
            .map(|(_, p)| p);
        for param in op.path_params.iter().chain(fields) {
            pieces.insert(match param.location {
                ParamLocation::Path => Piece::PathParams,
                ParamLocation::Query => Piece::QueryParams,
                ParamLocation::Header => Piece::HeaderParams,
                ParamLocation::Cookie => Piece::CookieParams,
            });
            if param.as_json {
                pieces.insert(Piece::JsonParam);
            }
            if param.bounds.is_some() {
                pieces.insert(Piece::CheckRange);
            }
        }
        let json_success = match &op.success {
            SuccessBody::Json(_) => true,
            SuccessBody::Statuses(id) => match &api.ty(*id).kind {
                TypeKind::ResponseEnum(variants) => {
                    variants.iter().any(|v| v.media == ResponseMedia::Json)
                }
                _ => false,
            },
            _ => false,
        };
        if json_success {
            pieces.insert(Piece::DecodeJson);
        }
        if !op.error_responses.is_empty() {
            pieces.insert(Piece::DecodeError);
        }
        if let RetryRule::IdempotencyKey(index) = op.retry
            && op
                .params
                .as_ref()
                .and_then(|p| p.fields.get(index))
                .is_some_and(|p| !p.required)
        {
            pieces.insert(Piece::IdempotencyKey);
        }
        if op.pagination.is_some() {
            pieces.insert(Piece::Pagination);
        }
        match op.body.as_ref().map(|b| &b.media) {
            Some(BodyMedia::Form(_)) => {
                pieces.insert(Piece::FormBody);
            }
            Some(BodyMedia::Multipart(Some(_))) => {
                pieces.insert(Piece::Multipart);
            }
            _ => {}
        }
    }
    pieces
}

/// For the credentials piece of a crate with features some of which turn on only
/// operations that send no credentials: with only those, the client still holds its
/// credentials (its constructors take them whatever the features) but never sends them,
/// so what sends them is allowed to be unused there, and only there.
fn credentials_unsent(api: &Api) -> Option<TokenStream> {
    let sending = gates::used_by(
        api,
        api.operations
            .iter()
            .filter(|op| op.authenticated)
            .map(|op| &op.gate),
    )?;
    if sending.len() == api.features.iter().filter(|f| f.has_operations()).count() {
        return None;
    }
    let predicate = gates::used_by_predicate(api, &sending)?;
    Some(quote!(#[cfg_attr(not(#predicate), allow(dead_code))]))
}

/// The credentials pieces, and `ClientOptions`, which only clients with credentials
/// are built with.
fn auth_pieces(auth: &Auth) -> Vec<Piece> {
    let credentials = match auth {
        Auth::None => return Vec::new(),
        Auth::Basic => Piece::BasicCredentials,
        Auth::Bearer => Piece::BearerCredentials,
        Auth::ApiKey { location, .. } => match location {
            ApiKeyLocation::Header => Piece::ApiKeyHeader,
            ApiKeyLocation::Query => Piece::ApiKeyQuery,
            ApiKeyLocation::Cookie => Piece::ApiKeyCookie,
        },
        Auth::Schemes(_) => Piece::SchemeCredentials,
    };
    vec![credentials, Piece::ClientOptions]
}

/// `src/runtime/mod.rs` and every piece, or nothing when no piece is used.
pub(crate) fn emit_runtime(api: &Api) -> Vec<EmittedFile> {
    let pieces = piece_features(api);
    if pieces.is_empty() {
        return Vec::new();
    }
    let mut files = vec![EmittedFile::Rust {
        path: "src/runtime/mod.rs".to_owned(),
        tokens: emit_runtime_mod(api, &pieces),
    }];
    files.extend(pieces.keys().map(|piece| EmittedFile::Verbatim {
        path: format!("src/runtime/{}.rs", piece.module()),
        text: piece.source(),
    }));
    files
}

fn emit_runtime_mod(api: &Api, pieces: &BTreeMap<Piece, Option<Vec<usize>>>) -> TokenStream {
    let modules = pieces.iter().map(|(piece, features)| {
        let module = ident(piece.module());
        // A piece of a cargo feature is compiled only with that feature, and a piece that
        // only gated items use only with theirs.
        let mut predicates: Vec<TokenStream> = piece
            .feature()
            .map(|feature| quote!(feature = #feature))
            .into_iter()
            .collect();
        predicates.extend(
            features
                .as_ref()
                .and_then(|f| gates::used_by_predicate(api, f)),
        );
        let cfg = match predicates.as_slice() {
            [] => None,
            [one] => Some(quote!(#[cfg(#one)])),
            many => Some(quote!(#[cfg(all(#(#many),*))])),
        };
        let unsent = auth_pieces(&api.auth)
            .contains(piece)
            .then(|| credentials_unsent(api))
            .flatten();
        quote!(#cfg #unsent pub(crate) mod #module;)
    });
    quote! {
        //! The fixed runtime of this crate: the pieces of the generator's runtime crate
        //! (`generator/runtime`) that this crate's code uses, each copied unchanged.
        #(#modules)*
    }
}
