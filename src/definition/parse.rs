//! Reading the definition text (`upphandling.toml`) into a [`Procurement`]: parse, then validate.
//! The format is documented in `docs/procurement-format.md`. An invalid definition is refused with
//! every problem named by its key (`zone[2].regions`, `requirement[kreditvardighet].min_class`),
//! in Swedish.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

use crate::model::bid::normalize_label;
use crate::model::error_code::ErrorCode;
use crate::model::money::{decimal_from_f64, format_decimal, format_number, parse_swedish_number};
use crate::model::procurement::{Lot, Participant, Procurement, ReviewSettings};
use crate::model::regions::{is_region_code, region_name};
use crate::model::requirement::{Requirement, Rule};
use crate::model::zones::{PriceMatrix, Rounding, Workplace, Zone, ZoneModel};

/// One problem in a definition: the key and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{key}: {message}")]
pub struct DefinitionIssue {
    pub key: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DefinitionError {
    #[error("upphandlingsdefinitionen kan inte läsas: {0}")]
    Io(String),
    /// The text is not TOML, or not of the definition's shape (an unknown field, a value of the
    /// wrong type). `line` is the 1-based line the parser points at; the one-line text (the
    /// command line's) ends with it as " (rad N)", but nothing reads it back from there.
    #[error("upphandlingsdefinitionen är inte giltig TOML: {message}{}", line.map(|l| format!(" (rad {l})")).unwrap_or_default())]
    Syntax { message: String, line: Option<u32> },
    #[error("upphandlingsdefinitionen är ogiltig: {}", .0.iter().map(|i| i.to_string()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<DefinitionIssue>),
}

impl DefinitionError {
    /// A stable code for machines: a file that cannot be read is `io`, a text that is not a
    /// valid definition `definition_invalid`.
    pub fn code(&self) -> ErrorCode {
        match self {
            DefinitionError::Io(_) => ErrorCode::Io,
            DefinitionError::Syntax { .. } | DefinitionError::Invalid(_) => ErrorCode::DefinitionInvalid,
        }
    }
}

// ---- the TOML shape ----

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawDefinition {
    procurement: RawProcurement,
    #[serde(default)]
    region: Vec<RawRegion>,
    #[serde(default)]
    zones: RawZones,
    #[serde(default)]
    zone: Vec<RawZone>,
    #[serde(default)]
    workplace: Vec<Workplace>,
    #[serde(default)]
    pricing: RawPricing,
    #[serde(default)]
    lot: Vec<RawLot>,
    #[serde(default)]
    requirement: Vec<RawRequirement>,
    #[serde(default)]
    review: RawReview,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    exchange_rate: Vec<RawExchangeRate>,
}

/// `[[exchange_rate]]`: a rate the procurement documents state, for amounts an ESPD response
/// gives in another currency (docs/espd.md).
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawExchangeRate {
    currency: String,
    sek: toml::Value,
    date: toml::value::Datetime,
    source: Option<String>,
}

/// `[review]`: how the working group's judgements settle an outcome (docs/review.md).
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawReview {
    #[serde(default)]
    four_eyes: bool,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawProcurement {
    id: String,
    name: String,
    coordinator: String,
    contact: Option<String>,
    court: Option<String>,
    deadline: toml::value::Datetime,
    reference_year: i32,
    agreement_start: Option<toml::value::Datetime>,
    agreement_end: Option<toml::value::Datetime>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawRegion {
    code: String,
    joins: Option<toml::value::Datetime>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawZones {
    #[serde(default = "default_min_zones")]
    min: u8,
    #[serde(default = "default_max_zones")]
    max: u8,
}

impl Default for RawZones {
    fn default() -> Self {
        RawZones { min: default_min_zones(), max: default_max_zones() }
    }
}

fn default_min_zones() -> u8 {
    5
}
fn default_max_zones() -> u8 {
    7
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawZone {
    number: u8,
    name: String,
    #[serde(default)]
    regions: Vec<String>,
    factor: Option<toml::Value>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawPricing {
    rounding: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawLot {
    code: String,
    name: String,
    #[serde(default)]
    shortage: bool,
    base_price: Option<toml::Value>,
    prices: Option<Vec<toml::Value>>,
}

#[derive(Debug, Deserialize, Serialize)]
struct RawRequirement {
    id: String,
    title: String,
    kind: String,
    description: Option<String>,
    /// Which part of an ESPD response answers it: "exclusion", "turnover" or "rating".
    #[serde(skip_serializing_if = "Option::is_none")]
    espd: Option<String>,
    #[serde(flatten)]
    params: toml::Table,
}

// ---- rule parameters, one struct per kind ----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeadlineParams {
    deadline: Option<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YesNoParams {
    question: String,
    #[serde(default)]
    expected: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FixedPriceParams {
    question: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MinClassParams {
    provider_question: Option<String>,
    class_question: String,
    date_question: String,
    alternative_question: Option<String>,
    min_class: toml::Value,
    scale: Option<[toml::Value; 2]>,
    max_age_months: toml::Value,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MinAmountParams {
    amount_question: String,
    period_end_question: Option<String>,
    min_amount: toml::Value,
    max_period_age_months: Option<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YearsSinceParams {
    question: String,
    years: toml::Value,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReferenceHoursParams {
    question: String,
    min_hours: toml::Value,
    reference_year: Option<toml::Value>,
}

pub const RULE_KINDS: [&str; 7] = ["deadline", "yes_no", "fixed_price", "min_class", "min_amount", "years_since", "reference_hours"];

struct Issues(Vec<DefinitionIssue>);

impl Issues {
    fn push(&mut self, key: impl Into<String>, message: impl Into<String>) {
        self.0.push(DefinitionIssue { key: key.into(), message: message.into() });
    }
}

// ---- the ranges of the definition's numbers (docs/procurement-format.md) ----
//
// Every number has a range: wide enough for any real procurement, narrow enough that nothing
// computed from it can overflow or panic (a date minus 120 months or 100 years, a reference year
// turned into its first and last day).

/// The years a date of the definition may fall in, and a reference year with them.
const FIRST_YEAR: i32 = 2000;
const LAST_YEAR: i32 = 2100;
/// The allowed zone count, `[zones] min` and `max`: every zone has a region, and there are 21.
const MAX_ZONES: i64 = 21;
/// A class scale's ends (UC 1–5, Creditsafe 0–100).
const SCALE_MIN: i64 = 0;
const SCALE_MAX: i64 = 100;
/// How old a report or a fiscal year may be, in months: at most ten years.
const MAX_MONTHS: i64 = 120;
/// Years in business.
const MAX_YEARS: i64 = 100;
/// Thresholds: far above any real one.
const MAX_AMOUNT: i64 = 1_000_000_000_000;
const MAX_HOURS: i64 = 100_000_000;

fn out_of_range(
    key: &str,
    low: impl std::fmt::Display,
    high: impl std::fmt::Display,
    value: impl std::fmt::Display,
    issues: &mut Issues,
) {
    issues.push(key, format!("ska vara mellan {low} och {high}, inte {value}"));
}

/// A date (ÅÅÅÅ-MM-DD, no time) that exists, in the years [`FIRST_YEAR`]–[`LAST_YEAR`].
fn to_date(dt: &toml::value::Datetime, key: &str, issues: &mut Issues) -> Option<NaiveDate> {
    let date = match (&dt.date, &dt.time) {
        (Some(d), None) => match NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32) {
            Some(date) => date,
            None => {
                issues.push(key, format!("datumet {dt} finns inte"));
                return None;
            }
        },
        _ => {
            issues.push(key, format!("ska vara ett datum (ÅÅÅÅ-MM-DD), inte {dt}"));
            return None;
        }
    };
    let first = NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).expect("a valid date");
    let last = NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31).expect("a valid date");
    if date < first || date > last {
        out_of_range(key, first, last, date, issues);
        return None;
    }
    Some(date)
}

/// A reference year: in [`FIRST_YEAR`]–[`LAST_YEAR`], and not after the deadline's year.
fn check_reference_year(year: i64, deadline: Option<NaiveDate>, key: &str, issues: &mut Issues) -> Option<i32> {
    if !(i64::from(FIRST_YEAR)..=i64::from(LAST_YEAR)).contains(&year) {
        out_of_range(key, FIRST_YEAR, LAST_YEAR, year, issues);
        return None;
    }
    if let Some(d) = deadline {
        if year > i64::from(chrono::Datelike::year(&d)) {
            issues.push(key, format!("referensåret {year} måste ligga före sista anbudsdag {d}"));
            return None;
        }
    }
    Some(year as i32)
}

/// Reads a decimal parameter: an integer, a float, or a string in Swedish or plain form.
fn to_decimal(v: &toml::Value, key: &str, issues: &mut Issues) -> Option<Decimal> {
    let parsed = match v {
        toml::Value::Integer(i) => Some(Decimal::from(*i)),
        toml::Value::Float(f) => decimal_from_f64(*f),
        toml::Value::String(s) => parse_swedish_number(s),
        _ => None,
    };
    if parsed.is_none() {
        issues.push(key, format!("kan inte tolkas som ett tal: {v}"));
    }
    parsed
}

/// A factor Swedish style, with at least two decimals: `1,05`, `1,125`.
fn factor_text(f: Decimal) -> String {
    format_decimal(f, f.normalize().scale().max(2))
}

/// The largest hourly price or zone factor a definition may state: far above any real one, low
/// enough that every product and sum stays exact.
const MAX_PRICE: i64 = 100_000;
const MAX_FACTOR: i64 = 10;

/// A price (zone-1 or explicit): kronor and öre, not negative, not absurd.
fn check_price(price: Decimal, key: &str, issues: &mut Issues) -> Option<Decimal> {
    if price < Decimal::ZERO {
        issues.push(key, format!("negativt pris {price}"));
        None
    } else if price.normalize().scale() > 2 {
        issues.push(key, format!("priset {price} har fler än två decimaler; ange kronor och ören"));
        None
    } else if price > Decimal::from(MAX_PRICE) {
        issues.push(key, format!("priset {price} är orimligt högt (högst {MAX_PRICE} kr per timme)"));
        None
    } else {
        Some(price)
    }
}

/// A whole number in `low..=high`.
fn to_int(v: &toml::Value, low: i64, high: i64, key: &str, issues: &mut Issues) -> Option<i64> {
    let d = to_decimal(v, key, issues)?;
    if !d.fract().is_zero() {
        issues.push(key, format!("ska vara ett heltal, inte {v}"));
        return None;
    }
    if d < Decimal::from(low) || d > Decimal::from(high) {
        out_of_range(key, low, high, d.normalize(), issues);
        return None;
    }
    use num_traits::ToPrimitive;
    d.to_i64()
}

/// An amount or a number of hours in `0..=high`.
fn to_threshold(v: &toml::Value, high: i64, key: &str, issues: &mut Issues) -> Option<Decimal> {
    let d = to_decimal(v, key, issues)?;
    if d < Decimal::ZERO || d > Decimal::from(high) {
        out_of_range(key, 0, format_number(Decimal::from(high)), d.normalize(), issues);
        return None;
    }
    Some(d)
}

impl Procurement {
    /// Reads and validates a definition file.
    pub fn load(path: &std::path::Path) -> Result<Procurement, DefinitionError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| DefinitionError::Io(format!("{}: {}", path.display(), crate::support::sv::io_error(&e))))?;
        Procurement::from_toml(&text)
    }

    /// Parses and validates a definition.
    pub fn from_toml(text: &str) -> Result<Procurement, DefinitionError> {
        let raw: RawDefinition = toml::from_str(text).map_err(|e| DefinitionError::Syntax {
            message: crate::support::sv::toml_message(e.message()),
            line: e.span().map(|s| crate::definition::locate::line_of(text, s.start)),
        })?;
        validate(raw)
    }
}

fn validate(raw: RawDefinition) -> Result<Procurement, DefinitionError> {
    let mut issues = Issues(Vec::new());
    let head = validate_procurement(&raw.procurement, &mut issues);
    let regions = validate_regions(&raw.region, head.agreement_end, &mut issues);
    let zones = validate_zones(&raw.zones, &raw.zone, &regions, &mut issues);
    let workplaces = validate_workplaces(&raw.workplace, &regions, &zones, &mut issues);
    let rounding = validate_pricing(&raw.pricing, &mut issues);
    let pricing = PricingRules {
        zones: &zones,
        raw_zones: &raw.zone,
        rounding,
        rounding_stated: raw.pricing.rounding.is_some(),
    };
    let (lots, prices) = validate_lots(&raw.lot, &pricing, &mut issues);
    let mut requirements = validate_requirements(&raw.requirement, head.deadline, &mut issues);
    resolve_espd_mappings(&raw.requirement, &mut requirements, &mut issues);
    let exchange_rates = validate_exchange_rates(&raw.exchange_rate, &mut issues);

    let Some(deadline) = head.deadline else {
        return Err(DefinitionError::Invalid(issues.0));
    };
    let p = &raw.procurement;
    let zr = &raw.zones;
    let procurement = Procurement {
        id: p.id.trim().to_string(),
        name: p.name.trim().to_string(),
        coordinator: p.coordinator.trim().to_string(),
        contact: p.contact.clone(),
        court: p.court.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_string),
        deadline,
        reference_year: p.reference_year,
        agreement_start: head.agreement_start,
        agreement_end: head.agreement_end,
        regions,
        zones: ZoneModel { min_zones: zr.min, max_zones: zr.max, zones, workplaces },
        rounding,
        lots,
        prices,
        requirements,
        review: ReviewSettings { four_eyes: raw.review.four_eyes },
        exchange_rates,
    };
    validate_question_labels(&procurement, &mut issues);
    if issues.0.is_empty() {
        Ok(procurement)
    } else {
        Err(DefinitionError::Invalid(issues.0))
    }
}

/// The dates of `[procurement]`, as far as they could be read.
struct Head {
    deadline: Option<NaiveDate>,
    agreement_start: Option<NaiveDate>,
    agreement_end: Option<NaiveDate>,
}

/// `[procurement]`: names, the deadline, the agreement period, the reference year.
fn validate_procurement(p: &RawProcurement, issues: &mut Issues) -> Head {
    if p.id.trim().is_empty() {
        issues.push("procurement.id", "diarienummer saknas");
    }
    if p.name.trim().is_empty() {
        issues.push("procurement.name", "namn saknas");
    }
    if p.coordinator.trim().is_empty() {
        issues.push("procurement.coordinator", "samordnande region saknas");
    }
    let deadline = to_date(&p.deadline, "procurement.deadline", issues);
    let agreement_start = p.agreement_start.as_ref().and_then(|d| to_date(d, "procurement.agreement_start", issues));
    let agreement_end = p.agreement_end.as_ref().and_then(|d| to_date(d, "procurement.agreement_end", issues));
    if let (Some(s), Some(e)) = (agreement_start, agreement_end) {
        if e < s {
            issues.push("procurement.agreement_end", format!("avtalet slutar {e}, före start {s}"));
        }
    }
    check_reference_year(i64::from(p.reference_year), deadline, "procurement.reference_year", issues);
    Head { deadline, agreement_start, agreement_end }
}

/// `[[region]]`: the participating regions, each once, joining before the agreement ends.
fn validate_regions(raw: &[RawRegion], agreement_end: Option<NaiveDate>, issues: &mut Issues) -> Vec<Participant> {
    let mut regions: Vec<Participant> = Vec::new();
    if raw.is_empty() {
        issues.push("region", "inga deltagande regioner");
    }
    for (i, r) in raw.iter().enumerate() {
        let key = format!("region[{i}].code");
        let code = r.code.trim().to_string();
        if !is_region_code(&code) {
            issues.push(key, format!("okänd regionkod \"{code}\" (länskoderna 01–25 för de 21 regionerna)"));
            continue;
        }
        if regions.iter().any(|p| p.code == code) {
            issues.push(key, format!("regionen {code} anges två gånger"));
            continue;
        }
        let joins = r.joins.as_ref().and_then(|d| to_date(d, &format!("region[{i}].joins"), issues));
        if let (Some(j), Some(end)) = (joins, agreement_end) {
            if j > end {
                issues.push(format!("region[{i}].joins"), format!("regionen ansluter {j}, efter att avtalet har slutat {end}"));
            }
        }
        regions.push(Participant { name: region_name(&code).unwrap_or_default().to_string(), code, joins });
    }
    regions
}

fn participates(regions: &[Participant], code: &str) -> bool {
    regions.iter().any(|r| r.code == code)
}

/// `[zones]` and `[[zone]]`: the zone count, each zone numbered in order with its regions and
/// factor, and every participating region in exactly one zone.
fn validate_zones(zr: &RawZones, raw: &[RawZone], regions: &[Participant], issues: &mut Issues) -> Vec<Zone> {
    let mut counts_in_range = true;
    for (key, count) in [("zones.min", zr.min), ("zones.max", zr.max)] {
        if !(1..=MAX_ZONES).contains(&i64::from(count)) {
            out_of_range(key, 1, MAX_ZONES, count, issues);
            counts_in_range = false;
        }
    }
    if counts_in_range && zr.min > zr.max {
        issues.push("zones.min", format!("tillåtet antal zoner {}–{} är inte ett giltigt intervall", zr.min, zr.max));
    }
    let n = raw.len();
    if n < zr.min as usize || n > zr.max as usize {
        issues.push("zone", format!("{n} zoner; antalet ska vara {}–{}", zr.min, zr.max));
    }
    let mut zones = Vec::new();
    let mut region_zone: BTreeMap<String, u8> = BTreeMap::new();
    for (i, z) in raw.iter().enumerate() {
        let expected = (i + 1) as u8;
        if z.number != expected {
            issues.push(
                format!("zone[{i}].number"),
                format!("zonerna ska numreras 1, 2, 3 … i ordning; här {} där {expected} väntades", z.number),
            );
        }
        if z.name.trim().is_empty() {
            issues.push(format!("zone[{i}].name"), format!("zon {} saknar namn", z.number));
        }
        if z.regions.is_empty() {
            issues.push(format!("zone[{i}].regions"), format!("zon {} har ingen region", z.number));
        }
        for code in &z.regions {
            let code = code.trim();
            let key = format!("zone[{i}].regions");
            if !is_region_code(code) {
                issues.push(key, format!("okänd regionkod \"{code}\""));
            } else if !participates(regions, code) {
                issues.push(key, format!("regionen {code} deltar inte i upphandlingen"));
            } else if let Some(other) = region_zone.insert(code.to_string(), z.number) {
                issues.push(key, format!("regionen {code} ligger i både zon {other} och zon {}", z.number));
            }
        }
        zones.push(Zone {
            number: z.number,
            name: z.name.trim().to_string(),
            regions: z.regions.iter().map(|r| r.trim().to_string()).collect(),
            factor: zone_factor(i, z, issues),
        });
    }
    for r in regions {
        if !region_zone.contains_key(&r.code) {
            issues.push("zone", format!("regionen {} ({}) ligger inte i någon zon", r.code, r.name));
        }
    }
    zones
}

/// A zone's factor on the zone-1 price, when it is usable: above zero, not absurd, and 1 in zone 1.
/// A factor that cannot be used (zero, negative, too large) is reported once, here.
fn zone_factor(i: usize, z: &RawZone, issues: &mut Issues) -> Option<Decimal> {
    let factor = z.factor.as_ref().and_then(|f| to_decimal(f, &format!("zone[{i}].factor"), issues));
    if let Some(f) = factor {
        if f <= Decimal::ZERO {
            issues.push(format!("zone[{i}].factor"), format!("faktorn måste vara större än noll, inte {f}"));
        } else if f > Decimal::from(MAX_FACTOR) {
            issues.push(format!("zone[{i}].factor"), format!("faktorn {f} är orimligt stor (högst {MAX_FACTOR})"));
        }
    }
    // Factors are on the zone-1 price: zone 1's own factor is 1.
    if let (0, Some(f)) = (i, factor) {
        if f != Decimal::ONE {
            issues.push(format!("zone[{i}].factor"), format!("zon 1:s faktor ska vara 1,00 (base_price är priset i zon 1), inte {f}"));
        }
    }
    factor.filter(|f| *f > Decimal::ZERO && *f <= Decimal::from(MAX_FACTOR))
}

/// `[[workplace]]`: named once per region, in a participating region and an existing zone; held
/// trimmed, so the lookup matches what validation accepted.
fn validate_workplaces(raw: &[Workplace], regions: &[Participant], zones: &[Zone], issues: &mut Issues) -> Vec<Workplace> {
    let mut workplaces: Vec<Workplace> = Vec::new();
    for (i, w) in raw.iter().enumerate() {
        let w = Workplace {
            name: w.name.trim().to_string(),
            region: w.region.trim().to_string(),
            zone: w.zone,
        };
        if !participates(regions, &w.region) {
            issues.push(format!("workplace[{i}].region"), format!("regionen \"{}\" deltar inte i upphandlingen", w.region));
        }
        if !zones.iter().any(|z| z.number == w.zone) {
            issues.push(format!("workplace[{i}].zone"), format!("zon {} finns inte", w.zone));
        }
        if w.name.is_empty() {
            issues.push(format!("workplace[{i}].name"), "arbetsplatsens namn saknas");
        } else if let Some(j) = workplaces.iter().position(|o| o.region == w.region && o.name.to_lowercase() == w.name.to_lowercase())
        {
            issues.push(
                format!("workplace[{i}].name"),
                format!("arbetsplatsen \"{}\" i region {} anges redan i workplace[{j}]", w.name, w.region),
            );
        }
        workplaces.push(w);
    }
    workplaces
}

/// `[pricing]`: the rounding of derived prices.
fn validate_pricing(raw: &RawPricing, issues: &mut Issues) -> Option<Rounding> {
    match raw.rounding.as_deref() {
        None => None,
        Some("whole_kronor") => Some(Rounding::WholeKronor),
        Some("ore") => Some(Rounding::Ore),
        Some(other) => {
            issues.push("pricing.rounding", format!("okänt avrundningssätt \"{other}\" (whole_kronor eller ore)"));
            None
        }
    }
}

/// What the lots' prices are derived and checked against.
struct PricingRules<'a> {
    zones: &'a [Zone],
    raw_zones: &'a [RawZone],
    rounding: Option<Rounding>,
    /// `[pricing] rounding` is given (perhaps unknown, which is reported there).
    rounding_stated: bool,
}

/// Falls of derived prices by the index of the zone they fall from: (lot, from, to).
type FactorFalls = BTreeMap<usize, Vec<(String, Decimal, Decimal)>>;

/// `[[lot]]`: each lot once, with its prices (a price per zone, or a base price and the zones'
/// factors), never falling as the zone number rises; at least one lot inside the agreement.
fn validate_lots(raw: &[RawLot], pricing: &PricingRules, issues: &mut Issues) -> (Vec<Lot>, PriceMatrix) {
    let mut lots = Vec::new();
    let mut prices = PriceMatrix::new();
    let mut rounding_missing_told = false;
    let mut factor_falls = FactorFalls::new();
    let mut lot_codes = BTreeSet::new();
    for (i, l) in raw.iter().enumerate() {
        let code = l.code.trim().to_string();
        if code.is_empty() {
            issues.push(format!("lot[{i}].code"), "kod saknas");
        } else if !lot_codes.insert(code.to_uppercase()) {
            issues.push(format!("lot[{i}].code"), format!("anbudsområdet {code} anges två gånger"));
        }
        let (base_price, row) = lot_price_row(i, l, &code, pricing, &mut rounding_missing_told, issues);
        check_price_row(i, &code, base_price.is_some(), &row, &mut factor_falls, issues);
        for (zi, price) in row.iter().enumerate() {
            if let (Some(price), true) = (price, zi < pricing.zones.len()) {
                prices.set(&code, (zi + 1) as u8, *price);
            }
        }
        lots.push(Lot { code, name: l.name.trim().to_string(), shortage: l.shortage, base_price });
    }
    if lots.iter().all(|l| l.shortage) {
        issues.push("lot", "inga anbudsområden inom avtalet");
    }
    report_factor_falls(&factor_falls, pricing.zones, issues);
    (lots, prices)
}

/// A lot's base price (when it has one) and its price per zone, in zone order (`None` where a
/// price cannot be had; the reason is reported).
fn lot_price_row(
    i: usize,
    l: &RawLot,
    code: &str,
    pricing: &PricingRules,
    rounding_missing_told: &mut bool,
    issues: &mut Issues,
) -> (Option<Decimal>, Vec<Option<Decimal>>) {
    let mut row: Vec<Option<Decimal>> = Vec::new();
    let mut base_price = None;
    if l.shortage && (l.base_price.is_some() || l.prices.is_some()) {
        issues.push(
            format!("lot[{i}]"),
            format!("{code} är ett bristområde utanför avtalet och har inga priser; ta bort base_price/prices"),
        );
    }
    match (&l.base_price, &l.prices) {
        _ if l.shortage => {}
        (Some(_), Some(_)) => {
            issues.push(format!("lot[{i}]"), "ange antingen base_price eller prices, inte båda");
        }
        (Some(base), None) => {
            let key = format!("lot[{i}].base_price");
            if let Some(b) = to_decimal(base, &key, issues).and_then(|b| check_price(b, &key, issues)) {
                base_price = Some(b);
                if !pricing.rounding_stated && !*rounding_missing_told {
                    *rounding_missing_told = true;
                    issues.push("pricing.rounding", "priser räknas fram med faktorer men avrundningen är inte angiven");
                }
                for (zi, z) in pricing.zones.iter().enumerate() {
                    match (z.factor, &pricing.raw_zones[zi].factor) {
                        (Some(f), _) => row.push(Some(PriceMatrix::derive(b, f, pricing.rounding.unwrap_or(Rounding::WholeKronor)))),
                        // Given but unusable: already reported at the factor.
                        (None, Some(_)) => row.push(None),
                        (None, None) => {
                            issues.push(format!("zone[{zi}].factor"), format!("faktor saknas, men {code} anges med base_price"));
                            row.push(None);
                        }
                    }
                }
            }
        }
        (None, Some(list)) => {
            if list.len() != pricing.zones.len() {
                issues.push(
                    format!("lot[{i}].prices"),
                    format!("{} priser för {} zoner; ett pris per zon krävs", list.len(), pricing.zones.len()),
                );
            }
            for (pi, v) in list.iter().enumerate() {
                let key = format!("lot[{i}].prices[{pi}]");
                row.push(to_decimal(v, &key, issues).and_then(|p| check_price(p, &key, issues)));
            }
        }
        (None, None) => {
            if !l.shortage {
                issues.push(format!("lot[{i}]"), format!("pris saknas för {code} (base_price eller prices)"));
            }
        }
    }
    (base_price, row)
}

/// A lot's prices never fall as the zone number rises. Derived prices that fall are collected
/// for their factors; explicit ones are reported at the lot.
fn check_price_row(i: usize, code: &str, derived: bool, row: &[Option<Decimal>], factor_falls: &mut FactorFalls, issues: &mut Issues) {
    let mut previous: Option<Decimal> = None;
    for (zi, price) in row.iter().enumerate() {
        let Some(price) = price else { continue };
        let zone_no = (zi + 1) as u8;
        if let Some(prev) = previous {
            if *price < prev {
                if derived && zi > 0 && row[zi - 1].is_some() {
                    // Derived from the factors of two adjacent zones: the cause is the
                    // factors, reported there once for every lot (below).
                    factor_falls.entry(zi - 1).or_default().push((code.to_string(), prev, *price));
                } else {
                    issues.push(
                        format!("lot[{i}]"),
                        format!("{code}: priset sjunker från {prev} i zon {} till {price} i zon {zone_no}", zone_no - 1),
                    );
                }
            }
        }
        previous = Some(*price);
    }
}

/// Derived prices that fall from one zone to the next: at the factors of both zones, where the
/// coordinator changes them (`zone[2].factor`, `zone[3].factor`), not once per lot.
fn report_factor_falls(factor_falls: &FactorFalls, zones: &[Zone], issues: &mut Issues) {
    for (a, falls) in factor_falls {
        let b = a + 1;
        let (Some(fa), Some(fb)) = (zones[*a].factor, zones[b].factor) else { continue };
        let (na, nb) = (zones[*a].number, zones[b].number);
        let (code, from, to) = &falls[0];
        let lots_text = if falls.len() == 1 {
            format!("för {code} ({} → {} kr)", format_number(*from), format_number(*to))
        } else {
            format!("för {} anbudsområden, t.ex. {code} ({} → {} kr)", falls.len(), format_number(*from), format_number(*to))
        };
        let fall = format!("så priset sjunker från zon {na} till zon {nb} {lots_text}");
        issues.push(
            format!("zone[{a}].factor"),
            format!("faktorn {} är högre än zon {nb}:s {}, {fall}", factor_text(fa), factor_text(fb)),
        );
        issues.push(
            format!("zone[{b}].factor"),
            format!("faktorn {} är lägre än zon {na}:s {}, {fall}", factor_text(fb), factor_text(fa)),
        );
    }
}

/// `[[requirement]]`: the catalogue, each requirement once with a rule of a known kind; not
/// empty, at most one deadline rule.
fn validate_requirements(raw: &[RawRequirement], deadline: Option<NaiveDate>, issues: &mut Issues) -> Vec<Requirement> {
    let mut requirements = Vec::new();
    let mut ids = BTreeSet::new();
    for (i, r) in raw.iter().enumerate() {
        let key = format!("requirement[{}]", if r.id.trim().is_empty() { i.to_string() } else { r.id.clone() });
        if r.id.trim().is_empty() {
            issues.push(format!("{key}.id"), "id saknas");
        } else if !ids.insert(r.id.clone()) {
            issues.push(format!("{key}.id"), format!("kravet {} anges två gånger", r.id));
        }
        if let Some(rule) = parse_rule(r, &key, deadline, issues) {
            requirements.push(Requirement {
                id: r.id.clone(),
                title: r.title.clone(),
                description: r.description.clone(),
                rule,
                espd: None,
            });
        }
    }
    if requirements.is_empty() && issues.0.is_empty() {
        issues.push("requirement", "kravkatalogen är tom");
    }
    let deadline_rules = requirements.iter().filter(|r| matches!(r.rule, Rule::Deadline { .. })).count();
    if deadline_rules > 1 {
        issues.push("requirement", "högst ett krav av typen deadline");
    }
    requirements
}

/// `espd = "…"` on a requirement: which part of an ESPD response answers it. Each part answers
/// one requirement at most, of the kind it fits (`exclusion` a `yes_no`, `turnover` a
/// `min_amount`, `rating` a `min_class`). Where no requirement names `turnover` (`rating`), the
/// first requirement of kind `min_amount` (`min_class`) is answered by it; the exclusion grounds
/// answer only a requirement that names them, since which declaration is about exclusion cannot
/// be told from its kind.
fn resolve_espd_mappings(raw: &[RawRequirement], requirements: &mut [Requirement], issues: &mut Issues) {
    use crate::model::espd::EspdMapping;
    let mut named: BTreeMap<&'static str, String> = BTreeMap::new();
    for r in raw {
        let Some(text) = r.espd.as_deref() else { continue };
        let key = format!("requirement[{}].espd", r.id);
        let Some(mapping) = EspdMapping::parse(text) else {
            issues.push(key, format!("\"{text}\" är inget ESPD-avsnitt; ange \"exclusion\", \"turnover\" eller \"rating\""));
            continue;
        };
        if r.kind != mapping.rule_kind() {
            issues.push(
                key,
                format!("espd = \"{}\" passar ett krav av typen {}, inte {}", mapping.as_str(), mapping.rule_kind(), r.kind),
            );
            continue;
        }
        if let Some(other) = named.insert(mapping.as_str(), r.id.clone()) {
            issues.push(key, format!("espd = \"{}\" anges redan för kravet {other}", mapping.as_str()));
            continue;
        }
        if let Some(req) = requirements.iter_mut().find(|q| q.id == r.id) {
            req.espd = Some(mapping);
        }
    }
    for (mapping, kind) in [(EspdMapping::Turnover, "min_amount"), (EspdMapping::Rating, "min_class")] {
        if named.contains_key(mapping.as_str()) {
            continue;
        }
        if let Some(req) = requirements.iter_mut().find(|q| q.rule.kind_name() == kind) {
            req.espd = Some(mapping);
        }
    }
}

/// `[[exchange_rate]]`: a currency of three letters, once; a rate above zero; a date.
fn validate_exchange_rates(raw: &[RawExchangeRate], issues: &mut Issues) -> Vec<crate::model::procurement::ExchangeRate> {
    let mut out: Vec<crate::model::procurement::ExchangeRate> = Vec::new();
    for (i, r) in raw.iter().enumerate() {
        let key = |f: &str| format!("exchange_rate[{i}].{f}");
        let currency = r.currency.trim().to_ascii_uppercase();
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
            issues.push(key("currency"), format!("\"{}\" är ingen valutakod (tre bokstäver, ISO 4217, t.ex. EUR)", r.currency));
            continue;
        }
        if currency == "SEK" {
            issues.push(key("currency"), "SEK behöver ingen växelkurs");
            continue;
        }
        if out.iter().any(|o| o.currency == currency) {
            issues.push(key("currency"), format!("växelkursen för {currency} anges två gånger"));
            continue;
        }
        let sek = to_decimal(&r.sek, &key("sek"), issues);
        let date = to_date(&r.date, &key("date"), issues);
        match (sek, date) {
            (Some(sek), Some(date)) if sek > Decimal::ZERO => out.push(crate::model::procurement::ExchangeRate {
                currency,
                sek,
                date,
                source: r.source.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string),
            }),
            (Some(_), Some(_)) => issues.push(key("sek"), "växelkursen måste vara större än noll"),
            _ => {}
        }
    }
    out
}

/// Question labels are unique across the catalogue: the workbook finds answers by label.
fn validate_question_labels(procurement: &Procurement, issues: &mut Issues) {
    let mut labels: BTreeMap<String, String> = BTreeMap::new();
    for q in procurement.questions() {
        if let Some(other) = labels.insert(normalize_label(&q.label), q.requirement.clone()) {
            issues.push(format!("requirement[{}]", q.requirement), format!("frågan \"{}\" används också av kravet {other}", q.label));
        }
    }
}

fn params<T: serde::de::DeserializeOwned>(r: &RawRequirement, key: &str, issues: &mut Issues) -> Option<T> {
    match toml::Value::Table(r.params.clone()).try_into::<T>() {
        Ok(v) => Some(v),
        Err(e) => {
            issues.push(key.to_string(), format!("regeltypen {}: {}", r.kind, crate::support::sv::toml_message(e.message())));
            None
        }
    }
}

/// A requirement's rule, its parameters read and each number in its range. `deadline` is the
/// procurement's, when it could be read.
fn parse_rule(r: &RawRequirement, key: &str, deadline: Option<NaiveDate>, issues: &mut Issues) -> Option<Rule> {
    let k = |name: &str| format!("{key}.{name}");
    let before = issues.0.len();
    let rule = match r.kind.as_str() {
        "deadline" => {
            let p: DeadlineParams = params(r, key, issues)?;
            // The rule's parameters are read from the requirement's table flattened, and a TOML
            // date comes through that as its text: read either.
            let deadline = match &p.deadline {
                None => None,
                Some(toml::Value::Datetime(d)) => to_date(d, &k("deadline"), issues),
                Some(toml::Value::String(s)) => match s.parse::<toml::value::Datetime>() {
                    Ok(d) => to_date(&d, &k("deadline"), issues),
                    Err(_) => {
                        issues.push(k("deadline"), format!("ska vara ett datum (ÅÅÅÅ-MM-DD), inte \"{s}\""));
                        None
                    }
                },
                Some(other) => {
                    issues.push(k("deadline"), format!("ska vara ett datum (ÅÅÅÅ-MM-DD), inte {other}"));
                    None
                }
            };
            Rule::Deadline { deadline }
        }
        "yes_no" => {
            let p: YesNoParams = params(r, key, issues)?;
            let expected = match p.expected.as_deref().map(|s| s.trim().to_lowercase()) {
                None => true,
                Some(s) if s == "ja" => true,
                Some(s) if s == "nej" => false,
                Some(s) => {
                    issues.push(k("expected"), format!("ska vara \"Ja\" eller \"Nej\", inte \"{s}\""));
                    true
                }
            };
            Rule::YesNo { question: p.question, expected }
        }
        "fixed_price" => {
            let p: FixedPriceParams = params(r, key, issues)?;
            Rule::FixedPrice { question: p.question }
        }
        "min_class" => {
            let p: MinClassParams = params(r, key, issues)?;
            let min_class = to_int(&p.min_class, SCALE_MIN, SCALE_MAX, &k("min_class"), issues);
            let (scale_min, scale_max) = match &p.scale {
                Some([a, b]) => {
                    (to_int(a, SCALE_MIN, SCALE_MAX, &k("scale"), issues), to_int(b, SCALE_MIN, SCALE_MAX, &k("scale"), issues))
                }
                None => (Some(1), Some(5)),
            };
            let max_age = to_int(&p.max_age_months, 1, MAX_MONTHS, &k("max_age_months"), issues);
            let (Some(min_class), Some(smin), Some(smax), Some(max_age)) = (min_class, scale_min, scale_max, max_age) else {
                return None;
            };
            if smin >= smax {
                issues.push(k("scale"), format!("skalan {smin}–{smax} är inte ett intervall"));
            } else if min_class < smin || min_class > smax {
                issues.push(k("min_class"), format!("lägsta klass {min_class} ligger utanför skalan {smin}–{smax}"));
            }
            Rule::MinClass {
                provider_question: p.provider_question,
                class_question: p.class_question,
                date_question: p.date_question,
                alternative_question: p.alternative_question,
                min_class,
                scale_min: smin,
                scale_max: smax,
                max_age_months: max_age as u32,
            }
        }
        "min_amount" => {
            let p: MinAmountParams = params(r, key, issues)?;
            let min_amount = to_threshold(&p.min_amount, MAX_AMOUNT, &k("min_amount"), issues);
            // `None` when given but not usable (reported), `Some(None)` when not given.
            let age = match &p.max_period_age_months {
                Some(v) => to_int(v, 1, MAX_MONTHS, &k("max_period_age_months"), issues).map(Some),
                None => Some(None),
            };
            if let (Some(Some(_)), None) = (age, &p.period_end_question) {
                issues.push(k("period_end_question"), "krävs när max_period_age_months anges");
            }
            let (Some(min_amount), Some(age)) = (min_amount, age) else {
                return None;
            };
            Rule::MinAmount {
                amount_question: p.amount_question,
                period_end_question: p.period_end_question,
                min_amount,
                max_period_age_months: age.map(|a| a as u32),
            }
        }
        "years_since" => {
            let p: YearsSinceParams = params(r, key, issues)?;
            let years = to_int(&p.years, 0, MAX_YEARS, &k("years"), issues)?;
            Rule::YearsSince { question: p.question, years: years as u32 }
        }
        "reference_hours" => {
            let p: ReferenceHoursParams = params(r, key, issues)?;
            let min_hours = to_threshold(&p.min_hours, MAX_HOURS, &k("min_hours"), issues);
            // `None` when given but not usable (reported), `Some(None)` when not given.
            let year = match &p.reference_year {
                Some(v) => to_int(v, i64::from(FIRST_YEAR), i64::from(LAST_YEAR), &k("reference_year"), issues)
                    .and_then(|y| check_reference_year(y, deadline, &k("reference_year"), issues))
                    .map(Some),
                None => Some(None),
            };
            let (Some(min_hours), Some(year)) = (min_hours, year) else {
                return None;
            };
            Rule::ReferenceHours { question: p.question, min_hours, reference_year: year }
        }
        other => {
            issues.push(k("kind"), format!("okänd regeltyp \"{other}\"; tillåtna är {}", RULE_KINDS.join(", ")));
            return None;
        }
    };
    if issues.0.len() > before {
        return None;
    }
    if r.title.trim().is_empty() {
        issues.push(k("title"), "rubrik saknas");
    }
    Some(rule)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO: &str = include_str!("../../assets/demo/upphandling.toml");

    fn invalid(text: &str) -> Vec<DefinitionIssue> {
        match Procurement::from_toml(text) {
            Err(DefinitionError::Invalid(v)) => v,
            other => panic!("expected invalid, got {other:?}"),
        }
    }

    fn has(issues: &[DefinitionIssue], key: &str, needle: &str) -> bool {
        issues.iter().any(|i| i.key == key && i.message.contains(needle))
    }

    #[test]
    fn demo_loads() {
        let p = Procurement::from_toml(DEMO).unwrap();
        assert_eq!(p.id, "DEMO-2026-001");
        assert_eq!(p.regions.len(), 21);
        assert_eq!(p.zones.zones.len(), 6);
        assert_eq!(p.lots.len(), 11);
        assert_eq!(p.requirements.len(), 7);
        assert_eq!(p.deadline.to_string(), "2026-12-15");
        assert_eq!(p.prices.get("L2", 2), Some("1523".parse().unwrap()));
        assert_eq!(p.prices.get("X1", 1), None);
    }

    #[test]
    fn unknown_region_code_is_named() {
        let t = DEMO.replacen("code = \"25\"", "code = \"26\"", 1);
        let v = invalid(&t);
        assert!(has(&v, "region[20].code", "okänd regionkod \"26\""), "{v:?}");
    }

    #[test]
    fn zone_count_out_of_range() {
        let t = DEMO.replace("[zones]\nmin = 5\nmax = 7", "[zones]\nmin = 5\nmax = 5");
        let v = invalid(&t);
        assert!(has(&v, "zone", "6 zoner; antalet ska vara 5–5"), "{v:?}");
    }

    #[test]
    fn unknown_rule_kind_is_named() {
        let t = DEMO.replace("kind = \"years_since\"", "kind = \"years_after\"");
        let v = invalid(&t);
        assert!(has(&v, "requirement[erfarenhet].kind", "okänd regeltyp \"years_after\""), "{v:?}");
    }

    #[test]
    fn unparseable_threshold_is_named() {
        let t = DEMO.replace("min_amount = \"5 000 000\"", "min_amount = \"fem miljoner\"");
        let v = invalid(&t);
        assert!(has(&v, "requirement[omsattning].min_amount", "kan inte tolkas som ett tal"), "{v:?}");
    }

    #[test]
    fn region_in_two_zones_and_zone_without_region() {
        let t = DEMO.replace("regions = [\"09\", \"22\", \"24\"]", "regions = [\"01\"]");
        let v = invalid(&t);
        assert!(has(&v, "zone[4].regions", "både zon 1 och zon 5"), "{v:?}");
        assert!(v.iter().any(|i| i.message.contains("regionen 09 (Region Gotland) ligger inte i någon zon")), "{v:?}");
        let t = DEMO.replace("regions = [\"09\", \"22\", \"24\"]", "regions = []");
        let v = invalid(&t);
        assert!(has(&v, "zone[4].regions", "zon 5 har ingen region"), "{v:?}");
    }

    #[test]
    fn falling_and_negative_prices() {
        let t = DEMO.replace("factor = \"1.30\"", "factor = \"1.10\"");
        let v = invalid(&t);
        assert!(
            v.iter().any(|i| i.message.contains("priset sjunker från 1540 i zon 5 till 1540") || i.message.contains("sjunker")),
            "{v:?}"
        );
        // Derived prices that fall: at the factors of the two zones, once, not per lot.
        let v = invalid(&DEMO.replace("factor = \"1.10\"", "factor = \"1.40\""));
        assert_eq!(v.len(), 2, "{v:?}");
        assert!(has(&v, "zone[2].factor", "faktorn 1,40 är högre än zon 4:s 1,15, så priset sjunker från zon 3 till zon 4 för 8 anbudsområden, t.ex. L1 (1 960 → 1 610 kr)"), "{v:?}");
        assert!(has(&v, "zone[3].factor", "faktorn 1,15 är lägre än zon 3:s 1,40"), "{v:?}");
        let t = DEMO.replace("base_price = \"720\"", "base_price = \"-720\"");
        let v = invalid(&t);
        assert!(v.iter().any(|i| i.message.contains("negativt pris")), "{v:?}");
    }

    #[test]
    fn a_requirement_deadline_of_its_own_is_read() {
        let t = DEMO.replace("kind = \"deadline\"", "kind = \"deadline\"\ndeadline = 2026-12-16");
        let p = Procurement::from_toml(&t).unwrap();
        assert!(
            matches!(p.requirement("anbudsdag").unwrap().rule, Rule::Deadline { deadline: Some(d) } if d.to_string() == "2026-12-16")
        );
        let v = invalid(&DEMO.replace("kind = \"deadline\"", "kind = \"deadline\"\ndeadline = \"i morgon\""));
        assert!(has(&v, "requirement[anbudsdag].deadline", "ska vara ett datum"), "{v:?}");
    }

    #[test]
    fn unknown_keys_are_refused() {
        let t = DEMO.replace("reference_year = 2025", "reference_year = 2025\nrefrence = 1");
        assert!(matches!(Procurement::from_toml(&t), Err(DefinitionError::Syntax { message, .. }) if message.contains("refrence")));
    }

    #[test]
    fn a_syntax_error_carries_its_line() {
        let e = Procurement::from_toml(&DEMO.replace("reference_year = 2025", "reference_year = 2025\nrefrence = 1")).unwrap_err();
        let line = DEMO.lines().position(|l| l == "reference_year = 2025").unwrap() as u32 + 2;
        let DefinitionError::Syntax { message, line: Some(at) } = &e else { panic!("{e:?}") };
        assert_eq!(*at, line);
        assert!(!message.contains("(rad"), "the line is a field, not part of the message: {message}");
        // The one-line text (the command line's) still names it.
        assert!(e.to_string().ends_with(&format!("(rad {line})")), "{e}");
    }

    #[test]
    fn each_error_names_its_code() {
        let missing = Procurement::load(std::path::Path::new("/finns-inte/upphandling.toml")).unwrap_err();
        assert_eq!(missing.code(), ErrorCode::Io, "{missing}");
        assert_eq!(Procurement::from_toml("[procurement\n").unwrap_err().code(), ErrorCode::DefinitionInvalid);
        let invalid = Procurement::from_toml(&DEMO.replace("reference_year = 2025", "reference_year = 1800")).unwrap_err();
        assert!(matches!(invalid, DefinitionError::Invalid(_)), "{invalid}");
        assert_eq!(invalid.code(), ErrorCode::DefinitionInvalid);
    }

    #[test]
    fn workplace_resolution() {
        let p = Procurement::from_toml(DEMO).unwrap();
        // Region Dalarna (20) is zone 4; the demo's workplace Vårdcentralen Idre is zone 6.
        assert_eq!(p.resolve_price("20", None, "S1"), Some((4, "828".parse().unwrap())));
        assert_eq!(p.resolve_price("20", Some("Vårdcentralen Idre"), "S1"), Some((6, "936".parse().unwrap())));
    }

    // ---- zones and prices (issue "Compensation zones") ----

    #[test]
    fn region_in_no_zone() {
        let t = DEMO.replace("regions = [\"23\", \"25\"]", "regions = [\"23\"]");
        let v = invalid(&t);
        assert!(has(&v, "zone", "regionen 25 (Region Norrbotten) ligger inte i någon zon"), "{v:?}");
    }

    #[test]
    fn price_validation_errors() {
        // A lot of the agreement without a price.
        let v = invalid(&DEMO.replace("base_price = \"1400\"", ""));
        assert!(has(&v, "lot[0]", "pris saknas för L1"), "{v:?}");
        // Both forms at once.
        let v =
            invalid(&DEMO.replace("base_price = \"1400\"", "base_price = \"1400\"\nprices = [1400, 1470, 1540, 1610, 1680, 1820]"));
        assert!(has(&v, "lot[0]", "ange antingen base_price eller prices"), "{v:?}");
        // Explicit prices: one per zone, never falling, never negative.
        let v = invalid(&DEMO.replace("base_price = \"1400\"", "prices = [1400, 1470]"));
        assert!(has(&v, "lot[0].prices", "2 priser för 6 zoner"), "{v:?}");
        let v = invalid(&DEMO.replace("base_price = \"1400\"", "prices = [1400, 1300, 1540, 1610, 1680, 1820]"));
        assert!(has(&v, "lot[0]", "L1: priset sjunker från 1400 i zon 1 till 1300 i zon 2"), "{v:?}");
        let v = invalid(&DEMO.replace("base_price = \"1400\"", "prices = [-1, 1470, 1540, 1610, 1680, 1820]"));
        assert!(has(&v, "lot[0].prices[0]", "negativt pris -1"), "{v:?}");
        // Kronor and öre only: a third decimal would be shown rounded but used unrounded.
        let v = invalid(&DEMO.replace("base_price = \"1400\"", "prices = [\"1400,555\", 1470, 1540, 1610, 1680, 1820]"));
        assert!(has(&v, "lot[0].prices[0]", "fler än två decimaler"), "{v:?}");
        let v = invalid(&DEMO.replace("base_price = \"1400\"", "base_price = \"79000000000000000000000000000\""));
        assert!(has(&v, "lot[0].base_price", "orimligt högt"), "{v:?}");
        // One negative zone-1 price is one message, not one per zone.
        let v = invalid(&DEMO.replace("base_price = \"1400\"", "base_price = \"-1400\""));
        assert_eq!(v.len(), 1, "{v:?}");
        // A shortage speciality is outside the agreement and has no prices.
        let v = invalid(&DEMO.replace("shortage = true\n", "shortage = true\nbase_price = \"1500\"\n"));
        assert!(has(&v, "lot[8]", "bristområde utanför avtalet och har inga priser"), "{v:?}");
        // Zone 1's factor is 1: base_price is the zone-1 price.
        let v = invalid(&DEMO.replace("factor = \"1.00\"", "factor = \"1.02\""));
        assert!(has(&v, "zone[0].factor", "zon 1:s faktor ska vara 1,00"), "{v:?}");
        let v = invalid(&DEMO.replace("base_price = \"1400\"", "prices = [1400, \"många\", 1540, 1610, 1680, 1820]"));
        assert!(has(&v, "lot[0].prices[1]", "kan inte tolkas som ett tal"), "{v:?}");
        // Derived prices need a factor in every zone, a positive one, and a stated rounding.
        let v = invalid(&DEMO.replace("factor = \"1.05\"\n", ""));
        assert!(has(&v, "zone[1].factor", "faktor saknas, men L1 anges med base_price"), "{v:?}");
        let v = invalid(&DEMO.replace("factor = \"1.05\"", "factor = \"0\""));
        assert!(has(&v, "zone[1].factor", "faktorn måste vara större än noll"), "{v:?}");
        assert_eq!(v.len(), 1, "a zero factor is reported once, not as falling prices: {v:?}");
        let v = invalid(&DEMO.replace("rounding = \"whole_kronor\"", ""));
        assert!(has(&v, "pricing.rounding", "avrundningen är inte angiven"), "{v:?}");
        assert_eq!(v.len(), 1, "{v:?}");
        let v = invalid(&DEMO.replace("rounding = \"whole_kronor\"", "rounding = \"tiotal\""));
        assert!(has(&v, "pricing.rounding", "okänt avrundningssätt \"tiotal\""), "{v:?}");
        assert_eq!(v.len(), 1, "an unknown rounding is not also reported as missing: {v:?}");
        // Zones numbered in order; a zone count below the range.
        let v = invalid(&DEMO.replace("number = 2\n", "number = 7\n"));
        assert!(has(&v, "zone[1].number", "här 7 där 2 väntades"), "{v:?}");
        let v = invalid(&DEMO.replace("[zones]\nmin = 5\nmax = 7", "[zones]\nmin = 7\nmax = 7"));
        assert!(has(&v, "zone", "6 zoner; antalet ska vara 7–7"), "{v:?}");
        let v = invalid(&DEMO.replace("[zones]\nmin = 5\nmax = 7", "[zones]\nmin = 6\nmax = 5"));
        assert!(has(&v, "zones.min", "inte ett giltigt intervall"), "{v:?}");
    }

    #[test]
    fn workplace_validation_errors() {
        let v = invalid(&DEMO.replace("region = \"20\"\nzone = 6", "region = \"20\"\nzone = 9"));
        assert!(has(&v, "workplace[0].zone", "zon 9 finns inte"), "{v:?}");
        let v = invalid(&DEMO.replace("region = \"20\"\nzone = 6", "region = \"02\"\nzone = 6"));
        assert!(has(&v, "workplace[0].region", "regionen \"02\" deltar inte i upphandlingen"), "{v:?}");
        let v = invalid(&DEMO.replace("name = \"Vårdcentralen Idre\"", "name = \" \""));
        assert!(has(&v, "workplace[0].name", "arbetsplatsens namn saknas"), "{v:?}");
        // The same workplace twice in one region, whatever its case.
        let twice = "[[workplace]]\nname = \"vårdcentralen idre\"\nregion = \"20\"\nzone = 5\n\n[[workplace]]";
        let v = invalid(&DEMO.replacen("[[workplace]]", twice, 1));
        assert!(has(&v, "workplace[1].name", "anges redan i workplace[0]"), "{v:?}");
        // Spaces around the region code: accepted, and the override applies.
        let p = Procurement::from_toml(&DEMO.replace("region = \"20\"\nzone = 6", "region = \" 20\"\nzone = 6")).unwrap();
        assert_eq!(p.resolve_price("20", Some("Vårdcentralen Idre"), "S1"), Some((6, "936".parse().unwrap())));
        // An empty zone name; a region joining after the agreement has ended.
        let v = invalid(&DEMO.replace("name = \"Zon 2\"", "name = \" \""));
        assert!(has(&v, "zone[1].name", "zon 2 saknar namn"), "{v:?}");
        let v = invalid(&DEMO.replace("code = \"17\"\njoins = 2029-01-01", "code = \"17\"\njoins = 2030-01-01"));
        assert!(has(&v, "region[12].joins", "efter att avtalet har slutat 2029-12-31"), "{v:?}");
    }

    // ---- the ranges of the numbers ----

    #[test]
    fn every_number_out_of_range_is_refused_at_its_key() {
        let range = |low: &str, high: &str, value: &str| format!("ska vara mellan {low} och {high}, inte {value}");
        let dates = |value: &str| range("2000-01-01", "2100-12-31", value);
        let cases: Vec<(&str, &str, &str, String)> = vec![
            // Dates: wide, but not so wide that date arithmetic can overflow.
            ("deadline = 2026-12-15", "deadline = 1999-12-31", "procurement.deadline", dates("1999-12-31")),
            ("deadline = 2026-12-15", "deadline = 2101-01-01", "procurement.deadline", dates("2101-01-01")),
            ("deadline = 2026-12-15", "deadline = 0000-01-01", "procurement.deadline", dates("0000-01-01")),
            ("agreement_start = 2028-01-01", "agreement_start = 1999-01-01", "procurement.agreement_start", dates("1999-01-01")),
            ("agreement_end = 2029-12-31", "agreement_end = 9999-12-31", "procurement.agreement_end", dates("9999-12-31")),
            ("code = \"01\"\njoins = 2028-01-01", "code = \"01\"\njoins = 1970-01-01", "region[0].joins", dates("1970-01-01")),
            (
                "kind = \"deadline\"",
                "kind = \"deadline\"\ndeadline = 2200-01-01",
                "requirement[anbudsdag].deadline",
                dates("2200-01-01"),
            ),
            // The reference year: in the range, and not after the deadline's year.
            ("reference_year = 2025", "reference_year = 1999", "procurement.reference_year", range("2000", "2100", "1999")),
            (
                "reference_year = 2025",
                "reference_year = -2147483648",
                "procurement.reference_year",
                range("2000", "2100", "-2147483648"),
            ),
            (
                "reference_year = 2025",
                "reference_year = 2027",
                "procurement.reference_year",
                "referensåret 2027 måste ligga före sista anbudsdag 2026-12-15".into(),
            ),
            (
                "min_hours = 10000",
                "min_hours = 10000\nreference_year = 4294969296",
                "requirement[levererade-timmar].reference_year",
                range("2000", "2100", "4294969296"),
            ),
            (
                "min_hours = 10000",
                "min_hours = 10000\nreference_year = 1999",
                "requirement[levererade-timmar].reference_year",
                range("2000", "2100", "1999"),
            ),
            (
                "min_hours = 10000",
                "min_hours = 10000\nreference_year = 2027",
                "requirement[levererade-timmar].reference_year",
                "referensåret 2027 måste ligga före sista anbudsdag 2026-12-15".into(),
            ),
            // Zone counts: at least one zone, at most one per region.
            ("[zones]\nmin = 5\nmax = 7", "[zones]\nmin = 0\nmax = 7", "zones.min", range("1", "21", "0")),
            ("[zones]\nmin = 5\nmax = 7", "[zones]\nmin = 5\nmax = 22", "zones.max", range("1", "21", "22")),
            ("[zones]\nmin = 5\nmax = 7", "[zones]\nmin = 5\nmax = 255", "zones.max", range("1", "21", "255")),
            // Factors and prices.
            ("factor = \"1.05\"", "factor = \"-1.05\"", "zone[1].factor", "faktorn måste vara större än noll, inte -1.05".into()),
            ("factor = \"1.05\"", "factor = \"10.01\"", "zone[1].factor", "faktorn 10.01 är orimligt stor (högst 10)".into()),
            ("base_price = \"1400\"", "base_price = \"-0.01\"", "lot[0].base_price", "negativt pris -0.01".into()),
            (
                "base_price = \"1400\"",
                "base_price = \"100000.01\"",
                "lot[0].base_price",
                "priset 100000.01 är orimligt högt (högst 100000 kr per timme)".into(),
            ),
            // Classes and scales.
            (
                "min_class = 3",
                "min_class = 6",
                "requirement[kreditvardighet].min_class",
                "lägsta klass 6 ligger utanför skalan 1–5".into(),
            ),
            (
                "min_class = 3",
                "min_class = 0",
                "requirement[kreditvardighet].min_class",
                "lägsta klass 0 ligger utanför skalan 1–5".into(),
            ),
            ("min_class = 3", "min_class = 4000000000", "requirement[kreditvardighet].min_class", range("0", "100", "4000000000")),
            ("scale = [1, 5]", "scale = [5, 5]", "requirement[kreditvardighet].scale", "skalan 5–5 är inte ett intervall".into()),
            ("scale = [1, 5]", "scale = [5, 1]", "requirement[kreditvardighet].scale", "skalan 5–1 är inte ett intervall".into()),
            ("scale = [1, 5]", "scale = [-1, 5]", "requirement[kreditvardighet].scale", range("0", "100", "-1")),
            ("scale = [1, 5]", "scale = [1, 101]", "requirement[kreditvardighet].scale", range("0", "100", "101")),
            // Months and years.
            (
                "max_age_months = 3",
                "max_age_months = 4000000000",
                "requirement[kreditvardighet].max_age_months",
                range("1", "120", "4000000000"),
            ),
            ("max_age_months = 3", "max_age_months = 121", "requirement[kreditvardighet].max_age_months", range("1", "120", "121")),
            ("max_age_months = 3", "max_age_months = 0", "requirement[kreditvardighet].max_age_months", range("1", "120", "0")),
            ("max_age_months = 3", "max_age_months = -3", "requirement[kreditvardighet].max_age_months", range("1", "120", "-3")),
            (
                "max_period_age_months = 18",
                "max_period_age_months = 121",
                "requirement[omsattning].max_period_age_months",
                range("1", "120", "121"),
            ),
            (
                "max_period_age_months = 18",
                "max_period_age_months = 0",
                "requirement[omsattning].max_period_age_months",
                range("1", "120", "0"),
            ),
            ("years = 2", "years = 101", "requirement[erfarenhet].years", range("0", "100", "101")),
            ("years = 2", "years = -1", "requirement[erfarenhet].years", range("0", "100", "-1")),
            // A whole number too large for any integer type is out of range too, not dropped.
            (
                "years = 2",
                "years = \"100000000000000000000000\"",
                "requirement[erfarenhet].years",
                range("0", "100", "100000000000000000000000"),
            ),
            // Amounts and hours: not negative, not absurd.
            (
                "min_amount = \"5 000 000\"",
                "min_amount = \"-0,01\"",
                "requirement[omsattning].min_amount",
                range("0", "1 000 000 000 000", "-0.01"),
            ),
            (
                "min_amount = \"5 000 000\"",
                "min_amount = \"1 000 000 000 000,01\"",
                "requirement[omsattning].min_amount",
                range("0", "1 000 000 000 000", "1000000000000.01"),
            ),
            ("min_hours = 10000", "min_hours = -1", "requirement[levererade-timmar].min_hours", range("0", "100 000 000", "-1")),
            (
                "min_hours = 10000",
                "min_hours = 100000000.5",
                "requirement[levererade-timmar].min_hours",
                range("0", "100 000 000", "100000000.5"),
            ),
        ];
        // Every problem of one requirement is named, not only the first.
        let v = invalid(&DEMO.replacen("min_hours = 10000", "min_hours = -1\nreference_year = 1999", 1));
        assert_eq!(
            v.iter().map(|i| i.key.as_str()).collect::<Vec<_>>(),
            ["requirement[levererade-timmar].min_hours", "requirement[levererade-timmar].reference_year"]
        );
        let v = invalid(&DEMO.replacen(
            "min_amount = \"5 000 000\"\nmax_period_age_months = 18",
            "min_amount = -1\nmax_period_age_months = 0",
            1,
        ));
        assert_eq!(
            v.iter().map(|i| i.key.as_str()).collect::<Vec<_>>(),
            ["requirement[omsattning].min_amount", "requirement[omsattning].max_period_age_months"]
        );
        for (old, new, key, message) in &cases {
            assert!(DEMO.contains(old), "the demo has no {old:?}");
            let v = invalid(&DEMO.replacen(old, new, 1));
            assert_eq!(v, [DefinitionIssue { key: key.to_string(), message: message.clone() }], "{new}");
        }
    }

    #[test]
    fn every_number_at_the_ends_of_its_range_is_accepted() {
        let cases = [
            ("deadline = 2026-12-15\nreference_year = 2025", "deadline = 2000-01-01\nreference_year = 2000"),
            ("deadline = 2026-12-15\nreference_year = 2025", "deadline = 2100-12-31\nreference_year = 2100"),
            ("reference_year = 2025", "reference_year = 2026"),
            ("agreement_end = 2029-12-31", "agreement_end = 2100-12-31"),
            ("[zones]\nmin = 5\nmax = 7", "[zones]\nmin = 1\nmax = 21"),
            ("min_class = 3", "min_class = 1"),
            ("min_class = 3", "min_class = 5"),
            ("scale = [1, 5]\nmax_age_months = 3", "scale = [0, 100]\nmax_age_months = 1"),
            ("max_age_months = 3", "max_age_months = 120"),
            ("max_period_age_months = 18", "max_period_age_months = 1"),
            ("max_period_age_months = 18", "max_period_age_months = 120"),
            ("years = 2", "years = 0"),
            ("years = 2", "years = 100"),
            ("min_amount = \"5 000 000\"", "min_amount = 0"),
            ("min_amount = \"5 000 000\"", "min_amount = \"1 000 000 000 000\""),
            ("min_hours = 10000", "min_hours = 0"),
            ("min_hours = 10000", "min_hours = 100000000\nreference_year = 2000"),
            ("min_hours = 10000", "min_hours = 10000\nreference_year = 2026"),
        ];
        for (old, new) in cases {
            assert!(DEMO.contains(old), "the demo has no {old:?}");
            if let Err(e) = Procurement::from_toml(&DEMO.replacen(old, new, 1)) {
                panic!("{new}: {e}");
            }
        }
    }

    #[test]
    fn explicit_prices_load_without_base_price() {
        let t = DEMO.replace("base_price = \"1450\"", "prices = [\"1 450\", \"1 522,50\", 1595, 1668, 1740, 1885]");
        let p = Procurement::from_toml(&t).unwrap();
        assert_eq!(p.prices.get("L2", 2), Some("1522.50".parse().unwrap()));
        assert_eq!(p.lot("L2").unwrap().base_price, None);
        assert_eq!(p.lot("L1").unwrap().base_price, Some("1400".parse().unwrap()));
        assert_eq!(p.lot("X1").unwrap().base_price, None);
    }

    #[test]
    fn rederive_prices_after_a_factor_change() {
        let p = Procurement::from_toml(DEMO).unwrap();
        let mut q = p.clone();
        assert!(q.rederive_prices().is_empty());
        assert_eq!(q, p, "deriving again with the same factors changes nothing");
        q.zones.zones[1].factor = Some("1.07".parse().unwrap());
        assert!(q.rederive_prices().is_empty());
        // 1 450 × 1,07 = 1 551,5 → 1 552 (half away from zero); 720 × 1,07 = 770,4 → 770.
        assert_eq!(q.prices.get("L2", 2), Some("1552".parse().unwrap()));
        assert_eq!(q.prices.get("S1", 2), Some("770".parse().unwrap()));
        assert_eq!(q.prices.get("S1", 3), p.prices.get("S1", 3));
        assert_eq!(p.prices.get("L2", 2), Some("1523".parse().unwrap()));
        q.zones.zones[5].factor = None;
        let missing = q.rederive_prices();
        assert_eq!(missing.len(), 8);
        assert_eq!(q.prices.get("L1", 6), None);
    }
}
