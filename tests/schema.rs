//! The JSON Schemas under `docs/schema/` are generated from the code that
//! reads and writes those files; these tests fail when a committed schema
//! is out of date. To write them anew: `UPDATE_SCHEMAS=1 cargo test --test schema`.

mod support;

use std::path::Path;

fn check_schema(file: &str, generated: &str) {
    let path = support::root().join("docs/schema").join(file);
    if std::env::var_os("UPDATE_SCHEMAS").is_some() {
        std::fs::write(&path, generated).expect("write the schema");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/schema/{file} is out of date with the code: run `UPDATE_SCHEMAS=1 cargo test --test schema` and commit it"
    );
}

#[test]
fn the_fact_file_schema_is_up_to_date() {
    check_schema(
        "facts.schema.json",
        &rules::facts::schema::fact_file_schema(),
    );
}

/// Every JSON fact file of the test cases that `rules` reads without a
/// problem is valid by the schema, and every organization of every sample
/// too, written as JSON.
#[test]
fn valid_json_fact_files_are_valid_by_the_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&rules::facts::schema::fact_file_schema()).expect("JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let files = [
        "tests/cases/facts/json-organization/org.json",
        "tests/cases/facts/folder-of-ron-json-and-jsonl/orgs/b.json",
    ];
    for file in files {
        let (organizations, problems) = rules::facts::load_organizations(Path::new(file));
        assert!(
            problems.is_empty() && !organizations.is_empty(),
            "{file} reads"
        );
        let value: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(file).expect("read")).expect("JSON");
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{file}: {errors:?}");
    }
    let (organizations, problems) = rules::facts::load_organizations(Path::new("examples"));
    assert!(problems.is_empty(), "the samples read");
    let mut text = Vec::new();
    let mut writer = rules::facts::write::FactWriter::begin(
        &mut text,
        rules::facts::write::Layout::JsonArray,
        None,
    )
    .expect("write");
    for org in &organizations {
        writer.organization(org).expect("write");
    }
    writer.end().expect("write");
    let value: serde_json::Value = serde_json::from_slice(&text).expect("JSON");
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "the samples as JSON: {errors:?}");
}

/// What the schema refuses, `rules` refuses too.
#[test]
fn the_schema_refuses_what_rules_refuses() {
    let schema: serde_json::Value =
        serde_json::from_str(&rules::facts::schema::fact_file_schema()).expect("JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    for bad in [
        r#"{"name": "no id"}"#,
        r#"{"id": "x", "peeple": []}"#,
        r#"{"id": "x", "metrics": [{"kind": "Revenue", "workload": "azure", "value": -1, "date": "2026-01-01"}]}"#,
        r#"{"id": "x", "metrics": [{"kind": "Revenu", "workload": "azure", "value": 1, "date": "2026-01-01"}]}"#,
        r#"{"id": "x", "market": "Emerging"}"#,
        r#"{"id": ""}"#,
    ] {
        let value: serde_json::Value = serde_json::from_str(bad).expect("JSON");
        assert!(!validator.is_valid(&value), "the schema accepts {bad}");
        let source = rules::source::SourceFile::new("bad.json", bad);
        assert!(
            rules::facts::parse_organization(&source, rules::facts::tokens::Format::Json, false)
                .is_err(),
            "rules accepts {bad}"
        );
    }
}
