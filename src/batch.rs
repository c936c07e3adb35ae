//! Evaluating a TARGET: every organization in a file, a list file or a
//! folder, together — so that a person shared between organizations counts
//! only for the one they associated with last.

use std::path::Path;

use chrono::NaiveDate;
use miette::SourceSpan;

use crate::diagnostics::Diagnostics;
use crate::evaluate::{self, PeopleIndex, Severance};
use crate::facts::{self, FactError, Organization};
use crate::outcome::OrgOutcome;
use crate::ruleset::RuleSet;
use crate::suggest::did_you_mean;

/// Evaluates every organization of `target` under `rules`, handing each
/// outcome to `emit` in order (list order, then files by name). Returns the
/// problems found in the facts; organizations with problems are skipped.
pub fn evaluate_target(
    rules: &RuleSet,
    target: &Path,
    as_of: Option<NaiveDate>,
    mut emit: impl FnMut(OrgOutcome),
) -> Diagnostics {
    let (organizations, mut diagnostics) = facts::load_organizations(target);
    let mut valid = Vec::with_capacity(organizations.len());
    for org in organizations {
        let problems = check_against_rules(rules, &org);
        if problems.is_empty() {
            valid.push(org);
        } else {
            diagnostics.extend(problems);
        }
    }
    let index = people_index(&valid);
    for (position, org) in valid.iter().enumerate() {
        let severance = match &index {
            Some(index) => index.severance(position, org.people.iter().map(|p| p.id.as_str())),
            None => Severance::new(),
        };
        let date = evaluate::evaluation_date(as_of, org);
        emit(evaluate::evaluate(rules, org, date, &severance));
    }
    diagnostics
}

/// Who keeps each shared person; `None` when there is a single organization.
pub fn people_index(organizations: &[Organization]) -> Option<PeopleIndex> {
    if organizations.len() < 2 {
        return None;
    }
    let mut index = PeopleIndex::new();
    for (position, org) in organizations.iter().enumerate() {
        for person in &org.people {
            index.add(position, &org.id, &person.id, person.associated);
        }
    }
    index.shrink();
    Some(index)
}

/// Facts that only make sense against the rules: the competencies a
/// membership was attained with must exist.
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
