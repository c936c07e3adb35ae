//! Places in a text as the protocol counts them: a line and a character
//! offset in UTF-16 code units (the protocol's default, which every client
//! speaks), against the byte offsets every `Loc` holds.

use std::ops::Range;

use lsp_types::{Position, Range as LspRange};

/// Where each line of a text starts, to turn byte offsets into positions
/// and back without reading the text from its start each time.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The position of byte `offset` (clamped to the text, and back to the
    /// start of a character it falls inside).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let character: usize = text[start..offset].chars().map(char::len_utf16).sum();
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, text: &str, range: Range<usize>) -> LspRange {
        LspRange::new(
            self.position(text, range.start),
            self.position(text, range.end),
        )
    }

    /// The byte offset of `position`: a line past the end is the end of the
    /// text, a character past the end of its line is the end of the line,
    /// and one inside a character (half of a surrogate pair) is its start.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return text.len();
        };
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = text[start..line_end].trim_end_matches('\r');
        let mut units = 0;
        for (i, c) in line.char_indices() {
            if units + c.len_utf16() > position.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + line.len()
    }

    /// The byte range of a protocol range.
    pub fn offsets(&self, text: &str, range: LspRange) -> Range<usize> {
        let start = self.offset(text, range.start);
        let end = self.offset(text, range.end).max(start);
        start..end
    }

    /// The position just after the last character of the text.
    pub fn end(&self, text: &str) -> Position {
        self.position(text, text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_positions_round_trip_through_wide_characters() {
        let text = "ab\n# café 😀 x\r\nend";
        let index = LineIndex::new(text);
        for (offset, _) in text.char_indices() {
            let position = index.position(text, offset);
            if text[offset..].starts_with('\n') && text[..offset].ends_with('\r') {
                continue; // between `\r` and `\n`: the line ends before the `\r`
            }
            assert_eq!(index.offset(text, position), offset, "at {offset}");
        }
        let x = text.find('x').unwrap();
        // `# café ` is 7 units, the emoji 2, the space 1.
        assert_eq!(index.position(text, x), Position::new(1, 10));
        assert_eq!(
            index.offset(text, Position::new(1, 99)),
            text.find('\r').unwrap()
        );
        assert_eq!(index.offset(text, Position::new(9, 0)), text.len());
        // Inside the surrogate pair: the emoji's start.
        let emoji = text.find('😀').unwrap();
        assert_eq!(index.offset(text, Position::new(1, 8)), emoji);
        assert_eq!(index.end(text), Position::new(2, 3));
    }
}
