//! Hover over a score's parts (docs/scores.md): the score's id says its
//! marks, window and how a track is chosen; a track's, what makes it count;
//! a category's and a metric's, their maximums and what each line earns.

use std::fmt::Write;

use rust_decimal::Decimal;

use super::analysis::Analysis;
use super::hover::{competency_def, inline, markdown, plural, title};
use crate::ruleset::{ScoreRules, TrackRules};
use crate::syntax::print_score::{self as print, points};
use crate::syntax::tree::{
    CategoryDef, CompetencyDef, LineKind, MetricItem, ScoreDef, ScoreItem, ScoreMetricDef,
    TrackDef, TrackItem,
};

/// The first score of competency `id`, with its competency.
fn score_of<'a>(analysis: &'a Analysis, id: &str) -> Option<(&'a CompetencyDef, &'a ScoreDef)> {
    let c = competency_def(analysis, id)?;
    Some((c, &c.scores.first()?.node))
}

/// `score `pcs` "Partner capability score" of **Security** (`security`)`
fn score_name(c: &CompetencyDef, s: &ScoreDef) -> String {
    let mut out = format!("score {}", inline(&s.id.node));
    if let Some(t) = &s.title {
        let _ = write!(out, " \"{}\"", markdown(&t.node));
    }
    let kind = if c.designation {
        "designation"
    } else {
        "competency"
    };
    let _ = write!(out, " of {kind} {}", title(c));
    out
}

pub fn score(analysis: &Analysis, id: &str) -> Option<String> {
    let (c, s) = score_of(analysis, id)?;
    let maxima = Maxima::of(analysis, id);
    let tracks = tracks(s);
    let mut out = score_name(c, s);
    let _ = writeln!(out, "{}", up_to(maxima.score(s)));
    for item in &s.items {
        let said = match item {
            ScoreItem::Band(b) => format!(
                "{} at {}: {} is met when the total reaches {} (a level without a band of \
                 its own is met when a higher band is reached)",
                b.node.level.node.keyword(),
                points(b.node.at.node),
                b.node.level.node,
                points(b.node.at.node),
            ),
            ScoreItem::Pass(p) => format!(
                "pass {}: qualifies when the total reaches {}",
                points(p.node),
                points(p.node)
            ),
            ScoreItem::EveryMetricAboveZero(_) => {
                "every metric above 0: and only when every metric that applies earns something"
                    .to_string()
            }
            ScoreItem::QualifyAnyDay(months) => format!(
                "qualify any day over {}: the best of the evaluation date and the last days of \
                 the {} before its month counts",
                plural(months.node as usize, "month", "months"),
                plural(months.node.saturating_sub(1) as usize, "month", "months"),
            ),
            ScoreItem::BestTrack(_) => {
                "best track: every track is scored, and the one with the most points counts"
                    .to_string()
            }
            ScoreItem::Track(_) | ScoreItem::Category(_) | ScoreItem::Metric(_) => continue,
        };
        let _ = write!(out, "\n- {said}");
    }
    if tracks.iter().any(|t| t.when.is_some()) {
        let _ = write!(
            out,
            "\n- tracks chosen by their conditions: the first whose condition is met counts, \
             else the last"
        );
    }
    let metrics = metrics_where(s, |_| true).len();
    let _ = write!(out, "\n\n{}", plural(metrics, "metric", "metrics"));
    if !tracks.is_empty() {
        let names: Vec<String> = tracks.iter().map(|t| inline(&t.id.node)).collect();
        let _ = write!(
            out,
            " in {} ({})",
            plural(tracks.len(), "track", "tracks"),
            names.join(", ")
        );
    }
    Some(out)
}

pub fn track(analysis: &Analysis, id: &str, track: &str) -> Option<String> {
    let (c, s) = score_of(analysis, id)?;
    let all = tracks(s);
    let (i, t) = all.iter().enumerate().find(|(_, t)| t.id.node == track)?;
    let mut out = format!("track {}", inline(&t.id.node));
    if let Some(title) = &t.title {
        let _ = write!(out, " \"{}\"", markdown(&title.node));
    }
    let maxima = Maxima::of(analysis, id);
    let max = maxima.track(Some(track)).map(|t| t.max);
    let _ = write!(out, " of {}{}\n\n", score_name(c, s), up_to(max));
    let best = s.items.iter().any(|i| matches!(i, ScoreItem::BestTrack(_)));
    let counts = match &t.when {
        Some(when) => format!(
            "counts when `{}` is met{}",
            crate::syntax::print::requirement(&when.node),
            if i == 0 {
                String::new()
            } else {
                " and no earlier track's condition is".to_string()
            }
        ),
        None if best => "counts when it scores more than every other track".to_string(),
        None if all.len() > 1 => "counts when no other track's condition is met".to_string(),
        None => "the only track".to_string(),
    };
    out.push_str(&counts);
    out.push('\n');
    for item in &t.items {
        let (name, max) = match item {
            TrackItem::Category(cat) => (
                format!("category {}", inline(&cat.node.id.node)),
                maxima.category(Some(track), &cat.node),
            ),
            TrackItem::Metric(m) => (
                format!("metric {}", inline(&m.node.id.node)),
                maxima.metric(Some(track), &m.node),
            ),
        };
        let _ = write!(out, "\n- {name}{}", up_to(max));
    }
    Some(out)
}

pub fn category(
    analysis: &Analysis,
    id: &str,
    track: Option<&str>,
    category: &str,
) -> Option<String> {
    let (c, s) = score_of(analysis, id)?;
    let cat = categories_of(s, track)
        .into_iter()
        .find(|cat| cat.id.node == category)?;
    let mut out = format!("category {}", inline(&cat.id.node));
    if let Some(title) = &cat.title {
        let _ = write!(out, " \"{}\"", markdown(&title.node));
    }
    let maxima = Maxima::of(analysis, id);
    let max = maxima.category(track, cat);
    let _ = writeln!(out, " of {}{}", score_name(c, s), up_to(max));
    for m in &cat.metrics {
        let max = match m.node.not_applicable {
            Some(_) => ": n/a".to_string(),
            None => up_to(maxima.metric(track, &m.node)),
        };
        let _ = write!(out, "\n- metric {}{max}", inline(&m.node.id.node));
    }
    Some(out)
}

pub fn metric(analysis: &Analysis, id: &str, track: Option<&str>, metric: &str) -> Option<String> {
    let (c, s) = score_of(analysis, id)?;
    let m = metrics_of(s, track)
        .into_iter()
        .find(|m| m.id.node == metric)?;
    let mut out = format!("metric {}", inline(&m.id.node));
    if let Some(title) = &m.title {
        let _ = write!(out, " \"{}\"", markdown(&title.node));
    }
    if let Some(track) = track {
        let _ = write!(out, " of track {}", inline(track));
    }
    let _ = write!(out, " of {}", score_name(c, s));
    if m.not_applicable.is_some() {
        out.push_str(
            ": does not apply (`n/a`): it earns nothing, and `every metric above 0` passes it by",
        );
        return Some(out);
    }
    let best_of = m.items.iter().any(|i| matches!(i, MetricItem::BestOf(_)));
    let max = Maxima::of(analysis, id).metric(track, m);
    let earns = if best_of {
        "the best line's points count (`best of`)"
    } else {
        "its lines' points count together"
    };
    let _ = writeln!(out, "{}; {earns}", up_to(max));
    for item in &m.items {
        let said = match item {
            MetricItem::Gate(r) => format!(
                "`{}`: no points at all unless this is met",
                print::gate(&r.node)
            ),
            MetricItem::Line(line) => {
                let n = points(line.node.points.node);
                let earns = match &line.node.kind {
                    LineKind::ProRata(_) => format!(
                        "points in proportion to how much of the requirement is reached (all \
                         {n} when it is met)"
                    ),
                    LineKind::AllOrNothing(_) => {
                        format!("all {n} points when the requirement is met, none otherwise")
                    }
                    LineKind::Per { step: Some(_), .. } => {
                        format!("{n} for every whole step of the measure")
                    }
                    LineKind::Per { step: None, .. } => format!("{n} for every person counted"),
                };
                format!("`{}`: earns {earns}", print::points_line(&line.node))
            }
            MetricItem::BestOf(_) => continue,
        };
        let _ = write!(out, "\n- {said}");
    }
    Some(out)
}

fn tracks(s: &ScoreDef) -> Vec<&TrackDef> {
    s.items
        .iter()
        .filter_map(|i| match i {
            ScoreItem::Track(t) => Some(&t.node),
            _ => None,
        })
        .collect()
}

/// The categories of the score in `track` (or outside tracks).
fn categories_of<'s>(s: &'s ScoreDef, track: Option<&str>) -> Vec<&'s CategoryDef> {
    let mut out = Vec::new();
    for item in &s.items {
        match item {
            ScoreItem::Category(c) if track.is_none() => out.push(&c.node),
            ScoreItem::Track(t) if track == Some(t.node.id.node.as_str()) => {
                out.extend(t.node.items.iter().filter_map(|i| match i {
                    TrackItem::Category(c) => Some(&c.node),
                    TrackItem::Metric(_) => None,
                }))
            }
            _ => {}
        }
    }
    out
}

/// The metrics of the score in `track` (or outside tracks), in their
/// categories or not.
fn metrics_of<'s>(s: &'s ScoreDef, track: Option<&str>) -> Vec<&'s ScoreMetricDef> {
    metrics_where(s, |t| t == track)
}

/// The metrics in the tracks `keep` keeps (`None`: outside tracks).
fn metrics_where(s: &ScoreDef, keep: impl Fn(Option<&str>) -> bool) -> Vec<&ScoreMetricDef> {
    let mut out = Vec::new();
    for item in &s.items {
        match item {
            ScoreItem::Metric(m) if keep(None) => out.push(&m.node),
            ScoreItem::Category(c) if keep(None) => {
                out.extend(c.node.metrics.iter().map(|m| &m.node))
            }
            ScoreItem::Track(t) if keep(Some(t.node.id.node.as_str())) => {
                for i in &t.node.items {
                    match i {
                        TrackItem::Metric(m) => out.push(&m.node),
                        TrackItem::Category(c) => {
                            out.extend(c.node.metrics.iter().map(|m| &m.node))
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The points each part of a score can reach, as `check` works them out
/// (a `max` no higher than its lines reach; without one, what they reach),
/// once the rule set checks clean; until then, only a `max` as written.
struct Maxima<'a>(Option<&'a ScoreRules>);

impl<'a> Maxima<'a> {
    fn of(analysis: &'a Analysis, id: &str) -> Maxima<'a> {
        let checked = analysis.rules.as_ref().and_then(|r| r.competency(id));
        Maxima(checked.and_then(|c| c.score.as_ref()))
    }

    fn score(&self, s: &ScoreDef) -> Option<Decimal> {
        self.0.map(|r| r.max).or(s.max.as_ref().map(|m| m.node))
    }

    /// A track (`None`: the metrics of a score without tracks).
    fn track(&self, track: Option<&str>) -> Option<&'a TrackRules> {
        self.0?.tracks.iter().find(|t| t.id.as_deref() == track)
    }

    fn category(&self, track: Option<&str>, c: &CategoryDef) -> Option<Decimal> {
        let checked = self.track(track).and_then(|t| {
            t.categories
                .iter()
                .find(|k| k.id.as_ref() == Some(&c.id.node))
        });
        checked.map(|k| k.max).or(c.max.as_ref().map(|m| m.node))
    }

    fn metric(&self, track: Option<&str>, m: &ScoreMetricDef) -> Option<Decimal> {
        let checked = self.track(track).and_then(|t| {
            t.categories
                .iter()
                .flat_map(|k| &k.metrics)
                .find(|x| x.id == m.id.node)
        });
        checked.map(|x| x.max).or(m.max.as_ref().map(|m| m.node))
    }
}

/// `: up to 40 points`, when the maximum is known.
fn up_to(max: Option<Decimal>) -> String {
    max.map(|m| format!(": up to {} points", points(m)))
        .unwrap_or_default()
}
