//! The enum macros: known values, values added later, and text round trips.

use crate::models::{Level, State};

#[test]
fn string_enums_keep_values_added_later() {
    let states: Vec<State> =
        serde_json::from_str(r#"["active", "suspended", "deleted"]"#).expect("decodes");
    assert_eq!(
        states,
        [
            State::Active,
            State::Unknown("suspended".to_owned()),
            State::Deleted
        ]
    );
    assert_eq!(
        serde_json::to_string(&states).expect("encodes"),
        r#"["active","suspended","deleted"]"#
    );
    assert_eq!(State::from("deleted"), State::Deleted);
    assert_eq!(State::from("x".to_owned()).as_str(), "x");
    assert_eq!("active".parse::<State>(), Ok(State::Active));
    assert_eq!(State::Deleted.to_string(), "deleted");
    // Owned text (from a `serde_json::Value`) decodes too.
    let value = serde_json::json!("active");
    assert_eq!(
        serde_json::from_value::<State>(value).expect("decodes"),
        State::Active
    );
    assert!(serde_json::from_str::<State>("1").is_err());
}

#[test]
fn integer_enums_keep_values_added_later() {
    let levels: Vec<Level> = serde_json::from_str("[1, 7, -2]").expect("decodes");
    assert_eq!(levels, [Level::One, Level::Unknown(7), Level::MinusTwo]);
    assert_eq!(serde_json::to_string(&levels).expect("encodes"), "[1,7,-2]");
    assert_eq!(Level::MinusTwo.to_string(), "-2");
    assert_eq!(Level::from(1).value(), 1);
}
