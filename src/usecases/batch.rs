//! Application services: the use cases that the command line and the desktop app share. Each
//! reads files and the store at its edges and calls the pure core in between, so the two front
//! ends stay one line deep.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::intake::import::{
    conflict_message, replaced_message, settle_read_bids, settled_message, CellError, ReadBid, SettledBids, WorkbookReader,
};
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
    /// For an ESPD response: the mapping report (what was read, what is carried over to which
    /// requirement, what is not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub espd: Option<crate::espd::MappingReport>,
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
    let imported = import_batch(store.as_deref_mut(), procurement, definition_toml, paths, now, progress)?;
    evaluate_imported(store.as_deref(), procurement, imported)
}

/// What the import of a batch leaves for its evaluation: the batch so far (files, rejected), the
/// bids that stand, and their proposals without overrides (computed on the reader thread).
struct ImportedBatch {
    batch: Batch,
    kept: Vec<ReadBid>,
    proposals: std::collections::HashMap<String, SupplierEvaluation>,
    /// The open conflicts the kept bids are flagged by (with a store).
    in_conflict: Vec<crate::usecases::evaluation::OpenConflict>,
}

/// The import half of [`import_and_evaluate`]: every workbook read whole and stored in its own
/// transaction, bids from the same organisation number settled.
fn import_batch(
    mut store: Option<&mut Store>,
    procurement: &Procurement,
    definition_toml: &str,
    paths: &[PathBuf],
    now: &str,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> Result<ImportedBatch, StoreError> {
    if let Some(s) = store.as_deref_mut() {
        crate::usecases::evaluation::save_definition(s, procurement, definition_toml, now)?;
    }
    let mut batch = Batch::default();
    let mut read: Vec<(ReadBid, SupplierEvaluation)> = Vec::new();
    // ESPD responses (.xml) are read first, each whole and within its limits, and paired with the
    // workbook of the same organisation number as that is read (spec/espd.md).
    let (espd_paths, paths): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.iter().cloned().partition(|p| crate::usecases::espd::is_espd_path(p));
    let paths = paths.as_slice();
    let espd = crate::usecases::espd::read_espd_batch(procurement, &espd_paths);
    let espd_ref = &espd;
    // Reading and checking a workbook (calamine) and storing the previous one (SQLite) overlap:
    // one reader thread, in file order, a small bounded queue, one transaction per workbook.
    std::thread::scope(|scope| -> Result<(), StoreError> {
        type Read = Result<(ReadBid, SupplierEvaluation), crate::intake::import::Rejection>;
        let (tx, rx) = std::sync::mpsc::sync_channel::<(String, Read)>(4);
        scope.spawn(move || {
            let mut reader = WorkbookReader::new(procurement);
            let espd = espd_ref;
            for path in paths {
                let label = path.to_string_lossy().to_string();
                // The proposals without overrides: what the store records for a new bid.
                let result = reader.read_file(path, &label).map(|mut r| {
                    if let Some(f) = espd.by_org.get(&r.bid.org_nr.to_string()) {
                        r.bid.espd = Some(f.answers.clone());
                        r.espd_bytes = Some(f.bytes.clone());
                    }
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
                Ok((mut r, mut proposals)) => {
                    if let Some(s) = store.as_deref_mut() {
                        let imported = s.import_bid(procurement, &r, &proposals, now)?;
                        if matches!(imported, Imported::Unchanged { .. }) && r.bid.espd.is_some() {
                            // The same workbook, stored earlier: it stands as stored, with the ESPD
                            // it was stored with (or none); this batch's ESPD is reported as not read.
                            if let Some(stored) = s.bid_with_sha(&procurement.id, &r.sha256)? {
                                if stored.bid.espd != r.bid.espd {
                                    r.bid = stored.bid;
                                    r.espd_bytes = None;
                                    proposals = evaluate(procurement, &r.bid, &[]);
                                }
                            }
                        }
                        batch.files.push(file_result(&label, &imported));
                    } else {
                        batch.files.push(FileResult {
                            file: label.clone(),
                            result: "imported".into(),
                            message: "Inläst.".into(),
                            errors: vec![],
                            espd: None,
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
                        espd: None,
                    });
                    batch.rejected.push(rejection);
                }
            }
        }
        Ok(())
    })?;
    espd_results(store.as_deref_mut(), procurement, espd, &read, now, &mut batch)?;
    progress(paths.len(), paths.len(), "");
    let mut proposals: std::collections::HashMap<String, SupplierEvaluation> = std::collections::HashMap::new();
    let read: Vec<ReadBid> = read
        .into_iter()
        .map(|(r, e)| {
            proposals.insert(r.sha256.clone(), e);
            r
        })
        .collect();
    let SettledBids { mut kept, rejected: mut duplicates, ambiguous, .. } = settle_read_bids(read);
    // With a store, bids in conflict are not simply set aside: see `conflicts_in_batch`.
    let mut in_conflict = Vec::new();
    if let Some(s) = store.as_deref() {
        in_conflict = conflicts_in_batch(s, procurement, paths, ambiguous, &mut kept, &mut duplicates)?;
    }
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
    Ok(ImportedBatch { batch, kept, proposals, in_conflict })
}

/// The evaluation half of [`import_and_evaluate`]: each bid that stands, with the overrides the
/// store holds for it now (a decision reads them inside its transaction).
fn evaluate_imported(store: Option<&Store>, procurement: &Procurement, imported: ImportedBatch) -> Result<Batch, StoreError> {
    let effective;
    let procurement = match store {
        Some(s) => {
            effective = crate::usecases::evaluation::in_force(s, procurement)?;
            &effective
        }
        None => procurement,
    };
    let ImportedBatch { mut batch, kept, mut proposals, in_conflict } = imported;
    for r in kept {
        let overrides = match store {
            Some(s) => match s.bid_by_sha(&procurement.id, &r.sha256)? {
                Some(id) => s.judgements(id)?,
                None => vec![],
            },
            None => vec![],
        };
        let mut evaluation = if overrides.is_empty() {
            // Evaluated already, without overrides, on the reader thread.
            proposals.remove(&r.sha256).unwrap_or_else(|| evaluate(procurement, &r.bid, &[]))
        } else {
            evaluate(procurement, &r.bid, &overrides)
        };
        if let Some(c) = in_conflict.iter().find(|c| c.bids.iter().any(|b| b.sha256 == r.sha256)) {
            crate::usecases::evaluation::flag(&mut evaluation, c)?;
        }
        batch.suppliers.push(evaluation);
        batch.sha256.push(r.sha256);
    }
    Ok(batch)
}

/// With a store, the bids of the batch that are in conflict (several of one organisation number
/// with the same latest date) as the store has them: where a person settled the conflict, the bid
/// chosen is evaluated and the others are replaced; where it is open, the earliest received is
/// evaluated (and flagged, see [`crate::rules::conflict`]) and the others are listed as in
/// conflict. A bid of the batch alone in its organisation number that the store has in conflict
/// with an earlier one is flagged too. Returns the open conflicts to flag the kept bids by.
fn conflicts_in_batch(
    store: &Store,
    procurement: &Procurement,
    paths: &[PathBuf],
    ambiguous: Vec<ReadBid>,
    kept: &mut Vec<ReadBid>,
    duplicates: &mut Vec<Rejection>,
) -> Result<Vec<crate::usecases::evaluation::OpenConflict>, StoreError> {
    let conflicts = crate::usecases::evaluation::open_conflicts(store, &procurement.id)?;
    if ambiguous.is_empty() {
        return Ok(conflicts);
    }
    let settlements = store.conflict_settlements(&procurement.id)?;
    let mut groups: std::collections::BTreeMap<String, Vec<(ReadBid, crate::store::StoredBid)>> = std::collections::BTreeMap::new();
    for r in ambiguous {
        if let Some(stored) = store.bid_with_sha(&procurement.id, &r.sha256)? {
            groups.entry(r.bid.org_nr.to_string()).or_default().push((r, stored));
        }
    }
    let mut added = false;
    for group in groups.into_values() {
        let chosen = group.iter().position(|(_, b)| b.state == "active").or_else(|| {
            group.iter().enumerate().filter(|(_, (_, b))| b.state == "ambiguous").min_by_key(|(_, (_, b))| b.id).map(|(i, _)| i)
        });
        // Neither settled nor in conflict in the store (a later bid replaced them all): as without a store.
        let Some(chosen) = chosen else { continue };
        let (chosen_bid, chosen_stored) = &group[chosen];
        for (r, b) in &group {
            let Some(d) = duplicates.iter_mut().find(|d| d.file == r.bid.file && d.kind == Some(RejectionKind::Ambiguous)) else {
                continue;
            };
            if b.id == chosen_stored.id {
                // Evaluated: not a rejection (removed below).
                d.kind = None;
                continue;
            }
            let (name, org_nr, date) = (&r.bid.name, r.bid.org_nr.to_string(), r.bid.bid_date);
            let message = if chosen_stored.state == "active" {
                d.kind = Some(RejectionKind::Replaced);
                match settlements
                    .iter()
                    .rev()
                    .find(|s| s.kept_bid_id == chosen_stored.id && s.set_aside.iter().any(|x| x.bid_id == b.id))
                {
                    Some(s) => settled_message(name, &org_nr, date, &s.kept_file, &s.decided_by, &s.justification),
                    None => replaced_message(name, &org_nr, date, Some((&chosen_bid.bid.file, chosen_bid.bid.bid_date))),
                }
            } else {
                conflict_message(name, &org_nr, date, &chosen_bid.bid.file)
            };
            d.errors = vec![CellError::file(message)];
        }
        kept.push(chosen_bid.clone());
        added = true;
    }
    duplicates.retain(|d| d.kind.is_some());
    if added {
        let order = |r: &ReadBid| paths.iter().position(|p| p.to_string_lossy() == r.bid.file.as_str()).unwrap_or(usize::MAX);
        kept.sort_by_key(order);
    }
    Ok(conflicts)
}

/// The ESPD files of a batch, after its workbooks: each paired one with the workbook it went
/// with; each unpaired or refused one a rejected file with the reason (recorded with a store).
fn espd_results(
    mut store: Option<&mut Store>,
    procurement: &Procurement,
    espd: crate::usecases::espd::EspdBatch,
    read: &[(ReadBid, SupplierEvaluation)],
    now: &str,
    batch: &mut Batch,
) -> Result<(), StoreError> {
    let mut rejected = espd.rejected;
    let mut paired: Vec<(String, FileResult)> = Vec::new();
    for (org, f) in espd.by_org {
        match read.iter().find(|(r, _)| r.bid.org_nr.to_string() == org) {
            Some((r, _)) if r.bid.espd.as_ref().map(|e| &e.sha256) != Some(&f.answers.sha256) => {
                let message = format!(
                    "Anbudsfilen {} ({}, {org}) är redan inläst {}; ett ESPD-svar läses in tillsammans med anbudsfilen första gången den läses in.",
                    file_name(&r.bid.file),
                    r.bid.name,
                    match &r.bid.espd {
                        Some(e) => format!("med ESPD-svaret {}", e.file),
                        None => "utan ESPD-svar".to_string(),
                    }
                );
                let mut rejection = crate::usecases::espd::unpaired(&f);
                rejection.errors = vec![crate::model::rejection::CellError::file(message)];
                rejected.push((rejection, Some(f.report.clone())));
            }
            Some((r, _)) => paired.push((
                f.label.clone(),
                FileResult {
                    file: f.label.clone(),
                    result: "espd".into(),
                    message: format!("ESPD-svar till {} ({}, {org}).", file_name(&r.bid.file), r.bid.name),
                    errors: vec![],
                    espd: Some(f.report.clone()),
                },
            )),
            None => rejected.push((crate::usecases::espd::unpaired(&f), Some(f.report.clone()))),
        }
    }
    paired.sort_by(|a, b| a.0.cmp(&b.0));
    batch.files.extend(paired.into_iter().map(|(_, f)| f));
    for (rejection, report) in rejected {
        if let Some(s) = store.as_deref_mut() {
            s.record_rejection(&procurement.id, &rejection, now)?;
        }
        batch.files.push(FileResult {
            file: rejection.file.clone(),
            result: "rejected".into(),
            message: "Avvisad: ESPD-svaret läses inte in.".into(),
            errors: rejection.errors.clone(),
            espd: report,
        });
        batch.rejected.push(rejection);
    }
    Ok(())
}

fn file_result(file: &str, imported: &Imported) -> FileResult {
    let (result, message) = match imported {
        Imported::New { .. } => ("imported", "Inläst.".to_string()),
        Imported::Replacing { replaced, .. } => ("imported", format!("Inläst; ersätter {}.", replaced.join(", "))),
        Imported::Superseded { by, .. } => ("replaced", format!("Inläst men ersatt av det senare anbudet {by}.")),
        Imported::Ambiguous { with, .. } => (
            "ambiguous",
            format!(
                "I konflikt: samma organisationsnummer och anbudsdatum som {}; leverantören behöver granskas tills en person har avgjort vilket anbud som gäller.",
                with.join(", ")
            ),
        ),
        Imported::Unchanged { .. } => ("unchanged", "Samma fil är redan inläst.".to_string()),
    };
    FileResult {
        file: file.to_string(),
        result: result.to_string(),
        message,
        errors: vec![],
        espd: None,
    }
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
    /// What the database holds no longer agrees with itself (a stored decision whose data does
    /// not give its fingerprint): a refusal, like a file altered after it was written.
    #[error("{0}")]
    Altered(String),
    /// An argument that cannot be used (a fingerprint that is not one).
    #[error("{0}")]
    Invalid(String),
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
            ServiceError::Altered(_) => ErrorCode::FileAltered,
            ServiceError::Invalid(_) => ErrorCode::InvalidInput,
        }
    }
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

fn is_false(b: &bool) -> bool {
    !*b
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
    /// The latest of the working group's assessments the decision saw (0: none; absent in
    /// decisions stored before assessments were kept, when there were none).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub last_assessment_id: i64,
    /// Whether four eyes was in force (the definition's `[review] four_eyes` and a working group
    /// registered); absent when it was not.
    #[serde(default, skip_serializing_if = "is_false")]
    pub four_eyes: bool,
    /// The engine's version the decision was evaluated with (`None` in decisions stored before
    /// it was kept): a later version that evaluates differently reports it as such, never as
    /// tampering.
    #[serde(default)]
    pub engine_version: Option<String>,
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

/// The longest name a decision's document gets in a folder (the record in the app's folder, every
/// notice), `.pdf` included.
pub const MAX_FILE_NAME: usize = 100;

/// Text made fit to be part of a file name: lower case ASCII letters, digits and single hyphens,
/// never one first or last; å and ä become a, ö o, other accented letters their base letter, and
/// anything else (a space, a slash, a dot, a backslash) a hyphen; cut to at most `max`
/// characters. So a dnr such as "RS 2026/12" or "../x", or a supplier's name, can neither make a
/// folder nor leave the one chosen.
pub fn file_name_part(text: &str, max: usize) -> String {
    let mut out = String::new();
    for c in text.to_lowercase().chars() {
        let c = match c {
            'å' | 'ä' | 'à' | 'á' | 'â' | 'ã' | 'æ' => 'a',
            'ö' | 'ø' | 'ò' | 'ó' | 'ô' | 'õ' | 'œ' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ù' | 'ú' | 'û' => 'u',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ç' => 'c',
            'ñ' => 'n',
            'ý' | 'ÿ' => 'y',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if c == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(c);
    }
    out.truncate(max); // ASCII only: every index is a character boundary
    out.trim_end_matches('-').to_string()
}

/// The dnr as part of a file name (at most `max` characters; "upphandling" when nothing of it is
/// left).
fn dnr_part(dnr: &str, max: usize) -> String {
    Some(file_name_part(dnr, max)).filter(|d| !d.is_empty()).unwrap_or_else(|| "upphandling".to_string())
}

/// The record's file name in a folder: `kvalificeringsbeslut-<dnr>-nr<N>-<date>.pdf`, at most
/// [`MAX_FILE_NAME`] characters (the dnr is cut to fit).
pub fn record_file_name(dnr: &str, number: u32, date: chrono::NaiveDate) -> String {
    let tail = format!("-nr{number}-{date}.pdf");
    let head = "kvalificeringsbeslut-";
    format!("{head}{}{tail}", dnr_part(dnr, MAX_FILE_NAME - head.len() - tail.len()))
}

/// A notice's file name: `underrattelse-<dnr>-nr<N>-<orgnr>-<name>.pdf`, at most
/// [`MAX_FILE_NAME`] characters (the dnr cut to 30, the name to what is left), different from
/// every name in `taken` (a suffix -2, -3 … where two would be the same), which it joins.
pub fn notice_file_name(
    dnr: &str,
    number: u32,
    org_nr: Option<&str>,
    name: &str,
    taken: &mut std::collections::BTreeSet<String>,
) -> String {
    let org =
        Some(file_name_part(org_nr.unwrap_or_default(), 20)).filter(|o| !o.is_empty()).unwrap_or_else(|| "utan-orgnr".to_string());
    let head = format!("underrattelse-{}-nr{number}-{org}", dnr_part(dnr, 30));
    for n in 1.. {
        let suffix = if n == 1 { String::new() } else { format!("-{n}") };
        let room = MAX_FILE_NAME.saturating_sub(head.len() + 1 + suffix.len() + ".pdf".len());
        let name = file_name_part(name, room);
        let file = if name.is_empty() { format!("{head}{suffix}.pdf") } else { format!("{head}-{name}{suffix}.pdf") };
        if taken.insert(file.clone()) {
            return file;
        }
    }
    unreachable!("a free name is found")
}

/// Test hook for the kill tests (tests/decision_kill.rs): sleeps ANBUD_TEST_PAUSE_IN_DECIDE_MS
/// milliseconds inside the decision's transaction (after the outcomes are read, and after the
/// decision is stored, before the commit) and before each document is written. No effect when
/// unset; documented for users in docs/environment.md.
fn test_pause_in_decide() {
    if let Some(ms) = std::env::var("ANBUD_TEST_PAUSE_IN_DECIDE_MS").ok().and_then(|ms| ms.parse::<u64>().ok()) {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// Writes files so that each is under its name whole or not at all, with one flush to disk for
/// all of them instead of two per file: every file is written to a temporary name in its folder, the file system is flushed once (`syncfs` on Linux; each file elsewhere), then
/// each is renamed into place and each folder flushed once. A killed process leaves each file
/// whole or not there (at most hidden `.<name>.<pid>.tmp` files beside them).
fn write_all_whole(files: &[(PathBuf, Vec<u8>)]) -> Result<(), ServiceError> {
    use std::io::Write;
    let io = |what: String, e: std::io::Error| ServiceError::Io(format!("{what}: {}", crate::support::sv::io_error(&e)));
    let mut staged: Vec<(PathBuf, &Path)> = Vec::with_capacity(files.len());
    let cleanup = |staged: &[(PathBuf, &Path)]| {
        for (tmp, _) in staged {
            let _ = std::fs::remove_file(tmp);
        }
    };
    let mut dirs: std::collections::BTreeSet<PathBuf> = std::collections::BTreeSet::new();
    for (path, bytes) in files {
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if dirs.insert(dir.to_path_buf()) {
            if let Err(e) = std::fs::create_dir_all(dir) {
                cleanup(&staged);
                return Err(io(format!("kan inte skapa {}", dir.display()), e));
            }
        }
        let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let short: String = name.chars().take(MAX_FILE_NAME).collect(); // a name given by -o may be long
        let tmp = dir.join(format!(".{short}.{}.tmp", std::process::id()));
        let written = std::fs::File::create(&tmp).and_then(|mut f| {
            f.write_all(bytes)?;
            // Without syncfs each file is flushed on its own.
            if !cfg!(target_os = "linux") {
                f.sync_all()?;
            }
            Ok(())
        });
        staged.push((tmp, path.as_path()));
        if let Err(e) = written {
            cleanup(&staged);
            return Err(io(format!("kan inte skriva {}", path.display()), e));
        }
    }
    #[cfg(target_os = "linux")]
    for dir in &dirs {
        // One flush of the file system holding the folder: every staged file's data is on disk
        // before any is renamed into place.
        let flushed = std::fs::File::open(dir).and_then(|d| {
            use std::os::fd::AsRawFd;
            // SAFETY: syncfs takes an open file descriptor, which `d` holds for the call.
            match unsafe { libc::syncfs(d.as_raw_fd()) } {
                0 => Ok(()),
                _ => Err(std::io::Error::last_os_error()),
            }
        });
        if let Err(e) = flushed {
            cleanup(&staged);
            return Err(io(format!("kan inte skriva till disken i {}", dir.display()), e));
        }
    }
    for (i, (tmp, path)) in staged.iter().enumerate() {
        test_pause_in_decide();
        if let Err(e) = std::fs::rename(tmp, path) {
            cleanup(&staged[i..]);
            return Err(io(format!("kan inte skriva {}", path.display()), e));
        }
    }
    #[cfg(unix)]
    for dir in &dirs {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// Takes a decision: in one `BEGIN IMMEDIATE` transaction ([`Store::immediate`], synchronous=FULL)
/// `read` reads the outcomes and gives the decision and what it was taken on; its basis is taken
/// from the journal, it is numbered, and stored (or found already stored). After the commit the
/// record (to `record_path`, or by [`record_file_name`] in `notices_dir`) and the notices (in
/// `notices_dir`, by [`notice_file_name`]) are rendered and each written whole
/// ([`write_all_whole`]). A process killed before the commit leaves no decision and no document; one
/// killed after it leaves the decision stored, and its documents each whole or not yet there:
/// taking the same decision again writes them, byte for byte the same.
fn finish_decision(
    store: &mut Store,
    read: impl FnOnce(&mut Store) -> Result<(Decision, DecisionInputs), ServiceError>,
    record_path: Option<&Path>,
    notices_dir: Option<&Path>,
    now: &str,
) -> Result<DecisionOutput, ServiceError> {
    let (decision, decision_id, same_as_stored) = store.immediate(|store| -> Result<_, ServiceError> {
        let (mut decision, inputs) = read(store)?;
        test_pause_in_decide();
        decision.basis = Some(crate::usecases::audit::decision_basis(
            store,
            &decision.procurement_id,
            &inputs.definition_toml,
            inputs.last_override_id,
        )?);
        decision.amendments = crate::usecases::audit::amendments(store, &decision.procurement_id)?;
        decision.conflicts_of_interest = crate::usecases::audit::conflicts(store, &decision)?;
        let existing = number_decision(store, &mut decision)?;
        let decision_id = match existing {
            Some(id) => id,
            None => {
                let inputs_json = serde_json::to_string(&inputs).expect("inputs serialize");
                store.save_decision(&decision, &inputs_json, now)?
            }
        };
        test_pause_in_decide();
        Ok((decision, decision_id, existing.is_some()))
    })?;
    let fingerprint = decision.fingerprint();
    let (record, notices) = write_documents(&decision, &fingerprint, record_path, notices_dir)?;
    Ok(DecisionOutput {
        decision_id,
        number: decision.number,
        supersedes: decision.supersedes.as_ref().map(|p| p.number),
        same_as_stored,
        fingerprint,
        record,
        notices,
        standstill_end: decision.standstill_end,
    })
}

/// Renders a decision's record (to `record_path`, or by [`record_file_name`] in `notices_dir`)
/// and, when a folder is given, its notices (by [`notice_file_name`]), and writes each whole
/// ([`write_all_whole`]). The documents depend on the decision and its fingerprint alone: the same
/// decision gives the same bytes, when it is taken and whenever it is printed again from the
/// store (`usecases::archive`).
pub(crate) fn write_documents(
    decision: &Decision,
    fingerprint: &str,
    record_path: Option<&Path>,
    notices_dir: Option<&Path>,
) -> Result<(PathBuf, Vec<PathBuf>), ServiceError> {
    let record_path = match (record_path, notices_dir) {
        (Some(p), _) => p.to_path_buf(),
        (None, Some(dir)) => dir.join(record_file_name(&decision.procurement_id, decision.number, decision.decision_date)),
        (None, None) => return Err(ServiceError::Io("ange en fil för beslutet eller en mapp för handlingarna".into())),
    };
    // The names first, in order (a name is never given twice), then every document rendered,
    // on as many threads as there are cores: the bytes do not depend on which thread made them.
    enum Doc<'a> {
        Record,
        Notice(&'a crate::records::decision::SupplierOutcome),
        Unevaluated(crate::records::decision::UnevaluatedBidder),
    }
    let mut jobs: Vec<(PathBuf, Doc<'_>)> = vec![(record_path.clone(), Doc::Record)];
    if let Some(dir) = notices_dir {
        let mut taken = std::collections::BTreeSet::new();
        if let Some(name) = record_path.file_name().filter(|_| record_path.parent() == Some(dir)) {
            taken.insert(name.to_string_lossy().to_string());
        }
        for s in &decision.suppliers {
            jobs.push((
                dir.join(notice_file_name(&decision.procurement_id, decision.number, Some(&s.org_nr), &s.name, &mut taken)),
                Doc::Notice(s),
            ));
        }
        // Bidders whose workbooks could not be evaluated are told too, and why.
        for b in decision.unevaluated_bidders() {
            let path = dir.join(notice_file_name(&decision.procurement_id, decision.number, b.org_nr.as_deref(), &b.name, &mut taken));
            jobs.push((path, Doc::Unevaluated(b)));
        }
    }
    let rendered = parallel_map(&jobs, |(path, doc)| {
        use crate::records::record::{notice_document, record_document, unevaluated_notice_document};
        let document = match doc {
            Doc::Record => record_document(decision, fingerprint),
            Doc::Notice(s) => notice_document(decision, fingerprint, s),
            Doc::Unevaluated(b) => unevaluated_notice_document(decision, fingerprint, b),
        };
        crate::records::pdf::render(&document).map(|bytes| (path.clone(), bytes))
    })
    .into_iter()
    .collect::<Result<Vec<_>, _>>()?;
    write_all_whole(&rendered)?;
    Ok((record_path, rendered.into_iter().skip(1).map(|(p, _)| p).collect()))
}

/// `f` over `items` on as many threads as there are cores (at most one a chunk), in order.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let f = &f;
    std::thread::scope(|scope| {
        let parts: Vec<_> =
            items.chunks(items.len().div_ceil(threads)).map(|c| scope.spawn(move || c.iter().map(f).collect::<Vec<R>>())).collect();
        parts.into_iter().flat_map(|part| part.join().expect("a rendering thread does not panic")).collect()
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
        decision.basis = stored.basis;
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
            // What it rests on is not compared: the journal has grown by the decision itself.
            let mut d = d.clone();
            d.number = s.number;
            d.supersedes = s.supersedes.clone();
            d.basis = s.basis.clone();
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
    // Each workbook is stored in its own transaction (synchronous=NORMAL, for speed); the
    // overrides and everything else the decision rests on are read in its own.
    let imported = import_batch(Some(&mut *store), procurement, definition_toml, paths, now, &mut |_, _, _| {})?;
    let read = |store: &mut Store| -> Result<(Decision, DecisionInputs), ServiceError> {
        let batch = evaluate_imported(Some(&*store), procurement, imported)?;
        let decision = build_decision(procurement, &batch.suppliers, &batch.rejected, input)?;
        let inputs = DecisionInputs {
            definition_toml: definition_toml.to_string(),
            bid_sha256: batch.sha256.clone(),
            bid_files: batch.suppliers.iter().map(|e| file_name(&e.file).to_string()).collect(),
            not_evaluated: batch.rejected.clone(),
            input: input.clone(),
            last_override_id: store.last_override_id()?,
            last_assessment_id: store.last_assessment_id()?,
            four_eyes: crate::usecases::evaluation::in_force(store, procurement)?.review.four_eyes,
            engine_version: Some(crate::store::ENGINE_VERSION.to_string()),
        };
        Ok((decision, inputs))
    };
    finish_decision(store, read, Some(record_path), notices_dir, now)
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
/// `kvalificeringsbeslut-<dnr>-nr<N>-<date>.pdf` and one notice per supplier
/// (`underrattelse-<dnr>-nr<N>-<orgnr>-<name>.pdf`).
pub fn decide(
    store: &mut Store,
    procurement_id: &str,
    input: &DecisionInput,
    out_dir: &Path,
    now: &str,
) -> Result<DecisionOutput, ServiceError> {
    let read = |store: &mut Store| -> Result<(Decision, DecisionInputs), ServiceError> {
        let (p, toml) = store.procurement(procurement_id)?.ok_or_else(|| StoreError::NoProcurement(procurement_id.to_string()))?;
        let stored = crate::usecases::evaluation::evaluate_all(store, &p)?;
        let bids = store.bids(procurement_id, false)?;
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
            last_assessment_id: store.last_assessment_id()?,
            four_eyes: crate::usecases::evaluation::in_force(store, &p)?.review.four_eyes,
            engine_version: Some(crate::store::ENGINE_VERSION.to_string()),
        };
        Ok((decision, inputs))
    };
    finish_decision(store, read, None, Some(out_dir), now)
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
    /// Where the decision was evaluated with another engine version than this program's and the
    /// recomputed fingerprint differs: said plainly, not counted as tampering (what was stored is
    /// the evidence; the stored data, the journal and a printed copy are still checked).
    pub engine_note: Option<String>,
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
        let mut p = Procurement::from_toml(&inputs.definition_toml).map_err(|e| e.to_string())?;
        p.review.four_eyes = inputs.four_eyes;
        let mut evaluations = Vec::new();
        for (i, sha) in inputs.bid_sha256.iter().enumerate() {
            let mut b = store
                .bid_with_sha(procurement_id, sha)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("anbudet med kontrollsumman {sha} saknas i databasen"))?;
            if let Some(name) = inputs.bid_files.get(i) {
                b.bid.file = name.clone();
            }
            let overrides =
                store.judgements_up_to(b.id, inputs.last_override_id, inputs.last_assessment_id).map_err(|e| e.to_string())?;
            evaluations.push(evaluate(&p, &b.bid, &overrides));
        }
        let mut decision = build_decision(&p, &evaluations, &inputs.not_evaluated, &inputs.input).map_err(|e| e.to_string())?;
        decision.number = u32::try_from(d.number).map_err(|_| format!("beslutsnummer {}", d.number))?;
        decision.supersedes = prior.as_ref().map(prior_of).transpose().map_err(|e| e.to_string())?;
        // What it rests on, recomputed from the journal, the kept files and the override history
        // (decisions taken before the journal was kept have none).
        if canonical.as_ref().is_some_and(|c| c.basis.is_some()) {
            decision.basis = Some(crate::usecases::audit::recompute_basis(
                store,
                d.id,
                procurement_id,
                &inputs.definition_toml,
                inputs.last_override_id,
            )?);
            decision.amendments = crate::usecases::audit::recompute_amendments(store, d.id, procurement_id)?;
            decision.conflicts_of_interest = crate::usecases::audit::recompute_conflicts(store, d.id, &decision)?;
        }
        Ok(decision.fingerprint())
    };
    let (recomputed, problem) = match recompute() {
        Ok(f) => (Some(f), None),
        Err(p) => (None, Some(p)),
    };
    // A printed fingerprint may be typed in its groups ("f2e79db5 1c0c80f2 …").
    let given = given.map(|g| g.split_whitespace().collect::<String>().to_lowercase());
    let decided_with = serde_json::from_str::<DecisionInputs>(&d.inputs_json).ok().and_then(|i| i.engine_version);
    let engine_note = match (&decided_with, &recomputed) {
        (Some(v), Some(r)) if v != crate::store::ENGINE_VERSION && *r != d.sha256 => Some(format!(
            "beslutet prövades med version {v} av Anbud och räknades nu om med version {}; att den omräknade kontrollsumman skiljer sig beror på att prövningen ändrats mellan versionerna, inte på att databasen ändrats",
            crate::store::ENGINE_VERSION
        )),
        _ => None,
    };
    let ok = of_canonical == d.sha256
        && (recomputed.as_deref() == Some(d.sha256.as_str()) || (engine_note.is_some() && recomputed.is_some()))
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
        engine_note,
        given,
        problems,
        ok,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date() -> chrono::NaiveDate {
        "2026-12-21".parse().unwrap()
    }

    #[test]
    fn a_file_name_part_is_lower_case_ascii_letters_digits_and_single_hyphens() {
        assert_eq!(file_name_part("RS 2026/12", 100), "rs-2026-12");
        assert_eq!(file_name_part("../x", 100), "x");
        assert_eq!(file_name_part("..\\..\\Windows", 100), "windows");
        assert_eq!(file_name_part("Vårdkraft Bemanning AB", 100), "vardkraft-bemanning-ab");
        assert_eq!(file_name_part("Läkarhuset Öst / Väst", 100), "lakarhuset-ost-vast");
        assert_eq!(file_name_part("Café Ørsted & Søn", 100), "cafe-orsted-son");
        assert_eq!(file_name_part("DEMO-2026-001", 100), "demo-2026-001");
        assert_eq!(file_name_part("  --//--  ", 100), "");
        // Cut, never ending in a hyphen.
        assert_eq!(file_name_part("abc def", 4), "abc");
    }

    #[test]
    fn the_records_name_carries_the_dnr_the_number_and_the_date_and_stays_in_its_folder() {
        assert_eq!(record_file_name("DEMO-2026-001", 1, date()), "kvalificeringsbeslut-demo-2026-001-nr1-2026-12-21.pdf");
        assert_eq!(record_file_name("RS 2026/12", 2, date()), "kvalificeringsbeslut-rs-2026-12-nr2-2026-12-21.pdf");
        assert_eq!(record_file_name("../x", 3, date()), "kvalificeringsbeslut-x-nr3-2026-12-21.pdf");
        assert_eq!(record_file_name("/", 1, date()), "kvalificeringsbeslut-upphandling-nr1-2026-12-21.pdf");
        let long = record_file_name(&"Region Östergötland dnr 2026/1234 ".repeat(10), 12345, date());
        assert_eq!(long.len(), MAX_FILE_NAME, "{long}");
        assert!(long.ends_with("-nr12345-2026-12-21.pdf"), "{long}");
    }

    #[test]
    fn a_notices_name_carries_the_dnr_the_number_and_the_bidder_and_is_never_taken_twice() {
        let mut taken = std::collections::BTreeSet::new();
        let a = notice_file_name("RS 2026/12", 2, Some("556012-5790"), "Vårdkraft Bemanning AB", &mut taken);
        assert_eq!(a, "underrattelse-rs-2026-12-nr2-556012-5790-vardkraft-bemanning-ab.pdf");
        let b = notice_file_name("../x", 1, None, "../../etc/passwd", &mut taken);
        assert_eq!(b, "underrattelse-x-nr1-utan-orgnr-etc-passwd.pdf");
        // Two bidders without an organisation number whose long names agree as far as they fit.
        let name = "Bemanningsföretaget med det mycket långa namnet i Norrland och Svealand AB";
        let c = notice_file_name("DEMO-2026-001", 1, None, &format!("{name} (Umeå)"), &mut taken);
        let d = notice_file_name("DEMO-2026-001", 1, None, &format!("{name} (Luleå)"), &mut taken);
        assert_ne!(c, d);
        for n in [&a, &b, &c, &d] {
            assert!(n.len() <= MAX_FILE_NAME, "{n}");
            assert!(n.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.'), "{n}");
            assert!(n.ends_with(".pdf") && !n.contains(".."), "{n}");
        }
        assert!(d.ends_with("-2.pdf"), "{d}");
        let long = notice_file_name(&"x".repeat(200), 7, Some("556012-5790"), name, &mut taken);
        assert!(long.len() <= MAX_FILE_NAME && long.contains("-nr7-556012-5790-bemanning"), "{long}");
    }
}
