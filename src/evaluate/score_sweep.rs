//! When a score reaches its marks, found in one sweep: what each line
//! measures (a sum of records, a count of people or of attestations) as
//! [`Steps`] over the days after the evaluation date, built by the same
//! sweeps as path timelines; the points a metric earns on each of its own
//! change dates; and a track's total, the track that counts and the marks
//! reached on any day from those, without evaluating the score again.
//!
//! The renewal outlook asks this on every date something changes. A score
//! whose lines measure anything else (customers, growth, another level), or
//! with records a sweep cannot add exactly, is not swept: the outlook
//! evaluates it again on each date instead, as `outlook::by_reevaluation`
//! does for everything, and the tests hold the two to the same answers.

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::Context;
use super::score::{DayVerdict, Progress, fall, qualifying_days, track_switch};
use super::timeline::{Steps, Timelines};
use crate::outcome::{LapseCause, MetricRef};
use crate::points::Points;
use crate::ruleset::{
    MetricRules, Requirement, RequirementRule, ScoreRules, SkillRule, TrackChoice,
};
use crate::vocabulary::Level;

/// A score's verdict on any day from the evaluation date through the horizon.
pub(crate) struct ScoreSweep<'r> {
    rules: &'r ScoreRules,
    tracks: Vec<TrackSteps>,
    /// Day verdicts already worked out (a window's days recur from one date to the next).
    days: RefCell<HashMap<NaiveDate, DayVerdict>>,
}

struct TrackSteps {
    /// `when`: whether the condition holds.
    when: Option<Steps<bool>>,
    /// Every metric of the track, its categories flattened.
    metrics: Vec<MetricSteps>,
}

struct MetricSteps {
    applicable: bool,
    earned: Steps<Points>,
}

impl<'r> ScoreSweep<'r> {
    /// `None` when a line, gate or condition measures something no sweep follows.
    pub fn new(timelines: &Timelines, rules: &'r ScoreRules) -> Option<Self> {
        // The people are swept once for every skill requirement of the score.
        let skills: Vec<&SkillRule> = rules
            .requirements()
            .filter_map(|r| match &r.rule {
                RequirementRule::Skill(rule) => Some(rule),
                _ => None,
            })
            .collect();
        let counted = Measures {
            timelines,
            skills: skills.iter().map(|s| std::ptr::from_ref(*s)).collect(),
            counts: timelines.skill_counts(&skills)?,
        };
        let tracks = rules
            .tracks
            .iter()
            .map(|t| {
                let when = match &t.when {
                    Some(r) => Some(counted.progress(r)?.map(Progress::met).squeezed()),
                    None => None,
                };
                let metrics = t
                    .categories
                    .iter()
                    .flat_map(|c| &c.metrics)
                    .map(|m| counted.metric(m))
                    .collect::<Option<Vec<_>>>()?;
                Some(TrackSteps { when, metrics })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(ScoreSweep {
            rules,
            tracks,
            days: RefCell::default(),
        })
    }

    /// Every date on which the score's verdict may change: a metric's points
    /// or a track's condition change, or (with `qualify any day`) a new month
    /// brings a new set of month ends.
    pub fn dates(&self, ctx: &Context, horizon: NaiveDate) -> Vec<NaiveDate> {
        let mut dates: Vec<NaiveDate> = self
            .tracks
            .iter()
            .flat_map(|t| {
                let when = t.when.iter().flat_map(|w| w.dates());
                when.chain(t.metrics.iter().flat_map(|m| m.earned.dates()))
            })
            .collect();
        if self.rules.qualify_months.is_some() {
            dates.extend(super::score::month_starts(ctx.date, horizon));
        }
        dates.sort_unstable();
        dates.dedup();
        dates
    }

    /// The highest level the score reaches on `date` (after the context's
    /// date): on that day, or on the best day of its window.
    pub fn reached(&self, ctx: &Context, date: NaiveDate) -> Option<Level> {
        let days = match self.rules.qualify_months {
            None => vec![date],
            Some(months) => qualifying_days(date, months),
        };
        let verdicts: Vec<DayVerdict> = days.into_iter().map(|day| self.day(ctx, day)).collect();
        DayVerdict::best(verdicts)?.reached
    }

    fn day(&self, ctx: &Context, day: NaiveDate) -> DayVerdict {
        if self.rules.qualify_months.is_none() {
            return self.swept_day(day);
        }
        if let Some(known) = self.days.borrow().get(&day) {
            return known.clone();
        }
        // Days of the window before the evaluation date are not swept: the
        // evaluation itself worked them out.
        let verdict = if day < ctx.date {
            ctx.day_verdict(self.rules, day)
        } else {
            self.swept_day(day)
        };
        self.days.borrow_mut().insert(day, verdict.clone());
        verdict
    }

    fn swept_day(&self, day: NaiveDate) -> DayVerdict {
        let Some((track, total)) = self.winner(day) else {
            return DayVerdict::of(self.rules, Points::zero(), true);
        };
        let gate_open = !self.rules.every_metric_above_zero
            || self.tracks[track]
                .metrics
                .iter()
                .all(|m| !m.applicable || m.earned.at(day).is_positive());
        DayVerdict::of(self.rules, total, gate_open)
    }

    /// The track that counts on `day`, and its total.
    fn winner(&self, day: NaiveDate) -> Option<(usize, Points)> {
        let total = |t: &TrackSteps| -> Points { t.metrics.iter().map(|m| m.earned.at(day)).sum() };
        match self.rules.chosen_by {
            // The best track; the first written among equals.
            TrackChoice::Best => {
                let mut best: Option<(usize, Points)> = None;
                for (i, t) in self.tracks.iter().enumerate() {
                    let total = total(t);
                    if best.as_ref().is_none_or(|(_, b)| total > *b) {
                        best = Some((i, total));
                    }
                }
                best
            }
            // The first whose condition holds, else the last (the fallback).
            TrackChoice::Condition => {
                let track = self
                    .tracks
                    .iter()
                    .position(|t| t.when.as_ref().is_some_and(|w| *w.at(day)))
                    .unwrap_or(self.tracks.len().checked_sub(1)?);
                Some((track, total(&self.tracks[track])))
            }
        }
    }

    /// Why the score, which reached `level` on `before` (the evaluation
    /// date or later), no longer does on `after`: what `score::falls` says
    /// from the two days' evaluations. `None` for a score taken on the best
    /// day of a window, whose days before the evaluation date are not swept.
    pub fn falls(&self, before: NaiveDate, after: NaiveDate, level: Level) -> Option<LapseCause> {
        if self.rules.qualify_months.is_some() {
            return None;
        }
        let ((from, _), (to, total)) = (self.winner(before)?, self.winner(after)?);
        // The applicable metrics of a track on a day, as the evaluation lists them.
        let metrics = |track: usize, day: NaiveDate| -> Vec<(MetricRef, Points)> {
            let rules = self.rules.tracks[track]
                .categories
                .iter()
                .flat_map(|c| &c.metrics);
            rules
                .zip(&self.tracks[track].metrics)
                .filter(|(_, steps)| steps.applicable)
                .map(|(m, steps)| {
                    let metric = MetricRef {
                        id: m.id.clone(),
                        title: m.title.clone(),
                    };
                    (metric, steps.earned.at(day).clone())
                })
                .collect()
        };
        // The condition of the track that counted, if it no longer holds.
        let lapsed = |id: &str| {
            let track = self
                .rules
                .tracks
                .iter()
                .position(|t| t.id.as_deref() == Some(id))?;
            let (rule, holds) = (
                self.rules.tracks[track].when.as_ref()?,
                self.tracks[track].when.as_ref()?,
            );
            (!*holds.at(after)).then(|| rule.text.clone())
        };
        let ids = |track: usize| self.rules.tracks[track].id.as_ref();
        let switch = track_switch(ids(from), ids(to), lapsed);
        Some(fall(
            self.rules,
            level,
            total,
            &metrics(from, before),
            metrics(to, after),
            switch,
        ))
    }
}

/// What a score's requirements measure on each day: the sweeps of the
/// timelines, and the people's counts for its skill requirements.
struct Measures<'t, 'c, 'a> {
    timelines: &'t Timelines<'c, 'a>,
    /// The score's skill requirements (their addresses), and their counts.
    skills: Vec<*const SkillRule>,
    counts: Vec<Steps<(u32, u32)>>,
}

impl Measures<'_, '_, '_> {
    /// What a requirement measures and requires on each day, when a sweep
    /// follows it: records summed, people counted, attestations held.
    fn progress(&self, r: &Requirement) -> Option<Steps<Progress>> {
        match &r.rule {
            RequirementRule::Performance(rule) => Some(
                self.timelines
                    .performance_amounts(rule)?
                    .map(|(actual, required)| Progress::new(*actual, *required, None)),
            ),
            RequirementRule::Skill(rule) => {
                let k = self.skills.iter().position(|s| std::ptr::eq(*s, rule))?;
                Some(self.counts[k].map(|(counted, of)| {
                    let part = rule
                        .of_which
                        .as_ref()
                        .map(|o| (Decimal::from(*of), Decimal::from(o.count)));
                    Progress::new(Decimal::from(*counted), Decimal::from(rule.count), part)
                }))
            }
            RequirementRule::Attested(rule) => {
                Some(self.timelines.attested_counts(rule).map(|held| {
                    Progress::new(Decimal::from(*held), Decimal::from(rule.count), None)
                }))
            }
            RequirementRule::Requires(_)
            | RequirementRule::Entities(_)
            | RequirementRule::Growth(_) => None,
        }
    }

    /// The points a metric earns on each day: its lines' (summed, or the
    /// best with `best of`, capped at its maximum) while every gate is open.
    fn metric(&self, rules: &MetricRules) -> Option<MetricSteps> {
        let gates = rules
            .gates
            .iter()
            .map(|g| Some(self.progress(g)?.map(Progress::met).squeezed()))
            .collect::<Option<Vec<_>>>()?;
        // A metric that does not apply earns nothing, whatever its lines measure.
        let lines = if rules.not_applicable {
            Vec::new()
        } else {
            rules
                .lines
                .iter()
                .map(|l| {
                    let progress = self.progress(&l.requirement)?;
                    Some(progress.map(|p| p.earned(l.award, l.points)).squeezed())
                })
                .collect::<Option<Vec<_>>>()?
        };
        let max = Points::from_decimal(rules.max);
        let earned_on = |day: NaiveDate| -> Points {
            if !gates.iter().all(|g| *g.at(day)) {
                return Points::zero();
            }
            let each = lines.iter().map(|l| l.at(day));
            let raw = if rules.best_of {
                each.max().cloned().unwrap_or_default()
            } else {
                each.sum()
            };
            raw.min(max.clone())
        };
        let mut dates: Vec<NaiveDate> = gates
            .iter()
            .flat_map(|g| g.dates())
            .chain(lines.iter().flat_map(|l| l.dates()))
            .collect();
        dates.sort_unstable();
        dates.dedup();
        Some(MetricSteps {
            applicable: !rules.not_applicable,
            earned: Steps {
                today: earned_on(self.timelines.date()),
                changes: dates.into_iter().map(|d| (d, earned_on(d))).collect(),
            }
            .squeezed(),
        })
    }
}
