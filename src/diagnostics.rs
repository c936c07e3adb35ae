//! A list of diagnostics and how they are shown: with colour on a terminal,
//! plain in files, pipes and snapshots.

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, Report, Severity};

use crate::problem::{Problem, ProblemKind};

/// Problems found in the inputs, errors and warnings alike, in the order found.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Report>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Diagnostics::default()
    }

    pub fn push(&mut self, diagnostic: impl Diagnostic + Send + Sync + 'static) {
        self.items.push(Report::new(diagnostic));
    }

    pub fn extend<D: Diagnostic + Send + Sync + 'static>(
        &mut self,
        diagnostics: impl IntoIterator<Item = D>,
    ) {
        for d in diagnostics {
            self.push(d);
        }
    }

    pub fn append(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Report> {
        self.items.iter()
    }

    /// The problems of one kind, with their types: for tests that assert
    /// what was found and where, not how it is drawn.
    pub fn problems<K: ProblemKind>(&self) -> impl Iterator<Item = &Problem<K>> {
        self.items
            .iter()
            .filter_map(|r| r.downcast_ref::<Problem<K>>())
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|r| matches!(r.severity(), None | Some(Severity::Error)))
            .count()
    }

    pub fn warning_count(&self) -> usize {
        self.items
            .iter()
            .filter(|r| r.severity() == Some(Severity::Warning))
            .count()
    }

    /// Every diagnostic, rendered with file:line:column and the span
    /// underlined; past [`MAX_SHOWN`], only how many more there are.
    pub fn render(&self, style: Style) -> String {
        let mut out = String::new();
        for report in self.items.iter().take(MAX_SHOWN) {
            out.push_str(&render_one(report.as_ref(), style));
        }
        if self.items.len() > MAX_SHOWN {
            out.push_str(&format!(
                "{} more not shown: fix the ones above first\n",
                self.items.len() - MAX_SHOWN
            ));
        }
        out
    }
}

impl<D: Diagnostic + Send + Sync + 'static> From<Vec<D>> for Diagnostics {
    fn from(items: Vec<D>) -> Self {
        let mut d = Diagnostics::new();
        d.extend(items);
        d
    }
}

/// The most diagnostics shown at once. Each is drawn from its file's text,
/// so a file with a hundred thousand mistakes would take minutes to report
/// in full, and no one reads past the first screens anyway.
pub const MAX_SHOWN: usize = 200;

/// How to draw diagnostics.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

impl Style {
    /// What tests and files get: no colour, a fixed width.
    pub const PLAIN: Style = Style {
        color: false,
        width: 100,
    };
}

pub fn render_one(diagnostic: &dyn Diagnostic, style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    let mut out = String::new();
    if handler.render_report(&mut out, diagnostic).is_err() {
        out = format!("{diagnostic}\n");
    }
    out
}
