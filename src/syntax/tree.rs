//! The syntax tree of one rule file: what was written, in the order it was
//! written, every part with its place. Values are already typed (amounts are
//! exact decimals, dates are dates); whether they make sense together is for
//! `check` to decide.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::duration::Duration;
use crate::source::{Loc, Node};
use crate::vocabulary::{AchievementClass, Entity, EntityChange, GrowthKind, Level, Metric, Since};

/// One parsed `.rules` file.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleFile {
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Settings(Node<SettingsBlock>),
    Competency(Node<CompetencyDef>),
    Override(Node<OverrideDef>),
    WorkloadSet(Node<WorkloadSetDef>),
    Retired(Node<RetiredDef>),
}

impl Item {
    pub fn loc(&self) -> &Loc {
        match self {
            Item::Settings(n) => &n.loc,
            Item::Competency(n) => &n.loc,
            Item::Override(n) => &n.loc,
            Item::WorkloadSet(n) => &n.loc,
            Item::Retired(n) => &n.loc,
        }
    }
}

/// `workloads office_365 = ["exchange online", proplus]`
#[derive(Clone, Debug, PartialEq)]
pub struct WorkloadSetDef {
    pub name: Node<String>,
    pub workloads: Node<Vec<Node<String>>>,
}

/// `retired "70-534" on 2017-12-31 accepted through 2018-12-31`
#[derive(Clone, Debug, PartialEq)]
pub struct RetiredDef {
    pub code: Node<String>,
    pub on: Node<NaiveDate>,
    pub accepted_through: Option<Node<NaiveDate>>,
}

/// `settings { association wait 24 hours ... }`
#[derive(Clone, Debug, PartialEq)]
pub struct SettingsBlock {
    pub entries: Vec<Node<Setting>>,
}

/// `association wait 24 hours`: a name of one or more words and a value.
#[derive(Clone, Debug, PartialEq)]
pub struct Setting {
    pub name: Node<String>,
    pub value: Node<SettingValue>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SettingValue {
    Duration(Duration),
    /// `until year end`
    UntilYearEnd,
    /// `[dpor, tpor]`: names, as `associations` lists them.
    Names(Vec<Node<String>>),
    /// A setting that is only its name: `gold includes silver benefits`.
    Flag,
}

/// `competency cloud_platform "Cloud Platform" { silver {...} gold {...} }`
#[derive(Clone, Debug, PartialEq)]
pub struct CompetencyDef {
    pub id: Node<String>,
    pub title: Node<String>,
    pub levels: Vec<Node<LevelDef>>,
    /// `designation ...` instead of `competency ...`: one tier, met by its score.
    pub designation: bool,
    /// `score ... { }` blocks (one is valid; `check` reports a second).
    pub scores: Vec<Node<crate::syntax::tree::ScoreDef>>,
}

pub use super::score_tree::*;

/// `silver { path ... benefits [...] }`
#[derive(Clone, Debug, PartialEq)]
pub struct LevelDef {
    pub level: Node<Level>,
    pub items: Vec<LevelItem>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum LevelItem {
    Path(Node<PathDef>),
    Benefits(Node<Vec<Node<String>>>),
}

/// `path consumption "Azure consumption" { ... }`
#[derive(Clone, Debug, PartialEq)]
pub struct PathDef {
    pub id: Node<String>,
    pub title: Option<Node<String>>,
    pub items: Vec<PathItem>,
}

// Nearly every item of a path is a requirement: boxing them to shrink the
// rare `unique people` would cost an allocation each and save nothing.
#[expect(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum PathItem {
    /// `unique people`: no person counts toward two skill requirements.
    UniquePeople(Node<()>),
    Requirement(Node<Requirement>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Requirement {
    Performance(Performance),
    Skill(Skill),
    Attested(Attested),
    Requires(Requires),
    /// `net 10 tenants with seats d365 >= 1 over 12 months`
    Entities(EntityCount),
    /// `growth usage d365 >= 25% over 12 months with baseline >= 250`
    Growth(Growth),
}

/// `revenue azure via [dpor] >= $15,000 (developing $10,000) over 12 months`
#[derive(Clone, Debug, PartialEq)]
pub struct Performance {
    pub metric: Node<Metric>,
    pub workload: Node<WorkloadRef>,
    pub via: Option<Node<Vec<Node<String>>>>,
    pub offer: Option<Node<OfferFilter>>,
    pub threshold: Node<Amount>,
    pub developing: Option<Node<Amount>>,
    /// `(developing ... by customer)`: the counted records' customers decide.
    pub developing_by_customer: bool,
    /// `in a month`: the best calendar month of the window, not its sum.
    pub in_month: Option<Node<()>>,
    pub window_months: Option<Node<u32>>,
    /// `>` rather than `>=`: only the condition of a tenant or workload
    /// count may write it.
    pub strict: bool,
}

/// `[net|new] N tenants|workloads [(developing N [by customer])] with CONDITION [since ...]`
#[derive(Clone, Debug, PartialEq)]
pub struct EntityCount {
    pub change: Option<Node<EntityChange>>,
    pub count: Node<u32>,
    pub entity: Node<Entity>,
    /// `(developing 5 [by customer])` after the noun: the count in developing markets.
    pub developing: Option<Node<Amount>>,
    pub developing_by_customer: bool,
    /// What each tenant (workload) must show, measured on its own records.
    pub condition: Node<Performance>,
    pub since: Option<Node<Since>>,
}

/// `growth|change MEASURE >= AMOUNT [(developing ...)] [over N months] [since ...] [with baseline >= AMOUNT [(developing ...)]]`
#[derive(Clone, Debug, PartialEq)]
pub struct Growth {
    pub kind: Node<GrowthKind>,
    pub of: Node<GrowthOf>,
    pub threshold: Node<Amount>,
    pub developing: Option<Node<Amount>>,
    pub developing_by_customer: bool,
    pub window_months: Option<Node<u32>>,
    pub since: Option<Node<Since>>,
    pub baseline: Option<Node<Baseline>>,
}

/// What a growth or change compares between two dates.
#[derive(Clone, Debug, PartialEq)]
pub enum GrowthOf {
    /// `usage d365 via [csp] where offer not in [trial]`
    Measure(Measure),
    /// `people certified in [...]`: the people who count at each date.
    People(Node<Qualification>),
}

/// A metric of workloads, with its filters: what a growth or change measures.
#[derive(Clone, Debug, PartialEq)]
pub struct Measure {
    pub metric: Node<Metric>,
    pub workload: Node<WorkloadRef>,
    pub via: Option<Node<Vec<Node<String>>>>,
    pub offer: Option<Node<OfferFilter>>,
}

/// `with baseline >= 250 (developing 150 by customer)`
#[derive(Clone, Debug, PartialEq)]
pub struct Baseline {
    pub floor: Node<Amount>,
    pub developing: Option<Node<Amount>>,
    pub developing_by_customer: bool,
}

/// What a performance requirement measures.
#[derive(Clone, Debug, PartialEq)]
pub enum WorkloadRef {
    /// `azure`, `"office 365"`, or the name of a workload set.
    Name(String),
    /// `[dynamics_365, "ax on-premises" * 0.5]`: workloads listed in place.
    List(Vec<Node<Weighted>>),
}

/// A workload of an inline list, perhaps weighted: `business_central * 1000`.
#[derive(Clone, Debug, PartialEq)]
pub struct Weighted {
    pub workload: Node<String>,
    pub weight: Option<Node<Decimal>>,
}

/// `where offer not in [trial, free]`
#[derive(Clone, Debug, PartialEq)]
pub struct OfferFilter {
    /// `not in`: the records with these values are left out.
    pub not: bool,
    pub values: Vec<Node<String>>,
}

/// `3 attested in ["customer reference"]`
#[derive(Clone, Debug, PartialEq)]
pub struct Attested {
    /// Written or not (then 1).
    pub count: Option<Node<u32>>,
    pub codes: Node<Vec<Node<String>>>,
}

/// `requires cloud_platform gold`
#[derive(Clone, Debug, PartialEq)]
pub struct Requires {
    pub competency: Node<String>,
    pub level: Node<Level>,
}

/// A threshold as written: money (`$15,000`, `15000 USD`) or a plain number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Amount {
    pub value: Decimal,
    pub is_money: bool,
    /// `25%`: a growth's threshold.
    pub is_percent: bool,
}

/// `2 people certified in [...] of which 1 certified in [...]`
#[derive(Clone, Debug, PartialEq)]
pub struct Skill {
    pub count: Node<u32>,
    pub qualification: Node<Qualification>,
    pub of_which: Option<Node<OfWhich>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OfWhich {
    pub count: Node<u32>,
    pub qualification: Node<Qualification>,
}

/// What a person must hold. `and` binds tighter than `or`; a nested `And`
/// inside an `And` (or `Or` inside `Or`) can only come from parentheses.
#[derive(Clone, Debug, PartialEq)]
pub enum Qualification {
    Term(Term),
    And(Vec<Node<Qualification>>),
    Or(Vec<Node<Qualification>>),
}

/// `certified in ["70-532", "70-533"]` or `assessed in all [...]`
#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    pub class: AchievementClass,
    /// `in all [...]`: every code is needed, not just one.
    pub all: bool,
    pub codes: Node<Vec<Node<String>>>,
}

/// `override "contoso" cloud_platform gold until 2027-06-30 because "..."`
#[derive(Clone, Debug, PartialEq)]
pub struct OverrideDef {
    pub org: Node<String>,
    pub competency: Node<String>,
    pub level: Node<Level>,
    pub until: Node<NaiveDate>,
    pub reason: Node<String>,
}
