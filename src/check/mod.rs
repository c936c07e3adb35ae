//! Syntax trees → checked rule set. Reports every problem it finds, not only
//! the first, so a program manager can fix a rule file in one pass.

pub mod allow;
pub mod error;
mod score;

use std::collections::HashMap;
use std::sync::Arc;

use rust_decimal::Decimal;

pub use error::{CheckError, CheckErrorKind, Suggestion};

use crate::duration::TimeUnit;
use crate::problem::Problem;
use crate::ruleset::*;
use crate::source::{Loc, Node, SourceFile};
use crate::suggest::did_you_mean;
use crate::syntax::print;
use crate::syntax::tree::{self, Item, LevelItem, PathItem, SettingValue};
use crate::vocabulary::{Entity, GrowthKind, Level, Metric, Since};

/// Settings a rule file may give, as written.
const SETTING_NAMES: [&str; 5] = [
    "association wait",
    "subscription",
    "renewal grace",
    "associations",
    "gold includes silver benefits",
];

/// Checks the parsed files of one rule set, in the order given (files sorted
/// by path), and builds the rule set when nothing is wrong.
pub fn check(
    files: &[tree::RuleFile],
    sources: Vec<Arc<SourceFile>>,
) -> Result<RuleSet, Vec<CheckError>> {
    let mut checker = Checker {
        errors: Vec::new(),
        declared: None,
        sets: HashMap::new(),
        requires: Vec::new(),
        at: None,
    };
    // Settings, workload sets and retired codes first, wherever they are
    // written: the competencies use them.
    let mut settings: Option<(Settings, &Loc)> = None;
    let mut workload_sets = Vec::new();
    let mut retired: Vec<Retired> = Vec::new();
    for item in files.iter().flat_map(|f| &f.items) {
        match item {
            Item::Settings(block) => match &settings {
                Some((_, first)) => checker.duplicate_settings(first, &block.loc),
                None => settings = Some((checker.settings(block), &block.loc)),
            },
            Item::WorkloadSet(def) => {
                if let Some(set) = checker.workload_set(def) {
                    workload_sets.push(set);
                }
            }
            Item::Retired(def) => {
                if let Some(r) = checker.retired(def, &retired) {
                    retired.push(r);
                }
            }
            Item::Competency(_) | Item::Override(_) => {}
        }
    }
    checker.set_members(files);
    let mut competencies: Vec<Competency> = Vec::new();
    // Id → where it was first defined: one look per competency, however many.
    let mut first_ids: HashMap<&str, &Loc> = HashMap::new();
    let mut override_defs = Vec::new();
    for item in files.iter().flat_map(|f| &f.items) {
        match item {
            Item::Settings(_) | Item::WorkloadSet(_) | Item::Retired(_) => {}
            Item::Competency(def) => {
                match first_ids.get(def.id.node.as_str()) {
                    Some(first) => checker.duplicate_competency(first, def),
                    None => {
                        first_ids.insert(&def.id.node, &def.id.loc);
                    }
                }
                competencies.push(checker.competency(def));
            }
            Item::Override(def) => override_defs.push(def),
        }
    }
    let settings = settings.map(|(s, _)| s).unwrap_or_default();
    let overrides = checker.overrides(&override_defs, &competencies);
    checker.requirements_of_levels(&competencies);
    let (allows, errors) = allow::allows(files, &sources);
    checker.errors.extend(errors);
    if checker.errors.is_empty() {
        Ok(RuleSet {
            settings,
            workload_sets,
            retired,
            competencies,
            overrides,
            sources,
            allows,
        })
    } else {
        Err(checker.errors)
    }
}

struct Checker {
    errors: Vec<CheckError>,
    /// The associations `settings` declares.
    declared: Option<Vec<String>>,
    /// Workload sets by name, with where they are declared.
    sets: HashMap<String, (Vec<String>, Loc)>,
    /// Every `requires`, checked once every competency is known: the level
    /// it is written in, the level it requires, and where.
    requires: Vec<RequiresEdge>,
    /// The competency and level being checked.
    at: Option<LevelId>,
}

/// A level of a competency: `(cloud_platform, Gold)`.
type LevelId = (String, Level);

/// One `requires`: the level it is written in, and the level it names (with
/// where it is written).
struct RequiresEdge {
    from: LevelId,
    to: Node<LevelId>,
}

impl Checker {
    fn error(&mut self, kind: CheckErrorKind, loc: &Loc) {
        self.errors.push(Problem::new(kind, loc.clone()));
    }

    /// A name the facts must match exactly (a workload, an association, a
    /// code, an organization id): never empty, never padded with spaces.
    /// Whether it is sound.
    fn name(&mut self, name: &Node<String>, what: &'static str) -> bool {
        if name.node.trim().is_empty() {
            self.error(CheckErrorKind::EmptyName { what }, &name.loc);
            false
        } else if name.node.trim().len() != name.node.len() {
            let kind = CheckErrorKind::PaddedName {
                what,
                text: name.node.clone(),
            };
            self.error(kind, &name.loc);
            false
        } else {
            true
        }
    }

    /// With `settings { associations [...] }`, every `via` name must be one of them.
    fn declared_association(&mut self, name: &Node<String>) {
        let Some(declared) = &self.declared else {
            return;
        };
        if declared.contains(&name.node) {
            return;
        }
        let same_but_case = declared
            .iter()
            .find(|d| d.eq_ignore_ascii_case(&name.node))
            .map(String::as_str);
        let close =
            same_but_case.or_else(|| did_you_mean(&name.node, declared.iter().map(String::as_str)));
        let meant = match close {
            Some(s) => Some(Suggestion::DidYouMean(s.to_string())),
            None => Some(Suggestion::Otherwise(format!(
                "the associations declared are `{}`; declare `{}` there too if the program knows it",
                declared.join("`, `"),
                name.node
            ))),
        };
        let kind = CheckErrorKind::UndeclaredAssociation {
            name: name.node.clone(),
            meant,
        };
        self.error(kind, &name.loc);
    }

    fn duplicate_competency(&mut self, first: &Loc, def: &Node<tree::CompetencyDef>) {
        let kind = CheckErrorKind::DuplicateCompetency {
            id: def.id.node.clone(),
            first: first.clone(),
        };
        self.error(kind, &def.id.loc);
    }

    // ------------------------------------------------------------ settings

    /// Points at the `settings` keywords, not at the whole blocks.
    fn duplicate_settings(&mut self, first: &Loc, again: &Loc) {
        let keyword = "settings".len();
        let kind = CheckErrorKind::DuplicateSettings {
            first: first.first(keyword),
        };
        self.error(kind, &again.first(keyword));
    }

    fn settings(&mut self, block: &Node<tree::SettingsBlock>) -> Settings {
        let mut settings = Settings::default();
        let mut seen: HashMap<&str, &Loc> = HashMap::new();
        for entry in &block.entries {
            let name = entry.name.node.as_str();
            if !SETTING_NAMES.contains(&name) {
                let meant = match did_you_mean(name, SETTING_NAMES) {
                    Some(s) => Suggestion::DidYouMean(s.to_string()),
                    None => Suggestion::Otherwise(format!(
                        "the settings are `{}`",
                        SETTING_NAMES.join("`, `")
                    )),
                };
                let kind = CheckErrorKind::UnknownSetting {
                    name: name.to_string(),
                    meant: Some(meant),
                };
                self.error(kind, &entry.name.loc);
                continue;
            }
            if let Some(first) = seen.insert(name, &entry.name.loc) {
                let kind = CheckErrorKind::DuplicateSetting {
                    name: name.to_string(),
                    first: first.clone(),
                };
                self.error(kind, &entry.name.loc);
                continue;
            }
            self.setting(&mut settings, name, &entry.value);
        }
        settings
    }

    fn setting(&mut self, settings: &mut Settings, name: &str, value: &Node<SettingValue>) {
        let loc = &value.loc;
        let bad = |value: &'static str, help: &'static str| {
            let kind = CheckErrorKind::SettingValue {
                name: match name {
                    "association wait" => "association wait",
                    "subscription" => "subscription",
                    "associations" => "associations",
                    _ => "renewal grace",
                },
                value,
                help,
            };
            Problem::new(kind, loc.clone())
        };
        if let SettingValue::Names(names) = &value.node {
            if name != "associations" {
                return self.errors.push(bad(
                    "a list",
                    "only `associations` takes a list; give a duration, like `30 days`",
                ));
            }
            if names.is_empty() {
                let kind = CheckErrorKind::EmptyList {
                    what: "association list",
                    help: "list the associations the program knows, like `associations [dpor, tpor, cpor]`, or leave the setting out",
                };
                return self.error(kind, loc);
            }
            for n in names {
                self.name(n, "association");
            }
            let declared: Vec<String> = names.iter().map(|n| n.node.clone()).collect();
            settings.associations = Some(declared.clone());
            self.declared = Some(declared);
            return;
        }
        if name == "associations" {
            return self.errors.push(bad(
                "a duration",
                "list the associations the program knows, like `associations [dpor, tpor, cpor]`",
            ));
        }
        if name == "gold includes silver benefits" {
            settings.gold_includes_silver_benefits = true;
            return;
        }
        match (name, value.node.clone()) {
            (_, SettingValue::Flag) => {}
            ("subscription", SettingValue::Names(_)) => {}
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
            (_, SettingValue::Names(_)) => {}
        }
    }

    // ---------------------------------------------------- workloads, retired

    /// `workloads NAME = [...]`: a name for several workloads.
    fn workload_set(&mut self, def: &Node<tree::WorkloadSetDef>) -> Option<WorkloadSet> {
        let name = &def.name;
        if let Some((_, first)) = self.sets.get(&name.node) {
            let kind = CheckErrorKind::DuplicateWorkloadSet {
                name: name.node.clone(),
                first: first.clone(),
            };
            self.error(kind, &name.loc);
            return None;
        }
        if def.workloads.is_empty() {
            let kind = CheckErrorKind::EmptyList {
                what: "workload set",
                help: "list the workloads the set stands for, like `workloads ems = [intune, \"azure ad premium\"]`",
            };
            self.error(kind, &def.workloads.loc);
        }
        for w in def.workloads.iter() {
            self.name(w, "workload");
        }
        let workloads: Vec<String> = def.workloads.iter().map(|w| w.node.clone()).collect();
        self.sets
            .insert(name.node.clone(), (workloads.clone(), name.loc.clone()));
        Some(WorkloadSet {
            name: name.node.clone(),
            workloads,
            loc: def.loc.clone(),
        })
    }

    /// Once every set is known: a set lists workloads, never a set (itself
    /// included).
    fn set_members(&mut self, files: &[tree::RuleFile]) {
        for item in files.iter().flat_map(|f| &f.items) {
            let Item::WorkloadSet(def) = item else {
                continue;
            };
            for w in def.workloads.iter() {
                if self.sets.contains_key(&w.node) {
                    let kind = CheckErrorKind::SetInSet {
                        set: def.name.node.clone(),
                        entry: w.node.clone(),
                    };
                    self.error(kind, &w.loc);
                }
            }
        }
    }

    /// `retired "CODE" on DATE [accepted through DATE]`.
    fn retired(&mut self, def: &Node<tree::RetiredDef>, known: &[Retired]) -> Option<Retired> {
        if !self.name(&def.code, "code") {
            return None;
        }
        if let Some(first) = known.iter().find(|r| r.code == def.code.node) {
            let kind = CheckErrorKind::DuplicateRetired {
                code: def.code.node.clone(),
                first: first.loc.clone(),
            };
            self.error(kind, &def.code.loc);
            return None;
        }
        let accepted_through = def
            .accepted_through
            .as_ref()
            .map_or(def.on.node, |d| d.node);
        if accepted_through < def.on.node {
            let through = def.accepted_through.as_ref().expect("written");
            let kind = CheckErrorKind::AcceptedBeforeRetired {
                code: def.code.node.clone(),
            };
            self.error(kind, &through.loc);
        }
        Some(Retired {
            code: def.code.node.clone(),
            on: def.on.node,
            accepted_through,
            loc: def.loc.clone(),
        })
    }

    /// What a requirement measures: a workload, a set's, or a list in place.
    fn workloads(&mut self, written: &Node<tree::WorkloadRef>) -> Workloads {
        let one = |workload: &str| WorkloadPart {
            workload: workload.to_string(),
            weight: Decimal::ONE,
        };
        match &written.node {
            tree::WorkloadRef::Name(name) => {
                let node = Node::new(name.clone(), written.loc.clone());
                match self.sets.get(name) {
                    Some((members, _)) => Workloads {
                        name: name.clone(),
                        is_set: true,
                        parts: members.iter().map(|m| one(m)).collect(),
                    },
                    None => {
                        self.name(&node, "workload");
                        Workloads {
                            name: name.clone(),
                            is_set: false,
                            parts: vec![one(name)],
                        }
                    }
                }
            }
            tree::WorkloadRef::List(entries) => {
                let mut parts: Vec<WorkloadPart> = Vec::new();
                for entry in entries {
                    let w = &entry.node.workload;
                    if self.sets.contains_key(&w.node) {
                        let kind = CheckErrorKind::SetInList {
                            entry: w.node.clone(),
                        };
                        self.error(kind, &w.loc);
                    }
                    self.name(w, "workload");
                    if parts.iter().any(|p| p.workload == w.node) {
                        let kind = CheckErrorKind::WorkloadTwice {
                            workload: w.node.clone(),
                        };
                        self.error(kind, &w.loc);
                    }
                    let weight = match &entry.node.weight {
                        Some(weight) if weight.node <= Decimal::ZERO => {
                            self.error(CheckErrorKind::ZeroWeight, &weight.loc);
                            Decimal::ONE
                        }
                        Some(weight) => weight.node,
                        None => Decimal::ONE,
                    };
                    parts.push(WorkloadPart {
                        workload: w.node.clone(),
                        weight,
                    });
                }
                Workloads {
                    name: print::workload(&written.node),
                    is_set: false,
                    parts,
                }
            }
        }
    }

    /// `[N] attested in [CODES]`.
    fn attested(&mut self, a: &tree::Attested) -> AttestedRule {
        if let Some(count) = &a.count {
            if count.node == 0 {
                let kind = CheckErrorKind::ZeroCount {
                    message: "this requirement asks for 0 attestations",
                    help: "ask for at least 1, or remove the requirement",
                };
                self.error(kind, &count.loc);
            }
        }
        if a.codes.is_empty() {
            let kind = CheckErrorKind::EmptyList {
                what: "attestation list",
                help: "list what must be attested, like `attested in [\"Authorized Surface Hub ADR\"]`",
            };
            self.error(kind, &a.codes.loc);
        }
        for code in a.codes.iter() {
            self.name(code, "attestation code");
        }
        AttestedRule {
            count: a.count.as_ref().map_or(1, |c| c.node),
            codes: a.codes.iter().map(|c| c.node.clone()).collect(),
        }
    }

    /// Once every competency is known: each `requires` names a competency
    /// and a level it defines, and no level requires itself, however far round.
    fn requirements_of_levels(&mut self, competencies: &[Competency]) {
        let requires = std::mem::take(&mut self.requires);
        for RequiresEdge { to: target, .. } in &requires {
            let (id, level) = &target.node;
            match competencies.iter().find(|c| &c.id == id) {
                None => {
                    let meant = did_you_mean(id, competencies.iter().map(|c| c.id.as_str()))
                        .map(|s| Suggestion::DidYouMean(s.to_string()));
                    let kind = CheckErrorKind::RequiresUnknown {
                        id: id.clone(),
                        meant,
                    };
                    self.error(kind, &target.loc);
                }
                Some(c) if c.level(*level).is_none() => {
                    let defined: Vec<&str> = c.levels.iter().map(|l| l.level.keyword()).collect();
                    let kind = CheckErrorKind::RequiresUndefinedLevel {
                        competency: id.clone(),
                        level: level.keyword(),
                        defined: defined.join(" and "),
                    };
                    self.error(kind, &target.loc);
                }
                Some(_) => {}
            }
        }
        self.requires_cycles(&requires);
    }

    /// A cycle: following `requires` from a level leads back to it. One depth-
    /// first walk over the levels, each once: a `requires` that names a level
    /// still open on the walk closes a circle, and is reported.
    fn requires_cycles(&mut self, requires: &[RequiresEdge]) {
        let mut out: HashMap<&LevelId, Vec<&RequiresEdge>> = HashMap::new();
        for edge in requires {
            out.entry(&edge.from).or_default().push(edge);
        }
        let name = |(c, l): &LevelId| format!("{c} {}", l.keyword());
        // Open: on the walk now; done: every level it leads to is walked.
        let mut open: HashMap<&LevelId, bool> = HashMap::new();
        for start in requires.iter().map(|e| &e.from) {
            if open.contains_key(start) {
                continue;
            }
            open.insert(start, true);
            // Each level on the walk, with how many of its `requires` are followed.
            let mut walk: Vec<(&LevelId, usize)> = vec![(start, 0)];
            while let Some(&(level, followed)) = walk.last() {
                let Some(edge) = out.get(level).and_then(|edges| edges.get(followed)) else {
                    open.insert(level, false);
                    walk.pop();
                    continue;
                };
                if let Some(top) = walk.last_mut() {
                    top.1 += 1;
                }
                let to = &edge.to.node;
                match open.get(to) {
                    Some(true) => {
                        let from = walk.iter().position(|(l, _)| *l == to).unwrap_or(0);
                        let mut names: Vec<String> =
                            walk[from..].iter().map(|(l, _)| name(l)).collect();
                        names.push(name(to));
                        let kind = CheckErrorKind::RequiresCycle {
                            cycle: names.join(" → "),
                        };
                        self.error(kind, &edge.to.loc);
                    }
                    Some(false) => {}
                    None => {
                        open.insert(to, true);
                        walk.push((to, 0));
                    }
                }
            }
        }
    }

    // --------------------------------------------------------- competencies

    fn competency(&mut self, def: &Node<tree::CompetencyDef>) -> Competency {
        let id = def.id.node.clone();
        let (score, banded) = self.competency_score(def);
        if def.levels.is_empty() && score.is_none() {
            self.error(CheckErrorKind::NoLevels { id: id.clone() }, &def.id.loc);
        }
        let mut levels: Vec<LevelRules> = Vec::new();
        let mut level_locs: HashMap<Level, &Loc> = HashMap::new();
        for level_def in &def.levels {
            let level = level_def.level.node;
            if let Some(first) = level_locs.insert(level, &level_def.level.loc) {
                let kind = CheckErrorKind::DuplicateLevel {
                    competency: id.clone(),
                    level: level.keyword(),
                    first: first.clone(),
                };
                self.error(kind, &level_def.level.loc);
                continue;
            }
            levels.push(self.level(&id, level_def, banded.contains(&level)));
        }
        // A band with no block of its own is a level with no path and no benefits.
        for level in banded {
            if !levels.iter().any(|l| l.level == level) {
                levels.push(LevelRules {
                    level,
                    paths: Vec::new(),
                    benefits: Vec::new(),
                    benefits_written: Vec::new(),
                    loc: score.as_ref().map_or(def.loc.clone(), |s| s.loc.clone()),
                });
            }
        }
        levels.sort_by_key(|l| l.level);
        Competency {
            id,
            title: def.title.node.clone(),
            levels,
            loc: def.loc.clone(),
            id_loc: def.id.loc.clone(),
            designation: def.designation,
            score,
        }
    }

    fn level(&mut self, competency: &str, def: &Node<tree::LevelDef>, banded: bool) -> LevelRules {
        let level = def.level.node;
        self.at = Some((competency.to_string(), level));
        let mut paths: Vec<PathRules> = Vec::new();
        let mut path_locs: HashMap<&str, &Loc> = HashMap::new();
        let mut benefits: Option<&Node<Vec<Node<String>>>> = None;
        for item in &def.items {
            match item {
                LevelItem::Path(path) => {
                    if let Some(first) = path_locs.insert(&path.id.node, &path.id.loc) {
                        let kind = CheckErrorKind::DuplicatePath {
                            path: path.id.node.clone(),
                            competency: competency.to_string(),
                            level: level.keyword(),
                            first: first.clone(),
                        };
                        self.error(kind, &path.id.loc);
                    }
                    paths.push(self.path(path));
                }
                LevelItem::Benefits(list) => match benefits {
                    Some(first) => {
                        let kind = CheckErrorKind::DuplicateBenefits {
                            competency: competency.to_string(),
                            level: level.keyword(),
                            first: first.loc.clone(),
                        };
                        self.error(kind, &list.loc);
                    }
                    None => benefits = Some(list),
                },
            }
        }
        if paths.is_empty() && !banded {
            let kind = CheckErrorKind::NoPaths {
                competency: competency.to_string(),
                level: level.keyword(),
            };
            self.error(kind, &def.level.loc);
        }
        LevelRules {
            level,
            paths,
            benefits: benefits
                .map(|b| b.iter().map(|s| s.node.clone()).collect())
                .unwrap_or_default(),
            benefits_written: benefits.map(|b| b.node.clone()).unwrap_or_default(),
            loc: def.loc.clone(),
        }
    }

    fn path(&mut self, def: &Node<tree::PathDef>) -> PathRules {
        let mut unique: Option<&Loc> = None;
        let mut requirements = Vec::new();
        for item in &def.items {
            match item {
                PathItem::UniquePeople(marker) => match unique {
                    Some(first) => {
                        let kind = CheckErrorKind::DuplicateUniquePeople {
                            path: def.id.node.clone(),
                            first: first.clone(),
                        };
                        self.error(kind, &marker.loc);
                    }
                    None => unique = Some(&marker.loc),
                },
                PathItem::Requirement(req) => requirements.push(self.requirement(req)),
            }
        }
        if requirements.is_empty() {
            let kind = CheckErrorKind::EmptyPath {
                path: def.id.node.clone(),
            };
            self.error(kind, &def.id.loc);
        }
        PathRules {
            id: def.id.node.clone(),
            title: def.title.as_ref().map(|t| t.node.clone()),
            unique_people: unique.is_some(),
            requirements,
            loc: def.loc.clone(),
            id_loc: def.id.loc.clone(),
        }
    }

    fn requirement(&mut self, req: &Node<tree::Requirement>) -> Requirement {
        let rule = match &req.node {
            tree::Requirement::Performance(p) => RequirementRule::Performance(self.performance(p)),
            tree::Requirement::Skill(s) => RequirementRule::Skill(self.skill(s)),
            tree::Requirement::Attested(a) => RequirementRule::Attested(self.attested(a)),
            tree::Requirement::Entities(e) => RequirementRule::Entities(self.entity_count(e)),
            tree::Requirement::Growth(g) => RequirementRule::Growth(self.growth(g)),
            tree::Requirement::Requires(r) => {
                if let Some(at) = self.at.clone() {
                    let target = (r.competency.node.clone(), r.level.node);
                    self.requires.push(RequiresEdge {
                        from: at,
                        to: Node::new(target, req.loc.clone()),
                    });
                }
                RequirementRule::Requires(RequiresRule {
                    competency: r.competency.node.clone(),
                    level: r.level.node,
                })
            }
        };
        Requirement {
            text: print::requirement(&req.node).into(),
            rule,
            loc: req.loc.clone(),
            places: places(&req.node),
        }
    }

    fn performance(&mut self, p: &tree::Performance) -> PerformanceRule {
        let metric = p.metric.node;
        // `> $0` asks for any activity at all; `>= $0` would ask for nothing.
        self.amount_checked(metric, &p.threshold, p.strict);
        if let Some(developing) = &p.developing {
            self.amount_checked(metric, developing, p.strict);
        }
        if let Some(in_month) = &p.in_month {
            if !metric.is_flow() {
                let kind = CheckErrorKind::InMonthOfLevel {
                    metric: metric.keyword(),
                };
                self.error(kind, &in_month.loc);
            }
        }
        let workloads = self.workloads(&p.workload);
        self.filters(p.via.as_ref(), p.offer.as_ref());
        if let Some(months) = &p.window_months {
            self.window(months);
        }
        PerformanceRule {
            metric,
            workloads,
            via: p
                .via
                .as_ref()
                .map(|v| v.iter().map(|n| n.node.clone()).collect()),
            offer: p.offer.as_ref().map(|o| OfferRule {
                not: o.not,
                values: o.values.iter().map(|v| v.node.clone()).collect(),
            }),
            threshold: p.threshold.value,
            developing: p.developing.as_ref().map(|d| d.value),
            developing_by_customer: p.developing_by_customer,
            window_months: p.window_months.as_ref().map(|m| m.node),
            in_month: p.in_month.is_some(),
            strict: p.strict,
        }
    }

    /// `over N months`: at least one month.
    fn window(&mut self, months: &Node<u32>) {
        if months.node == 0 {
            let kind = CheckErrorKind::ZeroCount {
                message: "a window of 0 months holds no days",
                help: "the usual window is `over 12 months`",
            };
            self.error(kind, &months.loc);
        }
    }

    /// `via [...]` and `where offer [not] in [...]`: lists that hold names.
    fn filters(
        &mut self,
        via: Option<&Node<Vec<Node<String>>>>,
        offer: Option<&Node<tree::OfferFilter>>,
    ) {
        if let Some(offer) = offer {
            if offer.values.is_empty() {
                let kind = CheckErrorKind::EmptyList {
                    what: "offer list",
                    help: "list the offers that count, like `where offer in [paid]`, or leave out `where` to count every record",
                };
                self.error(kind, &offer.loc);
            }
            for value in &offer.values {
                self.name(value, "offer");
            }
        }
        if let Some(via) = via {
            if via.is_empty() {
                let kind = CheckErrorKind::EmptyList {
                    what: "association list",
                    help: "list the associations that count, like `via [dpor, tpor]`, or leave out `via` to count every record",
                };
                self.error(kind, &via.loc);
            }
            for association in via.iter() {
                if self.name(association, "association") {
                    self.declared_association(association);
                }
            }
        }
    }

    /// `[net|new] N tenants|workloads [(developing N)] with CONDITION [since ...]`
    fn entity_count(&mut self, e: &tree::EntityCount) -> EntityRule {
        let noun = e.entity.node.keyword();
        if e.count.node == 0 {
            let kind = CheckErrorKind::ZeroCount {
                message: match e.entity.node {
                    Entity::Tenants => "this requirement asks for 0 tenants",
                    Entity::Workloads => "this requirement asks for 0 workloads",
                },
                help: "ask for at least 1, or remove the requirement",
            };
            self.error(kind, &e.count.loc);
        }
        if let Some(developing) = &e.developing {
            self.whole_count(noun, developing);
        }
        let condition = self.performance(&e.condition);
        if e.entity.node == Entity::Workloads {
            let listed = condition.workloads.parts.len();
            let counts = std::iter::once((e.count.node, &e.count.loc)).chain(
                e.developing
                    .as_ref()
                    .map(|d| (u32::try_from(d.value).unwrap_or(u32::MAX), &d.loc)),
            );
            for (count, loc) in counts {
                if count as usize > listed {
                    let kind = CheckErrorKind::MoreWorkloadsThanListed {
                        count,
                        workloads: listed,
                        what: format!("`{}`", condition.workloads.name),
                    };
                    self.error(kind, loc);
                }
            }
        }
        if let Some(since) = &e.since {
            if e.change.is_none() {
                let kind = CheckErrorKind::SinceWithoutChange { entity: noun };
                self.error(kind, &since.loc);
            }
            self.since(since);
        }
        EntityRule {
            entity: e.entity.node,
            change: e.change.as_ref().map(|c| c.node),
            count: e.count.node,
            developing: e
                .developing
                .as_ref()
                .map(|d| u32::try_from(d.value).unwrap_or(u32::MAX)),
            developing_by_customer: e.developing_by_customer,
            condition,
            since: e.since.as_ref().map(|s| s.node),
        }
    }

    fn since(&mut self, since: &Node<Since>) {
        if since.node == Since::MonthsAgo(0) {
            let kind = CheckErrorKind::ZeroCount {
                message: "`since 0 months ago` is the evaluation date itself",
                help: "start some months before it, like `since 12 months ago`",
            };
            self.error(kind, &since.loc);
        }
    }

    /// `growth|change MEASURE >= AMOUNT ... [with baseline >= AMOUNT ...]`
    fn growth(&mut self, g: &tree::Growth) -> GrowthRule {
        let kind = g.kind.node;
        let people = matches!(g.of.node, tree::GrowthOf::People(_));
        // What the measure's amounts are: the metric's, or people.
        let metric = match &g.of.node {
            tree::GrowthOf::Measure(m) => Some(m.metric.node),
            tree::GrowthOf::People(_) => None,
        };
        let measure_amount = |checker: &mut Checker, amount: &Node<tree::Amount>| match metric {
            Some(metric) => checker.amount(metric, amount),
            None => checker.whole_count("people", amount),
        };
        let thresholds = std::iter::once(&g.threshold).chain(g.developing.as_ref());
        for threshold in thresholds {
            match kind {
                GrowthKind::Growth => self.percent(threshold),
                GrowthKind::Change => measure_amount(self, threshold),
            }
        }
        if let Some(baseline) = &g.baseline {
            measure_amount(self, &baseline.floor);
            if let Some(developing) = &baseline.developing {
                measure_amount(self, developing);
            }
            if people && baseline.developing_by_customer {
                let developing = baseline
                    .developing
                    .as_ref()
                    .expect("by customer has an amount");
                self.error(CheckErrorKind::PeopleByCustomer, &developing.loc);
            }
        }
        if people && g.developing_by_customer {
            let developing = g.developing.as_ref().expect("by customer has an amount");
            self.error(CheckErrorKind::PeopleByCustomer, &developing.loc);
        }
        if let Some(months) = &g.window_months {
            self.window(months);
        }
        if let Some(since) = &g.since {
            self.since(since);
        }
        let measure = match &g.of.node {
            tree::GrowthOf::Measure(m) => {
                let workloads = self.workloads(&m.workload);
                self.filters(m.via.as_ref(), m.offer.as_ref());
                GrowthMeasure::Records(PerformanceRule {
                    metric: m.metric.node,
                    workloads,
                    via: m
                        .via
                        .as_ref()
                        .map(|v| v.iter().map(|n| n.node.clone()).collect()),
                    offer: m.offer.as_ref().map(|o| OfferRule {
                        not: o.not,
                        values: o.values.iter().map(|v| v.node.clone()).collect(),
                    }),
                    threshold: g.threshold.value,
                    developing: g.developing.as_ref().map(|d| d.value),
                    developing_by_customer: g.developing_by_customer,
                    window_months: g.window_months.as_ref().map(|m| m.node),
                    in_month: false,
                    strict: false,
                })
            }
            tree::GrowthOf::People(q) => {
                let qualification = self.qualification(q);
                let codes = qualification
                    .codes()
                    .into_iter()
                    .map(|(class, code)| (class, code.to_string()))
                    .collect();
                GrowthMeasure::People {
                    qualification,
                    codes,
                }
            }
        };
        GrowthRule {
            kind,
            measure,
            threshold: g.threshold.value,
            developing: g.developing.as_ref().map(|d| d.value),
            developing_by_customer: g.developing_by_customer,
            window_months: g.window_months.as_ref().map(|m| m.node),
            since: g.since.as_ref().map(|s| s.node),
            baseline: g.baseline.as_ref().map(|b| BaselineRule {
                floor: b.floor.value,
                developing: b.developing.as_ref().map(|d| d.value),
                developing_by_customer: b.developing_by_customer,
            }),
        }
    }

    /// A growth's threshold: a percentage, two decimals at most, above zero.
    fn percent(&mut self, amount: &Node<tree::Amount>) {
        let loc = &amount.loc;
        if !amount.is_percent {
            let kind = CheckErrorKind::AmountKind {
                metric: "growth",
                expected: "percentages",
                found: if amount.is_money {
                    "money"
                } else {
                    "a plain number"
                },
                help: format!(
                    "write it as a percentage, like `{}%`; `change` compares amounts",
                    crate::number::grouped(amount.value)
                ),
            };
            self.error(kind, loc);
        } else if amount.value.scale() > 2 {
            let kind = CheckErrorKind::PercentDecimals {
                rounded: format!("{}%", amount.value.round_dp(2).normalize()),
            };
            self.error(kind, loc);
        }
        if amount.value.is_zero() {
            self.error(CheckErrorKind::ZeroThreshold, loc);
        }
    }

    /// A count of tenants, workloads or people: a whole number above zero.
    fn whole_count(&mut self, what: &'static str, amount: &Node<tree::Amount>) {
        let loc = &amount.loc;
        if amount.is_money || amount.is_percent {
            let kind = CheckErrorKind::AmountKind {
                metric: what,
                expected: "counts",
                found: if amount.is_money {
                    "money"
                } else {
                    "a percentage"
                },
                help: format!(
                    "write the number alone: `{}`",
                    crate::number::grouped(amount.value)
                ),
            };
            self.error(kind, loc);
        } else if amount.value.fract() != Decimal::ZERO {
            let kind = CheckErrorKind::FractionalCount {
                metric: what,
                rounded: amount.value.ceil().to_string(),
            };
            self.error(kind, loc);
        }
        if amount.value.is_zero() {
            self.error(CheckErrorKind::ZeroThreshold, loc);
        }
    }

    /// Revenue is money; customers, seats and usage are whole numbers; none is zero.
    fn amount(&mut self, metric: Metric, amount: &Node<tree::Amount>) {
        self.amount_checked(metric, amount, false);
    }

    /// As [`Checker::amount`]; zero allowed when `allow_zero` (`> $0`).
    fn amount_checked(&mut self, metric: Metric, amount: &Node<tree::Amount>, allow_zero: bool) {
        let loc = &amount.loc;
        if amount.is_percent {
            let kind = CheckErrorKind::AmountKind {
                metric: metric.keyword(),
                expected: if metric.is_money() { "money" } else { "counts" },
                found: "a percentage",
                help: format!(
                    "percentages are for `growth`; write {}",
                    if metric.is_money() {
                        format!("money, like `${}`", crate::number::grouped(amount.value))
                    } else {
                        format!(
                            "the number alone: `{}`",
                            crate::number::grouped(amount.value)
                        )
                    }
                ),
            };
            self.error(kind, loc);
        } else if metric.is_money() && !amount.is_money {
            let kind = CheckErrorKind::AmountKind {
                metric: "revenue",
                expected: "money",
                found: "a plain number",
                help: format!(
                    "write it as money: `${}` or `{} USD`",
                    crate::number::grouped(amount.value),
                    amount.value
                ),
            };
            self.error(kind, loc);
        } else if !metric.is_money() && amount.is_money {
            let kind = CheckErrorKind::AmountKind {
                metric: metric.keyword(),
                expected: "counts, not money",
                found: "money",
                help: format!(
                    "write the number alone: `{}`",
                    crate::number::grouped(amount.value)
                ),
            };
            self.error(kind, loc);
        } else if !metric.is_money() && amount.value.fract() != Decimal::ZERO {
            let kind = CheckErrorKind::FractionalCount {
                metric: metric.keyword(),
                rounded: amount.value.ceil().to_string(),
            };
            self.error(kind, loc);
        }
        if amount.value.is_zero() && !allow_zero {
            self.error(CheckErrorKind::ZeroThreshold, loc);
        }
    }

    fn skill(&mut self, s: &tree::Skill) -> SkillRule {
        if s.count.node == 0 {
            let kind = CheckErrorKind::ZeroCount {
                message: "this requirement asks for 0 people",
                help: "ask for at least 1 person, or remove the requirement",
            };
            self.error(kind, &s.count.loc);
        }
        let qualification = self.qualification(&s.qualification);
        let of_which = s.of_which.as_ref().map(|o| {
            if o.count.node == 0 {
                let kind = CheckErrorKind::ZeroCount {
                    message: "`of which 0` asks for nobody",
                    help: "ask for at least 1 of the people counted, or remove `of which`",
                };
                self.error(kind, &o.count.loc);
            } else if o.count.node > s.count.node {
                let kind = CheckErrorKind::OfWhichTooLarge {
                    part: o.count.node,
                    whole: s.count.node,
                    whole_loc: s.count.loc.clone(),
                };
                self.error(kind, &o.count.loc);
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
                    let kind = CheckErrorKind::EmptyList {
                        what: "code list",
                        help: "list the exam, certification or assessment codes that count, like `[\"70-533\"]`",
                    };
                    self.error(kind, &term.codes.loc);
                }
                for code in term.codes.iter() {
                    self.name(code, "code");
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
        let mut first_of: HashMap<(&str, &str, Level), &Loc> = HashMap::new();
        for def in defs {
            self.name(&def.org, "organization id");
            let id = &def.competency.node;
            let level = def.level.node;
            match by_id.get(id.as_str()).copied() {
                None => {
                    let meant = match did_you_mean(id, competencies.iter().map(|c| c.id.as_str())) {
                        Some(s) => Suggestion::DidYouMean(s.to_string()),
                        None => Suggestion::Otherwise(
                            "overrides name a competency by its id, as in `competency ID \"Title\"`"
                                .to_string(),
                        ),
                    };
                    let kind = CheckErrorKind::UnknownCompetency {
                        id: id.clone(),
                        meant: Some(meant),
                    };
                    self.error(kind, &def.competency.loc);
                }
                Some(c) if c.level(level).is_none() => {
                    let defined: Vec<&str> = c.levels.iter().map(|l| l.level.keyword()).collect();
                    let kind = CheckErrorKind::UndefinedLevel {
                        competency: id.clone(),
                        level: level.keyword(),
                        defined: defined.join(" and "),
                    };
                    self.error(kind, &def.level.loc);
                }
                Some(_) => {}
            }
            let key = (def.org.node.as_str(), id.as_str(), level);
            if let Some(first) = first_of.get(&key) {
                let kind = CheckErrorKind::DuplicateOverride {
                    org: def.org.node.clone(),
                    competency: id.clone(),
                    level: level.keyword(),
                    first: (*first).clone(),
                };
                self.error(kind, &def.loc);
            }
            first_of.entry(key).or_insert(&def.loc);
            out.push(Override {
                org: def.org.node.clone(),
                competency: id.clone(),
                level,
                until: def.until.node,
                reason: def.reason.node.clone(),
                loc: def.loc.clone(),
            });
        }
        out
    }
}

/// Where the parts of a requirement were written.
fn places(req: &tree::Requirement) -> RequirementPlaces {
    match req {
        tree::Requirement::Performance(p) => RequirementPlaces {
            workload: Some(p.workload.loc.clone()),
            threshold: Some(p.threshold.loc.clone()),
            developing: p.developing.as_ref().map(|d| d.loc.clone()),
            via: p.via.as_ref().map(|v| v.node.clone()).unwrap_or_default(),
            code_lists: Vec::new(),
            attestation_codes: Vec::new(),
        },
        tree::Requirement::Attested(a) => RequirementPlaces {
            attestation_codes: a.codes.node.clone(),
            ..RequirementPlaces::default()
        },
        tree::Requirement::Requires(_) => RequirementPlaces::default(),
        tree::Requirement::Entities(e) => {
            let p = &e.condition.node;
            RequirementPlaces {
                workload: Some(p.workload.loc.clone()),
                threshold: Some(p.threshold.loc.clone()),
                developing: p.developing.as_ref().map(|d| d.loc.clone()),
                via: p.via.as_ref().map(|v| v.node.clone()).unwrap_or_default(),
                ..RequirementPlaces::default()
            }
        }
        tree::Requirement::Growth(g) => match &g.of.node {
            tree::GrowthOf::Measure(m) => RequirementPlaces {
                workload: Some(m.workload.loc.clone()),
                threshold: Some(g.threshold.loc.clone()),
                developing: g.developing.as_ref().map(|d| d.loc.clone()),
                via: m.via.as_ref().map(|v| v.node.clone()).unwrap_or_default(),
                ..RequirementPlaces::default()
            },
            tree::GrowthOf::People(q) => {
                let mut code_lists = Vec::new();
                code_lists_of(q, &mut code_lists);
                RequirementPlaces {
                    threshold: Some(g.threshold.loc.clone()),
                    developing: g.developing.as_ref().map(|d| d.loc.clone()),
                    code_lists,
                    ..RequirementPlaces::default()
                }
            }
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
