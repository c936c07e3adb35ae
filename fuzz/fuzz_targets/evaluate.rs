//! Arbitrary rules against arbitrary facts. The input is split at its first
//! NUL byte: rule text before, fact text after. Rules that check are
//! evaluated for every organization that parses, at the file's date, at a
//! fixed date and at the ends of the calendar; both explanations are
//! rendered (the JSON must parse) and the rule text is formatted, which must
//! give text that formats to itself.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use rules::evaluate::{self, Severance};
use rules::explain;
use rules::format::{FormatErrorKind, format_source};
use rules::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let (rules_bytes, facts_bytes) = match data.iter().position(|b| *b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let rules_text = String::from_utf8_lossy(rules_bytes).into_owned();
    let source = SourceFile::new("fuzz.rules", rules_text);
    format_round_trip(&source);
    let Ok(rule_set) = rules::load::check_sources(vec![source]) else {
        return;
    };
    let facts_text = String::from_utf8_lossy(facts_bytes);
    let pieces = rules::facts::split::split_text(
        "fuzz.ron",
        rules::facts::tokens::Format::Ron,
        &facts_text,
    );
    let fixed = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a real date");
    for piece in pieces.into_iter().flatten() {
        let Ok(org) = rules::facts::parse_organization(
            &piece.source,
            rules::facts::tokens::Format::Ron,
            piece.cut,
        ) else {
            continue;
        };
        let _ = rules::facts::check_against_rules(&rule_set, &org);
        let dates = [
            org.as_of,
            Some(fixed),
            Some(NaiveDate::MIN),
            Some(NaiveDate::MAX),
        ];
        for date in dates.into_iter().flatten() {
            let outcome = evaluate::evaluate(&rule_set, &org, date, &Severance::new());
            let _ = explain::text::to_text(&outcome, false);
            let _ = explain::text::to_text(&outcome, true);
            let json = explain::json::to_json(&outcome);
            if let Err(e) = serde_json::from_str::<serde_json::Value>(&json) {
                panic!("the JSON explanation does not parse ({e}): {json}");
            }
        }
    }
});

/// Formatting either refuses (syntax errors), or gives text that parses to
/// the same rules and formats to itself. The formatter's own safety net
/// refusing is a bug too.
fn format_round_trip(source: &std::sync::Arc<SourceFile>) {
    match format_source(source) {
        Ok(formatted) => {
            let again = SourceFile::new("fuzz.rules", formatted.clone());
            match format_source(&again) {
                Ok(twice) => assert_eq!(formatted, twice, "formatting is not idempotent"),
                Err(e) => panic!("formatted text does not format: {e:?}\n{formatted}"),
            }
        }
        Err(e) if matches!(e.kind, FormatErrorKind::Syntax { .. }) => {}
        Err(e) => panic!("the formatter's safety net tripped: {e:?}"),
    }
}
