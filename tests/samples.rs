//! The rule-change workflow. Every sample organization under `examples/` is
//! evaluated against the shipped rule set in `rules/`. Two snapshots hold
//! each organization, named after it:
//!
//! - `snapshots/samples/outcome/ORG.snap`: its verdict — each level met or
//!   missed and by which path, eligibility, membership, profile, renewal
//!   risk. A rule change fails these exactly for the organizations whose
//!   outcome changes.
//! - `snapshots/samples/explanation/ORG.snap`: its full explanation, text
//!   and JSON, which also changes when only the wording or a threshold it
//!   quotes changes.
//!
//! `cargo insta review` (or `INSTA_UPDATE=always cargo test`) accepts a change.

mod support;

use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

use rules::explain;
use rules::verdict::Verdict;

#[test]
fn sample_organizations_under_the_shipped_rules() {
    let rule_set = rules::load::load_rule_set(Path::new("rules")).unwrap_or_else(|d| {
        panic!(
            "the shipped rules must check clean:\n{}",
            d.render(rules::diagnostics::Style::PLAIN)
        )
    });
    let mut outcomes = Vec::new();
    // Each entry of examples/ is one TARGET: a file, a list file, or a
    // folder of organizations that share people (evaluated together).
    for target in support::entries("examples") {
        let problems = rules::batch::evaluate_target(&rule_set, &target, None, |o| {
            outcomes.push((target.clone(), o))
        });
        assert!(
            problems.is_empty(),
            "{} has invalid facts:\n{}",
            target.display(),
            problems.render(rules::diagnostics::Style::PLAIN)
        );
    }
    let mut changed_outcome = Vec::new();
    let mut changed_explanation = Vec::new();
    for (target, outcome) in &outcomes {
        let org = outcome.org.clone();
        let verdict = Verdict::from(outcome).to_text();
        if !snapshot(target, "samples/outcome", &org, verdict) {
            changed_outcome.push(org.clone());
        }
        let json: serde_json::Value =
            serde_json::from_str(&explain::json::to_json(outcome)).expect("JSON output parses");
        let explanation = format!(
            "{}\n--- JSON\n{}\n",
            explain::text::to_text(outcome, false),
            serde_json::to_string_pretty(&json).expect("JSON prints")
        );
        if !snapshot(target, "samples/explanation", &org, explanation) {
            changed_explanation.push(org);
        }
    }
    assert!(
        changed_outcome.is_empty() && changed_explanation.is_empty(),
        "\n\noutcome changed for {} organization(s): {}\nexplanation changed for {} organization(s): {}\n\
         review with `cargo insta review`, or accept all with `INSTA_UPDATE=always cargo test`\n",
        changed_outcome.len(),
        changed_outcome.join(", "),
        changed_explanation.len(),
        changed_explanation.join(", "),
    );
}

/// Asserts one snapshot; returns whether it matched (so every mismatch is listed).
fn snapshot(input: &Path, folder: &str, name: &str, value: String) -> bool {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(support::root().join("snapshots").join(folder));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_input_file(input);
    panic::catch_unwind(AssertUnwindSafe(|| {
        settings.bind(|| insta::assert_snapshot!(name.to_string(), value));
    }))
    .is_ok()
}
