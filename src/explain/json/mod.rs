//! Outcome → one JSON object per organization, on one line, and the JSON
//! Schema of that object, both from the same views: the schema committed at
//! `docs/schema/output.schema.json` is checked against this code by the tests.
//!
//! Key order is fixed (field order); amounts are exact decimal strings; every
//! reason, cause and lapse cause carries its kind, its data and its sentence.

mod quoted;
mod values;
mod views;

use schemars::Schema;
use schemars::transform::RecursiveTransform;
use serde::Serialize;

/// The version of the output format, the `version` of every object. Adding
/// a field or a kind keeps it; removing or renaming a field, or changing a
/// field's type or meaning, raises it (docs/output-schema.md).
pub const VERSION: u32 = 1;

pub fn to_json(outcome: &crate::outcome::OrgOutcome) -> String {
    let mut out = Vec::with_capacity(16 * 1024);
    let mut serializer = serde_json::Serializer::new(&mut out);
    views::Organization::of(outcome)
        .serialize(&mut serializer)
        .expect("an outcome serializes: only strings, numbers and lists");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// The JSON Schema (draft 2020-12) of what [`to_json`] writes.
pub fn schema() -> schemars::Schema {
    let mut schema = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .with_transform(RecursiveTransform(unwrap_description as fn(&mut Schema)))
        .into_generator()
        .into_root_schema_for::<views::Organization>();
    schema.insert(
        "title".into(),
        "rules eval --format json: one organization".into(),
    );
    // In full (the default), the outlook and the people are always there.
    schema.insert(
        "if".into(),
        serde_json::json!({ "properties": { "detail": { "const": "full" } } }),
    );
    schema.insert(
        "then".into(),
        serde_json::json!({ "required": ["outlook", "people"] }),
    );
    schema
}

/// Descriptions come from doc comments, wrapped at 100 columns: joined
/// back into paragraphs, they read as the sentences they are.
fn unwrap_description(schema: &mut Schema) {
    if let Some(serde_json::Value::String(text)) = schema.get_mut("description") {
        *text = text
            .split("\n\n")
            .map(|paragraph| paragraph.replace('\n', " "))
            .collect::<Vec<_>>()
            .join("\n\n");
    }
}
