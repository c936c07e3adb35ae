//! The engine against the reference evaluator (`reference/`, a naive
//! reading of the contract): on generated rule sets and organizations
//! (`generate/`, written as rule text and RON and read by the real parsers),
//! both must decide the same — every level met or missed and by what, every
//! path, every requirement whose answer is its own, eligibility, the held
//! membership, its status and last valid day, renewal risk and the profile —
//! and find the same shortfalls: every path's, each missed level's nearest
//! path, and the path that would restore a membership at risk.
//! Organizations evaluated together (a list file or a folder, through the
//! batch) must also agree on who counts where ("one organization at a
//! time"). The renewal outlook must agree with the reference evaluating
//! every level met again one day at a time through the horizon: the same
//! lapse date (or none) for each, and the same horizon.
//!
//! The generated rules use every construct of the language: every metric
//! (devices too), windows, `via`, offer filters, developing thresholds (by
//! customer too), workload sets and weighted workload lists, `and`/`or`/
//! parentheses/`in all`, `of which`, `unique people`, attestations,
//! `requires`, retired codes, settings, overrides; the facts every field
//! they read (offers, customers' markets, attestations).
//!
//! Competencies may also have a `score` (docs/scores.md), with bands beside
//! their paths or instead of them, and a designation with `pass` now and
//! then: the engine and the reference (`reference/score.rs`) must agree on
//! each score's exact total, every metric's and line's points on every
//! track, the track and the day that count, each mark reached, and the
//! levels met by a band. A separate test holds the generated cases to
//! earning partial points and to reaching and missing marks.
//!
//! A failure is shrunk to a small case and prints its rule text, fact text
//! and date, ready to be saved as files and run with `rules eval`.
//!
//! A few hundred cases run with `cargo test` (seconds; the outlook gets a
//! quarter of them); a long run sets the count:
//!
//!     REFERENCE_CASES=100000 cargo test --release --test differential

mod generate;
mod reference;
mod support;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::test_runner::Config;

use generate::{OrgFacts, anchor, check, organization, parse_facts, plus_days, scored_rule_text};
use num_rational::BigRational;
use reference::{
    GapJudgement, Judgement, LevelJudgement, MetBy, MetricJudgement, NeedJudgement, PathJudgement,
    ScoreJudgement, Status, fraction_text,
};
use rules::evaluate::{self, Severance, SeveredBy};
use rules::outcome::{Gap, Need, OrgOutcome};
use rules::ruleset::{LevelRules, PathRules, RequirementRule, RuleSet};
use rules::vocabulary::Level;

/// Cases per test: `REFERENCE_CASES`, else a few seconds' worth.
fn cases() -> u32 {
    match std::env::var("REFERENCE_CASES") {
        Ok(n) => n
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("REFERENCE_CASES={n:?} is not a number of cases")),
        Err(_) => 300,
    }
}

fn config() -> Config {
    Config {
        cases: cases(),
        // Failures are shrunk and reported; nothing is written to the repository.
        failure_persistence: None,
        max_shrink_iters: 20_000,
        ..Config::default()
    }
}

// ------------------------------------------------------------ the engine's answer

/// The engine's outcome in the reference's terms. Per requirement, only
/// where the contract gives one answer: performance everywhere, skills
/// outside `unique people` paths.
fn judgement_of(rule_set: &RuleSet, outcome: &OrgOutcome) -> Judgement {
    let mut levels = Vec::new();
    for c in &outcome.competencies {
        let rules = rule_set.competency(&c.id);
        for l in &c.levels {
            let level_rules = rules.and_then(|r| r.level(l.level));
            let paths = l
                .paths
                .iter()
                .map(|p| {
                    let path_rules =
                        level_rules.and_then(|r| r.paths.iter().find(|pr| pr.id == p.id));
                    let requirements = p
                        .requirements
                        .iter()
                        .enumerate()
                        .map(|(i, r)| {
                            let rule = path_rules.and_then(|pr| pr.requirements.get(i));
                            match rule {
                                Some(rule)
                                    if matches!(rule.rule, RequirementRule::Skill(_))
                                        && path_rules.is_some_and(|pr| pr.unique_people) =>
                                {
                                    None
                                }
                                _ => Some(r.met),
                            }
                        })
                        .collect();
                    let needs = path_rules
                        .map(|pr| needs_of(pr, &evaluate::gap::path_needs(pr, p)))
                        .unwrap_or_default();
                    PathJudgement {
                        id: p.id.clone(),
                        met: p.met,
                        requirements,
                        needs,
                    }
                })
                .collect();
            levels.push(LevelJudgement {
                competency: c.id.clone(),
                level: l.level,
                met: l.met,
                met_by: l.met_by.as_ref().map(|m| match m {
                    rules::outcome::MetBy::Path(id) => MetBy::Path(id.clone()),
                    rules::outcome::MetBy::Override => MetBy::Override,
                    rules::outcome::MetBy::Score => MetBy::Score,
                }),
                paths,
                gap: l.gap.as_ref().and_then(|g| gap_of(level_rules?, g)),
            });
        }
    }
    let m = &outcome.membership;
    let mut profile = m.profile.clone();
    profile.sort();
    Judgement {
        org: outcome.org.clone(),
        levels,
        eligible: m.eligible,
        held: m.held,
        status: match m.status {
            rules::outcome::Status::None => Status::None,
            rules::outcome::Status::Active => Status::Active,
            rules::outcome::Status::Grace => Status::Grace,
            rules::outcome::Status::Expired => Status::Expired,
        },
        valid_until: m.valid_until,
        at_risk: m.at_risk,
        profile,
        restore: m.restore.as_ref().and_then(|r| {
            let level_rules = rule_set.competency(&r.competency)?.level(r.level)?;
            Some((r.competency.clone(), r.level, gap_of(level_rules, &r.gap)?))
        }),
        scores: outcome
            .competencies
            .iter()
            .filter_map(|c| Some(score_of(&c.id, c.designation, c.score.as_ref()?)))
            .collect(),
    }
}

/// Exact points as the reference keeps them.
fn exact(points: &rules::points::Points) -> BigRational {
    let text = points.fraction();
    text.parse()
        .unwrap_or_else(|e| panic!("the engine's fraction {text:?} does not read: {e:?}"))
}

/// The engine's score in the reference's terms.
fn score_of(owner: &str, designation: bool, s: &rules::outcome::ScoreOutcome) -> ScoreJudgement {
    ScoreJudgement {
        owner: owner.to_string(),
        designation,
        total: exact(&s.total),
        day: s.day,
        track: s.track,
        metrics: s
            .tracks
            .iter()
            .map(|t| {
                t.categories
                    .iter()
                    .flat_map(|c| &c.metrics)
                    .map(|m| MetricJudgement {
                        id: m.id.clone(),
                        earned: exact(&m.earned),
                        lines: m.lines.iter().map(|l| exact(&l.earned)).collect(),
                    })
                    .collect()
            })
            .collect(),
        marks: s.marks.iter().map(|m| m.reached).collect(),
        reached: s.reached,
        passed: s.passed,
    }
}

/// Where two scores differ, one line each.
fn score_differences(org: &str, e: &ScoreJudgement, r: &ScoreJudgement) -> Vec<String> {
    let mut out = Vec::new();
    let name = format!("{org}: the score of {}", r.owner);
    if e.owner != r.owner {
        out.push(format!("{name}: the engine scores {}", e.owner));
        return out;
    }
    let mut field = |what: &str, a: String, b: String| {
        if a != b {
            out.push(format!("{name}: {what}: engine {a}, reference {b}"));
        }
    };
    field("total", fraction_text(&e.total), fraction_text(&r.total));
    field("the day that counts", e.day.to_string(), r.day.to_string());
    field(
        "the track that counts",
        e.track.to_string(),
        r.track.to_string(),
    );
    field(
        "marks reached",
        format!("{:?}", e.marks),
        format!("{:?}", r.marks),
    );
    field(
        "band reached",
        format!("{:?}", e.reached),
        format!("{:?}", r.reached),
    );
    field("passed", e.passed.to_string(), r.passed.to_string());
    if e.metrics.len() != r.metrics.len() {
        out.push(format!("{name}: a different number of tracks"));
    }
    for (t, (et, rt)) in e.metrics.iter().zip(&r.metrics).enumerate() {
        for (em, rm) in et.iter().zip(rt) {
            let show = |m: &MetricJudgement| {
                let lines: Vec<String> = m.lines.iter().map(fraction_text).collect();
                format!(
                    "{} {} (lines {})",
                    m.id,
                    fraction_text(&m.earned),
                    lines.join(", ")
                )
            };
            if em != rm {
                out.push(format!(
                    "{name}: track {t}: engine {}, reference {}",
                    show(em),
                    show(rm)
                ));
            }
        }
        if et.len() != rt.len() {
            out.push(format!(
                "{name}: track {t} has a different number of metrics"
            ));
        }
    }
    out
}

/// The engine's needs of a path in the reference's terms: each by the
/// index of its requirement in the path (`None`: `unique people`).
fn needs_of(path: &PathRules, needs: &[Need]) -> Vec<NeedJudgement> {
    needs
        .iter()
        .map(|n| NeedJudgement {
            requirement: n.requirement().map(|text| {
                path.requirements
                    .iter()
                    .position(|r| Arc::ptr_eq(&r.text, text))
                    .expect("a need of one of the path's requirements")
            }),
            short_by: n.short_by,
            required: n.required,
        })
        .collect()
}

/// The engine's gap in the reference's terms; `None` when it names a
/// path the level does not have (a difference the comparison then shows).
fn gap_of(level: &LevelRules, gap: &Gap) -> Option<GapJudgement> {
    let path = level.paths.iter().find(|p| p.id == gap.path)?;
    Some(GapJudgement {
        path: gap.path.clone(),
        needs: needs_of(path, &gap.needs),
    })
}

/// Where the engine and the reference differ, one line each; empty when
/// they agree. The profile must also name each (competency, level) once.
fn differences(rule_set: &RuleSet, outcome: &OrgOutcome, reference: &Judgement) -> Vec<String> {
    let engine = judgement_of(rule_set, outcome);
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for item in &outcome.membership.profile {
        if !seen.insert(item) {
            out.push(format!("the engine's profile lists {item:?} twice"));
        }
    }
    if engine == *reference {
        return out;
    }
    let org = &engine.org;
    if engine.org != reference.org {
        out.push(format!(
            "organization: engine {}, reference {}",
            engine.org, reference.org
        ));
    }
    if engine.levels.len() != reference.levels.len() {
        out.push(format!(
            "{org}: the engine has {} levels, the reference {}",
            engine.levels.len(),
            reference.levels.len()
        ));
    }
    for (e, r) in engine.levels.iter().zip(&reference.levels) {
        let name = format!("{org}: {} {}", r.competency, r.level);
        if (&e.competency, e.level) != (&r.competency, r.level) {
            out.push(format!(
                "{name}: the engine has {} {}",
                e.competency, e.level
            ));
            continue;
        }
        if (e.met, &e.met_by) != (r.met, &r.met_by) {
            out.push(format!(
                "{name}: engine met={} by {:?}, reference met={} by {:?}",
                e.met, e.met_by, r.met, r.met_by
            ));
        }
        for (ep, rp) in e.paths.iter().zip(&r.paths) {
            if ep.met != rp.met {
                out.push(format!(
                    "{name} path {}: engine met={}, reference met={}",
                    rp.id, ep.met, rp.met
                ));
            }
            for (i, (er, rr)) in ep.requirements.iter().zip(&rp.requirements).enumerate() {
                if er != rr {
                    out.push(format!(
                        "{name} path {} requirement {}: engine met={er:?}, reference met={rr:?}",
                        rp.id,
                        i + 1
                    ));
                }
            }
        }
        if e.paths.len() != r.paths.len() {
            out.push(format!("{name}: a different number of paths"));
        }
        for (ep, rp) in e.paths.iter().zip(&r.paths) {
            if ep.needs != rp.needs {
                out.push(format!(
                    "{name} path {}: engine needs {:?}, reference needs {:?}",
                    rp.id, ep.needs, rp.needs
                ));
            }
        }
        if e.gap != r.gap {
            out.push(format!(
                "{name}: engine gap {:?}, reference gap {:?}",
                e.gap, r.gap
            ));
        }
    }
    let mut field = |what: &str, e: String, r: String| {
        if e != r {
            out.push(format!("{org}: {what}: engine {e}, reference {r}"));
        }
    };
    field(
        "eligible",
        format!("{:?}", engine.eligible),
        format!("{:?}", reference.eligible),
    );
    field(
        "held",
        format!("{:?}", engine.held),
        format!("{:?}", reference.held),
    );
    field(
        "status",
        format!("{:?}", engine.status),
        format!("{:?}", reference.status),
    );
    field(
        "valid_until",
        format!("{:?}", engine.valid_until),
        format!("{:?}", reference.valid_until),
    );
    field(
        "at_risk",
        engine.at_risk.to_string(),
        reference.at_risk.to_string(),
    );
    field(
        "profile",
        format!("{:?}", engine.profile),
        format!("{:?}", reference.profile),
    );
    field(
        "restore",
        format!("{:?}", engine.restore),
        format!("{:?}", reference.restore),
    );
    if engine.scores.len() != reference.scores.len() {
        out.push(format!(
            "{org}: the engine has {} scores, the reference {}",
            engine.scores.len(),
            reference.scores.len()
        ));
    }
    for (e, r) in engine.scores.iter().zip(&reference.scores) {
        out.extend(score_differences(org, e, r));
    }
    if out.is_empty() {
        out.push(format!(
            "{org}: the judgements differ:\nengine    {engine:?}\nreference {reference:?}"
        ));
    }
    out
}

/// The failure message: what differs, then the case as files.
fn report(differences: &[String], text: &str, facts: &str, date: NaiveDate, note: &str) -> String {
    format!(
        "the engine and the reference disagree at {date}{note}:\n  {}\n\
         --- rules (case.rules)\n{text}\n--- facts (case.ron)\n{facts}\n--- date: {date}\n",
        differences.join("\n  ")
    )
}

// ------------------------------------------------------------ cases

/// An evaluation date, in days from the anchor the facts are made around:
/// mostly the anchor itself (where the facts' boundaries are), else next to
/// it, after it or before it.
fn evaluation_day() -> impl Strategy<Value = i64> {
    prop_oneof![
        4 => Just(0i64),
        1 => -1i64..=1,
        2 => 0i64..=900,
        1 => -60i64..=-1,
    ]
}

#[derive(Clone, Debug)]
struct OneCase {
    text: String,
    facts: OrgFacts,
    date: NaiveDate,
    /// Which of `p0`, `p1`, ... another organization keeps.
    severed: Vec<bool>,
}

fn one_case() -> impl Strategy<Value = OneCase> {
    (
        scored_rule_text(),
        anchor(),
        organization(),
        evaluation_day(),
        proptest::collection::vec(proptest::bool::weighted(0.15), 6),
    )
        .prop_map(|(text, anchor, facts, day, severed)| OneCase {
            text,
            facts: OrgFacts { anchor, ..facts },
            date: plus_days(anchor, day),
            severed,
        })
}

#[derive(Clone, Debug)]
struct ListCase {
    text: String,
    /// Evaluated together, in this order; people `p0`, `p1`, ... of each
    /// are the same people.
    orgs: Vec<OrgFacts>,
    date: NaiveDate,
    /// One file per organization in a folder, rather than one list file.
    folder: bool,
}

fn list_case() -> impl Strategy<Value = ListCase> {
    (
        scored_rule_text(),
        anchor(),
        proptest::collection::vec(organization(), 2..=3),
        evaluation_day(),
        // Whose association time a later organization copies from the
        // first: a tie, which the first organization wins.
        proptest::collection::vec(any::<bool>(), 6),
        any::<bool>(),
    )
        .prop_map(|(text, anchor, mut orgs, day, ties, folder)| {
            let first: Vec<_> = orgs[0].people.iter().map(|p| p.associated).collect();
            for (k, org) in orgs.iter_mut().enumerate() {
                org.anchor = anchor;
                org.id = ["org", "org-b", "org-c"][k].to_string();
                if k == 0 {
                    continue;
                }
                for (i, person) in org.people.iter_mut().enumerate() {
                    if let (true, Some(at)) = (ties[i], first.get(i)) {
                        person.associated = *at;
                    }
                }
            }
            ListCase {
                text,
                orgs,
                date: plus_days(anchor, day),
                folder,
            }
        })
}

// ------------------------------------------------------------ the tests

proptest! {
    #![proptest_config(config())]

    /// One organization: the engine and the reference decide the same.
    #[test]
    fn the_engine_agrees_with_the_reference(case in one_case()) {
        let rule_set = check(&case.text);
        let facts = case.facts.ron();
        let org = parse_facts(&facts);
        let severed: Vec<String> = org
            .people
            .iter()
            .zip(&case.severed)
            .filter(|(_, s)| **s)
            .map(|(p, _)| p.id.clone())
            .collect();
        let severance: Severance = severed
            .iter()
            .map(|id| {
                let by = SeveredBy {
                    org: "elsewhere".to_string(),
                    on: "2026-01-01T00:00:00Z".parse().expect("a moment"),
                };
                (id.clone(), by)
            })
            .collect();
        let outcome = evaluate::evaluate(&rule_set, &org, case.date, &severance);
        let expected = reference::evaluate(&rule_set, &org, case.date, &severed);
        let found = differences(&rule_set, &outcome, &expected);
        let note = if severed.is_empty() {
            String::new()
        } else {
            format!(", with {} kept by another organization", severed.join(", "))
        };
        prop_assert!(found.is_empty(), "{}", report(&found, &case.text, &facts, case.date, &note));
    }

    /// Organizations of a list file, evaluated together by the batch: a
    /// person in several counts only where associated last (ties: the
    /// first), and each organization is judged as the reference judges it.
    #[test]
    fn organizations_evaluated_together_agree_with_the_reference(case in list_case()) {
        let rule_set = check(&case.text);
        let texts: Vec<String> = case.orgs.iter().map(OrgFacts::ron).collect();
        let (target, facts, how) = if case.folder {
            // One file per organization, named in list order and written in
            // the reverse: the names decide the order, not the writing.
            let folder = support::scratch("differential/folder");
            let mut shown = String::new();
            for (i, text) in texts.iter().enumerate().rev() {
                let name = format!("{}.ron", ["a", "b", "c"][i]);
                support::write(&folder.join(&name), text);
                shown = format!("// {name}\n{text}\n{shown}");
            }
            (folder, shown, "as files a.ron, b.ron, ... of a folder")
        } else {
            let list = format!("[\n{}\n]\n", texts.join(",\n"));
            let file = support::scratch("differential/list").join("list.ron");
            support::write(&file, &list);
            (file, list, "as one list file")
        };
        let mut outcomes = Vec::new();
        let problems =
            rules::batch::evaluate_target(&rule_set, &target, Some(case.date), |o| outcomes.push(o));
        prop_assert!(
            problems.is_empty(),
            "{}\n{facts}",
            problems.render(rules::diagnostics::Style::PLAIN)
        );

        let orgs: Vec<_> = texts.iter().map(|t| parse_facts(t)).collect();
        let severance = reference::severance(&orgs.iter().collect::<Vec<_>>());
        prop_assert_eq!(outcomes.len(), orgs.len(), "one outcome per organization");
        let mut found = Vec::new();
        for ((org, severed), outcome) in orgs.iter().zip(&severance).zip(&outcomes) {
            let expected = reference::evaluate(&rule_set, org, case.date, severed);
            found.extend(differences(&rule_set, outcome, &expected));
        }
        let kept: Vec<String> = orgs
            .iter()
            .zip(&severance)
            .filter(|(_, s)| !s.is_empty())
            .map(|(o, s)| format!("{} loses {}", o.id, s.join(", ")))
            .collect();
        let note = format!(
            ", {how} (the reference's severance: {})",
            if kept.is_empty() { "none".to_string() } else { kept.join("; ") }
        );
        prop_assert!(found.is_empty(), "{}", report(&found, &case.text, &facts, case.date, &note));
    }
}

/// Cases for the outlook, which evaluates every level again on every day
/// through the horizon (up to a year or two): a quarter of the others.
fn outlook_config() -> Config {
    Config {
        cases: (cases() / 4).max(1),
        ..config()
    }
}

/// Which people of `org` another organization keeps, as the engine and the reference take them.
fn severed_of(org: &rules::facts::Organization, flags: &[bool]) -> (Vec<String>, Severance) {
    let severed: Vec<String> = org
        .people
        .iter()
        .zip(flags)
        .filter(|(_, s)| **s)
        .map(|(p, _)| p.id.clone())
        .collect();
    let severance = severed
        .iter()
        .map(|id| {
            let by = SeveredBy {
                org: "elsewhere".to_string(),
                on: "2026-01-01T00:00:00Z".parse().expect("a moment"),
            };
            (id.clone(), by)
        })
        .collect();
    (severed, severance)
}

proptest! {
    #![proptest_config(outlook_config())]

    /// The renewal outlook: every level met at the date, and the first day
    /// it is no longer met (or none through the horizon), as the reference
    /// finds it evaluating the level again one day at a time; and the same
    /// horizon.
    #[test]
    fn the_outlook_agrees_with_the_reference_day_by_day(case in one_case()) {
        let rule_set = check(&case.text);
        let facts = case.facts.ron();
        let org = parse_facts(&facts);
        let (severed, severance) = severed_of(&org, &case.severed);
        let outcome = evaluate::evaluate(&rule_set, &org, case.date, &severance);
        let engine: Vec<reference::LapseJudgement> = outcome
            .outlook
            .iter()
            .map(|l| reference::LapseJudgement {
                competency: l.competency.clone(),
                level: l.level,
                on: l.on,
            })
            .collect();
        let (expected, horizon) = reference::outlook(&rule_set, &org, case.date, &severed);
        let mut found = Vec::new();
        if outcome.outlook_until != horizon {
            found.push(format!(
                "the horizon: engine {}, reference {horizon}",
                outcome.outlook_until
            ));
        }
        if engine != expected {
            found.push(format!("lapses:
    engine    {engine:?}
    reference {expected:?}"));
        }
        let note = if severed.is_empty() {
            String::new()
        } else {
            format!(", with {} kept by another organization", severed.join(", "))
        };
        prop_assert!(found.is_empty(), "{}", report(&found, &case.text, &facts, case.date, &note));
    }
}

/// The comparisons above say something only if the generated cases reach
/// what the contract distinguishes: levels met by a path and by an
/// override, `unique people` and `of which` paths met, every membership
/// status, renewal at risk, Gold eligibility, people severed who mattered,
/// and for what it would take: `unique people` shortfalls, nearest paths
/// that are not the first, ties on the number of needs, restore.
#[test]
fn the_cases_reach_what_the_contract_distinguishes() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    const SAMPLES: usize = 1200;
    let mut runner = TestRunner::deterministic();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for _ in 0..SAMPLES {
        let case = one_case().new_tree(&mut runner).expect("a case").current();
        let rule_set = check(&case.text);
        let org = case.facts.parse();
        let judgement = reference::evaluate(&rule_set, &org, case.date, &[]);
        let mut saw =
            |what: &'static str, yes: bool| *seen.entry(what).or_default() += usize::from(yes);
        for l in &judgement.levels {
            saw("met by a path", matches!(l.met_by, Some(MetBy::Path(_))));
            saw("met by override", l.met_by == Some(MetBy::Override));
        }
        for (competency, level) in rule_set
            .competencies
            .iter()
            .flat_map(|c| c.levels.iter().map(move |l| (c, l)))
        {
            let judged = judgement
                .levels
                .iter()
                .find(|j| j.competency == competency.id && j.level == level.level)
                .expect("judged");
            for (path, p) in level.paths.iter().zip(&judged.paths) {
                let skills = path
                    .requirements
                    .iter()
                    .filter(|r| matches!(r.rule, RequirementRule::Skill(_)))
                    .count();
                saw(
                    "unique people path of 2+ skills met",
                    p.met && path.unique_people && skills >= 2,
                );
                let of_which = path
                    .requirements
                    .iter()
                    .any(|r| matches!(&r.rule, RequirementRule::Skill(s) if s.of_which.is_some()));
                saw("path with `of which` met", p.met && of_which);
            }
        }
        for l in &judgement.levels {
            let Some(gap) = &l.gap else { continue };
            saw("a missed level's gap", true);
            saw(
                "a unique people shortfall",
                gap.needs.iter().any(|n| n.requirement.is_none()),
            );
            saw(
                "a nearest path not the first written",
                l.paths.first().is_some_and(|p| p.id != gap.path),
            );
            let fewest = l
                .paths
                .iter()
                .filter(|p| p.needs.len() == gap.needs.len())
                .count();
            saw("paths tied on their number of needs", fewest >= 2);
        }
        // The features of the language, each in a path that is met.
        for (competency, level) in rule_set
            .competencies
            .iter()
            .flat_map(|c| c.levels.iter().map(move |l| (c, l)))
        {
            let judged = judgement
                .levels
                .iter()
                .find(|j| j.competency == competency.id && j.level == level.level)
                .expect("judged");
            for (path, p) in level.paths.iter().zip(&judged.paths) {
                for (r, met) in path.requirements.iter().zip(&p.requirements) {
                    let met = *met == Some(true);
                    match &r.rule {
                        RequirementRule::Performance(perf) => {
                            saw("a workload set met", met && perf.workloads.name == "suite");
                            saw(
                                "weighted workloads met",
                                met && perf
                                    .workloads
                                    .parts
                                    .iter()
                                    .any(|w| w.weight != rust_decimal::Decimal::ONE),
                            );
                            saw("an offer filter met", met && perf.offer.is_some());
                            saw(
                                "devices met",
                                met && perf.metric == rules::vocabulary::Metric::Devices,
                            );
                            saw(
                                "a `by customer` threshold met",
                                met && perf.developing_by_customer,
                            );
                        }
                        RequirementRule::Attested(_) => saw("attested met", met),
                        RequirementRule::Requires(_) => saw("requires met", met),
                        // Measures over time are compared in tests/customers.rs.
                        RequirementRule::Skill(_)
                        | RequirementRule::Entities(_)
                        | RequirementRule::Growth(_) => {}
                    }
                }
            }
        }
        saw("a retired code in the rules", !rule_set.retired.is_empty());
        if seen.get("outlook cases").copied().unwrap_or(0) < 300 {
            *seen.entry("outlook cases").or_default() += 1;
            let (lapses, _) = reference::outlook(&rule_set, &org, case.date, &[]);
            let mut saw =
                |what: &'static str, yes: bool| *seen.entry(what).or_default() += usize::from(yes);
            saw(
                "a level lapsing before the horizon",
                lapses.iter().any(|l| l.on.is_some()),
            );
            saw(
                "a level holding through the horizon",
                lapses.iter().any(|l| l.on.is_none()),
            );
        }
        let mut saw =
            |what: &'static str, yes: bool| *seen.entry(what).or_default() += usize::from(yes);
        saw(
            "a path that would restore renewal",
            judgement.restore.is_some(),
        );
        saw("eligible gold", judgement.eligible == Some(Level::Gold));
        saw(
            "status none",
            judgement.held.is_some() && judgement.status == Status::None,
        );
        saw("status active", judgement.status == Status::Active);
        saw("status grace", judgement.status == Status::Grace);
        saw("status expired", judgement.status == Status::Expired);
        saw("at risk", judgement.at_risk);
        saw("profile shown", !judgement.profile.is_empty());
        let severed: Vec<String> = org
            .people
            .iter()
            .zip(&case.severed)
            .filter(|(_, s)| **s)
            .map(|(p, _)| p.id.clone())
            .collect();
        let without = reference::evaluate(&rule_set, &org, case.date, &severed);
        saw(
            "a severed person changes a level",
            without.levels != judgement.levels,
        );
    }
    let rare: Vec<String> = seen
        .iter()
        .filter(|(_, n)| **n < 10)
        .map(|(what, n)| format!("{what}: {n}"))
        .collect();
    assert!(
        rare.is_empty(),
        "too rare in {SAMPLES} cases: {rare:?}\nall: {seen:?}"
    );
}

/// The score comparisons say something only if the generated
/// organizations earn partial points, and reach some marks and miss
/// others. Prints the shares (`--nocapture`) and holds them to a minimum.
#[test]
fn the_scores_earn_partial_points_and_reach_and_miss_marks() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    use rules::ruleset::Award;
    const SAMPLES: usize = 600;
    let mut runner = TestRunner::deterministic();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let zero = BigRational::from_integer(0.into());
    for _ in 0..SAMPLES {
        let case = one_case().new_tree(&mut runner).expect("a case").current();
        let rule_set = check(&case.text);
        let org = case.facts.parse();
        let judgement = reference::evaluate(&rule_set, &org, case.date, &[]);
        let mut saw =
            |what: &'static str, yes: bool| *seen.entry(what).or_default() += usize::from(yes);
        saw("cases", true);
        saw("cases with a score", !judgement.scores.is_empty());
        for l in &judgement.levels {
            saw("levels met by a score", l.met_by == Some(MetBy::Score));
        }
        for s in &judgement.scores {
            let rules = rule_set
                .competency(&s.owner)
                .and_then(|c| c.score.as_ref())
                .expect("a score's rules");
            saw("scores", true);
            let mut partial = false;
            let mut capped = false;
            let mut closed = false;
            let mut per = false;
            for (track, metrics) in rules.tracks.iter().zip(&s.metrics) {
                let all = track.categories.iter().flat_map(|c| &c.metrics);
                for (m, judged) in all.zip(metrics) {
                    for (line, earned) in m.lines.iter().zip(&judged.lines) {
                        let full = reference::exact(line.points);
                        partial |= line.award == Award::ProRata && *earned > zero && *earned < full;
                        per |= line.award == Award::Per && *earned > zero;
                    }
                    let sum = judged.lines.iter().fold(zero.clone(), |a, b| a + b);
                    capped |= !m.best_of && judged.earned > zero && sum > reference::exact(m.max);
                    closed |= judged.earned == zero && judged.lines.iter().any(|l| *l > zero);
                }
            }
            saw("scores with a line earning partial points", partial);
            saw("scores with a `per` line earning", per);
            saw("scores with a metric held to its max", capped);
            saw("scores with a closed gate holding points back", closed);
            saw("scores with points", s.total > zero);
            saw("scores with a mark reached", s.marks.iter().any(|m| *m));
            saw("scores with a mark missed", s.marks.iter().any(|m| !*m));
            saw(
                "scores with a mark missed by points, not by a metric at zero",
                rules
                    .marks()
                    .iter()
                    .zip(&s.marks)
                    .any(|((_, at), reached)| !reached && s.total < reference::exact(*at)),
            );
            saw(
                "scores whose total reaches a mark a metric at zero keeps",
                rules
                    .marks()
                    .iter()
                    .zip(&s.marks)
                    .any(|((_, at), reached)| !reached && s.total >= reference::exact(*at)),
            );
            saw("designations passed", s.designation && s.passed);
            saw("designations missed", s.designation && !s.passed);
            saw("a track not the first counts", s.track > 0);
            saw("a day before the date counts", s.day < case.date);
        }
    }
    let mut shown: Vec<_> = seen.iter().collect();
    shown.sort();
    for (what, n) in &shown {
        eprintln!("{what}: {n}");
    }
    let scores = seen.get("scores").copied().unwrap_or(0);
    let share = |what: &str| seen.get(what).copied().unwrap_or(0) as f64 / scores.max(1) as f64;
    // Shares of scores: points earned in part, marks both reached and missed.
    for (what, least) in [
        ("scores with a line earning partial points", 0.15),
        ("scores with points", 0.4),
        ("scores with a mark reached", 0.12),
        ("scores with a mark missed", 0.3),
        (
            "scores with a mark missed by points, not by a metric at zero",
            0.2,
        ),
    ] {
        assert!(
            share(what) >= least,
            "{what}: {:.2} of {scores} scores, below {least}\nall: {seen:?}",
            share(what)
        );
    }
    // Counts: what the scores distinguish, each seen now and then.
    let rare: Vec<String> = [
        "levels met by a score",
        "scores with a `per` line earning",
        "scores with a metric held to its max",
        "scores with a closed gate holding points back",
        "scores whose total reaches a mark a metric at zero keeps",
        "designations passed",
        "designations missed",
        "a track not the first counts",
        "a day before the date counts",
    ]
    .iter()
    .filter(|what| seen.get(**what).copied().unwrap_or(0) < 5)
    .map(|what| format!("{what}: {}", seen.get(*what).copied().unwrap_or(0)))
    .collect();
    assert!(
        rare.is_empty(),
        "too rare in {SAMPLES} cases: {rare:?}\nall: {seen:?}"
    );
}
