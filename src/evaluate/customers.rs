//! Measures per customer and over time: how many tenants (or workloads)
//! meet a condition on their own records, at the evaluation date and at an
//! earlier start (`net`, `new`); how a measure grew or changed between the
//! start and the date (`growth`, `change`); a flow's best calendar month
//! (`in a month`).
//!
//! Every per-entity measure is a [`Series`]: the measure's value as a step
//! function of the date, built in one sweep over the entity's records (each
//! enters its window on its date and leaves it N months later), so an
//! organization costs O(records · log records) whatever the number of its
//! customers, and any date's value is a binary search away. The outlook
//! reads the same series for the days after the evaluation date.
//!
//! Choices the contract leaves open, fixed here (and in `docs/customers.md`):
//! - The start is measured like any date: at the end of the start day, so a
//!   record dated on the start day counts at the start, and (for flows)
//!   falls outside the window at the evaluation date, which begins after it.
//! - A tenant with no record on or before the start measured 0 then: when it
//!   meets the condition at the date it is a net add, and a new crossing.
//! - `new` counts a tenant below the amount at the start that met it on any
//!   day since, through the date, even if it has dropped back since.
//! - Records that name no customer count toward no tenant (the explanation
//!   lists them); they count toward workloads.
//! - A growth from a start of 0 cannot be measured: not met.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

use super::timeline::Timeline;
use super::{Context, people, performance, time};
use crate::facts::{MetricRecord, Organization};
use crate::outcome::*;
use crate::ruleset::{EntityRule, GrowthMeasure, GrowthRule, PerformanceRule, Qualification};
use crate::vocabulary::{Entity, EntityChange, GrowthKind, Market, Since};

// ------------------------------------------------------------------ series

/// A measure of some records as a step function of the date: its value
/// (and whether a record of a developed-market customer is counted in it)
/// from each point's date on; 0 before the first.
#[derive(Clone, Debug, Default)]
pub(crate) struct Series {
    points: Vec<Point>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Point {
    date: NaiveDate,
    value: Decimal,
    developed: bool,
}

impl Series {
    /// The measure of `records` (all kept by `rule`'s workloads, `via` and
    /// `where`) on every date, as [`measure_at`] would find it.
    pub fn build(rule: &PerformanceRule, records: &[&MetricRecord]) -> Series {
        let exact = records.len() < 1_000_000
            && records.iter().all(|r| {
                let w = performance::weighted(rule, r);
                w.abs() < Decimal::from(10u64.pow(15)) && w.scale() <= 6
            });
        let events = events(rule, records);
        if !exact {
            // Values a sweep could not add and take away exactly: measure
            // again on every date something enters or leaves.
            let mut dates: Vec<NaiveDate> = events.iter().map(|e| e.date).collect();
            dates.dedup();
            let points = dates
                .into_iter()
                .map(|date| {
                    let (value, developed) = measure_at(rule, records, date);
                    Point {
                        date,
                        value,
                        developed,
                    }
                })
                .collect();
            return Series { points };
        }
        // Per bucket (a calendar month for `in a month`, else one for all):
        // the sum, developed-market records counted, records counted.
        let mut buckets: BTreeMap<Option<(i32, u32)>, (Decimal, i64, i64)> = BTreeMap::new();
        let mut points: Vec<Point> = Vec::new();
        let mut i = 0;
        while i < events.len() {
            let date = events[i].date;
            while i < events.len() && events[i].date == date {
                let e = &events[i];
                let bucket = buckets.entry(e.month).or_default();
                bucket.0 += e.value;
                bucket.1 += e.developed;
                bucket.2 += e.records;
                if bucket.2 == 0 {
                    buckets.remove(&e.month);
                }
                i += 1;
            }
            // The best bucket; of equals, the latest month.
            let best = buckets
                .values()
                .fold(None, |best: Option<(Decimal, i64)>, b| match best {
                    Some((v, _)) if v > b.0 => best,
                    _ => Some((b.0, b.1)),
                });
            let (value, developed) = best.unwrap_or((Decimal::ZERO, 0));
            points.push(Point {
                date,
                value,
                developed: developed > 0,
            });
        }
        Series { points }
    }

    /// The value on `date`, and whether a developed-market record is in it.
    pub fn at(&self, date: NaiveDate) -> (Decimal, bool) {
        match self.points.partition_point(|p| p.date <= date) {
            0 => (Decimal::ZERO, false),
            n => (self.points[n - 1].value, self.points[n - 1].developed),
        }
    }

    /// The first date in (`after`, `through`] on which `holds` is true of
    /// the value, with the value then.
    pub fn first_in(
        &self,
        after: NaiveDate,
        through: NaiveDate,
        holds: impl Fn(Decimal, bool) -> bool,
    ) -> Option<(NaiveDate, Decimal)> {
        let from = self.points.partition_point(|p| p.date <= after);
        if from > 0 {
            // The value at `after` goes on into the range.
            let p = self.points[from - 1];
            let next = after.succ_opt().filter(|d| *d <= through);
            let changes_next = |n: NaiveDate| self.points.get(from).is_some_and(|q| q.date == n);
            if let Some(next) = next.filter(|n| !changes_next(*n)) {
                if holds(p.value, p.developed) {
                    return Some((next, p.value));
                }
            }
        }
        self.points[from..]
            .iter()
            .take_while(|p| p.date <= through)
            .find(|p| holds(p.value, p.developed))
            .map(|p| (p.date, p.value))
    }

    /// The dates on which the value may change.
    pub fn dates(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.points.iter().map(|p| p.date)
    }
}

/// Something that changes a series on a date: a record entering or leaving
/// its window, or a level's latest day giving way to the next.
struct Event {
    date: NaiveDate,
    month: Option<(i32, u32)>,
    value: Decimal,
    developed: i64,
    records: i64,
}

fn events(rule: &PerformanceRule, records: &[&MetricRecord]) -> Vec<Event> {
    let window = rule.window();
    let developed = |r: &MetricRecord| i64::from(r.customer_market == Some(Market::Developed));
    let mut events = Vec::new();
    if rule.metric.is_flow() {
        for r in records {
            let month = rule.in_month.then(|| (r.date.year(), r.date.month()));
            let value = performance::weighted(rule, r);
            let dev = developed(r);
            events.push(Event {
                date: r.date,
                month,
                value,
                developed: dev,
                records: 1,
            });
            if let Some(leaves) = window.and_then(|m| time::leaves_window(r.date, m)) {
                events.push(Event {
                    date: leaves,
                    month,
                    value: -value,
                    developed: -dev,
                    records: -1,
                });
            }
        }
    } else {
        // Per workload, the latest day's records count until the next day
        // with records, or until that day leaves the window.
        for part in &rule.workloads.parts {
            let mut days: Vec<(NaiveDate, Decimal, i64, i64)> = Vec::new();
            let mut of_part: Vec<&&MetricRecord> = records
                .iter()
                .filter(|r| r.workload == part.workload)
                .collect();
            of_part.sort_by_key(|r| r.date);
            for r in of_part {
                let value = performance::weighted(rule, r);
                match days.last_mut() {
                    Some(day) if day.0 == r.date => {
                        day.1 += value;
                        day.2 += developed(r);
                        day.3 += 1;
                    }
                    _ => days.push((r.date, value, developed(r), 1)),
                }
            }
            let mut counted = (Decimal::ZERO, 0i64, 0i64);
            let mut set = |date: NaiveDate, to: (Decimal, i64, i64), events: &mut Vec<Event>| {
                events.push(Event {
                    date,
                    month: None,
                    value: to.0 - counted.0,
                    developed: to.1 - counted.1,
                    records: to.2 - counted.2,
                });
                counted = to;
            };
            for (i, &(date, value, dev, n)) in days.iter().enumerate() {
                set(date, (value, dev, n), &mut events);
                let next = days.get(i + 1).map(|d| d.0);
                if let Some(leaves) = window.and_then(|m| time::leaves_window(date, m)) {
                    if next.is_none_or(|n| leaves < n) {
                        set(leaves, (Decimal::ZERO, 0, 0), &mut events);
                    }
                }
            }
        }
    }
    events.sort_by_key(|e| e.date);
    events
}

/// The measure of `records` (all kept by `rule`'s workloads, `via` and
/// `where`) on `date`, by its plain definition: flows sum the records in the
/// window (`in a month`: the best calendar month's, the latest of equals);
/// levels take each workload's latest day, if inside the window. Also
/// whether a record of a developed-market customer is among those counted.
pub fn measure_at(
    rule: &PerformanceRule,
    records: &[&MetricRecord],
    date: NaiveDate,
) -> (Decimal, bool) {
    let counted = counted_at(rule, records, date);
    let value = performance::sum(counted.iter().map(|r| performance::weighted(rule, r)));
    let developed = counted
        .iter()
        .any(|r| r.customer_market == Some(Market::Developed));
    (value, developed)
}

/// The records [`measure_at`] counts on `date`.
fn counted_at<'r>(
    rule: &PerformanceRule,
    records: &[&'r MetricRecord],
    date: NaiveDate,
) -> Vec<&'r MetricRecord> {
    let after = rule.window().map(|m| time::months_before(date, m));
    let in_window = |r: &&&MetricRecord| r.date <= date && after.is_none_or(|a| r.date > a);
    if rule.metric.is_flow() {
        let kept: Vec<&MetricRecord> = records.iter().filter(in_window).copied().collect();
        if !rule.in_month {
            return kept;
        }
        match best_of_months(rule, &kept) {
            Some((month, _)) => kept
                .into_iter()
                .filter(|r| (r.date.year(), r.date.month()) == month)
                .collect(),
            None => Vec::new(),
        }
    } else {
        let mut counted = Vec::new();
        for part in &rule.workloads.parts {
            let of_part = || {
                records
                    .iter()
                    .filter(|r| r.workload == part.workload && r.date <= date)
            };
            if let Some(latest) = of_part().map(|r| r.date).max() {
                if after.is_none_or(|a| latest > a) {
                    counted.extend(of_part().filter(|r| r.date == latest).copied());
                }
            }
        }
        counted
    }
}

/// The calendar month whose records sum highest (the latest of equals), and
/// that sum.
fn best_of_months(
    rule: &PerformanceRule,
    records: &[&MetricRecord],
) -> Option<((i32, u32), Decimal)> {
    let mut months: BTreeMap<(i32, u32), Vec<Decimal>> = BTreeMap::new();
    for r in records {
        months
            .entry((r.date.year(), r.date.month()))
            .or_default()
            .push(performance::weighted(rule, r));
    }
    months
        .into_iter()
        .map(|(month, values)| (month, performance::sum(values)))
        .fold(None, |best, (month, value)| match best {
            Some((_, v)) if v > value => best,
            _ => Some((month, value)),
        })
}

/// `METRIC W >= AMOUNT in a month over N months`: the best calendar month
/// of the window, with what [`performance::measure`] says of the window,
/// narrowed to that month's records.
pub fn best_month(
    rule: &PerformanceRule,
    org: &Organization,
    date: NaiveDate,
    explain: bool,
) -> (Decimal, PerformanceDetail) {
    let whole = PerformanceRule {
        in_month: false,
        ..rule.clone()
    };
    let (_, mut detail) = performance::measure(&whole, org, date, explain);
    let kept: Vec<&MetricRecord> = org
        .metrics
        .iter()
        .filter(|r| performance::matches(rule, r))
        .collect();
    let counted = counted_at(rule, &kept, date);
    let actual = performance::sum(counted.iter().map(|r| performance::weighted(rule, r)));
    detail.best_month = counted
        .first()
        .and_then(|r| NaiveDate::from_ymd_opt(r.date.year(), r.date.month(), 1));
    let may_develop = org.market == Market::Developing && rule.developing.is_some();
    let developed = |r: &&MetricRecord| r.customer_market == Some(Market::Developed);
    let withheld = may_develop && rule.developing_by_customer && counted.iter().any(developed);
    detail.developing = may_develop && !withheld;
    if explain {
        let in_month = |r: &RecordRef| {
            detail
                .best_month
                .is_some_and(|m| r.date.year() == m.year() && r.date.month() == m.month())
        };
        detail.records.retain(in_month);
        detail.developing_withheld_by.retain(in_month);
        for share in &mut detail.workloads {
            let of_part = || counted.iter().filter(|r| r.workload == share.workload);
            share.records = of_part().count();
            share.value = performance::sum(of_part().map(|r| performance::weighted(rule, r)));
        }
    }
    (actual, detail)
}

// ----------------------------------------------------------------- counts

/// The records a count looks at, by tenant (or workload), and (tenants) the
/// records kept by the condition that name no customer.
fn by_entity<'o>(
    rule: &EntityRule,
    org: &'o Organization,
) -> (
    BTreeMap<&'o str, Vec<&'o MetricRecord>>,
    Vec<&'o MetricRecord>,
) {
    let mut groups: BTreeMap<&str, Vec<&MetricRecord>> = BTreeMap::new();
    let mut without = Vec::new();
    for r in org
        .metrics
        .iter()
        .filter(|r| performance::matches(&rule.condition, r))
    {
        let key = match rule.entity {
            Entity::Tenants => r.customer.as_deref(),
            Entity::Workloads => Some(r.workload.as_str()),
        };
        match key {
            Some(key) => groups.entry(key).or_default().push(r),
            None => without.push(r),
        }
    }
    (groups, without)
}

/// What the condition asks of one tenant whose counted records are (or not)
/// of a developed-market customer.
fn condition_required(rule: &EntityRule, market: Market, developed: bool) -> Decimal {
    let c = &rule.condition;
    match c.developing {
        Some(developing)
            if market == Market::Developing && !(c.developing_by_customer && developed) =>
        {
            developing
        }
        _ => c.threshold,
    }
}

/// Whether an entity with this series meets the condition on `date`.
fn meets_at(rule: &EntityRule, market: Market, series: &Series, date: NaiveDate) -> bool {
    let (value, developed) = series.at(date);
    rule.condition
        .meets(value, condition_required(rule, market, developed))
}

/// How one entity stands toward a count on `date` (whose start is `start`):
/// what it adds (1, or −1 for a net loss) and whether it is of a developed
/// market (counted records of a developed-market customer).
fn contribution(
    rule: &EntityRule,
    market: Market,
    series: &Series,
    date: NaiveDate,
    start: NaiveDate,
) -> (i64, bool) {
    let meets = |d| meets_at(rule, market, series, d);
    let developed_at = |d| series.at(d).1;
    if start > date && rule.change.is_some() {
        return (0, false);
    }
    match rule.change {
        None => {
            let m = meets(date);
            (i64::from(m), m && developed_at(date))
        }
        Some(EntityChange::Net) => {
            let (now, then) = (meets(date), meets(start));
            (i64::from(now) - i64::from(then), now && developed_at(date))
        }
        Some(EntityChange::New) => {
            if meets(start) {
                return (0, false);
            }
            let reached = series.first_in(start, date, |v, dev| {
                rule.condition
                    .meets(v, condition_required(rule, market, dev))
            });
            match reached {
                Some((on, _)) => (1, developed_at(on) || developed_at(date)),
                None => (0, false),
            }
        }
    }
}

/// The count asked of the organization, given whether a counted entity is
/// of a developed market, and whether the developing count applied.
fn count_required(rule: &EntityRule, market: Market, any_developed: bool) -> (i64, bool) {
    let developing = market == Market::Developing
        && rule.developing.is_some()
        && !(rule.developing_by_customer && any_developed);
    (i64::from(rule.count_for(developing)), developing)
}

impl Context<'_> {
    /// `[net|new] N tenants|workloads with CONDITION`.
    pub(crate) fn entities(&self, text: &Arc<str>, rule: &EntityRule) -> RequirementOutcome {
        let market = self.org.market;
        let date = self.date;
        let start = rule.start(date);
        let before_start = rule.change.is_some() && start > date;
        let (groups, without) = by_entity(rule, self.org);
        let mut standings = Vec::new();
        let (mut actual, mut now, mut then) = (0i64, 0u32, 0u32);
        let mut developed_counted = Vec::new();
        for (id, records) in &groups {
            let series = Series::build(&rule.condition, records);
            let (value, developed) = series.at(date);
            let required = condition_required(rule, market, developed);
            let meets = rule.condition.meets(value, required);
            let (adds, dev) = contribution(rule, market, &series, date, start);
            actual += adds;
            now += u32::from(meets);
            let mut standing = EntityStanding {
                id: id.to_string(),
                value,
                required,
                meets,
                value_then: None,
                met_then: None,
                reached: None,
                counted: adds > 0,
                developed: dev,
            };
            if rule.change.is_some() && !before_start {
                let (v, d) = series.at(start);
                let met_then = rule.condition.meets(v, condition_required(rule, market, d));
                then += u32::from(met_then);
                standing.value_then = Some(v);
                standing.met_then = Some(met_then);
                if rule.change == Some(EntityChange::New) && adds > 0 {
                    standing.reached = series.first_in(start, date, |v, dev| {
                        rule.condition
                            .meets(v, condition_required(rule, market, dev))
                    });
                }
            }
            if adds > 0 && dev {
                developed_counted.push(id.to_string());
            }
            // Entities without a record on or before the date say nothing.
            if records.iter().any(|r| r.date <= date) {
                standings.push(standing);
            }
        }
        let (required, developing) = count_required(rule, market, !developed_counted.is_empty());
        let withheld = market == Market::Developing
            && rule.developing.is_some()
            && rule.developing_by_customer
            && !developed_counted.is_empty();
        let window = rule.condition.window().map(|months| Window {
            months,
            after: time::months_before(date, months),
            through: date,
        });
        let full = self.detail == DetailLevel::Full;
        let without_customer = if full {
            let condition = &rule.condition;
            counted_at(condition, &without, date)
                .into_iter()
                .map(|r| performance::reference(condition, r))
                .collect()
        } else {
            Vec::new()
        };
        if !full {
            standings.clear();
        }
        let detail = EntityDetail {
            entity: rule.entity,
            change: rule.change,
            metric: rule.condition.metric,
            set: rule
                .condition
                .workloads
                .is_set
                .then(|| rule.condition.workloads.name.clone()),
            window,
            start: rule.change.map(|_| start),
            strict: rule.condition.strict,
            before_start,
            now,
            then: rule.change.filter(|_| !before_start).map(|_| then),
            entities: standings,
            developing,
            developing_withheld_by: if withheld {
                developed_counted
            } else {
                Vec::new()
            },
            without_customer,
        };
        RequirementOutcome {
            text: text.clone(),
            met: actual >= required,
            actual: Decimal::from(actual),
            required: Decimal::from(required),
            unit: Unit::of_entity(rule.entity),
            detail: Detail::Entities(detail),
        }
    }

    /// `growth|change MEASURE >= AMOUNT`: the measure at the start and at the date.
    pub(crate) fn growth(&self, text: &Arc<str>, rule: &GrowthRule) -> RequirementOutcome {
        let date = self.date;
        let start = rule.start(date);
        let before_start = start > date;
        let full = self.detail == DetailLevel::Full;
        let mut detail = GrowthDetail {
            kind: rule.kind,
            metric: None,
            set: None,
            unit: Unit::People,
            start,
            before_start,
            window: None,
            value: Decimal::ZERO,
            value_then: Decimal::ZERO,
            percent: None,
            change: Decimal::ZERO,
            baseline: None,
            developing: false,
            records: 0,
            records_then: 0,
            people: Vec::new(),
            people_then: Vec::new(),
            whole: true,
        };
        // Whether a record counted at either date is of a developed-market customer.
        let mut developed = false;
        match &rule.measure {
            GrowthMeasure::Records(m) => {
                let kept: Vec<&MetricRecord> = self
                    .org
                    .metrics
                    .iter()
                    .filter(|rec| performance::matches(m, rec))
                    .collect();
                let now = counted_at(m, &kept, date);
                let then = counted_at(m, &kept, start);
                let sum = |records: &[&MetricRecord]| {
                    performance::sum(records.iter().map(|rec| performance::weighted(m, rec)))
                };
                detail.value = sum(&now);
                detail.value_then = sum(&then);
                detail.records = now.len();
                detail.records_then = then.len();
                developed = now
                    .iter()
                    .chain(&then)
                    .any(|rec| rec.customer_market == Some(Market::Developed));
                detail.metric = Some(m.metric);
                detail.set = m.workloads.is_set.then(|| m.workloads.name.clone());
                detail.unit = Unit::of_metric(m.metric);
                detail.window = m.window().map(|months| Window {
                    months,
                    after: time::months_before(date, months),
                    through: date,
                });
                detail.whole = !m.metric.is_money()
                    && m.workloads.parts.iter().all(|p| p.weight.fract().is_zero());
            }
            GrowthMeasure::People { qualification, .. } => {
                let now = self.qualified_on(qualification, date);
                let then = self.qualified_on(qualification, start);
                detail.value = Decimal::from(now.len() as u64);
                detail.value_then = Decimal::from(then.len() as u64);
                if full {
                    detail.people = now;
                    detail.people_then = then;
                }
            }
        }
        let market = self.org.market;
        detail.developing = market == Market::Developing
            && rule.developing.is_some()
            && !(rule.developing_by_customer && developed);
        let required = match (detail.developing, rule.developing) {
            (true, Some(d)) => d,
            _ => rule.threshold,
        };
        detail.baseline = rule.baseline.as_ref().map(|b| {
            let floor = match b.developing {
                Some(d)
                    if market == Market::Developing && !(b.developing_by_customer && developed) =>
                {
                    d
                }
                _ => b.floor,
            };
            BaselineOutcome {
                floor,
                met: detail.value_then >= floor,
            }
        });
        detail.change = detail
            .value
            .checked_sub(detail.value_then)
            .unwrap_or(Decimal::MIN);
        detail.percent = growth_percent(detail.value, detail.value_then);
        let met = growth_met(rule.kind, &detail, required);
        let (actual, unit) = match rule.kind {
            GrowthKind::Growth => (detail.percent.unwrap_or(Decimal::ZERO), Unit::Percent),
            GrowthKind::Change => (detail.change, detail.unit),
        };
        RequirementOutcome {
            text: text.clone(),
            met,
            actual,
            required,
            unit,
            detail: Detail::Growth(detail),
        }
    }

    /// People who count on `date` and satisfy `q`, by id in fact-file order.
    pub(crate) fn qualified_on(&self, q: &Qualification, date: NaiveDate) -> Vec<String> {
        let wait = self.rules.settings.association_wait;
        self.org
            .people
            .iter()
            .filter(|p| {
                people::standing(p, date, wait, self.severance.get(&p.id)).is_empty()
                    && people::satisfies(q, &people::holdings(p, Some(date), &self.rules.retired))
            })
            .map(|p| p.id.clone())
            .collect()
    }
}

/// `(value − then) ÷ then`, in percent, rounded down to two places (so it
/// reaches a threshold of two places exactly when the exact growth does);
/// `None` from a start of 0 or less.
pub fn growth_percent(value: Decimal, then: Decimal) -> Option<Decimal> {
    if then <= Decimal::ZERO {
        return None;
    }
    let grown = value
        .checked_sub(then)
        .and_then(|d| d.checked_mul(Decimal::ONE_HUNDRED))
        .and_then(|d| d.checked_div(then))
        .unwrap_or(Decimal::MAX);
    Some(grown.round_dp_with_strategy(2, RoundingStrategy::ToNegativeInfinity))
}

/// Whether a growth (at least `required` percent: compared exactly, as
/// `(value − then) × 100 >= required × then`) or a change (at least
/// `required` more) is met, with its start reached and its baseline met.
fn growth_met(kind: GrowthKind, d: &GrowthDetail, required: Decimal) -> bool {
    if d.before_start || d.baseline.as_ref().is_some_and(|b| !b.met) {
        return false;
    }
    match kind {
        GrowthKind::Change => d.change >= required,
        GrowthKind::Growth => {
            if d.value_then <= Decimal::ZERO {
                return false;
            }
            let grown = d.change.checked_mul(Decimal::ONE_HUNDRED);
            let asked = required.checked_mul(d.value_then);
            match (grown, asked) {
                (Some(g), Some(a)) => g >= a,
                // Too large to multiply: the rounded percentage decides.
                _ => d.percent.is_some_and(|p| p >= required),
            }
        }
    }
}

// --------------------------------------------------------------- outlook

/// The first day on or after which the start of a measure at that day
/// reaches `date`: the day a change at `date` shows at the start.
pub(crate) fn start_reaches(
    date: NaiveDate,
    since: Option<Since>,
    window: Option<u32>,
) -> Option<NaiveDate> {
    let months = match since {
        Some(Since::Date(_)) => return None,
        Some(Since::MonthsAgo(months)) => months,
        None => window.unwrap_or(PerformanceRule::DEFAULT_FLOW_WINDOW),
    };
    time::leaves_window(date, months)
}

/// A performance requirement's met-or-missed (one whose measure is not a
/// plain sum, such as `in a month`) on each day from `from` through `horizon`.
pub(crate) fn performance_timeline(
    rule: &PerformanceRule,
    records: &[&MetricRecord],
    market: Market,
    from: NaiveDate,
    horizon: NaiveDate,
) -> Timeline {
    let series = Series::build(rule, records);
    let met = |date: NaiveDate| {
        let (value, developed) = series.at(date);
        let required = match rule.developing {
            Some(d)
                if market == Market::Developing && !(rule.developing_by_customer && developed) =>
            {
                d
            }
            _ => rule.threshold,
        };
        rule.meets(value, required)
    };
    let states: Vec<(NaiveDate, bool)> = series
        .dates()
        .filter(|d| *d > from && *d <= horizon)
        .map(|d| (d, met(d)))
        .collect();
    Timeline::from_states(met(from), states)
}

/// A count's met-or-missed on each day from `from` through `horizon`.
pub(crate) fn entities_timeline(
    org: &Organization,
    rule: &EntityRule,
    from: NaiveDate,
    horizon: NaiveDate,
) -> Timeline {
    let market = org.market;
    let (groups, _) = by_entity(rule, org);
    let later = |d: &NaiveDate| *d > from && *d <= horizon;
    // (date, change of the count, change of the developed entities counted)
    let mut changes: Vec<(NaiveDate, i64, i64)> = Vec::new();
    let (mut total, mut developed) = (0i64, 0i64);
    for records in groups.values() {
        let series = Series::build(&rule.condition, records);
        let mut dates: Vec<NaiveDate> = series
            .dates()
            .flat_map(|d| {
                let shifted = rule
                    .change
                    .and_then(|_| start_reaches(d, rule.since, rule.condition.window_months));
                std::iter::once(d).chain(shifted)
            })
            .filter(later)
            .collect();
        if let Some(Since::Date(since)) = rule.since {
            // A start after today: counting begins the day after it.
            dates.extend(since.succ_opt().filter(later));
        }
        dates.sort_unstable();
        dates.dedup();
        let state = |d: NaiveDate| {
            let (adds, dev) = contribution(rule, market, &series, d, rule.start(d));
            (adds, i64::from(adds > 0 && dev))
        };
        let mut last = state(from);
        total += last.0;
        developed += last.1;
        for d in dates {
            let now = state(d);
            if now != last {
                changes.push((d, now.0 - last.0, now.1 - last.1));
                last = now;
            }
        }
    }
    changes.sort_by_key(|c| c.0);
    let met = |total: i64, developed: i64| total >= count_required(rule, market, developed > 0).0;
    let today = met(total, developed);
    let states = changes.into_iter().map(|(d, t, dev)| {
        total += t;
        developed += dev;
        (d, met(total, developed))
    });
    let states: Vec<(NaiveDate, bool)> = states.collect();
    Timeline::from_states(today, states)
}

/// A growth's (or change's) met-or-missed on each day from `ctx`'s date
/// through `horizon`: evaluated again on each day the measure at the date or
/// at the start may change.
pub(crate) fn growth_timeline(
    ctx: &Context,
    rule: &GrowthRule,
    horizon: NaiveDate,
    person_dates: &dyn Fn(&crate::facts::Person) -> Vec<NaiveDate>,
) -> Timeline {
    let from = ctx.date;
    let later = |d: &NaiveDate| *d > from && *d <= horizon;
    // Records: the measure's series, read at each date and at its start.
    let series = match &rule.measure {
        GrowthMeasure::Records(m) => {
            let kept: Vec<&MetricRecord> = ctx
                .org
                .metrics
                .iter()
                .filter(|r| performance::matches(m, r))
                .collect();
            Some(Series::build(m, &kept))
        }
        GrowthMeasure::People { .. } => None,
    };
    let mut changes: Vec<NaiveDate> = match &series {
        Some(series) => series.dates().collect(),
        None => ctx.org.people.iter().flat_map(person_dates).collect(),
    };
    let shifted: Vec<NaiveDate> = changes
        .iter()
        .filter_map(|d| start_reaches(*d, rule.since, rule.window_months))
        .collect();
    changes.extend(shifted);
    if let Some(Since::Date(since)) = rule.since {
        changes.push(since);
    }
    changes.retain(later);
    changes.sort_unstable();
    changes.dedup();
    let text: Arc<str> = Arc::from("");
    let market = ctx.org.market;
    let met_on = |date: NaiveDate| match &series {
        Some(series) => {
            let start = rule.start(date);
            let ((value, dev_now), (value_then, dev_then)) = (series.at(date), series.at(start));
            let developed = dev_now || dev_then;
            let developing = market == Market::Developing
                && rule.developing.is_some()
                && !(rule.developing_by_customer && developed);
            let required = match (developing, rule.developing) {
                (true, Some(d)) => d,
                _ => rule.threshold,
            };
            let baseline = rule.baseline.as_ref().map(|b| {
                let floor = match b.developing {
                    Some(d)
                        if market == Market::Developing
                            && !(b.developing_by_customer && developed) =>
                    {
                        d
                    }
                    _ => b.floor,
                };
                BaselineOutcome {
                    floor,
                    met: value_then >= floor,
                }
            });
            let change = value.checked_sub(value_then).unwrap_or(Decimal::MIN);
            let detail = GrowthDetail {
                kind: rule.kind,
                metric: None,
                set: None,
                unit: Unit::People,
                start,
                before_start: start > date,
                window: None,
                value,
                value_then,
                percent: growth_percent(value, value_then),
                change,
                baseline,
                developing,
                records: 0,
                records_then: 0,
                people: Vec::new(),
                people_then: Vec::new(),
                whole: false,
            };
            growth_met(rule.kind, &detail, required)
        }
        None => {
            let mut at = ctx.at(date);
            at.detail = DetailLevel::Verdict;
            at.growth(&text, rule).met
        }
    };
    let states: Vec<(NaiveDate, bool)> = changes.into_iter().map(|d| (d, met_on(d))).collect();
    Timeline::from_states(met_on(from), states)
}

/// Every date in (`from`, `horizon`] on which a count or a growth over
/// records may change, for the outlook's plain definition: records entering
/// and leaving their window, and the same seen from the start.
pub(crate) fn change_dates(
    records: &[&MetricRecord],
    rule: &PerformanceRule,
    since: Option<Since>,
    shifts: bool,
) -> Vec<NaiveDate> {
    let mut dates = Vec::new();
    for r in records {
        let leaves = rule.window().and_then(|m| time::leaves_window(r.date, m));
        for d in std::iter::once(r.date).chain(leaves) {
            dates.push(d);
            if shifts {
                dates.extend(start_reaches(d, since, rule.window_months));
            }
        }
    }
    if let Some(Since::Date(d)) = since {
        dates.push(d);
        dates.extend(d.succ_opt());
    }
    dates
}
