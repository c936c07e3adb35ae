//! A deliberately naive reference evaluator, written from the contract
//! (`language.md` §1–§3), not from the engine: what a rule set means for an
//! organization at a date, by brute force.
//!
//! Nothing is indexed or cached. Windows are computed from their definition,
//! (D − N calendar months, D] with the day clamped to the month's end, by
//! plain calendar arithmetic. Every person is checked again for every
//! requirement. `N people ... of which K ...` is decided by trying every
//! group of N people, and `unique people` by trying every assignment of
//! people to the path's skill requirements. Dates are chrono dates, amounts
//! `rust_decimal`s: no floating point, no comparing strings.
//!
//! What it would take (§4, "What it would take") is computed the same way:
//! each requirement's shortfall from its definition, the `unique people`
//! shortfall from the largest assignment found by trying every one, and
//! the nearest path by comparing sums of fractions exactly (`i128`
//! numerators and denominators, checked).
//!
//! Scores (docs/scores.md) are in `score.rs`: each line's actual and
//! required from the reference's own measures, points as exact rationals
//! of big integers. A level no path meets and no override holds is met by
//! its band (docs/scores.md says "a level no path meets"; an override,
//! which needs no evaluation, is named first).
//!
//! The brute force is exponential in the number of people: it is meant for
//! the small generated organizations of the differential tests, and says so
//! when given more.

#![allow(dead_code)]

use chrono::{DateTime, Datelike, Days, NaiveDate, TimeDelta, Utc};
use rust_decimal::Decimal;

use rules::duration::{Duration, TimeUnit};
use rules::facts::{Organization, Person};
use rules::ruleset::{
    EntityRule, GrowthMeasure, GrowthRule, PerformanceRule, Qualification, Requirement,
    RequirementRule, Retired, RuleSet, SkillRule, Subscription,
};
use rules::vocabulary::{
    AchievementClass, AchievementKind, Entity, EntityChange, GrowthKind, Level, Market, Metric,
    Since,
};

mod score;
pub use score::*;

/// More people than this and the brute force would take too long.
pub const MAX_PEOPLE: usize = 12;

/// How a level is met (§4: `met_by` is a path id, `"override"` or null).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MetBy {
    Path(String),
    Override,
    /// No path met it and no override: the competency's score reached the
    /// level's band (docs/scores.md).
    Score,
}

/// §3's membership states.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    None,
    Active,
    Grace,
    Expired,
}

/// What an organization's evaluation decides, in a form both the engine's
/// outcome and the reference can be brought to and compared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Judgement {
    pub org: String,
    /// Every level every competency defines, in rule-set order.
    pub levels: Vec<LevelJudgement>,
    pub eligible: Option<Level>,
    pub held: Option<Level>,
    pub status: Status,
    pub valid_until: Option<NaiveDate>,
    pub at_risk: bool,
    /// Sorted: the contract fixes what the profile holds, not its order.
    pub profile: Vec<(String, Level)>,
    /// While at risk: the competency, the held level, and the nearest path
    /// over every competency at that level, with what it lacks.
    pub restore: Option<(String, Level, GapJudgement)>,
    /// Every competency's and designation's score, in rule-set order.
    pub scores: Vec<ScoreJudgement>,
}

/// What the nearest path of a missed level lacks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GapJudgement {
    pub path: String,
    pub needs: Vec<NeedJudgement>,
}

/// One shortfall: of the requirement at that index of the path (`None`:
/// the `unique people` shortfall), by how much, of how much required.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NeedJudgement {
    pub requirement: Option<usize>,
    pub short_by: Decimal,
    pub required: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LevelJudgement {
    pub competency: String,
    pub level: Level,
    pub met: bool,
    pub met_by: Option<MetBy>,
    pub paths: Vec<PathJudgement>,
    /// For a missed level, what its nearest path lacks.
    pub gap: Option<GapJudgement>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathJudgement {
    pub id: String,
    pub met: bool,
    /// Whether each requirement is met, where that is a property of the
    /// requirement alone: always for performance, and for skill
    /// requirements outside `unique people` paths (inside one, only the
    /// path as a whole has an answer). `None` elsewhere.
    pub requirements: Vec<Option<bool>>,
    /// What it would take for the path to be met; empty when it is.
    pub needs: Vec<NeedJudgement>,
}

// ------------------------------------------------------------ calendar

fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => unreachable!("month {month}"),
    }
}

/// `date` moved by `months` calendar months (either way), the day clamped
/// to the last day of a shorter month: 2026-03-31 − 1 month = 2026-02-28.
pub fn shift_months(date: NaiveDate, months: i64) -> NaiveDate {
    let index = date.year() as i64 * 12 + (date.month0() as i64) + months;
    let year = index.div_euclid(12) as i32;
    let month = index.rem_euclid(12) as u32 + 1;
    let day = date.day().min(days_in_month(year, month));
    NaiveDate::from_ymd_opt(year, month, day).expect("a date in chrono's range")
}

fn add_days(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_add_days(Days::new(days.into()))
        .expect("a date in chrono's range")
}

/// The midnight (UTC) that ends `date`: the first instant of the next day.
fn midnight_after(date: NaiveDate) -> Option<DateTime<Utc>> {
    date.succ_opt()
        .map(|next| next.and_hms_opt(0, 0, 0).expect("midnight").and_utc())
}

/// The moment `duration` after `moment` (calendar months keep the time of day).
fn after(moment: DateTime<Utc>, duration: Duration) -> DateTime<Utc> {
    let n = duration.count;
    match duration.unit {
        TimeUnit::Hours => moment + TimeDelta::hours(n.into()),
        TimeUnit::Days => moment + TimeDelta::days(n.into()),
        TimeUnit::Months => {
            let date = shift_months(moment.date_naive(), n.into());
            date.and_time(moment.time()).and_utc()
        }
    }
}

/// The date a whole-day duration after `date`; hours are not allowed for
/// the subscription and the grace (the checker refuses them).
fn date_after(date: NaiveDate, duration: Duration) -> NaiveDate {
    match duration.unit {
        TimeUnit::Days => add_days(date, duration.count),
        TimeUnit::Months => shift_months(date, duration.count.into()),
        TimeUnit::Hours => panic!("a membership duration in hours is not in the contract"),
    }
}

// ------------------------------------------------------------ people

/// Whether `person` can count for anything at `date` (§3): not left by
/// then, associated long enough ago, and not kept by another organization.
///
/// "Associated plus the wait is at or before D", D standing for the end of
/// its day: the wait must be over at some instant of the day D, so before
/// the midnight that ends it. (The contract leaves open whether that
/// midnight is D's; the project's own case `eval/association-wait-boundaries`
/// fixes it: a person associated at midnight with a 24-hour wait is still
/// pending at the end of that day, and counts from the midnight after.)
pub fn can_count(person: &Person, date: NaiveDate, wait: Duration, severed: &[String]) -> bool {
    let left = person.left.is_some_and(|left| left <= date);
    let ready = after(person.associated, wait);
    let waited = midnight_after(date).is_none_or(|midnight| ready < midnight);
    !left && waited && !severed.contains(&person.id)
}

/// Whether `person` holds `code` of `class`, valid at `date`: passed on or
/// before it, and not expired (no `expires`, or `expires` after it); a
/// retired code only if passed by its retirement and `date` is on or before
/// the last day it is accepted.
fn holds_code(
    person: &Person,
    class: AchievementClass,
    code: &str,
    date: NaiveDate,
    retired: &[Retired],
) -> bool {
    person.achievements.iter().any(|a| {
        // `certified in`: Certification or Exam; `assessed in`: Assessment.
        let kind_fits = matches!(
            (class, a.kind),
            (
                AchievementClass::Certified,
                AchievementKind::Certification | AchievementKind::Exam
            ) | (AchievementClass::Assessed, AchievementKind::Assessment)
        );
        kind_fits
            && a.code == code
            && a.passed <= date
            && match a.expires {
                None => true,
                Some(expires) => expires > date,
            }
            && retired
                .iter()
                .filter(|r| r.code == a.code)
                .all(|r| a.passed <= r.on && date <= r.accepted_through)
    })
}

/// Whether `person` satisfies `q` with the achievements valid at `date`.
pub fn satisfies(q: &Qualification, person: &Person, date: NaiveDate, retired: &[Retired]) -> bool {
    match q {
        Qualification::Holds { class, all, codes } => {
            let held = codes
                .iter()
                .filter(|code| holds_code(person, *class, code, date, retired))
                .count();
            if *all { held == codes.len() } else { held > 0 }
        }
        Qualification::And(parts) => parts.iter().all(|p| satisfies(p, person, date, retired)),
        Qualification::Or(parts) => parts.iter().any(|p| satisfies(p, person, date, retired)),
    }
}

/// Every subset of `0..n`, as bit masks.
fn subsets(n: usize) -> impl Iterator<Item = u32> {
    assert!(
        n <= MAX_PEOPLE,
        "the reference is for small inputs ({n} people)"
    );
    0..(1u32 << n)
}

/// Whether the people of `group` can fill `skill` on their own: some N of
/// them satisfy its qualification, and of those N at least K satisfy the
/// `of which` qualification too. Tried group by group.
fn fills(skill: &SkillRule, group: &[&Person], date: NaiveDate, retired: &[Retired]) -> bool {
    let n = skill.count as usize;
    subsets(group.len()).any(|mask| {
        let chosen: Vec<&Person> = (0..group.len())
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| group[i])
            .collect();
        chosen.len() == n
            && chosen
                .iter()
                .all(|p| satisfies(&skill.qualification, p, date, retired))
            && skill.of_which.as_ref().is_none_or(|of_which| {
                let also = chosen
                    .iter()
                    .filter(|p| satisfies(&of_which.qualification, p, date, retired))
                    .count();
                also >= of_which.count as usize
            })
    })
}

// ------------------------------------------------------------ performance

fn is_flow(metric: Metric) -> bool {
    match metric {
        Metric::Revenue | Metric::Customers | Metric::Devices => true,
        Metric::Seats | Metric::Usage => false,
    }
}

/// The value a performance requirement measures at `date` (§3 and the
/// extensions of §1), and whether a counted record's customer is in a
/// developed market.
pub fn measure(rule: &PerformanceRule, org: &Organization, date: NaiveDate) -> (Decimal, bool) {
    let window = match rule.window_months {
        Some(months) => Some(months),
        None if is_flow(rule.metric) => Some(12),
        None => None,
    };
    // Dates after `start` through `date` are in the window.
    let start = window.map(|months| shift_months(date, -i64::from(months)));
    let in_window = |d: NaiveDate| d <= date && start.is_none_or(|s| d > s);
    let mut total = Decimal::ZERO;
    let mut developed_customer = false;
    // `in a month`: (year, month) → the month's sum and whether a developed-market record is in it.
    let mut months: Vec<((i32, u32), Decimal, bool)> = Vec::new();
    for part in &rule.workloads.parts {
        let records: Vec<_> = org
            .metrics
            .iter()
            .filter(|r| r.kind == rule.metric && r.workload == part.workload)
            .filter(|r| match &rule.via {
                None => true,
                Some(via) => r
                    .association
                    .as_ref()
                    .is_some_and(|a| via.iter().any(|v| v == a)),
            })
            .filter(|r| match &rule.offer {
                None => true,
                Some(offer) => match &r.offer {
                    Some(o) => offer.values.contains(o) != offer.not,
                    None => offer.not,
                },
            })
            .collect();
        let counted: Vec<_> = if is_flow(rule.metric) {
            records.into_iter().filter(|r| in_window(r.date)).collect()
        } else {
            // The latest record on or before D, if inside the window; records
            // of that same date summed.
            match records.iter().map(|r| r.date).filter(|d| *d <= date).max() {
                Some(latest) if in_window(latest) => {
                    records.into_iter().filter(|r| r.date == latest).collect()
                }
                _ => Vec::new(),
            }
        };
        for r in counted {
            let developed = r.customer_market == Some(Market::Developed);
            if rule.in_month {
                let key = (r.date.year(), r.date.month());
                match months.iter_mut().find(|m| m.0 == key) {
                    Some(m) => {
                        m.1 += r.value * part.weight;
                        m.2 |= developed;
                    }
                    None => months.push((key, r.value * part.weight, developed)),
                }
                continue;
            }
            total += r.value * part.weight;
            developed_customer |= developed;
        }
    }
    if rule.in_month {
        // The highest month; of equals, the latest.
        months.sort_by_key(|m| m.0);
        let best = months.iter().rev().max_by_key(|m| m.1);
        return best.map_or((Decimal::ZERO, false), |m| (m.1, m.2));
    }
    (total, developed_customer)
}

/// Whether `value` meets what the condition asks (`>` when strict).
fn meets(rule: &PerformanceRule, value: Decimal, required: Decimal) -> bool {
    if rule.strict {
        value > required
    } else {
        value >= required
    }
}

/// The start of a measure over time at `date` (§ customers: `since`, else
/// the window's start, else 12 months before).
fn start_of(date: NaiveDate, since: Option<Since>, window: Option<u32>) -> NaiveDate {
    match since {
        Some(Since::Date(d)) => d,
        Some(Since::MonthsAgo(months)) => shift_months(date, -i64::from(months)),
        None => shift_months(date, -i64::from(window.unwrap_or(12))),
    }
}

/// `[net|new] N tenants|workloads with CONDITION`, by its definition: each
/// tenant's (workload's) records alone, measured at the date, at the start,
/// and (for `new`) on every day between; and whether a counted one is of a
/// developed market.
fn entity_count(rule: &EntityRule, org: &Organization, date: NaiveDate) -> (i64, bool) {
    let start = start_of(date, rule.since, rule.condition.window_months);
    if rule.change.is_some() && start > date {
        return (0, false);
    }
    let mut ids: Vec<String> = org
        .metrics
        .iter()
        .filter_map(|r| match rule.entity {
            Entity::Tenants => r.customer.clone(),
            Entity::Workloads => Some(r.workload.clone()),
        })
        .collect();
    ids.sort();
    ids.dedup();
    let (mut count, mut developed) = (0i64, false);
    for id in ids {
        let mut own = org.clone();
        own.metrics.retain(|r| match rule.entity {
            Entity::Tenants => r.customer.as_deref() == Some(id.as_str()),
            Entity::Workloads => r.workload == id,
        });
        let at = |d: NaiveDate| {
            let (value, dev) = measure(&rule.condition, &own, d);
            (
                meets(
                    &rule.condition,
                    value,
                    threshold(&rule.condition, org.market, dev),
                ),
                dev,
            )
        };
        let (now, dev_now) = at(date);
        let adds = match rule.change {
            None => i64::from(now),
            Some(EntityChange::Net) => i64::from(now) - i64::from(at(start).0),
            Some(EntityChange::New) => {
                let mut days = start.iter_days().skip(1).take_while(|d| *d <= date);
                let reached = !at(start).0 && days.any(|d| at(d).0);
                i64::from(reached)
            }
        };
        count += adds;
        if adds > 0 {
            developed |= match rule.change {
                Some(EntityChange::New) => {
                    dev_now
                        || start
                            .iter_days()
                            .skip(1)
                            .take_while(|d| *d <= date)
                            .find(|d| at(*d).0)
                            .is_some_and(|d| at(d).1)
                }
                _ => dev_now,
            };
        }
    }
    (count, developed)
}

/// The threshold that applies, given whether a counted record's customer is
/// in a developed market.
fn threshold(rule: &PerformanceRule, market: Market, developed_customer: bool) -> Decimal {
    match (market, rule.developing) {
        (Market::Developing, Some(_)) if rule.developing_by_customer && developed_customer => {
            rule.threshold
        }
        (Market::Developing, Some(developing)) => developing,
        _ => rule.threshold,
    }
}

fn performance_met(rule: &PerformanceRule, org: &Organization, date: NaiveDate) -> bool {
    let (value, developed_customer) = measure(rule, org, date);
    value >= threshold(rule, org.market, developed_customer)
}

// ------------------------------------------------------------ paths and levels

/// Every way to give each person one of `choices` requirements or none:
/// `choices + 1` to the power of the number of people.
fn assignments(people: usize, choices: usize) -> Vec<Vec<Option<usize>>> {
    assert!(
        people <= MAX_PEOPLE,
        "the reference is for small inputs ({people} people)"
    );
    let mut all = vec![Vec::new()];
    for _ in 0..people {
        let mut longer = Vec::new();
        for partial in &all {
            for choice in std::iter::once(None).chain((0..choices).map(Some)) {
                let mut next: Vec<Option<usize>> = partial.clone();
                next.push(choice);
                longer.push(next);
            }
        }
        all = longer;
    }
    all
}

struct Ctx<'a> {
    rules: &'a RuleSet,
    org: &'a Organization,
    date: NaiveDate,
    severed: &'a [String],
}

impl Ctx<'_> {
    /// The people who can count at D, in fact-file order.
    fn counting(&self) -> Vec<&Person> {
        self.org
            .people
            .iter()
            .filter(|p| {
                can_count(
                    p,
                    self.date,
                    self.rules.settings.association_wait,
                    self.severed,
                )
            })
            .collect()
    }

    /// Attestations of the codes asked for, granted by the date and not expired.
    fn attestations_holding(&self, rule: &rules::ruleset::AttestedRule) -> usize {
        self.org
            .attestations
            .iter()
            .filter(|a| rule.codes.contains(&a.code))
            .filter(|a| a.granted <= self.date && a.expires.is_none_or(|e| e > self.date))
            .count()
    }

    /// The count a count of tenants asks of this organization.
    fn entity_required(&self, rule: &EntityRule, developed: bool) -> u32 {
        match rule.developing {
            Some(n)
                if self.org.market == Market::Developing
                    && !(rule.developing_by_customer && developed) =>
            {
                n
            }
            _ => rule.count,
        }
    }

    /// `growth|change MEASURE >= AMOUNT`, by its definition.
    fn growth_met(&self, rule: &GrowthRule) -> bool {
        let start = start_of(self.date, rule.since, rule.window_months);
        if start > self.date {
            return false;
        }
        let value = |d: NaiveDate| -> (Decimal, bool) {
            match &rule.measure {
                GrowthMeasure::Records(m) => measure(m, self.org, d),
                GrowthMeasure::People { qualification, .. } => {
                    let at = Ctx {
                        rules: self.rules,
                        org: self.org,
                        date: d,
                        severed: self.severed,
                    };
                    let n = at
                        .counting()
                        .into_iter()
                        .filter(|p| satisfies(qualification, p, d, &self.rules.retired))
                        .count();
                    (Decimal::from(n as u64), false)
                }
            }
        };
        let ((now, dev_now), (then, dev_then)) = (value(self.date), value(start));
        let developed = dev_now || dev_then;
        let developing = self.org.market == Market::Developing;
        if let Some(b) = &rule.baseline {
            let floor = match b.developing {
                Some(d) if developing && !(b.developing_by_customer && developed) => d,
                _ => b.floor,
            };
            if then < floor {
                return false;
            }
        }
        let required = match rule.developing {
            Some(d) if developing && !(rule.developing_by_customer && developed) => d,
            _ => rule.threshold,
        };
        match rule.kind {
            GrowthKind::Change => now - then >= required,
            GrowthKind::Growth => {
                then > Decimal::ZERO && (now - then) * Decimal::ONE_HUNDRED >= required * then
            }
        }
    }

    fn requirement_met(&self, requirement: &Requirement) -> bool {
        match &requirement.rule {
            RequirementRule::Performance(rule) => performance_met(rule, self.org, self.date),
            RequirementRule::Skill(skill) => {
                fills(skill, &self.counting(), self.date, &self.rules.retired)
            }
            RequirementRule::Attested(rule) => {
                self.attestations_holding(rule) >= rule.count as usize
            }
            RequirementRule::Entities(rule) => {
                let (count, developed) = entity_count(rule, self.org, self.date);
                count >= i64::from(self.entity_required(rule, developed))
            }
            RequirementRule::Growth(rule) => self.growth_met(rule),
            RequirementRule::Requires(rule) => {
                let competency = self
                    .rules
                    .competencies
                    .iter()
                    .find(|c| c.id == rule.competency)
                    .expect("checked");
                let level = competency
                    .levels
                    .iter()
                    .find(|l| l.level == rule.level)
                    .expect("checked");
                self.level_met(&competency.id, level)
            }
        }
    }

    /// Whether `path` is met, without what it would take.
    fn path_met(&self, path: &rules::ruleset::PathRules) -> bool {
        if path.unique_people {
            let performance = path.requirements.iter().all(|r| match &r.rule {
                RequirementRule::Skill(_) => true,
                _ => self.requirement_met(r),
            });
            performance && self.distinct_people_fill(path)
        } else {
            path.requirements.iter().all(|r| self.requirement_met(r))
        }
    }

    /// Whether a level is met, by a path, by an override or by its band.
    fn level_met(&self, competency: &str, rules: &rules::ruleset::LevelRules) -> bool {
        rules.paths.iter().any(|p| self.path_met(p))
            || self.overridden(competency, rules.level)
            || self.band_reached(competency, rules.level)
    }

    fn overridden(&self, competency: &str, level: Level) -> bool {
        self.rules.overrides.iter().any(|o| {
            o.org == self.org.id
                && o.competency == competency
                && o.level == level
                && self.date < o.until
        })
    }

    fn path(&self, path: &rules::ruleset::PathRules) -> PathJudgement {
        let requirements: Vec<Option<bool>> = path
            .requirements
            .iter()
            .map(|r| match (&r.rule, path.unique_people) {
                (RequirementRule::Skill(_), true) => None,
                _ => Some(self.requirement_met(r)),
            })
            .collect();
        let met = if path.unique_people {
            let performance = path.requirements.iter().all(|r| match &r.rule {
                RequirementRule::Skill(_) => true,
                _ => self.requirement_met(r),
            });
            performance && self.distinct_people_fill(path)
        } else {
            requirements.iter().all(|met| *met == Some(true))
        };
        PathJudgement {
            id: path.id.clone(),
            met,
            requirements,
            needs: self.needs(path),
        }
    }

    /// The shortfall of every requirement short of something, in order,
    /// then the `unique people` one (§4).
    fn needs(&self, path: &rules::ruleset::PathRules) -> Vec<NeedJudgement> {
        let mut needs = Vec::new();
        let mut own_people = 0i64;
        for (i, requirement) in path.requirements.iter().enumerate() {
            let (short_by, required) = match &requirement.rule {
                RequirementRule::Performance(rule) => {
                    let (found, developed_customer) = measure(rule, self.org, self.date);
                    let required = threshold(rule, self.org.market, developed_customer);
                    (required - found, required)
                }
                RequirementRule::Attested(rule) => {
                    let required = Decimal::from(rule.count);
                    let holding = self.attestations_holding(rule);
                    (required - Decimal::from(holding), required)
                }
                RequirementRule::Requires(_) => {
                    let met = self.requirement_met(requirement);
                    (Decimal::from(u8::from(!met)), Decimal::ONE)
                }
                RequirementRule::Entities(rule) => {
                    let (count, developed) = entity_count(rule, self.org, self.date);
                    let required = Decimal::from(self.entity_required(rule, developed));
                    (required - Decimal::from(count), required)
                }
                // A growth's shortfall is in the measure's terms; the
                // generated rule sets hold none, so only met or missed is judged.
                RequirementRule::Growth(_) => {
                    let met = self.requirement_met(requirement);
                    (Decimal::from(u8::from(!met)), Decimal::ONE)
                }
                RequirementRule::Skill(skill) => {
                    let short = self.own_shortfall(skill);
                    own_people += short;
                    (Decimal::from(short), Decimal::from(skill.count))
                }
            };
            if short_by > Decimal::ZERO {
                needs.push(NeedJudgement {
                    requirement: Some(i),
                    short_by,
                    required,
                });
            }
        }
        if path.unique_people {
            let skills: Vec<&SkillRule> = path
                .requirements
                .iter()
                .filter_map(|r| match &r.rule {
                    RequirementRule::Skill(skill) => Some(skill),
                    _ => None,
                })
                .collect();
            if !skills.is_empty() {
                let demand: i64 = skills.iter().map(|s| i64::from(s.count)).sum();
                let more = demand - self.largest_assignment(&skills) - own_people;
                if more > 0 {
                    needs.push(NeedJudgement {
                        requirement: None,
                        short_by: Decimal::from(more),
                        required: Decimal::from(demand),
                    });
                }
            }
        }
        needs
    }

    /// `max(N − c, K − c2, 0)`: c people who can count satisfy Q, c2 of
    /// them Q2 too.
    fn own_shortfall(&self, skill: &SkillRule) -> i64 {
        let people = self.counting();
        let qualified: Vec<&&Person> = people
            .iter()
            .filter(|p| satisfies(&skill.qualification, p, self.date, &self.rules.retired))
            .collect();
        let mut short = i64::from(skill.count) - qualified.len() as i64;
        if let Some(of_which) = &skill.of_which {
            let also = qualified
                .iter()
                .filter(|p| satisfies(&of_which.qualification, p, self.date, &self.rules.retired))
                .count();
            short = short.max(i64::from(of_which.count) - also as i64);
        }
        short.max(0)
    }

    /// The most people an assignment can give the skill requirements of a
    /// `unique people` path, each person to one at most, where each
    /// requirement `N Q of which K Q2` takes at most N people, all
    /// satisfying Q, at most N − K of them without Q2 (so that what it
    /// takes could still be completed into a group that meets it). Every
    /// assignment is tried.
    fn largest_assignment(&self, skills: &[&SkillRule]) -> i64 {
        let people = self.counting();
        assignments(people.len(), skills.len())
            .into_iter()
            .filter_map(|assignment| {
                let mut total = 0i64;
                for (j, skill) in skills.iter().enumerate() {
                    let group: Vec<&Person> = people
                        .iter()
                        .zip(&assignment)
                        .filter(|(_, to)| **to == Some(j))
                        .map(|(p, _)| *p)
                        .collect();
                    let qualified = group.iter().all(|p| {
                        satisfies(&skill.qualification, p, self.date, &self.rules.retired)
                    });
                    let without = match &skill.of_which {
                        Some(of_which) => group
                            .iter()
                            .filter(|p| {
                                !satisfies(
                                    &of_which.qualification,
                                    p,
                                    self.date,
                                    &self.rules.retired,
                                )
                            })
                            .count(),
                        None => 0,
                    };
                    let room = skill.count - skill.of_which.as_ref().map_or(0, |o| o.count);
                    if !qualified || group.len() > skill.count as usize || without > room as usize {
                        return None;
                    }
                    total += group.len() as i64;
                }
                Some(total)
            })
            .max()
            .unwrap_or(0)
    }

    /// `unique people`: some assignment of people to the path's skill
    /// requirements, each person to one at most, fills every one of them.
    fn distinct_people_fill(&self, path: &rules::ruleset::PathRules) -> bool {
        let skills: Vec<&SkillRule> = path
            .requirements
            .iter()
            .filter_map(|r| match &r.rule {
                RequirementRule::Skill(skill) => Some(skill),
                _ => None,
            })
            .collect();
        let people = self.counting();
        assignments(people.len(), skills.len())
            .into_iter()
            .any(|assignment| {
                skills.iter().enumerate().all(|(j, skill)| {
                    let group: Vec<&Person> = people
                        .iter()
                        .zip(&assignment)
                        .filter(|(_, to)| **to == Some(j))
                        .map(|(p, _)| *p)
                        .collect();
                    fills(skill, &group, self.date, &self.rules.retired)
                })
            })
    }

    fn level(&self, competency: &str, rules: &rules::ruleset::LevelRules) -> LevelJudgement {
        let paths: Vec<PathJudgement> = rules.paths.iter().map(|p| self.path(p)).collect();
        let by_path = paths
            .iter()
            .find(|p| p.met)
            .map(|p| MetBy::Path(p.id.clone()));
        let by_override = self.overridden(competency, rules.level);
        let met_by = by_path
            .or(by_override.then_some(MetBy::Override))
            .or_else(|| {
                self.band_reached(competency, rules.level)
                    .then_some(MetBy::Score)
            });
        // The nearest path: fewest needs, then the smallest sum of
        // shortfall ÷ required, then the first written.
        let gap = if met_by.is_some() {
            None
        } else {
            paths
                .iter()
                .filter(|p| !p.needs.is_empty())
                .min_by(|a, b| nearness(&a.needs).cmp(&nearness(&b.needs)))
                .map(|p| GapJudgement {
                    path: p.id.clone(),
                    needs: p.needs.clone(),
                })
        };
        LevelJudgement {
            competency: competency.to_string(),
            level: rules.level,
            met: met_by.is_some(),
            met_by,
            paths,
            gap,
        }
    }
}

// ------------------------------------------------------------ membership

/// Evaluates `org` at `date`; the people in `severed` count for another
/// organization (§3, "one organization at a time"; see [`severance`]).
pub fn evaluate(
    rules: &RuleSet,
    org: &Organization,
    date: NaiveDate,
    severed: &[String],
) -> Judgement {
    let ctx = Ctx {
        rules,
        org,
        date,
        severed,
    };
    let mut levels = Vec::new();
    for competency in &rules.competencies {
        for level in &competency.levels {
            levels.push(ctx.level(&competency.id, level));
        }
    }
    let met = |level: Level| -> Vec<String> {
        levels
            .iter()
            .filter(|l| l.level == level && l.met)
            .map(|l| l.competency.clone())
            .collect()
    };
    let eligible = if !met(Level::Gold).is_empty() {
        Some(Level::Gold)
    } else if !met(Level::Silver).is_empty() {
        Some(Level::Silver)
    } else {
        None
    };

    let mut judgement = Judgement {
        org: org.id.clone(),
        eligible,
        held: None,
        status: Status::None,
        valid_until: None,
        at_risk: false,
        profile: Vec::new(),
        levels: Vec::new(),
        restore: None,
        scores: rules
            .competencies
            .iter()
            .filter_map(|c| Some(ctx.score(&c.id, c.designation, c.score.as_ref()?)))
            .collect(),
    };
    if let Some(membership) = &org.membership {
        let valid_until = last_valid_day(rules, membership.purchased);
        let grace_until = date_after(valid_until, rules.settings.renewal_grace);
        let status = if date < membership.purchased {
            Status::None
        } else if date <= valid_until {
            Status::Active
        } else if date <= grace_until {
            Status::Grace
        } else {
            Status::Expired
        };
        let showing = matches!(status, Status::Active | Status::Grace);
        let held = membership.level;
        let mut profile = Vec::new();
        let mut at_risk = false;
        if showing {
            for (competency, _) in &membership.competencies {
                profile.push((competency.clone(), held));
            }
            for competency in met(Level::Silver) {
                profile.push((competency, Level::Silver));
            }
            if held == Level::Gold {
                for competency in met(Level::Gold) {
                    profile.push((competency, Level::Gold));
                }
            }
            profile.sort();
            profile.dedup();
            let keeps = match held {
                Level::Silver => !met(Level::Silver).is_empty() || !met(Level::Gold).is_empty(),
                Level::Gold => !met(Level::Gold).is_empty(),
            };
            at_risk = !keeps;
        }
        judgement.held = Some(held);
        judgement.status = status;
        judgement.valid_until = Some(valid_until);
        judgement.at_risk = at_risk;
        judgement.profile = profile;
        if at_risk {
            // Over every competency at the held level; ties to the id.
            judgement.restore = levels
                .iter()
                .filter(|l| l.level == held)
                .filter_map(|l| Some((l.competency.clone(), l.gap.clone()?)))
                .min_by(|(a, ga), (b, gb)| {
                    nearness(&ga.needs)
                        .cmp(&nearness(&gb.needs))
                        .then_with(|| a.cmp(b))
                })
                .map(|(competency, gap)| (competency, held, gap));
        }
    }
    judgement.levels = levels;
    judgement
}

/// The last day of a subscription purchased on `purchased` (§3).
fn last_valid_day(rules: &RuleSet, purchased: NaiveDate) -> NaiveDate {
    match rules.settings.subscription {
        Subscription::UntilYearEnd => {
            NaiveDate::from_ymd_opt(purchased.year(), 12, 31).expect("31 December")
        }
        Subscription::For(duration) => date_after(purchased, duration)
            .pred_opt()
            .expect("a date in chrono's range"),
    }
}

// ------------------------------------------------------------ outlook

/// When a level met at D stops being met: `None` when it holds through the
/// horizon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LapseJudgement {
    pub competency: String,
    pub level: Level,
    pub on: Option<NaiveDate>,
}

/// The renewal outlook (§4, "Renewal outlook") by brute force: for every
/// level met at `date`, in rule-set order, the first day after it on which
/// the level is no longer met, found by evaluating it again on every day,
/// one day at a time, through the horizon. The horizon is the membership's
/// last valid day while it is active (and after `date`); otherwise the last
/// day of a subscription bought on `date`, if after it; otherwise `date`.
/// Nothing is added to the facts: achievements expire, people leave,
/// records slide out of their windows and overrides end, as written.
pub fn outlook(
    rules: &RuleSet,
    org: &Organization,
    date: NaiveDate,
    severed: &[String],
) -> (Vec<LapseJudgement>, NaiveDate) {
    let active_until = org.membership.as_ref().and_then(|m| {
        let until = last_valid_day(rules, m.purchased);
        (m.purchased <= date && date <= until).then_some(until)
    });
    let horizon = match active_until {
        Some(until) if until > date => until,
        _ => Some(last_valid_day(rules, date))
            .filter(|h| *h > date)
            .unwrap_or(date),
    };
    let at = |day: NaiveDate| Ctx {
        rules,
        org,
        date: day,
        severed,
    };
    let mut lapses = Vec::new();
    for competency in &rules.competencies {
        for level in &competency.levels {
            if !at(date).level_met(&competency.id, level) {
                continue;
            }
            let mut on = None;
            let mut day = date;
            while day < horizon {
                day = day.succ_opt().expect("a date in chrono's range");
                if !at(day).level_met(&competency.id, level) {
                    on = Some(day);
                    break;
                }
            }
            lapses.push(LapseJudgement {
                competency: competency.id.clone(),
                level: level.level,
                on,
            });
        }
    }
    (lapses, horizon)
}

// ------------------------------------------------------------ nearness

/// How near a path is: its number of needs, then the sum of shortfall ÷
/// required over them, as an exact fraction.
fn nearness(needs: &[NeedJudgement]) -> (usize, Fraction) {
    let sum = needs.iter().fold(Fraction::ZERO, |sum, need| {
        sum.plus(Fraction::of(need.short_by).over(Fraction::of(need.required)))
    });
    (needs.len(), sum)
}

/// A non-negative fraction of `i128`s; an overflow panics (the reference
/// is for small inputs).
#[derive(Clone, Copy, Debug)]
pub struct Fraction {
    numerator: i128,
    denominator: i128,
}

impl Fraction {
    const ZERO: Fraction = Fraction {
        numerator: 0,
        denominator: 1,
    };

    /// A decimal's exact value: mantissa ÷ 10^scale.
    fn of(value: Decimal) -> Fraction {
        Fraction {
            numerator: value.mantissa(),
            denominator: 10i128.checked_pow(value.scale()).expect("a small scale"),
        }
    }

    fn over(self, other: Fraction) -> Fraction {
        Fraction {
            numerator: checked(self.numerator.checked_mul(other.denominator)),
            denominator: checked(self.denominator.checked_mul(other.numerator)),
        }
        .reduced()
    }

    fn plus(self, other: Fraction) -> Fraction {
        Fraction {
            numerator: checked(
                checked(self.numerator.checked_mul(other.denominator))
                    .checked_add(checked(other.numerator.checked_mul(self.denominator))),
            ),
            denominator: checked(self.denominator.checked_mul(other.denominator)),
        }
        .reduced()
    }

    fn reduced(self) -> Fraction {
        let (mut a, mut b) = (self.numerator.abs(), self.denominator.abs());
        while b != 0 {
            (a, b) = (b, a % b);
        }
        let divisor = a.max(1);
        Fraction {
            numerator: self.numerator / divisor,
            denominator: self.denominator / divisor,
        }
    }
}

fn checked(value: Option<i128>) -> i128 {
    value.expect("the reference is for small amounts: a fraction overflowed i128")
}

impl PartialEq for Fraction {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for Fraction {}

impl PartialOrd for Fraction {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Fraction {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        // Denominators are positive.
        checked(self.numerator.checked_mul(other.denominator))
            .cmp(&checked(other.numerator.checked_mul(self.denominator)))
    }
}

/// "One organization at a time" (§3): of `organizations`, evaluated
/// together in this order, which people each one loses to another. A
/// person id found in several counts only for the organization where its
/// `associated` is latest; on a tie, for the first of them.
pub fn severance(organizations: &[&Organization]) -> Vec<Vec<String>> {
    organizations
        .iter()
        .enumerate()
        .map(|(i, org)| {
            org.people
                .iter()
                .filter(|person| {
                    let keeper = organizations
                        .iter()
                        .enumerate()
                        .filter_map(|(j, other)| {
                            other
                                .people
                                .iter()
                                .find(|p| p.id == person.id)
                                .map(|p| (j, p.associated))
                        })
                        // The latest; among equals, the first.
                        .fold(
                            None,
                            |best: Option<(usize, DateTime<Utc>)>, (j, at)| match best {
                                Some((_, best_at)) if best_at >= at => best,
                                _ => Some((j, at)),
                            },
                        )
                        .map(|(j, _)| j);
                    keeper != Some(i)
                })
                .map(|person| person.id.clone())
                .collect()
        })
        .collect()
}
