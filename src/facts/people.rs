//! A quick look at an organization's tokens for only what "one organization
//! at a time" needs before any organization is evaluated: its id, and each
//! person's id and association time. It reads what it can and passes over
//! the rest, so that a person of a broken organization still takes part
//! when their id and association time can be read; everything else is the
//! full reader's to check.

use chrono::{DateTime, Utc};

use super::de::unquote;
use super::tokens::{Bracket, Format, Kind, Lexed, Token, lex};

/// What the quick look found.
#[derive(Debug, Default, PartialEq)]
pub struct PeopleOf {
    pub org: Option<String>,
    /// (person id, when they associated) — `None` when the time does not read.
    pub people: Vec<(String, Option<DateTime<Utc>>)>,
    /// People whose id or association time could not be read.
    pub unread: usize,
}

/// Where a bracket stands: the field whose value it opens, if any.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Frame<'a> {
    /// A record, object or list; the field it is the value of.
    Value(Option<&'a str>),
    /// RON's `Some(...)`: transparent.
    Some,
}

/// Reads the organization's id and its people's ids and association times.
pub fn people_of(text: &str, format: Format) -> PeopleOf {
    let bytes = text.as_bytes();
    let mut out = PeopleOf::default();
    // Every open bracket, and (kept alongside, so that no token looks
    // through all of them) the fields of those that are not `Some(`.
    let mut frames: Vec<Frame> = Vec::new();
    let mut fields: Vec<Option<&str>> = Vec::new();
    let mut key: Option<&str> = None;
    let mut person: Option<(Option<String>, Option<DateTime<Utc>>)> = None;
    let mut tokens = Tokens {
        format,
        bytes,
        at: 0,
        peeked: None,
    };
    loop {
        let token = tokens.next();
        let after = tokens.peek();
        let word = &text[token.start..token.end];
        match token.kind {
            Kind::End => {
                // A person still open when the text ends was cut short: what
                // was read of them still counts.
                match person.take() {
                    Some((Some(id), Some(associated))) => out.people.push((id, Some(associated))),
                    Some(_) => out.unread += 1,
                    None => {}
                }
                return out;
            }
            Kind::Name | Kind::Str if after.kind == Kind::Colon => {
                key = match token.kind {
                    Kind::Str => unquote(word).ok().and_then(|k| match k {
                        std::borrow::Cow::Borrowed(k) => Some(k),
                        std::borrow::Cow::Owned(_) => None,
                    }),
                    _ => Some(word),
                };
                tokens.next();
            }
            Kind::Name if word == "Some" && after.kind == Kind::Open(Bracket::Round) => {
                tokens.next();
                frames.push(Frame::Some);
            }
            Kind::Open(_) => {
                let field = key.take();
                frames.push(Frame::Value(field));
                fields.push(field);
                if in_person(&fields) {
                    person = Some((None, None));
                }
            }
            Kind::Close(_) => match frames.pop() {
                Some(Frame::Some) => {}
                Some(Frame::Value(_)) => {
                    if in_person(&fields) {
                        match person.take() {
                            Some((Some(id), Some(associated))) => {
                                out.people.push((id, Some(associated)))
                            }
                            Some((Some(id), None)) => {
                                out.unread += 1;
                                out.people.push((id, None));
                            }
                            _ => out.unread += 1,
                        }
                    }
                    fields.pop();
                    key = None;
                }
                None => {}
            },
            Kind::Str | Kind::RawStr => {
                let value = || unquote(word).ok().map(|v| v.into_owned());
                match (fields.as_slice(), key) {
                    ([None], Some("id")) => out.org = value(),
                    ([None, Some("people"), None], Some("id")) => {
                        if let Some(p) = &mut person {
                            p.0 = value();
                        }
                    }
                    ([None, Some("people"), None], Some("associated")) => {
                        if let Some(p) = &mut person {
                            p.1 = value()
                                .and_then(|v| DateTime::parse_from_rfc3339(&v).ok())
                                .map(|d| d.with_timezone(&Utc));
                        }
                    }
                    _ => {}
                }
                if frames.last() != Some(&Frame::Some) {
                    key = None;
                }
            }
            _ => {
                if frames.last() != Some(&Frame::Some) {
                    key = None;
                }
            }
        }
    }
}

/// The tokens of a whole text, with one looked at ahead (each lexed once).
struct Tokens<'b> {
    format: Format,
    bytes: &'b [u8],
    at: usize,
    peeked: Option<Token>,
}

impl Tokens<'_> {
    fn peek(&mut self) -> Token {
        if let Some(token) = self.peeked {
            return token;
        }
        let token = match lex(self.format, self.bytes, self.at, true) {
            Lexed::Token(token) => token,
            Lexed::NeedMore => unreachable!("a whole text never needs more"),
        };
        self.peeked = Some(token);
        token
    }

    fn next(&mut self) -> Token {
        let token = self.peek();
        self.peeked = None;
        self.at = token.end;
        token
    }
}

/// Directly inside a person: `Organization( people: [ Person( ...`, given
/// the fields of the enclosing brackets, `Some(...)` left out.
fn in_person(fields: &[Option<&str>]) -> bool {
    matches!(fields, [None, Some("people"), None])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_organization_and_its_people_whatever_the_layout() {
        let text = r#"
            Organization(
                // a comment with id: "not-this"
                name: "Contoso (\"the\" best)",
                metrics: [Metric(kind: Revenue, workload: "azure", value: 1, date: "2026-01-01")],
                people: [
                    Person(associated: "2026-01-10T09:00:00Z", id: "alice@contoso.com",
                           achievements: [Achievement(kind: Exam, code: "id", passed: "2025-01-01")]),
                    Person(id: Some("bob@contoso.com"), associated: "not a time"),
                ],
                id: "contoso",
            )"#;
        let found = people_of(text, Format::Ron);
        assert_eq!(found.org.as_deref(), Some("contoso"));
        assert_eq!(found.people.len(), 2);
        assert_eq!(found.people[0].0, "alice@contoso.com");
        assert_eq!(
            found.people[0].1.map(|d| d.to_rfc3339()),
            Some("2026-01-10T09:00:00+00:00".to_string())
        );
        assert_eq!(found.people[1], ("bob@contoso.com".to_string(), None));
    }

    #[test]
    fn reads_json_as_well() {
        let text = r#"{"id": "contoso", "people": [{"id": "a\u00e9", "associated": "2026-01-10T09:00:00+02:00",
            "achievements": [{"kind": "Exam", "code": "x", "passed": "2025-01-01"}]}]}"#;
        let found = people_of(text, Format::Json);
        assert_eq!(found.org.as_deref(), Some("contoso"));
        assert_eq!(found.people[0].0, "aé");
        assert!(found.people[0].1.is_some());
    }

    #[test]
    fn agrees_with_the_full_reader_on_escapes_and_raw_strings() {
        let found = people_of(
            r##"Organization(id: "a\"b\u{e9}", people: [Person(id: r#"c"(d"#, associated: "2026-01-10T09:00:00+02:00")])"##,
            Format::Ron,
        );
        assert_eq!(found.org.as_deref(), Some("a\"bé"));
        assert_eq!(found.people[0].0, "c\"(d");
    }
}
