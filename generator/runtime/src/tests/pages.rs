//! Page streams end: at the last page, at a repeated cursor, or after the most pages a
//! stream fetches, whatever cursors the server hands out.

use futures_util::StreamExt as _;

use crate::error::Error;
use crate::runtime::pagination::{page_items, walk_pages};

/// A page: its number and the cursor to the next one.
struct Page {
    number: u64,
    next: Option<String>,
}

/// Walks pages from `server` (the page after a cursor) with `max_pages`, and gives the
/// page numbers yielded and the error that ended the walk, if any.
async fn walk(max_pages: u32, server: fn(Option<&str>) -> Page) -> (Vec<u64>, Option<Error>) {
    let pages = walk_pages(
        None,
        move |cursor: Option<String>| async move { Ok(server(cursor.as_deref())) },
        |page: &Page| page.next.clone(),
        max_pages,
    );
    let outcomes: Vec<Result<Page, Error>> = pages.collect().await;
    let mut numbers = Vec::new();
    let mut end = None;
    for outcome in outcomes {
        match outcome {
            Ok(page) => numbers.push(page.number),
            Err(error) => end = Some(error),
        }
    }
    (numbers, end)
}

/// A server that hands out a fresh cursor for ever.
fn endless(cursor: Option<&str>) -> Page {
    let number = cursor.and_then(|cursor| cursor.parse().ok()).unwrap_or(0) + 1;
    Page {
        number,
        next: Some(number.to_string()),
    }
}

/// A list of three pages.
fn three_pages(cursor: Option<&str>) -> Page {
    let page = endless(cursor);
    Page {
        next: page.next.filter(|_| page.number < 3),
        ..page
    }
}

#[tokio::test]
async fn fresh_cursors_for_ever_end_after_the_most_pages() {
    let (numbers, end) = walk(5, endless).await;
    assert_eq!(numbers, [1, 2, 3, 4, 5]);
    assert!(
        matches!(end, Some(Error::TooManyPages { max_pages: 5 })),
        "{end:?}"
    );
    assert_eq!(
        end.map(|error| error.to_string()),
        Some("the list goes on past 5 pages, the most a page stream fetches".to_owned())
    );
    // The default cap ends it too.
    let (numbers, end) = walk(crate::runtime::options::DEFAULT_MAX_PAGES, endless).await;
    assert_eq!(numbers.len(), 10_000);
    assert!(matches!(end, Some(Error::TooManyPages { .. })), "{end:?}");
}

#[tokio::test]
async fn a_list_as_long_as_the_cap_ends_without_error() {
    assert_eq!(walk(3, three_pages).await.0, [1, 2, 3]);
    assert!(walk(3, three_pages).await.1.is_none());
    let (numbers, end) = walk(2, three_pages).await;
    assert_eq!(numbers, [1, 2]);
    assert!(matches!(end, Some(Error::TooManyPages { max_pages: 2 })));
    // No cap below one page.
    assert_eq!(walk(0, three_pages).await.0, [1]);
}

#[tokio::test]
async fn a_repeated_cursor_still_ends_the_walk_and_shows_briefly() {
    // Page 1 leads to page 2, which gives a long cursor; page 3 gives it again.
    fn looping(cursor: Option<&str>) -> Page {
        let long = "x".repeat(10_000);
        match cursor {
            None => Page {
                number: 1,
                next: Some("a".to_owned()),
            },
            Some("a") => Page {
                number: 2,
                next: Some(long),
            },
            Some(_) => Page {
                number: 3,
                next: Some(long),
            },
        }
    }
    let (numbers, end) = walk(100, looping).await;
    assert_eq!(numbers, [1, 2, 3]);
    let end = end.expect("an error");
    assert!(matches!(end, Error::RepeatedCursor { .. }), "{end:?}");
    assert!(end.to_string().len() < 200, "{end}");
}

#[tokio::test]
async fn items_come_from_every_page_in_order() {
    let pages = walk_pages(
        None,
        |cursor: Option<String>| async move { Ok(three_pages(cursor.as_deref())) },
        |page: &Page| page.next.clone(),
        10,
    );
    let items: Vec<Result<u64, Error>> = page_items(pages, |page: Page| {
        vec![page.number * 10, page.number * 10 + 1]
    })
    .collect()
    .await;
    let items: Vec<u64> = items.into_iter().map_while(Result::ok).collect();
    assert_eq!(items, [10, 11, 20, 21, 30, 31]);
}
