//! Edits of the procurement definition (`upphandling.toml`) that keep the text as written.
//!
//! The definition text stays the one source of truth: the structured editor on the Upphandling
//! screen does not hold a procurement of its own, it sends one [`Edit`] at a time and gets the
//! text back with that one value changed. The edit is made with `toml_edit`, so every comment,
//! the order of tables and keys, and the formatting of everything else are kept; the changed
//! value is written in the definition's own conventions (money and factors as strings, `"1450"`,
//! `"1.12"`; dates as TOML dates; counts as integers; an amount written `"5 000 000"` again with
//! its spaces).
//!
//! An edit never validates: what was typed is written, and [`crate::model::procurement::Procurement::from_toml`]
//! says what is wrong, by key (`zone[2].factor`, `lot[5].prices[3]`), as for a definition typed
//! by hand. A value that cannot be read as what it should be (`"1,4x"` as a factor) is written as
//! the text typed, so the check names it at its key and the definition cannot be saved until it
//! is put right. An edit is refused ([`EditError`]) only where it cannot be made at all: the
//! text is not TOML, or the zone, lot, region, workplace or requirement it names is not there.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value};

use crate::model::error_code::ErrorCode;
use crate::model::money::{format_decimal, parse_swedish_number};

/// A field of `[procurement]` the editor may change (not `id`: a new diarienummer is a new
/// procurement, made under "Ny upphandling").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ProcurementField {
    Name,
    Coordinator,
    Contact,
    Court,
    Deadline,
    ReferenceYear,
    AgreementStart,
    AgreementEnd,
}

impl ProcurementField {
    /// The key in `[procurement]`.
    pub fn key(self) -> &'static str {
        match self {
            ProcurementField::Name => "name",
            ProcurementField::Coordinator => "coordinator",
            ProcurementField::Contact => "contact",
            ProcurementField::Court => "court",
            ProcurementField::Deadline => "deadline",
            ProcurementField::ReferenceYear => "reference_year",
            ProcurementField::AgreementStart => "agreement_start",
            ProcurementField::AgreementEnd => "agreement_end",
        }
    }
}

/// One change to a definition, as the structured editor makes it. Zones are named by their
/// number, lots by their code, regions by their county code, requirements by their id, and
/// workplaces by their index among the `[[workplace]]` tables. Values are what the person typed
/// (`"1 450"`, `"1450,50"`, `"1,12"`, `"2028-04-01"`); they are read here, Swedish or plain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "edit", rename_all = "snake_case")]
#[ts(export)]
pub enum Edit {
    /// A field of `[procurement]`. Empty removes an optional one (contact, court, the agreement
    /// dates).
    SetProcurementField {
        key: ProcurementField,
        value: String,
    },
    SetZoneName {
        zone: u8,
        name: String,
    },
    /// The zone's factor on the zone-1 price; empty removes it.
    SetZoneFactor {
        zone: u8,
        factor: String,
    },
    /// Moves a region to another zone: removed from the `regions` of its zone, appended to the
    /// target's.
    MoveRegion {
        region: String,
        to_zone: u8,
    },
    /// The day a region starts calling off (`joins`); none (or empty) removes it.
    SetRegionJoins {
        region: String,
        date: Option<String>,
    },
    SetLotName {
        lot: String,
        name: String,
    },
    /// Marks a lot a shortage speciality (its prices are removed: it has none) or takes the mark
    /// away (then it needs a price: send [`Edit::SetLotBasePrice`] with it).
    SetLotShortage {
        lot: String,
        shortage: bool,
    },
    /// The zone-1 price the lot's zone prices are derived from; replaces explicit `prices`.
    SetLotBasePrice {
        lot: String,
        price: String,
    },
    /// One explicit price per zone, in zone order; replaces `base_price`.
    SetLotPrices {
        lot: String,
        prices: Vec<String>,
    },
    /// A workplace whose zone differs from its region's, after the last one.
    AddWorkplace {
        name: String,
        region: String,
        zone: u8,
    },
    RemoveWorkplace {
        index: usize,
    },
    SetWorkplaceName {
        index: usize,
        name: String,
    },
    SetWorkplaceRegion {
        index: usize,
        region: String,
    },
    SetWorkplaceZone {
        index: usize,
        zone: u8,
    },
    SetRequirementTitle {
        id: String,
        title: String,
    },
    /// A parameter of a requirement's rule: a threshold (`min_amount`, `min_class`,
    /// `max_age_months`, `years`, `min_hours`, `max_period_age_months`, `reference_year`,
    /// `deadline`), the expected answer (`expected`: Ja or Nej) or a question label (`question`,
    /// `class_question`, …). Empty removes an optional one.
    SetRequirementParameter {
        id: String,
        key: String,
        value: String,
    },
}

/// Why an edit could not be made. (What is wrong with an edited definition is not an
/// `EditError`: it is the check's problem list, by key.)
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The text is not TOML, so nothing can be found in it; the check of the text says where.
    #[error("definitionstexten är inte giltig TOML; rätta den i redigeraren först")]
    Syntax,
    /// The zone, lot, region, workplace, requirement or parameter named is not there.
    #[error("{key}: {message}")]
    NotFound { key: String, message: String },
}

impl EditError {
    /// A stable code for machines: text that is not TOML is `definition_invalid`; an edit naming
    /// what the text does not have is `invalid_input` (the edit, not the text, is wrong).
    pub fn code(&self) -> ErrorCode {
        match self {
            EditError::Syntax => ErrorCode::DefinitionInvalid,
            EditError::NotFound { .. } => ErrorCode::InvalidInput,
        }
    }
}

fn not_found(key: impl Into<String>, message: impl Into<String>) -> EditError {
    EditError::NotFound { key: key.into(), message: message.into() }
}

/// Applies one edit to a definition text and returns the new text. Everything the edit does not
/// concern is kept as written.
pub fn apply_edit(toml_text: &str, edit: &Edit) -> Result<String, EditError> {
    let mut doc: DocumentMut = toml_text.parse().map_err(|_| EditError::Syntax)?;
    edit_document(&mut doc, edit)?;
    Ok(doc.to_string())
}

/// Applies edits in order (all or none).
pub fn apply_edits(toml_text: &str, edits: &[Edit]) -> Result<String, EditError> {
    let mut doc: DocumentMut = toml_text.parse().map_err(|_| EditError::Syntax)?;
    for edit in edits {
        edit_document(&mut doc, edit)?;
    }
    Ok(doc.to_string())
}

fn edit_document(doc: &mut DocumentMut, edit: &Edit) -> Result<(), EditError> {
    match edit {
        Edit::SetProcurementField { key, value } => {
            let table = doc
                .get_mut("procurement")
                .and_then(Item::as_table_mut)
                .ok_or_else(|| not_found("procurement", "definitionen har ingen tabell [procurement]"))?;
            let k = key.key();
            let written = match key {
                ProcurementField::Name | ProcurementField::Coordinator => Written::Set(text(value)),
                ProcurementField::Contact | ProcurementField::Court => optional(value, text),
                ProcurementField::Deadline => Written::Set(date(value)),
                ProcurementField::AgreementStart | ProcurementField::AgreementEnd => optional(value, date),
                ProcurementField::ReferenceYear => Written::Set(integer(value)),
            };
            write(table, k, written);
        }
        Edit::SetZoneName { zone, name } => {
            write(zone_table(doc, *zone)?, "name", Written::Set(text(name)));
        }
        Edit::SetZoneFactor { zone, factor } => {
            let table = zone_table(doc, *zone)?;
            let w = optional(factor, |v| number(v, NumberKind::Factor, table.get("factor")));
            write(table, "factor", w);
        }
        Edit::MoveRegion { region, to_zone } => move_region(doc, region.trim(), *to_zone)?,
        Edit::SetRegionJoins { region, date: when } => {
            let code = region.trim();
            let table = find_table(doc, "region", |t| str_of(t, "code").is_some_and(|c| c.trim() == code))
                .ok_or_else(|| not_found("region", format!("regionen {code} finns inte bland de deltagande regionerna")))?;
            write(table, "joins", optional(when.as_deref().unwrap_or(""), date));
        }
        Edit::SetLotName { lot, name } => write(lot_table(doc, lot)?, "name", Written::Set(text(name))),
        Edit::SetLotShortage { lot, shortage } => {
            let table = lot_table(doc, lot)?;
            if *shortage {
                // A shortage speciality is outside the agreement and has no prices.
                table.remove("base_price");
                table.remove("prices");
                write(table, "shortage", Written::Set(Value::from(true)));
            } else {
                // The definition's convention: no `shortage` key is false.
                table.remove("shortage");
            }
        }
        Edit::SetLotBasePrice { lot, price } => {
            let table = lot_table(doc, lot)?;
            let old = table.get("base_price").cloned();
            let w = optional(price, |v| number(v, NumberKind::Money, old.as_ref()));
            table.remove("prices");
            write(table, "base_price", w);
        }
        Edit::SetLotPrices { lot, prices } => {
            let table = lot_table(doc, lot)?;
            let old: Vec<Item> = table
                .get("prices")
                .and_then(Item::as_array)
                .map(|a| a.iter().map(|v| Item::Value(v.clone())).collect())
                .unwrap_or_default();
            let mut array = Array::new();
            for (i, p) in prices.iter().enumerate() {
                array.push(number(p, NumberKind::Money, old.get(i)));
            }
            array.fmt();
            table.remove("base_price");
            write(table, "prices", Written::Set(Value::Array(array)));
        }
        Edit::AddWorkplace { name, region, zone } => add_workplace(doc, name, region, *zone),
        Edit::RemoveWorkplace { index } => remove_workplace(doc, *index)?,
        Edit::SetWorkplaceName { index, name } => write(workplace_table(doc, *index)?, "name", Written::Set(text(name))),
        Edit::SetWorkplaceRegion { index, region } => write(workplace_table(doc, *index)?, "region", Written::Set(text(region))),
        Edit::SetWorkplaceZone { index, zone } => {
            write(workplace_table(doc, *index)?, "zone", Written::Set(Value::from(i64::from(*zone))))
        }
        Edit::SetRequirementTitle { id, title } => write(requirement_table(doc, id)?, "title", Written::Set(text(title))),
        Edit::SetRequirementParameter { id, key, value } => {
            let Some((kind, required)) = parameter_kind(key) else {
                return Err(not_found(
                    format!("requirement[{id}].{key}"),
                    format!("parametern {key} kan inte ändras här; ändra den i definitionstexten"),
                ));
            };
            let table = requirement_table(doc, id)?;
            let old = table.get(key.as_str()).cloned();
            let to_value = |v: &str| match kind {
                ParameterKind::Number(n) => number(v, n, old.as_ref()),
                ParameterKind::Date => date(v),
                ParameterKind::Text => text(v),
            };
            let w = if required { Written::Set(to_value(value)) } else { optional(value, to_value) };
            write(table, key, w);
        }
    }
    Ok(())
}

// ---- finding the tables ----

fn array_of_tables<'a>(doc: &'a mut DocumentMut, name: &str) -> Option<&'a mut ArrayOfTables> {
    doc.get_mut(name).and_then(Item::as_array_of_tables_mut)
}

fn find_table<'a>(doc: &'a mut DocumentMut, name: &str, pred: impl Fn(&Table) -> bool) -> Option<&'a mut Table> {
    array_of_tables(doc, name)?.iter_mut().find(|t| pred(t))
}

fn str_of<'a>(t: &'a Table, key: &str) -> Option<&'a str> {
    t.get(key).and_then(Item::as_str)
}

fn zone_table(doc: &mut DocumentMut, zone: u8) -> Result<&mut Table, EditError> {
    find_table(doc, "zone", |t| t.get("number").and_then(Item::as_integer) == Some(i64::from(zone)))
        .ok_or_else(|| not_found("zone", format!("zon {zone} finns inte i definitionen")))
}

fn lot_table<'a>(doc: &'a mut DocumentMut, lot: &str) -> Result<&'a mut Table, EditError> {
    let code = lot.trim();
    find_table(doc, "lot", |t| str_of(t, "code").is_some_and(|c| c.trim().eq_ignore_ascii_case(code)))
        .ok_or_else(|| not_found("lot", format!("anbudsområdet {code} finns inte i definitionen")))
}

fn requirement_table<'a>(doc: &'a mut DocumentMut, id: &str) -> Result<&'a mut Table, EditError> {
    find_table(doc, "requirement", |t| str_of(t, "id") == Some(id))
        .ok_or_else(|| not_found("requirement", format!("kravet {id} finns inte i definitionen")))
}

fn workplace_table(doc: &mut DocumentMut, index: usize) -> Result<&mut Table, EditError> {
    array_of_tables(doc, "workplace")
        .and_then(|a| a.get_mut(index))
        .ok_or_else(|| not_found(format!("workplace[{index}]"), format!("arbetsplats nr {} finns inte i definitionen", index + 1)))
}

// ---- writing values in the definition's conventions ----

/// What to do with a key.
enum Written {
    Set(Value),
    Remove,
}

/// Sets or removes a key. A value replaced keeps the old one's surroundings (an end-of-line
/// comment, the spaces around it); a new key goes after the table's last.
fn write(table: &mut Table, key: &str, written: Written) {
    match written {
        Written::Remove => remove_key(table, key),
        Written::Set(mut value) => match table.get_mut(key) {
            Some(Item::Value(old)) => {
                *value.decor_mut() = old.decor().clone();
                *old = value;
            }
            _ => {
                table.insert(key, Item::Value(value));
            }
        },
    }
}

/// Removes a key's line only: comments and blank lines above it stay where they were (above the
/// next key, or below the one before when it was the table's last).
fn remove_key(table: &mut Table, key: &str) {
    let order: Vec<String> = table.iter().map(|(k, _)| k.to_string()).collect();
    let Some(pos) = order.iter().position(|k| k == key) else { return };
    let Some((removed, _)) = table.remove_entry(key) else { return };
    let above = removed.leaf_decor().prefix().and_then(|p| p.as_str()).unwrap_or("").to_string();
    if above.trim_matches([' ', '\t']).is_empty() {
        return;
    }
    if let Some(mut next) = order.get(pos + 1).and_then(|n| table.key_mut(n)) {
        let own = next.leaf_decor().prefix().and_then(|p| p.as_str()).unwrap_or("").to_string();
        next.leaf_decor_mut().set_prefix(format!("{above}{own}"));
    } else if let Some(Item::Value(prev)) = pos.checked_sub(1).and_then(|i| order.get(i)).and_then(|p| table.get_mut(p)) {
        let own = prev.decor().suffix().and_then(|p| p.as_str()).unwrap_or("").to_string();
        prev.decor_mut().set_suffix(format!("{own}\n{}", above.trim_end_matches(['\n', '\r'])));
    }
}

/// Empty removes an optional key; anything else is written.
fn optional(typed: &str, to_value: impl FnOnce(&str) -> Value) -> Written {
    if typed.trim().is_empty() {
        Written::Remove
    } else {
        Written::Set(to_value(typed))
    }
}

fn text(typed: &str) -> Value {
    Value::from(typed.trim())
}

/// A TOML date (`2028-04-01`); what is not a date is written as typed, a string, which the check
/// refuses at its key.
fn date(typed: &str) -> Value {
    let t = typed.trim();
    match NaiveDate::parse_from_str(t, "%Y-%m-%d").ok().and_then(|d| d.to_string().parse::<toml_edit::Datetime>().ok()) {
        Some(dt) => Value::from(dt),
        None => Value::from(t),
    }
}

/// An integer; what is not a whole number is written as typed, a string, which the check refuses.
fn integer(typed: &str) -> Value {
    match parse_swedish_number(typed).filter(|d| d.fract().is_zero()).and_then(|d| i64::try_from(d).ok()) {
        Some(i) => Value::from(i),
        None => Value::from(typed.trim()),
    }
}

#[derive(Debug, Clone, Copy)]
enum NumberKind {
    /// Kronor and öre: a string `"1450"`, `"1450.50"` (or an integer where the definition wrote
    /// the old value as one).
    Money,
    /// A zone factor: a string with at least two decimals, `"1.10"`.
    Factor,
    /// A count: an integer.
    Integer,
    /// A number that may have decimals (hours): an integer when whole, as the definition writes it.
    Number,
}

/// A number typed Swedish or plain, written as the definition writes numbers of its kind, in the
/// style of the value it replaces (`"5 000 000"` stays grouped; `1400` in an integer list stays
/// an integer). Not a number: written as typed, a string, which the check refuses at its key.
fn number(typed: &str, kind: NumberKind, old: Option<&Item>) -> Value {
    let Some(d) = parse_swedish_number(typed) else {
        return Value::from(typed.trim());
    };
    let old = old.and_then(Item::as_value);
    let old_integer = matches!(old, Some(Value::Integer(_)));
    let grouped = old.and_then(Value::as_str).is_some_and(|s| s.trim().contains([' ', '\u{a0}']));
    let whole = d.fract().is_zero();
    let as_integer = || i64::try_from(d).ok().map(Value::from);
    match kind {
        NumberKind::Integer => match whole.then(as_integer).flatten() {
            Some(v) => v,
            None => Value::from(typed.trim()),
        },
        NumberKind::Number if whole && !matches!(old, Some(Value::String(_))) => {
            as_integer().unwrap_or_else(|| Value::from(plain(d, 0)))
        }
        NumberKind::Money if whole && old_integer => as_integer().unwrap_or_else(|| Value::from(plain(d, 0))),
        NumberKind::Factor => Value::from(plain(d, 2)),
        NumberKind::Money | NumberKind::Number => {
            // Whole kronor without decimals, else two (more only when typed, for the check to refuse).
            let places = if whole { 0 } else { 2 };
            Value::from(if grouped { swedish(d, places) } else { plain(d, places) })
        }
    }
}

/// `1450`, `1450.50`, `1.10`: at least `places` decimals, more when the number has them.
fn plain(d: Decimal, places: u32) -> String {
    let n = d.normalize();
    let scale = n.scale().max(places);
    format!("{:.*}", scale as usize, n)
}

/// `5 000 000`, `1 450,50`: as [`plain`], grouped by spaces with a decimal comma.
fn swedish(d: Decimal, places: u32) -> String {
    let n = d.normalize();
    format_decimal(n, n.scale().max(places)).replace('−', "-")
}

#[derive(Debug, Clone, Copy)]
enum ParameterKind {
    Number(NumberKind),
    Date,
    Text,
}

/// The parameters the editor may change, with their kind and whether the rule requires them.
fn parameter_kind(key: &str) -> Option<(ParameterKind, bool)> {
    Some(match key {
        "min_amount" => (ParameterKind::Number(NumberKind::Money), true),
        "min_hours" => (ParameterKind::Number(NumberKind::Number), true),
        "min_class" | "max_age_months" | "years" => (ParameterKind::Number(NumberKind::Integer), true),
        "max_period_age_months" | "reference_year" => (ParameterKind::Number(NumberKind::Integer), false),
        "deadline" => (ParameterKind::Date, false),
        "expected" => (ParameterKind::Text, false),
        "question" | "class_question" | "date_question" | "amount_question" => (ParameterKind::Text, true),
        "provider_question" | "alternative_question" | "period_end_question" => (ParameterKind::Text, false),
        _ => return None,
    })
}

// ---- regions between zones ----

fn move_region(doc: &mut DocumentMut, code: &str, to_zone: u8) -> Result<(), EditError> {
    let zones = array_of_tables(doc, "zone").ok_or_else(|| not_found("zone", "definitionen har inga zoner"))?;
    if !zones.iter().any(|t| t.get("number").and_then(Item::as_integer) == Some(i64::from(to_zone))) {
        return Err(not_found("zone", format!("zon {to_zone} finns inte i definitionen")));
    }
    for t in zones.iter_mut() {
        let target = t.get("number").and_then(Item::as_integer) == Some(i64::from(to_zone));
        let Some(regions) = t.get_mut("regions").and_then(Item::as_array_mut) else {
            if target {
                let mut a = Array::new();
                a.push(code);
                t.insert("regions", Item::Value(Value::Array(a)));
            }
            continue;
        };
        let single_line = !regions.to_string().contains('\n');
        let has = |a: &Array| a.iter().position(|v| v.as_str().is_some_and(|s| s.trim() == code));
        if target {
            if has(regions).is_none() {
                let mut v = Value::from(code);
                if let Some(last) = regions.iter().last() {
                    *v.decor_mut() = last.decor().clone();
                }
                regions.push_formatted(v);
            }
        } else {
            while let Some(i) = has(regions) {
                regions.remove(i);
            }
        }
        if single_line {
            regions.fmt();
        }
    }
    Ok(())
}

// ---- workplaces ----

fn add_workplace(doc: &mut DocumentMut, name: &str, region: &str, zone: u8) {
    let mut table = Table::new();
    table.insert("name", Item::Value(text(name)));
    table.insert("region", Item::Value(text(region)));
    table.insert("zone", Item::Value(Value::from(i64::from(zone))));
    if let Some(list) = array_of_tables(doc, "workplace") {
        // After the last one (a new table takes the position of the one before it).
        list.push(table);
        return;
    }
    // The first: after the last zone, where the workplaces belong, not at the end of the file.
    let after = array_of_tables(doc, "zone").and_then(|z| z.iter().last().and_then(Table::position));
    table.set_position(after);
    let mut list = ArrayOfTables::new();
    list.push(table);
    doc.insert("workplace", Item::ArrayOfTables(list));
}

fn remove_workplace(doc: &mut DocumentMut, index: usize) -> Result<(), EditError> {
    let list = array_of_tables(doc, "workplace")
        .filter(|l| index < l.len())
        .ok_or_else(|| not_found(format!("workplace[{index}]"), format!("arbetsplats nr {} finns inte i definitionen", index + 1)))?;
    let removed = list.remove(index);
    // A comment above the removed table's header (`# Namngivna arbetsplatser …`) stays, above the
    // next workplace.
    let comment = removed.decor().prefix().and_then(|p| p.as_str()).filter(|p| p.contains('#')).map(str::to_string);
    if let (Some(comment), Some(next)) = (comment, list.get_mut(index)) {
        let rest =
            next.decor().prefix().and_then(|p| p.as_str()).unwrap_or("").trim_start_matches(['\n', '\r', ' ', '\t']).to_string();
        next.decor_mut().set_prefix(format!("{comment}{rest}"));
    }
    if list.is_empty() {
        doc.remove("workplace");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definition::parse::DefinitionError;
    use crate::model::procurement::Procurement;

    const DEMO: &str = include_str!("../../assets/demo/upphandling.toml");

    fn edit(text: &str, e: Edit) -> String {
        apply_edit(text, &e).unwrap_or_else(|err| panic!("{e:?}: {err}"))
    }

    fn valid(text: &str) -> Procurement {
        Procurement::from_toml(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    /// The keys the check names for an invalid text.
    fn keys(text: &str) -> Vec<String> {
        match Procurement::from_toml(text) {
            Err(DefinitionError::Invalid(v)) => v.into_iter().map(|i| i.key).collect(),
            Err(DefinitionError::Syntax { line, .. }) => vec![crate::definition::locate::key_at_line(text, line.unwrap()).unwrap()],
            other => panic!("expected an invalid definition, got {other:?}"),
        }
    }

    /// The lines that differ (same number of lines expected where one value changes).
    fn changed(before: &str, after: &str) -> Vec<(String, String)> {
        before.lines().zip(after.lines()).filter(|(a, b)| a != b).map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    fn comments(text: &str) -> Vec<&str> {
        text.lines().filter(|l| l.trim_start().starts_with('#')).collect()
    }

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn no_edit_changes_nothing_and_comments_stay() {
        assert_eq!(apply_edits(DEMO, &[]).unwrap(), DEMO);
        let t = edit(DEMO, Edit::SetZoneFactor { zone: 3, factor: "1,12".into() });
        assert_eq!(comments(&t), comments(DEMO));
    }

    #[test]
    fn procurement_fields() {
        let field = |key, value: &str| edit(DEMO, Edit::SetProcurementField { key, value: value.into() });
        let t = field(ProcurementField::Name, " Bemanning 2029 ");
        assert_eq!(
            changed(DEMO, &t),
            [("name = \"Bemanningstjänster inom hälso- och sjukvård 2028\"".into(), "name = \"Bemanning 2029\"".into())]
        );
        assert_eq!(valid(&t).name, "Bemanning 2029");
        assert_eq!(valid(&field(ProcurementField::Coordinator, "Region Skåne")).coordinator, "Region Skåne");
        assert_eq!(
            valid(&field(ProcurementField::Court, "Förvaltningsrätten i Malmö")).court.as_deref(),
            Some("Förvaltningsrätten i Malmö")
        );
        // Empty removes an optional field, and its comment above stays.
        let t = field(ProcurementField::Court, "");
        assert_eq!(valid(&t).court, None);
        assert!(t.contains("# The administrative court"), "{t}");
        assert_eq!(valid(&field(ProcurementField::Contact, "")).contact, None);
        // Dates as TOML dates, the year as an integer.
        let t = field(ProcurementField::Deadline, "2026-12-18");
        assert_eq!(changed(DEMO, &t), [("deadline = 2026-12-15".into(), "deadline = 2026-12-18".into())]);
        assert_eq!(valid(&t).deadline.to_string(), "2026-12-18");
        let t = field(ProcurementField::ReferenceYear, "2024");
        assert_eq!(changed(DEMO, &t), [("reference_year = 2025".into(), "reference_year = 2024".into())]);
        assert_eq!(valid(&field(ProcurementField::AgreementEnd, "2030-06-30")).agreement_end.unwrap().to_string(), "2030-06-30");
        assert_eq!(valid(&field(ProcurementField::AgreementStart, "")).agreement_start, None);
        // Invalid: named at the key.
        assert_eq!(keys(&field(ProcurementField::ReferenceYear, "2030")), ["procurement.reference_year"]);
        assert_eq!(keys(&field(ProcurementField::ReferenceYear, "tjugo")), ["procurement.reference_year"]);
        assert_eq!(keys(&field(ProcurementField::Deadline, "2026-13-01")), ["procurement.deadline"]);
        assert_eq!(keys(&field(ProcurementField::Name, "  ")), ["procurement.name"]);
        assert!(keys(&field(ProcurementField::AgreementEnd, "2027-01-01")).contains(&"procurement.agreement_end".to_string()));
    }

    #[test]
    fn zone_factor_and_name() {
        let t = edit(DEMO, Edit::SetZoneFactor { zone: 3, factor: "1,12".into() });
        assert_eq!(changed(DEMO, &t), [("factor = \"1.10\"".into(), "factor = \"1.12\"".into())]);
        let p = valid(&t);
        assert_eq!(p.zones.zones[2].factor, Some(dec("1.12")));
        // 720 × 1,12 = 806,4 → 806 (whole kronor).
        assert_eq!(p.prices.get("S1", 3), Some(dec("806")));
        assert_eq!(valid(&edit(DEMO, Edit::SetZoneFactor { zone: 2, factor: "1.1".into() })).zones.zones[1].factor, Some(dec("1.10")));
        let t = edit(DEMO, Edit::SetZoneName { zone: 2, name: "Zon 2 – mellanstora regioner".into() });
        assert_eq!(valid(&t).zones.zones[1].name, "Zon 2 – mellanstora regioner");
        // Prices that fall: at the factors of the two zones.
        let t = edit(DEMO, Edit::SetZoneFactor { zone: 3, factor: "1,40".into() });
        assert_eq!(keys(&t), ["zone[2].factor", "zone[3].factor"]);
        assert_eq!(keys(&edit(DEMO, Edit::SetZoneFactor { zone: 2, factor: "1,0x".into() })), ["zone[1].factor"]);
        assert!(t.contains("factor = \"1.40\""));
        // No factor while lots are derived.
        assert!(keys(&edit(DEMO, Edit::SetZoneFactor { zone: 4, factor: "".into() })).contains(&"zone[3].factor".to_string()));
        assert_eq!(
            apply_edit(DEMO, &Edit::SetZoneFactor { zone: 9, factor: "1".into() }).unwrap_err().to_string(),
            "zone: zon 9 finns inte i definitionen"
        );
    }

    #[test]
    fn an_end_of_line_comment_stays_with_its_value() {
        let text = DEMO.replace("factor = \"1.10\"", "factor = \"1.10\" # beslutat 2026-03-02");
        let t = edit(&text, Edit::SetZoneFactor { zone: 3, factor: "1,11".into() });
        assert!(t.contains("factor = \"1.11\" # beslutat 2026-03-02"), "{t}");
    }

    #[test]
    fn regions_move_between_zones_and_join() {
        // Region Västmanland (19) from zone 3 to zone 2.
        let t = edit(DEMO, Edit::MoveRegion { region: "19".into(), to_zone: 2 });
        assert_eq!(
            changed(DEMO, &t),
            [
                ("regions = [\"03\", \"05\", \"18\"]".into(), "regions = [\"03\", \"05\", \"18\", \"19\"]".into()),
                (
                    "regions = [\"04\", \"06\", \"07\", \"10\", \"13\", \"19\"]".into(),
                    "regions = [\"04\", \"06\", \"07\", \"10\", \"13\"]".into()
                ),
            ]
        );
        let p = valid(&t);
        assert_eq!(p.zones.zones[1].regions, ["03", "05", "18", "19"]);
        assert_eq!(p.zones.zone_for("19", None), Some(2));
        // The first of a list, and to the zone it is in (nothing changes).
        let t = edit(DEMO, Edit::MoveRegion { region: "01".into(), to_zone: 6 });
        assert!(t.contains("regions = [\"12\", \"14\"]") && t.contains("regions = [\"23\", \"25\", \"01\"]"), "{t}");
        assert_eq!(edit(DEMO, Edit::MoveRegion { region: "01".into(), to_zone: 1 }), DEMO);
        // The last region of a zone: the zone is left empty, named at its key.
        let t = edit(
            &edit(DEMO, Edit::MoveRegion { region: "23".into(), to_zone: 5 }),
            Edit::MoveRegion { region: "25".into(), to_zone: 5 },
        );
        assert!(t.contains("regions = []"), "{t}");
        assert_eq!(keys(&t), ["zone[5].regions"]);
        // Joins: set, removed, invalid.
        let t = edit(DEMO, Edit::SetRegionJoins { region: "17".into(), date: Some("2028-10-01".into()) });
        assert_eq!(changed(DEMO, &t), [("joins = 2029-01-01".into(), "joins = 2028-10-01".into())]);
        assert_eq!(valid(&t).region("17").unwrap().joins.unwrap().to_string(), "2028-10-01");
        assert_eq!(valid(&edit(DEMO, Edit::SetRegionJoins { region: "17".into(), date: None })).region("17").unwrap().joins, None);
        assert_eq!(
            keys(&edit(DEMO, Edit::SetRegionJoins { region: "17".into(), date: Some("2030-01-01".into()) })),
            ["region[12].joins"]
        );
        assert_eq!(
            keys(&edit(DEMO, Edit::SetRegionJoins { region: "17".into(), date: Some("1 januari".into()) })),
            ["region[12].joins"]
        );
        assert!(apply_edit(DEMO, &Edit::SetRegionJoins { region: "02".into(), date: None }).is_err());
    }

    #[test]
    fn lots_and_prices() {
        // The base price typed Swedish style; written plain as a string.
        let t = edit(DEMO, Edit::SetLotBasePrice { lot: "S1".into(), price: "1 450,50".into() });
        assert_eq!(changed(DEMO, &t), [("base_price = \"720\"".into(), "base_price = \"1450.50\"".into())]);
        assert_eq!(valid(&t).lot("S1").unwrap().base_price, Some(dec("1450.50")));
        let t = edit(DEMO, Edit::SetLotBasePrice { lot: "s1".into(), price: "740".into() });
        let p = valid(&t);
        assert_eq!(p.prices.get("S1", 1), Some(dec("740")));
        assert_eq!(p.prices.get("S1", 2), Some(dec("777")));
        assert_eq!(keys(&edit(DEMO, Edit::SetLotBasePrice { lot: "S1".into(), price: "-720".into() })), ["lot[5].base_price"]);
        assert_eq!(keys(&edit(DEMO, Edit::SetLotBasePrice { lot: "S1".into(), price: "sjuhundra".into() })), ["lot[5].base_price"]);
        assert_eq!(keys(&edit(DEMO, Edit::SetLotBasePrice { lot: "S1".into(), price: "720,555".into() })), ["lot[5].base_price"]);
        // Explicit prices per zone, replacing the base price; and back.
        let prices: Vec<String> = ["720", "756", "792", "828", "864", "940,50"].map(String::from).to_vec();
        let t = edit(DEMO, Edit::SetLotPrices { lot: "S1".into(), prices: prices.clone() });
        assert!(
            t.contains("prices = [\"720\", \"756\", \"792\", \"828\", \"864\", \"940.50\"]") && !t.contains("base_price = \"720\""),
            "{t}"
        );
        let p = valid(&t);
        assert_eq!(p.lot("S1").unwrap().base_price, None);
        assert_eq!(p.prices.get("S1", 6), Some(dec("940.50")));
        let mut falling = prices.clone();
        falling[3] = "700".into();
        assert_eq!(keys(&edit(&t, Edit::SetLotPrices { lot: "S1".into(), prices: falling })), ["lot[5]"]);
        let mut bad = prices.clone();
        bad[2] = "7 9 2 x".into();
        assert_eq!(keys(&edit(&t, Edit::SetLotPrices { lot: "S1".into(), prices: bad })), ["lot[5].prices[2]"]);
        assert_eq!(keys(&edit(&t, Edit::SetLotPrices { lot: "S1".into(), prices: prices[..5].to_vec() })), ["lot[5].prices"]);
        let back = edit(&t, Edit::SetLotBasePrice { lot: "S1".into(), price: "720".into() });
        assert_eq!(back, DEMO, "the price list removed, the base price in its place");
        // Names and the shortage mark.
        assert_eq!(
            valid(&edit(DEMO, Edit::SetLotName { lot: "S3".into(), name: "Barnmorska, förlossning".into() })).lot("S3").unwrap().name,
            "Barnmorska, förlossning"
        );
        let t = edit(DEMO, Edit::SetLotShortage { lot: "S3".into(), shortage: true });
        let p = valid(&t);
        assert!(p.lot("S3").unwrap().shortage);
        assert_eq!(p.prices.get("S3", 1), None);
        assert_eq!(keys(&edit(DEMO, Edit::SetLotShortage { lot: "X1".into(), shortage: false })), ["lot[8]"]);
        let t = apply_edits(
            DEMO,
            &[
                Edit::SetLotShortage { lot: "X1".into(), shortage: false },
                Edit::SetLotBasePrice { lot: "X1".into(), price: "1600".into() },
            ],
        )
        .unwrap();
        let p = valid(&t);
        assert!(!p.lot("X1").unwrap().shortage);
        assert_eq!(p.prices.get("X1", 2), Some(dec("1680")));
        assert!(apply_edit(DEMO, &Edit::SetLotName { lot: "Q9".into(), name: "x".into() }).is_err());
    }

    #[test]
    fn explicit_integer_prices_stay_integers() {
        let text = DEMO.replace("base_price = \"1400\"", "prices = [1400, 1470, 1540, 1610, 1680, 1820]");
        let t = edit(
            &text,
            Edit::SetLotPrices {
                lot: "L1".into(),
                prices: ["1400", "1 480", "1540", "1610", "1680", "1820,50"].map(String::from).to_vec(),
            },
        );
        assert!(t.contains("prices = [1400, 1480, 1540, 1610, 1680, \"1820.50\"]"), "{t}");
        assert_eq!(valid(&t).prices.get("L1", 2), Some(dec("1480")));
    }

    #[test]
    fn workplaces() {
        let t = edit(DEMO, Edit::AddWorkplace { name: "Sjukstugan i Gällivare".into(), region: "25".into(), zone: 5 });
        let p = valid(&t);
        assert_eq!(p.zones.workplaces.len(), 3);
        assert_eq!(p.zones.zone_for("25", Some("Sjukstugan i Gällivare")), Some(5));
        // After the last workplace, before the lots.
        let at = |s: &str| t.find(s).unwrap();
        assert!(at("Hälsocentralen Sorsele") < at("Sjukstugan i Gällivare") && at("Sjukstugan i Gällivare") < at("[[lot]]"), "{t}");
        assert_eq!(comments(&t), comments(DEMO));
        // Invalid: a zone that does not exist, twice the same name.
        assert_eq!(keys(&edit(DEMO, Edit::AddWorkplace { name: "X".into(), region: "25".into(), zone: 9 })), ["workplace[2].zone"]);
        assert_eq!(
            keys(&edit(DEMO, Edit::AddWorkplace { name: "vårdcentralen idre".into(), region: "20".into(), zone: 5 })),
            ["workplace[2].name"]
        );
        assert_eq!(keys(&edit(DEMO, Edit::AddWorkplace { name: "".into(), region: "20".into(), zone: 5 })), ["workplace[2].name"]);
        // Changed in place.
        let t = edit(DEMO, Edit::SetWorkplaceZone { index: 1, zone: 5 });
        assert_eq!(changed(DEMO, &t).len(), 1);
        assert_eq!(valid(&t).zones.zone_for("24", Some("Hälsocentralen Sorsele")), Some(5));
        assert_eq!(
            valid(&edit(DEMO, Edit::SetWorkplaceName { index: 0, name: "VC Idre".into() })).zones.workplaces[0].name,
            "VC Idre"
        );
        assert_eq!(keys(&edit(DEMO, Edit::SetWorkplaceRegion { index: 0, region: "02".into() })), ["workplace[0].region"]);
        // Removing the first keeps the comment above it, now above the next one.
        let t = edit(DEMO, Edit::RemoveWorkplace { index: 0 });
        let p = valid(&t);
        assert_eq!(p.zones.workplaces.len(), 1);
        assert_eq!(p.zones.workplaces[0].name, "Hälsocentralen Sorsele");
        assert_eq!(comments(&t), comments(DEMO));
        assert!(
            t.contains(
                "# Namngivna arbetsplatser som ligger i en annan zon än sin region.\n[[workplace]]\nname = \"Hälsocentralen Sorsele\""
            ),
            "{t}"
        );
        // Removing all, then adding one again: after the zones.
        let none = edit(&t, Edit::RemoveWorkplace { index: 0 });
        assert!(!none.contains("[[workplace]]"));
        assert_eq!(valid(&none).zones.workplaces.len(), 0);
        let again = edit(&none, Edit::AddWorkplace { name: "Vårdcentralen Idre".into(), region: "20".into(), zone: 6 });
        let at = |s: &str| again.find(s).unwrap();
        assert!(at("name = \"Zon 6 – glesbygd\"") < at("[[workplace]]") && at("[[workplace]]") < at("[[lot]]"), "{again}");
        assert_eq!(valid(&again).zones.zone_for("20", Some("Vårdcentralen Idre")), Some(6));
        assert!(apply_edit(DEMO, &Edit::RemoveWorkplace { index: 2 }).is_err());
    }

    #[test]
    fn requirement_thresholds_and_titles() {
        let param = |id: &str, key: &str, value: &str| {
            edit(DEMO, Edit::SetRequirementParameter { id: id.into(), key: key.into(), value: value.into() })
        };
        let rule = |t: &str, id: &str| valid(t).requirement(id).unwrap().rule.clone();
        use crate::model::requirement::Rule;
        // An amount written with spaces stays so.
        let t = param("omsattning", "min_amount", "6000000");
        assert_eq!(changed(DEMO, &t), [("min_amount = \"5 000 000\"".into(), "min_amount = \"6 000 000\"".into())]);
        assert!(matches!(rule(&t, "omsattning"), Rule::MinAmount { min_amount, .. } if min_amount == dec("6000000")));
        let t = param("kreditvardighet", "min_class", "4");
        assert_eq!(changed(DEMO, &t), [("min_class = 3".into(), "min_class = 4".into())]);
        assert!(matches!(
            rule(&param("kreditvardighet", "max_age_months", "6"), "kreditvardighet"),
            Rule::MinClass { max_age_months: 6, .. }
        ));
        assert!(matches!(rule(&param("erfarenhet", "years", "3"), "erfarenhet"), Rule::YearsSince { years: 3, .. }));
        let t = param("levererade-timmar", "min_hours", "12 000");
        assert_eq!(changed(DEMO, &t), [("min_hours = 10000".into(), "min_hours = 12000".into())]);
        assert!(matches!(
            rule(&param("omsattning", "max_period_age_months", ""), "omsattning"),
            Rule::MinAmount { max_period_age_months: None, .. }
        ));
        let t = param("levererade-timmar", "reference_year", "2024");
        assert!(matches!(rule(&t, "levererade-timmar"), Rule::ReferenceHours { reference_year: Some(2024), .. }));
        let t = param("anbudsdag", "deadline", "2026-12-16");
        assert!(matches!(rule(&t, "anbudsdag"), Rule::Deadline { deadline: Some(d) } if d.to_string() == "2026-12-16"));
        let t = edit(DEMO, Edit::SetRequirementTitle { id: "omsattning".into(), title: "Ekonomisk kapacitet".into() });
        assert_eq!(valid(&t).requirement("omsattning").unwrap().title, "Ekonomisk kapacitet");
        // Invalid thresholds: at their keys.
        assert_eq!(keys(&param("kreditvardighet", "min_class", "7")), ["requirement[kreditvardighet].min_class"]);
        assert_eq!(keys(&param("kreditvardighet", "min_class", "tre")), ["requirement[kreditvardighet].min_class"]);
        assert_eq!(keys(&param("omsattning", "min_amount", "fem miljoner")), ["requirement[omsattning].min_amount"]);
        assert_eq!(keys(&param("omsattning", "min_amount", "")), ["requirement[omsattning].min_amount"]);
        assert_eq!(keys(&param("erfarenhet", "years", "2,5")), ["requirement[erfarenhet].years"]);
        assert_eq!(keys(&param("levererade-timmar", "min_hours", "-1")), ["requirement[levererade-timmar].min_hours"]);
        assert_eq!(
            keys(&edit(DEMO, Edit::SetRequirementTitle { id: "omsattning".into(), title: " ".into() })),
            ["requirement[omsattning].title"]
        );
        // Not a parameter the editor changes; not a requirement.
        assert!(apply_edit(DEMO, &Edit::SetRequirementParameter { id: "omsattning".into(), key: "kind".into(), value: "x".into() })
            .is_err());
        assert!(apply_edit(DEMO, &Edit::SetRequirementTitle { id: "finns-inte".into(), title: "x".into() }).is_err());
    }

    #[test]
    fn text_that_is_not_toml_is_refused() {
        assert_eq!(apply_edit("[procurement\n", &Edit::SetZoneName { zone: 1, name: "x".into() }), Err(EditError::Syntax));
        assert_eq!(EditError::Syntax.code(), ErrorCode::DefinitionInvalid);
        // An edit naming what is not there is wrong input, not a wrong definition.
        let e = apply_edit(DEMO, &Edit::SetZoneName { zone: 99, name: "x".into() }).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput, "{e}");
    }

    #[test]
    fn edits_cross_ipc_as_tagged_objects() {
        let e: Edit = serde_json::from_value(serde_json::json!({ "edit": "set_zone_factor", "zone": 3, "factor": "1,12" })).unwrap();
        assert_eq!(e, Edit::SetZoneFactor { zone: 3, factor: "1,12".into() });
        let e: Edit =
            serde_json::from_value(serde_json::json!({ "edit": "set_procurement_field", "key": "reference_year", "value": "2024" }))
                .unwrap();
        assert_eq!(e, Edit::SetProcurementField { key: ProcurementField::ReferenceYear, value: "2024".into() });
        let e: Edit = serde_json::from_value(serde_json::json!({ "edit": "set_region_joins", "region": "17", "date": null })).unwrap();
        assert_eq!(e, Edit::SetRegionJoins { region: "17".into(), date: None });
    }
}
