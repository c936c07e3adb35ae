//! What validation finds wrong with a rule set: one kind per problem, each
//! with a stable code and the values that say what (the place is the
//! [`Problem`]'s; other places worth seeing are notes).

use miette::Diagnostic;
use thiserror::Error;

use crate::problem::{Note, Problem, ProblemKind};
use crate::source::Loc;

/// A problem in a rule set that parses, and where it is.
pub type CheckError = Problem<CheckErrorKind>;

#[derive(Debug, Error, Diagnostic)]
pub enum CheckErrorKind {
    #[error("competency `{id}` is defined twice")]
    #[diagnostic(
        code(rules::duplicate_competency),
        help("competency ids must be unique across all rule files: rename one, or merge the two")
    )]
    DuplicateCompetency { id: String, first: Loc },

    #[error("competency `{competency}` defines {level} twice")]
    #[diagnostic(
        code(rules::duplicate_level),
        help("put every path for {level} in one `{level} {{ ... }}` block")
    )]
    DuplicateLevel {
        competency: String,
        level: &'static str,
        first: Loc,
    },

    #[error("path `{path}` appears twice in `{competency}` {level}")]
    #[diagnostic(
        code(rules::duplicate_path),
        help("path ids must be unique within a level: rename one of them")
    )]
    DuplicatePath {
        path: String,
        competency: String,
        level: &'static str,
        first: Loc,
    },

    #[error("competency `{id}` defines no level")]
    #[diagnostic(
        code(rules::no_levels),
        help("add a `silver {{ ... }}` or `gold {{ ... }}` block with at least one path")
    )]
    NoLevels { id: String },

    #[error("`{competency}` {level} has no path, so it can never be met")]
    #[diagnostic(
        code(rules::no_paths),
        help("add at least one `path ID {{ ... }}` with the requirements to meet")
    )]
    NoPaths {
        competency: String,
        level: &'static str,
    },

    #[error("the rule set has two `settings` blocks")]
    #[diagnostic(
        code(rules::duplicate_settings),
        help("keep one `settings {{ ... }}` block for the whole rule set")
    )]
    DuplicateSettings { first: Loc },

    #[error("`{competency}` {level} has two `benefits` lists")]
    #[diagnostic(
        code(rules::duplicate_benefits),
        help("list every benefit of a level in one `benefits [...]`")
    )]
    DuplicateBenefits {
        competency: String,
        level: &'static str,
        first: Loc,
    },

    #[error("unknown setting `{name}`")]
    #[diagnostic(code(rules::unknown_setting))]
    UnknownSetting {
        name: String,
        /// The setting probably meant.
        #[help]
        meant: Option<Suggestion>,
    },

    #[error("association `{name}` is not declared in `settings {{ associations [...] }}`")]
    #[diagnostic(code(rules::undeclared_association))]
    UndeclaredAssociation {
        name: String,
        #[help]
        meant: Option<Suggestion>,
    },

    #[error("path `{path}` has no requirement, so every organization would meet it")]
    #[diagnostic(
        code(rules::empty_path),
        help("give the path at least one requirement; `unique people` alone is not one")
    )]
    EmptyPath { path: String },

    #[error("{what} cannot be empty")]
    #[diagnostic(
        code(rules::empty_name),
        help("names are how rules and facts are matched: give one")
    )]
    EmptyName { what: &'static str },

    #[error("{what} `{text}` begins or ends with a space")]
    #[diagnostic(
        code(rules::padded_name),
        help("names are matched exactly, so facts would have to carry the spaces too: write `{}`", .text.trim())
    )]
    PaddedName { what: &'static str, text: String },

    #[error("unknown warning `{name}` in `# allow(...)`")]
    #[diagnostic(code(rules::allow_unknown))]
    AllowUnknown {
        name: String,
        #[help]
        meant: Suggestion,
    },

    #[error("`# allow({name})` gives no reason")]
    #[diagnostic(
        code(rules::allow_without_reason),
        help("say why the warning is intended: `# allow({name}): the source lists both options`")
    )]
    AllowWithoutReason { name: String },

    #[error("this `# allow` is not written as `# allow(NAME): reason`")]
    #[diagnostic(
        code(rules::allow_syntax),
        help("for example `# allow(path_never_decides): the source lists both options`")
    )]
    AllowSyntax,

    #[error("this `# allow` is not directly above an item")]
    #[diagnostic(
        code(rules::allow_misplaced),
        help(
            "write it on the line right above a competency, level, path, requirement, override or \
             `settings`, with no blank line between"
        )
    )]
    AllowMisplaced,

    #[error("workload set `{name}` is declared twice")]
    #[diagnostic(
        code(rules::duplicate_workload_set),
        help("set names are unique across the rule set: rename one, or merge the two")
    )]
    DuplicateWorkloadSet { name: String, first: Loc },

    #[error("workload set `{set}` lists `{entry}`, which is a set")]
    #[diagnostic(
        code(rules::set_in_set),
        help("a set lists workloads, never a set: list `{entry}`'s workloads here instead")
    )]
    SetInSet { set: String, entry: String },

    #[error("`{entry}` is a workload set, listed among workloads")]
    #[diagnostic(
        code(rules::set_in_list),
        help("name the set alone (`{entry}`), or list workloads in brackets")
    )]
    SetInList { entry: String },

    #[error("workload `{workload}` is listed twice")]
    #[diagnostic(
        code(rules::workload_twice),
        help("each workload is summed once; give it one weight")
    )]
    WorkloadTwice { workload: String },

    #[error("a weight of zero or less counts nothing")]
    #[diagnostic(
        code(rules::zero_weight),
        help(
            "weights are positive, whole or decimal, like `* 1000` or `* 0.5`; leave the workload out to count nothing"
        )
    )]
    ZeroWeight,

    #[error("`{code}` is declared retired twice")]
    #[diagnostic(
        code(rules::duplicate_retired),
        help("keep one `retired` line per code")
    )]
    DuplicateRetired { code: String, first: Loc },

    #[error("`{code}` would stop being accepted before it retires")]
    #[diagnostic(
        code(rules::accepted_before_retired),
        help("`accepted through` is the last day it counts, on or after the day it retires")
    )]
    AcceptedBeforeRetired { code: String },

    #[error("`requires` names unknown competency `{id}`")]
    #[diagnostic(code(rules::requires_unknown))]
    RequiresUnknown {
        id: String,
        #[help]
        meant: Option<Suggestion>,
    },

    #[error("`requires` names {level}, which competency `{competency}` does not define")]
    #[diagnostic(
        code(rules::requires_undefined_level),
        help("`{competency}` defines only {defined}")
    )]
    RequiresUndefinedLevel {
        competency: String,
        level: &'static str,
        defined: String,
    },

    #[error("levels require each other in a circle: {cycle}")]
    #[diagnostic(
        code(rules::requires_cycle),
        help("a level can only require levels that do not, in the end, require it")
    )]
    RequiresCycle { cycle: String },

    #[error("setting `{name}` is given twice")]
    #[diagnostic(code(rules::duplicate_setting), help("keep one of them"))]
    DuplicateSetting { name: String, first: Loc },

    #[error("`{name}` cannot be {value}")]
    #[diagnostic(code(rules::setting_value))]
    SettingValue {
        name: &'static str,
        value: &'static str,
        #[help]
        help: &'static str,
    },

    #[error("{message}")]
    #[diagnostic(code(rules::zero_count))]
    ZeroCount {
        message: &'static str,
        #[help]
        help: &'static str,
    },

    #[error("a threshold of zero is always met")]
    #[diagnostic(
        code(rules::zero_threshold),
        help("give the amount an organization must reach, or remove the requirement")
    )]
    ZeroThreshold,

    #[error("`of which {part}` asks for more people than the {whole} counted")]
    #[diagnostic(
        code(rules::of_which_too_large),
        help("`of which` picks among the people already counted, so it can be at most {whole}")
    )]
    OfWhichTooLarge {
        part: u32,
        whole: u32,
        /// The count of the requirement.
        whole_loc: Loc,
    },

    #[error("empty {what}")]
    #[diagnostic(code(rules::empty_list))]
    EmptyList {
        what: &'static str,
        #[help]
        help: &'static str,
    },

    #[error("{metric} thresholds are {expected}")]
    #[diagnostic(code(rules::amount_kind))]
    AmountKind {
        metric: &'static str,
        expected: &'static str,
        found: &'static str,
        /// The threshold as it should be written.
        #[help]
        help: String,
    },

    #[error("{metric} are counted in whole numbers")]
    #[diagnostic(
        code(rules::fractional_count),
        help("write a whole number, like `{rounded}`")
    )]
    FractionalCount {
        metric: &'static str,
        rounded: String,
    },

    #[error("`unique people` is given twice in path `{path}`")]
    #[diagnostic(code(rules::duplicate_unique_people), help("once is enough"))]
    DuplicateUniquePeople { path: String, first: Loc },

    #[error("override names unknown competency `{id}`")]
    #[diagnostic(code(rules::unknown_competency))]
    UnknownCompetency {
        id: String,
        #[help]
        meant: Option<Suggestion>,
    },

    #[error("override names {level}, which competency `{competency}` does not define")]
    #[diagnostic(
        code(rules::undefined_level),
        help("`{competency}` defines only {defined}")
    )]
    UndefinedLevel {
        competency: String,
        level: &'static str,
        /// The levels it defines: `silver`, `silver and gold`.
        defined: String,
    },

    #[error("`in a month` is for revenue, customers and devices, not {metric}")]
    #[diagnostic(
        code(rules::in_a_month_of_a_level),
        help("{metric} take the latest record, not a month's sum: remove `in a month`")
    )]
    InMonthOfLevel { metric: &'static str },

    #[error("`since` needs `net` or `new`")]
    #[diagnostic(
        code(rules::since_without_change),
        help(
            "a count of {entity} is taken at the evaluation date; write `net` (gained less lost since the start) or `new` (reached the amount since the start) before the count, or remove `since`"
        )
    )]
    SinceWithoutChange { entity: &'static str },

    #[error("{count} workloads asked of {what}, which holds {workloads}")]
    #[diagnostic(
        code(rules::more_workloads_than_listed),
        help("a workload counts once: ask for {workloads} at most, or list more workloads")
    )]
    MoreWorkloadsThanListed {
        count: u32,
        workloads: usize,
        what: String,
    },

    #[error("people have no customer, so `by customer` cannot apply")]
    #[diagnostic(
        code(rules::people_by_customer),
        help(
            "the developing amount of people applies to organizations in developing markets: remove `by customer`"
        )
    )]
    PeopleByCustomer,

    #[error("percentages have two decimals at most")]
    #[diagnostic(
        code(rules::percent_decimals),
        help("growth is compared exactly and shown to two places: write `{rounded}`")
    )]
    PercentDecimals { rounded: String },

    #[error("organization `{org}` has two overrides for `{competency}` {level}")]
    #[diagnostic(
        code(rules::duplicate_override),
        help("keep one override per organization, competency and level")
    )]
    DuplicateOverride {
        org: String,
        competency: String,
        level: &'static str,
        first: Loc,
    },

    // ------------------------------------------------ scores (check/score.rs)
    #[error("a designation has one tier: it has no {level} block")]
    #[diagnostic(
        code(rules::level_in_designation),
        help(
            "a designation is met by its score's `pass` mark; for levels, write `competency` instead of `designation`"
        )
    )]
    LevelInDesignation { level: &'static str },

    #[error("designation `{id}` has no score, so it can never be met")]
    #[diagnostic(
        code(rules::designation_without_score),
        help("add `score ID \"Title\" {{ pass N  metric ... }}`")
    )]
    DesignationWithoutScore { id: String },

    #[error("`{competency}` has two scores")]
    #[diagnostic(
        code(rules::duplicate_score),
        help("a competency or designation has one score: put its tracks in one `score` block")
    )]
    DuplicateScore { competency: String, first: Loc },

    #[error("`{what}` is given twice in `{score}`")]
    #[diagnostic(code(rules::score_line_twice), help("keep one of them"))]
    ScoreLineTwice {
        what: &'static str,
        score: String,
        first: Loc,
    },

    #[error("{what} `{id}` appears twice in the score")]
    #[diagnostic(
        code(rules::duplicate_in_score),
        help(
            "ids of tracks, categories and metrics are unique within a score (metrics within a track): rename one"
        )
    )]
    DuplicateInScore {
        what: &'static str,
        id: String,
        first: Loc,
    },

    #[error("a designation has one tier, so it has no {level} band")]
    #[diagnostic(
        code(rules::band_in_designation),
        help("write the mark the designation needs as `pass N`")
    )]
    BandInDesignation { level: &'static str },

    #[error("a competency's score meets levels: `pass` is for designations")]
    #[diagnostic(
        code(rules::pass_in_competency),
        help("write the points each level needs, like `silver at 60` and `gold at 80`")
    )]
    PassInCompetency,

    #[error("this score has no mark, so it can never meet anything")]
    #[diagnostic(code(rules::score_without_mark))]
    ScoreWithoutMark {
        #[help]
        help: &'static str,
    },

    #[error("gold needs {gold} points, no more than silver's {silver}")]
    #[diagnostic(
        code(rules::bands_out_of_order),
        help("gold is the higher level: its band is above silver's")
    )]
    BandsOutOfOrder { silver: String, gold: String },

    #[error("`{mark}` can never be reached: the score's maximum is {max}")]
    #[diagnostic(
        code(rules::mark_above_max),
        help("lower the mark, or raise the maximum (`max N` after the score's title)")
    )]
    MarkAboveMax { mark: String, max: String },

    #[error("categories or metrics are written beside tracks")]
    #[diagnostic(
        code(rules::outside_tracks),
        help(
            "when a score has tracks, every category and metric belongs to one: move it into a `track`"
        )
    )]
    OutsideTracks,

    #[error("this score has several tracks and no rule to pick one")]
    #[diagnostic(
        code(rules::tracks_without_choice),
        help(
            "write `best track` in the score for the track that scores most to count, or give every track but the last a condition (`track ID when ...`) for the first one met to count"
        )
    )]
    TracksWithoutChoice,

    #[error("track `{track}` has a condition, and this score counts its best track")]
    #[diagnostic(
        code(rules::when_with_best_track),
        help(
            "a score picks its track one way: remove `best track` to choose by conditions, or remove the `when` to count the best track"
        )
    )]
    WhenWithBestTrack { track: String },

    #[error("track `{track}` has no condition, and a track follows it")]
    #[diagnostic(
        code(rules::track_without_when),
        help(
            "tracks are tried in order and the first whose condition is met counts: give this track a condition with `when`, or move it last, where it counts when no condition is met"
        )
    )]
    TrackWithoutWhen { track: String },

    #[error("the last track, `{track}`, has a condition")]
    #[diagnostic(
        code(rules::when_on_last_track),
        help(
            "the last track is the one that counts when no condition is met, so it takes none: remove its `when`, or add the track it should fall back to after it"
        )
    )]
    WhenOnLastTrack { track: String },

    #[error("`best track` picks among tracks, and this score has fewer than two")]
    #[diagnostic(
        code(rules::best_of_one_track),
        help("add the other tracks, or remove `best track`")
    )]
    BestOfOneTrack,

    #[error("`best of` picks among lines, and this metric has fewer than two")]
    #[diagnostic(
        code(rules::best_of_one_line),
        help("add the other lines, or remove `best of`")
    )]
    BestOfOneLine,

    #[error("category `{id}` has no metric")]
    #[diagnostic(
        code(rules::empty_category),
        help("add a `metric ID \"Title\" {{ N points: ... }}`, or remove the category")
    )]
    EmptyCategory { id: String },

    #[error("metric `{metric}` has no line that earns points")]
    #[diagnostic(
        code(rules::metric_without_line),
        help(
            "add a line like `10 points: revenue azure >= $300,000`, or write `n/a` after its title if it does not apply"
        )
    )]
    MetricWithoutLine { metric: String },

    #[error("metric `{metric}` does not apply, so it has no maximum")]
    #[diagnostic(
        code(rules::max_of_not_applicable),
        help("remove `max`, or remove `n/a` and give the metric its lines")
    )]
    MaxOfNotApplicable { metric: String },

    #[error("metric `{metric}` can earn at most {reachable} points, less than its `max {max}`")]
    #[diagnostic(
        code(rules::max_above_lines),
        help("raise the points of its lines, or lower `max` to what they can earn")
    )]
    MaxAboveLines {
        metric: String,
        max: String,
        reachable: String,
    },

    #[error("metric `{metric}` has a `per` line and no maximum")]
    #[diagnostic(
        code(rules::per_without_max),
        help(
            "points per step have no end of their own: write the metric's ceiling, like `metric usage_growth \"Usage growth\" max 20`"
        )
    )]
    PerWithoutMax { metric: String },

    #[error("{}", if *.people { "people are counted per person" } else { "`per person` counts people, and this line measures an amount" })]
    #[diagnostic(code(rules::per_unit))]
    PerUnitMismatch {
        /// Whether the measure is people (`people certified in ...`).
        people: bool,
    },
}

impl ProblemKind for CheckErrorKind {
    fn label(&self) -> Option<String> {
        use CheckErrorKind::*;
        Some(match self {
            DuplicateCompetency { .. } => "defined again here".to_string(),
            DuplicateLevel { level, .. } => format!("{level} again"),
            DuplicatePath { .. } => "used again here".to_string(),
            NoLevels { .. } => "no `silver` or `gold` inside".to_string(),
            NoPaths { .. } => "no path in this level".to_string(),
            DuplicateSettings { .. } => "second `settings` block".to_string(),
            DuplicateBenefits { .. } => "second list".to_string(),
            UnknownSetting { .. } => "not a setting".to_string(),
            DuplicateSetting { .. } => "given again here".to_string(),
            SettingValue { .. } => "not allowed here".to_string(),
            UndeclaredAssociation { .. } => "not declared".to_string(),
            EmptyPath { .. } => "no requirement in this path".to_string(),
            EmptyName { .. } => "empty".to_string(),
            DuplicateWorkloadSet { .. } => "declared again here".to_string(),
            SetInSet { .. } | SetInList { .. } => "a set".to_string(),
            WorkloadTwice { .. } => "again here".to_string(),
            ZeroWeight => "not a positive weight".to_string(),
            DuplicateRetired { .. } => "declared again here".to_string(),
            AcceptedBeforeRetired { .. } => "before the retirement date".to_string(),
            RequiresUnknown { .. } => "no competency with this id".to_string(),
            RequiresUndefinedLevel { competency, .. } => format!("not defined for `{competency}`"),
            RequiresCycle { .. } => "this `requires` closes the circle".to_string(),
            AllowUnknown { .. } => "no such warning".to_string(),
            AllowWithoutReason { .. } => "no reason".to_string(),
            AllowSyntax => "not `# allow(NAME): reason`".to_string(),
            AllowMisplaced => "above nothing it could allow".to_string(),
            PaddedName { .. } => "a space at the start or end".to_string(),
            ZeroCount { .. } | ZeroThreshold => "zero".to_string(),
            OfWhichTooLarge { whole, .. } => format!("more than {whole}"),
            EmptyList { .. } => "nothing listed".to_string(),
            AmountKind { found, .. } => found.to_string(),
            FractionalCount { .. } => "a fraction".to_string(),
            DuplicateUniquePeople { .. } => "again here".to_string(),
            UnknownCompetency { .. } => "no competency with this id".to_string(),
            UndefinedLevel { competency, .. } => format!("not defined for `{competency}`"),
            DuplicateOverride { .. } => "second override".to_string(),
            InMonthOfLevel { .. } => "not a flow".to_string(),
            SinceWithoutChange { .. } => "a start for a count without one".to_string(),
            MoreWorkloadsThanListed { workloads, .. } => format!("more than {workloads}"),
            PeopleByCustomer => "no customer to look at".to_string(),
            PercentDecimals { .. } => "more than two decimals".to_string(),
            ScoreLineTwice { .. } | DuplicateInScore { .. } => "again here".to_string(),
            LevelInDesignation { .. } => "a level".to_string(),
            DesignationWithoutScore { .. } => "no score".to_string(),
            DuplicateScore { .. } => "second score".to_string(),
            BandInDesignation { .. } => "a band".to_string(),
            PassInCompetency => "a pass mark".to_string(),
            ScoreWithoutMark { .. } => "no mark in this score".to_string(),
            BandsOutOfOrder { .. } => "not above silver".to_string(),
            MarkAboveMax { max, .. } => format!("above {max}"),
            OutsideTracks => "outside every track".to_string(),
            TracksWithoutChoice => "several tracks".to_string(),
            WhenWithBestTrack { .. } => "a condition beside `best track`".to_string(),
            TrackWithoutWhen { .. } => "no `when`".to_string(),
            WhenOnLastTrack { .. } => "a condition on the fallback".to_string(),
            BestOfOneTrack | BestOfOneLine => "nothing to pick from".to_string(),
            EmptyCategory { .. } => "no metric in this category".to_string(),
            MetricWithoutLine { .. } => "no line in this metric".to_string(),
            MaxOfNotApplicable { .. } => "a maximum".to_string(),
            MaxAboveLines { reachable, .. } => format!("more than {reachable}"),
            PerWithoutMax { .. } => "no `max`".to_string(),
            PerUnitMismatch { people: true } => "write `per person`".to_string(),
            PerUnitMismatch { people: false } => "write `per` and an amount".to_string(),
        })
    }

    fn notes(&self) -> Vec<Note> {
        use CheckErrorKind::*;
        let note = match self {
            DuplicateCompetency { id, first } => {
                Note::new(first, "first defined here").alone(format!("`{id}` was first defined"))
            }
            DuplicateLevel { level, first, .. } => Note::new(first, format!("first {level} block")),
            DuplicatePath { first, .. } => Note::new(first, "first used here"),
            DuplicateSettings { first } => {
                Note::new(first, "first `settings` block").alone("`settings` was first defined")
            }
            DuplicateBenefits { first, .. } => Note::new(first, "first list"),
            DuplicateSetting { first, .. } => Note::new(first, "first given here"),
            OfWhichTooLarge {
                whole, whole_loc, ..
            } => Note::new(whole_loc, format!("{whole} counted here")),
            DuplicateUniquePeople { first, .. } => Note::new(first, "first here"),
            DuplicateOverride { first, .. } => {
                Note::new(first, "first override").alone("the override was first defined")
            }
            DuplicateWorkloadSet { first, .. } => {
                Note::new(first, "first declared here").alone("the set was first declared")
            }
            ScoreLineTwice { first, .. } => Note::new(first, "first given here"),
            DuplicateScore { first, .. } => Note::new(first, "first score"),
            DuplicateInScore { first, .. } => Note::new(first, "first used here"),
            DuplicateRetired { first, .. } => {
                Note::new(first, "first declared here").alone("the code was first declared retired")
            }
            _ => return Vec::new(),
        };
        vec![note]
    }
}

/// A name probably meant, or what the names are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Suggestion {
    /// "did you mean `x`?"
    DidYouMean(String),
    /// Nothing close: what to write instead, in full.
    Otherwise(String),
}

impl std::fmt::Display for Suggestion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Suggestion::DidYouMean(name) => write!(f, "did you mean `{name}`?"),
            Suggestion::Otherwise(help) => f.write_str(help),
        }
    }
}
