//! When a level's answer changes, found without evaluating it again day by
//! day: each requirement's met-or-missed is a [`Timeline`] over the days
//! after the evaluation date, built in one sweep over the moments its facts
//! change (a person leaving or starting to count, an achievement passed,
//! expiring or no longer accepted, a record entering or leaving its window,
//! an attestation granted or expiring); paths combine their requirements'
//! timelines, levels their paths' and their override's. A level's cost grows
//! with its people and records as O(n log n), not with their product.
//!
//! The renewal outlook reads the first lapse from these; the plain definition
//! (evaluate the whole level again on every date something changes) is kept
//! in `outlook::by_reevaluation`, and the tests hold the two to the same answers.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{Context, customers, matching, people, performance, time};
use crate::facts::{MetricRecord, Person};
use crate::ruleset::{
    AttestedRule, Competency, LevelRules, PathRules, PerformanceRule, RequirementRule, SkillRule,
};
use crate::vocabulary::{Level, Market};

/// Whether something holds on each day from the evaluation date through a
/// horizon: as it is on the evaluation date, and the days it flips.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timeline {
    pub today: bool,
    /// Increasing, each after the evaluation date and on or before the horizon.
    pub flips: Vec<NaiveDate>,
}

impl Timeline {
    pub fn constant(value: bool) -> Self {
        Timeline {
            today: value,
            flips: Vec::new(),
        }
    }

    /// From the state on the evaluation date and the states from later
    /// dates on (in date order; of several on one date, the last holds).
    pub(crate) fn from_states(
        today: bool,
        states: impl IntoIterator<Item = (NaiveDate, bool)>,
    ) -> Self {
        let mut flips = Vec::new();
        let mut current = today;
        let mut pending: Option<(NaiveDate, bool)> = None;
        for (date, state) in states {
            if let Some((at, value)) = pending.filter(|(at, _)| *at != date) {
                if value != current {
                    flips.push(at);
                    current = value;
                }
            }
            pending = Some((date, state));
        }
        if let Some((at, value)) = pending {
            if value != current {
                flips.push(at);
            }
        }
        Timeline { today, flips }
    }

    /// Whether it holds on `date` (on or after the evaluation date).
    pub fn at(&self, date: NaiveDate) -> bool {
        let flipped = self.flips.partition_point(|d| *d <= date);
        self.today ^ (flipped % 2 == 1)
    }

    /// The first day it no longer holds, when it holds today.
    pub fn first_lapse(&self) -> Option<NaiveDate> {
        if self.today {
            self.flips.first().copied()
        } else {
            None
        }
    }

    /// `parts` combined day by day with `rule` (given each part's value).
    fn combine(parts: &[Timeline], rule: impl Fn(&[bool]) -> bool) -> Timeline {
        let mut values: Vec<bool> = parts.iter().map(|p| p.today).collect();
        let today = rule(&values);
        let mut dates: Vec<NaiveDate> =
            parts.iter().flat_map(|p| p.flips.iter().copied()).collect();
        dates.sort_unstable();
        dates.dedup();
        let mut next = vec![0; parts.len()];
        let states = dates.into_iter().map(|date| {
            for (k, part) in parts.iter().enumerate() {
                while next[k] < part.flips.len() && part.flips[next[k]] <= date {
                    values[k] = !values[k];
                    next[k] += 1;
                }
            }
            (date, rule(&values))
        });
        let states: Vec<(NaiveDate, bool)> = states.collect();
        Timeline::from_states(today, states)
    }

    pub fn all(parts: &[Timeline]) -> Timeline {
        Timeline::combine(parts, |v| v.iter().all(|b| *b))
    }

    pub fn any(parts: &[Timeline]) -> Timeline {
        Timeline::combine(parts, |v| v.iter().any(|b| *b))
    }
}

/// A value on the evaluation date and the values it takes from later
/// dates on: what a [`Timeline`] is for a yes or no, for amounts and counts
/// (a score's lines earn in proportion to them).
#[derive(Clone, Debug)]
pub(crate) struct Steps<T> {
    pub today: T,
    /// In date order, each after the evaluation date and on or before the
    /// horizon; of several on one date, the last holds.
    pub changes: Vec<(NaiveDate, T)>,
}

impl<T> Steps<T> {
    /// The value on `date` (on or after the evaluation date).
    pub fn at(&self, date: NaiveDate) -> &T {
        match self.changes.partition_point(|(d, _)| *d <= date) {
            0 => &self.today,
            n => &self.changes[n - 1].1,
        }
    }

    /// The dates on which it may change.
    pub fn dates(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.changes.iter().map(|(d, _)| *d)
    }

    pub fn map<U>(&self, f: impl Fn(&T) -> U) -> Steps<U> {
        Steps {
            today: f(&self.today),
            changes: self.changes.iter().map(|(d, v)| (*d, f(v))).collect(),
        }
    }
}

impl<T: PartialEq> Steps<T> {
    /// Without the changes to the value it already has.
    pub fn squeezed(self) -> Steps<T> {
        let mut changes: Vec<(NaiveDate, T)> = Vec::with_capacity(self.changes.len());
        for (date, value) in self.changes {
            // Of several on one date, the last holds: it replaces the others.
            if changes.last().is_some_and(|(d, _)| *d == date) {
                changes.pop();
            }
            let current = changes.last().map_or(&self.today, |(_, v)| v);
            if *current != value {
                changes.push((date, value));
            }
        }
        Steps {
            today: self.today,
            changes,
        }
    }
}

impl Steps<bool> {
    pub fn timeline(&self) -> Timeline {
        Timeline::from_states(self.today, self.changes.iter().copied())
    }
}

/// A level's timeline in parts: each path's, then the override's.
pub struct LevelTimelines {
    pub paths: Vec<Timeline>,
    pub override_active: Timeline,
}

impl LevelTimelines {
    pub fn met(&self) -> Timeline {
        let mut parts = self.paths.clone();
        parts.push(self.override_active.clone());
        Timeline::any(&parts)
    }

    /// What meets the level on `date`: the first path met, else the override
    /// (`Some(None)`), else nothing (`None`).
    pub fn met_by(&self, date: NaiveDate) -> Option<Option<usize>> {
        match self.paths.iter().position(|p| p.at(date)) {
            Some(path) => Some(Some(path)),
            None if self.override_active.at(date) => Some(None),
            None => None,
        }
    }

    /// Every day on which what meets the level may change, up to `before`.
    pub fn changes_before(&self, before: NaiveDate) -> Vec<NaiveDate> {
        let mut dates: Vec<NaiveDate> = self
            .paths
            .iter()
            .chain(std::iter::once(&self.override_active))
            .flat_map(|t| t.flips.iter().copied())
            .filter(|d| *d < before)
            .collect();
        dates.sort_unstable();
        dates.dedup();
        dates
    }
}

/// Builds timelines for one organization from its evaluation date through
/// `horizon`; the levels `requires` names are built once.
pub(crate) struct Timelines<'c, 'a> {
    ctx: &'c Context<'a>,
    horizon: NaiveDate,
    levels: HashMap<(String, Level), Timeline>,
}

impl<'c, 'a> Timelines<'c, 'a> {
    pub fn new(ctx: &'c Context<'a>, horizon: NaiveDate) -> Self {
        Timelines {
            ctx,
            horizon,
            levels: HashMap::new(),
        }
    }

    /// The evaluation date: what [`Steps`] and [`Timeline`]s call today.
    pub fn date(&self) -> NaiveDate {
        self.ctx.date
    }

    /// The last day they follow.
    pub fn horizon(&self) -> NaiveDate {
        self.horizon
    }

    fn later(&self, date: NaiveDate) -> bool {
        date > self.ctx.date && date <= self.horizon
    }

    pub fn level(&mut self, competency: &Competency, rules: &LevelRules) -> LevelTimelines {
        let paths = rules.paths.iter().map(|p| self.path(p)).collect();
        let ctx = self.ctx;
        let override_active = ctx
            .rules
            .overrides
            .iter()
            .find(|o| {
                o.org == ctx.org.id && o.competency == competency.id && o.level == rules.level
            })
            .map_or(Timeline::constant(false), |o| {
                // Active while the date is before `until`.
                let today = ctx.date < o.until;
                let flips = if today && o.until <= self.horizon {
                    vec![o.until]
                } else {
                    Vec::new()
                };
                Timeline { today, flips }
            });
        LevelTimelines {
            paths,
            override_active,
        }
    }

    /// A level `requires` names: met by a path or the override.
    fn required_level(&mut self, competency: &str, level: Level) -> Timeline {
        let key = (competency.to_string(), level);
        if let Some(known) = self.levels.get(&key) {
            return known.clone();
        }
        let ctx = self.ctx;
        let timeline = match ctx
            .rules
            .competency(competency)
            .and_then(|c| c.level(level).map(|l| (c, l)))
        {
            Some((c, l)) => self.level(c, l).met(),
            None => Timeline::constant(false),
        };
        self.levels.insert(key, timeline.clone());
        timeline
    }

    fn path(&mut self, path: &PathRules) -> Timeline {
        let mut parts = Vec::new();
        let mut skills: Vec<&SkillRule> = Vec::new();
        for r in &path.requirements {
            match &r.rule {
                RequirementRule::Performance(rule) => parts.push(self.performance(rule)),
                RequirementRule::Skill(rule) => skills.push(rule),
                RequirementRule::Attested(rule) => parts.push(self.attested(rule)),
                RequirementRule::Requires(rule) => {
                    parts.push(self.required_level(&rule.competency, rule.level))
                }
                RequirementRule::Entities(rule) => parts.push(customers::entities_timeline(
                    self.ctx.org,
                    rule,
                    self.ctx.date,
                    self.horizon,
                )),
                RequirementRule::Growth(rule) => {
                    let dates = |p: &Person| self.person_dates_any(p);
                    parts.push(customers::growth_timeline(
                        self.ctx,
                        rule,
                        self.horizon,
                        &dates,
                    ))
                }
            }
        }
        if !skills.is_empty() {
            parts.push(self.skills(path, &skills));
        }
        Timeline::all(&parts)
    }

    // ------------------------------------------------------------ performance

    fn performance(&self, rule: &PerformanceRule) -> Timeline {
        if let Some(amounts) = self.performance_amounts(rule) {
            return amounts
                .map(|(actual, required)| actual >= required)
                .timeline();
        }
        let records = self.records(rule);
        if rule.in_month && sweeps_exactly(rule, &records) {
            return customers::performance_timeline(
                rule,
                &records,
                self.ctx.org.market,
                self.ctx.date,
                self.horizon,
            );
        }
        self.performance_by_reevaluation(rule, &records)
    }

    fn records(&self, rule: &PerformanceRule) -> Vec<&'a MetricRecord> {
        let org: &'a crate::facts::Organization = self.ctx.org;
        org.metrics
            .iter()
            .filter(|r| performance::matches(rule, r))
            .collect()
    }

    /// What a performance requirement measures and requires on each day,
    /// in one sweep over the records entering and leaving its window; `None`
    /// for the best month (`in a month`) and for values a sweep could not
    /// add exactly, which are measured again on each date instead.
    pub(crate) fn performance_amounts(
        &self,
        rule: &PerformanceRule,
    ) -> Option<Steps<(Decimal, Decimal)>> {
        let records = self.records(rule);
        if rule.in_month || !sweeps_exactly(rule, &records) {
            return None;
        }
        let weighted = |r: &MetricRecord| weighted(rule, r).unwrap_or_default();
        let developed = |r: &MetricRecord| r.customer_market == Some(Market::Developed);
        // (date, change of the sum, change of the developed-market records counted)
        let mut changes: Vec<(NaiveDate, Decimal, i64)> = Vec::new();
        let window = rule.window();
        if rule.metric.is_flow() {
            for r in &records {
                let dev = i64::from(developed(r));
                changes.push((r.date, weighted(r), dev));
                if let Some(leaves) = window.and_then(|m| time::leaves_window(r.date, m)) {
                    changes.push((leaves, -weighted(r), -dev));
                }
            }
        } else {
            // Per workload, the latest day's records count until the next day
            // with records, or until that day leaves the window.
            for part in &rule.workloads.parts {
                let mut days: Vec<(NaiveDate, Decimal, i64)> = Vec::new();
                let mut of_part: Vec<&&MetricRecord> = records
                    .iter()
                    .filter(|r| r.workload == part.workload)
                    .collect();
                of_part.sort_by_key(|r| r.date);
                for r in of_part {
                    match days.last_mut() {
                        Some(day) if day.0 == r.date => {
                            day.1 += weighted(r);
                            day.2 += i64::from(developed(r));
                        }
                        _ => days.push((r.date, weighted(r), i64::from(developed(r)))),
                    }
                }
                let mut counted = (Decimal::ZERO, 0i64);
                let mut set = |date: NaiveDate, to: (Decimal, i64), changes: &mut Vec<_>| {
                    changes.push((date, to.0 - counted.0, to.1 - counted.1));
                    counted = to;
                };
                for (i, &(date, value, dev)) in days.iter().enumerate() {
                    set(date, (value, dev), &mut changes);
                    let next = days.get(i + 1).map(|d| d.0);
                    if let Some(leaves) = window.and_then(|m| time::leaves_window(date, m)) {
                        if next.is_none_or(|n| leaves < n) {
                            set(leaves, (Decimal::ZERO, 0), &mut changes);
                        }
                    }
                }
            }
        }
        changes.sort_by_key(|c| c.0);
        let may_develop = self.ctx.org.market == Market::Developing && rule.developing.is_some();
        let amounts = |sum: Decimal, developed: i64| {
            let withheld = rule.developing_by_customer && developed > 0;
            let required = match rule.developing {
                Some(developing) if may_develop && !withheld => developing,
                _ => rule.threshold,
            };
            (sum, required)
        };
        let (mut sum, mut dev) = (Decimal::ZERO, 0i64);
        let mut changes = changes.into_iter().peekable();
        while let Some(c) = changes.next_if(|c| c.0 <= self.ctx.date) {
            sum += c.1;
            dev += c.2;
        }
        let today = amounts(sum, dev);
        let mut states = Vec::new();
        for (date, delta, d) in changes {
            if date > self.horizon {
                break;
            }
            sum += delta;
            dev += d;
            states.push((date, amounts(sum, dev)));
        }
        Some(Steps {
            today,
            changes: states,
        })
    }

    /// The plain way, for values a sweep could not add exactly: measure again
    /// on every date a record enters or leaves.
    fn performance_by_reevaluation(
        &self,
        rule: &PerformanceRule,
        records: &[&MetricRecord],
    ) -> Timeline {
        let met_at = |date: NaiveDate| {
            let (actual, detail) = performance::measure(rule, self.ctx.org, date, false);
            let required = match (detail.developing, rule.developing) {
                (true, Some(developing)) => developing,
                _ => rule.threshold,
            };
            actual >= required
        };
        let mut dates: Vec<NaiveDate> = records
            .iter()
            .flat_map(|r| {
                let leaves = rule.window().and_then(|m| time::leaves_window(r.date, m));
                std::iter::once(r.date).chain(leaves)
            })
            .filter(|d| self.later(*d))
            .collect();
        dates.sort_unstable();
        dates.dedup();
        let states: Vec<(NaiveDate, bool)> = dates.into_iter().map(|d| (d, met_at(d))).collect();
        Timeline::from_states(met_at(self.ctx.date), states)
    }

    // ------------------------------------------------------------ attestations

    fn attested(&self, rule: &AttestedRule) -> Timeline {
        let needed = i64::from(rule.count);
        self.attested_counts(rule)
            .map(|held| *held >= needed)
            .timeline()
    }

    /// How many of the attestations a requirement asks about hold on each day.
    pub(crate) fn attested_counts(&self, rule: &AttestedRule) -> Steps<i64> {
        let mut changes: Vec<(NaiveDate, i64)> = Vec::new();
        for a in self
            .ctx
            .org
            .attestations
            .iter()
            .filter(|a| rule.codes.contains(&a.code))
        {
            // Held from its grant until it expires: never, when it expires first.
            if a.expires.is_some_and(|e| e <= a.granted) {
                continue;
            }
            changes.push((a.granted, 1));
            if let Some(expires) = a.expires {
                changes.push((expires, -1));
            }
        }
        changes.sort_by_key(|c| c.0);
        let mut held = 0i64;
        let mut changes = changes.into_iter().peekable();
        while let Some(c) = changes.next_if(|c| c.0 <= self.ctx.date) {
            held += c.1;
        }
        let today = held;
        let mut states = Vec::new();
        for (date, delta) in changes.take_while(|c| c.0 <= self.horizon) {
            held += delta;
            states.push((date, held));
        }
        Steps {
            today,
            changes: states,
        }
    }

    // ------------------------------------------------------------------ people

    /// The skill requirements of a path, together: each person's standing
    /// toward each of them changes only on that person's own dates, so the
    /// counts are kept by a sweep over those changes. In a `unique people`
    /// path, people who qualify for the same requirements are alike, so the
    /// assignment is decided over kinds of people, not people.
    fn skills(&self, path: &PathRules, skills: &[&SkillRule]) -> Timeline {
        // Two bits per requirement in a person's kind: counts, and counts for `of which`.
        if skills.len() > 32 {
            return self.skills_by_reevaluation(path);
        }
        let (today_kinds, changes) = self.kinds(skills);
        let mut counts: HashMap<u64, u32> = HashMap::new();
        for kind in today_kinds.into_iter().filter(|k| *k != 0) {
            *counts.entry(kind).or_default() += 1;
        }
        let met = |counts: &HashMap<u64, u32>| {
            if path.unique_people {
                unique_met(skills, counts)
            } else {
                skills.iter().enumerate().all(|(k, rule)| {
                    let with = |bit: u32| -> u32 {
                        counts
                            .iter()
                            .filter(|(kind, _)| *kind >> bit & 1 == 1)
                            .map(|(_, n)| *n)
                            .fold(0u32, u32::saturating_add)
                    };
                    with(2 * k as u32) >= rule.count
                        && rule
                            .of_which
                            .as_ref()
                            .is_none_or(|o| with(2 * k as u32 + 1) >= o.count)
                })
            }
        };
        let today = met(&counts);
        let mut states = Vec::new();
        let mut changes = changes.into_iter().peekable();
        while let Some((date, _, _)) = changes.peek().copied() {
            while let Some((_, from, to)) = changes.next_if(|c| c.0 == date) {
                if from != 0 {
                    if let Some(n) = counts.get_mut(&from) {
                        *n -= 1;
                        if *n == 0 {
                            counts.remove(&from);
                        }
                    }
                }
                if to != 0 {
                    *counts.entry(to).or_default() += 1;
                }
            }
            states.push((date, met(&counts)));
        }
        Timeline::from_states(today, states)
    }

    /// Each person's kind toward `skills` today (two bits per requirement:
    /// counts, and counts for `of which`; 0 for someone who cannot count),
    /// and every change of kind through the horizon, in date order.
    fn kinds(&self, skills: &[&SkillRule]) -> (Vec<u64>, Vec<(NaiveDate, u64, u64)>) {
        let ctx = self.ctx;
        let wait = ctx.rules.settings.association_wait;
        let kind_at = |person: &Person, date: NaiveDate| -> u64 {
            let standing = people::standing(person, date, wait, ctx.severance.get(&person.id));
            if !standing.is_empty() {
                return 0;
            }
            let holds = people::holdings(person, Some(date), &ctx.rules.retired);
            skills.iter().enumerate().fold(0u64, |kind, (k, rule)| {
                if !people::satisfies(&rule.qualification, &holds) {
                    return kind;
                }
                let of_which = rule
                    .of_which
                    .as_ref()
                    .is_some_and(|o| people::satisfies(&o.qualification, &holds));
                kind | 1 << (2 * k) | u64::from(of_which) << (2 * k + 1)
            })
        };
        let mut today_kinds: Vec<u64> = Vec::with_capacity(ctx.org.people.len());
        let mut changes: Vec<(NaiveDate, u64, u64)> = Vec::new();
        for person in &ctx.org.people {
            let mut kind = kind_at(person, ctx.date);
            today_kinds.push(kind);
            for date in self.person_dates(person) {
                let now = kind_at(person, date);
                if now != kind {
                    changes.push((date, kind, now));
                    kind = now;
                }
            }
        }
        changes.sort_by_key(|c| c.0);
        (today_kinds, changes)
    }

    /// How many people count toward each skill requirement on each day, and
    /// how many of them toward its `of which` (everyone who qualifies
    /// counts, as outside a `unique people` path): one sweep over the
    /// people for all of them. `None` for more requirements than a kind holds.
    pub(crate) fn skill_counts(&self, skills: &[&SkillRule]) -> Option<Vec<Steps<(u32, u32)>>> {
        if skills.len() > 32 {
            return None;
        }
        let (today_kinds, changes) = self.kinds(skills);
        let bits = |kind: u64, k: usize| {
            (
                u32::from(kind >> (2 * k) & 1 == 1),
                u32::from(kind >> (2 * k + 1) & 1 == 1),
            )
        };
        let mut counts = vec![(0u32, 0u32); skills.len()];
        for kind in today_kinds {
            for (k, count) in counts.iter_mut().enumerate() {
                let (c, o) = bits(kind, k);
                *count = (count.0 + c, count.1 + o);
            }
        }
        let mut steps: Vec<Steps<(u32, u32)>> = counts
            .iter()
            .map(|today| Steps {
                today: *today,
                changes: Vec::new(),
            })
            .collect();
        for (date, from, to) in changes {
            for (k, count) in counts.iter_mut().enumerate() {
                let ((c0, o0), (c1, o1)) = (bits(from, k), bits(to, k));
                if (c0, o0) != (c1, o1) {
                    *count = (count.0 + c1 - c0, count.1 + o1 - o0);
                    steps[k].changes.push((date, *count));
                }
            }
        }
        Some(steps)
    }

    /// The days after the evaluation date, through the horizon, on which
    /// something about `person` changes: they start to count or leave, an
    /// achievement is passed, expires or stops being accepted.
    fn person_dates(&self, person: &Person) -> Vec<NaiveDate> {
        let mut dates = self.person_dates_any(person);
        dates.retain(|d| self.later(*d));
        dates
    }

    /// Every date on which `person` may start or stop counting, at any time.
    fn person_dates_any(&self, person: &Person) -> Vec<NaiveDate> {
        let ctx = self.ctx;
        let mut dates: Vec<NaiveDate> = Vec::new();
        dates.extend(person.left);
        dates
            .push(time::after(person.associated, ctx.rules.settings.association_wait).date_naive());
        for a in &person.achievements {
            dates.push(a.passed);
            dates.extend(a.expires);
            if let Some(retired) = ctx.rules.retired.iter().find(|r| r.code == a.code) {
                dates.extend(retired.accepted_through.succ_opt());
            }
        }
        dates.sort_unstable();
        dates.dedup();
        dates
    }

    /// The plain way, for a path with more skill requirements than a kind
    /// holds: the path evaluated again on every date someone changes.
    fn skills_by_reevaluation(&self, path: &PathRules) -> Timeline {
        let mut dates: Vec<NaiveDate> = self
            .ctx
            .org
            .people
            .iter()
            .flat_map(|p| self.person_dates(p))
            .collect();
        dates.sort_unstable();
        dates.dedup();
        let skills_met = |ctx: &Context| ctx.skills_met(path);
        let states: Vec<(NaiveDate, bool)> = dates
            .into_iter()
            .map(|d| (d, skills_met(&self.ctx.at(d))))
            .collect();
        Timeline::from_states(skills_met(self.ctx), states)
    }
}

fn weighted(rule: &PerformanceRule, r: &MetricRecord) -> Option<Decimal> {
    let weight = rule
        .workloads
        .weight_of(&r.workload)
        .unwrap_or(Decimal::ONE);
    r.value.checked_mul(weight)
}

/// Sums over a sweep add and take away; they are exact (as the plain sums
/// are) while no value is huge or finer than a millionth.
fn sweeps_exactly(rule: &PerformanceRule, records: &[&MetricRecord]) -> bool {
    records.iter().all(|r| {
        weighted(rule, r).is_some_and(|v| v.abs() < Decimal::from(10u64.pow(18)) && v.scale() <= 6)
    }) && records.len() < 1_000_000
}

/// Whether people of these kinds (how many of each) can fill every skill
/// requirement of a `unique people` path, each person toward one at most:
/// the same maximum flow as the assignment itself, over kinds of people.
fn unique_met(skills: &[&SkillRule], counts: &HashMap<u64, u32>) -> bool {
    let needed = skills
        .iter()
        .fold(0u32, |n, rule| n.saturating_add(rule.count));
    let kinds: Vec<(u64, u32)> = counts.iter().map(|(k, n)| (*k, *n)).collect();
    let available = kinds.iter().fold(0u32, |n, (_, c)| n.saturating_add(*c));
    if available < needed {
        return false;
    }
    // Nodes: source, kinds, two slots per requirement, sink.
    let source = 0;
    let kind_node = |i: usize| 1 + i;
    let of_which_slot = |k: usize| 1 + kinds.len() + 2 * k;
    let rest_slot = |k: usize| 2 + kinds.len() + 2 * k;
    let sink = 1 + kinds.len() + 2 * skills.len();
    let mut network = matching::FlowNetwork::new(sink + 1);
    for (i, (kind, count)) in kinds.iter().enumerate() {
        network.add_edge(source, kind_node(i), *count);
        for k in 0..skills.len() {
            if kind >> (2 * k + 1) & 1 == 1 {
                network.add_edge(kind_node(i), of_which_slot(k), *count);
            }
            if kind >> (2 * k) & 1 == 1 {
                network.add_edge(kind_node(i), rest_slot(k), *count);
            }
        }
    }
    for (k, rule) in skills.iter().enumerate() {
        let of_which = rule.of_which.as_ref().map_or(0, |o| o.count);
        network.add_edge(of_which_slot(k), sink, of_which);
        network.add_edge(rest_slot(k), sink, rule.count.saturating_sub(of_which));
    }
    network.max_flow(source, sink) >= needed
}
