//! Scores (docs/scores.md), as naively as the rest of the reference: every
//! line's requirement measured again by the reference's own evaluation
//! (people counted one by one, records summed from their definition), every
//! track scored, every day of a `qualify any day` window scored in full.
//! Points are exact rationals of big integers, never floats: a line earns
//! N × min(1, actual ÷ required) (never below 0), N or nothing, or K for
//! each whole step; a metric the sum of its lines (the best one with `best
//! of`), at most its maximum, nothing while a gate is closed or when it
//! does not apply; a category and a track the sum of their metrics. The
//! best track counts (the first among equals). A mark is reached when the
//! total is at or above it and, with `every metric above 0`, every
//! applicable metric of the counted track earns something. Of the days
//! looked at, the one that reaches the most marks, then has the most
//! points, then is latest, counts.

use chrono::{Datelike, NaiveDate};
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, Zero};
use rust_decimal::Decimal;

use rules::ruleset::{Award, LineRules, MetricRules, Requirement, RequirementRule, ScoreRules};
use rules::vocabulary::Level;

use super::{Ctx, days_in_month, measure, satisfies, shift_months, threshold};

/// What a score decides, in terms both the engine's outcome and the
/// reference can be brought to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScoreJudgement {
    /// The competency or designation that has it.
    pub owner: String,
    pub designation: bool,
    /// The counted track's points on the day that counts, exactly.
    pub total: BigRational,
    /// The day that counts.
    pub day: NaiveDate,
    /// The index of the track that counts.
    pub track: usize,
    /// Per track, on the day that counts: each metric's id, its points,
    /// and what each of its lines earns on its own (before the metric's
    /// maximum, `best of` and its gates).
    pub metrics: Vec<Vec<MetricJudgement>>,
    /// Each mark (bands lowest first, or the pass mark): reached or not.
    pub marks: Vec<bool>,
    /// The highest band reached (competencies).
    pub reached: Option<Level>,
    /// Whether the highest mark is reached (a designation is met by it).
    pub passed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricJudgement {
    pub id: String,
    pub earned: BigRational,
    pub lines: Vec<BigRational>,
}

/// An exact rational, as the engine writes one: `200/3`, or `70`.
pub fn fraction_text(r: &BigRational) -> String {
    if r.is_integer() {
        r.to_integer().to_string()
    } else {
        format!("{}/{}", r.numer(), r.denom())
    }
}

/// A decimal, exactly.
pub fn exact(d: Decimal) -> BigRational {
    BigRational::new(
        BigInt::from(d.mantissa()),
        BigInt::from(10u8).pow(d.scale()),
    )
}

fn whole(n: usize) -> BigRational {
    BigRational::from_integer(BigInt::from(n))
}

/// The days `qualify any day over N months` looks at: the date, and the
/// last day of each of the N − 1 months before its month.
pub fn qualifying_days(date: NaiveDate, months: u32) -> Vec<NaiveDate> {
    let mut days = vec![date];
    for back in 1..months {
        let month = shift_months(
            NaiveDate::from_ymd_opt(date.year(), date.month(), 1).expect("a month's first day"),
            -i64::from(back),
        );
        let last = days_in_month(month.year(), month.month());
        days.push(NaiveDate::from_ymd_opt(month.year(), month.month(), last).expect("a day"));
    }
    days
}

/// One day's score: every track scored.
struct DayScore {
    day: NaiveDate,
    tracks: Vec<Vec<MetricJudgement>>,
    totals: Vec<BigRational>,
    track: usize,
    marks: Vec<bool>,
}

impl DayScore {
    fn reached(&self) -> usize {
        self.marks.iter().filter(|m| **m).count()
    }
}

impl Ctx<'_> {
    /// The score of `owner` at the date (the best day of its window).
    pub(super) fn score(
        &self,
        owner: &str,
        designation: bool,
        rules: &ScoreRules,
    ) -> ScoreJudgement {
        let days = match rules.qualify_months {
            Some(months) => qualifying_days(self.date, months),
            None => vec![self.date],
        };
        let best = days
            .into_iter()
            .map(|day| {
                let at = Ctx {
                    rules: self.rules,
                    org: self.org,
                    date: day,
                    severed: self.severed,
                };
                at.day_score(rules)
            })
            // The most marks, then the most points, then the latest.
            .max_by(|a, b| {
                a.reached()
                    .cmp(&b.reached())
                    .then_with(|| a.totals[a.track].cmp(&b.totals[b.track]))
                    .then_with(|| a.day.cmp(&b.day))
            })
            .expect("at least the date");
        let marks: Vec<(Option<Level>, Decimal)> = match rules.pass {
            Some(pass) => vec![(None, pass)],
            None => rules.bands.iter().map(|(l, at)| (Some(*l), *at)).collect(),
        };
        let reached = marks
            .iter()
            .zip(&best.marks)
            .filter(|(_, r)| **r)
            .filter_map(|((level, _), _)| *level)
            .max();
        ScoreJudgement {
            owner: owner.to_string(),
            designation,
            total: best.totals[best.track].clone(),
            day: best.day,
            track: best.track,
            passed: best.marks.last().copied().unwrap_or(false),
            marks: best.marks,
            reached,
            metrics: best.tracks,
        }
    }

    fn day_score(&self, rules: &ScoreRules) -> DayScore {
        let tracks: Vec<Vec<MetricJudgement>> = rules
            .tracks
            .iter()
            .map(|t| {
                t.categories
                    .iter()
                    .flat_map(|c| &c.metrics)
                    .map(|m| self.metric(m))
                    .collect()
            })
            .collect();
        let totals: Vec<BigRational> = tracks
            .iter()
            .map(|metrics| {
                metrics
                    .iter()
                    .fold(BigRational::zero(), |sum, m| sum + &m.earned)
            })
            .collect();
        // The best track; the first among equals.
        let mut track = 0;
        for (i, total) in totals.iter().enumerate() {
            if *total > totals[track] {
                track = i;
            }
        }
        let applicable = rules.tracks[track]
            .categories
            .iter()
            .flat_map(|c| &c.metrics)
            .zip(&tracks[track])
            .filter(|(rules, _)| !rules.not_applicable);
        let none_at_zero = !rules.every_metric_above_zero
            || applicable
                .clone()
                .all(|(_, m)| m.earned > BigRational::zero());
        let marks_at: Vec<Decimal> = match rules.pass {
            Some(pass) => vec![pass],
            None => rules.bands.iter().map(|(_, at)| *at).collect(),
        };
        let marks = marks_at
            .iter()
            .map(|at| none_at_zero && totals[track] >= exact(*at))
            .collect();
        DayScore {
            day: self.date,
            tracks,
            totals,
            track,
            marks,
        }
    }

    fn metric(&self, rules: &MetricRules) -> MetricJudgement {
        let lines: Vec<BigRational> = rules.lines.iter().map(|l| self.line(l)).collect();
        let open = rules.gates.iter().all(|g| self.requirement_met(g));
        let earned = if rules.not_applicable || !open {
            BigRational::zero()
        } else {
            let together = if rules.best_of {
                lines
                    .iter()
                    .max()
                    .cloned()
                    .unwrap_or_else(BigRational::zero)
            } else {
                lines.iter().fold(BigRational::zero(), |sum, l| sum + l)
            };
            together.min(exact(rules.max))
        };
        MetricJudgement {
            id: rules.id.clone(),
            earned,
            lines,
        }
    }

    /// What a line earns on its own.
    fn line(&self, line: &LineRules) -> BigRational {
        let points = exact(line.points);
        match line.award {
            Award::ProRata => {
                let share = self.share(&line.requirement);
                let share = if share.is_negative() {
                    BigRational::zero()
                } else {
                    share.min(BigRational::from_integer(BigInt::from(1)))
                };
                points * share
            }
            Award::AllOrNothing => {
                if self.requirement_met(&line.requirement) {
                    points
                } else {
                    BigRational::zero()
                }
            }
            Award::Per => points * self.steps(&line.requirement),
        }
    }

    /// actual ÷ required of a requirement (with `of which`: the smaller of
    /// the two fractions).
    fn share(&self, requirement: &Requirement) -> BigRational {
        match &requirement.rule {
            RequirementRule::Performance(rule) => {
                let (value, developed) = measure(rule, self.org, self.date);
                let required = threshold(rule, self.org.market, developed);
                exact(value) / exact(required)
            }
            RequirementRule::Skill(skill) => {
                let people = self.counting();
                let qualified: Vec<_> = people
                    .iter()
                    .filter(|p| satisfies(&skill.qualification, p, self.date, &self.rules.retired))
                    .collect();
                let share = whole(qualified.len()) / whole(skill.count as usize);
                match &skill.of_which {
                    None => share,
                    Some(of_which) => {
                        let also = qualified
                            .iter()
                            .filter(|p| {
                                satisfies(
                                    &of_which.qualification,
                                    p,
                                    self.date,
                                    &self.rules.retired,
                                )
                            })
                            .count();
                        share.min(whole(also) / whole(of_which.count as usize))
                    }
                }
            }
            RequirementRule::Attested(rule) => {
                whole(self.attestations_holding(rule)) / whole(rule.count as usize)
            }
            other => panic!("the generated scores measure no {other:?}"),
        }
    }

    /// The whole steps of a `per` line's measure: its requirement's
    /// threshold is one step (`per person`: one person).
    fn steps(&self, requirement: &Requirement) -> BigRational {
        match &requirement.rule {
            RequirementRule::Performance(rule) => {
                let (value, _) = measure(rule, self.org, self.date);
                (exact(value) / exact(rule.threshold)).floor()
            }
            RequirementRule::Skill(skill) => {
                let people = self
                    .counting()
                    .into_iter()
                    .filter(|p| satisfies(&skill.qualification, p, self.date, &self.rules.retired))
                    .count();
                whole(people) / whole(skill.count as usize)
            }
            other => panic!("the generated `per` lines measure no {other:?}"),
        }
        .floor()
    }

    /// Whether the score of `competency` reaches the band of `level`.
    pub(super) fn band_reached(&self, competency: &str, level: Level) -> bool {
        let Some(c) = self.rules.competencies.iter().find(|c| c.id == competency) else {
            return false;
        };
        let Some(score) = &c.score else { return false };
        let Some(at) = score.bands.iter().position(|(l, _)| *l == level) else {
            return false;
        };
        self.score(&c.id, c.designation, score).marks[at]
    }
}
