//! A score on the organization's page, as `rules eval` explains it
//! (src/explain/text/score.rs): the total of its maximum against the marks,
//! drawn as a bar with a tick at each mark; the day that counted of a
//! `qualify any day` window, with the other days' totals; which track counts
//! and why, and what the others scored; a table of every metric's points of
//! its maximum (the metrics that do not apply and the gates that blocked
//! points said there too); each metric's gates and lines, actual against
//! required, the award and what it earned, who and what counted; and what
//! it would take: the best single steps and a plan to the next mark.
//!
//! Points are exact fractions, shown as `Points` shows them (two decimals,
//! rounded down); a mark or a maximum as written in the rules.

use chrono::NaiveDate;
use maud::{Markup, html};
use rust_decimal::Decimal;

use super::{detail, mark, progress, shorter};
use crate::explain::text::score::{STEPS_SHOWN, step_words};
use crate::outcome::*;
use crate::points::Points;
use crate::report::chart;
use crate::report::escape::anchor;
use crate::report::page::words;
use crate::ruleset::{Award, TrackChoice};
use crate::syntax::print_score::{points as written, points_word};

/// The element id of a competency's (or a designation's) score.
pub fn score_anchor(competency: &str) -> String {
    anchor("score", competency)
}

/// `silver at 60`, `pass 70`: a mark as the rules write it.
pub fn mark_name(m: &Mark) -> String {
    match m.level {
        Some(level) => format!("{level} at {}", written(m.at)),
        None => format!("pass {}", written(m.at)),
    }
}

/// A designation's verdict as a tag.
pub fn qualified_tag(passed: bool) -> Markup {
    html! {
        @if passed { span.tag.met { "QUALIFIED" } }
        @else { span.tag.missed { "NOT QUALIFIED" } }
    }
}

/// `74.00 of 100 (silver at 60 ✓, gold at 80 ✗)`, the glance table's cell.
pub fn in_brief(s: &ScoreOutcome) -> Markup {
    html! {
        (s.total) " of " (written(s.max)) " ("
        @for (i, m) in s.marks.iter().enumerate() {
            @if i > 0 { ", " }
            (mark_name(m)) " " (sign(m.reached, "reached", "not reached"))
        }
        ")"
    }
}

/// ✓ or ✗, and for those who do not see it, the words given.
fn sign(good: bool, yes: &str, no: &str) -> Markup {
    html! {
        span.mark aria-hidden="true" { @if good { "✓" } @else { "✗" } }
        span.vh { @if good { (yes) } @else { (no) } }
    }
}

/// The score's card: everything `rules eval` says of it.
pub fn card(o: &OrgOutcome, c: &CompetencyOutcome, s: &ScoreOutcome) -> Markup {
    let id = score_anchor(&c.id);
    let reached = s.marks.iter().any(|m| m.reached);
    html! {
        article.card.score.met[reached].missed[!reached] aria-labelledby=(id) {
            h4 #(id) {
                "Score " code { (s.id) }
                @if let Some(title) = &s.title { " “" (title) "”" }
                @if c.designation { " " (qualified_tag(s.passed)) }
            }
            (total(s))
            (days(s))
            (tracks(s))
            (metrics_table(c, s))
            @for category in &s.winner().categories {
                @for m in &category.metrics {
                    (metric(o, c, m, s.day))
                }
            }
            (what_it_would_take(s))
        }
    }
}

/// The total of the maximum as a bar (a tick at each mark), then each mark
/// reached or not, and `every metric above 0` when asked.
fn total(s: &ScoreOutcome) -> Markup {
    let reached = s.marks.iter().any(|m| m.reached);
    let ticks: Vec<u32> = s
        .marks
        .iter()
        .map(|m| chart::percent(m.at, s.max))
        .collect();
    html! {
        div.progress.total {
            (chart::scale(points_percent(&s.total, s.max), reached, &ticks))
            span.numbers { strong { (s.total) } " of " (written(s.max)) " points" }
        }
        ul.marks {
            @for m in &s.marks {
                li {
                    (sign(m.reached, "", "")) (mark_name(m))
                    @if m.reached { ": reached" }
                    @else if s.total < Points::from_decimal(m.at) {
                        ": not reached, " (&Points::from_decimal(m.at) - &s.total) " short"
                    } @else {
                        ": not reached, a metric is at 0"
                    }
                }
            }
            @if let Some(zero) = &s.every_metric_above_zero {
                li {
                    (sign(zero.is_empty(), "", "")) "every metric above 0"
                    @if zero.is_empty() { ": met" }
                    @if !zero.is_empty() {
                        ": at 0 "
                        (if zero.len() == 1 { "is " } else { "are " })
                        @for (i, m) in zero.iter().enumerate() {
                            @if i > 0 { ", " }
                            (metric_name(m))
                        }
                    }
                }
            }
        }
    }
}

/// `qualify any day`: the day that counted, and each day's total.
fn days(s: &ScoreOutcome) -> Markup {
    html! {
        @if !s.days.is_empty() {
            p {
                "Counted on " strong { (s.day) } ", the best of " (s.days.len()) " days ("
                code { "qualify any day" } "):"
            }
            table.days {
                caption.vh { "The total on each day looked at, latest first" }
                thead { tr { th scope="col" { "Day" } th.n scope="col" { "Total" } } }
                tbody {
                    @for (day, total) in &s.days {
                        tr.counted[*day == s.day] {
                            th scope="row" { (day) @if *day == s.day { " (counts)" } }
                            td.n { (total) }
                        }
                    }
                }
            }
        }
    }
}

/// Which track counts and why, and every track's total.
fn tracks(s: &ScoreOutcome) -> Markup {
    let winner = s.winner();
    let earlier: Vec<&TrackOutcome> = s.tracks[..s.track]
        .iter()
        .filter(|t| t.when.is_some())
        .collect();
    html! {
        @if s.tracks.len() > 1 {
            p.why {
                "Track " (track_name(winner)) " counts: "
                @if s.chosen_by == TrackChoice::Condition {
                    @match &winner.when {
                        Some(when) => { "its condition " code { (when.text) } " is met, " (found(when)) }
                        None => { "no condition is met, the last track counts" }
                    }
                    @if !earlier.is_empty() {
                        " ("
                        @for (i, t) in earlier.iter().enumerate() {
                            @if i > 0 { "; " }
                            @if let Some(when) = &t.when {
                                (track_name(t)) " needs " code { (when.text) } ", " (found(when))
                            }
                        }
                        ")"
                    }
                    "."
                } @else {
                    "the best, with " (winner.total) " (" code { "best track" } ")."
                }
            }
            table.tracks {
                caption.vh { "Every track scored, and the one that counts" }
                thead {
                    tr {
                        th scope="col" { "Track" }
                        @if s.chosen_by == TrackChoice::Condition { th scope="col" { "Condition" } }
                        th.n scope="col" { "Points" }
                        th scope="col" { "Counts" }
                    }
                }
                tbody {
                    @for (i, t) in s.tracks.iter().enumerate() {
                        tr.counted[i == s.track] {
                            th scope="row" { (track_name(t)) }
                            @if s.chosen_by == TrackChoice::Condition {
                                td {
                                    @match &t.when {
                                        Some(when) => { (mark(when.met)) code { (when.text) } ": " (found(when)) }
                                        None => "none (the last track)",
                                    }
                                }
                            }
                            td.n { (t.total) " of " (written(t.max)) }
                            td { @if i == s.track { strong { "counts" } } @else { "not counted" } }
                        }
                    }
                }
            }
        }
    }
}

/// The counted track's metrics at a glance: points of the maximum, and a
/// word for those that do not apply or a gate blocked.
fn metrics_table(c: &CompetencyOutcome, s: &ScoreOutcome) -> Markup {
    let winner = s.winner();
    html! {
        table.metrics {
            caption {
                "Points per metric"
                @if s.tracks.len() > 1 { ", track " (track_name(winner)) }
            }
            thead {
                tr {
                    th scope="col" { "Metric" }
                    th.n scope="col" { "Points" }
                    th scope="col" { span.vh { "Drawn" } }
                    th scope="col" { "Note" }
                }
            }
            tbody {
                @for category in &winner.categories {
                    @if let Some(id) = &category.id {
                        tr.category {
                            th scope="row" {
                                "Category " code { (id) }
                                @if let Some(title) = &category.title { " “" (title) "”" }
                            }
                            td.n { (category.earned) " of " (written(category.max)) }
                            td { (chart::meter(points_percent(&category.earned, category.max), category.earned.is_positive())) }
                            td {}
                        }
                    }
                    @for m in &category.metrics {
                        tr.na[m.not_applicable] {
                            th scope="row" {
                                a href=(format!("#{}", metric_anchor(c, m))) {
                                    (metric_name(&metric_ref(m)))
                                }
                            }
                            @if m.not_applicable {
                                td.n { "n/a" }
                                td {}
                                td { "does not apply" }
                            } @else {
                                td.n { (m.earned) " of " (written(m.max)) }
                                td { (chart::meter(points_percent(&m.earned, m.max), m.earned.is_positive())) }
                                td {
                                    @if !m.open {
                                        span.tag.missed { "BLOCKED" } " a gate is closed (the lines would earn " (m.would_earn) ")"
                                    } @else if m.best_of { "the best line counts" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn metric_anchor(c: &CompetencyOutcome, m: &MetricOutcome) -> String {
    anchor("metric", &format!("{}-{}", c.id, m.id))
}

/// One metric: its points, its gates, its lines.
fn metric(o: &OrgOutcome, c: &CompetencyOutcome, m: &MetricOutcome, day: NaiveDate) -> Markup {
    let id = metric_anchor(c, m);
    html! {
        div.metric.na[m.not_applicable] #(id) {
            @if m.not_applicable {
                h5 { span.mark aria-hidden="true" { "–" } (metric_name(&metric_ref(m))) ": does not apply (" code { "n/a" } ")" }
            } @else {
                h5 {
                    (sign(m.earned.is_positive(), "earns points: ", "earns nothing: "))
                    (metric_name(&metric_ref(m))) ": "
                    (m.earned) " of " (written(m.max))
                    @if m.best_of { ", the best line" }
                }
                @for gate in &m.gates {
                    div.req.gate {
                        span.text { (mark(gate.met)) "only if " code { (gate.text) } }
                        (progress(gate.actual, gate.required, gate.unit))
                        (detail(o, gate, day))
                    }
                }
                @if !m.open {
                    p.blocked {
                        "A gate is closed: no points (the lines would earn " (m.would_earn) ")."
                    }
                }
                @for line in &m.lines {
                    (points_line(o, line, day))
                }
            }
        }
    }
}

/// A line: what it measures against what it asks, its award, what it earned.
fn points_line(o: &OrgOutcome, line: &LineOutcome, day: NaiveDate) -> Markup {
    let r = &line.requirement;
    html! {
        div.req.line {
            span.text {
                (sign(line.earned.is_positive(), "earns points: ", "earns nothing: ")) code { (line.text) }
            }
            @match line.award {
                Award::Per => {
                    p.earned {
                        (amount(r.actual, r.unit)) " found, " (amount(r.required, r.unit)) " a step: "
                        strong { (line.earned) } " earned (" (points_word(line.points)) " per step)"
                    }
                }
                Award::AllOrNothing => {
                    (progress(r.actual, r.required, r.unit))
                    p.earned { strong { (line.earned) } " of " (written(line.points)) " earned (all or nothing)" }
                }
                Award::ProRata => {
                    (progress(r.actual, r.required, r.unit))
                    p.earned { strong { (line.earned) } " of " (written(line.points)) " earned (pro rata)" }
                }
            }
            (detail(o, r, day))
        }
    }
}

/// The best single steps, then the way to the next mark (or why it is out of reach).
fn what_it_would_take(s: &ScoreOutcome) -> Markup {
    let (shown, more) = s.steps.split_at(s.steps.len().min(STEPS_SHOWN));
    html! {
        @if !s.steps.is_empty() || s.next.is_some() {
            h5 { "What it would take" }
        }
        @if !s.steps.is_empty() {
            p { "The best single steps, most points first:" }
            ol.steps {
                @for step in shown { li { (step_item(step)) } }
            }
            @if !more.is_empty() {
                details {
                    summary { (more.len()) " more " (if more.len() == 1 { "step" } else { "steps" }) }
                    ol.steps start=(STEPS_SHOWN + 1) {
                        @for step in more { li { (step_item(step)) } }
                    }
                }
            }
        }
        @if let Some(next) = &s.next {
            @let name = match next.level {
                Some(level) => format!("{} ({})", level.title(), written(next.at)),
                None => format!("the pass mark ({})", written(next.at)),
            };
            @if next.plan.is_empty() {
                p.blocked {
                    (capitalized(&name)) " is out of reach: "
                    @if next.still_zero.is_empty() {
                        "the lines can reach " (next.reaches) " at most."
                    } @else {
                        @for (i, m) in next.still_zero.iter().enumerate() {
                            @if i > 0 { ", " }
                            (metric_name(m))
                        }
                        " cannot earn a point."
                    }
                }
            } @else {
                p.plan {
                    "To " strong { (name) } ": " (next.short) " short; this would reach " (next.reaches) ":"
                }
                ol.steps.plan {
                    @for step in &next.plan { li { (step_item(step)) } }
                }
            }
        }
    }
}

/// A level's lapse in the outlook because its score falls below the mark:
/// the score, its total that day against the mark, the track that counts
/// instead when a condition flipped, and each metric that loses points,
/// by its title (`LapseWords` says the same in a line, by id).
pub fn falls(o: &OrgOutcome, competency: &str, fall: &ScoreFall) -> Markup {
    let score = o
        .competencies
        .iter()
        .find(|c| c.id == competency)
        .and_then(|c| c.score.as_ref());
    html! {
        "the score "
        @if let Some(s) = score {
            a href=(format!("#{}", score_anchor(competency))) { code { (s.id) } } " "
        }
        "falls to " strong { (fall.total) } ", below " (written(fall.at))
        @if let Some(switch) = &fall.track {
            ": track " code { (switch.to) } " counts instead of " code { (switch.from) }
            @if let Some(condition) = &switch.condition {
                " (" code { (condition) } " no longer met)"
            }
        }
        @if !fall.metrics.is_empty() {
            ul {
                @for (m, was, now) in &fall.metrics {
                    li { (metric_name(m)) ": " (was) " → " (now) " points" }
                }
            }
        }
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn step_item(step: &Step) -> Markup {
    html! { strong.gain { "+" (step.gain) } " " (words(&shorter(&step_words(step)))) }
}

fn metric_ref(m: &MetricOutcome) -> MetricRef {
    MetricRef {
        id: m.id.clone(),
        title: m.title.clone(),
    }
}

/// `` `developers` “Developers” ``
fn metric_name(m: &MetricRef) -> Markup {
    html! {
        code { (m.id) }
        @if let Some(title) = &m.title { " “" (title) "”" }
    }
}

fn track_name(t: &TrackOutcome) -> Markup {
    html! {
        @match (&t.id, &t.title) {
            (Some(id), Some(title)) => { code { (id) } " “" (title) "”" }
            (Some(id), None) => { code { (id) } }
            _ => "the score's",
        }
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

fn amount(value: Decimal, unit: Unit) -> String {
    crate::explain::words::amount(value, unit)
}

/// Points of a maximum as a whole percentage for a bar (two decimals,
/// rounded down, as shown; the bar is decoration, the numbers say it).
fn points_percent(points: &Points, max: Decimal) -> u32 {
    chart::percent(points.to_decimal_floor(), max)
}
