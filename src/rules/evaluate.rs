//! Evaluation of a whole bid: every requirement's proposal, the judgements people made (settled
//! as `rules::judgement` says), the supplier's status and its lots. Pure: a function of
//! procurement + bid + judgements.

use crate::model::bid::Bid;
use crate::model::evaluation::{LotResult, Override, RequirementResult, Status, SupplierEvaluation};
use crate::model::procurement::Procurement;
use crate::model::requirement::{Outcome, Rule};
use crate::rules::{propose, Context};

/// Evaluates one bid. `overrides` are people's judgements (overrides and the working group's
/// assessments) in the order they were made; those for requirements the bid was not assessed on
/// are ignored.
pub fn evaluate(procurement: &Procurement, bid: &Bid, overrides: &[Override]) -> SupplierEvaluation {
    let mut requirements = Vec::new();
    let mut late = false;
    let context = Context::of(procurement);
    for req in &procurement.requirements {
        let proposal = propose(req, &context, bid);
        let judged: Vec<&Override> = overrides.iter().filter(|o| o.requirement_id == req.id).collect();
        let settled = crate::rules::judgement::settle(proposal.outcome, &judged, procurement.review.four_eyes);
        let outcome = settled.outcome;
        let is_deadline = matches!(req.rule, Rule::Deadline { .. });
        requirements.push(RequirementResult {
            id: req.id.clone(),
            title: req.title.clone(),
            proposed: proposal.outcome,
            outcome,
            reason_code: proposal.code,
            reason: proposal.reason,
            evidence: proposal.evidence,
            override_: settled.deciding,
            judgements: settled.judgements,
            open: settled.open,
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
        espd: bid.espd.as_ref().map(|e| e.file.clone()),
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
