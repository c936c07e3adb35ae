//! Organizations → fact text, in RON, JSON or JSON Lines: the one writer
//! of fact files (`rules generate` uses it), so that every string is
//! escaped the way the reader reads it back.

use std::io::{self, Write};

use chrono::SecondsFormat;

use super::model::*;
use super::tokens::Format;
use crate::vocabulary::{AchievementKind, Level, Market, Metric};

/// How organizations are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// A RON list `[Organization(...), ...]`, one field per line.
    RonList,
    /// A JSON array of objects, one organization per line.
    JsonArray,
    /// One JSON object per line, nothing around them (`.jsonl`).
    JsonLines,
}

impl Layout {
    pub fn format(self) -> Format {
        match self {
            Layout::RonList => Format::Ron,
            Layout::JsonArray | Layout::JsonLines => Format::Json,
        }
    }
}

/// Writes organizations one at a time, between [`FactWriter::begin`] and
/// [`FactWriter::end`].
pub struct FactWriter<W> {
    out: W,
    layout: Layout,
    written: usize,
}

impl<W: Write> FactWriter<W> {
    /// Starts the file; `comment` (RON only) goes on its first line.
    pub fn begin(mut out: W, layout: Layout, comment: Option<&str>) -> io::Result<Self> {
        match layout {
            Layout::RonList => {
                if let Some(comment) = comment {
                    for line in comment.lines() {
                        writeln!(out, "// {line}")?;
                    }
                }
                writeln!(out, "[")?;
            }
            Layout::JsonArray => writeln!(out, "[")?,
            Layout::JsonLines => {}
        }
        Ok(FactWriter {
            out,
            layout,
            written: 0,
        })
    }

    pub fn organization(&mut self, org: &Organization) -> io::Result<()> {
        match self.layout {
            Layout::RonList => self.ron(org)?,
            Layout::JsonArray => {
                if self.written > 0 {
                    writeln!(self.out, ",")?;
                }
                self.json(org)?;
            }
            Layout::JsonLines => {
                self.json(org)?;
                writeln!(self.out)?;
            }
        }
        self.written += 1;
        Ok(())
    }

    /// Ends the file and hands back the output.
    pub fn end(mut self) -> io::Result<W> {
        match self.layout {
            Layout::RonList => writeln!(self.out, "]")?,
            Layout::JsonArray => writeln!(self.out, "\n]")?,
            Layout::JsonLines => {}
        }
        Ok(self.out)
    }

    fn ron(&mut self, org: &Organization) -> io::Result<()> {
        let o = &mut self.out;
        writeln!(o, "Organization(")?;
        writeln!(o, "    id: {},", ron_string(&org.id))?;
        if let Some(name) = &org.name {
            writeln!(o, "    name: {},", ron_string(name))?;
        }
        if org.market != Market::Developed {
            writeln!(o, "    market: {},", market(org.market))?;
        }
        if let Some(as_of) = org.as_of {
            writeln!(o, "    as_of: Some(\"{as_of}\"),")?;
        }
        if let Some(m) = &org.membership {
            let competencies: Vec<String> =
                m.competencies.iter().map(|(c, _)| ron_string(c)).collect();
            writeln!(
                o,
                "    membership: Some(Membership(level: {}, purchased: \"{}\", competencies: [{}])),",
                level(m.level),
                m.purchased,
                competencies.join(", ")
            )?;
        }
        writeln!(o, "    metrics: [")?;
        for r in &org.metrics {
            write!(
                o,
                "        Metric(kind: {}, workload: {}, value: {}, date: \"{}\"",
                metric(r.kind),
                ron_string(&r.workload),
                r.value,
                r.date
            )?;
            if let Some(a) = &r.association {
                write!(o, ", association: Some({})", ron_string(a))?;
            }
            if let Some(offer) = &r.offer {
                write!(o, ", offer: Some({})", ron_string(offer))?;
            }
            if let Some(customer) = &r.customer {
                write!(o, ", customer: Some({})", ron_string(customer))?;
            }
            if let Some(m) = r.customer_market {
                write!(o, ", customer_market: Some({})", market(m))?;
            }
            writeln!(o, "),")?;
        }
        writeln!(o, "    ],")?;
        writeln!(o, "    people: [")?;
        for p in &org.people {
            write!(o, "        Person(id: {}", ron_string(&p.id))?;
            if let Some(name) = &p.name {
                write!(o, ", name: Some({})", ron_string(name))?;
            }
            write!(o, ", associated: \"{}\"", moment(p))?;
            if let Some(left) = p.left {
                write!(o, ", left: Some(\"{left}\")")?;
            }
            writeln!(o, ", achievements: [")?;
            for a in &p.achievements {
                write!(
                    o,
                    "            Achievement(kind: {}, code: {}, passed: \"{}\"",
                    achievement(a.kind),
                    ron_string(&a.code),
                    a.passed
                )?;
                if let Some(expires) = a.expires {
                    write!(o, ", expires: Some(\"{expires}\")")?;
                }
                writeln!(o, "),")?;
            }
            writeln!(o, "        ]),")?;
        }
        writeln!(o, "    ],")?;
        if !org.attestations.is_empty() {
            writeln!(o, "    attestations: [")?;
            for a in &org.attestations {
                write!(
                    o,
                    "        Attestation(code: {}, granted: \"{}\"",
                    ron_string(&a.code),
                    a.granted
                )?;
                if let Some(expires) = a.expires {
                    write!(o, ", expires: Some(\"{expires}\")")?;
                }
                writeln!(o, "),")?;
            }
            writeln!(o, "    ],")?;
        }
        writeln!(o, "),")
    }

    fn json(&mut self, org: &Organization) -> io::Result<()> {
        let o = &mut self.out;
        write!(o, "{{\"id\":{}", json_string(&org.id))?;
        if let Some(name) = &org.name {
            write!(o, ",\"name\":{}", json_string(name))?;
        }
        write!(o, ",\"market\":\"{}\"", market(org.market))?;
        if let Some(as_of) = org.as_of {
            write!(o, ",\"as_of\":\"{as_of}\"")?;
        }
        if let Some(m) = &org.membership {
            let competencies: Vec<String> =
                m.competencies.iter().map(|(c, _)| json_string(c)).collect();
            write!(
                o,
                ",\"membership\":{{\"level\":\"{}\",\"purchased\":\"{}\",\"competencies\":[{}]}}",
                level(m.level),
                m.purchased,
                competencies.join(",")
            )?;
        }
        write!(o, ",\"metrics\":[")?;
        for (i, r) in org.metrics.iter().enumerate() {
            let comma = if i > 0 { "," } else { "" };
            write!(
                o,
                "{comma}{{\"kind\":\"{}\",\"workload\":{},\"value\":{},\"date\":\"{}\"",
                metric(r.kind),
                json_string(&r.workload),
                r.value,
                r.date
            )?;
            if let Some(a) = &r.association {
                write!(o, ",\"association\":{}", json_string(a))?;
            }
            if let Some(offer) = &r.offer {
                write!(o, ",\"offer\":{}", json_string(offer))?;
            }
            if let Some(customer) = &r.customer {
                write!(o, ",\"customer\":{}", json_string(customer))?;
            }
            if let Some(m) = r.customer_market {
                write!(o, ",\"customer_market\":\"{}\"", market(m))?;
            }
            write!(o, "}}")?;
        }
        write!(o, "],\"people\":[")?;
        for (i, p) in org.people.iter().enumerate() {
            let comma = if i > 0 { "," } else { "" };
            write!(o, "{comma}{{\"id\":{}", json_string(&p.id))?;
            if let Some(name) = &p.name {
                write!(o, ",\"name\":{}", json_string(name))?;
            }
            write!(o, ",\"associated\":\"{}\"", moment(p))?;
            if let Some(left) = p.left {
                write!(o, ",\"left\":\"{left}\"")?;
            }
            write!(o, ",\"achievements\":[")?;
            for (k, a) in p.achievements.iter().enumerate() {
                let comma = if k > 0 { "," } else { "" };
                write!(
                    o,
                    "{comma}{{\"kind\":\"{}\",\"code\":{},\"passed\":\"{}\"",
                    achievement(a.kind),
                    json_string(&a.code),
                    a.passed
                )?;
                if let Some(expires) = a.expires {
                    write!(o, ",\"expires\":\"{expires}\"")?;
                }
                write!(o, "}}")?;
            }
            write!(o, "]}}")?;
        }
        write!(o, "]")?;
        if !org.attestations.is_empty() {
            write!(o, ",\"attestations\":[")?;
            for (i, a) in org.attestations.iter().enumerate() {
                let comma = if i > 0 { "," } else { "" };
                write!(
                    o,
                    "{comma}{{\"code\":{},\"granted\":\"{}\"",
                    json_string(&a.code),
                    a.granted
                )?;
                if let Some(expires) = a.expires {
                    write!(o, ",\"expires\":\"{expires}\"")?;
                }
                write!(o, "}}")?;
            }
            write!(o, "]")?;
        }
        write!(o, "}}")
    }
}

/// A string as RON reads it back: quotes, backslashes and control
/// characters escaped.
pub fn ron_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A string as JSON reads it back.
pub fn json_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string always serializes")
}

fn moment(p: &Person) -> String {
    p.associated.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

fn market(m: Market) -> &'static str {
    match m {
        Market::Developed => "Developed",
        Market::Developing => "Developing",
    }
}

fn level(l: Level) -> &'static str {
    match l {
        Level::Silver => "Silver",
        Level::Gold => "Gold",
    }
}

fn metric(m: Metric) -> &'static str {
    match m {
        Metric::Revenue => "Revenue",
        Metric::Customers => "Customers",
        Metric::Seats => "Seats",
        Metric::Usage => "Usage",
        Metric::Devices => "Devices",
    }
}

fn achievement(k: AchievementKind) -> &'static str {
    match k {
        AchievementKind::Certification => "Certification",
        AchievementKind::Exam => "Exam",
        AchievementKind::Assessment => "Assessment",
    }
}
