//! What each place of a rule file names: one walk over the syntax tree
//! that lists its elements (a competency's id, a level, a path, a
//! requirement, a code, a workload, an association, an override's
//! organization and date, a setting, a score and its tracks, categories and
//! metrics), each with its byte range and what it is about. Hover, go to definition and find references all read this
//! list, so a new construct of the language is taught to all three by
//! listing its elements here (a `requires COMPETENCY LEVEL` would add a
//! competency and a level, as an override does).

use std::ops::Range;

use chrono::NaiveDate;

use crate::source::Node;
use crate::syntax::tree::{
    CategoryDef, Growth, GrowthOf, Item, LevelItem, LineKind, MetricItem, OverrideDef, PathItem,
    PerMeasure, Performance, Qualification, Requirement, RuleFile, ScoreDef, ScoreItem,
    ScoreMetricDef, SettingValue, TrackItem, WorkloadRef,
};
use crate::vocabulary::{AchievementClass, Level};

/// A place of the text and what it is about.
#[derive(Clone, Debug)]
pub struct Element {
    pub range: Range<usize>,
    pub subject: Subject,
    /// Whether the place declares its subject (the id after `competency`)
    /// rather than naming it (the competency of an override).
    pub declares: bool,
    /// The path it is written in, for what is written in one.
    pub within: Option<Within>,
}

/// Where a requirement is written: in a competency, a path of one of its
/// levels, a metric of its score, or a track's condition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Within {
    pub competency: String,
    pub place: Place,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    Path(Level, String),
    Metric(String),
    Track(String),
}

/// What a place is about.
#[derive(Clone, Debug)]
pub enum Subject {
    Competency(String),
    Level(String, Level),
    Path(String, Level, String),
    /// A whole requirement, and whether its path counts people once only.
    Requirement(Box<Requirement>, bool),
    Code(String, AchievementClass),
    /// A workload, or the name of a workload set.
    Workload(String),
    /// A code of `attested in [...]`.
    Attestation(String),
    /// A code a `retired` line names.
    RetiredCode(String),
    Association(String),
    Organization(String),
    /// The date of an override's `until`.
    Until(NaiveDate),
    /// A setting's name (`association wait`).
    Setting(String),
    /// The id of a competency's (or designation's) score.
    Score(String),
    /// A track of a competency's score: (competency, track).
    Track(String, String),
    /// A category of a competency's score: (competency, its track, category).
    Category(String, Option<String>, String),
    /// A metric of a competency's score: (competency, its track, metric);
    /// tracks may name their metrics alike.
    Metric(String, Option<String>, String),
}

/// What declarations and references share: the thing itself, wherever it
/// is written. Two places with the same symbol are the same thing.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Symbol {
    Competency(String),
    Level(String, Level),
    Path(String, Level, String),
    Code(String),
    Workload(String),
    Attestation(String),
    Association(String),
    Organization(String),
}

impl Subject {
    /// The symbol of the subject; `None` for what has no other place (a
    /// requirement, a date, a setting).
    pub fn symbol(&self) -> Option<Symbol> {
        Some(match self {
            Subject::Competency(id) => Symbol::Competency(id.clone()),
            Subject::Level(id, level) => Symbol::Level(id.clone(), *level),
            Subject::Path(id, level, path) => Symbol::Path(id.clone(), *level, path.clone()),
            Subject::Code(code, _) | Subject::RetiredCode(code) => Symbol::Code(code.clone()),
            Subject::Attestation(code) => Symbol::Attestation(code.clone()),
            Subject::Workload(name) => Symbol::Workload(name.clone()),
            Subject::Association(name) => Symbol::Association(name.clone()),
            Subject::Organization(org) => Symbol::Organization(org.clone()),
            Subject::Requirement(..)
            | Subject::Until(_)
            | Subject::Setting(_)
            | Subject::Score(_)
            | Subject::Track(..)
            | Subject::Category(..)
            | Subject::Metric(..) => return None,
        })
    }
}

/// Every element of a file, in the order of the text; an element comes
/// before the elements inside it.
pub fn elements(file: &RuleFile) -> Vec<Element> {
    let mut out = Walk::default();
    for item in &file.items {
        match item {
            Item::Settings(block) => {
                for entry in &block.entries {
                    out.push(
                        &entry.name,
                        Subject::Setting(entry.name.node.clone()),
                        false,
                    );
                    if let SettingValue::Names(names) = &entry.value.node {
                        for name in names {
                            out.push(name, Subject::Association(name.node.clone()), true);
                        }
                    }
                }
            }
            Item::Competency(c) => {
                let id = &c.id.node;
                out.push(&c.id, Subject::Competency(id.clone()), true);
                for level in &c.levels {
                    let l = level.level.node;
                    out.push(&level.level, Subject::Level(id.clone(), l), true);
                    for level_item in &level.items {
                        let LevelItem::Path(path) = level_item else {
                            continue;
                        };
                        let subject = Subject::Path(id.clone(), l, path.id.node.clone());
                        out.push(&path.id, subject, true);
                        out.within = Some(Within {
                            competency: id.clone(),
                            place: Place::Path(l, path.id.node.clone()),
                        });
                        let unique = path
                            .items
                            .iter()
                            .any(|i| matches!(i, PathItem::UniquePeople(_)));
                        for path_item in &path.items {
                            if let PathItem::Requirement(r) = path_item {
                                out.requirement(r, unique);
                            }
                        }
                        out.within = None;
                    }
                }
                for score in &c.scores {
                    out.score(id, &score.node);
                }
            }
            Item::Override(o) => out.override_item(o),
            // A set declares its name, which requirements name as they name a workload.
            Item::WorkloadSet(set) => {
                out.push(&set.name, Subject::Workload(set.name.node.clone()), true);
                for w in &set.workloads.node {
                    out.push(w, Subject::Workload(w.node.clone()), false);
                }
            }
            Item::Retired(r) => {
                out.push(&r.code, Subject::RetiredCode(r.code.node.clone()), false);
            }
        }
    }
    out.elements
}

#[derive(Default)]
struct Walk {
    elements: Vec<Element>,
    /// The path being walked.
    within: Option<Within>,
}

impl Walk {
    fn push<T>(&mut self, node: &Node<T>, subject: Subject, declares: bool) {
        self.elements.push(Element {
            range: node.loc.range(),
            subject,
            declares,
            within: self.within.clone(),
        });
    }

    fn requirement(&mut self, r: &Node<Requirement>, unique: bool) {
        self.push(
            r,
            Subject::Requirement(Box::new(r.node.clone()), unique),
            false,
        );
        match &r.node {
            Requirement::Entities(e) => self.performance(&e.condition.node),
            Requirement::Growth(g) => self.growth(g),
            Requirement::Performance(p) => self.performance(p),
            Requirement::Skill(s) => {
                self.qualification(&s.qualification);
                if let Some(of_which) = &s.of_which {
                    self.qualification(&of_which.qualification);
                }
            }
            Requirement::Attested(a) => {
                for code in &a.codes.node {
                    self.push(code, Subject::Attestation(code.node.clone()), false);
                }
            }
            // Names a level of another competency, as an override does.
            Requirement::Requires(r) => {
                let id = &r.competency.node;
                self.push(&r.competency, Subject::Competency(id.clone()), false);
                self.push(&r.level, Subject::Level(id.clone(), r.level.node), false);
            }
        }
    }

    /// A score's id, its tracks, categories and metrics, and what their
    /// conditions, gates and lines measure.
    fn score(&mut self, competency: &str, score: &ScoreDef) {
        let c = competency.to_string();
        self.push(&score.id, Subject::Score(c.clone()), true);
        for item in &score.items {
            match item {
                ScoreItem::Track(t) => {
                    let track = &t.node;
                    let subject = Subject::Track(c.clone(), track.id.node.clone());
                    self.push(&track.id, subject, true);
                    if let Some(when) = &track.when {
                        self.within = Some(Within {
                            competency: c.clone(),
                            place: Place::Track(track.id.node.clone()),
                        });
                        self.requirement(when, false);
                        self.within = None;
                    }
                    let within = Some(track.id.node.as_str());
                    for item in &track.items {
                        match item {
                            TrackItem::Category(cat) => self.category(&c, within, &cat.node),
                            TrackItem::Metric(m) => self.metric(&c, within, &m.node),
                        }
                    }
                }
                ScoreItem::Category(cat) => self.category(&c, None, &cat.node),
                ScoreItem::Metric(m) => self.metric(&c, None, &m.node),
                ScoreItem::Band(_)
                | ScoreItem::Pass(_)
                | ScoreItem::EveryMetricAboveZero(_)
                | ScoreItem::QualifyAnyDay(_)
                | ScoreItem::BestTrack(_) => {}
            }
        }
    }

    fn category(&mut self, competency: &str, track: Option<&str>, category: &CategoryDef) {
        let c = competency.to_string();
        let t = track.map(str::to_string);
        let subject = Subject::Category(c, t, category.id.node.clone());
        self.push(&category.id, subject, true);
        for m in &category.metrics {
            self.metric(competency, track, &m.node);
        }
    }

    fn metric(&mut self, competency: &str, track: Option<&str>, metric: &ScoreMetricDef) {
        let c = competency.to_string();
        let t = track.map(str::to_string);
        let subject = Subject::Metric(c, t, metric.id.node.clone());
        self.push(&metric.id, subject, true);
        self.within = Some(Within {
            competency: competency.to_string(),
            place: Place::Metric(metric.id.node.clone()),
        });
        for item in &metric.items {
            match item {
                MetricItem::Gate(r) => self.requirement(r, false),
                MetricItem::Line(line) => match &line.node.kind {
                    LineKind::ProRata(r) | LineKind::AllOrNothing(r) => self.requirement(r, false),
                    LineKind::Per { measure, .. } => match &measure.node {
                        PerMeasure::Performance(p) => self.performance(p),
                        PerMeasure::People(q) => self.qualification(q),
                        PerMeasure::Change(g) => self.growth(g),
                    },
                },
                MetricItem::BestOf(_) => {}
            }
        }
        self.within = None;
    }

    fn performance(&mut self, p: &Performance) {
        self.workload(&p.workload);
        for name in p.via.iter().flat_map(|v| &v.node) {
            self.push(name, Subject::Association(name.node.clone()), false);
        }
    }

    fn growth(&mut self, g: &Growth) {
        match &g.of.node {
            GrowthOf::Measure(m) => {
                self.workload(&m.workload);
                for name in m.via.iter().flat_map(|v| &v.node) {
                    self.push(name, Subject::Association(name.node.clone()), false);
                }
            }
            GrowthOf::People(q) => self.qualification(q),
        }
    }

    fn workload(&mut self, workload: &Node<WorkloadRef>) {
        match &workload.node {
            WorkloadRef::Name(name) => self.push(workload, Subject::Workload(name.clone()), false),
            WorkloadRef::List(list) => {
                for w in list {
                    let name = &w.workload;
                    self.push(name, Subject::Workload(name.node.clone()), false);
                }
            }
        }
    }

    fn qualification(&mut self, q: &Node<Qualification>) {
        match &q.node {
            Qualification::Term(t) => {
                for code in &t.codes.node {
                    self.push(code, Subject::Code(code.node.clone(), t.class), false);
                }
            }
            Qualification::And(parts) | Qualification::Or(parts) => {
                for part in parts {
                    self.qualification(part);
                }
            }
        }
    }

    fn override_item(&mut self, o: &Node<OverrideDef>) {
        let id = &o.competency.node;
        self.push(&o.org, Subject::Organization(o.org.node.clone()), false);
        self.push(&o.competency, Subject::Competency(id.clone()), false);
        self.push(&o.level, Subject::Level(id.clone(), o.level.node), false);
        self.push(&o.until, Subject::Until(o.until.node), false);
    }
}

/// The innermost element at byte `offset` (an element ending at the offset
/// counts too, so that the place just after a word is still on it).
pub fn at(elements: &[Element], offset: usize) -> Option<&Element> {
    elements
        .iter()
        .filter(|e| e.range.start <= offset && offset <= e.range.end)
        .min_by_key(|e| e.range.len())
}
