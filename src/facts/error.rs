//! What can be wrong with a fact file, one variant per kind of problem, each
//! pointing at the place in the file.

use std::sync::Arc;

use miette::{Diagnostic, SourceSpan};
use thiserror::Error;

use crate::source::SourceFile;

#[derive(Debug, Error, Diagnostic)]
pub enum FactError {
    #[error("{message}")]
    #[diagnostic(code(facts::syntax))]
    Syntax {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("{label}")]
        span: SourceSpan,
        message: String,
        label: String,
        #[help]
        help: Option<String>,
    },

    #[error("the file ends before {what} is complete")]
    #[diagnostic(
        code(facts::truncated),
        help("the file may have been cut short: every `(` and `[` needs its closing `)` or `]`")
    )]
    Truncated {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("the file ends here")]
        span: SourceSpan,
        #[label("this `{open}` is never closed")]
        unclosed: Option<SourceSpan>,
        open: char,
        /// "the organization" or "the list".
        what: &'static str,
    },

    #[error("unknown field `{field}` in {outer}")]
    #[diagnostic(code(facts::unknown_field))]
    UnknownField {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("not a field of {outer}")]
        span: SourceSpan,
        field: String,
        outer: String,
        #[help]
        help: String,
    },

    #[error("{outer} is missing `{field}`")]
    #[diagnostic(code(facts::missing_field))]
    MissingField {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("`{field}` is needed in here")]
        span: SourceSpan,
        field: &'static str,
        outer: String,
        #[help]
        help: Option<String>,
    },

    #[error("`{field}` is given twice in {outer}")]
    #[diagnostic(code(facts::duplicate_field), help("give each field once"))]
    DuplicateField {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("again here")]
        span: SourceSpan,
        field: &'static str,
        outer: String,
    },

    #[error("`{found}` is not {what}")]
    #[diagnostic(code(facts::unknown_value))]
    UnknownValue {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("not {what}")]
        span: SourceSpan,
        found: String,
        what: String,
        #[help]
        help: String,
    },

    #[error("`{field}` should be {expected}")]
    #[diagnostic(code(facts::wrong_type))]
    WrongType {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("expected {expected}")]
        span: SourceSpan,
        field: String,
        expected: &'static str,
        #[help]
        help: Option<String>,
    },

    #[error("`{text}` is not {what}")]
    #[diagnostic(code(facts::invalid_date), help("write it like {example}"))]
    InvalidDate {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("{why}")]
        span: SourceSpan,
        text: String,
        what: &'static str,
        why: &'static str,
        example: &'static str,
    },

    #[error("`{field}` cannot be negative")]
    #[diagnostic(
        code(facts::negative_value),
        help("record what was earned or counted; corrections belong in the source system")
    )]
    Negative {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("negative")]
        span: SourceSpan,
        field: &'static str,
    },

    #[error("{metric} are counted in whole numbers")]
    #[diagnostic(code(facts::fractional_count), help("only revenue may have cents"))]
    FractionalCount {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("a fraction")]
        span: SourceSpan,
        metric: &'static str,
    },

    #[error("this {what} is too large")]
    #[diagnostic(code(facts::number_too_large), help("{help}"))]
    TooLarge {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("too large")]
        span: SourceSpan,
        what: &'static str,
        help: &'static str,
    },

    #[error("person `{id}` is listed twice")]
    #[diagnostic(
        code(facts::duplicate_person),
        help("list each person once, with all of their achievements")
    )]
    DuplicatePerson {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("listed again here")]
        span: SourceSpan,
        #[label("first listed here")]
        first: SourceSpan,
        id: String,
    },

    #[error("{what} cannot be empty")]
    #[diagnostic(code(facts::empty_text), help("{help}"))]
    Empty {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("empty")]
        span: SourceSpan,
        what: &'static str,
        help: &'static str,
    },

    #[error("{code} expires before it was passed")]
    #[diagnostic(code(facts::expires_before_passed), help("check the two dates"))]
    ExpiresBeforePassed {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("expires here")]
        span: SourceSpan,
        #[label("passed here")]
        passed: SourceSpan,
        code: String,
    },

    #[error("the membership names unknown competency `{id}`")]
    #[diagnostic(code(facts::unknown_competency))]
    UnknownCompetency {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("no competency with this id in the rules")]
        span: SourceSpan,
        id: String,
        #[help]
        help: String,
    },

    #[error("the file holds no organization")]
    #[diagnostic(
        code(facts::empty),
        help("a fact file holds `Organization(...)`, or a list `[Organization(...), ...]`")
    )]
    NoOrganization {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("nothing here")]
        span: SourceSpan,
    },
}
