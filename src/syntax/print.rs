//! Syntax tree → canonical text. One spelling for each construct, so that the
//! text of a requirement in an explanation is the same however it was written,
//! and so that `rules fmt` has one layout to produce.

use super::tree::*;
use crate::duration::Duration;
use crate::number;
use crate::source::Node;

/// `revenue azure via [dpor, tpor] >= $15,000 (developing $10,000) over 12 months`
pub fn performance(p: &Performance) -> String {
    let mut out = measured(p);
    if let Some(via) = &p.via {
        out.push_str(&format!(" via {}", name_list(&via.node)));
    }
    if let Some(offer) = &p.offer {
        out.push(' ');
        out.push_str(&offer_filter(offer));
    }
    out.push(' ');
    out.push_str(&threshold(p));
    out
}

/// `revenue azure`: what is measured.
pub(crate) fn measured(p: &Performance) -> String {
    format!("{} {}", p.metric.node, workload(&p.workload))
}

/// `azure`, `office_365`, `[dynamics_365, "ax on-premises" * 0.5]`
pub fn workload(w: &WorkloadRef) -> String {
    match w {
        WorkloadRef::Name(n) => name(n),
        WorkloadRef::List(entries) => {
            let entries: Vec<String> = entries
                .iter()
                .map(|e| match &e.weight {
                    Some(weight) => format!("{} * {}", name(&e.workload), weight.node),
                    None => name(&e.workload),
                })
                .collect();
            format!("[{}]", entries.join(", "))
        }
    }
}

/// `where offer not in [trial, free]`
pub fn offer_filter(f: &OfferFilter) -> String {
    let not = if f.not { "not " } else { "" };
    format!("where offer {not}in {}", name_list(&f.values))
}

/// `3 attested in ["customer reference"]`, `attested in [...]` for one.
pub fn attested(a: &Attested) -> String {
    let codes = string_list(a.codes.iter().map(|c| c.node.as_str()));
    match &a.count {
        Some(count) => format!("{} attested in {codes}", number::grouped(count.node.into())),
        None => format!("attested in {codes}"),
    }
}

/// `requires cloud_platform gold`
pub fn requires(r: &Requires) -> String {
    format!("requires {} {}", r.competency.node, r.level.node.keyword())
}

/// `workloads office_365 = ["exchange online", proplus]`
pub fn workload_set(w: &WorkloadSetDef) -> String {
    format!(
        "workloads {} = {}",
        w.name.node,
        name_list(&w.workloads.node)
    )
}

/// `retired "70-534" on 2017-12-31 accepted through 2018-12-31`
pub fn retired(r: &RetiredDef) -> String {
    let mut out = format!(
        "retired {} on {}",
        string(&r.code.node),
        r.on.node.format("%Y-%m-%d")
    );
    if let Some(through) = &r.accepted_through {
        out.push_str(&format!(
            " accepted through {}",
            through.node.format("%Y-%m-%d")
        ));
    }
    out
}

/// `>= $15,000 (developing $10,000) over 12 months`
pub(crate) fn threshold(p: &Performance) -> String {
    let comparison = if p.strict { ">" } else { ">=" };
    let mut out = format!("{comparison} {}", amount(&p.threshold));
    if let Some(developing) = &p.developing {
        out.push_str(&developing_clause(developing, p.developing_by_customer));
    }
    if p.in_month.is_some() {
        out.push_str(" in a month");
    }
    if let Some(months) = &p.window_months {
        out.push_str(&window(months.node));
    }
    out
}

/// ` (developing $10,000)`, ` (developing 5 by customer)`
pub(crate) fn developing_clause(amount_written: &Amount, by_customer: bool) -> String {
    let by = if by_customer { " by customer" } else { "" };
    format!(" (developing {}{by})", amount(amount_written))
}

/// ` over 12 months`, ` over 1 month`
pub(crate) fn window(months: u32) -> String {
    format!(
        " over {months} {}",
        if months == 1 { "month" } else { "months" }
    )
}

/// `since 2020-10-01`, `since 12 months ago`
pub fn since(s: &crate::vocabulary::Since) -> String {
    match s {
        crate::vocabulary::Since::Date(date) => format!("since {}", date.format("%Y-%m-%d")),
        crate::vocabulary::Since::MonthsAgo(months) => format!(
            "since {months} {} ago",
            if *months == 1 { "month" } else { "months" }
        ),
    }
}

/// `net 10 tenants (developing 5 by customer) with seats d365 >= 1 over 12 months`
pub fn entity_count(e: &EntityCount) -> String {
    let mut out = entity_head(e);
    out.push(' ');
    out.push_str(&performance(&e.condition));
    if let Some(since) = &e.since {
        out.push(' ');
        out.push_str(&self::since(&since.node));
    }
    out
}

/// `net 10 tenants (developing 5 by customer) with`: up to the condition.
pub(crate) fn entity_head(e: &EntityCount) -> String {
    let change = e
        .change
        .as_ref()
        .map_or(String::new(), |c| format!("{} ", c.node.keyword()));
    let mut out = format!(
        "{change}{} {}",
        number::grouped(e.count.node.into()),
        e.entity.node.noun(e.count.node == 1)
    );
    if let Some(developing) = &e.developing {
        out.push_str(&developing_clause(developing, e.developing_by_customer));
    }
    out.push_str(" with");
    out
}

/// `growth usage d365 via [csp] >= 25% over 12 months with baseline >= 250`
pub fn growth(g: &Growth) -> String {
    let mut out = growth_head(g);
    out.push(' ');
    out.push_str(&growth_threshold(g));
    if let Some(baseline) = &g.baseline {
        out.push(' ');
        out.push_str(&self::baseline(baseline));
    }
    out
}

/// `growth usage d365 via [csp] where offer not in [trial]`, `change people
/// certified in [...]`: what is compared.
pub(crate) fn growth_head(g: &Growth) -> String {
    let of = match &g.of.node {
        GrowthOf::Measure(m) => {
            let mut out = format!("{} {}", m.metric.node, workload(&m.workload.node));
            if let Some(via) = &m.via {
                out.push_str(&format!(" via {}", name_list(&via.node)));
            }
            if let Some(offer) = &m.offer {
                out.push(' ');
                out.push_str(&offer_filter(offer));
            }
            out
        }
        GrowthOf::People(q) => format!("people {}", qualification(q, None)),
    };
    format!("{} {of}", g.kind.node.keyword())
}

/// `>= 25% (developing 20%) over 12 months since 2020-10-01`
pub(crate) fn growth_threshold(g: &Growth) -> String {
    let mut out = format!(">= {}", amount(&g.threshold));
    if let Some(developing) = &g.developing {
        out.push_str(&developing_clause(developing, g.developing_by_customer));
    }
    if let Some(months) = &g.window_months {
        out.push_str(&window(months.node));
    }
    if let Some(since) = &g.since {
        out.push(' ');
        out.push_str(&self::since(&since.node));
    }
    out
}

/// `with baseline >= 250 (developing 150 by customer)`
pub(crate) fn baseline(b: &Baseline) -> String {
    let mut out = format!("with baseline >= {}", amount(&b.floor));
    if let Some(developing) = &b.developing {
        out.push_str(&developing_clause(developing, b.developing_by_customer));
    }
    out
}

/// `[dpor, "some association"]`
pub(crate) fn name_list(names: &[Node<String>]) -> String {
    let names: Vec<String> = names.iter().map(|n| name(n)).collect();
    format!("[{}]", names.join(", "))
}

/// `2 people certified in all ["70-496", "70-498"] of which 1 certified in ["CSM"]`
pub fn skill(s: &Skill) -> String {
    let mut out = format!(
        "{} {}",
        people(s.count.node),
        qualification(&s.qualification, None)
    );
    if let Some(of_which) = &s.of_which {
        out.push(' ');
        out.push_str(&self::of_which(of_which));
    }
    out
}

/// `of which 1 certified in ["CSM"]`
pub fn of_which(o: &OfWhich) -> String {
    format!(
        "{} {}",
        of_which_count(o),
        qualification(&o.qualification, None)
    )
}

/// `2 people`, `1 person`
pub(crate) fn people(count: u32) -> String {
    format!(
        "{} {}",
        number::grouped(count.into()),
        if count == 1 { "person" } else { "people" }
    )
}

/// `of which 1`
pub(crate) fn of_which_count(o: &OfWhich) -> String {
    format!("of which {}", number::grouped(o.count.node.into()))
}

/// A requirement on one line, however long: explanations quote it. `rules
/// fmt` lays out wide ones from the same pieces.
pub fn requirement(r: &Requirement) -> String {
    match r {
        Requirement::Performance(p) => performance(p),
        Requirement::Skill(s) => skill(s),
        Requirement::Attested(a) => attested(a),
        Requirement::Requires(r) => requires(r),
        Requirement::Entities(e) => entity_count(e),
        Requirement::Growth(g) => growth(g),
    }
}

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Parent {
    And,
    Or,
}

/// `and` binds tighter than `or`. Parentheses are written where the tree
/// needs them: an `or` under an `and`, and any group nested in a group of
/// its own kind (which only parentheses can produce).
pub(crate) fn qualification(q: &Qualification, parent: Option<Parent>) -> String {
    match q {
        Qualification::Term(t) => term(t),
        Qualification::And(parts) | Qualification::Or(parts) => {
            let (kind, separator) = group(q);
            let text = join(parts, separator, kind);
            if parenthesized(kind, parent) {
                format!("({text})")
            } else {
                text
            }
        }
    }
}

/// The kind of an `and` or `or` group and the words between its parts.
pub(crate) fn group(q: &Qualification) -> (Parent, &'static str) {
    match q {
        Qualification::Or(_) => (Parent::Or, " or "),
        _ => (Parent::And, " and "),
    }
}

/// Whether a group of `kind` under `parent` needs parentheses.
pub(crate) fn parenthesized(kind: Parent, parent: Option<Parent>) -> bool {
    match kind {
        Parent::And => parent == Some(Parent::And),
        Parent::Or => parent.is_some(),
    }
}

pub(crate) fn join(parts: &[Node<Qualification>], separator: &str, parent: Parent) -> String {
    parts
        .iter()
        .map(|p| qualification(p, Some(parent)))
        .collect::<Vec<_>>()
        .join(separator)
}

pub(crate) fn term(t: &Term) -> String {
    format!(
        "{}{}",
        term_head(t),
        string_list(t.codes.iter().map(|c| c.node.as_str()))
    )
}

/// `certified in `, `assessed in all `: a term up to its list.
pub(crate) fn term_head(t: &Term) -> String {
    format!(
        "{} in {}",
        t.class.keyword(),
        if t.all { "all " } else { "" }
    )
}

/// `["a", "b"]`
pub fn string_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.into_iter().map(string).collect();
    format!("[{}]", items.join(", "))
}

/// A quoted string with `"` and `\` escaped.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// A workload or association: bare when it is a plain identifier, else quoted.
pub fn name(text: &str) -> String {
    if is_identifier(text) && text != "via" {
        text.to_string()
    } else {
        string(text)
    }
}

pub fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

pub(crate) fn amount(a: &Amount) -> String {
    if a.is_percent {
        format!("{}%", number::grouped(a.value))
    } else {
        number::amount(a.value, a.is_money)
    }
}

/// `24 hours`, `1 month`: the unit agrees with the count.
pub fn duration(d: &Duration) -> String {
    format!("{} {}", d.count, d.unit.word(d.count))
}

/// `association wait 24 hours`, `subscription until year end`
pub fn setting(s: &Setting) -> String {
    let value = match &s.value.node {
        SettingValue::Duration(d) => duration(d),
        SettingValue::UntilYearEnd => "until year end".to_string(),
        SettingValue::Names(names) => name_list(names),
        SettingValue::Flag => return s.name.node.clone(),
    };
    format!("{} {}", s.name.node, value)
}

/// `competency cloud_platform "Cloud Platform"` (the block's `{` is the layout's).
pub fn competency_header(c: &CompetencyDef) -> String {
    let word = if c.designation {
        "designation"
    } else {
        "competency"
    };
    format!("{word} {} {}", c.id.node, string(&c.title.node))
}

/// `path consumption "Azure consumption"`, or `path skills` without a title.
pub fn path_header(p: &PathDef) -> String {
    match &p.title {
        Some(title) => format!("path {} {}", p.id.node, string(&title.node)),
        None => format!("path {}", p.id.node),
    }
}

/// `benefits ["50 advisory hours", "10 support incidents"]`
pub fn benefits(list: &[Node<String>]) -> String {
    format!(
        "benefits {}",
        string_list(list.iter().map(|b| b.node.as_str()))
    )
}

/// `override "contoso" cloud_platform gold until 2027-06-30 because "..."`
pub fn override_item(o: &OverrideDef) -> String {
    format!(
        "override {} {} {} until {} because {}",
        string(&o.org.node),
        o.competency.node,
        o.level.node.keyword(),
        o.until.node.format("%Y-%m-%d"),
        string(&o.reason.node)
    )
}
