//! Untagged unions: members chosen by shape, each decoded at most once unless it holds no
//! union.

use serde_json::{Value, json};

use crate::runtime::untagged::{Failure, Kind, Member, decode};

const OBJECT: &[Kind] = &[Kind::Object];

/// `{"and": [...]}` (holds a union), `{"or": [...]}` (holds a union), a string (does not).
const MEMBERS: &[Member<'static>] = &[
    Member {
        kinds: Some(OBJECT),
        required: &["and"],
        properties: &[("and", &[Kind::Array])],
        values: &[],
        passed_over: false,
    },
    Member {
        kinds: Some(OBJECT),
        required: &["or"],
        properties: &[("or", &[Kind::Array])],
        values: &[],
        passed_over: false,
    },
    Member {
        kinds: Some(&[Kind::String]),
        required: &[],
        properties: &[],
        values: &[],
        passed_over: true,
    },
    Member {
        kinds: None,
        required: &[],
        properties: &[],
        values: &[],
        passed_over: true,
    },
];

/// The indices of the members `decode` tries for `value`, each failing.
fn tried(value: &Value) -> (Vec<usize>, bool) {
    let mut tried = Vec::new();
    let result = decode(value, MEMBERS, |index, _| {
        tried.push(index);
        Err::<(), _>("fails")
    });
    (tried, matches!(result, Err(Failure::NoMember)))
}

#[test]
fn a_member_is_chosen_by_its_shape() {
    let kinds = |value: &Value| {
        MEMBERS
            .iter()
            .map(|member| member.fits(value))
            .collect::<Vec<_>>()
    };
    assert_eq!(kinds(&json!({"and": []})), [true, false, false, true]);
    assert_eq!(kinds(&json!({"and": 1})), [false, false, false, true]);
    assert_eq!(kinds(&json!("x")), [false, false, true, true]);
    assert_eq!(Kind::of(&json!(1)), Kind::Integer);
    assert_eq!(Kind::of(&json!(1.5)), Kind::Fraction);
    assert_eq!(Kind::of(&json!(u64::MAX)), Kind::Integer);
}

#[test]
fn a_member_that_holds_a_union_is_decoded_at_most_once() {
    // Both keys: the first fitting member fails, and the union with it (no second try).
    assert_eq!(tried(&json!({"and": [], "or": []})), (vec![0], false));
    // A member that holds no union is passed over when it fails.
    assert_eq!(tried(&json!("x")), (vec![2, 3], false));
    assert_eq!(tried(&json!(5)), (vec![3], false));
    let decoded = decode(&json!({"or": []}), MEMBERS, |index, _| Ok::<_, ()>(index));
    assert!(matches!(decoded, Ok(1)));
    let none = decode(&json!(5), &MEMBERS[..3], |_, _| Ok::<_, String>(()));
    let error: serde_json::Error = none.unwrap_err().into_error("Expr");
    assert_eq!(
        error.to_string(),
        "data did not match any variant of untagged enum Expr"
    );
}

/// Payment methods told apart by an optional `type` of one value each, after a card that
/// requires nothing (Adyen's `DonationPaymentMethod`): apple pay, card, ideal.
const PAYMENTS: &[Member<'static>] = &[
    Member {
        kinds: Some(OBJECT),
        required: &["token"],
        properties: &[("type", &[Kind::String]), ("token", &[Kind::String])],
        values: &[("type", "applepay")],
        passed_over: true,
    },
    Member {
        kinds: Some(OBJECT),
        required: &[],
        properties: &[("type", &[Kind::String]), ("number", &[Kind::String])],
        values: &[],
        passed_over: true,
    },
    Member {
        kinds: Some(OBJECT),
        required: &["issuer"],
        properties: &[("type", &[Kind::String]), ("issuer", &[Kind::String])],
        values: &[("type", "ideal")],
        passed_over: true,
    },
];

/// The indices of the members `decode` tries for `value` among `PAYMENTS`, each failing.
fn payments_tried(value: &Value) -> Vec<usize> {
    let mut tried = Vec::new();
    let _ = decode(value, PAYMENTS, |index, _| {
        tried.push(index);
        Err::<(), _>("fails")
    });
    tried
}

#[test]
fn a_member_whose_one_value_the_value_carries_comes_first() {
    // The card requires nothing and comes before ideal, but the value says `ideal`.
    let decoded = decode(
        &json!({"type": "ideal", "issuer": "1121"}),
        PAYMENTS,
        |index, _| Ok::<_, ()>(index),
    );
    assert!(matches!(decoded, Ok(2)));
    assert_eq!(
        payments_tried(&json!({"type": "ideal", "issuer": "1121"})),
        [2, 1]
    );
    // Apple pay has the shape (a token) but says `applepay`: the card, then apple pay last.
    assert_eq!(
        payments_tried(&json!({"type": "scheme", "token": "t"})),
        [1, 0]
    );
    // No `type`: in order, as before.
    assert_eq!(payments_tried(&json!({"token": "t"})), [0, 1]);
    // A value of a kind nobody names still decodes (as the first member with its shape).
    let decoded = decode(
        &json!({"type": "klarna", "token": "t"}),
        &PAYMENTS[..1],
        |index, _| Ok::<_, ()>(index),
    );
    assert!(matches!(decoded, Ok(0)));
}
