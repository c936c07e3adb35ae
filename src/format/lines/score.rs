//! The layout of a `score` block: one line for each head line, gate and
//! points line (a long requirement breaks as it does in a path), each
//! track, category and metric a block of its own.

use super::{Built, LayoutBuilder};
use crate::format::wide;
use crate::format::{INDENT, LINE_WIDTH};
use crate::source::Node;
use crate::syntax::print_score;
use crate::syntax::tree::{
    CategoryDef, LineKind, MetricItem, Requirement, ScoreDef, ScoreItem, ScoreMetricDef, TrackDef,
    TrackItem,
};

impl LayoutBuilder<'_> {
    pub(super) fn score(&mut self, score: &Node<ScoreDef>, depth: usize) -> Built {
        let s = &score.node;
        let after = header_end(&s.id, s.title.as_ref(), s.max.as_ref());
        let mut indexes = vec![self.open(
            score.loc.start,
            after,
            depth,
            print_score::score_header(s),
            s.items.is_empty(),
        )?];
        for item in &s.items {
            match item {
                ScoreItem::Track(t) => indexes.extend(self.track(t, depth + 1)?),
                ScoreItem::Category(c) => indexes.extend(self.category(c, depth + 1)?),
                ScoreItem::Metric(m) => indexes.extend(self.score_metric(m, depth + 1)?),
                head => {
                    let (Some(text), Some(loc)) =
                        (print_score::score_head_line(head), head_place(head))
                    else {
                        return Err("a score line without text".to_string());
                    };
                    indexes.push(self.leaf(loc, depth + 1, text)?);
                }
            }
        }
        indexes.push(self.close(&score.loc, depth)?);
        Ok(indexes)
    }

    fn track(&mut self, track: &Node<TrackDef>, depth: usize) -> Built {
        let t = &track.node;
        let after = match &t.when {
            Some(when) => self.code_range(&when.loc)?.1,
            None => header_end(&t.id, t.title.as_ref(), None),
        };
        let mut indexes = vec![self.open(
            track.loc.start,
            after,
            depth,
            print_score::track_header(t),
            t.items.is_empty(),
        )?];
        for item in &t.items {
            match item {
                TrackItem::Category(c) => indexes.extend(self.category(c, depth + 1)?),
                TrackItem::Metric(m) => indexes.extend(self.score_metric(m, depth + 1)?),
            }
        }
        indexes.push(self.close(&track.loc, depth)?);
        Ok(indexes)
    }

    fn category(&mut self, category: &Node<CategoryDef>, depth: usize) -> Built {
        let c = &category.node;
        let after = header_end(&c.id, c.title.as_ref(), c.max.as_ref());
        let mut indexes = vec![self.open(
            category.loc.start,
            after,
            depth,
            print_score::category_header(c),
            c.metrics.is_empty(),
        )?];
        for m in &c.metrics {
            indexes.extend(self.score_metric(m, depth + 1)?);
        }
        indexes.push(self.close(&category.loc, depth)?);
        Ok(indexes)
    }

    fn score_metric(&mut self, metric: &Node<ScoreMetricDef>, depth: usize) -> Built {
        let m = &metric.node;
        if m.not_applicable.is_some() {
            return Ok(vec![self.leaf(
                &metric.loc,
                depth,
                print_score::metric_header(m),
            )?]);
        }
        let after = header_end(&m.id, m.title.as_ref(), m.max.as_ref());
        let mut indexes = vec![self.open(
            metric.loc.start,
            after,
            depth,
            print_score::metric_header(m),
            m.items.is_empty(),
        )?];
        for item in &m.items {
            let lines = match item {
                MetricItem::Gate(r) => {
                    let (_, end) = self.code_range(&r.loc)?;
                    let if_start = self.keyword_before(r.loc.start, "if")?;
                    let start = self.keyword_before(if_start, "only")?;
                    self.prefixed(start, end, r, "only if", depth + 1)?
                }
                MetricItem::BestOf(marker) => {
                    vec![self.leaf(&marker.loc, depth + 1, "best of".to_string())?]
                }
                MetricItem::Line(line) => {
                    let (start, end) = self.code_range(&line.loc)?;
                    let head = print_score::line_head(&line.node);
                    match &line.node.kind {
                        LineKind::ProRata(r) | LineKind::AllOrNothing(r) => {
                            self.prefixed(start, end, r, &head, depth + 1)?
                        }
                        LineKind::Per { .. } => vec![self.push(
                            start,
                            end,
                            depth + 1,
                            print_score::points_line(&line.node),
                            super::LineKind::Leaf,
                        )],
                    }
                }
            };
            indexes.extend(lines);
        }
        indexes.push(self.close(&metric.loc, depth)?);
        Ok(indexes)
    }

    /// A requirement laid out as in a path, after `head` on its first line;
    /// the lines stand for the code in `start..end`.
    fn prefixed(
        &mut self,
        start: usize,
        end: usize,
        r: &Node<Requirement>,
        head: &str,
        depth: usize,
    ) -> Built {
        let keep_open = |list: &crate::source::Loc| self.holds_comment(list);
        let indent = depth * INDENT.len() + head.chars().count() + 1;
        let mut lines = wide::requirement_lines(r, indent, LINE_WIDTH, &keep_open);
        if let Some(first) = lines.first_mut() {
            first.text = format!("{head} {}", first.text);
        }
        self.item_lines(start, end, depth, lines)
    }
}

/// Where a block's header ends: after its max, else its title, else its id.
fn header_end(
    id: &Node<String>,
    title: Option<&Node<String>>,
    max: Option<&Node<rust_decimal::Decimal>>,
) -> usize {
    max.map(|m| m.loc.end)
        .or(title.map(|t| t.loc.end))
        .unwrap_or(id.loc.end)
}

fn head_place(item: &ScoreItem) -> Option<&crate::source::Loc> {
    match item {
        ScoreItem::Band(b) => Some(&b.loc),
        ScoreItem::Pass(p) => Some(&p.loc),
        ScoreItem::EveryMetricAboveZero(m) | ScoreItem::BestTrack(m) => Some(&m.loc),
        ScoreItem::QualifyAnyDay(m) => Some(&m.loc),
        _ => None,
    }
}
