//! Evaluation over the store: the use cases evaluate (through `rules`) and hand the store the
//! results; the store itself never evaluates.

use crate::intake::import::{ambiguous_message, conflict_message, replaced_message, settled_message, ReadBid};
use crate::model::evaluation::SupplierEvaluation;
use crate::model::procurement::Procurement;
use crate::model::rejection::{BidderIdentity, CellError, Rejection, RejectionKind};
use crate::rules::conflict::{flag_conflict, ConflictingBid};
use crate::rules::{evaluate, propose, Context};
use crate::store::{AmendmentInput, ConflictSettlement, ConflictingBidRow, Imported, Result, Store, StoreError};

/// Imports one read workbook: its proposals as the engine sees the bid alone, stored with it in
/// one transaction.
pub fn import_read_bid(store: &mut Store, p: &Procurement, read: &ReadBid, at: &str) -> Result<Imported> {
    let evaluation = evaluate(p, &read.bid, &[]);
    store.import_bid(p, read, &evaluation, at)
}

/// Saves a procurement's definition; when its text changed, the stored proposals of every bid
/// follow it (they are what an override records as the outcome it replaced, and what `verify`
/// checks). Once the procurement has received a workbook, a changed text is refused
/// ([`StoreError::Frozen`]): see [`save_definition_amended`].
pub fn save_definition(store: &mut Store, p: &Procurement, definition_toml: &str, at: &str) -> Result<()> {
    save_definition_amended(store, p, definition_toml, at, None).map(|_| ())
}

/// As [`save_definition`], the change recorded as an amendment (rättelse) with its
/// justification and the person's name when one is given. True when the text changed.
pub fn save_definition_amended(
    store: &mut Store,
    p: &Procurement,
    definition_toml: &str,
    at: &str,
    amendment: Option<&AmendmentInput>,
) -> Result<bool> {
    // One transaction: the new definition and the proposals under it commit together, or
    // neither does (a process killed in between leaves the old definition and its proposals).
    store.immediate(|store| {
        if store.save_procurement_amended(p, definition_toml, at, amendment)? {
            let evaluations = evaluate_bids(store, p, false)?;
            store.replace_outcomes(evaluations.iter().map(|(id, e)| (*id, e)))?;
            return Ok(true);
        }
        Ok(false)
    })
}

/// The procurement as its judgements are settled now: four eyes (`[review] four_eyes = true`)
/// takes effect once the procurement has a working group (a member registered; DOMAIN.md: "on in
/// the demo once the working group exists"). Before that, one person's judgement settles, as an
/// override always has (docs/review.md).
pub fn in_force(store: &Store, p: &Procurement) -> Result<Procurement> {
    let mut p = p.clone();
    if p.review.four_eyes && !store.has_working_group(&p.id)? {
        p.review.four_eyes = false;
    }
    Ok(p)
}

/// Evaluates every supplier in force (with its overrides) and refreshes the stored proposals:
/// every bid in force, and of each open conflict the earliest received, flagged as in conflict
/// ([`evaluations_in_force`]).
pub fn evaluate_all(store: &mut Store, p: &Procurement) -> Result<Vec<(i64, SupplierEvaluation)>> {
    let conflicts = open_conflicts(store, &p.id)?;
    let mut evaluations = unflagged_in_force(store, p, &conflicts)?;
    // The proposals as the engine makes them: the conflict is not a requirement of the definition.
    store.replace_outcomes(evaluations.iter().map(|(id, e)| (*id, e)))?;
    flag_conflicts(&mut evaluations, &conflicts)?;
    Ok(evaluations)
}

/// The evaluations of the suppliers in force, without writing anything: every bid in force with
/// its overrides, and for each open conflict (bids of one organisation number with the same
/// latest date, no person has chosen yet) the earliest received, with the pseudo-requirement
/// `anbudskonflikt` naming every bid in conflict, so the supplier needs review
/// ([`crate::rules::conflict`]). In the order of the store (by name).
pub fn evaluations_in_force(store: &Store, p: &Procurement) -> Result<Vec<(i64, SupplierEvaluation)>> {
    let conflicts = open_conflicts(store, &p.id)?;
    let mut evaluations = unflagged_in_force(store, p, &conflicts)?;
    flag_conflicts(&mut evaluations, &conflicts)?;
    Ok(evaluations)
}

fn unflagged_in_force(store: &Store, p: &Procurement, conflicts: &[OpenConflict]) -> Result<Vec<(i64, SupplierEvaluation)>> {
    let p = &in_force(store, p)?;
    if conflicts.is_empty() {
        return evaluate_bids(store, p, true);
    }
    let mut out = Vec::new();
    for b in store.bids(&p.id, false)? {
        if b.state == "active" || conflicts.iter().any(|c| c.bids[0].bid_id == b.id) {
            let overrides = store.judgements(b.id)?;
            out.push((b.id, evaluate(p, &b.bid, &overrides)));
        }
    }
    Ok(out)
}

fn flag_conflicts(evaluations: &mut [(i64, SupplierEvaluation)], conflicts: &[OpenConflict]) -> Result<()> {
    for (id, e) in evaluations.iter_mut() {
        if let Some(c) = conflicts.iter().find(|c| c.bids.iter().any(|b| b.bid_id == *id)) {
            flag(e, c)?;
        }
    }
    Ok(())
}

/// An open conflict: the bids of one organisation number that share the latest bid date, none
/// chosen yet by a person, in order of receipt (the store keeps them in state `ambiguous`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenConflict {
    pub org_nr: String,
    pub bids: Vec<ConflictingBidRow>,
}

/// Every open conflict of a procurement, by the first bid's receipt.
pub fn open_conflicts(store: &Store, procurement_id: &str) -> Result<Vec<OpenConflict>> {
    let mut out: Vec<OpenConflict> = Vec::new();
    for row in store.conflicting_bids(procurement_id)? {
        match out.iter_mut().find(|c| c.org_nr == row.org_nr) {
            Some(c) => c.bids.push(row),
            None => out.push(OpenConflict { org_nr: row.org_nr.clone(), bids: vec![row] }),
        }
    }
    Ok(out)
}

/// Flags a supplier's evaluation as in the open conflict `c` ([`flag_conflict`]).
pub fn flag(e: &mut SupplierEvaluation, c: &OpenConflict) -> Result<()> {
    let date = c.bids[0].bid_date.parse().map_err(|_| StoreError::Corrupt(format!("anbudsdatum {}", c.bids[0].bid_date)))?;
    let bids: Vec<ConflictingBid> = c
        .bids
        .iter()
        .map(|b| ConflictingBid {
            file: crate::model::bid::file_name(&b.file).to_string(),
            sha256: b.sha256.clone(),
            received_at: b.imported_at.clone(),
        })
        .collect();
    flag_conflict(e, date, &bids);
    Ok(())
}

/// Settles an open conflict: the bid `keep` (its file as given, its file name, or the path of
/// a file with the same content) stands for `org_nr`, the others are replaced by it; recorded
/// in the journal with the justification and the person's name.
pub fn settle_conflict(
    store: &mut Store,
    procurement_id: &str,
    org_nr: &str,
    keep: &str,
    justification: &str,
    decided_by: &str,
    now: &str,
) -> Result<ConflictSettlement> {
    let conflict = open_conflicts(store, procurement_id)?.into_iter().find(|c| c.org_nr == org_nr).ok_or_else(|| {
        StoreError::Refused(format!(
            "{org_nr} har inga anbud i konflikt i upphandlingen {procurement_id}; det finns inget att avgöra."
        ))
    })?;
    let by_content = std::fs::read(keep).ok().map(|bytes| crate::model::bid::sha256_hex(&bytes));
    let keep_name = crate::model::bid::file_name(keep);
    let matching: Vec<&ConflictingBidRow> =
        match conflict.bids.iter().find(|b| Some(&b.sha256) == by_content.as_ref() || b.file == keep) {
            Some(b) => vec![b],
            None => conflict.bids.iter().filter(|b| crate::model::bid::file_name(&b.file) == keep_name).collect(),
        };
    let files = || conflict.bids.iter().map(|b| crate::model::bid::file_name(&b.file).to_string()).collect::<Vec<_>>().join(", ");
    let chosen = match matching.as_slice() {
        [one] => one.bid_id,
        [] => {
            return Err(StoreError::Refused(format!(
                "\"{keep}\" är inget av anbuden i konflikt från {org_nr}; välj ett av dem: {}.",
                files()
            )))
        }
        _ => {
            return Err(StoreError::Refused(format!(
                "Flera anbud i konflikt från {org_nr} heter {keep_name}; ange sökvägen till filen som ska gälla."
            )))
        }
    };
    store.settle_conflict(procurement_id, org_nr, chosen, justification, decided_by, now)
}

/// Evaluates the bids of the procurement (only those in force with `only_active`) with their
/// overrides, without storing anything.
pub fn evaluate_bids(store: &Store, p: &Procurement, only_active: bool) -> Result<Vec<(i64, SupplierEvaluation)>> {
    let p = &in_force(store, p)?;
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
    for b in store.bids(&p.id, false)? {
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
/// replaced by a later one, set aside when a person settled a conflict, or in an open conflict
/// (but for the earliest received, which is evaluated meanwhile), each with its reason for people.
pub fn not_evaluated(store: &Store, procurement_id: &str) -> Result<Vec<Rejection>> {
    let mut out = store.rejections(procurement_id)?;
    let conflicts = open_conflicts(store, procurement_id)?;
    let settlements = store.conflict_settlements(procurement_id)?;
    for b in store.set_aside_bids(procurement_id)? {
        let (message, kind) = if b.ambiguous {
            match conflicts.iter().find(|c| c.bids.iter().any(|x| x.bid_id == b.bid_id)) {
                Some(c) if c.bids[0].bid_id == b.bid_id => continue,
                Some(c) => (conflict_message(&b.name, &b.org_nr, b.bid_date, &c.bids[0].file), RejectionKind::Ambiguous),
                None => (ambiguous_message(&b.name, &b.org_nr, b.bid_date), RejectionKind::Ambiguous),
            }
        } else {
            let later = b.replaced_by.as_ref().is_some_and(|(_, d)| *d > b.bid_date);
            match settlements.iter().rev().find(|s| s.set_aside.iter().any(|x| x.bid_id == b.bid_id)).filter(|_| !later) {
                Some(s) => (
                    settled_message(&b.name, &b.org_nr, b.bid_date, &s.kept_file, &s.decided_by, &s.justification),
                    RejectionKind::Replaced,
                ),
                None => {
                    let by = b.replaced_by.as_ref().map(|(f, d)| (f.as_str(), *d));
                    (replaced_message(&b.name, &b.org_nr, b.bid_date, by), RejectionKind::Replaced)
                }
            }
        };
        out.push(Rejection {
            file: b.file,
            errors: vec![CellError::file(message)],
            bidder: Some(BidderIdentity { name: b.name, org_nr: Some(b.org_nr) }),
            kind: Some(kind),
            received: None,
        });
    }
    Ok(out)
}
