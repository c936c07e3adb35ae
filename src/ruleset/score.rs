//! A checked `score` block (docs/scores.md): tracks of categories of
//! metrics, each metric a few lines that earn points from ordinary
//! requirements, and the marks the total is held against.

use rust_decimal::Decimal;

use super::Requirement;
use crate::source::Loc;
use crate::vocabulary::Level;

#[derive(Clone, Debug, PartialEq)]
pub struct ScoreRules {
    pub id: String,
    pub title: Option<String>,
    /// The points the score can reach: `max N` as written, else what its
    /// best track can reach.
    pub max: Decimal,
    /// `silver at 60`, `gold at 80`, Silver first; empty for a designation.
    pub bands: Vec<(Level, Decimal)>,
    /// `pass 70`: a designation's single mark.
    pub pass: Option<Decimal>,
    /// `every metric above 0`: also every applicable metric earns something.
    pub every_metric_above_zero: bool,
    /// `qualify any day over N months`: the best of the evaluation date and
    /// the month ends of the N months before it counts.
    pub qualify_months: Option<u32>,
    /// How the track that counts is chosen.
    pub chosen_by: TrackChoice,
    /// Alternatives; one counts, as `chosen_by` says. A score written
    /// without tracks has one, with no id.
    pub tracks: Vec<TrackRules>,
    pub loc: Loc,
}

impl ScoreRules {
    /// The marks, lowest first: each band's, or the pass mark (`None` for a
    /// designation's single tier).
    pub fn marks(&self) -> Vec<(Option<Level>, Decimal)> {
        match self.pass {
            Some(pass) => vec![(None, pass)],
            None => self.bands.iter().map(|(l, at)| (Some(*l), *at)).collect(),
        }
    }

    /// Every metric of every track.
    pub fn metrics(&self) -> impl Iterator<Item = &MetricRules> {
        self.tracks
            .iter()
            .flat_map(|t| &t.categories)
            .flat_map(|c| &c.metrics)
    }

    /// Every requirement the score looks at: the tracks' conditions, then
    /// each metric's gates and lines. What changes one can change the score.
    pub fn requirements(&self) -> impl Iterator<Item = &Requirement> {
        let conditions = self.tracks.iter().filter_map(|t| t.when.as_ref());
        let metrics = self
            .metrics()
            .flat_map(|m| m.gates.iter().chain(m.lines.iter().map(|l| &l.requirement)));
        conditions.chain(metrics)
    }
}

/// How a score with several tracks picks the one that counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrackChoice {
    /// `best track`: the track that scores most (also a score's single track).
    Best,
    /// `track ID when REQUIREMENT`: the first track whose condition is met,
    /// else the last.
    Condition,
}

impl TrackChoice {
    /// As the JSON output writes it.
    pub fn keyword(self) -> &'static str {
        match self {
            TrackChoice::Best => "best",
            TrackChoice::Condition => "condition",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct TrackRules {
    pub id: Option<String>,
    pub title: Option<String>,
    /// `when REQUIREMENT`: the condition under which the track counts
    /// (none on a `best track` track, nor on the last, the fallback).
    pub when: Option<Requirement>,
    /// Metrics written directly in a track or score sit in a category with no id.
    pub categories: Vec<CategoryRules>,
    /// What the track can reach: the sum of its categories' maximums.
    pub max: Decimal,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CategoryRules {
    pub id: Option<String>,
    pub title: Option<String>,
    /// The sum of its metrics' maximums (`max N`, when written, is checked against it).
    pub max: Decimal,
    pub metrics: Vec<MetricRules>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MetricRules {
    pub id: String,
    pub title: Option<String>,
    /// `max N` as written, else what its lines can earn together (or the
    /// best of them, with `best of`). Zero for a metric that does not apply.
    pub max: Decimal,
    /// `n/a`: earns nothing and is exempt from `every metric above 0`.
    pub not_applicable: bool,
    /// `only if REQUIREMENT`: all must be met for any points.
    pub gates: Vec<Requirement>,
    /// `best of`: the best line counts instead of the sum.
    pub best_of: bool,
    pub lines: Vec<LineRules>,
    pub loc: Loc,
}

/// One line that earns points.
#[derive(Clone, Debug, PartialEq)]
pub struct LineRules {
    /// The points written at the start of the line.
    pub points: Decimal,
    pub award: Award,
    /// What is measured. For a `per` line, a requirement whose threshold is
    /// one step (`per $1,250` → `>= $1,250`; `per person` → 1 person) and
    /// whose text is the measure as written.
    pub requirement: Requirement,
    /// The whole line in canonical form, as explanations quote it.
    pub text: std::sync::Arc<str>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Award {
    /// `N points: R`: N × min(1, actual ÷ required).
    ProRata,
    /// `N points all or nothing: R`: N when R is met, else 0.
    AllOrNothing,
    /// `K points per STEP: M`: K for each whole step of the measure.
    Per,
}
