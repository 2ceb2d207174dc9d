//! The decision screen (Beslut): open reviews, the last decision, the decision input checked.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::evaluation::Status;
use crate::model::requirement::Outcome;
use crate::records::decision::DecisionInput;
use crate::store::Store;

use super::error::{Result, WorkspaceError};
use super::overview::{evaluations, RequirementColumn, StatusCounts};
use super::procurement::load;

/// A supplier that still needs review, with the requirements that hold it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct OpenReview {
    pub bid_id: i64,
    pub name: String,
    pub org_nr: String,
    pub requirements: Vec<RequirementColumn>,
}

/// The latest decision taken, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct LastDecision {
    pub id: i64,
    /// Beslut nr N within the procurement.
    pub number: i64,
    pub decision_date: String,
    pub decided_by: String,
    pub sent_date: String,
    pub standstill_end: String,
    pub fingerprint: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct DecisionStatus {
    pub procurement_id: String,
    pub procurement_name: String,
    pub counts: StatusCounts,
    pub open_reviews: Vec<OpenReview>,
    pub last: Option<LastDecision>,
}

/// Whether a decision can be taken: the suppliers still needing review (with the
/// requirements holding each), the counts, and the latest decision.
pub fn decision_status(store: &Store, procurement_id: &str) -> Result<DecisionStatus> {
    let (p, _) = load(store, procurement_id)?;
    let mut counts = StatusCounts::default();
    let mut open_reviews = Vec::new();
    for (bid_id, e) in evaluations(store, &p)? {
        match e.status {
            Status::Qualified => counts.qualified += 1,
            Status::NotQualified => counts.not_qualified += 1,
            Status::NeedsReview => {
                counts.needs_review += 1;
                open_reviews.push(OpenReview {
                    bid_id,
                    name: e.name.clone(),
                    org_nr: e.org_nr.clone(),
                    requirements: e
                        .requirements
                        .iter()
                        .filter(|r| matches!(r.outcome, Outcome::Review | Outcome::Missing))
                        .map(|r| RequirementColumn { id: r.id.clone(), title: r.title.clone() })
                        .collect(),
                });
            }
        }
    }
    counts.not_evaluated = crate::usecases::evaluation::not_evaluated(store, procurement_id)?.len();
    let last = store.decision(procurement_id, None)?.map(|d| LastDecision {
        id: d.id,
        number: d.number,
        decision_date: d.decision_date,
        decided_by: d.decided_by,
        sent_date: d.sent_date,
        standstill_end: d.standstill_end,
        fingerprint: d.sha256,
        created_at: d.created_at,
    });
    Ok(DecisionStatus { procurement_id: p.id, procurement_name: p.name, counts, open_reviews, last })
}

/// Reads what a person typed for a decision: ISO dates, a name, an optional role.
pub fn decision_input(date: &str, decided_by: &str, role: Option<&str>, sent: Option<&str>) -> Result<DecisionInput> {
    let parse = |what: &str, s: &str| {
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| WorkspaceError::Invalid(format!("{what} ska vara ett datum ÅÅÅÅ-MM-DD, inte \"{}\".", s.trim())))
    };
    let date = parse("Beslutsdatum", date)?;
    if decided_by.trim().is_empty() {
        return Err(WorkspaceError::Invalid("Ange beslutsfattarens namn.".into()));
    }
    let sent = match sent.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(parse("Utskicksdag", s)?),
        None => None,
    };
    Ok(DecisionInput {
        date,
        decided_by: decided_by.trim().to_string(),
        role: role.map(str::trim).filter(|r| !r.is_empty()).map(str::to_string),
        sent,
    })
}
