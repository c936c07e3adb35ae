//! Synthetic organizations for a rule set, for benchmarks and trials at
//! scale: seeded, so the same seed gives the same file. What they hold is
//! drawn from the rules themselves — the workloads, associations and
//! thresholds of their performance requirements, the codes of their skill
//! requirements — so that a realistic share of levels is met, missed by a
//! little, or missed by a lot. People come with mixed achievements (some
//! expired, some passed after the evaluation date), some have left or will
//! leave, some associated too recently to count yet.

use std::io::{self, Write};
use std::sync::Arc;

use chrono::{Days, Months, NaiveDate};
use rust_decimal::Decimal;

use crate::facts::write::{FactWriter, Layout};
use crate::facts::{Achievement, Membership, MetricRecord, Organization, Person};
use crate::ruleset::{RequirementRule, RuleSet};
use crate::source::{Loc, SourceFile};
use crate::vocabulary::{AchievementClass, AchievementKind, Level, Market, Metric};

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    pub count: usize,
    pub seed: u64,
    /// The evaluation date written into every organization (`as_of`).
    pub as_of: NaiveDate,
    /// People per organization: exactly this many, else 0 to 10 at random.
    pub people: Option<usize>,
    /// Metric records per organization: exactly this many, else a few at random.
    pub metrics: Option<usize>,
}

/// Writes `options.count` organizations in `layout`.
pub fn generate(
    rules: &RuleSet,
    options: &Options,
    layout: Layout,
    out: &mut impl Write,
) -> io::Result<()> {
    let pool = Pool::of(rules);
    let mut random = Random::new(options.seed);
    // Generated organizations have no text of their own to point into.
    let source = SourceFile::new("<generated>", "");
    let comment = format!(
        "{} synthetic organization{}, seed {}",
        options.count,
        if options.count == 1 { "" } else { "s" },
        options.seed
    );
    let mut writer = FactWriter::begin(out, layout, Some(&comment))?;
    for n in 0..options.count {
        writer.organization(&organization(&pool, &mut random, options, n, &source))?;
    }
    writer.end()?;
    Ok(())
}

/// What the rules ask about, to draw from.
struct Pool {
    competencies: Vec<String>,
    measures: Vec<Measure>,
    /// Codes by class, grouped as one skill requirement lists them.
    code_groups: Vec<(AchievementClass, Vec<String>)>,
    /// Codes of `attested in [...]`.
    attestations: Vec<String>,
}

struct Measure {
    metric: Metric,
    /// The workloads it sums (one, a set's, or a list), with their weights.
    workloads: Vec<(String, Decimal)>,
    associations: Vec<String>,
    /// An association its `via` list does not credit, for records that must
    /// not count: one the program declares (so that the facts draw no
    /// warning), or `other` when it declares none.
    uncredited: Option<String>,
    /// The offers a `where offer` filter names, if any.
    offers: Vec<String>,
    threshold: Decimal,
    window: u32,
    /// `(developing ... by customer)`: records name their customer and its market.
    by_customer: bool,
    /// A count of tenants asks for this many: records are spread over some
    /// more tenants than that, each around the threshold on its own.
    tenants: u32,
}

impl Measure {
    fn of(p: &crate::ruleset::PerformanceRule) -> Measure {
        Measure {
            metric: p.metric,
            workloads: p
                .workloads
                .parts
                .iter()
                .map(|w| (w.workload.clone(), w.weight))
                .collect(),
            associations: p.via.clone().unwrap_or_default(),
            uncredited: None,
            offers: p
                .offer
                .as_ref()
                .map(|o| o.values.clone())
                .unwrap_or_default(),
            threshold: p.threshold,
            window: p.window().unwrap_or(12),
            by_customer: p.developing_by_customer,
            tenants: 0,
        }
    }
}

impl Pool {
    fn of(rules: &RuleSet) -> Pool {
        let mut measures = Vec::new();
        let mut code_groups: Vec<(AchievementClass, Vec<String>)> = Vec::new();
        let mut attestations: Vec<String> = Vec::new();
        // Paths' requirements, and the conditions, gates and lines of scores
        // (which are requirements too), so that generated facts earn points
        // and meet tracks' conditions as well.
        let in_paths = rules
            .competencies
            .iter()
            .flat_map(|c| &c.levels)
            .flat_map(|l| &l.paths)
            .flat_map(|p| &p.requirements);
        let in_scores = rules
            .competencies
            .iter()
            .filter_map(|c| c.score.as_ref())
            .flat_map(|s| s.requirements());
        for requirement in in_paths.chain(in_scores) {
            match &requirement.rule {
                RequirementRule::Performance(p) => measures.push(Measure::of(p)),
                RequirementRule::Entities(e) => {
                    let mut m = Measure::of(&e.condition);
                    if e.entity == crate::vocabulary::Entity::Tenants {
                        m.tenants = e.count.clamp(1, 1_000);
                    }
                    // Measured at the date and at a start a year or more before.
                    m.window = (m.window + 12).min(36);
                    // `> $0`: any activity at all.
                    m.threshold = m.threshold.max(Decimal::ONE);
                    measures.push(m);
                }
                RequirementRule::Growth(g) => match &g.measure {
                    crate::ruleset::GrowthMeasure::Records(p) => {
                        let mut m = Measure::of(p);
                        // Around the baseline's floor, over the start's window and the date's.
                        m.threshold = g
                            .baseline
                            .as_ref()
                            .map_or(Decimal::from(1_000), |b| b.floor)
                            .max(Decimal::ONE);
                        m.window = (m.window + 12).min(36);
                        measures.push(m);
                    }
                    crate::ruleset::GrowthMeasure::People { qualification, .. } => {
                        add_codes(&mut code_groups, qualification.codes());
                    }
                },
                RequirementRule::Attested(a) => {
                    for code in &a.codes {
                        if !attestations.contains(code) {
                            attestations.push(code.clone());
                        }
                    }
                }
                RequirementRule::Requires(_) => {}
                RequirementRule::Skill(s) => {
                    let mut codes = s.qualification.codes();
                    if let Some(o) = &s.of_which {
                        codes.extend(o.qualification.codes());
                    }
                    add_codes(&mut code_groups, codes);
                }
            }
        }
        if measures.is_empty() {
            measures.push(Measure {
                metric: Metric::Revenue,
                workloads: vec![("azure".to_string(), Decimal::ONE)],
                associations: Vec::new(),
                uncredited: None,
                offers: Vec::new(),
                threshold: Decimal::from(15_000),
                window: 12,
                by_customer: false,
                tenants: 0,
            });
        }
        if code_groups.is_empty() {
            code_groups.push((AchievementClass::Certified, vec!["AZ-104".to_string()]));
        }
        for m in &mut measures {
            m.uncredited = match &rules.settings.associations {
                None => Some("other".to_string()),
                Some(declared) => declared
                    .iter()
                    .find(|a| !m.associations.contains(a))
                    .cloned(),
            };
        }
        Pool {
            competencies: rules.competencies.iter().map(|c| c.id.clone()).collect(),
            measures,
            code_groups,
            attestations,
        }
    }
}

/// The codes of one requirement, grouped by class, each group once.
fn add_codes(
    groups: &mut Vec<(AchievementClass, Vec<String>)>,
    codes: Vec<(AchievementClass, &str)>,
) {
    for class in [AchievementClass::Certified, AchievementClass::Assessed] {
        let group: Vec<String> = codes
            .iter()
            .filter(|(c, _)| *c == class)
            .map(|(_, code)| code.to_string())
            .collect();
        if !group.is_empty() && !groups.iter().any(|(c, g)| *c == class && *g == group) {
            groups.push((class, group));
        }
    }
}

fn organization(
    pool: &Pool,
    r: &mut Random,
    options: &Options,
    n: usize,
    source: &Arc<SourceFile>,
) -> Organization {
    let as_of = options.as_of;
    let market = if r.chance(20) {
        Market::Developing
    } else {
        Market::Developed
    };
    let membership = (r.chance(60) && !pool.competencies.is_empty()).then(|| {
        let level = if r.chance(30) {
            Level::Gold
        } else {
            Level::Silver
        };
        let purchased = days_before(as_of, r.below(540));
        let competency = r.pick(&pool.competencies).clone();
        Membership {
            level,
            purchased,
            competencies: vec![(competency, Loc::new(source, 0..0))],
        }
    });
    let mut metrics = Vec::new();
    match options.metrics {
        Some(wanted) => {
            while metrics.len() < wanted {
                metric_records(r.pick(&pool.measures), r, as_of, source, &mut metrics);
            }
            metrics.truncate(wanted);
        }
        None => {
            for _ in 0..1 + r.below(4) {
                metric_records(r.pick(&pool.measures), r, as_of, source, &mut metrics);
            }
        }
    }
    let people = options.people.map_or_else(|| r.below(11), |n| n as u64);
    // A mover drawn twice for one organization would be a duplicate person:
    // the second time, they are someone of this organization's own.
    let mut ids = std::collections::HashSet::new();
    let people = (0..people)
        .map(|p| {
            let mut person = person(pool, r, as_of, n, p, source);
            if !ids.insert(person.id.clone()) {
                person.id = format!("person{p}@org-{n:07}.example.com");
            }
            person
        })
        .collect();
    let mut attestations = Vec::new();
    for code in &pool.attestations {
        if r.chance(40) {
            attestations.push(crate::facts::Attestation {
                code: code.clone(),
                granted: days_before(as_of, 30 + r.below(700)),
                expires: None,
                code_loc: Loc::new(source, 0..0),
            });
        }
    }
    Organization {
        id: format!("org-{n:07}"),
        name: Some(format!("Synthetic Partner {n}")),
        market,
        as_of: Some(as_of),
        membership,
        metrics,
        people,
        attestations,
        source: source.clone(),
        id_loc: Loc::new(source, 0..0),
    }
}

/// A year and a bit of records for one measure, around its threshold.
fn metric_records(
    m: &Measure,
    r: &mut Random,
    as_of: NaiveDate,
    source: &Arc<SourceFile>,
    out: &mut Vec<MetricRecord>,
) {
    // Where this organization stands against the threshold: 10% to 250%.
    let share = Decimal::from(10 + r.below(240)) / Decimal::from(100);
    let months = (m.window + 3).min(24);
    let records = if m.tenants > 0 {
        // Each tenant a record or three: some above the amount, some below.
        u64::from(m.tenants) * 3
    } else if m.metric.is_flow() {
        1 + r.below(months as u64)
    } else {
        1 + r.below(3)
    };
    let tenants = u64::from(m.tenants) * 3 / 2 + 1;
    for _ in 0..records {
        let share = if m.tenants > 0 {
            Decimal::from(10 + r.below(240)) / Decimal::from(100)
        } else {
            share
        };
        let records = if m.tenants > 0 { 1 } else { records };
        let date = months_before(as_of, r.below(months as u64) as u32, r.below(28));
        let value = if m.metric.is_flow() {
            let per_record = m.threshold * share / Decimal::from(records);
            if m.metric.is_money() {
                (per_record * Decimal::from(100)).round() / Decimal::from(100)
            } else {
                per_record.round().max(Decimal::ONE)
            }
        } else {
            (m.threshold * share).round().max(Decimal::ONE)
        };
        // A set's records are spread over its workloads; a weighted one counts
        // for more, so its records are smaller.
        let (workload, weight) = r.pick(&m.workloads);
        let value = (value / weight).round_dp(2).max(Decimal::ONE);
        let value = if m.metric.is_money() {
            value
        } else {
            value.round()
        };
        let offer = match m.offers.as_slice() {
            [] => None,
            offers if r.chance(20) => Some("trial".to_string()).filter(|t| !offers.contains(t)),
            offers => Some(r.pick(offers).clone()),
        };
        let association = if !m.associations.is_empty() && r.chance(90) {
            Some(r.pick(&m.associations).clone())
        } else if r.chance(50) {
            m.uncredited.clone()
        } else {
            None
        };
        // Most customers of a developing-market partner are local; a few are not.
        let (customer, customer_market) = if m.tenants > 0 {
            // Now and then a record that names no tenant.
            let customer = (!r.chance(5)).then(|| format!("tenant-{}", r.below(tenants)));
            let market = m.by_customer.then(|| {
                if r.chance(15) {
                    Market::Developed
                } else {
                    Market::Developing
                }
            });
            (customer, market)
        } else if m.by_customer {
            let market = if r.chance(15) {
                Market::Developed
            } else {
                Market::Developing
            };
            (Some(format!("customer-{}", r.below(50))), Some(market))
        } else {
            (None, None)
        };
        out.push(MetricRecord {
            kind: m.metric,
            workload: workload.clone(),
            value: value.normalize(),
            date,
            association,
            offer,
            customer,
            customer_market,
            workload_loc: Loc::new(source, 0..0),
            association_loc: None,
        });
    }
}

fn person(
    pool: &Pool,
    r: &mut Random,
    as_of: NaiveDate,
    org: usize,
    p: u64,
    source: &Arc<SourceFile>,
) -> Person {
    // A few people move between organizations: their id repeats elsewhere.
    let id = if r.chance(2) {
        format!("mover{}@example.com", r.below(5_000))
    } else {
        format!("person{p}@org-{org:07}.example.com")
    };
    let associated = if r.chance(4) {
        // Associated on the evaluation date itself: still pending.
        as_of.and_hms_opt(1 + r.below(22) as u32, r.below(60) as u32, 0)
    } else {
        days_before(as_of, 2 + r.below(1_000)).and_hms_opt(9, 0, 0)
    }
    .expect("a valid time of day")
    .and_utc();
    let left = r.chance(8).then(|| {
        if r.chance(50) {
            days_before(as_of, r.below(300))
        } else {
            as_of
                .checked_add_days(Days::new(1 + r.below(300)))
                .unwrap_or(as_of)
        }
    });
    let (class, group) = r.pick(&pool.code_groups);
    let chosen: Vec<&String> = group.iter().filter(|_| r.chance(60)).take(4).collect();
    let achievements = chosen
        .into_iter()
        .map(|code| {
            let kind = match class {
                AchievementClass::Assessed => AchievementKind::Assessment,
                AchievementClass::Certified if r.chance(30) => AchievementKind::Certification,
                AchievementClass::Certified => AchievementKind::Exam,
            };
            let passed = if r.chance(3) {
                as_of
                    .checked_add_days(Days::new(1 + r.below(60)))
                    .unwrap_or(as_of)
            } else {
                days_before(as_of, 1 + r.below(900))
            };
            let expires = r.chance(30).then(|| {
                passed
                    .checked_add_days(Days::new(200 + r.below(700)))
                    .unwrap_or(passed)
            });
            Achievement {
                kind,
                code: code.clone(),
                passed,
                expires,
                code_loc: Loc::new(source, 0..0),
            }
        })
        .collect();
    Person {
        id,
        name: Some(format!("Person {p}")),
        associated,
        left,
        achievements,
    }
}

fn days_before(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(days)).unwrap_or(date)
}

fn months_before(date: NaiveDate, months: u32, days: u64) -> NaiveDate {
    let month = date.checked_sub_months(Months::new(months)).unwrap_or(date);
    days_before(month, days)
}

/// SplitMix64: small, fast, and the same sequence for the same seed on
/// every machine, which is all synthetic data needs.
struct Random(u64);

impl Random {
    fn new(seed: u64) -> Random {
        Random(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::split::split_text;
    use crate::facts::tokens::Format;

    fn shipped() -> RuleSet {
        crate::load::load_rule_set(std::path::Path::new("rules")).expect("shipped rules")
    }

    fn options() -> Options {
        Options {
            count: 20,
            seed: 7,
            as_of: "2026-11-23".parse().unwrap(),
            people: None,
            metrics: None,
        }
    }

    /// Scores' lines are requirements too: facts generated for a rule set of
    /// designations alone earn points for every designation (drawn from paths\n    /// only, four of the six earned nothing).
    #[test]
    fn facts_for_scores_earn_points() {
        let rules = crate::load::load_rule_set(std::path::Path::new("rules-solutions-partner"))
            .expect("shipped Solutions Partner rules");
        let mut text = Vec::new();
        generate(&rules, &options(), Layout::RonList, &mut text).unwrap();
        let text = String::from_utf8(text).unwrap();
        let none = crate::evaluate::Severance::new();
        let outcomes: Vec<_> = split_text("g.ron", Format::Ron, &text)
            .into_iter()
            .map(|piece| {
                let source = piece.expect("an organization").source;
                let org = crate::facts::parse_organization(&source, Format::Ron, false).unwrap();
                let date = crate::evaluate::evaluation_date(None, &org);
                crate::evaluate::evaluate(&rules, &org, date, &none)
            })
            .collect();
        for designation in rules.competencies.iter().filter(|c| c.designation) {
            let earning = outcomes
                .iter()
                .flat_map(|o| &o.competencies)
                .filter(|c| c.id == designation.id)
                .filter(|c| c.score.as_ref().is_some_and(|s| s.total.is_positive()))
                .count();
            assert!(
                earning > 0,
                "no organization earns points for `{}`",
                designation.id
            );
        }
    }

    #[test]
    fn people_and_metrics_may_be_fixed_per_organization() {
        let options = Options {
            people: Some(25),
            metrics: Some(7),
            ..options()
        };
        let mut text = Vec::new();
        generate(&shipped(), &options, Layout::RonList, &mut text).unwrap();
        let text = String::from_utf8(text).unwrap();
        let orgs =
            crate::facts::split::split_text("g.ron", crate::facts::tokens::Format::Ron, &text);
        assert_eq!(orgs.len(), 20);
        for piece in orgs {
            let source = piece.expect("an organization").source;
            let org =
                crate::facts::parse_organization(&source, crate::facts::tokens::Format::Ron, false)
                    .expect("valid");
            assert_eq!(org.people.len(), 25);
            assert_eq!(org.metrics.len(), 7);
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_organizations() {
        let rules = shipped();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        generate(&rules, &options(), Layout::RonList, &mut a).unwrap();
        generate(&rules, &options(), Layout::RonList, &mut b).unwrap();
        assert_eq!(a, b);
    }

    /// Workloads, associations and codes are written as the rules spell
    /// them, quotes and backslashes included, and read back the same.
    #[test]
    fn names_with_quotes_and_backslashes_are_escaped() {
        let text = r#"
            competency q "Q" {
                silver {
                    path p {
                        revenue "az\"ure" via ["d\"por", "t\\por"] >= $1,000
                        1 person certified in ["70-\"533", "a\\b"]
                    }
                }
            }
        "#;
        let rules = crate::load::check_sources(vec![SourceFile::new("q.rules", text)])
            .expect("valid rules");
        let mut out = Vec::new();
        generate(&rules, &options(), Layout::RonList, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let mut names = std::collections::BTreeSet::new();
        for piece in split_text("generated", Format::Ron, &text) {
            let piece = piece.expect("an organization");
            let org = crate::facts::parse_organization(&piece.source, Format::Ron, false)
                .unwrap_or_else(|e| panic!("{e:?}\n{}", piece.source.text()));
            names.extend(org.metrics.iter().map(|m| m.workload.clone()));
            names.extend(org.metrics.iter().filter_map(|m| m.association.clone()));
            names.extend(
                org.people
                    .iter()
                    .flat_map(|p| &p.achievements)
                    .map(|a| a.code.clone()),
            );
        }
        for expected in ["az\"ure", "d\"por", "t\\por", "70-\"533", "a\\b"] {
            assert!(names.contains(expected), "{expected} in {names:?}");
        }
    }

    /// What an organization says, places aside.
    fn meaning(org: &Organization) -> String {
        let metrics: Vec<String> = org
            .metrics
            .iter()
            .map(|m| {
                let (kind, value, date) = (m.kind, m.value, m.date);
                format!("{kind:?} {} {value} {date} {:?}", m.workload, m.association)
            })
            .collect();
        let people: Vec<String> = org
            .people
            .iter()
            .map(|p| {
                let codes: Vec<String> = p
                    .achievements
                    .iter()
                    .map(|a| format!("{:?} {} {} {:?}", a.kind, a.code, a.passed, a.expires))
                    .collect();
                format!(
                    "{} {:?} {} {:?} {codes:?}",
                    p.id, p.name, p.associated, p.left
                )
            })
            .collect();
        format!("{} {metrics:?} {people:?} {:?}", org.id, org.as_of)
    }

    #[test]
    fn every_layout_reads_back_as_the_organizations_written() {
        let rules = shipped();
        let mut first: Option<Vec<String>> = None;
        for layout in [Layout::RonList, Layout::JsonArray, Layout::JsonLines] {
            let mut out = Vec::new();
            generate(&rules, &options(), layout, &mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            let read: Vec<String> = split_text("generated", layout.format(), &text)
                .into_iter()
                .map(|piece| {
                    let piece = piece.unwrap_or_else(|p| panic!("{layout:?}: {p:?}"));
                    let org =
                        crate::facts::parse_organization(&piece.source, layout.format(), false)
                            .unwrap_or_else(|e| panic!("{layout:?}: {e:?}"));
                    meaning(&org)
                })
                .collect();
            assert_eq!(read.len(), 20, "{layout:?}");
            match &first {
                None => first = Some(read),
                Some(first) => assert_eq!(first, &read, "{layout:?} reads differently"),
            }
        }
    }
}
