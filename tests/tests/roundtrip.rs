//! Real payloads through the generated models: the seed's user, values the client does not
//! know yet, the three states of optional+nullable pagination fields, and every example
//! in the spec, each decoded and serialized back to the same JSON value.

use sequence_api::models::{
    ApiError, Pagination, PermissionAction, PermissionResource, RoleName, User, UserList, UserState,
};
use sequence_api_tests::fake_server::SEED_USER_JSON;
use serde_json::{Value, json};

fn seed_value() -> Value {
    serde_json::from_str(SEED_USER_JSON).expect("the seed fixture is JSON")
}

/// Decodes `value` as `T` and checks it serializes back to the same JSON value.
fn round_trip<T>(value: &Value) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let decoded: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|error| panic!("does not decode: {error}\n{value:#}"));
    let back = serde_json::to_value(&decoded).expect("serializes");
    assert_eq!(&back, value, "round trip changed the JSON");
    decoded
}

#[test]
fn seed_user_round_trips_to_the_same_json() {
    let user: User = round_trip(&seed_value());
    // Also from the text itself, not only from a `Value`.
    let from_text: User = serde_json::from_str(SEED_USER_JSON).expect("decodes from text");
    assert_eq!(from_text, user);

    assert_eq!(user.id, "7b1f28b9-a4ad-450b-a0ea-fd647d5109b2");
    assert_eq!(user.email, "person@example.com");
    assert_eq!(
        user.sequence_account_ids,
        ["724c4f93-8606-4a38-bfbf-50a7045e4eaa"]
    );
    assert_eq!(user.state, UserState::Deleted);
    let role_names: Vec<_> = user.roles.iter().map(|r| r.role_name.clone()).collect();
    assert_eq!(role_names, [RoleName::SalesUser, RoleName::FinanceUser]);
    assert_eq!(user.roles[0].permissions.len(), 15);
    assert_eq!(
        user.roles[0].permissions[3].resource,
        PermissionResource::OrgQuote
    );
    assert_eq!(
        user.roles[0].permissions[3].actions,
        [
            PermissionAction::Create,
            PermissionAction::Read,
            PermissionAction::Update,
            PermissionAction::Delete,
            PermissionAction::Archive,
            PermissionAction::Publish,
            PermissionAction::Accept,
        ]
    );
    // Every value in the seed is one the client knows: none may land in the fallback.
    for role in &user.roles {
        assert!(!matches!(role.role_name, RoleName::Unknown(_)));
        for permission in &role.permissions {
            assert!(
                !matches!(permission.resource, PermissionResource::Unknown(_)),
                "{:?}",
                permission.resource
            );
            for action in &permission.actions {
                assert!(
                    !matches!(action, PermissionAction::Unknown(_)),
                    "{action:?}"
                );
            }
        }
    }
}

#[test]
fn unknown_enum_values_round_trip_unchanged() {
    let mut value = seed_value();
    value["state"] = json!("suspended");
    value["roles"][0]["roleName"] = json!("billingAdmin");
    value["roles"][0]["permissions"][0]["resource"] = json!("org.newThing");
    value["roles"][0]["permissions"][0]["actions"] = json!(["read", "approve"]);
    // Case matters on the wire: `Read` is not `read`.
    value["roles"][1]["permissions"][0]["actions"] = json!(["Read"]);

    let user: User = round_trip(&value);
    assert_eq!(user.state, UserState::Unknown("suspended".to_owned()));
    assert_eq!(
        user.roles[0].role_name,
        RoleName::Unknown("billingAdmin".to_owned())
    );
    let permission = &user.roles[0].permissions[0];
    assert_eq!(
        permission.resource,
        PermissionResource::Unknown("org.newThing".to_owned())
    );
    assert_eq!(
        permission.actions,
        [
            PermissionAction::Read,
            PermissionAction::Unknown("approve".to_owned())
        ]
    );
    assert_eq!(
        user.roles[1].permissions[0].actions,
        [PermissionAction::Unknown("Read".to_owned())]
    );
    // The rest of the document is untouched.
    assert_eq!(user.roles[1].role_name, RoleName::FinanceUser);
}

#[test]
fn enum_conversions_agree_with_the_wire() {
    assert_eq!(PermissionResource::OrgCreditNote.as_str(), "org.creditNote");
    assert_eq!(
        PermissionResource::OrgCreditNote.to_string(),
        "org.creditNote"
    );
    assert_eq!(
        "org.creditNote".parse::<PermissionResource>(),
        Ok(PermissionResource::OrgCreditNote)
    );
    assert_eq!(
        PermissionResource::from("org.newThing".to_owned()),
        PermissionResource::Unknown("org.newThing".to_owned())
    );
    assert_eq!(
        PermissionResource::from("org.newThing").as_str(),
        "org.newThing"
    );
    // A known value given as a String must not end up in the fallback.
    assert_eq!(UserState::from("deleted".to_owned()), UserState::Deleted);
    assert_eq!(RoleName::from("readOnlyUser"), RoleName::ReadOnlyUser);
    assert_eq!(RoleName::Unknown("ops".to_owned()).to_string(), "ops");
    assert_eq!(PermissionAction::from("invite"), PermissionAction::Invite);
    assert_eq!(
        serde_json::to_value(PermissionAction::Finalize).expect("serializes"),
        json!("finalize")
    );
    assert_eq!(
        serde_json::from_value::<UserState>(json!("active")).expect("decodes"),
        UserState::Active
    );
    // Enums are strings on the wire; other JSON types are refused.
    assert!(serde_json::from_value::<UserState>(json!(1)).is_err());
}

#[test]
fn pagination_tells_absent_null_and_value_apart() {
    let absent: Pagination = round_trip(&json!({}));
    assert_eq!(absent, Pagination::default());
    assert_eq!(absent.after, None);
    assert_eq!(absent.before, None);
    assert_eq!(absent.total_result_size, None);

    let nulls: Pagination = round_trip(&json!({
        "after": null, "before": null, "totalResultSize": null
    }));
    assert_eq!(nulls.after, Some(None));
    assert_eq!(nulls.before, Some(None));
    assert_eq!(nulls.total_result_size, Some(None));

    let values: Pagination = round_trip(&json!({
        "after": "b", "before": "a", "totalResultSize": 1_099_511_627_776_i64
    }));
    assert_eq!(values.after, Some(Some("b".to_owned())));
    assert_eq!(values.before, Some(Some("a".to_owned())));
    assert_eq!(values.total_result_size, Some(Some(1_099_511_627_776)));

    let mixed: Pagination = round_trip(&json!({"after": null, "totalResultSize": 0}));
    assert_eq!(mixed.after, Some(None));
    assert_eq!(mixed.before, None);
    assert_eq!(mixed.total_result_size, Some(Some(0)));

    // Serializing builds what was asked for, field by field.
    let built = Pagination {
        after: Some(None),
        before: None,
        total_result_size: Some(Some(3)),
    };
    assert_eq!(
        serde_json::to_value(&built).expect("serializes"),
        json!({"after": null, "totalResultSize": 3})
    );
    assert!(serde_json::from_value::<Pagination>(json!({"totalResultSize": "3"})).is_err());
}

#[test]
fn user_list_round_trips_with_each_pagination_shape() {
    for pagination in [
        json!({}),
        json!({"after": null, "before": null}),
        json!({"after": "next", "before": null, "totalResultSize": 40}),
    ] {
        let value = json!({"items": [seed_value()], "pagination": pagination});
        let list: UserList = round_trip(&value);
        assert_eq!(list.items.len(), 1);
    }
}

#[test]
fn required_fields_are_required() {
    for field in ["id", "email", "sequenceAccountIds", "state", "roles"] {
        let mut value = seed_value();
        value.as_object_mut().expect("object").remove(field);
        assert!(
            serde_json::from_value::<User>(value).is_err(),
            "a user without `{field}` must not decode"
        );
    }
    assert!(serde_json::from_value::<UserList>(json!({"items": []})).is_err());
}

#[test]
fn api_error_round_trips_with_and_without_nested_errors() {
    let full: ApiError = round_trip(&json!({"error": {
        "type": "validationError",
        "message": "Request data validation failed",
        "errors": [{"code": "validationError", "message": "field_a should not be blank",
                    "key": "field_a", "errors": [{"code": "c", "message": "m"}]}]
    }}));
    let items = full.error.errors.expect("errors present");
    assert_eq!(items[0].key.as_deref(), Some("field_a"));
    assert_eq!(items[0].errors.as_ref().map(Vec::len), Some(1));

    let bare: ApiError = round_trip(&json!({"error": {
        "type": "UnrecognisedApiVersion", "message": "Unrecognised API version"
    }}));
    assert_eq!(bare.error.r#type, "UnrecognisedApiVersion");
    assert_eq!(bare.error.errors, None);
}

fn load_spec() -> Value {
    let path = xtask::workspace_root().join("spec/sequence-users.yaml");
    let text = std::fs::read_to_string(&path).expect("read the spec");
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).expect("the spec is YAML");
    serde_json::to_value(yaml).expect("the spec converts to JSON")
}

#[test]
fn spec_examples_of_200_responses_decode_and_round_trip() {
    let spec = load_spec();
    let paths = spec["paths"].as_object().expect("paths");
    let mut decoded = Vec::new();
    for (path, item) in paths {
        for (method, operation) in item.as_object().expect("path item") {
            let Some(content) = operation.pointer("/responses/200/content/application~1json")
            else {
                continue;
            };
            let schema = content["schema"]["$ref"]
                .as_str()
                .expect("200 schema is a $ref");
            let example = &content["example"];
            assert!(!example.is_null(), "{method} {path}: 200 has no example");
            match schema {
                "#/components/schemas/User" => {
                    let _: User = round_trip(example);
                }
                "#/components/schemas/UserList" => {
                    let list: UserList = round_trip(example);
                    assert!(!list.items.is_empty(), "{method} {path}: empty example");
                }
                other => panic!("{method} {path}: unexpected 200 schema {other}"),
            }
            decoded.push(format!("{method} {path}"));
        }
    }
    decoded.sort();
    assert_eq!(
        decoded,
        ["delete /users/{id}", "get /users", "get /users/{id}"]
    );

    // The delete example is the seed's JSON.
    let delete_example = &spec["paths"]["/users/{id}"]["delete"]["responses"]["200"]["content"]["application/json"]
        ["example"];
    assert_eq!(delete_example, &seed_value());
}

#[test]
fn spec_examples_of_error_responses_decode_as_api_error() {
    let spec = load_spec();
    let mut count = 0;
    for (name, response) in spec["components"]["responses"]
        .as_object()
        .expect("components/responses")
    {
        let Some(content) = response.pointer("/content/application~1json") else {
            continue;
        };
        let examples = content["examples"]
            .as_object()
            .map(|examples| examples.values().map(|e| &e["value"]).collect::<Vec<_>>())
            .unwrap_or_default();
        for example in examples.into_iter().chain(content.get("example")) {
            let error: ApiError = round_trip(example);
            assert!(!error.error.message.is_empty(), "{name}");
            count += 1;
        }
    }
    assert!(
        count >= 2,
        "expected error examples in the spec, found {count}"
    );
}
