//! The shape of the JSON output: one view per object, borrowing from the
//! outcome. The same types write the JSON (serde) and describe it (the
//! schema, schemars), so the two cannot disagree; their doc comments are the
//! schema's descriptions. Key order is field order.

mod score;

use schemars::JsonSchema;
use serde::Serialize;

use super::quoted::Quoted;
use super::values::{Date, Exact, Keyword, List, Moment, Sentence, Version};
use crate::explain::words::{
    self, AT_RISK_ALERT, CauseWords, ClosestWords, LapseWords, ReasonWords, RestoreWords, Tense,
};
use crate::facts::near_miss::{FactWarning, FactWarningKind, Field};
use crate::outcome::{self as o, MetBy, OrgOutcome};
use crate::vocabulary::{AchievementClass, AchievementKind, Level, Market};

/// One organization evaluated by `rules eval --format json`: one such object
/// per line. `version` names the format; within one version fields and kinds
/// may be added (readers ignore what they do not know), never removed,
/// renamed or given another type or meaning (see docs/output-schema.md).
#[derive(Serialize, JsonSchema)]
pub struct Organization<'a> {
    /// The output format's version.
    version: Version,
    /// How much is shown (`--detail`): `verdict` (levels met and by what,
    /// the membership, the warnings), `gaps` (and what each missed level
    /// would take, and what would restore a membership at risk), or `full`
    /// (everything: paths, requirements, who counted, the outlook, the people).
    detail: Keyword<o::DetailLevel>,
    /// The organization's id.
    org: &'a str,
    /// The evaluation date.
    as_of: Date,
    name: Option<&'a str>,
    market: Keyword<Market>,
    /// In rule-set order (designations are under `designations`).
    competencies: Vec<Competency<'a>>,
    /// Single-tier qualifications met by a score (`designation` in the rule
    /// files), in rule-set order; absent when the rules have none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<score::Designation<'a>>")]
    designations: Option<Vec<score::Designation<'a>>>,
    membership: Membership<'a>,
    /// Only in full.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Outlook<'a>")]
    outlook: Option<Outlook<'a>>,
    /// Everyone in the fact file, and how they stand at the evaluation date.
    /// Only in full.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "List<'a, o::PersonOutcome, Person<'a>>")]
    people: Option<List<'a, o::PersonOutcome, Person<'a>>>,
    /// Names in the organization's facts that no rule uses but that look
    /// like one it does (a near miss), or associations the rules do not
    /// declare: records with them count for nothing.
    warnings: List<'a, FactWarning, Warning<'a>>,
}

impl<'a> Organization<'a> {
    pub fn of(o: &'a OrgOutcome) -> Self {
        let full = o.detail == o::DetailLevel::Full;
        Organization {
            version: Version,
            detail: Keyword(o.detail),
            org: &o.org,
            as_of: Date(o.as_of),
            name: o.name.as_deref(),
            market: Keyword(o.market),
            competencies: o
                .competencies
                .iter()
                .filter(|c| !c.designation)
                .map(|c| Competency::of(o, c))
                .collect(),
            designations: Some(
                o.competencies
                    .iter()
                    .filter_map(|c| score::Designation::of(o, c))
                    .collect::<Vec<_>>(),
            )
            .filter(|d| !d.is_empty()),
            membership: Membership::of(o),
            outlook: full.then(|| Outlook::of(o)),
            people: full.then(|| List(&o.people, Person::of)),
            warnings: List(&o.warnings, Warning::of),
        }
    }
}

/// A name in the facts worth a second look, where it is first written.
#[derive(Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Warning<'a> {
    /// `found` is used by no rule, and is probably `meant`, which one is.
    NearMiss {
        field: Keyword<Field>,
        found: &'a str,
        meant: &'a str,
        line: usize,
        column: usize,
        /// How many places of the organization write it.
        places: usize,
        text: Sentence<&'a FactWarningKind>,
    },
    /// The workload `found` is the name of a workload set; records name
    /// one of its `members`.
    WorkloadSetName {
        field: Keyword<Field>,
        found: &'a str,
        members: &'a [String],
        line: usize,
        column: usize,
        places: usize,
        text: Sentence<&'a FactWarningKind>,
    },
    /// The association `found` is not one `settings` declares.
    UndeclaredAssociation {
        field: Keyword<Field>,
        found: &'a str,
        line: usize,
        column: usize,
        places: usize,
        text: Sentence<&'a FactWarningKind>,
    },
}

impl<'a> Warning<'a> {
    fn of(w: &'a FactWarning) -> Self {
        let (line, column) = w.loc.line_col();
        match &w.kind {
            FactWarningKind::NearMiss {
                field,
                found,
                meant,
                places,
            } => Warning::NearMiss {
                field: Keyword(*field),
                found,
                meant,
                line,
                column,
                places: *places,
                text: Sentence(&w.kind),
            },
            FactWarningKind::SetName {
                found,
                members,
                places,
            } => Warning::WorkloadSetName {
                field: Keyword(Field::Workload),
                found,
                members,
                line,
                column,
                places: *places,
                text: Sentence(&w.kind),
            },
            FactWarningKind::UndeclaredAssociation { found, places } => {
                Warning::UndeclaredAssociation {
                    field: Keyword(Field::Association),
                    found,
                    line,
                    column,
                    places: *places,
                    text: Sentence(&w.kind),
                }
            }
        }
    }
}

#[derive(Serialize, JsonSchema)]
struct Competency<'a> {
    id: &'a str,
    title: &'a str,
    /// Absent when the competency does not define Silver.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "LevelOutcome<'a>")]
    silver: Option<LevelOutcome<'a>>,
    /// Absent when the competency does not define Gold.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "LevelOutcome<'a>")]
    gold: Option<LevelOutcome<'a>>,
    /// The competency's points model, when the rules give it one: a level
    /// no path meets is met when the score reaches its band (`met_by` `score`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "score::Score<'a>")]
    score: Option<score::Score<'a>>,
}

impl<'a> Competency<'a> {
    fn of(o: &'a OrgOutcome, c: &'a o::CompetencyOutcome) -> Self {
        let level = |l: Level| {
            c.levels
                .iter()
                .find(|x| x.level == l)
                .map(|x| LevelOutcome::of(o, x))
        };
        Competency {
            id: &c.id,
            title: &c.title,
            silver: level(Level::Silver),
            gold: level(Level::Gold),
            score: c.score.as_ref().map(|s| score::Score::of(o, s)),
        }
    }
}

/// One level of a competency: met or missed, and every path.
#[derive(Serialize, JsonSchema)]
struct LevelOutcome<'a> {
    met: bool,
    /// The id of the first path met, in the order written; `override` when
    /// only an active override meets the level; `score` when neither does
    /// and the competency's score reaches the level's band; null when missed.
    met_by: Option<&'a str>,
    /// Only on a missed level: what its nearest path still lacks.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Gap<'a>")]
    gap: Option<Gap<'a>>,
    /// Only in full, as are `override` and `benefits`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "List<'a, o::PathOutcome, Path<'a>>")]
    paths: Option<List<'a, o::PathOutcome, Path<'a>>>,
    /// An override written for this organization and level, active or not.
    #[serde(rename = "override", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Override<'a>>")]
    override_note: Option<Option<Override<'a>>>,
    /// What the level grants; empty when it is missed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "&'a [String]")]
    benefits: Option<&'a [String]>,
}

impl<'a> LevelOutcome<'a> {
    fn of(o: &'a OrgOutcome, l: &'a o::LevelOutcome) -> Self {
        let full = o.detail == o::DetailLevel::Full;
        LevelOutcome {
            met: l.met,
            met_by: l.met_by.as_ref().map(met_by),
            gap: l.gap.as_ref().map(|g| Gap::of(o, g)),
            paths: full.then(|| List(&l.paths, Path::of)),
            override_note: full.then(|| l.override_note.as_ref().map(Override::of)),
            benefits: full.then_some(if l.met { &l.benefits } else { &[] }),
        }
    }
}

/// What the nearest path of a missed level still lacks (the contract's §4):
/// the path with the fewest unmet requirements, then the smallest sum of
/// shortfall ÷ required over them, then the first written. (No sentence:
/// a batch misses most levels, and the needs say it all as data.)
#[derive(Serialize, JsonSchema)]
struct Gap<'a> {
    /// The nearest path's id.
    path: &'a str,
    /// Its unmet requirements in the order written, then, for a `unique
    /// people` path, the distinct people still needed beyond them.
    needs: Vec<NeedView<'a>>,
}

impl<'a> Gap<'a> {
    fn of(o: &'a OrgOutcome, g: &'a o::Gap) -> Self {
        Gap {
            path: &g.path,
            needs: g.needs.iter().map(|n| NeedView::of(o, n)).collect(),
        }
    }
}

/// One shortfall of the nearest path.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Need")]
struct NeedView<'a> {
    /// The requirement as written, or `unique people` for the distinct
    /// people a `unique people` path still needs once every requirement's
    /// own shortfall is filled.
    text: NeedText<'a>,
    /// How much more it takes: money with two decimals (or more, as the
    /// facts have), every other count without trailing zeros.
    short_by: Short,
    /// What the requirement asks for in all (for `unique people`, the sum of
    /// the path's skill requirement counts), written as `short_by`.
    required: Short,
    unit: Keyword<o::Unit>,
    /// Skill requirements only: the people closest to counting, and what
    /// stands in the way (only reasons of kinds `lacks`, `pending`,
    /// `not_yet_passed`); absent when there are none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<ClosestView<'a>>")]
    closest: Option<Vec<ClosestView<'a>>>,
}

impl<'a> NeedView<'a> {
    fn of(o: &'a OrgOutcome, n: &'a o::Need) -> Self {
        let money = n.unit == o::Unit::Dollars;
        NeedView {
            text: match n.requirement() {
                Some(text) => NeedText::Requirement(Quoted(text)),
                None => NeedText::UniquePeople,
            },
            short_by: Short(crate::number::exact(n.short_by, money)),
            required: Short(crate::number::exact(n.required, money)),
            unit: Keyword(n.unit),
            closest: (!n.closest.is_empty()).then(|| {
                n.closest
                    .iter()
                    .map(|closest| ClosestView::of(o, closest))
                    .collect()
            }),
        }
    }
}

/// A requirement's text, or `unique people`.
enum NeedText<'a> {
    Requirement(Quoted<'a>),
    UniquePeople,
}

impl Serialize for NeedText<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            NeedText::Requirement(text) => text.serialize(s),
            NeedText::UniquePeople => s.serialize_str("unique people"),
        }
    }
}

impl JsonSchema for NeedText<'_> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "NeedText".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string" })
    }
}

/// An exact shortfall, as a decimal string.
struct Short(rust_decimal::Decimal);

impl Serialize for Short {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl JsonSchema for Short {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Short".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An exact decimal number, as a string: money with two decimals at least, other counts without trailing zeros.",
            "type": "string",
            "pattern": "^[0-9]+(\\.[0-9]+)?$",
        })
    }
}

/// A person close to counting for a skill need.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Closest")]
struct ClosestView<'a> {
    person: &'a str,
    /// Counted for the requirement already, and short of its `of which`
    /// qualification only.
    counted: bool,
    reasons: List<'a, o::Reason, Reason<'a>>,
    /// The sentence the text output says.
    text: Sentence<ClosestWords<'a>>,
}

impl<'a> ClosestView<'a> {
    fn of(outcome: &'a OrgOutcome, c: &'a o::Closest) -> Self {
        ClosestView {
            person: &c.person,
            counted: c.counted,
            reasons: List(&c.reasons, Reason::now),
            text: Sentence(ClosestWords {
                outcome,
                closest: c,
            }),
        }
    }
}

/// While a membership is at risk: the nearest path, over every competency
/// at the held level, that would restore it.
#[derive(Serialize, JsonSchema)]
struct Restore<'a> {
    competency: &'a str,
    level: Keyword<Level>,
    /// The nearest path's id.
    path: &'a str,
    needs: Vec<NeedView<'a>>,
    /// The sentence the text output says.
    text: Sentence<RestoreWords<'a>>,
}

impl<'a> Restore<'a> {
    fn of(outcome: &'a OrgOutcome, r: &'a o::Restore) -> Self {
        Restore {
            competency: &r.competency,
            level: Keyword(r.level),
            path: &r.gap.path,
            needs: r
                .gap
                .needs
                .iter()
                .map(|n| NeedView::of(outcome, n))
                .collect(),
            text: Sentence(RestoreWords {
                outcome,
                restore: r,
            }),
        }
    }
}

/// A path id, or `override`.
fn met_by(by: &MetBy) -> &str {
    match by {
        MetBy::Path(id) => id,
        MetBy::Override => "override",
        MetBy::Score => "score",
    }
}

#[derive(Serialize, JsonSchema)]
struct Override<'a> {
    /// Exclusive: the override applies while the evaluation date is before it.
    until: Date,
    reason: &'a str,
    /// Whether the evaluation date is before `until`.
    active: bool,
}

impl<'a> Override<'a> {
    fn of(note: &'a o::OverrideNote) -> Self {
        Override {
            until: Date(note.until),
            reason: &note.reason,
            active: note.active,
        }
    }
}

#[derive(Serialize, JsonSchema)]
struct Path<'a> {
    id: &'a str,
    title: Option<&'a str>,
    met: bool,
    /// All must be met, and for a `unique people` path enough distinct people found.
    requirements: List<'a, o::RequirementOutcome, Requirement<'a>>,
    /// Only on `unique people` paths.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "UniquePeople")]
    unique_people: Option<UniquePeople>,
}

impl<'a> Path<'a> {
    fn of(p: &'a o::PathOutcome) -> Self {
        Path {
            id: &p.id,
            title: p.title.as_deref(),
            met: p.met,
            requirements: List(&p.requirements, Requirement::of),
            unique_people: p.unique_people.map(|d| UniquePeople {
                needed: d.needed,
                assigned: d.assigned,
            }),
        }
    }
}

/// The distinct-people check of a `unique people` path.
#[derive(Serialize, JsonSchema)]
struct UniquePeople {
    /// The sum of the path's skill requirement counts.
    needed: u32,
    /// Distinct people assigned, each to one requirement.
    assigned: u32,
}

/// A requirement: what was found against what is required. Skill
/// requirements add `of_which` and `not_counted`; performance requirements
/// add `window`, `records` and the fields after it.
#[derive(Serialize, JsonSchema)]
struct Requirement<'a> {
    /// The requirement as written, in canonical form.
    text: Quoted<'a>,
    met: bool,
    actual: Exact<rust_decimal::Decimal>,
    required: Exact<rust_decimal::Decimal>,
    /// Ids of the people counted; empty for a performance requirement.
    people: &'a [String],
    unit: Keyword<o::Unit>,
    /// `required − actual`, or 0 when met.
    shortfall: Exact<rust_decimal::Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "OfWhich<'a>")]
    of_which: Option<OfWhich<'a>>,
    /// People who hold something the requirement asks for but did not count,
    /// and why; absent when there are none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "List<'a, o::NotCounted, NotCounted<'a>>")]
    not_counted: Option<List<'a, o::NotCounted, NotCounted<'a>>>,
    /// The records counted are dated after `after` through `through`;
    /// absent when no window applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Window")]
    window: Option<Window>,
    /// The workload set the requirement names, if it names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    set: Option<&'a str>,
    /// What each workload added, when the requirement sums several or weighs one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "List<'a, o::WorkloadShare, WorkloadShare<'a>>")]
    workloads: Option<List<'a, o::WorkloadShare, WorkloadShare<'a>>>,
    /// The records counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "List<'a, o::RecordRef, Record<'a>>")]
    records: Option<List<'a, o::RecordRef, Record<'a>>>,
    /// Records of the metric and workload, in the window, that `via` left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "List<'a, o::RecordRef, Record<'a>>")]
    excluded_records: Option<List<'a, o::RecordRef, Record<'a>>>,
    /// Present (true) when the developing-market threshold was the one applied.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    developing_threshold: bool,
    /// `(developing ... by customer)`: the counted records of developed-market
    /// customers that kept the developing-market threshold from applying.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "List<'a, o::RecordRef, Record<'a>>")]
    developing_withheld_by: Option<List<'a, o::RecordRef, Record<'a>>>,
    /// Seats and usage: the latest record was of this date, outside the window.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Date")]
    latest_record_outside_window: Option<Date>,
    /// Records of the metric and workload, in the window, that `where offer` left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "List<'a, o::RecordRef, Record<'a>>")]
    excluded_by_offer: Option<List<'a, o::RecordRef, Record<'a>>>,
    /// `attested in`: the attestations that counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "List<'a, (String, chrono::NaiveDate), Attestation<'a>>")]
    attestations: Option<List<'a, (String, chrono::NaiveDate), Attestation<'a>>>,
    /// `attested in`: the attestations asked for that expired, with the day.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "List<'a, (String, chrono::NaiveDate), Attestation<'a>>")]
    attestations_expired: Option<List<'a, (String, chrono::NaiveDate), Attestation<'a>>>,
    /// `attested in`: the attestations asked for granted after the evaluation date, with the day.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "List<'a, (String, chrono::NaiveDate), Attestation<'a>>")]
    attestations_granted_later: Option<List<'a, (String, chrono::NaiveDate), Attestation<'a>>>,
    /// `requires`: the level required, and by what it is met (null when missed).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "RequiredLevel<'a>")]
    requires: Option<RequiredLevel<'a>>,
    /// `in a month`: the first day of the best calendar month, whose records
    /// are those counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Date")]
    best_month: Option<Date>,
    /// `[net|new] N tenants|workloads with ...`: how the count was made.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Count<'a>")]
    count: Option<Count<'a>>,
    /// `growth|change ...`: the measure at the start and at the date.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Growth<'a>")]
    growth: Option<Growth<'a>>,
}

/// A count of tenants (the `customer` of records) or workloads meeting a
/// condition each on its own records: `actual` is the count (for `net`,
/// those meeting it at the date less those at the start; for `new`, those
/// below it at the start that met it since).
#[derive(Serialize, JsonSchema)]
struct Count<'a> {
    /// `tenants` or `workloads`.
    counts: &'static str,
    /// `net`, `new`, or null for a count at the date.
    change: Option<&'static str>,
    /// `net` and `new`: the start compared with.
    #[schemars(with = "Option<Date>")]
    start: Option<Date>,
    /// How many meet the condition at the date, and (`net`, `new`) at the start.
    now: u32,
    then: Option<u32>,
    /// Every tenant (workload) with a record the condition keeps, by id.
    entities: List<'a, o::EntityStanding, Entity<'a>>,
    /// Tenants: records the condition keeps, counted at the date, that name
    /// no customer and so count toward no tenant.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "List<'a, o::RecordRef, Record<'a>>")]
    without_customer: Option<List<'a, o::RecordRef, Record<'a>>>,
    /// `(developing N by customer)`: the counted tenants of developed-market
    /// customers that kept the developing-market count from applying.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    developing_withheld_by: &'a [String],
}

/// One tenant (workload) of a count.
#[derive(Serialize, JsonSchema)]
struct Entity<'a> {
    id: &'a str,
    /// Its own measure at the date, and what the condition asks of it.
    value: Exact<rust_decimal::Decimal>,
    required: Exact<rust_decimal::Decimal>,
    meets: bool,
    /// `net`, `new`: its measure at the start, and whether it met the condition then.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Exact<rust_decimal::Decimal>")]
    value_then: Option<Exact<rust_decimal::Decimal>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    met_then: Option<bool>,
    /// `new`: the first day after the start on which it met the condition.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Date")]
    reached: Option<Date>,
    /// It adds one to the count.
    counted: bool,
    /// `net`: it met the condition at the start and no longer does (takes one away).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    lost: bool,
}

impl<'a> Entity<'a> {
    fn of(e: &'a o::EntityStanding) -> Self {
        Entity {
            id: &e.id,
            value: Exact(e.value),
            required: Exact(e.required),
            meets: e.meets,
            value_then: e.value_then.map(Exact),
            met_then: e.met_then,
            reached: e.reached.map(|(d, _)| Date(d)),
            counted: e.counted,
            lost: e.lost(),
        }
    }
}

/// A growth (in percent of the start) or a change (the difference) of a
/// measure between the start and the date: `actual` is the growth, rounded
/// down to two places, or the change.
#[derive(Serialize, JsonSchema)]
struct Growth<'a> {
    /// `growth` or `change`.
    kind: &'static str,
    start: Date,
    /// The measure at the start and at the date.
    value_then: Exact<rust_decimal::Decimal>,
    value: Exact<rust_decimal::Decimal>,
    /// The measure's unit.
    measure_unit: Keyword<o::Unit>,
    /// `value − value_then`.
    change: Exact<rust_decimal::Decimal>,
    /// The growth in percent (two places, rounded down); null from a start of 0.
    #[schemars(with = "Option<Exact<rust_decimal::Decimal>>")]
    percent: Option<Exact<rust_decimal::Decimal>>,
    /// `with baseline >= ...`: the floor that applied, and whether the start reached it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Baseline")]
    baseline: Option<Baseline>,
    /// People counted at the date and at the start (a growth of people).
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    people: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    people_then: &'a [String],
}

/// The baseline of a growth.
#[derive(Serialize, JsonSchema)]
struct Baseline {
    floor: Exact<rust_decimal::Decimal>,
    met: bool,
}

/// One workload of a requirement over several.
#[derive(Serialize, JsonSchema)]
struct WorkloadShare<'a> {
    workload: &'a str,
    weight: Exact<rust_decimal::Decimal>,
    /// How many of its records counted.
    records: usize,
    /// What they added, times the weight.
    value: Exact<rust_decimal::Decimal>,
    /// Seats and usage: its latest record, when that is outside the window.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Date")]
    latest_record_outside_window: Option<Date>,
}

impl<'a> WorkloadShare<'a> {
    fn of(share: &'a o::WorkloadShare) -> Self {
        WorkloadShare {
            workload: &share.workload,
            weight: Exact(share.weight),
            records: share.records,
            value: Exact(share.value),
            latest_record_outside_window: share.latest_outside_window.map(Date),
        }
    }
}

/// An attestation of the organization: its code and a day (granted, or expired).
#[derive(Serialize, JsonSchema)]
struct Attestation<'a> {
    code: &'a str,
    on: Date,
}

impl<'a> Attestation<'a> {
    fn of((code, on): &'a (String, chrono::NaiveDate)) -> Self {
        Attestation {
            code,
            on: Date(*on),
        }
    }
}

/// The level a `requires` names, and how it stands.
#[derive(Serialize, JsonSchema)]
struct RequiredLevel<'a> {
    competency: &'a str,
    level: Keyword<Level>,
    met_by: Option<&'a str>,
}

impl<'a> Requirement<'a> {
    fn of(r: &'a o::RequirementOutcome) -> Self {
        let mut view = Requirement {
            text: Quoted(&r.text),
            met: r.met,
            actual: Exact(r.actual),
            required: Exact(r.required),
            people: &[],
            unit: Keyword(r.unit),
            shortfall: Exact(r.shortfall()),
            of_which: None,
            not_counted: None,
            window: None,
            set: None,
            workloads: None,
            records: None,
            excluded_records: None,
            developing_threshold: false,
            developing_withheld_by: None,
            latest_record_outside_window: None,
            excluded_by_offer: None,
            attestations: None,
            attestations_expired: None,
            attestations_granted_later: None,
            requires: None,
            best_month: None,
            count: None,
            growth: None,
        };
        match &r.detail {
            o::Detail::Skill(d) => {
                view.people = &d.counted;
                view.of_which = d.of_which.as_ref().map(OfWhich::of);
                if !d.not_counted.is_empty() {
                    view.not_counted = Some(List(&d.not_counted, NotCounted::now));
                }
            }
            o::Detail::Performance(p) => {
                view.window = p.window.as_ref().map(Window::of);
                view.set = p.set.as_deref();
                if !p.workloads.is_empty() {
                    view.workloads = Some(List(&p.workloads, WorkloadShare::of));
                }
                view.records = Some(List(&p.records, Record::of));
                if !p.excluded.is_empty() {
                    view.excluded_records = Some(List(&p.excluded, Record::of));
                }
                view.developing_threshold = p.developing;
                if !p.developing_withheld_by.is_empty() {
                    view.developing_withheld_by = Some(List(&p.developing_withheld_by, Record::of));
                }
                view.latest_record_outside_window = p.stale.map(Date);
                if !p.excluded_by_offer.is_empty() {
                    view.excluded_by_offer = Some(List(&p.excluded_by_offer, Record::of));
                }
                view.best_month = p.best_month.map(Date);
            }
            o::Detail::Entities(e) => {
                view.window = e.window.as_ref().map(Window::of);
                view.set = e.set.as_deref();
                view.developing_threshold = e.developing;
                view.count = Some(Count {
                    counts: e.entity.keyword(),
                    change: e.change.map(|c| c.keyword()),
                    start: e.start.map(Date),
                    now: e.now,
                    then: e.then,
                    entities: List(&e.entities, Entity::of),
                    without_customer: (!e.without_customer.is_empty())
                        .then(|| List(&e.without_customer, Record::of)),
                    developing_withheld_by: &e.developing_withheld_by,
                });
            }
            o::Detail::Growth(g) => {
                view.window = g.window.as_ref().map(Window::of);
                view.set = g.set.as_deref();
                view.developing_threshold = g.developing;
                view.growth = Some(Growth {
                    kind: g.kind.keyword(),
                    start: Date(g.start),
                    value_then: Exact(g.value_then),
                    value: Exact(g.value),
                    measure_unit: Keyword(g.unit),
                    change: Exact(g.change),
                    percent: g.percent.map(Exact),
                    baseline: g.baseline.as_ref().map(|b| Baseline {
                        floor: Exact(b.floor),
                        met: b.met,
                    }),
                    people: &g.people,
                    people_then: &g.people_then,
                });
            }
            o::Detail::Attested(a) => {
                view.attestations = Some(List(&a.counted, Attestation::of));
                if !a.expired.is_empty() {
                    view.attestations_expired = Some(List(&a.expired, Attestation::of));
                }
                if !a.not_yet.is_empty() {
                    view.attestations_granted_later = Some(List(&a.not_yet, Attestation::of));
                }
            }
            o::Detail::Requires(req) => {
                view.requires = Some(RequiredLevel {
                    competency: &req.competency,
                    level: Keyword(req.level),
                    met_by: req.met_by.as_ref().map(met_by),
                });
            }
        }
        view
    }
}

/// `of which N ...`: of the people counted, those who also satisfy it.
#[derive(Serialize, JsonSchema)]
struct OfWhich<'a> {
    text: Quoted<'a>,
    actual: Exact<u32>,
    required: Exact<u32>,
    people: &'a [String],
}

impl<'a> OfWhich<'a> {
    fn of(o: &'a o::OfWhichOutcome) -> Self {
        OfWhich {
            text: Quoted(&o.text),
            actual: Exact(o.actual),
            required: Exact(o.required),
            people: &o.people,
        }
    }
}

/// A person who did not count, and why.
#[derive(Serialize, JsonSchema)]
struct NotCounted<'a> {
    person: &'a str,
    reasons: List<'a, o::Reason, Reason<'a>>,
}

impl<'a> NotCounted<'a> {
    /// At the evaluation date.
    fn now(n: &'a o::NotCounted) -> Self {
        NotCounted {
            person: &n.person,
            reasons: List(&n.reasons, Reason::now),
        }
    }

    /// At a lapse date to come: the reasons' sentences say what will happen.
    fn coming(n: &'a o::NotCounted) -> Self {
        NotCounted {
            person: &n.person,
            reasons: List(&n.reasons, Reason::coming),
        }
    }
}

/// Why a person did not count: a kind, its data, and the sentence.
#[derive(Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Reason<'a> {
    /// Left the organization on `on`.
    Left {
        on: Date,
        text: Sentence<ReasonWords<'a>>,
    },
    /// Associated too recently: counts from `until`.
    Pending {
        until: Moment,
        text: Sentence<ReasonWords<'a>>,
    },
    /// Re-associated with organization `by` on `on`, which cuts them from this one.
    Severed {
        by: &'a str,
        on: Moment,
        text: Sentence<ReasonWords<'a>>,
    },
    /// The achievement `code` expired on `on`.
    Expired {
        code: &'a str,
        on: Date,
        text: Sentence<ReasonWords<'a>>,
    },
    /// The achievement `code` is passed on `on`, after the evaluation date.
    NotYetPassed {
        code: &'a str,
        on: Date,
        text: Sentence<ReasonWords<'a>>,
    },
    /// The achievement `code` is of a retired code that no longer counts:
    /// passed after `retired_on`, or the time it was accepted (through
    /// `accepted_through`) is over.
    Retired {
        code: &'a str,
        passed: Date,
        retired_on: Date,
        accepted_through: Date,
        text: Sentence<ReasonWords<'a>>,
    },
    /// Holds part of what is asked: each entry of `missing` is one thing
    /// still missing, met by any one of its codes.
    Lacks {
        missing: &'a [Vec<String>],
        text: Sentence<ReasonWords<'a>>,
    },
    /// Holds `codes` as achievements of kind `held_as` where the rule asks
    /// for `asked` (an assessment where a certification is asked, or the reverse).
    WrongKind {
        codes: &'a [String],
        held_as: Keyword<AchievementKind>,
        asked: Keyword<AchievementClass>,
        text: Sentence<ReasonWords<'a>>,
    },
    /// In a `unique people` path, counted toward the other requirement `requirement`.
    CountedElsewhere {
        requirement: Quoted<'a>,
        text: Sentence<ReasonWords<'a>>,
    },
}

impl<'a> Reason<'a> {
    fn now(r: &'a o::Reason) -> Self {
        Reason::of(r, Tense::Now)
    }

    fn coming(r: &'a o::Reason) -> Self {
        Reason::of(r, Tense::Coming)
    }

    fn of(r: &'a o::Reason, tense: Tense) -> Self {
        let text = Sentence(ReasonWords(r, tense));
        match r {
            o::Reason::Left { on } => Reason::Left {
                on: Date(*on),
                text,
            },
            o::Reason::Pending { until } => Reason::Pending {
                until: Moment(*until),
                text,
            },
            o::Reason::Severed { by, on } => Reason::Severed {
                by,
                on: Moment(*on),
                text,
            },
            o::Reason::Retired {
                code,
                passed,
                retired_on,
                accepted_through,
            } => Reason::Retired {
                code,
                passed: Date(*passed),
                retired_on: Date(*retired_on),
                accepted_through: Date(*accepted_through),
                text,
            },
            o::Reason::Expired { code, on } => Reason::Expired {
                code,
                on: Date(*on),
                text,
            },
            o::Reason::NotYetPassed { code, on } => Reason::NotYetPassed {
                code,
                on: Date(*on),
                text,
            },
            o::Reason::Lacks { missing } => Reason::Lacks { missing, text },
            o::Reason::WrongKind {
                codes,
                held_as,
                asked,
            } => Reason::WrongKind {
                codes,
                held_as: Keyword(*held_as),
                asked: Keyword(*asked),
                text,
            },
            o::Reason::CountedElsewhere { requirement } => Reason::CountedElsewhere {
                requirement: Quoted(requirement),
                text,
            },
        }
    }
}

#[derive(Serialize, JsonSchema)]
struct Window {
    months: u32,
    /// Exclusive.
    after: Date,
    /// Inclusive: the evaluation date.
    through: Date,
}

impl Window {
    fn of(w: &o::Window) -> Self {
        Window {
            months: w.months,
            after: Date(w.after),
            through: Date(w.through),
        }
    }
}

/// A metric record of the fact file.
#[derive(Serialize, JsonSchema)]
struct Record<'a> {
    date: Date,
    value: Exact<rust_decimal::Decimal>,
    association: Option<&'a str>,
    /// The record's workload (one of those the requirement sums).
    workload: &'a str,
    /// The weight of its workload in the requirement; absent when 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Exact<rust_decimal::Decimal>")]
    weight: Option<Exact<rust_decimal::Decimal>>,
    /// The record's offer, when the facts give one.
    #[serde(skip_serializing_if = "Option::is_none")]
    offer: Option<&'a str>,
    /// The customer the record is about, when the facts give one.
    #[serde(skip_serializing_if = "Option::is_none")]
    customer: Option<&'a str>,
    /// Where that customer does business, when the facts say.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Keyword<Market>")]
    customer_market: Option<Keyword<Market>>,
}

impl<'a> Record<'a> {
    fn of(r: &'a o::RecordRef) -> Self {
        Record {
            date: Date(r.date),
            value: Exact(r.value),
            association: r.association.as_deref(),
            workload: &r.workload,
            weight: (r.weight != rust_decimal::Decimal::ONE).then_some(Exact(r.weight)),
            offer: r.offer.as_deref(),
            customer: r.customer.as_deref(),
            customer_market: r.customer_market.map(Keyword),
        }
    }
}

#[derive(Serialize, JsonSchema)]
struct Membership<'a> {
    /// Gold when some competency meets Gold, else Silver when some meets Silver.
    eligible: Keyword<Option<Level>>,
    /// The membership level held, `none` when the facts hold none.
    held: Keyword<Option<Level>>,
    status: Keyword<o::Status>,
    /// The last valid day; null when nothing is held.
    valid_until: Option<Date>,
    /// Showing, but no competency meets the held level.
    at_risk: bool,
    /// The program's alert while at risk, word for word; else null.
    alert: Option<&'static str>,
    /// What the marketing profile shows: empty unless the membership shows.
    profile: List<'a, (String, Level), ProfileEntry<'a>>,
    purchased: Option<Date>,
    /// The last day of the renewal grace.
    grace_until: Option<Date>,
    /// Ids of the competencies the membership was attained with.
    attained_with: &'a [String],
    /// Why renewal is at risk; empty when it is not.
    causes: Vec<Cause<'a>>,
    /// While at risk: the nearest path (over every competency, at the held
    /// level) that would restore it, and what it lacks; else null.
    restore: Option<Restore<'a>>,
}

impl<'a> Membership<'a> {
    fn of(o: &'a OrgOutcome) -> Self {
        let m = &o.membership;
        Membership {
            eligible: Keyword(m.eligible),
            held: Keyword(m.held),
            status: Keyword(m.status),
            valid_until: m.valid_until.map(Date),
            at_risk: m.at_risk,
            alert: m.at_risk.then_some(AT_RISK_ALERT),
            profile: List(&m.profile, ProfileEntry::of),
            purchased: m.purchased.map(Date),
            grace_until: m.grace_until.map(Date),
            attained_with: &m.attained_with,
            causes: m.causes.iter().map(|c| Cause::of(o, c)).collect(),
            restore: m.restore.as_ref().map(|r| Restore::of(o, r)),
        }
    }
}

#[derive(Serialize, JsonSchema)]
struct ProfileEntry<'a> {
    competency: &'a str,
    level: Keyword<Level>,
}

impl<'a> ProfileEntry<'a> {
    fn of((competency, level): &'a (String, Level)) -> Self {
        ProfileEntry {
            competency,
            level: Keyword(*level),
        }
    }
}

/// Why renewal is at risk: a kind, its data, and the sentence.
#[derive(Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Cause<'a> {
    /// A person holding something the held level's requirements ask for left
    /// since the purchase.
    Left {
        person: &'a str,
        on: Date,
        text: Sentence<CauseWords<'a>>,
    },
    /// An achievement the held level's requirements ask for expired since the purchase.
    Expired {
        person: &'a str,
        code: &'a str,
        on: Date,
        text: Sentence<CauseWords<'a>>,
    },
    /// A requirement of the nearest path to the held level falls short.
    ShortOf {
        competency: &'a str,
        level: Keyword<Level>,
        path: &'a str,
        requirement: Quoted<'a>,
        actual: Exact<rust_decimal::Decimal>,
        required: Exact<rust_decimal::Decimal>,
        shortfall: Exact<rust_decimal::Decimal>,
        text: Sentence<CauseWords<'a>>,
    },
}

impl<'a> Cause<'a> {
    fn of(outcome: &'a OrgOutcome, cause: &'a o::Cause) -> Self {
        let text = Sentence(CauseWords { outcome, cause });
        match cause {
            o::Cause::Left { person, on } => Cause::Left {
                person,
                on: Date(*on),
                text,
            },
            o::Cause::Expired { person, code, on } => Cause::Expired {
                person,
                code,
                on: Date(*on),
                text,
            },
            o::Cause::ShortOf {
                competency,
                level,
                path,
                requirement,
                actual,
                required,
                ..
            } => Cause::ShortOf {
                competency,
                level: Keyword(*level),
                path,
                requirement: Quoted(requirement),
                actual: Exact(*actual),
                required: Exact(*required),
                shortfall: Exact((required - actual).max(rust_decimal::Decimal::ZERO)),
                text,
            },
        }
    }
}

/// For every level met today: whether, before `until`, it stops being met.
#[derive(Serialize, JsonSchema)]
struct Outlook<'a> {
    /// The membership's last valid day while active; otherwise a year's
    /// subscription from the evaluation date (or less, when the facts change
    /// on too many dates to look that far).
    until: Date,
    levels: Vec<Lapse<'a>>,
}

impl<'a> Outlook<'a> {
    fn of(o: &'a OrgOutcome) -> Self {
        Outlook {
            until: Date(o.outlook_until),
            levels: o.outlook.iter().map(|l| Lapse::of(o, l)).collect(),
        }
    }
}

#[derive(Serialize, JsonSchema)]
struct Lapse<'a> {
    competency: &'a str,
    level: Keyword<Level>,
    /// The first date it is no longer met; null when it stays met through `until`.
    lapses_on: Option<Date>,
    /// Why it lapses; empty when it stays met.
    why: Vec<LapseCause<'a>>,
}

impl<'a> Lapse<'a> {
    fn of(o: &'a OrgOutcome, l: &'a o::Lapse) -> Self {
        Lapse {
            competency: &l.competency,
            level: Keyword(l.level),
            lapses_on: l.on.map(Date),
            why: l.why.iter().map(|c| LapseCause::of(o, c)).collect(),
        }
    }
}

/// Why a level lapses: a kind, its data, the sentence, and a sentence for
/// each detail (who stops counting and why, which records leave the window).
#[derive(Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum LapseCause<'a> {
    /// The path that met the level stopped meeting it first; from `from`,
    /// only `by` (a path id, or `override`) met it, until that lapsed too.
    TakenOver {
        from: Date,
        by: &'a str,
        text: Sentence<LapseWords<'a>>,
        details: Vec<String>,
    },
    /// The level was met by an override, which ends on `until`.
    OverrideEnds {
        until: Date,
        reason: &'a str,
        text: Sentence<LapseWords<'a>>,
        details: Vec<String>,
    },
    /// A requirement of the path that met the level is no longer met: on the
    /// lapse date it finds `actual` of `required`. Skill requirements say
    /// who stops counting (`people`); performance requirements which records
    /// stop counting (`records_leaving`) or that the latest record falls
    /// outside the window.
    RequirementDrops {
        requirement: Quoted<'a>,
        actual: Exact<rust_decimal::Decimal>,
        required: Exact<rust_decimal::Decimal>,
        unit: Keyword<o::Unit>,
        /// People counted the day before who no longer count, with why
        /// (the reasons' sentences speak of the lapse date: "leaves on").
        #[serde(skip_serializing_if = "Option::is_none")]
        #[schemars(with = "List<'a, o::NotCounted, NotCounted<'a>>")]
        people: Option<List<'a, o::NotCounted, NotCounted<'a>>>,
        /// Records counted the day before that no longer count.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[schemars(with = "List<'a, o::RecordRef, Record<'a>>")]
        records_leaving: Option<List<'a, o::RecordRef, Record<'a>>>,
        /// The window the records leave, in months, when there is one.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[schemars(with = "u32")]
        window_months: Option<u32>,
        /// Seats and usage: the latest record, of this date, falls outside the window.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[schemars(with = "Date")]
        latest_record_outside_window: Option<Date>,
        /// `attested in`: attestations counted the day before that expire.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[schemars(with = "List<'a, (String, chrono::NaiveDate), Attestation<'a>>")]
        attestations_expiring: Option<List<'a, (String, chrono::NaiveDate), Attestation<'a>>>,
        /// `requires`: the level required, no longer met.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[schemars(with = "RequiredLevel<'a>")]
        required_level_lost: Option<RequiredLevel<'a>>,
        text: Sentence<LapseWords<'a>>,
        details: Vec<String>,
    },
    /// The score that met the level falls to `total`, below the mark `at`;
    /// `metrics` lose points.
    ScoreFalls {
        total: score::PointsText,
        at: Exact<rust_decimal::Decimal>,
        metrics: Vec<score::MetricDrop<'a>>,
        /// Present when the track that counts changed that day (a
        /// condition no longer met): `from` and `to` are track ids.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[schemars(with = "score::TrackSwitch<'a>")]
        track_switch: Option<score::TrackSwitch<'a>>,
        text: Sentence<LapseWords<'a>>,
        details: Vec<String>,
    },
    /// A `unique people` path finds only `assigned` distinct people for `needed` places.
    TooFewDistinctPeople {
        path: &'a str,
        assigned: u32,
        needed: u32,
        text: Sentence<LapseWords<'a>>,
        details: Vec<String>,
    },
}

impl<'a> LapseCause<'a> {
    fn of(outcome: &'a OrgOutcome, cause: &'a o::LapseCause) -> Self {
        let text = Sentence(LapseWords(cause));
        let details = words::lapse_details(outcome, cause);
        match cause {
            o::LapseCause::TakenOver { from, by } => LapseCause::TakenOver {
                from: Date(*from),
                by: met_by(by),
                text,
                details,
            },
            o::LapseCause::ScoreFalls(fall) => LapseCause::ScoreFalls {
                total: score::PointsText::of(&fall.total),
                at: Exact(fall.at),
                metrics: fall.metrics.iter().map(score::MetricDrop::of).collect(),
                track_switch: fall.track.as_ref().map(score::TrackSwitch::of),
                text,
                details,
            },
            o::LapseCause::OverrideEnds { until, reason } => LapseCause::OverrideEnds {
                until: Date(*until),
                reason,
                text,
                details,
            },
            o::LapseCause::RequirementDrops(drop) => {
                let (mut people, mut records_leaving, mut window_months, mut latest) =
                    (None, None, None, None);
                let (mut attestations_expiring, mut required_level_lost) = (None, None);
                match &drop.lost {
                    o::Lost::People(lost) => people = Some(List(lost, NotCounted::coming)),
                    o::Lost::Records {
                        records,
                        window_months: months,
                    } => {
                        records_leaving = Some(List(records, Record::of));
                        window_months = *months;
                    }
                    o::Lost::LatestRecordOutsideWindow(date) => latest = Some(Date(*date)),
                    o::Lost::Attestations(expiring) => {
                        attestations_expiring = Some(List(expiring, Attestation::of))
                    }
                    o::Lost::RequiredLevel { competency, level } => {
                        required_level_lost = Some(RequiredLevel {
                            competency,
                            level: Keyword(*level),
                            met_by: None,
                        })
                    }
                    // Said in `text` and `details`.
                    o::Lost::Entities { .. } | o::Lost::Growth { .. } => {}
                }
                LapseCause::RequirementDrops {
                    requirement: Quoted(&drop.requirement),
                    actual: Exact(drop.actual),
                    required: Exact(drop.required),
                    unit: Keyword(drop.unit),
                    people,
                    records_leaving,
                    window_months,
                    latest_record_outside_window: latest,
                    attestations_expiring,
                    required_level_lost,
                    text,
                    details,
                }
            }
            o::LapseCause::TooFewDistinctPeople {
                path,
                assigned,
                needed,
            } => LapseCause::TooFewDistinctPeople {
                path,
                assigned: *assigned,
                needed: *needed,
                text,
                details,
            },
        }
    }
}

#[derive(Serialize, JsonSchema)]
struct Person<'a> {
    id: &'a str,
    name: Option<&'a str>,
    /// Whether the person can count at the evaluation date (`reasons` empty).
    counts: bool,
    /// Why the person counts for nothing at the evaluation date.
    reasons: List<'a, o::Reason, Reason<'a>>,
    /// Achievements that expired on or before the evaluation date.
    expired: List<'a, (String, chrono::NaiveDate), ExpiredAchievement<'a>>,
}

impl<'a> Person<'a> {
    fn of(p: &'a o::PersonOutcome) -> Self {
        Person {
            id: &p.id,
            name: p.name.as_deref(),
            counts: p.standing.is_empty(),
            reasons: List(&p.standing, Reason::now),
            expired: List(&p.expired, ExpiredAchievement::of),
        }
    }
}

#[derive(Serialize, JsonSchema)]
struct ExpiredAchievement<'a> {
    code: &'a str,
    on: Date,
}

impl<'a> ExpiredAchievement<'a> {
    fn of((code, on): &'a (String, chrono::NaiveDate)) -> Self {
        ExpiredAchievement {
            code,
            on: Date(*on),
        }
    }
}
