//! The working group (docs/review.md, ../shared/spec/review.md): members, jäv, assignment, the
//! review packages and their responses, four eyes. The coordinator's half works on the store;
//! the member's half (open a package, assess, save the work, respond) needs no database.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::envelope::{self, EnvelopeError, Header, Kind};
use crate::model::evaluation::{OpenJudgement, Status};
use crate::model::requirement::Outcome;
use crate::store::review::{NewAssessment, NewResponse, ReviewerRow};
use crate::store::Store;

use super::error::{Result, WorkspaceError};
use super::procurement::load;
use super::supplier::{supplier_details, SupplierDetail};

const PACKAGE_FORMAT: &str = "anbud-granskningspaket";
const RESPONSE_FORMAT: &str = "anbud-granskningssvar";

/// The procurement a package belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct PackageProcurement {
    pub id: String,
    pub name: String,
}

/// What a review package holds: the procurement, the member, the assigned suppliers' bids as the
/// coordinator's supplier screen shows them (answers with their cells, the engine's proposals,
/// evidence and reasons), and the keys for the member's response and saved work. Nothing of
/// other suppliers, no override history, no conflicts of bids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct PackageContent {
    pub format: String,
    pub package_id: String,
    pub procurement: PackageProcurement,
    pub reviewer: String,
    pub created_at: String,
    pub four_eyes: bool,
    /// The public key the response is sealed to (its secret stays in the coordinator's database).
    #[serde(rename = "response_recipient")]
    pub response_recipient: String,
    /// The key the member's saved work is sealed with, on the member's laptop.
    #[ts(skip)]
    #[serde(rename = "draft_identity")]
    pub draft_identity: String,
    pub suppliers: Vec<SupplierDetail>,
}

/// A member's assessment of one requirement of one supplier (the assessments file's
/// `[[assessment]]`, and what the app records).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct AssessmentInput {
    pub org_nr: String,
    pub requirement: String,
    /// pass, fail or missing.
    pub outcome: Outcome,
    #[serde(default)]
    pub justification: String,
    #[serde(default)]
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct ResponseAssessment {
    org_nr: String,
    /// The bid assessed, as the package held it.
    sha256: String,
    requirement: String,
    proposed: Outcome,
    outcome: Outcome,
    justification: String,
    comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct ResponseContent {
    format: String,
    package_id: String,
    procurement_id: String,
    response_id: String,
    reviewer: String,
    written_at: String,
    assessments: Vec<ResponseAssessment>,
}

/// A member's work in progress, saved sealed as it goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Draft {
    pub package_id: String,
    pub saved_at: String,
    pub assessments: Vec<AssessmentInput>,
}

// ---- the coordinator: people ----

/// Registers a working-group member.
pub fn add_reviewer(store: &mut Store, procurement_id: &str, name: &str, region: Option<&str>, now: &str) -> Result<()> {
    if let Some(code) = region.map(str::trim).filter(|r| !r.is_empty()) {
        if !crate::model::regions::is_region_code(code) {
            return Err(WorkspaceError::Invalid(format!("\"{code}\" är ingen länskod (01–25).")));
        }
    }
    store.add_reviewer(procurement_id, name, region, now)?;
    Ok(())
}

fn org_nr(text: &str) -> Result<String> {
    crate::model::orgnr::OrgNr::parse(text)
        .map(|o| o.to_string())
        .map_err(|e| WorkspaceError::Invalid(format!("\"{text}\" är inte ett giltigt organisationsnummer: {e}")))
}

/// Records a member's declaration of jäv against a supplier.
pub fn declare_conflict(store: &mut Store, procurement_id: &str, name: &str, org: &str, reason: &str, now: &str) -> Result<()> {
    let org = org_nr(org)?;
    store.declare_conflict(procurement_id, name, &org, reason, now)?;
    Ok(())
}

/// Assigns suppliers to a member: all or none (refused with `conflict_of_interest` where the
/// member declared jäv against one). Returns the newly assigned.
pub fn assign(store: &mut Store, procurement_id: &str, name: &str, orgs: &[String], now: &str) -> Result<Vec<String>> {
    let orgs = orgs.iter().map(|o| org_nr(o)).collect::<Result<Vec<_>>>()?;
    Ok(store.assign(procurement_id, name, &orgs, now)?)
}

/// Takes a supplier from a member.
pub fn unassign(store: &mut Store, procurement_id: &str, name: &str, org: &str, now: &str) -> Result<bool> {
    let org = org_nr(org)?;
    Ok(store.unassign(procurement_id, name, &org, now)?)
}

/// A supplier in the working group's matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct GroupSupplier {
    pub org_nr: String,
    pub name: String,
    /// Some requirement of the supplier's bid needs a person's judgement.
    pub needs_review: bool,
    /// The members assigned, by name.
    pub assessors: Vec<String>,
    /// The members who declared jäv against it.
    pub conflicts: Vec<String>,
}

/// The working group of a procurement: members × suppliers, with what to warn of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct WorkingGroup {
    pub four_eyes: bool,
    pub reviewers: Vec<ReviewerRow>,
    pub suppliers: Vec<GroupSupplier>,
    /// In Swedish: each supplier that needs review with fewer than two assessors (four eyes), or
    /// with none.
    pub warnings: Vec<String>,
    /// The open disagreements, for the coordinator to settle.
    pub disagreements: Vec<Disagreement>,
}

/// A requirement where people disagree (four eyes), side by side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Disagreement {
    #[ts(type = "number")]
    pub bid_id: i64,
    pub org_nr: String,
    pub name: String,
    pub requirement_id: String,
    pub title: String,
    pub proposed: Outcome,
    pub judgements: Vec<crate::model::evaluation::Override>,
}

/// The working group's matrix and warnings.
pub fn working_group(store: &Store, procurement_id: &str) -> Result<WorkingGroup> {
    let (p, _) = load(store, procurement_id)?;
    let p = crate::usecases::evaluation::in_force(store, &p)?;
    let reviewers = store.reviewers(procurement_id)?;
    let evaluations = crate::usecases::evaluation::evaluations_in_force(store, &p)?;
    let mut suppliers = Vec::new();
    let mut warnings = Vec::new();
    let mut disagreements = Vec::new();
    for (bid_id, e) in &evaluations {
        let needs_review = e.requirements.iter().any(|r| r.proposed == Outcome::Review || r.outcome == Outcome::Review);
        let assessors: Vec<String> = reviewers.iter().filter(|r| r.assigned.contains(&e.org_nr)).map(|r| r.name.clone()).collect();
        let conflicts: Vec<String> =
            reviewers.iter().filter(|r| r.conflicts.iter().any(|c| c.org_nr == e.org_nr)).map(|r| r.name.clone()).collect();
        if needs_review && !e.late {
            let wanted = if p.review.four_eyes { 2 } else { 1 };
            if assessors.len() < wanted {
                warnings.push(format!(
                    "{} ({}) behöver granskas men har {}{}.",
                    e.name,
                    e.org_nr,
                    match assessors.len() {
                        0 => "ingen bedömare".to_string(),
                        1 => "bara en bedömare".to_string(),
                        n => format!("{n} bedömare"),
                    },
                    if p.review.four_eyes { " (fyra ögon kräver två)" } else { "" }
                ));
            }
        }
        for r in e.requirements.iter().filter(|r| r.open == Some(OpenJudgement::Disagreement)) {
            disagreements.push(Disagreement {
                bid_id: *bid_id,
                org_nr: e.org_nr.clone(),
                name: e.name.clone(),
                requirement_id: r.id.clone(),
                title: r.title.clone(),
                proposed: r.proposed,
                judgements: r.judgements.clone(),
            });
        }
        suppliers.push(GroupSupplier {
            org_nr: e.org_nr.clone(),
            name: e.name.clone(),
            needs_review,
            assessors,
            conflicts,
        });
    }
    Ok(WorkingGroup { four_eyes: p.review.four_eyes, reviewers, suppliers, warnings, disagreements })
}

// ---- the coordinator: packages out, responses in ----

/// A package written: its bytes, the passphrase, and whom it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedPackage {
    pub bytes: Vec<u8>,
    pub passphrase: String,
    pub package_id: String,
    pub reviewer: String,
    pub suppliers: usize,
}

/// The package for one member: their assigned suppliers' bids in force, sealed with the
/// passphrase given (or a generated one). The database keeps the key to its responses.
pub fn export_package(
    store: &mut Store,
    procurement_id: &str,
    name: &str,
    passphrase: Option<&str>,
    now: &str,
) -> Result<ExportedPackage> {
    let (p, _) = load(store, procurement_id)?;
    let reviewer = store
        .reviewers(procurement_id)?
        .into_iter()
        .find(|r| crate::store::review::name_key(&r.name) == crate::store::review::name_key(name))
        .ok_or_else(|| {
            WorkspaceError::Refused(format!("\"{}\" är inte registrerad som granskare i {procurement_id}.", name.trim()))
        })?;
    if reviewer.assigned.is_empty() {
        return Err(WorkspaceError::Refused(format!("{} har inte tilldelats någon leverantör att granska.", reviewer.name)));
    }
    let passphrase = match passphrase.map(str::trim) {
        Some(p) if p.chars().count() < 12 => {
            return Err(WorkspaceError::Invalid("Lösenfrasen är för kort: minst 12 tecken.".into()));
        }
        Some(p) => p.to_string(),
        None => envelope::generate_passphrase(),
    };
    let mut suppliers = Vec::new();
    let mut listed = Vec::new();
    let mut bid_ids = Vec::new();
    for org in &reviewer.assigned {
        if let Some(bid_id) = store.active_bid_for(procurement_id, org)? {
            bid_ids.push(bid_id);
        }
    }
    for mut detail in supplier_details(store, procurement_id, &bid_ids)? {
        // What the member needs and nothing more: not who changed what, nor others' assessments.
        detail.history.clear();
        detail.assessments.clear();
        detail.conflict.clear();
        for r in &mut detail.requirements {
            r.history.clear();
            r.result.override_ = None;
            r.result.judgements.clear();
            r.result.open = None;
            r.result.outcome = r.result.proposed;
        }
        detail.status = Status::from_outcomes(detail.requirements.iter().map(|r| r.result.proposed));
        listed.push(serde_json::json!({ "org_nr": detail.org_nr, "sha256": detail.sha256 }));
        suppliers.push(detail);
    }
    let package_id = envelope::new_id();
    let (response_identity, response_recipient) = envelope::new_key_pair();
    let (draft_identity, _) = envelope::new_key_pair();
    let content = PackageContent {
        format: PACKAGE_FORMAT.into(),
        package_id: package_id.clone(),
        procurement: PackageProcurement { id: p.id.clone(), name: p.name.clone() },
        reviewer: reviewer.name.clone(),
        created_at: now.to_string(),
        four_eyes: p.review.four_eyes,
        response_recipient,
        draft_identity,
        suppliers,
    };
    let plaintext = serde_json::to_vec(&content).map_err(|e| WorkspaceError::Invalid(e.to_string()))?;
    let header = Header {
        procurement: p.id.clone(),
        package: package_id.clone(),
        response: None,
        sha256: String::new(),
    };
    let bytes = envelope::seal_with_passphrase(header, &passphrase, &plaintext)?;
    let sha = crate::model::bid::sha256_hex(&bytes);
    let n = content.suppliers.len();
    store.immediate(|s| {
        s.record_package(
            procurement_id,
            &package_id,
            reviewer.id,
            &reviewer.name,
            &response_identity,
            &serde_json::Value::Array(listed),
            &sha,
            now,
        )
    })?;
    Ok(ExportedPackage { bytes, passphrase, package_id, reviewer: reviewer.name, suppliers: n })
}

/// What merging a response did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Merged {
    pub reviewer: String,
    #[ts(type = "number")]
    pub assessments: usize,
    /// The response was merged before (when): nothing was added.
    pub already_merged: Option<String>,
}

/// Merges one response: checked whole, then stored whole or not at all. Refused (naming why) when
/// it is not a response, was altered, belongs to another procurement or to a package this
/// database never exported, or assesses a supplier the member was not assigned or declared jäv
/// against. A response merged before adds nothing.
pub fn merge_response(store: &mut Store, procurement_id: &str, bytes: &[u8], now: &str) -> Result<Merged> {
    let (p, _) = load(store, procurement_id)?;
    let (header, sealed) = envelope::read_header(Kind::Response, bytes)?;
    if header.procurement != p.id {
        return Err(WorkspaceError::Refused(format!("Svaret hör till upphandlingen {}, inte till {}.", header.procurement, p.id)));
    }
    let package = store.package(&header.package)?.filter(|pk| pk.procurement_id == p.id).ok_or_else(|| {
        WorkspaceError::Refused(format!(
            "Svaret hör till ett granskningspaket som den här databasen aldrig har skapat för {} (paket {}).",
            p.id, header.package
        ))
    })?;
    let plaintext = envelope::open_with_identity(&header, sealed, &package.response_identity)?;
    let content: ResponseContent = serde_json::from_slice(&plaintext).map_err(|_| EnvelopeError::Altered)?;
    if content.format != RESPONSE_FORMAT
        || content.package_id != header.package
        || content.procurement_id != header.procurement
        || Some(&content.response_id) != header.response.as_ref()
    {
        return Err(EnvelopeError::Altered.into());
    }
    if let Some(at) = store.response_merged_at(&content.response_id)? {
        return Ok(Merged { reviewer: package.reviewer, assessments: 0, already_merged: Some(at) });
    }
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    for a in &content.assessments {
        if let Some(reason) = store.conflict_of(&p.id, &package.reviewer, &a.org_nr)? {
            problems.push(format!("{} har anmält jäv mot {} ({reason})", package.reviewer, a.org_nr));
            continue;
        }
        if !store.is_assigned(package.reviewer_id, &a.org_nr)? {
            problems.push(format!("{} är inte tilldelad {} att granska", package.reviewer, a.org_nr));
            continue;
        }
        let Some(bid) = store.bid_with_sha(&p.id, &a.sha256)? else {
            problems.push(format!("anbudet från {} som bedömts finns inte i databasen", a.org_nr));
            continue;
        };
        if bid.bid.org_nr.to_string() != a.org_nr || p.requirement(&a.requirement).is_none() || a.outcome == Outcome::Review {
            problems.push(format!("bedömningen av {} för {} kan inte användas", a.requirement, a.org_nr));
            continue;
        }
        rows.push(NewAssessment {
            bid_id: bid.id,
            org_nr: a.org_nr.clone(),
            requirement_id: a.requirement.clone(),
            proposed: a.proposed,
            outcome: a.outcome,
            justification: a.justification.clone(),
            comment: a.comment.clone(),
        });
    }
    if !problems.is_empty() {
        return Err(WorkspaceError::Refused(format!("Svaret från {} har inte lästs in: {}.", package.reviewer, problems.join("; "))));
    }
    let sha = crate::model::bid::sha256_hex(bytes);
    let response = NewResponse {
        procurement_id: &p.id,
        package: &package,
        response_id: &content.response_id,
        sha256: &sha,
        written_at: &content.written_at,
        assessments: &rows,
    };
    store.immediate(|s| s.merge_response(&response, now))?;
    Ok(Merged { reviewer: package.reviewer, assessments: rows.len(), already_merged: None })
}

/// A requirement's judgements and whether they settle it (`review status`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct RequirementStatus {
    pub id: String,
    pub proposed: Outcome,
    pub judgements: Vec<JudgementLine>,
    /// The outcome settled, `null` while it awaits judgement or people disagree.
    pub settled: Option<Outcome>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct JudgementLine {
    pub by: String,
    pub outcome: Outcome,
    pub justification: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct SupplierStatus {
    pub org_nr: String,
    pub name: String,
    pub requirements: Vec<RequirementStatus>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ReviewStatus {
    pub suppliers: Vec<SupplierStatus>,
}

/// Where the review stands: for every supplier in force, each requirement that needs or has a
/// person's judgement, with every judgement and what is settled.
pub fn review_status(store: &Store, procurement_id: &str) -> Result<ReviewStatus> {
    let (p, _) = load(store, procurement_id)?;
    let p = crate::usecases::evaluation::in_force(store, &p)?;
    let mut suppliers = Vec::new();
    for (bid_id, e) in crate::usecases::evaluation::evaluations_in_force(store, &p)? {
        let judgements = store.judgements(bid_id)?;
        let requirements: Vec<RequirementStatus> = e
            .requirements
            .iter()
            .filter(|r| {
                r.proposed == Outcome::Review || r.outcome == Outcome::Review || judgements.iter().any(|j| j.requirement_id == r.id)
            })
            .map(|r| {
                let lines: Vec<JudgementLine> = if p.review.four_eyes {
                    r.judgements.iter().map(line).collect()
                } else {
                    judgements.iter().filter(|j| j.requirement_id == r.id).map(line).collect()
                };
                let settled = (r.outcome != Outcome::Review).then_some(r.outcome);
                RequirementStatus { id: r.id.clone(), proposed: r.proposed, judgements: lines, settled }
            })
            .collect();
        suppliers.push(SupplierStatus { org_nr: e.org_nr.clone(), name: e.name.clone(), requirements });
    }
    Ok(ReviewStatus { suppliers })
}

fn line(j: &crate::model::evaluation::Override) -> JudgementLine {
    JudgementLine {
        by: j.decided_by.clone(),
        outcome: j.outcome,
        justification: j.justification.clone(),
    }
}

// ---- the member: no database ----

/// Opens a package with its passphrase (about a second: the key derivation is slow on purpose).
pub fn open_package(bytes: &[u8], passphrase: &str) -> Result<PackageContent> {
    let (header, plaintext) = envelope::open_with_passphrase(bytes, passphrase.trim())?;
    let content: PackageContent = serde_json::from_slice(&plaintext).map_err(|_| EnvelopeError::Altered)?;
    if content.format != PACKAGE_FORMAT || content.package_id != header.package || content.procurement.id != header.procurement {
        return Err(EnvelopeError::Altered.into());
    }
    Ok(content)
}

/// The assessments file (`[[assessment]]`, spec/review.md).
pub fn parse_assessments(text: &str) -> Result<Vec<AssessmentInput>> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct File {
        #[serde(default)]
        assessment: Vec<Raw>,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Raw {
        org_nr: String,
        requirement: String,
        outcome: String,
        #[serde(default)]
        justification: String,
        #[serde(default)]
        comment: String,
    }
    let file: File =
        toml::from_str(text).map_err(|e| WorkspaceError::Invalid(format!("Bedömningsfilen kan inte läsas: {}", e.message())))?;
    file.assessment
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let outcome = match Outcome::parse(r.outcome.trim()) {
                Some(Outcome::Review) | None => {
                    return Err(WorkspaceError::Invalid(format!(
                        "Bedömning nr {}: okänt utfall \"{}\" (pass, fail eller missing).",
                        i + 1,
                        r.outcome
                    )))
                }
                Some(o) => o,
            };
            Ok(AssessmentInput {
                org_nr: r.org_nr.trim().to_string(),
                requirement: r.requirement.trim().to_string(),
                outcome,
                justification: r.justification.trim().to_string(),
                comment: r.comment.trim().to_string(),
            })
        })
        .collect()
}

/// Each problem of the assessments against the package, in Swedish: a supplier not in it, an
/// unknown requirement, `review` as an outcome, a justification missing where one is needed
/// (another outcome than the proposal, or any assessment of a `review` proposal), the same
/// requirement assessed twice.
pub fn assessment_problems(content: &PackageContent, assessments: &[AssessmentInput]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (i, a) in assessments.iter().enumerate() {
        let n = i + 1;
        let org = crate::model::orgnr::OrgNr::parse(&a.org_nr).map(|o| o.to_string()).unwrap_or_else(|_| a.org_nr.clone());
        let Some(s) = content.suppliers.iter().find(|s| s.org_nr == org) else {
            problems.push(format!("Bedömning nr {n}: leverantören {} finns inte i granskningspaketet.", a.org_nr));
            continue;
        };
        let Some(r) = s.requirements.iter().find(|r| r.result.id == a.requirement) else {
            problems.push(format!("Bedömning nr {n}: kravet \"{}\" finns inte för {} i paketet.", a.requirement, s.name));
            continue;
        };
        if a.outcome == Outcome::Review {
            problems.push(format!("Bedömning nr {n}: \"review\" är ingen bedömning; ange pass, fail eller missing."));
        }
        let needs = a.outcome != r.result.proposed || r.result.proposed == Outcome::Review;
        if needs && a.justification.trim().is_empty() {
            problems.push(format!(
                "Bedömning nr {n} ({}, {}): en motivering krävs när utfallet inte är förslaget eller förslaget är ”Behöver granskas”.",
                s.name, a.requirement
            ));
        }
        if !seen.insert((org, a.requirement.clone())) {
            problems.push(format!("Bedömning nr {n}: kravet \"{}\" för {} är bedömt mer än en gång.", a.requirement, s.name));
        }
    }
    problems
}

/// The member's response: the assessments, checked against the package, sealed to it.
pub fn respond(content: &PackageContent, assessments: &[AssessmentInput], now: &str) -> Result<Vec<u8>> {
    let problems = assessment_problems(content, assessments);
    if !problems.is_empty() {
        return Err(WorkspaceError::Refused(format!("Inget svar har skrivits: {}", problems.join(" "))));
    }
    let response_id = envelope::new_id();
    let lines = assessments
        .iter()
        .map(|a| {
            let org = crate::model::orgnr::OrgNr::parse(&a.org_nr).map(|o| o.to_string()).unwrap_or_else(|_| a.org_nr.clone());
            let s = content.suppliers.iter().find(|s| s.org_nr == org).expect("checked");
            let r = s.requirements.iter().find(|r| r.result.id == a.requirement).expect("checked");
            ResponseAssessment {
                org_nr: org,
                sha256: s.sha256.clone(),
                requirement: a.requirement.clone(),
                proposed: r.result.proposed,
                outcome: a.outcome,
                justification: a.justification.trim().to_string(),
                comment: a.comment.trim().to_string(),
            }
        })
        .collect();
    let response = ResponseContent {
        format: RESPONSE_FORMAT.into(),
        package_id: content.package_id.clone(),
        procurement_id: content.procurement.id.clone(),
        response_id: response_id.clone(),
        reviewer: content.reviewer.clone(),
        written_at: now.to_string(),
        assessments: lines,
    };
    let plaintext = serde_json::to_vec(&response).map_err(|e| WorkspaceError::Invalid(e.to_string()))?;
    let header = Header {
        procurement: content.procurement.id.clone(),
        package: content.package_id.clone(),
        response: Some(response_id),
        sha256: String::new(),
    };
    Ok(envelope::seal_to(Kind::Response, header, &content.response_recipient, &plaintext)?)
}

/// Where the member's saved work for a package lives: `<data folder>/granskning/<package>.utkast`,
/// sealed; nothing of the bids is written there in clear.
pub fn draft_path(data_dir: &Path, package_id: &str) -> PathBuf {
    data_dir.join("granskning").join(format!("{package_id}.utkast"))
}

/// Saves the member's work, sealed to the package's draft key, through a temporary file.
pub fn save_draft(data_dir: &Path, content: &PackageContent, assessments: &[AssessmentInput], now: &str) -> Result<()> {
    let draft = Draft {
        package_id: content.package_id.clone(),
        saved_at: now.to_string(),
        assessments: assessments.to_vec(),
    };
    let plaintext = serde_json::to_vec(&draft).map_err(|e| WorkspaceError::Invalid(e.to_string()))?;
    let recipient = envelope::recipient_of(&content.draft_identity)?;
    let header = Header {
        procurement: content.procurement.id.clone(),
        package: content.package_id.clone(),
        response: None,
        sha256: String::new(),
    };
    let bytes = envelope::seal_to(Kind::Draft, header, &recipient, &plaintext)?;
    let path = draft_path(data_dir, &content.package_id);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| super::error::io("Mappen kan inte skapas:", dir, e))?;
    }
    envelope::write_atomically(&path, &bytes).map_err(|e| super::error::io("Granskningen kan inte sparas i", &path, e))?;
    Ok(())
}

/// The member's saved work for a package, if any.
pub fn load_draft(data_dir: &Path, content: &PackageContent) -> Result<Option<Draft>> {
    let path = draft_path(data_dir, &content.package_id);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(super::error::io("Den sparade granskningen kan inte läsas:", &path, e)),
    };
    let (header, sealed) = envelope::read_header(Kind::Draft, &bytes)?;
    if header.package != content.package_id {
        return Err(EnvelopeError::Altered.into());
    }
    let plaintext = envelope::open_with_identity(&header, sealed, &content.draft_identity)?;
    let draft: Draft = serde_json::from_slice(&plaintext).map_err(|_| EnvelopeError::Altered)?;
    if draft.package_id != content.package_id {
        return Err(EnvelopeError::Altered.into());
    }
    Ok(Some(draft))
}

/// `review show --json`'s shape (spec/review.md).
pub fn show_json(content: &PackageContent) -> serde_json::Value {
    serde_json::json!({
        "procurement": { "id": content.procurement.id, "name": content.procurement.name },
        "reviewer": content.reviewer,
        "suppliers": content.suppliers.iter().map(|s| serde_json::json!({
            "org_nr": s.org_nr,
            "name": s.name,
            "requirements": s.requirements.iter().map(|r| serde_json::json!({
                "id": r.result.id,
                "proposed": r.result.proposed,
                "reason": r.result.reason,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// `reviewer list --json`'s shape (spec/review.md).
pub fn reviewers_json(reviewers: &[ReviewerRow]) -> serde_json::Value {
    serde_json::json!({
        "reviewers": reviewers.iter().map(|r| serde_json::json!({
            "name": r.name,
            "region": r.region,
            "assigned": r.assigned,
            "conflicts": r.conflicts.iter().map(|c| serde_json::json!({"org_nr": c.org_nr, "reason": c.reason})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

// ---- for the app ----

/// What the app shows of an opened package: its content without its keys, and the member's work
/// saved so far (restored from the sealed draft when the package is opened again).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct OpenedPackage {
    pub package_id: String,
    pub procurement: PackageProcurement,
    pub reviewer: String,
    pub created_at: String,
    pub four_eyes: bool,
    pub suppliers: Vec<SupplierDetail>,
    /// The member's assessments so far, in the order made.
    pub assessments: Vec<AssessmentInput>,
    /// When the work was last saved (sealed), if ever.
    pub saved_at: Option<String>,
}

/// The app's view of a package and the work on it.
pub fn opened_view(content: &PackageContent, assessments: &[AssessmentInput], saved_at: Option<String>) -> OpenedPackage {
    OpenedPackage {
        package_id: content.package_id.clone(),
        procurement: content.procurement.clone(),
        reviewer: content.reviewer.clone(),
        created_at: content.created_at.clone(),
        four_eyes: content.four_eyes,
        suppliers: content.suppliers.clone(),
        assessments: assessments.to_vec(),
        saved_at,
    }
}

/// Opens a package file with its passphrase and restores the work saved on it from the data
/// folder. Nothing is written; no database is opened.
pub fn open_package_file(data_dir: &Path, path: &Path, passphrase: &str) -> Result<(PackageContent, Option<Draft>)> {
    let bytes = std::fs::read(path).map_err(|e| super::error::io("Granskningspaketet kan inte läsas:", path, e))?;
    let content = open_package(&bytes, passphrase)?;
    let draft = load_draft(data_dir, &content)?;
    Ok((content, draft))
}

/// Records one assessment in the member's list: it replaces an earlier one of the same
/// requirement of the same supplier (kept in its place), else it is added at the end.
pub fn put_assessment(list: &mut Vec<AssessmentInput>, a: AssessmentInput) {
    match list.iter_mut().find(|x| x.org_nr == a.org_nr && x.requirement == a.requirement) {
        Some(x) => *x = a,
        None => list.push(a),
    }
}

/// Takes an assessment out of the member's list; true if there was one.
pub fn remove_assessment(list: &mut Vec<AssessmentInput>, org_nr: &str, requirement: &str) -> bool {
    let before = list.len();
    list.retain(|x| !(x.org_nr == org_nr && x.requirement == requirement));
    list.len() != before
}

/// A name for a file: letters and digits kept (å, ä, ö too), the rest one dash, lower case.
fn file_slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The file extension of a review package, and of a response.
pub const PACKAGE_EXTENSION: &str = "anbudpaket";
pub const RESPONSE_EXTENSION: &str = "anbudsvar";

/// The suggested file name of a member's package.
pub fn package_file_name(procurement_id: &str, reviewer: &str) -> String {
    format!("granskningspaket-{}-{}.{PACKAGE_EXTENSION}", file_slug(procurement_id), file_slug(reviewer))
}

/// The suggested file name of a member's response.
pub fn response_file_name(content: &PackageContent) -> String {
    format!("granskningssvar-{}-{}.{RESPONSE_EXTENSION}", file_slug(&content.procurement.id), file_slug(&content.reviewer))
}

/// A package written to a file, for the coordinator's screen: the passphrase is shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct PackageWritten {
    pub path: String,
    pub reviewer: String,
    #[ts(type = "number")]
    pub suppliers: usize,
    pub passphrase: String,
}

/// Exports a member's package (with a generated passphrase) and writes it to `path` through a
/// temporary file.
pub fn export_package_to(store: &mut Store, procurement_id: &str, name: &str, path: &Path, now: &str) -> Result<PackageWritten> {
    let out = export_package(store, procurement_id, name, None, now)?;
    envelope::write_atomically(path, &out.bytes).map_err(|e| super::error::io("Granskningspaketet kan inte sparas i", path, e))?;
    Ok(PackageWritten {
        path: path.display().to_string(),
        reviewer: out.reviewer,
        suppliers: out.suppliers,
        passphrase: out.passphrase,
    })
}

/// Writes the member's response to `path` (checked whole first: nothing is written while the
/// assessments have problems).
pub fn respond_to(content: &PackageContent, assessments: &[AssessmentInput], path: &Path, now: &str) -> Result<String> {
    let bytes = respond(content, assessments, now)?;
    envelope::write_atomically(path, &bytes).map_err(|e| super::error::io("Svaret kan inte sparas i", path, e))?;
    Ok(path.display().to_string())
}

/// What merging one response file did: merged (how many assessments), merged before, or refused
/// with its code and the Swedish reason (nothing of it stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct MergeLine {
    pub file: String,
    pub merged: Option<Merged>,
    pub code: Option<crate::model::error_code::ErrorCode>,
    pub refused: Option<String>,
}

/// Merges response files one by one, each whole or not at all; one refused does not stop the
/// others.
pub fn merge_response_files(store: &mut Store, procurement_id: &str, paths: &[PathBuf], now: &str) -> Vec<MergeLine> {
    paths
        .iter()
        .map(|path| {
            let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string());
            let result = std::fs::read(path)
                .map_err(|e| super::error::io("Svaret kan inte läsas:", path, e))
                .and_then(|bytes| merge_response(store, procurement_id, &bytes, now));
            match result {
                Ok(m) => MergeLine { file, merged: Some(m), code: None, refused: None },
                Err(e) => MergeLine { file, merged: None, code: Some(e.code()), refused: Some(e.to_string()) },
            }
        })
        .collect()
}

/// The files in `dir` with the extension given, sorted by name (the end-to-end tests' stand-in
/// for the Open dialog).
pub fn files_with_extension(dir: &Path, extension: &str) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| super::error::io("Mappen kan inte läsas:", dir, e))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == extension))
        .collect();
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod app_tests {
    use super::*;

    fn a(org: &str, req: &str, outcome: Outcome) -> AssessmentInput {
        AssessmentInput {
            org_nr: org.into(),
            requirement: req.into(),
            outcome,
            justification: String::new(),
            comment: String::new(),
        }
    }

    #[test]
    fn an_assessment_replaces_the_earlier_one_of_the_same_requirement() {
        let mut list = vec![];
        put_assessment(&mut list, a("1", "x", Outcome::Pass));
        put_assessment(&mut list, a("1", "y", Outcome::Pass));
        put_assessment(&mut list, a("1", "x", Outcome::Fail));
        assert_eq!(list, vec![a("1", "x", Outcome::Fail), a("1", "y", Outcome::Pass)]);
        assert!(remove_assessment(&mut list, "1", "x"));
        assert!(!remove_assessment(&mut list, "1", "x"));
        assert_eq!(list, vec![a("1", "y", Outcome::Pass)]);
    }

    #[test]
    fn file_names_are_plain() {
        assert_eq!(
            package_file_name("DEMO-2026-001", "Eva Ek (Region Dalarna)"),
            "granskningspaket-demo-2026-001-eva-ek-region-dalarna.anbudpaket"
        );
        assert_eq!(file_slug("  Åsa Öberg "), "åsa-öberg");
    }
}
