//! `rules`: a declarative rules engine for partner-program competencies.
//!
//! The modules are listed in the order of the pipeline: rule text → syntax
//! tree → checked rule set; fact text → organizations; rule set ×
//! organization × date → outcome → explanation. Then what works on many
//! outcomes at once, the tools around the rule files, and what every step
//! shares.

// ------------------------------------------------ rule text → checked rules

/// Rule file text → syntax tree, every node with its place.
pub mod syntax;

/// Syntax trees → a checked rule set, or every problem found.
pub mod check;

/// The checked rule set: what the rule files mean.
pub mod ruleset;

/// Rule files on disk (or at a git revision) → a checked rule set.
pub mod load;

// ------------------------------------------------------ facts → organizations

/// Fact files (RON, JSON) → organizations.
pub mod facts;

// ------------------------------------------------ evaluation and explanation

/// Rule set × organization × date → outcome.
pub mod evaluate;

/// What an evaluation found, as data.
pub mod outcome;

/// Outcome → text and JSON.
pub mod explain;

// ------------------------------------------------------------ many outcomes

/// Many organizations, streamed and in parallel.
pub mod batch;

/// What an outcome means without the why: what `rules diff` compares.
pub mod verdict;

/// Two rule sets over one population: whose outcome changes, and why.
pub mod diff;

/// `rules report`: an HTML page for an organization, a population or a rule change.
pub mod report;

/// `rules test`: sample organizations against approved snapshots and expectations.
pub mod cases;

// ------------------------------------------------ tools around the rule files

/// `rules fmt`: one canonical layout for rule files.
pub mod format;

/// `rules check`'s warnings: valid rules that are probably mistakes.
pub mod lint;

/// `rules generate`: synthetic organizations for a rule set.
pub mod generate;

/// `rules lsp`: a language server for rule files, for editors.
pub mod lsp;

// ------------------------------------------------------------------- shared

/// Source text and places in it.
pub mod source;

/// The one shape of every problem: a kind and a place.
pub mod problem;

/// Lists of problems, and how they are drawn.
pub mod diagnostics;

/// Reading files and folders.
pub mod files;

/// The program's words: levels, metrics, achievement kinds, markets.
pub mod vocabulary;

/// Durations: `24 hours`, `12 months`.
pub mod duration;

/// Numbers as people read them.
pub mod number;

/// Exact points of a score, shown to two places.
pub mod points;

/// "did you mean".
pub mod suggest;
