//! The `#[cfg(feature = ...)]` of gated items: an operation's methods, types, error body
//! variants, mocks and example tests each get one attribute per item, written from the
//! [`Gate`] lowering decided; code that serves several gated items (the runtime pieces,
//! imports) is compiled when any of them is.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Feature, Gate};

/// The predicate of a gate: `feature = "a"` or `any(feature = "a", feature = "b")`;
/// `None` for an open gate.
fn predicate(api: &Api, features: &[usize]) -> Option<TokenStream> {
    let names: Vec<&str> = features
        .iter()
        .filter_map(|&index| api.features.get(index).map(|f| f.name.as_str()))
        .collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(quote!(feature = #one)),
        many => Some(quote!(any(#(feature = #many),*))),
    }
}

/// `#[cfg(...)]` for an item of this gate, or nothing when it is open.
pub(crate) fn cfg(api: &Api, gate: &Gate) -> Option<TokenStream> {
    predicate(api, &gate.features).map(|predicate| quote!(#[cfg(#predicate)]))
}

/// `#[cfg(...)]` for code that only items of these gates use: nothing when one of them
/// is open (or the crate has no features), `feature = "client"` (which every feature of
/// operations turns on) for all of those, else any of their features. Unlike a public
/// type, private code every feature uses is still dead code with none.
pub(crate) fn cfg_used_by<'g>(
    api: &Api,
    gates: impl IntoIterator<Item = &'g Gate>,
) -> Option<TokenStream> {
    let features = used_by(api, gates)?;
    used_by_predicate(api, &features).map(|predicate| quote!(#[cfg(#predicate)]))
}

/// The predicate of code that the features `features` need (indexes, ascending):
/// `feature = "client"` stands for every feature of operations when they are all there.
pub(crate) fn used_by_predicate(api: &Api, features: &[usize]) -> Option<TokenStream> {
    let of_operations =
        |index: &usize| api.features.get(*index).is_some_and(|f| f.has_operations());
    let all_operations = api.features.iter().filter(|f| f.has_operations()).count();
    if all_operations == 0 || features.iter().filter(|f| of_operations(f)).count() < all_operations
    {
        return predicate(api, features);
    }
    let client = Feature::CLIENT;
    let mut names = vec![quote!(feature = #client)];
    for index in features.iter().filter(|f| !of_operations(f)) {
        if let Some(feature) = api.features.get(*index) {
            let name = feature.name.as_str();
            names.push(quote!(feature = #name));
        }
    }
    match names.as_slice() {
        [one] => Some(one.clone()),
        many => Some(quote!(any(#(#many),*))),
    }
}

/// The features of code used by items of these gates; `None` when it is always needed.
pub(crate) fn used_by<'g>(
    api: &Api,
    gates: impl IntoIterator<Item = &'g Gate>,
) -> Option<Vec<usize>> {
    if api.features.is_empty() {
        return None;
    }
    let mut features = Vec::new();
    for gate in gates {
        if gate.is_open() {
            return None;
        }
        features.extend(&gate.features);
    }
    features.sort_unstable();
    features.dedup();
    Some(features)
}

/// `#[cfg(feature = "client")]` in a crate with features: the client itself (its struct,
/// errors, mock server and the runtime every call uses) is compiled with any operation.
pub(crate) fn client_cfg(api: &Api) -> Option<TokenStream> {
    let name = Feature::CLIENT;
    (!api.features.is_empty()).then(|| quote!(#[cfg(feature = #name)]))
}

/// `tokens` (items, or methods of an impl) with `#[cfg(...)]` put on each of them;
/// unchanged for an open gate.
pub(crate) fn gate_items(api: &Api, gate: &Gate, tokens: TokenStream) -> TokenStream {
    match cfg(api, gate) {
        None => tokens,
        Some(cfg) => put_on_each(&cfg, tokens),
    }
}

/// `tokens` with the attribute `cfg` on each of its items (module items, or the
/// methods of an impl block).
pub(crate) fn put_on_each(cfg: &TokenStream, tokens: TokenStream) -> TokenStream {
    if let Ok(file) = syn::parse2::<syn::File>(tokens.clone()) {
        let items = file.items.iter().map(|item| quote!(#cfg #item));
        return quote!(#(#items)*);
    }
    match syn::parse2::<syn::ItemImpl>(quote!(impl Methods { #tokens })) {
        Ok(block) => {
            let items = block.items.iter().map(|item| quote!(#cfg #item));
            quote!(#(#items)*)
        }
        // Emit only makes items and methods; anything else is left as it is, for the
        // format stage to refuse.
        Err(_) => tokens,
    }
}
