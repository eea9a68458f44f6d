//! Walking the pages of a cursor-paginated list as a stream of pages or of items.

use crate::error::Error;

/// What the page walker does next.
enum NextPage {
    Fetch(Option<String>),
    Repeated(String),
    Done,
}

/// The pages of a cursor-paginated list: fetches the page at `first`, then follows
/// `next_cursor` until it is absent, null or empty. A cursor the server already gave
/// ends the walk with [`Error::RepeatedCursor`] instead of looping for ever.
pub(crate) fn walk_pages<P, F, Fut>(
    first: Option<String>,
    fetch: F,
    next_cursor: fn(&P) -> Option<String>,
) -> impl futures_util::Stream<Item = Result<P, Error>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: std::future::Future<Output = Result<P, Error>>,
{
    let mut seen = std::collections::HashSet::new();
    if let Some(cursor) = &first {
        seen.insert(cursor.clone());
    }
    futures_util::stream::try_unfold(
        (NextPage::Fetch(first), fetch, seen),
        move |(next, mut fetch, mut seen)| async move {
            let cursor = match next {
                NextPage::Fetch(cursor) => cursor,
                NextPage::Repeated(cursor) => return Err(Error::RepeatedCursor { cursor }),
                NextPage::Done => return Ok(None),
            };
            let page = fetch(cursor).await?;
            let next = match next_cursor(&page) {
                Some(cursor) if cursor.is_empty() => NextPage::Done,
                Some(cursor) if seen.insert(cursor.clone()) => NextPage::Fetch(Some(cursor)),
                Some(cursor) => NextPage::Repeated(cursor),
                None => NextPage::Done,
            };
            Ok(Some((page, (next, fetch, seen))))
        },
    )
}

/// The items of every page, in order.
pub(crate) fn page_items<P, I>(
    pages: impl futures_util::Stream<Item = Result<P, Error>>,
    items: fn(P) -> Vec<I>,
) -> impl futures_util::Stream<Item = Result<I, Error>> {
    use futures_util::TryStreamExt as _;
    pages
        .map_ok(move |page| futures_util::stream::iter(items(page).into_iter().map(Ok)))
        .try_flatten()
}
