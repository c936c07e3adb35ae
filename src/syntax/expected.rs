//! What the parser may expect, in words: one entry for each grammar rule
//! that a syntax error can name, in the order alternatives are listed (most
//! specific first, punctuation last).

use super::parser::Rule;

/// One rule of the grammar, as a syntax error names it.
pub struct Expected {
    pub rule: Rule,
    /// The alternatives it stands for, in full, for the message.
    pub phrases: &'static [&'static str],
    /// A short form, for the label under the place.
    pub short: &'static str,
    /// The words it accepts, to suggest for a misspelled one.
    pub words: &'static [&'static str],
}

const fn entry(
    rule: Rule,
    phrases: &'static [&'static str],
    short: &'static str,
    words: &'static [&'static str],
) -> Expected {
    Expected {
        rule,
        phrases,
        short,
        words,
    }
}

const QUALIFICATION: &[&str] = &["`certified in`", "`assessed in`", "`(`"];
const AMOUNT: &[&str] = &["an amount, like `$15,000` or `500`"];

/// Every rule a syntax error names, in the order they are listed.
pub const EXPECTED: &[Expected] = &[
    entry(
        Rule::kw_settings,
        &["`settings`"],
        "`settings`",
        &["settings"],
    ),
    entry(
        Rule::kw_competency,
        &["`competency`"],
        "`competency`",
        &["competency"],
    ),
    entry(
        Rule::competency_word,
        &["`competency`", "`designation`"],
        "`competency`",
        &["competency", "designation"],
    ),
    entry(
        Rule::kw_override,
        &["`override`"],
        "`override`",
        &["override"],
    ),
    entry(
        Rule::level_name,
        &["`silver`", "`gold`"],
        "a level",
        &["silver", "gold"],
    ),
    entry(
        Rule::kw_workloads,
        &["`workloads`"],
        "`workloads`",
        &["workloads"],
    ),
    entry(Rule::kw_retired, &["`retired`"], "`retired`", &["retired"]),
    entry(Rule::kw_path, &["`path`"], "`path`", &["path"]),
    entry(
        Rule::kw_benefits,
        &["`benefits`"],
        "`benefits`",
        &["benefits"],
    ),
    entry(
        Rule::metric,
        &[
            "a requirement (starting with `revenue`, `customers`, `seats`, `usage`, `devices`, a number of people or tenants, `net`, `new`, `growth`, `change`, `attested` or `requires`)",
        ],
        "a requirement",
        &["revenue", "customers", "seats", "usage", "devices"],
    ),
    entry(
        Rule::change_word,
        &["`net`", "`new`"],
        "`net` or `new`",
        &["net", "new"],
    ),
    entry(
        Rule::growth_word,
        &["`growth`", "`change`"],
        "`growth` or `change`",
        &["growth", "change"],
    ),
    entry(
        Rule::kw_with,
        &["`with` and what each must show, like `with seats d365 >= 1`"],
        "`with`",
        &["with"],
    ),
    entry(
        Rule::growth_of,
        &["what grows: a metric and workload, like `usage d365`, or `people certified in [...]`"],
        "a measure",
        &[],
    ),
    entry(
        Rule::people_of,
        &["`people certified in [...]`"],
        "`people`",
        &["people"],
    ),
    entry(Rule::in_a_month, &["`in a month`"], "`in a month`", &["in"]),
    entry(Rule::kw_a, &["`a`"], "`a`", &["a"]),
    entry(Rule::kw_month, &["`month`"], "`month`", &["month"]),
    entry(
        Rule::since,
        &["`since` a date or `since N months ago`"],
        "`since`",
        &["since"],
    ),
    entry(Rule::kw_since, &["`since`"], "`since`", &["since"]),
    entry(Rule::months_ago, &["`N months ago`"], "`N months ago`", &[]),
    entry(Rule::kw_ago, &["`ago`"], "`ago`", &["ago"]),
    entry(
        Rule::baseline,
        &["`with baseline >= ...`"],
        "`with baseline`",
        &["with"],
    ),
    entry(
        Rule::kw_baseline,
        &["`baseline`"],
        "`baseline`",
        &["baseline"],
    ),
    entry(Rule::comparison, &["`>=`", "`>`"], "`>=`", &[]),
    entry(Rule::more_than, &["`>`"], "`>`", &[]),
    entry(
        Rule::kw_unique,
        &["`unique people`"],
        "`unique people`",
        &["unique"],
    ),
    entry(Rule::count, &["a whole number"], "a number", &[]),
    entry(
        Rule::person_word,
        &["`people`", "`person`"],
        "`people`",
        &["people", "person"],
    ),
    entry(Rule::kw_people, &["`people`"], "`people`", &["people"]),
    entry(
        Rule::entity_word,
        &["`tenants`", "`workloads`"],
        "`tenants`",
        &["tenants", "workloads", "tenant", "workload"],
    ),
    entry(
        Rule::kw_attested,
        &["`attested`"],
        "`attested`",
        &["attested"],
    ),
    entry(
        Rule::kw_requires,
        &["`requires`"],
        "`requires`",
        &["requires"],
    ),
    entry(
        Rule::workload,
        &["a workload, like `azure` or `\"office 365\"`"],
        "a workload",
        &[],
    ),
    entry(Rule::kw_via, &["`via [...]`"], "`via`", &["via"]),
    entry(
        Rule::offer_filter,
        &["`where offer in [...]`"],
        "`where`",
        &["where"],
    ),
    entry(
        Rule::kw_where,
        &["`where offer in [...]`"],
        "`where`",
        &["where"],
    ),
    entry(Rule::kw_offer, &["`offer`"], "`offer`", &["offer"]),
    entry(Rule::kw_not, &["`not`"], "`not`", &["not"]),
    entry(
        Rule::value_list,
        &["a list of offers in brackets, like `[trial, free]`"],
        "a list of offers",
        &[],
    ),
    entry(Rule::times, &["`*` and a weight"], "`*`", &[]),
    entry(
        Rule::weight,
        &["a weight, like `1000` or `0.5`"],
        "a weight",
        &[],
    ),
    entry(
        Rule::weighted,
        &["a workload, like `azure` or `\"office 365\"`"],
        "a workload",
        &[],
    ),
    entry(
        Rule::workload_name,
        &["a workload, like `azure` or `\"office 365\"`"],
        "a workload",
        &[],
    ),
    entry(
        Rule::workload_names,
        &["a list of workloads in brackets, like `[intune, \"azure ad premium\"]`"],
        "a list of workloads",
        &[],
    ),
    entry(Rule::equals, &["`=`"], "`=`", &[]),
    entry(Rule::at_least, &["`>=`"], "`>=`", &[]),
    entry(
        Rule::association_list,
        &["a list of associations in brackets, like `[dpor, tpor]`"],
        "a list of associations",
        &[],
    ),
    entry(
        Rule::association,
        &["an association type, like `dpor`"],
        "an association",
        &[],
    ),
    entry(Rule::amount, AMOUNT, "an amount", &[]),
    entry(Rule::decimal, AMOUNT, "an amount", &[]),
    entry(Rule::kw_usd, &["`USD`"], "`USD`", &["USD"]),
    entry(
        Rule::developing,
        &["`(developing ...)`"],
        "`(developing`",
        &[],
    ),
    entry(
        Rule::kw_developing,
        &["`developing`"],
        "`developing`",
        &["developing"],
    ),
    entry(
        Rule::by_customer,
        &["`by customer`"],
        "`by customer`",
        &["by"],
    ),
    entry(Rule::kw_by, &["`by`"], "`by`", &["by"]),
    entry(
        Rule::kw_customer,
        &["`customer`"],
        "`customer`",
        &["customer"],
    ),
    entry(Rule::kw_over, &["`over N months`"], "`over`", &["over"]),
    entry(
        Rule::month_unit,
        &["`months`"],
        "`months`",
        &["months", "month"],
    ),
    entry(
        Rule::duration,
        &["a duration, like `24 hours`"],
        "a duration",
        &[],
    ),
    entry(
        Rule::time_unit,
        &["`hours`", "`days`", "`months`"],
        "a unit",
        &["hours", "days", "months", "hour", "day", "month"],
    ),
    entry(Rule::year_end, &["`until`"], "`until`", &["until"]),
    entry(Rule::kw_until, &["`until`"], "`until`", &["until"]),
    entry(Rule::kw_year, &["`year`"], "`year`", &["year"]),
    entry(Rule::kw_end, &["`end`"], "`end`", &["end"]),
    entry(
        Rule::setting,
        &["a setting, like `association wait 24 hours`"],
        "a setting",
        &[],
    ),
    entry(Rule::all, &["`all`"], "`all`", &["all"]),
    entry(Rule::kw_all, &["`all`"], "`all`", &["all"]),
    entry(
        Rule::code_list,
        &["a list of codes in brackets, like `[\"70-533\"]`"],
        "a list of codes",
        &[],
    ),
    entry(
        Rule::string_list,
        &["a list in brackets, like `[\"5 support incidents\"]`"],
        "a list",
        &[],
    ),
    entry(
        Rule::term,
        QUALIFICATION,
        "a qualification",
        &["certified", "assessed"],
    ),
    entry(
        Rule::achievement,
        QUALIFICATION,
        "a qualification",
        &["certified", "assessed"],
    ),
    entry(
        Rule::kw_certified,
        &["`certified`"],
        "`certified`",
        &["certified"],
    ),
    entry(
        Rule::kw_assessed,
        &["`assessed`"],
        "`assessed`",
        &["assessed"],
    ),
    entry(Rule::kw_in, &["`in`"], "`in`", &["in"]),
    entry(Rule::of_which, &["`of which`"], "`of which`", &["of"]),
    entry(Rule::kw_of, &["`of which`"], "`of which`", &["of"]),
    entry(Rule::kw_which, &["`which`"], "`which`", &["which"]),
    entry(Rule::kw_and, &["`and`"], "`and`", &["and"]),
    entry(Rule::kw_or, &["`or`"], "`or`", &["or"]),
    entry(
        Rule::ident,
        &["an identifier (lowercase letters, digits and `_`)"],
        "an identifier",
        &[],
    ),
    entry(Rule::string, &["a quoted string"], "a string", &[]),
    entry(Rule::date, &["a date (YYYY-MM-DD)"], "a date", &[]),
    entry(Rule::kw_because, &["`because`"], "`because`", &["because"]),
    entry(Rule::kw_on, &["`on`"], "`on`", &["on"]),
    entry(
        Rule::accepted_through,
        &["`accepted through`"],
        "`accepted`",
        &["accepted"],
    ),
    entry(
        Rule::kw_accepted,
        &["`accepted`"],
        "`accepted`",
        &["accepted"],
    ),
    entry(Rule::kw_through, &["`through`"], "`through`", &["through"]),
    entry(
        Rule::kw_includes,
        &["`includes`"],
        "`includes`",
        &["includes"],
    ),
    entry(Rule::kw_score, &["`score`"], "`score`", &["score"]),
    entry(Rule::kw_metric, &["`metric`"], "`metric`", &["metric"]),
    entry(
        Rule::kw_category,
        &["`category`"],
        "`category`",
        &["category"],
    ),
    entry(Rule::kw_track, &["`track`"], "`track`", &["track"]),
    entry(Rule::kw_when, &["`when`"], "`when`", &["when"]),
    entry(
        Rule::points_word,
        &["`points`", "`point`"],
        "`points`",
        &["points", "point"],
    ),
    entry(Rule::kw_per, &["`per`"], "`per`", &["per"]),
    entry(
        Rule::all_or_nothing,
        &["`all or nothing`"],
        "`all or nothing`",
        &["all"],
    ),
    entry(Rule::colon, &["`:`"], "`:`", &[]),
    entry(
        Rule::points_value,
        &["a number of points, like `10` or `2.5`"],
        "points",
        &[],
    ),
    entry(Rule::points_max, &["`max N`"], "`max`", &["max"]),
    entry(Rule::not_applicable, &["`n/a`"], "`n/a`", &[]),
    entry(Rule::kw_if, &["`if`"], "`if`", &["if"]),
    entry(Rule::kw_at, &["`at`"], "`at`", &["at"]),
    entry(Rule::EOI, &["the end of the file"], "the end", &[]),
    entry(Rule::open_brace, &["`{`"], "`{`", &[]),
    entry(Rule::close_brace, &["`}`"], "`}`", &[]),
    entry(Rule::close_bracket, &["`]`"], "`]`", &[]),
    entry(Rule::comma, &["`,`"], "`,`", &[]),
    entry(Rule::close_paren, &["`)`"], "`)`", &[]),
];

/// Where `rule` stands in [`EXPECTED`], and how it is named; `None` for a
/// rule no syntax error names.
pub fn find(rule: Rule) -> Option<(usize, &'static Expected)> {
    EXPECTED.iter().enumerate().find(|(_, e)| e.rule == rule)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rule_is_named_once() {
        for (i, entry) in EXPECTED.iter().enumerate() {
            assert_eq!(
                find(entry.rule).map(|(at, _)| at),
                Some(i),
                "{:?}",
                entry.rule
            );
        }
    }
}
