//! Facts that only make sense against the rules: the competencies a
//! membership was attained with must exist in the rule set.

use miette::SourceSpan;

use super::{FactError, Organization};
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
        .map(|(id, range)| {
            let help = match did_you_mean(id, rules.competencies.iter().map(|c| c.id.as_str())) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "name competencies by their id in the rule files, like `cloud_platform`"
                    .to_string(),
            };
            FactError::UnknownCompetency {
                src: org.source.clone(),
                span: SourceSpan::new(range.start.into(), range.len()),
                id: id.clone(),
                help,
            }
        })
        .collect()
}
