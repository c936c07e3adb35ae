//! A TARGET (an organization file, a list file, or a folder of `.ron` files)
//! → its organizations, read and parsed, in order: list order within a file,
//! files of a folder by name. For batches too large to hold, use
//! [`FactReader`] directly.

use std::path::Path;

use super::model::Organization;
use super::parse::parse_organization;
use super::stream::FactReader;
use crate::diagnostics::Diagnostics;

/// Reads and parses every organization of `target`. Organizations that
/// fail are reported; the others are returned, in order.
pub fn load_organizations(target: &Path) -> (Vec<Organization>, Diagnostics) {
    let reader = match FactReader::open(target) {
        Ok(reader) => reader,
        Err(d) => return (Vec::new(), d),
    };
    let mut diagnostics = Diagnostics::new();
    let mut organizations = Vec::new();
    for item in reader {
        match item {
            Ok(text) => match parse_organization(&text.source) {
                Ok(org) => organizations.push(org),
                Err(errors) => diagnostics.extend(errors),
            },
            Err(problem) => diagnostics.append(problem.diagnostics),
        }
    }
    (organizations, diagnostics)
}
