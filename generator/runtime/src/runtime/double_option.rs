//! Fields that are both optional and nullable: absent, `null` and a value told apart
//! (`Option<Option<T>>`; the struct's own `Serialize` and `Deserialize` write and read them).

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
