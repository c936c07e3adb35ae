//! Renewal outlook: for every level met today, the first date before the
//! horizon (the membership's last valid day) on which it would stop being
//! met, given only what the facts already say — achievements that expire,
//! people with a leaving date, records that slide out of their window, an
//! override that ends — and why.

use chrono::NaiveDate;

use super::{Context, membership, performance, time};
use crate::number;
use crate::outcome::*;

use crate::ruleset::{Competency, LevelRules, RequirementRule};

pub(crate) fn outlook(
    ctx: &Context,
    competencies: &[CompetencyOutcome],
    membership: &MembershipOutcome,
) -> (Vec<Lapse>, NaiveDate) {
    let horizon = within_reach(ctx, competencies, horizon(ctx, membership));
    let mut lapses = Vec::new();
    for (rules, outcome) in ctx.rules.competencies.iter().zip(competencies) {
        for (level_rules, today) in rules.levels.iter().zip(&outcome.levels) {
            if !today.met {
                continue;
            }
            let (on, why) = match first_lapse(ctx, rules, level_rules, today, horizon) {
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

/// How many dates on which something changes the outlook looks at, for any
/// one level: each means evaluating the level again, for every person. A
/// year of daily changes fits; a hostile file with a change on each of
/// 20,000 days for 20,000 people (and a 1,000-month subscription) took a
/// minute before.
pub const MAX_CHANGE_DATES: usize = 400;

/// `horizon`, or an earlier date when a level met today has more than
/// [`MAX_CHANGE_DATES`] change dates before it: the last of the first that
/// many. The outlook then says truly how far it looked.
fn within_reach(
    ctx: &Context,
    competencies: &[CompetencyOutcome],
    horizon: NaiveDate,
) -> NaiveDate {
    let mut reach = horizon;
    for (rules, outcome) in ctx.rules.competencies.iter().zip(competencies) {
        for (level_rules, today) in rules.levels.iter().zip(&outcome.levels) {
            if !today.met {
                continue;
            }
            let dates = change_dates(ctx, rules, level_rules, reach);
            if let Some(last) = dates.get(MAX_CHANGE_DATES - 1) {
                reach = *last;
            }
        }
    }
    reach
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

fn first_lapse(
    ctx: &Context,
    competency: &Competency,
    rules: &LevelRules,
    today: &LevelOutcome,
    horizon: NaiveDate,
) -> Option<(NaiveDate, Vec<Change>)> {
    let mut last_met = today.clone();
    // When another path (or the override) takes over before the lapse, say so.
    let mut taken_over: Option<(NaiveDate, MetBy)> = None;
    for date in change_dates(ctx, competency, rules, horizon) {
        let later = ctx.at(date);
        let outcome = later.level(competency, rules);
        if !outcome.met {
            let mut why = Vec::new();
            if let Some((on, by)) = taken_over {
                why.push(Change::new(match by {
                    MetBy::Path(id) => format!("from {on} only path `{id}` met it"),
                    MetBy::Override => format!("from {on} only the override met it"),
                }));
            }
            why.extend(explain(&later, &last_met, &outcome));
            return Some((date, why));
        }
        if outcome.met_by != last_met.met_by {
            taken_over = outcome.met_by.clone().map(|by| (date, by));
        }
        last_met = outcome;
    }
    None
}

/// Every date in (today, horizon] on which something this level looks at changes.
fn change_dates(
    ctx: &Context,
    competency: &Competency,
    rules: &LevelRules,
    horizon: NaiveDate,
) -> Vec<NaiveDate> {
    let today = ctx.date;
    let mut dates = Vec::new();
    let requirements = rules.paths.iter().flat_map(|p| &p.requirements);
    let mut codes = Vec::new();
    for r in requirements {
        match &r.rule {
            RequirementRule::Performance(rule) => {
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
            RequirementRule::Skill(rule) => {
                codes.extend(rule.qualification.codes());
                if let Some(o) = &rule.of_which {
                    codes.extend(o.qualification.codes());
                }
            }
        }
    }
    let wait = ctx.rules.settings.association_wait;
    for person in &ctx.org.people {
        let relevant: Vec<_> = person
            .achievements
            .iter()
            .filter(|a| {
                codes
                    .iter()
                    .any(|(class, code)| a.kind.class() == *class && a.code == *code)
            })
            .collect();
        if relevant.is_empty() {
            continue;
        }
        dates.extend(person.left);
        dates.push(time::after(person.associated, wait).date_naive());
        for a in relevant {
            dates.push(a.passed);
            dates.extend(a.expires);
        }
    }
    for o in ctx.rules.overrides.iter() {
        if o.org == ctx.org.id && o.competency == competency.id && o.level == rules.level {
            dates.push(o.until);
        }
    }
    dates.retain(|d| *d > today && *d <= horizon);
    dates.sort_unstable();
    dates.dedup();
    dates
}

/// Why the level met on the last date (`before`) is not met on `ctx.date`.
fn explain(ctx: &Context, before: &LevelOutcome, after: &LevelOutcome) -> Vec<Change> {
    let mut why = Vec::new();
    match &before.met_by {
        Some(MetBy::Override) => {
            if let Some(note) = &before.override_note {
                why.push(Change::new(format!(
                    "the override ({}) ends on {}",
                    note.reason, note.until
                )));
            }
        }
        Some(MetBy::Path(id)) => {
            let (Some(was), Some(now)) = (
                before.paths.iter().find(|p| &p.id == id),
                after.paths.iter().find(|p| &p.id == id),
            ) else {
                return why;
            };
            for (r_before, r_after) in was.requirements.iter().zip(&now.requirements) {
                if r_before.met && !r_after.met {
                    why.push(requirement_change(ctx, r_before, r_after));
                }
            }
            if let (Some(b), Some(a)) = (was.unique_people, now.unique_people) {
                if a.assigned < a.needed && b.assigned >= b.needed {
                    why.push(Change::new(format!(
                        "path `{id}`: only {} distinct people for {} places",
                        a.assigned, a.needed
                    )));
                }
            }
        }
        None => {}
    }
    why
}

fn requirement_change(
    ctx: &Context,
    before: &RequirementOutcome,
    after: &RequirementOutcome,
) -> Change {
    let mut change = Change::new(format!(
        "`{}` drops to {} of {}",
        before.text,
        show(after.actual, after.unit),
        show(after.required, after.unit)
    ));
    match (&before.detail, &after.detail) {
        (Detail::Skill(b), Detail::Skill(a)) => {
            for id in b.counted.iter().filter(|id| !a.counted.contains(id)) {
                let label = ctx
                    .org
                    .people
                    .iter()
                    .find(|p| &p.id == id)
                    .map_or_else(|| id.clone(), |p| p.label());
                let reasons = a
                    .not_counted
                    .iter()
                    .find(|n| &n.person == id)
                    .map(|n| {
                        n.reasons
                            .iter()
                            .map(future_tense)
                            .collect::<Vec<_>>()
                            .join("; ")
                    })
                    .unwrap_or_else(|| "no longer counts".to_string());
                change.details.push(format!("{label}: {reasons}"));
            }
        }
        (Detail::Performance(b), Detail::Performance(a)) => {
            let gone: Vec<String> = b
                .records
                .iter()
                .filter(|r| !a.records.contains(r))
                .map(|r| format!("{} of {}", show(r.value, after.unit), r.date))
                .collect();
            if let Some(stale) = a.stale {
                change.details.push(format!(
                    "the latest record ({stale}) falls outside the window"
                ));
            } else if !gone.is_empty() {
                let window = a
                    .window
                    .map_or(String::new(), |w| format!(" the {}-month window", w.months));
                change.details.push(format!(
                    "{} {}{window}",
                    gone.join(", "),
                    if gone.len() == 1 { "leaves" } else { "leave" }
                ));
            }
        }
        _ => {}
    }
    change
}

/// Reasons as they read about a coming date.
fn future_tense(reason: &Reason) -> String {
    match reason {
        Reason::Left(on) => format!("leaves on {on}"),
        Reason::Expired { code, on } => format!("{code} expires on {on}"),
        other => other.to_string(),
    }
}

fn show(value: rust_decimal::Decimal, unit: Unit) -> String {
    number::amount(value, unit == Unit::Dollars)
}
