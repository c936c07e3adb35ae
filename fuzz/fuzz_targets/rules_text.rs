//! Arbitrary text as a rule file: parse, check, lint, and render whatever
//! diagnostics come out. Nothing may panic, overflow the stack or hang.
//! The parser's two readings agree: whatever the hand-written one reads
//! (`src/syntax/parser/descent.rs`), pest reads to the same tree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rules::diagnostics::{Diagnostics, Style};
use rules::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let source = SourceFile::new("fuzz.rules", text.into_owned());
    if let Some(fast) = rules::syntax::parser::parse_rule_file_by_descent(&source) {
        let slow = rules::syntax::parser::parse_rule_file_with_pest(&source)
            .unwrap_or_else(|e| panic!("descent reads text pest refuses: {:?}", e[0].kind));
        assert_eq!(format!("{fast:+?}"), format!("{slow:+?}"), "the readings differ");
    }
    match rules::load::check_sources(vec![source]) {
        Ok(rule_set) => {
            let warnings = rules::lint::lint(&rule_set, None);
            let _ = Diagnostics::from(warnings).render(Style::PLAIN);
        }
        Err(diagnostics) => {
            let _ = diagnostics.render(Style::PLAIN);
        }
    }
});
