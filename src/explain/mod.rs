//! Outcome → words: a text explanation for people and JSON for programs,
//! both drawn from the same [`OrgOutcome`].

pub mod diff;
pub mod json;
pub mod text;

use crate::number;
use crate::outcome::{Cause, OrgOutcome, Unit};

/// An amount in its unit: `$15,000`, `2,000`, `2`.
pub fn amount(value: rust_decimal::Decimal, unit: Unit) -> String {
    number::amount(value, unit == Unit::Dollars)
}

/// A renewal-at-risk cause as a sentence.
pub fn cause_text(o: &OrgOutcome, cause: &Cause) -> String {
    match cause {
        Cause::Left { person, on } => format!("{} left on {on}", o.person_label(person)),
        Cause::Expired { person, code, on } => {
            format!("{}: {code} expired on {on}", o.person_label(person))
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
            format!(
                "{title} {}, path `{path}`: `{requirement}` has {} of {}, short by {}",
                level.title(),
                amount(*actual, *unit),
                amount(*required, *unit),
                amount(
                    (*required - *actual).max(rust_decimal::Decimal::ZERO),
                    *unit
                ),
            )
        }
    }
}
