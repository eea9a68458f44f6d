//! The page-walking methods of a cursor-paginated list operation: `<name>_pages` (a
//! stream of pages) and `<name>_stream` (a stream of items across pages).

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, lines_attrs, type_tokens};
use crate::ir::{Api, Operation, Pagination, Wrapping};
use crate::naming;

/// `*_pages` and `*_stream` methods of a cursor-paginated list operation, `#[inline]` as the
/// operation's own methods are (compiled by the crate that calls them).
pub(crate) fn emit_pagination(api: &Api, op: &Operation) -> Option<TokenStream> {
    let pagination = op.pagination.as_ref()?;
    let params_struct = ident(&op.params.as_ref()?.name);
    let bare = naming::unraw(&op.rust_name);
    let name = ident(&op.rust_name);
    let pages = ident(&op.derived.pages);
    let stream = ident(&op.derived.stream);
    let cursor = ident(&pagination.cursor_field);
    let page_type = type_tokens(api, &pagination.page_type, false);
    let item_type = type_tokens(api, &pagination.item_type, false);

    let items_field = ident(&pagination.items.rust_name);
    let items = match pagination.items.wrapping {
        Wrapping::Plain => quote!(page.#items_field),
        Wrapping::Nullable | Wrapping::Optional => quote!(page.#items_field.unwrap_or_default()),
        Wrapping::OptionalNullable => quote!(page.#items_field.flatten().unwrap_or_default()),
    };

    let next_cursor = next_cursor(pagination);

    let cursor_wire = &pagination.cursor_wire;
    let pages_doc = format!(
        " Every page of [`Client::{bare}`], from the page at `params.{}` (the first when\n unset), following each page's next cursor into `{cursor_wire}` until there is none.\n\n The stream owns what it needs (it does not borrow the client). Each page is one\n call with the client's timeout and retry policy; an error ends the stream. A cursor the\n server already gave ends it with [`Error::RepeatedCursor`].",
        naming::unraw(&pagination.cursor_field)
    );
    let stream_doc = format!(
        " Every item of [`Client::{bare}`], across pages: the items of [`Client::{pages}`],\n in order. Pin it (`std::pin::pin!`) and take items with\n [`TryStreamExt::try_next`](super::prelude::TryStreamExt::try_next), or gather them with\n [`TryStreamExt::try_collect`](super::prelude::TryStreamExt::try_collect)."
    );
    let stream_doc_lines = lines_attrs(stream_doc.split('\n').map(str::to_owned).collect());
    let pages_doc_lines = lines_attrs(pages_doc.split('\n').map(str::to_owned).collect());
    Some(quote! {
        #pages_doc_lines
        #[inline]
        pub fn #pages(
            &self,
            params: &models::#params_struct,
        ) -> impl futures_util::Stream<Item = Result<#page_type, Error>> + use<> {
            let client = self.clone();
            let params = params.clone();
            runtime::pagination::walk_pages(
                params.#cursor.clone(),
                move |cursor| {
                    let client = client.clone();
                    let mut params = params.clone();
                    params.#cursor = cursor;
                    async move { client.#name(&params).await }
                },
                |page: &#page_type| #next_cursor,
                self.core.max_pages,
            )
        }

        #stream_doc_lines
        #[inline]
        pub fn #stream(
            &self,
            params: &models::#params_struct,
        ) -> impl futures_util::Stream<Item = Result<#item_type, Error>> + use<> {
            runtime::pagination::page_items(self.#pages(params), |page: #page_type| #items)
        }
    })
}

/// The next cursor of `page` as an `Option<String>` expression: plain fields followed
/// directly, `Option` layers with `and_then`. The page walker and the mock server's
/// page answers read it alike.
pub(crate) fn next_cursor(pagination: &Pagination) -> TokenStream {
    let mut path = quote!(page);
    let mut optional = false;
    for step in &pagination.next_cursor {
        let field = ident(&step.rust_name);
        path = match (optional, step.wrapping.option_layers()) {
            (false, 0) => quote!(#path.#field),
            (false, 1) => quote!(#path.#field.as_ref()),
            (false, _) => quote!(#path.#field.as_ref().and_then(Option::as_ref)),
            (true, 0) => quote!(#path.map(|value| &value.#field)),
            (true, 1) => quote!(#path.and_then(|value| value.#field.as_ref())),
            (true, _) => quote!(
                #path.and_then(|value| value.#field.as_ref().and_then(Option::as_ref))
            ),
        };
        optional = optional || step.wrapping != Wrapping::Plain;
    }
    if optional {
        quote!(#path.cloned())
    } else {
        quote!(Some(#path.clone()))
    }
}
