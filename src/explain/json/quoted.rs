//! Requirement texts as JSON strings, escaped once. A batch's JSON quotes
//! every requirement of every organization, the same few hundred texts of
//! one rule set again and again, and escaping them each time was a large
//! share of the work. The texts are shared (`Arc<str>`, one per requirement
//! of the rule set), so each is known by its address; every thread keeps
//! its own escaped copies, with no lock between them.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::ser::{Serialize, Serializer};
use serde_json::value::RawValue;

/// A shared text, written as a JSON string.
pub struct Quoted<'a>(pub &'a Arc<str>);

/// More texts than any rule set has: past it, the texts are mostly those of
/// rule sets no longer in use, which the cache must not keep alive for good.
const CAPACITY: usize = 4096;

/// Escaped texts by the address of their text; each entry holds its text,
/// so no other text can take that address while the entry lives.
type Cache = HashMap<usize, (Arc<str>, Box<RawValue>), BuildHasherDefault<AddressHasher>>;

thread_local! {
    static ESCAPED: RefCell<Cache> = RefCell::default();
}

impl Serialize for Quoted<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ESCAPED.with(|cache| {
            let mut cache = cache.borrow_mut();
            let address = Arc::as_ptr(self.0).cast::<u8>() as usize;
            if cache.len() >= CAPACITY && !cache.contains_key(&address) {
                cache.clear();
            }
            let (_, escaped) = cache.entry(address).or_insert_with(|| {
                let escaped =
                    serde_json::value::to_raw_value(&**self.0).expect("a string always serializes");
                (Arc::clone(self.0), escaped)
            });
            escaped.serialize(s)
        })
    }
}

impl JsonSchema for Quoted<'_> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "String".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string" })
    }
}

/// Addresses are already spread out; one multiplication mixes their high
/// bits into the low ones the table uses.
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
    }

    fn write_usize(&mut self, address: usize) {
        self.0 = (address as u64)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(26);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_written_escaped_and_the_same_each_time() {
        let text: Arc<str> = r#"1 person certified in ["a \"b\""]"#.into();
        let once = serde_json::to_string(&Quoted(&text)).unwrap();
        let again = serde_json::to_string(&Quoted(&text)).unwrap();
        assert_eq!(once, r#""1 person certified in [\"a \\\"b\\\"\"]""#);
        assert_eq!(again, once);
        // Another text of the same words is another entry, with the same JSON.
        let copy: Arc<str> = text.to_string().into();
        assert_eq!(serde_json::to_string(&Quoted(&copy)).unwrap(), once);
    }
}
