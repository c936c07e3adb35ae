//! Renewal outlook: for every level met today, the first date before the
//! horizon (the membership's last valid day) on which it would stop being
//! met, given only what the facts already say — achievements that expire,
//! people with a leaving date, records that slide out of their window, an
//! override that ends — and why.
//!
//! The first lapse comes from the level's [`Timeline`](super::timeline)s, built
//! in one sweep over what changes; the level is then evaluated in full only
//! on the day before it lapses and the day it does, to say why. A level a
//! score may meet also asks the score's sweep ([`ScoreSweep`]) on each date,
//! and takes from it why the score fell.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::score_sweep::ScoreSweep;
use super::timeline::Timelines;
use super::{Context, customers, membership, performance, time};
use crate::outcome::*;
use crate::ruleset::{Competency, GrowthMeasure, LevelRules, PerformanceRule, RequirementRule};
use crate::vocabulary::AchievementClass;

pub(crate) fn outlook(
    ctx: &Context,
    competencies: &[CompetencyOutcome],
    membership: &MembershipOutcome,
) -> (Vec<Lapse>, NaiveDate) {
    let horizon = horizon(ctx, membership);
    let mut timelines = Timelines::new(ctx, horizon);
    lapses(ctx, competencies, horizon, |rules, level_rules, today| {
        // Timelines follow paths and overrides, and a score sweep the scores
        // whose lines it can follow; any other score is evaluated again on
        // each date, and so is a level that requires a level a score may meet.
        if requires_a_score(ctx, level_rules) {
            let search = DetailLevel::Verdict;
            return first_lapse_by_reevaluation(ctx, rules, level_rules, today, horizon, search);
        }
        if rules.score.is_none() {
            return first_lapse(ctx, &mut timelines, rules, level_rules, today);
        }
        first_lapse_by_sweep(ctx, &mut timelines, rules, level_rules, today).unwrap_or_else(|| {
            let search = DetailLevel::Verdict;
            first_lapse_by_reevaluation(ctx, rules, level_rules, today, horizon, search)
        })
    })
}

/// The first lapse of a level of a competency with a score, from the path
/// timelines and the score's sweep; `None` when the sweep cannot follow the
/// score's lines.
fn first_lapse_by_sweep(
    ctx: &Context,
    timelines: &mut Timelines,
    competency: &Competency,
    rules: &LevelRules,
    today: &LevelOutcome,
) -> Option<FirstLapse> {
    let sweep = ScoreSweep::new(timelines, competency.score.as_ref()?)?;
    let horizon = timelines.horizon();
    let parts = timelines.level(competency, rules);
    let met_by = |date: NaiveDate| match parts.met_by(date) {
        Some(Some(path)) => Some(MetBy::Path(rules.paths[path].id.clone())),
        Some(None) => Some(MetBy::Override),
        None => {
            let reached = sweep.reached(ctx, date)?;
            (reached >= rules.level).then_some(MetBy::Score)
        }
    };
    // What meets the level changes only when a path, the override or the
    // score does; on the other change dates (which still say which was the
    // last day it was met) it is what it was.
    let mut changes = sweep.dates(ctx, horizon);
    changes.extend(parts.changes_before(NaiveDate::MAX));
    changes.sort_unstable();
    let (mut seen, mut last) = (0, today.met_by.clone());
    let met_on = |date: NaiveDate| {
        let next = changes.partition_point(|d| *d <= date);
        if next > seen {
            seen = next;
            last = met_by(date);
        }
        last.clone()
    };
    let falls = |before: NaiveDate, after: NaiveDate| sweep.falls(before, after, rules.level);
    let dates = change_dates(ctx, competency, rules, horizon);
    Some(first_lapse_on_dates(
        ctx,
        competency,
        rules,
        today,
        dates,
        met_on,
        Some(&falls),
    ))
}

/// Whether `rules` looks, through `requires` (at any depth), at a level of
/// a competency with a score, which path timelines do not follow.
fn requires_a_score(ctx: &Context, rules: &LevelRules) -> bool {
    let mut levels = vec![rules];
    let mut next = 0;
    while let Some(&level) = levels.get(next) {
        next += 1;
        for r in level.paths.iter().flat_map(|p| &p.requirements) {
            let RequirementRule::Requires(rule) = &r.rule else {
                continue;
            };
            let Some(competency) = ctx.rules.competency(&rule.competency) else {
                continue;
            };
            if competency.score.is_some() {
                return true;
            }
            if let Some(required) = competency.level(rule.level) {
                if !levels.iter().any(|l| std::ptr::eq(*l, required)) {
                    levels.push(required);
                }
            }
        }
    }
    false
}

/// The outlook by its plain definition: each level met today evaluated
/// again, in full, on every date something it looks at changes. Kept to hold
/// the outlook to (the tests compare the two); it costs a full evaluation of
/// the level per date.
pub(crate) fn by_reevaluation(
    ctx: &Context,
    competencies: &[CompetencyOutcome],
    membership: &MembershipOutcome,
) -> (Vec<Lapse>, NaiveDate) {
    let horizon = horizon(ctx, membership);
    lapses(ctx, competencies, horizon, |rules, level_rules, today| {
        // In full on every date: none of the shortcuts the search takes.
        let search = DetailLevel::Full;
        first_lapse_by_reevaluation(ctx, rules, level_rules, today, horizon, search)
    })
}

type FirstLapse = Option<(NaiveDate, Vec<LapseCause>)>;

/// One [`Lapse`] per level met today, its date and causes from `first_lapse`.
fn lapses(
    ctx: &Context,
    competencies: &[CompetencyOutcome],
    horizon: NaiveDate,
    mut first_lapse: impl FnMut(&Competency, &LevelRules, &LevelOutcome) -> FirstLapse,
) -> (Vec<Lapse>, NaiveDate) {
    let mut lapses = Vec::new();
    for (rules, outcome) in ctx.rules.competencies.iter().zip(competencies) {
        for (level_rules, today) in rules.levels.iter().zip(&outcome.levels) {
            if !today.met {
                continue;
            }
            let (on, why) = match first_lapse(rules, level_rules, today) {
                Some((date, why)) => (Some(date), why),
                None => (None, Vec::new()),
            };
            lapses.push(Lapse {
                competency: rules.id.clone(),
                level: level_rules.level,
                on,
                why,
            });
        }
    }
    (lapses, horizon)
}

/// The membership's last valid day while it is active; otherwise a year's
/// subscription bought today, so organizations without one still learn what
/// lapses within the year.
fn horizon(ctx: &Context, membership: &MembershipOutcome) -> NaiveDate {
    match membership.valid_until {
        Some(until) if membership.status == Status::Active && until > ctx.date => until,
        _ => membership::valid_until(ctx.date, ctx.rules.settings.subscription)
            .filter(|h| *h > ctx.date)
            .unwrap_or(ctx.date),
    }
}

/// The first day the level is no longer met, from its timelines; why, from
/// the level evaluated the day before and that day.
fn first_lapse(
    ctx: &Context,
    timelines: &mut Timelines,
    competency: &Competency,
    rules: &LevelRules,
    today: &LevelOutcome,
) -> FirstLapse {
    let parts = timelines.level(competency, rules);
    let lapse = parts.met().first_lapse()?;
    let met_by = |date: NaiveDate| {
        parts.met_by(date).map(|by| match by {
            Some(path) => MetBy::Path(rules.paths[path].id.clone()),
            None => MetBy::Override,
        })
    };
    // When another path (or the override) takes over before the lapse, say so.
    let mut taken_over: Option<(NaiveDate, MetBy)> = None;
    let mut last = today.met_by.clone();
    for date in parts.changes_before(lapse) {
        let now = met_by(date);
        if now != last {
            taken_over = now.clone().map(|by| (date, by));
            last = now;
        }
    }
    // Nothing the level looks at changes between its last change and the
    // lapse, so the day before stands for the last day it was met; of the
    // level, only what met it then is evaluated again.
    let day_before = lapse.pred_opt().filter(|d| *d > ctx.date);
    let mut why = Vec::new();
    if let Some((from, by)) = taken_over {
        why.push(LapseCause::TakenOver { from, by });
    }
    match last {
        Some(MetBy::Override) => why.extend(override_ends(today.override_note.as_ref())),
        // Levels of competencies with a score never come here (see `outlook`).
        Some(MetBy::Score) => {}
        Some(MetBy::Path(id)) => {
            if let Some(path) = rules.paths.iter().find(|p| p.id == id) {
                let was = match day_before {
                    Some(day) => ctx.at(day).path(path),
                    None => today
                        .paths
                        .iter()
                        .find(|p| p.id == id)
                        .cloned()
                        .unwrap_or_else(|| ctx.path(path)),
                };
                why.extend(path_causes(&was, &ctx.at(lapse).path(path)));
            }
        }
        None => {}
    }
    Some((lapse, why))
}

fn first_lapse_by_reevaluation(
    ctx: &Context,
    competency: &Competency,
    rules: &LevelRules,
    today: &LevelOutcome,
    horizon: NaiveDate,
    search: DetailLevel,
) -> FirstLapse {
    // Whether the level is met on each date is all the search needs, so it
    // is asked at the lightest detail (`search`: the outlook's plain
    // definition asks in full); the day it lapses and the last day it was
    // met are then evaluated in full, for the words.
    let met_on = |date: NaiveDate| {
        let mut quick = ctx.at(date);
        quick.detail = search;
        quick.search = search == DetailLevel::Verdict;
        quick.level(competency, rules).met_by
    };
    let dates = change_dates(ctx, competency, rules, horizon);
    first_lapse_on_dates(ctx, competency, rules, today, dates, met_on, None)
}

/// Why a score that met a level on the first date no longer does on the
/// second, when something other than evaluating it twice can say.
type ScoreFalls<'f> = Option<&'f dyn Fn(NaiveDate, NaiveDate) -> Option<LapseCause>>;

/// The first of `dates` (in order) on which `met_on` says nothing
/// meets it, and why: the level (or its score) evaluated the last day it was
/// met and that day.
fn first_lapse_on_dates(
    ctx: &Context,
    competency: &Competency,
    rules: &LevelRules,
    today: &LevelOutcome,
    dates: Vec<NaiveDate>,
    mut met_on: impl FnMut(NaiveDate) -> Option<MetBy>,
    score_falls: ScoreFalls,
) -> FirstLapse {
    let mut last_met: Option<NaiveDate> = None;
    let mut last_by = today.met_by.clone();
    // When another path (or the override) takes over before the lapse, say so.
    let mut taken_over: Option<(NaiveDate, MetBy)> = None;
    for date in dates {
        let met_by = met_on(date);
        if met_by.is_none() {
            let mut why = Vec::new();
            if let Some((from, by)) = taken_over {
                why.push(LapseCause::TakenOver { from, by });
            }
            match (&last_by, &competency.score) {
                (Some(MetBy::Score), _)
                    if let Some(cause) =
                        score_falls.and_then(|f| f(last_met.unwrap_or(ctx.date), date)) =>
                {
                    why.push(cause);
                }
                (Some(MetBy::Score), Some(score)) => {
                    // The points say why; what it would take is not asked.
                    let score_on = |date: NaiveDate| {
                        let mut quick = ctx.at(date);
                        quick.detail = DetailLevel::Verdict;
                        quick.score(&competency.id, score)
                    };
                    let before = match last_met {
                        Some(day) => score_on(day),
                        None => ctx.score(&competency.id, score),
                    };
                    let after = score_on(date);
                    why.push(super::score::falls(score, &before, &after, rules.level));
                }
                _ => {
                    let before = match last_met {
                        Some(day) => ctx.at(day).level(competency, rules),
                        None => today.clone(),
                    };
                    why.extend(causes(&before, &ctx.at(date).level(competency, rules)));
                }
            }
            return Some((date, why));
        }
        if met_by != last_by {
            taken_over = met_by.clone().map(|by| (date, by));
        }
        last_by = met_by;
        last_met = Some(date);
    }
    None
}

/// Every date in (today, horizon] on which something this level looks at
/// changes: its own requirements, and those of the levels it `requires`.
fn change_dates(
    ctx: &Context,
    competency: &Competency,
    rules: &LevelRules,
    horizon: NaiveDate,
) -> Vec<NaiveDate> {
    let today = ctx.date;
    let mut dates = Vec::new();
    let mut codes = Vec::new();
    let mut attested = Vec::new();
    // A growth of people: people's dates seen from the start too.
    let mut people_shift = None;
    // The levels looked at: this one and, through `requires`, others.
    let mut levels: Vec<(&Competency, &LevelRules)> = vec![(competency, rules)];
    let mut next = 0;
    while let Some(&(competency, rules)) = levels.get(next) {
        next += 1;
        for o in ctx.rules.overrides.iter() {
            if o.org == ctx.org.id && o.competency == competency.id && o.level == rules.level {
                dates.push(o.until);
            }
        }
        // A score looks at its tracks' conditions (one flipping changes the
        // track that counts), its gates and lines, and (with `qualify any
        // day`) at a new set of month ends each month.
        let scored: Vec<&crate::ruleset::Requirement> = competency
            .score
            .iter()
            .flat_map(|s| s.requirements())
            .collect();
        if competency
            .score
            .as_ref()
            .is_some_and(|s| s.qualify_months.is_some())
        {
            dates.extend(super::score::month_starts(today, horizon));
        }
        for r in rules
            .paths
            .iter()
            .flat_map(|p| &p.requirements)
            .chain(scored)
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
                RequirementRule::Entities(rule) => {
                    let kept: Vec<_> = ctx
                        .org
                        .metrics
                        .iter()
                        .filter(|m| performance::matches(&rule.condition, m))
                        .collect();
                    dates.extend(customers::change_dates(
                        &kept,
                        &rule.condition,
                        rule.since,
                        rule.change.is_some(),
                    ));
                }
                RequirementRule::Growth(rule) => match &rule.measure {
                    GrowthMeasure::Records(m) => {
                        let kept: Vec<_> = ctx
                            .org
                            .metrics
                            .iter()
                            .filter(|r| performance::matches(m, r))
                            .collect();
                        let shifted = PerformanceRule {
                            window_months: rule.window_months,
                            ..m.clone()
                        };
                        dates.extend(customers::change_dates(&kept, &shifted, rule.since, true));
                    }
                    GrowthMeasure::People { qualification, .. } => {
                        codes.extend(qualification.codes());
                        people_shift = Some((rule.since, rule.window_months));
                    }
                },
                RequirementRule::Requires(rule) => {
                    let required = ctx
                        .rules
                        .competency(&rule.competency)
                        .and_then(|c| c.level(rule.level).map(|l| (c, l)));
                    if let Some((c, l)) = required {
                        let seen = levels
                            .iter()
                            .any(|(sc, sl)| sc.id == c.id && sl.level == l.level);
                        if !seen {
                            levels.push((c, l));
                        }
                    }
                }
            }
        }
    }
    attestation_dates(ctx, &attested, &mut dates);
    people_dates(ctx, &codes, &mut dates);
    let wait = ctx.rules.settings.association_wait;
    if let Some((since, window)) = people_shift {
        let mut all_people = Vec::new();
        for person in &ctx.org.people {
            all_people.extend(person.left);
            all_people.push(time::after(person.associated, wait).date_naive());
            for a in &person.achievements {
                all_people.push(a.passed);
                all_people.extend(a.expires);
                if let Some(retired) = ctx.rules.retired.iter().find(|r| r.code == a.code) {
                    all_people.extend(retired.accepted_through.succ_opt());
                }
            }
        }
        for d in all_people {
            dates.push(d);
            dates.extend(customers::start_reaches(d, since, window));
        }
        if let Some(crate::vocabulary::Since::Date(d)) = since {
            dates.push(d);
        }
    }
    dates.retain(|d| *d > today && *d <= horizon);
    dates.sort_unstable();
    dates.dedup();
    dates
}

/// The dates on which records `rule` counts enter or leave its window.
pub(super) fn record_dates(ctx: &Context, rule: &PerformanceRule, dates: &mut Vec<NaiveDate>) {
    for record in ctx
        .org
        .metrics
        .iter()
        .filter(|m| performance::matches(rule, m))
    {
        dates.push(record.date);
        if let Some(months) = rule.window() {
            dates.extend(time::leaves_window(record.date, months));
        }
    }
}

/// The dates on which attestations of `codes` are granted or expire.
pub(super) fn attestation_dates(ctx: &Context, codes: &[&String], dates: &mut Vec<NaiveDate>) {
    for a in ctx
        .org
        .attestations
        .iter()
        .filter(|a| codes.contains(&&a.code))
    {
        dates.push(a.granted);
        dates.extend(a.expires);
    }
}

/// The dates on which a person holding one of `codes` starts or stops
/// counting: arriving (after the association wait), leaving, passing,
/// expiring, or a retired code's last accepted day passing.
pub(super) fn people_dates(
    ctx: &Context,
    codes: &[(AchievementClass, &str)],
    dates: &mut Vec<NaiveDate>,
) {
    let wait = ctx.rules.settings.association_wait;
    for person in &ctx.org.people {
        let mut relevant = person
            .achievements
            .iter()
            .filter(|a| {
                codes
                    .iter()
                    .any(|(class, code)| a.kind.class() == *class && a.code == *code)
            })
            .peekable();
        if relevant.peek().is_none() {
            continue;
        }
        dates.extend(person.left);
        dates.push(time::after(person.associated, wait).date_naive());
        for a in relevant {
            dates.push(a.passed);
            dates.extend(a.expires);
            // A retired code stops counting the day after its last accepted one.
            if let Some(retired) = ctx.rules.retired.iter().find(|r| r.code == a.code) {
                dates.extend(retired.accepted_through.succ_opt());
            }
        }
    }
}

/// Why the level met on the last date (`before`) is not met on the next (`after`).
fn causes(before: &LevelOutcome, after: &LevelOutcome) -> Vec<LapseCause> {
    match &before.met_by {
        Some(MetBy::Override) => override_ends(before.override_note.as_ref()),
        // Said from the scores themselves (`first_lapse_by_reevaluation`).
        Some(MetBy::Score) => Vec::new(),
        Some(MetBy::Path(id)) => match (
            before.paths.iter().find(|p| &p.id == id),
            after.paths.iter().find(|p| &p.id == id),
        ) {
            (Some(was), Some(now)) => path_causes(was, now),
            _ => Vec::new(),
        },
        None => Vec::new(),
    }
}

fn override_ends(note: Option<&OverrideNote>) -> Vec<LapseCause> {
    note.map(|note| LapseCause::OverrideEnds {
        until: note.until,
        reason: note.reason.clone(),
    })
    .into_iter()
    .collect()
}

/// Why the path that met the level (`was`, the day before) no longer does (`now`).
fn path_causes(was: &PathOutcome, now: &PathOutcome) -> Vec<LapseCause> {
    let mut why = Vec::new();
    for (r_before, r_after) in was.requirements.iter().zip(&now.requirements) {
        if r_before.met && !r_after.met {
            why.push(LapseCause::RequirementDrops(requirement_drop(
                r_before, r_after,
            )));
        }
    }
    if let (Some(b), Some(a)) = (was.unique_people, now.unique_people) {
        if a.assigned < a.needed && b.assigned >= b.needed {
            why.push(LapseCause::TooFewDistinctPeople {
                path: was.id.clone(),
                assigned: a.assigned,
                needed: a.needed,
            });
        }
    }
    why
}

/// What a requirement met `before` no longer counts `after`.
fn requirement_drop(before: &RequirementOutcome, after: &RequirementOutcome) -> RequirementDrop {
    let lost = match (&before.detail, &after.detail) {
        (Detail::Skill(b), Detail::Skill(a)) => Lost::People(
            b.counted
                .iter()
                .filter(|id| !a.counted.contains(id))
                .map(|id| NotCounted {
                    person: id.clone(),
                    reasons: a
                        .not_counted
                        .iter()
                        .find(|n| &n.person == id)
                        .map(|n| n.reasons.clone())
                        .unwrap_or_default(),
                })
                .collect(),
        ),
        (Detail::Performance(b), Detail::Performance(a)) => match a.stale {
            Some(latest) => Lost::LatestRecordOutsideWindow(latest),
            None => Lost::Records {
                records: b
                    .records
                    .iter()
                    .filter(|r| !a.records.contains(r))
                    .cloned()
                    .collect(),
                window_months: a.window.map(|w| w.months),
            },
        },
        (Detail::Attested(b), Detail::Attested(a)) => {
            // Those expired now that were not before (a code may be attested
            // several times, so one at a time).
            let mut before = b.expired.clone();
            let expiring = a
                .expired
                .iter()
                .filter(|e| match before.iter().position(|x| x == *e) {
                    Some(at) => {
                        before.swap_remove(at);
                        false
                    }
                    None => true,
                })
                .cloned()
                .collect();
            Lost::Attestations(expiring)
        }
        (Detail::Entities(b), Detail::Entities(a)) => Lost::Entities {
            entity: a.entity,
            dropped: b
                .entities
                .iter()
                .filter(|e| e.counted)
                .filter_map(|e| {
                    let now = a.entities.iter().find(|x| x.id == e.id);
                    match now {
                        Some(x) if x.counted => None,
                        Some(x) => Some((e.id.clone(), x.value, x.required)),
                        None => Some((e.id.clone(), Decimal::ZERO, e.required)),
                    }
                })
                .collect(),
            counted_at_start: a
                .entities
                .iter()
                .filter(|e| e.lost() && !b.entities.iter().any(|x| x.id == e.id && x.lost()))
                .map(|e| e.id.clone())
                .collect(),
            start: a.start,
            unit: Unit::of_metric(a.metric),
            strict: a.strict,
        },
        (Detail::Growth(_), Detail::Growth(a)) => Lost::Growth {
            start: a.start,
            value_then: a.value_then,
            value: a.value,
            unit: a.unit,
        },
        (Detail::Requires(_), Detail::Requires(a)) => Lost::RequiredLevel {
            competency: a.competency.clone(),
            level: a.level,
        },
        // A requirement keeps its kind from one date to the next.
        _ => unreachable!("a requirement keeps its kind on every date"),
    };
    RequirementDrop {
        requirement: before.text.clone(),
        actual: after.actual,
        required: after.required,
        unit: after.unit,
        lost,
    }
}
