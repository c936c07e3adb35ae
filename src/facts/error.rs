//! What can be wrong with a fact file: each kind with the values that say
//! what, and the words for it — the message, the label under the place, the
//! help — in this one file. Where it is, is the [`Problem`]'s `loc`.

use std::fmt;

use miette::Diagnostic;
use thiserror::Error;

use super::tokens::{Bracket, Format};
use crate::problem::{Note, Problem, ProblemKind};
use crate::source::Loc;

pub type FactError = Problem<FactErrorKind>;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum FactErrorKind {
    #[error("expected {expected}, found {found}")]
    Unexpected { expected: Expected, found: Found },

    #[error("expected `{expected}(...)`, found `{found}(...)`")]
    RecordName {
        expected: &'static str,
        found: String,
    },

    #[error("unexpected {found} after {what}")]
    Trailing { found: Found, what: Whole },

    #[error("{}", truncated_message(*.what, *.next_begins))]
    Truncated {
        what: Whole,
        /// The innermost bracket left open, and where.
        unclosed: Option<(Loc, Bracket)>,
        /// The next organization begins where this one should have ended.
        next_begins: bool,
    },

    #[error("this comment is never closed")]
    UnclosedComment,

    #[error("this text is never closed")]
    UnclosedText,

    #[error("unknown escape `{escape}` in text")]
    InvalidEscape { escape: String },

    #[error("{}", match .format { Format::Ron => "fact files use `//` for comments", Format::Json => "JSON has no comments" })]
    CommentStyle { format: Format },

    #[error("this file is written in {}, not {}", .format.other().name(), .format.name())]
    OtherFormat { format: Format },

    #[error("this is a rule file, not a fact file")]
    RuleFile,

    #[error("`{word}` needs double quotes in JSON")]
    Unquoted { word: String },

    #[error("`{written}` is written without quotes in RON")]
    Quoted { written: String },

    #[error("`{written}` is one number written with a thousands separator")]
    DigitGroups { written: String },

    #[error("{what} `{text}` begins or ends with a space")]
    Padded { what: &'static str, text: String },

    #[error("unknown field `{field}` in {record}")]
    UnknownField {
        field: String,
        record: &'static str,
        fields: &'static [&'static str],
    },

    #[error("{record} is missing `{field}`")]
    MissingField {
        field: &'static str,
        record: &'static str,
    },

    #[error("`{field}` is given twice in {record}")]
    DuplicateField {
        field: &'static str,
        record: &'static str,
    },

    #[error("`{found}` is not {}", .what.words())]
    UnknownValue {
        found: String,
        what: Vocabulary,
        expected: &'static [&'static str],
    },

    #[error("`{field}` should be {expected}")]
    WrongType {
        field: &'static str,
        expected: Expected,
        /// The value as written.
        found: String,
    },

    #[error("`{text}` is not {}", if *.with_time { "a date and time" } else { "a date" })]
    InvalidDate {
        text: String,
        with_time: bool,
        why: DateProblem,
    },

    #[error("`{field}` cannot be negative")]
    Negative { field: &'static str },

    #[error("{metric} are counted in whole numbers")]
    FractionalCount { metric: &'static str },

    #[error("this {what} is too large")]
    TooLarge { what: &'static str },

    #[error("person `{id}` is listed twice")]
    DuplicatePerson { id: String, first: Loc },

    #[error("{what} cannot be empty")]
    Empty { what: &'static str },

    #[error("{code} expires before it was passed")]
    ExpiresBeforePassed { code: String, passed: Loc },

    #[error("{code} expires before it was granted")]
    ExpiresBeforeGranted { code: String, granted: Loc },

    #[error("the membership names unknown competency `{id}`")]
    UnknownCompetency {
        id: String,
        suggestion: Option<String>,
    },

    #[error("{}", if *.list { "the list holds no organization" } else { "the file holds no organization" })]
    NoOrganization { list: bool },

    #[error("{} of this organization could not be read", if *.count == 1 { "1 person".to_string() } else { format!("{count} people") })]
    PeopleUnread { count: usize },

    #[error("`{file}` is not UTF-8 text")]
    NotUtf8 { file: String },
}

/// What a reader expected to find.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// Between two fields or items.
    Comma,
    /// Between two organizations of a list.
    CommaBetweenOrganizations,
    /// The end of a record, list or object, or a comma before more.
    CommaOr(Bracket),
    /// `:` after a field name.
    Colon,
    FieldName,
    /// A record of this name: `Person(...)`.
    Record(&'static str),
    /// An organization, as an item of a list.
    Organization,
    List,
    Text,
    Number,
    Date,
    Moment,
    /// One of an enumeration's values (`Revenue`, `Silver`, ...).
    OneOf(&'static [&'static str]),
    /// A JSON object holding a record of this name.
    Object(&'static str),
    /// Any value.
    Value,
    /// `Some(...)` or `None`.
    Optional,
    /// The opening bracket of the whole: `Organization(` or `[`.
    Start(Format),
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expected::Comma => f.write_str("`,` between fields"),
            Expected::CommaBetweenOrganizations => f.write_str("`,` between organizations"),
            Expected::CommaOr(b) => write!(f, "`,` or `{}`", b.close()),
            Expected::Colon => f.write_str("`:` after the field name"),
            Expected::FieldName => f.write_str("a field name"),
            Expected::Record(name) => write!(f, "a record like `{name}(field: value, ...)`"),
            Expected::Organization => f.write_str("an organization"),
            Expected::List => f.write_str("a list in brackets `[...]`"),
            Expected::Text => f.write_str("text in double quotes"),
            Expected::Number => f.write_str("a number"),
            Expected::Date => f.write_str("a date in quotes, like \"2026-06-30\""),
            Expected::Moment => {
                f.write_str("a date and time in quotes, like \"2026-01-10T09:00:00Z\"")
            }
            Expected::OneOf(names) => write!(f, "one of `{}`", names.join("`, `")),
            Expected::Object(name) => write!(f, "an object `{{...}}` ({name})"),
            Expected::Value => f.write_str("a value"),
            Expected::Optional => f.write_str("`Some(...)` or `None`"),
            Expected::Start(Format::Ron) => {
                f.write_str("`Organization(...)` or a list `[Organization(...), ...]`")
            }
            Expected::Start(Format::Json) => {
                f.write_str("an organization `{...}` or a list `[{...}, ...]`")
            }
        }
    }
}

impl Expected {
    /// The short form, for the label under the place.
    fn short(self) -> String {
        match self {
            Expected::Comma | Expected::CommaBetweenOrganizations => "expected `,`".to_string(),
            Expected::CommaOr(b) => format!("expected `{}`", b.close()),
            Expected::Colon => "expected `:`".to_string(),
            Expected::FieldName => "expected a field name".to_string(),
            Expected::Record(_) | Expected::Organization => "expected a record".to_string(),
            Expected::List => "expected `[`".to_string(),
            Expected::Text => "expected text".to_string(),
            Expected::Number => "expected a number".to_string(),
            Expected::Date => "expected a date".to_string(),
            Expected::Moment => "expected a date and time".to_string(),
            Expected::OneOf(_) => "expected a name".to_string(),
            Expected::Object(_) => "expected `{`".to_string(),
            Expected::Value => "expected a value".to_string(),
            Expected::Optional => "expected an optional value".to_string(),
            Expected::Start(_) => "expected an organization".to_string(),
        }
    }
}

/// What stood where something else was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    /// A token, as written.
    Token(String),
    End,
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Found::Token(text) => f.write_str(&quoted_token(text)),
            Found::End => f.write_str("the end of the file"),
        }
    }
}

/// A long string cut to what is worth quoting.
fn quoted_token(text: &str) -> String {
    let shown: String = text.chars().take(40).collect();
    if shown.len() < text.len() {
        format!("`{shown}…`")
    } else {
        format!("`{text}`")
    }
}

/// The whole a reader was in when the text ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Whole {
    Organization,
    List,
}

impl fmt::Display for Whole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Whole::Organization => "the organization",
            Whole::List => "the list",
        })
    }
}

fn truncated_message(what: Whole, next_begins: bool) -> String {
    if next_begins {
        format!("{what} is not closed before the next one begins")
    } else {
        format!("the file ends before {what} is complete")
    }
}

/// The program's words a fact file uses, for "`X` is not a market".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vocabulary {
    Market,
    Metric,
    Level,
    AchievementKind,
}

impl Vocabulary {
    fn words(self) -> &'static str {
        match self {
            Vocabulary::Market => "a market",
            Vocabulary::Metric => "a metric kind",
            Vocabulary::Level => "a level",
            Vocabulary::AchievementKind => "an achievement kind",
        }
    }

    /// By the enumeration's name in the code.
    pub fn of(name: &str) -> Option<Vocabulary> {
        Some(match name {
            "Market" => Vocabulary::Market,
            "Metric" => Vocabulary::Metric,
            "Level" => Vocabulary::Level,
            "AchievementKind" => Vocabulary::AchievementKind,
            _ => return None,
        })
    }
}

/// Why a date does not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateProblem {
    /// Not written year-month-day.
    Shape,
    /// Written right, but the day does not exist.
    NoSuchDay,
    /// A date where a date and time is needed.
    NoTime,
    /// Not a date and time.
    NotMoment,
}

impl fmt::Display for DateProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DateProblem::Shape => "not a date written year-month-day",
            DateProblem::NoSuchDay => "no such day",
            DateProblem::NoTime => "the time of day is missing",
            DateProblem::NotMoment => "not a date and time",
        })
    }
}

impl FactErrorKind {
    fn code(&self) -> &'static str {
        match self {
            FactErrorKind::Unexpected { .. } => "facts::syntax",
            FactErrorKind::RecordName { .. } => "facts::record_name",
            FactErrorKind::Trailing { .. } => "facts::trailing",
            FactErrorKind::Truncated { .. } => "facts::truncated",
            FactErrorKind::UnclosedComment => "facts::unclosed_comment",
            FactErrorKind::UnclosedText => "facts::unclosed_text",
            FactErrorKind::InvalidEscape { .. } => "facts::invalid_escape",
            FactErrorKind::CommentStyle { .. } => "facts::comment_style",
            FactErrorKind::OtherFormat { .. } => "facts::other_format",
            FactErrorKind::RuleFile => "facts::rule_file",
            FactErrorKind::Unquoted { .. } => "facts::unquoted",
            FactErrorKind::Quoted { .. } => "facts::quoted",
            FactErrorKind::DigitGroups { .. } => "facts::digit_groups",
            FactErrorKind::Padded { .. } => "facts::padded_text",
            FactErrorKind::UnknownField { .. } => "facts::unknown_field",
            FactErrorKind::MissingField { .. } => "facts::missing_field",
            FactErrorKind::DuplicateField { .. } => "facts::duplicate_field",
            FactErrorKind::UnknownValue { .. } => "facts::unknown_value",
            FactErrorKind::WrongType { .. } => "facts::wrong_type",
            FactErrorKind::InvalidDate { .. } => "facts::invalid_date",
            FactErrorKind::Negative { .. } => "facts::negative_value",
            FactErrorKind::FractionalCount { .. } => "facts::fractional_count",
            FactErrorKind::TooLarge { .. } => "facts::number_too_large",
            FactErrorKind::DuplicatePerson { .. } => "facts::duplicate_person",
            FactErrorKind::Empty { .. } => "facts::empty_text",
            FactErrorKind::ExpiresBeforePassed { .. } => "facts::expires_before_passed",
            FactErrorKind::ExpiresBeforeGranted { .. } => "facts::expires_before_granted",
            FactErrorKind::UnknownCompetency { .. } => "facts::unknown_competency",
            FactErrorKind::NoOrganization { .. } => "facts::empty",
            FactErrorKind::PeopleUnread { .. } => "facts::people_unread",
            FactErrorKind::NotUtf8 { .. } => "facts::not_utf8",
        }
    }

    fn help_text(&self) -> Option<String> {
        use crate::suggest::did_you_mean;
        Some(match self {
            FactErrorKind::Unexpected {
                expected: Expected::Comma | Expected::CommaOr(_) | Expected::CommaBetweenOrganizations,
                found: Found::Token(_),
            } => "separate the fields of a record, and the items of a list, with commas".into(),
            FactErrorKind::Unexpected {
                expected: Expected::Start(format),
                ..
            } => match format {
                Format::Ron => "a fact file holds one `Organization(...)` or a list `[Organization(...), ...]`".into(),
                Format::Json => "a JSON fact file holds one organization object or an array of them; a `.jsonl` file, one object per line".into(),
            },
            FactErrorKind::Unexpected { .. } => return None,
            FactErrorKind::RecordName { expected, found } => {
                match did_you_mean(found, [*expected]) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("write `{expected}(...)` here"),
                }
            }
            FactErrorKind::Trailing { .. } => {
                "a fact file holds one `Organization(...)` or a list `[Organization(...), ...]`"
                    .into()
            }
            FactErrorKind::Truncated {
                next_begins: true, ..
            } => "close every bracket it opens before the next organization begins".into(),
            FactErrorKind::Truncated { .. } => {
                "the file may have been cut short: every `(` and `[` needs its closing `)` or `]`"
                    .into()
            }
            FactErrorKind::UnclosedComment => "end the comment with `*/`".into(),
            FactErrorKind::UnclosedText => {
                "end the text with `\"` on the same line; write `\\\"` for a quote inside it".into()
            }
            FactErrorKind::InvalidEscape { .. } => {
                "write `\\\"` for a quote and `\\\\` for a backslash".into()
            }
            FactErrorKind::CommentStyle { format } => match format {
                Format::Ron => "start a comment with `//` (or enclose it in `/* ... */`); `#` starts comments in rule files".into(),
                Format::Json => "remove the comment, or write the facts as RON (`.ron`), which allows `//` comments".into(),
            },
            FactErrorKind::OtherFormat { format } => match format.other() {
                Format::Json => {
                    "name the file `.json` (or `.jsonl` for one object per line), or write it in RON"
                        .into()
                }
                Format::Ron => "name the file `.ron`, or write it in JSON".into(),
            },
            FactErrorKind::RuleFile => {
                "rules go in `--rules PATH`; `rules eval` reads fact files (`.ron`, `.json`, `.jsonl`) as its TARGET; `rules check` checks rule files".into()
            }
            FactErrorKind::Unquoted { word } => format!("write \"{word}\""),
            FactErrorKind::Quoted { written } => {
                format!("write `{}`", written.trim_matches('"'))
            }
            FactErrorKind::DigitGroups { written } => format!(
                "fact files write numbers without separators: `{}`",
                written.replace([',', ' '], "")
            ),
            FactErrorKind::Padded { text, .. } => format!(
                "names are matched exactly: write \"{}\"",
                text.trim()
            ),
            FactErrorKind::UnknownField { field, record, fields } => {
                match did_you_mean(field, fields.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("the fields of {record} are `{}`", fields.join("`, `")),
                }
            }
            FactErrorKind::MissingField { field, .. } => match field_example(field) {
                Some(example) => format!("add `{field}: {example}`"),
                None => return None,
            },
            FactErrorKind::DuplicateField { .. } => "give each field once".into(),
            FactErrorKind::UnknownValue {
                found, expected, ..
            } => match did_you_mean(found, expected.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("use one of `{}`", expected.join("`, `")),
            },
            FactErrorKind::WrongType {
                expected, found, ..
            } => match expected {
                Expected::Number if found.starts_with('"') => {
                    "write the number without quotes, like `12000.50`".into()
                }
                Expected::Number => "write the number in decimal digits, like `12000.50`".into(),
                Expected::Text => format!("write it as \"{}\"", found.trim_matches('\'')),
                _ => return None,
            },
            FactErrorKind::InvalidDate { with_time, .. } => {
                if *with_time {
                    "write it like \"2026-01-10T09:00:00Z\" (UTC) or \"2026-01-10T10:00:00+01:00\""
                        .into()
                } else {
                    "write it like \"2026-06-30\" (year-month-day)".into()
                }
            }
            FactErrorKind::Negative { .. } => {
                "record what was earned or counted; corrections belong in the source system".into()
            }
            FactErrorKind::FractionalCount { .. } => "only revenue may have cents".into(),
            FactErrorKind::TooLarge { .. } => "values are exact decimals of up to 28 digits".into(),
            FactErrorKind::DuplicatePerson { .. } => {
                "list each person once, with all of their achievements".into()
            }
            FactErrorKind::Empty { .. } => {
                "ids and codes are how rules and people are matched; give one".into()
            }
            FactErrorKind::ExpiresBeforePassed { .. }
            | FactErrorKind::ExpiresBeforeGranted { .. } => "check the two dates".into(),
            FactErrorKind::UnknownCompetency { suggestion, .. } => match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => {
                    "name competencies by their id in the rule files, like `cloud_platform`".into()
                }
            },
            FactErrorKind::NoOrganization { .. } => {
                "a fact file holds `Organization(...)`, or a list `[Organization(...), ...]`".into()
            }
            FactErrorKind::NotUtf8 { .. } => {
                "save the file with UTF-8 encoding (most editors offer it under \"Save as\")".into()
            }
            FactErrorKind::PeopleUnread { .. } => {
                "a person counts for one organization at a time, the one they associated with last; \
                 without an id and an association time that can be read, they take no part in that \
                 choice, and another organization listing them may count them"
                    .into()
            }
        })
    }
}

impl Diagnostic for FactErrorKind {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(FactErrorKind::code(self)))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help_text()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
}

impl ProblemKind for FactErrorKind {
    fn label(&self) -> Option<String> {
        Some(match self {
            FactErrorKind::Unexpected { expected, .. } => expected.short(),
            FactErrorKind::RecordName { .. } => "wrong name".into(),
            FactErrorKind::Trailing { .. } => "unexpected".into(),
            FactErrorKind::Truncated {
                next_begins: true, ..
            } => "the next organization begins here".into(),
            FactErrorKind::Truncated { .. } => "the file ends here".into(),
            FactErrorKind::UnclosedComment => "`/*` without `*/`".into(),
            FactErrorKind::UnclosedText => {
                "the text starts here and runs to the end of the line".into()
            }
            FactErrorKind::InvalidEscape { .. } => "not a known escape".into(),
            FactErrorKind::CommentStyle { .. } => "not a comment here".into(),
            FactErrorKind::OtherFormat { format } => {
                format!("{} begins here", format.other().name())
            }
            FactErrorKind::RuleFile => "rule files begin like this".into(),
            FactErrorKind::Unquoted { .. } => "not in quotes".into(),
            FactErrorKind::Quoted { .. } => "in quotes".into(),
            FactErrorKind::DigitGroups { .. } => "`,` separates fields, not digits".into(),
            FactErrorKind::Padded { .. } => "a space at the start or end".into(),
            FactErrorKind::UnknownField { record, .. } => format!("not a field of {record}"),
            FactErrorKind::MissingField { field, .. } => format!("`{field}` is needed in here"),
            FactErrorKind::DuplicateField { .. } => "again here".into(),
            FactErrorKind::UnknownValue { what, .. } => format!("not {}", what.words()),
            FactErrorKind::WrongType { expected, .. } => format!("expected {expected}"),
            FactErrorKind::InvalidDate { why, .. } => why.to_string(),
            FactErrorKind::Negative { .. } => "negative".into(),
            FactErrorKind::FractionalCount { .. } => "a fraction".into(),
            FactErrorKind::TooLarge { .. } => "too large".into(),
            FactErrorKind::DuplicatePerson { .. } => "listed again here".into(),
            FactErrorKind::Empty { .. } => "empty".into(),
            FactErrorKind::ExpiresBeforePassed { .. }
            | FactErrorKind::ExpiresBeforeGranted { .. } => "expires here".into(),
            FactErrorKind::UnknownCompetency { .. } => {
                "no competency with this id in the rules".into()
            }
            FactErrorKind::NoOrganization { .. } => "nothing here".into(),
            FactErrorKind::NotUtf8 { .. } => "this byte is not valid UTF-8".into(),
            FactErrorKind::PeopleUnread { .. } => "this organization".into(),
        })
    }

    fn notes(&self) -> Vec<Note> {
        match self {
            FactErrorKind::Truncated {
                unclosed: Some((loc, bracket)),
                ..
            } => vec![Note::new(
                loc,
                format!("this `{}` is never closed", bracket.open()),
            )],
            FactErrorKind::DuplicatePerson { first, .. } => {
                vec![Note::new(first, "first listed here")]
            }
            FactErrorKind::ExpiresBeforePassed { passed, .. } => {
                vec![Note::new(passed, "passed here")]
            }
            FactErrorKind::ExpiresBeforeGranted { granted, .. } => {
                vec![Note::new(granted, "granted here")]
            }
            _ => Vec::new(),
        }
    }
}

/// What a missing field looks like, for the help.
fn field_example(field: &str) -> Option<&'static str> {
    Some(match field {
        "id" => "\"contoso\"",
        "kind" => "Revenue",
        "workload" => "\"azure\"",
        "value" => "15000",
        "date" => "\"2026-06-30\"",
        "associated" => "\"2026-01-10T09:00:00Z\"",
        "code" => "\"70-533\"",
        "passed" => "\"2026-05-01\"",
        "level" => "Silver",
        "purchased" => "\"2026-02-01\"",
        _ => return None,
    })
}
