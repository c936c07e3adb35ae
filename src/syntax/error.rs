//! Syntax errors in words a program manager understands.
//!
//! pest reports the rules and literal tokens it tried at the furthest point it
//! reached. We name each in words (`metric` becomes "a metric (`revenue`,
//! `customers`, `seats` or `usage`)"), say what was found instead, and suggest
//! the nearest keyword when a word is misspelled.

use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, SourceSpan};
use pest::error::ErrorVariant;
use pest::error::InputLocation;
use thiserror::Error;

use super::lexer::{Lexer, TokenKind, code_tokens, token_at};
use super::parser::Rule;
use crate::source::{SourceFile, Span};
use crate::suggest::did_you_mean;

#[derive(Debug, Error, Diagnostic)]
pub enum SyntaxError {
    #[error("{message}")]
    #[diagnostic(code(rules::syntax))]
    Unexpected {
        #[source_code]
        src: Arc<SourceFile>,
        #[label(primary, "{label}")]
        span: SourceSpan,
        message: String,
        label: String,
        /// Extra places worth pointing at, such as a `{` that is never closed.
        #[label(collection)]
        notes: Vec<LabeledSpan>,
        #[help]
        help: Option<String>,
    },
    #[error("identifier `{word}` uses letters outside a to z")]
    #[diagnostic(
        code(rules::identifier_letters),
        help(
            "identifiers use lowercase a to z, digits and `_`; titles and codes in quotes can hold any text"
        )
    )]
    NonAsciiIdentifier {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("not a to z")]
        span: SourceSpan,
        word: String,
    },

    #[error("this string is not closed")]
    #[diagnostic(
        code(rules::unclosed_string),
        help("end the string with `\"` on the same line; write `\\\"` for a quote inside it")
    )]
    UnclosedString {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("the string starts here and runs to the end of the line")]
        span: SourceSpan,
    },
    #[error("unknown escape `{escape}` in a string")]
    #[diagnostic(
        code(rules::invalid_escape),
        help("only `\\\"` (a quote) and `\\\\` (a backslash) can be escaped")
    )]
    InvalidEscape {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("not a known escape")]
        span: SourceSpan,
        escape: String,
    },
    #[error("`{text}` is not a calendar date")]
    #[diagnostic(
        code(rules::invalid_date),
        help("dates are written YYYY-MM-DD, for example 2027-06-30")
    )]
    InvalidDate {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("no such day")]
        span: SourceSpan,
        text: String,
    },
    #[error("this {what} is too large")]
    #[diagnostic(code(rules::number_too_large), help("the largest {what} is {max}"))]
    NumberTooLarge {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("too large")]
        span: SourceSpan,
        what: &'static str,
        max: &'static str,
    },
    #[error("parentheses are nested more than {max} deep")]
    #[diagnostic(
        code(rules::nested_too_deeply),
        help("a qualification may nest parentheses {max} deep at most; write it with fewer")
    )]
    NestedTooDeeply {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("this `(` is inside {max} others")]
        span: SourceSpan,
        max: usize,
    },
}

impl SyntaxError {
    pub fn invalid_date(src: &Arc<SourceFile>, span: Span, text: &str) -> Self {
        SyntaxError::InvalidDate {
            src: src.clone(),
            span: span.into(),
            text: text.to_string(),
        }
    }

    pub fn number_too_large(
        src: &Arc<SourceFile>,
        span: Span,
        what: &'static str,
        max: &'static str,
    ) -> Self {
        SyntaxError::NumberTooLarge {
            src: src.clone(),
            span: span.into(),
            what,
            max,
        }
    }
}

/// Turns pest's failure into a diagnostic that says, in words, what was
/// expected where, and what was found instead.
pub(crate) fn describe_pest_error(
    src: &Arc<SourceFile>,
    error: pest::error::Error<Rule>,
) -> SyntaxError {
    let text = src.text();
    let pos = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((start, _)) => start,
    };
    let positives: Vec<Rule> = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    let tokens: Vec<String> = error
        .parse_attempts()
        .map(|a| {
            a.expected_tokens()
                .into_iter()
                .map(|t| t.to_string())
                // Character ranges display as `a..z`; only literal tokens help here.
                .filter(|t| !(t.chars().count() == 4 && t.contains("..")) && t != "BUILTIN_RULE")
                .collect()
        })
        .unwrap_or_default();

    // A string that is opened but never properly closed: say so directly.
    if positives.contains(&Rule::string) && text[pos..].starts_with('"') {
        if let Some(problem) = string_problem(src, pos) {
            return problem;
        }
    }

    if let Some(problem) = non_ascii_identifier(src, pos) {
        return problem;
    }
    let found = Found::at(text, pos);
    let expected = expected_phrases(&positives, &tokens);
    let mut message = format!("expected {}", join_or(&expected));
    if let Some(context) = context(&positives, text, pos) {
        message.push(' ');
        message.push_str(&context);
    }
    message.push_str(&format!(", found {}", found.describe()));

    let help = help_for(&positives, &tokens, &found);
    let mut notes = Vec::new();
    if found.is_end() {
        if let Some(open) = unclosed_brace(text) {
            notes.push(LabeledSpan::new_with_span(
                Some("this `{` is never closed".to_string()),
                SourceSpan::new(open.into(), 1),
            ));
        }
    }
    // At the end of the file, point just after the last thing written.
    let pos = if found.is_end() {
        text.trim_end().len()
    } else {
        pos
    };
    SyntaxError::Unexpected {
        src: src.clone(),
        span: SourceSpan::new(pos.into(), found.len),
        label: format!("expected {}", join_or(&short_phrases(&positives, &tokens))),
        message,
        notes,
        help,
    }
}

/// The most characters of the input a message quotes.
const MAX_QUOTED: usize = 40;

/// What stood at the failure point.
struct Found {
    text: String,
    len: usize,
    /// What the lexer read there; `None` at the end of the file.
    kind: Option<TokenKind>,
}

impl Found {
    /// The token at `pos`, as the lexer reads it.
    fn at(text: &str, pos: usize) -> Found {
        match Lexer::at(text, pos).next() {
            None => Found {
                text: String::new(),
                len: 0,
                kind: None,
            },
            Some(token) => Found {
                text: token.text(text).to_string(),
                len: token.end - token.start,
                kind: Some(token.kind),
            },
        }
    }

    fn is_end(&self) -> bool {
        self.text.is_empty()
    }

    fn is_word(&self) -> bool {
        self.kind == Some(TokenKind::Word)
    }

    fn is_string(&self) -> bool {
        matches!(self.kind, Some(TokenKind::String { .. }))
    }

    fn describe(&self) -> String {
        match self.text.as_str() {
            "" => "the end of the file".to_string(),
            "\n" | "\r\n" | "\r" => "the end of the line".to_string(),
            _ if matches!(self.kind, Some(TokenKind::String { closed: false, .. })) => {
                "a string that is not closed".to_string()
            }
            _ if self.is_string() && self.text.chars().count() > MAX_QUOTED => {
                "a string".to_string()
            }
            t if t.chars().count() > MAX_QUOTED => {
                let start: String = t.chars().take(MAX_QUOTED).collect();
                format!("`{start}…`")
            }
            t => format!("`{t}`"),
        }
    }
}

/// How we name what each rule stands for, in the order alternatives are
/// listed: the alternatives in full for the message, and a short form for the
/// label under the span.
fn rule_phrase(rule: Rule) -> Option<(&'static [&'static str], &'static str)> {
    use Rule::*;
    Some(match rule {
        kw_settings => (&["`settings`"], "`settings`"),
        kw_competency => (&["`competency`"], "`competency`"),
        kw_override => (&["`override`"], "`override`"),
        level_name => (&["`silver`", "`gold`"], "a level"),
        kw_path => (&["`path`"], "`path`"),
        kw_benefits => (&["`benefits`"], "`benefits`"),
        metric => (
            &[
                "a requirement (starting with `revenue`, `customers`, `seats`, `usage` or a number of people)",
            ],
            "a requirement",
        ),
        kw_unique => (&["`unique people`"], "`unique people`"),
        count => (&["a whole number"], "a number"),
        person_word => (&["`people`", "`person`"], "`people`"),
        kw_people => (&["`people`"], "`people`"),
        workload => (
            &["a workload, like `azure` or `\"office 365\"`"],
            "a workload",
        ),
        kw_via => (&["`via [...]`"], "`via`"),
        at_least => (&["`>=`"], "`>=`"),
        association => (&["an association type, like `dpor`"], "an association"),
        amount | decimal => (&["an amount, like `$15,000` or `500`"], "an amount"),
        kw_usd => (&["`USD`"], "`USD`"),
        developing => (&["`(developing ...)`"], "`(developing`"),
        kw_developing => (&["`developing`"], "`developing`"),
        kw_over => (&["`over N months`"], "`over`"),
        month_unit => (&["`months`"], "`months`"),
        duration => (&["a duration, like `24 hours`"], "a duration"),
        time_unit => (&["`hours`", "`days`", "`months`"], "a unit"),
        year_end | kw_until => (&["`until`"], "`until`"),
        kw_year => (&["`year`"], "`year`"),
        kw_end => (&["`end`"], "`end`"),
        setting => (
            &["a setting, like `association wait 24 hours`"],
            "a setting",
        ),
        term | achievement => (
            &["`certified in`", "`assessed in`", "`(`"],
            "a qualification",
        ),
        kw_certified => (&["`certified`"], "`certified`"),
        kw_assessed => (&["`assessed`"], "`assessed`"),
        kw_in => (&["`in`"], "`in`"),
        all | kw_all => (&["`all`"], "`all`"),
        code_list => (
            &["a list of codes in brackets, like `[\"70-533\"]`"],
            "a list of codes",
        ),
        string_list => (
            &["a list in brackets, like `[\"5 support incidents\"]`"],
            "a list",
        ),
        of_which | kw_of => (&["`of which`"], "`of which`"),
        kw_which => (&["`which`"], "`which`"),
        kw_and => (&["`and`"], "`and`"),
        kw_or => (&["`or`"], "`or`"),
        ident => (
            &["an identifier (lowercase letters, digits and `_`)"],
            "an identifier",
        ),
        string => (&["a quoted string"], "a string"),
        date => (&["a date (YYYY-MM-DD)"], "a date"),
        kw_because => (&["`because`"], "`because`"),
        EOI => (&["the end of the file"], "the end"),
        _ => return None,
    })
}

/// The order in which alternatives are listed, most specific first.
const ORDER: &[Rule] = &[
    Rule::kw_settings,
    Rule::kw_competency,
    Rule::kw_override,
    Rule::level_name,
    Rule::kw_path,
    Rule::kw_benefits,
    Rule::metric,
    Rule::kw_unique,
    Rule::count,
    Rule::person_word,
    Rule::kw_people,
    Rule::workload,
    Rule::kw_via,
    Rule::at_least,
    Rule::association,
    Rule::amount,
    Rule::decimal,
    Rule::kw_usd,
    Rule::developing,
    Rule::kw_developing,
    Rule::kw_over,
    Rule::month_unit,
    Rule::duration,
    Rule::time_unit,
    Rule::year_end,
    Rule::kw_until,
    Rule::kw_year,
    Rule::kw_end,
    Rule::setting,
    Rule::all,
    Rule::kw_all,
    Rule::code_list,
    Rule::string_list,
    Rule::term,
    Rule::achievement,
    Rule::kw_certified,
    Rule::kw_assessed,
    Rule::kw_in,
    Rule::of_which,
    Rule::kw_of,
    Rule::kw_which,
    Rule::kw_and,
    Rule::kw_or,
    Rule::ident,
    Rule::string,
    Rule::date,
    Rule::kw_because,
    Rule::EOI,
];

/// Words a rule accepts that pest may not list as tokens (they sit inside
/// atomic rules), for "did you mean".
fn rule_keywords(rule: Rule) -> &'static [&'static str] {
    match rule {
        Rule::time_unit => &["hours", "days", "months", "hour", "day", "month"],
        Rule::month_unit => &["months", "month"],
        Rule::level_name => &["silver", "gold"],
        Rule::metric => &["revenue", "customers", "seats", "usage"],
        Rule::person_word => &["people", "person"],
        Rule::achievement | Rule::term => &["certified", "assessed"],
        _ => &[],
    }
}

/// Punctuation pest tried as a literal, which no rule phrase covers.
const PUNCTUATION: [&str; 6] = ["{", "}", "[", "]", ",", ")"];

fn expected_phrases(positives: &[Rule], tokens: &[String]) -> Vec<String> {
    phrases(positives, tokens, |(long, _)| long.to_vec())
}

fn short_phrases(positives: &[Rule], tokens: &[String]) -> Vec<String> {
    phrases(positives, tokens, |(_, short)| vec![short])
}

fn phrases(
    positives: &[Rule],
    tokens: &[String],
    pick: impl Fn((&'static [&'static str], &'static str)) -> Vec<&'static str>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let covers_bracket = positives
        .iter()
        .any(|r| matches!(r, Rule::code_list | Rule::string_list | Rule::kw_via));
    let mut rules: Vec<Rule> = positives.to_vec();
    rules.sort_by_key(|r| ORDER.iter().position(|o| o == r).unwrap_or(ORDER.len()));
    for rule in &rules {
        // "a requirement" already says it may start with a number of people.
        if *rule == Rule::count && positives.contains(&Rule::metric) {
            continue;
        }
        if let Some(phrase) = rule_phrase(*rule) {
            for alternative in pick(phrase) {
                if !out.iter().any(|o| o == alternative) {
                    out.push(alternative.to_string());
                }
            }
        }
    }
    for p in PUNCTUATION {
        if p == "[" && covers_bracket {
            continue;
        }
        if tokens.iter().any(|t| t == p) {
            out.push(format!("`{p}`"));
        }
    }
    if out.is_empty() {
        out.push("something else".to_string());
    }
    out
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

/// "after the count", "after `certified`": where in the construct we are.
fn context(positives: &[Rule], text: &str, pos: usize) -> Option<String> {
    if positives == [Rule::person_word] {
        return Some("after the count".to_string());
    }
    if positives == [Rule::month_unit] {
        return Some("after the number of months".to_string());
    }
    let prev = previous_token(text, pos)?;
    if prev.chars().count() > 24 {
        return None;
    }
    Some(format!("after `{prev}`"))
}

/// The code just before `pos`, skipping whitespace and comments: the last
/// token that starts before it (cut at `pos` when `pos` is inside it).
fn previous_token(text: &str, pos: usize) -> Option<&str> {
    let token = code_tokens(text).take_while(|t| t.start < pos).last()?;
    Some(&text[token.start..token.end.min(pos)])
}

fn help_for(positives: &[Rule], tokens: &[String], found: &Found) -> Option<String> {
    let word = found.text.as_str();
    if positives.contains(&Rule::at_least) && matches!(word, ">" | "=" | "≥") {
        return Some("thresholds are written with `>=`".to_string());
    }
    if found.is_word() {
        let mut keywords: Vec<&str> = tokens
            .iter()
            .map(String::as_str)
            .filter(|t| t.chars().all(|c| c.is_ascii_alphabetic()) && t.len() > 1)
            .collect();
        keywords.extend(positives.iter().flat_map(|r| rule_keywords(*r)));
        let lower = word.to_lowercase();
        if lower != word && keywords.contains(&lower.as_str()) {
            return Some(format!("keywords are lowercase: did you mean `{lower}`?"));
        }
        if let Some(suggestion) = did_you_mean(word, keywords.iter().copied()) {
            return Some(format!("did you mean `{suggestion}`?"));
        }
        if positives.contains(&Rule::ident)
            && word.chars().any(|c| c.is_ascii_uppercase() || c == '-')
        {
            return Some(format!(
                "identifiers use lowercase letters, digits and `_`: try `{}`",
                word.to_lowercase().replace('-', "_")
            ));
        }
    }
    if positives.contains(&Rule::code_list) && found.is_string() {
        return Some("put the codes in brackets: `[\"70-533\", \"70-535\"]`".to_string());
    }
    if positives.contains(&Rule::ident) && found.is_string() {
        return Some("identifiers are written without quotes, like `cloud_platform`".to_string());
    }
    None
}

/// An identifier that runs into a letter outside a–z (`café`): pest stops
/// at the `é` and would only say what it expected next.
fn non_ascii_identifier(src: &Arc<SourceFile>, pos: usize) -> Option<SyntaxError> {
    let text = src.text();
    let word = token_at(text, pos)?;
    if word.kind != TokenKind::Word
        || word.start == pos
        || text[pos..].starts_with(|c: char| c.is_ascii())
    {
        return None;
    }
    Some(SyntaxError::NonAsciiIdentifier {
        src: src.clone(),
        span: SourceSpan::new(word.start.into(), word.end - word.start),
        word: word.text(text).to_string(),
    })
}

/// An unclosed string or an unknown escape starting at the quote at `pos`.
fn string_problem(src: &Arc<SourceFile>, pos: usize) -> Option<SyntaxError> {
    let token = Lexer::at(src.text(), pos).next()?;
    let TokenKind::String {
        closed,
        invalid_escape,
    } = token.kind
    else {
        return None;
    };
    match invalid_escape {
        Some((start, end)) => Some(SyntaxError::InvalidEscape {
            src: src.clone(),
            span: SourceSpan::new(start.into(), end - start),
            escape: src.text()[start..end].to_string(),
        }),
        None if !closed => Some(SyntaxError::UnclosedString {
            src: src.clone(),
            span: SourceSpan::new(token.start.into(), token.end - token.start),
        }),
        None => None,
    }
}

/// The innermost `{` that has no matching `}`, outside strings and comments.
fn unclosed_brace(text: &str) -> Option<usize> {
    let mut open = Vec::new();
    for token in code_tokens(text) {
        match token.text(text) {
            "{" => open.push(token.start),
            "}" => {
                open.pop();
            }
            _ => {}
        }
    }
    open.pop()
}
