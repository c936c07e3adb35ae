//! The checked rule set: what the rule files mean, ready to evaluate.
//!
//! Built by `check` from the syntax trees of every rule file. Everything here
//! has been validated: ids are unique, counts and thresholds positive, codes
//! listed, settings known. Places are kept so lints and explanations can
//! point back at the text.

use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::duration::{Duration, TimeUnit};
use crate::evaluate::time;
use crate::source::{Loc, Node, SourceFile};
use crate::vocabulary::{
    AchievementClass, Entity, EntityChange, GrowthKind, Level, Market, Metric, Since,
};

pub mod score;
pub use score::*;

#[derive(Clone, Debug)]
pub struct RuleSet {
    pub settings: Settings,
    /// Named workload sets (`workloads NAME = [...]`).
    pub workload_sets: Vec<WorkloadSet>,
    /// Retired codes and until when they are accepted.
    pub retired: Vec<Retired>,
    /// In file order (files by path), then in the order written.
    pub competencies: Vec<Competency>,
    pub overrides: Vec<Override>,
    /// The rule files, in the order read (by path): every place points into one.
    pub sources: Vec<Arc<SourceFile>>,
    /// Warnings allowed where they are intended (`# allow(NAME): reason`).
    pub allows: Vec<crate::check::allow::Allow>,
}

impl RuleSet {
    pub fn competency(&self, id: &str) -> Option<&Competency> {
        self.competencies.iter().find(|c| c.id == id)
    }

    pub fn path_count(&self) -> usize {
        self.competencies
            .iter()
            .flat_map(|c| &c.levels)
            .map(|l| l.paths.len())
            .sum()
    }
}

/// `workloads office_365 = ["exchange online", proplus]`
#[derive(Clone, Debug, PartialEq)]
pub struct WorkloadSet {
    pub name: String,
    pub workloads: Vec<String>,
    pub loc: Loc,
}

/// `retired "70-534" on 2017-12-31 accepted through 2018-12-31`
#[derive(Clone, Debug, PartialEq)]
pub struct Retired {
    pub code: String,
    /// The last day it could be passed.
    pub on: NaiveDate,
    /// The last day it is accepted (`on` when not written).
    pub accepted_through: NaiveDate,
    pub loc: Loc,
}

impl Retired {
    /// Whether an achievement of this code passed on `passed` counts at `date`.
    pub fn accepts(&self, passed: NaiveDate, date: NaiveDate) -> bool {
        passed <= self.on && date <= self.accepted_through
    }
}

/// Program settings, with the contract's defaults for anything not written.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// How long after associating a person's achievements start to count.
    pub association_wait: Duration,
    pub subscription: Subscription,
    /// How long a lapsed membership keeps showing.
    pub renewal_grace: Duration,
    /// The associations the program knows (`associations [dpor, tpor]`);
    /// `None` when the rule set does not say, and then any name goes.
    pub associations: Option<Vec<String>>,
    /// `gold includes silver benefits`: Gold grants the Silver level's benefits too.
    pub gold_includes_silver_benefits: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            association_wait: Duration {
                count: 24,
                unit: TimeUnit::Hours,
            },
            subscription: Subscription::For(Duration {
                count: 12,
                unit: TimeUnit::Months,
            }),
            renewal_grace: Duration {
                count: 0,
                unit: TimeUnit::Days,
            },
            associations: None,
            gold_includes_silver_benefits: false,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subscription {
    /// `subscription 12 months`: valid for that long from purchase.
    For(Duration),
    /// `subscription until year end`: valid through 31 December of the purchase year.
    UntilYearEnd,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Competency {
    pub id: String,
    pub title: String,
    /// Silver before Gold; only the levels the competency defines.
    pub levels: Vec<LevelRules>,
    /// The whole `competency ... { }` block.
    pub loc: Loc,
    /// Just the id after `competency`.
    pub id_loc: Loc,
    /// `designation ...`: one tier, met when its score passes.
    pub designation: bool,
    /// Its points model, when it has one (a designation always does).
    pub score: Option<ScoreRules>,
}

impl Competency {
    pub fn level(&self, level: Level) -> Option<&LevelRules> {
        self.levels.iter().find(|l| l.level == level)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct LevelRules {
    pub level: Level,
    /// Alternatives: the level is met when any path is met, the first in this order deciding.
    pub paths: Vec<PathRules>,
    pub benefits: Vec<String>,
    /// The benefits as written, each with its place (for lints).
    pub benefits_written: Vec<Node<String>>,
    pub loc: Loc,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PathRules {
    pub id: String,
    pub title: Option<String>,
    /// No person counts toward more than one skill requirement of this path.
    pub unique_people: bool,
    /// All must be met.
    pub requirements: Vec<Requirement>,
    pub loc: Loc,
    /// Just the id after `path`.
    pub id_loc: Loc,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Requirement {
    /// The requirement in canonical form, as explanations quote it (shared
    /// by every outcome that quotes it, not copied).
    pub text: Arc<str>,
    pub rule: RequirementRule,
    pub loc: Loc,
    /// Where the parts of the rule were written, for lints that point inside it.
    pub places: RequirementPlaces,
}

/// The parts of a requirement as written, each with its place. The rule says
/// what they mean; this says where they are.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RequirementPlaces {
    /// The workload of a performance requirement.
    pub workload: Option<Loc>,
    /// The threshold after `>=`.
    pub threshold: Option<Loc>,
    /// The amount in `(developing ...)`.
    pub developing: Option<Loc>,
    /// The associations of `via [...]`, as written.
    pub via: Vec<Node<String>>,
    /// Every code list of a skill requirement (`of which` ones last), each
    /// with the class of achievement it names, in the order written.
    pub code_lists: Vec<(AchievementClass, Vec<Node<String>>)>,
    /// The codes of `attested in [...]`.
    pub attestation_codes: Vec<Node<String>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum RequirementRule {
    Performance(PerformanceRule),
    Skill(SkillRule),
    Attested(AttestedRule),
    Requires(RequiresRule),
    /// `[net|new] N tenants|workloads with CONDITION`
    Entities(EntityRule),
    /// `growth|change MEASURE >= AMOUNT ...`
    Growth(GrowthRule),
}

/// `net 10 tenants (developing 5 by customer) with seats d365 >= 1 over 12
/// months`: how many tenants (the `customer` of records) or workloads meet
/// the condition, each on its own records.
#[derive(Clone, Debug, PartialEq)]
pub struct EntityRule {
    pub entity: Entity,
    /// `None`: those meeting it at the date; `net`: less those meeting it at
    /// the start; `new`: those below it at the start that reached it since.
    pub change: Option<EntityChange>,
    pub count: u32,
    /// The count in developing markets.
    pub developing: Option<u32>,
    /// `(developing N by customer)`: only if no tenant counted is of a
    /// developed market.
    pub developing_by_customer: bool,
    /// What each tenant (workload) must show: `threshold` (and `developing`,
    /// `strict`, `in_month`, the window) apply to each one's own measure.
    pub condition: PerformanceRule,
    pub since: Option<Since>,
}

impl EntityRule {
    /// The count asked of an organization: `developing` when it applies.
    pub fn count_for(&self, developing: bool) -> u32 {
        match (developing, self.developing) {
            (true, Some(n)) => n,
            _ => self.count,
        }
    }

    /// Where `net` and `new` start, for the evaluation date `date`.
    pub fn start(&self, date: NaiveDate) -> NaiveDate {
        start(date, self.since, self.condition.window_months)
    }
}

/// `growth usage d365 via [csp] >= 25% over 12 months with baseline >= 250`:
/// a measure at the evaluation date against the same measure at the start.
#[derive(Clone, Debug, PartialEq)]
pub struct GrowthRule {
    pub kind: GrowthKind,
    pub measure: GrowthMeasure,
    /// A percentage for `growth`, an amount of the measure for `change`.
    pub threshold: Decimal,
    pub developing: Option<Decimal>,
    pub developing_by_customer: bool,
    /// `over N months` as written: where the start is, and (for records) the
    /// window each date's measure is taken over.
    pub window_months: Option<u32>,
    pub since: Option<Since>,
    pub baseline: Option<BaselineRule>,
}

impl GrowthRule {
    pub fn start(&self, date: NaiveDate) -> NaiveDate {
        start(date, self.since, self.window_months)
    }
}

/// What a growth or change measures at each date.
#[derive(Clone, Debug, PartialEq)]
pub enum GrowthMeasure {
    /// Records of a metric: the rule's metric, workloads, `via`, `where` and
    /// window (its threshold is the growth's, and is not looked at).
    Records(PerformanceRule),
    /// The people who count and satisfy the qualification.
    People {
        qualification: Qualification,
        codes: Vec<(AchievementClass, String)>,
    },
}

/// `with baseline >= 250 (developing 150 by customer)`: no growth counts
/// unless the measure at the start is at least this.
#[derive(Clone, Debug, PartialEq)]
pub struct BaselineRule {
    pub floor: Decimal,
    pub developing: Option<Decimal>,
    pub developing_by_customer: bool,
}

/// The start of a measure over time at `date`: the date `since` names, so
/// many months before `date`, or (without `since`) the window's start —
/// 12 months when no window is written.
pub fn start(date: NaiveDate, since: Option<Since>, window_months: Option<u32>) -> NaiveDate {
    match since {
        Some(Since::Date(d)) => d,
        Some(Since::MonthsAgo(months)) => time::months_before(date, months),
        None => time::months_before(
            date,
            window_months.unwrap_or(PerformanceRule::DEFAULT_FLOW_WINDOW),
        ),
    }
}

/// `3 attested in ["customer reference"]`: at least `count` attestations of
/// the organization with one of `codes`, granted and not expired at the date.
#[derive(Clone, Debug, PartialEq)]
pub struct AttestedRule {
    pub count: u32,
    pub codes: Vec<String>,
}

/// `requires cloud_platform gold`: that competency meets exactly that level.
#[derive(Clone, Debug, PartialEq)]
pub struct RequiresRule {
    pub competency: String,
    pub level: Level,
}

/// `revenue azure via [dpor] >= $15,000 (developing $10,000) over 12 months`
#[derive(Clone, Debug, PartialEq)]
pub struct PerformanceRule {
    pub metric: Metric,
    pub workloads: Workloads,
    /// Only records with one of these associations count; `None` counts all.
    pub via: Option<Vec<String>>,
    /// `where offer [not] in [...]`: which records count by their offer.
    pub offer: Option<OfferRule>,
    pub threshold: Decimal,
    /// The threshold for organizations in developing markets, when it differs.
    pub developing: Option<Decimal>,
    /// `(developing ... by customer)`: the developing threshold applies only
    /// when no counted record's customer is in a developed market.
    pub developing_by_customer: bool,
    /// `over N months`; flows default to 12, levels have no window by default.
    pub window_months: Option<u32>,
    /// `in a month`: a flow's best calendar month within the window.
    pub in_month: bool,
    /// `>`: strictly above the threshold (a tenant or workload condition only).
    pub strict: bool,
}

/// The workloads a performance requirement measures: one, a set's, or a
/// list written in place, each with its weight (1 unless written).
#[derive(Clone, Debug, PartialEq)]
pub struct Workloads {
    /// As the requirement names them: `azure`, `office_365` (a set), or
    /// `[a, b * 2]`.
    pub name: String,
    /// Whether `name` is a set's (so explanations can say which workloads it holds).
    pub is_set: bool,
    pub parts: Vec<WorkloadPart>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct WorkloadPart {
    pub workload: String,
    pub weight: Decimal,
}

impl Workloads {
    /// The weight of `workload`, if it is one of these.
    pub fn weight_of(&self, workload: &str) -> Option<Decimal> {
        self.parts
            .iter()
            .find(|p| p.workload == workload)
            .map(|p| p.weight)
    }

    /// One workload, unweighted: the plain requirement of the contract's first form.
    pub fn is_single(&self) -> bool {
        !self.is_set && self.parts.len() == 1 && self.parts[0].weight == Decimal::ONE
    }
}

/// `where offer in [paid]` / `where offer not in [trial, free]`.
#[derive(Clone, Debug, PartialEq)]
pub struct OfferRule {
    pub not: bool,
    pub values: Vec<String>,
}

impl OfferRule {
    /// Whether a record with this offer counts: `in` keeps the values named
    /// (a record without an offer is left out), `not in` leaves them out (a
    /// record without an offer is kept).
    pub fn keeps(&self, offer: Option<&str>) -> bool {
        match offer {
            Some(offer) => self.values.iter().any(|v| v == offer) != self.not,
            None => self.not,
        }
    }
}

impl PerformanceRule {
    /// Revenue and customers are summed over 12 months unless told otherwise.
    pub const DEFAULT_FLOW_WINDOW: u32 = 12;

    /// Whether `actual` meets `required` (`>=`, or `>` when strict).
    pub fn meets(&self, actual: Decimal, required: Decimal) -> bool {
        if self.strict {
            actual > required
        } else {
            actual >= required
        }
    }

    pub fn threshold_for(&self, market: Market) -> Decimal {
        match (market, self.developing) {
            (Market::Developing, Some(developing)) => developing,
            _ => self.threshold,
        }
    }

    /// The window that applies: the one written, else 12 months for flows.
    pub fn window(&self) -> Option<u32> {
        match self.window_months {
            Some(months) => Some(months),
            None if self.metric.is_flow() => Some(Self::DEFAULT_FLOW_WINDOW),
            None => None,
        }
    }
}

/// `2 people certified in [...] of which 1 assessed in [...]`
#[derive(Clone, Debug, PartialEq)]
pub struct SkillRule {
    pub count: u32,
    pub qualification: Qualification,
    /// Every code the qualification mentions, with its class: who holds
    /// none of them needs no explaining.
    pub codes: Vec<(AchievementClass, String)>,
    pub of_which: Option<OfWhichRule>,
}

/// Of the people counted, at least `count` must also satisfy `qualification`.
#[derive(Clone, Debug, PartialEq)]
pub struct OfWhichRule {
    /// `of which 1 certified in [...]`, as explanations quote it.
    pub text: Arc<str>,
    pub count: u32,
    pub qualification: Qualification,
}

/// What one person must hold.
#[derive(Clone, Debug, PartialEq)]
pub enum Qualification {
    /// `certified in [codes]` (any one) or `certified in all [codes]`.
    Holds {
        class: AchievementClass,
        all: bool,
        codes: Vec<String>,
    },
    /// The same person satisfies every part.
    And(Vec<Qualification>),
    /// The person satisfies at least one part.
    Or(Vec<Qualification>),
}

impl Qualification {
    /// Every code the qualification mentions, with its class, in order written.
    pub fn codes(&self) -> Vec<(AchievementClass, &str)> {
        let mut out = Vec::new();
        self.collect_codes(&mut out);
        out
    }

    fn collect_codes<'a>(&'a self, out: &mut Vec<(AchievementClass, &'a str)>) {
        match self {
            Qualification::Holds { class, codes, .. } => {
                out.extend(codes.iter().map(|c| (*class, c.as_str())))
            }
            Qualification::And(parts) | Qualification::Or(parts) => {
                for p in parts {
                    p.collect_codes(out);
                }
            }
        }
    }
}

/// `override "contoso" cloud_platform gold until 2027-06-30 because "..."`
#[derive(Clone, Debug, PartialEq)]
pub struct Override {
    pub org: String,
    pub competency: String,
    pub level: Level,
    /// Exclusive: the override applies while the evaluation date is before it.
    pub until: NaiveDate,
    pub reason: String,
    pub loc: Loc,
}
