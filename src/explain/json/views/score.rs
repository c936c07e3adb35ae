//! A score in the JSON output (docs/scores.md): the same as the text says,
//! as data. Points are strings with two decimals rounded down (`total`,
//! `earned`); `total_exact` is the exact value as a fraction when two
//! places do not say it all.

use schemars::JsonSchema;
use serde::Serialize;

use super::{Date, Exact, Keyword, List, Quoted, Requirement};
use crate::outcome::{self as o, OrgOutcome};
use crate::points::Points;
use crate::ruleset::{Award, TrackChoice};
use crate::vocabulary::Level;

/// A competency's or designation's points model, on the day that counted.
#[derive(Serialize, JsonSchema)]
pub(super) struct Score<'a> {
    id: &'a str,
    title: Option<&'a str>,
    /// The winning track's points: two decimals, rounded down (a mark is
    /// reached only when the exact total reaches it).
    total: PointsText,
    /// The exact total, `200/3`, or as `total` when that is exact.
    total_exact: String,
    max: Exact<rust_decimal::Decimal>,
    /// Lowest first: the bands (`silver at 60`), or a designation's pass mark (`level` null).
    marks: Vec<Mark>,
    /// The highest band reached (competencies); null when none is.
    reached: Option<Keyword<Level>>,
    /// Whether the highest mark is reached (for a designation: it qualifies).
    passed: bool,
    /// Present when the score asks `every metric above 0`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "AboveZero<'a>")]
    every_metric_above_zero: Option<AboveZero<'a>>,
    /// The day the score counts from: the evaluation date, or the best day
    /// of `qualify any day over N months`.
    day: Date,
    /// With `qualify any day`: each day looked at and its total, latest first.
    days: Vec<Day>,
    /// How the track that counts is chosen: `best` (`best track`, or a
    /// single track) or `condition` (the first track whose `when` is met,
    /// else the last).
    chosen_by: Keyword<TrackChoice>,
    /// The id of the track that counts (as `chosen_by` says); null when the score has no tracks.
    track: Option<&'a str>,
    /// Every track with what it scored (one, with a null id, when the score has no tracks).
    tracks: Vec<Track<'a>>,
    /// The best single steps, most points first. From `--detail gaps` on.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<Step<'a>>")]
    steps: Option<Vec<Step<'a>>>,
    /// The next mark not reached and a way to it. From `--detail gaps` on;
    /// null when every mark is reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<ToNext<'a>>")]
    next: Option<Option<ToNext<'a>>>,
}

impl<'a> Score<'a> {
    pub(super) fn of(o: &'a OrgOutcome, s: &'a o::ScoreOutcome) -> Self {
        let full = o.detail == o::DetailLevel::Full;
        let gaps = o.detail >= o::DetailLevel::Gaps;
        let winner = s.winner();
        Score {
            id: &s.id,
            title: s.title.as_deref(),
            total: PointsText::of(&s.total),
            total_exact: s.total.fraction(),
            max: Exact(s.max),
            marks: s
                .marks
                .iter()
                .map(|m| Mark {
                    level: m.level.map(Keyword),
                    at: Exact(m.at),
                    reached: m.reached,
                })
                .collect(),
            reached: s.reached.map(Keyword),
            passed: s.passed,
            every_metric_above_zero: s.every_metric_above_zero.as_ref().map(|zero| AboveZero {
                met: zero.is_empty(),
                at_zero: zero.iter().map(|m| m.id.as_str()).collect(),
            }),
            day: Date(s.day),
            days: s
                .days
                .iter()
                .map(|(day, total)| Day {
                    date: Date(*day),
                    total: PointsText::of(total),
                })
                .collect(),
            chosen_by: Keyword(s.chosen_by),
            track: winner.id.as_deref(),
            tracks: s
                .tracks
                .iter()
                .enumerate()
                .map(|(i, t)| Track::of(t, i == s.track, full))
                .collect(),
            steps: gaps.then(|| s.steps.iter().map(Step::of).collect()),
            next: gaps.then(|| s.next.as_ref().map(ToNext::of)),
        }
    }
}

/// Points, two decimals, rounded down: `"66.66"`.
pub(super) struct PointsText(String);

impl PointsText {
    pub(super) fn of(p: &Points) -> Self {
        PointsText(p.to_string())
    }
}

impl Serialize for PointsText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl JsonSchema for PointsText {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Points".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Points with two decimals, rounded down, as a string.",
            "type": "string",
            "pattern": "^-?[0-9]+\\.[0-9]{2}$",
        })
    }
}

#[derive(Serialize, JsonSchema)]
struct Mark {
    /// The level a band meets; null for a designation's pass mark.
    level: Option<Keyword<Level>>,
    at: Exact<rust_decimal::Decimal>,
    reached: bool,
}

#[derive(Serialize, JsonSchema)]
struct AboveZero<'a> {
    met: bool,
    /// Ids of the applicable metrics of the winning track that earned nothing.
    at_zero: Vec<&'a str>,
}

#[derive(Serialize, JsonSchema)]
struct Day {
    date: Date,
    total: PointsText,
}

#[derive(Serialize, JsonSchema)]
struct Track<'a> {
    id: Option<&'a str>,
    title: Option<&'a str>,
    /// Whether this track is the one that counts.
    counts: bool,
    /// The track's condition as written (`when REQUIREMENT`, without
    /// `when`); null for the last track, and with `best track`.
    when: Option<Quoted<'a>>,
    /// Whether that condition is met on the day that counted; null when
    /// the track has none.
    condition_met: Option<bool>,
    /// The condition, found against required, as a gate is. Only in full.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Requirement<'a>")]
    condition: Option<Requirement<'a>>,
    total: PointsText,
    max: Exact<rust_decimal::Decimal>,
    categories: Vec<Category<'a>>,
}

impl<'a> Track<'a> {
    fn of(t: &'a o::TrackOutcome, counts: bool, full: bool) -> Self {
        Track {
            id: t.id.as_deref(),
            title: t.title.as_deref(),
            counts,
            when: t.when.as_ref().map(|w| Quoted(&w.text)),
            condition_met: t.when.as_ref().map(|w| w.met),
            condition: t.when.as_ref().filter(|_| full).map(Requirement::of),
            total: PointsText::of(&t.total),
            max: Exact(t.max),
            categories: t.categories.iter().map(|c| Category::of(c, full)).collect(),
        }
    }
}

/// A category; metrics written directly in a score or track sit in one with a null id.
#[derive(Serialize, JsonSchema)]
struct Category<'a> {
    id: Option<&'a str>,
    title: Option<&'a str>,
    earned: PointsText,
    max: Exact<rust_decimal::Decimal>,
    metrics: Vec<Metric<'a>>,
}

impl<'a> Category<'a> {
    fn of(c: &'a o::CategoryOutcome, full: bool) -> Self {
        Category {
            id: c.id.as_deref(),
            title: c.title.as_deref(),
            earned: PointsText::of(&c.earned),
            max: Exact(c.max),
            metrics: c.metrics.iter().map(|m| Metric::of(m, full)).collect(),
        }
    }
}

#[derive(Serialize, JsonSchema)]
struct Metric<'a> {
    id: &'a str,
    title: Option<&'a str>,
    earned: PointsText,
    max: Exact<rust_decimal::Decimal>,
    /// False for a metric written `n/a`: it earns nothing and is exempt
    /// from `every metric above 0`.
    applies: bool,
    /// Whether every `only if` gate is met; when not, the metric earns nothing.
    open: bool,
    /// What the lines would earn with every gate met.
    would_earn: PointsText,
    best_of: bool,
    /// `only if` requirements. Only in full.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "List<'a, o::RequirementOutcome, Requirement<'a>>")]
    gates: Option<List<'a, o::RequirementOutcome, Requirement<'a>>>,
    /// The lines that earn points. Only in full.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "List<'a, o::LineOutcome, Line<'a>>")]
    lines: Option<List<'a, o::LineOutcome, Line<'a>>>,
}

impl<'a> Metric<'a> {
    fn of(m: &'a o::MetricOutcome, full: bool) -> Self {
        Metric {
            id: &m.id,
            title: m.title.as_deref(),
            earned: PointsText::of(&m.earned),
            max: Exact(m.max),
            applies: !m.not_applicable,
            open: m.open,
            would_earn: PointsText::of(&m.would_earn),
            best_of: m.best_of,
            gates: full.then(|| List(&m.gates, Requirement::of)),
            lines: full.then(|| List(&m.lines, Line::of)),
        }
    }
}

#[derive(Serialize, JsonSchema)]
struct Line<'a> {
    /// The whole line, canonical: `10 points: revenue ...`.
    text: &'a str,
    award: Keyword<Award>,
    points: Exact<rust_decimal::Decimal>,
    /// What the line earns on its own, before the metric's maximum and `best of`.
    earned: PointsText,
    /// What was measured; for a `per` line, `required` is one step.
    requirement: Requirement<'a>,
}

impl<'a> Line<'a> {
    fn of(l: &'a o::LineOutcome) -> Self {
        Line {
            text: &l.text,
            award: Keyword(l.award),
            points: Exact(l.points),
            earned: PointsText::of(&l.earned),
            requirement: Requirement::of(&l.requirement),
        }
    }
}

/// A step that gains points.
#[derive(Serialize, JsonSchema)]
struct Step<'a> {
    /// The metric's id.
    metric: &'a str,
    kind: Keyword<o::StepKind>,
    /// The line, or the gate's requirement, as written.
    text: &'a str,
    /// How much more of `unit` it takes.
    more: Exact<rust_decimal::Decimal>,
    unit: Keyword<o::Unit>,
    /// Points the total gains, two decimals rounded down.
    gain: PointsText,
}

impl<'a> Step<'a> {
    fn of(s: &'a o::Step) -> Self {
        Step {
            metric: &s.metric.id,
            kind: Keyword(s.kind),
            text: &s.text,
            more: Exact(s.more),
            unit: Keyword(s.unit),
            gain: PointsText::of(&s.gain),
        }
    }
}

#[derive(Serialize, JsonSchema)]
struct ToNext<'a> {
    level: Option<Keyword<Level>>,
    at: Exact<rust_decimal::Decimal>,
    short: PointsText,
    /// Steps that together reach the mark; empty when the lines cannot.
    plan: Vec<Step<'a>>,
    /// The total after the plan.
    reaches: PointsText,
    /// `every metric above 0`: ids of metrics still at 0 after the plan.
    still_zero: Vec<&'a str>,
}

impl<'a> ToNext<'a> {
    fn of(n: &'a o::ToNext) -> Self {
        ToNext {
            level: n.level.map(Keyword),
            at: Exact(n.at),
            short: PointsText::of(&n.short),
            plan: n.plan.iter().map(Step::of).collect(),
            reaches: PointsText::of(&n.reaches),
            still_zero: n.still_zero.iter().map(|m| m.id.as_str()).collect(),
        }
    }
}

/// A designation: one tier, met when its score passes.
#[derive(Serialize, JsonSchema)]
pub(super) struct Designation<'a> {
    id: &'a str,
    title: &'a str,
    met: bool,
    /// `score` when met; null when missed.
    met_by: Option<&'a str>,
    score: Score<'a>,
}

impl<'a> Designation<'a> {
    pub(super) fn of(o: &'a OrgOutcome, c: &'a o::CompetencyOutcome) -> Option<Self> {
        let score = c.score.as_ref().filter(|_| c.designation)?;
        Some(Designation {
            id: &c.id,
            title: &c.title,
            met: score.passed,
            met_by: score.passed.then_some("score"),
            score: Score::of(o, score),
        })
    }
}

/// A metric that earns less on a lapse date than the day before.
#[derive(Serialize, JsonSchema)]
pub(super) struct MetricDrop<'a> {
    metric: &'a str,
    before: PointsText,
    after: PointsText,
}

impl<'a> MetricDrop<'a> {
    pub(super) fn of((m, before, after): &'a (o::MetricRef, Points, Points)) -> Self {
        MetricDrop {
            metric: &m.id,
            before: PointsText::of(before),
            after: PointsText::of(after),
        }
    }
}

/// The track that counted the day before a lapse, and the one that counts on it.
#[derive(Serialize, JsonSchema)]
pub(super) struct TrackSwitch<'a> {
    from: &'a str,
    to: &'a str,
    /// The condition of `from` no longer met, as written; null when the
    /// switch has another cause.
    condition: Option<Quoted<'a>>,
}

impl<'a> TrackSwitch<'a> {
    pub(super) fn of(t: &'a o::TrackSwitch) -> Self {
        TrackSwitch {
            from: &t.from,
            to: &t.to,
            condition: t.condition.as_ref().map(Quoted),
        }
    }
}
