//! Performance requirements: sum a flow over its window, or take the latest
//! level, from the organization's metric records — over one workload or
//! several, each times its weight.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::time;
use crate::facts::{MetricRecord, Organization};
use crate::outcome::{PerformanceDetail, RecordRef, Window, WorkloadShare};
use crate::ruleset::PerformanceRule;
use crate::vocabulary::Market;

/// The records a rule looks at: its metric, one of its workloads, its
/// associations, its offers.
pub fn matches(rule: &PerformanceRule, record: &MetricRecord) -> bool {
    same_measure(rule, record) && passes_via(rule, record) && passes_offer(rule, record)
}

fn same_measure(rule: &PerformanceRule, record: &MetricRecord) -> bool {
    record.kind == rule.metric && rule.workloads.weight_of(&record.workload).is_some()
}

fn passes_via(rule: &PerformanceRule, record: &MetricRecord) -> bool {
    rule.via.as_ref().is_none_or(|via| {
        record
            .association
            .as_ref()
            .is_some_and(|a| via.iter().any(|v| v == a))
    })
}

fn passes_offer(rule: &PerformanceRule, record: &MetricRecord) -> bool {
    rule.offer
        .as_ref()
        .is_none_or(|o| o.keeps(record.offer.as_deref()))
}

fn reference(rule: &PerformanceRule, r: &MetricRecord) -> RecordRef {
    RecordRef {
        date: r.date,
        value: r.value,
        association: r.association.clone(),
        workload: r.workload.clone(),
        weight: rule
            .workloads
            .weight_of(&r.workload)
            .unwrap_or(Decimal::ONE),
        offer: r.offer.clone(),
        customer: r.customer.clone(),
        customer_market: r.customer_market,
    }
}

/// The sum of amounts, held at the largest amount there is when it would
/// overflow: no threshold is larger, so met and missed stay right.
pub fn sum(values: impl IntoIterator<Item = Decimal>) -> Decimal {
    values
        .into_iter()
        .fold(Decimal::ZERO, |total, value| total.saturating_add(value))
}

/// A record's value times its workload's weight (exact, and held at the
/// largest amount there is, as sums are).
fn weighted(rule: &PerformanceRule, r: &MetricRecord) -> Decimal {
    let weight = rule
        .workloads
        .weight_of(&r.workload)
        .unwrap_or(Decimal::ONE);
    r.value.checked_mul(weight).unwrap_or(Decimal::MAX)
}

/// What the organization shows for `rule` at `date`, and how it was found
/// (which records counted and which were left out, when `explain`).
pub fn measure(
    rule: &PerformanceRule,
    org: &Organization,
    date: NaiveDate,
    explain: bool,
) -> (Decimal, PerformanceDetail) {
    let window = rule.window().map(|months| Window {
        months,
        after: time::months_before(date, months),
        through: date,
    });
    let in_window = |r: &MetricRecord| window.is_none_or(|w| r.date > w.after);
    let relevant = org
        .metrics
        .iter()
        .filter(|r| matches(rule, r) && r.date <= date);
    let mut stale = None;
    // Seats and usage: workloads whose latest record is outside the window.
    let mut stale_parts: Vec<(&str, NaiveDate)> = Vec::new();
    let counted: Vec<&MetricRecord> = if rule.metric.is_flow() {
        // Flows: every record in the window, summed.
        relevant.filter(|r| in_window(r)).collect()
    } else {
        // Levels: per workload, the latest record on or before the date
        // (same-day records summed), and only if it is inside the window
        // when there is one.
        let records: Vec<&MetricRecord> = relevant.collect();
        let mut counted = Vec::new();
        for part in &rule.workloads.parts {
            let of_workload = || records.iter().filter(|r| r.workload == part.workload);
            match of_workload().map(|r| r.date).max() {
                Some(latest) if window.is_some_and(|w| latest <= w.after) => {
                    stale = stale.max(Some(latest));
                    stale_parts.push((part.workload.as_str(), latest));
                }
                Some(latest) => counted.extend(of_workload().filter(|r| r.date == latest)),
                None => {}
            }
        }
        // A workload with a record in the window makes the result fresh.
        if !counted.is_empty() {
            stale = None;
        }
        counted
    };
    let actual = sum(counted.iter().map(|r| weighted(rule, r)));
    // The developing threshold applies to an organization in a developing
    // market; `by customer`, only if no counted record is a developed
    // market's customer.
    let may_develop = org.market == Market::Developing && rule.developing.is_some();
    let withholds = |r: &&&MetricRecord| r.customer_market == Some(Market::Developed);
    let withheld =
        may_develop && rule.developing_by_customer && counted.iter().any(|r| withholds(&r));
    let developing = may_develop && !withheld;
    let mut detail = PerformanceDetail {
        metric: rule.metric,
        set: rule.workloads.is_set.then(|| rule.workloads.name.clone()),
        workloads: Vec::new(),
        window,
        records: Vec::new(),
        excluded: Vec::new(),
        excluded_by_offer: Vec::new(),
        developing,
        developing_withheld_by: Vec::new(),
        stale,
    };
    if !explain {
        return (actual, detail);
    }
    // What `via` or `where offer` left out, where it would otherwise have
    // counted: the reason revenue seems missing more often than not.
    let left_out = |keep: &dyn Fn(&MetricRecord) -> bool| -> Vec<RecordRef> {
        org.metrics
            .iter()
            .filter(|r| same_measure(rule, r) && !keep(r) && r.date <= date && in_window(r))
            .map(|r| reference(rule, r))
            .collect()
    };
    if rule.via.is_some() {
        detail.excluded = left_out(&|r| passes_via(rule, r));
    }
    if rule.offer.is_some() {
        detail.excluded_by_offer = left_out(&|r| !passes_via(rule, r) || passes_offer(rule, r));
    }
    if withheld {
        detail.developing_withheld_by = counted
            .iter()
            .filter(withholds)
            .map(|r| reference(rule, r))
            .collect();
    }
    let several = rule.workloads.parts.len() > 1
        || rule
            .workloads
            .parts
            .iter()
            .any(|p| p.weight != Decimal::ONE);
    if several {
        detail.workloads = rule
            .workloads
            .parts
            .iter()
            .map(|part| {
                let of_part = || counted.iter().filter(|r| r.workload == part.workload);
                WorkloadShare {
                    workload: part.workload.clone(),
                    weight: part.weight,
                    records: of_part().count(),
                    value: sum(of_part().map(|r| weighted(rule, r))),
                    latest_outside_window: stale_parts
                        .iter()
                        .find(|(w, _)| *w == part.workload)
                        .map(|(_, latest)| *latest),
                }
            })
            .collect();
    }
    detail.records = counted.iter().map(|r| reference(rule, r)).collect();
    (actual, detail)
}
