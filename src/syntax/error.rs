//! What can be wrong with the text of a rule file: one kind per problem,
//! with the values that say what (the place is the [`Problem`]'s).

use std::fmt;

use miette::Diagnostic;
use thiserror::Error;

use super::expected;
use super::lexer::TokenKind;
use super::parser::Rule;
use crate::number::GroupMistake;
use crate::problem::{Note, Problem, ProblemKind};
use crate::source::Loc;

/// A problem in the text of a rule file, and where it is.
pub type SyntaxError = Problem<SyntaxErrorKind>;

#[derive(Debug, Error, Diagnostic)]
pub enum SyntaxErrorKind {
    /// The grammar expected something else here.
    #[error(
        "expected {expected}{}, found {found}",
        .after.as_ref().map(|a| format!(" {a}")).unwrap_or_default()
    )]
    #[diagnostic(code(rules::syntax))]
    Unexpected {
        expected: Expectation,
        found: Found,
        /// What came before, when saying so helps to find the place.
        after: Option<After>,
        #[help]
        hint: Option<Hint>,
        /// The innermost `{` never closed, when the file ends too early.
        unclosed: Option<Loc>,
    },

    #[error("identifier `{word}` uses letters outside a to z")]
    #[diagnostic(
        code(rules::identifier_letters),
        help(
            "identifiers use lowercase a to z, digits and `_`; titles and codes in quotes can hold any text"
        )
    )]
    NonAsciiIdentifier { word: String },

    #[error("this string is not closed")]
    #[diagnostic(
        code(rules::unclosed_string),
        help("end the string with `\"` on the same line; write `\\\"` for a quote inside it")
    )]
    UnclosedString,

    #[error("unknown escape `{escape}` in a string")]
    #[diagnostic(
        code(rules::invalid_escape),
        help("only `\\\"` (a quote) and `\\\\` (a backslash) can be escaped")
    )]
    InvalidEscape { escape: String },

    #[error("`{text}` is not a calendar date")]
    #[diagnostic(
        code(rules::invalid_date),
        help("dates are written YYYY-MM-DD, for example 2027-06-30")
    )]
    InvalidDate { text: String },

    #[error("this {what} is too large")]
    #[diagnostic(
        code(rules::number_too_large),
        help("the largest {what} is {}", .what.largest())
    )]
    NumberTooLarge { what: NumberKind },

    #[error("{}", match .mistake {
        GroupMistake::Uneven => format!("`{written}` is not grouped in thousands"),
        GroupMistake::Mixed => format!("`{written}` mixes `,` and `_`"),
    })]
    #[diagnostic(
        code(rules::digit_groups),
        help("{}", digit_groups_help(.regrouped, .decimal))
    )]
    DigitGroups {
        written: String,
        mistake: GroupMistake,
        /// The same digits grouped in thousands.
        regrouped: String,
        /// What it would be with a decimal point where the separator is
        /// (`15,00` → `15.00`), when that is a likely reading.
        decimal: Option<String>,
    },

    #[error("money has at most two decimal places")]
    #[diagnostic(
        code(rules::money_decimals),
        help("{}", money_decimals_help(.written, .thousands))
    )]
    MoneyDecimals {
        written: String,
        /// The thousands it probably meant (`$100.000` → `$100,000`).
        thousands: Option<String>,
    },

    #[error("rule files use `#` for comments")]
    #[diagnostic(
        code(rules::comment_style),
        help("start the comment with `#`; `//` starts comments in fact files, not in rule files")
    )]
    CommentStyle,

    #[error("parentheses are nested more than {max} deep")]
    #[diagnostic(
        code(rules::nested_too_deeply),
        help("a qualification may nest parentheses {max} deep at most; write it with fewer")
    )]
    NestedTooDeeply { max: usize },
}

fn digit_groups_help(regrouped: &str, decimal: &Option<String>) -> String {
    let mut help = format!(
        "`,` and `_` separate groups of three digits after a first group of one to three: write `{regrouped}`"
    );
    if let Some(decimal) = decimal {
        help.push_str(&format!(
            ", or `{decimal}` if a decimal was meant (decimals take a `.`)"
        ));
    }
    help
}

fn money_decimals_help(written: &str, thousands: &Option<String>) -> String {
    match thousands {
        Some(thousands) => format!(
            "`{written}` would be read as dollars and fractions of a cent; for thousands, \
             write `{thousands}`"
        ),
        None => "round it to cents, like `$1,250.50`".to_string(),
    }
}

impl ProblemKind for SyntaxErrorKind {
    fn label(&self) -> Option<String> {
        Some(match self {
            SyntaxErrorKind::Unexpected { expected, .. } => {
                format!("expected {}", expected.short())
            }
            SyntaxErrorKind::NonAsciiIdentifier { .. } => "not a to z".to_string(),
            SyntaxErrorKind::UnclosedString => {
                "the string starts here and runs to the end of the line".to_string()
            }
            SyntaxErrorKind::InvalidEscape { .. } => "not a known escape".to_string(),
            SyntaxErrorKind::InvalidDate { .. } => "no such day".to_string(),
            SyntaxErrorKind::NumberTooLarge { .. } => "too large".to_string(),
            SyntaxErrorKind::NestedTooDeeply { max } => format!("this `(` is inside {max} others"),
            SyntaxErrorKind::CommentStyle => "not a comment in a rule file".to_string(),
            SyntaxErrorKind::DigitGroups {
                mistake: GroupMistake::Uneven,
                ..
            } => "not thousands".to_string(),
            SyntaxErrorKind::DigitGroups {
                mistake: GroupMistake::Mixed,
                ..
            } => "two kinds of separator".to_string(),
            SyntaxErrorKind::MoneyDecimals { .. } => "more than cents".to_string(),
        })
    }

    fn notes(&self) -> Vec<Note> {
        match self {
            SyntaxErrorKind::Unexpected {
                unclosed: Some(open),
                ..
            } => vec![Note::new(open, "this `{` is never closed")],
            _ => Vec::new(),
        }
    }
}

/// What the grammar would have accepted where the parse stopped: rules of
/// the grammar, in the order [`expected::EXPECTED`] lists them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expectation {
    pub rules: Vec<Rule>,
}

impl Expectation {
    /// The rules pest expected, as a message names them: in the table's
    /// order, without those the table does not name, and without `count`
    /// `attested` or `requires` beside `metric` ("a requirement" already says
    /// it may start with a number of people, `attested` or `requires`).
    pub fn of(positives: &[Rule]) -> Expectation {
        let mut named: Vec<(usize, Rule)> = positives
            .iter()
            .filter(|r| {
                let said_by_requirement = matches!(
                    r,
                    Rule::count
                        | Rule::kw_attested
                        | Rule::kw_requires
                        | Rule::change_word
                        | Rule::growth_word
                );
                !(said_by_requirement && positives.contains(&Rule::metric))
            })
            .filter_map(|r| expected::find(*r).map(|(at, _)| (at, *r)))
            .collect();
        named.sort_unstable();
        named.dedup();
        Expectation {
            rules: named.into_iter().map(|(_, rule)| rule).collect(),
        }
    }

    /// The short form, for the label: "a level or `}`".
    pub fn short(&self) -> String {
        join_or(&self.phrases(|e| std::slice::from_ref(&e.short)))
    }

    /// The words of every rule, each once, in order; "something else" when
    /// no rule is named.
    fn phrases(
        &self,
        pick: impl Fn(&'static expected::Expected) -> &'static [&'static str],
    ) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for (_, entry) in self.rules.iter().filter_map(|r| expected::find(*r)) {
            for phrase in pick(entry) {
                if !out.contains(phrase) {
                    out.push(phrase);
                }
            }
        }
        if out.is_empty() {
            out.push("something else");
        }
        out
    }
}

/// In full, for the message: "`silver`, `gold` or `}`".
impl fmt::Display for Expectation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&join_or(&self.phrases(|e| e.phrases)))
    }
}

/// "a, b or c".
fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// What stood where the parse stopped: the token there, as the lexer reads
/// it, or the end of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// `None` at the end of the file.
    pub token: Option<TokenKind>,
    pub text: String,
}

/// The most characters of the input a message quotes.
const MAX_QUOTED: usize = 40;

impl Found {
    pub fn is_word(&self) -> bool {
        self.token == Some(TokenKind::Word)
    }

    pub fn is_string(&self) -> bool {
        matches!(self.token, Some(TokenKind::String { .. }))
    }
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let long = self.text.chars().count() > MAX_QUOTED;
        match self.token {
            None => f.write_str("the end of the file"),
            Some(TokenKind::LineEnd) => f.write_str("the end of the line"),
            Some(TokenKind::Space) if self.text.starts_with('\r') => {
                f.write_str("the end of the line")
            }
            Some(TokenKind::String { closed: false, .. }) => {
                f.write_str("a string that is not closed")
            }
            Some(TokenKind::String { .. }) if long => f.write_str("a string"),
            _ if long => {
                let start: String = self.text.chars().take(MAX_QUOTED).collect();
                write!(f, "`{start}…`")
            }
            _ => write!(f, "`{}`", self.text),
        }
    }
}

/// Where in a construct the parse stopped, said by what came before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum After {
    /// `2 peple`: after the count of a skill requirement.
    TheCount,
    /// `over 12 mnths`: after the number of months of a window.
    TheNumberOfMonths,
    /// After this token.
    Token(String),
}

impl fmt::Display for After {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            After::TheCount => f.write_str("after the count"),
            After::TheNumberOfMonths => f.write_str("after the number of months"),
            After::Token(token) => write!(f, "after `{token}`"),
        }
    }
}

/// What was probably meant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hint {
    /// `>` or `≥` where `>=` was expected.
    AtLeast,
    /// `Silver` for `silver`.
    LowercaseKeyword(String),
    /// A keyword spelled nearly right.
    DidYouMean(String),
    /// `CloudPlatform` where an identifier was expected: this, in lowercase.
    IdentifierLetters(String),
    /// A string where a list of codes was expected.
    CodesInBrackets,
    /// A string where an identifier was expected.
    IdentifierWithoutQuotes,
    /// `via [...]` after `where offer ...`.
    ViaBeforeWhere,
}

impl fmt::Display for Hint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Hint::AtLeast => f.write_str("thresholds are written with `>=`"),
            Hint::ViaBeforeWhere => {
                f.write_str("`via [...]` comes first, then `where offer ...`, then `>=`")
            }
            Hint::LowercaseKeyword(word) => {
                write!(f, "keywords are lowercase: did you mean `{word}`?")
            }
            Hint::DidYouMean(word) => write!(f, "did you mean `{word}`?"),
            Hint::IdentifierLetters(word) => {
                write!(
                    f,
                    "identifiers use lowercase letters, digits and `_`: try `{word}`"
                )
            }
            Hint::CodesInBrackets => {
                f.write_str("put the codes in brackets: `[\"70-533\", \"70-535\"]`")
            }
            Hint::IdentifierWithoutQuotes => {
                f.write_str("identifiers are written without quotes, like `cloud_platform`")
            }
        }
    }
}

/// A number that does not fit: which kind, for its largest value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberKind {
    /// A count of people, months or a duration (32 bits).
    Count,
    /// A threshold (a 96-bit decimal).
    Amount,
}

impl NumberKind {
    pub fn largest(self) -> &'static str {
        match self {
            NumberKind::Count => "4,294,967,295",
            NumberKind::Amount => "79,228,162,514,264,337,593,543,950,335",
        }
    }
}

impl fmt::Display for NumberKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NumberKind::Count => "count",
            NumberKind::Amount => "amount",
        })
    }
}
