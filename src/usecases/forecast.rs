//! Kostnadsprognos (the coordinator's projection screen): the yearly cost projected from a file
//! of expected hours against the 2 % indicator (`pricing::projection`), the zone what-if tried on
//! a copy of the procurement, and, when the coordinator chooses, the what-if saved as a change of
//! the definition (an amendment once bids are received).

use std::path::Path;

use serde::Serialize;

use crate::definition::edit::Edit;
use crate::pricing::projection::{self, Change, Projection, ProjectionInput, WhatIf};
use crate::store::{AmendmentInput, Store};

use super::error::{Result, WorkspaceError};
use super::procurement::{edit_definition, load, update_definition_amended, DefinitionCheck};

/// What the screen shows: the projection of the saved definition and, with changes, the what-if.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ForecastView {
    /// The file the hours were read from (its name only).
    pub input_name: String,
    pub year: i32,
    pub projection: Projection,
    pub what_if: Option<WhatIf>,
    /// The regions of the procurement (code, name, zone) and its zones (number, factor as
    /// written), for the what-if's choices.
    pub regions: Vec<(String, String, Option<u8>)>,
    pub zones: Vec<(u8, Option<String>)>,
    /// Workplaces that can be moved: the definition's and those named in the input, with
    /// their region (code) and zone.
    pub workplaces: Vec<(String, String, Option<u8>)>,
    /// Whether a zone factor can be changed (every agreement lot's prices derive from factors).
    pub factors_apply: bool,
    /// Whether saving a what-if needs an amendment (the procurement has received workbooks).
    pub frozen: bool,
    /// The projection per lot and zone (every region's cells summed), in lot and zone order; with
    /// changes, of the what-if.
    pub by_lot_zone: Vec<LotZoneLine>,
}

/// One lot in one zone, summed over the regions.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct LotZoneLine {
    pub lot: String,
    pub zone: u8,
    /// Counted hours and value, as decimal strings with two decimals.
    pub counted_hours: String,
    pub value: String,
}

fn by_lot_zone(p: &crate::model::procurement::Procurement, projection: &Projection) -> Vec<LotZoneLine> {
    use rust_decimal::Decimal;
    let mut sums: std::collections::BTreeMap<(usize, u8), (String, Decimal, Decimal)> = Default::default();
    for r in &projection.regions {
        for l in &r.lots {
            let order = p.lots.iter().position(|x| x.code == l.lot).unwrap_or(usize::MAX);
            let e = sums.entry((order, l.zone)).or_insert_with(|| (l.lot.clone(), Decimal::ZERO, Decimal::ZERO));
            e.1 += l.counted_hours;
            e.2 += l.value;
        }
    }
    sums.into_iter()
        .map(|((_, zone), (lot, hours, value))| LotZoneLine {
            lot,
            zone,
            counted_hours: crate::model::money::to_money_string(hours),
            value: crate::model::money::to_money_string(value),
        })
        .collect()
}

/// Reads a file of expected hours (the projection template filled in, .xlsx, or TOML) against
/// the stored procurement. Its problems come back by sheet and cell, in Swedish.
pub fn read_forecast_input(store: &Store, procurement_id: &str, path: &Path) -> Result<ProjectionInput> {
    let (p, _) = load(store, procurement_id)?;
    // A workbook is held to a bid workbook's limits before calamine builds anything from it: the
    // app reads it in its own process.
    if path.extension().is_some_and(|e| !e.eq_ignore_ascii_case("toml")) {
        let bytes = std::fs::read(path).map_err(|e| WorkspaceError::Io(format!("{} kan inte läsas: {e}.", file_name(path))))?;
        crate::intake::limits::check(&bytes).map_err(|why| WorkspaceError::Invalid(format!("{}: {why}", file_name(path))))?;
    }
    projection::read_input(&p, path).map_err(|e| WorkspaceError::Invalid(format!("{}: {e}", file_name(path))))
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default()
}

/// The projection for `year` (the input's, else the agreement's first), and with `changes` the
/// what-if. Pure over the stored definition: nothing is written.
pub fn forecast(
    store: &Store,
    procurement_id: &str,
    input: &ProjectionInput,
    input_name: &str,
    year: Option<i32>,
    changes: &[Change],
) -> Result<ForecastView> {
    let (p, _) = load(store, procurement_id)?;
    let year = year.or(input.year).or_else(|| projection::default_year(&p)).ok_or_else(|| {
        WorkspaceError::Invalid("Ange året: upphandlingen har inget avtalsstartdatum och underlaget inget år.".into())
    })?;
    if !(1900..=2200).contains(&year) {
        return Err(WorkspaceError::Invalid(format!("{year} är inget rimligt år.")));
    }
    let (projection, what_if) = if changes.is_empty() {
        (projection::project(&p, input, year), None)
    } else {
        let (before, wi) = projection::what_if(&p, input, year, changes)
            .map_err(|errors| WorkspaceError::Invalid(format!("{}.", errors.join("; "))))?;
        (before, Some(wi))
    };
    let mut workplaces: Vec<(String, String, Option<u8>)> =
        p.zones.workplaces.iter().map(|w| (w.name.clone(), w.region.clone(), Some(w.zone))).collect();
    for e in &input.hours {
        if let Some(w) = &e.workplace {
            if !workplaces.iter().any(|(n, r, _)| n.trim().eq_ignore_ascii_case(w.trim()) && r == &e.region) {
                workplaces.push((w.trim().to_string(), e.region.clone(), p.zones.zone_for(&e.region, Some(w))));
            }
        }
    }
    let lines = by_lot_zone(&p, what_if.as_ref().map_or(&projection, |w| &w.projection));
    Ok(ForecastView {
        by_lot_zone: lines,
        input_name: input_name.to_string(),
        year,
        projection,
        what_if,
        regions: p.regions.iter().map(|r| (r.code.clone(), r.name.clone(), p.zones.zone_for(&r.code, None))).collect(),
        zones: p.zones.zones.iter().map(|z| (z.number, z.factor.map(|f| f.to_string()))).collect(),
        workplaces,
        factors_apply: p.lots.iter().all(|l| l.shortage || l.base_price.is_some()),
        frozen: store.is_frozen(&p.id)?,
    })
}

/// The what-if's changes as edits of the definition's text (`definition::edit`): a region moved,
/// a zone's factor, a workplace's zone (one the definition names), or a workplace added.
pub fn changes_as_edits(p: &crate::model::procurement::Procurement, changes: &[Change]) -> Result<Vec<Edit>> {
    changes
        .iter()
        .map(|c| match c {
            Change::MoveRegion { region, zone } => Ok(Edit::MoveRegion { region: region.clone(), to_zone: *zone }),
            Change::Factor { zone, factor } => Ok(Edit::SetZoneFactor { zone: *zone, factor: factor.normalize().to_string() }),
            Change::MoveWorkplace { region, name, zone } => {
                let key = name.trim().to_lowercase();
                let found = p
                    .zones
                    .workplaces
                    .iter()
                    .position(|w| w.name.trim().to_lowercase() == key && region.as_ref().is_none_or(|r| &w.region == r));
                match (found, region) {
                    (Some(index), _) => Ok(Edit::SetWorkplaceZone { index, zone: *zone }),
                    (None, Some(region)) => {
                        Ok(Edit::AddWorkplace { name: name.trim().to_string(), region: region.clone(), zone: *zone })
                    }
                    (None, None) => Err(WorkspaceError::Invalid(format!("Ange regionen för arbetsplatsen \"{}\".", name.trim()))),
                }
            }
        })
        .collect()
}

/// Saves the what-if's changes into the definition: as a plain change before any bid is
/// received, as an amendment (rättelse, with the justification and the person's name, in the
/// journal and the decision) after. The bids are evaluated again under it.
pub fn save_forecast_changes(
    store: &mut Store,
    procurement_id: &str,
    changes: &[Change],
    amendment: Option<&AmendmentInput>,
    now: &str,
) -> Result<DefinitionCheck> {
    if changes.is_empty() {
        return Err(WorkspaceError::Invalid("Det finns inga ändringar att spara.".into()));
    }
    let (p, toml) = load(store, procurement_id)?;
    let edited = edit_definition(&toml, &changes_as_edits(&p, changes)?)?;
    if !edited.check.ok {
        return Ok(edited.check);
    }
    update_definition_amended(store, &edited.toml, now, amendment)
}

/// Writes the blank projection template of a stored procurement (as `anbud projection-template`).
pub fn projection_template(store: &Store, procurement_id: &str, path: &Path) -> Result<String> {
    let (p, _) = load(store, procurement_id)?;
    projection::write_input_template(&p, path)
        .map_err(|e| WorkspaceError::Io(format!("Underlaget för kostnadsprognos kan inte skrivas: {e}.")))?;
    Ok(path.display().to_string())
}

/// The projection template's suggested file name: `prognosunderlag-<dnr>.xlsx`.
pub fn projection_template_file_name(procurement_id: &str) -> String {
    format!("prognosunderlag-{}.xlsx", super::intake::file_safe(procurement_id))
}
