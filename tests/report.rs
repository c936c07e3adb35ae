//! `rules report`, as users rely on it: the page parsed as a browser parses
//! it (html5ever, through scraper), its sections there, every value from
//! the facts escaped, and its numbers the same as `rules eval --summary`
//! and `rules diff --why` print for the same input. The pages in a real
//! browser: tests/report_browser.rs. Like every test but tests/samples.rs,
//! these read their own rules and facts (test case folders), never the
//! shipped `rules/` and `examples/`.

mod support;

use std::path::{Path, PathBuf};

/// Rules and three organizations (one at risk by a departure, one by an
/// expiry, one fine) of the membership tests.
const AT_RISK: &str = "tests/cases/membership/renewal-at-risk";
/// Rules and an organization whose levels lapse before renewal.
const OUTLOOK: &str = "tests/cases/membership/renewal-outlook";

fn at(folder: &str, file: &str) -> String {
    format!("{folder}/{file}")
}

/// The outcomes of `target` under `rules`, through the library.
fn outcomes(rules_path: &str, target: &str) -> Vec<rules::outcome::OrgOutcome> {
    let rule_set = rules::load::load_rule_set(Path::new(rules_path)).expect("the rules check");
    let mut outcomes = Vec::new();
    let problems =
        rules::batch::evaluate_target(&rule_set, Path::new(target), None, |o| outcomes.push(o));
    assert!(problems.is_empty(), "the facts are valid");
    outcomes
}

use scraper::{ElementRef, Html, Selector};
use support::rules;

fn select(selector: &str) -> Selector {
    Selector::parse(selector).unwrap_or_else(|e| panic!("selector {selector}: {e:?}"))
}

/// An element's text, its whitespace runs made single spaces.
fn text(e: ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn texts(page: &Html, selector: &str) -> Vec<String> {
    page.select(&select(selector)).map(text).collect()
}

/// Table rows, each its cells' texts separated by a space.
fn rows(page: &Html, selector: &str) -> Vec<String> {
    page.select(&select(selector))
        .map(|tr| {
            tr.select(&select("th, td"))
                .map(text)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// The first `dl.summary`: each term and what it says.
fn summary(page: &Html) -> Vec<(String, String)> {
    let dl = page
        .select(&select("dl.summary"))
        .next()
        .expect("a summary");
    let (dt, dd) = (select("dt"), select("dd"));
    dl.select(&dt)
        .map(text)
        .zip(dl.select(&dd).map(text))
        .collect()
}

/// What the summary says of `term`.
fn said(page: &Html, term: &str) -> String {
    summary(page)
        .into_iter()
        .find(|(t, _)| t == term)
        .unwrap_or_else(|| panic!("no {term} in the summary"))
        .1
}

/// Runs `rules report ARGS --out FILE` in the crate root; the page, parsed.
fn report(name: &str, args: &[&str]) -> (Html, String) {
    let out = support::scratch(&format!("report-{name}")).join("page.html");
    let mut all: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    all.push("--out".into());
    all.push(out.display().to_string());
    let run = rules(&all).run();
    assert_eq!(run.status, 0, "rules report {args:?}: {}", run.stderr);
    assert!(
        run.stdout
            .starts_with(&format!("wrote {} (", out.display())),
        "says what it wrote: {}",
        run.stdout
    );
    let html = std::fs::read_to_string(&out).expect("the page is written");
    (Html::parse_document(&html), html)
}

/// `rules report` of one organization of a test case, against the case's rules.
fn report_case(name: &str, case: &str, org: &str) -> (Html, String) {
    report(
        name,
        &["report", &at(case, org), "--rules", &at(case, "case.rules")],
    )
}

/// What every page is: one document, one `h1`, nothing loaded from
/// anywhere (no `src`, no external `href`, a policy that forbids it).
fn self_contained(page: &Html, html: &str) {
    assert_eq!(texts(page, "h1").len(), 1, "one h1");
    assert!(
        page.select(&select("[src]")).next().is_none(),
        "nothing has a src"
    );
    for a in page.select(&select("[href]")) {
        let href = a.value().attr("href").expect("href");
        assert!(href.starts_with('#'), "links stay on the page: {href}");
        let id = &href[1..];
        let target = format!("[id=\"{id}\"]");
        assert!(
            page.select(&select(&target)).next().is_some(),
            "link {href} has its target"
        );
    }
    let policy = page
        .select(&select("meta[http-equiv=Content-Security-Policy]"))
        .next()
        .expect("a content security policy")
        .value()
        .attr("content")
        .expect("its content");
    assert!(policy.starts_with("default-src 'none'"), "{policy}");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no URL"
    );
}

#[test]
fn one_organization_has_its_summary_cards_outlook_and_people() {
    let rules_path = at(AT_RISK, "case.rules");
    let (page, html) = report(
        "one",
        &[
            "report",
            &at(AT_RISK, "departure.ron"),
            "--rules",
            &rules_path,
        ],
    );
    self_contained(&page, &html);
    assert_eq!(texts(&page, "h1"), ["departure — Departure Inc"]);
    assert_eq!(
        texts(&page, "h2"),
        [
            "Summary",
            "Every level at a glance",
            "Competencies",
            "Membership",
            "Renewal outlook, through 2027-02-28",
            "People"
        ]
    );
    // The summary first, as `rules eval` says it, and the program's alert
    // word for word.
    let terms: Vec<String> = summary(&page).into_iter().map(|(t, _)| t).collect();
    assert_eq!(terms, ["Eligible", "Held", "Renewal", "Met", "Missed"]);
    assert_eq!(said(&page, "Eligible"), "none");
    assert_eq!(said(&page, "Held"), "Silver, active through 2027-02-28");
    assert_eq!(said(&page, "Renewal"), "AT RISK");
    assert_eq!(said(&page, "Met"), "none");
    assert!(said(&page, "Missed").starts_with("5 levels; the nearest 3:"));
    let alert = texts(&page, ".alert")[0].clone();
    assert!(
        alert.starts_with(rules::explain::words::AT_RISK_ALERT),
        "{alert}"
    );
    assert!(
        alert.contains("Kim (kim@departure.example) left on 2026-09-30"),
        "{alert}"
    );
    // A card per level the rules define, each said met or missed.
    let rule_set = rules::load::load_rule_set(Path::new(&rules_path)).expect("the rules");
    let levels: usize = rule_set.competencies.iter().map(|c| c.levels.len()).sum();
    let cards = texts(&page, "article.card h4");
    assert_eq!(cards.len(), levels);
    assert!(
        cards
            .iter()
            .all(|c| c.ends_with(" MET") || c.ends_with(" MISSED"))
    );
    assert!(cards.contains(&"Cloud Platform Silver MISSED".to_string()));
    // Who did not count, and why; a requirement's numbers beside its bar.
    assert!(html.contains("Kim (kim@departure.example): left on 2026-09-30"));
    let numbers = texts(&page, ".progress .numbers");
    assert!(
        numbers.contains(&"0 of 1, short by 1 (0%)".to_string()),
        "{numbers:?}"
    );
    // Readable without a script: this page has none but the marker the
    // browser test reads.
    assert_eq!(page.select(&select("script")).count(), 1);
}

#[test]
fn the_outlook_is_a_timeline_with_the_lapse_dates() {
    let (rules_path, target) = (at(OUTLOOK, "case.rules"), at(OUTLOOK, "org.ron"));
    let (page, _) = report("outlook", &["report", &target, "--rules", &rules_path]);
    let lapses: Vec<String> = outcomes(&rules_path, &target)[0]
        .outlook
        .iter()
        .filter_map(|l| l.on)
        .map(|on| on.to_string())
        .collect();
    assert!(lapses.len() >= 2, "levels lapse: {lapses:?}");
    let timeline = page
        .select(&select("#outlook ~ figure svg.timeline"))
        .next()
        .expect("a timeline");
    assert_eq!(timeline.value().attr("role"), Some("img"));
    let drawn = text(timeline);
    for on in &lapses {
        assert!(drawn.contains(on.as_str()), "{on} drawn: {drawn}");
    }
    let said = texts(&page, "ul.outlook > li > strong + .tag");
    let expected: Vec<String> = lapses.iter().map(|on| format!("lapses on {on}")).collect();
    assert_eq!(said, expected);
}

#[test]
fn names_from_the_facts_stay_text() {
    let dir = support::scratch("report-escape");
    let evil = "<script>alert('x')</script> & \"Co\"";
    let id = "evil\"><img src=x onerror=alert(1)>";
    let facts = format!(
        "[Organization(id: {id:?}, name: {evil:?}), Organization(id: \"plain\", name: {evil:?})]"
    );
    support::write(&dir.join("evil.ron"), &facts);
    support::write(
        &dir.join("one.ron"),
        &format!("Organization(id: {id:?}, name: {evil:?})"),
    );
    let rules_dir = support::root().join(AT_RISK).join("case.rules");
    for (file, scripts) in [("one.ron", 1), ("evil.ron", 2)] {
        let out = dir.join(format!("{file}.html"));
        let run = rules([
            "report".as_ref(),
            dir.join(file).as_os_str(),
            "--rules".as_ref(),
            rules_dir.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ])
        .run();
        assert_eq!(run.status, 0, "{}", run.stderr);
        let html = std::fs::read_to_string(&out).expect("the page");
        assert!(!html.contains("<script>alert"), "a name is not markup");
        assert!(!html.contains("<img"), "an id is not markup");
        let page = Html::parse_document(&html);
        // Only the page's own scripts, no image: the names are text.
        assert_eq!(page.select(&select("script")).count(), scripts, "{file}");
        assert!(page.select(&select("img")).next().is_none());
        assert!(
            page.root_element()
                .text()
                .collect::<String>()
                .contains(evil),
            "the name reads as written"
        );
        self_contained(&page, &html);
    }
}

/// `rules eval TARGET --summary`'s table: per level, its name, how many
/// met it, and how many are one requirement away.
fn eval_summary(rules_path: &str, target: &str) -> Vec<(String, String, String)> {
    let run = rules(["eval", target, "--summary", "--rules", rules_path]).run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    run.stdout
        .lines()
        .skip(2)
        .map(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            let n = words.len();
            (
                words[..n - 4].join(" "),
                words[n - 4].to_string(),
                words[n - 2].to_string(),
            )
        })
        .collect()
}

#[test]
fn a_population_shows_the_numbers_of_eval() {
    let rules_path = at(AT_RISK, "case.rules");
    let (page, html) = report("population", &["report", AT_RISK, "--rules", &rules_path]);
    self_contained(&page, &html);
    assert_eq!(texts(&page, "h1"), ["Competencies across a population"]);
    assert_eq!(
        texts(&page, "h2"),
        [
            "Summary",
            "Levels met",
            "How far the missed levels are",
            "At risk",
            "Lapses by month",
            "Organizations",
            "Each organization listed"
        ]
    );
    // The levels' table says what `rules eval --summary` says.
    let rows: Vec<(String, String, String)> = page
        .select(&select("table.levels tbody tr"))
        .map(|tr| {
            let th = text(tr.select(&select("th")).next().expect("a name"));
            let tds: Vec<String> = tr.select(&select("td")).map(text).collect();
            (th, tds[0].clone(), tds[3].clone())
        })
        .collect();
    assert_eq!(rows, eval_summary(&rules_path, AT_RISK));

    // Who is at risk, as evaluated.
    let outcomes = outcomes(&rules_path, AT_RISK);
    assert_eq!(outcomes.len(), 3);
    let mut at_risk: Vec<String> = outcomes
        .iter()
        .filter(|o| o.membership.at_risk)
        .map(|o| o.org.clone())
        .collect();
    // The most urgent first: in another order than the input's.
    let mut listed = texts(&page, "#at-risk ~ table tbody th code");
    listed.sort();
    at_risk.sort();
    assert_eq!(listed, at_risk);
    assert_eq!(
        said(&page, "Renewal at risk"),
        format!("{} organizations", at_risk.len())
    );

    // All are listed (fewer than the limit), each with its section.
    let listed = texts(&page, "#org-table tbody th code");
    assert_eq!(listed.len(), outcomes.len());
    assert_eq!(texts(&page, "section.org h3").len(), outcomes.len());
    // Sortable and filterable: the script, and what it works on.
    assert_eq!(page.select(&select("table[data-sortable]")).count(), 1);
    assert_eq!(page.select(&select("script")).count(), 2);

    // Lapses by month add up to the outlooks' lapses.
    let lapses: usize = outcomes
        .iter()
        .map(|o| o.outlook.iter().filter(|l| l.on.is_some()).count())
        .sum();
    let by_month: usize = page
        .select(&select("#lapses ~ table tbody tr td:nth-of-type(1)"))
        .map(|td| text(td).replace(',', "").parse::<usize>().expect("a count"))
        .sum();
    assert_eq!(by_month, lapses);
}

#[test]
fn a_large_population_lists_those_needing_attention_and_says_how_many_more() {
    let dir = support::scratch("report-large-facts");
    let facts = dir.join("generated.ron");
    let rules_path = at(AT_RISK, "case.rules");
    let run = rules([
        "generate",
        "--count",
        "700",
        "--seed",
        "7",
        "--rules",
        &rules_path,
    ])
    .run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    support::write(&facts, &run.stdout);
    let facts = facts.display().to_string();
    let (page, html) = report("large", &["report", &facts, "--rules", &rules_path]);
    self_contained(&page, &html);
    let listed = texts(&page, "#org-table tbody tr").len();
    assert_eq!(listed, rules::report::population::LISTED.min(listed));
    assert!(listed <= rules::report::population::LISTED);
    let note = texts(&page, "#organizations ~ p.note");
    assert!(
        note.iter()
            .any(|n| n.ends_with(&format!("{} more are not.", 700 - listed))),
        "{note:?}"
    );
    assert_eq!(texts(&page, "section.org h3").len(), listed);
    assert_eq!(said(&page, "Organizations"), "700");
    let rows: Vec<String> = page
        .select(&select("table.levels tbody tr td:nth-of-type(1)"))
        .map(text)
        .collect();
    let eval: Vec<String> = eval_summary(&rules_path, &facts)
        .into_iter()
        .map(|(_, met, _)| met)
        .collect();
    assert_eq!(rows, eval);
}

/// The `why` case of `rules diff`: ten kinds of rule change.
fn why_case() -> PathBuf {
    PathBuf::from("tests/cases/diff/why")
}

#[test]
fn a_rule_change_shows_what_diff_why_says() {
    let case = why_case();
    let arg = |f: &str| case.join(f).display().to_string();
    let (page, html) = report(
        "change",
        &[
            "report",
            &arg("partners.ron"),
            "--base",
            &arg("base.rules"),
            "--rules",
            &arg("new.rules"),
            "--as-of",
            "2026-11-23",
        ],
    );
    self_contained(&page, &html);
    assert_eq!(texts(&page, "h1"), ["What a rule change changes"]);
    let run = rules([
        "diff",
        "--base",
        &arg("base.rules"),
        "--rules",
        &arg("new.rules"),
        &arg("partners.ron"),
        "--as-of",
        "2026-11-23",
        "--why",
        "--format",
        "json",
    ])
    .run();
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    // Each rule change, in the words of `rules diff --why`, and how many
    // organizations it flips.
    let rule_changes = lines[0]["rule_changes"].as_array().expect("rule changes");
    let sections: Vec<ElementRef> = page.select(&select("section.rule")).collect();
    assert_eq!(sections.len(), rule_changes.len());
    for (section, change) in sections.iter().zip(rule_changes) {
        let heading = text(section.select(&select("h3")).next().expect("h3"));
        let words = change["text"].as_str().expect("text").replace('`', "");
        assert_eq!(heading, words);
        let flips = text(section.select(&select("p strong")).next().expect("flips"));
        let n = change["organizations"].as_u64().expect("count");
        let expected = if n == 1 {
            "1 organization".to_string()
        } else {
            format!("{n} organizations")
        };
        assert_eq!(flips, expected, "{words}");
        // Of those it flips, per level: no more lose or gain than it flips.
        for tr in section.select(&select("tbody tr")) {
            let cells: Vec<usize> = tr
                .select(&select("td.n"))
                .map(|td| text(td).parse().expect("a count"))
                .collect();
            assert!(
                cells.iter().sum::<usize>() <= n as usize,
                "{words}: {cells:?}"
            );
        }
    }
    // Hand-checked: the Gold threshold rises, and big-cloud loses Gold.
    let gold = sections
        .iter()
        .find(|s| text(s.select(&select("h3")).next().expect("h3")).contains("$100,000 → $150,000"))
        .expect("the gold threshold's change");
    let moves: Vec<String> = gold
        .select(&select("tbody tr"))
        .map(|tr| {
            tr.select(&select("th, td"))
                .map(text)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert_eq!(moves, ["Cloud Platform Gold 1  0 0"]);

    // The levels that move: as `rules diff --why`'s table.
    let summary = lines.last().expect("the summary")["summary"].clone();
    let expected: Vec<String> = summary["competencies"]
        .as_array()
        .expect("levels")
        .iter()
        .filter(|l| {
            ["lost", "gained", "other_path"]
                .iter()
                .any(|k| l[k].as_u64() != Some(0))
                || l["met_before"] != l["met_after"]
        })
        .map(|l| {
            let level = l["level"].as_str().expect("level");
            let level = format!("{}{}", level[..1].to_uppercase(), &level[1..]);
            format!(
                "{} {level} {} {} {}  {} {}",
                l["title"].as_str().expect("title"),
                l["met_before"],
                l["met_after"],
                l["lost"],
                l["gained"],
                l["other_path"]
            )
        })
        .collect();
    assert_eq!(rows(&page, "table.levels tbody tr"), expected);

    // Every changed organization, with the numbers that flipped it.
    assert_eq!(
        texts(&page, "#org-table tbody th code").len(),
        summary["changed"].as_u64().expect("changed") as usize
    );
    let big = rows(&page, "#org-table tbody tr")
        .into_iter()
        .find(|r| r.starts_with("big-cloud"))
        .expect("big-cloud");
    assert!(
        big.contains("LOST Cloud Platform Gold: met by path consumption → missed"),
        "{big}"
    );
    assert!(
        big.contains("revenue azure $120,000 < $150,000 (was ≥ $100,000)"),
        "{big}"
    );
}

#[test]
fn bad_input_is_located_and_fails() {
    let dir = support::scratch("report-bad");
    support::write(
        &dir.join("broken.ron"),
        "Organization(id: \"x\", metrics: [Metric(kind: Revenu)])",
    );
    let out = dir.join("page.html");
    let case_rules = support::root().join(AT_RISK).join("case.rules");
    let run = rules([
        "report".as_ref(),
        dir.join("broken.ron").as_os_str(),
        "--rules".as_ref(),
        case_rules.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ])
    .run();
    assert_eq!(run.status, 1);
    assert!(
        run.stderr.contains("broken.ron:1:"),
        "located: {}",
        run.stderr
    );
    assert!(run.stderr.contains("no page written"), "{}", run.stderr);
    assert!(!out.exists(), "no page for nothing");

    // One broken among good ones: the page is written, and says so; exit 1.
    support::write(
        &dir.join("some/good.ron"),
        &std::fs::read_to_string(at(AT_RISK, "departure.ron")).expect("facts"),
    );
    support::write(
        &dir.join("some/good2.ron"),
        &std::fs::read_to_string(at(AT_RISK, "still-fine.ron")).expect("facts"),
    );
    std::fs::copy(dir.join("broken.ron"), dir.join("some/broken.ron")).expect("copy");
    let run = rules([
        "report".as_ref(),
        dir.join("some").as_os_str(),
        "--rules".as_ref(),
        case_rules.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ])
    .run();
    assert_eq!(run.status, 1, "{}", run.stderr);
    let page = Html::parse_document(&std::fs::read_to_string(&out).expect("the page"));
    let alert = texts(&page, ".alert")[0].clone();
    assert!(
        alert.starts_with("1 organization of 3 could not be evaluated"),
        "{alert}"
    );

    // Rules that do not check: their diagnostics, exit 1.
    support::write(&dir.join("bad.rules"), "competency x {");
    let run = rules([
        "report".as_ref(),
        AT_RISK.as_ref(),
        "--rules".as_ref(),
        dir.join("bad.rules").as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ])
    .run();
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("bad.rules:1:"), "{}", run.stderr);

    // A page that cannot be written.
    let run = rules([
        "report",
        &at(AT_RISK, "still-fine.ron"),
        "--rules",
        &at(AT_RISK, "case.rules"),
        "--out",
        "/proc/no-such-folder/page.html",
    ])
    .run();
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("cannot write"), "{}", run.stderr);
}

#[test]
fn the_page_goes_to_standard_output_with_out_dash() {
    let run = rules([
        "report",
        &at(AT_RISK, "still-fine.ron"),
        "--rules",
        &at(AT_RISK, "case.rules"),
        "--out",
        "-",
    ])
    .run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("<!DOCTYPE html>"));
    assert!(run.stdout.trim_end().ends_with("</html>"));
}

/// A points model of each kind (tests/cases/score): the PCI's bands and
/// best track, and a Solutions Partner designation with its pass mark,
/// `every metric above 0`, a gate and `qualify any day`.
const WORKED: &str = "tests/cases/score/worked-examples";

/// The element with `id`, which must be there.
fn by_id<'a>(page: &'a Html, id: &str) -> ElementRef<'a> {
    page.select(&select(&format!("[id=\"{id}\"]")))
        .next()
        .unwrap_or_else(|| panic!("no element {id}"))
}

fn texts_in(e: ElementRef, selector: &str) -> Vec<String> {
    e.select(&select(selector)).map(text).collect()
}

/// What `rules eval` says of each score in its head line: `27.00 of 100`.
fn eval_totals(rules_path: &str, target: &str) -> Vec<String> {
    let run = rules(["eval", target, "--rules", rules_path]).run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    run.stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("score `"))
        .map(|l| {
            let after = l.split("\": ").nth(1).expect("a total");
            after.split(" (").next().expect("a total").to_string()
        })
        .collect()
}

#[test]
fn a_score_shows_its_total_marks_tracks_metrics_gates_and_steps() {
    let (rules_path, target) = (at(WORKED, "case.rules"), at(WORKED, "org.ron"));
    let (page, html) = report("score", &["report", &target, "--rules", &rules_path]);
    self_contained(&page, &html);

    // The summary names the designation and how far it is; a level the
    // score misses says by how much.
    assert_eq!(
        said(&page, "Designations"),
        "Data & AI: NOT QUALIFIED 0.00 of 100, pass 70"
    );
    let missed = said(&page, "Missed");
    assert!(
        missed.contains("Cloud Business Applications Silver: score pci 27.00 of 60 needed"),
        "{missed}"
    );
    // At a glance: the score beside the levels, the designation's verdict.
    let glance = rows(&page, "table.glance tbody tr");
    assert!(
        glance[0].contains("pci 27.00 of 100 (silver at 60"),
        "{glance:?}"
    );
    assert!(glance[1].contains("NOT QUALIFIED"), "{glance:?}");

    // Each score's total of its maximum is the one `rules eval` prints.
    let totals: Vec<String> = texts(&page, ".card.score .total .numbers")
        .into_iter()
        .map(|t| t.trim_end_matches(" points").to_string())
        .collect();
    assert_eq!(totals, eval_totals(&rules_path, &target));
    assert_eq!(totals[0], "27.00 of 100");

    // The PCI score: its marks, the winning track and what the other
    // scored, every metric's points of its maximum, a line's actual
    // against required and its award, the best steps.
    let pci = by_id(&page, "score-cba");
    assert_eq!(text(pci), "Score pci “Partner Contribution Indicators”");
    let card = pci.parent().and_then(ElementRef::wrap).expect("the card");
    assert_eq!(
        texts_in(card, "ul.marks li"),
        [
            "✗silver at 60: not reached, 33.00 short",
            "✗gold at 80: not reached, 53.00 short"
        ]
    );
    assert_eq!(
        texts_in(card, "p.why"),
        ["Track ce “Customer Engagement” counts: the best, with 27.00 (best track)."]
    );
    assert_eq!(
        rows(&Html::parse_fragment(&card.html()), "table.tracks tbody tr"),
        [
            "ce “Customer Engagement” 27.00 of 45 counts",
            "fo “Finance” 0.00 of 10 not counted"
        ]
    );
    let metrics = rows(
        &Html::parse_fragment(&card.html()),
        "table.metrics tbody tr",
    );
    assert_eq!(metrics[0], "revenue “Net new revenue” 5.00 of 10  ");
    assert_eq!(metrics[3], "na “Not here” n/a  does not apply");
    let lines = texts_in(card, ".metric .line");
    assert!(
        lines[0].contains("$150,000.00 of $300,000")
            && lines[0].contains("5.00 of 10 earned (pro rata)"),
        "{lines:?}"
    );
    assert!(
        lines[2].contains("$150,000.00 found, $1,250 a step: 120.00 earned (1 point per step)"),
        "{lines:?}"
    );
    let steps = texts_in(card, "ol.steps li");
    assert_eq!(
        steps[0],
        "+5.00 $150,000.00 more of revenue for 10 points: revenue d365 via [csp, cpor, dpor] \
         >= $300,000 (developing $150,000) over 12 months (revenue)"
    );
    assert_eq!(
        texts_in(card, "p.blocked"),
        ["Silver (60) is out of reach: the lines can reach 45.00 at most."]
    );

    // The designation: not qualified, the day that counted of six, the
    // gate that blocked its points, and the step that opens it.
    // (`_` in an id is written `_5f` in an element id: src/report/escape.rs.)
    let pcs = by_id(&page, "score-data_5fai");
    assert_eq!(
        text(pcs),
        "Score pcs “Partner capability score” NOT QUALIFIED"
    );
    let card = pcs.parent().and_then(ElementRef::wrap).expect("the card");
    let marks = texts_in(card, "ul.marks li");
    assert_eq!(
        marks,
        [
            "✗pass 70: not reached, 70.00 short",
            "✗every metric above 0: at 0 is intermediate “Intermediate certifications”"
        ]
    );
    let days = rows(&Html::parse_fragment(&card.html()), "table.days tbody tr");
    assert_eq!(days.len(), 6);
    assert_eq!(days[0], "2024-03-15 (counts) 0.00");
    let metrics = rows(
        &Html::parse_fragment(&card.html()),
        "table.metrics tbody tr",
    );
    assert_eq!(
        metrics,
        [
            "Category skilling “Skilling” 0.00 of 40  ",
            "intermediate “Intermediate certifications” 0.00 of 40  \
             BLOCKED a gate is closed (the lines would earn 4.00)"
        ]
    );
    let gate = texts_in(card, ".metric .gate");
    assert_eq!(gate.len(), 1);
    assert!(
        gate[0]
            .starts_with("✗not met: only if 2 people certified in [\"AZ-305\"]1 of 2, short by 1"),
        "{gate:?}"
    );
    assert_eq!(
        texts_in(card, "p.blocked"),
        [
            "A gate is closed: no points (the lines would earn 4.00).",
            "The pass mark (70) is out of reach: the lines can reach 40.00 at most."
        ]
    );
    assert_eq!(
        texts_in(card, "ol.steps li"),
        [
            "+4.00 meet only if 2 people certified in [\"AZ-305\"] (1 more person): \
             intermediate starts to count"
        ]
    );
}

#[test]
fn a_track_chosen_by_its_condition_and_a_plan_to_the_next_mark() {
    let case = "tests/cases/score/when-tracks";
    let (page, html) = report_case("score-when", case, "mid.ron");
    self_contained(&page, &html);
    assert_eq!(
        texts(&page, ".card.score p.why"),
        [
            "Track midmarket “Midmarket” counts: its condition 1 workload with revenue \
             business_applications > $5,000 over 1 month is met, 1 of 1 (enterprise “Enterprise” \
             needs 3 workloads with revenue business_applications > $5,000 over 1 month, 1 of 3)."
        ]
    );
    let tracks = rows(&page, "table.tracks tbody tr");
    assert_eq!(tracks.len(), 3);
    assert!(
        tracks[1].starts_with("midmarket “Midmarket” ✓met: 1 workload"),
        "{tracks:?}"
    );
    assert!(tracks[1].ends_with("20.00 of 20 counts"), "{tracks:?}");
    assert!(
        tracks[2].starts_with("smb “SMB” none (the last track) 20.00"),
        "{tracks:?}"
    );

    let case = "tests/cases/score/customer-measures";
    let (page, html) = report_case("score-plan", case, "org.ron");
    self_contained(&page, &html);
    assert_eq!(
        texts(&page, ".card.score p.plan"),
        ["To Silver (60): 20.00 short; this would reach 70.00:"]
    );
    let plan = texts(&page, ".card.score ol.plan li");
    assert!(
        plan[0].starts_with("+30.00 10 more tenants for 30 points: net 10 tenants"),
        "{plan:?}"
    );

    // A score that counts on an earlier month end of its window: its lines'
    // details are that day's, and say so rather than "now".
    let case = "tests/cases/score/counted-day-details";
    let (page, _) = report_case("score-counted-day", case, "org.ron");
    assert_eq!(
        texts(&page, ".card.score .metric p.detail"),
        [
            "0 tenants met the condition on 2023-11-30, 2 on 2024-01-31.",
            "$50 on 2023-11-30, $1,200 on 2024-01-31 (2300%).",
        ]
    );
    assert_eq!(
        texts(&page, ".card.score .metric p.people"),
        ["Gained: t1 ($0 then, $500 on 2024-01-31), t2 ($0 then, $700 on 2024-01-31)"]
    );
    assert_eq!(
        texts(&page, ".card.score .metric div.detail li"),
        ["Ana (ana): MB-210 passes on 2024-02-10, after the day the score counted, 2024-01-31"]
    );
}

#[test]
fn a_level_met_by_its_score_and_its_lapse_when_the_score_falls() {
    let case = "tests/cases/score/lapse";
    let (page, html) = report_case("score-lapse", case, "org.ron");
    self_contained(&page, &html);
    assert_eq!(
        texts(&page, "article.card.met .verdict"),
        ["Met by score s: 20.00 of 10 needed."]
    );
    assert_eq!(
        texts(&page, "ul.outlook > li > ul > li"),
        ["the score s falls to 0.00, below 10consultants “Consultants”: 10.00 → 0.00 points"]
    );
}

#[test]
fn designations_are_counted_on_the_population_and_change_pages() {
    let case = "tests/cases/score/when-tracks";
    let rules_path = at(case, "case.rules");
    let (page, html) = report(
        "score-population",
        &["report", case, "--rules", &rules_path],
    );
    self_contained(&page, &html);
    let qualified = outcomes(&rules_path, case)
        .iter()
        .filter(|o| {
            o.competencies
                .iter()
                .any(|c| c.designation && c.score.as_ref().is_some_and(|s| s.passed))
        })
        .count();
    assert_eq!(
        rows(&page, "table.designations tbody tr"),
        [format!(
            "Business Applications {qualified} {}% ",
            qualified * 100 / 3
        )]
    );
    assert!(
        said(&page, "Organizations").starts_with('3'),
        "{}",
        said(&page, "Organizations")
    );

    let case = PathBuf::from("tests/cases/diff/track-conditions");
    let arg = |f: &str| case.join(f).display().to_string();
    let (page, html) = report(
        "score-change",
        &[
            "report",
            &arg("fabrikam.ron"),
            "--base",
            &arg("new.rules"),
            "--rules",
            &arg("newer.rules"),
        ],
    );
    self_contained(&page, &html);
    assert_eq!(said(&page, "Designations lost"), "Business Applications 1");
    assert_eq!(said(&page, "Designations gained"), "none");
}
