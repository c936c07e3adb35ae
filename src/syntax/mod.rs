//! Text → syntax tree.

pub mod error;
pub mod expected;
pub mod lexer;
pub mod parser;
pub mod print;
pub mod tree;

pub use error::SyntaxError;
pub use parser::parse_rule_file;
