//! Scores (docs/scores.md): each line's requirement is measured as a path
//! would measure it ([`Context::requirement`]), and earns points by its
//! award; metrics cap and pick, tracks compete (or conditions pick one),
//! marks are held against the total, on the best day of the window when
//! there is one. Then what it would take: the best single steps, and a plan
//! to the next mark.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::Context;
use crate::outcome::*;
use crate::points::Points;
use crate::ruleset::{Award, LineRules, MetricRules, ScoreRules, TrackChoice};

impl Context<'_> {
    /// The score of competency `id` at the context's date, worked out once.
    pub(crate) fn score(&self, id: &str, rules: &ScoreRules) -> Arc<ScoreOutcome> {
        if let Some(done) = self.scores.borrow().get(id) {
            return done.clone();
        }
        let outcome = Arc::new(self.score_outcome(rules));
        self.scores
            .borrow_mut()
            .insert(id.to_string(), outcome.clone());
        outcome
    }

    fn score_outcome(&self, rules: &ScoreRules) -> ScoreOutcome {
        let (day, scored, days) = match rules.qualify_months {
            None => (self.date, self.score_on_day(rules), Vec::new()),
            Some(months) => {
                let mut days = Vec::new();
                for date in qualifying_days(self.date, months) {
                    days.push((date, self.day_score(rules, date)));
                }
                let totals = days
                    .iter()
                    .map(|(d, s)| (*d, s.tracks[s.track].total.clone()))
                    .collect();
                // The best day: the most marks reached, then the most points, then the latest.
                let best = days
                    .iter()
                    .enumerate()
                    .max_by(|(i, (_, a)), (j, (_, b))| {
                        let key =
                            |s: &DayScore| (marks_reached(rules, s), s.winner().total.clone());
                        key(a).cmp(&key(b)).then(j.cmp(i))
                    })
                    .map(|(i, _)| i)
                    .unwrap_or(0);
                let (day, scored) = days.swap_remove(best);
                // The memo keeps its own: the outcome takes a copy of the best day only.
                (day, Arc::unwrap_or_clone(scored), totals)
            }
        };
        let zero = zero_metrics(scored.winner());
        let marks = marks(rules, &scored);
        let reached = marks
            .iter()
            .filter(|m| m.reached)
            .filter_map(|m| m.level)
            .max();
        let passed = marks.last().is_some_and(|m| m.reached);
        let (steps, next) = if self.detail >= DetailLevel::Gaps {
            let steps = steps(scored.winner(), rules);
            let next = marks
                .iter()
                .find(|m| !m.reached)
                .map(|m| plan(rules, scored.winner(), m));
            (steps, next)
        } else {
            (Vec::new(), None)
        };
        ScoreOutcome {
            id: rules.id.clone(),
            title: rules.title.clone(),
            total: scored.winner().total.clone(),
            max: rules.max,
            marks,
            every_metric_above_zero: rules.every_metric_above_zero.then_some(zero),
            reached,
            passed,
            day,
            days,
            chosen_by: rules.chosen_by,
            track: scored.track,
            tracks: scored.tracks,
            steps,
            next,
        }
    }

    /// The score on `date` (the context's date, or a month end of its
    /// window), worked out once for all the contexts that share this one's
    /// [`ScoreMemo`].
    fn day_score(&self, rules: &ScoreRules, date: NaiveDate) -> Arc<DayScore> {
        let key = (std::ptr::from_ref(rules) as usize, date, self.detail);
        if let Some(done) = self.score_memo.0.borrow().days.get(&key) {
            return done.clone();
        }
        let scored = Arc::new(if date == self.date {
            self.score_on_day(rules)
        } else {
            self.at(date).score_on_day(rules)
        });
        self.score_memo
            .0
            .borrow_mut()
            .days
            .insert(key, scored.clone());
        scored
    }

    /// What the score decides on `date` (shared like [`Context::day_score`]).
    pub(super) fn day_verdict(&self, rules: &ScoreRules, date: NaiveDate) -> DayVerdict {
        let scored = self.day_score(rules, date);
        DayVerdict::of(
            rules,
            scored.winner().total.clone(),
            gate_open(rules, &scored),
        )
    }

    /// Every track at the context's date, and which wins.
    fn score_on_day(&self, rules: &ScoreRules) -> DayScore {
        let tracks: Vec<TrackOutcome> = rules
            .tracks
            .iter()
            .map(|t| {
                let categories: Vec<CategoryOutcome> = t
                    .categories
                    .iter()
                    .map(|c| {
                        let metrics: Vec<MetricOutcome> =
                            c.metrics.iter().map(|m| self.metric(m)).collect();
                        CategoryOutcome {
                            id: c.id.clone(),
                            title: c.title.clone(),
                            earned: metrics.iter().map(|m| &m.earned).sum(),
                            max: c.max,
                            metrics,
                        }
                    })
                    .collect();
                TrackOutcome {
                    id: t.id.clone(),
                    title: t.title.clone(),
                    when: t.when.as_ref().map(|r| self.requirement(r)),
                    total: categories.iter().map(|c| &c.earned).sum(),
                    max: t.max,
                    categories,
                }
            })
            .collect();
        let track = match rules.chosen_by {
            // The best track; the first written among equals.
            TrackChoice::Best => tracks
                .iter()
                .enumerate()
                .max_by(|(i, a), (j, b)| a.total.cmp(&b.total).then(j.cmp(i)))
                .map(|(i, _)| i)
                .unwrap_or(0),
            // The first whose condition is met, else the last (the fallback).
            TrackChoice::Condition => tracks
                .iter()
                .position(|t| t.when.as_ref().is_some_and(|w| w.met))
                .unwrap_or(tracks.len().saturating_sub(1)),
        };
        DayScore { tracks, track }
    }

    fn metric(&self, rules: &MetricRules) -> MetricOutcome {
        // In the outlook's search, after the first date, a metric whose
        // inputs have not changed since it was last worked out is not worked
        // out again.
        let base = self.score_memo.0.borrow().base;
        if !self.search || self.detail != DetailLevel::Verdict || self.date <= base {
            return self.metric_now(rules);
        }
        let key = std::ptr::from_ref(rules) as usize;
        let known = self.score_memo.0.borrow().metric_dates.get(&key).cloned();
        let dates = match known {
            Some(dates) => dates,
            None => {
                let dates = metric_change_dates(self, rules, base);
                let mut memo = self.score_memo.0.borrow_mut();
                memo.metric_dates.insert(key, dates.clone());
                dates
            }
        };
        let Some(dates) = dates else {
            return self.metric_now(rules);
        };
        let last_change = match dates.partition_point(|d| *d <= self.date) {
            0 => base,
            n => dates[n - 1],
        };
        if let Some(done) = self.score_memo.0.borrow().metrics.get(&(key, last_change)) {
            return done.clone();
        }
        let outcome = self.metric_now(rules);
        self.score_memo
            .0
            .borrow_mut()
            .metrics
            .insert((key, last_change), outcome.clone());
        outcome
    }

    fn metric_now(&self, rules: &MetricRules) -> MetricOutcome {
        let gates: Vec<RequirementOutcome> =
            rules.gates.iter().map(|g| self.requirement(g)).collect();
        let lines: Vec<LineOutcome> = if rules.not_applicable {
            Vec::new()
        } else {
            rules.lines.iter().map(|l| self.line(l)).collect()
        };
        let open = gates.iter().all(|g| g.met);
        let earned_each: Vec<Points> = lines.iter().map(|l| l.earned.clone()).collect();
        let would_earn = metric_points(rules.best_of, rules.max, &earned_each);
        MetricOutcome {
            id: rules.id.clone(),
            title: rules.title.clone(),
            earned: if open {
                would_earn.clone()
            } else {
                Points::zero()
            },
            max: rules.max,
            not_applicable: rules.not_applicable,
            gates,
            open,
            best_of: rules.best_of,
            lines,
            would_earn,
        }
    }

    fn line(&self, rules: &LineRules) -> LineOutcome {
        let requirement = self.requirement(&rules.requirement);
        let progress = Progress::of(&requirement);
        LineOutcome {
            text: rules.text.clone(),
            award: rules.award,
            points: rules.points,
            earned: progress.earned(rules.award, rules.points),
            requirement,
        }
    }
}

/// Every date after `base` on which something a metric's gates and lines
/// measure changes: a record entering or leaving a line's window, a person
/// holding one of its codes arriving (after the association wait), leaving,
/// passing or losing it (expiry, or a retired code's last accepted day), an
/// attestation granted or expiring. `None` for a metric that measures
/// anything else (customers, growth, another level), whose changes these
/// do not cover: it is worked out on every date.
fn metric_change_dates(
    ctx: &Context,
    rules: &MetricRules,
    base: NaiveDate,
) -> Option<Vec<NaiveDate>> {
    use super::outlook::{attestation_dates, people_dates, record_dates};
    use crate::ruleset::RequirementRule;
    let mut dates = Vec::new();
    let mut codes = Vec::new();
    let mut attested = Vec::new();
    for r in rules
        .gates
        .iter()
        .chain(rules.lines.iter().map(|l| &l.requirement))
    {
        match &r.rule {
            RequirementRule::Performance(rule) => record_dates(ctx, rule, &mut dates),
            RequirementRule::Skill(rule) => {
                codes.extend(rule.qualification.codes());
                if let Some(o) = &rule.of_which {
                    codes.extend(o.qualification.codes());
                }
            }
            RequirementRule::Attested(rule) => attested.extend(&rule.codes),
            _ => return None,
        }
    }
    attestation_dates(ctx, &attested, &mut dates);
    people_dates(ctx, &codes, &mut dates);
    dates.retain(|d| *d > base);
    dates.sort_unstable();
    dates.dedup();
    Some(dates)
}

/// A day score's key: the score's rules (their address), the day, the detail.
type DayKey = (usize, NaiveDate, DetailLevel);

/// What the evaluations of one organization share about its scores (every
/// context [`Context::at`] makes from the first shares the first's): the
/// renewal outlook evaluates a score again on every date something its lines
/// look at changes, and most of what it finds is what it found before.
#[derive(Clone)]
pub(crate) struct ScoreMemo(std::rc::Rc<std::cell::RefCell<Memo>>);

struct Memo {
    /// The first context's date: change dates are counted from it.
    base: NaiveDate,
    /// Scores on single days (a window's month ends recur from one change
    /// date to the next).
    days: HashMap<DayKey, Arc<DayScore>>,
    /// Per metric (its rules' address): the dates after `base` on which
    /// anything its gates and lines measure changes, or `None` when it
    /// measures something whose changes are not listed here.
    metric_dates: HashMap<usize, Option<Vec<NaiveDate>>>,
    /// A metric at verdict detail on the last of its change dates (or
    /// `base`): the same on every day until its next change date.
    metrics: HashMap<(usize, NaiveDate), MetricOutcome>,
}

impl ScoreMemo {
    pub(crate) fn new(base: NaiveDate) -> ScoreMemo {
        ScoreMemo(std::rc::Rc::new(std::cell::RefCell::new(Memo {
            base,
            days: HashMap::new(),
            metric_dates: HashMap::new(),
            metrics: HashMap::new(),
        })))
    }
}

/// Every track on one day, and the index of the winner.
#[derive(Clone)]
struct DayScore {
    tracks: Vec<TrackOutcome>,
    track: usize,
}

impl DayScore {
    fn winner(&self) -> &TrackOutcome {
        &self.tracks[self.track]
    }
}

/// The days `qualify any day over N months` looks at: the evaluation date,
/// then the last day of each of the N − 1 months before its month (the
/// program's data is monthly), latest first.
pub fn qualifying_days(date: NaiveDate, months: u32) -> Vec<NaiveDate> {
    let mut days = vec![date];
    let mut month_start = date.with_day(1).expect("day 1 exists");
    for _ in 1..months {
        let Some(end) = month_start.pred_opt() else {
            break;
        };
        days.push(end);
        month_start = end.with_day(1).expect("day 1 exists");
    }
    days
}

/// The first day of each month in (from, through]: when `qualify any day`
/// looks at a new set of month ends.
pub fn month_starts(from: NaiveDate, through: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut day = from.with_day(1).expect("day 1 exists");
    while let Some(next) = day.checked_add_months(chrono::Months::new(1)) {
        if next > through {
            break;
        }
        out.push(next);
        day = next;
    }
    out
}

/// Why a score that met `level` the day before (`before`) no longer does.
pub(crate) fn falls(
    rules: &ScoreRules,
    before: &ScoreOutcome,
    after: &ScoreOutcome,
    level: crate::vocabulary::Level,
) -> LapseCause {
    let metrics = |track: &TrackOutcome| -> Vec<(MetricRef, Points)> {
        all_metrics(track)
            .map(|m| (metric_ref(m), m.earned.clone()))
            .collect()
    };
    let (from, to) = (before.winner(), after.winner());
    // The condition of the track that counted, if it no longer holds.
    let lapsed = |id: &str| {
        let track = after.tracks.iter().find(|t| t.id.as_deref() == Some(id))?;
        track
            .when
            .as_ref()
            .filter(|w| !w.met)
            .map(|w| w.text.clone())
    };
    let switch = track_switch(from.id.as_ref(), to.id.as_ref(), lapsed);
    fall(
        rules,
        level,
        after.total.clone(),
        &metrics(from),
        metrics(to),
        switch,
    )
}

/// What [`falls`] says, from the day before's metrics of the track that
/// counted (`before`) and the day's of the track that counts (`after`):
/// the total, the mark no longer reached, the metrics earning less, and the
/// track that stopped counting. The renewal outlook's sweep says it from the
/// same parts.
pub(super) fn fall(
    rules: &ScoreRules,
    level: crate::vocabulary::Level,
    total: Points,
    before: &[(MetricRef, Points)],
    after: Vec<(MetricRef, Points)>,
    track: Option<TrackSwitch>,
) -> LapseCause {
    let at = rules
        .marks()
        .into_iter()
        .find(|(l, _)| l.is_none_or(|l| l == level))
        .map_or(Decimal::ZERO, |(_, at)| at);
    let metrics = after
        .into_iter()
        .filter_map(|(metric, now)| {
            let (_, was) = before.iter().find(|(m, _)| m.id == metric.id)?;
            (now < *was).then(|| (metric, was.clone(), now))
        })
        .collect();
    LapseCause::ScoreFalls(ScoreFall {
        total,
        at,
        metrics,
        track,
    })
}

/// The track that counts changed from `from` to `to` (both named), and
/// `lapsed(from)`: its condition, when that no longer holds, as written.
pub(super) fn track_switch(
    from: Option<&String>,
    to: Option<&String>,
    lapsed: impl FnOnce(&str) -> Option<std::sync::Arc<str>>,
) -> Option<TrackSwitch> {
    let (from, to) = (from?, to?);
    if from == to {
        return None;
    }
    Some(TrackSwitch {
        from: from.clone(),
        to: to.clone(),
        condition: lapsed(from),
    })
}

/// A metric's points from its lines' own: their sum (or the best, with
/// `best of`), capped at its maximum.
fn metric_points(best_of: bool, max: Decimal, lines: &[Points]) -> Points {
    let raw = if best_of {
        lines.iter().cloned().max().unwrap_or_default()
    } else {
        lines.iter().sum()
    };
    raw.min(Points::from_decimal(max))
}

/// How far a requirement has come: actual of required, and for `of which`
/// the part's actual of its required.
#[derive(Clone, Debug)]
pub(super) struct Progress {
    actual: Decimal,
    required: Decimal,
    part: Option<(Decimal, Decimal)>,
    /// A growth or change whose baseline is below its floor: no growth
    /// counts (docs/customers.md), so the line earns nothing and no more of
    /// the measure helps.
    blocked: bool,
}

impl Progress {
    /// Actual of required, with no `of which` part and nothing blocked.
    pub(super) fn new(
        actual: Decimal,
        required: Decimal,
        part: Option<(Decimal, Decimal)>,
    ) -> Self {
        Progress {
            actual,
            required,
            part,
            blocked: false,
        }
    }

    fn of(o: &RequirementOutcome) -> Progress {
        let part = match &o.detail {
            Detail::Skill(s) => s
                .of_which
                .as_ref()
                .map(|w| (Decimal::from(w.actual), Decimal::from(w.required))),
            _ => None,
        };
        let blocked = match &o.detail {
            Detail::Growth(g) => g.baseline.as_ref().is_some_and(|b| !b.met),
            _ => false,
        };
        Progress {
            actual: o.actual,
            required: o.required,
            part,
            blocked,
        }
    }

    pub(super) fn met(&self) -> bool {
        !self.blocked && self.actual >= self.required && self.part.is_none_or(|(a, r)| a >= r)
    }

    /// min(1, actual ÷ required), and no more than the `of which` part's.
    fn fraction(&self) -> Points {
        let one = Points::from_decimal(Decimal::ONE);
        let whole = Points::ratio(self.actual, self.required).min(one.clone());
        match self.part {
            Some((a, r)) => whole.min(Points::ratio(a, r).min(one)),
            None => whole,
        }
    }

    /// Never below 0: a net count or a change can be negative, and a line
    /// earns nothing then rather than taking points from the others.
    pub(super) fn earned(&self, award: Award, points: Decimal) -> Points {
        if self.blocked {
            return Points::zero();
        }
        // Most pro-rata lines are met or earn nothing: no fractions needed
        // then (a zero requirement, whose fraction is 0, aside).
        let required =
            self.required > Decimal::ZERO && self.part.is_none_or(|(_, r)| r > Decimal::ZERO);
        if award == Award::ProRata && required {
            if self.met() {
                return Points::from_decimal(points).max(Points::zero());
            }
            if self.actual <= Decimal::ZERO {
                return Points::zero();
            }
        }
        let points = Points::from_decimal(points);
        let earned = match award {
            Award::ProRata => &points * &self.fraction(),
            Award::AllOrNothing if self.met() => points,
            Award::AllOrNothing => Points::zero(),
            Award::Per => &points * &Points::ratio(self.actual, self.required).floor(),
        };
        earned.max(Points::zero())
    }

    /// The same with `more` added (to the `of which` part as well: the
    /// people added are taken to hold both).
    fn plus(&self, more: Decimal) -> Progress {
        Progress {
            actual: self.actual + more,
            required: self.required,
            part: self.part.map(|(a, r)| (a + more, r)),
            blocked: self.blocked,
        }
    }
}

/// Applicable metrics of `track` that earned nothing.
fn zero_metrics(track: &TrackOutcome) -> Vec<MetricRef> {
    track
        .categories
        .iter()
        .flat_map(|c| &c.metrics)
        .filter(|m| !m.not_applicable && !m.earned.is_positive())
        .map(metric_ref)
        .collect()
}

fn metric_ref(m: &MetricOutcome) -> MetricRef {
    MetricRef {
        id: m.id.clone(),
        title: m.title.clone(),
    }
}

fn marks(rules: &ScoreRules, scored: &DayScore) -> Vec<Mark> {
    marks_of(rules, &scored.winner().total, gate_open(rules, scored))
}

/// `every metric above 0` holds (or is not asked) on the day.
fn gate_open(rules: &ScoreRules, scored: &DayScore) -> bool {
    !rules.every_metric_above_zero || zero_metrics(scored.winner()).is_empty()
}

/// The marks against `total`, none reached unless `gate_open`.
fn marks_of(rules: &ScoreRules, total: &Points, gate_open: bool) -> Vec<Mark> {
    rules
        .marks()
        .into_iter()
        .map(|(level, at)| Mark {
            level,
            at,
            reached: gate_open && *total >= Points::from_decimal(at),
        })
        .collect()
}

fn marks_reached(rules: &ScoreRules, scored: &DayScore) -> usize {
    marks(rules, scored).iter().filter(|m| m.reached).count()
}

/// What a day's score decides: how many marks it reaches, its total (the
/// best day of a window is the one reaching most marks, then with the most
/// points) and the highest level reached.
#[derive(Clone, Debug)]
pub(super) struct DayVerdict {
    pub marks_reached: usize,
    pub total: Points,
    pub reached: Option<crate::vocabulary::Level>,
}

impl DayVerdict {
    pub(super) fn of(rules: &ScoreRules, total: Points, gate_open: bool) -> DayVerdict {
        let marks = marks_of(rules, &total, gate_open);
        DayVerdict {
            marks_reached: marks.iter().filter(|m| m.reached).count(),
            reached: marks
                .iter()
                .filter(|m| m.reached)
                .filter_map(|m| m.level)
                .max(),
            total,
        }
    }

    /// Of `days` (latest first), the verdict of the best: the most marks
    /// reached, then the most points, then the latest.
    pub(super) fn best(days: impl IntoIterator<Item = DayVerdict>) -> Option<DayVerdict> {
        let mut best: Option<DayVerdict> = None;
        for day in days {
            let better = best
                .as_ref()
                .is_none_or(|b| (day.marks_reached, &day.total) > (b.marks_reached, &b.total));
            if better {
                best = Some(day);
            }
        }
        best
    }
}

// ------------------------------------------------------- what it would take

/// A metric's state while steps are tried on it.
#[derive(Clone)]
struct MetricState<'o> {
    outcome: &'o MetricOutcome,
    lines: Vec<Progress>,
    gates_open: Vec<bool>,
}

impl<'o> MetricState<'o> {
    fn new(outcome: &'o MetricOutcome) -> Self {
        MetricState {
            outcome,
            lines: outcome
                .lines
                .iter()
                .map(|l| Progress::of(&l.requirement))
                .collect(),
            gates_open: outcome.gates.iter().map(|g| g.met).collect(),
        }
    }

    fn earned(&self) -> Points {
        if self.gates_open.iter().any(|open| !open) {
            return Points::zero();
        }
        metric_points(self.outcome.best_of, self.outcome.max, &self.each_line())
    }

    /// What each line earns, its gates aside.
    fn each_line(&self) -> Vec<Points> {
        self.outcome
            .lines
            .iter()
            .zip(&self.lines)
            .map(|(l, p)| p.earned(l.award, l.points))
            .collect()
    }

    /// The next step each line or closed gate offers, with what the metric
    /// would then earn.
    fn candidates(&self) -> Vec<(Candidate, Points)> {
        let mut out = Vec::new();
        let closed: Vec<usize> = (0..self.gates_open.len())
            .filter(|i| !self.gates_open[*i])
            .collect();
        if !closed.is_empty() {
            // Every closed gate must open before a line counts: one step
            // for all of them, which gains all the metric would then earn.
            let mut opened = self.clone();
            opened.gates_open.iter_mut().for_each(|g| *g = true);
            let gain = opened.earned();
            let g = closed[0];
            out.push((Candidate::Gate(g), gain));
            return out;
        }
        // The gates are open: a step changes one line's points only.
        let each = self.each_line();
        let now = metric_points(self.outcome.best_of, self.outcome.max, &each);
        let mut after = each.clone();
        for (i, (line, progress)) in self.outcome.lines.iter().zip(&self.lines).enumerate() {
            let Some(more) = step_size(line, progress) else {
                continue;
            };
            after[i] = progress.plus(more.0).earned(line.award, line.points);
            let gain = &metric_points(self.outcome.best_of, self.outcome.max, &after) - &now;
            after[i] = each[i].clone();
            if gain.is_positive() {
                out.push((Candidate::Line(i, more.0, more.1), gain));
            }
        }
        out
    }

    fn apply(&mut self, candidate: &Candidate) {
        match candidate {
            Candidate::Gate(_) => self.gates_open.iter_mut().for_each(|g| *g = true),
            Candidate::Line(i, more, _) => self.lines[*i] = self.lines[*i].plus(*more),
        }
    }

    fn step(&self, candidate: &Candidate, gain: Points) -> Step {
        let (kind, text, more, unit) = match candidate {
            Candidate::Gate(g) => {
                // Every closed gate, together: the lines count only once all are met.
                let closed: Vec<&RequirementOutcome> =
                    self.outcome.gates.iter().filter(|gate| !gate.met).collect();
                let text: Vec<&str> = closed.iter().map(|gate| &*gate.text).collect();
                (
                    StepKind::OpenGate,
                    Arc::from(text.join("` and `only if ")),
                    closed.iter().map(|gate| gate.short_by()).sum(),
                    self.outcome.gates[*g].unit,
                )
            }
            Candidate::Line(i, more, kind) => {
                let line = &self.outcome.lines[*i];
                (*kind, line.text.clone(), *more, line.requirement.unit)
            }
        };
        Step {
            metric: metric_ref(self.outcome),
            kind,
            text,
            more,
            unit,
            gain,
        }
    }
}

/// A metric's next steps with what each gains, once worked out.
type Offers = Option<Vec<(Candidate, Points)>>;

#[derive(Clone, Debug, PartialEq)]
enum Candidate {
    /// Open the metric's gates (the first closed one named).
    Gate(usize),
    /// Add this much to line `i`'s measure.
    Line(usize, Decimal, StepKind),
}

/// Units counted one by one: a step is one more of them.
fn countable(unit: Unit) -> bool {
    matches!(
        unit,
        Unit::People | Unit::Customers | Unit::Attestations | Unit::Levels
    )
}

/// The next step a line offers, and of what kind; `None` when the line
/// has all its points.
fn step_size(line: &LineOutcome, progress: &Progress) -> Option<(Decimal, StepKind)> {
    let unit = line.requirement.unit;
    if progress.blocked {
        return None;
    }
    match line.award {
        Award::Per => {
            let step = progress.required;
            if step.is_zero() {
                return None;
            }
            let steps = (progress.actual / step).floor();
            // Past the largest amount there is no next step to take.
            let next = step.checked_mul(steps.checked_add(Decimal::ONE)?)?;
            let more = next - progress.actual;
            let kind = if countable(unit) && more == Decimal::ONE {
                StepKind::OneMore
            } else {
                StepKind::Reach
            };
            Some((more, kind))
        }
        _ if progress.met() => None,
        Award::ProRata if countable(unit) => Some((Decimal::ONE, StepKind::OneMore)),
        _ => {
            let short = (progress.required - progress.actual).max(Decimal::ZERO);
            let part = progress
                .part
                .map_or(Decimal::ZERO, |(a, r)| (r - a).max(Decimal::ZERO));
            Some((short.max(part), StepKind::Reach))
        }
    }
}

fn all_metrics(track: &TrackOutcome) -> impl Iterator<Item = &MetricOutcome> {
    track
        .categories
        .iter()
        .flat_map(|c| &c.metrics)
        .filter(|m| !m.not_applicable)
}

/// The best single step of each line and gate, most points first.
fn steps(track: &TrackOutcome, _rules: &ScoreRules) -> Vec<Step> {
    let mut out: Vec<Step> = Vec::new();
    for m in all_metrics(track) {
        let state = MetricState::new(m);
        for (candidate, gain) in state.candidates() {
            out.push(state.step(&candidate, gain));
        }
    }
    // Most points first; among equals, a single unit before an amount, then as written.
    out.sort_by(|a, b| {
        b.gain
            .cmp(&a.gain)
            .then((a.kind != StepKind::OneMore).cmp(&(b.kind != StepKind::OneMore)))
    });
    out
}

/// How many steps a plan may take: far more than any real gap needs, few
/// enough that the search is instant.
const MAX_PLAN_STEPS: usize = 500;

/// A way to `mark` from the winning track, found greedily: first a step
/// for each metric at zero when every metric must be above it, then the
/// step that gains most, again and again. Steps on the same line merge.
fn plan(rules: &ScoreRules, track: &TrackOutcome, mark: &Mark) -> ToNext {
    let target = Points::from_decimal(mark.at);
    let mut states: Vec<MetricState> = all_metrics(track).map(MetricState::new).collect();
    let mut total = track.total.clone();
    let mut plan: Vec<Step> = Vec::new();
    let merge = |plan: &mut Vec<Step>, step: Step| match plan.last_mut() {
        Some(last)
            if last.text == step.text
                && last.metric == step.metric
                && last.kind == step.kind
                && step.kind != StepKind::OpenGate =>
        {
            last.more += step.more;
            last.gain = &last.gain + &step.gain;
        }
        _ => plan.push(step),
    };
    // Each metric's next steps, worked out when first asked for and again
    // only when that metric takes one: the others' are unchanged by it.
    let mut offers: Vec<Offers> = vec![None; states.len()];
    let offer = |states: &[MetricState], offers: &mut [Offers], m: usize| {
        offers[m]
            .get_or_insert_with(|| states[m].candidates())
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1))
            .cloned()
    };
    let take = |states: &mut [MetricState],
                offers: &mut [Offers],
                plan: &mut Vec<Step>,
                m: usize|
     -> Option<Points> {
        let (candidate, gain) = offer(states, offers, m)?;
        let step = states[m].step(&candidate, gain.clone());
        states[m].apply(&candidate);
        offers[m] = None;
        merge(plan, step);
        Some(gain)
    };
    if rules.every_metric_above_zero {
        for m in 0..states.len() {
            let mut guard = 0;
            while !states[m].earned().is_positive() && guard < MAX_PLAN_STEPS {
                guard += 1;
                match take(&mut states, &mut offers, &mut plan, m) {
                    Some(gain) => total = &total + &gain,
                    None => break,
                }
            }
        }
    }
    for _ in 0..MAX_PLAN_STEPS {
        if total >= target {
            break;
        }
        let best = (0..states.len())
            .filter_map(|m| offer(&states, &mut offers, m).map(|(_, gain)| (m, gain)))
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
        let Some((m, _)) = best else {
            break;
        };
        match take(&mut states, &mut offers, &mut plan, m) {
            Some(gain) => total = &total + &gain,
            None => break,
        }
    }
    let still_zero = if rules.every_metric_above_zero {
        states
            .iter()
            .filter(|s| !s.earned().is_positive())
            .map(|s| metric_ref(s.outcome))
            .collect()
    } else {
        Vec::new()
    };
    let reached = total >= target && still_zero.is_empty();
    ToNext {
        level: mark.level,
        at: mark.at,
        short: (&target - &track.total).max(Points::zero()),
        plan: if reached { plan } else { Vec::new() },
        reaches: total,
        still_zero,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_months_are_the_date_and_five_month_ends() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 15).unwrap();
        let days = qualifying_days(d, 6);
        let want: Vec<NaiveDate> = [
            (2024, 3, 15),
            (2024, 2, 29),
            (2024, 1, 31),
            (2023, 12, 31),
            (2023, 11, 30),
            (2023, 10, 31),
        ]
        .iter()
        .map(|(y, m, d)| NaiveDate::from_ymd_opt(*y, *m, *d).unwrap())
        .collect();
        assert_eq!(days, want);
    }
}
