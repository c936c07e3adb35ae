//! Outcomes → CSV, for the spreadsheets program managers live in: one row
//! per organization (its id, name, eligibility, the membership held, its
//! status, whether renewal is at risk), then a column per competency level
//! holding the path that met it, `override`, or nothing. Fields are quoted
//! as RFC 4180 says: those holding a comma, a quote or a line break are
//! put in quotes, and their quotes doubled.

use std::fmt::Write;

use crate::outcome::{MetBy, OrgOutcome};
use crate::ruleset::RuleSet;

/// The header row: `id,name,eligible,held,status,at risk,cloud_platform silver,...`,
/// a column per level of every competency, in rule-set order (the order of
/// every outcome's levels).
pub fn header(rules: &RuleSet) -> String {
    let mut fields: Vec<String> = ["id", "name", "eligible", "held", "status", "at risk"]
        .iter()
        .map(|f| f.to_string())
        .collect();
    for c in &rules.competencies {
        for l in &c.levels {
            fields.push(format!("{} {}", c.id, l.level.keyword()));
        }
    }
    line(fields.iter().map(String::as_str))
}

/// One organization's row.
pub fn row(o: &OrgOutcome) -> String {
    let m = &o.membership;
    let level = |l: Option<crate::vocabulary::Level>| l.map_or("none", |l| l.keyword());
    let mut fields: Vec<&str> = vec![
        &o.org,
        o.name.as_deref().unwrap_or(""),
        level(m.eligible),
        level(m.held),
        m.status.keyword(),
        if m.at_risk { "yes" } else { "no" },
    ];
    for c in &o.competencies {
        for l in &c.levels {
            fields.push(match &l.met_by {
                Some(MetBy::Path(id)) => id,
                Some(MetBy::Override) => "override",
                Some(MetBy::Score) => "score",
                None => "",
            });
        }
    }
    line(fields)
}

/// Fields joined by commas, each quoted when it must be, and a line end.
fn line<'a>(fields: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if field.contains([',', '"', '\n', '\r']) {
            let _ = write!(out, "\"{}\"", field.replace('"', "\"\""));
        } else {
            out.push_str(field);
        }
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::line;

    #[test]
    fn fields_are_quoted_only_when_they_must_be() {
        assert_eq!(line(["a", "b c", ""]), "a,b c,\n");
        assert_eq!(
            line(["Zoë \"Z\" Ng", "Contoso, Ltd", "two\nlines"]),
            "\"Zoë \"\"Z\"\" Ng\",\"Contoso, Ltd\",\"two\nlines\"\n"
        );
    }
}
