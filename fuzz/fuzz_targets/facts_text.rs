//! Arbitrary text as a fact file, in both formats: the splitter, the quick
//! look at people and the full parse of each organization (and of the whole
//! text), with every diagnostic rendered. Nothing may panic, overflow the
//! stack or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rules::diagnostics::{Diagnostics, Style};
use rules::facts::parse_organization;
use rules::facts::people::people_of;
use rules::facts::split::split_text;
use rules::facts::tokens::Format;
use rules::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for format in [Format::Ron, Format::Json] {
        parse_and_render(&SourceFile::new("fuzz", text.to_string()), format, false);
        for piece in split_text("fuzz", format, &text).into_iter().flatten() {
            let _ = people_of(piece.source.text(), format);
            parse_and_render(&piece.source, format, piece.cut);
        }
    }
});

fn parse_and_render(source: &std::sync::Arc<SourceFile>, format: Format, cut: bool) {
    if let Err(errors) = parse_organization(source, format, cut) {
        let _ = Diagnostics::from(errors).render(Style::PLAIN);
    }
}
