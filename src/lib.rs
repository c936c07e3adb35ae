//! `rules`: a declarative rules engine for partner-program competencies.
//!
//! The pipeline, one module per step:
//!
//! 1. [`syntax`]: rule file text → syntax tree, every node with its place.
//! 2. [`check`]: syntax trees → checked [`ruleset::RuleSet`], or diagnostics.
//! 3. [`facts`]: organization fact files (RON) → organizations.
//! 4. [`evaluate`]: rule set × organization × date → [`outcome::OrgOutcome`].
//! 5. [`explain`]: outcome → text or JSON.
//!
//! Around it: [`load`] ties steps 1–2 to the file system; [`batch`] runs
//! steps 3–5 over many organizations, streamed and in parallel; [`verdict`]
//! and [`diff`] compare outcomes under two rule sets (`rules diff`);
//! [`format`](mod@format) rewrites rule files in one canonical layout (`rules fmt`);
//! [`lint`] warns about rule sets that are valid but likely not what was
//! meant (`rules check`); [`generate`] writes synthetic organizations.

pub mod batch;
pub mod check;
pub mod diagnostics;
pub mod diff;
pub mod duration;
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
pub mod problem;
pub mod ruleset;
pub mod source;
pub mod suggest;
pub mod syntax;
pub mod verdict;
pub mod vocabulary;
