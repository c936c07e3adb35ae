//! A document → the model: every leaf read and checked — ids not empty,
//! dates that exist, amounts exact and not negative, people listed once —
//! each problem reported with its place, all of them, not only the first.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use super::de::unquote;
use super::document::*;
use super::error::{DateProblem, Expected, FactError, FactErrorKind};
use super::model::*;
use crate::source::{Loc, SourceFile};
use crate::vocabulary::Metric;

/// Builds the organization a document describes, or says everything wrong with it.
pub fn organization(
    doc: OrganizationDoc,
    source: &Arc<SourceFile>,
) -> Result<Organization, Vec<FactError>> {
    let mut b = OrganizationBuilder {
        source,
        errors: Vec::new(),
    };
    let id = b.text(doc.id, "id", true);
    let name = doc.name.and_then(|n| b.text(n, "name", false));
    let as_of = doc.as_of.and_then(|d| b.date(d, "as_of"));
    let membership = doc.membership.and_then(|m| b.membership(m));
    let metrics: Vec<MetricRecord> = doc
        .metrics
        .into_iter()
        .filter_map(|m| b.metric(m))
        .collect();
    let people = b.people(doc.people);
    let attestations: Vec<Attestation> = doc
        .attestations
        .into_iter()
        .filter_map(|a| b.attestation(a))
        .collect();
    match id {
        Some(id) if b.errors.is_empty() => Ok(Organization {
            id,
            name,
            market: doc.market.unwrap_or_default(),
            as_of,
            membership,
            metrics,
            people,
            attestations,
            source: source.clone(),
            id_loc: b.loc(doc.id.raw),
        }),
        _ => Err(b.errors),
    }
}

struct OrganizationBuilder<'s> {
    source: &'s Arc<SourceFile>,
    errors: Vec<FactError>,
}

impl OrganizationBuilder<'_> {
    /// Where a leaf is: it borrows from the source text.
    fn loc(&self, raw: &str) -> Loc {
        let text = self.source.text();
        let start = (raw.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
        let start = if start <= text.len() { start } else { 0 };
        Loc::new(self.source, start..(start + raw.len()).min(text.len()))
    }

    fn error(&mut self, kind: FactErrorKind, raw: &str) {
        let loc = self.loc(raw);
        self.errors.push(FactError::new(kind, loc));
    }

    fn membership(&mut self, doc: MembershipDoc) -> Option<Membership> {
        let purchased = self.date(doc.purchased, "purchased");
        let competencies = doc
            .competencies
            .into_iter()
            .filter_map(|c| {
                let id = self.text(c, "competency", true)?;
                Some((id, self.loc(c.raw)))
            })
            .collect();
        Some(Membership {
            level: doc.level,
            purchased: purchased?,
            competencies,
        })
    }

    fn metric(&mut self, doc: MetricDoc) -> Option<MetricRecord> {
        let workload = self.text(doc.workload, "workload", true);
        let value = self.amount(doc.value, doc.kind);
        let date = self.date(doc.date, "date");
        let association = doc
            .association
            .and_then(|a| self.text(a, "association", true));
        let offer = doc.offer.and_then(|o| self.text(o, "offer", true));
        let customer = doc.customer.and_then(|c| self.text(c, "customer", true));
        Some(MetricRecord {
            kind: doc.kind,
            workload: workload?,
            value: value?,
            date: date?,
            association,
            offer,
            customer,
            customer_market: doc.customer_market,
            workload_loc: self.loc(doc.workload.raw),
            association_loc: doc.association.map(|a| self.loc(a.raw)),
        })
    }

    fn attestation(&mut self, doc: AttestationDoc) -> Option<Attestation> {
        let code = self.text(doc.code, "attestation code", true);
        let granted = self.date(doc.granted, "granted");
        let expires = doc.expires.and_then(|e| self.date(e, "expires"));
        if let (Some(code), Some(g), Some(e), Some(raw)) = (&code, granted, expires, doc.expires) {
            if e < g {
                let kind = FactErrorKind::ExpiresBeforeGranted {
                    code: code.clone(),
                    granted: self.loc(doc.granted.raw),
                };
                self.error(kind, raw.raw);
            }
        }
        Some(Attestation {
            code: code?,
            granted: granted?,
            expires,
            code_loc: self.loc(doc.code.raw),
        })
    }

    fn people(&mut self, docs: Vec<PersonDoc>) -> Vec<Person> {
        let mut people: Vec<Person> = Vec::with_capacity(docs.len());
        // By id, to find a person listed twice in one look each, however many people.
        let mut first: HashMap<String, Loc> = HashMap::with_capacity(docs.len());
        for doc in docs {
            let id_raw = doc.id.raw;
            let Some(person) = self.person(doc) else {
                continue;
            };
            if let Some(first) = first.get(&person.id) {
                let kind = FactErrorKind::DuplicatePerson {
                    id: person.id.clone(),
                    first: first.clone(),
                };
                self.error(kind, id_raw);
                continue;
            }
            first.insert(person.id.clone(), self.loc(id_raw));
            people.push(person);
        }
        people
    }

    fn person(&mut self, doc: PersonDoc) -> Option<Person> {
        let id = self.text(doc.id, "person id", true);
        let name = doc.name.and_then(|n| self.text(n, "name", false));
        let associated = self.moment(doc.associated);
        let left = doc.left.and_then(|l| self.date(l, "left"));
        let achievements = doc
            .achievements
            .into_iter()
            .filter_map(|a| self.achievement(a))
            .collect();
        Some(Person {
            id: id?,
            name,
            associated: associated?,
            left,
            achievements,
        })
    }

    fn achievement(&mut self, doc: AchievementDoc) -> Option<Achievement> {
        let code = self.text(doc.code, "achievement code", true);
        let passed = self.date(doc.passed, "passed");
        let expires = doc.expires.and_then(|e| self.date(e, "expires"));
        if let (Some(code), Some(p), Some(e), Some(raw)) = (&code, passed, expires, doc.expires) {
            if e < p {
                let passed = self.loc(doc.passed.raw);
                let kind = FactErrorKind::ExpiresBeforePassed {
                    code: code.clone(),
                    passed,
                };
                self.error(kind, raw.raw);
            }
        }
        Some(Achievement {
            kind: doc.kind,
            code: code?,
            passed: passed?,
            expires,
            code_loc: self.loc(doc.code.raw),
        })
    }

    /// Text in double quotes. A `name` of something (an id, a workload, a
    /// code) is matched exactly, so it may be neither empty nor begin or
    /// end with a space.
    fn text(&mut self, leaf: Leaf<Text>, field: &'static str, names: bool) -> Option<String> {
        let text = self.quoted(leaf.raw, field, Expected::Text)?;
        if names && text.trim().is_empty() {
            self.error(FactErrorKind::Empty { what: field }, leaf.raw);
            return None;
        }
        if names && text.trim().len() != text.len() {
            let kind = FactErrorKind::Padded { what: field, text };
            self.error(kind, leaf.raw);
            return None;
        }
        Some(text)
    }

    /// The text of a string leaf, or why it is not one.
    fn quoted(&mut self, raw: &str, field: &'static str, expected: Expected) -> Option<String> {
        if !(raw.starts_with('"') || raw.starts_with("r\"") || raw.starts_with("r#")) {
            let kind = FactErrorKind::WrongType {
                field,
                expected,
                found: raw.to_string(),
            };
            self.error(kind, raw);
            return None;
        }
        match unquote(raw) {
            Ok(text) => Some(text.into_owned()),
            Err((escape, range)) => {
                let loc = self.loc(raw);
                let loc = loc.with(loc.start + range.start..loc.start + range.end);
                self.errors
                    .push(FactError::new(FactErrorKind::InvalidEscape { escape }, loc));
                None
            }
        }
    }

    /// `"2026-06-30"`: a calendar date.
    fn date(&mut self, leaf: Leaf<Date>, field: &'static str) -> Option<NaiveDate> {
        let text = self.quoted(leaf.raw, field, Expected::Date)?;
        match parse_date(&text) {
            Ok(date) => Some(date),
            Err(why) => {
                let kind = FactErrorKind::InvalidDate {
                    text,
                    with_time: false,
                    why,
                };
                self.error(kind, leaf.raw);
                None
            }
        }
    }

    /// `"2026-01-10T09:00:00Z"`: a moment, with its offset from UTC.
    fn moment(&mut self, leaf: Leaf<Moment>) -> Option<DateTime<Utc>> {
        let text = self.quoted(leaf.raw, "associated", Expected::Moment)?;
        match DateTime::parse_from_rfc3339(&text) {
            Ok(moment) => Some(moment.with_timezone(&Utc)),
            Err(_) => {
                let why = if parse_date(&text).is_ok() {
                    DateProblem::NoTime
                } else {
                    DateProblem::NotMoment
                };
                let kind = FactErrorKind::InvalidDate {
                    text,
                    with_time: true,
                    why,
                };
                self.error(kind, leaf.raw);
                None
            }
        }
    }

    /// A metric value from its digits: exact, not negative, whole unless money.
    fn amount(&mut self, leaf: Leaf<Amount>, metric: Metric) -> Option<Decimal> {
        let text = leaf.raw;
        let Some(value) = parse_decimal(text) else {
            // A number all the same (`1e40`, a hundred digits): too large, not mistyped.
            let unsigned = text.trim_start_matches(['-', '+']);
            let too_large = unsigned.starts_with(|c: char| c.is_ascii_digit())
                && unsigned.replace('_', "").parse::<f64>().is_ok();
            let kind = if too_large {
                FactErrorKind::TooLarge { what: "value" }
            } else {
                FactErrorKind::WrongType {
                    field: "value",
                    expected: Expected::Number,
                    found: text.to_string(),
                }
            };
            self.error(kind, text);
            return None;
        };
        if value.is_sign_negative() && !value.is_zero() {
            self.error(FactErrorKind::Negative { field: "value" }, text);
            return None;
        }
        if !metric.is_money() && !value.fract().is_zero() {
            let kind = FactErrorKind::FractionalCount {
                metric: metric.keyword(),
            };
            self.error(kind, text);
            return None;
        }
        Some(value)
    }
}

/// Strictly `YYYY-MM-DD`, and a day that exists.
pub fn parse_date(text: &str) -> Result<NaiveDate, DateProblem> {
    let b = text.as_bytes();
    let shaped = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        });
    if !shaped {
        return Err(DateProblem::Shape);
    }
    let number = |range: std::ops::Range<usize>| {
        b[range]
            .iter()
            .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'))
    };
    NaiveDate::from_ymd_opt(number(0..4) as i32, number(5..7), number(8..10))
        .ok_or(DateProblem::NoSuchDay)
}

/// A number as an exact decimal: `12000.50`, `1_000`, `1e3`. Hex and other
/// bases are refused rather than guessed at.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let plain = !text.contains(['_', 'e', 'E']);
    let unsigned = text.trim_start_matches(['-', '+']);
    if unsigned.is_empty() || !unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return None;
    }
    if unsigned.starts_with("0x") || unsigned.starts_with("0b") || unsigned.starts_with("0o") {
        return None;
    }
    if plain {
        return Decimal::from_str(text.trim_start_matches('+')).ok();
    }
    let cleaned: String = text.chars().filter(|c| *c != '_').collect();
    if cleaned.contains(['e', 'E']) {
        Decimal::from_scientific(&cleaned).ok()
    } else {
        Decimal::from_str(cleaned.trim_start_matches('+')).ok()
    }
}
