//! Why a rule file was not formatted.

use std::fmt;

use miette::Diagnostic;
use thiserror::Error;

use crate::diagnostics::Diagnostics;
use crate::problem::{Problem, ProblemKind};
use crate::syntax::SyntaxError;

/// Why a rule file was not formatted, and where.
pub type FormatError = Problem<FormatErrorKind>;

#[derive(Debug, Error, Diagnostic)]
pub enum FormatErrorKind {
    /// The input does not parse; the parser's own diagnostics say why.
    #[error("this file has syntax errors, so it was not formatted")]
    #[diagnostic(code(rules::format_syntax_errors))]
    Syntax {
        #[related]
        errors: Vec<SyntaxError>,
    },

    /// The safety net caught a formatting that would change the rules.
    #[error("formatting would change the meaning of this file, so it was left as it is: {why}")]
    #[diagnostic(
        code(rules::format_changed_meaning),
        help("this is a bug in `rules fmt`; please report it with the file")
    )]
    ChangedMeaning { why: MeaningChange },

    /// The safety net caught a formatting that would lose or alter a comment.
    #[error("formatting would lose or alter a comment, so the file was left as it is: {why}")]
    #[diagnostic(
        code(rules::format_lost_comment),
        help("this is a bug in `rules fmt`; please report it with the file")
    )]
    ChangedComments { why: CommentChange },
}

impl ProblemKind for FormatErrorKind {
    fn label(&self) -> Option<String> {
        match self {
            FormatErrorKind::ChangedMeaning {
                why: MeaningChange::Item(_),
            } => Some("reads differently after formatting".to_string()),
            FormatErrorKind::ChangedComments {
                why: CommentChange::Lost(_),
            } => Some("this comment".to_string()),
            _ => None,
        }
    }
}

impl FormatError {
    /// As a list to print: syntax errors one by one, as `rules check` shows them.
    pub fn into_diagnostics(self) -> Diagnostics {
        match self.kind {
            FormatErrorKind::Syntax { errors } => Diagnostics::from(errors),
            _ => {
                let mut d = Diagnostics::new();
                d.push(self);
                d
            }
        }
    }
}

/// How the formatted text would mean something else.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MeaningChange {
    /// The tree and the text did not fit together while laying out.
    Layout(String),
    /// The formatted text does not parse: its first syntax error.
    Unparsable(String),
    /// A top-level item, counted from 1, reads differently.
    Item(usize),
}

impl fmt::Display for MeaningChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MeaningChange::Layout(detail) => f.write_str(detail),
            MeaningChange::Unparsable(first) => {
                write!(f, "the formatted text does not parse ({first})")
            }
            MeaningChange::Item(n) => write!(f, "top-level item {n} reads differently"),
        }
    }
}

/// How the formatted text would hold other comments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommentChange {
    /// This comment would be lost.
    Lost(String),
    /// As many comments would be there, but not the same ones.
    Counts { before: usize, after: usize },
}

impl fmt::Display for CommentChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommentChange::Lost(comment) => write!(f, "`{comment}` would be lost"),
            CommentChange::Counts { before, after } => {
                write!(f, "{before} comments before, {after} after")
            }
        }
    }
}
