//! Stand-in for a generated crate's `models` module: one string enum and one integer
//! enum, implemented by the runtime's enum macros as generated enums are.

/// A string enum as the generator writes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// `active`
    Active,
    /// `deleted`
    Deleted,
    /// A value this version does not know.
    Unknown(String),
}

crate::runtime::string_enum::string_enum!(State, Unknown, {
    Active => "active",
    Deleted => "deleted",
});

/// An integer enum as the generator writes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// `1`
    One,
    /// `-2`
    MinusTwo,
    /// A value this version does not know.
    Unknown(i64),
}

crate::runtime::integer_enum::integer_enum!(Level, Unknown, {
    One => 1,
    MinusTwo => -2,
});
