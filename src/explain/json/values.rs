//! How single values are written, each with the schema of what it writes:
//! exact numbers and dates as strings, keywords from their closed lists,
//! sentences and lists written straight into the output (no copy first: a
//! batch writes a great deal of JSON, and an intermediate copy of it cost as
//! much as writing it).

use std::borrow::Cow;
use std::fmt::Display;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::ser::{Serialize, SerializeSeq, Serializer};

use super::VERSION;
use crate::facts::near_miss::Field;
use crate::outcome::{Status, Unit};
use crate::vocabulary::{AchievementClass, AchievementKind, Level, Market};

/// The output format's version: [`VERSION`], the only value its schema allows.
pub struct Version;

impl Serialize for Version {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(VERSION)
    }
}

impl JsonSchema for Version {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Version".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "integer", "const": VERSION })
    }
}

/// An exact number as a decimal string: `"12000.50"`, `"2"`.
pub struct Exact<T>(pub T);

impl<T: Display> Serialize for Exact<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<T> JsonSchema for Exact<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Exact".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An exact decimal number, as a string.",
            "type": "string",
            "pattern": "^-?[0-9]+(\\.[0-9]+)?$",
        })
    }
}

/// A calendar date: `"2026-11-23"`. Not the schema's `date` format, which
/// allows four-digit years only: dates computed from extreme inputs go past them.
pub struct Date(pub NaiveDate);

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut text = *b"0000-00-00";
        if digits(&mut text, self.0) {
            s.serialize_str(std::str::from_utf8(&text).expect("ASCII digits"))
        } else {
            s.collect_str(&self.0)
        }
    }
}

/// Writes `YYYY-MM-DD` over the start of `text`, for four-digit years;
/// false for others. Dates are the most frequent value of the output, and
/// chrono's `Display` writes them a character at a time, through the
/// formatting machinery: this costs a tenth of that.
fn digits(text: &mut [u8], date: NaiveDate) -> bool {
    let year = date.year();
    if !(0..=9999).contains(&year) {
        return false;
    }
    let year = year as u32;
    put(&mut text[0..4], year);
    put(&mut text[5..7], date.month());
    put(&mut text[8..10], date.day());
    true
}

/// `value`'s last `slot.len()` decimal digits, zero-padded, into `slot`.
fn put(slot: &mut [u8], mut value: u32) {
    for byte in slot.iter_mut().rev() {
        *byte = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

impl JsonSchema for Date {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A calendar date, YYYY-MM-DD. Years past 9999, which only extreme inputs reach, are written with a sign: +10000-01-31.",
            "type": "string",
            "pattern": "^[+-]?[0-9]{4,}-[0-9]{2}-[0-9]{2}$",
        })
    }
}

/// A moment, in UTC: `"2026-11-24T09:00:00Z"`.
pub struct Moment(pub DateTime<Utc>);

impl Serialize for Moment {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut text = *b"0000-00-00T00:00:00Z";
        if digits(&mut text, self.0.date_naive()) {
            let time = self.0.time();
            put(&mut text[11..13], time.hour());
            put(&mut text[14..16], time.minute());
            put(&mut text[17..19], time.second());
            s.serialize_str(std::str::from_utf8(&text).expect("ASCII digits"))
        } else {
            s.collect_str(&self.0.format("%Y-%m-%dT%H:%M:%SZ"))
        }
    }
}

impl JsonSchema for Moment {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Moment".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A moment in UTC, YYYY-MM-DDTHH:MM:SSZ (a year past 9999 with a sign, as in dates).",
            "type": "string",
            "pattern": "^[+-]?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$",
        })
    }
}

/// A sentence from [`words`](crate::explain::words), written as it is formatted.
pub struct Sentence<D>(pub D);

impl<D: Display> Serialize for Sentence<D> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<D> JsonSchema for Sentence<D> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Sentence".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "The same sentence the text output says.",
        })
    }
}

/// A list written item by item, each through `view`: its schema is an
/// array of the view's.
pub struct List<'a, T, V>(pub &'a [T], pub fn(&'a T) -> V);

impl<'a, T, V: Serialize> Serialize for List<'a, T, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for item in self.0 {
            seq.serialize_element(&(self.1)(item))?;
        }
        seq.end()
    }
}

impl<T, V: JsonSchema> JsonSchema for List<'_, T, V> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        format!("Array_of_{}", V::schema_name()).into()
    }

    fn schema_id() -> Cow<'static, str> {
        format!("[{}]", V::schema_id()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "array", "items": generator.subschema_for::<V>() })
    }
}

/// A value from a closed list of words, written as its keyword.
pub struct Keyword<T>(pub T);

/// The values of a type that JSON writes as keywords, and their words.
pub trait Keywords: Copy + 'static {
    /// The name of the list in the schema.
    const NAME: &'static str;
    const ALL: &'static [Self];
    fn keyword(self) -> &'static str;
}

impl<T: Keywords> Serialize for Keyword<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.keyword())
    }
}

impl<T: Keywords> JsonSchema for Keyword<T> {
    fn schema_name() -> Cow<'static, str> {
        T::NAME.into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let words: Vec<&str> = T::ALL.iter().map(|v| v.keyword()).collect();
        json_schema!({ "type": "string", "enum": words })
    }
}

impl Keywords for Field {
    const NAME: &'static str = "FactField";
    const ALL: &'static [Self] = &[Field::Workload, Field::Association, Field::Code];
    fn keyword(self) -> &'static str {
        Field::keyword(self)
    }
}

impl Keywords for Level {
    const NAME: &'static str = "Level";
    const ALL: &'static [Self] = &Level::ALL;
    fn keyword(self) -> &'static str {
        Level::keyword(self)
    }
}

/// How a score picks the track that counts: `best` or `condition`.
impl Keywords for crate::ruleset::TrackChoice {
    const NAME: &'static str = "TrackChoice";
    const ALL: &'static [Self] = &[
        crate::ruleset::TrackChoice::Best,
        crate::ruleset::TrackChoice::Condition,
    ];
    fn keyword(self) -> &'static str {
        crate::ruleset::TrackChoice::keyword(self)
    }
}

/// `eligible` and `held`: a level, or `none`.
impl Keywords for Option<Level> {
    const NAME: &'static str = "LevelOrNone";
    const ALL: &'static [Self] = &[Some(Level::Silver), Some(Level::Gold), None];
    fn keyword(self) -> &'static str {
        self.map_or("none", Level::keyword)
    }
}

impl Keywords for Status {
    const NAME: &'static str = "MembershipStatus";
    const ALL: &'static [Self] = &[Status::Active, Status::Grace, Status::Expired, Status::None];
    fn keyword(self) -> &'static str {
        Status::keyword(self)
    }
}

impl Keywords for crate::outcome::DetailLevel {
    const NAME: &'static str = "Detail";
    const ALL: &'static [Self] = &crate::outcome::DetailLevel::ALL;
    fn keyword(self) -> &'static str {
        crate::outcome::DetailLevel::keyword(self)
    }
}

impl Keywords for Market {
    const NAME: &'static str = "Market";
    const ALL: &'static [Self] = &[Market::Developed, Market::Developing];
    fn keyword(self) -> &'static str {
        Market::keyword(self)
    }
}

impl Keywords for Unit {
    const NAME: &'static str = "Unit";
    const ALL: &'static [Self] = &[
        Unit::Dollars,
        Unit::Customers,
        Unit::Seats,
        Unit::ActiveUsers,
        Unit::People,
        Unit::Devices,
        Unit::Attestations,
        Unit::Levels,
        Unit::Tenants,
        Unit::Workloads,
        Unit::Percent,
    ];
    fn keyword(self) -> &'static str {
        Unit::keyword(self)
    }
}

/// The kind of an achievement held, as fact files name it, in lower case.
impl Keywords for AchievementKind {
    const NAME: &'static str = "AchievementKind";
    const ALL: &'static [Self] = &[
        AchievementKind::Certification,
        AchievementKind::Exam,
        AchievementKind::Assessment,
    ];
    fn keyword(self) -> &'static str {
        match self {
            AchievementKind::Certification => "certification",
            AchievementKind::Exam => "exam",
            AchievementKind::Assessment => "assessment",
        }
    }
}

/// The kinds of achievement a rule asks for: `certified` (exams and
/// certifications) or `assessed` (assessments), as rule files write it.
impl Keywords for AchievementClass {
    const NAME: &'static str = "AchievementClass";
    const ALL: &'static [Self] = &[AchievementClass::Certified, AchievementClass::Assessed];
    fn keyword(self) -> &'static str {
        AchievementClass::keyword(self)
    }
}

/// How a line of a score earns its points.
impl Keywords for crate::ruleset::Award {
    const NAME: &'static str = "Award";
    const ALL: &'static [Self] = &[
        crate::ruleset::Award::ProRata,
        crate::ruleset::Award::AllOrNothing,
        crate::ruleset::Award::Per,
    ];
    fn keyword(self) -> &'static str {
        match self {
            crate::ruleset::Award::ProRata => "pro_rata",
            crate::ruleset::Award::AllOrNothing => "all_or_nothing",
            crate::ruleset::Award::Per => "per",
        }
    }
}

/// What a step of a score takes: one more unit, the rest of an amount, or a gate met.
impl Keywords for crate::outcome::StepKind {
    const NAME: &'static str = "StepKind";
    const ALL: &'static [Self] = &[
        crate::outcome::StepKind::OneMore,
        crate::outcome::StepKind::Reach,
        crate::outcome::StepKind::OpenGate,
    ];
    fn keyword(self) -> &'static str {
        match self {
            crate::outcome::StepKind::OneMore => "one_more",
            crate::outcome::StepKind::Reach => "reach",
            crate::outcome::StepKind::OpenGate => "open_gate",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(value: impl Serialize) -> String {
        serde_json::to_string(&value).unwrap()
    }

    #[test]
    fn dates_and_moments_are_written_as_chrono_displays_them() {
        for (y, m, d) in [
            (2026, 11, 23),
            (1, 1, 1),
            (0, 2, 29),
            (9999, 12, 31),
            (10000, 1, 2),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(json(Date(date)), format!("\"{date}\""));
            let at = date.and_hms_opt(9, 5, 7).unwrap().and_utc();
            assert_eq!(
                json(Moment(at)),
                format!("\"{}\"", at.format("%Y-%m-%dT%H:%M:%SZ"))
            );
        }
        let bc = NaiveDate::from_ymd_opt(-1, 3, 1).unwrap();
        assert_eq!(json(Date(bc)), "\"-0001-03-01\"");
    }
}
