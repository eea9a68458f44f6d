//! Mocks of cursor-paginated lists: every page, each served to the request that carries
//! the cursor the page before it gave.

use super::mock_server::{MockBuilder, MockHandle, json_bytes, json_reply, shown};

impl<O> MockBuilder<'_, O> {
    /// Answers with `pages` as the page walker reads them: the first page to a request
    /// without the query parameter `cursor_param`, and each later page to a request whose
    /// cursor is `next_cursor` of the page before it (the accessor the client's page walker
    /// uses). A request with any other cursor is not matched, and says which cursors are
    /// known.
    #[track_caller]
    pub(crate) fn respond_pages<P: serde::Serialize>(
        self,
        cursor_param: &'static str,
        pages: Vec<P>,
        next_cursor: fn(&P) -> Option<String>,
    ) -> MockHandle {
        let mut selectors: Vec<Option<String>> = Vec::with_capacity(pages.len());
        let mut bodies: Vec<Vec<u8>> = Vec::with_capacity(pages.len());
        let mut cursor = None;
        for page in &pages {
            selectors.push(cursor.take());
            cursor = next_cursor(page);
            bodies.push(json_bytes(page));
        }
        let known = selectors.clone();
        self.expect(move |request| {
            let cursor = request.query(cursor_param);
            if known.contains(&cursor) {
                return Ok(());
            }
            let known: Vec<String> = known.iter().map(|known| shown(known.as_deref())).collect();
            Err(format!(
                "`{cursor_param}` was {}, which selects no page (the pages are at {})",
                shown(cursor.as_deref()),
                known.join(", ")
            ))
        })
        .respond_with(move |request| {
            let cursor = request.query(cursor_param);
            let index = selectors.iter().position(|selector| *selector == cursor);
            let body = index.and_then(|index| bodies.get(index)).cloned();
            // The matcher above lets only known cursors through.
            json_reply(200, body.unwrap_or_default())
        })
    }
}
