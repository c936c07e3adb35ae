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
use std::sync::Arc;

use rules::evaluate::{self, Severance, gap};
use rules::explain;
use rules::facts::{Achievement, MetricRecord, Organization, Person};
use rules::format::{format_source, in_layout_order};
use rules::outcome::{Detail, Need, Needed, OrgOutcome, PathOutcome, Unit};
use rules::ruleset::{PathRules, Qualification, RequirementRule, RuleSet};
use rules::source::SourceFile;
use rules::syntax::parse_rule_file;
use rules::vocabulary::{AchievementClass, AchievementKind, Metric};
use rust_decimal::Decimal;

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
    /// (a copy of an existing record's kind, workload, association, offer
    /// and date).
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
        // Without a customer's market: one in a developed market may raise a
        // `by customer` threshold, which is meant.
        let record = if matches!(flow.kind, "Revenue" | "Customers") || facts.metrics.is_empty() {
            MetricFact { kind: ["Revenue", "Customers"][flow.value as usize % 2], customer_market: None, ..flow }
        } else {
            MetricFact { value, customer_market: None, ..copy_of.get(&facts.metrics).clone() }
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

// ------------------------------------------------------------ what it would take

/// Where facts added by a test are written: nowhere.
fn added() -> rules::source::Loc {
    rules::source::Loc::new(&rules::source::SourceFile::new("<added>", ""), 0..0)
}

/// A person who counts from long before any evaluation date, holding every
/// code of `qualifications` (each of its class): whatever `and`, `or` and
/// `in all` ask, they satisfy it.
fn holder(id: String, qualifications: &[&Qualification]) -> Person {
    let long_ago: NaiveDate = "2000-01-01".parse().expect("a date");
    let achievements = qualifications
        .iter()
        .flat_map(|q| q.codes())
        .map(|(class, code)| Achievement {
            kind: match class {
                AchievementClass::Certified => AchievementKind::Exam,
                AchievementClass::Assessed => AchievementKind::Assessment,
            },
            code: code.to_string(),
            passed: long_ago,
            expires: None,
            code_loc: added(),
        })
        .collect();
    Person {
        id,
        name: None,
        associated: long_ago.and_hms_opt(0, 0, 0).expect("midnight").and_utc(),
        left: None,
        achievements,
    }
}

/// `org` with what the needs of `path` ask added, each need `k` in `less`
/// one cent (money) or one unit or person less: for performance a record
/// inside the window and `via`, dated with the latest counted record for
/// seats and usage (same-day records are summed); for a skill need that
/// many new people holding the qualification, as many of them as needed
/// the `of which` one too; for `unique people` new people holding every
/// qualification of the path.
fn with_needs(
    org: &Organization,
    rules: &PathRules,
    path: &PathOutcome,
    needs: &[Need],
    date: NaiveDate,
    less: Option<usize>,
) -> Organization {
    let mut more = org.clone();
    for (k, need) in needs.iter().enumerate() {
        let step = if need.unit == Unit::Dollars {
            Decimal::new(1, 2)
        } else {
            Decimal::ONE
        };
        let amount = if less == Some(k) {
            need.short_by - step
        } else {
            need.short_by
        };
        if amount <= Decimal::ZERO {
            continue;
        }
        let people = u32::try_from(amount).expect("a whole number of people");
        let index = need.requirement().and_then(|text| {
            rules
                .requirements
                .iter()
                .position(|r| Arc::ptr_eq(&r.text, text))
        });
        match index.map(|i| (&rules.requirements[i].rule, &path.requirements[i])) {
            Some((RequirementRule::Performance(rule), outcome)) => {
                let latest = match &outcome.detail {
                    Detail::Performance(p) if !rule.metric.is_flow() => {
                        p.records.first().map(|r| r.date)
                    }
                    _ => None,
                };
                // The first workload takes it all (divided by its weight).
                let part = &rule.workloads.parts[0];
                more.metrics.push(MetricRecord {
                    kind: rule.metric,
                    workload: part.workload.clone(),
                    value: amount / part.weight,
                    date: latest.unwrap_or(date),
                    association: rule.via.as_ref().map(|via| via[0].clone()),
                    // Past the offer filter: an offer it lists, or none for `not in`.
                    offer: rule
                        .offer
                        .as_ref()
                        .filter(|f| !f.not)
                        .map(|f| f.values[0].clone()),
                    customer: None,
                    customer_market: None,
                    workload_loc: added(),
                    association_loc: None,
                });
            }
            Some((RequirementRule::Skill(skill), _)) => {
                let also = match &need.what {
                    Needed::Skill {
                        of_which: Some((k, _)),
                        ..
                    } => *k,
                    _ => 0,
                };
                for n in 0..people {
                    let mut holds = vec![&skill.qualification];
                    if n < also {
                        holds.extend(skill.of_which.as_ref().map(|o| &o.qualification));
                    }
                    more.people.push(holder(format!("new-{k}-{n}"), &holds));
                }
            }
            Some((RequirementRule::Attested(rule), _)) => {
                for _ in 0..people {
                    more.attestations.push(rules::facts::Attestation {
                        code: rule.codes[0].clone(),
                        granted: "2000-01-01".parse().expect("a date"),
                        expires: None,
                        code_loc: added(),
                    });
                }
            }
            Some((RequirementRule::Requires(_), _)) => {
                unreachable!("paths with `requires` are left out: no fact meets one directly")
            }
            Some((RequirementRule::Entities(_) | RequirementRule::Growth(_), _)) => {
                unreachable!("the generated rules count no tenants and measure no growth")
            }
            None => {
                let every: Vec<&Qualification> = rules
                    .requirements
                    .iter()
                    .filter_map(|r| match &r.rule {
                        RequirementRule::Skill(s) => Some(s),
                        _ => None,
                    })
                    .flat_map(|s| {
                        std::iter::once(&s.qualification)
                            .chain(s.of_which.as_ref().map(|o| &o.qualification))
                    })
                    .collect();
                for n in 0..people {
                    more.people.push(holder(format!("new-{k}-{n}"), &every));
                }
            }
        }
    }
    more
}

/// Whether two performance requirements of `path` count the latest record
/// of the same metric and workload (one alone, or one of a list or set): a
/// record added for one may then take the place of the other's latest.
fn shares_a_latest_record(path: &PathRules) -> bool {
    let levels: Vec<(Metric, Vec<&str>)> = path
        .requirements
        .iter()
        .filter_map(|r| match &r.rule {
            RequirementRule::Performance(p) if !p.metric.is_flow() => {
                let workloads = p.workloads.parts.iter().map(|w| w.workload.as_str());
                Some((p.metric, workloads.collect()))
            }
            _ => None,
        })
        .collect();
    levels.iter().enumerate().any(|(i, (metric, workloads))| {
        levels[i + 1..]
            .iter()
            .any(|(m, w)| m == metric && w.iter().any(|x| workloads.contains(x)))
    })
}

proptest! {
    #![proptest_config(config(96))]

    /// What it would take is exactly enough, per path: adding the reported
    /// shortfalls makes the path met (the gap's path among them), and one
    /// cent, unit or person less for any one of them leaves its
    /// requirement unmet (for `unique people`, the path).
    #[test]
    fn adding_exactly_the_shortfalls_meets_the_path(
        text in rule_text(),
        facts in organization(),
    ) {
        let rule_set = check(&text);
        let org = facts.parse();
        let date = today();
        // A code no longer accepted cannot be added: its shortfall stays.
        prop_assume!(rule_set.retired.iter().all(|r| r.accepted_through >= date));
        let outcome = evaluate_at(&rule_set, &org, date);
        for (competency, c) in rule_set.competencies.iter().zip(&outcome.competencies) {
            for (level, l) in competency.levels.iter().zip(&c.levels) {
                if let Some(gap) = &l.gap {
                    let nearest = level.paths.iter().zip(&l.paths).find(|(r, _)| r.id == gap.path);
                    prop_assert!(nearest.is_some(), "the gap names a path of the level");
                }
                for (index, (rules, path)) in level.paths.iter().zip(&l.paths).enumerate() {
                    let needs = gap::path_needs(rules, path);
                    let name = format!("{} {:?} path {}", c.id, l.level, rules.id);
                    prop_assert_eq!(needs.is_empty(), path.met, "{}: needs {:?}", name, needs);
                    let met_after = |org: &Organization| {
                        let after = evaluate_at(&rule_set, org, date);
                        after.competencies[outcome.competencies.iter().position(|x| x.id == c.id).expect("same")]
                            .levels
                            .iter()
                            .find(|x| x.level == l.level)
                            .expect("same level")
                            .paths[index]
                            .clone()
                    };
                    let requires = rules
                        .requirements
                        .iter()
                        .any(|r| matches!(r.rule, RequirementRule::Requires(_)));
                    if needs.is_empty() || requires {
                        continue;
                    }
                    if !shares_a_latest_record(rules) {
                        let exactly = met_after(&with_needs(&org, rules, path, &needs, date, None));
                        prop_assert!(exactly.met, "{}: adding {:?} does not meet it: {:?}", name, needs, exactly);
                    }
                    for (k, need) in needs.iter().enumerate() {
                        // One less of this need alone (for `unique people`,
                        // with every other need of the path filled).
                        let only: Vec<Need> = match need.requirement() {
                            Some(_) => vec![need.clone()],
                            None => needs.clone(),
                        };
                        let at = only.len() - 1;
                        let less = met_after(&with_needs(&org, rules, path, &only, date, Some(at)));
                        match need.requirement() {
                            Some(text) => {
                                let r = less.requirements.iter().find(|r| Arc::ptr_eq(&r.text, text)).expect("the requirement");
                                prop_assert!(
                                    r.short_by() > Decimal::ZERO,
                                    "{}: one less than {:?} (need {}) meets `{}`", name, need.short_by, k, text
                                );
                            }
                            None => prop_assert!(
                                !less.met,
                                "{}: one person fewer than the unique people shortfall {:?} meets the path", name, need.short_by
                            ),
                        }
                    }
                }
            }
        }
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
    for _ in 0..400 {
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
