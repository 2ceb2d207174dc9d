//! Evaluation of a whole bid: every requirement's proposal, the overrides people made, the
//! supplier's status and its lots. Pure: a function of procurement + bid + overrides.

use serde::{Deserialize, Serialize};

use crate::bid::Bid;
use crate::procurement::Procurement;
use crate::rules::{Evidence, Outcome, Rule};

/// A supplier's overall status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Status {
    Qualified,
    NotQualified,
    NeedsReview,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Qualified => "qualified",
            Status::NotQualified => "not_qualified",
            Status::NeedsReview => "needs_review",
        }
    }

    pub fn label_sv(self) -> &'static str {
        match self {
            Status::Qualified => "Kvalificerad",
            Status::NotQualified => "Ej kvalificerad",
            Status::NeedsReview => "Behöver granskas",
        }
    }

    /// Any fail → not qualified; else any review or missing → needs review; else qualified.
    pub fn from_outcomes(outcomes: impl IntoIterator<Item = Outcome>) -> Status {
        let mut status = Status::Qualified;
        for o in outcomes {
            match o {
                Outcome::Fail => return Status::NotQualified,
                Outcome::Review | Outcome::Missing => status = Status::NeedsReview,
                Outcome::Pass => {}
            }
        }
        status
    }
}

/// A person's decision on one requirement, replacing the proposed outcome. The proposal stays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Override {
    pub requirement_id: String,
    pub outcome: Outcome,
    pub justification: String,
    pub decided_by: String,
    /// ISO 8601 date and time the person recorded it (given, never read from a clock here).
    pub decided_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct RequirementResult {
    pub id: String,
    pub title: String,
    /// The engine's proposal.
    pub proposed: Outcome,
    /// The outcome in force: the override's where there is one, else the proposal.
    pub outcome: Outcome,
    pub reason: String,
    pub evidence: Vec<Evidence>,
    #[serde(rename = "override")]
    pub override_: Option<Override>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct LotResult {
    pub code: String,
    pub name: String,
    pub status: Status,
    pub zones: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct SupplierEvaluation {
    pub org_nr: String,
    pub name: String,
    pub file: String,
    pub status: Status,
    /// True when the bid came in after the deadline and was not evaluated further.
    pub late: bool,
    pub requirements: Vec<RequirementResult>,
    pub lots: Vec<LotResult>,
    pub warnings: Vec<String>,
}

impl SupplierEvaluation {
    pub fn requirement(&self, id: &str) -> Option<&RequirementResult> {
        self.requirements.iter().find(|r| r.id == id)
    }
}

/// Evaluates one bid. Overrides for requirements the bid was not assessed on are ignored.
pub fn evaluate(procurement: &Procurement, bid: &Bid, overrides: &[Override]) -> SupplierEvaluation {
    let mut requirements = Vec::new();
    let mut late = false;
    for req in &procurement.requirements {
        let proposal = req.evaluate(procurement, bid);
        let override_ = overrides.iter().rev().find(|o| o.requirement_id == req.id).cloned();
        let outcome = override_.as_ref().map(|o| o.outcome).unwrap_or(proposal.outcome);
        let is_deadline = matches!(req.rule, Rule::Deadline { .. });
        requirements.push(RequirementResult {
            id: req.id.clone(),
            title: req.title.clone(),
            proposed: proposal.outcome,
            outcome,
            reason: proposal.reason,
            evidence: proposal.evidence,
            override_,
        });
        // A late bid is not evaluated: the other requirements are not assessed.
        if is_deadline && proposal.outcome == Outcome::Fail && outcome == Outcome::Fail {
            late = true;
            requirements.retain(|r| r.id == req.id);
            break;
        }
    }
    let status = Status::from_outcomes(requirements.iter().map(|r| r.outcome));

    let mut warnings = Vec::new();
    let mut lots = Vec::new();
    for offer in bid.lots.iter().filter(|l| l.offered) {
        match procurement.lot(&offer.code) {
            Some(lot) if lot.shortage => warnings.push(format!(
                "Anbudet för {} {} avser en bristspecialitet som ligger utanför ramavtalet; den delen av anbudet prövas inte.",
                lot.code, lot.name
            )),
            Some(lot) => lots.push(LotResult {
                code: lot.code.clone(),
                name: lot.name.clone(),
                status,
                zones: offer.zones.clone(),
            }),
            None => {}
        }
    }
    if lots.is_empty() && !late {
        warnings.push("Anbudet avser inget anbudsområde inom ramavtalet.".to_string());
    }
    for sp in &bid.prices {
        let offered = bid.lots.iter().any(|l| l.offered && l.code.eq_ignore_ascii_case(&sp.lot) && l.zones.contains(&sp.zone));
        if !offered {
            warnings.push(format!(
                "Priset i {} för {} zon {} gäller ett anbudsområde eller en zon som anbudet inte omfattar och har inte prövats.",
                sp.cell, sp.lot, sp.zone
            ));
        }
    }
    SupplierEvaluation {
        org_nr: bid.org_nr.to_string(),
        name: bid.name.clone(),
        file: bid.file.clone(),
        status,
        late,
        requirements,
        lots,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_rule() {
        use Outcome::*;
        assert_eq!(Status::from_outcomes([Pass, Pass]), Status::Qualified);
        assert_eq!(Status::from_outcomes([Pass, Missing]), Status::NeedsReview);
        assert_eq!(Status::from_outcomes([Review, Pass]), Status::NeedsReview);
        assert_eq!(Status::from_outcomes([Review, Fail, Missing]), Status::NotQualified);
    }
}
