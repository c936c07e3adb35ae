//! The sentences explanations say about an outcome's data: why a person did
//! not count, why renewal is at risk, why a level lapses. The text and the
//! JSON output both take their wording from here, so they cannot drift apart.
//!
//! Sentences are `Display` values: the text output writes them into its
//! lines, the JSON output straight into its strings, neither through a
//! temporary copy.

use std::fmt::{self, Display, Formatter};

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use crate::number;
use crate::outcome::{Cause, LapseCause, Lost, MetBy, OrgOutcome, Reason, RequirementDrop, Unit};
use crate::vocabulary::{AchievementClass, AchievementKind};

/// The program's alert, word for word (the contract's §3).
pub const AT_RISK_ALERT: &str = "A recent change to your competency achievement has put your membership renewal eligibility at risk";

/// An amount in its unit: `$15,000`, `2,000`, `2`.
pub fn amount(value: Decimal, unit: Unit) -> String {
    number::amount(value, unit == Unit::Dollars)
}

/// A moment as explanations show it: `2026-11-24 09:00 UTC`.
pub fn moment(at: &DateTime<Utc>) -> impl Display + use<> {
    at.format("%Y-%m-%d %H:%M UTC")
}

/// `a`, `a and b`, `a, b and c`.
pub struct AndList<'a, T>(pub &'a [T]);

impl<T: Display> Display for AndList<'_, T> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let Some((last, init)) = self.0.split_last() else {
            return Ok(());
        };
        for (i, item) in init.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            item.fmt(f)?;
        }
        if !init.is_empty() {
            f.write_str(" and ")?;
        }
        last.fmt(f)
    }
}

/// A person as explanations name them: `Alice Wong (alice@contoso.com)`, or the id alone.
pub struct Person<'a> {
    pub id: &'a str,
    pub name: Option<&'a str>,
}

impl<'a> Person<'a> {
    /// The person of that id in the outcome, named when the facts name them.
    pub fn in_outcome(outcome: &'a OrgOutcome, id: &'a str) -> Person<'a> {
        Person {
            id,
            name: outcome.person(id).and_then(|p| p.name.as_deref()),
        }
    }
}

impl Display for Person<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.name {
            Some(name) => write!(f, "{name} ({})", self.id),
            None => f.write_str(self.id),
        }
    }
}

/// Whether a reason is said of the evaluation date or of a date to come
/// (the renewal outlook: "leaves on", "expires on").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tense {
    Now,
    Coming,
}

/// Why a person did not count: `left on 2026-08-14`, `lacks AZ-305`.
pub struct ReasonWords<'a>(pub &'a Reason, pub Tense);

impl Display for ReasonWords<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match (self.0, self.1) {
            (Reason::Left { on }, Tense::Now) => write!(f, "left on {on}"),
            (Reason::Left { on }, Tense::Coming) => write!(f, "leaves on {on}"),
            (Reason::Pending { until }, _) => {
                write!(f, "association pending until {}", moment(until))
            }
            (Reason::Severed { by, on }, _) => {
                write!(f, "severed: re-associated with {by} on {}", on.date_naive())
            }
            (Reason::Expired { code, on }, Tense::Now) => Expired(code, *on).fmt(f),
            (Reason::Expired { code, on }, Tense::Coming) => write!(f, "{code} expires on {on}"),
            (Reason::NotYetPassed { code, on }, _) => {
                write!(f, "{code} passes on {on}, after the evaluation date")
            }
            (
                Reason::Retired {
                    code,
                    passed,
                    retired_on,
                    accepted_through,
                },
                tense,
            ) => {
                if passed > retired_on {
                    write!(
                        f,
                        "{code} retired on {retired_on}, before it was passed on {passed}"
                    )
                } else if tense == Tense::Coming && accepted_through == retired_on {
                    write!(
                        f,
                        "{code} retires on {retired_on}, the last day it is accepted"
                    )
                } else if tense == Tense::Coming {
                    write!(
                        f,
                        "{code} is accepted only through {accepted_through} (its retirement date is {retired_on})"
                    )
                } else if accepted_through == retired_on {
                    write!(f, "{code} retired on {retired_on}")
                } else {
                    write!(
                        f,
                        "{code} retired on {retired_on} and was accepted through {accepted_through}"
                    )
                }
            }
            (Reason::Lacks { missing }, _) => {
                let missing: Vec<AnyOf> = missing.iter().map(|codes| AnyOf(codes)).collect();
                write!(f, "lacks {}", AndList(&missing))
            }
            (
                Reason::WrongKind {
                    codes,
                    held_as,
                    asked,
                },
                _,
            ) => write!(
                f,
                "holds {} as {}, but {} is asked",
                codes.join(", "),
                kind_words(*held_as, codes.len()),
                class_words(*asked)
            ),
            (Reason::CountedElsewhere { requirement }, _) => {
                write!(f, "counted for `{requirement}` (unique people)")
            }
        }
    }
}

/// One thing a person lacks: `AZ-305`, or `one of 70-497, PSM I, CSM`.
struct AnyOf<'a>(&'a [String]);

impl Display for AnyOf<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.0 {
            [one] => f.write_str(one),
            codes => write!(f, "one of {}", codes.join(", ")),
        }
    }
}

/// `an exam` for one code, `exams` for several.
fn kind_words(kind: AchievementKind, codes: usize) -> &'static str {
    match (kind, codes) {
        (AchievementKind::Certification, 1) => "a certification",
        (AchievementKind::Exam, 1) => "an exam",
        (AchievementKind::Assessment, 1) => "an assessment",
        (AchievementKind::Certification, _) => "certifications",
        (AchievementKind::Exam, _) => "exams",
        (AchievementKind::Assessment, _) => "assessments",
    }
}

fn class_words(class: AchievementClass) -> &'static str {
    match class {
        AchievementClass::Certified => "an exam or certification",
        AchievementClass::Assessed => "an assessment",
    }
}

/// An achievement that expired: `AZ-104 expired on 2026-03-01`.
pub struct Expired<'a>(pub &'a str, pub NaiveDate);

impl Display for Expired<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{} expired on {}", self.0, self.1)
    }
}

/// Why renewal is at risk, as a sentence: `Alice (alice@…) left on 2026-08-14`.
pub struct CauseWords<'a> {
    pub outcome: &'a OrgOutcome,
    pub cause: &'a Cause,
}

impl Display for CauseWords<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let o = self.outcome;
        match self.cause {
            Cause::Left { person, on } => {
                write!(f, "{} left on {on}", Person::in_outcome(o, person))
            }
            Cause::Expired { person, code, on } => {
                write!(
                    f,
                    "{}: {code} expired on {on}",
                    Person::in_outcome(o, person)
                )
            }
            Cause::ShortOf {
                competency,
                level,
                path,
                requirement,
                actual,
                required,
                unit,
            } => {
                let title = o
                    .competencies
                    .iter()
                    .find(|c| &c.id == competency)
                    .map_or(competency.as_str(), |c| c.title.as_str());
                write!(
                    f,
                    "{title} {}, path `{path}`: `{requirement}` has {} of {}, short by {}",
                    level.title(),
                    amount(*actual, *unit),
                    amount(*required, *unit),
                    amount((*required - *actual).max(Decimal::ZERO), *unit),
                )
            }
        }
    }
}

/// Why a level lapses, in one sentence: `` `1 person certified in [...]` drops to 0 of 1 ``.
pub struct LapseWords<'a>(pub &'a LapseCause);

impl Display for LapseWords<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.0 {
            LapseCause::TakenOver {
                from,
                by: MetBy::Path(id),
            } => write!(f, "from {from} only path `{id}` met it"),
            LapseCause::TakenOver {
                from,
                by: MetBy::Override,
            } => write!(f, "from {from} only the override met it"),
            LapseCause::OverrideEnds { until, reason } => {
                write!(f, "the override ({reason}) ends on {until}")
            }
            LapseCause::RequirementDrops(drop) if drop.unit == Unit::Levels => {
                write!(f, "`{}` is no longer met", drop.requirement)
            }
            LapseCause::RequirementDrops(drop) => write!(
                f,
                "`{}` drops to {} of {}",
                drop.requirement,
                amount(drop.actual, drop.unit),
                amount(drop.required, drop.unit)
            ),
            LapseCause::TooFewDistinctPeople {
                path,
                assigned,
                needed,
            } => write!(
                f,
                "path `{path}`: only {assigned} distinct {} for {needed} {}",
                if *assigned == 1 { "person" } else { "people" },
                if *needed == 1 { "place" } else { "places" }
            ),
        }
    }
}

/// What lies behind a lapse, a sentence each: who stops counting and why,
/// which records leave the window.
pub fn lapse_details(outcome: &OrgOutcome, cause: &LapseCause) -> Vec<String> {
    match cause {
        LapseCause::RequirementDrops(drop) => drop_details(outcome, drop),
        LapseCause::TakenOver { .. }
        | LapseCause::OverrideEnds { .. }
        | LapseCause::TooFewDistinctPeople { .. } => Vec::new(),
    }
}

fn drop_details(outcome: &OrgOutcome, drop: &RequirementDrop) -> Vec<String> {
    match &drop.lost {
        Lost::People(people) => people
            .iter()
            .map(|n| {
                let person = Person::in_outcome(outcome, &n.person);
                if n.reasons.is_empty() {
                    format!("{person}: no longer counts")
                } else {
                    let reasons: Vec<String> = n
                        .reasons
                        .iter()
                        .map(|r| ReasonWords(r, Tense::Coming).to_string())
                        .collect();
                    format!("{person}: {}", reasons.join("; "))
                }
            })
            .collect(),
        Lost::Records { records, .. } if records.is_empty() => Vec::new(),
        Lost::Records {
            records,
            window_months,
        } => {
            let gone: Vec<String> = records
                .iter()
                .map(|r| format!("{} of {}", amount(r.value, drop.unit), r.date))
                .collect();
            let verb = if gone.len() == 1 { "leaves" } else { "leave" };
            let window = window_months.map_or(String::new(), |m| format!(" the {m}-month window"));
            vec![format!("{} {verb}{window}", gone.join(", "))]
        }
        Lost::LatestRecordOutsideWindow(latest) => {
            vec![format!(
                "the latest record ({latest}) falls outside the window"
            )]
        }
        Lost::Attestations(expiring) => expiring
            .iter()
            .map(|(code, on)| format!("{code} expires on {on}"))
            .collect(),
        Lost::RequiredLevel { competency, level } => {
            let title = outcome
                .competencies
                .iter()
                .find(|c| &c.id == competency)
                .map_or(competency.as_str(), |c| c.title.as_str());
            vec![format!("{title} {} is no longer met", level.title())]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_english() {
        let items = |list: &[&str]| AndList(list).to_string();
        assert_eq!(items(&[]), "");
        assert_eq!(items(&["a"]), "a");
        assert_eq!(items(&["a", "b"]), "a and b");
        assert_eq!(items(&["a", "b", "c"]), "a, b and c");
    }

    #[test]
    fn reasons_read_for_the_date_they_speak_of() {
        let on = NaiveDate::from_ymd_opt(2027, 1, 15).unwrap();
        let left = Reason::Left { on };
        assert_eq!(
            ReasonWords(&left, Tense::Now).to_string(),
            "left on 2027-01-15"
        );
        assert_eq!(
            ReasonWords(&left, Tense::Coming).to_string(),
            "leaves on 2027-01-15"
        );
        let lacks = Reason::Lacks {
            missing: vec![
                vec!["70-498".to_string()],
                vec!["70-497".to_string(), "PSM I".to_string()],
            ],
        };
        assert_eq!(
            ReasonWords(&lacks, Tense::Now).to_string(),
            "lacks 70-498 and one of 70-497, PSM I"
        );
        let wrong = Reason::WrongKind {
            codes: vec!["AZ-104".to_string(), "AZ-305".to_string()],
            held_as: AchievementKind::Assessment,
            asked: AchievementClass::Certified,
        };
        assert_eq!(
            ReasonWords(&wrong, Tense::Now).to_string(),
            "holds AZ-104, AZ-305 as assessments, but an exam or certification is asked"
        );
        let one = Reason::WrongKind {
            codes: vec!["AZ-104".to_string()],
            held_as: AchievementKind::Exam,
            asked: AchievementClass::Assessed,
        };
        assert_eq!(
            ReasonWords(&one, Tense::Now).to_string(),
            "holds AZ-104 as an exam, but an assessment is asked"
        );
    }
}
