//! Performance requirements: sum a flow over its window, or take the latest
//! level, from the organization's metric records.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::time;
use crate::facts::{MetricRecord, Organization};
use crate::outcome::{PerformanceDetail, RecordRef, Window};
use crate::ruleset::PerformanceRule;
use crate::vocabulary::Market;

/// The records a rule looks at: its metric, its workload, its associations.
pub fn matches(rule: &PerformanceRule, record: &MetricRecord) -> bool {
    same_measure(rule, record) && passes_via(rule, record)
}

fn same_measure(rule: &PerformanceRule, record: &MetricRecord) -> bool {
    record.kind == rule.metric && record.workload == rule.workload
}

fn passes_via(rule: &PerformanceRule, record: &MetricRecord) -> bool {
    rule.via.as_ref().is_none_or(|via| {
        record
            .association
            .as_ref()
            .is_some_and(|a| via.iter().any(|v| v == a))
    })
}

fn reference(r: &MetricRecord) -> RecordRef {
    RecordRef {
        date: r.date,
        value: r.value,
        association: r.association.clone(),
    }
}

/// The sum of amounts, held at the largest amount there is when it would
/// overflow: no threshold is larger, so met and missed stay right.
pub fn sum(values: impl IntoIterator<Item = Decimal>) -> Decimal {
    values
        .into_iter()
        .fold(Decimal::ZERO, |total, value| total.saturating_add(value))
}

/// What the organization shows for `rule` at `date`, and how it was found.
pub fn measure(
    rule: &PerformanceRule,
    org: &Organization,
    date: NaiveDate,
) -> (Decimal, PerformanceDetail) {
    let window = rule.window().map(|months| Window {
        months,
        after: time::months_before(date, months),
        through: date,
    });
    let relevant = org
        .metrics
        .iter()
        .filter(|r| matches(rule, r) && r.date <= date);
    let mut stale = None;
    let counted: Vec<&MetricRecord> = if rule.metric.is_flow() {
        // Flows: every record in the window, summed.
        relevant
            .filter(|r| window.is_none_or(|w| r.date > w.after))
            .collect()
    } else {
        // Levels: the latest record on or before the date (same-day records
        // summed), and only if it is inside the window when there is one.
        let records: Vec<&MetricRecord> = relevant.collect();
        match records.iter().map(|r| r.date).max() {
            Some(latest) if window.is_some_and(|w| latest <= w.after) => {
                stale = Some(latest);
                Vec::new()
            }
            Some(latest) => records.into_iter().filter(|r| r.date == latest).collect(),
            None => Vec::new(),
        }
    };
    let actual = sum(counted.iter().map(|r| r.value));
    // What `via` left out, where it would otherwise have counted: the reason
    // revenue seems missing more often than not.
    let excluded = match &rule.via {
        None => Vec::new(),
        Some(_) => org
            .metrics
            .iter()
            .filter(|r| same_measure(rule, r) && !passes_via(rule, r) && r.date <= date)
            .filter(|r| window.is_none_or(|w| r.date > w.after))
            .map(reference)
            .collect(),
    };
    let detail = PerformanceDetail {
        metric: rule.metric,
        window,
        records: counted.iter().map(|r| reference(r)).collect(),
        excluded,
        developing: org.market == Market::Developing && rule.developing.is_some(),
        stale,
    };
    (actual, detail)
}
