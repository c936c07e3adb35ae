//! JSON: `"..."` strings, numbers, `true`/`false`/`null`, `{ } [ ] : ,`.
//! JSON has no comments: `//`, `/*` and `#` are tokens of their own, for a
//! diagnostic that says so. A bare word (`Revenue`) is a name, for a
//! diagnostic that says to quote it.

use super::*;

pub(super) fn lex(bytes: &[u8], at: usize, complete: bool) -> Lexed {
    let more = |token: Token| {
        if token.end >= bytes.len() && !complete {
            Lexed::NeedMore
        } else {
            Lexed::Token(token)
        }
    };
    let at = skip_blanks(bytes, at);
    let Some(&b) = bytes.get(at) else {
        return end_of_bytes(at, complete);
    };
    let token = |kind, end| Token {
        kind,
        start: at,
        end,
    };
    match b {
        b'"' => match string_end(bytes, at) {
            Ok(end) => Lexed::Token(token(Kind::Str, end)),
            Err(end) if end == bytes.len() && !complete => Lexed::NeedMore,
            Err(end) => Lexed::Token(token(Kind::UnclosedStr, end)),
        },
        b'/' | b'#' => {
            let end = line_comment_end(bytes, at).unwrap_or(bytes.len());
            more(token(Kind::ForeignComment, end))
        }
        b'A'..=b'Z' | b'a'..=b'z' | b'_' => {
            let end = name_end(bytes, at);
            let kind = match &bytes[at..end] {
                b"true" | b"false" | b"null" => Kind::Literal,
                _ => Kind::Name,
            };
            more(token(kind, end))
        }
        b'0'..=b'9' => more(token(Kind::Number, number_end(bytes, at))),
        b'-' | b'+' | b'.'
            if bytes
                .get(at + 1)
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == b'.') =>
        {
            more(token(Kind::Number, number_end(bytes, at)))
        }
        b'-' | b'+' | b'.' if at + 1 == bytes.len() && !complete => Lexed::NeedMore,
        _ => match punctuation(b) {
            Some(kind) => Lexed::Token(token(kind, at + 1)),
            None => stray(bytes, at, complete),
        },
    }
}
