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

    #[error(
        "`{code}` was accepted through {accepted_through}, before every evaluation date of the \
         facts (the earliest is {earliest}): no one holding it counts"
    )]
    #[diagnostic(
        code(lint::retired_before_facts),
        severity(Warning),
        help(
            "a retired code's line matters only for evaluations on or before its last day; if \
             that is why it is here, say so with `# allow(retired_before_facts): reason`"
        )
    )]
    RetiredBeforeFacts {
        code: String,
        accepted_through: chrono::NaiveDate,
        earliest: chrono::NaiveDate,
    },

    #[error(
        "the gate `only if {gate}` of metric `{metric}` can never open for these facts: {why}, \
         before every evaluation date (the earliest is {earliest})"
    )]
    #[diagnostic(
        code(lint::gate_never_opens),
        severity(Warning),
        help(
            "while its gate is closed the metric earns nothing, whatever its lines measure; \
             name the codes that replaced the retired ones, or say why it stays with \
             `# allow(gate_never_opens): reason`"
        )
    )]
    GateNeverOpens {
        metric: String,
        gate: String,
        /// Which retired codes close it, in words.
        why: String,
        earliest: chrono::NaiveDate,
    },

    #[error("the {what} `{id}` has `max {declared}`, and its parts add up to {sum}")]
    #[diagnostic(
        code(lint::score_max_mismatch),
        severity(Warning),
        help(
            "a maximum is the sum of what it holds: make them agree, or say why they do not \
             with `# allow(score_max_mismatch): reason` (a metric not yet written, say)"
        )
    )]
    ScoreMaxMismatch {
        /// `score` or `category`.
        what: &'static str,
        id: String,
        declared: String,
        sum: String,
    },

    #[error("override for `{org}` names an organization the facts do not hold")]
    #[diagnostic(code(lint::override_org_absent), severity(Warning))]
    OverrideOrgAbsent {
        org: String,
        #[help]
        meant: Option<OrgMeant>,
    },
}

/// The warnings the lints give, by name (their code without `lint::`), with
/// what each is about: what `# allow(NAME): reason` accepts, and what
/// `rules check --list-warnings` prints.
pub const WARNINGS: &[(&str, &str)] = &[
    (
        "gold_no_harder",
        "a gold path that every organization meeting some silver path meets too",
    ),
    (
        "path_never_decides",
        "a path that never decides its level: a path written before it is met whenever it is",
    ),
    (
        "developing_above_developed",
        "a developing-market threshold above the developed one",
    ),
    (
        "duplicate_code",
        "an entry listed twice in a code list, `via` list or benefits list",
    ),
    (
        "too_many_paths",
        "a level with so many paths that they were not all compared",
    ),
    (
        "score_max_mismatch",
        "a score or category whose `max` is not the sum of its tracks' or metrics' maximums",
    ),
    (
        "override_org_absent",
        "with --facts: an override for an organization the facts do not hold",
    ),
    (
        "retired_before_facts",
        "with --facts: a retired code accepted through a day before every evaluation date",
    ),
    (
        "gate_never_opens",
        "with --facts: a score metric's `only if` gate that needs only codes no longer accepted",
    ),
];

/// The organization an override probably meant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgMeant(pub String);

impl std::fmt::Display for OrgMeant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "did you mean `{}`?", self.0)
    }
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
            LintKind::OverrideOrgAbsent { .. } => "not an organization of the facts".to_string(),
            LintKind::RetiredBeforeFacts { .. } => "accepted before every evaluation".to_string(),
            LintKind::ScoreMaxMismatch { sum, .. } => format!("not {sum}"),
            LintKind::GateNeverOpens { .. } => "no one can meet this".to_string(),
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
