//! A TARGET (an organization file, a list file, or a folder of `.ron` files)
//! → the organizations in it, in order: list order within a file, files of a
//! folder by name.

use std::path::Path;
use std::sync::Arc;

use miette::SourceSpan;

use super::error::FactError;
use super::model::{Organization, Range};
use super::parse::{parse_organization, unclosed_bracket};
use super::split::{Layout, split};
use crate::diagnostics::Diagnostics;
use crate::files;
use crate::source::SourceFile;

/// One fact file and where each organization sits in it.
pub struct FactFile {
    pub source: Arc<SourceFile>,
    pub organizations: Vec<Range>,
}

/// Reads every fact file of `target` and finds its organizations, without
/// parsing them yet.
pub fn read_fact_files(target: &Path) -> Result<Vec<FactFile>, Diagnostics> {
    let paths = files::collect(target, "ron", "fact files").map_err(one)?;
    let mut diagnostics = Diagnostics::new();
    let mut out = Vec::new();
    for path in paths {
        match files::read_text(&path) {
            Ok(source) => match locate(&source) {
                Ok(organizations) => out.push(FactFile {
                    source,
                    organizations,
                }),
                Err(e) => diagnostics.push(e),
            },
            Err(e) => diagnostics.push(e),
        }
    }
    if diagnostics.is_empty() {
        Ok(out)
    } else {
        Err(diagnostics)
    }
}

/// The organizations of one file, or why there are none to read.
pub fn locate(source: &Arc<SourceFile>) -> Result<Vec<Range>, FactError> {
    let text = source.text();
    match split(text) {
        Layout::Single(range) => Ok(vec![range]),
        Layout::List(items, Ok(())) if items.is_empty() => Err(FactError::NoOrganization {
            src: source.clone(),
            span: SourceSpan::new(0.into(), text.trim_end().len()),
        }),
        Layout::List(items, Ok(())) => Ok(items),
        Layout::List(_, Err(open)) => {
            // Point at what is left open: the list, or a record inside it.
            let unclosed = unclosed_bracket(text).map_or(open, |(i, _)| i);
            let open_char = text[unclosed..].chars().next().unwrap_or('[');
            Err(FactError::Truncated {
                src: source.clone(),
                span: SourceSpan::new(text.trim_end().len().into(), 0),
                unclosed: Some(SourceSpan::new(unclosed.into(), 1)),
                open: open_char,
                what: if unclosed == open {
                    "the list"
                } else {
                    "the organization"
                },
            })
        }
    }
}

/// Reads and parses every organization of `target`. Organizations that
/// fail are reported; the others are returned, in order.
pub fn load_organizations(target: &Path) -> (Vec<Organization>, Diagnostics) {
    let files = match read_fact_files(target) {
        Ok(files) => files,
        Err(d) => return (Vec::new(), d),
    };
    let mut diagnostics = Diagnostics::new();
    let mut organizations = Vec::new();
    for file in &files {
        for range in &file.organizations {
            match parse_organization(&file.source, range.clone()) {
                Ok(org) => organizations.push(org),
                Err(errors) => diagnostics.extend(errors),
            }
        }
    }
    (organizations, diagnostics)
}

fn one(error: files::FileError) -> Diagnostics {
    let mut d = Diagnostics::new();
    d.push(error);
    d
}
