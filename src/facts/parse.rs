//! RON text of one organization → [`Organization`].
//!
//! serde + ron read the structure (and report unknown fields, wrong kinds,
//! unclosed brackets). Leaves we must check ourselves — ids, dates, amounts —
//! are read as ron `RawValue`s borrowed from the text: their position in the
//! text gives an exact span, and amounts are parsed from their digits, never
//! through binary floating point.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use miette::SourceSpan;
use ron::error::{Error as RonError, Position, SpannedError};
use ron::extensions::Extensions;
use ron::value::RawValue;
use rust_decimal::Decimal;
use serde::Deserialize;

use super::error::FactError;
use super::model::*;
use crate::source::SourceFile;
use crate::suggest::did_you_mean;
use crate::vocabulary::{AchievementKind, Level, Market, Metric};

#[derive(Deserialize)]
#[serde(rename = "Organization", deny_unknown_fields)]
struct RawOrganization<'a> {
    #[serde(borrow)]
    id: &'a RawValue,
    #[serde(default, borrow)]
    name: Option<&'a RawValue>,
    #[serde(default)]
    market: Option<Market>,
    #[serde(default, borrow)]
    as_of: Option<&'a RawValue>,
    #[serde(default, borrow)]
    membership: Option<RawMembership<'a>>,
    #[serde(default, borrow)]
    metrics: Vec<RawMetric<'a>>,
    #[serde(default, borrow)]
    people: Vec<RawPerson<'a>>,
}

#[derive(Deserialize)]
#[serde(rename = "Membership", deny_unknown_fields)]
struct RawMembership<'a> {
    level: Level,
    #[serde(borrow)]
    purchased: &'a RawValue,
    #[serde(default, borrow)]
    competencies: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
#[serde(rename = "Metric", deny_unknown_fields)]
struct RawMetric<'a> {
    kind: Metric,
    #[serde(borrow)]
    workload: &'a RawValue,
    #[serde(borrow)]
    value: &'a RawValue,
    #[serde(borrow)]
    date: &'a RawValue,
    #[serde(default, borrow)]
    association: Option<&'a RawValue>,
}

#[derive(Deserialize)]
#[serde(rename = "Person", deny_unknown_fields)]
struct RawPerson<'a> {
    #[serde(borrow)]
    id: &'a RawValue,
    #[serde(default, borrow)]
    name: Option<&'a RawValue>,
    #[serde(borrow)]
    associated: &'a RawValue,
    #[serde(default, borrow)]
    left: Option<&'a RawValue>,
    #[serde(default, borrow)]
    achievements: Vec<RawAchievement<'a>>,
}

#[derive(Deserialize)]
#[serde(rename = "Achievement", deny_unknown_fields)]
struct RawAchievement<'a> {
    kind: AchievementKind,
    #[serde(borrow)]
    code: &'a RawValue,
    #[serde(borrow)]
    passed: &'a RawValue,
    #[serde(default, borrow)]
    expires: Option<&'a RawValue>,
}

/// `Some("2026-11-23")` and plain `"2026-11-23"` both mean "given".
fn options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// Parses the organization that is the text of `source` (a whole file, or
/// one item of a list). Reports every problem with the values it can find,
/// not only the first.
pub fn parse_organization(source: &Arc<SourceFile>) -> Result<Organization, Vec<FactError>> {
    let text = source.text();
    if only_comments(text) {
        return Err(vec![FactError::NoOrganization {
            src: source.clone(),
            span: SourceSpan::new(0.into(), 0),
        }]);
    }
    let raw: RawOrganization = options()
        .from_str(text)
        .map_err(|e| vec![describe_ron_error(source, 0, e)])?;
    let mut reader = Reader {
        source,
        errors: Vec::new(),
    };
    let org = reader.organization(raw);
    match org {
        Some(org) if reader.errors.is_empty() => Ok(org),
        _ => Err(reader.errors),
    }
}

struct Reader<'s> {
    source: &'s Arc<SourceFile>,
    errors: Vec<FactError>,
}

impl Reader<'_> {
    fn src(&self) -> Arc<SourceFile> {
        self.source.clone()
    }

    /// Where a raw value sits in the text: it borrows from it.
    fn range(&self, raw: &RawValue) -> Range {
        let text = self.source.text();
        let start = (raw.get_ron().as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
        if start > text.len() {
            return 0..0;
        }
        start..start + raw.get_ron().len()
    }

    fn span(&self, raw: &RawValue) -> SourceSpan {
        let r = self.range(raw);
        SourceSpan::new(r.start.into(), r.len())
    }

    fn organization(&mut self, raw: RawOrganization) -> Option<Organization> {
        let id = self.text(raw.id, "id", true);
        let name = raw.name.and_then(|n| self.text(n, "name", false));
        let as_of = raw.as_of.and_then(|d| self.date(d));
        let membership = raw.membership.and_then(|m| self.membership(m));
        let metrics: Vec<_> = raw
            .metrics
            .into_iter()
            .filter_map(|m| self.metric(m))
            .collect();
        let people = self.people(raw.people);
        Some(Organization {
            id: id?,
            name,
            market: raw.market.unwrap_or_default(),
            as_of,
            membership,
            metrics,
            people,
            source: self.src(),
            id_span: self.range(raw.id),
        })
    }

    fn membership(&mut self, raw: RawMembership) -> Option<Membership> {
        let purchased = self.date(raw.purchased);
        let competencies = raw
            .competencies
            .into_iter()
            .filter_map(|c| {
                let id = self.text(c, "competency", true)?;
                Some((id, self.range(c)))
            })
            .collect();
        Some(Membership {
            level: raw.level,
            purchased: purchased?,
            competencies,
        })
    }

    fn metric(&mut self, raw: RawMetric) -> Option<MetricRecord> {
        let workload = self.text(raw.workload, "workload", false);
        let value = self.amount(raw.value, raw.kind);
        let date = self.date(raw.date);
        let association = raw
            .association
            .and_then(|a| self.text(a, "association", true));
        Some(MetricRecord {
            kind: raw.kind,
            workload: workload?,
            value: value?,
            date: date?,
            association,
        })
    }

    fn people(&mut self, raw: Vec<RawPerson>) -> Vec<Person> {
        let mut people: Vec<Person> = Vec::with_capacity(raw.len());
        // By id, to find duplicates in one look each, however many people.
        let mut first_spans: HashMap<String, SourceSpan> = HashMap::with_capacity(raw.len());
        for p in raw {
            let id_span = self.span(p.id);
            let Some(person) = self.person(p) else {
                continue;
            };
            if let Some(first) = first_spans.get(&person.id) {
                self.errors.push(FactError::DuplicatePerson {
                    src: self.src(),
                    span: id_span,
                    first: *first,
                    id: person.id.clone(),
                });
                continue;
            }
            first_spans.insert(person.id.clone(), id_span);
            people.push(person);
        }
        people
    }

    fn person(&mut self, raw: RawPerson) -> Option<Person> {
        let id = self.text(raw.id, "person id", true);
        let name = raw.name.and_then(|n| self.text(n, "name", false));
        let associated = self.datetime(raw.associated);
        let left = raw.left.and_then(|l| self.date(l));
        let achievements = raw
            .achievements
            .into_iter()
            .filter_map(|a| self.achievement(a))
            .collect();
        Some(Person {
            id: id?,
            name,
            associated: associated?,
            left,
            achievements,
        })
    }

    fn achievement(&mut self, raw: RawAchievement) -> Option<Achievement> {
        let code = self.text(raw.code, "achievement code", true);
        let passed = self.date(raw.passed);
        let expires = raw.expires.and_then(|e| self.date(e));
        if let (Some(code), Some(p), Some(e)) = (&code, passed, expires) {
            if e < p {
                self.errors.push(FactError::ExpiresBeforePassed {
                    src: self.src(),
                    span: self.span(raw.expires.expect("expires was read")),
                    passed: self.span(raw.passed),
                    code: code.clone(),
                });
            }
        }
        Some(Achievement {
            kind: raw.kind,
            code: code?,
            passed: passed?,
            expires,
        })
    }

    /// A quoted string; `required` ones may not be empty.
    fn text(&mut self, raw: &RawValue, what: &'static str, required: bool) -> Option<String> {
        match raw.into_rust::<String>() {
            Ok(s) if required && s.trim().is_empty() => {
                self.errors.push(FactError::Empty {
                    src: self.src(),
                    span: self.span(raw),
                    what,
                    help: "ids and codes are how rules and people are matched; give one",
                });
                None
            }
            Ok(s) => Some(s),
            Err(_) => {
                self.errors.push(FactError::WrongType {
                    src: self.src(),
                    span: self.span(raw),
                    field: what.to_string(),
                    expected: "text in double quotes",
                    help: Some(format!(
                        "write it as \"{}\"",
                        raw.get_ron().trim_matches('\'')
                    )),
                });
                None
            }
        }
    }

    /// `"2026-06-30"`: a calendar date.
    fn date(&mut self, raw: &RawValue) -> Option<NaiveDate> {
        let text = self.quoted(raw, "a date in quotes, like \"2026-06-30\"")?;
        match parse_date(&text) {
            Ok(date) => Some(date),
            Err(why) => {
                self.errors.push(FactError::InvalidDate {
                    src: self.src(),
                    span: self.span(raw),
                    text,
                    what: "a date",
                    why,
                    example: "\"2026-06-30\" (year-month-day)",
                });
                None
            }
        }
    }

    /// `"2026-01-10T09:00:00Z"`: a moment, with its offset from UTC.
    fn datetime(&mut self, raw: &RawValue) -> Option<DateTime<Utc>> {
        let text = self.quoted(
            raw,
            "a date and time in quotes, like \"2026-01-10T09:00:00Z\"",
        )?;
        match DateTime::parse_from_rfc3339(&text) {
            Ok(moment) => Some(moment.with_timezone(&Utc)),
            Err(_) => {
                let why = if parse_date(&text).is_ok() {
                    "the time of day is missing"
                } else {
                    "not a date and time"
                };
                self.errors.push(FactError::InvalidDate {
                    src: self.src(),
                    span: self.span(raw),
                    text,
                    what: "a date and time",
                    why,
                    example: "\"2026-01-10T09:00:00Z\" (UTC) or \"2026-01-10T10:00:00+01:00\"",
                });
                None
            }
        }
    }

    fn quoted(&mut self, raw: &RawValue, expected: &'static str) -> Option<String> {
        match raw.into_rust::<String>() {
            Ok(s) => Some(s),
            Err(_) => {
                self.errors.push(FactError::WrongType {
                    src: self.src(),
                    span: self.span(raw),
                    field: raw.get_ron().to_string(),
                    expected,
                    help: None,
                });
                None
            }
        }
    }

    /// A metric value from its digits: exact, not negative, whole unless money.
    fn amount(&mut self, raw: &RawValue, kind: Metric) -> Option<Decimal> {
        let text = raw.get_ron();
        let Some(value) = parse_decimal(text) else {
            // A number all the same (`1e40`, a hundred digits): too large, not mistyped.
            let unsigned = text.trim_start_matches(['-', '+']);
            let too_large = unsigned.starts_with(|c: char| c.is_ascii_digit())
                && unsigned.replace('_', "").parse::<f64>().is_ok();
            if too_large && !text.is_empty() {
                self.errors.push(FactError::TooLarge {
                    src: self.src(),
                    span: self.span(raw),
                    what: "value",
                    help: "values are exact decimals of up to 28 digits",
                });
            } else {
                self.errors.push(FactError::WrongType {
                    src: self.src(),
                    span: self.span(raw),
                    field: "value".to_string(),
                    expected: "a number",
                    help: Some(if text.starts_with('"') {
                        "write the number without quotes, like `12000.50`".to_string()
                    } else {
                        "write the number in decimal digits, like `12000.50`".to_string()
                    }),
                });
            }
            return None;
        };
        if value.is_sign_negative() && !value.is_zero() {
            self.errors.push(FactError::Negative {
                src: self.src(),
                span: self.span(raw),
                field: "value",
            });
            return None;
        }
        if !kind.is_money() && !value.fract().is_zero() {
            self.errors.push(FactError::FractionalCount {
                src: self.src(),
                span: self.span(raw),
                metric: kind.keyword(),
            });
            return None;
        }
        Some(value)
    }
}

/// Strictly `YYYY-MM-DD`, and a day that exists.
pub fn parse_date(text: &str) -> Result<NaiveDate, &'static str> {
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return Err("not a date written year-month-day");
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| "no such day")
}

/// A RON number as an exact decimal: `12000.50`, `1_000`, `1e3`. Hex and
/// other bases are refused rather than guessed at.
fn parse_decimal(text: &str) -> Option<Decimal> {
    let cleaned: String = text.chars().filter(|c| *c != '_').collect();
    let unsigned = cleaned.trim_start_matches(['-', '+']);
    if unsigned.is_empty() || !unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return None;
    }
    if unsigned.starts_with("0x") || unsigned.starts_with("0b") || unsigned.starts_with("0o") {
        return None;
    }
    if cleaned.contains(['e', 'E']) {
        Decimal::from_scientific(&cleaned).ok()
    } else {
        Decimal::from_str(&cleaned).ok()
    }
}

fn only_comments(text: &str) -> bool {
    text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with("//")
    })
}

/// Reads a whole file as a list of organizations, only to have ron say what
/// is wrong with it; `None` if ron finds nothing wrong.
pub(crate) fn parse_list_for_diagnostics(source: &Arc<SourceFile>) -> Option<FactError> {
    options()
        .from_str::<Vec<RawOrganization>>(source.text())
        .err()
        .map(|e| describe_ron_error(source, 0, e))
}

/// Byte offset of a ron position (1-based line, column in characters).
fn offset(text: &str, position: Position) -> usize {
    let mut line_start = 0;
    for _ in 1..position.line {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    let line = &text[line_start..];
    line_start
        + line
            .char_indices()
            .nth(position.col.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i)
}

/// Puts ron's error in words, pointing at the token it is about.
/// `base` is where the parsed text starts in the file: ron counts from there.
pub(crate) fn describe_ron_error(
    source: &Arc<SourceFile>,
    base: usize,
    error: SpannedError,
) -> FactError {
    let text = source.text();
    let parsed = &text[base..];
    let start = (base + offset(parsed, error.span.start)).min(text.len());
    let end = (base + offset(parsed, error.span.end)).clamp(start, text.len());
    let token = token_at(text, start, end);
    let span = SourceSpan::new(token.start.into(), token.len());
    let found = &text[token.clone()];
    let src = source.clone();
    let syntax = |message: String, label: &str, help: Option<String>| FactError::Syntax {
        src: source.clone(),
        span,
        message,
        label: label.to_string(),
        help,
    };
    // Whatever ron expected, if nothing but blanks follow, the file was cut short.
    let at_end = parsed[start - base..].trim().is_empty();
    let code = if at_end { RonError::Eof } else { error.code };
    match code {
        RonError::NoSuchStructField {
            expected,
            found: field,
            outer,
        } => {
            let outer = outer.unwrap_or_else(|| "this record".to_string());
            let help = match did_you_mean(&field, expected.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the fields of {outer} are `{}`", expected.join("`, `")),
            };
            FactError::UnknownField {
                src,
                span,
                field,
                outer,
                help,
            }
        }
        RonError::MissingStructField { field, outer } => FactError::MissingField {
            src,
            span,
            field,
            outer: outer.unwrap_or_else(|| "this record".to_string()),
            help: field_example(field).map(|e| format!("add `{field}: {e}`")),
        },
        RonError::DuplicateStructField { field, outer } => FactError::DuplicateField {
            src,
            span,
            field,
            outer: outer.unwrap_or_else(|| "this record".to_string()),
        },
        RonError::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            let what = match outer.as_deref() {
                Some("Metric") => "a metric kind",
                Some("Market") => "a market",
                Some("Level") => "a level",
                Some("AchievementKind") => "an achievement kind",
                _ => "an accepted value",
            };
            let help = match did_you_mean(&found, expected.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("use one of `{}`", expected.join("`, `")),
            };
            FactError::UnknownValue {
                src,
                span,
                found,
                what: what.to_string(),
                help,
            }
        }
        RonError::Eof => {
            let end = text.trim_end().len();
            let unclosed = unclosed_bracket(parsed).map(|(i, c)| (base + i, c));
            FactError::Truncated {
                src,
                span: SourceSpan::new(end.into(), 0),
                unclosed: unclosed.map(|(i, _)| SourceSpan::new(i.into(), 1)),
                open: unclosed.map_or('(', |(_, c)| c),
                what: "the organization",
            }
        }
        RonError::ExpectedDifferentStructName { expected, found } => syntax(
            format!("expected `{expected}(...)`, found `{found}(...)`"),
            "wrong name",
            did_you_mean(&found, [expected]).map(|s| format!("did you mean `{s}`?")),
        ),
        RonError::ExpectedString | RonError::ExpectedStringEnd => syntax(
            format!("expected text in double quotes, found {}", describe(found)),
            "expected text",
            None,
        ),
        RonError::ExpectedInteger | RonError::ExpectedFloat | RonError::IntegerOutOfBounds => {
            syntax(
                format!("expected a number, found {}", describe(found)),
                "expected a number",
                None,
            )
        }
        RonError::ExpectedComma => syntax(
            format!("expected `,` between fields, found {}", describe(found)),
            "expected `,`",
            Some(
                "separate the fields of a record, and the items of a list, with commas".to_string(),
            ),
        ),
        RonError::ExpectedArray => syntax(
            format!(
                "expected a list in brackets `[...]`, found {}",
                describe(found)
            ),
            "expected `[`",
            None,
        ),
        RonError::ExpectedArrayEnd => syntax(
            format!("expected `,` or `]`, found {}", describe(found)),
            "expected `]`",
            None,
        ),
        RonError::ExpectedStructLike | RonError::ExpectedNamedStructLike(_) => syntax(
            format!(
                "expected a record like `Name(field: value, ...)`, found {}",
                describe(found)
            ),
            "expected a record",
            None,
        ),
        RonError::ExpectedStructLikeEnd => syntax(
            format!("expected `,` or `)`, found {}", describe(found)),
            "expected `)`",
            None,
        ),
        RonError::ExpectedOption | RonError::ExpectedOptionEnd => syntax(
            format!("expected `Some(...)` or `None`, found {}", describe(found)),
            "expected an optional value",
            None,
        ),
        RonError::ExpectedMapColon => syntax(
            format!(
                "expected `:` after the field name, found {}",
                describe(found)
            ),
            "expected `:`",
            None,
        ),
        RonError::ExpectedIdentifier => syntax(
            format!("expected a field name, found {}", describe(found)),
            "expected a field name",
            None,
        ),
        RonError::TrailingCharacters => syntax(
            format!("unexpected {} after the organization", describe(found)),
            "unexpected",
            Some(
                "a fact file holds one `Organization(...)` or a list `[Organization(...), ...]`"
                    .to_string(),
            ),
        ),
        RonError::InvalidValueForType { expected, found } => syntax(
            format!("expected {expected}, found {found}"),
            "wrong kind of value",
            None,
        ),
        RonError::UnclosedBlockComment => syntax(
            "this comment is never closed".to_string(),
            "`/*` without `*/`",
            None,
        ),
        RonError::ExceededRecursionLimit => syntax(
            "the values are nested too deeply".to_string(),
            "too deep",
            Some("fact files nest records a few levels deep at most".to_string()),
        ),
        RonError::InvalidEscape(what) => syntax(
            format!("invalid escape in text: {}", what.to_lowercase()),
            "invalid escape",
            None,
        ),
        RonError::Utf8Error(_) => syntax("the text is not valid UTF-8".to_string(), "here", None),
        other => {
            let message = other.to_string();
            let mut chars = message.chars();
            let message = match chars.next() {
                Some(c) => c.to_lowercase().chain(chars).collect(),
                None => message,
            };
            syntax(message, "here", None)
        }
    }
}

/// The token starting at `start` (or the whole of ron's span when it has one).
fn token_at(text: &str, start: usize, end: usize) -> Range {
    // ron's span can be the blanks before the value it refused: point at the value.
    let blanks = text[start..].len() - text[start..].trim_start().len();
    if blanks > 0 && text[start..end].trim().is_empty() && start + blanks < text.len() {
        return token_at(text, start + blanks, start + blanks);
    }
    if end > start && !text[start..end].contains('\n') {
        return start..end;
    }
    let rest = &text[start..];
    let len = if let Some(inside) = rest.strip_prefix('"') {
        inside.find(['"', '\n']).map_or(rest.len(), |i| i + 2)
    } else {
        let word: usize = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '+'))
            .map(char::len_utf8)
            .sum();
        if word > 0 {
            word
        } else {
            rest.chars().next().map_or(0, char::len_utf8)
        }
    };
    start..(start + len).min(text.len())
}

fn describe(found: &str) -> String {
    if found.is_empty() {
        "the end of the file".to_string()
    } else {
        format!("`{found}`")
    }
}

/// What a missing field looks like, for the help text.
fn field_example(field: &str) -> Option<&'static str> {
    Some(match field {
        "id" => "\"contoso\"",
        "kind" => "Revenue",
        "workload" => "\"azure\"",
        "value" => "15000",
        "date" => "\"2026-06-30\"",
        "associated" => "\"2026-01-10T09:00:00Z\"",
        "code" => "\"70-533\"",
        "passed" => "\"2026-05-01\"",
        "level" => "Silver",
        "purchased" => "\"2026-02-01\"",
        _ => return None,
    })
}

/// The last `(` or `[` left open at the end of the text, outside strings and comments.
pub(crate) fn unclosed_bracket(text: &str) -> Option<(usize, char)> {
    let mut open = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                while let Some((_, c)) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '/' if chars.peek().map(|(_, c)| *c) == Some('/') => {
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '(' | '[' => open.push((i, c)),
            ')' | ']' => {
                open.pop();
            }
            _ => {}
        }
    }
    open.pop()
}
