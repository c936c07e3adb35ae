//! Text → syntax tree: [`lexer`] reads tokens for the passes that look at
//! the text itself; [`parser`] builds the [`tree`], by hand for text that
//! parses (`parser/descent.rs`) and with pest's grammar otherwise;
//! [`error`] is what can be wrong, said in words by `describe.rs` with the
//! table in [`expected`]; [`print`](mod@print) writes the tree back as canonical text.

mod describe;
pub mod error;
pub mod expected;
pub mod lexer;
pub mod parser;
pub mod print;
pub mod print_score;
pub mod score_tree;
pub mod tree;

pub use error::SyntaxError;
pub use parser::parse_rule_file;
