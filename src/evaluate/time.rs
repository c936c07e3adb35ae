//! Dates and moments as the contract defines them: a date stands for the end
//! of that day (UTC); windows are `(D − N months, D]`, with a day past the end
//! of a shorter month clamped to its last day.

use chrono::{DateTime, Days, Months, NaiveDate, NaiveTime, Utc};

use crate::duration::{Duration, TimeUnit};

/// The first moment after the day `date`: something that happens before it
/// happened "on or before `date`".
pub fn end_of_day(date: NaiveDate) -> DateTime<Utc> {
    match date.succ_opt() {
        Some(next) => next.and_time(NaiveTime::MIN).and_utc(),
        None => DateTime::<Utc>::MAX_UTC,
    }
}

/// `date − months`, clamped to the month's last day (2026-03-31 − 1 month =
/// 2026-02-28); the earliest date when it would fall before the calendar.
pub fn months_before(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

/// The first date whose `months`-month window no longer holds `date`: the
/// day a record dated `date` slides out.
pub fn leaves_window(date: NaiveDate, months: u32) -> Option<NaiveDate> {
    let mut day = date.checked_add_months(Months::new(months))?;
    // Clamping can make `day − months` fall before `date`; step to the first day it does not.
    while months_before(day, months) < date {
        day = day.succ_opt()?;
    }
    Some(day)
}

/// A moment plus a duration: hours and days exactly, months by the calendar.
pub fn after(moment: DateTime<Utc>, wait: Duration) -> DateTime<Utc> {
    let later = match wait.unit {
        TimeUnit::Hours => moment.checked_add_signed(chrono::Duration::hours(wait.count.into())),
        TimeUnit::Days => moment.checked_add_days(Days::new(wait.count.into())),
        TimeUnit::Months => moment.checked_add_months(Months::new(wait.count)),
    };
    later.unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// A date plus a duration of days or months (hours do not apply to dates).
pub fn date_after(date: NaiveDate, length: Duration) -> Option<NaiveDate> {
    match length.unit {
        TimeUnit::Months => date.checked_add_months(Months::new(length.count)),
        TimeUnit::Days => date.checked_add_days(Days::new(length.count.into())),
        TimeUnit::Hours => date.checked_add_days(Days::new((length.count / 24).into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn months_before_clamps_to_the_end_of_a_shorter_month() {
        assert_eq!(months_before(d("2026-03-31"), 1), d("2026-02-28"));
        assert_eq!(months_before(d("2024-03-31"), 1), d("2024-02-29"));
        assert_eq!(months_before(d("2026-11-23"), 12), d("2025-11-23"));
    }

    #[test]
    fn a_record_leaves_the_window_on_the_first_day_it_is_not_inside() {
        // On 2026-02-28 a 1-month window starts after 2026-01-28, so a record
        // of 2026-01-31 is in; on 2026-03-01 it starts after 2026-02-01: out.
        assert_eq!(leaves_window(d("2026-01-31"), 1), Some(d("2026-03-01")));
        assert_eq!(leaves_window(d("2025-11-23"), 12), Some(d("2026-11-23")));
    }

    #[test]
    fn the_end_of_a_day_is_the_next_midnight() {
        assert_eq!(
            end_of_day(d("2026-11-23")).to_rfc3339(),
            "2026-11-24T00:00:00+00:00"
        );
    }
}
