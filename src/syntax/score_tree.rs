//! The syntax tree of a `score` block (docs/scores.md): what was written,
//! in order, with places. Every line that earns points holds an ordinary
//! [`Requirement`], so the requirement kinds need no change to be scored.

use rust_decimal::Decimal;

use super::tree::{Amount, Growth, GrowthOf, Performance, Qualification, Requirement};
use crate::source::Node;
use crate::vocabulary::{GrowthKind, Level, Since};

/// `score pci "Partner Contribution Indicators" max 100 { ... }`
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreDef {
    pub id: Node<String>,
    pub title: Option<Node<String>>,
    /// `max N`: the points the score can reach, when written.
    pub max: Option<Node<Decimal>>,
    pub items: Vec<ScoreItem>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ScoreItem {
    /// `silver at 60`
    Band(Node<Band>),
    /// `pass 70`
    Pass(Node<Decimal>),
    /// `every metric above 0`
    EveryMetricAboveZero(Node<()>),
    /// `qualify any day over 6 months`
    QualifyAnyDay(Node<u32>),
    /// `best track`
    BestTrack(Node<()>),
    Track(Node<TrackDef>),
    Category(Node<CategoryDef>),
    Metric(Node<ScoreMetricDef>),
}

/// `gold at 80`
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    pub level: Node<Level>,
    pub at: Node<Decimal>,
}

/// `track customer_engagement "Customer Engagement" { ... }`
#[derive(Clone, Debug, PartialEq)]
pub struct TrackDef {
    pub id: Node<String>,
    pub title: Option<Node<String>>,
    /// `when REQUIREMENT`: the track counts when this is met (and no
    /// earlier track's is); the last track takes none. Boxed: a requirement
    /// is large, and most tracks have none.
    pub when: Option<Box<Node<Requirement>>>,
    /// Categories and metrics written directly in the track.
    pub items: Vec<TrackItem>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TrackItem {
    Category(Node<CategoryDef>),
    Metric(Node<ScoreMetricDef>),
}

/// `category skilling "Skilling" max 40 { metric ... }`
#[derive(Clone, Debug, PartialEq)]
pub struct CategoryDef {
    pub id: Node<String>,
    pub title: Option<Node<String>>,
    pub max: Option<Node<Decimal>>,
    pub metrics: Vec<Node<ScoreMetricDef>>,
}

/// `metric intermediate "Intermediate certifications" max 40 { ... }`, or
/// `metric advanced "Advanced certifications" n/a`.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreMetricDef {
    pub id: Node<String>,
    pub title: Option<Node<String>>,
    pub max: Option<Node<Decimal>>,
    /// `n/a`: the metric does not apply (no block follows).
    pub not_applicable: Option<Node<()>>,
    pub items: Vec<MetricItem>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum MetricItem {
    /// `only if REQUIREMENT`: the metric earns nothing unless it is met.
    Gate(Node<Requirement>),
    /// `best of`: the best line counts, not their sum.
    BestOf(Node<()>),
    Line(Node<PointsLine>),
}

/// `10 points: REQUIREMENT`, `15 points all or nothing: REQUIREMENT`, or
/// `1 point per $1,250: MEASURE`.
#[derive(Clone, Debug, PartialEq)]
pub struct PointsLine {
    pub points: Node<Decimal>,
    pub kind: LineKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum LineKind {
    /// Points × min(1, actual ÷ required).
    ProRata(Node<Requirement>),
    /// All the points when the requirement is met, none otherwise.
    AllOrNothing(Node<Requirement>),
    /// Points for every whole step of the measure: `per AMOUNT` (`step`)
    /// for a performance measure, `per person` (no step) for people.
    Per {
        step: Option<Node<Amount>>,
        measure: Node<PerMeasure>,
    },
}

/// What a `per` line counts, and the size of one step.
#[derive(Clone, Debug, PartialEq)]
pub enum PerMeasure {
    /// `per $1,250: revenue security via [pal] over 12 months`: the
    /// performance's threshold is the step (it has no `>=` of its own), or
    /// 1 when `per person` was written in its place.
    Performance(Box<Performance>),
    /// `per person: people certified in [...]`
    People(Node<Qualification>),
    /// `per 125: change usage security_m365 via [cpor] over 12 months`: a
    /// change whose threshold is the step (it has no `>=` of its own).
    Change(Box<Growth>),
}

impl PerMeasure {
    /// `per 125: change ...`: a change whose threshold is the step; no
    /// developing-market threshold or baseline can be written there.
    pub fn change(
        kind: Node<GrowthKind>,
        of: Node<GrowthOf>,
        threshold: Node<Amount>,
        window_months: Option<Node<u32>>,
        since: Option<Node<Since>>,
    ) -> PerMeasure {
        PerMeasure::Change(Box::new(Growth {
            kind,
            of,
            threshold,
            developing: None,
            developing_by_customer: false,
            window_months,
            since,
            baseline: None,
        }))
    }
}

/// The threshold of a `per` line's measure: its step, or steps of one when
/// it has none (`per person` over a performance or a change, which `check`
/// reports), placed at `measure`.
pub fn step_threshold(step: &Option<Node<Amount>>, measure: crate::source::Loc) -> Node<Amount> {
    step.clone().unwrap_or_else(|| {
        let one = Amount {
            value: Decimal::ONE,
            is_money: false,
            is_percent: false,
        };
        Node::new(one, measure)
    })
}
