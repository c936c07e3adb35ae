//! Syntax tree → the lines of the layout, in the order they are indexes,
//! each with the range of source code it stands for (so that comments can be
//! placed against them).

mod score;

use super::scan::Scan;
use super::wide::{self, ItemLine, LineRole};
use super::{INDENT, LINE_WIDTH};
use crate::source::Loc;
use crate::syntax::print;
use crate::syntax::tree::{CompetencyDef, Item, LevelDef, LevelItem, PathDef, PathItem, RuleFile};

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum LineKind {
    /// `path p "T" {`: from the keyword to the `{`; or a line of an item
    /// that ends with the `[` of an exploded list.
    Open,
    /// A block's `}`, or the `]` of an exploded list.
    Close,
    /// One whole item on one line, or any other line of an item.
    Leaf,
}

/// One line of the layout and the source code it stands for.
pub(super) struct LayoutLine {
    pub start: usize,
    pub end: usize,
    pub depth: usize,
    pub text: String,
    pub kind: LineKind,
    /// An opening whose block is empty: it and its `}` may share a line.
    pub empty: bool,
    /// The first line of a top-level item.
    pub starts_item: bool,
    /// A line that goes on with an item (`or ...`, `of which ...`): never
    /// a blank line before it.
    pub continues: bool,
    /// The item this line is part of: the index of the item's first line.
    pub item: usize,
}

/// The lines of a file's layout.
pub(super) struct FileLayout {
    /// In source order, without overlaps.
    pub lines: Vec<LayoutLine>,
    /// The indexes of `lines` in the order they are indexes.
    pub order: Vec<usize>,
}

/// The layout of `tree`, whose source `scan` has read.
pub(super) fn file_layout(text: &str, scan: &Scan, tree: &RuleFile) -> Result<FileLayout, String> {
    let mut builder = LayoutBuilder {
        text,
        scan,
        lines: Vec::new(),
    };
    let order = builder.file(tree)?;
    let lines = builder.lines;
    if lines.windows(2).any(|w| w[0].end > w[1].start) {
        return Err("the parts of the file overlap".to_string());
    }
    Ok(FileLayout { lines, order })
}

/// Builds the lines of the layout from the tree. Lines are created in
/// source order (the order of the tree); the returned index lists give the
/// order they are indexes in.
struct LayoutBuilder<'a> {
    text: &'a str,
    scan: &'a Scan,
    lines: Vec<LayoutLine>,
}

type Built = Result<Vec<usize>, String>;

impl LayoutBuilder<'_> {
    /// The place less the whitespace and comments at its ends (a rule's
    /// place can end with the whitespace and comments after its last token).
    fn code_range(&self, loc: &Loc) -> Result<(usize, usize), String> {
        self.code_between(loc.start, loc.end)
    }

    /// The bytes `start..end` less the whitespace and comments at their ends.
    fn code_between(&self, start: usize, end: usize) -> Result<(usize, usize), String> {
        let first = self.scan.first_code(start, end);
        let last = self.scan.last_code_end(start, end);
        match (first, last) {
            (Some(first), Some(last)) => Ok((first, last)),
            _ => Err(format!("no code at bytes {start}..{end}")),
        }
    }

    fn push(
        &mut self,
        start: usize,
        end: usize,
        depth: usize,
        text: String,
        kind: LineKind,
    ) -> usize {
        self.lines.push(LayoutLine {
            start,
            end,
            depth,
            text,
            kind,
            empty: false,
            starts_item: false,
            continues: false,
            item: self.lines.len(),
        });
        self.lines.len() - 1
    }

    fn leaf(&mut self, loc: &Loc, depth: usize, text: String) -> Result<usize, String> {
        let (start, end) = self.code_range(loc)?;
        Ok(self.push(start, end, depth, text, LineKind::Leaf))
    }

    /// Whether a list (by the place of its node, which ends with its `]`)
    /// has a comment between its `[` and its `]`.
    fn holds_comment(&self, list: &Loc) -> bool {
        let (start, end) = (list.start, list.end);
        let Some(open) = self.scan.find_punct(self.text, start, end, "[") else {
            return false;
        };
        let comments = &self.scan.comments;
        let after = comments.partition_point(|c| c.start <= open);
        comments.get(after).is_some_and(|c| c.start < end)
    }

    /// An item laid out over one or more lines, standing for the code in
    /// `start..end`: each line for the code from its cut to the next (a
    /// list item only to its own end: its comma belongs to no line, so that
    /// a comment before the comma stays with the item).
    fn item_lines(
        &mut self,
        start: usize,
        end: usize,
        depth: usize,
        lines: Vec<ItemLine>,
    ) -> Built {
        let mut indexes = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let from = if i == 0 { start } else { line.from };
            let next = lines.get(i + 1).map_or(end, |next| next.from);
            let to = line.to.unwrap_or(next);
            if from < start || to > next || next > end {
                return Err(format!("a line outside its item at bytes {from}..{to}"));
            }
            let (first, last) = self.code_between(from, to)?;
            if line.role == LineRole::Close && self.text.as_bytes()[first] != b']' {
                return Err(format!("no `]` at byte {first}"));
            }
            let kind = match line.role {
                LineRole::Close => LineKind::Close,
                _ if line.opens => LineKind::Open,
                _ => LineKind::Leaf,
            };
            let index = self.push(first, last, depth + line.depth, line.text.clone(), kind);
            self.lines[index].continues = line.role == LineRole::Continuation;
            self.lines[index].item = indexes.first().copied().unwrap_or(index);
            indexes.push(index);
        }
        Ok(indexes)
    }

    /// An opening from `start` through the `{` that follows `after`.
    fn open(
        &mut self,
        start: usize,
        after: usize,
        depth: usize,
        header: String,
        empty: bool,
    ) -> Result<usize, String> {
        let brace = self
            .scan
            .first_code(after, self.text.len())
            .filter(|&i| self.text.as_bytes()[i] == b'{')
            .ok_or_else(|| format!("no `{{` after byte {after}"))?;
        let index = self.push(
            start,
            brace + 1,
            depth,
            format!("{header} {{"),
            LineKind::Open,
        );
        self.lines[index].empty = empty;
        Ok(index)
    }

    /// The `}` that ends a block's place.
    fn close(&mut self, loc: &Loc, depth: usize) -> Result<usize, String> {
        let (_, end) = self.code_range(loc)?;
        if self.text.as_bytes().get(end - 1) != Some(&b'}') {
            return Err(format!("no `}}` at byte {}", end - 1));
        }
        Ok(self.push(end - 1, end, depth, "}".to_string(), LineKind::Close))
    }

    fn file(&mut self, file: &RuleFile) -> Built {
        let mut order = Vec::new();
        let mut previous: Option<&Item> = None;
        let mut previous_one_line = false;
        for item in &file.items {
            let first = self.lines.len();
            let indexes = match item {
                Item::Settings(settings) => {
                    let start = settings.loc.start;
                    let mut indexes = vec![self.open(
                        start,
                        start + "settings".len(),
                        0,
                        "settings".to_string(),
                        settings.entries.is_empty(),
                    )?];
                    for entry in &settings.entries {
                        indexes.push(self.leaf(&entry.loc, 1, print::setting(entry))?);
                    }
                    indexes.push(self.close(&settings.loc, 0)?);
                    indexes
                }
                Item::Competency(competency) => self.competency(competency, &competency.loc)?,
                Item::Override(o) => vec![self.leaf(&o.loc, 0, print::override_item(o))?],
                Item::Retired(r) => vec![self.leaf(&r.loc, 0, print::retired(r))?],
                Item::WorkloadSet(set) => {
                    let (start, end) = self.code_range(&set.loc)?;
                    let keep_open = |list: &Loc| self.holds_comment(list);
                    let lines = wide::workload_set_lines(set, 0, LINE_WIDTH, &keep_open);
                    self.item_lines(start, end, 0, lines)?
                }
            };
            // A run of overrides, retired codes or one-line workload sets
            // reads like a table: it keeps the user's grouping.
            let in_run = matches!(
                (previous, item),
                (Some(Item::Override(_)), Item::Override(_))
                    | (Some(Item::Retired(_)), Item::Retired(_))
                    | (Some(Item::WorkloadSet(_)), Item::WorkloadSet(_))
            ) && indexes.len() == 1
                && previous_one_line;
            if let Some(line) = self.lines.get_mut(first) {
                line.starts_item = !in_run;
            }
            previous = Some(item);
            previous_one_line = indexes.len() == 1;
            order.extend(indexes);
        }
        Ok(order)
    }

    fn competency(&mut self, c: &CompetencyDef, loc: &Loc) -> Built {
        let mut indexes = vec![self.open(
            loc.start,
            c.title.loc.end,
            0,
            print::competency_header(c),
            c.levels.is_empty() && c.scores.is_empty(),
        )?];
        // Scores and levels in the order written.
        let mut scores = c.scores.iter().peekable();
        for level in &c.levels {
            while let Some(score) = scores.next_if(|s| s.loc.start < level.loc.start) {
                indexes.extend(self.score(score, 1)?);
            }
            indexes.extend(self.level(level, &level.loc)?);
        }
        for score in scores {
            indexes.extend(self.score(score, 1)?);
        }
        indexes.push(self.close(loc, 0)?);
        Ok(indexes)
    }

    fn level(&mut self, level: &LevelDef, loc: &Loc) -> Built {
        let mut indexes = vec![self.open(
            loc.start,
            level.level.loc.end,
            1,
            level.level.node.keyword().to_string(),
            level.items.is_empty(),
        )?];
        // Benefits go after the paths.
        let mut benefits = Vec::new();
        for item in &level.items {
            match item {
                LevelItem::Path(path) => indexes.extend(self.path(path, &path.loc)?),
                LevelItem::Benefits(list) => {
                    // The node's place is the list; the line starts at `benefits`.
                    let (list_start, end) = self.code_range(&list.loc)?;
                    let start = self.keyword_before(list_start, "benefits")?;
                    let keep_open = |list: &Loc| self.holds_comment(list);
                    let lines =
                        wide::benefits_lines(list, 2 * INDENT.len(), LINE_WIDTH, &keep_open);
                    benefits.extend(self.item_lines(start, end, 2, lines)?);
                }
            }
        }
        indexes.extend(benefits);
        indexes.push(self.close(loc, 1)?);
        Ok(indexes)
    }

    fn path(&mut self, path: &PathDef, loc: &Loc) -> Built {
        let after = path.title.as_ref().map_or(path.id.loc.end, |t| t.loc.end);
        let mut indexes = vec![self.open(
            loc.start,
            after,
            2,
            print::path_header(path),
            path.items.is_empty(),
        )?];
        // `unique people` goes first.
        let mut requirements = Vec::new();
        for item in &path.items {
            match item {
                PathItem::UniquePeople(marker) => {
                    indexes.push(self.leaf(&marker.loc, 3, "unique people".to_string())?)
                }
                PathItem::Requirement(r) => {
                    let keep_open = |list: &Loc| self.holds_comment(list);
                    let lines =
                        wide::requirement_lines(r, 3 * INDENT.len(), LINE_WIDTH, &keep_open);
                    let (start, end) = self.code_range(&r.loc)?;
                    requirements.extend(self.item_lines(start, end, 3, lines)?);
                }
            }
        }
        indexes.extend(requirements);
        indexes.push(self.close(loc, 2)?);
        Ok(indexes)
    }

    /// The start of `keyword`, the last code before `pos`.
    fn keyword_before(&self, pos: usize, keyword: &str) -> Result<usize, String> {
        let end = self.scan.last_code_end(0, pos);
        match end {
            Some(end)
                if end >= keyword.len()
                    && self.text.get(end - keyword.len()..end) == Some(keyword) =>
            {
                Ok(end - keyword.len())
            }
            _ => Err(format!("no `{keyword}` before byte {pos}")),
        }
    }
}
