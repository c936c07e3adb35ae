//! Fact files (RON) → organizations: what each organization has, checked.
//!
//! `stream` reads files one organization at a time (a list file item by
//! item), `parse` reads one organization with serde + ron, `read` puts the
//! two together for inputs small enough to hold.

pub mod against_rules;
pub mod error;
pub mod model;
pub mod parse;
pub mod read;
pub mod scan;
pub mod stream;

pub use against_rules::check_against_rules;
pub use error::FactError;
pub use model::*;
pub use parse::parse_organization;
pub use read::load_organizations;
pub use stream::{FactReader, FileProblem, OrgText};
