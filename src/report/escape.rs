//! What the page takes from the facts and the rules is text, never markup.
//!
//! Every value goes into the page through maud's `(value)`, which escapes
//! `&`, `<`, `>`, `"` and `'` in text and in attribute values alike; nothing
//! from the facts or the rules is ever given to `PreEscaped`. What is left
//! to this file is what escaping does not give: a fragment identifier (an
//! element's `id`, a link's `#…`) made from an organization's id, which may
//! hold any character.

/// An element id for an organization's section: `org-` and its id, with
/// every character but ASCII letters, digits, `-` and `.` written as `_`
/// and its UTF-8 bytes in hex, so that different ids never meet and the
/// result needs no escaping in an attribute or a URL fragment.
pub fn anchor(prefix: &str, id: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + 1 + id.len());
    out.push_str(prefix);
    out.push('-');
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'.' {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("_{byte:02x}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_plain_and_never_meet() {
        assert_eq!(anchor("org", "contoso"), "org-contoso");
        assert_eq!(anchor("org", "a b"), "org-a_20b");
        assert_eq!(anchor("org", "a_20b"), "org-a_5f20b");
        assert_eq!(anchor("org", "<script>\"x\""), "org-_3cscript_3e_22x_22");
        assert_eq!(anchor("org", "é"), "org-_c3_a9");
    }

    #[test]
    fn values_stay_text() {
        let name = "<script>alert('x')</script> & \"co\"";
        let page = maud::html! { p title=(name) { (name) } }.into_string();
        assert_eq!(
            page,
            "<p title=\"&lt;script&gt;alert('x')&lt;/script&gt; &amp; &quot;co&quot;\">\
             &lt;script&gt;alert('x')&lt;/script&gt; &amp; &quot;co&quot;</p>"
        );
    }
}
