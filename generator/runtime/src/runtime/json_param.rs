//! Parameters whose value is sent as JSON text (`content: application/json`).

use serde::ser::{Error as _, Serialize, Serializer};

/// A value that a parameter style writes as its JSON text.
pub(crate) struct JsonText<'a, T: ?Sized>(pub(crate) &'a T);

impl<T: Serialize + ?Sized> Serialize for JsonText<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = serde_json::to_string(self.0).map_err(S::Error::custom)?;
        serializer.serialize_str(&text)
    }
}
