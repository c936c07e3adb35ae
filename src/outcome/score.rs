//! What a score found (docs/scores.md): points per line, metric, category
//! and track, the marks held against the total, the day that counted, and
//! what it would take to gain more.

use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{RequirementOutcome, Unit};
use crate::points::Points;
use crate::ruleset::{Award, TrackChoice};
use crate::vocabulary::Level;

#[derive(Clone, Debug, PartialEq)]
pub struct ScoreOutcome {
    pub id: String,
    pub title: Option<String>,
    /// The winning track's points on the day that counted.
    pub total: Points,
    pub max: Decimal,
    /// Lowest first: each band (or the pass mark) and whether it is reached.
    pub marks: Vec<Mark>,
    /// `every metric above 0` was asked: the applicable metrics of the
    /// winning track that earned nothing (empty when none).
    pub every_metric_above_zero: Option<Vec<MetricRef>>,
    /// The highest band reached, for a competency's score.
    pub reached: Option<Level>,
    /// Whether the highest mark (a designation's `pass`) is reached: total
    /// at or above it, and no metric at zero when that is asked.
    pub passed: bool,
    /// The day the score counts from: the evaluation date, or the best day
    /// of `qualify any day over N months`.
    pub day: NaiveDate,
    /// With `qualify any day`: each day looked at and its total, latest first.
    pub days: Vec<(NaiveDate, Points)>,
    /// How the track that counts was chosen: the best, or by conditions.
    pub chosen_by: TrackChoice,
    /// Index into `tracks` of the one that counts.
    pub track: usize,
    pub tracks: Vec<TrackOutcome>,
    /// The best single steps, most points first (empty when the score is full).
    pub steps: Vec<Step>,
    /// The cheapest way found to the next mark not yet reached.
    pub next: Option<ToNext>,
}

impl ScoreOutcome {
    pub fn winner(&self) -> &TrackOutcome {
        &self.tracks[self.track]
    }
}

/// A band (`silver at 60`) or the pass mark (`level` `None`).
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub level: Option<Level>,
    pub at: Decimal,
    pub reached: bool,
}

/// A metric named in an explanation: its id and title.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricRef {
    pub id: String,
    pub title: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TrackOutcome {
    pub id: Option<String>,
    pub title: Option<String>,
    /// `when REQUIREMENT`: the condition, met or not, on the day that
    /// counted (none for the last track, nor with `best track`).
    pub when: Option<RequirementOutcome>,
    pub total: Points,
    pub max: Decimal,
    pub categories: Vec<CategoryOutcome>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CategoryOutcome {
    pub id: Option<String>,
    pub title: Option<String>,
    pub earned: Points,
    pub max: Decimal,
    pub metrics: Vec<MetricOutcome>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MetricOutcome {
    pub id: String,
    pub title: Option<String>,
    pub earned: Points,
    pub max: Decimal,
    pub not_applicable: bool,
    /// `only if` requirements, each met or not.
    pub gates: Vec<RequirementOutcome>,
    /// Whether every gate is met (true when there is none).
    pub open: bool,
    pub best_of: bool,
    pub lines: Vec<LineOutcome>,
    /// What the lines earn together, before a closed gate takes it away
    /// (and after `best of` and the maximum).
    pub would_earn: Points,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LineOutcome {
    /// The whole line, canonical.
    pub text: Arc<str>,
    pub award: Award,
    pub points: Decimal,
    /// What the line earns on its own (before the metric's cap and `best of`).
    pub earned: Points,
    /// The requirement measured: actual, required (for `per`, one step), who and what counted.
    pub requirement: RequirementOutcome,
}

/// One step that gains points: more of what a line measures, or a gate met.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub metric: MetricRef,
    pub kind: StepKind,
    /// The line or gate, as written.
    pub text: Arc<str>,
    /// How much more of the unit the step takes.
    pub more: Decimal,
    pub unit: Unit,
    /// The score's total gains this many points.
    pub gain: Points,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepKind {
    /// One more of a counted unit (a person, a customer, an attestation):
    /// the gain of a single unit.
    OneMore,
    /// The rest of an amount up to the line's full points (or the next step of a `per` line).
    Reach,
    /// A gate met: the metric's lines start to count.
    OpenGate,
}

/// The next mark not reached, how far it is, and a way there.
#[derive(Clone, Debug, PartialEq)]
pub struct ToNext {
    pub level: Option<Level>,
    pub at: Decimal,
    /// Points short of the mark (above 0).
    pub short: Points,
    /// Steps that together reach the mark, cheapest first; empty when the
    /// lines cannot reach it.
    pub plan: Vec<Step>,
    /// The total after the plan.
    pub reaches: Points,
    /// `every metric above 0`: metrics still at zero after the plan.
    pub still_zero: Vec<MetricRef>,
}

/// Why a level met by its score lapses: the total falls below the mark.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreFall {
    pub total: Points,
    pub at: Decimal,
    /// Metrics of the winning track that earn less than the day before:
    /// (metric, points before, points after).
    pub metrics: Vec<(MetricRef, Points, Points)>,
    /// When the track that counts changed that day (a condition flipped).
    pub track: Option<TrackSwitch>,
}

/// The track that counted the day before, and the one that counts now.
#[derive(Clone, Debug, PartialEq)]
pub struct TrackSwitch {
    pub from: String,
    pub to: String,
    /// The condition of `from` that is no longer met, as written.
    pub condition: Option<Arc<str>>,
}
