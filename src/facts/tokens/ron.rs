//! RON: `//` and nested `/* */` comments, `"..."` and raw `r#"..."#`
//! strings, `'c'` characters, names, numbers, `( ) [ ] { } : ,`.

use super::*;

pub(super) fn lex(bytes: &[u8], mut at: usize, complete: bool) -> Lexed {
    let more = |token: Token| {
        if token.end >= bytes.len() && !complete {
            Lexed::NeedMore
        } else {
            Lexed::Token(token)
        }
    };
    loop {
        at = skip_blanks(bytes, at);
        let Some(&b) = bytes.get(at) else {
            return end_of_bytes(at, complete);
        };
        let token = |kind, end| Token {
            kind,
            start: at,
            end,
        };
        match b {
            b'/' if bytes.get(at + 1) == Some(&b'/') => match line_comment_end(bytes, at) {
                Some(end) => at = end,
                None if complete => at = bytes.len(),
                None => return Lexed::NeedMore,
            },
            b'/' if bytes.get(at + 1) == Some(&b'*') => match block_comment_end(bytes, at) {
                Some(end) => at = end,
                None if complete => return Lexed::Token(token(Kind::UnclosedComment, bytes.len())),
                None => return Lexed::NeedMore,
            },
            // One byte from the end, `/` might start a comment.
            b'/' if at + 1 == bytes.len() && !complete => return Lexed::NeedMore,
            b'#' => {
                let end = line_comment_end(bytes, at).unwrap_or(bytes.len());
                return more(token(Kind::ForeignComment, end));
            }
            b'"' => {
                return match string_end(bytes, at) {
                    Ok(end) => Lexed::Token(token(Kind::Str, end)),
                    Err(end) if end == bytes.len() && !complete => Lexed::NeedMore,
                    Err(end) => Lexed::Token(token(Kind::UnclosedStr, end)),
                };
            }
            b'r' if matches!(bytes.get(at + 1), Some(b'"' | b'#')) => {
                if let Some(lexed) = raw(bytes, at, complete) {
                    return lexed;
                }
                return more(token(Kind::Name, name_end(bytes, at)));
            }
            b'\'' => return more(token(Kind::Char, char_end(bytes, at))),
            b'A'..=b'Z' | b'a'..=b'z' | b'_' => {
                return more(token(Kind::Name, name_end(bytes, at)));
            }
            b'0'..=b'9' => return more(token(Kind::Number, number_end(bytes, at))),
            b'+' | b'-' | b'.'
                if bytes
                    .get(at + 1)
                    .is_some_and(|n| n.is_ascii_alphanumeric() || *n == b'.') =>
            {
                return more(token(Kind::Number, number_end(bytes, at)));
            }
            b'+' | b'-' | b'.' if at + 1 == bytes.len() && !complete => return Lexed::NeedMore,
            _ => {
                return match punctuation(b) {
                    Some(kind) => Lexed::Token(token(kind, at + 1)),
                    None => stray(bytes, at, complete),
                };
            }
        }
    }
}

/// After the whole of a `/* ... */` comment, nested ones included.
fn block_comment_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = start;
    while let Some(k) = memchr::memchr2(b'*', b'/', &bytes[i..]) {
        let at = i + k;
        match (bytes[at], bytes.get(at + 1)) {
            (b'/', Some(b'*')) => {
                depth += 1;
                i = at + 2;
            }
            (b'*', Some(b'/')) => {
                depth -= 1;
                i = at + 2;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => i = at + 1,
        }
    }
    None
}

/// `r"..."`, `r#"..."#`, or a raw name `r#name`; `None` when it is neither
/// (a name that happens to start with `r`).
fn raw(bytes: &[u8], start: usize, complete: bool) -> Option<Lexed> {
    let hashes = bytes[start + 1..]
        .iter()
        .take_while(|b| **b == b'#')
        .count();
    let quote = start + 1 + hashes;
    match bytes.get(quote) {
        Some(b'"') => {}
        Some(b) if hashes == 1 && (b.is_ascii_alphabetic() || *b == b'_') => {
            let end = name_end(bytes, quote);
            return Some(if end == bytes.len() && !complete {
                Lexed::NeedMore
            } else {
                Lexed::Token(Token {
                    kind: Kind::Name,
                    start,
                    end,
                })
            });
        }
        None if !complete => return Some(Lexed::NeedMore),
        _ => return None,
    }
    let mut i = quote + 1;
    while let Some(k) = memchr::memchr(b'"', &bytes[i..]) {
        let close = i + k;
        let closing_hashes = bytes[close + 1..]
            .iter()
            .take(hashes)
            .take_while(|b| **b == b'#')
            .count();
        if closing_hashes == hashes {
            return Some(Lexed::Token(Token {
                kind: Kind::RawStr,
                start,
                end: close + 1 + hashes,
            }));
        }
        if close + 1 + closing_hashes == bytes.len() && !complete {
            return Some(Lexed::NeedMore);
        }
        i = close + 1;
    }
    Some(if complete {
        Lexed::Token(Token {
            kind: Kind::UnclosedStr,
            start,
            end: bytes.len(),
        })
    } else {
        Lexed::NeedMore
    })
}

/// After a `'c'` character (or where it stops: the line end).
fn char_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\'' => return i + 1,
            b'\n' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}
