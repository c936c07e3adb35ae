//! A quick look at an organization's text for only what "one organization at
//! a time" needs before any organization is evaluated: its id, and each
//! person's id and association time. A lexical pass, several times cheaper
//! than a full parse; anything it cannot read is left for the full parse to
//! report.

use chrono::{DateTime, Utc};

/// What the quick look found.
#[derive(Debug, Default, PartialEq)]
pub struct PeopleOf {
    pub org: Option<String>,
    /// (person id, when they associated) — `None` when the time does not read.
    pub people: Vec<(String, Option<DateTime<Utc>>)>,
}

/// Reads the organization's id and its people's ids and association times.
pub fn people_of(text: &str) -> PeopleOf {
    let mut out = PeopleOf::default();
    let mut tokens = Tokens { text, at: 0 };
    // Field names of the enclosing brackets: `None` for a record or list
    // that is not a field's value. `Some(...)` wrappers are transparent.
    let mut stack: Vec<Option<&str>> = Vec::new();
    // The same without the `Some(...)` wrappers, kept alongside so that no
    // token has to look through the whole stack: brackets nested a million
    // deep must not cost a million steps each.
    let mut fields: Vec<Option<&str>> = Vec::new();
    let mut last_ident: Option<&str> = None;
    let mut field: Option<&str> = None;
    let mut person: Option<(Option<String>, Option<DateTime<Utc>>)> = None;
    while let Some(token) = tokens.next() {
        match token {
            Token::Ident(name) => last_ident = Some(name),
            Token::Punct(b':') => field = last_ident.take(),
            Token::Punct(b'(' | b'[' | b'{') => {
                if last_ident == Some("Some") {
                    // `Some(x)`: the value of the same field.
                    stack.push(Some("\u{0}some"));
                } else {
                    let name = field.take();
                    stack.push(name);
                    fields.push(name);
                    if in_people(&fields) {
                        person = Some((None, None));
                    }
                }
                last_ident = None;
            }
            Token::Punct(b')' | b']' | b'}') => {
                let closes_some = stack.last() == Some(&Some("\u{0}some"));
                if !closes_some && in_people(&fields) {
                    if let Some((Some(id), associated)) = person.take() {
                        out.people.push((id, associated));
                    }
                }
                if stack.pop().is_some() && !closes_some {
                    fields.pop();
                }
                if !closes_some {
                    field = None;
                }
                last_ident = None;
            }
            Token::Punct(_) => {
                field = None;
                last_ident = None;
            }
            Token::Str(value) => {
                match (fields.as_slice(), field) {
                    ([None], Some("id")) => out.org = Some(value),
                    ([None, Some("people"), None], Some("id")) => {
                        if let Some(p) = &mut person {
                            p.0 = Some(value);
                        }
                    }
                    ([None, Some("people"), None], Some("associated")) => {
                        if let Some(p) = &mut person {
                            p.1 = DateTime::parse_from_rfc3339(&value)
                                .ok()
                                .map(|d| d.with_timezone(&Utc));
                        }
                    }
                    _ => {}
                }
                if stack.last() != Some(&Some("\u{0}some")) {
                    field = None;
                }
                last_ident = None;
            }
            Token::Other => last_ident = None,
        }
    }
    out
}

/// Directly inside a person record: `Organization( people: [ Person( ...`,
/// given the fields of the enclosing brackets, `Some(...)` left out.
fn in_people(fields: &[Option<&str>]) -> bool {
    matches!(fields, [None, Some("people"), None])
}

enum Token<'a> {
    Ident(&'a str),
    Str(String),
    Punct(u8),
    Other,
}

struct Tokens<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Tokens<'a> {
    fn next(&mut self) -> Option<Token<'a>> {
        let bytes = self.text.as_bytes();
        loop {
            let b = *bytes.get(self.at)?;
            if b.is_ascii_whitespace() {
                self.at += 1;
            } else if bytes[self.at..].starts_with(b"//") {
                self.at = bytes[self.at..]
                    .iter()
                    .position(|c| *c == b'\n')
                    .map_or(bytes.len(), |i| self.at + i);
            } else if bytes[self.at..].starts_with(b"/*") {
                self.at = block_comment_end(bytes, self.at);
            } else {
                break;
            }
        }
        let start = self.at;
        let b = bytes[start];
        if b == b'"' {
            return Some(Token::Str(self.string()));
        }
        if b == b'r' && matches!(bytes.get(start + 1), Some(b'"' | b'#')) {
            if let Some(s) = self.raw_string() {
                return Some(Token::Str(s));
            }
        }
        if b.is_ascii_alphabetic() || b == b'_' {
            let len = bytes[start..]
                .iter()
                .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
                .unwrap_or(bytes.len() - start);
            self.at += len;
            return Some(Token::Ident(&self.text[start..start + len]));
        }
        if matches!(b, b'(' | b')' | b'[' | b']' | b'{' | b'}' | b':' | b',') {
            self.at += 1;
            return Some(Token::Punct(b));
        }
        if b == b'\'' {
            // A character literal: skip to its closing quote.
            self.at += 1;
            if bytes.get(self.at) == Some(&b'\\') {
                self.at += 2;
            }
            while self.at < bytes.len() && bytes[self.at] != b'\'' {
                self.at += 1;
            }
            self.at += 1;
            return Some(Token::Other);
        }
        // A number or anything else: up to the next delimiter.
        self.at += 1;
        while self.at < bytes.len()
            && !bytes[self.at].is_ascii_whitespace()
            && !matches!(
                bytes[self.at],
                b'(' | b')' | b'[' | b']' | b'{' | b'}' | b':' | b',' | b'"'
            )
        {
            self.at += 1;
        }
        Some(Token::Other)
    }

    /// A `"..."` string with its escapes decoded.
    fn string(&mut self) -> String {
        let bytes = self.text.as_bytes();
        self.at += 1;
        let mut out = String::new();
        let mut run = self.at;
        while self.at < bytes.len() {
            match bytes[self.at] {
                b'"' => {
                    out.push_str(&self.text[run..self.at]);
                    self.at += 1;
                    return out;
                }
                b'\\' => {
                    out.push_str(&self.text[run..self.at]);
                    self.at += 1;
                    match bytes.get(self.at) {
                        Some(b'n') => out.push('\n'),
                        Some(b't') => out.push('\t'),
                        Some(b'r') => out.push('\r'),
                        Some(b'0') => out.push('\0'),
                        Some(b'u') if bytes.get(self.at + 1) == Some(&b'{') => {
                            let end = self.text[self.at..].find('}').map(|i| self.at + i);
                            if let Some(end) = end {
                                if let Some(c) =
                                    u32::from_str_radix(&self.text[self.at + 2..end], 16)
                                        .ok()
                                        .and_then(char::from_u32)
                                {
                                    out.push(c);
                                }
                                self.at = end;
                            }
                        }
                        Some(_) => {
                            let c = self.text[self.at..].chars().next().unwrap_or('\\');
                            out.push(c);
                            self.at += c.len_utf8() - 1;
                        }
                        None => return out,
                    }
                    self.at += 1;
                    run = self.at;
                }
                _ => self.at += 1,
            }
        }
        out.push_str(&self.text[run..]);
        out
    }

    /// `r"..."` or `r#"..."#`.
    fn raw_string(&mut self) -> Option<String> {
        let rest = &self.text[self.at + 1..];
        let hashes = rest.bytes().take_while(|b| *b == b'#').count();
        if rest.as_bytes().get(hashes) != Some(&b'"') {
            return None;
        }
        let body_start = self.at + 1 + hashes + 1;
        let closing = format!("\"{}", "#".repeat(hashes));
        let end = self.text[body_start..].find(&closing)? + body_start;
        self.at = end + closing.len();
        Some(self.text[body_start..end].to_string())
    }
}

fn block_comment_end(bytes: &[u8], mut i: usize) -> usize {
    let mut depth = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"/*") {
            depth += 1;
            i += 2;
        } else if bytes[i..].starts_with(b"*/") {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    i
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
        let found = people_of(text);
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
    fn agrees_with_the_full_parse_on_escapes() {
        let found = people_of(
            r#"Organization(id: "a\"b\u{e9}", people: [Person(id: r"c\d", associated: "2026-01-10T09:00:00+02:00")])"#,
        );
        assert_eq!(found.org.as_deref(), Some("a\"bé"));
        assert_eq!(found.people[0].0, "c\\d");
    }
}
