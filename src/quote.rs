//! The text of a requirement as explanations quote it. Written once when the
//! rules are checked, and kept together with its JSON form: a batch's JSON
//! quotes every requirement of every organization, and escaping the same
//! long texts again each time was a large share of the work.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde_json::value::RawValue;

#[derive(Clone)]
pub struct Quote(Arc<Inner>);

struct Inner {
    text: Box<str>,
    /// The text as a JSON string, quotes and escapes included.
    json: Box<RawValue>,
}

impl Quote {
    pub fn new(text: impl Into<String>) -> Quote {
        let text: String = text.into();
        let json = serde_json::value::to_raw_value(&text).expect("a string always serializes");
        Quote(Arc::new(Inner {
            text: text.into_boxed_str(),
            json,
        }))
    }

    /// The JSON string, ready to be written as is.
    pub fn json(&self) -> &RawValue {
        &self.0.json
    }
}

impl Deref for Quote {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0.text
    }
}

impl PartialEq for Quote {
    fn eq(&self, other: &Self) -> bool {
        self.0.text == other.0.text
    }
}

impl Eq for Quote {}

impl fmt::Display for Quote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.text)
    }
}

impl fmt::Debug for Quote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0.text, f)
    }
}

impl From<String> for Quote {
    fn from(text: String) -> Quote {
        Quote::new(text)
    }
}

impl From<&str> for Quote {
    fn from(text: &str) -> Quote {
        Quote::new(text)
    }
}

#[cfg(test)]
mod tests {
    use super::Quote;

    #[test]
    fn the_json_form_is_the_escaped_text() {
        let q = Quote::new(r#"1 person certified in ["a \"b\""]"#);
        assert_eq!(
            q.json().get(),
            r#""1 person certified in [\"a \\\"b\\\"\"]""#
        );
        assert_eq!(&*q, r#"1 person certified in ["a \"b\""]"#);
    }
}
