//! Completion: what may come next where the cursor is, read from the
//! tokens before it (so it works in a file that does not parse yet, as a
//! file being typed does not): the keywords the grammar allows there, the
//! competency ids, a competency's level names, the associations declared in
//! `settings { associations [...] }` (else those used), and the codes and
//! workloads the rule set already uses.
//!
//! Where the cursor is comes in two steps: the block it is in (top level,
//! `settings`, a competency, a level, a path, a score's blocks), from the `{` and `}` before
//! it, and the tokens of the item being written in that block, which
//! starts after the last `{`, `}` or line end (a line that starts with a
//! continuation word such as `>=`, `or`, `and` or `of` goes on with the
//! item above, and so does everything inside brackets). A new construct is
//! taught to completion by a case in [`after`].

use std::collections::BTreeSet;

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    Range, TextEdit,
};

use super::index::{self, Subject};
use super::workspace::Workspace;
use crate::syntax::lexer::{Lexer, Token, TokenKind, tokenize};
use crate::syntax::print;
use crate::syntax::tree::{Item, RuleFile};
use crate::vocabulary::{AchievementClass, Level, Metric};

pub fn complete(workspace: &Workspace, params: CompletionParams) -> Option<CompletionResponse> {
    let at = params.text_document_position;
    let (analysis, file) = workspace.lookup(&at.text_document.uri)?;
    let entry = &analysis.files[file];
    let text = entry.text();
    let offset = entry.lines.offset(text, at.position);
    let names = Names::of(&workspace.name_sources(analysis));
    let place = Place::at(text, offset);
    // A comment or a closed string around the cursor: nothing to offer.
    if place.in_comment {
        return Some(CompletionResponse::Array(Vec::new()));
    }
    let range = entry.lines.range(text, place.replace.clone());
    let items = after(&place, &names)
        .into_iter()
        .map(|o| o.item(range))
        .collect();
    Some(CompletionResponse::Array(items))
}

/// Where the cursor is.
#[derive(Debug)]
struct Place {
    /// The innermost block around it.
    block: Block,
    /// The text of the code tokens of the item being written, before the
    /// word under the cursor.
    item: Vec<String>,
    /// The bytes a completion replaces: the word (or string) under the
    /// cursor, or nothing at the cursor.
    replace: std::ops::Range<usize>,
    in_comment: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Block {
    Top,
    Settings,
    Competency,
    Level,
    Path,
    Designation,
    /// A `score` block, its tracks, categories and metrics (docs/scores.md).
    Score,
    Track,
    Category,
    ScoreMetric,
    /// A block whose kind is not known (after a mistake).
    Other,
}

/// Words that go on with the item of the line above when a line starts with them.
const CONTINUATIONS: [&str; 9] = [
    ">=", "or", "and", "of", "over", "via", "(", "until", "because",
];

impl Place {
    fn at(text: &str, offset: usize) -> Place {
        let before = &text[..offset];
        let tokens = tokenize(before);
        let mut blocks = vec![Block::Top];
        let mut item: Vec<Token> = Vec::new();
        let mut depth = 0usize;
        let mut new_line = false;
        // The word being typed, when the cursor ends one.
        let partial = tokens.last().filter(|t| {
            t.end == offset
                && matches!(
                    t.kind,
                    TokenKind::Word | TokenKind::Number | TokenKind::String { closed: false, .. }
                )
        });
        let in_comment = tokens
            .last()
            .is_some_and(|t| t.kind == TokenKind::Comment && t.end == offset);
        let considered = match partial {
            Some(_) => &tokens[..tokens.len() - 1],
            None => &tokens[..],
        };
        for token in considered {
            let word = token.text(before);
            match token.kind {
                TokenKind::LineEnd if depth == 0 => new_line = true,
                TokenKind::LineEnd | TokenKind::Space | TokenKind::Comment => {}
                _ => {
                    if std::mem::take(&mut new_line) && !CONTINUATIONS.contains(&word) {
                        item.clear();
                    }
                    match word {
                        "{" if token.kind == TokenKind::Punct => {
                            let opener = item.first().map(|t| t.text(before));
                            blocks.push(match opener {
                                Some("settings") => Block::Settings,
                                Some("competency") => Block::Competency,
                                Some("silver" | "gold") => Block::Level,
                                Some("path") => Block::Path,
                                Some("designation") => Block::Designation,
                                Some("score") => Block::Score,
                                Some("track") => Block::Track,
                                Some("category") => Block::Category,
                                Some("metric") => Block::ScoreMetric,
                                _ => Block::Other,
                            });
                            item.clear();
                            depth = 0;
                        }
                        "}" if token.kind == TokenKind::Punct => {
                            if blocks.len() > 1 {
                                blocks.pop();
                            }
                            item.clear();
                            depth = 0;
                        }
                        "[" | "(" => {
                            depth += 1;
                            item.push(*token);
                        }
                        "]" | ")" => {
                            depth = depth.saturating_sub(1);
                            item.push(*token);
                        }
                        _ => item.push(*token),
                    }
                }
            }
        }
        let replace = match partial {
            Some(t) => t.start..token_end(text, t.start).max(offset),
            None => offset..offset,
        };
        Place {
            block: *blocks.last().expect("the top level"),
            item: item.iter().map(|t| t.text(before).to_string()).collect(),
            replace,
            in_comment,
        }
    }

    /// The same place with the item's words up to `index` left out: a
    /// requirement written after `when`, `only if` or `:`.
    fn after_word(&self, index: usize) -> Place {
        Place {
            block: Block::Path,
            item: self.item[index + 1..].to_vec(),
            replace: self.replace.clone(),
            in_comment: self.in_comment,
        }
    }

    fn last(&self) -> Option<&str> {
        self.item.last().map(String::as_str)
    }

    fn has(&self, word: &str) -> bool {
        self.item.iter().any(|w| w == word)
    }

    /// Whether the cursor is inside a list: the last `[` opened is not closed.
    fn in_list(&self) -> bool {
        let mut depth = 0i32;
        for word in self.item.iter().rev() {
            match word.as_str() {
                "]" => depth += 1,
                "[" if depth == 0 => return true,
                "[" => depth -= 1,
                _ => {}
            }
        }
        false
    }

    /// The word before the list the cursor is in (`in`, `all`, `via`, `associations`),
    /// and the one before that.
    fn before_list(&self) -> (Option<&str>, Option<&str>) {
        let open = self.item.iter().rposition(|w| w == "[");
        let word = |back: usize| {
            open.and_then(|i| i.checked_sub(back))
                .map(|i| self.item[i].as_str())
        };
        (word(1), word(2))
    }
}

/// Where the token that starts at `start` ends in the whole text.
fn token_end(text: &str, start: usize) -> usize {
    Lexer::at(text, start).next().map_or(start, |t| t.end)
}

/// One thing to offer.
struct Offer {
    label: String,
    insert: String,
    kind: CompletionItemKind,
    detail: Option<String>,
}

impl Offer {
    fn keyword(word: &str) -> Offer {
        Offer {
            label: word.to_string(),
            insert: word.to_string(),
            kind: CompletionItemKind::KEYWORD,
            detail: None,
        }
    }

    fn name(
        label: &str,
        insert: String,
        kind: CompletionItemKind,
        detail: Option<String>,
    ) -> Offer {
        Offer {
            label: label.to_string(),
            insert,
            kind,
            detail,
        }
    }

    fn item(self, range: Range) -> CompletionItem {
        CompletionItem {
            filter_text: (self.insert != self.label).then(|| self.insert.clone()),
            label: self.label,
            kind: Some(self.kind),
            detail: self.detail,
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, self.insert))),
            ..CompletionItem::default()
        }
    }
}

fn keywords(words: &[&str]) -> Vec<Offer> {
    words.iter().map(|w| Offer::keyword(w)).collect()
}

/// What may come at `place`.
fn after(place: &Place, names: &Names) -> Vec<Offer> {
    let first = place.item.first().map(String::as_str);
    let last = place.last();
    match place.block {
        Block::Top => match first {
            None => keywords(&[
                "competency",
                "designation",
                "override",
                "settings",
                "workloads",
                "retired",
            ]),
            Some("override") => match place.item.len() {
                1 => names.organizations(),
                2 => names.competencies(),
                3 => names.levels_of(&place.item[2]),
                4 => keywords(&["until"]),
                6 => keywords(&["because"]),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        },
        Block::Settings => match (first, last) {
            (None, _) => keywords(&[
                "association wait",
                "subscription",
                "renewal grace",
                "associations",
                "gold includes silver benefits",
            ]),
            (Some("associations"), _) if place.in_list() => names.associations(false),
            (Some("subscription"), Some("subscription")) => keywords(&["until year end"]),
            (Some(_), Some(n)) if is_number(n) => keywords(&["hours", "days", "months"]),
            _ => Vec::new(),
        },
        Block::Competency if first.is_none() => keywords(&["silver", "gold", "score"]),
        Block::Designation if first.is_none() => keywords(&["score"]),
        Block::Level if first.is_none() => keywords(&["path", "benefits"]),
        Block::Path => requirement(place, names),
        Block::Score => match first {
            None => keywords(&[
                "silver at",
                "gold at",
                "pass",
                "every metric above 0",
                "qualify any day over",
                "best track",
                "track",
                "category",
                "metric",
            ]),
            Some("track") => track_header(place, names),
            _ => Vec::new(),
        },
        Block::Track if first.is_none() => keywords(&["category", "metric"]),
        Block::Category if first.is_none() => keywords(&["metric"]),
        Block::ScoreMetric => match first {
            None => keywords(&["only if", "best of"]),
            // `only if REQUIREMENT`, `N points: REQUIREMENT`
            Some("only") if place.item.get(1).is_some_and(|w| w == "if") => {
                scored_requirement(&place.after_word(1), names)
            }
            _ => match place.item.iter().position(|w| w == ":") {
                Some(colon) => scored_requirement(&place.after_word(colon), names),
                None => Vec::new(),
            },
        },
        _ => Vec::new(),
    }
}

/// `track ID ["Title"] [when REQUIREMENT]`: `when` once the id is written,
/// then a requirement, as in a path.
fn track_header(place: &Place, names: &Names) -> Vec<Offer> {
    match place.item.iter().position(|w| w == "when") {
        Some(when) => scored_requirement(&place.after_word(when), names),
        None if place.item.len() >= 2 => keywords(&["when"]),
        None => Vec::new(),
    }
}

/// A requirement after `when`, `only if` or `N points:`: those of a path
/// but `unique people` and `requires`, and the measures over time too.
fn scored_requirement(place: &Place, names: &Names) -> Vec<Offer> {
    if !place.item.is_empty() {
        return requirement(place, names);
    }
    let mut offers = keywords(&Metric::ALL.map(Metric::keyword));
    offers.extend(keywords(&["attested in", "net", "new", "growth", "change"]));
    offers
}

/// A requirement, as a path's line (or after `when`, `only if` or `N points:`).
fn requirement(place: &Place, names: &Names) -> Vec<Offer> {
    let first = place.item.first().map(String::as_str);
    match first {
        None => {
            let mut offers = keywords(&Metric::ALL.map(Metric::keyword));
            offers.extend(keywords(&["unique people", "attested in", "requires"]));
            offers
        }
        Some("requires") => match place.item.len() {
            1 => names.competencies(),
            2 => names.levels_of(&place.item[1]),
            _ => Vec::new(),
        },
        Some(m) if Metric::ALL.iter().any(|metric| metric.keyword() == m) => {
            performance(place, names)
        }
        Some(n) if is_number(n) => skill(place, names),
        _ => Vec::new(),
    }
}

/// `revenue azure via [dpor] >= $15,000 (developing $10,000) over 12 months`
fn performance(place: &Place, names: &Names) -> Vec<Offer> {
    let last = place.last().unwrap_or_default();
    if place.in_list() {
        return names.associations(true);
    }
    if place.item.len() == 1 {
        return names.workloads();
    }
    if !place.has(">=") {
        return match last {
            "via" => Vec::new(),
            "]" if place.has("where") => keywords(&[">="]),
            "]" => keywords(&["where offer", ">="]),
            _ if place.item.len() == 2 => keywords(&["via", "where offer", ">="]),
            _ => Vec::new(),
        };
    }
    let previous = place.item.iter().rev().nth(1).map(String::as_str);
    match (previous, last) {
        (Some("over"), n) if is_number(n) => keywords(&[if n == "1" { "month" } else { "months" }]),
        (_, "(") => keywords(&["developing"]),
        (Some(">="), n) if is_number(n) || n == "USD" => keywords(&["(developing", "over"]),
        (_, "USD") | (_, ")") => keywords(&["over"]),
        _ => Vec::new(),
    }
}

/// `2 people certified in all [...] of which 1 certified in [...]`
fn skill(place: &Place, names: &Names) -> Vec<Offer> {
    let last = place.last().unwrap_or_default();
    if place.in_list() {
        let class = match place.before_list() {
            (Some("all"), Some("in")) | (Some("in"), _) => {
                let words = &place.item;
                let open = words.iter().rposition(|w| w == "[").unwrap_or(0);
                let verb = words[..open]
                    .iter()
                    .rev()
                    .find(|w| *w == "certified" || *w == "assessed");
                match verb.map(String::as_str) {
                    Some("assessed") => AchievementClass::Assessed,
                    _ => AchievementClass::Certified,
                }
            }
            _ => return Vec::new(),
        };
        return names.codes(class);
    }
    let qualification = keywords(&["certified in", "assessed in"]);
    match last {
        n if place.item.len() == 1 && is_number(n) => {
            keywords(&[if n == "1" { "person" } else { "people" }])
        }
        "person" | "people" | "and" | "or" | "(" => qualification,
        n if is_number(n) && place.item.iter().rev().nth(1).is_some_and(|w| w == "which") => {
            let mut offers = qualification;
            offers.push(Offer::keyword(if n == "1" { "person" } else { "people" }));
            offers
        }
        "certified" | "assessed" => keywords(&["in"]),
        "in" => keywords(&["all"]),
        "]" | ")" if !place.has("of") => keywords(&["and", "or", "of which"]),
        "]" | ")" => keywords(&["and", "or"]),
        "of" => keywords(&["which"]),
        _ => Vec::new(),
    }
}

fn is_number(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit() || c == '$')
}

/// The names the rule set uses and declares, for completion.
#[derive(Default)]
struct Names {
    /// Id, title and levels, in the order written.
    competencies: Vec<(String, String, Vec<Level>)>,
    declared: BTreeSet<String>,
    associations: BTreeSet<String>,
    codes: BTreeSet<(String, AchievementClass)>,
    workloads: BTreeSet<String>,
    organizations: BTreeSet<String>,
}

impl Names {
    fn of(trees: &[&RuleFile]) -> Names {
        let mut names = Names::default();
        for tree in trees {
            for item in &tree.items {
                if let Item::Competency(c) = item {
                    if !names.competencies.iter().any(|(id, ..)| *id == c.id.node) {
                        let levels = c.levels.iter().map(|l| l.level.node).collect();
                        names
                            .competencies
                            .push((c.id.node.clone(), c.title.node.clone(), levels));
                    }
                }
            }
            for element in index::elements(tree) {
                match element.subject {
                    Subject::Association(name) if element.declares => {
                        names.declared.insert(name);
                    }
                    Subject::Association(name) => {
                        names.associations.insert(name);
                    }
                    Subject::Code(code, class) => {
                        names.codes.insert((code, class));
                    }
                    Subject::Workload(name) => {
                        names.workloads.insert(name);
                    }
                    Subject::Organization(org) => {
                        names.organizations.insert(org);
                    }
                    _ => {}
                }
            }
        }
        names
    }

    fn competencies(&self) -> Vec<Offer> {
        self.competencies
            .iter()
            .map(|(id, title, _)| {
                let kind = CompletionItemKind::CLASS;
                Offer::name(id, id.clone(), kind, Some(title.clone()))
            })
            .collect()
    }

    /// The levels competency `id` defines (both when it is not known).
    fn levels_of(&self, id: &str) -> Vec<Offer> {
        let levels = self
            .competencies
            .iter()
            .find(|(c, ..)| c == id)
            .map_or(Level::ALL.to_vec(), |(_, _, levels)| levels.clone());
        levels
            .into_iter()
            .map(|l| {
                let kind = CompletionItemKind::ENUM_MEMBER;
                Offer::name(l.keyword(), l.keyword().to_string(), kind, None)
            })
            .collect()
    }

    /// In a `via` list: the declared associations when there are any;
    /// else (and in the declaration itself) those used.
    fn associations(&self, in_via: bool) -> Vec<Offer> {
        let (names, detail) = if in_via && !self.declared.is_empty() {
            (&self.declared, "declared in settings")
        } else {
            (&self.associations, "used in the rule set")
        };
        names
            .iter()
            .map(|n| {
                let kind = CompletionItemKind::ENUM_MEMBER;
                Offer::name(n, print::name(n), kind, Some(detail.to_string()))
            })
            .collect()
    }

    fn codes(&self, class: AchievementClass) -> Vec<Offer> {
        self.codes
            .iter()
            .filter(|(_, c)| *c == class)
            .map(|(code, _)| {
                let detail = format!("{} in", class.keyword());
                Offer::name(
                    code,
                    print::string(code),
                    CompletionItemKind::VALUE,
                    Some(detail),
                )
            })
            .collect()
    }

    fn workloads(&self) -> Vec<Offer> {
        self.workloads
            .iter()
            .map(|w| {
                let detail = Some("workload".to_string());
                Offer::name(w, print::name(w), CompletionItemKind::VALUE, detail)
            })
            .collect()
    }

    fn organizations(&self) -> Vec<Offer> {
        self.organizations
            .iter()
            .map(|o| {
                let detail = Some("organization".to_string());
                Offer::name(o, print::string(o), CompletionItemKind::VALUE, detail)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offered(text: &str) -> Vec<String> {
        let names = Names::of(&[]);
        after(&Place::at(text, text.len()), &names)
            .into_iter()
            .map(|o| o.label)
            .collect()
    }

    #[test]
    fn a_score_offers_its_lines_and_a_track_its_condition() {
        let score = "designation d \"D\" {\n    score s max 10 {\n        ";
        assert!(offered(score).contains(&"best track".to_string()));
        assert_eq!(offered(&format!("{score}track large ")), ["when"]);
        let when = offered(&format!("{score}track large \"Large\" when "));
        assert!(when.contains(&"revenue".to_string()), "{when:?}");
        let metric = format!("{score}track large {{\n metric m {{\n ");
        assert_eq!(offered(&metric), ["only if", "best of"]);
        let gate = offered(&format!("{metric}only if "));
        assert!(gate.contains(&"attested in".to_string()), "{gate:?}");
    }
}
