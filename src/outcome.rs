//! What an evaluation found for one organization: the single structured
//! result that the text and JSON explanations are both drawn from.

use std::ops::Range;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use crate::vocabulary::{
    AchievementClass, AchievementKind, Entity, EntityChange, GrowthKind, Level, Market, Metric,
};

mod score;
pub use score::*;

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
    /// `people` by id, for [`OrgOutcome::person`]: explanations name
    /// everyone they list, and a scan per name is quadratic in a large organization.
    pub people_by_id: PeopleIndex,
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

    /// The person of that id (the first, if the facts list an id twice).
    pub fn person(&self, id: &str) -> Option<&PersonOutcome> {
        self.people_by_id.find(&self.people, id)
    }
}

/// Positions in a list of people, ordered by id (then by position), so that
/// a person is found by id in logarithmic time. Derived from the list it
/// indexes, so it takes no part in comparing outcomes.
#[derive(Clone, Debug, Default)]
pub struct PeopleIndex(Vec<u32>);

impl PeopleIndex {
    pub fn new(people: &[PersonOutcome]) -> PeopleIndex {
        let mut order: Vec<u32> = (0..people.len() as u32).collect();
        order.sort_by(|&a, &b| people[a as usize].id.cmp(&people[b as usize].id));
        PeopleIndex(order)
    }

    fn find<'p>(&self, people: &'p [PersonOutcome], id: &str) -> Option<&'p PersonOutcome> {
        if self.0.len() != people.len() {
            // Built for another list (an outcome put together by hand): scan.
            return people.iter().find(|p| p.id == id);
        }
        let first = self
            .0
            .partition_point(|&i| people[i as usize].id.as_str() < id);
        let person = &people[*self.0.get(first)? as usize];
        (person.id == id).then_some(person)
    }
}

impl PartialEq for PeopleIndex {
    fn eq(&self, _: &PeopleIndex) -> bool {
        true
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct CompetencyOutcome {
    pub id: String,
    pub title: String,
    /// Silver before Gold.
    pub levels: Vec<LevelOutcome>,
    /// A designation: one tier, met when its score passes (no levels).
    pub designation: bool,
    /// Its points model, when the rules give it one.
    pub score: Option<ScoreOutcome>,
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
            | Needed::RequiredLevel { requirement, .. }
            | Needed::Entities { requirement, .. }
            | Needed::Growth { requirement, .. } => Some(requirement),
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
    /// More tenants or workloads meeting the condition written at
    /// `condition` in `requirement` (net, new, or at the date).
    Entities {
        requirement: Arc<str>,
        entity: Entity,
        change: Option<EntityChange>,
        condition: Range<usize>,
    },
    /// More of the measure written at `measure` in `requirement` at the
    /// date, against what it was at the start; or, when `blocked`, what no
    /// amount of it can make up now.
    Growth {
        requirement: Arc<str>,
        kind: GrowthKind,
        /// The measure as the requirement writes it (`usage d365 via [csp]`,
        /// `people certified in [...]`).
        measure: Range<usize>,
        /// The metric measured; `None` for people.
        metric: Option<Metric>,
        start: NaiveDate,
        value_then: Decimal,
        /// What the measure must reach at the date (growth), or the change
        /// asked for (change).
        target: Decimal,
        /// The growth's threshold in percent (growth only).
        percent: Option<Decimal>,
        blocked: Option<Blocked>,
    },
}

/// Why a growth or change cannot be met by anything done now.
#[derive(Clone, Debug, PartialEq)]
pub enum Blocked {
    /// The measure at the start was below the baseline's floor.
    Baseline { floor: Decimal },
    /// Growth from nothing cannot be measured.
    ZeroStart,
    /// The start (`since DATE`) is after the evaluation date.
    BeforeStart,
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
    /// No path met it: the competency's score reached the level's band.
    Score,
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
            Detail::Performance(_)
            | Detail::Attested(_)
            | Detail::Requires(_)
            | Detail::Entities(_) => self.shortfall(),
            Detail::Growth(_) if self.met => Decimal::ZERO,
            Detail::Growth(g) => g.short_by(self.required),
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

impl RequirementOutcome {
    /// What a need of this requirement asks for in all, in the unit of
    /// [`short_by`](Self::short_by): for a growth, the measure it must reach
    /// at the date (a change: the change asked for); else `required`.
    pub fn need_required(&self) -> Decimal {
        match &self.detail {
            Detail::Growth(g) => g.target(self.required),
            _ => self.required,
        }
    }

    /// The unit of [`short_by`](Self::short_by): for a growth, the measure's.
    pub fn need_unit(&self) -> Unit {
        match &self.detail {
            Detail::Growth(g) => g.unit,
            _ => self.unit,
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
    /// Tenants: the `customer`s of metric records.
    Tenants,
    /// Workloads of a set or a list.
    Workloads,
    /// A growth, in percent of the start.
    Percent,
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
            Unit::Tenants => "tenants",
            Unit::Workloads => "workloads",
            Unit::Percent => "percent",
        }
    }

    pub fn of_entity(entity: Entity) -> Unit {
        match entity {
            Entity::Tenants => Unit::Tenants,
            Entity::Workloads => Unit::Workloads,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Detail {
    Performance(PerformanceDetail),
    Skill(SkillDetail),
    Attested(AttestedDetail),
    Requires(RequiresDetail),
    Entities(EntityDetail),
    Growth(GrowthDetail),
}

/// `[net|new] N tenants|workloads with CONDITION`: how each tenant
/// (workload) stands, at the date and at the start.
#[derive(Clone, Debug, PartialEq)]
pub struct EntityDetail {
    pub entity: Entity,
    pub change: Option<EntityChange>,
    pub metric: Metric,
    /// The workload set the condition names, if it names one.
    pub set: Option<String>,
    /// The condition's window at the date, when it has one.
    pub window: Option<Window>,
    /// Where `net` and `new` start.
    pub start: Option<NaiveDate>,
    /// The condition asks for more than its amount (`>`), not at least it.
    pub strict: bool,
    /// The start (`since DATE`) is after the evaluation date: nothing counts.
    pub before_start: bool,
    /// How many meet the condition at the date.
    pub now: u32,
    /// How many met it at the start (`net` and `new`).
    pub then: Option<u32>,
    /// Every tenant (workload) with a record the condition keeps, dated on
    /// or before the date; by id.
    pub entities: Vec<EntityStanding>,
    /// The developing-market count was the one applied.
    pub developing: bool,
    /// `(developing N by customer)` in a developing market: the tenants
    /// counted that are of a developed market, which withheld that count.
    pub developing_withheld_by: Vec<String>,
    /// Tenants only: records the condition keeps, in its window at the date
    /// (any date on or before it without a window), that name no customer
    /// and so count toward no tenant.
    pub without_customer: Vec<RecordRef>,
}

/// One tenant (workload) of a count: its own measure at the date and at the start.
#[derive(Clone, Debug, PartialEq)]
pub struct EntityStanding {
    pub id: String,
    /// Its measure at the date, and what it must reach (the developing
    /// amount when that applies to it).
    pub value: Decimal,
    pub required: Decimal,
    pub meets: bool,
    /// Its measure at the start, and whether it met the condition then
    /// (`net` and `new`).
    pub value_then: Option<Decimal>,
    pub met_then: Option<bool>,
    /// `new`: the first day after the start on which it met the condition,
    /// and its measure that day.
    pub reached: Option<(NaiveDate, Decimal)>,
    /// It adds one to the count: it meets the condition (`net`: and did not
    /// at the start; `new`: reached it since the start).
    pub counted: bool,
    /// A record counted for it is of a developed-market customer.
    pub developed: bool,
}

impl EntityStanding {
    /// `net`: it met the condition at the start and no longer does, which
    /// takes one away.
    pub fn lost(&self) -> bool {
        self.met_then == Some(true) && !self.meets
    }
}

/// `growth|change MEASURE ...`: the measure at the start and at the date.
#[derive(Clone, Debug, PartialEq)]
pub struct GrowthDetail {
    pub kind: GrowthKind,
    /// The metric measured; `None` for people.
    pub metric: Option<Metric>,
    /// The workload set measured, if the requirement names one.
    pub set: Option<String>,
    /// The measure's unit (`Unit::People` for people).
    pub unit: Unit,
    pub start: NaiveDate,
    /// The start is after the evaluation date: nothing can be compared yet.
    pub before_start: bool,
    /// Records only: the window the measure is taken over at the date.
    pub window: Option<Window>,
    /// The measure at the date and at the start.
    pub value: Decimal,
    pub value_then: Decimal,
    /// Growth: `(value − value_then) ÷ value_then`, in percent, rounded down
    /// to two places (so it meets the threshold exactly when the exact
    /// growth does); `None` when the start is 0 or not reached.
    pub percent: Option<Decimal>,
    /// `value − value_then`.
    pub change: Decimal,
    /// `with baseline >= FLOOR`: the floor that applied, and whether the
    /// measure at the start reached it.
    pub baseline: Option<BaselineOutcome>,
    /// The developing-market threshold (and floor) applied.
    pub developing: bool,
    /// Records counted at the date and at the start (records only).
    pub records: usize,
    pub records_then: usize,
    /// People counted at the date and at the start (people only), in fact-file order.
    pub people: Vec<String>,
    pub people_then: Vec<String>,
    /// Whether the measure takes whole numbers only (people, and counts
    /// with whole weights): shortfalls are then rounded up.
    pub whole: bool,
}

impl GrowthDetail {
    /// Whether anything done now can meet it: the start is reached, its
    /// measure is above 0 (growth), and it meets the baseline.
    pub fn blocked(&self) -> Option<Blocked> {
        if self.before_start {
            Some(Blocked::BeforeStart)
        } else if let Some(b) = self.baseline.as_ref().filter(|b| !b.met) {
            Some(Blocked::Baseline { floor: b.floor })
        } else if self.kind == GrowthKind::Growth && self.value_then <= Decimal::ZERO {
            Some(Blocked::ZeroStart)
        } else {
            None
        }
    }

    /// What the measure must reach at the date for growth `percent`
    /// (`value_then × (1 + percent ÷ 100)`), or the change asked for.
    pub fn target(&self, required: Decimal) -> Decimal {
        let target = match self.kind {
            GrowthKind::Change => required,
            GrowthKind::Growth => {
                let grown = self
                    .value_then
                    .checked_mul(required)
                    .map(|v| v / Decimal::ONE_HUNDRED)
                    .and_then(|v| v.checked_add(self.value_then))
                    .unwrap_or(Decimal::MAX);
                if self.whole { grown.ceil() } else { grown }
            }
        };
        // Blocked, nothing done now makes it up: all of it is missing.
        if self.blocked().is_some() {
            target.max(Decimal::ONE)
        } else {
            target
        }
    }

    /// How much more of the measure it takes at the date; when blocked,
    /// all of the target (nothing done now makes it up).
    pub fn short_by(&self, required: Decimal) -> Decimal {
        let target = self.target(required);
        if self.blocked().is_some() {
            return target;
        }
        let reached = match self.kind {
            GrowthKind::Growth => self.value,
            GrowthKind::Change => self.change,
        };
        let short = (target - reached).max(Decimal::ZERO);
        if self.whole { short.ceil() } else { short }
    }
}

/// How the measure at the start stands against the baseline's floor.
#[derive(Clone, Debug, PartialEq)]
pub struct BaselineOutcome {
    pub floor: Decimal,
    pub met: bool,
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
    /// `in a month`: the first day of the best calendar month, whose records
    /// are the ones counted (`None` when no record is in the window).
    pub best_month: Option<NaiveDate>,
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
    /// The score that met the level falls below its band (or pass mark):
    /// its total on the lapse date, and the metrics that lost points.
    ScoreFalls(ScoreFall),
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
    /// Tenants (workloads) counted before that no longer count: each with
    /// its measure on the lapse date and what it must reach; and, for `net`,
    /// those that now meet it at the start (which takes them away again).
    Entities {
        entity: Entity,
        dropped: Vec<(String, Decimal, Decimal)>,
        counted_at_start: Vec<String>,
        start: Option<NaiveDate>,
        /// The unit of the condition's measure, and whether it asks for
        /// more than its amount (`>`).
        unit: Unit,
        strict: bool,
    },
    /// A growth or change falls short: the measure at the start and at the lapse date.
    Growth {
        start: NaiveDate,
        value_then: Decimal,
        value: Decimal,
        unit: Unit,
    },
}
