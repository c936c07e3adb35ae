//! Fact text → tokens: the one place that knows each fact format's strings,
//! comments, numbers and punctuation. Every pass over a fact file — the
//! splitter that finds a list's organizations, the quick look at people
//! before a batch, the parser, the words of a diagnostic — reads the same
//! tokens.
//!
//! Lexers work on bytes (everything structural is ASCII, so a UTF-8
//! character is never cut in a way that matters) and can stop at the end of
//! a buffer that is not yet the end of the file: a token that might go on
//! is then [`Lexed::NeedMore`], to be read again once more bytes are in.

mod json;
mod ron;

/// Which fact format a text is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Ron,
    Json,
}

impl Format {
    /// The format of a file, by its name: `.json` and `.jsonl` are JSON,
    /// everything else RON.
    pub fn of_path(path: &std::path::Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some("json" | "jsonl") => Format::Json,
            _ => Format::Ron,
        }
    }

    /// The format of a text with no name (standard input), told apart by
    /// its first token: `{`, or `[` before `{`, is JSON; anything else RON.
    pub fn sniff(text: &[u8]) -> Format {
        let mut at = 0;
        for _ in 0..2 {
            match lex(Format::Ron, text, at, true) {
                Lexed::Token(t) if t.kind == Kind::Open(Bracket::Curly) => return Format::Json,
                Lexed::Token(t) if t.kind == Kind::Open(Bracket::Square) => at = t.end,
                _ => return Format::Ron,
            }
        }
        Format::Ron
    }

    pub fn other(self) -> Format {
        match self {
            Format::Ron => Format::Json,
            Format::Json => Format::Ron,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Ron => "RON",
            Format::Json => "JSON",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Bracket {
    /// `(` `)`: a RON record or `Some(...)`.
    Round,
    /// `[` `]`: a list.
    Square,
    /// `{` `}`: a JSON object.
    Curly,
}

impl Bracket {
    pub fn open(self) -> char {
        match self {
            Bracket::Round => '(',
            Bracket::Square => '[',
            Bracket::Curly => '{',
        }
    }

    pub fn close(self) -> char {
        match self {
            Bracket::Round => ')',
            Bracket::Square => ']',
            Bracket::Curly => '}',
        }
    }
}

/// What a token is. Its text is the bytes `start..end` of the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A RON name: `Organization`, `Some`, `Revenue`, a field name.
    Name,
    /// `"..."`, quotes included, escapes not yet decoded.
    Str,
    /// RON `r"..."` or `r#"..."#`: no escapes.
    RawStr,
    /// `12000.50`, `-1`, `1_000`, `1e3`, `0x1F`: whatever a number-like run holds.
    Number,
    /// RON `'c'`: never a valid fact value, but it must not be taken apart.
    Char,
    /// JSON `true`, `false`, `null`.
    Literal,
    Open(Bracket),
    Close(Bracket),
    Colon,
    Comma,
    /// A string that runs to the end of the line or the text.
    UnclosedStr,
    /// `/*` without its `*/`.
    UnclosedComment,
    /// A comment in a format that has none (`//` in JSON), or `#` (a rule
    /// file's comment, or a RON attribute, which fact files do not use).
    ForeignComment,
    /// Anything else: one character that starts nothing.
    Stray,
    /// The end of the text.
    End,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

impl Token {
    pub fn text<'a>(&self, input: &'a str) -> &'a str {
        &input[self.start..self.end]
    }
}

/// What a lexer found at a position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lexed {
    Token(Token),
    /// The bytes end inside a token or a comment, and more may follow.
    NeedMore,
}

/// The next token of `bytes` at or after `at`, skipping blanks and
/// comments. `complete`: the bytes are the whole text (else a token running
/// into their end is [`Lexed::NeedMore`]).
pub fn lex(format: Format, bytes: &[u8], at: usize, complete: bool) -> Lexed {
    match format {
        Format::Ron => ron::lex(bytes, at, complete),
        Format::Json => json::lex(bytes, at, complete),
    }
}

/// Every token of a complete text, `End` last: for tests and diagnostics.
pub fn tokenize(format: Format, text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut at = 0;
    loop {
        let Lexed::Token(token) = lex(format, text.as_bytes(), at, true) else {
            unreachable!("a complete text never needs more");
        };
        out.push(token);
        if token.kind == Kind::End {
            return out;
        }
        at = token.end;
    }
}

/// Bytes that may go on a name: ASCII letters, digits and `_` (a table,
/// since names are most of what a fact file's tokens are).
static NAME_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    table
};

/// After the name starting at `start` (whose first byte is already known).
fn name_end(bytes: &[u8], start: usize) -> usize {
    bytes[start + 1..]
        .iter()
        .position(|b| !NAME_BYTE[*b as usize])
        .map_or(bytes.len(), |k| start + 1 + k)
}

/// At the end of the bytes: the end of the text, or more to read.
fn end_of_bytes(at: usize, complete: bool) -> Lexed {
    if complete {
        Lexed::Token(Token {
            kind: Kind::End,
            start: at,
            end: at,
        })
    } else {
        Lexed::NeedMore
    }
}

/// After the spaces, tabs and line ends from `at`: indentation is most of
/// the bytes of a fact file, so it is stepped over before any other test.
fn skip_blanks(bytes: &[u8], at: usize) -> usize {
    bytes[at.min(bytes.len())..]
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        .map_or(bytes.len(), |k| at + k)
}

/// A run of a number: digits, letters (exponents, `0x`), `_`, `.`, a sign
/// after an exponent, and `-` or `:` between digits, so that a date or a
/// time written without quotes is one token (and one mistake).
fn number_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        let b = bytes[i];
        let exponent_sign = matches!(b, b'+' | b'-')
            && matches!(bytes[i - 1], b'e' | b'E')
            && !is_hex(bytes, start);
        // At the end of the bytes, the digit that would follow is not known yet.
        let between_digits = matches!(b, b'-' | b':')
            && bytes[i - 1].is_ascii_digit()
            && bytes.get(i + 1).is_none_or(u8::is_ascii_digit);
        if b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || exponent_sign || between_digits {
            i += 1;
        } else {
            break;
        }
    }
    i
}

fn is_hex(bytes: &[u8], start: usize) -> bool {
    let digits = if matches!(bytes[start], b'+' | b'-') {
        start + 1
    } else {
        start
    };
    bytes.get(digits) == Some(&b'0') && matches!(bytes.get(digits + 1), Some(b'x' | b'X'))
}

/// The end of a `"` string starting at `start` (after its closing quote),
/// or where it stops being one: `Err(end)` at a line end or the end of the
/// bytes. Backslashes escape the next byte.
fn string_end(bytes: &[u8], start: usize) -> Result<usize, usize> {
    let mut i = start + 1;
    loop {
        match memchr::memchr3(b'"', b'\\', b'\n', &bytes[i..]) {
            Some(k) => match bytes[i + k] {
                b'"' => return Ok(i + k + 1),
                b'\\' if i + k + 1 < bytes.len() && bytes[i + k + 1] != b'\n' => i += k + 2,
                b'\\' => return Err(i + k + 1),
                _ => return Err(i + k),
            },
            None => return Err(bytes.len()),
        }
    }
}

/// A single character that starts nothing, as a token (the whole UTF-8
/// character, so that it can be quoted; one cut by the end of the bytes
/// needs more).
fn stray(bytes: &[u8], start: usize, complete: bool) -> Lexed {
    let len = match bytes[start] {
        b if b < 0x80 => 1,
        b if b >= 0xF0 => 4,
        b if b >= 0xE0 => 3,
        _ => 2,
    };
    if start + len > bytes.len() && !complete {
        return Lexed::NeedMore;
    }
    Lexed::Token(Token {
        kind: Kind::Stray,
        start,
        end: (start + len).min(bytes.len()),
    })
}

fn punctuation(b: u8) -> Option<Kind> {
    Some(match b {
        b'(' => Kind::Open(Bracket::Round),
        b')' => Kind::Close(Bracket::Round),
        b'[' => Kind::Open(Bracket::Square),
        b']' => Kind::Close(Bracket::Square),
        b'{' => Kind::Open(Bracket::Curly),
        b'}' => Kind::Close(Bracket::Curly),
        b':' => Kind::Colon,
        b',' => Kind::Comma,
        _ => return None,
    })
}

/// The end of a `//` comment starting at `start`: its line end.
fn line_comment_end(bytes: &[u8], start: usize) -> Option<usize> {
    memchr::memchr(b'\n', &bytes[start..]).map(|k| start + k)
}
