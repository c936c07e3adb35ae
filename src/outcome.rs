//! What an evaluation found for one organization: the single structured
//! result that the text and JSON explanations are both drawn from.

use std::ops::Range;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use crate::vocabulary::{AchievementClass, AchievementKind, Level, Market, Metric};

/// How much of an outcome is worked out and shown (`--detail`): the
/// verdict (each level met or missed and by what, the membership, the
/// warnings); with what each missed level would take; or everything (every
/// path and requirement, who counted, the renewal outlook, the people).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DetailLevel {
    Verdict,
    Gaps,
    #[default]
    Full,
}

impl DetailLevel {
    pub const ALL: [DetailLevel; 3] = [DetailLevel::Verdict, DetailLevel::Gaps, DetailLevel::Full];

    /// As written on the command line and in JSON.
    pub fn keyword(self) -> &'static str {
        match self {
            DetailLevel::Verdict => "verdict",
            DetailLevel::Gaps => "gaps",
            DetailLevel::Full => "full",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct OrgOutcome {
    /// How much of it was worked out: below `Full`, the paths' requirements
    /// list no people or records, and the outlook and people are empty;
    /// below `Gaps`, no level has a gap and the membership no restore.
    pub detail: DetailLevel,
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
    /// For a missed level: what its nearest path still lacks. `None` when met.
    pub gap: Option<Gap>,
}

/// What the nearest path of a missed level still lacks (the contract's §4,
/// "What it would take"): the path with the fewest unmet requirements, then
/// the smallest sum of shortfall ÷ required over them, then the first written.
#[derive(Clone, Debug, PartialEq)]
pub struct Gap {
    /// The nearest path's id.
    pub path: String,
    /// Its unmet requirements in the order written, then, for a `unique
    /// people` path, the distinct people still needed beyond them. Never empty.
    pub needs: Vec<Need>,
}

/// One shortfall of a path: what it takes for one requirement (or the
/// path's `unique people`) to be met.
#[derive(Clone, Debug, PartialEq)]
pub struct Need {
    pub what: Needed,
    /// How much more is needed: an amount, or a number of people. Above 0.
    pub short_by: Decimal,
    /// What the requirement asks for in all (for `unique people`, the path's
    /// total demand).
    pub required: Decimal,
    pub unit: Unit,
    /// The people nearest to counting for it, in fact-file order: who holds
    /// part of what is asked, whose association is pending, whose
    /// achievement passes after the evaluation date. Only for skill needs of
    /// a level's nearest path.
    pub closest: Vec<Closest>,
}

impl Need {
    /// The requirement as written, or `None` for the `unique people` shortfall.
    pub fn requirement(&self) -> Option<&Arc<str>> {
        match &self.what {
            Needed::Performance { requirement, .. }
            | Needed::Skill { requirement, .. }
            | Needed::Attested { requirement, .. }
            | Needed::RequiredLevel { requirement, .. } => Some(requirement),
            Needed::UniquePeople => None,
        }
    }
}

/// What a need is for.
#[derive(Clone, Debug, PartialEq)]
pub enum Needed {
    /// More of a metric of the workload written at `workload` in
    /// `requirement` (a name or a quoted string), from records with one of
    /// the associations listed at `via` (inside its brackets) when there is
    /// a `via`.
    Performance {
        requirement: Arc<str>,
        metric: Metric,
        workload: Range<usize>,
        via: Option<Range<usize>>,
    },
    /// More people who satisfy the qualification written at `qualification`
    /// in `requirement` (after the count, before `of which`); `of_which`,
    /// when the `of which` part is short: how many of them must also satisfy
    /// its qualification, and where that is written in `requirement`.
    Skill {
        requirement: Arc<str>,
        qualification: Range<usize>,
        of_which: Option<(u32, Range<usize>)>,
    },
    /// More attestations of the codes written at `codes` in `requirement`
    /// (inside its brackets).
    Attested {
        requirement: Arc<str>,
        codes: Range<usize>,
    },
    /// The level of another competency `requires` names, met.
    RequiredLevel {
        requirement: Arc<str>,
        competency: String,
        level: Level,
    },
    /// A `unique people` path: distinct people still needed once every
    /// requirement's own shortfall is filled.
    UniquePeople,
}

/// A person near to counting for a skill need, and what stands in the way:
/// only reasons of kinds `lacks`, `pending` and `not_yet_passed`.
#[derive(Clone, Debug, PartialEq)]
pub struct Closest {
    pub person: String,
    /// Counted for the requirement already, and short of its `of which`
    /// qualification only.
    pub counted: bool,
    pub reasons: Vec<Reason>,
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

    /// The requirement's own shortfall (§4), whatever an assignment of a
    /// `unique people` path does: for performance `required − actual`; for
    /// `N Q of which K Q2`, `max(N − c, K − c2, 0)` where `c` people can
    /// count and satisfy Q, and `c2` of them Q2 too.
    pub fn short_by(&self) -> Decimal {
        match &self.detail {
            Detail::Performance(_) | Detail::Attested(_) | Detail::Requires(_) => self.shortfall(),
            Detail::Skill(s) => {
                let of_which = s.of_which.as_ref().map_or(Decimal::ZERO, |o| {
                    Decimal::from(o.required) - Decimal::from(s.qualifying_of_which)
                });
                (self.required - Decimal::from(s.qualifying))
                    .max(of_which)
                    .max(Decimal::ZERO)
            }
        }
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
    /// How many people can count and satisfy the qualification, whatever a
    /// `unique people` assignment does (elsewhere, as many as are counted).
    pub qualifying: u32,
    /// Of those, how many also satisfy the `of which` qualification.
    pub qualifying_of_which: u32,
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
    /// When the `of which` part falls short: people counted who do not
    /// satisfy its qualification, and why (what they lack, what passes
    /// later). Empty otherwise.
    pub lacking: Vec<NotCounted>,
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
    /// While at risk: the nearest path, over every competency at the held
    /// level, that would restore it (ties to the competency id, in
    /// alphabetical order).
    pub restore: Option<Restore>,
    /// (competency id, level) pairs the marketing profile shows.
    pub profile: Vec<(String, Level)>,
}

/// The path that would restore a membership at risk, and what it lacks.
#[derive(Clone, Debug, PartialEq)]
pub struct Restore {
    pub competency: String,
    pub level: Level,
    /// The competency level's gap: its nearest path and what it lacks.
    pub gap: Gap,
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
