//! Outcome → words: a text explanation for people and JSON for programs,
//! both drawn from the same [`OrgOutcome`](crate::outcome::OrgOutcome), and
//! both taking their sentences from [`words`]; and a CSV row per
//! organization for spreadsheets.

pub mod csv;
pub mod diff;
pub mod json;
pub mod text;
pub mod words;
