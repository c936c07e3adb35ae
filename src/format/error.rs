//! Why a rule file was not formatted.

use miette::Diagnostic;
use thiserror::Error;

use crate::diagnostics::Diagnostics;
use crate::syntax::SyntaxError;

/// Why a rule file was not formatted.
#[derive(Debug, Error, Diagnostic)]
pub enum FormatError {
    /// The input does not parse; the parser's own diagnostics say why.
    #[error("`{name}` has syntax errors, so it was not formatted")]
    #[diagnostic(code(rules::syntax))]
    Syntax {
        name: String,
        #[related]
        errors: Vec<SyntaxError>,
    },

    /// The safety net caught a formatting that would change the rules.
    #[error("formatting `{name}` would change its meaning, so it was left as it is: {detail}")]
    #[diagnostic(
        code(rules::format_changed_meaning),
        help("this is a bug in `rules fmt`; please report it with the file")
    )]
    ChangedMeaning { name: String, detail: String },

    /// The safety net caught a formatting that would lose or alter a comment.
    #[error("formatting `{name}` would lose or alter a comment, so it was left as it is: {detail}")]
    #[diagnostic(
        code(rules::format_lost_comment),
        help("this is a bug in `rules fmt`; please report it with the file")
    )]
    ChangedComments { name: String, detail: String },
}

impl FormatError {
    /// As a list to print: syntax errors one by one, as `rules check` shows them.
    pub fn into_diagnostics(self) -> Diagnostics {
        match self {
            FormatError::Syntax { errors, .. } => Diagnostics::from(errors),
            other => {
                let mut d = Diagnostics::new();
                d.push(other);
                d
            }
        }
    }
}
