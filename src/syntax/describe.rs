//! pest's failure → a [`SyntaxError`] in words a program manager
//! understands.
//!
//! pest reports the rules it tried at the furthest point it reached. The
//! error names each in words (the table is `expected.rs`), says what was
//! found instead and what came before (both read with the lexer), and
//! suggests the nearest keyword when a word is misspelled. Some failures are
//! better said otherwise: a string not closed, an unknown escape, an
//! identifier with letters outside a to z.

use std::sync::Arc;

use pest::error::{ErrorVariant, InputLocation};

use super::error::{After, Expectation, Found, Hint, SyntaxError, SyntaxErrorKind};
use super::expected;
use super::lexer::{Lexer, TokenKind, code_tokens, token_at};
use super::parser::Rule;
use crate::problem::Problem;
use crate::source::{Loc, SourceFile};
use crate::suggest::did_you_mean;

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
    if positives.contains(&Rule::string) {
        if let Some(problem) = string_problem(src, pos) {
            return problem;
        }
    }
    if let Some(problem) = non_ascii_identifier(src, pos) {
        return problem;
    }
    // `//` or `/*`: a comment as other languages (and fact files) write it.
    let rest = &text[pos..];
    if rest.starts_with("//") || rest.starts_with("/*") {
        let end = rest.find('\n').map_or(text.len(), |i| pos + i);
        let end = pos + text[pos..end].trim_end().len();
        return Problem::new(SyntaxErrorKind::CommentStyle, Loc::new(src, pos..end));
    }

    let token = Lexer::at(text, pos).next();
    let found = Found {
        token: token.map(|t| t.kind),
        text: token.map_or("", |t| t.text(text)).to_string(),
    };
    let unclosed = match token {
        None => unclosed_brace(text).map(|open| Loc::new(src, open..open + 1)),
        Some(_) => None,
    };
    // At the end of the file, point just after the last thing written.
    let range = match token {
        Some(token) => token.range(),
        None => {
            let end = text.trim_end().len();
            end..end
        }
    };
    let kind = SyntaxErrorKind::Unexpected {
        expected: Expectation::of(&positives),
        after: after(&positives, text, pos),
        hint: hint(&positives, &found),
        found,
        unclosed,
    };
    Problem::new(kind, Loc::new(src, range))
}

/// "after the count", "after `certified`": where in the construct we are.
fn after(positives: &[Rule], text: &str, pos: usize) -> Option<After> {
    let count_words =
        |r: &Rule| matches!(r, Rule::person_word | Rule::kw_attested | Rule::entity_word);
    if positives.contains(&Rule::person_word) && positives.iter().all(count_words) {
        return Some(After::TheCount);
    }
    if positives == [Rule::month_unit] {
        return Some(After::TheNumberOfMonths);
    }
    let previous = previous_code(text, pos)?;
    if previous.chars().count() > 24 {
        return None;
    }
    Some(After::Token(previous.to_string()))
}

/// The code just before `pos`, skipping whitespace and comments: the last
/// token that starts before it (cut at `pos` when `pos` is inside it).
fn previous_code(text: &str, pos: usize) -> Option<&str> {
    let token = code_tokens(text).take_while(|t| t.start < pos).last()?;
    Some(&text[token.start..token.end.min(pos)])
}

/// What was probably meant, when it can be told.
fn hint(positives: &[Rule], found: &Found) -> Option<Hint> {
    let word = found.text.as_str();
    if positives.contains(&Rule::at_least) && matches!(word, ">" | "=" | "≥") {
        return Some(Hint::AtLeast);
    }
    if positives.contains(&Rule::at_least) && word == "via" {
        return Some(Hint::ViaBeforeWhere);
    }
    if found.is_word() {
        let keywords: Vec<&str> = positives
            .iter()
            .filter_map(|r| expected::find(*r))
            .flat_map(|(_, e)| e.words.iter().copied())
            .collect();
        let lower = word.to_lowercase();
        if lower != word && keywords.contains(&lower.as_str()) {
            return Some(Hint::LowercaseKeyword(lower));
        }
        if let Some(suggestion) = did_you_mean(word, keywords.iter().copied()) {
            return Some(Hint::DidYouMean(suggestion.to_string()));
        }
        if positives.contains(&Rule::ident)
            && word.chars().any(|c| c.is_ascii_uppercase() || c == '-')
        {
            return Some(Hint::IdentifierLetters(lower.replace('-', "_")));
        }
    }
    if positives.contains(&Rule::code_list) && found.is_string() {
        return Some(Hint::CodesInBrackets);
    }
    if positives.contains(&Rule::ident) && found.is_string() {
        return Some(Hint::IdentifierWithoutQuotes);
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
    let kind = SyntaxErrorKind::NonAsciiIdentifier {
        word: word.text(text).to_string(),
    };
    Some(Problem::new(kind, Loc::new(src, word.range())))
}

/// An unclosed string or an unknown escape in the string at `pos`.
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
        Some((start, end)) => {
            let kind = SyntaxErrorKind::InvalidEscape {
                escape: src.text()[start..end].to_string(),
            };
            Some(Problem::new(kind, Loc::new(src, start..end)))
        }
        None if !closed => Some(Problem::new(
            SyntaxErrorKind::UnclosedString,
            Loc::new(src, token.range()),
        )),
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
