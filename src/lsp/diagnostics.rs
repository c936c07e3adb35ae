//! Diagnostics as the protocol carries them: each problem `rules check`
//! reports (errors and lint warnings), turned into a protocol diagnostic in
//! the file it points into, with its code, its help, and its other places
//! as related information.
//!
//! The conversion goes through miette's `Diagnostic` trait only (labels,
//! source code, related diagnostics), so a new kind of problem shows in the
//! editor as it shows on the command line, with no change here.

use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
};
use miette::{Diagnostic as Report, LabeledSpan, Severity, SourceSpan};

use super::analysis::SourceEntry;
use crate::files::FileError;

/// What the editor shows as the diagnostics' source.
pub const SOURCE: &str = "rules";

/// A problem placed in one of `files` (its index there), as the protocol
/// says it; `None` when it points into no file of them (then it is said
/// as a message of its own).
pub fn convert(report: &miette::Report, files: &[SourceEntry]) -> Option<(usize, Diagnostic)> {
    let labels: Vec<LabeledSpan> = report.labels().map(Iterator::collect).unwrap_or_default();
    let primary = labels.iter().find(|l| l.primary()).or(labels.first());
    let (file, range) = match primary {
        Some(label) => {
            let file = file_of(report.as_ref(), label.inner(), files)?;
            (file, label.offset()..label.offset() + label.len())
        }
        // A file that could not be read says which, without a place in it.
        None => (file_named_by(report, files)?, 0..0),
    };
    let entry = &files[file];
    let mut related = Vec::new();
    for label in labels
        .iter()
        .filter(|l| !std::ptr::eq(*l, primary.expect("a label")))
    {
        if let Some(text) = label.label() {
            related.push(entry.related(label.offset()..label.offset() + label.len(), text));
        }
    }
    if let Some(others) = report.related() {
        for other in others {
            related.extend(elsewhere(other, files));
        }
    }
    let mut message = report.to_string();
    if let Some(help) = report.help() {
        message.push_str(&format!("\nhelp: {help}"));
    }
    let diagnostic = Diagnostic {
        range: entry.lines.range(entry.source.text(), range),
        severity: Some(severity(report.severity())),
        code: report.code().map(|c| NumberOrString::String(c.to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    };
    Some((file, diagnostic))
}

/// A related diagnostic (a note in another file) as related information:
/// its first place and what it says.
fn elsewhere(other: &dyn Report, files: &[SourceEntry]) -> Option<DiagnosticRelatedInformation> {
    let label = other.labels()?.next()?;
    let file = file_of(other, label.inner(), files)?;
    let range = label.offset()..label.offset() + label.len();
    Some(files[file].related(range, &other.to_string()))
}

/// The file a span of a diagnostic is in, by the name its source code gives.
fn file_of(report: &dyn Report, span: &SourceSpan, files: &[SourceEntry]) -> Option<usize> {
    let contents = report.source_code()?.read_span(span, 0, 0).ok()?;
    let name = contents.name()?;
    files
        .iter()
        .position(|f| f.source.name() == name || f.read_as.as_deref() == Some(name))
}

/// The file a diagnostic without a place is about (one that could not be read).
fn file_named_by(report: &miette::Report, files: &[SourceEntry]) -> Option<usize> {
    let path = match report.downcast_ref::<FileError>()? {
        FileError::Unreadable { path, .. }
        | FileError::NotFound { path, .. }
        | FileError::Device { path }
        | FileError::Pipe { path, .. } => path,
        _ => return None,
    };
    files
        .iter()
        .position(|f| f.read_as.as_deref() == Some(path.as_str()))
}

fn severity(severity: Option<Severity>) -> DiagnosticSeverity {
    match severity {
        None | Some(Severity::Error) => DiagnosticSeverity::ERROR,
        Some(Severity::Warning) => DiagnosticSeverity::WARNING,
        Some(Severity::Advice) => DiagnosticSeverity::INFORMATION,
    }
}

impl SourceEntry {
    fn related(&self, range: std::ops::Range<usize>, text: &str) -> DiagnosticRelatedInformation {
        DiagnosticRelatedInformation {
            location: Location::new(
                self.uri.clone(),
                self.lines.range(self.source.text(), range),
            ),
            message: text.to_string(),
        }
    }
}
