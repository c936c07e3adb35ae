//! What an evaluation found for one organization: the single structured
//! result that the text and JSON explanations are both drawn from.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use crate::quote::Quote;
use crate::vocabulary::{Level, Market, Metric};

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

    /// "Alice Wong (alice@contoso.com)", or the id alone.
    pub fn person_label(&self, id: &str) -> String {
        match self.person(id).and_then(|p| p.name.as_deref()) {
            Some(name) => format!("{name} ({id})"),
            None => id.to_string(),
        }
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
    pub text: Quote,
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
}

impl Unit {
    pub fn of_metric(metric: Metric) -> Unit {
        match metric {
            Metric::Revenue => Unit::Dollars,
            Metric::Customers => Unit::Customers,
            Metric::Seats => Unit::Seats,
            Metric::Usage => Unit::ActiveUsers,
        }
    }

    pub fn keyword(self) -> &'static str {
        match self {
            Unit::Dollars => "USD",
            Unit::Customers => "customers",
            Unit::Seats => "seats",
            Unit::ActiveUsers => "active users",
            Unit::People => "people",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Detail {
    Performance(PerformanceDetail),
    Skill(SkillDetail),
}

#[derive(Clone, Debug, PartialEq)]
pub struct PerformanceDetail {
    pub metric: Metric,
    /// Dates after `after` through `through` count; `None` when no window applies.
    pub window: Option<Window>,
    /// The records that were counted.
    pub records: Vec<RecordRef>,
    /// Records of the metric and workload, in the window, that `via` left out.
    pub excluded: Vec<RecordRef>,
    /// The developing-market threshold was the one applied.
    pub developing: bool,
    /// For seats and usage: the latest record was dated this, outside the window.
    pub stale: Option<NaiveDate>,
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
    pub text: Quote,
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
    Left(NaiveDate),
    /// Associated too recently: counts from this moment.
    Pending(DateTime<Utc>),
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
    /// Holds part of what is asked, not all of it.
    Lacks(Vec<String>),
    /// Holds a code asked for, but of another kind (an Assessment where an
    /// exam or certification is asked, or the reverse).
    WrongKind {
        codes: Vec<String>,
        held_as: &'static str,
        asked: &'static str,
    },
    /// In a `unique people` path, counted toward another requirement.
    CountedElsewhere(Quote),
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
    pub at_risk: bool,
    pub alert: Option<String>,
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
        requirement: String,
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
    pub why: Vec<Change>,
}

/// One thing that changes by the lapse date: what, and the details.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// "`2 people certified in [...]` drops to 1 of 2".
    pub summary: String,
    /// "Alice Wong (alice@contoso.com): AZ-104 expires on 2027-03-01".
    pub details: Vec<String>,
}

impl Change {
    pub fn new(summary: String) -> Change {
        Change {
            summary,
            details: Vec::new(),
        }
    }
}

/// A moment as explanations show it: `2026-11-24 09:00 UTC`.
pub fn moment(at: &DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::Left(on) => write!(f, "left on {on}"),
            Reason::Pending(from) => write!(f, "association pending until {}", moment(from)),
            Reason::Severed { by, on } => {
                write!(f, "severed: re-associated with {by} on {}", on.date_naive())
            }
            Reason::Expired { code, on } => write!(f, "{code} expired on {on}"),
            Reason::NotYetPassed { code, on } => {
                write!(f, "{code} passes on {on}, after the evaluation date")
            }
            Reason::Lacks(codes) => write!(f, "lacks {}", and_list(codes)),
            Reason::WrongKind {
                codes,
                held_as,
                asked,
            } => write!(
                f,
                "holds {} as {held_as}, but {asked} is asked",
                codes.join(", ")
            ),
            Reason::CountedElsewhere(requirement) => {
                write!(f, "counted for `{requirement}` (unique people)")
            }
        }
    }
}

/// `a`, `a and b`, `a, b and c`.
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
