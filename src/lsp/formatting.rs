//! Formatting: the document in `rules fmt`'s canonical layout, by its own
//! code (`format::format_source`, with its safety net), as one edit that
//! replaces the whole text; no edit when it is already formatted.

use std::ops::Range;

use lsp_types::{DocumentFormattingParams, TextEdit};

use super::workspace::Workspace;
use crate::format;

/// The edits, or why the file cannot be formatted (in `rules fmt`'s words).
pub fn format(
    workspace: &Workspace,
    params: DocumentFormattingParams,
) -> Result<Option<Vec<TextEdit>>, String> {
    let Some((analysis, file)) = workspace.lookup(&params.text_document.uri) else {
        return Ok(None);
    };
    let entry = &analysis.files[file];
    if entry.unreadable {
        return Err(format!(
            "`{}` could not be read, so it was not formatted",
            entry.source.name()
        ));
    }
    let formatted = format::format_source(&entry.source).map_err(|e| {
        let mut said = e.to_string();
        if let Some(help) = miette::Diagnostic::help(&e) {
            said.push_str(&format!(": {help}"));
        }
        said
    })?;
    if formatted == entry.text() {
        return Ok(Some(Vec::new()));
    }
    let (old, new) = differing_lines(entry.text(), &formatted);
    let range = entry.lines.range(entry.text(), old);
    Ok(Some(vec![TextEdit::new(range, formatted[new].to_string())]))
}

/// The byte ranges of `old` and `new` between the whole lines they start
/// and end with in common: one edit that changes only what changed, so
/// the editor keeps the cursor and the undo history small.
fn differing_lines(old: &str, new: &str) -> (Range<usize>, Range<usize>) {
    let mut prefix = 0;
    for (a, b) in old.split_inclusive('\n').zip(new.split_inclusive('\n')) {
        if a != b || !a.ends_with('\n') {
            break;
        }
        prefix += a.len();
    }
    let mut suffix = 0;
    let old_rest = old[prefix..].split_inclusive('\n').rev();
    let new_rest = new[prefix..].split_inclusive('\n').rev();
    for (a, b) in old_rest.zip(new_rest) {
        let fits = suffix + a.len() <= old.len() - prefix && suffix + b.len() <= new.len() - prefix;
        if a != b || !a.ends_with('\n') || !fits {
            break;
        }
        suffix += a.len();
    }
    (prefix..old.len() - suffix, prefix..new.len() - suffix)
}

#[cfg(test)]
mod tests {
    use super::differing_lines;

    #[test]
    fn only_the_lines_that_differ_are_replaced() {
        let (old, new) = differing_lines("a\nb  c\nd\n", "a\nb c\nd\n");
        assert_eq!((old, new), (2..7, 2..6));
        let (old, new) = differing_lines("a\n", "a\n\n");
        assert_eq!((&"a\n"[old], &"a\n\n"[new]), ("", "\n"));
        let (old, new) = differing_lines("x", "x\n");
        assert_eq!((old, new), (0..1, 0..2));
        let (old, new) = differing_lines("a\na\n", "a\n");
        assert_eq!((&"a\na\n"[old], &"a\n"[new]), ("a\n", ""));
    }
}
