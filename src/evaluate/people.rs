//! Who counts, for what, and why not: a person's standing at a date and the
//! qualifications they satisfy.

use chrono::{DateTime, NaiveDate, Utc};

use super::time;
use crate::duration::Duration;
use crate::facts::{Achievement, Person};
use crate::outcome::Reason;
use crate::ruleset::{Qualification, Retired};
use crate::vocabulary::AchievementClass;

/// The organization a person re-associated with, which cuts them from this one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeveredBy {
    pub org: String,
    pub on: DateTime<Utc>,
}

/// Why `person` counts for nothing at `date`; empty when they can count.
pub fn standing(
    person: &Person,
    date: NaiveDate,
    wait: Duration,
    severed: Option<&SeveredBy>,
) -> Vec<Reason> {
    let mut reasons = Vec::new();
    if let Some(s) = severed {
        reasons.push(Reason::Severed {
            by: s.org.clone(),
            on: s.on,
        });
    }
    if let Some(left) = person.left {
        // "left: None or after D": leaving on D means gone at the end of D.
        if left <= date {
            reasons.push(Reason::Left { on: left });
        }
    }
    let counts_from = time::after(person.associated, wait);
    if counts_from >= time::end_of_day(date) {
        reasons.push(Reason::Pending { until: counts_from });
    }
    reasons
}

/// Passed on or before `date`, not expired (`expires` is after `date`), and,
/// for a retired code, passed by its retirement and `date` within the time
/// it is still accepted.
pub fn is_valid(achievement: &Achievement, date: NaiveDate, retired: &[Retired]) -> bool {
    achievement.passed <= date
        && achievement.expires.is_none_or(|e| e > date)
        && retired_rule(&achievement.code, retired)
            .is_none_or(|r| r.accepts(achievement.passed, date))
}

/// Why an achievement held does not count at `date`: it passes later, has
/// expired, or is a retired code no longer accepted; `None` when it counts.
fn not_valid(a: &Achievement, date: NaiveDate, retired: &[Retired]) -> Option<Reason> {
    if a.passed > date {
        Some(Reason::NotYetPassed {
            code: a.code.clone(),
            on: a.passed,
        })
    } else if let Some(expired) = a.expires.filter(|e| *e <= date) {
        Some(Reason::Expired {
            code: a.code.clone(),
            on: expired,
        })
    } else {
        retired_rule(&a.code, retired)
            .filter(|r| !r.accepts(a.passed, date))
            .map(|r| Reason::Retired {
                code: a.code.clone(),
                passed: a.passed,
                retired_on: r.on,
                accepted_through: r.accepted_through,
            })
    }
}

/// The `retired` line of a code, if it has one.
fn retired_rule<'r>(code: &str, retired: &'r [Retired]) -> Option<&'r Retired> {
    retired.iter().find(|r| r.code == code)
}

/// Whether a person with these holdings satisfies `q`.
pub fn satisfies(q: &Qualification, holds: &impl Fn(AchievementClass, &str) -> bool) -> bool {
    match q {
        Qualification::Holds { class, all, codes } => {
            if *all {
                codes.iter().all(|c| holds(*class, c))
            } else {
                codes.iter().any(|c| holds(*class, c))
            }
        }
        Qualification::And(parts) => parts.iter().all(|p| satisfies(p, holds)),
        Qualification::Or(parts) => parts.iter().any(|p| satisfies(p, holds)),
    }
}

/// What a person would still need to satisfy `q`: each entry one thing
/// missing, met by any one of its codes (`[70-498]`, `[70-497, PSM I, CSM]`).
/// For `or`, the alternative nearest to done: the fewest things missing,
/// then the most codes already held.
pub fn missing(
    q: &Qualification,
    holds: &impl Fn(AchievementClass, &str) -> bool,
) -> Vec<Vec<String>> {
    progress(q, holds).0
}

/// What is missing, and how many of the codes asked for are held.
fn progress(
    q: &Qualification,
    holds: &impl Fn(AchievementClass, &str) -> bool,
) -> (Vec<Vec<String>>, usize) {
    match q {
        Qualification::Holds { class, all, codes } => {
            let held = codes.iter().filter(|c| holds(*class, c)).count();
            let missing = if *all {
                codes
                    .iter()
                    .filter(|c| !holds(*class, c))
                    .map(|c| vec![c.clone()])
                    .collect()
            } else if held > 0 {
                Vec::new()
            } else {
                vec![codes.clone()]
            };
            (missing, held)
        }
        Qualification::And(parts) => parts.iter().map(|p| progress(p, holds)).fold(
            (Vec::new(), 0),
            |(mut missing, held), (m, h)| {
                missing.extend(m);
                (missing, held + h)
            },
        ),
        Qualification::Or(parts) => parts
            .iter()
            .map(|p| progress(p, holds))
            .min_by(|(m1, h1), (m2, h2)| m1.len().cmp(&m2.len()).then(h2.cmp(h1)))
            .unwrap_or_default(),
    }
}

/// What keeps a person from satisfying `q` (whose codes are `codes`) at
/// `date`, whatever their standing: achievements it asks for that pass
/// later or have expired, and what they lack altogether.
pub fn short_of(
    person: &Person,
    q: &Qualification,
    codes: &[(AchievementClass, &str)],
    date: NaiveDate,
    retired: &[Retired],
) -> Vec<Reason> {
    let mut reasons = Vec::new();
    for a in &person.achievements {
        let asked = codes
            .iter()
            .any(|(class, code)| a.kind.class() == *class && a.code == *code);
        if !asked {
            continue;
        }
        reasons.extend(not_valid(a, date, retired));
    }
    let any = holdings(person, None, retired);
    if !satisfies(q, &any) {
        reasons.push(Reason::Lacks {
            missing: missing(q, &any),
        });
    }
    reasons
}

/// The achievements of a person valid at `date`, by class and code.
pub fn valid_holdings<'a>(
    person: &'a Person,
    date: NaiveDate,
    retired: &[Retired],
) -> Vec<(AchievementClass, &'a str)> {
    person
        .achievements
        .iter()
        .filter(|a| is_valid(a, date, retired))
        .map(|a| (a.kind.class(), a.code.as_str()))
        .collect()
}

/// The holdings of a person at a date: valid achievements only, or any.
pub fn holdings<'a>(
    person: &'a Person,
    date: Option<NaiveDate>,
    retired: &'a [Retired],
) -> impl Fn(AchievementClass, &str) -> bool + 'a {
    move |class, code| {
        person.achievements.iter().any(|a| {
            a.kind.class() == class
                && a.code == code
                && date.is_none_or(|d| is_valid(a, d, retired))
        })
    }
}

/// For a person who holds something `q` mentions but does not count for it
/// at `date`: why. `None` when they count, or hold nothing relevant.
pub fn why_not(
    person: &Person,
    q: &Qualification,
    relevant: &[(AchievementClass, String)],
    valid: &impl Fn(AchievementClass, &str) -> bool,
    date: NaiveDate,
    standing: &[Reason],
    retired: &[Retired],
) -> Option<Vec<Reason>> {
    // Most people hold none of the codes: nothing to explain, and cheap to see.
    let holds_any = person
        .achievements
        .iter()
        .any(|a| relevant.iter().any(|(_, code)| *code == a.code));
    if !holds_any {
        return None;
    }
    let qualifies = satisfies(q, valid);
    if qualifies && standing.is_empty() {
        return None;
    }
    let related: Vec<&Achievement> = person
        .achievements
        .iter()
        .filter(|a| {
            relevant
                .iter()
                .any(|(class, code)| a.kind.class() == *class && a.code == *code)
        })
        .collect();
    // The right code held as the wrong kind is worth saying: it is often a data slip.
    let mut wrong_kind: Vec<Reason> = Vec::new();
    for a in &person.achievements {
        let Some((asked, _)) = relevant
            .iter()
            .find(|(class, code)| a.kind.class() != *class && a.code == *code)
        else {
            continue;
        };
        let (held_as, asked) = (a.kind, *asked);
        let same = |r: &&mut Reason| matches!(r, Reason::WrongKind { held_as: h, asked: k, .. } if *h == held_as && *k == asked);
        match wrong_kind.iter_mut().find(same) {
            Some(Reason::WrongKind { codes, .. }) => codes.push(a.code.clone()),
            _ => wrong_kind.push(Reason::WrongKind {
                codes: vec![a.code.clone()],
                held_as,
                asked,
            }),
        }
    }
    if related.is_empty() && wrong_kind.is_empty() {
        return None;
    }
    let mut reasons = standing.to_vec();
    if !qualifies {
        for a in &related {
            reasons.extend(not_valid(a, date, retired));
        }
        reasons.extend(wrong_kind);
        let any = holdings(person, None, retired);
        if !satisfies(q, &any) {
            reasons.push(Reason::Lacks {
                missing: missing(q, &any),
            });
        }
    }
    Some(reasons)
}
