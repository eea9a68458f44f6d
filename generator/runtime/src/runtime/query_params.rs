//! Query parameters in their OpenAPI styles: `form` (exploded or not), `spaceDelimited`,
//! `pipeDelimited` and `deepObject`, written as the specification's examples show
//! (`id=3&id=4`, `id=3,4`, `id=3%204`, `id=3|4`, `color[R]=100`) by the pair writer of
//! [`pairs`](super::pairs), which form bodies share; names and values are
//! percent-encoded, the delimiters are not.

use serde::Serialize;

use super::super::error::Error;
use super::pairs::{PairStyle, write_pairs};
use super::param_length::check_length;
use super::query::push_query_pair;
use super::style::Node;
use super::url::UrlBuilder;

impl UrlBuilder {
    /// Writes the query parameter `name` in the style the OpenAPI keyword `style` names
    /// (`form`, `spaceDelimited`, `pipeDelimited` or `deepObject`), with the reserved
    /// characters of RFC 3986 left as they are when `allow_reserved` (OpenAPI's
    /// `allowReserved`); an absent value (`None`, an empty array or object) writes
    /// nothing. A parameter whose pairs are longer in all than
    /// [`MAX_PARAMETER_LENGTH`](super::param_length::MAX_PARAMETER_LENGTH) is refused
    /// with [`Error::InvalidArgument`] and leaves the URL as it was.
    pub(crate) fn push_query_param<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        style: &str,
        explode: bool,
        allow_reserved: bool,
    ) -> Result<(), Error> {
        let style = PairStyle::from_keyword(style);
        let node = Node::of(name, value)?;
        let start = self.url.len();
        write_pairs(
            name,
            &node,
            style,
            explode,
            allow_reserved,
            &mut |name, value| {
                push_query_pair(self, name, value);
            },
        );
        let written = self.url.len() - start;
        if let Err(error) = check_length(name, written, &node) {
            self.url.truncate(start);
            return Err(error);
        }
        Ok(())
    }
}
