//! Decoding a `oneOf`/`anyOf` union without a discriminator in time linear in the value.
//!
//! serde's untagged enums try every member on a buffered copy of the value, and a member
//! that holds the union again tries every member of that too: a value nested `depth`
//! levels deep can cost `members^depth` attempts. Here the union's value is buffered once,
//! each member is first checked against its JSON shape (the JSON type, the properties an
//! object must have, the JSON types of the properties it declares), and a member that
//! fits is decoded from the buffered value. A member whose decoding can meet a union is
//! decoded at most once: if it fails, the union fails, unless no member tried after it
//! can meet a union. Only such a member, or one that holds no union (whose decoding is
//! one pass over its value), is passed over when it fails. So at most one member of a
//! union decodes the unions inside it, and every part of a value is decoded once per
//! member of the unions around it.
//!
//! A member may say that a property holds one string value only (`type: {enum: [ideal]}`).
//! Members whose such values the value carries are tried first, then those that say
//! nothing of what the value carries, and last, so that a value of a kind this version
//! does not know still decodes, those whose value differs from the one carried: members
//! told apart by an optional `type` find their value even after a member that requires
//! nothing.
//!
//! The generator itself fits the document's examples to their unions with this same code,
//! so an example is fitted to the member the generated union picks.

use serde_json::Value;

/// A JSON type, as a union member's shape names it. (Public so that the generator, which
/// compiles this file too, can name it in its own public types.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Boolean,
    /// A number without a fraction or an exponent that fits 64 bits.
    Integer,
    /// Any other number.
    Fraction,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl Kind {
    /// The JSON type of `value`.
    pub(crate) fn of(value: &Value) -> Kind {
        match value {
            Value::Null => Kind::Null,
            Value::Bool(_) => Kind::Boolean,
            Value::Number(number) if number.is_i64() || number.is_u64() => Kind::Integer,
            Value::Number(_) => Kind::Fraction,
            Value::String(_) => Kind::String,
            Value::Array(_) => Kind::Array,
            Value::Object(_) => Kind::Object,
        }
    }
}

/// What a member of a union accepts, checked before the member is decoded.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Member<'a> {
    /// The JSON types the value may have; `None` for any.
    pub(crate) kinds: Option<&'a [Kind]>,
    /// Properties an object must have.
    pub(crate) required: &'a [&'a str],
    /// The JSON types of declared properties, checked when they are present.
    pub(crate) properties: &'a [(&'a str, &'a [Kind])],
    /// Properties that hold one string value, and the value.
    pub(crate) values: &'a [(&'a str, &'a str)],
    /// Whether a failed decode passes on to the next member: only for members that hold
    /// no union, whose decoding is a single pass over the value, and for the last member
    /// tried that holds one.
    pub(crate) passed_over: bool,
}

impl Member<'_> {
    /// Whether `value` has this member's shape.
    pub(crate) fn fits(&self, value: &Value) -> bool {
        if self
            .kinds
            .is_some_and(|kinds| !kinds.contains(&Kind::of(value)))
        {
            return false;
        }
        // Properties constrain objects only (`null` for a nullable member passes).
        let Value::Object(object) = value else {
            return true;
        };
        self.required.iter().all(|name| object.contains_key(*name))
            && self.properties.iter().all(|(name, kinds)| {
                object
                    .get(*name)
                    .is_none_or(|property| kinds.contains(&Kind::of(property)))
            })
    }

    /// Where `value` puts this member among those whose shape it has, by the one-value
    /// properties the value carries.
    fn rank(&self, value: &Value) -> Rank {
        let Value::Object(object) = value else {
            return Rank::Silent;
        };
        let mut rank = Rank::Silent;
        for (name, one) in self.values {
            match object.get(*name) {
                Some(Value::String(carried)) if carried == one => rank = Rank::Carries,
                Some(_) => return Rank::Differs,
                None => {}
            }
        }
        rank
    }
}

/// The order in which members are tried, by [`Member::values`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rank {
    /// The value carries this member's one value of a property (and no other).
    Carries,
    /// The value carries none of the properties this member holds one value of.
    Silent,
    /// The value carries another value of such a property.
    Differs,
}

/// Why no member was decoded.
#[derive(Debug)]
pub(crate) enum Failure<E> {
    /// No member has the value's shape.
    NoMember,
    /// The member chosen by shape failed to decode.
    Member(E),
}

impl<E: std::fmt::Display> Failure<E> {
    /// The failure as a serde error of the union `name`.
    pub(crate) fn into_error<D: serde::de::Error>(self, name: &str) -> D {
        match self {
            Failure::NoMember => D::custom(format_args!(
                "data did not match any variant of untagged enum {name}"
            )),
            Failure::Member(error) => D::custom(error),
        }
    }
}

/// Decodes `value` as the first member whose shape it has, with
/// `decode_member(index, value)`: in order among those whose one-value properties it
/// carries, then among those it says nothing to, then among those whose one value it
/// contradicts (see [`Rank`]). A failed member is passed over only when
/// [`Member::passed_over`] says so, so nothing is decoded twice but such members.
pub(crate) fn decode<T, E>(
    value: &Value,
    members: &[Member<'_>],
    mut decode_member: impl FnMut(usize, &Value) -> Result<T, E>,
) -> Result<T, Failure<E>> {
    let mut last = Failure::NoMember;
    let ranked = members.iter().any(|member| !member.values.is_empty());
    let ranks: &[Option<Rank>] = if ranked {
        &[Some(Rank::Carries), Some(Rank::Silent), Some(Rank::Differs)]
    } else {
        &[None]
    };
    for &rank in ranks {
        for (index, member) in members.iter().enumerate() {
            if rank.is_some_and(|rank| member.rank(value) != rank) || !member.fits(value) {
                continue;
            }
            match decode_member(index, value) {
                Ok(decoded) => return Ok(decoded),
                Err(error) if member.passed_over => last = Failure::Member(error),
                Err(error) => return Err(Failure::Member(error)),
            }
        }
    }
    Err(last)
}
