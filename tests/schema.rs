//! The JSON Schemas under `docs/schema/`, for data teams to validate both
//! ends with: the fact files `rules` reads (`facts.schema.json`) and the
//! JSON it writes (`output.schema.json`). Each is generated from the code
//! that reads or writes those files; these tests fail when a committed
//! schema is out of date, and check real files and outputs against them.
//!
//! After a change, regenerate them with `UPDATE_SCHEMAS=1 cargo test --test
//! schema` and commit the files; for the output, check
//! `docs/output-schema.md`: a removed or renamed field, or a field whose
//! type or meaning changed, needs a new `version`.

mod support;

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

fn check_schema(file: &str, generated: &str) {
    let path = support::root().join("docs/schema").join(file);
    if std::env::var_os("UPDATE_SCHEMAS").is_some() {
        std::fs::write(&path, generated).expect("write the schema");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/schema/{file} differs from the schema the code generates: if that change is \
         meant, run `UPDATE_SCHEMAS=1 cargo test --test schema` and commit the file"
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
/// problem is valid by the schema, and every organization of the command
/// cases' RON fact files too, written as JSON.
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
    // The RON files of the cases that evaluate organizations (the `facts`
    // and `hostile` groups hold broken ones on purpose).
    let mut organizations = Vec::new();
    for group in ["eval", "membership", "diff", "test-command"] {
        for case in support::entries(Path::new("tests/cases").join(group)) {
            for file in ron_files(&case) {
                let (found, problems) = rules::facts::load_organizations(&file);
                if problems.is_empty() {
                    organizations.extend(found);
                }
            }
        }
    }
    assert!(
        organizations.len() > 40,
        "found only {}",
        organizations.len()
    );
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
    assert!(
        errors.is_empty(),
        "the cases' organizations as JSON: {errors:?}"
    );
}

/// Every `.ron` file under `dir`.
fn ron_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read a case").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(ron_files(&path));
        } else if path.extension().is_some_and(|e| e == "ron") {
            files.push(path);
        }
    }
    files
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

// ------------------------------------------------------------ the output

const COMMITTED: &str = "docs/schema/output.schema.json";

fn generated() -> String {
    let schema = rules::explain::json::schema();
    serde_json::to_string_pretty(&schema).expect("a schema prints") + "\n"
}

fn committed() -> Value {
    let text = std::fs::read_to_string(support::root().join(COMMITTED))
        .unwrap_or_else(|e| panic!("cannot read {COMMITTED}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{COMMITTED} is not JSON: {e}"))
}

#[test]
fn the_output_schema_is_up_to_date() {
    check_schema("output.schema.json", &generated());
}

/// Every `rules eval ... --format json` line of the command-line cases,
/// run as the cases run it: each output line is one organization.
fn case_outputs() -> Vec<(String, String)> {
    let mut outputs = Vec::new();
    for group in support::entries("tests/cases") {
        for case in support::entries(&group) {
            if !case.join("cmd").is_file() {
                continue;
            }
            for line in support::command_lines(&case) {
                if !line.starts_with("rules eval") || !line.contains("--format json") {
                    continue;
                }
                let (command, stdin) = match line.split_once(" < ") {
                    Some((command, file)) => (
                        command,
                        std::fs::read(case.join(file.trim())).expect("stdin"),
                    ),
                    None => (line.as_str(), Vec::new()),
                };
                let run = support::rules(support::arguments(&case, command))
                    .dir(&case)
                    .stdin(stdin)
                    .run();
                for json in run.stdout.lines() {
                    outputs.push((format!("{}: {line}", case.display()), json.to_string()));
                }
            }
        }
    }
    outputs
}

#[test]
fn every_case_output_matches_the_committed_schema() {
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&committed())
        .expect("the committed schema is a valid JSON Schema");
    let outputs = case_outputs();
    let mut failures = Vec::new();
    let mut kinds_seen = BTreeSet::new();
    for (source, json) in &outputs {
        let value: Value = serde_json::from_str(json)
            .unwrap_or_else(|e| panic!("{source}: not JSON ({e}): {json}"));
        for error in validator.iter_errors(&value) {
            failures.push(format!("{source}: {error} at {}", error.instance_path()));
        }
        collect_kinds(&value, &mut kinds_seen);
    }
    assert!(
        failures.is_empty(),
        "{} output(s) do not match {COMMITTED}:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The outputs checked must show every kind the schema lists, or a kind
    // could be written wrongly with no output here to show it.
    let kinds_listed = schema_kinds(&committed());
    let unseen: Vec<&(String, String)> = kinds_listed.difference(&kinds_seen).collect();
    assert!(
        unseen.is_empty(),
        "no case output shows these kinds, so none is checked: {unseen:?}"
    );
}

/// The lists whose entries carry a `kind`, by the schema definition of their entries.
const KINDED: [(&str, &str); 3] = [
    ("reasons", "Reason"),
    ("causes", "Cause"),
    ("why", "LapseCause"),
];

/// Every (definition, kind) an output shows.
fn collect_kinds(value: &Value, kinds: &mut BTreeSet<(String, String)>) {
    match value {
        Value::Object(fields) => {
            for (key, value) in fields {
                let definition = KINDED.iter().find(|(list, _)| list == key);
                if let (Some((_, definition)), Value::Array(items)) = (definition, value) {
                    for item in items {
                        if let Some(Value::String(kind)) = item.get("kind") {
                            kinds.insert((definition.to_string(), kind.clone()));
                        }
                    }
                }
                collect_kinds(value, kinds);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_kinds(v, kinds)),
        _ => {}
    }
}

/// Every (definition, kind) the schema lists.
fn schema_kinds(schema: &Value) -> BTreeSet<(String, String)> {
    let mut kinds = BTreeSet::new();
    for (_, definition) in KINDED {
        let variants = schema["$defs"][definition]["oneOf"]
            .as_array()
            .unwrap_or_else(|| panic!("the schema defines {definition} as one of several kinds"));
        for variant in variants {
            let kind = variant["properties"]["kind"]["const"]
                .as_str()
                .unwrap_or_else(|| panic!("every {definition} has a constant kind"));
            kinds.insert((definition.to_string(), kind.to_string()));
        }
    }
    kinds
}
