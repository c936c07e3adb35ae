//! `rules`: a declarative rules engine for partner-program competencies.
//!
//! The pipeline, one module per step:
//!
//! 1. [`syntax`]: rule file text → syntax tree, every node with its span.
//! 2. [`check`]: syntax trees → checked [`ruleset::RuleSet`], or diagnostics.
//! 3. `facts`: organization fact files (RON) → organizations.
//! 4. `evaluate`: rule set × organization × date → structured result.
//! 5. `explain`: result → text or JSON.
//!
//! [`load`] ties steps 1–2 to the file system; [`format`] rewrites rule
//! files in one canonical layout (`rules fmt`); [`lint`] warns about rule
//! sets that are valid but likely not what was meant (`rules check`).

pub mod batch;
pub mod check;
pub mod diagnostics;
pub mod diff;
pub mod evaluate;
pub mod explain;
pub mod facts;
pub mod files;
pub mod format;
pub mod generate;
pub mod lint;
pub mod load;
pub mod number;
pub mod outcome;
pub mod quote;
pub mod ruleset;
pub mod source;
pub mod suggest;
pub mod syntax;
pub mod verdict;
pub mod vocabulary;
