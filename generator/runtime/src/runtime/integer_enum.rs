//! The impls every forward-compatible integer enum has, written once for the crate: a
//! generated enum lists its values once (`integer_enum!(Level, Unknown, {One => 1,
//! ...})`) and gets `value`, `From<i64>`, `Display`, `Serialize` and `Deserialize`.

/// Implements the conversions and serde for an integer enum whose variants are listed
/// with their wire values, and whose `$fallback(i64)` variant keeps any other value.
macro_rules! integer_enum {
    ($name:ident, $fallback:ident, { $($variant:ident => $value:literal,)* }) => {
        impl $name {
            /// The value as it appears on the wire.
            pub fn value(self) -> i64 {
                match self {
                    $(Self::$variant => $value,)*
                    Self::$fallback(value) => value,
                }
            }
        }

        impl From<i64> for $name {
            fn from(value: i64) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::$fallback(other),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <i64 as serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    };
}

pub(crate) use integer_enum;
