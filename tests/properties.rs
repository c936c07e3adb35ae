//! Properties that must hold for every rule set and organization, checked on
//! generated ones (`generate/`: rule files as text and fact files as RON, so
//! the parsers are exercised too). They stay small so that the whole file
//! runs in seconds. What each level means is checked against the reference
//! evaluator in `differential.rs`; here, what must hold whatever it means.

mod generate;
mod reference;

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use proptest::test_runner::Config;

use generate::{MetricFact, check, metric, organization, person, rule_text, today};
use rules::evaluate::{self, Severance};
use rules::explain;
use rules::facts::Organization;
use rules::format::{format_source, in_layout_order};
use rules::outcome::{Detail, OrgOutcome};
use rules::ruleset::{RequirementRule, RuleSet};
use rules::source::SourceFile;
use rules::syntax::parse_rule_file;

fn evaluate_at(rule_set: &RuleSet, org: &Organization, date: NaiveDate) -> OrgOutcome {
    evaluate::evaluate(rule_set, org, date, &Severance::new())
}

/// Every level of every competency met in `before` is met in `after`.
fn no_level_lost(before: &OrgOutcome, after: &OrgOutcome) -> Result<(), TestCaseError> {
    for (b, a) in before.competencies.iter().zip(&after.competencies) {
        for (lb, la) in b.levels.iter().zip(&a.levels) {
            prop_assert!(
                !lb.met || la.met,
                "{} {:?} was met by {:?}, and is missed with more facts",
                b.id,
                lb.level,
                lb.met_by
            );
        }
    }
    Ok(())
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        // Failures are shrunk and reported; nothing is written to the repository.
        failure_persistence: None,
        ..Config::default()
    }
}

// ------------------------------------------------------------ properties

proptest! {
    #![proptest_config(config(256))]

    /// Formatting then parsing gives the same rule file (equality ignores
    /// spans), in the order the formatter writes items in.
    #[test]
    fn formatting_keeps_the_rules(text in rule_text()) {
        check(&text);
        let source = SourceFile::new("gen.rules", text.clone());
        let formatted = format_source(&source)
            .unwrap_or_else(|e| panic!("formatting failed: {e:?}\n{text}"));
        let before = parse_rule_file(&source).expect("parses");
        let after = parse_rule_file(&SourceFile::new("gen.rules", formatted.clone()))
            .unwrap_or_else(|e| panic!("formatted text does not parse: {e:?}\n{formatted}"));
        prop_assert_eq!(in_layout_order(&before), after, "formatted:\n{}", formatted);
    }

    /// Formatting formatted text changes nothing.
    #[test]
    fn formatting_is_idempotent(text in rule_text()) {
        let once = format_source(&SourceFile::new("gen.rules", text)).expect("formats");
        let twice = format_source(&SourceFile::new("gen.rules", once.clone())).expect("formats");
        prop_assert_eq!(once, twice);
    }
}

proptest! {
    #![proptest_config(config(128))]

    /// More people never hurts: adding a person (who may count, or not)
    /// never turns a met level into a missed one, `unique people` and
    /// `of which` included.
    #[test]
    fn adding_a_person_never_loses_a_level(
        text in rule_text(),
        facts in organization(),
        extra in person("extra".to_string()),
    ) {
        let rule_set = check(&text);
        let before = evaluate_at(&rule_set, &facts.parse(), today());
        let mut more = facts.clone();
        more.people.push(extra);
        let after = evaluate_at(&rule_set, &more.parse(), today());
        no_level_lost(&before, &after)?;
    }

    /// A positive metric record only adds: to a flow's sum wherever it is
    /// dated, and to a level's latest value when it is dated with the latest
    /// (a copy of an existing record's kind, workload, association and date).
    #[test]
    fn adding_a_metric_record_never_loses_a_level(
        text in rule_text(),
        facts in organization(),
        flow in metric(),
        copy_of in any::<proptest::sample::Index>(),
        value in 1u32..=5_000,
    ) {
        let rule_set = check(&text);
        let before = evaluate_at(&rule_set, &facts.parse(), today());
        let mut more = facts.clone();
        let record = if matches!(flow.kind, "Revenue" | "Customers") || facts.metrics.is_empty() {
            MetricFact { kind: ["Revenue", "Customers"][flow.value as usize % 2], ..flow }
        } else {
            MetricFact { value, ..copy_of.get(&facts.metrics).clone() }
        };
        more.metrics.push(record);
        let after = evaluate_at(&rule_set, &more.parse(), today());
        no_level_lost(&before, &after)?;
    }

    /// At a later date, with no new facts, no one is counted on an
    /// achievement that has expired (or is not yet passed): everyone counted
    /// satisfies the qualification with what is valid on that date.
    #[test]
    fn a_later_date_never_counts_an_expired_achievement(
        text in rule_text(),
        facts in organization(),
        later in 0u64..=900,
    ) {
        let rule_set = check(&text);
        let org = facts.parse();
        let date = today() + Days::new(later);
        let outcome = evaluate_at(&rule_set, &org, date);
        for (competency, c) in rule_set.competencies.iter().zip(&outcome.competencies) {
            for (level, l) in competency.levels.iter().zip(&c.levels) {
                for (path, p) in level.paths.iter().zip(&l.paths) {
                    for (rule, r) in path.requirements.iter().zip(&p.requirements) {
                        let (RequirementRule::Skill(skill), Detail::Skill(detail)) = (&rule.rule, &r.detail) else {
                            continue;
                        };
                        for id in &detail.counted {
                            let person = org.people.iter().find(|p| &p.id == id).expect("a person of the file");
                            prop_assert!(
                                reference::satisfies(&skill.qualification, person, date, &rule_set.retired),
                                "{id} counted for `{}` on {date} without valid achievements for it",
                                rule.text
                            );
                            prop_assert!(
                                reference::can_count(person, date, rule_set.settings.association_wait, &[]),
                                "{id} counted for `{}` on {date}, though gone or not yet associated long enough",
                                rule.text
                            );
                        }
                    }
                }
            }
        }
    }

    /// The JSON explanation always parses, and has the contract's keys.
    #[test]
    fn json_output_always_parses(
        text in rule_text(),
        facts in organization(),
        later in 0u64..=400,
    ) {
        let rule_set = check(&text);
        let outcome = evaluate_at(&rule_set, &facts.parse(), today() + Days::new(later));
        let json = explain::json::to_json(&outcome);
        prop_assert!(!json.contains('\n'), "one line: {}", json);
        let value: serde_json::Value = serde_json::from_str(&json)
            .map_err(|e| TestCaseError::fail(format!("not JSON ({e}): {json}")))?;
        for key in ["org", "as_of", "competencies", "membership"] {
            prop_assert!(value.get(key).is_some(), "no `{}` in {}", key, json);
        }
        // The text explanation is drawn from the same outcome; it must not panic either.
        let _ = explain::text::to_text(&outcome, false);
    }
}

/// The properties above say something only if the generators reach the
/// interesting cases: levels met by a path, people counted, `unique people`
/// paths with people counted, and every metric.
#[test]
fn the_generators_reach_met_levels_and_counted_people() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut met, mut counted, mut unique_counted, mut performance_met) = (0, 0, 0, 0);
    for _ in 0..300 {
        let text = rule_text().new_tree(&mut runner).expect("rules").current();
        let facts = organization()
            .new_tree(&mut runner)
            .expect("facts")
            .current();
        let rule_set = check(&text);
        let outcome = evaluate_at(&rule_set, &facts.parse(), today());
        for (competency, c) in rule_set.competencies.iter().zip(&outcome.competencies) {
            for (level, l) in competency.levels.iter().zip(&c.levels) {
                met += usize::from(
                    l.met_by
                        .as_ref()
                        .is_some_and(|m| *m != rules::outcome::MetBy::Override),
                );
                for (path, p) in level.paths.iter().zip(&l.paths) {
                    for r in &p.requirements {
                        match &r.detail {
                            Detail::Skill(s) if !s.counted.is_empty() => {
                                counted += 1;
                                unique_counted += usize::from(path.unique_people);
                            }
                            Detail::Performance(_) if r.met => performance_met += 1,
                            _ => {}
                        }
                    }
                }
            }
        }
    }
    assert!(
        met >= 10 && counted >= 30 && unique_counted >= 10 && performance_met >= 30,
        "met {met}, counted {counted}, unique counted {unique_counted}, performance met {performance_met}"
    );
}
