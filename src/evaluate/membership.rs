//! What the evaluation means for the organization's membership: what it is
//! eligible for, the state of what it holds, what its profile shows, and
//! whether renewal is at risk.

use chrono::{Datelike, NaiveDate};

use super::{Context, gap, time};
use crate::outcome::*;
use crate::ruleset::{RequirementRule, Subscription};
use crate::vocabulary::{AchievementClass, Level};

/// The last valid day of a subscription bought on `purchased`.
pub fn valid_until(purchased: NaiveDate, subscription: Subscription) -> Option<NaiveDate> {
    match subscription {
        Subscription::For(length) => time::date_after(purchased, length)?.pred_opt(),
        Subscription::UntilYearEnd => NaiveDate::from_ymd_opt(purchased.year(), 12, 31),
    }
}

pub(crate) fn membership(ctx: &Context, competencies: &[CompetencyOutcome]) -> MembershipOutcome {
    let met = |level: Level| {
        competencies
            .iter()
            .any(|c| c.levels.iter().any(|l| l.level == level && l.met))
    };
    let eligible = [Level::Gold, Level::Silver].into_iter().find(|l| met(*l));
    let settings = &ctx.rules.settings;
    let Some(held) = &ctx.org.membership else {
        return MembershipOutcome {
            eligible,
            held: None,
            status: Status::None,
            purchased: None,
            valid_until: None,
            grace_until: None,
            attained_with: Vec::new(),
            at_risk: false,
            causes: Vec::new(),
            restore: None,
            profile: Vec::new(),
        };
    };
    let valid_until = valid_until(held.purchased, settings.subscription);
    let grace_until = valid_until.and_then(|v| time::date_after(v, settings.renewal_grace));
    let date = ctx.date;
    let status = if date < held.purchased {
        Status::None
    } else if valid_until.is_none_or(|v| date <= v) {
        Status::Active
    } else if grace_until.is_none_or(|g| date <= g) {
        Status::Grace
    } else {
        Status::Expired
    };
    let attained_with: Vec<String> = held.competencies.iter().map(|(id, _)| id.clone()).collect();
    let showing = status.is_showing();
    // A level of Gold satisfies a Silver membership: a Gold partner can renew Silver.
    let at_risk = showing && eligible.is_none_or(|e| e < held.level);
    let profile = if showing {
        profile(competencies, held.level, &attained_with)
    } else {
        Vec::new()
    };
    let causes = if at_risk {
        causes(
            ctx,
            competencies,
            held.level,
            held.purchased,
            &attained_with,
        )
    } else {
        Vec::new()
    };
    let restore = if at_risk && ctx.detail >= DetailLevel::Gaps {
        gap::restore(competencies, held.level)
    } else {
        None
    };
    MembershipOutcome {
        eligible,
        held: Some(held.level),
        status,
        purchased: Some(held.purchased),
        valid_until,
        grace_until,
        attained_with,
        at_risk,
        causes,
        restore,
        profile,
    }
}

/// The competencies attained with (at the held level), every competency met
/// at Silver, and with Gold held every competency met at Gold; each once, in
/// rule-set order.
fn profile(
    competencies: &[CompetencyOutcome],
    held: Level,
    attained_with: &[String],
) -> Vec<(String, Level)> {
    let mut out = Vec::new();
    for c in competencies {
        let met = |level| c.levels.iter().any(|l| l.level == level && l.met);
        let attained = attained_with.contains(&c.id);
        for level in Level::ALL {
            let shows = (attained && level == held)
                || (level == Level::Silver && met(Level::Silver))
                || (level == Level::Gold && held == Level::Gold && met(Level::Gold));
            if shows {
                out.push((c.id.clone(), level));
            }
        }
    }
    out
}

/// Why no competency meets the held level: who left, what expired, and what
/// fell short, for the competencies the membership was attained with (or,
/// when none are named, every competency that defines the level).
fn causes(
    ctx: &Context,
    competencies: &[CompetencyOutcome],
    held: Level,
    purchased: NaiveDate,
    attained_with: &[String],
) -> Vec<Cause> {
    let defining = || {
        ctx.rules
            .competencies
            .iter()
            .filter(|c| c.level(held).is_some())
    };
    let attained: Vec<&crate::ruleset::Competency> = defining()
        .filter(|c| attained_with.contains(&c.id))
        .collect();
    // Those it was attained with; when none of them defines the level, all that do.
    let focus = if attained.is_empty() {
        defining().collect()
    } else {
        attained
    };
    let relevant: Vec<(AchievementClass, String)> = focus
        .iter()
        .filter_map(|c| c.level(held))
        .flat_map(|l| &l.paths)
        .flat_map(|p| &p.requirements)
        .filter_map(|r| match &r.rule {
            RequirementRule::Skill(s) => Some(s),
            RequirementRule::Performance(_)
            | RequirementRule::Attested(_)
            | RequirementRule::Requires(_) => None,
        })
        .flat_map(|s| {
            let mut codes = s.qualification.codes();
            if let Some(o) = &s.of_which {
                codes.extend(o.qualification.codes());
            }
            codes
                .into_iter()
                .map(|(class, code)| (class, code.to_string()))
                .collect::<Vec<_>>()
        })
        .collect();
    let is_relevant = |class: AchievementClass, code: &str| {
        relevant.iter().any(|(c, k)| *c == class && k == code)
    };
    let since = purchased..=ctx.date;
    let mut out = Vec::new();
    for person in &ctx.org.people {
        let holds_relevant = person
            .achievements
            .iter()
            .any(|a| is_relevant(a.kind.class(), &a.code));
        if !holds_relevant {
            continue;
        }
        match person.left {
            Some(left) if since.contains(&left) => out.push(Cause::Left {
                person: person.id.clone(),
                on: left,
            }),
            Some(left) if left <= ctx.date => {}
            _ => {
                for a in &person.achievements {
                    if let Some(expired) = a.expires.filter(|e| since.contains(e)) {
                        if is_relevant(a.kind.class(), &a.code) {
                            out.push(Cause::Expired {
                                person: person.id.clone(),
                                code: a.code.clone(),
                                on: expired,
                            });
                        }
                    }
                }
            }
        }
    }
    for c in &focus {
        let Some(level) = competencies
            .iter()
            .find(|o| o.id == c.id)
            .and_then(|o| o.levels.iter().find(|l| l.level == held))
        else {
            continue;
        };
        // The nearest path (§4), the one the level's gap names.
        let Some(nearest) = level
            .gap
            .as_ref()
            .and_then(|g| level.paths.iter().find(|p| p.id == g.path))
        else {
            continue;
        };
        for r in nearest.requirements.iter().filter(|r| !r.met) {
            out.push(Cause::ShortOf {
                competency: c.id.clone(),
                level: held,
                path: nearest.id.clone(),
                requirement: r.text.clone(),
                actual: r.actual,
                required: r.required,
                unit: r.unit,
            });
        }
    }
    out
}
