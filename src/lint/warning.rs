//! The warnings the lints give: one kind each, with a stable code and the
//! values that say what (the place is the [`Problem`]'s).

use miette::Diagnostic;
use thiserror::Error;

use crate::problem::{Note, Problem, ProblemKind};
use crate::source::Loc;

/// A lint finding and where it is.
pub type LintWarning = Problem<LintKind>;

#[derive(Debug, Error, Diagnostic)]
pub enum LintKind {
    #[error("gold path `{gold}` of `{competency}` is no harder than silver path `{silver}`")]
    #[diagnostic(
        code(lint::gold_no_harder),
        severity(Warning),
        help(
            "every organization that meets silver `{silver}` meets gold `{gold}` too: raise a gold \
             threshold or count, or narrow its window, `via` list or codes"
        )
    )]
    GoldNoHarder {
        competency: String,
        gold: String,
        silver: String,
        silver_loc: Loc,
    },

    #[error("path `{path}` can never decide `{competency}` {level}")]
    #[diagnostic(
        code(lint::path_never_decides),
        severity(Warning),
        help(
            "the first met path in written order decides the level, and `{earlier}` is met \
             whenever `{path}` is: move `{path}` above `{earlier}`, or remove it"
        )
    )]
    PathNeverDecides {
        competency: String,
        level: &'static str,
        path: String,
        earlier: String,
        earlier_loc: Loc,
    },

    #[error(
        "developing threshold `{developing}` is higher than the developed threshold `{developed}`"
    )]
    #[diagnostic(
        code(lint::developing_above_developed),
        severity(Warning),
        help(
            "`(developing ...)` is the threshold for developing markets, usually lower: check the \
             two amounts are not swapped"
        )
    )]
    DevelopingAboveDeveloped {
        developing: String,
        developed: String,
        developed_loc: Loc,
    },

    #[error("{what} `{entry}` is listed twice")]
    #[diagnostic(
        code(lint::duplicate_code),
        severity(Warning),
        help("a list counts each entry once: remove the second `{entry}`")
    )]
    DuplicateCode {
        /// `code`, `association` or `benefit`.
        what: &'static str,
        entry: String,
        first: Loc,
    },

    #[error(
        "{level} of `{competency}` has {count} paths: only the first {max} were compared with each other"
    )]
    #[diagnostic(
        code(lint::too_many_paths),
        severity(Warning),
        help(
            "paths are compared two by two to find one that never decides its level or a gold \
             path no harder than silver; with this many the comparison is cut short"
        )
    )]
    TooManyPaths {
        competency: String,
        level: &'static str,
        count: usize,
        max: usize,
    },

    #[error("no metric record in the facts has workload `{workload}`")]
    #[diagnostic(code(lint::unseen_workload), severity(Warning))]
    UnseenWorkload {
        workload: String,
        #[help]
        hint: Unseen,
    },

    #[error("no one in the facts holds code `{code}`")]
    #[diagnostic(code(lint::unseen_code), severity(Warning))]
    UnseenCode {
        code: String,
        #[help]
        hint: Unseen,
    },
}

impl ProblemKind for LintKind {
    fn label(&self) -> Option<String> {
        Some(match self {
            LintKind::GoldNoHarder { silver, .. } => format!("no harder than silver `{silver}`"),
            LintKind::PathNeverDecides { earlier, .. } => {
                format!("met only when `{earlier}` is met too")
            }
            LintKind::DevelopingAboveDeveloped { .. } => {
                "higher than the developed threshold".to_string()
            }
            LintKind::DuplicateCode { .. } => "listed again here".to_string(),
            LintKind::TooManyPaths { .. } => "this level".to_string(),
            LintKind::UnseenWorkload { .. } => "no organization has this workload".to_string(),
            LintKind::UnseenCode { .. } => "no achievement has this code".to_string(),
        })
    }

    fn notes(&self) -> Vec<Note> {
        let note = match self {
            LintKind::GoldNoHarder {
                gold, silver_loc, ..
            } => Note::new(
                silver_loc,
                format!("meeting this silver path meets gold `{gold}`"),
            ),
            LintKind::PathNeverDecides {
                path, earlier_loc, ..
            } => Note::new(
                earlier_loc,
                format!("written first, and met whenever `{path}` is"),
            ),
            LintKind::DevelopingAboveDeveloped { developed_loc, .. } => {
                Note::new(developed_loc, "developed threshold")
            }
            LintKind::DuplicateCode { first, .. } => Note::new(first, "first listed here"),
            _ => return Vec::new(),
        };
        vec![note]
    }
}

/// What the facts say about a name the rules use and the facts never show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unseen {
    /// A name the facts have, probably the one meant.
    Misspelling(String),
    /// Nothing close: perhaps no organization has this workload or code yet.
    NotYet(&'static str),
}

impl std::fmt::Display for Unseen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unseen::Misspelling(close) => {
                write!(f, "the facts have `{close}`: is this a misspelling of it?")
            }
            Unseen::NotYet(what) => write!(
                f,
                "check the spelling against the fact files; if no organization has this {what} \
                 yet, this warning goes away when one does"
            ),
        }
    }
}
