//! The xtask's codegen path end to end on the real spec: a property added to the spec
//! appears in the generated type, and generation is deterministic.

use std::fs;

use openapi_codegen::Config;

fn users_spec() -> String {
    let path = xtask::workspace_root().join("spec/sequence-users.yaml");
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn models_rs(spec: &str) -> String {
    let files = openapi_codegen::generate_from_text(spec, &Config::new("sequence-api"))
        .unwrap_or_else(|e| panic!("generation failed: {e}"));
    files
        .files
        .into_iter()
        .find(|f| f.path == "src/models.rs")
        .map(|f| f.contents)
        .unwrap_or_else(|| panic!("no src/models.rs generated"))
}

#[test]
fn a_property_added_to_the_spec_appears_in_the_generated_type() {
    let spec = users_spec();
    let mut document: serde_yaml::Value = serde_yaml::from_str(&spec).expect("spec is YAML");
    let properties = &mut document["components"]["schemas"]["User"]["properties"];
    let serde_yaml::Value::Mapping(properties) = properties else {
        panic!("User has no properties mapping");
    };
    let nickname: serde_yaml::Value = serde_yaml::from_str(
        "type: string\ndescription: The name the user goes by.\nnullable: true",
    )
    .expect("valid YAML");
    properties.insert("preferredName".into(), nickname);
    let changed = serde_yaml::to_string(&document).expect("serializes");

    let before = models_rs(&spec);
    let after = models_rs(&changed);
    assert!(!before.contains("preferred_name"));
    assert!(
        after.contains(
            "    /// The name the user goes by.\n    pub preferred_name: Option<Option<String>>,"
        ),
        "the new property is missing from User:\n{after}"
    );
    // Written under its wire name when present, `null` included, and read back from it.
    for expected in [
        "        if let Some(value) = &self.preferred_name {\n            map.serialize_entry(\"preferredName\", value)?;\n        }",
        "                \"preferredName\" => map.read(key, &mut preferred_name)?,",
    ] {
        assert!(
            after.contains(expected),
            "missing from User:\n{expected}\n{after}"
        );
    }
}

#[test]
fn generation_is_deterministic() {
    let spec = users_spec();
    let config = Config::new("sequence-api");
    let first = openapi_codegen::generate_from_text(&spec, &config)
        .expect("generates")
        .files;
    let second = openapi_codegen::generate_from_text(&spec, &config)
        .expect("generates")
        .files;
    assert_eq!(first, second);
}
