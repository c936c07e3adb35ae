//! A `score` block's parts → canonical text (the layout of the block is
//! `rules fmt`'s): headers, head lines, gates and points lines.

use rust_decimal::Decimal;

use super::print::{self, amount, measured, name_list, offer_filter, qualification};
use super::tree::*;
use crate::source::Node;

/// `score pci "Partner Contribution Indicators" max 100`
pub fn score_header(s: &ScoreDef) -> String {
    header("score", &s.id, s.title.as_ref(), s.max.as_ref())
}

/// `track customer_engagement "Customer Engagement"`, with `when
/// REQUIREMENT` when the track is chosen by a condition.
pub fn track_header(t: &TrackDef) -> String {
    let head = header("track", &t.id, t.title.as_ref(), None);
    match &t.when {
        Some(when) => format!("{head} {}", track_when(&when.node)),
        None => head,
    }
}

/// `when 5 tenants with ...`
pub fn track_when(requirement: &Requirement) -> String {
    format!("when {}", print::requirement(requirement))
}

/// `category skilling "Skilling" max 40`
pub fn category_header(c: &CategoryDef) -> String {
    header("category", &c.id, c.title.as_ref(), c.max.as_ref())
}

/// `metric developers "Developers" max 5`, with ` n/a` when it does not apply.
pub fn metric_header(m: &ScoreMetricDef) -> String {
    let head = header("metric", &m.id, m.title.as_ref(), m.max.as_ref());
    match m.not_applicable {
        Some(_) => format!("{head} n/a"),
        None => head,
    }
}

fn header(
    keyword: &str,
    id: &Node<String>,
    title: Option<&Node<String>>,
    max: Option<&Node<Decimal>>,
) -> String {
    let mut out = format!("{keyword} {}", id.node);
    if let Some(title) = title {
        out.push(' ');
        out.push_str(&print::string(&title.node));
    }
    if let Some(max) = max {
        out.push_str(&format!(" max {}", points(max.node)));
    }
    out
}

/// The lines of a score's head: `silver at 60`, `pass 70`, `every metric
/// above 0`, `qualify any day over 6 months`, `best track`; `None` for a
/// track, category or metric.
pub fn score_head_line(item: &ScoreItem) -> Option<String> {
    Some(match item {
        ScoreItem::Band(b) => format!(
            "{} at {}",
            b.node.level.node.keyword(),
            points(b.node.at.node)
        ),
        ScoreItem::Pass(p) => format!("pass {}", points(p.node)),
        ScoreItem::EveryMetricAboveZero(_) => "every metric above 0".to_string(),
        ScoreItem::QualifyAnyDay(months) => format!(
            "qualify any day over {} {}",
            months.node,
            if months.node == 1 { "month" } else { "months" }
        ),
        ScoreItem::BestTrack(_) => "best track".to_string(),
        ScoreItem::Track(_) | ScoreItem::Category(_) | ScoreItem::Metric(_) => return None,
    })
}

/// `only if 2 people certified in ["AZ-305"]`
pub fn gate(requirement: &Requirement) -> String {
    format!("only if {}", print::requirement(requirement))
}

/// What a points line says before its requirement or measure: `10 points:`,
/// `15 points all or nothing:`, `1 point per $1,250:`, `4 points per person:`.
pub fn line_head(line: &PointsLine) -> String {
    let award = points_word(line.points.node);
    match &line.kind {
        LineKind::ProRata(_) => format!("{award}:"),
        LineKind::AllOrNothing(_) => format!("{award} all or nothing:"),
        LineKind::Per { step, .. } => match step {
            Some(step) => format!("{award} per {}:", amount(&step.node)),
            None => format!("{award} per person:"),
        },
    }
}

/// The whole points line on one line.
pub fn points_line(line: &PointsLine) -> String {
    format!("{} {}", line_head(line), line_body(line))
}

/// The requirement of a points line, or the measure of a `per` line.
pub fn line_body(line: &PointsLine) -> String {
    match &line.kind {
        LineKind::ProRata(r) | LineKind::AllOrNothing(r) => print::requirement(&r.node),
        LineKind::Per { measure, .. } => per_measure(&measure.node),
    }
}

/// `revenue security via [pal] over 12 months`, `people certified in [...]`
pub fn per_measure(m: &PerMeasure) -> String {
    match m {
        PerMeasure::People(q) => format!("people {}", qualification(q, None)),
        PerMeasure::Change(g) => {
            let mut out = print::growth_head(g);
            if let Some(months) = &g.window_months {
                out.push_str(&print::window(months.node));
            }
            if let Some(since) = &g.since {
                out.push(' ');
                out.push_str(&print::since(&since.node));
            }
            out
        }
        PerMeasure::Performance(p) => {
            let mut out = measured(p);
            if let Some(via) = &p.via {
                out.push_str(&format!(" via {}", name_list(&via.node)));
            }
            if let Some(offer) = &p.offer {
                out.push(' ');
                out.push_str(&offer_filter(offer));
            }
            if let Some(months) = &p.window_months {
                out.push_str(&format!(
                    " over {} {}",
                    months.node,
                    if months.node == 1 { "month" } else { "months" }
                ));
            }
            out
        }
    }
}

/// `1 point`, `10 points`, `2.5 points`
pub fn points_word(value: Decimal) -> String {
    let word = if value == Decimal::ONE {
        "point"
    } else {
        "points"
    };
    format!("{} {word}", points(value))
}

/// Points as written: `10`, `2.5` (no trailing zeros, no separators).
pub fn points(value: Decimal) -> String {
    value.normalize().to_string()
}
