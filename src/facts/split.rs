//! A fact file → the byte range of each organization in it.
//!
//! A file holds one `Organization(...)` or a list `[Organization(...), ...]`.
//! This is a lexical pass (strings, comments and brackets only), so that each
//! organization can then be parsed on its own: in parallel, and one at a time
//! for batches too large to hold in memory. Anything it cannot make sense of
//! is left for ron to report precisely.

use std::ops::Range;

/// How the organizations sit in a file.
#[derive(Debug, PartialEq, Eq)]
pub enum Layout {
    /// The whole file is one organization.
    Single(Range<usize>),
    /// A list: each item's range, and whether the list was properly closed
    /// (`Err` holds the offset of the opening `[` when it was not).
    List(Vec<Range<usize>>, Result<(), usize>),
}

pub fn split(text: &str) -> Layout {
    let bytes = text.as_bytes();
    let mut i = skip_trivia(bytes, 0);
    if bytes.get(i) != Some(&b'[') {
        return Layout::Single(0..text.len());
    }
    let open = i;
    i += 1;
    let mut items = Vec::new();
    loop {
        i = skip_trivia(bytes, i);
        match bytes.get(i) {
            None => return Layout::List(items, Err(open)),
            Some(b']') => {
                let after = skip_trivia(bytes, i + 1);
                if after < bytes.len() {
                    // Text after the list: let ron say what it is.
                    return Layout::Single(0..text.len());
                }
                return Layout::List(items, Ok(()));
            }
            Some(b',') if items.is_empty() => return Layout::Single(0..text.len()),
            Some(_) => {
                let start = i;
                let end = item_end(bytes, i);
                let trimmed = trim_end(bytes, start, end);
                items.push(start..trimmed);
                i = end;
                match bytes.get(i) {
                    Some(b',') => i += 1,
                    Some(b']') => {}
                    _ => return Layout::List(items, Err(open)),
                }
            }
        }
    }
}

/// Skips whitespace and comments (`// ...`, `/* ... */`, nested).
fn skip_trivia(bytes: &[u8], mut i: usize) -> usize {
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes[i..].starts_with(b"//") {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
        } else if bytes[i..].starts_with(b"/*") {
            i = block_comment_end(bytes, i);
        } else {
            return i;
        }
    }
}

fn block_comment_end(bytes: &[u8], mut i: usize) -> usize {
    let mut depth = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"/*") {
            depth += 1;
            i += 2;
        } else if bytes[i..].starts_with(b"*/") {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    i
}

/// The offset of the `,` or `]` that ends the item starting at `i`, at
/// bracket depth zero (or the end of the text).
fn item_end(bytes: &[u8], mut i: usize) -> usize {
    let mut depth: usize = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = string_end(bytes, i),
            b'r' if is_raw_string_start(bytes, i) => i = raw_string_end(bytes, i),
            b'\'' => i = char_end(bytes, i),
            b'/' if bytes[i..].starts_with(b"//") || bytes[i..].starts_with(b"/*") => {
                i = skip_trivia(bytes, i)
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b')' | b']' | b'}' if depth > 0 => {
                depth -= 1;
                i += 1;
            }
            b',' | b']' if depth == 0 => return i,
            _ => i += 1,
        }
    }
    i
}

fn string_end(bytes: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn is_raw_string_start(bytes: &[u8], i: usize) -> bool {
    let before_ok = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
    let mut j = i + 1;
    while bytes.get(j) == Some(&b'#') {
        j += 1;
    }
    before_ok && bytes.get(j) == Some(&b'"')
}

fn raw_string_end(bytes: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    let mut hashes = 0;
    while bytes.get(j) == Some(&b'#') {
        hashes += 1;
        j += 1;
    }
    j += 1;
    while j < bytes.len() {
        if bytes[j] == b'"'
            && bytes[j + 1..]
                .iter()
                .take(hashes)
                .filter(|b| **b == b'#')
                .count()
                == hashes
        {
            return j + 1 + hashes;
        }
        j += 1;
    }
    bytes.len()
}

fn char_end(bytes: &[u8], i: usize) -> usize {
    // 'x', '\'', '\u{1F600}': find the closing quote on the same line.
    let mut j = i + 1;
    if bytes.get(j) == Some(&b'\\') {
        j += 2;
    }
    while j < bytes.len() && bytes[j] != b'\'' && bytes[j] != b'\n' {
        j += 1;
    }
    (j + 1).min(bytes.len())
}

fn trim_end(bytes: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && bytes[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(text: &str) -> Vec<&str> {
        match split(text) {
            Layout::List(ranges, _) => ranges.into_iter().map(|r| &text[r]).collect(),
            Layout::Single(r) => vec![&text[r]],
        }
    }

    #[test]
    fn a_single_organization_is_the_whole_file() {
        assert_eq!(split("Organization(id: \"a\")"), Layout::Single(0..21));
    }

    #[test]
    fn list_items_are_split_at_top_level_commas() {
        let text = "// header\n[\n  Organization(id: \"a,]\", people: [P(x: 1), P(x: 2)]), // one\n  Organization(id: \"b\"),\n]\n";
        assert_eq!(
            items(text),
            vec![
                "Organization(id: \"a,]\", people: [P(x: 1), P(x: 2)])",
                "Organization(id: \"b\")"
            ]
        );
        assert!(matches!(split(text), Layout::List(_, Ok(()))));
    }

    #[test]
    fn an_unclosed_list_is_reported_with_its_bracket() {
        assert!(matches!(
            split("  [Organization(id: \"a\")"),
            Layout::List(_, Err(2))
        ));
    }

    #[test]
    fn an_empty_list_has_no_items() {
        assert_eq!(split("[ /* none */ ]"), Layout::List(vec![], Ok(())));
    }
}
