//! What an organization's fact file says, once read and checked: exact
//! amounts, real dates, every part with the place it was written so later
//! steps can still point at it.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use crate::source::{Loc, SourceFile};
use crate::vocabulary::{AchievementKind, Level, Market, Metric};

#[derive(Clone, Debug)]
pub struct Organization {
    pub id: String,
    pub name: Option<String>,
    pub market: Market,
    /// The date the file asks to be evaluated at; `--as-of` wins over it.
    pub as_of: Option<NaiveDate>,
    pub membership: Option<Membership>,
    pub metrics: Vec<MetricRecord>,
    pub people: Vec<Person>,
    /// What the program attests of the organization.
    pub attestations: Vec<Attestation>,
    /// The text this organization was read from, for diagnostics that come
    /// later (a membership naming a competency the rules do not define).
    pub source: Arc<SourceFile>,
    /// Where the id is written.
    pub id_loc: Loc,
}

impl Organization {
    /// The name when given, else the id.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
}

/// The membership the organization bought.
#[derive(Clone, Debug)]
pub struct Membership {
    pub level: Level,
    pub purchased: NaiveDate,
    /// The competencies it was attained with, with where each is written.
    pub competencies: Vec<(String, Loc)>,
}

#[derive(Clone, Debug)]
pub struct MetricRecord {
    pub kind: Metric,
    pub workload: String,
    /// Exact: revenue in dollars and cents, counts as whole numbers.
    pub value: Decimal,
    pub date: NaiveDate,
    pub association: Option<String>,
    /// The offer the record is for (`trial`, `free`, `paid`, ...).
    pub offer: Option<String>,
    /// The customer (tenant) the record is about.
    pub customer: Option<String>,
    /// Where that customer does business.
    pub customer_market: Option<Market>,
    /// Where the workload and the association are written.
    pub workload_loc: Loc,
    pub association_loc: Option<Loc>,
}

/// Something the program attests of an organization: `Attestation(code:
/// "Authorized Surface Hub ADR", granted: "2026-01-15")`.
#[derive(Clone, Debug)]
pub struct Attestation {
    pub code: String,
    pub granted: NaiveDate,
    /// The first day it no longer counts.
    pub expires: Option<NaiveDate>,
    pub code_loc: Loc,
}

impl Attestation {
    /// Granted on or before `date`, and not expired: `expires` is after it.
    pub fn holds_at(&self, date: NaiveDate) -> bool {
        self.granted <= date && self.expires.is_none_or(|e| e > date)
    }
}

#[derive(Clone, Debug)]
pub struct Person {
    pub id: String,
    pub name: Option<String>,
    pub associated: DateTime<Utc>,
    pub left: Option<NaiveDate>,
    pub achievements: Vec<Achievement>,
}

impl Person {
    /// "Alice Wong (alice@contoso.com)", or the id alone.
    pub fn label(&self) -> String {
        match &self.name {
            Some(name) => format!("{name} ({})", self.id),
            None => self.id.clone(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Achievement {
    pub kind: AchievementKind,
    pub code: String,
    pub passed: NaiveDate,
    pub expires: Option<NaiveDate>,
    /// Where the code is written.
    pub code_loc: Loc,
}
