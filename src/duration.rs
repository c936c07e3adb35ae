//! Lengths of time the settings give: `24 hours`, `12 months`, `30 days`.
//! Written in rule files, kept in the rule set, applied by the evaluator.

/// A count of hours, days or months.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Duration {
    pub count: u32,
    pub unit: TimeUnit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimeUnit {
    Hours,
    Days,
    Months,
}

impl TimeUnit {
    /// `hour`/`hours`, by count.
    pub fn word(self, count: u32) -> &'static str {
        match (self, count == 1) {
            (TimeUnit::Hours, true) => "hour",
            (TimeUnit::Hours, false) => "hours",
            (TimeUnit::Days, true) => "day",
            (TimeUnit::Days, false) => "days",
            (TimeUnit::Months, true) => "month",
            (TimeUnit::Months, false) => "months",
        }
    }
}
