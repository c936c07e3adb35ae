//! Rule sets as data. Every entry under `tests/rules/valid/`,
//! `tests/rules/invalid/` and `tests/rules/lint/` (a `.rules` file, or a
//! folder of them checked as one rule set) is loaded by the library; the
//! snapshot in `snapshots/check/` holds the parsed rule set for valid
//! entries, the plain-text diagnostics for invalid ones, and the lint
//! warnings (or `no warnings`) for lint entries. For invalid and lint
//! entries, a second snapshot (`problems__`) lists each problem's code,
//! kind and place, so that a case fails on what is found and where, not
//! only on how it is worded.

mod support;

use std::fmt::Write;

use rules::check::CheckError;
use rules::diagnostics::{Diagnostics, Style};
use rules::lint::LintWarning;
use rules::ruleset::RuleSet;
use rules::source::Loc;
use rules::syntax::SyntaxError;

#[test]
fn valid_rule_sets_parse_to_the_expected_rule_set() {
    support::for_each_case("tests/rules/valid", "check", |name, path| {
        let rule_set = rules::load::load_rule_set(path)
            .unwrap_or_else(|d| panic!("{name} should be valid, but:\n{}", d.render(Style::PLAIN)));
        insta::assert_snapshot!(format!("valid__{name}"), outline(&rule_set));
    });
}

#[test]
fn invalid_rule_sets_get_diagnostics() {
    support::for_each_case("tests/rules/invalid", "check", |name, path| {
        let Err(diagnostics) = rules::load::load_rule_set(path) else {
            panic!("{name} should be invalid, but it checked clean");
        };
        insta::assert_snapshot!(format!("invalid__{name}"), diagnostics.render(Style::PLAIN));
        insta::assert_snapshot!(format!("problems__{name}"), problems(&diagnostics));
    });
}

#[test]
fn lints_warn_about_valid_rules_that_are_likely_mistakes() {
    support::for_each_case("tests/rules/lint", "check", |name, path| {
        let rule_set = rules::load::load_rule_set(path)
            .unwrap_or_else(|d| panic!("{name} should be valid, but:\n{}", d.render(Style::PLAIN)));
        let warnings = Diagnostics::from(rules::lint::lint(&rule_set, None));
        let text = if warnings.is_empty() {
            "no warnings\n".to_string()
        } else {
            warnings.render(Style::PLAIN)
        };
        insta::assert_snapshot!(format!("lint__{name}"), text);
        if !warnings.is_empty() {
            insta::assert_snapshot!(format!("problems__lint-{name}"), problems(&warnings));
        }
    });
}

/// Each problem on a line, in the order found: its code, the variant of its
/// kind and its place (`file:line:column`, the file by name). A diagnostic
/// that is no problem in rule text (a folder without rule files) has no
/// kind or place.
fn problems(diagnostics: &Diagnostics) -> String {
    let mut out = String::new();
    for report in diagnostics.iter() {
        let code = report.code().map_or("-".to_string(), |c| c.to_string());
        let (kind, loc) = if let Some(p) = report.downcast_ref::<SyntaxError>() {
            (variant(&p.kind), Some(&p.loc))
        } else if let Some(p) = report.downcast_ref::<CheckError>() {
            (variant(&p.kind), Some(&p.loc))
        } else if let Some(p) = report.downcast_ref::<LintWarning>() {
            (variant(&p.kind), Some(&p.loc))
        } else {
            ("-".to_string(), None)
        };
        let place = loc.map_or("-".to_string(), place);
        writeln!(out, "{code} {kind} {place}").unwrap();
    }
    out
}

/// The name of an enum value's variant: `DuplicateCompetency`.
fn variant(kind: &impl std::fmt::Debug) -> String {
    let debug = format!("{kind:?}");
    let end = debug.find([' ', '{', '(']).unwrap_or(debug.len());
    debug[..end].to_string()
}

/// `b.rules:3:12`
fn place(loc: &Loc) -> String {
    let (line, column) = loc.line_col();
    let name = std::path::Path::new(loc.src.name())
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    format!("{name}:{line}:{column}")
}

/// The rule set one line per part, each requirement with its canonical text
/// and the structure it was parsed into, each part with where it was written.
fn outline(rule_set: &RuleSet) -> String {
    let at = place;
    let mut out = String::new();
    writeln!(out, "{:?}", rule_set.settings).unwrap();
    for c in &rule_set.competencies {
        writeln!(
            out,
            "competency {} {:?}  @ {}",
            c.id,
            c.title,
            at(&c.id_loc)
        )
        .unwrap();
        for level in &c.levels {
            writeln!(
                out,
                "  {}  @ {}  benefits {:?}",
                level.level,
                at(&level.loc),
                level.benefits
            )
            .unwrap();
            for path in &level.paths {
                writeln!(
                    out,
                    "    path {} {:?}{}  @ {}",
                    path.id,
                    path.title,
                    if path.unique_people {
                        " unique people"
                    } else {
                        ""
                    },
                    at(&path.loc)
                )
                .unwrap();
                for r in &path.requirements {
                    writeln!(out, "      {}  @ {}", r.text, at(&r.loc)).unwrap();
                    writeln!(out, "        {:?}", r.rule).unwrap();
                }
            }
        }
    }
    for o in &rule_set.overrides {
        writeln!(out, "{o:?}").unwrap();
    }
    out
}
