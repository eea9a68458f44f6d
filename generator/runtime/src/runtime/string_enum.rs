//! The impls every forward-compatible string enum has, written once for the crate: a
//! generated enum lists its values once (`string_enum!(State, Unknown, {Active =>
//! "active", ...})`) and gets `as_str`, `From<&str>`, `From<String>`, `FromStr`,
//! `Display`, `Serialize` and `Deserialize`. Decoding reads borrowed text and allocates
//! only for a value this version does not know.

use std::marker::PhantomData;

/// Implements the string conversions and serde for a string enum whose variants are
/// listed with their wire values, and whose `$fallback(String)` variant keeps any other
/// value unchanged.
macro_rules! string_enum {
    ($name:ident, $fallback:ident, { $($variant:ident => $value:literal,)* }) => {
        impl $name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::$fallback(value) => value,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::$fallback(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match Self::from(value.as_str()) {
                    Self::$fallback(_) => Self::$fallback(value),
                    known => known,
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // Not `$crate`: the generated code may be a module of another crate. The
                // path is resolved where the macro is called, the models module, one level
                // below the generated root.
                deserializer.deserialize_str(super::runtime::string_enum::TextVisitor::new())
            }
        }
    };
}

pub(crate) use string_enum;

/// Reads a string enum from text: borrowed text is matched without a copy, owned text
/// is moved into the fallback when unknown.
pub(crate) struct TextVisitor<T>(PhantomData<T>);

impl<T> TextVisitor<T> {
    pub(crate) fn new() -> Self {
        TextVisitor(PhantomData)
    }
}

impl<T: for<'a> From<&'a str> + From<String>> serde::de::Visitor<'_> for TextVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }

    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<T, E> {
        Ok(T::from(value))
    }
}
