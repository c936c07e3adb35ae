//! The grammar of `grammar/rules.pest` read by hand, for text that parses:
//! recursive descent over the bytes, building the tree of `tree.rs`
//! directly, with no pairs in between. It is the parser's fast path: pest
//! stays the authority on what is an error and on what an error says.
//!
//! Whenever this reading does not get to the end of the text (a token out of
//! place, a value `TreeBuilder` would refuse: a number with uneven digit
//! groups, a day that does not exist), it gives up and [`parse`] returns
//! `None`; `parse_rule_file` then runs pest, which reports the problem exactly
//! as before. So this reading may refuse more than pest does (it costs only
//! time), but whatever it accepts, pest accepts too, with the same tree and
//! the same places: `tests/descent.rs` and the `rules_text` fuzz target
//! compare the two on every input they have.
//!
//! Each rule below follows its pest rule, alternatives in the grammar's
//! order, and skips blanks and comments exactly where pest's generated code
//! does: between the elements of a sequence, whether or not the next one
//! (an optional or repeated element) matches anything, and before each
//! repetition after the first, only when that repetition matches. A node's
//! place is the span pest gives its pair, so a rule that ends with an
//! optional element it did not find ends after the blanks before it, as in
//! pest.

use std::ops::Range;
use std::str::FromStr;
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{MAX_NESTING, unescape, without_separators};
use crate::duration::{Duration, TimeUnit};
use crate::number;
use crate::source::{Loc, Node, SourceFile};
use crate::syntax::tree::*;
use crate::vocabulary::{AchievementClass, Entity, EntityChange, GrowthKind, Level, Metric, Since};

type Span = Range<usize>;

/// The tree of `source`, if this reading gets through it without a doubt;
/// `None` leaves the text to pest.
pub(super) fn parse(source: &Arc<SourceFile>) -> Option<RuleFile> {
    let mut descent = Descent {
        src: source,
        text: source.text(),
        pos: 0,
        depth: 0,
        refused: false,
    };
    let file = descent.file();
    file.filter(|_| !descent.refused)
}

struct Descent<'s> {
    src: &'s Arc<SourceFile>,
    text: &'s str,
    pos: usize,
    /// Parentheses open around the current term.
    depth: usize,
    /// A value `TreeBuilder` would report (a bad number or day): the tree
    /// must come from pest, with its errors.
    refused: bool,
}

/// `ident_char` of the grammar: what may not follow a keyword or a number.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl<'s> Descent<'s> {
    // ------------------------------------------------------------ helpers

    fn bytes(&self) -> &'s [u8] {
        self.text.as_bytes()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.pos).copied()
    }

    fn byte_at(&self, at: usize) -> Option<u8> {
        self.bytes().get(at).copied()
    }

    fn node<T>(&self, value: T, span: Span) -> Node<T> {
        Node::new(value, Loc::new(self.src, span))
    }

    /// pest's implicit `WHITESPACE` and `COMMENT`, as many as there are.
    fn ws(&mut self) {
        let bytes = self.bytes();
        let mut at = self.pos;
        while let Some(&b) = bytes.get(at) {
            match b {
                b' ' | b'\t' | b'\r' | b'\n' => at += 1,
                b'#' => {
                    at = bytes[at..]
                        .iter()
                        .position(|&c| c == b'\n')
                        .map_or(bytes.len(), |i| at + i);
                }
                _ => break,
            }
        }
        self.pos = at;
    }

    /// `e?`: `e`, or nothing and the position as it was.
    fn opt<T>(&mut self, e: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        let start = self.pos;
        let found = e(self);
        if found.is_none() {
            self.pos = start;
        }
        found
    }

    /// `e*`: blanks before each `e` after the first, kept only when it matches.
    fn rep<T>(&mut self, mut e: impl FnMut(&mut Self) -> Option<T>) -> Vec<T> {
        let mut found = Vec::new();
        let mut before = self.pos;
        loop {
            if !found.is_empty() {
                self.ws();
            }
            match e(self) {
                Some(x) => found.push(x),
                None => {
                    self.pos = before;
                    return found;
                }
            }
            before = self.pos;
        }
    }

    /// The letters, digits and `_` from here on: a keyword rule matches
    /// exactly when they are its word.
    fn word(&self) -> &'s str {
        let bytes = self.bytes();
        let end = bytes[self.pos..]
            .iter()
            .position(|&b| !is_word_byte(b))
            .map_or(bytes.len(), |i| self.pos + i);
        &self.text[self.pos..end]
    }

    fn kw(&mut self, keyword: &str) -> Option<Span> {
        (self.word() == keyword).then(|| {
            let start = self.pos;
            self.pos += keyword.len();
            start..self.pos
        })
    }

    /// One of `words` as a keyword, and which.
    fn one_of(&mut self, words: &[&'static str]) -> Option<(&'static str, Span)> {
        let word = self.word();
        let found = words.iter().find(|w| **w == word)?;
        let start = self.pos;
        self.pos += found.len();
        Some((found, start..self.pos))
    }

    /// Punctuation or a literal of the grammar.
    fn lit(&mut self, literal: &str) -> Option<Span> {
        self.text[self.pos..].starts_with(literal).then(|| {
            let start = self.pos;
            self.pos += literal.len();
            start..self.pos
        })
    }

    // ------------------------------------------------------------- tokens

    /// `digits`: `ASCII_DIGIT+ ~ (("," | "_") ~ ASCII_DIGIT+)*`, its end.
    fn digits_end(&self, from: usize) -> Option<usize> {
        let digit = |at: usize| self.byte_at(at).is_some_and(|b| b.is_ascii_digit());
        if !digit(from) {
            return None;
        }
        let mut at = from;
        while digit(at) {
            at += 1;
        }
        while matches!(self.byte_at(at), Some(b',' | b'_')) && digit(at + 1) {
            at += 1;
            while digit(at) {
                at += 1;
            }
        }
        Some(at)
    }

    /// `count` (whole) or `decimal`, `weight`, `points_value` (fractional):
    /// digits, perhaps `.` and digits, and then no letter, digit, `_` or `.`.
    fn number(&mut self, fractional: bool) -> Option<Span> {
        let start = self.pos;
        let mut end = self.digits_end(start)?;
        if fractional
            && self.byte_at(end) == Some(b'.')
            && self.byte_at(end + 1).is_some_and(|b| b.is_ascii_digit())
        {
            end += 1;
            while self.byte_at(end).is_some_and(|b| b.is_ascii_digit()) {
                end += 1;
            }
        }
        if self
            .byte_at(end)
            .is_some_and(|b| is_word_byte(b) || b == b'.')
        {
            return None;
        }
        self.pos = end;
        Some(start..end)
    }

    /// `TreeBuilder::check_digits`: whether the number as written is one it
    /// takes without an error.
    fn digits_fine(&self, span: &Span, money: bool) -> bool {
        let written = &self.text[span.clone()];
        let (whole, fraction) = written.split_once('.').unwrap_or((written, ""));
        number::check_groups(whole).is_ok() && !(money && fraction.len() > 2)
    }

    fn refuse<T>(&mut self) -> Option<T> {
        self.refused = true;
        None
    }

    fn count(&mut self) -> Option<Node<u32>> {
        let span = self.number(false)?;
        if !self.digits_fine(&span, false) {
            return self.refuse();
        }
        match without_separators(&self.text[span.clone()]).parse::<u32>() {
            Ok(n) => Some(self.node(n, span)),
            Err(_) => self.refuse(),
        }
    }

    /// A decimal as `points_value` or `weight` holds it.
    fn points(&mut self) -> Option<Node<Decimal>> {
        let span = self.number(true)?;
        if !self.digits_fine(&span, false) {
            return self.refuse();
        }
        match Decimal::from_str(&without_separators(&self.text[span.clone()])) {
            Ok(value) => Some(self.node(value, span)),
            Err(_) => self.refuse(),
        }
    }

    /// `date`: `YYYY-MM-DD`, not followed by a letter, digit, `_` or `-`.
    fn date(&mut self) -> Option<Node<NaiveDate>> {
        let start = self.pos;
        let shape = b"dddd-dd-dd";
        for (i, want) in shape.iter().enumerate() {
            let b = self.byte_at(start + i)?;
            let fits = match want {
                b'd' => b.is_ascii_digit(),
                _ => b == b'-',
            };
            if !fits {
                return None;
            }
        }
        let end = start + shape.len();
        if self
            .byte_at(end)
            .is_some_and(|b| is_word_byte(b) || b == b'-')
        {
            return None;
        }
        self.pos = end;
        match NaiveDate::parse_from_str(&self.text[start..end], "%Y-%m-%d") {
            Ok(date) => Some(self.node(date, start..end)),
            Err(_) => self.refuse(),
        }
    }

    /// `ident`: a lowercase letter, then lowercase letters, digits and `_`,
    /// not followed by an uppercase letter or `-`.
    fn ident(&mut self) -> Option<Node<String>> {
        let start = self.pos;
        if !self.peek().is_some_and(|b| b.is_ascii_lowercase()) {
            return None;
        }
        let mut end = start + 1;
        while self
            .byte_at(end)
            .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            end += 1;
        }
        if self
            .byte_at(end)
            .is_some_and(|b| b.is_ascii_uppercase() || b == b'-')
        {
            return None;
        }
        self.pos = end;
        Some(self.node(self.text[start..end].to_string(), start..end))
    }

    /// `string`: `"` and text without line ends, `\"` and `\\` the only
    /// escapes, and `"`. Its value unescaped, its place the quotes and all.
    fn string(&mut self) -> Option<Node<String>> {
        let start = self.pos;
        if self.peek() != Some(b'"') {
            return None;
        }
        let mut at = start + 1;
        loop {
            match self.byte_at(at)? {
                b'"' => break,
                b'\\' => match self.byte_at(at + 1)? {
                    b'"' | b'\\' => at += 2,
                    _ => return None,
                },
                b'\n' | b'\r' => return None,
                _ => at += 1,
            }
        }
        self.pos = at + 1;
        Some(self.node(unescape(&self.text[start + 1..at]), start..self.pos))
    }

    /// `ident | string`, as `TreeBuilder::name_or_string` reads either.
    fn name(&mut self) -> Option<Node<String>> {
        match self.peek()? {
            b'"' => self.string(),
            _ => self.ident(),
        }
    }

    /// `"[" ~ (item ~ (comma ~ item)* ~ comma?)? ~ close_bracket`: the items
    /// and the place of the whole list.
    fn list<T>(&mut self, item: impl Fn(&mut Self) -> Option<T>) -> Option<Node<Vec<T>>> {
        let start = self.pos;
        self.lit("[")?;
        self.ws();
        let items = self.opt(|p| {
            let mut items = vec![item(p)?];
            p.ws();
            items.extend(p.rep(|p| {
                p.lit(",")?;
                p.ws();
                item(p)
            }));
            p.ws();
            p.opt(|p| p.lit(","));
            Some(items)
        });
        self.ws();
        self.lit("]")?;
        Some(self.node(items.unwrap_or_default(), start..self.pos))
    }

    fn level_name(&mut self) -> Option<Node<Level>> {
        let (word, span) = self.one_of(&["silver", "gold"])?;
        let level = match word {
            "silver" => Level::Silver,
            _ => Level::Gold,
        };
        Some(self.node(level, span))
    }

    // -------------------------------------------------------------- file

    fn file(&mut self) -> Option<RuleFile> {
        self.ws();
        let items = self.rep(Self::item);
        self.ws();
        (self.pos == self.text.len()).then_some(RuleFile { items })
    }

    fn item(&mut self) -> Option<Item> {
        match self.word() {
            "settings" => self.settings().map(Item::Settings),
            "competency" | "designation" => self.competency().map(Item::Competency),
            "override" => self.override_item().map(Item::Override),
            "workloads" => self.workload_set().map(Item::WorkloadSet),
            "retired" => self.retired().map(Item::Retired),
            _ => None,
        }
    }

    // ---------------------------------------------------------- settings

    fn settings(&mut self) -> Option<Node<SettingsBlock>> {
        let start = self.pos;
        self.kw("settings")?;
        self.ws();
        self.lit("{")?;
        self.ws();
        let entries = self.rep(Self::setting);
        self.ws();
        self.lit("}")?;
        Some(self.node(SettingsBlock { entries }, start..self.pos))
    }

    fn setting(&mut self) -> Option<Node<Setting>> {
        let start = self.pos;
        // gold_includes_silver
        let flag = self.opt(|p| {
            p.kw("gold")?;
            p.ws();
            p.kw("includes")?;
            p.ws();
            p.kw("silver")?;
            p.ws();
            p.kw("benefits")
        });
        if flag.is_some() {
            let span = start..self.pos;
            let name = self.node("gold includes silver benefits".to_string(), span.clone());
            let value = self.node(SettingValue::Flag, span.clone());
            return Some(self.node(Setting { name, value }, span));
        }
        // setting_name ~ setting_value; setting_name = (!kw_until ~ ident)+
        let name_word = |p: &mut Self| {
            if p.word() == "until" {
                return None;
            }
            p.ident()
        };
        let mut words = vec![name_word(self)?.node];
        self.ws();
        words.extend(self.rep(name_word).into_iter().map(|w| w.node));
        let name = self.node(words.join(" "), start..self.pos);
        self.ws();
        let value = self.setting_value()?;
        Some(self.node(Setting { name, value }, start..self.pos))
    }

    /// `duration | year_end | association_list`.
    fn setting_value(&mut self) -> Option<Node<SettingValue>> {
        let start = self.pos;
        match self.peek()? {
            b'0'..=b'9' => {
                let count = self.count()?;
                self.ws();
                let (word, _) =
                    self.one_of(&["hours", "hour", "days", "day", "months", "month"])?;
                let unit = match word.trim_end_matches('s') {
                    "hour" => TimeUnit::Hours,
                    "day" => TimeUnit::Days,
                    _ => TimeUnit::Months,
                };
                let duration = Duration {
                    count: count.node,
                    unit,
                };
                Some(self.node(SettingValue::Duration(duration), start..self.pos))
            }
            b'[' => self.list(Self::name).map(|l| l.map(SettingValue::Names)),
            _ => {
                self.kw("until")?;
                self.ws();
                self.kw("year")?;
                self.ws();
                self.kw("end")?;
                Some(self.node(SettingValue::UntilYearEnd, start..self.pos))
            }
        }
    }

    // ------------------------------------------------------ competencies

    fn competency(&mut self) -> Option<Node<CompetencyDef>> {
        let start = self.pos;
        let (word, _) = self.one_of(&["competency", "designation"])?;
        self.ws();
        let id = self.ident()?;
        self.ws();
        let title = self.string()?;
        self.ws();
        self.lit("{")?;
        self.ws();
        let mut levels = Vec::new();
        let mut scores = Vec::new();
        let _ = self.rep(|p| match p.word() {
            "silver" | "gold" => p.level().map(|l| levels.push(l)),
            "score" => p.score().map(|s| scores.push(s)),
            _ => None,
        });
        self.ws();
        self.lit("}")?;
        let competency = CompetencyDef {
            id,
            title,
            levels,
            designation: word == "designation",
            scores,
        };
        Some(self.node(competency, start..self.pos))
    }

    fn level(&mut self) -> Option<Node<LevelDef>> {
        let start = self.pos;
        let level = self.level_name()?;
        self.ws();
        self.lit("{")?;
        self.ws();
        let items = self.rep(|p| match p.word() {
            "path" => p.path().map(LevelItem::Path),
            "benefits" => {
                p.kw("benefits")?;
                p.ws();
                p.list(Self::string).map(LevelItem::Benefits)
            }
            _ => None,
        });
        self.ws();
        self.lit("}")?;
        Some(self.node(LevelDef { level, items }, start..self.pos))
    }

    fn path(&mut self) -> Option<Node<PathDef>> {
        let start = self.pos;
        self.kw("path")?;
        self.ws();
        let id = self.ident()?;
        self.ws();
        let title = self.opt(Self::string);
        self.ws();
        self.lit("{")?;
        self.ws();
        let items = self.rep(Self::path_item);
        self.ws();
        self.lit("}")?;
        Some(self.node(PathDef { id, title, items }, start..self.pos))
    }

    /// `unique_people | performance | growth | entity_count | attested |
    /// skill | requires`: only `unique` and `requires` start the first and
    /// the last, so the others are the requirements of a score line.
    fn path_item(&mut self) -> Option<PathItem> {
        let start = self.pos;
        match self.word() {
            "unique" => {
                self.kw("unique")?;
                self.ws();
                self.kw("people")?;
                Some(PathItem::UniquePeople(self.node((), start..self.pos)))
            }
            "requires" => {
                self.kw("requires")?;
                self.ws();
                let competency = self.ident()?;
                self.ws();
                let level = self.level_name()?;
                let requires = Requirement::Requires(Requires { competency, level });
                Some(PathItem::Requirement(self.node(requires, start..self.pos)))
            }
            _ => self.scored_requirement().map(PathItem::Requirement),
        }
    }

    /// `performance | growth | entity_count | attested | skill`, by the word
    /// that starts each; a number can start the last three, tried in order.
    fn scored_requirement(&mut self) -> Option<Node<Requirement>> {
        let start = self.pos;
        let word = self.word();
        let requirement = match word {
            "revenue" | "customers" | "seats" | "usage" | "devices" => {
                Requirement::Performance(self.performance(false)?)
            }
            "growth" | "change" => Requirement::Growth(self.growth()?),
            "net" | "new" => Requirement::Entities(self.entity_count()?),
            "attested" => Requirement::Attested(self.attested()?),
            _ if word.starts_with(|c: char| c.is_ascii_digit()) => {
                if let Some(entities) = self.entity_count() {
                    Requirement::Entities(entities)
                } else {
                    self.pos = start;
                    if let Some(attested) = self.attested() {
                        Requirement::Attested(attested)
                    } else {
                        self.pos = start;
                        Requirement::Skill(self.skill()?)
                    }
                }
            }
            _ => return None,
        };
        Some(self.node(requirement, start..self.pos))
    }

    fn metric(&mut self) -> Option<Node<Metric>> {
        let (word, span) = self.one_of(&["revenue", "customers", "seats", "usage", "devices"])?;
        let metric = match word {
            "revenue" => Metric::Revenue,
            "customers" => Metric::Customers,
            "seats" => Metric::Seats,
            "devices" => Metric::Devices,
            _ => Metric::Usage,
        };
        Some(self.node(metric, span))
    }

    /// `performance`, or `condition` (`comparison` for `at_least`: `>` too).
    fn performance(&mut self, condition: bool) -> Option<Performance> {
        let metric = self.metric()?;
        self.ws();
        let workload = self.workload()?;
        self.ws();
        let via = self.opt(Self::via);
        self.ws();
        let offer = self.opt(Self::offer_filter);
        self.ws();
        let strict = if self.lit(">=").is_some() {
            false
        } else if condition && self.lit(">").is_some() {
            true
        } else {
            return None;
        };
        self.ws();
        let threshold = self.amount()?;
        self.ws();
        let developing = self.opt(Self::developing);
        self.ws();
        let in_month = self.opt(|p| {
            let start = p.pos;
            p.kw("in")?;
            p.ws();
            p.kw("a")?;
            p.ws();
            p.kw("month")?;
            Some(p.node((), start..p.pos))
        });
        self.ws();
        let window_months = self.opt(Self::window);
        let (developing, developing_by_customer) = match developing {
            Some((amount, by_customer)) => (Some(amount), by_customer),
            None => (None, false),
        };
        Some(Performance {
            metric,
            workload,
            via,
            offer,
            threshold,
            developing,
            developing_by_customer,
            in_month,
            window_months,
            strict,
        })
    }

    /// `weighted_list | !(kw_via | kw_where) ~ ident | string`.
    fn workload(&mut self) -> Option<Node<WorkloadRef>> {
        let start = self.pos;
        match self.peek()? {
            b'[' => {
                self.lit("[")?;
                self.ws();
                let mut entries = vec![self.weighted()?];
                self.ws();
                entries.extend(self.rep(|p| {
                    p.lit(",")?;
                    p.ws();
                    p.weighted()
                }));
                self.ws();
                self.opt(|p| p.lit(","));
                self.ws();
                self.lit("]")?;
                Some(self.node(WorkloadRef::List(entries), start..self.pos))
            }
            b'"' => self.string().map(|s| s.map(WorkloadRef::Name)),
            _ => {
                if matches!(self.word(), "via" | "where") {
                    return None;
                }
                self.ident().map(|s| s.map(WorkloadRef::Name))
            }
        }
    }

    /// `workload_name ~ (times ~ weight)?`
    fn weighted(&mut self) -> Option<Node<Weighted>> {
        let start = self.pos;
        let workload = self.name()?;
        self.ws();
        let weight = self.opt(|p| {
            p.lit("*")?;
            p.ws();
            p.points()
        });
        Some(self.node(Weighted { workload, weight }, start..self.pos))
    }

    fn via(&mut self) -> Option<Node<Vec<Node<String>>>> {
        let start = self.pos;
        self.kw("via")?;
        self.ws();
        let names = self.list(Self::name)?;
        Some(self.node(names.node, start..self.pos))
    }

    /// `kw_where ~ kw_offer ~ kw_not? ~ kw_in ~ value_list`
    fn offer_filter(&mut self) -> Option<Node<OfferFilter>> {
        let start = self.pos;
        self.kw("where")?;
        self.ws();
        self.kw("offer")?;
        self.ws();
        let not = self.opt(|p| p.kw("not")).is_some();
        self.ws();
        self.kw("in")?;
        self.ws();
        let values = self.list(Self::name)?.node;
        Some(self.node(OfferFilter { not, values }, start..self.pos))
    }

    /// `"(" ~ kw_developing ~ amount ~ by_customer? ~ close_paren`
    fn developing(&mut self) -> Option<(Node<Amount>, bool)> {
        self.lit("(")?;
        self.ws();
        self.kw("developing")?;
        self.ws();
        let amount = self.amount()?;
        self.ws();
        let by_customer = self
            .opt(|p| {
                p.kw("by")?;
                p.ws();
                p.kw("customer")
            })
            .is_some();
        self.ws();
        self.lit(")")?;
        Some((amount, by_customer))
    }

    /// `kw_over ~ count ~ month_unit`: the count.
    fn window(&mut self) -> Option<Node<u32>> {
        self.kw("over")?;
        self.ws();
        let count = self.count()?;
        self.ws();
        self.one_of(&["months", "month"])?;
        Some(count)
    }

    /// `dollar_amount | usd_amount | percent_amount | plain_amount`
    fn amount(&mut self) -> Option<Node<Amount>> {
        let start = self.pos;
        let dollar = self.lit("$").is_some();
        let decimal = self.number(true)?;
        let (is_money, is_percent) = if dollar {
            (true, false)
        } else {
            let after = self.pos;
            self.ws();
            if self.kw("USD").is_some() {
                (true, false)
            } else {
                self.pos = after;
                (false, self.lit("%").is_some())
            }
        };
        if !self.digits_fine(&decimal, is_money) {
            return self.refuse();
        }
        match Decimal::from_str(&without_separators(&self.text[decimal])) {
            Ok(value) => {
                let amount = Amount {
                    value,
                    is_money,
                    is_percent,
                };
                Some(self.node(amount, start..self.pos))
            }
            Err(_) => self.refuse(),
        }
    }

    /// `count ~ person_word ~ qualification ~ of_which?`
    fn skill(&mut self) -> Option<Skill> {
        let count = self.count()?;
        self.ws();
        self.one_of(&["people", "person"])?;
        self.ws();
        let qualification = self.qualification()?;
        self.ws();
        let of_which = self.opt(|p| {
            let start = p.pos;
            p.kw("of")?;
            p.ws();
            p.kw("which")?;
            p.ws();
            let count = p.count()?;
            p.ws();
            p.opt(|p| p.one_of(&["people", "person"]));
            p.ws();
            let qualification = p.qualification()?;
            let of_which = OfWhich {
                count,
                qualification,
            };
            Some(p.node(of_which, start..p.pos))
        });
        Some(Skill {
            count,
            qualification,
            of_which,
        })
    }

    /// `conjunction ~ (kw_or ~ conjunction)*`; one alternative is itself.
    fn qualification(&mut self) -> Option<Node<Qualification>> {
        let start = self.pos;
        let mut alternatives = vec![self.conjunction()?];
        self.ws();
        alternatives.extend(self.rep(|p| {
            p.kw("or")?;
            p.ws();
            p.conjunction()
        }));
        if alternatives.len() == 1 {
            alternatives.pop()
        } else {
            Some(self.node(Qualification::Or(alternatives), start..self.pos))
        }
    }

    /// `term ~ (kw_and ~ term)*`; one term is itself.
    fn conjunction(&mut self) -> Option<Node<Qualification>> {
        let start = self.pos;
        let mut terms = vec![self.term()?];
        self.ws();
        terms.extend(self.rep(|p| {
            p.kw("and")?;
            p.ws();
            p.term()
        }));
        if terms.len() == 1 {
            terms.pop()
        } else {
            Some(self.node(Qualification::And(terms), start..self.pos))
        }
    }

    /// `achievement ~ kw_in ~ all? ~ code_list | "(" ~ qualification ~ close_paren`
    fn term(&mut self) -> Option<Node<Qualification>> {
        let start = self.pos;
        if self.lit("(").is_some() {
            if self.depth >= MAX_NESTING {
                return self.refuse();
            }
            self.ws();
            self.depth += 1;
            let inner = self.qualification();
            self.depth -= 1;
            let mut inner = inner?;
            self.ws();
            self.lit(")")?;
            inner.loc = Loc::new(self.src, start..self.pos);
            return Some(inner);
        }
        let (word, _) = self.one_of(&["certified", "assessed"])?;
        let class = match word {
            "certified" => AchievementClass::Certified,
            _ => AchievementClass::Assessed,
        };
        self.ws();
        self.kw("in")?;
        self.ws();
        let all = self.opt(|p| p.kw("all")).is_some();
        self.ws();
        let codes = self.list(Self::string)?;
        let term = Qualification::Term(Term { class, all, codes });
        Some(self.node(term, start..self.pos))
    }

    /// `count? ~ kw_attested ~ kw_in ~ code_list`
    fn attested(&mut self) -> Option<Attested> {
        let count = self.opt(Self::count);
        self.ws();
        self.kw("attested")?;
        self.ws();
        self.kw("in")?;
        self.ws();
        let codes = self.list(Self::string)?;
        Some(Attested { count, codes })
    }

    /// `change_word? ~ count ~ entity_word ~ developing? ~ kw_with ~ condition ~ since?`
    fn entity_count(&mut self) -> Option<EntityCount> {
        let change = self.opt(|p| {
            let (word, span) = p.one_of(&["net", "new"])?;
            let change = match word {
                "net" => EntityChange::Net,
                _ => EntityChange::New,
            };
            Some(p.node(change, span))
        });
        self.ws();
        let count = self.count()?;
        self.ws();
        let (word, span) = self.one_of(&["tenants", "tenant", "workloads", "workload"])?;
        let entity = if word.starts_with("tenant") {
            Entity::Tenants
        } else {
            Entity::Workloads
        };
        let entity = self.node(entity, span);
        self.ws();
        let developing = self.opt(Self::developing);
        self.ws();
        self.kw("with")?;
        self.ws();
        let condition_start = self.pos;
        let condition = self.performance(true)?;
        let condition = self.node(condition, condition_start..self.pos);
        self.ws();
        let since = self.opt(Self::since);
        let (developing, developing_by_customer) = match developing {
            Some((amount, by_customer)) => (Some(amount), by_customer),
            None => (None, false),
        };
        Some(EntityCount {
            change,
            count,
            entity,
            developing,
            developing_by_customer,
            condition,
            since,
        })
    }

    /// `kw_since ~ (date | months_ago)`
    fn since(&mut self) -> Option<Node<Since>> {
        let start = self.pos;
        self.kw("since")?;
        self.ws();
        let since = match self.opt(Self::date) {
            Some(date) => Since::Date(date.node),
            None => {
                let count = self.count()?;
                self.ws();
                self.one_of(&["months", "month"])?;
                self.ws();
                self.kw("ago")?;
                Since::MonthsAgo(count.node)
            }
        };
        Some(self.node(since, start..self.pos))
    }

    /// `growth_word ~ growth_of ~ at_least ~ amount ~ developing? ~ window? ~ since? ~ baseline?`
    fn growth(&mut self) -> Option<Growth> {
        let (word, span) = self.one_of(&["growth", "change"])?;
        let kind = match word {
            "growth" => GrowthKind::Growth,
            _ => GrowthKind::Change,
        };
        let kind = self.node(kind, span);
        self.ws();
        let of = self.growth_of()?;
        self.ws();
        self.lit(">=")?;
        self.ws();
        let threshold = self.amount()?;
        self.ws();
        let developing = self.opt(Self::developing);
        self.ws();
        let window_months = self.opt(Self::window);
        self.ws();
        let since = self.opt(Self::since);
        self.ws();
        let baseline = self.opt(|p| {
            let start = p.pos;
            p.kw("with")?;
            p.ws();
            p.kw("baseline")?;
            p.ws();
            p.lit(">=")?;
            p.ws();
            let floor = p.amount()?;
            p.ws();
            let (developing, developing_by_customer) = match p.opt(Self::developing) {
                Some((amount, by_customer)) => (Some(amount), by_customer),
                None => (None, false),
            };
            let baseline = Baseline {
                floor,
                developing,
                developing_by_customer,
            };
            Some(p.node(baseline, start..p.pos))
        });
        let (developing, developing_by_customer) = match developing {
            Some((amount, by_customer)) => (Some(amount), by_customer),
            None => (None, false),
        };
        Some(Growth {
            kind,
            of,
            threshold,
            developing,
            developing_by_customer,
            window_months,
            since,
            baseline,
        })
    }

    /// `people_of | metric ~ workload ~ via? ~ offer_filter?`
    fn growth_of(&mut self) -> Option<Node<GrowthOf>> {
        let start = self.pos;
        if self.kw("people").is_some() {
            self.ws();
            let qualification = self.qualification()?;
            return Some(self.node(GrowthOf::People(qualification), start..self.pos));
        }
        let metric = self.metric()?;
        self.ws();
        let workload = self.workload()?;
        self.ws();
        let via = self.opt(Self::via);
        self.ws();
        let offer = self.opt(Self::offer_filter);
        let measure = Measure {
            metric,
            workload,
            via,
            offer,
        };
        Some(self.node(GrowthOf::Measure(measure), start..self.pos))
    }

    // ------------------------------------------------------------- scores

    /// `kw_score ~ ident ~ string? ~ points_max? ~ open_brace ~ score_item* ~ close_brace`
    fn score(&mut self) -> Option<Node<ScoreDef>> {
        let start = self.pos;
        self.kw("score")?;
        self.ws();
        let id = self.ident()?;
        self.ws();
        let title = self.opt(Self::string);
        self.ws();
        let max = self.opt(Self::points_max);
        self.ws();
        self.lit("{")?;
        self.ws();
        let items = self.rep(Self::score_item);
        self.ws();
        self.lit("}")?;
        let score = ScoreDef {
            id,
            title,
            max,
            items,
        };
        Some(self.node(score, start..self.pos))
    }

    fn points_max(&mut self) -> Option<Node<Decimal>> {
        self.kw("max")?;
        self.ws();
        self.points()
    }

    /// `band | pass_mark | every_metric | qualify_window | best_track |
    /// track | category | score_metric`, each with a word of its own.
    fn score_item(&mut self) -> Option<ScoreItem> {
        let start = self.pos;
        match self.word() {
            "silver" | "gold" => {
                let level = self.level_name()?;
                self.ws();
                self.kw("at")?;
                self.ws();
                let at = self.points()?;
                Some(ScoreItem::Band(
                    self.node(Band { level, at }, start..self.pos),
                ))
            }
            "pass" => {
                self.kw("pass")?;
                self.ws();
                let points = self.points()?;
                Some(ScoreItem::Pass(self.node(points.node, start..self.pos)))
            }
            "every" => {
                for word in ["every", "metric", "above"] {
                    self.kw(word)?;
                    self.ws();
                }
                // zero: "0", then no letter, digit, `_` or `.`
                self.lit("0")?;
                if self.peek().is_some_and(|b| is_word_byte(b) || b == b'.') {
                    return None;
                }
                Some(ScoreItem::EveryMetricAboveZero(
                    self.node((), start..self.pos),
                ))
            }
            "qualify" => {
                for word in ["qualify", "any", "day", "over"] {
                    self.kw(word)?;
                    self.ws();
                }
                let months = self.count()?;
                self.ws();
                self.one_of(&["months", "month"])?;
                Some(ScoreItem::QualifyAnyDay(
                    self.node(months.node, start..self.pos),
                ))
            }
            "best" => {
                self.kw("best")?;
                self.ws();
                self.kw("track")?;
                Some(ScoreItem::BestTrack(self.node((), start..self.pos)))
            }
            "track" => self.track().map(ScoreItem::Track),
            "category" => self.category().map(ScoreItem::Category),
            "metric" => self.score_metric().map(ScoreItem::Metric),
            _ => None,
        }
    }

    /// `kw_track ~ ident ~ string? ~ track_when? ~ open_brace ~ (category | score_metric)* ~ close_brace`
    fn track(&mut self) -> Option<Node<TrackDef>> {
        let start = self.pos;
        self.kw("track")?;
        self.ws();
        let id = self.ident()?;
        self.ws();
        let title = self.opt(Self::string);
        self.ws();
        let when = self.opt(|p| {
            p.kw("when")?;
            p.ws();
            p.scored_requirement().map(Box::new)
        });
        self.ws();
        self.lit("{")?;
        self.ws();
        let items = self.rep(|p| match p.word() {
            "category" => p.category().map(TrackItem::Category),
            "metric" => p.score_metric().map(TrackItem::Metric),
            _ => None,
        });
        self.ws();
        self.lit("}")?;
        let track = TrackDef {
            id,
            title,
            when,
            items,
        };
        Some(self.node(track, start..self.pos))
    }

    /// `kw_category ~ ident ~ string? ~ points_max? ~ open_brace ~ score_metric* ~ close_brace`
    fn category(&mut self) -> Option<Node<CategoryDef>> {
        let start = self.pos;
        self.kw("category")?;
        self.ws();
        let id = self.ident()?;
        self.ws();
        let title = self.opt(Self::string);
        self.ws();
        let max = self.opt(Self::points_max);
        self.ws();
        self.lit("{")?;
        self.ws();
        let metrics = self.rep(Self::score_metric);
        self.ws();
        self.lit("}")?;
        let category = CategoryDef {
            id,
            title,
            max,
            metrics,
        };
        Some(self.node(category, start..self.pos))
    }

    /// `kw_metric ~ ident ~ string? ~ points_max? ~ (not_applicable | open_brace ~ metric_item* ~ close_brace)`
    fn score_metric(&mut self) -> Option<Node<ScoreMetricDef>> {
        let start = self.pos;
        self.kw("metric")?;
        self.ws();
        let id = self.ident()?;
        self.ws();
        let title = self.opt(Self::string);
        self.ws();
        let max = self.opt(Self::points_max);
        self.ws();
        let mut not_applicable = None;
        let mut items = Vec::new();
        if let Some(span) = self.lit("n/a") {
            not_applicable = Some(self.node((), span));
        } else {
            self.lit("{")?;
            self.ws();
            items = self.rep(Self::metric_item);
            self.ws();
            self.lit("}")?;
        }
        let metric = ScoreMetricDef {
            id,
            title,
            max,
            not_applicable,
            items,
        };
        Some(self.node(metric, start..self.pos))
    }

    /// `gate | best_of | per_line | points_line`
    fn metric_item(&mut self) -> Option<MetricItem> {
        let start = self.pos;
        let word = self.word();
        match word {
            "only" => {
                self.kw("only")?;
                self.ws();
                self.kw("if")?;
                self.ws();
                self.scored_requirement().map(MetricItem::Gate)
            }
            "best" => {
                self.kw("best")?;
                self.ws();
                self.kw("of")?;
                Some(MetricItem::BestOf(self.node((), start..self.pos)))
            }
            _ if word.starts_with(|c: char| c.is_ascii_digit()) => {
                if let Some(line) = self.per_line() {
                    return Some(MetricItem::Line(line));
                }
                self.pos = start;
                self.points_line().map(MetricItem::Line)
            }
            _ => None,
        }
    }

    /// `points_value ~ points_word ~ all_or_nothing? ~ colon ~ scored_requirement`
    fn points_line(&mut self) -> Option<Node<PointsLine>> {
        let start = self.pos;
        let points = self.points()?;
        self.ws();
        self.one_of(&["points", "point"])?;
        self.ws();
        let all_or_nothing = self
            .opt(|p| {
                p.kw("all")?;
                p.ws();
                p.kw("or")?;
                p.ws();
                p.kw("nothing")
            })
            .is_some();
        self.ws();
        self.lit(":")?;
        self.ws();
        let requirement = self.scored_requirement()?;
        let kind = if all_or_nothing {
            LineKind::AllOrNothing(requirement)
        } else {
            LineKind::ProRata(requirement)
        };
        Some(self.node(PointsLine { points, kind }, start..self.pos))
    }

    /// `points_value ~ points_word ~ kw_per ~ per_unit ~ colon ~ per_measure`
    fn per_line(&mut self) -> Option<Node<PointsLine>> {
        let start = self.pos;
        let points = self.points()?;
        self.ws();
        self.one_of(&["points", "point"])?;
        self.ws();
        self.kw("per")?;
        self.ws();
        // per_unit = { kw_person | amount }
        let step = if self.kw("person").is_some() {
            None
        } else {
            Some(self.amount()?)
        };
        self.ws();
        self.lit(":")?;
        self.ws();
        let measure_start = self.pos;
        // per_measure = { people_measure | per_change | metric ~ workload ~ via? ~ offer_filter? ~ window? }
        let per = match self.word() {
            "people" => {
                self.kw("people")?;
                self.ws();
                PerMeasure::People(self.qualification()?)
            }
            "change" => {
                let kind = self.kw("change")?;
                let kind = self.node(GrowthKind::Change, kind);
                self.ws();
                let of = self.growth_of()?;
                self.ws();
                let window_months = self.opt(Self::window);
                self.ws();
                let since = self.opt(Self::since);
                let threshold = self.step_or_one(&step, measure_start);
                PerMeasure::change(kind, of, threshold, window_months, since)
            }
            _ => {
                let metric = self.metric()?;
                self.ws();
                let workload = self.workload()?;
                self.ws();
                let via = self.opt(Self::via);
                self.ws();
                let offer = self.opt(Self::offer_filter);
                self.ws();
                let window_months = self.opt(Self::window);
                let threshold = self.step_or_one(&step, measure_start);
                PerMeasure::Performance(Box::new(Performance {
                    metric,
                    workload,
                    via,
                    offer,
                    threshold,
                    developing: None,
                    developing_by_customer: false,
                    in_month: None,
                    window_months,
                    strict: false,
                }))
            }
        };
        let measure = self.node(per, measure_start..self.pos);
        let line = PointsLine {
            points,
            kind: LineKind::Per { step, measure },
        };
        Some(self.node(line, start..self.pos))
    }

    /// A `per` line's step as its measure's threshold; steps of one
    /// without one (`per person`, reported by `check`), placed at the measure.
    fn step_or_one(&self, step: &Option<Node<Amount>>, measure_start: usize) -> Node<Amount> {
        step_threshold(step, Loc::new(self.src, measure_start..self.pos))
    }

    // ------------------------------------------------- the other items

    /// `kw_workloads ~ ident ~ equals ~ workload_names`
    fn workload_set(&mut self) -> Option<Node<WorkloadSetDef>> {
        let start = self.pos;
        self.kw("workloads")?;
        self.ws();
        let name = self.ident()?;
        self.ws();
        self.lit("=")?;
        self.ws();
        let workloads = self.list(Self::name)?;
        Some(self.node(WorkloadSetDef { name, workloads }, start..self.pos))
    }

    /// `kw_retired ~ string ~ kw_on ~ date ~ accepted_through?`
    fn retired(&mut self) -> Option<Node<RetiredDef>> {
        let start = self.pos;
        self.kw("retired")?;
        self.ws();
        let code = self.string()?;
        self.ws();
        self.kw("on")?;
        self.ws();
        let on = self.date()?;
        self.ws();
        let accepted_through = self.opt(|p| {
            p.kw("accepted")?;
            p.ws();
            p.kw("through")?;
            p.ws();
            p.date()
        });
        let retired = RetiredDef {
            code,
            on,
            accepted_through,
        };
        Some(self.node(retired, start..self.pos))
    }

    /// `kw_override ~ string ~ ident ~ level_name ~ kw_until ~ date ~ kw_because ~ string`
    fn override_item(&mut self) -> Option<Node<OverrideDef>> {
        let start = self.pos;
        self.kw("override")?;
        self.ws();
        let org = self.string()?;
        self.ws();
        let competency = self.ident()?;
        self.ws();
        let level = self.level_name()?;
        self.ws();
        self.kw("until")?;
        self.ws();
        let until = self.date()?;
        self.ws();
        self.kw("because")?;
        self.ws();
        let reason = self.string()?;
        let item = OverrideDef {
            org,
            competency,
            level,
            until,
            reason,
        };
        Some(self.node(item, start..self.pos))
    }
}
