//! Decoding JSON objects into the generated structs: the part of every struct's
//! `Deserialize` that is the same for all of them. A struct's own code lists its fields
//! (one slot, one match arm and one line of the result per field); the visitor, the key
//! type and the checks are here, compiled once for the crate.
//!
//! serde's derive writes, per struct, a field enum with its own visitor, a `visit_seq`
//! for structs written as arrays and byte-string keys, none of which JSON needs; that was
//! most of what `cargo check` spent on a generated crate.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, Error, IgnoredAny, MapAccess, Visitor};

/// A struct decoded from a JSON object, field by field.
pub(crate) trait Object: Sized {
    /// Reads the object's entries from `map` and builds the struct.
    fn visit<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Decodes `T` from an object; anything else is an error expecting `expecting` (`struct
/// Name`, as serde's derive says).
pub(crate) fn decode<'de, T: Object, D: Deserializer<'de>>(
    deserializer: D,
    expecting: &'static str,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor {
        expecting,
        object: PhantomData,
    })
}

struct ObjectVisitor<T> {
    expecting: &'static str,
    object: PhantomData<T>,
}

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.expecting)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::visit(map)
    }
}

/// A property name, borrowed from the input when the input allows it.
pub(crate) struct Key<'de>(Cow<'de, str>);

impl std::ops::Deref for Key<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a property name")
            }

            fn visit_borrowed_str<E: Error>(self, name: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(name)))
            }

            fn visit_str<E: Error>(self, name: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(name.to_owned())))
            }

            fn visit_string<E: Error>(self, name: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(name)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Where the value of one property goes: a field's slot (`Option<T>`, filled once), the
/// struct's map of additional properties, or nowhere (`()`: a property the struct does not
/// list, skipped).
pub(crate) trait Slot<'de> {
    /// Reads the value of the property `key` from `map` into the slot.
    fn fill<A: MapAccess<'de>>(&mut self, key: Key<'de>, map: &mut A) -> Result<(), A::Error>;
}

impl<'de, T: Deserialize<'de>> Slot<'de> for Option<T> {
    fn fill<A: MapAccess<'de>>(&mut self, key: Key<'de>, map: &mut A) -> Result<(), A::Error> {
        if self.is_some() {
            // serde's derive says the same of a property given twice.
            return Err(A::Error::custom(format_args!(
                "duplicate field `{}`",
                &*key
            )));
        }
        *self = Some(map.next_value()?);
        Ok(())
    }
}

impl<'de, V: Deserialize<'de>> Slot<'de> for BTreeMap<String, V> {
    fn fill<A: MapAccess<'de>>(&mut self, key: Key<'de>, map: &mut A) -> Result<(), A::Error> {
        let value = map.next_value()?;
        self.insert(key.0.into_owned(), value);
        Ok(())
    }
}

impl<'de> Slot<'de> for () {
    fn fill<A: MapAccess<'de>>(&mut self, _: Key<'de>, map: &mut A) -> Result<(), A::Error> {
        map.next_value::<IgnoredAny>().map(drop)
    }
}

/// What a struct's `visit` calls on the entries of its object.
pub(crate) trait Entries<'de>: MapAccess<'de> + Sized {
    /// The next property name, or `None` at the end of the object.
    fn key(&mut self) -> Result<Option<Key<'de>>, Self::Error> {
        self.next_key()
    }

    /// Reads the value of the property `key` into `slot`.
    fn read<S: Slot<'de>>(&mut self, key: Key<'de>, slot: &mut S) -> Result<(), Self::Error> {
        slot.fill(key, self)
    }
}

impl<'de, A: MapAccess<'de>> Entries<'de> for A {}
