//! A definition that validates never makes the rules panic, whatever the bid: the demo with its
//! numbers (deadline, reference years, months, years, classes, scales, thresholds) drawn from
//! ranges far wider than the definition allows, and bids with any values at all (dates from
//! chrono's first day to its last, decimals to rust_decimal's limits, assignments that end before
//! they start, prices for lots and zones that do not exist). Before the ranges of
//! docs/procurement-format.md, `max_age_months = 4000000000` or a requirement's
//! `reference_year = 300000` validated and panicked in the date arithmetic.

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;

use anbud::model::bid::{Answer, Assignment, Bid, CellRef, LotOffer, StatedPrice, Value};
use anbud::model::orgnr::OrgNr;
use anbud::model::procurement::Procurement;
use anbud::usecases::demo::DEMO_TOML;

/// Any date chrono can hold, mostly near the demo's.
fn any_date() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::MIN.num_days_from_ce();
    let last = NaiveDate::MAX.num_days_from_ce();
    prop_oneof![
        3 => 700_000i32..760_000,
        1 => first..=last,
        1 => Just(first),
        1 => Just(last),
    ]
    .prop_map(|days| NaiveDate::from_num_days_from_ce_opt(days).expect("inside chrono's range"))
}

/// Any decimal, mostly ordinary ones.
fn any_decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        3 => (-20_000i64..20_000, 0u32..3).prop_map(|(m, s)| Decimal::new(m, s)),
        2 => (any::<i64>(), 0u32..=28).prop_map(|(m, s)| Decimal::new(m, s)),
        1 => Just(Decimal::MAX),
        1 => Just(Decimal::MIN),
    ]
}

/// A number for a parameter whose range is `low..=high`: mostly inside it, its ends often, and
/// now and then anything at all.
fn number_in(low: i64, high: i64) -> impl Strategy<Value = i64> {
    prop_oneof![
        24 => low..=high,
        4 => Just(low),
        4 => Just(high),
        1 => any::<i64>(),
        1 => prop::sample::select(vec![low - 1, high + 1, 4_000_000_000, i64::from(u32::MAX) + 1]),
    ]
}

/// A threshold in `0..=high`, likewise.
fn threshold_in(high: i64) -> impl Strategy<Value = Decimal> {
    prop_oneof![
        24 => (0..=high, 0u32..3).prop_map(|(m, s)| Decimal::new(m, s)),
        4 => Just(Decimal::ZERO),
        4 => Just(Decimal::from(high)),
        2 => any_decimal(),
    ]
}

fn toml_date(d: NaiveDate) -> String {
    // TOML dates have four-digit years; others are written as text, refused as not a date.
    if (0..=9999).contains(&d.year()) {
        d.format("%Y-%m-%d").to_string()
    } else {
        format!("\"{d}\"")
    }
}

/// The demo with its numbers replaced.
#[derive(Debug, Clone)]
struct Numbers {
    deadline: NaiveDate,
    reference_year: i64,
    rule_deadline: Option<NaiveDate>,
    min_class: i64,
    scale: (i64, i64),
    max_age_months: i64,
    min_amount: Decimal,
    max_period_age_months: i64,
    years: i64,
    min_hours: Decimal,
    hours_year: Option<i64>,
}

/// A class scale and the lowest class, mostly inside it.
fn scale_and_class() -> impl Strategy<Value = ((i64, i64), i64)> {
    (number_in(0, 100), number_in(0, 100)).prop_flat_map(|(a, b)| {
        let (low, high) = (a.min(b), a.max(b));
        (Just((low, high)), number_in(low, high))
    })
}

/// A date for the definition: mostly in 2000–2100, its ends often, now and then any date.
fn definition_date() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        24 => (2000i32..=2100, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")),
        4 => Just(NaiveDate::from_ymd_opt(2000, 1, 1).expect("a valid date")),
        4 => Just(NaiveDate::from_ymd_opt(2100, 12, 31).expect("a valid date")),
        2 => any_date(),
    ]
}

fn any_numbers() -> impl Strategy<Value = Numbers> {
    (definition_date(), proptest::option::of(definition_date()))
        .prop_flat_map(|(deadline, rule_deadline)| {
            (
                Just(deadline),
                number_in(2000, i64::from(deadline.year()).max(2000)),
                Just(rule_deadline),
                number_in(2000, i64::from(deadline.year()).max(2000)),
            )
        })
        .prop_flat_map(|(deadline, reference_year, rule_deadline, hours_year)| {
            (
                (Just(deadline), Just(reference_year), Just(rule_deadline)),
                (scale_and_class(), number_in(1, 120)),
                (threshold_in(1_000_000_000_000), number_in(1, 120), number_in(0, 100), threshold_in(100_000_000)),
                prop_oneof![Just(None), Just(Some(hours_year))],
            )
        })
        .prop_map(|((deadline, reference_year, rule_deadline), ((scale, min_class), max_age_months), rest, hours_year)| {
            let (min_amount, max_period_age_months, years, min_hours) = rest;
            Numbers {
                deadline,
                reference_year,
                rule_deadline,
                min_class,
                scale,
                max_age_months,
                min_amount,
                max_period_age_months,
                years,
                min_hours,
                hours_year,
            }
        })
}

fn definition(n: &Numbers) -> String {
    let replace = |text: String, old: &str, new: String| {
        assert!(text.contains(old), "the demo has no {old:?}");
        text.replacen(old, &new, 1)
    };
    let mut t = DEMO_TOML.to_string();
    t = replace(t, "deadline = 2026-12-15", format!("deadline = {}", toml_date(n.deadline)));
    t = replace(t, "reference_year = 2025", format!("reference_year = {}", n.reference_year));
    if let Some(d) = n.rule_deadline {
        t = replace(t, "kind = \"deadline\"", format!("kind = \"deadline\"\ndeadline = {}", toml_date(d)));
    }
    t = replace(t, "min_class = 3", format!("min_class = {}", n.min_class));
    t = replace(t, "scale = [1, 5]", format!("scale = [{}, {}]", n.scale.0, n.scale.1));
    t = replace(t, "max_age_months = 3", format!("max_age_months = {}", n.max_age_months));
    t = replace(t, "min_amount = \"5 000 000\"", format!("min_amount = \"{}\"", n.min_amount));
    t = replace(t, "max_period_age_months = 18", format!("max_period_age_months = {}", n.max_period_age_months));
    t = replace(t, "years = 2", format!("years = {}", n.years));
    let year = n.hours_year.map(|y| format!("\nreference_year = {y}")).unwrap_or_default();
    t = replace(t, "min_hours = 10000", format!("min_hours = \"{}\"{year}", n.min_hours));
    t
}

const QUESTIONS: [&str; 10] = [
    "Inga uteslutningsgrunder föreligger",
    "Accepterar avtalets fasta priser",
    "Kreditupplysningsföretag",
    "Riskklass (UC, 1–5)",
    "Datum för kreditupplysning",
    "Moderbolagsgaranti bifogas",
    "Omsättning senaste avslutade räkenskapsår (SEK)",
    "Räkenskapsårets slutdatum",
    "Bemanning inom hälso- och sjukvård sedan",
    "Levererade timmar referensåret",
];

fn any_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Empty),
        any::<bool>().prop_map(Value::YesNo),
        "[a-zA-Z0-9 ]{0,8}".prop_map(Value::Text),
        prop_oneof![-10i64..10, any::<i64>()].prop_map(Value::Integer),
        any_decimal().prop_map(Value::Number),
        any_date().prop_map(Value::Date),
    ]
}

fn any_assignment() -> impl Strategy<Value = Assignment> {
    (any_date(), any_date(), any_decimal()).prop_map(|(from, to, hours)| Assignment {
        customer: "Region X".into(),
        profession: "Sjuksköterska".into(),
        from,
        to,
        hours,
        row: 2,
    })
}

fn any_lot_code() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["L1", "l2", " S1 ", "X1", "Q9", ""]).prop_map(str::to_string)
}

fn any_bid() -> impl Strategy<Value = Bid> {
    (
        any_date(),
        proptest::collection::vec(any_value(), QUESTIONS.len()),
        proptest::collection::vec(any_assignment(), 0..4),
        proptest::collection::vec((any_lot_code(), any::<bool>(), proptest::collection::vec(any::<u8>(), 0..4)), 0..4),
        proptest::collection::vec((any_lot_code(), any::<u8>(), any_decimal()), 0..4),
    )
        .prop_map(|(bid_date, values, assignments, lots, prices)| Bid {
            file: "slump.xlsx".into(),
            org_nr: OrgNr::parse("556012-5790").expect("a valid number"),
            name: "Slump AB".into(),
            contact: None,
            email: None,
            phone: None,
            bid_date,
            bid_date_cell: CellRef::new("Anbudsgivare", 5, 1),
            answers: QUESTIONS
                .iter()
                .zip(values)
                .enumerate()
                .map(|(i, (q, value))| Answer {
                    question: q.to_string(),
                    value,
                    cell: Some(CellRef::new("Kvalificering", i as u32 + 3, 1)),
                    source: None,
                })
                .collect(),
            assignments,
            lots: lots.into_iter().map(|(code, offered, zones)| LotOffer { code, offered, zones, row: 2 }).collect(),
            prices: prices
                .into_iter()
                .map(|(lot, zone, price)| StatedPrice { lot, zone, price, cell: CellRef::new("Priser", 1, 1) })
                .collect(),
            espd: None,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn a_definition_that_validates_never_makes_the_rules_panic(numbers in any_numbers(), bids in proptest::collection::vec(any_bid(), 1..4)) {
        // Validation itself never panics either.
        let Ok(p) = Procurement::from_toml(&definition(&numbers)) else { return Ok(()) };
        for bid in &bids {
            let e = anbud::rules::evaluate(&p, bid, &[]);
            prop_assert!(!e.requirements.is_empty());
        }
    }
}

/// The property's own check: the strategy reaches valid definitions (most of them, with numbers at
/// the ends of their ranges), not only refused ones; and the values the old validation let
/// through to panic later are refused.
#[test]
fn the_strategy_reaches_valid_definitions_and_the_old_panics_are_refused() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = any_numbers();
    let valid =
        (0..200).filter(|_| Procurement::from_toml(&definition(&strategy.new_tree(&mut runner).unwrap().current())).is_ok()).count();
    assert!(valid >= 50, "only {valid} of 200 definitions valid");

    let sane = Numbers {
        deadline: "2026-12-15".parse().unwrap(),
        reference_year: 2025,
        rule_deadline: None,
        min_class: 3,
        scale: (1, 5),
        max_age_months: 3,
        min_amount: "5000000".parse().unwrap(),
        max_period_age_months: 18,
        years: 2,
        min_hours: "10000".parse().unwrap(),
        hours_year: None,
    };
    assert_eq!(Procurement::from_toml(&definition(&sane)).unwrap(), anbud::usecases::demo::demo_procurement());
    for bad in [
        Numbers { max_age_months: 4_000_000_000, ..sane.clone() },
        Numbers { max_period_age_months: 4_000_000_000, ..sane.clone() },
        Numbers { hours_year: Some(300_000), ..sane.clone() },
        Numbers { hours_year: Some(i64::from(u32::MAX) + 1 + 2025), ..sane.clone() },
    ] {
        assert!(Procurement::from_toml(&definition(&bad)).is_err(), "{bad:?}");
    }
}
