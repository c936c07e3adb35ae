//! The program's words, shared by rule files, fact files and explanations.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A competency level. Ordered: Silver < Gold.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum Level {
    Silver,
    Gold,
}

impl Level {
    pub const ALL: [Level; 2] = [Level::Silver, Level::Gold];

    /// As written in rule files and JSON: `silver`, `gold`.
    pub fn keyword(self) -> &'static str {
        match self {
            Level::Silver => "silver",
            Level::Gold => "gold",
        }
    }

    /// As written in prose: `Silver`, `Gold`.
    pub fn title(self) -> &'static str {
        match self {
            Level::Silver => "Silver",
            Level::Gold => "Gold",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.keyword())
    }
}

/// What a performance requirement measures.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum Metric {
    /// Money earned; a flow, summed over the window.
    Revenue,
    /// New customers added; a flow, summed over the window.
    Customers,
    /// Deployed paid seats; a level, the latest record counts.
    Seats,
    /// Monthly active users; a level, the latest record counts.
    Usage,
    /// Devices shipped; a flow, summed over the window.
    Devices,
}

impl Metric {
    pub const ALL: [Metric; 5] = [
        Metric::Revenue,
        Metric::Customers,
        Metric::Seats,
        Metric::Usage,
        Metric::Devices,
    ];

    pub fn keyword(self) -> &'static str {
        match self {
            Metric::Revenue => "revenue",
            Metric::Customers => "customers",
            Metric::Seats => "seats",
            Metric::Usage => "usage",
            Metric::Devices => "devices",
        }
    }

    /// Flows are summed over the window; levels take the latest record.
    pub fn is_flow(self) -> bool {
        matches!(self, Metric::Revenue | Metric::Customers | Metric::Devices)
    }

    pub fn is_money(self) -> bool {
        self == Metric::Revenue
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.keyword())
    }
}

/// Which kinds of achievement a qualification term looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AchievementClass {
    /// `certified in`: achievements of kind Certification or Exam.
    Certified,
    /// `assessed in`: achievements of kind Assessment.
    Assessed,
}

impl AchievementClass {
    pub fn keyword(self) -> &'static str {
        match self {
            AchievementClass::Certified => "certified",
            AchievementClass::Assessed => "assessed",
        }
    }
}

/// The kind of an achievement a person holds, as fact files write it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum AchievementKind {
    Certification,
    Exam,
    Assessment,
}

impl AchievementKind {
    pub fn class(self) -> AchievementClass {
        match self {
            AchievementKind::Certification | AchievementKind::Exam => AchievementClass::Certified,
            AchievementKind::Assessment => AchievementClass::Assessed,
        }
    }
}

/// Where an organization does business; developing markets may have lower thresholds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum Market {
    #[default]
    Developed,
    Developing,
}

impl Market {
    pub fn keyword(self) -> &'static str {
        match self {
            Market::Developed => "developed",
            Market::Developing => "developing",
        }
    }
}

/// What a count over customers counts: tenants (the `customer` of metric
/// records) or workloads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Entity {
    Tenants,
    Workloads,
}

impl Entity {
    /// `tenant`, `workload` for one; `tenants`, `workloads` otherwise.
    pub fn noun(self, one: bool) -> &'static str {
        match (self, one) {
            (Entity::Tenants, true) => "tenant",
            (Entity::Tenants, false) => "tenants",
            (Entity::Workloads, true) => "workload",
            (Entity::Workloads, false) => "workloads",
        }
    }

    pub fn keyword(self) -> &'static str {
        self.noun(false)
    }
}

/// `net` (counted at the date less counted at the start) or `new` (below
/// the amount at the start, reached it since).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityChange {
    Net,
    New,
}

impl EntityChange {
    pub fn keyword(self) -> &'static str {
        match self {
            EntityChange::Net => "net",
            EntityChange::New => "new",
        }
    }
}

/// `growth` (in percent of the start) or `change` (the difference).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GrowthKind {
    Growth,
    Change,
}

impl GrowthKind {
    pub fn keyword(self) -> &'static str {
        match self {
            GrowthKind::Growth => "growth",
            GrowthKind::Change => "change",
        }
    }
}

/// Where a measure over time starts: a fixed date, or so many months
/// before the evaluation date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Since {
    /// `since 2020-10-01`
    Date(chrono::NaiveDate),
    /// `since 12 months ago`
    MonthsAgo(u32),
}
