//! Swedish public holidays and the standstill period (avtalsspärr).
//!
//! * Public holidays ("allmänna helgdagar") per lag (1989:253) om allmänna
//!   helgdagar. Sundays are also allmänna helgdagar in that law; they are
//!   covered by [`is_non_working_day`], [`is_swedish_holiday`] names only the
//!   named days.
//! * Time limits per lag (1930:173) om beräkning av lagstadgad tid: a period
//!   whose last day falls on a Saturday, a Sunday, a public holiday,
//!   midsommarafton, julafton or nyårsafton ends on the next day that is none
//!   of these.
//! * The standstill period after a procurement decision sent electronically
//!   is ten days (LOU 20 kap. 1 §), counted from the day after it was sent.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// Easter Sunday (påskdagen) of `year` in the Gregorian calendar
/// (the anonymous Gregorian algorithm, Meeus/Jones/Butcher).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("the Easter algorithm yields a valid March/April date")
}

/// Midsommardagen: the Saturday between 20 and 26 June.
pub fn midsummer_day(year: i32) -> NaiveDate {
    saturday_from(NaiveDate::from_ymd_opt(year, 6, 20).expect("valid date"))
}

/// Alla helgons dag: the Saturday between 31 October and 6 November.
pub fn all_saints_day(year: i32) -> NaiveDate {
    saturday_from(NaiveDate::from_ymd_opt(year, 10, 31).expect("valid date"))
}

/// The first Saturday on or after `d`.
fn saturday_from(d: NaiveDate) -> NaiveDate {
    let offset = (7 + Weekday::Sat.num_days_from_monday() as i64 - d.weekday().num_days_from_monday() as i64) % 7;
    d + chrono::Duration::days(offset)
}

/// A named public holiday (allmän helgdag) per lag (1989:253): nyårsdagen,
/// trettondedag jul, långfredagen, påskdagen, annandag påsk, första maj,
/// Kristi himmelsfärdsdag, pingstdagen, nationaldagen, midsommardagen,
/// alla helgons dag, juldagen and annandag jul. Ordinary Sundays are not
/// reported here (see [`is_non_working_day`]).
pub fn is_swedish_holiday(d: NaiveDate) -> bool {
    match (d.month(), d.day()) {
        (1, 1) | (1, 6) | (5, 1) | (6, 6) | (12, 25) | (12, 26) => return true,
        _ => {}
    }
    let year = d.year();
    let easter = easter_sunday(year);
    let offset = (d - easter).num_days();
    // långfredagen, påskdagen, annandag påsk, Kristi himmelsfärdsdag, pingstdagen
    if matches!(offset, -2 | 0 | 1 | 39 | 49) {
        return true;
    }
    d == midsummer_day(year) || d == all_saints_day(year)
}

/// The name of the holiday or eve on `d`, if any (for messages and tests).
pub fn holiday_name(d: NaiveDate) -> Option<&'static str> {
    let year = d.year();
    let easter = easter_sunday(year);
    let name = match (d.month(), d.day()) {
        (1, 1) => "nyårsdagen",
        (1, 6) => "trettondedag jul",
        (5, 1) => "första maj",
        (6, 6) => "nationaldagen",
        (12, 24) => "julafton",
        (12, 25) => "juldagen",
        (12, 26) => "annandag jul",
        (12, 31) => "nyårsafton",
        _ => match (d - easter).num_days() {
            -2 => "långfredagen",
            0 => "påskdagen",
            1 => "annandag påsk",
            39 => "Kristi himmelsfärdsdag",
            49 => "pingstdagen",
            _ if d == midsummer_day(year) => "midsommardagen",
            _ if d == midsummer_day(year) - chrono::Duration::days(1) => "midsommarafton",
            _ if d == all_saints_day(year) => "alla helgons dag",
            _ => return None,
        },
    };
    Some(name)
}

/// A day on which a time limit cannot end (lag (1930:173)): Saturday,
/// Sunday, a public holiday, midsommarafton (the Friday between 19 and 25
/// June), julafton (24 December) or nyårsafton (31 December).
pub fn is_non_working_day(d: NaiveDate) -> bool {
    if matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
        return true;
    }
    if matches!((d.month(), d.day()), (12, 24) | (12, 31)) {
        return true;
    }
    // Midsommarafton: the day before midsommardagen (always a Friday).
    if d.succ_opt().is_some_and(|next| next == midsummer_day(d.year())) {
        return true;
    }
    is_swedish_holiday(d)
}

/// The first day on or after `d` that is not a non-working day.
pub fn next_working_day_from(d: NaiveDate) -> NaiveDate {
    let mut day = d;
    while is_non_working_day(day) {
        day = day.succ_opt().expect("date within chrono's range");
    }
    day
}

/// The last day of the standstill period (avtalsspärr) for a decision sent
/// electronically on `sent`: the tenth day after it was sent, moved forward
/// past Saturdays, Sundays, public holidays, midsommarafton, julafton and
/// nyårsafton (lag (1930:173)).
pub fn standstill_end(sent: NaiveDate) -> NaiveDate {
    let tenth = sent.checked_add_days(Days::new(10)).expect("date within chrono's range");
    next_working_day_from(tenth)
}

/// Why the standstill does not end on the tenth day after `sent`: each day from the tenth up
/// to (not including) the day it ends, with what it is (`nyårsafton`, `en lördag`). Empty when
/// the tenth day is a working day.
pub fn standstill_moves(sent: NaiveDate) -> Vec<(NaiveDate, String)> {
    let mut day = sent.checked_add_days(Days::new(10)).expect("date within chrono's range");
    let mut out = Vec::new();
    while is_non_working_day(day) {
        let what = match holiday_name(day) {
            Some(name) => name.to_string(),
            None => match day.weekday() {
                Weekday::Sat => "en lördag".to_string(),
                _ => "en söndag".to_string(),
            },
        };
        out.push((day, what));
        day = day.succ_opt().expect("date within chrono's range");
    }
    out
}

/// Swedish local time (Europe/Stockholm) of an instant: CET (UTC+1), and CEST (UTC+2) in summer,
/// from the IANA time zone database compiled into the program (chrono-tz), so the same instant
/// gives the same local time on every machine.
pub fn stockholm_time(at: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDateTime {
    at.with_timezone(&chrono_tz::Europe::Stockholm).naive_local()
}

/// An ISO 8601 time with its offset (`2026-12-01T18:35:10+00:00`) as Swedish local time in
/// Swedish style: `2026-12-01 kl. 19.35`. Text that is not such a time is returned as it is.
pub fn swedish_time(iso: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(iso.trim()) {
        Ok(t) => stockholm_time(t.with_timezone(&chrono::Utc)).format("%Y-%m-%d kl. %H.%M").to_string(),
        Err(_) => iso.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn why_the_standstill_moves() {
        let moves = standstill_moves(d(2026, 12, 21));
        let names: Vec<(String, &str)> = moves.iter().map(|(d, w)| (d.to_string(), w.as_str())).collect();
        assert_eq!(
            names,
            vec![
                ("2026-12-31".to_string(), "nyårsafton"),
                ("2027-01-01".to_string(), "nyårsdagen"),
                ("2027-01-02".to_string(), "en lördag"),
                ("2027-01-03".to_string(), "en söndag"),
            ]
        );
        assert_eq!(standstill_end(d(2026, 12, 21)), d(2027, 1, 4));
        // Midsommarafton 2026 is 19 June: sent 2026-06-09, ten days on is that Friday.
        assert_eq!(standstill_moves(d(2026, 6, 9))[0], (d(2026, 6, 19), "midsommarafton".to_string()));
        assert!(standstill_moves(d(2026, 12, 1)).is_empty());
    }

    #[test]
    fn swedish_local_time() {
        assert_eq!(swedish_time("2026-12-01T18:35:10+00:00"), "2026-12-01 kl. 19.35");
        assert_eq!(swedish_time("2026-12-18T10:00:00+01:00"), "2026-12-18 kl. 10.00");
        assert_eq!(swedish_time("2026-06-01T10:05:00Z"), "2026-06-01 kl. 12.05");
        // The last Sunday of March, 2026-03-29: summer time from 01:00 UTC.
        assert_eq!(swedish_time("2026-03-29T00:59:00+00:00"), "2026-03-29 kl. 01.59");
        assert_eq!(swedish_time("2026-03-29T01:00:00+00:00"), "2026-03-29 kl. 03.00");
        // The last Sunday of October, 2026-10-25: back to CET at 01:00 UTC.
        assert_eq!(swedish_time("2026-10-25T00:59:00+00:00"), "2026-10-25 kl. 02.59");
        assert_eq!(swedish_time("2026-10-25T01:00:00+00:00"), "2026-10-25 kl. 02.00");
        // 2027: 28 March and 31 October.
        assert_eq!(swedish_time("2027-10-31T00:30:00+00:00"), "2027-10-31 kl. 02.30");
        assert_eq!(swedish_time("2027-03-28T02:00:00+02:00"), "2027-03-28 kl. 01.00");
        // Late in the evening UTC is the next day in Sweden.
        assert_eq!(swedish_time("2026-12-31T23:30:00+00:00"), "2027-01-01 kl. 00.30");
        assert_eq!(swedish_time("igår"), "igår");
    }

    /// The last Sunday of a month (for the DST edges below).
    fn last_sunday(year: i32, month: u32) -> NaiveDate {
        let mut day = d(year, month, 31);
        while day.weekday() != Weekday::Sun {
            day = day.pred_opt().unwrap();
        }
        day
    }

    #[test]
    fn stockholm_time_at_the_dst_edges() {
        // The EU rule: summer time from the last Sunday of March 01:00 UTC to the last Sunday of
        // October 01:00 UTC, every year.
        for year in 1996..=2040 {
            let utc = |day: NaiveDate, h: u32, m: u32, s: u32| day.and_hms_opt(h, m, s).unwrap().and_utc();
            let local = |day: NaiveDate, h: u32, m: u32, s: u32| day.and_hms_opt(h, m, s).unwrap();
            let march = last_sunday(year, 3);
            assert_eq!(stockholm_time(utc(march, 0, 59, 59)), local(march, 1, 59, 59), "{march}");
            assert_eq!(stockholm_time(utc(march, 1, 0, 0)), local(march, 3, 0, 0), "{march}");
            let october = last_sunday(year, 10);
            assert_eq!(stockholm_time(utc(october, 0, 59, 59)), local(october, 2, 59, 59), "{october}");
            assert_eq!(stockholm_time(utc(october, 1, 0, 0)), local(october, 2, 0, 0), "{october}");
            // The hour that is lived twice shows the same time both times.
            assert_eq!(stockholm_time(utc(october, 0, 30, 0)), stockholm_time(utc(october, 1, 30, 0)));
        }
        assert_eq!(swedish_time("2030-03-31T01:00:00Z"), "2030-03-31 kl. 03.00");
        assert_eq!(swedish_time("2030-10-27T00:59:00Z"), "2030-10-27 kl. 02.59");
        assert_eq!(swedish_time("2030-10-27T01:00:00Z"), "2030-10-27 kl. 02.00");
    }

    #[test]
    fn stockholm_time_before_the_eu_rule() {
        // Until 1995 summer time ended on the last Sunday of September (24 September 1995), and
        // Sweden had none in 1979: the time zone database knows, a fixed EU rule would not.
        assert_eq!(swedish_time("1995-09-24T00:59:00Z"), "1995-09-24 kl. 02.59");
        assert_eq!(swedish_time("1995-09-24T01:00:00Z"), "1995-09-24 kl. 02.00");
        assert_eq!(swedish_time("1995-10-01T12:00:00Z"), "1995-10-01 kl. 13.00");
        assert_eq!(swedish_time("1979-07-01T12:00:00Z"), "1979-07-01 kl. 13.00");
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn easter_known_dates() {
        // Known Gregorian Easter Sundays.
        let known = [
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2028, 4, 16),
            (2029, 4, 1),
            (2030, 4, 21),
            (2038, 4, 25), // latest possible
            (2285, 3, 22), // earliest possible
            (2000, 4, 23),
            (1818, 3, 22),
        ];
        for (y, m, day) in known {
            assert_eq!(easter_sunday(y), d(y, m, day), "Easter {y}");
        }
    }

    #[test]
    fn easter_derived_holidays() {
        // 2026: Easter 5 April.
        assert!(is_swedish_holiday(d(2026, 4, 3))); // långfredagen
        assert!(is_swedish_holiday(d(2026, 4, 5))); // påskdagen
        assert!(is_swedish_holiday(d(2026, 4, 6))); // annandag påsk
        assert!(!is_swedish_holiday(d(2026, 4, 4))); // påskafton: not a holiday
        assert!(is_non_working_day(d(2026, 4, 4))); // ... but a Saturday
        assert!(!is_swedish_holiday(d(2026, 4, 7)));
        assert!(is_swedish_holiday(d(2026, 5, 14))); // Kristi himmelsfärdsdag
        assert!(is_swedish_holiday(d(2026, 5, 24))); // pingstdagen
        assert!(!is_swedish_holiday(d(2026, 5, 25))); // annandag pingst abolished 2005
                                                      // 2027: Easter 28 March.
        assert!(is_swedish_holiday(d(2027, 3, 26)));
        assert!(is_swedish_holiday(d(2027, 3, 29)));
        assert!(is_swedish_holiday(d(2027, 5, 6)));
        // 2029: Easter 1 April, so annandag påsk is 2 April and Ascension 10 May.
        assert!(is_swedish_holiday(d(2029, 3, 30)));
        assert!(is_swedish_holiday(d(2029, 4, 2)));
        assert!(is_swedish_holiday(d(2029, 5, 10)));
        assert_eq!(holiday_name(d(2030, 4, 19)), Some("långfredagen"));
        assert_eq!(holiday_name(d(2030, 5, 30)), Some("Kristi himmelsfärdsdag"));
    }

    #[test]
    fn fixed_holidays() {
        for y in 2025..=2030 {
            for (m, day) in [(1, 1), (1, 6), (5, 1), (6, 6), (12, 25), (12, 26)] {
                assert!(is_swedish_holiday(d(y, m, day)), "{y}-{m}-{day}");
            }
            // Eves are non-working days but not public holidays.
            for (m, day) in [(12, 24), (12, 31)] {
                assert!(!is_swedish_holiday(d(y, m, day)));
                assert!(is_non_working_day(d(y, m, day)));
            }
        }
        assert!(!is_swedish_holiday(d(2026, 1, 2)));
        assert!(!is_non_working_day(d(2026, 1, 2))); // a Friday
    }

    #[test]
    fn midsummer_and_all_saints() {
        let midsummer = [(2025, 21), (2026, 20), (2027, 26), (2028, 24), (2029, 23), (2030, 22)];
        for (y, day) in midsummer {
            let m = d(y, 6, day);
            assert_eq!(midsummer_day(y), m);
            assert_eq!(m.weekday(), Weekday::Sat);
            assert!(is_swedish_holiday(m));
            let eve = m.pred_opt().unwrap();
            assert_eq!(eve.weekday(), Weekday::Fri);
            assert!(!is_swedish_holiday(eve));
            assert!(is_non_working_day(eve), "midsommarafton {eve}");
            assert_eq!(holiday_name(eve), Some("midsommarafton"));
            // The Thursday before is an ordinary working day.
            assert!(!is_non_working_day(eve.pred_opt().unwrap()));
        }
        let all_saints = [(2025, 11, 1), (2026, 10, 31), (2027, 11, 6), (2028, 11, 4), (2029, 11, 3), (2030, 11, 2)];
        for (y, m, day) in all_saints {
            assert_eq!(all_saints_day(y), d(y, m, day));
            assert!(is_swedish_holiday(d(y, m, day)));
        }
        // Allhelgonaafton (the Friday before) is a working day.
        assert!(!is_non_working_day(d(2026, 10, 30)));
    }

    #[test]
    fn standstill_ordinary_weekday() {
        // Sent Wednesday 2026-03-04; day 10 is Saturday 2026-03-14 -> Monday 16th.
        assert_eq!(standstill_end(d(2026, 3, 4)), d(2026, 3, 16));
        // Sent Thursday 2026-02-05; day 10 is Sunday 15th -> Monday 16th.
        assert_eq!(standstill_end(d(2026, 2, 5)), d(2026, 2, 16));
        // Sent Monday 2026-02-02; day 10 is Thursday 12th, a working day.
        assert_eq!(standstill_end(d(2026, 2, 2)), d(2026, 2, 12));
    }

    #[test]
    fn standstill_over_new_year_2026() {
        // Sent 2026-12-21. Day 10 is Thursday 2026-12-31 (nyårsafton),
        // Friday 2027-01-01 is nyårsdagen, 2–3 January are Saturday and
        // Sunday: the period ends on Monday 2027-01-04.
        let sent = d(2026, 12, 21);
        assert_eq!(sent + chrono::Duration::days(10), d(2026, 12, 31));
        assert_eq!(d(2026, 12, 31).weekday(), Weekday::Thu);
        assert!(is_non_working_day(d(2026, 12, 31)));
        assert!(is_swedish_holiday(d(2027, 1, 1)));
        assert_eq!(d(2027, 1, 2).weekday(), Weekday::Sat);
        assert_eq!(standstill_end(sent), d(2027, 1, 4));
    }

    #[test]
    fn standstill_over_christmas_and_easter() {
        // Sent 2026-12-14: day 10 is Thursday 24 December (julafton),
        // 25–26 are holidays, 27 a Sunday -> Monday 28 December.
        assert_eq!(standstill_end(d(2026, 12, 14)), d(2026, 12, 28));
        // Sent 2027-03-16: day 10 is Friday 26 March 2027 (långfredagen),
        // 27 Saturday, 28 påskdagen, 29 annandag påsk -> Tuesday 30 March.
        assert_eq!(standstill_end(d(2027, 3, 16)), d(2027, 3, 30));
        // Sent 2028-05-15: day 10 is Thursday 25 May 2028, Kristi
        // himmelsfärdsdag (Easter 16 April + 39) -> Friday 26 May.
        assert_eq!(standstill_end(d(2028, 5, 15)), d(2028, 5, 26));
    }

    #[test]
    fn standstill_over_midsummer() {
        // Sent 2029-06-12: day 10 is Friday 22 June 2029, midsommarafton;
        // 23 midsommardagen, 24 Sunday -> Monday 25 June.
        assert_eq!(standstill_end(d(2029, 6, 12)), d(2029, 6, 25));
        // Sent 2030-05-27: day 10 is Thursday 6 June 2030, nationaldagen -> Friday 7 June.
        assert_eq!(standstill_end(d(2030, 5, 27)), d(2030, 6, 7));
    }

    #[test]
    fn standstill_never_ends_on_a_non_working_day() {
        let mut sent = d(2025, 1, 1);
        while sent < d(2031, 1, 1) {
            let end = standstill_end(sent);
            assert!(!is_non_working_day(end), "{sent} -> {end}");
            assert!(end >= sent + chrono::Duration::days(10));
            // Every day strictly between day 10 and the end is non-working.
            let mut day = sent + chrono::Duration::days(10);
            while day < end {
                assert!(is_non_working_day(day));
                day = day.succ_opt().unwrap();
            }
            sent = sent.succ_opt().unwrap();
        }
    }
}
