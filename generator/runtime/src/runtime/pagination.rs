//! Walking the pages of a cursor-paginated list as a stream of pages or of items, to its
//! end or to a guard: a repeated cursor, or more pages than a stream fetches.

use std::hash::BuildHasher as _;

use super::super::error::Error;

/// What the page walker does next.
enum NextPage {
    Fetch(Option<String>),
    Repeated(String),
    Done,
}

/// The walker's state between pages.
struct Walk<F> {
    next: NextPage,
    fetch: F,
    /// The cursors given so far, hashed: a server handing out huge cursors cannot make
    /// the walk hold them all. The hasher is randomly keyed, so a server cannot choose
    /// two cursors that collide.
    seen: std::collections::HashSet<u64>,
    hasher: std::collections::hash_map::RandomState,
    fetched: u32,
}

/// The pages of a cursor-paginated list: fetches the page at `first`, then follows
/// `next_cursor` until it is absent, null or empty. A cursor the server already gave
/// ends the walk with [`Error::RepeatedCursor`], and a list that goes on past
/// `max_pages` pages (at least 1; the generated code passes `ClientCore::max_pages`) ends
/// it with [`Error::TooManyPages`] after that many pages, instead of running for ever.
pub(crate) fn walk_pages<P, F, Fut>(
    first: Option<String>,
    fetch: F,
    next_cursor: fn(&P) -> Option<String>,
    max_pages: u32,
) -> impl futures_util::Stream<Item = Result<P, Error>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: std::future::Future<Output = Result<P, Error>>,
{
    let max_pages = max_pages.max(1);
    let hasher = std::collections::hash_map::RandomState::new();
    let mut seen = std::collections::HashSet::new();
    if let Some(cursor) = &first {
        seen.insert(hasher.hash_one(cursor));
    }
    let walk = Walk {
        next: NextPage::Fetch(first),
        fetch,
        seen,
        hasher,
        fetched: 0,
    };
    futures_util::stream::try_unfold(walk, move |mut walk| async move {
        let cursor = match walk.next {
            NextPage::Fetch(_) if walk.fetched >= max_pages => {
                return Err(Error::TooManyPages { max_pages });
            }
            NextPage::Fetch(cursor) => cursor,
            NextPage::Repeated(cursor) => return Err(Error::RepeatedCursor { cursor }),
            NextPage::Done => return Ok(None),
        };
        let page = (walk.fetch)(cursor).await?;
        walk.fetched += 1;
        walk.next = match next_cursor(&page) {
            Some(cursor) if cursor.is_empty() => NextPage::Done,
            Some(cursor) if walk.seen.insert(walk.hasher.hash_one(&cursor)) => {
                NextPage::Fetch(Some(cursor))
            }
            Some(cursor) => NextPage::Repeated(cursor),
            None => NextPage::Done,
        };
        Ok(Some((page, walk)))
    })
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
