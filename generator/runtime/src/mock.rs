//! Stand-in for a generated crate's `mock` module (the cargo feature `mock`): the
//! `Operation` enum the mock pieces route with, and typed mocks of a small API written as
//! the generator writes them, for the tests of the pieces:
//!
//! - `list_things`: `GET /things` with the query parameters `limit` (an integer) and
//!   `after` (a cursor), the header parameter `X-Tags` (a list) and cursor pages;
//! - `get_thing` and `delete_thing`: `GET` and `DELETE /things/{id}`;
//! - `create_thing`: `POST /things` with a JSON body;
//! - `get_part`: `GET /things/{id}/parts/{part}.{format}`;
//! - `get_day`: `GET /days/{year}-{month}-{day}` (three parameters in one segment).

use crate::runtime;

pub use crate::runtime::mock_server::{
    DEFAULT_MAX_BODY_BYTES, MockBuilder, MockHandle, MockServer, ReceivedRequest,
};

/// The operations of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// `GET /things`.
    ListThings,
    /// `GET /things/{id}`.
    GetThing,
    /// `DELETE /things/{id}`.
    DeleteThing,
    /// `POST /things`.
    CreateThing,
    /// `GET /things/{id}/parts/{part}.{format}`.
    GetPart,
    /// `GET /days/{year}-{month}-{day}`.
    GetDay,
}

impl Operation {
    /// Every operation, in the document's order.
    pub const ALL: [Operation; 6] = [
        Operation::ListThings,
        Operation::GetThing,
        Operation::DeleteThing,
        Operation::CreateThing,
        Operation::GetPart,
        Operation::GetDay,
    ];

    /// The name of the client's method.
    pub fn name(self) -> &'static str {
        match self {
            Operation::ListThings => "list_things",
            Operation::GetThing => "get_thing",
            Operation::DeleteThing => "delete_thing",
            Operation::CreateThing => "create_thing",
            Operation::GetPart => "get_part",
            Operation::GetDay => "get_day",
        }
    }

    pub(crate) fn route(self) -> runtime::mock_server::Route {
        match self {
            Operation::ListThings => runtime::mock_server::Route {
                method: "GET",
                literals: &["/things"],
                params: &[],
            },
            Operation::GetThing => runtime::mock_server::Route {
                method: "GET",
                literals: &["/things/", ""],
                params: &["id"],
            },
            Operation::DeleteThing => runtime::mock_server::Route {
                method: "DELETE",
                literals: &["/things/", ""],
                params: &["id"],
            },
            Operation::CreateThing => runtime::mock_server::Route {
                method: "POST",
                literals: &["/things"],
                params: &[],
            },
            Operation::GetPart => runtime::mock_server::Route {
                method: "GET",
                literals: &["/things/", "/parts/", ".", ""],
                params: &["id", "part", "format"],
            },
            Operation::GetDay => runtime::mock_server::Route {
                method: "GET",
                literals: &["/days/", "-", "-", ""],
                params: &["year", "month", "day"],
            },
        }
    }
}

/// One type per operation, for [`MockBuilder`].
pub mod operations {
    /// `list_things`.
    #[derive(Debug)]
    pub enum ListThings {}
    /// `get_thing`.
    #[derive(Debug)]
    pub enum GetThing {}
    /// `delete_thing`.
    #[derive(Debug)]
    pub enum DeleteThing {}
    /// `create_thing`.
    #[derive(Debug)]
    pub enum CreateThing {}
    /// `get_part`.
    #[derive(Debug)]
    pub enum GetPart {}
    /// `get_day`.
    #[derive(Debug)]
    pub enum GetDay {}
}

/// A page of things: `{"items": [...], "next": "cursor" | null}`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ThingPage {
    /// The things.
    pub items: Vec<String>,
    /// The next page's cursor.
    pub next: Option<String>,
}

impl MockServer {
    /// A mock of `list_things`.
    pub fn list_things(&self) -> MockBuilder<'_, operations::ListThings> {
        MockBuilder::new(self, Operation::ListThings)
    }

    /// A mock of `get_thing`.
    pub fn get_thing(&self) -> MockBuilder<'_, operations::GetThing> {
        MockBuilder::new(self, Operation::GetThing)
    }

    /// A mock of `delete_thing`.
    pub fn delete_thing(&self) -> MockBuilder<'_, operations::DeleteThing> {
        MockBuilder::new(self, Operation::DeleteThing)
    }

    /// A mock of `create_thing`.
    pub fn create_thing(&self) -> MockBuilder<'_, operations::CreateThing> {
        MockBuilder::new(self, Operation::CreateThing)
    }

    /// A mock of `get_part`.
    pub fn get_part(&self) -> MockBuilder<'_, operations::GetPart> {
        MockBuilder::new(self, Operation::GetPart)
    }

    /// A mock of `get_day`.
    pub fn get_day(&self) -> MockBuilder<'_, operations::GetDay> {
        MockBuilder::new(self, Operation::GetDay)
    }
}

impl MockBuilder<'_, operations::ListThings> {
    /// Only requests for `limit`.
    pub fn with_limit(self, limit: i32) -> Self {
        self.expect_query_param("limit", &limit, "form", true, false)
    }

    /// Only requests for `after`.
    pub fn with_after(self, after: &str) -> Self {
        self.expect_query_param("after", after, "form", true, false)
    }

    /// Only requests for `X-Tags`.
    pub fn with_x_tags(self, x_tags: &[String]) -> Self {
        self.expect_header_param("X-Tags", x_tags, false)
    }

    /// Answers `200` with `body`.
    pub fn responds_ok(self, body: ThingPage) -> MockHandle {
        self.responds_status(200, body)
    }

    /// Answers with every page.
    pub fn responds_pages(self, pages: Vec<ThingPage>) -> MockHandle {
        self.respond_pages("after", pages, |page: &ThingPage| page.next.clone())
    }
}

impl MockBuilder<'_, operations::GetThing> {
    /// Only requests for `id`.
    pub fn with_id(self, id: &str) -> Self {
        self.expect_path_param("id", id, "simple", false)
    }

    /// Answers `200` with `body`.
    pub fn responds_ok(self, body: serde_json::Value) -> MockHandle {
        self.responds_status(200, body)
    }
}

impl MockBuilder<'_, operations::DeleteThing> {
    /// Only requests for `id`.
    pub fn with_id(self, id: &str) -> Self {
        self.expect_path_param("id", id, "simple", false)
    }

    /// Answers `204` with no body.
    pub fn responds_ok(self) -> MockHandle {
        self.responds_empty(204)
    }
}

impl MockBuilder<'_, operations::CreateThing> {
    /// Only requests whose body is `body`.
    pub fn with_body(self, body: &serde_json::Value) -> Self {
        self.with_json_body(body)
    }
}

impl MockBuilder<'_, operations::GetPart> {
    /// Only requests for `format`.
    pub fn with_format(self, format: &str) -> Self {
        self.expect_path_param("format", format, "simple", false)
    }
}

impl MockBuilder<'_, operations::GetDay> {
    /// Only requests for `day`.
    pub fn with_day(self, day: &str) -> Self {
        self.expect_path_param("day", day, "simple", false)
    }

    /// Answers `200` with `body`.
    pub fn responds_ok(self, body: serde_json::Value) -> MockHandle {
        self.responds_status(200, body)
    }
}
