//! The characters of rule text that are code: outside strings and comments.
//! Quick passes over the text that only count brackets use it, so that a
//! `(` in a title or a `{` in a comment is never taken for structure.

/// Each character outside strings and comments, with its byte offset.
/// Strings end at the end of the line, closed or not, as the grammar has it.
pub fn code_chars(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut in_string = false;
    let mut in_comment = false;
    let mut escaped = false;
    text.char_indices().filter(move |&(_, c)| {
        if in_comment {
            in_comment = c != '\n';
            return false;
        }
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '\n' | '\r' => in_string = false,
            _ if in_string => {}
            '#' => in_comment = true,
            _ => return true,
        }
        false
    })
}

#[cfg(test)]
mod tests {
    use super::code_chars;

    #[test]
    fn strings_and_comments_are_not_code() {
        let code: String = code_chars("a \"(\\\"{\" b # (c\nd")
            .map(|(_, c)| c)
            .collect();
        assert_eq!(code, "a  b d");
    }
}
