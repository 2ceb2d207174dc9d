//! The overview (Översikt): one row per supplier, the counts by status.

use serde::{Deserialize, Serialize};

use crate::intake::import::Rejection;
use crate::model::evaluation::{Status, SupplierEvaluation};
use crate::model::procurement::Procurement;
use crate::model::requirement::Outcome;
use crate::store::Store;

use super::error::Result;
use super::procurement::load;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct RequirementColumn {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct LotColumn {
    pub code: String,
    pub name: String,
    pub shortage: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct LotCell {
    pub code: String,
    pub zones: Vec<u8>,
}

/// One supplier in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct OverviewRow {
    pub bid_id: i64,
    pub name: String,
    pub org_nr: String,
    pub file: String,
    pub status: Status,
    pub late: bool,
    /// The outcome in force per requirement, aligned with `Overview::requirements`; `null`
    /// where the requirement was not assessed (a late bid).
    pub outcomes: Vec<Option<Outcome>>,
    /// Whether a person decided that outcome, aligned likewise.
    pub overridden: Vec<bool>,
    /// The lots in the agreement it offers, with zones.
    pub lots: Vec<LotCell>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct StatusCounts {
    pub qualified: usize,
    pub not_qualified: usize,
    pub needs_review: usize,
    /// Workbooks not evaluated: unreadable, replaced or ambiguous.
    pub not_evaluated: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Overview {
    pub procurement_id: String,
    pub procurement_name: String,
    pub deadline: String,
    pub requirements: Vec<RequirementColumn>,
    pub lots: Vec<LotColumn>,
    pub rows: Vec<OverviewRow>,
    pub counts: StatusCounts,
    pub not_evaluated: Vec<Rejection>,
}

/// The evaluations of the bids in force with their overrides (and of each open conflict the
/// earliest bid, flagged), without writing anything.
pub(crate) fn evaluations(store: &Store, p: &Procurement) -> Result<Vec<(i64, SupplierEvaluation)>> {
    Ok(crate::usecases::evaluation::evaluations_in_force(store, p)?)
}

/// Every supplier in force with its status and each requirement's outcome, the counts per
/// status, and the workbooks not evaluated.
pub fn overview(store: &Store, procurement_id: &str) -> Result<Overview> {
    let (p, _) = load(store, procurement_id)?;
    let requirements: Vec<RequirementColumn> =
        p.requirements.iter().map(|r| RequirementColumn { id: r.id.clone(), title: r.title.clone() }).collect();
    let mut counts = StatusCounts::default();
    let mut rows = Vec::new();
    for (bid_id, e) in evaluations(store, &p)? {
        match e.status {
            Status::Qualified => counts.qualified += 1,
            Status::NotQualified => counts.not_qualified += 1,
            Status::NeedsReview => counts.needs_review += 1,
        }
        let outcomes = requirements.iter().map(|c| e.requirement(&c.id).map(|r| r.outcome)).collect();
        let overridden = requirements.iter().map(|c| e.requirement(&c.id).is_some_and(|r| r.override_.is_some())).collect();
        rows.push(OverviewRow {
            bid_id,
            name: e.name,
            org_nr: e.org_nr,
            file: e.file,
            status: e.status,
            late: e.late,
            outcomes,
            overridden,
            lots: e.lots.into_iter().map(|l| LotCell { code: l.code, zones: l.zones }).collect(),
            warnings: e.warnings,
        });
    }
    let not_evaluated = crate::usecases::evaluation::not_evaluated(store, procurement_id)?;
    counts.not_evaluated = not_evaluated.len();
    Ok(Overview {
        procurement_id: p.id.clone(),
        procurement_name: p.name.clone(),
        deadline: p.deadline.to_string(),
        requirements,
        lots: p.lots.iter().map(|l| LotColumn { code: l.code.clone(), name: l.name.clone(), shortage: l.shortage }).collect(),
        rows,
        counts,
        not_evaluated,
    })
}
