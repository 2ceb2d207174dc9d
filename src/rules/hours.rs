//! Hours inside a year, counted exactly from assignments (pro rata by calendar days).

use chrono::NaiveDate;
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{ToPrimitive, Zero};
use rust_decimal::Decimal;

use crate::model::bid::Assignment;
use crate::model::money::format_hours;

pub(crate) fn to_rational(d: Decimal) -> BigRational {
    let mantissa = BigInt::from(d.mantissa());
    let denom = BigInt::from(10u64).pow(d.scale());
    BigRational::new(mantissa, denom)
}

/// Days from `from` to `to`, both inclusive.
fn days_inclusive(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days() + 1
}

/// The hours of the assignments that fall inside `year`, exactly: an assignment that straddles
/// the year counts pro rata by calendar days (both end dates inclusive). No rounding.
pub fn hours_in_year(assignments: &[Assignment], year: i32) -> BigRational {
    let start = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid year");
    let end = NaiveDate::from_ymd_opt(year, 12, 31).expect("valid year");
    let mut total = BigRational::zero();
    for a in assignments {
        if a.to < a.from {
            continue; // invalid input, refused at import
        }
        let lo = a.from.max(start);
        let hi = a.to.min(end);
        if hi < lo {
            continue;
        }
        let inside = days_inclusive(lo, hi);
        let all = days_inclusive(a.from, a.to);
        total += to_rational(a.hours) * BigRational::new(BigInt::from(inside), BigInt::from(all));
    }
    total
}

/// Shows an exact count for people: exact when it is a finite decimal of at most 4 places,
/// otherwise truncated to 2 places with "ca" (truncation never makes a short count look enough).
pub fn display_rational_hours(r: &BigRational) -> String {
    for places in 0..=4u32 {
        let scaled = r * BigRational::from_integer(BigInt::from(10u64).pow(places));
        if scaled.is_integer() {
            if let Some(m) = scaled.to_integer().to_i128() {
                if let Ok(d) = Decimal::try_from_i128_with_scale(m, places) {
                    return format_hours(d);
                }
            }
        }
    }
    let scaled = (r * BigRational::from_integer(BigInt::from(100))).trunc().to_integer();
    let d = scaled.to_i128().and_then(|m| Decimal::try_from_i128_with_scale(m, 2).ok()).unwrap_or_default();
    format!("ca {} h", crate::model::money::format_decimal(d, 2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::bid::Assignment;
    use crate::rules::dates::{months_before, years_before};

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn asg(from: &str, to: &str, hours: &str) -> Assignment {
        Assignment {
            customer: "Region X".into(),
            profession: "Sjuksköterska".into(),
            from: date(from),
            to: date(to),
            hours: hours.parse().unwrap(),
            row: 2,
        }
    }

    #[test]
    fn date_arithmetic_matches_domain() {
        assert_eq!(months_before(date("2026-12-15"), 3), date("2026-09-15"));
        assert_eq!(months_before(date("2026-12-15"), 18), date("2025-06-15"));
        assert_eq!(years_before(date("2026-12-15"), 2), date("2024-12-15"));
        assert_eq!(years_before(date("2028-02-29"), 1), date("2027-02-28"));
    }

    #[test]
    fn hours_inside_year_count_whole() {
        let a = [asg("2025-01-01", "2025-12-31", "10000")];
        assert_eq!(hours_in_year(&a, 2025), BigRational::from_integer(10000.into()));
        assert_eq!(hours_in_year(&a, 2024), BigRational::zero());
    }

    #[test]
    fn straddling_assignment_counts_pro_rata_inclusive() {
        // 2024-12-01..2025-01-30: 31 days in 2024, 30 days in 2025, 61 days in all.
        let a = [asg("2024-12-01", "2025-01-30", "610")];
        assert_eq!(hours_in_year(&a, 2025), BigRational::from_integer(300.into()));
        assert_eq!(hours_in_year(&a, 2024), BigRational::from_integer(310.into()));
        // A one-day assignment on 2025-12-31 counts whole; on 2026-01-01 not at all.
        assert_eq!(hours_in_year(&[asg("2025-12-31", "2025-12-31", "8")], 2025), BigRational::from_integer(8.into()));
        assert_eq!(hours_in_year(&[asg("2026-01-01", "2026-01-01", "8")], 2025), BigRational::zero());
    }

    #[test]
    fn exact_thirds_are_not_rounded() {
        // 3 days, 1 inside 2025: 100/3 hours each; three of them make exactly 100.
        let one = asg("2025-12-31", "2026-01-02", "100");
        let three = [one.clone(), one.clone(), one];
        assert_eq!(hours_in_year(&three, 2025), BigRational::from_integer(100.into()));
        assert_eq!(display_rational_hours(&hours_in_year(&three[..1], 2025)), "ca 33,33 h");
        // Just short of 10 000 never shows as 10 000.
        let short = BigRational::new(BigInt::from(29_999_999), BigInt::from(3000));
        assert_eq!(display_rational_hours(&short), "ca 9 999,99 h");
    }
}
