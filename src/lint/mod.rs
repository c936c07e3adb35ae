//! Lints: rule sets that are valid but probably not what was meant. Each
//! finding is a warning (`rules check` still succeeds, unless told to deny
//! warnings), with a stable code:
//!
//! - `lint::gold_no_harder`: a Gold path that every organization meeting some
//!   Silver path of the same competency meets too.
//! - `lint::path_never_decides`: a path that can never be the one that decides
//!   its level (`met_by`), because a path written before it is met whenever it is.
//! - `lint::developing_above_developed`: `(developing X)` above the developed threshold.
//! - `lint::duplicate_code`: an entry listed twice in one code list, `via`
//!   list or benefits list.
//! - `lint::unseen_workload`, `lint::unseen_code` (only against a facts folder):
//!   a workload no metric record has, an exam or assessment code no achievement has.
//! - `lint::too_many_paths`: a level with more than [`MAX_PATHS_COMPARED`]
//!   paths; the first two lints compare paths two by two, so only that many
//!   of them are compared (more would take minutes, not milliseconds).
//!
//! The first two rest on deciding whether one path implies another:
//! [`implication`].

pub mod implication;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use miette::{Diagnostic, SourceSpan};
use thiserror::Error;

use crate::facts::Organization;
use crate::ruleset::*;
use crate::source::{Node, SourceFile, Span};
use crate::suggest::did_you_mean;
use crate::vocabulary::Level;
use implication::path_implies;

/// What a facts folder holds, as far as the lints need: every workload of a
/// metric record and every code of an achievement, of any organization.
#[derive(Clone, Debug, Default)]
pub struct FactsSeen {
    pub workloads: BTreeSet<String>,
    pub codes: BTreeSet<String>,
}

impl FactsSeen {
    pub fn of(organizations: &[Organization]) -> FactsSeen {
        let mut seen = FactsSeen::default();
        for org in organizations {
            seen.workloads
                .extend(org.metrics.iter().map(|m| m.workload.clone()));
            seen.codes.extend(
                org.people
                    .iter()
                    .flat_map(|p| &p.achievements)
                    .map(|a| a.code.clone()),
            );
        }
        seen
    }
}

#[derive(Debug, Error, Diagnostic)]
pub enum LintWarning {
    #[error("gold path `{gold}` of `{competency}` is no harder than silver path `{silver}`")]
    #[diagnostic(
        code(lint::gold_no_harder),
        severity(Warning),
        help(
            "every organization that meets silver `{silver}` meets gold `{gold}` too: raise a gold \
             threshold or count, or narrow its window, `via` list or codes"
        )
    )]
    GoldNoHarder {
        #[source_code]
        src: Arc<SourceFile>,
        #[label(primary, "no harder than silver `{silver}`")]
        span: SourceSpan,
        #[label("meeting this silver path meets gold `{gold}`")]
        silver_span: SourceSpan,
        competency: String,
        gold: String,
        silver: String,
    },

    #[error("path `{path}` can never decide `{competency}` {level}")]
    #[diagnostic(
        code(lint::path_never_decides),
        severity(Warning),
        help(
            "the first met path in written order decides the level, and `{earlier}` is met \
             whenever `{path}` is: move `{path}` above `{earlier}`, or remove it"
        )
    )]
    PathNeverDecides {
        #[source_code]
        src: Arc<SourceFile>,
        #[label(primary, "met only when `{earlier}` is met too")]
        span: SourceSpan,
        #[label("written first, and met whenever `{path}` is")]
        earlier_span: SourceSpan,
        competency: String,
        level: &'static str,
        path: String,
        earlier: String,
    },

    #[error(
        "developing threshold `{developing}` is higher than the developed threshold `{developed}`"
    )]
    #[diagnostic(
        code(lint::developing_above_developed),
        severity(Warning),
        help(
            "`(developing ...)` is the threshold for developing markets, usually lower: check the \
             two amounts are not swapped"
        )
    )]
    DevelopingAboveDeveloped {
        #[source_code]
        src: Arc<SourceFile>,
        #[label(primary, "higher than the developed threshold")]
        span: SourceSpan,
        #[label("developed threshold")]
        developed_span: SourceSpan,
        developing: String,
        developed: String,
    },

    #[error("{what} `{entry}` is listed twice")]
    #[diagnostic(
        code(lint::duplicate_code),
        severity(Warning),
        help("a list counts each entry once: remove the second `{entry}`")
    )]
    DuplicateCode {
        #[source_code]
        src: Arc<SourceFile>,
        #[label(primary, "listed again here")]
        span: SourceSpan,
        #[label("first listed here")]
        first: SourceSpan,
        /// `code`, `association` or `benefit`.
        what: &'static str,
        entry: String,
    },

    #[error(
        "{level} of `{competency}` has {count} paths: only the first {max} were compared with each other"
    )]
    #[diagnostic(
        code(lint::too_many_paths),
        severity(Warning),
        help(
            "paths are compared two by two to find one that never decides its level or a gold \
             path no harder than silver; with this many the comparison is cut short"
        )
    )]
    TooManyPaths {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("this level")]
        span: SourceSpan,
        competency: String,
        level: &'static str,
        count: usize,
        max: usize,
    },

    #[error("no metric record in the facts has workload `{workload}`")]
    #[diagnostic(code(lint::unseen_workload), severity(Warning))]
    UnseenWorkload {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("no organization has this workload")]
        span: SourceSpan,
        workload: String,
        #[help]
        help: String,
    },

    #[error("no one in the facts holds code `{code}`")]
    #[diagnostic(code(lint::unseen_code), severity(Warning))]
    UnseenCode {
        #[source_code]
        src: Arc<SourceFile>,
        #[label("no achievement has this code")]
        span: SourceSpan,
        code: String,
        #[help]
        help: String,
    },
}

/// How many paths of one level the lints compare two by two: far more than
/// any real level has, few enough that comparing them takes milliseconds.
pub const MAX_PATHS_COMPARED: usize = 1000;

/// Every lint finding for `rules`, in the order of the text they point at;
/// with `facts`, also what the rules name that the facts never show.
pub fn lint(rules: &RuleSet, facts: Option<&FactsSeen>) -> Vec<LintWarning> {
    let mut found: Vec<(Span, LintWarning)> = Vec::new();
    let src = |span: Span| rules.sources.get(span.file).clone();
    let text = |span: Span| rules.sources.text(span).to_string();
    for competency in &rules.competencies {
        for level in &competency.levels {
            duplicates(&level.benefits_written, "benefit", &src, &mut found);
            if level.paths.len() > MAX_PATHS_COMPARED {
                found.push((
                    level.span,
                    LintWarning::TooManyPaths {
                        src: src(level.span),
                        span: SourceSpan::new(
                            (level.span.start as usize).into(),
                            level.level.keyword().len(),
                        ),
                        competency: competency.id.clone(),
                        level: level.level.keyword(),
                        count: level.paths.len(),
                        max: MAX_PATHS_COMPARED,
                    },
                ));
            }
            for (j, path) in level.paths.iter().enumerate() {
                let earlier = match level.paths.get(..j) {
                    Some(earlier) if j < MAX_PATHS_COMPARED => earlier,
                    _ => &[],
                };
                if let Some(earlier) = earlier.iter().find(|p| path_implies(path, p)) {
                    found.push((
                        path.id_span,
                        LintWarning::PathNeverDecides {
                            src: src(path.id_span),
                            span: path.id_span.into(),
                            earlier_span: earlier.id_span.into(),
                            competency: competency.id.clone(),
                            level: level.level.keyword(),
                            path: path.id.clone(),
                            earlier: earlier.id.clone(),
                        },
                    ));
                }
                for r in &path.requirements {
                    requirement(r, &src, &text, facts, &mut found);
                }
            }
        }
        if let (Some(silver), Some(gold)) = (
            competency.level(Level::Silver),
            competency.level(Level::Gold),
        ) {
            let silver_paths = &silver.paths[..silver.paths.len().min(MAX_PATHS_COMPARED)];
            for g in gold.paths.iter().take(MAX_PATHS_COMPARED) {
                if let Some(s) = silver_paths.iter().find(|s| path_implies(s, g)) {
                    found.push((
                        g.id_span,
                        LintWarning::GoldNoHarder {
                            src: src(g.id_span),
                            span: g.id_span.into(),
                            silver_span: s.id_span.into(),
                            competency: competency.id.clone(),
                            gold: g.id.clone(),
                            silver: s.id.clone(),
                        },
                    ));
                }
            }
        }
    }
    // Stable: findings at the same place keep the order above.
    found.sort_by_key(|(span, _)| (span.file, span.start));
    found.into_iter().map(|(_, w)| w).collect()
}

/// The lints of one requirement: its thresholds, its lists, and what the facts show.
fn requirement(
    r: &Requirement,
    src: &impl Fn(Span) -> Arc<SourceFile>,
    text: &impl Fn(Span) -> String,
    facts: Option<&FactsSeen>,
    found: &mut Vec<(Span, LintWarning)>,
) {
    let places = &r.places;
    if let RequirementRule::Performance(p) = &r.rule {
        if let (Some(developing), Some(dev_span), Some(threshold_span)) =
            (p.developing, places.developing, places.threshold)
        {
            if developing > p.threshold {
                found.push((
                    dev_span,
                    LintWarning::DevelopingAboveDeveloped {
                        src: src(dev_span),
                        span: dev_span.into(),
                        developed_span: threshold_span.into(),
                        developing: text(dev_span),
                        developed: text(threshold_span),
                    },
                ));
            }
        }
        if let (Some(seen), Some(span)) = (facts, places.workload) {
            if !seen.workloads.contains(&p.workload) {
                found.push((
                    span,
                    LintWarning::UnseenWorkload {
                        src: src(span),
                        span: span.into(),
                        workload: p.workload.clone(),
                        help: unseen_help(&p.workload, &seen.workloads, "workload"),
                    },
                ));
            }
        }
    }
    duplicates(&places.via, "association", src, found);
    let mut warned: BTreeSet<&str> = BTreeSet::new();
    for (_, codes) in &places.code_lists {
        duplicates(codes, "code", src, found);
        let Some(seen) = facts else { continue };
        for code in codes {
            if !seen.codes.contains(&code.node) && warned.insert(&code.node) {
                found.push((
                    code.span,
                    LintWarning::UnseenCode {
                        src: src(code.span),
                        span: code.span.into(),
                        code: code.node.clone(),
                        help: unseen_help(&code.node, &seen.codes, "code"),
                    },
                ));
            }
        }
    }
}

/// A likely intended name from the facts, or how to tell. Workloads are
/// words, so a near spelling is a fair guess; codes differ by one digit all
/// the time (`70-532`, `70-533`), so only a code written differently (case,
/// spaces, punctuation) is suggested.
fn unseen_help(name: &str, seen: &BTreeSet<String>, what: &str) -> String {
    let close = if what == "code" {
        let key = |s: &str| -> String {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect()
        };
        seen.iter()
            .find(|c| key(c) == key(name))
            .map(String::as_str)
    } else {
        did_you_mean(name, seen.iter().map(String::as_str))
    };
    match close {
        Some(close) => format!("the facts have `{close}`: is this a misspelling of it?"),
        None => format!(
            "check the spelling against the fact files; if no organization has this {what} \
             yet, this warning goes away when one does"
        ),
    }
}

/// Warns about every entry of `list` written again after its first time.
fn duplicates(
    list: &[Node<String>],
    what: &'static str,
    src: &impl Fn(Span) -> Arc<SourceFile>,
    found: &mut Vec<(Span, LintWarning)>,
) {
    // Entry → where it was first listed: one look per entry, however long the list.
    let mut first_of: HashMap<&str, Span> = HashMap::with_capacity(list.len());
    for entry in list {
        match first_of.get(entry.node.as_str()) {
            Some(first) => found.push((
                entry.span,
                LintWarning::DuplicateCode {
                    src: src(entry.span),
                    span: entry.span.into(),
                    first: (*first).into(),
                    what,
                    entry: entry.node.clone(),
                },
            )),
            None => {
                first_of.insert(&entry.node, entry.span);
            }
        }
    }
}
