//! Charts drawn as inline SVG: no script, no network, printable. Each one
//! says in words what it draws (a `<title>` and a description, or the
//! table it sits in), and tells its marks apart by more than colour: met is
//! solid and dark, missed or lost is hatched, a near miss is black.

use chrono::{Datelike, NaiveDate};
use maud::{Markup, html};
use rust_decimal::Decimal;

/// `actual` of `required` as a whole percentage, rounded down, capped at
/// 100 (as `rules eval` draws its bars).
pub fn percent(actual: Decimal, required: Decimal) -> u32 {
    if actual >= required {
        return 100;
    }
    if required <= Decimal::ZERO || actual <= Decimal::ZERO {
        return 0;
    }
    // `actual × 100` can overflow near the largest amounts; dividing first cannot.
    actual
        .checked_mul(Decimal::from(100))
        .map_or_else(|| actual / required * Decimal::from(100), |a| a / required)
        .floor()
        .min(Decimal::from(100))
        .try_into()
        .unwrap_or(0)
}

/// A progress bar: decorative, the numbers beside it say it.
pub fn meter(percent: u32, met: bool) -> Markup {
    let width = percent.min(100);
    html! {
        span.bar.met[met].missed[!met] aria-hidden="true" {
            span style=(format!("width:{width}%")) {}
        }
    }
}

/// A progress bar with a tick at each of `ticks` (percentages of the
/// bar): a score's total against its marks. Decorative, as `meter`.
pub fn scale(percent: u32, met: bool, ticks: &[u32]) -> Markup {
    let width = percent.min(100);
    html! {
        span.bar.wide.met[met].missed[!met] aria-hidden="true" {
            span style=(format!("width:{width}%")) {}
            @for tick in ticks {
                span.tick style=(format!("left:{}%", tick.min(&100))) {}
            }
        }
    }
}

/// One bar of a table row: `value` of `max`, solid or hatched. Decorative:
/// the row's cells say the numbers.
pub fn row_bar(value: usize, max: usize, class: &str) -> Markup {
    const WIDTH: f64 = 160.0;
    let w = if max == 0 {
        0.0
    } else {
        WIDTH * value as f64 / max as f64
    };
    html! {
        svg.rowbar width="160" height="14" viewBox="0 0 160 14" aria-hidden="true" focusable="false" {
            rect.grid x="0" y="1" width="160" height="12" fill="none" {}
            @if value > 0 {
                rect class=(class) x="0" y="1" width=(format!("{:.1}", w.max(1.0))) height="12" {}
            }
        }
    }
}

/// Two bars from a middle line: lost to the left (hatched), gained to the
/// right (solid). Decorative: the row's cells say the numbers.
pub fn diverging(lost: usize, gained: usize, max: usize) -> Markup {
    const HALF: f64 = 80.0;
    let scale = |n: usize| {
        if max == 0 || n == 0 {
            0.0
        } else {
            (HALF * n as f64 / max as f64).max(1.0)
        }
    };
    let (l, g) = (scale(lost), scale(gained));
    html! {
        svg.rowbar width="161" height="14" viewBox="0 0 161 14" aria-hidden="true" focusable="false" {
            @if lost > 0 {
                rect.missed x=(format!("{:.1}", HALF - l)) y="1" width=(format!("{l:.1}")) height="12" {}
            }
            @if gained > 0 {
                rect.met x=(format!("{:.1}", HALF + 1.0)) y="1" width=(format!("{g:.1}")) height="12" {}
            }
            line.axis x1="80.5" y1="0" x2="80.5" y2="14" {}
        }
    }
}

/// A level met today, and the first day it would no longer be (`None`:
/// it holds through the horizon).
pub struct Span {
    pub label: String,
    pub until: Option<NaiveDate>,
}

/// Levels met today on one time axis, from `from` to `to`: a solid bar
/// while met, a mark on the day it lapses.
pub fn timeline(rows: &[Span], from: NaiveDate, to: NaiveDate) -> Markup {
    const LABEL: f64 = 230.0;
    const AXIS: f64 = 470.0;
    const ROW: f64 = 22.0;
    let days = (to - from).num_days().max(1) as f64;
    let x = |d: NaiveDate| LABEL + AXIS * ((d - from).num_days() as f64 / days).clamp(0.0, 1.0);
    let height = ROW * rows.len() as f64 + 44.0;
    let lapsing = rows.iter().filter(|r| r.until.is_some()).count();
    let ticks = month_starts(from, to);
    let every = ticks.len().div_ceil(8).max(1);
    let description = format!(
        "{} of {} {} met today {} before {to}",
        lapsing,
        rows.len(),
        if rows.len() == 1 { "level" } else { "levels" },
        if lapsing == 1 { "lapses" } else { "lapse" }
    );
    html! {
        figure {
            svg.timeline viewBox=(format!("0 0 {} {height}", LABEL + AXIS + 20.0)) role="img"
                aria-labelledby="timeline-title timeline-desc" {
                title #timeline-title { "Renewal outlook from " (from) " to " (to) }
                desc #timeline-desc { (description) }
                @for (i, tick) in ticks.iter().enumerate() {
                    line.grid x1=(fmt(x(*tick))) y1="4" x2=(fmt(x(*tick))) y2=(fmt(height - 36.0)) {}
                    @if i % every == 0 {
                        text x=(fmt(x(*tick))) y=(fmt(height - 22.0)) text-anchor="middle" {
                            (tick.format("%b %Y"))
                        }
                    }
                }
                @for (i, row) in rows.iter().enumerate() {
                    @let y = 6.0 + ROW * i as f64;
                    text x=(fmt(LABEL - 8.0)) y=(fmt(y + 12.0)) text-anchor="end" { (row.label) }
                    @let end = row.until.map_or(x(to), x);
                    rect.met x=(fmt(LABEL)) y=(fmt(y + 2.0)) width=(fmt((end - LABEL).max(1.0))) height="12" {}
                    @if let Some(on) = row.until {
                        @if x(to) - end > 1.0 {
                            rect.missed x=(fmt(end)) y=(fmt(y + 2.0)) width=(fmt(x(to) - end)) height="12" {}
                        }
                        path.near d=(format!("M{0} {1} l6 8 l-6 8 l-6 -8 z", fmt(end), fmt(y - 1.0))) {}
                        text x=(fmt((end + 8.0).min(LABEL + AXIS - 60.0))) y=(fmt(y + 12.0)) { (on) }
                    }
                }
                line.axis x1=(fmt(LABEL)) y1=(fmt(height - 36.0)) x2=(fmt(LABEL + AXIS)) y2=(fmt(height - 36.0)) {}
                text x=(fmt(LABEL)) y=(fmt(height - 1.0)) text-anchor="start" { (from) }
                text x=(fmt(LABEL + AXIS)) y=(fmt(height - 1.0)) text-anchor="end" { (to) }
            }
            figcaption {
                "Each bar is solid while the level is met; a diamond marks the day it would lapse, hatching the time after."
            }
        }
    }
}

/// The first day of each month after `from`, through `to`.
fn month_starts(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut d = NaiveDate::from_ymd_opt(from.year(), from.month(), 1).unwrap_or(from);
    while d <= to {
        if d > from {
            out.push(d);
        }
        d = next_month(d);
    }
    out
}

/// The first day of the next month.
pub fn next_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(d)
}

/// One column of a column chart.
pub struct Column {
    pub label: String,
    pub value: usize,
    /// A CSS class for its fill: `met`, `missed`, `near`, `plain`.
    pub class: &'static str,
}

/// A column chart with its title and description for screen readers; the
/// caller gives the same numbers in a table.
pub fn columns(id: &str, title: &str, description: &str, columns: &[Column]) -> Markup {
    const HEIGHT: f64 = 110.0;
    const WIDTH: f64 = 22.0;
    const GAP: f64 = 4.0;
    let max = columns.iter().map(|c| c.value).max().unwrap_or(0);
    let width = (WIDTH + GAP) * columns.len() as f64 + 36.0;
    let label_every = columns.len().div_ceil(24).max(1);
    // Labels longer than a column is wide are written aslant.
    let long = columns.iter().any(|c| c.label.chars().count() > 3);
    let below = if long { 60.0 } else { 34.0 };
    let y = |v: usize| {
        if max == 0 {
            0.0
        } else {
            HEIGHT * v as f64 / max as f64
        }
    };
    html! {
        svg.columns viewBox=(format!("0 0 {width} {}", HEIGHT + 14.0 + below))
            style=(format!("max-width:{:.0}px", width * 1.3)) role="img"
            aria-labelledby=(format!("{id}-title {id}-desc")) {
            title #(format!("{id}-title")) { (title) }
            desc #(format!("{id}-desc")) { (description) }
            text x="0" y="10" { (crate::number::grouped(max.into())) }
            line.grid x1="30" y1="14" x2=(fmt(width)) y2="14" {}
            @for (i, c) in columns.iter().enumerate() {
                @let x = 32.0 + (WIDTH + GAP) * i as f64;
                @let h = if c.value > 0 { y(c.value).max(1.5) } else { 0.0 };
                @if c.value > 0 {
                    rect class=(c.class) x=(fmt(x)) y=(fmt(14.0 + HEIGHT - h)) width=(fmt(WIDTH)) height=(fmt(h)) {}
                }
                @if i % label_every == 0 {
                    @let (lx, ly) = (x + WIDTH / 2.0, HEIGHT + 26.0);
                    @if long {
                        text x=(fmt(lx)) y=(fmt(ly)) text-anchor="end"
                            transform=(format!("rotate(-45 {} {})", fmt(lx), fmt(ly))) { (c.label) }
                    } @else {
                        text x=(fmt(lx)) y=(fmt(ly)) text-anchor="middle" { (c.label) }
                    }
                }
            }
            line.axis x1="30" y1=(fmt(14.0 + HEIGHT)) x2=(fmt(width)) y2=(fmt(14.0 + HEIGHT)) {}
        }
    }
}

/// A coordinate with one decimal: `12.5`.
fn fmt(v: f64) -> String {
    format!("{v:.1}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_is_rounded_down_and_capped() {
        let d = |n: i64| Decimal::from(n);
        assert_eq!(percent(d(1), d(2)), 50);
        assert_eq!(percent(d(2), d(3)), 66);
        assert_eq!(percent(d(5), d(2)), 100);
        assert_eq!(percent(d(0), d(2)), 0);
        // × 100 would overflow: divided first.
        assert_eq!(percent(Decimal::MAX / d(2), Decimal::MAX), 50);
    }

    #[test]
    fn months_step_over_the_year() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("a date");
        assert_eq!(next_month(d(2026, 12, 1)), d(2027, 1, 1));
        assert_eq!(
            month_starts(d(2026, 11, 23), d(2027, 2, 1)),
            vec![d(2026, 12, 1), d(2027, 1, 1), d(2027, 2, 1)]
        );
    }
}
