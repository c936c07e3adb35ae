//! What an evaluation found for one organization: the single structured
//! result that the text and JSON explanations are both drawn from.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use crate::vocabulary::{AchievementClass, AchievementKind, Level, Market, Metric};

#[derive(Clone, Debug, PartialEq)]
pub struct OrgOutcome {
    pub org: String,
    pub name: Option<String>,
    pub market: Market,
    pub as_of: NaiveDate,
    /// In rule-set order; a competency appears with the levels it defines.
    pub competencies: Vec<CompetencyOutcome>,
    /// Everyone in the fact file, and how they stand at the evaluation date.
    pub people: Vec<PersonOutcome>,
    pub membership: MembershipOutcome,
    /// For every level met today: when, before the horizon, it would stop being met.
    pub outlook: Vec<Lapse>,
    /// The date the outlook looks ahead to.
    pub outlook_until: NaiveDate,
    /// Names in the organization's facts that look like names the rules use
    /// (see `facts::near_miss`).
    pub warnings: Vec<crate::facts::near_miss::FactWarning>,
}

impl OrgOutcome {
    pub fn level(&self, competency: &str, level: Level) -> Option<&LevelOutcome> {
        self.competencies
            .iter()
            .find(|c| c.id == competency)?
            .levels
            .iter()
            .find(|l| l.level == level)
    }

    pub fn person(&self, id: &str) -> Option<&PersonOutcome> {
        self.people.iter().find(|p| p.id == id)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct CompetencyOutcome {
    pub id: String,
    pub title: String,
    /// Silver before Gold.
    pub levels: Vec<LevelOutcome>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LevelOutcome {
    pub level: Level,
    pub met: bool,
    pub met_by: Option<MetBy>,
    pub paths: Vec<PathOutcome>,
    /// An override written for this organization and level, active or not.
    pub override_note: Option<OverrideNote>,
    /// What the level grants when met.
    pub benefits: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MetBy {
    /// The first path met, in the order written.
    Path(String),
    Override,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OverrideNote {
    pub until: NaiveDate,
    pub reason: String,
    /// Whether the evaluation date is before `until`.
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PathOutcome {
    pub id: String,
    pub title: Option<String>,
    pub met: bool,
    pub requirements: Vec<RequirementOutcome>,
    /// For `unique people` paths: distinct people needed and found.
    pub unique_people: Option<Distinct>,
}

/// The distinct-people check of a `unique people` path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Distinct {
    pub needed: u32,
    pub assigned: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RequirementOutcome {
    /// The requirement as written (canonical form).
    pub text: Arc<str>,
    pub met: bool,
    pub actual: Decimal,
    pub required: Decimal,
    pub unit: Unit,
    pub detail: Detail,
}

impl RequirementOutcome {
    /// How much is missing; zero when met.
    pub fn shortfall(&self) -> Decimal {
        (self.required - self.actual).max(Decimal::ZERO)
    }
}

/// What a requirement counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Dollars,
    Customers,
    Seats,
    ActiveUsers,
    People,
    Devices,
    /// Attestations the organization holds (`attested in`).
    Attestations,
    /// A level of another competency (`requires`): 1 when met.
    Levels,
}

impl Unit {
    pub fn of_metric(metric: Metric) -> Unit {
        match metric {
            Metric::Revenue => Unit::Dollars,
            Metric::Customers => Unit::Customers,
            Metric::Seats => Unit::Seats,
            Metric::Usage => Unit::ActiveUsers,
            Metric::Devices => Unit::Devices,
        }
    }

    pub fn keyword(self) -> &'static str {
        match self {
            Unit::Dollars => "USD",
            Unit::Customers => "customers",
            Unit::Seats => "seats",
            Unit::ActiveUsers => "active users",
            Unit::People => "people",
            Unit::Devices => "devices",
            Unit::Attestations => "attestations",
            Unit::Levels => "levels",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Detail {
    Performance(PerformanceDetail),
    Skill(SkillDetail),
    Attested(AttestedDetail),
    Requires(RequiresDetail),
}

/// `attested in [...]`: which attestations counted, and which did not and why.
#[derive(Clone, Debug, PartialEq)]
pub struct AttestedDetail {
    /// (code, granted) of those that count.
    pub counted: Vec<(String, NaiveDate)>,
    /// (code, expired on) of those of the codes asked that expired.
    pub expired: Vec<(String, NaiveDate)>,
    /// (code, granted on) of those granted after the evaluation date.
    pub not_yet: Vec<(String, NaiveDate)>,
}

/// `requires cloud_platform gold`: how that level stands.
#[derive(Clone, Debug, PartialEq)]
pub struct RequiresDetail {
    pub competency: String,
    pub level: Level,
    pub met_by: Option<MetBy>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PerformanceDetail {
    pub metric: Metric,
    /// The workload set the requirement names, if it names one.
    pub set: Option<String>,
    /// What each workload added, when the requirement sums several or
    /// weighs one (empty for a single workload, unweighted).
    pub workloads: Vec<WorkloadShare>,
    /// Dates after `after` through `through` count; `None` when no window applies.
    pub window: Option<Window>,
    /// The records that were counted.
    pub records: Vec<RecordRef>,
    /// Records of the metric and workload, in the window, that `via` left out.
    pub excluded: Vec<RecordRef>,
    /// Those `where offer` left out (of those `via` kept).
    pub excluded_by_offer: Vec<RecordRef>,
    /// The developing-market threshold was the one applied.
    pub developing: bool,
    /// `(developing ... by customer)` in a developing market: the counted
    /// records of developed-market customers, which withheld that threshold.
    pub developing_withheld_by: Vec<RecordRef>,
    /// For seats and usage: the latest record was dated this, outside the window.
    pub stale: Option<NaiveDate>,
}

/// One workload of a requirement over several: its weight, and what its
/// counted records added (times the weight).
#[derive(Clone, Debug, PartialEq)]
pub struct WorkloadShare {
    pub workload: String,
    pub weight: Decimal,
    pub records: usize,
    pub value: Decimal,
    /// Seats and usage: this workload's latest record, when it is outside the
    /// window (so none of its records counted).
    pub latest_outside_window: Option<NaiveDate>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub months: u32,
    /// Exclusive.
    pub after: NaiveDate,
    /// Inclusive: the evaluation date.
    pub through: NaiveDate,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RecordRef {
    pub date: NaiveDate,
    pub value: Decimal,
    pub association: Option<String>,
    pub workload: String,
    /// The weight its workload has in the requirement (1 unless written).
    pub weight: Decimal,
    pub offer: Option<String>,
    /// The customer the record is about, and where it does business.
    pub customer: Option<String>,
    pub customer_market: Option<Market>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SkillDetail {
    /// Ids of the people counted, in fact-file order.
    pub counted: Vec<String>,
    pub of_which: Option<OfWhichOutcome>,
    /// People who hold something relevant but did not count, and why.
    pub not_counted: Vec<NotCounted>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OfWhichOutcome {
    pub text: Arc<str>,
    pub required: u32,
    pub actual: u32,
    pub people: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NotCounted {
    pub person: String,
    pub reasons: Vec<Reason>,
}

/// Why a person did not count (for a requirement, or at all).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Left the organization on this day (on or before the evaluation date).
    Left {
        on: NaiveDate,
    },
    /// Associated too recently: counts from this moment.
    Pending {
        until: DateTime<Utc>,
    },
    /// Re-associated with another organization.
    Severed {
        by: String,
        on: DateTime<Utc>,
    },
    Expired {
        code: String,
        on: NaiveDate,
    },
    /// Passed after the evaluation date.
    NotYetPassed {
        code: String,
        on: NaiveDate,
    },
    /// A retired code that no longer counts: passed after it retired, or
    /// the time it was accepted is over.
    Retired {
        code: String,
        passed: NaiveDate,
        retired_on: NaiveDate,
        accepted_through: NaiveDate,
    },
    /// Holds part of what is asked, not all of it: each entry is one thing
    /// still missing, met by any one of its codes.
    Lacks {
        missing: Vec<Vec<String>>,
    },
    /// Holds codes asked for, but of another kind (an Assessment where an
    /// exam or certification is asked, or the reverse).
    WrongKind {
        codes: Vec<String>,
        held_as: AchievementKind,
        asked: AchievementClass,
    },
    /// In a `unique people` path, counted toward this other requirement.
    CountedElsewhere {
        requirement: Arc<str>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct PersonOutcome {
    pub id: String,
    pub name: Option<String>,
    /// Why the person counts for nothing at the evaluation date; empty when they can count.
    pub standing: Vec<Reason>,
    /// Achievements that expired on or before the evaluation date.
    pub expired: Vec<(String, NaiveDate)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    None,
    Active,
    Grace,
    Expired,
}

impl Status {
    pub fn keyword(self) -> &'static str {
        match self {
            Status::None => "none",
            Status::Active => "active",
            Status::Grace => "grace",
            Status::Expired => "expired",
        }
    }

    /// Active or in grace: the membership still shows.
    pub fn is_showing(self) -> bool {
        matches!(self, Status::Active | Status::Grace)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct MembershipOutcome {
    pub eligible: Option<Level>,
    pub held: Option<Level>,
    pub status: Status,
    pub purchased: Option<NaiveDate>,
    /// Last day of the subscription.
    pub valid_until: Option<NaiveDate>,
    /// Last day of the renewal grace.
    pub grace_until: Option<NaiveDate>,
    pub attained_with: Vec<String>,
    /// No competency meets the held level while the membership shows.
    pub at_risk: bool,
    pub causes: Vec<Cause>,
    /// (competency id, level) pairs the marketing profile shows.
    pub profile: Vec<(String, Level)>,
}

/// Why renewal is at risk.
#[derive(Clone, Debug, PartialEq)]
pub enum Cause {
    Left {
        person: String,
        on: NaiveDate,
    },
    Expired {
        person: String,
        code: String,
        on: NaiveDate,
    },
    ShortOf {
        competency: String,
        level: Level,
        path: String,
        requirement: Arc<str>,
        actual: Decimal,
        required: Decimal,
        unit: Unit,
    },
}

/// When a level met today stops being met.
#[derive(Clone, Debug, PartialEq)]
pub struct Lapse {
    pub competency: String,
    pub level: Level,
    /// The first date it is no longer met; `None` when it holds through the horizon.
    pub on: Option<NaiveDate>,
    pub why: Vec<LapseCause>,
}

/// Why a level met today is no longer met on its lapse date.
#[derive(Clone, Debug, PartialEq)]
pub enum LapseCause {
    /// The path that met the level today stopped meeting it first; from
    /// `from`, only `by` still met it, until that lapsed too.
    TakenOver { from: NaiveDate, by: MetBy },
    /// The level was met by an override, which ends.
    OverrideEnds { until: NaiveDate, reason: String },
    /// A requirement of the path that met the level is no longer met.
    RequirementDrops(RequirementDrop),
    /// A `unique people` path no longer finds enough distinct people.
    TooFewDistinctPeople {
        path: String,
        assigned: u32,
        needed: u32,
    },
}

/// A requirement met on the day before the lapse and not on the lapse date.
#[derive(Clone, Debug, PartialEq)]
pub struct RequirementDrop {
    pub requirement: Arc<str>,
    /// What it finds on the lapse date.
    pub actual: Decimal,
    pub required: Decimal,
    pub unit: Unit,
    pub lost: Lost,
}

/// What a requirement no longer counts on the lapse date.
#[derive(Clone, Debug, PartialEq)]
pub enum Lost {
    /// People counted before who no longer count, each with why (no
    /// reasons: the evaluation knows none beyond that they stopped counting).
    People(Vec<NotCounted>),
    /// Records counted before that no longer count: they leave the window
    /// (of that many months, when there is one).
    Records {
        records: Vec<RecordRef>,
        window_months: Option<u32>,
    },
    /// Seats and usage: the latest record, of this date, falls outside the window.
    LatestRecordOutsideWindow(NaiveDate),
    /// `attested in`: attestations counted before that expire, each with its day.
    Attestations(Vec<(String, NaiveDate)>),
    /// `requires`: the level required is no longer met.
    RequiredLevel { competency: String, level: Level },
}
