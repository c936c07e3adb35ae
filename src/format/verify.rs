//! As Cedar's formatter does, [`format_source`](super::format_source) re-parses its own output and
//! compares it with the original: the syntax trees must be equal (spans
//! aside) and the comments must be the same multiset of texts. If not, it
//! returns an error rather than text that would change the rules.
//!
//! The two moves above (benefits last, `unique people` first) change the
//! order of the syntax tree but not its meaning: a level's benefits and a
//! path's `unique people` do not depend on where they stand. The safety check
//! compares trees after putting the original in the same order
//! ([`in_layout_order`]).
//!

use std::sync::Arc;

use super::error::FormatError;
use super::scan::comments;
use crate::source::{FileId, SourceFile};
use crate::syntax::parse_rule_file;
use crate::syntax::tree::{Item, LevelItem, PathItem, RuleFile};

/// The safety check of [`format_source`](super::format_source), on its own: `formatted` must parse
/// to the same tree as `original` (in layout order) and hold the same
/// comments. Public so that the check itself can be tested.
pub fn verify(original: &Arc<SourceFile>, formatted: &str) -> Result<(), FormatError> {
    let tree = parse(original)?;
    verify_parsed(original.name(), &tree, original.text(), formatted)
}

/// The tree with each level's benefits after its paths and each path's
/// `unique people` first: the order the layout writes them in. Neither move
/// changes the meaning (see the module comment).
pub fn in_layout_order(file: &RuleFile) -> RuleFile {
    let mut file = file.clone();
    for item in &mut file.items {
        let Item::Competency(competency) = item else {
            continue;
        };
        for level in &mut competency.node.levels {
            // Stable sorts: paths keep their order, as do repeated items.
            level
                .node
                .items
                .sort_by_key(|i| matches!(i, LevelItem::Benefits(_)));
            for level_item in &mut level.node.items {
                if let LevelItem::Path(path) = level_item {
                    path.node
                        .items
                        .sort_by_key(|i| !matches!(i, PathItem::UniquePeople(_)));
                }
            }
        }
    }
    file
}

/// Both the original and the formatted text are parsed as the same file id:
/// the tree records it, and only the meaning should differ if anything does.
const FILE: FileId = FileId(0);

pub(super) fn parse(source: &Arc<SourceFile>) -> Result<RuleFile, FormatError> {
    parse_rule_file(FILE, source).map_err(|errors| FormatError::Syntax {
        name: source.name().to_string(),
        errors,
    })
}

pub(super) fn verify_parsed(
    name: &str,
    tree: &RuleFile,
    original: &str,
    formatted: &str,
) -> Result<(), FormatError> {
    let changed = |detail: String| FormatError::ChangedMeaning {
        name: name.to_string(),
        detail,
    };
    let reparsed_source = SourceFile::new(format!("{name} (formatted)"), formatted);
    let reparsed = parse_rule_file(FILE, &reparsed_source).map_err(|errors| {
        let first = errors.first().map_or(String::new(), |e| e.to_string());
        changed(format!("the formatted text does not parse ({first})"))
    })?;
    let expected = in_layout_order(tree);
    if expected != reparsed {
        let at = expected
            .items
            .iter()
            .zip(&reparsed.items)
            .position(|(a, b)| a != b)
            .unwrap_or(expected.items.len().min(reparsed.items.len()));
        return Err(changed(format!(
            "top-level item {} reads differently after formatting",
            at + 1
        )));
    }
    let mut before = comments(original);
    let mut after = comments(formatted);
    before.sort();
    after.sort();
    if before != after {
        let lost = before.iter().find(|c| !after.contains(c));
        let detail = match lost {
            Some(c) => format!("`{c}` would be lost"),
            None => format!("{} comments before, {} after", before.len(), after.len()),
        };
        return Err(FormatError::ChangedComments {
            name: name.to_string(),
            detail,
        });
    }
    Ok(())
}
