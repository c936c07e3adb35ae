//! Rule text → tokens: the one place that knows where words, numbers,
//! strings and comments begin and end.
//!
//! The parser reads the grammar's own tokens (`grammar/rules.pest`, and
//! `parser/descent.rs` by hand). The passes that only
//! look at the text read these tokens instead of walking characters: the
//! nesting limit checked before parsing, what a syntax error found and what
//! came before it, an unclosed string or brace, and the formatter's comments
//! and code. So a `(` in a title or a `#` in a string is never taken for
//! code or a comment, in one pass as in the others.
//!
//! Tokens cover the text without gaps or overlaps, in order: every byte is
//! in exactly one token. Strings and comments end at the end of their line,
//! as the grammar has it.

use std::ops::Range;

/// A token: what it is and the bytes it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, digits, `_` and `-`, from a letter or `_`: `competency`,
    /// `cloud_platform`, and words the grammar refuses (`Silver`, `café`,
    /// `cloud-platform`), so that a diagnostic can name them whole.
    Word,
    /// From a digit, or `$` and a digit: letters, digits and `_`, and `,`
    /// `.` `-` between them: `24`, `15,000`, `$1,250.50`, `2027-06-30`, and
    /// malformed ones (`12months`) taken whole for the same reason.
    Number,
    /// `"..."` with `\"` and `\\` escapes. A string not closed on its line
    /// ends before the line end. `invalid_escape` is where the first escape
    /// the grammar does not know is (`\t`), backslash included.
    String {
        closed: bool,
        invalid_escape: Option<(usize, usize)>,
    },
    /// `{ } [ ] ( ) , >=`, or any other single character that starts no
    /// other token (`>`, `≥`, `.`).
    Punct,
    /// `#` up to the end of its line (a `\r` before the `\n` is not part of it).
    Comment,
    /// `\n` or `\r\n`.
    LineEnd,
    /// Spaces, tabs, and a `\r` that is not part of a line end.
    Space,
}

impl Token {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The token's text in the text it was read from.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    /// Whether the token is code: not whitespace, not a line end, not a comment.
    pub fn is_code(&self) -> bool {
        !matches!(
            self.kind,
            TokenKind::Space | TokenKind::LineEnd | TokenKind::Comment
        )
    }

    /// Whether the token is the punctuation `punct`.
    pub fn is_punct(&self, text: &str, punct: &str) -> bool {
        self.kind == TokenKind::Punct && self.text(text) == punct
    }
}

/// The tokens of `text`, one after the other.
pub struct Lexer<'t> {
    text: &'t str,
    pos: usize,
}

impl<'t> Lexer<'t> {
    pub fn new(text: &'t str) -> Lexer<'t> {
        Lexer { text, pos: 0 }
    }

    /// Tokens from byte `pos` on. Read from the start of a line, they are the
    /// tokens of the whole text, since no token spans lines; from elsewhere,
    /// `pos` is taken to start a token.
    pub fn at(text: &'t str, pos: usize) -> Lexer<'t> {
        Lexer { text, pos }
    }

    fn rest(&self) -> &'t str {
        &self.text[self.pos..]
    }

    /// The rest of a word or number after its first character: letters,
    /// digits (of any script) and `_`, and a joiner (ASCII) between them.
    /// ASCII is read a byte at a time; other characters as characters.
    fn word_rest(&mut self, joiners: &[u8]) {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.pos) {
            let len = if b.is_ascii_alphanumeric() || b == b'_' {
                1
            } else if b.is_ascii() {
                let joined = joiners.contains(&b)
                    && self.text[self.pos + 1..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric);
                if !joined {
                    return;
                }
                1
            } else {
                match self.rest().chars().next() {
                    Some(c) if c.is_alphanumeric() => c.len_utf8(),
                    _ => return,
                }
            };
            self.pos += len;
        }
    }

    /// A string after its opening quote. Its quotes, escapes and line ends
    /// are ASCII, so it is read a byte at a time.
    fn string_rest(&mut self) -> TokenKind {
        let bytes = self.text.as_bytes();
        let mut invalid_escape = None;
        let mut at = self.pos;
        while let Some(&b) = bytes.get(at) {
            match b {
                b'"' => {
                    self.pos = at + 1;
                    return TokenKind::String {
                        closed: true,
                        invalid_escape,
                    };
                }
                b'\n' | b'\r' => {
                    self.pos = at;
                    return TokenKind::String {
                        closed: false,
                        invalid_escape,
                    };
                }
                b'\\' => match self.text[at + 1..].chars().next() {
                    Some('"' | '\\') => at += 1,
                    Some(e) if e != '\n' && e != '\r' => {
                        invalid_escape.get_or_insert((at, at + 1 + e.len_utf8()));
                        at += e.len_utf8();
                    }
                    // A backslash at the end of the line escapes nothing.
                    _ => {}
                },
                _ => {}
            }
            at += 1;
        }
        self.pos = self.text.len();
        TokenKind::String {
            closed: false,
            invalid_escape,
        }
    }
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let start = self.pos;
        let mut chars = self.rest().chars();
        let first = chars.next()?;
        let second = chars.next();
        self.pos += first.len_utf8();
        let kind = match first {
            '\n' => TokenKind::LineEnd,
            '\r' if second == Some('\n') => {
                self.pos += 1;
                TokenKind::LineEnd
            }
            ' ' | '\t' | '\r' => {
                let bytes = self.text.as_bytes();
                while let Some(&b) = bytes.get(self.pos) {
                    let space = b == b' '
                        || b == b'\t'
                        || b == b'\r' && bytes.get(self.pos + 1) != Some(&b'\n');
                    if !space {
                        break;
                    }
                    self.pos += 1;
                }
                TokenKind::Space
            }
            '#' => {
                // To the line end, `\r\n` or `\n`; a lone `\r` is in the comment.
                let bytes = self.text.as_bytes();
                let end = bytes[self.pos..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |i| self.pos + i);
                self.pos = if end > self.pos && bytes[end - 1] == b'\r' && end < bytes.len() {
                    end - 1
                } else {
                    end
                };
                TokenKind::Comment
            }
            '"' => self.string_rest(),
            '>' if second == Some('=') => {
                self.pos += 1;
                TokenKind::Punct
            }
            c if c.is_ascii_digit() => {
                self.word_rest(b",.-");
                TokenKind::Number
            }
            '$' if second.is_some_and(|c| c.is_ascii_digit()) => {
                self.word_rest(b",.-");
                TokenKind::Number
            }
            c if c.is_alphabetic() || c == '_' => {
                self.word_rest(b"-");
                TokenKind::Word
            }
            _ => TokenKind::Punct,
        };
        Some(Token {
            kind,
            start,
            end: self.pos,
        })
    }
}

/// Every token of `text`.
pub fn tokenize(text: &str) -> Vec<Token> {
    Lexer::new(text).collect()
}

/// The code tokens of `text` (no whitespace, line ends or comments).
pub fn code_tokens(text: &str) -> impl Iterator<Item = Token> + '_ {
    Lexer::new(text).filter(Token::is_code)
}

/// The token that holds byte `pos`, read from the start of its line; `None`
/// at the end of the text.
pub fn token_at(text: &str, pos: usize) -> Option<Token> {
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    Lexer::at(text, line_start).find(|t| t.end > pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens cover the text without gaps, whatever it holds.
    #[test]
    fn tokens_cover_the_text() {
        let text = "a \"b\\q\" # c\r\n\"open\\\n$1,0.5 >= ≥ café-x 12months \r\t}";
        let tokens = tokenize(text);
        let mut pos = 0;
        for t in &tokens {
            assert_eq!(t.start, pos, "{tokens:?}");
            assert!(t.end > t.start, "{tokens:?}");
            pos = t.end;
        }
        assert_eq!(pos, text.len());
    }

    #[test]
    fn a_token_is_found_from_the_start_of_its_line() {
        let text = "x\n\"a # b\" c";
        let comment_like = text.find('#').unwrap();
        let token = token_at(text, comment_like).unwrap();
        assert!(matches!(token.kind, TokenKind::String { closed: true, .. }));
        assert_eq!(token_at(text, text.len()), None);
    }
}
