//! Fact files → organizations: what each organization has, checked.
//!
//! The pipeline, one module per step:
//!
//! 1. [`tokens`]: text → tokens, one lexer per format (RON, JSON).
//! 2. [`split`]: a file → the text of each organization, streamed.
//! 3. [`de`] + [`document`]: an organization's tokens → the document serde
//!    reads, every value still as written.
//! 4. [`build`]: document → [`model`], every value checked.
//!
//! [`parse`] runs 3–4 for one organization; [`read`] runs them over a
//! TARGET; [`people`] is the quick look a batch takes first; [`schema`] is
//! the JSON Schema of the format; [`against_rules`] checks what only the
//! rules can tell; [`write`] writes fact files (`rules generate`).

pub mod against_rules;
pub mod build;
pub mod de;
pub mod document;
pub mod error;
pub mod model;
pub mod near_miss;
pub mod parse;
pub mod people;
pub mod read;
pub mod schema;
pub mod split;
pub mod tokens;
pub mod write;

pub use against_rules::check_against_rules;
pub use error::{FactError, FactErrorKind};
pub use model::*;
pub use parse::parse_organization;
pub use read::{FactReader, FileProblem, Input, OrgText, load_organizations};
