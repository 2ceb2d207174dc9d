//! Date arithmetic the rules share.

use chrono::{Months, NaiveDate};

/// `deadline` minus `months` calendar months (2026-12-15 − 3 → 2026-09-15; day clamped at month end).
pub fn months_before(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months)).expect("date in range")
}

/// `date` minus whole years (2026-12-15 − 2 → 2024-12-15; 29 February → 28 February).
pub fn years_before(date: NaiveDate, years: u32) -> NaiveDate {
    months_before(date, years * 12)
}
