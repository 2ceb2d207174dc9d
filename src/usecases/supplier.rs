//! One supplier (Leverantör): answers by requirement, evidence, overrides.

use serde::{Deserialize, Serialize};

use crate::model::bid::{normalize_label, Bid, Value};
use crate::model::evaluation::{RequirementResult, Status};
use crate::model::money::{format_number, format_sek};
use crate::model::requirement::{AnswerKind, Outcome, Rule};
use crate::rules::evaluate;
use crate::store::{OverrideRecord, Store};

use super::error::{Result, WorkspaceError};
use super::procurement::load;

/// An answer as read, for people: the question, the value in Swedish form, and its cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct AnswerLine {
    pub question: String,
    pub value: String,
    /// `Kvalificering!B7`; `null` when the question's row is absent from the workbook.
    pub cell: Option<String>,
}

/// A requirement with the answers it rests on and who changed its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct RequirementDetail {
    pub result: RequirementResult,
    pub answers: Vec<AnswerLine>,
    pub history: Vec<OverrideRecord>,
}

/// A lot the bidder answered for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct OfferLine {
    pub code: String,
    pub name: String,
    pub offered: bool,
    /// A shortage speciality, outside the agreement.
    pub shortage: bool,
    pub zones: Vec<u8>,
}

/// A price the bidder stated, beside the agreement's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct PriceLineCheck {
    pub lot: String,
    pub zone: u8,
    /// Decimal string.
    pub stated: String,
    /// The agreement's price, decimal string.
    pub fixed: Option<String>,
    pub differs: bool,
    pub cell: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct AssignmentLine {
    pub row: u32,
    pub customer: String,
    pub profession: String,
    pub from: String,
    pub to: String,
    /// Decimal string.
    pub hours: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct SupplierEspd {
    pub file: String,
    pub version: String,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct SupplierDetail {
    pub bid_id: i64,
    pub procurement_id: String,
    /// active, replaced or ambiguous.
    pub state: String,
    pub imported_at: String,
    pub sha256: String,
    pub name: String,
    pub org_nr: String,
    pub file: String,
    /// The ESPD response evaluated with the workbook: its file name, ESPD-EDM version and SHA-256.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub espd: Option<SupplierEspd>,
    pub contact: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub bid_date: String,
    pub status: Status,
    pub late: bool,
    pub requirements: Vec<RequirementDetail>,
    pub lots: Vec<OfferLine>,
    pub prices: Vec<PriceLineCheck>,
    pub assignments: Vec<AssignmentLine>,
    pub warnings: Vec<String>,
    /// Every override of this bid, oldest first.
    pub history: Vec<OverrideRecord>,
    /// The working group's assessments of this bid, in the order merged (with their comments).
    pub assessments: Vec<crate::store::review::AssessmentRow>,
    /// Where the bid is in an open conflict (other bids of the same organisation number with the
    /// same date): every bid in it, in order of receipt, for a person to choose the one that
    /// stands ([`settle_conflict`]). Empty otherwise.
    pub conflict: Vec<ConflictLine>,
}

/// A bid in an open conflict, as the supplier screen offers it to be chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ConflictLine {
    pub bid_id: i64,
    /// The file name (never its folder).
    pub file: String,
    pub sha256: String,
    /// When it was received, as recorded.
    pub received_at: String,
    /// The one evaluated while the conflict is open (the earliest received).
    pub evaluated: bool,
}

/// A supplier's evaluation with every answer as read, its lots, prices and history.
pub fn supplier_detail(store: &Store, procurement_id: &str, bid_id: i64) -> Result<SupplierDetail> {
    Ok(supplier_details(store, procurement_id, &[bid_id])?.remove(0))
}

/// [`supplier_detail`] of several bids, the procurement and the bids read once (a review package
/// holds a hundred suppliers).
pub fn supplier_details(store: &Store, procurement_id: &str, bid_ids: &[i64]) -> Result<Vec<SupplierDetail>> {
    let (p, _) = load(store, procurement_id)?;
    let p = crate::usecases::evaluation::in_force(store, &p)?;
    let mut bids: std::collections::HashMap<i64, crate::store::StoredBid> =
        store.bids(procurement_id, false)?.into_iter().map(|b| (b.id, b)).collect();
    bid_ids
        .iter()
        .map(|&bid_id| {
            let stored = bids
                .remove(&bid_id)
                .ok_or_else(|| WorkspaceError::NotFound(format!("Anbudet {bid_id} finns inte i upphandlingen {procurement_id}.")))?;
            detail_of(store, &p, procurement_id, stored)
        })
        .collect()
}

fn detail_of(
    store: &Store,
    p: &crate::model::procurement::Procurement,
    procurement_id: &str,
    stored: crate::store::StoredBid,
) -> Result<SupplierDetail> {
    let bid_id = stored.id;
    let history = store.override_history(bid_id)?;
    let mut e = evaluate(p, &stored.bid, &store.judgements(bid_id)?);
    // A bid in an open conflict: the conflict with every bid in it, in order of receipt.
    let mut conflict = Vec::new();
    if stored.state == "ambiguous" {
        if let Some(c) = crate::usecases::evaluation::open_conflicts(store, procurement_id)?
            .iter()
            .find(|c| c.bids.iter().any(|b| b.bid_id == bid_id))
        {
            crate::usecases::evaluation::flag(&mut e, c)?;
            conflict = c
                .bids
                .iter()
                .enumerate()
                .map(|(i, b)| ConflictLine {
                    bid_id: b.bid_id,
                    file: crate::model::bid::file_name(&b.file).to_string(),
                    sha256: b.sha256.clone(),
                    received_at: b.imported_at.clone(),
                    evaluated: i == 0,
                })
                .collect();
        }
    }
    let bid = &stored.bid;
    let questions = p.questions();
    let requirements = e
        .requirements
        .iter()
        .map(|r| {
            let mut answers: Vec<AnswerLine> =
                questions.iter().filter(|q| q.requirement == r.id).map(|q| answer_line(bid, &q.label, &q.kind)).collect();
            if matches!(p.requirement(&r.id).map(|x| &x.rule), Some(Rule::Deadline { .. })) {
                answers.push(AnswerLine {
                    question: "Anbudsdatum".into(),
                    value: bid.bid_date.to_string(),
                    cell: Some(bid.bid_date_cell.to_string()),
                });
            }
            RequirementDetail {
                result: r.clone(),
                answers,
                history: history.iter().filter(|h| h.requirement_id == r.id).cloned().collect(),
            }
        })
        .collect();
    let lots = bid
        .lots
        .iter()
        .map(|l| {
            let lot = p.lot(&l.code);
            OfferLine {
                code: l.code.clone(),
                name: lot.map(|x| x.name.clone()).unwrap_or_default(),
                offered: l.offered,
                shortage: lot.is_some_and(|x| x.shortage),
                zones: l.zones.clone(),
            }
        })
        .collect();
    let prices = bid
        .prices
        .iter()
        .map(|sp| {
            let fixed = p.prices.get(&sp.lot, sp.zone);
            PriceLineCheck {
                lot: sp.lot.clone(),
                zone: sp.zone,
                stated: sp.price.to_string(),
                fixed: fixed.map(|f| f.to_string()),
                differs: fixed.is_some_and(|f| f != sp.price),
                cell: sp.cell.to_string(),
            }
        })
        .collect();
    let assignments = bid
        .assignments
        .iter()
        .map(|a| AssignmentLine {
            row: a.row,
            customer: a.customer.clone(),
            profession: a.profession.clone(),
            from: a.from.to_string(),
            to: a.to.to_string(),
            hours: a.hours.to_string(),
        })
        .collect();
    Ok(SupplierDetail {
        bid_id,
        procurement_id: procurement_id.to_string(),
        state: stored.state.clone(),
        imported_at: stored.imported_at.clone(),
        sha256: stored.sha256.clone(),
        name: bid.name.clone(),
        org_nr: bid.org_nr.to_string(),
        file: bid.file.clone(),
        espd: bid.espd.as_ref().map(|e| SupplierEspd { file: e.file.clone(), version: e.version.clone(), sha256: e.sha256.clone() }),
        contact: bid.contact.clone(),
        email: bid.email.clone(),
        phone: bid.phone.clone(),
        bid_date: bid.bid_date.to_string(),
        status: e.status,
        late: e.late,
        requirements,
        lots,
        prices,
        assignments,
        warnings: e.warnings,
        history,
        assessments: store.assessments(bid_id)?,
        conflict,
    })
}

/// Settles the open conflict the bid `keep_bid_id` is in: that bid stands, the others are
/// replaced by it, recorded in the journal with the justification and the person's name. Returns
/// the supplier as it now stands.
pub fn settle_conflict(
    store: &mut Store,
    procurement_id: &str,
    keep_bid_id: i64,
    justification: &str,
    decided_by: &str,
    now: &str,
) -> Result<SupplierDetail> {
    require_judgement(justification, decided_by)?;
    let org_nr = crate::usecases::evaluation::open_conflicts(store, procurement_id)?
        .into_iter()
        .find(|c| c.bids.iter().any(|b| b.bid_id == keep_bid_id))
        .map(|c| c.org_nr)
        .ok_or_else(|| {
            WorkspaceError::Invalid(format!(
                "Anbudet {keep_bid_id} är inte i någon öppen anbudskonflikt i upphandlingen {procurement_id}."
            ))
        })?;
    store.settle_conflict(procurement_id, &org_nr, keep_bid_id, justification, decided_by, now)?;
    supplier_detail(store, procurement_id, keep_bid_id)
}

fn answer_line(bid: &Bid, question: &str, kind: &AnswerKind) -> AnswerLine {
    let key = normalize_label(question);
    let answer = bid.answers.iter().find(|a| normalize_label(&a.question) == key);
    let value = match answer.map(|a| &a.value) {
        None | Some(Value::Empty) => "Inget svar".to_string(),
        Some(Value::YesNo(b)) => if *b { "Ja" } else { "Nej" }.to_string(),
        Some(Value::Text(t)) => t.clone(),
        Some(Value::Integer(i)) => i.to_string(),
        Some(Value::Number(n)) => match kind {
            AnswerKind::Amount => format_sek(*n),
            _ => format_number(*n),
        },
        Some(Value::Date(d)) => d.to_string(),
    };
    AnswerLine {
        question: question.to_string(),
        value,
        cell: answer.and_then(|a| a.cell.as_ref()).map(|c| c.to_string()),
    }
}

/// Records a person's decision on one requirement of a bid in force and returns the supplier
/// as it now stands. The justification and the decider's name are mandatory; the engine's
/// proposal stays in the record.
#[allow(clippy::too_many_arguments)]
pub fn record_override(
    store: &mut Store,
    procurement_id: &str,
    bid_id: i64,
    requirement_id: &str,
    outcome: Outcome,
    justification: &str,
    decided_by: &str,
    now: &str,
) -> Result<SupplierDetail> {
    require_judgement(justification, decided_by)?;
    let (p, _) = load(store, procurement_id)?;
    let active = store.bids(procurement_id, true)?.iter().any(|b| b.id == bid_id);
    if !active
        && crate::usecases::evaluation::open_conflicts(store, procurement_id)?
            .iter()
            .any(|c| c.bids.iter().any(|b| b.bid_id == bid_id))
    {
        return Err(WorkspaceError::Invalid(
            "Anbudet är i konflikt med ett annat anbud från samma leverantör med samma anbudsdatum; avgör först vilket anbud som gäller, sedan kan dess utfall ändras.".into(),
        ));
    }
    if !active {
        return Err(WorkspaceError::Invalid(format!(
            "Anbudet {bid_id} gäller inte (ersatt, tvetydigt eller inte i upphandlingen {procurement_id}); dess utfall kan inte ändras."
        )));
    }
    store.add_override(&p, bid_id, requirement_id, outcome, justification, decided_by, now)?;
    supplier_detail(store, procurement_id, bid_id)
}

/// A person's judgement needs a written justification and the person's name.
fn require_judgement(justification: &str, decided_by: &str) -> Result<()> {
    if justification.trim().is_empty() {
        return Err(WorkspaceError::JustificationRequired);
    }
    if decided_by.trim().is_empty() {
        return Err(WorkspaceError::DeciderRequired);
    }
    Ok(())
}
