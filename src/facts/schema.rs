//! The JSON Schema of JSON fact files, generated from the shapes the reader
//! reads ([`super::document`]), so that data teams can check their files
//! before `rules` sees them, and the two can never disagree. Committed as
//! `docs/schema/facts.schema.json`; a test fails when it is out of date.

use schemars::generate::SchemaSettings;

use super::document::FactFile;

/// The schema, as pretty JSON text with a final newline.
pub fn fact_file_schema() -> String {
    let mut schema = SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator()
        .into_root_schema_for::<FactFile>();
    schema.insert("title".into(), "rules fact file (JSON)".into());
    schema.insert(
        "description".into(),
        "One organization, or an array of them, as `rules eval` reads a `.json` file; a \
         `.jsonl` file holds one organization object per line. Amounts are read exactly as \
         written (never through binary floating point); dates are YYYY-MM-DD; `associated` \
         is an RFC 3339 date and time with its offset. A value may be left out or null where \
         it is optional. The same fields, in RON, make a `.ron` fact file."
            .into(),
    );
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serializes");
    text.push('\n');
    text
}
