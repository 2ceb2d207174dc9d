//! Evaluation over the store: the use cases evaluate (through `rules`) and hand the store the
//! results; the store itself never evaluates.

use crate::intake::import::{ambiguous_message, replaced_message, ReadBid};
use crate::model::evaluation::SupplierEvaluation;
use crate::model::procurement::Procurement;
use crate::model::rejection::{BidderIdentity, CellError, Rejection, RejectionKind};
use crate::rules::{evaluate, propose, Context};
use crate::store::{Imported, Result, Store, StoreError};

/// Imports one read workbook: its proposals as the engine sees the bid alone, stored with it in
/// one transaction.
pub fn import_read_bid(store: &mut Store, p: &Procurement, read: &ReadBid, at: &str) -> Result<Imported> {
    let evaluation = evaluate(p, &read.bid, &[]);
    store.import_bid(p, read, &evaluation, at)
}

/// Saves a procurement's definition; when its text changed, the stored proposals of every bid
/// follow it (they are what an override records as the outcome it replaced, and what `verify`
/// checks).
pub fn save_definition(store: &mut Store, p: &Procurement, definition_toml: &str, at: &str) -> Result<()> {
    if store.save_procurement(p, definition_toml, at)? {
        let evaluations = evaluate_bids(store, p, false)?;
        store.replace_outcomes(evaluations.iter().map(|(id, e)| (*id, e)))?;
    }
    Ok(())
}

/// Evaluates every bid in force, with its overrides, and refreshes the stored proposals.
pub fn evaluate_all(store: &mut Store, p: &Procurement) -> Result<Vec<(i64, SupplierEvaluation)>> {
    let evaluations = evaluate_bids(store, p, true)?;
    store.replace_outcomes(evaluations.iter().map(|(id, e)| (*id, e)))?;
    Ok(evaluations)
}

/// Evaluates the bids of the procurement (only those in force with `only_active`) with their
/// overrides, without storing anything.
pub fn evaluate_bids(store: &Store, p: &Procurement, only_active: bool) -> Result<Vec<(i64, SupplierEvaluation)>> {
    Ok(store
        .bids_with_overrides(&p.id, only_active)?
        .into_iter()
        .map(|(b, overrides)| (b.id, evaluate(p, &b.bid, &overrides)))
        .collect())
}

/// Whether the stored proposals of every bid are the engine's: each row equals the proposal for
/// its requirement under the definition (outcome, reason code where stored, reason, evidence),
/// and every requirement a bid is assessed on has its row. Each problem in Swedish.
pub fn outcome_problems(store: &Store, p: &Procurement) -> Result<Vec<String>> {
    let context = Context::of(p);
    let mut problems = Vec::new();
    for (b, _) in store.bids_with_overrides(&p.id, false)? {
        let who = format!("anbudet från {} ({})", b.bid.name, crate::model::bid::file_name(&b.bid.file));
        let stored = store.stored_outcomes(b.id)?;
        let mut problem = None;
        for s in &stored {
            let Some(req) = p.requirement(&s.requirement_id) else {
                problem = Some(format!(
                    "tabellen outcome har ett utfall för kravet \"{}\", som inte finns i upphandlingen",
                    s.requirement_id
                ));
                break;
            };
            let proposal = propose(req, &context, &b.bid);
            let evidence_now = serde_json::to_string(&proposal.evidence).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let code_differs = s.reason_code.as_deref().is_some_and(|c| c != proposal.code.as_str());
            if proposal.outcome.as_str() != s.proposed
                || code_differs
                || proposal.reason != s.reason
                || evidence_now != s.evidence_json
            {
                problem = Some(format!("tabellen outcome (kravet {}) stämmer inte med prövningen av anbudet", s.requirement_id));
                break;
            }
        }
        if problem.is_none() {
            problem = evaluate(p, &b.bid, &[])
                .requirements
                .iter()
                .find(|r| !stored.iter().any(|s| s.requirement_id == r.id))
                .map(|r| format!("tabellen outcome saknar utfallet för kravet {}", r.id));
        }
        if let Some(problem) = problem {
            problems.push(format!("{who}: {problem}"));
        }
    }
    Ok(problems)
}

/// Workbooks of a procurement that are not evaluated: unreadable ones (as recorded), and bids
/// replaced by a later one or ambiguous, each with its reason for people.
pub fn not_evaluated(store: &Store, procurement_id: &str) -> Result<Vec<Rejection>> {
    let mut out = store.rejections(procurement_id)?;
    for b in store.set_aside_bids(procurement_id)? {
        let (message, kind) = if b.ambiguous {
            (ambiguous_message(&b.name, &b.org_nr, b.bid_date), RejectionKind::Ambiguous)
        } else {
            let by = b.replaced_by.as_ref().map(|(f, d)| (f.as_str(), *d));
            (replaced_message(&b.name, &b.org_nr, b.bid_date, by), RejectionKind::Replaced)
        };
        out.push(Rejection {
            file: b.file,
            errors: vec![CellError::file(message)],
            bidder: Some(BidderIdentity { name: b.name, org_nr: Some(b.org_nr) }),
            kind: Some(kind),
        });
    }
    Ok(out)
}
