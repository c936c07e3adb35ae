//! What validation finds wrong with a rule set, one variant per kind of
//! problem, each with a stable code and the place it is about.

use std::sync::Arc;

use miette::{Diagnostic, SourceSpan};
use thiserror::Error;

use crate::source::{SourceFile, SourceMap, Span};

/// A second place worth seeing, in another file: where a duplicate was first defined.
#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(severity(Advice))]
pub struct Elsewhere {
    #[source_code]
    src: Arc<SourceFile>,
    #[label("{label}")]
    span: SourceSpan,
    message: String,
    label: &'static str,
}

/// Where the first of two definitions is: a second label when it is in the
/// same file, a related note with its own snippet when it is in another.
pub struct FirstPlace {
    pub same_file: Option<SourceSpan>,
    pub other_file: Vec<Elsewhere>,
}

impl FirstPlace {
    pub fn of(sources: &SourceMap, first: Span, again: Span, what: &str) -> FirstPlace {
        if first.file == again.file {
            FirstPlace {
                same_file: Some(first.into()),
                other_file: Vec::new(),
            }
        } else {
            FirstPlace {
                same_file: None,
                other_file: vec![Elsewhere {
                    src: sources.get(first.file).clone(),
                    span: first.into(),
                    message: format!("{what} was first defined in {}", sources.describe(first)),
                    label: "first defined here",
                }],
            }
        }
    }
}

#[derive(Debug, Error, Diagnostic)]
pub enum CheckError {
    #[error("competency `{id}` is defined twice")]
    #[diagnostic(
        code(rules::duplicate_competency),
        help("competency ids must be unique across all rule files: rename one, or merge the two")
    )]
    DuplicateCompetency {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("defined again here")]
        span: SourceSpan,
        #[label("first defined here")]
        first: Option<SourceSpan>,
        #[related]
        elsewhere: Vec<Elsewhere>,
        id: String,
    },

    #[error("competency `{competency}` defines {level} twice")]
    #[diagnostic(
        code(rules::duplicate_level),
        help("put every path for {level} in one `{level} {{ ... }}` block")
    )]
    DuplicateLevel {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("{level} again")]
        span: SourceSpan,
        #[label("first {level} block")]
        first: Option<SourceSpan>,
        competency: String,
        level: &'static str,
    },

    #[error("path `{path}` appears twice in `{competency}` {level}")]
    #[diagnostic(
        code(rules::duplicate_path),
        help("path ids must be unique within a level: rename one of them")
    )]
    DuplicatePath {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("used again here")]
        span: SourceSpan,
        #[label("first used here")]
        first: Option<SourceSpan>,
        path: String,
        competency: String,
        level: &'static str,
    },

    #[error("competency `{id}` defines no level")]
    #[diagnostic(
        code(rules::no_levels),
        help("add a `silver {{ ... }}` or `gold {{ ... }}` block with at least one path")
    )]
    NoLevels {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("no `silver` or `gold` inside")]
        span: SourceSpan,
        id: String,
    },

    #[error("`{competency}` {level} has no path, so it can never be met")]
    #[diagnostic(
        code(rules::no_paths),
        help("add at least one `path ID {{ ... }}` with the requirements to meet")
    )]
    NoPaths {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("no path in this level")]
        span: SourceSpan,
        competency: String,
        level: &'static str,
    },

    #[error("the rule set has two `settings` blocks")]
    #[diagnostic(
        code(rules::duplicate_settings),
        help("keep one `settings {{ ... }}` block for the whole rule set")
    )]
    DuplicateSettings {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("second `settings` block")]
        span: SourceSpan,
        #[label("first `settings` block")]
        first: Option<SourceSpan>,
        #[related]
        elsewhere: Vec<Elsewhere>,
    },

    #[error("`{competency}` {level} has two `benefits` lists")]
    #[diagnostic(
        code(rules::duplicate_benefits),
        help("list every benefit of a level in one `benefits [...]`")
    )]
    DuplicateBenefits {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("second list")]
        span: SourceSpan,
        #[label("first list")]
        first: Option<SourceSpan>,
        competency: String,
        level: &'static str,
    },

    #[error("unknown setting `{name}`")]
    #[diagnostic(code(rules::unknown_setting))]
    UnknownSetting {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("not a setting")]
        span: SourceSpan,
        name: String,
        #[help]
        help: String,
    },

    #[error("setting `{name}` is given twice")]
    #[diagnostic(code(rules::duplicate_setting), help("keep one of them"))]
    DuplicateSetting {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("given again here")]
        span: SourceSpan,
        #[label("first given here")]
        first: Option<SourceSpan>,
        name: String,
    },

    #[error("`{name}` cannot be {value}")]
    #[diagnostic(code(rules::setting_value))]
    SettingValue {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("not allowed here")]
        span: SourceSpan,
        name: &'static str,
        value: String,
        #[help]
        help: String,
    },

    #[error("{message}")]
    #[diagnostic(code(rules::zero_count))]
    ZeroCount {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("zero")]
        span: SourceSpan,
        message: &'static str,
        #[help]
        help: &'static str,
    },

    #[error("a threshold of zero is always met")]
    #[diagnostic(
        code(rules::zero_threshold),
        help("give the amount an organization must reach, or remove the requirement")
    )]
    ZeroThreshold {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("zero")]
        span: SourceSpan,
    },

    #[error("`of which {part}` asks for more people than the {whole} counted")]
    #[diagnostic(
        code(rules::of_which_too_large),
        help("`of which` picks among the people already counted, so it can be at most {whole}")
    )]
    OfWhichTooLarge {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("more than {whole}")]
        span: SourceSpan,
        #[label("{whole} counted here")]
        whole_span: SourceSpan,
        part: u32,
        whole: u32,
    },

    #[error("empty {what}")]
    #[diagnostic(code(rules::empty_list))]
    EmptyList {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("nothing listed")]
        span: SourceSpan,
        what: &'static str,
        #[help]
        help: &'static str,
    },

    #[error("{metric} thresholds are {expected}")]
    #[diagnostic(code(rules::amount_kind))]
    AmountKind {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("{found}")]
        span: SourceSpan,
        metric: &'static str,
        expected: &'static str,
        found: &'static str,
        #[help]
        help: String,
    },

    #[error("{metric} are counted in whole numbers")]
    #[diagnostic(
        code(rules::fractional_count),
        help("write a whole number, like `{rounded}`")
    )]
    FractionalCount {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("a fraction")]
        span: SourceSpan,
        metric: &'static str,
        rounded: String,
    },

    #[error("`unique people` is given twice in path `{path}`")]
    #[diagnostic(code(rules::duplicate_unique_people), help("once is enough"))]
    DuplicateUniquePeople {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("again here")]
        span: SourceSpan,
        #[label("first here")]
        first: SourceSpan,
        path: String,
    },

    #[error("override names unknown competency `{id}`")]
    #[diagnostic(code(rules::unknown_competency))]
    UnknownCompetency {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("no competency with this id")]
        span: SourceSpan,
        id: String,
        #[help]
        help: String,
    },

    #[error("override names {level}, which competency `{competency}` does not define")]
    #[diagnostic(code(rules::undefined_level))]
    UndefinedLevel {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("not defined for `{competency}`")]
        span: SourceSpan,
        competency: String,
        level: &'static str,
        #[help]
        help: String,
    },

    #[error("organization `{org}` has two overrides for `{competency}` {level}")]
    #[diagnostic(
        code(rules::duplicate_override),
        help("keep one override per organization, competency and level")
    )]
    DuplicateOverride {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("second override")]
        span: SourceSpan,
        #[label("first override")]
        first: Option<SourceSpan>,
        #[related]
        elsewhere: Vec<Elsewhere>,
        org: String,
        competency: String,
        level: &'static str,
    },
}
