//! Fact tokens → a document, through serde: the deserializer the
//! [`super::document`] shapes are read with, for RON and JSON alike.
//!
//! It reads one token at a time from [`super::tokens`] and keeps what a
//! diagnostic needs: the last token read (serde's own errors, such as an
//! unknown field, carry no place) and the records and brackets open. A leaf
//! ([`super::document::Leaf`]) is handed over as the text of its value,
//! whatever that value is, so that what it must be is checked afterwards,
//! with its place.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

use super::document::LEAF_PREFIX;
use super::error::{Expected, FactErrorKind, Found, Vocabulary, Whole};
use super::tokens::{Bracket, Format, Kind, Lexed, Token, lex};
use crate::source::{Loc, SourceFile};

/// Reads the tokens of one organization's text.
pub struct Reader<'de> {
    src: &'de Arc<SourceFile>,
    text: &'de str,
    format: Format,
    at: usize,
    peeked: Option<Token>,
    /// The last token read: where an error that serde raises is.
    last: Token,
    /// Records being read, innermost last.
    records: Vec<Open>,
    /// Brackets open, innermost last: what a text cut short leaves open.
    brackets: Vec<(Bracket, usize)>,
    /// The enumeration being read, for "`X` is not a market".
    enumeration: &'static str,
    /// A number just read as a value and the comma after it: if a number
    /// follows where a field name is due, the comma was a thousands separator.
    number_then_comma: Option<Token>,
}

struct Open {
    name: &'static str,
    /// Where it starts: its name, or its bracket.
    start: usize,
}

/// A problem found while reading: its kind and where, when known; serde's
/// own complaints are placed by [`Reader::place`].
#[derive(Debug)]
pub enum DeError {
    At(FactErrorKind, Range<usize>),
    UnknownField(String, &'static [&'static str]),
    MissingField(&'static str),
    DuplicateField(&'static str),
    UnknownVariant(String, &'static [&'static str]),
    Other(String),
}

impl std::fmt::Display for DeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        DeError::Other(msg.to_string())
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        DeError::UnknownField(field.to_string(), expected)
    }

    fn missing_field(field: &'static str) -> Self {
        DeError::MissingField(field)
    }

    fn duplicate_field(field: &'static str) -> Self {
        DeError::DuplicateField(field)
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        DeError::UnknownVariant(variant.to_string(), expected)
    }
}

type Result<T> = std::result::Result<T, DeError>;

impl<'de> Reader<'de> {
    pub fn new(src: &'de Arc<SourceFile>, format: Format) -> Self {
        Reader {
            src,
            text: src.text(),
            format,
            at: 0,
            peeked: None,
            last: Token {
                kind: Kind::End,
                start: 0,
                end: 0,
            },
            records: Vec::new(),
            brackets: Vec::new(),
            enumeration: "",
            number_then_comma: None,
        }
    }

    pub fn peek(&mut self) -> Token {
        if let Some(token) = self.peeked {
            return token;
        }
        let Lexed::Token(token) = lex(self.format, self.text.as_bytes(), self.at, true) else {
            unreachable!("a whole text never needs more");
        };
        self.peeked = Some(token);
        token
    }

    pub fn next_token(&mut self) -> Token {
        let token = self.peek();
        self.peeked = None;
        self.at = token.end;
        self.last = token;
        match token.kind {
            Kind::Open(b) => self.brackets.push((b, token.start)),
            Kind::Close(_) => {
                self.brackets.pop();
            }
            _ => {}
        }
        token
    }

    /// The token after `token`, without reading either.
    fn after(&self, token: Token) -> Token {
        let Lexed::Token(next) = lex(self.format, self.text.as_bytes(), token.end, true) else {
            unreachable!("a whole text never needs more");
        };
        next
    }

    fn text_of(&self, token: Token) -> &'de str {
        &self.text[token.start..token.end]
    }

    /// What is wrong with finding `token` where `expected` was wanted.
    fn unexpected(&self, token: Token, expected: Expected) -> DeError {
        let range = token.start..token.end;
        let kind = match token.kind {
            Kind::End => return self.cut_short(),
            Kind::UnclosedStr => FactErrorKind::UnclosedText,
            Kind::UnclosedComment => FactErrorKind::UnclosedComment,
            Kind::ForeignComment => FactErrorKind::CommentStyle {
                format: self.format,
            },
            _ => FactErrorKind::Unexpected {
                expected,
                found: Found::Token(self.text_of(token).to_string()),
            },
        };
        DeError::At(kind, range)
    }

    /// The text ended with brackets open.
    fn cut_short(&self) -> DeError {
        let end = Loc::end_of(self.src);
        DeError::At(
            FactErrorKind::Truncated {
                what: Whole::Organization,
                unclosed: self
                    .brackets
                    .last()
                    .map(|(b, at)| (Loc::new(self.src, *at..*at + 1), *b)),
                next_begins: false,
            },
            end.start..end.end,
        )
    }

    fn expect(&mut self, kind: Kind, expected: Expected) -> Result<Token> {
        let token = self.next_token();
        if token.kind == kind {
            Ok(token)
        } else {
            Err(self.unexpected(token, expected))
        }
    }

    /// After a value in a record or list: a comma, or the closing bracket
    /// (left to be read).
    fn after_value(&mut self, close: Bracket, in_record: bool) -> Result<()> {
        let token = self.peek();
        let value = self.last;
        match token.kind {
            Kind::Comma => {
                self.next_token();
                self.number_then_comma = (value.kind == Kind::Number).then_some(value);
                if self.format == Format::Json && self.peek().kind == Kind::Close(close) {
                    let next = self.peek();
                    return Err(self.unexpected(next, Expected::Value));
                }
                Ok(())
            }
            Kind::Close(b) if b == close => Ok(()),
            // A name (RON) or a string (JSON) where a comma was due: a field
            // (or item) follows without one.
            Kind::Name | Kind::Str if in_record => Err(self.unexpected(token, Expected::Comma)),
            _ => Err(self.unexpected(token, Expected::CommaOr(close))),
        }
    }

    /// The text of the next value, whatever it is, as written: a token, or
    /// a bracketed whole (`Some("x")`, `[1, 2]`) from its first token to its
    /// closing bracket.
    fn raw_value(&mut self, expected: Expected) -> Result<&'de str> {
        let first = self.next_token();
        match first.kind {
            Kind::Str | Kind::RawStr | Kind::Number | Kind::Char | Kind::Literal => {
                Ok(self.text_of(first))
            }
            Kind::Name if self.peek().kind != Kind::Open(Bracket::Round) => Ok(self.text_of(first)),
            Kind::Name | Kind::Open(_) => {
                let depth = self.brackets.len() - usize::from(first.kind != Kind::Name);
                if first.kind == Kind::Name {
                    self.next_token();
                }
                while self.brackets.len() > depth {
                    let token = self.next_token();
                    match token.kind {
                        Kind::End
                        | Kind::UnclosedStr
                        | Kind::UnclosedComment
                        | Kind::ForeignComment
                        | Kind::Stray => return Err(self.unexpected(token, Expected::Value)),
                        _ => {}
                    }
                }
                Ok(&self.text[first.start..self.last.end])
            }
            _ => Err(self.unexpected(first, expected)),
        }
    }

    /// Makes sure nothing but blanks and comments follow the organization.
    pub fn end(&mut self) -> Result<()> {
        let token = self.next_token();
        match token.kind {
            Kind::End => Ok(()),
            Kind::ForeignComment | Kind::UnclosedComment | Kind::UnclosedStr => {
                Err(self.unexpected(token, Expected::Value))
            }
            _ => Err(DeError::At(
                FactErrorKind::Trailing {
                    found: Found::Token(self.text_of(token).to_string()),
                    what: Whole::Organization,
                },
                token.start..token.end,
            )),
        }
    }

    /// A problem and its place, whoever raised it.
    pub fn place(&self, error: DeError) -> (FactErrorKind, Range<usize>) {
        let last = self.last.start..self.last.end;
        let record = self.records.last();
        let record_name = record.map_or("the organization", |r| r.name);
        match error {
            DeError::At(kind, range) => (kind, range),
            DeError::UnknownField(field, fields) => (
                FactErrorKind::UnknownField {
                    field,
                    record: record_name,
                    fields,
                },
                last,
            ),
            DeError::MissingField(field) => {
                let start = record.map_or(0, |r| r.start);
                let name_end = start + self.text[start..].find(['(', '{']).unwrap_or(0);
                let range = if name_end > start {
                    start..name_end
                } else {
                    start..start + 1
                };
                (
                    FactErrorKind::MissingField {
                        field,
                        record: record_name,
                    },
                    range,
                )
            }
            DeError::DuplicateField(field) => (
                FactErrorKind::DuplicateField {
                    field,
                    record: record_name,
                },
                last,
            ),
            DeError::UnknownVariant(found, expected) => match Vocabulary::of(self.enumeration) {
                Some(what) => (
                    FactErrorKind::UnknownValue {
                        found,
                        what,
                        expected,
                    },
                    last,
                ),
                None => (
                    FactErrorKind::Unexpected {
                        expected: Expected::OneOf(expected),
                        found: Found::Token(found),
                    },
                    last,
                ),
            },
            DeError::Other(_) => (
                FactErrorKind::Unexpected {
                    expected: Expected::Value,
                    found: Found::Token(self.text_of(self.last).to_string()),
                },
                last,
            ),
        }
    }
}

/// The text of a string token: quotes removed, escapes decoded. `Err`
/// names the first escape that is not one.
pub fn unquote(token: &str) -> std::result::Result<Cow<'_, str>, (String, Range<usize>)> {
    if let Some(rest) = token.strip_prefix('r') {
        let hashes = rest.bytes().take_while(|b| *b == b'#').count();
        let inner = &rest[hashes..];
        return Ok(Cow::Borrowed(&inner[1..inner.len() - 1 - hashes]));
    }
    let inner = &token[1..token.len() - 1];
    if !inner.contains('\\') {
        return Ok(Cow::Borrowed(inner));
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let bad = |len: usize| {
            let end = (1 + i + len).min(token.len() - 1);
            (token[1 + i..end].to_string(), 1 + i..end)
        };
        match chars.next() {
            Some((_, '"')) => out.push('"'),
            Some((_, '\\')) => out.push('\\'),
            Some((_, '/')) => out.push('/'),
            Some((_, 'n')) => out.push('\n'),
            Some((_, 't')) => out.push('\t'),
            Some((_, 'r')) => out.push('\r'),
            Some((_, 'b')) => out.push('\u{8}'),
            Some((_, 'f')) => out.push('\u{c}'),
            Some((_, '0')) => out.push('\0'),
            Some((_, 'u')) => {
                let rest = &inner[i + 2..];
                // RON writes `\u{e9}`, JSON `\u00e9` (and surrogate pairs).
                let (code, len) = if let Some(braced) = rest.strip_prefix('{') {
                    match braced.find('}') {
                        Some(close) => (u32::from_str_radix(&braced[..close], 16).ok(), close + 2),
                        None => (None, rest.len()),
                    }
                } else if rest.len() >= 4 && rest.is_char_boundary(4) {
                    let high = u32::from_str_radix(&rest[..4], 16).ok();
                    match high {
                        Some(h @ 0xD800..=0xDBFF) if rest[4..].starts_with("\\u") => {
                            let low = rest
                                .get(6..10)
                                .and_then(|l| u32::from_str_radix(l, 16).ok());
                            match low {
                                Some(l @ 0xDC00..=0xDFFF) => {
                                    (Some(0x10000 + ((h - 0xD800) << 10) + (l - 0xDC00)), 10)
                                }
                                _ => (None, 4),
                            }
                        }
                        other => (other, 4),
                    }
                } else {
                    (None, rest.len())
                };
                match code.and_then(char::from_u32) {
                    Some(c) => out.push(c),
                    None => return Err(bad(2 + len)),
                }
                for _ in 0..len {
                    chars.next();
                }
            }
            Some((_, other)) => return Err(bad(1 + other.len_utf8())),
            None => return Err(bad(1)),
        }
    }
    Ok(Cow::Owned(out))
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        let token = self.peek();
        Err(self.unexpected(token, Expected::Value))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.raw_value(Expected::Value)?;
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if name.starts_with(LEAF_PREFIX) {
            let expected = match name {
                "$rules::Date" => Expected::Date,
                "$rules::Moment" => Expected::Moment,
                "$rules::Amount" => Expected::Number,
                _ => Expected::Text,
            };
            let raw = self.raw_value(expected)?;
            return visitor.visit_borrowed_str(raw);
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let token = self.peek();
        match (self.format, token.kind) {
            (Format::Ron, Kind::Name) if self.text_of(token) == "None" => {
                self.next_token();
                visitor.visit_none()
            }
            (Format::Ron, Kind::Name)
                if self.text_of(token) == "Some"
                    && self.after(token).kind == Kind::Open(Bracket::Round) =>
            {
                self.next_token();
                self.next_token();
                let value = visitor.visit_some(&mut *self)?;
                self.expect(
                    Kind::Close(Bracket::Round),
                    Expected::CommaOr(Bracket::Round),
                )?;
                Ok(value)
            }
            (Format::Json, Kind::Literal) if self.text_of(token) == "null" => {
                self.next_token();
                visitor.visit_none()
            }
            // `Some(...)` may be left out: a plain value means "given".
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let first = self.next_token();
        let close = match (self.format, first.kind) {
            (Format::Ron, Kind::Name) => {
                let written = self.text_of(first);
                let next = self.peek();
                if next.kind != Kind::Open(Bracket::Round) {
                    return Err(self.unexpected(first, Expected::Record(name)));
                }
                if written != name {
                    return Err(DeError::At(
                        FactErrorKind::RecordName {
                            expected: name,
                            found: written.to_string(),
                        },
                        first.start..first.end,
                    ));
                }
                self.next_token();
                Bracket::Round
            }
            (Format::Ron, Kind::Open(Bracket::Round)) => Bracket::Round,
            (Format::Json, Kind::Open(Bracket::Curly)) => Bracket::Curly,
            (Format::Ron, _) => return Err(self.unexpected(first, Expected::Record(name))),
            (Format::Json, _) => return Err(self.unexpected(first, Expected::Object(name))),
        };
        self.records.push(Open {
            name,
            start: first.start,
        });
        let value = visitor.visit_map(Fields {
            reader: &mut *self,
            close,
        })?;
        self.records.pop();
        Ok(value)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(Kind::Open(Bracket::Square), Expected::List)?;
        visitor.visit_seq(Items { reader: self })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.enumeration = name;
        let token = self.next_token();
        let written: Cow<'de, str> = match (self.format, token.kind) {
            (Format::Ron, Kind::Name) => Cow::Borrowed(self.text_of(token)),
            (Format::Json, Kind::Str) => unquote(self.text_of(token))
                .map_err(|_| self.unexpected(token, Expected::OneOf(variants)))?,
            (Format::Ron, Kind::Str) => {
                return Err(DeError::At(
                    FactErrorKind::Quoted {
                        written: self.text_of(token).to_string(),
                    },
                    token.start..token.end,
                ));
            }
            (Format::Json, Kind::Name) => {
                return Err(DeError::At(
                    FactErrorKind::Unquoted {
                        word: self.text_of(token).to_string(),
                    },
                    token.start..token.end,
                ));
            }
            _ => return Err(self.unexpected(token, Expected::OneOf(variants))),
        };
        visitor.visit_enum(UnitVariant(written))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct tuple tuple_struct map identifier
    }
}

/// The fields of a record (RON) or an object (JSON).
struct Fields<'a, 'de> {
    reader: &'a mut Reader<'de>,
    close: Bracket,
}

impl<'de> MapAccess<'de> for Fields<'_, 'de> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let reader = &mut *self.reader;
        let token = reader.next_token();
        if let (Some(number), Kind::Number) = (reader.number_then_comma.take(), token.kind) {
            return Err(DeError::At(
                FactErrorKind::DigitGroups {
                    written: reader.text[number.start..token.end].to_string(),
                },
                number.start..token.end,
            ));
        }
        let key: Cow<'de, str> = match (reader.format, token.kind) {
            (_, Kind::Close(b)) if b == self.close => return Ok(None),
            (Format::Ron, Kind::Name) => Cow::Borrowed(reader.text_of(token)),
            (Format::Json, Kind::Str) => unquote(reader.text_of(token))
                .map_err(|_| reader.unexpected(token, Expected::FieldName))?,
            _ => return Err(reader.unexpected(token, Expected::FieldName)),
        };
        reader.expect(Kind::Colon, Expected::Colon)?;
        // The key is the last token an unknown or repeated field is about.
        reader.last = token;
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let value = seed.deserialize(&mut *self.reader)?;
        self.reader.after_value(self.close, true)?;
        Ok(value)
    }
}

/// The items of a list.
struct Items<'a, 'de> {
    reader: &'a mut Reader<'de>,
}

impl<'de> SeqAccess<'de> for Items<'_, 'de> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.reader.peek().kind == Kind::Close(Bracket::Square) {
            self.reader.next_token();
            return Ok(None);
        }
        let value = seed.deserialize(&mut *self.reader)?;
        self.reader.after_value(Bracket::Square, false)?;
        Ok(Some(value))
    }
}

/// A unit variant (`Revenue`), by the name written.
struct UnitVariant<'de>(Cow<'de, str>);

impl<'de> de::EnumAccess<'de> for UnitVariant<'de> {
    type Error = DeError;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let name: de::value::CowStrDeserializer<'de, DeError> = self.0.clone().into_deserializer();
        Ok((seed.deserialize(name)?, self))
    }
}

impl<'de> de::VariantAccess<'de> for UnitVariant<'de> {
    type Error = DeError;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _: T) -> Result<T::Value> {
        Err(DeError::Other("only plain names are values here".into()))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value> {
        Err(DeError::Other("only plain names are values here".into()))
    }

    fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], _: V) -> Result<V::Value> {
        Err(DeError::Other("only plain names are values here".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::unquote;

    #[test]
    fn strings_are_read_as_both_formats_write_them() {
        assert_eq!(unquote(r#""plain""#).unwrap(), "plain");
        assert_eq!(unquote(r#""a \"b\" \\ c""#).unwrap(), "a \"b\" \\ c");
        assert_eq!(unquote(r#""\u{e9}\t""#).unwrap(), "é\t");
        assert_eq!(unquote(r#""\u00e9""#).unwrap(), "é");
        assert_eq!(unquote(r#""\ud83d\ude00""#).unwrap(), "😀");
        assert_eq!(unquote(r##"r#"a "(" b"#"##).unwrap(), "a \"(\" b");
    }

    #[test]
    fn an_unknown_escape_is_named_with_its_place() {
        assert_eq!(unquote(r#""a\qb""#).unwrap_err(), ("\\q".to_string(), 2..4));
        assert_eq!(unquote(r#""\u{zz}""#).unwrap_err().0, "\\u{zz}");
        assert_eq!(unquote(r#""\ud83d""#).unwrap_err().0, "\\ud83d");
    }
}
