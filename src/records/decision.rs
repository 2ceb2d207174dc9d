//! The qualification decision: its canonical data, its fingerprint, and the refusal while any
//! supplier needs review. Pure: built from the procurement, the evaluations and the workbooks
//! not evaluated, plus the decision's date and maker as given.
//!
//! The canonical data is serialized as JSON with a fixed field order (structs and vectors only,
//! no maps), and its SHA-256 is the fingerprint printed in the record. `anbud verify`
//! recomputes it from the store.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::bid::file_name;
use crate::model::error_code::ErrorCode;
use crate::model::evaluation::{RequirementResult, Status, SupplierEvaluation};
use crate::model::procurement::Procurement;
use crate::model::rejection::{Rejection, RejectionKind};
use crate::model::requirement::{Evidence, Outcome};
use crate::support::holidays::standstill_end;

/// What a person states when taking the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct DecisionInput {
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub decided_by: String,
    /// The decision maker's role ("upphandlingschef").
    pub role: Option<String>,
    /// The day the decision is sent, when later than the decision date.
    #[ts(type = "string | null")]
    pub sent: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    #[error("beslut kan inte fattas medan leverantörer behöver granskas: {}", .0.join(", "))]
    OpenReviews(Vec<String>),
    #[error("beslutsfattarens namn saknas")]
    NoDecisionMaker,
    #[error("utskicksdagen {sent} ligger före beslutsdagen {date}")]
    SentBeforeDecision { sent: NaiveDate, date: NaiveDate },
    #[error("beslutsdatumet {date} ligger före sista anbudsdag {deadline}; beslutet kan fattas först när anbudstiden har gått ut")]
    BeforeDeadline { date: NaiveDate, deadline: NaiveDate },
}

impl DecisionError {
    /// A stable code for machines. Open reviews are a refusal because of the state of the bids;
    /// the others are errors in what the person stated (the name, the date, the sending date).
    pub fn code(&self) -> ErrorCode {
        match self {
            DecisionError::OpenReviews(_) => ErrorCode::OpenReviews,
            DecisionError::NoDecisionMaker => ErrorCode::NoDecisionMaker,
            DecisionError::SentBeforeDecision { .. } => ErrorCode::SentBeforeDecision,
            DecisionError::BeforeDeadline { .. } => ErrorCode::InvalidInput,
        }
    }
}

impl DecisionInput {
    /// Whether the input can be used for a decision in `p`: a decision maker named, a decision
    /// date on or after the deadline (the tender period must have ended), and a sending date not
    /// before the decision date.
    pub fn check(&self, p: &Procurement) -> Result<(), DecisionError> {
        if self.decided_by.trim().is_empty() {
            return Err(DecisionError::NoDecisionMaker);
        }
        if self.date < p.deadline {
            return Err(DecisionError::BeforeDeadline { date: self.date, deadline: p.deadline });
        }
        if let Some(sent) = self.sent.filter(|s| *s < self.date) {
            return Err(DecisionError::SentBeforeDecision { sent, date: self.date });
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct SupplierRef {
    pub name: String,
    pub org_nr: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct QualifiedSupplier {
    pub name: String,
    pub org_nr: String,
    pub zones: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct LotDecision {
    pub code: String,
    pub name: String,
    pub suppliers: Vec<QualifiedSupplier>,
}

/// A person's decision on a requirement, as the record shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Judgement {
    pub supplier: String,
    pub org_nr: String,
    pub requirement_id: String,
    pub requirement_title: String,
    pub proposed: Outcome,
    pub decided: Outcome,
    pub justification: String,
    pub decided_by: String,
    pub decided_at: String,
    /// With four eyes: each person's latest judgement, in order (absent without four eyes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<PersonJudgement>>", optional)]
    pub by_person: Vec<PersonJudgement>,
}

/// One person's judgement of a requirement, as the record names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct PersonJudgement {
    pub by: String,
    pub outcome: Outcome,
    pub justification: String,
    pub at: String,
}

/// A working-group member's declaration of jäv (conflict of interest), as the record lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct DeclaredConflict {
    pub reviewer: String,
    pub org_nr: String,
    /// The supplier's name where it has a bid in the decision.
    pub supplier: Option<String>,
    pub reason: String,
    pub declared_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct FailedRequirement {
    pub id: String,
    pub title: String,
    pub evidence: Vec<Evidence>,
    pub reason: String,
    /// Where a person decided the outcome.
    pub judgement: Option<Judgement>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct RejectedSupplier {
    pub name: String,
    pub org_nr: String,
    /// The workbook's file name (never its folder).
    pub file: String,
    pub late: bool,
    pub failed: Vec<FailedRequirement>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct LateBid {
    pub name: String,
    pub org_nr: String,
    #[ts(type = "string")]
    pub received: NaiveDate,
    #[ts(type = "string")]
    pub deadline: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct NotEvaluatedFile {
    /// The workbook's file name (never its folder).
    pub file: String,
    /// Each problem, as `Blad!Cell: meddelande`.
    pub reasons: Vec<String>,
    /// The bidder as the workbook names it, when it can be read (Företagsnamn).
    #[serde(default)]
    pub supplier: Option<String>,
    /// Its organisation number, when the workbook gives a valid one.
    #[serde(default)]
    pub org_nr: Option<String>,
    /// Not evaluated because another bid from the same organisation number has the same date
    /// (as opposed to replaced by a later one, or unreadable).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ambiguous: bool,
}

impl NotEvaluatedFile {
    /// The bidder for people: `Namn AB (556012-5790)`, `Namn AB`, or `–` when unknown.
    pub fn bidder_text(&self) -> String {
        match (&self.supplier, &self.org_nr) {
            (Some(n), Some(o)) => format!("{n} ({o})"),
            (Some(n), None) => n.clone(),
            _ => "–".to_string(),
        }
    }

    /// True for a bid not evaluated because another from the same organisation number shares
    /// its date (as opposed to one replaced by a later bid).
    pub fn is_ambiguous(&self) -> bool {
        self.ambiguous
    }
}

/// A bidder none of whose bids was evaluated (every workbook unreadable, or ambiguous), who is
/// still told of the decision and why: one notice each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct UnevaluatedBidder {
    pub name: String,
    pub org_nr: Option<String>,
    /// The workbooks and why each was not evaluated.
    pub files: Vec<NotEvaluatedFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ShortageBid {
    pub supplier: String,
    pub org_nr: String,
    pub lot: String,
    pub lot_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Counts {
    /// Workbooks received (evaluated, late, replaced, ambiguous, unreadable).
    pub received: usize,
    pub evaluated: usize,
    pub late: usize,
    pub replaced: usize,
    pub unreadable: usize,
    pub qualified: usize,
    pub not_qualified: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ZoneLine {
    pub number: u8,
    pub name: String,
    pub regions: Vec<String>,
}

/// A named workplace whose zone differs from its region's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct WorkplaceLine {
    pub name: String,
    /// The region by name.
    pub region: String,
    /// The zone of the region, which the workplace does not follow.
    pub region_zone: Option<u8>,
    pub zone: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct PriceLine {
    pub code: String,
    pub name: String,
    /// Prices per zone in zone order, as decimal strings with two decimals.
    pub prices: Vec<String>,
}

/// An earlier decision of the same procurement that a re-taken decision replaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct PriorDecision {
    pub number: u32,
    #[ts(type = "string")]
    pub date: NaiveDate,
    /// Its fingerprint, so the chain of decisions can be followed.
    pub fingerprint: String,
}

/// The canonical decision data: everything the record states, nothing the clock adds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Decision {
    /// The decision's number within the procurement (Beslut nr 1, 2, …); 0 until it is stored
    /// (the store gives the number, see `service::decide_batch`).
    pub number: u32,
    /// The decision this one replaces, when the decision was re-taken.
    pub supersedes: Option<PriorDecision>,
    pub procurement_id: String,
    pub procurement_name: String,
    pub coordinator: String,
    pub contact: Option<String>,
    /// The court for review as the definition names it; `None`: "förvaltningsrätten".
    pub court: Option<String>,
    #[ts(type = "string")]
    pub deadline: NaiveDate,
    pub reference_year: i32,
    #[ts(type = "string | null")]
    pub agreement_start: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub agreement_end: Option<NaiveDate>,
    /// Participating regions by name.
    pub regions: Vec<String>,
    pub zones: Vec<ZoneLine>,
    /// Named workplaces in another zone than their region's, in the definition's order.
    pub workplaces: Vec<WorkplaceLine>,
    /// Lots in the agreement (code, name), then shortage specialities outside it.
    pub lots: Vec<(String, String)>,
    pub shortage_lots: Vec<(String, String)>,
    #[ts(type = "string")]
    pub decision_date: NaiveDate,
    pub decided_by: String,
    pub role: Option<String>,
    #[ts(type = "string")]
    pub sent: NaiveDate,
    #[ts(type = "string")]
    pub standstill_end: NaiveDate,
    pub counts: Counts,
    pub qualified_by_lot: Vec<LotDecision>,
    pub not_qualified: Vec<RejectedSupplier>,
    pub judgements: Vec<Judgement>,
    pub late: Vec<LateBid>,
    pub replaced: Vec<NotEvaluatedFile>,
    pub unreadable: Vec<NotEvaluatedFile>,
    pub shortage_bids: Vec<ShortageBid>,
    pub prices: Vec<PriceLine>,
    /// Every evaluated supplier with its final status, for the notices.
    pub suppliers: Vec<SupplierOutcome>,
    /// What the decision rests on besides its own data: the journal's head, the definition, every
    /// workbook received and the whole override history, so the fingerprint covers them. `None`
    /// in decisions taken before the journal was kept (their canonical data has no such field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<DecisionBasis>,
    /// The amendments (rättelser) of the procurement's definition made after workbooks were
    /// received, in order, as the journal recorded them. Absent from the canonical data where
    /// there are none, so a decision without amendments keeps its bytes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amendments: Vec<Amendment>,
    /// The working group's declarations of jäv by the time of the decision, in order. Absent from
    /// the canonical data where there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts_of_interest: Vec<DeclaredConflict>,
}

/// An amendment (rättelse) of the procurement's definition: when, by whom, why, and the
/// definition's SHA-256 before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Amendment {
    /// When it was recorded: UTC, RFC 3339, as the journal stored it.
    pub date: String,
    pub by: String,
    pub justification: String,
    pub before_sha256: String,
    pub after_sha256: String,
}

/// What a decision rests on besides its own data (see [`Decision::basis`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct DecisionBasis {
    /// The hash of the last event of the procurement's journal when the decision was taken.
    pub journal_head: String,
    /// SHA-256 of the definition's text the decision was taken on.
    pub definition_sha256: String,
    /// Every workbook received for the procurement by then, in order of receipt.
    pub workbooks: Vec<ReceivedWorkbook>,
    /// How many overrides were recorded by then, superseded ones included.
    pub overrides: u32,
    /// SHA-256 of the whole override history by then (every override with its original, in
    /// order), as canonical JSON.
    pub override_history_sha256: String,
}

/// A workbook as received: its file name and the SHA-256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ReceivedWorkbook {
    pub file: String,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct SupplierOutcome {
    pub name: String,
    pub org_nr: String,
    pub status: Status,
    /// (lot code, lot name, zones) qualified for.
    pub lots: Vec<(String, String, Vec<u8>)>,
}

impl Decision {
    /// The bidders named in workbooks that were not evaluated (unreadable or ambiguous) and that
    /// have no evaluated bid, each once (by organisation number, else by name), in name order.
    /// They are told of the decision like the others (LOU 12 kap. 12 §).
    pub fn unevaluated_bidders(&self) -> Vec<UnevaluatedBidder> {
        let evaluated: std::collections::BTreeSet<&str> = self.suppliers.iter().map(|s| s.org_nr.as_str()).collect();
        let mut out: Vec<UnevaluatedBidder> = Vec::new();
        for f in self.unreadable.iter().chain(self.replaced.iter().filter(|f| f.is_ambiguous())) {
            let Some(name) = &f.supplier else { continue };
            if f.org_nr.as_deref().is_some_and(|o| evaluated.contains(o)) {
                continue;
            }
            let same = |b: &UnevaluatedBidder| match (&b.org_nr, &f.org_nr) {
                (Some(a), Some(o)) => a == o,
                (None, None) => b.name == *name,
                _ => false,
            };
            match out.iter_mut().find(|b| same(b)) {
                Some(b) => b.files.push(f.clone()),
                None => out.push(UnevaluatedBidder { name: name.clone(), org_nr: f.org_nr.clone(), files: vec![f.clone()] }),
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.org_nr.cmp(&b.org_nr)));
        out
    }

    /// The canonical bytes the fingerprint is taken of.
    pub fn canonical_json(&self) -> String {
        serde_json::to_string(self).expect("decision serializes")
    }

    /// SHA-256 of the canonical data, hex.
    pub fn fingerprint(&self) -> String {
        fingerprint_of(&self.canonical_json())
    }

    pub fn supplier(&self, org_nr: &str) -> Option<&SupplierOutcome> {
        self.suppliers.iter().find(|s| s.org_nr == org_nr)
    }
}

pub fn fingerprint_of(canonical_json: &str) -> String {
    Sha256::digest(canonical_json.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The suppliers that still need review, as `Name (orgnr)`.
/// Where people disagree (four eyes), the requirements are named: `Name (orgnr): oenighet om
/// kravet x`.
pub fn open_reviews(evaluations: &[SupplierEvaluation]) -> Vec<String> {
    evaluations
        .iter()
        .filter(|e| e.status == Status::NeedsReview)
        .map(|e| {
            let disagreements: Vec<&str> = e
                .requirements
                .iter()
                .filter(|r| r.open == Some(crate::model::evaluation::OpenJudgement::Disagreement))
                .map(|r| r.id.as_str())
                .collect();
            match disagreements.as_slice() {
                [] => format!("{} ({})", e.name, e.org_nr),
                [one] => format!("{} ({}): oenighet om kravet {one}", e.name, e.org_nr),
                many => format!("{} ({}): oenighet om kraven {}", e.name, e.org_nr, many.join(", ")),
            }
        })
        .collect()
}

/// Builds the decision. Refuses an unusable input ([`DecisionInput::check`]), and while any
/// supplier needs review.
pub fn build_decision(
    p: &Procurement,
    evaluations: &[SupplierEvaluation],
    not_evaluated: &[Rejection],
    input: &DecisionInput,
) -> Result<Decision, DecisionError> {
    input.check(p)?;
    let open = open_reviews(evaluations);
    if !open.is_empty() {
        return Err(DecisionError::OpenReviews(open));
    }
    let sent = input.sent.unwrap_or(input.date);
    // Suppliers in a stable order: by name, then organisation number.
    let mut evals: Vec<&SupplierEvaluation> = evaluations.iter().collect();
    evals.sort_by(|a, b| a.name.cmp(&b.name).then(a.org_nr.cmp(&b.org_nr)));
    let late = late_bids(p, &evals);
    let NotEvaluated { replaced, unreadable } = not_evaluated_files(not_evaluated);
    let counts = counts(evaluations, &late, &replaced, &unreadable);

    Ok(Decision {
        number: 0,
        supersedes: None,
        procurement_id: p.id.clone(),
        procurement_name: p.name.clone(),
        coordinator: p.coordinator.clone(),
        contact: p.contact.clone(),
        court: p.court.clone(),
        deadline: p.deadline,
        reference_year: p.reference_year,
        agreement_start: p.agreement_start,
        agreement_end: p.agreement_end,
        regions: p.regions.iter().map(|r| r.name.clone()).collect(),
        zones: zone_lines(p),
        workplaces: workplace_lines(p),
        lots: p.agreement_lots().map(|l| (l.code.clone(), l.name.clone())).collect(),
        shortage_lots: p.lots.iter().filter(|l| l.shortage).map(|l| (l.code.clone(), l.name.clone())).collect(),
        decision_date: input.date,
        decided_by: input.decided_by.trim().to_string(),
        role: input.role.clone().filter(|r| !r.trim().is_empty()),
        sent,
        standstill_end: standstill_end(sent),
        counts,
        qualified_by_lot: qualified_by_lot(p, &evals),
        not_qualified: not_qualified(&evals),
        judgements: judgements(&evals),
        late,
        replaced,
        unreadable,
        shortage_bids: shortage_bids(p, &evals),
        prices: price_lines(p),
        suppliers: supplier_outcomes(&evals),
        basis: None,
        amendments: vec![],
        conflicts_of_interest: vec![],
    })
}

/// The zones, their regions by name.
fn zone_lines(p: &Procurement) -> Vec<ZoneLine> {
    p.zones
        .zones
        .iter()
        .map(|z| ZoneLine {
            number: z.number,
            name: z.name.clone(),
            regions: z.regions.iter().map(|c| crate::model::regions::region_name(c).unwrap_or(c).to_string()).collect(),
        })
        .collect()
}

/// The named workplaces in another zone than their region's, beside their region's zone.
fn workplace_lines(p: &Procurement) -> Vec<WorkplaceLine> {
    p.zones
        .workplaces
        .iter()
        .map(|w| WorkplaceLine {
            name: w.name.clone(),
            region: crate::model::regions::region_name(&w.region).unwrap_or(&w.region).to_string(),
            region_zone: p.zones.zone_for(&w.region, None),
            zone: w.zone,
        })
        .collect()
}

/// Each lot of the agreement with the qualified suppliers that bid for it, and their zones.
fn qualified_by_lot(p: &Procurement, evals: &[&SupplierEvaluation]) -> Vec<LotDecision> {
    p.agreement_lots()
        .map(|lot| {
            let suppliers: Vec<QualifiedSupplier> = evals
                .iter()
                .filter(|e| e.status == Status::Qualified)
                .filter_map(|e| {
                    e.lots.iter().find(|l| l.code == lot.code).map(|l| QualifiedSupplier {
                        name: e.name.clone(),
                        org_nr: e.org_nr.clone(),
                        zones: l.zones.clone(),
                    })
                })
                .collect();
            LotDecision { code: lot.code.clone(), name: lot.name.clone(), suppliers }
        })
        .collect()
}

/// A person's decision on a requirement, where there is one.
fn judgement_of(e: &SupplierEvaluation, r: &RequirementResult) -> Option<Judgement> {
    r.override_.as_ref().map(|o| Judgement {
        supplier: e.name.clone(),
        org_nr: e.org_nr.clone(),
        requirement_id: r.id.clone(),
        requirement_title: r.title.clone(),
        proposed: r.proposed,
        decided: o.outcome,
        justification: o.justification.clone(),
        decided_by: o.decided_by.clone(),
        decided_at: o.decided_at.clone(),
        by_person: r
            .judgements
            .iter()
            .map(|j| PersonJudgement {
                by: j.decided_by.trim().to_string(),
                outcome: j.outcome,
                justification: j.justification.clone(),
                at: j.decided_at.clone(),
            })
            .collect(),
    })
}

/// Every supplier not qualified, with each requirement it does not meet.
fn not_qualified(evals: &[&SupplierEvaluation]) -> Vec<RejectedSupplier> {
    evals
        .iter()
        .filter(|e| e.status == Status::NotQualified)
        .map(|e| RejectedSupplier {
            name: e.name.clone(),
            org_nr: e.org_nr.clone(),
            file: file_name(&e.file).to_string(),
            late: e.late,
            failed: e
                .requirements
                .iter()
                .filter(|r| r.outcome == Outcome::Fail)
                .map(|r| FailedRequirement {
                    id: r.id.clone(),
                    title: r.title.clone(),
                    evidence: r.evidence.clone(),
                    reason: r.reason.clone(),
                    judgement: judgement_of(e, r),
                })
                .collect(),
        })
        .collect()
}

/// Every judgement made, supplier by supplier, in the order of the requirements.
fn judgements(evals: &[&SupplierEvaluation]) -> Vec<Judgement> {
    evals.iter().flat_map(|e| e.requirements.iter().filter_map(|r| judgement_of(e, r))).collect()
}

/// The bids that came in after the deadline, with the date each states (its first
/// requirement's first evidence; the deadline where that cannot be read).
fn late_bids(p: &Procurement, evals: &[&SupplierEvaluation]) -> Vec<LateBid> {
    evals
        .iter()
        .filter(|e| e.late)
        .map(|e| {
            let received =
                e.requirements.first().and_then(|r| r.evidence.first()).and_then(|ev| ev.value.parse().ok()).unwrap_or(p.deadline);
            LateBid { name: e.name.clone(), org_nr: e.org_nr.clone(), received, deadline: p.deadline }
        })
        .collect()
}

/// The bids for shortage specialities, outside the agreement, as the evaluation warned of them.
fn shortage_bids(p: &Procurement, evals: &[&SupplierEvaluation]) -> Vec<ShortageBid> {
    let mut shortage_bids = Vec::new();
    for e in evals {
        for w in &e.warnings {
            if let Some(lot) = p.lots.iter().filter(|l| l.shortage).find(|l| w.contains(&format!("{} {}", l.code, l.name))) {
                shortage_bids.push(ShortageBid {
                    supplier: e.name.clone(),
                    org_nr: e.org_nr.clone(),
                    lot: lot.code.clone(),
                    lot_name: lot.name.clone(),
                });
            }
        }
    }
    shortage_bids
}

/// Every evaluated supplier with its final status, and the lots and zones of a qualified one.
fn supplier_outcomes(evals: &[&SupplierEvaluation]) -> Vec<SupplierOutcome> {
    evals
        .iter()
        .map(|e| SupplierOutcome {
            name: e.name.clone(),
            org_nr: e.org_nr.clone(),
            status: e.status,
            lots: if e.status == Status::Qualified {
                e.lots.iter().map(|l| (l.code.clone(), l.name.clone(), l.zones.clone())).collect()
            } else {
                vec![]
            },
        })
        .collect()
}

/// The workbooks not evaluated: replaced or ambiguous, and unreadable.
struct NotEvaluated {
    replaced: Vec<NotEvaluatedFile>,
    unreadable: Vec<NotEvaluatedFile>,
}

/// The workbooks not evaluated, by file name (then reasons), so the order does not depend on the
/// folders.
fn not_evaluated_files(not_evaluated: &[Rejection]) -> NotEvaluated {
    let mut rejected: Vec<(NotEvaluatedFile, &Rejection)> = not_evaluated
        .iter()
        .map(|r| {
            let item = NotEvaluatedFile {
                file: file_name(&r.file).to_string(),
                reasons: r.errors.iter().map(|e| e.to_string()).collect(),
                supplier: r.bidder.as_ref().map(|b| b.name.clone()),
                org_nr: r.bidder.as_ref().and_then(|b| b.org_nr.clone()),
                ambiguous: r.kind() == RejectionKind::Ambiguous,
            };
            (item, r)
        })
        .collect();
    rejected.sort_by(|(a, _), (b, _)| a.file.cmp(&b.file).then_with(|| a.reasons.cmp(&b.reasons)));
    let mut out = NotEvaluated { replaced: Vec::new(), unreadable: Vec::new() };
    for (item, r) in rejected {
        if r.kind() != RejectionKind::Unreadable {
            out.replaced.push(item);
        } else {
            out.unreadable.push(item);
        }
    }
    out
}

/// The bids counted: every workbook received is evaluated, late, replaced (or ambiguous) or
/// unreadable.
fn counts(
    evaluations: &[SupplierEvaluation],
    late: &[LateBid],
    replaced: &[NotEvaluatedFile],
    unreadable: &[NotEvaluatedFile],
) -> Counts {
    Counts {
        received: evaluations.len() + replaced.len() + unreadable.len(),
        evaluated: evaluations.iter().filter(|e| !e.late).count(),
        late: late.len(),
        replaced: replaced.len(),
        unreadable: unreadable.len(),
        qualified: evaluations.iter().filter(|e| e.status == Status::Qualified).count(),
        not_qualified: evaluations.iter().filter(|e| e.status == Status::NotQualified).count(),
    }
}

/// The fixed prices of each lot of the agreement, zone by zone, as decimal strings.
fn price_lines(p: &Procurement) -> Vec<PriceLine> {
    p.agreement_lots()
        .map(|l| PriceLine {
            code: l.code.clone(),
            name: l.name.clone(),
            prices: p
                .zones
                .numbers()
                .map(|z| p.prices.get(&l.code, z).map(crate::model::money::to_money_string).unwrap_or_default())
                .collect(),
        })
        .collect()
}
