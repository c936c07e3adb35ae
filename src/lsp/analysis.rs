//! One rule set analysed: its files (as the editor holds them, else as on
//! disk), their syntax trees and elements, and the diagnostics `rules check`
//! would give for them, by file.
//!
//! The steps are `rules check`'s own, in its order: files that cannot be
//! read are reported alone; else syntax errors, alone (checking files
//! beside one that does not parse would mislead); else the checks of the
//! whole rule set; and when it checks clean, the lint warnings.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use lsp_types::{Diagnostic, Url};

use super::diagnostics::convert;
use super::index::{self, Element};
use super::position::LineIndex;
use crate::diagnostics::Diagnostics;
use crate::files::FileError;
use crate::ruleset::RuleSet;
use crate::source::SourceFile;
use crate::syntax::{self, tree::RuleFile};
use crate::{check, lint};

/// A file to analyse: where it is, and its text or why there is none.
pub struct Input {
    pub uri: Url,
    /// The name diagnostics give the file (its path from the workspace folder).
    pub name: String,
    pub read: Result<String, FileError>,
    /// The name the file was read by, when it was read from disk.
    pub read_as: Option<String>,
    /// The editor's version of the text, when the editor holds it.
    pub version: Option<i32>,
}

/// One file of an analysed rule set.
pub struct SourceEntry {
    pub uri: Url,
    /// The text analysed (for a file that is not UTF-8, its bytes with the
    /// bad ones replaced, as the diagnostic shows them).
    pub source: Arc<SourceFile>,
    pub read_as: Option<String>,
    /// Whether the file could not be read (its text is then only what the
    /// diagnostic shows).
    pub unreadable: bool,
    pub lines: LineIndex,
    /// `None` when the file does not parse (or could not be read).
    pub tree: Option<RuleFile>,
    pub elements: Vec<Element>,
    pub version: Option<i32>,
}

impl SourceEntry {
    pub fn text(&self) -> &str {
        self.source.text()
    }
}

/// A rule set analysed.
pub struct Analysis {
    pub files: Vec<SourceEntry>,
    /// Every file's diagnostics (empty when it has none), by URI.
    pub diagnostics: BTreeMap<Url, Vec<Diagnostic>>,
    /// What was found that points into no file (a folder without rule files).
    pub unplaced: Vec<String>,
    /// The checked rule set, when it checks clean: what `check` works out
    /// (a score's maximums) is read from it rather than worked out again.
    pub rules: Option<RuleSet>,
}

impl Analysis {
    /// Analyses the files of one rule set; `walk` is what went wrong while
    /// looking for them, if anything.
    pub fn new(inputs: Vec<Input>, walk: Option<FileError>) -> Analysis {
        let mut found = Diagnostics::new();
        let mut unreadable = Diagnostics::new();
        if let Some(error) = walk {
            unreadable.push(error);
        }
        let mut files = Vec::new();
        for input in inputs {
            let failed = input.read.is_err();
            let text = match input.read {
                Ok(text) => text,
                Err(error) => {
                    // The text as the diagnostic shows it, when there is one.
                    let text = match &error {
                        FileError::NotUtf8 { src, .. } => src.text().to_string(),
                        _ => String::new(),
                    };
                    unreadable.push(error);
                    text
                }
            };
            let source = SourceFile::new(input.name, text);
            files.push(SourceEntry {
                uri: input.uri,
                lines: LineIndex::new(source.text()),
                source,
                read_as: input.read_as,
                unreadable: failed,
                tree: None,
                elements: Vec::new(),
                version: input.version,
            });
        }
        let mut syntax_errors = Diagnostics::new();
        let mut rules = None;
        for file in files.iter_mut().filter(|f| !f.unreadable) {
            match syntax::parse_rule_file(&file.source) {
                Ok(tree) => {
                    file.elements = index::elements(&tree);
                    file.tree = Some(tree);
                }
                Err(errors) => syntax_errors.extend(errors),
            }
        }
        if !unreadable.is_empty() {
            found = unreadable;
        } else if !syntax_errors.is_empty() {
            found = syntax_errors;
        } else {
            let trees: Vec<RuleFile> = files.iter().filter_map(|f| f.tree.clone()).collect();
            let sources = files.iter().map(|f| f.source.clone()).collect();
            match check::check(&trees, sources) {
                Ok(set) => {
                    found.extend(lint::lint(&set, None));
                    rules = Some(set);
                }
                Err(errors) => found.extend(errors),
            }
        }
        let mut diagnostics: BTreeMap<Url, Vec<Diagnostic>> =
            files.iter().map(|f| (f.uri.clone(), Vec::new())).collect();
        let mut unplaced = Vec::new();
        for report in found.iter() {
            match convert(report, &files) {
                Some((file, diagnostic)) => diagnostics
                    .entry(files[file].uri.clone())
                    .or_default()
                    .push(diagnostic),
                None => unplaced.push(unplaced_message(report)),
            }
        }
        Analysis {
            files,
            diagnostics,
            unplaced,
            rules,
        }
    }

    /// The file at `uri`, by its index.
    pub fn file(&self, uri: &Url) -> Option<usize> {
        self.files.iter().position(|f| &f.uri == uri)
    }

    /// Every syntax tree there is, with the index of its file.
    pub fn trees(&self) -> impl Iterator<Item = (usize, &RuleFile)> {
        self.files
            .iter()
            .enumerate()
            .filter_map(|(i, f)| f.tree.as_ref().map(|t| (i, t)))
    }
}

/// A diagnostic with no place, as one line: its message and its help.
fn unplaced_message(report: &miette::Report) -> String {
    match report.help() {
        Some(help) => format!("{report} ({help})"),
        None => report.to_string(),
    }
}

/// The path of a `file:` URI.
pub fn path_of(uri: &Url) -> Option<PathBuf> {
    (uri.scheme() == "file")
        .then(|| uri.to_file_path().ok())
        .flatten()
}
