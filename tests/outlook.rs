//! The renewal outlook is found from timelines, in one sweep over what
//! changes; its plain definition evaluates every level met today again, in
//! full, on every date something it looks at changes. The two must say the
//! same — the same lapse dates, the same causes, the same horizon — on
//! generated rule sets with generated organizations, on the shipped rules,
//! and on every rule file of the cases (workload sets, weights, offer
//! filters, retired codes, attestations, `requires`, `unique people`).
//!
//! More cases: `OUTLOOK_CASES=20000 cargo test --release --test outlook`.

mod generate;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::test_runner::Config;

use generate::{anchor, check, organization, parse_facts, plus_days, rule_text, scored_rule_text};
use rules::evaluate::{self, Severance, SeveredBy};
use rules::facts::Organization;
use rules::facts::tokens::Format;
use rules::facts::write::Layout;
use rules::ruleset::RuleSet;
use rules::source::SourceFile;

fn cases() -> u32 {
    std::env::var("OUTLOOK_CASES")
        .ok()
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(300)
}

/// The difference between the two outlooks of `org` at `date`, if any.
fn difference(
    rules: &RuleSet,
    org: &Organization,
    date: NaiveDate,
    severance: &Severance,
) -> Option<String> {
    let outcome = evaluate::evaluate(rules, org, date, severance);
    let (lapses, until) = evaluate::outlook_by_reevaluation(rules, org, date, severance);
    if outcome.outlook == lapses && outcome.outlook_until == until {
        return None;
    }
    Some(format!(
        "{} at {date}: the outlook says\n{:#?}\nthrough {}, but evaluating again on every date says\n{:#?}\nthrough {until}",
        org.id, outcome.outlook, outcome.outlook_until, lapses
    ))
}

proptest! {
    #![proptest_config(Config { cases: cases(), failure_persistence: None, ..Config::default() })]

    #[test]
    fn the_outlook_is_what_evaluating_again_on_every_date_says(
        text in rule_text(),
        anchor in anchor(),
        facts in organization(),
        day in prop_oneof![2 => Just(0i64), 1 => -60i64..=400],
        severed in proptest::collection::vec(proptest::bool::weighted(0.15), 6),
    ) {
        same_outlooks(&text, anchor, facts, day, &severed)?;
    }

    /// Scores have an outlook of their own (a sweep over what their lines
    /// measure), held to the same plain definition.
    #[test]
    fn the_outlook_of_scores_is_what_evaluating_again_on_every_date_says(
        text in scored_rule_text(),
        anchor in anchor(),
        facts in organization(),
        day in prop_oneof![2 => Just(0i64), 1 => -60i64..=400],
        severed in proptest::collection::vec(proptest::bool::weighted(0.15), 6),
    ) {
        same_outlooks(&text, anchor, facts, day, &severed)?;
    }
}

fn same_outlooks(
    text: &str,
    anchor: NaiveDate,
    facts: generate::OrgFacts,
    day: i64,
    severed: &[bool],
) -> Result<(), TestCaseError> {
    {
        let rule_set = check(text);
        let facts = generate::OrgFacts { anchor, ..facts }.ron();
        let org = parse_facts(&facts);
        let date = plus_days(anchor, day);
        let severance: Severance = org
            .people
            .iter()
            .zip(severed)
            .filter(|(_, s)| **s)
            .map(|(p, _)| {
                let by = SeveredBy {
                    org: "elsewhere".to_string(),
                    on: "2026-01-01T00:00:00Z".parse().expect("a moment"),
                };
                (p.id.clone(), by)
            })
            .collect();
        let found = difference(&rule_set, &org, date, &severance);
        prop_assert!(
            found.is_none(),
            "{}\nrules:\n{text}\nfacts:\n{facts}",
            found.unwrap_or_default()
        );
    }
    Ok(())
}

/// Organizations `rules generate` draws from `rules`: `count` of them, with
/// `people` each when given.
fn generated(rules: &RuleSet, count: usize, seed: u64, people: Option<usize>) -> Vec<Organization> {
    let options = rules::generate::Options {
        count,
        seed,
        as_of: "2026-11-23".parse().expect("a date"),
        people,
        metrics: None,
    };
    let mut text = Vec::new();
    rules::generate::generate(rules, &options, Layout::RonList, &mut text).expect("generate");
    let text = String::from_utf8(text).expect("UTF-8");
    rules::facts::split::split_text("generated.ron", Format::Ron, &text)
        .into_iter()
        .map(|piece| {
            let source: std::sync::Arc<SourceFile> = piece.expect("an organization").source;
            rules::facts::parse_organization(&source, Format::Ron, false).expect("valid facts")
        })
        .collect()
}

/// Every organization, at its own date and a few later ones.
fn assert_same_outlooks(name: &str, rules: &RuleSet, orgs: &[Organization]) {
    let none = Severance::new();
    let mut differences = Vec::new();
    for org in orgs {
        let as_of = org.as_of.expect("generated with as_of");
        for later in [0u64, 45, 200] {
            let date = as_of + chrono::Days::new(later);
            differences.extend(difference(rules, org, date, &none));
        }
    }
    assert!(
        differences.is_empty(),
        "{name}: {} outlook(s) differ; the first:\n{}",
        differences.len(),
        differences[0]
    );
}

#[test]
fn the_shipped_rules_give_the_same_outlooks() {
    let rules = rules::load::load_rule_set(Path::new("rules")).expect("shipped rules");
    assert_same_outlooks("rules/", &rules, &generated(&rules, 150, 3, None));
    assert_same_outlooks(
        "rules/, 60 people",
        &rules,
        &generated(&rules, 10, 4, Some(60)),
    );
}

/// Scores: the outlook's search remembers what it worked out of a metric
/// until something the metric measures changes, and the plain definition
/// evaluates everything in full on every date; they must agree.
#[test]
fn the_points_programs_give_the_same_outlooks() {
    for folder in ["rules-pci", "rules-solutions-partner"] {
        let rules = rules::load::load_rule_set(Path::new(folder)).expect("shipped rules");
        assert_same_outlooks(folder, &rules, &generated(&rules, 60, 7, None));
        assert_same_outlooks(folder, &rules, &generated(&rules, 6, 8, Some(40)));
    }
    // The scores of `cargo bench --bench scores`, plain and over a window,
    // which most organizations drawn from the same lines as a path meet, and
    // then lose before the horizon (a few a day).
    let load = |name: &str| {
        rules::load::load_rule_set(&Path::new("benches/scores").join(name)).expect("bench rules")
    };
    let paths = load("paths.rules");
    let options = (60, 9, Some(20));
    let orgs = generated(&paths, options.0, options.1, options.2);
    for name in ["score.rules", "window.rules"] {
        let rules = load(name);
        let met = orgs
            .iter()
            .filter(|o| {
                let outcome =
                    evaluate::evaluate(&rules, o, o.as_of.expect("a date"), &Severance::new());
                outcome.outlook.iter().any(|l| l.competency == "c")
            })
            .count();
        assert!(
            met >= 10,
            "{name}: only {met} organizations lose their score level"
        );
        assert_same_outlooks(name, &rules, &orgs);
    }
}

#[test]
fn every_rule_file_of_the_cases_gives_the_same_outlooks() {
    let mut files: Vec<PathBuf> = vec![PathBuf::from("tests/rules/valid/extensions.rules")];
    for group in [
        "tests/cases/eval",
        "tests/cases/membership",
        "tests/cases/score",
    ] {
        let mut cases: Vec<PathBuf> = std::fs::read_dir(group)
            .expect("a cases folder")
            .map(|e| e.expect("an entry").path().join("case.rules"))
            .filter(|p| p.is_file())
            .collect();
        cases.sort();
        files.extend(cases);
    }
    assert!(files.len() > 10, "the cases hold rule files");
    for file in files {
        let Ok(rules) = rules::load::load_rule_set(&file) else {
            // The score cases include rule files of mistakes, on purpose.
            if file.starts_with("tests/cases/score") {
                continue;
            }
            panic!("{} should check clean", file.display());
        };
        let name = file.display().to_string();
        assert_same_outlooks(&name, &rules, &generated(&rules, 60, 5, None));
        assert_same_outlooks(&name, &rules, &generated(&rules, 5, 6, Some(40)));
    }
}
