//! `# allow(NAME): reason` directly above an item of a rule file silences
//! warning NAME for that item and everything inside it: a warning that is
//! intended says so, with its reason, where it applies.
//!
//! The comment lines go right above the item (several may stack, with no
//! blank line between them and the item); the item is a competency, a
//! level, a path, a requirement, an override or `settings`. NAME is a
//! warning's code as printed, with or without `lint::`.

use std::collections::HashMap;
use std::sync::Arc;

use super::error::{CheckError, CheckErrorKind, Suggestion};
use crate::lint::WARNINGS;
use crate::problem::Problem;
use crate::source::{Loc, SourceFile};
use crate::suggest::did_you_mean;
use crate::syntax::lexer::{TokenKind, tokenize};
use crate::syntax::tree::{Item, LevelItem, PathItem, RuleFile};

/// A warning allowed for an item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allow {
    /// The warning's name, without `lint::`.
    pub name: String,
    pub reason: String,
    /// The item it is written above: the warning is allowed inside it.
    pub scope: Loc,
}

impl Allow {
    /// Whether this allows the warning `code` (as printed) found at `loc`.
    pub fn covers(&self, code: &str, loc: &Loc) -> bool {
        code.strip_prefix("lint::").unwrap_or(code) == self.name
            && loc.same_file(&self.scope)
            && self.scope.start <= loc.start
            && loc.start < self.scope.end
    }
}

/// The `allow` comments of the rule files, or what is wrong with them.
pub fn allows(files: &[RuleFile], sources: &[Arc<SourceFile>]) -> (Vec<Allow>, Vec<CheckError>) {
    // An `allow` comment holds the word: files without it need no reading.
    let sources: Vec<&Arc<SourceFile>> = sources
        .iter()
        .filter(|s| s.text().contains("allow"))
        .collect();
    if sources.is_empty() {
        return (Vec::new(), Vec::new());
    }
    // Where each item starts, by file: an `allow` names the item whose
    // first word is the first code after it.
    let mut starts: HashMap<*const SourceFile, HashMap<usize, Loc>> = HashMap::new();
    let mut add = |loc: &Loc| {
        starts
            .entry(Arc::as_ptr(&loc.src))
            .or_default()
            .insert(loc.start, loc.clone());
    };
    for item in files.iter().flat_map(|f| &f.items) {
        match item {
            Item::Settings(s) => add(&s.loc),
            Item::Override(o) => add(&o.loc),
            Item::WorkloadSet(w) => add(&w.loc),
            Item::Retired(r) => add(&r.loc),
            Item::Competency(c) => {
                add(&c.loc);
                for level in &c.levels {
                    add(&level.loc);
                    for level_item in &level.items {
                        if let LevelItem::Path(path) = level_item {
                            add(&path.loc);
                            for path_item in &path.items {
                                if let PathItem::Requirement(r) = path_item {
                                    add(&r.loc);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for source in sources {
        let none = HashMap::new();
        let items = starts.get(&Arc::as_ptr(source)).unwrap_or(&none);
        read_file(source, items, &mut found, &mut errors);
    }
    (found, errors)
}

fn read_file(
    source: &Arc<SourceFile>,
    items: &HashMap<usize, Loc>,
    found: &mut Vec<Allow>,
    errors: &mut Vec<CheckError>,
) {
    let text = source.text();
    let tokens = tokenize(text);
    for (i, comment) in tokens.iter().enumerate() {
        if comment.kind != TokenKind::Comment {
            continue;
        }
        let body = comment.text(text)[1..].trim_start();
        // `allow(`: a comment that merely starts with the word is prose.
        let is_allow = body
            .strip_prefix("allow")
            .is_some_and(|rest| rest.trim_start().starts_with('('));
        if !is_allow {
            continue;
        }
        let loc = Loc::new(source, comment.range());
        let mut error = |kind| errors.push(Problem::new(kind, loc.clone()));
        let (name, reason) = match parse(body) {
            Ok(parts) => parts,
            Err(kind) => {
                error(kind);
                continue;
            }
        };
        let name = name.strip_prefix("lint::").unwrap_or(name);
        if !WARNINGS.iter().any(|(known, _)| *known == name) {
            let meant = match did_you_mean(name, WARNINGS.iter().map(|(n, _)| *n)) {
                Some(close) => Suggestion::DidYouMean(close.to_string()),
                None => Suggestion::Otherwise(
                    "`rules check --list-warnings` lists the warnings there are".to_string(),
                ),
            };
            error(CheckErrorKind::AllowUnknown {
                name: name.to_string(),
                meant,
            });
            continue;
        }
        match item_below(text, &tokens, i).and_then(|at| items.get(&at)) {
            Some(scope) => found.push(Allow {
                name: name.to_string(),
                reason: reason.to_string(),
                scope: scope.clone(),
            }),
            None => error(CheckErrorKind::AllowMisplaced),
        }
    }
}

/// `allow(NAME): reason` → (NAME, reason).
fn parse(body: &str) -> Result<(&str, &str), CheckErrorKind> {
    let rest = body["allow".len()..].trim_start();
    let Some(rest) = rest.strip_prefix('(') else {
        return Err(CheckErrorKind::AllowSyntax);
    };
    let Some((name, rest)) = rest.split_once(')') else {
        return Err(CheckErrorKind::AllowSyntax);
    };
    let name = name.trim();
    if name.is_empty() {
        return Err(CheckErrorKind::AllowSyntax);
    }
    let reason = rest.trim_start().strip_prefix(':').map(str::trim);
    match reason {
        Some(reason) if !reason.is_empty() => Ok((name, reason)),
        _ => Err(CheckErrorKind::AllowWithoutReason {
            name: name.to_string(),
        }),
    }
}

/// Where the item right below the comment at `tokens[i]` starts: the comment
/// stands on a line of its own, and only more comment lines (no blank line)
/// come between it and the item's first code.
fn item_below(text: &str, tokens: &[crate::syntax::lexer::Token], i: usize) -> Option<usize> {
    let own_line = tokens[..i]
        .iter()
        .rev()
        .take_while(|t| t.kind != TokenKind::LineEnd)
        .all(|t| t.kind == TokenKind::Space);
    if !own_line {
        return None;
    }
    let mut line_ends = 0;
    for token in &tokens[i + 1..] {
        match token.kind {
            TokenKind::LineEnd => {
                line_ends += 1;
                if line_ends > 1 {
                    return None;
                }
            }
            TokenKind::Space => {}
            TokenKind::Comment => line_ends = 0,
            _ => return (line_ends == 1 && !token.text(text).is_empty()).then_some(token.start),
        }
    }
    None
}
