//! What can be wrong with a case folder for `rules test`: an organization
//! whose story would change with the calendar, two organizations that would
//! share a snapshot, and expectation lines that cannot be read or name
//! something that does not exist. Each kind with its words; where it is, is
//! the [`Problem`]'s `loc`.

use miette::Diagnostic;
use thiserror::Error;

use crate::problem::{Note, Problem, ProblemKind};
use crate::source::Loc;

pub type CaseError = Problem<CaseErrorKind>;

/// What `found` says when a statement ends too early.
pub const END_OF_LINE: &str = "the end of the line";

#[derive(Debug, Error, Diagnostic)]
pub enum CaseErrorKind {
    #[error("organization `{org}` has no `as_of`, so its story would change with the calendar")]
    #[diagnostic(
        code(test::missing_as_of),
        help(
            "give the date its facts describe, like `as_of: Some(\"2026-11-23\")` (in JSON: `\"as_of\": \"2026-11-23\"`)"
        )
    )]
    MissingAsOf { org: String },

    #[error("two organizations of `{case}` have the id `{org}`")]
    #[diagnostic(
        code(test::duplicate_organization),
        help(
            "each organization of a case folder has a snapshot named after its id: give one of them another id"
        )
    )]
    DuplicateOrganization {
        org: String,
        case: String,
        first: Loc,
    },

    #[error("expected {expected}, found {found}")]
    #[diagnostic(code(test::expectation_syntax))]
    Expected {
        expected: &'static str,
        found: String,
        #[help]
        help: Option<String>,
    },

    #[error("unknown organization `{org}` in `{case}`")]
    #[diagnostic(code(test::unknown_organization))]
    UnknownOrganization {
        org: String,
        case: String,
        #[help]
        help: String,
    },

    #[error("unknown competency `{competency}`")]
    #[diagnostic(code(test::unknown_competency))]
    UnknownCompetency {
        competency: String,
        #[help]
        help: String,
    },

    #[error("competency `{competency}` has no {level} level")]
    #[diagnostic(
        code(test::undefined_level),
        help("`{competency}` defines only {defined}")
    )]
    UndefinedLevel {
        competency: String,
        level: &'static str,
        /// `silver`, `silver and gold`.
        defined: String,
    },

    #[error("`{competency}` {level} has no path `{path}`")]
    #[diagnostic(code(test::unknown_path))]
    UnknownPath {
        path: String,
        competency: String,
        level: &'static str,
        #[help]
        help: String,
    },

    #[error("the rules define no designation `{designation}`")]
    #[diagnostic(code(test::unknown_designation))]
    UnknownDesignation {
        designation: String,
        #[help]
        help: String,
    },
}

impl ProblemKind for CaseErrorKind {
    fn label(&self) -> Option<String> {
        use CaseErrorKind::*;
        Some(match self {
            MissingAsOf { .. } => "this organization".to_string(),
            DuplicateOrganization { .. } => "the same id again".to_string(),
            Expected { found, .. } if found == END_OF_LINE => "the statement ends here".to_string(),
            Expected { .. } => "not expected here".to_string(),
            UnknownOrganization { .. } => "no organization with this id".to_string(),
            UnknownCompetency { .. } => "no competency with this id".to_string(),
            UndefinedLevel { competency, .. } => format!("not defined for `{competency}`"),
            UnknownPath { .. } => "no path with this id".to_string(),
            UnknownDesignation { .. } => "no designation with this id".to_string(),
        })
    }

    fn notes(&self) -> Vec<Note> {
        match self {
            CaseErrorKind::DuplicateOrganization { org, first, .. } => {
                vec![Note::new(first, "first here").alone(format!("`{org}` is first"))]
            }
            _ => Vec::new(),
        }
    }
}

/// "did you mean `x`?" when one name is close, else every name there is
/// (the first ten).
pub fn suggestion<'a>(word: &str, names: impl IntoIterator<Item = &'a str> + Clone) -> String {
    if let Some(meant) = crate::suggest::did_you_mean(word, names.clone()) {
        return format!("did you mean `{meant}`?");
    }
    let all: Vec<String> = names.into_iter().map(|n| format!("`{n}`")).collect();
    match all.len() {
        0 => "there are none".to_string(),
        1..=10 => format!("the ones there are: {}", all.join(", ")),
        n => format!(
            "the ones there are include {} and {} more",
            all[..10].join(", "),
            n - 10
        ),
    }
}
