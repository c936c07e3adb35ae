//! As Cedar's formatter does, [`format_source`](super::format_source)
//! re-parses its own output and compares it with the original: the syntax
//! trees must be equal (places aside) and the comments must be the same
//! multiset of texts. If not, it returns an error rather than text that
//! would change the rules.
//!
//! The two moves above (benefits last, `unique people` first) change the
//! order of the syntax tree but not its meaning: a level's benefits and a
//! path's `unique people` do not depend on where they stand. The safety check
//! compares trees after putting the original in the same order
//! ([`in_layout_order`]).
//!

use std::sync::Arc;

use super::error::{CommentChange, FormatError, FormatErrorKind, MeaningChange};
use super::scan::{comments, scan};
use crate::problem::Problem;
use crate::source::{Loc, SourceFile};
use crate::syntax::parse_rule_file;
use crate::syntax::tree::{Item, LevelItem, PathItem, RuleFile};

/// The safety check of [`format_source`](super::format_source), on its
/// own: `formatted` must parse to the same tree as `original` (in layout
/// order) and hold the same comments. Public so that the check itself can
/// be tested.
pub fn verify(original: &Arc<SourceFile>, formatted: &str) -> Result<(), FormatError> {
    let tree = parse(original)?;
    verify_parsed(original, &tree, comments(original.text()), formatted).map(|_| ())
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

/// The syntax tree of `source`, or its syntax errors.
pub(super) fn parse(source: &Arc<SourceFile>) -> Result<RuleFile, FormatError> {
    parse_rule_file(source).map_err(|errors| {
        let loc = errors[0].loc.clone();
        Problem::new(FormatErrorKind::Syntax { errors }, loc)
    })
}

/// The safety check, given the tree of `original` and its comments (as
/// [`comments`] lists them). Returns the formatted text's own source and
/// tree, which the check had to parse anyway.
pub(super) fn verify_parsed(
    original: &Arc<SourceFile>,
    tree: &RuleFile,
    mut before: Vec<String>,
    formatted: &str,
) -> Result<(Arc<SourceFile>, RuleFile), FormatError> {
    let start = Loc::new(original, 0..0);
    let changed =
        |why: MeaningChange, loc: Loc| Problem::new(FormatErrorKind::ChangedMeaning { why }, loc);
    let reparsed_source = SourceFile::new(format!("{} (formatted)", original.name()), formatted);
    let reparsed = parse_rule_file(&reparsed_source).map_err(|errors| {
        let first = errors[0].to_string();
        changed(MeaningChange::Unparsable(first), start.clone())
    })?;
    let expected = in_layout_order(tree);
    if expected != reparsed {
        let at = expected
            .items
            .iter()
            .zip(&reparsed.items)
            .position(|(a, b)| a != b)
            .unwrap_or(expected.items.len().min(reparsed.items.len()));
        // The item as it was written, on its first line; or the end of the
        // file when the formatted text has an item more.
        let loc = match tree.items.get(at) {
            Some(item) => {
                let loc = item.loc();
                let line = loc.text().find('\n').unwrap_or(loc.len());
                loc.first(line)
            }
            None => Loc::new(original, original.text().len()..original.text().len()),
        };
        return Err(changed(MeaningChange::Item(at + 1), loc));
    }
    let mut after = comments(formatted);
    before.sort();
    after.sort();
    if before != after {
        let text = original.text();
        let lost = scan(text)
            .comments
            .into_iter()
            .find(|c| !after.iter().any(|a| a == c.text(text)));
        let (why, loc) = match lost {
            Some(c) => (
                CommentChange::Lost(c.text(text).to_string()),
                Loc::new(original, c.start..c.end),
            ),
            None => (
                CommentChange::Counts {
                    before: before.len(),
                    after: after.len(),
                },
                start,
            ),
        };
        return Err(Problem::new(FormatErrorKind::ChangedComments { why }, loc));
    }
    Ok((reparsed_source, reparsed))
}
