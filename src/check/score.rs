//! Checks a `score` block (docs/scores.md) and builds its rules: marks that
//! can be reached and agree with the competency or designation they are in,
//! metrics that have lines, maximums that add up, one way to pick a track.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::{CheckErrorKind, Checker};
use crate::ruleset::*;
use crate::source::{Loc, Node};
use crate::syntax::print_score;
use crate::syntax::tree::{self, ScoreItem, TrackItem};
use crate::vocabulary::Level;

/// Where a score is written: a competency (bands) or a designation (`pass`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ScoreOwner {
    Competency,
    Designation,
}

impl Checker {
    pub(super) fn score(&mut self, def: &Node<tree::ScoreDef>, owner: ScoreOwner) -> ScoreRules {
        let id = def.id.node.clone();
        // Head lines: each at most once.
        let mut seen: HashMap<&'static str, Loc> = HashMap::new();
        let mut bands: Vec<(Level, Decimal, Loc)> = Vec::new();
        let mut pass: Option<(Decimal, Loc)> = None;
        let mut every_metric_above_zero = false;
        let mut qualify_months = None;
        let mut best_track: Option<Loc> = None;
        let mut tracks: Vec<&Node<tree::TrackDef>> = Vec::new();
        let mut direct: Vec<TrackItem> = Vec::new();
        for item in &def.items {
            let what = match item {
                ScoreItem::Band(b) => match b.node.level.node {
                    Level::Silver => Some("silver at"),
                    Level::Gold => Some("gold at"),
                },
                ScoreItem::Pass(_) => Some("pass"),
                ScoreItem::EveryMetricAboveZero(_) => Some("every metric above 0"),
                ScoreItem::QualifyAnyDay(_) => Some("qualify any day"),
                ScoreItem::BestTrack(_) => Some("best track"),
                _ => None,
            };
            if let (Some(what), Some(loc)) = (what, head_loc(item)) {
                if let Some(first) = seen.insert(what, loc.clone()) {
                    let kind = CheckErrorKind::ScoreLineTwice {
                        what,
                        score: id.clone(),
                        first,
                    };
                    self.error(kind, loc);
                    continue;
                }
            }
            match item {
                ScoreItem::Band(b) => {
                    if owner == ScoreOwner::Designation {
                        let kind = CheckErrorKind::BandInDesignation {
                            level: b.node.level.node.keyword(),
                        };
                        self.error(kind, &b.loc);
                    }
                    self.positive_points(&b.node.at);
                    bands.push((b.node.level.node, b.node.at.node, b.loc.clone()));
                }
                ScoreItem::Pass(p) => {
                    if owner == ScoreOwner::Competency {
                        self.error(CheckErrorKind::PassInCompetency, &p.loc);
                    }
                    pass = Some((p.node, p.loc.clone()));
                }
                ScoreItem::EveryMetricAboveZero(_) => every_metric_above_zero = true,
                ScoreItem::QualifyAnyDay(months) => {
                    if months.node == 0 {
                        let kind = CheckErrorKind::ZeroCount {
                            message: "a window of 0 months holds no days",
                            help: "the program's window is `qualify any day over 6 months`",
                        };
                        self.error(kind, &months.loc);
                    }
                    qualify_months = Some(months.node);
                }
                ScoreItem::BestTrack(marker) => best_track = Some(marker.loc.clone()),
                ScoreItem::Track(t) => tracks.push(t),
                ScoreItem::Category(c) => direct.push(TrackItem::Category(c.clone())),
                ScoreItem::Metric(m) => direct.push(TrackItem::Metric(m.clone())),
            }
        }
        bands.sort_by_key(|(level, _, _)| *level);
        if let [(_, silver, _), (_, gold, gold_loc)] = bands.as_slice() {
            if gold <= silver {
                let kind = CheckErrorKind::BandsOutOfOrder {
                    silver: print_score::points(*silver),
                    gold: print_score::points(*gold),
                };
                self.error(kind, gold_loc);
            }
        }
        if bands.is_empty() && pass.is_none() {
            let kind = match owner {
                ScoreOwner::Competency => CheckErrorKind::ScoreWithoutMark {
                    help: "say what each level needs, like `silver at 60` and `gold at 80`",
                },
                ScoreOwner::Designation => CheckErrorKind::ScoreWithoutMark {
                    help: "say what the designation needs, like `pass 70`",
                },
            };
            self.error(kind, &def.id.loc);
        }
        // Tracks: all of the score, or none of it; more than one needs a rule to pick.
        if !tracks.is_empty() && !direct.is_empty() {
            let loc = match &direct[0] {
                TrackItem::Category(c) => c.loc.first("category".len()),
                TrackItem::Metric(m) => m.loc.first("metric".len()),
            };
            self.error(CheckErrorKind::OutsideTracks, &loc);
        }
        let conditioned = tracks.iter().any(|t| t.node.when.is_some());
        let chosen_by = if conditioned && best_track.is_none() {
            TrackChoice::Condition
        } else {
            TrackChoice::Best
        };
        match (&best_track, tracks.len()) {
            (Some(_), _) if conditioned => {
                for t in tracks.iter().filter(|t| t.node.when.is_some()) {
                    let kind = CheckErrorKind::WhenWithBestTrack {
                        track: t.node.id.node.clone(),
                    };
                    self.error(kind, &when_loc(t));
                }
            }
            _ if conditioned => self.track_conditions(&tracks),
            (None, n) if n > 1 => {
                self.error(CheckErrorKind::TracksWithoutChoice, &def.id.loc);
            }
            (Some(loc), n) if n < 2 => {
                let loc = loc.clone();
                self.error(CheckErrorKind::BestOfOneTrack, &loc);
            }
            _ => {}
        }
        let mut track_ids: HashMap<&str, &Loc> = HashMap::new();
        let mut track_rules: Vec<TrackRules> = Vec::new();
        for t in &tracks {
            if let Some(first) = track_ids.insert(&t.node.id.node, &t.node.id.loc) {
                self.duplicate_in_score("track", &t.node.id, first);
            }
            // A condition is checked as a gate is.
            let when = t.node.when.as_ref().map(|r| self.requirement(r));
            let mut track = self.track(Some(&t.node.id.node), t.node.title.as_ref(), &t.node.items);
            track.when = when;
            track_rules.push(track);
        }
        if tracks.is_empty() {
            track_rules.push(self.track(None, None, &direct));
        }
        let reachable = track_rules
            .iter()
            .map(|t| t.max)
            .max()
            .unwrap_or(Decimal::ZERO);
        let max = match &def.max {
            Some(max) => {
                self.positive_points(max);
                max.node
            }
            None => reachable,
        };
        let marks = bands
            .iter()
            .map(|(l, at, loc)| (Some(*l), *at, loc))
            .chain(pass.iter().map(|(at, loc)| (None, *at, loc)));
        for (level, at, loc) in marks {
            if at > max {
                let kind = CheckErrorKind::MarkAboveMax {
                    mark: match level {
                        Some(level) => format!("{level} at {}", print_score::points(at)),
                        None => format!("pass {}", print_score::points(at)),
                    },
                    max: print_score::points(max),
                };
                self.error(kind, loc);
            }
        }
        ScoreRules {
            id,
            title: def.title.as_ref().map(|t| t.node.clone()),
            max,
            bands: bands.iter().map(|(l, at, _)| (*l, *at)).collect(),
            pass: pass.map(|(at, _)| at),
            every_metric_above_zero,
            qualify_months,
            chosen_by,
            tracks: track_rules,
            loc: def.loc.clone(),
        }
    }

    /// Tracks chosen by conditions: every track but the last has one, and
    /// the last, the fallback, has none.
    fn track_conditions(&mut self, tracks: &[&Node<tree::TrackDef>]) {
        let Some((last, rest)) = tracks.split_last() else {
            return;
        };
        for t in rest.iter().filter(|t| t.node.when.is_none()) {
            let kind = CheckErrorKind::TrackWithoutWhen {
                track: t.node.id.node.clone(),
            };
            self.error(kind, &t.node.id.loc);
        }
        if last.node.when.is_some() {
            let kind = CheckErrorKind::WhenOnLastTrack {
                track: last.node.id.node.clone(),
            };
            self.error(kind, &when_loc(last));
        }
    }

    fn duplicate_in_score(&mut self, what: &'static str, id: &Node<String>, first: &Loc) {
        let kind = CheckErrorKind::DuplicateInScore {
            what,
            id: id.node.clone(),
            first: first.clone(),
        };
        self.error(kind, &id.loc);
    }

    fn track(
        &mut self,
        id: Option<&String>,
        title: Option<&Node<String>>,
        items: &[TrackItem],
    ) -> TrackRules {
        let mut categories: Vec<CategoryRules> = Vec::new();
        let mut loose: Vec<MetricRules> = Vec::new();
        let mut category_ids: HashMap<&str, &Loc> = HashMap::new();
        let mut metric_ids: HashMap<String, Loc> = HashMap::new();
        for item in items {
            match item {
                TrackItem::Category(c) => {
                    if let Some(first) = category_ids.insert(&c.node.id.node, &c.node.id.loc) {
                        self.duplicate_in_score("category", &c.node.id, first);
                    }
                    let metrics: Vec<MetricRules> = c
                        .node
                        .metrics
                        .iter()
                        .map(|m| self.metric_once(m, &mut metric_ids))
                        .collect();
                    if metrics.is_empty() {
                        let kind = CheckErrorKind::EmptyCategory {
                            id: c.node.id.node.clone(),
                        };
                        self.error(kind, &c.node.id.loc);
                    }
                    let sum: Decimal = metrics.iter().map(|m| m.max).sum();
                    let max = match &c.node.max {
                        Some(max) => {
                            self.positive_points(max);
                            max.node
                        }
                        None => sum,
                    };
                    categories.push(CategoryRules {
                        id: Some(c.node.id.node.clone()),
                        title: c.node.title.as_ref().map(|t| t.node.clone()),
                        max,
                        metrics,
                    });
                }
                TrackItem::Metric(m) => loose.push(self.metric_once(m, &mut metric_ids)),
            }
        }
        if !loose.is_empty() {
            categories.push(CategoryRules {
                id: None,
                title: None,
                max: loose.iter().map(|m| m.max).sum(),
                metrics: loose,
            });
        }
        TrackRules {
            id: id.cloned(),
            title: title.map(|t| t.node.clone()),
            when: None,
            max: categories.iter().map(|c| c.max).sum(),
            categories,
        }
    }

    fn metric_once(
        &mut self,
        def: &Node<tree::ScoreMetricDef>,
        ids: &mut HashMap<String, Loc>,
    ) -> MetricRules {
        if let Some(first) = ids.get(&def.node.id.node).cloned() {
            self.duplicate_in_score("metric", &def.node.id, &first);
        } else {
            ids.insert(def.node.id.node.clone(), def.node.id.loc.clone());
        }
        self.metric(def)
    }

    fn metric(&mut self, def: &Node<tree::ScoreMetricDef>) -> MetricRules {
        let m = &def.node;
        let mut gates = Vec::new();
        let mut best_of: Option<&Loc> = None;
        let mut lines: Vec<LineRules> = Vec::new();
        let mut open_ended = false;
        for item in &m.items {
            match item {
                tree::MetricItem::Gate(r) => gates.push(self.requirement(r)),
                tree::MetricItem::BestOf(marker) => match best_of {
                    Some(_) => {
                        let kind = CheckErrorKind::ScoreLineTwice {
                            what: "best of",
                            score: m.id.node.clone(),
                            first: best_of.cloned().expect("first `best of`"),
                        };
                        self.error(kind, &marker.loc);
                    }
                    None => best_of = Some(&marker.loc),
                },
                tree::MetricItem::Line(line) => {
                    self.positive_points(&line.node.points);
                    open_ended |= matches!(line.node.kind, tree::LineKind::Per { .. });
                    lines.push(self.line(line));
                }
            }
        }
        if let Some(na) = &m.not_applicable {
            if let Some(max) = &m.max {
                let kind = CheckErrorKind::MaxOfNotApplicable {
                    metric: m.id.node.clone(),
                };
                self.error(kind, &max.loc);
            }
            return MetricRules {
                id: m.id.node.clone(),
                title: m.title.as_ref().map(|t| t.node.clone()),
                max: Decimal::ZERO,
                not_applicable: true,
                gates,
                best_of: false,
                lines,
                loc: na.loc.clone(),
            };
        }
        if lines.is_empty() {
            let kind = CheckErrorKind::MetricWithoutLine {
                metric: m.id.node.clone(),
            };
            self.error(kind, &m.id.loc);
        }
        if let Some(loc) = best_of.filter(|_| lines.len() < 2) {
            let loc = loc.clone();
            self.error(CheckErrorKind::BestOfOneLine, &loc);
        }
        let reachable = if best_of.is_some() {
            lines.iter().map(|l| l.points).max().unwrap_or_default()
        } else {
            lines.iter().map(|l| l.points).sum()
        };
        let max = match &m.max {
            Some(max) => {
                self.positive_points(max);
                if !open_ended && max.node > reachable && !lines.is_empty() {
                    let kind = CheckErrorKind::MaxAboveLines {
                        metric: m.id.node.clone(),
                        max: print_score::points(max.node),
                        reachable: print_score::points(reachable),
                    };
                    self.error(kind, &max.loc);
                }
                max.node.min(if open_ended { max.node } else { reachable })
            }
            None => {
                if open_ended {
                    let kind = CheckErrorKind::PerWithoutMax {
                        metric: m.id.node.clone(),
                    };
                    self.error(kind, &m.id.loc);
                }
                reachable
            }
        };
        MetricRules {
            id: m.id.node.clone(),
            title: m.title.as_ref().map(|t| t.node.clone()),
            max,
            not_applicable: false,
            gates,
            best_of: best_of.is_some(),
            lines,
            loc: def.loc.clone(),
        }
    }

    fn line(&mut self, line: &Node<tree::PointsLine>) -> LineRules {
        let text = print_score::points_line(&line.node).into();
        let (award, requirement) = match &line.node.kind {
            tree::LineKind::ProRata(r) => (Award::ProRata, self.requirement(r)),
            tree::LineKind::AllOrNothing(r) => (Award::AllOrNothing, self.requirement(r)),
            tree::LineKind::Per { step, measure } => {
                let written = match (&measure.node, step) {
                    (tree::PerMeasure::People(q), None) => tree::Requirement::Skill(tree::Skill {
                        count: Node::new(1, measure.loc.clone()),
                        qualification: q.clone(),
                        of_which: None,
                    }),
                    (tree::PerMeasure::People(q), Some(step)) => {
                        self.error(CheckErrorKind::PerUnitMismatch { people: true }, &step.loc);
                        tree::Requirement::Skill(tree::Skill {
                            count: Node::new(1, measure.loc.clone()),
                            qualification: q.clone(),
                            of_which: None,
                        })
                    }
                    (tree::PerMeasure::Performance(p), step) => {
                        let mut p = (**p).clone();
                        if step.is_none() {
                            let kind = CheckErrorKind::PerUnitMismatch { people: false };
                            self.error(kind, &line.loc);
                            // Steps of one, in the measure's own kind: no second error.
                            p.threshold.node.is_money = p.metric.node.is_money();
                        }
                        tree::Requirement::Performance(p)
                    }
                    (tree::PerMeasure::Change(g), step) => {
                        if step.is_none() {
                            let kind = CheckErrorKind::PerUnitMismatch { people: false };
                            self.error(kind, &line.loc);
                        }
                        tree::Requirement::Growth((**g).clone())
                    }
                };
                let mut requirement = self.requirement(&Node::new(written, measure.loc.clone()));
                requirement.text = print_score::per_measure(&measure.node).into();
                (Award::Per, requirement)
            }
        };
        LineRules {
            points: line.node.points.node,
            award,
            requirement,
            text,
        }
    }

    fn positive_points(&mut self, points: &Node<Decimal>) {
        if points.node <= Decimal::ZERO {
            let kind = CheckErrorKind::ZeroCount {
                message: "0 points earns nothing",
                help: "give a number of points above 0, or remove the line",
            };
            self.error(kind, &points.loc);
        }
    }
}

/// The place of a track's condition (its requirement).
fn when_loc(t: &Node<tree::TrackDef>) -> Loc {
    match &t.node.when {
        Some(when) => when.loc.clone(),
        None => t.node.id.loc.clone(),
    }
}

/// The place of a score's head line, for those that can be given twice.
fn head_loc(item: &ScoreItem) -> Option<&Loc> {
    match item {
        ScoreItem::Band(b) => Some(&b.loc),
        ScoreItem::Pass(p) => Some(&p.loc),
        ScoreItem::EveryMetricAboveZero(m) => Some(&m.loc),
        ScoreItem::QualifyAnyDay(m) => Some(&m.loc),
        ScoreItem::BestTrack(m) => Some(&m.loc),
        _ => None,
    }
}

impl Checker {
    /// The score of a competency or designation, and the levels its bands
    /// meet; what a designation may not hold is reported here.
    pub(super) fn competency_score(
        &mut self,
        def: &Node<tree::CompetencyDef>,
    ) -> (Option<ScoreRules>, Vec<Level>) {
        let owner = if def.designation {
            ScoreOwner::Designation
        } else {
            ScoreOwner::Competency
        };
        if def.designation {
            for level in &def.levels {
                let kind = CheckErrorKind::LevelInDesignation {
                    level: level.node.level.node.keyword(),
                };
                self.error(kind, &level.node.level.loc);
            }
            if def.scores.is_empty() {
                let kind = CheckErrorKind::DesignationWithoutScore {
                    id: def.id.node.clone(),
                };
                self.error(kind, &def.id.loc);
            }
        }
        let at = self.at.take();
        let mut score: Option<ScoreRules> = None;
        for s in &def.scores {
            match &score {
                Some(first) => {
                    let kind = CheckErrorKind::DuplicateScore {
                        competency: def.id.node.clone(),
                        first: first.loc.first("score".len()),
                    };
                    self.error(kind, &s.loc.first("score".len()));
                }
                None => score = Some(self.score(s, owner)),
            }
        }
        self.at = at;
        let banded = score
            .as_ref()
            .map(|s| s.bands.iter().map(|(l, _)| *l).collect())
            .unwrap_or_default();
        (score, banded)
    }
}
