//! Synthetic organizations for a rule set, for benchmarks and trials at
//! scale: seeded, so the same seed gives the same file. What they hold is
//! drawn from the rules themselves — the workloads, associations and
//! thresholds of their performance requirements, the codes of their skill
//! requirements — so that a realistic share of levels is met, missed by a
//! little, or missed by a lot. People come with mixed achievements (some
//! expired, some passed after the evaluation date), some have left or will
//! leave, some associated too recently to count yet.

use std::io::{self, Write};

use chrono::{Days, Months, NaiveDate};
use rust_decimal::Decimal;

use crate::ruleset::{RequirementRule, RuleSet};
use crate::vocabulary::{AchievementClass, Metric};

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    pub count: usize,
    pub seed: u64,
    /// The evaluation date written into every organization (`as_of`).
    pub as_of: NaiveDate,
}

/// Writes `options.count` organizations as one RON list file.
pub fn generate(rules: &RuleSet, options: &Options, out: &mut impl Write) -> io::Result<()> {
    let pool = Pool::of(rules);
    let mut random = Random::new(options.seed);
    writeln!(
        out,
        "// {} synthetic organizations, seed {}",
        options.count, options.seed
    )?;
    writeln!(out, "[")?;
    for n in 0..options.count {
        organization(&pool, &mut random, options.as_of, n, out)?;
    }
    writeln!(out, "]")
}

/// What the rules ask about, to draw from.
struct Pool {
    competencies: Vec<String>,
    measures: Vec<Measure>,
    /// Codes by class, grouped as one skill requirement lists them.
    code_groups: Vec<(AchievementClass, Vec<String>)>,
}

struct Measure {
    metric: Metric,
    workload: String,
    associations: Vec<String>,
    threshold: Decimal,
    window: u32,
}

impl Pool {
    fn of(rules: &RuleSet) -> Pool {
        let mut measures = Vec::new();
        let mut code_groups: Vec<(AchievementClass, Vec<String>)> = Vec::new();
        for requirement in rules
            .competencies
            .iter()
            .flat_map(|c| &c.levels)
            .flat_map(|l| &l.paths)
            .flat_map(|p| &p.requirements)
        {
            match &requirement.rule {
                RequirementRule::Performance(p) => measures.push(Measure {
                    metric: p.metric,
                    workload: p.workload.clone(),
                    associations: p.via.clone().unwrap_or_default(),
                    threshold: p.threshold,
                    window: p.window().unwrap_or(12),
                }),
                RequirementRule::Skill(s) => {
                    let mut codes = s.qualification.codes();
                    if let Some(o) = &s.of_which {
                        codes.extend(o.qualification.codes());
                    }
                    for class in [AchievementClass::Certified, AchievementClass::Assessed] {
                        let group: Vec<String> = codes
                            .iter()
                            .filter(|(c, _)| *c == class)
                            .map(|(_, code)| code.to_string())
                            .collect();
                        if !group.is_empty()
                            && !code_groups.iter().any(|(c, g)| *c == class && *g == group)
                        {
                            code_groups.push((class, group));
                        }
                    }
                }
            }
        }
        if measures.is_empty() {
            measures.push(Measure {
                metric: Metric::Revenue,
                workload: "azure".to_string(),
                associations: Vec::new(),
                threshold: Decimal::from(15_000),
                window: 12,
            });
        }
        if code_groups.is_empty() {
            code_groups.push((AchievementClass::Certified, vec!["AZ-104".to_string()]));
        }
        Pool {
            competencies: rules.competencies.iter().map(|c| c.id.clone()).collect(),
            measures,
            code_groups,
        }
    }
}

fn organization(
    pool: &Pool,
    r: &mut Random,
    as_of: NaiveDate,
    n: usize,
    out: &mut impl Write,
) -> io::Result<()> {
    writeln!(out, "Organization(")?;
    writeln!(out, "    id: \"org-{n:07}\",")?;
    writeln!(out, "    name: \"Synthetic Partner {n}\",")?;
    if r.chance(20) {
        writeln!(out, "    market: Developing,")?;
    }
    writeln!(out, "    as_of: Some(\"{as_of}\"),")?;
    if r.chance(60) && !pool.competencies.is_empty() {
        let level = if r.chance(30) { "Gold" } else { "Silver" };
        let purchased = days_before(as_of, r.below(540));
        let competency = r.pick(&pool.competencies);
        writeln!(
            out,
            "    membership: Some(Membership(level: {level}, purchased: \"{purchased}\", competencies: [\"{competency}\"])),"
        )?;
    }
    writeln!(out, "    metrics: [")?;
    for _ in 0..1 + r.below(4) {
        metric_records(r.pick(&pool.measures), r, as_of, out)?;
    }
    writeln!(out, "    ],")?;
    writeln!(out, "    people: [")?;
    for p in 0..r.below(11) {
        person(pool, r, as_of, n, p, out)?;
    }
    writeln!(out, "    ],")?;
    writeln!(out, "),")
}

/// A year and a bit of records for one measure, around its threshold.
fn metric_records(
    m: &Measure,
    r: &mut Random,
    as_of: NaiveDate,
    out: &mut impl Write,
) -> io::Result<()> {
    let kind = match m.metric {
        Metric::Revenue => "Revenue",
        Metric::Customers => "Customers",
        Metric::Seats => "Seats",
        Metric::Usage => "Usage",
    };
    // Where this organization stands against the threshold: 10% to 250%.
    let share = Decimal::from(10 + r.below(240)) / Decimal::from(100);
    let months = (m.window + 3).min(24);
    let records = if m.metric.is_flow() {
        1 + r.below(months as u64)
    } else {
        1 + r.below(3)
    };
    for _ in 0..records {
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
        let association = if !m.associations.is_empty() && r.chance(90) {
            format!(", association: Some(\"{}\")", r.pick(&m.associations))
        } else if r.chance(50) {
            ", association: Some(\"other\")".to_string()
        } else {
            String::new()
        };
        writeln!(
            out,
            "        Metric(kind: {kind}, workload: \"{}\", value: {value}, date: \"{date}\"{association}),",
            m.workload
        )?;
    }
    Ok(())
}

fn person(
    pool: &Pool,
    r: &mut Random,
    as_of: NaiveDate,
    org: usize,
    p: u64,
    out: &mut impl Write,
) -> io::Result<()> {
    // A few people move between organizations: their id repeats elsewhere.
    let id = if r.chance(2) {
        format!("mover{}@example.com", r.below(5_000))
    } else {
        format!("person{p}@org-{org:07}.example.com")
    };
    let associated = if r.chance(4) {
        // Associated on the evaluation date itself: still pending.
        format!("{as_of}T{:02}:{:02}:00Z", 1 + r.below(22), r.below(60))
    } else {
        format!("{}T09:00:00Z", days_before(as_of, 2 + r.below(1_000)))
    };
    let left = if r.chance(8) {
        let when = if r.chance(50) {
            days_before(as_of, r.below(300))
        } else {
            as_of
                .checked_add_days(Days::new(1 + r.below(300)))
                .unwrap_or(as_of)
        };
        format!(", left: Some(\"{when}\")")
    } else {
        String::new()
    };
    writeln!(
        out,
        "        Person(id: \"{id}\", name: \"Person {p}\", associated: \"{associated}\"{left}, achievements: ["
    )?;
    let (class, group) = r.pick(&pool.code_groups);
    let chosen: Vec<&String> = group.iter().filter(|_| r.chance(60)).take(4).collect();
    for code in chosen {
        let kind = match class {
            AchievementClass::Assessed => "Assessment",
            AchievementClass::Certified if r.chance(30) => "Certification",
            AchievementClass::Certified => "Exam",
        };
        let passed = if r.chance(3) {
            as_of
                .checked_add_days(Days::new(1 + r.below(60)))
                .unwrap_or(as_of)
        } else {
            days_before(as_of, 1 + r.below(900))
        };
        let expires = if r.chance(30) {
            format!(
                ", expires: Some(\"{}\")",
                passed
                    .checked_add_days(Days::new(200 + r.below(700)))
                    .unwrap_or(passed)
            )
        } else {
            String::new()
        };
        writeln!(
            out,
            "            Achievement(kind: {kind}, code: \"{}\", passed: \"{passed}\"{expires}),",
            escape(code)
        )?;
    }
    writeln!(out, "        ]),")
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
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

    #[test]
    fn the_same_seed_gives_the_same_organizations() {
        let rules =
            crate::load::load_rule_set(std::path::Path::new("rules")).expect("shipped rules");
        let options = Options {
            count: 20,
            seed: 7,
            as_of: "2026-11-23".parse().unwrap(),
        };
        let (mut a, mut b) = (Vec::new(), Vec::new());
        generate(&rules, &options, &mut a).unwrap();
        generate(&rules, &options, &mut b).unwrap();
        assert_eq!(a, b);
        let text = String::from_utf8(a).unwrap();
        let organizations =
            crate::facts::stream::split_text("generated.ron", &text).expect("a list");
        assert_eq!(organizations.len(), 20);
        for source in &organizations {
            crate::facts::parse_organization(source).expect("generated facts are valid");
        }
    }
}
