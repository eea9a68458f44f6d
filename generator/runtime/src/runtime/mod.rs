//! Every piece of the runtime. A generated crate's `runtime/mod.rs` is written by the
//! generator and lists only the pieces that crate uses.

pub mod api_key_cookie;
pub mod api_key_header;
pub mod api_key_query;
pub mod check_range;
pub mod client_core;
pub mod client_options;
pub mod cookie_params;
pub mod credentials_api_key;
pub mod credentials_basic;
pub mod credentials_bearer;
pub mod decode_error;
pub mod decode_json;
pub mod double_option;
pub mod encode;
pub mod error;
pub mod header_params;
pub mod idempotency_key;
pub mod integer_enum;
pub mod json_param;
pub mod options;
pub mod pagination;
pub mod path_params;
pub mod query;
pub mod query_params;
pub mod response;
pub mod send;
pub mod string_enum;
pub mod style;
pub mod url;
