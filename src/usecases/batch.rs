//! Application services: the use cases that the command line and the desktop app share. Each
//! reads files and the store at its edges and calls the pure core in between, so the two front
//! ends stay one line deep.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::intake::import::{import_file, settle_duplicates, ReadBid};
use crate::model::bid::file_name;
use crate::model::evaluation::SupplierEvaluation;
use crate::model::procurement::Procurement;
use crate::model::rejection::{Rejection, RejectionKind};
use crate::rules::evaluate;
use crate::store::{Imported, Store, StoreError};

/// What happened to one file of an import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct FileResult {
    pub file: String,
    /// imported, replaced, superseded, ambiguous, unchanged or rejected.
    pub result: String,
    pub message: String,
    pub errors: Vec<crate::intake::import::CellError>,
}

/// The result of importing and evaluating a batch of workbooks.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    /// The suppliers evaluated, one per organisation number, in the order given.
    pub suppliers: Vec<SupplierEvaluation>,
    /// Workbooks not evaluated: unreadable, replaced or ambiguous.
    pub rejected: Vec<Rejection>,
    /// Per file, what the import did.
    pub files: Vec<FileResult>,
    /// SHA-256 of each evaluated supplier's file, aligned with `suppliers`.
    pub sha256: Vec<String>,
}

/// Reads every workbook whole, stores each valid one in its own transaction (when a store is
/// given), settles bids from the same organisation number, and evaluates the bids that stand
/// with the overrides people recorded for exactly those bids.
pub fn import_and_evaluate(
    mut store: Option<&mut Store>,
    procurement: &Procurement,
    definition_toml: &str,
    paths: &[PathBuf],
    now: &str,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> Result<Batch, StoreError> {
    if let Some(s) = store.as_deref_mut() {
        crate::usecases::evaluation::save_definition(s, procurement, definition_toml, now)?;
    }
    let mut batch = Batch::default();
    let mut read: Vec<(ReadBid, SupplierEvaluation)> = Vec::new();
    // Reading and checking a workbook (calamine) and storing the previous one (SQLite) overlap:
    // one reader thread, in file order, a small bounded queue, one transaction per workbook.
    std::thread::scope(|scope| -> Result<(), StoreError> {
        type Read = Result<(ReadBid, SupplierEvaluation), crate::intake::import::Rejection>;
        let (tx, rx) = std::sync::mpsc::sync_channel::<(String, Read)>(4);
        scope.spawn(move || {
            for path in paths {
                let label = path.to_string_lossy().to_string();
                // The proposals without overrides: what the store records for a new bid.
                let result = import_file(path, &label, procurement).map(|r| {
                    let e = evaluate(procurement, &r.bid, &[]);
                    (r, e)
                });
                if tx.send((label, result)).is_err() {
                    break; // the receiver stopped (a store error)
                }
            }
        });
        for (i, (label, result)) in rx.into_iter().enumerate() {
            progress(i, paths.len(), &label);
            match result {
                Ok((r, proposals)) => {
                    if let Some(s) = store.as_deref_mut() {
                        let imported = s.import_bid(procurement, &r, &proposals, now)?;
                        batch.files.push(file_result(&label, &imported));
                    } else {
                        batch.files.push(FileResult {
                            file: label.clone(),
                            result: "imported".into(),
                            message: "Inläst.".into(),
                            errors: vec![],
                        });
                    }
                    read.push((r, proposals));
                }
                Err(rejection) => {
                    if let Some(s) = store.as_deref_mut() {
                        s.record_rejection(&procurement.id, &rejection, now)?;
                    }
                    batch.files.push(FileResult {
                        file: label.clone(),
                        result: "rejected".into(),
                        message: format!("Avvisad: {} fel.", rejection.errors.len()),
                        errors: rejection.errors.clone(),
                    });
                    batch.rejected.push(rejection);
                }
            }
        }
        Ok(())
    })?;
    progress(paths.len(), paths.len(), "");
    let mut proposals: std::collections::HashMap<String, SupplierEvaluation> = std::collections::HashMap::new();
    let read: Vec<ReadBid> = read
        .into_iter()
        .map(|(r, e)| {
            proposals.insert(r.sha256.clone(), e);
            r
        })
        .collect();
    let (kept, duplicates, _) = settle_duplicates(read);
    for d in &duplicates {
        if let Some(f) = batch.files.iter_mut().find(|f| f.file == d.file) {
            f.result = match d.kind() {
                RejectionKind::Replaced => "replaced".into(),
                _ => "ambiguous".into(),
            };
            f.message = d.errors[0].message.clone();
        }
    }
    batch.rejected.extend(duplicates);
    for r in kept {
        let overrides = match store.as_deref() {
            Some(s) => match s.bid_by_sha(&procurement.id, &r.sha256)? {
                Some(id) => s.overrides(id)?,
                None => vec![],
            },
            None => vec![],
        };
        let evaluation = if overrides.is_empty() {
            // Evaluated already, without overrides, on the reader thread.
            proposals.remove(&r.sha256).unwrap_or_else(|| evaluate(procurement, &r.bid, &[]))
        } else {
            evaluate(procurement, &r.bid, &overrides)
        };
        batch.suppliers.push(evaluation);
        batch.sha256.push(r.sha256);
    }
    Ok(batch)
}

fn file_result(file: &str, imported: &Imported) -> FileResult {
    let (result, message) = match imported {
        Imported::New { .. } => ("imported", "Inläst.".to_string()),
        Imported::Replacing { replaced, .. } => ("imported", format!("Inläst; ersätter {}.", replaced.join(", "))),
        Imported::Superseded { by, .. } => ("replaced", format!("Inläst men ersatt av det senare anbudet {by}.")),
        Imported::Ambiguous { with, .. } => (
            "ambiguous",
            format!("Tvetydigt: samma organisationsnummer och anbudsdatum som {}; inget av dem prövas.", with.join(", ")),
        ),
        Imported::Unchanged { .. } => ("unchanged", "Samma fil är redan inläst.".to_string()),
    };
    FileResult { file: file.to_string(), result: result.to_string(), message, errors: vec![] }
}

/// The current time as ISO 8601 (seconds, local offset) — for records of when people acted.
/// Only the front ends call this; the core's evaluation never reads a clock.
pub fn now_iso() -> String {
    chrono::Local::now().format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// Loads a definition file and returns it with its text.
pub fn load_definition(path: &Path) -> Result<(Procurement, String), crate::definition::parse::DefinitionError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| crate::definition::DefinitionError::Io(format!("{}: {}", path.display(), crate::support::sv::io_error(&e))))?;
    let p = Procurement::from_toml(&text)?;
    Ok((p, text))
}

// ---- decisions ----

use crate::intake::import::Rejection as NotEvaluated;
use crate::model::error_code::ErrorCode;
use crate::records::decision::{build_decision, Decision, DecisionError, DecisionInput, PriorDecision};
use crate::store::StoredDecision;

/// An error of a use case, with a stable code for machines and Swedish text for people.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Decision(#[from] DecisionError),
    #[error(transparent)]
    Definition(#[from] crate::definition::parse::DefinitionError),
    #[error("PDF kan inte skapas: {0}")]
    Pdf(#[from] crate::records::pdf::PdfError),
    #[error("{0}")]
    Io(String),
    #[error("{0}")]
    NotFound(String),
}

impl ServiceError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ServiceError::Store(e) => e.code(),
            ServiceError::Decision(e) => e.code(),
            ServiceError::Definition(e) => e.code(),
            ServiceError::Pdf(e) => e.code(),
            ServiceError::Io(_) => ErrorCode::Io,
            ServiceError::NotFound(_) => ErrorCode::NotFound,
        }
    }
}

/// What a decision was taken on, stored beside it so its fingerprint can be recomputed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionInputs {
    pub definition_toml: String,
    pub bid_sha256: Vec<String>,
    /// The file name each bid was decided under, aligned with `bid_sha256` (the same file may
    /// have been stored under another name first). Empty in decisions stored before it was kept:
    /// then the stored bid's own file name is used.
    #[serde(default)]
    pub bid_files: Vec<String>,
    pub not_evaluated: Vec<NotEvaluated>,
    pub input: DecisionInput,
    pub last_override_id: i64,
}

/// The files a decision wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct DecisionOutput {
    pub decision_id: i64,
    /// The decision's number within the procurement (Beslut nr N).
    pub number: u32,
    /// The number of the decision this one superseded, when it was re-taken.
    pub supersedes: Option<u32>,
    /// True when the very same decision was already stored (same data, same number): nothing new
    /// was stored and the documents were written again, byte for byte the same.
    pub same_as_stored: bool,
    pub fingerprint: String,
    pub record: PathBuf,
    pub notices: Vec<PathBuf>,
    #[ts(type = "string")]
    pub standstill_end: chrono::NaiveDate,
}

/// A file name made of a supplier's name and organisation number.
fn notice_file_name(org_nr: &str, name: &str) -> String {
    let slug: String = name
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            'é' => 'e',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        })
        .collect();
    let slug = slug.split('-').filter(|s| !s.is_empty()).collect::<Vec<_>>().join("-");
    format!("underrattelse-{org_nr}-{slug}.pdf")
}

/// Renders the record and (optionally) the notices, writes them, stores the decision.
#[allow(clippy::too_many_arguments)]
fn finish_decision(
    store: &mut Store,
    decision: Decision,
    inputs: DecisionInputs,
    record_path: &Path,
    notices_dir: Option<&Path>,
    now: &str,
) -> Result<DecisionOutput, ServiceError> {
    let mut decision = decision;
    let existing = number_decision(store, &mut decision)?;
    let same_as_stored = existing.is_some();
    let fingerprint = decision.fingerprint();
    let record = crate::records::pdf::render(&crate::records::record::record_document(&decision, &fingerprint))?;
    let mut notices = Vec::new();
    let mut rendered = Vec::new();
    if let Some(dir) = notices_dir {
        for s in &decision.suppliers {
            let bytes = crate::records::pdf::render(&crate::records::record::notice_document(&decision, &fingerprint, s))?;
            rendered.push((dir.join(notice_file_name(&s.org_nr, &s.name)), bytes));
        }
        // Bidders whose workbooks could not be evaluated are told too, and why.
        for b in decision.unevaluated_bidders() {
            let bytes =
                crate::records::pdf::render(&crate::records::record::unevaluated_notice_document(&decision, &fingerprint, &b))?;
            let org = b.org_nr.clone().unwrap_or_else(|| "utan-orgnr".to_string());
            rendered.push((dir.join(notice_file_name(&org, &b.name)), bytes));
        }
    }
    let write = |path: &Path, bytes: &[u8]| {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| ServiceError::Io(format!("kan inte skapa {}: {}", parent.display(), crate::support::sv::io_error(&e))))?;
        }
        std::fs::write(path, bytes)
            .map_err(|e| ServiceError::Io(format!("kan inte skriva {}: {}", path.display(), crate::support::sv::io_error(&e))))
    };
    write(record_path, &record)?;
    for (path, bytes) in &rendered {
        write(path, bytes)?;
        notices.push(path.clone());
    }
    let decision_id = match existing {
        Some(id) => id,
        None => {
            let inputs_json = serde_json::to_string(&inputs).expect("inputs serialize");
            store.save_decision(&decision, &inputs_json, now)?
        }
    };
    Ok(DecisionOutput {
        decision_id,
        number: decision.number,
        supersedes: decision.supersedes.as_ref().map(|p| p.number),
        same_as_stored,
        fingerprint,
        record: record_path.to_path_buf(),
        notices,
        standstill_end: decision.standstill_end,
    })
}

/// Gives a decision its number and the decision it replaces: the next number, superseding the
/// one in force; or, when it states exactly what the one in force states, that one's number (and
/// its id is returned: nothing new is to be stored).
fn number_decision(store: &Store, decision: &mut Decision) -> Result<Option<i64>, ServiceError> {
    let latest = store.decision(&decision.procurement_id, None)?;
    if let Some(l) = latest.as_ref().filter(|l| is_same_decision(l, decision)) {
        // The very same decision again (e.g. the bids given by another path).
        let stored: Decision = serde_json::from_str(&l.canonical_json).expect("compared just now");
        decision.number = stored.number;
        decision.supersedes = stored.supersedes;
        return Ok(Some(l.id));
    }
    decision.number = u32::try_from(store.next_decision_number(&decision.procurement_id)?)
        .map_err(|_| StoreError::Corrupt("beslutsnummer".into()))?;
    decision.supersedes = latest.as_ref().map(prior_of).transpose()?;
    Ok(None)
}

/// Whether `d` (not yet numbered) states exactly what the stored decision states.
fn is_same_decision(stored: &StoredDecision, d: &Decision) -> bool {
    match serde_json::from_str::<Decision>(&stored.canonical_json) {
        Ok(s) => {
            let mut d = d.clone();
            d.number = s.number;
            d.supersedes = s.supersedes.clone();
            d == s
        }
        Err(_) => false,
    }
}

/// A stored decision as the one a re-taken decision replaces.
fn prior_of(d: &StoredDecision) -> Result<PriorDecision, ServiceError> {
    Ok(PriorDecision {
        number: u32::try_from(d.number).map_err(|_| StoreError::Corrupt(format!("beslutsnummer {}", d.number)))?,
        date: d.decision_date.parse().map_err(|_| StoreError::Corrupt(format!("beslutsdatum {}", d.decision_date)))?,
        fingerprint: d.sha256.clone(),
    })
}

/// `anbud decision`: imports and evaluates the given workbooks, refuses while any supplier needs
/// review, writes the record (and the notices when a folder is given) and stores the decision.
#[allow(clippy::too_many_arguments)]
pub fn decide_batch(
    store: &mut Store,
    procurement: &Procurement,
    definition_toml: &str,
    paths: &[PathBuf],
    input: &DecisionInput,
    record_path: &Path,
    notices_dir: Option<&Path>,
    now: &str,
) -> Result<DecisionOutput, ServiceError> {
    // An unusable input is refused before anything is imported.
    input.check(procurement)?;
    let batch = import_and_evaluate(Some(&mut *store), procurement, definition_toml, paths, now, &mut |_, _, _| {})?;
    let decision = build_decision(procurement, &batch.suppliers, &batch.rejected, input)?;
    let inputs = DecisionInputs {
        definition_toml: definition_toml.to_string(),
        bid_sha256: batch.sha256.clone(),
        bid_files: batch.suppliers.iter().map(|e| file_name(&e.file).to_string()).collect(),
        not_evaluated: batch.rejected.clone(),
        input: input.clone(),
        last_override_id: store.last_override_id()?,
    };
    finish_decision(store, decision, inputs, record_path, notices_dir, now)
}

/// The decision as it would be taken now on the bids in the store (the app's preview): the
/// refusal with the open reviews, or the decision data, numbered as it would be stored.
pub fn decision_preview(store: &mut Store, procurement_id: &str, input: &DecisionInput) -> Result<Decision, ServiceError> {
    let (p, _) = store.procurement(procurement_id)?.ok_or_else(|| StoreError::NoProcurement(procurement_id.to_string()))?;
    let evaluations: Vec<SupplierEvaluation> =
        crate::usecases::evaluation::evaluate_all(store, &p)?.into_iter().map(|(_, e)| e).collect();
    let not_evaluated = crate::usecases::evaluation::not_evaluated(store, procurement_id)?;
    let mut decision = build_decision(&p, &evaluations, &not_evaluated, input)?;
    number_decision(store, &mut decision)?;
    Ok(decision)
}

/// The app's decision: on the bids in force in the store, written to a folder as
/// `kvalificeringsbeslut-<dnr>-<date>.pdf` and one notice per supplier.
pub fn decide(
    store: &mut Store,
    procurement_id: &str,
    input: &DecisionInput,
    out_dir: &Path,
    now: &str,
) -> Result<DecisionOutput, ServiceError> {
    let (p, toml) = store.procurement(procurement_id)?.ok_or_else(|| StoreError::NoProcurement(procurement_id.to_string()))?;
    let stored = crate::usecases::evaluation::evaluate_all(store, &p)?;
    let bids = store.bids(procurement_id, true)?;
    let sha: Vec<String> =
        stored.iter().map(|(id, _)| bids.iter().find(|b| b.id == *id).map(|b| b.sha256.clone()).unwrap_or_default()).collect();
    let evaluations: Vec<SupplierEvaluation> = stored.into_iter().map(|(_, e)| e).collect();
    let not_evaluated = crate::usecases::evaluation::not_evaluated(store, procurement_id)?;
    let decision = build_decision(&p, &evaluations, &not_evaluated, input)?;
    let inputs = DecisionInputs {
        definition_toml: toml,
        bid_sha256: sha,
        bid_files: evaluations.iter().map(|e| file_name(&e.file).to_string()).collect(),
        not_evaluated,
        input: input.clone(),
        last_override_id: store.last_override_id()?,
    };
    let record = out_dir.join(format!("kvalificeringsbeslut-{}-{}.pdf", p.id, input.date));
    finish_decision(store, decision, inputs, &record, Some(out_dir), now)
}

/// What `anbud verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct VerifyReport {
    pub decision_id: i64,
    /// The decision's number within the procurement.
    pub number: i64,
    pub decision_date: String,
    /// The number of the decision that superseded it, if it was re-taken.
    pub superseded_by: Option<i64>,
    /// The fingerprint stored with the decision (and printed in its record).
    pub stored: String,
    /// SHA-256 of the stored canonical data.
    pub of_canonical: String,
    /// The fingerprint recomputed from the stored bids, overrides and definition.
    pub recomputed: Option<String>,
    /// Why it could not be recomputed.
    pub problem: Option<String>,
    /// The fingerprint given (from a printed copy), if any.
    pub given: Option<String>,
    /// Where the database disagrees with itself: the decision's columns against its canonical
    /// data, and the copies the store keeps beside each bid against the bid as read
    /// ([`Store::integrity_problems`]). Empty when all agree.
    pub problems: Vec<String>,
    pub ok: bool,
}

/// Where a stored decision's own columns disagree with its canonical data.
fn decision_column_problems(d: &StoredDecision, canonical: &Decision) -> Vec<String> {
    let role = canonical.role.clone().unwrap_or_default();
    let stored_role = d.role.clone().unwrap_or_default();
    let number = canonical.number.to_string();
    let stored_number = d.number.to_string();
    let checks = [
        ("procurement_id", d.procurement_id.as_str(), canonical.procurement_id.clone()),
        ("number", stored_number.as_str(), number),
        ("decision_date", d.decision_date.as_str(), canonical.decision_date.to_string()),
        ("decided_by", d.decided_by.as_str(), canonical.decided_by.clone()),
        ("role", stored_role.as_str(), role),
        ("sent_date", d.sent_date.as_str(), canonical.sent.to_string()),
        ("standstill_end", d.standstill_end.as_str(), canonical.standstill_end.to_string()),
    ];
    checks
        .into_iter()
        .filter(|(_, stored, expected)| *stored != expected.as_str())
        .map(|(column, stored, expected)| {
            format!("kolumnen decision.{column} (\"{stored}\") stämmer inte med beslutsunderlaget (\"{expected}\")")
        })
        .collect()
}

/// Recomputes a stored decision's fingerprint from the store and compares: the decision with
/// the given number, or the latest (the one in force).
pub fn verify(store: &Store, procurement_id: &str, number: Option<i64>, given: Option<&str>) -> Result<VerifyReport, ServiceError> {
    let d = store.decision(procurement_id, number)?.ok_or_else(|| {
        ServiceError::NotFound(match number {
            Some(n) => format!("upphandlingen {procurement_id} har inget lagrat beslut nr {n}"),
            None => format!("inget lagrat beslut för upphandlingen {procurement_id}"),
        })
    })?;
    let prior = store.superseded_by_decision(d.id)?;
    let mut problems = Vec::new();
    let canonical = match serde_json::from_str::<Decision>(&d.canonical_json) {
        Ok(c) => {
            problems.extend(decision_column_problems(&d, &c));
            Some(c)
        }
        Err(e) => {
            problems.push(format!("beslutsunderlaget (decision.canonical_json) kan inte läsas: {e}"));
            None
        }
    };
    problems.extend(store.integrity_problems(procurement_id)?);
    if let Some((p, _)) = store.procurement(procurement_id)? {
        problems.extend(crate::usecases::evaluation::outcome_problems(store, &p)?);
    }
    let of_canonical = crate::records::decision::fingerprint_of(&d.canonical_json);
    let recompute = || -> Result<String, String> {
        let inputs: DecisionInputs =
            serde_json::from_str(&d.inputs_json).map_err(|e| format!("beslutets underlag kan inte läsas: {e}"))?;
        let p = Procurement::from_toml(&inputs.definition_toml).map_err(|e| e.to_string())?;
        let mut evaluations = Vec::new();
        for (i, sha) in inputs.bid_sha256.iter().enumerate() {
            let mut b = store
                .bid_with_sha(procurement_id, sha)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("anbudet med kontrollsumman {sha} saknas i databasen"))?;
            if let Some(name) = inputs.bid_files.get(i) {
                b.bid.file = name.clone();
            }
            let overrides = store.overrides_up_to(b.id, inputs.last_override_id).map_err(|e| e.to_string())?;
            evaluations.push(evaluate(&p, &b.bid, &overrides));
        }
        let mut decision = build_decision(&p, &evaluations, &inputs.not_evaluated, &inputs.input).map_err(|e| e.to_string())?;
        decision.number = u32::try_from(d.number).map_err(|_| format!("beslutsnummer {}", d.number))?;
        decision.supersedes = prior.as_ref().map(prior_of).transpose().map_err(|e| e.to_string())?;
        Ok(decision.fingerprint())
    };
    let (recomputed, problem) = match recompute() {
        Ok(f) => (Some(f), None),
        Err(p) => (None, Some(p)),
    };
    // A printed fingerprint may be typed in its groups ("f2e79db5 1c0c80f2 …").
    let given = given.map(|g| g.split_whitespace().collect::<String>().to_lowercase());
    let ok = of_canonical == d.sha256
        && recomputed.as_deref() == Some(d.sha256.as_str())
        && given.as_deref().is_none_or(|g| g == d.sha256)
        && problems.is_empty();
    Ok(VerifyReport {
        decision_id: d.id,
        // What the decision data says, not the columns beside it.
        number: canonical.as_ref().map_or(d.number, |c| c.number as i64),
        decision_date: canonical.as_ref().map_or(d.decision_date.clone(), |c| c.decision_date.to_string()),
        superseded_by: d.superseded_by,
        stored: d.sha256,
        of_canonical,
        recomputed,
        problem,
        given,
        problems,
        ok,
    })
}
