//! Properties that must hold for every rule set and organization, checked on
//! generated ones. The generators write rule files as text and fact files as
//! RON, so the parsers are exercised too, and cover the language: every
//! metric, windows, `via`, developing thresholds, `and`/`or`/parentheses/
//! `in all`, `of which`, `unique people`, settings, overrides, comments.
//! They stay small so that the whole file runs in seconds.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::Config;

use rules::evaluate::{self, Severance};
use rules::explain;
use rules::facts::{Organization, parse_organization};
use rules::format::{format_source, in_layout_order};
use rules::outcome::{Detail, OrgOutcome};
use rules::ruleset::{Qualification, RequirementRule, RuleSet};
use rules::source::SourceFile;
use rules::syntax::parse_rule_file;
use rules::vocabulary::{AchievementClass, AchievementKind};

// ------------------------------------------------------------ rule files

const CODES: [&str; 4] = ["70-532", "70-533", "PSM I", "Azure IaaS"];

/// `certified in ["70-532"]`, `assessed in all ["70-532", "PSM I"]`, ...
fn term() -> impl Strategy<Value = String> {
    (
        select(vec!["certified", "assessed"]),
        any::<bool>(),
        proptest::sample::subsequence(CODES.to_vec(), 1..=3),
    )
        .prop_map(|(class, all, codes)| {
            let codes: Vec<String> = codes.iter().map(|c| format!("\"{c}\"")).collect();
            let all = if all { "all " } else { "" };
            format!("{class} in {all}[{}]", codes.join(", "))
        })
}

/// Terms joined by `and` and `or`, with parentheses, two levels deep at most.
fn qualification() -> impl Strategy<Value = String> {
    term().prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 2..=3).prop_map(|q| q.join(" and ")),
            proptest::collection::vec(inner.clone(), 2..=3).prop_map(|q| q.join(" or ")),
            inner.prop_map(|q| format!("({q})")),
        ]
    })
}

fn skill() -> impl Strategy<Value = String> {
    (
        1u32..=3,
        qualification(),
        proptest::option::of((1u32..=3, qualification())),
    )
        .prop_map(|(count, q, of_which)| {
            let word = if count == 1 { "person" } else { "people" };
            let of_which = match of_which {
                Some((k, q2)) => format!(" of which {} {q2}", k.min(count)),
                None => String::new(),
            };
            format!("{count} {word} {q}{of_which}")
        })
}

fn performance() -> impl Strategy<Value = String> {
    (
        select(vec!["revenue", "customers", "seats", "usage"]),
        select(vec!["azure", "\"office 365\""]),
        proptest::option::of(proptest::sample::subsequence(vec!["dpor", "tpor"], 1..=2)),
        1u32..=20_000,
        proptest::option::of(1u32..=20_000),
        proptest::option::of(1u32..=24),
        any::<bool>(),
    )
        .prop_map(
            |(metric, workload, via, threshold, developing, window, usd)| {
                let amount = |n: u32| match (metric, usd) {
                    ("revenue", true) => format!("{n} USD"),
                    ("revenue", false) if n % 7 == 0 => format!("${},{:03}.50", n / 1000, n % 1000),
                    ("revenue", false) => format!("${n}"),
                    _ => n.to_string(),
                };
                let via = via.map_or(String::new(), |v| format!(" via [{}]", v.join(", ")));
                let developing =
                    developing.map_or(String::new(), |d| format!(" (developing {})", amount(d)));
                let window = window.map_or(String::new(), |m| {
                    format!(" over {m} {}", if m == 1 { "month" } else { "months" })
                });
                format!(
                    "{metric} {workload}{via} >= {}{developing}{window}",
                    amount(threshold)
                )
            },
        )
}

fn requirement() -> impl Strategy<Value = String> {
    prop_oneof![skill(), performance()]
}

/// A path's text, given its id; `#` comments at the end of some lines.
fn path(id: usize) -> impl Strategy<Value = String> {
    (
        proptest::option::of(select(vec!["Skills", "Consumption \"plus\""])),
        any::<bool>(),
        proptest::collection::vec((requirement(), any::<bool>()), 1..=3),
    )
        .prop_map(move |(title, unique, requirements)| {
            let title = title.map_or(String::new(), |t| {
                format!(" \"{}\"", t.replace('"', "\\\""))
            });
            let mut body = String::new();
            if unique {
                body.push_str("unique people\n");
            }
            for (r, comment) in requirements {
                body.push_str(&r);
                if comment {
                    body.push_str("  # why");
                }
                body.push('\n');
            }
            format!("path p{id}{title} {{\n{body}}}\n")
        })
}

fn level(name: &'static str) -> impl Strategy<Value = String> {
    (1usize..=2, any::<bool>()).prop_flat_map(move |(paths, benefits)| {
        let paths: Vec<_> = (0..paths).map(path).collect();
        (paths, Just(benefits)).prop_map(move |(paths, benefits)| {
            let benefits = if benefits {
                "benefits [\"5 support incidents\", \"Action Pack\"]\n"
            } else {
                ""
            };
            format!("{name} {{\n{}{benefits}}}\n", paths.concat())
        })
    })
}

fn competency(id: usize) -> impl Strategy<Value = String> {
    // The first competency always has silver, for the override to name.
    (
        level("silver"),
        proptest::option::of(level("gold")),
        any::<bool>(),
    )
        .prop_map(move |(silver, gold, without_silver)| {
            let silver = if without_silver && id > 0 && gold.is_some() {
                String::new()
            } else {
                silver
            };
            format!(
                "competency c{id} \"Competency {id}\" {{\n{silver}{}}}\n",
                gold.unwrap_or_default()
            )
        })
}

fn settings() -> impl Strategy<Value = String> {
    (
        select(vec!["1 hour", "24 hours", "2 days"]),
        select(vec!["12 months", "1 month", "until year end"]),
        select(vec!["0 days", "30 days", "1 day"]),
    )
        .prop_map(|(wait, subscription, grace)| {
            format!(
                "settings {{\nassociation wait {wait}\nsubscription {subscription}\nrenewal grace {grace}\n}}\n"
            )
        })
}

/// A whole rule file, laid out on many lines or squeezed onto few.
fn rule_text() -> impl Strategy<Value = String> {
    (
        proptest::option::of(settings()),
        1usize..=2,
        any::<bool>(),
        select(vec!["\n", "\n\t  ", " "]),
    )
        .prop_flat_map(|(settings, competencies, override_item, newline)| {
            let competencies: Vec<_> = (0..competencies).map(competency).collect();
            (competencies, Just((settings, override_item, newline))).prop_map(
                |(competencies, (settings, override_item, newline))| {
                    let mut text = String::from("# generated\n");
                    text.push_str(&settings.unwrap_or_default());
                    text.push_str(&competencies.concat());
                    if override_item {
                        text.push_str(
                            "override \"org\" c0 silver until 2026-09-01 because \"exam not yet recognized\"\n",
                        );
                    }
                    // A line with a comment must keep its line end.
                    text.lines()
                        .map(|l| {
                            if l.contains('#') {
                                format!("{l}\n")
                            } else {
                                format!("{l}{newline}")
                            }
                        })
                        .collect()
                },
            )
        })
}

fn check(text: &str) -> RuleSet {
    rules::load::check_sources(vec![SourceFile::new("gen.rules", text)]).unwrap_or_else(|d| {
        panic!(
            "generated rules should check:\n{text}\n{}",
            d.render(rules::diagnostics::Style::PLAIN)
        )
    })
}

// ------------------------------------------------------------ fact files

/// The evaluation date the facts are generated around.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 15).expect("a real date")
}

/// A date `offset` days from [`today`].
fn day(offset: i64) -> String {
    let d = if offset >= 0 {
        today() + Days::new(offset as u64)
    } else {
        today() - Days::new(offset.unsigned_abs())
    };
    d.to_string()
}

const KINDS: [&str; 4] = ["Revenue", "Customers", "Seats", "Usage"];

#[derive(Clone, Debug)]
struct MetricFact {
    kind: &'static str,
    workload: &'static str,
    value: u32,
    date: i64,
    association: Option<&'static str>,
}

impl MetricFact {
    fn ron(&self) -> String {
        let value = if self.kind == "Revenue" {
            format!("{}.25", self.value)
        } else {
            self.value.to_string()
        };
        let association = self
            .association
            .map_or(String::new(), |a| format!(", association: Some(\"{a}\")"));
        format!(
            "Metric(kind: {}, workload: \"{}\", value: {value}, date: \"{}\"{association})",
            self.kind,
            self.workload,
            day(self.date)
        )
    }
}

fn metric() -> impl Strategy<Value = MetricFact> {
    (
        select(KINDS.to_vec()),
        select(vec!["azure", "office 365"]),
        1u32..=15_000,
        -500i64..=10,
        proptest::option::of(select(vec!["dpor", "tpor", "cpor"])),
    )
        .prop_map(|(kind, workload, value, date, association)| MetricFact {
            kind,
            workload,
            value,
            date,
            association,
        })
}

/// A person, given a unique id: their RON text.
fn person(id: String) -> impl Strategy<Value = String> {
    (
        -600i64..=5,
        0u32..24,
        proptest::option::of(-100i64..=300),
        proptest::option::of(select(vec!["Alice Wong", "Zoë \"Z\" Ng"])),
        proptest::collection::vec(
            (
                select(vec!["Exam", "Certification", "Assessment"]),
                select(CODES.to_vec()),
                -900i64..=30,
                proptest::option::of(1i64..=900),
            ),
            0..=4,
        ),
    )
        .prop_map(move |(associated, hour, left, name, achievements)| {
            let name = name.map_or(String::new(), |n| {
                format!(", name: \"{}\"", n.replace('"', "\\\""))
            });
            let left = left.map_or(String::new(), |l| format!(", left: Some(\"{}\")", day(l)));
            let achievements: Vec<String> = achievements
                .iter()
                .map(|(kind, code, passed, lasts)| {
                    let expires = lasts.map_or(String::new(), |n| {
                        format!(", expires: Some(\"{}\")", day(passed + n))
                    });
                    format!(
                        "Achievement(kind: {kind}, code: \"{code}\", passed: \"{}\"{expires})",
                        day(*passed)
                    )
                })
                .collect();
            format!(
                "Person(id: \"{id}\"{name}, associated: \"{}T{hour:02}:30:00Z\"{left}, achievements: [{}])",
                day(associated),
                achievements.join(", ")
            )
        })
}

#[derive(Clone, Debug)]
struct OrgFacts {
    head: String,
    metrics: Vec<MetricFact>,
    people: Vec<String>,
}

impl OrgFacts {
    fn ron(&self) -> String {
        let metrics: Vec<String> = self.metrics.iter().map(MetricFact::ron).collect();
        format!(
            "Organization({}, metrics: [{}], people: [{}])",
            self.head,
            metrics.join(",\n"),
            self.people.join(",\n")
        )
    }

    fn parse(&self) -> Organization {
        let text = self.ron();
        parse_organization(&SourceFile::new("gen.ron", text.clone())).unwrap_or_else(|e| {
            panic!(
                "generated facts should parse:\n{text}\n{}",
                rules::diagnostics::Diagnostics::from(e).render(rules::diagnostics::Style::PLAIN)
            )
        })
    }
}

fn organization() -> impl Strategy<Value = OrgFacts> {
    (
        select(vec!["Developed", "Developing"]),
        proptest::option::of((select(vec!["Silver", "Gold"]), -400i64..=0)),
        proptest::collection::vec(metric(), 0..=6),
        0usize..=5,
    )
        .prop_flat_map(|(market, membership, metrics, people)| {
            let people: Vec<_> = (0..people).map(|i| person(format!("p{i}"))).collect();
            (Just((market, membership, metrics)), people).prop_map(
                |((market, membership, metrics), people)| {
                    let membership = membership.map_or(String::new(), |(level, purchased)| {
                        format!(
                            ", membership: Some(Membership(level: {level}, purchased: \"{}\", competencies: [\"c0\"]))",
                            day(purchased)
                        )
                    });
                    OrgFacts {
                        head: format!("id: \"org\", market: {market}{membership}"),
                        metrics,
                        people,
                    }
                },
            )
        })
}

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
                                holds_on(&skill.qualification, person, date),
                                "{id} counted for `{}` on {date} without valid achievements for it",
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

/// An oracle written apart from the engine: does `person` satisfy `q` with
/// the achievements valid on `date` (passed on or before it, not expired)?
fn holds_on(q: &Qualification, person: &rules::facts::Person, date: NaiveDate) -> bool {
    let holds = |class: AchievementClass, code: &str| {
        person.achievements.iter().any(|a| {
            let same_class = match a.kind {
                AchievementKind::Assessment => class == AchievementClass::Assessed,
                _ => class == AchievementClass::Certified,
            };
            same_class && a.code == code && a.passed <= date && a.expires.is_none_or(|e| e > date)
        })
    };
    fn eval(q: &Qualification, holds: &dyn Fn(AchievementClass, &str) -> bool) -> bool {
        match q {
            Qualification::Holds { class, all, codes } => {
                if *all {
                    codes.iter().all(|c| holds(*class, c))
                } else {
                    codes.iter().any(|c| holds(*class, c))
                }
            }
            Qualification::And(parts) => parts.iter().all(|p| eval(p, holds)),
            Qualification::Or(parts) => parts.iter().any(|p| eval(p, holds)),
        }
    }
    eval(q, &holds)
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
