//! The cost projection (kostnadsprognos): the agreement's yearly value from expected hours per
//! region and lot, against the indicator that hired staff should cost at most 2 % of the regions'
//! total personnel cost in healthcare. With what-if: move a region or a workplace to another zone
//! or change a zone factor, and see the change, on a copy of the procurement.
//!
//! The input layout (.xlsx and TOML), the joins rule and the rounding point are documented in
//! `docs/projection.md`. In short:
//! - a region's hours count for the part of the year from its `joins` date (and the agreement's
//!   start) to the agreement's end, pro rata by calendar days, both ends inclusive;
//! - each cell (region, lot, zone) is valued `hours × price × counted days ÷ days of the year`,
//!   computed exactly and rounded once, to öre, half away from zero; every sum (region, zone,
//!   total) is a sum of those rounded cells, so the tables add up;
//! - a region is above the indicator when `value × 100 > personnel cost × indicator`, exactly.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Range, Reader, Xlsx};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

use crate::model::bid::cell_name;
use crate::model::error_code::ErrorCode;
use crate::model::money::{decimal_from_f64, format_decimal, parse_swedish_number, round_half_away};
use crate::model::procurement::Procurement;
use crate::model::regions::{region_name, REGIONS};
use crate::model::zones::Workplace;
use crate::pricing::prices::region_label;

/// The sheet with expected hours per region (or workplace) and lot.
pub const HOURS_SHEET: &str = "Timmar";
/// The sheet with each region's total personnel cost in healthcare.
pub const COST_SHEET: &str = "Personalkostnad";

/// The seeds' indicator: hired staff at most 2 % of the regions' personnel cost in healthcare.
pub fn default_indicator_percent() -> Decimal {
    Decimal::from(2)
}

// ---------------------------------------------------------------------------------------------
// Input

/// Expected hours for one year in one region, at one workplace (or the region in general), for
/// one lot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HoursEntry {
    /// County code.
    pub region: String,
    pub workplace: Option<String>,
    /// Lot code as the procurement spells it.
    pub lot: String,
    pub hours: Decimal,
}

/// The projection's input, read and checked against the procurement.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ProjectionInput {
    /// The calendar year, where the input names it (TOML `year`); the CLI's `--year` wins.
    pub year: Option<i32>,
    /// The indicator in percent (TOML `indicator_percent`); 2 when not given.
    pub indicator_percent: Option<Decimal>,
    pub hours: Vec<HoursEntry>,
    /// Each region's total personnel cost in healthcare for the year, SEK, by county code.
    pub personnel_cost: BTreeMap<String, Decimal>,
    /// Things read but not counted (hours for a shortage lot), in Swedish.
    pub warnings: Vec<String>,
}

/// One problem in the input: where (sheet and cell of the workbook, or the TOML key) and what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputIssue {
    pub sheet: Option<String>,
    pub cell: Option<String>,
    /// The TOML key (`region[2].hours.L1`) for a TOML input.
    pub key: Option<String>,
    pub message: String,
}

impl InputIssue {
    fn cell(sheet: &str, row: u32, col: u32, message: impl Into<String>) -> Self {
        InputIssue {
            sheet: Some(sheet.to_string()),
            cell: Some(cell_name(row, col)),
            key: None,
            message: message.into(),
        }
    }
    fn sheet(sheet: &str, message: impl Into<String>) -> Self {
        InputIssue { sheet: Some(sheet.to_string()), cell: None, key: None, message: message.into() }
    }
    fn key(key: impl Into<String>, message: impl Into<String>) -> Self {
        InputIssue { sheet: None, cell: None, key: Some(key.into()), message: message.into() }
    }
    fn file(message: impl Into<String>) -> Self {
        InputIssue { sheet: None, cell: None, key: None, message: message.into() }
    }
}

impl std::fmt::Display for InputIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.sheet, &self.cell, &self.key) {
            (Some(s), Some(c), _) => write!(f, "{s}!{c}: {}", self.message),
            (Some(s), None, _) => write!(f, "{s}: {}", self.message),
            (None, _, Some(k)) => write!(f, "{k}: {}", self.message),
            _ => write!(f, "{}", self.message),
        }
    }
}

/// The input could not be used; every problem found is listed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("prognosunderlaget kan inte användas: {}", .0.iter().map(|i| i.to_string()).collect::<Vec<_>>().join("; "))]
pub struct InputError(pub Vec<InputIssue>);

impl InputError {
    /// A stable code for machines: the input given for the projection cannot be used (a file
    /// that cannot be read is named among its problems).
    pub fn code(&self) -> ErrorCode {
        ErrorCode::InvalidInput
    }
}

/// Reads the input from an .xlsx or a .toml file, by its extension.
pub fn read_input(p: &Procurement, path: &Path) -> Result<ProjectionInput, InputError> {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_lowercase);
    match ext.as_deref() {
        Some("xlsx") | Some("xlsm") => {
            let bytes = std::fs::read(path)
                .map_err(|e| InputError(vec![InputIssue::file(format!("{} kan inte läsas: {e}", path.display()))]))?;
            read_input_xlsx(p, &bytes)
        }
        Some("toml") => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| InputError(vec![InputIssue::file(format!("{} kan inte läsas: {e}", path.display()))]))?;
            read_input_toml(p, &text)
        }
        _ => Err(InputError(vec![InputIssue::file(format!("{}: underlaget ska vara en .xlsx- eller .toml-fil", path.display()))])),
    }
}

/// Finds a participating region by county code ("20", "20 Region Dalarna", a number 20, "1")
/// or by name ("Region Dalarna", "Dalarna", "Jönköpings län").
pub fn parse_region(p: &Procurement, text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("region saknas".to_string());
    }
    let first = t.split_whitespace().next().unwrap_or("");
    let code = if !first.is_empty() && first.len() <= 2 && first.chars().all(|c| c.is_ascii_digit()) {
        let c = format!("{first:0>2}");
        if region_name(&c).is_none() {
            return Err(format!("okänd regionkod \"{first}\""));
        }
        c
    } else {
        match region_by_name(t) {
            Some(c) => c.to_string(),
            None => return Err(format!("okänd region \"{t}\"")),
        }
    };
    if p.region(&code).is_none() {
        return Err(format!("{} ({code}) deltar inte i upphandlingen", region_name(&code).unwrap_or(&code)));
    }
    Ok(code)
}

fn region_key(s: &str) -> String {
    let mut k = s.trim().to_lowercase();
    if let Some(rest) = k.strip_prefix("region ") {
        k = rest.to_string();
    }
    for suffix in [" läns landsting", " län", "regionen"] {
        if let Some(rest) = k.strip_suffix(suffix) {
            k = rest.trim().to_string();
        }
    }
    k
}

fn region_by_name(text: &str) -> Option<&'static str> {
    const ALIASES: [(&str, &str); 4] = [("södermanland", "04"), ("västra götaland", "14"), ("jämtland", "23"), ("gotlands", "09")];
    let key = region_key(text);
    let bare = key.strip_suffix('s').unwrap_or(&key).to_string();
    for (code, name) in REGIONS {
        let k = region_key(name);
        let kb = k.strip_suffix('s').unwrap_or(&k).to_string();
        if k == key || kb == bare {
            return Some(code);
        }
    }
    ALIASES.iter().find(|(a, _)| *a == key || *a == bare).map(|(_, c)| *c)
}

/// A cell as a number: `Ok(None)` for an empty cell.
fn cell_number(d: &Data) -> Result<Option<Decimal>, String> {
    match d {
        Data::Empty => Ok(None),
        Data::Int(i) => Ok(Some(Decimal::from(*i))),
        Data::Float(f) => decimal_from_f64(*f).map(Some).ok_or_else(|| format!("{f} är inte ett tal")),
        Data::String(s) if s.trim().is_empty() => Ok(None),
        Data::String(s) => parse_swedish_number(s).map(Some).ok_or_else(|| format!("\"{}\" är inte ett tal", s.trim())),
        Data::Bool(b) => Err(format!("\"{}\" är inte ett tal", if *b { "SANT" } else { "FALSKT" })),
        Data::DateTime(_) | Data::DateTimeIso(_) => Err("ett datum är inte ett tal".to_string()),
        Data::DurationIso(s) => Err(format!("\"{s}\" är inte ett tal")),
        Data::Error(e) => Err(format!("cellen innehåller felet {e}")),
    }
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => decimal_from_f64(*f).map(|d| d.to_string()).unwrap_or_else(|| f.to_string()),
        other => other.to_string().trim().to_string(),
    }
}

fn get(r: &Range<Data>, row: u32, col: u32) -> &Data {
    static EMPTY: Data = Data::Empty;
    r.get_value((row, col)).unwrap_or(&EMPTY)
}

/// Checks an amount of hours or kronor: not negative (hours) or above zero (costs).
/// The largest number of hours one region may expect for one lot in a year: far above any real
/// figure (a region's whole staff), low enough that every sum and value stays exact.
const MAX_HOURS: i64 = 1_000_000_000;
/// The largest personnel cost of one region, in kronor (a thousand billion).
const MAX_COST: i64 = 1_000_000_000_000_000;

fn check_hours(value: Decimal) -> Result<Decimal, String> {
    if value < Decimal::ZERO {
        Err(format!("{} timmar: antalet timmar kan inte vara negativt", value.normalize()))
    } else if value > Decimal::from(MAX_HOURS) {
        Err(format!(
            "{} timmar är orimligt många (högst {} timmar per region och anbudsområde)",
            crate::model::money::format_number(value),
            crate::model::money::format_number(Decimal::from(MAX_HOURS))
        ))
    } else {
        Ok(value)
    }
}

fn check_cost(value: Decimal) -> Result<Decimal, String> {
    if value <= Decimal::ZERO {
        Err(format!("personalkostnaden måste vara större än noll, inte {}", value.normalize()))
    } else if value > Decimal::from(MAX_COST) {
        Err(format!(
            "personalkostnaden {} är orimligt stor (högst {})",
            crate::model::money::format_sek(value),
            crate::model::money::format_sek(Decimal::from(MAX_COST))
        ))
    } else {
        Ok(value)
    }
}

enum LotColumn {
    Agreement(String),
    Shortage(String),
}

fn lot_column(p: &Procurement, header: &str) -> Result<LotColumn, String> {
    let code = header.split_whitespace().next().unwrap_or("");
    match p.lot(code) {
        Some(l) if l.shortage => Ok(LotColumn::Shortage(l.code.clone())),
        Some(l) => Ok(LotColumn::Agreement(l.code.clone())),
        None => Err(format!("okänt anbudsområde \"{header}\"; rubriken ska börja med en kod ur upphandlingen (L1, S1 …)")),
    }
}

/// Reads the input workbook (layout in `docs/projection.md`): the sheet `Timmar` with a header
/// row `Region | Arbetsplats | L1 | L2 …` and the sheet `Personalkostnad` with
/// `Region | Personalkostnad (kr)`. Every problem is reported with its sheet and cell.
pub fn read_input_xlsx(p: &Procurement, bytes: &[u8]) -> Result<ProjectionInput, InputError> {
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| InputError(vec![InputIssue::file(format!("filen är inte en läsbar .xlsx-arbetsbok: {e}"))]))?;
    let names = wb.sheet_names();
    let find = |wanted: &str| names.iter().find(|n| n.trim().eq_ignore_ascii_case(wanted)).cloned();
    let mut issues = Vec::new();
    let mut input = ProjectionInput::default();

    match find(HOURS_SHEET) {
        None => issues.push(InputIssue::sheet(HOURS_SHEET, "bladet saknas")),
        Some(name) => match wb.worksheet_range(&name) {
            Ok(r) => read_hours_sheet(p, &r, &mut input, &mut issues),
            Err(e) => issues.push(InputIssue::sheet(HOURS_SHEET, format!("bladet kan inte läsas: {e}"))),
        },
    }
    match find(COST_SHEET) {
        None => issues.push(InputIssue::sheet(COST_SHEET, "bladet saknas")),
        Some(name) => match wb.worksheet_range(&name) {
            Ok(r) => read_cost_sheet(p, &r, &mut input, &mut issues),
            Err(e) => issues.push(InputIssue::sheet(COST_SHEET, format!("bladet kan inte läsas: {e}"))),
        },
    }
    if issues.is_empty() {
        Ok(input)
    } else {
        Err(InputError(issues))
    }
}

fn read_hours_sheet(p: &Procurement, r: &Range<Data>, input: &mut ProjectionInput, issues: &mut Vec<InputIssue>) {
    let s = HOURS_SHEET;
    let Some((end_row, end_col)) = r.end() else {
        issues.push(InputIssue::sheet(s, "bladet är tomt"));
        return;
    };
    let mut region_col = None;
    let mut workplace_col = None;
    let mut lots: Vec<(u32, LotColumn)> = Vec::new();
    let mut seen_lots = BTreeMap::new();
    for col in 0..=end_col {
        let h = cell_text(get(r, 0, col));
        if h.is_empty() {
            continue;
        }
        match h.to_lowercase().as_str() {
            "region" | "regionkod" | "län" => region_col = Some(col),
            "arbetsplats" => workplace_col = Some(col),
            _ => match lot_column(p, &h) {
                Ok(lc) => {
                    let code = match &lc {
                        LotColumn::Agreement(c) | LotColumn::Shortage(c) => c.clone(),
                    };
                    if let Some(prev) = seen_lots.insert(code.clone(), col) {
                        issues.push(InputIssue::cell(
                            s,
                            0,
                            col,
                            format!("{code} finns redan i kolumn {}", cell_name(0, prev).trim_end_matches('1')),
                        ));
                    } else {
                        lots.push((col, lc));
                    }
                }
                Err(m) => issues.push(InputIssue::cell(s, 0, col, m)),
            },
        }
    }
    let Some(region_col) = region_col else {
        issues.push(InputIssue::cell(s, 0, 0, "kolumnen Region saknas i rubrikraden"));
        return;
    };
    if lots.is_empty() {
        issues.push(InputIssue::cell(s, 0, 0, "inga kolumner för anbudsområden (L1, S1 …) i rubrikraden"));
    }
    let mut rows_seen: BTreeMap<(String, Option<String>), u32> = BTreeMap::new();
    for row in 1..=end_row {
        let region_text = cell_text(get(r, row, region_col));
        let workplace = workplace_col.map(|c| cell_text(get(r, row, c))).filter(|w| !w.is_empty());
        let any_hours = lots.iter().any(|(c, _)| !cell_text(get(r, row, *c)).is_empty());
        if region_text.is_empty() && workplace.is_none() && !any_hours {
            continue;
        }
        let region = match parse_region(p, &region_text) {
            Ok(code) => Some(code),
            Err(m) => {
                issues.push(InputIssue::cell(s, row, region_col, m));
                None
            }
        };
        if let Some(code) = &region {
            let key = (code.clone(), workplace.as_ref().map(|w| w.to_lowercase()));
            if let Some(prev) = rows_seen.insert(key, row) {
                let what = match &workplace {
                    Some(w) => format!("{w} i {}", region_label(p, code)),
                    None => format!("{} utan arbetsplats", region_label(p, code)),
                };
                issues.push(InputIssue::cell(s, row, region_col, format!("{what} finns redan på rad {}", prev + 1)));
            }
        }
        for (col, lc) in &lots {
            let value = match cell_number(get(r, row, *col)).and_then(|v| v.map(check_hours).transpose()) {
                Ok(Some(v)) => v,
                Ok(None) => continue,
                Err(m) => {
                    issues.push(InputIssue::cell(s, row, *col, m));
                    continue;
                }
            };
            let Some(region) = &region else { continue };
            match lc {
                LotColumn::Agreement(code) => input.hours.push(HoursEntry {
                    region: region.clone(),
                    workplace: workplace.clone(),
                    lot: code.clone(),
                    hours: value,
                }),
                LotColumn::Shortage(code) if !value.is_zero() => input
                    .warnings
                    .push(format!("{s}!{}: {code} är ett bristområde utanför avtalet; timmarna räknas inte", cell_name(row, *col))),
                LotColumn::Shortage(_) => {}
            }
        }
    }
}

fn read_cost_sheet(p: &Procurement, r: &Range<Data>, input: &mut ProjectionInput, issues: &mut Vec<InputIssue>) {
    let s = COST_SHEET;
    let Some((end_row, end_col)) = r.end() else {
        issues.push(InputIssue::sheet(s, "bladet är tomt"));
        return;
    };
    let mut region_col = None;
    let mut cost_col = None;
    for col in 0..=end_col {
        let h = cell_text(get(r, 0, col)).to_lowercase();
        if h == "region" || h == "regionkod" {
            region_col = Some(col);
        } else if h.contains("kostnad") {
            cost_col.get_or_insert(col);
        }
    }
    let (Some(region_col), Some(cost_col)) = (region_col, cost_col) else {
        issues.push(InputIssue::cell(s, 0, 0, "rubrikraden ska ha kolumnerna Region och Personalkostnad (kr)"));
        return;
    };
    let mut rows_seen: BTreeMap<String, u32> = BTreeMap::new();
    for row in 1..=end_row {
        let region_text = cell_text(get(r, row, region_col));
        let cost_cell = get(r, row, cost_col);
        if region_text.is_empty() && cell_text(cost_cell).is_empty() {
            continue;
        }
        let region = match parse_region(p, &region_text) {
            Ok(code) => Some(code),
            Err(m) => {
                issues.push(InputIssue::cell(s, row, region_col, m));
                None
            }
        };
        let cost = match cell_number(cost_cell).and_then(|v| v.map(check_cost).transpose()) {
            Ok(v) => v,
            Err(m) => {
                issues.push(InputIssue::cell(s, row, cost_col, m));
                None
            }
        };
        let Some(region) = region else { continue };
        if let Some(prev) = rows_seen.insert(region.clone(), row) {
            issues.push(InputIssue::cell(s, row, region_col, format!("{} finns redan på rad {}", region_label(p, &region), prev + 1)));
            continue;
        }
        if let Some(cost) = cost {
            input.personnel_cost.insert(region, cost);
        }
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInput {
    year: Option<i32>,
    indicator_percent: Option<toml::Value>,
    #[serde(default)]
    region: Vec<RawRegionInput>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegionInput {
    code: toml::Value,
    personnel_cost: Option<toml::Value>,
    #[serde(default)]
    hours: toml::Table,
    #[serde(default)]
    workplace: Vec<RawWorkplaceInput>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorkplaceInput {
    name: String,
    #[serde(default)]
    hours: toml::Table,
}

fn toml_number(v: &toml::Value) -> Result<Decimal, String> {
    match v {
        toml::Value::Integer(i) => Ok(Decimal::from(*i)),
        toml::Value::Float(f) => decimal_from_f64(*f).ok_or_else(|| format!("{f} är inte ett tal")),
        toml::Value::String(s) => parse_swedish_number(s).ok_or_else(|| format!("\"{s}\" är inte ett tal")),
        other => Err(format!("{other} är inte ett tal")),
    }
}

/// Reads the TOML form of the input (layout in `docs/projection.md`); problems are named by key.
pub fn read_input_toml(p: &Procurement, text: &str) -> Result<ProjectionInput, InputError> {
    let raw: RawInput = toml::from_str(text).map_err(|e| {
        let at = e.span().map(|s| format!(" (rad {})", text[..s.start.min(text.len())].matches('\n').count() + 1)).unwrap_or_default();
        InputError(vec![InputIssue::file(format!("underlaget är inte giltig TOML: {}{at}", e.message().trim()))])
    })?;
    let mut issues = Vec::new();
    let mut input = ProjectionInput { year: raw.year, ..Default::default() };
    if let Some(v) = &raw.indicator_percent {
        match toml_number(v) {
            Ok(d) if d > Decimal::ZERO && d <= Decimal::ONE_HUNDRED => input.indicator_percent = Some(d),
            Ok(d) => issues.push(InputIssue::key("indicator_percent", format!("{d} % är ingen rimlig indikator (över 0, högst 100)"))),
            Err(m) => issues.push(InputIssue::key("indicator_percent", m)),
        }
    }
    let mut seen = BTreeSet::new();
    for (i, r) in raw.region.iter().enumerate() {
        let code_text = match &r.code {
            toml::Value::String(s) => s.clone(),
            toml::Value::Integer(n) => n.to_string(),
            other => other.to_string(),
        };
        let region = match parse_region(p, &code_text) {
            Ok(c) => {
                if !seen.insert(c.clone()) {
                    issues.push(InputIssue::key(format!("region[{i}].code"), format!("{} anges två gånger", region_label(p, &c))));
                }
                Some(c)
            }
            Err(m) => {
                issues.push(InputIssue::key(format!("region[{i}].code"), m));
                None
            }
        };
        if let Some(v) = &r.personnel_cost {
            match toml_number(v).and_then(check_cost) {
                Ok(c) => {
                    if let Some(code) = &region {
                        input.personnel_cost.insert(code.clone(), c);
                    }
                }
                Err(m) => issues.push(InputIssue::key(format!("region[{i}].personnel_cost"), m)),
            }
        }
        let mut tables: Vec<(String, Option<String>, &toml::Table)> = vec![(format!("region[{i}].hours"), None, &r.hours)];
        let mut wp_seen = BTreeSet::new();
        for (wi, w) in r.workplace.iter().enumerate() {
            let name = w.name.trim().to_string();
            if name.is_empty() {
                issues.push(InputIssue::key(format!("region[{i}].workplace[{wi}].name"), "arbetsplatsens namn saknas"));
                continue;
            }
            if !wp_seen.insert(name.to_lowercase()) {
                issues.push(InputIssue::key(format!("region[{i}].workplace[{wi}].name"), format!("{name} anges två gånger")));
            }
            tables.push((format!("region[{i}].workplace[{wi}].hours"), Some(name), &w.hours));
        }
        for (key, workplace, table) in tables {
            for (lot_text, v) in table {
                let k = format!("{key}.{lot_text}");
                let hours = match toml_number(v).and_then(check_hours) {
                    Ok(h) => h,
                    Err(m) => {
                        issues.push(InputIssue::key(k, m));
                        continue;
                    }
                };
                match lot_column(p, lot_text) {
                    Ok(LotColumn::Agreement(code)) => {
                        if let Some(region) = &region {
                            input.hours.push(HoursEntry { region: region.clone(), workplace: workplace.clone(), lot: code, hours });
                        }
                    }
                    Ok(LotColumn::Shortage(code)) => {
                        if !hours.is_zero() {
                            input.warnings.push(format!("{k}: {code} är ett bristområde utanför avtalet; timmarna räknas inte"));
                        }
                    }
                    Err(m) => issues.push(InputIssue::key(k, m)),
                }
            }
        }
    }
    if issues.is_empty() {
        Ok(input)
    } else {
        Err(InputError(issues))
    }
}

/// Writes a blank input workbook for a procurement: `Timmar` with a row per participating region
/// and per workplace with a zone of its own, a column per lot of the agreement; `Personalkostnad`
/// with a row per region; `Anvisningar` with how to fill it in.
pub fn write_input_template(p: &Procurement, path: &Path) -> Result<(), String> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let num = Format::new().set_num_format("#,##0");
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    {
        let ws = wb.add_worksheet().set_name(HOURS_SHEET).map_err(e)?;
        ws.write_string_with_format(0, 0, "Region", &bold).map_err(e)?;
        ws.write_string_with_format(0, 1, "Arbetsplats", &bold).map_err(e)?;
        for (i, l) in p.agreement_lots().enumerate() {
            ws.write_string_with_format(0, 2 + i as u16, format!("{} {}", l.code, l.name), &bold).map_err(e)?;
            ws.set_column_width(2 + i as u16, 16).map_err(e)?;
            ws.set_column_format(2 + i as u16, &num).map_err(e)?;
        }
        ws.set_column_width(0, 32).map_err(e)?;
        ws.set_column_width(1, 28).map_err(e)?;
        let mut row = 1;
        for r in &p.regions {
            ws.write_string(row, 0, format!("{} {}", r.code, r.name)).map_err(e)?;
            row += 1;
            for w in p.zones.workplaces.iter().filter(|w| w.region == r.code) {
                ws.write_string(row, 0, format!("{} {}", r.code, r.name)).map_err(e)?;
                ws.write_string(row, 1, &w.name).map_err(e)?;
                row += 1;
            }
        }
        ws.set_freeze_panes(1, 2).map_err(e)?;
    }
    {
        let ws = wb.add_worksheet().set_name(COST_SHEET).map_err(e)?;
        ws.write_string_with_format(0, 0, "Region", &bold).map_err(e)?;
        ws.write_string_with_format(0, 1, "Personalkostnad (kr)", &bold).map_err(e)?;
        ws.set_column_width(0, 32).map_err(e)?;
        ws.set_column_width(1, 24).map_err(e)?;
        ws.set_column_format(1, &num).map_err(e)?;
        for (i, r) in p.regions.iter().enumerate() {
            ws.write_string(1 + i as u32, 0, format!("{} {}", r.code, r.name)).map_err(e)?;
        }
    }
    {
        let ws = wb.add_worksheet().set_name("Anvisningar").map_err(e)?;
        let lines = [
            format!("Underlag för kostnadsprognos – {} ({})", p.name, p.id),
            String::new(),
            "Timmar: förväntade timmar under ett helt kalenderår per region och anbudsområde.".to_string(),
            "Lämna Arbetsplats tom för regionen i övrigt; ange en arbetsplats för timmar där den har en egen zon.".to_string(),
            "Tomma celler räknas som noll timmar. Timmar får inte vara negativa.".to_string(),
            "Personalkostnad: regionens totala personalkostnad inom hälso- och sjukvård för året, i kronor.".to_string(),
            "Regioner räknas från sitt anslutningsdatum (successiv anslutning), i proportion till dagarna.".to_string(),
        ];
        for (i, l) in lines.iter().enumerate() {
            ws.write_string(i as u32, 0, l).map_err(e)?;
        }
        ws.set_column_width(0, 100).map_err(e)?;
    }
    wb.save(path).map_err(|err| format!("{}: {err}", path.display()))
}

// ---------------------------------------------------------------------------------------------
// The projection

mod dec2 {
    use rust_decimal::Decimal;
    pub fn serialize<S: serde::Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::model::money::to_money_string(*v))
    }
}

mod opt_dec2 {
    use rust_decimal::Decimal;
    pub fn serialize<S: serde::Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(d) => s.serialize_str(&crate::model::money::to_money_string(*d)),
            None => s.serialize_none(),
        }
    }
}

mod dec_plain {
    use rust_decimal::Decimal;
    pub fn serialize<S: serde::Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.normalize().to_string())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ProcurementRef {
    pub id: String,
    pub name: String,
}

/// One cell of a region's projection: a lot in a zone (a region's workplaces may lie in other
/// zones than the region).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct LotProjection {
    pub lot: String,
    pub zone: u8,
    /// Expected hours for the whole year, as given.
    #[serde(with = "dec2")]
    #[ts(type = "string")]
    pub hours: Decimal,
    /// The hours that count: `hours × counted days ÷ days of the year`, shown to two decimals.
    #[serde(with = "dec2")]
    #[ts(type = "string")]
    pub counted_hours: Decimal,
    #[serde(with = "dec2")]
    #[ts(type = "string")]
    pub price: Decimal,
    /// `hours × price × counted days ÷ days of the year`, rounded to öre, half away from zero.
    #[serde(with = "dec2")]
    #[ts(type = "string")]
    pub value: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RegionProjection {
    pub code: String,
    pub name: String,
    /// The region's own zone (its workplaces may have others).
    pub zone: Option<u8>,
    #[ts(type = "string | null")]
    pub joins: Option<NaiveDate>,
    /// The first and last day counted in the year; `None` when no day is counted.
    #[ts(type = "string | null")]
    pub counted_from: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub counted_to: Option<NaiveDate>,
    pub counted_days: u32,
    pub year_days: u32,
    #[serde(with = "dec2")]
    #[ts(type = "string")]
    pub hours: Decimal,
    #[serde(with = "dec2")]
    #[ts(type = "string")]
    pub counted_hours: Decimal,
    #[serde(with = "dec2")]
    #[ts(type = "string")]
    pub value: Decimal,
    /// The region's personnel cost for the whole year, as given.
    #[serde(with = "opt_dec2")]
    #[ts(type = "string | null")]
    pub personnel_cost: Option<Decimal>,
    /// The part of it for the counted days (cost × counted days ÷ days in the year, shown to
    /// öre): what the agreement's value is set against, so a region that joins during the year
    /// is compared over the same days as its hours are counted.
    #[serde(with = "opt_dec2")]
    #[ts(type = "string | null")]
    pub counted_personnel_cost: Option<Decimal>,
    /// The indicator as an amount: counted personnel cost × indicator ÷ 100, to öre.
    #[serde(with = "opt_dec2")]
    #[ts(type = "string | null")]
    pub indicator_amount: Option<Decimal>,
    /// value ÷ counted personnel cost × 100, to two decimals, half away from zero (display
    /// only); `None` without a cost or when no day of the year is counted.
    #[serde(with = "opt_dec2")]
    #[ts(type = "string | null")]
    pub share_percent: Option<Decimal>,
    /// value × 100 > counted personnel cost × indicator, compared exactly; `None` as the share.
    pub above_indicator: Option<bool>,
    /// The counted personnel cost unrounded, for the exact comparisons (not serialized).
    #[serde(skip)]
    pub exact_counted_cost: Option<Decimal>,
    pub lots: Vec<LotProjection>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ZoneProjection {
    pub number: u8,
    pub name: String,
    #[serde(with = "dec2")]
    #[ts(type = "string")]
    pub counted_hours: Decimal,
    #[serde(with = "dec2")]
    #[ts(type = "string")]
    pub value: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct TotalProjection {
    #[serde(with = "dec2")]
    #[ts(type = "string")]
    pub hours: Decimal,
    #[serde(with = "dec2")]
    #[ts(type = "string")]
    pub counted_hours: Decimal,
    #[serde(with = "dec2")]
    #[ts(type = "string")]
    pub value: Decimal,
    /// The sum of the personnel costs given (whole years).
    #[serde(with = "opt_dec2")]
    #[ts(type = "string | null")]
    pub personnel_cost: Option<Decimal>,
    /// The sum of the counted personnel costs of the regions with a share.
    #[serde(with = "opt_dec2")]
    #[ts(type = "string | null")]
    pub counted_personnel_cost: Option<Decimal>,
    /// The value of the regions with a share against the sum of their counted costs.
    #[serde(with = "opt_dec2")]
    #[ts(type = "string | null")]
    pub share_percent: Option<Decimal>,
    pub above_indicator: Option<bool>,
}

/// The agreement's projected value for one calendar year.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Projection {
    pub procurement: ProcurementRef,
    pub year: i32,
    #[serde(with = "dec_plain")]
    #[ts(type = "string")]
    pub indicator_percent: Decimal,
    pub regions: Vec<RegionProjection>,
    pub zones: Vec<ZoneProjection>,
    pub total: TotalProjection,
    pub warnings: Vec<String>,
}

/// The year a projection is for when none is named: the agreement's first year.
pub fn default_year(p: &Procurement) -> Option<i32> {
    p.agreement_start.map(|d| d.year())
}

fn year_days(year: i32) -> u32 {
    if NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
        366
    } else {
        365
    }
}

/// The days of `year` a region counts: from the later of its joins date and the agreement's
/// start, to the agreement's end, both inclusive, within the year.
pub fn counted_period(p: &Procurement, joins: Option<NaiveDate>, year: i32) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1)?;
    let last = NaiveDate::from_ymd_opt(year, 12, 31)?;
    let from = [Some(first), joins, p.agreement_start].into_iter().flatten().max()?;
    let to = [Some(last), p.agreement_end].into_iter().flatten().min()?;
    (from <= to).then_some((from, to))
}

fn share(value: Decimal, cost: Decimal) -> Decimal {
    round_half_away(value * Decimal::ONE_HUNDRED / cost, 2)
}

/// Projects the input through the procurement's zones and prices for one calendar year.
///
/// Hours for a region that does not take part, or a lot without a price in the zone, are not
/// counted and produce a warning (input read by [`read_input`] has neither).
pub fn project(p: &Procurement, input: &ProjectionInput, year: i32) -> Projection {
    let indicator = input.indicator_percent.unwrap_or_else(default_indicator_percent);
    let ydays = year_days(year);
    let mut warnings = input.warnings.clone();
    if let (Some(s), Some(e)) = (p.agreement_start, p.agreement_end) {
        if year < s.year() || year > e.year() {
            warnings.push(format!("år {year} ligger utanför avtalsperioden {s}–{e}; inga timmar räknas"));
        }
    }

    // Sum the hours per (region, lot, zone), resolving each entry's zone and price once.
    let mut cells: BTreeMap<(&str, &str, u8), (Decimal, Decimal)> = BTreeMap::new();
    let mut hours_by_region: BTreeMap<&str, Decimal> = BTreeMap::new();
    for e in &input.hours {
        if p.region(&e.region).is_none() {
            warnings.push(format!("regionen {} deltar inte i upphandlingen; timmarna räknas inte", e.region));
            continue;
        }
        match p.resolve_price(&e.region, e.workplace.as_deref(), &e.lot) {
            Some((zone, price)) => {
                let cell = cells.entry((e.region.as_str(), e.lot.as_str(), zone)).or_insert((Decimal::ZERO, price));
                cell.0 += e.hours;
                *hours_by_region.entry(e.region.as_str()).or_default() += e.hours;
            }
            None => warnings.push(format!(
                "{} {}: inget pris för {}; timmarna räknas inte",
                region_label(p, &e.region),
                e.workplace.as_deref().unwrap_or(""),
                e.lot
            )),
        }
    }

    let mut zone_sums: BTreeMap<u8, (Decimal, Decimal)> = BTreeMap::new();
    let mut regions = Vec::new();
    let lot_order = |code: &str| p.lots.iter().position(|l| l.code == code).unwrap_or(usize::MAX);
    for r in &p.regions {
        let period = counted_period(p, r.joins, year);
        let days = period.map(|(f, t)| ((t - f).num_days() + 1) as u32).unwrap_or(0);
        let d = Decimal::from(days);
        let yd = Decimal::from(ydays);
        let mut lots = Vec::new();
        for (&(region, lot, zone), &(hours, price)) in cells.range((r.code.as_str(), "", 0)..) {
            if region != r.code {
                break;
            }
            // The one rounding point: each cell's value, to öre, half away from zero.
            let value = round_half_away(hours * price * d / yd, 2);
            let counted_hours = hours * d / yd;
            let z = zone_sums.entry(zone).or_default();
            z.0 += counted_hours;
            z.1 += value;
            lots.push(LotProjection {
                lot: lot.to_string(),
                zone,
                hours,
                counted_hours: round_half_away(counted_hours, 2),
                price,
                value,
            });
        }
        lots.sort_by_key(|l| (lot_order(&l.lot), l.zone));
        let value: Decimal = lots.iter().map(|l| l.value).sum();
        let hours = hours_by_region.get(r.code.as_str()).copied().unwrap_or_default();
        let counted_hours = round_half_away(hours * d / yd, 2);
        let cost = input.personnel_cost.get(&r.code).copied();
        // Exact, for the comparison; `None` when no day is counted (nothing to set against).
        let counted_cost = cost.filter(|_| days > 0).map(|c| c * d / yd);
        if cost.is_none() && !hours.is_zero() {
            warnings.push(format!(
                "{} ({}) har timmar men ingen personalkostnad; andelen kan inte räknas",
                region_label(p, &r.code),
                r.code
            ));
        }
        regions.push(RegionProjection {
            code: r.code.clone(),
            name: region_label(p, &r.code),
            zone: p.zones.zone_for(&r.code, None),
            joins: r.joins,
            counted_from: period.map(|x| x.0),
            counted_to: period.map(|x| x.1),
            counted_days: days,
            year_days: ydays,
            hours,
            counted_hours,
            value,
            personnel_cost: cost,
            counted_personnel_cost: counted_cost.map(|c| round_half_away(c, 2)),
            indicator_amount: counted_cost.map(|c| round_half_away(c * indicator / Decimal::ONE_HUNDRED, 2)),
            share_percent: counted_cost.map(|c| share(value, c)),
            above_indicator: counted_cost.map(|c| value * Decimal::ONE_HUNDRED > c * indicator),
            exact_counted_cost: counted_cost,
            lots,
        });
    }

    let mut zone_list: Vec<_> = p.zones.zones.iter().collect();
    zone_list.sort_by_key(|z| z.number);
    let zones = zone_list
        .iter()
        .map(|z| {
            let (h, v) = zone_sums.get(&z.number).copied().unwrap_or_default();
            ZoneProjection {
                number: z.number,
                name: z.name.clone(),
                counted_hours: round_half_away(h, 2),
                value: v,
            }
        })
        .collect();

    let total_value: Decimal = regions.iter().map(|r| r.value).sum();
    let given: Vec<_> = regions.iter().filter(|r| r.personnel_cost.is_some()).collect();
    let cost_sum: Option<Decimal> = (!given.is_empty()).then(|| given.iter().filter_map(|r| r.personnel_cost).sum());
    let with_share: Vec<_> = regions.iter().filter(|r| r.exact_counted_cost.is_some()).collect();
    let counted_sum: Option<Decimal> = (!with_share.is_empty()).then(|| with_share.iter().filter_map(|r| r.exact_counted_cost).sum());
    let value_with_cost: Decimal = with_share.iter().map(|r| r.value).sum();
    let total = TotalProjection {
        hours: regions.iter().map(|r| r.hours).sum(),
        counted_hours: round_half_away(zone_sums.values().map(|z| z.0).sum(), 2),
        value: total_value,
        personnel_cost: cost_sum,
        counted_personnel_cost: counted_sum.map(|c| round_half_away(c, 2)),
        share_percent: counted_sum.filter(|c| !c.is_zero()).map(|c| share(value_with_cost, c)),
        above_indicator: counted_sum.filter(|c| !c.is_zero()).map(|c| value_with_cost * Decimal::ONE_HUNDRED > c * indicator),
    };
    Projection {
        procurement: ProcurementRef { id: p.id.clone(), name: p.name.clone() },
        year,
        indicator_percent: indicator,
        regions,
        zones,
        total,
        warnings,
    }
}

fn kr(v: Decimal) -> String {
    format_decimal(v, 2)
}

fn pct(v: Decimal) -> String {
    format!("{} %", format_decimal(v, 2))
}

fn pad_right(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(s.chars().count())))
}

fn pad_left(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(s.chars().count())))
}

/// Lays out rows of cells; the first `left` columns are left-aligned, the rest right-aligned.
fn layout(rows: &[Vec<String>], left: usize) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let align: Vec<bool> = (0..cols).map(|i| i < left).collect();
    layout_with_alignment(rows, &align)
}

impl Projection {
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).expect("a projection serializes")
    }

    /// A readable Swedish table: per region, per zone and in total, flagged above the indicator.
    pub fn table(&self) -> String {
        let ind = format_decimal(self.indicator_percent, self.indicator_percent.normalize().scale());
        let mut out = format!("Kostnadsprognos {} – {} ({})\n", self.year, self.procurement.name, self.procurement.id);
        out.push_str(&format!(
            "Förväntade timmar gånger avtalets priser, kronor exklusive moms. Regioner räknas från sitt\n\
             anslutningsdatum, i proportion till dagarna, och andelen jämför värdet med personalkostnaden\n\
             för samma dagar. Indikator: högst {ind} % av personalkostnaden.\n\n"
        ));
        let mut rows = vec![vec![
            "Region".to_string(),
            "Zon".to_string(),
            "Ansluter".to_string(),
            "Dagar".to_string(),
            "Räknade timmar".to_string(),
            "Värde (kr)".to_string(),
            "Personalkostnad år (kr)".to_string(),
            "för dagarna (kr)".to_string(),
            "Andel".to_string(),
            String::new(),
        ]];
        for r in &self.regions {
            rows.push(vec![
                format!("{} {}", r.code, r.name),
                r.zone.map(|z| z.to_string()).unwrap_or_default(),
                r.joins.map(|d| d.to_string()).unwrap_or_else(|| "–".to_string()),
                format!("{}/{}", r.counted_days, r.year_days),
                format_decimal(r.counted_hours, 2),
                kr(r.value),
                r.personnel_cost.map(kr).unwrap_or_else(|| "–".to_string()),
                r.counted_personnel_cost.map(kr).unwrap_or_else(|| "–".to_string()),
                r.share_percent.map(pct).unwrap_or_else(|| "–".to_string()),
                if r.above_indicator == Some(true) { format!("över {ind} %") } else { String::new() },
            ]);
        }
        let t = &self.total;
        rows.push(vec![
            "Totalt".to_string(),
            String::new(),
            String::new(),
            String::new(),
            format_decimal(t.counted_hours, 2),
            kr(t.value),
            t.personnel_cost.map(kr).unwrap_or_else(|| "–".to_string()),
            t.counted_personnel_cost.map(kr).unwrap_or_else(|| "–".to_string()),
            t.share_percent.map(pct).unwrap_or_else(|| "–".to_string()),
            if t.above_indicator == Some(true) { format!("över {ind} %") } else { String::new() },
        ]);
        out.push_str(&layout_with_alignment(&rows, &[true, false, true, false, false, false, false, false, false, true]));

        out.push_str("\nPer zon\n");
        let mut zrows = vec![vec!["Zon".to_string(), "Timmar".to_string(), "Värde (kr)".to_string()]];
        for z in &self.zones {
            zrows.push(vec![z.name.clone(), format_decimal(z.counted_hours, 2), kr(z.value)]);
        }
        zrows.push(vec!["Totalt".to_string(), format_decimal(t.counted_hours, 2), kr(t.value)]);
        out.push_str(&layout(&zrows, 1));

        let above: Vec<_> = self.regions.iter().filter(|r| r.above_indicator == Some(true)).collect();
        out.push('\n');
        if above.is_empty() {
            out.push_str(&format!("Ingen region ligger över {ind} % av sin personalkostnad.\n"));
        } else {
            out.push_str(&format!(
                "Över {ind} % av personalkostnaden: {}.\n",
                above
                    .iter()
                    .map(|r| format!("{} ({})", r.name, r.share_percent.map(pct).unwrap_or_default()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if !self.warnings.is_empty() {
            out.push_str("\nVarningar\n");
            for w in &self.warnings {
                out.push_str(&format!("  {w}\n"));
            }
        }
        out
    }
}

fn layout_with_alignment(rows: &[Vec<String>], left: &[bool]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> =
        (0..cols).map(|c| rows.iter().filter_map(|r| r.get(c)).map(|s| s.chars().count()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for r in rows {
        let line: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, s)| if left.get(i).copied().unwrap_or(false) { pad_right(s, widths[i]) } else { pad_left(s, widths[i]) })
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

// ---------------------------------------------------------------------------------------------
// What-if

/// A change to try on a copy of the procurement.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Change {
    /// Move a region to another zone (its workplaces with a zone of their own keep theirs).
    MoveRegion { region: String, zone: u8 },
    /// Move a workplace to another zone. Without a region, the workplace is found by name among
    /// the definition's workplaces, else among the input's.
    MoveWorkplace { region: Option<String>, name: String, zone: u8 },
    /// Change a zone's factor; prices derived by factors are derived again.
    Factor {
        zone: u8,
        #[ts(type = "string")]
        factor: Decimal,
    },
}

fn split_assignment(text: &str) -> Result<(&str, &str), String> {
    text.rsplit_once('=')
        .map(|(a, b)| (a.trim().trim_matches('"'), b.trim()))
        .filter(|(a, b)| !a.is_empty() && !b.is_empty())
        .ok_or_else(|| format!("\"{text}\" ska skrivas VAD=VÄRDE"))
}

fn parse_zone_number(text: &str) -> Result<u8, String> {
    let t = text.trim();
    let t = t.strip_prefix("zon").or_else(|| t.strip_prefix("Zon")).unwrap_or(t).trim();
    t.parse::<u8>().map_err(|_| format!("\"{text}\" är inget zonnummer"))
}

impl Change {
    /// `--move-region 20=5` (a county code or a region's name).
    pub fn parse_move_region(text: &str) -> Result<Change, String> {
        let (region, zone) = split_assignment(text)?;
        let code = if region.len() <= 2 && region.chars().all(|c| c.is_ascii_digit()) {
            format!("{region:0>2}")
        } else {
            region_by_name(region).map(str::to_string).ok_or_else(|| format!("okänd region \"{region}\""))?
        };
        Ok(Change::MoveRegion { region: code, zone: parse_zone_number(zone)? })
    }

    /// `--move-workplace "Vårdcentralen Idre"=4` or, to name the region, `"20:Vårdcentralen Särna"=6`.
    pub fn parse_move_workplace(text: &str) -> Result<Change, String> {
        let (what, zone) = split_assignment(text)?;
        let zone = parse_zone_number(zone)?;
        if let Some((r, name)) = what.split_once(':') {
            let r = r.trim();
            if r.len() <= 2 && !r.is_empty() && r.chars().all(|c| c.is_ascii_digit()) && !name.trim().is_empty() {
                return Ok(Change::MoveWorkplace { region: Some(format!("{r:0>2}")), name: name.trim().to_string(), zone });
            }
        }
        Ok(Change::MoveWorkplace { region: None, name: what.to_string(), zone })
    }

    /// `--factor 3=1.12` (or `1,12`).
    pub fn parse_factor(text: &str) -> Result<Change, String> {
        let (zone, factor) = split_assignment(text)?;
        let factor = parse_swedish_number(factor).ok_or_else(|| format!("\"{factor}\" är inte ett tal"))?;
        if factor <= Decimal::ZERO || factor > Decimal::TEN {
            return Err(format!("faktorn {factor} ska vara större än 0 och högst 10"));
        }
        Ok(Change::Factor { zone: parse_zone_number(zone)?, factor })
    }
}

/// Applies the changes to a copy of the procurement; the original is not touched. Returns the
/// copy, a Swedish description of each change and warnings (a zone left without regions, prices
/// that now fall as the zone number rises), or every reason the changes cannot be made.
pub fn apply_changes(
    p: &Procurement,
    input: &ProjectionInput,
    changes: &[Change],
) -> Result<(Procurement, Vec<String>, Vec<String>), Vec<String>> {
    let mut q = p.clone();
    let mut errors = Vec::new();
    let mut done = Vec::new();
    let mut warnings = Vec::new();
    let mut factor_changed = false;
    for c in changes {
        match c {
            Change::MoveRegion { region, zone } => {
                if q.region(region).is_none() {
                    errors.push(format!("regionen {region} deltar inte i upphandlingen"));
                    continue;
                }
                if !q.zones.has_zone(*zone) {
                    errors.push(format!("zon {zone} finns inte"));
                    continue;
                }
                let from = q.zones.zone_for(region, None);
                for z in &mut q.zones.zones {
                    z.regions.retain(|r| r != region);
                }
                if let Some(z) = q.zones.zones.iter_mut().find(|z| z.number == *zone) {
                    z.regions.push(region.clone());
                }
                done.push(format!(
                    "{} flyttas från zon {} till zon {zone}",
                    region_label(p, region),
                    from.map(|z| z.to_string()).unwrap_or_else(|| "–".into())
                ));
            }
            Change::MoveWorkplace { region, name, zone } => {
                if !q.zones.has_zone(*zone) {
                    errors.push(format!("zon {zone} finns inte"));
                    continue;
                }
                let key = name.trim().to_lowercase();
                let defined: Vec<usize> = q
                    .zones
                    .workplaces
                    .iter()
                    .enumerate()
                    .filter(|(_, w)| w.name.trim().to_lowercase() == key && region.as_ref().is_none_or(|r| &w.region == r))
                    .map(|(i, _)| i)
                    .collect();
                let target_region = match (defined.as_slice(), region) {
                    ([i], _) => Some(q.zones.workplaces[*i].region.clone()),
                    ([], Some(r)) => Some(r.clone()),
                    ([], None) => {
                        let in_input: BTreeSet<&str> = input
                            .hours
                            .iter()
                            .filter(|e| e.workplace.as_deref().is_some_and(|w| w.trim().to_lowercase() == key))
                            .map(|e| e.region.as_str())
                            .collect();
                        match in_input.len() {
                            1 => in_input.into_iter().next().map(str::to_string),
                            0 => {
                                errors.push(format!(
                                    "arbetsplatsen \"{name}\" finns varken i upphandlingen eller i underlaget; ange regionen som \"20:{name}\""
                                ));
                                None
                            }
                            _ => {
                                errors
                                    .push(format!("arbetsplatsen \"{name}\" finns i flera regioner; ange regionen som \"20:{name}\""));
                                None
                            }
                        }
                    }
                    (_, _) => {
                        errors.push(format!("arbetsplatsen \"{name}\" finns i flera regioner; ange regionen som \"20:{name}\""));
                        None
                    }
                };
                let Some(target_region) = target_region else { continue };
                if q.region(&target_region).is_none() {
                    errors.push(format!("regionen {target_region} deltar inte i upphandlingen"));
                    continue;
                }
                let from = q.zones.zone_for(&target_region, Some(name));
                match defined.first() {
                    Some(i) => q.zones.workplaces[*i].zone = *zone,
                    None => q.zones.workplaces.push(Workplace {
                        name: name.trim().to_string(),
                        region: target_region.clone(),
                        zone: *zone,
                    }),
                }
                done.push(format!(
                    "{} ({}) flyttas från zon {} till zon {zone}",
                    name.trim(),
                    region_label(p, &target_region),
                    from.map(|z| z.to_string()).unwrap_or_else(|| "–".into())
                ));
            }
            Change::Factor { zone, factor } => {
                if *factor <= Decimal::ZERO {
                    errors.push(format!("faktorn för zon {zone} måste vara större än noll"));
                    continue;
                }
                let explicit: Vec<&str> =
                    q.lots.iter().filter(|l| !l.shortage && l.base_price.is_none()).map(|l| l.code.as_str()).collect();
                if !explicit.is_empty() {
                    errors.push(format!(
                        "faktorn kan inte ändras: priserna för {} anges uttryckligen, inte med faktorer",
                        explicit.join(", ")
                    ));
                    continue;
                }
                let Some(z) = q.zones.zones.iter_mut().find(|z| z.number == *zone) else {
                    errors.push(format!("zon {zone} finns inte"));
                    continue;
                };
                let old = z.factor;
                z.factor = Some(*factor);
                factor_changed = true;
                done.push(format!(
                    "faktorn för zon {zone} ändras från {} till {}",
                    old.map(|f| format_decimal(f, f.scale().max(2))).unwrap_or_else(|| "–".into()),
                    format_decimal(*factor, factor.scale().max(2))
                ));
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if factor_changed {
        for (lot, zone) in q.rederive_prices() {
            warnings.push(format!("{lot} zon {zone}: ingen faktor; inget pris"));
        }
        for lot in q.agreement_lots() {
            let mut prev: Option<(u8, Decimal)> = None;
            let mut zs: Vec<u8> = q.zones.numbers().collect();
            zs.sort();
            for z in zs {
                let Some(price) = q.prices.get(&lot.code, z) else { continue };
                if let Some((pz, pp)) = prev {
                    if price < pp {
                        warnings.push(format!(
                            "{}: priset sjunker från {} i zon {pz} till {} i zon {z}",
                            lot.code,
                            format_decimal(pp, 0),
                            format_decimal(price, 0)
                        ));
                    }
                }
                prev = Some((z, price));
            }
        }
    }
    for z in &q.zones.zones {
        if z.regions.is_empty() {
            warnings.push(format!("zon {} har ingen region kvar", z.number));
        }
    }
    Ok((q, done, warnings))
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RegionChange {
    pub code: String,
    pub name: String,
    pub zone_before: Option<u8>,
    pub zone_after: Option<u8>,
    #[serde(with = "dec2")]
    #[ts(type = "string")]
    pub value_before: Decimal,
    #[serde(with = "dec2")]
    #[ts(type = "string")]
    pub value_after: Decimal,
    #[serde(with = "dec2")]
    #[ts(type = "string")]
    pub change: Decimal,
    #[serde(with = "opt_dec2")]
    #[ts(type = "string | null")]
    pub share_before: Option<Decimal>,
    #[serde(with = "opt_dec2")]
    #[ts(type = "string | null")]
    pub share_after: Option<Decimal>,
    pub above_before: Option<bool>,
    pub above_after: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ZoneChange {
    pub number: u8,
    #[serde(with = "dec2")]
    #[ts(type = "string")]
    pub value_before: Decimal,
    #[serde(with = "dec2")]
    #[ts(type = "string")]
    pub value_after: Decimal,
    #[serde(with = "dec2")]
    #[ts(type = "string")]
    pub change: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct TotalChange {
    #[serde(with = "dec2")]
    #[ts(type = "string")]
    pub value_before: Decimal,
    #[serde(with = "dec2")]
    #[ts(type = "string")]
    pub value_after: Decimal,
    #[serde(with = "dec2")]
    #[ts(type = "string")]
    pub change: Decimal,
    #[serde(with = "opt_dec2")]
    #[ts(type = "string | null")]
    pub share_before: Option<Decimal>,
    #[serde(with = "opt_dec2")]
    #[ts(type = "string | null")]
    pub share_after: Option<Decimal>,
}

/// The saved procurement's projection against the projection with the changes.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct WhatIf {
    pub changes: Vec<String>,
    pub regions: Vec<RegionChange>,
    pub zones: Vec<ZoneChange>,
    pub total: TotalChange,
    pub warnings: Vec<String>,
    /// The full projection with the changes.
    pub projection: Projection,
}

/// Projects with and without the changes. The procurement is not changed: the changes are
/// made on a copy.
pub fn what_if(p: &Procurement, input: &ProjectionInput, year: i32, changes: &[Change]) -> Result<(Projection, WhatIf), Vec<String>> {
    let (changed, done, warnings) = apply_changes(p, input, changes)?;
    let before = project(p, input, year);
    let after = project(&changed, input, year);
    Ok((before.clone(), compare(&before, after, done, warnings)))
}

/// Compares two projections of the same input (region by region, zone by zone, in total).
pub fn compare(before: &Projection, after: Projection, changes: Vec<String>, warnings: Vec<String>) -> WhatIf {
    let regions = before
        .regions
        .iter()
        .map(|b| {
            let a = after.regions.iter().find(|a| a.code == b.code);
            let value_after = a.map(|a| a.value).unwrap_or_default();
            RegionChange {
                code: b.code.clone(),
                name: b.name.clone(),
                zone_before: b.zone,
                zone_after: a.and_then(|a| a.zone),
                value_before: b.value,
                value_after,
                change: value_after - b.value,
                share_before: b.share_percent,
                share_after: a.and_then(|a| a.share_percent),
                above_before: b.above_indicator,
                above_after: a.and_then(|a| a.above_indicator),
            }
        })
        .collect();
    let zones = before
        .zones
        .iter()
        .map(|b| {
            let value_after = after.zones.iter().find(|a| a.number == b.number).map(|a| a.value).unwrap_or_default();
            ZoneChange {
                number: b.number,
                value_before: b.value,
                value_after,
                change: value_after - b.value,
            }
        })
        .collect();
    let total = TotalChange {
        value_before: before.total.value,
        value_after: after.total.value,
        change: after.total.value - before.total.value,
        share_before: before.total.share_percent,
        share_after: after.total.share_percent,
    };
    WhatIf { changes, regions, zones, total, warnings, projection: after }
}

fn signed(v: Decimal) -> String {
    if v > Decimal::ZERO {
        format!("+{}", kr(v))
    } else {
        kr(v)
    }
}

impl WhatIf {
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).expect("a what-if serializes")
    }

    /// A readable Swedish table of the change per region (those that change) and in total.
    pub fn table(&self) -> String {
        let mut out = String::from("Tänkt ändring (den sparade upphandlingen ändras inte)\n");
        for c in &self.changes {
            out.push_str(&format!("  {c}\n"));
        }
        out.push('\n');
        let mut rows = vec![vec![
            "Region".to_string(),
            "Zon före".to_string(),
            "Zon efter".to_string(),
            "Värde före (kr)".to_string(),
            "Värde efter (kr)".to_string(),
            "Förändring (kr)".to_string(),
            "Andel före".to_string(),
            "Andel efter".to_string(),
        ]];
        let opt = |v: Option<u8>| v.map(|z| z.to_string()).unwrap_or_else(|| "–".into());
        let optp = |v: Option<Decimal>| v.map(pct).unwrap_or_else(|| "–".into());
        let changed: Vec<_> = self.regions.iter().filter(|r| !r.change.is_zero() || r.zone_before != r.zone_after).collect();
        for r in &changed {
            rows.push(vec![
                format!("{} {}", r.code, r.name),
                opt(r.zone_before),
                opt(r.zone_after),
                kr(r.value_before),
                kr(r.value_after),
                signed(r.change),
                optp(r.share_before),
                optp(r.share_after),
            ]);
        }
        rows.push(vec![
            "Totalt".to_string(),
            String::new(),
            String::new(),
            kr(self.total.value_before),
            kr(self.total.value_after),
            signed(self.total.change),
            optp(self.total.share_before),
            optp(self.total.share_after),
        ]);
        out.push_str(&layout(&rows, 1));
        if changed.is_empty() {
            out.push_str("Ingen region får ett annat värde.\n");
        }
        out.push('\n');
        let mut zone_rows = vec![vec![
            "Zon".to_string(),
            "Värde före (kr)".to_string(),
            "Värde efter (kr)".to_string(),
            "Förändring (kr)".to_string(),
        ]];
        for z in &self.zones {
            zone_rows.push(vec![z.number.to_string(), kr(z.value_before), kr(z.value_after), signed(z.change)]);
        }
        out.push_str(&layout(&zone_rows, 1));
        let newly_above: Vec<_> =
            self.regions.iter().filter(|r| r.above_after == Some(true) && r.above_before != Some(true)).collect();
        if !newly_above.is_empty() {
            out.push_str(&format!(
                "Hamnar över indikatorn: {}.\n",
                newly_above.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(", ")
            ));
        }
        let newly_below: Vec<_> =
            self.regions.iter().filter(|r| r.above_before == Some(true) && r.above_after == Some(false)).collect();
        if !newly_below.is_empty() {
            out.push_str(&format!(
                "Hamnar inom indikatorn: {}.\n",
                newly_below.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(", ")
            ));
        }
        if !self.warnings.is_empty() {
            out.push_str("\nVarningar\n");
            for w in &self.warnings {
                out.push_str(&format!("  {w}\n"));
            }
        }
        out
    }
}
