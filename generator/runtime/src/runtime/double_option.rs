//! Fields that are both optional and nullable: absent, `null` and a value told apart.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Writes `None` (absent) and `Some(None)` as `null` (serde skips an absent field
/// before this is called, with `skip_serializing_if = "Option::is_none"`).
pub(crate) fn serialize<T: Serialize, S: Serializer>(
    value: &Option<Option<T>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(inner) => inner.serialize(serializer),
        None => serializer.serialize_none(),
    }
}

/// Reads a present field: `null` is `Some(None)`; an absent one stays `None` through
/// `#[serde(default)]`.
pub(crate) fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Reading a field that may be absent, `null`, or a value (`Option<Option<T>>`) without
/// matching both layers: `user.nickname.value()`.
pub trait Nullable<T> {
    /// The value, when the field is present and not `null`.
    fn value(&self) -> Option<&T>;

    /// Whether the field is present as an explicit `null`.
    fn is_null(&self) -> bool;
}

impl<T> Nullable<T> for Option<Option<T>> {
    fn value(&self) -> Option<&T> {
        self.as_ref().and_then(Option::as_ref)
    }

    fn is_null(&self) -> bool {
        matches!(self, Some(None))
    }
}
