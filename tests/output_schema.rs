//! The JSON Schema of `rules eval --format json`, committed at
//! `docs/schema/output.schema.json` for data teams to validate against:
//! it must be the one the code generates, and real outputs must match it.
//!
//! After a change to the output, regenerate it with
//! `UPDATE_SCHEMAS=1 cargo test --test output_schema` and commit the file.

mod harness;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

const COMMITTED: &str = "docs/schema/output.schema.json";

fn generated() -> String {
    let schema = rules::explain::json::schema();
    serde_json::to_string_pretty(&schema).expect("a schema prints") + "\n"
}

fn committed() -> Value {
    let text = std::fs::read_to_string(harness::root().join(COMMITTED))
        .unwrap_or_else(|e| panic!("cannot read {COMMITTED}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{COMMITTED} is not JSON: {e}"))
}

#[test]
fn the_committed_schema_is_the_one_the_code_generates() {
    let path = harness::root().join(COMMITTED);
    let generated = generated();
    if std::env::var_os("UPDATE_SCHEMAS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("create docs/schema");
        std::fs::write(&path, &generated).expect("write the schema");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{COMMITTED} differs from the schema the code generates.\n\
         If the output changed on purpose, regenerate it and commit the file:\n\
         \n    UPDATE_SCHEMAS=1 cargo test --test output_schema\n\n\
         and check docs/output-schema.md: a removed or renamed field, or a field\n\
         whose type or meaning changed, needs a new `version`."
    );
}

/// Every organization under `examples/`, evaluated with the shipped rules.
fn sample_outputs() -> Vec<(String, String)> {
    let rule_set = rules::load::load_rule_set(Path::new("rules")).expect("the shipped rules");
    let mut outputs = Vec::new();
    for target in harness::entries("examples") {
        let problems = rules::batch::evaluate_target(&rule_set, &target, None, |o| {
            outputs.push((
                format!("{} ({})", target.display(), o.org),
                rules::explain::json::to_json(&o),
            ))
        });
        assert!(
            problems.is_empty(),
            "{} has invalid facts",
            target.display()
        );
    }
    outputs
}

/// Every `rules eval ... --format json` line of the command-line cases,
/// run as the cases run it: each output line is one organization.
fn case_outputs() -> Vec<(String, String)> {
    let mut outputs = Vec::new();
    for group in harness::entries("tests/cases") {
        for case in harness::entries(&group.to_string_lossy()) {
            let Ok(commands) = std::fs::read_to_string(case.join("cmd")) else {
                continue;
            };
            for line in commands.lines().map(str::trim) {
                let words: Vec<&str> = line.split_whitespace().collect();
                if words.get(1) != Some(&"eval") || !line.contains("--format json") {
                    continue;
                }
                let output = Command::new(env!("CARGO_BIN_EXE_rules"))
                    .args(&words[1..])
                    .current_dir(&case)
                    .output()
                    .expect("run rules");
                let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
                for json in stdout.lines() {
                    outputs.push((format!("{}: {line}", case.display()), json.to_string()));
                }
            }
        }
    }
    outputs
}

#[test]
fn every_sample_and_case_output_matches_the_committed_schema() {
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&committed())
        .expect("the committed schema is a valid JSON Schema");
    let outputs: Vec<(String, String)> =
        sample_outputs().into_iter().chain(case_outputs()).collect();
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
        "no sample or case output shows these kinds, so none is checked: {unseen:?}"
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
