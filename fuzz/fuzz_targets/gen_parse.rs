//! Structure-aware: `arb::stage_parse` (tests/arb/mod.rs) on libFuzzer's bytes.
//! The same stage runs on stable Rust in `cargo test --test structured`.
#![no_main]

#[path = "../../tests/arb/mod.rs"]
mod arb;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    arb::stage_parse(data);
});
