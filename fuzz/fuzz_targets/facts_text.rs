//! Arbitrary text as a fact file: the list splitter, the lexical people scan
//! and the full parse of each organization (and of the whole text), with
//! every diagnostic rendered. Nothing may panic, overflow the stack or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rules::diagnostics::{Diagnostics, Style};
use rules::facts::{parse_organization, scan, stream};
use rules::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    parse_and_render(&SourceFile::new("fuzz.ron", text.to_string()));
    if let Ok(sources) = stream::split_text("fuzz.ron", &text) {
        for source in sources {
            let _ = scan::people_of(source.text());
            parse_and_render(&source);
        }
    }
});

fn parse_and_render(source: &std::sync::Arc<SourceFile>) {
    if let Err(errors) = parse_organization(source) {
        let _ = Diagnostics::from(errors).render(Style::PLAIN);
    }
}
