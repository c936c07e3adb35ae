//! The rule-change workflow, as `cargo test` runs it: the same comparison
//! as `rules test` (through the library, `rules::cases`), over the same
//! files. Every sample organization under `examples/` is evaluated against
//! the shipped rule set in `rules/` and compared with its approved snapshot,
//! `snapshots/rules/examples/ORG.snap` (its verdict, then its explanation as
//! text and JSON); `examples/expectations.txt` must hold.
//!
//! Each snapshot is asserted through insta, so a change leaves a `.snap.new`
//! beside it for `cargo insta review`; `rules test --accept` (or
//! `INSTA_UPDATE=always cargo test`) accepts every change. The failure
//! message is what `rules test` prints.
//!
//! The points programs (`rules-pci/`, `rules-solutions-partner/`) are checked
//! the same way against their own samples.
//!
//! This is the only test that reads `rules/` and `examples/`: a program
//! manager's rule change moves these snapshots and expectations, nothing else.

mod support;

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use rules::cases::{self, report};
use rules::diagnostics::Style;

#[test]
fn sample_organizations_under_the_shipped_rules() {
    samples_match("rules", "examples");
}

/// The points-model programs, each a rule set of its own beside `rules/`,
/// with its samples: the same comparison.
#[test]
fn sample_organizations_under_the_points_programs() {
    samples_match("rules-pci", "examples-pci");
    samples_match("rules-solutions-partner", "examples-solutions-partner");
}

/// Every sample of `examples` under the rule set `rules_dir` matches its
/// approved snapshot, none is removed, and its expectations (which must
/// exist) hold; insta and `rules test` agree on what changed.
fn samples_match(rules_dir: &str, examples: &str) {
    let rules_path = Path::new(rules_dir);
    let rule_set = rules::load::load_rule_set(rules_path)
        .unwrap_or_else(|d| panic!("{rules_dir} must check clean:\n{}", d.render(Style::PLAIN)));
    let run = cases::run(
        &rule_set,
        rules_path,
        &[PathBuf::from(examples)],
        Path::new("snapshots"),
    );
    assert!(
        run.problems.is_empty(),
        "the samples of {examples} must be valid:\n{}",
        run.problems.render(Style::PLAIN)
    );
    let mut differ = Vec::new();
    for org in run.cases.iter().flat_map(|c| &c.organizations) {
        if !snapshot(org) {
            differ.push(org.id.clone());
        }
    }
    // What insta finds different, `rules test` finds different too. (Not
    // the other way round: `INSTA_UPDATE=always` makes insta accept.)
    let flagged: Vec<&str> = run
        .cases
        .iter()
        .flat_map(|c| &c.organizations)
        .filter(|o| o.differs())
        .map(|o| o.id.as_str())
        .collect();
    assert!(
        differ.iter().all(|d| flagged.contains(&d.as_str())),
        "insta finds {differ:?} changed, `rules test` {flagged:?}"
    );
    let removed = run.cases.iter().any(|c| !c.removed.is_empty());
    assert!(
        differ.is_empty() && !removed && run.failed_expectations() == 0,
        "\n\n{}\n{}\n{}\nreview with `rules test --review` (or `cargo insta review`); \
         accept all with `rules test --accept`\n",
        report::differences(&run),
        report::expectations(&run),
        report::closing(&run, "rules test", None),
    );
    assert!(
        run.cases.iter().all(|c| !c.expectations.is_empty()),
        "{examples}/expectations.txt states what the samples show"
    );
}

/// Asserts one snapshot through insta, at the file `rules test` uses;
/// returns whether it matched (so that every mismatch is listed).
fn snapshot(org: &cases::Org) -> bool {
    let folder = org.snapshot.parent().expect("a snapshot folder");
    let name = org
        .snapshot
        .file_stem()
        .expect("a snapshot name")
        .to_string_lossy()
        .to_string();
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(support::root().join(folder));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_input_file(&org.input);
    panic::catch_unwind(AssertUnwindSafe(|| {
        settings.bind(|| insta::assert_snapshot!(name, org.content.clone()));
    }))
    .is_ok()
}
