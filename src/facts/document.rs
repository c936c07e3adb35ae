//! The fact format as written: the shapes serde reads from RON or JSON
//! (and the JSON Schema is generated from), before any value is checked.
//!
//! Values that must be checked — ids, dates, amounts — are [`Leaf`]s: the
//! text of the value exactly as written, borrowed from the input, so that
//! its place is known and amounts are read from their digits, never through
//! binary floating point. [`super::build`] turns a document into the model.

use std::borrow::Cow;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{Deserializer, Visitor};

use crate::vocabulary::{AchievementKind, Level, Market, Metric};

/// One organization.
#[derive(Deserialize, JsonSchema)]
#[serde(rename = "Organization", deny_unknown_fields)]
pub struct OrganizationDoc<'a> {
    /// The organization's id: how overrides and diffs name it.
    #[serde(borrow)]
    pub id: Leaf<'a, Text>,
    /// Its name, as explanations show it.
    #[serde(default, borrow)]
    pub name: Option<Leaf<'a, Text>>,
    /// Where it does business; developing markets may have lower thresholds. Default: Developed.
    #[serde(default)]
    pub market: Option<Market>,
    /// The date to evaluate at, unless the command line gives one.
    #[serde(default, borrow)]
    pub as_of: Option<Leaf<'a, Date>>,
    /// The membership it bought.
    #[serde(default, borrow)]
    pub membership: Option<MembershipDoc<'a>>,
    /// Revenue, customers, seats and usage, one record each.
    #[serde(default, borrow)]
    pub metrics: Vec<MetricDoc<'a>>,
    /// Its people and their achievements.
    #[serde(default, borrow)]
    pub people: Vec<PersonDoc<'a>>,
    /// What the program attests of the organization (an authorized reseller
    /// status, a customer reference), as `attested in [...]` counts it.
    #[serde(default, borrow)]
    pub attestations: Vec<AttestationDoc<'a>>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename = "Attestation", deny_unknown_fields)]
pub struct AttestationDoc<'a> {
    #[serde(borrow)]
    pub code: Leaf<'a, Text>,
    #[serde(borrow)]
    pub granted: Leaf<'a, Date>,
    /// The first day it no longer counts.
    #[serde(default, borrow)]
    pub expires: Option<Leaf<'a, Date>>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename = "Membership", deny_unknown_fields)]
pub struct MembershipDoc<'a> {
    pub level: Level,
    #[serde(borrow)]
    pub purchased: Leaf<'a, Date>,
    /// The competencies it was attained with, by id.
    #[serde(default, borrow)]
    pub competencies: Vec<Leaf<'a, Text>>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename = "Metric", deny_unknown_fields)]
pub struct MetricDoc<'a> {
    pub kind: Metric,
    #[serde(borrow)]
    pub workload: Leaf<'a, Text>,
    /// Dollars for revenue (cents allowed); whole numbers otherwise. Never negative.
    #[serde(borrow)]
    pub value: Leaf<'a, Amount>,
    #[serde(borrow)]
    pub date: Leaf<'a, Date>,
    /// How the organization is associated with the revenue (`dpor`, `tpor`, ...).
    #[serde(default, borrow)]
    pub association: Option<Leaf<'a, Text>>,
    /// The offer the record is for (`trial`, `free`, `paid`, ...), as `where offer in` filters it.
    #[serde(default, borrow)]
    pub offer: Option<Leaf<'a, Text>>,
    /// The customer (tenant) the record is about.
    #[serde(default, borrow)]
    pub customer: Option<Leaf<'a, Text>>,
    /// Where that customer does business, when it differs from the organization's market.
    #[serde(default)]
    pub customer_market: Option<Market>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename = "Person", deny_unknown_fields)]
pub struct PersonDoc<'a> {
    /// Unique within the organization; the same person in two organizations
    /// counts only for the one they associated with last.
    #[serde(borrow)]
    pub id: Leaf<'a, Text>,
    #[serde(default, borrow)]
    pub name: Option<Leaf<'a, Text>>,
    /// When they associated with the organization, with the offset from UTC.
    #[serde(borrow)]
    pub associated: Leaf<'a, Moment>,
    /// The day they left, if they did.
    #[serde(default, borrow)]
    pub left: Option<Leaf<'a, Date>>,
    #[serde(default, borrow)]
    pub achievements: Vec<AchievementDoc<'a>>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename = "Achievement", deny_unknown_fields)]
pub struct AchievementDoc<'a> {
    pub kind: AchievementKind,
    #[serde(borrow)]
    pub code: Leaf<'a, Text>,
    #[serde(borrow)]
    pub passed: Leaf<'a, Date>,
    /// The first day it no longer counts.
    #[serde(default, borrow)]
    pub expires: Option<Leaf<'a, Date>>,
}

/// A value as written, not yet read: `"2026-06-30"`, `12000.50`, with its
/// quotes. What it must be is `T`, for the reader's words and the schema.
pub struct Leaf<'a, T> {
    pub raw: &'a str,
    kind: PhantomData<T>,
}

impl<T> Clone for Leaf<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Leaf<'_, T> {}

/// What a leaf holds: the name the reader recognises it by, and its schema.
pub trait LeafKind {
    /// Passed as a newtype name to the deserializer, which then hands over
    /// the value's text as written.
    const NAME: &'static str;
    fn schema() -> Schema;
}

/// Text in double quotes.
pub struct Text;
/// A calendar date, `"YYYY-MM-DD"`.
pub struct Date;
/// A date and time with its offset from UTC (RFC 3339).
pub struct Moment;
/// An exact decimal number, not negative.
pub struct Amount;

/// Newtype names the fact reader treats as "give me the text as written".
pub const LEAF_PREFIX: &str = "$rules::";

impl LeafKind for Text {
    const NAME: &'static str = "$rules::Text";
    fn schema() -> Schema {
        json_schema!({"type": "string", "minLength": 1})
    }
}

impl LeafKind for Date {
    const NAME: &'static str = "$rules::Date";
    fn schema() -> Schema {
        json_schema!({"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})
    }
}

impl LeafKind for Moment {
    const NAME: &'static str = "$rules::Moment";
    fn schema() -> Schema {
        json_schema!({"type": "string", "format": "date-time"})
    }
}

impl LeafKind for Amount {
    const NAME: &'static str = "$rules::Amount";
    fn schema() -> Schema {
        json_schema!({"type": "number", "minimum": 0})
    }
}

impl<'de: 'a, 'a, T: LeafKind> Deserialize<'de> for Leaf<'a, T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Raw;
        impl<'de> Visitor<'de> for Raw {
            type Value = &'de str;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a value as written")
            }
            fn visit_borrowed_str<E>(self, raw: &'de str) -> Result<&'de str, E> {
                Ok(raw)
            }
        }
        let raw = deserializer.deserialize_newtype_struct(T::NAME, Raw)?;
        Ok(Leaf {
            raw,
            kind: PhantomData,
        })
    }
}

impl<T: LeafKind> JsonSchema for Leaf<'_, T> {
    fn schema_name() -> Cow<'static, str> {
        T::NAME.trim_start_matches(LEAF_PREFIX).into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        T::schema()
    }
}

/// A JSON fact file: one organization, or an array of them. (A `.jsonl`
/// file holds one organization per line.) For the schema only: files are
/// read an organization at a time.
#[derive(JsonSchema)]
#[schemars(untagged)]
#[allow(dead_code)]
pub enum FactFile<'a> {
    One(OrganizationDoc<'a>),
    Many(Vec<OrganizationDoc<'a>>),
}
