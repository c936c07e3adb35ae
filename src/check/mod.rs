//! Syntax trees → checked rule set. Reports every problem it finds, not only
//! the first, so a program manager can fix a rule file in one pass.

pub mod error;

use std::collections::HashMap;

use rust_decimal::Decimal;

pub use error::CheckError;
use error::FirstPlace;

use crate::duration::TimeUnit;
use crate::ruleset::*;
use crate::source::{Node, SourceMap, Span};
use crate::suggest::did_you_mean;
use crate::syntax::print;
use crate::syntax::tree::{self, Item, LevelItem, PathItem, SettingValue};
use crate::vocabulary::{Level, Metric};

/// Settings a rule file may give, as written.
const SETTING_NAMES: [&str; 3] = ["association wait", "subscription", "renewal grace"];

/// Checks the parsed files of one rule set, in the order given (files sorted
/// by path), and builds the rule set when nothing is wrong.
pub fn check(files: &[tree::RuleFile], sources: SourceMap) -> Result<RuleSet, Vec<CheckError>> {
    let mut checker = Checker {
        sources: &sources,
        errors: Vec::new(),
    };
    let mut settings: Option<(Settings, Span)> = None;
    let mut competencies: Vec<Competency> = Vec::new();
    // Id → where it was first defined: one look per competency, however many.
    let mut first_ids: HashMap<&str, Span> = HashMap::new();
    let mut override_defs = Vec::new();
    for item in files.iter().flat_map(|f| &f.items) {
        match item {
            Item::Settings(block) => match &settings {
                Some((_, first)) => checker.duplicate_settings(*first, block.span),
                None => settings = Some((checker.settings(block), block.span)),
            },
            Item::Competency(def) => {
                match first_ids.get(def.id.node.as_str()) {
                    Some(first) => checker.duplicate_competency(*first, def),
                    None => {
                        first_ids.insert(&def.id.node, def.id.span);
                    }
                }
                competencies.push(checker.competency(def));
            }
            Item::Override(def) => override_defs.push(def),
        }
    }
    let settings = settings.map(|(s, _)| s).unwrap_or_default();
    let overrides = checker.overrides(&override_defs, &competencies);
    if checker.errors.is_empty() {
        Ok(RuleSet {
            settings,
            competencies,
            overrides,
            sources,
        })
    } else {
        Err(checker.errors)
    }
}

struct Checker<'a> {
    sources: &'a SourceMap,
    errors: Vec<CheckError>,
}

impl Checker<'_> {
    fn src(&self, span: Span) -> std::sync::Arc<crate::source::SourceFile> {
        self.sources.get(span.file).clone()
    }

    fn duplicate_competency(&mut self, first: Span, def: &Node<tree::CompetencyDef>) {
        let place = FirstPlace::of(
            self.sources,
            first,
            def.id.span,
            &format!("`{}`", def.id.node),
        );
        self.errors.push(CheckError::DuplicateCompetency {
            src: self.src(def.id.span),
            span: def.id.span.into(),
            first: place.same_file,
            elsewhere: place.other_file,
            id: def.id.node.clone(),
        });
    }

    // ------------------------------------------------------------ settings

    fn duplicate_settings(&mut self, first: Span, again: Span) {
        let first = keyword_span(first, "settings");
        let again = keyword_span(again, "settings");
        let place = FirstPlace::of(self.sources, first, again, "`settings`");
        self.errors.push(CheckError::DuplicateSettings {
            src: self.src(again),
            span: again.into(),
            first: place.same_file,
            elsewhere: place.other_file,
        });
    }

    fn settings(&mut self, block: &Node<tree::SettingsBlock>) -> Settings {
        let mut settings = Settings::default();
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for entry in &block.entries {
            let name = entry.name.node.as_str();
            if !SETTING_NAMES.contains(&name) {
                let help = match did_you_mean(name, SETTING_NAMES) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("the settings are `{}`", SETTING_NAMES.join("`, `")),
                };
                self.errors.push(CheckError::UnknownSetting {
                    src: self.src(entry.name.span),
                    span: entry.name.span.into(),
                    name: name.to_string(),
                    help,
                });
                continue;
            }
            if let Some(first) = seen.insert(name, entry.name.span) {
                self.errors.push(CheckError::DuplicateSetting {
                    src: self.src(entry.span),
                    span: entry.name.span.into(),
                    first: Some(first.into()),
                    name: name.to_string(),
                });
                continue;
            }
            self.setting(&mut settings, name, &entry.value);
        }
        settings
    }

    fn setting(&mut self, settings: &mut Settings, name: &str, value: &Node<SettingValue>) {
        let span = value.span;
        let bad = |value: &str, help: &str| CheckError::SettingValue {
            src: self.src(span),
            span: span.into(),
            name: match name {
                "association wait" => "association wait",
                "subscription" => "subscription",
                _ => "renewal grace",
            },
            value: value.to_string(),
            help: help.to_string(),
        };
        match (name, value.node) {
            ("subscription", SettingValue::UntilYearEnd) => {
                settings.subscription = Subscription::UntilYearEnd
            }
            (_, SettingValue::UntilYearEnd) => self.errors.push(bad(
                "`until year end`",
                "only `subscription` can run `until year end`; give a duration, like `30 days`",
            )),
            ("subscription", SettingValue::Duration(d)) if d.unit == TimeUnit::Hours => {
                self.errors.push(bad(
                    "counted in hours",
                    "give the subscription in months or days, or `until year end`",
                ))
            }
            ("subscription", SettingValue::Duration(d)) if d.count == 0 => self.errors.push(bad(
                "zero",
                "a subscription must last at least a day, like `12 months`",
            )),
            ("subscription", SettingValue::Duration(d)) => {
                settings.subscription = Subscription::For(d)
            }
            ("renewal grace", SettingValue::Duration(d)) if d.unit == TimeUnit::Hours => {
                self.errors.push(bad(
                    "counted in hours",
                    "memberships are valid for whole days: give the grace in days or months",
                ))
            }
            ("renewal grace", SettingValue::Duration(d)) => settings.renewal_grace = d,
            (_, SettingValue::Duration(d)) => settings.association_wait = d,
        }
    }

    // --------------------------------------------------------- competencies

    fn competency(&mut self, def: &Node<tree::CompetencyDef>) -> Competency {
        let id = def.id.node.clone();
        if def.levels.is_empty() {
            self.errors.push(CheckError::NoLevels {
                src: self.src(def.span),
                span: def.id.span.into(),
                id: id.clone(),
            });
        }
        let mut levels: Vec<LevelRules> = Vec::new();
        let mut level_spans: HashMap<Level, Span> = HashMap::new();
        for level_def in &def.levels {
            let level = level_def.level.node;
            if let Some(first) = level_spans.insert(level, level_def.level.span) {
                self.errors.push(CheckError::DuplicateLevel {
                    src: self.src(level_def.span),
                    span: level_def.level.span.into(),
                    first: Some(first.into()),
                    competency: id.clone(),
                    level: level.keyword(),
                });
                continue;
            }
            levels.push(self.level(&id, level_def));
        }
        levels.sort_by_key(|l| l.level);
        Competency {
            id,
            title: def.title.node.clone(),
            levels,
            span: def.span,
            id_span: def.id.span,
        }
    }

    fn level(&mut self, competency: &str, def: &Node<tree::LevelDef>) -> LevelRules {
        let level = def.level.node;
        let mut paths: Vec<PathRules> = Vec::new();
        let mut path_spans: HashMap<&str, Span> = HashMap::new();
        let mut benefits: Option<&Node<Vec<Node<String>>>> = None;
        for item in &def.items {
            match item {
                LevelItem::Path(path) => {
                    if let Some(first) = path_spans.insert(&path.id.node, path.id.span) {
                        self.errors.push(CheckError::DuplicatePath {
                            src: self.src(path.span),
                            span: path.id.span.into(),
                            first: Some(first.into()),
                            path: path.id.node.clone(),
                            competency: competency.to_string(),
                            level: level.keyword(),
                        });
                    }
                    paths.push(self.path(path));
                }
                LevelItem::Benefits(list) => match benefits {
                    Some(first) => self.errors.push(CheckError::DuplicateBenefits {
                        src: self.src(list.span),
                        span: list.span.into(),
                        first: Some(first.span.into()),
                        competency: competency.to_string(),
                        level: level.keyword(),
                    }),
                    None => benefits = Some(list),
                },
            }
        }
        if paths.is_empty() {
            self.errors.push(CheckError::NoPaths {
                src: self.src(def.span),
                span: def.level.span.into(),
                competency: competency.to_string(),
                level: level.keyword(),
            });
        }
        LevelRules {
            level,
            paths,
            benefits: benefits
                .map(|b| b.iter().map(|s| s.node.clone()).collect())
                .unwrap_or_default(),
            benefits_written: benefits.map(|b| b.node.clone()).unwrap_or_default(),
            span: def.span,
        }
    }

    fn path(&mut self, def: &Node<tree::PathDef>) -> PathRules {
        let mut unique: Option<Span> = None;
        let mut requirements = Vec::new();
        for item in &def.items {
            match item {
                PathItem::UniquePeople(marker) => match unique {
                    Some(first) => self.errors.push(CheckError::DuplicateUniquePeople {
                        src: self.src(marker.span),
                        span: marker.span.into(),
                        first: first.into(),
                        path: def.id.node.clone(),
                    }),
                    None => unique = Some(marker.span),
                },
                PathItem::Requirement(req) => requirements.push(self.requirement(req)),
            }
        }
        PathRules {
            id: def.id.node.clone(),
            title: def.title.as_ref().map(|t| t.node.clone()),
            unique_people: unique.is_some(),
            requirements,
            span: def.span,
            id_span: def.id.span,
        }
    }

    fn requirement(&mut self, req: &Node<tree::Requirement>) -> Requirement {
        let rule = match &req.node {
            tree::Requirement::Performance(p) => RequirementRule::Performance(self.performance(p)),
            tree::Requirement::Skill(s) => RequirementRule::Skill(self.skill(s)),
        };
        Requirement {
            text: print::requirement(&req.node).into(),
            rule,
            span: req.span,
            places: places(&req.node),
        }
    }

    fn performance(&mut self, p: &tree::Performance) -> PerformanceRule {
        let metric = p.metric.node;
        self.amount(metric, &p.threshold);
        if let Some(developing) = &p.developing {
            self.amount(metric, developing);
        }
        if let Some(via) = &p.via {
            if via.is_empty() {
                self.errors.push(CheckError::EmptyList {
                    src: self.src(via.span),
                    span: via.span.into(),
                    what: "association list",
                    help: "list the associations that count, like `via [dpor, tpor]`, or leave out `via` to count every record",
                });
            }
        }
        if let Some(months) = &p.window_months {
            if months.node == 0 {
                self.errors.push(CheckError::ZeroCount {
                    src: self.src(months.span),
                    span: months.span.into(),
                    message: "a window of 0 months holds no days",
                    help: "the usual window is `over 12 months`",
                });
            }
        }
        PerformanceRule {
            metric,
            workload: p.workload.node.clone(),
            via: p
                .via
                .as_ref()
                .map(|v| v.iter().map(|n| n.node.clone()).collect()),
            threshold: p.threshold.value,
            developing: p.developing.as_ref().map(|d| d.value),
            window_months: p.window_months.as_ref().map(|m| m.node),
        }
    }

    /// Revenue is money; customers, seats and usage are whole numbers; none is zero.
    fn amount(&mut self, metric: Metric, amount: &Node<tree::Amount>) {
        let span = amount.span;
        if metric.is_money() && !amount.is_money {
            self.errors.push(CheckError::AmountKind {
                src: self.src(span),
                span: span.into(),
                metric: "revenue",
                expected: "money",
                found: "a plain number",
                help: format!(
                    "write it as money: `${}` or `{} USD`",
                    crate::number::grouped(amount.value),
                    amount.value
                ),
            });
        } else if !metric.is_money() && amount.is_money {
            self.errors.push(CheckError::AmountKind {
                src: self.src(span),
                span: span.into(),
                metric: metric.keyword(),
                expected: "counts, not money",
                found: "money",
                help: format!(
                    "write the number alone: `{}`",
                    crate::number::grouped(amount.value)
                ),
            });
        } else if !metric.is_money() && amount.value.fract() != Decimal::ZERO {
            self.errors.push(CheckError::FractionalCount {
                src: self.src(span),
                span: span.into(),
                metric: metric.keyword(),
                rounded: amount.value.ceil().to_string(),
            });
        }
        if amount.value.is_zero() {
            self.errors.push(CheckError::ZeroThreshold {
                src: self.src(span),
                span: span.into(),
            });
        }
    }

    fn skill(&mut self, s: &tree::Skill) -> SkillRule {
        if s.count.node == 0 {
            self.errors.push(CheckError::ZeroCount {
                src: self.src(s.count.span),
                span: s.count.span.into(),
                message: "this requirement asks for 0 people",
                help: "ask for at least 1 person, or remove the requirement",
            });
        }
        let qualification = self.qualification(&s.qualification);
        let of_which = s.of_which.as_ref().map(|o| {
            if o.count.node == 0 {
                self.errors.push(CheckError::ZeroCount {
                    src: self.src(o.count.span),
                    span: o.count.span.into(),
                    message: "`of which 0` asks for nobody",
                    help: "ask for at least 1 of the people counted, or remove `of which`",
                });
            } else if o.count.node > s.count.node {
                self.errors.push(CheckError::OfWhichTooLarge {
                    src: self.src(o.count.span),
                    span: o.count.span.into(),
                    whole_span: s.count.span.into(),
                    part: o.count.node,
                    whole: s.count.node,
                });
            }
            OfWhichRule {
                text: print::of_which(o).into(),
                count: o.count.node,
                qualification: self.qualification(&o.qualification),
            }
        });
        let codes = qualification
            .codes()
            .into_iter()
            .map(|(class, code)| (class, code.to_string()))
            .collect();
        SkillRule {
            count: s.count.node,
            qualification,
            codes,
            of_which,
        }
    }

    fn qualification(&mut self, q: &Node<tree::Qualification>) -> Qualification {
        match &q.node {
            tree::Qualification::Term(term) => {
                if term.codes.is_empty() {
                    self.errors.push(CheckError::EmptyList {
                        src: self.src(term.codes.span),
                        span: term.codes.span.into(),
                        what: "code list",
                        help: "list the exam, certification or assessment codes that count, like `[\"70-533\"]`",
                    });
                }
                Qualification::Holds {
                    class: term.class,
                    all: term.all,
                    codes: term.codes.iter().map(|c| c.node.clone()).collect(),
                }
            }
            tree::Qualification::And(parts) => {
                Qualification::And(parts.iter().map(|p| self.qualification(p)).collect())
            }
            tree::Qualification::Or(parts) => {
                Qualification::Or(parts.iter().map(|p| self.qualification(p)).collect())
            }
        }
    }

    // ------------------------------------------------------------ overrides

    fn overrides(
        &mut self,
        defs: &[&Node<tree::OverrideDef>],
        competencies: &[Competency],
    ) -> Vec<Override> {
        let mut out: Vec<Override> = Vec::new();
        // Indexes, so that many overrides take no longer than reading them.
        let mut by_id: HashMap<&str, &Competency> = HashMap::new();
        for c in competencies {
            by_id.entry(&c.id).or_insert(c);
        }
        let mut first_of: HashMap<(&str, &str, Level), Span> = HashMap::new();
        for def in defs {
            let id = &def.competency.node;
            let level = def.level.node;
            match by_id.get(id.as_str()).copied() {
                None => {
                    let help = match did_you_mean(id, competencies.iter().map(|c| c.id.as_str())) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => {
                            "overrides name a competency by its id, as in `competency ID \"Title\"`"
                                .to_string()
                        }
                    };
                    self.errors.push(CheckError::UnknownCompetency {
                        src: self.src(def.competency.span),
                        span: def.competency.span.into(),
                        id: id.clone(),
                        help,
                    });
                }
                Some(c) if c.level(level).is_none() => {
                    let defined: Vec<&str> = c.levels.iter().map(|l| l.level.keyword()).collect();
                    self.errors.push(CheckError::UndefinedLevel {
                        src: self.src(def.level.span),
                        span: def.level.span.into(),
                        competency: id.clone(),
                        level: level.keyword(),
                        help: format!("`{id}` defines only {}", defined.join(" and ")),
                    });
                }
                Some(_) => {}
            }
            let key = (def.org.node.as_str(), id.as_str(), level);
            if let Some(first) = first_of.get(&key) {
                let place = FirstPlace::of(self.sources, *first, def.span, "the override");
                self.errors.push(CheckError::DuplicateOverride {
                    src: self.src(def.span),
                    span: def.span.into(),
                    first: place.same_file,
                    elsewhere: place.other_file,
                    org: def.org.node.clone(),
                    competency: id.clone(),
                    level: level.keyword(),
                });
            }
            first_of.entry(key).or_insert(def.span);
            out.push(Override {
                org: def.org.node.clone(),
                competency: id.clone(),
                level,
                until: def.until.node,
                reason: def.reason.node.clone(),
                span: def.span,
            });
        }
        out
    }
}

/// Where the parts of a requirement were written.
fn places(req: &tree::Requirement) -> RequirementPlaces {
    match req {
        tree::Requirement::Performance(p) => RequirementPlaces {
            workload: Some(p.workload.span),
            threshold: Some(p.threshold.span),
            developing: p.developing.as_ref().map(|d| d.span),
            via: p.via.as_ref().map(|v| v.node.clone()).unwrap_or_default(),
            code_lists: Vec::new(),
        },
        tree::Requirement::Skill(s) => {
            let mut code_lists = Vec::new();
            code_lists_of(&s.qualification, &mut code_lists);
            if let Some(of_which) = &s.of_which {
                code_lists_of(&of_which.qualification, &mut code_lists);
            }
            RequirementPlaces {
                code_lists,
                ..RequirementPlaces::default()
            }
        }
    }
}

fn code_lists_of(
    q: &Node<tree::Qualification>,
    out: &mut Vec<(crate::vocabulary::AchievementClass, Vec<Node<String>>)>,
) {
    match &q.node {
        tree::Qualification::Term(term) => out.push((term.class, term.codes.node.clone())),
        tree::Qualification::And(parts) | tree::Qualification::Or(parts) => {
            for p in parts {
                code_lists_of(p, out);
            }
        }
    }
}

/// The span of the leading keyword of an item (`settings`): enough to point
/// at it without underlining a whole block.
fn keyword_span(span: Span, keyword: &str) -> Span {
    let len = keyword.len() as u32;
    Span {
        file: span.file,
        start: span.start,
        end: (span.start + len).min(span.end),
    }
}
