//! Money and numbers: exact decimals, Swedish parsing and formatting, rounding.
//!
//! Money is always [`Decimal`] in SEK. Rounding happens only where a rule says so, and then
//! half away from zero, as Swedish money rounds (rust_decimal's `round_dp` rounds half to even).

use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds to `dp` decimals, half away from zero (1 522,5 → 1 523).
pub fn round_half_away(value: Decimal, dp: u32) -> Decimal {
    value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// Parses a number written the Swedish way or the plain way:
/// `10 000`, `1 234 567,50`, `1234567.50`, `-5`, with spaces or non-breaking spaces between
/// thousands and an optional trailing `kr` or `SEK`. Returns `None` when it is not a number.
pub fn parse_swedish_number(text: &str) -> Option<Decimal> {
    let mut s = text.trim().to_string();
    for suffix in ["sek", "kr", "kr."] {
        let n = s.len();
        // ASCII suffixes: compare the last bytes, so a non-ASCII text never splits a character.
        if n >= suffix.len() && s.is_char_boundary(n - suffix.len()) && s[n - suffix.len()..].eq_ignore_ascii_case(suffix) {
            s.truncate(n - suffix.len());
            s = s.trim_end().to_string();
            break;
        }
    }
    let s: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}'))
        .map(|c| if c == '\u{2212}' || c == '\u{2013}' { '-' } else { c })
        .collect();
    if s.is_empty() {
        return None;
    }
    let (sign, digits) = match s.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", s.strip_prefix('+').unwrap_or(&s)),
    };
    // At most one decimal separator, ',' or '.', followed by digits only.
    let commas = digits.matches(',').count();
    let dots = digits.matches('.').count();
    if commas + dots > 1 {
        return None;
    }
    let normalized = digits.replace(',', ".");
    let (int_part, frac_part) = match normalized.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (normalized.as_str(), None),
    };
    if int_part.is_empty() || !int_part.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if let Some(f) = frac_part {
        if f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
    }
    format!("{sign}{normalized}").parse::<Decimal>().ok()
}

/// Turns a spreadsheet float into the exact decimal the person typed.
///
/// Spreadsheets store numbers as binary doubles: a typed `7` can come back as
/// `7.0000000000000009`, `0.1 + 0.2` as `0.30000000000000004`. A double carries 15 significant
/// decimal digits reliably, so the value is rounded to 15 significant digits and trailing zeros
/// are dropped.
pub fn decimal_from_f64(value: f64) -> Option<Decimal> {
    if !value.is_finite() {
        return None;
    }
    let text = format!("{:.14e}", value);
    let parsed = Decimal::from_scientific(&text).ok()?;
    Some(parsed.normalize())
}

/// Groups the digits of a whole number in threes with a space: 1234567 → "1 234 567".
fn group_thousands(int_digits: &str) -> String {
    let mut out = String::with_capacity(int_digits.len() + int_digits.len() / 3);
    let len = int_digits.len();
    for (i, c) in int_digits.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// Formats a decimal Swedish style with exactly `dp` decimals: `1 234 567,50`.
/// Rounds half away from zero if the value has more decimals.
pub fn format_decimal(value: Decimal, dp: u32) -> String {
    let rounded = round_half_away(value, dp);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let abs = rounded.abs();
    let text = format!("{:.*}", dp as usize, abs);
    let (int_part, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (text.clone(), None),
    };
    let mut out = String::new();
    if negative {
        out.push('−');
    }
    out.push_str(&group_thousands(&int_part));
    if let Some(f) = frac {
        out.push(',');
        out.push_str(&f);
    }
    out
}

/// Formats a number Swedish style with as many decimals as it needs (none for whole numbers):
/// `10 000`, `9 999,99`, `0,5`.
pub fn format_number(value: Decimal) -> String {
    let n = value.normalize();
    format_decimal(n, n.scale())
}

/// The decimals to show an amount with: two (kronor and öre), or all it has when it has more, so
/// that an amount is never shown rounded (4 999 999,995 kr is not 5 000 000,00 kr).
fn money_places(value: Decimal) -> u32 {
    value.normalize().scale().max(2)
}

/// An amount of money: `1 234 567,50 kr`, two decimals (more only when the amount has them).
pub fn format_sek(value: Decimal) -> String {
    format!("{} kr", format_decimal(value, money_places(value)))
}

/// A price per hour, two decimals (more only when the price has them): `1 523,00 kr/h`.
pub fn format_price(value: Decimal) -> String {
    format!("{} kr/h", format_decimal(value, money_places(value)))
}

/// Hours: `10 000 h`, `9 999,99 h`.
pub fn format_hours(value: Decimal) -> String {
    format!("{} h", format_number(value))
}

/// A decimal as the machine string with exactly two decimals: "1400.00".
pub fn to_money_string(value: Decimal) -> String {
    format!("{:.2}", round_half_away(value, 2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros_free::dec;

    mod rust_decimal_macros_free {
        macro_rules! dec {
            ($s:expr) => {
                $s.parse::<rust_decimal::Decimal>().unwrap()
            };
        }
        pub(crate) use dec;
    }

    #[test]
    fn parses_swedish_forms() {
        assert_eq!(parse_swedish_number("10 000"), Some(dec!("10000")));
        assert_eq!(parse_swedish_number("1 234 567,50"), Some(dec!("1234567.50")));
        assert_eq!(parse_swedish_number("1234567.50"), Some(dec!("1234567.50")));
        assert_eq!(parse_swedish_number("1\u{a0}234\u{a0}567,50 kr"), Some(dec!("1234567.50")));
        assert_eq!(parse_swedish_number("5 000 000 SEK"), Some(dec!("5000000")));
        assert_eq!(parse_swedish_number("4 999 999,99 kr"), Some(dec!("4999999.99")));
        assert_eq!(parse_swedish_number("-5"), Some(dec!("-5")));
        assert_eq!(parse_swedish_number("  42  "), Some(dec!("42")));
    }

    #[test]
    fn rejects_non_numbers() {
        for bad in ["", "tiotusen", "1,2,3", "1.234,50", "12a", ",5", "5,", "kr", "--5", "1 2x", "İİİ kr", "5 ökr"] {
            assert_eq!(parse_swedish_number(bad), None, "{bad:?} must not parse");
        }
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round_half_away(dec!("1522.5"), 0), dec!("1523"));
        assert_eq!(round_half_away(dec!("1523.5"), 0), dec!("1524"));
        assert_eq!(round_half_away(dec!("-2.5"), 0), dec!("-3"));
        assert_eq!(round_half_away(dec!("0.125"), 2), dec!("0.13"));
        // The trap: banker's rounding would give 1522.
        assert_eq!(dec!("1522.5").round_dp(0), dec!("1522"));
    }

    #[test]
    #[allow(clippy::excessive_precision)] // the very noise spreadsheets produce
    fn float_cells_become_exact() {
        assert_eq!(decimal_from_f64(7.0000000000000009), Some(dec!("7")));
        assert_eq!(decimal_from_f64(0.1 + 0.2), Some(dec!("0.3")));
        assert_eq!(decimal_from_f64(4999999.99), Some(dec!("4999999.99")));
        assert_eq!(decimal_from_f64(9999.99), Some(dec!("9999.99")));
        assert_eq!(decimal_from_f64(1234567.5), Some(dec!("1234567.5")));
        assert_eq!(decimal_from_f64(-3.0), Some(dec!("-3")));
        assert_eq!(decimal_from_f64(f64::NAN), None);
    }

    #[test]
    fn formats_swedish() {
        assert_eq!(format_sek(dec!("1234567.5")), "1 234 567,50 kr");
        assert_eq!(format_sek(dec!("4999999.99")), "4 999 999,99 kr");
        assert_eq!(format_sek(dec!("0")), "0,00 kr");
        // Never rounded for show: an amount just short of the threshold does not look like it.
        assert_eq!(format_sek(dec!("4999999.995")), "4 999 999,995 kr");
        assert_eq!(format_price(dec!("1400.001")), "1 400,001 kr/h");
        assert_eq!(format_price(dec!("1523")), "1 523,00 kr/h");
        assert_eq!(format_hours(dec!("10000")), "10 000 h");
        assert_eq!(format_hours(dec!("9999.99")), "9 999,99 h");
        assert_eq!(format_number(dec!("100")), "100");
        assert_eq!(format_number(dec!("1000.50")), "1 000,5");
        assert_eq!(to_money_string(dec!("1400")), "1400.00");
        assert_eq!(format_decimal(dec!("-1234.5"), 2), "−1 234,50");
    }

    proptest::proptest! {
        #[test]
        fn swedish_format_round_trips(cents in -10_000_000_000i64..10_000_000_000i64) {
            let value = Decimal::new(cents, 2);
            let shown = format_decimal(value, 2).replace('−', "-");
            proptest::prop_assert_eq!(parse_swedish_number(&shown), Some(value));
            let plain = format!("{:.2}", value);
            proptest::prop_assert_eq!(parse_swedish_number(&plain), Some(value));
        }
    }
}
