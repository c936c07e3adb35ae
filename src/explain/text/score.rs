//! A score in the text explanation: the total against its marks, the day
//! that counted, the tracks (which counts, and why), then per category and
//! metric what each line earned from what was found, the gates that blocked
//! points, and what it would take (the best single steps, and a way to the
//! next mark).

use rust_decimal::Decimal;

use super::{BAD, DIM, GOOD, HEAD, Writer};
use crate::explain::words::amount;
use crate::outcome::*;
use crate::ruleset::{Award, TrackChoice};
use crate::syntax::print_score::points as written;

/// How many single steps the text lists (and the report shows unfolded).
pub(crate) const STEPS_SHOWN: usize = 5;

impl Writer<'_> {
    pub(super) fn score(&mut self, s: &ScoreOutcome) {
        let title = s
            .title
            .as_ref()
            .map_or(String::new(), |t| format!(" \"{t}\""));
        let marks: Vec<String> = s
            .marks
            .iter()
            .map(|m| {
                let name = match m.level {
                    Some(level) => format!("{level} at {}", written(m.at)),
                    None => format!("pass {}", written(m.at)),
                };
                format!("{name} {}", self.mark(m.reached))
            })
            .collect();
        let head = format!(
            "score `{}`{title}: {} of {} ({})",
            s.id,
            s.total,
            written(s.max),
            marks.join(", ")
        );
        let head = self.paint(&head, HEAD);
        self.line(2, &head);
        if !s.days.is_empty() {
            let days: Vec<String> = s
                .days
                .iter()
                .map(|(day, total)| format!("{day} {total}"))
                .collect();
            self.linef(
                4,
                format_args!(
                    "counted on {}, the best of {} days: {}",
                    s.day,
                    s.days.len(),
                    days.join(", ")
                ),
            );
        }
        if let Some(zero) = &s.every_metric_above_zero {
            if zero.is_empty() {
                let mark = self.mark(true);
                self.linef(4, format_args!("{mark} every metric above 0"));
            } else {
                let mark = self.mark(false);
                let names: Vec<String> = zero.iter().map(metric_name).collect();
                self.linef(
                    4,
                    format_args!("{mark} every metric above 0: at 0 are {}", names.join(", ")),
                );
            }
        }
        // Conditions and lines were measured on the day that counted.
        let date = std::mem::replace(&mut self.date, s.day);
        if s.tracks.len() > 1 && s.chosen_by == TrackChoice::Condition {
            self.chosen_track(s);
        } else if s.tracks.len() > 1 {
            let winner = s.winner();
            let others: Vec<String> = s
                .tracks
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != s.track)
                .map(|(_, t)| format!("{} {}", track_name(t), t.total))
                .collect();
            self.linef(
                4,
                format_args!(
                    "track {} counts, the best: {} (the others: {})",
                    track_name(winner),
                    winner.total,
                    others.join(", ")
                ),
            );
        }
        for category in &s.winner().categories {
            self.category(category);
        }
        self.date = date;
        self.steps(s);
    }

    /// A track chosen by conditions: which counts and why (its condition,
    /// found against needed, as a gate says it; or none met, and what the
    /// earlier ones needed), then what every track scored.
    fn chosen_track(&mut self, s: &ScoreOutcome) {
        let winner = s.winner();
        let unmet: Vec<String> = s.tracks[..s.track]
            .iter()
            .filter_map(|t| t.when.as_ref().map(|w| (t, w)))
            .map(|(t, w)| format!("{} needs `{}`, {}", track_name(t), w.text, found(w)))
            .collect();
        let why = match &winner.when {
            Some(when) if unmet.is_empty() => format!("`{}` met, {}", when.text, found(when)),
            Some(when) => format!(
                "`{}` met, {} ({})",
                when.text,
                found(when),
                unmet.join("; ")
            ),
            None => format!("no condition met ({})", unmet.join("; ")),
        };
        self.linef(
            4,
            format_args!("track {} counts: {why}", track_name(winner)),
        );
        let others: Vec<String> = s
            .tracks
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != s.track)
            .map(|(_, t)| format!("{} {}", track_name(t), t.total))
            .collect();
        self.linef(
            6,
            format_args!(
                "{} on this track; the others, not counted: {}",
                winner.total,
                others.join(", ")
            ),
        );
    }

    fn category(&mut self, c: &CategoryOutcome) {
        let depth = match &c.id {
            Some(id) => {
                let title = c
                    .title
                    .as_ref()
                    .map_or(String::new(), |t| format!(" \"{t}\""));
                self.linef(
                    4,
                    format_args!("category `{id}`{title}: {} of {}", c.earned, written(c.max)),
                );
                6
            }
            None => 4,
        };
        for m in &c.metrics {
            self.score_metric(m, depth);
        }
    }

    fn score_metric(&mut self, m: &MetricOutcome, depth: usize) {
        if m.not_applicable {
            let text = format!("– {}: does not apply", metric_name(&metric_ref(m)));
            let text = self.paint(&text, DIM);
            self.line(depth, &text);
            return;
        }
        let mark = self.mark(m.earned.is_positive());
        let how = if m.best_of { ", the best line" } else { "" };
        self.linef(
            depth,
            format_args!(
                "{mark} {}: {} of {}{how}",
                metric_name(&metric_ref(m)),
                m.earned,
                written(m.max)
            ),
        );
        for gate in &m.gates {
            let mark = self.mark(gate.met);
            self.linef(
                depth + 2,
                format_args!("{mark} only if {}: {}", gate.text, found(gate)),
            );
        }
        if !m.open {
            let text = format!(
                "a gate is closed: no points (the lines would earn {})",
                m.would_earn
            );
            let text = self.paint(&text, BAD);
            self.line(depth + 2, &text);
        }
        for line in &m.lines {
            let r = &line.requirement;
            let mark = self.mark(line.earned.is_positive());
            self.linef(depth + 2, format_args!("{mark} {}", line.text));
            let found = match line.award {
                Award::Per => format!(
                    "{} found, {} a step: {} earned",
                    amount(r.actual, r.unit),
                    amount(r.required, r.unit),
                    line.earned
                ),
                Award::AllOrNothing => format!(
                    "{} of {}: {} earned (all or nothing)",
                    amount(r.actual, r.unit),
                    amount(r.required, r.unit),
                    line.earned
                ),
                Award::ProRata => format!(
                    "{} of {}: {} of {} earned",
                    amount(r.actual, r.unit),
                    amount(r.required, r.unit),
                    line.earned,
                    written(line.points)
                ),
            };
            self.line(depth + 6, &found);
            // Who and what counted, as a path's requirement says it.
            let shift = self.shift;
            self.shift = (depth + 6).saturating_sub(10);
            match &r.detail {
                Detail::Performance(p) => self.performance(p, r.actual, r.unit),
                Detail::Skill(s) => self.skill(s),
                Detail::Attested(a) => self.attested(a),
                Detail::Entities(e) => self.entities(e),
                Detail::Growth(g) => self.growth(g),
                Detail::Requires(_) => {}
            }
            self.shift = shift;
        }
    }

    fn steps(&mut self, s: &ScoreOutcome) {
        if !s.steps.is_empty() {
            self.line(4, "best single steps:");
            for step in s.steps.iter().take(STEPS_SHOWN) {
                let text = step_words(step);
                self.linef(6, format_args!("+{}  {text}", step.gain));
            }
            if s.steps.len() > STEPS_SHOWN {
                self.linef(6, format_args!("and {} more", s.steps.len() - STEPS_SHOWN));
            }
        }
        let Some(next) = &s.next else {
            return;
        };
        let name = match next.level {
            Some(level) => format!("{} ({})", level.title(), written(next.at)),
            None => format!("the pass mark ({})", written(next.at)),
        };
        if next.plan.is_empty() {
            let why = if next.still_zero.is_empty() {
                format!("the lines can reach {} at most", next.reaches)
            } else {
                let names: Vec<String> = next.still_zero.iter().map(metric_name).collect();
                format!("{} cannot earn a point", names.join(", "))
            };
            let text = format!("{name} is out of reach: {why}");
            let text = self.paint(&text, BAD);
            self.linef(4, format_args!("{text}"));
            return;
        }
        self.linef(
            4,
            format_args!(
                "to {name}: {} short; this would reach {}:",
                next.short, next.reaches
            ),
        );
        for step in &next.plan {
            let text = step_words(step);
            self.linef(6, format_args!("+{}  {text}", step.gain));
        }
    }

    pub(super) fn score_verdict(&self, s: &ScoreOutcome) -> String {
        if s.passed {
            format!(
                "{} {} of {}",
                self.paint("QUALIFIED", GOOD),
                s.total,
                written(s.max)
            )
        } else {
            format!(
                "{} {} of {}",
                self.paint("NOT QUALIFIED", BAD),
                s.total,
                written(s.max)
            )
        }
    }
}

fn metric_ref(m: &MetricOutcome) -> MetricRef {
    MetricRef {
        id: m.id.clone(),
        title: m.title.clone(),
    }
}

/// `` `developers` "Developers" ``
fn metric_name(m: &MetricRef) -> String {
    match &m.title {
        Some(title) => format!("`{}` \"{title}\"", m.id),
        None => format!("`{}`", m.id),
    }
}

/// A condition's or gate's finding: `6 of 5`, `$3,000 of $5,000`.
fn found(r: &RequirementOutcome) -> String {
    format!(
        "{} of {}",
        amount(r.actual, r.unit),
        amount(r.required, r.unit)
    )
}

fn track_name(t: &TrackOutcome) -> String {
    match (&t.id, &t.title) {
        (Some(id), Some(title)) => format!("`{id}` \"{title}\""),
        (Some(id), None) => format!("`{id}`"),
        _ => "the score's".to_string(),
    }
}

/// `1 more person for `40 points: 10 people certified in [...]` (metric `intermediate`)`
pub(crate) fn step_words(step: &Step) -> String {
    let more = match (step.kind, step.unit) {
        (_, Unit::People) if step.more == Decimal::ONE => "1 more person".to_string(),
        (_, Unit::People) => format!("{} more people", step.more),
        (_, Unit::Levels) => "the level".to_string(),
        (_, unit) => format!(
            "{} more {}",
            amount(step.more, unit),
            unit_word(unit, step.more == Decimal::ONE)
        ),
    };
    match step.kind {
        StepKind::OpenGate => format!(
            "meet `only if {}` ({more}): `{}` starts to count",
            step.text, step.metric.id
        ),
        _ => format!("{more} for `{}` (`{}`)", step.text, step.metric.id),
    }
}

/// What a step adds, in words; `one`: a single one (`1 more tenant`).
fn unit_word(unit: Unit, one: bool) -> &'static str {
    match (unit, one) {
        (Unit::Dollars, _) => "of revenue",
        (Unit::Customers, true) => "customer",
        (Unit::Seats, true) => "seat",
        (Unit::ActiveUsers, true) => "active user",
        (Unit::Devices, true) => "device",
        (Unit::Attestations, true) => "attestation",
        (Unit::Tenants, true) => "tenant",
        (Unit::Workloads, true) => "workload",
        // "50.00% more growth", not "50.00% more percent".
        (Unit::Percent, _) => "growth",
        (other, _) => other.keyword(),
    }
}
