//! Facts that only make sense against the rules: the competencies a
//! membership was attained with must exist in the rule set.

use super::Organization;
use super::error::{FactError, FactErrorKind};
use crate::ruleset::RuleSet;
use crate::suggest::did_you_mean;

/// The problems of `org`'s facts that only the rules can show.
pub fn check_against_rules(rules: &RuleSet, org: &Organization) -> Vec<FactError> {
    let Some(membership) = &org.membership else {
        return Vec::new();
    };
    membership
        .competencies
        .iter()
        .filter(|(id, _)| rules.competency(id).is_none())
        .map(|(id, loc)| {
            let suggestion = did_you_mean(id, rules.competencies.iter().map(|c| c.id.as_str()))
                .map(str::to_string);
            FactError::new(
                FactErrorKind::UnknownCompetency {
                    id: id.clone(),
                    suggestion,
                },
                loc.clone(),
            )
        })
        .collect()
}
