//! Outcome → words: a text explanation for people and JSON for programs,
//! both drawn from the same [`OrgOutcome`](crate::outcome::OrgOutcome), and
//! both taking their sentences from [`words`]; and a CSV row per
//! organization for spreadsheets.

pub mod csv;
pub mod diff;
pub mod json;
pub mod text;
pub mod why;

/// Warnings about names in the facts, one line per distinct name with how
/// many places write it: what `rules check --facts` prints.
pub fn facts_warnings(warnings: &[crate::facts::near_miss::FactWarning]) -> String {
    use crate::facts::near_miss::FactWarningKind;
    let mut out = format!(
        "Warning: {} in the facts that no rule uses, so records with {} count for nothing:\n",
        match warnings.len() {
            1 => "1 name".to_string(),
            n => format!("{n} names"),
        },
        if warnings.len() == 1 { "it" } else { "them" }
    );
    for w in warnings {
        let places = match w.kind.places() {
            1 => format!("1 place, {}", w.loc),
            n => format!("{n} places, first {}", w.loc),
        };
        let line = match &w.kind {
            FactWarningKind::NearMiss {
                field,
                found,
                meant,
                ..
            } => format!(
                "{} `{found}`, probably `{meant}` ({places})",
                field.keyword()
            ),
            FactWarningKind::UndeclaredAssociation { found, .. } => {
                format!("association `{found}`, not declared in the rules' settings ({places})")
            }
            FactWarningKind::SetName { found, .. } => {
                format!("workload `{found}`, the name of a workload set, not a workload ({places})")
            }
        };
        out.push_str(&format!("  {line}\n"));
    }
    out
}
pub mod words;
