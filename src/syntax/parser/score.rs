//! pest pairs → the tree of a `score` block (`score_tree.rs`).

use std::str::FromStr;

use pest::iterators::Pair;
use rust_decimal::Decimal;

use super::{Rule, TreeBuilder, parts, without_separators};
use crate::source::Node;
use crate::syntax::error::{NumberKind, SyntaxErrorKind};
use crate::syntax::tree::*;

impl TreeBuilder<'_> {
    pub(super) fn score(&mut self, pair: Pair<Rule>) -> Node<ScoreDef> {
        let loc = self.loc(&pair);
        let mut inner = parts(pair).skip(1).peekable(); // kw_score
        let id = self.ident(inner.next().expect("score id"));
        let title = self.title(&mut inner);
        let max = self.points_max(&mut inner);
        let items = inner.map(|p| self.score_item(p)).collect();
        Node::new(
            ScoreDef {
                id,
                title,
                max,
                items,
            },
            loc,
        )
    }

    fn title<'i>(
        &mut self,
        inner: &mut std::iter::Peekable<impl Iterator<Item = Pair<'i, Rule>>>,
    ) -> Option<Node<String>> {
        match inner.peek().map(|p| p.as_rule()) {
            Some(Rule::string) => Some(self.string(inner.next().expect("title"))),
            _ => None,
        }
    }

    fn points_max<'i>(
        &mut self,
        inner: &mut std::iter::Peekable<impl Iterator<Item = Pair<'i, Rule>>>,
    ) -> Option<Node<Decimal>> {
        match inner.peek().map(|p| p.as_rule()) {
            Some(Rule::points_max) => {
                let max = inner.next().expect("max");
                let value = parts(max).nth(1).expect("max points");
                Some(self.points(value))
            }
            _ => None,
        }
    }

    /// A number of points: whole or decimal (`10`, `2.5`).
    fn points(&mut self, pair: Pair<Rule>) -> Node<Decimal> {
        let loc = self.loc(&pair);
        self.check_digits(&pair, None, true);
        let value = Decimal::from_str(&without_separators(pair.as_str())).unwrap_or_else(|_| {
            self.error(
                SyntaxErrorKind::NumberTooLarge {
                    what: NumberKind::Amount,
                },
                loc.clone(),
            );
            Decimal::ZERO
        });
        Node::new(value, loc)
    }

    fn score_item(&mut self, pair: Pair<Rule>) -> ScoreItem {
        let loc = self.loc(&pair);
        match pair.as_rule() {
            Rule::band => {
                let mut inner = parts(pair).filter(|p| p.as_rule() != Rule::kw_at);
                let level = self.level_name(inner.next().expect("band level"));
                let at = self.points(inner.next().expect("band points"));
                ScoreItem::Band(Node::new(Band { level, at }, loc))
            }
            Rule::pass_mark => {
                let points = self.points(parts(pair).nth(1).expect("pass points"));
                ScoreItem::Pass(Node::new(points.node, loc))
            }
            Rule::every_metric => ScoreItem::EveryMetricAboveZero(Node::new((), loc)),
            Rule::qualify_window => {
                let count = parts(pair)
                    .find(|p| p.as_rule() == Rule::count)
                    .expect("window months");
                let months = self.count(count);
                ScoreItem::QualifyAnyDay(Node::new(months.node, loc))
            }
            Rule::best_track => ScoreItem::BestTrack(Node::new((), loc)),
            Rule::track => ScoreItem::Track(self.track(pair)),
            Rule::category => ScoreItem::Category(self.category(pair)),
            Rule::score_metric => ScoreItem::Metric(self.score_metric(pair)),
            other => unreachable!("score item cannot be {other:?}"),
        }
    }

    fn track(&mut self, pair: Pair<Rule>) -> Node<TrackDef> {
        let loc = self.loc(&pair);
        let mut inner = parts(pair).skip(1).peekable(); // kw_track
        let id = self.ident(inner.next().expect("track id"));
        let title = self.title(&mut inner);
        let when = match inner.peek().map(|p| p.as_rule()) {
            Some(Rule::track_when) => {
                let when = inner.next().expect("track condition");
                let requirement = parts(when).nth(1).expect("condition requirement");
                Some(Box::new(self.scored_requirement(requirement)))
            }
            _ => None,
        };
        let items = inner
            .map(|p| match p.as_rule() {
                Rule::category => TrackItem::Category(self.category(p)),
                _ => TrackItem::Metric(self.score_metric(p)),
            })
            .collect();
        Node::new(
            TrackDef {
                id,
                title,
                when,
                items,
            },
            loc,
        )
    }

    fn category(&mut self, pair: Pair<Rule>) -> Node<CategoryDef> {
        let loc = self.loc(&pair);
        let mut inner = parts(pair).skip(1).peekable(); // kw_category
        let id = self.ident(inner.next().expect("category id"));
        let title = self.title(&mut inner);
        let max = self.points_max(&mut inner);
        let metrics = inner.map(|p| self.score_metric(p)).collect();
        Node::new(
            CategoryDef {
                id,
                title,
                max,
                metrics,
            },
            loc,
        )
    }

    fn score_metric(&mut self, pair: Pair<Rule>) -> Node<ScoreMetricDef> {
        let loc = self.loc(&pair);
        let mut inner = parts(pair).skip(1).peekable(); // kw_metric
        let id = self.ident(inner.next().expect("metric id"));
        let title = self.title(&mut inner);
        let max = self.points_max(&mut inner);
        let mut not_applicable = None;
        let mut items = Vec::new();
        for p in inner {
            let loc = self.loc(&p);
            match p.as_rule() {
                Rule::not_applicable => not_applicable = Some(Node::new((), loc)),
                Rule::gate => {
                    let requirement = parts(p).nth(2).expect("gate requirement");
                    items.push(MetricItem::Gate(self.scored_requirement(requirement)));
                }
                Rule::best_of => items.push(MetricItem::BestOf(Node::new((), loc))),
                Rule::points_line => items.push(MetricItem::Line(self.points_line(p))),
                Rule::per_line => items.push(MetricItem::Line(self.per_line(p))),
                other => unreachable!("metric item cannot be {other:?}"),
            }
        }
        Node::new(
            ScoreMetricDef {
                id,
                title,
                max,
                not_applicable,
                items,
            },
            loc,
        )
    }

    /// A requirement written after `only if` or `N points:`.
    pub(super) fn scored_requirement(&mut self, pair: Pair<Rule>) -> Node<Requirement> {
        let loc = self.loc(&pair);
        let requirement = match pair.as_rule() {
            Rule::performance => Requirement::Performance(self.performance(pair)),
            Rule::skill => Requirement::Skill(self.skill(pair)),
            Rule::attested => Requirement::Attested(self.attested(pair)),
            Rule::entity_count => Requirement::Entities(self.entity_count(pair)),
            Rule::growth => Requirement::Growth(self.growth(pair)),
            other => unreachable!("a scored requirement cannot be {other:?}"),
        };
        Node::new(requirement, loc)
    }

    fn points_line(&mut self, pair: Pair<Rule>) -> Node<PointsLine> {
        let loc = self.loc(&pair);
        let mut points = None;
        let mut all_or_nothing = false;
        let mut requirement = None;
        for p in parts(pair) {
            match p.as_rule() {
                Rule::points_value => points = Some(self.points(p)),
                Rule::all_or_nothing => all_or_nothing = true,
                Rule::points_word | Rule::colon => {}
                _ => requirement = Some(self.scored_requirement(p)),
            }
        }
        let requirement = requirement.expect("line requirement");
        let kind = if all_or_nothing {
            LineKind::AllOrNothing(requirement)
        } else {
            LineKind::ProRata(requirement)
        };
        Node::new(
            PointsLine {
                points: points.expect("line points"),
                kind,
            },
            loc,
        )
    }

    fn per_line(&mut self, pair: Pair<Rule>) -> Node<PointsLine> {
        let loc = self.loc(&pair);
        let mut points = None;
        let mut step: Option<Node<Amount>> = None;
        let mut measure = None;
        for p in parts(pair) {
            match p.as_rule() {
                Rule::points_value => points = Some(self.points(p)),
                Rule::per_unit => {
                    let unit = parts(p).next().expect("per unit");
                    step = match unit.as_rule() {
                        Rule::amount => Some(self.amount(unit)),
                        _ => None,
                    };
                }
                Rule::per_measure => measure = Some(p),
                _ => {}
            }
        }
        let measure = measure.expect("per measure");
        let measure_loc = self.loc(&measure);
        let first = parts(measure.clone()).next().expect("measure");
        let per = if first.as_rule() == Rule::people_measure {
            let qualification = parts(first).nth(1).expect("people qualification");
            PerMeasure::People(self.qualification(qualification))
        } else if first.as_rule() == Rule::per_change {
            let mut kind = None;
            let mut of = None;
            let mut window_months = None;
            let mut since = None;
            for part in parts(first) {
                match part.as_rule() {
                    Rule::kw_change => {
                        kind = Some(self.node(crate::vocabulary::GrowthKind::Change, &part))
                    }
                    Rule::growth_of => of = Some(self.growth_of(part)),
                    Rule::window => window_months = Some(self.window(part)),
                    Rule::since => since = Some(self.since(part)),
                    other => unreachable!("a change per step cannot hold {other:?}"),
                }
            }
            PerMeasure::change(
                kind.expect("change"),
                of.expect("change measure"),
                step_threshold(&step, measure_loc.clone()),
                window_months,
                since,
            )
        } else {
            let threshold = step_threshold(&step, measure_loc.clone());
            PerMeasure::Performance(Box::new(self.performance_measure(measure, Some(threshold))))
        };
        Node::new(
            PointsLine {
                points: points.expect("line points"),
                kind: LineKind::Per {
                    step,
                    measure: Node::new(per, measure_loc),
                },
            },
            loc,
        )
    }
}
