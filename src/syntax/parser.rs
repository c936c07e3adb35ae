//! Text → syntax tree. pest recognises the grammar in `grammar/rules.pest`;
//! this module turns its pairs into the typed tree of `tree.rs`, converting
//! numbers and dates on the way. Anything that fails becomes a diagnostic.

use std::str::FromStr;
use std::sync::Arc;

use chrono::NaiveDate;
use pest::Parser as _;
use pest::iterators::Pair;
use rust_decimal::Decimal;

use super::describe::describe_pest_error;
use super::error::{NumberKind, SyntaxError, SyntaxErrorKind};
use super::lexer::code_tokens;
use super::tree::*;
use crate::duration::{Duration, TimeUnit};
use crate::number;
use crate::problem::Problem;
use crate::source::{Loc, Node, SourceFile};
use crate::vocabulary::{AchievementClass, Entity, EntityChange, GrowthKind, Level, Metric, Since};

mod descent;
mod score;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/rules.pest"]
struct Grammar;

/// Parses one rule file. On failure, returns every problem found: a grammar
/// error stops the parse, but bad values (an impossible date, a number too
/// large) are all reported.
///
/// Text that parses is read by [`descent`], the grammar written out by hand,
/// several times faster than pest; anything it does not read to the end,
/// pest reads, and describes what is wrong. Both give the same tree.
pub fn parse_rule_file(source: &Arc<SourceFile>) -> Result<RuleFile, Vec<SyntaxError>> {
    // Nesting is checked before either reading: every step after parsing
    // (checking, evaluating, formatting) walks qualifications recursively,
    // so thousands of `(` would overflow the stack somewhere.
    if let Some(error) = nested_too_deeply(source) {
        return Err(vec![error]);
    }
    if let Some(file) = descent::parse(source) {
        return Ok(file);
    }
    parse_with_pest(source)
}

/// [`parse_rule_file`] by pest alone, never by [`descent`]: what the tests
/// and the `rules_text` fuzz target compare the fast reading with.
pub fn parse_rule_file_with_pest(source: &Arc<SourceFile>) -> Result<RuleFile, Vec<SyntaxError>> {
    if let Some(error) = nested_too_deeply(source) {
        return Err(vec![error]);
    }
    parse_with_pest(source)
}

/// The hand-written reading alone: the tree when it reads `source` to the
/// end, `None` when it leaves the text to pest (a syntax error, a bad
/// value, or something it does not know). Whatever tree it gives, pest
/// gives too, places included.
pub fn parse_rule_file_by_descent(source: &Arc<SourceFile>) -> Option<RuleFile> {
    if nested_too_deeply(source).is_some() {
        return None;
    }
    descent::parse(source)
}

fn parse_with_pest(source: &Arc<SourceFile>) -> Result<RuleFile, Vec<SyntaxError>> {
    let mut pairs = match Grammar::parse(Rule::file, source.text()) {
        Ok(pairs) => pairs,
        Err(error) => return Err(vec![describe_pest_error(source, error)]),
    };
    let mut builder = TreeBuilder {
        source,
        errors: Vec::new(),
    };
    let root = pairs
        .next()
        .expect("the grammar's `file` rule always yields one pair");
    let items = parts(root)
        .filter(|p| p.as_rule() != Rule::EOI)
        .map(|p| builder.item(p))
        .collect();
    if builder.errors.is_empty() {
        Ok(RuleFile { items })
    } else {
        Err(builder.errors)
    }
}

/// Builds the syntax tree from pest's pairs, collecting bad values as it goes.
struct TreeBuilder<'s> {
    source: &'s Arc<SourceFile>,
    errors: Vec<SyntaxError>,
}

impl TreeBuilder<'_> {
    fn loc(&self, pair: &Pair<Rule>) -> Loc {
        let span = pair.as_span();
        Loc::new(self.source, span.start()..span.end())
    }

    fn node<T>(&self, value: T, pair: &Pair<Rule>) -> Node<T> {
        Node::new(value, self.loc(pair))
    }

    fn error(&mut self, kind: SyntaxErrorKind, loc: Loc) {
        self.errors.push(Problem::new(kind, loc));
    }

    fn item(&mut self, pair: Pair<Rule>) -> Item {
        match pair.as_rule() {
            Rule::settings => Item::Settings(self.settings(pair)),
            Rule::competency => Item::Competency(self.competency(pair)),
            Rule::override_item => Item::Override(self.override_item(pair)),
            Rule::workload_set => Item::WorkloadSet(self.workload_set(pair)),
            Rule::retired => Item::Retired(self.retired(pair)),
            other => unreachable!("item cannot be {other:?}"),
        }
    }

    fn workload_set(&mut self, pair: Pair<Rule>) -> Node<WorkloadSetDef> {
        let loc = self.loc(&pair);
        let mut inner = parts(pair).filter(|p| p.as_rule() != Rule::equals).skip(1); // kw_workloads
        let name = self.ident(inner.next().expect("set name"));
        let list = inner.next().expect("set workloads");
        let list_loc = self.loc(&list);
        let workloads = parts(list).map(|p| self.name_or_string(p)).collect();
        Node::new(
            WorkloadSetDef {
                name,
                workloads: Node::new(workloads, list_loc),
            },
            loc,
        )
    }

    fn retired(&mut self, pair: Pair<Rule>) -> Node<RetiredDef> {
        let loc = self.loc(&pair);
        let mut inner =
            parts(pair).filter(|p| !matches!(p.as_rule(), Rule::kw_retired | Rule::kw_on));
        let code = self.string(inner.next().expect("retired code"));
        let on = self.date(inner.next().expect("retired date"));
        let accepted_through = inner.next().map(|p| {
            let date = parts(p)
                .find(|d| d.as_rule() == Rule::date)
                .expect("a date");
            self.date(date)
        });
        Node::new(
            RetiredDef {
                code,
                on,
                accepted_through,
            },
            loc,
        )
    }

    fn settings(&mut self, pair: Pair<Rule>) -> Node<SettingsBlock> {
        let loc = self.loc(&pair);
        let entries = parts(pair)
            .filter(|p| p.as_rule() == Rule::setting)
            .map(|p| self.setting(p))
            .collect();
        Node::new(SettingsBlock { entries }, loc)
    }

    fn setting(&mut self, pair: Pair<Rule>) -> Node<Setting> {
        let loc = self.loc(&pair);
        let mut inner = parts(pair);
        let name_pair = inner.next().expect("setting name");
        let words: Vec<&str> = parts(name_pair.clone()).map(|p| p.as_str()).collect();
        let name = self.node(words.join(" "), &name_pair);
        if name_pair.as_rule() == Rule::gold_includes_silver {
            let flag = self.node(SettingValue::Flag, &name_pair);
            return Node::new(Setting { name, value: flag }, loc);
        }
        let value_pair = inner.next().expect("setting value");
        let value = match value_pair.as_rule() {
            Rule::duration => self.duration(value_pair).map(SettingValue::Duration),
            Rule::year_end => self.node(SettingValue::UntilYearEnd, &value_pair),
            Rule::association_list => {
                let loc = self.loc(&value_pair);
                let names = parts(value_pair).map(|p| self.name_or_string(p)).collect();
                Node::new(SettingValue::Names(names), loc)
            }
            other => unreachable!("setting value cannot be {other:?}"),
        };
        Node::new(Setting { name, value }, loc)
    }

    fn duration(&mut self, pair: Pair<Rule>) -> Node<Duration> {
        let loc = self.loc(&pair);
        let mut inner = parts(pair);
        let count = self.count(inner.next().expect("duration count"));
        let unit_text = inner.next().expect("duration unit").as_str();
        let unit = match unit_text.trim_end_matches('s') {
            "hour" => TimeUnit::Hours,
            "day" => TimeUnit::Days,
            _ => TimeUnit::Months,
        };
        Node::new(
            Duration {
                count: count.node,
                unit,
            },
            loc,
        )
    }

    fn competency(&mut self, pair: Pair<Rule>) -> Node<CompetencyDef> {
        let loc = self.loc(&pair);
        let mut inner = parts(pair);
        let designation = inner.next().expect("competency word").as_str() == "designation";
        let id = self.ident(inner.next().expect("competency id"));
        let title = self.string(inner.next().expect("competency title"));
        let mut levels = Vec::new();
        let mut scores = Vec::new();
        for p in inner {
            match p.as_rule() {
                Rule::score => scores.push(self.score(p)),
                _ => levels.push(self.level(p)),
            }
        }
        Node::new(
            CompetencyDef {
                id,
                title,
                levels,
                designation,
                scores,
            },
            loc,
        )
    }

    fn level(&mut self, pair: Pair<Rule>) -> Node<LevelDef> {
        let loc = self.loc(&pair);
        let mut inner = parts(pair);
        let level = self.level_name(inner.next().expect("level name"));
        let items = inner
            .map(|p| match p.as_rule() {
                Rule::path => LevelItem::Path(self.path(p)),
                Rule::benefits => {
                    let list = parts(p).nth(1).expect("benefits list");
                    LevelItem::Benefits(self.string_list(list))
                }
                other => unreachable!("level item cannot be {other:?}"),
            })
            .collect();
        Node::new(LevelDef { level, items }, loc)
    }

    fn level_name(&mut self, pair: Pair<Rule>) -> Node<Level> {
        let level = match pair.as_str() {
            "silver" => Level::Silver,
            _ => Level::Gold,
        };
        self.node(level, &pair)
    }

    fn path(&mut self, pair: Pair<Rule>) -> Node<PathDef> {
        let loc = self.loc(&pair);
        let mut inner = parts(pair).skip(1).peekable(); // kw_path
        let id = self.ident(inner.next().expect("path id"));
        let title = match inner.peek().map(|p| p.as_rule()) {
            Some(Rule::string) => Some(self.string(inner.next().expect("path title"))),
            _ => None,
        };
        let items = inner
            .map(|p| match p.as_rule() {
                Rule::unique_people => PathItem::UniquePeople(self.node((), &p)),
                Rule::performance => {
                    let loc = self.loc(&p);
                    PathItem::Requirement(Node::new(
                        Requirement::Performance(self.performance(p)),
                        loc,
                    ))
                }
                Rule::skill => {
                    let loc = self.loc(&p);
                    PathItem::Requirement(Node::new(Requirement::Skill(self.skill(p)), loc))
                }
                Rule::attested => {
                    let loc = self.loc(&p);
                    PathItem::Requirement(Node::new(Requirement::Attested(self.attested(p)), loc))
                }
                Rule::requires => {
                    let loc = self.loc(&p);
                    PathItem::Requirement(Node::new(Requirement::Requires(self.requires(p)), loc))
                }
                Rule::entity_count => {
                    let loc = self.loc(&p);
                    PathItem::Requirement(Node::new(
                        Requirement::Entities(self.entity_count(p)),
                        loc,
                    ))
                }
                Rule::growth => {
                    let loc = self.loc(&p);
                    PathItem::Requirement(Node::new(Requirement::Growth(self.growth(p)), loc))
                }
                other => unreachable!("path item cannot be {other:?}"),
            })
            .collect();
        Node::new(PathDef { id, title, items }, loc)
    }

    fn attested(&mut self, pair: Pair<Rule>) -> Attested {
        let mut count = None;
        let mut codes = None;
        for part in parts(pair) {
            match part.as_rule() {
                Rule::count => count = Some(self.count(part)),
                Rule::code_list => codes = Some(self.string_list(part)),
                _ => {}
            }
        }
        Attested {
            count,
            codes: codes.expect("codes"),
        }
    }

    fn requires(&mut self, pair: Pair<Rule>) -> Requires {
        let mut inner = parts(pair).skip(1); // kw_requires
        let competency = self.ident(inner.next().expect("competency"));
        let level = self.level_name(inner.next().expect("level"));
        Requires { competency, level }
    }

    fn workload(&mut self, pair: Pair<Rule>) -> Node<WorkloadRef> {
        let loc = self.loc(&pair);
        let inner = parts(pair.clone()).next().expect("workload");
        if inner.as_rule() != Rule::weighted_list {
            let name = self.name_or_string(pair);
            return Node::new(WorkloadRef::Name(name.node), loc);
        }
        let entries = parts(inner)
            .map(|weighted| {
                let entry_loc = self.loc(&weighted);
                let mut parts = parts(weighted).filter(|p| p.as_rule() != Rule::times);
                let workload = self.name_or_string(parts.next().expect("workload name"));
                let weight = parts.next().map(|decimal| {
                    let loc = self.loc(&decimal);
                    self.check_digits(&decimal, None, true);
                    let text = without_separators(decimal.as_str());
                    let value = Decimal::from_str(&text).unwrap_or_else(|_| {
                        self.error(
                            SyntaxErrorKind::NumberTooLarge {
                                what: NumberKind::Amount,
                            },
                            loc.clone(),
                        );
                        Decimal::ONE
                    });
                    Node::new(value, loc)
                });
                Node::new(Weighted { workload, weight }, entry_loc)
            })
            .collect();
        Node::new(WorkloadRef::List(entries), loc)
    }

    fn performance(&mut self, pair: Pair<Rule>) -> Performance {
        self.performance_measure(pair, None)
    }

    /// A performance requirement, or (with `step`) the measure of a `per`
    /// line, which has no threshold of its own: the step stands for it.
    fn performance_measure(&mut self, pair: Pair<Rule>, step: Option<Node<Amount>>) -> Performance {
        let mut metric = None;
        let mut workload = None;
        let mut via = None;
        let mut offer = None;
        let mut threshold = step;
        let mut developing = None;
        let mut developing_by_customer = false;
        let mut in_month = None;
        let mut window_months = None;
        let mut strict = false;
        for part in parts(pair) {
            match part.as_rule() {
                Rule::metric => metric = Some(self.metric(part)),
                Rule::workload => workload = Some(self.workload(part)),
                Rule::offer_filter => offer = Some(self.offer_filter(part)),
                Rule::via => via = Some(self.via(part)),
                Rule::at_least => {}
                Rule::comparison => {
                    strict = parts(part).any(|p| p.as_rule() == Rule::more_than);
                }
                Rule::amount => threshold = Some(self.amount(part)),
                Rule::developing => {
                    let (amount, by_customer) = self.developing(part);
                    developing = Some(amount);
                    developing_by_customer = by_customer;
                }
                Rule::in_a_month => in_month = Some(self.node((), &part)),
                Rule::window => window_months = Some(self.window(part)),
                other => unreachable!("performance part cannot be {other:?}"),
            }
        }
        Performance {
            metric: metric.expect("metric"),
            workload: workload.expect("workload"),
            via,
            offer,
            threshold: threshold.expect("threshold"),
            developing,
            developing_by_customer,
            in_month,
            window_months,
            strict,
        }
    }

    fn metric(&mut self, pair: Pair<Rule>) -> Node<Metric> {
        let m = match pair.as_str() {
            "revenue" => Metric::Revenue,
            "customers" => Metric::Customers,
            "seats" => Metric::Seats,
            "devices" => Metric::Devices,
            _ => Metric::Usage,
        };
        self.node(m, &pair)
    }

    fn offer_filter(&mut self, pair: Pair<Rule>) -> Node<OfferFilter> {
        let loc = self.loc(&pair);
        let mut not = false;
        let mut values = Vec::new();
        for p in parts(pair) {
            match p.as_rule() {
                Rule::kw_not => not = true,
                Rule::value_list => values = parts(p).map(|v| self.name_or_string(v)).collect(),
                _ => {}
            }
        }
        Node::new(OfferFilter { not, values }, loc)
    }

    fn via(&mut self, pair: Pair<Rule>) -> Node<Vec<Node<String>>> {
        let loc = self.loc(&pair);
        let list = parts(pair)
            .find(|p| p.as_rule() == Rule::association_list)
            .expect("association list");
        let names = parts(list).map(|p| self.name_or_string(p)).collect();
        Node::new(names, loc)
    }

    /// `(developing AMOUNT [by customer])`: the amount, and whether `by customer`.
    fn developing(&mut self, pair: Pair<Rule>) -> (Node<Amount>, bool) {
        let mut inner = parts(pair).skip(1); // kw_developing
        let amount = inner.next().expect("developing amount");
        let amount = self.amount(amount);
        (amount, inner.next().is_some())
    }

    fn window(&mut self, pair: Pair<Rule>) -> Node<u32> {
        let count = parts(pair).nth(1).expect("window months");
        self.count(count)
    }

    fn since(&mut self, pair: Pair<Rule>) -> Node<Since> {
        let loc = self.loc(&pair);
        let what = parts(pair).nth(1).expect("since what");
        let since = match what.as_rule() {
            Rule::date => Since::Date(self.date(what).node),
            _ => {
                let count = parts(what).next().expect("months");
                Since::MonthsAgo(self.count(count).node)
            }
        };
        Node::new(since, loc)
    }

    /// `[net|new] N tenants [(developing N)] with CONDITION [since ...]`
    fn entity_count(&mut self, pair: Pair<Rule>) -> EntityCount {
        let mut change = None;
        let mut count = None;
        let mut entity = None;
        let mut developing = None;
        let mut developing_by_customer = false;
        let mut condition = None;
        let mut since = None;
        for part in parts(pair) {
            match part.as_rule() {
                Rule::change_word => {
                    let c = match part.as_str() {
                        "net" => EntityChange::Net,
                        _ => EntityChange::New,
                    };
                    change = Some(self.node(c, &part));
                }
                Rule::count => count = Some(self.count(part)),
                Rule::entity_word => {
                    let e = if part.as_str().starts_with("tenant") {
                        Entity::Tenants
                    } else {
                        Entity::Workloads
                    };
                    entity = Some(self.node(e, &part));
                }
                Rule::developing => {
                    let (amount, by_customer) = self.developing(part);
                    developing = Some(amount);
                    developing_by_customer = by_customer;
                }
                Rule::kw_with => {}
                Rule::condition => {
                    let loc = self.loc(&part);
                    condition = Some(Node::new(self.performance(part), loc));
                }
                Rule::since => since = Some(self.since(part)),
                other => unreachable!("tenant count part cannot be {other:?}"),
            }
        }
        EntityCount {
            change,
            count: count.expect("count"),
            entity: entity.expect("entity"),
            developing,
            developing_by_customer,
            condition: condition.expect("condition"),
            since,
        }
    }

    /// What a growth or change compares: a measure of workloads, or people.
    pub(super) fn growth_of(&mut self, part: Pair<Rule>) -> Node<GrowthOf> {
        let loc = self.loc(&part);
        let mut inner = parts(part).peekable();
        let measure = if inner.peek().map(|p| p.as_rule()) == Some(Rule::people_of) {
            let people = inner.next().expect("people");
            let q = parts(people).nth(1).expect("qualification");
            GrowthOf::People(self.qualification(q))
        } else {
            let mut metric = None;
            let mut workload = None;
            let mut via = None;
            let mut offer = None;
            for p in inner {
                match p.as_rule() {
                    Rule::metric => metric = Some(self.metric(p)),
                    Rule::workload => workload = Some(self.workload(p)),
                    Rule::via => via = Some(self.via(p)),
                    Rule::offer_filter => offer = Some(self.offer_filter(p)),
                    other => unreachable!("measure part cannot be {other:?}"),
                }
            }
            GrowthOf::Measure(Measure {
                metric: metric.expect("metric"),
                workload: workload.expect("workload"),
                via,
                offer,
            })
        };
        Node::new(measure, loc)
    }

    /// `growth|change MEASURE >= AMOUNT ... [with baseline >= AMOUNT ...]`
    fn growth(&mut self, pair: Pair<Rule>) -> Growth {
        let mut kind = None;
        let mut of = None;
        let mut threshold = None;
        let mut developing = None;
        let mut developing_by_customer = false;
        let mut window_months = None;
        let mut since = None;
        let mut baseline = None;
        for part in parts(pair) {
            match part.as_rule() {
                Rule::growth_word => {
                    let k = match part.as_str() {
                        "growth" => GrowthKind::Growth,
                        _ => GrowthKind::Change,
                    };
                    kind = Some(self.node(k, &part));
                }
                Rule::growth_of => of = Some(self.growth_of(part)),
                Rule::at_least => {}
                Rule::amount => threshold = Some(self.amount(part)),
                Rule::developing => {
                    let (amount, by_customer) = self.developing(part);
                    developing = Some(amount);
                    developing_by_customer = by_customer;
                }
                Rule::window => window_months = Some(self.window(part)),
                Rule::since => since = Some(self.since(part)),
                Rule::baseline => {
                    let loc = self.loc(&part);
                    let mut floor = None;
                    let mut floor_developing = None;
                    let mut by_customer = false;
                    for p in parts(part) {
                        match p.as_rule() {
                            Rule::amount => floor = Some(self.amount(p)),
                            Rule::developing => {
                                let (amount, by) = self.developing(p);
                                floor_developing = Some(amount);
                                by_customer = by;
                            }
                            _ => {}
                        }
                    }
                    baseline = Some(Node::new(
                        Baseline {
                            floor: floor.expect("floor"),
                            developing: floor_developing,
                            developing_by_customer: by_customer,
                        },
                        loc,
                    ));
                }
                other => unreachable!("growth part cannot be {other:?}"),
            }
        }
        Growth {
            kind: kind.expect("kind"),
            of: of.expect("measure"),
            threshold: threshold.expect("threshold"),
            developing,
            developing_by_customer,
            window_months,
            since,
            baseline,
        }
    }

    fn amount(&mut self, pair: Pair<Rule>) -> Node<Amount> {
        let loc = self.loc(&pair);
        let form = parts(pair).next().expect("amount form");
        let is_percent = form.as_rule() == Rule::percent_amount;
        let is_money = !is_percent && form.as_rule() != Rule::plain_amount;
        let decimal = parts(form)
            .find(|p| p.as_rule() == Rule::decimal)
            .expect("amount digits");
        let shown = if is_money {
            match decimal.as_str() {
                d if loc.text().starts_with('$') => format!("${d}"),
                d => format!("{d} USD"),
            }
        } else {
            decimal.as_str().to_string()
        };
        self.check_digits(&decimal, is_money.then_some(shown), true);
        let text = without_separators(decimal.as_str());
        let value = match Decimal::from_str(&text) {
            Ok(value) => value,
            Err(_) => {
                let loc = self.loc(&decimal);
                self.error(
                    SyntaxErrorKind::NumberTooLarge {
                        what: NumberKind::Amount,
                    },
                    loc,
                );
                Decimal::ZERO
            }
        };
        Node::new(
            Amount {
                value,
                is_money,
                is_percent,
            },
            loc,
        )
    }

    fn skill(&mut self, pair: Pair<Rule>) -> Skill {
        let mut inner = parts(pair);
        let count = self.count(inner.next().expect("skill count"));
        let _person_word = inner.next();
        let qualification = self.qualification(inner.next().expect("qualification"));
        let of_which = inner.next().map(|p| {
            let loc = self.loc(&p);
            let mut inner =
                parts(p).filter(|q| matches!(q.as_rule(), Rule::count | Rule::qualification));
            let count = self.count(inner.next().expect("of which count"));
            let qualification = self.qualification(inner.next().expect("of which qualification"));
            Node::new(
                OfWhich {
                    count,
                    qualification,
                },
                loc,
            )
        });
        Skill {
            count,
            qualification,
            of_which,
        }
    }

    /// `a or b or c`, each a conjunction; a single alternative is returned as is.
    fn qualification(&mut self, pair: Pair<Rule>) -> Node<Qualification> {
        let loc = self.loc(&pair);
        let mut alternatives: Vec<_> = parts(pair)
            .filter(|p| p.as_rule() == Rule::conjunction)
            .map(|p| self.conjunction(p))
            .collect();
        if alternatives.len() == 1 {
            alternatives.pop().expect("one alternative")
        } else {
            Node::new(Qualification::Or(alternatives), loc)
        }
    }

    fn conjunction(&mut self, pair: Pair<Rule>) -> Node<Qualification> {
        let loc = self.loc(&pair);
        let mut terms: Vec<_> = parts(pair)
            .filter(|p| p.as_rule() == Rule::term)
            .map(|p| self.term(p))
            .collect();
        if terms.len() == 1 {
            terms.pop().expect("one term")
        } else {
            Node::new(Qualification::And(terms), loc)
        }
    }

    fn term(&mut self, pair: Pair<Rule>) -> Node<Qualification> {
        let loc = self.loc(&pair);
        let mut inner = parts(pair).peekable();
        let first = inner.next().expect("term content");
        if first.as_rule() == Rule::qualification {
            // Parentheses: keep the inner node, spanning the parentheses too.
            let mut q = self.qualification(first);
            q.loc = loc;
            return q;
        }
        let class = match first.as_str() {
            "certified" => AchievementClass::Certified,
            _ => AchievementClass::Assessed,
        };
        let _kw_in = inner.next();
        let all = inner.peek().map(|p| p.as_rule()) == Some(Rule::all);
        if all {
            inner.next();
        }
        let codes = self.string_list(inner.next().expect("code list"));
        Node::new(Qualification::Term(Term { class, all, codes }), loc)
    }

    fn override_item(&mut self, pair: Pair<Rule>) -> Node<OverrideDef> {
        let loc = self.loc(&pair);
        let mut inner = parts(pair).filter(|p| {
            !matches!(
                p.as_rule(),
                Rule::kw_override | Rule::kw_until | Rule::kw_because
            )
        });
        let org = self.string(inner.next().expect("override org"));
        let competency = self.ident(inner.next().expect("override competency"));
        let level = self.level_name(inner.next().expect("override level"));
        let until = self.date(inner.next().expect("override date"));
        let reason = self.string(inner.next().expect("override reason"));
        Node::new(
            OverrideDef {
                org,
                competency,
                level,
                until,
                reason,
            },
            loc,
        )
    }

    fn date(&mut self, pair: Pair<Rule>) -> Node<NaiveDate> {
        let loc = self.loc(&pair);
        match NaiveDate::parse_from_str(pair.as_str(), "%Y-%m-%d") {
            Ok(date) => Node::new(date, loc),
            Err(_) => {
                self.error(
                    SyntaxErrorKind::InvalidDate {
                        text: pair.as_str().to_string(),
                    },
                    loc.clone(),
                );
                Node::new(NaiveDate::MIN, loc)
            }
        }
    }

    fn count(&mut self, pair: Pair<Rule>) -> Node<u32> {
        self.check_digits(&pair, None, false);
        let loc = self.loc(&pair);
        match without_separators(pair.as_str()).parse::<u32>() {
            Ok(n) => Node::new(n, loc),
            Err(_) => {
                self.error(
                    SyntaxErrorKind::NumberTooLarge {
                        what: NumberKind::Count,
                    },
                    loc.clone(),
                );
                Node::new(0, loc)
            }
        }
    }

    fn ident(&self, pair: Pair<Rule>) -> Node<String> {
        self.node(pair.as_str().to_string(), &pair)
    }

    /// An identifier (`azure`) or a string (`"office 365"`); both name the same thing.
    fn name_or_string(&self, pair: Pair<Rule>) -> Node<String> {
        let loc = self.loc(&pair);
        let inner = parts(pair).next().expect("name");
        let text = match inner.as_rule() {
            Rule::string => unescape(parts(inner).next().map_or("", |p| p.as_str())),
            _ => inner.as_str().to_string(),
        };
        Node::new(text, loc)
    }

    fn string(&self, pair: Pair<Rule>) -> Node<String> {
        let text = unescape(parts(pair.clone()).next().map_or("", |p| p.as_str()));
        self.node(text, &pair)
    }

    fn string_list(&self, pair: Pair<Rule>) -> Node<Vec<Node<String>>> {
        let loc = self.loc(&pair);
        let items = parts(pair).map(|p| self.string(p)).collect();
        Node::new(items, loc)
    }
}

/// How deep parentheses may nest. Real qualifications use two or three
/// levels; this is far beyond any of them and far below what overflows.
pub const MAX_NESTING: usize = 64;

/// The first `(` nested more than [`MAX_NESTING`] deep, outside strings and
/// comments, as a diagnostic. Unbalanced parentheses are left to the parser.
fn nested_too_deeply(source: &Arc<SourceFile>) -> Option<SyntaxError> {
    let mut depth = 0usize;
    let text = source.text();
    // Fewer `(` in all than the limit cannot nest past it: no need to read the tokens.
    if text.bytes().filter(|b| *b == b'(').count() <= MAX_NESTING {
        return None;
    }
    for token in code_tokens(text) {
        match token.text(text) {
            "(" => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(Problem::new(
                        SyntaxErrorKind::NestedTooDeeply { max: MAX_NESTING },
                        Loc::new(source, token.range()),
                    ));
                }
            }
            ")" => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The pairs inside `pair`, less punctuation: the grammar names it only so
/// that a syntax error can say it was expected.
fn parts(pair: Pair<'_, Rule>) -> impl Iterator<Item = Pair<'_, Rule>> {
    pair.into_inner().filter(|p| {
        !matches!(
            p.as_rule(),
            Rule::open_brace
                | Rule::close_brace
                | Rule::close_bracket
                | Rule::close_paren
                | Rule::comma
                | Rule::equals
                | Rule::times
        )
    })
}

impl TreeBuilder<'_> {
    /// Numbers are written as people read them: separators only between
    /// thousands, one kind per number, and money in cents at most. A number
    /// that breaks this is an error, never a quiet change of meaning.
    /// `money`: the amount as written, when it is money; `fractional`:
    /// whether a decimal point could be meant (an amount, not a count).
    fn check_digits(&mut self, pair: &Pair<Rule>, money: Option<String>, fractional: bool) {
        let written = pair.as_str();
        let (whole, fraction) = written.split_once('.').unwrap_or((written, ""));
        if let Err(mistake) = number::check_groups(whole) {
            // `15,00`: perhaps a decimal comma.
            let groups: Vec<&str> = whole.split([',', '_']).collect();
            let decimal =
                (fractional && groups.len() == 2 && groups[1].len() < 3 && fraction.is_empty())
                    .then(|| format!("{}.{}", groups[0], groups[1]));
            let kind = SyntaxErrorKind::DigitGroups {
                written: written.to_string(),
                mistake,
                regrouped: number::regrouped(whole),
                decimal,
            };
            let loc = self.loc(pair);
            self.error(kind, loc);
        } else if let Some(written) = money.filter(|_| fraction.len() > 2) {
            // `$100.000`: perhaps thousands written with a point.
            let thousands = (fraction.len() == 3 && !whole.contains([',', '_']))
                .then(|| format!("${}", number::regrouped(&format!("{whole}{fraction}"))));
            let kind = SyntaxErrorKind::MoneyDecimals { written, thousands };
            let loc = self.loc(pair);
            self.error(kind, loc);
        }
    }
}

/// `15,000` and `15_000` mean 15000.
fn without_separators(digits: &str) -> String {
    digits.chars().filter(|c| *c != ',' && *c != '_').collect()
}

/// The grammar admits only `\"` and `\\`.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}
