//! The text of one organization → [`Organization`]: its tokens read into a
//! document through serde ([`super::de`]), then every value checked
//! ([`super::build`]). One pass over the text; every problem with its place.

use std::sync::Arc;

use serde::Deserialize;

use super::de::Reader;
use super::document::OrganizationDoc;
use super::error::{FactError, FactErrorKind};
use super::model::Organization;
use super::tokens::{Format, Kind};
use crate::source::{Loc, SourceFile};

/// Parses the organization that is the text of `source` (a whole file, or
/// one organization of a list). `cut`: the next organization of the list
/// began before this one was closed.
pub fn parse_organization(
    source: &Arc<SourceFile>,
    format: Format,
    cut: bool,
) -> Result<Organization, Vec<FactError>> {
    let mut reader = Reader::new(source, format);
    if reader.peek().kind == Kind::End {
        let end = source.text().trim_end().len();
        return Err(vec![FactError::new(
            FactErrorKind::NoOrganization { list: false },
            Loc::new(source, 0..end),
        )]);
    }
    let read = OrganizationDoc::deserialize(&mut reader).and_then(|doc| {
        reader.end()?;
        Ok(doc)
    });
    match read {
        Ok(doc) => super::build::organization(doc, source),
        Err(error) => {
            let (mut kind, range) = reader.place(error);
            if let FactErrorKind::Truncated { next_begins, .. } = &mut kind {
                *next_begins = cut;
            }
            Err(vec![FactError::new(kind, Loc::new(source, range))])
        }
    }
}
