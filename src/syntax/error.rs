//! Syntax errors in words a program manager understands.
//!
//! pest reports the rules it tried at the furthest point it reached. We name
//! each in words from the table in `expected.rs` (`metric` becomes "a
//! requirement (starting with `revenue`, ...)"), say what was found instead,
//! and suggest the nearest keyword when a word is misspelled.

use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, SourceSpan};
use pest::error::ErrorVariant;
use pest::error::InputLocation;
use thiserror::Error;

use super::expected::{self, Expected};
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
    let expected = expected_phrases(&positives);
    let mut message = format!("expected {}", join_or(&expected));
    if let Some(context) = context(&positives, text, pos) {
        message.push(' ');
        message.push_str(&context);
    }
    message.push_str(&format!(", found {}", found.describe()));

    let help = help_for(&positives, &found);
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
        label: format!("expected {}", join_or(&short_phrases(&positives))),
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

/// What was expected, in full, for the message.
fn expected_phrases(positives: &[Rule]) -> Vec<String> {
    phrases(positives, |e| e.phrases)
}

/// What was expected, short, for the label.
fn short_phrases(positives: &[Rule]) -> Vec<String> {
    phrases(positives, |e| std::slice::from_ref(&e.short))
}

/// The phrases of the rules pest expected, in the table's order, each once.
fn phrases(
    positives: &[Rule],
    pick: impl Fn(&'static Expected) -> &'static [&'static str],
) -> Vec<String> {
    let mut entries: Vec<(usize, &Expected)> = positives
        .iter()
        // "a requirement" already says it may start with a number of people.
        .filter(|r| !(**r == Rule::count && positives.contains(&Rule::metric)))
        .filter_map(|r| expected::find(*r))
        .collect();
    entries.sort_by_key(|(at, _)| *at);
    let mut out: Vec<String> = Vec::new();
    for (_, entry) in entries {
        for phrase in pick(entry) {
            if !out.iter().any(|o| o == phrase) {
                out.push(phrase.to_string());
            }
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

fn help_for(positives: &[Rule], found: &Found) -> Option<String> {
    let word = found.text.as_str();
    if positives.contains(&Rule::at_least) && matches!(word, ">" | "=" | "≥") {
        return Some("thresholds are written with `>=`".to_string());
    }
    if found.is_word() {
        let keywords: Vec<&str> = positives
            .iter()
            .filter_map(|r| expected::find(*r))
            .flat_map(|(_, e)| e.words.iter().copied())
            .collect();
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
