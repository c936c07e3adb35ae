//! Fact files (RON) → organizations: what each organization has, checked.
//!
//! `read` finds the files and the organizations in them (`split` separates
//! the items of a list file), `parse` reads one organization with serde + ron.

pub mod error;
pub mod model;
pub mod parse;
pub mod read;
pub mod split;

pub use error::FactError;
pub use model::*;
pub use parse::parse_organization;
pub use read::{FactFile, load_organizations, read_fact_files};
