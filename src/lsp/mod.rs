//! `rules lsp`: a Language Server Protocol server for rule files, over
//! standard input and output.
//!
//! It works on the whole rule set of the workspace folder, as `rules check`
//! loads it, with the editor's unsaved text in place of the disk's:
//! diagnostics for every file (the same errors and lint warnings as `rules
//! check`, refreshed when any file changes), hover, go to definition, find
//! references, completion, formatting (by `rules fmt`'s own code) and
//! document symbols.
//!
//! Built on `lsp-server` and `lsp-types`, rust-analyzer's scaffold: one
//! thread answers the editor's messages in order from the state it owns
//! (`server.rs`); analysing a rule set takes milliseconds, so nothing runs
//! in the background and no async runtime is needed.
//!
//! One concept per file: the message loop (`server.rs`), the workspace and
//! its documents (`workspace.rs`), the messages' framing (`transport.rs`), one analysed rule set (`analysis.rs`),
//! what each place of a file names (`index.rs`), positions
//! (`position.rs`), and each feature (`diagnostics.rs`, `hover.rs` with
//! `meaning.rs` and `hover_score.rs`, `navigation.rs`, `completion.rs`, `formatting.rs`,
//! `symbols.rs`).

mod analysis;
mod completion;
mod diagnostics;
mod formatting;
mod hover;
mod hover_score;
mod index;
mod meaning;
mod navigation;
mod position;
#[cfg(test)]
mod robustness;
mod server;
mod symbols;
mod transport;
mod workspace;

pub use position::LineIndex;
pub use server::{Ended, Options, serve, serve_on};
